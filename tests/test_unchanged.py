"""etl.unchanged: a reload with nothing to do is answered without SQLAlchemy or the parser,
and anything else is left to the full load."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import etl.unchanged
from etl.cli import app
from etl.unchanged import unchanged_reload

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder of three invented articles, database they are loaded into)."""
    root = tmp_path_factory.mktemp("unchanged")
    folder = root / "articles"
    folder.mkdir()
    for i, city in enumerate(["甲市", "乙市", "丙市"]):
        (folder / f"{i}.txt").write_text(
            f"{city}召开疫情防控工作会议\n3月{i + 1}日，{city}召开疫情防控工作领导小组会议。会议要求，要加强核酸检测。\n",
            encoding="utf-8")
    db = root / "etl.db"
    result = runner.invoke(app, ["load", str(folder), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder, db


def _sql(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as con:
        con.execute(statement)
    con.close()


def _new_file(folder: Path, db: Path) -> Iterator[None]:
    extra = folder / "new.txt"
    extra.write_text("丁市召开会议。\n", encoding="utf-8")
    yield
    extra.unlink()


def _touched_file(folder: Path, db: Path) -> Iterator[None]:
    file = folder / "0.txt"
    before = file.stat()
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    yield
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


def _running_run(folder: Path, db: Path) -> Iterator[None]:
    _sql(db, "UPDATE load_runs SET status = 'running'")
    yield
    _sql(db, "UPDATE load_runs SET status = 'completed'")


def _older_revision(folder: Path, db: Path) -> Iterator[None]:
    _sql(db, "UPDATE alembic_version SET version_num = '0003'")
    yield
    _sql(db, f"UPDATE alembic_version SET version_num = '{_head()}'")


def _older_parser(folder: Path, db: Path) -> Iterator[None]:
    _sql(db, "UPDATE documents SET parser_version = parser_version - 1 WHERE id = 1")
    yield
    _sql(db, "UPDATE documents SET parser_version = parser_version + 1 WHERE id = 1")


def _head() -> str:
    from etl.db.head import HEAD_REVISION

    return HEAD_REVISION


Change = Callable[[Path, Path], Iterator[None]]


@pytest.mark.parametrize("change", [
    pytest.param(_new_file, id="a-new-file"),
    pytest.param(_touched_file, id="a-touched-file"),
    pytest.param(_running_run, id="a-run-marked-running"),
    pytest.param(_older_revision, id="schema-not-at-head"),
    pytest.param(_older_parser, id="stored-by-an-older-parser"),
])
def test_anything_to_do_is_left_to_the_full_load(loaded: tuple[Path, Path], change: Change) -> None:
    folder, db = loaded
    assert unchanged_reload(db, [folder], max_bytes=0) is not None
    steps = change(folder, db)
    next(steps)
    try:
        assert unchanged_reload(db, [folder], max_bytes=0) is None
    finally:
        next(steps, None)
    assert unchanged_reload(db, [folder], max_bytes=0) is not None


@pytest.mark.parametrize(("paths", "max_bytes", "db_of"), [
    pytest.param(lambda f: [f / "missing.txt"], 0, lambda db: db, id="a-missing-path"),
    pytest.param(lambda f: [f], 10, lambda db: db, id="a-file-over-max-bytes"),
    pytest.param(lambda f: [f], 0, lambda db: db.with_name("absent.db"), id="no-database-yet"),
    pytest.param(lambda f: [f], 0, lambda db: db.parent, id="database-is-a-folder"),
    pytest.param(lambda f: [f], 0, lambda db: db.parent / "articles" / "0.txt", id="database-is-not-sqlite"),
    pytest.param(lambda f: [f], 0, lambda db: Path("postgresql://h/db"), id="a-url"),
])
def test_other_situations_are_left_to_the_full_load(loaded: tuple[Path, Path], paths, max_bytes: int, db_of) -> None:
    folder, db = loaded
    assert unchanged_reload(db_of(db), paths(folder), max_bytes=max_bytes) is None


def test_every_file_unchanged_gives_the_report_of_a_run_not_kept(loaded: tuple[Path, Path]) -> None:
    folder, db = loaded
    report = unchanged_reload(db, [folder, folder / "1.txt"], max_bytes=0, base=folder.parent)
    assert report is not None and report.run_id is None
    assert [(o.path, o.status) for o in report.outcomes] == [
        (f"articles/{i}.txt", "unchanged") for i in range(3)]


def test_the_cli_prints_what_the_full_load_prints(loaded: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, db = loaded
    quick = runner.invoke(app, ["load", str(folder), "--db", str(db)])
    monkeypatch.setattr(etl.unchanged, "unchanged_reload", lambda *a, **k: None)
    full = runner.invoke(app, ["load", str(folder), "--db", str(db)])
    assert (quick.exit_code, quick.output) == (full.exit_code, full.output) == (
        0, f"files: 3 seen, 0 loaded, 3 unchanged, 0 failed\nrows added: none\ndatabase: {db}\n")


def test_the_quick_path_imports_neither_sqlalchemy_nor_the_parser() -> None:
    code = ("import sys, etl.unchanged; "
            "print(sorted(m for m in ('sqlalchemy', 'jieba', 'etl.parse', 'etl.normalise') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
