"""Engines for the embedded SQLite file and the shared PostgreSQL server."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# Execution option set by the unit of work for read-only use cases.
READ_ONLY = "dinsos_read_only"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    engine = _make_engine(url, echo)
    event.listen(engine, "before_cursor_execute", _refuse_writes_when_reading)
    return engine


_READING_STATEMENTS = ("SELECT", "WITH", "BEGIN", "EXPLAIN")


def _refuse_writes_when_reading(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    # A read-only unit of work runs in autocommit on PostgreSQL: a write would be committed at
    # once, whatever the use case did next. Refuse it before it reaches the server.
    if (conn.get_execution_options().get(READ_ONLY)
            and not statement.lstrip().upper().startswith(_READING_STATEMENTS)):
        raise RuntimeError("a read-only unit of work cannot write: "
                           + statement.lstrip().split(None, 1)[0])


def _make_engine(url: str, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, echo)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,  # the server may have gone away between two uses
            pool_size=2,
            max_overflow=2,
            pool_recycle=1800,
            connect_args={"connect_timeout": 5, "application_name": "dinsos-desktop",
                          # Searches are planned for the value at hand: a generic plan for a
                          # prepared search fits a common name or a rare one, never both.
                          "options": "-c plan_cache_mode=force_custom_plan"},
        )
    raise ValueError(f"Basis data '{parsed.get_backend_name()}' tidak didukung.")


def _sqlite_engine(url: str, database: str | None, echo: bool) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own handling
        # defers it until the first write, which breaks locking).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock at the start: two processes numbering at once queue
        # up instead of one failing with "database is locked" when it upgrades a read lock.
        # A read-only unit of work only reads: a deferred BEGIN, which with WAL never waits.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
