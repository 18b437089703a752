"""A group label opening a list item is found as the plain loop over the labels finds it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse import lexicon
from etl.parse.name_items import label_end


def _label_end_loop(item: str) -> int:
    start = 0
    unreadable = re.match(r"[^\u3400-\u9fff]{1,3}(?=[\u3400-\u9fff])", item)
    if unreadable and any(item[unreadable.end():].startswith(label) for label in lexicon.words("group_labels")):
        start = unreadable.end()
    rest = item[start:]
    for label in lexicon.words("group_labels"):
        if rest.startswith(label) and len(rest) > len(label):
            return start + len(label)
        damaged = re.match(f"[^\u3400-\u9fff]{{1,3}}{re.escape(label[1:])}", rest)
        if len(label) == 3 and damaged and len(rest) > damaged.end():
            return start + damaged.end()
    return start


@pytest.mark.parametrize(
    ("item", "end"),
    [
        pytest.param("省领导甲乙", 3, id="label"),
        pytest.param("\ufffd县领导甲乙", 4, id="damaged-mark-before"),
        pytest.param("??领导甲乙", 4, id="first-character-unreadable"),
        pytest.param("副省长甲乙", 0, id="no-label"),
        pytest.param("省领导", 0, id="label-alone"),
    ],
)
def test_label_end(item: str, end: int) -> None:
    assert label_end(item) == end


pieces = st.sampled_from([*lexicon.words("group_labels"), "?", "\ufffd", "甲", "乙", "领导", "县", " ", "、"])


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=5).map("".join))
def test_label_end_matches_the_loop(item: str) -> None:
    assert label_end(item) == _label_end_loop(item)
