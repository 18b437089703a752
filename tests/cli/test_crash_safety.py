"""`etl load` killed with SIGKILL: a real subprocess killed at seeded points of a small
generated corpus, one after the other on the same database, then run once more.

After every kill the database passes `integrity_check` and `foreign_key_check`, holds
each document whole (the same rows as a clean load of the same file) or not at all, and
no content twice; running the same command again completes it: the same documents and
rows as one clean run, the killed runs marked interrupted, none left running.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.benchmark.corpus import write_corpus
from etl.cli import app

DOCS = 24
BATCH = 3  # documents per transaction in the killed loads: several commits to land between
SEED = 20261201
DERIVED = ("segments", "people", "meetings", "locations", "attendees", "attendee_titles", "attendee_roles",
           "directives", "directive_categories", "meeting_locations", "credits", "mentions", "problems")

# `etl load` with a smaller batch, as a real process: `python -c RUN BATCH etl-arguments...`
RUN = ("import sys; from etl.db import store; "
       "store.BatchWriter.__init__.__kwdefaults__['max_documents'] = int(sys.argv.pop(1)); "
       "sys.argv[0] = 'etl'; from etl.cli import app; app()")


def start_load(folder: str, db: Path, *, cwd: Path, jobs: int = 1, batch: int = BATCH,
               env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`etl load FOLDER --db DB -q -j JOBS` in its own process group (its workers too)."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", RUN, str(batch), "load", folder, "--db", str(db), "-q", "-j", str(jobs)],
        cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def kill(proc: subprocess.Popen[str]) -> bool:
    """SIGKILL the load process alone, as `kill -9 PID` does; return whether its worker
    processes went away by themselves (those left are killed)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(500):  # the workers die with their parent
        if not group_alive(proc.pid):
            break
        time.sleep(0.02)
    orphans = group_alive(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()  # the workers held the pipes too
    return not orphans


def documents_now(db: Path) -> int:
    """Committed documents, read without writing anything (-1: no database yet)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return -1


def per_document(db: Path) -> dict[str, tuple]:
    """For each stored document (by path): its sha256 and its rows per derived table."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        docs = {i: (p, s) for i, p, s in con.execute("SELECT id, path, sha256 FROM documents")}
        counts: dict[int, list[int]] = {i: [] for i in docs}
        for table in DERIVED:
            found = dict(con.execute(f"SELECT document_id, count(*) FROM {table} GROUP BY document_id"))  # noqa: S608
            for i in docs:
                counts[i].append(found.get(i, 0))
    return {path: (sha, tuple(counts[i])) for i, (path, sha) in docs.items()}


def query(db: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def assert_sound(db: Path, reference: dict[str, tuple]) -> None:
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    assert query(db, "SELECT sha256 FROM documents GROUP BY sha256 HAVING count(*) > 1") == []
    for path, stored in per_document(db).items():
        assert stored == reference[path], f"{path} is not whole"


def schedule(seed: int) -> list[tuple[int, float, int]]:
    """Kill points: (documents this run is to commit first, then seconds more, --jobs).
    The first lands at the creation of the database (the schema, the first batch), the
    others once the run has committed some documents, a seeded moment later (inside a
    batch, or its commit)."""
    rng = random.Random(seed)
    return [(0, round(rng.uniform(0, 0.3), 2), 1),
            (rng.randint(2, 6), round(rng.uniform(0, 0.4), 2), 2),
            (rng.randint(2, 6), round(rng.uniform(0, 0.4), 2), 1)]


def load_in_process(work: Path, *args: str):
    """`etl load ARGS` in this process, from `work` (stored paths are relative to the
    working folder, as in the subprocesses)."""
    here = Path.cwd()
    os.chdir(work)
    try:
        return CliRunner().invoke(app, ["load", *args])
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple], dict[str, int]]:
    """A generated corpus in a work folder, and what one clean load of it stores."""
    work = tmp_path_factory.mktemp("crash")
    write_corpus(work / "corpus", DOCS, seed=SEED % 1000)
    result = load_in_process(work, "corpus", "--db", "clean.db", "-q", "-j", "1")
    assert result.exit_code in (0, 1), result.output
    clean = work / "clean.db"
    totals = {t: query(clean, f"SELECT count(*) FROM {t}")[0][0] for t in ("documents", *DERIVED)}  # noqa: S608
    return work, per_document(clean), totals


def test_killed_loads_leave_a_sound_database_that_the_same_command_completes(corpus) -> None:
    work, reference, totals = corpus
    assert totals["documents"] == len({sha for sha, _ in reference.values()})  # no content twice in the corpus
    db = work / "killed.db"
    kills = 0
    for documents, delay, jobs in schedule(SEED):
        target = max(documents_now(db), 0) + documents
        proc = start_load("corpus", db, cwd=work, jobs=jobs)
        while proc.poll() is None and documents_now(db) < target:
            time.sleep(0.01)
        time.sleep(delay)
        if proc.poll() is None:
            assert kill(proc), "worker processes outlived the killed load"
            kills += 1
        else:  # it finished first: then it finished cleanly
            assert proc.returncode in (0, 1), proc.stderr.read() if proc.stderr else ""
        if db.exists():
            assert_sound(db, reference)
            assert len(query(db, "SELECT id FROM load_runs WHERE status = 'running'")) <= 1
    assert kills >= 2

    again = load_in_process(work, "corpus", "--db", db.name, "-j", "2")  # the same command, run again
    assert again.exit_code == (1 if query(work / "clean.db", "SELECT 1 FROM problems WHERE document_id IS NULL")
                               else 0), again.output
    assert "earlier runs whose process had died, marked interrupted" in again.stdout
    assert_sound(db, reference)
    assert per_document(db) == reference
    assert {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in ("documents", *DERIVED)} == totals  # noqa: S608
    runs = query(db, "SELECT status, finished_at IS NOT NULL, files_loaded FROM load_runs")
    assert {status for status, _, _ in runs} <= {"completed", "interrupted"}
    assert all(finished for _, finished, _ in runs)
    assert sum(loaded for _, _, loaded in runs) == DOCS  # every document stored once, by the run that committed it
    assert any(status == "interrupted" for status, _, _ in runs)
