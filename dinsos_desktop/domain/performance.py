"""How the office kept its published time limits: report periods, the outcome of one application
received in a period, and the figures a performance summary adds up from those outcomes.

The definitions of the figures are written out in services/registers.py (what the registers print);
this module only counts. Stdlib only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.workdays import DayOne, WorkingCalendar

FIRST_YEAR = 2000
LAST_YEAR = 2099


@dataclass(frozen=True, slots=True, order=True)
class ReportPeriod:
    """A calendar month (``month`` 1–12) or a whole year (``month`` None), in office time."""

    year: int
    month: int | None = None

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError({"period": f"Tahun {FIRST_YEAR} sampai {LAST_YEAR}."})
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError({"period": "Bulan 1 sampai 12."})

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """'2026-11' (a month) or '2026' (a year), as the command line takes it."""
        raw = text.strip()
        year, sep, month = raw.partition("-")
        if (not (year.isascii() and year.isdigit() and len(year) == 4)
                or (sep and not (month.isascii() and month.isdigit() and 1 <= len(month) <= 2))):
            raise ValidationError({"period": f"Periode '{raw}' tidak dikenal: tulis 2026-11 "
                                             "(bulan) atau 2026 (tahun)."})
        return cls(int(year), int(month) if sep else None)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last_day(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def end_day(self) -> dt.date:
        """The first day after the period."""
        return self.last_day + dt.timedelta(days=1)

    def previous(self) -> ReportPeriod:
        """The month (or year) before: the dashboard compares with it."""
        if self.month is None:
            return ReportPeriod(self.year - 1)
        if self.month == 1:
            return ReportPeriod(self.year - 1, 12)
        return ReportPeriod(self.year, self.month - 1)

    def a_year_earlier(self) -> ReportPeriod:
        return ReportPeriod(self.year - 1, self.month)


class Outcome(StrEnum):
    """Where one application of a period's register stands (see services/registers.py)."""

    RETURNED = "returned"  # returned incomplete in the period and not registered in it
    CANCELLED = "cancelled"  # registered in the period, dibatalkan since
    ON_TIME = "on_time"  # finished by its due moment
    LATE = "late"  # finished after its due moment
    FINISHED_NO_LIMIT = "finished_no_limit"  # finished; its standard sets no time limit
    OPEN = "open"  # still with the office, its due moment not passed
    OVERDUE = "overdue"  # still with the office, its due moment passed
    OPEN_NO_LIMIT = "open_no_limit"  # still with the office; no time limit

    @property
    def label(self) -> str:
        """The register's "ketepatan waktu" column ('' where the status says it all)."""
        return _OUTCOME_LABELS[self]

    @property
    def finished(self) -> bool:
        return self in FINISHED

    @property
    def still_open(self) -> bool:
        return self in STILL_OPEN


_OUTCOME_LABELS = {
    Outcome.RETURNED: "",
    Outcome.CANCELLED: "",
    Outcome.ON_TIME: "Tepat waktu",
    Outcome.LATE: "Terlambat",
    Outcome.FINISHED_NO_LIMIT: "Tanpa batas waktu",
    Outcome.OPEN: "Dalam proses",
    Outcome.OVERDUE: "Melewati batas waktu",
    Outcome.OPEN_NO_LIMIT: "Tanpa batas waktu",
}
FINISHED = frozenset({Outcome.ON_TIME, Outcome.LATE, Outcome.FINISHED_NO_LIMIT})
STILL_OPEN = frozenset({Outcome.OPEN, Outcome.OVERDUE, Outcome.OPEN_NO_LIMIT})


def working_days_taken(calendar: WorkingCalendar, received: dt.date, finished: dt.date) -> int:
    """The working days a file took: the number that the day it was finished has in the count of
    its time limit (finished on the due day of a 5-working-day limit: 5). Day 1 is the first
    working day after the day received, or that day itself when it is a working day and the
    office counts so (``DayOne``); a file finished before day 1 took 0."""
    start = received
    if calendar.day_one is DayOne.SAME_DAY_IF_WORKING:
        start = received - dt.timedelta(days=1)
    return calendar.working_days_between(start, finished)


def weighted_median(counts: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}; None when there are none. With an
    even number of values, the mean of the two middle ones (4 and 5: 4.5)."""
    total = sum(n for n in counts.values() if n > 0)
    if total == 0:
        return None
    low_index, high_index = (total - 1) // 2, total // 2
    low: int | None = None
    seen = 0
    for value in sorted(v for v, n in counts.items() if n > 0):
        seen += counts[value]
        if low is None and seen > low_index:
            low = value
        if seen > high_index:
            assert low is not None
            return (low + value) / 2
    raise AssertionError("unreachable")


def rate(part: int, whole: int) -> float | None:
    """part / whole, None when there is nothing to divide."""
    return part / whole if whole else None


@dataclass
class Tally:
    """The outcomes of a set of applications (a standard, a bidang, the office) and the working
    days each finished one took."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    days: Counter[int] = field(default_factory=Counter)

    def add(self, outcome: Outcome, count: int = 1, working_days: int | None = None) -> None:
        self.outcomes[outcome] += count
        if working_days is not None and outcome.finished:
            self.days[working_days] += count

    def merge(self, other: Tally) -> None:
        self.outcomes.update(other.outcomes)
        self.days.update(other.days)

    def _sum(self, wanted: frozenset[Outcome]) -> int:
        return sum(self.outcomes[o] for o in wanted)

    @property
    def received(self) -> int:
        return sum(self.outcomes.values())

    @property
    def returned(self) -> int:
        return self.outcomes[Outcome.RETURNED]

    @property
    def registered(self) -> int:
        return self.received - self.returned

    @property
    def cancelled(self) -> int:
        return self.outcomes[Outcome.CANCELLED]

    @property
    def finished(self) -> int:
        return self._sum(FINISHED)

    @property
    def finished_on_time(self) -> int:
        return self.outcomes[Outcome.ON_TIME]

    @property
    def finished_late(self) -> int:
        return self.outcomes[Outcome.LATE]

    @property
    def late(self) -> int:
        """Finished late, and still open past the due moment (certain to be late)."""
        return self.outcomes[Outcome.LATE] + self.outcomes[Outcome.OVERDUE]

    @property
    def still_open(self) -> int:
        return self._sum(STILL_OPEN)

    @property
    def overdue_now(self) -> int:
        return self.outcomes[Outcome.OVERDUE]

    @property
    def no_time_limit(self) -> int:
        return self.outcomes[Outcome.FINISHED_NO_LIMIT] + self.outcomes[Outcome.OPEN_NO_LIMIT]

    @property
    def median_working_days(self) -> float | None:
        return weighted_median(self.days)

    @property
    def on_time_rate(self) -> float | None:
        """Finished on time among the files whose timeliness is known: finished with a time
        limit, or still open past it."""
        return rate(self.finished_on_time, self.finished_on_time + self.late)
