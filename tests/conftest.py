"""Fixtures every test folder shares: a sandboxed environment and databases on both backends.

Any test that asks for ``db_url``, ``engine``, ``uow`` (or anything built on them) runs twice, on
SQLite and on a real PostgreSQL server, because those fixtures depend on the parametrized
``backend`` fixture. Each test gets a fresh, fully migrated database copied from a template that
is migrated once per session (an SQLite file copy; ``CREATE DATABASE … TEMPLATE`` on PostgreSQL).

PostgreSQL: the server named by ``DINSOS_TEST_DATABASE_URL``, else a throwaway cluster this session
starts on a free port and deletes at the end. When neither works the PostgreSQL tests fail with the
reason; they are never skipped.
"""

from __future__ import annotations

# Before anything imports Qt: no display in CI, and no test may touch the user's real files.
import os
import shutil
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_SANDBOX = tempfile.mkdtemp(prefix="dinsos-test-")
for _var, _sub in (("DINSOS_DATA_DIR", "data"), ("DINSOS_CONFIG_DIR", "config"),
                   ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_DATA_HOME", "xdg-data"),
                   ("XDG_CACHE_HOME", "xdg-cache"), ("XDG_STATE_HOME", "xdg-state"),
                   ("XDG_RUNTIME_DIR", "xdg-runtime")):
    os.makedirs(os.path.join(_SANDBOX, _sub), mode=0o700)
    os.environ[_var] = os.path.join(_SANDBOX, _sub)
# A developer's own database must never be the one the tests write to.
os.environ.pop("DINSOS_DATABASE_URL", None)

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from dinsos_desktop.adapters.db.engine import make_engine  # noqa: E402
from dinsos_desktop.adapters.db.migrate import upgrade  # noqa: E402
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork  # noqa: E402
from dinsos_desktop.domain.roles import Role  # noqa: E402
from dinsos_desktop.paths import bundled_catalog  # noqa: E402
from dinsos_desktop.services.catalog import ensure_bundled_catalog  # noqa: E402
from dinsos_desktop.services.dto import Actor  # noqa: E402
from dinsos_desktop.services.users import create_first_admin, create_user, login  # noqa: E402
from tests.pgcluster import ENV_TEST_DATABASE_URL, PgServer, connect_server  # noqa: E402
from tests.support import (  # noqa: E402
    ADMIN_FULL_NAME,
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    CLERK_FULL_NAME,
    CLERK_PASSWORD,
    CLERK_USERNAME,
)

BACKENDS = ("sqlite", "postgresql")

# No deadlines: a busy CI machine must not turn a slow example into a failure.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_report_header(config: pytest.Config) -> list[str]:
    where = (f"the server in {ENV_TEST_DATABASE_URL}" if os.environ.get(ENV_TEST_DATABASE_URL)
             else "a throwaway cluster started for this session")
    return [f"database backends: {', '.join(BACKENDS)} (PostgreSQL: {where})",
            "sandbox for data/config folders: " + _SANDBOX]


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SANDBOX, ignore_errors=True)


# --------------------------------------------------------------------------- PostgreSQL server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of this session. Fails (never skips) when there is none."""
    server, cluster = connect_server()
    try:
        yield server
    finally:
        server.close()
        if cluster is not None:
            cluster.stop()


# --------------------------------------------------------------------------- migrated templates


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per session; tests get copies."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
    finally:
        engine.dispose()  # closing the last connection checkpoints and removes the WAL file
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    """A PostgreSQL database migrated to head once per session; tests get copies."""
    name = pg_server.create_database(pg_server.new_name("tmpl"))
    try:
        engine = make_engine(pg_server.url(name).render_as_string(hide_password=False))
        try:
            upgrade(engine)
        finally:
            engine.dispose()  # CREATE DATABASE … TEMPLATE needs the template without connections
        yield name
    finally:
        pg_server.drop_database(name)


def _copy_sqlite(template: Path, target: Path) -> None:
    shutil.copyfile(template, target)
    wal = template.with_name(template.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


# --------------------------------------------------------------------------- per-test databases


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgresql'. Every fixture that touches a database depends on this one."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database migrated to head, on this test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "dinsos.sqlite3"
        _copy_sqlite(template, path)
        yield f"sqlite:///{path}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    pg_tmpl: str = request.getfixturevalue("pg_template")
    with server.database("db", template=pg_tmpl) as name:
        yield server.url(name).render_as_string(hide_password=False)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database without any schema (for migration tests), on this test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    with server.database("empty") as name:
        yield server.url(name).render_as_string(hide_password=False)


@pytest.fixture
def engine_factory() -> Iterator[Callable[[str], Engine]]:
    """make_engine for tests that need more engines (another workstation); all disposed after."""
    engines: list[Engine] = []

    def make(url: str) -> Engine:
        engine = make_engine(url)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def engine(db_url: str, engine_factory: Callable[[str], Engine]) -> Engine:
    return engine_factory(db_url)


@pytest.fixture
def uow(engine: Engine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine, workstation="pytest-1")


@pytest.fixture
def other_uow(db_url: str, engine_factory: Callable[[str], Engine]) -> SqlAlchemyUnitOfWork:
    """A second workstation on the same database, with its own engine and connections."""
    return SqlAlchemyUnitOfWork(engine_factory(db_url), workstation="pytest-2")


@pytest.fixture
def catalog_uow(uow: SqlAlchemyUnitOfWork) -> SqlAlchemyUnitOfWork:
    """``uow`` whose database holds the bundled catalog (imported as on first start)."""
    ensure_bundled_catalog(uow, bundled_catalog())
    return uow


@pytest.fixture
def admin(uow: SqlAlchemyUnitOfWork) -> Actor:
    """The first admin (username/password in tests.support)."""
    return create_first_admin(uow, ADMIN_USERNAME, ADMIN_FULL_NAME, ADMIN_PASSWORD)


@pytest.fixture
def clerk(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    """A front-office clerk without admin rights, logged in."""
    create_user(uow, admin, CLERK_USERNAME, CLERK_FULL_NAME, [Role.FRONT_OFFICE], CLERK_PASSWORD)
    return login(uow, CLERK_USERNAME, CLERK_PASSWORD)
