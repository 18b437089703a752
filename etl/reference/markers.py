"""Dated policy markers and year inference for dates written without a year.

A marker (第九版防控方案, 二十条, 德尔塔 ...) is valid within a window of months
(policy_markers.csv). A year is inferred only when the markers found in a text agree:
the intersection of their windows, restricted to the stated month, holds exactly one year.
"""

from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # the parser re compiles with
import re._parser as _parser  # type: ignore[import-not-found]
from dataclasses import dataclass
from functools import cache

from etl.reference._data import csv_rows

# Open-ended windows (empty valid_to) are read as running to the end of this month: the
# last the table was written to cover. Later reports need the table extended first.
COVERAGE_END = (2023, 12)
COVERAGE_START = (2019, 12)

YearMonth = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PolicyMarker:
    marker: str
    pattern: re.Pattern[str]
    valid_from: YearMonth
    valid_to: YearMonth | None  # None: still in use at COVERAGE_END
    note: str
    source: str

    @property
    def window(self) -> tuple[YearMonth, YearMonth]:
        return self.valid_from, self.valid_to or COVERAGE_END


def _year_month(value: str) -> YearMonth:
    year, month = value.strip().split("-")
    return int(year), int(month)


@cache
def policy_markers() -> tuple[PolicyMarker, ...]:
    return tuple(
        PolicyMarker(
            marker=row["marker"],
            pattern=re.compile(row["pattern"]),
            valid_from=_year_month(row["valid_from"]),
            valid_to=_year_month(row["valid_to"]) if row["valid_to"].strip() else None,
            note=row["note"],
            source=row["source"],
        )
        for row in csv_rows("policy_markers.csv")
    )


def markers_in(text: str) -> list[PolicyMarker]:
    """Markers whose pattern occurs in `text`, in table order."""
    return [
        m for m, needs in zip(policy_markers(), _required_literals(), strict=True)
        if (needs is None or any(lit in text for lit in needs)) and m.pattern.search(text)
    ]


@cache
def _required_literals() -> tuple[tuple[str, ...] | None, ...]:
    """Per marker, strings one of which every match of its pattern holds (None: no such
    strings known): a text holding none of them need not be searched."""
    return tuple(_literals_of(m.pattern) for m in policy_markers())


def _literals_of(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The longest run of plain characters of each top-level alternative of `pattern`;
    None when some alternative has none, or a flag (IGNORECASE …) could widen a match."""
    if pattern.flags & ~re.UNICODE:
        return None
    parsed = _parser.parse(pattern.pattern)
    if parsed.state.flags & ~re.UNICODE:
        return None
    items = list(parsed)
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        branches = [list(b) for b in items[0][1][1]]
    else:
        branches = [items]
    out: list[str] = []
    for branch in branches:
        best, run = "", ""
        for op, arg in branch:
            if op is _c.SUBPATTERN and (arg[1] or arg[2]):  # inline flags on a group
                return None
            run = run + chr(arg) if op is _c.LITERAL else ""
            best = max(best, run, key=len)
        if not best:
            return None
        out.append(best)
    return tuple(out)


def candidate_years(markers: list[PolicyMarker], month: int | None) -> list[int]:
    """Years allowed by every marker's window (and, if given, containing `month`)."""
    start, end = COVERAGE_START, COVERAGE_END
    for m in markers:
        lo, hi = m.window
        start, end = max(start, lo), min(end, hi)
    if start > end:
        return []
    years = range(start[0], end[0] + 1)
    if month is None:
        return list(years)
    return [y for y in years if start <= (y, month) <= end]


def infer_year(text: str, month: int | None) -> tuple[int | None, list[str]]:
    """(year, names of the markers found); the year is None unless exactly one fits.

    No marker, no guess: a text without markers gives (None, []).
    """
    found = markers_in(text)
    names = [m.marker for m in found]
    if not found:
        return None, names
    years = candidate_years(found, month)
    return (years[0] if len(years) == 1 else None), names
