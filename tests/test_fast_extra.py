"""The [fast] extra (rjieba) changes speed, never output: the seeds and a small generated
corpus loaded with ETL_NATIVE=0 and with ETL_NATIVE=1 give the same export, byte for byte,
and the same tables. Each load is a subprocess, so that nothing cached in one process (the
segmenter, its dictionary) carries over to the other."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.benchmark.corpus import write_corpus
from etl.cli import app
from etl.db.search_rows import fts_table_names

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("rjieba") is None,
    reason="rjieba (the [fast] extra, also in the [test] extra) is not installed: pip install -e '.[test]'",
)

REPO = Path(__file__).resolve().parents[1]
GENERATED_DOCS = 20  # with seed 0: every encoding and kind of damage the generator makes
SKIP_COLUMNS = {"load_run_id", "loaded_at", "started_at", "finished_at", "command", "pid"}


def table_dump(db: Path) -> dict[str, list[tuple]]:
    """Every table, every column but run ids and timestamps, in rowid order."""
    with sqlite3.connect(db) as con:
        tables = [t for (t,) in con.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
            if t not in fts_table_names()]  # the FTS index: tests/db/test_fts.py
        return {
            t: con.execute(f"select {', '.join(cols)} from {t} order by rowid").fetchall()
            for t in tables
            for cols in [[r[1] for r in con.execute(f"pragma table_info({t})") if r[1] not in SKIP_COLUMNS]]
        }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and GENERATED_DOCS articles of the benchmark's generator (seed fixed)."""
    folder = tmp_path_factory.mktemp("fast-extra") / "corpus"
    shutil.copytree(REPO / "seeds", folder / "seeds")
    write_corpus(folder / "generated", GENERATED_DOCS, seed=0)
    return folder


def load_and_export(corpus: Path, db: Path, native: str) -> tuple[bytes, dict[str, list[tuple]]]:
    env = os.environ | {"ETL_NATIVE": native}
    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(corpus), "--db", str(db), "--jobs", "1", "--quiet"],
        env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    exported = CliRunner().invoke(app, ["export", "--format", "jsonl", "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    return exported.stdout_bytes, table_dump(db)


def test_native_and_pure_python_give_the_same_database(corpus: Path, tmp_path: Path) -> None:
    pure = load_and_export(corpus, tmp_path / "pure.db", "0")
    native = load_and_export(corpus, tmp_path / "native.db", "1")
    assert pure[1]["documents"], "nothing was loaded"
    assert native[0] == pure[0]
    assert native[1] == pure[1]
