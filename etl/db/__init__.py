"""Database stage: the only package that touches the database.

- `models`: SQLAlchemy models, the one source of the schema;
- `engine`: engines and connections (every SQLite specific);
- `migrate`: Alembic driven from code (upgrade, drift checks, `ensure_schema`);
- `rows`: stage records → table rows, without a database;
- `store`: the only module that writes rows (one transaction per document, or many
  per transaction with a SAVEPOINT each for `etl load`);
- `schema_doc`: generates the reference part of schema.md from the models.
"""
