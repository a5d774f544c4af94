"""Letter numbers taken by many workstations at once: ``services.letters.register_letter`` ("Ambil
nomor") from several processes started together, beside the same numbering as hand-written SQL.

Without --db: PostgreSQL (a throwaway cluster started and stopped here) and SQLite (a temporary
file); with --db URL: that server only (a PostgreSQL URL: a fresh database created for the run and
dropped after; an SQLite URL: a new file). The schema comes from the migrations; an admin, then an
agendaris, are created through the user services and the agendaris logs in.

For each worker count (1, 2, 4, 8, 16; --quick: 1, 2, 4) each worker process (forked from a
clean fork server with the modules imported, so no connection is shared with the parent) builds
its own engine and unit of work (``adapters.db.engine.make_engine``, ``SqlAlchemyUnitOfWork``),
registers one warm-up letter in another year's scope, then waits at a barrier; released together,
each registers 200 letters (--quick: 50), all dated the same day with classification code 460,
with varied subjects and addressees. Each run numbers a scope of its own (its own year), so the
numbers read back after the run must be exactly 1..N (N = workers × letters): duplicates, gaps,
numbers outside 1..N and calls that raised are reported. Throughput: N over the time from the
first worker's start to the last worker's end (time.perf_counter, the machine's monotonic clock,
is shared by the processes); latency: each registration as its worker saw it (p50, p99).

Baseline, the same worker counts on the same database, run after or before the application (it
alternates) in scopes of their own: one transaction per letter on a plain driver connection,
``SELECT value FROM counters WHERE scope = … FOR UPDATE``, ``UPDATE counters``, ``INSERT INTO
letters (…)`` with the columns the repository writes, commit (psycopg; SQLite: sqlite3 with the
application's pragmas and BEGIN IMMEDIATE, no FOR UPDATE). The baseline's counter rows exist
before it starts.

Where a registration's time goes (in the parent, one process, no contention): its statements as
SQLAlchemy sends them, timed in the driver; round trips (PostgreSQL: the statements, BEGIN,
COMMIT and SQLAlchemy's pool pre-ping at checkout); how long the counter stays locked (PostgreSQL:
from the statement that locks it, the counter upsert or a SELECT … FOR UPDATE, to the commit;
SQLite: the whole write transaction, BEGIN IMMEDIATE to commit): one scope's letters cannot be
numbered faster than one per that time, whatever the number
of workers; and a cProfile of the registrations (per registration, the functions with the most
own time, and own time by package).

On the throwaway cluster fsync and synchronous_commit are off: a commit costs no disk flush there;
a production server adds its WAL flush to the application and the baseline alike. The machine's
CPU count matters: with more workers than CPUs the processes also compete for the CPUs.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import multiprocessing
import pstats
import queue
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import BrokenBarrierError
from typing import Any

from bench.common import (
    REPO,
    PostgresUnavailable,
    backend_of,
    finish,
    machine,
    ms_since,
    postgres_database,
    psycopg_conninfo,
)

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
LETTER_DAY = (3, 14)  # every letter of a run is dated 14 March of the run's year
CODE = "460"
UNIT = "423.105"  # the default unit code of the numbering settings
FULL_COUNTS, QUICK_COUNTS = (1, 2, 4, 8, 16), (1, 2, 4)
FULL_LETTERS, QUICK_LETTERS = 200, 50
TARGET_RATIO = 0.70
TARGET_WORKERS = 8
PROFILE_WARM_UP, PROFILE_CALLS = 5, 30
ADMIN, AGENDARIS, PASSWORD = "admin", "agenda", "Bench-rahasia-1"
START_TIMEOUT_S = 300.0
RUN_TIMEOUT_S = 1800.0

SUBJECTS = (
    "Undangan rapat koordinasi PKH tingkat kecamatan",
    "Permohonan data penerima bantuan sosial",
    "Penyampaian hasil verifikasi dan validasi DTKS",
    "Pemberitahuan jadwal penyaluran bantuan sembako",
    "Rekomendasi penerbitan kartu PBI JK",
    "Surat pengantar rujukan rehabilitasi sosial",
    "Laporan penanganan korban bencana banjir",
    "Undangan sosialisasi program santunan kematian",
    "Permohonan narasumber bimbingan teknis karang taruna",
    "Tindak lanjut pengaduan masyarakat",
    "Penyampaian usulan calon penerima bantuan rumah tidak layak huni",
    "Pemberitahuan pelaksanaan pendataan PPKS",
)
ADDRESSEES = (
    ("Camat Panggungrejo", "Kecamatan Panggungrejo", "Jl. Hasanudin No. 1, Pasuruan"),
    ("Lurah Bugul Lor", "Kelurahan Bugul Lor", "Jl. Sultan Agung No. 12, Pasuruan"),
    ("", "Dinas Sosial Provinsi Jawa Timur", "Jl. Gayung Kebonsari No. 56B, Surabaya"),
    ("Kepala BPJS Kesehatan Cabang Pasuruan", "", "Jl. Pahlawan No. 20, Pasuruan"),
    ("Ketua TKSK Kota Pasuruan", "", ""),
    ("", "RSUD dr. R. Soedarsono", "Jl. Dr. Wahidin Sudirohusodo No. 1, Pasuruan"),
    ("Sdr. Ahmad Fauzi", "", "Jl. Gatot Subroto Gg. III No. 7, Pasuruan"),
    ("Kepala Bappelitbangda", "Pemerintah Kota Pasuruan", "Jl. Pahlawan No. 28, Pasuruan"),
)
SIGNATORIES = ("Kepala Dinas Sosial", "Sekretaris", "Kepala Bidang Rehabilitasi Sosial")
BIDANG = ("SEKRETARIAT", "REHSOS", "LINJAMSOS", "PEMDAYAAN")

LETTER_COLUMNS = (
    "year", "scope", "number", "suffix", "full_number", "letter_date", "sent_date", "kind",
    "classification_code", "addressee_name", "addressee_institution", "addressee_address",
    "subject", "nature", "attachments", "bidang_code", "signatory", "related_application_id",
    "related_incoming", "notes", "status", "is_insert", "insert_reason", "insert_approval",
    "void_reason", "voided_at", "imported", "created_by", "version", "created_at", "updated_at",
)
_NAMED = ", ".join(f":{c}" for c in LETTER_COLUMNS)
INSERT_LETTER = f"INSERT INTO letters ({', '.join(LETTER_COLUMNS)}) VALUES ({_NAMED})"
LOCK_COUNTER = "SELECT value FROM counters WHERE scope = :scope{for_update}"
UPDATE_COUNTER = "UPDATE counters SET value = :value WHERE scope = :scope"


def local(moment: dt.datetime) -> dt.datetime:
    """The office's clock (WIB), whatever the machine's zone."""
    return moment.astimezone(WIB)


def scope_of(year: int) -> str:
    return f"letter:{year}:{UNIT}"


def letter_day(year: int) -> dt.date:
    return dt.date(year, *LETTER_DAY)


def letter_fields(year: int, worker: int, i: int) -> Any:
    from dinsos_desktop.domain.letters import LetterFields, LetterKind, Nature

    k = worker * 7919 + i
    name, institution, address = ADDRESSEES[k % len(ADDRESSEES)]
    return LetterFields(
        letter_date=letter_day(year), kind=LetterKind.SURAT, classification_code=CODE,
        addressee_name=name, addressee_institution=institution, addressee_address=address,
        subject=f"{SUBJECTS[k % len(SUBJECTS)]} ({i + 1})",
        nature=(Nature.BIASA, Nature.BIASA, Nature.PENTING, Nature.SEGERA)[k % 4],
        attachments=k % 3, bidang_code=BIDANG[k % len(BIDANG)],
        signatory=SIGNATORIES[k % len(SIGNATORIES)], notes="" if k % 5 else "Tembusan: Wali Kota")


def letter_values(fields: Any, scope: str, number: int, user_id: int | None) -> dict[str, Any]:
    """The row the repository writes for a newly numbered letter (SqlLetterRepository.add)."""
    now = dt.datetime.now(dt.UTC)
    day = fields.letter_date
    return {
        "year": day.year, "scope": scope, "number": number, "suffix": "",
        "full_number": f"{fields.classification_code}/{number}/{UNIT}/{day.year}",
        "letter_date": day, "sent_date": fields.sent_date, "kind": fields.kind.value,
        "classification_code": fields.classification_code, "addressee_name": fields.addressee_name,
        "addressee_institution": fields.addressee_institution,
        "addressee_address": fields.addressee_address, "subject": fields.subject,
        "nature": fields.nature.value, "attachments": fields.attachments,
        "bidang_code": fields.bidang_code, "signatory": fields.signatory,
        "related_application_id": None, "related_incoming": fields.related_incoming,
        "notes": fields.notes, "status": "aktif", "is_insert": False, "insert_reason": "",
        "insert_approval": "", "void_reason": "", "voided_at": None, "imported": False,
        "created_by": user_id, "version": 1, "created_at": now, "updated_at": now,
    }


def sqlite_path(url: str) -> str:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    assert database, url
    return database


# --------------------------------------------------------------------------- the two ways of numbering


class AppRegistrar:
    """The application: its engine, a unit of work, the logged-in agendaris."""

    def __init__(self, url: str, actor: Any) -> None:
        from dinsos_desktop.adapters.db.engine import make_engine
        from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
        from dinsos_desktop.services import letters

        self.engine = make_engine(url)
        self.uow = SqlAlchemyUnitOfWork(self.engine, workstation="bench-agenda")
        self.actor = actor
        self._register = letters.register_letter

    def register(self, year: int, worker: int, i: int) -> int:
        letter = self._register(self.uow, self.actor, letter_fields(year, worker, i), now=NOW,
                                local=local)
        return int(letter.number)

    def close(self) -> None:
        self.engine.dispose()


class SqlRegistrar:
    """The baseline: counter row locked, raised, letter inserted, one transaction, plain driver."""

    def __init__(self, url: str, actor: Any) -> None:
        self.backend = backend_of(url)
        self.user_id = actor.user_id
        self.held_ms = 0.0  # the last registration's: from taking the lock to the commit
        if self.backend == "postgresql":
            import psycopg

            self.conn: Any = psycopg.connect(psycopg_conninfo(url))
            self.lock_sql = LOCK_COUNTER.format(for_update=" FOR UPDATE").replace(":scope", "%(scope)s")
            self.update_sql = UPDATE_COUNTER.replace(":value", "%(value)s").replace(":scope", "%(scope)s")
            self.insert_sql = INSERT_LETTER.replace(_NAMED, ", ".join(f"%({c})s" for c in LETTER_COLUMNS))
        else:
            self.conn = sqlite3.connect(sqlite_path(url), isolation_level=None, timeout=15)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=15000",
                           "synchronous=NORMAL"):  # as the application's engine sets them
                self.conn.execute(f"PRAGMA {pragma}")
            self.lock_sql = LOCK_COUNTER.format(for_update="")
            self.update_sql = UPDATE_COUNTER
            self.insert_sql = INSERT_LETTER

    def register(self, year: int, worker: int, i: int) -> int:
        scope = scope_of(year)
        fields = letter_fields(year, worker, i)
        conn = self.conn
        locked = time.perf_counter()
        if self.backend == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
        try:
            value = conn.execute(self.lock_sql, {"scope": scope}).fetchone()[0] + 1
            conn.execute(self.update_sql, {"value": value, "scope": scope})
            row = letter_values(fields, scope, value, self.user_id)
            if self.backend == "sqlite":
                row = {k: _sqlite_value(v) for k, v in row.items()}
            conn.execute(self.insert_sql, row)
            if self.backend == "sqlite":
                conn.execute("COMMIT")
            else:
                conn.commit()
            self.held_ms = ms_since(locked)
        except BaseException:
            if self.backend == "sqlite":
                conn.execute("ROLLBACK")
            else:
                conn.rollback()
            raise
        return int(value)

    def close(self) -> None:
        self.conn.close()


def _sqlite_value(v: Any) -> Any:
    # SQLAlchemy's storage on SQLite: DateTime as naive UTC text (models.UtcDateTime), Date as ISO.
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


REGISTRARS: dict[str, type[AppRegistrar] | type[SqlRegistrar]] = {"app": AppRegistrar, "sql": SqlRegistrar}


# --------------------------------------------------------------------------- one run: N workers at once


@dataclass(frozen=True)
class RunSpec:
    url: str
    method: str  # app | sql
    year: int  # the measured scope's year
    warm_year: int  # the warm-up letter's
    letters: int  # per worker
    actor: Any  # dto.Actor (picklable)


def worker(spec: RunSpec, worker_no: int, barrier: Any, out: Any) -> None:
    """In a spawned process: connect, warm up, wait for the others, register, report."""
    try:
        registrar = REGISTRARS[spec.method](spec.url, spec.actor)
        registrar.register(spec.warm_year, worker_no, 10_000)
    except BaseException as exc:
        out.put(("failed", worker_no, f"setup: {exc!r}"[:300]))
        barrier.abort()
        return
    try:
        barrier.wait(timeout=START_TIMEOUT_S)
    except BrokenBarrierError:
        out.put(("failed", worker_no, "the start barrier broke"))
        registrar.close()
        return
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    for i in range(spec.letters):
        t0 = time.perf_counter()
        try:
            registrar.register(spec.year, worker_no, i)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        latencies.append(ms_since(t0))
    ended = time.perf_counter()
    registrar.close()
    out.put(("done", worker_no, started, ended, latencies, errors))


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of a sorted list."""
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def read_numbers(url: str, scope: str) -> tuple[list[tuple[int, str]], int | None]:
    """Every (number, suffix) of the scope and the counter's value, on a plain connection."""
    if backend_of(url) == "postgresql":
        import psycopg

        with psycopg.connect(psycopg_conninfo(url)) as conn:
            rows = conn.execute("SELECT number, suffix FROM letters WHERE scope = %s", (scope,)).fetchall()
            counter = conn.execute("SELECT value FROM counters WHERE scope = %s", (scope,)).fetchone()
    else:
        lite = sqlite3.connect(sqlite_path(url))
        try:
            rows = lite.execute("SELECT number, suffix FROM letters WHERE scope = ?", (scope,)).fetchall()
            counter = lite.execute("SELECT value FROM counters WHERE scope = ?", (scope,)).fetchone()
        finally:
            lite.close()
    return [(int(n), s) for n, s in rows], (int(counter[0]) if counter else None)


def check_numbers(rows: list[tuple[int, str]], expected: int) -> dict[str, Any]:
    counts = Counter(rows)
    duplicates = sorted(f"{n}{s}" for (n, s), c in counts.items() if c > 1)
    mains = {n for n, s in rows if not s}
    gaps = [n for n in range(1, expected + 1) if n not in mains]
    outside = sorted({n for n, _ in rows if not 1 <= n <= expected} | {n for n, s in rows if s})
    return {"letters_read_back": len(rows), "duplicates": len(duplicates), "gaps": len(gaps),
            "outside_1_to_n": len(outside),
            "examples": {"duplicates": duplicates[:5], "gaps": gaps[:5], "outside": outside[:5]}}


def run_workers(ctx: Any, spec: RunSpec, workers: int) -> dict[str, Any]:
    barrier = ctx.Barrier(workers + 1)
    out = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(spec, w, barrier, out), daemon=True)
             for w in range(workers)]
    spawn_start = time.perf_counter()
    for p in procs:
        p.start()
    problems: list[str] = []
    try:
        barrier.wait(timeout=START_TIMEOUT_S)
    except BrokenBarrierError:
        problems.append("the workers did not all start")
    ready_s = round(ms_since(spawn_start) / 1000, 2)
    results: list[tuple[Any, ...]] = []
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while len(results) < workers and time.monotonic() < deadline:
        try:
            results.append(out.get(timeout=1.0))
        except queue.Empty:
            if all(not p.is_alive() for p in procs):
                try:  # the last messages may still be in the pipe
                    results.append(out.get(timeout=2.0))
                except queue.Empty:
                    break
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
            p.join()
    if len(results) < workers:
        problems.append(f"{workers - len(results)} workers ended without a report")
    done = [r for r in results if r[0] == "done"]
    problems += [f"worker {r[1]}: {r[2]}" for r in results if r[0] == "failed"]
    latencies = sorted(ms for r in done for ms in r[4])
    errors = [e for r in done for e in r[5]]
    registered = len(latencies)
    wall_s = (max(r[3] for r in done) - min(r[2] for r in done)) if done else 0.0
    expected = workers * spec.letters
    rows, counter = read_numbers(spec.url, scope_of(spec.year))
    numbers = check_numbers(rows, expected)
    result: dict[str, Any] = {
        "workers": workers,
        "letters": expected,
        "registered": registered,
        "failed_calls": len(errors),
        "letters_per_second": round(registered / wall_s, 1) if wall_s > 0 else None,
        "wall_s": round(wall_s, 3),
        "latency_ms": ({"p50": round(percentile(latencies, 0.50), 2),
                        "p99": round(percentile(latencies, 0.99), 2),
                        "max": round(latencies[-1], 2)} if latencies else None),
        **{k: v for k, v in numbers.items() if k != "examples"},
        "counter_value": counter,
        "workers_ready_s": ready_s,
    }
    if any(numbers["examples"].values()):
        result["examples"] = numbers["examples"]
    if errors:
        result["error_examples"] = sorted(set(errors))[:3]
    if problems:
        result["problems"] = problems
    return result


# --------------------------------------------------------------------------- where the time goes


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(REPO) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return Path(filename).name if filename.startswith("/") else filename


PACKAGE_LABELS = {"psycopg": "psycopg (sending and waiting: includes the server's own time)"}


def _package(filename: str) -> str:
    short = _short(filename)
    for name in ("sqlalchemy", "psycopg", "dinsos_desktop", "sqlite3"):
        if short.startswith(name):
            return PACKAGE_LABELS.get(name, name)
    if filename == "~" or filename.startswith("<"):
        return "built-in functions (incl. socket and sqlite3 calls)"
    return "other Python (stdlib)"


class StatementClock:
    """The statements one registration sends, each timed in the driver, and when the counter
    becomes locked and when the transaction commits."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        self.on = False
        self.statements: list[tuple[str, float]] = []
        self.starts: list[float] = []
        self.locked_at: float | None = None
        self.committed_at: float | None = None
        self._started = 0.0
        self.sqlite = engine.dialect.name == "sqlite"
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "begin", self._begin)
        event.listen(Session, "after_commit", self._commit)

    def reset(self) -> None:
        self.statements.clear()
        self.starts.clear()
        self.locked_at = self.committed_at = None

    def _begin(self, _conn: Any) -> None:
        if self.on and self.sqlite:
            self.locked_at = time.perf_counter()  # BEGIN IMMEDIATE: the one write lock

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self._started = time.perf_counter()
        if (self.on and not self.sqlite and self.locked_at is None
                and ("FOR UPDATE" in statement or statement.startswith("INSERT INTO counters"))):
            self.locked_at = self._started

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.statements.append((" ".join(statement.split())[:100], ms_since(self._started)))
            self.starts.append(self._started)

    def while_locked(self) -> tuple[int, float] | None:
        """The statements sent while the counter was locked: how many, their ms in the driver."""
        if self.locked_at is None or self.committed_at is None:
            return None
        inside = [ms for (_, ms), at in zip(self.statements, self.starts, strict=True)
                  if at >= self.locked_at]
        return len(inside), sum(inside)

    def _commit(self, _session: Any) -> None:
        if self.on:
            self.committed_at = time.perf_counter()

    def close(self) -> None:
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        event.remove(Session, "after_commit", self._commit)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def profile_registration(url: str, actor: Any, year: int, baseline_year: int) -> dict[str, Any]:
    """One process, no contention: the application's registration taken apart, and the
    baseline's lock time for comparison."""
    app = AppRegistrar(url, actor)
    pre_ping = bool(getattr(app.engine.pool, "_pre_ping", False))
    clock = StatementClock(app.engine)
    backend = backend_of(url)
    try:
        for i in range(PROFILE_WARM_UP):
            app.register(year, 0, i)
        totals, held, per_call = [], [], []
        locked_statements, locked_driver = [], []
        for i in range(PROFILE_CALLS):
            clock.reset()
            clock.on = True
            t0 = time.perf_counter()
            app.register(year, 0, PROFILE_WARM_UP + i)
            totals.append(ms_since(t0))
            clock.on = False
            if clock.locked_at is not None and clock.committed_at is not None:
                held.append((clock.committed_at - clock.locked_at) * 1000)
                inside = clock.while_locked()
                if inside is not None:
                    locked_statements.append(inside[0])
                    locked_driver.append(inside[1])
            per_call.append(list(clock.statements))
        profiler = cProfile.Profile()
        start = PROFILE_WARM_UP + PROFILE_CALLS
        profiler.enable()
        for i in range(PROFILE_CALLS):
            app.register(year, 0, start + i)
        profiler.disable()
    finally:
        clock.close()
        app.close()
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    n = PROFILE_CALLS
    by_package: Counter[str] = Counter()
    rows = []
    for (filename, line, name), (_cc, ncalls, tottime, _cum, _callers) in raw.items():
        by_package[_package(filename)] += tottime
        rows.append((tottime, ncalls, f"{_short(filename)}:{line}({name})"))
    rows.sort(reverse=True)
    profiled_total = sum(by_package.values())
    shapes = [s for s, _ in per_call[0]]
    same = [c for c in per_call if [s for s, _ in c] == shapes]
    statement_ms = [round(_median([c[i][1] for c in same]), 3) for i in range(len(shapes))]
    in_driver = _median([sum(ms for _, ms in c) for c in per_call])
    result: dict[str, Any] = {
        "registration_median_ms": round(_median(totals), 3),
        "statements": len(shapes),
        "statements_in_driver_median_ms": round(in_driver, 3),
        "outside_statements_median_ms": round(_median(totals) - in_driver, 3),
        "counter_locked_median_ms": round(_median(held), 3) if held else None,
        "counter_locked": ({"statements": _median(locked_statements),
                            "in_driver_median_ms": round(_median(locked_driver), 3),
                            "commit_and_python_median_ms": round(_median(held) - _median(locked_driver), 3)}
                           if held and locked_driver else None),
        # [median ms in the driver, the statement's start]
        "statement_times": [[ms, shape] for ms, shape in zip(statement_ms, shapes, strict=True)],
    }
    if backend == "postgresql":
        # Each statement, the BEGIN psycopg sends before the first one, the COMMIT, and the pool's
        # pre-ping when the unit of work checks its connection out (checked by hand on psycopg
        # 3.3: the waits for autocommit switches and the rollback on return send nothing).
        result["round_trips"] = len(shapes) + 2 + (1 if pre_ping else 0)
        result["round_trips_are"] = ("statements + BEGIN + COMMIT"
                                     + (" + the pool's pre-ping" if pre_ping else ""))
    result["cprofile_per_registration"] = {
        "profiled_ms": round(profiled_total * 1000 / n, 3),
        "own_time_ms_by_package": {k: round(v * 1000 / n, 3) for k, v in by_package.most_common()},
        "top_own_time": [[round(t * 1000 / n, 3), round(c / n, 1), where] for t, c, where in rows[:12]],
    }
    # The baseline's critical section, the same way: from the lock to the commit.
    base = SqlRegistrar(url, actor)
    try:
        total_sql, held_sql = [], []
        for i in range(PROFILE_WARM_UP + PROFILE_CALLS):
            t0 = time.perf_counter()
            base.register(baseline_year, 0, i)
            if i >= PROFILE_WARM_UP:
                total_sql.append(ms_since(t0))
                held_sql.append(base.held_ms)
    finally:
        base.close()
    result["baseline_registration_median_ms"] = round(_median(total_sql), 3)
    # PostgreSQL: with the BEGIN psycopg sends just before the SELECT … FOR UPDATE.
    result["baseline_counter_locked_median_ms"] = round(_median(held_sql), 3)
    result["baseline_statements"] = 3
    if backend == "postgresql":
        result["baseline_round_trips"] = 5  # BEGIN, SELECT … FOR UPDATE, UPDATE, INSERT, COMMIT
    return result


# --------------------------------------------------------------------------- a database

# Imported once by the fork server; every worker is forked from it, with no connection inherited.
PRELOAD = ["bench.letter_numbering", "psycopg", "sqlalchemy", "dinsos_desktop.adapters.db.engine",
           "dinsos_desktop.adapters.db.uow", "dinsos_desktop.services.letters"]


def worker_context() -> Any:
    """Workers forked from a clean fork server that has the modules imported (a fresh process
    without the import time of a spawned one); spawned where there is no fork server."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")



def prepare(url: str) -> Any:
    """Migrate, create the admin and the agendaris; the agendaris logged in (a dto.Actor)."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.services import users

    engine = make_engine(url)
    try:
        upgrade(engine)
        uow = SqlAlchemyUnitOfWork(engine, workstation="bench-agenda")
        admin = users.create_first_admin(uow, ADMIN, "Admin Dinsos", PASSWORD)
        users.create_user(uow, admin, AGENDARIS, "Sri Agendaris", [Role.AGENDARIS], PASSWORD)
        return users.login(uow, AGENDARIS, PASSWORD)
    finally:
        engine.dispose()


def create_counters(url: str, scopes: list[str]) -> None:
    """The baseline's counter rows (its SQL takes the row as given)."""
    if backend_of(url) == "postgresql":
        import psycopg

        with psycopg.connect(psycopg_conninfo(url)) as conn:
            for scope in scopes:
                conn.execute("INSERT INTO counters (scope, value) VALUES (%s, 0)", (scope,))
    else:
        lite = sqlite3.connect(sqlite_path(url), isolation_level=None)
        try:
            for scope in scopes:
                lite.execute("INSERT INTO counters (scope, value) VALUES (?, 0)", (scope,))
        finally:
            lite.close()


def run_on(url: str, where: str, quick: bool) -> dict[str, Any]:
    counts = QUICK_COUNTS if quick else FULL_COUNTS
    letters = QUICK_LETTERS if quick else FULL_LETTERS
    actor = prepare(url)
    ctx = worker_context()
    plan: list[tuple[int, str, int, int]] = []
    year = 2025
    for k, workers in enumerate(counts):
        for method in (("app", "sql") if k % 2 == 0 else ("sql", "app")):
            plan.append((workers, method, year, year - 1))
            year -= 2
    create_counters(url, [scope_of(y) for _, m, y0, y1 in plan if m == "sql" for y in (y0, y1)]
                    + [scope_of(year - 1)])
    runs: dict[str, dict[int, dict[str, Any]]] = {"app": {}, "sql": {}}
    for workers, method, measured_year, warm_year in plan:
        spec = RunSpec(url, method, measured_year, warm_year, letters, actor)
        runs[method][workers] = run_workers(ctx, spec, workers)
    profile = profile_registration(url, actor, year, year - 1)
    app_rows = [runs["app"][w] for w in counts]
    for row in app_rows:
        base = runs["sql"][row["workers"]]["letters_per_second"]
        row["ratio_to_baseline"] = (round(row["letters_per_second"] / base, 2)
                                    if base and row["letters_per_second"] else None)
    return {"database": where, "letters_per_worker": letters, "runs": app_rows,
            "where_the_time_goes": profile, "_baseline": [runs["sql"][w] for w in counts]}


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    result: dict[str, Any] = {"bench": "letter_numbering", "size": "quick" if quick else "full"}
    parts: dict[str, dict[str, Any] | str] = {}
    if db_url is None or backend_of(db_url) == "postgresql":
        try:
            with postgres_database(db_url, "letters") as url:
                where = ("postgresql (fresh database on the --db server)" if db_url
                         else "postgresql (throwaway cluster: fsync and synchronous_commit off)")
                parts["postgresql"] = run_on(url, where, quick)
        except PostgresUnavailable as exc:
            parts["postgresql"] = f"skipped: {exc}"
    if db_url is None:
        with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp:
            parts["sqlite"] = run_on(f"sqlite:///{Path(tmp) / 'letters.db'}", "sqlite (temporary file)",
                                     quick)
    elif backend_of(db_url) == "sqlite":
        if Path(sqlite_path(db_url)).exists():
            raise SystemExit(f"--db {db_url}: give a new SQLite file, this one exists")
        parts["sqlite"] = run_on(db_url, "sqlite (--db)", quick)
    missed: list[str] = []
    baseline: dict[str, Any] = {
        "what": "one transaction per letter on a plain driver connection: SELECT value FROM counters "
                "WHERE scope = … FOR UPDATE (SQLite: BEGIN IMMEDIATE, no FOR UPDATE), UPDATE counters, "
                "INSERT INTO letters (the repository's columns), commit; same worker counts, letters "
                "and database, scopes of its own",
    }
    checked_at = None
    for backend, part in parts.items():
        result[backend] = part
        if isinstance(part, str):
            continue
        baseline[backend] = part.pop("_baseline")
        for who, rows in (("application", part["runs"]), ("baseline", baseline[backend])):
            for row in rows:
                wrong = {k: row[k] for k in ("duplicates", "gaps", "outside_1_to_n", "failed_calls")
                         if row[k]}
                if wrong or row["registered"] != row["letters"] or row.get("problems"):
                    missed.append(f"{backend} {who}, {row['workers']} workers: {wrong or row.get('problems')}"
                                  f", {row['registered']} of {row['letters']} registered")
        if backend == "postgresql":
            by_workers = {row["workers"]: row for row in part["runs"]}
            checked_at = TARGET_WORKERS if TARGET_WORKERS in by_workers else max(by_workers)
            ratio = by_workers[checked_at]["ratio_to_baseline"]
            if ratio is None or ratio < TARGET_RATIO:
                missed.append(f"postgresql, {checked_at} workers: throughput {ratio} of the baseline's "
                              f"< {TARGET_RATIO}")
    result["targets"] = {
        "duplicates_and_gaps": 0,
        "postgresql_throughput_ratio_min": TARGET_RATIO,
        "ratio_checked_at_workers": checked_at,
        **({"note": f"--quick has no {TARGET_WORKERS}-worker run: the ratio is checked at "
                    f"{checked_at} workers"} if checked_at not in (None, TARGET_WORKERS) else {}),
        "missed": missed,
    }
    result["baseline"] = baseline
    return finish(result, at_start)
