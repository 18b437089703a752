"""Generate the table reference and the ER diagram of schema.md from the models.

`python -m etl.db.schema_doc` rewrites the part of schema.md between the markers
`<!-- generated:start -->` and `<!-- generated:end -->`; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Table

from etl.db.models import Base

START, END = "<!-- generated:start -->", "<!-- generated:end -->"


def _type(table: Table, column) -> str:
    name = column.type.__class__.__name__.upper()
    return {"VARCHAR": "TEXT", "STRING": "TEXT", "BOOLEAN": "INTEGER (0/1)", "FLOAT": "REAL"}.get(name, name)


def mermaid() -> str:
    lines = ["```mermaid", "erDiagram"]
    for table in Base.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table.name == "load_runs" and table.name not in ("documents", "problems"):
                continue  # every row has load_run_id; drawing them all hides the structure
            card = "o|--o{" if fk.parent.nullable else "||--o{"
            lines.append(f"    {fk.column.table.name} {card} {table.name} : {fk.parent.name}")
    lines.append("```")
    return "\n".join(lines)


def tables() -> str:
    out: list[str] = []
    for table in Base.metadata.sorted_tables:
        out.append(f"### {table.name}\n")
        out.append("| column | type | null | description |")
        out.append("| --- | --- | --- | --- |")
        for col in table.columns:
            ref = ""
            if col.foreign_keys:
                fk = next(iter(col.foreign_keys))
                ref = f" → `{fk.column.table.name}.{fk.column.name}`"
            null = "yes" if col.nullable else "no"
            out.append(f"| `{col.name}` | {_type(table, col)} | {null} | {col.comment or ''}{ref} |")
        out.append("")
    return "\n".join(out)


def generated_block() -> str:
    return f"{START}\n## Relationships\n\n{mermaid()}\n\n## Tables\n\n{tables()}{END}"


def render(current: str) -> str:
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    return head + generated_block() + tail


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schema.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
