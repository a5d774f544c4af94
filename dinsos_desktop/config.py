"""Per-machine settings, declared once with types: which database this workstation uses.

Office-wide settings (letterhead, unit code, numbering) live in the database, not here.
Stored as an INI file in the user's config folder, readable by the GUI and the command line alike.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

SSL_MODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
ENV_DATABASE_URL = "DINSOS_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    kind: str = "sqlite"  # "sqlite" | "postgresql"
    sqlite_path: str = ""  # empty: the default file in the user data folder
    host: str = "localhost"
    port: int = 5432
    database: str = "dinsos"
    user: str = "dinsos"
    password: str = ""
    sslmode: str = "prefer"

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.kind not in ("sqlite", "postgresql"):
            errors["kind"] = "Jenis basis data tidak dikenal."
        if self.kind == "postgresql":
            if not self.host.strip():
                errors["host"] = "Alamat server wajib diisi."
            if not 1 <= self.port <= 65535:
                errors["port"] = "Port harus antara 1 dan 65535."
            if not self.database.strip():
                errors["database"] = "Nama basis data wajib diisi."
            if not self.user.strip():
                errors["user"] = "Nama pengguna basis data wajib diisi."
            if self.sslmode not in SSL_MODES:
                errors["sslmode"] = "Mode TLS tidak dikenal."
        return errors

    def url(self, default_sqlite: Path) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.sqlite_path or default_sqlite}"
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address
        return (f"postgresql+psycopg://{auth}@{host}:{self.port}/"
                f"{quote(self.database, safe='')}?sslmode={self.sslmode}")

    @classmethod
    def from_url(cls, url: str) -> DatabaseSettings:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0]
        if scheme == "sqlite":
            return cls(kind="sqlite", sqlite_path=url.split(":///", 1)[1] if ":///" in url else "")
        if scheme in ("postgresql", "postgres"):
            query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            return cls(
                kind="postgresql",
                host=parts.hostname or "localhost",
                port=parts.port or 5432,
                database=unquote(parts.path.lstrip("/")) or "dinsos",
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                sslmode=query.get("sslmode", "prefer"),
            )
        raise ValueError(f"Alamat basis data tidak dikenal: {scheme}")


def describe_url(url: str) -> str:
    """A URL fit to show and log: never the password."""
    s = DatabaseSettings.from_url(url)
    if s.kind == "sqlite":
        return f"SQLite: {s.sqlite_path}"
    return f"PostgreSQL: {s.user}@{s.host}:{s.port}/{s.database}"


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> DatabaseSettings:
        parser = configparser.ConfigParser(interpolation=None)  # a password may contain '%'
        try:
            parser.read(self.path, encoding="utf-8")
        except configparser.Error:
            return DatabaseSettings()
        if not parser.has_section("database"):
            return DatabaseSettings()
        sec = parser["database"]
        base = DatabaseSettings()
        try:
            port = sec.getint("port", base.port)
        except ValueError:
            port = base.port
        return replace(
            base,
            kind=sec.get("kind", base.kind),
            sqlite_path=sec.get("sqlite_path", base.sqlite_path),
            host=sec.get("host", base.host),
            port=port,
            database=sec.get("database", base.database),
            user=sec.get("user", base.user),
            password=sec.get("password", base.password),
            sslmode=sec.get("sslmode", base.sslmode),
        )

    def save(self, settings: DatabaseSettings) -> None:
        parser = configparser.ConfigParser(interpolation=None)
        parser["database"] = {
            "kind": settings.kind,
            "sqlite_path": settings.sqlite_path,
            "host": settings.host,
            "port": str(settings.port),
            "database": settings.database,
            "user": settings.user,
            "password": settings.password,
            "sslmode": settings.sslmode,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        # The file may hold the database password: readable by this user only.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            parser.write(fh)
        tmp.replace(self.path)


def resolve_database_url(cli_url: str | None, store: SettingsStore, default_sqlite: Path) -> str:
    """--db beats DINSOS_DATABASE_URL beats the saved settings beats the embedded default."""
    if cli_url:
        return cli_url
    env = os.environ.get(ENV_DATABASE_URL, "").strip()
    if env:
        return env
    return store.load().url(default_sqlite)
