"""Build one `Meeting` record from its stretch of text: people and roles, directives,
places and attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.findings import Finding
from etl.parse import attributes, directives, levels, lexicon, locations, meetings, refs
from etl.parse.layout import Line
from etl.parse.people import NameRules, PersonRef
from etl.parse.records import (
    Attendee,
    LocationMention,
    Meeting,
    Role,
    RoleEvidence,
    TitleMention,
)
from etl.parse.roles import CueEvent, branch_setting, scan_sentence
from etl.parse.stretches import MeetingStretch, best_name
from etl.parse.text import sentences
from etl.spans import Span

_ROLE_OF_KIND: dict[str, Role] = {"chair": "chair", "speech": "speaker", "summary": "speaker", "report": "speaker"}


@dataclass(slots=True)
class DocContext:
    text: str
    lines: list[Line]
    rules: NameRules
    headline_names: frozenset[str]
    titles: dict[str, tuple[str | None, list[TitleMention]]]  # first titled mention per name
    excluded: list[Span]  # credits, outlet, mentions: no people or places there
    home: LocationMention | None
    relay: list[Span] = field(default_factory=list)
    places: list[refs.Place] = field(default_factory=list)  # every place in the text


def clip(lines: list[Line], span: Span) -> list[Line]:
    out = []
    for ln in lines:
        start, end = max(ln.span.start, span.start), min(ln.span.end, span.end)
        if start < end:
            out.append(Line(Span(start, end), ln.kind))
    return out


def scan(ctx: DocContext, lines: list[Line]) -> dict[Span, list[CueEvent]]:
    """Cue events per sentence of the headline, body and caption lines. In a headline only
    people the body names count, save the chair (甲主持召开… may name them only there)."""
    events: dict[Span, list[CueEvent]] = {}
    for line in lines:
        if line.kind not in ("headline", "body", "caption"):
            continue
        headline = line.kind == "headline"
        at_branch = False
        for sent in sentences(ctx.text, line.span):
            if any(ex.contains(sent) for ex in ctx.excluded):
                continue
            evs = scan_sentence(ctx.text, sent, ctx.rules, ctx.headline_names if headline else None)
            if headline:
                evs = [ev for ev in evs if ev.subject.persons and (ev.kind == "chair" or
                       all(p.name in ctx.headline_names for p in ev.subject.persons))]
            evs = [ev for ev in evs if not any(_inside(ev.cue, ex) for ex in ctx.excluded)]
            evs = _visits_to_a_meeting(ctx.text, evs)
            for ev in evs:
                if ev.kind == "attend" and ev.venue is None and not ev.venues and not ev.inherited and (
                        at_branch or _branch_set_before(ctx.text, sent, ev, evs)):
                    ev.venue = "branch"
            at_branch = not headline and not evs and branch_setting(ctx.text, sent)
            if evs:
                events[sent] = evs
    return events


def _branch_set_before(text: str, sent: Span, ev: CueEvent, evs: list[CueEvent]) -> bool:
    """Earlier in the sentence, before any other cue, a branch venue is set up with no one
    named (…,我县设分会场组织收听收看,甲、乙参加会议)."""
    start = ev.subject.span.start
    return all(other.cue.start >= start for other in evs) and branch_setting(text, Span(sent.start, start))


def _visits_to_a_meeting(text: str, evs: list[CueEvent]) -> list[CueEvent]:
    """A visit (甲赴我区调度工作) is attendance only when someone else presides over the
    meeting in the same sentence (…,区委书记乙主持会议)."""
    visits = [ev for ev in evs if ev.cue.of(text) in lexicon.words("visit_cues")]
    if not visits:
        return evs
    visitors = {p.name for ev in visits for p in ev.subject.persons}
    chaired = any(ev.kind == "chair" and ev.subject.persons and visitors.isdisjoint(p.name for p in ev.subject.persons)
                  for ev in evs)
    return evs if chaired else [ev for ev in evs if ev not in visits]


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def build(
    ctx: DocContext, seq: int, stretch: MeetingStretch, previous: Meeting | None
) -> tuple[Meeting, list[Finding]]:
    text = ctx.text
    findings: list[Finding] = []
    lines = clip(ctx.lines, stretch.span)
    events = scan(ctx, lines)
    best = best_name(stretch)
    lead = stretch.lead
    name = best.name if best else "会议"
    organiser = (lead.organiser if lead else None) or (best.organiser if best else None) or meetings.organiser_in_name(name)

    attendees, speaker_of, chair = _people(ctx, events, findings)
    if chair is None and previous is not None and _held_together(text, lead, previous):
        chair = _shared_chair(previous, attendees)
    _titles_written_elsewhere(ctx, attendees, stretch.span)
    found, dir_findings = directives.extract(text, lines, events, speaker_of)
    findings.extend(dir_findings)

    lead_sentence = lead.sentence if lead else None
    anchor = lead.anchor.start if lead else None
    date = attributes.meeting_date(text, ctx.lines, lead_sentence, anchor, previous.date if previous else None)
    if previous is not None and date is previous.date:
        findings.append(Finding("parse", "date_inherited", f"meeting {seq} ({name}) has no date of its own; "
                                "the previous meeting's date is used", "info", span=lead_sentence))
    elif date.text is None and date.day is None:
        findings.append(Finding("parse", "no_meeting_date", f"no date written for meeting {seq} ({name})", "warning",
                                span=lead_sentence))
    before_verb = text[lead_sentence.start : anchor] if lead_sentence and anchor is not None else ""
    speakers = [a for a in attendees.values() if any(r.role == "speaker" for r in a.roles)]
    leader = attendees[chair] if chair else (speakers[0] if speakers else None)
    chair_titles = [t.title for t in attendees[chair].titles] if chair else []
    speaker_titles = [t.title for t in speakers[0].titles] if speakers else []
    level = levels.meeting_level(chair_titles, organiser, name, before_verb, speaker_titles)

    excluded = ctx.excluded + [a.span for a in attendees.values()] + _name_spans(ctx, attendees)
    locs = locations.find_locations(text, ctx.lines, stretch.span, excluded, ctx.places)
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

    meeting = Meeting(
        seq=seq,
        name=name,
        name_span=best.name_span if best else None,
        span=stretch.span,
        date=date,
        format=attributes.meeting_format(text, name, lead_sentence, stretch.span, ctx.relay, anchor),
        level=level,
        session_no=attributes.session_no(name, lead_sentence.of(text) if lead_sentence else None),
        organiser=organiser,
        chair=chair,
        province=province,
        city=city,
        place_evidence=evidence,
        attendees=list(attendees.values()),
        directives=found,
        locations=locs,
    )
    return meeting, findings


def _people(
    ctx: DocContext, events: dict[Span, list[CueEvent]], findings: list[Finding]
) -> tuple[dict[str, Attendee], dict[int, directives.Speaker], str | None]:
    """Attendees with their roles, the speaker behind each speech event, and the chair.
    A pronoun (他强调) stands for the last person who chaired or spoke, else the last
    person named alone."""
    attendees: dict[str, Attendee] = {}
    speaker_of: dict[int, directives.Speaker] = {}
    antecedent: PersonRef | None = None
    chair: str | None = None
    attending_alone: set[str] = set()  # 会后参加…: attendance of its own, not a list of those present
    for sent in sorted(events):
        for ev in events[sent]:
            subject = ev.subject
            persons: list[PersonRef] = list(subject.persons)
            if subject.kind == "pronoun":
                if antecedent is None:
                    findings.append(Finding("parse", "unresolved_speaker", f"no one named before '{subject.text}'",
                                            "warning", span=subject.span, original=subject.text))
                    continue
                persons = [antecedent]
            if subject.kind == "meeting":
                speaker_of[id(ev)] = directives.Speaker("meeting", None, subject.text, subject.span)
                continue
            for i, person in enumerate(persons):
                _add_role(ctx, attendees, person, _role(ev, i), ev.cue)
            if ev.kind == "attend" and len(persons) == 1:
                attending_alone.add(persons[0].name)
            if ev.kind == "chair" and chair is None and persons:
                chair = persons[0].name
            if ev.kind in ("speech", "summary") and persons:
                who = persons[0]
                if subject.kind == "pronoun":
                    speaker_of[id(ev)] = directives.Speaker("person", who.name, subject.text, subject.span)
                else:
                    speaker_of[id(ev)] = directives.Speaker("person", who.name, who.name, who.span)
            if len(persons) == 1 and ev.kind in ("chair", "speech", "summary", "report") or len(persons) == 1 and antecedent is None:
                antecedent = persons[0]
    if chair is not None and chair not in attending_alone:
        # who presides attends by that very fact: a list of those present (甲、乙出席,
        # 甲、乙等与会同志) that names the chair too adds no role
        att = attendees[chair]
        att.roles = [r for r in att.roles if r.role != "attendee"]
    return attendees, speaker_of, chair


def _role(ev: CueEvent, index: int) -> Role:
    if ev.kind == "attend":
        venue = ev.venues[index] if ev.venues and index < len(ev.venues) else ev.venue
        return "branch_venue" if venue == "branch" else "attendee"
    return _ROLE_OF_KIND[ev.kind]


def _held_together(text: str, lead: meetings.MeetingMention | None, previous: Meeting) -> bool:
    """This meeting was held in one sitting with the previous one: its name joined to the
    previous one's (主持召开甲会、乙会), or said to be held along with it (会议同时套开了…)."""
    if lead is None:
        return False
    here, there = lead.name_span, previous.name_span
    if here is not None and there is not None and 0 < here.start - there.end <= 2 and (
        text[there.end : here.start] in (*lexicon.words("name_joiners"), "、")
    ):
        return True
    return any(cue in lead.sentence.of(text) for cue in lexicon.words("joint_meeting_cues"))


def _shared_chair(previous: Meeting, attendees: dict[str, Attendee]) -> str | None:
    """The previous meeting's chair chairs this one too."""
    chair = next((a for a in previous.attendees if a.name == previous.chair), None)
    if chair is None:
        return None
    evidence = next(r for r in chair.roles if r.role == "chair")
    att = attendees.setdefault(chair.name, Attendee(chair.name, chair.span, chair.title_text, list(chair.titles)))
    if all(r.role != "chair" for r in att.roles):
        att.roles.insert(0, evidence)
    return chair.name


def _titles_written_elsewhere(ctx: DocContext, attendees: dict[str, Attendee], stretch: Span) -> None:
    """A participant whose cues carry no titles (甲指出) takes those written right before
    another mention of the name: in the meeting's text first, the closest before the
    person's first cue first."""
    text = ctx.text
    for att in attendees.values():
        if att.titles:
            continue
        spans: list[Span] = []
        pos = text.find(att.name)
        while pos >= 0:
            span = Span(pos, pos + len(att.name))
            if not any(ex.contains(span) for ex in ctx.excluded):
                spans.append(span)
            pos = text.find(att.name, pos + 1)
        spans.sort(key=lambda sp: (not stretch.contains(sp), sp.start > att.span.start, abs(sp.start - att.span.start)))
        for span in spans:
            found = refs.title_run_before(text, span.start)
            if found is None:
                continue
            start, titles = found
            att.titles, pos = [], start
            for title in titles:
                at = text.find(title, pos, span.start)
                att.titles.append(TitleMention(title, Span(at, at + len(title))))
                pos = at + len(title)
            att.title_text = text[start : span.start]
            break


def _add_role(ctx: DocContext, attendees: dict[str, Attendee], person: PersonRef, role: Role, cue: Span) -> None:
    att = attendees.get(person.name)
    if att is None:
        title_text, titles = ctx.titles.get(person.name, (None, []))
        att = Attendee(person.name, person.span, title_text, list(titles))
        attendees[person.name] = att
    if all(r.role != role for r in att.roles):
        att.roles.append(RoleEvidence(role, cue))


def _name_spans(ctx: DocContext, attendees: dict[str, Attendee]) -> list[Span]:
    """Every occurrence of a participant's name, so no place is read inside one."""
    out: list[Span] = []
    for name in attendees:
        pos = ctx.text.find(name)
        while pos >= 0:
            out.append(Span(pos, pos + len(name)))
            pos = ctx.text.find(name, pos + 1)
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
