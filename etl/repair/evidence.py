"""Evidence from the whole document for the slots of its damaged regions.

Computed at most once per document, and only when a region asks for it (a clean
document never does): the document's own n-grams, whether it annotates only characters
that Traditional→Simplified folding changes, and which paired punctuation is open
before a position, or comes first after it, on its line. The line answers are the same
as scanning `plain(line up to / from the position)`, but each costs a lookup, so that
many regions on one long line stay linear.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property

from etl.repair.lexicon import annotates_converted_only, document_ngrams
from etl.repair.rules import annotation_pattern, rules


def open_pairs(text: Iterable[str], start: Mapping[str, int] | None = None) -> dict[str, int]:
    """For each paired punctuation opener, how many are still open at the end of `text`
    (continuing from the counts `start`, when given)."""
    pairs = rules().paired_punctuation
    closers = {close: open_ for open_, close in pairs.items()}
    depth = dict(start) if start is not None else {open_: 0 for open_ in pairs}
    for ch in text:
        if ch in depth:
            depth[ch] += 1
        elif ch in closers and depth[closers[ch]] > 0:
            depth[closers[ch]] -= 1
    return depth


class DocumentNgrams(Mapping[str, int]):
    """`document_ngrams(text, exclude)`, counted on the first lookup."""

    def __init__(self, text: str, exclude: list[tuple[int, int]]) -> None:
        self._text, self._exclude = text, exclude
        self.memo: dict[tuple[str, str, str], float] = {}  # slot scores against these counts

    @cached_property
    def counts(self) -> dict[str, int]:
        return document_ngrams(self._text, self._exclude)

    def __getitem__(self, gram: str) -> int:
        return self.counts[gram]

    def get(self, gram: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self.counts.get(gram, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)

    def __bool__(self) -> bool:
        return bool(self.counts)


class DocumentEvidence:
    """What the regions of one document share; every part is computed on first use."""

    def __init__(self, text: str, exclude: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.ngrams = DocumentNgrams(text, exclude or [])
        self._cursor: tuple[int, int, dict[str, int]] | None = None  # line start, next index, counts

    @cached_property
    def annotates_converted_only(self) -> bool:
        return annotates_converted_only(self.text)

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_start(self, pos: int) -> int:
        k = bisect.bisect_left(self._newlines, pos)
        return self._newlines[k - 1] + 1 if k else 0

    def line_end(self, pos: int) -> int:
        k = bisect.bisect_left(self._newlines, pos)
        return self._newlines[k] if k < len(self._newlines) else len(self.text)

    @cached_property
    def _annotations(self) -> tuple[list[int], list[int]]:
        spans = [m.span() for m in annotation_pattern().finditer(self.text)]
        return [s for s, _ in spans], [e for _, e in spans]

    @cached_property
    def _paired(self) -> tuple[list[int], list[str], dict[str, list[int]]]:
        """Positions of characters that read as paired punctuation once plain (folded),
        with that reading, also by reading; the brackets of pinyin annotations are left out."""
        pairs = rules().paired_punctuation
        wanted = set(pairs) | set(pairs.values())
        fold = rules().folded_punctuation
        raw = wanted | {ch for ch, full in fold.items() if full in wanted}
        starts, ends = self._annotations
        brackets = set(starts) | {e - 1 for e in ends}
        positions: list[int] = []
        chars: list[str] = []
        by_char: dict[str, list[int]] = {}
        pattern = "[" + "".join(re.escape(ch) for ch in sorted(raw)) + "]"
        for m in re.finditer(pattern, self.text):
            i = m.start()
            if i not in brackets:
                ch = fold.get(m.group(), m.group())
                positions.append(i)
                chars.append(ch)
                by_char.setdefault(ch, []).append(i)
        return positions, chars, by_char

    def _straddling(self, pos: int) -> tuple[int, int] | None:
        """The annotation that starts before `pos` and ends after it, if any."""
        starts, ends = self._annotations
        k = bisect.bisect_left(starts, pos)
        if k and ends[k - 1] > pos:
            return starts[k - 1], ends[k - 1]
        return None

    def open_before(self, pos: int) -> dict[str, int]:
        """`open_pairs(plain(text[line_start:pos]))`: positions are asked in increasing
        order (regions come in order), so the line is scanned once."""
        line_start = self.line_start(pos)
        positions, chars, _ = self._paired
        cursor = self._cursor
        if cursor is None or cursor[0] != line_start or (cursor[1] and positions[cursor[1] - 1] >= pos):
            cursor = (line_start, bisect.bisect_left(positions, line_start), open_pairs(""))
        _, index, counts = cursor
        stop = bisect.bisect_left(positions, pos)
        if index < stop:
            counts = open_pairs(chars[index:stop], counts)
        self._cursor = (line_start, stop, counts)
        straddle = self._straddling(pos)
        if straddle is not None:  # cut by `pos`: its opening bracket counts as one
            return open_pairs(rules().folded_punctuation.get("(", "("), counts)
        return dict(counts)

    def first_after(self, pos: int, wanted: tuple[str, ...]) -> str | None:
        """The first of `wanted` in `plain(text[pos:line_end])`, None when there is none."""
        by_char = self._paired[2]
        best: tuple[int, str] | None = None
        straddle = self._straddling(pos)
        if straddle is not None:  # cut by `pos`: its closing bracket counts as one
            closing = rules().folded_punctuation.get(")", ")")
            if closing in wanted:
                best = (straddle[1] - 1, closing)
        for ch in wanted:
            found = by_char.get(ch, [])
            k = bisect.bisect_left(found, pos)
            if k < len(found) and (best is None or found[k] < best[0]):
                best = (found[k], ch)
        if best is None or best[0] >= self.line_end(pos):
            return None
        return best[1]
