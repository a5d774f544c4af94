"""The agenda book's spreadsheet files: the book written as XLSX, the classification codes
written and read as XLSX or CSV, and an office's old Excel agenda book read for import.

Writing (openpyxl, streaming: ten thousand letters take a second or two):

- ``write_agenda_xlsx``: a title block, the head row frozen (with the No. and Nomor Surat
  columns), real dates shown dd-mm-yyyy, long text wrapped, a voided letter's row struck
  through, the totals as formulas (COUNTA/COUNTIF over the rows, so they follow the user's
  edits), and a page set up to print: landscape, one page wide, the head row repeated, the grid
  printed, "Halaman X dari Y" in the footer, A4 or F4 (Folio). Its head row is one that
  ``read_old_agenda`` recognises: an exported book can be imported elsewhere.
- ``write_classifications``: the codes in the columns ``read_classifications`` reads, so an
  export imports again unchanged.

Reading (never raises for a bad cell: every problem is reported with its row):

- ``read_classifications(path) -> (rows, problems)``: the rows as ``ClassificationInput`` for
  ``services.letters.import_classifications``, which checks the set, code and name and reports
  what is wrong with them; a date that cannot be read is a ``FileProblem`` here, and its row is
  left out of ``rows``. Show the problems and do not import before the file is fixed.
- ``read_old_agenda(path) -> (letters, problems)``: ``ImportedLetter`` rows for
  ``services.letters.import_agenda`` and ``RowProblem`` for the rows that cannot be read (those
  rows are left out).

The format follows the file's extension: ``.xlsx``/``.xlsm`` or ``.csv`` (UTF-8 with or without
BOM, or the Windows code page Excel may use; separated by commas, semicolons or tabs, whichever
the head row uses). A file that cannot be opened at all raises ``UnreadableFile``. Row numbers
are the file's own: the sheet's row in a workbook, the record's number in a CSV (head = 1).

openpyxl is imported inside the functions (start-up cost).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dinsos_desktop.domain.letters import CodeSet, LetterFields, LetterKind, Nature
from dinsos_desktop.domain.text import fold
from dinsos_desktop.reports.agenda import (
    TITLE,
    VOID_MARK,
    Cancelled,
    IsCancelled,
    Progress,
    insert_note,
    is_void,
    nature_label,
    other_notes,
    period_text,
)
from dinsos_desktop.reports.paper import A4, PaperSize
from dinsos_desktop.services.dto import AgendaRegisterData, ClassificationDTO, ClassificationInput
from dinsos_desktop.services.letters import ImportedLetter, RowProblem

PathLike = str | os.PathLike[str]
DATE_FORMAT = "dd-mm-yyyy"
FONT_NAME, FONT_SIZE = "Calibri", 11  # Excel's default, which unstyled cells show
_BATCH = 500  # rows between progress reports and cancel checks

# Excel's paper size codes: 9 = A4, 14 = Folio (8.5 × 13 in, the F4 of Indonesian offices).
_EXCEL_PAPER = {"A4": "9", "F4": "14", "A5": "11"}


class UnreadableFile(ValueError):
    """The file cannot be opened as a workbook or a CSV file (the message says why, in
    Bahasa Indonesia)."""


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A cell of an imported file that cannot be read."""

    row: int  # the file's row (header = its own row, usually 1)
    column: str  # the column's title as the file has it ("" for the whole file)
    message: str


# --------------------------------------------------------------------------- writing the book


@dataclass(frozen=True, slots=True)
class _Col:
    title: str
    width: float  # in Excel's character widths
    kind: str = "plain"  # plain | wrap (long text, wrapped) | date


AGENDA_COLUMNS: tuple[_Col, ...] = (
    _Col("No.", 6),
    _Col("Nomor Surat", 28),
    _Col("Tanggal Surat", 12, "date"),
    _Col("Tanggal Kirim", 12, "date"),
    _Col("Tujuan", 30, "wrap"),
    _Col("Alamat Tujuan", 28, "wrap"),
    _Col("Perihal", 45, "wrap"),
    _Col("Kode Klasifikasi", 11),
    _Col("Sifat", 9),
    _Col("Lampiran", 9),
    _Col("Unit Pengolah", 13),
    _Col("Penandatangan", 24, "wrap"),
    _Col("Status", 8),
    _Col("Sisipan", 8),
    _Col("Keterangan", 34, "wrap"),
)
HEAD_ROW = 4  # rows 1-3: office, title, period
FIRST_ROW = HEAD_ROW + 1
ACTIVE_MARK = "Aktif"
YES = "Ya"


def _column_letter(index: int) -> str:
    """1 -> A, 15 -> O, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _col(title: str) -> str:
    return _column_letter(next(i for i, c in enumerate(AGENDA_COLUMNS, 1) if c.title == title))


def totals_formulas(first: int, last: int) -> list[tuple[str, str]]:
    """(label, formula) of the totals line under rows ``first``..``last``."""
    last = max(first, last)
    number, status, insert = _col("Nomor Surat"), _col("Status"), _col("Sisipan")
    return [
        ("Jumlah surat", f"=COUNTA({number}{first}:{number}{last})"),
        ("Jumlah aktif", f'=COUNTIF({status}{first}:{status}{last},"{ACTIVE_MARK}")'),
        ("Jumlah batal", f'=COUNTIF({status}{first}:{status}{last},"{VOID_MARK}")'),
        ("Jumlah nomor sisipan", f'=COUNTIF({insert}{first}:{insert}{last},"{YES}")'),
    ]


class _Styler:
    """Cells for the write-only sheet. Only what needs it is styled (a date's format, wrapped
    long text, a voided letter's strike-through): in a write-only sheet a styled cell costs about
    twice a plain value, and the book has 150,000 cells. Each look is built once; a cell of that
    look copies its style indices. Everything keeps Excel's default font and bottom alignment, so
    the rows read evenly; printing adds the grid."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self._ws = ws
        self._cell = WriteOnlyCell
        self._looks: dict[tuple[str, bool], Any] = {}

    def _template(self, kind: str, struck: bool) -> Any:
        from openpyxl.styles import Alignment, Font

        cell = self._cell(self._ws)
        if struck:
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE, family=2, scheme="minor", strike=True)
        if kind == "wrap":
            cell.alignment = Alignment(wrap_text=True)
        elif kind == "date":
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="center")
        return cell

    def cell(self, value: object, kind: str, struck: bool = False) -> Any:
        """``value`` as it should be written: a styled cell, or the value itself."""
        if value is None or value == "":
            return None
        if kind == "plain" and not struck:
            return value
        look = self._looks.get((kind, struck))
        if look is None:
            look = self._looks[(kind, struck)] = self._template(kind, struck)
        out = self._cell(self._ws, value=value)
        out._style = look._style.__copy__()  # the look's style indices
        return out


def _letter_row(index: int, letter: Any, styler: _Styler) -> list[Any]:
    void = is_void(letter)
    remarks = []
    if void:
        reason = " ".join(letter.void_reason.split())
        remarks.append(f"Batal: {reason}" if reason else "Batal")
    if letter.is_insert:
        remarks.append(insert_note(letter))
    remarks.extend(other_notes(letter))
    addressee = "\n".join(t for t in (letter.addressee_name.strip(), letter.addressee_institution.strip())
                          if t)
    address = " ".join(letter.addressee_address.split())
    values: list[object] = [
        index, letter.full_number, letter.letter_date, letter.sent_date, addressee, address,
        letter.subject, letter.classification_code, nature_label(letter.nature),
        letter.attachments, letter.bidang_code, letter.signatory,
        VOID_MARK if void else ACTIVE_MARK, YES if letter.is_insert else "", "\n".join(remarks),
    ]
    # The number, the status, the sisipan mark and Keterangan stay readable on a struck row.
    return [styler.cell(v, col.kind, void and col.title not in _NEVER_STRUCK)
            for v, col in zip(values, AGENDA_COLUMNS, strict=True)]


_NEVER_STRUCK = frozenset({"No.", "Status", "Sisipan", "Keterangan"})


def _discard(ws: Any) -> None:
    """Drop the temporary file of a write-only sheet that will not be saved."""
    rows = getattr(ws, "_rows", None)
    writer = getattr(ws, "_writer", None)
    with contextlib.suppress(Exception):
        if rows is not None:
            rows.close()
        if writer is not None:
            writer.xf.close()
    out = getattr(writer, "out", None)
    if isinstance(out, str):
        with contextlib.suppress(OSError):
            os.remove(out)


def write_agenda_xlsx(data: AgendaRegisterData, path_or_stream: PathLike | IO[bytes], *,
                      paper: PaperSize = A4, progress: Progress | None = None,
                      cancelled: IsCancelled | None = None) -> None:
    """The agenda book of ``data`` as an XLSX workbook written to ``path_or_stream``.

    ``progress(done, total)`` is called every few hundred rows and ``cancelled()`` asked as
    often; when it answers True, ``Cancelled`` is raised and nothing is written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.properties import PageSetupProperties

    from dinsos_desktop.reports.formatting import format_datetime

    wb = Workbook(write_only=True)
    period = period_text(data.year, data.month)
    ws = wb.create_sheet(title=(period.replace("Bulan ", "") or "Agenda")[:31])
    wb.properties.title = f"Buku Agenda Surat Keluar {period}"
    wb.properties.creator = data.office.office_name
    for i, col in enumerate(AGENDA_COLUMNS, 1):
        ws.column_dimensions[_column_letter(i)].width = col.width
    last_col = _column_letter(len(AGENDA_COLUMNS))
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = _EXCEL_PAPER.get(paper.key, "9")
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True  # the cells carry no borders (see _Styler)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = f"Buku Agenda Surat Keluar {period}"
    ws.oddFooter.right.size = 8
    for row in range(1, HEAD_ROW):
        ws.merged_cells.add(f"A{row}:{last_col}{row}")

    def title_cell(value: str, size: float, bold: bool = True) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(name=FONT_NAME, size=size, bold=bold)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        return cell

    office = data.office
    office_line = " – ".join(t.strip().upper() for t in (office.government_name, office.office_name)
                             if t.strip())
    total = len(data.letters)
    try:
        ws.append([title_cell(office_line, 12)])
        ws.append([title_cell(TITLE, 14)])
        ws.append([title_cell(f"{period} (dicetak {format_datetime(data.printed_at)})", FONT_SIZE,
                              bold=False)])
        head_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        head_fill = PatternFill("solid", fgColor="D9D9D9")
        styler = _Styler(ws)
        head = []
        for col in AGENDA_COLUMNS:
            cell = styler.cell(col.title, "wrap")
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            head.append(cell)
        ws.append(head)
        if progress is not None:
            progress(0, total)
        for i, letter in enumerate(data.letters, 1):
            if i % _BATCH == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(i, total)
            ws.append(_letter_row(i, letter, styler))
        if cancelled is not None and cancelled():
            raise Cancelled()
        last = FIRST_ROW + total - 1
        ws.append([])
        for label, formula in totals_formulas(FIRST_ROW, last):
            label_cell = title_cell(label, FONT_SIZE)
            label_cell.alignment = Alignment(horizontal="left")
            ws.append([None, label_cell, title_cell(formula, FONT_SIZE)])
    except BaseException:
        _discard(ws)
        raise
    target = os.fspath(path_or_stream) if isinstance(path_or_stream, (str, os.PathLike)) else path_or_stream
    wb.save(target)
    if progress is not None:
        progress(total, total)


# --------------------------------------------------------------------------- reading files


def _norm(text: object) -> str:
    """A head cell for matching: folded, punctuation to spaces ('Tgl. Surat' -> 'tgl surat')."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


def _load_sheets(path: PathLike) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """(sheet name, rows) of a workbook's visible sheets, or of a CSV file (one sheet, '')."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return [("", _read_csv(path))]
    if suffix not in (".xlsx", ".xlsm"):
        raise UnreadableFile(f"Berkas {Path(path).name} bukan XLSX atau CSV. Simpan ulang dari "
                             "Excel sebagai Buku Kerja Excel (.xlsx) atau CSV.")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # other programs' workbooks make openpyxl chatty
            warnings.simplefilter("ignore")
            wb = load_workbook(os.fspath(path), read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableFile(f"Berkas {Path(path).name} tidak dapat dibuka sebagai buku kerja "
                             f"Excel ({exc}).") from exc
    try:
        sheets = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            ws.reset_dimensions()  # some programs write a wrong size; read what is there
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheets.append((str(ws.title), [tuple(r) for r in ws.iter_rows(values_only=True)]))
        return sheets
    finally:
        wb.close()


def _read_csv(path: PathLike) -> list[tuple[Any, ...]]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"Berkas {Path(path).name} tidak dapat dibaca ({exc}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    if first and first.count(delimiter) == 0:
        delimiter = ","
    return [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _empty(values: Iterable[object]) -> bool:
    return all(_text(v) == "" for v in values)


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial number, or text as dd-mm-yyyy,
    dd/mm/yyyy, yyyy-mm-dd or '5 November 2026'; None for an empty cell or '-'.
    ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # a date cell that lost its format
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(str(value))
    text = str(value).strip()
    if text in ("", "-", "–"):
        return None
    folded = fold(text)
    try:
        if m := _DMY.fullmatch(folded):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if m := _YMD.fullmatch(folded):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _D_MONTH_Y.fullmatch(folded)) and m[2] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    except ValueError:
        pass  # 31-02-2026 and the like
    raise ValueError(text)


def _date_problem(text: str) -> str:
    return f"Tanggal “{text}” tidak terbaca; tulis sebagai tanggal, dd-mm-yyyy atau yyyy-mm-dd."


# --------------------------------------------------------------------------- classification codes


CLASSIFICATION_COLUMNS = ("Set", "Kode", "Nama", "Berlaku dari", "Berlaku sampai")


def _classification_field(title: str) -> str | None:
    words = set(title.split())
    if not title:
        return None
    if words & {"berlaku", "tanggal", "tgl", "mulai", "sampai", "hingga", "akhir"}:
        if words & {"sampai", "hingga", "akhir", "selesai", "sd"} or " s d" in f" {title}":
            return "valid_to"
        return "valid_from"
    if title in ("set", "daftar", "kelompok", "jenis kode", "set kode", "versi") or words & {"lama", "baru"}:
        return "code_set"  # also "Kode lama/baru"
    if words & {"nama", "uraian", "judul"}:
        return "name"
    if "kode" in words or "klasifikasi" in words:
        return "code"
    return None


def _code_set(text: str) -> str:
    """'lama', 'Kode lama', 'LAMA (78/2012)' -> 'lama'; likewise 'baru'; else the text as is
    (the service reports it)."""
    t = fold(text)
    if "lama" in t or "78/2012" in t:
        return CodeSet.OLD.value
    if "baru" in t or "83/2022" in t:
        return CodeSet.NEW.value
    return text.strip()


def _code(value: object) -> str:
    return _text(value)


def _find_head(rows: Sequence[tuple[Any, ...]], field_of: Callable[[str], str | None],
               needed: Iterable[str]) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(index, field -> column, field -> the column's title) of the best head row among the
    first ten rows that has every ``needed`` field; None when none has."""
    best: tuple[int, dict[str, int], dict[str, str]] | None = None
    for index, values in enumerate(rows[:10]):
        columns: dict[str, int] = {}
        titles: dict[str, str] = {}
        for c, value in enumerate(values):
            field = field_of(_norm(value))
            if field is not None and field not in columns:
                columns[field] = c
                titles[field] = " ".join(_text(value).split())
        if all(f in columns for f in needed) and (best is None or len(columns) > len(best[1])):
            best = (index, columns, titles)
    return best


def read_classifications(path: PathLike) -> tuple[list[tuple[int, ClassificationInput]], list[FileProblem]]:
    """The classification codes of an XLSX or CSV file with the columns Set (lama/baru), Kode,
    Nama, Berlaku dari, Berlaku sampai (the head row may be any of the first ten; the first
    sheet with one is read). Returns (rows as (row number, input), problems): the set, the code
    and the name are passed on as written, for the service to check; a date that cannot be read
    is a problem here and leaves its row out."""
    sheets = _load_sheets(path)
    for _name, rows in sheets:
        found = _find_head(rows, _classification_field, ("code", "name"))
        if found is None:
            continue
        head, columns, titles = found
        problems: list[FileProblem] = []
        if "code_set" not in columns:
            return [], [FileProblem(head + 1, "Set", "Kolom Set (lama/baru) tidak ada di baris judul.")]
        out: list[tuple[int, ClassificationInput]] = []
        for index in range(head + 1, len(rows)):
            values = rows[index]
            if _empty(values):
                continue

            def cell(field: str, values: tuple[Any, ...] = values,
                     columns: dict[str, int] = columns) -> object:
                c = columns.get(field)
                return values[c] if c is not None and c < len(values) else None

            row = index + 1
            dates: dict[str, dt.date | None] = {}
            bad = False
            for field in ("valid_from", "valid_to"):
                try:
                    dates[field] = parse_date(cell(field))
                except ValueError as exc:
                    problems.append(FileProblem(row, titles.get(field, field), _date_problem(str(exc))))
                    bad = True
            if bad:
                continue
            out.append((row, ClassificationInput(_code_set(_text(cell("code_set"))), _code(cell("code")),
                                                 _text(cell("name")), dates["valid_from"],
                                                 dates["valid_to"])))
        return out, problems
    return [], [FileProblem(1, "", "Baris judul kolom (" + ", ".join(CLASSIFICATION_COLUMNS)
                            + ") tidak ditemukan di sepuluh baris pertama.")]


def write_classifications(rows: Sequence[ClassificationDTO], path: PathLike) -> None:
    """The codes to ``path`` (.xlsx, or .csv: UTF-8 with BOM and semicolons, as Excel with
    Indonesian settings opens it) in the columns ``read_classifications`` reads."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(CLASSIFICATION_COLUMNS)
        for c in rows:
            writer.writerow([c.code_set, c.code, c.name,
                             c.valid_from.strftime("%d-%m-%Y") if c.valid_from else "",
                             c.valid_to.strftime("%d-%m-%Y") if c.valid_to else ""])
        Path(path).write_bytes(out.getvalue().encode("utf-8-sig"))
        return
    if suffix != ".xlsx":
        raise ValueError(f"Format berkas {suffix or '(tanpa akhiran)'} tidak didukung; "
                         "pakai .xlsx atau .csv.")
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Kode Klasifikasi"
    ws.append(list(CLASSIFICATION_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for c in rows:
        ws.append([c.code_set, c.code, c.name, c.valid_from, c.valid_to])
    for r in ws.iter_rows(min_row=2):
        r[1].number_format = "@"
        r[1].data_type = "s"
        for cell in r[3:5]:
            cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDE", (8, 16, 60, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.save(os.fspath(path))


# --------------------------------------------------------------------------- the old agenda book


def _agenda_field(title: str) -> str | None:
    """The letter field an old book's column title names (None: not one we read)."""
    if not title:
        return None
    words = set(title.split())
    if words & {"tanggal", "tgl", "tangal"}:
        if words & {"kirim", "dikirim", "pengiriman", "ekspedisi", "diteruskan"}:
            return "sent_date"
        return "letter_date"
    if title in ("no", "no urut", "nomor urut", "urut", "no agenda", "nomor agenda", "nmr"):
        return "seq"
    if words & {"nomor", "no", "nmr"} and (words & {"surat", "naskah", "keluar"} or title == "nomor"):
        return "full_number"
    if "alamat" in words:
        return "addressee_address"
    if "instansi" in words:
        return "addressee_institution"
    if words & {"perihal", "hal", "ringkas", "ringkasan", "isi", "singkat"}:
        return "subject"
    if words & {"tujuan", "kepada", "ditujukan", "penerima", "dikirim"}:
        return "addressee_name"
    if words & {"pengolah", "bidang", "unit", "seksi"}:
        return "bidang_code"
    if words & {"kode", "klasifikasi", "klas"}:
        return "classification_code"
    if "sifat" in words:
        return "nature"
    if words & {"lampiran", "lamp"}:
        return "attachments"
    if words & {"penandatangan", "ttd", "ditandatangani", "tandatangan"} or title == "tanda tangan":
        return "signatory"
    if "status" in words:
        return "status"
    if "sisipan" in words:
        return "insert"
    if words & {"keterangan", "ket", "catatan"}:
        return "notes"
    if "jenis" in words:
        return "kind"
    return None


_NUMBER_PART = re.compile(r"0*(\d+)([a-z]{1,3}|\.\d{1,3})?", re.IGNORECASE)
_VOID_PREFIX = re.compile(r"^\s*(?:surat\s+)?(?:di)?batal(?:kan)?\s*[:;,.\-–—]?\s*", re.IGNORECASE)
_YTH = re.compile(r"^\s*(?:kepada\s+)?yth\.?\s*", re.IGNORECASE)


def split_number(full_number: str) -> tuple[int, str] | None:
    """The running number and sisipan suffix of a letter number written as
    ``code/number[suffix]/unit/year``: '460/076a/423.105/2026' -> (76, 'a'), '…/76.1/…' ->
    (76, '.1'); None when the second part is not such a number."""
    parts = [p.strip() for p in full_number.split("/")]
    if len(parts) < 2:
        return None
    m = _NUMBER_PART.fullmatch(parts[1])
    if m is None:
        return None
    return int(m[1]), (m[2] or "").lower()


def _nature(text: str) -> Nature | None:
    t = fold(text)
    if not t or t in ("-", "biasa"):
        return Nature.BIASA
    for nature in (Nature.RAHASIA, Nature.SEGERA, Nature.PENTING, Nature.BIASA):
        if nature.value in t:
            return nature
    if "kilat" in t:
        return Nature.SEGERA
    return None


def _attachments(value: object) -> int | None:
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and value >= 0 else None
    t = fold(str(value))
    if t in ("", "-", "–", "nihil", "tidak ada", "tanpa"):
        return 0
    m = re.match(r"(\d+)", t)
    return int(m[1]) if m else None


def _numbering_row(values: Sequence[object]) -> bool:
    """The row of column numbers (1, 2, 3, …) many books have under their head."""
    numbers = [_text(v) for v in values if _text(v)]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    start = int(numbers[0])
    return numbers == [str(i) for i in range(start, start + len(numbers))]


def _totals_row(values: Sequence[object]) -> bool:
    """A totals line under the table ('Jumlah surat', 'Total …')."""
    first = next((_text(v) for v in values if _text(v)), "")
    return fold(first).startswith(("jumlah", "total"))


def _remarks(notes: str, status: str) -> tuple[bool, str, str]:
    """(void, void reason, remaining notes) from Keterangan and a status column."""
    lines = [line.strip() for line in notes.splitlines() if line.strip()]
    batal = [i for i, line in enumerate(lines) if "batal" in fold(line)]
    void = "batal" in fold(status) or bool(batal)
    if not void:
        return False, "", "\n".join(lines)
    if batal:
        reason = _VOID_PREFIX.sub("", lines[batal[0]]).strip()
        rest = [line for i, line in enumerate(lines) if i != batal[0]]
        return True, reason, "\n".join(rest)
    return True, " ".join(lines), ""


_REQUIRED = {"letter_date": "Tanggal Surat", "subject": "Perihal", "addressee_name": "Tujuan"}


def read_old_agenda(path: PathLike) -> tuple[list[ImportedLetter], list[RowProblem]]:
    """The letters of an office's old agenda book (XLSX, every visible sheet with a head row; or
    CSV) for ``import_agenda``, and the rows that cannot be read.

    The head row is found among the first ten rows by its Indonesian column titles (No, Nomor
    Surat, Tanggal Surat/Tgl Surat, Tanggal Kirim, Tujuan/Kepada, Alamat, Perihal/Isi Ringkas,
    Kode, Sifat, Lampiran, Unit Pengolah/Bidang, Penandatangan, Status, Keterangan; any case).
    The running number and sisipan suffix come from the letter number (``code/76a/unit/year``),
    the classification code from the Kode column or else the number's first part; a code 188…
    is a keputusan. Sifat defaults to biasa; a row whose Status or Keterangan says "batal" is a
    voided letter. Fully empty rows, a row of column numbers and totals lines ("Jumlah …") are
    skipped. With several sheets, problems name their sheet."""
    sheets = _load_sheets(path)
    letters: list[ImportedLetter] = []
    problems: list[RowProblem] = []
    read_any = False
    found_sheets = [(name, rows, _find_head(rows, _agenda_field, ("full_number",))) for name, rows in sheets]
    with_head = [s for s in found_sheets if s[2] is not None]
    if not with_head:
        return [], [RowProblem(1, "file", (
            "Baris judul kolom tidak ditemukan di sepuluh baris pertama (perlu kolom Nomor Surat, "
            "Tanggal Surat, Tujuan dan Perihal)."))]
    for name, rows, found in with_head:
        assert found is not None
        where = f"Lembar {name}: " if len(with_head) > 1 else ""
        head, columns, _titles = found
        missing = [title for field, title in _REQUIRED.items() if field not in columns]
        if missing:
            problems.append(RowProblem(head + 1, "file", f"{where}Kolom {', '.join(missing)} tidak ditemukan "
                                                         "di baris judul."))
            continue
        read_any = True
        for index in range(head + 1, len(rows)):
            values = rows[index]

            def cell(field: str, values: tuple[Any, ...] = values,
                     columns: dict[str, int] = columns) -> object:
                c = columns.get(field)
                return values[c] if c is not None and c < len(values) else None

            if _empty(cell(f) for f in columns if f != "seq") or _numbering_row(values) \
                    or _totals_row(values):
                continue
            item, row_problems = _old_row(index + 1, cell, where)
            problems.extend(row_problems)
            if item is not None:
                letters.append(item)
    if not read_any and not problems:
        problems.append(RowProblem(1, "file", "Tidak ada surat yang terbaca."))
    return letters, problems


def _old_row(row: int, cell: Callable[[str], object], where: str
             ) -> tuple[ImportedLetter | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(RowProblem(row, field, where + message))

    full = " ".join(_text(cell("full_number")).split())
    parsed = split_number(full) if full else None
    if not full:
        problem("number", "Nomor surat kosong.")
    elif parsed is None:
        problem("number", f"Nomor urut tidak terbaca dari nomor surat “{full}” (pola kode/nomor/unit/tahun, "
                          "mis. 460/76/423.105/2026).")
    elif parsed[0] < 1:
        problem("number", f"Nomor urut pada “{full}” harus 1 atau lebih.")
    dates: dict[str, dt.date | None] = {}
    for field, label in (("letter_date", "Tanggal surat"), ("sent_date", "Tanggal kirim")):
        try:
            dates[field] = parse_date(cell(field))
        except ValueError as exc:
            problem(field, f"{label} “{exc}” tidak terbaca; tulis sebagai tanggal, dd-mm-yyyy atau "
                           "yyyy-mm-dd.")
    nature_text = _text(cell("nature"))
    nature = _nature(nature_text)
    if nature is None:
        problem("nature", f"Sifat “{nature_text}” tidak dikenal (biasa, penting, segera, rahasia).")
    attachments = _attachments(cell("attachments"))
    if attachments is None:
        problem("attachments", f"Lampiran “{_text(cell('attachments'))}” bukan jumlah (angka).")
    if problems or parsed is None or nature is None or attachments is None:
        return None, problems
    code = _code(cell("classification_code")) or full.split("/")[0].strip()
    kind_text = fold(_text(cell("kind")))
    if "keputusan" in kind_text:
        kind = LetterKind.KEPUTUSAN
    elif kind_text:
        kind = LetterKind.SURAT
    else:
        kind = LetterKind.KEPUTUSAN if code == "188" or code.startswith("188.") else LetterKind.SURAT
    addressee = [line.strip() for line in _text(cell("addressee_name")).splitlines() if line.strip()]
    name = _YTH.sub("", addressee[0]) if addressee else ""
    institution = _text(cell("addressee_institution")) or " ".join(addressee[1:])
    void, reason, notes = _remarks(_text(cell("notes")), _text(cell("status")))
    fields = LetterFields(
        letter_date=dates["letter_date"], kind=kind, classification_code=code,
        addressee_name=name, addressee_institution=institution,
        addressee_address=_text(cell("addressee_address")), subject=_text(cell("subject")),
        nature=nature, attachments=attachments, bidang_code=_text(cell("bidang_code")),
        signatory=_text(cell("signatory")), sent_date=dates["sent_date"], notes=notes)
    number, suffix = parsed
    return ImportedLetter(row, full, number, suffix, fields, void=void, void_reason=reason), []
