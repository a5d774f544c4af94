"""Fixed assets' domain (Barang Milik Daerah): the codes of Permendagri 108/2016 and their
registers (KIB A–F), useful lives inherited down the code tree, straight-line depreciation as of a
date by year, semester or month, the asset's field checks, Indonesian-typed numbers and rupiah,
label contents and layouts, and the report periods."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.assets import (
    ASSET_FIELD_NAMES,
    CODE_WIDTHS,
    DETAIL_FIELDS,
    FIELD_LABELS,
    LABEL_PREFIX,
    MAX_QUANTITY,
    MIN_ASSET_LEVEL,
    ROLL_LAYOUT,
    AssetFields,
    BookValue,
    Condition,
    Kib,
    LabelLayout,
    MutationKind,
    Origin,
    Period,
    ancestors,
    check_asset_code,
    check_asset_fields,
    check_layout,
    check_life_years,
    check_quantity,
    code_level,
    depreciation,
    kib_of,
    label_text,
    missing_in_room,
    parent_code,
    parse_decimal,
    parse_label,
    parse_rupiah,
    period_end,
    period_index,
    periods_counted,
    register_text,
    schedule,
    semester_bounds,
    useful_life,
)
from dinsos_desktop.domain.errors import ValidationError

TODAY = dt.date(2026, 11, 20)
PC_CODE = "1.3.2.10.01.02.001"  # PC Unit
PC_BOUGHT = dt.date(2024, 3, 15)
PC_VALUE = 12_000_000
PC_LIFE = 4


def code_error(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_asset_code(text)
    assert set(caught.value.errors) == {"code"}
    return caught.value.errors["code"]


def pc(as_of: dt.date, period: Period = Period.YEAR) -> BookValue:
    return depreciation(PC_VALUE, PC_BOUGHT, PC_LIFE, period, as_of)


def asset(**changes: object) -> AssetFields:
    base = AssetFields(code=PC_CODE, name="PC Unit", acquired_on=PC_BOUGHT, value=PC_VALUE)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def field_errors(f: AssetFields, kib: Kib = Kib.B, today: dt.date = TODAY) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_asset_fields(f, kib, today)
    return caught.value.errors


def layout_errors(layout: LabelLayout) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_layout(layout)
    return caught.value.errors


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(("text", "expected"), [
    ("1.3.2.10.1.2.1", "1.3.2.10.01.02.001"),
    ("1.3.2.10.01.02.001", "1.3.2.10.01.02.001"),  # already normal
    ("1.3.2.5.1.4.1", "1.3.2.05.01.04.001"),  # the docstring's example
    ("  1.3.2.10.1.2.1  ", "1.3.2.10.01.02.001"),  # spaces around
    ("1.3.2.10.", "1.3.2.10"),  # a trailing dot
    ("1", "1"),
    ("1.3", "1.3"),
    ("1.3.2", "1.3.2"),
    ("1.3.2.1", "1.3.2.01"),
    ("1.3.2.10.1", "1.3.2.10.01"),
    ("1.3.2.10.1.2", "1.3.2.10.01.02"),
    ("1.3.2.0.0.0.0", "1.3.2.00.00.00.000"),
    ("1.3.2.99.99.99.999", "1.3.2.99.99.99.999"),
])
def test_codes_are_normalised_to_the_widths_of_each_level(text: str, expected: str) -> None:
    assert check_asset_code(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", ".", "..",
    "1.3.2.A", "a.b.c", "1.3.2.10.01.02.00x", "1,3,2", "1-3-2", "1 .3", "1.3.2. 10",
    "1..3", ".1.3", "-1.3", "+1.3",
    "1.3.2.10.01.02.001.1",  # eight levels
    "1.3.2.10.01.02.001.001.001",
    # Digits other than 0-9 (superscript two, Arabic-Indic one) are no code.
    "1.3.²", "1.3.2.10.01.02.00١",
])
def test_codes_that_are_not_digits_separated_by_dots(text: str) -> None:
    message = code_error(text)
    assert "angka yang dipisah titik" in message
    assert "1.3.2.10.01.02.001" in message  # an example the user can follow


@pytest.mark.parametrize(("text", "level"), [
    ("12.3", "Akun"),
    ("1.33", "Kelompok"),
    ("1.3.22", "Jenis"),
    ("1.3.2.100", "Objek"),
    ("1.3.2.010", "Objek"),  # a leading zero does not make room for a third digit
    ("1.3.2.10.011", "Rincian Objek"),
    ("1.3.2.10.01.002", "Sub Rincian Objek"),
    ("1.3.2.10.01.02.0001", "Sub-sub Rincian Objek"),
])
def test_a_segment_too_long_names_its_level(text: str, level: str) -> None:
    message = code_error(text)
    assert message.startswith(f"Bagian {level} paling banyak")


def test_code_widths_and_the_asset_level() -> None:
    assert CODE_WIDTHS == (1, 1, 1, 2, 2, 2, 3)
    assert MIN_ASSET_LEVEL == 5


@pytest.mark.parametrize(("code", "level", "parent"), [
    ("1", 1, None),
    ("1.3", 2, "1"),
    ("1.3.2", 3, "1.3"),
    ("1.3.2.10", 4, "1.3.2"),
    ("1.3.2.10.01", 5, "1.3.2.10"),
    ("1.3.2.10.01.02", 6, "1.3.2.10.01"),
    ("1.3.2.10.01.02.001", 7, "1.3.2.10.01.02"),
])
def test_level_and_parent(code: str, level: int, parent: str | None) -> None:
    assert code_level(code) == level
    assert parent_code(code) == parent


def test_ancestors_from_the_akun_down() -> None:
    assert ancestors("1.3.2.10.01.02.001") == [
        "1", "1.3", "1.3.2", "1.3.2.10", "1.3.2.10.01", "1.3.2.10.01.02"]
    assert ancestors("1.3") == ["1"]
    assert ancestors("1") == []


@pytest.mark.parametrize(("jenis", "kib", "label"), [
    ("1.3.1", Kib.A, "Tanah"),
    ("1.3.2", Kib.B, "Peralatan dan Mesin"),
    ("1.3.3", Kib.C, "Gedung dan Bangunan"),
    ("1.3.4", Kib.D, "Jalan, Irigasi dan Jaringan"),
    ("1.3.5", Kib.E, "Aset Tetap Lainnya"),
    ("1.3.6", Kib.F, "Konstruksi Dalam Pengerjaan"),
])
def test_the_jenis_decides_the_register(jenis: str, kib: Kib, label: str) -> None:
    assert kib_of(jenis) is kib
    assert kib_of(f"{jenis}.01") is kib
    assert kib_of(f"{jenis}.01.01.01.001") is kib
    assert kib.label == label
    assert kib.heading == f"KIB {kib.value} — {label}"


def test_computers_are_kib_b() -> None:
    assert kib_of(PC_CODE) is Kib.B


@pytest.mark.parametrize("code", [
    "1", "1.3",  # above the Jenis
    "1.5", "1.5.1", "1.5.3.01.01",  # other assets (Aset Lainnya), not fixed assets
    "1.1.1", "1.3.7", "1.3.0", "2.3.2", "1.2.2.10.01",
])
def test_codes_outside_the_six_registers(code: str) -> None:
    assert kib_of(code) is None


def test_only_land_and_construction_in_progress_are_not_depreciated() -> None:
    assert [k for k in Kib if not k.depreciates] == [Kib.A, Kib.F]


# --------------------------------------------------------------------------- useful life

LIVES = {"1.3.2": 5, "1.3.2.10": 4, "1.3.2.02": 7, "1.3.3": 50, "1.3.2.05.01.04": 0}


@pytest.mark.parametrize(("code", "life"), [
    ("1.3.2.10.01.02.001", 4),  # a computer inherits the Objek's 4 years
    ("1.3.2.10", 4),  # its own value
    ("1.3.2.05.01.01.001", 5),  # office equipment: the Jenis's 5 years
    ("1.3.2.02.01.01.001", 7),  # motor vehicles
    ("1.3.3.01.01.01.001", 50),  # buildings
    ("1.3.2", 5),
])
def test_the_useful_life_of_the_nearest_code_that_has_one(code: str, life: int) -> None:
    assert useful_life(code, LIVES) == life


def test_a_codes_own_life_wins_over_its_ancestors() -> None:
    lives = {"1.3.2": 5, "1.3.2.10": 4, "1.3.2.10.01.02.001": 8}
    assert useful_life("1.3.2.10.01.02.001", lives) == 8
    assert useful_life("1.3.2.10.01.02.002", lives) == 4


def test_a_life_of_zero_is_a_value_and_stops_the_inheritance() -> None:
    # 0: this group is not depreciated (e.g. a policy for art or animals), even if the Jenis is.
    assert useful_life("1.3.2.05.01.04", LIVES) == 0
    assert useful_life("1.3.2.05.01.04.001", LIVES) == 0
    assert useful_life("1.3.2.05.01.04.001", LIVES) is not None


def test_no_life_anywhere_above_is_none() -> None:
    assert useful_life("1.3.4.01.01.01.001", LIVES) is None
    assert useful_life("1.3.1.01.01.01.001", {}) is None
    assert useful_life("1", LIVES) is None


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(("day", "period", "end"), [
    (dt.date(2024, 3, 15), Period.YEAR, dt.date(2024, 12, 31)),
    (dt.date(2024, 12, 31), Period.YEAR, dt.date(2024, 12, 31)),
    (dt.date(2024, 1, 1), Period.YEAR, dt.date(2024, 12, 31)),
    (dt.date(2024, 1, 1), Period.SEMESTER, dt.date(2024, 6, 30)),
    (dt.date(2024, 6, 30), Period.SEMESTER, dt.date(2024, 6, 30)),
    (dt.date(2024, 7, 1), Period.SEMESTER, dt.date(2024, 12, 31)),
    (dt.date(2024, 12, 31), Period.SEMESTER, dt.date(2024, 12, 31)),
    (dt.date(2024, 2, 10), Period.MONTH, dt.date(2024, 2, 29)),  # leap year
    (dt.date(2023, 2, 10), Period.MONTH, dt.date(2023, 2, 28)),
    (dt.date(2100, 2, 1), Period.MONTH, dt.date(2100, 2, 28)),  # not a leap year
    (dt.date(2000, 2, 1), Period.MONTH, dt.date(2000, 2, 29)),
    (dt.date(2024, 12, 1), Period.MONTH, dt.date(2024, 12, 31)),  # December: into the next year
    (dt.date(2024, 1, 31), Period.MONTH, dt.date(2024, 1, 31)),
    (dt.date(2024, 4, 30), Period.MONTH, dt.date(2024, 4, 30)),
    (dt.date(2024, 11, 5), Period.MONTH, dt.date(2024, 11, 30)),
])
def test_the_end_of_the_period_containing_a_day(day: dt.date, period: Period, end: dt.date) -> None:
    assert period_end(period_index(day, period), period) == end


@pytest.mark.parametrize("period", list(Period))
def test_period_indexes_run_on_across_years(period: Period) -> None:
    last_of_2023 = period_index(dt.date(2023, 12, 31), period)
    first_of_2024 = period_index(dt.date(2024, 1, 1), period)
    assert first_of_2024 == last_of_2023 + 1
    assert period_index(dt.date(2025, 1, 1), period) - first_of_2024 == period.per_year


@pytest.mark.parametrize(("acquired", "as_of", "period", "counted"), [
    # A year counts once 31 December has come.
    (dt.date(2024, 3, 15), dt.date(2024, 12, 30), Period.YEAR, 0),
    (dt.date(2024, 3, 15), dt.date(2024, 12, 31), Period.YEAR, 1),
    (dt.date(2024, 3, 15), dt.date(2025, 1, 1), Period.YEAR, 1),
    (dt.date(2024, 12, 31), dt.date(2024, 12, 31), Period.YEAR, 1),  # bought on the last day
    (dt.date(2024, 3, 15), dt.date(2023, 12, 31), Period.YEAR, 0),  # before the purchase
    # A semester ends on 30 June and on 31 December.
    (dt.date(2024, 3, 15), dt.date(2024, 6, 29), Period.SEMESTER, 0),
    (dt.date(2024, 3, 15), dt.date(2024, 6, 30), Period.SEMESTER, 1),
    (dt.date(2024, 3, 15), dt.date(2024, 7, 1), Period.SEMESTER, 1),
    (dt.date(2024, 3, 15), dt.date(2024, 12, 31), Period.SEMESTER, 2),
    (dt.date(2024, 7, 1), dt.date(2024, 12, 31), Period.SEMESTER, 1),  # bought in the 2nd half
    (dt.date(2024, 7, 1), dt.date(2024, 6, 30), Period.SEMESTER, 0),
    # A month ends on its last day, February of a leap year on the 29th.
    (dt.date(2024, 2, 1), dt.date(2024, 2, 28), Period.MONTH, 0),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29), Period.MONTH, 1),
    (dt.date(2023, 2, 1), dt.date(2023, 2, 28), Period.MONTH, 1),
    (dt.date(2024, 12, 10), dt.date(2024, 12, 31), Period.MONTH, 1),
    (dt.date(2024, 12, 10), dt.date(2025, 1, 30), Period.MONTH, 1),
    (dt.date(2024, 12, 10), dt.date(2025, 1, 31), Period.MONTH, 2),
    (dt.date(2024, 3, 15), dt.date(2025, 3, 31), Period.MONTH, 13),
])
def test_periods_counted_at_the_boundaries(acquired: dt.date, as_of: dt.date, period: Period,
                                           counted: int) -> None:
    assert periods_counted(acquired, as_of, period) == counted


def test_period_labels_and_lengths() -> None:
    assert [(p.label, p.per_year) for p in Period] == [
        ("Tahunan", 1), ("Semesteran", 2), ("Bulanan", 12)]


# --------------------------------------------------------------------------- depreciation: the PC


def test_the_pc_depreciates_three_million_a_year() -> None:
    result = pc(dt.date(2024, 12, 31))
    assert result.per_period == 3_000_000
    assert result.life_periods == 4
    assert result.depreciates


def test_the_pc_before_it_was_bought() -> None:
    result = pc(dt.date(2023, 12, 31))
    assert (result.periods, result.accumulated, result.book_value) == (0, 0, PC_VALUE)


def test_the_pc_in_mid_year_depends_on_the_period_setting() -> None:
    mid_year = dt.date(2024, 6, 30)
    assert pc(mid_year, Period.YEAR).accumulated == 0  # the year has not ended
    assert pc(mid_year, Period.YEAR).book_value == PC_VALUE
    by_semester = pc(mid_year, Period.SEMESTER)
    assert by_semester.per_period == 1_500_000
    assert by_semester.accumulated == 1_500_000
    assert by_semester.book_value == 10_500_000


@pytest.mark.parametrize(("as_of", "periods", "accumulated"), [
    (dt.date(2024, 12, 31), 1, 3_000_000),  # the first year is counted in full
    (dt.date(2025, 6, 30), 1, 3_000_000),
    (dt.date(2025, 12, 31), 2, 6_000_000),
    (dt.date(2026, 12, 31), 3, 9_000_000),
    (dt.date(2027, 12, 30), 3, 9_000_000),
    (dt.date(2027, 12, 31), 4, 12_000_000),  # fully depreciated
    (dt.date(2028, 12, 31), 4, 12_000_000),  # and it stays there
    (dt.date(2040, 1, 1), 4, 12_000_000),
])
def test_the_pc_year_by_year(as_of: dt.date, periods: int, accumulated: int) -> None:
    result = pc(as_of)
    assert result.periods == periods
    assert result.accumulated == accumulated
    assert result.book_value == PC_VALUE - accumulated


def test_the_pc_is_worth_nothing_after_four_years() -> None:
    assert pc(dt.date(2027, 12, 31)).book_value == 0
    assert pc(dt.date(2030, 12, 31)).book_value == 0


@pytest.mark.parametrize(("as_of", "accumulated"), [
    (dt.date(2024, 3, 15), 0),  # the month of purchase has not ended
    (dt.date(2024, 3, 30), 0),
    (dt.date(2024, 3, 31), 250_000),  # the month of purchase counts in full once ended
    (dt.date(2024, 4, 29), 250_000),
    (dt.date(2024, 4, 30), 500_000),
    (dt.date(2024, 12, 31), 2_500_000),  # March to December: 10 months
    (dt.date(2028, 1, 31), 11_750_000),  # 47 months
    (dt.date(2028, 2, 28), 11_750_000),
    (dt.date(2028, 2, 29), 12_000_000),  # the 48th month ends on a leap day
])
def test_the_pc_month_by_month(as_of: dt.date, accumulated: int) -> None:
    result = pc(as_of, Period.MONTH)
    assert result.per_period == 250_000
    assert result.life_periods == 48
    assert result.accumulated == accumulated
    assert result.book_value == PC_VALUE - accumulated


def test_the_pc_schedule_by_year() -> None:
    assert schedule(PC_VALUE, PC_BOUGHT, PC_LIFE, Period.YEAR) == [
        (dt.date(2024, 12, 31), 3_000_000, 9_000_000),
        (dt.date(2025, 12, 31), 3_000_000, 6_000_000),
        (dt.date(2026, 12, 31), 3_000_000, 3_000_000),
        (dt.date(2027, 12, 31), 3_000_000, 0),
    ]


def test_the_pc_schedule_by_semester() -> None:
    rows = schedule(PC_VALUE, PC_BOUGHT, PC_LIFE, Period.SEMESTER)
    assert len(rows) == 8
    assert [end for end, _, _ in rows[:3]] == [
        dt.date(2024, 6, 30), dt.date(2024, 12, 31), dt.date(2025, 6, 30)]
    assert {amount for _, amount, _ in rows} == {1_500_000}
    assert rows[-1] == (dt.date(2027, 12, 31), 1_500_000, 0)


def test_the_pc_schedule_by_month() -> None:
    rows = schedule(PC_VALUE, PC_BOUGHT, PC_LIFE, Period.MONTH)
    assert len(rows) == 48
    assert rows[0] == (dt.date(2024, 3, 31), 250_000, 11_750_000)
    assert rows[11][0] == dt.date(2025, 2, 28)
    assert rows[-1] == (dt.date(2028, 2, 29), 250_000, 0)


# --------------------------------------------------------------------------- rounding


def test_a_value_that_does_not_divide_is_spread_in_whole_rupiah() -> None:
    # Rp 1.000.000 over 3 years by month: 36 months of 27.777,77…
    value, bought = 1_000_000, dt.date(2024, 1, 10)
    first = depreciation(value, bought, 3, Period.MONTH, dt.date(2024, 1, 31))
    assert first.per_period == 27_777
    assert first.accumulated == 27_777
    for n, as_of in [(2, dt.date(2024, 2, 29)), (12, dt.date(2024, 12, 31)),
                     (35, dt.date(2026, 11, 30))]:
        result = depreciation(value, bought, 3, Period.MONTH, as_of)
        assert result.periods == n
        assert result.accumulated == value * n // 36  # rounded down
        assert result.accumulated <= value * n / 36
        assert result.book_value + result.accumulated == value
    assert depreciation(value, bought, 3, Period.MONTH, dt.date(2026, 11, 30)).accumulated == 972_222
    last = depreciation(value, bought, 3, Period.MONTH, dt.date(2026, 12, 31))
    assert (last.accumulated, last.book_value) == (value, 0)  # exactly the value at the end
    assert depreciation(value, bought, 3, Period.MONTH, dt.date(2030, 1, 1)).accumulated == value


def test_a_schedule_that_does_not_divide_sums_to_the_value() -> None:
    value = 1_000_000
    rows = schedule(value, dt.date(2024, 1, 10), 3, Period.MONTH)
    assert len(rows) == 36
    amounts = [amount for _, amount, _ in rows]
    assert sum(amounts) == value
    assert set(amounts) == {27_777, 27_778}  # never more than a rupiah apart
    assert rows[-1][2] == 0
    assert rows[-1][0] == dt.date(2026, 12, 31)
    book_values = [book for _, _, book in rows]
    assert book_values == sorted(book_values, reverse=True)
    assert book_values[0] == value - amounts[0]


def test_a_value_smaller_than_the_number_of_periods() -> None:
    # Rp 5 over 1 year by month: most months take nothing, the total is still 5.
    rows = schedule(5, dt.date(2024, 1, 1), 1, Period.MONTH)
    assert sum(amount for _, amount, _ in rows) == 5
    assert {amount for _, amount, _ in rows} == {0, 1}
    assert rows[-1] == (dt.date(2024, 12, 31), 1, 0)
    assert depreciation(5, dt.date(2024, 1, 1), 1, Period.MONTH, dt.date(2024, 12, 31)).book_value == 0


# --------------------------------------------------------------------------- not depreciated


@pytest.mark.parametrize("as_of", [dt.date(2023, 1, 1), dt.date(2024, 12, 31), dt.date(2060, 12, 31)])
def test_land_keeps_its_value(as_of: dt.date) -> None:
    result = depreciation(850_000_000, dt.date(2010, 5, 2), 50, Period.YEAR, as_of,
                          depreciates=Kib.A.depreciates)
    assert (result.accumulated, result.book_value) == (0, 850_000_000)
    assert not result.depreciates
    assert (result.periods, result.life_periods, result.per_period) == (0, 0, 0)


def test_construction_in_progress_keeps_its_value() -> None:
    result = depreciation(2_000_000_000, dt.date(2025, 2, 1), 50, Period.MONTH, dt.date(2026, 6, 30),
                          depreciates=Kib.F.depreciates)
    assert (result.accumulated, result.book_value) == (0, 2_000_000_000)


@pytest.mark.parametrize("life", [None, 0])
@pytest.mark.parametrize("period", list(Period))
def test_no_useful_life_means_no_depreciation(life: int | None, period: Period) -> None:
    result = depreciation(PC_VALUE, PC_BOUGHT, life, period, dt.date(2030, 12, 31))
    assert (result.accumulated, result.book_value) == (0, PC_VALUE)
    assert not result.depreciates


def test_a_zero_value_has_nothing_to_depreciate() -> None:
    result = depreciation(0, PC_BOUGHT, PC_LIFE, Period.YEAR, dt.date(2030, 12, 31))
    assert (result.accumulated, result.book_value) == (0, 0)


# --------------------------------------------------------------------------- properties

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))
AS_OF = st.dates(min_value=dt.date(1985, 1, 1), max_value=dt.date(2120, 12, 31))
VALUES = st.integers(min_value=0, max_value=10**12)
LIVES_YEARS = st.integers(min_value=1, max_value=50)
PERIODS = st.sampled_from(list(Period))


@given(VALUES, DATES, LIVES_YEARS, PERIODS, AS_OF, AS_OF)
def test_accumulated_depreciation_grows_up_to_the_value(value: int, acquired: dt.date, life: int,
                                                         period: Period, a: dt.date,
                                                         b: dt.date) -> None:
    d1, d2 = sorted((a, b))
    first = depreciation(value, acquired, life, period, d1)
    second = depreciation(value, acquired, life, period, d2)
    assert 0 <= first.accumulated <= second.accumulated <= value
    for result in (first, second):
        assert result.book_value + result.accumulated == value
        assert 0 <= result.book_value <= value
        assert 0 <= result.periods <= result.life_periods
        assert value == 0 or result.accumulated == value * result.periods // result.life_periods


@given(VALUES.filter(lambda v: v > 0), DATES, LIVES_YEARS, PERIODS,
       st.integers(min_value=0, max_value=4000))
def test_the_book_value_is_zero_once_the_life_has_elapsed(value: int, acquired: dt.date, life: int,
                                                         period: Period, days_after: int) -> None:
    last = period_end(period_index(acquired, period) + life * period.per_year - 1, period)
    after = depreciation(value, acquired, life, period, last + dt.timedelta(days=days_after))
    assert (after.book_value, after.accumulated) == (0, value)
    before = depreciation(value, acquired, life, period, last - dt.timedelta(days=1))
    assert before.book_value > 0  # not a day earlier


@given(VALUES, DATES, LIVES_YEARS, PERIODS)
def test_the_depreciation_of_each_period_differs_by_at_most_a_rupiah(value: int, acquired: dt.date,
                                                                     life: int,
                                                                     period: Period) -> None:
    rows = schedule(value, acquired, life, period)
    periods = life * period.per_year
    amounts = [amount for _, amount, _ in rows]
    assert len(rows) == periods
    assert sum(amounts) == value
    assert max(amounts) - min(amounts) <= 1
    assert min(amounts) == value // periods
    assert rows[-1][2] == 0
    ends = [end for end, _, _ in rows]
    assert ends == sorted(set(ends))  # one row per period, in order
    assert ends[0] == period_end(period_index(acquired, period), period)


@given(VALUES, DATES, LIVES_YEARS, PERIODS, AS_OF)
def test_depreciation_as_of_a_date_agrees_with_the_schedule(value: int, acquired: dt.date, life: int,
                                                            period: Period, as_of: dt.date) -> None:
    rows = schedule(value, acquired, life, period)
    ended = [row for row in rows if row[0] <= as_of]
    result = depreciation(value, acquired, life, period, as_of)
    assert result.accumulated == sum(amount for _, amount, _ in ended)
    assert result.periods == (len(ended) if value else 0)  # Rp 0: nothing to depreciate
    assert result.book_value == (ended[-1][2] if ended else value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), PERIODS)
def test_every_day_lies_in_its_period(day: dt.date, period: Period) -> None:
    index = period_index(day, period)
    assert period_end(index - 1, period) < day <= period_end(index, period)
    assert periods_counted(day, day, period) == (1 if day == period_end(index, period) else 0)


# --------------------------------------------------------------------------- the asset's fields


def test_good_fields_come_back_trimmed() -> None:
    f = asset(name="  PC   Unit  Dell ", responsible=" Budi  Santoso ",
              notes="  Ruang  TU\nlantai 2  ", brand_type=" Dell   OptiPlex ")
    checked = check_asset_fields(f, Kib.B, TODAY)
    assert checked.name == "PC Unit Dell"
    assert checked.responsible == "Budi Santoso"
    assert checked.notes == "Ruang  TU\nlantai 2"  # notes keep their lines, only the ends trimmed
    assert checked.brand_type == "Dell OptiPlex"
    assert checked.value == PC_VALUE
    assert checked.acquired_on == PC_BOUGHT


def test_an_address_keeps_its_lines() -> None:
    f = asset(code="1.3.1.01.01.01.001", name="Tanah kantor", address="  Jl. Merdeka  No. 1\nRT 02 ")
    assert check_asset_fields(f, Kib.A, TODAY).address == "Jl. Merdeka  No. 1\nRT 02"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_the_name_is_required(name: str) -> None:
    assert field_errors(asset(name=name)) == {"name": "Nama barang wajib diisi."}


def test_an_acquisition_date_or_year_is_required() -> None:
    errors = field_errors(asset(acquired_on=None, acquired_year=None))
    assert set(errors) == {"acquired_on"}
    assert "tahun" in errors["acquired_on"]
    assert set(field_errors(asset(acquired_on=None, acquired_year=0))) == {"acquired_on"}


def test_the_year_alone_is_enough_for_old_records() -> None:
    checked = check_asset_fields(asset(acquired_on=None, acquired_year=1998), Kib.B, TODAY)
    assert checked.acquired_on is None
    assert checked.acquired_year == 1998
    assert checked.year == 1998
    assert checked.depreciation_start == dt.date(1998, 1, 1)


@pytest.mark.parametrize("year", [1899, 2027, 3000])
def test_a_year_alone_must_be_a_real_past_year(year: int) -> None:
    errors = field_errors(asset(acquired_on=None, acquired_year=year))
    assert errors == {"acquired_on": "Tahun perolehan harus antara 1900 dan 2026."}


@pytest.mark.parametrize("year", [1900, 2026])
def test_the_bounds_of_a_year_alone(year: int) -> None:
    assert check_asset_fields(asset(acquired_on=None, acquired_year=year), Kib.B, TODAY).year == year


def test_the_year_comes_from_the_date() -> None:
    checked = check_asset_fields(asset(acquired_year=2019), Kib.B, TODAY)
    assert checked.acquired_year == 2024  # the date wins over a stale year
    assert checked.year == 2024
    assert checked.depreciation_start == PC_BOUGHT


def test_no_date_and_no_year_have_no_depreciation_start() -> None:
    assert asset(acquired_on=None, acquired_year=None).depreciation_start is None


def test_a_future_acquisition_date_is_refused() -> None:
    errors = field_errors(asset(acquired_on=TODAY + dt.timedelta(days=1)))
    assert errors == {"acquired_on": "Tanggal perolehan tidak boleh sesudah hari ini."}
    assert check_asset_fields(asset(acquired_on=TODAY), Kib.B, TODAY).acquired_on == TODAY


def test_the_value() -> None:
    assert field_errors(asset(value=-1)) == {"value": "Nilai perolehan tidak boleh negatif."}
    assert field_errors(asset(value=10**15 + 1)) == {"value": "Nilai perolehan terlalu besar."}
    assert check_asset_fields(asset(value=0), Kib.B, TODAY).value == 0  # a grant without a value
    assert check_asset_fields(asset(value=10**15), Kib.B, TODAY).value == 10**15


@pytest.mark.parametrize(("name", "limit", "kib"), [
    ("name", 200, Kib.B), ("responsible", 120, Kib.B), ("notes", 1000, Kib.B),
    ("plate_no", 20, Kib.B), ("bpkb_no", 40, Kib.B), ("brand_type", 120, Kib.B),
    ("certificate_no", 80, Kib.A), ("address", 300, Kib.C), ("document_no", 80, Kib.D),
    ("title_spec", 300, Kib.E), ("building_type", 60, Kib.F),
])
def test_overlong_text_names_the_field_in_indonesian(name: str, limit: int, kib: Kib) -> None:
    assert check_asset_fields(asset(**{name: "x" * limit}), kib, TODAY)  # at the limit: fine
    errors = field_errors(asset(**{name: "x" * (limit + 1)}), kib)
    assert errors == {name: f"{FIELD_LABELS[name]} paling panjang {limit} karakter."}


def test_text_is_measured_after_trimming() -> None:
    checked = check_asset_fields(asset(plate_no="  DK 1234 AB" + " " * 30), Kib.B, TODAY)
    assert checked.plate_no == "DK 1234 AB"


def test_every_bad_field_is_named_at_once() -> None:
    errors = field_errors(asset(name=" ", value=-5, acquired_on=TODAY + dt.timedelta(days=3),
                                plate_no="x" * 21))
    assert set(errors) == {"name", "value", "acquired_on", "plate_no"}


def test_every_field_has_an_indonesian_label() -> None:
    for name in ASSET_FIELD_NAMES:
        if name not in ("acquired_year",):
            assert FIELD_LABELS.get(name), name
    assert FIELD_LABELS["plate_no"] == "Nomor polisi"
    assert FIELD_LABELS["value"] == "Nilai perolehan (Rp)"


VEHICLE = dict(brand_type="Honda Vario", size_cc="125", plate_no="DK 1234 AB", bpkb_no="B-0001",
               chassis_no="MH1JM", engine_no="JM12E")
LAND = dict(certificate_no="SHP 12/2005", certificate_date=dt.date(2005, 4, 1), land_right="Hak Pakai",
            land_use="Kantor", area_m2=Decimal("1250.5"), address="Jl. Merdeka 1")
BUILDING = dict(multi_storey=True, concrete=True, floor_area_m2=Decimal("480"),
                document_no="IMB 7/2010", document_date=dt.date(2010, 2, 3), land_status="Milik Pemda",
                land_code="1.3.1.01", land_area_m2=Decimal("600"), address="Jl. Merdeka 1")
BOOKS = dict(title_spec="Pedoman PKH 2024", quantity=25)


def test_a_vehicle_keeps_its_plate_on_kib_b() -> None:
    checked = check_asset_fields(asset(**VEHICLE), Kib.B, TODAY)
    for name, value in VEHICLE.items():
        assert getattr(checked, name) == value


def test_another_registers_details_are_cleared() -> None:
    checked = check_asset_fields(asset(**VEHICLE, **LAND), Kib.C, TODAY)
    assert checked.plate_no == "" and checked.bpkb_no == "" and checked.brand_type == ""
    assert checked.certificate_no == "" and checked.certificate_date is None
    assert checked.area_m2 is None  # Luas is a column of A and D, not C
    assert checked.address == "Jl. Merdeka 1"  # C has a location too


def test_land_keeps_its_certificate() -> None:
    checked = check_asset_fields(asset(code="1.3.1.01.01.01.001", name="Tanah kantor", **LAND,
                                       **VEHICLE), Kib.A, TODAY)
    for name, value in LAND.items():
        assert getattr(checked, name) == value
    assert checked.plate_no == ""


def test_a_building_keeps_its_document() -> None:
    land = {k: v for k, v in LAND.items() if k != "address"}
    checked = check_asset_fields(asset(name="Gedung kantor", **BUILDING, **land), Kib.C, TODAY)
    for name, value in BUILDING.items():
        assert getattr(checked, name) == value
    assert checked.certificate_no == "" and checked.land_right == ""


@pytest.mark.parametrize("kib", list(Kib))
def test_only_the_registers_own_details_survive(kib: Kib) -> None:
    filled = {name: (dt.date(2020, 1, 1) if name.endswith("date") else
                     Decimal(3) if name in ("area_m2", "floor_area_m2", "land_area_m2", "length_m",
                                            "width_m") else
                     True if name in ("multi_storey", "concrete") else
                     5 if name == "contract_value" else "isi")
              for name in DETAIL_FIELDS}
    checked = check_asset_fields(asset(**filled), kib, TODAY)
    for name, kibs in DETAIL_FIELDS.items():
        expected = filled[name] if kib in kibs else AssetFields.__dataclass_fields__[name].default
        assert getattr(checked, name) == expected, name


def test_a_hidden_detail_of_another_register_cannot_block_a_save() -> None:
    # A B record moved to a C code: its overlong plate number is no longer on the form.
    checked = check_asset_fields(asset(name="Gedung", plate_no="x" * 30,
                                       certificate_date=TODAY + dt.timedelta(days=9)), Kib.C, TODAY)
    assert checked.plate_no == ""
    assert checked.certificate_date is None


def test_quantity_is_one_except_for_kib_e() -> None:
    books = check_asset_fields(asset(code="1.3.5.01.01.01.001", name="Buku", **BOOKS), Kib.E, TODAY)
    assert books.quantity == 25
    assert books.title_spec == "Pedoman PKH 2024"
    for kib in (Kib.A, Kib.B, Kib.C, Kib.D, Kib.F):
        assert check_asset_fields(asset(quantity=25), kib, TODAY).quantity == 1


def test_a_collection_has_at_least_one_item() -> None:
    errors = field_errors(asset(quantity=0), Kib.E)
    assert errors == {"quantity": "Jumlah paling sedikit 1."}
    assert set(field_errors(asset(quantity=1_000_001), Kib.E)) == {"quantity"}
    assert check_asset_fields(asset(quantity=0), Kib.B, TODAY).quantity == 1  # not asked on B


@pytest.mark.parametrize("name", ["area_m2", "floor_area_m2", "land_area_m2", "length_m", "width_m"])
def test_measures_must_be_sensible(name: str) -> None:
    kib = Kib.D if name in ("area_m2", "length_m", "width_m") else Kib.C
    errors = field_errors(asset(**{name: Decimal("-0.5")}), kib)
    assert errors == {name: f"{FIELD_LABELS[name]} tidak masuk akal."}
    assert set(field_errors(asset(**{name: Decimal("1e11")}), kib)) == {name}
    assert getattr(check_asset_fields(asset(**{name: Decimal(0)}), kib, TODAY), name) == 0


def test_a_contract_value() -> None:
    assert check_asset_fields(asset(contract_value=5_000_000_000), Kib.F, TODAY).contract_value \
        == 5_000_000_000
    assert field_errors(asset(contract_value=-1), Kib.F) == {
        "contract_value": "Nilai kontrak tidak masuk akal."}


def test_document_dates_are_not_in_the_future_but_a_start_date_may_be() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    assert field_errors(asset(certificate_date=tomorrow), Kib.A) == {
        "certificate_date": "Tanggal sertifikat tidak boleh sesudah hari ini."}
    assert field_errors(asset(document_date=tomorrow), Kib.C) == {
        "document_date": "Tanggal dokumen tidak boleh sesudah hari ini."}
    # A construction may be planned to start later.
    assert check_asset_fields(asset(start_date=tomorrow), Kib.F, TODAY).start_date == tomorrow


def test_the_choices_are_kept() -> None:
    checked = check_asset_fields(asset(origin=Origin.HIBAH, condition=Condition.RUSAK_BERAT, room_id=4),
                                 Kib.B, TODAY)
    assert (checked.origin, checked.condition, checked.room_id) == (Origin.HIBAH,
                                                                    Condition.RUSAK_BERAT, 4)


def test_conditions_origins_and_mutations_in_indonesian() -> None:
    assert [(c.value, c.label) for c in Condition] == [
        ("B", "Baik"), ("KB", "Kurang Baik"), ("RB", "Rusak Berat")]
    assert Origin.APBD.label == "Pengadaan (APBD)"
    assert Origin.HIBAH.label == "Hibah"
    assert all(o.label for o in Origin)
    assert MutationKind.DISPOSED.label == "Penghapusan"
    assert all(m.label for m in MutationKind)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", Decimal("1234.5")),
    ("1234.5", Decimal("1234.5")),
    ("1234,5", Decimal("1234.5")),
    ("12.000", Decimal(12000)),  # dots group thousands
    ("1.234.567", Decimal(1234567)),
    ("1.234.567,89", Decimal("1234567.89")),
    ("12.5", Decimal("12.5")),  # a single dot not before three digits: decimals
    ("0.250", Decimal("0.25")),  # a quarter, not 250
    ("0,75", Decimal("0.75")),
    ("480", Decimal(480)),
    ("  1 250,5 ", Decimal("1250.5")),
    ("0", Decimal(0)),
])
def test_parse_decimal(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "  "])
def test_parse_decimal_of_nothing(text: str) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text", [
    "abc", "12a", "1.2.3", "1,234.5", "1.23,5", "1,2,3", ",", ".", "-", "1e5", "NaN", "Infinity",
    "١٢",
])
def test_parse_decimal_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Rp 12.000.000", 12_000_000),
    ("Rp12.000.000", 12_000_000),
    ("rp 12.000.000", 12_000_000),
    ("12000000", 12_000_000),
    ("12.000.000", 12_000_000),
    ("12.000.000,00", 12_000_000),
    ("12.000.000,0", 12_000_000),
    ("Rp 12.000.000,00", 12_000_000),
    (" 750.000 ", 750_000),
    ("0", 0),
    ("999", 999),
])
def test_parse_rupiah(text: str, expected: int) -> None:
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Rp", "Rp "])
def test_parse_rupiah_of_nothing(text: str) -> None:
    assert parse_rupiah(text) is None


@pytest.mark.parametrize("text", [
    "12,5", "12.000.000,50", "1.2.3", "12.00", "1.2345", "1234.567", "abc", "-5", "12.000,000",
    "1,000,000",
])
def test_parse_rupiah_refuses_cents_and_junk(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rupiah(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_written_the_indonesian_way_reads_back(value: int) -> None:
    grouped = f"{value:,}".replace(",", ".")
    assert parse_rupiah(grouped) == value
    assert parse_rupiah(f"Rp {grouped},00") == value
    assert parse_rupiah(str(value)) == value


# --------------------------------------------------------------------------- labels


def test_label_text() -> None:
    assert LABEL_PREFIX == "BMD"
    assert label_text("1.3.2.10.01.02.001", 7) == "BMD|1.3.2.10.01.02.001|0007"
    assert label_text("1.3.2.05.01.04.001", 166) == "BMD|1.3.2.05.01.04.001|0166"
    assert label_text("1.3.2.05.01.04.001", 12345) == "BMD|1.3.2.05.01.04.001|12345"  # never cut
    assert register_text(7) == "0007"
    assert register_text(12345) == "12345"


def test_parse_label() -> None:
    assert parse_label("BMD|1.3.2.10.01.02.001|0007") == ("1.3.2.10.01.02.001", 7)
    assert parse_label("  BMD|1.3.2.10.01.02.001|0007\n") == ("1.3.2.10.01.02.001", 7)
    assert parse_label("BMD|1.3.2.10.1.2.1|7") == ("1.3.2.10.01.02.001", 7)  # normalised
    assert parse_label("BMD|1.3.2.10.01|0001") == ("1.3.2.10.01", 1)  # a Rincian Objek is enough


@pytest.mark.parametrize("text", [
    # Receipts' and return slips' QR codes.
    "26-000451-7*9F2C1A0B3D", "26-000451-7", "K26-000003-0",
    # Not ours, or broken.
    "", "BMD", "BMD|", "BMD||", "BMD|1.3.2.10.01.02.001", "BMD|1.3.2.10.01.02.001|",
    "BMD|1.3.2.10.01.02.001|0007|x", "bmd|1.3.2.10.01.02.001|0007", "BMN|1.3.2.10.01.02.001|0007",
    "XBMD|1.3.2.10.01.02.001|0007", "BMD|1.3.2.10.01.02.001|7a", "BMD|1.3.2.10.01.02.001|-7",
    "BMD|1.3.2.10.01.02.001|²", "BMD|1.3.2.10.01.02.001|١",
    "BMD|1.3.2.10.01.02.001| 7",
    # Register numbers start at 1.
    "BMD|1.3.2.10.01.02.001|0000",
    # Codes above the level of an asset, or no code at all.
    "BMD|1.3.2.10|0007", "BMD|1.3.2|0007", "BMD|1|0007",
    "BMD|1.3.2.10.01.02.001.1|0007", "BMD|1.3.2.100.01|0007", "BMD|abc|0007", "BMD||0007",
    "https://example.org/?BMD|1.3.2.10.01.02.001|0007",
])
def test_what_is_not_an_asset_label(text: str) -> None:
    assert parse_label(text) is None


@st.composite
def asset_codes(draw: st.DrawFn) -> tuple[str, str]:
    """(the code as typed without leading zeros, the code normalised), of level 5 to 7."""
    level = draw(st.integers(min_value=MIN_ASSET_LEVEL, max_value=len(CODE_WIDTHS)))
    numbers = [draw(st.integers(min_value=0, max_value=10**width - 1)) for width in CODE_WIDTHS[:level]]
    typed = ".".join(str(n) for n in numbers)
    normal = ".".join(str(n).zfill(width) for n, width in zip(numbers, CODE_WIDTHS, strict=False))
    return typed, normal


@given(asset_codes(), st.integers(min_value=1, max_value=10**6))
def test_a_label_reads_back_as_its_code_and_register(code: tuple[str, str], register: int) -> None:
    typed, normal = code
    assert check_asset_code(typed) == normal
    assert check_asset_code(normal) == normal
    text = label_text(normal, register)
    assert parse_label(text) == (normal, register)
    assert text.startswith("BMD|") and text.isascii()


@given(st.text(max_size=40))
def test_parse_label_never_fails_on_junk(text: str) -> None:
    result = parse_label(text)
    if result is not None:
        code, register = result
        assert text.strip().startswith("BMD|")
        assert code_level(code) >= MIN_ASSET_LEVEL
        assert register >= 0


# --------------------------------------------------------------------------- label layouts


def test_the_default_layout_is_a4_with_three_by_eight() -> None:
    layout = LabelLayout()
    assert check_layout(layout) == layout
    assert (layout.page_width_mm, layout.page_height_mm) == (210.0, 297.0)
    assert layout.per_page == 24


def test_the_roll_layout() -> None:
    assert check_layout(ROLL_LAYOUT) == ROLL_LAYOUT
    assert ROLL_LAYOUT.per_page == 1


def test_a_roll_is_one_label_per_page_of_the_labels_size() -> None:
    checked = check_layout(LabelLayout(roll=True, label_width_mm=60.0, label_height_mm=30.0,
                                       columns=4, rows=9, margin_left_mm=-3.0, gap_x_mm=5.0))
    assert (checked.columns, checked.rows, checked.per_page) == (1, 1, 1)
    assert (checked.page_width_mm, checked.page_height_mm) == (60.0, 30.0)
    assert (checked.margin_left_mm, checked.margin_top_mm, checked.gap_x_mm, checked.gap_y_mm) == (
        0.0, 0.0, 0.0, 0.0)


def test_too_many_columns_for_the_page_width() -> None:
    errors = layout_errors(LabelLayout(columns=4))
    assert set(errors) == {"columns"}
    assert "tidak muat ke samping" in errors["columns"]
    assert "210 mm" in errors["columns"]


def test_too_many_rows_for_the_page_height() -> None:
    errors = layout_errors(LabelLayout(rows=9))
    assert set(errors) == {"rows"}
    assert "tidak muat ke bawah" in errors["rows"]


def test_a_wide_margin_pushes_labels_off_the_page() -> None:
    assert set(layout_errors(LabelLayout(margin_left_mm=20.0))) == {"columns"}
    assert set(layout_errors(LabelLayout(margin_top_mm=30.0))) == {"rows"}  # 30 + 8 × 33,9 > 297


def test_a_layout_that_just_fits() -> None:
    exact = LabelLayout(margin_left_mm=13.0)  # 13 + 3 × 64 + 2 × 2,5 = 210
    assert check_layout(exact) == exact


@pytest.mark.parametrize(("width", "height"), [(29.9, 33.9), (64.0, 14.9), (10.0, 10.0)])
def test_labels_too_small_for_a_readable_qr(width: float, height: float) -> None:
    errors = layout_errors(LabelLayout(label_width_mm=width, label_height_mm=height))
    assert errors == {"label_width_mm": "Label paling kecil 30 × 15 mm (QR harus tetap terbaca)."}
    assert "label_width_mm" in layout_errors(LabelLayout(roll=True, label_width_mm=width,
                                                         label_height_mm=height))


@pytest.mark.parametrize("name", ["margin_left_mm", "margin_top_mm", "gap_x_mm", "gap_y_mm"])
def test_negative_margins_and_gaps(name: str) -> None:
    errors = layout_errors(dataclasses.replace(LabelLayout(), **{name: -1.0}))  # type: ignore[arg-type]
    assert errors == {name: "Tidak boleh negatif."}


@pytest.mark.parametrize(("columns", "rows", "field"), [(0, 8, "columns"), (11, 8, "columns"),
                                                        (3, 0, "rows"), (3, 31, "rows")])
def test_columns_and_rows_have_bounds(columns: int, rows: int, field: str) -> None:
    errors = layout_errors(LabelLayout(columns=columns, rows=rows))
    assert field in errors


# --------------------------------------------------------------------------- report periods


@pytest.mark.parametrize(("semester", "first", "last"), [
    (None, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (1, dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
    (2, dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
])
def test_semester_bounds(semester: int | None, first: dt.date, last: dt.date) -> None:
    assert semester_bounds(2025, semester) == (first, last)


@pytest.mark.parametrize("semester", [0, 3, -1])
def test_there_are_two_semesters(semester: int) -> None:
    with pytest.raises(ValidationError) as caught:
        semester_bounds(2025, semester)
    assert caught.value.errors == {"semester": "Semester 1 atau 2."}


def test_the_semesters_cover_the_year_without_overlap() -> None:
    first, second = semester_bounds(2024, 1), semester_bounds(2024, 2)
    assert first[0] == semester_bounds(2024, None)[0]
    assert second[1] == semester_bounds(2024, None)[1]
    assert second[0] - first[1] == dt.timedelta(days=1)
    # The ends of the semesters are the ends of the depreciation semesters.
    assert first[1] == period_end(period_index(dt.date(2024, 3, 1), Period.SEMESTER), Period.SEMESTER)


def test_missing_in_room() -> None:
    assert missing_in_room([5, 3, 9, 1], [1, 5]) == [3, 9]  # in the room's order
    assert missing_in_room([5, 3], [3, 5, 8]) == []  # an asset from elsewhere is no gap here
    assert missing_in_room([], [1]) == []
    assert missing_in_room(iter([2, 4]), []) == [2, 4]
    assert missing_in_room([2, 4, 2], [4]) == [2, 2]


@pytest.mark.parametrize("quantity", [1, 10, MAX_QUANTITY])
def test_check_quantity(quantity: int) -> None:
    assert MAX_QUANTITY == 500
    assert check_quantity(quantity) == quantity


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY + 1, 10_000])
def test_a_batch_of_1_to_500(quantity: int) -> None:
    with pytest.raises(ValidationError) as caught:
        check_quantity(quantity)
    assert set(caught.value.errors) == {"quantity"}
    assert "500" in caught.value.errors["quantity"]


@pytest.mark.parametrize("years", [None, 0, 4, 50, 100])
def test_check_life_years(years: int | None) -> None:
    assert check_life_years(years) == years


@pytest.mark.parametrize("years", [-1, 101])
def test_a_life_of_0_to_100_years(years: int) -> None:
    with pytest.raises(ValidationError) as caught:
        check_life_years(years)
    assert caught.value.errors == {"useful_life": "Masa manfaat antara 0 dan 100 tahun."}
