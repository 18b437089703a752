"""People in subject position: '省委副书记、省长某某', '省领导甲、乙,省政府秘书长丙在…'.

A subject is the text before a role cue (主持, 出席, 强调 …). It is read as comma-separated
parts; each part is a 、-list of items, each item an optional title run followed by a
name; an item that is only titles lends them to the next name (省委副书记、省长某某), and
titles several people hold pass along the list (副县长甲、乙). An item may join names and
groups (甲及专家组成员, 甲等县领导, 甲 乙); one item is read by `etl.parse.name_items`; a
name without a listed surname (乌力吉) is taken only inside a list of ordinary names. The
last part may end in an adverbial (在会上, 以视频形式, 对…工作) that starts with a subject
marker. Parts that name groups (有关负责同志) are skipped; the first part that is neither
people nor a group (a date, 会上, narrative) ends the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from etl.parse import lexicon, refs
from etl.parse.name_items import (
    ITEM_JUNK,
    NameRules,
    PersonRef,
    Widening,
    looks_titled,
    marker_regex,
    parse_item,
    valid_name,
)
from etl.parse.records import TitleMention
from etl.parse.text import comma_parts, list_items, trim
from etl.spans import Span

SubjectKind = Literal["persons", "pronoun", "meeting", "none"]


@dataclass(slots=True)
class Subject:
    kind: SubjectKind
    span: Span
    persons: list[PersonRef] = field(default_factory=list)
    adverbial: Span | None = None
    text: str = ""  # as written: 他 / 会议 / the names


def parse_list(text: str, span: Span, rules: NameRules) -> list[PersonRef] | None:
    """A 、-list of people; None unless every item is a person, titles or a group.

    Titles before a list apply to each name that has none of its own (副县长甲、乙 → both
    副县长) when several people may hold them. A name without a listed surname (乌力吉) is taken only in a list that also
    holds more ordinary names than such names, or when its own titles precede it."""
    return _read_list(text, span, rules)[0]


def _read_list(text: str, span: Span, rules: NameRules) -> tuple[list[PersonRef] | None, int]:
    """`parse_list`, and where it failed for good: when every reading made failed at an
    item with another after it, the largest start of that next item (a list from the same
    start cut anywhere from there on is read the same up to it, and fails), else -1."""
    # a looser reading is made only when the reading before it turned down a name that
    # it would take: else it makes the same choices and fails too (see `Widening`)
    turned_down = Widening()
    strict = _parse_list(text, span, rules, loose=False, widening=turned_down)
    if strict is not None:
        return strict[0] or None, -1
    failed = turned_down.failed_before
    if turned_down.loose:
        turned_down = Widening()
        loose = _parse_list(text, span, rules, loose=True, widening=turned_down)
        if loose is not None:
            persons, unlisted = loose
            listed = len(persons) - len(unlisted)
            bare = [p for p in unlisted if not p.titles]
            return None if bare and listed < max(2, len(bare)) else persons or None, -1
        failed = -1 if failed < 0 or turned_down.failed_before < 0 else max(failed, turned_down.failed_before)
    if not turned_down.common:
        return None, failed
    # 甲、马力、乙、丙: a name that is also a common word, only in a list of names alone
    # (no group, no joined pieces) where ordinary names are at least twice as many
    tried = Widening()  # its flags are not used: only where the reading failed
    common = _parse_list(text, span, rules, loose=True, common=True, widening=tried)
    if common is None:
        return None, -1 if failed < 0 or tried.failed_before < 0 else max(failed, tried.failed_before)
    persons, unlisted = common
    bare = [p for p in unlisted if not p.titles]
    return (persons if len(persons) - len(unlisted) >= max(2, 2 * len(bare)) else None), -1


def _parse_list(
    text: str, span: Span, rules: NameRules, loose: bool, common: bool = False, widening: Widening | None = None
) -> tuple[list[PersonRef], list[PersonRef]] | None:
    """(persons, those taken by the loose name test with their own titles) or None. With
    `common`, every item must be one person or titles; `widening`: see `parse_item`."""
    persons: list[PersonRef] = []
    unlisted: list[PersonRef] = []
    pending: list[TitleMention] = []
    shared: tuple[TitleMention, ...] = ()
    items = list_items(text, span)
    for at, item_span in enumerate(items):
        if not trim(text, item_span, ITEM_JUNK):
            continue
        parsed = parse_item(text, item_span, rules, loose, common, widening)
        if parsed is None and common:
            _failed(widening, items, at)
            return None
        if parsed is None:
            pieces = _split_item(text, item_span, rules, loose, widening)
            if pieces is None and _is_group(trim(text, item_span, ITEM_JUNK).of(text)):
                pieces = []
            if pieces is None and looks_titled(text, trim(text, item_span, ITEM_JUNK), rules):
                pieces = []  # 甲、某某督导专员乙、丙: the item is passed over, the list kept
            if pieces is None:
                _failed(widening, items, at)
                return None
            for person in pieces:
                own = tuple(pending) + person.titles
                titles = own or shared
                persons.append(PersonRef(person.name, person.span, titles, _title_text(text, titles)))
                shared = _shareable(titles)
                pending = []
            if not pieces or not _ends_with_person(text, item_span, pieces):
                pending, shared = [], ()
            continue
        found, item_titles = parsed
        if found is None:
            pending.extend(item_titles)
            continue
        person = found
        own = tuple(pending) + person.titles
        if loose and not valid_name(person.name, rules, text[person.span.end : person.span.end + 4]):
            unlisted.append(PersonRef(person.name, person.span, own))
        all_titles = own or shared
        persons.append(PersonRef(person.name, person.span, all_titles, _title_text(text, all_titles)))
        shared = _shareable(all_titles)
        pending = []
    if pending:
        return None
    return persons, unlisted


def _failed(widening: Widening | None, items: list[Span], at: int) -> None:
    if widening is not None and at + 1 < len(items):
        widening.failed_before = items[at + 1].start


def _shareable(titles: tuple[TitleMention, ...]) -> tuple[TitleMention, ...]:
    """Titles that several people may hold (副县长, 县委常委) pass to the untitled names after
    them; a post held by one person (县长) does not."""
    marks = lexicon.words("shared_title_marks")
    return titles if titles and all(any(m in t.title for m in marks) for t in titles) else ()


def _ends_with_person(text: str, span: Span, pieces: list[PersonRef]) -> bool:
    return trim(text, span, ITEM_JUNK).end == pieces[-1].span.end


def _title_text(text: str, titles: tuple[TitleMention, ...]) -> str | None:
    return text[titles[0].span.start : titles[-1].span.end] if titles else None


@cache
def _piece_regex() -> re.Pattern[str]:
    joiners = lexicon.alternation(lexicon.words("name_joiners") + lexicon.words("list_closers"))
    return re.compile(f"{joiners}|[ \t\u3000]+")


def _split_item(
    text: str, span: Span, rules: NameRules, loose: bool, widening: Widening | None = None
) -> list[PersonRef] | None:
    """甲和乙, 甲及丙组长乙和专家组成员, 甲等县领导, 甲 乙 丙: people and groups joined by a
    conjunction or a space, or closed by 等; every piece must be a person or a group, and one
    at least a person."""
    span = trim(text, span, ITEM_JUNK)
    joiners = lexicon.words("name_joiners")
    # a conjunction joins only with something after it: 巴图孟和 is one name, not 巴图孟 + 和
    cuts = [m for m in _piece_regex().finditer(text, span.start, span.end)
            if span.start < m.start() and not (m.end() == span.end and m.group(0) in joiners)]
    if not cuts:
        return None
    bounds = [span.start]
    for m in cuts:
        if m.start() > bounds[-1]:
            bounds.extend([m.start(), m.end()])
    bounds.append(span.end)
    persons: list[PersonRef] = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        piece = trim(text, Span(start, end), ITEM_JUNK)
        if not len(piece):
            continue
        parsed = parse_item(text, piece, rules, loose, widening=widening)
        if parsed and parsed[0]:
            persons.append(parsed[0])
        elif not _is_group(piece.of(text)):
            return None
    return persons or None


_PARENTHESES = re.compile(r"\([^()]{0,8}\)")
_LIST_MARK = re.compile("[、,]")
_PASSIVE = re.compile(r"^(?:会议)?由")


def _is_group(phrase: str) -> bool:
    """Phrases naming groups: 有关负责同志, titles with no name (市委常委 = its holders), or
    a list of posts ending in one (市府办、市人大办主任; 各镇(街道)党(工)委书记等)."""
    return (_cached_is_group if len(phrase) <= 256 else _is_group_of)(phrase)


def _is_group_of(phrase: str) -> bool:
    phrase = _PARENTHESES.sub("", phrase)
    for closer in lexicon.words("list_closers"):
        phrase = phrase.removesuffix(closer)
    if not phrase:
        return False
    if phrase.endswith(lexicon.words("group_tails")) or refs.split_title_run(phrase) is not None:
        return True
    last = _LIST_MARK.split(phrase)[-1]
    return refs.title_run_before(last, len(last)) is not None


_cached_is_group = lru_cache(maxsize=1 << 12)(_is_group_of)


def _parse_with_adverbial(text: str, span: Span, rules: NameRules) -> tuple[list[PersonRef], Span | None] | None:
    """People at the start of `span`, then nothing or an adverbial opened by a marker. The
    whole span is tried first: a marker may open a name (于, 代 are surnames too)."""
    cuts = [m.start() for m in marker_regex().finditer(text, span.start, span.end) if m.start() > span.start]
    dead = span.end + 1  # cuts from here on hold a list that fails (see `_read_list`)
    for cut in [span.end] + cuts:
        if cut >= dead:
            continue
        persons, failed = _read_list(text, Span(span.start, cut), rules)
        if persons:
            adverbial = Span(cut, span.end) if cut < span.end else None
            return persons, adverbial
        if 0 <= failed < dead:
            dead = failed
    return None


def _starts_with_word(phrase: str, word_list: str) -> str | None:
    for word in _longest_first(word_list):
        if phrase.startswith(word):
            rest = phrase[len(word) :]
            if not rest or marker_regex().match(rest):
                return word
    return None


@cache
def _longest_first(word_list: str) -> tuple[str, ...]:
    return tuple(sorted(lexicon.words(word_list), key=len, reverse=True))


def parse_subject(text: str, region: Span, rules: NameRules) -> Subject:
    """The subject of a cue whose preceding text (from the clause group start) is `region`."""
    region = trim(text, region, " \t\u3000,、;:")
    parts = comma_parts(text, region)
    if not parts:
        return Subject("none", region)
    last = trim(text, parts[-1], ITEM_JUNK)
    phrase = last.of(text)
    for kind, word_list in (("pronoun", "pronouns"), ("meeting", "meeting_subjects")):
        word = _starts_with_word(phrase, word_list)
        if word:
            span = Span(last.start, last.start + len(word))
            adverbial = Span(span.end, last.end) if span.end < last.end else None
            return Subject(kind, span, adverbial=adverbial, text=word)  # type: ignore[arg-type]
    passive = _PASSIVE.match(phrase)
    if passive:
        last = Span(last.start + passive.end(), last.end)
    found = _parse_with_adverbial(text, last, rules) if len(last) else None
    if found is None:
        adverbial = _group_adverbial(text, last)
        if adverbial is None:
            return Subject("none", region)
        persons: list[PersonRef] = []
    else:
        persons, adverbial = found
    start = last.start
    for part in reversed(parts[:-1]):
        part = trim(text, part, ITEM_JUNK)
        if not len(part):
            continue
        earlier = parse_list(text, part, rules) or _bare_unlisted(text, part, rules, persons)
        if earlier:
            persons = earlier + persons
            start = part.start
        elif not _is_group(part.of(text)) and not looks_titled(text, part, rules):
            break
    if not persons:
        return Subject("none", region)
    span = Span(start, last.end if adverbial is None else adverbial.start)
    return Subject("persons", span, persons, adverbial, text=span.of(text))


def _bare_unlisted(text: str, part: Span, rules: NameRules, after: list[PersonRef]) -> list[PersonRef] | None:
    """副县长甲,乙,丙参加: a comma part that is only a name of 2-3 characters whose surname
    the list lacks, among parts that are people (the part after it already is)."""
    item = part.of(text)
    if not after or not 2 <= len(item) <= 3 or item in rules.excluded:
        return None
    if not refs.is_plausible_unlisted_name(item, text[part.end : part.end + 4]):
        return None
    return [PersonRef(item, part)]


def _group_adverbial(text: str, span: Span) -> Span | None:
    """For a part naming a group (…负责同志在各会场): its adverbial, or an empty span at its
    end; None when the part is not a group."""
    if _is_group(span.of(text)):
        return Span(span.end, span.end)
    for m in marker_regex().finditer(text, span.start, span.end):
        if m.start() > span.start and _is_group(text[span.start : m.start()]):
            return Span(m.start(), span.end)
    return None


def split_run_into_names(text: str, span: Span, names: frozenset[str]) -> list[PersonRef] | None:
    """'甲乙丙丁' written without separators (as in headlines) → known names, or None."""
    run = span.of(text)
    out: list[PersonRef] = []
    pos = 0
    while pos < len(run):
        for n in (3, 2, 4):
            if run[pos : pos + n] in names:
                out.append(PersonRef(run[pos : pos + n], Span(span.start + pos, span.start + pos + n)))
                pos += n
                break
        else:
            return None
    return out or None
