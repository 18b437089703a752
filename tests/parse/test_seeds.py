"""Golden checks on the five seed articles against ../shared/gold."""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from pathlib import Path

import pytest

from etl.parse import parse

HERE = Path(__file__).resolve().parent
STEMS = sorted(p.stem for p in (HERE.parents[1] / "seeds").glob("*.txt"))
_spec = importlib.util.spec_from_file_location("score_seeds", HERE / "score_seeds.py")
score_seeds = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["score_seeds"] = score_seeds
_spec.loader.exec_module(score_seeds)  # type: ignore[union-attr]

NAME_OK = re.compile(r"^[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)*$")


@pytest.fixture(scope="module")
def scores(load_seed):
    return score_seeds.score_all(lambda path: load_seed(path.stem), parse)


def test_people_scores(scores):
    assert scores.attendees.f1 >= 0.97, scores.notes
    assert scores.titles.value >= 0.95, scores.titles.misses
    assert scores.roles.value >= 0.9, scores.roles.misses
    assert scores.mention_errors == 0


def test_meeting_scores(scores):
    assert scores.meetings == 6
    assert scores.chair.value == 1.0, scores.chair.misses
    assert scores.date.value == 1.0, scores.date.misses
    assert scores.name.value >= 0.9, scores.name.misses
    for attr in ("format", "level", "session_no"):
        assert scores.attrs[attr].value == 1.0, scores.attrs[attr].misses


def test_directive_scores(scores):
    assert scores.samples.value == 1.0, scores.samples.misses
    assert scores.speakers.f1 == 1.0
    assert all(n >= 10 for n in scores.directive_counts.values()), scores.directive_counts


def test_credit_scores(scores):
    assert scores.credits.f1 >= 0.9


def test_reference_backed_scores(scores):
    assert scores.locations.f1 >= 0.9, scores.notes
    assert scores.year.value >= 0.8, scores.year.misses
    assert scores.attrs["province"].value >= 0.8, scores.attrs["province"].misses


@pytest.mark.parametrize("stem", STEMS)
def test_spans_point_at_values(stem, load_seed):
    doc = load_seed(stem)
    parsed = parse(doc)
    text = doc.text
    if parsed.title_span:
        assert parsed.title_span.of(text) == parsed.title
    if parsed.source_outlet_span:
        assert parsed.source_outlet_span.of(text) == parsed.source_outlet
    for c in parsed.credits:
        assert c.span.of(text) == c.name and NAME_OK.match(c.name)
    for pm in parsed.mentions:
        assert pm.span.of(text) == pm.name
    for m in parsed.meetings:
        if m.name_span:
            assert m.name_span.of(text) == m.name
        if m.date.span:
            assert m.date.span.of(text) == m.date.text
        for a in m.attendees:
            assert NAME_OK.match(a.name), a.name
            assert a.span.of(text) == a.name
            for t in a.titles:
                assert t.span.of(text) == t.title
            for r in a.roles:
                assert len(r.span) > 0
        for d in m.directives:
            assert d.span.of(text) == d.text
            assert m.span.start <= d.span.start < m.span.end
        assert [d.seq for d in m.directives] == list(range(1, len(m.directives) + 1))
        for loc in m.locations:
            assert loc.span.of(text) == loc.as_written


def test_reporters_are_never_attendees(load_seed):
    for stem in STEMS:
        parsed = parse(load_seed(stem))
        credited = {c.name for c in parsed.credits}
        assert not credited & {a.name for m in parsed.meetings for a in m.attendees}


def test_crude_normalisation_gives_the_same_people(load_crude_seed, load_gold):
    """The parser does not depend on the normaliser's segment kinds."""
    for stem in STEMS:
        parsed = parse(load_crude_seed(stem))
        got = {a.name for m in parsed.meetings for a in m.attendees}
        want = {a["name"] for m in load_gold(stem)["meetings"] for a in m["attendees"]}
        assert got == want, stem


def test_parsing_the_seeds_is_fast(load_seed):
    docs = [load_seed(stem) for stem in STEMS]
    for doc in docs:
        parse(doc)  # warm-up: caches, lexicons
    t0 = time.perf_counter()
    for doc in docs:
        parse(doc)
    assert time.perf_counter() - t0 < 1.0
