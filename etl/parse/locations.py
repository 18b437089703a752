"""Places named in a meeting's stretch of text and the part each plays.

venue: 在X召开/举行, X主会场, or the report's home place when 我市/我省 holds the meeting;
branch_venue: X分会场; mentioned: any other place the gazetteer knows. Places inside
people's names, titles (某某市委书记), credits, outlet names (某某日报) and page chrome
(navigation, source and tip-off lines) are skipped. Each place is kept once per meeting,
with its strongest role.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.layout import Line
from etl.parse.records import LocationMention, LocationRole
from etl.spans import Span, SpanSet

_RANK = {"venue": 0, "branch_venue": 1, "mentioned": 2}
_WEIGHT = {"venue": 3, "branch_venue": 2, "mentioned": 1}
_LOCAL = {"province": 0, "city": 1, "county": 2}


@cache
def _venue_after() -> re.Pattern[str]:
    hold = lexicon.alternation(lexicon.words("hold_verbs"))
    return re.compile(rf"^(?:[^,。;]{{0,4}}?)(?:{hold})|^主会场")


def _role(text: str, span: Span) -> LocationRole:
    after = text[span.end : span.end + 12]
    if after.startswith(("分会场", "设分会场")):  # 某区设分会场组织收听收看
        return "branch_venue"
    before = text[max(0, span.start - 1) : span.start]
    if after.startswith("主会场") or (before == "在" and _venue_after().match(after)):
        return "venue"
    return "mentioned"


def find_locations(
    text: str, lines: list[Line], stretch: Span, excluded: list[Span], places: list[refs.Place]
) -> list[LocationMention]:
    """Places of `places` (found once in the whole text) that lie in body or caption
    lines inside `stretch`, outside `excluded` spans, each with its role."""
    areas = [ln.span for ln in lines
             if ln.kind in ("body", "caption") and _overlaps(ln.span, stretch) and not is_chrome(ln.span.of(text))]
    in_area = _containment(areas)
    excluded_set = SpanSet(excluded)
    divisions_at: dict[int, refs.Place] = {}
    for place in places:
        if place.kind == "division":
            divisions_at.setdefault(place.span.start, place)
    found: list[LocationMention] = []
    for place in places:
        span = place.span
        if place.form == "abbreviation":  # 入湘 names a province only in passing
            continue
        if not stretch.contains(span) or not in_area(span):
            continue
        if excluded_set.overlaps(span):
            continue
        if refs.names_outlet(text, span) or _in_title(text, span, divisions_at):
            continue
        if place.form == "short" and (_after_title_or_label(text, span.start) or _name_in_list(text, span)):
            continue  # 市领导甲乙、… / 秘书长甲乙 / 、甲乙丙、: a person's name that is also a place's short name
        found.append(
            LocationMention(place.name, place.as_written, _role(text, span), span, place.code,
                            place.level, place.province)
        )
    return dedupe(found)


def _containment(areas: list[Span]) -> Callable[[Span], bool]:
    """A test of whether a span lies inside one of `areas`: by bisection where the areas
    are in order and apart (lines are), else by trying each."""
    starts = [a.start for a in areas]
    if all(a.end <= b.start for a, b in zip(areas, areas[1:])):
        def inside(span: Span) -> bool:
            k = bisect.bisect_right(starts, span.start) - 1
            return k >= 0 and areas[k].contains(span)
        return inside
    return lambda span: any(area.contains(span) for area in areas)


def _in_title(text: str, span: Span, divisions_at: dict[int, refs.Place]) -> bool:
    """Inside an official title, or written just before a place that is (赴某省某市指导组组长:
    a province run into the city of the title). `divisions_at`: start → the first division
    place found there."""
    if refs.inside_title(text, span):
        return True
    nxt = divisions_at.get(span.end)
    return nxt is not None and refs.inside_title(text, nxt.span)


def _name_in_list(text: str, span: Span) -> bool:
    """The short name opens an item of a list of names (…、安某某等) that is a person's name."""
    start = span.start
    while start > 0 and re.match(r"[\u3400-\u9fff]", text[start - 1]):
        start -= 1
    end = span.end
    while end < len(text) and re.match(r"[\u3400-\u9fff]", text[end]) and end - start < 4:
        end += 1
    item = text[start:end]
    if item.endswith("等"):
        item = item[:-1]
    listed = text[start - 1 : start] == "、" or text[start + len(item) : start + len(item) + 1] == "、"
    return start == span.start and listed and len(item) > len(span) and refs.is_plausible_person_name(item)


def _after_title_or_label(text: str, start: int) -> bool:
    """A title (秘书长) or a group label (市领导) ends right at `start`: a name follows."""
    if any(text.endswith(label, 0, start) for label in lexicon.words("group_labels")):
        return True
    return refs.title_run_before(text, start) is not None


def is_chrome(line: str) -> bool:
    """A line of page chrome: no full stop, and a navigation, source or notice word."""
    return refs.is_chrome_line(line)


def dedupe(found: list[LocationMention]) -> list[LocationMention]:
    best: dict[str, LocationMention] = {}
    for loc in found:
        kept = best.get(loc.name)
        if kept is None or _RANK[loc.role] < _RANK[kept.role]:
            best[loc.name] = loc
    return sorted(best.values(), key=lambda loc: loc.span.start)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def home_place(text: str, outlet: str | None, outlet_span: Span | None) -> LocationMention | None:
    """The report's home place: the most local place in the outlet's name (省名在线-县名
    新闻网 → the county), else the first place written as an outlet's name (来源:某某日报)."""
    if outlet and outlet_span is not None:
        inside = [_shifted(p, outlet_span.start) for p in refs.find_places(outlet) if p.kind == "division"]
        if inside:
            return max(inside, key=lambda loc: _LOCAL.get(loc.level or "", -1))
    return next((_shifted(p, 0) for p in refs.find_places(text)
                 if p.kind == "division" and refs.names_outlet(text, p.span)), None)


def home_candidates(
    text: str, lines: list[Line], places: list[refs.Place], home: LocationMention | None
) -> list[LocationMention]:
    """Places that may be the report's home, most telling first: the home place, places
    written as outlets' names (某某新闻网), then places in the page header above the article
    (首页 >> 某县头条; not the footer, where keyword spam names any place)."""
    chrome: list[Span] = []
    for ln in lines:
        if ln.kind == "body" and not is_chrome(ln.span.of(text)):
            break
        chrome.append(ln.span)
    named = [p for p in places if p.kind == "division" and refs.names_outlet(text, p.span)]
    in_chrome = [p for p in places if p.kind == "division" and any(c.contains(p.span) for c in chrome)]
    return ([home] if home else []) + [_shifted(p, 0) for p in named + in_chrome]


def _shifted(place: refs.Place, offset: int) -> LocationMention:
    return LocationMention(place.name, place.as_written, "mentioned", place.span.shift(offset),
                           place.code, place.level, place.province)


def province_of(locations: list[LocationMention], extra: list[LocationMention] | None = None) -> str | None:
    """The province most of the places lie in (venues count most)."""
    votes: Counter[str] = Counter()
    for loc in list(locations) + list(extra or []):
        if loc.province:
            votes[loc.province] += _WEIGHT[loc.role]
        elif loc.level == "province":
            votes[loc.name] += _WEIGHT[loc.role]
    if not votes:
        return None
    (top, n), *rest = votes.most_common()
    if rest and rest[0][1] == n:
        return None
    return top
