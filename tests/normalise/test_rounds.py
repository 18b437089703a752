"""Repeating steps b-e only on the lines that changed gives what repeating them on the whole
text gives (the former loop, kept here as the reference): text, offset map and edits.

Also: `deletions_to_fixpoint`, which now tracks the kept stretches instead of every
character, against its former per-character version.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise import edits as edits_module
from etl.normalise.edits import Finder, _runs, deletions_to_fixpoint
from etl.normalise.pipeline import CLEANUP_STEPS, MAX_ROUNDS, cleanup
from etl.spans import Edit, OffsetMap, run_steps

# Pieces that make the steps work on each other: pinyin beside Han characters after a
# deletion or t2s, doubled punctuation split by spaces or invisibles, every line break.
_PIECES = [
    "領", "导", "會", "议", "乾", "隆", "藉", "箸", "代", "籌", "市", "(lǐng)", "(dǎo)", "(men)", "lǐng", "gòu)", "(kuò",
    "(", ")", "（", "）", "，", ",", ",,", "、", "。", "：", " ", "\u3000", "\t", "\n", "\r\n", "\r", "\u2028", "\u0085",
    "\ufeff", "\u200b", "\x07", "a", "1", "“", "”", "(kuò\u3000)", "lǐng ）", "(kuò\u200b\u3000）",
]
news_like = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
repairs = st.lists(st.tuples(st.integers(0, 80), st.integers(0, 3), st.sampled_from(["", "会", "(", ",\n,", " "])), max_size=3)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def whole_text_loop(text: str, repair_edits: list[Edit]) -> tuple[str, OffsetMap, list[Edit]]:
    """The former cleanup: every round runs every step on the whole text."""
    out, offsets, applied = run_steps(text, [lambda _: repair_edits, *CLEANUP_STEPS])
    for _ in range(MAX_ROUNDS - 1):
        again, round_map, more = run_steps(out, CLEANUP_STEPS)
        if not more:
            break
        out, offsets = again, offsets.then(round_map)
        applied.extend(more)
    return out, offsets, applied


def _repair_edits(text: str, raw: list[tuple[int, int, str]]) -> list[Edit]:
    out, pos = [], 0
    for start, width, repl in sorted(raw):
        start = max(start, pos)
        if start > len(text):
            break
        end = min(start + width, len(text))
        out.append(Edit(start, end, repl, "repair"))
        pos = end
    return out


@SETTINGS
@given(st.one_of(news_like, st.text(max_size=60)), repairs)
def test_same_as_whole_text_loop(text: str, raw: list[tuple[int, int, str]]) -> None:
    repair = _repair_edits(text, raw)
    assert cleanup(text, repair) == whole_text_loop(text, repair)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("領(lǐng)導(dǎo)\n会议 ,, 。\r\n\n乾隆(qián)\u200b,\n", id="each-step"),
        pytest.param("会(lǐng)(dǎo)\n" * 3, id="pinyin-in-one-step"),
        # Round 2 has work: step e deletes a space before ')', exposing pinyin to step c.
        pytest.param("会议\n会lǐng ）\n正文。\n会(kuò\u3000)\n", id="cut-pinyin-exposed-in-round-2"),
        pytest.param("甲\r乾会(kuò\u200b\u3000）gòu)\r乙", id="both-kinds-exposed-in-round-2"),
        pytest.param("  \n", id="blank"),
        pytest.param("", id="empty"),
    ],
)
def test_examples(text: str) -> None:
    assert cleanup(text, []) == whole_text_loop(text, [])


def test_falls_back_when_a_step_reaches_across_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    join_lines = lambda t: [Edit(m.start(), m.end(), " ", "join") for m in re.finditer(r"x\n", t)]  # noqa: E731
    steps = (*CLEANUP_STEPS, join_lines)
    monkeypatch.setattr("etl.normalise.pipeline.CLEANUP_STEPS", steps)
    text = "甲x\n乙x\n丙"
    out, _, applied = cleanup(text, [])
    assert out == "甲 乙 丙" and [e.reason for e in applied] == ["join", "join"]


def per_character_fixpoint(text: str, find: Finder) -> list[Edit]:
    """The former deletions_to_fixpoint."""
    kept = list(range(len(text)))
    reason_of: dict[int, str] = {}
    current = text
    for _ in range(edits_module.MAX_ROUNDS):
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


_RULES = [(re.compile(p), reason) for p, reason in [(r"a(?=a)", "double"), (r"(?<=b)a", "after"), (r"\(a*\)", "group"), (r"ba{2,3}", "run")]]


def _find(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), reason) for pat, reason in _RULES for m in pat.finditer(text) if m.end() > m.start()]


@SETTINGS
@given(st.text(alphabet="aab()c", max_size=60))
def test_deletions_same_as_per_character(text: str) -> None:
    assert deletions_to_fixpoint(text, _find) == per_character_fixpoint(text, _find)
