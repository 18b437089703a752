"""The shortcuts of people parsing give what the plain readings give: a list read loosely
only when the strict reading turned down a name a looser test takes; a subject's cut
points passed over where a shorter cut already failed for good; a sentence's cue
events reused under other known names when those agree on every name they decided; a
span with nothing to trim returned as it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse.name_items import PersonRef, marker_regex
from etl.parse.people import NameRules, _parse_list, _parse_with_adverbial, parse_list
from etl.parse.roles import scan_sentence
from etl.parse.text import EDGE_JUNK, trim
from etl.spans import Span

# invented names and the words lists of people are made of
NAMES = ["王明华", "李建", "张三", "赵四海", "乌兰其", "巴图吉", "马力", "江山", "其木", "欧阳明"]
PIECES = [*NAMES, "副县长", "县委书记", "省长", "主任", "市委常委", "有关负责同志", "省领导", "等", "和", "及",
          "、", ",", " ", "(挂职)", "在", "于", "会议", "工作", "同志", "·", "记者", "以视频形式"]
CUES = ["主持", "出席", "强调", "参加", "讲话", "指出"]


def _reference_parse_list(text: str, span: Span, rules: NameRules) -> list[PersonRef] | None:
    """`parse_list` as it read every list: strictly, then loosely, then with common words."""
    strict = _parse_list(text, span, rules, loose=False)
    if strict is not None:
        return strict[0] or None
    loose = _parse_list(text, span, rules, loose=True)
    if loose is not None:
        persons, unlisted = loose
        listed = len(persons) - len(unlisted)
        bare = [p for p in unlisted if not p.titles]
        return None if bare and listed < max(2, len(bare)) else persons or None
    common = _parse_list(text, span, rules, loose=True, common=True)
    if common is None:
        return None
    persons, unlisted = common
    bare = [p for p in unlisted if not p.titles]
    return persons if len(persons) - len(unlisted) >= max(2, 2 * len(bare)) else None


name_sets = st.frozensets(st.sampled_from(NAMES), max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join), name_sets, name_sets)
def test_parse_list_is_the_three_readings(phrase: str, excluded: frozenset[str], known: frozenset[str]) -> None:
    text = f"会上,{phrase}参加"
    span = Span(3, 3 + len(phrase))
    rules = NameRules(excluded, known)
    assert parse_list(text, span, rules) == _reference_parse_list(text, span, rules)


def _reference_with_adverbial(text: str, span: Span, rules: NameRules) -> tuple[list[PersonRef], Span | None] | None:
    """`_parse_with_adverbial` trying every cut point."""
    cuts = [m.start() for m in marker_regex().finditer(text, span.start, span.end) if m.start() > span.start]
    for cut in [span.end] + cuts:
        persons = parse_list(text, Span(span.start, cut), rules)
        if persons:
            return persons, Span(cut, span.end) if cut < span.end else None
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join), name_sets, name_sets)
def test_subject_cuts_past_a_failed_item_are_passed_over(
    phrase: str, excluded: frozenset[str], known: frozenset[str]
) -> None:
    text = f"会上,{phrase}参加"
    span = Span(3, 3 + len(phrase))
    fast_probe: set[str] = set()
    plain_probe: set[str] = set()
    fast = _parse_with_adverbial(text, span, NameRules(excluded, known, fast_probe))
    assert fast == _reference_with_adverbial(text, span, NameRules(excluded, known, plain_probe))
    assert fast_probe == plain_probe


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("副县长王明华、李建", id="strict"),
        pytest.param("王明华、乌兰其、李建、赵四海", id="loose"),
        pytest.param("王明华、马力、李建、赵四海", id="common-word"),
        pytest.param("要求各地全面落实工作", id="narrative"),
    ],
)
def test_parse_list_examples(phrase: str) -> None:
    text = f"{phrase}出席"
    span = Span(0, len(phrase))
    assert parse_list(text, span, NameRules()) == _reference_parse_list(text, span, NameRules())


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("要求各地、在会上于本周落实", id="narrative-first-item"),
        pytest.param("王明华、要求各地在会上于本周", id="narrative-second-item"),
        pytest.param("王明华、李建在会上以视频形式", id="people-then-adverbial"),
        pytest.param("于李建、王明华在会上", id="marker-opens-a-name"),
    ],
)
def test_subject_cut_examples(phrase: str) -> None:
    text = f"{phrase}出席"
    span = Span(0, len(phrase))
    assert _parse_with_adverbial(text, span, NameRules()) == _reference_with_adverbial(text, span, NameRules())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES + CUES), min_size=1, max_size=10).map("".join),
    name_sets, name_sets, name_sets,
)
def test_a_reading_holds_where_known_names_agree_on_what_they_decided(
    sentence: str, excluded: frozenset[str], first: frozenset[str], second: frozenset[str]
) -> None:
    text = sentence + "。"
    span = Span(0, len(text))
    probe: set[str] = set()
    events = scan_sentence(text, span, NameRules(excluded, first, probe))
    if all((name in first) == (name in second) for name in probe):
        assert scan_sentence(text, span, NameRules(excluded, second)) == events
    # with no known names, the names decided are those turned down: any other known names
    # that leave them out read the sentence the same way
    probe = set()
    plain = scan_sentence(text, span, NameRules(excluded, frozenset(), probe))
    if probe.isdisjoint(second):
        assert scan_sentence(text, span, NameRules(excluded, second)) == plain


def _reference_trim(text: str, span: Span, junk: str) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return Span(start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(" ,、。甲乙", max_size=8), st.integers(0, 8), st.integers(0, 8))
def test_trim_is_the_plain_loop(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    span = Span(start, end)
    assert trim(text, span, EDGE_JUNK) == _reference_trim(text, span, EDGE_JUNK)
