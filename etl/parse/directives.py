"""Instructions given at a meeting, one clause each, with who gave them.

Reported speech opens with a speech cue (他强调, / 会议指出, / 甲要求,) and runs to the end
of its paragraph, or until another cue takes over or a sentence turns back to the report
(会议还听取了…, 会后…). A paragraph with no cue carries the speaker on when it opens like an
instruction (要…, 坚决…, 一、…, 加强…, past a bullet glyph) or when the paragraph before ended on the cue itself
(会议强调:). What each cue says, and the sentences where the meeting speaks with no cue
event, come from `reported`. Speech is cut into clauses at 。!? and ; and at commas
before a clause opener (要, 必须, 坚持, 二是 …); a clause counts as an instruction when it
holds a directive cue and does not describe the situation (当前形势…) - unless it opens
like an instruction - and the first clause after a decision cue (会议决定,…) always
does. Summary cues (对…工作作出安排) are one instruction themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.findings import Finding
from etl.parse import lexicon, refs, reported
from etl.parse.layout import Line, line_sentences
from etl.parse.records import Directive, SpeakerKind
from etl.parse.roles import CueEvent
from etl.parse.text import _COMMA_RUN, _SENTENCE_END_RUN, CLOSERS, SENTENCE_END
from etl.spans import Span

_CLAUSE_JUNK = " \t\u3000,、;:。!?—●○■□◆◇▲△★☆•·"
_SENTENCE_JUNK = " \t\r\n\u3000,、;:"  # what `text.sentences` trims
_PART = re.compile("[,;:]")
_GLYPHS = re.compile(r"^[^\w“‘\"(（《]+")  # a bullet (●, ■, a lost glyph printed as ?) before the words


@dataclass(frozen=True, slots=True)
class Speaker:
    kind: SpeakerKind
    name: str | None
    text: str
    span: Span | None


def clauses(text: str, span: Span) -> list[Span]:
    """Instruction-sized clauses of `span`: sentences cut at ; and before clause openers
    (the sentences of `text.sentences`, the parts of `text.comma_parts`, worked on offsets)."""
    bounds: list[tuple[int, int]] = []
    start = span.start
    for m in _SENTENCE_END_RUN.finditer(text, span.start, span.end):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, span.end))
    out: list[tuple[int, int]] = []
    for s_start, s_end in bounds:
        s_start, s_end = _strip(text, s_start, s_end, _SENTENCE_JUNK)
        if s_start >= s_end:
            continue
        current: tuple[int, int] | None = None
        for p_start, p_end in _parts(text, s_start, s_end):
            if p_start >= p_end:
                continue
            p_start, p_end = _strip(text, p_start, p_end, _CLAUSE_JUNK)
            if p_start >= p_end:
                continue
            opens = _opens_clause(text[p_start:p_end])
            semicolon = text[max(s_start, p_start - 1) : p_start] == ";"
            if current is None or opens or semicolon:
                if current is not None:
                    out.append(current)
                current = (p_start, p_end)
            else:
                current = (current[0], p_end)
        if current is not None:
            out.append(current)
    # a clause runs from a stripped part's start to a stripped part's end: nothing to trim
    return [Span(c_start, c_end) for c_start, c_end in out]


def _strip(text: str, start: int, end: int, junk: str) -> tuple[int, int]:
    """`text.trim` on offsets: [start, end) without leading/trailing `junk` characters."""
    piece = text[start:end]
    left = piece.lstrip(junk)
    start += len(piece) - len(left)
    return start, start + len(left.rstrip(junk))


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text.split_on` with the comma run of `text.comma_parts`, on offsets."""
    out: list[tuple[int, int]] = []
    for m in _COMMA_RUN.finditer(text, start, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    return out


def _opens_clause(part: str) -> bool:
    if _item_marker().match(part):
        return True
    m = lexicon.clause_opener_regex().match(part)
    if not m:
        return False
    if m.group(0).endswith("要"):  # the modal, not the start of a word (要劲, 要求): read on past it
        return any(x.group(0) == "要" and x.end() == m.end() for x in lexicon.modal_regex().finditer(part))
    return True


@cache
def _item_marker() -> re.Pattern[str]:
    """Any item marker (one regex: matches where one of the list matches)."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon.words("item_markers")))


def _goes_on(sentence: str, open_cue: bool) -> bool:
    """A paragraph going on with the speech before it: after a cue that ended the line,
    or opening like an instruction (要…, 坚决…, 一、…, 加强…, 各县(市、区)党委和政府要…)."""
    if _turns_back(sentence):
        return False
    if open_cue or _opens_clause(sentence) or lexicon.word_regex("directive_cues").match(sentence):
        return True
    parts = _PART.split(sentence)
    if reported.speaks(parts[0]):
        return False
    # 当前正值…,人员流动大,各级各部门要…: the situation first, then the instruction
    return any(lexicon.has_modal(part) for part in parts)


def _turns_back(sentence: str) -> bool:
    """会议还听取了…, 会后,…: the report turns back from what was said to the meeting."""
    return sentence.startswith(lexicon.words("narrative_openers"))


def is_instruction(clause: str) -> bool:
    """A clause with a modal or a directive cue; one that opens like an instruction
    (坚决…, 要…) stays one even when it goes on to name the situation (当前形势)."""
    if lexicon.has_directive_cue(clause):
        return True
    return _opens_clause(clause) and lexicon.word_regex("directive_cues").search(clause) is not None


def extract(
    text: str,
    lines: list[Line],
    events: dict[Span, list[CueEvent]],
    speaker_of: dict[int, Speaker],
) -> tuple[list[Directive], list[Finding]]:
    """Directives of the body `lines` of one meeting. `events` maps each sentence to its
    cue events; `speaker_of` maps id(event) to the resolved speaker of that event."""
    found: list[tuple[Span, Speaker]] = []
    seen: set[tuple[str, str]] = set()
    findings: list[Finding] = []
    carried: Speaker | None = None
    actor: Speaker | None = None  # the one person acting in the sentence before
    open_cue = False  # the last line ended on a speech cue (会议强调:) whose words follow
    for line in lines:
        if line.kind in ("caption", "credit"):
            continue  # a photo caption or credit between paragraphs does not end the speech
        if line.kind != "body":
            carried, open_cue = None, False
            continue
        current: Speaker | None = None
        sents = line_sentences(text, line)
        first = next((s for s in sents if _GLYPHS.sub("", s.of(text))), None)
        if first is not None and carried and not events.get(first) and _goes_on(_GLYPHS.sub("", first.of(text)), open_cue):
            current = carried
        open_cue = False
        last_clause: Span | None = None
        for sent in sents:
            evs = events.get(sent, [])
            for ev in evs:
                if ev.kind == "summary" and ev.summary is not None and id(ev) in speaker_of:
                    found.append((ev.summary, speaker_of[id(ev)]))
            lone, whole = reported.lone_cue(text, sent) if actor is not None and not evs else (None, False)
            if lone is not None and actor is not None:
                pieces: list[_Piece] | None = [_Piece(actor, lone, True, whole=whole)]
            else:
                pieces = _pieces(text, sent, evs, speaker_of, current, bool(found))
            actor = _actor(evs, speaker_of)
            if pieces is None:
                current, open_cue = None, False
                continue
            if pieces:
                current, open_cue = pieces[-1].speaker, pieces[-1].body is None
            relayed = False
            for piece in pieces:
                if piece.body is None:
                    continue
                relayed = piece.quoted and (reported.relayed(piece.body.of(text)) or relayed and piece.inherited)
                if relayed:
                    continue
                if piece.whole:
                    found.append((piece.body, piece.speaker))
                    continue
                for n, clause in enumerate(clauses(text, piece.body)):
                    last_clause = clause
                    key = (clause.of(text), piece.speaker.text)
                    decided = piece.decision and n == 0 and not lexicon.word_regex("narrative_markers").search(key[0])
                    if key not in seen and (decided or is_instruction(key[0])):
                        seen.add(key)  # a lead paragraph printed twice (摘要 + body) counts once
                        found.append((clause, piece.speaker))
        if last_clause is not None and current is not None and _truncated(text, line.span):
            findings.append(
                Finding(
                    stage="parse",
                    kind="truncated_directive",
                    message="reported speech breaks off mid-sentence; the clause may be incomplete",
                    severity="warning",
                    span=last_clause,
                    original=last_clause.of(text),
                )
            )
        carried = current
    found.sort(key=lambda item: item[0].start)
    directives = [
        Directive(i, clause.of(text), clause, sp.kind, sp.name, sp.text, sp.span,
                  tuple(refs.categorise(clause.of(text))))
        for i, (clause, sp) in enumerate(found, start=1)
    ]
    return directives, findings


def _actor(evs: list[CueEvent], speaker_of: dict[int, Speaker]) -> Speaker | None:
    """Who a sentence opening on a bare cue (并指出,…) speaks for: the one person of the
    last cue event of the sentence before (甲对…工作进行部署。并指出,…)."""
    if not evs:
        return None
    last = evs[-1]
    if id(last) in speaker_of:
        return speaker_of[id(last)]
    persons = last.subject.persons
    if last.kind == "attend" or last.subject.kind != "persons" or len(persons) != 1:
        return None
    return Speaker("person", persons[0].name, persons[0].name, persons[0].span)


@dataclass(frozen=True, slots=True)
class _Piece:
    speaker: Speaker
    body: Span | None
    quoted: bool = False  # words after a cue in this sentence (not a sentence carried on)
    inherited: bool = False  # the cue took the subject of the cue before it
    decision: bool = False  # 会议决定,…: the first clause is an instruction in any case
    whole: bool = False  # 会议还对…作出安排: the body is one instruction as it stands


def _pieces(
    text: str, sent: Span, evs: list[CueEvent], speaker_of: dict[int, Speaker], current: Speaker | None,
    said_before: bool,
) -> list[_Piece] | None:
    """Who says what in `sent`; None when the sentence is narrative that ends the speech
    (cue events, but none that speaks: 甲出席会议)."""
    said = [(ev, body) for ev, body in reported.bodies(text, evs) if id(ev) in speaker_of]
    if said:
        return [_Piece(speaker_of[id(ev)], body, True, ev.inherited, reported.is_decision(text, ev))
                for ev, body in said]
    for ev in reversed(evs):
        if ev.kind == "summary" and id(ev) in speaker_of:
            opens, words = reported.colon_words(text, ev.cue.end, sent.end)
            if opens:
                return [_Piece(speaker_of[id(ev)], words, words is not None)]
            break
    # 会议对…进行部署,要求…: the meeting's own report cues leave it free to speak after them
    if evs and not all(ev.kind == "report" and ev.subject.kind == "meeting" for ev in evs):
        return None
    held = reported.held(text, sent, lead=not said_before)
    if held is not None:
        speaker = Speaker("meeting", None, held.holder.of(text), held.holder)
        return [_Piece(speaker, held.body, True, False, held.decision, held.summary)]
    if evs:
        return None
    if _turns_back(sent.of(text)):
        return None
    return [_Piece(current, sent)] if current is not None else []


def _truncated(text: str, span: Span) -> bool:
    tail = span.of(text).rstrip()
    while tail and tail[-1] in CLOSERS:
        if tail[-1] == ")":
            return False
        tail = tail[:-1]
    return bool(tail) and tail[-1] not in SENTENCE_END
