"""The seed of the asset code tree (resources/asset_codes.csv, Permendagri 108/2016) and its parser."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from dinsos_desktop.domain.asset_seed import SEED_FILE_NAME, parse_asset_codes
from dinsos_desktop.domain.assets import (
    CODE_WIDTHS,
    Kib,
    check_asset_code,
    code_level,
    kib_of,
    parent_code,
    useful_life,
)

SEED = Path(__file__).resolve().parents[2] / "resources" / SEED_FILE_NAME

PC_UNIT = "1.3.2.10.01.02.001"
MOTORCYCLE = "1.3.2.02.01.04.001"
MINIBUS = "1.3.2.02.01.02.003"
OFFICE_DESK = "1.3.2.05.02.01.002"
OFFICE_CHAIR = "1.3.2.05.02.01.003"
OFFICE_BUILDING = "1.3.3.01.01.01.001"
OFFICE_LAND = "1.3.1.01.01.04.001"
KDP = "1.3.6.01.01"


@pytest.fixture(scope="module")
def text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(text: str) -> list[tuple[str, str, int | None]]:
    return parse_asset_codes(text)


@pytest.fixture(scope="module")
def names(rows: list[tuple[str, str, int | None]]) -> dict[str, str]:
    return {code: name for code, name, _life in rows}


@pytest.fixture(scope="module")
def lives(rows: list[tuple[str, str, int | None]]) -> dict[str, int]:
    return {code: life for code, _name, life in rows if life is not None}


# --------------------------------------------------------------------------- the shipped file


def test_the_file_parses_with_its_header(text: str, rows: list[tuple[str, str, int | None]]) -> None:
    assert text.splitlines()[0] == "kode;nama;masa_manfaat"
    assert 150 <= len(rows) <= 300


def test_codes_are_written_well_formed_and_normalised(text: str) -> None:
    raw = [line[0] for line in csv.reader(text.splitlines()[1:], delimiter=";") if line]
    for code in raw:
        assert check_asset_code(code) == code, code
        assert all(len(part) == width for part, width in zip(code.split("."), CODE_WIDTHS,
                                                             strict=False)), code
    assert len(raw) == len(set(raw))


def test_every_parent_is_present(names: dict[str, str]) -> None:
    for code in names:
        parent = parent_code(code)
        assert parent is None or parent in names, code


def test_the_six_jenis_and_their_registers(names: dict[str, str]) -> None:
    assert names["1"] == "Aset"
    assert names["1.3"] == "Aset Tetap"
    expected = {
        "1.3.1": ("Tanah", Kib.A),
        "1.3.2": ("Peralatan dan Mesin", Kib.B),
        "1.3.3": ("Gedung dan Bangunan", Kib.C),
        "1.3.4": ("Jalan, Irigasi dan Jaringan", Kib.D),
        "1.3.5": ("Aset Tetap Lainnya", Kib.E),
        "1.3.6": ("Konstruksi Dalam Pengerjaan", Kib.F),
    }
    assert {code: (names[code], kib_of(code)) for code in expected} == expected
    assert sorted(code for code in names if code_level(code) == 3) == sorted(expected)
    for code in names:
        if code_level(code) >= 3:
            assert kib_of(code) is kib_of(code[:5]), code


def test_every_jenis_has_objek_and_registrable_codes(names: dict[str, str]) -> None:
    for jenis in ("1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5", "1.3.6"):
        below = [code for code in names if code.startswith(jenis + ".")]
        assert any(code_level(code) == 4 for code in below), jenis
        if jenis != "1.3.5":
            assert any(code_level(code) >= 5 for code in below), jenis


def test_objek_of_peralatan_dan_mesin(names: dict[str, str]) -> None:
    assert names["1.3.2.01"] == "Alat Besar"
    assert names["1.3.2.02"] == "Alat Angkutan"
    assert names["1.3.2.05"] == "Alat Kantor dan Rumah Tangga"
    assert names["1.3.2.10"] == "Komputer"
    assert [code for code in names if code.startswith("1.3.2.") and code_level(code) == 4] == \
        [f"1.3.2.{n:02d}" for n in range(1, 20)]


def test_pc_unit_and_its_useful_life(names: dict[str, str], lives: dict[str, int]) -> None:
    assert names[PC_UNIT] == "PC Unit"
    assert useful_life(PC_UNIT, lives) == 4


def test_default_useful_lives(names: dict[str, str], lives: dict[str, int]) -> None:
    assert names[MOTORCYCLE] == "Sepeda Motor"
    assert useful_life(MOTORCYCLE, lives) == 7
    assert useful_life(MINIBUS, lives) == 7
    assert "Kursi" in names[OFFICE_CHAIR] and "Meja" in names[OFFICE_DESK]
    assert useful_life(OFFICE_CHAIR, lives) == 5
    assert useful_life(OFFICE_DESK, lives) == 5
    assert names[OFFICE_BUILDING] == "Bangunan Gedung Kantor Permanen"
    assert useful_life(OFFICE_BUILDING, lives) == 50
    assert useful_life("1.3.4.01.01", lives) == 10  # Jalan


def test_land_and_construction_in_progress_have_no_useful_life(names: dict[str, str],
                                                               lives: dict[str, int]) -> None:
    assert names[OFFICE_LAND] == "Tanah Bangunan Kantor Pemerintah"
    assert useful_life(OFFICE_LAND, lives) is None
    assert useful_life(KDP, lives) is None
    assert [code for code in lives if kib_of(code) in (Kib.A, Kib.F)] == []


def test_depreciated_registers_have_a_useful_life_everywhere(names: dict[str, str],
                                                             lives: dict[str, int]) -> None:
    for code in names:
        if code_level(code) >= 4 and kib_of(code) in (Kib.B, Kib.C, Kib.D):
            life = useful_life(code, lives)
            assert life is not None and 1 <= life <= 100, code


def test_names_are_non_empty_and_unique_per_parent(names: dict[str, str]) -> None:
    siblings = Counter((parent_code(code), name.casefold()) for code, name in names.items())
    assert all(name.strip() == name and name for name in names.values())
    assert [key for key, count in siblings.items() if count > 1] == []


# --------------------------------------------------------------------------- the parser

HEADER = "kode;nama;masa_manfaat\n"


def test_parse_normalises_codes_and_reads_lives() -> None:
    rows = parse_asset_codes(HEADER + "1;Aset;\n1.3;Aset Tetap;\n1.3.2;Peralatan dan Mesin;\n"
                             "1.3.2.5;Alat Kantor dan Rumah Tangga; 5 \n\n1.3.2.5.1;  Alat   Kantor ;\n")
    assert rows == [("1", "Aset", None), ("1.3", "Aset Tetap", None),
                    ("1.3.2", "Peralatan dan Mesin", None),
                    ("1.3.2.05", "Alat Kantor dan Rumah Tangga", 5),
                    ("1.3.2.05.01", "Alat Kantor", None)]


def test_parse_accepts_commas_and_a_byte_order_mark() -> None:
    text = ('\ufeffkode,nama,masa_manfaat\r\n1,Aset,\r\n1.3,Aset Tetap,\r\n'
            '1.3.4,"Jalan, Irigasi dan Jaringan",\r\n')
    assert parse_asset_codes(text)[-1] == ("1.3.4", "Jalan, Irigasi dan Jaringan", None)


def test_parse_requires_the_header() -> None:
    with pytest.raises(ValueError, match="Baris 1: baris judul"):
        parse_asset_codes("1;Aset;\n1.3;Aset Tetap;\n")
    with pytest.raises(ValueError, match="kosong"):
        parse_asset_codes("\n  \n")


@pytest.mark.parametrize("line", ["1.3.x;Jenis Aneh;", "1.3.123;Terlalu Panjang;", ";Tanpa Kode;"])
def test_parse_refuses_a_bad_code(line: str) -> None:
    with pytest.raises(ValueError, match=r"^Baris 4: kode '.*' tidak sah"):
        parse_asset_codes(HEADER + "1;Aset;\n1.3;Aset Tetap;\n" + line + "\n")


@pytest.mark.parametrize(("line", "message"), [
    ("1.3.2;Peralatan dan Mesin;lima", "masa manfaat 'lima'"),
    ("1.3.2;Peralatan dan Mesin;101", "masa manfaat '101'"),
    ("1.3.2;Peralatan dan Mesin;-1", "masa manfaat '-1'"),
    ("1.3.2;;", "nama barang untuk kode 1.3.2 kosong"),
    ("1.3.2;Peralatan dan Mesin", "harus ada 3 kolom"),
    ("1.3.2;Peralatan;dan Mesin;5", "harus ada 3 kolom"),
])
def test_parse_refuses_a_bad_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^Baris 4: .*{message}"):
        parse_asset_codes(HEADER + "1;Aset;\n1.3;Aset Tetap;\n" + line + "\n")


def test_parse_refuses_a_duplicate_code() -> None:
    text = (HEADER + "1;Aset;\n1.3;Aset Tetap;\n1.3.2;Peralatan dan Mesin;\n1.3.2.5;Alat Kantor;\n"
            "1.3.2.05;Alat Kantor Lagi;\n")
    with pytest.raises(ValueError, match=r"^Baris 6: kode 1\.3\.2\.05 sudah ada di baris 5\.$"):
        parse_asset_codes(text)


def test_parse_refuses_a_code_whose_parent_is_missing() -> None:
    text = HEADER + "1;Aset;\n1.3;Aset Tetap;\n1.3.2.10;Komputer;4\n"
    with pytest.raises(ValueError, match=r"^Baris 4: induk kode 1\.3\.2\.10 \(yaitu 1\.3\.2\) tidak ada"):
        parse_asset_codes(text)


def test_parse_accepts_a_parent_written_after_its_child() -> None:
    rows = parse_asset_codes(HEADER + "1.3;Aset Tetap;\n1;Aset;\n")
    assert [code for code, _name, _life in rows] == ["1.3", "1"]
