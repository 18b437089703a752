"""The parser's one door to reference data (etl.reference): names, titles, places, years.

Everything the parser needs from the reference lexicons goes through these thin
wrappers, so the rest of etl/parse depends only on the small types defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl import reference as _ref
from etl.reference import places as _places
from etl.reference._cache import short_text_cache
from etl.spans import Span

_CJK_NAME = re.compile(r"^[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)*$")


@dataclass(frozen=True, slots=True)
class Place:
    span: Span  # in the text given to `find_places`
    as_written: str
    name: str  # standard name where resolved (某某市), a zone as written
    kind: str  # "division" | "zone" | "town"
    code: str | None = None
    level: str | None = None  # province / city / county / zone (None for a town)
    province: str | None = None
    form: str = "full"  # full / short / abbreviation (湘 in 入湘) / zone / town


def split_title_run(text: str) -> list[str] | None:
    """'省委副书记、省长' → ['省委副书记', '省长']; None when `text` is not only titles."""
    return _ref.split_title_run(text) if text else None


def title_run_before(text: str, end: int) -> tuple[int, list[str]] | None:
    """(start, titles) of the run of known titles ending at `end`, or None."""
    run = _ref.title_run_before(text, end)
    return (run.start, list(run.titles)) if run else None


def title_run_ends_from_start(text: str) -> set[int]:
    """Every end of a run of known titles starting at 0 (see `title_run_before`)."""
    return _ref.title_run_ends_from_start(text)


def dotted_name(written: str) -> str | None:
    """甲乙 · 丙丁 (a transliterated name, spaces around the dot tolerated) → 甲乙·丙丁."""
    from etl.reference.names import dotted_name as _dotted

    return _dotted(written)


@short_text_cache(maxsize=1 << 13)
def is_plausible_unlisted_name(name: str, next_text: str = "", final_ok: str = "") -> bool:
    """A 2-4 character name with no listed surname (乌力吉), for items of a name list;
    `final_ok`: characters allowed to end it although they usually end no name."""
    from etl.reference.names import is_plausible_unlisted_name as _unlisted

    return _unlisted(name, next_text, final_ok=final_ok)


@short_text_cache(maxsize=1 << 13)
def is_plausible_person_name(name: str, next_text: str = "") -> bool:
    """A personal name: Han characters (with · between parts), never punctuation or '?'."""
    if not _CJK_NAME.match(name) or not 2 <= len(name) <= 12:
        return False
    if "·" in name:  # transliterated names (甲·乙) have no surname to test, but hold no
        # word a name never holds (某日报·某网记者 is an outlet's byline)
        from etl.reference.names import holds_stop_word

        return all(len(part) >= 2 for part in name.split("·")) and not holds_stop_word(name)
    return bool(_ref.is_plausible_person_name(name, next_text))


@cache
def title_final_chars() -> frozenset[str]:
    """Last characters of the base titles (书记 → 记, 局长 → 长)."""
    from etl.reference.places import _title_final_chars

    return _title_final_chars()


@short_text_cache()
def is_common_word_name(name: str, next_text: str = "") -> bool:
    """A listed surname with a common noun or numeral after it (马力, 江山, 万里): a name
    only where a list of ordinary names says one stands there; never a function word or
    verb or adjective (关于, 宣传, 安全)."""
    from etl.reference.jieba_words import entry
    from etl.reference.names import is_plausible_person_name as _name

    if not 2 <= len(name) <= 3 or not _name(name, next_text, after_title=True):
        return False
    found = entry(name)
    return found is None or not found[1].startswith(_NOT_NAME_TAGS)


_NOT_NAME_TAGS = ("p", "c", "d", "u", "r", "v", "f", "a")


def is_plausible_unsurnamed_name(name: str) -> bool:
    """Four Han characters with no Han surname (transliterated Tibetan, Mongolian … names),
    for where a label already says a name follows: no dictionary word inside, no place."""
    from etl.reference.names import is_plausible_unsurnamed_name as _unsurnamed

    return _unsurnamed(name)


def find_places(text: str) -> list[Place]:
    """Places the gazetteer finds in `text` (spans relative to `text`)."""
    return list(_find_places(text))


@lru_cache(maxsize=8)
def _find_places(text: str) -> tuple[Place, ...]:
    return tuple(
        Place(
            span=m.span,
            as_written=m.as_written,
            name=m.name,
            kind=m.kind,
            code=m.code,
            level=m.level,
            province=m.province,
            form=m.form,
        )
        for m in _ref.find_places(text)
    )


def opens_with_place_name(text: str) -> bool:
    """`text` begins with a division name or its short form (仙居 of 仙居县), as outlet
    names do (某地网, 某地日报)."""
    from etl.reference.names import opens_with_place_name as _opens

    return _opens(text)


def names_outlet(text: str, span: Span) -> bool:
    """The place at `span` begins a news outlet's or site's name (某某日报, 某某新闻网)."""
    return _places.names_outlet(text, span.end)


def inside_title(text: str, span: Span) -> bool:
    """The place at `span` is part of an official title (某某市委书记)."""
    return _places.inside_title(text, span.start, span.end)


def has_surname(name: str) -> bool:
    """`name` opens with a surname of the list (single or compound)."""
    return _ref.surname_of(name) is not None


def is_municipality(name: str) -> bool:
    """A provincial-level city (直辖市: 北京市, 上海市 …), by its full name."""
    return name.endswith("市") and any(d.level == "province" and d.name == name for d in _ref.divisions_named(name))


def parent_city(code: str) -> str | None:
    """The full name of the prefecture-level city a county-level division lies in."""
    division = _ref.division_by_code(code)
    parent = _ref.parent_of(division) if division else None
    return parent.name if parent is not None and parent.level == "city" else None


def is_chrome_line(line: str) -> bool:
    """A line of page chrome (navigation, source, tip-off notice): not article text."""
    return _places.is_chrome_line(line)


def infer_year(text: str, month: int | None) -> tuple[int | None, list[str]]:
    """(year, markers it rests on); the year is None unless the markers settle it."""
    year, markers = _ref.infer_year(text, month)
    return year, [str(m) for m in markers]


def categorise(text: str) -> list[str]:
    """Directive category codes whose keywords occur in `text`."""
    return _ref.categorise(text)
