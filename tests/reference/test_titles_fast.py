"""The fast paths of etl.reference.titles and names give what the plain loops give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reference import names, titles
from etl.reference._data import lines

# pieces of titles, of not-title words, separators and other characters, so that runs,
# cut words and near-misses all come up
PIECES = sorted(
    set(lines("not_titles.txt"))
    | {"省", "市", "县", "委", "副", "书记", "省长", "市长", "常委", "会", "主任", "指挥部", "总指挥",
       "领导小组", "组长", "、", ",", " ", "甲", "乙", "某", "的", "?"}
)
runs = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def _cuts_a_word_loop(text: str, at: int) -> bool:
    return any(text.startswith(w, at - cut) for w in titles._not_titles() for cut in range(1, len(w)))


def _title_ending_at_loop(text: str, end: int) -> int | None:
    for start in range(max(0, end - titles.MAX_TITLE_LEN), end):
        if titles.is_title(text[start:end]):
            return start
    return None


def _segment_loop(part: str) -> list[str] | None:
    best: list[list[str] | None] = [None] * (len(part) + 1)
    best[0] = []
    for i in range(1, len(part) + 1):
        for j in range(max(0, i - titles.MAX_TITLE_LEN), i):
            prev = best[j]
            if prev is not None and titles.is_title(part[j:i]) and (
                    best[i] is None or len(prev) + 1 < len(best[i] or [])):
                best[i] = [*prev, part[j:i]]
    return best[len(part)]


@settings(max_examples=300, deadline=None)
@given(runs, st.data())
def test_cuts_a_word_matches_the_loop(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text) + 2))
    assert titles._cuts_a_word(text, at) == _cuts_a_word_loop(text, at)


@settings(max_examples=300, deadline=None)
@given(runs, st.data())
def test_title_ending_at_matches_the_loop(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text) + 1))
    assert titles._title_ending_at(text, end) == _title_ending_at_loop(text, end)


@settings(max_examples=300, deadline=None)
@given(runs)
def test_segmenting_matches_the_loop(part: str) -> None:
    assert titles._segment_juxtaposed(part) == _segment_loop(part)


@settings(max_examples=200, deadline=None)
@given(runs, st.data())
def test_cached_title_run_is_the_uncached_one(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    plain = titles.title_run_before.__wrapped__  # type: ignore[attr-defined]
    assert titles.title_run_before(text, end) == plain(text, end)
    long_text = "某" * 300 + text  # too long to be cached
    assert titles.title_run_before(long_text, end + 300) == plain(long_text, end + 300)
    assert titles.split_title_run(text) == (list(t) if (t := titles._split_title_run(text)) is not None else None)


@given(st.text(alphabet="记者会议书记省长甲乙丙某王的、", max_size=8))
def test_stop_word_regex_matches_the_loop(s: str) -> None:
    assert names.holds_stop_word(s) == any(w in s for w in names._stop_words())
