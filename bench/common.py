from __future__ import annotations

import contextlib
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "min_ms": round(ordered[0], 3),
        "max_ms": round(ordered[-1], 3),
        "runs": len(ordered),
    }


def bench_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DINSOS_DATA_DIR"] = str(data_dir)
    env["DINSOS_CONFIG_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def time_until_line(cmd: list[str], env: dict[str, str], marker: str, timeout: float = 60) -> float:
    """Milliseconds from spawning ``cmd`` until it prints a line starting with ``marker``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=tempfile.gettempdir())
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.startswith(marker):
            elapsed = (time.perf_counter() - start) * 1000
            break
    proc.wait(timeout=timeout)
    if elapsed is None:
        raise RuntimeError(f"{cmd!r} exited ({proc.returncode}) without printing {marker!r}")
    return elapsed


def time_until_lines(cmd: list[str], env: dict[str, str], markers: list[str],
                     timeout: float = 60) -> dict[str, float]:
    """Milliseconds from spawning ``cmd`` until it prints a line starting with each marker."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=tempfile.gettempdir())
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        for marker in markers:
            if marker not in seen and line.startswith(marker):
                seen[marker] = (time.perf_counter() - start) * 1000
        if len(seen) == len(markers):
            break
    proc.wait(timeout=timeout)
    missing = [m for m in markers if m not in seen]
    if missing:
        raise RuntimeError(f"{cmd!r} exited ({proc.returncode}) without printing {missing!r}")
    return seen


PYTHON = sys.executable


# --------------------------------------------------------------------------- databases


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def backend_of(db_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(db_url).get_backend_name()


def psycopg_conninfo(db_url: str) -> str:
    """A SQLAlchemy URL string as a libpq connection string for psycopg itself."""
    from sqlalchemy.engine import make_url

    return make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server to run on: the caller reports the part as skipped."""


@contextlib.contextmanager
def postgres_database(db_url: str | None, kind: str) -> Iterator[str]:
    """A fresh, empty database for one benchmark run, as a SQLAlchemy URL string; dropped after.

    On the server ``db_url`` names (its database is used only to create and drop ours), or,
    without one, on a throwaway cluster started here (initdb + pg_ctl on a free local port, as
    the tests do) and deleted after. PostgresUnavailable when neither is possible."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from sqlalchemy.engine import make_url

    from tests.pgcluster import PgClusterError, PgServer, start_cluster

    cluster = None
    if db_url is None:
        try:
            cluster = start_cluster()
        except PgClusterError as exc:
            raise PostgresUnavailable(str(exc).splitlines()[0]) from exc
        server = PgServer(admin_url=cluster.url(), cluster=cluster)
    else:
        server = PgServer(admin_url=make_url(db_url).set(drivername="postgresql+psycopg"))
    try:
        name = f"dinsos_bench_{kind}_{os.getpid()}_{secrets.token_hex(3)}"
        try:
            server.create_database(name)
        except Exception as exc:
            raise PostgresUnavailable(f"cannot create a database: {exc}".splitlines()[0]) from exc
        try:
            yield server.url(name).render_as_string(hide_password=False)
        finally:
            server.drop_database(name)
    finally:
        server.close()
        if cluster is not None:
            cluster.stop()


def machine() -> dict[str, object]:
    """What else the machine was doing: benchmarks share it with whatever runs."""
    info: dict[str, object] = {"cpus": os.cpu_count()}
    if hasattr(os, "getloadavg"):
        info["load_average_1min"] = round(os.getloadavg()[0], 2)
    return info


def finish(result: dict[str, object], machine_at_start: dict[str, object]) -> dict[str, object]:
    """Add the machine's load at start and end; the baseline stays the last key."""
    at_end = machine()
    result["machine"] = {"cpus": machine_at_start.get("cpus"),
                         "load_average_1min_at_start": machine_at_start.get("load_average_1min"),
                         "load_average_1min_at_end": at_end.get("load_average_1min")}
    if "baseline" in result:
        result["baseline"] = result.pop("baseline")
    return result
