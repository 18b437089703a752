"""A reload with nothing to do, told without importing the parser or SQLAlchemy.

Re-running `etl load` on files already loaded is the common case (a cron job, a parser
check), and most of its time would go into starting up: SQLAlchemy, the models and the
parser take longer to import than reading the stored names and the files' stats. So the
CLI first asks `unchanged_reload`, which reads the database with the standard library's
sqlite3 module, writing nothing, and answers only when every file named is stored
under its source key with the same size and modification time by the current parser
(`etl.discover.unchanged_by_stat`, the rule `etl.load_run` applies too), the database's
schema is the known-good head (`etl.db.head`), and no run is marked running (the full
path marks dead ones). Anything else, including any error, returns None and the full
load runs: it decides, reports and records everything this module does not.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from etl import PARSER_VERSION
from etl.db.head import HEAD_SCHEMA_DIGESTS, SCHEMA_SQL, VERSION_TABLE, digest_of
from etl.db.settings import busy_timeout
from etl.discover import InputFile, discover, key_of, unchanged_by_stat
from etl.load_report import FileOutcome, LoadReport

_STORED = ("SELECT n.source_key, d.size_bytes, n.mtime, d.parser_version"
           " FROM document_names n JOIN documents d ON d.id = n.document_id")


def unchanged_reload(db: Path, paths: Iterable[Path], *, max_bytes: int, base: Path | None = None,
                     files: Iterable[InputFile] | None = None) -> LoadReport | None:
    """The report of a load of `paths` into the SQLite file `db` in which every file is
    unchanged (run_id None: such a run is not kept), or None when the full load must run.
    `files`: `paths` already discovered."""
    stored = _stored(db)
    if stored is None:
        return None
    real_base = os.path.realpath(base or Path.cwd())
    outcomes: list[FileOutcome] = []
    for file in discover(paths) if files is None else files:
        if not file.exists or file.error is not None:
            return None
        source = file.resolved or os.path.realpath(file.path)
        known = stored.get(source)
        if known is None:
            return None
        try:
            info = file.info or os.stat(file.path)
        except OSError:
            return None
        if (max_bytes and info.st_size > max_bytes) or not unchanged_by_stat(info, *known, PARSER_VERSION):
            return None
        outcomes.append(FileOutcome(key_of(source, real_base), "unchanged", "already loaded"))
    return LoadReport(None, outcomes)


def _stored(db: Path) -> dict[str, tuple[int, int | None, int]] | None:
    """(size, mtime, parser version) by source key, when `db` is a writable SQLite file at
    the known-good head with no run marked running; else None."""
    if "://" in str(db) or not os.path.isfile(db) or not os.access(db, os.R_OK | os.W_OK):
        return None
    try:
        uri = f"file:{quote(os.path.abspath(db))}?mode=rw"
        with closing(sqlite3.connect(uri, uri=True, timeout=busy_timeout())) as con:
            schema = con.execute(SCHEMA_SQL).fetchall()
            if not any(row[1] == VERSION_TABLE for row in schema):
                return None
            revision = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            if digest_of(revision[0] if revision else None, schema) not in HEAD_SCHEMA_DIGESTS:
                return None
            if con.execute("SELECT 1 FROM load_runs WHERE status = 'running' LIMIT 1").fetchone():
                return None
            return {key: (size, mtime, parser) for key, size, mtime, parser in con.execute(_STORED)}
    except (sqlite3.Error, ValueError):
        return None
