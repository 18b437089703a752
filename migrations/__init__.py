"""Alembic migration scripts (installed as the package `etl._migrations`)."""
