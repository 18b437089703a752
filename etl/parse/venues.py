"""Where a meeting was held and which places it names: locations with their roles, the
venue a report implies (我县召开…, the chair's own place, a branch venue set up before),
and the province and city that settle the meeting's place, with the evidence for them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from etl.parse import levels, lexicon, locations, refs
from etl.parse.records import Attendee, LocationMention, Meeting
from etl.parse.stretches import MeetingStretch
from etl.spans import Span

if TYPE_CHECKING:
    from etl.parse.assemble import DocContext
    from etl.parse.meetings import MeetingMention


def meeting_places(
    ctx: DocContext, stretch: MeetingStretch, attendees: dict[str, Attendee], best: MeetingMention | None,
    organiser: str | None, name: str, level: str | None, previous: Meeting | None, leader: Attendee | None,
    before_verb: str,
) -> tuple[list[LocationMention], str | None, str | None, str | None]:
    """(locations, province, city, place evidence) of one meeting."""
    lead = stretch.lead
    lead_sentence = lead.sentence if lead else None
    anchor = lead.anchor.start if lead else None
    excluded = ctx.excluded + [a.span for a in attendees.values()] + _name_spans(ctx, attendees)
    locs = locations.find_locations(ctx.text, ctx.lines, stretch.span, excluded, ctx.places)
    own = _own_place_word(before_verb, lead_sentence, organiser, name) or (
        _own_place_word(before_verb, lead_sentence, None, lead.name) if lead is not None else None
    )  # 县…会商会 in the body when the headline's fuller name opens with the county's own name
    holder = len(levels.last_clause(before_verb))
    titles_at = [t.span for t in leader.titles] if leader else []
    if anchor is not None and holder:
        titles_at.append(Span(anchor - holder, anchor))
    locs = _add_home_venue(ctx, locs, own, level, previous, titles_at)
    locs = _own_branch_venue(ctx, locs, stretch.span)
    if lead is not None and lead.generic and own is None:
        locs = _previous_branch_venue(locs, level, previous)
    if anchor is not None:
        locs = _subject_venue(ctx, locs, len(levels.subject_before_verb(before_verb)), anchor, level)
    named = _places_in(ctx, [best.name_span] if best and best.name_span else [])
    if lead_sentence is not None and anchor is not None:
        named += _places_in(ctx, [Span(lead_sentence.start, anchor)])
    province, city = _province_city(ctx, locs, level, named)
    evidence = _place_evidence(province, city, locs + named + ([ctx.home] if ctx.home else []))
    return locs, province, city, evidence


def _name_spans(ctx: DocContext, attendees: dict[str, Attendee]) -> list[Span]:
    """Every occurrence of a participant's name, so no place is read inside one."""
    out: list[Span] = []
    for name in attendees:
        out.extend(Span(pos, pos + len(name)) for pos in ctx.occurrences(name))
    return out


def _own_place_word(
    before_verb: str, lead: Span | None, organiser: str | None, name: str
) -> tuple[str, Span | None] | None:
    """(ending, span): how the meeting's own place holds it, as the last character of
    that place's full name — 我县召开 (县, with the span of 我县), or a body or name opening
    with a bare level word: 市委召开, 全旗…会, 市委常委会会议 (市, 旗; no span)."""
    if lead is None:
        return None
    best: tuple[int, str, str] | None = None
    for word, _level, holds, ending in lexicon.table("home_place_words"):
        at = before_verb.rfind(word)
        if holds == "holds" and at >= 0 and (best is None or at > best[0]):
            best = (at, word, ending)
    if best is not None:
        at, word, ending = best
        return ending, Span(lead.start + at, lead.start + at + len(word))
    for source in (levels.subject_before_verb(before_verb), organiser or "", name):
        bare = levels.own_place_ending(source)
        if bare:
            return bare, None
    return None


def _add_home_venue(
    ctx: DocContext, locs: list[LocationMention], own: tuple[str, Span | None] | None, level: str | None,
    previous: Meeting | None, holder_spans: list[Span],
) -> list[LocationMention]:
    """我市召开续会, 市委召开常委会: when no venue is written, the meeting's own place is —
    the place of that kind in the titles of the chair (or of the first speaker when none
    presides) or in the clause before the hold verb (某某市委书记, 某某市立即召开), else
    the report's home (its outlet or site), else the one city the previous meeting had a
    branch venue in."""
    if own is None or level not in ("city", "county") or any(loc.role == "venue" for loc in locs):
        return locs
    ending, span = own
    titled = [p for p in ctx.places if any(t.contains(p.span) for t in holder_spans)]
    pool = [_mention(p) for p in reversed(titled)] + locations.home_candidates(ctx.text, ctx.lines, ctx.places, ctx.home)
    branch = [loc for loc in previous.locations if loc.role == "branch_venue" and loc.level == "city"] if previous else []
    if level == "city" and len(branch) == 1:
        pool += branch
    home = next((p for p in pool if p.name.endswith(ending) and p.level in ("city", "county")), None)
    if home is None:
        return locs
    written, at = (span.of(ctx.text), span) if span is not None else (home.as_written, home.span)
    venue = LocationMention(home.name, written, "venue", at, home.code, home.level, home.province)
    return locations.dedupe([venue] + locs)


def _own_branch_venue(ctx: DocContext, locs: list[LocationMention], stretch: Span) -> list[LocationMention]:
    """在我市分会场参加会议: the report's own city (county) is a branch venue, when its
    home (outlet or site) is a place of that kind."""
    words = {word: ending for word, _level, holds, ending in lexicon.table("home_place_words") if holds == "holds"}
    pattern = re.compile(rf"(?:{lexicon.alternation(list(words))})分会场")
    out = locs
    for m in pattern.finditer(ctx.text, stretch.start, stretch.end):
        ending = words[m.group(0)[:2]]
        pool = locations.home_candidates(ctx.text, ctx.lines, ctx.places, ctx.home)
        home = next((p for p in pool if p.name.endswith(ending) and p.level in ("city", "county")), None)
        if home is not None:
            at = Span(m.start(), m.start() + 2)
            out = locations.dedupe(out + [LocationMention(home.name, at.of(ctx.text), "branch_venue", at, home.code,
                                                          home.level, home.province)])
    return out


def _previous_branch_venue(
    locs: list[LocationMention], level: str | None, previous: Meeting | None
) -> list[LocationMention]:
    """An unnamed meeting right after one followed from a branch venue, by people of that
    venue's level, is held there (某区设分会场收听收看…会议后,区委书记甲强调)."""
    if previous is None or level not in ("city", "county") or any(loc.role == "venue" for loc in locs):
        return locs
    branch = [loc for loc in previous.locations if loc.role == "branch_venue" and loc.level == level]
    if len(branch) != 1:
        return locs
    b = branch[0]
    return locations.dedupe([LocationMention(b.name, b.as_written, "venue", b.span, b.code, b.level, b.province)] + locs)


def _subject_venue(
    ctx: DocContext, locs: list[LocationMention], subject_len: int, anchor: int, level: str | None
) -> list[LocationMention]:
    """某某县召开…, 某某市…专题会召开: a city or county meeting whose holder opens with a
    place is held there, when no venue and no branch venue is written."""
    if not subject_len or level not in ("city", "county") or any(loc.role != "mentioned" for loc in locs):
        return locs
    start = anchor - subject_len
    place = next((p for p in ctx.places if p.span.start == start and p.kind == "division"), None)
    if place is None or place.level not in ("city", "county"):
        return locs
    venue = _mention(place)
    return locations.dedupe([LocationMention(venue.name, venue.as_written, "venue", venue.span, venue.code,
                                             venue.level, venue.province)] + locs)


def _mention(place: refs.Place) -> LocationMention:
    return LocationMention(place.name, place.as_written, "mentioned", place.span, place.code, place.level,
                           place.province)


def _places_in(ctx: DocContext, spans: list[Span]) -> list[LocationMention]:
    """Places written inside `spans` (the meeting's name, the clause holding it)."""
    return [_mention(p) for p in ctx.places if p.form != "abbreviation" and any(sp.contains(p.span) for sp in spans)]


def _place_evidence(province: str | None, city: str | None, places: list[LocationMention]) -> str | None:
    """The places that settle province and city, as `role:as_written→name` items."""
    if province is None and city is None:
        return None
    items: list[str] = []
    for loc in places:
        if loc.name == city or (province is not None and (loc.province == province or loc.name == province)):
            item = f"{loc.role}:{loc.as_written}→{loc.name}"
            if item not in items:
                items.append(item)
    return "; ".join(items) or None


def _province_city(
    ctx: DocContext, locs: list[LocationMention], level: str | None, named: list[LocationMention]
) -> tuple[str | None, str | None]:
    """Province: where most places lie. City (city and county meetings): the venue, a city
    in the meeting's name or holding clause (某某市疫情防控工作会议), or the home city; for
    a county meeting held in its county, the city above it when the text names that city."""
    city = None
    if level in ("city", "county"):
        for pool in ([loc for loc in locs if loc.role == "venue"], named, [ctx.home] if ctx.home else []):
            cities = [loc for loc in pool if loc.level == "city"]
            if cities:
                city = cities[0].name
                break
    if level == "city" and city is None and not any(loc.role != "mentioned" for loc in locs):
        named_cities = {loc.name for loc in locs if loc.level == "city"}
        if len(named_cities) == 1 and all(loc.level == "city" for loc in locs):
            city = named_cities.pop()  # 会议指出,…某市面临…: the one place a city meeting names is its own
    if city is not None:
        owner = next(loc for loc in locs + named + ([ctx.home] if ctx.home else []) if loc.name == city)
        if owner.province:
            return owner.province, city
    if level == "county":
        written = {p.name for p in ctx.places}
        for venue in (loc for loc in locs if loc.role == "venue" and loc.level == "county" and loc.code):
            parent = refs.parent_city(venue.code or "")
            if parent in written:  # the county's own city, where the text names it
                return venue.province, parent
    extra = [ctx.home] if ctx.home else []
    return locations.province_of(locs, extra), city
