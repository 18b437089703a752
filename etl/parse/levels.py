"""The level of a meeting (province, city, county) and the ending of its own place's name,
read from the body holding it, its name, the clause before the hold verb and the titles
of who chairs it."""

from __future__ import annotations

import re
from functools import cache
from typing import cast

from etl.parse import lexicon, refs
from etl.parse.records import MeetingLevel

_CLAUSE_BREAK = re.compile(r"[,,;;:: ]+")
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
_LEADING_PLACE_WINDOW = 24
# Two or more level words in a row, each maybe with a bracketed aside: 市(地)、县(市、区)
_LEVEL_LIST = re.compile(r"^(?:[省市县区州盟旗地](?:\([^)]{0,8}\))?[、,]?){2,}(?![委政])")


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
            return cast(MeetingLevel, min(levels, key=_LEVEL_RANK.__getitem__))
        level = body_level(source)
        if level:
            return cast(MeetingLevel, level)
    best: tuple[int, str] | None = None
    for word, level, *_ in lexicon.table("home_place_words"):
        at = lead_before_verb.rfind(word)
        if level in _LEVEL_RANK and at >= 0 and (best is None or at > best[0]):
            best = (at, level)
    if best:
        return cast(MeetingLevel, best[1])
    for titles in (chair_titles, speaker_titles):
        level = titles_level(titles)
        if level:
            return cast(MeetingLevel, level)
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
    # only the ends a run from the clause's start can reach (trying every end of a long
    # clause made a long line quadratic)
    for end in sorted(refs.title_run_ends_from_start(clause), reverse=True):
        if end < 2:
            break
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
