"""Seed articles → templates for the corpus generator.

Each seed is read and parsed once by the project's own pipeline. Its normalised text
(Simplified, pinyin stripped) is cut into literal pieces and slots: every occurrence of a
person the parser found (attendees, credits, mentions), of a place it found that is a
province, city or county of `divisions.csv`, and the meeting dates. The generator fills
the slots with invented names, other divisions and other dates. No name is written down
here; they are all found at run time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from etl.reference._data import csv_rows, split_bar
from etl.repair.gbk import REPLACEMENT

REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PLACE_LEVELS = ("province", "city", "county")

SlotKind = Literal["name", "place", "date"]


@dataclass(frozen=True, slots=True)
class Slot:
    kind: SlotKind
    key: int  # which name / place of the template (same key, same filler in a document)
    level: str = ""  # places: province / city / county
    short: bool = False  # places: written as a short name rather than in full (without 市, 县 ...)
    suffix: str = ""  # dates: what followed the day (上午)


Piece = str | Slot


@dataclass(frozen=True, slots=True)
class Template:
    source: str  # file name of the seed
    pieces: tuple[Piece, ...]
    names: int  # number of distinct names
    places: int  # number of distinct places


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    short: str  # short name, or the full name when it has none
    level: str


@cache
def divisions() -> tuple[Division, ...]:
    """Provinces, cities and counties of the shipped divisions table, in file order."""
    out = []
    for row in csv_rows("divisions.csv"):
        if row["level"] in PLACE_LEVELS:
            shorts = [s for s in split_bar(row["short_names"]) if len(s) >= 2]
            out.append(Division(row["name"], shorts[0] if shorts else row["name"], row["level"]))
    return tuple(out)


@cache
def _division_index() -> dict[str, tuple[str, bool]]:
    """Name or short name as written → (level, is short)."""
    index: dict[str, tuple[str, bool]] = {}
    for d in divisions():
        index.setdefault(d.name, (d.level, False))
        if d.short != d.name:
            index.setdefault(d.short, (d.level, True))
    return index


_DAY = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日")


def seed_paths(source: Path | None = None) -> tuple[Path, ...]:
    folder = source if source is not None else REPO_SEEDS
    return tuple(sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")))


@cache
def load_templates(source: Path | None = None) -> tuple[Template, ...]:
    """Templates of every file in `source` (default: the repository's seeds/) that the
    pipeline parses to at least one meeting. Cached: parsing costs seconds of warm-up."""
    from etl.pipeline import process
    from etl.read import ReadError, read_file

    templates = []
    for path in seed_paths(source):
        try:
            doc = process(read_file(path))
        except ReadError:
            continue
        if not doc.parsed.meetings:
            continue
        parsed = doc.parsed
        names = {a.name for m in parsed.meetings for a in m.attendees}
        names |= {c.name for c in parsed.credits} | {p.name for p in parsed.mentions}
        places = {loc.as_written for m in parsed.meetings for loc in m.locations}
        dates = {
            (m.date.span.start, m.date.span.end)
            for m in parsed.meetings
            if m.date.span is not None and m.date.text and _DAY.match(m.date.text)
        }
        templates.append(make_template(path.name, doc.norm.text, sorted(names), sorted(places), sorted(dates)))
    return tuple(templates)


def make_template(
    source: str, text: str, names: Sequence[str], places: Sequence[str], dates: Sequence[tuple[int, int]]
) -> Template:
    """Cut `text` into literal pieces and slots (pure)."""
    index = _division_index()
    found: list[tuple[int, int, Slot]] = []
    for start, end in dates:
        m = _DAY.match(text, start, end)
        if m:
            found.append((start, end, Slot("date", 0, suffix=text[m.end() : end])))
    for key, name in enumerate(n for n in names if len(n) >= 2):
        found += [(m.start(), m.end(), Slot("name", key)) for m in re.finditer(re.escape(name), text)]
    kept_places = [p for p in places if p in index]
    for key, place in enumerate(kept_places):
        level, short = index[place]
        slot = Slot("place", key, level=level, short=short)
        found += [(m.start(), m.end(), slot) for m in re.finditer(re.escape(place), text)]
    pieces: list[Piece] = []
    at = 0
    for start, end, slot in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start < at:
            continue  # overlaps a slot already taken
        if start > at:
            pieces.append(text[at:start])
        pieces.append(slot)
        at = end
    if at < len(text):
        pieces.append(text[at:])
    # characters the seed's own damage left unreadable: the generator adds its own damage
    pieces = [p.replace(REPLACEMENT, "") if isinstance(p, str) else p for p in pieces]
    return Template(source, tuple(pieces), sum(len(n) >= 2 for n in names), len(kept_places))
