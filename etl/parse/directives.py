"""Instructions given at a meeting, one clause each, with who gave them.

Reported speech opens with a speech cue (他强调, / 会议指出, / 甲要求,) and runs to the end
of its paragraph, or until another cue takes over; a paragraph opening with a modal (要…)
right after one carries the same speaker on. Speech is cut into clauses at 。!? and ;
and at commas before a clause opener (要, 必须, 坚持 …); a clause counts as an
instruction when it holds a directive cue. Summary cues (对…工作作出安排) are one
instruction themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.findings import Finding
from etl.parse import lexicon, refs
from etl.parse.layout import Line
from etl.parse.records import Directive, SpeakerKind
from etl.parse.roles import CueEvent
from etl.parse.text import CLOSERS, SENTENCE_END, comma_parts, sentences, trim
from etl.spans import Span

_CLAUSE_JUNK = " \t\u3000,、;:。!?"


@dataclass(frozen=True, slots=True)
class Speaker:
    kind: SpeakerKind
    name: str | None
    text: str
    span: Span | None


def clauses(text: str, span: Span) -> list[Span]:
    """Instruction-sized clauses of `span`: sentences cut at ; and before clause openers."""
    out: list[Span] = []
    for sent in sentences(text, span):
        current: Span | None = None
        for part in comma_parts(text, sent):
            part = trim(text, part, _CLAUSE_JUNK)
            if not len(part):
                continue
            opens = _opens_clause(part.of(text))
            semicolon = text[max(sent.start, part.start - 1) : part.start] == ";"
            if current is None or opens or semicolon:
                if current is not None:
                    out.append(current)
                current = part
            else:
                current = Span(current.start, part.end)
        if current is not None:
            out.append(current)
    return [c for c in (trim(text, c, _CLAUSE_JUNK) for c in out) if len(c)]


def _opens_clause(part: str) -> bool:
    m = lexicon.clause_opener_regex().match(part)
    if not m:
        return False
    if m.group(0).endswith("要"):
        return lexicon.has_modal(m.group(0))
    return True


def is_instruction(clause: str) -> bool:
    return lexicon.has_directive_cue(clause)


def extract(
    text: str,
    lines: list[Line],
    events: dict[Span, list[CueEvent]],
    speaker_of: dict[int, Speaker],
) -> tuple[list[Directive], list[Finding]]:
    """Directives of the body `lines` of one meeting. `events` maps each sentence to its
    cue events; `speaker_of` maps id(event) to the resolved speaker of that event."""
    found: list[tuple[Span, Speaker]] = []
    findings: list[Finding] = []
    carried: Speaker | None = None
    for line in lines:
        if line.kind != "body":
            carried = None
            continue
        current: Speaker | None = None
        sents = sentences(text, line.span)
        if sents and carried and _opens_clause(sents[0].of(text)) and not events.get(sents[0]):
            current = carried
        last_clause: Span | None = None
        for sent in sents:
            evs = events.get(sent, [])
            for ev in evs:
                if ev.kind == "summary" and ev.summary is not None and id(ev) in speaker_of:
                    found.append((ev.summary, speaker_of[id(ev)]))
            speech = [ev for ev in evs if ev.kind == "speech" and ev.content is not None and id(ev) in speaker_of]
            if speech:
                current = speaker_of[id(speech[-1])]
                body = speech[-1].content
            elif evs:
                current = None
                continue
            else:
                body = sent
            if current is None or body is None:
                continue
            for clause in clauses(text, body):
                last_clause = clause
                if is_instruction(clause.of(text)):
                    found.append((clause, current))
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


def _truncated(text: str, span: Span) -> bool:
    tail = span.of(text).rstrip()
    while tail and tail[-1] in CLOSERS:
        if tail[-1] == ")":
            return False
        tail = tail[:-1]
    return bool(tail) and tail[-1] not in SENTENCE_END
