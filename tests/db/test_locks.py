"""Locks and dead runs at the store level: the busy timeout setting, a transaction lost
to another connection's lock, and runs whose process is gone marked interrupted."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from etl.db import engine as engine_mod
from etl.db import store
from etl.db.engine import BadSetting, DatabaseLocked, busy_timeout, create_engine_for, is_locked
from etl.db.rows import utc_now
from etl.findings import Finding

from .test_store import rows_of


@pytest.fixture
def quick(tmp_path: Path, migrated_template: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A database at head whose connections wait 0.2 s for a lock."""
    monkeypatch.setenv("ETL_BUSY_TIMEOUT", "0.2")
    path = tmp_path / "quick.db"
    shutil.copyfile(migrated_template, path)
    return create_engine_for(path)


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def paths(engine: Engine) -> list[str]:
    return [p for p, in rows(engine, "SELECT path FROM documents ORDER BY id")]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param(None, 30.0, id="default"),
        pytest.param("0.25", 0.25, id="fraction"),
        pytest.param(" 60 ", 60.0, id="spaces"),
        pytest.param("0", 0.0, id="no-wait"),
        pytest.param("abc", None, id="not-a-number"),
        pytest.param("-1", None, id="negative"),
        pytest.param("nan", None, id="nan"),
    ],
)
def test_busy_timeout_setting(value: str | None, seconds: float | None, monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    if value is None:
        monkeypatch.delenv("ETL_BUSY_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("ETL_BUSY_TIMEOUT", value)
    if seconds is None:
        with pytest.raises(BadSetting, match="ETL_BUSY_TIMEOUT"):
            busy_timeout()
        return
    assert busy_timeout() == seconds
    with create_engine_for(tmp_path / "t.db").connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == round(seconds * 1000)


def test_a_lock_past_the_timeout_is_recognised(quick: Engine) -> None:
    holder = sqlite3.connect(quick.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(Exception) as caught, engine_mod.begin_write(quick) as conn:
        conn.execute(text("DELETE FROM problems"))
    holder.execute("ROLLBACK")
    assert is_locked(caught.value)
    assert not is_locked(sqlite3.OperationalError("no such table: x"))


# --- BatchWriter: a lock loses the open transaction, the writer goes on ---------------------

def test_a_lock_at_begin_loses_only_that_document(quick: Engine, documents) -> None:
    run = store.start_run(quick, command="test")
    holder = sqlite3.connect(quick.url.database, isolation_level=None)
    with store.BatchWriter(quick, run) as writer:
        writer.store(rows_of(documents["small"]("a.txt"), "a.txt"))
        writer.commit()
        holder.execute("BEGIN IMMEDIATE")  # another writer takes the lock and keeps it
        with pytest.raises(DatabaseLocked, match="another process is writing"):
            writer.store(rows_of(documents["small"]("b.txt"), "b.txt"))
        assert not writer.in_transaction
        holder.execute("ROLLBACK")
        writer.store(rows_of(documents["full"]("c.txt"), "c.txt"))
    assert (writer.transactions, writer.lost) == (2, 1)
    assert paths(quick) == ["a.txt", "c.txt"]
    assert rows(quick, "PRAGMA integrity_check") == [("ok",)]


def test_a_lock_at_commit_loses_the_whole_batch(quick: Engine, documents, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside WAL mode (here: the switch disabled) a reader's open transaction stops the
    commit; everything since the last commit is rolled back, and the writer goes on."""
    with sqlite3.connect(quick.url.database, isolation_level=None) as switch:
        assert switch.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)

    def no_wal(conn) -> bool:
        conn.info["wal"] = False
        return False

    monkeypatch.setattr(engine_mod, "use_wal", no_wal)
    monkeypatch.setattr(store, "use_wal", no_wal)
    run = store.start_run(quick, command="test")
    reader = sqlite3.connect(quick.url.database, isolation_level=None)
    with store.BatchWriter(quick, run, max_documents=2) as writer:
        writer.store(rows_of(documents["small"]("a.txt"), "a.txt"))
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM documents").fetchone()
        with pytest.raises(DatabaseLocked, match="not in WAL mode"):
            writer.store(rows_of(documents["full"]("b.txt"), "b.txt"))  # the 2nd: commit
        assert not writer.in_transaction
        reader.execute("COMMIT")
        writer.store(rows_of(documents["full"]("c.txt"), "c.txt"))
        writer.problem(path="d.txt", finding=Finding("read", "empty_file", "file is empty", "error"))
    assert paths(quick) == ["c.txt"]
    assert rows(quick, "SELECT path FROM problems WHERE document_id IS NULL") == [("d.txt",)]
    assert rows(quick, "PRAGMA integrity_check") == [("ok",)]
    assert rows(quick, "PRAGMA foreign_key_check") == []


def test_the_start_of_a_run_reports_a_lock(quick: Engine) -> None:
    holder = sqlite3.connect(quick.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(DatabaseLocked, match=r"^starting the load run: the database stayed locked for more than 0.2 s"):
        store.start_run(quick, command="test")
    holder.execute("ROLLBACK")
    assert rows(quick, "SELECT count(*) FROM load_runs") == [(0,)]


# --- runs whose process is gone ----------------------------------------------------------

def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    proc.wait()  # reaped: the pid is free
    return proc.pid


@pytest.mark.parametrize(
    ("pid", "host", "started", "wrote", "after"),
    [
        pytest.param("dead", "here", "now", "document", ("interrupted", 1, 0), id="dead-with-a-document"),
        pytest.param("dead", "here", "now", "problem", ("interrupted", 0, 1), id="dead-with-a-failed-file"),
        pytest.param("dead", "here", "now", "nothing", None, id="dead-and-empty-is-deleted"),
        pytest.param("none", None, "now", "document", ("interrupted", 1, 0), id="from-before-0004"),
        pytest.param("alive", "here", "now", "document", ("running", 0, 0), id="alive-is-a-concurrent-load"),
        pytest.param("alive", "here", "2000-01-01T00:00:00+00:00", "document", ("interrupted", 1, 0),
                     id="pid-reused-by-a-later-process"),
        pytest.param("dead", "elsewhere", "now", "document", ("running", 0, 0), id="other-host-left-alone"),
    ],
)
def test_runs_whose_process_is_gone_are_marked(engine: Engine, documents, pid: str, host: str | None,
                                                started: str, wrote: str, after: tuple | None) -> None:
    pids = {"dead": dead_pid(), "alive": None, "none": None}
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO load_runs (id, started_at, status, command, tool_version, parser_version, pid, host, "
            "files_seen, files_loaded, files_unchanged, files_failed) "
            "VALUES (1, :started, 'running', 'etl load old', '0', 1, :pid, :host, 0, 0, 0, 0)"),
            {"started": utc_now() if started == "now" else started,
             "pid": os.getpid() if pid == "alive" else pids[pid],
             "host": {"here": socket.gethostname(), "elsewhere": "another-host", None: None}[host]})
    if wrote == "document":
        raw, norm, parsed = documents["small"]("a.txt")
        store.store_document(engine, 1, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    elif wrote == "problem":
        store.record_problem(engine, 1, path="b.txt", finding=Finding("read", "empty_file", "file is empty", "error"))
    opened = store.open_run(engine, command="etl load x")
    found = rows(engine, "SELECT status, files_loaded, files_failed, files_seen, finished_at IS NOT NULL "
                         "FROM load_runs WHERE command = 'etl load old'")
    if after is None:
        assert found == []
        assert opened.interrupted == ()
        return
    status, loaded, failed = after
    assert found == [(status, loaded, failed, loaded + failed, status == "interrupted")]
    assert opened.interrupted == ((1,) if status == "interrupted" else ())
    assert rows(engine, f"SELECT status FROM load_runs WHERE id = {opened.id}") == [("running",)]
