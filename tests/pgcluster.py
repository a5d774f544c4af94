"""A throwaway PostgreSQL server for the test session, and per-test databases on any server.

The test run never depends on a server that happens to be running: unless
``DINSOS_TEST_DATABASE_URL`` names one, :func:`start_cluster` runs ``initdb`` and ``pg_ctl`` on a
free local port and :meth:`ThrowawayCluster.stop` deletes everything again. A cluster that cannot
be started raises :class:`PgClusterError`, which fails the run: the PostgreSQL tests are never
skipped.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

ENV_TEST_DATABASE_URL = "DINSOS_TEST_DATABASE_URL"

# The role the authentication test logs in as. The throwaway cluster's pg_hba.conf demands a
# password (scram-sha-256) for this role alone; everything else is trusted on 127.0.0.1.
PASSWORD_ROLE = "dinsos_pw"

_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class PgClusterError(RuntimeError):
    """The PostgreSQL tests cannot run. Never turned into a skip."""


def find_server_program(name: str) -> str | None:
    """``initdb``/``pg_ctl`` on the PATH, else in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")

    def version(path: str) -> tuple[int, ...]:
        number = Path(path).parent.parent.name
        return tuple(int(p) for p in number.split(".") if p.isdigit())

    candidates.sort(key=version)
    return candidates[-1] if candidates else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> list[str]:
    """initdb and the server refuse to run as root: run them as 'postgres' through runuser."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    if runuser is None:
        raise PgClusterError("Running as root, and 'runuser' is not available to start PostgreSQL "
                             "as an ordinary user.")
    import pwd

    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return [runuser, "-u", user, "--"]
    raise PgClusterError("Running as root, and there is no 'postgres' user to run PostgreSQL as.")


def _owner_ids(run_as: list[str]) -> tuple[int, int] | None:
    if not run_as:
        return None
    import pwd

    entry = pwd.getpwnam(run_as[2])
    return entry.pw_uid, entry.pw_gid


def _base_parent(run_as: list[str]) -> str | None:
    """Where the cluster folder goes: the temp folder, unless its path is too long for the unix
    socket (~100 characters) or, when the server runs as another user, not open to that user."""
    parent = Path(tempfile.gettempdir())
    fallback = "/tmp" if os.path.isdir("/tmp") else None
    if len(str(parent)) > 60:
        return fallback
    if run_as:
        for folder in (parent, *parent.parents):
            if not os.stat(folder).st_mode & 0o001:  # others may not enter it
                return fallback
    return str(parent)


def _chown_tree(path: Path, ids: tuple[int, int]) -> None:
    os.chown(path, *ids)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), *ids)


@dataclass
class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    base: Path
    port: int
    pg_ctl: str
    run_as: list[str] = field(default_factory=list)
    running: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "sock"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> URL:
        return URL.create("postgresql+psycopg", username=user, password=password,
                          host="127.0.0.1", port=self.port, database=database)

    def log_tail(self, lines: int = 30) -> str:
        try:
            content = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(content.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (fast, it holds nothing worth keeping) and delete the folder."""
        try:
            if self.running:
                subprocess.run(
                    [*self.run_as, self.pg_ctl, "stop", "-D", str(self.data_dir), "-m", "immediate",
                     "-w", "-t", "60"],
                    cwd=self.base, stdin=subprocess.DEVNULL, capture_output=True, timeout=90,
                    check=False,
                )
                self.running = False
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def _hba(auth_role: str) -> str:
    return (
        "# Written by the test suite.\n"
        "local all all trust\n"
        f"host all {auth_role} 127.0.0.1/32 scram-sha-256\n"
        "host all all 127.0.0.1/32 trust\n"
    )


def _conf(port: int, socket_dir: Path) -> str:
    # Durability is worthless for a throwaway server; speed is not.
    return (
        "\n# Written by the test suite.\n"
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{socket_dir}'\n"
        "fsync = off\n"
        "full_page_writes = off\n"
        "synchronous_commit = off\n"
        "max_connections = 100\n"
        "password_encryption = 'scram-sha-256'\n"
        "log_min_messages = warning\n"
    )


def start_cluster(attempts: int = 3) -> ThrowawayCluster:
    """initdb + pg_ctl start on a free port. Raises PgClusterError with the reason."""
    initdb = find_server_program("initdb")
    pg_ctl = find_server_program("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise PgClusterError(
            "PostgreSQL server programs (initdb, pg_ctl) were found neither on the PATH nor in "
            "/usr/lib/postgresql/*/bin. Install PostgreSQL (Debian: apt-get install postgresql; "
            f"scripts/test.sh does this) or set {ENV_TEST_DATABASE_URL} to a server where the tests "
            "may create databases."
        )
    run_as = _run_as()
    ids = _owner_ids(run_as)
    base = Path(tempfile.mkdtemp(prefix="dinsos-pg-", dir=_base_parent(run_as)))
    cluster = ThrowawayCluster(base=base, port=0, pg_ctl=pg_ctl, run_as=run_as)
    try:
        cluster.socket_dir.mkdir()
        if ids is not None:
            _chown_tree(base, ids)
        result = subprocess.run(
            [*run_as, initdb, "-D", str(cluster.data_dir), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            cwd=base, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise PgClusterError(f"initdb failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        hba = cluster.data_dir / "pg_hba.conf"
        hba.write_text(_hba(PASSWORD_ROLE), encoding="utf-8")
        conf = cluster.data_dir / "postgresql.conf"
        original_conf = conf.read_text(encoding="utf-8")
        failures = []
        for _ in range(attempts):
            # Another process may take the port between our probe and the server's bind: retry.
            cluster.port = free_port()
            conf.write_text(original_conf + _conf(cluster.port, cluster.socket_dir), encoding="utf-8")
            if ids is not None:
                _chown_tree(base, ids)
            result = subprocess.run(
                [*run_as, pg_ctl, "start", "-D", str(cluster.data_dir), "-l", str(cluster.log_file),
                 "-w", "-t", "120"],
                cwd=base, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180,
                check=False,
            )
            if result.returncode == 0:
                cluster.running = True
                return cluster
            failures.append(f"port {cluster.port}: {result.stdout}{result.stderr}\n{cluster.log_tail()}")
            # pg_ctl may give up waiting while the server is still coming up; make sure it is down.
            subprocess.run([*run_as, pg_ctl, "stop", "-D", str(cluster.data_dir), "-m", "immediate"],
                           cwd=base, stdin=subprocess.DEVNULL, capture_output=True, timeout=90,
                           check=False)
        raise PgClusterError("PostgreSQL did not start:\n" + "\n".join(failures))
    except BaseException:
        cluster.stop()
        raise


# --------------------------------------------------------------------------- databases on a server


@dataclass
class PgServer:
    """A PostgreSQL server the tests may create databases on: the throwaway cluster or the one
    ``DINSOS_TEST_DATABASE_URL`` names."""

    admin_url: URL
    cluster: ThrowawayCluster | None = None
    prefix: str = field(default_factory=lambda: f"dinsos_t{os.getpid()}_{secrets.token_hex(3)}")
    _admin: Engine | None = None
    _counter: int = 0

    @property
    def is_throwaway(self) -> bool:
        return self.cluster is not None

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_size=1,
                                        max_overflow=2)
        return self._admin

    def url(self, database: str, *, user: str | None = None, password: str | None = None) -> URL:
        url = self.admin_url.set(database=database)
        if user is not None:
            url = url.set(username=user, password=password)
        return url

    def new_name(self, kind: str) -> str:
        self._counter += 1
        return f"{self.prefix}_{kind}{self._counter}"

    def execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create_database(self, name: str, template: str | None = None) -> str:
        if not _SAFE_NAME.match(name) or (template is not None and not _SAFE_NAME.match(template)):
            raise ValueError(f"unsafe database name: {name!r} / {template!r}")
        # template0: a server named by URL may have extra objects in template1.
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}" ENCODING \'UTF8\'')
        return name

    def drop_database(self, name: str) -> None:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"unsafe database name: {name!r}")
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextlib.contextmanager
    def database(self, kind: str, template: str | None = None) -> Iterator[str]:
        name = self.create_database(self.new_name(kind), template)
        try:
            yield name
        finally:
            self.drop_database(name)

    def close(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None


def connect_server() -> tuple[PgServer, ThrowawayCluster | None]:
    """The server named by DINSOS_TEST_DATABASE_URL, or a freshly started throwaway cluster."""
    named = os.environ.get(ENV_TEST_DATABASE_URL, "").strip()
    if named:
        url = make_url(named)
        if url.get_backend_name() != "postgresql":
            raise PgClusterError(f"{ENV_TEST_DATABASE_URL} must be a postgresql:// URL.")
        url = url.set(drivername="postgresql+psycopg")
        server = PgServer(admin_url=url)
        _check_reachable(server, f"the server named by {ENV_TEST_DATABASE_URL}")
        return server, None
    cluster = start_cluster()
    server = PgServer(admin_url=cluster.url(), cluster=cluster)
    try:
        _check_reachable(server, "the throwaway PostgreSQL cluster")
    except BaseException:
        server.close()
        cluster.stop()
        raise
    return server, cluster


def _check_reachable(server: PgServer, what: str) -> None:
    try:
        server.execute("SELECT 1")
    except Exception as exc:
        server.close()
        raise PgClusterError(f"Cannot connect to {what}: {exc}") from exc
