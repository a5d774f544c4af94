"""Use cases: the Register Permohonan (register of applications) of a month or a year, and the
service performance summary — how the office kept each standard's published time limit.

Who: pimpinan (Kepala Dinas, Sekretaris, Kepala Bidang) and admin. These are the management's
signed monthly documents; the counter works from its queues and lookups instead, so front office
does not get them (a front-office user who signs registers is given the pimpinan role too).

What a period holds (a calendar month or year, in office time; ``start`` ≤ moment < ``end``):

- an application **registered** in the period: its complete file was received in the period
  (``received_at``, the moment of registration, the day its time limit is counted from);
- an application **returned incomplete** in the period and not registered in it: the counter
  returned the file with a return slip in the period (its first return in the period dates the
  row). A file returned and then registered in the same period is one registered row; returned in
  March and registered in April, it is a returned row in March and a registered row in April
  (once in the year).

The figures, per standard (standards are matched by code across catalog versions: a file keeps the
version it was verified against), per bidang, and for the office:

- **received** (diterima): the applications the period holds = returned incomplete + registered.
- **returned incomplete** (dikembalikan): returned in the period, not registered in it.
- **registered** (terdaftar) = cancelled + finished + still open.
- **cancelled** (dibatalkan): registered in the period and dibatalkan now. Never on time or late.
- **finished** (selesai): registered in the period and the product is ready now (status 'siap
  diambil' or 'selesai'). The moment the office finished is the moment the product was ready
  (``ready_at``): the office's clock stops there, as in the work queues (domain.workflow.RUNNING);
  the applicant's collecting it later is not the office's delay. The handover date is reported
  beside it.
- **finished on time** (tepat waktu): finished, with a due moment, and ready at or before it
  (``ready_at <= due_at``). A due moment without a clock time is the end of the due day
  (23:59:59 office time); a limit in hours has its exact moment.
- **finished late**: finished after its due moment.
- **late** (terlambat) = finished late + overdue now: every file known to miss its limit.
- **still open** (belum selesai): registered in the period, still with the office now (status
  'terdaftar' or 'diproses').
- **overdue now** (melewati batas waktu): still open and its due moment has passed (``due_at <
  now``, the moment of the report).
- **tanpa batas waktu**: registered files without a due date (a standard without a fixed time
  limit, e.g. PKH), finished or open; never on time, late or overdue.
- **on-time rate** = finished on time / (finished on time + late): among the files whose
  timeliness is known. None when there are none.
- **median working days to finish**: the median, over the finished files, of the working days each
  took: the number its finishing day has in the count of a limit in working days (finished on the
  due day of a 5-working-day limit: 5; before day 1: 0), counted on the office calendar: Monday to
  Friday less national holidays, cuti bersama (unless the office setting counts them as working
  days) and the office's closures, day 1 as the office's setting says (services/calendar.py). Set
  against ``limit_working_days`` when the standard's limit is in working days; the line also
  carries the limit as text for the others. The mean of the two middle values for an even count.

Still open, overdue now and finished are as of the report's moment (``as_of``): a register of a
past month printed again later shows the files' progress since.

Register rows: every application the period holds (a returned row shows the return-slip number,
no due date; a registered row shows the tracking number; both show today's status), the
applicant's NIK masked as on receipts, the officer who took the file at the counter. The
register's subtotals are counted from its own rows; the summary counts the same in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dinsos_desktop.domain.catalog import TimeLimit, TimeUnit
from dinsos_desktop.domain.nik import mask_nik
from dinsos_desktop.domain.performance import Outcome, ReportPeriod, Tally, working_days_taken
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.workdays import DayOne, HolidaySource, WorkingCalendar
from dinsos_desktop.domain.workflow import Status
from dinsos_desktop.services.calendar import calendar_for_years, calendar_settings
from dinsos_desktop.services.common import LocalTime, require, to_local, utcnow
from dinsos_desktop.services.dto import Actor, Page
from dinsos_desktop.services.register_dto import (
    ApplicationRegister,
    PerformanceLine,
    PerformanceSummary,
    RegisterOrder,
    RegisterRecord,
    RegisterRow,
    StandardRef,
)
from dinsos_desktop.services.uow import RegisterUnitOfWork

REPORT_ROLES = (Role.PIMPINAN, Role.ADMIN)
MAX_PAGE = 500
_STATUS_LABELS = {s.value: s.label for s in Status}


@dataclass(frozen=True, slots=True)
class _Bounds:
    start: dt.datetime  # UTC
    end: dt.datetime
    utc_offset: dt.timedelta
    as_of: dt.datetime  # office time


def _bounds(period: ReportPeriod, now: dt.datetime, local: LocalTime) -> _Bounds:
    here = local(now)
    tz = here.tzinfo
    offset = here.utcoffset() or dt.timedelta(0)

    def moment(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)

    return _Bounds(moment(period.first_day), moment(period.end_day), offset, here)


def _calendar(uow: RegisterUnitOfWork, holidays: HolidaySource, period: ReportPeriod,
              days: Iterable[dt.date]) -> WorkingCalendar:
    """The office calendar from the period's first year to the last day a file was finished."""
    last = max((d.year for d in days), default=period.year)
    return calendar_for_years(uow, holidays, range(period.year, max(last, period.year) + 1))


def _calendar_note(uow: RegisterUnitOfWork) -> str:
    cuti_working, day_one = calendar_settings(uow)
    closed = ("libur nasional dan hari kantor tutup" if cuti_working
              else "libur nasional, cuti bersama dan hari kantor tutup")
    first = ("hari berkas lengkap diterima, bila hari kerja" if day_one is DayOne.SAME_DAY_IF_WORKING
             else "hari kerja pertama setelah berkas lengkap diterima")
    return f"Hari kerja: Senin–Jumat, kecuali {closed}; hari ke-1 adalah {first}."


# --------------------------------------------------------------------------- report lines


def _limit_text(ref: StandardRef) -> tuple[str, int | None]:
    unit = TimeUnit(ref.limit_unit) if ref.limit_unit else None
    text = TimeLimit(ref.limit_value, unit, "").describe()
    return text, ref.limit_value if unit is TimeUnit.WORKING_DAYS else None


def _line(level: str, tally: Tally, *, bidang_code: str = "", bidang_name: str = "",
          standard: StandardRef | None = None) -> PerformanceLine:
    limit, limit_days = _limit_text(standard) if standard is not None else ("", None)
    return PerformanceLine(
        level=level, bidang_code=bidang_code, bidang_name=bidang_name,
        standard_code=standard.code if standard else "",
        standard_title=standard.title if standard else "",
        time_limit=limit, limit_working_days=limit_days,
        received=tally.received, returned=tally.returned, registered=tally.registered,
        cancelled=tally.cancelled, finished=tally.finished,
        finished_on_time=tally.finished_on_time, finished_late=tally.finished_late,
        late=tally.late, still_open=tally.still_open, overdue_now=tally.overdue_now,
        no_time_limit=tally.no_time_limit, median_working_days=tally.median_working_days,
        on_time_rate=tally.on_time_rate)


def _preferred(refs: Sequence[StandardRef]) -> dict[tuple[str, str], StandardRef]:
    """Per (bidang, code): the row of the catalog in force, else of the newest version."""
    chosen: dict[tuple[str, str], StandardRef] = {}
    for ref in refs:
        key = (ref.bidang_code, ref.code)
        held = chosen.get(key)
        if held is None or (ref.version_active, ref.version_id) > (held.version_active,
                                                                    held.version_id):
            chosen[key] = ref
    return chosen


def _lines(refs: Sequence[StandardRef], tallies: Mapping[int, Tally], *, every_standard: bool
           ) -> tuple[tuple[PerformanceLine, ...], tuple[PerformanceLine, ...], PerformanceLine]:
    """(per standard, per bidang, office) from tallies per standard row. ``every_standard``: also
    the standards of the catalog in force without any file (a summary lists them all)."""
    by_id = {r.id: r for r in refs}
    chosen = _preferred(refs)
    merged: dict[tuple[str, str], Tally] = {}
    if every_standard:
        for key, ref in chosen.items():
            if ref.version_active:
                merged[key] = Tally()
    for standard_id, tally in tallies.items():
        ref = by_id[standard_id]
        merged.setdefault((ref.bidang_code, ref.code), Tally()).merge(tally)

    bidang_rank: dict[str, tuple[int, int, str]] = {}
    for ref in chosen.values():
        rank = ((0, ref.bidang_position, ref.bidang_code)
                if ref.version_active and ref.bidang_position is not None
                else (1, 0, ref.bidang_code))
        bidang_rank[ref.bidang_code] = min(rank, bidang_rank.get(ref.bidang_code, rank))

    def order(key: tuple[str, str]) -> tuple[tuple[int, int, str], int, int, str]:
        ref = chosen[key]
        return bidang_rank[key[0]], 0 if ref.version_active else 1, ref.position, ref.code

    standards: list[PerformanceLine] = []
    bidang: list[PerformanceLine] = []
    office = Tally()
    current: tuple[str, str, Tally] | None = None
    for key in sorted(merged, key=order):
        ref = chosen[key]
        tally = merged[key]
        standards.append(_line("standard", tally, bidang_code=ref.bidang_code,
                               bidang_name=ref.bidang_name, standard=ref))
        if current is None or current[0] != ref.bidang_code:
            if current is not None:
                bidang.append(_line("bidang", current[2], bidang_code=current[0],
                                    bidang_name=current[1]))
            current = (ref.bidang_code, ref.bidang_name, Tally())
        current[2].merge(tally)
        office.merge(tally)
    if current is not None:
        bidang.append(_line("bidang", current[2], bidang_code=current[0], bidang_name=current[1]))
    return tuple(standards), tuple(bidang), _line("office", office)


# --------------------------------------------------------------------------- the summary


def performance_summary(uow: RegisterUnitOfWork, actor: Actor, period: ReportPeriod, *,
                        holidays: HolidaySource, now: dt.datetime | None = None,
                        local: LocalTime = to_local) -> PerformanceSummary:
    """The service performance summary of a month or a year (figures in the module docstring),
    per standard of the catalog in force (and any other standard with files in the period), per
    bidang and for the office."""
    require(actor, *REPORT_ROLES)
    now = now or utcnow()
    bounds = _bounds(period, now, local)
    with uow.read_only():
        cells = uow.registers.outcome_counts(bounds.start, bounds.end, now, bounds.utc_offset)
        refs = uow.registers.standards()
        calendar = _calendar(uow, holidays, period,
                             (c.finished_day for c in cells if c.finished_day is not None))
        taken: dict[tuple[dt.date, dt.date], int] = {}  # the same days recur across standards
        tallies: dict[int, Tally] = {}
        for c in cells:
            days = None
            if c.outcome.finished and c.received_day is not None and c.finished_day is not None:
                pair = (c.received_day, c.finished_day)
                days = taken.get(pair)
                if days is None:
                    days = taken[pair] = working_days_taken(calendar, *pair)
            tally = tallies.get(c.standard_id)
            if tally is None:
                tally = tallies[c.standard_id] = Tally()
            tally.add(c.outcome, c.count, days)
        standards, bidang, total = _lines(refs, tallies, every_standard=True)
        return PerformanceSummary(period, bounds.as_of, uow.office.get(), standards, bidang, total,
                                  _calendar_note(uow))


# --------------------------------------------------------------------------- the register


def _rows(records: Sequence[RegisterRecord], refs: Sequence[StandardRef],
          workdays: WorkingCalendar, local: LocalTime) -> list[RegisterRow]:
    by_id = {r.id: r for r in refs}
    rows = []
    for r in records:
        ref = by_id[r.standard_id]
        registered = r.outcome is not Outcome.RETURNED
        finished_moment = (r.ready_at or r.finished_at) if r.outcome.finished else None
        working_days = None
        if finished_moment is not None and r.received_at is not None:
            working_days = working_days_taken(workdays, local(r.received_at).date(),
                                              local(finished_moment).date())
        number = (r.tracking_number if registered else r.return_slip_number) or ""
        rows.append(RegisterRow(
            application_id=r.application_id, number=number,
            tracking_number=r.tracking_number or "", return_slip_number=r.return_slip_number or "",
            registered=registered, received_at=local(r.at),
            applicant_name=r.citizen_name or r.institution_name or "",
            applicant_nik_masked=mask_nik(r.citizen_nik) if r.citizen_nik else "",
            is_institution=r.citizen_name is None,
            standard_code=ref.code, standard_title=ref.title, bidang_code=ref.bidang_code,
            bidang_name=ref.bidang_name, status=r.status, status_label=_STATUS_LABELS.get(r.status, r.status),
            due_at=local(r.due_at) if registered and r.due_at else None,
            due_is_clock_time=registered and r.due_is_clock_time,
            finished_at=local(finished_moment) if finished_moment else None,
            handed_over_at=local(r.finished_at) if registered and r.finished_at else None,
            outcome=r.outcome, outcome_label=r.outcome.label, working_days=working_days,
            officer_name=r.officer_name))
    return rows


def _last_finished_day(records: Sequence[RegisterRecord], local: LocalTime) -> list[dt.date]:
    """The office-time day the last of these files was finished (none: an empty list)."""
    moments = [m for r in records if r.outcome.finished
               for m in (r.ready_at or r.finished_at,) if m is not None]
    return [local(max(moments)).date()] if moments else []


def applications_register(uow: RegisterUnitOfWork, actor: Actor, period: ReportPeriod, *,
                          holidays: HolidaySource, now: dt.datetime | None = None,
                          local: LocalTime = to_local,
                          order: RegisterOrder = RegisterOrder.CHRONOLOGICAL) -> ApplicationRegister:
    """The Register Permohonan of a month or a year, whole (for the PDF and XLSX): every row, and
    subtotals per standard and per bidang counted from those rows (standards without a row are
    left out here)."""
    require(actor, *REPORT_ROLES)
    now = now or utcnow()
    bounds = _bounds(period, now, local)
    with uow.read_only():
        records = uow.registers.records(bounds.start, bounds.end, now, order=order)
        refs = uow.registers.standards()
        calendar = _calendar(uow, holidays, period, _last_finished_day(records, local))
        rows = _rows(records, refs, calendar, local)
        note = _calendar_note(uow)
        office = uow.office.get()
    tallies: dict[int, Tally] = {}
    for record, row in zip(records, rows, strict=True):
        tallies.setdefault(record.standard_id, Tally()).add(row.outcome, 1, row.working_days)
    standards, bidang, total = _lines(refs, tallies, every_standard=False)
    return ApplicationRegister(period, bounds.as_of, office, order, tuple(rows), standards, bidang,
                               total, note)


def register_page(uow: RegisterUnitOfWork, actor: Actor, period: ReportPeriod, *,
                  holidays: HolidaySource, now: dt.datetime | None = None,
                  local: LocalTime = to_local, order: RegisterOrder = RegisterOrder.CHRONOLOGICAL,
                  limit: int = 100, offset: int = 0) -> Page[RegisterRow]:
    """One page of the register, for a list on screen (paged in SQL)."""
    require(actor, *REPORT_ROLES)
    now = now or utcnow()
    limit = max(1, min(limit, MAX_PAGE))
    bounds = _bounds(period, now, local)
    with uow.read_only():
        records = uow.registers.records(bounds.start, bounds.end, now, order=order, limit=limit,
                                        offset=max(0, offset))
        total = uow.registers.count(bounds.start, bounds.end)
        refs = uow.registers.standards()
        calendar = _calendar(uow, holidays, period, _last_finished_day(records, local))
        rows = _rows(records, refs, calendar, local)
    return Page(tuple(rows), max(total, offset + len(rows)), offset)
