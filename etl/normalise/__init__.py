"""Normalise stage: raw text → clean Simplified text with an offset map back to the raw.

`normalise(text)` repairs mojibake, fixes line endings and invisible characters, strips
pinyin annotations, converts Traditional to Simplified, folds and collapses punctuation,
then marks headline / body / caption / credit / footer segments and the document's
artifacts. Nothing is deleted except the noise itself, and `offsets` maps every character
of the result back to the raw text. The steps live in the modules of this package (see
etl/normalise/pipeline.py); their rules in etl/data/normalise/.
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


from etl.normalise.pipeline import normalise  # noqa: E402  (needs the classes above)

__all__ = ["NormalisedDocument", "Segment", "SegmentKind", "normalise"]
