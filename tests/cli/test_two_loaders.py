"""Two real `etl load` processes started together on the same or overlapping folders,
into one database file: each document is stored once, by one of them, and the result is
that of one clean load. The decision to write a file is taken inside the write
transaction, which holds SQLite's write lock, against what is stored at that moment."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from etl.benchmark.corpus import write_corpus
from etl.db import migrate
from etl.db.engine import create_engine_for

TABLES = ("documents", "document_names", "segments", "meetings", "people", "attendees", "attendee_titles",
          "attendee_roles", "directives", "directive_categories", "locations", "meeting_locations", "credits",
          "mentions", "problems")


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"select count(*) from {t}")[0][0] for t in TABLES}  # noqa: S608


def start(db: Path, folders: list[Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "etl", "load", *map(str, folders), "--db", str(db), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three folders of generated articles (with one file copied under a second name)."""
    root = tmp_path_factory.mktemp("two_loaders")
    write_corpus(root / "all", 12, seed=3)
    files = sorted((root / "all").iterdir())
    folders = []
    for i in range(3):
        folder = root / f"part{i}"
        folder.mkdir()
        for f in files[i * 4:(i + 1) * 4]:
            shutil.copyfile(f, folder / f.name)
        folders.append(folder)
    shutil.copyfile(files[0], folders[1] / "copy_of_first.txt")
    return folders


@pytest.fixture(scope="module")
def clean(parts: list[Path]) -> Path:
    """One clean load of all three folders (what both cases below must end as)."""
    db = parts[0].parent / "clean.db"
    single = start(db, parts)
    _, err = single.communicate(timeout=300)
    assert single.returncode == 0, err.decode()
    return db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param([0, 1, 2], [0, 1, 2], id="same-folders"),
        pytest.param([0, 1], [1, 2], id="overlapping-folders"),
    ],
)
def test_two_loads_started_together_store_each_document_once(parts: list[Path], clean: Path, tmp_path: Path,
                                                             first: list[int], second: list[int]) -> None:
    assert set(first) | set(second) == {0, 1, 2}
    db = tmp_path / "shared.db"
    # created first: two processes creating the schema of a new file at once is another matter
    migrate.upgrade(create_engine_for(db))
    a = start(db, [parts[i] for i in first])
    b = start(db, [parts[i] for i in second])
    for proc in (a, b):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (out.decode(), err.decode())

    assert counts(db) == counts(clean)
    assert rows(db, "select sha256 from documents group by sha256 having count(*) > 1") == []
    assert sorted(rows(db, "select source_key from document_names")) == sorted(
        rows(clean, "select source_key from document_names"))
    # no document written twice: the documents each run wrote are the files it reports loaded
    runs = dict(rows(db, "select id, files_loaded from load_runs"))
    written = dict(rows(db, "select load_run_id, count(*) from documents group by load_run_id"))
    assert sum(runs.values()) == counts(db)["documents"]
    assert all(written.get(run, 0) == loaded for run, loaded in runs.items()), (runs, written)
