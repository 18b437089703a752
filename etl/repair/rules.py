"""Rule data for the repair stage, read once from etl/data/repair/rules.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "repair"


@dataclass(frozen=True, slots=True)
class RepairRules:
    pinyin_letters: str
    tone_letters: str
    interrogatives: tuple[str, ...]  # words that make a clause a question (吗, 如何 …)
    unit_marks: str  # a letter right after one of these is a unit (°C), not damage
    folded_punctuation: dict[str, str]  # ASCII → the full-width form it may stand for
    flag_ranges: tuple[tuple[int, int, str], ...]  # damage kinds flagged on their own
    junk_ranges: tuple[tuple[int, int, str], ...]  # characters that do not belong in prose
    scores: dict[str, float]
    punctuation_scores: dict[str, float]  # log-cost of common full-width punctuation
    line_end_punctuation: str  # what a lost character before a line end most often is
    line_end_bonus: float
    question_mark_reading: str  # how a `?` that shows no other damage is scored: as this
    paired_punctuation: dict[str, str]  # opener → closer
    thresholds: dict[str, float]

    def flag_kind(self, ch: str) -> str | None:
        cp = ord(ch)
        for lo, hi, kind in self.flag_ranges:
            if lo <= cp <= hi:
                return kind
        return None

    def is_junk(self, ch: str) -> bool:
        return _is_junk(ch)


def _ranges(rows: list[list[str]]) -> tuple[tuple[int, int, str], ...]:
    return tuple((int(lo, 16), int(hi, 16), kind) for lo, hi, kind in rows)


@cache
def rules() -> RepairRules:
    raw = json.loads((DATA_DIR / "rules.json").read_text("utf-8"))
    return RepairRules(
        pinyin_letters=raw["pinyin_letters"],
        tone_letters=raw["tone_letters"],
        interrogatives=tuple(raw["interrogatives"]),
        unit_marks=raw["unit_marks"],
        folded_punctuation=dict(raw["folded_punctuation"]),
        flag_ranges=_ranges(raw["flag_ranges"]),
        junk_ranges=_ranges(raw["junk_ranges"]),
        scores={k: float(v) for k, v in raw["scores"].items()},
        punctuation_scores={k: float(v) for k, v in raw["punctuation_scores"].items()},
        line_end_punctuation=raw["line_end_punctuation"],
        line_end_bonus=float(raw["line_end_bonus"]),
        question_mark_reading=raw["question_mark_reading"],
        paired_punctuation=dict(raw["paired_punctuation"]),
        thresholds={k: float(v) for k, v in raw["thresholds"].items()},
    )


@cache
def annotation_pattern() -> re.Pattern[str]:
    """A whole pinyin annotation glued after a character: (lǐng)."""
    letters = re.escape(rules().pinyin_letters)
    return re.compile(rf"\([{letters}]+\)")


@cache
def orphan_pattern() -> re.Pattern[str]:
    """A pinyin annotation cut by byte damage: `gòu)` without its `(`, or `(gòu` without `)`.

    A fragment must carry a tone mark, so ordinary ASCII words never match.
    """
    letters = re.escape(rules().pinyin_letters)
    tones = re.escape(rules().tone_letters)
    word = rf"[{letters}]*[{tones}][{letters}]*"
    return re.compile(rf"(?<![({letters}]){word}\)|\({word}(?![{letters})])")


@cache
def _is_junk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi, _ in rules().junk_ranges)
