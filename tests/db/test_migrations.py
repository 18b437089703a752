"""Alembic migrations and the schema they build: one head, reversible, no drift from the
models, foreign keys enforced and indexed, and databases etl must not write refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, Text, inspect, text
from sqlalchemy.exc import IntegrityError

from etl.db import migrate, store
from etl.db.engine import create_engine_for, schema_change
from etl.db.models import LOOKUP_TABLES, Base
from etl.db.search_rows import fts_table_names


@pytest.fixture
def empty(tmp_path: Path) -> Engine:
    return create_engine_for(tmp_path / "new.db")


def user_tables(engine: Engine) -> set[str]:
    """Tables of the models (the FTS5 tables and their shadow tables are not models)."""
    return set(inspect(engine).get_table_names()) - {"alembic_version"} - fts_table_names()


def test_single_head_and_a_linear_history() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(scripts.get_heads()) == 1
    assert (migrate.migrations_dir() / "versions" / "0001_initial.py").is_file()
    assert (migrate.migrations_dir() / "script.py.mako").is_file()
    assert migrate.head_revision() == scripts.get_current_head()
    history = [r.revision for r in scripts.walk_revisions()]
    assert history[-1] == "0001" and len(history) == len(set(history))


def test_migrations_ship_as_a_package() -> None:
    import etl._migrations

    assert Path(etl._migrations.__file__).resolve().parent == migrate.migrations_dir()


def test_upgrade_downgrade_upgrade(empty: Engine) -> None:
    migrate.upgrade(empty)
    assert migrate.current_revision(empty) == migrate.head_revision()
    assert user_tables(empty) == set(Base.metadata.tables)
    migrate.downgrade(empty, "base")
    assert migrate.current_revision(empty) is None
    assert user_tables(empty) == set()
    migrate.upgrade(empty)
    assert user_tables(empty) == set(Base.metadata.tables)
    assert migrate.drift(empty) == []


def test_no_drift_between_models_and_migrations(engine: Engine) -> None:
    assert migrate.drift(engine) == []


def test_developer_check_command_sees_no_pending_change() -> None:
    assert migrate.main(["check"]) is None


def test_drift_is_detected(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("CREATE INDEX ix_extra ON meetings (name)"))
    assert migrate.drift(engine) != []


def test_foreign_keys_are_on_and_enforced(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO meetings (document_id, load_run_id, seq, name, year_inferred) VALUES (999, 999, 1, 'x', 0)"
        ))


def test_every_foreign_key_column_has_an_index(engine: Engine) -> None:
    insp = inspect(engine)
    checked = 0
    for table in insp.get_table_names():
        leading = {ix["column_names"][0] for ix in insp.get_indexes(table)}
        leading |= {uq["column_names"][0] for uq in insp.get_unique_constraints(table)}
        for fk in insp.get_foreign_keys(table):
            for column in fk["constrained_columns"]:
                assert column in leading, f"{table}.{column} has no index"
                checked += 1
    assert checked >= 25


def test_derived_rows_cascade_and_runs_are_protected(engine: Engine) -> None:
    insp = inspect(engine)
    for table in insp.get_table_names():
        for fk in insp.get_foreign_keys(table):
            action = (fk.get("options") or {}).get("ondelete")
            expected = "RESTRICT" if fk["referred_table"] == "load_runs" else "CASCADE"
            assert action == expected, (table, fk["constrained_columns"])


def test_every_derived_table_carries_lineage() -> None:
    for name, table in Base.metadata.tables.items():
        if name == "load_runs" or name in LOOKUP_TABLES:
            continue
        assert "load_run_id" in table.c, name
        if name != "documents":
            assert "document_id" in table.c, name
            assert table.c.document_id.nullable is (name == "problems"), name


def test_every_column_has_a_comment() -> None:
    for table in Base.metadata.tables.values():
        assert table.comment, table.name
        for column in table.columns:
            assert column.comment, f"{table.name}.{column.name}"


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        pytest.param("INSERT INTO load_runs (started_at, status, command, tool_version, parser_version, files_seen,"
                     " files_loaded, files_unchanged, files_failed) VALUES ('t', 'paused', 'c', 'v', 1, 0, 0, 0, 0)",
                     "ck_load_runs_status", id="run-status"),
        pytest.param("UPDATE meetings SET level = 'village'", "ck_meetings_level", id="meeting-level"),
        pytest.param("UPDATE attendee_roles SET role = 'host'", "ck_attendee_roles_role", id="attendee-role"),
        pytest.param("UPDATE directives SET speaker_kind = 'meeting'", "ck_directives_speaker_person",
                     id="meeting-speaker-with-person"),
        pytest.param("UPDATE attendees SET span_end = span_start - 1", "ck_attendees_span", id="reversed-span"),
        pytest.param("UPDATE people SET span_end = NULL", "ck_people_span", id="half-span"),
    ],
)
def test_check_constraints_reject_bad_values(engine: Engine, documents, sql: str, constraint: str) -> None:
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    with pytest.raises(IntegrityError, match=constraint), engine.begin() as conn:
        conn.execute(text(sql))


def test_ensure_schema_creates_then_accepts(empty: Engine) -> None:
    assert migrate.ensure_schema(empty) == migrate.head_revision()
    assert migrate.ensure_schema(empty) == migrate.head_revision()
    assert user_tables(empty) == set(Base.metadata.tables)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param("CREATE TABLE stuff (x)", "not an etl database", id="foreign-database"),
        pytest.param(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "
            "INSERT INTO alembic_version VALUES ('9999_future')",
            "newer than this etl",
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


def test_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("這不是資料庫 this is not a database\n" * 50, encoding="utf-8")
    with pytest.raises(migrate.SchemaError, match="not a usable database"):
        migrate.ensure_schema(create_engine_for(path))


def test_refuses_a_drifted_database(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE meetings ADD COLUMN extra TEXT"))
    with pytest.raises(migrate.SchemaError, match="changed by hand"):
        migrate.ensure_schema(engine)


def test_head_revision_constant_is_the_scripts_head() -> None:
    assert migrate.HEAD_REVISION == migrate.head_revision(), (
        f"set HEAD_REVISION = {migrate.head_revision()!r} in etl/db/head.py and refresh HEAD_SCHEMA_DIGESTS"
    )


@pytest.mark.parametrize("start", [None, "0001", "0002", "0003", "0004", "0005", "0006"],
                         ids=["fresh", "from-0001", "from-0002", "from-0003", "from-0004", "from-0005", "from-0006"])
def test_a_database_built_by_the_migrations_is_known_good(empty: Engine, start: str | None) -> None:
    if start is not None:
        migrate.upgrade(empty, start)
    migrate.ensure_schema(empty)
    digest = migrate.schema_digest(empty)
    assert digest in migrate.HEAD_SCHEMA_DIGESTS, f"add {digest!r} to HEAD_SCHEMA_DIGESTS in etl/db/head.py"


def test_the_known_good_path_skips_the_drift_check(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(engine.url.database) as con:
        con.execute("PRAGMA journal_mode=WAL")  # a load's WAL switch is no schema change
    monkeypatch.setattr(migrate, "drift", lambda _engine: pytest.fail("drift checked on a known-good database"))
    assert migrate.ensure_schema(engine) == migrate.HEAD_REVISION


@pytest.mark.parametrize(
    "change",
    [
        pytest.param("CREATE INDEX ix_by_hand ON meetings (name)", id="index-added"),
        pytest.param("UPDATE alembic_version SET version_num = '0002'", id="revision-changed"),
        pytest.param("ALTER TABLE meetings ADD COLUMN extra TEXT", id="column-added"),
    ],
)
def test_any_schema_change_leaves_the_known_good_path(engine: Engine, change: str) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(change)
    assert migrate.schema_digest(engine) not in migrate.HEAD_SCHEMA_DIGESTS


def test_schema_change_rebuild_keeps_child_rows(engine: Engine, documents) -> None:
    """A batch-mode table rebuild of a parent table must not cascade into its children."""
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    before = store.table_counts(engine)
    with schema_change(engine) as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 0
        ops = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        with ops.batch_alter_table("documents", recreate="always") as batch:
            batch.add_column(Column("note", Text))
    assert store.table_counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_older_database_with_data_is_brought_to_head(engine: Engine, documents) -> None:
    """Down to the first revision (a batch rebuild of meetings, foreign keys off) and
    back up through ensure_schema: every row survives both ways."""
    run = store.start_run(engine, command="test")
    raw, norm, parsed = documents["full"]()
    store.store_document(engine, run, path="a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    before = store.table_counts(engine)
    migrate.downgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    with engine.connect() as conn:
        for table in ("meetings", "attendees", "directives", "meeting_locations", "attendee_roles"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == before[table], table
    assert migrate.ensure_schema(engine) == migrate.head_revision()
    assert store.table_counts(engine) == before | {"directive_categories": 0}
    assert migrate.drift(engine) == []


def test_failed_migration_changes_nothing(empty: Engine) -> None:
    with pytest.raises(RuntimeError), schema_change(empty) as conn:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("migration step failed")
    assert set(inspect(empty).get_table_names()) == set()
