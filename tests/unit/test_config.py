"""Per-machine settings: the database URL, where it comes from, and the settings file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from dinsos_desktop import paths
from dinsos_desktop.config import (
    ENV_DATABASE_URL,
    SSL_MODES,
    DatabaseSettings,
    SettingsStore,
    describe_url,
    resolve_database_url,
)

DEFAULT_SQLITE = Path("/data/dinsos.sqlite3")

_ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=24)
_HOSTS = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,12}(\.[a-z][a-z0-9-]{0,12}){0,3}", fullmatch=True),
    st.ip_addresses(v=4).map(str),
)


@st.composite
def pg_settings(draw: st.DrawFn) -> DatabaseSettings:
    return DatabaseSettings(
        kind="postgresql",
        host=draw(_HOSTS),
        port=draw(st.integers(1, 65535)),
        database=draw(_ANY_TEXT),
        user=draw(_ANY_TEXT),
        password=draw(st.just("") | _ANY_TEXT),
        sslmode=draw(st.sampled_from(SSL_MODES)),
    )


# --------------------------------------------------------------------------- URLs


def test_default_is_the_embedded_sqlite_file() -> None:
    settings = DatabaseSettings()
    assert settings.validate() == {}
    assert settings.url(DEFAULT_SQLITE) == f"sqlite:///{DEFAULT_SQLITE}"
    assert DatabaseSettings(sqlite_path="/lain/db.sqlite3").url(DEFAULT_SQLITE) == \
        "sqlite:////lain/db.sqlite3"


def test_postgresql_url() -> None:
    settings = DatabaseSettings(kind="postgresql", host="10.0.0.5", port=5433, database="dinsos",
                                user="dinsos", password="p@ss:word/#?%", sslmode="require")
    url = settings.url(DEFAULT_SQLITE)
    assert url == ("postgresql+psycopg://dinsos:p%40ss%3Aword%2F%23%3F%25@10.0.0.5:5433/dinsos"
                   "?sslmode=require")
    parsed = make_url(url)
    assert parsed.password == "p@ss:word/#?%"
    assert parsed.query == {"sslmode": "require"}
    assert DatabaseSettings.from_url(url) == settings


def test_url_without_password() -> None:
    settings = DatabaseSettings(kind="postgresql", host="server", user="budi")
    assert settings.url(DEFAULT_SQLITE) == "postgresql+psycopg://budi@server:5432/dinsos?sslmode=prefer"
    assert DatabaseSettings.from_url(settings.url(DEFAULT_SQLITE)) == settings


@given(pg_settings())
def test_postgresql_round_trip(settings: DatabaseSettings) -> None:
    url = settings.url(DEFAULT_SQLITE)
    assert DatabaseSettings.from_url(url) == settings
    # SQLAlchemy, which opens the connection, reads the same credentials.
    parsed = make_url(url)
    assert parsed.username == settings.user
    assert (parsed.password or "") == settings.password
    assert parsed.host == settings.host
    assert parsed.port == settings.port
    assert parsed.query["sslmode"] == settings.sslmode


@given(st.from_regex(r"/[A-Za-z0-9 _./-]{1,40}", fullmatch=True))
def test_sqlite_round_trip(path: str) -> None:
    settings = DatabaseSettings(kind="sqlite", sqlite_path=path)
    assert DatabaseSettings.from_url(settings.url(DEFAULT_SQLITE)) == settings


def test_ipv6_host_round_trip() -> None:
    settings = DatabaseSettings(kind="postgresql", host="::1")
    assert DatabaseSettings.from_url(settings.url(DEFAULT_SQLITE)) == settings


def test_from_url_defaults_and_aliases() -> None:
    settings = DatabaseSettings.from_url("postgres://server")
    assert (settings.kind, settings.host, settings.port, settings.database, settings.sslmode) == \
        ("postgresql", "server", 5432, "dinsos", "prefer")
    assert DatabaseSettings.from_url("postgresql://u@h/db").database == "db"
    assert DatabaseSettings.from_url("sqlite:///relatif.sqlite3").sqlite_path == "relatif.sqlite3"


def test_from_url_refuses_other_databases() -> None:
    with pytest.raises(ValueError, match="mysql"):
        DatabaseSettings.from_url("mysql://u@h/db")


def test_describe_url_never_shows_the_password() -> None:
    settings = DatabaseSettings(kind="postgresql", host="srv", user="budi", password="Rahasia-99")
    url = settings.url(DEFAULT_SQLITE)
    described = describe_url(url)
    assert described == "PostgreSQL: budi@srv:5432/dinsos"
    assert "Rahasia" not in described
    assert describe_url(f"sqlite:///{DEFAULT_SQLITE}") == f"SQLite: {DEFAULT_SQLITE}"


@pytest.mark.parametrize(("changes", "field"), [
    ({"kind": "oracle"}, "kind"),
    ({"host": " "}, "host"),
    ({"port": 0}, "port"),
    ({"port": 65536}, "port"),
    ({"database": ""}, "database"),
    ({"user": ""}, "user"),
    ({"sslmode": "always"}, "sslmode"),
])
def test_validation(changes: dict[str, object], field: str) -> None:
    base = {"kind": "postgresql", **changes}
    assert set(DatabaseSettings(**base).validate()) == {field}  # type: ignore[arg-type]


def test_sqlite_settings_ignore_server_fields() -> None:
    assert DatabaseSettings(kind="sqlite", host="", port=0, user="").validate() == {}


# --------------------------------------------------------------------------- where the URL comes from


def test_resolve_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SettingsStore(tmp_path / "settings.ini")
    cli = "postgresql+psycopg://cli@h/db"
    env = "postgresql+psycopg://env@h/db"
    saved = DatabaseSettings(kind="postgresql", host="saved", user="saved")
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)

    assert resolve_database_url(None, store, DEFAULT_SQLITE) == f"sqlite:///{DEFAULT_SQLITE}"
    store.save(saved)
    assert resolve_database_url(None, store, DEFAULT_SQLITE) == saved.url(DEFAULT_SQLITE)
    monkeypatch.setenv(ENV_DATABASE_URL, "   ")
    assert resolve_database_url(None, store, DEFAULT_SQLITE) == saved.url(DEFAULT_SQLITE)
    monkeypatch.setenv(ENV_DATABASE_URL, env)
    assert resolve_database_url(None, store, DEFAULT_SQLITE) == env
    assert resolve_database_url("", store, DEFAULT_SQLITE) == env
    assert resolve_database_url(cli, store, DEFAULT_SQLITE) == cli


def test_the_tests_do_not_see_a_developers_database_url() -> None:
    assert ENV_DATABASE_URL not in os.environ


# --------------------------------------------------------------------------- the settings file


def test_settings_file_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "sub" / "settings.ini")
    assert store.load() == DatabaseSettings()
    settings = DatabaseSettings(kind="postgresql", host="10.1.2.3", port=6543, database="kantor",
                                user="budi", password="p@ss:/ word;#", sslmode="verify-full")
    store.save(settings)
    assert store.load() == settings
    assert not (tmp_path / "sub" / "settings.ini.tmp").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
def test_settings_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    SettingsStore(path).save(DatabaseSettings(kind="postgresql", password="Rahasia-1"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    SettingsStore(path).save(DatabaseSettings(kind="postgresql", password="Rahasia-2"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_password_with_percent_sign(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.ini")
    settings = DatabaseSettings(kind="postgresql", password="diskon50%ok")
    store.save(settings)
    assert store.load() == settings


@pytest.mark.parametrize("content", [
    "",
    "tidak ada bagian\n",
    "[lain]\nkind = postgresql\n",
    "[database]\nkind = postgresql\nport = bukan-angka\n",
    "\x00\x01 rusak [[[",
])
def test_damaged_settings_fall_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.ini"
    path.write_text(content, encoding="utf-8")
    loaded = SettingsStore(path).load()
    assert loaded.port == 5432
    if "kind = postgresql" in content and "[database]" in content:
        assert loaded.kind == "postgresql"
    else:
        assert loaded == DatabaseSettings()


# --------------------------------------------------------------------------- folders


def test_the_tests_run_in_a_sandbox() -> None:
    data, config = paths.user_data_dir(), paths.user_config_dir()
    assert data == Path(os.environ["DINSOS_DATA_DIR"])
    assert config == Path(os.environ["DINSOS_CONFIG_DIR"])
    for folder in (data, config):
        assert "dinsos-test-" in str(folder), "conftest.py points the folders at a temporary sandbox"
    assert paths.default_sqlite_path().parent == data


def test_shipped_files_are_found() -> None:
    assert paths.bundled_catalog().is_file()
    assert (paths.migrations_dir() / "env.py").is_file()
    assert paths.font_path("DejaVuSans.ttf").is_file()
