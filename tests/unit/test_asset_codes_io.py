"""The asset code tree to and from XLSX/CSV (reports.asset_codes_io)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dinsos_desktop.domain.assets import Kib
from dinsos_desktop.reports.agenda_xlsx import UnreadableFile
from dinsos_desktop.reports.asset_codes_io import read_asset_codes, write_asset_codes
from dinsos_desktop.services.asset_dto import AssetCodeDTO, AssetCodeInput

CODES = [
    AssetCodeDTO(1, "1.3.2.10", "Komputer", 4, Kib.B, 4, 4, True, 1),
    AssetCodeDTO(2, "1.3.2.10.01", "Komputer Unit", 5, Kib.B, None, 4, True, 1),
    AssetCodeDTO(3, "1.3.2.10.01.02.001", "PC Unit", 7, Kib.B, None, 4, True, 1),
    AssetCodeDTO(4, "1.3.2.10.01.02.009", "Komputer lama; rusak \"berat\"", 7, Kib.B, 0, 0, False, 2),
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_tree_reads_back_as_written(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kode-barang{suffix}"
    write_asset_codes(CODES, path)
    rows, problems = read_asset_codes(path)
    assert problems == []
    assert rows == [
        (2, AssetCodeInput("1.3.2.10", "Komputer", 4, True)),
        (3, AssetCodeInput("1.3.2.10.01", "Komputer Unit", None, True)),
        (4, AssetCodeInput("1.3.2.10.01.02.001", "PC Unit", None, True)),
        (5, AssetCodeInput("1.3.2.10.01.02.009", "Komputer lama; rusak \"berat\"", 0, False)),
    ]


def test_an_office_list_with_its_own_titles(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR KODE BARANG DINAS SOSIAL"])
    ws.append([])
    ws.append(["No", "Kode Barang", "Uraian Barang", "Umur Ekonomis"])
    ws.append([1, "1.3.2.05.01.05.043", "LCD Projector/Infocus", "5 tahun"])
    ws.append([2, "1.3.2.05.02.01.003", "Kursi Besi/Metal", ""])
    ws.append([3, "1.3.2.05.02.06", "Alat Rumah Tangga Lainnya", "lima"])
    ws.append([4, "1.3.2.05.02.07", "Alat Pendingin", 5.5])
    ws.append([None, None, None, None])
    path = tmp_path / "kode.xlsx"
    wb.save(path)
    rows, problems = read_asset_codes(path)
    assert rows == [(4, AssetCodeInput("1.3.2.05.01.05.043", "LCD Projector/Infocus", 5, True)),
                    (5, AssetCodeInput("1.3.2.05.02.01.003", "Kursi Besi/Metal", None, True))]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (6, "Umur Ekonomis", "Masa manfaat 'lima' bukan angka tahun."),
        (7, "Umur Ekonomis", "Masa manfaat 5.5 tahun: isi bilangan bulat.")]


def test_a_file_without_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "lain.csv"
    path.write_text("Nomor;Perihal\n1;Undangan\n", encoding="utf-8")
    rows, problems = read_asset_codes(path)
    assert rows == []
    assert problems[0].message.startswith("Baris judul kolom (Kode, Nama) tidak ditemukan")
    with pytest.raises(UnreadableFile):
        read_asset_codes(tmp_path / "kode.pdf")
    with pytest.raises(ValueError):
        write_asset_codes(CODES, tmp_path / "kode.ods")
