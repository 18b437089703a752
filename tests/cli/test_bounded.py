"""Bounded work per file through `etl load`: a file over --max-bytes (the default, or
one given) is refused from its size before it is read, and a file that takes longer than
--timeout is given up; each gets a problems row and an error line, and the files after
it load. Tests never assert times: the slow file is made slow by a stand-in stage."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import etl.pipeline
import etl.read
import etl.workers
from etl.cli import app
from etl.load_run import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from etl.read import RawDocument

runner = CliRunner()
SLOW_MARK = "（慢速测试）"  # a file whose text holds this is made slow by `slow_process`


def load(folder: Path, db: Path, *extra: str):
    return runner.invoke(app, ["load", str(folder), "--db", str(db), *extra])


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def problems(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("select kind, path from problems where severity = 'error' order by id").fetchall()


def documents(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [name for (name,) in con.execute("select file_name from documents order by file_name")]


@pytest.fixture
def good_after(tmp_path: Path) -> Path:
    """A folder whose good files (two seeds) sort after the files tests add (named a_...)."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    for p in sorted(seeds.iterdir())[:2]:
        shutil.copyfile(p, folder / f"b_{p.name}")
    return folder


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)  # no blocks written: a 200 MB file costs nothing


def _one_line(path: Path, size: int) -> None:
    unit = "会议强调要加强核酸检测和隔离管控做好重点人员排查".encode()
    path.write_bytes((unit * (size // len(unit) + 1))[:size - size % 3])


@pytest.mark.parametrize(
    ("make", "size", "extra", "limit"),
    [
        pytest.param(_sparse, 200_000_000, (), DEFAULT_MAX_BYTES, id="sparse-200MB-default-limit"),
        pytest.param(_sparse, DEFAULT_MAX_BYTES + 1, (), DEFAULT_MAX_BYTES, id="one-byte-over-default"),
        pytest.param(_one_line, 5_000_001, (), DEFAULT_MAX_BYTES, id="5MB-single-line-default-limit"),
        pytest.param(_one_line, 30_003, ("--max-bytes", "30000"), 30_000, id="just-over-given-limit"),
        pytest.param(_sparse, 200_000_000, ("--jobs", "2"), DEFAULT_MAX_BYTES, id="sparse-200MB-jobs-2"),
    ],
)
def test_a_file_over_the_limit_is_refused_from_its_size(good_after: Path, tmp_path: Path, make, size: int,
                                                        extra: tuple[str, ...], limit: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    big = good_after / "a_big.txt"
    make(big, size)
    size = big.stat().st_size
    real_read = etl.read.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert self.name != big.name, "the big file was read"
        return real_read(self)

    monkeypatch.setattr(etl.read.Path, "read_bytes", read_bytes)
    db = tmp_path / "t.db"
    result = load(good_after, db, *(extra or ("--jobs", "1")))
    assert result.exit_code == 1, result.output
    (line,) = errors(result.output)
    assert line.startswith("error: ") and "a_big.txt" in line
    assert f"{size:,} bytes" in line and f"limit of {limit:,} bytes" in line and f"--max-bytes {size}" in line
    assert [kind for kind, _ in problems(db)] == ["too_large"]
    assert documents(db) == sorted(p.name for p in good_after.iterdir() if p.name.startswith("b_"))


def slow_process(raw: RawDocument, real=etl.pipeline.process):
    """etl.pipeline.process, but a file marked SLOW_MARK sleeps first (far longer than the
    test's --timeout); with `blocked`, with SIGALRM blocked, as a call in native code."""
    if SLOW_MARK in raw.text:
        if "blocked" in raw.text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)
    return real(raw)


@pytest.mark.parametrize(
    ("jobs", "kind_of_slow"),
    [
        pytest.param("1", "slow", id="jobs-1"),
        pytest.param("2", "slow", id="jobs-2"),
        pytest.param("2", "blocked", id="jobs-2-timer-blocked-worker-killed"),
    ],
)
def test_a_file_over_the_timeout_is_given_up(good_after: Path, tmp_path: Path, jobs: str, kind_of_slow: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    seed = sorted(good_after.iterdir())[0].read_text(encoding="utf-8")
    (good_after / "a_slow.txt").write_text(seed + f"\n{SLOW_MARK}{kind_of_slow}\n", encoding="utf-8")
    monkeypatch.setattr(etl.pipeline, "process", slow_process)
    monkeypatch.setattr(etl.workers, "KILL_GRACE_SECONDS", 1.0)
    db = tmp_path / "t.db"
    result = load(good_after, db, "--jobs", jobs, "--timeout", "3")
    assert result.exit_code == 1, result.output
    (line,) = errors(result.output)
    assert line.startswith("error: ") and "a_slow.txt: took more than" in line
    assert "--timeout 3" in line and "pass a larger --timeout" in line and "split the file" in line
    assert ("killed" in line) == (kind_of_slow == "blocked")
    assert problems(db) == [("timeout", line.split(": ")[1])]
    assert documents(db) == sorted(p.name for p in good_after.iterdir() if p.name.startswith("b_"))
    if jobs == "1":
        assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_help_documents_the_limits() -> None:
    result = runner.invoke(app, ["load", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "--max-bytes" in text and f"default: {DEFAULT_MAX_BYTES}" in text
    assert "--timeout" in text and f"default: {DEFAULT_TIMEOUT}" in text and "timeout" in text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the timer needs SIGALRM")
def test_timeout_zero_means_no_limit(good_after: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = load(good_after, db, "--jobs", "1", "--timeout", "0", "--max-bytes", "0")
    assert result.exit_code == 0, result.output
    assert len(documents(db)) == 2
