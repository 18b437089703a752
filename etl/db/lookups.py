"""The lookup tables `categories` and `divisions`: the package's reference data, loaded by
the migrations so that the rows equal the files.

Rows come from etl/data/reference/directive_categories.csv (code, Chinese and English
label, OxCGRT indicator) and divisions.csv (every province, city and county: 3,219 rows,
0.4 MB in the database with its indexes, so all are loaded: a BI join on any code finds its row).
`ROWS_DIGEST` pins what the migrations load: when the reference data changes, a test fails
until a new migration calls `reload` and the digest is updated.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection

from etl.reference._data import csv_rows

# tests/db/test_views.py prints the new value when the reference data changes.
ROWS_DIGEST = "05b9080c2de09cab"

CATEGORY_COLUMNS = ("code", "label_zh", "label_en", "oxcgrt", "oxcgrt_note")
DIVISION_COLUMNS = ("code", "name", "level", "parent_code", "province", "longitude", "latitude")


def _number(value: str) -> float | None:
    return float(value) if value.strip() else None


def category_rows() -> list[dict[str, Any]]:
    return [
        {"code": r["category"], "label_zh": r["label_zh"], "label_en": r["label"],
         "oxcgrt": r["oxcgrt"].strip() or None, "oxcgrt_note": r["oxcgrt_note"]}
        for r in csv_rows("directive_categories.csv")
    ]


def division_rows() -> list[dict[str, Any]]:
    return [
        {"code": r["code"], "name": r["name"], "level": r["level"], "parent_code": r["parent_code"] or None,
         "province": r["province"], "longitude": _number(r["longitude"]), "latitude": _number(r["latitude"])}
        for r in csv_rows("divisions.csv")
    ]


def rows() -> dict[str, list[dict[str, Any]]]:
    """The rows of each lookup table, as the reference files give them today."""
    return {"categories": category_rows(), "divisions": division_rows()}


def rows_digest() -> str:
    """A short SHA-256 of `rows()`, to notice a change of the reference data."""
    text = json.dumps(rows(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def reload(conn: Connection) -> None:
    """Replace the rows of both lookup tables with the reference data (one transaction:
    the caller's)."""
    columns = {"categories": CATEGORY_COLUMNS, "divisions": DIVISION_COLUMNS}
    for table, values in rows().items():
        names = columns[table]
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [tuple(v[n] for n in names) for v in values],
        )
