"""The Register Permohonan and the service performance summary, on SQLite and PostgreSQL, against a
hand-built office year with known answers: files registered and returned at the counter through
the services, walked through their steps, handed over and cancelled, around the 2026 Nyepi and Idul
Fitri closures (18-24 March) and Good Friday (3 April).

The files (office time, WIB; T<n> = the n-th tracking number of 2026, S<n> = the n-th return slip):

    Q  IZIN-LKSA   T1   registered Fri 20 Feb       due Fri 27 Feb   ready 26 Feb: on time (4 wd)
    L  PSM         S1   returned Thu 26 Feb, T3 registered Wed 4 Mar (due 4 May): open
    C  IZIN-LKSA   T2   registered Mon 2 Mar 09:00  due Mon 9 Mar    ready 5 Mar, handed over 6 Mar:
                                                                      on time (3 wd)
    K  PSM         S2   returned Thu 5 Mar, T6 registered Thu 12 Mar (due 12 May): open
    J  PSM         S3   returned Tue 10 Mar 09:00, never back
    R1 TANGGAP-…   T4   registered Tue 10 Mar 10:00 due 13:00        ready 12:59: on time (0 wd)
    R2 TANGGAP-…   T5   registered 10:30            due 13:30        ready 13:31: late (0 wd)
    N  PSM         S4   returned Thu 12 Mar 11:00, cancelled 13 Mar
    F  ODGJ        T7   registered Fri 13 Mar 10:00 due Fri 27 Mar   ready 27 Mar 16:00: on time (5)
    G  ODGJ        T8   registered Fri 13 Mar 11:00 due Fri 27 Mar   cancelled 16 Mar
    D  IZIN-LKSA   T9   registered Mon 16 Mar       due Mon 30 Mar   at step 3: overdue now
    H  BANSOS-PKH  T10  registered Mon 16 Mar       no time limit    ready Mon 30 Mar (5 wd)
    A  IZIN-LKSA   T11  registered Tue 17 Mar 10:00 due Tue 31 Mar   ready 31 Mar 15:00 (the last
                                                                      allowed day): on time (5 wd)
    B  IZIN-LKSA   T12  registered Tue 17 Mar 11:00 due Tue 31 Mar   ready Wed 1 Apr 06:30 WIB
                        (by the admin)                                (still 31 March in UTC):
                                                                      late (6 wd)
    I  BANSOS-PKH  T13  registered Wed 25 Mar       no time limit    open
    O  KEPEGAWAIAN T14  registered Fri 27 Mar       due Sun 29 Mar   ready Mon 30 Mar: late (2
                        (2 calendar days)                             calendar days; 1 wd)
    M  PSM         S5   returned Mon 30 Mar, T17 registered Mon 6 Apr (due 6 June): open
    E  IZIN-LKSA   T15  registered Tue 31 Mar 20:00 due Wed 8 Apr    open
    S  IZIN-LKSA   T16  registered Wed 1 Apr 06:30 WIB (31 March in UTC)  due Thu 9 Apr: open

The reports are made as of Tuesday 7 April 2026, 10:00 WIB.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.adapters.regions import REGIONS
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import PermissionDenied
from dinsos_desktop.domain.performance import Outcome, ReportPeriod
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.tracking import format_return_slip_number, format_tracking_number
from dinsos_desktop.domain.workdays import DayOne
from dinsos_desktop.services import applicants, calendar, intake, registers, tracking
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.dto import Actor, ApplicationDTO, HandoverInput, InstitutionInput
from dinsos_desktop.services.register_dto import (
    ApplicationRegister,
    PerformanceLine,
    PerformanceSummary,
    RegisterOrder,
    RegisterRow,
)
from dinsos_desktop.services.users import create_user, login
from tests.integration.test_intake_services import DUE_FOR, WIB, citizen, local
from tests.integration.test_tracking_services import walk
from tests.support import ADMIN_FULL_NAME, BUNDLED_STANDARD_COUNT, CLERK_FULL_NAME

HOLIDAYS = IndonesianHolidays()
MARCH = ReportPeriod(2026, 3)


def on(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of 2026, office time (WIB)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


AS_OF = on(4, 7, 10)


def end_of(month: int, day: int) -> dt.datetime:
    """The due moment of a limit counted in days: the end of that office day."""
    return dt.datetime(2026, month, day, 23, 59, 59, tzinfo=WIB)


def T(n: int) -> str:
    return format_tracking_number(2026, n)


def S(n: int) -> str:
    return format_return_slip_number(2026, n)


# --------------------------------------------------------------------------- building the year


def _decide(uow: SqlAlchemyUnitOfWork, actor: Actor, app_id: int, at: dt.datetime) -> ApplicationDTO:
    current = intake.view_application(uow, actor, app_id).application
    return intake.decide(uow, actor, app_id, expected_version=current.version, due_for=DUE_FOR,
                         now=at, local=local).application


def registered(uow: SqlAlchemyUnitOfWork, actor: Actor, code: str, at: dt.datetime,
               **applicant: int) -> ApplicationDTO:
    """A complete file of ``code`` received (and registered) at ``at``."""
    app = intake.start_application(uow, actor, code, now=at, **applicant)
    for item in intake.view_application(uow, actor, app.id).standard.checklist_items():
        intake.mark_item(uow, actor, app.id, item.key, ItemStatus.COPY_RECEIVED, now=at)
    saved = _decide(uow, actor, app.id, at)
    assert saved.status == "registered"
    return saved


def returned(uow: SqlAlchemyUnitOfWork, actor: Actor, at: dt.datetime,
             **applicant: int) -> ApplicationDTO:
    """A PSM file without its Rekomendasi Lurah (item 3): returned with a slip at ``at``."""
    app = intake.start_application(uow, actor, "PSM", now=at, **applicant)
    for item in intake.view_application(uow, actor, app.id).standard.checklist_items():
        status = ItemStatus.MISSING if item.key == "3" else ItemStatus.COPY_RECEIVED
        intake.mark_item(uow, actor, app.id, item.key, status, now=at)
    saved = _decide(uow, actor, app.id, at)
    assert saved.status == "returned"
    return saved


def completed_later(uow: SqlAlchemyUnitOfWork, actor: Actor, app: ApplicationDTO,
                    at: dt.datetime) -> ApplicationDTO:
    """The applicant is back with the missing item at ``at``: the file is registered."""
    intake.resume_returned(uow, actor, app.id, expected_version=app.version, now=at)
    intake.mark_item(uow, actor, app.id, "3", ItemStatus.ORIGINAL_SEEN, now=at)
    saved = _decide(uow, actor, app.id, at)
    assert saved.status == "registered"
    return saved


def finish(uow: SqlAlchemyUnitOfWork, actor: Actor, app: ApplicationDTO,
           at: dt.datetime) -> ApplicationDTO:
    """Every step left done at ``at``: the product is ready."""
    left = app.step_count - (app.current_step or 1) + 1
    ready = walk(uow, actor, app, left, at)
    assert ready.status == "ready" and ready.ready_at == at
    return ready


def hand_over(uow: SqlAlchemyUnitOfWork, actor: Actor, app: ApplicationDTO,
              at: dt.datetime) -> ApplicationDTO:
    done, _ = tracking.hand_over(uow, actor, app.id, HandoverInput("Siti Aminah", "3575045508950001"),
                                 expected_version=app.version, now=at, local=local)
    return done


def cancel(uow: SqlAlchemyUnitOfWork, actor: Actor, app: ApplicationDTO,
           at: dt.datetime) -> ApplicationDTO:
    return tracking.cancel_application(uow, actor, app.id, "pemohon mengundurkan diri",
                                       expected_version=app.version, now=at)


def build_year(uow: SqlAlchemyUnitOfWork, clerk: Actor, admin: Actor) -> dict[str, ApplicationDTO]:
    """The files of the module docstring, in the order the counter saw them."""
    siti = {"citizen_id": applicants.save_citizen(
        uow, clerk, citizen(nik="3575045508950001", name="Siti Aminah"), regions=REGIONS,
        now=on(1, 5)).id}
    dewi = {"citizen_id": applicants.save_citizen(
        uow, clerk, citizen(nik="3575045508950002", name="Dewi Lestari"), regions=REGIONS,
        now=on(1, 5)).id}
    lksa = {"institution_id": applicants.save_institution(
        uow, clerk, InstitutionInput("LKSA Harapan Bunda", "lksa", address="Jl. Veteran 7, Pasuruan"),
        now=on(1, 5)).id}
    f: dict[str, ApplicationDTO] = {}
    f["Q"] = registered(uow, clerk, "IZIN-LKSA", on(2, 20), **lksa)
    f["L"] = returned(uow, clerk, on(2, 26), **dewi)
    f["C"] = registered(uow, clerk, "IZIN-LKSA", on(3, 2, 9), **lksa)
    f["L"] = completed_later(uow, clerk, f["L"], on(3, 4))
    f["K"] = returned(uow, clerk, on(3, 5), **siti)
    f["J"] = returned(uow, clerk, on(3, 10, 9), **dewi)
    f["R1"] = registered(uow, clerk, "TANGGAP-DARURAT-BENCANA", on(3, 10, 10), **siti)
    f["R2"] = registered(uow, clerk, "TANGGAP-DARURAT-BENCANA", on(3, 10, 10, 30), **dewi)
    f["K"] = completed_later(uow, clerk, f["K"], on(3, 12, 10))
    f["N"] = returned(uow, clerk, on(3, 12, 11), **siti)
    f["F"] = registered(uow, clerk, "ODGJ", on(3, 13, 10), **siti)
    f["G"] = registered(uow, clerk, "ODGJ", on(3, 13, 11), **dewi)
    f["D"] = registered(uow, clerk, "IZIN-LKSA", on(3, 16, 10), **lksa)
    f["H"] = registered(uow, clerk, "BANSOS-PKH", on(3, 16, 11), **siti)
    f["A"] = registered(uow, clerk, "IZIN-LKSA", on(3, 17, 10), **lksa)
    f["B"] = registered(uow, admin, "IZIN-LKSA", on(3, 17, 11), **lksa)
    f["I"] = registered(uow, clerk, "BANSOS-PKH", on(3, 25), **dewi)
    f["O"] = registered(uow, clerk, "KEPEGAWAIAN", on(3, 27), **siti)
    f["M"] = returned(uow, clerk, on(3, 30), **siti)
    f["E"] = registered(uow, clerk, "IZIN-LKSA", on(3, 31, 20), **lksa)
    f["S"] = registered(uow, clerk, "IZIN-LKSA", on(4, 1, 6, 30), **lksa)
    f["M"] = completed_later(uow, clerk, f["M"], on(4, 6))
    # After the counter.
    f["Q"] = finish(uow, clerk, f["Q"], on(2, 26, 14))
    f["C"] = hand_over(uow, clerk, finish(uow, clerk, f["C"], on(3, 5, 14)), on(3, 6))
    f["R1"] = hand_over(uow, clerk, finish(uow, clerk, f["R1"], on(3, 10, 12, 59)),
                        on(3, 10, 13, 30))
    f["R2"] = finish(uow, clerk, f["R2"], on(3, 10, 13, 31))
    f["N"] = cancel(uow, clerk, f["N"], on(3, 13))
    f["G"] = cancel(uow, clerk, f["G"], on(3, 16))
    f["D"] = walk(uow, clerk, f["D"], 2, on(3, 17))
    f["F"] = finish(uow, clerk, f["F"], on(3, 27, 16))
    f["H"] = finish(uow, clerk, f["H"], on(3, 30))
    f["O"] = finish(uow, clerk, f["O"], on(3, 30, 9))
    f["A"] = hand_over(uow, clerk, finish(uow, clerk, f["A"], on(3, 31, 15)), on(4, 2))
    f["B"] = finish(uow, admin, f["B"], on(4, 1, 6, 30))
    return f


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    create_user(uow, admin, "kadis", "Kepala Dinas Uji", [Role.PIMPINAN], "Rahasia-pengguna-1",
                nip="198001012006041001")
    return login(uow, "kadis", "Rahasia-pengguna-1")


@pytest.fixture
def year(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, admin: Actor) -> dict[str, ApplicationDTO]:
    return build_year(catalog_uow, clerk, admin)


def summary(uow: SqlAlchemyUnitOfWork, actor: Actor,
            period: ReportPeriod = MARCH) -> PerformanceSummary:
    return registers.performance_summary(uow, actor, period, holidays=HOLIDAYS, now=AS_OF,
                                         local=local)


def register(uow: SqlAlchemyUnitOfWork, actor: Actor, period: ReportPeriod = MARCH,
             order: RegisterOrder = RegisterOrder.CHRONOLOGICAL) -> ApplicationRegister:
    return registers.applications_register(uow, actor, period, holidays=HOLIDAYS, now=AS_OF,
                                           local=local, order=order)


FIGURES = ("received", "returned", "registered", "cancelled", "finished", "finished_on_time",
           "finished_late", "late", "still_open", "overdue_now", "no_time_limit",
           "median_working_days", "on_time_rate")


def figures(line: PerformanceLine) -> tuple[Any, ...]:
    return tuple(getattr(line, name) for name in FIGURES)


ZERO = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, None)


# --------------------------------------------------------------------------- the summary


def test_performance_summary_of_march(catalog_uow: SqlAlchemyUnitOfWork,
                                      year: dict[str, ApplicationDTO], pimpinan: Actor) -> None:
    s = summary(catalog_uow, pimpinan)
    assert s.period == MARCH and s.as_of == AS_OF and s.as_of.utcoffset() == dt.timedelta(hours=7)
    assert s.office.office_name == "DINAS SOSIAL"
    assert s.calendar_note == ("Hari kerja: Senin–Jumat, kecuali libur nasional, cuti bersama dan "
                               "hari kantor tutup; hari ke-1 adalah hari kerja pertama setelah "
                               "berkas lengkap diterima.")
    # Every standard of the catalog in force, by bidang, in the decree's order.
    assert len(s.standards) == BUNDLED_STANDARD_COUNT
    assert [b.bidang_code for b in s.bidang] == ["SEKRETARIAT", "REHSOS", "DAYASOS", "LINJAMSOS"]
    assert [line.bidang_code for line in s.standards] == sorted(
        (line.bidang_code for line in s.standards),
        key=["SEKRETARIAT", "REHSOS", "DAYASOS", "LINJAMSOS"].index)
    lines = {line.standard_code: line for line in s.standards}
    #                       rec ret reg can fin ont fla lat opn ovd nol median on-time rate
    assert {code: figures(line) for code, line in lines.items() if line.received} == {
        "KEPEGAWAIAN":             (1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1.0, 0.0),
        "ODGJ":                    (2, 0, 2, 1, 1, 1, 0, 0, 0, 0, 0, 5.0, 1.0),
        "IZIN-LKSA":               (5, 0, 5, 0, 3, 2, 1, 2, 2, 1, 0, 5.0, 0.5),
        "PSM":                     (5, 3, 2, 0, 0, 0, 0, 0, 2, 0, 0, None, None),
        "BANSOS-PKH":              (2, 0, 2, 0, 1, 0, 0, 0, 1, 0, 2, 5.0, None),
        "TANGGAP-DARURAT-BENCANA": (2, 0, 2, 0, 2, 1, 1, 1, 0, 0, 0, 0.0, 0.5),
    }
    assert all(figures(line) == ZERO for line in s.standards if not line.received)
    assert {b.bidang_code: figures(b) for b in s.bidang} == {
        "SEKRETARIAT": (1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1.0, 0.0),
        "REHSOS":      (2, 0, 2, 1, 1, 1, 0, 0, 0, 0, 0, 5.0, 1.0),
        "DAYASOS":     (10, 3, 7, 0, 3, 2, 1, 2, 4, 1, 0, 5.0, 0.5),
        "LINJAMSOS":   (4, 0, 4, 0, 3, 1, 1, 1, 1, 0, 2, 0.0, 0.5),
    }
    # Working days taken by the 8 finished files: 0 0 1 3 | 5 5 5 6.
    assert figures(s.total) == (17, 3, 14, 1, 8, 4, 3, 4, 5, 1, 2, 4.0, 0.5)
    assert (s.total.level, s.total.bidang_code, s.total.standard_code) == ("office", "", "")
    # The time limits the medians are read against.
    assert {code: (lines[code].time_limit, lines[code].limit_working_days)
            for code in ("IZIN-LKSA", "PSM", "BANSOS-PKH", "TANGGAP-DARURAT-BENCANA",
                         "KEPEGAWAIAN")} == {
        "IZIN-LKSA": ("5 hari kerja", 5), "PSM": ("2 bulan", None),
        "BANSOS-PKH": ("Tidak ditetapkan", None), "TANGGAP-DARURAT-BENCANA": ("3 jam", None),
        "KEPEGAWAIAN": ("2 hari kalender", None)}
    izin = lines["IZIN-LKSA"]
    assert (izin.level, izin.bidang_code, izin.bidang_name, izin.standard_title) == (
        "standard", "DAYASOS", "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
        "Izin Operasional Panti Asuhan/LKSA")
    dayasos = s.bidang[2]
    assert (dayasos.level, dayasos.standard_code, dayasos.time_limit) == ("bidang", "", "")


def test_every_line_adds_up(catalog_uow: SqlAlchemyUnitOfWork, year: dict[str, ApplicationDTO],
                            admin: Actor) -> None:
    for period in (MARCH, ReportPeriod(2026), ReportPeriod(2026, 2), ReportPeriod(2026, 4)):
        s = summary(catalog_uow, admin, period)
        for line in (*s.standards, *s.bidang, s.total):
            assert line.received == line.returned + line.registered
            assert line.registered == line.cancelled + line.finished + line.still_open
            assert line.late == line.finished_late + line.overdue_now
            # Finished without a time limit is the rest of the finished ones.
            assert line.finished_on_time + line.finished_late <= line.finished
            assert line.no_time_limit <= line.finished + line.still_open
        for name in FIGURES[:11]:
            assert getattr(s.total, name) == sum(getattr(b, name) for b in s.bidang)
            assert getattr(s.total, name) == sum(getattr(x, name) for x in s.standards)


def test_summary_of_february_april_and_the_year(catalog_uow: SqlAlchemyUnitOfWork,
                                                year: dict[str, ApplicationDTO],
                                                pimpinan: Actor) -> None:
    uow = catalog_uow
    # February: Q registered and finished on time in 4 working days; L returned (registered in
    # March since, where it is counted as registered).
    feb = summary(uow, pimpinan, ReportPeriod(2026, 2))
    got = {line.standard_code: figures(line) for line in feb.standards if line.received}
    assert got == {"IZIN-LKSA": (1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 4.0, 1.0),
                   "PSM": (1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, None)}
    assert figures(feb.total) == (2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 4.0, 1.0)
    # April: S (received 06:30 WIB on 1 April, still 31 March in UTC) and M, both open.
    april = summary(uow, pimpinan, ReportPeriod(2026, 4))
    got = {line.standard_code: figures(line) for line in april.standards if line.received}
    assert got == {"IZIN-LKSA": (1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, None, None),
                   "PSM": (1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, None, None)}
    # The year: each file once; L, K and M were returned and registered within it.
    y = summary(uow, pimpinan, ReportPeriod(2026))
    lines = {line.standard_code: line for line in y.standards}
    assert figures(lines["IZIN-LKSA"]) == (7, 0, 7, 0, 4, 3, 1, 2, 3, 1, 0, 4.5, 0.6)
    assert figures(lines["PSM"]) == (5, 2, 3, 0, 0, 0, 0, 0, 3, 0, 0, None, None)
    assert figures(y.total) == (19, 2, 17, 1, 9, 5, 3, 4, 7, 1, 2, 4.0, 5 / 9)
    # Another year holds none of them.
    assert figures(summary(uow, pimpinan, ReportPeriod(2025)).total) == ZERO


def test_on_time_and_late_around_the_lebaran_closures(catalog_uow: SqlAlchemyUnitOfWork,
                                                      year: dict[str, ApplicationDTO],
                                                      pimpinan: Actor) -> None:
    """A and B: 5 working days from Tuesday 17 March are due Tuesday 31 March (18-24 March
    closed). Ready on the 31st is on time; ready early on 1 April (office time) is late, and
    the working days are counted on office-time days."""
    rows = {r.number: r for r in register(catalog_uow, pimpinan).rows}
    a, b = rows[T(11)], rows[T(12)]
    assert (a.due_at, a.finished_at, a.outcome, a.working_days) == (
        end_of(3, 31), on(3, 31, 15), Outcome.ON_TIME, 5)
    assert (b.due_at, b.finished_at, b.outcome, b.working_days) == (
        end_of(3, 31), on(4, 1, 6, 30), Outcome.LATE, 6)
    # The same moment seen a week later, still as a report of March.
    later = registers.performance_summary(catalog_uow, pimpinan, MARCH, holidays=HOLIDAYS,
                                          now=on(4, 14), local=local)
    izin = next(line for line in later.standards if line.standard_code == "IZIN-LKSA")
    # E (due 8 April) is overdue by then as well.
    assert (izin.late, izin.overdue_now, izin.still_open) == (3, 2, 2)
    # The report's moment decides what is overdue (the statuses are those stored): until D's
    # due day (30 March) is over, D is open, not late.
    before = registers.performance_summary(catalog_uow, pimpinan, MARCH, holidays=HOLIDAYS,
                                           now=on(3, 30, 23, 59), local=local)
    izin = next(line for line in before.standards if line.standard_code == "IZIN-LKSA")
    assert (izin.late, izin.overdue_now, izin.still_open) == (1, 0, 2)


def test_working_days_follow_the_office_calendar(catalog_uow: SqlAlchemyUnitOfWork,
                                                 year: dict[str, ApplicationDTO],
                                                 admin: Actor) -> None:
    """Working days taken are counted on today's office calendar; whether a file was on time
    is judged against the due date its receipt promised."""
    uow = catalog_uow
    calendar.save_calendar_settings(uow, admin, cuti_bersama_is_working=True,
                                    day_one=DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT, now=AS_OF)
    s = summary(uow, admin)
    lines = {line.standard_code: line for line in s.standards}
    # C 3; A (17-31 March) 9, B 10 with 18, 20, 23 and 24 March at work.
    assert figures(lines["IZIN-LKSA"]) == (5, 0, 5, 0, 3, 2, 1, 2, 2, 1, 0, 9.0, 0.5)
    assert lines["ODGJ"].median_working_days == 9.0  # F: 13-27 March
    assert s.calendar_note.startswith("Hari kerja: Senin–Jumat, kecuali libur nasional dan hari "
                                      "kantor tutup;")
    rows = {r.number: r for r in register(uow, admin).rows}
    assert (rows[T(11)].working_days, rows[T(11)].outcome) == (9, Outcome.ON_TIME)
    # Back to the default, and the office closed on Thursday 26 March.
    calendar.save_calendar_settings(uow, admin, cuti_bersama_is_working=False,
                                    day_one=DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT, now=AS_OF)
    calendar.add_closure(uow, admin, dt.date(2026, 3, 26), "Pemilihan kepala daerah", now=AS_OF)
    lines = {line.standard_code: line for line in summary(uow, admin).standards}
    assert lines["IZIN-LKSA"].median_working_days == 4.0  # C 3, A 4, B 5
    assert lines["IZIN-LKSA"].finished_on_time == 2
    # Day 1 is the day received: one more each.
    calendar.save_calendar_settings(uow, admin, cuti_bersama_is_working=False,
                                    day_one=DayOne.SAME_DAY_IF_WORKING, now=AS_OF)
    lines = {line.standard_code: line for line in summary(uow, admin).standards}
    assert lines["IZIN-LKSA"].median_working_days == 5.0
    assert lines["TANGGAP-DARURAT-BENCANA"].median_working_days == 1.0


# --------------------------------------------------------------------------- the register


def row(r: RegisterRow) -> tuple[Any, ...]:
    return (r.number, r.registered, r.received_at, r.applicant_name, r.applicant_nik_masked,
            r.standard_code, r.bidang_code, r.status_label, r.due_at, r.finished_at,
            r.handed_over_at, r.outcome, r.working_days)


SITI, DEWI = ("Siti Aminah", "357504******0001"), ("Dewi Lestari", "357504******0002")
LKSA = ("LKSA Harapan Bunda", "")
MARCH_ROWS = [
    (T(2), True, on(3, 2, 9), *LKSA, "IZIN-LKSA", "DAYASOS", "selesai", end_of(3, 9),
     on(3, 5, 14), on(3, 6), Outcome.ON_TIME, 3),
    (T(3), True, on(3, 4), *DEWI, "PSM", "DAYASOS", "terdaftar", end_of(5, 4), None, None,
     Outcome.OPEN, None),
    (S(3), False, on(3, 10, 9), *DEWI, "PSM", "DAYASOS", "dikembalikan", None, None, None,
     Outcome.RETURNED, None),
    (T(4), True, on(3, 10, 10), *SITI, "TANGGAP-DARURAT-BENCANA", "LINJAMSOS", "selesai",
     on(3, 10, 13), on(3, 10, 12, 59), on(3, 10, 13, 30), Outcome.ON_TIME, 0),
    (T(5), True, on(3, 10, 10, 30), *DEWI, "TANGGAP-DARURAT-BENCANA", "LINJAMSOS", "siap diambil",
     on(3, 10, 13, 30), on(3, 10, 13, 31), None, Outcome.LATE, 0),
    (T(6), True, on(3, 12, 10), *SITI, "PSM", "DAYASOS", "terdaftar", end_of(5, 12), None, None,
     Outcome.OPEN, None),
    (S(4), False, on(3, 12, 11), *SITI, "PSM", "DAYASOS", "dibatalkan", None, None, None,
     Outcome.RETURNED, None),
    (T(7), True, on(3, 13, 10), *SITI, "ODGJ", "REHSOS", "siap diambil", end_of(3, 27),
     on(3, 27, 16), None, Outcome.ON_TIME, 5),
    (T(8), True, on(3, 13, 11), *DEWI, "ODGJ", "REHSOS", "dibatalkan", end_of(3, 27), None, None,
     Outcome.CANCELLED, None),
    (T(9), True, on(3, 16, 10), *LKSA, "IZIN-LKSA", "DAYASOS", "diproses", end_of(3, 30), None,
     None, Outcome.OVERDUE, None),
    (T(10), True, on(3, 16, 11), *SITI, "BANSOS-PKH", "LINJAMSOS", "siap diambil", None,
     on(3, 30), None, Outcome.FINISHED_NO_LIMIT, 5),
    (T(11), True, on(3, 17, 10), *LKSA, "IZIN-LKSA", "DAYASOS", "selesai", end_of(3, 31),
     on(3, 31, 15), on(4, 2), Outcome.ON_TIME, 5),
    (T(12), True, on(3, 17, 11), *LKSA, "IZIN-LKSA", "DAYASOS", "siap diambil", end_of(3, 31),
     on(4, 1, 6, 30), None, Outcome.LATE, 6),
    (T(13), True, on(3, 25), *DEWI, "BANSOS-PKH", "LINJAMSOS", "terdaftar", None, None, None,
     Outcome.OPEN_NO_LIMIT, None),
    (T(14), True, on(3, 27), *SITI, "KEPEGAWAIAN", "SEKRETARIAT", "siap diambil", end_of(3, 29),
     on(3, 30, 9), None, Outcome.LATE, 1),
    (S(5), False, on(3, 30), *SITI, "PSM", "DAYASOS", "terdaftar", None, None, None,
     Outcome.RETURNED, None),
    (T(15), True, on(3, 31, 20), *LKSA, "IZIN-LKSA", "DAYASOS", "terdaftar", end_of(4, 8), None,
     None, Outcome.OPEN, None),
]


def test_register_of_march(catalog_uow: SqlAlchemyUnitOfWork, year: dict[str, ApplicationDTO],
                           pimpinan: Actor) -> None:
    reg = register(catalog_uow, pimpinan)
    assert (reg.period, reg.as_of, reg.order) == (MARCH, AS_OF, RegisterOrder.CHRONOLOGICAL)
    assert [row(r) for r in reg.rows] == MARCH_ROWS
    assert all(r.received_at.utcoffset() == dt.timedelta(hours=7) for r in reg.rows)
    by_number = {r.number: r for r in reg.rows}
    # Both numbers of a file that was returned before it was registered.
    k = by_number[T(6)]
    assert (k.tracking_number, k.return_slip_number, k.application_id) == (T(6), S(2),
                                                                           year["K"].id)
    m = by_number[S(5)]  # returned in March, registered in April
    assert (m.tracking_number, m.return_slip_number, m.status) == (T(17), S(5), "registered")
    assert by_number[S(3)].tracking_number == "" and by_number[T(2)].return_slip_number == ""
    # Who took each file at the counter; the institution has no NIK.
    assert {r.number: r.officer_name for r in reg.rows if r.officer_name != CLERK_FULL_NAME} == {
        T(12): ADMIN_FULL_NAME}
    assert {r.is_institution for r in reg.rows if r.applicant_name == LKSA[0]} == {True}
    assert not any(r.is_institution for r in reg.rows if r.applicant_name != LKSA[0])
    # Labels and the standard as verified.
    r1 = by_number[T(4)]
    assert (r1.due_is_clock_time, r1.outcome_label, r1.status) == (True, "Tepat waktu", "done")
    assert r1.standard_title == "Pelaksanaan Tanggap Darurat Korban Bencana"
    assert r1.bidang_name == "Bidang Perlindungan dan Jaminan Sosial"
    assert [by_number[n].outcome_label for n in (T(9), T(12), T(13), T(15), S(3), T(8))] == [
        "Melewati batas waktu", "Terlambat", "Tanpa batas waktu", "Dalam proses", "", ""]
    assert not by_number[T(11)].due_is_clock_time


def test_register_subtotals_match_the_summary(catalog_uow: SqlAlchemyUnitOfWork,
                                              year: dict[str, ApplicationDTO],
                                              pimpinan: Actor) -> None:
    for period in (MARCH, ReportPeriod(2026), ReportPeriod(2026, 2), ReportPeriod(2026, 4)):
        reg = register(catalog_uow, pimpinan, period)
        s = summary(catalog_uow, pimpinan, period)
        # The register's subtotals are counted from its rows, the summary in SQL: the same.
        assert list(reg.standards) == [line for line in s.standards if line.received]
        assert list(reg.bidang) == [b for b in s.bidang if b.received]
        assert reg.total == s.total
        assert reg.total.received == len(reg.rows)
        for line in reg.standards:
            mine = [r for r in reg.rows if r.standard_code == line.standard_code]
            assert line.received == len(mine)
            assert line.returned == sum(1 for r in mine if not r.registered)
    year_rows = register(catalog_uow, pimpinan, ReportPeriod(2026)).rows
    assert len(year_rows) == 19 and len({r.application_id for r in year_rows}) == 19
    assert [r.number for r in year_rows if not r.registered] == [S(3), S(4)]  # J and N


def test_register_of_february_and_april(catalog_uow: SqlAlchemyUnitOfWork,
                                        year: dict[str, ApplicationDTO], admin: Actor) -> None:
    feb = register(catalog_uow, admin, ReportPeriod(2026, 2))
    assert [row(r) for r in feb.rows] == [
        (T(1), True, on(2, 20), *LKSA, "IZIN-LKSA", "DAYASOS", "siap diambil", end_of(2, 27),
         on(2, 26, 14), None, Outcome.ON_TIME, 4),
        (S(1), False, on(2, 26), *DEWI, "PSM", "DAYASOS", "terdaftar", None, None, None,
         Outcome.RETURNED, None),
    ]
    april = register(catalog_uow, admin, ReportPeriod(2026, 4))
    assert [row(r) for r in april.rows] == [
        (T(16), True, on(4, 1, 6, 30), *LKSA, "IZIN-LKSA", "DAYASOS", "terdaftar", end_of(4, 9),
         None, None, Outcome.OPEN, None),
        (T(17), True, on(4, 6), *SITI, "PSM", "DAYASOS", "terdaftar", end_of(6, 6), None, None,
         Outcome.OPEN, None),
    ]
    assert register(catalog_uow, admin, ReportPeriod(2026, 5)).rows == ()


def test_register_by_standard(catalog_uow: SqlAlchemyUnitOfWork, year: dict[str, ApplicationDTO],
                              pimpinan: Actor) -> None:
    reg = register(catalog_uow, pimpinan, order=RegisterOrder.BY_STANDARD)
    assert reg.order is RegisterOrder.BY_STANDARD
    assert [r.number for r in reg.rows] == [
        T(14),  # SEKRETARIAT: KEPEGAWAIAN
        T(7), T(8),  # REHSOS: ODGJ
        T(2), T(9), T(11), T(12), T(15),  # DAYASOS: IZIN-LKSA, then PSM
        T(3), S(3), T(6), S(4), S(5),
        T(10), T(13),  # LINJAMSOS: BANSOS-PKH, then TANGGAP-DARURAT-BENCANA
        T(4), T(5),
    ]
    # The same rows and subtotals as the register in time order.
    chronological = register(catalog_uow, pimpinan)
    assert sorted(reg.rows, key=lambda r: r.application_id) == sorted(
        chronological.rows, key=lambda r: r.application_id)
    assert (reg.standards, reg.bidang, reg.total) == (chronological.standards,
                                                      chronological.bidang, chronological.total)


def test_register_pages(catalog_uow: SqlAlchemyUnitOfWork, year: dict[str, ApplicationDTO],
                        pimpinan: Actor) -> None:
    whole = register(catalog_uow, pimpinan).rows
    pages = []
    offset = 0
    while True:
        page = registers.register_page(catalog_uow, pimpinan, MARCH, holidays=HOLIDAYS, now=AS_OF,
                                       local=local, limit=5, offset=offset)
        assert page.total == 17 and page.offset == offset and not page.total_capped
        if not page.items:
            break
        pages.append(page.items)
        offset += len(page.items)
    assert [len(p) for p in pages] == [5, 5, 5, 2]
    assert [r for p in pages for r in p] == list(whole)
    by_standard = registers.register_page(catalog_uow, pimpinan, MARCH, holidays=HOLIDAYS,
                                          now=AS_OF, local=local, limit=3, offset=2,
                                          order=RegisterOrder.BY_STANDARD)
    assert [r.number for r in by_standard.items] == [T(8), T(2), T(9)]


# --------------------------------------------------------------------------- who and when


def test_an_empty_month(catalog_uow: SqlAlchemyUnitOfWork, admin: Actor) -> None:
    s = summary(catalog_uow, admin, ReportPeriod(2026, 5))
    assert len(s.standards) == BUNDLED_STANDARD_COUNT and len(s.bidang) == 4
    assert all(figures(line) == ZERO for line in (*s.standards, *s.bidang, s.total))
    reg = register(catalog_uow, admin, ReportPeriod(2026, 5))
    assert (reg.rows, reg.standards, reg.bidang, figures(reg.total)) == ((), (), (), ZERO)


def test_who_may_read_the_registers(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                    admin: Actor, pimpinan: Actor) -> None:
    """Pimpinan and admin; not the counter (its queues are its view), nor other roles."""
    uow = catalog_uow
    agendaris = dataclasses.replace(clerk, roles=frozenset({Role.AGENDARIS}))
    barang = dataclasses.replace(clerk, roles=frozenset({Role.PENGURUS_BARANG}))
    for actor in (pimpinan, admin):
        assert summary(uow, actor).total.received == 0
        assert register(uow, actor).rows == ()
        assert registers.register_page(uow, actor, MARCH, holidays=HOLIDAYS, now=AS_OF,
                                       local=local).items == ()
    for actor in (clerk, agendaris, barang):
        with pytest.raises(PermissionDenied):
            summary(uow, actor)
        with pytest.raises(PermissionDenied):
            register(uow, actor)
        with pytest.raises(PermissionDenied):
            registers.register_page(uow, actor, MARCH, holidays=HOLIDAYS, now=AS_OF, local=local)


def test_reading_writes_nothing(catalog_uow: SqlAlchemyUnitOfWork, year: dict[str, ApplicationDTO],
                                pimpinan: Actor, admin: Actor) -> None:
    """The registers run in a read-only unit of work: nothing is written, not even an audit entry."""
    before = audit_page(catalog_uow, admin, limit=1).total
    summary(catalog_uow, pimpinan)
    register(catalog_uow, pimpinan)
    registers.register_page(catalog_uow, pimpinan, MARCH, holidays=HOLIDAYS, now=AS_OF, local=local)
    assert audit_page(catalog_uow, admin, limit=1).total == before
