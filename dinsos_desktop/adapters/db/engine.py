"""Engines for the embedded SQLite file and the shared PostgreSQL server."""

from __future__ import annotations

import re
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
_WRITING_WORDS = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b")  # a WITH that writes


def _refuse_writes_when_reading(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    # A read-only unit of work runs in autocommit on PostgreSQL: a write would be committed at
    # once, whatever the use case did next. Refuse it before it reaches the server.
    if not conn.get_execution_options().get(READ_ONLY):
        return
    head = statement.lstrip().upper()
    if not head.startswith(_READING_STATEMENTS) or (head.startswith("WITH")
                                                     and _WRITING_WORDS.search(head)):
        raise RuntimeError("a read-only unit of work cannot write: "
                           + statement.lstrip().split(None, 1)[0])


PREPARE_THRESHOLD = 5  # psycopg's default: a statement run this often is prepared


def _prepare_writes_only(_conn: Any, cursor: Any, _statement: str, *_args: Any) -> None:
    # Reads (searches, queues, registers) are planned for the values at hand: psycopg does not
    # prepare them, and PostgreSQL plans an unprepared statement with its parameters. A generic
    # plan for a prepared name search would fit a common name or a rare one, never both.
    # Statements of a use case that writes are prepared once they recur: "Ambil nomor" runs
    # while the counter is locked and should not be planned again each time (its INSERT …
    # SELECT and the foreign-key checks it triggers cost more to plan than to run).
    reading = bool(_conn.get_execution_options().get(READ_ONLY))
    cursor.connection.prepare_threshold = None if reading else PREPARE_THRESHOLD


def _make_engine(url: str, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, echo)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,  # the server may have gone away between two uses
            pool_size=2,
            max_overflow=2,
            pool_recycle=1800,
            connect_args={"connect_timeout": 5, "application_name": "dinsos-desktop"},
        )
        event.listen(engine, "before_cursor_execute", _prepare_writes_only)
        return engine
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
