"""The fixed-asset reports: the KIB A–F registers, the Kartu Inventaris Ruangan, the Daftar
Penambahan Aset, the Laporan Mutasi Barang and the depreciation schedule, as PDF (reports.assets)
and XLSX (reports.assets_xlsx), and a KIB read back from XLSX.

No database: the DTOs are built here by hand; the depreciation figures come from
``domain.assets.depreciation`` (a PC bought in 2024 for Rp 12.000.000 with four years' life loses
Rp 3.000.000 a year). The PDFs are read back with tests/pdftext.py, the workbooks with openpyxl;
the totals' formulas are checked for their ranges and evaluated here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dinsos_desktop.domain.assets import (
    AssetFields,
    Condition,
    Kib,
    Origin,
    Period,
    depreciation,
)
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.reports.agenda import Cancelled
from dinsos_desktop.reports.asset_data import AssetReportHeader, period_between
from dinsos_desktop.reports.assets import (
    additions_model,
    depreciation_model,
    kib_columns,
    kib_model,
    mutation_model,
    register_ranges,
    render_additions,
    render_depreciation,
    render_kib,
    render_mutation,
    render_room_card,
    room_card_model,
)
from dinsos_desktop.reports.assets_xlsx import (
    ImportedAsset,
    SheetLayout,
    read_kib_xlsx,
    write_additions_xlsx,
    write_depreciation_xlsx,
    write_kib_xlsx,
    write_mutation_xlsx,
    write_room_card_xlsx,
)
from dinsos_desktop.reports.paper import A4, F4, MM, PaperSize
from dinsos_desktop.services.asset_dto import (
    AssetDTO,
    DepreciationReport,
    DepreciationRow,
    DepreciationTotals,
    MutationReport,
    MutationReportLine,
    RoomCard,
    RoomDTO,
)
from tests.pdftext import parse_pdf, squash

HEAD = Signatory("Kepala Dinas Sosial Kota Pasuruan", "Drs. H. Contoh Pejabat, M.Si.", "197001011990031001",
                 "Pembina Utama Muda (IV/c)")
KEEPER = Signatory("Pengurus Barang", "Siti Rahayu, S.E.", "198503122010012003", "Penata (III/c)")
OFFICE = OfficeProfile(head=HEAD, version=1)
PRINTED = dt.date(2026, 11, 30)
HEADER = AssetReportHeader(OFFICE, PRINTED, KEEPER)
STAMP = dt.datetime(2026, 11, 1, 9, 0)
ROOM = RoomDTO(3, "Kantor Dinas Sosial", "Ruang Kepala Dinas", "R.01", "Budi Santoso", True, 1)


def asset(i: int, kib: Kib, code: str, name: str, value: int, *, register: int | None = None,
          acquired: dt.date | None = dt.date(2024, 3, 5), year: int | None = None, life: int | None = 4,
          room: str = "", **details: Any) -> AssetDTO:
    fields = AssetFields(code=code, name=name, acquired_on=acquired, value=value,
                         acquired_year=year if acquired is None else acquired.year, **details)
    return AssetDTO(i, register or i, kib, name.split()[0], fields, room, "aktif", None, "", None, "", life,
                    "Pengurus Barang", 1, STAMP, STAMP)


def kib_b_assets() -> list[AssetDTO]:
    out = [
        asset(1, Kib.B, "1.3.2.10.01.02.001", "PC Unit", 12_000_000, register=7,
              brand_type="Lenovo ThinkCentre M70q Gen 3", material="Logam/plastik",
              factory_no="SN-PC8X2Y", notes="Dipakai bagian pelayanan", room="Kantor Dinas Sosial — Loket"),
        asset(2, Kib.B, "1.3.2.02.01.03.004", "Sepeda Motor", 24_500_000, acquired=dt.date(2023, 7, 14),
              life=7, brand_type="Honda Vario 125", size_cc="125 cc", material="Besi",
              factory_no="JM11E1234567", chassis_no="MH1JM1119NK123456", engine_no="JM11E1234567",
              plate_no="N 4321 AB", bpkb_no="P-04512345", origin=Origin.APBD),
        asset(3, Kib.B, "1.3.2.05.02.06.003", "Lemari Arsip Besi", 3_750_000, acquired=None, year=2015,
              life=5, brand_type="Brother", material="Besi", origin=Origin.HIBAH,
              condition=Condition.KURANG_BAIK),
    ]
    for k in range(10):  # ten identical chairs
        out.append(asset(10 + k, Kib.B, "1.3.2.05.01.04.001", "Kursi Kerja", 850_000, register=161 + k,
                         acquired=dt.date(2025, 2, 10), life=5, brand_type="Chitose", material="Besi/busa",
                         room=ROOM.label))
    return out


def kib_b_total() -> int:
    return sum(a.fields.value for a in kib_b_assets())


def other_kib_assets() -> dict[Kib, list[AssetDTO]]:
    return {
        Kib.A: [asset(30, Kib.A, "1.3.1.01.01.01.001", "Tanah Bangunan Kantor Pemerintah", 1_250_000_000,
                      acquired=None, year=1998, life=None, area_m2=Decimal("1250.5"),
                      address="Jl. Dr. Wahidin Sudirohusodo No. 85 A, Pasuruan", land_right="Hak Pakai",
                      certificate_date=dt.date(2001, 4, 2), certificate_no="12.34.56.78.9.00123",
                      land_use="Kantor Dinas Sosial")],
        Kib.C: [asset(31, Kib.C, "1.3.3.01.01.01.001", "Bangunan Gedung Kantor Permanen", 2_400_000_000,
                      acquired=dt.date(2005, 6, 1), life=50, multi_storey=True, concrete=True,
                      floor_area_m2=Decimal("640"), address="Jl. Dr. Wahidin Sudirohusodo No. 85 A",
                      document_date=dt.date(2005, 5, 20), document_no="640/123/IMB/2005",
                      land_area_m2=Decimal("1250.5"), land_status="Hak Pakai", land_code="1.3.1.01.01.01.001",
                      condition=Condition.BAIK)],
        Kib.D: [asset(32, Kib.D, "1.3.4.01.01.01.001", "Jalan Lingkungan Kantor", 150_000_000,
                      acquired=dt.date(2019, 9, 9), life=10, construction="Paving", length_m=Decimal("120"),
                      width_m=Decimal("4.5"), area_m2=Decimal("540"), address="Halaman kantor",
                      land_status="Hak Pakai", condition=Condition.KURANG_BAIK)],
        Kib.E: [asset(33, Kib.E, "1.3.5.01.01.01.001", "Buku Pedoman Pelayanan Sosial", 9_000_000,
                      acquired=dt.date(2022, 1, 20), life=None, title_spec="Pedoman Rehabilitasi Sosial / "
                      "Kemensos RI", quantity=120),
                asset(34, Kib.E, "1.3.5.02.01.01.001", "Lukisan Wali Kota", 5_000_000,
                      acquired=dt.date(2020, 8, 17), life=None, art_origin="Pasuruan", art_creator="A. Hadi",
                      art_material="Kanvas", quantity=1)],
        Kib.F: [asset(35, Kib.F, "1.3.6.01.01.01.001", "Pembangunan Gedung Arsip", 350_000_000,
                      acquired=dt.date(2026, 8, 1), life=None, building_type="P", multi_storey=False,
                      concrete=True, floor_area_m2=Decimal("120"), address="Belakang kantor",
                      document_date=dt.date(2026, 7, 20), document_no="027/45/423.105/2026",
                      start_date=dt.date(2026, 8, 3), land_status="Hak Pakai", contract_value=780_000_000)],
    }


def room_card() -> RoomCard:
    chairs = [a for a in kib_b_assets() if a.name == "Kursi Kerja"]
    pc = kib_b_assets()[0]
    broken = asset(40, Kib.B, "1.3.2.05.01.04.001", "Kursi Kerja", 850_000, register=171,
                   acquired=dt.date(2025, 2, 10), brand_type="Chitose", material="Besi/busa",
                   condition=Condition.RUSAK_BERAT, room=ROOM.label)
    return RoomCard(ROOM, (pc, *chairs, broken))


def mutation_report() -> MutationReport:
    lines = (
        MutationReportLine(Kib.B, "1.3.2.05.01.04.001", "Kursi Kerja", 10, 8_500_000, 0, 0, 1, 850_000),
        MutationReportLine(Kib.B, "1.3.2.10.01.02.001", "PC Unit", 4, 40_000_000, 2, 24_000_000, 1,
                           9_000_000),
        MutationReportLine(Kib.C, "1.3.3.01.01.01.001", "Bangunan Gedung Kantor Permanen", 1, 2_400_000_000,
                           0, 0, 0, 0),
        MutationReportLine(Kib.E, "1.3.5.01.01.01.001", "Buku Pedoman", 100, 7_500_000, 20, 1_500_000, 0, 0),
    )
    return MutationReport(dt.date(2026, 1, 1), dt.date(2026, 6, 30), "Semester I Tahun 2026", lines)


def depreciation_report(as_of: dt.date = dt.date(2026, 12, 31)) -> DepreciationReport:
    rows = []
    for a in [*kib_b_assets()[:3], *other_kib_assets()[Kib.A], *other_kib_assets()[Kib.C]]:
        start = a.fields.depreciation_start
        assert start is not None
        book = depreciation(a.fields.value, start, a.life_years, Period.YEAR, as_of,
                            depreciates=a.kib.depreciates)
        rows.append(DepreciationRow(a.id, a.kib, a.code, a.register, a.name, start, start.year, a.life_years,
                                    book))
    totals = []
    for kib in Kib:
        mine = [r for r in rows if r.kib is kib]
        if mine:
            totals.append(DepreciationTotals(kib, len(mine), sum(r.book.value for r in mine),
                                             sum(r.book.accumulated for r in mine),
                                             sum(r.book.book_value for r in mine)))
    return DepreciationReport(as_of, Period.YEAR, tuple(rows), tuple(totals))


def additions() -> list[AssetDTO]:
    return [kib_b_assets()[0], *other_kib_assets()[Kib.F], *kib_b_assets()[3:6], *other_kib_assets()[Kib.E]]


def rupiah(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def render_all(paper: PaperSize) -> dict[str, bytes]:
    return {
        "kib": render_kib(Kib.B, kib_b_assets(), HEADER, paper),
        "kir": render_room_card(room_card(), HEADER, paper),
        "additions": render_additions(additions(), HEADER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), paper),
        "mutation": render_mutation(mutation_report(), HEADER, paper),
        "depreciation": render_depreciation(depreciation_report(), HEADER, paper),
    }


def _check_frame(pdf: bytes, paper: PaperSize, *, portrait: bool = False) -> Any:
    """The pages' size and numbering, the signatures at the end; the parsed PDF."""
    parsed = parse_pdf(pdf)
    pages = parsed.pages
    width, height = (paper.width_mm, paper.height_mm) if portrait else (paper.height_mm, paper.width_mm)
    for n, page in enumerate(pages, 1):
        assert page.media_box == pytest.approx((0, 0, width * MM, height * MM), abs=0.01)
        assert f"Halaman {n} dari " in page.text
    assert str(len(pages)) in parsed.forms
    last = squash(pages[-1].text)
    for text in ("Mengetahui,", HEAD.position, HEAD.name, "NIP. 19700101 199003 1 001",
                 "Pasuruan, 30 November 2026", "Pengurus Barang", KEEPER.name, "NIP. 19850312 201001 2 003",
                 "JUMLAH"):
        assert squash(text) in last, text
    assert squash(OFFICE.office_name) in squash(pages[0].text)  # the letterhead
    return parsed


# --------------------------------------------------------------------------- the PDFs


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
def test_kib_b_register(paper: PaperSize) -> None:
    assets = kib_b_assets()
    parsed = _check_frame(render_kib(Kib.B, assets, HEADER, paper), paper)
    text = squash(parsed.text)
    first = squash(parsed.pages[0].text)
    for title in ("KARTU INVENTARIS BARANG (KIB) B", "PERALATAN DAN MESIN", "Keadaan per 30 November 2026"):
        assert squash(title) in first
    for column in kib_columns(Kib.B):
        assert squash(column.title) in squash(parsed.pages[-1].text), column.title  # the head on every page
    assert squash("Nomor") in first  # the group over Pabrik … BPKB
    positions = [text.find(squash(a.code) + squash(a.name)) for a in assets]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)  # every asset, in order
    for detail in ("0007", "0170", "MH1JM1119NK123456", "N 4321 AB", "P-04512345", "Honda Vario 125",
                   "Pengadaan (APBD)", "Hibah", "12.000.000", "24.500.000", "850.000"):
        assert squash(detail) in text, detail
    total = kib_b_total()
    assert total == 48_750_000
    assert squash(f"JUMLAH {rupiah(total)}") in text
    assert squash(f"Jumlah: 13 aset, nilai perolehan Rp {rupiah(total)}.") in text
    # The signatures never stand alone: assets share the last page with them.
    assert squash(assets[-1].code) in squash(parsed.pages[-1].text)


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
@pytest.mark.parametrize("kib", [Kib.A, Kib.C, Kib.D, Kib.E, Kib.F])
def test_each_kib_has_its_form(kib: Kib, paper: PaperSize) -> None:
    assets = other_kib_assets()[kib]
    parsed = _check_frame(render_kib(kib, assets, HEADER, paper), paper)
    assert len(parsed.pages) == 1
    text = squash(parsed.text)
    assert squash(f"KARTU INVENTARIS BARANG (KIB) {kib.value}") in text
    assert squash(kib.label.upper()) in text
    for column in kib_columns(kib):
        assert squash(column.title) in text, column.title
    expected = {
        Kib.A: ("Hak Pakai", "02-04-2001", "12.34.56.78.9.00123", "1.250,5", "1998", "Kantor Dinas Sosial"),
        Kib.C: ("Bertingkat", "Beton", "640/123/IMB/2005", "20-05-2005", "1.250,5", "1.3.1.01.01.01.001"),
        Kib.D: ("Paving", "120", "4,5", "540", "KB"),
        Kib.E: ("Pedoman Rehabilitasi Sosial", "Pasuruan", "A. Hadi", "Kanvas", "JUMLAH 121"),
        Kib.F: ("Belakang kantor", "027/45/423.105/2026", "03-08-2026", "780.000.000"),
    }[kib]
    for detail in expected:
        assert squash(detail) in text, detail
    assert squash(rupiah(sum(a.fields.value for a in assets))) in text


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
def test_room_card(paper: PaperSize) -> None:
    parsed = _check_frame(render_room_card(room_card(), HEADER, paper), paper, portrait=True)
    text = squash(parsed.text)
    for part in ("KARTU INVENTARIS RUANGAN (KIR)", "Kantor Dinas Sosial", "Ruang Kepala Dinas", "R.01",
                 "Budi Santoso", "Penanggung Jawab Ruangan", "Keadaan Barang", "Merk / Model"):
        assert squash(part) in text, part
    # Ten identical chairs share a line; the broken one has its own, counted under RB.
    assert squash("Kursi Kerja Chitose 1.3.2.05.01.04.001 0161–0170 2025 10 8.500.000 10") in text
    assert squash("0171 2025 1 850.000 1") in text
    assert squash("JUMLAH 12 21.350.000 11 0 1") in text
    assert squash("Jumlah: 12 barang, nilai perolehan Rp 21.350.000.") in text


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
def test_additions_by_kib(paper: PaperSize) -> None:
    assets = additions()
    parsed = _check_frame(render_additions(assets, HEADER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), paper),
                          paper)
    text = squash(parsed.text)
    assert squash("DAFTAR PENAMBAHAN ASET") in text and "Tahun 2026" in parsed.pages[0].text
    b = [a for a in assets if a.kib is Kib.B]
    e = [a for a in assets if a.kib is Kib.E]
    for heading in ("KIB B — Peralatan dan Mesin", "KIB E — Aset Tetap Lainnya",
                    "KIB F — Konstruksi Dalam Pengerjaan"):
        assert squash(heading) in text
    assert squash(f"Jumlah KIB B {len(b)} {rupiah(sum(a.fields.value for a in b))}") in text
    assert squash(f"Jumlah KIB E 121 {rupiah(sum(a.fields.value for a in e))}") in text
    total = sum(a.fields.value for a in assets)
    assert squash(f"JUMLAH 126 {rupiah(total)}") in text
    # By KIB: the KDP comes after the books, although it was given before them.
    assert text.find(squash("Buku Pedoman")) < text.find(squash("Pembangunan Gedung Arsip"))
    model = additions_model(assets, HEADER, dt.date(2026, 3, 1), dt.date(2026, 4, 15))
    assert model.period == "Periode 1 Maret 2026 s.d. 15 April 2026"


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
def test_mutation_report(paper: PaperSize) -> None:
    report = mutation_report()
    parsed = _check_frame(render_mutation(report, HEADER, paper), paper)
    text = squash(parsed.text)
    for part in ("LAPORAN MUTASI BARANG", "Semester I Tahun 2026 (1 Januari 2026 s.d. 30 Juni 2026)",
                 "Keadaan per 1 Januari 2026", "Mutasi Berkurang", "Mutasi Bertambah",
                 "Keadaan per 30 Juni 2026"):
        assert squash(part) in text, part
    # PC Unit: 4 at the start, 1 out, 2 in, 5 at the end.
    assert squash("1.3.2.10.01.02.001 PC Unit 4 40.000.000 1 9.000.000 2 24.000.000 5 55.000.000") in text
    assert squash("Jumlah KIB B 14 48.500.000 2 9.850.000 2 24.000.000 14 62.650.000") in text
    lines = report.lines
    totals = [sum(getattr(x, f) for x in lines) for f in ("opening_qty", "opening_value", "removed_qty",
                                                          "removed_value", "added_qty", "added_value",
                                                          "closing_qty", "closing_value")]
    assert squash("JUMLAH " + " ".join(rupiah(t) for t in totals)) in text
    assert totals[7] == totals[1] - totals[3] + totals[5] == 2_471_650_000


@pytest.mark.parametrize("paper", [A4, F4], ids=["A4", "F4"])
def test_depreciation_schedule(paper: PaperSize) -> None:
    report = depreciation_report()
    pc = next(r for r in report.rows if r.code == "1.3.2.10.01.02.001")
    # The example of the domain rules: Rp 12.000.000 over four years is Rp 3.000.000 a year; at the
    # end of 2026 three years (2024, 2025, 2026) are gone.
    assert (pc.book.per_period, pc.book.accumulated, pc.book.book_value) == (3_000_000, 9_000_000, 3_000_000)
    parsed = _check_frame(render_depreciation(report, HEADER, paper), paper)
    text = squash(parsed.text)
    assert squash("DAFTAR PENYUSUTAN ASET TETAP") in text
    assert squash("Per 31 Desember 2026 · Metode garis lurus, penyusutan tahunan") in text
    assert squash("1.3.2.10.01.02.001 0007 PC Unit 05-03-2024 12.000.000 4 3 3.000.000 9.000.000 "
                  "3.000.000") in text
    assert squash("KIB A — Tanah (tidak disusutkan)") in text
    for t in report.totals:
        assert squash(f"Jumlah KIB {t.kib.value} {rupiah(t.value)}") in text
        assert squash(f"{rupiah(t.accumulated)} {rupiah(t.book_value)}") in text
    assert squash(f"JUMLAH {rupiah(report.value)}") in text
    assert squash(f"{rupiah(report.accumulated)} {rupiah(report.book_value)}") in text
    assert report.value == report.accumulated + report.book_value


def test_a_long_register_runs_over_pages() -> None:
    assets = [asset(i, Kib.B, "1.3.2.05.01.04.001", f"Kursi Kerja {i}", 850_000 + i, register=i,
                    brand_type="Chitose", notes="Catatan panjang " * (i % 7)) for i in range(1, 301)]
    for paper in (A4, F4):
        pdf = render_kib(Kib.B, assets, HEADER, paper)
        parsed = _check_frame(pdf, paper)
        assert len(parsed.pages) > 5
        text = squash(parsed.text)
        positions = [text.find(squash(f"{a.register:04d}Chitose")) for a in assets]
        assert all(p >= 0 for p in positions) and positions == sorted(positions)
        for page in parsed.pages:
            assert squash("Kode Barang") in squash(page.text)
        assert squash(assets[-1].name) in squash(parsed.pages[-1].text)
        assert squash(f"JUMLAH {rupiah(sum(a.fields.value for a in assets))}") in text


def test_signatures_without_a_head_or_a_keeper() -> None:
    bare = AssetReportHeader(OfficeProfile(), PRINTED)
    text = parse_pdf(render_kib(Kib.B, kib_b_assets()[:2], bare)).text
    assert "Mengetahui" not in text
    assert "Pengurus Barang" in text  # with room for the name, to sign by hand
    custom = AssetReportHeader(OFFICE, PRINTED, KEEPER, title="KIB PERALATAN 2026", period="Per akhir tahun")
    text = parse_pdf(render_kib(Kib.B, kib_b_assets()[:2], custom)).text
    assert "KIB PERALATAN 2026" in text and "Per akhir tahun" in text


def test_empty_reports() -> None:
    text = squash(parse_pdf(render_kib(Kib.B, [], HEADER)).text)
    assert squash("Tidak ada aset pada KIB B.") in text and squash("JUMLAH 0") in text
    empty = MutationReport(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Tahun 2026", ())
    text = squash(parse_pdf(render_mutation(empty, HEADER)).text)
    assert squash("Tidak ada barang pada periode ini.") in text
    out = io.BytesIO()
    write_kib_xlsx(Kib.B, [], HEADER, out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert any(c.value == "Tidak ada aset pada KIB B." for row in ws.iter_rows() for c in row)


def test_progress_and_cancel() -> None:
    calls: list[tuple[int, int]] = []
    assets = kib_b_assets()
    render_kib(Kib.B, assets, HEADER, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, len(assets)) and calls[-1] == (len(assets), len(assets))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    with pytest.raises(Cancelled, match="dibatalkan"):
        render_depreciation(depreciation_report(), HEADER, cancelled=lambda: True)
    asked: list[int] = []

    def later() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        render_kib(Kib.B, assets, HEADER, cancelled=later)
    calls.clear()
    out = io.BytesIO()
    write_kib_xlsx(Kib.B, assets, HEADER, out, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, len(assets)) and calls[-1] == (len(assets), len(assets))
    out = io.BytesIO()
    with pytest.raises(Cancelled):
        write_mutation_xlsx(mutation_report(), HEADER, out, cancelled=lambda: True)
    assert out.getvalue() == b""  # nothing written


def test_importing_the_asset_report_modules_is_cheap() -> None:
    code = ("import sys, dinsos_desktop.reports.assets, dinsos_desktop.reports.asset_data; "
            "heavy = [m for m in ('reportlab', 'openpyxl', 'babel', 'PySide6', 'sqlalchemy') "
            "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_wording() -> None:
    assert register_ranges([3, 1, 2, 7, 9, 8]) == "0001–0003, 0007–0009"
    assert register_ranges([166]) == "0166"
    assert period_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "Tahun 2026"
    assert period_between(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == "Semester I Tahun 2026"
    assert period_between(dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == "Semester II Tahun 2026"
    assert period_between(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == \
        "1 Februari 2026 s.d. 28 Februari 2026"
    model = kib_model(Kib.B, kib_b_assets(), HEADER, as_of=dt.date(2026, 6, 30))
    assert model.period == "Keadaan per 30 Juni 2026"
    assert model.totals() == {"value": kib_b_total()}
    assert room_card_model(room_card(), HEADER).portrait
    assert mutation_model(mutation_report(), HEADER).row_count == 4
    assert depreciation_model(depreciation_report(), HEADER).row_count == 5


# --------------------------------------------------------------------------- the workbooks


_SUM = re.compile(r"^=SUM\(([^()]*)\)$")
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def evaluate(ws: Any, ref: str) -> int:
    """A cell's number, SUM formulas worked out the way Excel does (over ranges and lists)."""
    value = ws[ref].value
    if isinstance(value, str) and value.startswith("="):
        m = _SUM.match(value)
        assert m, value
        total = 0
        for arg in m.group(1).split(","):
            if ":" in arg:
                first, last = (_REF.match(part) for part in arg.split(":"))
                assert first and last and first[1] == last[1], arg
                total += sum(evaluate(ws, f"{first[1]}{r}") for r in range(int(first[2]), int(last[2]) + 1))
            else:
                total += evaluate(ws, arg)
        return total
    assert value is None or isinstance(value, int), (ref, value)
    return value or 0


def load(write: Any, *args: Any, **kw: Any) -> tuple[Any, SheetLayout]:
    out = io.BytesIO()
    layout = write(*args, out, **kw)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())).active, layout


def column_of(ws: Any, layout: SheetLayout, title: str) -> str:
    """The letter of the column titled ``title`` in the head (its own row, or the group's)."""
    for row in ws.iter_rows(min_row=layout.head_first, max_row=layout.head_last - 1):
        for cell in row:
            if cell.value == title:
                return str(cell.column_letter)
    raise AssertionError(title)


def _check_print_setup(ws: Any, layout: SheetLayout, *, paper_code: str = "9",
                       orientation: str = "landscape") -> None:
    assert ws.freeze_panes == f"C{layout.first_row}"
    assert ws.print_title_rows == f"${layout.head_first}:${layout.head_last}"
    setup = ws.page_setup
    assert setup.orientation == orientation
    assert str(setup.paperSize) == paper_code
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "Halaman &P dari &N" in (ws.oddFooter.center.text or "")
    # The head row of column numbers.
    assert [c.value for c in ws[layout.head_last]] == list(range(1, ws.max_column + 1))


@pytest.mark.parametrize(("paper", "code"), [(A4, "9"), (F4, "14")], ids=["A4", "F4"])
def test_kib_workbook(paper: PaperSize, code: str) -> None:
    assets = kib_b_assets()
    ws, layout = load(write_kib_xlsx, Kib.B, assets, HEADER, paper=paper)
    _check_print_setup(ws, layout, paper_code=code)
    assert ws.title == "KIB B"
    assert ws["A1"].value == "PEMERINTAH KOTA PASURUAN – DINAS SOSIAL"
    assert ws["A2"].value == "KARTU INVENTARIS BARANG (KIB) B"
    assert ws["A3"].value == "PERALATAN DAN MESIN"
    assert ws["A4"].value == "Keadaan per 30 November 2026"
    # "Nomor" over Pabrik, Rangka, Mesin, Polisi and BPKB, merged.
    nomor = column_of(ws, layout, "Nomor")
    assert any(str(r).startswith(f"{nomor}{layout.head_first}:") for r in ws.merged_cells.ranges)
    assert [ws.cell(layout.head_first + 1, ws[f"{nomor}1"].column + k).value for k in range(5)] == \
        ["Pabrik", "Rangka", "Mesin", "Polisi", "BPKB"]
    first, last = layout.section_rows[0]
    assert (first, last) == (layout.first_row, layout.first_row + len(assets) - 1)
    price = column_of(ws, layout, "Harga (Rp)")
    code_col, reg = column_of(ws, layout, "Kode Barang"), column_of(ws, layout, "Nomor Register")
    acquired = column_of(ws, layout, "Tanggal Perolehan")
    assert ws[f"A{first}"].value == 1 and ws[f"A{last}"].value == len(assets)
    assert ws[f"{code_col}{first}"].value == "1.3.2.10.01.02.001"
    assert ws[f"{reg}{first}"].value == "0007"  # text: the zeros stay
    assert ws[f"{price}{first}"].value == 12_000_000 and ws[f"{price}{first}"].number_format == "#,##0"
    assert ws[f"{acquired}{first}"].value == dt.datetime(2024, 3, 5)
    assert ws[f"{acquired}{first}"].number_format == "dd-mm-yyyy"
    # The total: a SUM over exactly the assets' rows, worth the register's value.
    assert ws[f"A{layout.total_row}"].value == "JUMLAH"
    assert ws[f"{price}{layout.total_row}"].value == f"=SUM({price}{first}:{price}{last})"
    assert evaluate(ws, f"{price}{layout.total_row}") == kib_b_total()
    texts = [c.value for row in ws.iter_rows(min_row=layout.total_row) for c in row
             if isinstance(c.value, str)]
    for part in ("Mengetahui,", HEAD.name, "NIP. 19700101 199003 1 001", "Pasuruan, 30 November 2026",
                 "Pengurus Barang", KEEPER.name, "NIP. 19850312 201001 2 003"):
        assert part in texts


def _check_grouped_totals(ws: Any, layout: SheetLayout, columns: Sequence[str],
                          expected: dict[str, list[int]]) -> None:
    """Subtotals sum their section's rows, the grand total its subtotals; the values as expected
    (per column: each section's, then the grand total)."""
    assert len(layout.subtotal_rows) == len(layout.section_rows)
    for letter in columns:
        for (first, last), row in zip(layout.section_rows, layout.subtotal_rows, strict=True):
            assert ws[f"{letter}{row}"].value == f"=SUM({letter}{first}:{letter}{last})"
            assert isinstance(ws[f"A{first}"].value, int) and isinstance(ws[f"A{last}"].value, int)
            assert ws[f"A{row}"].value.startswith("Jumlah KIB")
        refs = ",".join(f"{letter}{r}" for r in layout.subtotal_rows)
        assert ws[f"{letter}{layout.total_row}"].value == f"=SUM({refs})"
        got = [evaluate(ws, f"{letter}{r}") for r in (*layout.subtotal_rows, layout.total_row)]
        assert got == expected[letter], letter


def test_mutation_workbook() -> None:
    report = mutation_report()
    ws, layout = load(write_mutation_xlsx, report, HEADER)
    _check_print_setup(ws, layout)
    assert ws.title == "Mutasi Barang"
    letters = [chr(ord("D") + k) for k in range(8)]
    assert [ws[f"{x}{layout.head_first + 1}"].value for x in letters] == ["Jumlah Barang", "Nilai (Rp)"] * 4
    assert ws[f"D{layout.head_first}"].value == "Keadaan per 1 Januari 2026"
    fields = ("opening_qty", "opening_value", "removed_qty", "removed_value", "added_qty", "added_value")
    expected: dict[str, list[int]] = {}
    for letter, field in zip(letters, fields, strict=False):
        per_kib = [sum(getattr(x, field) for x in report.lines if x.kib is kib)
                   for kib in (Kib.B, Kib.C, Kib.E)]
        expected[letter] = [*per_kib, sum(per_kib)]
    closing = [sum(x.closing_value for x in report.lines if x.kib is kib) for kib in (Kib.B, Kib.C, Kib.E)]
    expected["K"] = [*closing, sum(closing)]
    _check_grouped_totals(ws, layout, [*letters[:6], "K"], expected)
    assert expected["K"][-1] == 2_471_650_000


def test_depreciation_workbook() -> None:
    report = depreciation_report()
    ws, layout = load(write_depreciation_xlsx, report, HEADER)
    _check_print_setup(ws, layout)
    value = column_of(ws, layout, "Nilai Perolehan (Rp)")
    accumulated = column_of(ws, layout, "Akumulasi Penyusutan (Rp)")
    book = column_of(ws, layout, "Nilai Buku (Rp)")
    expected = {value: [t.value for t in report.totals] + [report.value],
                accumulated: [t.accumulated for t in report.totals] + [report.accumulated],
                book: [t.book_value for t in report.totals] + [report.book_value]}
    _check_grouped_totals(ws, layout, [value, accumulated, book], expected)
    # The PC's row: three years of Rp 3.000.000 gone, Rp 3.000.000 left.
    row = next(r for r in range(layout.first_row, layout.total_row)
               if ws[f"B{r}"].value == "1.3.2.10.01.02.001")
    per = column_of(ws, layout, "Penyusutan per Tahun (Rp)")
    assert [ws[f"{c}{row}"].value for c in (value, per, accumulated, book)] == \
        [12_000_000, 3_000_000, 9_000_000, 3_000_000]


def test_additions_workbook() -> None:
    assets = additions()
    ws, layout = load(write_additions_xlsx, assets, HEADER, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    _check_print_setup(ws, layout)
    value, quantity = column_of(ws, layout, "Nilai Perolehan (Rp)"), column_of(ws, layout, "Jumlah")
    kibs = (Kib.B, Kib.E, Kib.F)
    values = [sum(a.fields.value for a in assets if a.kib is k) for k in kibs]
    quantities = [sum(a.fields.quantity for a in assets if a.kib is k) for k in kibs]
    _check_grouped_totals(ws, layout, [value, quantity], {value: [*values, sum(values)],
                                                          quantity: [*quantities, sum(quantities)]})


def test_room_card_workbook() -> None:
    ws, layout = load(write_room_card_xlsx, room_card(), HEADER, paper=F4)
    _check_print_setup(ws, layout, paper_code="14", orientation="portrait")
    assert ws.title == "KIR"
    texts = [c.value for row in ws.iter_rows(max_row=layout.head_first) for c in row if c.value]
    assert "Ruangan: Ruang Kepala Dinas" in texts and "Penanggung Jawab: Budi Santoso" in texts
    first, last = layout.section_rows[0]
    for title, total in (("Jumlah Barang", 12), ("Harga Beli / Perolehan (Rp)", 21_350_000), ("B", 11),
                         ("KB", 0), ("RB", 1)):
        letter = column_of(ws, layout, title)
        assert ws[f"{letter}{layout.total_row}"].value == f"=SUM({letter}{first}:{letter}{last})"
        assert evaluate(ws, f"{letter}{layout.total_row}") == total, title


# --------------------------------------------------------------------------- reading a KIB


@pytest.mark.parametrize("kib", list(Kib))
def test_a_written_kib_reads_back(kib: Kib, tmp_path: Path) -> None:
    assets = kib_b_assets() if kib is Kib.B else other_kib_assets()[kib]
    path = tmp_path / f"kib_{kib.value}.xlsx"
    write_kib_xlsx(kib, assets, HEADER, path)
    rows, problems = read_kib_xlsx(path)
    assert problems == []
    assert [(r.kib, r.register, r.fields) for r in rows] == [(a.kib, a.register, a.fields) for a in assets]
    assert rows[0].row == write_kib_xlsx(kib, assets, HEADER, io.BytesIO()).first_row


def _foreign_kib_b(path: Path) -> None:
    """Another office's KIB B, typed by hand: its own titles, a two-row head, text amounts,
    codes without leading zeros, a numbering row, a total and signatures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KARTU INVENTARIS BARANG (KIB) B"])
    ws.append(["PERALATAN DAN MESIN"])
    ws.append(["SKPD : DINAS SOSIAL"])
    ws.append([])
    ws.append(["No", "Kode Barang", "Jenis Barang / Nama Barang", "No. Reg.", "Merk/Type", "Ukuran/CC",
               "Bahan", "Tahun Pembelian", "Nomor", None, None, None, None, "Asal usul", "Harga",
               "Keterangan"])
    ws.append([None] * 8 + ["Pabrik", "Rangka", "Mesin", "Polisi", "BPKB"])
    ws.append(list(range(1, 17)))
    none5 = [None] * 5
    ws.append([1, "1.3.2.10.1.2.1", "PC Unit", 7, "Lenovo", None, "Plastik", 2024, *none5, "Pembelian",
               "Rp 12.000.000", "Loket"])
    ws.append([2, "1.3.2.2.1.3.4", "Sepeda Motor", "0002", "Honda", "125 cc", "Besi", "2023", "JM11", "MH1",
               "JM11E", "N 4321 AB", "P-045", "Hibah Kemensos", 24_500_000.0, None])
    ws.append([3, "1.3.2.x.01", "Meja", 1, None, None, None, 2020, *none5, "APBD", 500_000])
    ws.append([4, "1.3.2.05.01.04.001", "Kursi", 166, None, None, None, "dua ribu", *none5, "APBD",
               "850.000,50"])
    ws.append([5, "1.3.2.05", "Kursi", 1, None, None, None, 2020, *none5, "APBD", 1])
    ws.append([6, "1.3.3.01.01.01.001", "Gedung", None, None, None, None, 2005, *none5, "APBD",
               "2.400.000.000"])
    ws.append([None, None, "Lemari tanpa kode", None, None, None, None, 2019, *none5, "APBD", 750_000])
    ws.append(["JUMLAH", *[None] * 13, "=SUM(O8:O13)"])
    ws.append([])
    ws.append([None, "Mengetahui,", *[None] * 12, "Pasuruan, 30 November 2026"])
    ws.append([None, "Kepala Dinas Sosial", *[None] * 12, "Pengurus Barang"])
    ws.append([None, "NIP. 19700101 199003 1 001"])
    ws.merge_cells("I5:M5")
    for col in "ABCDEFGHNOP":
        ws.merge_cells(f"{col}5:{col}6")
    wb.save(path)


def test_another_offices_kib_is_read_with_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "kib_b_lama.xlsx"
    _foreign_kib_b(path)
    rows, problems = read_kib_xlsx(path)
    assert [r.row for r in rows] == [8, 9, 13]
    pc, motor, building = rows
    assert pc == ImportedAsset(8, Kib.B, 7, AssetFields(
        code="1.3.2.10.01.02.001", name="PC Unit", acquired_on=None, acquired_year=2024, value=12_000_000,
        origin=Origin.APBD, brand_type="Lenovo", material="Plastik", notes="Loket"))
    assert motor.register == 2 and motor.fields.value == 24_500_000 and motor.fields.origin is Origin.HIBAH
    assert (motor.fields.code, motor.fields.size_cc, motor.fields.chassis_no, motor.fields.plate_no,
            motor.fields.bpkb_no) == ("1.3.2.02.01.03.004", "125 cc", "MH1", "N 4321 AB", "P-045")
    assert building.kib is Kib.C and building.register is None  # the service decides about the register
    by_row = {(p.row, p.field): p.message for p in problems}
    assert set(by_row) == {(10, "code"), (11, "year"), (11, "value"), (12, "code"), (14, "code")}
    assert "1.3.2.x.01" in by_row[(10, "code")]
    assert "dua ribu" in by_row[(11, "year")]
    assert "850.000,50" in by_row[(11, "value")] and "bulat" in by_row[(11, "value")]
    assert "Rincian Objek" in by_row[(12, "code")]
    assert by_row[(14, "code")] == "Kode barang kosong."


def test_a_kib_a_with_decimals_dates_and_a_two_row_head(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "Nama Barang", "Kode Barang", "Register", "Luas (M2)", "Tahun Pengadaan", "Letak/Alamat",
               "Status Tanah", None, None, "Penggunaan", "Asal Usul", "Harga (Rp)", "Keterangan"])
    ws.append([None] * 7 + ["Hak", "Sertifikat Tanggal", "Sertifikat Nomor"])
    ws.append([1, "Tanah Kantor", "1.3.1.1.1.1.1", "0001", "1.250,5", 1998, "Jl. Wahidin 85", "Hak Pakai",
               "02-04-2001", "12.34", "Kantor", "APBD", 1_250_000_000, None])
    ws.append([2, "Tanah Gudang", "1.3.1.01.01.01.001", 2, 300, 2001, "Jl. Veteran", "Hak Milik",
               dt.datetime(2003, 1, 9), "77", "Gudang", "Hibah", "Rp 90.000.000", None])
    ws.append([3, "Tanah Parkir", "1.3.1.01.01.01.001", 3, "luas", 2001, None, None, "31-02-2001", None, None,
               None, 10, None])
    path = tmp_path / "kib_a.xlsx"
    wb.save(path)
    rows, problems = read_kib_xlsx(path)
    assert [(r.row, r.kib, r.register) for r in rows] == [(3, Kib.A, 1), (4, Kib.A, 2)]
    first, second = (r.fields for r in rows)
    assert (first.area_m2, first.land_right, first.certificate_date, first.certificate_no,
            first.land_use) == (Decimal("1250.5"), "Hak Pakai", dt.date(2001, 4, 2), "12.34", "Kantor")
    assert (second.area_m2, second.certificate_date, second.value, second.origin) == \
        (Decimal("300"), dt.date(2003, 1, 9), 90_000_000, Origin.HIBAH)
    assert {(p.row, p.field) for p in problems} == {(5, "area_m2"), (5, "certificate_date")}


def test_a_file_without_a_kib_head() -> None:
    out = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["Tanggal", "Perihal"])
    wb.save(out)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bukan_kib.xlsx"
        path.write_bytes(out.getvalue())
        rows, problems = read_kib_xlsx(path)
    assert rows == []
    assert len(problems) == 1 and "Kode Barang" in problems[0].message
