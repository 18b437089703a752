"""Time per document from counts taken during a load: commits placed between samples, the
first and last tenth measured commit to commit; counting reads without creating the file
and while a writer holds its transaction."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.benchmark.progress import (
    CountSampler,
    Sample,
    Span,
    commits,
    count_documents,
    per_document,
    tree_cpu_seconds,
)


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        pytest.param([], [], id="none"),
        pytest.param([(0.5, 0), (1.0, 0), (1.5, 200), (2.0, 200), (2.5, 400)], [(1.25, 200), (2.25, 400)],
                     id="staircase"),
        pytest.param([(0.5, 100), (1.0, 100)], [], id="first-sample-already-counts"),
    ],
)
def test_commits(samples: list[tuple[float, int]], expected: list[tuple[float, int]]) -> None:
    assert commits([Sample(*s) for s in samples]) == [Sample(*s) for s in expected]


def test_cpu_is_placed_like_time() -> None:
    steps = commits([Sample(1.0, 0, 2.0), Sample(2.0, 50, 4.0), Sample(3.0, 50, 6.0)])
    assert steps == [Sample(1.5, 50, 3.0)]


def staircase(batch: int, total: int, seconds_per_doc: float, startup: float) -> list[Sample]:
    """Samples every 0.5 s of a load that commits every `batch` documents at a steady rate;
    each commit is placed half-way between two samples, so up to a quarter second off."""
    samples, t, n = [], 0.0, 0
    while n < total:
        t += 0.5
        done = int(max(0.0, t - startup) / seconds_per_doc)
        n = total if done >= total else done - done % batch  # the last batch is committed at the end
        samples.append(Sample(t, n))
    return samples


@pytest.mark.parametrize(
    ("samples", "first", "last"),
    [
        pytest.param([(0.0, 0), (1.0, 100), (2.0, 200), (3.0, 300), (4.0, 400)],
                     Span(100, 200, 1.0), Span(300, 400, 1.0), id="steady-100-per-second"),
        pytest.param([(0.0, 0), (10.0, 0), (11.0, 100), (12.0, 200), (14.0, 300), (16.0, 400)],
                     Span(100, 200, 1.0), Span(300, 400, 2.0), id="start-up-not-counted-slower-at-the-end"),
    ],
)
def test_first_and_last_tenth(samples: list[tuple[float, int]], first: Span, last: Span) -> None:
    pd = per_document([Sample(*s) for s in samples])
    assert pd is not None
    assert (pd.first, pd.last) == (first, last)
    assert pd.samples == len(samples)
    assert pd.cpu_change is None  # no CPU figures given


@pytest.mark.parametrize(
    "samples",
    [
        pytest.param([], id="no-samples"),
        pytest.param([(0.0, 0), (1.0, 5)], id="one-commit"),
        pytest.param([(0.0, 0), (1.0, 99), (2.0, 100)], id="commits-closer-than-a-tenth"),
    ],
)
def test_too_few_commits(samples: list[tuple[float, int]]) -> None:
    assert per_document([Sample(*s) for s in samples]) is None


def test_cpu_per_document() -> None:
    samples = [Sample(0.0, 0, 1.0), Sample(1.0, 100, 3.0), Sample(2.0, 200, 5.0), Sample(3.0, 300, 8.0),
               Sample(4.0, 400, 11.0)]
    pd = per_document(samples)
    assert pd is not None
    assert pd.first == Span(100, 200, 1.0, 2.0)
    assert pd.last == Span(300, 400, 1.0, 3.0)
    assert pd.first.cpu_ms_per_document == 20.0
    assert pd.cpu_change == pytest.approx(0.5)


def test_a_cpu_reading_that_drops_is_not_used() -> None:
    # the workers exited before the last commit was seen: their CPU left the reading
    samples = [Sample(0.0, 0, 1.0), Sample(1.0, 100, 3.0), Sample(2.0, 200, 5.0), Sample(3.0, 300, 8.0),
               Sample(4.0, 400, 2.0)]
    pd = per_document(samples)
    assert pd is not None
    assert pd.last == Span(300, 400, 1.0, 8.0 - 6.5)  # ends at the reading before the commit
    assert pd.last.cpu_ms_per_document is not None and pd.last.cpu_ms_per_document > 0


@given(
    batch=st.integers(1, 300),
    total=st.integers(1000, 10_000),
    ms=st.floats(5, 200),
    startup=st.floats(0, 10),
)
def test_a_steady_load_is_flat(batch: int, total: int, ms: float, startup: float) -> None:
    """At a steady rate the first and last tenth agree, within what sampling every 0.5 s
    allows (the placement of each commit is off by up to a quarter second)."""
    pd = per_document(staircase(batch, total, ms / 1000, startup))
    if pd is None:
        return
    for span in (pd.first, pd.last):
        assert span.documents >= total // 10
        assert abs(span.seconds - span.documents * ms / 1000) <= 0.5 + 1e-9


def test_count_documents_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    assert count_documents(db) is None
    assert not db.exists()


def test_count_documents_reads_beside_an_open_write(tmp_path: Path) -> None:
    db = tmp_path / "wal.db"
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("pragma journal_mode=wal")
    writer.execute("create table documents (id integer primary key)")
    assert count_documents(db) == 0
    writer.execute("begin")
    writer.executemany("insert into documents values (?)", [(i,) for i in range(3)])
    assert count_documents(db) == 0  # not committed yet, and not blocked
    writer.execute("commit")
    assert count_documents(db) == 3
    writer.execute("begin")
    writer.execute("insert into documents values (10)")  # the sampler must not block the writer
    sampler = CountSampler(db, interval=0.01)
    sampler.start()
    writer.execute("commit")
    samples = sampler.stop()
    writer.close()
    assert samples and samples[-1][1] == 4


def test_no_table_yet(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    assert count_documents(db) is None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_tree_cpu_counts_a_running_child() -> None:
    before = tree_cpu_seconds()
    assert before is not None
    busy = "import sys\nsum(range(5_000_000))\nprint(flush=True)\nsys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", busy], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None
        child.stdout.readline()  # it has done its work and waits, still alive
        during = tree_cpu_seconds()
    finally:
        child.communicate(b"")
    assert during is not None and during > before
