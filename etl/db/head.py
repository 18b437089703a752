"""What a database at the head revision looks like, with the standard library only: the
migrations (etl.db.migrate) use it to skip the drift check on a known-good database, and
an unchanged reload (etl.unchanged) to trust a database without importing SQLAlchemy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

VERSION_TABLE = "alembic_version"

# The head revision, and digests of the schema SQL (sqlite_master) a database has at head
# when built by the migrations, fresh or upgraded from each earlier revision. A database
# at HEAD whose digest is one of these is known to match the models, and is opened without
# reading the migration scripts and reflecting every table (the drift check); any other
# runs the full check. tests/db/test_migrations.py fails, printing the values, when a new
# revision makes these stale: update both here.
HEAD_REVISION = "0007"
HEAD_SCHEMA_DIGESTS = frozenset({
    "f7369c02cf02a40a2e07f8522af808df92c7efa6f1c05d6ef434c0f27e321e2b",
})

# The rows a schema digest is made of (sqlite_master, in a fixed order).
SCHEMA_SQL = ("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
              "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")


def digest_of(revision: str | None, rows: Iterable[Sequence[str]]) -> str:
    """SHA-256 of a schema revision and the rows of SCHEMA_SQL."""
    digest = hashlib.sha256(repr(revision).encode())
    for row in rows:
        digest.update("\x1f".join(row).encode() + b"\x1e")
    return digest.hexdigest()
