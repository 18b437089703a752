"""Keep damaged text out of extracted fields.

A span the repair stage could only flag (its lost bytes undetermined), or a character
left as U+FFFD, must not reach a name, title, place or directive. Facts overlapping such
a span are dropped and each drop is recorded as a finding, so nothing is silently lost.
"""

from __future__ import annotations

from dataclasses import replace

from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse.records import Meeting, ParsedDocument
from etl.spans import Span

REPLACEMENT = "\ufffd"


def damaged_spans(doc: NormalisedDocument) -> list[Span]:
    spans = [
        f.span for f in doc.findings
        if f.stage == "repair" and f.repaired is None and f.span is not None and len(f.span)
    ]
    spans += [Span(i, i + 1) for i, ch in enumerate(doc.text) if ch == REPLACEMENT]
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
        _clean_meeting(meeting, damaged, left_out)
    for credit in [c for c in parsed.credits if _hits(c.span, damaged)]:
        left_out("credit", credit.name, credit.span)
        parsed.credits.remove(credit)


def _clean_meeting(meeting: Meeting, damaged: list[Span], left_out) -> None:
    kept = []
    for d in meeting.directives:
        if _hits(d.span, damaged):
            left_out("directive", d.text, d.span)
        else:
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
