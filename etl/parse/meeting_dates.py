"""The date of one meeting and the year it was held, with the evidence for the year.

Where the date comes from, in order: the lead sentence (before the hold verb); a relative
date there (昨天晚上: month and day stay unwritten, the publication date gives the year);
an earlier sentence that holds a meeting (随后召开的调度会 → the day of the one before);
the previous meeting; for a lead in a title line, the first body sentence holding a
meeting; a headline, caption or 讯 dateline. A missing month comes from a headline, a
dateline or the publication date. The year is the written one, else the publication
date's (never a guess against it), else the one the dated policy markers agree on.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.datelines import Dateline, find_datelines, pick_dateline, year_of
from etl.parse.dates import DateMention, RelativeDate, find_dates, pick_meeting_date, pick_relative
from etl.parse.layout import Line, line_sentences
from etl.parse.records import MeetingDate
from etl.spans import Span

_TITLE_LINE_END = re.compile(r"[。!?]$")
_LATER_LINES = 4  # body lines after a title-line lead searched for its dated sentence


@cache
def _meeting_cue() -> re.Pattern[str]:
    words = lexicon.words("hold_verbs") + lexicon.words("meeting_suffixes") + ("会议",)
    return re.compile(lexicon.alternation(words))


@cache
def _same_day_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("same_day_cues")))


@cache
def _hold_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("hold_verbs")))


def meeting_date(
    text: str, lines: list[Line], lead: Span | None, anchor: int | None, previous: MeetingDate | None
) -> MeetingDate:
    """The date of the meeting whose lead sentence is `lead` (hold verb at `anchor`);
    `previous` is the date of the meeting reported before it, if any."""
    at = anchor if anchor is not None else (lead.start if lead else 0)
    datelines = find_datelines(text, lines)
    context = _context_dates(text, lines)
    found = pick_meeting_date(text, lead, at) if lead else None
    if lead is not None and (found is None or found.span.start >= at):  # 昨天上午召开…3月10日前完成
        relative = pick_relative(text, lead, at)
        if relative is not None:
            return _relative(text, relative, datelines, context)
    if found is None and lead is not None:
        found = _earlier(text, lines, lead, at)
        if found is not None and previous is not None and previous.span == found.span:
            return previous
    if found is None and previous is not None:
        return previous
    if found is None and lead is not None:
        found = _later(text, lines, lead)
    if found is None:
        found = next((d for d in context if not d.dateline), None) or (context[0] if context else None)
    if found is None:
        return _undated(text, datelines)
    month = found.month if found.month is not None else _month_for(found.day, context, datelines)
    return _with_year(text, found, month, datelines)


def _context_dates(text: str, lines: list[Line]) -> list[DateMention]:
    """Dates in headlines, captions and datelines of the first body lines."""
    out: list[DateMention] = []
    body_seen = 0
    for line in lines:
        if line.kind == "body":
            body_seen += 1
            if body_seen > 2:
                continue
            out.extend(d for d in find_dates(text, line.span) if d.dateline)
        elif line.kind in ("headline", "caption"):
            out.extend(find_dates(text, line.span))
    return out


def _earlier(text: str, lines: list[Line], lead: Span, anchor: int) -> DateMention | None:
    """The last date written before `lead` ahead of a meeting in its sentence (a meeting
    held 随后, 会后 or 结束后 another is dated by it; not 会议指出,11月9日以来…), or in any
    earlier sentence of the lead's paragraph when the lead says the meeting followed at
    once (立即召开)."""
    at_once = _same_day_regex().search(text, lead.start, max(lead.start, anchor)) is not None
    for line in reversed([ln for ln in lines if ln.kind == "body" and ln.span.start < lead.start]):
        same_paragraph = line.span.end >= lead.end
        for sent in reversed([s for s in line_sentences(text, line) if s.end <= lead.start]):
            cue = _meeting_cue().search(text, sent.start, sent.end)
            limit = sent.end if at_once and same_paragraph else (cue.start() if cue else sent.start)
            dates = [d for d in find_dates(text, Span(sent.start, limit)) if not d.dateline]
            if dates:
                return dates[-1]
    return None


def _later(text: str, lines: list[Line], lead: Span) -> DateMention | None:
    """For a lead in a title line (no sentence end), the date of the first body
    sentence after it that holds a meeting (the article's own lead)."""
    if _TITLE_LINE_END.search(lead.of(text)):
        return None
    after = [ln for ln in lines if ln.kind == "body" and ln.span.start >= lead.end][:_LATER_LINES]
    for line in after:
        for sent in line_sentences(text, line):
            hold = _hold_regex().search(text, sent.start, sent.end)
            if hold is not None:
                found = pick_meeting_date(text, sent, hold.start())
                if found is not None:
                    return found
    return None


def _month_for(day: int, context: list[DateMention], datelines: list[Dateline]) -> int | None:
    """The month of a date written as a day only: a headline or dateline date of the same
    day, else the month of a dateline on or after that day, else of the publication date."""
    same_day = [d for d in context if d.month is not None and d.day == day]
    if same_day:
        return same_day[0].month
    later = [d for d in context if d.month is not None and d.dateline and d.day >= day]
    if later:
        return later[0].month
    pub = pick_dateline(datelines, None, None)
    if pub is None:
        return None
    return pub.date.month if day <= pub.date.day else (pub.date.month - 2) % 12 + 1


def _with_year(text: str, found: DateMention, month: int | None, datelines: list[Dateline]) -> MeetingDate:
    if found.year is not None:
        return MeetingDate(found.text, found.span, found.year, month, found.day, False, None, found.time_of_day)
    pub = pick_dateline(datelines, month, found.day) if month is not None else pick_dateline(datelines, None, None)
    year: int | None
    evidence: str | None
    if pub is not None:
        year, evidence = year_of(pub, month, found.day), f"dateline {pub.text}"
    else:
        year, evidence = _from_markers(text, month, datelines)
    return MeetingDate(found.text, found.span, year, month, found.day, year is not None, evidence, found.time_of_day)


def _relative(text: str, rel: RelativeDate, datelines: list[Dateline], context: list[DateMention]) -> MeetingDate:
    """昨天/今天: month and day are not written; the publication date gives the year (and
    the day, kept in the evidence)."""
    pub = pick_dateline(datelines, None, None)
    year: int | None
    evidence: str | None
    if pub is not None:
        held = pub.date - dt.timedelta(days=rel.days_back)
        year, evidence = held.year, f"dateline {pub.text}, {rel.text} = {held.isoformat()}"
    else:
        month = None
        for d in context:
            if d.dateline and d.month is not None:  # 2000 is a leap year: 2月29日讯 stays a date
                month = (dt.date(2000, d.month, d.day) - dt.timedelta(days=rel.days_back)).month
                break
        year, evidence = _from_markers(text, month, datelines)
    return MeetingDate(rel.text, rel.span, year, None, None, year is not None, evidence, rel.time_of_day)


def _undated(text: str, datelines: list[Dateline]) -> MeetingDate:
    """No date written anywhere: the year alone, from the publication date or markers."""
    pub = pick_dateline(datelines, None, None)
    if pub is not None:
        return MeetingDate(None, None, pub.date.year, None, None, True, f"dateline {pub.text}")
    year, evidence = _from_markers(text, None, datelines)
    return MeetingDate(None, None, year, None, None, year is not None, evidence)


def _from_markers(text: str, month: int | None, datelines: list[Dateline]) -> tuple[int | None, str | None]:
    """The year the dated markers agree on, unless a labelled dateline was printed
    before it (a meeting is not reported before it is held)."""
    year, markers = refs.infer_year(text, month)
    if year is not None and any(d.cued and d.date.year < year for d in datelines):
        return None, None
    return year, (", ".join(markers) if year is not None and markers else None)
