"""The asset code tree (Permendagri 108/2016) to and from XLSX/CSV: the admin imports the codes
the seed does not have and exports the tree to edit it in Excel. Columns: Kode, Nama, Masa
Manfaat (tahun), Aktif."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dinsos_desktop.reports.agenda_xlsx import (
    FileProblem,
    PathLike,
    _empty,
    _find_head,
    _load_sheets,
    _text,
)
from dinsos_desktop.services.asset_dto import AssetCodeDTO, AssetCodeInput

ASSET_CODE_COLUMNS = ("Kode", "Nama", "Masa Manfaat (tahun)", "Aktif")


def _code_field(title: str) -> str | None:
    words = set(title.split())
    if title in ("kode", "kode barang", "kode aset", "kode akun") or (
            "kode" in words and not words & {"lama", "induk"}):
        return "code"
    if title in ("nama", "uraian", "nama barang", "uraian barang", "nama kode", "jenis barang") or (
            words & {"nama", "uraian"}):
        return "name"
    if words & {"manfaat", "umur", "ekonomis"}:
        return "useful_life"
    if title in ("aktif", "dipakai", "status"):
        return "active"
    return None


def _code_text(value: object) -> str:
    # Excel may have turned "1.3" into the number 1.3: text as written, no trailing ".0".
    return _text(value).replace(" ", "")


def _life(value: object) -> tuple[int | None, str | None]:
    text = _text(value)
    if text in ("", "-"):
        return None, None
    cleaned = text.lower().replace("tahun", "").replace("thn", "").strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None, f"Masa manfaat '{text}' bukan angka tahun."
    if not number.is_integer():
        return None, f"Masa manfaat {text} tahun: isi bilangan bulat."
    return int(number), None


def _active(value: object) -> bool:
    return _text(value).lower() not in ("tidak", "t", "no", "n", "0", "false", "nonaktif", "tidak aktif")


def read_asset_codes(path: PathLike) -> tuple[list[tuple[int, AssetCodeInput]], list[FileProblem]]:
    """The codes of an XLSX or CSV file (head row among the first ten; the first sheet that has
    one). Returns (rows as (row number, input), problems): codes and names are passed on as
    written for the service to check; a useful life that is not a whole number of years is a
    problem here and leaves its row out."""
    for _name, rows in _load_sheets(path):
        found = _find_head(rows, _code_field, ("code", "name"))
        if found is None:
            continue
        head, columns, titles = found
        problems: list[FileProblem] = []
        out: list[tuple[int, AssetCodeInput]] = []
        for index in range(head + 1, len(rows)):
            values = rows[index]
            if _empty(values):
                continue

            def cell(field: str, values: tuple[Any, ...] = values,
                     columns: dict[str, int] = columns) -> object:
                c = columns.get(field)
                return values[c] if c is not None and c < len(values) else None

            life, problem = _life(cell("useful_life"))
            if problem is not None:
                problems.append(FileProblem(index + 1, titles.get("useful_life", "Masa Manfaat"), problem))
                continue
            out.append((index + 1, AssetCodeInput(_code_text(cell("code")), _text(cell("name")), life,
                                                  _active(cell("active")) if "active" in columns else True)))
        return out, problems
    return [], [FileProblem(1, "", "Baris judul kolom (Kode, Nama) tidak ditemukan di sepuluh baris "
                                   "pertama.")]


def write_asset_codes(rows: Sequence[AssetCodeDTO], path: PathLike) -> None:
    """The code tree to ``path`` (.xlsx, or .csv: UTF-8 with BOM and semicolons, as Excel with
    Indonesian settings opens it) in the columns ``read_asset_codes`` reads. The useful life is
    the one set on the code itself (empty where it is inherited)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(ASSET_CODE_COLUMNS)
        for c in rows:
            writer.writerow([c.code, c.name, "" if c.useful_life is None else c.useful_life,
                             "Ya" if c.active else "Tidak"])
        Path(path).write_bytes(out.getvalue().encode("utf-8-sig"))
        return
    if suffix != ".xlsx":
        raise ValueError(f"Format berkas {suffix or '(tanpa akhiran)'} tidak didukung; pakai .xlsx "
                         "atau .csv.")
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Kode Barang"
    ws.append(list(ASSET_CODE_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for c in rows:
        ws.append([c.code, c.name, c.useful_life, "Ya" if c.active else "Tidak"])
    for r in ws.iter_rows(min_row=2):
        r[0].number_format = "@"
        r[0].data_type = "s"
    for letter, width in zip("ABCD", (22, 60, 20, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.save(os.fspath(path))
