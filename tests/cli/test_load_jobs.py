"""`etl load --jobs N` and the loader's corpus-scale behaviour: the database does not
depend on N; a worker that dies costs one file; unchanged files are skipped from their
stat; files over --max-bytes are refused."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import etl.pipeline
import etl.read
from etl.cli import app
from etl.db.search_rows import fts_table_names

runner = CliRunner()
SKIP_COLUMNS = {"load_run_id", "loaded_at", "started_at", "finished_at", "command"}


def etl_cli(*args: str):
    return runner.invoke(app, list(args))


def table_dump(db: Path) -> dict[str, list[tuple]]:
    """Every table, every column but run ids and timestamps, in rowid order."""
    with sqlite3.connect(db) as con:
        tables = [t for (t,) in con.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
            if t not in fts_table_names()]  # the FTS index: tests/db/test_fts.py
        dump = {}
        for t in tables:
            cols = [r[1] for r in con.execute(f"pragma table_info({t})") if r[1] not in SKIP_COLUMNS]
            dump[t] = con.execute(f"select {', '.join(cols)} from {t} order by rowid").fetchall()
        return dump


@pytest.fixture
def corpus(seeds_copy: Path) -> Path:
    """The seeds, three variants of each (a distinct trailing line), an exact copy of one
    under another name and a file that fails."""
    originals = sorted(seeds_copy.iterdir())
    for i in range(3):
        for p in originals:
            (seeds_copy / f"v{i}_{p.name}").write_bytes(p.read_bytes() + f"\n(变体 {i})\n".encode())
    shutil.copyfile(originals[0], seeds_copy / "zz_copy.txt")
    (seeds_copy / "empty.txt").write_bytes(b"")
    return seeds_copy


def load(folder: Path, db: Path, *extra: str):
    return etl_cli("load", str(folder), "--db", str(db), *extra)


def test_jobs_1_and_2_give_the_same_database(corpus: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        result = load(corpus, db, "--jobs", jobs)
        assert result.exit_code == 1, result.output  # empty.txt
        assert "20 loaded, 1 unchanged, 1 failed" in result.output
        exported = etl_cli("export", "--format", "jsonl", "--db", str(db))
        assert exported.exit_code == 0
        outputs[jobs] = (exported.stdout_bytes, table_dump(db), result.output.replace(str(db), "DB"))
    assert outputs["1"][0] == outputs["2"][0]
    assert outputs["1"][1] == outputs["2"][1]
    assert outputs["1"][2] == outputs["2"][2]  # the same errors and summary, in the same order


def test_a_worker_that_dies_costs_only_its_file(corpus: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real = etl.pipeline.process
    victim = "v1_002_"

    def dying(raw):
        if raw.path.name.startswith(victim):
            os._exit(1)
        return real(raw)

    monkeypatch.setattr(etl.pipeline, "process", dying)  # inherited by the forked workers
    db = tmp_path / "died.db"
    result = load(corpus, db, "--jobs", "2")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.output
    assert victim in errors[1] and "worker process died" in errors[1]
    assert "19 loaded, 1 unchanged, 2 failed" in result.output
    with sqlite3.connect(db) as con:
        died = con.execute("select path, kind from problems where kind = 'worker_died'").fetchall()
        assert len(died) == 1 and victim in died[0][0]
        assert con.execute("select count(*) from documents").fetchone()[0] == 19


def test_a_worker_that_raises_costs_only_its_file(seeds_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real = etl.pipeline.process

    def buggy(raw):
        if raw.path.name.startswith("001_"):
            raise RuntimeError("parser bug")
        return real(raw)

    monkeypatch.setattr(etl.pipeline, "process", buggy)
    result = load(seeds_copy, tmp_path / "bug.db", "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert "4 loaded" in result.output and "RuntimeError: parser bug" in result.output


def test_unchanged_files_are_not_read_again(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "re.db"
    load(corpus, db, "--jobs", "2")

    read: list[str] = []
    real_read = etl.pipeline.read_file

    def reading(path, *args, **kwargs):
        read.append(path.name)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(etl.pipeline, "read_file", reading)
    (corpus / "empty.txt").unlink()
    before = table_dump(db)
    result = load(corpus, db, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "0 loaded, 21 unchanged, 0 failed" in result.output
    assert table_dump(db) == before
    assert read == []  # the copy too: it is stored as a second name of its document


def test_a_touched_file_is_hashed_and_its_mtime_recorded(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "touch.db"
    load(corpus, db, "--jobs", "1")
    target = corpus / "v0_000_e333c9592c598cfa.txt"
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    result = load(corpus, db, "--jobs", "2")
    assert "0 loaded, 21 unchanged, 1 failed" in result.output, result.output
    with sqlite3.connect(db) as con:
        (mtime,) = con.execute("select mtime from document_names where file_name = ?", (target.name,)).fetchone()
    assert mtime == target.stat().st_mtime_ns


@pytest.mark.parametrize(
    ("limit", "refused"),
    [
        pytest.param("20000", True, id="over-the-limit"),
        pytest.param("0", False, id="no-limit"),
        pytest.param("100000000", False, id="under-the-limit"),
    ],
)
def test_max_bytes(seeds_copy: Path, tmp_path: Path, limit: str, refused: bool,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    big = seeds_copy / "big.txt"
    big.write_bytes((seeds_copy / "003_f05cf6e99f61e168.txt").read_bytes() * 4)
    size = big.stat().st_size
    assert size > 20000
    real_read = etl.read.Path.read_bytes
    monkeypatch.setattr(etl.read.Path, "read_bytes",
                        lambda self: (_ for _ in ()).throw(AssertionError("read")) if self.name == "big.txt" and refused
                        else real_read(self))
    db = tmp_path / "big.db"
    result = load(seeds_copy, db, "--max-bytes", limit, "--jobs", "1")
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    if not refused:
        assert not errors, result.output
        return
    assert result.exit_code == 1
    assert len(errors) == 1 and "big.txt" in errors[0]
    assert f"{size:,} bytes" in errors[0] and "20,000 bytes" in errors[0] and f"--max-bytes {size}" in errors[0]
    with sqlite3.connect(db) as con:
        assert con.execute("select kind from problems where severity = 'error'").fetchall() == [("too_large",)]


def test_help_documents_jobs_and_max_bytes() -> None:
    result = etl_cli("load", "--help")
    assert result.exit_code == 0
    assert "--jobs" in result.output and "--max-bytes" in result.output and "no limit" in result.output
