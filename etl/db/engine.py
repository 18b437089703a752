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
Migrations (`schema_change`) switch a SQLite file to WAL too, so that a database made or
upgraded by etl is in WAL mode before any reader opens it: the switch itself needs every
other connection's transaction to be closed.

Locks: every connection waits up to the busy timeout (`ETL_BUSY_TIMEOUT` seconds, default
30) for another connection's lock. A lock held longer raises `DatabaseLocked`, whose
message names the cause (`locked_error` turns SQLite's "database is locked" into it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from etl.db.settings import BUSY_TIMEOUT_ENV as BUSY_TIMEOUT_ENV
from etl.db.settings import DEFAULT_BUSY_TIMEOUT as DEFAULT_BUSY_TIMEOUT
from etl.db.settings import BadSetting as BadSetting
from etl.db.settings import busy_timeout as busy_timeout

BUSY_TIMEOUT_MS = int(DEFAULT_BUSY_TIMEOUT * 1000)
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # primary result codes (extended codes carry them in the low byte)


class DatabaseLocked(Exception):
    """Another connection held a lock on the database for longer than the busy timeout.

    `str()` is the one-line message: what etl was doing, the cause, the fix."""

    def __init__(self, doing: str, cause: str) -> None:
        self.doing, self.cause = doing, cause
        super().__init__(f"{doing}: {cause}; close that connection (or raise {BUSY_TIMEOUT_ENV}) "
                         "and run the same command again")


def is_locked(exc: BaseException) -> bool:
    """Whether an error (SQLAlchemy's or the sqlite3 module's) is SQLite's "database is
    locked" / "database table is locked": a lock held past the busy timeout."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return type(orig).__name__ == "OperationalError" and "is locked" in str(orig)


def locked_error(*, doing: str, wal: bool | None) -> DatabaseLocked:
    """The one-line error for a lock that outlasted the busy timeout while `doing`;
    `wal`: whether the database is in WAL mode (None: not known), which settles the cause."""
    if wal:
        cause = "another process is writing to it (or keeps a write transaction open)"
    elif wal is None:
        cause = "another connection keeps a transaction open: another writer, or a reader outside WAL mode"
    else:
        cause = ("another connection keeps a transaction open; the database is not in WAL mode, "
                 "so even a reader blocks writers")
    return DatabaseLocked(doing, f"the database stayed locked for more than {busy_timeout():g} s: {cause}")


class ForeignKeyViolation(Exception):
    """A schema change left rows pointing at rows that do not exist."""


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{Path(path)}"


def database_url(target: str | Path) -> str:
    """URL for a database: a URL passes through, anything else is a SQLite file path."""
    text = str(target)
    return text if "://" in text else sqlite_url(text)


@contextmanager
def locks_reported(*, doing: str, wal: bool | None = None) -> Iterator[None]:
    """Turn SQLite's "database is locked" inside the block into DatabaseLocked."""
    try:
        yield
    except Exception as exc:
        if is_locked(exc):
            raise locked_error(doing=doing, wal=wal) from None
        raise


def create_engine_for(path: str | Path) -> Engine:
    """Engine on a SQLite file (created on first write) with foreign keys enforced and
    the busy timeout of `busy_timeout()` (read now: raises BadSetting)."""
    engine = create_engine(database_url(path))
    if engine.dialect.name == "sqlite":
        timeout_ms = round(busy_timeout() * 1000)

        def connect(dbapi_connection: Any, _record: object) -> None:
            _sqlite_connect(dbapi_connection, timeout_ms)

        event.listen(engine, "connect", connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None  # the "begin" listener below emits BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
    cursor.close()


def use_wal(conn: Connection) -> bool:
    """Switch a SQLite database to WAL mode (outside a transaction; a no-op when it is in
    WAL already) and say whether it is in WAL mode now (an in-memory database is not).
    The switch waits for every other connection's transaction to end, up to the busy
    timeout, then raises DatabaseLocked."""
    driver: Any = conn.connection.driver_connection
    try:
        mode = driver.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    except Exception as exc:
        if is_locked(exc):
            raise locked_error(doing="switching the database to WAL mode (done once)", wal=False) from None
        raise
    wal = str(mode).lower() == "wal"
    conn.info["wal"] = wal
    return wal


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
    lock up front, as in `begin_write`), with the bulk settings above on SQLite
    (`conn.info["wal"]` says whether the database is in WAL mode). Raises DatabaseLocked
    when the switch to WAL mode waited past the busy timeout."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
        if sqlite:  # pragmas outside a transaction: journal_mode cannot change inside one
            use_wal(conn)
            conn.connection.driver_connection.execute("PRAGMA synchronous=NORMAL")  # type: ignore[union-attr]
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
    A SQLite database is first switched to WAL mode (see the top of this module), and the
    transaction takes the write lock up front, so that two processes migrating the same
    new database run one after the other (the second then finds it at head).
    """
    with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            use_wal(conn)
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            # A rebuild renames the copy to the table's name; outside legacy mode SQLite then
            # re-checks every view and fails on those naming the dropped original.
            conn.connection.driver_connection.execute("PRAGMA legacy_alter_table=ON")  # type: ignore[union-attr]
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
                conn.connection.driver_connection.execute("PRAGMA legacy_alter_table=OFF")  # type: ignore[union-attr]
