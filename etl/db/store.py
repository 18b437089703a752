"""The only module that writes rows: load runs, documents with everything parsed from
them (one transaction each), and problems.

A document is keyed by its path. Storing a path that is already there deletes the old
document, whose derived rows and findings go with it through ON DELETE CASCADE, and
inserts the new one in the same transaction: a reader sees the old rows or the new ones,
never a mixture, and a failure part-way leaves the old rows as they were. Rows are
inserted table by table in bulk (executemany), parents first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, Engine, delete, exists, func, insert, inspect, select, update

from etl import PARSER_VERSION, __version__
from etl.db import models as m
from etl.db.engine import begin_write
from etl.db.rows import DocumentRows, Row, build_rows, finding_row
from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse.records import ParsedDocument
from etl.read import RawDocument

DocumentState = Literal["new", "unchanged", "changed", "outdated", "duplicate"]
RunStatus = Literal["running", "completed", "failed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- load runs -------------------------------------------------------------------------

def start_run(engine: Engine, *, command: str, parser_version: int = PARSER_VERSION) -> int:
    """Open a load run (status running) and return its id."""
    with begin_write(engine) as conn:
        return conn.execute(
            insert(m.LoadRun).returning(m.LoadRun.id),
            {"started_at": _now(), "status": "running", "command": command,
             "tool_version": __version__, "parser_version": parser_version},
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, *, seen: int, loaded: int, unchanged: int, failed: int,
               status: RunStatus) -> None:
    """Close a load run with its file counts and final status."""
    with begin_write(engine) as conn:
        conn.execute(
            update(m.LoadRun).where(m.LoadRun.id == run_id).values(
                finished_at=_now(), status=status, files_seen=seen, files_loaded=loaded,
                files_unchanged=unchanged, files_failed=failed,
            )
        )


def discard_run_if_empty(engine: Engine, run_id: int) -> bool:
    """Delete a run that loaded nothing and recorded no problem, so that re-loading
    unchanged input leaves every table as it was. True when the run was deleted."""
    wrote = select(m.LoadRun.id).where(
        m.LoadRun.id == run_id,
        (m.LoadRun.files_loaded > 0)
        | exists().where(m.Document.load_run_id == run_id)
        | exists().where(m.Problem.load_run_id == run_id),
    )
    with begin_write(engine) as conn:
        if conn.execute(wrote).first() is not None:
            return False
        return conn.execute(delete(m.LoadRun).where(m.LoadRun.id == run_id)).rowcount > 0


# --- documents -------------------------------------------------------------------------

def document_state(engine: Engine, path: str, sha256: str, parser_version: int) -> tuple[DocumentState, int | None]:
    """What storing this file would be, with the id of the stored document concerned:

    - new: neither the path nor the content is stored (id None);
    - unchanged: the path is stored with this content by this (or a newer) parser;
    - changed: the path is stored with other content;
    - outdated: the path is stored with this content by an older parser;
    - duplicate: this content is stored under another path (that document's id).
    """
    with engine.connect() as conn:
        row = conn.execute(
            select(m.Document.id, m.Document.sha256, m.Document.parser_version).where(m.Document.path == path)
        ).first()
        if row is not None:
            if row.sha256 != sha256:
                return "changed", row.id
            return ("unchanged" if row.parser_version >= parser_version else "outdated"), row.id
        other = conn.execute(
            select(m.Document.id).where(m.Document.sha256 == sha256).order_by(m.Document.id).limit(1)
        ).scalar()
        return ("duplicate", other) if other is not None else ("new", None)


def store_document(engine: Engine, run_id: int, *, path: str, raw: RawDocument, norm: NormalisedDocument,
                   parsed: ParsedDocument, parser_version: int) -> dict[str, int]:
    """Write one document, everything parsed from it and its findings, in one
    transaction, replacing whatever was stored under `path`. Returns the rows added per
    table (tables with none left out)."""
    rows = build_rows(path=path, raw=raw, norm=norm, parsed=parsed, parser_version=parser_version, loaded_at=_now())
    with begin_write(engine) as conn:
        conn.execute(delete(m.Document).where(m.Document.path == path))
        return _insert(conn, run_id, rows)


def _insert(conn: Connection, run_id: int, rows: DocumentRows) -> dict[str, int]:
    """Insert the rows of one document, parents first. Child rows hold local keys
    (positions in the parent's list); parents are inserted with executemany and their
    ids read back by their natural key (the unique constraint each parent table has)."""
    run = {"load_run_id": run_id}
    doc_id = conn.execute(insert(m.Document).returning(m.Document.id), run | rows.document).scalar_one()
    lineage = run | {"document_id": doc_id}

    def many(model: type[m.Base], values: list[Row]) -> None:
        if values:
            conn.execute(insert(model), [lineage | v for v in values])

    def ids(model: type[m.Base], values: list[Row], key: tuple[str, ...]) -> list[int]:
        """Insert `values`; return their ids in list order."""
        many(model, values)
        table = model.__table__
        found = conn.execute(
            select(table.c.id, *(table.c[k] for k in key)).where(table.c.document_id == doc_id)
        )
        by_key = {tuple(r[1:]): r[0] for r in found}
        return [by_key[tuple(v[k] for k in key)] for v in values]

    person_ids = ids(m.Person, rows.people, ("name",))
    meeting_ids = ids(m.Meeting, rows.meetings, ("seq",))
    location_ids = ids(m.Location, rows.locations, ("name", "code"))
    attendee_ids = ids(m.Attendee, [
        a | {"meeting_id": meeting_ids[a["meeting_id"]], "person_id": person_ids[a["person_id"]]}
        for a in rows.attendees
    ], ("meeting_id", "person_id"))
    many(m.Segment, rows.segments)
    many(m.AttendeeTitle, [t | {"attendee_id": attendee_ids[t["attendee_id"]]} for t in rows.attendee_titles])
    many(m.AttendeeRole, [r | {"attendee_id": attendee_ids[r["attendee_id"]]} for r in rows.attendee_roles])
    directive_ids = ids(m.Directive, [
        d | {"meeting_id": meeting_ids[d["meeting_id"]],
             "speaker_person_id": None if d["speaker_person_id"] is None else person_ids[d["speaker_person_id"]]}
        for d in rows.directives
    ], ("meeting_id", "seq"))
    many(m.DirectiveCategory, [c | {"directive_id": directive_ids[c["directive_id"]]}
                               for c in rows.directive_categories])
    many(m.MeetingLocation, [
        x | {"meeting_id": meeting_ids[x["meeting_id"]], "location_id": location_ids[x["location_id"]]}
        for x in rows.meeting_locations
    ])
    many(m.Credit, rows.credits)
    many(m.Mention, rows.mentions)
    many(m.Problem, rows.problems)
    return {"documents": 1} | {name: n for name, n in rows.counts().items() if n}


# --- problems and counts -----------------------------------------------------------------

def record_problem(engine: Engine, run_id: int, *, path: str, finding: Finding, sha256: str | None = None,
                   document_id: int | None = None) -> None:
    """Store one problem in its own transaction (typically a file that failed to load)."""
    with begin_write(engine) as conn:
        conn.execute(insert(m.Problem), {
            "load_run_id": run_id, "document_id": document_id, **finding_row(finding, path, sha256),
        })


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the models (those the database has), in one read transaction."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in m.Base.metadata.tables.items() if name in present}
