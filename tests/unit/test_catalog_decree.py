"""The bundled catalog against the decree it transcribes.

Keputusan Kepala Dinas Sosial Kota Pasuruan No. 188/76/423.105/2021 (12 Juli 2021) sets 27 service
standards, one per Lampiran. The expected values below were read from the decree's own text
(the OCR of the signed document), lampiran by lampiran, not copied from the JSON file: if the
catalog is edited and one of these numbers moves, either the edit or this table is wrong, and
the decree decides which.

Reading rules (docs/catalog-format.md): "hari" without "kerja" counts as calendar days; lettered
sub-items of a requirement are its children (each a checklist item); the numbered procedure steps
count, not the flowchart boxes that repeat them. Judgement calls pinned here on purpose:
"Maksimal 1 Bulan setengah" = 45 calendar days (Lampiran 6, 8); "Maksimal 2 bulan (Hari Kerja)" =
2 months (Lampiran 17, 18); Lampiran 9 (PKH) has no fixed time; Lampiran 21 keeps the decree's
31 numbered steps; Lampiran 26 has no legible Biaya/Tarif row and is recorded as free like the
rest of its form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from dinsos_desktop.domain.catalog import Catalog, Standard
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.services.catalog import read_catalog_file


@dataclass(frozen=True)
class Expected:
    lampiran: int
    title: str
    bidang: str
    requirements: int  # top-level Persyaratan items
    checklist: int  # leaf items a clerk ticks
    steps: int  # numbered Sistem, Mekanisme dan Prosedur steps
    time: tuple[int | None, str | None]  # Jangka Waktu: (value, unit)
    alternatives: int  # other time limits the decree names for particular cases
    fee: int | None  # rupiah
    products: tuple[str, ...]


_BA_REHSOS = ("Berita Acara Penanganan Kasus Rehabiltasi Sosial.", "Rujukan ke Layanan Jejaring Sosial.")

EXPECTED: dict[str, Expected] = {
    # Sekretariat (Lampiran 1-5)
    "KEPEGAWAIAN": Expected(
        1, "Administrasi Kepegawaian", "SEKRETARIAT", 4, 4, 6, (2, "calendar_days"), 1, 0,
        ("Usulan Kenaikan Pangkat", "Usulan Pensiun", "Usulan Cuti", "Usulan Kenaikan Gaji Berkala")),
    "ASET": Expected(
        2, "Pengelola/Pengurus Barang/Aset", "SEKRETARIAT", 1, 1, 8, (1, "calendar_days"), 1, 0,
        ("Pengelola/Pengurus Barang/Aset",)),
    "RENSTRA-RENJA": Expected(
        3, "Penyusunan Renstra dan Renja", "SEKRETARIAT", 1, 1, 9, (4, "weeks"), 1, 0,
        ("Penyusunan Renstra/Renja",)),
    "SURAT-KELUAR": Expected(
        4, "Surat Keluar", "SEKRETARIAT", 1, 1, 7, (1, "calendar_days"), 0, 0,
        ("Surat Keluar",)),
    "PENGADUAN-ONLINE": Expected(
        5, "Pengelolaan Pengaduan Online", "SEKRETARIAT", 1, 1, 8, (5, "calendar_days"), 0, 0,
        ("Pengelolaan Pengaduan Online",)),
    # Perlindungan dan Jaminan Sosial (Lampiran 6-14)
    "BANSOS-LVRI": Expected(
        6, "Bantuan Sosial Berupa Uang yang Diserahkan kepada LVRI", "LINJAMSOS", 1, 1, 16,
        (45, "calendar_days"), 0, 0,
        ("Bantuan Sosial berupa uang",)),
    "HIBAH-UANG-LEMBAGA": Expected(
        7, "Hibah Uang kepada Lembaga", "LINJAMSOS", 1, 1, 14, (2, "months"), 0, 0,
        ("Bantuan Hibah berupa Uang",)),
    "JURU-KUNCI-MAKAM": Expected(
        8, "Juru Kunci Makam Non Pemerintah", "LINJAMSOS", 1, 1, 15, (45, "calendar_days"), 0, 0,
        ("Bantuan Sosial berupa uang",)),
    "BANSOS-PKH": Expected(
        9, "Program Keluarga Harapan (PKH)", "LINJAMSOS", 1, 1, 14, (None, None), 0, 0,
        ("Bantuan uang dari Kementerian Sosial",)),
    "VERVAL-PBI": Expected(
        10, "Verifikasi dan Validasi PBI", "LINJAMSOS", 1, 1, 21, (1, "months"), 0, 0,
        ("Bantuan Kesehatan Jaminan Kesehatan",)),
    "SANTUNAN-KEMATIAN": Expected(
        11, "Santunan Kematian bagi Penduduk Miskin", "LINJAMSOS", 1, 1, 15, (2, "months"), 0, 0,
        ("Bantuan Belanja Tidak Terduga Santunan Kematian",)),
    "TANGGAP-DARURAT-BENCANA": Expected(
        12, "Pelaksanaan Tanggap Darurat Korban Bencana", "LINJAMSOS", 1, 1, 5, (3, "hours"), 0, 0,
        ("Pertolongan Korban Bencana",)),
    "VERVAL-DTKS": Expected(
        13, "Verifikasi dan Validasi DTKS", "LINJAMSOS", 1, 1, 6, (1, "months"), 0, 0,
        ("Data Terpadu Kesejahteraan Sosial (DTKS)",)),
    "HIBAH-HEWAN-KURBAN": Expected(
        14, "Hibah Hewan Kurban", "LINJAMSOS", 1, 1, 15, (2, "months"), 0, 0,
        ("Bantuan Hibah berupa Hewan Kurban",)),
    # Pemberdayaan Sosial dan Penanganan Fakir Miskin (Lampiran 15-21)
    "IZIN-KARANG-TARUNA": Expected(
        15, "Izin Pendirian Karang Taruna", "DAYASOS", 8, 8, 4, (7, "working_days"), 0, 0,
        ("Surat Rekomendasi Izin Operasional Karang Taruna",)),
    "IZIN-LKSA": Expected(
        16, "Izin Operasional Panti Asuhan/LKSA", "DAYASOS", 5, 5, 4, (5, "working_days"), 0, 0,
        ("Surat Izin Operasional Panti Asuhan",)),
    "PSM": Expected(
        17, "Pekerja Sosial Masyarakat (PSM)", "DAYASOS", 3, 9, 4, (2, "months"), 0, 0,
        ("Perekrutan PSM bersertifikasi",)),
    "TKSK": Expected(
        18, "Tenaga Kerja Sosial Kecamatan (TKSK)", "DAYASOS", 5, 15, 5, (2, "months"), 0, 0,
        ("Sertifikasi TKSK",)),
    "HIBAH-LEMBAGA": Expected(
        19, "Pemberian Hibah Lembaga", "DAYASOS", 4, 4, 9, (5, "working_days"), 0, 0,
        ("Penerbitan SK", "Nota dinas", "Penerbitan SP2D")),
    "BANSOS-COVID19": Expected(
        20, "Penyaluran Bantuan Sosial dalam Penanganan Dampak Sosial Akibat Pandemi COVID-19", "DAYASOS",
        3, 3, 9, (22, "working_days"), 0, 0,
        ("Penerbitan Rekom", "Penerbitan SK", "Penerbitan No VA", "Penerbitan Jadwal")),
    "PENDATAAN-BANSOS-APBD": Expected(
        21, "Pendataan Bansos APBD", "DAYASOS", 4, 4, 31, (22, "working_days"), 0, 0,
        ("Penerbitan SK Dan Rekom",)),
    # Pelayanan dan Rehabilitasi Sosial (Lampiran 22-27)
    "BANSOS-REHSOS": Expected(
        22, "Bansos Bidang Rehabilitasi Sosial", "REHSOS", 4, 4, 10, (5, "working_days"), 0, 0,
        ("Form Usulan Penerima Bansos", "SK Walikota penerima Bansos")),
    "ODGJ": Expected(
        23, "Penanganan ODGJ", "REHSOS", 5, 5, 11, (5, "working_days"), 0, 0,
        ("Berita Acara Penerimaan Kasus", "Form pandataan klien.", "Form assesmen.", "Form rujukan.",
         "Form rekomendasi.")),
    "ABH": Expected(
        24, "Anak Berhadapan dengan Hukum", "REHSOS", 1, 3, 12, (5, "working_days"), 0, 0, _BA_REHSOS),
    "KASUS-KESEJAHTERAAN-ANAK": Expected(
        25, "Kasus Kesejahteraan Anak", "REHSOS", 1, 7, 13, (5, "working_days"), 0, 0, _BA_REHSOS),
    "ANAK-KORBAN-KEKERASAN": Expected(
        26, "Anak Korban Kekerasan", "REHSOS", 1, 6, 11, (5, "working_days"), 0, 0, _BA_REHSOS),
    "TUNA-SOSIAL": Expected(
        27,
        "Penanganan Pelaporan Penyandang Tuna Sosial (Gelandangan, Anak Jalanan, Anak Terlantar dan "
        "Tuna Susila)",
        "REHSOS", 1, 4, 13, (5, "working_days"), 0, 0, _BA_REHSOS),
}

CODES = list(EXPECTED)

# Only the Rehabilitasi Sosial form (Lampiran 22-27) has a "Jaminan Keamanan dan Keselamatan" row.
WITH_SAFETY_ROW = {22, 23, 24, 25, 26, 27}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    parsed, _sha = read_catalog_file(bundled_catalog())
    return parsed


@pytest.fixture(scope="module")
def document() -> Any:
    return json.loads(bundled_catalog().read_text(encoding="utf-8"))


def _unit(s: Standard) -> str | None:
    return s.time_limit.unit.value if s.time_limit.unit is not None else None


# --------------------------------------------------------------------------- the decree as a whole


def test_decree_number_and_date(catalog: Catalog) -> None:
    assert catalog.version.decree_number == "188/76/423.105/2021"
    assert catalog.version.decree_date == dt.date(2021, 7, 12)


def test_exactly_27_standards_in_lampiran_order(catalog: Catalog) -> None:
    assert len(catalog.standards) == 27
    assert [s.lampiran for s in catalog.standards] == list(range(1, 28))
    assert [s.code for s in catalog.standards] == CODES


def test_bidang_are_the_four_fields_of_the_office(catalog: Catalog) -> None:
    assert {b.code for b in catalog.bidang} == {"SEKRETARIAT", "REHSOS", "DAYASOS", "LINJAMSOS"}


# --------------------------------------------------------------------------- per standard


@pytest.mark.parametrize("code", CODES, ids=CODES)
def test_standard_matches_decree(catalog: Catalog, code: str) -> None:
    s = catalog.standard(code)
    e = EXPECTED[code]
    assert s.lampiran == e.lampiran
    assert s.title == e.title
    assert s.bidang == e.bidang
    assert len(s.requirements) == e.requirements
    assert len(s.checklist_items()) == e.checklist
    assert len(s.procedure_steps) == e.steps
    assert (s.time_limit.value, _unit(s)) == e.time
    assert len(s.time_limit.alternatives) == e.alternatives
    assert s.fee.amount == e.fee
    assert s.products == e.products


@pytest.mark.parametrize("code", CODES, ids=CODES)
def test_every_standard_has_the_core_rows(catalog: Catalog, code: str) -> None:
    s = catalog.standard(code)
    assert s.legal_basis
    assert s.procedure_steps
    assert s.products
    assert s.complaint_channels
    assert s.evaluation


@pytest.mark.parametrize("code", CODES, ids=CODES)
def test_safety_guarantee_only_where_the_decree_has_the_row(catalog: Catalog, code: str) -> None:
    s = catalog.standard(code)
    if s.lampiran in WITH_SAFETY_ROW:
        assert s.safety_guarantee
    else:
        assert s.safety_guarantee is None


@pytest.mark.parametrize("code", CODES, ids=CODES)
def test_hari_without_kerja_is_calendar_days(catalog: Catalog, code: str) -> None:
    tl = catalog.standard(code).time_limit
    text = tl.text.lower()
    if "hari" not in text or "bulan" in text:
        return  # month limits qualified "(hari kerja)" stay months
    units = {_unit(catalog.standard(code))} | {a.unit.value for a in tl.alternatives}
    expected = "working_days" if "hari kerja" in text else "calendar_days"
    assert units == {expected}


# --------------------------------------------------------------------------- judgement calls


def test_time_limit_alternatives(catalog: Catalog) -> None:
    def alts(code: str) -> list[tuple[int, str, str]]:
        return [(a.value, a.unit.value, a.condition) for a in catalog.standard(code).time_limit.alternatives]

    assert alts("KEPEGAWAIAN") == [(1, "calendar_days", "kenaikan gaji berkala")]
    assert alts("ASET") == [(2, "calendar_days", "Rekonsiliasi Aset")]
    assert alts("RENSTRA-RENJA") == [(3, "weeks", "Renja")]


def test_month_and_a_half_is_45_calendar_days(catalog: Catalog) -> None:
    for code in ("BANSOS-LVRI", "JURU-KUNCI-MAKAM"):
        tl = catalog.standard(code).time_limit
        assert tl.text == "Maksimal 1 Bulan setengah"
        assert (tl.value, tl.unit.value if tl.unit else None) == (45, "calendar_days")


def test_pkh_has_no_fixed_time(catalog: Catalog) -> None:
    tl = catalog.standard("BANSOS-PKH").time_limit
    assert not tl.is_fixed
    assert "kementerian sosial" in tl.text.lower()


def test_aset_procedure_has_two_named_parts(catalog: Catalog) -> None:
    sections = catalog.standard("ASET").procedure_sections
    assert [(p.from_step, p.to_step) for p in sections] == [(1, 3), (4, 8)]


# --------------------------------------------------------------------------- nested requirements


def test_psm_criteria_are_seven_children_of_requirement_1(catalog: Catalog) -> None:
    first = catalog.standard("PSM").requirements[0]
    assert first.key == "1"
    assert [c.key for c in first.children] == [f"1.{x}" for x in "abcdefg"]
    assert [c.text for c in first.children] == [
        "warga negara Indonesia",
        "memiliki kemauan, kepedulian, dan komitmen sebagai relawan sosial",
        "memiliki kartu tanda penduduk di wilayah desa atau kelurahan atau nama lain sesuai dengan domisili",
        "usia paling rendah 18 (delapan belas) tahun",
        "mampu membaca dan menulis",
        "berkelakuan baik",
        "telah mengikuti bimbingan teknis dasar di bidang Kesejahteraan Sosial",
    ]
    assert all(not c.children for c in first.children)


def test_tksk_documents_are_eleven_children(catalog: Catalog) -> None:
    reqs = catalog.standard("TKSK").requirements
    with_children = [r for r in reqs if r.children]
    assert len(with_children) == 1
    docs = with_children[0]
    assert docs.key == "3"
    assert docs.text.startswith("Melengkapi persyaratan administrative meliputi")
    assert [c.key for c in docs.children] == [f"3.{x}" for x in "abcdefghijk"]
    assert docs.children[0].text.startswith("pasfoto ukuran 4 x 6 dan 3 x 4")
    assert docs.children[-1].text.startswith(
        "surat keterangan aktif dalam penyelenggaraan kesejahteraan sosial")


def test_abh_requirement_nests_two_levels(catalog: Catalog) -> None:
    (head,) = catalog.standard("ABH").requirements
    assert [c.key for c in head.children] == ["1.a", "1.b"]
    assert [c.key for c in head.children[0].children] == ["1.a.1", "1.a.2"]


# --------------------------------------------------------------------------- OCR noise

_NOISE = re.compile(
    r"CamScanner|Dipindai|Scanned"  # scanner footers
    r"|\[\d+\]|\(\d+\]|\[\d+\)"  # page marks such as "[39]", "(98]"
    r"|[|»‘’“”]"  # table rules and stray glyphs
    r"|  "  # doubled spaces
)


def _strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, dict):
        return [item for k, v in node.items() for item in _strings(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [item for i, v in enumerate(node) for item in _strings(v, f"{path}[{i}]")]
    return []


def test_no_ocr_noise_anywhere_in_the_file(document: Any) -> None:
    strings = _strings(document)
    assert len(strings) > 1000  # the walk reached the whole file
    noisy = [(p, s) for p, s in strings if _NOISE.search(s)]
    assert noisy == []


def test_no_leading_or_trailing_whitespace(document: Any) -> None:
    assert [(p, s) for p, s in _strings(document) if s != s.strip() or "\n" in s] == []
