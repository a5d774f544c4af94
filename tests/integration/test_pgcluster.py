"""The test infrastructure itself: the throwaway PostgreSQL cluster starts, stops without a trace,
and fails loudly (never skips) when PostgreSQL is not there."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import pgcluster
from tests.pgcluster import ENV_TEST_DATABASE_URL, PgClusterError, PgServer


def test_missing_server_programs_fail_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgcluster, "find_server_program", lambda name: None)
    with pytest.raises(PgClusterError, match="initdb") as failed:
        pgcluster.start_cluster()
    assert ENV_TEST_DATABASE_URL in str(failed.value)


def test_unreachable_named_server_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_TEST_DATABASE_URL, f"postgresql://postgres@127.0.0.1:{pgcluster.free_port()}/x")
    with pytest.raises(PgClusterError, match=ENV_TEST_DATABASE_URL):
        pgcluster.connect_server()


def test_named_server_must_be_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_TEST_DATABASE_URL, "sqlite:///x.sqlite3")
    with pytest.raises(PgClusterError, match="postgresql"):
        pgcluster.connect_server()


def test_throwaway_cluster_starts_and_leaves_nothing_behind() -> None:
    cluster = pgcluster.start_cluster()
    try:
        assert cluster.running
        assert cluster.base.name.startswith("dinsos-pg-")
        engine = create_engine(cluster.url(), pool_size=1)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SHOW fsync")).scalar() == "off"
                assert conn.execute(text("SHOW listen_addresses")).scalar() == "127.0.0.1"
                assert conn.execute(text("SHOW port")).scalar() == str(cluster.port)
        finally:
            engine.dispose()
        pid_file = cluster.data_dir / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
    finally:
        cluster.stop()
    assert not cluster.base.exists()
    assert not cluster.running
    with pytest.raises(ProcessLookupError):
        _wait_gone(pid)


def _wait_gone(pid: int) -> None:
    # The postmaster has exited once pg_ctl stop -w returned; signal 0 only checks existence.
    for _ in range(50):
        os.kill(pid, 0)
        time.sleep(0.1)
    raise AssertionError(f"postgres (pid {pid}) is still running")


def test_database_names_are_checked(pg_server: PgServer) -> None:
    for bad in ('x"; DROP DATABASE postgres; --', "Huruf", "a b"):
        with pytest.raises(ValueError):
            pg_server.create_database(bad)
        with pytest.raises(ValueError):
            pg_server.drop_database(bad)


def test_sandboxed_environment() -> None:
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    for var in ("DINSOS_DATA_DIR", "DINSOS_CONFIG_DIR", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
        assert Path(os.environ[var]).is_dir(), var
    assert "DINSOS_DATABASE_URL" not in os.environ
