"""Metric containers for `etl eval`: F1 tallies, accuracy ratios, misses, the report.

Pure data with JSON-ready `to_dict()`s; `score.py` fills them. A metric that had nothing
to count (no gold items and nothing exported, or no case to judge) has `value` None,
shown as null, and is never "below" a threshold.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

MetricKind = Literal["f1", "accuracy"]


@dataclass(frozen=True, slots=True)
class Miss:
    """One disagreement. `expected` None = an extra item exported; `got` None = not found."""

    source: str
    field: str
    expected: Any
    got: Any
    meeting: int | None = None  # 1-based gold meeting number, for per-meeting fields

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "field": self.field, "meeting": self.meeting,
                "expected": _jsonable(self.expected), "got": _jsonable(self.got)}


@dataclass(slots=True)
class F1Metric:
    """Micro-averaged precision / recall / F1 over sets of items."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind: MetricKind = "f1"

    def add(self, got: Iterable[Hashable], want: Iterable[Hashable]) -> tuple[set, set]:
        """Count one comparison; returns (extra, missing) items."""
        got_set, want_set = set(got), set(want)
        self.tp += len(got_set & want_set)
        extra, missing = got_set - want_set, want_set - got_set
        self.fp += len(extra)
        self.fn += len(missing)
        return extra, missing

    def count(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value(self) -> float | None:
        return self.f1

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class AccuracyMetric:
    """Share of judged cases that were right."""

    correct: int = 0
    total: int = 0
    kind: MetricKind = "accuracy"

    def add(self, right: bool) -> bool:
        self.total += 1
        self.correct += bool(right)
        return right

    @property
    def errors(self) -> int:
        return self.total - self.correct

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "correct": self.correct, "total": self.total,
                "errors": self.errors}


Metric = F1Metric | AccuracyMetric


@dataclass(slots=True)
class EvalReport:
    """Per-field metrics (in the order of the gold README's table) and every miss."""

    metrics: dict[str, Metric] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0  # gold documents scored
    documents_missing: list[str] = field(default_factory=list)  # gold sources absent from the export

    def value(self, name: str) -> float | None:
        return self.metrics[name].value

    def mean(self) -> float | None:
        """Unweighted mean of the fields that had something to count (F1 or accuracy)."""
        values = [m.value for m in self.metrics.values() if m.value is not None]
        return sum(values) / len(values) if values else None

    def lowest(self) -> tuple[str, float] | None:
        """The field with the lowest score, or None when nothing was counted."""
        scored = [(name, m.value) for name, m in self.metrics.items() if m.value is not None]
        return min(scored, key=lambda item: item[1]) if scored else None

    def summary(self) -> str:
        """One line to read progress at a glance: mean, lowest field, misses."""
        mean, lowest = self.mean(), self.lowest()
        if mean is None or lowest is None:
            return f"{self.documents} documents: nothing to score"
        counted = sum(m.value is not None for m in self.metrics.values())
        return (f"mean {mean:.3f} over {counted} fields; lowest {lowest[0]} {lowest[1]:.3f}; "
                f"{len(self.misses)} misses in {self.documents} documents")

    def misses_by_field(self) -> dict[str, list[Miss]]:
        """Misses grouped by field, fields in report order (fields with none left out)."""
        grouped: dict[str, list[Miss]] = {name: [] for name in self.metrics}
        for miss in self.misses:
            grouped.setdefault(miss.field, []).append(miss)
        return {name: found for name, found in grouped.items() if found}

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "documents_missing": list(self.documents_missing),
            "mean": self.mean(),
            "metrics": {name: m.to_dict() for name, m in self.metrics.items()},
            "misses": [m.to_dict() for m in self.misses],
        }


def below(report: EvalReport, minimum: float) -> list[str]:
    """Names of the metrics whose value (F1 or accuracy) is under `minimum`, in report
    order. Metrics with nothing to count are never below."""
    return [name for name, m in report.metrics.items() if m.value is not None and m.value < minimum]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
