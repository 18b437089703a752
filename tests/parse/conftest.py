"""Inputs for the parse tests: seed articles normalised by the real normaliser when it
exists, else by a crude stand-in (strip pinyin, Traditional→Simplified, fold punctuation,
one body segment), plus the gold annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from etl.normalise import NormalisedDocument, Segment
from etl.spans import Edit, Span, run_steps

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
_FOLD = str.maketrans("，：；！？（）", ",:;!?()")


def _strip_pinyin(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "", "pinyin") for m in _PINYIN.finditer(text)]


def _t2s(text: str) -> list[Edit]:
    import opencc

    conv = opencc.OpenCC("t2s")
    edits = []
    for i, ch in enumerate(text):
        s = conv.convert(ch)
        if s != ch and len(s) == 1:
            edits.append(Edit(i, i + 1, s, "t2s"))
    return edits


def _fold(text: str) -> list[Edit]:
    return [Edit(i, i + 1, ch.translate(_FOLD), "fold") for i, ch in enumerate(text) if ch.translate(_FOLD) != ch]


def _collapse(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), ",", "collapse") for m in re.finditer(r",{2,}", text)]


def crude_normalise(raw: str) -> NormalisedDocument:
    text, mapping, _ = run_steps(raw, [_strip_pinyin, _t2s, _fold, _collapse])
    stripped = text.strip()
    start = text.find(stripped[:1]) if stripped else 0
    segments = (Segment("body", Span(start, start + len(stripped))),) if stripped else ()
    return NormalisedDocument(text, mapping, segments, frozenset())


@cache
def normaliser() -> Callable[[str], NormalisedDocument]:
    try:
        from etl.normalise import normalise  # type: ignore[attr-defined]
    except ImportError:
        return crude_normalise
    return normalise


def seed_names() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt"))


@cache
def seed_doc(stem: str) -> NormalisedDocument:
    return normaliser()((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))


@cache
def seed_crude_doc(stem: str) -> NormalisedDocument:
    return crude_normalise((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))


def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def make_doc(text: str) -> NormalisedDocument:
    """A document from already-clean Simplified text (synthetic tests)."""
    return normaliser()(text)


@pytest.fixture(scope="session")
def seeds() -> dict[str, NormalisedDocument]:
    return {stem: seed_doc(stem) for stem in seed_names()}


@pytest.fixture(scope="session")
def load_seed() -> Callable[[str], NormalisedDocument]:
    return seed_doc


@pytest.fixture(scope="session")
def load_crude_seed() -> Callable[[str], NormalisedDocument]:
    return seed_crude_doc


@pytest.fixture(scope="session")
def load_gold() -> Callable[[str], dict]:
    return gold


@pytest.fixture(scope="session")
def doc_from() -> Callable[[str], NormalisedDocument]:
    return make_doc


def credits_in(text: str) -> set[tuple[str, str]]:
    """(name, role) of every credit parsed from `text`; no credited name may also be an
    attendee."""
    from etl.parse import parse

    parsed = parse(make_doc(text))
    people = {a.name for m in parsed.meetings for a in m.attendees}
    credited = {c.name for c in parsed.credits}
    assert not credited & people, "a credited name was taken as an attendee"
    return {(c.name, c.role) for c in parsed.credits}


def people_in(body: str) -> tuple[str | None, dict[str, tuple[list[str], list[str]]]]:
    """The first meeting's chair and, per attendee, (sorted titles, sorted roles), read
    through the whole normalise stage."""
    from etl.normalise import normalise
    from etl.parse import parse

    meeting = parse(normalise(body)).meetings[0]
    people = {a.name: (sorted(t.title for t in a.titles), sorted(r.role for r in a.roles)) for a in meeting.attendees}
    return meeting.chair, people


@pytest.fixture(scope="session")
def credits_of() -> Callable[[str], set[tuple[str, str]]]:
    return credits_in


@pytest.fixture(scope="session")
def people_of() -> Callable[[str], tuple[str | None, dict[str, tuple[list[str], list[str]]]]]:
    return people_in


def said_in(text: str) -> list[tuple[str, str]]:
    """(speaker, text) of every directive of the first meeting; 会议 when the meeting speaks."""
    from etl.parse import parse

    meeting = parse(make_doc(text)).meetings[0]
    return [(d.speaker_name if d.speaker_kind == "person" else "会议", d.text) for d in meeting.directives]


@pytest.fixture(scope="session")
def said_of() -> Callable[[str], list[tuple[str, str]]]:
    return said_in
