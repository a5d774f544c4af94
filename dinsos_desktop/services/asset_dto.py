"""Frozen values of the fixed-asset register that cross from the services to the GUI, the reports
and other threads (kept apart from dto.py: only the asset pages import them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dinsos_desktop.domain.assets import (
    AssetFields,
    BookValue,
    Condition,
    Kib,
    LabelLayout,
    MutationKind,
    Period,
    label_text,
    register_text,
)

ACTIVE, DISPOSED = "aktif", "dihapus"
SHEET_LAYOUT = LabelLayout()  # A4, 3 × 8 labels of 64 × 33.9 mm
# What depreciation and the mutation report read of each asset: (id, kib, code, register, name,
# acquired_on, acquired_year, value, disposed_on, status).
BookRow = tuple[int, str, str, int, str, dt.date | None, int, int, dt.date | None, str]


@dataclass(frozen=True, slots=True)
class AssetCodeDTO:
    id: int
    code: str
    name: str
    level: int
    kib: Kib | None
    useful_life: int | None  # years, set on this code (None: inherited, see effective_life)
    effective_life: int | None  # this code's or the nearest code above it that has one
    active: bool
    version: int


@dataclass(frozen=True, slots=True)
class AssetCodeInput:
    code: str
    name: str
    useful_life: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class RoomDTO:
    id: int
    building: str  # "Kantor Dinas Sosial", "Gudang"
    name: str  # "Ruang Kepala Dinas"
    code: str  # short code printed on the room card ("R.01")
    responsible: str  # the person responsible for the room
    active: bool
    version: int

    @property
    def label(self) -> str:
        return f"{self.building} — {self.name}" if self.building else self.name


@dataclass(frozen=True, slots=True)
class RoomInput:
    building: str
    name: str
    code: str = ""
    responsible: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class AssetDTO:
    id: int
    register: int  # the register number under the code (1, 2, … 166)
    kib: Kib
    code_name: str  # the code's name in the code tree
    fields: AssetFields  # code, name, dates, value, details …
    room_label: str  # "" when not placed in a room
    status: str  # aktif | dihapus
    disposed_on: dt.date | None
    disposal_decree_no: str
    disposal_decree_date: dt.date | None
    disposal_reason: str
    life_years: int | None  # effective useful life of its code
    created_by_name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def code(self) -> str:
        return self.fields.code

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def condition(self) -> Condition:
        return self.fields.condition

    @property
    def register_text(self) -> str:
        return register_text(self.register)

    @property
    def label_text(self) -> str:
        return label_text(self.fields.code, self.register)

    @property
    def year(self) -> int | None:
        return self.fields.year

    @property
    def disposed(self) -> bool:
        return self.status == DISPOSED


@dataclass(frozen=True, slots=True)
class AssetFilter:
    kib: Kib | None = None
    code_prefix: str = ""  # a code or a code above it (1.3.2.05)
    room_id: int | None = None
    condition: Condition | None = None
    status: str = ACTIVE  # aktif | dihapus | "" (all)
    year: int | None = None  # acquisition year
    text: str = ""  # name, brand/type, plate, certificate, notes …


@dataclass(frozen=True, slots=True)
class MutationInput:
    """One mutation of an asset; the fields that apply to its kind are used."""

    kind: MutationKind
    day: dt.date
    room_id: int | None = None  # MOVED
    responsible: str | None = None  # MOVED (None: unchanged)
    condition: Condition | None = None  # CONDITION
    code: str = ""  # RECLASSIFIED: the new code
    decree_no: str = ""  # DISPOSED: the disposal decree (SK penghapusan)
    decree_date: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AssetMutationDTO:
    id: int
    asset_id: int
    kind: MutationKind
    day: dt.date
    summary: str  # "Pindah dari Ruang Kepala Dinas ke Gudang; penanggung jawab: Budi"
    reason: str
    decree_no: str
    decree_date: dt.date | None
    value_change: int  # + acquisition, − disposal (for the mutation report)
    by_name: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class DepreciationRow:
    asset_id: int
    kib: Kib
    code: str
    register: int
    name: str
    acquired: dt.date  # the depreciation start (1 January where only the year is known)
    year: int
    life_years: int | None
    book: BookValue

    @property
    def register_text(self) -> str:
        return register_text(self.register)


@dataclass(frozen=True, slots=True)
class DepreciationTotals:
    kib: Kib
    assets: int
    value: int
    accumulated: int
    book_value: int


@dataclass(frozen=True, slots=True)
class DepreciationReport:
    as_of: dt.date
    period: Period
    rows: tuple[DepreciationRow, ...]
    totals: tuple[DepreciationTotals, ...]  # per KIB, in KIB order (only KIBs with assets)

    @property
    def value(self) -> int:
        return sum(t.value for t in self.totals)

    @property
    def accumulated(self) -> int:
        return sum(t.accumulated for t in self.totals)

    @property
    def book_value(self) -> int:
        return sum(t.book_value for t in self.totals)


@dataclass(frozen=True, slots=True)
class MutationReportLine:
    """One code's movement in a period (Laporan Mutasi Barang), in quantity and value."""

    kib: Kib
    code: str
    name: str
    opening_qty: int
    opening_value: int
    added_qty: int
    added_value: int
    removed_qty: int
    removed_value: int

    @property
    def closing_qty(self) -> int:
        return self.opening_qty + self.added_qty - self.removed_qty

    @property
    def closing_value(self) -> int:
        return self.opening_value + self.added_value - self.removed_value


@dataclass(frozen=True, slots=True)
class MutationReport:
    start: dt.date
    end: dt.date
    title_period: str  # "Semester I Tahun 2026", "Tahun 2026"
    lines: tuple[MutationReportLine, ...]


@dataclass(frozen=True, slots=True)
class RoomCard:
    """Kartu Inventaris Ruangan: the active assets placed in a room."""

    room: RoomDTO
    assets: tuple[AssetDTO, ...]


@dataclass(frozen=True, slots=True)
class StockTakeDTO:
    id: int
    room: RoomDTO
    started_at: dt.datetime
    started_by: str
    finished_at: dt.datetime | None
    expected: tuple[AssetDTO, ...]  # the room's active assets when asked
    seen: tuple[int, ...]  # asset ids marked seen, in the order they were scanned
    seen_elsewhere: tuple[AssetDTO, ...] = field(default=())  # scanned here, placed elsewhere

    @property
    def missing(self) -> tuple[AssetDTO, ...]:
        found = set(self.seen)
        return tuple(a for a in self.expected if a.id not in found)


@dataclass(frozen=True, slots=True)
class AssetSettings:
    period: Period = Period.YEAR
    sheet: LabelLayout = SHEET_LAYOUT
    roll: LabelLayout | None = None  # None: domain.assets.ROLL_LAYOUT
