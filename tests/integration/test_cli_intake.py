"""The intake commands an admin uses to check the configuration: `nik check` and `calendar due`."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.services import calendar
from dinsos_desktop.services.dto import Actor
from tests.integration.test_cli import run


def test_nik_check_decodes_a_valid_nik(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nik", "check", "3575045508950001")
    assert code == 0
    assert "35.75.04" in out and "Kec. Panggungrejo, Kota Pasuruan, Jawa Timur" in out
    assert "15-08-1995" in out and "Perempuan" in out and "0001" in out
    assert "NIK sah." in out


@pytest.mark.parametrize(("nik", "says"), [
    ("3575041308950000", "0000"),  # serial 0000
    ("3575043208950001", "tanggal"),  # day 32
    ("357504550895001", "16"),  # 15 digits
])
def test_nik_check_refuses_an_invalid_nik(capsys: pytest.CaptureFixture[str], nik: str, says: str) -> None:
    code, out, _ = run(capsys, "nik", "check", nik)
    assert code == 1
    assert "NIK TIDAK sah." in out and says in out.lower()


def test_nik_check_warns_about_an_unknown_region(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nik", "check", "9999045508950001")
    assert code == 0 and "Peringatan" in out


def test_calendar_due_prints_what_a_receipt_prints(capsys: pytest.CaptureFixture[str], db_url: str,
                                                   engine: Engine, admin: Actor) -> None:
    args = ("--db", db_url, "calendar", "due", "--received", "2026-03-17T10:00+07:00")
    code, out, _ = run(capsys, *args, "--limit", "5", "--unit", "working_days")
    assert (code, out.strip()) == (0, "Selasa, 31 Maret 2026")
    calendar.add_closure(SqlAlchemyUnitOfWork(engine), admin, dt.date(2026, 3, 27), "Pilkada")
    code, out, _ = run(capsys, *args, "--limit", "5", "--unit", "working_days")
    assert (code, out.strip()) == (0, "Rabu, 1 April 2026")
    code, out, _ = run(capsys, *args, "--limit", "3", "--unit", "hours")
    assert (code, out.strip()) == (0, "Selasa, 17 Maret 2026 pukul 13.00")
    code, out, _ = run(capsys, *args, "--limit", "45", "--unit", "calendar_days")
    assert (code, out.strip()) == (0, "Jumat, 1 Mei 2026")


def test_calendar_due_refuses_a_bad_time(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, _, err = run(capsys, "--db", db_url, "calendar", "due", "--received", "17-03-2026",
                       "--limit", "5", "--unit", "working_days")
    assert code == 1 and "YYYY-MM-DDTHH:MM" in err
