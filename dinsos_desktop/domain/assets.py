"""Fixed assets (Barang Milik Daerah): the code structure of Permendagri 108/2016, the six
registers (KIB A–F) and their columns, conditions, origins, straight-line depreciation as of any
date, label contents and layouts. Stdlib only.

Code structure: Akun . Kelompok . Jenis . Objek . Rincian Objek . Sub Rincian Objek . Sub-sub
Rincian Objek, e.g. ``1.3.2.10.01.02.001`` (PC Unit). The Jenis (the third level) decides the
register: 1.3.1 → KIB A (Tanah) … 1.3.6 → KIB F (Konstruksi Dalam Pengerjaan).

Depreciation (Permendagri 1/2019: straight line, no residual value): the value is spread evenly
over the useful life's periods (years, semesters or months: an office setting). The period in
which the asset was acquired counts in full; a period counts once it has ended on or before the
"as of" date. Amounts are whole rupiah: after ``n`` of ``N`` periods the accumulated depreciation
is ``value × n // N``, so the periods differ by at most one rupiah and the last one ends exactly at
the full value.
Land (A) and construction in progress (F) are not depreciated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from enum import StrEnum

from dinsos_desktop.domain.errors import ValidationError

CODE_WIDTHS = (1, 1, 1, 2, 2, 2, 3)  # digits per level (1 . 3 . 2 . 10 . 01 . 02 . 001)
LEVEL_NAMES = ("Akun", "Kelompok", "Jenis", "Objek", "Rincian Objek", "Sub Rincian Objek",
               "Sub-sub Rincian Objek")
MIN_ASSET_LEVEL = 5  # an asset is registered under a Rincian Objek or below
MAX_QUANTITY = 500  # "10 kursi" → 10 records; a bigger batch is a typing mistake
MAX_VALUE = 10**15  # Rp 1.000 triliun
MAX_LIFE_YEARS = 100
LABEL_PREFIX = "BMD"


class Kib(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return KIB_LABELS[self]

    @property
    def heading(self) -> str:
        return f"KIB {self.value} — {KIB_LABELS[self]}"

    @property
    def depreciates(self) -> bool:
        return self not in (Kib.A, Kib.F)


KIB_LABELS = {
    Kib.A: "Tanah",
    Kib.B: "Peralatan dan Mesin",
    Kib.C: "Gedung dan Bangunan",
    Kib.D: "Jalan, Irigasi dan Jaringan",
    Kib.E: "Aset Tetap Lainnya",
    Kib.F: "Konstruksi Dalam Pengerjaan",
}
KIB_OF_JENIS = {"1.3.1": Kib.A, "1.3.2": Kib.B, "1.3.3": Kib.C, "1.3.4": Kib.D, "1.3.5": Kib.E,
                "1.3.6": Kib.F}


class Condition(StrEnum):
    BAIK = "B"
    KURANG_BAIK = "KB"
    RUSAK_BERAT = "RB"

    @property
    def label(self) -> str:
        return {"B": "Baik", "KB": "Kurang Baik", "RB": "Rusak Berat"}[self.value]


class Origin(StrEnum):
    APBD = "apbd"
    APBN = "apbn"
    HIBAH = "hibah"
    MUTASI_MASUK = "mutasi_masuk"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return ORIGIN_LABELS[self]


ORIGIN_LABELS = {
    Origin.APBD: "Pengadaan (APBD)",
    Origin.APBN: "APBN / Dekonsentrasi / Tugas Pembantuan",
    Origin.HIBAH: "Hibah",
    Origin.MUTASI_MASUK: "Mutasi masuk dari OPD lain",
    Origin.LAINNYA: "Perolehan lain yang sah",
}


class Period(StrEnum):
    YEAR = "year"
    SEMESTER = "semester"
    MONTH = "month"

    @property
    def label(self) -> str:
        return {"year": "Tahunan", "semester": "Semesteran", "month": "Bulanan"}[self.value]

    @property
    def per_year(self) -> int:
        return {"year": 1, "semester": 2, "month": 12}[self.value]


class MutationKind(StrEnum):
    ACQUIRED = "perolehan"  # the asset entered the register
    MOVED = "pindah"  # to another room and/or person responsible
    CONDITION = "kondisi"
    RECLASSIFIED = "reklasifikasi"  # a new code (and register number under it)
    DISPOSED = "penghapusan"
    EDITED = "ubah_data"  # a correction of the record's data

    @property
    def label(self) -> str:
        return MUTATION_LABELS[self]


MUTATION_LABELS = {
    MutationKind.ACQUIRED: "Perolehan",
    MutationKind.MOVED: "Pindah ruangan / penanggung jawab",
    MutationKind.CONDITION: "Perubahan kondisi",
    MutationKind.RECLASSIFIED: "Reklasifikasi",
    MutationKind.DISPOSED: "Penghapusan",
    MutationKind.EDITED: "Perbaikan data",
}


# --------------------------------------------------------------------------- codes


def _is_digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` also takes "²" and "١", which ``int`` refuses)."""
    return text.isascii() and text.isdigit()


def check_asset_code(text: str) -> str:
    """The code normalised (``1.3.2.5.1.4.1`` → ``1.3.2.05.01.04.001``), or ValidationError."""
    cleaned = text.strip().rstrip(".")
    parts = cleaned.split(".") if cleaned else []
    if not parts or len(parts) > len(CODE_WIDTHS) or not all(_is_digits(p) for p in parts):
        raise ValidationError({"code": "Kode barang terdiri dari angka yang dipisah titik, "
                                       "misalnya 1.3.2.10.01.02.001."})
    out = []
    for part, width, level in zip(parts, CODE_WIDTHS, LEVEL_NAMES, strict=False):
        if len(part) > width:
            raise ValidationError({"code": f"Bagian {level} paling banyak {width} angka."})
        out.append(part.zfill(width))
    return ".".join(out)


def code_level(code: str) -> int:
    return code.count(".") + 1


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ancestors(code: str) -> list[str]:
    """The codes above ``code``, from the Akun down (without ``code`` itself)."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def kib_of(code: str) -> Kib | None:
    """The register a code's assets belong in (None above the Jenis or outside 1.3)."""
    return KIB_OF_JENIS.get(".".join(code.split(".")[:3])) if code_level(code) >= 3 else None


def useful_life(code: str, lives: dict[str, int]) -> int | None:
    """The useful life (years) of the nearest code at or above ``code`` that has one."""
    for candidate in [code, *reversed(ancestors(code))]:
        if candidate in lives:
            return lives[candidate]
    return None


# --------------------------------------------------------------------------- depreciation


def period_index(day: dt.date, period: Period) -> int:
    """A running index of the period containing ``day`` (comparable across years)."""
    if period is Period.YEAR:
        return day.year
    if period is Period.SEMESTER:
        return day.year * 2 + (0 if day.month <= 6 else 1)
    return day.year * 12 + day.month - 1


def period_end(index: int, period: Period) -> dt.date:
    if period is Period.YEAR:
        return dt.date(index, 12, 31)
    if period is Period.SEMESTER:
        year, half = divmod(index, 2)
        return dt.date(year, 6, 30) if half == 0 else dt.date(year, 12, 31)
    year, month0 = divmod(index, 12)
    following = dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def periods_counted(acquired: dt.date, as_of: dt.date, period: Period) -> int:
    """Periods from the acquisition's (counted in full) through the last one ended by ``as_of``."""
    last = period_index(as_of, period)
    if period_end(last, period) > as_of:
        last -= 1
    return max(0, last - period_index(acquired, period) + 1)


@dataclass(frozen=True, slots=True)
class BookValue:
    value: int  # acquisition value
    periods: int  # periods depreciated so far
    life_periods: int  # 0: not depreciated
    per_period: int  # the regular amount (whole rupiah, rounded down)
    accumulated: int
    book_value: int

    @property
    def depreciates(self) -> bool:
        return self.life_periods > 0


def depreciation(value: int, acquired: dt.date, life_years: int | None, period: Period,
                 as_of: dt.date, *, depreciates: bool = True) -> BookValue:
    """Straight-line depreciation of one asset as of a date (see the module's docstring)."""
    if not depreciates or not life_years or life_years <= 0 or value <= 0:
        return BookValue(value, 0, 0, 0, 0, value)
    life = life_years * period.per_year
    counted = min(periods_counted(acquired, as_of, period), life)
    accumulated = value * counted // life
    return BookValue(value, counted, life, value // life, accumulated, value - accumulated)


def schedule(value: int, acquired: dt.date, life_years: int,
             period: Period) -> list[tuple[dt.date, int, int]]:
    """(period end, depreciation of the period, book value after it) over the whole life."""
    rows = []
    life = life_years * period.per_year
    first = period_index(acquired, period)
    before = 0
    for n in range(1, life + 1):
        accumulated = value * n // life
        rows.append((period_end(first + n - 1, period), accumulated - before, value - accumulated))
        before = accumulated
    return rows


# --------------------------------------------------------------------------- the asset's fields

# Detail fields and the registers that use them (the others are cleared when a record is saved).
DETAIL_FIELDS: dict[str, tuple[Kib, ...]] = {
    "brand_type": (Kib.B,), "size_cc": (Kib.B,), "material": (Kib.B,),
    "factory_no": (Kib.B,), "chassis_no": (Kib.B,), "engine_no": (Kib.B,), "plate_no": (Kib.B,),
    "bpkb_no": (Kib.B,),
    "address": (Kib.A, Kib.C, Kib.D, Kib.F),
    "area_m2": (Kib.A, Kib.D),
    "land_right": (Kib.A,), "certificate_date": (Kib.A,), "certificate_no": (Kib.A,),
    "land_use": (Kib.A,),
    "multi_storey": (Kib.C, Kib.F), "concrete": (Kib.C, Kib.F), "floor_area_m2": (Kib.C, Kib.F),
    "document_date": (Kib.C, Kib.D, Kib.F), "document_no": (Kib.C, Kib.D, Kib.F),
    "land_area_m2": (Kib.C,), "land_status": (Kib.C, Kib.D, Kib.F),
    "land_code": (Kib.C, Kib.D, Kib.F),
    "construction": (Kib.D,), "length_m": (Kib.D,), "width_m": (Kib.D,),
    "title_spec": (Kib.E,), "art_origin": (Kib.E,), "art_creator": (Kib.E,),
    "art_material": (Kib.E,), "animal_kind": (Kib.E,), "animal_size": (Kib.E,),
    "building_type": (Kib.F,), "start_date": (Kib.F,), "contract_value": (Kib.F,),
}
FIELD_LABELS = {
    "code": "Kode barang", "name": "Nama barang", "acquired_on": "Tanggal perolehan",
    "acquired_year": "Tahun perolehan", "value": "Nilai perolehan (Rp)", "origin": "Asal-usul",
    "condition": "Kondisi", "room_id": "Ruangan", "responsible": "Penanggung jawab",
    "notes": "Keterangan", "quantity": "Jumlah",
    "brand_type": "Merk / tipe", "size_cc": "Ukuran / CC", "material": "Bahan",
    "factory_no": "Nomor pabrik", "chassis_no": "Nomor rangka", "engine_no": "Nomor mesin",
    "plate_no": "Nomor polisi", "bpkb_no": "Nomor BPKB", "address": "Letak / alamat",
    "area_m2": "Luas (m²)", "land_right": "Status hak", "certificate_date": "Tanggal sertifikat",
    "certificate_no": "Nomor sertifikat", "land_use": "Penggunaan",
    "multi_storey": "Bertingkat", "concrete": "Beton", "floor_area_m2": "Luas lantai (m²)",
    "document_date": "Tanggal dokumen", "document_no": "Nomor dokumen",
    "land_area_m2": "Luas tanah (m²)", "land_status": "Status tanah",
    "land_code": "Nomor kode tanah", "construction": "Konstruksi", "length_m": "Panjang (m)",
    "width_m": "Lebar (m)", "title_spec": "Judul / pencipta / spesifikasi buku",
    "art_origin": "Asal daerah (kesenian)", "art_creator": "Pencipta", "art_material": "Bahan",
    "animal_kind": "Jenis hewan / tumbuhan", "animal_size": "Ukuran",
    "building_type": "Bangunan (P/SP/D)", "start_date": "Tanggal mulai",
    "contract_value": "Nilai kontrak (Rp)",
}
_TEXT_LIMITS = {"name": 200, "responsible": 120, "notes": 1000, "brand_type": 120, "size_cc": 60,
                "material": 60, "factory_no": 60, "chassis_no": 60, "engine_no": 60, "plate_no": 20,
                "bpkb_no": 40, "address": 300, "land_right": 60, "certificate_no": 80,
                "land_use": 120, "document_no": 80, "land_status": 60, "land_code": 60,
                "construction": 60, "title_spec": 300, "art_origin": 120, "art_creator": 120,
                "art_material": 60, "animal_kind": 120, "animal_size": 60, "building_type": 60}
_DECIMALS = ("area_m2", "floor_area_m2", "land_area_m2", "length_m", "width_m")


@dataclass(frozen=True, slots=True)
class AssetFields:
    """What the pengurus barang types for an asset (the register number comes from the counter)."""

    code: str
    name: str
    acquired_on: dt.date | None
    value: int
    origin: Origin = Origin.APBD
    condition: Condition = Condition.BAIK
    acquired_year: int | None = None  # when only the year is known (old records)
    room_id: int | None = None
    responsible: str = ""
    notes: str = ""
    quantity: int = 1  # KIB E: a collection counted as one record (books, plants)
    brand_type: str = ""
    size_cc: str = ""
    material: str = ""
    factory_no: str = ""
    chassis_no: str = ""
    engine_no: str = ""
    plate_no: str = ""
    bpkb_no: str = ""
    address: str = ""
    area_m2: Decimal | None = None
    land_right: str = ""
    certificate_date: dt.date | None = None
    certificate_no: str = ""
    land_use: str = ""
    multi_storey: bool = False
    concrete: bool = False
    floor_area_m2: Decimal | None = None
    document_date: dt.date | None = None
    document_no: str = ""
    land_area_m2: Decimal | None = None
    land_status: str = ""
    land_code: str = ""
    construction: str = ""
    length_m: Decimal | None = None
    width_m: Decimal | None = None
    title_spec: str = ""
    art_origin: str = ""
    art_creator: str = ""
    art_material: str = ""
    animal_kind: str = ""
    animal_size: str = ""
    building_type: str = ""
    start_date: dt.date | None = None
    contract_value: int | None = None

    @property
    def year(self) -> int | None:
        return self.acquired_on.year if self.acquired_on else self.acquired_year

    @property
    def depreciation_start(self) -> dt.date | None:
        """The acquisition date; where only the year is known, 1 January of that year."""
        if self.acquired_on is not None:
            return self.acquired_on
        return dt.date(self.acquired_year, 1, 1) if self.acquired_year else None


ASSET_FIELD_NAMES = tuple(f.name for f in fields(AssetFields))


def parse_decimal(text: str) -> Decimal | None:
    """An Indonesian-typed number ("1.234,5" or "1234.5") as a Decimal; None when empty;
    ValueError when it is not a number."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    # Dots group thousands only in whole groups of three after a first group without a leading
    # zero: "0.250" is a quarter, "1.2.3" and "1,234.5" (English) are refused, not misread.
    if re.fullmatch(r"-?([0-9]*|[1-9][0-9]{0,2}(\.[0-9]{3})+),[0-9]*", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)", cleaned):  # no "1e5", "NaN", "١"
        raise ValueError(text)
    return Decimal(cleaned)


def parse_rupiah(text: str) -> int | None:
    """"Rp 12.000.000", "12000000" or "12.000.000,00" as whole rupiah; None when empty;
    ValueError otherwise (cents other than ,00 are refused: registers are kept in whole rupiah)."""
    cleaned = text.strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    if not cleaned:
        return None
    cleaned = re.sub(r",0{1,2}$", "", cleaned)
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", cleaned):
        raise ValueError(text)
    return int(cleaned.replace(".", ""))


def check_asset_fields(f: AssetFields, kib: Kib, today: dt.date) -> AssetFields:
    """Trimmed fields with the other registers' details cleared, or ValidationError naming each
    bad field (in Bahasa Indonesia)."""
    errors: dict[str, str] = {}
    changes: dict[str, object] = {}
    # The other registers' details are not on the form: cleared first, they cannot block a save.
    f = replace(f, **{name: AssetFields.__dataclass_fields__[name].default  # type: ignore[arg-type]
                      for name, kibs in DETAIL_FIELDS.items() if kib not in kibs})
    if kib is not Kib.E:
        f = replace(f, quantity=1)
    for name, limit in _TEXT_LIMITS.items():
        value = getattr(f, name)
        cleaned = value.strip() if name in ("notes", "address", "title_spec") else " ".join(value.split())
        changes[name] = cleaned
        if len(cleaned) > limit:
            errors[name] = f"{FIELD_LABELS[name]} paling panjang {limit} karakter."
    if not changes["name"]:
        errors["name"] = "Nama barang wajib diisi."
    if f.acquired_on is None and not f.acquired_year:
        errors["acquired_on"] = "Isi tanggal perolehan (atau tahunnya saja untuk catatan lama)."
    elif f.acquired_on is not None and f.acquired_on > today:
        errors["acquired_on"] = "Tanggal perolehan tidak boleh sesudah hari ini."
    elif f.acquired_on is None and f.acquired_year is not None and not 1900 <= f.acquired_year <= today.year:
        errors["acquired_on"] = f"Tahun perolehan harus antara 1900 dan {today.year}."
    if f.acquired_on is not None:
        changes["acquired_year"] = f.acquired_on.year
    if not 0 <= f.value <= MAX_VALUE:
        errors["value"] = "Nilai perolehan tidak boleh negatif." if f.value < 0 else \
            "Nilai perolehan terlalu besar."
    if not 1 <= f.quantity <= 1_000_000:
        errors["quantity"] = "Jumlah paling sedikit 1." if f.quantity < 1 else "Jumlah terlalu besar."
    for name in _DECIMALS:
        value = getattr(f, name)
        if value is not None and (value < 0 or value >= Decimal("1e11")):
            errors[name] = f"{FIELD_LABELS[name]} tidak masuk akal."
    if f.contract_value is not None and not 0 <= f.contract_value <= MAX_VALUE:
        errors["contract_value"] = "Nilai kontrak tidak masuk akal."
    for name in ("certificate_date", "document_date", "start_date"):
        value = getattr(f, name)
        if value is not None and value > today and name != "start_date":
            errors[name] = f"{FIELD_LABELS[name]} tidak boleh sesudah hari ini."
    if errors:
        raise ValidationError(errors)
    return replace(f, **changes)  # type: ignore[arg-type]


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": f"Sekaligus paling banyak {MAX_QUANTITY} barang "
                                           "(paling sedikit 1)."})
    return quantity


def check_life_years(years: int | None) -> int | None:
    if years is not None and not 0 <= years <= MAX_LIFE_YEARS:
        raise ValidationError({"useful_life": f"Masa manfaat antara 0 dan {MAX_LIFE_YEARS} tahun."})
    return years


# --------------------------------------------------------------------------- labels


def label_text(code: str, register: int) -> str:
    """What an asset's QR code holds: ``BMD|1.3.2.10.01.02.001|0007``."""
    return f"{LABEL_PREFIX}|{code}|{register:04d}"


def parse_label(text: str) -> tuple[str, int] | None:
    """(code, register number) from a scanned label, or None when it is not an asset label."""
    parts = text.strip().split("|")
    if len(parts) != 3 or parts[0] != LABEL_PREFIX or not _is_digits(parts[2]):
        return None
    try:
        code = check_asset_code(parts[1])
    except ValidationError:
        return None
    register = int(parts[2])
    return (code, register) if code_level(code) >= MIN_ASSET_LEVEL and register >= 1 else None


def register_text(register: int) -> str:
    return f"{register:04d}"


@dataclass(frozen=True, slots=True)
class LabelLayout:
    """A sheet of labels (A4 label paper) or a roll (one label per page of the roll's size)."""

    roll: bool = False
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    columns: int = 3
    rows: int = 8
    margin_left_mm: float = 7.0
    margin_top_mm: float = 13.0
    label_width_mm: float = 64.0
    label_height_mm: float = 33.9
    gap_x_mm: float = 2.5
    gap_y_mm: float = 0.0

    @property
    def per_page(self) -> int:
        return 1 if self.roll else self.columns * self.rows


ROLL_LAYOUT = LabelLayout(roll=True, page_width_mm=50.0, page_height_mm=25.0, columns=1, rows=1,
                          margin_left_mm=0.0, margin_top_mm=0.0, label_width_mm=50.0,
                          label_height_mm=25.0, gap_x_mm=0.0, gap_y_mm=0.0)


def check_layout(layout: LabelLayout) -> LabelLayout:
    errors: dict[str, str] = {}
    if layout.roll:
        layout = replace(layout, columns=1, rows=1, margin_left_mm=0.0, margin_top_mm=0.0,
                         gap_x_mm=0.0, gap_y_mm=0.0, page_width_mm=layout.label_width_mm,
                         page_height_mm=layout.label_height_mm)
    if not 1 <= layout.columns <= 10:
        errors["columns"] = "Kolom antara 1 dan 10."
    if not 1 <= layout.rows <= 30:
        errors["rows"] = "Baris antara 1 dan 30."
    if layout.label_width_mm < 30 or layout.label_height_mm < 15:
        errors["label_width_mm"] = "Label paling kecil 30 × 15 mm (QR harus tetap terbaca)."
    for name in ("margin_left_mm", "margin_top_mm", "gap_x_mm", "gap_y_mm"):
        if getattr(layout, name) < 0:
            errors[name] = "Tidak boleh negatif."
    if not errors:
        width = layout.margin_left_mm + layout.columns * layout.label_width_mm \
            + (layout.columns - 1) * layout.gap_x_mm
        height = layout.margin_top_mm + layout.rows * layout.label_height_mm \
            + (layout.rows - 1) * layout.gap_y_mm
        if width > layout.page_width_mm + 0.01:
            errors["columns"] = (f"Label tidak muat ke samping: {width:.1f} mm, kertas "
                                 f"{layout.page_width_mm:.0f} mm.")
        if height > layout.page_height_mm + 0.01:
            errors["rows"] = (f"Label tidak muat ke bawah: {height:.1f} mm, kertas "
                              f"{layout.page_height_mm:.0f} mm.")
    if errors:
        raise ValidationError(errors)
    return layout


# --------------------------------------------------------------------------- periods of reports


def semester_bounds(year: int, semester: int | None) -> tuple[dt.date, dt.date]:
    """The first and last day of a semester (1 or 2) of a year, or of the whole year (None)."""
    if semester is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if semester == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if semester == 2:
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    raise ValidationError({"semester": "Semester 1 atau 2."})


def missing_in_room(expected: Iterable[int], seen: Sequence[int]) -> list[int]:
    """The assets of a room not seen in a stock-take, in their order."""
    found = set(seen)
    return [a for a in expected if a not in found]
