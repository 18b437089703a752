"""The parse stage proper, called by `etl.parse.parse`: one NormalisedDocument in, one
ParsedDocument out (the order of work is in the package docstring)."""

from __future__ import annotations

from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse import assemble, credits, damage, layout, locations, meetings, mentions, refs, stretches
from etl.parse.people import NameRules
from etl.parse.records import Meeting, ParsedDocument, TitleMention
from etl.spans import Span

__all__ = ["parse"]


def parse(doc: NormalisedDocument) -> ParsedDocument:
    text = doc.text
    lines = layout.lines(doc)
    title, title_span = _title(text, lines)
    mentioned = mentions.find_mentions(text, lines)
    base_rules = NameRules(excluded=frozenset(m.name for m in mentioned))
    credit_scan = credits.find_credits(text, lines, base_rules)
    outlet, outlet_span = credits.find_outlet(text, lines)

    excluded = list(credit_scan.spans) + [m.span for m in mentioned]
    if outlet_span is not None:
        excluded.append(outlet_span)
    rules = NameRules(excluded=base_rules.excluded | {c.name for c in credit_scan.credits})

    found = meetings.find_mentions(text, lines)
    spans = stretches.stretches(text, lines, found)
    parsed = ParsedDocument(title, title_span, outlet, outlet_span, credits=credit_scan.credits, mentions=mentioned)
    if not spans:
        parsed.findings.append(Finding("parse", "no_meeting", "no meeting is reported (no meeting name or 会议 cue found)",
                                       "error"))
        return parsed

    ctx = assemble.DocContext(text, lines, rules, frozenset(), {}, excluded,
                              locations.home_place(text, outlet, outlet_span))
    ctx.relay = meetings.relay_spans(text, lines)
    ctx.places = refs.find_places(text)
    body_events = assemble.scan(ctx, [ln for ln in lines if ln.kind != "headline"])
    ctx.titles = _first_titles(body_events)
    ctx.headline_names = frozenset(
        p.name for evs in body_events.values() for ev in evs for p in ev.subject.persons
    )
    ctx.rules = NameRules(excluded=rules.excluded, known=ctx.headline_names)
    previous: Meeting | None = None
    for seq, stretch in enumerate(spans, start=1):
        meeting, findings = assemble.build(ctx, seq, stretch, previous)
        parsed.meetings.append(meeting)
        parsed.findings.extend(findings)
        previous = meeting
    damage.drop_damaged(doc, parsed)
    return parsed


def _title(text: str, lines: list[layout.Line]) -> tuple[str | None, Span | None]:
    """The headline as printed: its first line (kickers and subtitles follow it)."""
    for line in lines:
        if line.kind == "headline":
            return line.span.of(text), line.span
        if line.kind == "body":
            break
    return None, None


def _first_titles(events: dict) -> dict[str, tuple[str | None, list[TitleMention]]]:
    out: dict[str, tuple[str | None, list[TitleMention]]] = {}
    for sent in sorted(events):
        for ev in events[sent]:
            for p in ev.subject.persons:
                if p.titles and p.name not in out:
                    out[p.name] = (p.title_text, list(p.titles))
    return out
