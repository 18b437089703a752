"""Helpers that turn rule matches into `Edit`s.

`deletions_to_fixpoint` runs a finder over a text, deletes what it finds, and repeats on
the shortened text until nothing more is found, then reports all deletions as edits on
the original text. Deleting can bring new matches together (领(lǐng)(dǎo), `,,,、`), and a
step must be idempotent, so one pass is not enough.
"""

from __future__ import annotations

from collections.abc import Callable

from etl.spans import Edit

# A finder returns (start, end, reason) triples to delete; they may overlap.
Finder = Callable[[str], list[tuple[int, int, str]]]

MAX_ROUNDS = 8


def deletions_to_fixpoint(text: str, find: Finder) -> list[Edit]:
    kept = list(range(len(text)))
    reason_of: dict[int, str] = {}
    current = text
    for _ in range(MAX_ROUNDS):
        found = find(current)
        if not found:
            break
        dropped: set[int] = set()
        for start, end, reason in found:
            for k in range(start, end):
                if k not in dropped:
                    dropped.add(k)
                    reason_of[kept[k]] = reason
        kept = [idx for k, idx in enumerate(kept) if k not in dropped]
        current = "".join(text[i] for i in kept)
    return _runs(reason_of)


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
