"""NIK and No. KK: decoding, hard errors, warnings, century, masking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.nik import (
    NikProblem,
    NikProblemCode,
    Sex,
    check_kk,
    decode_nik,
    mask_nik,
    normalize_number,
)
from dinsos_desktop.domain.regions import KOTA_PASURUAN_REGIONS, StaticRegions

TODAY = dt.date(2026, 3, 1)
EXAMPLE = "3575045508950001"  # docs/domain-rules.md §2

REGIONS = StaticRegions.of([
    ("357504", "Jawa Timur", "Kota Pasuruan", "Panggungrejo"),
    ("351401", "Jawa Timur", "Kabupaten Pasuruan", "Purwodadi"),
    ("317407", "DKI Jakarta", "Kota Jakarta Selatan", "Kebayoran Baru"),
])


def codes(problems: Iterable[NikProblem]) -> list[NikProblemCode]:
    return [p.code for p in problems]


# --------------------------------------------------------------------------- decoding


def test_the_example_from_the_rules() -> None:
    check = decode_nik(EXAMPLE, today=TODAY, regions=KOTA_PASURUAN_REGIONS)
    assert check.valid and not check.warnings
    assert (check.province_code, check.regency_code, check.kecamatan_code) == ("35", "75", "04")
    assert check.region_code == "357504"
    assert check.region_code_dotted == "35.75.04"
    assert check.is_kota is True
    assert check.birth_date == dt.date(1995, 8, 15)
    assert check.sex is Sex.PEREMPUAN
    assert check.serial == "0001"
    assert (check.province_name, check.regency_name, check.kecamatan_name) == (
        "Jawa Timur", "Kota Pasuruan", "Panggungrejo")
    assert check.region_label() == "Kec. Panggungrejo, Kota Pasuruan, Jawa Timur"


def test_a_man_from_kabupaten_pasuruan() -> None:
    check = decode_nik("3514011207800123", today=TODAY, regions=REGIONS)
    assert check.valid and not check.warnings
    assert check.sex is Sex.LAKI_LAKI
    assert check.birth_date == dt.date(1980, 7, 12)
    assert check.serial == "0123"
    assert check.regency_name == "Kabupaten Pasuruan"
    assert check.is_kota is False


def test_sex_labels() -> None:
    assert (Sex.LAKI_LAKI.label, Sex.PEREMPUAN.label) == ("Laki-laki", "Perempuan")
    assert (Sex.LAKI_LAKI.code, Sex.PEREMPUAN.code) == ("L", "P")
    assert (Sex.from_code("l"), Sex.from_code(" P ")) == (Sex.LAKI_LAKI, Sex.PEREMPUAN)
    assert Sex.from_code("X") is None and Sex.from_code("") is None


@pytest.mark.parametrize("typed", [
    "3575 0455 0895 0001", " 3575045508950001 ", "357504.550895.0001", "357504-550895-0001",
    "3575\t0455\u00a00895 0001",
])
def test_separators_a_clerk_types_are_dropped(typed: str) -> None:
    check = decode_nik(typed, today=TODAY)
    assert check.valid
    assert check.nik == EXAMPLE
    assert normalize_number(typed) == EXAMPLE


def test_without_a_lookup_there_are_no_names_and_no_region_warning() -> None:
    check = decode_nik("9999995508950001", today=TODAY)
    assert check.valid and not check.warnings
    assert check.province_name is None and check.region_label() is None


# --------------------------------------------------------------------------- hard errors


@pytest.mark.parametrize(("nik", "code"), [
    ("", NikProblemCode.LENGTH),
    ("357504550895000", NikProblemCode.LENGTH),
    ("35750455089500011", NikProblemCode.LENGTH),
    ("35750455O8950001", NikProblemCode.NOT_DIGITS),  # letter O for zero
    ("3575045508950OO1", NikProblemCode.NOT_DIGITS),
    ("357504550895000١", NikProblemCode.NOT_DIGITS),  # an Arabic-Indic digit is not a digit here
    ("3575040008950001", NikProblemCode.DAY),  # day 00
    ("3575043208950001", NikProblemCode.DAY),
    ("3575044008950001", NikProblemCode.DAY),  # 40: neither a man's nor a woman's day
    ("3575047208950001", NikProblemCode.DAY),
    ("3575049908950001", NikProblemCode.DAY),
    ("3575041500950001", NikProblemCode.MONTH),
    ("3575041513950001", NikProblemCode.MONTH),
    ("3575043104950001", NikProblemCode.DATE),  # 31 April
    ("3575047104950001", NikProblemCode.DATE),  # 31 April, a woman
    ("3575043002960001", NikProblemCode.DATE),  # 30 February
    ("3575042902950001", NikProblemCode.DATE),  # 29 February 1995 (not a leap year)
    ("3575046902950001", NikProblemCode.DATE),  # the same, a woman
    ("3575045508950000", NikProblemCode.SERIAL),
])
def test_hard_errors(nik: str, code: NikProblemCode) -> None:
    check = decode_nik(nik, today=TODAY, regions=REGIONS)
    assert not check.valid
    assert codes(check.errors) == [code]
    assert all(p.message and p.field == "nik" for p in check.errors)


def test_leap_days_are_real_days() -> None:
    assert decode_nik("3575042902960001", today=TODAY).birth_date == dt.date(1996, 2, 29)
    assert decode_nik("3575046902000001", today=TODAY).birth_date == dt.date(2000, 2, 29)
    assert decode_nik("3575046902240001", today=TODAY).birth_date == dt.date(2024, 2, 29)


def test_every_hard_error_is_reported_at_once() -> None:
    check = decode_nik("3575049913950000", today=TODAY)
    assert codes(check.errors) == [NikProblemCode.DAY, NikProblemCode.MONTH, NikProblemCode.SERIAL]
    assert check.birth_date is None and check.sex is None
    assert check.region_code == "357504"  # what can be read is still read


def test_messages_are_indonesian_and_name_what_was_typed() -> None:
    assert decode_nik("123", today=TODAY).errors[0].message == "NIK harus 16 angka (yang diisi 3 angka)."
    assert decode_nik("", today=TODAY).errors[0].message == "NIK wajib diisi (16 angka)."
    month = decode_nik("3575041513950001", today=TODAY).errors[0].message
    assert "Bulan lahir" in month and "13" in month
    date = decode_nik("3575043104950001", today=TODAY).errors[0].message
    assert "31 April 1995" in date
    assert "0000" in decode_nik("3575045508950000", today=TODAY).errors[0].message


# --------------------------------------------------------------------------- century


@pytest.mark.parametrize(("nik", "born"), [
    ("3575041501260001", dt.date(2026, 1, 15)),  # this year, already past
    ("3575040103260001", dt.date(2026, 3, 1)),  # born today
    ("3575040203260001", dt.date(1926, 3, 2)),  # tomorrow's date is a hundred years ago
    ("3575041508260001", dt.date(1926, 8, 15)),
    ("3575041508270001", dt.date(1927, 8, 15)),
    ("3575041508000001", dt.date(2000, 8, 15)),
    ("3575041508990001", dt.date(1999, 8, 15)),
])
def test_century_is_the_latest_one_not_after_today(nik: str, born: dt.date) -> None:
    assert decode_nik(nik, today=TODAY).birth_date == born


def test_the_entered_birth_date_decides_the_century_when_it_agrees() -> None:
    check = decode_nik("3575040101200001", today=TODAY, entered_birth_date=dt.date(1920, 1, 1))
    assert check.birth_date == dt.date(1920, 1, 1)
    assert not check.warnings


# --------------------------------------------------------------------------- warnings


def test_unknown_region_is_a_warning_only() -> None:
    check = decode_nik("3575995508950001", today=TODAY, regions=REGIONS)
    assert check.valid
    assert codes(check.warnings) == [NikProblemCode.REGION_UNKNOWN]
    assert "35.75.99" in check.warnings[0].message
    assert check.province_name == "Jawa Timur" and check.regency_name == "Kota Pasuruan"
    assert check.kecamatan_name is None


def test_birth_date_disagreeing_with_the_form_is_a_warning_beside_the_birth_date() -> None:
    check = decode_nik(EXAMPLE, today=TODAY, entered_birth_date=dt.date(1995, 8, 16))
    assert check.valid
    [warning] = check.warnings
    assert warning.code is NikProblemCode.BIRTH_DATE_MISMATCH
    assert warning.field == "birth_date"
    assert "15-08-1995" in warning.message and "16-08-1995" in warning.message
    assert check.birth_date == dt.date(1995, 8, 15)  # the NIK's own date stays


def test_sex_disagreeing_with_the_form_is_a_warning_beside_the_sex() -> None:
    check = decode_nik(EXAMPLE, today=TODAY, entered_sex=Sex.LAKI_LAKI)
    assert check.valid
    [warning] = check.warnings
    assert (warning.code, warning.field) == (NikProblemCode.SEX_MISMATCH, "sex")
    assert "perempuan" in warning.message and "laki-laki" in warning.message
    assert not decode_nik(EXAMPLE, today=TODAY, entered_sex=Sex.PEREMPUAN).warnings


def test_no_birth_date_comparison_when_the_nik_date_is_unreadable() -> None:
    check = decode_nik("3575041513950001", today=TODAY, entered_birth_date=dt.date(1995, 8, 15),
                       entered_sex=Sex.PEREMPUAN)
    assert codes(check.errors) == [NikProblemCode.MONTH]
    # The day (15, a man's) is still readable, so the sex is still compared.
    assert codes(check.warnings) == [NikProblemCode.SEX_MISMATCH]


# --------------------------------------------------------------------------- properties


@st.composite
def nik_parts(draw: st.DrawFn) -> tuple[str, dt.date, Sex, int]:
    region = draw(st.sampled_from(["357504", "351401", "317407"]))
    born = draw(st.dates(min_value=TODAY.replace(year=TODAY.year - 99) + dt.timedelta(days=1),
                         max_value=TODAY))
    sex = draw(st.sampled_from(list(Sex)))
    serial = draw(st.integers(min_value=1, max_value=9999))
    return region, born, sex, serial


def build(region: str, born: dt.date, sex: Sex, serial: int) -> str:
    day = born.day + (40 if sex is Sex.PEREMPUAN else 0)
    return f"{region}{day:02d}{born:%m%y}{serial:04d}"


@given(nik_parts())
def test_a_well_formed_nik_decodes_to_its_parts(parts: tuple[str, dt.date, Sex, int]) -> None:
    region, born, sex, serial = parts
    check = decode_nik(build(*parts), today=TODAY, regions=REGIONS, entered_birth_date=born,
                       entered_sex=sex)
    assert check.valid and not check.warnings
    assert (check.region_code, check.birth_date, check.sex, check.serial) == (
        region, born, sex, f"{serial:04d}")


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_any_sixteen_digits_decode_without_raising(nik: str) -> None:
    check = decode_nik(nik, today=TODAY, regions=REGIONS)
    raw_day, month = int(nik[6:8]), int(nik[8:10])
    day_ok = 1 <= raw_day <= 31 or 41 <= raw_day <= 71
    plausible = day_ok and 1 <= month <= 12 and nik[12:] != "0000"
    if not plausible:
        assert not check.valid
    if check.valid:
        assert check.birth_date is not None and check.birth_date <= TODAY
        assert check.birth_date.day == raw_day % 40
    for problem in (*check.errors, *check.warnings):
        assert problem.message.strip()


@given(st.text(max_size=30))
def test_any_text_is_answered_not_raised(text: str) -> None:
    check = decode_nik(text, today=TODAY, regions=REGIONS)
    assert check.valid == (not check.errors)


# --------------------------------------------------------------------------- masking


def test_mask_keeps_the_region_and_the_serial() -> None:
    assert mask_nik(EXAMPLE) == "357504******0001"
    assert mask_nik("3575 0455 0895 0001") == "357504******0001"
    assert mask_nik("12345") == "*****"
    assert mask_nik("") == ""


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_never_shows_the_birth_date(nik: str) -> None:
    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[6:12] == "******"
    assert masked[:6] == nik[:6] and masked[12:] == nik[12:]


# --------------------------------------------------------------------------- No. KK


def test_a_valid_family_card_number() -> None:
    check = check_kk("3575 0412 0319 0007", today=TODAY, regions=REGIONS)
    assert check.valid and not check.warnings
    assert check.kk == "3575041203190007"
    assert check.region_code == "357504"
    assert check.registration_date == dt.date(2019, 3, 12)
    assert check.serial == "0007"
    assert check.kecamatan_name == "Panggungrejo"


@pytest.mark.parametrize(("kk", "code"), [
    ("357504120319000", NikProblemCode.LENGTH),
    ("35750412031900a7", NikProblemCode.NOT_DIGITS),
    ("3575040003190007", NikProblemCode.DAY),
    ("3575044203190007", NikProblemCode.DAY),  # no +40 on a family card
    ("3575041213190007", NikProblemCode.MONTH),
    ("3575043104190007", NikProblemCode.DATE),
    ("3575042902190007", NikProblemCode.DATE),
    ("3575040203260007", NikProblemCode.FUTURE_DATE),  # tomorrow
    ("3575041203190000", NikProblemCode.SERIAL),
])
def test_family_card_hard_errors(kk: str, code: NikProblemCode) -> None:
    check = check_kk(kk, today=TODAY, regions=REGIONS)
    assert not check.valid
    assert codes(check.errors) == [code]
    assert all(p.field == "kk" and p.message for p in check.errors)


def test_family_card_dates() -> None:
    assert check_kk("3575042902200007", today=TODAY).registration_date == dt.date(2020, 2, 29)
    assert check_kk("3575040103260007", today=TODAY).registration_date == TODAY
    assert check_kk("3575043112990007", today=TODAY).registration_date == dt.date(1999, 12, 31)


def test_family_card_unknown_region_is_a_warning() -> None:
    check = check_kk("9999991203190007", today=TODAY, regions=REGIONS)
    assert check.valid
    assert codes(check.warnings) == [NikProblemCode.REGION_UNKNOWN]
    assert "No. KK" in check.warnings[0].message
