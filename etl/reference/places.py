"""Find places in text: divisions by full or short name, province abbreviations in fixed
patterns (入鄂, 鄂籍), and special zones (雄安新区, 株洲高新区).

Short names are taken only where jieba's segmentation (with the division names added)
puts word boundaries around them, so 东方 is not found inside 东方红; common-word short
names (place_short_name_stoplist.txt, plus frequent non-place words of jieba's
dictionary) are left to their full forms. Ambiguous names are resolved with the province
the text itself names most often, or `province_hint`.

Towns (石桥镇, 城关街道) are found too, where the context shows a place (see `_scan_towns`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from etl.reference._data import csv_rows
from etl.reference._data import lines as _read_lines
from etl.reference.divisions import Division, divisions, divisions_named, resolve
from etl.reference.jieba_words import is_function_word, is_ordinary_word
from etl.reference.segmenter import Boundaries, boundaries
from etl.spans import Span

PlaceKind = Literal["division", "zone", "town"]
PlaceForm = Literal["full", "short", "abbreviation", "zone", "town"]
MAX_NAME_LEN = 16
MAX_ZONE_STEM = 4
TOWN_STEM_LENGTHS = (3, 2)  # tried in this order
# A county short name that jieba's dictionary holds as another kind of word at least this
# often (资源, 比如, 合作) is not taken for a place when written alone.
COMMON_WORD_MIN_FREQ = 300
_HAN = re.compile(r"[\u3400-\u9fff]")


@cache
def lines(name: str) -> tuple[str, ...]:
    """A list file's lines (read once: several are asked for at every match)."""
    return _read_lines(name)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    span: Span
    as_written: str
    division: Division | None  # the division named, or for a zone or town the one it lies in
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
        if self.kind == "town":
            return None  # below the gazetteer's levels
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
def _zone_suffix_pattern() -> re.Pattern[str]:
    """Any zone suffix; at a position the longest one (alternatives in `_zone_suffixes` order)."""
    return re.compile("|".join(re.escape(x) for x in _zone_suffixes()))


@cache
def _boundary_chars() -> frozenset[str]:
    return frozenset(lines("place_boundary_chars.txt"))


def _boundaries(text: str) -> Boundaries:
    return boundaries(text)


def _on_boundaries(text: str, start: int, end: int, bounds: Boundaries) -> bool:
    """Both ends on jieba word boundaries, or next to a function character: jieba's
    dictionary joins some prepositions to a following city name into one word (于 + city),
    yet the city is named; likewise an outlet's name (某某日报) holds its place."""
    edge = _boundary_chars()
    left = start in bounds or (start > 0 and text[start - 1] in edge)
    right = end in bounds or (end < len(text) and text[end] in edge) or names_outlet(text, end)
    longest = len(_zone_suffixes()[0]) if _zone_suffixes() else 0
    inner = _zone_suffix_pattern().search(text, start + 1, min(len(text), end - 1 + longest))
    if inner is not None and inner.start() < end:
        return False  # 雄安新区 does not hold 安新(县)
    return left and right


def _inside_person_name(text: str, start: int, end: int, bounds: Boundaries) -> bool:
    """A short name right after a lone surname character is more likely a given name:
    陈东方 (but not 于东方召开, where 于 is a function word)."""
    from etl.reference.names import final_stop_chars, is_plausible_person_name, surnames

    if start == 0 or start - 1 not in bounds:
        return False
    surname = text[start - 1]
    if surname not in surnames()[0] or surname in final_stop_chars():
        return False
    return is_plausible_person_name(text[start - 1 : end], text[end : end + 6])


@cache
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """First two characters of a matchable name → the lengths of names opening with
    them, longest first: the only slices worth looking up at a position."""
    lengths: dict[str, set[int]] = {}
    for name in _name_forms():
        if len(name) <= MAX_NAME_LEN:
            lengths.setdefault(name[:2], set()).add(len(name))
    return {head: tuple(sorted(sizes, reverse=True)) for head, sizes in lengths.items()}


@cache
def _head_pattern() -> re.Pattern[str]:
    """Positions whose two characters may open a name: the first one of a first character
    of `_name_lengths`, the second of a second one (a cheap filter before the look-up)."""
    heads = [h for h in _name_lengths() if len(h) == 2]
    if not heads:
        return re.compile("(?!)")
    first = "".join(sorted({re.escape(h[0]) for h in heads}))
    second = "".join(sorted({re.escape(h[1]) for h in heads}))
    return re.compile(f"(?=[{first}][{second}])")


def _scan_names(text: str) -> list[tuple[int, int, PlaceForm]]:
    """Leftmost-longest name matches; short names only on word boundaries."""
    forms = _name_forms()
    heads = _name_lengths()
    found: list[tuple[int, int, PlaceForm]] = []
    bounds: Boundaries | None = None
    n = len(text)
    i = 0  # positions before `i` lie inside a name found
    for candidate in _head_pattern().finditer(text):
        at = candidate.start()
        if at < i:
            continue
        sizes = heads.get(text[at : at + 2])
        if sizes is None:
            continue
        for size in sizes:
            if size > n - at:
                continue
            form = forms.get(text[at : at + size])
            if form is None:
                continue
            if form == "short":
                bounds = bounds if bounds is not None else _boundaries(text)
                if not _on_boundaries(text, at, at + size, bounds):
                    continue
                if _inside_person_name(text, at, at + size, bounds):
                    continue
            found.append((at, at + size, form))
            i = at + size
            break
    return found


def _scan_abbreviations(text: str, taken: dict[int, int]) -> list[tuple[int, int, Division]]:
    """Abbreviations in their patterns, where jieba keeps the character a word of its own
    (返/鄂/人员) or the whole pattern one word (鄂籍, 进京) — not 推进/新区, 在/新冠.
    `taken`: start → end of the places already found."""
    pattern, by_abbr = _abbreviation_patterns()
    longest = max((e - s for s, e in taken.items()), default=0)
    exceptions = lines("province_abbreviation_exceptions.txt")  # startswith takes the tuple: any of them
    out: list[tuple[int, int, Division]] = []
    bounds: Boundaries | None = None
    for m in pattern.finditer(text):
        group = next(g for g, v in m.groupdict().items() if v is not None)
        pos = m.start(group)
        if any(taken.get(s, s) > pos for s in range(pos - longest + 1, pos + 1)):
            continue
        if text.startswith(exceptions, m.start()) or text.startswith(exceptions, pos):
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


@cache
def _town_suffixes() -> tuple[str, ...]:
    return tuple(sorted(lines("place_town_suffixes.txt"), key=len, reverse=True))


@cache
def _town_lead_words() -> tuple[str, ...]:
    return lines("place_town_lead_words.txt")


@cache
def _town_stem_stop_chars() -> frozenset[str]:
    return frozenset(lines("place_town_stem_stop_chars.txt"))


def _town_stem_ok(stem: str) -> bool:
    stops = _town_stem_stop_chars()
    return (
        all(_HAN.match(c) for c in stem)
        and not any(c in stops for c in stem)
        and not is_ordinary_word(stem, COMMON_WORD_MIN_FREQ, keep_tags=("ns",))
    )


def _town_candidates(text: str, bounds: Boundaries) -> list[tuple[int, int]]:
    """(start, end) of stem + 乡/镇/街道 runs whose edges fall on word boundaries."""
    titles = lines("title_bases.txt")
    longer_titles = {x: tuple(t for t in titles if len(t) > len(x)) for x in _town_suffixes()}
    out: list[tuple[int, int]] = []
    covered: set[int] = set()  # offsets inside a candidate of `out`
    for suffix in _town_suffixes():
        for m in re.finditer(re.escape(suffix), text):
            at, end = m.start(), m.end()
            if at in covered:
                continue
            if text.startswith(longer_titles[suffix], at):
                continue  # 镇长, 乡长: a title, not a place
            if not (end == len(text) or end in bounds or not _HAN.match(text[end])):
                continue
            for size in TOWN_STEM_LENGTHS:
                start = at - size
                if start < 0 or not _town_stem_ok(text[start:at]):
                    continue
                if start == 0 or start in bounds or not _HAN.match(text[start - 1]):
                    out.append((start, end))
                    covered.update(range(start, end))
                    break
    return sorted(out)


def _scan_towns(text: str, division_ends: dict[int, Division | None]) -> list[tuple[int, int, Division | None]]:
    """Towns (石桥镇, 城关街道) where the context shows a place: right after a division
    name (某某县石桥镇) or a lead word (深入石桥镇), or listed with another town (甲乡、乙镇)."""
    if not any(x in text for x in _town_suffixes()):
        return []
    cands = _town_candidates(text, _boundaries(text))
    starts = {s for s, _ in cands}
    ends = {e for _, e in cands}
    out: list[tuple[int, int, Division | None]] = []
    for s, e in cands:
        listed = (s - 1 in ends and text[s - 1] == "、") or (e < len(text) and text[e] == "、" and e + 1 in starts)
        led = any(text.endswith(w, 0, s) for w in _town_lead_words())
        if s in division_ends or listed or led:
            out.append((s, e, division_ends.get(s)))
    return out


@cache
def _media_suffixes() -> tuple[tuple[str, bool], ...]:
    return tuple((r["suffix"], r["edge"] == "yes") for r in csv_rows("place_media_suffixes.csv"))


def names_outlet(text: str, end: int) -> bool:
    """The place ending at `end` begins the name of a news outlet or site (某某日报,
    某某新闻网, 某某网讯)."""
    for suffix, edge in _media_suffixes():
        if text.startswith(suffix, end):
            after = end + len(suffix)
            if not edge or after >= len(text) or not _HAN.match(text[after]) or text[after] == "讯":
                return True
    return False


def is_chrome_line(line: str) -> bool:
    """Page chrome: a line without a full stop holding a navigation, source or notice word
    (首页, 来源:, 举报, 关键词)."""
    return "。" not in line and any(cue in line for cue in lines("place_chrome_cues.txt"))


@cache
def _title_final_chars() -> frozenset[str]:
    return frozenset(t[-1] for t in lines("title_bases.txt"))


_TITLE_BREAK = frozenset(",,。;;::!?!?、 \n\t")


def inside_title(text: str, start: int, end: int) -> bool:
    """The place at [start, end) is part of one official title: 某某市委书记, 赴某省工作组
    组长, or an acting title where a one-character county name is read over the
    modifier + 县长."""
    from etl.reference.titles import MAX_TITLE_LEN, title_run_before

    finals = _title_final_chars()
    for k in range(end, min(len(text), end + MAX_TITLE_LEN) + 1):
        if k > end and text[k - 1] in _TITLE_BREAK:
            break
        if text[k - 1] in finals:
            run = title_run_before(text, k)
            if run is not None and any(s <= start and end <= e for s, e in run.spans):
                return True
    return False


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
    # A zone found here ends before the next suffix and the names it replaces end before
    # its own, so "inside a match" is "inside a name" for every suffix still ahead.
    name_starts = [s for s, _, _ in names]
    zone_suffix = _zone_suffix_pattern()
    found = zone_suffix.search(text)
    while found is not None:
        i, end = found.span()
        k = bisect.bisect_right(name_starts, i) - 1
        if k >= 0 and i < names[k][1]:
            found = zone_suffix.search(text, i + 1)
            continue
        within: Division | None = None
        if i in ends:  # the stem is a division: 株洲高新区
            stem_start: int | None = ends[i][0]
            within = matches[ends[i][0]].division
        else:
            stem_start = _zone_stem_start(text, i)
            if stem_start is not None and stem_start in ends:  # 武汉 + 东湖高新区
                stem_start = ends[stem_start][0]
                within = matches[stem_start].division
        found = zone_suffix.search(text, end)
        if stem_start is None:
            continue
        matches.pop(stem_start, None)
        matches[stem_start] = PlaceMatch(
            span=Span(stem_start, end),
            as_written=text[stem_start:end],
            division=within,
            kind="zone",
            form="zone",
        )
    # Towns: a stem that is itself a division name (石门 + 镇) is the town.
    division_ends = {m.span.end: m.division for m in matches.values() if m.kind == "division"}
    longest = max((m.span.end - m.span.start for m in matches.values()), default=0)
    for s, e, within in _scan_towns(text, division_ends):
        near = [m for k in range(s - longest + 1, e) if (m := matches.get(k)) is not None and s < m.span.end]
        if any(not (s <= m.span.start and m.span.end <= e) for m in near):
            continue
        for m in near:
            del matches[m.span.start]
        longest = max(longest, e - s)
        matches[s] = PlaceMatch(span=Span(s, e), as_written=text[s:e], division=within, kind="town", form="town")
    taken = {m.span.start: m.span.end for m in matches.values()}
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
