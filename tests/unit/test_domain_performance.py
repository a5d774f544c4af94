"""Report periods, working days taken, the weighted median and the tally of outcomes behind the
performance summary (domain/performance.py), on the 2026 calendar of the decree (see
test_domain_workdays for the March 2026 weeks: 18-24 March closed for Nyepi and Idul Fitri)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.catalog import TimeLimit, TimeUnit
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.performance import (
    FINISHED,
    STILL_OPEN,
    Outcome,
    ReportPeriod,
    Tally,
    rate,
    weighted_median,
    working_days_taken,
)
from dinsos_desktop.domain.workdays import DayOne, SpecialDay, SpecialDayKind
from tests.unit.test_domain_workdays import calendar

D = dt.date


# --------------------------------------------------------------------------- periods


def test_a_month_and_a_year() -> None:
    march = ReportPeriod(2026, 3)
    assert (march.first_day, march.last_day, march.end_day) == (D(2026, 3, 1), D(2026, 3, 31),
                                                                D(2026, 4, 1))
    february = ReportPeriod(2028, 2)  # a leap year
    assert (february.last_day, february.end_day) == (D(2028, 2, 29), D(2028, 3, 1))
    december = ReportPeriod(2026, 12)
    assert december.end_day == D(2027, 1, 1)
    year = ReportPeriod(2026)
    assert (year.first_day, year.last_day, year.end_day) == (D(2026, 1, 1), D(2026, 12, 31),
                                                             D(2027, 1, 1))


def test_previous_and_a_year_earlier() -> None:
    assert ReportPeriod(2026, 3).previous() == ReportPeriod(2026, 2)
    assert ReportPeriod(2026, 1).previous() == ReportPeriod(2025, 12)
    assert ReportPeriod(2026).previous() == ReportPeriod(2025)
    assert ReportPeriod(2026, 11).a_year_earlier() == ReportPeriod(2025, 11)
    assert ReportPeriod(2026).a_year_earlier() == ReportPeriod(2025)


@pytest.mark.parametrize(("text", "period"), [
    ("2026-11", ReportPeriod(2026, 11)), ("2026-3", ReportPeriod(2026, 3)),
    (" 2026-03 ", ReportPeriod(2026, 3)), ("2026", ReportPeriod(2026)),
])
def test_parse_a_period(text: str, period: ReportPeriod) -> None:
    assert ReportPeriod.parse(text) == period


@pytest.mark.parametrize("text", ["", "26-11", "2026-13", "2026-0", "2026-", "2026/11", "November",
                                  "2026-011", "1999", "2100-01", "２０２６"])
def test_refuse_a_period_that_is_not_one(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ReportPeriod.parse(text)
    assert "period" in refused.value.errors


def test_refuse_an_impossible_period() -> None:
    with pytest.raises(ValidationError):
        ReportPeriod(2026, 13)
    with pytest.raises(ValidationError):
        ReportPeriod(1999, 12)


# --------------------------------------------------------------------------- working days taken


def test_working_days_taken_across_nyepi_and_lebaran() -> None:
    cal = calendar()
    received = D(2026, 3, 17)  # Tuesday; 5 working days: due Tuesday 31 March
    due = cal.due(dt.datetime(2026, 3, 17, 10), TimeLimit(5, TimeUnit.WORKING_DAYS, ""))
    assert due is not None and due.date == D(2026, 3, 31)
    assert working_days_taken(cal, received, D(2026, 3, 31)) == 5  # the due day: on time
    assert working_days_taken(cal, received, D(2026, 4, 1)) == 6  # one day later
    assert working_days_taken(cal, received, D(2026, 3, 25)) == 1  # the first day back at work
    # Finished on the closed days between: before day 1.
    for day in (17, 18, 19, 20, 21, 22, 23, 24):
        assert working_days_taken(cal, received, D(2026, 3, day)) == 0
    # On a weekend: the working days up to it.
    assert working_days_taken(cal, received, D(2026, 3, 28)) == 3
    # Good Friday (3 April) is not counted.
    assert working_days_taken(cal, received, D(2026, 4, 6)) == 8


def test_working_days_taken_follow_the_office_settings() -> None:
    received, finished = D(2026, 3, 17), D(2026, 3, 31)
    # Cuti bersama counted as working days (18, 20, 23, 24 March).
    assert working_days_taken(calendar(cuti_bersama_is_working=True), received, finished) == 9
    # An office closure on Thursday 26 March.
    closure = SpecialDay(D(2026, 3, 26), SpecialDayKind.OFFICE_CLOSURE, "Pilkada")
    assert working_days_taken(calendar(closures=[closure]), received, finished) == 4
    # Day 1 is the day received when that is a working day: one more.
    same_day = calendar(day_one=DayOne.SAME_DAY_IF_WORKING)
    assert working_days_taken(same_day, received, finished) == 6
    assert working_days_taken(same_day, received, received) == 1
    due = same_day.due(dt.datetime(2026, 3, 17, 10), TimeLimit(5, TimeUnit.WORKING_DAYS, ""))
    assert due is not None and working_days_taken(same_day, received, due.date) == 5
    # Received on a closed day: day 1 is the next working day either way.
    assert working_days_taken(same_day, D(2026, 3, 19), D(2026, 3, 25)) == 1
    assert working_days_taken(calendar(), D(2026, 3, 19), D(2026, 3, 25)) == 1


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 20)),
       st.integers(min_value=1, max_value=22),
       st.sampled_from(list(DayOne)))
def test_a_file_finished_on_its_due_day_took_its_limit(received: dt.date, n: int,
                                                       day_one: DayOne) -> None:
    cal = calendar(day_one=day_one)
    due = cal.nth_working_day(received, n)
    assert working_days_taken(cal, received, due) == n
    assert working_days_taken(cal, received, cal.next_working_day(due)) == n + 1


# --------------------------------------------------------------------------- median and rate


def test_weighted_median() -> None:
    assert weighted_median({}) is None
    assert weighted_median({4: 0}) is None
    assert weighted_median({7: 1}) == 7.0
    assert weighted_median({3: 1, 5: 1, 6: 1}) == 5.0
    assert weighted_median({5: 1, 4: 1}) == 4.5
    assert weighted_median({0: 2, 1: 1, 3: 1, 5: 3, 6: 1}) == 4.0  # 0 0 1 3 | 5 5 5 6
    assert weighted_median({2: 10, 9: 1}) == 2.0


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=40))
def test_weighted_median_is_the_median(values: list[int]) -> None:
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    ordered = sorted(values)
    middle = len(ordered) // 2
    expected = (ordered[middle] if len(ordered) % 2
                else (ordered[middle - 1] + ordered[middle]) / 2)
    assert weighted_median(counts) == expected


def test_rate() -> None:
    assert rate(0, 0) is None
    assert rate(1, 4) == 0.25
    assert rate(3, 3) == 1.0


# --------------------------------------------------------------------------- the tally


def test_outcomes() -> None:
    assert FINISHED == {Outcome.ON_TIME, Outcome.LATE, Outcome.FINISHED_NO_LIMIT}
    assert STILL_OPEN == {Outcome.OPEN, Outcome.OVERDUE, Outcome.OPEN_NO_LIMIT}
    assert Outcome.LATE.finished and not Outcome.LATE.still_open
    assert Outcome.OVERDUE.still_open and not Outcome.OVERDUE.finished
    assert not Outcome.CANCELLED.finished and not Outcome.RETURNED.still_open
    assert [o.label for o in Outcome] == ["", "", "Tepat waktu", "Terlambat", "Tanpa batas waktu",
                                          "Dalam proses", "Melewati batas waktu",
                                          "Tanpa batas waktu"]


def test_tally_figures() -> None:
    t = Tally()
    assert (t.received, t.median_working_days, t.on_time_rate) == (0, None, None)
    t.add(Outcome.RETURNED, 3)
    t.add(Outcome.CANCELLED)
    t.add(Outcome.ON_TIME, 2, working_days=5)
    t.add(Outcome.ON_TIME, 1, working_days=3)
    t.add(Outcome.LATE, 1, working_days=6)
    t.add(Outcome.FINISHED_NO_LIMIT, 1, working_days=0)
    t.add(Outcome.OPEN, 2)
    t.add(Outcome.OVERDUE, 1)
    t.add(Outcome.OPEN_NO_LIMIT, 1)
    t.add(Outcome.OPEN, 1, working_days=9)  # not finished: its days do not count
    assert (t.received, t.returned, t.registered, t.cancelled) == (14, 3, 11, 1)
    assert (t.finished, t.finished_on_time, t.finished_late, t.late) == (5, 3, 1, 2)
    assert (t.still_open, t.overdue_now, t.no_time_limit) == (5, 1, 2)
    assert t.registered == t.cancelled + t.finished + t.still_open
    assert t.median_working_days == 5.0  # 0 3 5 5 6
    assert t.on_time_rate == 3 / 5  # late = 1 finished late + 1 overdue now

    other = Tally()
    other.add(Outcome.LATE, 1, working_days=1)
    t.merge(other)
    assert (t.received, t.finished_late, t.late) == (15, 2, 3)
    assert t.median_working_days == 4.0  # 0 1 3 | 5 5 6
    assert t.on_time_rate == 0.5
