"""Offset maps: edits applied to a text can always be traced back to the source."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.spans import Edit, OffsetMap, Span, apply_edits, regex_edits, run_steps

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)")


@pytest.mark.parametrize(
    ("text", "edits", "expected"),
    [
        pytest.param("領(lǐng)導(dǎo)", [Edit(1, 7, ""), Edit(8, 13, "")], "領導", id="delete-pinyin"),
        pytest.param("會議", [Edit(0, 1, "会"), Edit(1, 2, "议")], "会议", id="one-for-one"),
        pytest.param("a,,b", [Edit(1, 3, ",")], "a,b", id="collapse"),
        pytest.param("ab", [Edit(1, 1, "X")], "aXb", id="insert"),
        pytest.param("", [], "", id="empty"),
    ],
)
def test_apply_edits(text: str, edits: list[Edit], expected: str) -> None:
    new, mapping = apply_edits(text, edits)
    assert new == expected
    assert len(mapping) == len(new)
    assert mapping.source_len == len(text)


def test_span_maps_back_across_two_steps() -> None:
    raw = "省委書(shū)記,,景某某"
    text, mapping, _ = run_steps(
        raw,
        [
            lambda t: regex_edits(t, PINYIN, lambda m: "", "pinyin"),
            lambda t: [Edit(i, i + 1, "书" if ch == "書" else "记") for i, ch in enumerate(t) if ch in "書記"],
            lambda t: regex_edits(t, re.compile(",,"), lambda m: ",", "doubled"),
        ],
    )
    assert text == "省委书记,景某某"
    name = Span(text.index("景"), len(text))
    assert mapping.to_source(name).of(raw) == "景某某"
    assert mapping.to_source(Span(0, 4)).of(raw) == "省委書(shū)記"
    assert mapping.from_source(Span(raw.index("景"), len(raw))) == name


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcd", [Edit(0, 2, "x"), Edit(1, 3, "y")])


edits_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 4), st.text(alphabet="甲乙丙,", max_size=4)),
    max_size=8,
)


def _edits(text: str, raw: list[tuple[int, int, str]]) -> list[Edit]:
    out, pos = [], 0
    for start, width, repl in sorted(raw):
        start = max(start, pos)
        end = min(start + width, len(text))
        if start > len(text):
            break
        out.append(Edit(start, end, repl))
        pos = end if end > start else end + 1
    return out


@given(st.text(alphabet="領導會議,、。ab", max_size=30), edits_strategy)
def test_map_properties(text: str, raw: list[tuple[int, int, str]]) -> None:
    edits = _edits(text, raw)
    new, mapping = apply_edits(text, edits)
    assert len(mapping) == len(new)
    assert mapping.starts == sorted(mapping.starts)
    for i in range(len(new)):
        src = mapping.to_source(Span(i, i + 1))
        assert 0 <= src.start <= src.end <= len(text)
    assert OffsetMap.from_json(mapping.to_json()) == mapping
    whole = mapping.to_source(Span(0, len(new)))
    assert whole.end <= len(text)


@given(st.text(max_size=40))
def test_identity_round_trip(text: str) -> None:
    mapping = OffsetMap.identity(len(text))
    assert mapping.to_source(Span(0, len(text))) == Span(0, len(text))
    assert OffsetMap.from_json(mapping.to_json()) == mapping
