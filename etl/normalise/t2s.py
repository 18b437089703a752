"""Traditional → Simplified: the output of opencc-python-reimplemented's `OpenCC('t2s')`, faster.

OpenCC('t2s') splits the text at separators (spaces, punctuation), then in each piece
replaces the longest phrase of TSPhrases.txt (the leftmost of equal length), does the same
to the left and right of it, and finally maps every character outside a phrase through
TSCharacters.txt; a value listing several Simplified forms gives the first. That is the
same as taking the occurrences of phrase keys longest first, then leftmost, and keeping
each one that overlaps none kept before; no key holds a separator, so the pieces need no
splitting. This module reads the same dictionary files from the installed package and
does exactly that: `str.translate` for the characters and dictionary look-ups only where
a phrase key can start, instead of trying every substring of every piece.

`Converter.build()` returns None when the package's t2s setup is not the one this
reasoning is about (then callers use OpenCC itself).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Converter:
    characters: dict[int, str]  # for str.translate; separators left out as OpenCC never converts them
    bmp: list[int | str]  # the same for code points below 0x10000, as a list: translates faster
    phrases: dict[str, str]
    lengths: dict[str, tuple[int, ...]]  # the lengths of the keys starting with each two characters
    starts: re.Pattern[str]  # where a phrase key can start: its first two characters

    @classmethod
    def build(cls) -> Converter | None:
        import opencc

        package = Path(opencc.__file__).parent
        config = json.loads((package / "config" / "t2s.json").read_text(encoding="utf-8"))
        try:
            (step,) = config["conversion_chain"]
            files = [d["file"] for d in step["dict"]["dicts"]] if step["dict"]["type"] == "group" else []
        except (KeyError, ValueError, TypeError):
            return None
        if files != ["TSPhrases.txt", "TSCharacters.txt"]:
            return None
        separators = opencc.OpenCC().split_chars_re
        phrases = {k: v for k, v in _table(package / "dictionary" / files[0]).items() if not separators.search(k)}
        chars = _table(package / "dictionary" / files[1])
        if any(len(k) != 1 for k in chars) or any(len(k) < 2 for k in phrases):
            return None
        table = {ord(k): v for k, v in chars.items() if k != v and not separators.match(k)}
        firsts = "".join(sorted({k[0] for k in phrases}))
        seconds = "".join(sorted({k[1] for k in phrases}))
        starts = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])") if phrases else re.compile(r"(?!)")
        bmp: list[int | str] = list(range(0x10000))
        for code, value in table.items():
            if code < 0x10000:
                bmp[code] = value
        lengths: dict[str, set[int]] = {}
        for k in phrases:
            lengths.setdefault(k[:2], set()).add(len(k))
        by_prefix = {p: tuple(sorted(ns)) for p, ns in lengths.items()}
        return cls(table, bmp, phrases, by_prefix, starts)

    def convert(self, text: str) -> str:
        table = self.characters if _ASTRAL.search(text) else self.bmp
        found = self._phrases(text)
        if not found:
            return text.translate(table)  # no faster to test first whether any character changes
        parts: list[str] = []
        pos = 0
        for start, end in found:
            parts.append(text[pos:start].translate(table))
            parts.append(self.phrases[text[start:end]])
            pos = end
        parts.append(text[pos:].translate(table))
        return "".join(parts)

    def _phrases(self, text: str) -> list[tuple[int, int]]:
        """The phrase occurrences OpenCC replaces, as (start, end) in text order."""
        phrases, lengths, size = self.phrases, self.lengths, len(text)
        occurrences = [
            (-n, i)
            for i in (m.start() for m in self.starts.finditer(text))
            for n in lengths.get(text[i : i + 2], ())
            if i + n <= size and text[i : i + n] in phrases
        ]
        if not occurrences:
            return []
        occurrences.sort()
        taken = bytearray(len(text))
        kept: list[tuple[int, int]] = []
        for neg, i in occurrences:
            end = i - neg
            if not any(taken[i:end]):
                taken[i:end] = b"\x01" * (end - i)
                kept.append((i, end))
        kept.sort()
        return kept


def _table(path: Path) -> dict[str, str]:
    """A dictionary file read as OpenCC reads it (later lines win), first value of each."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            key, value = line.strip().split("\t")
            table[key] = value
    return {k: v.split(" ")[0] for k, v in table.items()}


@cache
def converter() -> Converter | None:
    return Converter.build()
