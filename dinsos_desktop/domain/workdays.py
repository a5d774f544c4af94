"""Working days and due dates (docs/domain-rules.md §5 of the shared documents).

A working day is Monday to Friday, not a national holiday, not an office closure, and not a cuti
bersama day unless the office setting says cuti bersama count as working days (default: they do
not, the office is closed). The holidays come in as data (:class:`SpecialDay`); the adapter
``dinsos_desktop.adapters.holidays_id`` builds them from the ``holidays`` package.

A due date is a :class:`DueDate`: a calendar date, plus a clock time only for limits in hours.
A date without a time means "by the end of that office day"; that is how a receipt prints it
("Selasa, 31 Maret 2026"), and it keeps the question of office hours out of the arithmetic.

- working days: the Nth working day, day 1 being the first working day after the day the complete
  file was received (or that day itself when it is a working day, with ``DayOne.SAME_DAY_IF_WORKING``);
- hours: received + N hours of clock time (disaster response: 3 hours), with the time;
- calendar days: received date + N days; weeks: + 7N days; months: the same day N months later,
  the last day of the month where that day does not exist (31 December + 2 months = 28/29 February).
  These count by the calendar and may end on a weekend or holiday, as the standard says;
- no fixed limit: no due date.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from dinsos_desktop.domain.catalog import TimeLimit, TimeUnit
from dinsos_desktop.domain.errors import DomainError

_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


class SpecialDayKind(StrEnum):
    NATIONAL_HOLIDAY = "libur_nasional"
    CUTI_BERSAMA = "cuti_bersama"
    OFFICE_CLOSURE = "kantor_tutup"  # entered by the admin: elections, extra closures

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SpecialDayKind.NATIONAL_HOLIDAY: "Libur nasional",
    SpecialDayKind.CUTI_BERSAMA: "Cuti bersama",
    SpecialDayKind.OFFICE_CLOSURE: "Kantor tutup",
}


@dataclass(frozen=True, slots=True, order=True)
class SpecialDay:
    date: dt.date
    kind: SpecialDayKind
    name: str  # "Hari Suci Nyepi", "Cuti Bersama Hari Raya Idul Fitri", "Pemilihan Kepala Daerah"


class DayOne(StrEnum):
    """Which day is day 1 of a limit in working days."""

    FIRST_WORKING_DAY_AFTER_RECEIPT = "first_working_day_after_receipt"
    SAME_DAY_IF_WORKING = "same_day_if_working"

    @property
    def label(self) -> str:
        if self is DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT:
            return "Hari kerja pertama setelah berkas lengkap diterima"
        return "Hari berkas lengkap diterima, bila hari kerja"


class HolidayDataMissing(DomainError):
    """A due date would fall in a year whose holidays the calendar was not given."""

    def __init__(self, year: int) -> None:
        super().__init__(f"Data hari libur tahun {year} belum tersedia; tanggal jatuh tempo tidak "
                         "dapat dihitung.")
        self.year = year


class HolidaySource(Protocol):
    """National holidays and cuti bersama of one year (implemented by an adapter)."""

    def special_days(self, year: int) -> Sequence[SpecialDay]: ...


@dataclass(frozen=True, slots=True)
class DueDate:
    date: dt.date
    time: dt.time | None = None  # only for limits in hours; None = by the end of that office day

    def is_overdue(self, now: dt.datetime) -> bool:
        """True once ``now`` is past the due moment (the whole due day counts when there is no
        time). ``now`` must be naive or aware like the received time the due date came from."""
        if self.time is None:
            return now.date() > self.date
        return now > dt.datetime.combine(self.date, self.time)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days the office works, and due dates counted on them.

    ``covered_years``: the years whose national holidays are in ``special_days``; counting working
    days into any other year raises :class:`HolidayDataMissing` rather than quietly treating its
    holidays as working days. ``None`` switches the guard off (every year is taken as complete).
    """

    special_days: tuple[SpecialDay, ...] = ()
    covered_years: frozenset[int] | None = None
    cuti_bersama_is_working: bool = False
    day_one: DayOne = DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT
    _closed: dict[dt.date, SpecialDay] = field(init=False, repr=False, compare=False, hash=False)
    _closed_weekdays: list[dt.date] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        closed: dict[dt.date, SpecialDay] = {}
        precedence = {SpecialDayKind.NATIONAL_HOLIDAY: 0, SpecialDayKind.CUTI_BERSAMA: 1,
                      SpecialDayKind.OFFICE_CLOSURE: 2}
        for day in sorted(self.special_days, key=lambda d: (d.date, precedence[d.kind])):
            if day.kind is SpecialDayKind.CUTI_BERSAMA and self.cuti_bersama_is_working:
                continue
            closed.setdefault(day.date, day)  # a national holiday explains the day before a closure
        object.__setattr__(self, "_closed", closed)
        object.__setattr__(self, "_closed_weekdays", sorted(d for d in closed if d.weekday() < 5))

    @classmethod
    def build(
        cls,
        source: HolidaySource,
        years: Iterable[int],
        *,
        office_closures: Iterable[SpecialDay] = (),
        cuti_bersama_is_working: bool = False,
        day_one: DayOne = DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT,
    ) -> WorkingCalendar:
        """A calendar for ``years`` from a holiday source, plus the admin's office closures."""
        wanted = frozenset(years)
        days = [d for year in sorted(wanted) for d in source.special_days(year)]
        days += office_closures
        return cls(tuple(days), wanted, cuti_bersama_is_working, day_one)

    # ------------------------------------------------------------------ days

    def _check_covered(self, day: dt.date) -> None:
        if self.covered_years is not None and day.year not in self.covered_years:
            raise HolidayDataMissing(day.year)

    def is_working_day(self, day: dt.date) -> bool:
        self._check_covered(day)
        return day.weekday() < 5 and day not in self._closed

    def closure_reason(self, day: dt.date) -> str | None:
        """Why the office is closed that day ('Libur nasional: Hari Suci Nyepi', 'Hari Minggu'),
        or None on a working day."""
        special = self._closed.get(day)
        if special is not None:
            return f"{special.kind.label}: {special.name}"
        if day.weekday() >= 5:
            return f"Hari {_WEEKDAYS[day.weekday()]}"
        return None

    def next_working_day(self, day: dt.date, *, include_self: bool = False) -> dt.date:
        current = day if include_self else day + dt.timedelta(days=1)
        while not self.is_working_day(current):
            current += dt.timedelta(days=1)
        return current

    def nth_working_day(self, received: dt.date, n: int) -> dt.date:
        """Day ``n`` of a limit in working days for a file received on ``received``."""
        if n < 1:
            raise ValueError("a limit in working days is at least 1 day")
        day = self.next_working_day(
            received, include_self=self.day_one is DayOne.SAME_DAY_IF_WORKING)
        for _ in range(n - 1):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start).
        Counted, not walked: the weekdays in the range less the closed weekdays in it (a queue
        asks this for files years overdue)."""
        if end <= start:
            return 0
        if self.covered_years is not None:
            for year in range(start.year if start.year == end.year else start.year + 1,
                              end.year + 1):
                if year not in self.covered_years:
                    raise HolidayDataMissing(year)
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        closed = (bisect.bisect_right(self._closed_weekdays, end)
                  - bisect.bisect_right(self._closed_weekdays, start))
        return weekdays - closed

    # ------------------------------------------------------------------ due dates

    def due_in(self, received: dt.datetime, value: int, unit: TimeUnit) -> DueDate:
        """The due date ``value`` ``unit`` after ``received`` (see the module docstring)."""
        if value < 1:
            raise ValueError("a time limit is at least 1")
        if unit is TimeUnit.WORKING_DAYS:
            return DueDate(self.nth_working_day(received.date(), value))
        if unit is TimeUnit.HOURS:
            moment = received + dt.timedelta(hours=value)
            return DueDate(moment.date(), moment.timetz())
        if unit is TimeUnit.CALENDAR_DAYS:
            return DueDate(received.date() + dt.timedelta(days=value))
        if unit is TimeUnit.WEEKS:
            return DueDate(received.date() + dt.timedelta(weeks=value))
        if unit is TimeUnit.MONTHS:
            return DueDate(add_months(received.date(), value))
        raise ValueError(f"unknown time unit {unit!r}")

    def due(self, received: dt.datetime, limit: TimeLimit) -> DueDate | None:
        """The due date of a standard's time limit; None where the standard sets no fixed limit."""
        if limit.value is None or limit.unit is None:
            return None
        return self.due_in(received, limit.value, limit.unit)


def _weekdays_up_to(day: dt.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to ``day`` inclusive."""
    n = day.toordinal()
    return 5 * (n // 7) + min(n % 7, 5)


def years_to_load(received: dt.date, *, ahead: int = 1) -> range:
    """The years a calendar for a file received on ``received`` should cover: that year and the
    next (a limit in working days starting in December ends in January)."""
    return range(received.year, received.year + ahead + 1)
