"""Normalise stage: raw text → clean Simplified text with an offset map back to the raw.

(contract only; implementation to follow)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from etl.findings import Finding
from etl.spans import OffsetMap, Span

SegmentKind = Literal["headline", "body", "caption", "credit", "footer"]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    span: Span  # in NormalisedDocument.text


@dataclass(frozen=True, slots=True)
class NormalisedDocument:
    text: str  # the stored normalised text; every parsed span points into it
    offsets: OffsetMap  # text → raw text
    segments: tuple[Segment, ...]  # in order, covering every non-blank line
    artifacts: frozenset[str]  # traditional, pinyin_annotations, doubled_punctuation, mojibake, truncated, boilerplate_footer
    findings: tuple[Finding, ...] = field(default=())
