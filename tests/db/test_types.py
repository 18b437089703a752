"""Declared types BI tools read: DATE holding YYYY-MM-DD, DATETIME holding
YYYY-MM-DD HH:MM:SS (UTC), booleans INTEGER 0/1 with a CHECK; schema.md shows what
PRAGMA table_info shows; migration 0006 converts the values of older databases."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from etl.db import migrate, store, views
from etl.db.engine import create_engine_for
from etl.db.models import Base

SCHEMA = Path(__file__).resolve().parents[2] / "schema.md"
DATE = re.compile(r"\d{4}-\d\d-\d\d")
DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def query(engine: Engine, sql: str) -> list[tuple]:
    with sqlite3.connect(engine.url.database) as con:
        return con.execute(sql).fetchall()


def declared(engine: Engine, table: str) -> dict[str, str]:
    return {r[1]: r[2] for r in query(engine, f"PRAGMA table_info({table})")}


def documented() -> dict[str, dict[str, str]]:
    """table or view → column → the type schema.md's reference gives."""
    text = SCHEMA.read_text(encoding="utf-8").split("<!-- generated:start -->", 1)[1]
    out: dict[str, dict[str, str]] = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]  # up to the next part
        name = section.split("\n", 1)[0].strip()
        out[name] = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", section, flags=re.M))
    return out


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        pytest.param("meetings", "date", "DATE", id="meeting-date"),
        pytest.param("meetings", "year_inferred", "INTEGER", id="year-inferred"),
        pytest.param("load_runs", "started_at", "DATETIME", id="run-started"),
        pytest.param("load_runs", "finished_at", "DATETIME", id="run-finished"),
        pytest.param("documents", "loaded_at", "DATETIME", id="document-loaded"),
        pytest.param("meeting_facts", "date", "DATE", id="view-date"),
        pytest.param("meeting_facts", "year_inferred", "INTEGER", id="view-year-inferred"),
        pytest.param("divisions", "longitude", "FLOAT", id="longitude"),
    ],
)
def test_promised_declared_types(engine: Engine, table: str, column: str, expected: str) -> None:
    assert declared(engine, table)[column] == expected


def test_no_boolean_or_varchar_dates_left(engine: Engine) -> None:
    for table in Base.metadata.tables:
        for column, kind in declared(engine, table).items():
            assert kind != "BOOLEAN", f"{table}.{column}"
            if column == "date" or column.endswith("_at"):
                assert kind in ("DATE", "DATETIME"), f"{table}.{column}"


def test_schema_md_shows_the_declared_types(engine: Engine) -> None:
    docs = documented()
    names = [*Base.metadata.tables, *(v.name for v in views.VIEWS)]
    assert set(names) <= set(docs)
    for name in names:
        types = declared(engine, name)
        view = next((v for v in views.VIEWS if v.name == name), None)
        if view is not None:  # computed columns: the CAST type (older SQLite shows none)
            types |= {c.name: c.type for c in view.columns if views.cast_type(c)}
        assert docs[name] == types, name


def test_the_store_writes_the_formats_bi_tools_read(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="etl load a.txt")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    store.finish_run(engine, run, seen=1, loaded=1, unchanged=0, failed=0, status="completed")
    (started, finished), = query(engine, "SELECT started_at, finished_at FROM load_runs")
    (loaded,), = query(engine, "SELECT loaded_at FROM documents")
    assert all(DATETIME.fullmatch(v) for v in (started, finished, loaded)), (started, finished, loaded)
    (date, inferred, kind), = query(engine, "SELECT date, year_inferred, typeof(year_inferred) FROM meetings")
    assert DATE.fullmatch(date) and (inferred, kind) == (1, "integer")
    assert query(engine, "SELECT typeof(date), typeof(started_at) FROM meetings, load_runs") == [("text", "text")]


def test_year_inferred_accepts_only_0_and_1(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    with pytest.raises(IntegrityError, match="ck_meetings_year_inferred"), engine.begin() as conn:
        conn.exec_driver_sql("UPDATE meetings SET year_inferred = 2")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("2026-12-01T17:29:20+00:00", "2026-12-01 17:29:20", id="utc-offset"),
        pytest.param("2026-12-01T01:29:20+08:00", "2026-11-30 17:29:20", id="other-offset-to-utc"),
        pytest.param("2026-12-01T17:29:20.123456+00:00", "2026-12-01 17:29:20", id="fraction"),
        pytest.param("2026-12-01T17:29:20Z", "2026-12-01 17:29:20", id="zulu"),
        pytest.param("2026-12-01 17:29:20", "2026-12-01 17:29:20", id="already-converted"),
        pytest.param("not a time", "not a time", id="unreadable-kept"),
    ],
)
def test_the_migration_converts_stored_timestamps(tmp_path: Path, old: str, new: str) -> None:
    engine = create_engine_for(tmp_path / "old.db")
    migrate.upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO load_runs (started_at, finished_at, status, command, tool_version, parser_version, "
            "files_seen, files_loaded, files_unchanged, files_failed) VALUES (?, ?, 'completed', 'c', 'v', 1, 0, 0, 0, 0)",
            (old, old))
    assert query(engine, "PRAGMA table_info(load_runs)")[1][2] == "VARCHAR(32)"
    migrate.upgrade(engine)
    assert query(engine, "SELECT started_at, finished_at FROM load_runs") == [(new, new)]
    assert migrate.drift(engine) == []
    migrate.downgrade(engine, "0005")
    back = old if not DATETIME.fullmatch(new) else new.replace(" ", "T") + "+00:00"
    assert query(engine, "SELECT started_at FROM load_runs") == [(back,)]
    assert declared(engine, "load_runs")["started_at"] == "VARCHAR(32)"


def test_an_upgraded_database_with_data_keeps_its_rows_and_indexes(engine: Engine, documents) -> None:
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    indexes = query(engine, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    migrate.downgrade(engine, "0005")
    assert declared(engine, "meetings")["date"] == "VARCHAR(10)"
    assert declared(engine, "meetings")["year_inferred"] == "BOOLEAN"
    migrate.upgrade(engine)
    assert query(engine, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name") == indexes
    assert query(engine, "SELECT date, year_inferred FROM meetings") == [("2021-11-26", 1)]
    assert query(engine, "PRAGMA foreign_key_check") == [] and query(engine, "PRAGMA integrity_check") == [("ok",)]
    assert migrate.schema_digest(engine) in migrate.HEAD_SCHEMA_DIGESTS
