"""Offset maps: edits applied to a text can always be traced back to the source."""

from __future__ import annotations

import bisect
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.spans import Edit, OffsetMap, Span, SpanSet, apply_edits, regex_edits, run_steps

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


def _apply_edits_reference(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int, int]]]:
    """apply_edits as first written, with the run builder's own merging (the reference)."""
    from etl.spans import _RunBuilder

    parts: list[str] = []
    runs = _RunBuilder()
    pos = out = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(text[pos : edit.start])
        runs.add(out, pos, pos + 1, edit.start - pos)
        out += edit.start - pos
        repl, width = edit.replacement, edit.end - edit.start
        parts.append(repl)
        if len(repl) == width:
            runs.add(out, edit.start, edit.start + 1, width)
        else:
            for k in range(len(repl)):
                runs.add(out + k, edit.start, edit.end, 1)
        out += len(repl)
        pos = edit.end
    parts.append(text[pos:])
    runs.add(out, pos, pos + 1, len(text) - pos)
    return "".join(parts), list(zip(runs.at, runs.src, runs.end))


@given(st.text(alphabet="領導會議,、。ab", max_size=30), edits_strategy)
def test_apply_edits_stores_the_runs_of_the_reference(text: str, raw: list[tuple[int, int, str]]) -> None:
    edits = _edits(text, raw)
    new, mapping = apply_edits(text, edits)
    assert (new, mapping.to_runs()) == _apply_edits_reference(text, edits)


@given(st.text(max_size=40))
def test_identity_round_trip(text: str) -> None:
    mapping = OffsetMap.identity(len(text))
    assert mapping.to_source(Span(0, len(text))) == Span(0, len(text))
    assert OffsetMap.from_json(mapping.to_json()) == mapping


class _CharMap:
    """The former per-character OffsetMap, kept as the reference for the run-based one."""

    def __init__(self, starts: list[int], ends: list[int], source_len: int) -> None:
        self.starts, self.ends, self.source_len = starts, ends, source_len

    @classmethod
    def of_edits(cls, text: str, edits: list[Edit]) -> _CharMap:
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            starts.extend(range(pos, edit.start))
            ends.extend(range(pos + 1, edit.start + 1))
            repl, width = edit.replacement, edit.end - edit.start
            if len(repl) == width:
                starts.extend(range(edit.start, edit.end))
                ends.extend(range(edit.start + 1, edit.end + 1))
            else:
                starts.extend([edit.start] * len(repl))
                ends.extend([edit.end] * len(repl))
            pos = edit.end
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
        return cls(starts, ends, len(text))

    def to_source(self, span: Span) -> Span:
        if span.start == span.end:
            pos = span.start
            p = self.starts[pos] if pos < len(self.starts) else (self.ends[-1] if self.ends else self.source_len)
            return Span(p, p)
        start = self.starts[span.start]
        return Span(start, max(start, max(self.ends[span.start : span.end])))

    def from_source(self, span: Span) -> Span:
        lo = bisect.bisect_right(self.ends, span.start)
        if span.start == span.end:
            return Span(lo, lo)
        return Span(lo, max(lo, bisect.bisect_left(self.starts, span.end)))

    def then(self, later: _CharMap) -> _CharMap:
        mapped = [self.to_source(Span(s, e)) for s, e in zip(later.starts, later.ends)]
        return _CharMap([m.start for m in mapped], [m.end for m in mapped], self.source_len)


# Edits of every shape: one-for-one, shorter, longer, deletions and insertions.
steps_strategy = st.lists(edits_strategy, min_size=1, max_size=4)


@given(st.text(alphabet="領導會議,、。ab", max_size=30), steps_strategy)
def test_runs_equal_per_character_reference(text: str, steps: list[list[tuple[int, int, str]]]) -> None:
    mapping = OffsetMap.identity(len(text))
    reference = _CharMap(list(range(len(text))), list(range(1, len(text) + 1)), len(text))
    current = text
    for raw in steps:
        edits = _edits(current, raw)
        new, step_map = apply_edits(current, edits)
        step_ref = _CharMap.of_edits(current, edits)
        assert (step_map.starts, step_map.ends) == (step_ref.starts, step_ref.ends)
        mapping, reference, current = mapping.then(step_map), reference.then(step_ref), new
    assert (mapping.starts, mapping.ends, len(mapping)) == (reference.starts, reference.ends, len(current))
    assert OffsetMap(reference.starts, reference.ends, len(text)) == mapping
    assert OffsetMap.from_json(mapping.to_json()) == mapping
    for a in range(len(current) + 1):
        for b in range(a, len(current) + 1):
            assert mapping.to_source(Span(a, b)) == reference.to_source(Span(a, b))
    for a in range(len(text) + 1):
        for b in range(a, min(a + 4, len(text)) + 1):
            assert mapping.from_source(Span(a, b)) == reference.from_source(Span(a, b))


@given(
    spans=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=8),
    probe=st.tuples(st.integers(0, 35), st.integers(0, 6)),
)
def test_span_set_answers_as_looking_at_every_span(spans: list[tuple[int, int]], probe: tuple[int, int]) -> None:
    many = [Span(a, a + n) for a, n in spans]
    q = Span(probe[0], probe[0] + probe[1])
    index = SpanSet(many)
    assert index.contains(q) == any(s.contains(q) for s in many)
    assert index.overlaps(q) == any(q.start < s.end and s.start < q.end for s in many)
