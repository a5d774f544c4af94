"""The forms of the fixed-asset register: "Tambah barang" / "Ubah barang" (the code picked by
number or name, the fields of the code's KIB shown beside the common ones, several identical
items registered at once), "Mutasi barang" (move, condition, reclassification, disposal with the
SK penghapusan), the history of one asset and its photos.

Every form: Enter submits, Esc closes, Tab walks the fields in the order they are read; the
services' refusals appear under the fields they are about, and what was typed stays.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDate,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.assets import (
    DETAIL_FIELDS,
    MAX_QUANTITY,
    AssetFields,
    Condition,
    Kib,
    MutationKind,
    Origin,
    check_asset_code,
    code_level,
    kib_of,
)
from dinsos_desktop.domain.errors import ConflictError, DatabaseError, DomainError, ValidationError
from dinsos_desktop.gui.agenda_admin import ChooseFile, ask_file
from dinsos_desktop.gui.agenda_page import DateField
from dinsos_desktop.gui.asset_common import (
    DONE_STYLE,
    FIRST_YEAR,
    HINT_STYLE,
    NOTE_STYLE,
    AssetDesk,
    DecimalEdit,
    OptionalDateEdit,
    RupiahEdit,
    condition_label,
    field_label,
    fill_rooms,
    kib_heading,
    money,
    mutation_label,
    origin_label,
    register_span,
    short_date,
)
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import NO_PARENT, AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height
from dinsos_desktop.reports.formatting import format_date, format_datetime
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services.asset_dto import AssetCodeDTO, AssetDTO, AssetMutationDTO, MutationInput
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.intake import sniff_mime

SEARCH_DELAY_MS = 200
CODE_CHOICES = 40
DECIMAL_FIELDS = ("area_m2", "floor_area_m2", "land_area_m2", "length_m", "width_m")
DATE_FIELDS = ("certificate_date", "document_date", "start_date")
BOOL_FIELDS = ("multi_storey", "concrete")
MONEY_FIELDS = ("contract_value",)
COLLECTION = "collection"  # KIB E: how many items one record counts (AssetFields.quantity)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PHOTOS_KEY = "Ctrl+Shift+F"
THUMB_PX = 112  # a thumbnail's longer side
PREVIEW_PX = 1600  # the photo shown large is decoded no bigger than this (a 50 MP photo is not)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhotoDialog", text)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _code_text(code: AssetCodeDTO) -> str:
    kib = f"KIB {code.kib.value}" if code.kib is not None else ""
    return f"{code.code} — {code.name}" + (f"  ({kib})" if kib else "")


# --------------------------------------------------------------------------- the code picker


class _CodeChoices(QAbstractListModel):
    """The completer's rows: shown as 'code — name (KIB B)', completed as the code itself."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.codes: list[AssetCodeDTO] = []

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.codes)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.codes):
            return None
        code = self.codes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _code_text(code)
        if role == Qt.ItemDataRole.EditRole:
            return code.code
        return None

    def set_codes(self, codes: Sequence[AssetCodeDTO]) -> None:
        self.beginResetModel()
        self.codes = list(codes)
        self.endResetModel()


class CodePicker(QWidget):
    """A code typed by its number (``1.3.2.05.02.01.003``) or found by its name ("kursi"): the
    codes an asset may be registered under are offered as you type (from ``search_codes``);
    the chosen code's name and KIB show under the box. ``kib`` follows the typed code at once
    (the register is part of the number), the name when the database answered."""

    kib_changed = Signal(object)  # Kib | None
    code_chosen = Signal(object)  # AssetCodeDTO

    def __init__(self, desk: AssetDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.edit = QLineEdit(self)
        self.edit.setObjectName("codeEdit")
        self.edit.setMaxLength(40)
        self.edit.setPlaceholderText(self.tr("ketik kode atau nama barang, mis. kursi atau 1.3.2.05"))
        self.choices = _CodeChoices(self)
        self.completer = QCompleter(self.choices, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._activated)
        self.info = QLabel(self)
        self.info.setObjectName("codeInfo")
        self.info.setStyleSheet(HINT_STYLE)
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.info)
        self.setFocusProxy(self.edit)
        self.chosen: AssetCodeDTO | None = None
        self._kib: Kib | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.edit.textEdited.connect(lambda _t: self._typed())
        self._show_info()

    # ---- our API

    def code(self) -> str:
        return self.edit.text().strip()

    def kib(self) -> Kib | None:
        return self._kib

    def set_code(self, code: str, name: str = "", kib: Kib | None = None) -> None:
        self.edit.setText(code)
        self.chosen = None
        if name:
            self.info.setText(f"{name}" + (f" · {kib_heading(kib)}" if kib else ""))
        self._update_kib()
        if not name:
            self.search()

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    # ---- typing and searching

    def _typed(self) -> None:
        self.chosen = None
        self._update_kib()
        self._show_info()
        self._timer.start()

    def _update_kib(self) -> None:
        try:
            code = check_asset_code(self.code())
        except ValidationError:
            kib = None
        else:
            kib = kib_of(code) if code_level(code) >= 5 else None
        if self.chosen is not None:
            kib = self.chosen.kib
        if kib != self._kib:
            self._kib = kib
            self.kib_changed.emit(kib)

    def search(self) -> None:
        """Ask the database for the codes matching what is typed (the popup shows them)."""
        self._timer.stop()
        text = self.code()
        if not text or self.edit.isReadOnly():
            self.choices.set_codes([])
            return
        self._generation += 1
        generation = self._generation

        def found(codes: list[AssetCodeDTO]) -> None:
            if generation != self._generation:
                return  # typed on meanwhile
            self.choices.set_codes(codes)
            try:
                typed = check_asset_code(self.code())
            except ValidationError:
                typed = ""
            exact = next((c for c in codes if c.code == typed), None)
            if exact is not None:
                self.choose(exact, keep_popup=False)
            elif codes and self.edit.hasFocus():
                self.completer.complete()
            self._show_info(codes)

        self.desk.run(lambda uow, actor: asset_service.search_codes(uow, actor, text, CODE_CHOICES),
                      found, lambda _e: None)

    def _activated(self, code: str) -> None:
        """A code picked in the popup (the completer completes with the code itself)."""
        found = next((c for c in self.choices.codes if c.code == code), None)
        if found is not None:
            self.choose(found)

    def choose(self, code: AssetCodeDTO, *, keep_popup: bool = False) -> None:
        self.chosen = code
        if self.edit.text() != code.code:
            self.edit.setText(code.code)
        popup = self.completer.popup()
        if not keep_popup and popup is not None:
            popup.hide()
        self._update_kib()
        self._show_info()
        self.code_chosen.emit(code)

    def _show_info(self, codes: Sequence[AssetCodeDTO] = ()) -> None:
        if self.chosen is not None:
            code = self.chosen
            life = (self.tr(", masa manfaat {n} tahun").format(n=code.effective_life)
                    if code.effective_life else "")
            where = kib_heading(code.kib) if code.kib is not None else ""
            self.info.setText(f"{code.name} · {where}{life}")
        elif not self.code():
            self.info.setText(self.tr("Kode Permendagri 108/2016, sampai Rincian Objek atau di "
                                      "bawahnya. ↓ memilih dari daftar."))
        elif codes:
            self.info.setText(self.tr("{n} kode cocok: pilih dengan ↓ lalu Enter.").format(
                n=len(codes)))
        elif self._kib is not None:
            self.info.setText(kib_heading(self._kib))
        else:
            self.info.setText(self.tr("Mencari…") if self._timer.isActive() else "")


# --------------------------------------------------------------------------- the asset form


class AssetDialog(QDialog):
    """Tambah barang (``asset`` None) or Ubah barang. Adding asks how many identical items ("10
    kursi" → 10 records with consecutive register numbers) and then shows the numbers given,
    with a button to print their labels. Editing corrects the data; the code, the room, the
    person responsible and the condition change through a mutation."""

    saved = Signal(object)  # tuple[AssetDTO, ...] registered, or the AssetDTO edited
    labels_requested = Signal(object)  # tuple[AssetDTO, ...]

    def __init__(self, desk: AssetDesk, asset: AssetDTO | None = None, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetDialog")
        self.desk = desk
        self.asset = asset
        self.result_assets: tuple[AssetDTO, ...] = ()
        self._busy = False
        today = desk.today()
        editing = asset is not None
        self.setWindowTitle(self.tr("Ubah barang {code} reg. {register}").format(
            code=asset.code, register=asset.register_text) if asset is not None
            else self.tr("Tambah barang"))

        # ---- the common fields
        self.code = CodePicker(desk, self)
        self.code.setObjectName("assetCode")
        self.name = QLineEdit(self)
        self.name.setObjectName("assetName")
        self.name.setMaxLength(200)
        self.name.setPlaceholderText(self.tr("mis. Kursi rapat lipat"))
        self.acquired_on = DateField(self)
        self.acquired_on.setObjectName("acquiredOn")
        self.acquired_on.setDateRange(QDate(FIRST_YEAR, 1, 1), _qdate(today))
        self.acquired_on.setDate(_qdate(today))
        self.year_only = QCheckBox(self.tr("Hanya &tahun:"), self)
        self.year_only.setObjectName("yearOnly")
        self.year_only.setToolTip(self.tr("Untuk catatan lama yang hanya diketahui tahun "
                                          "perolehannya"))
        self.acquired_year = QSpinBox(self)
        self.acquired_year.setObjectName("acquiredYear")
        self.acquired_year.setRange(FIRST_YEAR, today.year)
        self.acquired_year.setValue(today.year)
        self.acquired_year.setGroupSeparatorShown(False)
        self.acquired_year.setEnabled(False)
        self.year_only.toggled.connect(self._year_only_toggled)
        self.value = RupiahEdit(self)
        self.value.setObjectName("assetValue")
        self.value.setMaximumWidth(200)
        self.origin = QComboBox(self)
        self.origin.setObjectName("origin")
        for origin in Origin:
            self.origin.addItem(origin_label(origin), origin.value)
        self.condition = QComboBox(self)
        self.condition.setObjectName("condition")
        for condition in Condition:
            self.condition.addItem(f"{condition.value} — {condition_label(condition)}", condition.value)
        self.room = QComboBox(self)
        self.room.setObjectName("room")
        fill_rooms(self.room, desk.active_rooms(), blank=self.tr("(belum ditempatkan)"))
        self.responsible = QLineEdit(self)
        self.responsible.setObjectName("responsible")
        self.responsible.setMaxLength(120)
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setMaxLength(1000)
        self.quantity = QSpinBox(self)
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.setSuffix(self.tr(" barang"))
        self.quantity.setToolTip(self.tr("Barang sama yang dibeli sekaligus (mis. 10 kursi) dicatat "
                                         "satu per satu dengan nomor register berurutan"))
        self.quantity.setMaximumWidth(140)

        # ---- the fields of each KIB
        self.details: dict[str, QWidget] = {}
        for name in DETAIL_FIELDS:
            widget: QWidget
            if name in DECIMAL_FIELDS:
                widget = DecimalEdit(self)
                widget.setMaximumWidth(160)
            elif name in DATE_FIELDS:
                widget = OptionalDateEdit(self)
            elif name in BOOL_FIELDS:
                widget = QCheckBox(self)
            elif name in MONEY_FIELDS:
                widget = RupiahEdit(self)
                widget.setMaximumWidth(200)
            else:
                widget = QLineEdit(self)
                widget.setMaxLength(300)
            widget.setObjectName(name)
            self.details[name] = widget
        self.collection = QSpinBox(self)
        self.collection.setObjectName(COLLECTION)
        self.collection.setRange(1, 1_000_000)
        self.collection.setMaximumWidth(140)
        self.collection.setToolTip(self.tr("KIB E: berapa eksemplar/ekor/batang yang dicatat dalam "
                                           "satu nomor register"))

        # ---- messages beside the fields
        self.field_widgets: dict[str, QWidget] = {
            "code": self.code, "name": self.name, "acquired_on": self.acquired_on,
            "value": self.value, "origin": self.origin, "condition": self.condition,
            "room_id": self.room, "responsible": self.responsible, "notes": self.notes,
            "quantity": self.quantity, **self.details, COLLECTION: self.collection,
        }
        self.field_errors = {key: FieldError(self) for key in self.field_widgets}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.field_errors["acquired_year"] = self.field_errors["acquired_on"]
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)

        # ---- layout: the common fields left, the KIB's right
        self.intro = QLabel(self)
        self.intro.setObjectName("assetIntro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)
        self.form = QWidget(self)
        left = QGridLayout()
        left.setColumnStretch(1, 1)
        left.setVerticalSpacing(3)
        self._row(left, self.tr("&Kode barang:"), "code", self.code)
        self._row(left, self.tr("&Nama barang:"), "name", self.name)
        acquired_line = QHBoxLayout()
        acquired_line.addWidget(self.acquired_on)
        acquired_line.addSpacing(12)
        acquired_line.addWidget(self.year_only)
        acquired_line.addWidget(self.acquired_year)
        acquired_line.addStretch(1)
        self._row(left, self.tr("Tanggal &perolehan:"), "acquired_on", acquired_line,
                  buddy=self.acquired_on)
        self._row(left, self.tr("Nilai perolehan (&Rp):"), "value", self.value)
        self._row(left, self.tr("&Asal-usul:"), "origin", self.origin)
        self._row(left, self.tr("Kon&disi:"), "condition", self.condition)
        self._row(left, self.tr("R&uangan:"), "room_id", self.room)
        self._row(left, self.tr("Penanggung &jawab:"), "responsible", self.responsible)
        self._row(left, self.tr("Ket&erangan:"), "notes", self.notes)
        self.quantity_label = self._row(left, self.tr("Ju&mlah dicatat:"), "quantity", self.quantity)
        self.moved_note = QLabel(self.tr("Ruangan, penanggung jawab, dan kondisi diubah lewat "
                                         "<b>Mutasi</b> (Ctrl+M), agar tercatat di riwayat barang."),
                                 self.form)
        self.moved_note.setObjectName("movedNote")
        self.moved_note.setWordWrap(True)
        self.moved_note.setStyleSheet(HINT_STYLE)
        left.addWidget(self.moved_note, left.rowCount(), 0, 1, 2)
        left.setRowStretch(left.rowCount(), 1)

        self.detail_box = QGroupBox(self.form)
        self.detail_box.setObjectName("kibDetails")
        detail_grid = QGridLayout(self.detail_box)
        detail_grid.setColumnStretch(1, 1)
        detail_grid.setVerticalSpacing(3)
        self.detail_rows: dict[str, tuple[QLabel, QWidget, FieldError]] = {}
        for name, widget in self.details.items():
            row_label = self._row(detail_grid, field_label(name) + ":", name, widget)
            self.detail_rows[name] = (row_label, widget, self.field_errors[name])
        collection_label = self._row(detail_grid, self.tr("Banyaknya (koleksi):"), COLLECTION,
                                     self.collection)
        self.detail_rows[COLLECTION] = (collection_label, self.collection,
                                        self.field_errors[COLLECTION])
        self.no_kib = QLabel(self.tr("Pilih kode barang: isian khusus KIB-nya tampil di sini."),
                             self.detail_box)
        self.no_kib.setObjectName("noKib")
        self.no_kib.setWordWrap(True)
        self.no_kib.setStyleSheet(HINT_STYLE)
        detail_grid.addWidget(self.no_kib, detail_grid.rowCount(), 0, 1, 2)
        detail_grid.setRowStretch(detail_grid.rowCount(), 1)

        columns = QHBoxLayout(self.form)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 5)
        columns.addSpacing(12)
        columns.addWidget(self.detail_box, 4)

        # ---- buttons
        self.ok_button = QPushButton(self.tr("Simpan perubahan") if editing else self.tr("Catat barang"),
                                     self)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Batal (Esc)"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        keys = QLabel(self.tr("Enter menyimpan · Tab ke isian berikutnya · Esc batal"), self)
        keys.setStyleSheet(HINT_STYLE)
        self.photos_button = QPushButton(self.tr("&Foto… ({key})").format(key=PHOTOS_KEY), self)
        self.photos_button.setObjectName("assetFormPhotos")
        self.photos_button.setToolTip(self.tr("Foto barang ini"))
        self.photos_button.setAutoDefault(False)
        self.photos_button.clicked.connect(self.show_photos)
        self.photos_button.setVisible(editing)
        self.photos_shortcut = QShortcut(QKeySequence(PHOTOS_KEY), self, self.show_photos)
        self.photos_shortcut.setEnabled(editing)
        self.photo_dialog: PhotoDialog | None = None
        self.form_buttons = QWidget(self)
        buttons = QHBoxLayout(self.form_buttons)
        buttons.setContentsMargins(0, 6, 0, 0)
        buttons.addWidget(self.photos_button)
        buttons.addSpacing(12)
        buttons.addWidget(keys, 1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)

        # ---- what the dialog shows once the items are registered
        self.result_panel = QFrame(self)
        self.result_panel.setObjectName("assetResult")
        self.result_title = QLabel(self.result_panel)
        self.result_title.setObjectName("resultTitle")
        self.result_title.setStyleSheet(DONE_STYLE + " font-weight: bold;")
        self.result_numbers = QLabel(self.result_panel)
        self.result_numbers.setObjectName("resultNumbers")
        big = self.result_numbers.font()
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.6)
        big.setBold(True)
        self.result_numbers.setFont(big)
        self.result_numbers.setWordWrap(True)
        self.result_numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_facts = QLabel(self.result_panel)
        self.result_facts.setWordWrap(True)
        self.result_facts.setStyleSheet(HINT_STYLE)
        self.labels_button = QPushButton(self.tr("Cetak &label (Ctrl+L)"), self.result_panel)
        self.labels_button.setObjectName("printNewLabels")
        self.labels_button.setAutoDefault(False)
        self.labels_button.clicked.connect(self.print_labels)
        self.close_button = QPushButton(self.tr("Tutup (Enter)"), self.result_panel)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.accept)
        result_buttons = QHBoxLayout()
        result_buttons.addStretch(1)
        result_buttons.addWidget(self.labels_button)
        result_buttons.addWidget(self.close_button)
        result_layout = QVBoxLayout(self.result_panel)
        result_layout.addWidget(self.result_title)
        result_layout.addWidget(self.result_numbers)
        result_layout.addWidget(self.result_facts)
        result_layout.addSpacing(8)
        result_layout.addLayout(result_buttons)
        self.result_panel.hide()
        self.labels_shortcut = QShortcut(QKeySequence("Ctrl+L"), self, self.print_labels)
        self.labels_shortcut.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.form_buttons)
        layout.addWidget(self.result_panel)

        order: list[QWidget] = [self.code.edit, self.name, self.acquired_on, self.year_only,
                                self.acquired_year, self.value, self.origin, self.condition,
                                self.room, self.responsible, self.notes, self.quantity,
                                *self.details.values(), self.collection, self.ok_button,
                                self.cancel_button, self.photos_button]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

        self.code.kib_changed.connect(self._show_kib)
        self.code.code_chosen.connect(self._code_chosen)
        if asset is not None:
            self.fill(asset)
            self.code.setReadOnly(True)
            for widget in (self.condition, self.room, self.responsible):
                widget.setEnabled(False)
            self.quantity.hide()
            self.quantity_label.hide()
            self.intro.setText(self.tr("Perbaiki data barang. Kode dan nomor register tetap; kode "
                                       "yang salah diperbaiki dengan reklasifikasi (Mutasi)."))
        else:
            self.moved_note.hide()
            self.intro.setText(self.tr("Nomor register diberikan saat barang dicatat, berurutan "
                                       "per kode barang."))
        self._show_kib(self.code.kib())
        self.setMinimumWidth(980)

    # ---- building

    def _row(self, grid: QGridLayout, text: str, key: str, field: QWidget | QHBoxLayout, *,
             buddy: QWidget | None = None) -> QLabel:
        row = grid.rowCount()
        label = QLabel(text, self.form)
        target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
        if target is not None:
            label.setBuddy(target)
        alignment = Qt.AlignmentFlag.AlignLeft | (Qt.AlignmentFlag.AlignTop if key == "code"
                                                  else Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(label, row, 0, alignment)
        if isinstance(field, QHBoxLayout):
            grid.addLayout(field, row, 1)
        else:
            grid.addWidget(field, row, 1)
        grid.addWidget(self.field_errors[key], row + 1, 1)
        return label

    def _year_only_toggled(self, on: bool) -> None:
        self.acquired_on.setEnabled(not on)
        self.acquired_year.setEnabled(on)
        if on:
            self.acquired_year.setFocus()

    def _show_kib(self, kib: Kib | None) -> None:
        """Only the chosen code's KIB fields are on the form."""
        for name, (label, widget, error) in self.detail_rows.items():
            shown = kib is not None and (kib is Kib.E if name == COLLECTION
                                         else kib in DETAIL_FIELDS[name])
            label.setVisible(shown)
            widget.setVisible(shown)
            if not shown:
                error.show_message("")
        self.no_kib.setVisible(kib is None)
        self.detail_box.setTitle(self.tr("Rincian {kib}").format(kib=kib_heading(kib)) if kib
                                 else self.tr("Rincian KIB"))

    def _code_chosen(self, code: AssetCodeDTO) -> None:
        if not self.name.text().strip() and self.asset is None:
            self.name.setText(code.name)  # a start; the clerk makes it precise

    # ---- values

    def fill(self, asset: AssetDTO) -> None:
        f = asset.fields
        self.code.set_code(asset.code, asset.code_name, asset.kib)
        self.name.setText(f.name)
        if f.acquired_on is not None:
            self.acquired_on.setDate(_qdate(f.acquired_on))
            self.year_only.setChecked(False)
        else:
            self.year_only.setChecked(True)
            if f.acquired_year:
                self.acquired_year.setValue(f.acquired_year)
        self.value.set_value(f.value)
        self.origin.setCurrentIndex(max(0, self.origin.findData(f.origin.value)))
        self.condition.setCurrentIndex(max(0, self.condition.findData(f.condition.value)))
        fill_rooms(self.room, self.desk.rooms, blank=self.tr("(belum ditempatkan)"), keep=f.room_id)
        self.responsible.setText(f.responsible)
        self.notes.setText(f.notes)
        self.collection.setValue(max(1, f.quantity))
        for name, widget in self.details.items():
            value = getattr(f, name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, RupiahEdit | DecimalEdit | OptionalDateEdit):
                widget.set_value(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))

    def read_fields(self) -> AssetFields:
        """The form as AssetFields; ValidationError for what cannot be read (a bad amount)."""
        errors: dict[str, str] = {}
        try:
            value = self.value.value()
        except ValueError:
            errors["value"] = self.tr("Tulis nilai dalam rupiah utuh, mis. 12.000.000.")
            value = 0
        values: dict[str, Any] = {}
        kib = self.code.kib()
        for name, widget in self.details.items():
            if kib is None or kib not in DETAIL_FIELDS[name]:
                continue
            try:
                if isinstance(widget, QCheckBox):
                    values[name] = widget.isChecked()
                elif isinstance(widget, RupiahEdit | DecimalEdit | OptionalDateEdit):
                    values[name] = widget.value()
                elif isinstance(widget, QLineEdit):
                    values[name] = widget.text()
            except ValueError:
                errors[name] = (self.tr("Tulis tanggal hh-bb-tttt, mis. 17-08-2020.")
                                if name in DATE_FIELDS else self.tr("Bukan angka yang sah."))
        if errors:
            raise ValidationError(errors)
        year_only = self.year_only.isChecked()
        return AssetFields(
            code=self.code.code(), name=self.name.text(),
            acquired_on=None if year_only else _pydate(self.acquired_on.date()),
            acquired_year=self.acquired_year.value() if year_only else None,
            value=value or 0, origin=Origin(self.origin.currentData()),
            condition=Condition(self.condition.currentData()), room_id=self.room.currentData(),
            responsible=self.responsible.text(), notes=self.notes.text(),
            quantity=self.collection.value() if kib is Kib.E else 1, **values)

    # ---- saving

    def submit(self) -> None:
        if self._busy or self.result_assets:
            return
        self.errors.clear()
        try:
            fields = self.read_fields()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        desk = self.desk
        clock, local = desk.clock, desk.local
        if self.asset is None:
            quantity = self.quantity.value()

            def work(uow: Any, actor: Actor) -> Any:
                return asset_service.register_assets(uow, actor, fields, quantity, now=clock(),
                                                     local=local)
        else:
            asset_id, version = self.asset.id, self.asset.version

            def work(uow: Any, actor: Actor) -> Any:
                return asset_service.edit_asset(uow, actor, asset_id, fields,
                                                expected_version=version, now=clock(), local=local)
        self.set_busy(True)
        desk.run(work, self._saved, self._failed)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def _saved(self, result: Any) -> None:
        self.set_busy(False)
        self.saved.emit(result)
        if isinstance(result, AssetDTO):
            self.asset = result
            self.accept()
            return
        self.show_registered(tuple(result))

    def show_registered(self, assets: tuple[AssetDTO, ...]) -> None:
        """The register numbers given, big; Enter closes, Ctrl+L prints their labels."""
        self.result_assets = assets
        first = assets[0]
        self.setWindowTitle(self.tr("Barang dicatat"))
        self.result_title.setText(self.tr("{n} barang dicatat di {kib}:").format(
            n=len(assets), kib=kib_heading(first.kib)))
        self.result_numbers.setText(register_span(assets))
        facts = [first.name, self.tr("Rp {value} per barang").format(value=money(first.fields.value))]
        if first.room_label:
            facts.append(first.room_label)
        self.result_facts.setText(" · ".join(facts))
        for widget in (self.intro, self.form, self.general, self.form_buttons):
            widget.hide()
        self.result_panel.show()
        self.labels_shortcut.setEnabled(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.setMinimumWidth(520)
        self.adjustSize()

    def print_labels(self) -> None:
        if self.result_assets:
            self.labels_requested.emit(self.result_assets)

    def show_photos(self) -> PhotoDialog | None:
        """The photos of the asset being corrected (Ctrl+Shift+F)."""
        if self.asset is None:
            return None
        self.photo_dialog = open_photos(self, self.desk, self.asset, self.photo_dialog)
        return self.photo_dialog

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, ConflictError) and self.asset is not None:
            self._conflicted(exc)
        else:
            report_error(self, exc)

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "status" in errors:
            errors["general"] = errors.pop("status")
        if self.asset is not None and "quantity" in errors:
            errors[COLLECTION] = errors.pop("quantity")
        self.errors.show(errors)
        fit_height(self)
        first = next((w for k, w in self.field_widgets.items()
                      if (k in errors or (k == "acquired_on" and "acquired_year" in errors))
                      and w.isVisible() and w.isEnabled()), None)
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def _conflicted(self, exc: ConflictError) -> None:
        """Saved at another workstation meanwhile: the version now stored is taken (what was
        typed stays); the next Enter saves over it knowingly."""
        assert self.asset is not None
        asset_id = self.asset.id

        def reloaded(latest: AssetDTO) -> None:
            self.asset = latest
            self.general.show_message(exc.message + " " + self.tr(
                "Data terbaru sudah dimuat; isian Anda tetap. Periksa, lalu tekan Enter untuk "
                "menyimpan."))
            fit_height(self)

        self.desk.run(lambda uow, actor: asset_service.get_asset(uow, actor, asset_id), reloaded,
                      lambda e: self.general.show_message(getattr(e, "message", str(e))))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.result_assets and event.key() in ENTER_KEYS:
            self.accept()
            return
        super().keyPressEvent(event)


# --------------------------------------------------------------------------- mutations


class MutationDialog(QDialog):
    """Mutasi barang: pindah ruangan / penanggung jawab, ubah kondisi, reklasifikasi (a new
    code and a register number under it) or penghapusan (with the SK's number and date). The
    fields of the chosen kind show; Enter records it."""

    saved = Signal(object)  # AssetDTO as stored after the mutation
    KINDS = (MutationKind.MOVED, MutationKind.CONDITION, MutationKind.RECLASSIFIED,
             MutationKind.DISPOSED)

    def __init__(self, desk: AssetDesk, asset: AssetDTO, *, kind: MutationKind = MutationKind.MOVED,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mutationDialog")
        self.desk = desk
        self.asset = asset
        self._busy = False
        today = desk.today()
        self.setWindowTitle(self.tr("Mutasi barang {code} reg. {register}").format(
            code=asset.code, register=asset.register_text))
        self.setMinimumWidth(620)

        about = QLabel(self)
        about.setObjectName("mutationAsset")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        e = html.escape
        about.setText(self.tr("<b>{name}</b><br>{code} reg. {register} · {condition} · {room}").format(
            name=e(asset.name), code=e(asset.code), register=asset.register_text,
            condition=e(condition_label(asset.condition)),
            room=e(asset.room_label or self.tr("belum ditempatkan"))))

        self.kind = QComboBox(self)
        self.kind.setObjectName("mutationKind")
        for k in self.KINDS:
            self.kind.addItem(mutation_label(k), k.value)
        self.day = DateField(self)
        self.day.setObjectName("mutationDay")
        self.day.setDateRange(QDate(FIRST_YEAR, 1, 1), _qdate(today))
        self.day.setDate(_qdate(today))
        self.room = QComboBox(self)
        self.room.setObjectName("newRoom")
        fill_rooms(self.room, desk.active_rooms(), blank=self.tr("(tanpa ruangan)"),
                   keep=asset.fields.room_id)
        self.responsible = QLineEdit(asset.fields.responsible, self)
        self.responsible.setObjectName("newResponsible")
        self.responsible.setMaxLength(120)
        self.condition = QComboBox(self)
        self.condition.setObjectName("newCondition")
        for condition in Condition:
            self.condition.addItem(f"{condition.value} — {condition_label(condition)}", condition.value)
        self.condition.setCurrentIndex(max(0, self.condition.findData(asset.condition.value)))
        self.code = CodePicker(desk, self)
        self.code.setObjectName("newCode")
        self.decree_no = QLineEdit(self)
        self.decree_no.setObjectName("decreeNo")
        self.decree_no.setMaxLength(80)
        self.decree_no.setPlaceholderText(self.tr("nomor SK penghapusan"))
        self.decree_date = DateField(self)
        self.decree_date.setObjectName("decreeDate")
        self.decree_date.setDateRange(QDate(FIRST_YEAR, 1, 1), _qdate(today))
        self.decree_date.setDate(_qdate(today))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("mutationReason")
        self.reason.setMaxLength(1000)

        self.field_widgets: dict[str, QWidget] = {
            "kind": self.kind, "day": self.day, "room_id": self.room,
            "responsible": self.responsible, "condition": self.condition, "code": self.code,
            "decree_no": self.decree_no, "decree_date": self.decree_date, "reason": self.reason}
        self.field_errors = {key: FieldError(self) for key in self.field_widgets}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(3)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, text in (("kind", self.tr("&Jenis mutasi:")), ("day", self.tr("&Tanggal:")),
                          ("room_id", self.tr("&Ruangan baru:")),
                          ("responsible", self.tr("&Penanggung jawab:")),
                          ("condition", self.tr("&Kondisi baru:")), ("code", self.tr("K&ode baru:")),
                          ("decree_no", self.tr("&Nomor SK:")),
                          ("decree_date", self.tr("Tangga&l SK:")),
                          ("reason", self.tr("&Alasan / keterangan:"))):
            row = grid.rowCount()
            row_label = QLabel(text, self)
            widget = self.field_widgets[key]
            row_label.setBuddy(self.code.edit if widget is self.code else widget)
            grid.addWidget(row_label, row, 0, Qt.AlignmentFlag.AlignLeft | (
                Qt.AlignmentFlag.AlignTop if key == "code" else Qt.AlignmentFlag.AlignVCenter))
            grid.addWidget(widget, row, 1)
            grid.addWidget(self.field_errors[key], row + 1, 1)
            self.rows[key] = (row_label, widget)

        self.hint = QLabel(self)
        self.hint.setObjectName("mutationHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(NOTE_STYLE)
        self.ok_button = QPushButton(self.tr("Catat mutasi"), self)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Batal (Esc)"), self)
        cancel.setObjectName("cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        keys = QLabel(self.tr("Enter mencatat · Esc batal"), self)
        keys.setStyleSheet(HINT_STYLE)
        buttons.addWidget(keys, 1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(grid)
        layout.addWidget(self.hint)
        layout.addWidget(self.general)
        layout.addLayout(buttons)

        order: list[QWidget] = [self.kind, self.day, self.room, self.responsible, self.condition,
                                self.code.edit, self.decree_no, self.decree_date, self.reason,
                                self.ok_button, cancel]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.value)))
        self._kind_changed()

    def current_kind(self) -> MutationKind:
        return MutationKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        shown = {MutationKind.MOVED: ("room_id", "responsible"),
                 MutationKind.CONDITION: ("condition",),
                 MutationKind.RECLASSIFIED: ("code",),
                 MutationKind.DISPOSED: ("decree_no", "decree_date")}[kind]
        for key in ("room_id", "responsible", "condition", "code", "decree_no", "decree_date"):
            label, widget = self.rows[key]
            label.setVisible(key in shown)
            widget.setVisible(key in shown)
            if key not in shown:
                self.field_errors[key].show_message("")
        hints = {
            MutationKind.MOVED: "",
            MutationKind.CONDITION: "",
            MutationKind.RECLASSIFIED: self.tr(
                "Barang pindah ke kode baru dan mendapat nomor register baru di bawah kode itu; "
                "alasan wajib diisi. Isian KIB lama yang tidak dipakai KIB baru dikosongkan."),
            MutationKind.DISPOSED: self.tr(
                "Barang dihapus dari daftar barang milik daerah berdasarkan SK penghapusan. "
                "Catatannya tetap ada (status dihapus) dan tidak dapat diubah lagi."),
        }
        self.hint.setText(hints[kind])
        self.hint.setVisible(bool(hints[kind]))
        self.ok_button.setText(self.tr("Hapus dari daftar") if kind is MutationKind.DISPOSED
                               else self.tr("Catat mutasi"))
        fit_height(self)

    def change(self) -> MutationInput:
        kind = self.current_kind()
        day = _pydate(self.day.date())
        reason = self.reason.text()
        if kind is MutationKind.MOVED:
            return MutationInput(kind, day, room_id=self.room.currentData(),
                                 responsible=self.responsible.text(), reason=reason)
        if kind is MutationKind.CONDITION:
            return MutationInput(kind, day, condition=Condition(self.condition.currentData()),
                                 reason=reason)
        if kind is MutationKind.RECLASSIFIED:
            return MutationInput(kind, day, code=self.code.code(), reason=reason)
        return MutationInput(kind, day, decree_no=self.decree_no.text(),
                             decree_date=_pydate(self.decree_date.date()), reason=reason)

    def submit(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        change = self.change()
        asset_id, version = self.asset.id, self.asset.version
        clock, local = self.desk.clock, self.desk.local

        def work(uow: Any, actor: Actor) -> AssetDTO:
            return asset_service.mutate_asset(uow, actor, asset_id, change, expected_version=version,
                                              now=clock(), local=local)

        self._busy = True
        self.ok_button.setEnabled(False)
        self.desk.run(work, self._saved, self._failed)

    def _saved(self, asset: AssetDTO) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.asset = asset
        self.saved.emit(asset)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            errors = dict(exc.errors)
            if "status" in errors:
                errors["general"] = errors.pop("status")
            self.errors.show(errors)
            fit_height(self)
            first = next((w for k, w in self.field_widgets.items() if k in errors and w.isVisible()),
                         None)
            if first is not None:
                first.setFocus()
        else:
            report_error(self, exc)


# --------------------------------------------------------------------------- history


class MutationModel(ReadOnlyTableModel[AssetMutationDTO]):
    DAY, KIND, SUMMARY, REASON, VALUE, BY, AT = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("Tanggal"), self.tr("Jenis"), self.tr("Uraian"),
                          self.tr("Alasan / SK"), self.tr("Nilai (Rp)"), self.tr("Oleh"),
                          self.tr("Dicatat")), parent)

    def set_rows(self, rows: Sequence[AssetMutationDTO]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VALUE and item.value_change < 0:
            return QColor("#b00020")
        return None

    def _text(self, item: AssetMutationDTO, column: int) -> str:
        if column == self.DAY:
            return short_date(item.day)
        if column == self.KIND:
            return mutation_label(item.kind)
        if column == self.SUMMARY:
            return item.summary
        if column == self.REASON:
            decree = (self.tr("SK {no} tgl. {day}").format(no=item.decree_no,
                                                          day=short_date(item.decree_date))
                      if item.decree_no else "")
            return " · ".join(p for p in (item.reason, decree) if p)
        if column == self.VALUE:
            if not item.value_change:
                return ""
            return ("+" if item.value_change > 0 else "−") + money(abs(item.value_change))
        if column == self.BY:
            return item.by_name
        if column == self.AT:
            return format_datetime(item.at.astimezone())
        return ""


class HistoryDialog(QDialog):
    """Riwayat barang: every mutation of one asset, oldest first. Esc closes."""

    def __init__(self, desk: AssetDesk, asset: AssetDTO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.desk = desk
        self.asset = asset
        self.setWindowTitle(self.tr("Riwayat {code} reg. {register}").format(
            code=asset.code, register=asset.register_text))
        self.resize(920, 420)
        about = QLabel(self)
        about.setObjectName("historyAsset")
        about.setWordWrap(True)
        f = asset.fields
        acquired = format_date(f.acquired_on) if f.acquired_on else str(f.acquired_year or "")
        about.setText(self.tr("<b>{name}</b> — {code} reg. {register} · diperoleh {acquired} · "
                              "Rp {value}").format(name=html.escape(asset.name), code=asset.code,
                                                   register=asset.register_text, acquired=acquired,
                                                   value=money(f.value)))
        self.model = MutationModel(self)
        self.table = register_view(self, self.model, "historyTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MutationModel.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self.tr("Memuat…"), self)
        self.status.setStyleSheet(HINT_STYLE)
        self.photos_button = QPushButton(self.tr("&Foto… ({key})").format(key=PHOTOS_KEY), self)
        self.photos_button.setObjectName("historyPhotos")
        self.photos_button.setToolTip(self.tr("Foto barang ini"))
        self.photos_button.setAutoDefault(False)
        self.photos_button.clicked.connect(self.show_photos)
        self.photo_dialog: PhotoDialog | None = None
        QShortcut(QKeySequence(PHOTOS_KEY), self, self.show_photos)
        close = QPushButton(self.tr("Tutup (Esc)"), self)
        close.setObjectName("close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.photos_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.setFocus()
        self.reload()

    def reload(self) -> None:
        asset_id = self.asset.id

        def loaded(rows: list[AssetMutationDTO]) -> None:
            self.model.set_rows(rows)
            self.status.setText(self.tr("{n} catatan").format(n=len(rows)))
            if rows:
                self.table.setCurrentIndex(self.model.index(len(rows) - 1, 0))

        self.desk.run(lambda uow, actor: asset_service.history(uow, actor, asset_id), loaded)

    def summaries(self) -> list[str]:
        return [row.summary for i in range(self.model.rowCount())
                if (row := self.model.row_at(i)) is not None]

    def show_photos(self) -> PhotoDialog:
        self.photo_dialog = open_photos(self, self.desk, self.asset, self.photo_dialog)
        return self.photo_dialog


# --------------------------------------------------------------------------- photos


def photo_type(content: bytes) -> str | None:
    """'image/jpeg' or 'image/png' by the first bytes of the file (FF D8 FF, 89 'PNG'), whatever
    its name says; None for anything else."""
    mime = sniff_mime(content)
    return mime if mime in asset_service.PHOTO_TYPES else None


def read_photo(path: Path) -> tuple[str, bytes]:
    """(type, content) of a photo file. Runs on the report thread, so that reading 10 MB from a
    slow share does not hold the window. ValidationError ("photo") for a file too big, empty, or
    not a JPEG or PNG; DomainError when it cannot be read."""
    too_big = _tr("{name} lebih dari 10 MB: perkecil fotonya dulu.").format(name=path.name)
    try:
        if path.stat().st_size > asset_service.MAX_PHOTO:
            raise ValidationError({"photo": too_big})
        with path.open("rb") as file:
            content = file.read(asset_service.MAX_PHOTO + 1)
    except OSError as exc:
        raise DomainError(_tr("Berkas {name} tidak dapat dibaca ({reason}).").format(
            name=path.name, reason=exc.strerror or type(exc).__name__)) from exc
    if len(content) > asset_service.MAX_PHOTO:
        raise ValidationError({"photo": too_big})
    if not content:
        raise ValidationError({"photo": _tr("{name} kosong.").format(name=path.name)})
    mime = photo_type(content)
    if mime is None:
        raise ValidationError({"photo": _tr("{name} bukan foto JPEG atau PNG.").format(name=path.name)})
    return mime, content


def photo_images(content: bytes) -> tuple[QImage, QImage] | None:
    """(the photo at most PREVIEW_PX, its thumbnail) of a stored photo, upright as the camera
    held it (EXIF); None when it cannot be decoded. QImage only: runs on the report thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > PREVIEW_PX:
            reader.setScaledSize(size.scaled(PREVIEW_PX, PREVIEW_PX, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
    finally:
        buffer.close()
    if image.isNull():
        return None
    thumb = image
    if max(image.width(), image.height()) > THUMB_PX:
        thumb = image.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image, thumb


def open_photos(owner: QWidget, desk: AssetDesk, asset: AssetDTO,
                previous: PhotoDialog | None) -> PhotoDialog:
    """The photo view of ``asset`` over ``owner`` (the one opened before from there goes)."""
    if previous is not None:
        previous.deleteLater()
    dialog = PhotoDialog(desk, asset, parent=owner)
    dialog.open()
    return dialog


class PhotoDialog(QDialog):
    """Foto barang: the asset's photos as thumbnails, the chosen one large. The list comes from
    the database thread, each photo is fetched there and decoded and scaled on the report thread,
    so that a dozen phone photos do not hold the window. The pengurus barang adds JPEG or PNG
    files (Ctrl+N; the type is read from the file's bytes, not its name); the pimpinan and the
    admin look. Arrows walk the thumbnails, Esc closes."""

    added = Signal(int)  # the new photo's id

    def __init__(self, desk: AssetDesk, asset: AssetDTO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoDialog")
        self.desk = desk
        self.asset = asset
        self.choose_file: ChooseFile = ask_file
        self.photos: list[tuple[int, str, str]] = []  # (id, file name, type), oldest first
        self.images: dict[int, QImage] = {}  # photo id -> the photo, at most PREVIEW_PX
        self.unreadable: set[int] = set()
        self._generation = 0  # results of an earlier load (or of a closed dialog) are dropped
        self._busy = False
        self._reported = False
        self.setWindowTitle(self.tr("Foto {code} reg. {register}").format(
            code=asset.code, register=asset.register_text))

        about = QLabel(self)
        about.setObjectName("photoAsset")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setText(self.tr("<b>{name}</b> — {code} reg. {register} · {room}").format(
            name=html.escape(asset.name), code=asset.code, register=asset.register_text,
            room=html.escape(asset.room_label or self.tr("belum ditempatkan"))))
        self.view = QLabel(self)
        self.view.setObjectName("photoView")
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setWordWrap(True)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setStyleSheet("QLabel#photoView { background: #f2f2f2; color: #666; }")
        self.view.setMinimumSize(360, 240)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption = QLabel(self)
        self.caption.setObjectName("photoCaption")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count = QLabel(self)
        self.count.setObjectName("photoCount")
        self.count.setStyleSheet(HINT_STYLE)

        self.thumbs = QListWidget(self)
        self.thumbs.setObjectName("photoThumbs")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.LeftToRight)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.thumbs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.thumbs.setIconSize(QSize(THUMB_PX, THUMB_PX))
        text_height = self.fontMetrics().height()
        self.thumbs.setGridSize(QSize(THUMB_PX + 28, THUMB_PX + text_height + 14))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setWordWrap(False)
        self.thumbs.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.thumbs.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setFixedHeight(THUMB_PX + text_height + 14 + 2 * self.thumbs.frameWidth()
                                   + self.thumbs.horizontalScrollBar().sizeHint().height() + 6)
        self.thumbs.currentRowChanged.connect(lambda _r: self._show_current())
        self._blank = QPixmap(THUMB_PX, THUMB_PX)
        self._blank.fill(QColor("#e4e4e4"))

        self.add_button = QPushButton(self.tr("&Tambah foto…"), self)
        self.add_button.setObjectName("addPhoto")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_photo)
        self.error = FieldError(self)
        self.error.setObjectName("photoError")
        keep_place = self.error.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # the buttons keep their size and place
        self.error.setSizePolicy(keep_place)
        keys = QLabel(self.tr("← → memilih foto · Ctrl+N tambah · Esc tutup"), self)
        keys.setStyleSheet(HINT_STYLE)
        self.close_button = QPushButton(self.tr("Tutup (Esc)"), self)
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)

        above_strip = QHBoxLayout()
        above_strip.addWidget(self.caption, 1)
        above_strip.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.error, 1)
        buttons.addSpacing(12)
        buttons.addWidget(keys)
        buttons.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.view, 1)
        layout.addLayout(above_strip)
        layout.addWidget(self.thumbs)
        layout.addLayout(buttons)
        for first, second in pairwise((self.thumbs, self.add_button, self.close_button)):
            self.setTabOrder(first, second)

        QShortcut(QKeySequence.StandardKey.New, self, self.add_photo)
        self.finished.connect(lambda _r: self._forget())
        self.resize(900, 680)
        self._update_access()
        self.reload()

    # ---- state

    def may_add(self) -> bool:
        return self.desk.may_write()

    def _update_access(self) -> None:
        self.add_button.setEnabled(self.may_add() and not self._busy)
        self.add_button.setToolTip(
            self.tr("Foto JPEG atau PNG dari berkas, paling besar 10 MB (Ctrl+N)") if self.may_add()
            else self.tr("Foto barang ditambahkan oleh pengurus barang."))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self._update_access()
        if busy:
            self.count.setText(text)
        else:
            self._show_count()

    def _show_count(self) -> None:
        n = len(self.photos)
        self.count.setText(self.tr("{n} foto").format(n=n) if n else self.tr("Belum ada foto"))

    def _forget(self) -> None:
        self._generation += 1

    def _current(self) -> tuple[int, str, str] | None:
        row = self.thumbs.currentRow()
        return self.photos[row] if 0 <= row < len(self.photos) else None

    def _item(self, photo_id: int) -> QListWidgetItem | None:
        row = next((i for i, p in enumerate(self.photos) if p[0] == photo_id), -1)
        return self.thumbs.item(row) if row >= 0 else None

    # ---- loading

    def reload(self, select: int | None = None) -> None:
        """The list of photos, then each photo (the chosen one, ``select`` or the first, large)."""
        self._generation += 1
        generation = self._generation
        asset_id = self.asset.id
        self._reported = False
        self.count.setText(self.tr("Memuat foto…"))

        def listed(photos: list[tuple[int, str, str]]) -> None:
            if generation != self._generation:
                return
            self.show_photos(photos, select)
            for photo_id, _name, _mime in photos:
                self._fetch(photo_id, generation)

        self.desk.run(lambda uow, actor: asset_service.photos(uow, actor, asset_id), listed,
                      lambda exc: self._load_failed(exc, generation))

    def show_photos(self, photos: Sequence[tuple[int, str, str]], select: int | None = None) -> None:
        self.photos = list(photos)
        self.images.clear()
        self.unreadable.clear()
        self.thumbs.blockSignals(True)
        try:
            self.thumbs.clear()
            for photo_id, name, _mime in self.photos:
                self._add_item(photo_id, name)
        finally:
            self.thumbs.blockSignals(False)
        if self.photos:
            row = next((i for i, p in enumerate(self.photos) if p[0] == select), 0)
            self.thumbs.setCurrentRow(row)
            self.thumbs.setFocus()
        else:
            (self.add_button if self.add_button.isEnabled() else self.close_button).setFocus()
        self._show_count()
        self._show_current()

    def _add_item(self, photo_id: int, name: str) -> QListWidgetItem:
        item = QListWidgetItem(QIcon(self._blank), name)
        item.setData(Qt.ItemDataRole.UserRole, photo_id)
        item.setToolTip(name)
        item.setSizeHint(self.thumbs.gridSize())
        self.thumbs.addItem(item)
        return item

    def _fetch(self, photo_id: int, generation: int) -> None:
        def fetched(content: bytes) -> None:
            if generation == self._generation:
                self._decode(photo_id, content, generation)

        self.desk.run(lambda uow, actor: asset_service.photo(uow, actor, photo_id), fetched,
                      lambda exc: self._load_failed(exc, generation, photo_id))

    def _decode(self, photo_id: int, content: bytes, generation: int) -> None:
        def decoded(result: tuple[QImage, QImage] | None) -> None:
            if generation != self._generation:
                return
            item = self._item(photo_id)
            if result is None:
                self.unreadable.add(photo_id)
            else:
                image, thumb = result
                self.images[photo_id] = image
                if item is not None:
                    item.setIcon(QIcon(QPixmap.fromImage(thumb)))
            current = self._current()
            if current is not None and current[0] == photo_id:
                self._show_current()

        self.desk.runner.run_report(lambda: photo_images(content), decoded,
                                    lambda exc: self._load_failed(exc, generation, photo_id))

    def _load_failed(self, exc: BaseException, generation: int, photo_id: int | None = None) -> None:
        if generation != self._generation:
            return
        if photo_id is not None:
            self.unreadable.add(photo_id)
            self._show_current()
        else:
            self.count.setText(self.tr("Gagal memuat foto."))
        if not self._reported:  # one message for a load, not one per photo
            self._reported = True
            report_error(self, exc)

    def _show_current(self) -> None:
        current = self._current()
        if current is None:
            self.view.setPixmap(QPixmap())
            self.view.setText(self.tr("Belum ada foto barang ini.") + (
                " " + self.tr("Tekan Ctrl+N untuk menambah foto.") if self.may_add() else ""))
            self.caption.setText("")
            return
        photo_id, name, _mime = current
        self.caption.setText(self.tr("{i} dari {n}: {name}").format(
            i=self.thumbs.currentRow() + 1, n=len(self.photos), name=name))
        image = self.images.get(photo_id)
        if image is None:
            self.view.setPixmap(QPixmap())
            self.view.setText(self.tr("Foto tidak dapat ditampilkan.") if photo_id in self.unreadable
                              else self.tr("Memuat foto…"))
            return
        room = self.view.contentsRect().size()
        shown = image
        if image.width() > room.width() or image.height() > room.height():
            shown = image.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        self.view.setPixmap(QPixmap.fromImage(shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._current() is not None:
            self._show_current()

    # ---- adding

    def add_photo(self) -> None:
        """Ctrl+N: a JPEG or PNG file chosen, read on the report thread, then stored."""
        if not self.add_button.isEnabled():
            return
        name = self.choose_file(self, self.tr("Tambah foto {code} reg. {register}").format(
            code=self.asset.code, register=self.asset.register_text), "",
            self.tr("Foto JPEG atau PNG (*.jpg *.jpeg *.png);;Semua berkas (*)"), False)
        if not name:
            return
        path = Path(name)
        asset_id, clock = self.asset.id, self.desk.clock
        generation = self._generation
        self.error.show_message("")
        self._set_busy(True, self.tr("Membaca {name}…").format(name=path.name))

        def upload(result: tuple[str, bytes]) -> None:
            if generation != self._generation:
                return
            mime, content = result
            self.count.setText(self.tr("Menyimpan {name}…").format(name=path.name))

            def work(uow: Any, actor: Actor) -> int:
                return asset_service.add_photo(uow, actor, asset_id, path.name, mime, content,
                                               now=clock())

            self.desk.run(work, lambda photo_id: self._added(photo_id, path.name, mime, content,
                                                             generation),
                          lambda exc: self._add_failed(exc, generation))

        self.desk.runner.run_report(lambda: read_photo(path), upload,
                                    lambda exc: self._add_failed(exc, generation))

    def _added(self, photo_id: int, name: str, mime: str, content: bytes, generation: int) -> None:
        text = self.tr("Foto {name} ditambahkan ke {code} reg. {register}.").format(
            name=name, code=self.asset.code, register=self.asset.register_text)
        self.desk.say(text)
        if generation != self._generation:
            return
        self.photos.append((photo_id, name, mime))
        self._add_item(photo_id, name)
        self._set_busy(False)
        self.thumbs.setCurrentRow(len(self.photos) - 1)
        self.thumbs.setFocus()
        self._decode(photo_id, content, generation)
        self.added.emit(photo_id)

    def _add_failed(self, exc: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.error.show_message(" ".join(exc.errors.values()) or exc.message)
        elif isinstance(exc, DomainError) and not isinstance(exc, DatabaseError):
            self.error.show_message(exc.message)
        else:
            report_error(self, exc)
        self.add_button.setFocus()

