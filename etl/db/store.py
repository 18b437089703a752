"""The only module that writes rows: load runs, documents with everything parsed from
them (one transaction each), and problems.

A document is keyed by its path. Storing a path that is already there deletes the old
document (its derived rows go with it through ON DELETE CASCADE) and inserts the new one
in the same transaction, so a reader sees either the old rows or the new ones.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine, Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from etl import PARSER_VERSION, __version__
from etl.db import models as m
from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse.records import ParsedDocument
from etl.read import RawDocument
from etl.spans import OffsetMap, Span

DocumentState = Literal["new", "unchanged", "changed", "outdated", "duplicate"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _span(span: Span | None, prefix: str = "span") -> dict[str, int | None]:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None}


# --- load runs -------------------------------------------------------------------------

def start_run(engine: Engine, *, command: str) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(m.LoadRun).returning(m.LoadRun.id),
            {"started_at": _now(), "status": "running", "command": command,
             "tool_version": __version__, "parser_version": PARSER_VERSION},
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, *, seen: int, loaded: int, unchanged: int, failed: int,
               status: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(m.LoadRun).where(m.LoadRun.id == run_id).values(
                finished_at=_now(), status=status, files_seen=seen, files_loaded=loaded,
                files_unchanged=unchanged, files_failed=failed,
            )
        )


def discard_run_if_empty(engine: Engine, run_id: int) -> bool:
    """Delete a run that wrote no document and no problem, so an unchanged re-load
    leaves every table as it was. True when the run was deleted."""
    with engine.begin() as conn:
        for model in (m.Document, m.Problem):
            if conn.execute(select(func.count()).select_from(model).where(model.load_run_id == run_id)).scalar_one():
                return False
        loaded = conn.execute(select(m.LoadRun.files_loaded).where(m.LoadRun.id == run_id)).scalar_one()
        if loaded:
            return False
        conn.execute(delete(m.LoadRun).where(m.LoadRun.id == run_id))
        return True


# --- documents -------------------------------------------------------------------------

def document_state(engine: Engine, path: str, sha256: str, parser_version: int) -> tuple[DocumentState, int | None]:
    """What storing this file would do: new, unchanged, changed, outdated, or duplicate
    (the same content is stored under another path; its document id is returned)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(m.Document.id, m.Document.sha256, m.Document.parser_version).where(m.Document.path == path)
        ).first()
        if row is not None:
            if row.sha256 != sha256:
                return "changed", row.id
            return ("unchanged" if row.parser_version >= parser_version else "outdated"), row.id
        other = conn.execute(
            select(m.Document.id).where(m.Document.sha256 == sha256, m.Document.parser_version >= parser_version)
        ).first()
        return ("duplicate", other.id) if other is not None else ("new", None)


def store_document(engine: Engine, run_id: int, *, path: str, raw: RawDocument, norm: NormalisedDocument,
                   parsed: ParsedDocument, parser_version: int) -> dict[str, int]:
    """Write one document and everything parsed from it in one transaction; replace the
    rows of an earlier version of the same path. Returns rows added per table."""
    with engine.begin() as conn:
        conn.execute(delete(m.Document).where(m.Document.path == path))
        return _DocumentWriter(conn, run_id).write(path, raw, norm, parsed, parser_version)


class _DocumentWriter:
    def __init__(self, conn: Connection, run_id: int) -> None:
        self.conn = conn
        self.run_id = run_id
        self.added: Counter[str] = Counter()
        self.doc_id = 0

    def _one(self, model: type[m.Base], values: dict) -> int:
        table: Table = model.__table__  # type: ignore[assignment]
        self.added[table.name] += 1
        lineage = {"load_run_id": self.run_id} | ({"document_id": self.doc_id} if model is not m.Document else {})
        return self.conn.execute(insert(table).returning(table.c.id), lineage | values).scalar_one()

    def _many(self, model: type[m.Base], rows: list[dict]) -> None:
        if rows:
            table: Table = model.__table__  # type: ignore[assignment]
            lineage = {"load_run_id": self.run_id, "document_id": self.doc_id}
            self.conn.execute(insert(table), [lineage | r for r in rows])
            self.added[table.name] += len(rows)

    def write(self, path: str, raw: RawDocument, norm: NormalisedDocument, parsed: ParsedDocument,
              parser_version: int) -> dict[str, int]:
        self.doc_id = self._one(m.Document, {
            "path": path, "file_name": raw.path.name, "sha256": raw.sha256, "size_bytes": len(raw.data),
            "encoding": raw.encoding, "raw_text": raw.text, "normalised_text": norm.text,
            "offset_map": norm.offsets.to_json(), "title": parsed.title, **_span(parsed.title_span, "title"),
            "source_outlet": parsed.source_outlet, **_span(parsed.source_outlet_span, "source_outlet"),
            "artifacts": json.dumps(sorted(norm.artifacts), ensure_ascii=False),
            "parser_version": parser_version, "loaded_at": _now(),
        })
        self._many(m.Segment, [
            {"seq": i, "kind": s.kind, **_span(s.span)} for i, s in enumerate(norm.segments, 1)
        ])
        people = self._people(parsed)
        locations: dict[str, int] = {}
        for meeting in parsed.meetings:
            self._meeting(meeting, people, locations)
        self._many(m.Credit, [{"name": c.name, "role": c.role, **_span(c.span)} for c in parsed.credits])
        self._many(m.Mention, [
            {"name": x.name, "title_text": x.title_text, **_span(x.span)} for x in parsed.mentions
        ])
        self._many(m.Problem, [
            self._problem(f, path, raw.sha256, norm.offsets) for f in (*norm.findings, *parsed.findings)
        ])
        return dict(self.added)

    def _people(self, parsed: ParsedDocument) -> dict[str, int]:
        first: dict[str, Span] = {}
        for meeting in parsed.meetings:
            for a in meeting.attendees:
                if a.name not in first or a.span < first[a.name]:
                    first[a.name] = a.span
            for d in meeting.directives:
                if d.speaker_kind == "person" and d.speaker_name and d.speaker_name not in first:
                    first[d.speaker_name] = d.speaker_span or d.span
        return {name: self._one(m.Person, {"name": name, **_span(span)}) for name, span in first.items()}

    def _meeting(self, mt, people: dict[str, int], locations: dict[str, int]) -> None:
        d = mt.date
        meeting_id = self._one(m.Meeting, {
            "seq": mt.seq, "name": mt.name, **_span(mt.name_span, "name"), **_span(mt.span),
            "date": d.iso, "date_text": d.text, **_span(d.span, "date"), "year": d.year, "month": d.month,
            "day": d.day, "year_inferred": d.year_inferred, "year_evidence": d.year_evidence,
            "time_of_day": d.time_of_day, "format": mt.format, "level": mt.level, "session_no": mt.session_no,
            "organiser": mt.organiser, "province": mt.province, "city": mt.city,
        })
        titles, roles = [], []
        for a in mt.attendees:
            attendee_id = self._one(m.Attendee, {
                "meeting_id": meeting_id, "person_id": people[a.name], "title_text": a.title_text, **_span(a.span),
            })
            titles += [{"attendee_id": attendee_id, "seq": i, "title": t.title, **_span(t.span)}
                       for i, t in enumerate(a.titles, 1)]
            seen_roles: set[str] = set()
            for r in a.roles:
                if r.role not in seen_roles:
                    seen_roles.add(r.role)
                    roles.append({"attendee_id": attendee_id, "role": r.role, **_span(r.span)})
        self._many(m.AttendeeTitle, titles)
        self._many(m.AttendeeRole, roles)
        self._many(m.Directive, [{
            "meeting_id": meeting_id, "seq": x.seq, "text": x.text, **_span(x.span),
            "speaker_kind": x.speaker_kind, "speaker_text": x.speaker_text, **_span(x.speaker_span, "speaker"),
            "speaker_person_id": people.get(x.speaker_name) if x.speaker_kind == "person" and x.speaker_name else None,
        } for x in mt.directives])
        links, seen = [], set()
        for loc in mt.locations:
            if loc.name not in locations:
                locations[loc.name] = self._one(m.Location, {
                    "name": loc.name, "as_written": loc.as_written, "code": loc.code, "level": loc.level,
                    "province": loc.province, **_span(loc.span),
                })
            key = (locations[loc.name], loc.role)
            if key not in seen:
                seen.add(key)
                links.append({"meeting_id": meeting_id, "location_id": key[0], "role": loc.role,
                              "as_written": loc.as_written, **_span(loc.span)})
        self._many(m.MeetingLocation, links)

    @staticmethod
    def _problem(f: Finding, path: str, sha256: str, offsets: OffsetMap) -> dict:
        span, raw_span = f.span, f.raw_span
        if span is not None and raw_span is None:
            raw_span = offsets.to_source(span)
        if raw_span is not None and span is None:
            span = offsets.from_source(raw_span)
        row = _problem_row(f, path, sha256) | _span(span) | _span(raw_span, "raw")
        # "error" means a file that was not loaded; a stored document's findings are warnings
        if row["severity"] == "error":
            row["severity"] = "warning"
        return row


def _problem_row(f: Finding, path: str, sha256: str | None) -> dict:
    return {"path": path, "sha256": sha256, "stage": f.stage, "kind": f.kind, "severity": f.severity,
            "message": f.message, "original": f.original, "repaired": f.repaired,
            "confidence": f.confidence, "method": f.method}


def record_problem(engine: Engine, run_id: int, *, path: str, finding: Finding, sha256: str | None = None,
                   document_id: int | None = None) -> None:
    """Store one problem in its own transaction (a file that failed to load)."""
    with engine.begin() as conn:
        conn.execute(insert(m.Problem), {
            "load_run_id": run_id, "document_id": document_id, **_problem_row(finding, path, sha256),
            **_span(finding.span), **_span(finding.raw_span, "raw"),
        })


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for name, t in m.Base.metadata.tables.items()}
