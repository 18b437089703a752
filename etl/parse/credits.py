"""Who wrote, photographed, edited and checked the report, and which outlet ran it.

Credits come from labelled runs (编辑:甲 / 记者 乙 丙 / 文/丁 图/戊 / 己 摄) found in credit
lines, captions, the lead's bracket (全媒体记者 甲) and a bracket of bare names closing a
paragraph ((甲 乙) → reporters). The outlet comes from the dateline (湖南日报3月19日讯)
or, failing that, a 来源: line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.parse import lexicon
from etl.parse.layout import Line
from etl.parse.people import NameRules, valid_name
from etl.parse.records import Credit
from etl.spans import Span

_NAME = lexicon.CREDIT_NAME
_BRACKET = re.compile(r"\(([^()]{2,40})\)")


@dataclass(frozen=True, slots=True)
class CreditScan:
    credits: list[Credit]
    spans: list[Span]  # stretches of text that are credits (kept out of people and places)


@cache
def _roles() -> dict[str, str]:
    return {label: role for label, role, _where in lexicon.table("credit_labels")}


def find_credits(text: str, lines: list[Line], rules: NameRules) -> CreditScan:
    credits: list[Credit] = []
    spans: list[Span] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str, span: Span) -> None:
        if (name, role) in seen or not valid_name(name, rules):
            return
        seen.add((name, role))
        credits.append(Credit(name, role, span))  # type: ignore[arg-type]

    for line in lines:
        if line.kind in ("headline", "footer"):
            continue
        for area in _credit_areas(text, line):
            for m in lexicon.credit_regex().finditer(text, area.start, area.end):
                group = "names" if m.group("names") else "bare"
                role = _role_of(m)
                if role is None:
                    continue
                spans.append(Span(m.start(), m.end()))
                for nm in re.finditer(_NAME, m.group(group)):
                    start = m.start(group) + nm.start()
                    add(nm.group(0), role, Span(start, start + len(nm.group(0))))
        if line.kind in ("body", "credit"):
            for span, names in _name_brackets(text, line, rules):
                spans.append(span)
                for name, nspan in names:
                    add(name, "reporter", nspan)
    return CreditScan(credits, spans)


def _role_of(m: re.Match[str]) -> str | None:
    if m.group("after") or m.group("after2"):
        return "photographer"
    label = m.group("label")
    return _roles().get(label) if label else None


def _credit_areas(text: str, line: Line) -> list[Span]:
    """Where labelled credits may stand: whole credit/caption lines, brackets in body lines."""
    if line.kind in ("credit", "caption"):
        return [line.span]
    return [Span(m.start(1), m.end(1)) for m in _BRACKET.finditer(text, line.span.start, line.span.end)]


def _name_brackets(text: str, line: Line, rules: NameRules) -> list[tuple[Span, list[tuple[str, Span]]]]:
    """Brackets holding only names separated by spaces ((甲 乙)) → the reporters."""
    out = []
    for m in _BRACKET.finditer(text, line.span.start, line.span.end):
        inner = m.group(1)
        pieces = [(p.group(0), Span(m.start(1) + p.start(), m.start(1) + p.end())) for p in re.finditer(r"\S+", inner)]
        if len(pieces) < 1 or not re.fullmatch(r"[\u3400-\u9fff ·\u3000]+", inner):
            continue
        if len(pieces) == 1 and m.end() < line.span.end:  # a lone word mid-line is a gloss, not a byline
            continue
        if all(valid_name(p, rules) for p, _ in pieces):
            out.append((Span(m.start(), m.end()), pieces))
    return out


def find_outlet(text: str, lines: list[Line]) -> tuple[str | None, Span | None]:
    """The outlet named by the dateline of the first body lines, else by 来源:."""
    for line in [ln for ln in lines if ln.kind in ("body", "caption", "credit")][:3]:
        head = line.span.of(text)[:40]
        for pattern in lexicon.outlet_patterns():
            m = pattern.search(head)
            if not m:
                continue
            outlet = m.group("outlet")
            if outlet in lexicon.words("no_outlet_words"):
                return None, None
            start = line.span.start + m.start("outlet")
            return outlet, Span(start, start + len(outlet))
    for line in lines:
        m = re.match(r"来源\s*:\s*([^·\-—|/\s]{2,16})", line.span.of(text))
        if m:
            start = line.span.start + m.start(1)
            return m.group(1), Span(start, start + len(m.group(1)))
    return None, None
