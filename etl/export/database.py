"""Read documents back from the database as gold-shaped records (see tests/gold/README.md).

One record per document, in path order, with the fields the gold files have plus
`year_inferred`, the meeting's `directives` (seq, text, speaker, span) and a few extras
(`path`, `seq`, spans, place codes). Each document is read with a handful of indexed
queries, so memory stays flat however many documents the database holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from etl.db import models as m
from etl.export.shape import distinct, distinct_locations, speaker_label


def export_documents(engine: Engine) -> Iterator[dict[str, Any]]:
    """Yield one export record per stored document (a connection stays open while the
    iterator is being consumed)."""
    with engine.connect() as conn:
        doc_ids = conn.execute(select(m.Document.id).order_by(m.Document.path, m.Document.id)).scalars().all()
        for doc_id in doc_ids:
            yield document_record(conn, doc_id)


def document_record(conn: Connection, doc_id: int) -> dict[str, Any]:
    """The export record of the document with id `doc_id`."""
    doc = conn.execute(
        select(m.Document.path, m.Document.file_name, m.Document.title, m.Document.source_outlet,
               m.Document.artifacts).where(m.Document.id == doc_id)
    ).one()
    credits = conn.execute(
        select(m.Credit.name, m.Credit.role).where(m.Credit.document_id == doc_id).order_by(m.Credit.id)
    ).all()
    mentions = conn.execute(
        select(m.Mention.name).where(m.Mention.document_id == doc_id).order_by(m.Mention.id)
    ).scalars().all()
    return {
        "source": doc.file_name,
        "path": doc.path,
        "title": doc.title,
        "source_outlet": doc.source_outlet,
        "credits": [{"name": c.name, "role": c.role} for c in credits],
        "mentioned_people": distinct(mentions),
        "artifacts": sorted(json.loads(doc.artifacts or "[]")),
        "meetings": _meetings(conn, doc_id),
    }


def _meetings(conn: Connection, doc_id: int) -> list[dict[str, Any]]:
    table = m.Meeting.__table__
    meetings = conn.execute(select(table).where(table.c.document_id == doc_id).order_by(table.c.seq)).all()
    attendees = _attendees(conn, doc_id)
    locations = _locations(conn, doc_id)
    directives = _directives(conn, doc_id)
    records = []
    for mt in meetings:
        people = attendees.get(mt.id, [])
        said = directives.get(mt.id, [])
        chairs = [p["name"] for p in people if "chair" in p["roles"]]
        records.append({
            "seq": mt.seq,
            "meeting_name": mt.name,
            "date": {"year": mt.year, "month": mt.month, "day": mt.day},
            "year_inferred": bool(mt.year_inferred and mt.year is not None),
            "format": mt.format,
            "level": mt.level,
            "province": mt.province,
            "city": mt.city,
            "session_no": mt.session_no,
            "chair": chairs[0] if chairs else None,
            "attendees": people,
            "locations": locations.get(mt.id, []),
            "directive_speakers": distinct(d["speaker"] for d in said),
            "directives": said,
            "span": _span(mt.span_start, mt.span_end),
        })
    return records


def _attendees(conn: Connection, doc_id: int) -> dict[int, list[dict[str, Any]]]:
    """Meeting id → attendees in stored order, each with titles (by seq) and roles."""
    rows = conn.execute(
        select(m.Attendee.id, m.Attendee.meeting_id, m.Person.name)
        .join(m.Person, m.Person.id == m.Attendee.person_id)
        .where(m.Attendee.document_id == doc_id)
        .order_by(m.Attendee.id)
    ).all()
    titles: dict[int, list[str]] = defaultdict(list)
    for attendee_id, title in conn.execute(
        select(m.AttendeeTitle.attendee_id, m.AttendeeTitle.title)
        .where(m.AttendeeTitle.document_id == doc_id)
        .order_by(m.AttendeeTitle.attendee_id, m.AttendeeTitle.seq, m.AttendeeTitle.id)
    ):
        titles[attendee_id].append(title)
    roles: dict[int, list[str]] = defaultdict(list)
    for attendee_id, role in conn.execute(
        select(m.AttendeeRole.attendee_id, m.AttendeeRole.role)
        .where(m.AttendeeRole.document_id == doc_id)
        .order_by(m.AttendeeRole.id)
    ):
        roles[attendee_id].append(role)
    by_meeting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_meeting[row.meeting_id].append(
            {"name": row.name, "titles": distinct(titles[row.id]), "roles": distinct(roles[row.id])}
        )
    return by_meeting


def _locations(conn: Connection, doc_id: int) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(m.MeetingLocation.meeting_id, m.Location.name, m.MeetingLocation.as_written, m.MeetingLocation.role,
               m.Location.code, m.Location.level)
        .join(m.Location, m.Location.id == m.MeetingLocation.location_id)
        .where(m.MeetingLocation.document_id == doc_id)
        .order_by(m.MeetingLocation.id)
    ).all()
    by_meeting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_meeting[row.meeting_id].append(
            {"name": row.name, "as_written": row.as_written, "role": row.role, "code": row.code, "level": row.level}
        )
    return {meeting_id: distinct_locations(places) for meeting_id, places in by_meeting.items()}


def _directives(conn: Connection, doc_id: int) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(m.Directive.meeting_id, m.Directive.seq, m.Directive.text, m.Directive.span_start,
               m.Directive.span_end, m.Directive.speaker_kind, m.Directive.speaker_text, m.Person.name)
        .outerjoin(m.Person, m.Person.id == m.Directive.speaker_person_id)
        .where(m.Directive.document_id == doc_id)
        .order_by(m.Directive.meeting_id, m.Directive.seq)
    ).all()
    by_meeting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_meeting[row.meeting_id].append({
            "seq": row.seq,
            "text": row.text,
            "speaker": speaker_label(row.speaker_kind, row.name),
            "speaker_text": row.speaker_text,
            "span": _span(row.span_start, row.span_end),
        })
    return by_meeting


def _span(start: int | None, end: int | None) -> list[int] | None:
    return [start, end] if start is not None and end is not None else None
