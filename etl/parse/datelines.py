"""Publication datelines: the full date a page prints for its article (2021-02-10 08:30,
2021年02月10日, 发布时间:2022-03-21, 日期:2021/8/2, 新华社北京2021年8月3日电).

They are the evidence for a meeting's year and settle 昨天/今天. A page may print other
full dates too: the time it was rendered or scraped (a header clock years later), dates
inside a URL or file name. Those are told apart by the meeting's own month and day: a
publication date follows the meeting within weeks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from etl.parse import lexicon
from etl.parse.dates import find_dates
from etl.parse.layout import Line
from etl.spans import Span

# A report may come out weeks after a meeting it recounts; never a year later.
MAX_GAP_DAYS = 62
_LINE_MAX = 120
_SENTENCE_MARKS = re.compile(r"[,。;!?,;!?]")
_FULL = re.compile(
    r"(?<![0-9A-Za-z/_.=\-])(?P<y>(?:19|20)\d{2})"
    r"(?:(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![0-9A-Za-z/_]|\.[0-9A-Za-z])"
    r"|[ \u3000]?年[ \u3000]?(?P<m2>\d{1,2})[ \u3000]?月[ \u3000]?(?P<d2>\d{1,2})[ \u3000]?日)"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    span: Span
    text: str
    date: dt.date
    cued: bool  # labelled (发布时间:, 来源: …) or a 讯/电 dateline


@cache
def _cue_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("dateline_cues")))


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_datelines(text: str, lines: list[Line]) -> list[Dateline]:
    """Full dates standing in short lines that are not sentences, and 讯/电 datelines
    that carry a year, in text order."""
    out: list[Dateline] = []
    for line in lines:
        body = line.span.of(text)
        cued = _cue_regex().search(body) is not None
        if len(body) <= _LINE_MAX and not _SENTENCE_MARKS.search(body):
            for m in _FULL.finditer(text, line.span.start, line.span.end):
                month, day = m.group("m") or m.group("m2"), m.group("d") or m.group("d2")
                date = _date(int(m.group("y")), int(month), int(day))
                if date is not None:
                    out.append(Dateline(Span(m.start(), m.end()), m.group(0), date, cued))
        for d in find_dates(text, line.span):
            if d.dateline and d.year is not None and d.month is not None:
                date = _date(d.year, d.month, d.day)
                if date is not None:
                    out.append(Dateline(d.span, d.text, date, True))
    out.sort(key=lambda d: d.span.start)
    return out


def gap_days(dateline: dt.date, month: int, day: int | None) -> int | None:
    """Days from a meeting on `month`/`day` (the latest such day not after the dateline)
    to the dateline; None when no such day exists (29 February)."""
    for year in (dateline.year, dateline.year - 1, dateline.year - 4):
        held = _date(year, month, day or 1)
        if held is not None and held <= dateline:
            return (dateline - held).days
    return None


def pick_dateline(datelines: list[Dateline], month: int | None, day: int | None) -> Dateline | None:
    """The publication date of a meeting on `month`/`day`: the dateline that follows it
    most closely (within MAX_GAP_DAYS); without a month, the first labelled one, else
    the earliest (a render or scrape date comes later than the article)."""
    if not datelines:
        return None
    if month is not None:
        near = [(g, not d.cued, d.span.start, d) for d in datelines
                if (g := gap_days(d.date, month, day)) is not None and g <= MAX_GAP_DAYS]
        return min(near, key=lambda t: t[:3])[3] if near else None
    return min(datelines, key=lambda d: (not d.cued, d.date, d.span.start))


def year_of(dateline: Dateline, month: int | None, day: int | None, days_back: int = 0) -> int:
    """Year of a meeting on `month`/`day` (or `days_back` days before publication) that
    the dateline reports: its own year, or the one before for a late-December meeting
    reported in January."""
    if month is None:
        return (dateline.date - dt.timedelta(days=days_back)).year
    gap = gap_days(dateline.date, month, day)
    return (dateline.date - dt.timedelta(days=gap)).year if gap is not None else dateline.date.year
