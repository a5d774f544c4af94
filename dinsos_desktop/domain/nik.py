"""NIK (Nomor Induk Kependudukan) and No. KK (Nomor Kartu Keluarga): decoding and checking.

NIK, 16 digits ``PP KK CC DDMMYY SSSS``: province, regency/city, kecamatan where the number was
first issued, birth date with 40 added to the day for women, serial from 0001. See
docs/domain-rules.md §2 of the shared documents.

Hard errors (the number cannot be right: the form refuses to save) are kept apart from warnings
(the number may still be right: an NIK is for life and is never corrected, so an unknown region or
a birth date that disagrees with the one entered is shown and may be accepted).

Input is what a clerk types or pastes: white space, dots and dashes between the digits are
dropped ("3575 0455 0895 0001" is accepted); anything else is an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from dinsos_desktop.domain.regions import RegionLookup, dotted, is_kota

NIK_LENGTH = 16
KK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")
_DIGITS = re.compile(r"[0-9]+")

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")


class Sex(StrEnum):
    LAKI_LAKI = "laki_laki"
    PEREMPUAN = "perempuan"

    @property
    def label(self) -> str:
        """'Laki-laki' / 'Perempuan', as on the KTP."""
        return "Laki-laki" if self is Sex.LAKI_LAKI else "Perempuan"

    @property
    def code(self) -> str:
        """'L' / 'P', the short form of forms and registers."""
        return "L" if self is Sex.LAKI_LAKI else "P"

    @classmethod
    def from_code(cls, code: str) -> Sex | None:
        """'L'/'P' (any case, surrounding spaces ignored) -> Sex; None for anything else."""
        return {"L": cls.LAKI_LAKI, "P": cls.PEREMPUAN}.get(code.strip().upper())


class NikProblemCode(StrEnum):
    # hard errors
    NOT_DIGITS = "not_digits"
    LENGTH = "length"
    MONTH = "month"
    DAY = "day"
    DATE = "date"  # a day that month does not have (31 April, 29 February of a common year)
    FUTURE_DATE = "future_date"  # No. KK: registered after today
    SERIAL = "serial"
    # warnings
    REGION_UNKNOWN = "region_unknown"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"
    SEX_MISMATCH = "sex_mismatch"


@dataclass(frozen=True, slots=True)
class NikProblem:
    code: NikProblemCode
    message: str  # Bahasa Indonesia, fit to show beside the field
    field: str = "nik"  # the form field the message belongs beside: "nik", "kk", "birth_date", "sex"


@dataclass(frozen=True, slots=True)
class NikCheck:
    """What an NIK says, and what is wrong with it. Decoded parts are None where unreadable."""

    nik: str  # the digits, separators removed (or the cleaned input when it is not 16 digits)
    province_code: str | None = None  # "35"
    regency_code: str | None = None  # "75": within the province; 01–69 kabupaten, 71–99 kota
    kecamatan_code: str | None = None  # "04": within the regency
    region_code: str | None = None  # "357504"
    birth_date: dt.date | None = None
    sex: Sex | None = None
    serial: str | None = None  # "0001"
    province_name: str | None = None
    regency_name: str | None = None
    kecamatan_name: str | None = None
    errors: tuple[NikProblem, ...] = ()
    warnings: tuple[NikProblem, ...] = ()

    @property
    def valid(self) -> bool:
        """No hard error. Warnings may remain: the clerk decides on those."""
        return not self.errors

    @property
    def is_kota(self) -> bool | None:
        return None if self.region_code is None else is_kota(self.region_code[:4])

    @property
    def region_code_dotted(self) -> str | None:
        return None if self.region_code is None else dotted(self.region_code)

    def region_label(self) -> str | None:
        """'Kec. Panggungrejo, Kota Pasuruan, Jawa Timur' from the names that are known."""
        parts = [f"Kec. {self.kecamatan_name}" if self.kecamatan_name else None,
                 self.regency_name, self.province_name]
        known = [p for p in parts if p]
        return ", ".join(known) if known else None


@dataclass(frozen=True, slots=True)
class KkCheck:
    """What a No. KK says, and what is wrong with it."""

    kk: str
    region_code: str | None = None  # "357504": where the family card was issued
    registration_date: dt.date | None = None
    serial: str | None = None
    province_name: str | None = None
    regency_name: str | None = None
    kecamatan_name: str | None = None
    errors: tuple[NikProblem, ...] = ()
    warnings: tuple[NikProblem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.errors


def normalize_number(text: str) -> str:
    """Drop the white space, dots and dashes a clerk may type between digits."""
    return _SEPARATORS.sub("", text)


def _shape_errors(digits: str, length: int, what: str, field: str) -> list[NikProblem]:
    if not digits:
        return [NikProblem(NikProblemCode.LENGTH, f"{what} wajib diisi ({length} angka).", field)]
    if not (_DIGITS.fullmatch(digits) and digits.isascii()):
        return [NikProblem(NikProblemCode.NOT_DIGITS, f"{what} hanya boleh berisi angka.", field)]
    if len(digits) != length:
        return [NikProblem(NikProblemCode.LENGTH,
                           f"{what} harus {length} angka (yang diisi {len(digits)} angka).", field)]
    return []


def _region_names(region_code: str, regions: RegionLookup | None,
                  ) -> tuple[str | None, str | None, str | None]:
    if regions is None:
        return None, None, None
    return (regions.province(region_code[:2]), regions.regency(region_code[:4]),
            regions.kecamatan(region_code))


def _region_warning(region_code: str, kecamatan_name: str | None, regions: RegionLookup | None,
                    what: str, field: str) -> list[NikProblem]:
    if regions is None or kecamatan_name is not None:
        return []
    return [NikProblem(
        NikProblemCode.REGION_UNKNOWN,
        f"Kode wilayah {dotted(region_code)} pada {what} tidak dikenal. Periksa kembali; kode lama "
        "dari sebelum pemekaran wilayah tetap sah.",
        field,
    )]


def _latest_year(two_digits: int, today: dt.date) -> int:
    """The latest year ending in ``two_digits`` that is not after today's year."""
    return today.year - (today.year - two_digits) % 100


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def decode_nik(
    nik: str,
    *,
    today: dt.date,
    regions: RegionLookup | None = None,
    entered_birth_date: dt.date | None = None,
    entered_sex: Sex | None = None,
) -> NikCheck:
    """Decode and check an NIK.

    Century: the birth year is the latest year ending in YY for which the birth date is not after
    ``today`` (a person born on 15-08-1926 is 99 on 1-8-2026, not unborn). When ``entered_birth_date``
    agrees with the NIK in day, month and the last two digits of the year, its century is taken.
    ``regions`` adds the region names and the unknown-region warning; without it neither is given.
    """
    digits = normalize_number(nik)
    shape = _shape_errors(digits, NIK_LENGTH, "NIK", "nik")
    if shape:
        return NikCheck(nik=digits, errors=tuple(shape))

    errors: list[NikProblem] = []
    warnings: list[NikProblem] = []
    region_code = digits[:6]
    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    serial = digits[12:]

    sex: Sex | None = None
    day: int | None = None
    if 1 <= raw_day <= 31:
        sex, day = Sex.LAKI_LAKI, raw_day
    elif 1 + FEMALE_DAY_OFFSET <= raw_day <= 31 + FEMALE_DAY_OFFSET:
        sex, day = Sex.PEREMPUAN, raw_day - FEMALE_DAY_OFFSET
    else:
        errors.append(NikProblem(
            NikProblemCode.DAY,
            f"Tanggal lahir pada NIK (angka ke-7 dan ke-8) harus 01–31 untuk laki-laki atau 41–71 "
            f"untuk perempuan; tertulis {digits[6:8]}.",
        ))
    if not 1 <= month <= 12:
        errors.append(NikProblem(
            NikProblemCode.MONTH,
            f"Bulan lahir pada NIK (angka ke-9 dan ke-10) harus 01–12; tertulis {digits[8:10]}.",
        ))

    birth_date: dt.date | None = None
    if day is not None and 1 <= month <= 12:
        birth_date = _birth_date(day, month, yy, today)
        if birth_date is None:
            errors.append(NikProblem(
                NikProblemCode.DATE,
                f"Tanggal lahir pada NIK tidak ada di kalender: {day} {_MONTHS[month - 1]} "
                f"{_latest_year(yy, today)}.",
            ))

    if serial == "0000":
        errors.append(NikProblem(
            NikProblemCode.SERIAL, "Nomor urut pada NIK (4 angka terakhir) tidak boleh 0000."))

    province_name, regency_name, kecamatan_name = _region_names(region_code, regions)
    warnings += _region_warning(region_code, kecamatan_name, regions, "NIK", "nik")

    if birth_date is not None and entered_birth_date is not None:
        if (entered_birth_date.day, entered_birth_date.month, entered_birth_date.year % 100) == (
                birth_date.day, birth_date.month, yy):
            birth_date = entered_birth_date  # same date; the form knows the century
        else:
            warnings.append(NikProblem(
                NikProblemCode.BIRTH_DATE_MISMATCH,
                f"Tanggal lahir pada NIK ({birth_date:%d-%m-%Y}) berbeda dengan tanggal lahir yang "
                f"diisi ({entered_birth_date:%d-%m-%Y}).",
                "birth_date",
            ))
    if sex is not None and entered_sex is not None and sex is not entered_sex:
        warnings.append(NikProblem(
            NikProblemCode.SEX_MISMATCH,
            f"Jenis kelamin pada NIK ({sex.label.lower()}) berbeda dengan jenis kelamin yang diisi "
            f"({entered_sex.label.lower()}).",
            "sex",
        ))

    return NikCheck(
        nik=digits,
        province_code=digits[:2],
        regency_code=digits[2:4],
        kecamatan_code=digits[4:6],
        region_code=region_code,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
        province_name=province_name,
        regency_name=regency_name,
        kecamatan_name=kecamatan_name,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def _birth_date(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    year = _latest_year(yy, today)
    if not _valid_day(year, month, day):
        return None
    if dt.date(year, month, day) > today:
        year -= 100
        if not _valid_day(year, month, day):  # 29 February 2100 -> 2000 is fine; the reverse is not
            return None
    return dt.date(year, month, day)


def check_kk(kk: str, *, today: dt.date, regions: RegionLookup | None = None) -> KkCheck:
    """Decode and check a No. KK: 6-digit issuing region, registration date DDMMYY (no +40), serial.

    The registration year is the latest year ending in YY that is not after today's year; a date
    after ``today`` is then an error (a family card cannot be issued tomorrow), not a sign of the
    previous century.
    """
    digits = normalize_number(kk)
    shape = _shape_errors(digits, KK_LENGTH, "No. KK", "kk")
    if shape:
        return KkCheck(kk=digits, errors=tuple(shape))

    errors: list[NikProblem] = []
    region_code = digits[:6]
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    serial = digits[12:]
    registered: dt.date | None = None
    if not 1 <= day <= 31:
        errors.append(NikProblem(
            NikProblemCode.DAY,
            f"Tanggal pada No. KK (angka ke-7 dan ke-8) harus 01–31; tertulis {digits[6:8]}.", "kk"))
    if not 1 <= month <= 12:
        errors.append(NikProblem(
            NikProblemCode.MONTH,
            f"Bulan pada No. KK (angka ke-9 dan ke-10) harus 01–12; tertulis {digits[8:10]}.", "kk"))
    if not errors:
        year = _latest_year(yy, today)
        if not _valid_day(year, month, day):
            errors.append(NikProblem(
                NikProblemCode.DATE,
                f"Tanggal pada No. KK tidak ada di kalender: {day} {_MONTHS[month - 1]} {year}.", "kk"))
        else:
            registered = dt.date(year, month, day)
            if registered > today:
                errors.append(NikProblem(
                    NikProblemCode.FUTURE_DATE,
                    f"Tanggal pada No. KK ({registered:%d-%m-%Y}) belum terjadi.", "kk"))
    if serial == "0000":
        errors.append(NikProblem(
            NikProblemCode.SERIAL, "Nomor urut pada No. KK (4 angka terakhir) tidak boleh 0000.", "kk"))

    province_name, regency_name, kecamatan_name = _region_names(region_code, regions)
    warnings = _region_warning(region_code, kecamatan_name, regions, "No. KK", "kk")
    return KkCheck(
        kk=digits,
        region_code=region_code,
        registration_date=registered,
        serial=serial,
        province_name=province_name,
        regency_name=regency_name,
        kecamatan_name=kecamatan_name,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def mask_nik(nik: str) -> str:
    """'3575045508950001' -> '357504******0001': the region and the serial stay readable, the
    birth date (and with it the sex) is hidden. For lists, exports and receipts."""
    digits = normalize_number(nik)
    if len(digits) <= 10:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
