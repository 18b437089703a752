"""Attributes of one meeting read from its name and lead: date, format, level, session."""

from __future__ import annotations

import re

from etl.parse import lexicon, refs
from etl.parse.dates import DateMention, find_dates, pick_meeting_date
from etl.parse.layout import Line
from etl.parse.records import MeetingDate, MeetingFormat, MeetingLevel
from etl.parse.text import cn_to_int, sentences
from etl.spans import Span

_SESSION = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})次")
_FORM_SENTENCE = re.compile(r"形式|方式")


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


def meeting_format(text: str, name: str, lead: Span | None, stretch: Span, relay: list[Span]) -> MeetingFormat | None:
    """From the name, then the lead sentence (without relayed meetings' names), then a
    sentence saying how the meeting was held (会议以视频形式召开)."""
    pieces = [name]
    if lead is not None:
        lead_text = "".join(
            ch for i, ch in enumerate(lead.of(text), lead.start) if not any(r.start <= i < r.end for r in relay)
        )
        pieces.append(lead_text)
    for sent in sentences(text, stretch):
        if _FORM_SENTENCE.search(sent.of(text)) and any(v in sent.of(text) for v in lexicon.words("hold_verbs")):
            pieces.append(sent.of(text))
    for piece in pieces:
        for cue, fmt in lexicon.table("format_cues"):
            if cue in piece:
                return fmt  # type: ignore[return-value]
    return None


def meeting_level(
    chair_titles: list[str], organiser: str | None, name: str, lead_before_verb: str, speaker_titles: list[str]
) -> MeetingLevel | None:
    """Level of the body holding the meeting: the chair's title, the organiser, the name,
    our-own-place words before the hold verb (我市召开), then the speakers' titles."""
    for title in chair_titles[:1]:
        level = lexicon.level_of(title)
        if level:
            return level  # type: ignore[return-value]
    for source in (organiser or "", name):
        level = lexicon.level_of(source)
        if level:
            return level  # type: ignore[return-value]
    best: tuple[int, str] | None = None
    for word, level, _holds in lexicon.table("home_place_words"):
        at = lead_before_verb.rfind(word)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, level)
    if best:
        return best[1]  # type: ignore[return-value]
    for title in speaker_titles[:1]:
        level = lexicon.level_of(title)
        if level:
            return level  # type: ignore[return-value]
    return None


def session_no(name: str, lead: str | None) -> int | None:
    for source in (name, lead or ""):
        m = _SESSION.search(source)
        if m and (source is name or "会议" in source[m.end() : m.end() + 6]):
            return cn_to_int(m.group(1))
    return None
