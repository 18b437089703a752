"""Alembic environment: targets etl's models and reuses the connection etl.db.migrate
passes in `config.attributes["connection"]` (already inside its transaction).

Batch mode (`render_as_batch=True`) makes ALTER operations work on SQLite by rebuilding
the table; etl.db.engine.schema_change turns foreign-key enforcement off meanwhile so
the rebuild cannot cascade-delete child rows.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from etl.db.engine import create_engine_for, schema_change
from etl.db.models import Base
from etl.db.search_rows import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL instead of running it (`alembic upgrade --sql`)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or "sqlite://",
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: use etl.db.migrate, or set sqlalchemy.url")
    with schema_change(create_engine_for(url)) as conn:
        _run(conn)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
