"""The fixed-asset reports as XLSX workbooks, and an office's existing KIB read from XLSX.

Writing (openpyxl): the same reports as the PDFs of ``reports.assets``, from the same
``ReportModel``: KIB A–F, the KIR of a room, the Daftar Penambahan Aset, the Laporan Mutasi Barang
and the depreciation schedule. Each sheet has a title block (the government and office, the title,
the period), the head (grouped columns over two rows, merged, and the row of column numbers)
frozen with the first columns, column widths, real numbers and dates with their formats (whole
rupiah as ``#,##0``, dates dd-mm-yyyy), sections with their heading, subtotals and the grand total
as SUM formulas (a subtotal sums its section's rows, the grand total its subtotals, so they follow
the user's edits), the summary and the signatures, and a page set up to print: landscape (a KIR
portrait), one page wide, the head repeated on every page, "Halaman X dari Y" in the footer, A4 or
F4 (Folio). The table has thin borders; the sheet's grid is not printed.

A KIB's sheet has, after the form's columns, the columns that keep everything typed for an asset
(Tanggal Perolehan, Kondisi, Penanggung Jawab, …): ``read_kib_xlsx`` reads it back unchanged.

Reading (``read_kib_xlsx``): the head row is found among the first fifteen rows by its Indonesian
column titles ("Kode Barang", "Nama Barang", "Nomor Register", "Merk/Type", "Tahun Pembelian",
"Harga", "Asal Usul", "Kondisi", "Luas", "Nomor Sertifikat" …), also a head over two rows (a group
such as "Nomor" over "Pabrik", "Rangka", …). Which KIB the sheet is comes from its title ("KIB B",
"PERALATAN DAN MESIN") or else from its codes; it decides what an ambiguous title means ("Bahan",
"Ukuran", "Luas"). A data row is one with a code (digits and dots), or with a name and a price;
other rows (the column numbers, totals, signatures) are passed over. Every cell that cannot be read
is a ``RowProblem`` (the file's row, the field, a message in Bahasa Indonesia) and its row is left
out; the service checks the rest (``domain.assets.check_asset_fields``).

openpyxl is imported inside the functions (start-up cost).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from dinsos_desktop.domain.assets import (
    MIN_ASSET_LEVEL,
    AssetFields,
    Condition,
    Kib,
    Origin,
    check_asset_code,
    code_level,
    kib_of,
    parse_decimal,
    parse_rupiah,
)
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.office import format_nip
from dinsos_desktop.domain.text import fold
from dinsos_desktop.reports.agenda import Cancelled, IsCancelled, Progress
from dinsos_desktop.reports.agenda_xlsx import (
    _EXCEL_PAPER,
    DATE_FORMAT,
    FONT_NAME,
    FONT_SIZE,
    PathLike,
    _column_letter,
    _load_sheets,
    _norm,
    _numbering_row,
    _text,
    _totals_row,
    parse_date,
)
from dinsos_desktop.reports.agenda_xlsx import UnreadableFile as UnreadableFile  # raised by read_kib_xlsx
from dinsos_desktop.reports.asset_data import AssetReportHeader, date_text
from dinsos_desktop.reports.assets import (
    CANCELLED_MESSAGE,
    GRAND_TOTAL,
    ReportModel,
    additions_model,
    depreciation_model,
    kib_model,
    mutation_model,
    room_card_model,
)
from dinsos_desktop.reports.paper import A4, PaperSize
from dinsos_desktop.services.asset_dto import AssetDTO, DepreciationReport, MutationReport, RoomCard
from dinsos_desktop.services.letters import RowProblem

MONEY_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
YEAR_FORMAT = "0"
_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "decimal": DECIMAL_FORMAT, "date": DATE_FORMAT,
            "year": YEAR_FORMAT}
_BATCH = 200  # rows between progress reports and cancel checks
_HEAD_FILL, _SECTION_FILL, _SUBTOTAL_FILL, _TOTAL_FILL = "D9D9D9", "F2F2F2", "EDEDED", "D9D9D9"
_SIGNATURE_SPACE = 3  # empty rows for the signature and the stamp
_SHEET_NAMES = {"kir": "KIR", "penambahan": "Penambahan Aset", "mutasi": "Mutasi Barang",
                "penyusutan": "Penyusutan"}

# --------------------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """Where things are on a written sheet (1-based rows), for the caller's and the tests' use."""

    head_first: int  # the head's first row
    head_last: int  # the row of column numbers
    first_row: int  # the first data row
    total_row: int  # the grand total
    subtotal_rows: tuple[int, ...]
    section_rows: tuple[tuple[int, int], ...]  # (first, last) data rows of each section


def _office_line(model: ReportModel) -> str:
    office = model.header.office
    return " – ".join(t.strip().upper() for t in (office.government_name, office.office_name) if t.strip())


def _signature_lines(model: ReportModel) -> list[tuple[list[str], int]]:
    """Each block's lines (head lines, space, name, rank, NIP) and where its name is."""
    office = model.header.office
    blocks = []
    for spec in model.signatures:
        head = []
        if spec.dated:
            day = date_text(model.header.printed_on)
            head.append(f"{office.city}, {day}" if office.city.strip() else day)
        if spec.above.strip():
            head.append(spec.above.strip())
        head.extend(line.strip() for line in spec.signatory.position.splitlines() if line.strip())
        blocks.append(head)
    most = max((len(b) for b in blocks), default=0)
    out = []
    for spec, head in zip(model.signatures, blocks, strict=True):
        lines = [""] * (most - len(head)) + head + [""] * _SIGNATURE_SPACE
        name_at = len(lines)
        lines.append(spec.signatory.name.strip())
        if spec.signatory.rank.strip():
            lines.append(spec.signatory.rank.strip())
        if spec.signatory.nip.strip():
            lines.append(f"NIP. {format_nip(spec.signatory.nip)}")
        out.append((lines, name_at))
    return out


def write_report_xlsx(model: ReportModel, path_or_stream: PathLike | IO[bytes], *, paper: PaperSize = A4,
                      progress: Progress | None = None, cancelled: IsCancelled | None = None) -> SheetLayout:
    """The report as an XLSX workbook written to ``path_or_stream``; where its parts are.

    ``progress(done, total)`` is called every few hundred rows and ``cancelled()`` asked as often
    and before saving; when it answers True, ``reports.agenda.Cancelled`` is raised and nothing is
    written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(CANCELLED_MESSAGE)

    columns = model.columns
    n = len(columns)
    last_col = _column_letter(n)
    wb = Workbook()
    ws = wb.active
    ws.title = _SHEET_NAMES.get(model.key) or model.key.replace("_", " ").upper()  # kib_b -> KIB B
    wb.properties.title = f"{model.title} {model.subtitle} {model.period}".replace("  ", " ").strip()
    wb.properties.creator = model.header.office.office_name
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    fills = {k: PatternFill("solid", fgColor=c)
             for k, c in (("head", _HEAD_FILL), ("section", _SECTION_FILL), ("subtotal", _SUBTOTAL_FILL),
                          ("total", _TOTAL_FILL))}
    row = 1

    def title(text: str, size: float, is_bold: bool = True) -> None:
        nonlocal row
        cell = ws.cell(row, 1, text)
        cell.font = Font(name=FONT_NAME, size=size, bold=is_bold)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(f"A{row}:{last_col}{row}")
        row += 1

    title(_office_line(model), 12)
    title(model.title, 14)
    if model.subtitle:
        title(model.subtitle, 12)
    title(model.period, FONT_SIZE, False)
    row += 1
    for label, text in model.info:
        ws.cell(row, 1, f"{label}: {text}").font = Font(name=FONT_NAME, size=FONT_SIZE)
        row += 1
    if model.info:
        row += 1

    # The head: grouped columns over two rows.
    two = any(c.group for c in columns)
    head_first = row
    for i, col in enumerate(columns, 1):
        letter = _column_letter(i)
        ws.column_dimensions[letter].width = col.xlsx_width
        if col.group and two:
            ws.cell(row + 1, i, col.title)
        else:
            ws.cell(row, i, col.title)
            if two:
                ws.merge_cells(f"{letter}{row}:{letter}{row + 1}")
    i = 0
    while two and i < n:
        if not columns[i].group:
            i += 1
            continue
        j = i
        while j < n and columns[j].group == columns[i].group:
            j += 1
        ws.cell(row, i + 1, columns[i].group)
        if j - i > 1:
            ws.merge_cells(f"{_column_letter(i + 1)}{row}:{_column_letter(j)}{row}")
        i = j
    numbers_row = row + (2 if two else 1)
    for i in range(1, n + 1):
        ws.cell(numbers_row, i, i)
    for r in range(head_first, numbers_row + 1):
        for i in range(1, n + 1):
            cell = ws.cell(r, i)
            cell.font = bold if r < numbers_row else Font(name=FONT_NAME, size=8)
            cell.fill = fills["head"]
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = numbers_row + 1
    first_row = row

    total = model.row_count
    if progress is not None:
        progress(0, total)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    aligned = {"L": top, "C": Alignment(horizontal="center", vertical="top"),
               "R": Alignment(horizontal="right", vertical="top")}
    total_letters = {i: _column_letter(i + 1) for i, c in enumerate(columns) if c.total}
    span = next((i for i, c in enumerate(columns) if c.total), n)
    subtotal_rows: list[int] = []
    section_rows: list[tuple[int, int]] = []
    done = 0

    def band(r: int, label: str, kind: str) -> None:
        """A heading, subtotal or total line: the label over the columns before the totals."""
        cell = ws.cell(r, 1, label)
        last = n if kind == "section" else max(1, span)
        if last > 1:
            ws.merge_cells(f"A{r}:{_column_letter(last)}{r}")
        cell.alignment = Alignment(horizontal="left" if kind == "section" else "center", vertical="top")
        for i in range(1, n + 1):
            c = ws.cell(r, i)
            c.font = bold
            c.fill = fills[kind]
            c.border = border

    for section in model.sections:
        if section.heading:
            band(row, section.heading, "section")
            row += 1
        start = row
        for values in section.rows:
            done += 1
            if done % _BATCH == 0:
                check()
                if progress is not None:
                    progress(done, total)
            for i, (value, col) in enumerate(zip(values, columns, strict=True), 1):
                cell = ws.cell(row, i, value if value != "" else None)
                cell.border = border
                fmt = _FORMATS.get(col.kind)
                if fmt is not None and value is not None:
                    cell.number_format = fmt
                elif col.kind == "register" or col.key == "code":
                    cell.number_format = "@"
                cell.alignment = wrap if col.flex else aligned[col.align]
            row += 1
        if section.rows:
            section_rows.append((start, row - 1))
        if section.subtotal:
            band(row, section.subtotal, "subtotal")
            for i, letter in total_letters.items():
                cell = ws.cell(row, i + 1, f"=SUM({letter}{start}:{letter}{max(start, row - 1)})")
                cell.number_format = _FORMATS.get(columns[i].kind, MONEY_FORMAT)
            subtotal_rows.append(row)
            row += 1
    check()
    if not total:
        ws.cell(row, 1, model.empty)
        ws.merge_cells(f"A{row}:{last_col}{row}")
        for i in range(1, n + 1):
            ws.cell(row, i).border = border
        row += 1
    total_row = row
    band(row, GRAND_TOTAL, "total")
    for i, letter in total_letters.items():
        if subtotal_rows:
            formula = "=SUM(" + ",".join(f"{letter}{r}" for r in subtotal_rows) + ")"
        elif section_rows:
            formula = f"=SUM({letter}{section_rows[0][0]}:{letter}{section_rows[-1][1]})"
        else:
            formula = f"=SUM({letter}{first_row}:{letter}{first_row})"
        cell = ws.cell(row, i + 1, formula)
        cell.number_format = _FORMATS.get(columns[i].kind, MONEY_FORMAT)
    row += 2

    if model.summary:
        ws.cell(row, 1, model.summary).font = Font(name=FONT_NAME, size=FONT_SIZE)
        row += 2
    blocks = _signature_lines(model)
    places = _signature_columns(n, len(blocks))
    for (lines, name_at), at in zip(blocks, places, strict=True):
        for k, line in enumerate(lines):
            if line:
                cell = ws.cell(row + k, at, line)
                cell.alignment = Alignment(horizontal="center")
                if k == name_at:
                    cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, underline="single")

    ws.freeze_panes = f"C{first_row}"
    ws.print_title_rows = f"{head_first}:{numbers_row}"
    setup = ws.page_setup
    setup.orientation = "portrait" if model.portrait else "landscape"
    setup.paperSize = _EXCEL_PAPER.get(paper.key, "9")
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = model.short_name or model.title
    ws.oddFooter.right.size = 8
    check()
    target = os.fspath(path_or_stream) if isinstance(path_or_stream, (str, os.PathLike)) else path_or_stream
    wb.save(target)
    if progress is not None:
        progress(total, total)
    return SheetLayout(head_first, numbers_row, first_row, total_row, tuple(subtotal_rows),
                       tuple(section_rows))


def _signature_columns(columns: int, blocks: int) -> list[int]:
    """The column (1-based) of each signature block: the first near the left, the last near the
    right, any between them spread evenly."""
    if blocks <= 1:
        return [max(1, columns - 2)] * blocks
    left, right = min(2, columns), max(1, columns - 2)
    return [round(left + k * (right - left) / (blocks - 1)) for k in range(blocks)]


def write_kib_xlsx(kib: Kib, assets: Sequence[AssetDTO], header: AssetReportHeader,
                   path_or_stream: PathLike | IO[bytes], *, as_of: dt.date | None = None,
                   paper: PaperSize = A4, progress: Progress | None = None,
                   cancelled: IsCancelled | None = None) -> SheetLayout:
    """The KIB of ``assets`` with the form's columns and the extra ones ``read_kib_xlsx`` reads."""
    return write_report_xlsx(kib_model(kib, assets, header, as_of=as_of, spreadsheet=True), path_or_stream,
                             paper=paper, progress=progress, cancelled=cancelled)


def write_room_card_xlsx(card: RoomCard, header: AssetReportHeader, path_or_stream: PathLike | IO[bytes], *,
                         paper: PaperSize = A4, progress: Progress | None = None,
                         cancelled: IsCancelled | None = None) -> SheetLayout:
    return write_report_xlsx(room_card_model(card, header), path_or_stream, paper=paper, progress=progress,
                             cancelled=cancelled)


def write_additions_xlsx(assets: Sequence[AssetDTO], header: AssetReportHeader, start: dt.date, end: dt.date,
                         path_or_stream: PathLike | IO[bytes], *, paper: PaperSize = A4,
                         progress: Progress | None = None,
                         cancelled: IsCancelled | None = None) -> SheetLayout:
    return write_report_xlsx(additions_model(assets, header, start, end), path_or_stream, paper=paper,
                             progress=progress, cancelled=cancelled)


def write_mutation_xlsx(report: MutationReport, header: AssetReportHeader,
                        path_or_stream: PathLike | IO[bytes], *, paper: PaperSize = A4,
                        progress: Progress | None = None,
                        cancelled: IsCancelled | None = None) -> SheetLayout:
    return write_report_xlsx(mutation_model(report, header), path_or_stream, paper=paper, progress=progress,
                             cancelled=cancelled)


def write_depreciation_xlsx(report: DepreciationReport, header: AssetReportHeader,
                            path_or_stream: PathLike | IO[bytes], *, paper: PaperSize = A4,
                            progress: Progress | None = None,
                            cancelled: IsCancelled | None = None) -> SheetLayout:
    return write_report_xlsx(depreciation_model(report, header), path_or_stream, paper=paper,
                             progress=progress, cancelled=cancelled)


# --------------------------------------------------------------------------- reading a KIB


@dataclass(frozen=True, slots=True)
class ImportedAsset:
    """A data row of an imported KIB: the file's row, the register the code's KIB (None when the
    code is not an asset code), the register number if the file gives one, the fields."""

    row: int
    kib: Kib | None
    register: int | None
    fields: AssetFields


def _kib_field(title: str, kib: Kib | None) -> str | None:
    """The asset field a KIB column's title names (folded, see agenda_xlsx._norm; a two-row head's
    group and column title together: 'nomor rangka'), in the light of the sheet's KIB."""
    if not title:
        return None
    w = set(title.split())
    if title in ("no", "no urut", "nomor urut", "urut", "nmr"):
        return None
    if w & {"register", "reg", "registrasi"}:
        return "register"
    if "kode" in w:
        if "tanah" in w:
            return "land_code"
        return None if w & {"lokasi", "ruang", "ruangan"} else "code"
    if w & {"sertifikat", "sertipikat"}:
        return "certificate_date" if w & {"tanggal", "tgl"} else "certificate_no"
    for word, name in (("bpkb", "bpkb_no"), ("pabrik", "factory_no"), ("rangka", "chassis_no"),
                       ("mesin", "engine_no"), ("polisi", "plate_no"), ("nopol", "plate_no"),
                       ("bertingkat", "multi_storey"), ("beton", "concrete")):
        if word in w:
            return name
    if w & {"kondisi", "keadaan"}:
        return "condition"
    if "mulai" in w:
        return "start_date"
    if "kontrak" in w:
        return "contract_value"
    if w & {"harga", "nilai"}:
        return "value"
    if "tahun" in w and not w & {"tanggal", "tgl"}:
        return "year"
    if w & {"tanggal", "tgl"}:
        if "dokumen" in w:
            return "document_date"
        return "acquired_on" if w & {"perolehan", "pembelian", "pengadaan", "beli", "pembukuan"} else None
    if "dokumen" in w:
        return "document_no"
    if "hak" in w:
        return "land_right"
    if "penggunaan" in w:
        return "land_use"
    if "luas" in w:
        if "lantai" in w:
            return "floor_area_m2"
        if "tanah" in w:
            return "land_area_m2"
        return {Kib.C: "land_area_m2", Kib.F: "floor_area_m2"}.get(kib, "area_m2") if kib else "area_m2"
    if "panjang" in w:
        return "length_m"
    if "lebar" in w:
        return "width_m"
    if "status" in w and "tanah" in w:
        return "land_status"
    if "konstruksi" in w:
        return "construction"
    if w & {"letak", "lokasi", "alamat"}:
        return "address"
    if "asal" in w:
        return "art_origin" if "daerah" in w else "origin"
    if w & {"judul", "buku", "perpustakaan", "spesifikasi"}:
        return "title_spec"
    if "pencipta" in w:
        return "art_creator"
    if w & {"hewan", "ternak", "tumbuhan"}:
        return "animal_size" if "ukuran" in w else "animal_kind"
    if "bahan" in w:
        return "art_material" if kib is Kib.E or w & {"kesenian", "kebudayaan"} else "material"
    if w & {"merk", "merek", "type", "tipe", "model"}:
        return "brand_type"
    if "ukuran" in w or "cc" in w:
        return "animal_size" if kib is Kib.E else "size_cc"
    if "bangunan" in w:
        return "building_type"
    if "jumlah" in w:
        return "quantity"
    if w & {"keterangan", "ket", "catatan"}:
        return "notes"
    if w & {"penanggung", "pemakai", "pengguna"}:
        return "responsible"
    if "nama" in w or ("jenis" in w and "barang" in w):
        return "name"
    if "jenis" in w and kib is Kib.E:
        return "animal_kind"
    return None


_CODE_LIKE = re.compile(r"\d+(\s*\.\s*\d+)*\.?")
_NUMBERISH = re.compile(r"(rp\.?\s*)?[\d.,\s]*\d[\d.,\s]*(,-)?", re.IGNORECASE)
_KIB_IN_TITLE = re.compile(r"\bkib\s+([a-f])\b")
_KIB_OF_LABEL = {fold(label): kib for kib, label in
                 ((Kib.A, "Tanah"), (Kib.B, "Peralatan dan Mesin"), (Kib.C, "Gedung dan Bangunan"),
                  (Kib.D, "Jalan, Irigasi dan Jaringan"), (Kib.E, "Aset Tetap Lainnya"),
                  (Kib.F, "Konstruksi Dalam Pengerjaan"))}
_MAX_HEAD_ROW = 15


def _titles(rows: Sequence[tuple[Any, ...]], index: int, two: bool) -> list[str]:
    """The folded titles of a head at ``index``: a column's own title, or (``two``) its group's
    and its own under it ('nomor' + 'pabrik')."""
    upper = rows[index]
    width = max(len(upper), len(rows[index + 1]) if two and index + 1 < len(rows) else 0)
    out = []
    group = ""
    for c in range(width):
        top = _norm(upper[c]) if c < len(upper) else ""
        if top:
            group = top
        lower = _norm(rows[index + 1][c]) if two and c < len(rows[index + 1]) else ""
        out.append(f"{group} {lower}".strip() if lower else top)
    return out


def _fields_of(titles: Sequence[str], kib: Kib | None) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, title in enumerate(titles):
        name = _kib_field(title, kib)
        if name is not None and name not in columns:
            columns[name] = c
    return columns


def _sheet_kib(rows: Sequence[tuple[Any, ...]], head: int) -> Kib | None:
    for values in rows[:head]:
        for value in values:
            text = _norm(value)
            if m := _KIB_IN_TITLE.search(text):
                return Kib(m[1].upper())
            if text in _KIB_OF_LABEL:
                return _KIB_OF_LABEL[text]
    return None


_Head = tuple[int, int, list[str], dict[str, int], Kib | None]


def _find_kib_head(rows: Sequence[tuple[Any, ...]]) -> _Head | None:
    """(head row index, first data row index, titles, field -> column, the sheet's KIB) of the
    best head among the first rows: one with a code and a name column."""
    best: tuple[int, int, list[str], dict[str, int]] | None = None
    for index in range(min(_MAX_HEAD_ROW, len(rows))):
        for two in (False, True):
            if two and (index + 1 >= len(rows) or _numbering_row(rows[index + 1])
                        or any(_CODE_LIKE.fullmatch(_text(v)) and "." in _text(v) for v in rows[index + 1])):
                continue
            titles = _titles(rows, index, two)
            columns = _fields_of(titles, None)
            if "code" in columns and "name" in columns and (best is None or len(columns) > len(best[3])):
                best = (index, index + (2 if two else 1), titles, columns)
    if best is None:
        return None
    index, start, titles, columns = best
    kib = _sheet_kib(rows, index)
    if kib is None:  # the most common register of the codes
        found: Counter[Kib] = Counter()
        for values in rows[start:start + 200]:
            code_cell = values[columns["code"]] if columns["code"] < len(values) else None
            try:
                k = kib_of(check_asset_code(_text(code_cell)))
            except ValidationError:
                continue
            if k is not None:
                found[k] += 1
        kib = found.most_common(1)[0][0] if found else None
    return index, start, titles, _fields_of(titles, kib), kib


_TEXT_FIELDS = ("name", "responsible", "notes", "brand_type", "size_cc", "material", "factory_no",
                "chassis_no", "engine_no", "plate_no", "bpkb_no", "address", "land_right", "certificate_no",
                "land_use", "document_no", "land_status", "land_code", "construction", "title_spec",
                "art_origin", "art_creator", "art_material", "animal_kind", "animal_size", "building_type")
_DECIMAL_FIELDS = ("area_m2", "floor_area_m2", "land_area_m2", "length_m", "width_m")
_DATE_FIELDS = ("certificate_date", "document_date", "start_date")
_LABELS = {
    "code": "Kode barang", "name": "Nama barang", "register": "Nomor register", "year": "Tahun",
    "acquired_on": "Tanggal perolehan", "value": "Harga", "contract_value": "Nilai kontrak",
    "quantity": "Jumlah", "condition": "Kondisi", "multi_storey": "Bertingkat", "concrete": "Beton",
    "area_m2": "Luas", "floor_area_m2": "Luas lantai", "land_area_m2": "Luas tanah", "length_m": "Panjang",
    "width_m": "Lebar", "certificate_date": "Tanggal sertifikat", "document_date": "Tanggal dokumen",
    "start_date": "Tanggal mulai",
}


def _condition(text: str) -> Condition | None:
    t = fold(text).replace(".", "").strip()
    if t in ("", "-", "b", "baik"):
        return Condition.BAIK
    if t in ("kb", "kurang baik", "rusak ringan", "rr"):
        return Condition.KURANG_BAIK
    if t in ("rb", "rusak berat", "rusak", "r"):
        return Condition.RUSAK_BERAT
    return None


def _origin(text: str) -> Origin:
    t = fold(text)
    if not t or "apbd" in t or "pembelian" in t or "pengadaan" in t or "beli" in t:
        return Origin.APBD
    if "apbn" in t or "dekon" in t or "tugas pembantuan" in t:
        return Origin.APBN
    if "hibah" in t or "sumbangan" in t or "donasi" in t:
        return Origin.HIBAH
    if "mutasi" in t or "transfer" in t or "pindahan" in t:
        return Origin.MUTASI_MASUK
    return Origin.LAINNYA


def _yes(text: str, word: str) -> bool | None:
    t = fold(text).strip(" .")
    if t in ("", "-", "tidak", "t", "tdk", "no", "n", "0", "false", "bukan", f"tidak {word}", f"non {word}"):
        return False
    if t in ("ya", "y", "yes", "1", "true", word, "v", "√", "✓"):
        return True
    return None


def _whole(value: object) -> int | None:
    """Whole rupiah or a count from a cell: a number or text ('Rp 12.000.000'); None when empty;
    ValueError when it is not a whole number."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(str(value))
        return int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValueError(str(value))
        return int(value)
    return parse_rupiah(str(value).replace(",-", ""))


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    return None if text in ("", "-") else parse_decimal(text)


def _kib_row(row: int, cell: Callable[[str], object], columns: dict[str, int], titles: list[str],
             where: str) -> tuple[ImportedAsset | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(RowProblem(row, field, where + message))

    details: dict[str, Any] = {}
    code_text = " ".join(_text(cell("code")).split()).replace(" ", "")
    code = ""
    kib: Kib | None = None
    if not code_text:
        problem("code", "Kode barang kosong.")
    else:
        try:
            code = check_asset_code(code_text)
        except ValidationError as exc:
            problem("code", f"Kode barang “{code_text}”: {exc.errors.get('code', 'tidak sah')}")
        else:
            kib = kib_of(code)
            if code_level(code) < MIN_ASSET_LEVEL:
                problem("code", f"Kode barang “{code}” harus sampai Rincian Objek (lima tingkat) atau "
                                "lebih rinci.")
            elif kib is None:
                problem("code", f"Kode barang “{code}” bukan kode aset tetap (1.3.1 sampai 1.3.6).")
    name = " ".join(_text(cell("name")).split())
    if not name:
        problem("name", "Nama barang kosong.")

    register: int | None = None
    if "register" in columns:
        raw = cell("register")
        text = _text(raw)
        if text and text != "-":
            try:
                register = _whole(raw)
            except ValueError:
                register = None
            if register is None or register < 1:
                problem("register", f"Nomor register “{text}” bukan angka (misalnya 0007).")
                register = None

    def whole(field: str) -> int | None:
        raw = cell(field)
        try:
            return _whole(raw)
        except ValueError:
            problem(field, f"{_LABELS[field]} “{_text(raw)}” bukan angka bulat (rupiah tanpa sen, "
                           "misalnya 12.000.000).")
            return None

    value = whole("value")
    if value is None and not any(p.field == "value" for p in problems):
        problem("value", "Harga (nilai perolehan) kosong.")
    if "contract_value" in columns:
        details["contract_value"] = whole("contract_value")
    quantity = whole("quantity") if "quantity" in columns else None
    if quantity is not None:
        details["quantity"] = quantity

    acquired_on = None
    try:
        acquired_on = parse_date(cell("acquired_on"))
    except ValueError as exc:
        problem("acquired_on", f"Tanggal perolehan “{exc}” tidak terbaca; tulis dd-mm-yyyy.")
    year: int | None = None
    year_raw = cell("year")
    if _text(year_raw) not in ("", "-"):
        try:
            year = _whole(year_raw)
        except ValueError:
            year = None
        if year is None or not 1800 <= year <= 2200:
            problem("year", f"Tahun “{_text(year_raw)}” bukan tahun (empat angka).")
            year = None
    for field in _DATE_FIELDS:
        if field in columns:
            try:
                details[field] = parse_date(cell(field))
            except ValueError as exc:
                problem(field, f"{_LABELS[field]} “{exc}” tidak terbaca; tulis dd-mm-yyyy.")
    if acquired_on is None and year is None and details.get("start_date") is not None:
        year = details["start_date"].year  # a KDP's start is its year where nothing else is given
    if acquired_on is None and year is None and not any(p.field in ("acquired_on", "year") for p in problems):
        problem("year", "Tahun perolehan kosong.")

    for field in _DECIMAL_FIELDS:
        if field in columns:
            raw = cell(field)
            try:
                number = _decimal(raw)
            except ValueError:
                problem(field, f"{_LABELS[field]} “{_text(raw)}” bukan angka.")
                continue
            if number is not None and field == "length_m" and "km" in titles[columns[field]].split():
                number *= 1000
            details[field] = number
    for field in _TEXT_FIELDS:
        if field in columns and field != "name":
            details[field] = _text(cell(field))
    if "condition" in columns:
        condition = _condition(_text(cell("condition")))
        if condition is None:
            problem("condition", f"Kondisi “{_text(cell('condition'))}” tidak dikenal (B, KB atau RB).")
        else:
            details["condition"] = condition
    if "origin" in columns:
        details["origin"] = _origin(_text(cell("origin")))
    for field, word in (("multi_storey", "bertingkat"), ("concrete", "beton")):
        if field in columns:
            flag = _yes(_text(cell(field)), word)
            if flag is None:
                problem(field, f"{_LABELS[field]} “{_text(cell(field))}”: tulis {word.capitalize()} "
                               "atau Tidak.")
            else:
                details[field] = flag
    if problems or value is None:
        return None, problems
    fields = AssetFields(code=code, name=name, acquired_on=acquired_on, value=value,
                         acquired_year=acquired_on.year if acquired_on else year, **details)
    return ImportedAsset(row, kib, register, fields), []


def read_kib_xlsx(path: PathLike) -> tuple[list[ImportedAsset], list[RowProblem]]:
    """The assets of an office's KIB (XLSX, every visible sheet with a head row; or CSV), and the
    problems of the rows that cannot be read (those rows are left out). Raises ``UnreadableFile``
    when the file cannot be opened at all."""
    sheets = _load_sheets(path)
    found = [(name, rows, _find_kib_head(rows)) for name, rows in sheets]
    with_head = [s for s in found if s[2] is not None]
    if not with_head:
        return [], [RowProblem(1, "file", "Baris judul kolom tidak ditemukan di lima belas baris pertama "
                                          "(perlu kolom Kode Barang dan Nama Barang).")]
    assets: list[ImportedAsset] = []
    problems: list[RowProblem] = []
    for name, rows, head in with_head:
        assert head is not None
        _index, start, titles, columns, _kib = head
        where = f"Lembar {name}: " if len(with_head) > 1 else ""
        for index in range(start, len(rows)):
            values = rows[index]

            def cell(field: str, values: tuple[Any, ...] = values,
                     columns: dict[str, int] = columns) -> object:
                c = columns.get(field)
                return values[c] if c is not None and c < len(values) else None

            if all(_text(v) == "" for v in values) or _numbering_row(values) or _totals_row(values):
                continue
            code_text = _text(cell("code"))
            value = cell("value")
            priced = isinstance(value, (int, float, Decimal)) or bool(_NUMBERISH.fullmatch(_text(value)))
            if not _CODE_LIKE.fullmatch(code_text) and not (_text(cell("name")) and priced):
                continue  # headings, signatures, notes under the table
            item, row_problems = _kib_row(index + 1, cell, columns, titles, where)
            problems.extend(row_problems)
            if item is not None:
                assets.append(item)
    return assets, problems
