"""Engines and connections: every SQLite specific lives here.

On SQLite, each connection gets `PRAGMA foreign_keys=ON` (SQLite's default is off) and a
busy timeout, and SQLAlchemy rather than Python's sqlite3 module emits BEGIN, so that a
transaction really covers every statement in it, DDL included (the sqlite3 module's
legacy mode lets CREATE/ALTER auto-commit one by one). PostgreSQL can become a second
target by adding its URL handling to `database_url`; the models, migrations and the store
use only portable SQLAlchemy constructs and the helpers below.

Bulk loading (`bulk_write_connection`, used by `etl load`): the database is switched to
`journal_mode=WAL`, which is persistent (it stays in the file; readers then no longer
block the writer, nor the writer readers, and a commit appends to the -wal file instead
of rewriting pages), and the loading connection runs with `synchronous=NORMAL` (fsync at
checkpoints, not at every commit: after a power cut the last transactions may be lost,
never consistency). The connection is put back to the default `synchronous=FULL` after.
Other callers (`begin_write`) keep one transaction per call with the defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another process's lock


class ForeignKeyViolation(Exception):
    """A schema change left rows pointing at rows that do not exist."""


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{Path(path)}"


def database_url(target: str | Path) -> str:
    """URL for a database: a URL passes through, anything else is a SQLite file path."""
    text = str(target)
    return text if "://" in text else sqlite_url(text)


def create_engine_for(path: str | Path) -> Engine:
    """Engine on a SQLite file (created on first write) with foreign keys enforced."""
    engine = create_engine(database_url(path))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # the "begin" listener below emits BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock up front: a transaction that reads before it writes
    # then waits for another writer (busy timeout) instead of failing with "locked".
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def begin_write(engine: Engine) -> AbstractContextManager[Connection]:
    """`with begin_write(engine) as conn:` a transaction that will write."""
    return engine.execution_options(sqlite_begin="IMMEDIATE").begin()


@contextmanager
def bulk_write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for many write transactions in a row (`conn.begin()` takes the write
    lock up front, as in `begin_write`), with the bulk settings above on SQLite."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
        if sqlite:  # pragmas outside a transaction: journal_mode cannot change inside one
            driver = conn.connection.driver_connection
            driver.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
            driver.execute("PRAGMA synchronous=NORMAL")  # type: ignore[union-attr]
        try:
            yield conn
        finally:
            if sqlite and not conn.invalidated:
                if conn.in_transaction():
                    conn.rollback()
                conn.connection.driver_connection.execute("PRAGMA synchronous=FULL")  # type: ignore[union-attr]


@contextmanager
def schema_change(engine: Engine) -> Iterator[Connection]:
    """One transaction for migrations.

    On SQLite, foreign-key enforcement is switched off for its duration: rebuilding a
    table (Alembic batch mode copies it, drops the old one and renames) would otherwise
    run the ON DELETE CASCADE actions of the dropped table and empty its child tables.
    The references are checked with `PRAGMA foreign_key_check` before the commit.
    The pragma must be set outside a transaction (inside one it is silently ignored).
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise ForeignKeyViolation(
                            f"schema change left {len(broken)} rows with dangling references, e.g. {tuple(broken[0])}"
                        )
        finally:
            if sqlite and not conn.invalidated:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
