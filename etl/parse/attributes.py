"""Attributes of one meeting read from its name and lead: date, format, level, session."""

from __future__ import annotations

import re
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.dates import DateMention, find_dates, pick_meeting_date
from etl.parse.layout import Line
from etl.parse.records import MeetingDate, MeetingFormat, MeetingLevel
from etl.parse.text import cn_to_int, sentences
from etl.spans import Span

_SESSION = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})次")
_FORM_SENTENCE = re.compile(r"形式|方式")
_CLAUSE_BREAK = re.compile(r"[,,;;:: ]+")
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
_LEADING_PLACE_WINDOW = 24
# Two or more level words in a row, each maybe with a bracketed aside: 市(地)、县(市、区)
_LEVEL_LIST = re.compile(r"^(?:[省市县区州盟旗地](?:\([^)]{0,8}\))?[、,]?){2,}(?![委政])")


def meeting_date(
    text: str, lines: list[Line], lead: Span | None, anchor: int | None, previous: MeetingDate | None
) -> MeetingDate:
    """The date of a meeting: written in its lead sentence (the month filled from the
    dateline or a caption when only the day is written), else the previous meeting's."""
    found = pick_meeting_date(text, lead, anchor if anchor is not None else lead.start) if lead else None
    context = _context_dates(text, lines)
    if found is None:
        if previous is not None:
            return previous
        found = next((d for d in context if not d.dateline), None) or (context[0] if context else None)
    if found is None:
        return MeetingDate(None, None)
    month = found.month
    if month is None:
        same_day = [d for d in context if d.month is not None and d.day == found.day]
        earlier = [d for d in context if d.month is not None and d.dateline and d.day >= found.day]
        pick = same_day[0] if same_day else (earlier[0] if earlier else None)
        month = pick.month if pick else None
    return _with_year(text, found, month)


def _context_dates(text: str, lines: list[Line]) -> list[DateMention]:
    """Dates in headlines, captions and datelines of the first body lines."""
    out: list[DateMention] = []
    body_seen = 0
    for line in lines:
        if line.kind == "body":
            body_seen += 1
            if body_seen > 2:
                continue
            out.extend(d for d in find_dates(text, line.span) if d.dateline)
        elif line.kind in ("headline", "caption"):
            out.extend(find_dates(text, line.span))
    return out


def _with_year(text: str, found: DateMention, month: int | None) -> MeetingDate:
    if found.year is not None:
        return MeetingDate(found.text, found.span, found.year, month, found.day, False, None, found.time_of_day)
    year, markers = refs.infer_year(text, month)
    return MeetingDate(
        found.text, found.span, year, month, found.day, year is not None,
        ", ".join(markers) if year is not None and markers else None, found.time_of_day,
    )


def meeting_format(
    text: str, name: str, lead: Span | None, stretch: Span, relay: list[Span], anchor: int | None = None
) -> MeetingFormat | None:
    """From a sentence saying how the meeting was held (会议以视频形式召开, which outranks
    the name), then the name, then the comma clause of the lead holding the meeting at
    `anchor` (without relayed meetings' names, nor other clauses: 在全省视频会后,我县召开…会)."""
    pieces = []
    for sent in sentences(text, stretch):
        if _FORM_SENTENCE.search(sent.of(text)) and any(v in sent.of(text) for v in lexicon.words("hold_verbs")):
            pieces.append(sent.of(text))
    pieces.append(name)
    if lead is not None:
        clause = _clause_at(text, lead, anchor if anchor is not None else lead.start)
        pieces.append("".join(ch for i, ch in enumerate(clause.of(text), clause.start)
                              if not any(r.start <= i < r.end for r in relay)))
    for piece in pieces:
        for cue, fmt in lexicon.table("format_cues"):
            if cue in piece:
                return fmt  # type: ignore[return-value]
    return None


def _clause_at(text: str, sentence: Span, at: int) -> Span:
    """The comma clause of `sentence` holding position `at`."""
    start = sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if m.start() > at:
            return Span(start, m.start())
        start = m.end()
    return Span(start, sentence.end)


def meeting_level(
    chair_titles: list[str], organiser: str | None, name: str, lead_before_verb: str, speaker_titles: list[str]
) -> MeetingLevel | None:
    """Level of the body holding the meeting: the organiser, the name, the body before the
    hold verb (省指挥办召开), our-own-place words before it (我市召开), then the chair's titles
    and the first speaker's (`speaker_titles`). A body may open with its place (某某省委, 某某县指挥部)."""
    chair_titles = chair_titles or holder_titles(lead_before_verb)
    for source in (organiser or "", name, subject_before_verb(lead_before_verb)):
        listed = _listed_levels(source)
        if listed:  # 市(地)、县(市、区)…会议: the levels taking part; the convener may be higher
            levels = listed + [lv for lv in [titles_level(chair_titles)] if lv]
            return min(levels, key=_LEVEL_RANK.__getitem__)  # type: ignore[return-value]
        level = body_level(source)
        if level:
            return level  # type: ignore[return-value]
    best: tuple[int, str] | None = None
    for word, level, *_ in lexicon.table("home_place_words"):
        at = lead_before_verb.rfind(word)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, level)
    if best:
        return best[1]  # type: ignore[return-value]
    for titles in (chair_titles, speaker_titles):
        level = titles_level(titles)
        if level:
            return level  # type: ignore[return-value]
    return None


def _listed_levels(name: str) -> list[str]:
    """Levels listed at the start of a name (省、市…, 市(地)、县(市、区)…, 省市…)."""
    m = _LEVEL_LIST.match(name)
    if not m:
        return []
    heads = re.sub(r"\([^)]*\)", "", m.group(0))
    levels = [lv for lv in (lexicon.level_of(ch) for ch in heads) if lv]
    return levels if len(levels) >= 2 else []


def titles_level(titles: list[str]) -> str | None:
    """The level of one person's post: the lowest level among the titles, since a higher
    one is held alongside it (省委常委、市委书记 → city)."""
    levels = [lv for lv in (body_level(t) for t in titles) if lv]
    return max(levels, key=_LEVEL_RANK.__getitem__) if levels else None


def body_level(text: str) -> str | None:
    """Level named at the start of a body, title or meeting name: a level word (省委…,
    全县…) or a place with what follows its stem (某某省委 → 省委 → province; a county-level
    city's 某某市委 → 市委 → city; 某某区指挥部 → the district's level)."""
    level = lexicon.level_of(text)
    if level or not text:
        return level
    place = next((p for p in refs.find_places(text[:_LEADING_PLACE_WINDOW]) if p.kind == "division"), None)
    if place is None or place.span.start != 0 or place.form == "abbreviation":
        return None
    if place.level == "province":  # 某某市委 of a municipality is a provincial body
        return "province"
    level = lexicon.level_of(place.as_written[-1] + text[place.span.end :])
    if level:
        return level
    return place.level if place.level in _LEVEL_RANK else None


def subject_before_verb(before_verb: str) -> str:
    """The body holding the meeting, written just before the hold verb in the lead's last
    clause (3月24日,省指挥办召开 → 省指挥办); empty when a person holds or chairs it there."""
    clause = last_clause(before_verb)
    if any(c in clause for c in lexicon.words("chair_cues")) or holder_titles(before_verb):
        return ""
    return clause


def holder_titles(before_verb: str) -> list[str]:
    """The titles of a person written as the one holding the meeting, opening the lead's
    last clause (省委常委、市委书记王某立即召开 → 省委常委, 市委书记)."""
    clause = last_clause(before_verb)
    for end in range(len(clause), 1, -1):
        run = refs.title_run_before(clause, end)
        if run is not None and run[0] == 0:
            return run[1]
    return []


def last_clause(before_verb: str) -> str:
    """The lead's last comma clause before the hold verb, without a leading date."""
    clause = _CLAUSE_BREAK.split(before_verb)[-1] if before_verb else ""
    return _leading_time().sub("", clause)


@cache
def _leading_time() -> re.Pattern[str]:
    parts = lexicon.alternation(lexicon.words("time_of_day"))
    return re.compile(rf"^(?:\d{{4}}年)?(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?(?:{parts}|晚)?")


def own_place_ending(text: str) -> str | None:
    """For a body named without its place (市委…, 全县…), the last character of its
    place's full name (市, 县); None otherwise."""
    for row in lexicon.table("level_cues"):
        if len(row) > 2 and text.startswith(row[0]):
            return row[2]
    return None


def session_no(name: str, lead: str | None) -> int | None:
    for source in (name, lead or ""):
        m = _SESSION.search(source)
        if m and (source is name or "会议" in source[m.end() : m.end() + 6]):
            return cn_to_int(m.group(1))
    return None
