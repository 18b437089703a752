"""Attributes of one meeting read from its name and lead: date, format, session (level: see
`levels`)."""

from __future__ import annotations

import re

from etl.parse import lexicon, refs
from etl.parse.dates import DateMention, find_dates, pick_meeting_date
from etl.parse.layout import Line
from etl.parse.records import MeetingDate, MeetingFormat
from etl.parse.text import cn_to_int, sentences
from etl.spans import Span

_SESSION = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})次")
_FORM_SENTENCE = re.compile(r"形式|方式")
_CLAUSE_BREAK = re.compile(r"[,,;;:: ]+")


def meeting_date(
    text: str, lines: list[Line], lead: Span | None, anchor: int | None, previous: MeetingDate | None
) -> MeetingDate:
    """The date of a meeting: written in its lead sentence (the month filled from the
    dateline or a caption when only the day is written), else the previous meeting's."""
    found = pick_meeting_date(text, lead, anchor if anchor is not None else lead.start) if lead else None
    context = _context_dates(text, lines)
    if found is None:
        if previous is not None:
            return previous
        found = next((d for d in context if not d.dateline), None) or (context[0] if context else None)
    if found is None:
        return MeetingDate(None, None)
    month = found.month
    if month is None:
        same_day = [d for d in context if d.month is not None and d.day == found.day]
        earlier = [d for d in context if d.month is not None and d.dateline and d.day >= found.day]
        pick = same_day[0] if same_day else (earlier[0] if earlier else None)
        month = pick.month if pick else None
    return _with_year(text, found, month)


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


def _with_year(text: str, found: DateMention, month: int | None) -> MeetingDate:
    if found.year is not None:
        return MeetingDate(found.text, found.span, found.year, month, found.day, False, None, found.time_of_day)
    year, markers = refs.infer_year(text, month)
    return MeetingDate(
        found.text, found.span, year, month, found.day, year is not None,
        ", ".join(markers) if year is not None and markers else None, found.time_of_day,
    )


def meeting_format(
    text: str, name: str, lead: Span | None, stretch: Span, relay: list[Span], anchor: int | None = None
) -> MeetingFormat | None:
    """From a sentence saying how the meeting was held (会议以视频形式召开, which outranks
    the name), then the name, then the comma clause of the lead holding the meeting at
    `anchor` (without relayed meetings' names, nor other clauses: 在全省视频会后,我县召开…会)."""
    pieces = []
    for sent in sentences(text, stretch):
        if _FORM_SENTENCE.search(sent.of(text)) and any(v in sent.of(text) for v in lexicon.words("hold_verbs")):
            pieces.append(sent.of(text))
    pieces.append(name)
    if lead is not None:
        clause = _clause_at(text, lead, anchor if anchor is not None else lead.start)
        pieces.append("".join(ch for i, ch in enumerate(clause.of(text), clause.start)
                              if not any(r.start <= i < r.end for r in relay)))
    for piece in pieces:
        for cue, fmt in lexicon.table("format_cues"):
            if cue in piece:
                return fmt  # type: ignore[return-value]
    return None


def _clause_at(text: str, sentence: Span, at: int) -> Span:
    """The comma clause of `sentence` holding position `at`."""
    start = sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if m.start() > at:
            return Span(start, m.start())
        start = m.end()
    return Span(start, sentence.end)


def session_no(name: str, lead: str | None) -> int | None:
    for source in (name, lead or ""):
        m = _SESSION.search(source)
        if m and (source is name or "会议" in source[m.end() : m.end() + 6]):
            return cn_to_int(m.group(1))
    return None
