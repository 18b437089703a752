"""Properties of `parse` on genre-like and noisy text (normalised with the repair on): it
never fails, every span of every record lies inside the normalised text with start <= end,
names, titles and directives are the text their spans point at, and no name carries
punctuation, Latin letters or '?'.

The number of examples comes from the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise import normalise
from etl.parse import parse
from etl.spans import Span

FRAGMENTS = [
    "11月26日,", "7日上午,", "省委书记", "、", "省长", "市委副书记", "张三", "李四", "王五", "主持召开", "省疫情防控领导小组",
    "(扩大)", "会议", ",", "。", "他强调,", "要", "坚持", "落实", "出席", "参加", "在", "分会场", "主会场", "收看",
    "会议指出,", "续会", "召开", "记者 ", "编辑:", "(", ")", "?", "zhǔn", "\n", "“", "”", "第十二次", "视频", "电视电话",
    "习近平总书记", "我市", "省领导", "负责同志", ",,", ",、", "对", "作出安排", "摄",
]
# Raw-text noise: Traditional with pinyin glued after it, full-width and doubled
# punctuation, brackets, ASCII ? and ! after names, U+FFFD, control characters.
NOISE = [
    "領(lǐng)導(dǎo)", "會(huì)議(yì)", "強(qiáng)調(diào)", "，", "：", "？", "！", "（", "）", "。。", "？！", "!", "?",
    "\ufffd", "\x00", "\x07", "\x7f", "\u200b", "\u3000", "\r\n", "\t", "底线?", "张三?", "李四!",
]
NAME = re.compile(r"^[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)*$")
SUPPRESS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

genre_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
noisy = st.lists(st.sampled_from(FRAGMENTS + NOISE), max_size=40).map("".join)


def _spans(value: Any, path: str = "parsed") -> Iterator[tuple[str, Span]]:
    """Every Span reachable from `value` (dataclass fields, lists, tuples) with its path;
    a finding's raw_span is in raw coordinates and is left out."""
    if isinstance(value, Span):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "raw_span":
                yield from _spans(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _spans(item, f"{path}[{i}]")


@SUPPRESS
@given(genre_like)
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


@given(st.one_of(noisy, st.text(max_size=80)))
def test_every_span_lies_in_the_normalised_text(raw: str) -> None:
    doc = normalise(raw)
    parsed = parse(doc)
    for path, span in _spans(parsed):
        assert 0 <= span.start <= span.end <= len(doc.text), path
    for a in (a for m in parsed.meetings for a in m.attendees):
        assert NAME.match(a.name), a.name
    for c in parsed.credits:
        assert NAME.match(c.name), c.name
