"""Administrative regions: the lookup the NIK check uses, and the Kota Pasuruan pick list.

Region codes are the Kemendagri codes written without dots, the way they appear in an NIK:
"35" (province), "3575" (regency or city), "357504" (kecamatan), "3575041013" (kelurahan).
:func:`dotted` turns them into the decree's own notation ("35.75.04.1013").

The names of all Indonesian provinces, regencies and kecamatan come from an adapter (see
``dinsos_desktop.adapters.regions``); this module only holds the office's own city, whose
kecamatan and kelurahan the clerk picks from a list instead of typing them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from dinsos_desktop.domain.text import fold


class RegionLookup(Protocol):
    """Names of the regions an NIK or a No. KK points to; ``None`` for a code not known."""

    def province(self, code: str) -> str | None:
        """'35' -> 'Jawa Timur'."""
        ...

    def regency(self, code: str) -> str | None:
        """'3575' -> 'Kota Pasuruan'; '3514' -> 'Kabupaten Pasuruan'."""
        ...

    def kecamatan(self, code: str) -> str | None:
        """'357504' -> 'Panggungrejo'."""
        ...


def dotted(code: str) -> str:
    """'3575041013' -> '35.75.04.1013', the notation of the Kemendagri decrees."""
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(p for p in parts if p)


def undotted(code: str) -> str:
    """'35.75.04' -> '357504'."""
    return code.replace(".", "").strip()


def is_kota(regency_code: str) -> bool:
    """Regency codes 71–99 are cities (kota), 01–69 regencies (kabupaten). Takes '3575' or '75'."""
    tail = regency_code[-2:]
    return tail.isdigit() and int(tail) >= 71


@dataclass(frozen=True, slots=True)
class Kelurahan:
    code: str  # 10 digits, e.g. "3575041013"
    name: str

    @property
    def kecamatan_code(self) -> str:
        return self.code[:6]


@dataclass(frozen=True, slots=True)
class Kecamatan:
    code: str  # 6 digits, e.g. "357504"
    name: str
    kelurahan: tuple[Kelurahan, ...]


# Kota Pasuruan (35.75): 4 kecamatan, 34 kelurahan. Codes and names transcribed from the attachment
# of Keputusan Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025 (Pemberian dan Pemutakhiran Kode,
# Data Wilayah Administrasi Pemerintahan, dan Pulau), in the decree's order and spelling
# ("Tapa'an", "Tamba'an"; local usage also writes "Tapaan", "Tambaan", "Bugulkidul": see
# find_kelurahan). The gaps in the numbering (Gadingrejo 1008; Purworejo 1007-1010; Bugul Kidul
# 1004, 1007, 1008) are the decree's: Panggungrejo was formed in 2012 from kelurahan of the other
# three, and their old codes were not reused.
KOTA_PASURUAN_PROVINCE_CODE = "35"
KOTA_PASURUAN_PROVINCE_NAME = "Jawa Timur"
KOTA_PASURUAN_CODE = "3575"
KOTA_PASURUAN_NAME = "Kota Pasuruan"

_KOTA_PASURUAN: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("01", "Gadingrejo", (
        ("1001", "Karangketug"),
        ("1002", "Gentong"),
        ("1003", "Sebani"),
        ("1004", "Petahunan"),
        ("1005", "Bukir"),
        ("1006", "Randusari"),
        ("1007", "Krapyakrejo"),
        ("1009", "Gadingrejo"),
    )),
    ("02", "Purworejo", (
        ("1001", "Pohjentrek"),
        ("1002", "Wirogunan"),
        ("1003", "Tembokrejo"),
        ("1004", "Purutrejo"),
        ("1005", "Kebonagung"),
        ("1006", "Purworejo"),
        ("1011", "Sekargadung"),
    )),
    ("03", "Bugul Kidul", (
        ("1001", "Blandongan"),
        ("1002", "Kepel"),
        ("1003", "Tapa'an"),
        ("1005", "Bakalan"),
        ("1006", "Krampyangan"),
        ("1009", "Bugul Kidul"),
    )),
    ("04", "Panggungrejo", (
        ("1001", "Karanganyar"),
        ("1002", "Tamba'an"),
        ("1003", "Trajeng"),
        ("1004", "Bangilan"),
        ("1005", "Kebonsari"),
        ("1006", "Mayangan"),
        ("1007", "Ngemplakrejo"),
        ("1008", "Petamanan"),
        ("1009", "Pekuncen"),
        ("1010", "Bugul Lor"),
        ("1011", "Kandangsapi"),
        ("1012", "Panggungrejo"),
        ("1013", "Mandaranrejo"),
    )),
)

KOTA_PASURUAN_KECAMATAN: tuple[Kecamatan, ...] = tuple(
    Kecamatan(
        code=KOTA_PASURUAN_CODE + kec,
        name=kec_name,
        kelurahan=tuple(Kelurahan(KOTA_PASURUAN_CODE + kec + kel, name) for kel, name in kelurahan),
    )
    for kec, kec_name, kelurahan in _KOTA_PASURUAN
)


def kota_pasuruan_kelurahan() -> Iterator[Kelurahan]:
    for kecamatan in KOTA_PASURUAN_KECAMATAN:
        yield from kecamatan.kelurahan


def kecamatan_by_code(code: str) -> Kecamatan | None:
    """A Kota Pasuruan kecamatan by its code ('357504' or '35.75.04')."""
    code = undotted(code)
    return next((k for k in KOTA_PASURUAN_KECAMATAN if k.code == code), None)


_NAME_NOISE = re.compile(r"[\s'’`.\-]+")


def _name_key(name: str) -> str:
    # "Tapa'an", "Tapaan", "TAPAAN", "Bugul Kidul", "Bugulkidul" all compare equal.
    return _NAME_NOISE.sub("", fold(name))


def find_kelurahan(name: str, kecamatan_code: str | None = None) -> Kelurahan | None:
    """The Kota Pasuruan kelurahan called ``name`` (ignoring case, spaces and apostrophes),
    optionally only within one kecamatan. Two kelurahan never share a name in this city."""
    key = _name_key(name)
    if not key:
        return None
    wanted = undotted(kecamatan_code) if kecamatan_code else None
    for kelurahan in kota_pasuruan_kelurahan():
        if _name_key(kelurahan.name) == key and (wanted is None or kelurahan.kecamatan_code == wanted):
            return kelurahan
    return None


def find_kecamatan(name: str) -> Kecamatan | None:
    """The Kota Pasuruan kecamatan called ``name`` (ignoring case, spaces, 'Kec.'/'Kecamatan')."""
    key = _name_key(re.sub(r"^\s*(kecamatan|kec\.?)\s*", "", name, flags=re.IGNORECASE))
    if not key:
        return None
    return next((k for k in KOTA_PASURUAN_KECAMATAN if _name_key(k.name) == key), None)


@dataclass(frozen=True)
class StaticRegions:
    """A RegionLookup over plain mappings (code -> name); used for Kota Pasuruan and in tests."""

    provinces: Mapping[str, str]
    regencies: Mapping[str, str]
    kecamatan_names: Mapping[str, str]

    def province(self, code: str) -> str | None:
        return self.provinces.get(code)

    def regency(self, code: str) -> str | None:
        return self.regencies.get(code)

    def kecamatan(self, code: str) -> str | None:
        return self.kecamatan_names.get(code)

    @classmethod
    def of(cls, kecamatan: Iterable[tuple[str, str, str, str]]) -> StaticRegions:
        """From rows (kecamatan code6, province name, regency name, kecamatan name)."""
        provinces: dict[str, str] = {}
        regencies: dict[str, str] = {}
        names: dict[str, str] = {}
        for code, province, regency, name in kecamatan:
            provinces[code[:2]] = province
            regencies[code[:4]] = regency
            names[code] = name
        return cls(provinces, regencies, names)


KOTA_PASURUAN_REGIONS = StaticRegions.of(
    (k.code, KOTA_PASURUAN_PROVINCE_NAME, KOTA_PASURUAN_NAME, k.name) for k in KOTA_PASURUAN_KECAMATAN
)
