"""Sentence splitting and quote flags by regex give what the character loops give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse.text import CLOSERS, SENTENCE_END, outside_quotes, sentences, trim
from etl.spans import Span

texts = st.text(alphabet="甲乙会议。!?”’\")』」“ ,、;:\n", max_size=40)


def _sentences_loop(text: str, span: Span) -> list[Span]:
    out: list[Span] = []
    start = i = span.start
    while i < span.end:
        if text[i] in SENTENCE_END:
            j = i + 1
            while j < span.end and (text[j] in CLOSERS or text[j] in SENTENCE_END):
                j += 1
            out.append(trim(text, Span(start, j), " \t\r\n\u3000,、;:"))
            start = i = j
            continue
        i += 1
    out.append(trim(text, Span(start, span.end), " \t\r\n\u3000,、;:"))
    return [s for s in out if len(s)]


def _outside_quotes_loop(text: str, span: Span) -> list[bool]:
    flags: list[bool] = []
    depth = 0
    for ch in span.of(text):
        if ch == "“":
            depth += 1
        flags.append(depth == 0)
        if ch == "”" and depth > 0:
            depth -= 1
    return flags


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_sentences_match_the_loop(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert sentences(text, Span(start, end)) == _sentences_loop(text, Span(start, end))


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_outside_quotes_matches_the_loop(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text) + 3))
    assert outside_quotes(text, Span(start, end)) == _outside_quotes_loop(text, Span(start, end))
