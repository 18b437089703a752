"""Properties of normalise on any string: it never raises, it is idempotent, and its
offset map and segments are consistent with the text.

The mojibake repair (etl.repair, another stage's code with its own tests) is stubbed out
where the property is about the normaliser's own steps; with it in place, idempotence
also needs repair to leave repaired text alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalise import normalise
from etl.spans import Span

# The stuff raw reports are made of: Traditional and Simplified characters, pinyin with
# tone marks, both kinds of parentheses and punctuation, spaces, line breaks, invisibles.
_PIECES = [
    "領", "导", "會", "议", "市", "州", "縣", "区", "记者", "编辑", "摄", "来源", "版权声明", "讯", "11月26日",
    "(lǐng)", "(dǎo)", "(men)", "gòu)", "(kuò", "(", ")", "（", "）", "，", ",", ",,", "、", "。", "：", ":", "！",
    "？", "“", "”", " ", "\u3000", "\n", "\r\n", "\r", "\ufeff", "\u200b", "lǐng", "a", "1",
]
news_like = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
anything = st.text(max_size=80)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def without_repair() -> Iterator[None]:
    with mock.patch("etl.normalise.pipeline.repair", lambda text: ([], [])):
        yield


@SETTINGS
@given(st.one_of(news_like, anything))
def test_never_raises_and_offsets_are_consistent(raw: str) -> None:
    with without_repair():
        doc = normalise(raw)
    offsets = doc.offsets
    assert len(offsets) == len(doc.text)
    assert offsets.source_len == len(raw)
    assert offsets.starts == sorted(offsets.starts)
    for i in range(len(doc.text)):
        src = offsets.to_source(Span(i, i + 1))
        assert 0 <= src.start <= src.end <= len(raw)


@SETTINGS
@given(st.one_of(news_like, anything))
def test_idempotent(raw: str) -> None:
    with without_repair():
        once = normalise(raw).text
        assert normalise(once).text == once


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(news_like, anything))
def test_never_raises_with_real_repair(raw: str) -> None:
    doc = normalise(raw)
    assert len(doc.offsets) == len(doc.text)


@SETTINGS
@given(news_like)
def test_segments_are_ordered_non_blank_and_in_text(raw: str) -> None:
    with without_repair():
        doc = normalise(raw)
    spans = [s.span for s in doc.segments]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for span in spans:
        piece = span.of(doc.text)
        assert piece.strip() and "\n" not in piece and span.end <= len(doc.text)
    for f in doc.findings:
        if f.span is not None:
            assert f.span.end <= len(doc.text)
