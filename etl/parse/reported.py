"""What reported speech says, sentence by sentence.

A speech event's words run from its cue (past 了 or a second cue: 提出了…, 明确要求…) to
the next cue event of the sentence (to that event's subject when it is written after the
cue); a cue followed by nothing but punctuation (会议强调: at the end of a line) says what
the next paragraph says. Words whose first comma part ends on a speech cue (总书记多次强调,…)
relay someone else. The meeting speaks with no cue event of its own in a sentence opening
with it (会议听取汇报后强调,…) and in its lead when a body, not a person, holds it
(某指挥部召开第几次会议,学习…,强调要…), and sums up a list of tasks in one opening with it
(会议还对甲,乙等工作进行了安排).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.parse import lexicon
from etl.parse.people import NameRules, parse_subject
from etl.parse.roles import CueEvent
from etl.parse.text import comma_parts, outside_quotes, trim
from etl.spans import Span

_BODY_JUNK = " \t\u3000,、;:。!?—…-"
_PART_END = re.compile("[,;:]")
_MAX_RELAY_SUBJECT = 24


@dataclass(frozen=True, slots=True)
class Held:
    """A sentence where the meeting itself speaks: who held it, the cue, the words."""

    holder: Span
    cue: Span
    body: Span | None
    decision: bool = False  # the cue is a decision cue (决定, 要求)
    summary: bool = False  # 会议还对…进行了安排: the body is one instruction as it stands


def bodies(text: str, evs: list[CueEvent]) -> list[tuple[CueEvent, Span | None]]:
    """Each speech event of a sentence with its words (None when there are none)."""
    ordered = sorted(evs, key=lambda ev: ev.cue.start)
    out: list[tuple[CueEvent, Span | None]] = []
    for i, ev in enumerate(ordered):
        if ev.kind != "speech":
            continue
        if ev.content is None:
            out.append((ev, None))
            continue
        end = ev.content.end
        if i + 1 < len(ordered):
            nxt = ordered[i + 1]
            own = not nxt.inherited and nxt.subject.span.start >= ev.cue.end
            end = nxt.subject.span.start if own else nxt.cue.start
        out.append((ev, _words(text, _past_cue(text, ev.content.start, end), end)))
    return out


def is_decision(text: str, ev: CueEvent) -> bool:
    """会议决定, / 会议要求,: the first clause after the cue is an instruction in any case,
    when the cue follows its own subject or opens a comma part (not in 紧急通知要求,)."""
    if ev.cue.of(text) not in lexicon.words("decision_cues"):
        return False
    return not ev.inherited or _opens_part(text, ev.sentence, ev.cue.start)


def speaks(phrase: str) -> bool:
    """The phrase holds a speech cue (someone, maybe not found as a subject, speaking)."""
    return _speech_regex().search(phrase) is not None


def relayed(body: str) -> bool:
    """会议指出,总书记多次强调,…: what follows is someone else's words, quoted (not after
    a noun: 总书记的重要讲话,…)."""
    first = _PART_END.split(body, maxsplit=1)[0]
    m = _speech_cue_at_end().search(first)
    if m is None or m.start() == 0 or len(first) > _MAX_RELAY_SUBJECT:
        return False
    if m.group(0).endswith("讲话") or first[m.start() - 1] == "的":
        return False
    if first.startswith(lexicon.words("summary_objects")) and first.endswith(_summary_cues()):
        return False  # 对…提出要求, with no one else named: the speaker's own instruction
    return not lexicon.clause_opener_regex().match(first)


def held(text: str, sentence: Span, lead: bool = True) -> Held | None:
    """The meeting's own words in a sentence with no cue event: one opening with the
    meeting as subject (会议听取汇报后强调,…), or - while nothing has been said yet (`lead`),
    so that it is the meeting's own lead and not one it refers to - holding it with a body,
    not a person, as subject (某指挥部召开第几次会议,学习…,强调要…)."""
    opener = _meeting_opener(text, sentence)
    if opener is None and not (lead and lexicon.word_regex("hold_verbs").search(text, sentence.start, sentence.end)):
        return None  # no body can hold it either: `_body_holding` wants a hold verb
    flags = outside_quotes(text, sentence)
    holder = opener or _body_holding(text, sentence, flags)
    if holder is None:
        return None
    start = holder.end if opener else next(p.end for p in comma_parts(text, sentence) if p.end > holder.end)
    for cue in _speech_regex().finditer(text, start, sentence.end):
        if not flags[cue.start() - sentence.start]:
            continue
        same_part = (opener is not None and not _PART_END.search(text, start, cue.start())
                     and text[start : cue.start()].endswith(lexicon.words("speech_lead_ends")))
        if same_part or _opens_part(text, sentence, cue.start()):
            decision = cue.group(0) in lexicon.words("decision_cues")
            return Held(holder, Span(cue.start(), cue.end()), _words(text, cue.end(), sentence.end), decision)
    return _summed_up(text, sentence, opener, flags) if opener is not None else None


def _summed_up(text: str, sentence: Span, opener: Span, flags: list[bool]) -> Held | None:
    """会议还对甲、乙,丙等工作进行了安排: the meeting opening the sentence, then the object
    of a summary cue - a list of tasks that may run over commas - and the cue."""
    start = opener.end
    while not text.startswith(lexicon.words("summary_objects"), start):
        lead = next((w for w in lexicon.words("speech_lead_ends") if text.startswith(w, start)), None)
        if lead is None:
            return None
        start += len(lead)
    cues = [m for m in _summary_regex().finditer(text, start, sentence.end) if flags[m.start() - sentence.start]]
    if not cues:
        return None
    cue = cues[-1]
    return Held(opener, Span(cue.start(), cue.end()), Span(start, cue.end()), summary=True)


def lone_cue(text: str, sentence: Span) -> tuple[Span | None, bool]:
    """并指出,要… / 并就…提出要求: a sentence opening on a speech cue or on the object of a
    summary cue, maybe after a connective, with no subject of its own (it speaks for whoever
    acted in the sentence before). The words, and whether they are one summed-up instruction."""
    opener = next((w for w in sorted(lexicon.words("carry_openers"), key=len, reverse=True)
                   if text.startswith(w, sentence.start)), "")
    start = sentence.start + len(opener)
    m = _speech_regex().match(text, start, sentence.end)
    if m is not None:
        return _words(text, _past_cue(text, m.end(), sentence.end), sentence.end), False
    if opener and text.startswith(lexicon.words("summary_objects"), start):
        cue = _summary_regex().search(text, start, sentence.end)
        if cue is not None and not _PART_END.search(text, start, cue.start()):
            return Span(start, cue.end()), True
    return None, False


def colon_words(text: str, cue_end: int, end: int) -> tuple[bool, Span | None]:
    """甲就…提出要求:要…, or with the items on the lines after it: a summary cue followed
    by a colon or dash opens speech; (True, the words after it in the sentence, if any)."""
    rest = text[cue_end:end + 1].lstrip(" \t\u3000")
    if not rest.startswith((":", "—", "-")):
        return False, None
    return True, _words(text, cue_end, end)


@cache
def _meeting_subjects() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("meeting_subjects"), key=len, reverse=True))


def _meeting_opener(text: str, sentence: Span) -> Span | None:
    for word in _meeting_subjects():
        if text.startswith(word, sentence.start):
            return Span(sentence.start, sentence.start + len(word))
    return None


def _body_holding(text: str, sentence: Span, flags: list[bool]) -> Span | None:
    """The body before the first hold verb, when it is no person (我市, 某指挥部)."""
    verb = next((m for m in lexicon.word_regex("hold_verbs").finditer(text, sentence.start, sentence.end)
                 if flags[m.start() - sentence.start]), None)
    if verb is None or verb.group(0) in lexicon.words("chair_cues"):
        return None
    part = next(p for p in comma_parts(text, sentence) if p.start <= verb.start() < p.end)
    holder = trim(text, Span(part.start, verb.start()))
    before = holder.of(text)
    if not before or before in lexicon.words("subject_markers") or lexicon.has_modal(before):
        return None
    if parse_subject(text, holder, NameRules()).kind != "none":
        return None
    return holder


def _opens_part(text: str, sentence: Span, at: int) -> bool:
    """A cue opening a comma part, maybe after a connective (并, 还)."""
    before = text[sentence.start : at]
    cut = max(before.rfind(","), before.rfind(";"))
    if cut < 0:
        return False
    tail = before[cut + 1 :].strip(" \t\u3000、")
    return not tail or tail in lexicon.words("subject_markers")


def _past_cue(text: str, start: int, end: int) -> int:
    """Where the words begin: past a 了 (提出了…), a lead end closed by a comma (在讲话中,…)
    and a second cue (明确要求, 强调指出)."""
    if text.startswith("了", start):
        start += 1
    lead = next((w for w in lexicon.words("speech_lead_ends") if text.startswith(w, start)), None)
    if lead is not None and text.startswith((",", ":"), start + len(lead)):
        start += len(lead) + 1
    m = _speech_regex().match(text, start, end)
    return m.end() if m else start


def _words(text: str, start: int, end: int) -> Span | None:
    body = trim(text, Span(start, max(start, end)), _BODY_JUNK)
    return body if len(body) else None


@cache
def _speech_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation([cue for cue, kind in lexicon.speech_cues().items() if kind == "speech"]))


@cache
def _summary_cues() -> tuple[str, ...]:
    return tuple(cue for cue, kind in lexicon.speech_cues().items() if kind == "summary")


@cache
def _summary_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(_summary_cues()))


@cache
def _speech_cue_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{_speech_regex().pattern})$")
