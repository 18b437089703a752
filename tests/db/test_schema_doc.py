"""schema.md: generated reference up to date, and every example query runs verbatim in
the real sqlite3 shell against a database filled through the store."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from etl.db import schema_doc, store
from etl.db.engine import create_engine_for
from etl.db.models import Base
from etl.db.views import VIEWS
from etl.findings import Finding
from etl.spans import Span

SCHEMA = Path(__file__).resolve().parents[2] / "schema.md"
SCHEMA_TEXT = SCHEMA.read_text(encoding="utf-8")
QUERIES = re.findall(r"```sql\n(.*?)```", SCHEMA_TEXT, re.S)
SQLITE3 = shutil.which("sqlite3")


def test_schema_md_is_up_to_date() -> None:
    assert schema_doc.main([str(SCHEMA), "--check"]) is None, "run `python -m etl.db.schema_doc`"


def test_schema_md_describes_every_table_and_column() -> None:
    for table in Base.metadata.tables.values():
        assert f"### {table.name}\n" in SCHEMA_TEXT
        for column in table.columns:
            assert f"| `{column.name}` |" in SCHEMA_TEXT
    assert "```mermaid\nerDiagram" in SCHEMA_TEXT


@pytest.mark.parametrize("view", [pytest.param(v, id=v.name) for v in VIEWS])
def test_schema_md_describes_every_view_and_its_columns(view) -> None:
    section = re.split(r"\n##+ ", SCHEMA_TEXT.split(f"### {view.name}\n", 1)[1], maxsplit=1)[0]
    assert [c for c in re.findall(r"^\| `(\w+)` \|", section, re.M)] == [c.name for c in view.columns]
    assert f"`{view.name}`" in SCHEMA_TEXT.split(schema_doc.START)[0], "named in the prose above the reference"


def test_render_replaces_only_the_generated_part() -> None:
    stale = f"intro\n{schema_doc.START}\nSTALE TEXT\n{schema_doc.END}\noutro\n"
    fresh = schema_doc.render(stale)
    assert fresh.startswith("intro\n") and fresh.endswith(f"{schema_doc.END}\noutro\n")
    assert "### documents" in fresh and "STALE TEXT" not in fresh
    assert schema_doc.render(fresh) == fresh


@pytest.mark.parametrize(
    "topic",
    [
        pytest.param(r"attendee_titles", id="attendees-with-titles"),
        pytest.param(r"speaker_person_id", id="directives-by-speaker"),
        pytest.param(r"meeting_locations", id="places-per-meeting"),
        pytest.param(r"FROM credits", id="credits"),
        pytest.param(r"m\.province", id="meetings-per-province"),
        pytest.param(r"FROM problems", id="problems"),
        pytest.param(r"stage = 'repair'", id="byte-level-repairs"),
        pytest.param(r"FROM meeting_facts", id="view-meeting-facts"),
        pytest.param(r"FROM attendance", id="view-attendance"),
        pytest.param(r"FROM directive_facts", id="view-directive-facts"),
        pytest.param(r"FROM place_facts", id="view-place-facts"),
        pytest.param(r"JOIN categories", id="lookup-categories"),
        pytest.param(r"FROM divisions", id="lookup-divisions"),
    ],
)
def test_schema_md_has_the_analyst_queries(topic: str) -> None:
    assert len(QUERIES) >= 5
    assert any(re.search(topic, q) for q in QUERIES), topic


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, documents) -> Path:
    path = tmp_path_factory.mktemp("queries") / "etl.db"
    shutil.copyfile(migrated_template, path)
    engine: Engine = create_engine_for(path)
    run = store.start_run(engine, command="etl load input/")
    for name, kind in (("a.txt", "full"), ("b.txt", "small")):
        raw, norm, parsed = documents[kind](name)
        store.store_document(engine, run, path=f"input/{name}", raw=raw, norm=norm, parsed=parsed, parser_version=1)
    store.record_problem(engine, run, path="input/empty.txt",
                         finding=Finding("read", "empty_file", "file is empty (0 bytes); remove it", "error"))
    with engine.connect() as conn:
        doc_id = conn.execute(text("SELECT id FROM documents WHERE path = 'input/a.txt'")).scalar_one()
    store.record_problem(engine, run, path="input/a.txt", document_id=doc_id, finding=Finding(
        "repair", "gbk_phase_shift", "GBK phase shift: lost byte restored", "info", raw_span=Span(10, 14),
        original="?怂峒觳", repaired="核酸检测", confidence=0.9, method="gbk-resync+jieba"))
    store.finish_run(engine, run, seen=3, loaded=2, unchanged=0, failed=1, status="completed")
    engine.dispose()
    return path


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed")
@pytest.mark.parametrize("sql", [pytest.param(q, id=f"query-{i}") for i, q in enumerate(QUERIES, 1)])
def test_query_runs_in_the_sqlite3_shell(filled_db: Path, sql: str) -> None:
    proc = subprocess.run(
        [SQLITE3, "-bail", "-batch", "-csv", str(filled_db)],
        input=sql, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    assert proc.stdout.strip(), f"no rows from:\n{sql}"
