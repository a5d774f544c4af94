"""The fixed-asset registers and reports as PDF: the Kartu Inventaris Barang (KIB A–F), the Kartu
Inventaris Ruangan (KIR) of a room, the Daftar Penambahan Aset of a period, the Laporan Mutasi
Barang and the depreciation schedule (Daftar Penyusutan).

Each report is first described as a ``ReportModel`` (title, period, columns, sections of rows of
plain values, the signatories): the spreadsheets (``assets_xlsx``) are written from the same model,
so the PDF and the XLSX of a report show the same rows, columns and totals. The columns of each KIB
follow its official form (Permendagri 19/2016; see docs/domain-rules §3), with the head of grouped
columns ("Nomor" over Pabrik, Rangka, Mesin, Polisi, BPKB) over two rows and the row of column
numbers under it.

A PDF is an A4 or F4 page, landscape for the registers and portrait for the KIR (a portrait or
landscape paper is turned as the report needs): the letterhead, the title and the period in
Bahasa Indonesia, the table with its head repeated on every page, sections (one per KIB) with
their subtotals and the grand total, and the signatures: "Mengetahui," the head of office on the
left, the Pengurus Barang on the right under the place and date (on a KIR also the person
responsible for the room). Every page carries "Halaman X dari Y". Amounts are whole rupiah with
dots between thousands ("12.000.000"; "Rp 12.000.000" in the summary line), dates dd-mm-yyyy in
the table and written out in the titles.

The table is drawn like the agenda book's (``reports.agenda``, whose text measuring, wrapping and
page packing it uses): every cell is broken into lines here, each row's height is known before
reportlab sees it, the rows are packed into pages here and each page of the table is one
flowable drawn straight on the canvas.

reportlab is imported inside the functions: importing this module costs nothing at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from dinsos_desktop.domain.assets import KIB_LABELS, Condition, Kib, Period
from dinsos_desktop.domain.office import Signatory
from dinsos_desktop.reports.agenda import (
    REGISTER_MARGINS,
    Cancelled,
    IsCancelled,
    Progress,
    landscape,
    short_date,
)
from dinsos_desktop.reports.asset_data import (
    KEEPER_POSITION,
    ROOM_RESPONSIBLE_POSITION,
    AssetReportHeader,
    as_of_text,
    date_text,
    period_between,
)
from dinsos_desktop.reports.paper import A4, CM, MM, PaperSize
from dinsos_desktop.services.asset_dto import (
    AssetDTO,
    DepreciationReport,
    MutationReport,
    MutationReportLine,
    RoomCard,
)

if TYPE_CHECKING:
    from dinsos_desktop.domain.assets import AssetFields

CANCELLED_MESSAGE = "Pembuatan laporan aset dibatalkan."
KIB_TITLE = "KARTU INVENTARIS BARANG (KIB) {kib}"
KIR_TITLE = "KARTU INVENTARIS RUANGAN (KIR)"
ADDITIONS_TITLE = "DAFTAR PENAMBAHAN ASET"
MUTATION_TITLE = "LAPORAN MUTASI BARANG"
DEPRECIATION_TITLE = "DAFTAR PENYUSUTAN ASET TETAP"
GRAND_TOTAL = "JUMLAH"
YES_STOREY, YES_CONCRETE, NO = "Bertingkat", "Beton", "Tidak"


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a report: what its cells hold and how the PDF and the XLSX show it.

    ``kind``: text | money (whole rupiah) | count | decimal | date | year | register (the
    register number as text, "0007"); ``total``: summed on the subtotal and total lines."""

    key: str
    title: str
    group: str = ""  # the head over several neighbouring columns ("Nomor", "Status Tanah")
    kind: str = "text"
    align: str = "L"  # L | C | R, in the PDF
    sample: str = ""  # PDF: the column is at least as wide as this text
    flex: float = 0.0  # PDF: its share of the width the fixed columns leave
    xlsx_width: float = 12.0
    total: bool = False


def _no() -> Column:
    return Column("no", "No.", kind="count", align="C", xlsx_width=5)


def _code() -> Column:
    return Column("code", "Kode Barang", sample="1.3.2.10.01.02.001", xlsx_width=20)


def _register() -> Column:
    return Column("register", "Nomor Register", kind="register", align="C", sample="0000", xlsx_width=10)


def _name(flex: float = 1.0) -> Column:
    return Column("name", "Nama Barang / Jenis Barang", flex=flex, xlsx_width=34)


def _year(title: str) -> Column:
    return Column("year", title, kind="year", align="C", sample="2026", xlsx_width=10)


def _origin(title: str = "Asal Usul") -> Column:
    return Column("origin", title, sample="Pengadaan", xlsx_width=22)


def _value(title: str = "Harga (Rp)") -> Column:
    return Column("value", title, kind="money", align="R", sample="99.999.999.999", xlsx_width=18,
                  total=True)


def _notes(flex: float = 0.55) -> Column:
    return Column("notes", "Keterangan", flex=flex, xlsx_width=28)


def _condition(title: str) -> Column:
    return Column("condition", title, align="C", sample="RB", xlsx_width=10)


def _text(key: str, title: str, group: str = "", *, sample: str = "", flex: float = 0.0,
          width: float = 14.0, align: str = "L") -> Column:
    return Column(key, title, group, sample=sample, flex=flex, xlsx_width=width, align=align)


def _area(key: str, title: str, group: str = "") -> Column:
    return Column(key, title, group, kind="decimal", align="R", sample="99.999,99", xlsx_width=12)


def _land_code() -> Column:
    return _text("land_code", "Nomor Kode Tanah", sample="1.3.1.01.01.01.001", width=20)


def _date(key: str, title: str, group: str = "") -> Column:
    return Column(key, title, group, kind="date", align="C", sample="30-12-2026", xlsx_width=12)


_BUILDING = "Konstruksi Bangunan"

KIB_COLUMNS: dict[Kib, tuple[Column, ...]] = {
    Kib.A: (
        _no(), _name(), _code(), _register(), _area("area_m2", "Luas (m²)"), _year("Tahun Pengadaan"),
        _text("address", "Letak / Alamat", flex=1.0, width=30),
        _text("land_right", "Hak", "Status Tanah", sample="Hak Pakai"),
        _date("certificate_date", "Tanggal Sertifikat", "Status Tanah"),
        _text("certificate_no", "Nomor Sertifikat", "Status Tanah", flex=0.45, width=20),
        _text("land_use", "Penggunaan", flex=0.5, width=20), _origin(), _value(), _notes(),
    ),
    Kib.B: (
        _no(), _code(), _name(), _register(),
        _text("brand_type", "Merk / Type", flex=0.55, width=20),
        _text("size_cc", "Ukuran / CC", sample="1.500 cc", width=10),
        _text("material", "Bahan", sample="Plastik", width=10), _year("Tahun Pembelian"),
        _text("factory_no", "Pabrik", "Nomor", flex=0.3, width=16),
        _text("chassis_no", "Rangka", "Nomor", flex=0.35, width=20),
        _text("engine_no", "Mesin", "Nomor", flex=0.3, width=16),
        _text("plate_no", "Polisi", "Nomor", sample="N 1234 AB", width=12),
        _text("bpkb_no", "BPKB", "Nomor", flex=0.25, width=14),
        _origin("Asal Usul / Cara Perolehan"), _value(), _notes(0.45),
    ),
    Kib.C: (
        _no(), _name(), _code(), _register(), _condition("Kondisi Bangunan (B, KB, RB)"),
        _text("multi_storey", "Bertingkat / Tidak", _BUILDING, sample="Bertingkat", align="C", width=11),
        _text("concrete", "Beton / Tidak", _BUILDING, sample="Beton", align="C", width=9),
        _area("floor_area_m2", "Luas Lantai (m²)"),
        _text("address", "Letak / Lokasi Alamat", flex=0.9, width=30),
        _date("document_date", "Tanggal", "Dokumen Gedung"),
        _text("document_no", "Nomor", "Dokumen Gedung", flex=0.35, width=18),
        _area("land_area_m2", "Luas Tanah (m²)"),
        _text("land_status", "Status Tanah", flex=0.3, width=14),
        _land_code(), _year("Tahun Perolehan"),
        _origin(), _value(), _notes(0.45),
    ),
    Kib.D: (
        _no(), _name(), _code(), _register(), _text("construction", "Konstruksi", flex=0.3, width=14),
        _area("length_m", "Panjang (m)"), _area("width_m", "Lebar (m)"), _area("area_m2", "Luas (m²)"),
        _text("address", "Letak / Lokasi", flex=0.8, width=30),
        _date("document_date", "Tanggal", "Dokumen"),
        _text("document_no", "Nomor", "Dokumen", flex=0.35, width=18),
        _text("land_status", "Status Tanah", flex=0.3, width=14),
        _land_code(), _year("Tahun Perolehan"),
        _origin(), _value(), _condition("Kondisi (B, KB, RB)"), _notes(0.45),
    ),
    Kib.E: (
        _no(), _name(), _code(), _register(),
        _text("title_spec", "Judul / Pencipta / Spesifikasi", "Buku / Perpustakaan", flex=0.7, width=28),
        _text("art_origin", "Asal Daerah", "Barang Bercorak Kesenian / Kebudayaan", flex=0.3, width=14),
        _text("art_creator", "Pencipta", "Barang Bercorak Kesenian / Kebudayaan", flex=0.3, width=14),
        _text("art_material", "Bahan", "Barang Bercorak Kesenian / Kebudayaan", flex=0.25, width=12),
        _text("animal_kind", "Jenis", "Hewan / Ternak dan Tumbuhan", flex=0.3, width=14),
        _text("animal_size", "Ukuran", "Hewan / Ternak dan Tumbuhan", flex=0.25, width=10),
        Column("quantity", "Jumlah", kind="count", align="R", sample="9.999", xlsx_width=8, total=True),
        _year("Tahun Cetak / Pembelian"), _origin(), _value(), _notes(0.45),
    ),
    Kib.F: (
        _no(), _name(), _code(), _register(),
        _text("building_type", "Bangunan (P, SP, D)", sample="SP", align="C", width=10),
        _text("multi_storey", "Bertingkat / Tidak", _BUILDING, sample="Bertingkat", align="C", width=11),
        _text("concrete", "Beton / Tidak", _BUILDING, sample="Beton", align="C", width=9),
        _area("floor_area_m2", "Luas (m²)"), _text("address", "Letak / Lokasi Alamat", flex=0.9, width=30),
        _date("document_date", "Tanggal", "Dokumen"),
        _text("document_no", "Nomor", "Dokumen", flex=0.35, width=18),
        _date("start_date", "Tanggal Mulai"), _text("land_status", "Status Tanah", flex=0.3, width=14),
        _land_code(), _origin("Asal Usul Pembiayaan"),
        Column("contract_value", "Nilai Kontrak (Rp)", kind="money", align="R", sample="99.999.999.999",
               xlsx_width=18, total=True),
        _value("Nilai Perolehan (Rp)"), _notes(0.45),
    ),
}

# What the spreadsheet of a KIB adds after the form's columns, so that nothing typed for an asset
# is lost when the file is read back (``assets_xlsx.read_kib_xlsx``).
KIB_XLSX_EXTRAS: tuple[Column, ...] = (
    _date("acquired_on", "Tanggal Perolehan"), _year("Tahun Perolehan"),
    _condition("Kondisi (B, KB, RB)"), Column("quantity", "Jumlah", kind="count", xlsx_width=8),
    _text("responsible", "Penanggung Jawab", width=22), _text("room", "Ruangan", width=26),
)


def kib_columns(kib: Kib, *, spreadsheet: bool = False) -> tuple[Column, ...]:
    """The columns of a KIB: its form's, and with ``spreadsheet`` the extras after them."""
    columns = KIB_COLUMNS[kib]
    if not spreadsheet:
        return columns
    keys = {c.key for c in columns}
    return columns + tuple(c for c in KIB_XLSX_EXTRAS if c.key not in keys)


def asset_cell(asset: AssetDTO, key: str) -> object:
    """The value of an asset's cell in column ``key``: numbers, dates and text as they are;
    the register number as text ("0007"), the origin's and the yes/no columns' words."""
    f = asset.fields
    if key == "register":
        return asset.register_text
    if key == "year":
        return f.year
    if key == "origin":
        return f.origin.label
    if key == "condition":
        return f.condition.value
    if key == "multi_storey":
        return YES_STOREY if f.multi_storey else NO
    if key == "concrete":
        return YES_CONCRETE if f.concrete else NO
    if key == "room":
        return asset.room_label
    value = getattr(f, key)
    return value if value != "" else None


# --------------------------------------------------------------------------- the report model


@dataclass(frozen=True, slots=True)
class Section:
    """Rows under an optional heading ("KIB B — Peralatan dan Mesin"), closed by an optional
    subtotal line ("Jumlah KIB B")."""

    heading: str
    subtotal: str
    rows: tuple[tuple[object, ...], ...]  # a value per column ("no" included)


@dataclass(frozen=True, slots=True)
class SignatureSpec:
    signatory: Signatory
    above: str = ""  # "Mengetahui,"
    dated: bool = False  # under the place and date


@dataclass(frozen=True, slots=True)
class ReportModel:
    key: str  # "kib_b", "kir", "penambahan", "mutasi", "penyusutan": names sheets and files
    title: str
    subtitle: str
    period: str
    columns: tuple[Column, ...]
    sections: tuple[Section, ...]
    header: AssetReportHeader
    portrait: bool = False
    info: tuple[tuple[str, str], ...] = ()  # label : value lines under the title (a KIR's room)
    empty: str = "Tidak ada aset."
    summary: str = ""  # a sentence under the table
    signatures: tuple[SignatureSpec, ...] = field(default=())
    short_name: str = ""  # in the footer and the document's title

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    def totals(self, section: Section | None = None) -> dict[str, int | Decimal]:
        """The sums of the total columns, of one section or of all."""
        out: dict[str, int | Decimal] = {}
        sections = [section] if section is not None else self.sections
        for i, col in enumerate(self.columns):
            if col.total:
                out[col.key] = sum((v for s in sections for r in s.rows
                                    if isinstance(v := r[i], (int, Decimal)) and not isinstance(v, bool)), 0)
        return out


def _title(header: AssetReportHeader, default: str) -> str:
    return header.title.strip() or default


def _signatures(header: AssetReportHeader, *, responsible: str | None = None) -> tuple[SignatureSpec, ...]:
    """'Mengetahui,' the head of office (when on file); on a KIR the person responsible for the
    room; the Pengurus Barang under the place and date (an empty name to sign by hand when none is
    on file)."""
    out = []
    head = header.office.head
    if head.name.strip():
        out.append(SignatureSpec(head, "Mengetahui,"))
    if responsible is not None:
        out.append(SignatureSpec(Signatory(ROOM_RESPONSIBLE_POSITION, responsible)))
    keeper = header.keeper or Signatory(KEEPER_POSITION, "")
    out.append(SignatureSpec(keeper, dated=True))
    return tuple(out)


def _numbered(rows: Iterable[tuple[object, ...]], start: int) -> list[tuple[object, ...]]:
    return [(start + i, *row) for i, row in enumerate(rows)]


def _count_value_summary(count: int, value: int, noun: str = "aset") -> str:
    from dinsos_desktop.reports.formatting import format_number, format_rupiah

    return f"Jumlah: {format_number(count)} {noun}, nilai perolehan {format_rupiah(value)}."


def kib_model(kib: Kib, assets: Sequence[AssetDTO], header: AssetReportHeader, *,
              as_of: dt.date | None = None, spreadsheet: bool = False) -> ReportModel:
    """The KIB of ``assets`` (in the order given) as of ``as_of`` (default: the printing date)."""
    columns = kib_columns(kib, spreadsheet=spreadsheet)
    keys = [c.key for c in columns[1:]]
    rows = _numbered((tuple(asset_cell(a, k) for k in keys) for a in assets), 1)
    value = sum(a.fields.value for a in assets)
    return ReportModel(
        key=f"kib_{kib.value.lower()}", title=_title(header, KIB_TITLE.format(kib=kib.value)),
        subtitle=KIB_LABELS[kib].upper(), period=header.period or as_of_text(as_of or header.printed_on),
        columns=columns, sections=(Section("", "", tuple(tuple(r) for r in rows)),), header=header,
        empty=f"Tidak ada aset pada KIB {kib.value}.", summary=_count_value_summary(len(assets), value),
        signatures=_signatures(header), short_name=f"KIB {kib.value} {KIB_LABELS[kib]}")


# A KIR lists the assets of a room, one line per kind of item: identical items (same code, name,
# brand, year, condition, unit value and notes) share a line with their register numbers.
KIR_COLUMNS: tuple[Column, ...] = (
    _no(), _name(), _text("brand_type", "Merk / Model", flex=0.55, width=20), _code(),
    Column("register", "Nomor Register", kind="text", align="C", sample="0000–0000", xlsx_width=14),
    _year("Tahun Pembelian"),
    Column("quantity", "Jumlah Barang", kind="count", align="R", sample="999", xlsx_width=9, total=True),
    _value("Harga Beli / Perolehan (Rp)"),
    Column("good", "B", "Keadaan Barang", kind="count", align="C", sample="999", xlsx_width=6, total=True),
    Column("fair", "KB", "Keadaan Barang", kind="count", align="C", sample="999", xlsx_width=6, total=True),
    Column("poor", "RB", "Keadaan Barang", kind="count", align="C", sample="999", xlsx_width=6, total=True),
    _text("notes", "Keterangan", flex=0.45, width=24),
)


def register_ranges(registers: Iterable[int]) -> str:
    """'0001–0003, 0007' for the registers 1, 2, 3 and 7."""
    numbers = sorted(set(registers))
    parts = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        first, last = numbers[i], numbers[j]
        parts.append(f"{first:04d}" if first == last else f"{first:04d}–{last:04d}")
        i = j + 1
    return ", ".join(parts)


def room_card_model(card: RoomCard, header: AssetReportHeader) -> ReportModel:
    groups: dict[tuple[str, str, str, int | None, Condition, int, str, str], list[AssetDTO]] = {}
    for a in card.assets:
        f = a.fields
        key = (f.code, " ".join(f.name.split()), f.brand_type.strip(), f.year, f.condition, f.value,
               f.notes.strip(), a.code_name)
        groups.setdefault(key, []).append(a)
    rows = []
    for (code, name, brand, year, condition, _unit, notes, _code_name), assets in groups.items():
        quantity = sum(a.fields.quantity for a in assets)
        value = sum(a.fields.value for a in assets)
        by_condition = [quantity if condition.value == c else None for c in ("B", "KB", "RB")]
        rows.append((name, brand or None, code, register_ranges(a.register for a in assets), year, quantity,
                     value, *by_condition, notes or None))
    room = card.room
    info = (("Gedung", room.building or "-"), ("Ruangan", room.name),
            ("Kode Ruangan", room.code or "-"), ("Penanggung Jawab", room.responsible or "-"))
    total = sum(a.fields.value for a in card.assets)
    count = sum(a.fields.quantity for a in card.assets)
    return ReportModel(
        key="kir", title=_title(header, KIR_TITLE), subtitle="", portrait=True,
        period=header.period or as_of_text(header.printed_on), columns=KIR_COLUMNS,
        sections=(Section("", "", tuple(tuple(r) for r in _numbered(rows, 1))),), header=header,
        info=info, empty="Tidak ada aset di ruangan ini.",
        summary=_count_value_summary(count, total, "barang"),
        signatures=_signatures(header, responsible=room.responsible),
        short_name=f"KIR {room.label}")


def _kib_heading(kib: Kib) -> str:
    return f"KIB {kib.value} — {KIB_LABELS[kib]}"


def _subtotal(kib: Kib) -> str:
    return f"Jumlah KIB {kib.value}"


ADDITIONS_COLUMNS: tuple[Column, ...] = (
    _no(), _date("acquired", "Tanggal Perolehan"), _code(), _register(), _name(),
    _text("spec", "Merk / Tipe / Spesifikasi", flex=0.6, width=24),
    _origin("Asal Usul / Cara Perolehan"), _text("place", "Ruangan / Lokasi", flex=0.5, width=22),
    Column("quantity", "Jumlah", kind="count", align="R", sample="9.999", xlsx_width=8, total=True),
    _value("Nilai Perolehan (Rp)"), _notes(0.45),
)


def _spec(f: AssetFields) -> str | None:
    parts = [f.brand_type, f.size_cc, f.title_spec, f.plate_no and f"No. Pol. {f.plate_no}"]
    text = "; ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def additions_model(assets: Sequence[AssetDTO], header: AssetReportHeader, start: dt.date,
                    end: dt.date) -> ReportModel:
    """The assets acquired from ``start`` to ``end``, by KIB (in KIB order, each KIB's in the
    order given)."""
    by_kib: dict[Kib, list[AssetDTO]] = {}
    for a in assets:
        by_kib.setdefault(a.kib, []).append(a)
    sections = []
    n = 1
    for kib in Kib:
        if kib not in by_kib:
            continue
        rows = []
        for a in by_kib[kib]:
            f = a.fields
            acquired: object = f.acquired_on or f.acquired_year
            rows.append((acquired, f.code, a.register_text, f.name, _spec(f), f.origin.label,
                         a.room_label or f.address or None, f.quantity, f.value, f.notes or None))
        sections.append(Section(_kib_heading(kib), _subtotal(kib), tuple(_numbered(rows, n))))
        n += len(rows)
    value = sum(a.fields.value for a in assets)
    period = header.period or period_between(start, end)
    return ReportModel(
        key="penambahan", title=_title(header, ADDITIONS_TITLE), subtitle="",
        period=period if header.period or period.startswith(("Tahun", "Semester")) else f"Periode {period}",
        columns=ADDITIONS_COLUMNS, sections=tuple(sections), header=header,
        empty="Tidak ada penambahan aset pada periode ini.",
        summary=_count_value_summary(len(assets), value), signatures=_signatures(header),
        short_name=f"Daftar Penambahan Aset {period}")


def _mutation_columns(start: dt.date, end: dt.date) -> tuple[Column, ...]:
    opening = f"Keadaan per {date_text(start)}"
    closing = f"Keadaan per {date_text(end)}"

    def pair(prefix: str, group: str) -> tuple[Column, Column]:
        return (Column(f"{prefix}_qty", "Jumlah Barang", group, kind="count", align="R", sample="99.999",
                       xlsx_width=10, total=True),
                Column(f"{prefix}_value", "Nilai (Rp)", group, kind="money", align="R",
                       sample="99.999.999.999", xlsx_width=18, total=True))

    return (_no(), _code(), Column("name", "Nama Barang", flex=1.0, xlsx_width=34),
            *pair("opening", opening), *pair("removed", "Mutasi Berkurang"),
            *pair("added", "Mutasi Bertambah"), *pair("closing", closing),
            _text("notes", "Keterangan", flex=0.35, width=20))


def _mutation_row(line: MutationReportLine) -> tuple[object, ...]:
    return (line.code, line.name, line.opening_qty, line.opening_value, line.removed_qty,
            line.removed_value, line.added_qty, line.added_value, line.closing_qty, line.closing_value,
            None)


def mutation_model(report: MutationReport, header: AssetReportHeader) -> ReportModel:
    """The Laporan Mutasi Barang: per code, the state at the start, what left and came, and the
    state at the end; by KIB with subtotals, and the grand total."""
    by_kib: dict[Kib, list[MutationReportLine]] = {}
    for line in report.lines:
        by_kib.setdefault(line.kib, []).append(line)
    sections = []
    n = 1
    for kib in Kib:
        if kib in by_kib:
            rows = _numbered((_mutation_row(x) for x in by_kib[kib]), n)
            sections.append(Section(_kib_heading(kib), _subtotal(kib), tuple(rows)))
            n += len(rows)
    span = f"{date_text(report.start)} s.d. {date_text(report.end)}"
    period = header.period or (f"{report.title_period} ({span})" if report.title_period else span)
    return ReportModel(
        key="mutasi", title=_title(header, MUTATION_TITLE), subtitle="", period=period,
        columns=_mutation_columns(report.start, report.end), sections=tuple(sections), header=header,
        empty="Tidak ada barang pada periode ini.", signatures=_signatures(header),
        short_name=f"Laporan Mutasi Barang {report.title_period or span}")


_PERIOD_WORD = {Period.YEAR: "Tahun", Period.SEMESTER: "Semester", Period.MONTH: "Bulan"}


def _depreciation_columns(period: Period) -> tuple[Column, ...]:
    def money(key: str, title: str, total: bool) -> Column:
        return Column(key, title, kind="money", align="R", sample="99.999.999.999", xlsx_width=18,
                      total=total)

    return (_no(), _code(), _register(), _name(), _date("acquired", "Tanggal Perolehan"),
            money("value", "Nilai Perolehan (Rp)", True),
            Column("life", "Masa Manfaat (Tahun)", kind="count", align="C", sample="100", xlsx_width=10),
            Column("periods", f"Masa Berjalan ({_PERIOD_WORD[period]})", kind="count", align="C",
                   sample="1.200", xlsx_width=10),
            money("per_period", f"Penyusutan per {_PERIOD_WORD[period]} (Rp)", False),
            money("accumulated", "Akumulasi Penyusutan (Rp)", True),
            money("book_value", "Nilai Buku (Rp)", True))


def depreciation_model(report: DepreciationReport, header: AssetReportHeader) -> ReportModel:
    """The depreciation schedule as of ``report.as_of``: each asset's value, useful life,
    depreciation per period, accumulated depreciation and book value; by KIB with subtotals.
    Land (A) and construction in progress (F) are listed with their value and no depreciation."""
    by_kib: dict[Kib, list[Any]] = {}
    for row in report.rows:
        by_kib.setdefault(row.kib, []).append(row)
    sections = []
    n = 1
    for kib in Kib:
        if kib not in by_kib:
            continue
        rows = []
        for r in by_kib[kib]:
            book = r.book
            rows.append((r.code, r.register_text, r.name, r.acquired, book.value,
                         r.life_years if book.depreciates else None,
                         book.periods if book.depreciates else None,
                         book.per_period if book.depreciates else None, book.accumulated, book.book_value))
        sections.append(Section(_kib_heading(kib) + ("" if kib.depreciates else " (tidak disusutkan)"),
                                _subtotal(kib), tuple(_numbered(rows, n))))
        n += len(rows)
    method = f"Metode garis lurus, penyusutan {report.period.label.lower()}"
    return ReportModel(
        key="penyusutan", title=_title(header, DEPRECIATION_TITLE), subtitle="",
        period=header.period or f"Per {date_text(report.as_of)} · {method}",
        columns=_depreciation_columns(report.period), sections=tuple(sections), header=header,
        empty="Tidak ada aset.", signatures=_signatures(header),
        short_name=f"Daftar Penyusutan per {date_text(report.as_of)}")


# --------------------------------------------------------------------------- cells as text


def cell_text(value: object, column: Column) -> str:
    """A cell as the PDF prints it: '12.000.000', '1.250,5', '05-03-2024'; '' for nothing."""
    from dinsos_desktop.reports.formatting import format_number

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Ya" if value else NO
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, (int, Decimal)) and column.kind in ("money", "count", "decimal"):
        return str(format_number(value))
    return str(value)


# --------------------------------------------------------------------------- the table's geometry


@dataclass(frozen=True, slots=True)
class _Look:
    size: float
    leading: float
    pad_x: float
    pad_top: float
    pad_bottom: float
    number_size: float

    @property
    def pad_y(self) -> float:
        return self.pad_top + self.pad_bottom


def _look(size: float) -> _Look:
    return _Look(size, size * 1.22, 2.0, 1.5, 2.3, min(6.0, size - 0.5))


_SIZES = (7.5, 7.0, 6.5, 6.0, 5.5)
_FLEX_MIN = 22 * MM  # the least a column of flex 1 gets
_FLEX_MAX = 85 * MM  # the most a column of flex 1 gets (a very wide paper widens them all)
_WORD_MAX = 18 * MM  # longer words (chassis numbers) may break onto a second line


def _longest_words(columns: Sequence[Column], texts: Sequence[Sequence[str]]) -> list[set[str]]:
    """Per column, the longest words of its cells (the few candidates to measure)."""
    out: list[set[str]] = [set() for _ in columns]
    longest = [0] * len(columns)
    for row in texts:
        for i, text in enumerate(row):
            for word in text.split():
                if len(word) > longest[i]:
                    longest[i] = len(word)
                    out[i] = {word}
                elif len(word) >= longest[i] - 2 and len(out[i]) < 64:
                    out[i].add(word)
    return out


def _widths(columns: Sequence[Column], width: float, look: _Look, body: Any, bold: Any, rows: int,
            words: Sequence[set[str]], totals: Sequence[set[str]]) -> tuple[list[float], bool]:
    """Column widths filling ``width``, and whether every column got room for its longest word.

    A fixed column is as wide as its head's longest word, its sample, its cells' longest word and
    its totals (in bold); the flexible columns share the rest by their ``flex``, none narrower
    than its own longest word (head or cell) or ``flex`` × _FLEX_MIN, none wider than ``flex`` ×
    _FLEX_MAX (what is left then widens every column)."""
    pad = 2 * look.pad_x + 0.5
    need: list[float] = []
    for col, candidates, sums in zip(columns, words, totals, strict=True):
        head = max(bold(w) for w in col.title.split())
        sample = "9" * max(2, len(str(rows))) if col.key == "no" else col.sample
        word = min(_WORD_MAX, max((body.raw(w) for w in candidates), default=0.0))
        total = max((bold.raw(t) for t in sums), default=0.0)
        least = max(head, body(sample) if sample else 0.0, word, total) + pad
        if col.flex:
            least = max(least, col.flex * _FLEX_MIN)
        need.append(least)
    fixed_total = sum(w for w, c in zip(need, columns, strict=True) if not c.flex)
    flexible = [i for i, c in enumerate(columns) if c.flex]
    out = list(need)
    room = width - fixed_total
    enough = room >= sum(need[i] for i in flexible)
    if not flexible:
        out = [w + (width - fixed_total) / len(out) for w in out]
    elif not enough:
        # Too narrow at this size: everything in proportion to what it needs.
        scale = width / sum(need)
        out = [w * scale for w in need]
    else:
        # The flexible columns share the room by flex; one that would get less than it needs
        # gets what it needs, and the others share the rest.
        open_ = list(flexible)
        while open_:
            share = room / sum(columns[i].flex for i in open_)
            short = [i for i in open_ if share * columns[i].flex < need[i]]
            if not short:
                for i in open_:
                    out[i] = share * columns[i].flex
                break
            for i in short:
                out[i] = need[i]
                room -= need[i]
                open_.remove(i)
        over = 0.0
        for i in flexible:
            cap = max(need[i], columns[i].flex * _FLEX_MAX)
            if out[i] > cap:
                over += out[i] - cap
                out[i] = cap
        if over:
            grow = [i for i, w in enumerate(out) if i not in flexible or w < max(need[i], columns[i].flex
                                                                               * _FLEX_MAX)]
            base = sum(out[i] for i in grow)
            for i in grow:
                out[i] += over * out[i] / base
    return out, enough


@dataclass(slots=True)
class _HeadCell:
    lines: list[str]
    first: int  # columns first..last-1
    last: int
    top: int  # head rows top..bottom-1
    bottom: int


@dataclass(slots=True)
class _Head:
    cells: list[_HeadCell]
    heights: list[float]  # the title rows'
    numbers: float  # the row of column numbers

    @property
    def height(self) -> float:
        return sum(self.heights) + self.numbers


@dataclass(slots=True)
class _Row:
    cells: list[list[str]]
    height: float
    kind: str = "item"  # item | heading | subtotal | total | note
    span: int = 0  # subtotal, total: the label covers the columns before this one


def _head(columns: Sequence[Column], widths: Sequence[float], look: _Look, bold: Any) -> _Head:
    from dinsos_desktop.reports.agenda import wrap_text

    two = any(c.group for c in columns)
    cells: list[_HeadCell] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if not col.group:
            cells.append(_HeadCell([], i, i + 1, 0, 2 if two else 1))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == col.group:
            cells.append(_HeadCell([], j, j + 1, 1, 2))
            j += 1
        cells.append(_HeadCell([], i, j, 0, 1))
        i = j
    heights = [0.0, 0.0] if two else [0.0]
    line_height = look.leading
    for cell in cells:
        width = sum(widths[cell.first:cell.last]) - 2 * look.pad_x
        text = columns[cell.first].group if (two and cell.top == 0 and cell.bottom == 1) else \
            columns[cell.first].title
        cell.lines = wrap_text(text, width, bold)
    for cell in cells:
        if cell.bottom - cell.top == 1:
            need = len(cell.lines) * line_height + look.pad_y + 2
            heights[cell.top] = max(heights[cell.top], need)
    for cell in cells:
        if cell.bottom - cell.top == 2:
            need = len(cell.lines) * line_height + look.pad_y + 2
            if need > heights[0] + heights[1]:
                heights[1] = need - heights[0]
    return _Head(cells, heights, look.number_size * 1.2 + 2.4)


def _cells(texts: Sequence[str], widths: Sequence[float], look: _Look, m: Any, most: int) -> list[list[str]]:
    from dinsos_desktop.reports.agenda import _cut, wrap_text

    out = []
    for text, width in zip(texts, widths, strict=True):
        inner = width - 2 * look.pad_x
        out.append(_cut(wrap_text(text, inner, m), most, inner, m) if text else [])
    return out


def _item_row(texts: Sequence[str], widths: Sequence[float], look: _Look, body: Any, most: int) -> _Row:
    cells = _cells(texts, widths, look, body, most)
    tallest = max((len(c) for c in cells), default=1) or 1
    return _Row(cells, tallest * look.leading + look.pad_y, "item")


def _across_row(text: str, kind: str, width: float, look: _Look, m: Any, most: int) -> _Row:
    (lines,) = _cells([text], [width], look, m, most)
    return _Row([lines], max(1, len(lines)) * look.leading + look.pad_y + 1, kind)


def _totals_row(label: str, totals: dict[str, int | Decimal], kind: str, columns: Sequence[Column],
                widths: Sequence[float], look: _Look, bold: Any, most: int) -> _Row:
    span = next((i for i, c in enumerate(columns) if c.total), len(columns))
    label_cells = _cells([label], [sum(widths[:span])], look, bold, most) if span else [[]]
    values = [cell_text(totals.get(c.key), c) if c.total else "" for c in columns[span:]]
    cells = label_cells + _cells(values, widths[span:], look, bold, most)
    tallest = max((len(c) for c in cells), default=1) or 1
    return _Row(cells, tallest * look.leading + look.pad_y + 1, kind, span)


# --------------------------------------------------------------------------- reportlab classes


_HEAD_GREY = 0.86
_HEADING_GREY = 0.95
_SUBTOTAL_GREY = 0.92
_TOTAL_GREY = 0.85
_ROW_GREY = {"heading": _HEADING_GREY, "subtotal": _SUBTOTAL_GREY, "total": _TOTAL_GREY}


@cache
def _flowables() -> tuple[type[Any], type[Any], type[Any]]:
    """The table page, the progress checkpoint and the signatures, made on first use."""
    from reportlab.platypus import Flowable, Paragraph

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.agenda import _measure

    class TablePage(Flowable):  # type: ignore[misc]
        """Rows of a report under the table head, drawn straight on the canvas. Sized for one
        page; split between rows (the head repeated) only when the signatures need room."""

        def __init__(self, head: _Head, rows: list[_Row], columns: Sequence[Column],
                     widths: Sequence[float], look: _Look) -> None:
            super().__init__()
            self.head, self.rows, self.columns, self.widths, self.look = head, rows, columns, widths, look
            self.width = sum(widths)
            self.height = head.height + sum(r.height for r in rows)

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            return self.width, self.height

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            room = availHeight - self.head.height
            k = 0
            while k < len(self.rows) and self.rows[k].height <= room:
                room -= self.rows[k].height
                k += 1
            if k == 0 or k == len(self.rows):
                return []
            return [TablePage(self.head, self.rows[:k], self.columns, self.widths, self.look),
                    TablePage(self.head, self.rows[k:], self.columns, self.widths, self.look)]

        def draw(self) -> None:
            canvas = self.canv
            xs = [0.0]
            for w in self.widths:
                xs.append(xs[-1] + w)
            tops = []
            y = self.height - self.head.height
            for row in self.rows:
                tops.append(y)
                y -= row.height
            canvas.saveState()
            canvas.setFillGray(_HEAD_GREY)
            canvas.rect(0, self.height - self.head.height, self.width, self.head.height, stroke=0, fill=1)
            for row, top in zip(self.rows, tops, strict=True):
                grey = _ROW_GREY.get(row.kind)
                if grey is not None:
                    canvas.setFillGray(grey)
                    canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
            canvas.setFillGray(0)
            text = canvas.beginText()
            self._head_text(text, xs)
            self._body_text(text, xs, tops)
            canvas.drawText(text)
            self._grid(xs, tops)
            canvas.restoreState()

        def _line(self, text: Any, font: str, size: float, line: str, left: float, right: float,
                  y: float, align: str) -> None:
            if align == "L":
                x = left
            else:
                w = _measure(font, size)(line)
                x = right - w if align == "R" else (left + right - w) / 2
            text.setFont(font, size)
            text.setTextOrigin(x, y)
            text.textOut(line)

        def _head_text(self, text: Any, xs: list[float]) -> None:
            look, head = self.look, self.head
            bounds = [self.height]
            for h in head.heights:
                bounds.append(bounds[-1] - h)
            size, leading = look.size, look.leading
            for cell in head.cells:
                top, bottom = bounds[cell.top], bounds[cell.bottom]
                y = top - (top - bottom - len(cell.lines) * leading) / 2 - size - (leading - size) / 2 + 0.5
                for line in cell.lines:
                    self._line(text, fonts.SANS_BOLD, size, line, xs[cell.first] + look.pad_x,
                               xs[cell.last] - look.pad_x, y, "C")
                    y -= leading
            y = bounds[-1] - look.number_size - 0.9
            for i in range(len(self.columns)):
                self._line(text, fonts.SANS, look.number_size, str(i + 1), xs[i], xs[i + 1], y, "C")

        def _body_text(self, text: Any, xs: list[float], tops: list[float]) -> None:
            look = self.look
            size, leading = look.size, look.leading
            n = len(self.columns)
            for row, top in zip(self.rows, tops, strict=True):
                y0 = top - look.pad_top - size
                if row.kind in ("heading", "note"):
                    font = fonts.SANS_BOLD if row.kind == "heading" else fonts.SANS
                    align = "L" if row.kind == "heading" else "C"
                    for k, line in enumerate(row.cells[0]):
                        self._line(text, font, size, line, xs[0] + look.pad_x, xs[n] - look.pad_x,
                                   y0 - k * leading, align)
                    continue
                if row.kind in ("subtotal", "total"):
                    spans = [(0, row.span, "C"),
                             *((i, i + 1, self.columns[i].align) for i in range(row.span, n))]
                    font = fonts.SANS_BOLD
                else:
                    spans = [(i, i + 1, self.columns[i].align) for i in range(n)]
                    font = fonts.SANS
                for lines, (first, last, align) in zip(row.cells, spans, strict=True):
                    for k, line in enumerate(lines):
                        self._line(text, font, size, line, xs[first] + look.pad_x, xs[last] - look.pad_x,
                                   y0 - k * leading, align)

        def _grid(self, xs: list[float], tops: list[float]) -> None:
            canvas = self.canv
            width, height = self.width, self.height
            head_bottom = height - self.head.height
            bounds = [height]
            for h in self.head.heights:
                bounds.append(bounds[-1] - h)
            thin = canvas.beginPath()
            for cell in self.head.cells:
                x0, x1 = xs[cell.first], xs[cell.last]
                y0, y1 = bounds[cell.bottom], bounds[cell.top]
                thin.rect(x0, y0, x1 - x0, y1 - y0)
            for x in xs[1:-1]:  # the numbers row
                thin.moveTo(x, bounds[-1])
                thin.lineTo(x, head_bottom)
            thin.moveTo(0, bounds[-1])
            thin.lineTo(width, bounds[-1])
            n = len(self.columns)
            for top in tops[1:]:
                thin.moveTo(0, top)
                thin.lineTo(width, top)
            # Column lines through the body, interrupted where a row runs across them.
            for i in range(1, n):
                start: float | None = None
                for row, top in zip(self.rows, tops, strict=True):
                    crossed = row.kind in ("heading", "note") or (row.kind in ("subtotal", "total")
                                                                 and i < row.span)
                    if crossed:
                        if start is not None:
                            thin.moveTo(xs[i], start)
                            thin.lineTo(xs[i], top)
                            start = None
                    elif start is None:
                        start = top
                if start is not None:
                    thin.moveTo(xs[i], start)
                    thin.lineTo(xs[i], 0)
            canvas.setLineWidth(0.4)
            canvas.drawPath(thin, stroke=1, fill=0)
            canvas.setLineWidth(0.9)
            canvas.rect(0, 0, width, height, stroke=1, fill=0)
            canvas.line(0, head_bottom, width, head_bottom)

    class Checkpoint(Flowable):  # type: ignore[misc]
        """Takes no room; when the page it ends is drawn, reports the rows laid out so far and
        stops the build if the user cancelled."""

        def __init__(self, done: int, total: int, progress: Progress | None,
                     cancelled: IsCancelled | None) -> None:
            super().__init__()
            self.done, self.total = done, total
            self.progress, self.cancelled = progress, cancelled
            self.width = self.height = 0

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            if self.cancelled is not None and self.cancelled():
                raise Cancelled(CANCELLED_MESSAGE)
            if self.progress is not None:
                self.progress(self.done, self.total)

    class Signatures(Flowable):  # type: ignore[misc]
        """A sentence (the summary) over the signature blocks side by side, each in an equal
        share of the width, the names on one line however many lines each block has above the
        space for the signature; never split."""

        def __init__(self, note: Paragraph | None, blocks: list[Any]) -> None:
            super().__init__()
            self.note = note
            self.blocks = blocks
            self.spaceBefore = 0.35 * CM
            self._note_height = 0.0
            self._heights: list[float] = []
            self._drops: list[float] = []

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            self.width = availWidth
            self._note_height = self.note.wrap(availWidth, availHeight)[1] if self.note is not None else 0.0
            slot = availWidth / max(1, len(self.blocks))
            self._heights = [b.wrap(slot, availHeight)[1] for b in self.blocks]
            # The lines above the space for the signature (SignatureBlock's layout).
            heads = [sum(h for _, h in getattr(b, "_rows", [])[:getattr(b, "_signature_at", 0)])
                     for b in self.blocks]
            self._drops = [max(heads, default=0.0) - h for h in heads]
            gap = 0.45 * CM if self.note is not None else 0.0
            self.height = self._note_height + gap + max((h + d for h, d in zip(self._heights, self._drops,
                                                                                strict=True)), default=0.0)
            return self.width, self.height

        def draw(self) -> None:
            if self.note is not None:
                self.note.drawOn(self.canv, 0, self.height - self._note_height)
            slot = self.width / max(1, len(self.blocks))
            below_note = self.height - self._note_height - (0.45 * CM if self.note is not None else 0.0)
            for i, (block, h, drop) in enumerate(zip(self.blocks, self._heights, self._drops, strict=True)):
                block.drawOn(self.canv, slot * i, below_note - drop - h)

    return TablePage, Checkpoint, Signatures


# --------------------------------------------------------------------------- the document


def _paper_for(model: ReportModel, paper: PaperSize) -> PaperSize:
    if not model.portrait:
        return landscape(paper)
    if paper.width_mm > paper.height_mm:  # a landscape paper turned back
        paper = replace(paper, width_mm=paper.height_mm, height_mm=paper.width_mm)
    return replace(paper, margins=REGISTER_MARGINS, label=paper.label.replace(", melintang", ""))


def _pack(rows: Sequence[_Row], first: float, later: float, head: float) -> list[list[_Row]]:
    """The rows packed greedily into pages (``first`` points of table on the first page, ``later``
    on the others, each opening with the head); a section's heading never ends a page."""
    pages: list[list[_Row]] = [[]]
    room = first - head
    for i, row in enumerate(rows):
        need = row.height
        if row.kind == "heading" and i + 1 < len(rows):
            need += rows[i + 1].height
        if need > room and pages[-1]:
            pages.append([])
            room = later - head
        pages[-1].append(row)
        room -= row.height
    return pages


def _with_tail(pages: list[list[_Row]], tail: float, first: float, later: float, head: float) -> None:
    """Make room for the signatures (``tail`` points) after the last page of the table: when they
    do not fit under it, its last rows (down to two items, with the totals after them and a
    heading before them; fewer when the page would overflow) move with them to a page of their
    own: they never stand alone on a page."""
    room = (first if len(pages) == 1 else later) - head - sum(r.height for r in pages[-1])
    if tail <= room:
        return
    last = pages[-1]
    moved: list[_Row] = []
    while last and sum(1 for r in moved if r.kind == "item") < 2 \
            and head + sum(r.height for r in [last[-1], *moved]) + tail <= later:
        moved.insert(0, last.pop())
    while last and last[-1].kind == "heading":  # a heading goes with its rows
        moved.insert(0, last.pop())
    if not last:
        pages.pop()
    pages.append(moved)


def _opening(model: ReportModel, width: float) -> list[Any]:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.letterhead import Letterhead

    title = ParagraphStyle("asset-title", fontName=fonts.SANS_BOLD, fontSize=12, leading=15,
                           alignment=TA_CENTER)
    subtitle = ParagraphStyle("asset-subtitle", fontName=fonts.SANS_BOLD, fontSize=11, leading=14,
                              alignment=TA_CENTER)
    period = ParagraphStyle("asset-period", fontName=fonts.SANS, fontSize=10, leading=13,
                            alignment=TA_CENTER, spaceAfter=0.35 * CM)
    out: list[Any] = [Letterhead(model.header.office, space_after=0.3 * CM),
                      Paragraph(escape(model.title), title)]
    if model.subtitle:
        out.append(Paragraph(escape(model.subtitle), subtitle))
    out.append(Paragraph(escape(model.period), period))
    if model.info:
        style = ParagraphStyle("asset-info", fontName=fonts.SANS, fontSize=9, leading=11.5)
        bold = ParagraphStyle("asset-info-value", parent=style, fontName=fonts.SANS_BOLD)
        rows = [[Paragraph(escape(label), style), ":", Paragraph(escape(value), bold)]
                for label, value in model.info]
        table = Table(rows, colWidths=[3.4 * CM, 0.4 * CM, width - 3.8 * CM], hAlign="LEFT")
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.SANS, 9),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
        table.spaceAfter = 0.3 * CM
        out.append(table)
    return out


def _tail(model: ReportModel) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.letterhead import SignatureBlock

    office = model.header.office
    blocks = [SignatureBlock(s.signatory, place=office.city if s.dated else "",
                             on=model.header.printed_on if s.dated else None, above=s.above,
                             font_size=9, min_width=100 * CM)
              for s in model.signatures]
    note = None
    if model.summary:
        note = Paragraph(escape(model.summary), ParagraphStyle("asset-summary", fontName=fonts.SANS,
                                                               fontSize=8.5, leading=11))
    return _flowables()[2](note, blocks)


def render_report(model: ReportModel, paper: PaperSize = A4, *, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None) -> bytes:
    """The report as a PDF on ``paper`` (A4 or F4; turned landscape for the registers, portrait
    for a KIR). ``progress(done, total)`` is called as pages are laid out (rows done) and
    ``cancelled()`` asked between pages and every few hundred rows: when it answers True the build
    stops with ``reports.agenda.Cancelled``."""
    from reportlab.platypus import PageBreak

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.agenda import _height_of, _measure
    from dinsos_desktop.reports.document import PageFooter, build_pdf
    from dinsos_desktop.reports.formatting import format_date

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(CANCELLED_MESSAGE)

    fonts.register_fonts()
    paper = _paper_for(model, paper)
    width, height = paper.frame_width, paper.frame_height
    columns = model.columns
    total_rows = model.row_count
    texts = [[cell_text(v, c) for v, c in zip(row, columns, strict=True)]
             for section in model.sections for row in section.rows]
    words = _longest_words(columns, texts)
    sums = [model.totals(x) for x in model.sections if x.subtotal] + [model.totals()]
    totals = [{cell_text(t.get(c.key), c) for t in sums} if c.total else set() for c in columns]
    for size in _SIZES:
        look = _look(size)
        body, bold = _measure(fonts.SANS, size), _measure(fonts.SANS_BOLD, size)
        widths, enough = _widths(columns, width, look, body, bold, total_rows, words, totals)
        if enough:
            break
    head = _head(columns, widths, look, bold)
    most = max(3, int((height - head.height - look.pad_y - 6) // look.leading))
    if progress is not None:
        progress(0, total_rows)
    rows: list[_Row] = []
    done = 0
    for section in model.sections:
        if section.heading:
            rows.append(_across_row(section.heading, "heading", width, look, bold, most))
        for _ in section.rows:
            if done % 250 == 249:
                check()
            rows.append(_item_row(texts[done], widths, look, body, most))
            done += 1
        if section.subtotal:
            rows.append(_totals_row(section.subtotal, model.totals(section), "subtotal", columns, widths,
                                    look, bold, most))
    check()
    if not total_rows:
        rows.append(_across_row(model.empty, "note", width, look, body, most))
    rows.append(_totals_row(GRAND_TOTAL, model.totals(), "total", columns, widths, look, bold, most))

    opening = _opening(model, width)
    slack = 2.0
    first = height - _height_of(opening, width, height) - slack
    later = height - slack
    pages = _pack(rows, first, later, head.height)
    tail = _tail(model)
    _with_tail(pages, _height_of([tail], width, height) + tail.getSpaceBefore(), first, later, head.height)
    page_class, checkpoint, _ = _flowables()
    story: list[Any] = list(opening)
    laid = 0
    for n, page_rows in enumerate(pages):
        if n:
            story.append(PageBreak())  # the pages are packed here: a short one stays short
        story.append(page_class(head, page_rows, columns, widths, look))
        laid += sum(1 for r in page_rows if r.kind == "item")
        story.append(checkpoint(min(laid, total_rows), total_rows, progress, cancelled))
    story.append(tail)
    header = model.header
    office = header.office
    name = model.short_name or model.title.title()
    footer = PageFooter(right=f"{name} · dicetak {format_date(header.printed_on)}", font_size=7)
    author = f"{office.office_name} {office.government_name}".strip()
    pdf = build_pdf(story, paper, title=f"{model.title} {model.subtitle} {model.period}".replace("  ", " "),
                    author=author, subject=name, footer=footer)
    if progress is not None:
        progress(total_rows, total_rows)
    return pdf


# --------------------------------------------------------------------------- the reports


def render_kib(kib: Kib, assets: Sequence[AssetDTO], header: AssetReportHeader, paper: PaperSize = A4, *,
               as_of: dt.date | None = None, progress: Progress | None = None,
               cancelled: IsCancelled | None = None) -> bytes:
    """The Kartu Inventaris Barang of ``kib`` listing ``assets`` (in the order given), landscape."""
    return render_report(kib_model(kib, assets, header, as_of=as_of), paper, progress=progress,
                         cancelled=cancelled)


def render_room_card(card: RoomCard, header: AssetReportHeader, paper: PaperSize = A4, *,
                     progress: Progress | None = None, cancelled: IsCancelled | None = None) -> bytes:
    """The Kartu Inventaris Ruangan of a room, portrait."""
    return render_report(room_card_model(card, header), paper, progress=progress, cancelled=cancelled)


def render_additions(assets: Sequence[AssetDTO], header: AssetReportHeader, start: dt.date, end: dt.date,
                     paper: PaperSize = A4, *, progress: Progress | None = None,
                     cancelled: IsCancelled | None = None) -> bytes:
    """The Daftar Penambahan Aset: ``assets`` acquired from ``start`` to ``end``, by KIB."""
    return render_report(additions_model(assets, header, start, end), paper, progress=progress,
                         cancelled=cancelled)


def render_mutation(report: MutationReport, header: AssetReportHeader, paper: PaperSize = A4, *,
                    progress: Progress | None = None, cancelled: IsCancelled | None = None) -> bytes:
    """The Laporan Mutasi Barang of a period, by KIB with subtotals and the grand total."""
    return render_report(mutation_model(report, header), paper, progress=progress, cancelled=cancelled)


def render_depreciation(report: DepreciationReport, header: AssetReportHeader, paper: PaperSize = A4, *,
                        progress: Progress | None = None, cancelled: IsCancelled | None = None) -> bytes:
    """The depreciation schedule as of a date, by KIB with subtotals and totals."""
    return render_report(depreciation_model(report, header), paper, progress=progress,
                         cancelled=cancelled)

