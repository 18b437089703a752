"""Reading the shipped reference files under etl/data/reference/ (cached, UTF-8).

List files hold one entry per line; a line starting with '#' is a comment (the header
naming source and licence). CSV files may start with '#' comment lines before the header
row.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


def data_path(name: str) -> Path:
    return DATA_DIR / name


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a list file, stripped, in file order."""
    text = data_path(name).read_text(encoding="utf-8")
    return tuple(
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    )


@cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV file with a header row, as dicts; leading '#' lines are skipped."""
    text = data_path(name).read_text(encoding="utf-8")
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
    return tuple(dict(row) for row in csv.DictReader(io.StringIO(body)))


def split_bar(value: str) -> tuple[str, ...]:
    """'a|b|' → ('a', 'b')."""
    return tuple(v.strip() for v in value.split("|") if v.strip())
