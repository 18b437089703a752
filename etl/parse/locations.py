"""Places named in a meeting's stretch of text and the part each plays.

venue: 在X召开/举行, X主会场, or the report's home place when 我市/我省 holds the meeting;
branch_venue: X分会场; mentioned: any other place the gazetteer knows. Places inside
people's names, credits and the outlet are skipped. Each place is kept once per meeting,
with its strongest role.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.layout import Line
from etl.parse.records import LocationMention, LocationRole
from etl.spans import Span

_RANK = {"venue": 0, "branch_venue": 1, "mentioned": 2}
_WEIGHT = {"venue": 3, "branch_venue": 2, "mentioned": 1}


@cache
def _venue_after() -> re.Pattern[str]:
    hold = lexicon.alternation(lexicon.words("hold_verbs"))
    return re.compile(rf"^(?:[^,。;]{{0,4}}?)(?:{hold})|^主会场")


def _role(text: str, span: Span) -> LocationRole:
    after = text[span.end : span.end + 12]
    if after.startswith("分会场"):
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
    areas = [ln.span for ln in lines if ln.kind in ("body", "caption") and _overlaps(ln.span, stretch)]
    found: list[LocationMention] = []
    for place in places:
        span = place.span
        if place.form == "abbreviation":  # 入湘 names a province only in passing
            continue
        if not stretch.contains(span) or not any(area.contains(span) for area in areas):
            continue
        if any(_overlaps(span, ex) for ex in excluded):
            continue
        found.append(
            LocationMention(place.name, place.as_written, _role(text, span), span, place.code,
                            place.level, place.province)
        )
    return dedupe(found)


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
    """The place an outlet is named after (今日某市 → 某市), if the gazetteer knows it."""
    if not outlet or outlet_span is None:
        return None
    places = refs.find_places(outlet)
    if not places:
        return None
    place = places[0]
    return LocationMention(place.name, place.as_written, "mentioned", place.span.shift(outlet_span.start),
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
