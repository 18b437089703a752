"""Load benchmark: how fast the whole pipeline turns files into database rows.

Makes `copies` variants of every file in a folder (each with a distinct trailing line,
so every one is a new document), loads them into a fresh database and measures
throughput and peak memory. Returns figures; the CLI prints them.
"""

from __future__ import annotations

import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from etl.db.engine import create_engine_for
from etl.db.migrate import ensure_schema
from etl.load_run import run_load


@dataclass(frozen=True, slots=True)
class LoadBenchmark:
    files: int
    megabytes: float
    seconds: float
    loaded: int
    failed: int
    peak_rss_mb: float

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0


def run_load_benchmark(source: Path, copies: int = 10) -> LoadBenchmark:
    originals = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        size = 0
        for i in range(copies):
            for p in originals:
                data = p.read_bytes() + f"\n(benchmark copy {i})\n".encode()
                (folder / f"{i:05d}_{p.name}").write_bytes(data)
                size += len(data)
        engine = create_engine_for(Path(tmp) / "bench.db")
        ensure_schema(engine)
        start = time.perf_counter()
        report = run_load(engine, [folder], command="etl benchmark load", base=Path(tmp))
        seconds = time.perf_counter() - start
        engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return LoadBenchmark(
        files=report.seen, megabytes=size / 1e6, seconds=seconds, loaded=report.loaded,
        failed=report.failed, peak_rss_mb=peak_kb / 1024,
    )
