"""Where a report names a meeting, and how.

A meeting is named in one of five ways:
  held      召开/举行 + name              (主持召开省…领导小组(扩大)会议, 召开甲会、乙会)
  located   name + [在 place] + 召开/举行  (全省…电视电话会议在某市召开)
  acting    name + what it does          (县委常委会传达学习…, only when nothing else names one)
  spoken    在 + name + 上 + speech verb   (在…视频会议上强调, mostly headlines)
  attended  参加/收听收看 + name           (组织收听收看全省…视频会议)
Mentions in a relaying context (在全国…会议之后, 在…会议上的重要讲话, …会议精神) are not
meetings of the report. Which mentions open a meeting, and the stretch of text each
meeting covers, is settled in `etl.parse.stretches`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from etl.parse import lexicon
from etl.parse.layout import Line, line_sentences
from etl.parse.text import comma_parts, trim
from etl.spans import Span

MentionKind = Literal["held", "located", "spoken", "attended", "acting"]

_NAME_STOP = set(",。;:!?“”\"'\n\t \u3000")
_MAX_NAME = 48
_FORM_TAIL = re.compile(r"(?:以|通过|采取|采用)[^,。;]{1,10}?(?:形式|方式)$")
_MAX_QUOTE = 10  # a quoted phrase inside a name: “两节”, “四早”
_RELAY_WINDOW = 6


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
    qualifier: str | None = None  # 乙市 of 甲省、乙市…会议先后召开, split into two meetings


@cache
def _suffix_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(("会议",) + lexicon.words("meeting_suffixes")))


@cache
def _gap_before_verb() -> re.Pattern[str]:
    """What may stand between a meeting's name and 召开: nothing, a date (…会议3日召开) or a
    relative day (…会议今天举行), 在 + place, the form it takes (…会议以视频形式召开)."""
    days = lexicon.alternation([row[0] for row in lexicon.table("relative_days")])
    return re.compile(rf"(?:(?:(?:\d{{1,2}}月)?\d{{1,2}}日|{days})(?:[上下]午|晚上?)?)?(?:在.{{0,12}})?"
                      r"(?:(?:以|通过|采取|采用)[^,。;]{1,10}?(?:形式|方式))?")


@cache
def _adverb_tail() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation(lexicon.words('hold_adverbs'))})+$")


@cache
def _date_or_adverb_tail() -> re.Pattern[str]:
    adverbs = lexicon.alternation(lexicon.words("hold_adverbs"))
    return re.compile(rf"(?:(?:\d{{1,2}}月)?\d{{1,2}}日(?:[上下]午|晚上?)?|{adverbs})+$")


@cache
def _not_meeting() -> tuple[str, ...]:
    return lexicon.words("not_meeting_words")


def _name_end(text: str, start: int, limit: int) -> int | None:
    """End of a meeting name starting at `start`: the first meeting ending (会议 or a
    listed suffix), extended over 会议 / (扩大)会议 right after it and over 暨 joins."""
    stop = start
    while stop < limit and stop - start < _MAX_NAME:
        if text[stop] == "“" and (close := _quote_end(text, stop, limit)):
            stop = close
        elif text[stop] in _NAME_STOP:
            break
        else:
            stop += 1
    pos = start
    while True:
        m = _suffix_regex().search(text, pos, stop)
        while m and any(_is_word_at(text, start, m, w) for w in _not_meeting()):
            if text.startswith("会议", m.end()):
                break
            m = _suffix_regex().search(text, m.end(), stop)
        if not m:
            return None if pos == start else pos
        end = m.end()
        if m.group(0).endswith("会") and (over := _suffix_regex().match(text, end - 1, stop)):
            end = over.end()  # 指挥部会 + 会商会: an ending that shares its 会 with a longer one
        if text.startswith("议", end) and m.group(0).endswith("会"):
            end += 1
        ext = re.compile(r"(?:\(扩大\))?(?:扩大)?会议").match(text, end, stop)
        if ext and m.group(0) != "会议":
            end = ext.end()
        if end < stop and text[end] == "暨":
            pos = end + 1
            continue
        return end


def _quote_end(text: str, start: int, limit: int) -> int | None:
    """End of a short quoted phrase inside a name (全省“两节”疫情防控工作会议)."""
    close = text.find("”", start + 1, min(limit, start + _MAX_QUOTE + 2))
    if close < 0 or any(ch in _NAME_STOP for ch in text[start + 1 : close]):
        return None
    return close + 1


def _start_back(text: str, end: int, floor: int) -> int:
    """Start of the name ending at `end`: back to a stop character, 在 or a colon (over
    short quoted phrases)."""
    start = end
    while start > floor and end - start < _MAX_NAME:
        ch = text[start - 1]
        if ch == "”":
            opening = text.rfind("“", max(floor, start - _MAX_QUOTE - 2), start - 1)
            if opening >= 0 and _quote_end(text, opening, end) == start:
                start = opening
                continue
        if ch in _NAME_STOP or ch in "在:":
            break
        start -= 1
    return start


def _is_word_at(text: str, start: int, m: re.Match[str], word: str) -> bool:
    """The meeting ending `m` is only the tail of a non-meeting word (社会, 委员会); a
    longer ending holding such a word (会商会 holds 商会) is still a meeting."""
    begin = m.end() - len(word)
    return len(word) >= len(m.group(0)) and begin >= start and text[begin : m.end()] == word


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
    clause = _FORM_TAIL.sub("", clause)  # 领导小组以视频形式召开第五次会议
    clause = _date_or_adverb_tail().sub("", clause)  # 省委常委会3日召开会议, 领导小组第一时间召开会议
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


@cache
def _mention_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """held, attend, located, spoken, and `verb_or_act`: a hold verb or meeting act, which
    every `located` match holds (a sentence without one has no located mention)."""
    hold = lexicon.alternation(lexicon.words("hold_verbs"))
    held = re.compile(lexicon.alternation(lexicon.words("hold_verbs") + lexicon.words("preside_verbs")))
    attend = re.compile(lexicon.alternation(lexicon.words("attend_verbs")))
    acts = lexicon.alternation(lexicon.words("meeting_acts"))
    located = re.compile(rf"(?:在[^,。;]{{1,12}}?)?(?:{hold})(?!后)|(?:{acts})")
    spoken = re.compile(r"在([^,。;在]{2,48}?)上(?=" + lexicon.alternation(tuple(lexicon.speech_cues())) + ")")
    verb_or_act = re.compile(rf"(?:{hold})|(?:{acts})")
    return held, attend, located, spoken, verb_or_act


def find_mentions(text: str, lines: list[Line]) -> list[MeetingMention]:
    out: list[MeetingMention] = []
    held, attend, located, spoken, verb_or_act = _mention_patterns()
    for line in lines:
        if line.kind not in ("headline", "body", "caption"):
            continue
        for sent in line_sentences(text, line):
            for m in held.finditer(text, sent.start, sent.end):
                for name_span in _names_after(text, m.end(), sent.end):
                    if _is_relay(text, sent, name_span) or _is_blocked(text, sent, m.start()) \
                            or m.group(0) in lexicon.words("preside_verbs") and _is_generic(name_span.of(text)):
                        continue
                    out.append(_held(text, sent, m, name_span, line.kind))
            for m in attend.finditer(text, sent.start, sent.end):
                for name_span in _names_after(text, m.end(), sent.end):
                    name = name_span.of(text)
                    if _is_generic(name) or _is_relay(text, sent, name_span) or _is_blocked(text, sent, m.start()):
                        continue
                    out.append(MeetingMention("attended", name, name_span, Span(m.start(), m.end()), sent, line.kind,
                                              organiser_in_name(name)))
            if verb_or_act.search(text, sent.start, sent.end):
                for part in comma_parts(text, sent):
                    out.extend(_located(text, sent, trim(text, part), located, line.kind))
            for sm in spoken.finditer(text, sent.start, sent.end):
                name_span = _after_hold_verb(text, Span(sm.start(1), sm.end(1)), held)
                end = _name_end(text, name_span.start, name_span.end + 1)
                if end != name_span.end or _is_relay(text, sent, name_span):
                    continue
                name = name_span.of(text)
                out.append(MeetingMention("spoken", name, name_span, name_span, sent, line.kind,
                                          organiser_in_name(name), _is_generic(name)))
    out.sort(key=lambda mm: mm.anchor.start)
    return out


def _names_after(text: str, start: int, limit: int) -> list[Span]:
    """The meeting names right after a verb: one, or a list joined by 、 (召开甲会、乙会).
    召开的调度会 names a meeting again: the 的 is not part of the name."""
    if text.startswith("的", start):
        start += 1
    end = _name_end(text, start, limit)
    if end is None:
        return []
    out = [Span(start, end)]
    while end < limit and text[end] == "、":
        nxt = _name_end(text, end + 1, limit)
        if nxt is None:
            break
        out.append(Span(end + 1, nxt))
        end = nxt
    return out


def _after_hold_verb(text: str, span: Span, held: re.Pattern[str]) -> Span:
    """在3日召开的全市…会议上: the name starts after 召开的."""
    last = None
    for m in held.finditer(text, span.start, span.end):
        if text.startswith("的", m.end()):
            last = m.end() + 1
    return Span(last, span.end) if last is not None and last < span.end else span


@cache
def _in_turn() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("in_turn_words")))


# 甲省、乙市 at the start of a joint name: places (or bare levels) joined by 、.
_JOINT_PLACES = re.compile(r"(?:[\u4e00-\u9fff]{0,8}?[国省市县区州旗盟])(?:、[\u4e00-\u9fff]{0,8}?[国省市县区州旗盟])+")


def _located(text: str, sent: Span, part: Span, located: re.Pattern[str], line_kind: str) -> list[MeetingMention]:
    """全省…会议在某市召开; 甲省、乙市…会议先后召开 gives one meeting per place."""
    lm = located.search(text, part.start, part.end)
    if not lm:
        return []
    end = _name_end(text, part.start, lm.start())
    if end is None:
        return []
    gap = _adverb_tail().sub("", text[end : lm.start()])
    turn = _in_turn().search(gap)
    if turn and turn.end() == len(gap):
        gap = gap[: turn.start()]
    if not _gap_before_verb().fullmatch(gap):
        return []
    name_span = _strip_lead_date(text, trim(text, Span(part.start, end)))
    if len(name_span) < 2 or _is_relay(text, sent, name_span):
        return []
    name = name_span.of(text)
    anchor = Span(lm.start(), lm.end())
    if lm.group(0) in lexicon.words("meeting_acts"):
        return [MeetingMention("acting", name, name_span, anchor, sent, line_kind, organiser_in_name(name),
                               _is_generic(name))]
    joint = _JOINT_PLACES.match(name)
    if turn and joint:
        rest = name[joint.end() :]
        return [MeetingMention("located", place + rest, None, anchor, sent, line_kind, organiser_in_name(place + rest),
                               False, place) for place in joint.group(0).split("、")]
    return [MeetingMention("located", name, name_span, anchor, sent, line_kind, organiser_in_name(name),
                           _is_generic(name))]


def relay_spans(text: str, lines: list[Line]) -> list[Span]:
    """Names of meetings that are only relayed or studied (在全国…会议之后, …会议精神)."""
    out: list[Span] = []
    for line in lines:
        for sent in line_sentences(text, line):
            for m in _suffix_regex().finditer(text, sent.start, sent.end):
                end = m.end() + (1 if text.startswith("议", m.end()) and m.group(0).endswith("会") else 0)
                start = _start_back(text, m.start(), sent.start)
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


def headline_names(text: str, lines: list[Line]) -> list[MeetingMention]:
    """Meeting names written in a headline without a verb (全市疫情防控调度会 | 会议指出…)."""
    out: list[MeetingMention] = []
    for line in lines:
        if line.kind != "headline":
            continue
        for sent in line_sentences(text, line):
            for m in _suffix_regex().finditer(text, sent.start, sent.end):
                start = _start_back(text, m.start(), sent.start)
                end = _name_end(text, start, sent.end)
                if end is None or end < m.end() or end - start < 3 or any(mm.name_span == Span(start, end) for mm in out):
                    continue
                span = Span(start, end)
                if _is_relay(text, sent, span):
                    continue
                name = span.of(text)
                out.append(MeetingMention("located", name, span, span, sent, line.kind, organiser_in_name(name),
                                          _is_generic(name)))
    return out
