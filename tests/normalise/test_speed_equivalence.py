"""Faster paths of normalise give what the plain ones give: the t2s difference mask
(big-integer XOR of the code points) against a comparison per character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalise import simplify

CHARS = st.sampled_from(["會", "会", "議", "议", "a", "b", ",", "。", "\U00020000", "\U00020001", "\ud800", "\x00", "\u0100"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CHARS, CHARS), max_size=60))
def test_difference_mask_marks_the_differing_characters(pairs: list[tuple[str, str]]) -> None:
    old, new = "".join(a for a, _ in pairs), "".join(b for _, b in pairs)
    fast = simplify._difference_mask(old, new)
    assert [byte != 0 for byte in fast] == [byte != 0 for byte in simplify._difference_mask_plain(old, new)]
