"""Frozen values of the registers of applications and the service performance summary
(services/registers.py). The figures are defined there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.performance import Outcome, ReportPeriod


class RegisterOrder(StrEnum):
    CHRONOLOGICAL = "chronological"  # by the moment received (returned), as a register book runs
    BY_STANDARD = "by_standard"  # by bidang and standard (decree order), then by that moment


# --------------------------------------------------------------------------- from the database


@dataclass(frozen=True, slots=True)
class StandardRef:
    """One standard row of one catalog version, with what a report line needs."""

    id: int
    version_id: int
    version_active: bool
    code: str
    title: str
    position: int
    bidang_code: str
    bidang_name: str  # '' when the version lists no such bidang
    bidang_position: int | None
    limit_value: int | None
    limit_unit: str | None  # domain.catalog.TimeUnit value


@dataclass(frozen=True, slots=True)
class OutcomeCount:
    """How many applications of one standard row had one outcome in the period; for finished
    ones, per (day received, day finished) in office time, for the working days taken."""

    standard_id: int
    outcome: Outcome
    received_day: dt.date | None
    finished_day: dt.date | None
    count: int


@dataclass(frozen=True, slots=True)
class RegisterRecord:
    """One application of a period as the database has it: moments aware, in UTC; the NIK in
    full. Stays inside the services (RegisterRow is what leaves them)."""

    application_id: int
    standard_id: int
    outcome: Outcome
    at: dt.datetime  # registered (received complete) or, for a returned one, returned in the period
    tracking_number: str | None
    return_slip_number: str | None
    status: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    due_is_clock_time: bool
    ready_at: dt.datetime | None
    finished_at: dt.datetime | None  # handed over
    citizen_name: str | None
    citizen_nik: str | None
    institution_name: str | None
    officer_name: str


# --------------------------------------------------------------------------- to the reports


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One line of the Register Permohonan. Moments are in office time."""

    application_id: int
    number: str  # the tracking number, or for a returned file its return-slip number
    tracking_number: str  # '' when none (yet)
    return_slip_number: str  # '' when never returned
    registered: bool  # False: returned incomplete in the period
    received_at: dt.datetime  # registered (complete file received), or returned
    applicant_name: str  # the citizen, or the institution
    applicant_nik_masked: str  # '' for an institution
    is_institution: bool
    standard_code: str
    standard_title: str
    bidang_code: str
    bidang_name: str
    status: str  # domain.workflow.Status value, today
    status_label: str  # 'terdaftar', 'diproses', 'siap diambil', 'selesai', 'dibatalkan', …
    due_at: dt.datetime | None  # None: returned, or no time limit
    due_is_clock_time: bool  # a limit in hours: the due time matters, not only the day
    finished_at: dt.datetime | None  # the product ready (the office's work done); None unless finished
    handed_over_at: dt.datetime | None
    outcome: Outcome
    outcome_label: str  # 'Tepat waktu', 'Terlambat', 'Dalam proses', 'Melewati batas waktu', …
    working_days: int | None  # working days taken, for a finished file
    officer_name: str  # who took the file at the counter


@dataclass(frozen=True, slots=True)
class PerformanceLine:
    """The figures of one standard, one bidang, or the whole office (services/registers.py)."""

    level: str  # "standard" | "bidang" | "office"
    bidang_code: str  # '' for the office
    bidang_name: str
    standard_code: str  # '' for a bidang and the office
    standard_title: str
    time_limit: str  # '5 hari kerja', '3 jam', 'Tidak ditetapkan'; '' for a bidang and the office
    limit_working_days: int | None  # the limit when it is counted in working days
    received: int
    returned: int
    registered: int
    cancelled: int
    finished: int
    finished_on_time: int
    finished_late: int
    late: int
    still_open: int
    overdue_now: int
    no_time_limit: int
    median_working_days: float | None
    on_time_rate: float | None  # 0.0–1.0


@dataclass(frozen=True, slots=True)
class PerformanceSummary:
    period: ReportPeriod
    as_of: dt.datetime  # office time; 'still open' and 'overdue now' are as of this moment
    office: OfficeProfile
    standards: tuple[PerformanceLine, ...]  # every standard of the catalog in force, then others
    bidang: tuple[PerformanceLine, ...]
    total: PerformanceLine
    calendar_note: str  # how working days were counted, for a footnote


@dataclass(frozen=True, slots=True)
class ApplicationRegister:
    """The Register Permohonan of a period: its rows, with subtotals per standard and per bidang
    (counted from these very rows) and the office's total."""

    period: ReportPeriod
    as_of: dt.datetime
    office: OfficeProfile
    order: RegisterOrder
    rows: tuple[RegisterRow, ...]
    standards: tuple[PerformanceLine, ...]
    bidang: tuple[PerformanceLine, ...]
    total: PerformanceLine
    calendar_note: str
