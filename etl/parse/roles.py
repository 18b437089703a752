"""Role cues in a sentence and who they belong to.

A cue is a verb from the cue lists (主持, 出席, 强调 …) outside quotation marks whose
preceding text parses as a subject (people, a pronoun or 会议). The subject of a cue with
no subject of its own in the same clause is that of the cue before it (出席会议并讲话,
主持召开…会议时强调); a cue opening its clause (…,并主持召开) takes the sentence's subject.
Report cues (传达, 部署) make a speaker but carry no directive and borrow no subject.
Attendance cues look at their adverbial for 主会场 / 分会场, paired in order after 分别.
A visit (甲赴我区) is an attendance cue lending its subject only to a 主持 after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from etl.parse import lexicon
from etl.parse.people import NameRules, Subject, parse_subject, split_run_into_names
from etl.parse.text import comma_parts, outside_quotes, trim
from etl.spans import Span

CueKind = Literal["chair", "attend", "speech", "summary", "report"]
Venue = Literal["main", "branch"]

_MAX_INHERIT_GAP = 40
_MAX_ADVERBIAL = 8
_ADVERBIAL_OPENERS = ("于", "在")


@dataclass(slots=True)
class CueEvent:
    kind: CueKind
    cue: Span
    subject: Subject
    sentence: Span
    venue: Venue | None = None
    venues: list[Venue] | None = None  # 甲、乙分别在主会场和分会场: one per person, in order
    content: Span | None = None  # speech: what follows the cue in the sentence
    summary: Span | None = None  # summary cue: 对…作出安排, the instruction it sums up
    inherited: bool = False


def scan_sentence(
    text: str, sentence: Span, rules: NameRules, run_names: frozenset[str] | None = None
) -> list[CueEvent]:
    """Role cues of one sentence, in order. With `run_names` (headlines), a subject of
    names written without separators is split into those names."""
    flags: list[bool] | None = None  # made at the first cue: most sentences have none
    events: list[CueEvent] = []
    region_start = sentence.start
    previous: CueEvent | None = None
    visit: CueEvent | None = None
    for m in lexicon.cue_regex().finditer(text, sentence.start, sentence.end):
        if flags is None:
            flags = outside_quotes(text, sentence)
        if not flags[m.start() - sentence.start]:
            continue
        cue = m.group(0)
        kind: CueKind = lexicon.cue_kind(cue)  # type: ignore[assignment]
        region = Span(region_start, m.start())
        listing = _listing_after(text, m.end(), sentence.end) if kind == "attend" else None
        if listing is not None:
            subject = parse_subject(text, Span(listing, sentence.end), rules)
            if subject.kind == "persons":
                events.append(CueEvent(kind, Span(m.start(), m.end()), subject, sentence))
                previous, region_start = events[-1], sentence.end
                break
        subject = parse_subject(text, region, rules)
        if subject.kind != "none" and not _at_clause_start(text, sentence, region_start, subject.span.start):
            subject = Subject("none", region)
        if subject.kind == "none" and run_names:
            subject = _run_subject(text, region, run_names) or subject
        inherited = False
        if subject.kind == "none" and kind != "report":
            carried = _carried_subject(text, sentence, region, previous, rules)
            if carried is not None:
                subject, inherited = carried, True
        if subject.kind == "none" and kind == "chair" and visit is not None and _opens_clause(text, region):
            subject, inherited = visit.subject, True  # 甲到我县督导工作,并主持召开会议
        if subject.kind == "none" and kind == "report" and previous is not None and _joined_report(text, region):
            subject, inherited = previous.subject, True  # 收听收看会议并汇报: the verb joined by 并
        if subject.kind == "none" and kind == "report":
            continue  # 研究部署 with no subject: part of the clause, not a clause mark
        region_start = m.end()
        if subject.kind == "none":
            continue
        event = CueEvent(kind, Span(m.start(), m.end()), subject, sentence, inherited=inherited)
        if kind == "attend":
            event.venue = _venue(text, subject.adverbial if not inherited else region)
            if not inherited:
                event.venues = _paired_venues(text, subject)
            elif previous is not None and previous.kind == "attend" and event.venue is None:
                event.venue, event.venues = previous.venue, previous.venues  # 在分会场收听收看
        elif kind == "speech":
            content = trim(text, Span(m.end(), sentence.end), " \t\u3000,、;:。!?")
            event.content = content if len(content) else None
        elif kind == "summary" and not inherited:
            event.summary = _summary(text, subject, m.end())
        elif kind == "summary":
            event.summary = _summary_from(text, region, m.end())
        events.append(event)
        if cue in lexicon.words("visit_cues"):
            # 甲到我县调研时强调: a visit lends its subject to no cue after it save 主持
            region_start, visit = region.start, event
            continue
        previous = event
    return events


def _listing_after(text: str, cue_end: int, limit: int) -> int | None:
    """Where the names start in 出席会议的还有甲、乙, or None."""
    for pattern in lexicon.listing_patterns():
        m = pattern.match(text, cue_end, limit)
        if m:
            return m.end()
    return None


def _at_clause_start(text: str, sentence: Span, region_start: int, subject_start: int) -> bool:
    """A subject opens its clause: at the sentence start or after a clause mark (in
    出席会议并讲话, 会议 is the object of 出席, not the subject of 讲话)."""
    if region_start == sentence.start:
        return True
    return any(ch in ",;:" for ch in text[region_start:subject_start])


def _run_subject(text: str, region: Span, names: frozenset[str]) -> Subject | None:
    parts = comma_parts(text, region)
    if not parts:
        return None
    last = trim(text, parts[-1])
    persons = split_run_into_names(text, last, names)
    if not persons:
        return None
    return Subject("persons", last, persons, text=last.of(text))


def _carried_subject(
    text: str, sentence: Span, region: Span, previous: CueEvent | None, rules: NameRules
) -> Subject | None:
    """The subject of a cue that has none of its own: that of the cue before it in the same
    clause (出席会议并讲话); or, when the cue opens its clause (…,要求… / …,并主持召开…),
    that of the cue before it in the sentence, else the people opening the sentence.
    Report cues (部署, 传达) never take a subject this way: 主持召开会议研究部署 is what the
    meeting does."""
    if previous is not None and _same_clause(text, region):
        return previous.subject
    if not _opens_clause(text, region):
        return None
    if previous is not None:
        return previous.subject if previous.subject.kind in ("persons", "pronoun") else None
    for part in comma_parts(text, Span(sentence.start, region.end))[:-1]:
        subject = parse_subject(text, part, rules)
        if subject.kind == "persons" and subject.span.start == trim(text, part).start:
            return subject
    return None


def _joined_report(text: str, region: Span) -> bool:
    """A report cue joined by a connective to the cue before it in the same clause
    (出席会议并汇报, 并就…作部署): it shares that cue's subject; bare (研究部署) it does not."""
    body = region.of(text)
    if not _same_clause(text, region):
        return False
    if body.endswith(lexicon.words("carry_openers")):
        return True
    # 出席会议并就贯彻落实作具体部署: 并, then the object the report is about
    rest = body[body.rfind("并") + 1 :] if "并" in body else ""
    return rest.startswith(lexicon.words("summary_objects"))


def _opens_clause(text: str, region: Span) -> bool:
    """The cue starts its comma clause, alone or after a connective (并, 随后), itself
    perhaps followed by an adverbial opened by a subject marker (并于会后参加)."""
    body = region.of(text)
    cut = max(body.rfind(ch) for ch in ",;:")
    if cut < 0:
        return False
    rest = body[cut + 1 :].strip()
    if not rest:
        return True
    for opener in sorted(lexicon.words("carry_openers"), key=len, reverse=True):
        if rest.startswith(opener):
            after = rest[len(opener) :]
            return not after or any(after.startswith(m) for m in lexicon.words("subject_markers"))
    # …检查工作后,于当晚主持召开: a short adverbial alone before the cue
    return len(rest) <= _MAX_ADVERBIAL and any(rest.startswith(m) for m in _ADVERBIAL_OPENERS)


def _same_clause(text: str, region: Span) -> bool:
    """A space ends a clause too: headline lines run together (甲主持并讲话 乙丙出席)."""
    body = region.of(text)
    return len(body) <= _MAX_INHERIT_GAP and not any(ch in body for ch in ",;:。 \t\u3000")


def _venue(text: str, adverbial: Span | None) -> Venue | None:
    if adverbial is None:
        return None
    phrase = adverbial.of(text)
    found = {venue for word, venue in lexicon.table("venue_cues") if word in phrase}
    if "main" in found:
        return "main"
    if "branch" in found:
        return "branch"
    return None


def branch_setting(text: str, sentence: Span) -> bool:
    """The sentence says the report's side follows the meeting at a branch venue, naming
    no one (某区设分会场组织收听收看): attendance the next sentence states with no venue
    of its own (书记甲、区长乙参加会议) is at that branch venue. Not when the main venue is
    named too, nor for branch venues set up everywhere (各市设分会场)."""
    phrase = sentence.of(text)
    cues = lexicon.table("venue_cues")
    if any(word in phrase for word, venue in cues if venue == "main"):
        return False
    found = [phrase.find(word) for word, venue in cues if venue == "branch" and word in phrase]
    if not found:
        return False
    at = min(found)
    clause_start = max(phrase.rfind(ch, 0, at) for ch in ",;:") + 1
    if "各" in phrase[clause_start:at]:
        return False
    return any(verb in phrase[at:] for verb in lexicon.words("attend_verbs"))


def _paired_venues(text: str, subject: Subject) -> list[Venue] | None:
    """甲、乙分别在主会场和某分会场参加: as many venue words as people, after 分别 — paired
    in order."""
    if subject.adverbial is None or len(subject.persons) < 2:
        return None
    phrase = subject.adverbial.of(text)
    for closer in lexicon.words("list_closers"):
        phrase = phrase.removeprefix(closer)
    if not any(phrase.startswith(w) for w in lexicon.words("respectively_cues")):
        return None
    found = sorted((m.start(), venue) for word, venue in lexicon.table("venue_cues")
                   for m in re.finditer(re.escape(word), phrase))
    if len(found) != len(subject.persons):
        return None
    return [venue for _, venue in found]  # type: ignore[misc]


def _summary(text: str, subject: Subject, cue_end: int) -> Span | None:
    """对下一阶段工作作出安排: the adverbial opened by 对/就 together with the cue."""
    if subject.adverbial is None:
        return None
    return _summary_from(text, subject.adverbial, cue_end)


def _summary_from(text: str, region: Span, cue_end: int) -> Span | None:
    phrase = region.of(text)
    for marker in lexicon.words("summary_objects"):
        at = phrase.find(marker)
        if at >= 0:
            return Span(region.start + at, cue_end)
    return None
