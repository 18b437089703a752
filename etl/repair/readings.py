"""Candidate readings of a damaged region: its bytes with one lost byte put back.

A region's characters are turned into a byte template (a character may stand for more
than one byte string: U+FFFD and `?` for one unknown byte, folded ASCII punctuation for
its full-width form). When the template has an odd length, one unknown byte is inserted
at each position in turn. Every reading shares its prefix with the text as it stands
(read in step) and its suffix with the text read one byte later, so all of them are
ranked at once from prefix and suffix segmentation scores; only the best few are
decoded in full for the slot chooser.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import cache

from etl.repair.gbk import LEADS, TRAILS, is_trail, pair_char
from etl.repair.lexicon import is_han, prefix_scores, to_simplified, token_options
from etl.repair.rules import rules
from etl.repair.slots import LOST_ANY, SLOT, Cell

Template = list[tuple[int, int]]  # (byte or LOST_*, index of the unit it came from)


@dataclass(frozen=True, slots=True)
class Step:
    """The character read at one byte position of a template, and its width in bytes."""

    pair: tuple[int, ...]
    units: tuple[int, ...]
    char: str
    width: int


def _step(template: Template, i: int) -> Step | None:
    b, u = template[i]
    if 0 <= b < 0x80:
        return Step((b,), (u,), chr(b), 1)
    if b == 0x80:
        return Step((b,), (u,), "\u20ac", 1)
    if b == 0xFF or i + 1 >= len(template):
        return None
    t, u2 = template[i + 1]
    if t >= 0 and not is_trail(t):
        return None
    char = pair_char(b, t) if b >= 0 and t >= 0 else SLOT
    return Step((b, t), (u, u2), char, 2)


def templates(options: list[tuple[tuple[int, ...], ...]]) -> list[Template]:
    """Every byte template of units with these options (at most 2**6 of them)."""
    choice_idx = [i for i, opts in enumerate(options) if len(opts) > 1][:6]
    out: list[Template] = []
    for combo in itertools.product(*(options[i] for i in choice_idx)):
        picked = dict(zip(choice_idx, combo))
        out.append([(b, ui) for ui, opts in enumerate(options) for b in picked.get(ui, opts[0])])
    return out


class _Reader:
    """Readings of one template: in step from the start, and from any byte onwards."""

    def __init__(self, template: Template, left: str, right: str) -> None:
        self.template = template
        self.n = len(template)
        self.steps: list[Step | None] = [_step(template, i) for i in range(self.n)]
        self.right = list(right)
        # In-step prefix: character boundaries and prefix scores (left context included).
        self.bounds: list[int] = [0]
        chars: list[str] = []
        pos = 0
        while pos < self.n and (st := self.steps[pos]) is not None:
            chars.append(to_simplified(st.char))
            pos += st.width
            self.bounds.append(pos)
        lefts = [to_simplified(c) for c in left]
        scores = prefix_scores(lefts + chars)
        self.prefix = {b: scores[len(lefts) + k] for k, b in enumerate(self.bounds)}
        self.suffix = self._suffix_scores()

    def _chain(self, r: int, limit: int) -> list[str]:
        out: list[str] = []
        while r < self.n and len(out) < limit:
            st = self.steps[r]
            if st is None:
                break
            out.append(to_simplified(st.char))
            r += st.width
        return out

    def _suffix_scores(self) -> list[float | None]:
        """suffix[r]: best score of the text read from byte r to the end (None: no reading)."""
        suffix: list[float | None] = [None] * (self.n + 1)
        tail = prefix_scores(self.right)[-1] if self.right else 0.0
        suffix[self.n] = tail
        for r in range(self.n - 1, -1, -1):
            st = self.steps[r]
            if st is None or suffix[r + st.width] is None:
                continue
            seq = self._chain(r, 8)
            best = None
            for length, score in token_options(seq, 0):
                pos = r
                for _ in range(length):
                    if pos >= self.n:
                        break
                    pos += self.steps[pos].width  # type: ignore[union-attr]
                rest = suffix[pos] if pos <= self.n else None
                if rest is None:
                    continue
                if best is None or score + rest > best:
                    best = score + rest
            suffix[r] = best
        return suffix

    def cells_from(self, r: int) -> list[Cell]:
        out: list[Cell] = []
        while r < self.n:
            st = self.steps[r]
            assert st is not None
            out.append(Cell(st.pair, st.units, st.char))
            r += st.width
        return out

    def prefix_cells(self, upto: int) -> list[Cell]:
        out: list[Cell] = []
        r = 0
        while r < upto:
            st = self.steps[r]
            assert st is not None
            out.append(Cell(st.pair, st.units, st.char))
            r += st.width
        return out


@dataclass(frozen=True, slots=True)
class Reading:
    rough: float  # prefix + suffix score, the junction character not counted
    reader: _Reader
    bound: int  # the prefix read in step ends here
    junction: Cell | None  # the character that got the lost byte back
    resume: int  # the suffix is read from this byte on

    def cells(self) -> list[Cell]:
        head = self.reader.prefix_cells(self.bound) if self.bound else []
        mid = [Cell(self.junction.pair, self.junction.units, SLOT)] if self.junction else []
        return head + mid + self.reader.cells_from(self.resume)


@cache
def _best_single(pair: tuple[int, int]) -> float:
    """The best score any candidate of a junction character has on its own: ranks a reading
    whose lost character is likely punctuation above one that needs a rare character."""
    best = rules().scores["slot_placeholder"]
    lead, trail = pair
    if lead >= 0:
        chars = [pair_char(lead, t) for t in TRAILS]
    elif trail >= 0 and is_trail(trail):
        chars = [pair_char(ld, trail) for ld in LEADS]
    else:
        return best
    for ch in chars:
        simp = to_simplified(ch)
        if is_han(simp) or unicodedata.category(simp).startswith("P"):
            best = max(best, token_options([simp], 0)[0][1])
    return best


def readings(template: Template, left: str, right: str) -> list[Reading]:
    reader = _Reader(template, left, right)
    n = reader.n
    if n % 2 == 0:
        if reader.bounds[-1] == n and reader.suffix[0] is not None:
            return [Reading(reader.suffix[0] + reader.prefix[0], reader, 0, None, 0)]
        return []
    out: list[Reading] = []
    for bound in reader.bounds:
        head = reader.prefix[bound]
        # The lost byte was the lead of the character at `bound` …
        if bound < n:
            t, u = template[bound]
            rest = reader.suffix[bound + 1]
            if rest is not None and (t < 0 or is_trail(t)):
                cell = Cell((LOST_ANY, t), (u, u), SLOT)
                guess = _best_single((LOST_ANY, t))
                out.append(Reading(head + guess + rest, reader, bound, cell, bound + 1))
        # … or the trail of the two-byte character starting at `bound`.
        if bound < n and (b := template[bound][0]) != 0x80 and (b < 0 or b >= 0x81):
            rest = reader.suffix[bound + 1]
            if rest is not None:
                u = template[bound][1]
                cell = Cell((b, LOST_ANY), (u, u), SLOT)
                guess = _best_single((b, LOST_ANY))
                out.append(Reading(head + guess + rest, reader, bound, cell, bound + 1))
    return out
