"""The gold JSON shape, built from parsed records; shared rules for the database export.

`record_from_parsed` gives the record `etl export` would write for a document straight
from the parse stage (no database), so tests can check that storing and reading back
loses nothing, and evaluation can run without a database. The small helpers decide how
a speaker, a role list and a title list are written, for both paths alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from etl.parse.records import Attendee, Directive, Meeting, ParsedDocument
from etl.spans import Span

MEETING_SPEAKER = "会议"  # how a directive issued by the meeting itself (会议强调) is credited


def speaker_label(kind: str | None, name: str | None) -> str | None:
    """`会议` for a meeting's own directive, else the person's name (None when the parser
    could not tell who a pronoun like 他 stands for)."""
    if kind == "meeting":
        return MEETING_SPEAKER
    return name or None


def distinct(values: Iterable[str | None]) -> list[str]:
    """Non-empty values, first occurrence kept, in order."""
    return list(dict.fromkeys(v for v in values if v))


def distinct_locations(places: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per (name, role), the first kept (the database stores them so)."""
    first: dict[tuple[Any, Any], dict[str, Any]] = {}
    for place in places:
        first.setdefault((place["name"], place["role"]), place)
    return list(first.values())


def span_list(span: Span | None) -> list[int] | None:
    return [span.start, span.end] if span is not None else None


def record_from_parsed(source: str, parsed: ParsedDocument, artifacts: Iterable[str] = ()) -> dict[str, Any]:
    """The export record of one parsed document; `source` is its file name."""
    return {
        "source": source,
        "title": parsed.title,
        "source_outlet": parsed.source_outlet,
        "credits": [{"name": c.name, "role": c.role} for c in parsed.credits],
        "mentioned_people": distinct(m.name for m in parsed.mentions),
        "artifacts": sorted(artifacts),
        "meetings": [_meeting(m) for m in sorted(parsed.meetings, key=lambda m: m.seq)],
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    directives = [_directive(d) for d in sorted(meeting.directives, key=lambda d: d.seq)]
    chairs = [a.name for a in meeting.attendees if any(r.role == "chair" for r in a.roles)]
    return {
        "seq": meeting.seq,
        "meeting_name": meeting.name,
        "date": {"year": meeting.date.year, "month": meeting.date.month, "day": meeting.date.day},
        "year_inferred": bool(meeting.date.year_inferred and meeting.date.year is not None),
        "format": meeting.format,
        "level": meeting.level,
        "province": meeting.province,
        "city": meeting.city,
        "session_no": meeting.session_no,
        "chair": chairs[0] if chairs else None,
        "attendees": _attendees(meeting.attendees),
        "locations": distinct_locations(
            {"name": loc.name, "as_written": loc.as_written, "role": loc.role, "code": loc.code, "level": loc.level}
            for loc in meeting.locations
        ),
        "directive_speakers": distinct(d["speaker"] for d in directives),
        "directives": directives,
        "span": span_list(meeting.span),
    }


def _attendees(people: list[Attendee]) -> list[dict[str, Any]]:
    """One entry per name (repeated mentions merged, as the database stores them)."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for person in people:
        titles, roles = merged.setdefault(person.name, ([], []))
        titles.extend(t.title for t in person.titles)
        roles.extend(r.role for r in person.roles)
    return [{"name": name, "titles": distinct(titles), "roles": distinct(roles)}
            for name, (titles, roles) in merged.items()]


def _directive(directive: Directive) -> dict[str, Any]:
    return {
        "seq": directive.seq,
        "text": directive.text,
        "speaker": speaker_label(directive.speaker_kind, directive.speaker_name),
        "speaker_text": directive.speaker_text,
        "span": span_list(directive.span),
    }
