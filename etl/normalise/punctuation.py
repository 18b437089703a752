"""Step e: fold full-width ，：；！？（） to ASCII and remove doubled or stray punctuation
(`,,` → `,`, `,、` → `、`, `,。` → `。`, a space before 。 or `)`, commas opening a line).

Every collapse rule deletes characters, so the rules run to a fixpoint over the folded
text and the step's edits are per-character folds plus deletions. A deletion's reason is
`doubled_punctuation` when its rule marks an artifact, else `punctuation_spacing`.
"""

from __future__ import annotations

import re
from functools import cache

from etl.normalise._data import rules
from etl.normalise.edits import deletions_to_fixpoint
from etl.spans import Edit

DOUBLED = "doubled_punctuation"
SPACING = "punctuation_spacing"


@cache
def _fold_table() -> dict[int, str]:
    return str.maketrans(rules("punctuation.json")["fold"])


@cache
def _deletion_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(r["pattern"]), DOUBLED if r["artifact"] else SPACING)
        for r in rules("punctuation.json")["deletions"]
    )


def _find(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), reason) for pat, reason in _deletion_rules() for m in pat.finditer(text) if m.end() > m.start()]


@cache
def _foldable() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(rules("punctuation.json")["fold"])) + "]")


def punctuation_edits(text: str) -> list[Edit]:
    foldable = [m.start() for m in _foldable().finditer(text)]
    folded = _folded(text, foldable)
    deletions = deletions_to_fixpoint(folded, _find)
    deleted = {i for e in deletions for i in range(e.start, e.end)}
    folds = [
        Edit(i, i + 1, folded[i], "fold")
        for i in foldable
        if text[i] != folded[i] and i not in deleted
    ]
    return sorted(deletions + folds, key=lambda e: e.start)


def _folded(text: str, foldable: list[int]) -> str:
    """`text.translate(_fold_table())`, given the positions of the characters it folds:
    translating looks every character up, and most are not foldable."""
    if not foldable:
        return text
    table = _fold_table()
    parts: list[str] = []
    pos = 0
    for i in foldable:
        parts.append(text[pos:i])
        parts.append(table[ord(text[i])])
        pos = i + 1
    parts.append(text[pos:])
    return "".join(parts)
