"""`etl load` as a real subprocess: `etl load .` beside its own database, database files
skipped, a mistyped path, the --json summary, the progress bar on a terminal, -V."""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ETL = [sys.executable, "-m", "etl"]

# An invented report; `{n}` makes each file's content its own.
ARTICLE = (
    "江东省召开第{n}次疫情防控工作会议\n"
    "本报讯 3月1日上午，江东省召开疫情防控领导小组会议。省委书记王明远主持会议并讲话，"
    "省长李建华出席会议。会议强调，要做好核酸检测，严格落实隔离措施。\n"
)


def run(*args: str, cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ETL, *args], cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


def articles(folder: Path, count: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"a{n}.txt").write_text(ARTICLE.format(n=n + 1), encoding="utf-8")
    return folder


def other_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("create table notes (x)")
        con.execute("insert into notes values (1)")
    con.close()


@pytest.mark.parametrize("touch", [pytest.param(False, id="unchanged-fast-path"),
                                   pytest.param(True, id="full-load")])
def test_load_dot_beside_its_database(tmp_path: Path, touch: bool) -> None:
    """`etl load .` in the folder of the articles, where etl.db is written: the database,
    its -wal/-shm/-journal files, another application's SQLite file and its journal are
    skipped, on every run, and the run exits 0."""
    folder = articles(tmp_path / "news")
    first = run("load", ".", cwd=folder)
    assert first.returncode == 0, first.stderr
    other_sqlite(folder / "notes.sqlite")
    (folder / "notes.sqlite-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
    for suffix in ("-wal", "-shm", "-journal"):
        (folder / f"etl.db{suffix}").write_bytes(bytes(1024))
    if touch:
        (folder / "a0.txt").write_text(ARTICLE.format(n=9), encoding="utf-8")
    again = run("load", ".", "--json", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    summary = json.loads(again.stdout)
    assert summary["files"] == {"seen": 2, "loaded": int(touch), "unchanged": 2 - int(touch), "failed": 0,
                                "skipped": 6}
    assert sorted(s["path"] for s in summary["skipped"]) == [
        "etl.db", "etl.db-journal", "etl.db-shm", "etl.db-wal", "notes.sqlite", "notes.sqlite-journal"]
    with sqlite3.connect(folder / "etl.db") as con:
        assert con.execute("select count(*) from problems").fetchone() == (0,)
    human = run("load", ".", cwd=folder)
    assert human.returncode == 0 and "skipped: 6 database file(s), not articles" in human.stdout


@pytest.mark.parametrize("args", [
    pytest.param(["nope"], id="missing-folder"),
    pytest.param(["news", "nope.txt"], id="missing-file-beside-a-good-one"),
    pytest.param(["news/nope/a.txt"], id="missing-below-a-folder"),
])
def test_missing_path_exits_2_before_the_database(tmp_path: Path, args: list[str]) -> None:
    articles(tmp_path / "news")
    done = run("load", *args, "--db", "out.db", cwd=tmp_path)
    assert done.returncode == 2
    missing = next(a for a in args if not (tmp_path / a).exists())
    assert done.stderr.splitlines() == [f"error: {missing}: no such file or folder; check the path (nothing was loaded)"]
    assert not (tmp_path / "out.db").exists()


def test_json_summary_names_failures(tmp_path: Path) -> None:
    folder = articles(tmp_path / "news")
    (folder / "empty.txt").write_bytes(b"")
    done = run("load", "news", "--json", "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1
    summary = json.loads(done.stdout)
    assert summary["files"] == {"seen": 3, "loaded": 2, "unchanged": 0, "failed": 1, "skipped": 0}
    assert isinstance(summary["run_id"], int) and summary["database"] == "x.db"
    assert summary["rows_added"]["documents"] == 2 and summary["rows_added"]["meetings"] == 2
    [failure] = summary["failures"]
    assert failure["path"] == "news/empty.txt" and failure["kind"] == "empty_file"
    assert failure["reason"].startswith("file is empty")
    assert done.stderr.splitlines() == [f"error: news/empty.txt: {failure['reason']}"]


def test_progress_bar_counts_and_errors_print_above_it(tmp_path: Path) -> None:
    """On a terminal: a bar with done/total and the file name, error lines whole above it,
    and nothing of the bar left at the end (transient)."""
    folder = articles(tmp_path / "news")
    (folder / "empty.txt").write_bytes(b"")
    main, sub = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    with subprocess.Popen([*ETL, "load", "news", "--db", "x.db", "--jobs", "1"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=sub, env=env) as proc:
        os.close(sub)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        out = proc.stdout.read().decode() if proc.stdout else ""
        assert proc.wait(timeout=300) == 1
    os.close(main)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "0/3" in screen and "3/3" in screen  # (the steps between may fall between two refreshes)
    assert "0/3\x1b[0m \x1b[33m0:00:00\x1b[0m news/a0.txt" in screen  # count, time, the file being loaded
    error = "error: news/empty.txt: file is empty (0 bytes); remove it or fill it with the article text"
    lines = [ln.replace("\x1b[2K", "") for ln in screen.replace("\r\n", "\n").split("\n") if "error:" in ln]
    assert [ln.rsplit("\r", 1)[-1] for ln in lines] == [error]  # one whole line, after the bar's line was cleared
    assert screen.endswith("\x1b[2K")  # the bar is cleared at the end
    assert "files: 3 seen, 2 loaded, 0 unchanged, 1 failed" in out


@pytest.mark.parametrize("flag", [pytest.param("-V", id="short"), pytest.param("--version", id="long")])
def test_version(tmp_path: Path, flag: str) -> None:
    done = run(flag, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("etl ")


def test_shell_completion_is_offered(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path)
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout
