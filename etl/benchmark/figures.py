"""The figures of the load benchmark as plain data (the CLI prints them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from etl.benchmark.measure import ProcessPeak
from etl.benchmark.progress import PerDocument


@dataclass(frozen=True, slots=True)
class RunFigures:
    label: str  # fresh load (default packages) / unchanged reload / naive baseline ...
    files: int
    megabytes: float  # size of the files, 10^6 bytes
    seconds: float  # wall
    cpu_seconds: float  # user + system of the whole process tree
    cores: int
    peaks: tuple[ProcessPeak, ...]
    exit_code: int
    documents: int | None = None  # rows in the documents table afterwards
    failed: int | None = None  # files not loaded (error rows in the problems table)
    per_document: PerDocument | None = None  # first vs last tenth, from counts taken during the run

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0

    @property
    def ms_per_document(self) -> float:
        return 1000 * self.seconds / self.files if self.files else 0.0

    @property
    def cpu_ms_per_document(self) -> float:
        return 1000 * self.cpu_seconds / self.files if self.files else 0.0

    @property
    def cpu_share(self) -> float:
        """CPU seconds as a share of wall seconds × cores (1.0: every core busy throughout)."""
        return self.cpu_seconds / (self.seconds * self.cores) if self.seconds and self.cores else 0.0

    def to_dict(self) -> dict[str, Any]:
        pd = self.per_document
        return asdict(self) | {
            "per_document": None if pd is None else {
                "first": asdict(pd.first) | {"documents": pd.first.documents,
                                             "ms_per_document": pd.first.ms_per_document,
                                             "cpu_ms_per_document": pd.first.cpu_ms_per_document},
                "last": asdict(pd.last) | {"documents": pd.last.documents,
                                           "ms_per_document": pd.last.ms_per_document,
                                           "cpu_ms_per_document": pd.last.cpu_ms_per_document},
                "samples": pd.samples,
                "change": pd.change,
                "cpu_change": pd.cpu_change,
            },
            "mb_per_second": self.mb_per_second,
            "files_per_second": self.files_per_second,
            "ms_per_document": self.ms_per_document,
            "cpu_ms_per_document": self.cpu_ms_per_document,
            "cpu_share": self.cpu_share,
        }


@dataclass(frozen=True, slots=True)
class LoadBenchmark:
    docs: int
    seed: int
    megabytes: float
    generate_seconds: float
    corpus_counts: dict[str, int]  # encoding / feature → documents
    fresh: tuple[RunFigures, ...]  # default packages first, then the [fast] extra if installed
    reload: RunFigures
    baseline: RunFigures | None = None
    jobs: int | None = None
    kept: str | None = None  # folder holding the corpus and databases, when kept
    notes: tuple[str, ...] = field(default=())
    baseline_note: str | None = None  # what the baseline does, for judging the ratio

    def ratio(self, run: RunFigures) -> float | None:
        """`run`'s MB/s over the naive baseline's MB/s."""
        if self.baseline is None or not self.baseline.mb_per_second:
            return None
        return run.mb_per_second / self.baseline.mb_per_second

    def cpu_ratio(self, run: RunFigures) -> float | None:
        """`run`'s MB per CPU second over the baseline's: steadier than `ratio` on a
        machine shared with other work, where wall time says little."""
        if self.baseline is None or not (run.cpu_seconds and self.baseline.megabytes):
            return None
        return (run.megabytes / run.cpu_seconds) / (self.baseline.megabytes / self.baseline.cpu_seconds)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["fresh"] = [
            r.to_dict() | {"ratio_to_baseline": self.ratio(r), "cpu_ratio_to_baseline": self.cpu_ratio(r)}
            for r in self.fresh
        ]
        out["reload"] = self.reload.to_dict()
        out["baseline"] = self.baseline.to_dict() if self.baseline else None
        return out
