"""The only module that writes rows: load runs, documents with everything parsed from
them, and problems.

A document is one stored content (its sha256, unique); the files it was loaded from are
its names (`document_names`), each keyed by its source key, the file's absolute real path,
so that identity does not depend on the working directory. Storing a document replaces
the one holding the same content (re-parsed by a newer parser: its names are carried
over) and moves the name to it; a document left without names is deleted. A deleted
document's derived rows and findings go with it through ON DELETE CASCADE, in the same
transaction as the insert: a reader sees the old rows or the new ones, never a mixture,
and a failure part-way leaves the old rows as they were. Rows are
inserted table by table in bulk (one executemany of prepared SQL on the DBAPI cursor per
table), parents first, with the primary keys numbered here as SQLite would number them
(`_Inserter`), so that no id has to be read back. The full-text index (FTS5 tables,
etl.db.search_rows) gets a document's rows as they are inserted and loses them before the
document is deleted: FTS5 tables do not cascade.

`store_document` writes one document in its own transaction. `BatchWriter` (used by
`etl load`) writes many per transaction, bounded by BATCH_DOCUMENTS, BATCH_BYTES and
BATCH_SECONDS, each document inside its own SAVEPOINT so that one failing document rolls
back alone; `known_documents` reads, in one query, what a reload needs to skip files, and
`BatchWriter.lookup` what is stored for one file, inside the write transaction.

Load runs (`open_run`, `finish_run`) record the process that runs them (pid and host), so
that the next run can mark a `running` run whose process is gone as `interrupted`. A
lock held by another connection past the busy timeout raises `DatabaseLocked` from
these and from the BatchWriter (which then rolls back its open transaction).
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    RootTransaction,
    bindparam,
    delete,
    exists,
    func,
    insert,
    inspect,
    select,
    update,
)

from etl import PARSER_VERSION, __version__
from etl.db import models as m
from etl.db.engine import DatabaseLocked, begin_write, bulk_write_connection, is_locked, locked_error, use_wal
from etl.db.rows import DocumentRows, Row, build_rows, finding_row, utc_now
from etl.db.search_rows import FTS_TABLES, index_text, search_rows
from etl.findings import Finding
from etl.normalise import NormalisedDocument
from etl.parse.records import ParsedDocument
from etl.read import RawDocument

DocumentState = Literal["new", "unchanged", "changed", "outdated", "duplicate"]
RunStatus = Literal["running", "completed", "failed", "interrupted"]


# --- load runs -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OpenedRun:
    id: int
    interrupted: tuple[int, ...]  # earlier runs found dead and marked interrupted (not those deleted)


@contextmanager
def _write(engine: Engine, doing: str) -> Iterator[Connection]:
    """One write transaction of a load (write lock taken up front) on a database put in
    WAL mode first; a lock held past the busy timeout raises DatabaseLocked."""
    with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
        wal = use_wal(conn) if engine.dialect.name == "sqlite" else None
        try:
            with conn.begin():
                yield conn
        except Exception as exc:
            if is_locked(exc):
                raise locked_error(doing=doing, wal=wal) from None
            raise


def open_run(engine: Engine, *, command: str, parser_version: int = PARSER_VERSION) -> OpenedRun:
    """Open a load run (status running, with this process's pid and host) after marking
    the runs whose process is gone; return its id and the runs marked."""
    with _write(engine, "starting the load run") as conn:
        marked = _mark_dead_runs(conn)
        run_id = conn.execute(
            insert(m.LoadRun).returning(m.LoadRun.id),
            {"started_at": utc_now(), "status": "running", "command": command, "tool_version": __version__,
             "parser_version": parser_version, "pid": os.getpid(), "host": socket.gethostname()},
        ).scalar_one()
    return OpenedRun(run_id, marked)


def start_run(engine: Engine, *, command: str, parser_version: int = PARSER_VERSION) -> int:
    """Open a load run (see `open_run`) and return its id."""
    return open_run(engine, command=command, parser_version=parser_version).id


def _mark_dead_runs(conn: Connection) -> tuple[int, ...]:
    """Mark `interrupted` every running run of this host whose process is gone, and every
    running run stored before runs recorded their process (no pid); runs of other hosts
    cannot be checked and are left. Its counts become what it had committed: documents
    still attributed to it (files_loaded), files with a problem and no document
    (files_failed), their sum (files_seen); files_unchanged is not known (0). A dead run
    that committed nothing is deleted, as a run that changed nothing is."""
    here = socket.gethostname()
    r = m.LoadRun
    running = conn.execute(select(r.id, r.pid, r.host, r.started_at).where(r.status == "running")).all()
    dead = [row.id for row in running
            if row.pid is None or (row.host == here and not _process_alive(row.pid, row.started_at))]
    marked = []
    for run_id in dead:
        loaded = conn.execute(select(func.count()).where(m.Document.load_run_id == run_id)).scalar_one()
        failed = conn.execute(select(func.count(m.Problem.path.distinct())).where(
            m.Problem.load_run_id == run_id, m.Problem.document_id.is_(None))).scalar_one()
        wrote = conn.execute(select(exists().where(m.Problem.load_run_id == run_id))).scalar_one()
        if not loaded and not wrote:
            conn.execute(delete(r).where(r.id == run_id))
            continue
        conn.execute(update(r).where(r.id == run_id).values(
            status="interrupted", finished_at=utc_now(), files_seen=loaded + failed, files_loaded=loaded,
            files_unchanged=0, files_failed=failed))
        marked.append(run_id)
    return tuple(marked)


def _process_alive(pid: int, started_at: str) -> bool:
    """Whether process `pid` of this host is still the one that started a run at
    `started_at`: it exists, is not a zombie, and (where /proc tells) did not start later
    than the run (its pid reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process, alive
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime"))
    except (OSError, StopIteration, ValueError, IndexError):
        return True  # no /proc: trust the pid
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] in ("Z", "X"):  # a zombie: dead, not yet reaped by its parent
        return False
    process_start = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    started = datetime.fromisoformat(started_at)  # YYYY-MM-DD HH:MM:SS in UTC (older runs: with +00:00)
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return process_start <= started.timestamp() + 2  # started_at is whole seconds


def finish_run(engine: Engine, run_id: int, *, seen: int, loaded: int, unchanged: int, failed: int,
               status: RunStatus) -> None:
    """Close a load run with its file counts and final status."""
    with _write(engine, "recording the end of the load run") as conn:
        conn.execute(
            update(m.LoadRun).where(m.LoadRun.id == run_id).values(
                finished_at=utc_now(), status=status, files_seen=seen, files_loaded=loaded,
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
        | exists().where(m.DocumentName.load_run_id == run_id)
        | exists().where(m.Problem.load_run_id == run_id),
    )
    with _write(engine, "removing the empty load run") as conn:
        if conn.execute(wrote).first() is not None:
            return False
        return conn.execute(delete(m.LoadRun).where(m.LoadRun.id == run_id)).rowcount > 0


# --- documents ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name:
    """A file a document is stored under: its source key (identity), display path, file
    name and modification time (st_mtime_ns) when read."""

    source_key: str
    path: str
    file_name: str
    mtime: int | None = None


def _default_name(rows: DocumentRows, mtime: int | None = None) -> Name:
    d = rows.document
    return Name(d["path"], d["path"], d["file_name"], mtime)


def document_state(engine: Engine, source_key: str, sha256: str, parser_version: int) -> tuple[DocumentState, int | None]:
    """What storing this file would be, with the id of the stored document concerned:

    - new: neither the source key nor the content is stored (id None);
    - unchanged: the key is stored with this content by this (or a newer) parser;
    - changed: the key is stored with other content;
    - outdated: the key is stored with this content by an older parser;
    - duplicate: this content is stored under another key (that document's id).
    """
    with engine.connect() as conn:
        found = _Inserter(conn).lookup(source_key, sha256)
    if found.name is not None:
        if found.name.sha256 != sha256:
            return "changed", found.name.id
        return ("unchanged" if found.name.parser_version >= parser_version else "outdated"), found.name.id
    return ("duplicate", found.document[0]) if found.document is not None else ("new", None)


def store_document(engine: Engine, run_id: int, *, path: str, raw: RawDocument, norm: NormalisedDocument,
                   parsed: ParsedDocument, parser_version: int, mtime: int | None = None,
                   source_key: str | None = None) -> dict[str, int]:
    """Write one document, everything parsed from it and its findings, in one
    transaction, under the name `source_key` (default: `path`), replacing the document
    that holds the same content. Returns the rows added per table (tables with none left out)."""
    rows = build_rows(path=path, raw=raw, norm=norm, parsed=parsed, parser_version=parser_version,
                      loaded_at=utc_now())
    name = Name(source_key or path, path, raw.path.name, mtime)
    with begin_write(engine) as conn:
        return _Inserter(conn).store(run_id, rows, name)[1]


def _insert(conn: Connection, run_id: int, rows: DocumentRows) -> tuple[int, dict[str, int]]:
    """Insert the rows of one document, parents first; return its id and the rows added
    per table (see `_Inserter`)."""
    return _Inserter(conn).document(run_id, rows)


# Child columns holding local keys, with the table whose ids replace them.
_REFS: dict[str, tuple[tuple[str, str], ...]] = {
    "attendees": (("meeting_id", "meetings"), ("person_id", "people")),
    "attendee_titles": (("attendee_id", "attendees"),),
    "attendee_roles": (("attendee_id", "attendees"),),
    "directives": (("meeting_id", "meetings"), ("speaker_person_id", "people")),
    "directive_categories": (("directive_id", "directives"),),
    "meeting_locations": (("meeting_id", "meetings"), ("location_id", "locations")),
}
# Tables in insert order: parents before their children.
_ORDER = ("people", "meetings", "locations", "attendees", "segments", "attendee_titles", "attendee_roles",
          "directives", "directive_categories", "meeting_locations", "credits", "mentions", "problems")
_TABLES = m.Base.metadata.tables


def _shift(first: int, local: int | None) -> int | None:
    """The id of a parent row from its local key (position in its document's list)."""
    return None if local is None else first + local


class _Inserter:
    """Inserts rows with one executemany per table on the DBAPI cursor, numbering the
    primary keys here: each table's next id is read once (`max(id) + 1`, what SQLite
    gives a table without AUTOINCREMENT) and counted on, so that child rows get their
    parents' ids without reading them back. The counts are only valid inside the
    write transaction that read them and while no row is deleted: `forget` them at a
    new transaction, after a delete and after a rollback (SQLite then reuses the ids of
    the rows that are gone, and so does the next read)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cursor: Any = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        self.next_ids: dict[str, int] = {}
        self._statements: dict[tuple[str, tuple[str, ...]], str] = {}

    def forget(self) -> None:
        self.next_ids.clear()

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.cursor.execute(sql, params)

    def sql(self, text: str, params: tuple[Any, ...] = ()) -> Any:
        """Run `text` (with ? placeholders) on the cursor; returns the cursor."""
        style = self.conn.dialect.paramstyle
        if style != "qmark":
            marks = iter(self._marks(text.count("?")))
            text = re.sub(r"\?", lambda _: next(marks), text)
        self.cursor.execute(text, params)
        return self.cursor

    def one(self, text: str, params: tuple[Any, ...] = ()) -> Any:
        row = self.sql(text, params).fetchone()
        return None if row is None else row[0]

    # --- names and identity: every query here uses an index (source_key, sha256, document_id)

    def lookup(self, source_key: str, sha256: str) -> Lookup:
        """The name stored under `source_key` and the document holding `sha256`, if any."""
        row = self.sql(f"{_KNOWN} WHERE n.source_key = ?", (source_key,)).fetchone()
        doc = self.sql("SELECT id, parser_version FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return Lookup(KnownName(*row) if row else None, (doc[0], doc[1]) if doc else None)

    def names_of(self, document_id: int) -> list[KnownName]:
        """The names of a document, first name first."""
        found = self.sql(f"{_KNOWN} WHERE n.document_id = ? ORDER BY n.id", (document_id,)).fetchall()
        return list(itertools.starmap(KnownName, found))

    def store(self, run_id: int, rows: DocumentRows, name: Name, drop: str | None = None) -> tuple[int, dict[str, int]]:
        """Insert a document under `name`. The document holding the same content (an
        older parser's) is deleted and its names carried over, `name` moves here from
        any other document, `drop` (a name whose file is gone) is removed; a document
        left without names is deleted. Returns the new id and the rows added per table."""
        carried: list[Name] = []
        old = self.one("SELECT id FROM documents WHERE sha256 = ?", (rows.document["sha256"],))
        if old is not None:
            carried = [n for n in self._names_rows(old) if n.source_key != drop]
            self.unindex(old)
            self.sql("DELETE FROM documents WHERE id = ?", (old,))  # its names go with it
            self.forget()  # SQLite gives the freed ids again
        touched = {d for d in (self._unname(name.source_key), self._unname(drop)) if d is not None and d != old}
        names = [name if n.source_key == name.source_key else n for n in carried]
        if name not in names:
            names.append(name)
        self.settle(touched)
        rows.document["path"], rows.document["file_name"] = names[0].path, names[0].file_name
        doc_id, added = self.document(run_id, rows)
        self.names(run_id, doc_id, names)
        return doc_id, added

    def add_name(self, run_id: int, document_id: int, name: Name) -> None:
        """Record `name` as a name of a stored document (moving it from another one)."""
        previous = self._unname(name.source_key)
        self.names(run_id, document_id, [name])
        self.settle({d for d in (previous, document_id) if d is not None})

    def rename(self, run_id: int, old_key: str, name: Name) -> int | None:
        """Move the name `old_key` (whose file is gone) to `name`, keeping its document;
        returns the document id (None when `old_key` is no longer stored)."""
        doc = self.one("SELECT document_id FROM document_names WHERE source_key = ?", (old_key,))
        if doc is not None:
            self.sql("UPDATE document_names SET source_key = ?, path = ?, file_name = ?, mtime = ?, load_run_id = ?"
                     " WHERE source_key = ?", (name.source_key, name.path, name.file_name, name.mtime, run_id, old_key))
            self.settle({doc})
        return doc

    def settle(self, document_ids: set[int]) -> None:
        """Delete the documents left without a name; give the others their first name's path."""
        for doc in sorted(document_ids):
            if self.one("SELECT 1 FROM document_names WHERE document_id = ? LIMIT 1", (doc,)) is None:
                self.unindex(doc)
                self.sql("DELETE FROM documents WHERE id = ?", (doc,))
                self.forget()
            else:
                self.sql("UPDATE documents SET (path, file_name) = (SELECT path, file_name FROM document_names"
                         " WHERE document_id = ? ORDER BY id LIMIT 1) WHERE id = ?", (doc, doc))

    def names(self, run_id: int, document_id: int, names: list[Name]) -> None:
        first = self.take("document_names", len(names))
        columns = ("id", "document_id", "load_run_id", "source_key", "path", "file_name", "mtime")
        self.cursor.executemany(self.statement("document_names", columns), [
            (i, document_id, run_id, n.source_key, n.path, n.file_name, n.mtime) for i, n in enumerate(names, first)])

    def _names_rows(self, document_id: int) -> list[Name]:
        found = self.sql("SELECT source_key, path, file_name, mtime FROM document_names WHERE document_id = ?"
                         " ORDER BY id", (document_id,)).fetchall()
        return list(itertools.starmap(Name, found))

    def _unname(self, source_key: str | None) -> int | None:
        """Delete the name `source_key`; return the document it named."""
        if source_key is None:
            return None
        doc = self.one("SELECT document_id FROM document_names WHERE source_key = ?", (source_key,))
        if doc is not None:
            self.sql("DELETE FROM document_names WHERE source_key = ?", (source_key,))
            self.forget()
        return doc

    def take(self, table: str, n: int) -> int:
        """The first of `n` new ids of `table`."""
        first = self.next_ids.get(table)
        if first is None:
            self.cursor.execute(f"SELECT max(id) FROM {table}")  # noqa: S608 (a model's table name)
            first = (self.cursor.fetchone()[0] or 0) + 1
        self.next_ids[table] = first + n
        return first

    def statement(self, table: str, columns: tuple[str, ...]) -> str:
        """INSERT of `columns` (parameters in that order) into `table`."""
        key = (table, columns)
        sql = self._statements.get(key)
        if sql is None:
            quote = self.conn.dialect.identifier_preparer.quote
            sql = self._statements[key] = (
                f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES ({', '.join(self._marks(len(columns)))})"
            )
        return sql

    def _marks(self, n: int) -> list[str]:
        style = self.conn.dialect.paramstyle
        if style == "qmark":
            return ["?"] * n
        if style == "format":
            return ["%s"] * n
        if style == "numeric":
            return [f":{i}" for i in range(1, n + 1)]
        raise NotImplementedError(f"DBAPI paramstyle {style}")

    def rows(self, table: str, lineage: tuple[Any, ...], values: list[Row],
             firsts: dict[str, int]) -> int:
        """Insert `values` (dicts with the same keys) with `lineage` (load run id,
        document id) in front; their local keys become ids from `firsts` (the first id of
        each parent table in this document). Returns the first id given."""
        if not values:
            return 0
        first = self.take(table, len(values))
        refs = _REFS.get(table, ())
        ref_names = {c for c, _ in refs}
        plain = tuple(k for k in values[0] if k not in ref_names)
        columns = ("id", "load_run_id", "document_id", *(c for c, _ in refs), *plain)
        get = itemgetter(*plain) if len(plain) > 1 else lambda v: (v[plain[0]],)
        run, doc = lineage
        params: list[tuple[Any, ...]]
        # unrolled by the number of local keys (at most two): this runs for every row stored
        if not refs:
            params = [(i, run, doc, *get(v)) for i, v in enumerate(values, first)]
        elif len(refs) == 1:
            ((a, parent_a),) = refs
            base_a = firsts[parent_a]
            params = [(i, run, doc, _shift(base_a, v[a]), *get(v)) for i, v in enumerate(values, first)]
        else:
            (a, parent_a), (b, parent_b) = refs
            base_a, base_b = firsts[parent_a], firsts[parent_b]
            params = [(i, run, doc, _shift(base_a, v[a]), _shift(base_b, v[b]), *get(v))
                      for i, v in enumerate(values, first)]
        self.cursor.executemany(self.statement(table, columns), params)
        return first

    def document(self, run_id: int, rows: DocumentRows) -> tuple[int, dict[str, int]]:
        doc = {"load_run_id": run_id} | rows.document
        doc_id = self.take("documents", 1)
        columns = ("id", *doc)
        self.cursor.execute(self.statement("documents", columns), (doc_id, *doc.values()))
        lineage = (run_id, doc_id)
        firsts: dict[str, int] = {}
        for table in _ORDER:
            firsts[table] = self.rows(table, lineage, getattr(rows, table), firsts)
        firsts["documents"] = doc_id
        self.index(rows.search or search_rows(rows), firsts)
        return doc_id, {"documents": 1} | {name: n for name, n in rows.counts().items() if n}

    # --- the full-text index (etl.db.search_rows): FTS5 tables do not cascade

    def index(self, search: dict[str, list[str]], firsts: dict[str, int]) -> None:
        """Add a document's rows to the FTS tables (`firsts`: each table's first new id)."""
        for table in FTS_TABLES:
            texts = search.get(table.name)
            if texts:
                sql = f"INSERT INTO {table.name} (rowid, {table.column}) VALUES ({', '.join(self._marks(2))})"
                self.cursor.executemany(sql, list(enumerate(texts, firsts[table.content])))

    def unindex(self, document_id: int) -> None:
        """Remove a stored document's rows from the FTS tables, before it is deleted: an
        external-content FTS5 table forgets a row given the text it indexed, which is
        computed again from the stored text."""
        for table in FTS_TABLES:
            key = "id" if table.content == "documents" else "document_id"
            found = self.sql(f"SELECT id, {table.column} FROM {table.content} WHERE {key} = ?",  # noqa: S608
                             (document_id,)).fetchall()
            if found:
                sql = (f"INSERT INTO {table.name} ({table.name}, rowid, {table.column}) "
                       f"VALUES ('delete', {', '.join(self._marks(2))})")
                self.cursor.executemany(sql, [(i, index_text(t)) for i, t in found])


# --- many documents per transaction (etl load) ---------------------------------------------

@dataclass(frozen=True, slots=True)
class KnownName:
    """A stored file name with what a reload needs to skip its file: the document's id,
    size, sha256 and parser version."""

    name_id: int
    id: int  # the document's
    source_key: str
    path: str
    size_bytes: int
    mtime: int | None
    sha256: str
    parser_version: int


@dataclass(frozen=True, slots=True)
class Lookup:
    """What the database holds for a file being stored (read inside the write transaction)."""

    name: KnownName | None  # the name with the file's source key
    document: tuple[int, int] | None  # (id, parser_version) of the document with the file's content


_KNOWN = ("SELECT n.id, d.id, n.source_key, n.path, d.size_bytes, n.mtime, d.sha256, d.parser_version"
          " FROM document_names n JOIN documents d ON d.id = n.document_id")


def known_documents(engine: Engine) -> list[KnownName]:
    """Every stored name with its document's size, sha256 and parser version (one query)."""
    with engine.connect() as conn:
        found = conn.exec_driver_sql(_KNOWN)
        return list(itertools.starmap(KnownName, found.all()))


@dataclass(frozen=True, slots=True)
class Summary:
    """What tells an edited version of a stored document (etl.load_run): its headline,
    its first meeting's (year, month, day) and the length of its normalised text."""

    id: int
    title: str | None
    date: tuple[int | None, int | None, int | None] | None
    length: int


def summaries(engine: Engine, document_ids: list[int]) -> list[Summary]:
    """The `Summary` of each of these documents (two queries per 500)."""
    d, mt = m.Document, m.Meeting
    found: list[Summary] = []
    with engine.connect() as conn:
        for at in range(0, len(document_ids), 500):  # within SQLite's limit of bound parameters
            ids = document_ids[at:at + 500]
            dates = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
                select(mt.document_id, mt.year, mt.month, mt.day).where(mt.document_id.in_(ids), mt.seq == 1))}
            rows = conn.execute(select(d.id, d.title, func.length(d.normalised_text)).where(d.id.in_(ids)))
            found += [Summary(i, title, dates.get(i), length) for i, title, length in rows]
    return found


def normalised_text(engine: Engine, document_id: int) -> str | None:
    """One document's normalised text (None when it is no longer stored)."""
    with engine.connect() as conn:
        return conn.execute(select(m.Document.normalised_text).where(m.Document.id == document_id)).scalar()


BATCH_DOCUMENTS = 200  # documents and failed files per transaction
BATCH_BYTES = 20_000_000  # characters of raw text, normalised text and offset map per transaction
BATCH_SECONDS = 5.0  # a transaction open longer than this is committed after the next document
BATCH_TOUCHES = 10_000  # new mtimes of unchanged files kept before they are written


class BatchWriter:
    """Writes a load run's documents many per transaction on one connection.

    `with BatchWriter(engine, run_id) as writer:` then, in input order, `store` (a
    document, in its own SAVEPOINT: if it fails it rolls back alone and the exception
    propagates, the batch goes on), `problem` (a file that failed) and `touch` (record
    the new mtime of an unchanged file; written with one executemany at commit). A
    transaction is committed when it holds BATCH_DOCUMENTS entries or BATCH_BYTES of text,
    or has been open BATCH_SECONDS, and on leaving the block; an exception leaving the
    block rolls back only the open transaction. Ids are those one transaction per
    document would give: every insert happens in input order on the one connection.
    A lock held by another connection past the busy timeout loses the open transaction
    (every entry since the last commit) and raises DatabaseLocked; `in_transaction` tells
    the caller which of its entries are committed.
    """

    def __init__(self, engine: Engine, run_id: int, *, max_documents: int = BATCH_DOCUMENTS,
                 max_bytes: int = BATCH_BYTES, max_seconds: float = BATCH_SECONDS) -> None:
        self.engine, self.run_id = engine, run_id
        self.max_documents, self.max_bytes, self.max_seconds = max_documents, max_bytes, max_seconds
        self._hold: AbstractContextManager[Connection] | None = None
        self._conn: Connection | None = None
        self._tx: RootTransaction | None = None
        self._inserter: _Inserter | None = None
        self._entries = self._bytes = 0
        self._opened = 0.0
        self._touches: list[dict[str, int]] = []
        self._wal: bool | None = None
        self.transactions = 0  # committed so far
        self.lost = 0  # rolled back because the database stayed locked

    def __enter__(self) -> BatchWriter:
        self._hold = bulk_write_connection(self.engine)
        self._conn = self._hold.__enter__()
        self._wal = self._conn.info.get("wal")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self._hold is not None
        try:
            if kind is None:
                self.commit()
            elif self._tx is not None:
                self._tx.rollback()
        finally:
            self._tx = None
            self._hold.__exit__(kind, exc, tb)

    @property
    def in_transaction(self) -> bool:
        """Whether entries are written but not committed yet."""
        return self._tx is not None

    def store(self, rows: DocumentRows, name: Name | None = None, *, drop: str | None = None) -> tuple[int, dict[str, int]]:
        """Insert a document under `name` (default: its path), replacing the document with
        the same content and moving the name as `_Inserter.store` says; return its id and
        the rows added per table."""
        d = rows.document
        size = len(d["raw_text"]) + len(d["normalised_text"]) + len(d["offset_map"])
        with self._locks():
            ins = self._begin()
            d["loaded_at"] = utc_now()
            ins.execute("SAVEPOINT document")
            try:
                added = ins.store(self.run_id, rows, name or _default_name(rows), drop)
            except BaseException as exc:
                if is_locked(exc):
                    raise  # the whole transaction goes (`_locks`)
                ins.forget()
                ins.execute("ROLLBACK TO document")
                ins.execute("RELEASE document")
                self._added(size)
                raise
            ins.execute("RELEASE document")
            self._added(size)
            return added

    def lookup(self, source_key: str, sha256: str) -> Lookup:
        """What is stored under this key and this content, read in the write transaction
        (which holds the write lock: no other writer can change it before this one commits)."""
        with self._locks():
            return self._begin().lookup(source_key, sha256)

    def names_of(self, document_id: int) -> list[KnownName]:
        with self._locks():
            return self._begin().names_of(document_id)

    def add_name(self, document_id: int, name: Name) -> None:
        """Record another file with the content of a stored document."""
        with self._locks():
            self._begin().add_name(self.run_id, document_id, name)
            self._added(0)

    def rename(self, old_key: str, name: Name) -> int | None:
        """Move a name whose file is gone to `name` (a renamed file); the document id."""
        with self._locks():
            doc = self._begin().rename(self.run_id, old_key, name)
            self._added(0)
            return doc

    def problem(self, *, path: str, finding: Finding, sha256: str | None = None) -> None:
        """A problem row of a file that failed to load."""
        with self._locks():
            ins = self._begin()
            ins.rows("problems", (self.run_id, None), [finding_row(finding, path, sha256)], {})
            self._added(len(finding.message))

    def touch(self, name_id: int, mtime: int) -> None:
        """Record the mtime of a stored name whose file is unchanged but was touched."""
        self._touches.append({"name_id": name_id, "new_mtime": mtime})
        if len(self._touches) >= BATCH_TOUCHES:
            self.commit()

    def commit(self) -> None:
        """Write the pending mtimes and commit the open transaction, if any."""
        with self._locks():
            if self._touches:
                conn = self._begin().conn
                conn.execute(
                    update(m.DocumentName).where(m.DocumentName.id == bindparam("name_id")).values(mtime=bindparam("new_mtime"))
                    .execution_options(synchronize_session=False),
                    self._touches,
                )
                self._touches = []
            if self._tx is not None:
                self._tx.commit()
                self._tx = None
                self.transactions += 1
            self._entries = self._bytes = 0

    @contextmanager
    def _locks(self) -> Iterator[None]:
        """A lock held by another connection past the busy timeout, anywhere in a
        transaction, loses the whole transaction: it is rolled back (with the pending
        mtimes) and DatabaseLocked raised; the next entry opens a new one."""
        try:
            yield
        except DatabaseLocked:
            raise  # an inner call has rolled back already
        except Exception as exc:
            if not is_locked(exc):
                raise
            self._abandon()
            raise locked_error(doing="storing documents", wal=self._wal) from None

    def _abandon(self) -> None:
        assert self._conn is not None
        self._tx = None
        tx = self._conn.get_transaction()  # also one whose BEGIN or COMMIT failed (inactive)
        if tx is not None:
            tx.rollback()
        driver: Any = self._conn.connection.driver_connection
        if driver.in_transaction:  # a COMMIT that failed leaves SQLite's transaction open
            driver.execute("ROLLBACK")
        self._touches = []
        self._entries = self._bytes = 0
        self.lost += 1

    def _begin(self) -> _Inserter:
        assert self._conn is not None, "use BatchWriter in a with block"
        if self._inserter is None:
            self._inserter = _Inserter(self._conn)
        if self._tx is None:
            self._tx = self._conn.begin()
            self._inserter.forget()  # another writer may have written since the last commit
            self._opened = time.monotonic()
        return self._inserter

    def _added(self, size: int) -> None:
        self._entries += 1
        self._bytes += size
        if (self._entries >= self.max_documents or self._bytes >= self.max_bytes
                or time.monotonic() - self._opened >= self.max_seconds):
            self.commit()


# --- problems and counts -----------------------------------------------------------------

def record_problem(engine: Engine, run_id: int, *, path: str, finding: Finding, sha256: str | None = None,
                   document_id: int | None = None) -> None:
    """Store one problem in its own transaction (typically a file that failed to load)."""
    with begin_write(engine) as conn:
        conn.execute(insert(m.Problem), {
            "load_run_id": run_id, "document_id": document_id, **finding_row(finding, path, sha256),
        })


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the models (those the database has; not the lookup tables, which
    loads never write), in one read transaction."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names()) - set(m.LOOKUP_TABLES)
        return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in m.Base.metadata.tables.items() if name in present}
