"""Find places in text: divisions by full or short name, province abbreviations in fixed
patterns (入鄂, 鄂籍), and special zones (雄安新区, 株洲高新区).

Short names are taken only where jieba's segmentation (with the division names added)
puts word boundaries around them, so 东方 is not found inside 东方红; common-word short
names (place_short_name_stoplist.txt, plus frequent non-place words of jieba's
dictionary) are left to their full forms. Ambiguous names are resolved with the province
the text itself names most often, or `province_hint`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from etl.reference._data import csv_rows, lines
from etl.reference.divisions import Division, divisions, divisions_named, resolve
from etl.reference.jieba_words import is_function_word, is_ordinary_word
from etl.spans import Span

PlaceKind = Literal["division", "zone"]
PlaceForm = Literal["full", "short", "abbreviation", "zone"]
MAX_NAME_LEN = 16
MAX_ZONE_STEM = 4
# A county short name that jieba's dictionary holds as another kind of word at least this
# often (资源, 比如, 合作) is not taken for a place when written alone.
COMMON_WORD_MIN_FREQ = 300
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    span: Span
    as_written: str
    division: Division | None  # the division named, or for a zone the one it lies in
    kind: PlaceKind
    form: PlaceForm = "full"
    candidates: tuple[Division, ...] = ()  # every division the name may stand for

    @property
    def name(self) -> str:
        """Standard name: the division's full name; a zone as written (株洲高新区)."""
        if self.kind == "division" and self.division is not None:
            return self.division.name
        return self.as_written

    @property
    def level(self) -> str | None:
        return "zone" if self.kind == "zone" else (self.division.level if self.division else None)

    @property
    def code(self) -> str | None:
        return self.division.code if self.kind == "division" and self.division else None

    @property
    def province(self) -> str | None:
        return self.division.province if self.division else None


@cache
def _name_forms() -> dict[str, PlaceForm]:
    """Matchable names (2+ characters) → 'full' or 'short' (full wins)."""
    forms: dict[str, PlaceForm] = {}
    blocked = _blocked_short_names()
    for d in divisions():
        for short in d.short_names:
            if len(short) >= 2 and short not in blocked:
                forms.setdefault(short, "short")
    for d in divisions():
        forms[d.name] = "full"
    return forms


@cache
def _blocked_short_names() -> frozenset[str]:
    blocked = set(lines("place_short_name_stoplist.txt"))
    higher = {s for d in divisions() if d.level != "county" for s in d.short_names}
    for d in divisions():
        if d.level == "county":
            blocked.update(
                s
                for s in d.short_names
                if s not in higher and is_ordinary_word(s, COMMON_WORD_MIN_FREQ, keep_tags=("ns",))
            )
    return frozenset(blocked)


@cache
def _abbreviation_patterns() -> tuple[re.Pattern[str], dict[str, Division]]:
    usable = {r["abbreviation"] for r in csv_rows("province_abbreviations.csv") if r["in_patterns"] == "yes"}
    by_abbr = {s: d for d in divisions() if d.level == "province" for s in d.abbreviations if s in usable}
    chars = "".join(sorted(by_abbr))
    alternatives = [
        re.escape(p).replace(r"\{\}", f"(?P<a{i}>[{chars}])")
        for i, p in enumerate(lines("province_abbreviation_patterns.txt"))
    ]
    return re.compile("|".join(alternatives)), by_abbr


@cache
def _zone_suffixes() -> tuple[str, ...]:
    return tuple(sorted(lines("zone_suffixes.txt"), key=len, reverse=True))


@cache
def _boundary_chars() -> frozenset[str]:
    return frozenset(lines("place_boundary_chars.txt"))


def _boundaries(text: str) -> frozenset[int]:
    from etl.reference.segmenter import tokens

    return frozenset(b for _, s, e in tokens(text) for b in (s, e))


def _on_boundaries(text: str, start: int, end: int, bounds: frozenset[int]) -> bool:
    """Both ends on jieba word boundaries, or next to a function character: jieba's
    dictionary joins some prepositions to a following city name into one word (于 + city),
    yet the city is named."""
    edge = _boundary_chars()
    left = start in bounds or (start > 0 and text[start - 1] in edge)
    right = end in bounds or (end < len(text) and text[end] in edge)
    if any(text.startswith(x, p) for p in range(start + 1, end) for x in _zone_suffixes()):
        return False  # 雄安新区 does not hold 安新(县)
    return left and right


def _inside_person_name(text: str, start: int, end: int, bounds: frozenset[int]) -> bool:
    """A short name right after a lone surname character is more likely a given name:
    陈东方 (but not 于东方召开, where 于 is a function word)."""
    from etl.reference.names import final_stop_chars, is_plausible_person_name, surnames

    if start == 0 or start - 1 not in bounds:
        return False
    surname = text[start - 1]
    if surname not in surnames()[0] or surname in final_stop_chars():
        return False
    return is_plausible_person_name(text[start - 1 : end], text[end : end + 6])


def _scan_names(text: str) -> list[tuple[int, int, PlaceForm]]:
    """Leftmost-longest name matches; short names only on word boundaries."""
    forms = _name_forms()
    found: list[tuple[int, int, PlaceForm]] = []
    bounds: frozenset[int] | None = None
    i = 0
    while i < len(text):
        hit = None
        for size in range(min(MAX_NAME_LEN, len(text) - i), 1, -1):
            form = forms.get(text[i : i + size])
            if form is None:
                continue
            if form == "short":
                bounds = bounds if bounds is not None else _boundaries(text)
                if not _on_boundaries(text, i, i + size, bounds):
                    continue
                if _inside_person_name(text, i, i + size, bounds):
                    continue
            hit = (i, i + size, form)
            break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def _scan_abbreviations(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, Division]]:
    """Abbreviations in their patterns, where jieba keeps the character a word of its own
    (返/鄂/人员) or the whole pattern one word (鄂籍, 进京) — not 推进/新区, 在/新冠."""
    pattern, by_abbr = _abbreviation_patterns()
    exceptions = lines("province_abbreviation_exceptions.txt")
    out: list[tuple[int, int, Division]] = []
    bounds: frozenset[int] | None = None
    for m in pattern.finditer(text):
        group = next(g for g, v in m.groupdict().items() if v is not None)
        pos = m.start(group)
        if any(s <= pos < e for s, e in taken):
            continue
        if any(text.startswith(x, m.start()) or text.startswith(x, pos) for x in exceptions):
            continue
        bounds = bounds if bounds is not None else _boundaries(text)
        own_word = pos in bounds and pos + 1 in bounds
        whole_pattern = m.start() in bounds and m.end() in bounds and not any(
            b in bounds for b in range(m.start() + 1, m.end())
        )
        if own_word or whole_pattern:
            out.append((pos, pos + 1, by_abbr[text[pos]]))
    return out


def _zone_stem_start(text: str, end: int) -> int | None:
    """Where the stem of a zone whose suffix starts at `end` begins, or None."""
    from etl.reference.names import final_stop_chars
    from etl.reference.segmenter import tokens

    window_start = max(0, end - 12)
    toks = [(w, s + window_start, e + window_start) for w, s, e in tokens(text[window_start:end])]
    stop_words = set(lines("zone_stem_stop_words.txt"))
    stop_chars = final_stop_chars()
    if not toks:
        return None
    word, start, _ = toks[-1]
    if len(word) >= 2:
        if word in stop_words or is_function_word(word) or not all(_HAN.match(c) for c in word):
            return None  # 国家级新区, 推进新区建设
        return start
    # An unknown stem comes out as single characters (梅/河): gather them back.
    stem_start = end
    for word, start, _ in reversed(toks):
        if len(word) != 1 or not _HAN.match(word) or word in stop_chars or end - start > MAX_ZONE_STEM:
            break
        stem_start = start
    return stem_start if end - stem_start >= 2 else None


def _dominant_province(divs: list[Division]) -> str | None:
    counts = Counter(d.province for d in divs)
    return counts.most_common(1)[0][0] if counts else None


def find_places(text: str, province_hint: str | None = None) -> list[PlaceMatch]:
    """Places named in `text`, in order of position, without overlaps."""
    names = _scan_names(text)
    unambiguous = [c[0] for s, e, _ in names if len(c := divisions_named(text[s:e])) == 1]
    hint = province_hint or _dominant_province(unambiguous)
    ends = {e: (s, form) for s, e, form in names}
    matches: dict[int, PlaceMatch] = {}
    for s, e, form in names:
        written = text[s:e]
        matches[s] = PlaceMatch(
            span=Span(s, e),
            as_written=written,
            division=resolve(written, hint),
            kind="division",
            form=form,
            candidates=tuple(divisions_named(written)),
        )
    # Zones: a suffix not inside a division name, after a stem.
    i = 0
    while i < len(text):
        suffix = next((x for x in _zone_suffixes() if text.startswith(x, i)), None)
        if suffix is None or any(m.span.start <= i < m.span.end for m in matches.values()):
            i += 1
            continue
        end = i + len(suffix)
        within: Division | None = None
        if i in ends:  # the stem is a division: 株洲高新区
            stem_start: int | None = ends[i][0]
            within = matches[ends[i][0]].division
        else:
            stem_start = _zone_stem_start(text, i)
            if stem_start is not None and stem_start in ends:  # 武汉 + 东湖高新区
                stem_start = ends[stem_start][0]
                within = matches[stem_start].division
        if stem_start is None:
            i = end
            continue
        matches.pop(stem_start, None)
        matches[stem_start] = PlaceMatch(
            span=Span(stem_start, end),
            as_written=text[stem_start:end],
            division=within,
            kind="zone",
            form="zone",
        )
        i = end
    taken = [(m.span.start, m.span.end) for m in matches.values()]
    for s, e, division in _scan_abbreviations(text, taken):
        matches[s] = PlaceMatch(
            span=Span(s, e),
            as_written=text[s:e],
            division=division,
            kind="division",
            form="abbreviation",
            candidates=(division,),
        )
    return [matches[k] for k in sorted(matches)]
