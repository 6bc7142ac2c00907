"""Alembic environment: run migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from kith.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect()



def include_object(obj: object, name: str | None, *_: object) -> bool:
    """FTS tables and the tsvector column are built by hand, outside the metadata."""
    return not (name or "").startswith("touches_fts") and name != "text_tsv"


context.configure(
    connection=connection,
    target_metadata=metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
