"""Dates as written in meeting reports: 11月26日, 7日上午, 2022年3月19日晚, 十一月五日.

Absolute dates are read by `find_dates` (spaces left inside by scraping are allowed:
3 月 13 日). A date followed by 讯 or 电 belongs to a dateline, which dates the report
rather than the meeting, but can supply the month a meeting date leaves out
(湖南日报3月19日讯 … 19日上午 → 3月19日). Dates relative to the day of publication
(昨天晚上, 今天上午) are read by `find_relative`; only a publication date settles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.parse import lexicon
from etl.parse.text import cn_to_int
from etl.spans import Span

_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"\d{4}|[零〇一二三四五六七八九]{4}"
_GAP = r"[ \u3000]?"  # a stray space left by scraping (3 月 13 日)


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    text: str
    year: int | None
    month: int | None
    day: int
    time_of_day: str | None
    dateline: bool  # followed by 讯/电: the report's date


@dataclass(frozen=True, slots=True)
class RelativeDate:
    span: Span
    text: str
    days_back: int  # 今天 0, 昨天 1, 前天 2
    time_of_day: str | None


@cache
def _tod() -> str:
    return lexicon.alternation(lexicon.words("time_of_day"))


@cache
def _date_regex() -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?P<y>{_YEAR}){_GAP}年{_GAP})?(?:(?P<m>{_NUM}){_GAP}月{_GAP})?(?P<d>{_NUM}){_GAP}日"
        rf"(?:{_GAP}(?P<tod>{_tod()}))?(?P<after>[讯电])?"
    )


@cache
def relative_days() -> dict[str, int]:
    """Relative day word → days before the publication date (relative_days.tsv)."""
    return {row[0]: int(row[1]) for row in lexicon.table("relative_days")}


@cache
def _relative_regex() -> re.Pattern[str]:
    words = lexicon.alternation(tuple(relative_days()))
    # the word must open a time phrase (昨天晚上, 今天上午,), not a name (今日头条)
    after = lexicon.alternation(lexicon.words("hold_verbs") + ("在", "由"))
    return re.compile(rf"(?P<w>{words})(?P<tod>{_tod()})?(?=[ ,,、\u3000\d]|{after})")


def find_dates(text: str, span: Span) -> list[DateMention]:
    out: list[DateMention] = []
    if text.find("日", span.start, span.end) < 0:
        return out  # every date ends in 日
    for m in _date_regex().finditer(text, span.start, span.end):
        day = cn_to_int(m.group("d"))
        month = cn_to_int(m.group("m")) if m.group("m") else None
        year = cn_to_int(m.group("y")) if m.group("y") else None
        if day is None or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
            continue
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        end = m.end("tod") if m.group("tod") else text.index("日", m.end("d")) + 1
        out.append(
            DateMention(
                span=Span(m.start(), end),
                text=text[m.start() : end],
                year=year,
                month=month,
                day=day,
                time_of_day=m.group("tod"),
                dateline=m.group("after") is not None,
            )
        )
    return out


def find_relative(text: str, span: Span) -> list[RelativeDate]:
    out: list[RelativeDate] = []
    for m in _relative_regex().finditer(text, span.start, span.end):
        tod = m.group("tod")
        out.append(RelativeDate(Span(m.start(), m.end()), m.group(0), relative_days()[m.group("w")], tod))
    return out


def pick_meeting_date(text: str, sentence: Span, anchor: int) -> DateMention | None:
    """The date of the meeting held at `anchor` (the hold verb) in `sentence`: the last
    non-dateline date before it, else the first after it."""
    dates = [d for d in find_dates(text, sentence) if not d.dateline]
    before = [d for d in dates if d.span.end <= anchor]
    if before:
        return before[-1]
    after = [d for d in dates if d.span.start >= anchor]
    return after[0] if after else None


def pick_relative(text: str, sentence: Span, anchor: int) -> RelativeDate | None:
    """A relative date (昨天晚上) before the hold verb of a sentence with no written date."""
    before = find_relative(text, Span(sentence.start, max(sentence.start, anchor)))
    return before[-1] if before else None
