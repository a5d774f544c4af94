"""What the fixed-asset screens share: the desk (who is working, the rooms, the settings and the
office profile loaded once for all the tabs, and the way every use case is run on the database
thread), the words the screens use for the domain's values, the input boxes for rupiah, numbers
and optional dates, and the scanner that knows an asset label.

An asset label's QR code holds ``BMD|<code>|<register>`` (``domain.assets.label_text``). The
receipt scanner of the main window (``gui.scan.ScanCatcher``) only knows receipts; the asset pages
install ``AssetScanCatcher``, the same catcher with the label's shape, while they are shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMainWindow, QWidget

from dinsos_desktop.domain.assets import (
    FIELD_LABELS,
    ROLL_LAYOUT,
    Condition,
    Kib,
    LabelLayout,
    MutationKind,
    Origin,
    Period,
    check_asset_code,
    label_text,
    parse_decimal,
    parse_label,
    parse_rupiah,
)
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.scan import DEFAULT_MAX_GAP_MS, ScanCatcher
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import to_local
from dinsos_desktop.reports.formatting import format_number
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services import office as office_service
from dinsos_desktop.services.asset_dto import AssetDTO, AssetSettings, RoomDTO
from dinsos_desktop.services.common import utcnow
from dinsos_desktop.services.dto import Actor

HINT_STYLE = "color: #555;"
DONE_STYLE = "color: #1b5e20;"
NOTE_STYLE = "background: #fff4e5; color: #6d4200; border: 1px solid #f0c27b; padding: 6px;"
INFO_STYLE = "background: #e3f0fd; color: #0d3c78; border: 1px solid #90b8e8; padding: 6px;"
FIRST_YEAR, LAST_YEAR = 1900, 2100

Clock = Callable[[], dt.datetime]
LocalTime = Callable[[dt.datetime], dt.datetime]
# A use case as the screens call it: (unit of work, actor) -> result, run on the database thread.
Work = Callable[[Any, Actor], Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("assets", text)


# --------------------------------------------------------------------------- words


def kib_label(kib: Kib) -> str:
    return {Kib.A: _tr("Tanah"), Kib.B: _tr("Peralatan dan Mesin"),
            Kib.C: _tr("Gedung dan Bangunan"), Kib.D: _tr("Jalan, Irigasi dan Jaringan"),
            Kib.E: _tr("Aset Tetap Lainnya"), Kib.F: _tr("Konstruksi Dalam Pengerjaan")}[kib]


def kib_short(kib: Kib) -> str:
    """What a KIB tab says ('B · Peralatan & Mesin'); the tooltip has the full name."""
    return {Kib.A: _tr("A · Tanah"), Kib.B: _tr("B · Peralatan & Mesin"),
            Kib.C: _tr("C · Gedung & Bangunan"), Kib.D: _tr("D · Jalan & Jaringan"),
            Kib.E: _tr("E · Aset Lainnya"), Kib.F: _tr("F · Konstruksi (KDP)")}[kib]


def kib_heading(kib: Kib) -> str:
    """'KIB B — Peralatan dan Mesin'."""
    return f"KIB {kib.value} — {kib_label(kib)}"


def condition_label(condition: Condition) -> str:
    return {Condition.BAIK: _tr("Baik"), Condition.KURANG_BAIK: _tr("Kurang Baik"),
            Condition.RUSAK_BERAT: _tr("Rusak Berat")}[condition]


def origin_label(origin: Origin) -> str:
    return {Origin.APBD: _tr("Pengadaan (APBD)"),
            Origin.APBN: _tr("APBN / Dekonsentrasi / Tugas Pembantuan"),
            Origin.HIBAH: _tr("Hibah"), Origin.MUTASI_MASUK: _tr("Mutasi masuk dari OPD lain"),
            Origin.LAINNYA: _tr("Perolehan lain yang sah")}[origin]


def period_label(period: Period) -> str:
    return {Period.YEAR: _tr("Tahunan"), Period.SEMESTER: _tr("Semesteran"),
            Period.MONTH: _tr("Bulanan")}[period]


def period_unit(period: Period) -> str:
    """'tahun', 'semester', 'bulan': what one period of depreciation is called."""
    return {Period.YEAR: _tr("tahun"), Period.SEMESTER: _tr("semester"),
            Period.MONTH: _tr("bulan")}[period]


def mutation_label(kind: MutationKind) -> str:
    return {MutationKind.ACQUIRED: _tr("Perolehan"),
            MutationKind.MOVED: _tr("Pindah ruangan / penanggung jawab"),
            MutationKind.CONDITION: _tr("Perubahan kondisi"),
            MutationKind.RECLASSIFIED: _tr("Reklasifikasi"),
            MutationKind.DISPOSED: _tr("Penghapusan"),
            MutationKind.EDITED: _tr("Perbaikan data")}[kind]


def field_label(name: str) -> str:
    """The label of an asset field (``domain.assets.FIELD_LABELS``), translated."""
    return QCoreApplication.translate("assets", FIELD_LABELS.get(name, name))


def money(amount: int) -> str:
    """'12.000.000': the tables' rupiah (the column says 'Rp')."""
    return format_number(amount)


def short_date(day: dt.date | None) -> str:
    return f"{day:%d-%m-%Y}" if day is not None else ""


def register_span(assets: Sequence[AssetDTO]) -> str:
    """'1.3.2.05.02.01.003 reg. 0001–0003' for consecutive registers of one code (else a list)."""
    if not assets:
        return ""
    codes = {a.code for a in assets}
    registers = sorted(a.register for a in assets)
    if len(codes) == 1 and registers == list(range(registers[0], registers[-1] + 1)):
        span = (f"{registers[0]:04d}" if len(registers) == 1
                else f"{registers[0]:04d}–{registers[-1]:04d}")
        return _tr("{code} reg. {span}").format(code=assets[0].code, span=span)
    return ", ".join(f"{a.code} reg. {a.register_text}" for a in assets)


def key_detail(asset: AssetDTO) -> str:
    """The column that tells one asset of a code from another, by its register (KIB): brand/type
    for equipment, the location for land and buildings, the title for books …"""
    f = asset.fields
    kib = asset.kib
    if kib is Kib.B:
        parts = [f.brand_type, f.plate_no]
    elif kib is Kib.A:
        parts = [f.address, f.certificate_no]
    elif kib is Kib.C:
        parts = [f.address]
    elif kib is Kib.D:
        parts = [f.construction, f.address]
    elif kib is Kib.E:
        parts = [f.title_spec or f.animal_kind or f.art_creator]
    else:
        parts = [f.building_type, f.address]
    return " · ".join(p for p in parts if p)


def key_detail_title(kib: Kib | None) -> str:
    return {None: _tr("Merk / tipe / letak"), Kib.A: _tr("Letak / sertifikat"),
            Kib.B: _tr("Merk / tipe"), Kib.C: _tr("Letak / alamat"),
            Kib.D: _tr("Konstruksi / letak"), Kib.E: _tr("Judul / jenis"),
            Kib.F: _tr("Bangunan / letak")}[kib]


def typed_label(text: str) -> str | None:
    """What a label scan or a typed "code register" (``1.3.2.05.02.01.003 7``, ``…/0007``) names,
    as a label's text; None when it is neither."""
    cleaned = text.strip()
    if parse_label(cleaned) is not None:
        return cleaned
    parts = cleaned.replace("/", " ").replace("|", " ").split()
    if len(parts) == 3 and parts[0].upper() == "BMD":
        parts = parts[1:]
    if len(parts) != 2 or not parts[1].isascii() or not parts[1].isdigit():
        return None
    try:
        code = check_asset_code(parts[0])
    except ValidationError:
        return None
    text_of_label = label_text(code, int(parts[1]))
    return text_of_label if parse_label(text_of_label) is not None else None


# --------------------------------------------------------------------------- input boxes


class RupiahEdit(QLineEdit):
    """Whole rupiah, the thousands separated by dots as they are typed ("12.000.000")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("0")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(25)
        self.textEdited.connect(self._regroup)

    def _regroup(self, text: str) -> None:
        if not re.fullmatch(r"[0-9.]*", text):
            return  # "Rp", a comma …: left as typed; parse_rupiah judges it
        digits_before = sum(ch.isdigit() for ch in text[:self.cursorPosition()])
        raw = text.replace(".", "")
        stripped = raw.lstrip("0") or raw[:1]  # "000" → "0"
        grouped = format_number(int(stripped)) if stripped else ""
        if grouped == text:
            return
        wanted = max(0, digits_before - (len(raw) - len(stripped)))  # leading zeros went
        position = seen = 0
        while position < len(grouped) and seen < wanted:
            seen += grouped[position].isdigit()
            position += 1
        self.setText(grouped)
        self.setCursorPosition(position)

    def value(self) -> int | None:
        """The amount; None when empty; ValueError when it is not whole rupiah."""
        return parse_rupiah(self.text())

    def set_value(self, amount: int | None) -> None:
        self.setText(format_number(amount) if amount is not None else "")


class DecimalEdit(QLineEdit):
    """A measure typed the Indonesian way ("1.250,5" or "1250.5")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(20)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def value(self) -> Any:
        return parse_decimal(self.text())

    def set_value(self, value: Any) -> None:
        self.setText(format_number(value) if value is not None else "")


class OptionalDateEdit(QLineEdit):
    """A date that may stay empty (a certificate's date): typed hh-bb-tttt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_tr("hh-bb-tttt"))
        self.setMaxLength(10)
        self.setMaximumWidth(130)

    def value(self) -> dt.date | None:
        """The date; None when empty; ValueError when it is not a date."""
        text = self.text().strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if match is None:
            raise ValueError(text)
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)

    def set_value(self, day: dt.date | None) -> None:
        self.setText(short_date(day))


def fill_rooms(combo: QComboBox, rooms: Sequence[RoomDTO], *, blank: str,
               keep: int | None = None) -> None:
    """Refill a room combo (data: the room's id; the blank item's data: None), the choice kept."""
    chosen = keep if keep is not None else combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(blank, None)
        for room in rooms:
            shown = f"{room.code} · {room.label}" if room.code else room.label
            if not room.active:
                shown += " " + _tr("(nonaktif)")
            combo.addItem(shown, room.id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
    finally:
        combo.blockSignals(False)


# --------------------------------------------------------------------------- the scanner

LABEL_AT_END = re.compile(r"BMD\|[0-9.]{1,40}\|[0-9]{1,6}\Z")


class AssetScanCatcher(ScanCatcher):
    """The receipt scanner's catcher (fast keys, then Enter), for asset labels."""

    def __init__(self, parent: QObject | None = None, *, max_gap_ms: float = DEFAULT_MAX_GAP_MS,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent, max_gap_ms=max_gap_ms, clock=clock)

    def _scanned_payload(self, event: QKeyEvent) -> str | None:
        if not self._chars or self._last is None:
            return None
        if not 0 <= self._now(event) - self._last <= self.max_gap_ms:
            return None
        match = LABEL_AT_END.search("".join(self._chars))
        return match.group(0) if match is not None else None


# --------------------------------------------------------------------------- the desk


def keeper_of(office: OfficeProfile) -> Signatory | None:
    """The Pengurus Barang among the office's signatories (signs the asset reports)."""
    return next((s for s in office.signatories if "pengurus barang" in s.position.casefold()), None)


class AssetDesk(QObject):
    """The state the asset tabs share and the way they reach the database.

    ``run(work, done)`` runs ``work(uow, actor)`` on the database thread; failures go to the
    error dialog of the window unless ``failed`` takes them. Reference data (rooms, settings,
    office profile) is loaded by ``load_reference`` and announced by ``reference_loaded``."""

    reference_loaded = Signal()
    asset_saved = Signal(object)  # AssetDTO after an edit or a mutation
    assets_added = Signal(object)  # tuple[AssetDTO, ...] just registered
    rooms_saved = Signal(object)  # RoomDTO
    settings_saved = Signal(object)  # AssetSettings

    def __init__(self, ctx: AppContext, runner: TaskRunner, widget: QWidget, *,
                 clock: Clock | None = None, local: LocalTime | None = None) -> None:
        super().__init__(widget)
        self.ctx = ctx
        self.runner = runner
        self.widget = widget
        self.clock: Clock = clock or utcnow
        self.local: LocalTime = local or to_local
        self.rooms: list[RoomDTO] = []  # active and inactive, by building and name
        self.settings = AssetSettings()
        self.office = OfficeProfile()
        self.loaded = False
        # While a stock-take is open, scanned labels go to it instead of opening the asset.
        self.scan_target: Callable[[str], None] | None = None

    # ---- who

    @property
    def actor(self) -> Actor | None:
        return self.ctx.actor

    def may_read(self) -> bool:
        return self.actor is not None and self.actor.has(*asset_service.READ_ROLES)

    def may_write(self) -> bool:
        """Registering, editing and moving assets, rooms and stock-takes: the pengurus barang."""
        return self.actor is not None and self.actor.has(*asset_service.WRITE_ROLES)

    def may_keep_codes(self) -> bool:
        """The code tree, the useful lives and the label layout: the admin and the pengurus."""
        return self.actor is not None and self.actor.has(*asset_service.CODE_ROLES)

    def is_admin(self) -> bool:
        return self.actor is not None and self.actor.has(Role.ADMIN)

    def today(self) -> dt.date:
        return self.local(self.clock()).date()

    def now(self) -> dt.datetime:
        return self.clock()

    # ---- running use cases

    def run(self, work: Work, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None) -> bool:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return False
        self.runner.run_db(lambda: work(factory(), actor), done, failed or self.report)
        return True

    def report(self, exc: BaseException) -> None:
        report_error(self.widget, exc)

    def say(self, text: str) -> None:
        window = self.widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # ---- reference data

    def load_reference(self, done: Callable[[], None] | None = None) -> None:
        """The rooms, the asset settings and the office profile (one unit of work each)."""
        actor = self.ctx.actor
        if actor is None:
            return

        def factory() -> Any:  # the asset use cases' unit of work (AssetUnitOfWork)
            return self.ctx.uow_factory()

        def work() -> tuple[list[RoomDTO], AssetSettings, OfficeProfile]:
            rooms = asset_service.list_rooms(factory(), actor, include_inactive=True)
            settings = asset_service.asset_settings(factory(), actor)
            office = office_service.get_office_profile(factory())
            return rooms, settings, office

        def loaded(result: tuple[list[RoomDTO], AssetSettings, OfficeProfile]) -> None:
            self.rooms, self.settings, self.office = result
            self.loaded = True
            self.reference_loaded.emit()
            if done is not None:
                done()

        self.runner.run_db(work, loaded, self.report)

    def active_rooms(self) -> list[RoomDTO]:
        return [r for r in self.rooms if r.active]

    def room(self, room_id: int | None) -> RoomDTO | None:
        return next((r for r in self.rooms if r.id == room_id), None)

    def sheet_layout(self) -> LabelLayout:
        return self.settings.sheet

    def roll_layout(self) -> LabelLayout:
        return self.settings.roll or ROLL_LAYOUT


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label
