"""Step c tries its annotation patterns only at opening parentheses: the same matches as
scanning the whole text with the regex (kept here as the reference)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise import pinyin

_PIECES = ["會", "领", "导", "(", "（", ")", "）", "lǐng", "dǎo", "men", " ", "\u3000", "\n", "gòu", "a", "1", ","]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), st.text(max_size=60)))
def test_matches_from_openers_same_as_finditer(text: str) -> None:
    pats = pinyin._patterns()
    for name in ("annotation", "cut_head"):
        fast = [(m.span(), m.group("body")) for m in pinyin._from_openers(pats[name], text)]
        assert fast == [(m.span(), m.group("body")) for m in pats[name].finditer(text)]
