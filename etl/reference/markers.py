"""Dated policy markers and year inference for dates written without a year.

A marker (第九版防控方案, 二十条, 德尔塔 ...) is valid within a window of months
(policy_markers.csv). A year is inferred only when the markers found in a text agree:
the intersection of their windows, restricted to the stated month, holds exactly one year.
"""

from __future__ import annotations

import re
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
    return [m for m in policy_markers() if m.pattern.search(text)]


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
