"""Time per document as a load goes on: is the first tenth of the documents as fast as
the last?

While `etl load` runs, `CountSampler` counts the stored documents every ~0.5 s with a
short-lived read-only connection (the database is in WAL mode, so a reader does not block
the writer; each count is one statement in autocommit, no transaction is held), and reads
the CPU seconds used so far by the processes below this one (the load and its workers,
from /proc: None elsewhere). The writer commits in batches, so the count is a staircase:
`per_document` places each step (a commit) half-way between the sample before it and the
first sample that shows it (off by at most half an interval), and measures from commit to
commit, so start-up (loading dictionaries, forking workers, the first batch) is not counted:

- first tenth: from the first commit seen to the first commit at least a tenth of the
  documents later;
- last tenth: from the last commit at least a tenth of the documents before the final
  commit to the final commit.

Wall time per document shows what a user waits; CPU time per document is steadier when
other work shares the machine.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from etl.benchmark.measure import PROC, descendants

SAMPLE_SECONDS = 0.5
BUSY_TIMEOUT_SECONDS = 0.2
COUNT_SQL = "select count(*) from documents"


class Sample(NamedTuple):
    seconds: float  # since the sampler started
    documents: int
    cpu_seconds: float | None = None  # of the processes below this one, so far


@dataclass(frozen=True, slots=True)
class Span:
    start_documents: int  # documents stored at the start of the span
    end_documents: int  # and at its end
    seconds: float
    cpu_seconds: float | None = None

    @property
    def documents(self) -> int:
        return self.end_documents - self.start_documents

    @property
    def ms_per_document(self) -> float:
        return 1000 * self.seconds / self.documents if self.documents else 0.0

    @property
    def cpu_ms_per_document(self) -> float | None:
        if self.cpu_seconds is None or not self.documents:
            return None
        return 1000 * self.cpu_seconds / self.documents


@dataclass(frozen=True, slots=True)
class PerDocument:
    first: Span
    last: Span
    samples: int  # counts taken

    @property
    def change(self) -> float:
        """Last span's wall time per document over the first's, minus 1 (+0.02: 2% slower)."""
        first = self.first.ms_per_document
        return self.last.ms_per_document / first - 1 if first else 0.0

    @property
    def cpu_change(self) -> float | None:
        """The same for CPU time per document."""
        first, last = self.first.cpu_ms_per_document, self.last.cpu_ms_per_document
        return last / first - 1 if first and last is not None else None


def _mid(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else (a + b) / 2


def commits(samples: Sequence[Sample]) -> list[Sample]:
    """Each rise of the count, placed half-way (in time and CPU) between the sample before
    it and the first sample that shows it. `samples` in time order."""
    samples = _monotone_cpu(samples)
    return [
        Sample((s0.seconds + s1.seconds) / 2, s1.documents,
               _mid(s0.cpu_seconds, s1.cpu_seconds) if s1.cpu_seconds is not None else s0.cpu_seconds)
        for s0, s1 in zip(samples, samples[1:])
        if s1.documents > s0.documents
    ]


def _monotone_cpu(samples: Sequence[Sample]) -> list[Sample]:
    """The samples with a CPU reading below an earlier one dropped to None: a worker that
    has exited, and not yet been waited for, is missing from the reading (at the end of
    a load its last commit can come after that)."""
    out, top = [], -1.0
    for s in samples:
        if s.cpu_seconds is not None and s.cpu_seconds < top:
            s = Sample(s.seconds, s.documents, None)
        elif s.cpu_seconds is not None:
            top = s.cpu_seconds
        out.append(s)
    return out


def _span(a: Sample, b: Sample) -> Span:
    cpu = None if a.cpu_seconds is None or b.cpu_seconds is None else b.cpu_seconds - a.cpu_seconds
    return Span(a.documents, b.documents, b.seconds - a.seconds, cpu)


def per_document(samples: Sequence[Sample]) -> PerDocument | None:
    """Time per document over the first and the last tenth of the documents (see the module
    docstring); None when too few commits were seen to tell them apart."""
    steps = commits(samples)
    if len(steps) < 2:
        return None
    first, final = steps[0], steps[-1]
    tenth = max(1, final.documents // 10)
    first_end = next((s for s in steps if s.documents >= first.documents + tenth), None)
    last_start = next((s for s in reversed(steps) if s.documents <= final.documents - tenth), None)
    if first_end is None or last_start is None:
        return None
    return PerDocument(_span(first, first_end), _span(last_start, final), len(samples))


def tree_cpu_seconds() -> float | None:
    """User + system CPU seconds of every process below this one (with the children they
    have waited for), from /proc; None where there is no /proc."""
    if not PROC.is_dir():
        return None
    me, ticks, total = os.getpid(), os.sysconf("SC_CLK_TCK"), 0
    for pid in descendants(me)[1:]:
        try:
            stat = (PROC / str(pid) / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # after "(comm) ": state ppid ... utime stime cutime cstime are fields 14-17
        fields = stat[stat.rindex(")") + 2 :].split()
        total += sum(int(x) for x in fields[11:15])
    return total / ticks


def count_documents(db: Path, sql: str = COUNT_SQL) -> int | None:
    """Documents stored in `db` now, read without creating the file or holding a
    transaction; None when the database or its table is not there yet, or stays busy."""
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                              isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        return int(con.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        con.close()


class CountSampler(threading.Thread):
    """Counts the documents of `db` every `interval` seconds from start() until stop(),
    then once more; `samples` holds those where the count worked."""

    def __init__(self, db: Path, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.interval = interval
        self.samples: list[Sample] = []
        self._halt = threading.Event()
        self._start = time.perf_counter()

    def _sample(self) -> None:
        n = count_documents(self.db)
        if n is not None:
            self.samples.append(Sample(time.perf_counter() - self._start, n, tree_cpu_seconds()))

    def run(self) -> None:
        self._start = time.perf_counter()
        while not self._halt.wait(self.interval):
            self._sample()

    def stop(self) -> list[Sample]:
        """Stop, take the last count, and return the samples."""
        self._halt.set()
        self.join()
        self._sample()
        return self.samples
