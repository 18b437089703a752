"""find_places' look-ups by pattern and prefix index give what the per-character scans
they replaced gave: the old scans are kept here, word for word, as the reference."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reference import places as P
from etl.reference.divisions import Division
from etl.reference.places import PlaceForm
from etl.reference.segmenter import tokens
from etl.spans import Span

# ruff: noqa: E501


def _boundaries(text: str) -> frozenset[int]:
    return frozenset(b for _, s, e in tokens(text) for b in (s, e))


def _on_boundaries(text: str, start: int, end: int, bounds: frozenset[int]) -> bool:
    """Both ends on jieba word boundaries, or next to a function character: jieba's
    dictionary joins some prepositions to a following city name into one word (于 + city),
    yet the city is named; likewise an outlet's name (某某日报) holds its place."""
    edge = P._boundary_chars()
    left = start in bounds or (start > 0 and text[start - 1] in edge)
    right = end in bounds or (end < len(text) and text[end] in edge) or P.names_outlet(text, end)
    if any(text.startswith(x, p) for p in range(start + 1, end) for x in P._zone_suffixes()):
        return False  # 雄安新区 does not hold 安新(县)
    return left and right


def _scan_names(text: str) -> list[tuple[int, int, PlaceForm]]:
    """Leftmost-longest name matches; short names only on word boundaries."""
    forms = P._name_forms()
    found: list[tuple[int, int, PlaceForm]] = []
    bounds: frozenset[int] | None = None
    i = 0
    while i < len(text):
        hit = None
        for size in range(min(P.MAX_NAME_LEN, len(text) - i), 1, -1):
            form = forms.get(text[i : i + size])
            if form is None:
                continue
            if form == "short":
                bounds = bounds if bounds is not None else _boundaries(text)
                if not _on_boundaries(text, i, i + size, bounds):
                    continue
                if P._inside_person_name(text, i, i + size, bounds):
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
    pattern, by_abbr = P._abbreviation_patterns()
    exceptions = P.lines("province_abbreviation_exceptions.txt")
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


def _town_candidates(text: str, bounds: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) of stem + 乡/镇/街道 runs whose edges fall on word boundaries."""
    titles = P.lines("title_bases.txt")
    out: list[tuple[int, int]] = []
    for suffix in P._town_suffixes():
        for m in re.finditer(re.escape(suffix), text):
            at, end = m.start(), m.end()
            if any(s <= at < e for s, e in out):
                continue
            if any(text.startswith(t, at) for t in titles if len(t) > len(suffix)):
                continue  # 镇长, 乡长: a title, not a place
            if not (end == len(text) or end in bounds or not P._HAN.match(text[end])):
                continue
            for size in P.TOWN_STEM_LENGTHS:
                start = at - size
                if start < 0 or not P._town_stem_ok(text[start:at]):
                    continue
                if start == 0 or start in bounds or not P._HAN.match(text[start - 1]):
                    out.append((start, end))
                    break
    return sorted(out)


def _scan_towns(text: str, division_ends: dict[int, Division | None]) -> list[tuple[int, int, Division | None]]:
    """Towns (石桥镇, 城关街道) where the context shows a place: right after a division
    name (某某县石桥镇) or a lead word (深入石桥镇), or listed with another town (甲乡、乙镇)."""
    if not any(x in text for x in P._town_suffixes()):
        return []
    cands = _town_candidates(text, _boundaries(text))
    starts = {s for s, _ in cands}
    ends = {e for _, e in cands}
    out: list[tuple[int, int, Division | None]] = []
    for s, e in cands:
        listed = (s - 1 in ends and text[s - 1] == "、") or (e < len(text) and text[e] == "、" and e + 1 in starts)
        led = any(text.endswith(w, 0, s) for w in P._town_lead_words())
        if s in division_ends or listed or led:
            out.append((s, e, division_ends.get(s)))
    return out


def find_places(text: str, province_hint: str | None = None) -> list[P.PlaceMatch]:
    """Places named in `text`, in order of position, without overlaps."""
    names = _scan_names(text)
    unambiguous = [c[0] for s, e, _ in names if len(c := P.divisions_named(text[s:e])) == 1]
    hint = province_hint or P._dominant_province(unambiguous)
    ends = {e: (s, form) for s, e, form in names}
    matches: dict[int, P.PlaceMatch] = {}
    for s, e, form in names:
        written = text[s:e]
        matches[s] = P.PlaceMatch(
            span=Span(s, e),
            as_written=written,
            division=P.resolve(written, hint),
            kind="division",
            form=form,
            candidates=tuple(P.divisions_named(written)),
        )
    # Zones: a suffix not inside a division name, after a stem.
    i = 0
    while i < len(text):
        suffix = next((x for x in P._zone_suffixes() if text.startswith(x, i)), None)
        if suffix is None or any(m.span.start <= i < m.span.end for m in matches.values()):
            i += 1
            continue
        end = i + len(suffix)
        within: Division | None = None
        if i in ends:  # the stem is a division: 株洲高新区
            stem_start: int | None = ends[i][0]
            within = matches[ends[i][0]].division
        else:
            stem_start = P._zone_stem_start(text, i)
            if stem_start is not None and stem_start in ends:  # 武汉 + 东湖高新区
                stem_start = ends[stem_start][0]
                within = matches[stem_start].division
        if stem_start is None:
            i = end
            continue
        matches.pop(stem_start, None)
        matches[stem_start] = P.PlaceMatch(
            span=Span(stem_start, end),
            as_written=text[stem_start:end],
            division=within,
            kind="zone",
            form="zone",
        )
        i = end
    # Towns: a stem that is itself a division name (石门 + 镇) is the town.
    division_ends = {m.span.end: m.division for m in matches.values() if m.kind == "division"}
    for s, e, within in _scan_towns(text, division_ends):
        if any(m.span.start < e and s < m.span.end and not (s <= m.span.start and m.span.end <= e)
               for m in matches.values()):
            continue
        for k in [k for k, m in matches.items() if s <= m.span.start and m.span.end <= e]:
            del matches[k]
        matches[s] = P.PlaceMatch(span=Span(s, e), as_written=text[s:e], division=within, kind="town", form="town")
    taken = [(m.span.start, m.span.end) for m in matches.values()]
    for s, e, division in _scan_abbreviations(text, taken):
        matches[s] = P.PlaceMatch(
            span=Span(s, e),
            as_written=text[s:e],
            division=division,
            kind="division",
            form="abbreviation",
            candidates=(division,),
        )
    return [matches[k] for k in sorted(matches)]


def _pieces() -> list[str]:
    """Place names full and short, zone and town suffixes, titles, lead words, the
    characters of the abbreviation patterns, and filler."""
    names = sorted(P._name_forms())[::40]
    words = [w for f in ("zone_suffixes.txt", "place_town_suffixes.txt", "place_town_lead_words.txt",
                         "title_bases.txt", "province_abbreviation_exceptions.txt") for w in P.lines(f)]
    abbr = [p.replace("{}", "") for p in P.lines("province_abbreviation_patterns.txt")]
    chars = list("鄂湘京沪川新安东方红石桥城关陈甲乙丙的在于召开会议市县区镇乡街道日报网、,。 \n")
    return names + words + abbr + chars


_STEM_CHARS = "石桥城关东方红安新丰华阳河北南西平山水甲乙丙"
_STEMS = st.text(alphabet=_STEM_CHARS, min_size=1, max_size=4)
_PIECE = st.one_of(
    st.sampled_from(_pieces()),
    # a place or stem run into a zone or town suffix, as zones and towns are written
    st.tuples(st.sampled_from(sorted(P._name_forms())[::40]) | _STEMS,
              st.sampled_from(P.lines("zone_suffixes.txt") + P.lines("place_town_suffixes.txt"))).map("".join),
    st.tuples(_STEMS, st.sampled_from(P.lines("place_town_suffixes.txt")), st.sampled_from(["、", "和", ""])).map("".join),
)
_TEXTS = st.lists(_PIECE, max_size=40).map("".join)


def _as_tuples(found: list[P.PlaceMatch]) -> list[tuple]:
    return [(m.span, m.as_written, m.division, m.kind, m.form, m.candidates) for m in found]


@given(_TEXTS, st.sampled_from([None, "湖北省"]))
@settings(max_examples=1000, deadline=None)
def test_find_places_as_the_per_character_scans(text: str, hint: str | None) -> None:
    assert _as_tuples(P.find_places(text, hint)) == _as_tuples(find_places(text, hint))


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_scan_names_as_per_character(text: str) -> None:
    assert P._scan_names(text) == _scan_names(text)
