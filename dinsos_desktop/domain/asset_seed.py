"""The seed of the asset code tree (Permendagri 108/2016) and its default useful lives.

The data is a CSV file shipped in ``resources/`` (:data:`SEED_FILE_NAME`), one code a line::

    kode;nama;masa_manfaat
    1.3.2.10;Komputer;4
    1.3.2.10.01.02.001;PC Unit;

``masa_manfaat`` is the useful life in years; empty when the code inherits its parent's (see
:func:`dinsos_desktop.domain.assets.useful_life`) or is not depreciated (Tanah, KDP). The
separator is a semicolon (a comma is accepted too, then names holding commas are quoted). Codes
are normalised (``1.3.2.5`` → ``1.3.2.05``). Stdlib only: the migration reads the file and passes
its text to :func:`parse_asset_codes`.
"""

from __future__ import annotations

import csv

from dinsos_desktop.domain.assets import check_asset_code, check_life_years, parent_code
from dinsos_desktop.domain.errors import ValidationError

SEED_FILE_NAME = "asset_codes.csv"
COLUMNS = ("kode", "nama", "masa_manfaat")
MAX_NAME_LENGTH = 200


def parse_asset_codes(text: str) -> list[tuple[str, str, int | None]]:
    """(code, name, useful life in years or None) for each line, in the file's order.

    ValueError (its message in Bahasa Indonesia, naming the line) when the header is missing, a
    line is malformed, a code is repeated, or a code's parent is not in the file."""
    lines = text.lstrip("\ufeff").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ValueError("Berkas kode barang kosong: baris judul 'kode;nama;masa_manfaat' tidak ada.")
    delimiter = ";" if ";" in lines[first] else ","
    reader = csv.reader(lines[first:], delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    if header != list(COLUMNS):
        raise ValueError(f"Baris {first + 1}: baris judul harus 'kode;nama;masa_manfaat', "
                         f"tertulis '{delimiter.join(header)}'.")
    rows: list[tuple[str, str, int | None]] = []
    line_of: dict[str, int] = {}
    for cells in reader:
        number = first + reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise ValueError(f"Baris {number}: harus ada {len(COLUMNS)} kolom (kode, nama, masa "
                             f"manfaat), tertulis {len(cells)}.")
        raw_code, raw_name, raw_life = (cell.strip() for cell in cells)
        try:
            code = check_asset_code(raw_code)
        except ValidationError as error:
            raise ValueError(f"Baris {number}: kode '{raw_code}' tidak sah. {error.message}") from None
        name = " ".join(raw_name.split())
        if not name:
            raise ValueError(f"Baris {number}: nama barang untuk kode {code} kosong.")
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(f"Baris {number}: nama barang paling panjang {MAX_NAME_LENGTH} karakter.")
        life = _life(raw_life, number)
        if code in line_of:
            raise ValueError(f"Baris {number}: kode {code} sudah ada di baris {line_of[code]}.")
        line_of[code] = number
        rows.append((code, name, life))
    for code, _name, _life_years in rows:
        parent = parent_code(code)
        if parent is not None and parent not in line_of:
            raise ValueError(f"Baris {line_of[code]}: induk kode {code} (yaitu {parent}) tidak ada "
                             "di berkas.")
    return rows


def _life(raw: str, number: int) -> int | None:
    if not raw:
        return None
    message = f"Baris {number}: masa manfaat '{raw}' harus bilangan bulat tahun (0–100) atau kosong."
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(message)
    try:
        return check_life_years(int(raw))
    except ValidationError:
        raise ValueError(message) from None
