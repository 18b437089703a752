"""A jieba tokenizer that keeps official titles, organisation names and places whole.

The tokenizer is built once per process from jieba's bundled dictionary plus words from
the reference data (titles, organisation units, division names, zone suffixes); nothing
is downloaded. jieba writes its usual prefix-dictionary cache to a folder of the user's
(`jieba_words.cache_folder`: ~/.cache/etl, else a per-user temp folder). It
reads jieba's dictionary through a view of the one shared copy (`jieba_words.JiebaView`).

`boundaries` answers "is this offset a word boundary?" for a document, segmenting only
the runs of text the questions fall in, once per document.

With the `[fast]` extra installed (rjieba, jieba-rs) and ETL_NATIVE not 0, tokens come
from jieba-rs given the same words and totals: the same tokens, several times faster.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable
from functools import cache, lru_cache

import jieba

from etl.native import native_enabled
from etl.reference.jieba_words import JiebaView, frequencies, jieba_frequency

# Frequencies given to reference words so jieba prefers them to their pieces; a word
# jieba already knows keeps its own frequency when that is higher.
FULL_NAME_FREQ = 2000
SHORT_NAME_FREQ = 300
TITLE_FREQ = 1000
# Modifiers joined to every base title as dictionary words (副省长, 常务副市长); the rarer
# ones (一级, 名誉 …) are left to jieba to split.
USUAL_MODIFIERS = ("副", "常务副", "代")


def user_words() -> list[tuple[str, int]]:
    """(word, frequency) for every word added to jieba's dictionary."""
    from etl.reference._data import lines
    from etl.reference.divisions import divisions

    words: dict[str, int] = {}

    def add(word: str, freq: int) -> None:
        if len(word) >= 2:
            words[word] = max(words.get(word, 0), freq)

    for d in divisions():
        add(d.name, FULL_NAME_FREQ)
        for short in d.short_names:
            add(short, SHORT_NAME_FREQ)
    for name in ("title_bases.txt", "title_org_units.txt", "zone_suffixes.txt"):
        for word in lines(name):
            add(word, TITLE_FREQ)
    for modifier in USUAL_MODIFIERS:
        for base in lines("title_bases.txt"):
            add(modifier + base, TITLE_FREQ)
    return sorted(words.items())


def user_dictionary_text() -> str:
    """The added words in jieba's user-dictionary format ('word freq' per line)."""
    return "".join(f"{w} {f}\n" for w, f in user_words())


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba.Tokenizer with the reference words added (built once; about a second)."""
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.FREQ = JiebaView()
    tk.total = frequencies()[1]
    tk.initialized = True
    for word, freq in user_words():
        tk.add_word(word, freq=max(freq, tk.FREQ.get(word, 0) or 0))
    return tk


# jieba's cut works run by run: a run of its Han/alphanumeric characters is segmented on
# its own (no word crosses its edges); any other character is a token of its own, but \r\n.
_RUN: re.Pattern[str] = jieba.re_han_default
_SKIP: re.Pattern[str] = jieba.re_skip_default

# A word no text can hold: its characters (private use) never fall in a run jieba-rs
# segments. It carries the part of the total that jieba-rs does not count (see below).
_TOTAL_FILLER = "\ue000\ue000"


@cache
def native_tokenize() -> Callable[[str, str, bool], list[tuple[str, int, int]]]:
    """jieba-rs's tokenize (rjieba's own instance), with the words `tokenizer` adds at the
    frequencies it gives them. jieba's add_word adds a word's frequency to the total even
    when the word was already there, jieba-rs only the change: the filler word makes up
    the difference, so every word's log-probability, and so every cut, is the same."""
    import rjieba

    missing = 0
    for word, freq in user_words():
        known = jieba_frequency(word) or 0
        rjieba.add_word(word, max(freq, known), None)
        missing += known
    rjieba.add_word(_TOTAL_FILLER, missing, None)
    tokenize: Callable[[str, str, bool], list[tuple[str, int, int]]] = rjieba.tokenize
    return tokenize


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each token of `text`, without jieba's HMM guessing."""
    if native_enabled("rjieba"):
        return _native_tokens(text)
    return list(tokenizer().tokenize(text, HMM=False))


def _native_tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba's own cut between runs, jieba-rs inside each run (whose idea of a run holds
    more characters: given jieba's runs one at a time it cuts them as jieba does)."""
    native = native_tokenize()
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _RUN.finditer(text):
        out.extend(_between_runs(text[pos : m.start()], pos))
        out.extend((w, m.start() + s, m.start() + e) for w, s, e in native(m.group(), "default", False))
        pos = m.end()
    out.extend(_between_runs(text[pos:], pos))
    return out


def _between_runs(piece: str, offset: int) -> list[tuple[str, int, int]]:
    """Tokens of text outside runs, as jieba cuts it: \r\n and each other character."""
    out: list[tuple[str, int, int]] = []
    for part in _SKIP.split(piece):
        for token in [part] if _SKIP.match(part) else part:
            out.append((token, offset, offset + len(token)))
            offset += len(token)
    return out


class Boundaries:
    """Word boundaries of one text as `tokens(text)` gives them: `offset in bounds` is
    true where a token starts or ends. A run is segmented the first time an offset inside
    it is asked about."""

    __slots__ = ("_text", "_starts", "_ends", "_done")

    def __init__(self, text: str) -> None:
        self._text = text
        runs = [m.span() for m in _RUN.finditer(text)]
        self._starts = [s for s, _ in runs]
        self._ends = [e for _, e in runs]
        self._done: dict[int, frozenset[int]] = {}

    def __contains__(self, offset: object) -> bool:
        if not isinstance(offset, int) or not 0 <= offset <= len(self._text) or not self._text:
            return False
        k = bisect.bisect_left(self._starts, offset) - 1  # the run starting before offset
        if k >= 0 and offset < self._ends[k]:
            inside = self._done.get(k)
            if inside is None:
                start = self._starts[k]
                inside = self._done[k] = frozenset(start + e for _, _, e in tokens(self._text[start : self._ends[k]]))
            return offset in inside
        return not (0 < offset < len(self._text) and self._text[offset - 1] == "\r" and self._text[offset] == "\n")


@lru_cache(maxsize=8)
def boundaries(text: str) -> Boundaries:
    """The word boundaries of `text` (shared by every caller asking about the same text)."""
    return Boundaries(text)
