"""One item of a list of people: '省委副书记某某', '某某书记', '王 某', '甲乙·丙丁'.

An item is an optional title run followed by a name (or a name followed by one title); an
item of titles alone lends them to the next name. A name must pass the name test (listed
surname) unless the list allows a loose one (乌力吉); a two-character name may be padded
with a space to the width of three (王 某); a dotted name (甲乙·丙丁) takes the longest
title run before it; a note in brackets after a name (甲(挂职)) is left out, or gives
its titles. Used by `etl.parse.people` to read lists and subjects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from etl.parse import lexicon, refs
from etl.parse.records import TitleMention
from etl.parse.text import trim
from etl.spans import Span

_NAME_LENGTHS = (3, 2, 4)
ITEM_JUNK = " \t\u3000,、;:。!?\"“”‘’"


@dataclass(frozen=True, slots=True)
class PersonRef:
    name: str
    span: Span
    titles: tuple[TitleMention, ...] = ()
    title_text: str | None = None


@dataclass(frozen=True, slots=True)
class NameRules:
    """Names that may not be taken as people here: leaders only mentioned, and (for the
    people of a meeting) the reporters and editors credited; and names already read as
    participants in this report (after their title, in a list), which are taken again when
    written alone although no listed surname vouches for them (布某某指出 after 主席布某某)."""

    excluded: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    # when set, every name whose verdict `known` decided is added (see `valid_name`): a
    # reading made under these rules holds under any `known` that agrees on those names
    probe: set[str] | None = field(default=None, compare=False, hash=False)


@dataclass(slots=True)
class Widening:
    """What a reading of a list turned down: whether some name would pass the loose test
    (`loose`) or the common-word test (`common`). A reading that also takes names passing
    a test no such name passes makes the same choices, and fails where this one fails."""

    loose: bool = False
    common: bool = False
    # where the reading failed for good: the start of the item after the one it turned
    # down (a list cut anywhere from there on holds the same items up to it), else -1
    failed_before: int = -1


def valid_name(name: str, rules: NameRules, next_text: str = "") -> bool:
    if name in rules.excluded:
        return False
    if name in rules.known:
        if rules.probe is not None:
            rules.probe.add(name)
        return True
    ok = (_plausible if len(name) + len(next_text) <= _SHORT else _plausible_name)(name, next_text)
    if not ok and rules.probe is not None:
        rules.probe.add(name)
    return ok


def _plausible_name(name: str, next_text: str) -> bool:
    return not name.endswith(lexicon.words("group_tails")) and refs.is_plausible_person_name(name, next_text)


# the verdict for the same name and the few characters after it is asked again for every
# way a list is cut and read: one bounded cache, for short strings only
_SHORT = 128
_plausible = lru_cache(maxsize=1 << 13)(_plausible_name)


def parse_item(
    text: str, span: Span, rules: NameRules, loose: bool = False, common: bool = False,
    widening: Widening | None = None,
) -> tuple[PersonRef | None, list[TitleMention]] | None:
    """One list item: (person, []) or (None, titles) for a title-only item; None if neither.
    With `loose`, a name without a listed surname (乌力吉) is accepted too; with `common`
    also a surname before a common word (马力). `widening` notes a name turned down that a
    looser reading would take."""
    span = trim(text, span, ITEM_JUNK)
    item = span.of(text)
    if not item:
        return None
    cut = label_end(item)
    if cut:
        span = Span(span.start + cut, span.end)
        item = item[cut:]
    suffixes = lexicon.words("name_suffixes")
    if item.endswith(suffixes):
        for suffix in suffixes:
            if item.endswith(suffix) and len(item) > len(suffix) + 1:
                span = Span(span.start, span.end - len(suffix))
                item = item[: -len(suffix)]
                break
    # the note, dotted and spaced readings each need their mark in the item
    noted = _noted_item(text, span, rules, loose, common, widening) if ")" in item else None
    if noted is not None:
        return noted, []
    if "·" in item:
        return _dotted_item(text, span, rules)
    spaced = _spaced_name(text, span, rules) if " " in item or "\t" in item or "\u3000" in item else None
    if spaced is not None:
        return spaced, []
    after = text[span.end : span.end + 4]
    for n in _NAME_LENGTHS:
        if n > len(item):
            continue
        name, title = item[-n:], item[:-n]
        if not valid_name(name, rules, after) and not (loose and _loose_name(name, rules, after)) and not (
                common and name not in rules.excluded and refs.is_common_word_name(name, after)):
            if widening is not None and name not in rules.excluded:
                would_loose, would_common = (_looser if len(name) + len(after) <= _SHORT else _looser_of)(name, after)
                widening.loose = widening.loose or (would_loose and not loose)
                widening.common = widening.common or would_common
            continue
        titles = _titles(text, Span(span.start, span.end - n)) if title else []
        if title and titles is None:
            continue
        return PersonRef(name, Span(span.end - n, span.end), tuple(titles or ())), []
    titles = _titles(text, span)
    if titles:
        return None, titles
    return _title_after_name(text, span, rules)


def label_end(item: str) -> int:
    """Where a group label opening `item` ends (省领导甲 → 3), 0 if none: 省领导, also after
    a damaged mark (�县领导) or with its first character unreadable (??领导)."""
    start = 0
    han_first = "\u3400" <= item[0] <= "\u9fff"
    unreadable = None if han_first else _UNREADABLE.match(item)
    if unreadable and item.startswith(lexicon.words("group_labels"), unreadable.end()):
        start = unreadable.end()
        han_first = "\u3400" <= item[start] <= "\u9fff"
    # a label is only looked for where one may start: its first character, or an unreadable one
    if not han_first or item[start] in _label_initials():
        rest = len(item) - start
        for label in lexicon.words("group_labels"):
            if item.startswith(label, start) and rest > len(label):
                return start + len(label)
            damaged = None if han_first or len(label) != 3 else _damaged_label(label).match(item, start)
            if damaged and len(item) > damaged.end():
                return damaged.end()
    return start


_UNREADABLE = re.compile(r"[^\u3400-\u9fff]{1,3}(?=[\u3400-\u9fff])")


@cache
def _label_initials() -> frozenset[str]:
    return frozenset(label[0] for label in lexicon.words("group_labels"))


@cache
def _damaged_label(label: str) -> re.Pattern[str]:
    return re.compile(f"[^\u3400-\u9fff]{{1,3}}{re.escape(label[1:])}")


_NOTE = re.compile(r"\(([^()]{1,12})\)$")


def _noted_item(
    text: str, span: Span, rules: NameRules, loose: bool, common: bool, widening: Widening | None
) -> PersonRef | None:
    """甲(挂职), 乙(女), 丙(县委副书记): a name with a note in brackets after it; a note
    that is a title run gives the person those titles, any other note is left out."""
    note = _NOTE.search(span.of(text))
    if note is None or note.start() == 0:
        return None
    found = parse_item(text, Span(span.start, span.start + note.start()), rules, loose, common, widening)
    if found is None or found[0] is None:
        return None
    person = found[0]
    titles = _titles(text, Span(span.start + note.start(1), span.start + note.end(1)))
    if titles and not person.titles:
        return PersonRef(person.name, person.span, tuple(titles))
    return person


_SPACED = re.compile(r"([\u3400-\u9fff])[ \t\u3000]+([\u3400-\u9fff])$")


def _spaced_name(text: str, span: Span, rules: NameRules) -> PersonRef | None:
    """[titles] 王 璞: a two-character name padded with spaces to the width of three, as
    lists are typeset; the name is read without them."""
    m = _SPACED.search(span.of(text))
    if m is None:
        return None
    name = m.group(1) + m.group(2)
    start = span.start + m.start()
    if not valid_name(name, rules, text[span.end : span.end + 4]):
        return None
    titles = _titles(text, Span(span.start, start)) if m.start() else []
    if titles is None:
        return None
    return PersonRef(name, Span(start, span.end), tuple(titles))


def _title_after_name(text: str, span: Span, rules: NameRules) -> tuple[PersonRef, list[TitleMention]] | None:
    """王建国书记: a name followed by one title."""
    item = span.of(text)
    for n in _NAME_LENGTHS:
        name, rest = item[:n], item[n:]
        if not rest or not valid_name(name, rules, rest):
            continue
        titles = refs.split_title_run(rest)
        if titles and len(titles) == 1:
            mention = TitleMention(rest, Span(span.start + n, span.end))
            return PersonRef(name, Span(span.start, span.start + n), (mention,)), []
    return None


def _loose_name(name: str, rules: NameRules, after: str) -> bool:
    if name in rules.excluded:
        return False
    return (_loose_verdict if len(name) + len(after) <= _SHORT else _loose_verdict_of)(name, after)


def _looser_of(name: str, after: str) -> tuple[bool, bool]:
    """Whether the loose test, and the common-word test, would take `name` (not excluded)."""
    return _loose_verdict_of(name, after), refs.is_common_word_name(name, after)


def _loose_verdict_of(name: str, after: str) -> bool:
    # an item that another item follows (…、某某和、…, …、某传记、…) is closed by the list mark,
    # so its last character is the name's own, not a word after it (和, 记 of 记者); so is
    # a conjunction ending the last item right before the attendance verb (…、某光和参加)
    closed = after.startswith("、") and name[-1:] not in lexicon.words("list_closers")
    closed = closed or (name[-1:] in lexicon.words("name_joiners")
                        and after.startswith(lexicon.words("attendance_cues")))
    return refs.is_plausible_unlisted_name(name, after, final_ok=name[-1] if closed else "")


_loose_verdict = lru_cache(maxsize=1 << 13)(_loose_verdict_of)
_looser = lru_cache(maxsize=1 << 13)(_looser_of)



def _dotted_item(text: str, span: Span, rules: NameRules) -> tuple[PersonRef | None, list[TitleMention]] | None:
    """[titles] 甲乙·丙丁: the longest title run before a dotted name."""
    item = span.of(text)
    for k in range(len(item) - 3):
        name = refs.dotted_name(item[k:])
        if name is None or name in rules.excluded:
            continue
        titles = _titles(text, Span(span.start, span.start + k)) if k else []
        if titles is None:
            continue
        return PersonRef(name, Span(span.start + k, span.end), tuple(titles)), []
    return None


_UNKNOWN_ORG = re.compile(r"^[\u3400-\u9fff]{1,24}$")


def _titles(text: str, span: Span) -> list[TitleMention] | None:
    parts = _title_parts(span.of(text))
    if not parts:
        return None
    out: list[TitleMention] = []
    pos = span.start
    for part in parts:
        at = text.find(part, pos, span.end)
        if at < 0:
            return None
        out.append(TitleMention(part, Span(at, at + len(part))))
        pos = at + len(part)
    return out


def _title_parts(run: str) -> tuple[str, ...] | None:
    # the same runs come again for every way a list is cut and read
    return (_cached_title_parts if len(run) <= 256 else _title_parts_of)(run)


def _title_parts_of(run: str) -> tuple[str, ...] | None:
    parts = refs.split_title_run(run) or _with_unknown_organ(run)
    return tuple(parts) if parts else None


_cached_title_parts = lru_cache(maxsize=1 << 12)(_title_parts_of)


def _with_unknown_organ(run: str) -> list[str] | None:
    """高新区管委会主任: an organ the lexicon does not know before a known title; the whole
    is kept as one title. The organ ends like an organisation (区, 局, 委 …), so it may
    take in a level word the title found opens with when it also ends zone names
    (新 + 区党工委书记 → 新区 + 党工委书记)."""
    found = refs.title_run_before(run, len(run))
    if not found or found[0] == 0:
        return None
    start, titles = found
    first_end = start + len(titles[0])
    for cut in range(start, first_end - 1):
        organ, first = run[:cut], run[cut:first_end]
        if not _UNKNOWN_ORG.match(organ) or any(ch in organ for ch in _ORGAN_STOP) or marker_regex().search(organ):
            return None
        taken = run[start:cut]
        single = refs.split_title_run(first) == [first]
        # the organ may take back a level word (新 + 区党工委书记), or a whole head the title
        # found was read with (某地指导组 + 组长: 赴某地指导组组长)
        if taken and taken not in lexicon.words("organ_title_overlap") and not (
                single and len(taken) >= 3 and taken.endswith(lexicon.words("organ_endings"))):
            continue
        if organ.endswith(lexicon.words("organ_endings")) and single:
            return [organ + first] + titles[1:]
    return None


_ORGAN_STOP = frozenset("的了和与是等要及或把被向从这那其各")


@cache
def marker_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("subject_markers")))


_TITLED_RUN = re.compile(r"[\u3400-\u9fff]{4,24}")


def looks_titled(text: str, span: Span, rules: NameRules) -> bool:
    """某某督导专员李明华: a name after a run of Han characters ending like a title that the
    lexicon cannot read; not read as a person, but no reason to stop reading the list of
    people before it either."""
    phrase = span.of(text)
    if not _TITLED_RUN.fullmatch(phrase):
        return False
    for n in (3, 2):
        name, head = phrase[-n:], phrase[:-n]
        if len(head) >= 2 and head[-1] in refs.title_final_chars() and valid_name(name, rules) and not (
                set(head) & _ORGAN_STOP or marker_regex().search(head)):
            return True
    return False
