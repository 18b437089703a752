"""Leaders referred to but not taking part: a name written before a national leader's
title (甲总书记 whose speech is studied). They never count as attendees."""

from __future__ import annotations

import re
from functools import cache

from etl.parse import lexicon, refs
from etl.parse.layout import Line
from etl.parse.records import PersonMention
from etl.spans import Span


@cache
def _title_regex() -> re.Pattern[str]:
    return re.compile(lexicon.alternation(lexicon.words("mention_titles")))


def find_mentions(text: str, lines: list[Line]) -> list[PersonMention]:
    out: list[PersonMention] = []
    for line in lines:
        if line.kind not in ("headline", "body", "caption"):
            continue
        for m in _title_regex().finditer(text, line.span.start, line.span.end):
            for n in (3, 2, 4):
                start = m.start() - n
                if start < line.span.start:
                    continue
                name = text[start : m.start()]
                if refs.is_plausible_person_name(name, m.group(0)):
                    out.append(PersonMention(name, Span(start, m.start()), m.group(0)))
                    break
    # one record per person: the first mention
    first: dict[str, PersonMention] = {}
    for pm in out:
        first.setdefault(pm.name, pm)
    return list(first.values())
