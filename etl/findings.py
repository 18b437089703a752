"""Findings: load errors and data-quality observations, stored as rows of `problems`.

Every stage reports what it could not do, or did with doubt, as a `Finding` instead of
printing or raising; the CLI prints them and the db stage stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from etl.spans import Span

Severity = Literal["error", "warning", "info"]
Stage = Literal["read", "normalise", "repair", "parse", "load"]


@dataclass(frozen=True, slots=True)
class Finding:
    stage: Stage
    kind: str  # short snake_case code: empty_file, binary_file, undecodable, no_meeting, ...
    message: str  # one line, naming the fix where there is one
    severity: Severity = "warning"
    span: Span | None = None  # in the stored normalised text
    raw_span: Span | None = None  # in the stored raw text, where known
    original: str | None = None  # the text as found
    repaired: str | None = None  # the text as repaired, None when left alone
    confidence: float | None = None  # 0..1, for repairs and guesses
    method: str | None = None  # which rule or algorithm produced it
