"""The analyst views and the lookup tables: the database holds etl.db.views' SQL, every
view column has a declared type, the rows are those of the tables they flatten, and the
lookup rows equal the package's reference data."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, Engine, Text

from etl.db import lookups, migrate, store, views
from etl.db.engine import schema_change

SQLITE3 = shutil.which("sqlite3")


def query(engine: Engine, sql: str) -> list[tuple]:
    with sqlite3.connect(engine.url.database) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def filled(engine: Engine, documents) -> Engine:
    """Two documents: the full one (province only) and a copy whose meeting has a city."""
    run = store.start_run(engine, command="etl load in/")
    raw, norm, parsed = documents["full"]("a.txt")
    store.store_document(engine, run, path="in/a.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    raw, norm, parsed = documents["full"]("b.txt")
    parsed.meetings[0].city = "苏州市"
    raw = dataclasses.replace(raw, sha256="b" * 64)  # another content
    store.store_document(engine, run, path="in/b.txt", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    store.finish_run(engine, run, seen=2, loaded=2, unchanged=0, failed=0, status="completed")
    return engine


def test_the_database_holds_the_modules_view_sql(engine: Engine) -> None:
    stored = dict(query(engine, "SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    assert stored == {v.name: v.create_sql() for v in views.VIEWS}


@pytest.mark.parametrize("view", [pytest.param(v, id=v.name) for v in views.VIEWS])
def test_every_view_column_is_a_table_column_or_cast(view: views.View) -> None:
    for column in view.columns:
        cast = views.cast_type(column)
        assert views.is_column_ref(column) or cast is not None, f"{view.name}.{column.name}: wrap it in CAST"
        if cast is not None:
            assert cast == column.type, f"{view.name}.{column.name}"
            assert cast not in ("DATE", "DATETIME"), "CAST(... AS DATE) makes '2021-03-05' the number 2021"


@pytest.mark.parametrize("view", [pytest.param(v, id=v.name) for v in views.VIEWS])
def test_view_columns_have_their_declared_types(engine: Engine, view: views.View) -> None:
    """Table columns keep their declared type; a CAST column shows its type on SQLite 3.41
    and later (INT/REAL/TEXT/NUM, its affinity) and nothing on older versions."""
    info = [(r[1], r[2]) for r in query(engine, f"PRAGMA table_info({view.name})")]
    assert [name for name, _ in info] == [c.name for c in view.columns]
    new_sqlite = sqlite3.sqlite_version_info >= (3, 41, 0)
    for column, (_, declared) in zip(view.columns, info, strict=True):
        if views.is_column_ref(column):
            assert declared == column.type, f"{view.name}.{column.name}"
        elif new_sqlite:
            assert declared, f"{view.name}.{column.name}"
        else:
            assert declared in ("", column.type), f"{view.name}.{column.name}"


def test_meeting_facts_one_readable_row_per_meeting(filled: Engine) -> None:
    rows = query(filled, """SELECT file_name, meeting_name, date, year, year_inferred, year_source, level,
                                   province, province_code, city, city_code, coordinates_of,
                                   longitude IS NOT NULL, latitude IS NOT NULL, chair, attendee_count,
                                   directive_count, source_outlet
                            FROM meeting_facts ORDER BY meeting_id""")
    assert query(filled, "SELECT count(*) FROM meetings") == [(len(rows),)]
    assert rows == [
        ("a.txt", "省疫情防控领导小组第十二次会议", "2021-11-26", 2021, 1, "inferred", "province",
         "江苏省", "320000", None, None, "province", 1, 1, "张三", 3, 3, "东方日报"),
        ("b.txt", "省疫情防控领导小组第十二次会议", "2021-11-26", 2021, 1, "inferred", "province",
         "江苏省", "320000", "苏州市", "320500", "city", 1, 1, "张三", 3, 3, "东方日报"),
    ]
    coordinates = query(filled, """SELECT f.longitude, f.latitude, v.longitude, v.latitude
                                   FROM meeting_facts f JOIN divisions v ON v.code = '320500' WHERE f.city IS NOT NULL""")
    assert coordinates[0][:2] == coordinates[0][2:]


def test_attendance_titles_and_roles_in_the_order_written(filled: Engine) -> None:
    rows = query(filled, """SELECT person, titles, roles, is_chair, directive_count FROM attendance
                            WHERE document_id = 1 ORDER BY mention_start""")
    assert rows == [
        ("张三", "省委书记、省长", "chair,speaker", 1, 2),
        ("李四", "省委副书记", "attendee,branch_venue", 0, 0),
        ("王五", "副省长", "attendee", 0, 0),
    ]
    assert query(filled, "SELECT count(*) FROM attendance") == query(filled, "SELECT count(*) FROM attendees")


def test_directive_facts_with_speakers_and_categories(filled: Engine) -> None:
    rows = query(filled, """SELECT seq, speaker, speaker_kind, categories, category_labels_en, oxcgrt, province
                            FROM directive_facts WHERE document_id = 1 ORDER BY seq""")
    assert rows == [
        (1, "会议", "meeting", "medical_treatment", "Medical treatment", "H4", "江苏省"),
        (2, "张三", "person", "testing,medical_treatment", "Testing; Medical treatment", "H2,H4", "江苏省"),
        (3, "张三", "person", "accountability_inspection", "Accountability and inspection", None, "江苏省"),
    ]


def test_place_facts_with_codes_and_coordinates(filled: Engine) -> None:
    rows = query(filled, """SELECT role, name, code, level, province, province_code,
                                   longitude IS NOT NULL AND latitude IS NOT NULL
                            FROM place_facts WHERE document_id = 1 ORDER BY role, code""")
    assert rows == [
        ("branch_venue", "南京市", "320100", "city", "江苏省", "320000", 1),
        ("branch_venue", "苏州市", "320500", "city", "江苏省", "320000", 1),
        ("mentioned", "南京市", "320100", "city", "江苏省", "320000", 1),
    ]


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed")
@pytest.mark.parametrize("view", [pytest.param(v.name, id=v.name) for v in views.VIEWS])
def test_select_star_in_the_sqlite3_shell(filled: Engine, view: str) -> None:
    proc = subprocess.run([SQLITE3, "-bail", "-batch", "-header", "-csv", str(filled.url.database)],
                          input=f"SELECT * FROM {view};", capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert header.split(",")[0].endswith("_id") and rows


def test_lookup_rows_equal_the_reference_data(engine: Engine) -> None:
    for table, expected in lookups.rows().items():
        names = list(expected[0])
        stored = query(engine, f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")
        assert stored == [tuple(row[n] for n in names) for row in expected], table
    assert query(engine, "SELECT count(*) FROM divisions") == [(3219,)]


def test_lookup_reference_data_is_what_the_migrations_load() -> None:
    assert lookups.rows_digest() == lookups.ROWS_DIGEST, (
        "the reference data of the lookup tables changed: add a migration that calls "
        f"etl.db.lookups.reload(op.get_bind()), then set ROWS_DIGEST = {lookups.rows_digest()!r} in etl/db/lookups.py"
    )


def test_every_category_code_the_parser_gives_has_a_label(engine: Engine) -> None:
    from etl.reference.categories import directive_categories

    codes = {r[0] for r in query(engine, "SELECT code FROM categories WHERE label_zh <> '' AND label_en <> ''")}
    assert codes == {c.code for c in directive_categories()}


def test_a_table_rebuild_keeps_the_views_working(filled: Engine) -> None:
    """Batch mode drops the table and renames its copy; the views naming it must not stop that."""
    with schema_change(filled) as conn:
        ops = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        with ops.batch_alter_table("meetings", recreate="always") as batch:
            batch.add_column(Column("note", Text))
    assert len(query(filled, "SELECT * FROM meeting_facts")) == 2


def test_downgrade_drops_views_and_lookups_and_upgrade_restores_them(filled: Engine) -> None:
    before = {v.name: query(filled, f"SELECT * FROM {v.name} ORDER BY 1") for v in views.VIEWS}
    migrate.downgrade(filled, "0005")
    assert query(filled, "SELECT name FROM sqlite_master WHERE type = 'view' OR name IN ('categories', 'divisions')") == []
    migrate.upgrade(filled)
    assert {v.name: query(filled, f"SELECT * FROM {v.name} ORDER BY 1") for v in views.VIEWS} == before


def test_views_read_a_database_opened_read_only(filled: Engine, tmp_path: Path) -> None:
    uri = f"file:{filled.url.database}?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        assert con.execute("SELECT count(*) FROM meeting_facts").fetchone() == (2,)


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        pytest.param("DROP VIEW attendance", ("view", "attendance", "missing"), id="view-dropped"),
        pytest.param("DROP VIEW place_facts; CREATE VIEW place_facts AS SELECT 1 AS x",
                     ("view", "place_facts", "changed"), id="view-changed"),
        pytest.param("CREATE VIEW my_own AS SELECT 1 AS x", None, id="users-own-view-left-alone"),
    ],
)
def test_drift_sees_etls_views(engine: Engine, change: str, seen: tuple | None) -> None:
    with sqlite3.connect(engine.url.database) as con:
        con.executescript(change)
    assert migrate.drift(engine) == ([seen] if seen else [])
    if seen:
        with pytest.raises(migrate.SchemaError, match="changed by hand"):
            migrate.ensure_schema(engine)
