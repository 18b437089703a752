"""Alembic migrations: one head, reversible, and no drift from the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from etl.db import migrate
from etl.db.engine import create_engine_for
from etl.db.models import Base


@pytest.fixture
def engine(tmp_path: Path):
    return create_engine_for(tmp_path / "m.db")


def test_single_head() -> None:
    script = ScriptDirectory.from_config(migrate._config())
    assert len(script.get_heads()) == 1


def test_upgrade_downgrade_upgrade(engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_models_and_migrations_do_not_drift(engine) -> None:
    migrate.upgrade(engine)
    assert migrate.drift(engine) == []


def test_foreign_keys_are_enforced(engine) -> None:
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO meetings (document_id, load_run_id, seq, name, year_inferred) VALUES (999, 999, 1, 'x', 0)"
        ))


def test_every_foreign_key_column_is_indexed(engine) -> None:
    migrate.upgrade(engine)
    insp = inspect(engine)
    for table in Base.metadata.tables:
        indexed = {tuple(ix["column_names"])[0] for ix in insp.get_indexes(table)}
        indexed |= {tuple(u["column_names"])[0] for u in insp.get_unique_constraints(table)}
        for fk in insp.get_foreign_keys(table):
            assert fk["constrained_columns"][0] in indexed, (table, fk["constrained_columns"])


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param("CREATE TABLE stuff (x)", "not an etl database", id="foreign-database"),
        pytest.param(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "
            "INSERT INTO alembic_version VALUES ('9999_future')",
            "newer",
            id="newer-schema",
        ),
    ],
)
def test_refuses_databases_it_must_not_write(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "x.db"
    with sqlite3.connect(path) as con:
        con.executescript(setup)
    with pytest.raises(migrate.SchemaError, match=message):
        migrate.ensure_schema(create_engine_for(path))


def test_refuses_a_drifted_database(engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE meetings ADD COLUMN extra TEXT"))
    with pytest.raises(migrate.SchemaError, match="differs"):
        migrate.ensure_schema(engine)


def test_schema_md_is_up_to_date() -> None:
    from etl.db.schema_doc import render

    path = Path(__file__).resolve().parents[2] / "schema.md"
    current = path.read_text(encoding="utf-8")
    assert render(current) == current, "run `python -m etl.db.schema_doc` to regenerate schema.md"
