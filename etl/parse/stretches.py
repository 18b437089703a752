"""Which meeting mentions open a meeting of the report, and the stretch of text each covers.

The first held, located or attended mention in the body opens meeting 1. A later mention
opens another meeting when it
  - holds or locates a new, specific name (召开续会; 召开甲会、乙会; 会议同时套开了…第五次
    会议; 全国…会议召开。…全省…会议随即召开),
  - holds a meeting after a sequel marker in a later sentence, even under a shorter form
    of the name before (全国…会议召开。…随后,我市召开…会议; not 随后召开的…会, which
    refers back, nor the next place of a joint name),
  - holds an unnamed meeting after one the report's people only attended, or after a
    sequel marker (组织参加全国…会议。…结束后, 县长立即主持召开会议),
  - attends a new meeting after a sequel marker (并于会后参加…调度会),
  - or is the next place of a joint name held in turn (甲省、乙市…会议先后召开).
After a single meeting followed from a branch venue, a later sentence opening with 会议后,
and going on to a speech (…会议后,就贯彻落实会议精神,甲强调) opens an unnamed meeting.
A meeting opened in the sentence of the one before it, or sitting jointly with it (同时
套开), shares that stretch unless a later sentence names it alone (随后召开的调度会…,
乙市随即召开电视电话会), then its stretch starts there, or a sequel marker follows the
first one in that sentence (…会议,会后召开…), then it starts at that clause.
With none of these, the first other mention is the report's meeting (a headline's, 在…会
议上强调, 县委常委会传达学习…); with no mention at all, a meeting named in the headline,
or an unnamed one implied by 主持会议 / 会议强调 in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from etl.parse import lexicon
from etl.parse.layout import Line, line_sentences
from etl.parse.meetings import MeetingMention, headline_names, same_meeting
from etl.spans import Span


@dataclass(slots=True)
class MeetingStretch:
    lead: MeetingMention | None  # the mention that opens it in the body
    mentions: list[MeetingMention] = field(default_factory=list)
    span: Span = field(default_factory=lambda: Span(0, 0))


def _has(text: str, name: str) -> bool:
    return any(w in text for w in lexicon.words(name))


@cache
def _implied_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in lexicon.words("implied_meeting_cues"))


def stretches(text: str, lines: list[Line], mentions: list[MeetingMention]) -> list[MeetingStretch]:
    """Meetings in order with the stretch of text each covers (meeting 1 from the top)."""
    body = [mm for mm in mentions if mm.line_kind == "body" and mm.kind in ("held", "located", "attended")]
    leads: list[MeetingMention] = []
    for mm in body:
        if not leads or _opens(text, mm, leads):
            leads.append(mm)
    if len(leads) == 1:
        follow = _follow_up(text, lines, leads[0])
        if follow is not None:
            leads.append(follow)
            mentions = mentions + [follow]
    if not leads:
        if all(mm.generic for mm in mentions):  # 会议听取…: the headline may name it
            implied = [] if mentions else _implied(text, lines)
            mentions = mentions + implied + headline_names(text, lines)
        if not mentions:
            return []
        leads = [mentions[0]]
    end = lines[-1].span.end if lines else len(text)
    starts = _starts(text, mentions, leads)
    bounds = sorted(set(starts)) + [end]
    out = [MeetingStretch(lead, [], Span(start, next(b for b in bounds if b > start)))
           for lead, start in zip(leads, starts, strict=True)]
    for mm in mentions:
        own = [st for st in out if st.lead is mm]
        if own:
            own[0].mentions.append(mm)
            continue
        # a headline or caption name goes to the meeting it names, else to the first
        holding = [st for st in out if st.span.start <= mm.anchor.start < st.span.end or mm.line_kind != "body"]
        agreeing = [st for st in holding if st.lead is not None and same_meeting(mm.name, st.lead.name)]
        if holding:
            (agreeing or holding)[0].mentions.append(mm)
    return out


def _opens(text: str, mm: MeetingMention, leads: list[MeetingMention]) -> bool:
    prev = leads[-1]
    if mm.qualifier and prev.qualifier and mm.anchor == prev.anchor:
        return True
    if mm.anchor == prev.anchor and mm.name == prev.name:
        return False
    sequel = _sequel_at(text, prev, mm) is not None
    if mm.generic:
        return mm.kind == "held" and (sequel or prev.kind == "attended" and mm.sentence != prev.sentence)
    if (sequel and mm.kind == "held" and mm.sentence != prev.sentence and mm.name != prev.name
            and not prev.qualifier and not text.startswith("的", mm.anchor.end)):
        return True  # 全国…会议召开。…随后,我市召开…会议: a follow-up under a shorter name
    if any(same_meeting(mm.name, lead.name) for lead in leads):
        return False
    return mm.kind in ("held", "located") or sequel


def _starts(text: str, mentions: list[MeetingMention], leads: list[MeetingMention]) -> list[int]:
    """Where each meeting's stretch starts (a meeting sharing the one before starts with it)."""
    starts: list[int] = []
    for i, lead in enumerate(leads):
        if i == 0:
            starts.append(0)
            continue
        prev = leads[i - 1]
        joint = _has(text[lead.sentence.start : lead.anchor.end], "joint_markers")
        if lead.sentence != prev.sentence and not joint:
            starts.append(lead.sentence.start)
            continue
        group = [ld for ld in leads if ld.sentence == lead.sentence or ld is prev]
        ref = next((mm for mm in mentions if mm.line_kind == "body" and mm.sentence.start >= lead.sentence.end
                    and not any(mm is ld for ld in leads) and _names_alone(text, mm, lead, group)), None)
        sequel = _sequel_at(text, prev, lead) if lead.sentence == prev.sentence else None
        starts.append(ref.sentence.start if ref else sequel if sequel is not None else starts[-1])
    return starts


def _sequel_at(text: str, prev: MeetingMention, mm: MeetingMention) -> int | None:
    """Start of the clause holding a sequel marker before `mm`'s verb and after the
    previous meeting's (组织收看…会议,会后召开…会议 → the clause 会后召开…)."""
    start = max(mm.sentence.start, prev.anchor.end)
    window = text[start : mm.anchor.start]
    hits = [window.find(w) for w in lexicon.words("sequel_markers") if w in window]
    if not hits:
        return None
    cut = max((i for i, ch in enumerate(window[: min(hits)]) if ch in ",;:"), default=-1)
    return start + cut + 1


def _names_alone(text: str, mm: MeetingMention, lead: MeetingMention, group: list[MeetingMention]) -> bool:
    """`mm` names `lead` and no other meeting of its group (a shared name is settled by
    the place a split name was made for, in the clause holding it: 乙市随即召开电视电话会)."""
    if mm.generic or not same_meeting(mm.name, lead.name):
        return False
    others = [g for g in group if g is not lead and same_meeting(mm.name, g.name)]
    if not others:
        return True
    window = re.split(r"[,;:]", text[mm.sentence.start : mm.anchor.end])[-1]
    return bool(lead.qualifier) and lead.qualifier in window and \
        not any(g.qualifier and g.qualifier in window for g in others)


_AFTER_MEETING = re.compile(r"[^,。;]{0,10}?会议?(?:结束)?[之以]?后[,:]")
_SPEECH = re.compile(r"强调|指出|要求")


def _follow_up(text: str, lines: list[Line], lead: MeetingMention) -> MeetingMention | None:
    """An unnamed meeting of the report's own people after one they followed from a branch
    venue: 市…会议召开,我区设分会场组织收听收看。…会议后,就贯彻落实会议精神,甲强调,…"""
    if not _has(text[lead.sentence.start : lead.sentence.end], "branch_cues"):
        return None
    for line in lines:
        if line.kind != "body" or line.span.end <= lead.sentence.end:
            continue
        for sent in line_sentences(text, line):
            if sent.start < lead.sentence.end:
                continue
            m = _AFTER_MEETING.match(text, sent.start, sent.end)
            if m and _SPEECH.search(text, m.end(), sent.end):
                anchor = Span(m.start(), m.end() - 1)
                return MeetingMention("held", "会议", None, anchor, sent, "body", None, True)
    return None


def _implied(text: str, lines: list[Line]) -> list[MeetingMention]:
    """An unnamed meeting the body implies (主持会议, 会议强调) where nothing names one."""
    for line in lines:
        if line.kind != "body":
            continue
        for sent in line_sentences(text, line):
            for cue in _implied_cues():
                m = cue.search(sent.of(text))
                if m:
                    anchor = Span(sent.start + m.start(), sent.start + m.end())
                    return [MeetingMention("held", "会议", None, anchor, sent, "body", None, True)]
    return []


def best_name(stretch: MeetingStretch) -> MeetingMention | None:
    """The most complete name among the mentions of the same meeting: the longest
    specific one that agrees with the lead, or is written in a headline or caption (not
    for one place of a split joint name: the headline names them together). A name only
    doing something (…会议研究部署了) may be told in a speech, so it names only its own."""
    lead = stretch.lead
    pool = [mm for mm in stretch.mentions if not mm.generic and (mm.kind != "acting" or mm is lead)]
    if lead is not None:
        same = [mm for mm in pool if mm is lead or same_meeting(mm.name, lead.name)
                or (mm.line_kind != "body" and lead.qualifier is None)]
        pool = same or pool
    if not pool:
        return lead
    return max(pool, key=lambda mm: (len(_key(mm.name)), mm.name_span is not None))


def _key(name: str) -> str:
    return re.sub(r"[^\u3400-\u9fff\w]", "", name)
