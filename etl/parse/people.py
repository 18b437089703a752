"""People in subject position: '省委副书记、省长某某', '省领导甲、乙,省政府秘书长丙在…'.

A subject is the text before a role cue (主持, 出席, 强调 …). It is read as comma-separated
parts; each part is a 、-list of items, each item an optional title run followed by a
name; an item that is only titles lends them to the next name (省委副书记、省长某某), and
titles several people hold pass along the list (副县长甲、乙). An item may join names and
groups (甲及专家组成员, 甲等县领导, 甲 乙); names may be dotted (甲乙·丙丁), padded (王 某) or, inside a list
of ordinary names, lack a listed surname (乌力吉). The
last part may end in an adverbial (在会上, 以视频形式, 对…工作) that starts with a subject
marker. Parts that name groups (有关负责同志) are skipped; the first part that is neither
people nor a group (a date, 会上, narrative) ends the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from etl.parse import lexicon, refs
from etl.parse.records import TitleMention
from etl.parse.text import comma_parts, list_items, trim
from etl.spans import Span

SubjectKind = Literal["persons", "pronoun", "meeting", "none"]

_NAME_LENGTHS = (3, 2, 4)
_ITEM_JUNK = " \t\u3000,、;:。!?\"“”‘’"


@dataclass(frozen=True, slots=True)
class PersonRef:
    name: str
    span: Span
    titles: tuple[TitleMention, ...] = ()
    title_text: str | None = None


@dataclass(slots=True)
class Subject:
    kind: SubjectKind
    span: Span
    persons: list[PersonRef] = field(default_factory=list)
    adverbial: Span | None = None
    text: str = ""  # as written: 他 / 会议 / the names


@dataclass(frozen=True, slots=True)
class NameRules:
    """Names that may not be taken as people here: leaders only mentioned, and (for the
    people of a meeting) the reporters and editors credited; and names already read as
    participants in this report (after their title, in a list), which are taken again when
    written alone although no listed surname vouches for them (布某某指出 after 主席布某某)."""

    excluded: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()


def valid_name(name: str, rules: NameRules, next_text: str = "") -> bool:
    if name in rules.excluded:
        return False
    if name in rules.known:
        return True
    if any(name.endswith(t) for t in lexicon.words("group_tails")):
        return False
    return refs.is_plausible_person_name(name, next_text)


def parse_item(
    text: str, span: Span, rules: NameRules, loose: bool = False
) -> tuple[PersonRef | None, list[TitleMention]] | None:
    """One list item: (person, []) or (None, titles) for a title-only item; None if neither.
    With `loose`, a name without a listed surname (乌力吉) is accepted too."""
    span = trim(text, span, _ITEM_JUNK)
    item = span.of(text)
    if not item:
        return None
    unreadable = re.match(r"[^\u3400-\u9fff]{1,3}(?=[\u3400-\u9fff])", item)
    if unreadable and any(item[unreadable.end() :].startswith(label) for label in lexicon.words("group_labels")):
        span = Span(span.start + unreadable.end(), span.end)  # �县领导: a damaged mark before a label
        item = item[unreadable.end() :]
    for label in lexicon.words("group_labels"):
        if item.startswith(label) and len(item) > len(label):
            span = Span(span.start + len(label), span.end)
            item = item[len(label) :]
            break
        damaged = re.match(f"[^\u3400-\u9fff]{{1,3}}{re.escape(label[1:])}", item)
        if len(label) == 3 and damaged and len(item) > damaged.end():  # ??领导: 县领导 with 县 unreadable
            span = Span(span.start + damaged.end(), span.end)
            item = item[damaged.end() :]
            break
    for suffix in lexicon.words("name_suffixes"):
        if item.endswith(suffix) and len(item) > len(suffix) + 1:
            span = Span(span.start, span.end - len(suffix))
            item = item[: -len(suffix)]
            break
    if "·" in item:
        return _dotted_item(text, span, rules)
    spaced = _spaced_name(text, span, rules)
    if spaced is not None:
        return spaced, []
    after = text[span.end : span.end + 4]
    for n in _NAME_LENGTHS:
        if n > len(item):
            continue
        name, title = item[-n:], item[:-n]
        if not valid_name(name, rules, after) and not (loose and _loose_name(name, rules, after)):
            continue
        titles = _titles(text, Span(span.start, span.end - n)) if title else []
        if title and titles is None:
            continue
        return PersonRef(name, Span(span.end - n, span.end), tuple(titles or ())), []
    titles = _titles(text, span)
    if titles:
        return None, titles
    return _title_after_name(text, span, rules)


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
    # an item that another item follows (…、布和、…, …、郑传记、…) is closed by the list mark,
    # so its last character is the name's own, not a word after it (和, 记 of 记者); so is
    # a conjunction ending the last item right before the attendance verb (…、某光和参加)
    closed = after.startswith("、") and name[-1:] not in lexicon.words("list_closers")
    closed = closed or (name[-1:] in lexicon.words("name_joiners")
                        and after.startswith(lexicon.words("attendance_cues")))
    return name not in rules.excluded and refs.is_plausible_unlisted_name(name, after, final_ok=name[-1] if closed else "")


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
    run = span.of(text)
    parts = refs.split_title_run(run) or _with_unknown_organ(run)
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
        if not _UNKNOWN_ORG.match(organ) or any(ch in organ for ch in _ORGAN_STOP) or _marker_regex().search(organ):
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


def parse_list(text: str, span: Span, rules: NameRules) -> list[PersonRef] | None:
    """A 、-list of people; None unless every item is a person, titles or a group.

    Titles before a list apply to each name that has none of its own (副县长甲、乙 → both
    副县长) when several people may hold them. A name without a listed surname (乌力吉) is taken only in a list that also
    holds more ordinary names than such names, or when its own titles precede it."""
    strict = _parse_list(text, span, rules, loose=False)
    if strict is not None:
        return strict[0] or None
    loose = _parse_list(text, span, rules, loose=True)
    if loose is None:
        return None
    persons, unlisted = loose
    listed = len(persons) - len(unlisted)
    bare = [p for p in unlisted if not p.titles]
    if bare and listed < max(2, len(bare)):
        return None
    return persons or None


def _parse_list(text: str, span: Span, rules: NameRules, loose: bool) -> tuple[list[PersonRef], list[PersonRef]] | None:
    """(persons, those taken by the loose name test with their own titles) or None."""
    persons: list[PersonRef] = []
    unlisted: list[PersonRef] = []
    pending: list[TitleMention] = []
    shared: tuple[TitleMention, ...] = ()
    for item_span in list_items(text, span):
        if not trim(text, item_span, _ITEM_JUNK):
            continue
        parsed = parse_item(text, item_span, rules, loose)
        if parsed is None:
            pieces = _split_item(text, item_span, rules, loose)
            if pieces is None and _is_group(trim(text, item_span, _ITEM_JUNK).of(text)):
                pieces = []
            if pieces is None:
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


def _shareable(titles: tuple[TitleMention, ...]) -> tuple[TitleMention, ...]:
    """Titles that several people may hold (副县长, 县委常委) pass to the untitled names after
    them; a post held by one person (县长) does not."""
    marks = lexicon.words("shared_title_marks")
    return titles if titles and all(any(m in t.title for m in marks) for t in titles) else ()


def _ends_with_person(text: str, span: Span, pieces: list[PersonRef]) -> bool:
    return trim(text, span, _ITEM_JUNK).end == pieces[-1].span.end


def _title_text(text: str, titles: tuple[TitleMention, ...]) -> str | None:
    return text[titles[0].span.start : titles[-1].span.end] if titles else None


@cache
def _piece_regex() -> re.Pattern[str]:
    joiners = lexicon.alternation(lexicon.words("name_joiners") + lexicon.words("list_closers"))
    return re.compile(f"{joiners}|[ \t\u3000]+")


def _split_item(text: str, span: Span, rules: NameRules, loose: bool) -> list[PersonRef] | None:
    """甲和乙, 甲及丙组长乙和专家组成员, 甲等县领导, 甲 乙 丙: people and groups joined by a
    conjunction or a space, or closed by 等; every piece must be a person or a group, and one
    at least a person."""
    span = trim(text, span, _ITEM_JUNK)
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
        piece = trim(text, Span(start, end), _ITEM_JUNK)
        if not len(piece):
            continue
        parsed = parse_item(text, piece, rules, loose)
        if parsed and parsed[0]:
            persons.append(parsed[0])
        elif not _is_group(piece.of(text)):
            return None
    return persons or None


_PARENTHESES = re.compile(r"\([^()]{0,8}\)")


def _is_group(phrase: str) -> bool:
    """Phrases naming groups: 有关负责同志, titles with no name (市委常委 = its holders), or
    a list of posts ending in one (市府办、市人大办主任; 各镇(街道)党(工)委书记等)."""
    phrase = _PARENTHESES.sub("", phrase)
    for closer in lexicon.words("list_closers"):
        phrase = phrase.removesuffix(closer)
    if not phrase:
        return False
    if any(phrase.endswith(t) for t in lexicon.words("group_tails")) or refs.split_title_run(phrase) is not None:
        return True
    last = re.split("[、,]", phrase)[-1]
    return refs.title_run_before(last, len(last)) is not None


@cache
def _marker_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("subject_markers")))


def _parse_with_adverbial(text: str, span: Span, rules: NameRules) -> tuple[list[PersonRef], Span | None] | None:
    """People at the start of `span`, then nothing or an adverbial opened by a marker. The
    whole span is tried first: a marker may open a name (于, 代 are surnames too)."""
    cuts = [m.start() for m in _marker_regex().finditer(text, span.start, span.end) if m.start() > span.start]
    for cut in [span.end] + cuts:
        persons = parse_list(text, Span(span.start, cut), rules)
        if persons:
            adverbial = Span(cut, span.end) if cut < span.end else None
            return persons, adverbial
    return None


def _starts_with_word(phrase: str, word_list: str) -> str | None:
    for word in sorted(lexicon.words(word_list), key=len, reverse=True):
        if phrase.startswith(word):
            rest = phrase[len(word) :]
            if not rest or _marker_regex().match(rest):
                return word
    return None


def parse_subject(text: str, region: Span, rules: NameRules) -> Subject:
    """The subject of a cue whose preceding text (from the clause group start) is `region`."""
    region = trim(text, region, " \t\u3000,、;:")
    parts = comma_parts(text, region)
    if not parts:
        return Subject("none", region)
    last = trim(text, parts[-1], _ITEM_JUNK)
    phrase = last.of(text)
    for kind, word_list in (("pronoun", "pronouns"), ("meeting", "meeting_subjects")):
        word = _starts_with_word(phrase, word_list)
        if word:
            span = Span(last.start, last.start + len(word))
            adverbial = Span(span.end, last.end) if span.end < last.end else None
            return Subject(kind, span, adverbial=adverbial, text=word)  # type: ignore[arg-type]
    passive = re.match(r"^(?:会议)?由", phrase)
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
        part = trim(text, part, _ITEM_JUNK)
        if not len(part):
            continue
        earlier = parse_list(text, part, rules)
        if earlier:
            persons = earlier + persons
            start = part.start
        elif not _is_group(part.of(text)):
            break
    if not persons:
        return Subject("none", region)
    span = Span(start, last.end if adverbial is None else adverbial.start)
    return Subject("persons", span, persons, adverbial, text=span.of(text))


def _group_adverbial(text: str, span: Span) -> Span | None:
    """For a part naming a group (…负责同志在各会场): its adverbial, or an empty span at its
    end; None when the part is not a group."""
    if _is_group(span.of(text)):
        return Span(span.end, span.end)
    for m in _marker_regex().finditer(text, span.start, span.end):
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
