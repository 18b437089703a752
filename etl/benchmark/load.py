"""`etl benchmark load`: generate a corpus, then measure in one run

- the fresh load: `etl load` as a subprocess into a new database, with the default
  packages (ETL_NATIVE=0) and, when a module of NATIVE_MODULES is importable, again with
  the [fast] extra (ETL_NATIVE=1) into another new database; while each runs, the stored
  documents are counted every ~0.5 s to compare the time per document of the first and
  the last tenth (etl.benchmark.progress);
- the unchanged reload of the same folder into the first database;
- the naive baseline (etl.benchmark.naive) on the first K files (default: at most
  BASELINE_DOCS), as a subprocess.

Returns a LoadBenchmark; `progress` (if given) is told what starts, for the CLI to show.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from etl.benchmark.corpus import write_corpus
from etl.benchmark.figures import LoadBenchmark, RunFigures
from etl.benchmark.measure import cores, run_measured
from etl.benchmark.naive import DOES, files_of
from etl.benchmark.progress import CountSampler, count_documents, per_document

NATIVE_MODULES = ("rjieba",)  # the [fast] extra; any one importable → compare


def native_available() -> bool:
    return any(importlib.util.find_spec(name) is not None for name in NATIVE_MODULES)


BASELINE_DOCS = 1000  # default files of the naive baseline (~0.13 s each: 10,000 take ~20 min)
DOCUMENTS_SQL = "select count(*) from documents"
FAILED_SQL = "select count(*) from problems where severity = 'error'"


def _etl_load(
    label: str, corpus: Path, db: Path, work: Path, native: bool, jobs: int | None, sample: bool = False
) -> RunFigures:
    args = [sys.executable, "-m", "etl", "load", str(corpus), "--db", str(db), "--quiet"]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    env = os.environ | {"ETL_NATIVE": "1" if native else "0"}
    sampler = CountSampler(db) if sample else None
    if sampler is not None:
        sampler.start()
    try:
        m = run_measured(args, env=env, cwd=work)
    finally:
        samples = sampler.stop() if sampler is not None else []
    if m.exit_code not in (0, 1):  # 1: some files failed, which the figures show
        raise RuntimeError(f"{label}: etl load exited with {m.exit_code}:\n{m.stderr}")
    files = files_of(corpus)
    return RunFigures(
        label, len(files), sum(p.stat().st_size for p in files) / 1e6, m.seconds, m.cpu_seconds,
        cores(), m.peaks, m.exit_code, count_documents(db, DOCUMENTS_SQL), count_documents(db, FAILED_SQL),
        per_document(samples) if sample else None,
    )


def _naive(corpus: Path, db: Path, limit: int | None) -> RunFigures:
    args = [sys.executable, "-m", "etl.benchmark.naive", str(corpus), str(db)]
    if limit is not None:
        args += ["--limit", str(limit)]
    m = run_measured(args)
    if m.exit_code != 0:
        raise RuntimeError(f"naive baseline exited with {m.exit_code}:\n{m.stderr}")
    files = files_of(corpus, limit)
    return RunFigures(
        "naive baseline", len(files), sum(p.stat().st_size for p in files) / 1e6, m.seconds,
        m.cpu_seconds, cores(), m.peaks, m.exit_code, count_documents(db, DOCUMENTS_SQL), None,
    )


def run_load_benchmark(
    docs: int = 1000,
    seed: int = 0,
    *,
    jobs: int | None = None,
    keep: Path | None = None,
    baseline: bool = True,
    baseline_docs: int | None = None,
    source: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> LoadBenchmark:
    """Generate `docs` articles (seeded) and measure the loads; see the module docstring.

    `keep`: an empty or new folder that keeps the corpus and databases; else a temporary
    folder is removed afterwards. Raises ValueError when `keep` already holds files."""
    say = progress or (lambda _: None)
    with ExitStack() as stack:
        if keep is not None:
            if keep.exists() and any(keep.iterdir()):
                raise ValueError(f"{keep} is not empty; pass a new or empty folder to --keep")
            keep.mkdir(parents=True, exist_ok=True)
            work = keep.resolve()
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="etl-bench-")))
        corpus = work / "corpus"
        say(f"generating {docs} articles (seed {seed}) into {corpus}")
        start = time.perf_counter()
        summary = write_corpus(corpus, docs, seed, source)
        generate_seconds = time.perf_counter() - start

        say("fresh load, default packages (ETL_NATIVE=0)")
        fresh = [_etl_load("fresh load, default packages", corpus, work / "etl.db", work, False, jobs, True)]
        notes: list[str] = []
        if native_available():
            say("fresh load, [fast] extra (ETL_NATIVE=1)")
            fresh.append(_etl_load("fresh load, [fast] extra", corpus, work / "etl-fast.db", work, True, jobs, True))
        else:
            notes.append(f"[fast] extra not installed (none of {', '.join(NATIVE_MODULES)} importable)")
        say("unchanged reload")
        reload = _etl_load("unchanged reload", corpus, work / "etl.db", work, False, jobs)
        naive, baseline_note = None, None
        if baseline:
            k = min(docs, BASELINE_DOCS) if baseline_docs is None else min(docs, baseline_docs)
            say(f"naive baseline on {k} files")
            naive = _naive(corpus, work / "naive.db", k)
            sample = f"; a sample: the first {k:,} of the same {docs:,} files" if k < docs else ""
            baseline_note = f"{DOES}{sample}"
        return LoadBenchmark(
            docs, seed, summary.bytes / 1e6, generate_seconds, summary.counts, tuple(fresh), reload,
            naive, jobs, str(work) if keep is not None else None, tuple(notes), baseline_note,
        )
    raise AssertionError("unreachable")  # for mypy: ExitStack may swallow exceptions
