"""Telling an edited version of a renamed file: the rules, as pure functions.

When a file is renamed and edited, its old name's file is gone and its new content is
not stored. The new file replaces the old version when both report the same first meeting
when their texts are near-identical: the Jaccard similarity of their character shingles
reaches `min_jaccard`, or `min_jaccard_same_headline` when they also have the same
headline and first meeting date (year, month and day all known); the settings are in
`etl/data/load/identity.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

Date = tuple[int | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class Rules:
    shingle_chars: int
    min_jaccard: float
    min_jaccard_same_headline: float
    max_compared: int


@cache
def rules() -> Rules:
    data = json.loads(resources.files("etl").joinpath("data/load/identity.json").read_text(encoding="utf-8"))
    return Rules(int(data["shingle_chars"]), float(data["min_jaccard"]), float(data["min_jaccard_same_headline"]),
                 int(data["max_compared"]))


def headline_key(title: str | None, date: Date | None) -> tuple[str, Date] | None:
    """(headline, first meeting date) when both are known, else None."""
    if not title or date is None or any(part is None for part in date):
        return None
    return title, date


def shingles(text: str, k: int | None = None) -> frozenset[str]:
    """Every run of k characters of `text` with whitespace removed."""
    k = k or rules().shingle_chars
    chars = "".join(text.split())
    if len(chars) <= k:
        return frozenset({chars}) if chars else frozenset()
    return frozenset(chars[i:i + k] for i in range(len(chars) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def same_document(a: frozenset[str], b: frozenset[str], same_headline: bool) -> bool:
    """Whether two texts (their shingles) are versions of one document."""
    r = rules()
    return jaccard(a, b) >= (r.min_jaccard_same_headline if same_headline else r.min_jaccard)
