"""Directive categories (testing, contact tracing, ...) lined up with OxCGRT indicators.

Data: directive_categories.csv. A directive gets every category one of whose keywords it
contains, in table order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.reference._data import csv_rows, split_bar


@dataclass(frozen=True, slots=True)
class DirectiveCategory:
    code: str  # testing
    label: str  # Testing
    oxcgrt: str | None  # H2; None when no indicator lines up
    oxcgrt_note: str
    keywords: tuple[str, ...]


@cache
def directive_categories() -> tuple[DirectiveCategory, ...]:
    return tuple(
        DirectiveCategory(
            code=row["category"],
            label=row["label"],
            oxcgrt=row["oxcgrt"].strip() or None,
            oxcgrt_note=row["oxcgrt_note"],
            keywords=split_bar(row["keywords"]),
        )
        for row in csv_rows("directive_categories.csv")
    )


def categorise_with_evidence(text: str) -> list[tuple[str, list[str]]]:
    """(category code, keywords found) for each category that applies to `text`."""
    out: list[tuple[str, list[str]]] = []
    for cat in directive_categories():
        hits = [k for k in cat.keywords if k in text]
        if hits:
            out.append((cat.code, hits))
    return out


@cache
def _category_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, a regex finding any of its keywords) per category with keywords."""
    return tuple(
        (cat.code, re.compile("|".join(re.escape(k) for k in cat.keywords)))
        for cat in directive_categories()
        if cat.keywords
    )


def categorise(text: str) -> list[str]:
    """Category codes that apply to `text`, in table order (as `categorise_with_evidence`)."""
    return [code for code, pattern in _category_patterns() if pattern.search(text)]
