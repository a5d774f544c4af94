"""One step of a file's procedure recorded as done: ``services.tracking.record_procedure_step`` on a
database with many applications, beside the same writes as hand-written SQL.

Without --db: PostgreSQL (a throwaway cluster started and stopped here) and SQLite (a temporary
file), each with 100,000 applications; --quick: 20,000 each. With --db URL: that server only (a
PostgreSQL URL: a fresh database created for the run and dropped after; an SQLite URL: a new file).

The data is bench/queues.py's generator with the files' history (recorded steps, timeline events,
audit rows: a few million rows at full size), so every insert lands in tables and indexes of a
realistic size. About 6% of the files are running (registered or in process) at a step.

Each measured call advances a different running file, chosen at random (seeded), by the step it
waits at; its version and step are read first, outside the timing. The application's call is the
service as the GUI calls it (a logged-in front-office clerk, a note). Baseline, interleaved with
it, each on its own file: the service's writes as hand-written SQL in one transaction on a plain
driver connection (psycopg / sqlite3 with the application's pragmas): insert the step, update the
application with the version check, insert the event, insert the audit row, commit. For
information also the same preceded by a SELECT of the file's state in the transaction (what a
hand-written use case would read first).

On the throwaway cluster fsync and synchronous_commit are off: a commit costs no disk flush there;
a production server adds its WAL flush to the application and the baseline alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import (
    PostgresUnavailable,
    backend_of,
    finish,
    machine,
    ms_since,
    postgres_database,
    psycopg_conninfo,
    summary,
)
from bench.queues import SEED, Dataset, make_path, prepare

TARGET_PG_MEDIAN_MS = 20.0
NOTE = "Berkas sudah diverifikasi lapangan"
FULL_SIZE, QUICK_SIZE = 100_000, 20_000
WARM_UP = 5
RECORDED_CALLS = 10

STATE_SQL = ("SELECT a.version, a.current_step, a.step_count, a.status, coalesce(p.text, ''), "
             "coalesce(a.tracking_number, '') FROM applications a "
             "LEFT JOIN catalog_procedure_steps p ON p.standard_id = a.standard_id "
             "AND p.step_no = a.current_step WHERE a.id = :id")
INSERT_STEP = ("INSERT INTO application_steps (application_id, step_no, outcome, note, at, user_id) "
               "VALUES (:id, :step, 'done', :note, :now, :user)")
UPDATE_APP = ("UPDATE applications SET status = :status, version = :new_version, updated_at = :now, "
              "current_step = :next_step, step_count = :step_count{ready} "
              "WHERE id = :id AND version = :version")
INSERT_EVENT = ("INSERT INTO application_events (application_id, at, event, note, user_id) "
                "VALUES (:id, :now, 'step_done', :summary, :user)")
INSERT_AUDIT = ("INSERT INTO audit_log (occurred_at, actor_id, actor_username, action, entity, "
                "entity_id, summary, before, after, workstation) VALUES (:now, :user, :username, "
                "'update', 'application', :entity_id, :audit_summary, NULL, :after, :workstation)")


@dataclasses.dataclass(frozen=True)
class State:
    """A running file as read before the call (outside the timing)."""

    id: int
    version: int
    step: int
    step_count: int
    status: str
    step_text: str
    number: str


class Driver:
    """The plain driver connection: statements with ``:name`` parameters, one transaction."""

    def __init__(self, url: str) -> None:
        self.backend = backend_of(url)
        if self.backend == "postgresql":
            import psycopg

            self.conn: Any = psycopg.connect(psycopg_conninfo(url))
        else:
            self.conn = sqlite3.connect(make_path(url), isolation_level=None)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=15000",
                           "synchronous=NORMAL"):  # as the application's engine sets them
                self.conn.execute(f"PRAGMA {pragma}")

    def sql(self, statement: str) -> str:
        return re.sub(r":(\w+)", r"%(\1)s", statement) if self.backend == "postgresql" else statement

    def value(self, v: Any) -> Any:
        if self.backend == "sqlite" and isinstance(v, dt.datetime):
            return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return v

    def execute(self, statement: str, params: dict[str, Any]) -> Any:
        return self.conn.execute(self.sql(statement), {k: self.value(v) for k, v in params.items()})

    def begin(self) -> None:
        if self.backend == "sqlite":
            self.conn.execute("BEGIN IMMEDIATE")  # as the application's engine begins a write

    def commit(self) -> None:
        if self.backend == "sqlite":
            self.conn.execute("COMMIT")
        else:
            self.conn.commit()

    def rollback(self) -> None:
        if self.backend == "sqlite":
            self.conn.execute("ROLLBACK")
        else:
            self.conn.rollback()

    def state(self, app_id: int) -> State:
        row = self.execute(STATE_SQL, {"id": app_id}).fetchone()
        if self.backend == "postgresql":
            self.conn.commit()  # end the read's transaction
        return State(app_id, *row)

    def close(self) -> None:
        self.conn.close()


def hand_written(driver: Driver, st: State, user_id: int, username: str, workstation: str, *,
                 read_first: bool = False) -> int:
    """The service's writes for ``st`` in one transaction; the new version."""
    now = dt.datetime.now(dt.UTC)
    driver.begin()
    try:
        if read_first:
            version, step, count, status, text, number = driver.execute(STATE_SQL, {"id": st.id}).fetchone()
            if version != st.version or step != st.step or status not in ("registered", "in_process"):
                raise RuntimeError(f"application {st.id} changed under the benchmark")
        else:
            step, count, text, number = st.step, st.step_count, st.step_text, st.number
        ready = step == count
        summary_ = f"Langkah {step}: {text} — {NOTE}"
        params = {
            "id": st.id, "step": step, "note": NOTE, "now": now, "user": user_id,
            "status": "ready" if ready else "in_process", "version": st.version,
            "new_version": st.version + 1, "next_step": None if ready else step + 1,
            "step_count": count, "summary": summary_, "username": username,
            "entity_id": str(st.id), "workstation": workstation,
            "audit_summary": f"{number}: langkah {step} selesai" + (", produk siap diambil" if ready else ""),
            "after": json.dumps({"step": step, "outcome": "done", "note": NOTE,
                                 "status": "ready" if ready else "in_process"}, ensure_ascii=False),
        }
        driver.execute(INSERT_STEP, params)
        updated = driver.execute(UPDATE_APP.format(ready=", ready_at = :now" if ready else ""), params)
        if updated.rowcount != 1:
            raise RuntimeError(f"application {st.id}: version {st.version} is not the stored one")
        driver.execute(INSERT_EVENT, params)
        driver.execute(INSERT_AUDIT, params)
        driver.commit()
    except BaseException:
        driver.rollback()
        raise
    return st.version + 1


class _StatementClock:
    """The statements one service call sends, with the time each spent in the driver."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.on = False
        self.statements: list[tuple[str, float]] = []
        self._started = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.statements.append((statement, ms_since(self._started)))


def _candidates(driver: Driver, wanted: int) -> list[int]:
    rows = driver.execute("SELECT id FROM applications WHERE status IN ('registered','in_process') "
                          "AND current_step IS NOT NULL ORDER BY id", {}).fetchall()
    if driver.backend == "postgresql":
        driver.conn.commit()
    ids = [r[0] for r in rows]
    random.Random(SEED).shuffle(ids)
    if len(ids) < wanted:
        raise RuntimeError(f"only {len(ids)} running applications, {wanted} wanted")
    return ids[:wanted]


def measure(data: Dataset, runs: int) -> dict[str, Any]:
    from dinsos_desktop.domain.workflow import StepOutcome
    from dinsos_desktop.services import tracking

    clerk = data.clerk
    workstation = data.uow.workstation
    driver = Driver(data.url)
    clock = _StatementClock(data.engine)
    try:
        pool = iter(_candidates(driver, 3 * (runs + WARM_UP) + RECORDED_CALLS))
        problems: list[str] = []
        became_ready = 0

        def app(st: State) -> int:
            saved = tracking.record_procedure_step(data.uow, clerk, st.id, st.step, StepOutcome.DONE,
                                                   NOTE, expected_version=st.version)
            return saved.version

        def sql(st: State) -> int:
            return hand_written(driver, st, clerk.user_id, clerk.username, workstation)

        def sql_read_first(st: State) -> int:
            return hand_written(driver, st, clerk.user_id, clerk.username, workstation, read_first=True)

        fns: dict[str, Callable[[State], int]] = {"app": app, "sql": sql, "sql_read_first": sql_read_first}
        names = list(fns)
        times: dict[str, list[float]] = {name: [] for name in names}
        for i in range(WARM_UP + runs):
            for name in names[i % 3:] + names[:i % 3]:  # none of them always goes first
                st = driver.state(next(pool))
                start = time.perf_counter()
                version = fns[name](st)
                elapsed = ms_since(start)
                if version != st.version + 1 and len(problems) < 3:
                    problems.append(f"{name}: application {st.id} at version {version}, "
                                    f"expected {st.version + 1}")
                if i >= WARM_UP:
                    times[name].append(elapsed)
                    became_ready += st.step == st.step_count
        # Where the service's time goes: its statements, timed in the driver (separate calls).
        per_call: list[list[tuple[str, float]]] = []
        for _ in range(RECORDED_CALLS):
            st = driver.state(next(pool))
            clock.statements.clear()
            clock.on = True
            app(st)
            clock.on = False
            per_call.append([(" ".join(s.split())[:110], ms) for s, ms in clock.statements])
    finally:
        driver.close()
    stats = {name: summary(samples) for name, samples in times.items()}
    a, s = stats["app"], stats["sql"]
    statement_ms = sorted(sum(ms for _, ms in call) for call in per_call)[len(per_call) // 2]
    shapes = [shape for shape, _ in per_call[0]]
    each_ms = [sorted(call[i][1] for call in per_call if len(call) == len(shapes))
               for i in range(len(shapes))]
    return {
        "runs": runs,
        "calls_that_made_the_file_ready": became_ready,
        "app": a,
        "ratio": round(a["median_ms"] / s["median_ms"], 2) if s["median_ms"] else None,
        "ratio_to_sql_read_first": round(a["median_ms"] / stats["sql_read_first"]["median_ms"], 2),
        "app_statements": len(shapes),
        "app_statements_in_driver_median_ms": round(statement_ms, 3),
        "app_outside_statements_ms": round(a["median_ms"] - statement_ms, 3),
        # [median ms in the driver over the recorded calls, the statement's start]
        "app_statement_times": [[round(ms[len(ms) // 2], 3) if ms else None, shape]
                                for ms, shape in zip(each_ms, shapes, strict=True)],
        "problems": problems,
        "_baseline": {"sql": s, "sql_read_first": stats["sql_read_first"]},
    }


def _run_on(url: str, where: str, n: int, runs: int) -> dict[str, Any]:
    data = prepare(url, n, history=True)
    try:
        measured = measure(data, runs)
    finally:
        data.engine.dispose()
    return {"database": where, "applications": n, "statuses": data.statuses, "load": data.load,
            **measured}


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    n = QUICK_SIZE if quick else FULL_SIZE
    runs = 30 if quick else 100
    result: dict[str, Any] = {"bench": "advance_step", "size": "quick" if quick else "full"}
    parts: dict[str, dict[str, Any] | str] = {}
    if db_url is None or backend_of(db_url) == "postgresql":
        try:
            with postgres_database(db_url, "advance") as url:
                where = ("postgresql (fresh database on the --db server)" if db_url
                         else "postgresql (throwaway cluster: fsync and synchronous_commit off)")
                parts["postgresql"] = _run_on(url, where, n, runs)
        except PostgresUnavailable as exc:
            parts["postgresql"] = f"skipped: {exc}"
    if db_url is None:
        with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp:
            parts["sqlite"] = _run_on(f"sqlite:///{Path(tmp) / 'advance.db'}", "sqlite (temporary file)",
                                      n, runs)
    elif backend_of(db_url) == "sqlite":
        if Path(make_path(db_url)).exists():
            raise SystemExit(f"--db {db_url}: give a new SQLite file, this one exists")
        parts["sqlite"] = _run_on(db_url, "sqlite (--db)", n, runs)
    missed: list[str] = []
    baseline: dict[str, Any] = {
        "what": "the service's writes as hand-written SQL in one transaction on a plain driver "
                "connection (insert step, update application with the version check, insert event, "
                "insert audit row, commit), each call on its own running file, interleaved with the "
                "application's calls; sql_read_first: the same after a SELECT of the file's state",
    }
    for backend, part in parts.items():
        result[backend] = part
        if isinstance(part, str):
            continue
        baseline[backend] = part.pop("_baseline")
        if backend == "postgresql" and part["app"]["median_ms"] > TARGET_PG_MEDIAN_MS:
            missed.append(f"postgresql: median {part['app']['median_ms']} ms > {TARGET_PG_MEDIAN_MS} ms")
        if part["problems"]:
            missed.append(f"{backend}: {len(part['problems'])} calls did not end at the expected version")
    result["targets"] = {"postgresql_median_ms": TARGET_PG_MEDIAN_MS, "missed": missed}
    result["baseline"] = baseline
    return finish(result, at_start)
