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


class SpanSet:
    """Many spans, sorted once, for the two questions asked of each of many other spans:
    does one of them contain it, does one overlap it (O(log n) each, where looking at
    every span made long documents quadratic)."""

    __slots__ = ("_starts", "_max_end")

    def __init__(self, spans: Iterable[Span]) -> None:
        pairs = sorted((s.start, s.end) for s in spans)
        self._starts = [start for start, _ in pairs]
        self._max_end: list[int] = []  # the largest end among the first k+1 spans
        top = -1
        for _, end in pairs:
            top = max(top, end)
            self._max_end.append(top)

    def contains(self, span: Span) -> bool:
        """Some span holds `span` (starts at or before it, ends at or after it)."""
        k = bisect.bisect_right(self._starts, span.start)
        return k > 0 and self._max_end[k - 1] >= span.end

    def overlaps(self, span: Span) -> bool:
        """Some span shares a character with `span` (a.start < b.end and b.start < a.end)."""
        k = bisect.bisect_left(self._starts, span.end)
        return k > 0 and self._max_end[k - 1] > span.start


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

    Held as runs: run k says that characters at[k] .. at[k+1]-1 map to the ranges
    (src[k] + j, src_end[k] + j) for j = 0, 1, ..., so a text with few edits is a few runs
    and composing maps costs time in the number of runs, not of characters. The runs are
    kept canonical (no run continues the one before it), which is also the stored form.
    """

    __slots__ = ("_at", "_src", "_end", "_len", "source_len", "_lists", "_monotone")
    _at: list[int]
    _src: list[int]
    _end: list[int]
    _len: int
    source_len: int
    _lists: tuple[list[int], list[int]] | None
    _monotone: bool | None

    def __init__(self, starts: list[int], ends: list[int], source_len: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        runs = _RunBuilder()
        for i, (s, e) in enumerate(zip(starts, ends)):
            runs.add(i, s, e, 1)
        self._set(runs, len(starts), source_len)

    def _set(self, runs: _RunBuilder, length: int, source_len: int) -> None:
        self._at, self._src, self._end = runs.at, runs.src, runs.end
        self._len = length
        self.source_len = source_len
        self._lists = None
        self._monotone = None

    @classmethod
    def _from_runs(cls, runs: _RunBuilder, length: int, source_len: int) -> OffsetMap:
        new = cls.__new__(cls)
        new._set(runs, length, source_len)
        return new

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        runs = _RunBuilder()
        runs.add(0, 0, 1, length)
        return cls._from_runs(runs, length, length)

    def __len__(self) -> int:
        return self._len

    @property
    def starts(self) -> list[int]:
        return self._expanded()[0]

    @property
    def ends(self) -> list[int]:
        return self._expanded()[1]

    def _expanded(self) -> tuple[list[int], list[int]]:
        """The per-character lists (built on demand, for callers that want them)."""
        if self._lists is None:
            starts: list[int] = []
            ends: list[int] = []
            for k, (a, b) in enumerate(self._bounds()):
                starts.extend(range(self._src[k], self._src[k] + b - a))
                ends.extend(range(self._end[k], self._end[k] + b - a))
            self._lists = (starts, ends)
        return self._lists

    def _bounds(self) -> list[tuple[int, int]]:
        at = self._at
        return list(zip(at, [*at[1:], self._len]))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OffsetMap)
            and self._len == other._len
            and self.source_len == other.source_len
            and self._at == other._at
            and self._src == other._src
            and self._end == other._end
        )

    def __repr__(self) -> str:
        return f"OffsetMap(len={len(self)}, source_len={self.source_len})"

    def _run(self, pos: int) -> int:
        """Index of the run holding character `pos` (0 <= pos < len)."""
        return bisect.bisect_right(self._at, pos) - 1

    def _start_at(self, pos: int) -> int:
        k = self._run(pos)
        return self._src[k] + pos - self._at[k]

    def _max_end(self, start: int, end: int) -> int:
        """max(ends[start:end]) for start < end; ends grow within a run."""
        k = self._run(start)
        at, src_end, n = self._at, self._end, len(self._at)
        best = -1
        while k < n and at[k] < end:
            stop = at[k + 1] if k + 1 < n else self._len
            best = max(best, src_end[k] + min(stop, end) - 1 - at[k])
            k += 1
        return best

    def _position(self, pos: int) -> int:
        """Source position of a zero-width point in the derived text."""
        if pos < self._len:
            return self._start_at(pos)
        return self._end[-1] + self._len - 1 - self._at[-1] if self._len else self.source_len

    def to_source(self, span: Span) -> Span:
        """The source range that produced `span` of the derived text."""
        if span.end > self._len:
            raise ValueError(f"{span} is outside a text of length {self._len}")
        if span.start == span.end:
            p = self._position(span.start)
            return Span(p, p)
        start = self._start_at(span.start)
        return Span(start, max(start, self._max_end(span.start, span.end)))

    def _is_monotone(self) -> bool:
        """Whether starts and ends never decrease (always so unless text is inserted)."""
        if self._monotone is None:
            ok = True
            prev_s = prev_e = -1
            for k, (a, b) in enumerate(self._bounds()):
                if self._src[k] < prev_s or self._end[k] < prev_e:
                    ok = False
                    break
                prev_s, prev_e = self._src[k] + b - a - 1, self._end[k] + b - a - 1
            self._monotone = ok
        return self._monotone

    def from_source(self, span: Span) -> Span:
        """The smallest derived span whose characters came from inside `span` of the source.

        Sources are monotone, so this is two binary searches. A source range that was
        deleted entirely maps to the empty span where it used to be.
        """
        if not self._is_monotone():  # binary search over the lists, exactly as ever
            starts, ends = self._expanded()
            lo = bisect.bisect_right(ends, span.start)
            if span.start == span.end:
                return Span(lo, lo)
            return Span(lo, max(lo, bisect.bisect_left(starts, span.end)))
        lo = self._first(self._end, span.start + 1)  # first char ending after span.start
        if span.start == span.end:
            return Span(lo, lo)
        hi = self._first(self._src, span.end)  # first char starting at/after span.end
        return Span(lo, max(lo, hi))

    def _first(self, values: list[int], bound: int) -> int:
        """First character whose value (start or end, non-decreasing) is >= bound."""
        at, n = self._at, len(self._at)
        lo, hi = 0, n  # first run whose last value is >= bound
        while lo < hi:
            mid = (lo + hi) // 2
            last = values[mid] + (at[mid + 1] if mid + 1 < n else self._len) - 1 - at[mid]
            if last < bound:
                lo = mid + 1
            else:
                hi = mid
        if lo == n:
            return self._len
        return at[lo] + max(0, bound - values[lo])

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: `self` maps B→A, `later` maps C→B; the result maps C→A."""
        out = _RunBuilder()
        at, src, end, n = self._at, self._src, self._end, len(self._at)
        for (i, stop), s, e in zip(later._bounds(), later._src, later._end):
            count = stop - i
            if e - s == 1:  # one-for-one characters: copy the runs of `self` they fall in
                k = self._run(s)
                pos = s
                while pos < s + count:
                    run_stop = at[k + 1] if k + 1 < n else self._len
                    take = min(run_stop, s + count) - pos
                    out.add(i + pos - s, src[k] + pos - at[k], end[k] + pos - at[k], take)
                    pos += take
                    k += 1
                continue
            if e == s or e + count - 1 > self._len:  # inserted characters, or out of range (it raises)
                for j in range(count):
                    mapped = self.to_source(Span(s + j, e + j))
                    out.add(i + j, mapped.start, mapped.end, 1)
                continue
            # each character maps to a stretch of 2 or more: `to_source` without the Spans
            for j in range(count):
                first = self._start_at(s + j)
                last = self._max_end(s + j, e + j)
                out.add(i + j, first, last if last > first else first, 1)
        return OffsetMap._from_runs(out, later._len, self.source_len)

    # Storage: run-length encoded so a mostly-unchanged text stores a few triples.
    def to_runs(self) -> list[tuple[int, int, int]]:
        return list(zip(self._at, self._src, self._end))

    def to_json(self) -> str:
        return json.dumps(
            {"length": len(self), "source_length": self.source_len, "runs": self.to_runs()},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> OffsetMap:
        obj = json.loads(data)
        length, runs = obj["length"], obj["runs"]
        out = _RunBuilder()
        bounds = [r[0] for r in runs[1:]] + [length]
        for (i, s, e), stop in zip(runs, bounds):
            out.add(i, s, e, stop - i)
        return cls._from_runs(out, length, obj["source_length"])


class _RunBuilder:
    """Collects runs in order, merging each with the one before when it continues it."""

    __slots__ = ("at", "src", "end", "_next")

    def __init__(self) -> None:
        self.at: list[int] = []
        self.src: list[int] = []
        self.end: list[int] = []
        self._next: tuple[int, int, int] | None = None  # (at, src, end) a continuation would have

    def add(self, at: int, src: int, end: int, count: int) -> None:
        """Characters at .. at+count-1 map to (src + j, end + j)."""
        if count <= 0:
            return
        if self._next != (at, src, end):
            self.at.append(at)
            self.src.append(src)
            self.end.append(end)
        self._next = (at + count, src + count, end + count)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits to `text`; return the new text and its map to `text`."""
    ordered = sorted(edits, key=_edit_order)
    parts: list[str] = []
    # the runs, built exactly as _RunBuilder.add builds them (inlined: this runs per edit)
    at: list[int] = []
    src: list[int] = []
    end: list[int] = []
    nxt = (-1, -1, -1)  # (at, src, end) a run continuing the last one would have
    pos = out = 0
    size = len(text)
    for edit in ordered:
        start, stop, repl = edit.start, edit.end, edit.replacement
        if start < pos or stop > size or start > stop:
            raise ValueError(f"overlapping or out-of-range edit {edit!r}")
        parts.append(text[pos:start])
        parts.append(repl)
        kept = start - pos  # the unchanged stretch before the edit: one for one
        if kept > 0:
            if nxt != (out, pos, pos + 1):
                at.append(out)
                src.append(pos)
                end.append(pos + 1)
            out += kept
            nxt = (out, start, start + 1)
        count = len(repl)
        if count == stop - start:  # one for one
            if count > 0:
                if nxt != (out, start, start + 1):
                    at.append(out)
                    src.append(start)
                    end.append(start + 1)
                out += count
                nxt = (out, stop, stop + 1)
        else:  # each new character maps to the whole replaced stretch
            for k in range(out, out + count):
                if nxt != (k, start, stop):
                    at.append(k)
                    src.append(start)
                    end.append(stop)
                nxt = (k + 1, start + 1, stop + 1)
            out += count
        pos = stop
    parts.append(text[pos:])
    kept = size - pos
    if kept > 0:
        if nxt != (out, pos, pos + 1):
            at.append(out)
            src.append(pos)
            end.append(pos + 1)
        out += kept
    runs = _RunBuilder()
    runs.at, runs.src, runs.end = at, src, end
    return "".join(parts), OffsetMap._from_runs(runs, out, size)


def _edit_order(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


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
