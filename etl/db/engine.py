"""Engines: every SQLite specific (foreign keys on, busy timeout) lives here.

PostgreSQL can become a second target by adding its URL handling here; the models and
the store use only portable SQLAlchemy constructs.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def create_engine_for(path: str | Path) -> Engine:
    """Engine on a SQLite file with `PRAGMA foreign_keys=ON` on every connection."""
    engine = create_engine(sqlite_url(path))
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
