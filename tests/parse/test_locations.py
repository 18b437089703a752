"""locations' index look-ups answer as the scans over every line they replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse.locations import _containment
from etl.spans import Span

_SPANS = st.tuples(st.integers(0, 40), st.integers(0, 6)).map(lambda t: Span(t[0], t[0] + t[1]))


@given(st.lists(_SPANS, max_size=8), _SPANS)
@settings(max_examples=500, deadline=None)
def test_containment_as_trying_each_area(areas: list[Span], span: Span) -> None:
    """In order and apart (lines), overlapping or out of order alike."""
    for group in (areas, sorted(areas, key=lambda a: a.start)):
        assert _containment(group)(span) == any(area.contains(span) for area in group)


def _lines(sizes: list[tuple[int, int]]) -> list[Span]:
    out, pos = [], 0
    for gap, size in sizes:
        out.append(Span(pos + gap, pos + gap + size))
        pos += gap + size
    return out


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), max_size=10).map(_lines), _SPANS)
@settings(max_examples=500, deadline=None)
def test_containment_of_lines(areas: list[Span], span: Span) -> None:
    assert _containment(areas)(span) == any(area.contains(span) for area in areas)
