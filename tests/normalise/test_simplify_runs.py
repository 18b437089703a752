"""Step d gives one edit per run of changed characters; the former one edit per changed
character (kept here as the reference) gives the same text, offset map, artifact count and
normalised document.
"""

from __future__ import annotations

import difflib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise import normalise, pipeline
from etl.normalise.simplify import _CLAUSE, changed_characters, converter, simplify_edits
from etl.spans import Edit, apply_edits

# Traditional characters in runs, phrases that need context, Simplified ones, separators.
_PIECES = [
    "領", "導", "會", "議", "乾", "隆", "乾燥", "藉", "著", "籌", "張", "強", "調", "组", "市", "州", "记者", "编辑",
    "(lǐng)", "(", ")", "，", ",", ",,", "、", "。", " ", "\u3000", "\n", "\r\n", "\u200b", "a", "1",
]
news_like = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def former_simplify_edits(text: str) -> list[Edit]:
    """The former step d: one edit per changed character."""
    if text.isascii():
        return []
    edits: list[Edit] = []
    _former_diff(text, 0, converter().convert, edits, whole=True)
    return edits


def _former_diff(piece: str, offset: int, convert: Any, edits: list[Edit], whole: bool = False) -> None:
    out = convert(piece)
    if len(out) == len(piece):
        edits.extend(Edit(offset + i, offset + i + 1, b, "t2s") for i, (a, b) in enumerate(zip(piece, out)) if a != b)
        return
    if whole:
        for m in _CLAUSE.finditer(piece):
            _former_diff(m.group(), offset + m.start(), convert, edits)
        return
    matcher = difflib.SequenceMatcher(None, piece, out, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 == j2 - j1:
            edits.extend(
                Edit(offset + i1 + i, offset + i1 + i + 1, b, "t2s")
                for i, (a, b) in enumerate(zip(piece[i1:i2], out[j1:j2]))
                if a != b
            )
        else:
            edits.append(Edit(offset + i1, offset + i2, out[j1:j2], "t2s"))


@SETTINGS
@given(st.one_of(news_like, st.text(max_size=80)))
def test_runs_same_text_map_and_count_as_per_character(text: str) -> None:
    runs, former = simplify_edits(text), former_simplify_edits(text)
    assert apply_edits(text, runs) == apply_edits(text, former)
    assert sum(map(changed_characters, runs)) == len(former)
    assert all(e.end > e.start and e.replacement for e in runs)


@SETTINGS
@given(st.one_of(news_like, st.text(max_size=80)))
def test_normalise_same_as_with_per_character_edits(text: str) -> None:
    steps = pipeline.CLEANUP_STEPS
    former_steps = tuple(former_simplify_edits if s is simplify_edits else s for s in steps)
    repair = pipeline.repair
    try:
        pipeline.repair = lambda _: ([], [])  # type: ignore[assignment]
        new = normalise(text)
        pipeline.CLEANUP_STEPS = former_steps
        old = normalise(text)
    finally:
        pipeline.CLEANUP_STEPS, pipeline.repair = steps, repair
    assert new == old
    assert new.offsets.to_json() == old.offsets.to_json()


def test_long_traditional_run_is_one_edit() -> None:
    edits = simplify_edits("會議領導小組")
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 4, "会议领导"), (5, 6, "组")]
    assert sum(map(changed_characters, edits)) == 5

