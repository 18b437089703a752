"""Fast paths of the parse stage give what the slower code they replaced gave: the old
code is kept here as the reference (clauses cut on Span helpers, one regex per item
marker, categories by keyword list, meeting mentions looked for in every comma part)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalise import normalise
from etl.parse import directives, layout, lexicon, meetings
from etl.parse.damage import REPLACEMENT, damaged_spans
from etl.parse.text import comma_parts, sentences, trim
from etl.reference import categories, markers
from etl.spans import Span

FRAGMENTS = [
    "要", "必须", "坚持", "二是", "一、", "(二)", "(三)", "3.", "12、", "第四,", "首先", "最后", "重要", "要求",
    "加强", "核酸检测", "疫苗接种", "隔离", "会议", "召开", "举行", "传达学习", "研究部署", "全市", "调度会", "在某地",
    "。", "!", "?", ";", ",", ",,", ",、", "、", ":", " ", "\t", "\u3000", "\n", "”", "“", "—", "●", "·",
    "甲乙", "丙丁", "工作", "落实", "当前形势", "会议指出", "强调", "3日", "后", "精神", "在全国", "上", "讲话",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def _old_clauses(text: str, span: Span) -> list[Span]:
    out: list[Span] = []
    for sent in sentences(text, span):
        current: Span | None = None
        for part in comma_parts(text, sent):
            part = trim(text, part, directives._CLAUSE_JUNK)
            if not len(part):
                continue
            opens = directives._opens_clause(part.of(text))
            semicolon = text[max(sent.start, part.start - 1) : part.start] == ";"
            if current is None or opens or semicolon:
                if current is not None:
                    out.append(current)
                current = part
            else:
                current = Span(current.start, part.end)
        if current is not None:
            out.append(current)
    return [c for c in (trim(text, c, directives._CLAUSE_JUNK) for c in out) if len(c)]


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_clauses_as_on_spans(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert directives.clauses(text, Span(start, end)) == _old_clauses(text, Span(start, end))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_item_marker_as_any_of_the_list(text):
    old = any(re.compile(p).match(text) for p in lexicon.words("item_markers"))
    assert bool(directives._item_marker().match(text)) == old


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_categorise_as_with_evidence(text):
    assert categories.categorise(text) == [code for code, _ in categories.categorise_with_evidence(text)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("全市疫情防控调度会在某地召开。会议要求,要加强核酸检测。", id="located"),
        pytest.param("甲乙主持召开全市调度会,传达学习全国会议精神。", id="held-and-relay"),
        pytest.param("县委常委会传达学习,研究部署工作。", id="acting"),
        pytest.param("没有会议的一句话,又一句。", id="none"),
    ],
)
def test_find_mentions_as_with_every_part_searched(text, monkeypatch):
    doc = normalise(text)
    lines = layout.lines(doc)
    fast = meetings.find_mentions(doc.text, lines)
    assert fast or text.startswith("没有")
    held, attend, located, spoken, _ = meetings._mention_patterns()
    monkeypatch.setattr(meetings, "_mention_patterns", lambda: (held, attend, located, spoken, re.compile("")))
    assert meetings.find_mentions(doc.text, lines) == fast


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_find_mentions_prefilter_as_every_part(text):
    doc = normalise(text)
    lines = layout.lines(doc)
    fast = meetings.find_mentions(doc.text, lines)
    held, attend, located, spoken, _ = meetings._mention_patterns()
    original = meetings._mention_patterns
    try:
        meetings._mention_patterns = lambda: (held, attend, located, spoken, re.compile(""))  # type: ignore[assignment]
        slow = meetings.find_mentions(doc.text, lines)
    finally:
        meetings._mention_patterns = original  # type: ignore[assignment]
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("甲乙。", id="none"),
        pytest.param(f"会议{REPLACEMENT}要求,{REPLACEMENT}{REPLACEMENT}。", id="several"),
    ],
)
def test_replacement_characters_are_damaged(text):
    doc = normalise(text)
    found = [s for s in damaged_spans(doc) if s.of(doc.text) == REPLACEMENT and len(s) == 1]
    assert sorted(set(found)) == [Span(i, i + 1) for i, ch in enumerate(doc.text) if ch == REPLACEMENT]


MARKER_FRAGMENTS = [
    "新冠肺炎", "新型冠状病毒感染", "的肺炎", "第九版", "防控方案", "二十条", "第", "20条", "优化", "措施", "7+3", "5+3",
    "14+7", "天", "7天集中隔离+3天居家健康监测", "动态清零", "社会面", "Delta", "外防输入", "、", "内防反弹", "紧急接种",
    "重点", "人群", "疫苗", "二十大精神", "甲乙", "。", "3", "+", "＋",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKER_FRAGMENTS), max_size=30).map("".join))
def test_markers_in_as_every_pattern_searched(text):
    assert markers.markers_in(text) == [m for m in markers.policy_markers() if m.pattern.search(text)]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        pytest.param("甲乙|丙", ("甲乙", "丙"), id="alternatives"),
        pytest.param("(?<!第)二十条", ("二十条",), id="lookbehind"),
        pytest.param("[甲乙]丙丁?", ("丙",), id="longest-plain-run"),
        pytest.param("[甲乙]", None, id="no-plain-character"),
        pytest.param("(?i)abc", None, id="flag"),
    ],
)
def test_literals_of(pattern, expected):
    assert markers._literals_of(re.compile(pattern)) == expected


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_line_sentences_as_sentences(text):
    doc = normalise(text)
    for line in layout.lines(doc):
        assert list(layout.line_sentences(doc.text, line)) == sentences(doc.text, line.span)
