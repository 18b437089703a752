"""Which meetings a report is about, and where each one's stretch of text begins.

A meeting is named in one of three ways:
  held      召开/举行 + name              (主持召开省…领导小组(扩大)会议)
  located   name + [在 place] + 召开/举行  (全省…电视电话会议在某市召开)
  spoken    在 + name + 上 + speech verb   (在…视频会议上强调, mostly headlines)
Mentions in a relaying context (在全国…会议之后, 在…会议上的重要讲话, …会议精神) are not
meetings of the report. The first held/located mention in the body opens meeting 1; each
later held mention in the body with a new, specific name opens another (召开续会).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from etl.parse import lexicon
from etl.parse.layout import Line
from etl.parse.text import comma_parts, sentences, trim
from etl.spans import Span

MentionKind = Literal["held", "located", "spoken"]

_NAME_STOP = set(",。;:!?“”\"'\n\t \u3000")
_MAX_NAME = 48
_RELAY_WINDOW = 6
# What may stand between a meeting's name and 召开: nothing, a date (…会议3日召开), 在 + place.
_GAP_BEFORE_VERB = re.compile(r"(?:(?:\d{1,2}月)?\d{1,2}日(?:[上下]午|晚上?)?)?(?:在.{0,12})?")


@dataclass(frozen=True, slots=True)
class MeetingMention:
    kind: MentionKind
    name: str  # as written, or organiser + generic name when composed
    name_span: Span | None  # exact span of `name` when it is written as one run
    anchor: Span  # the hold verb (or the name for `spoken`)
    sentence: Span
    line_kind: str
    organiser: str | None = None
    generic: bool = False  # 第十二次会议 / 会议 with no organiser found


@dataclass(slots=True)
class MeetingStretch:
    lead: MeetingMention | None  # the mention that opens it in the body
    mentions: list[MeetingMention] = field(default_factory=list)
    span: Span = Span(0, 0)


@cache
def _suffix_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(("会议",) + lexicon.words("meeting_suffixes")))


@cache
def _not_meeting() -> tuple[str, ...]:
    return lexicon.words("not_meeting_words")


def _name_end(text: str, start: int, limit: int) -> int | None:
    """End of a meeting name starting at `start`: the first meeting ending (会议 or a
    listed suffix), extended over 会议 / (扩大)会议 right after it and over 暨 joins."""
    stop = start
    while stop < limit and stop - start < _MAX_NAME and text[stop] not in _NAME_STOP:
        stop += 1
    pos = start
    while True:
        m = _suffix_regex().search(text, pos, stop)
        while m and any(text[max(start, m.end() - len(w)) : m.end()] == w for w in _not_meeting()):
            if text.startswith("会议", m.end()):
                break
            m = _suffix_regex().search(text, m.end(), stop)
        if not m:
            return None if pos == start else pos
        end = m.end()
        if text.startswith("议", end) and m.group(0).endswith("会"):
            end += 1
        ext = re.compile(r"(?:\(扩大\))?(?:扩大)?会议").match(text, end, stop)
        if ext and m.group(0) != "会议":
            end = ext.end()
        if end < stop and text[end] == "暨":
            pos = end + 1
            continue
        return end


def _is_relay(text: str, sentence: Span, name: Span) -> bool:
    after = text[name.end : name.end + 4]
    if any(after.startswith(w) for w in lexicon.words("relay_after")):
        return True
    before = text[max(sentence.start, name.start - _RELAY_WINDOW) : name.start]
    before = re.split(r"[,;:。]", before)[-1]
    return any(w in before for w in lexicon.words("relay_before"))


def _is_blocked(text: str, sentence: Span, verb_start: int) -> bool:
    """原则上不召开…, 要及时召开…: the clause before the hold verb holds a blocker."""
    clause = re.split(r"[,;:。]", text[max(sentence.start, verb_start - _RELAY_WINDOW) : verb_start])[-1]
    blockers = [w for w in lexicon.words("hold_blockers") if w != "要"]
    return any(w in clause for w in blockers) or ("要" in lexicon.words("hold_blockers") and lexicon.has_modal(clause))


def _is_generic(name: str) -> bool:
    return any(p.fullmatch(name) for p in lexicon.generic_meeting_patterns())


def _organiser_before(text: str, sentence: Span, verb_start: int) -> str | None:
    """The body holding the meeting: the clause before the hold verb, when it ends with an
    organiser word (…领导小组召开第十二次会议)."""
    parts = comma_parts(text, Span(sentence.start, verb_start))
    if not parts:
        return None
    clause = trim(text, parts[-1]).of(text)
    clause = re.sub(r"^.*?(?:讯|日电)\s*", "", clause)
    clause = re.sub(r"^[^\u3400-\u9fff]+", "", clause)
    clause = re.sub(r"(?:\d{1,2}月)?\d{1,2}日(?:[上下]午|晚上?)?$", "", clause)  # 省委常委会3日召开会议
    for suffix in lexicon.words("organiser_suffixes"):
        if clause.endswith(suffix) and len(clause) <= 30:
            return clause
    return None


def organiser_in_name(name: str) -> str | None:
    """省疫情防控领导小组(扩大)会议 → 省疫情防控领导小组."""
    core = re.sub(r"(?:\(扩大\)|扩大)?(?:第[^次]{1,4}次)?(?:全体|扩大|专题)?会议$", "", name)
    for suffix in lexicon.words("organiser_suffixes"):
        if core.endswith(suffix) and core != name:
            return core
    return None


def find_mentions(text: str, lines: list[Line]) -> list[MeetingMention]:
    out: list[MeetingMention] = []
    hold = lexicon.alternation(lexicon.words("hold_verbs"))
    held = re.compile(hold)
    located = re.compile(rf"(?:在[^,。;]{{1,12}}?)?(?:{hold})(?!后)")
    spoken = re.compile(r"在([^,。;在]{2,48}?)上(?=" + lexicon.alternation(tuple(lexicon.speech_cues())) + ")")
    for line in lines:
        if line.kind not in ("headline", "body", "caption"):
            continue
        for sent in sentences(text, line.span):
            for m in held.finditer(text, sent.start, sent.end):
                end = _name_end(text, m.end(), sent.end)
                if end is None:
                    continue
                name_span = Span(m.end(), end)
                if _is_relay(text, sent, name_span) or _is_blocked(text, sent, m.start()):
                    continue
                out.append(_held(text, sent, m, name_span, line.kind))
            for part in comma_parts(text, sent):
                part = trim(text, part)
                lm = located.search(text, part.start, part.end)
                if not lm:
                    continue
                end = _name_end(text, part.start, lm.start())
                if end is None or not _GAP_BEFORE_VERB.fullmatch(text, end, lm.start()):
                    continue
                name_span = trim(text, Span(part.start, end))
                name_span = _strip_lead_date(text, name_span)
                if len(name_span) < 2 or _is_relay(text, sent, name_span):
                    continue
                name = name_span.of(text)
                out.append(MeetingMention("located", name, name_span, Span(lm.start(), lm.end()), sent, line.kind,
                                          organiser_in_name(name), _is_generic(name)))
            for sm in spoken.finditer(text, sent.start, sent.end):
                name_span = Span(sm.start(1), sm.end(1))
                end = _name_end(text, name_span.start, name_span.end + 1)
                if end != name_span.end or _is_relay(text, sent, name_span):
                    continue
                name = name_span.of(text)
                out.append(MeetingMention("spoken", name, name_span, name_span, sent, line.kind,
                                          organiser_in_name(name), _is_generic(name)))
    out.sort(key=lambda mm: mm.anchor.start)
    return out


def relay_spans(text: str, lines: list[Line]) -> list[Span]:
    """Names of meetings that are only relayed or studied (在全国…会议之后, …会议精神)."""
    out: list[Span] = []
    for line in lines:
        for sent in sentences(text, line.span):
            for m in _suffix_regex().finditer(text, sent.start, sent.end):
                end = m.end() + (1 if text.startswith("议", m.end()) and m.group(0).endswith("会") else 0)
                start = m.start()
                while start > sent.start and end - start < _MAX_NAME and text[start - 1] not in _NAME_STOP \
                        and text[start - 1] != "在":
                    start -= 1
                if _is_relay(text, sent, Span(start, end)):
                    out.append(Span(start, end))
    return out


def _strip_lead_date(text: str, span: Span) -> Span:
    m = re.match(r"^(?:\d{1,2}月)?\d{1,2}日(?:[上下]午|晚上?)?", span.of(text))
    return Span(span.start + m.end(), span.end) if m else span


def _held(text: str, sent: Span, m: re.Match[str], name_span: Span, line_kind: str) -> MeetingMention:
    name = name_span.of(text)
    organiser = _organiser_before(text, sent, m.start()) or organiser_in_name(name)
    generic = _is_generic(name)
    if generic and organiser and not name.startswith(organiser):
        return MeetingMention("held", organiser + name, None, Span(m.start(), m.end()), sent, line_kind,
                              organiser, False)
    return MeetingMention("held", name, name_span, Span(m.start(), m.end()), sent, line_kind, organiser, generic)


def _key(name: str) -> str:
    return re.sub(r"[^\u3400-\u9fff\w]", "", name)


def same_meeting(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return ka == kb or ka in kb or kb in ka


def stretches(text: str, lines: list[Line], mentions: list[MeetingMention]) -> list[MeetingStretch]:
    """Meetings in order with the stretch of text each covers (meeting 1 from the top)."""
    body = [mm for mm in mentions if mm.line_kind == "body" and mm.kind in ("held", "located")]
    leads: list[MeetingMention] = []
    for mm in body:
        if not leads:
            leads.append(mm)
            continue
        if mm.kind != "held" or mm.generic or mm.sentence == leads[-1].sentence:
            continue
        if any(same_meeting(mm.name, lead.name) for lead in leads):
            continue
        leads.append(mm)
    if not leads:
        if not mentions:
            return []
        leads = [mentions[0]]
    end = lines[-1].span.end if lines else len(text)
    out: list[MeetingStretch] = []
    for i, lead in enumerate(leads):
        start = 0 if i == 0 else lead.sentence.start
        stop = leads[i + 1].sentence.start if i + 1 < len(leads) else end
        out.append(MeetingStretch(lead, span=Span(start, stop)))
    for mm in mentions:
        for st in out:
            if st.span.start <= mm.anchor.start < st.span.end:
                st.mentions.append(mm)
                break
    return out


def best_name(stretch: MeetingStretch) -> MeetingMention | None:
    """The most complete name among the mentions of the same meeting: the longest
    specific one that agrees with the lead (meeting 1 also takes headline/caption names)."""
    lead = stretch.lead
    pool = [mm for mm in stretch.mentions if not mm.generic]
    if lead is not None:
        same = [mm for mm in pool if mm is lead or mm.line_kind != "body" or same_meeting(mm.name, lead.name)]
        pool = same or pool
    if not pool:
        return lead
    return max(pool, key=lambda mm: (len(_key(mm.name)), mm.name_span is not None))
