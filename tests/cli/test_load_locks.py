"""`etl load` next to other connections: a reader holding a long read transaction (a BI
tool), a lock that outlasts the busy timeout mid-run, two loads at once. Never a
traceback: one line naming the cause, the files left for the next run, the run going
on. The busy timeout is made short with $ETL_BUSY_TIMEOUT."""

from __future__ import annotations

import contextlib
import itertools
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.benchmark.corpus import write_corpus
from etl.cli import app
from etl.db import migrate, store
from etl.db.engine import create_engine_for

from .test_crash_safety import start_load

runner = CliRunner()
QUICK = {"ETL_BUSY_TIMEOUT": "0.3"}


def etl(*args: str):
    return runner.invoke(app, list(args), env=QUICK)


def query(db: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


@contextlib.contextmanager
def reader_holding(db: Path):
    """A reader in the middle of a read transaction, as a BI tool keeps one."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    con.execute("SELECT count(*) FROM documents").fetchone()
    try:
        yield con
    finally:
        con.close()


def test_a_long_reader_neither_stops_nor_sees_a_half_load(seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "etl.db"
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    assert query(db, "PRAGMA journal_mode") == [("wal",)]  # from the first migration on
    with reader_holding(db) as reader:
        result = etl("load", str(seeds_copy), "--db", str(db))
        assert result.exit_code == 0, result.output
        assert "5 loaded" in result.stdout
        assert reader.execute("SELECT count(*) FROM documents").fetchone() == (0,)  # its snapshot
    assert query(db, "SELECT count(*) FROM documents") == [(5,)]


@pytest.mark.parametrize("start", [pytest.param("0003", id="older-schema"), pytest.param("head", id="at-head")])
def test_a_reader_outside_wal_mode_gets_one_line_and_the_next_run_loads(seeds_copy: Path, tmp_path: Path,
                                                                       start: str) -> None:
    """A database left in rollback-journal mode (by an older etl, or by hand) with a reader
    that started before the load: the switch to WAL mode cannot happen."""
    db = tmp_path / "old.db"
    engine = create_engine_for(db)
    migrate.upgrade(engine, start)
    engine.dispose()  # leaving WAL mode needs every other connection closed
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as con:
        assert con.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    with reader_holding(db):
        result = etl("load", str(seeds_copy), "--db", str(db))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {db}: switching the database to WAL mode (done once): the database stayed "
                           "locked for more than 0.3 s: another connection keeps a transaction open; ")
    assert line.endswith("run the same command again")
    again = etl("load", str(seeds_copy), "--db", str(db))
    assert again.exit_code == 0, again.output
    assert query(db, "PRAGMA journal_mode") == [("wal",)]
    assert query(db, "SELECT status, files_loaded FROM load_runs") == [("completed", 5)]


def test_a_lock_past_the_timeout_mid_run_leaves_its_files_for_the_next_run(
        seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer takes the lock between two batches and keeps it past the busy
    timeout: the file of the batch that could not begin is left, one line, the run goes
    on and the next run loads it."""
    db = tmp_path / "etl.db"
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    monkeypatch.setitem(store.BatchWriter.__init__.__kwdefaults__, "max_documents", 2)
    holder = sqlite3.connect(db, isolation_level=None)
    begins = itertools.count()
    real_begin = store.BatchWriter._begin

    def begin(writer: store.BatchWriter):
        if not writer.in_transaction:
            n = next(begins)
            if n == 1:
                holder.execute("BEGIN IMMEDIATE")  # the second batch finds the lock taken
            elif n == 2:
                holder.execute("ROLLBACK")  # and the third finds it free again
        return real_begin(writer)

    monkeypatch.setattr(store.BatchWriter, "_begin", begin)
    result = etl("load", str(seeds_copy), "--db", str(db), "-j", "1")
    monkeypatch.undo()
    holder.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and (
        ": not stored, left for the next run: the database stayed locked for more than 0.3 s: "
        "another process is writing to it") in line
    assert "files: 5 seen, 4 loaded, 0 unchanged, 1 failed" in result.stdout
    assert query(db, "SELECT status, files_loaded, files_failed FROM load_runs") == [("completed", 4, 1)]
    assert query(db, "SELECT count(*) FROM problems WHERE document_id IS NULL") == [(0,)]
    again = etl("load", str(seeds_copy), "--db", str(db))
    assert again.exit_code == 0, again.output
    assert "files: 5 seen, 1 loaded, 4 unchanged, 0 failed" in again.stdout
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_lock_at_the_start_is_one_line(seeds_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "etl.db"
    assert etl("db", "upgrade", "--db", str(db)).exit_code == 0
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        result = etl("load", str(seeds_copy), "--db", str(db))
        holder.execute("ROLLBACK")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {db}: starting the load run: the database stayed locked for more than 0.3 s")
    assert query(db, "SELECT count(*) FROM load_runs") == [(0,)]


@pytest.mark.parametrize("value", [pytest.param("soon", id="word"), pytest.param("-5", id="negative")])
def test_a_bad_busy_timeout_is_a_usage_error(value: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", str(tmp_path / "x.db")], env={"ETL_BUSY_TIMEOUT": value})
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ETL_BUSY_TIMEOUT=")
    assert not (tmp_path / "x.db").exists()


def test_two_loads_at_once_wait_for_each_other(tmp_path: Path) -> None:
    """Two real `etl load` processes writing the same database in small batches (disjoint
    folders; overlapping ones are the document identity's business): each waits on the
    busy timeout for the other's batch, neither dies with "database is locked"."""
    write_corpus(tmp_path / "all", 16, seed=5)
    for i, path in enumerate(sorted((tmp_path / "all").iterdir())):
        target = tmp_path / ("a" if i % 2 else "b")
        target.mkdir(exist_ok=True)
        shutil.move(path, target / path.name)
    db = tmp_path / "etl.db"
    loads = [start_load(folder, db, cwd=tmp_path, batch=2) for folder in ("a", "b")]
    outputs = [proc.communicate(timeout=300) for proc in loads]
    for proc, (_out, err) in zip(loads, outputs, strict=True):
        assert proc.returncode == 0, err
        assert err == ""
    assert query(db, "SELECT count(*) FROM documents") == [(16,)]
    assert query(db, "SELECT status, files_loaded FROM load_runs") == [("completed", 8), ("completed", 8)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
