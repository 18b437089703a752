"""A jieba tokenizer that keeps official titles, organisation names and places whole.

The tokenizer is built once per process from jieba's bundled dictionary plus words from
the reference data (titles, organisation units, division names, zone suffixes); nothing
is downloaded. jieba writes its usual prefix-dictionary cache to the temp directory.
"""

from __future__ import annotations

import logging
from functools import cache

import jieba

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
    tk.initialize()
    for word, freq in user_words():
        tk.add_word(word, freq=max(freq, tk.FREQ.get(word, 0) or 0))
    return tk


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each token of `text`, without jieba's HMM guessing."""
    return list(tokenizer().tokenize(text, HMM=False))
