"""Character spans and the offset map that ties normalised text back to the raw text.

Every normalising step is expressed as a list of `Edit`s on its input. `apply_edits`
returns the new text together with an `OffsetMap` that says, for every character of the
new text, which range of the old text it came from. Maps compose, so after all steps
any span in the stored normalised text can be traced to its span in the raw text.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range [start, end) in one text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `replacement`; `reason` names the rule (for audits)."""

    start: int
    end: int
    replacement: str
    reason: str = ""


class OffsetMap:
    """For each character i of a derived text, the range starts[i]..ends[i] of its source.

    A character replaced one-for-one maps to its own source character; characters from a
    replacement of different length map to the whole replaced range; inserted characters
    map to an empty range.
    """

    __slots__ = ("starts", "ends", "source_len")

    def __init__(self, starts: list[int], ends: list[int], source_len: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self.starts = starts
        self.ends = ends
        self.source_len = source_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(list(range(length)), list(range(1, length + 1)), length)

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OffsetMap)
            and self.starts == other.starts
            and self.ends == other.ends
            and self.source_len == other.source_len
        )

    def __repr__(self) -> str:
        return f"OffsetMap(len={len(self)}, source_len={self.source_len})"

    def _position(self, pos: int) -> int:
        """Source position of a zero-width point in the derived text."""
        if pos < len(self.starts):
            return self.starts[pos]
        return self.ends[-1] if self.ends else self.source_len

    def to_source(self, span: Span) -> Span:
        """The source range that produced `span` of the derived text."""
        if span.end > len(self.starts):
            raise ValueError(f"{span} is outside a text of length {len(self.starts)}")
        if span.start == span.end:
            p = self._position(span.start)
            return Span(p, p)
        start = self.starts[span.start]
        end = max(self.ends[span.start : span.end])
        return Span(start, max(start, end))

    def from_source(self, span: Span) -> Span:
        """The smallest derived span whose characters came from inside `span` of the source.

        Sources are monotone, so this is two binary searches. A source range that was
        deleted entirely maps to the empty span where it used to be.
        """
        lo = bisect.bisect_right(self.ends, span.start)  # first char ending after span.start
        if span.start == span.end:
            return Span(lo, lo)
        hi = bisect.bisect_left(self.starts, span.end)  # first char starting at/after span.end
        return Span(lo, max(lo, hi))

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: `self` maps B→A, `later` maps C→B; the result maps C→A."""
        starts: list[int] = []
        ends: list[int] = []
        for s, e in zip(later.starts, later.ends):
            src = self.to_source(Span(s, e))
            starts.append(src.start)
            ends.append(src.end)
        return OffsetMap(starts, ends, self.source_len)

    # Storage: run-length encoded so a mostly-unchanged text stores a few triples.
    def to_runs(self) -> list[tuple[int, int, int]]:
        runs: list[tuple[int, int, int]] = []
        prev: tuple[int, int] | None = None
        for i, (s, e) in enumerate(zip(self.starts, self.ends)):
            if prev is not None and s == prev[0] + 1 and e == prev[1] + 1 and e - s == prev[1] - prev[0]:
                prev = (s, e)
                continue
            runs.append((i, s, e))
            prev = (s, e)
        return runs

    def to_json(self) -> str:
        return json.dumps(
            {"length": len(self), "source_length": self.source_len, "runs": self.to_runs()},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> OffsetMap:
        obj = json.loads(data)
        length, runs = obj["length"], obj["runs"]
        starts: list[int] = []
        ends: list[int] = []
        bounds = [r[0] for r in runs[1:]] + [length]
        for (i, s, e), stop in zip(runs, bounds):
            for k in range(stop - i):
                starts.append(s + k)
                ends.append(e + k)
        return cls(starts, ends, obj["source_length"])


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits to `text`; return the new text and its map to `text`."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos or edit.end > len(text) or edit.start > edit.end:
            raise ValueError(f"overlapping or out-of-range edit {edit!r}")
        parts.append(text[pos : edit.start])
        starts.extend(range(pos, edit.start))
        ends.extend(range(pos + 1, edit.start + 1))
        repl, width = edit.replacement, edit.end - edit.start
        parts.append(repl)
        if len(repl) == width:
            starts.extend(range(edit.start, edit.end))
            ends.extend(range(edit.start + 1, edit.end + 1))
        else:
            starts.extend([edit.start] * len(repl))
            ends.extend([edit.end] * len(repl))
        pos = edit.end
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(parts), OffsetMap(starts, ends, len(text))


def regex_edits(
    text: str,
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str | None],
    reason: str,
) -> list[Edit]:
    """One edit per match whose `replace` result differs from the match (None = keep)."""
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        new = replace(m)
        if new is not None and new != m.group(0):
            edits.append(Edit(m.start(), m.end(), new, reason))
    return edits


def run_steps(
    text: str, steps: Sequence[Callable[[str], list[Edit]]]
) -> tuple[str, OffsetMap, list[Edit]]:
    """Run edit-producing steps in order.

    Returns the final text, its map back to `text`, and every edit applied (each in the
    coordinates of the text its own step saw).
    """
    mapping = OffsetMap.identity(len(text))
    applied: list[Edit] = []
    for step in steps:
        edits = step(text)
        if not edits:
            continue
        text, step_map = apply_edits(text, edits)
        mapping = mapping.then(step_map)
        applied.extend(edits)
    return text, mapping, applied
