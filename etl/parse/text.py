"""Span-keeping text helpers: sentences, clauses, list items, Chinese numerals.

All functions take the document text and a `Span` in it and return `Span`s in the same
coordinates, so every fact the parser extracts points at the exact characters it came
from.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator

from etl.spans import Span

SENTENCE_END = "。!?"
CLOSERS = "”’\")』」"
# Characters that may be trimmed from the edges of a clause or name.
EDGE_JUNK = " \t\u3000,、;:。!?.·-—…"
# A comma, possibly doubled with an enumeration comma (",、" or "、,"), separates clauses;
# a run containing 、 separates list items.
_COMMA_RUN = re.compile(r"(?<!、),+(?![,、])|;")
_ITEM_SEP = re.compile(r"[,、]*、[,、]*")

# A sentence end with the closing quotes and further ends after it (。” / ?!)
_SENTENCE_END_RUN = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS + SENTENCE_END)}]*")
_QUOTE_MARK = re.compile("[“”]")

CJK = re.compile(r"[\u3400-\u9fff]")
CJK_ONLY = re.compile(r"[\u3400-\u9fff]+")


def trim(text: str, span: Span, junk: str = EDGE_JUNK) -> Span:
    """`span` without leading/trailing characters from `junk`."""
    start, end = span.start, span.end
    if start == end or (text[start] not in junk and text[end - 1] not in junk):
        return span  # nothing to trim: the span itself, not a copy
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return Span(start, end)


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences of `span`: ends at 。!? (with closing quotes kept), trimmed, non-empty."""
    out: list[Span] = []
    start = span.start
    for m in _SENTENCE_END_RUN.finditer(text, span.start, span.end):
        _add(out, trim(text, Span(start, m.end()), " \t\r\n\u3000,、;:"))
        start = m.end()
    _add(out, trim(text, Span(start, span.end), " \t\r\n\u3000,、;:"))
    return out


def _add(out: list[Span], span: Span) -> None:
    if len(span) > 0:
        out.append(span)


def split_on(text: str, span: Span, pattern: re.Pattern[str]) -> list[Span]:
    """Pieces of `span` between matches of `pattern` (empty pieces kept, untrimmed)."""
    out: list[Span] = []
    start = span.start
    for m in pattern.finditer(text, span.start, span.end):
        out.append(Span(start, m.start()))
        start = m.end()
    out.append(Span(start, span.end))
    return out


def comma_parts(text: str, span: Span) -> list[Span]:
    """Clauses of `span` separated by commas or semicolons (a comma glued to a 、, as in
    ",、", is a doubled enumeration mark and does not separate clauses)."""
    return [p for p in split_on(text, span, _COMMA_RUN) if len(p) > 0]


def list_items(text: str, span: Span) -> list[Span]:
    """Items of an enumeration separated by 、 (doubled punctuation tolerated)."""
    return split_on(text, span, _ITEM_SEP)


def is_enumeration_comma(text: str, pos: int) -> bool:
    """True when the comma at `pos` is glued to a 、 (",、"), i.e. a doubled 、."""
    return (pos + 1 < len(text) and text[pos + 1] == "、") or (pos > 0 and text[pos - 1] == "、")


def outside_quotes(text: str, span: Span) -> list[bool]:
    """For each character of `span`, whether it lies outside “…” quotes."""
    flags = [True] * len(span.of(text))
    depth = 0
    last = 0  # characters from `last` on lie at the current depth
    for m in _QUOTE_MARK.finditer(text, span.start, span.end):
        at = m.start() - span.start
        if depth:
            flags[last:at] = [False] * (at - last)
        if m.group() == "“":
            depth += 1
            flags[at] = False
        elif depth:
            flags[at] = False
            depth -= 1
        last = at + 1
    if depth:
        flags[last:] = [False] * (len(flags) - last)
    return flags


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(s: str) -> int | None:
    """'十二' → 12, '二十一' → 21, '一百零五' → 105, '12' → 12; None when not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(ch in _DIGITS for ch in s) and len(s) > 1:  # 二〇二二 written digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total, current = 0, 0
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


INDEX_FROM = 100_000  # characters: in a longer text `WordFinder` searches through an index


class WordFinder:
    """Every start of a word in one text. In a long text through an index of where each
    two characters start, built on first use: one search of the whole text per name
    (every participant of every meeting) made a multi-MB document quadratic."""

    __slots__ = ("text", "_pairs")

    def __init__(self, text: str) -> None:
        self.text = text
        self._pairs: dict[str, array[int]] | None = None

    def starts(self, word: str) -> Iterator[int]:
        """Starts of `word`, overlapping ones too, in order (as repeated str.find)."""
        text = self.text
        if len(text) < INDEX_FROM or len(word) < 2:
            pos = text.find(word)
            while pos >= 0:
                yield pos
                pos = text.find(word, pos + 1)
            return
        if self._pairs is None:
            pairs: dict[str, array[int]] = {}
            for i in range(len(text) - 1):
                pair = text[i : i + 2]
                at = pairs.get(pair)
                if at is None:
                    at = pairs[pair] = array("i")
                at.append(i)
            self._pairs = pairs
        for pos in self._pairs.get(word[:2], ()):
            if text.startswith(word, pos):
                yield pos
