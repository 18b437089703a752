"""Frequencies and part-of-speech tags of jieba's bundled dictionary (jieba 0.42.1, MIT).

Used to tell ordinary words from names and places: 安全 is a word, not a person; 推进 is
a verb, not the stem of a zone; 资源 is a word before it is 资源县.
"""

from __future__ import annotations

import os
from functools import cache

MIN_LEN, MAX_LEN = 2, 4
# Rarer words are not kept (saves memory; a word seen fewer times tells little).
MIN_FREQ_KEPT = 20
# Tags (jieba / ICTCLAS) of words that are never names or place stems: verbs, adjectives,
# adverbs, conjunctions, prepositions, pronouns, numerals, measure words, particles.
FUNCTION_TAG_PREFIXES = ("v", "a", "d", "c", "p", "r", "m", "q", "u")


@cache
def dictionary() -> dict[str, tuple[int, str]]:
    """word → (frequency, tag) for the 2-4 character words of jieba's dictionary seen at
    least MIN_FREQ_KEPT times."""
    import jieba

    entries: dict[str, tuple[int, str]] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if MIN_LEN <= len(word) <= MAX_LEN and int(freq) >= MIN_FREQ_KEPT:
                entries[word] = (int(freq), tag)
    return entries


def entry(word: str) -> tuple[int, str] | None:
    return dictionary().get(word)


def is_function_word(word: str) -> bool:
    """A verb, adjective, adverb … in jieba's dictionary (推进, 加快, 全面)."""
    found = entry(word)
    return found is not None and found[1].startswith(FUNCTION_TAG_PREFIXES)


def is_ordinary_word(word: str, min_freq: int, keep_tags: tuple[str, ...] = ("nr",)) -> bool:
    """In jieba's dictionary at least `min_freq` times with a tag not starting with any of
    `keep_tags`."""
    found = entry(word)
    return found is not None and found[0] >= min_freq and not found[1].startswith(keep_tags)
