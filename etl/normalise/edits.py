"""Helpers that turn rule matches into `Edit`s.

`deletions_to_fixpoint` runs a finder over a text, deletes what it finds, and repeats on
the shortened text until nothing more is found, then reports all deletions as edits on
the original text. Deleting can bring new matches together (领(lǐng)(dǎo), `,,,、`), and a
step must be idempotent, so one pass is not enough.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from etl.spans import Edit

# A finder returns (start, end, reason) triples to delete; they may overlap.
Finder = Callable[[str], list[tuple[int, int, str]]]

MAX_ROUNDS = 8


def matches_from(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that never matches empty and whose matches
    all begin where `starts` matches: tried only there, where the regex alone would try
    every character (costly when it opens with a look-behind or several branches)."""
    found: list[re.Match[str]] = []
    pos = 0
    while (hit := starts.search(text, pos)) is not None:
        m = pattern.match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
        else:
            found.append(m)
            pos = m.end()
    return found


def deletions_to_fixpoint(text: str, find: Finder) -> list[Edit]:
    kept = [(0, len(text))] if text else []  # stretches of `text` still present, in order
    reason_of: dict[int, str] = {}
    current = text
    for _ in range(MAX_ROUNDS):
        found = find(current)
        if not found:
            break
        starts = list(itertools.accumulate((b - a for a, b in kept[:-1]), initial=0))
        dropped: set[int] = set()
        for start, end, reason in found:
            for k in range(start, end):
                if k not in dropped:
                    dropped.add(k)
                    s = bisect.bisect_right(starts, k) - 1
                    reason_of[kept[s][0] + k - starts[s]] = reason
        kept = _without(kept, starts, sorted(dropped))
        current = "".join(text[a:b] for a, b in kept)
    return _runs(reason_of)


def _without(kept: list[tuple[int, int]], starts: list[int], dropped: list[int]) -> list[tuple[int, int]]:
    """The stretches less the dropped positions (positions in the text they spell)."""
    out: list[tuple[int, int]] = []
    i = 0
    for (a, b), c in zip(kept, starts):
        pos = a
        while i < len(dropped) and dropped[i] < c + b - a:
            cut = a + dropped[i] - c
            if cut > pos:
                out.append((pos, cut))
            pos = cut + 1
            i += 1
        if b > pos:
            out.append((pos, b))
    return out


def _runs(reason_of: dict[int, str]) -> list[Edit]:
    """Consecutive deleted positions with the same reason become one edit."""
    edits: list[Edit] = []
    start = prev = -2
    reason = ""
    for pos in sorted(reason_of):
        if pos == prev + 1 and reason_of[pos] == reason:
            prev = pos
            continue
        if start >= 0:
            edits.append(Edit(start, prev + 1, "", reason))
        start = prev = pos
        reason = reason_of[pos]
    if start >= 0:
        edits.append(Edit(start, prev + 1, "", reason))
    return edits
