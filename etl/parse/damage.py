"""Keep damaged text out of extracted fields.

A span the repair stage could only flag (its lost bytes undetermined), or a character
left as U+FFFD, must not reach a name, title, place or directive. Names, titles, places
and credits overlapping such a span are dropped; a directive keeps its longest run of
undamaged comma clauses (those before the damage when they are long enough), so one lost
character does not cost a whole instruction. Each drop or cut is recorded as a finding,
so nothing is silently lost.
"""

from __future__ import annotations

from dataclasses import replace

from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse import refs
from etl.parse.records import Directive, Meeting, ParsedDocument
from etl.parse.text import comma_parts, trim
from etl.spans import Span

REPLACEMENT = "\ufffd"


# A directive cut down to fewer characters than this says too little to keep.
MIN_DIRECTIVE_CHARS = 6


def damaged_spans(doc: NormalisedDocument) -> list[Span]:
    # A character left undetermined inside a repaired run is the U+FFFD found below; its
    # finding may cover the whole run (when the repair changed the run's length).
    spans = [
        f.span for f in doc.findings
        if f.stage == "repair" and f.repaired is None and f.span is not None and len(f.span)
        and f.kind != "unresolved_char"
    ]
    text = doc.text
    at = text.find(REPLACEMENT)
    while at >= 0:
        spans.append(Span(at, at + 1))
        at = text.find(REPLACEMENT, at + 1)
    return sorted(spans)


def _hits(span: Span | None, damaged: list[Span]) -> bool:
    return span is not None and any(d.start < span.end and span.start < d.end for d in damaged)


def drop_damaged(doc: NormalisedDocument, parsed: ParsedDocument) -> None:
    """Remove (in place) facts that overlap damaged text; add one finding per removal."""
    damaged = damaged_spans(doc)
    if not damaged:
        return

    def left_out(what: str, value: str, span: Span) -> None:
        parsed.findings.append(Finding(
            "parse", "damaged_text_left_out",
            f"{what} left out of the database: it overlaps text the repair stage could not restore",
            "warning", span=span, original=value,
        ))

    for meeting in parsed.meetings:
        _clean_meeting(doc.text, meeting, damaged, left_out)
    for credit in [c for c in parsed.credits if _hits(c.span, damaged)]:
        left_out("credit", credit.name, credit.span)
        parsed.credits.remove(credit)


def _clean_meeting(text: str, meeting: Meeting, damaged: list[Span], left_out) -> None:
    kept: list[Directive] = []
    for d in meeting.directives:
        if _hits(d.span, damaged):
            part = undamaged_part(text, d.span, damaged)
            if part is None:
                left_out("directive", d.text, d.span)
                continue
            left_out("the damaged part of a directive", d.text, d.span)
            d = replace(d, text=part.of(text), span=part, categories=tuple(refs.categorise(part.of(text))))
        kept.append(replace(d, seq=len(kept) + 1))
    meeting.directives = kept
    for loc in [x for x in meeting.locations if _hits(x.span, damaged)]:
        left_out("place", loc.as_written, loc.span)
        meeting.locations.remove(loc)
    for attendee in [a for a in meeting.attendees if _hits(a.span, damaged)]:
        left_out("person", attendee.name, attendee.span)
        meeting.attendees.remove(attendee)
    for attendee in meeting.attendees:
        for title in [t for t in attendee.titles if _hits(t.span, damaged)]:
            left_out("title", title.title, title.span)
            attendee.titles.remove(title)


def undamaged_part(text: str, span: Span, damaged: list[Span]) -> Span | None:
    """The longest run of whole comma clauses of `span` that no damaged span touches (the
    first run, when it starts the span and is long enough); None when none is."""
    runs: list[list[Span]] = [[]]
    for part in comma_parts(text, span):
        if _hits(part, damaged):
            runs.append([])
        else:
            runs[-1].append(part)
    pieces = [trim(text, Span(r[0].start, r[-1].end)) for r in runs if r]
    pieces = [p for p in pieces if len(p) >= MIN_DIRECTIVE_CHARS]
    if not pieces:
        return None
    if pieces[0].start == trim(text, span).start:
        return pieces[0]
    return max(pieces, key=len)
