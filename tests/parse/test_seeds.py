"""Golden checks on the five seed articles against tests/gold (scored by etl.evaluate)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.evaluate import EvalReport, load_gold, score
from etl.export import record_from_parsed
from etl.parse import parse

HERE = Path(__file__).resolve().parent
STEMS = sorted(p.stem for p in (HERE.parents[1] / "seeds").glob("*.txt"))
GOLD = HERE.parents[1] / "tests" / "gold"

NAME_OK = re.compile(r"^[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)*$")


@dataclass
class SeedScores:
    report: EvalReport
    meetings: int
    directive_counts: dict[str, int]

    def value(self, name: str) -> float:
        value = self.report.value(name)
        assert value is not None, name
        return value

    def misses(self, name: str) -> list:
        return [m for m in self.report.misses if m.field == name]


@pytest.fixture(scope="module")
def scores(load_seed) -> SeedScores:
    """The seeds parsed (no database) and scored by etl.evaluate against the gold files."""
    records, meetings, counts = [], 0, {}
    for stem in STEMS:
        parsed = parse(load_seed(stem))
        records.append(record_from_parsed(f"{stem}.txt", parsed))
        meetings += len(parsed.meetings)
        counts[stem] = sum(len(m.directives) for m in parsed.meetings)
    return SeedScores(score(load_gold(GOLD), records), meetings, counts)


def test_people_scores(scores):
    assert scores.value("attendee_names") >= 0.97, scores.misses("attendee_names")
    assert scores.value("titles") >= 0.95, scores.misses("titles")
    assert scores.value("roles") >= 0.9, scores.misses("roles")
    assert scores.report.metrics["mentioned_people"].errors == 0


def test_meeting_scores(scores):
    assert scores.meetings == 6
    assert scores.value("chair") == 1.0, scores.misses("chair")
    assert scores.value("date") == 1.0, scores.misses("date")
    assert scores.value("meeting_name") >= 0.9, scores.misses("meeting_name")
    for attr in ("format", "level", "session_no"):
        assert scores.value(attr) == 1.0, scores.misses(attr)


def test_directive_scores(scores):
    assert scores.value("directive_samples") == 1.0, scores.misses("directive_samples")
    assert scores.value("directive_speakers") == 1.0
    assert all(n >= 10 for n in scores.directive_counts.values()), scores.directive_counts


def test_credit_scores(scores):
    assert scores.value("credits") >= 0.9


def test_reference_backed_scores(scores):
    assert scores.value("locations") >= 0.9, scores.misses("locations")
    assert scores.value("year") >= 0.8, scores.misses("year")
    assert scores.value("province") >= 0.8, scores.misses("province")


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
