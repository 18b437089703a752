"""Alembic, driven from code: upgrade, downgrade, revisions and drift checks.

The migration scripts live in the repository's top-level `migrations/` folder, which is
installed as the package `etl._migrations`; no alembic.ini is needed. Migrations run in
one transaction through `etl.db.engine.schema_change`, so a failed one changes nothing.

Developers, after changing etl/db/models.py:

    python -m etl.db.migrate revision -m "what changed"   # autogenerate a revision
    python -m etl.db.migrate check                        # exit 1 if models and migrations differ
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DatabaseError

from etl.db.engine import create_engine_for, is_locked, locked_error, schema_change
from etl.db.models import Base
from etl.db.search_rows import include_name

if TYPE_CHECKING:  # alembic is imported where it is used: opening a known-good database needs none of it
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from etl.db.head import HEAD_REVISION as HEAD_REVISION
from etl.db.head import HEAD_SCHEMA_DIGESTS as HEAD_SCHEMA_DIGESTS
from etl.db.head import SCHEMA_SQL, VERSION_TABLE, digest_of


class SchemaError(Exception):
    """A database this program must not write to; the message names the fix."""


def migrations_dir() -> Path:
    """The migration scripts: the installed package etl._migrations, or the repository's
    folder when the package mapping is not visible (some editable installs)."""
    try:
        import etl._migrations as scripts
    except ImportError:
        import etl

        return Path(etl.__file__).resolve().parent.parent / "migrations"
    return Path(scripts.__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration pointing at the migration scripts (and a connection to use)."""
    from alembic.config import Config

    cfg = Config(stdout=sys.stdout)  # the default is the sys.stdout of when alembic was first imported
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    heads = _scripts().get_heads()
    if len(heads) != 1:
        raise SchemaError(f"the migrations have {len(heads)} heads {heads}; merge them with `alembic merge`")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with schema_change(engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with schema_change(engine) as conn:
        command.downgrade(alembic_config(conn), revision)


def drift(engine: Engine) -> list[Any]:
    """Differences between the models and the database (empty = none), as Alembic's
    autogenerate sees them: tables, columns, types, nullability, indexes, unique
    constraints and foreign keys (not CHECK constraints or comments); and etl's views
    (etl.db.views) missing or holding other SQL (views of the user's own are left alone)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from etl.db.views import VIEWS

    with engine.connect() as conn:
        differences: list[Any] = list(compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}), Base.metadata))
        if engine.dialect.name == "sqlite":
            stored: dict[str, str] = dict(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all())
            differences += [("view", view.name, "missing" if view.name not in stored else "changed")
                            for view in VIEWS if stored.get(view.name) != view.create_sql()]
        return differences


# Tables every etl schema revision has: an unknown revision without them is another
# application's Alembic database, not a newer etl one.
ETL_TABLES = frozenset({"documents", "load_runs", "problems"})


def usable_revision(engine: Engine) -> str | None:
    """The schema revision of a database etl may use (None: empty, no etl schema yet),
    read without writing anything.

    Raises SchemaError (the message names the fix; the path is left to the caller) for a
    file that is not a SQLite database, another application's database (tables but no
    etl revision, or a revision and tables etl does not know), and one whose revision is
    newer than this code."""
    try:
        tables = set(inspect(engine).get_table_names())
        revision = current_revision(engine)
    except DatabaseError as exc:
        if is_locked(exc):
            raise locked_error(doing="reading the schema", wal=None) from None
        raise SchemaError(
            f"is not a usable database ({exc.orig}); pass another --db (the file is left as it is)"
        ) from None
    others = tables - {VERSION_TABLE}
    if revision is None and others:
        raise SchemaError(
            "is not an etl database (it has tables but no etl schema revision), perhaps another "
            "application's; pass another --db (the file is left as it is)"
        )
    if revision is not None and not _known(revision):
        if others and not others & ETL_TABLES:
            raise SchemaError(
                f"is not an etl database (its schema revision {revision} and its tables are not etl's), "
                "perhaps another application's; pass another --db (the file is left as it is)"
            )
        raise SchemaError(
            f"has schema revision {revision}, newer than this etl (newest known: {head_revision()}); "
            "upgrade etl (pip install -U etl, or a newer checkout) to use it, or pass another --db"
        )
    return revision


def ensure_schema(engine: Engine) -> str:
    """Bring an empty or older database to head and return the head revision.

    Raises SchemaError for a database `usable_revision` refuses, and for one whose tables
    differ from the models (altered by hand)."""
    if _known_good(engine):
        return HEAD_REVISION
    revision = usable_revision(engine)
    head = head_revision()
    if revision != head:
        upgrade(engine)
    differences = drift(engine)
    if differences:
        raise SchemaError(
            f"its schema differs from etl's models ({len(differences)} differences, "
            f"e.g. {differences[0]!r}); it was changed by hand: restore it from a backup or load into a new --db"
        )
    return head


def schema_digest(engine: Engine) -> str | None:
    """SHA-256 of a SQLite database's schema SQL and its revision, None on other databases
    or when it cannot be read."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(SCHEMA_SQL)).all()
            names = {r[1] for r in rows}
            revision = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() \
                if VERSION_TABLE in names else None
    except DatabaseError:
        return None
    return digest_of(revision, rows)


def _known_good(engine: Engine) -> bool:
    return schema_digest(engine) in HEAD_SCHEMA_DIGESTS


def _known(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:  # ResolutionError: no script has this revision id
        return False


def _scratch_engine(folder: str) -> Engine:
    """An empty database at head, for autogenerate to compare the models against."""
    engine = create_engine_for(Path(folder) / "scratch.db")
    if any(_scripts().walk_revisions()):
        upgrade(engine)
    return engine


def main(argv: list[str] | None = None) -> str | None:
    """Developer entry point: `python -m etl.db.migrate {revision -m MESSAGE | check}`;
    returns None on success, else what is wrong (the exit message)."""
    from alembic import command
    from alembic.util import AutogenerateDiffsDetected

    parser = argparse.ArgumentParser(prog="python -m etl.db.migrate", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate a revision in migrations/versions from the models")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--rev-id", help="revision id (default: a random one); e.g. 0002")
    sub.add_parser("check", help="exit 1 when the models have changes no revision covers")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        engine = _scratch_engine(folder)
        with engine.begin() as conn:
            cfg = alembic_config(conn)
            if args.cmd == "revision":
                command.revision(cfg, message=args.message, autogenerate=True, rev_id=args.rev_id)
                return None
            try:
                command.check(cfg)
            except AutogenerateDiffsDetected as exc:
                return f"{exc}; run `python -m etl.db.migrate revision -m ...`"
            return None


if __name__ == "__main__":
    sys.exit(main())
