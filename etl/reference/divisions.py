"""Chinese administrative divisions (GB/T 2260): lookup by code and by full or short name.

Data: etl/data/reference/divisions.csv (built by build_divisions from cpca, MIT).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from etl.reference._data import csv_rows, split_bar

LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6-digit GB/T 2260 code: 220100
    name: str  # full name: 济南市
    short_names: tuple[str, ...]  # 济南; a province also has its abbreviation: 湖北, 鄂
    level: str  # province / city / county
    parent_code: str | None
    province: str  # full name of the province-level division it lies in (itself for one)
    longitude: float | None = None
    latitude: float | None = None

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """One-character abbreviations (provinces only): 鄂 for 湖北省."""
        return tuple(s for s in self.short_names if len(s) == 1)


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


@cache
def divisions() -> tuple[Division, ...]:
    """Every province, city and county, in code order."""
    return tuple(
        Division(
            code=row["code"],
            name=row["name"],
            short_names=split_bar(row["short_names"]),
            level=row["level"],
            parent_code=row["parent_code"] or None,
            province=row["province"],
            longitude=_float(row["longitude"]),
            latitude=_float(row["latitude"]),
        )
        for row in csv_rows("divisions.csv")
    )


@cache
def _by_code() -> dict[str, Division]:
    return {d.code: d for d in divisions()}


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    """Full and short names → divisions, full-name holders first, then by level and code."""
    index: dict[str, list[tuple[int, Division]]] = {}
    for d in divisions():
        index.setdefault(d.name, []).append((0, d))
        for short in d.short_names:
            index.setdefault(short, []).append((1, d))
    return {
        name: tuple(d for _, d in sorted(hits, key=lambda h: (h[0], LEVEL_RANK[h[1].level], h[1].code)))
        for name, hits in index.items()
    }


def division_by_code(code: str) -> Division | None:
    """The division with this code; 12-digit codes are cut to their first six digits."""
    return _by_code().get(code.strip()[:6])


def divisions_named(name: str) -> list[Division]:
    """Divisions whose full or short name is `name` (several when ambiguous)."""
    return list(_by_name().get(name.strip(), ()))


def parent_of(division: Division) -> Division | None:
    return division_by_code(division.parent_code) if division.parent_code else None


def province_of(division: Division) -> Division:
    found = division_by_code(division.province_code)
    return found if found is not None else division


def is_within(inner: Division, outer: Division) -> bool:
    """True when `inner` is `outer` or lies inside it."""
    node: Division | None = inner
    while node is not None:
        if node.code == outer.code:
            return True
        node = parent_of(node)
    return False


def _matches_hint(d: Division, hint: str | None) -> bool:
    """`hint` may be a province or city, by full name, short name or code."""
    if not hint:
        return False
    by_code = division_by_code(hint)
    for target in divisions_named(hint) or ([by_code] if by_code else []):
        if is_within(d, target):
            return True
    return False


def resolve(name: str, province_hint: str | None = None, city_hint: str | None = None) -> Division | None:
    """The division `name` most likely means.

    Preference: inside `city_hint`, then inside `province_hint`, then a full-name match,
    then the higher level (济南 → 济南市; 朝阳 → 朝阳市 before the 朝阳区s; 海南 → 海南省).
    """
    candidates = divisions_named(name)
    if not candidates:
        return None
    stripped = name.strip()

    def key(d: Division) -> tuple[int, int, int, int, str]:
        return (
            0 if _matches_hint(d, city_hint) else 1,
            0 if _matches_hint(d, province_hint) else 1,
            0 if d.name == stripped else 1,
            LEVEL_RANK[d.level],
            d.code,
        )

    return min(candidates, key=key)
