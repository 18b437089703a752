"""The paths a long document takes so that parsing stays linear in its length give the
same answers as the direct ones normal articles take (etl/parse/text.py
`WordFinder`, etl/reference/titles.py `title_run_ends_from_start`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.parse import text as parse_text
from etl.parse.text import WordFinder
from etl.reference.titles import title_run_before, title_run_ends_from_start


@given(text=st.text(alphabet="甲乙丙丁a、", max_size=200), word=st.text(alphabet="甲乙丙丁a", min_size=1, max_size=3))
def test_name_occurrences_through_the_index_are_those_of_find(text: str, word: str) -> None:
    want = []
    pos = text.find(word)
    while pos >= 0:
        want.append(pos)
        pos = text.find(word, pos + 1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse_text, "INDEX_FROM", 0)
        finder = WordFinder(text)
        assert list(finder.starts(word)) == want
        assert list(finder.starts(word)) == want  # the index, once built


@pytest.mark.parametrize(
    "clause",
    [
        pytest.param("省委常委、市委书记某某立即召开", id="two-titles"),
        pytest.param("市长某某主持召开", id="one-title"),
        pytest.param("某某主持召开", id="no-title"),
        pytest.param("省委副书记省长某某召开", id="juxtaposed"),
        pytest.param("市委常委会召开", id="not-a-title-word"),
        pytest.param("、、市长", id="leading-separators"),
    ],
)
def test_title_run_ends_from_start_holds_every_end_a_run_from_the_start_has(clause: str) -> None:
    from_start = {end for end in range(1, len(clause) + 1)
                  if (run := title_run_before(clause, end)) is not None and run.start == 0}
    assert from_start <= title_run_ends_from_start(clause)
