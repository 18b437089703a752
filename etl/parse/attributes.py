"""Attributes of one meeting read from its name and lead: date, format, session (level: see
`levels`)."""

from __future__ import annotations

import re

from etl.parse import lexicon, meeting_dates
from etl.parse.layout import Line
from etl.parse.records import MeetingDate, MeetingFormat
from etl.parse.text import cn_to_int, sentences
from etl.spans import Span

_SESSION = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})次")
_FORM_SENTENCE = re.compile(r"形式|方式")
_CLAUSE_BREAK = re.compile(r"[,,;;:: ]+")
_LOOKING_BACK = re.compile(r"(?:在|待)?([\u3400-\u9fff]{2,4}?)会议?(?:结束)?[之以]?后")


def meeting_date(
    text: str, lines: list[Line], lead: Span | None, anchor: int | None, previous: MeetingDate | None
) -> MeetingDate:
    """The date of a meeting and its year with the evidence (see `etl.parse.meeting_dates`)."""
    return meeting_dates.meeting_date(text, lines, lead, anchor, previous)


def meeting_format(
    text: str, name: str, lead: Span | None, stretch: Span, relay: list[Span], anchor: int | None = None
) -> MeetingFormat | None:
    """From a sentence saying how the meeting was held (会议以视频形式召开, which outranks
    the name), then the name, then the comma clause of the lead holding the meeting at
    `anchor` (without relayed meetings' names, nor other clauses: 在全省视频会后,我县召开…会)
    and the clause after it when that opens with the form (召开会议,视频连线各县)."""
    pieces = []
    sents = sentences(text, stretch)
    for sent in sents:
        if _FORM_SENTENCE.search(sent.of(text)) and any(v in sent.of(text) for v in lexicon.words("hold_verbs")):
            pieces.append(sent.of(text))
    pieces.append(name)
    if lead is not None:
        clause = _clause_at(text, lead, anchor if anchor is not None else lead.start)
        pieces.append(_cut_out(text, clause, relay))
        if clause.end < lead.end:  # 召开会议,视频连线各县: the next clause opening with how it is held
            after = re.sub(r"^(?:以|采取|采用|通过)", "", _clause_at(text, lead, clause.end + 1).of(text).lstrip())
            pieces += [after[: len(cue)] for cue, _ in lexicon.table("format_cues") if after.startswith(cue)]
    for piece in pieces:
        for cue, fmt in lexicon.table("format_cues"):
            if cue in piece:
                return fmt  # type: ignore[return-value]
    return _format_looking_back(text, lead, stretch, sents)


def _cut_out(text: str, clause: Span, spans: list[Span]) -> str:
    """The clause's text without the characters inside any of `spans` (linear: a long
    clause with many spans was quadratic character by character)."""
    pieces, pos = [], clause.start
    for span in sorted(spans, key=lambda s: s.start):
        if span.start >= clause.end:
            break
        if span.end <= pos:
            continue
        pieces.append(text[pos:max(pos, span.start)])
        pos = min(span.end, clause.end)
    pieces.append(text[pos:clause.end])
    return "".join(pieces)


def _format_looking_back(text: str, lead: Span | None, stretch: Span, sents: list[Span]) -> MeetingFormat | None:
    """The form a later sentence gives the meeting when it looks back on it, within the
    stretch (whose sentences are `sents`) or opening the next one (视频会议结束后,我县立即召开…
    → this one was by video)."""
    after = sentences(text, Span(stretch.end, min(len(text), stretch.end + 200)))[:1]
    for sent in [s for s in sents if lead is None or s.start != lead.start] + after:
        m = _LOOKING_BACK.match(text, sent.start, sent.end)
        if m:
            for cue, fmt in lexicon.table("format_cues"):
                if m.group(1).startswith(cue):
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
