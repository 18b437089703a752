"""Personal names: surnames and a plausibility test for a candidate name in context.

Data: surnames.txt, name_final_stop_chars.txt, name_inner_stop_chars.txt,
name_stop_words.txt, plus division names, zone suffixes and base titles; common words
come from jieba's own dictionary (shipped with jieba, MIT).
"""

from __future__ import annotations

import re
from functools import cache

from etl.reference._cache import short_text_cache
from etl.reference._data import lines
from etl.reference.jieba_words import is_ordinary_word

_HAN = re.compile(r"[\u3400-\u9fff]+")
# A word in jieba's dictionary with another part of speech than a name (nr*), seen at least
# this often, is taken as an ordinary word (安全, 高新, 方案), not as a name.
COMMON_WORD_MIN_FREQ = 20


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    entries = lines("surnames.txt")
    return (
        frozenset(s for s in entries if len(s) == 1),
        frozenset(s for s in entries if len(s) >= 2),
    )


def surname_of(name: str) -> str | None:
    """The surname `name` starts with (compound first: 欧阳某某 → 欧阳), if any."""
    single, compound = surnames()
    for size in (4, 3, 2):
        if name[:size] in compound and len(name) > size:
            return name[:size]
    return name[0] if name and name[0] in single else None


@cache
def final_stop_chars() -> frozenset[str]:
    """Characters that never end a personal name (以, 在, 出 …)."""
    return frozenset(lines("name_final_stop_chars.txt"))


@cache
def _inner_stop() -> frozenset[str]:
    return frozenset(lines("name_inner_stop_chars.txt"))


@cache
def _stop_words() -> tuple[str, ...]:
    return lines("name_stop_words.txt") + lines("title_bases.txt")


@cache
def _stop_word_regex() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(_stop_words()), key=len, reverse=True)))


def holds_stop_word(s: str) -> bool:
    """`s` holds a word no name holds (记者, 会议, a title's base such as 书记)."""
    return _stop_word_regex().search(s) is not None


@cache
def _major_place_names() -> frozenset[str]:
    """Full names of all divisions and short names of provinces and cities."""
    from etl.reference.divisions import divisions

    names: set[str] = set()
    for d in divisions():
        names.add(d.name)
        if d.level != "county":
            names.update(s for s in d.short_names if len(s) >= 2)
    return frozenset(names)


@cache
def _all_place_names() -> frozenset[str]:
    from etl.reference.divisions import divisions

    names: set[str] = set()
    for d in divisions():
        names.add(d.name)
        names.update(s for s in d.short_names if len(s) >= 2)
    return frozenset(names)


@cache
def _place_followers() -> tuple[str, ...]:
    """What follows a place stem: zone suffixes and division-name endings."""
    endings = ("市", "县", "区", "省", "州", "盟", "旗", "镇", "乡", "村", "街道", "社区")
    return tuple(sorted(set(lines("zone_suffixes.txt")) | set(endings), key=len, reverse=True))


def _starts_with_title(text: str) -> bool:
    from etl.reference.titles import MAX_TITLE_LEN, is_title

    return any(is_title(text[:k]) for k in range(2, min(len(text), MAX_TITLE_LEN) + 1))


def looks_like_place(candidate: str, next_text: str = "") -> bool:
    """`candidate` names a place here: a division name, or a stem that `next_text` completes
    as one (张家 + 口市, 雄安 + 新区) — unless `next_text` opens a title (李某 + 省长)."""
    if candidate in _major_place_names():
        return True
    if not next_text:
        return False
    joined = candidate + next_text[:12]
    names = _all_place_names()
    if any(joined[:k] in names for k in range(len(candidate) + 1, len(joined) + 1)):
        return not _starts_with_title(next_text)
    if next_text.startswith(_place_followers()):
        return not _starts_with_title(next_text)
    return False


_DOTTED = re.compile(r"[\u3400-\u9fff]{1,6}(?:\s*·\s*[\u3400-\u9fff]{1,6}){1,2}")


def dotted_name(s: str) -> str | None:
    """A transliterated name in parts joined by a middle dot (甲乙·丙丁, spaces around the
    dot tolerated), written without spaces; None if `s` is not one."""
    if not _DOTTED.fullmatch(s):
        return None
    name = re.sub(r"\s+", "", s)
    parts = name.split("·")
    if len(parts[0]) < 2 or any(ch in final_stop_chars() for ch in name.replace("·", "")[-1:]):
        return None
    return name


@short_text_cache(maxsize=1 << 13)
def is_plausible_unlisted_name(s: str, next_text: str = "", *, final_ok: str = "") -> bool:
    """A name with no surname from the list (乌力吉, 其木格: Mongolian, Tibetan and other
    names), 2-4 Han characters that are neither a common word, a title, a group nor a place.
    Only for items of a list of names, where the list itself says a name stands there.
    `final_ok`: characters that may end the name here although they usually end none (a
    conjunction closing an item another item follows)."""
    if not _HAN.fullmatch(s) or not 2 <= len(s) <= 4:
        return False
    if (s[-1] in final_stop_chars() and s[-1] not in final_ok) or any(ch in _inner_stop() for ch in s):
        return False
    if holds_stop_word(s):
        return False
    if is_ordinary_word(s, COMMON_WORD_MIN_FREQ) or any(is_ordinary_word(s[:k], COMMON_WORD_MIN_FREQ) for k in (2, 3)
                                                       if k < len(s)):
        return False
    return not looks_like_place(s, next_text)


@short_text_cache(maxsize=1 << 13)
def is_plausible_person_name(s: str, next_text: str = "", *, after_title: bool = False) -> bool:
    """A Han personal name: surname (single or compound) + 1-2 given characters.

    Rejects candidates with function words or non-name characters (王某某以), common
    words (安全), titles (韩省长), and place names (济南) or place stems that `next_text`
    completes (雄安 + 新区). `next_text` is the text right after the candidate. With
    `after_title` (the candidate follows a title run: 副市长高峰) a common word is allowed,
    as the title already says a name follows.
    """
    if not s or not _HAN.fullmatch(s):
        return False
    surname = surname_of(s)
    if surname is None:
        return False
    given = s[len(surname) :]
    if not 1 <= len(given) <= 2:
        return False
    if s[-1] in final_stop_chars() or any(ch in _inner_stop() for ch in given):
        return False
    if holds_stop_word(s):
        return False
    if not after_title and is_ordinary_word(s, COMMON_WORD_MIN_FREQ):
        return False
    return not looks_like_place(s, next_text)


def is_plausible_unsurnamed_name(s: str) -> bool:
    """Four Han characters with no Han surname (transliterated Tibetan, Mongolian … names),
    for where a label already says a name follows: no dictionary word inside, no place."""
    from etl.reference.jieba_words import entry

    if not re.fullmatch(r"[\u3400-\u9fff]{4}", s) or looks_like_place(s):
        return False
    if any(ch in _inner_stop() for ch in s) or holds_stop_word(s):
        return False
    return not any((e := entry(s[i : i + n])) and not e[1].startswith("nr") for n in (2, 3, 4) for i in range(5 - n))


def opens_with_place_name(text: str) -> bool:
    """`text` begins with a division's full or short name (某地网, 某地日报)."""
    return any(text[:k] in _all_place_names() for k in range(2, min(len(text), 8) + 1))
