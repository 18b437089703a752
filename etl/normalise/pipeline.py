"""The normalise pipeline: raw text → NormalisedDocument.

Steps, in order, each `step(text) -> list[Edit]` run with etl.spans.run_steps so that the
offset map ties every character of the result to the raw text:

a. mojibake repair (on the raw text, before anything else)   etl.normalise.repair_step
b. line endings, trailing spaces, invisible characters        etl.normalise.whitespace
c. pinyin annotations                                          etl.normalise.pinyin
d. Traditional → Simplified (OpenCC t2s)                       etl.normalise.simplify
e. punctuation folding and collapsing                          etl.normalise.punctuation
then f. sections and g. artifact flags on the final text.

Steps b-e run again until they change nothing (a later step can expose work for an
earlier one, e.g. t2s or a deletion bringing a pinyin fragment next to a Han character),
so normalising normalised text changes nothing.
"""

from __future__ import annotations

import dataclasses

from etl.findings import Finding
from etl.normalise import NormalisedDocument, Segment
from etl.normalise.artifacts import artifact_flags, truncated_spans, truncation_findings
from etl.normalise.pinyin import pinyin_edits
from etl.normalise.punctuation import punctuation_edits
from etl.normalise.repair_step import repair
from etl.normalise.sections import split_sections
from etl.normalise.simplify import simplify_edits
from etl.normalise.whitespace import whitespace_edits
from etl.spans import Edit, run_steps

CLEANUP_STEPS = (whitespace_edits, pinyin_edits, simplify_edits, punctuation_edits)
MAX_ROUNDS = 4


def normalise(text: str) -> NormalisedDocument:
    repair_edits, repair_findings = repair(text)

    def repair_step(_: str) -> list[Edit]:
        return repair_edits

    out, offsets, applied = run_steps(text, [repair_step, *CLEANUP_STEPS])
    for _ in range(MAX_ROUNDS - 1):
        again, round_map, more = run_steps(out, CLEANUP_STEPS)
        if not more:
            break
        out, offsets = again, offsets.then(round_map)
        applied.extend(more)

    sections = split_sections(out)
    cut = truncated_spans(out, sections)
    placed = [
        dataclasses.replace(f, span=offsets.from_source(f.raw_span)) if f.raw_span is not None else f
        for f in repair_findings
    ]
    findings: list[Finding] = placed + truncation_findings(out, cut, offsets)
    findings.sort(key=lambda f: f.span.start if f.span is not None else -1)
    return NormalisedDocument(
        text=out,
        offsets=offsets,
        segments=tuple(Segment(s.kind, s.span) for s in sections),
        artifacts=artifact_flags(out, applied, repair_findings, sections, cut),
        findings=tuple(findings),
    )
