"""The command line an admin uses on the office server: schema, catalog and user commands, on
SQLite and PostgreSQL. Commands run in-process through ``app.main``; two runs in a child process
prove that ``python -m dinsos_desktop`` itself works."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from dinsos_desktop import __version__
from dinsos_desktop.adapters.db.migrate import HEAD_REVISION
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.app import main
from dinsos_desktop.domain.errors import AuthenticationFailed
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import users as user_service
from tests.support import BUNDLED_STANDARD_COUNT, bundled_document, write_json

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DECREE = "188/76/423.105/2021"
NEW_DECREE = "188/12/423.105/2024"
PASSWORD = "Rahasia-petugas-1"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``dinsos-desktop ARGV…`` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --version, --help, usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _versions(engine: Engine) -> list[Any]:
    return catalog_service.list_versions(SqlAlchemyUnitOfWork(engine))


def _new_decree(tmp_path: Path, name: str = "kep-2024.json") -> Path:
    document = bundled_document()
    document["version"]["decree_number"] = NEW_DECREE
    document["version"]["decree_date"] = "2024-03-04"
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    psm["title"] = "Rekrutmen Pekerja Sosial Masyarakat (PSM)"
    return write_json(tmp_path / name, document)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)  # keeps the sandboxed data/config folders conftest set up
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


# --------------------------------------------------------------------------- version


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, "Dinsos Desktop 0.1.0\n", "")
    assert __version__ == "0.1.0"


def test_python_dash_m_prints_the_version() -> None:
    done = subprocess.run([sys.executable, "-m", "dinsos_desktop", "--version"], cwd=REPO_ROOT,
                          env=_child_env(), capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"Dinsos Desktop {__version__}\n", "")


# --------------------------------------------------------------------------- db


def test_db_upgrade_creates_the_schema_once(capsys: pytest.CaptureFixture[str], empty_db_url: str,
                                            engine_factory: Any) -> None:
    code, out, err = run(capsys, "--db", empty_db_url, "db", "status")
    assert code == 0, err
    assert out.splitlines()[1] == f"skema: (kosong); versi aplikasi: {HEAD_REVISION}"

    code, out, err = run(capsys, "--db", empty_db_url, "db", "upgrade")
    assert (code, out, err) == (0, f"Skema diperbarui ke versi {HEAD_REVISION}\n", "")
    tables = set(inspect(engine_factory(empty_db_url)).get_table_names())
    assert {"alembic_version", "users", "audit_log", "catalog_versions"} <= tables

    code, out, err = run(capsys, "--db", empty_db_url, "db", "upgrade")
    assert (code, out, err) == (0, f"Skema sudah versi terbaru ({HEAD_REVISION}).\n", "")


def test_db_status_names_the_database_but_never_its_password(capsys: pytest.CaptureFixture[str],
                                                             db_url: str, backend: str) -> None:
    code, out, err = run(capsys, "--db", db_url, "db", "status")
    assert code == 0, err
    where, schema = out.splitlines()
    assert schema == f"skema: {HEAD_REVISION}; versi aplikasi: {HEAD_REVISION}"
    if backend == "sqlite":
        assert where.startswith("SQLite: ") and where.endswith("dinsos.sqlite3")
    else:
        assert re.fullmatch(r"PostgreSQL: \S+@\S+:\d+/\S+", where)
        password = make_url(db_url).password
        if password:
            assert password not in out


def test_an_unreachable_server_is_a_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://dinsos:sandi@127.0.0.1:{_closed_port()}/dinsos"
    for argv in (("db", "status"), ("db", "upgrade"), ("catalog", "versions")):
        code, out, err = run(capsys, "--db", url, *argv)
        assert code == 1, argv
        assert out == ""
        assert err.startswith("Galat: Server basis data tidak dapat dihubungi."), err
        assert "Traceback" not in err and "sandi" not in err


# --------------------------------------------------------------------------- catalog


def test_catalog_export_writes_the_bundled_catalog(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   db_url: str) -> None:
    target = tmp_path / "katalog.json"
    code, out, err = run(capsys, "--db", db_url, "catalog", "export", str(target))
    assert (code, err) == (0, "")
    assert out == f"27 standar ditulis ke {target}.\n"

    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["version"]["decree_number"] == BUNDLED_DECREE
    assert document["version"]["decree_date"] == "2021-07-12"
    assert len(document["standards"]) == BUNDLED_STANDARD_COUNT
    for standard in document["standards"]:
        assert {"code", "title", "bidang", "requirements", "procedure_steps", "time_limit", "fee",
                "products"} <= standard.keys(), standard.get("code")
        assert set(standard["time_limit"]) >= {"value", "unit"}
        for requirement in standard["requirements"]:
            assert set(requirement) == {"text", "children"}
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    assert psm["title"] == "Pekerja Sosial Masyarakat (PSM)"
    assert psm["bidang"] == "DAYASOS"
    criteria = [c["text"] for c in psm["requirements"][0]["children"]]
    assert len(criteria) == 7 and criteria[0] == "warga negara Indonesia"
    # What is exported can be read back as a catalog.
    catalog, _sha = catalog_service.read_catalog_file(target)
    assert [s.code for s in catalog.standards] == [s["code"] for s in document["standards"]]


def test_catalog_export_to_a_missing_folder_is_a_plain_message(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path, db_url: str) -> None:
    target = tmp_path / "tidak-ada" / "katalog.json"
    code, out, err = run(capsys, "--db", db_url, "catalog", "export", str(target))
    assert (code, out) == (1, "")
    assert err.startswith(f"Galat: Katalog tidak dapat ditulis ke {target} (")
    assert "Traceback" not in err


def test_the_entry_point_exports_the_catalog(tmp_path: Path, db_url: str) -> None:
    target = tmp_path / "katalog.json"
    done = subprocess.run(
        [sys.executable, "-m", "dinsos_desktop", "--db", db_url, "catalog", "export", str(target)],
        cwd=tmp_path, env=_child_env(), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"27 standar ditulis ke {target}.\n"
    assert len(json.loads(target.read_text(encoding="utf-8"))["standards"]) == BUNDLED_STANDARD_COUNT


def test_catalog_import_makes_the_new_decree_active(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    db_url: str, engine: Engine) -> None:
    assert run(capsys, "--db", db_url, "catalog", "export", str(tmp_path / "lama.json"))[0] == 0

    code, out, err = run(capsys, "--db", db_url, "catalog", "import", str(_new_decree(tmp_path)))
    assert (code, err) == (0, "")
    assert out == f"Katalog Keputusan No. {NEW_DECREE} diimpor: 27 standar (berlaku).\n"

    code, out, err = run(capsys, "--db", db_url, "catalog", "versions")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2
    active = [line for line in lines if line.startswith("*")]
    assert len(active) == 1 and NEW_DECREE in active[0] and "04-03-2024" in active[0]
    older = next(line for line in lines if BUNDLED_DECREE in line)
    assert older.startswith(" ") and "12-07-2021" in older and older.endswith("27 standar")

    exported = tmp_path / "baru.json"
    assert run(capsys, "--db", db_url, "catalog", "export", str(exported))[0] == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["version"]["decree_number"] == NEW_DECREE
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    assert psm["title"] == "Rekrutmen Pekerja Sosial Masyarakat (PSM)"
    assert [v.is_active for v in _versions(engine) if v.decree_number == NEW_DECREE] == [True]


def test_catalog_import_without_activating_keeps_the_current_one(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path, db_url: str,
                                                                 engine: Engine) -> None:
    assert run(capsys, "--db", db_url, "catalog", "versions")[0] == 0  # loads the bundled catalog
    code, out, err = run(capsys, "--db", db_url, "catalog", "import", "--no-activate",
                         str(_new_decree(tmp_path)))
    assert (code, err) == (0, "")
    assert out.endswith("27 standar (tersimpan, belum berlaku).\n")
    assert {v.decree_number: v.is_active for v in _versions(engine)} == {
        BUNDLED_DECREE: True, NEW_DECREE: False}


def test_a_bad_catalog_file_is_refused_and_nothing_changes(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path, db_url: str,
                                                           engine: Engine) -> None:
    assert run(capsys, "--db", db_url, "catalog", "versions")[0] == 0
    before = _versions(engine)

    document = bundled_document()
    document["version"]["decree_number"] = NEW_DECREE
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    psm["time_limit"]["unit"] = "fortnights"
    bad = write_json(tmp_path / "kep-rusak.json", document)
    code, out, err = run(capsys, "--db", db_url, "catalog", "import", str(bad))
    assert (code, out) == (1, "")
    assert err.startswith(
        "Galat: Katalog ditolak (berkas kep-rusak.json, standar PSM (#17), isian 'time_limit.unit'): "
        "satuan waktu 'fortnights' tidak dikenal")
    assert _versions(engine) == before

    missing = tmp_path / "tidak-ada.json"
    code, out, err = run(capsys, "--db", db_url, "catalog", "import", str(missing))
    assert code == 1
    assert err.startswith("Galat: Katalog ditolak (berkas tidak-ada.json): berkas tidak dapat dibaca")
    assert _versions(engine) == before


def test_the_same_decree_cannot_be_imported_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  db_url: str, engine: Engine) -> None:
    path = _new_decree(tmp_path)
    assert run(capsys, "--db", db_url, "catalog", "import", str(path))[0] == 0
    code, out, err = run(capsys, "--db", db_url, "catalog", "import", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"Galat: Katalog Keputusan No. {NEW_DECREE} sudah diimpor")
    assert len(_versions(engine)) == 1


# --------------------------------------------------------------------------- users


def test_user_create_with_the_password_on_stdin(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch, db_url: str,
                                                engine: Engine) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", db_url, "user", "create", "petugas",
                         "--role", "front_office", "--role", "agendaris", "--name", "Siti Aminah")
    assert (code, err) == (0, "")
    assert out == "Pengguna 'petugas' dibuat dengan peran: Petugas Front Office, Agendaris.\n"

    actor = user_service.login(SqlAlchemyUnitOfWork(engine), "petugas", PASSWORD)
    assert actor.full_name == "Siti Aminah"
    assert actor.roles == frozenset({Role.FRONT_OFFICE, Role.AGENDARIS})
    with pytest.raises(AuthenticationFailed):
        user_service.login(SqlAlchemyUnitOfWork(engine), "petugas", PASSWORD + "x")


def test_user_create_roles_may_be_comma_separated(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, db_url: str,
                                                  engine: Engine) -> None:
    stdin(monkeypatch, PASSWORD + "\r\n")  # a password piped from a Windows file
    code, out, err = run(capsys, "--db", db_url, "user", "create", "Kasubag",
                         "--role", "pimpinan, admin")
    assert (code, err) == (0, "")
    assert out == "Pengguna 'kasubag' dibuat dengan peran: Pimpinan, Administrator.\n"
    actor = user_service.login(SqlAlchemyUnitOfWork(engine), "kasubag", PASSWORD)
    assert actor.roles == frozenset({Role.PIMPINAN, Role.ADMIN})
    assert actor.full_name == "Kasubag"  # --name defaults to the name as typed


def test_user_create_refuses_a_short_password(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, db_url: str,
                                              engine: Engine) -> None:
    stdin(monkeypatch, "abc1\n")
    code, out, err = run(capsys, "--db", db_url, "user", "create", "petugas", "--role", "front_office")
    assert (code, out) == (1, "")
    assert err == "Galat (password): Kata sandi minimal 8 karakter.\n"
    with pytest.raises(AuthenticationFailed):
        user_service.login(SqlAlchemyUnitOfWork(engine), "petugas", "abc1")
    assert user_service.needs_first_admin(SqlAlchemyUnitOfWork(engine))


def test_user_create_refuses_an_unknown_role(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch, db_url: str,
                                             engine: Engine) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", db_url, "user", "create", "petugas", "--role", "kasir")
    assert (code, out) == (1, "")
    assert err.startswith("Galat: Peran 'kasir' tidak dikenal. Pilihan: front_office, agendaris")
    assert user_service.needs_first_admin(SqlAlchemyUnitOfWork(engine))


def test_user_create_refuses_a_taken_username(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert run(capsys, "--db", db_url, "user", "create", "petugas", "--role", "front_office")[0] == 0
    stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", db_url, "user", "create", "petugas", "--role", "agendaris")
    assert (code, out) == (1, "")
    assert err == "Galat (username): Nama pengguna 'petugas' sudah dipakai.\n"
