"""Step c: strip pinyin annotations glued after Han characters: 领(lǐng)导 → 领导.

An annotation is a parenthesised group (ASCII or full-width parentheses) of one or a few
pinyin syllables right after a Han character. Tone-marked syllables always count;
toneless ones (neutral tone: 们(men)) only when they are real syllables. Real
parentheticals (市(州), (扩大), (记者姓名 两人)) never match: they hold no Latin letters.
Also removed: a cut annotation, i.e. tone-marked letters and a `)` with no opening
parenthesis (领gòu)), or an opening parenthesis and tone-marked letters at a line end.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from etl.normalise._data import lines, rules
from etl.normalise.charsets import HAN_CLASS
from etl.normalise.edits import deletions_to_fixpoint, matches_from
from etl.spans import Edit


@cache
def _syllables() -> frozenset[str]:
    return frozenset(lines("pinyin_syllables.txt"))


@cache
def _fragments() -> tuple[frozenset[str], frozenset[str]]:
    """Non-empty prefixes and suffixes of syllables (for cut annotations)."""
    syl = _syllables()
    prefixes = frozenset(s[:k] for s in syl for k in range(1, len(s) + 1))
    suffixes = frozenset(s[k:] for s in syl for k in range(len(s)))
    return prefixes, suffixes


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cfg = rules("pinyin.json")
    letters = re.escape(cfg["letters"]) + "".join(cfg["tone_marks"])  # combining marks too
    seps = re.escape(cfg["syllable_separators"])
    n, k = cfg["max_letters"], cfg["max_syllables"] - 1
    word = rf"[{letters}]{{1,{n}}}"
    return {
        "annotation": re.compile(
            rf"(?<=[{HAN_CLASS}])[(（][ ]?(?P<body>{word}(?:[{seps}]{{1,2}}{word}){{0,{k}}})[ ]?[)）]"
        ),
        "cut_tail": re.compile(rf"(?<=[{HAN_CLASS}])(?P<body>{word})[)）]"),
        "cut_head": re.compile(rf"(?<=[{HAN_CLASS}])[(（](?P<body>{word})(?=\n|\Z)"),
        "split": re.compile(rf"[{seps}]+"),
        "opener": re.compile(r"[(（]"),
    }


def _from_openers(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with `(` or `（`."""
    return matches_from(pattern, _patterns()["opener"], text)


@lru_cache(maxsize=8192)  # the same few hundred syllables come back in every document
def _detone(token: str) -> tuple[str, int]:
    """The token in lower case without tone marks (ü kept), and how many marks it had."""
    marks = set(rules("pinyin.json")["tone_marks"])
    decomposed = unicodedata.normalize("NFD", token)
    count = sum(1 for c in decomposed if c in marks)
    base = "".join(c for c in decomposed if c not in marks)
    return unicodedata.normalize("NFC", base).lower(), count


@lru_cache(maxsize=8192)
def is_syllable(token: str) -> bool:
    """A pinyin syllable with at most one tone mark; toneless only under stricter rules."""
    base, tones = _detone(token)
    syl = _syllables()
    if tones > 1:
        return False
    if tones == 1:
        return base in syl or (base.endswith("r") and base[:-1] in syl)  # erhua: huār
    toneless = rules("pinyin.json")["toneless"]
    return (
        token == token.lower()
        and len(base) >= toneless["min_letters"]
        and base in syl
        and base not in toneless["excluded"]
    )


def _is_annotation(body: str) -> bool:
    parts = [p for p in _patterns()["split"].split(body) if p]
    return bool(parts) and all(is_syllable(p) for p in parts)


def _is_cut(body: str, pieces: frozenset[str]) -> bool:
    base, tones = _detone(body)
    return tones == 1 and base in pieces


def _unmatched_closers(text: str) -> set[int]:
    """Positions of `)` / `）` that close no parenthesis opened on the same line."""
    unmatched: set[int] = set()
    depth = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            depth = 0
        elif ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth:
                depth -= 1
            else:
                unmatched.add(i)
    return unmatched


def _find(text: str) -> list[tuple[int, int, str]]:
    if not any(c in text for c in "()（）"):
        return []
    pats = _patterns()
    found = [
        (m.start(), m.end(), "pinyin")
        for m in _from_openers(pats["annotation"], text)
        if _is_annotation(m.group("body"))
    ]
    prefixes, suffixes = _fragments()
    tails = [m for m in pats["cut_tail"].finditer(text) if _is_cut(m.group("body"), suffixes)]
    if tails:
        unmatched = _unmatched_closers(text)
        found += [(m.start(), m.end(), "orphan_pinyin") for m in tails if m.end() - 1 in unmatched]
    found += [
        (m.start(), m.end(), "orphan_pinyin")
        for m in _from_openers(pats["cut_head"], text)
        if _is_cut(m.group("body"), prefixes)
    ]
    return found


def pinyin_edits(text: str) -> list[Edit]:
    return deletions_to_fixpoint(text, _find)
