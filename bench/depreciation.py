"""Book values of the whole asset register as of a date: ``services.assets.depreciation_report``
for 100,000 assets (--quick: 10,000), beside the same figures computed by hand-written SQL.

Without --db: PostgreSQL (a throwaway cluster started and stopped here) and SQLite (a temporary
file); with --db URL: that server only (PostgreSQL: a fresh database created for the run and
dropped after; SQLite: a new file). The schema comes from the migrations (with its seeded code
tree and useful lives); a pengurus barang logs in through the user services.

The register is generated deterministically (seeded) and loaded in bulk: assets spread over the
KIBs as an office holds them (mostly equipment and furniture, some buildings, land, roads, other
assets and construction in progress), under the seeded codes of each KIB, acquired between 1995
and 2026 (about 5% with the year only), values from Rp 150.000 to Rp 5 miliar, about 4% disposed
of before the date. The report is asked as of 31 December 2026 with yearly periods, three times
(the first is reported; the median of the three too); the target is the first: ≤ 2 s.

Baseline, on the same database in the same run: one hand-written SQL statement (no application
code) that computes every held asset's accumulated depreciation and book value for yearly periods
with the useful life of the asset's code or the nearest code above it, and sums them per KIB; run
three times, the median reported. The application's totals per KIB must equal the baseline's.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
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
)

SEED = 20261122
FULL, QUICK = 100_000, 10_000
AS_OF = dt.date(2026, 12, 31)
TARGET_S = 2.0
KIB_SHARE = (("B", 0.86), ("C", 0.04), ("A", 0.02), ("D", 0.02), ("E", 0.05), ("F", 0.01))
USER, PASSWORD = "barang", "Bench-rahasia-1"

COLUMNS = ("code", "register", "kib", "name", "acquired_on", "acquired_year", "value", "origin",
           "condition", "status", "disposed_on", "version", "created_at", "updated_at")

# Yearly straight line, first year in full, as of :as_of (a year counts once it has ended);
# life from the code or the nearest code above it (codes are dotted prefixes).
BASELINE_SQL = """
WITH lives AS (
  SELECT a.id, a.kib, a.value,
         COALESCE(a.acquired_on, {year_start}) AS start_day,
         (SELECT c.useful_life FROM asset_codes c
           WHERE c.useful_life IS NOT NULL
             AND (a.code = c.code OR a.code LIKE c.code || '.%')
           ORDER BY length(c.code) DESC LIMIT 1) AS life
  FROM assets a
  WHERE COALESCE(a.acquired_on, {year_start}) <= :as_of
    AND (a.disposed_on IS NULL OR a.disposed_on > :as_of)
), counted AS (
  SELECT kib, value,
         CASE WHEN kib IN ('A', 'F') OR life IS NULL OR life <= 0 THEN 0
              ELSE value * MIN_OR_LEAST(life, MAX_OR_GREATEST(0, :as_of_year - {start_year} + 1)) / life
         END AS accumulated
  FROM lives
)
SELECT kib, count(*), sum(value), sum(accumulated) FROM counted GROUP BY kib ORDER BY kib
"""


def _baseline_sql(backend: str) -> str:
    if backend == "postgresql":
        sql = BASELINE_SQL.format(year_start="make_date(a.acquired_year, 1, 1)",
                                  start_year="extract(year FROM start_day)::int")
        sql = sql.replace("MIN_OR_LEAST", "LEAST").replace("MAX_OR_GREATEST", "GREATEST")
        # A full year (as of 31 December): the last counted year is the as-of year itself.
        sql = sql.replace("'.%'", "'.%%'")  # psycopg's placeholders use %
        return sql.replace(":as_of_year", "%(as_of_year)s").replace(":as_of", "%(as_of)s")
    sql = BASELINE_SQL.format(year_start="printf('%04d-01-01', a.acquired_year)",
                              start_year="CAST(strftime('%Y', start_day) AS INTEGER)")
    return sql.replace("MIN_OR_LEAST", "min").replace("MAX_OR_GREATEST", "max")


def generate(count: int, codes: dict[str, list[str]]) -> list[tuple[Any, ...]]:
    rng = random.Random(SEED)
    now = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
    kibs = [k for k, _ in KIB_SHARE]
    weights = [w for _, w in KIB_SHARE]
    registers: dict[str, int] = {}
    rows = []
    for _ in range(count):
        kib = rng.choices(kibs, weights)[0]
        code = rng.choice(codes[kib])
        registers[code] = registers.get(code, 0) + 1
        year = rng.randint(1995, 2026)
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if day > AS_OF:
            day = AS_OF
        acquired = None if rng.random() < 0.05 else day
        value = int(rng.lognormvariate(15.5, 1.6)) // 1000 * 1000
        value = min(max(value, 150_000), 5_000_000_000)
        disposed = None
        if rng.random() < 0.04:
            disposed = day + dt.timedelta(days=rng.randint(30, 3000))
            if disposed > AS_OF:
                disposed = AS_OF - dt.timedelta(days=1)
            if disposed < day:
                disposed = None
        rows.append((code, registers[code], kib, f"Barang {code[-9:]}", acquired, year, value,
                     "apbd", rng.choice(("B", "B", "B", "KB", "RB")),
                     "dihapus" if disposed else "aktif", disposed, 1, now, now))
    return rows


def seeded_codes(url: str) -> dict[str, list[str]]:
    from sqlalchemy import text

    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.domain.assets import MIN_ASSET_LEVEL, kib_of

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = [c for (c,) in conn.execute(text("SELECT code FROM asset_codes"))]
    finally:
        engine.dispose()
    by_kib: dict[str, list[str]] = {}
    for code in found:
        kib = kib_of(code)
        if kib is not None and code.count(".") + 1 >= MIN_ASSET_LEVEL:
            by_kib.setdefault(kib.value, []).append(code)
    return by_kib


def load(url: str, rows: list[tuple[Any, ...]]) -> float:
    started = time.perf_counter()
    if backend_of(url) == "postgresql":
        import psycopg

        with psycopg.connect(psycopg_conninfo(url)) as conn:
            with conn.cursor().copy(f"COPY assets ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        with psycopg.connect(psycopg_conninfo(url), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE assets")
    else:
        from sqlalchemy.engine import make_url

        path = make_url(url).database
        assert path
        lite = sqlite3.connect(path)
        try:
            lite.executemany(
                f"INSERT INTO assets ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
                [tuple(_lite(v) for v in row) for row in rows])
            lite.commit()
            lite.execute("ANALYZE")
        finally:
            lite.close()
    return round(ms_since(started) / 1000, 2)


def _lite(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def prepare(url: str) -> Any:
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.services import users

    engine = make_engine(url)
    try:
        upgrade(engine)
        uow = SqlAlchemyUnitOfWork(engine, workstation="bench-assets")
        admin = users.create_first_admin(uow, "admin", "Admin Dinsos", PASSWORD)
        users.create_user(uow, admin, USER, "Pengurus Barang", [Role.PENGURUS_BARANG], PASSWORD)
        return users.login(uow, USER, PASSWORD)
    finally:
        engine.dispose()


def baseline(url: str) -> tuple[list[float], dict[str, list[int]]]:
    backend = backend_of(url)
    sql = _baseline_sql(backend)
    times, result = [], {}
    for _ in range(3):
        started = time.perf_counter()
        if backend == "postgresql":
            import psycopg

            with psycopg.connect(psycopg_conninfo(url)) as conn:
                rows = conn.execute(sql, {"as_of": AS_OF, "as_of_year": AS_OF.year}).fetchall()
        else:
            from sqlalchemy.engine import make_url

            path = make_url(url).database
            assert path
            lite = sqlite3.connect(path)
            try:
                rows = lite.execute(sql, {"as_of": AS_OF.isoformat(), "as_of_year": AS_OF.year}).fetchall()
            finally:
                lite.close()
        times.append(ms_since(started))
        result = {kib: [int(n), int(v), int(acc)] for kib, n, v, acc in rows}
    return times, result


def run_on(url: str, where: str, count: int) -> dict[str, Any]:
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.assets import Period
    from dinsos_desktop.services import assets

    actor = prepare(url)
    codes = seeded_codes(url)
    rows = generate(count, codes)
    load_s = load(url, rows)
    engine = make_engine(url)
    try:
        uow = SqlAlchemyUnitOfWork(engine, workstation="bench-assets")
        times = []
        report = None
        for _ in range(3):
            started = time.perf_counter()
            report = assets.depreciation_report(uow, actor, AS_OF, period=Period.YEAR)
            times.append(ms_since(started))
    finally:
        engine.dispose()
    assert report is not None
    base_times, base_totals = baseline(url)
    app_totals = {t.kib.value: [t.assets, t.value, t.accumulated] for t in report.totals}
    return {
        "database": where, "assets": count, "load_s": load_s,
        "held_on_the_date": len(report.rows),
        "first_s": round(times[0] / 1000, 3), "median_s": round(statistics.median(times) / 1000, 3),
        "target_s": TARGET_S, "met": times[0] / 1000 <= TARGET_S,
        "book_value_total": report.book_value, "accumulated_total": report.accumulated,
        "same_totals_as_baseline": app_totals == base_totals,
        **({} if app_totals == base_totals else {"app_totals": app_totals, "baseline_totals": base_totals}),
        "_baseline": {"median_s": round(statistics.median(base_times) / 1000, 3),
                      "first_s": round(base_times[0] / 1000, 3)},
    }


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    count = QUICK if quick else FULL
    result: dict[str, Any] = {"bench": "depreciation", "size": "quick" if quick else "full",
                              "as_of": AS_OF.isoformat(), "period": "year"}
    base: dict[str, Any] = {"what": "one hand-written SQL statement: every held asset's yearly "
                                    "straight-line depreciation as of the date with its code's "
                                    "(or nearest parent's) useful life, summed per KIB"}
    if db_url is None or backend_of(db_url) == "postgresql":
        try:
            with postgres_database(db_url, "assets") as url:
                part = run_on(url, "postgresql", count)
                base["postgresql"] = part.pop("_baseline")
                result["postgresql"] = part
        except PostgresUnavailable as exc:
            result["postgresql"] = f"skipped: {exc}"
    if db_url is None:
        with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp:
            part = run_on(f"sqlite:///{Path(tmp) / 'assets.db'}", "sqlite (temporary file)", count)
            base["sqlite"] = part.pop("_baseline")
            result["sqlite"] = part
    elif backend_of(db_url) == "sqlite":
        part = run_on(db_url, "sqlite (--db)", count)
        base["sqlite"] = part.pop("_baseline")
        result["sqlite"] = part
    result["baseline"] = base
    return finish(result, at_start)
