"""The encoding doctor: every damaged span of a text with its context, as data.

`diagnose` runs the repair stage on a text and returns a `DoctorReport`: one item per
finding (kind, where, the text before and after it, original → repaired, confidence,
method) and per-kind counts. It neither prints nor touches a database; `etl doctor`
formats it, and `DoctorReport.to_dict()` is what `--json` writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from etl.findings import Finding
from etl.repair import repair_edits
from etl.spans import Edit, apply_edits


@dataclass(frozen=True, slots=True)
class DoctorItem:
    finding: Finding
    line: int  # 1-based line of the span's start in the text
    column: int  # 1-based column
    before: str  # up to `context` characters before the span (same line)
    after: str  # and after it

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        span = f.raw_span
        return {
            "kind": f.kind,
            "start": span.start if span else None,
            "end": span.end if span else None,
            "line": self.line,
            "column": self.column,
            "before": self.before,
            "original": f.original,
            "repaired": f.repaired,
            "after": self.after,
            "confidence": f.confidence,
            "method": f.method,
            "severity": f.severity,
            "message": f.message,
        }


@dataclass(frozen=True, slots=True)
class DoctorReport:
    items: tuple[DoctorItem, ...]
    edits: tuple[Edit, ...]
    repaired_text: str  # the text with every edit applied (what normalise goes on with)
    counts: dict[str, int]  # findings per kind

    @property
    def repaired(self) -> int:
        """Findings whose span was repaired."""
        return sum(1 for item in self.items if item.finding.repaired is not None)

    @property
    def flagged(self) -> int:
        """Findings only flagged: the span is left as it was and must not be trusted."""
        return sum(1 for item in self.items if item.finding.repaired is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [item.to_dict() for item in self.items],
            "summary": {"repaired": self.repaired, "flagged": self.flagged, "by_kind": self.counts},
        }


def _locate(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


def diagnose(text: str, context: int = 12) -> DoctorReport:
    """Findings of the repair stage on `text`, each with `context` characters around it."""
    edits, findings = repair_edits(text)
    items: list[DoctorItem] = []
    for finding in findings:
        span = finding.raw_span
        start, end = (span.start, span.end) if span else (0, 0)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, start - context) : start]
        after = text[end : min(line_end, end + context)]
        line, column = _locate(text, start)
        items.append(DoctorItem(finding, line, column, before, after))
    repaired_text, _ = apply_edits(text, edits)
    counts = dict(Counter(f.kind for f in findings))
    return DoctorReport(tuple(items), tuple(edits), repaired_text, counts)
