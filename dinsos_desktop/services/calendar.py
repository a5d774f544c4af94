"""Use cases: the office calendar (closures, settings) and due dates as a receipt prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dinsos_desktop.domain.catalog import Standard, TimeLimit, TimeUnit
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.workdays import (
    DayOne,
    DueDate,
    HolidaySource,
    SpecialDay,
    SpecialDayKind,
    WorkingCalendar,
    years_to_load,
)
from dinsos_desktop.services.common import LocalTime, audit, require, to_local, utcnow
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.uow import UnitOfWork

CUTI_BERSAMA_IS_WORKING = "calendar.cuti_bersama_is_working"
DAY_ONE = "calendar.day_one"
END_OF_OFFICE_DAY = dt.time(23, 59, 59)

def calendar_settings(uow: UnitOfWork) -> tuple[bool, DayOne]:
    cuti = uow.settings.get(CUTI_BERSAMA_IS_WORKING) == "1"
    try:
        day_one = DayOne(uow.settings.get(DAY_ONE) or DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT.value)
    except ValueError:
        day_one = DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT
    return cuti, day_one


def working_calendar(uow: UnitOfWork, source: HolidaySource, received: dt.date) -> WorkingCalendar:
    """The calendar a file received that day is counted on: holidays, cuti bersama, the office's
    closures and its settings. Call inside an open unit of work."""
    return calendar_for_years(uow, source, years_to_load(received))


def calendar_for_years(uow: UnitOfWork, source: HolidaySource, years: range) -> WorkingCalendar:
    """The office calendar over ``years`` (consecutive). Call inside an open unit of work."""
    closures = [SpecialDay(day, SpecialDayKind.OFFICE_CLOSURE, reason)
                for day, reason in uow.settings.closures(dt.date(years[0], 1, 1),
                                                         dt.date(years[-1], 12, 31))]
    cuti, day_one = calendar_settings(uow)
    return WorkingCalendar.build(source, years, office_closures=closures,
                                 cuti_bersama_is_working=cuti, day_one=day_one)


def as_moment(due: DueDate, tz: dt.tzinfo | None) -> tuple[dt.datetime, bool]:
    """(an aware moment to store, counted in clock time?). A due date without a time means 'by the
    end of that office day'."""
    if due.time is not None:
        moment = dt.datetime.combine(due.date, due.time)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return moment, True
    return dt.datetime.combine(due.date, END_OF_OFFICE_DAY, tzinfo=tz), False


def due_calculator(source: HolidaySource, local: LocalTime = to_local) -> Callable[
        [UnitOfWork, dt.datetime, Standard], tuple[dt.datetime | None, bool]]:
    """The DueCalculator that services.intake.decide uses, bound to a holiday source."""

    def due_for(uow: UnitOfWork, received: dt.datetime,
                standard: Standard) -> tuple[dt.datetime | None, bool]:
        at = local(received)
        due = working_calendar(uow, source, at.date()).due(at, standard.time_limit)
        if due is None:
            return None, False
        return as_moment(due, at.tzinfo)

    return due_for


def preview_due(uow: UnitOfWork, source: HolidaySource, received: dt.datetime, value: int,
                unit: TimeUnit) -> DueDate:
    """What a receipt would print for a file received at ``received`` (local time)."""
    if value <= 0:
        raise ValidationError({"limit": "Batas waktu harus lebih dari nol."})
    with uow.read_only():
        calendar = working_calendar(uow, source, received.date())
        due = calendar.due(received, TimeLimit(value, unit, ""))
    assert due is not None
    return due


def list_closures(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    with uow.read_only():
        return list(uow.settings.closures(start, end))


def add_closure(uow: UnitOfWork, actor: Actor, day: dt.date, reason: str, *,
                now: dt.datetime | None = None) -> None:
    """An extra day the office is closed (election day, a local event): due dates skip it."""
    require(actor, Role.ADMIN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Tuliskan alasan kantor tutup."})
    with uow:
        if any(d == day for d, _ in uow.settings.closures(day, day)):
            raise ValidationError({"day": "Tanggal ini sudah tercatat sebagai hari kantor tutup."})
        uow.settings.add_closure(day, reason)
        audit(uow, actor, "create", "office_closure", day.isoformat(),
              f"Kantor tutup {day:%d-%m-%Y}: {reason}", now=now or utcnow())
        uow.commit()


def remove_closure(uow: UnitOfWork, actor: Actor, day: dt.date, *,
                   now: dt.datetime | None = None) -> None:
    require(actor, Role.ADMIN)
    with uow:
        if not uow.settings.remove_closure(day):
            raise ValidationError({"day": "Tanggal ini tidak tercatat sebagai hari kantor tutup."})
        audit(uow, actor, "delete", "office_closure", day.isoformat(),
              f"Hari kantor tutup {day:%d-%m-%Y} dihapus", now=now or utcnow())
        uow.commit()


def save_calendar_settings(uow: UnitOfWork, actor: Actor, *, cuti_bersama_is_working: bool,
                           day_one: DayOne, now: dt.datetime | None = None) -> None:
    require(actor, Role.ADMIN)
    with uow:
        before = calendar_settings(uow)
        uow.settings.set(CUTI_BERSAMA_IS_WORKING, "1" if cuti_bersama_is_working else "0")
        uow.settings.set(DAY_ONE, day_one.value)
        audit(uow, actor, "update", "office_setting", "calendar", "Pengaturan hari kerja diubah",
              before={"cuti_bersama_is_working": before[0], "day_one": before[1].value},
              after={"cuti_bersama_is_working": cuti_bersama_is_working, "day_one": day_one.value},
              now=now or utcnow())
        uow.commit()
