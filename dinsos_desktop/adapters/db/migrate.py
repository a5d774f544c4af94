"""Bring a database's schema to this application's version, or refuse one that is newer.

Start-up reads ``alembic_version`` with one query; Alembic itself (slow to import) is loaded only
when there is something to migrate.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, inspect, text

from dinsos_desktop.domain.errors import SchemaTooNew
from dinsos_desktop.paths import migrations_dir

# Every revision this application knows, oldest first. tests/integration/test_migrations.py
# checks this against the scripts in db/versions.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005",
                                     "0006")
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision_in(conn)


def _revision_in(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None


def alembic_config(engine: Engine, connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    # Without path_separator Alembic splits version_locations on spaces (and warns): an install
    # folder like "C:\Program Files\Dinsos Desktop" would fall apart.
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("version_locations", str(migrations_dir() / "versions"))
    cfg.attributes["connection"] = connection
    return cfg


def check_not_newer(revision: str | None) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNew(
            f"Basis data ini sudah dipakai oleh versi Dinsos Desktop yang lebih baru (skema "
            f"'{revision}'). Aplikasi ini tidak akan mengubahnya. Pasang versi terbaru aplikasi "
            "di workstation ini."
        )


def upgrade(engine: Engine, target: str = "head") -> bool:
    """Migrate to ``target``; returns True when something was applied."""
    revision = current_revision(engine)
    check_not_newer(revision)
    if target == "head" and revision == HEAD_REVISION:
        return False
    from alembic import command

    with _migrating(engine) as conn:
        if conn.dialect.name == "postgresql":
            # Two workstations starting a new version at once: the second waits, then finds
            # the schema up to date. (SQLite's BEGIN IMMEDIATE already serializes.)
            conn.execute(text("SELECT pg_advisory_xact_lock(724130001)"))
        locked_revision = _revision_in(conn)
        check_not_newer(locked_revision)
        if target == "head" and locked_revision == HEAD_REVISION:
            return False
        command.upgrade(alembic_config(engine, conn), target)
    return True


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    check_not_newer(current_revision(engine))
    with _migrating(engine) as conn:
        command.downgrade(alembic_config(engine, conn), target)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Any]:
    """A connection in one transaction for the migrations. SQLite: with foreign keys off while
    it lasts (SQLite's own procedure for schema changes: batch mode copies a table and drops
    the old one, and a DROP with foreign keys on would first delete the rows that refer to it,
    cascading), checked with ``PRAGMA foreign_key_check`` before the commit."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction: inside one, SQLite ignores the pragma
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
