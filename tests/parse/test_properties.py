"""Properties of `parse` on arbitrary genre-like text: it never fails, every span points
into the text at its value, and no name carries punctuation, Latin letters or '?'."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.parse import parse

FRAGMENTS = [
    "11月26日,", "7日上午,", "省委书记", "、", "省长", "市委副书记", "张三", "李四", "王五", "主持召开", "省疫情防控领导小组",
    "(扩大)", "会议", ",", "。", "他强调,", "要", "坚持", "落实", "出席", "参加", "在", "分会场", "主会场", "收看",
    "会议指出,", "续会", "召开", "记者 ", "编辑:", "(", ")", "?", "zhǔn", "\n", "“", "”", "第十二次", "视频", "电视电话",
    "习近平总书记", "我市", "省领导", "负责同志", ",,", ",、", "对", "作出安排", "摄",
]
NAME = re.compile(r"^[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)*$")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_parse_is_total_and_spans_are_exact(doc_from, text):
    doc = doc_from(text)
    parsed = parse(doc)
    t = doc.text
    for c in parsed.credits:
        assert c.span.of(t) == c.name and NAME.match(c.name)
    for m in parsed.meetings:
        for a in m.attendees:
            assert a.span.of(t) == a.name and NAME.match(a.name)
            assert all(tm.span.of(t) == tm.title for tm in a.titles)
        for d in m.directives:
            assert d.span.of(t) == d.text and d.text
            assert (d.speaker_kind == "person") == (d.speaker_name is not None)
        for loc in m.locations:
            assert loc.span.of(t) == loc.as_written
        if m.name_span is not None:
            assert m.name_span.of(t) == m.name
