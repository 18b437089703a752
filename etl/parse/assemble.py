"""Build one `Meeting` record from its stretch of text: people and roles, directives,
places and attributes."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.findings import Finding
from etl.parse import attributes, directives, lexicon, locations, meetings, refs
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
from etl.parse.roles import CueEvent, scan_sentence
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
        for sent in sentences(ctx.text, line.span):
            if any(ex.contains(sent) for ex in ctx.excluded):
                continue
            evs = scan_sentence(ctx.text, sent, ctx.rules, ctx.headline_names if headline else None)
            if headline:
                evs = [ev for ev in evs if ev.subject.persons and (ev.kind == "chair" or
                       all(p.name in ctx.headline_names for p in ev.subject.persons))]
            evs = [ev for ev in evs if not any(_inside(ev.cue, ex) for ex in ctx.excluded)]
            if evs:
                events[sent] = evs
    return events


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def build(
    ctx: DocContext, seq: int, stretch: meetings.MeetingStretch, previous: Meeting | None
) -> tuple[Meeting, list[Finding]]:
    text = ctx.text
    findings: list[Finding] = []
    lines = clip(ctx.lines, stretch.span)
    events = scan(ctx, lines)
    best = meetings.best_name(stretch)
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
    chair_titles = [t.title for t in attendees[chair].titles] if chair else []
    speaker_titles = [t.title for a in attendees.values() if any(r.role == "speaker" for r in a.roles) for t in a.titles]
    level = attributes.meeting_level(chair_titles, organiser, name, before_verb, speaker_titles)

    excluded = ctx.excluded + [a.span for a in attendees.values()] + _name_spans(ctx, attendees)
    locs = locations.find_locations(text, ctx.lines, stretch.span, excluded, ctx.places)
    locs = _add_home_venue(ctx, locs, before_verb, lead_sentence, level, previous)
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
        format=attributes.meeting_format(text, name, lead_sentence, stretch.span, ctx.relay),
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


def _add_home_venue(
    ctx: DocContext, locs: list[LocationMention], before_verb: str, lead: Span | None,
    level: str | None, previous: Meeting | None,
) -> list[LocationMention]:
    """我市召开续会: the report's own place is the venue when no venue is written."""
    if lead is None or level not in ("city", "county") or any(loc.role == "venue" for loc in locs):
        return locs
    home = ctx.home
    if level == "city" and (home is None or home.level not in ("city", None)) and previous is not None:
        branch = [loc for loc in previous.locations if loc.role == "branch_venue" and loc.level == "city"]
        home = branch[0] if len(branch) == 1 else home
    if home is None:
        return locs
    own = [word for word, word_level, holds in lexicon.table("home_place_words") if word_level == level and holds == "holds"]
    for word in own:
        at = before_verb.rfind(word)
        if at >= 0:
            span = Span(lead.start + at, lead.start + at + len(word))
            venue = LocationMention(home.name, word, "venue", span, home.code, home.level, home.province)
            return locations.dedupe([venue] + locs)
    return locs


def _places_in(ctx: DocContext, spans: list[Span]) -> list[LocationMention]:
    """Places written inside `spans` (the meeting's name, the clause holding it)."""
    out = []
    for place in ctx.places:
        if place.form != "abbreviation" and any(sp.contains(place.span) for sp in spans):
            out.append(LocationMention(place.name, place.as_written, "mentioned", place.span, place.code,
                                       place.level, place.province))
    return out


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
    in the meeting's name or holding clause (广州市疫情防控工作会议), or the home city."""
    city = None
    if level in ("city", "county"):
        for pool in ([loc for loc in locs if loc.role == "venue"], named, [ctx.home] if ctx.home else []):
            cities = [loc for loc in pool if loc.level == "city"]
            if cities:
                city = cities[0].name
                break
    if city is not None:
        owner = next(loc for loc in locs + named + ([ctx.home] if ctx.home else []) if loc.name == city)
        if owner.province:
            return owner.province, city
    extra = [ctx.home] if ctx.home else []
    return locations.province_of(locs, extra), city
