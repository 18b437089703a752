"""Records → table rows, without a database: what `store_document` will insert.

Rows that point at other rows of the same document hold *local keys* (positions in the
parent's list: `attendees[i]["meeting_id"] == 0` means the first meeting); the store
swaps them for database ids as it inserts parents first. Here the records are also
folded into the schema's shape: one person per distinct name in the document, one place
per distinct (name, code), one attendee per name per meeting (repeated mentions merged,
titles and roles de-duplicated), one link per (meeting, place, role).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from etl.db.search_rows import search_rows
from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse.records import Attendee, Directive, Meeting, ParsedDocument, RoleEvidence, TitleMention
from etl.read import RawDocument
from etl.spans import OffsetMap, Span

Row = dict[str, Any]



def utc_now() -> str:
    """The current UTC time as stored in DATETIME columns: `YYYY-MM-DD HH:MM:SS`."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(slots=True)
class DocumentRows:
    document: Row
    segments: list[Row] = field(default_factory=list)
    people: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    locations: list[Row] = field(default_factory=list)
    attendees: list[Row] = field(default_factory=list)
    attendee_titles: list[Row] = field(default_factory=list)
    attendee_roles: list[Row] = field(default_factory=list)
    directives: list[Row] = field(default_factory=list)
    directive_categories: list[Row] = field(default_factory=list)
    meeting_locations: list[Row] = field(default_factory=list)
    credits: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)
    # the text each FTS table indexes for these rows (etl.db.search_rows), not counted
    search: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Rows per table, the document's own row and the search index excluded."""
        return {f.name: len(getattr(self, f.name)) for f in fields(self) if f.name not in ("document", "search")}


def span_columns(span: Span | None, prefix: str = "span") -> Row:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None}


def _earliest(a: Span | None, b: Span | None) -> Span | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def build_rows(*, path: str, raw: RawDocument, norm: NormalisedDocument, parsed: ParsedDocument,
               parser_version: int, loaded_at: str, mtime: int | None = None) -> DocumentRows:
    """The rows of one document; `path` is its display path. `mtime` is accepted for
    callers but not stored here: a file's mtime belongs to its name (`store.Name`)."""
    rows = DocumentRows(document={
        "path": path, "file_name": raw.path.name, "sha256": raw.sha256, "size_bytes": len(raw.data),
        "encoding": raw.encoding, "raw_text": raw.text, "normalised_text": norm.text,
        "offset_map": norm.offsets.to_json(),
        "title": parsed.title, **span_columns(parsed.title_span, "title"),
        "source_outlet": parsed.source_outlet, **span_columns(parsed.source_outlet_span, "source_outlet"),
        "artifacts": json.dumps(sorted(norm.artifacts), ensure_ascii=False),
        "parser_version": parser_version, "loaded_at": loaded_at,
    })
    rows.segments = [{"seq": i, "kind": s.kind, **span_columns(s.span)} for i, s in enumerate(norm.segments, 1)]
    people = _people(parsed.meetings)
    rows.people = [{"name": name, **span_columns(span)} for name, span in people.items()]
    person_key = {name: i for i, name in enumerate(people)}
    places = _places(parsed.meetings)
    rows.locations = [
        {"name": loc.name, "as_written": loc.as_written, "code": loc.code, "level": loc.level,
         "province": loc.province, **span_columns(loc.span)}
        for loc in places.values()
    ]
    place_key = {key: i for i, key in enumerate(places)}
    for meeting_key, meeting in enumerate(parsed.meetings):
        rows.meetings.append(_meeting_row(meeting))
        _attendee_rows(rows, meeting_key, meeting.attendees, person_key)
        for d in meeting.directives:
            rows.directive_categories += [{"directive_id": len(rows.directives), "category": c}
                                          for c in dict.fromkeys(d.categories)]
            rows.directives.append({
                "meeting_id": meeting_key, "seq": d.seq, "text": d.text, **span_columns(d.span),
                "speaker_kind": d.speaker_kind, "speaker_text": d.speaker_text,
                **span_columns(d.speaker_span, "speaker"),
                "speaker_person_id": person_key[d.speaker_name] if d.speaker_name and _is_person(d) else None,
            })
        linked: set[tuple[int, str]] = set()
        for loc in sorted(meeting.locations, key=lambda x: x.span):
            link = (place_key[(loc.name, loc.code)], loc.role)
            if link not in linked:
                linked.add(link)
                rows.meeting_locations.append({
                    "meeting_id": meeting_key, "location_id": link[0], "role": loc.role,
                    "as_written": loc.as_written, **span_columns(loc.span),
                })
    rows.credits = [{"name": c.name, "role": c.role, **span_columns(c.span)} for c in parsed.credits]
    rows.mentions = [{"name": x.name, "title_text": x.title_text, **span_columns(x.span)} for x in parsed.mentions]
    rows.problems = [
        finding_row(f, path, raw.sha256, norm.offsets, stored=True) for f in (*norm.findings, *parsed.findings)
    ]
    rows.search = search_rows(rows)
    return rows


def _is_person(directive: Directive) -> bool:
    return directive.speaker_kind == "person" and bool(directive.speaker_name)


def _people(meetings: list[Meeting]) -> dict[str, Span | None]:
    """Every distinct name taking part (attendees, speakers of directives) with its
    first mention, in order of first mention (names without a span last)."""
    first: dict[str, Span | None] = {}
    for meeting in meetings:
        for a in meeting.attendees:
            first[a.name] = _earliest(first.get(a.name), a.span)
        for d in meeting.directives:
            if d.speaker_name and _is_person(d):
                # the speaker span is the name's only when the name itself is written (not 他)
                own = d.speaker_span if d.speaker_text == d.speaker_name else None
                first[d.speaker_name] = _earliest(first.get(d.speaker_name), own)
    order = sorted(first, key=lambda n: (first[n] is None, first[n] or Span(0, 0)))
    return {name: first[name] for name in order}


def _places(meetings: list[Meeting]) -> dict[tuple[str, str | None], Any]:
    """One mention per distinct (name, code): the first one in the text."""
    mentions = sorted((loc for mt in meetings for loc in mt.locations), key=lambda loc: loc.span)
    places: dict[tuple[str, str | None], Any] = {}
    for loc in mentions:
        places.setdefault((loc.name, loc.code), loc)
    return places


def _meeting_row(mt: Meeting) -> Row:
    d = mt.date
    return {
        "seq": mt.seq, "name": mt.name, **span_columns(mt.name_span, "name"), **span_columns(mt.span),
        "date": d.iso, "date_text": d.text, **span_columns(d.span, "date"), "year": d.year,
        "month": d.month, "day": d.day, "year_inferred": int(d.year_inferred), "year_evidence": d.year_evidence,
        "time_of_day": d.time_of_day, "format": mt.format, "level": mt.level, "session_no": mt.session_no,
        "organiser": mt.organiser, "province": mt.province, "city": mt.city,
        "place_evidence": mt.place_evidence,
    }


def _attendee_rows(rows: DocumentRows, meeting_key: int, attendees: list[Attendee],
                   person_key: dict[str, int]) -> None:
    """One attendee row per name; a name listed twice in a meeting is merged."""
    merged: dict[str, list[Attendee]] = {}
    for a in attendees:
        merged.setdefault(a.name, []).append(a)
    for name, group in merged.items():
        key = len(rows.attendees)
        span = min(a.span for a in group)
        title_text = next((a.title_text for a in group if a.title_text), None)
        rows.attendees.append({"meeting_id": meeting_key, "person_id": person_key[name],
                               "title_text": title_text, **span_columns(span)})
        titles: dict[str, TitleMention] = {}
        for t in (t for a in group for t in a.titles):
            titles.setdefault(t.title, t)
        rows.attendee_titles += [{"attendee_id": key, "seq": i, "title": t.title, **span_columns(t.span)}
                                 for i, t in enumerate(titles.values(), 1)]
        roles: dict[str, RoleEvidence] = {}
        for r in (r for a in group for r in a.roles):
            roles.setdefault(r.role, r)
        rows.attendee_roles += [{"attendee_id": key, "role": r.role, **span_columns(r.span)}
                                for r in roles.values()]


def finding_row(finding: Finding, path: str, sha256: str | None, offsets: OffsetMap | None = None, *,
                stored: bool = False) -> Row:
    """A `problems` row (without lineage) for a finding. With the document's offset map,
    the missing one of span / raw span is derived. `stored`: the finding belongs to a
    document that is being stored, so it is at most a warning (error means not loaded)."""
    span, raw_span = finding.span, finding.raw_span
    if offsets is not None:
        if span is not None and raw_span is None and span.end <= len(offsets):
            raw_span = offsets.to_source(span)
        elif raw_span is not None and span is None and raw_span.end <= offsets.source_len:
            span = offsets.from_source(raw_span)
    severity = "warning" if stored and finding.severity == "error" else finding.severity
    return {
        "path": path, "sha256": sha256, "stage": finding.stage, "kind": finding.kind, "severity": severity,
        "message": finding.message, **span_columns(span), **span_columns(raw_span, "raw"),
        "original": finding.original, "repaired": finding.repaired, "confidence": finding.confidence,
        "method": finding.method,
    }
