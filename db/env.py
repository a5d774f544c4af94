"""Alembic environment. The application runs migrations itself (adapters/db/migrate.py) and hands
the connection in through ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

from dinsos_desktop.adapters.db.models import Base, schema_objects_filter

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Jalankan migrasi lewat 'dinsos-desktop db upgrade'.")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        # Autogenerate must not propose dropping the migration-only FTS tables (SQLite) nor
        # creating the PostgreSQL-only indexes elsewhere.
        include_object=schema_objects_filter(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Migrasi offline tidak didukung.")
run_migrations_online()
