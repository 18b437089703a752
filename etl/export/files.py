"""Write exports to files: JSON Lines of gold-shaped records, and one CSV per table and
per view (meeting_facts, attendance, directive_facts, place_facts).

CSV files are UTF-8 *with* a byte-order mark (`utf-8-sig`) and CRLF line ends, so that
Excel (which otherwise assumes the local ANSI code page) shows Chinese correctly when the
file is double-clicked; every other CSV reader skips the mark.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine, inspect

from etl.db.search_rows import fts_table_names
from etl.db.views import VIEWS

# alembic's bookkeeping, and the full-text index (FTS5 tables: the rows' own text is exported)
SKIPPED_TABLES = frozenset({"alembic_version"}) | fts_table_names()


def write_jsonl(records: Iterable[Mapping[str, Any]], fp: TextIO) -> int:
    """One JSON object per line, Chinese kept as is (ensure_ascii=False); returns the count."""
    count = 0
    for record in records:
        fp.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        fp.write("\n")
        count += 1
    return count


def export_csv(engine: Engine, out_dir: Path) -> list[Path]:
    """Write `<table>.csv` for every table of the database (not alembic's bookkeeping),
    then `<view>.csv` for each of etl's views, into `out_dir` (created if missing);
    returns the files written: tables by name, then views in etl.db.views order.

    Each file has a header row with the column names, then the rows in primary-key order
    (a view's: its first column, the id of its row) with values as SQLite stores them:
    NULL as an empty field, BLOBs as hex. Encoding is UTF-8 with BOM (`utf-8-sig`) so
    Excel opens Chinese text correctly.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inspector = inspect(engine)
    quote = engine.dialect.identifier_preparer.quote
    written: list[Path] = []
    with engine.connect() as conn:
        for table in sorted(inspector.get_table_names()):
            if table in SKIPPED_TABLES or table.startswith("sqlite_"):
                continue
            columns = [c["name"] for c in inspector.get_columns(table)]
            keys = inspector.get_pk_constraint(table).get("constrained_columns") or []
            order = ", ".join(quote(k) for k in keys) if keys else "rowid"
            select = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY {order}"
            written.append(_write_csv(conn, select, columns, out_dir / f"{table}.csv"))
        present = set(inspector.get_view_names())
        for view in VIEWS:
            if view.name in present:
                columns = [c.name for c in view.columns]
                select = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(view.name)} ORDER BY 1"
                written.append(_write_csv(conn, select, columns, out_dir / f"{view.name}.csv"))
    return written


def _write_csv(conn: Connection, select: str, columns: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fp:
        writer = csv.writer(fp)
        writer.writerow(columns)
        for row in conn.exec_driver_sql(select):
            writer.writerow([_cell(v) for v in row])
    return path


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value
