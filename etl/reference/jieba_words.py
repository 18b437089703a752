"""Frequencies and part-of-speech tags of jieba's bundled dictionary (jieba 0.42.1, MIT).

Used to tell ordinary words from names and places: 安全 is a word, not a person; 推进 is
a verb, not the stem of a zone; 资源 is a word before it is 资源县.

`frequencies` is the one copy of jieba's prefix dictionary (word → frequency) in a
process: the repair lexicon folds its domain words into it (`add_frequencies`), and the
segmenter's tokenizer reads it through `JiebaView`, which adds the reference words and
hides the lexicon's additions, so each user sees exactly the dictionary it would have
built for itself, without a second copy of about 500,000 entries.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from typing import Any

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


_MISSING: Any = object()


def cache_folder() -> str | None:
    """A folder of this user's for jieba's dictionary cache (None: jieba's default, the
    temp folder). jieba's default file is shared by every user of the machine and only
    its creator can replace it: another user's run would log a traceback each time."""
    home_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    for folder in (os.path.join(home_cache, "etl"), os.path.join(tempfile.gettempdir(), f"etl-jieba-{user}")):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


@cache
def _table() -> tuple[dict[str, int], int, dict[str, int | None]]:
    """(shared frequencies, jieba's total, jieba's own value of every entry changed since:
    None where jieba's dictionary has no such entry)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    own = jieba.Tokenizer()  # not jieba.dt: nothing else in the process loads a copy
    own.tmp_dir = cache_folder()
    own.initialize()
    return own.FREQ, own.total, {}


def frequencies() -> tuple[dict[str, int], int]:
    """The shared word → frequency dictionary (jieba's, plus what `add_frequencies` put in;
    every prefix of a word is held, at 0 when it is no word) and jieba's own total."""
    freq, total, _ = _table()
    return freq, total


def jieba_frequency(word: str, default: int | None = None) -> int | None:
    """The word's frequency in jieba's own dictionary, whatever was added since."""
    freq, _, replaced = _table()
    if word in replaced:
        was = replaced[word]
        return default if was is None else was
    return freq.get(word, default)


def add_frequencies(changes: Mapping[str, int]) -> None:
    """Set entries of the shared dictionary (the tokenizer's view keeps seeing jieba's)."""
    freq, _, replaced = _table()
    for word, count in changes.items():
        if word not in replaced:
            replaced[word] = freq.get(word)
        freq[word] = count


class JiebaView(dict[str, int]):
    """jieba's own dictionary as a jieba.Tokenizer's FREQ, read from the shared one: its
    own entries are the words added to the tokenizer (add_word); any other word is looked
    up in jieba's dictionary, so the shared one's other additions stay unseen."""

    __slots__ = ("_shared", "_replaced")

    def __init__(self) -> None:
        super().__init__()
        self._shared, _, self._replaced = _table()

    def __contains__(self, word: object) -> bool:
        if dict.__contains__(self, word):
            return True
        if word in self._replaced:
            return self._replaced[word] is not None  # type: ignore[index]
        return word in self._shared

    def __missing__(self, word: str) -> int:
        found = self._replaced[word] if word in self._replaced else self._shared[word]
        if found is None:
            raise KeyError(word)
        return found

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        found = dict.get(self, word, _MISSING)
        if found is not _MISSING:
            return found
        if word in self._replaced:
            found = self._replaced[word]
            return default if found is None else found
        return self._shared.get(word, default)
