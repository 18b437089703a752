"""Every example query in schema.md runs verbatim in the real sqlite3 shell."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app

SCHEMA = Path(__file__).resolve().parents[2] / "schema.md"
QUERIES = re.findall(r"```sql\n(.*?)```", SCHEMA.read_text(encoding="utf-8"), re.S)
SQLITE3 = shutil.which("sqlite3")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("schema") / "etl.db"
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    result = CliRunner().invoke(app, ["load", str(seeds), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_schema_md_has_at_least_five_queries() -> None:
    assert len(QUERIES) >= 5


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed (.ci/run installs it)")
@pytest.mark.parametrize("sql", [pytest.param(q, id=f"query-{i}") for i, q in enumerate(QUERIES, 1)])
def test_query_runs_in_sqlite3_shell(seeds_db: Path, sql: str) -> None:
    proc = subprocess.run(
        [SQLITE3, "-bail", "-csv", str(seeds_db)], input=sql, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), f"no rows from:\n{sql}"
