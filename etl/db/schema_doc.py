"""Generate the relationship diagram, the table reference and the view reference of
schema.md from the models and etl.db.views.

    python -m etl.db.schema_doc            # rewrite schema.md between the markers
    python -m etl.db.schema_doc --check    # exit 1 when schema.md is stale

Only the part between `<!-- generated:start -->` and `<!-- generated:end -->` is
rewritten; the prose and example queries around it are kept. A test fails when the
generated part is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import CheckConstraint, Column, Table, UniqueConstraint
from sqlalchemy.dialects import sqlite

import etl
from etl.db.models import Base
from etl.db.search_rows import FTS_TABLES, SHADOW_SUFFIXES
from etl.db.views import VIEWS

START, END = "<!-- generated:start -->", "<!-- generated:end -->"
DEFAULT_PATH = Path(etl.__file__).resolve().parent.parent / "schema.md"


def declared_type(column: Column) -> str:
    """The column's type as SQLite declares it (what `PRAGMA table_info` shows)."""
    return str(column.type.compile(dialect=sqlite.dialect()))


def mermaid() -> str:
    """erDiagram of the foreign keys. Every derived table also has load_run_id; those
    edges are drawn for documents and problems only, or they would hide the structure."""
    lines = ["```mermaid", "erDiagram"]
    for table in Base.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            parent = fk.column.table.name
            if parent == "load_runs" and table.name not in ("documents", "problems"):
                continue
            cardinality = "o|--o{" if fk.parent.nullable else "||--o{"
            lines.append(f"    {parent} {cardinality} {table.name} : {fk.parent.name}")
    lines.append("```")
    return "\n".join(lines)


def _constraints(table: Table) -> list[str]:
    notes: list[str] = []
    spans: list[str] = []
    for c in sorted(table.constraints, key=lambda c: str(c.name)):
        if isinstance(c, UniqueConstraint):
            notes.append(f"unique ({', '.join(col.name for col in c.columns)})")
        elif isinstance(c, CheckConstraint):
            text = str(c.sqltext)
            if "_start IS NULL" in text:
                spans.append(text.split("_start", 1)[0].lstrip("("))
            else:
                notes.append(f"check `{text}`")
    if spans:
        notes.append("spans " + ", ".join(f"`{s}_start`/`{s}_end`" for s in sorted(spans))
                     + " both null or 0 ≤ start ≤ end")
    return notes


def tables() -> str:
    out: list[str] = []
    for table in Base.metadata.sorted_tables:
        out.append(f"### {table.name}\n")
        if table.comment:
            out.append(f"{table.comment[0].upper()}{table.comment[1:]}.\n")
        out.append("| column | type | null | description |")
        out.append("| --- | --- | --- | --- |")
        for col in table.columns:
            ref = ""
            if col.foreign_keys:
                fk = next(iter(col.foreign_keys))
                action = f", on delete {fk.ondelete.lower()}" if fk.ondelete else ""
                ref = f" → `{fk.column.table.name}.{fk.column.name}`{action}"
            key = " (primary key)" if col.primary_key else ""
            null = "yes" if col.nullable else "no"
            out.append(f"| `{col.name}` | {declared_type(col)} | {null} | {col.comment or ''}{key}{ref} |")
        notes = _constraints(table)
        if notes:
            out.append("\nConstraints: " + "; ".join(notes) + ".")
        out.append("")
    return "\n".join(out)


def views() -> str:
    out: list[str] = []
    for view in VIEWS:
        out.append(f"### {view.name}\n")
        out.append(f"{view.description[0].upper()}{view.description[1:]}.\n")
        out.append("| column | type | description |")
        out.append("| --- | --- | --- |")
        for col in view.columns:
            out.append(f"| `{col.name}` | {col.type} | {col.description} |")
        out.append("")
    return "\n".join(out)


def fts_tables() -> str:
    """The FTS5 tables (not models: etl.db.search_rows defines them)."""
    out = ["## Full-text search tables\n",
           "FTS5 virtual tables (tokenize `unicode61`, no extension needed), external content: "
           "the rowid is the id of the indexed row, the column reads that row's text, the index "
           "holds the text's character n-grams (see \"Full-text search\" above). Kept in step by "
           "`etl load`; FTS5 keeps each index in shadow tables named after it "
           f"({', '.join(f'`_{s[1:]}`' for s in SHADOW_SUFFIXES[:-1])}).\n",
           "| table | indexes | rowid | column |", "| --- | --- | --- | --- |"]
    for t in FTS_TABLES:
        out.append(f"| `{t.name}` | {t.what} | `{t.content}.id` | `{t.column}` |")
    out.append("")
    return "\n".join(out)


def generated_block() -> str:
    return (f"{START}\n## Relationships\n\n{mermaid()}\n\n## Tables\n\n{tables()}\n"
            f"## Views\n\n{views()}\n{fts_tables()}{END}")


def render(current: str) -> str:
    """`current` with its generated part replaced (appended when there are no markers)."""
    if START not in current:
        return current.rstrip("\n") + "\n\n" + generated_block() + "\n"
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    return head + generated_block() + tail


def main(argv: list[str] | None = None) -> str | None:
    """Rewrite (or with --check, verify) schema.md; returns an error message or None."""
    parser = argparse.ArgumentParser(prog="python -m etl.db.schema_doc")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    current = args.path.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        return None if wanted == current else f"{args.path} is stale: run `python -m etl.db.schema_doc`"
    if wanted != current:
        args.path.write_text(wanted, encoding="utf-8")
    return None


if __name__ == "__main__":
    sys.exit(main())
