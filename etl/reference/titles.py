"""Official titles: recognise one title, split a run of titles, find the run before a name.

A title is [division name] [level word] [organisation unit ...] [modifier] base title
(省委副书记 = 省 + 委 + 副 + 书记; 武汉市委书记; 省疫情防控指挥部总指挥), with every part
read from the lexicon files under etl/data/reference/ (title_*.txt, not_titles.txt); words
of title_inner_words.txt (应对) may stand inside an organisation name despite a stop character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl.reference._cache import short_text_cache
from etl.reference._data import lines

SEPARATORS = "\u3001,\uff0c"  # 、 , ，
MAX_TITLE_LEN = 32
MAX_DIVISION_PREFIX = 10
_SEPARATOR_RUN = re.compile(f"[{SEPARATORS}\\s]+")


@dataclass(frozen=True, slots=True)
class TitleRun:
    """A run of titles in a text: 省委副书记、省长 → titles ('省委副书记', '省长')."""

    start: int
    end: int
    text: str
    titles: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # (start, end) of each title in the searched text


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(title without a division prefix, title after a division name)."""
    level = _alternation(lines("title_levels.txt"))
    unit = _alternation(lines("title_org_units.txt"))
    modifier = _alternation(lines("title_modifiers.txt"))
    base = _alternation(lines("title_bases.txt"))
    stop = "".join(lines("title_stop_chars.txt"))
    heads = _alternation(lines("title_generic_heads.txt"))
    inner = _alternation(lines("title_inner_words.txt"))
    generic = f"(?:{inner}|(?![{re.escape(stop)}])[\u4e00-\u9fff]){{1,12}}?(?:{heads})"
    tail = f"(?:{modifier})?(?:{base})"
    plain = f"(?:(?:{level})?(?:{unit})*{tail}|(?:{level})(?:{unit})*{generic}(?:{unit})*{tail})"
    after_place = f"(?:(?:{level})?(?:{unit})*(?:{generic})?(?:{unit})*{tail})"
    return re.compile(plain), re.compile(after_place)


@cache
def _bases() -> tuple[str, ...]:
    """Every title ends in a base title (书记, 省长): where none ends, no title ends."""
    return lines("title_bases.txt")


@cache
def _division_names() -> frozenset[str]:
    from etl.reference.divisions import divisions

    names: set[str] = set()
    for d in divisions():
        names.add(d.name)
        names.update(s for s in d.short_names if len(s) >= 2)
    return frozenset(names)


@cache
def _not_titles() -> frozenset[str]:
    return frozenset(lines("not_titles.txt"))


@lru_cache(maxsize=1 << 14)
def is_title(word: str) -> bool:
    """One title, nothing else: 省委副书记, 省长, 武汉市委书记, 领导小组组长."""
    if not word or len(word) > MAX_TITLE_LEN or word in _not_titles():
        return False
    plain, after_place = _patterns()
    if plain.fullmatch(word):
        return True
    names = _division_names()
    for k in range(2, min(len(word) - 1, MAX_DIVISION_PREFIX) + 1):
        if word[:k] in names and after_place.fullmatch(word[k:]):
            return True
    return False


def title_run_ends_from_start(text: str) -> set[int]:
    """Every end of a run of titles that starts at 0 (titles juxtaposed or separated by
    SEPARATORS, as `title_run_before` reads them): a forward pass, linear in the length
    of that run, so that callers need not try every end of a long text."""
    n = len(text)
    ends: set[int] = set()
    starts = {0}
    pos, last = 0, 0
    while pos <= last:
        if pos in starts:
            for end in range(pos + 1, min(n, pos + MAX_TITLE_LEN) + 1):
                if end not in ends and is_title(text[pos:end]):
                    ends.add(end)
                    k = end
                    starts.add(k)
                    while k < n and text[k] in SEPARATORS:
                        k += 1
                        starts.add(k)
                    last = max(last, k)
        pos += 1
    return ends


def _segment_juxtaposed(part: str) -> list[str] | None:
    """Split titles written without separators (省委副书记省长), fewest pieces first."""
    n = len(part)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    bases = _bases()
    for i in range(1, n + 1):
        if not part.endswith(bases, 0, i):
            continue
        for j in range(max(0, i - MAX_TITLE_LEN), i):
            prev = best[j]
            if prev is None or not is_title(part[j:i]):
                continue
            if best[i] is None or len(prev) + 1 < len(best[i] or []):
                best[i] = [*prev, part[j:i]]
    return best[n]


def split_title_run(text: str) -> list[str] | None:
    """'省委副书记、省长、省疫情防控指挥部总指挥' → the three titles; None if not all titles.

    Separators are 、 , , (doubled ones too) and plain juxtaposition.
    """
    titles = _split_title_run(text)
    return list(titles) if titles is not None else None


@short_text_cache(limit=256)
def _split_title_run(text: str) -> tuple[str, ...] | None:
    # the same phrases are split again and again while a list is read (each item, each
    # way of cutting it): one cache for all, bounded
    parts = [p for p in _SEPARATOR_RUN.split(text.strip()) if p]
    if not parts:
        return None
    titles: list[str] = []
    for part in parts:
        pieces = _segment_juxtaposed(part)
        if not pieces:
            return None
        titles.extend(pieces)
    return tuple(titles)


def _title_ending_at(text: str, end: int) -> int | None:
    """Start of the longest single title ending exactly at `end`."""
    if end <= 0 or not text.endswith(_bases(), 0, end):
        return None
    for start in range(max(0, end - MAX_TITLE_LEN), end):
        if is_title(text[start:end]):
            return start
    return None


@cache
def _not_title_cuts() -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(cut, length, words): the not-title words of that length, to be cut `cut` characters
    after their start."""
    groups: dict[tuple[int, int], set[str]] = {}
    for word in _not_titles():
        for cut in range(1, len(word)):
            groups.setdefault((cut, len(word)), set()).add(word)
    return tuple((cut, n, frozenset(words)) for (cut, n), words in sorted(groups.items()))


def _cuts_a_word(text: str, at: int) -> bool:
    """`at` falls inside a not-title word (常委|会, 委员|会): no title run ends there."""
    for cut, n, words in _not_title_cuts():
        start = at - cut
        if start >= 0 and text[start : start + n] in words:
            return True
    return False


@short_text_cache(limit=256)
def title_run_before(text: str, end: int) -> TitleRun | None:
    """The run of titles ending right at `end` (where a name starts), or None.

    '…,省委副书记、省长李某出席' with `end` at 李 → TitleRun over '省委副书记、省长'.
    """
    if _cuts_a_word(text, end):
        return None
    spans: list[tuple[int, int]] = []
    pos = end
    while (start := _title_ending_at(text, pos)) is not None:
        spans.append((start, pos))
        before_separators = start
        while before_separators > 0 and text[before_separators - 1] in SEPARATORS:
            before_separators -= 1
        if before_separators < start and _title_ending_at(text, before_separators) is None:
            break  # the separator ends something else: the run starts after it
        pos = before_separators
    if not spans:
        return None
    spans.reverse()
    run_start = spans[0][0]
    return TitleRun(
        start=run_start,
        end=end,
        text=text[run_start:end],
        titles=tuple(text[s:e] for s, e in spans),
        spans=tuple(spans),
    )


def match_title_suffix(text: str, end: int) -> int | None:
    """Start of the title run ending right at `end`, or None (see title_run_before)."""
    run = title_run_before(text, end)
    return run.start if run else None


def title_run_after(text: str, start: int) -> TitleRun | None:
    """A run of titles starting at `start` (for names followed by titles: 李某省长)."""
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < len(text):
        end = next(
            (e for e in range(min(len(text), pos + MAX_TITLE_LEN), pos, -1) if is_title(text[pos:e])),
            None,
        )
        if end is None:
            break
        spans.append((pos, end))
        nxt = end
        while nxt < len(text) and text[nxt] in SEPARATORS:
            nxt += 1
        pos = nxt if nxt > end else end
        if nxt > end and not any(is_title(text[nxt:e]) for e in range(nxt + 1, min(len(text), nxt + MAX_TITLE_LEN) + 1)):
            break
    if not spans:
        return None
    return TitleRun(
        start=start,
        end=spans[-1][1],
        text=text[start : spans[-1][1]],
        titles=tuple(text[s:e] for s, e in spans),
        spans=tuple(spans),
    )
