"""Full-text search: FTS5 tables over directives, meeting names and document bodies.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:50:00.000000

Creates directives_fts, meetings_fts and documents_fts (etl.db.search_rows): external-content
FTS5 tables (content="directives" ..., rowid = the row's id, tokenize unicode61) whose
index holds each Han run as its character n-grams, so that a two-character word is found
in the plain sqlite3 shell and in Datasette. The existing rows are indexed here with the
package's `index_text`; from then on the store keeps the index in step as it inserts and
deletes documents. FTS tables are not models: the drift check leaves them out
(etl.db.migrate) and schema.md lists them from etl.db.search_rows.

Downgrade drops the three tables (and FTS5's shadow tables with them).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.search_rows import FTS_TABLES, create_sql, index_text

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    for table in FTS_TABLES:
        op.execute(create_sql(table))
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"SELECT id, {table.column} FROM {table.content} ORDER BY id")  # noqa: S608
        insert = f"INSERT INTO {table.name} (rowid, {table.column}) VALUES (?, ?)"  # noqa: S608
        writer = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        while batch := cursor.fetchmany(BATCH):
            writer.executemany(insert, [(i, index_text(t)) for i, t in batch])


def downgrade() -> None:
    for table in reversed(FTS_TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table.name}")
