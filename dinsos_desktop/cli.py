"""Command line: admin and batch commands over the same services as the GUI."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from dinsos_desktop.domain.errors import DomainError, ValidationError
from dinsos_desktop.domain.roles import parse_role


def _err(message: str) -> int:
    print(f"Galat: {message}", file=sys.stderr)
    return 1


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "tidak-dikenal"


def run(args: argparse.Namespace, url: str) -> int:
    from dinsos_desktop.adapters.db.errors import translate

    try:
        return _dispatch(args, url)
    except ValidationError as exc:
        for field, message in exc.errors.items():
            print(f"Galat ({field}): {message}", file=sys.stderr)
        return 1
    except DomainError as exc:
        return _err(exc.message)
    except Exception as exc:  # a driver error that escaped a unit of work (e.g. during migration)
        mapped = translate(exc)
        if mapped is None:
            raise
        return _err(mapped.message)


def _nik_check(nik: str) -> int:
    """Decode a NIK without touching the database."""
    import datetime as dt

    from dinsos_desktop.adapters.regions import REGIONS
    from dinsos_desktop.domain.nik import decode_nik

    check = decode_nik(nik, today=dt.date.today(), regions=REGIONS)
    print(f"NIK           : {check.nik}")
    if check.region_code:
        print(f"Wilayah       : {check.region_code_dotted} — {check.region_label() or '(tidak dikenal)'}")
    if check.birth_date:
        print(f"Tanggal lahir : {check.birth_date:%d-%m-%Y}")
    if check.sex:
        print(f"Jenis kelamin : {check.sex.label}")
    if check.serial:
        print(f"Nomor urut    : {check.serial}")
    for problem in check.errors:
        print(f"GALAT         : {problem.message}")
    for problem in check.warnings:
        print(f"Peringatan    : {problem.message}")
    print("NIK sah." if check.valid else "NIK TIDAK sah.")
    return 0 if check.valid else 1


def _dispatch(args: argparse.Namespace, url: str) -> int:
    if args.command == "nik":
        return _nik_check(args.nik)
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import HEAD_REVISION, current_revision, upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.config import describe_url
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services import catalog as catalog_service
    from dinsos_desktop.services import users as user_service
    from dinsos_desktop.services.dto import command_line_actor

    engine = make_engine(url)
    try:
        if args.command == "db" and args.db_command == "status":
            revision = current_revision(engine)
            print(f"{describe_url(url)}\nskema: {revision or '(kosong)'}; versi aplikasi: {HEAD_REVISION}")
            return 0
        applied = upgrade(engine)
        if args.command == "db":
            print("Skema diperbarui ke versi " + HEAD_REVISION if applied
                  else "Skema sudah versi terbaru (" + HEAD_REVISION + ").")
            return 0

        def uow() -> Any:
            return SqlAlchemyUnitOfWork(engine)

        actor = command_line_actor(_os_user())
        if args.command == "catalog":
            if args.catalog_command == "import":
                catalog, sha = catalog_service.read_catalog_file(Path(args.file))
                v = catalog_service.import_catalog(uow(), actor, catalog, sha,
                                                   activate=not args.no_activate)
                state = "berlaku" if v.is_active else "tersimpan, belum berlaku"
                print(f"Katalog Keputusan No. {v.decree_number} diimpor: "
                      f"{v.standard_count} standar ({state}).")
                return 0
            catalog_service.ensure_bundled_catalog(uow(), bundled_catalog())
            if args.catalog_command == "export":
                document = catalog_service.export_catalog(uow(), args.version_id)
                try:
                    catalog_service.write_export(document, Path(args.file))
                except OSError as exc:
                    return _err(f"Katalog tidak dapat ditulis ke {args.file} "
                                f"({exc.strerror or type(exc).__name__}).")
                print(f"{len(document['standards'])} standar ditulis ke {args.file}.")
                return 0
            if args.catalog_command == "versions":
                for v in catalog_service.list_versions(uow()):
                    mark = "*" if v.is_active else " "
                    print(f"{mark} {v.id:3d}  {v.decree_number}  {v.decree_date:%d-%m-%Y}  "
                          f"{v.standard_count} standar")
                return 0
        if args.command == "calendar" and args.calendar_command == "due":
            return _calendar_due(args, uow())
        if args.command == "user" and args.user_command == "create":
            roles = []
            for value in args.role:
                for part in value.split(","):
                    if part.strip():
                        try:
                            roles.append(parse_role(part))
                        except ValueError as exc:
                            return _err(str(exc))
            password = _read_password()
            created = user_service.create_user(uow(), actor, args.username, args.name or args.username,
                                               roles, password, nip=args.nip)
            print(f"Pengguna '{created.username}' dibuat dengan peran: {created.roles_label()}.")
            return 0
        raise AssertionError(f"unhandled command {args!r}")
    finally:
        engine.dispose()


def _calendar_due(args: argparse.Namespace, uow: Any) -> int:
    import datetime as dt

    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.domain.catalog import TimeUnit
    from dinsos_desktop.reports.formatting import format_date_long
    from dinsos_desktop.services.calendar import preview_due

    try:
        received = dt.datetime.fromisoformat(args.received)
    except ValueError:
        raise ValidationError(
            {"received": "Format waktu: YYYY-MM-DDTHH:MM, mis. 2026-03-17T10:00."}) from None
    if received.tzinfo is None:
        received = received.astimezone()  # the workstation's local time, as at the counter
    due = preview_due(uow, IndonesianHolidays(), received, args.limit, TimeUnit(args.unit))
    text = format_date_long(due.date)
    if due.time is not None:
        text += f" pukul {due.time:%H.%M}"
    print(text)
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("Kata sandi: ")
    second = getpass.getpass("Ulangi kata sandi: ")
    if first != second:
        raise ValidationError({"password": "Kedua kata sandi tidak sama."})
    return first


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
