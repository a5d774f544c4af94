"""Work queues over many applications: the first page of each queue and the queue counts through
the application's services, beside the same SQL written by hand; and the queue view's first paint.

Without --db: a throwaway PostgreSQL cluster (started and stopped here) with 500,000 applications;
--quick: 20,000. With --db URL: that server (a PostgreSQL URL: a fresh database created for the run
and dropped after; an SQLite URL: a new file, for information: the targets are PostgreSQL's).

The data (also used by bench/advance_step.py) is generated deterministically: the schema from the
migrations, the bundled catalog through ``services.catalog.ensure_bundled_catalog``, an admin and a
front-office clerk through ``services.users``, citizens from bench/applicant_search.py's generator,
then the applications, bulk loaded (PostgreSQL COPY, SQLite one transaction) and analysed:

- received on working days over the three years before NOW (a Tuesday, 10:00 WIB), ids and
  tracking numbers ("26-000451-7", one sequence per year) in the order received; the standards
  weighted as a Dinas Sosial counter sees them (DTKS and PBI verification, santunan kematian, PKH
  most; the secretariat's services rarely), applicants drawn from the citizens (some return often);
- due moments from the standard's time limit on the real working calendar (IndonesianHolidays,
  default office settings), as the counter computes them;
- each file's life: about 4% returned as incomplete, a few drafts, 3% cancelled; the rest finish
  in 20-130% of their limit (so some late), wait 0-12 days for collection (1% never collected:
  "ready"), or stall at some step (more often the more recent: the backlog of the last months).
  That gives ~85% done, ~1% ready and ~6% running (registered / in process) with
  ``current_step`` and ``step_count`` consistent with the standard's steps: about two thirds of
  those overdue (the backlog, some by years), some due today and within two working days, the
  rest not due yet.

With ``history=True`` (advance_step) the recorded steps, the timeline events and the audit rows
of every file are loaded too.

Measured, after a warm-up, interleaved: each queue's first page (50 rows) through
``services.tracking.work_queue`` and ``queue_counts`` (front-office actor, NOW, WIB), and as
hand-written SQL on a plain psycopg connection: the statement the repository sends
(``_queue_conditions`` and ``SqlApplicationRepository.queue``: the page's keys from
``applications`` alone in a partial index's order, then joined).

The GUI part (when ``dinsos_desktop/gui/queues_page.py`` exists): in a subprocess with the
offscreen platform, the queue view built as the main window builds it, on this database, shown,
and timed until its first page of rows is in its model and it has painted; resident memory growth
from /proc/self/statm. Baseline in the same subprocess: a bare QWidget shown and painted.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.applicant_search import COLUMNS as CITIZEN_COLUMNS
from bench.applicant_search import Population, _Recorder, _short, applicants
from bench.common import (
    REPO,
    PostgresUnavailable,
    backend_of,
    finish,
    machine,
    ms_since,
    postgres_database,
    psycopg_conninfo,
    summary,
)

SEED = 20261117
LIMIT = 50
TARGET_PAGE_MS = 50.0
TARGET_GUI_MS = 300.0
TARGET_GUI_RSS_MB = 50.0
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=WIB)  # a Tuesday morning at the counter
YEARS_BACK = 3
PASSWORD = "Bench-rahasia-1"
CLERK = "petugas"
FULL_SIZE, QUICK_SIZE = 500_000, 20_000

# How often each standard comes to the counter (others of the catalog: 1).
STANDARD_WEIGHTS = {
    "VERVAL-DTKS": 22, "VERVAL-PBI": 14, "SANTUNAN-KEMATIAN": 9, "BANSOS-PKH": 8,
    "BANSOS-REHSOS": 7, "PENDATAAN-BANSOS-APBD": 6, "PENGADUAN-ONLINE": 5,
    "KASUS-KESEJAHTERAAN-ANAK": 3, "ODGJ": 3, "TUNA-SOSIAL": 3, "ABH": 2, "ANAK-KORBAN-KEKERASAN": 2,
    "TANGGAP-DARURAT-BENCANA": 2, "IZIN-KARANG-TARUNA": 2, "BANSOS-COVID19": 1,
}
# The filters measured: a bidang's own overdue list, one service's running files.
BIDANG = "REHSOS"
STANDARD = "SANTUNAN-KEMATIAN"

NOTE_SKIPPED = "Tidak diperlukan untuk berkas ini"
CANCEL_REASONS = ("Pemohon membatalkan permohonan", "Pemohon meninggal dunia",
                  "Data pemohon ganda", "Tidak memenuhi kriteria penerima")
RECIPIENTS = ("Pemohon sendiri", "Suami pemohon", "Istri pemohon", "Anak pemohon")


def local_time(moment: dt.datetime) -> dt.datetime:
    """The office's clock (WIB), whatever the machine's zone."""
    return moment.astimezone(WIB)


# --------------------------------------------------------------------------- the data


@dataclasses.dataclass(frozen=True, slots=True)
class StandardInfo:
    id: int
    code: str
    bidang: str
    steps: tuple[str, ...]
    limit: Any  # domain.catalog.TimeLimit
    nominal_days: float  # the limit in calendar days, roughly
    weight: int


@dataclasses.dataclass(slots=True)
class Plan:
    """One application's state at NOW (times aware, UTC)."""

    id: int
    std: StandardInfo
    citizen_id: int
    status: str
    created: dt.datetime
    received: dt.datetime | None = None
    due: dt.datetime | None = None
    due_clock: bool = False
    recorded: int = 0  # steps recorded
    steps_until: dt.datetime | None = None  # the recorded steps are spread until then
    ready_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    status_before: str | None = None
    tracking: str | None = None
    slip: str | None = None
    skipped: int = 0  # a step recorded as skipped (0: none)

    @property
    def step_count(self) -> int:
        return len(self.std.steps) if self.received is not None and self.tracking else 0

    @property
    def current_step(self) -> int | None:
        if self.status in ("registered", "in_process", "cancelled") and self.step_count:
            return self.recorded + 1
        return None

    @property
    def version(self) -> int:
        if self.status == "draft":
            return 1
        if self.status == "returned":
            return 2
        return (2 + self.recorded + (1 if self.status in ("done", "cancelled") else 0))

    @property
    def updated(self) -> dt.datetime:
        last = self.finished_at or self.cancelled_at or self.ready_at
        if last is None and self.recorded:
            last = self.step_at(self.recorded)
        return last or self.received or self.created

    def step_at(self, step_no: int) -> dt.datetime:
        """When step ``step_no`` was recorded: spread evenly, the last one of a finished file
        when it became ready."""
        assert self.received is not None and self.steps_until is not None
        parts = self.recorded if self.ready_at is not None else self.recorded + 1
        return self.received + (self.steps_until - self.received) * step_no / parts


def _nominal_days(limit: Any) -> float:
    from dinsos_desktop.domain.catalog import TimeUnit

    if limit.value is None or limit.unit is None:
        return 30.0  # no fixed limit (PKH): about a month in practice
    return limit.value * {TimeUnit.HOURS: 1 / 24, TimeUnit.CALENDAR_DAYS: 1.0,
                          TimeUnit.WORKING_DAYS: 1.4, TimeUnit.WEEKS: 7.0,
                          TimeUnit.MONTHS: 30.4}[limit.unit]


def working_calendar() -> Any:
    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.domain.workdays import WorkingCalendar

    return WorkingCalendar.build(IndonesianHolidays(), range(NOW.year - YEARS_BACK - 1, NOW.year + 2))


def plans(n: int, standards: Sequence[StandardInfo], citizens: int, seed: int = SEED) -> Iterator[Plan]:
    """The ``n`` applications, in the order received (ids 1..n). Deterministic for a seed."""
    from dinsos_desktop.domain.catalog import TimeUnit
    from dinsos_desktop.domain.tracking import format_return_slip_number, format_tracking_number
    from dinsos_desktop.services.calendar import as_moment

    rng = random.Random(seed)
    rand = rng.random
    calendar = working_calendar()
    first = NOW.date().replace(year=NOW.year - YEARS_BACK)
    days = []
    day = first
    while day <= NOW.date():
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    cumulative, total = [], 0
    for s in standards:
        total += s.weight
        cumulative.append(total)
    due_cache: dict[tuple[int, dt.date, dt.datetime | None], tuple[dt.datetime | None, bool]] = {}
    tracking: Counter[int] = Counter()
    slips: Counter[int] = Counter()
    utc = dt.UTC
    app_id = 0
    for d, day in enumerate(days):
        count = (d + 1) * n // len(days) - d * n // len(days)
        opens = dt.datetime.combine(day, dt.time(8, 0), tzinfo=WIB)
        hours = (NOW - opens).total_seconds() / 3600 - 0.1 if day == NOW.date() else 7.0
        for k in range(count):
            app_id += 1
            std = standards[bisect.bisect_right(cumulative, rand() * total)]
            received_local = opens + dt.timedelta(hours=hours * (k + rand()) / count)
            received = received_local.astimezone(utc)
            created = received - dt.timedelta(minutes=5 + 25 * rand())
            citizen = 1 + int(citizens * rand() ** 1.5)  # some citizens come back often
            p = Plan(app_id, std, citizen, "draft", created)
            u = rand()
            if u < 0.003:  # left at the counter
                yield p
                continue
            p.received = received
            year = received_local.year
            if u < 0.043:
                slips[year] += 1
                p.status, p.slip = "returned", format_return_slip_number(year, slips[year])
                yield p
                continue
            tracking[year] += 1
            p.tracking = format_tracking_number(year, tracking[year])
            key = (std.id, day, received_local if std.limit.unit is TimeUnit.HOURS else None)
            due = due_cache.get(key)
            if due is None:
                found = calendar.due(received_local, std.limit)
                due = (None, False) if found is None else as_moment(found, WIB)
                due_cache[key] = due
            p.due = due[0].astimezone(utc) if due[0] is not None else None
            p.due_clock = due[1]
            steps = len(std.steps)
            limit = dt.timedelta(days=std.nominal_days)
            age_days = (NOW - received).total_seconds() / 86400
            if rand() < 0.03:
                cancelled = min(received + limit * (0.05 + 0.8 * rand()), NOW - dt.timedelta(minutes=10))
                p.cancelled_at = max(cancelled, received + dt.timedelta(minutes=30))
                p.recorded = min(steps - 1, int(steps * rand() ** 2)) if steps else 0
                p.steps_until = p.cancelled_at
                p.status = "cancelled"
                p.status_before = "in_process" if p.recorded else "registered"
            elif rand() < 0.2 * math.exp(-age_days / 270):  # stalled: the backlog
                p.recorded = min(steps - 1, int(steps * rand() ** 2)) if steps else 0
                p.steps_until = received + (NOW - received) * (0.2 + 0.6 * rand())
                p.status = "in_process" if p.recorded else "registered"
            else:
                completion = received + limit * (0.2 + 1.1 * rand())
                delay = dt.timedelta(days=12 * rand() ** 2, hours=1)
                if completion > NOW:
                    done_share = (NOW - received) / (completion - received)
                    p.recorded = min(steps - 1, int(steps * done_share)) if steps else 0
                    p.steps_until = NOW - dt.timedelta(minutes=30)
                    p.status = "in_process" if p.recorded else "registered"
                else:
                    p.recorded = steps
                    p.steps_until = completion
                    p.ready_at = completion
                    if rand() < 0.01 or completion + delay > NOW:
                        p.status = "ready"
                    else:
                        p.status = "done"
                        p.finished_at = completion + delay
            if p.recorded and rand() < 0.1:
                p.skipped = 1 + int(p.recorded * rand())
            yield p


APP_COLUMNS = ("id", "standard_id", "citizen_id", "status", "tracking_number", "return_slip_number",
               "received_at", "registered_at", "due_at", "due_is_clock_time", "officer_user_id",
               "current_step", "step_count", "ready_at", "finished_at", "status_before", "version",
               "created_at", "updated_at")
STEP_COLUMNS = ("application_id", "step_no", "outcome", "note", "at", "user_id")
EVENT_COLUMNS = ("application_id", "at", "event", "note", "user_id")
AUDIT_COLUMNS = ("occurred_at", "actor_id", "actor_username", "action", "entity", "entity_id",
                 "summary", "before", "after", "workstation")


def app_row(p: Plan, officer: int | None) -> tuple[Any, ...]:
    registered = p.received if p.tracking else None
    return (p.id, p.std.id, p.citizen_id, p.status, p.tracking, p.slip, p.received, registered,
            p.due, p.due_clock, officer, p.current_step, p.step_count, p.ready_at, p.finished_at,
            p.status_before, p.version, p.created, p.updated)


def step_rows(p: Plan, officer: int | None) -> Iterator[tuple[Any, ...]]:
    for no in range(1, p.recorded + 1):
        skipped = no == p.skipped
        yield (p.id, no, "skipped" if skipped else "done", NOTE_SKIPPED if skipped else "",
               p.step_at(no), officer)


def _history(p: Plan) -> Iterator[tuple[dt.datetime, str, str, str]]:
    """(when, event, event note, audit summary) of one file, oldest first."""
    name = p.tracking or p.slip or f"#{p.id}"
    yield p.created, "created", "", ""
    if p.status == "draft":
        return
    assert p.received is not None
    if p.slip:
        yield p.received, "returned", "Berkas belum lengkap", f"{name}: berkas dikembalikan"
        return
    yield p.received, "registered", "", f"{name}: berkas lengkap, terdaftar"
    for no in range(1, p.recorded + 1):
        skipped = no == p.skipped
        text = p.std.steps[no - 1]
        note = f"Langkah {no}: {text}" + (f" — {NOTE_SKIPPED}" if skipped else "")
        ready = ", produk siap diambil" if no == len(p.std.steps) else ""
        yield (p.step_at(no), "step_skipped" if skipped else "step_done", note,
               f"{name}: langkah {no} {'dilewati' if skipped else 'selesai'}{ready}")
    if p.finished_at is not None:
        who = RECIPIENTS[p.id % len(RECIPIENTS)]
        yield (p.finished_at, "handed_over", f"Diserahkan kepada {who}",
               f"{name}: produk diserahkan kepada {who}")
    if p.cancelled_at is not None:
        reason = CANCEL_REASONS[p.id % len(CANCEL_REASONS)]
        yield p.cancelled_at, "cancelled", reason, f"{name} dibatalkan: {reason}"


def event_rows(p: Plan, officer: int | None) -> Iterator[tuple[Any, ...]]:
    for at, event, note, _ in _history(p):
        yield (p.id, at, event, note, officer)


def audit_rows(p: Plan, officer: int | None) -> Iterator[tuple[Any, ...]]:
    for at, event, _, text in _history(p):
        if text:
            after = json.dumps({"event": event}, ensure_ascii=False)
            yield (at, officer, CLERK, "update", "application", str(p.id), text, None, after,
                   "bench-loket-1")


# --------------------------------------------------------------------------- loading

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(v: Any) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        return v.translate(_COPY_ESCAPES)
    if isinstance(v, dt.datetime):
        return v.isoformat(" ")
    return str(v)


def _sqlite_value(v: Any) -> Any:
    # SQLAlchemy's storage format for DateTime on SQLite: naive text, here UTC (models.UtcDateTime).
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, bool):
        return int(v)
    return v


class Loader:
    """Bulk inserts into one migrated database: COPY on PostgreSQL, one transaction on SQLite."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.backend = backend_of(url)
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        start = time.perf_counter()
        count = 0
        if self.backend == "postgresql":
            import psycopg

            with psycopg.connect(psycopg_conninfo(self.url)) as conn:
                with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    chunk: list[str] = []
                    for row in rows:
                        chunk.append("\t".join(map(_copy_value, row)) + "\n")
                        if len(chunk) == 5000:
                            copy.write("".join(chunk))
                            count += len(chunk)
                            chunk.clear()
                    if chunk:
                        copy.write("".join(chunk))
                        count += len(chunk)
                conn.commit()
        else:
            conn = sqlite3.connect(self._sqlite_path(), isolation_level=None)
            try:
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("BEGIN")
                cursor = conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    (tuple(map(_sqlite_value, row)) for row in rows))
                count = cursor.rowcount
                conn.execute("COMMIT")
            finally:
                conn.close()
        self.seconds[table] = round(self.seconds.get(table, 0.0) + time.perf_counter() - start, 2)
        self.rows[table] = self.rows.get(table, 0) + count

    def _sqlite_path(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).database or ""

    def finish(self, tables: Sequence[str]) -> dict[str, Any]:
        """Sequences past the ids given, then VACUUM ANALYZE (PostgreSQL) or ANALYZE."""
        start = time.perf_counter()
        info: dict[str, Any] = {}
        if self.backend == "postgresql":
            import psycopg

            with psycopg.connect(psycopg_conninfo(self.url), autocommit=True) as conn:
                # A commit that is on disk before VACUUM looks (see applicant_search.py).
                conn.execute("SET synchronous_commit = on")
                for table in ("citizens", "applications"):
                    conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))")
                conn.execute("CHECKPOINT")
                for table in tables:
                    conn.execute(f"VACUUM (ANALYZE) {table}")
                size = conn.execute("SELECT pg_total_relation_size('applications')").fetchone()
                info["applications_with_indexes_mb"] = round(size[0] / 2**20, 1)  # type: ignore[index]
                info["server_version"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
                info["shared_buffers"] = conn.execute("SHOW shared_buffers").fetchone()[0]  # type: ignore[index]
        else:
            conn = sqlite3.connect(self._sqlite_path(), isolation_level=None)
            try:
                conn.execute("ANALYZE")
            finally:
                conn.close()
            info["file_mb"] = round(Path(self._sqlite_path()).stat().st_size / 2**20, 1)
            info["sqlite_version"] = sqlite3.sqlite_version
        info["vacuum_analyze_s"] = round(time.perf_counter() - start, 2)
        return info


@dataclasses.dataclass
class Dataset:
    """A loaded database and what the measurements need to know about it."""

    url: str
    engine: Any
    uow: Any
    standards: list[StandardInfo]
    officer_id: int | None
    clerk: Any  # the logged-in front-office Actor
    applications: int
    citizens: int
    load: dict[str, Any]
    statuses: dict[str, int]
    waiting_at: tuple[str, int, int]  # (standard code, step, running files there): the busiest


def _standards(uow: Any) -> list[StandardInfo]:
    from sqlalchemy import text

    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services.catalog import read_catalog_file

    catalog, _ = read_catalog_file(bundled_catalog())
    with uow.read_only():
        ids = {code: (i, bidang) for i, code, bidang in uow.session.execute(
            text("SELECT id, code, bidang_code FROM catalog_standards ORDER BY position"))}
    found = []
    for s in catalog.standards:
        i, bidang = ids[s.code]
        found.append(StandardInfo(i, s.code, bidang, tuple(s.procedure_steps), s.time_limit,
                                  _nominal_days(s.time_limit), STANDARD_WEIGHTS.get(s.code, 1)))
    return found


def prepare(url: str, n: int, *, history: bool = False, seed: int = SEED) -> Dataset:
    """Migrate, import the catalog, create the users, load ``n`` applications (and their
    history when asked), analyse."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services import users
    from dinsos_desktop.services.catalog import ensure_bundled_catalog

    start = time.perf_counter()
    engine = make_engine(url)
    upgrade(engine)
    uow = SqlAlchemyUnitOfWork(engine, workstation="bench-loket-1")
    ensure_bundled_catalog(uow, bundled_catalog())
    admin = users.create_first_admin(uow, "admin", "Administrator Bench", PASSWORD)
    users.create_user(uow, admin, CLERK, "Siti Nurhaliza, S.Sos.", [Role.FRONT_OFFICE], PASSWORD,
                      nip="198803152010012003")
    clerk = users.login(uow, CLERK, PASSWORD)
    standards = _standards(uow)
    setup_s = time.perf_counter() - start

    n_citizens = max(2_000, n // 10)
    loader = Loader(url)
    population = Population(n_citizens)
    loader.insert("citizens", ("id", *CITIZEN_COLUMNS),
                  ((i, *row) for i, row in enumerate(applicants(n_citizens, population, seed), 1)))
    officer = clerk.user_id
    generate_s = 0.0

    def each(rows: Callable[[Plan, int | None], Iterable[tuple[Any, ...]]]) -> Iterator[tuple[Any, ...]]:
        nonlocal generate_s
        clock = time.perf_counter
        source = plans(n, standards, n_citizens, seed)
        while True:
            t = clock()
            p = next(source, None)
            generate_s += clock() - t
            if p is None:
                return
            yield from rows(p, officer)

    loader.insert("applications", APP_COLUMNS, each(lambda p, o: (app_row(p, o),)))
    tables = ["citizens", "applications"]
    if history:
        loader.insert("application_steps", STEP_COLUMNS, each(step_rows))
        loader.insert("application_events", EVENT_COLUMNS, each(event_rows))
        loader.insert("audit_log", AUDIT_COLUMNS, each(audit_rows))
        tables += ["application_steps", "application_events", "audit_log"]
    after = loader.finish(tables)
    statuses, waiting = _census(uow)
    load = {"setup_s": round(setup_s, 2), "generate_s": round(generate_s, 2),
            "insert_s": {t: round(s, 2) for t, s in loader.seconds.items()}, "rows": loader.rows,
            **after}
    return Dataset(url, engine, uow, standards, officer, clerk, n, n_citizens, load, statuses,
                   waiting)


def _census(uow: Any) -> tuple[dict[str, int], tuple[str, int, int]]:
    from sqlalchemy import text

    with uow.read_only():
        s = uow.session
        statuses = dict(s.execute(text("SELECT status, count(*) FROM applications GROUP BY status "
                                       "ORDER BY count(*) DESC")).all())
        code, step, count = s.execute(text(
            "SELECT st.code, a.current_step, count(*) FROM applications a "
            "JOIN catalog_standards st ON st.id = a.standard_id "
            "WHERE a.status IN ('registered','in_process') "
            "GROUP BY st.code, a.current_step ORDER BY count(*) DESC, st.code LIMIT 1")).one()
    return statuses, (code, step, count)


# --------------------------------------------------------------------------- the queries

# The page's keys from applications alone, in a partial index's order, limited there; then only
# those rows joined to their applicant, standard and waiting step.
PAGE_SQL = """SELECT a.id, a.tracking_number, coalesce(c.full_name, i.name, '') AS applicant, s.code,
    s.title, s.bidang_code, a.status, a.current_step, a.step_count, coalesce(p.text, '') AS step_text,
    a.registered_at, a.due_at, a.due_is_clock_time, a.ready_at, a.version
FROM (SELECT id, due_at, ready_at FROM applications WHERE {where} ORDER BY {order}
      LIMIT 51 OFFSET 0) k
JOIN applications a ON a.id = k.id
JOIN catalog_standards s ON s.id = a.standard_id
LEFT OUTER JOIN catalog_procedure_steps p ON p.standard_id = a.standard_id AND p.step_no = a.current_step
LEFT OUTER JOIN citizens c ON c.id = a.citizen_id
LEFT OUTER JOIN institutions i ON i.id = a.institution_id
ORDER BY {outer_order}"""
RUNNING = "status IN ('registered','in_process')"
QUEUE_WHERE = {
    "overdue": [RUNNING, "due_at < :now"],
    "due_today": [RUNNING, "due_at >= :now", "due_at <= :today_end"],
    "due_soon": [RUNNING, "due_at > :today_end", "due_at <= :soon_end"],
    "running": [RUNNING],
    "waiting": [RUNNING],
    "ready": ["status = 'ready'"],
}
APP_ORDER = "due_at NULLS LAST, id"


def _where(wanted: Any) -> list[str]:
    where = list(QUEUE_WHERE[wanted.queue])
    if wanted.queue == "waiting" and wanted.step is not None:
        where.append("current_step = :step")
    if wanted.bidang_code is not None:
        where.append("standard_id IN (SELECT id FROM catalog_standards WHERE bidang_code = :bidang)")
    if wanted.standard_code is not None:
        where.append("standard_id IN (SELECT id FROM catalog_standards WHERE code = :code)")
    return where


def page_sql(wanted: Any) -> str:
    order = "ready_at, id" if wanted.queue == "ready" else APP_ORDER
    outer = "k.ready_at, k.id" if wanted.queue == "ready" else "k.due_at NULLS LAST, k.id"
    return PAGE_SQL.format(where=" AND ".join(_where(wanted)), order=order, outer_order=outer)


def counts_sql(bidang: str | None) -> str:
    from dinsos_desktop.services.dto import QueueFilter

    parts = []
    for queue in ("overdue", "due_today", "due_soon", "ready"):
        where = _where(QueueFilter(queue, bidang_code=bidang))
        parts.append(f"(SELECT count(*) FROM applications WHERE {' AND '.join(where)})")
    return "SELECT " + ", ".join(parts)


def driver_sql(sql: str, backend: str) -> str:
    return re.sub(r":(\w+)", r"%(\1)s", sql) if backend == "postgresql" else sql


def _driver_params(backend: str, params: dict[str, Any]) -> dict[str, Any]:
    if backend == "postgresql":
        return params
    return {k: _sqlite_value(v) for k, v in params.items()}


@dataclasses.dataclass(frozen=True)
class Case:
    key: str
    what: str
    wanted: Any  # QueueFilter, or None: the counts
    bidang: str | None = None


def cases(data: Dataset) -> list[Case]:
    from dinsos_desktop.services.dto import QueueFilter

    code, step, count = data.waiting_at
    return [
        Case("overdue", "Terlambat: running files past their due moment", QueueFilter("overdue")),
        Case("due_today", "Jatuh tempo hari ini", QueueFilter("due_today")),
        Case("due_soon", "Jatuh tempo <= 2 hari kerja (after today)", QueueFilter("due_soon")),
        Case("running", "Semua yang berjalan", QueueFilter("running")),
        Case("waiting", f"Menunggu di langkah: {code} step {step} ({count} files, the busiest)",
             QueueFilter("waiting", standard_code=code, step=step)),
        Case("ready", "Siap diambil", QueueFilter("ready")),
        Case("overdue_bidang", f"Terlambat, bidang {BIDANG}", QueueFilter("overdue", bidang_code=BIDANG)),
        Case("running_standard", f"Semua yang berjalan, layanan {STANDARD}",
             QueueFilter("running", standard_code=STANDARD)),
        Case("counts", "queue_counts: overdue, due today, due soon, ready", None),
        Case("counts_bidang", f"queue_counts, bidang {BIDANG}", None, BIDANG),
    ]


def bounds() -> Any:
    from dinsos_desktop.services.tracking import queue_bounds

    return queue_bounds(working_calendar(), NOW.astimezone(dt.UTC), local_time)


def case_params(case: Case) -> dict[str, Any]:
    b = bounds()
    params: dict[str, Any] = {"now": b.now, "today_end": b.today_end, "soon_end": b.soon_end}
    wanted = case.wanted
    if wanted is not None:
        params.update(step=wanted.step, bidang=wanted.bidang_code, code=wanted.standard_code)
    else:
        params["bidang"] = case.bidang
    return params


def _plan(raw: Any, backend: str, sql: str, params: Any) -> list[str]:
    if backend == "postgresql":
        return [r[0] for r in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()]
    return [str(r[3]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def _time_alone(raw: Any, sql: str, params: Any, runs: int = 7) -> tuple[float, int]:
    rows = raw.execute(sql, params).fetchall()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = raw.execute(sql, params).fetchall()
        samples.append(ms_since(start))
    return sorted(samples)[len(samples) // 2], len(rows)


def measure(data: Dataset, raw: Any, runs: int) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Per case: the application's timings and the hand-written SQL's (the baseline)."""
    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.services import tracking
    from dinsos_desktop.services.dto import Actor

    backend = backend_of(data.url)
    actor = Actor(None, "bench", "Bench", frozenset({Role.FRONT_OFFICE}))
    holidays = IndonesianHolidays()
    now = NOW.astimezone(dt.UTC)
    recorder = _Recorder(data.engine)
    results: dict[str, Any] = {}
    baseline: dict[str, Any] = {}
    printed: list[str] = []
    for case in cases(data):
        params = _driver_params(backend, case_params(case))
        if case.wanted is None:
            sql = driver_sql(counts_sql(case.bidang), backend)
            bidang = case.bidang

            def app(bidang: str | None = bidang) -> list[Any]:
                c = tracking.queue_counts(data.uow, actor, holidays=holidays, now=now,
                                          bidang_code=bidang, local=local_time)
                return [c.overdue, c.due_today, c.due_soon, c.ready]

            def hand(sql: str = sql, params: dict[str, Any] = params) -> list[Any]:
                return list(raw.execute(sql, params).fetchone())

            variants: dict[str, Callable[[], list[Any]]] = {}
        else:
            sql = driver_sql(page_sql(case.wanted), backend)
            wanted = case.wanted

            def app(wanted: Any = wanted) -> list[Any]:
                page = tracking.work_queue(data.uow, actor, wanted, holidays=holidays, now=now,
                                           limit=LIMIT, local=local_time)
                return [item.row.application_id for item in page.items]

            def hand(sql: str = sql, params: dict[str, Any] = params) -> list[Any]:
                return [r[0] for r in raw.execute(sql, params).fetchall()[:LIMIT]]

            variants: dict[str, Callable[[], list[Any]]] = {}
        fns: dict[str, Callable[[], list[Any]]] = {"app": app, "sql": hand, **variants}
        for _ in range(5):  # warm-up: caches, the holiday tables, statement caches
            for fn in fns.values():
                fn()
        times: dict[str, list[float]] = {name: [] for name in fns}
        names = list(fns)
        got: dict[str, list[Any]] = {}
        for i in range(runs):
            for name in names[i % len(names):] + names[:i % len(names)]:  # none always first
                start = time.perf_counter()
                got[name] = fns[name]()
                times[name].append(ms_since(start))
        stats = {name: summary(samples) for name, samples in times.items()}
        recorder.statements.clear()
        recorder.on = True
        app()
        recorder.on = False
        statements = []
        for statement, parameters in recorder.statements:
            if statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                continue
            ms, rows = _time_alone(raw, statement, parameters)
            statements.append({"ms": round(ms, 3), "rows": rows, "sql": statement, "params": parameters})
        db_ms = sum(s["ms"] for s in statements)
        a, s = stats["app"], stats["sql"]
        entry: dict[str, Any] = {
            "what": case.what,
            "app_median_ms": a["median_ms"], "app_p95_ms": a["p95_ms"],
            "sql_median_ms": s["median_ms"], "sql_p95_ms": s["p95_ms"],
            "ratio": round(a["median_ms"] / s["median_ms"], 2) if s["median_ms"] else None,
            "runs": runs,
            "rows": len(got["app"]) if case.wanted is not None else got["app"],
            "same_rows_as_sql": got["app"] == got["sql"],
            "app_statements": len(statements),
            "app_statements_alone_ms": round(db_ms, 3),
            "app_outside_statements_ms": round(a["median_ms"] - db_ms, 3),
        }
        for name in variants:
            entry[f"{name}_median_ms"] = stats[name]["median_ms"]
            entry[f"{name}_same_rows"] = got[name] == got["sql"]
        over = backend == "postgresql" and (a["median_ms"] > TARGET_PAGE_MS or a["p95_ms"] > TARGET_PAGE_MS)
        if over:
            entry["app_statement_times"] = [[st["ms"], st["rows"], _short(st["sql"], 140)]
                                            for st in statements]
            worst = max(statements, key=lambda st: st["ms"])
            plan = _plan(raw, backend, worst["sql"], worst["params"])
            entry["slowest_app_statement"] = {"ms": worst["ms"], "sql": " ".join(worst["sql"].split()),
                                              "plan": plan}
            printed.append(f"--- {case.key}: the application's slowest statement ({worst['ms']} ms "
                           f"alone), EXPLAIN (ANALYZE, BUFFERS):\n" + "\n".join(plan))
        if backend == "postgresql" and s["median_ms"] > TARGET_PAGE_MS:
            entry["sql_plan"] = _plan(raw, backend, sql, params)
            printed.append(f"--- {case.key}: the hand-written SQL, EXPLAIN (ANALYZE, BUFFERS):\n"
                           + "\n".join(entry["sql_plan"]))
        results[case.key] = entry
        baseline[case.key] = {"median_ms": s["median_ms"], "p95_ms": s["p95_ms"],
                              "sql": " ".join(sql.split())}
    return results, baseline, printed


def _targets(backend: str, measured: dict[str, Any]) -> tuple[list[str], list[str]]:
    missed: list[str] = []
    p95: list[str] = []
    if backend != "postgresql":
        return missed, p95
    for key, m in measured.items():
        if m["app_median_ms"] > TARGET_PAGE_MS:
            missed.append(f"{key}: median {m['app_median_ms']} ms > {TARGET_PAGE_MS} ms")
        elif m["app_p95_ms"] > TARGET_PAGE_MS:
            p95.append(f"{key}: p95 {m['app_p95_ms']} ms > {TARGET_PAGE_MS} ms (median "
                       f"{m['app_median_ms']} ms)")
        if not m["same_rows_as_sql"]:
            missed.append(f"{key}: the application's rows differ from the SQL's")
    return missed, p95


# --------------------------------------------------------------------------- the queue view

GUI_MODULE = REPO / "dinsos_desktop" / "gui" / "queues_page.py"
GUI_MARK = "BENCH-GUI-RESULT "


def _gui_subprocess(url: str, runs: int) -> dict[str, Any]:
    """Run ``gui_child`` in a fresh interpreter (offscreen Qt); its result line."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["DINSOS_BENCH_URL"] = url
    env["DINSOS_BENCH_RUNS"] = str(runs)
    with tempfile.TemporaryDirectory(prefix="dinsos-bench-gui-") as tmp:
        env["DINSOS_DATA_DIR"] = tmp
        env["DINSOS_CONFIG_DIR"] = tmp
        proc = subprocess.run([sys.executable, "-c", "from bench.queues import gui_child; gui_child()"],
                              env=env, capture_output=True, text=True, cwd=tmp, timeout=600)
    for line in proc.stdout.splitlines():
        if line.startswith(GUI_MARK):
            return json.loads(line[len(GUI_MARK):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
    return {"error": f"the GUI subprocess exited ({proc.returncode}) without a result",
            "output_tail": tail}


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def gui_child() -> None:
    """In the subprocess: the bare-widget baseline, then the queue view, each timed to first paint
    (the view: until the first page of rows is in its model, then painted)."""
    url = os.environ["DINSOS_BENCH_URL"]
    runs = int(os.environ.get("DINSOS_BENCH_RUNS", "5"))
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    result: dict[str, Any] = {}

    # Baseline: a bare QWidget, shown and painted.
    rss0 = _rss_mb()
    bare: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        w = QWidget()
        w.resize(990, 700)
        w.show()
        app.processEvents()
        w.grab()
        bare.append(ms_since(start))
        w.close()
        w.deleteLater()
        app.processEvents()
    result["bare_widget"] = {**summary(bare), "rss_growth_mb": round(_rss_mb() - rss0, 1)}
    result.update(_measure_queue_view(app, url, runs))
    print(GUI_MARK + json.dumps(result), flush=True)


def _wait(app: Any, done: Callable[[], bool], timeout_s: float = 60.0) -> bool:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        if not done():
            time.sleep(0.0002)
    return True


def _measure_queue_view(app: Any, url: str, runs: int) -> dict[str, Any]:
    """The queue view opened as the main window opens a page: built (its module imported on the
    first opening), put in the window, shown, refresh() called; timed until its model holds the
    first page of rows and the table's viewport has painted them. The session before it: the
    database opened by the composition root's open_database, a front-office clerk logged in, the
    catalog in force loaded and the status bar's queue counts fetched (as after login)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from dinsos_desktop import app as composition_root
    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.adapters.regions import REGIONS
    from dinsos_desktop.config import SettingsStore
    from dinsos_desktop.gui.context import AppContext
    from dinsos_desktop.gui.tasks import TaskRunner
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services import catalog as catalog_service
    from dinsos_desktop.services import tracking, users
    from dinsos_desktop.services.calendar import due_calculator

    tmp = Path(os.environ.get("DINSOS_DATA_DIR") or tempfile.gettempdir())
    holidays = IndonesianHolidays()
    factory, label = composition_root.open_database(url)
    ctx = AppContext(uow_factory=factory, database_label=label,
                     settings_store=SettingsStore(tmp / "s.ini"),
                     open_database=composition_root.open_database,
                     test_connection=composition_root.test_connection,
                     url_for=lambda s: s.url(tmp / "x.sqlite3"), bundled_catalog=bundled_catalog(),
                     regions=REGIONS, due_for=due_calculator(holidays), holidays=holidays)
    ctx.actor = users.login(ctx.uow(), CLERK, PASSWORD)
    catalog = catalog_service.get_catalog(ctx.uow())
    tracking.queue_counts(ctx.uow(), ctx.actor, holidays=holidays)
    runner = TaskRunner()  # a database thread, as in the application
    window = QWidget()  # the main window's page area
    window.resize(990, 700)
    window.show()
    app.processEvents()

    class Painted(QObject):
        """When the rows arrived in the model, and when the table's viewport first painted
        after that."""

        def __init__(self) -> None:
            super().__init__()
            self.rows_at: float | None = None
            self.painted_at: float | None = None

        def rows_arrived(self) -> None:
            if self.rows_at is None and page_ref and page_ref[0].model.rowCount():
                self.rows_at = time.perf_counter()

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and self.rows_at is not None
                    and self.painted_at is None):
                self.painted_at = time.perf_counter()
            return False

    page_ref: list[Any] = []
    samples: list[dict[str, float]] = []
    rss: list[float] = [_rss_mb()]
    rows_seen: list[int] = []
    for _ in range(runs):
        painted = Painted()
        start = time.perf_counter()
        from dinsos_desktop.gui.queues_page import QueuesPage  # lazily, as main_window does

        page = QueuesPage(ctx, runner, lambda: catalog, window)
        page_ref[:] = [page]
        page.resize(window.size())
        page.table.viewport().installEventFilter(painted)
        page.model.loaded.connect(painted.rows_arrived)
        page.show()
        built = time.perf_counter()
        page.refresh()
        ok = _wait(app, lambda painted=painted: painted.painted_at is not None)
        if not ok or painted.rows_at is None or painted.painted_at is None:
            raise RuntimeError(f"the queue view showed no rows in time ({page.model.rowCount()})")
        samples.append({"total": (painted.painted_at - start) * 1000,
                        "build_and_show": (built - start) * 1000,
                        "until_rows_in_model": (painted.rows_at - built) * 1000,
                        "until_painted": (painted.painted_at - painted.rows_at) * 1000})
        rows_seen.append(page.model.rowCount())
        rss.append(_rss_mb())
        page.table.viewport().removeEventFilter(painted)
        page.hide()
        page.deleteLater()
        page_ref.clear()
        app.processEvents()
    window.close()
    runner.db_pool.waitForDone(5000)
    first, rest = samples[0], samples[1:] or samples
    return {
        "queue_view": {
            "what": "the first opening in the process (its module imported then) is held against "
                    "the target; later openings (a new page each time) for information",
            "first_open_ms": round(first["total"], 1),
            "first_open_parts_ms": {k: round(v, 1) for k, v in first.items() if k != "total"},
            "later_opens": summary([x["total"] for x in rest]),
            "later_opens_until_rows_ms_median": round(
                sorted(x["until_rows_in_model"] for x in rest)[len(rest) // 2], 1),
            "rows_in_model": rows_seen[0],
            "rss_growth_mb": round(rss[1] - rss[0], 1),
            "rss_growth_after_all_opens_mb": round(rss[-1] - rss[0], 1),
            "opens": runs,
        },
    }


def measure_gui(data: Dataset, runs: int) -> dict[str, Any] | str:
    if not GUI_MODULE.exists():
        return "not measured: dinsos_desktop/gui/queues_page.py does not exist yet"
    return _gui_subprocess(data.url, runs)


# --------------------------------------------------------------------------- running


def _run_on(url: str, where: str, n: int, runs: int, gui_runs: int) -> dict[str, Any]:
    import psycopg

    backend = backend_of(url)
    data = prepare(url, n)
    try:
        if backend == "postgresql":
            raw: Any = psycopg.connect(psycopg_conninfo(url), autocommit=True)
        else:
            raw = sqlite3.connect(make_path(url), isolation_level=None)
        try:
            measured, baseline, printed = measure(data, raw, runs)
        finally:
            raw.close()
        gui = measure_gui(data, gui_runs)
    finally:
        data.engine.dispose()
    for block in printed:
        print(block)
    b = bounds()
    return {
        "database": where, "applications": n, "citizens": data.citizens,
        "now": NOW.isoformat(), "today_end": b.today_end.astimezone(WIB).isoformat(),
        "soon_end": b.soon_end.astimezone(WIB).isoformat(),
        "statuses": data.statuses,
        "waiting_at": {"standard": data.waiting_at[0], "step": data.waiting_at[1],
                       "files": data.waiting_at[2]},
        "load": data.load, "queues": measured, "gui": gui, "_baseline": baseline,
    }


def make_path(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).database or ""


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    n = QUICK_SIZE if quick else FULL_SIZE
    runs = 20 if quick else 50
    gui_runs = 3 if quick else 5
    result: dict[str, Any] = {"bench": "queues", "size": "quick" if quick else "full", "limit": LIMIT}
    try:
        if db_url is not None and backend_of(db_url) == "sqlite":
            path = Path(make_path(db_url))
            if path.exists():
                raise SystemExit(f"--db {db_url}: give a new SQLite file, this one exists")
            part = _run_on(db_url, "sqlite (--db)", n, runs, gui_runs)
            backend = "sqlite"
        else:
            with postgres_database(db_url, "queues") as url:
                where = "postgresql (fresh database on the --db server)" if db_url else \
                    "postgresql (throwaway cluster: fsync off)"
                part = _run_on(url, where, n, runs, gui_runs)
            backend = "postgresql"
    except PostgresUnavailable as exc:
        result["postgresql"] = f"skipped: {exc}"
        result["baseline"] = {"what": "not measured"}
        return finish(result, at_start)
    result[backend] = part
    missed, p95 = _targets(backend, part["queues"])
    gui = part["gui"]
    if isinstance(gui, dict) and "queue_view" in gui:
        view = gui["queue_view"]
        if view["first_open_ms"] > TARGET_GUI_MS:
            missed.append(f"queue view first paint: {view['first_open_ms']} ms > {TARGET_GUI_MS} ms")
        if view["rss_growth_mb"] > TARGET_GUI_RSS_MB:
            missed.append(f"queue view memory: +{view['rss_growth_mb']} MB > {TARGET_GUI_RSS_MB} MB")
    result["targets"] = {"first_page_ms_postgresql": TARGET_PAGE_MS,
                         "queue_view_first_paint_ms": TARGET_GUI_MS,
                         "queue_view_rss_growth_mb": TARGET_GUI_RSS_MB,
                         "missed": missed, "p95_over": p95,
                         "gui": "measured" if isinstance(gui, dict) and "queue_view" in gui else str(gui)}
    result["baseline"] = {
        "what": "hand-written SQL of each first page / of the counts (the statement the repository "
                "sends), on a plain driver connection (psycopg autocommit / sqlite3), interleaved "
                "with the application's calls; GUI: a bare QWidget shown and painted in the same "
                "subprocess",
        backend: part.pop("_baseline"),
    }
    if isinstance(gui, dict) and "bare_widget" in gui:
        result["baseline"]["gui_bare_widget"] = gui["bare_widget"]
    return finish(result, at_start)
