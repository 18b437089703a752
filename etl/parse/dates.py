"""Dates as written in meeting reports: 11月26日, 7日上午, 2022年3月19日晚, 十一月五日.

Only absolute dates are read (not 昨天/近日). A date followed by 讯 or 电 belongs to a
dateline, which dates the report rather than the meeting, but can supply the month a
meeting date leaves out (湖南日报3月19日讯 … 19日上午 → 3月19日).
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


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    text: str
    year: int | None
    month: int | None
    day: int
    time_of_day: str | None
    dateline: bool  # followed by 讯/电: the report's date


@cache
def _date_regex() -> re.Pattern[str]:
    tod = lexicon.alternation(lexicon.words("time_of_day"))
    return re.compile(
        rf"(?:(?P<y>{_YEAR})年)?(?:(?P<m>{_NUM})月)?(?P<d>{_NUM})日(?P<tod>{tod})?(?P<after>[讯电])?"
    )


def find_dates(text: str, span: Span) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _date_regex().finditer(text, span.start, span.end):
        day = cn_to_int(m.group("d"))
        month = cn_to_int(m.group("m")) if m.group("m") else None
        year = cn_to_int(m.group("y")) if m.group("y") else None
        if day is None or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
            continue
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        end = m.end("tod") if m.group("tod") else m.end("d") + 1
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


def pick_meeting_date(text: str, sentence: Span, anchor: int) -> DateMention | None:
    """The date of the meeting held at `anchor` (the hold verb) in `sentence`: the last
    non-dateline date before it, else the first after it."""
    dates = [d for d in find_dates(text, sentence) if not d.dateline]
    before = [d for d in dates if d.span.end <= anchor]
    if before:
        return before[-1]
    after = [d for d in dates if d.span.start >= anchor]
    return after[0] if after else None
