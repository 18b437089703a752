"""The normalise pipeline: raw text → NormalisedDocument.

Steps, in order, each `step(text) -> list[Edit]` run with etl.spans.run_steps so that the
offset map ties every character of the result to the raw text:

0. (web pages only) the article's main text extracted      etl.html
a. mojibake repair (on the raw text, before anything else)   etl.normalise.repair_step
b. line endings, trailing spaces, invisible characters        etl.normalise.whitespace
c. pinyin annotations                                          etl.normalise.pinyin
d. Traditional → Simplified (OpenCC t2s)                       etl.normalise.simplify
e. punctuation folding and collapsing                          etl.normalise.punctuation
then f. sections and g. artifact flags on the final text.

Steps b-e run again until they change nothing (a later step can expose work for an
earlier one, e.g. t2s or a deletion bringing a pinyin fragment next to a Han character),
so normalising normalised text changes nothing.

Repeating them only where something changed gives the same result: once b has made every
line break a `\n`, each of b-e works line by line (no rule reaches across a `\n`, none
adds or removes one, and OpenCC splits at white space), so a line that a round left
alone, the next round leaves alone too. Round 2 therefore runs b over the whole text
(one regex pass) and c-e only on the lines that c-e changed in round 1 or b changes
now; each later round only on the lines the round before changed. The lines are
processed together, joined by `\n`, and their edits moved back to their place. Should
a step ever break that rule (an edit across a line end, a `\n` added or lost), the
document falls back to repeating every step on the whole text.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence

from etl.findings import Finding
from etl.normalise import NormalisedDocument, Segment
from etl.normalise.artifacts import artifact_flags, truncated_spans, truncation_findings
from etl.normalise.pinyin import pinyin_edits
from etl.normalise.punctuation import punctuation_edits
from etl.normalise.repair_step import repair
from etl.normalise.sections import split_sections
from etl.normalise.simplify import simplify_edits
from etl.normalise.whitespace import whitespace_edits
from etl.spans import Edit, OffsetMap, apply_edits, run_steps

CLEANUP_STEPS = (whitespace_edits, pinyin_edits, simplify_edits, punctuation_edits)
MAX_ROUNDS = 4

Step = Callable[[str], list[Edit]]


def normalise(text: str, *, html: bool = False) -> NormalisedDocument:
    """Normalise `text`; `html`: it is a web page, whose article is extracted first
    (etl.html) and the offsets composed, so they still point into the page."""
    if html:
        return _normalise_page(text)
    repair_edits, repair_findings = repair(text)
    out, offsets, applied = cleanup(text, repair_edits)

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


def _normalise_page(page: str) -> NormalisedDocument:
    from etl.html import extract  # trafilatura is imported only for web pages

    article = extract(page)
    doc = normalise(article.text)
    findings = tuple(
        dataclasses.replace(f, raw_span=article.offsets.to_source(f.raw_span)) if f.raw_span is not None else f
        for f in doc.findings
    )
    return dataclasses.replace(doc, offsets=article.offsets.then(doc.offsets), findings=findings)


def cleanup(text: str, repair_edits: list[Edit]) -> tuple[str, OffsetMap, list[Edit]]:
    """Steps a-e, then b-e again until they change nothing (at most MAX_ROUNDS rounds).

    Returns the text, its map to `text` and every edit applied, as `run_steps` would.
    """
    first, cleaner = CLEANUP_STEPS[0], CLEANUP_STEPS[1:]
    out, offsets, applied = run_steps(text, [lambda _: repair_edits, first])
    try:
        out, round_map, more, dirty = _on_lines(out, cleaner, None)
        offsets = offsets.then(round_map)
        applied.extend(more)
        for rnd in range(MAX_ROUNDS - 1):
            mapping = OffsetMap.identity(len(out))
            again, more = out, []
            changed: set[int] = set()
            for step in CLEANUP_STEPS:
                if rnd == 0 and step is first:  # lines c-e left alone are as b left them: only b may act there
                    lines: Collection[int] | None = None
                else:
                    lines = dirty | changed if rnd == 0 else dirty
                again, step_map, edits, touched = _on_lines(again, [step], lines)
                if edits:
                    mapping = mapping.then(step_map)
                    more.extend(edits)
                    changed |= touched
            if not more:
                break
            out, offsets, dirty = again, offsets.then(mapping), changed
            applied.extend(more)
    except _NotLineLocal:
        return _cleanup_whole(text, repair_edits)
    return out, offsets, applied


class _NotLineLocal(Exception):
    """A step edited across a line end or changed the number of lines."""


def _on_lines(
    text: str, steps: Sequence[Step], lines: Collection[int] | None
) -> tuple[str, OffsetMap, list[Edit], set[int]]:
    """Run `steps` on the given lines of `text` (None: all); also return the lines edited.

    The chosen lines go through the steps as one text joined by `\n`; each edit is moved to
    its place in the whole text, so the edits and the map are those of the whole text.
    """
    mapping = OffsetMap.identity(len(text))
    applied: list[Edit] = []
    touched: set[int] = set()
    newlines = text.count("\n")
    for step in steps:
        all_lines = text.split("\n")
        chosen = range(len(all_lines)) if lines is None else sorted(lines)
        if not chosen:
            break
        sub = text if lines is None else "\n".join(all_lines[j] for j in chosen)
        edits = step(sub)
        if not edits:
            continue
        full_starts = _starts(len(line) for line in all_lines)
        sub_starts = full_starts if lines is None else _starts(len(all_lines[j]) for j in chosen)
        moved: list[Edit] = []
        for e in edits:
            k = bisect.bisect_right(sub_starts, e.start) - 1
            line = chosen[k]
            if e.end > sub_starts[k] + len(all_lines[line]):
                raise _NotLineLocal
            shift = full_starts[line] - sub_starts[k]
            moved.append(e if not shift else Edit(e.start + shift, e.end + shift, e.replacement, e.reason))
            touched.add(line)
        text, step_map = apply_edits(text, moved)
        if text.count("\n") != newlines:
            raise _NotLineLocal
        mapping = mapping.then(step_map)
        applied.extend(moved)
    return text, mapping, applied, touched


def _starts(lengths: Iterable[int]) -> list[int]:
    """Start offsets of lines of these lengths, joined by one `\n` each."""
    out = [0]
    for n in lengths:
        out.append(out[-1] + n + 1)
    return out


def _cleanup_whole(text: str, repair_edits: list[Edit]) -> tuple[str, OffsetMap, list[Edit]]:
    """Steps a-e, then b-e over the whole text until they change nothing."""
    out, offsets, applied = run_steps(text, [lambda _: repair_edits, *CLEANUP_STEPS])
    for _ in range(MAX_ROUNDS - 1):
        again, round_map, more = run_steps(out, CLEANUP_STEPS)
        if not more:
            break
        out, offsets = again, offsets.then(round_map)
        applied.extend(more)
    return out, offsets, applied
