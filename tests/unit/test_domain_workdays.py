"""Working days and due dates against the 2026 calendar, and the holidays adapter.

The 2026 days below are those of the SKB 3 Menteri for 2026 (17 national holidays, 8 cuti bersama),
written out by hand so that the domain tests do not depend on the ``holidays`` package; the last
tests check that the package (through the adapter) says the same.

March 2026, the weeks these tests walk through:

    Mo Tu We Th Fr Sa Su
     9 10 11 12 13 14 15
    16 17 18 19 20 21 22      18 cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama Idul Fitri,
    23 24 25 26 27 28 29      21-22 Idul Fitri, 23-24 cuti bersama Idul Fitri
    30 31  1  2  3  4  5      3 April Good Friday
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.adapters.holidays_id import IndonesianHolidays, is_provisional, special_days_for_year
from dinsos_desktop.domain.catalog import TimeLimit, TimeUnit
from dinsos_desktop.domain.workdays import (
    DayOne,
    DueDate,
    HolidayDataMissing,
    SpecialDay,
    SpecialDayKind,
    WorkingCalendar,
    add_months,
    years_to_load,
)

D = dt.date
NATIONAL_2026 = {
    D(2026, 1, 1): "Tahun Baru Masehi",
    D(2026, 1, 16): "Isra Mikraj Nabi Muhammad",
    D(2026, 2, 17): "Tahun Baru Imlek",
    D(2026, 3, 19): "Hari Suci Nyepi",
    D(2026, 3, 21): "Hari Raya Idul Fitri",
    D(2026, 3, 22): "Hari kedua dari Hari Raya Idul Fitri",
    D(2026, 4, 3): "Wafat Yesus Kristus",
    D(2026, 4, 5): "Kebangkitan Yesus Kristus",
    D(2026, 5, 1): "Hari Buruh Internasional",
    D(2026, 5, 14): "Kenaikan Yesus Kristus",
    D(2026, 5, 27): "Hari Raya Idul Adha",
    D(2026, 5, 31): "Hari Raya Waisak",
    D(2026, 6, 1): "Hari Lahir Pancasila",
    D(2026, 6, 16): "Tahun Baru Islam",
    D(2026, 8, 17): "Hari Kemerdekaan Republik Indonesia",
    D(2026, 8, 25): "Maulid Nabi Muhammad",
    D(2026, 12, 25): "Hari Raya Natal",
}
CUTI_BERSAMA_2026 = {
    D(2026, 2, 16): "Cuti Bersama Tahun Baru Imlek",
    D(2026, 3, 18): "Cuti Bersama Hari Suci Nyepi",
    D(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 3, 23): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 3, 24): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 5, 15): "Cuti Bersama Kenaikan Yesus Kristus",
    D(2026, 5, 28): "Cuti Bersama Hari Raya Idul Adha",
    D(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
}
NEW_YEAR_2027 = SpecialDay(D(2027, 1, 1), SpecialDayKind.NATIONAL_HOLIDAY, "Tahun Baru Masehi")


class Skb2026:
    """A HolidaySource with the 2026 decree (and 1 January 2027)."""

    def special_days(self, year: int) -> Sequence[SpecialDay]:
        if year == 2027:
            return [NEW_YEAR_2027]
        if year != 2026:
            return []
        return ([SpecialDay(d, SpecialDayKind.NATIONAL_HOLIDAY, n) for d, n in NATIONAL_2026.items()]
                + [SpecialDay(d, SpecialDayKind.CUTI_BERSAMA, n) for d, n in CUTI_BERSAMA_2026.items()])


def calendar(*, closures: Sequence[SpecialDay] = (), cuti_bersama_is_working: bool = False,
             day_one: DayOne = DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT,
             years: Sequence[int] = (2026, 2027)) -> WorkingCalendar:
    return WorkingCalendar.build(Skb2026(), years, office_closures=closures,
                                 cuti_bersama_is_working=cuti_bersama_is_working, day_one=day_one)


def limit(value: int | None, unit: TimeUnit | None) -> TimeLimit:
    return TimeLimit(value=value, unit=unit, text="")


TUE_17_MARCH_10AM = dt.datetime(2026, 3, 17, 10, 0)


# --------------------------------------------------------------------------- working days


def test_five_working_days_across_nyepi_and_lebaran() -> None:
    # Received Tue 17 March 10:00. Day 1 is the first working day after the day of receipt:
    # 18 Wed cuti bersama, 19 Thu Nyepi, 20 Fri cuti bersama, 21-22 weekend and Idul Fitri,
    # 23 Mon and 24 Tue cuti bersama -> day 1 = Wed 25, 2 = Thu 26, 3 = Fri 27, (28-29 weekend),
    # 4 = Mon 30, 5 = Tue 31 March.
    due = calendar().due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS))
    assert due == DueDate(D(2026, 3, 31))
    assert due is not None and due.time is None


def test_cuti_bersama_counted_as_working_days() -> None:
    # 18 Wed = 1, (19 Nyepi), 20 Fri = 2, (21-22), 23 Mon = 3, 24 Tue = 4, 25 Wed = 5.
    cal = calendar(cuti_bersama_is_working=True)
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 25))
    assert cal.is_working_day(D(2026, 3, 18)) and not cal.is_working_day(D(2026, 3, 19))


def test_same_day_rule() -> None:
    # 17 Tue itself = 1, then 25 = 2, 26 = 3, 27 = 4, 30 = 5.
    cal = calendar(day_one=DayOne.SAME_DAY_IF_WORKING)
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 30))
    assert cal.due(TUE_17_MARCH_10AM, limit(1, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 17))


def test_same_day_rule_with_cuti_bersama_as_working_days() -> None:
    # 17 = 1, 18 = 2, 20 = 3, 23 = 4, 24 = 5.
    cal = calendar(day_one=DayOne.SAME_DAY_IF_WORKING, cuti_bersama_is_working=True)
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 24))


@pytest.mark.parametrize("day_one", list(DayOne))
def test_received_on_a_saturday(day_one: DayOne) -> None:
    # Sat 14 March is not a working day under either rule: Mon 16 = 1, Tue 17 = 2, Wed 25 = 3,
    # Thu 26 = 4, Fri 27 = 5.
    received = dt.datetime(2026, 3, 14, 9, 30)
    cal = calendar(day_one=day_one)
    assert cal.due(received, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 27))


def test_received_on_nyepi_with_the_same_day_rule() -> None:
    # Thu 19 is a holiday, 20-24 closed: day 1 = Wed 25, day 3 = Fri 27.
    cal = calendar(day_one=DayOne.SAME_DAY_IF_WORKING)
    assert cal.due(dt.datetime(2026, 3, 19, 8), limit(3, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 27))


def test_an_office_closure_moves_the_due_date() -> None:
    # Closed on Wed 25 March: 26 = 1, 27 = 2, 30 = 3, 31 = 4, Wed 1 April = 5.
    closure = SpecialDay(D(2026, 3, 25), SpecialDayKind.OFFICE_CLOSURE, "Rapat kerja dinas")
    cal = calendar(closures=[closure])
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 4, 1))
    assert cal.closure_reason(D(2026, 3, 25)) == "Kantor tutup: Rapat kerja dinas"


def test_an_office_closure_on_a_cuti_bersama_day_keeps_it_closed_when_cuti_bersama_count() -> None:
    closure = SpecialDay(D(2026, 3, 18), SpecialDayKind.OFFICE_CLOSURE, "Kantor tutup menjelang Nyepi")
    cal = calendar(closures=[closure], cuti_bersama_is_working=True)
    assert not cal.is_working_day(D(2026, 3, 18))
    # 20 = 1, 23 = 2, 24 = 3, 25 = 4, 26 = 5.
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 26))


def test_a_deadline_running_into_the_next_year() -> None:
    # Thu 24 Dec cuti bersama, 25 Christmas, 26-27 weekend: 28 = 1, 29 = 2, 30 = 3, 31 = 4,
    # (Fri 1 Jan 2027 New Year, 2-3 weekend), Mon 4 January 2027 = 5.
    received = dt.datetime(2026, 12, 23, 15)
    assert calendar().due(received, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2027, 1, 4))


def test_a_year_without_holiday_data_is_refused_not_guessed() -> None:
    cal = calendar(years=(2026,))
    with pytest.raises(HolidayDataMissing) as missing:
        cal.due(dt.datetime(2026, 12, 23, 15), limit(5, TimeUnit.WORKING_DAYS))
    assert missing.value.year == 2027
    assert "2027" in missing.value.message
    unguarded = WorkingCalendar(calendar().special_days)
    assert unguarded.is_working_day(D(2031, 6, 2))


def test_closure_reasons() -> None:
    cal = calendar()
    assert cal.closure_reason(D(2026, 3, 19)) == "Libur nasional: Hari Suci Nyepi"
    assert cal.closure_reason(D(2026, 3, 20)) == "Cuti bersama: Cuti Bersama Hari Raya Idul Fitri"
    assert cal.closure_reason(D(2026, 3, 21)) == "Libur nasional: Hari Raya Idul Fitri"  # also a Saturday
    assert cal.closure_reason(D(2026, 3, 28)) == "Hari Sabtu"
    assert cal.closure_reason(D(2026, 3, 29)) == "Hari Minggu"
    assert cal.closure_reason(D(2026, 3, 25)) is None


def test_a_national_holiday_explains_a_day_before_an_office_closure_does() -> None:
    closure = SpecialDay(D(2026, 8, 17), SpecialDayKind.OFFICE_CLOSURE, "Upacara")
    assert calendar(closures=[closure]).closure_reason(D(2026, 8, 17)) == (
        "Libur nasional: Hari Kemerdekaan Republik Indonesia")


def test_counting_working_days() -> None:
    cal = calendar()
    assert cal.working_days_between(D(2026, 3, 17), D(2026, 3, 31)) == 5
    assert cal.working_days_between(D(2026, 3, 17), D(2026, 3, 24)) == 0
    assert cal.working_days_between(D(2026, 3, 31), D(2026, 3, 17)) == 0
    assert cal.next_working_day(D(2026, 3, 17)) == D(2026, 3, 25)
    assert cal.next_working_day(D(2026, 3, 17), include_self=True) == D(2026, 3, 17)


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 11, 30)), st.integers(1, 20),
       st.sampled_from(list(DayOne)), st.booleans())
def test_the_due_day_is_the_nth_working_day(received: dt.date, n: int, day_one: DayOne,
                                            cuti_bersama_is_working: bool) -> None:
    cal = calendar(day_one=day_one, cuti_bersama_is_working=cuti_bersama_is_working)
    due = cal.due_in(dt.datetime.combine(received, dt.time(11)), n, TimeUnit.WORKING_DAYS)
    assert cal.is_working_day(due.date) and due.time is None
    counted_today = day_one is DayOne.SAME_DAY_IF_WORKING and cal.is_working_day(received)
    assert cal.working_days_between(received, due.date) == n - counted_today
    later = cal.due_in(dt.datetime.combine(received, dt.time(11)), n + 1, TimeUnit.WORKING_DAYS)
    assert later.date > due.date


# --------------------------------------------------------------------------- other units


def test_hours_are_clock_time_with_the_time_kept() -> None:
    cal = calendar()
    assert cal.due(TUE_17_MARCH_10AM, limit(3, TimeUnit.HOURS)) == DueDate(D(2026, 3, 17), dt.time(13, 0))
    # Over midnight and into a holiday: disaster response does not stop for Nyepi.
    late = dt.datetime(2026, 3, 18, 22, 30)
    assert cal.due(late, limit(3, TimeUnit.HOURS)) == DueDate(D(2026, 3, 19), dt.time(1, 30))


def test_hours_keep_the_time_zone() -> None:
    wib = dt.timezone(dt.timedelta(hours=7), "WIB")
    due = calendar().due(TUE_17_MARCH_10AM.replace(tzinfo=wib), limit(3, TimeUnit.HOURS))
    assert due is not None and due.time == dt.time(13, 0, tzinfo=wib)
    assert not due.is_overdue(dt.datetime(2026, 3, 17, 13, 0, tzinfo=wib))
    assert due.is_overdue(dt.datetime(2026, 3, 17, 6, 1, tzinfo=dt.UTC))


def test_calendar_days_weeks_and_months() -> None:
    cal = calendar()
    # 17 March + 45 days: 14 days to 31 March, 30 in April, the 45th is 1 May.
    assert cal.due(TUE_17_MARCH_10AM, limit(45, TimeUnit.CALENDAR_DAYS)) == DueDate(D(2026, 5, 1))
    assert cal.due(TUE_17_MARCH_10AM, limit(14, TimeUnit.CALENDAR_DAYS)) == DueDate(D(2026, 3, 31))
    assert cal.due(TUE_17_MARCH_10AM, limit(2, TimeUnit.WEEKS)) == DueDate(D(2026, 3, 31))
    assert cal.due(TUE_17_MARCH_10AM, limit(2, TimeUnit.MONTHS)) == DueDate(D(2026, 5, 17))
    # By the calendar, even onto a holiday: 15 March + 4 days is Nyepi.
    assert cal.due(dt.datetime(2026, 3, 15, 9), limit(4, TimeUnit.CALENDAR_DAYS)) == DueDate(D(2026, 3, 19))


@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2025, 12, 31), 2, D(2026, 2, 28)),
    (D(2027, 12, 31), 2, D(2028, 2, 29)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2026, 1, 31), 3, D(2026, 4, 30)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2026, 3, 17), 12, D(2027, 3, 17)),
    (D(2026, 11, 15), 3, D(2027, 2, 15)),
])
def test_months_clamp_to_the_end_of_a_shorter_month(start: dt.date, months: int, end: dt.date) -> None:
    assert add_months(start, months) == end
    received = dt.datetime.combine(start, dt.time(9))
    assert calendar().due(received, limit(months, TimeUnit.MONTHS)) == DueDate(end)


def test_no_fixed_limit_no_due_date() -> None:
    cal = calendar()
    assert cal.due(TUE_17_MARCH_10AM, limit(None, None)) is None
    assert cal.due(TUE_17_MARCH_10AM, TimeLimit(None, None, "Sesuai jadwal penyaluran")) is None


@pytest.mark.parametrize("unit", list(TimeUnit))
def test_a_limit_below_one_is_a_programming_error(unit: TimeUnit) -> None:
    with pytest.raises(ValueError):
        calendar().due_in(TUE_17_MARCH_10AM, 0, unit)


def test_overdue_for_a_due_date_without_time_means_after_that_day() -> None:
    due = DueDate(D(2026, 3, 31))
    assert not due.is_overdue(dt.datetime(2026, 3, 31, 23, 59))
    assert due.is_overdue(dt.datetime(2026, 4, 1, 0, 0))


def test_years_to_load() -> None:
    assert list(years_to_load(D(2026, 12, 23))) == [2026, 2027]
    assert list(years_to_load(D(2026, 1, 5), ahead=0)) == [2026]


def test_day_one_labels() -> None:
    assert all(rule.label for rule in DayOne)
    assert SpecialDayKind.CUTI_BERSAMA.label == "Cuti bersama"


# --------------------------------------------------------------------------- the holidays adapter


def test_the_package_has_the_2026_decree() -> None:
    days = special_days_for_year(2026)
    national = {d.date: d.name for d in days if d.kind is SpecialDayKind.NATIONAL_HOLIDAY}
    cuti = {d.date: d.name for d in days if d.kind is SpecialDayKind.CUTI_BERSAMA}
    assert national == NATIONAL_2026
    assert cuti == CUTI_BERSAMA_2026
    assert list(days) == sorted(days)
    assert not is_provisional(2026)


def test_the_adapter_caches_each_year() -> None:
    assert special_days_for_year(2026) is special_days_for_year(2026)


def test_years_without_a_decree_are_provisional() -> None:
    assert is_provisional(2028)  # no cuti bersama yet, Islamic dates estimated
    assert IndonesianHolidays().is_provisional(2028)
    assert any("(perkiraan)" in d.name for d in special_days_for_year(2028))


def test_the_adapter_as_the_calendar_source() -> None:
    cal = WorkingCalendar.build(IndonesianHolidays(), years_to_load(TUE_17_MARCH_10AM.date()))
    assert cal.due(TUE_17_MARCH_10AM, limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2026, 3, 31))
    assert cal.due(dt.datetime(2026, 12, 23, 15), limit(5, TimeUnit.WORKING_DAYS)) == DueDate(D(2027, 1, 4))


def test_importing_the_adapter_does_not_import_holidays() -> None:
    code = ("import sys, dinsos_desktop.adapters.holidays_id as h; assert 'holidays' not in sys.modules; "
            "h.special_days_for_year(2026); assert 'holidays' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_changing_a_setting_on_a_built_calendar() -> None:
    cal = calendar()
    counting = dataclasses.replace(cal, cuti_bersama_is_working=True)
    assert not cal.is_working_day(D(2026, 3, 18))
    assert counting.is_working_day(D(2026, 3, 18))
    assert cal == dataclasses.replace(cal) and hash(cal) == hash(dataclasses.replace(cal))


@given(st.dates(dt.date(2025, 12, 20), dt.date(2027, 12, 31)), st.integers(-10, 500),
       st.booleans())
def test_working_days_between_counts_what_a_day_by_day_walk_counts(
        start: dt.date, span: int, cuti_is_working: bool) -> None:
    # Counted arithmetically (weekdays less closed weekdays) for files years overdue: it must
    # agree with walking the days one by one, across weekends, holidays, cuti bersama, closures.
    end = min(start + dt.timedelta(days=span), dt.date(2027, 12, 31))
    cal = calendar(closures=[SpecialDay(dt.date(2026, 11, 27), SpecialDayKind.OFFICE_CLOSURE,
                                        "Rapat kerja")],
                   cuti_bersama_is_working=cuti_is_working, years=(2025, 2026, 2027))
    walked = sum(1 for i in range(1, (end - start).days + 1)
                 if cal.is_working_day(start + dt.timedelta(days=i)))
    assert cal.working_days_between(start, end) == walked
