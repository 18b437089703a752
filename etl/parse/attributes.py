"""Attributes of one meeting read from its name and lead: date, format, level, session."""

from __future__ import annotations

import re

from etl.parse import lexicon, meeting_dates
from etl.parse.layout import Line
from etl.parse.records import MeetingDate, MeetingFormat, MeetingLevel
from etl.parse.text import cn_to_int, sentences
from etl.spans import Span

_SESSION = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})次")
_FORM_SENTENCE = re.compile(r"形式|方式")


def meeting_date(
    text: str, lines: list[Line], lead: Span | None, anchor: int | None, previous: MeetingDate | None
) -> MeetingDate:
    """The date of a meeting and its year with the evidence (see `etl.parse.meeting_dates`)."""
    return meeting_dates.meeting_date(text, lines, lead, anchor, previous)


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
