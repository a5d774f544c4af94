"""Applicant search over many synthetic applicants: the application's search service beside
hand-written SQL on the same indexes.

Without --db: SQLite with 200,000 applicants (a temporary file) and PostgreSQL with 1,000,000 (a
throwaway cluster started and stopped here); --quick: 20,000 on each. With --db URL: that server
(a PostgreSQL URL: a fresh database created for the run and dropped after; an SQLite URL: a new
file).

The applicants are generated deterministically: valid NIKs (region, birth date with +40 for women,
serial), names from common Indonesian given and family names (so "siti" and "aminah" are common)
plus a few rare family names that occur a handful of times each, phone numbers in the forms
clerks type them. ``name_folded`` and ``phone_digits`` are computed with the repository's own
functions. The schema comes from the migrations; rows are bulk loaded (PostgreSQL COPY, SQLite
one transaction with the FTS triggers firing), then analysed.

Each query runs through ``services.applicants.search_applicants`` (a clerk, limit 50) and as the
hand-written SQL in BASELINE_SQL on a plain driver connection, interleaved, after a warm-up; the
first 50 rows of both are compared.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
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

SEED = 20261122
LIMIT = 50
TARGET_PG_MEDIAN_MS = 10.0
TARGET_RATIO = 1.5

# --------------------------------------------------------------------------- synthetic applicants

# (kecamatan code, city, birth place, kecamatan name or "", weight): mostly Kota Pasuruan.
REGIONS: tuple[tuple[str, str, str, str, int], ...] = (
    ("357501", "Kota Pasuruan", "Pasuruan", "Gadingrejo", 15),
    ("357502", "Kota Pasuruan", "Pasuruan", "Purworejo", 15),
    ("357503", "Kota Pasuruan", "Pasuruan", "Bugul Kidul", 12),
    ("357504", "Kota Pasuruan", "Pasuruan", "Panggungrejo", 18),
    ("351419", "Kabupaten Pasuruan", "Pasuruan", "Bangil", 6),
    ("351410", "Kabupaten Pasuruan", "Pasuruan", "Pandaan", 4),
    ("357801", "Kota Surabaya", "Surabaya", "Karang Pilang", 5),
    ("357301", "Kota Malang", "Malang", "Kedungkandang", 3),
    ("351501", "Kabupaten Sidoarjo", "Sidoarjo", "Sidoarjo", 3),
    ("357401", "Kota Probolinggo", "Probolinggo", "Kademangan", 3),
    ("317401", "Kota Jakarta Selatan", "Jakarta", "Tebet", 2),
    ("327301", "Kota Bandung", "Bandung", "Sukasari", 1),
    ("337401", "Kota Semarang", "Semarang", "Semarang Tengah", 1),
)
KOTA_PASURUAN_KELURAHAN = {
    "357501": ("Karangketug", "Gentong", "Sebani", "Petahunan", "Bukir", "Randusari", "Krapyakrejo",
               "Gadingrejo"),
    "357502": ("Pohjentrek", "Wirogunan", "Tembokrejo", "Purutrejo", "Kebonagung", "Purworejo",
               "Sekargadung"),
    "357503": ("Blandongan", "Kepel", "Tapa'an", "Bakalan", "Krampyangan", "Bugul Kidul"),
    "357504": ("Karanganyar", "Tamba'an", "Trajeng", "Bangilan", "Kebonsari", "Mayangan",
               "Ngemplakrejo", "Petamanan", "Pekuncen", "Bugul Lor", "Kandangsapi", "Panggungrejo",
               "Mandaranrejo"),
}
OTHER_KELURAHAN = ("Kauman", "Kidul Dalem", "Sumbersari", "Kebonsari", "Sukolilo", "Wonorejo",
                   "Tanjungrejo", "Sukoharjo", "Pakunden", "Jati")

# (name, weight): the usual names at a Dinas Sosial counter in East Java.
FEMALE_GIVEN = (("Siti", 30), ("Sri", 10), ("Nur", 7), ("Dewi", 6), ("Nurul", 4), ("Dwi", 4),
                ("Umi", 3), ("Tri", 3), ("Endang", 3), ("Rina", 2), ("Ani", 2), ("Eka", 2),
                ("Fitri", 2), ("Putri", 2), ("Ayu", 2), ("Lilik", 2), ("Aminah", 2), ("Fatimah", 2),
                ("Indah", 1), ("Retno", 1), ("Khusnul", 1), ("Lailatul", 1), ("Mega", 1), ("Ika", 1),
                ("Yuliana", 1), ("Sumiati", 1), ("Rahmawati", 1), ("Masruroh", 1), ("Wiwik", 1))
MALE_GIVEN = (("Muhammad", 14), ("Moch", 5), ("Mochamad", 3), ("Ahmad", 9), ("Achmad", 3),
              ("Abdul", 6), ("Agus", 6), ("Budi", 3), ("Eko", 3), ("Joko", 2), ("Slamet", 3),
              ("Bambang", 2), ("Hadi", 2), ("Rudi", 2), ("Imam", 2), ("Heri", 2), ("Dwi", 3),
              ("Tri", 2), ("Andi", 2), ("Rizki", 2), ("Yusuf", 1), ("Hasan", 1), ("Arif", 2),
              ("Fajar", 1), ("Dedi", 1), ("Wahyu", 2), ("Sugeng", 1), ("Supriyadi", 1), ("Nur", 2),
              ("Didik", 1), ("Sholeh", 1))
FEMALE_MIDDLE = (("Nur", 5), ("Dwi", 2), ("Tri", 2), ("Eka", 2), ("Ayu", 2), ("Siti", 2),
                 ("Dewi", 1), ("Ratna", 1), ("Sri", 1))
MALE_MIDDLE = (("Nur", 4), ("Adi", 2), ("Dwi", 2), ("Eko", 2), ("Budi", 1), ("Fajar", 1),
               ("Ali", 2), ("Ilham", 1), ("Yoga", 1))
FEMALE_FAMILY = (("Aminah", 12), ("Rahayu", 5), ("Lestari", 5), ("Wahyuni", 5), ("Hasanah", 5),
                 ("Fatimah", 4), ("Susanti", 3), ("Nurhayati", 3), ("Handayani", 3), ("Rohmah", 3),
                 ("Wulandari", 3), ("Ningsih", 3), ("Aisyah", 3), ("Maryam", 2), ("Khotijah", 2),
                 ("Kurniasih", 2), ("Maisaroh", 2), ("Sulistyowati", 2), ("Puspitasari", 2),
                 ("Anggraini", 2), ("Safitri", 2), ("Romlah", 2), ("Halimah", 2), ("Zubaidah", 1),
                 ("Zulaikha", 1), ("Mu'awanah", 1), ("Chotimah", 1), ("Musyarofah", 1))
MALE_FAMILY = (("Santoso", 4), ("Hidayat", 4), ("Setiawan", 4), ("Kurniawan", 4), ("Saputra", 3),
               ("Prasetyo", 3), ("Wibowo", 3), ("Susanto", 3), ("Rahman", 3), ("Fauzi", 3),
               ("Arifin", 3), ("Hariyanto", 2), ("Purnomo", 2), ("Firmansyah", 2), ("Hakim", 2),
               ("Hasan", 2), ("Mansur", 2), ("Syaifuddin", 2), ("Maulana", 2), ("Efendi", 2),
               ("Mustofa", 2), ("Sholeh", 2), ("Ma'ruf", 1), ("Ashari", 1), ("Rozaq", 1),
               ("Nurhadi", 1), ("Kholil", 1))
# Each occurs as the family name of a handful of applicants (3 to 7): the "rare name" queries.
RARE_FAMILY = ("Wiryosukarto", "Tjokrodiharjo", "Kartasasmita", "Notonegoro", "Sastrowardoyo",
               "Prawirodirjo", "Mangkusubroto", "Djojohadikusumo", "Soerjosoemarno", "Purbonegoro",
               "Condrokusumo", "Wignyosubroto", "Reksodipuro", "Atmodirono", "Suryodiningrat",
               "Danuwinata", "Martodiredjo", "Sosrodiningrat", "Pringgodigdo", "Gondokusumo")
STREETS = ("Sukarno Hatta", "Pahlawan", "Veteran", "Diponegoro", "Gatot Subroto", "Hasanudin",
           "Panglima Sudirman", "Airlangga", "Kyai Sepuh", "Untung Suropati", "Slamet Riyadi",
           "Halmahera", "Ir. H. Juanda", "Kartini", "Hayam Wuruk", "Gajah Mada", "Sultan Agung",
           "Yos Sudarso", "Balaikota", "Niaga", "Lombok", "Irian Jaya", "Dr. Wahidin")
OPERATORS = ("811", "812", "813", "821", "822", "823", "852", "853", "851", "855", "856", "857",
             "858", "877", "878", "895", "896", "897", "898", "881", "882", "838", "831")

COLUMNS = ("nik", "kk", "full_name", "name_folded", "birth_place", "birth_date", "sex", "street",
           "rt", "rw", "kelurahan", "kecamatan", "city", "phone", "phone_digits", "version",
           "created_at", "updated_at")


def _picker(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Callable[[], Any]:
    items = [item for item, _ in weighted]
    cumulative, total = [], 0
    for _, weight in weighted:
        total += weight
        cumulative.append(total)
    draw, find = rng.random, bisect.bisect_right

    def pick() -> Any:
        return items[find(cumulative, draw() * total)]

    return pick


@dataclass
class Population:
    """What the queries ask for, collected while the rows are generated."""

    size: int
    sample_niks: list[str] = field(default_factory=list)
    rare_counts: dict[str, int] = field(default_factory=dict)


def applicants(n: int, population: Population, seed: int = SEED) -> Iterator[tuple[Any, ...]]:
    """``n`` citizen rows in COLUMNS order (dates as ISO text, times as UTC ``datetime``).
    Deterministic for a seed; every NIK is unique and well-formed."""
    from dinsos_desktop.adapters.db.repositories import phone_digits
    from dinsos_desktop.domain.text import fold

    rng = random.Random(seed)
    region = _picker(rng, [(r, r[4]) for r in REGIONS])
    names = {
        "P": (_picker(rng, FEMALE_GIVEN), _picker(rng, FEMALE_MIDDLE), _picker(rng, FEMALE_FAMILY)),
        "L": (_picker(rng, MALE_GIVEN), _picker(rng, MALE_MIDDLE), _picker(rng, MALE_FAMILY)),
    }
    rare_rng = random.Random(seed + 1)
    rare_at: dict[int, str] = {}
    for word in RARE_FAMILY:
        for _ in range(rare_rng.randint(3, 7)):
            rare_at[rare_rng.randrange(n)] = word
    population.rare_counts = {w: 0 for w in RARE_FAMILY}
    sample_every = max(1, n // 64)
    serials: dict[str, int] = {}
    first_day = dt.date(1940, 1, 1).toordinal()
    days = dt.date(2021, 12, 31).toordinal() - first_day
    created0 = dt.datetime(2024, 1, 2, 1, 0, tzinfo=dt.UTC)
    rand, randrange, choice = rng.random, rng.randrange, rng.choice
    for i in range(n):
        code, city, birth_place, kecamatan, _ = region()
        sex = "P" if rand() < 0.52 else "L"
        born = dt.date.fromordinal(first_day + randrange(days))
        day = born.day + (40 if sex == "P" else 0)
        head = f"{code}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = serials.get(head, 0) + 1
        serials[head] = serial
        nik = f"{head}{serial:04d}"
        issued = dt.date.fromordinal(dt.date(2005, 1, 1).toordinal() + randrange(6900))
        kk = f"{code}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{randrange(1, 4000):04d}"
        given, middle, family = names[sex]
        shape = rand()
        if i in rare_at:
            word = rare_at[i]
            population.rare_counts[word] += 1
            parts = [given(), word]
        elif shape < 0.08:
            parts = [given()]
        elif shape < 0.72:
            parts = [given(), family()]
        else:
            parts = [given(), middle(), family()]
        if rand() < 0.03:
            parts.insert(0, "Hj." if sex == "P" else "H.")
        full_name = " ".join(parts)
        if rand() < 0.7:  # as printed on the KTP
            full_name = full_name.upper()
        if kecamatan and code in KOTA_PASURUAN_KELURAHAN:
            kelurahan = choice(KOTA_PASURUAN_KELURAHAN[code])
        else:
            kelurahan = choice(OTHER_KELURAHAN)
        street = f"Jl. {choice(STREETS)} No. {randrange(1, 250)}"
        phone = ""
        if rand() < 0.8:
            length = 8 if rand() < 0.7 else choice((7, 9))  # 0812-xxxx-xxxx mostly
            digits = choice(OPERATORS) + str(randrange(10 ** (length - 1), 10 ** length))
            form = rand()
            if form < 0.45:
                phone = "0" + digits
            elif form < 0.75:
                phone = f"0{digits[:3]}-{digits[3:7]}-{digits[7:]}"
            elif form < 0.9:
                phone = f"+62 {digits[:3]} {digits[3:7]} {digits[7:]}"
            else:
                phone = "62" + digits
        created = created0 + dt.timedelta(seconds=i * 37)
        if i % sample_every == sample_every // 2:
            population.sample_niks.append(nik)
        yield (nik, kk, full_name, fold(full_name), birth_place, born.isoformat(), sex, street,
               f"{randrange(1, 16):03d}", f"{randrange(1, 11):03d}", kelurahan, kecamatan, city,
               phone, phone_digits(phone), 1, created, created)


class _Timed:
    """Iterates ``rows`` and adds up the time spent producing them (the rest is the loading)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.seconds = 0.0
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        clock, rows = time.perf_counter, self.rows
        while True:
            start = clock()
            try:
                row = next(rows)
            except StopIteration:
                self.seconds += clock() - start
                return
            self.seconds += clock() - start
            self.count += 1
            yield row


def _sqlite_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    # SQLAlchemy's storage format for DateTime on SQLite (naive text; the values are UTC).
    for r in rows:
        yield (*r[:16], r[16].strftime("%Y-%m-%d %H:%M:%S.%f"), r[17].strftime("%Y-%m-%d %H:%M:%S.%f"))


def load_sqlite(path: Path, n: int, population: Population) -> dict[str, Any]:
    """Migrate a new SQLite file and insert ``n`` applicants in one transaction: the FTS5
    triggers of migration 0002 fill the trigram tables as the rows go in."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        source = _Timed(applicants(n, population))
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO citizens ({', '.join(COLUMNS)}) "
                         f"VALUES ({', '.join('?' * len(COLUMNS))})", _sqlite_rows(iter(source)))
        conn.execute("COMMIT")
        insert_s = time.perf_counter() - start
        start = time.perf_counter()
        conn.execute("ANALYZE")
        analyze_s = time.perf_counter() - start
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("citizens", "institutions")}
        fts = conn.execute("SELECT count(*) FROM citizens_fts WHERE citizens_fts MATCH ?",
                           ('name_rest:"iti"',)).fetchone()[0]
    finally:
        conn.close()
    return {"rows": counts, "fts_rows_matching_iti": fts,
            "generate_s": round(source.seconds, 2), "insert_s": round(insert_s - source.seconds, 2),
            "analyze_s": round(analyze_s, 2), "file_mb": round(path.stat().st_size / 2**20, 1)}


def _copy_lines(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    """Rows in COPY's text format. The generated values hold no tab, newline or backslash."""
    for r in rows:
        line = "\t".join((*r[:15], "1", r[16].strftime("%Y-%m-%d %H:%M:%S+00"),
                          r[17].strftime("%Y-%m-%d %H:%M:%S+00")))
        yield line + "\n"


def load_postgres(url: str, n: int, population: Population) -> dict[str, Any]:
    """Migrate the new database, COPY ``n`` applicants into it (its indexes, B-tree and pg_trgm
    GIN, already in place, as in production), then VACUUM ANALYZE."""
    import psycopg

    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    with psycopg.connect(psycopg_conninfo(url)) as conn:
        conn.execute("SET maintenance_work_mem = '256MB'")
        # A commit that is on disk before VACUUM looks: after an asynchronous one (the throwaway
        # cluster's default) VACUUM may not mark the pages all-visible, and every index-only
        # scan would then visit the table.
        conn.execute("SET synchronous_commit = on")
        source = _Timed(applicants(n, population))
        start = time.perf_counter()
        with conn.cursor().copy(f"COPY citizens ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            chunk: list[str] = []
            for line in _copy_lines(iter(source)):
                chunk.append(line)
                if len(chunk) == 5000:
                    copy.write("".join(chunk))
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))
        conn.commit()
        copy_s = time.perf_counter() - start
        conn.autocommit = True
        start = time.perf_counter()
        conn.execute("VACUUM (ANALYZE) citizens")
        conn.execute("VACUUM (ANALYZE) institutions")
        vacuum_s = time.perf_counter() - start
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                  for t in ("citizens", "institutions")}
        pages, visible = conn.execute("SELECT relpages, relallvisible FROM pg_class "
                                      "WHERE relname = 'citizens'").fetchone()  # type: ignore[misc]
        size = conn.execute("SELECT pg_total_relation_size('citizens')").fetchone()[0]  # type: ignore[index]
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    return {"rows": counts, "server_version": version, "pages_all_visible": f"{visible}/{pages}",
            "generate_s": round(source.seconds, 2), "copy_s": round(copy_s - source.seconds, 2),
            "vacuum_analyze_s": round(vacuum_s, 2),
            "table_with_indexes_mb": round(size / 2**20, 1)}


# --------------------------------------------------------------------------- the queries

# What a hit shows: the columns of services.dto.ApplicantHit.
HIT_COLUMNS = ("c.id, c.nik, c.full_name, c.birth_date, c.street, c.rt, c.rw, c.kelurahan, c.kecamatan, "
               "c.city, c.phone")
# Hand-written SQL, one statement per query, on the indexes of migration 0002. ``:name``
# placeholders (turned into ``%(name)s`` for psycopg); LIKE patterns are parameters.
SQL_EXACT_NIK = f"SELECT {HIT_COLUMNS} FROM citizens c WHERE c.nik = :nik"
SQL_NIK_PREFIX = (f"SELECT {HIT_COLUMNS} FROM citizens c WHERE c.nik >= :lo AND c.nik < :hi "
                  f"ORDER BY c.nik LIMIT {LIMIT}")
# Names: those starting with the text by name (a range of the (name_folded, id) index), then those
# with it further on, newest first. A common name: the rest walked backward on the primary key
# with the LIKE filter until 50 match; a rare name: the trigram index over substr(name_folded, 2)
# (SQLite: the FTS5 trigram table) and a sort.
_NAME_STARTS = ("(SELECT 0 AS part, name_folded AS k, id AS sort_id, id FROM citizens "
                f"WHERE name_folded >= :lo AND name_folded < :hi ORDER BY name_folded, id LIMIT {LIMIT})")
_NAME_LATER = ("(SELECT 1 AS part, '' AS k, -id AS sort_id, id FROM citizens WHERE {inside} "
               "AND NOT (name_folded >= :lo AND name_folded < :hi) "
               f"ORDER BY id DESC LIMIT {LIMIT})")
_NAME_SQL = (f"SELECT {HIT_COLUMNS} FROM (SELECT * FROM {_NAME_STARTS} s UNION ALL "
             "SELECT * FROM {later} l) m JOIN citizens c ON c.id = m.id "
             f"ORDER BY m.part, m.k, m.sort_id LIMIT {LIMIT}")
_LIKE = "substr(name_folded, 2) LIKE :contains"
SQL_COMMON_NAME = _NAME_SQL.format(later=_NAME_LATER.format(inside=_LIKE))
SQL_RARE_NAME = {
    "postgresql": SQL_COMMON_NAME,
    "sqlite": _NAME_SQL.format(later=_NAME_LATER.format(
        inside="id IN (SELECT rowid FROM citizens_fts WHERE citizens_fts MATCH :fts)")),
}


def _after(prefix: str) -> str:
    """The smallest text above every text that starts with ``prefix`` (ASCII here)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _params(value: str) -> dict[str, str]:
    return {"nik": value, "lo": value, "hi": _after(value), "contains": f"%{value}%",
            "fts": f'name_rest:"{value}"'}


@dataclass(frozen=True)
class Query:
    key: str
    what: str
    values: tuple[str, ...]  # used in turn, one per run
    sql: dict[str, str]  # backend -> hand-written SQL


def queries(population: Population) -> list[Query]:
    from dinsos_desktop.domain.text import fold

    niks = tuple(population.sample_niks)
    prefixes = tuple(nik[:6 + i % 3] for i, nik in enumerate(niks))  # 6, 7 and 8 digits
    rare = tuple(fold(w) for w, n in population.rare_counts.items() if n)
    both = ("postgresql", "sqlite")
    return [
        Query("exact_nik", "a whole NIK (16 digits) that exists", niks, dict.fromkeys(both, SQL_EXACT_NIK)),
        Query("nik_prefix", "the first 6-8 digits of an NIK (kecamatan, birth day)", prefixes,
              dict.fromkeys(both, SQL_NIK_PREFIX)),
        Query("common_name_siti", "'siti': mostly the first name, sometimes further on", ("siti",),
              dict.fromkeys(both, SQL_COMMON_NAME)),
        Query("common_name_aminah", "'aminah': mostly the family name", ("aminah",),
              dict.fromkeys(both, SQL_COMMON_NAME)),
        Query("rare_name", "a family name that occurs 3-7 times", rare, SQL_RARE_NAME),
    ]


def _driver_sql(sql: str, backend: str) -> str:
    if backend == "postgresql":
        return re.sub(r":(\w+)", r"%(\1)s", sql)
    return sql


# --------------------------------------------------------------------------- measuring


class _Recorder:
    """The statements the application sends during one search (on: record; off: ignore)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.on = False
        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if self.on:
            self.statements.append((statement, parameters))


def _short(sql: str, limit: int = 240) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _time_statement(raw: Any, sql: str, params: Any, runs: int = 7) -> tuple[float, int]:
    rows = raw.execute(sql, params).fetchall()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = raw.execute(sql, params).fetchall()
        samples.append(ms_since(start))
    samples.sort()
    return samples[len(samples) // 2], len(rows)


def _plan(raw: Any, backend: str, sql: str, params: Any) -> list[str]:
    if backend == "postgresql":
        lines = [r[0] for r in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()]
        keep = ("Scan", "Filter", "Rows Removed", "Index Cond", "Recheck", "Sort", "Limit",
                "Heap", "Execution", "Planning Time", "Buffers", "Join", "Nested", "Append", "Merge")
        return [" ".join(line.split()) for line in lines if any(k in line for k in keep)][:24]
    return [str(r[3]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def _breakdown(raw: Any, backend: str, recorded: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Each statement of one application search, run again alone on the driver connection."""
    out = []
    for sql, params in recorded:
        if sql.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            continue
        ms, rows = _time_statement(raw, sql, params)
        out.append({"ms": round(ms, 3), "rows": rows, "sql": _short(sql), "_sql": sql,
                    "_params": params})
    return out


def measure(backend: str, engine: Any, raw: Any, qs: list[Query],
            runs: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per query: the application's timings (and the hand-written SQL's, for comparison); and the
    hand-written SQL's timings as the baseline."""
    from sqlalchemy import text

    from dinsos_desktop.adapters.db.engine import READ_ONLY
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.services.applicants import search_applicants
    from dinsos_desktop.services.dto import Actor

    clerk = Actor(None, "bench", "Bench", frozenset({Role.FRONT_OFFICE}))
    uow = SqlAlchemyUnitOfWork(engine, workstation="bench")
    reading = engine.execution_options(
        **{READ_ONLY: True, **({"isolation_level": "AUTOCOMMIT"} if backend == "postgresql" else {})})
    recorder = _Recorder(engine)
    results: dict[str, Any] = {}
    baseline: dict[str, Any] = {}
    for q in qs:
        sql = _driver_sql(q.sql[backend], backend)

        def app(value: str) -> list[int]:
            page = search_applicants(uow, clerk, value, limit=LIMIT)
            return [h.id if h.kind == "citizen" else -h.id for h in page.items]

        def hand(value: str, sql: str = sql) -> list[int]:
            return [r[0] for r in raw.execute(sql, _params(value)).fetchall()]

        statement = text(q.sql[backend])

        def hand_via_engine(value: str, statement: Any = statement) -> list[int]:
            # The same SQL through the application's engine, connected as a read-only unit of
            # work connects: pool checkout (with its ping), then PostgreSQL autocommit / SQLite a
            # deferred BEGIN and ROLLBACK.
            with reading.connect() as conn:
                trans = conn.begin()
                ids = [r[0] for r in conn.execute(statement, _params(value))]
                trans.rollback()
            return ids

        for i in range(5):  # warm-up: caches, prepared statements
            value = q.values[i % len(q.values)]
            app(value)
            hand(value)
            hand_via_engine(value)
        times: dict[Callable[[str], list[int]], list[float]] = {
            app: [], hand: [], hand_via_engine: []}
        fns = list(times)
        mismatches: list[dict[str, Any]] = []
        rows: list[int] = []
        for i in range(runs):
            value = q.values[i % len(q.values)]
            got = {}
            for fn in fns[i % 3:] + fns[:i % 3]:  # none of them always goes first
                start = time.perf_counter()
                got[fn] = fn(value)
                times[fn].append(ms_since(start))
            rows.append(len(got[app]))
            if (got[app] != got[hand] or got[hand] != got[hand_via_engine]) and len(mismatches) < 3:
                mismatches.append({"query": value, "app_first_ids": got[app][:5],
                                   "sql_first_ids": got[hand][:5], "app_rows": len(got[app]),
                                   "sql_rows": len(got[hand])})
        app_s, sql_s, engine_s = (summary(times[fn]) for fn in fns)
        recorder.statements.clear()
        recorder.on = True
        app(q.values[0])
        recorder.on = False
        statements = _breakdown(raw, backend, recorder.statements)
        db_ms = sum(s["ms"] for s in statements)
        entry: dict[str, Any] = {
            "what": q.what, "examples": list(q.values[:3]),
            "app_median_ms": app_s["median_ms"], "app_p95_ms": app_s["p95_ms"],
            "sql_median_ms": sql_s["median_ms"], "sql_p95_ms": sql_s["p95_ms"],
            "ratio": round(app_s["median_ms"] / sql_s["median_ms"], 2) if sql_s["median_ms"] else None,
            "sql_via_engine_median_ms": engine_s["median_ms"],
            "ratio_to_sql_via_engine": round(app_s["median_ms"] / engine_s["median_ms"], 2),
            "runs": runs, "rows_per_page": [min(rows), max(rows)],
            "same_rows_as_sql": not mismatches,
            "app_statements": len(statements),
            "app_statements_alone_ms": round(db_ms, 3),
            "app_outside_statements_ms": round(app_s["median_ms"] - db_ms, 3),
        }
        if mismatches:
            entry["mismatches"] = mismatches
        missed = ((backend == "postgresql" and app_s["median_ms"] > TARGET_PG_MEDIAN_MS)
                  or (entry["ratio"] or 0) > TARGET_RATIO)
        if missed and statements:  # where the time goes: [ms alone, rows, statement]
            entry["app_statement_times"] = [[s["ms"], s["rows"], _short(s["sql"], 110)]
                                            for s in statements]
        if app_s["median_ms"] > TARGET_PG_MEDIAN_MS and statements:  # slow in itself: the plans
            worst = sorted(statements, key=lambda s: s["ms"], reverse=True)[:2]
            entry["slowest_app_statement_plans"] = [
                {"ms": w["ms"], "sql": w["sql"], "plan": _plan(raw, backend, w["_sql"], w["_params"])}
                for w in worst]
        if backend == "postgresql" and sql_s["median_ms"] > TARGET_PG_MEDIAN_MS:
            entry["sql_plan"] = _plan(raw, backend, sql, _params(q.values[0]))
        results[q.key] = entry
        baseline[q.key] = {"median_ms": sql_s["median_ms"], "p95_ms": sql_s["p95_ms"],
                           "via_engine_median_ms": engine_s["median_ms"],
                           "via_engine_p95_ms": engine_s["p95_ms"],
                           "sql": " ".join(q.sql[backend].split())}
    return results, baseline


def _targets(backend: str, measured: dict[str, Any]) -> list[str]:
    missed = []
    for key, m in measured.items():
        if backend == "postgresql" and m["app_median_ms"] > TARGET_PG_MEDIAN_MS:
            missed.append(f"{backend}.{key}: median {m['app_median_ms']} ms > {TARGET_PG_MEDIAN_MS} ms")
        if m["ratio"] is not None and m["ratio"] > TARGET_RATIO:
            missed.append(f"{backend}.{key}: {m['ratio']}x the hand-written SQL > {TARGET_RATIO}x "
                          f"({m['ratio_to_sql_via_engine']}x the same SQL through the application's "
                          "engine)")
        if not m["same_rows_as_sql"]:
            missed.append(f"{backend}.{key}: the application's rows differ from the SQL's")
    return missed


# --------------------------------------------------------------------------- per backend


def run_sqlite(path: Path, n: int, runs: int) -> dict[str, Any]:
    from dinsos_desktop.adapters.db.engine import make_engine

    population = Population(n)
    load = load_sqlite(path, n, population)
    engine = make_engine(f"sqlite:///{path}")
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        measured, baseline = measure("sqlite", engine, raw, queries(population), runs)
    finally:
        raw.close()
        engine.dispose()
    return {"applicants": n, "sqlite_version": sqlite3.sqlite_version, "load": load,
            "queries": measured, "_baseline": baseline}


def run_postgres(db_url: str | None, n: int, runs: int) -> dict[str, Any]:
    import psycopg

    from dinsos_desktop.adapters.db.engine import make_engine

    with postgres_database(db_url, "search") as url:
        population = Population(n)
        load = load_postgres(url, n, population)
        engine = make_engine(url)
        raw = psycopg.connect(psycopg_conninfo(url), autocommit=True)
        try:
            measured, baseline = measure("postgresql", engine, raw, queries(population), runs)
        finally:
            raw.close()
            engine.dispose()
    return {"applicants": n, "server": "given by --db" if db_url else "throwaway cluster",
            "load": load, "queries": measured, "_baseline": baseline}


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    sqlite_n, pg_n = (20_000, 20_000) if quick else (200_000, 1_000_000)
    runs = 30 if quick else 60
    result: dict[str, Any] = {"bench": "applicant_search", "size": "quick" if quick else "full",
                              "limit": LIMIT}
    parts: dict[str, dict[str, Any] | str] = {}
    if db_url is None or backend_of(db_url) == "sqlite":
        if db_url is None:
            with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp:
                parts["sqlite"] = run_sqlite(Path(tmp) / "applicants.db", sqlite_n, runs)
        else:
            from sqlalchemy.engine import make_url

            path = Path(make_url(db_url).database or "")
            if path.exists():
                raise SystemExit(f"--db {db_url}: give a new SQLite file, this one exists")
            parts["sqlite"] = run_sqlite(path, sqlite_n, runs)
    if db_url is None or backend_of(db_url) == "postgresql":
        try:
            parts["postgresql"] = run_postgres(db_url, pg_n, runs)
        except PostgresUnavailable as exc:
            parts["postgresql"] = f"skipped: {exc}"
    missed: list[str] = []
    baseline: dict[str, Any] = {
        "what": "hand-written SQL on the same indexes, one statement per query, on a plain driver "
                "connection (psycopg autocommit / sqlite3); via_engine: the same SQL through the "
                "application's engine as a read-only unit of work connects (pool checkout with its ping; "
                "PostgreSQL autocommit, SQLite a deferred BEGIN). "
                "Interleaved with the application's calls.",
    }
    for backend, part in parts.items():
        result[backend] = part
        if isinstance(part, str):
            continue
        missed += _targets(backend, part["queries"])
        baseline[backend] = part.pop("_baseline")
    result["targets"] = {"postgresql_median_ms": TARGET_PG_MEDIAN_MS, "max_ratio_to_sql": TARGET_RATIO,
                         "missed": missed}
    result["baseline"] = baseline
    return finish(result, at_start)
