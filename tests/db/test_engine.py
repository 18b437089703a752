"""SQLite engine settings: URLs, pragmas on every connection, real transactions."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from etl.db.engine import BUSY_TIMEOUT_MS, begin_write, create_engine_for, database_url, sqlite_url


@pytest.mark.parametrize(
    ("target", "url"),
    [
        pytest.param("etl.db", "sqlite+pysqlite:///etl.db", id="relative-path"),
        pytest.param(Path("/data/會議 2021.db"), "sqlite+pysqlite:////data/會議 2021.db", id="absolute-cjk-path"),
        pytest.param("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db", id="url-passes-through"),
    ],
)
def test_database_url(target, url: str) -> None:
    assert database_url(target) == url


def test_sqlite_url_of_path() -> None:
    assert sqlite_url(Path("out") / "x.db") == "sqlite+pysqlite:///out/x.db"


def test_every_connection_gets_the_pragmas(tmp_path: Path) -> None:
    engine = create_engine_for(tmp_path / "p.db")
    for _ in range(2):  # a fresh connection each time
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == BUSY_TIMEOUT_MS
        engine.dispose()


def test_ddl_is_transactional(tmp_path: Path) -> None:
    engine = create_engine_for(tmp_path / "t.db")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        raise RuntimeError("rolled back")
    assert inspect(engine).get_table_names() == []


def test_begin_write_takes_the_write_lock_up_front(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    engine = create_engine_for(path)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    with begin_write(engine) as conn:
        conn.execute(text("SELECT count(*) FROM t"))  # only a read so far, yet the lock is held
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t VALUES (1)")
        other.close()
        conn.execute(text("INSERT INTO t VALUES (2)"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x FROM t")).scalars().all() == [2]


def test_writer_waits_for_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    engine = create_engine_for(path)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.3, holder.execute, args=("COMMIT",)).start()
    with begin_write(engine) as conn:  # waits (busy timeout) instead of failing
        conn.execute(text("INSERT INTO t VALUES (2)"))
    holder.close()
    with engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT x FROM t")).scalars()) == [1, 2]
