"""Build one `Meeting` record from its stretch of text: people and roles, directives,
attributes, and (through `venues`) where it was held and the places it names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from etl.findings import Finding
from etl.parse import attributes, directives, levels, lexicon, meetings, refs, venues
from etl.parse.layout import Line, line_sentences
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
from etl.parse.text import WordFinder
from etl.spans import Span, SpanSet

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
    # cue events per (sentence, headline names) as `scan` last read them (see `_sentence_events`)
    read: dict[tuple[Span, frozenset[str] | None], _Reading] = field(default_factory=dict)
    finder: WordFinder | None = None  # made on first use by `occurrences`

    def occurrences(self, word: str) -> Iterator[int]:
        """Every start of `word` in the text, overlapping ones too, in order."""
        if self.finder is None:
            self.finder = WordFinder(self.text)
        return self.finder.starts(word)


@dataclass(frozen=True, slots=True)
class _Reading:
    """Cue events of a sentence and the rules they were read under; `decided`: the names
    whose verdict the rules' known names decided."""

    events: list[CueEvent]
    excluded: frozenset[str]
    known: frozenset[str]
    decided: frozenset[str]


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
    excluded = SpanSet(ctx.excluded)
    for line in lines:
        if line.kind not in ("headline", "body", "caption"):
            continue
        headline = line.kind == "headline"
        at_branch = False
        for sent in line_sentences(ctx.text, line):
            if excluded.contains(sent):
                continue
            evs = _sentence_events(ctx, sent, ctx.headline_names if headline else None)
            if headline:
                evs = [ev for ev in evs if ev.subject.persons and (ev.kind == "chair" or
                       all(p.name in ctx.headline_names for p in ev.subject.persons))]
            evs = [ev for ev in evs if not excluded.contains(ev.cue)]
            evs = _visits_to_a_meeting(ctx.text, evs)
            evs = [replace(ev, venue="branch") if ev.kind == "attend" and ev.venue is None and not ev.venues
                   and not ev.inherited and (at_branch or _branch_set_before(ctx.text, sent, ev, evs)) else ev
                   for ev in evs]
            at_branch = not headline and not evs and branch_setting(ctx.text, sent)
            if evs:
                events[sent] = evs
    return events


def _sentence_events(ctx: DocContext, sent: Span, run_names: frozenset[str] | None) -> list[CueEvent]:
    """`scan_sentence`, read once per document: the body is scanned first to learn the
    names, then again per meeting with those names known. Known names change a reading
    only through the names whose verdict they decided, so an earlier reading is reused
    when the known names agree on each of those. The events are shared: never changed
    after they are made."""
    rules = ctx.rules
    key = (sent, run_names)
    done = ctx.read.get(key)
    if done is None or done.excluded != rules.excluded or any(
            (name in done.known) != (name in rules.known) for name in done.decided):
        probe: set[str] = set()
        events = scan_sentence(ctx.text, sent, NameRules(rules.excluded, rules.known, probe), run_names)
        done = _Reading(events, rules.excluded, rules.known, frozenset(probe))
        ctx.read[key] = done
    return done.events


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

    locs, province, city, evidence = venues.meeting_places(
        ctx, stretch, attendees, best, organiser, name, level, previous, leader, before_verb
    )
    if level == "city" and city is None and province is not None and refs.is_municipality(province):
        level = "province"  # 市委, 市…领导小组 of a municipality (直辖市) are provincial bodies

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
    excluded: SpanSet | None = None
    for att in attendees.values():
        if att.titles:
            continue
        excluded = excluded or SpanSet(ctx.excluded)
        spans: list[Span] = []
        for pos in ctx.occurrences(att.name):
            span = Span(pos, pos + len(att.name))
            if not excluded.contains(span):
                spans.append(span)
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
