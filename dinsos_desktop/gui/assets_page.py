"""Barang Milik Daerah: the pengurus barang's desk for the fixed-asset register (KIB A–F).

Four tabs: the register (paged in SQL, one KIB or all, narrowed by code, room, condition, status,
year and text; the selected asset's details below), Ruangan & KIR (rooms, the room cards and the
stock-take), Penyusutan (book values as of a date) and Kode & Pengaturan (the code tree with its
useful lives, the depreciation period, the label layout, importing a KIB).

Keyboard first (the register):

    Ctrl+N          Tambah barang: the form; "10 kursi" gives ten records with consecutive
                    register numbers, shown when saved (Ctrl+L there prints their labels).
    F2, Enter       Ubah: correct the selected asset's data.
    Ctrl+M          Mutasi: move (room, person responsible), condition, reclassification,
                    disposal with the SK penghapusan.
    Ctrl+H          Riwayat: the selected asset's history.
    Ctrl+Shift+F    Foto: the selected asset's photos (the pengurus barang adds them there).
    Ctrl+L          Cetak label: the labels of the selected rows (Ctrl+A selects all loaded).
    Ctrl+Shift+P    Cetak / ekspor laporan: KIB, KIR, penambahan, mutasi, penyusutan (PDF, XLSX).
    Ctrl+D          Penyusutan per tanggal.
    Alt+0 … Alt+6   Semua KIB, KIB A … KIB F.
    F5              Muat ulang.
    Alt+C           The search box: text, or a label's code and register and Enter.

A USB barcode scanner reading an asset label (``BMD|<code>|<register>``) anywhere on these tabs
opens the asset in the register; while a stock-take is open the scan marks it seen instead.

The pengurus barang writes; the pimpinan and the admin read (the admin also keeps the codes and
the settings), so their buttons for changes stay disabled.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Hashable, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.assets import DETAIL_FIELDS, Condition, Kib, MutationKind, check_asset_code
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.gui.asset_common import (
    DONE_STYLE,
    FIRST_YEAR,
    HINT_STYLE,
    LAST_YEAR,
    AssetDesk,
    AssetScanCatcher,
    Clock,
    LocalTime,
    condition_label,
    field_label,
    fill_rooms,
    key_detail,
    key_detail_title,
    kib_heading,
    kib_short,
    money,
    origin_label,
    register_span,
    short_date,
    typed_label,
)
from dinsos_desktop.gui.asset_dialogs import (
    PHOTOS_KEY,
    AssetDialog,
    HistoryDialog,
    MutationDialog,
    PhotoDialog,
)
from dinsos_desktop.gui.asset_reports import KIB, AssetPrinter, DepreciationPane, ReportDialog
from dinsos_desktop.gui.asset_rooms import RoomsPane
from dinsos_desktop.gui.asset_settings import AssetSettingsPage
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.table_model import AnyIndex, PagedTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.reports.formatting import format_date, format_datetime, format_number
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services.asset_dto import ACTIVE, DISPOSED, AssetDTO, AssetFilter
from dinsos_desktop.services.dto import Page

BATCH = 50
DEBOUNCE_MS = 250
RESELECT_BATCHES = 40  # an asset is looked for in at most this many more batches
NO_YEAR = FIRST_YEAR - 1  # the year filter's "Semua"
DISPOSED_TEXT = QColor("#8a8a8a")
POOR_TEXT = QColor("#b00020")
FAIR_TEXT = QColor("#8a5300")

Fetch = Callable[[AssetFilter, int, int, Callable[[Page[AssetDTO]], None],
                  Callable[[BaseException], None]], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssetsPage", text)


def status_choices() -> tuple[tuple[str, str], ...]:
    """AssetFilter.status values as the screen names them."""
    return ((ACTIVE, _tr("Aktif")), (DISPOSED, _tr("Dihapus")), ("", _tr("Semua")))


# --------------------------------------------------------------------------- the table


class AssetModel(PagedTableModel[AssetDTO]):
    """The register, 50 assets at a time from the database thread, in the register's order (KIB,
    code, register number); ``fetchMore`` asks for the next batch."""

    CODE, REGISTER, NAME, DETAIL, YEAR, VALUE, CONDITION, ROOM = range(8)

    def __init__(self, fetch: Fetch, parent: QObject | None = None, *,
                 room_text: Callable[[AssetDTO], str] | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("AssetModel", "Kode barang"), tr("AssetModel", "Reg."),
                          tr("AssetModel", "Nama barang"), key_detail_title(None),
                          tr("AssetModel", "Tahun"), tr("AssetModel", "Nilai (Rp)"),
                          tr("AssetModel", "Kondisi"), tr("AssetModel", "Ruangan")), parent)
        self._fetch = fetch
        self._room_text = room_text or (lambda asset: asset.room_label)
        self._wanted: AssetFilter | None = None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        asset = self.row_at(index.row()) if index.isValid() else None
        if asset is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(asset, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CODE:
                return f"{asset.code} — {asset.code_name}"
            if column == self.CONDITION:
                return condition_label(asset.condition)
            if column == self.ROOM:
                return asset.room_label
            if asset.disposed:
                return self.tr("Dihapus {day}: SK {decree}").format(
                    day=short_date(asset.disposed_on), decree=asset.disposal_decree_no)
            return self._display(asset, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if asset.disposed:
                return DISPOSED_TEXT
            if column == self.CONDITION and asset.condition is Condition.RUSAK_BERAT:
                return POOR_TEXT
            if column == self.CONDITION and asset.condition is Condition.KURANG_BAIK:
                return FAIR_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole and asset.disposed:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.REGISTER, self.YEAR,
                                                                    self.VALUE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CONDITION:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, asset: AssetDTO, column: int) -> str:
        if column == self.CODE:
            return asset.code
        if column == self.REGISTER:
            return asset.register_text
        if column == self.NAME:
            return asset.name
        if column == self.DETAIL:
            return key_detail(asset)
        if column == self.YEAR:
            return str(asset.year or "")
        if column == self.VALUE:
            return money(asset.fields.value)
        if column == self.CONDITION:
            return asset.condition.value
        if column == self.ROOM:
            return self._room_text(asset)
        return ""

    # ---- our API

    @property
    def wanted(self) -> AssetFilter | None:
        return self._wanted

    def asset_at(self, row: int) -> AssetDTO | None:
        return self.row_at(row)

    def row_of(self, asset_id: int) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == asset_id), -1)

    def reload(self, wanted: AssetFilter | None) -> None:
        self._wanted = wanted
        detail = key_detail_title(wanted.kib if wanted is not None else None)
        if self._headers[self.DETAIL] != detail:
            headers = list(self._headers)
            headers[self.DETAIL] = detail
            self._headers = tuple(headers)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.DETAIL, self.DETAIL)
        self._restart(active=wanted is not None)

    def update_asset(self, asset: AssetDTO) -> bool:
        row = self.row_of(asset.id)
        if row < 0:
            return False
        self._rows[row] = asset
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        assert self._wanted is not None
        self._fetch(self._wanted, offset, BATCH, done, failed)

    def _row_key(self, row: AssetDTO) -> Hashable:
        return row.id


# --------------------------------------------------------------------------- the register


class RegisterPane(QWidget):
    """The register tab."""

    depreciation_requested = Signal()

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetRegister")
        self.desk = desk
        self.printer = printer
        self.dialog: QDialog | None = None
        self._filling = False
        self._reselect: set[int] = set()
        self._reselect_batches = 0
        self._reselect_missing_text = ""
        self._table_failed = False
        self._error_open = False

        # ---- KIB tabs
        self.kib_tabs = QTabBar(self)
        self.kib_tabs.setObjectName("kibTabs")
        self.kib_tabs.setExpanding(False)
        self.kib_tabs.setDrawBase(True)
        self.kib_tabs.addTab(self.tr("Semua KIB"))
        self.kib_tabs.setTabData(0, None)
        self.kib_tabs.setTabToolTip(0, self.tr("Semua KIB (Alt+0)"))
        for i, kib in enumerate(Kib, 1):
            self.kib_tabs.addTab(kib_short(kib).replace("&", "&&"))
            self.kib_tabs.setTabData(i, kib.value)
            self.kib_tabs.setTabToolTip(i, f"{kib_heading(kib)} (Alt+{i})")
        self.kib_tabs.currentChanged.connect(lambda _i: self._filters_changed())

        # ---- filters
        self.code = QLineEdit(self)
        self.code.setObjectName("codeFilter")
        self.code.setPlaceholderText(self.tr("mis. 1.3.2.05"))
        self.code.setToolTip(self.tr("Kode barang atau awalannya: 1.3.2.05 juga menemukan "
                                     "1.3.2.05.02.01.003"))
        self.code.setMaximumWidth(170)
        code_label = QLabel(self.tr("K&ode:"), self)
        code_label.setBuddy(self.code)
        self.room = QComboBox(self)
        self.room.setObjectName("roomFilter")
        self.room.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.room.setMinimumContentsLength(16)
        self.room.view().setMinimumWidth(320)
        fill_rooms(self.room, [], blank=self.tr("Semua ruangan"))
        room_label = QLabel(self.tr("&Ruangan:"), self)
        room_label.setBuddy(self.room)
        self.condition = QComboBox(self)
        self.condition.setObjectName("conditionFilter")
        self.condition.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.condition.setMinimumContentsLength(10)
        self.condition.addItem(self.tr("Semua"), None)
        for condition in Condition:
            self.condition.addItem(f"{condition.value} — {condition_label(condition)}", condition.value)
        condition_label_ = QLabel(self.tr("Kon&disi:"), self)
        condition_label_.setBuddy(self.condition)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        for key, text in status_choices():
            self.status_filter.addItem(text, key)
        status_label = QLabel(self.tr("&Status:"), self)
        status_label.setBuddy(self.status_filter)
        self.year = QSpinBox(self)
        self.year.setObjectName("yearFilter")
        self.year.setRange(NO_YEAR, LAST_YEAR)
        self.year.setSpecialValueText(self.tr("Semua"))
        self.year.setValue(NO_YEAR)
        self.year.setGroupSeparatorShown(False)
        self.year.setToolTip(self.tr("Tahun perolehan; ketik tahunnya, atau kosongkan untuk semua"))
        year_label = QLabel(self.tr("&Tahun:"), self)
        year_label.setBuddy(self.year)
        self.search = QLineEdit(self)
        self.search.setObjectName("assetSearch")
        self.search.setPlaceholderText(self.tr("nama, merk, nomor polisi, sertifikat, catatan — atau "
                                               "kode dan register lalu Enter"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Cari:"), self)
        search_label.setBuddy(self.search)
        self.reload_button = QPushButton(self.tr("Muat ulan&g"), self)
        self.reload_button.setObjectName("reloadAssets")
        self.reload_button.setToolTip(self.tr("Muat ulang dari basis data (F5)"))
        self.reload_button.clicked.connect(self.refresh)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._typed())
        self.code.textChanged.connect(lambda _t: self._typed())
        self.year.valueChanged.connect(lambda _v: self._typed())
        for combo in (self.room, self.condition, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())

        # ---- the table and the detail
        self.model = AssetModel(self._fetch, self, room_text=self._room_text)
        self.model.loaded.connect(self._loaded)
        self.model.loading_changed.connect(lambda _l: self._update_state())
        self.model.modelReset.connect(self._update_state)
        self.model.load_failed.connect(self._rows_failed)
        self.model.dataChanged.connect(lambda *_: self._show_detail())
        self.table = register_view(self, self.model, "assetTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        for column, sample in ((AssetModel.CODE, "1.3.2.05.02.01.003"), (AssetModel.REGISTER, "0000"),
                               (AssetModel.DETAIL, "Merk / tipe / letak ···"),
                               (AssetModel.YEAR, "Tahun"), (AssetModel.VALUE, "9.999.999.999"),
                               (AssetModel.CONDITION, "Kondisi"),
                               (AssetModel.ROOM, "R.01 · Ruang Kepala Dinas")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        header.setSectionResizeMode(AssetModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.activated.connect(lambda _i: self._row_activated())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.setToolTip(self.tr("Enter atau F2 mengubah barang terpilih; Ctrl+M mutasi; "
                                      "Ctrl+L cetak label baris terpilih"))
        self.placeholder = QLabel(self.table.viewport())
        self.placeholder.setObjectName("assetPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #666; font-size: 11pt;")
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.table.viewport().installEventFilter(self)

        self.detail = QLabel(self)
        self.detail.setObjectName("assetDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setContentsMargins(6, 4, 6, 4)
        detail_scroll = QScrollArea(self)
        detail_scroll.setObjectName("assetDetailArea")
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        detail_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([360, 170])

        # ---- actions
        self.add_button = QPushButton(self.tr("T&ambah barang…"), self)
        self.add_button.setObjectName("addAsset")
        self.add_button.setToolTip(self.tr("Catat barang baru (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_asset)
        bold = self.add_button.font()
        bold.setBold(True)
        self.add_button.setFont(bold)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editAsset")
        self.edit_button.setToolTip(self.tr("Perbaiki data barang terpilih (F2, atau Enter pada baris)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.mutate_button = QPushButton(self.tr("&Mutasi…"), self)
        self.mutate_button.setObjectName("mutateAsset")
        self.mutate_button.setToolTip(self.tr("Pindah ruangan/penanggung jawab, ubah kondisi, "
                                              "reklasifikasi, atau penghapusan (Ctrl+M)"))
        self.mutate_button.clicked.connect(lambda: self.mutate_selected())
        self.history_button = QPushButton(self.tr("Ri&wayat"), self)
        self.history_button.setObjectName("assetHistory")
        self.history_button.setToolTip(self.tr("Riwayat barang terpilih (Ctrl+H)"))
        self.history_button.clicked.connect(self.show_history)
        self.photos_button = QPushButton(self.tr("&Foto…"), self)
        self.photos_button.setObjectName("assetPhotos")
        self.photos_button.setToolTip(self.tr("Foto barang terpilih ({key})").format(key=PHOTOS_KEY))
        self.photos_button.clicked.connect(self.show_photos)
        self.labels_button = QPushButton(self.tr("Cetak &label…"), self)
        self.labels_button.setObjectName("printLabels")
        self.labels_button.setToolTip(self.tr("Label QR untuk baris terpilih (Ctrl+L; Ctrl+A memilih "
                                              "semua yang tampil)"))
        self.labels_button.clicked.connect(self.print_labels)
        self.report_button = QPushButton(self.tr("Cetak/&ekspor laporan…"), self)
        self.report_button.setObjectName("assetReports")
        self.report_button.setToolTip(self.tr("KIB, KIR, daftar penambahan, laporan mutasi, "
                                              "penyusutan; PDF atau XLSX (Ctrl+Shift+P)"))
        self.report_button.clicked.connect(self.open_reports)
        self.depreciation_button = QPushButton(self.tr("&Penyusutan…"), self)
        self.depreciation_button.setObjectName("depreciationButton")
        self.depreciation_button.setToolTip(self.tr("Nilai buku per tanggal (Ctrl+D)"))
        self.depreciation_button.clicked.connect(self.depreciation_requested.emit)
        self._buttons = (self.add_button, self.edit_button, self.mutate_button, self.history_button,
                         self.photos_button, self.labels_button, self.report_button, self.depreciation_button,
                         self.reload_button)
        for button in self._buttons:
            button.setAutoDefault(False)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("assetCount")
        self.status = QLabel(self)
        self.status.setObjectName("assetStatus")
        self.status.setStyleSheet(DONE_STYLE)
        self.status.setWordWrap(True)
        legend = QLabel(self.tr(
            "<b>Ctrl+N</b> tambah · <b>F2</b>/<b>Enter</b> ubah · <b>Ctrl+M</b> mutasi · "
            "<b>Ctrl+H</b> riwayat · <b>Ctrl+Shift+F</b> foto · <b>Ctrl+L</b> label · "
            "<b>Ctrl+Shift+P</b> laporan · "
            "<b>Ctrl+D</b> penyusutan · <b>Alt+0…6</b> KIB · <b>F5</b> muat ulang · "
            "pindai label untuk membuka barang"), self)
        legend.setObjectName("assetKeys")
        legend.setWordWrap(True)
        legend.setStyleSheet(HINT_STYLE)

        # ---- layout
        filters = QHBoxLayout()
        for label, widget in ((code_label, self.code), (room_label, self.room),
                              (condition_label_, self.condition), (status_label, self.status_filter)):
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addSpacing(8)
        search_row.addWidget(year_label)
        search_row.addWidget(self.year)
        search_row.addSpacing(8)
        search_row.addWidget(self.reload_button)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.mutate_button, self.history_button,
                       self.photos_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        for button in (self.labels_button, self.report_button, self.depreciation_button):
            actions.addWidget(button)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.kib_tabs)
        layout.addLayout(filters)
        layout.addLayout(search_row)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(legend)

        order: list[QWidget] = [self.kib_tabs, self.code, self.room, self.condition,
                                self.status_filter, self.search, self.year, self.reload_button,
                                self.add_button, self.edit_button, self.mutate_button,
                                self.history_button, self.photos_button, self.labels_button,
                                self.report_button,
                                self.depreciation_button, self.table]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

        # ---- keys
        QShortcut(QKeySequence.StandardKey.New, self, self.add_asset)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_selected)
        QShortcut(QKeySequence("Ctrl+M"), self, lambda: self.mutate_selected())
        QShortcut(QKeySequence("Ctrl+H"), self, self.show_history)
        QShortcut(QKeySequence(PHOTOS_KEY), self, self.show_photos)
        QShortcut(QKeySequence("Ctrl+L"), self, self.print_labels)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.open_reports)
        QShortcut(QKeySequence("Ctrl+D"), self, self.depreciation_requested.emit)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        for i in range(self.kib_tabs.count()):
            QShortcut(QKeySequence(f"Alt+{i}"), self, lambda i=i: self.kib_tabs.setCurrentIndex(i))

        desk.reference_loaded.connect(self._reference_loaded)
        desk.assets_added.connect(self._assets_added)
        desk.asset_saved.connect(self._asset_saved)
        printer.busy_changed.connect(lambda _b: self._update_buttons())
        self._show_detail()
        self._update_state()

    # ------------------------------------------------------------------ state

    def current_asset(self) -> AssetDTO | None:
        index = self.table.currentIndex()
        return self.model.asset_at(index.row()) if index.isValid() else None

    def selected_assets(self) -> list[AssetDTO]:
        """The selected rows in the register's order (the current row when none is selected)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        chosen = [a for r in rows if (a := self.model.asset_at(r)) is not None]
        if not chosen and (current := self.current_asset()) is not None:
            chosen = [current]
        return chosen

    def current_filter(self) -> AssetFilter:
        kib = self.kib_tabs.tabData(self.kib_tabs.currentIndex())
        code = self.code.text().strip()
        try:
            code = check_asset_code(code) if code else ""
        except ValidationError:
            pass  # looked for as typed: nothing matches, and the placeholder says so
        year = self.year.value()
        condition = self.condition.currentData()
        return AssetFilter(kib=Kib(kib) if kib else None, code_prefix=code,
                           room_id=self.room.currentData(),
                           condition=Condition(condition) if condition else None,
                           status=str(self.status_filter.currentData()),
                           year=None if year == NO_YEAR else year,
                           text=" ".join(self.search.text().split()))

    def _update_buttons(self) -> None:
        asset = self.current_asset()
        write = self.desk.may_write()
        live = asset is not None and not asset.disposed
        self.add_button.setEnabled(write)
        self.edit_button.setEnabled(write and live)
        self.mutate_button.setEnabled(write and live)
        self.history_button.setEnabled(asset is not None)
        self.photos_button.setEnabled(asset is not None)
        self.labels_button.setEnabled(asset is not None and not self.printer.busy)
        self.report_button.setEnabled(self.desk.may_read() and not self.printer.busy)
        self.depreciation_button.setEnabled(self.desk.may_read())

    def _update_state(self) -> None:
        shown = self.model.rowCount()
        if self.desk.actor is None:
            text, empty = "", self.tr("Masuk terlebih dahulu untuk melihat daftar barang.")
        elif self._table_failed and shown == 0:
            text = self.tr("Gagal memuat.")
            empty = self.tr("Daftar barang tidak dapat dimuat. Periksa koneksi, lalu tekan F5.")
        elif self.model.loading and shown == 0:
            text = empty = self.tr("Memuat…")
        elif shown == 0:
            text = self.tr("Tidak ada barang.")
            wanted = self.model.wanted
            narrowed = wanted is not None and (wanted.code_prefix or wanted.room_id is not None
                                               or wanted.condition is not None or wanted.year
                                               or wanted.text or wanted.status != ACTIVE)
            if narrowed:
                empty = self.tr("Tidak ada barang yang cocok dengan saringan.")
            elif wanted is not None and wanted.kib is not None:
                empty = self.tr("Belum ada barang di {kib}.").format(kib=kib_heading(wanted.kib))
            else:
                empty = self.tr("Belum ada barang yang dicatat.")
            if self.desk.may_write():
                empty += " " + self.tr("Tekan Ctrl+N untuk mencatat barang.")
        elif self.model.total_capped or shown < self.model.total:
            text = self.tr("{shown} dari {total} barang ditampilkan: gulir ke bawah untuk memuat "
                           "lebih banyak").format(shown=format_number(shown),
                                                  total=format_number(self.model.total))
            empty = ""
        else:
            text, empty = self.tr("{n} barang").format(n=format_number(shown)), ""
        self.count_label.setText(text)
        self.placeholder.setText(empty)
        self.placeholder.setVisible(bool(empty) and shown == 0)
        self._place_placeholder()
        self._update_buttons()

    def _place_placeholder(self) -> None:
        self.placeholder.setGeometry(self.table.viewport().rect().adjusted(24, 24, -24, -24))

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else DONE_STYLE)
        self.status.setText(text)
        self.desk.say(text)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Shown again or F5: the register with the filters shown; the selection stays."""
        current = self.current_asset()
        if current is not None and not self._reselect:
            self._reselect = {current.id}
        self._reload()

    def _reload(self) -> None:
        self._timer.stop()
        self._table_failed = False
        self._reselect_batches = 0
        self.model.reload(self.current_filter() if self.desk.actor is not None else None)

    def _fetch(self, wanted: AssetFilter, offset: int, limit: int,
               on_done: Callable[[Page[AssetDTO]], None],
               on_error: Callable[[BaseException], None]) -> None:
        self.desk.run(lambda uow, actor: asset_service.asset_page(uow, actor, wanted, limit=limit,
                                                                  offset=offset), on_done, on_error)

    def _room_text(self, asset: AssetDTO) -> str:
        """The room the short way ('R.01 · Ruang Kepala Dinas'; the tooltip has the building)."""
        room = self.desk.room(asset.fields.room_id)
        if room is None:
            return asset.room_label
        return f"{room.code} · {room.name}" if room.code else room.name

    def _rows_failed(self, exc: BaseException) -> None:
        self._table_failed = True
        self._update_state()
        if not self._error_open:
            self._error_open = True
            try:
                self.desk.report(exc)
            finally:
                self._error_open = False

    def _reference_loaded(self) -> None:
        self._filling = True
        try:
            fill_rooms(self.room, self.desk.rooms, blank=self.tr("Semua ruangan"))
        finally:
            self._filling = False
        rows = self.model.rowCount()
        if rows:  # the room column names the rooms by their code
            self.model.dataChanged.emit(self.model.index(0, AssetModel.ROOM),
                                        self.model.index(rows - 1, AssetModel.ROOM))
        self._update_buttons()

    # ------------------------------------------------------------------ filters

    def _typed(self) -> None:
        if not self._filling:
            self._timer.start()

    def _filters_changed(self) -> None:
        self._timer.stop()
        if self._filling or self.desk.actor is None:
            return
        if self.current_filter() == self.model.wanted and not self._table_failed:
            return
        self._reselect = set()
        self._reload()

    def set_kib(self, kib: Kib | None) -> None:
        for i in range(self.kib_tabs.count()):
            if self.kib_tabs.tabData(i) == (kib.value if kib else None):
                self.kib_tabs.setCurrentIndex(i)
                return

    def set_search(self, text: str) -> None:
        self.search.setText(text)
        self._filters_changed()

    def clear_filters(self, *, code: str = "", status: str = ACTIVE) -> None:
        """Every filter off (the code and status as given), without reloading."""
        self._filling = True
        try:
            self.kib_tabs.setCurrentIndex(0)
            self.code.setText(code)
            self.room.setCurrentIndex(0)
            self.condition.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(status)))
            self.year.setValue(NO_YEAR)
            self.search.clear()
        finally:
            self._filling = False

    # ------------------------------------------------------------------ the table

    def _loaded(self) -> None:
        if self._reselect:
            rows = [r for i in self._reselect if (r := self.model.row_of(i)) >= 0]
            if len(rows) == len(self._reselect):
                self._select_rows(rows)
                self._reselect = set()
            elif self.model.loading:
                pass
            elif self.model.canFetchMore() and self._reselect_batches < RESELECT_BATCHES:
                self._reselect_batches += 1
                self.model.fetchMore()  # further down the register
                return
            else:
                if rows:
                    self._select_rows(rows)
                elif self._reselect_missing_text:
                    self.say(self._reselect_missing_text)
                self._reselect = set()
            self._reselect_missing_text = ""
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_state()
        self._show_detail()

    def _select_rows(self, rows: Sequence[int]) -> None:
        rows = sorted(rows)
        selection = self.table.selectionModel()
        self.table.setCurrentIndex(self.model.index(rows[0], 0))
        selection.clearSelection()
        flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(rows[-1], 0))
        self.table.scrollTo(self.model.index(rows[0], 0))

    def select_asset(self, asset_id: int) -> bool:
        row = self.model.row_of(asset_id)
        if row < 0:
            return False
        self._select_rows([row])
        return True

    def _current_changed(self) -> None:
        self._update_buttons()
        self._show_detail()

    def _row_activated(self) -> None:
        if self.edit_button.isEnabled():
            self.edit_selected()
        elif self.history_button.isEnabled():
            self.show_history()

    def _show_detail(self) -> None:
        asset = self.current_asset()
        if asset is None:
            self.detail.setText(self.tr("<span style='color:#666'>Pilih barang untuk melihat "
                                        "rinciannya.</span>"))
            return
        self.detail.setText(self.detail_html(asset))

    def detail_html(self, asset: AssetDTO) -> str:
        """Everything about one asset, for the pane below the table."""
        e = html.escape
        f = asset.fields
        badge = (("#b00020", "#fdecea", self.tr("Dihapus")) if asset.disposed else
                 ("#1b5e20", "#dff0d8", self.tr("Aktif")))
        head = (f"<span style='font-size:12pt; font-weight:bold'>{e(asset.name)}</span>&nbsp;&nbsp;"
                f"<span style='color:{badge[0]}; background:{badge[1]}; font-weight:bold'>"
                f"&nbsp;{badge[2]}&nbsp;</span><br><span style='color:#37474f'>{e(asset.code)} reg. "
                f"{asset.register_text} · {e(asset.code_name)} · {e(kib_heading(asset.kib))}</span>")
        acquired = (format_date(f.acquired_on) if f.acquired_on is not None
                    else self.tr("tahun {year}").format(year=f.acquired_year or "—"))
        left: list[tuple[str, str]] = [
            (self.tr("Perolehan"), f"{acquired} · {origin_label(f.origin)}"),
            (self.tr("Nilai perolehan"), f"Rp {money(f.value)}"),
            (self.tr("Masa manfaat"), self.tr("{n} tahun").format(n=asset.life_years)
             if asset.life_years and asset.kib.depreciates else self.tr("tidak disusutkan")
             if not asset.kib.depreciates else "—"),
            (self.tr("Kondisi"), condition_label(asset.condition)),
            (self.tr("Ruangan"), asset.room_label or self.tr("belum ditempatkan")),
            (self.tr("Penanggung jawab"), f.responsible or "—"),
        ]
        if f.notes:
            left.append((self.tr("Keterangan"), f.notes))
        right: list[tuple[str, str]] = []
        for name, kibs in DETAIL_FIELDS.items():
            if asset.kib not in kibs:
                continue
            value = getattr(f, name)
            if value in (None, "", False):
                continue
            if isinstance(value, bool):
                shown = self.tr("Ya")
            elif isinstance(value, dt.date):
                shown = format_date(value)
            elif name == "contract_value":
                shown = f"Rp {money(value)}"
            elif not isinstance(value, str):
                shown = format_number(value)
            else:
                shown = value
            right.append((field_label(name), shown))
        if asset.kib is Kib.E and f.quantity > 1:
            right.append((self.tr("Banyaknya"), format_number(f.quantity)))
        if asset.disposed:
            right.append((self.tr("Dihapus"), self.tr("{day}, SK {decree} tanggal {decree_day}").format(
                day=format_date(asset.disposed_on) if asset.disposed_on else "—",
                decree=asset.disposal_decree_no,
                decree_day=short_date(asset.disposal_decree_date))))
            if asset.disposal_reason:
                right.append((self.tr("Alasan"), asset.disposal_reason))
        right.append((self.tr("Dicatat"), ", ".join(p for p in (
            asset.created_by_name, format_datetime(self.desk.local(asset.created_at))) if p)))
        right.append((self.tr("Label"), asset.label_text))

        def table(rows: list[tuple[str, str]]) -> str:
            body = "".join(f"<tr><td style='color:#555; padding-right:10px' valign='top'>{e(k)}</td>"
                           f"<td>{e(v)}</td></tr>" for k, v in rows)
            return f"<table cellspacing='0' cellpadding='1'>{body}</table>"

        return (f"{head}<table width='100%' cellspacing='0' cellpadding='0'><tr>"
                f"<td valign='top' width='50%'>{table(left)}</td><td width='16'></td>"
                f"<td valign='top'>{table(right)}</td></tr></table>")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_placeholder()
        elif obj is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                label = typed_label(self.search.text())
                if label is not None:
                    self.open_label(label)  # "1.3.2.05.02.01.003 7" or a typed label
                    return True
                self._filters_changed()  # at once, not after the pause
                self._to_table()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and not event.modifiers():
                self._to_table()
                return True
        return super().eventFilter(obj, event)

    def _to_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    # ------------------------------------------------------------------ a label

    def open_label(self, text: str) -> None:
        """A scanned or typed label: the asset selected in the register (the filters opened
        up when they hide it)."""
        label = typed_label(text)
        if label is None:
            self.say(self.tr("“{text}” bukan label barang milik daerah.").format(text=text.strip()),
                     error=True)
            return

        def found(asset: AssetDTO | None) -> None:
            if asset is None:
                self.say(self.tr("Barang dengan label {label} tidak ada di daftar.").format(
                    label=label), error=True)
                return
            self.show_asset(asset)

        self.desk.run(lambda uow, actor: asset_service.find_by_label(uow, actor, label), found)

    def show_asset(self, asset: AssetDTO) -> None:
        self.say(self.tr("{code} reg. {register} — {name}").format(
            code=asset.code, register=asset.register_text, name=asset.name))
        if self.select_asset(asset.id):
            self.table.setFocus()
            return
        self.clear_filters(code=asset.code, status="" if asset.disposed else ACTIVE)
        self._reselect = {asset.id}
        self._reload()
        self.table.setFocus()

    # ------------------------------------------------------------------ actions

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._focus_table())
        dialog.open()
        return dialog

    def _focus_table(self) -> None:
        if self.isVisible():
            self.table.setFocus()

    def add_asset(self) -> AssetDialog | None:
        """Ctrl+N: the form for a new asset (or several identical ones)."""
        if not self.add_button.isEnabled():
            return None
        dialog = AssetDialog(self.desk, parent=self)
        dialog.saved.connect(lambda added: self.desk.assets_added.emit(tuple(added)))
        dialog.labels_requested.connect(self.printer.print_labels)
        self._open(dialog)
        dialog.code.setFocus()
        return dialog

    def edit_selected(self) -> AssetDialog | None:
        asset = self.current_asset()
        if asset is None or not self.edit_button.isEnabled():
            return None
        dialog = AssetDialog(self.desk, asset, parent=self)
        dialog.saved.connect(self.desk.asset_saved.emit)
        self._open(dialog)
        dialog.name.setFocus()
        return dialog

    def mutate_selected(self, kind: MutationKind = MutationKind.MOVED) -> MutationDialog | None:
        asset = self.current_asset()
        if asset is None or not self.mutate_button.isEnabled():
            return None
        dialog = MutationDialog(self.desk, asset, kind=kind, parent=self)
        dialog.saved.connect(self.desk.asset_saved.emit)
        self._open(dialog)
        dialog.kind.setFocus()
        return dialog

    def show_history(self) -> HistoryDialog | None:
        asset = self.current_asset()
        if asset is None or not self.history_button.isEnabled():
            return None
        dialog = HistoryDialog(self.desk, asset, parent=self)
        self._open(dialog)
        return dialog

    def show_photos(self) -> PhotoDialog | None:
        """Ctrl+Shift+F: the selected asset's photos."""
        asset = self.current_asset()
        if asset is None or not self.photos_button.isEnabled():
            return None
        dialog = PhotoDialog(self.desk, asset, parent=self)
        self._open(dialog)
        return dialog

    def print_labels(self) -> bool:
        chosen = self.selected_assets()
        if not chosen or not self.labels_button.isEnabled():
            return False
        return self.printer.print_labels(chosen)

    def open_reports(self) -> ReportDialog | None:
        if not self.report_button.isEnabled():
            return None
        wanted = self.model.wanted
        dialog = ReportDialog(self.desk, self.printer, kind=KIB,
                              kib=wanted.kib if wanted is not None else None,
                              room_id=wanted.room_id if wanted is not None else None, parent=self)
        self._open(dialog)
        return dialog

    def _assets_added(self, assets: tuple[AssetDTO, ...]) -> None:
        if not assets:
            return
        self.say(self.tr("{n} barang dicatat: {numbers}.").format(n=len(assets),
                                                                   numbers=register_span(assets)))
        self._reselect = {a.id for a in assets}
        self._reselect_missing_text = self.tr(
            "{numbers} dicatat; barang itu tidak tampil dengan saringan yang dipakai.").format(
            numbers=register_span(assets))
        self._reload()

    def _asset_saved(self, asset: AssetDTO) -> None:
        wanted = self.model.wanted
        hidden = wanted is not None and (
            (bool(wanted.status) and asset.status != wanted.status)
            or (wanted.room_id is not None and asset.fields.room_id != wanted.room_id)
            or (wanted.condition is not None and asset.condition != wanted.condition)
            or (bool(wanted.code_prefix) and not asset.code.startswith(wanted.code_prefix)))
        if hidden:
            self.say(self.tr("{code} reg. {register} disimpan; tidak lagi cocok dengan saringan.").format(
                code=asset.code, register=asset.register_text))
            self._reload()
            return
        if not self.model.update_asset(asset):
            self._reselect = {asset.id}
            self._reload()
        self.say(self.tr("{code} reg. {register} disimpan.").format(code=asset.code,
                                                                    register=asset.register_text))
        self._update_buttons()
        self._show_detail()


# --------------------------------------------------------------------------- the page


class AssetsPage(QWidget):
    """Barang Milik Daerah: the register, rooms & KIR, depreciation, codes & settings."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None, *,
                 clock: Clock | None = None, local: LocalTime | None = None,
                 scan_clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetsPage")
        self.ctx = ctx
        self.runner = runner
        self.desk = AssetDesk(ctx, runner, self, clock=clock, local=local)
        self.printer = AssetPrinter(self.desk, self)

        heading = QLabel(self.tr("<h3>Barang Milik Daerah</h3>"), self)
        self.intro = QLabel(self)
        self.intro.setObjectName("assetsIntro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)
        self.register = RegisterPane(self.desk, self.printer, self)
        self.rooms = RoomsPane(self.desk, self.printer, self)
        self.depreciation = DepreciationPane(self.desk, self.printer, self)
        self.settings = AssetSettingsPage(self.desk, self.printer, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("assetTabs")
        self.tabs.addTab(self.register, self.tr("Daftar barang"))
        self.tabs.addTab(self.rooms, self.tr("Ruangan && KIR"))
        self.tabs.addTab(self.depreciation, self.tr("Penyusutan"))
        self.tabs.addTab(self.settings, self.tr("Kode && pengaturan"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self.register.depreciation_requested.connect(self.show_depreciation)
        self.settings.importer.imported.connect(self.register.refresh)
        self.printer.finished.connect(self._printed)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.intro, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.scan_catcher = AssetScanCatcher(self, clock=scan_clock)
        self.scan_catcher.scanned.connect(self.scanned)
        self._catching = False
        self._update_intro()

    # ---- the main window's API

    def refresh(self) -> None:
        """Shown again (the main window calls this): the rooms, the settings, the tab shown."""
        self._update_intro()
        if self.ctx.actor is None:
            self.register.model.reload(None)
            return
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        widget = self.tabs.currentWidget()
        if widget in (self.register, self.depreciation):
            self.desk.load_reference()  # the rooms and the office (the other tabs load their own)
        if widget is self.register:
            self.register.refresh()
        elif widget is self.rooms:
            self.rooms.refresh()
        elif widget is self.depreciation:
            self.depreciation.refresh()
        elif widget is self.settings:
            self.settings.refresh()

    def _tab_changed(self) -> None:
        if self.ctx.actor is not None:
            self._refresh_tab()

    def _update_intro(self) -> None:
        text = self.tr("Kartu Inventaris Barang A–F, ruangan, mutasi, penyusutan, dan label.")
        if self.ctx.actor is not None and not self.desk.may_write():
            text += " " + self.tr("Anda hanya dapat membaca: barang dicatat dan diubah oleh pengurus "
                                  "barang.")
        self.intro.setText(text)

    def _printed(self, text: str) -> None:
        widget = self.tabs.currentWidget()
        if widget is self.register:
            self.register.say(text)
        elif widget is self.rooms:
            self.rooms.status.setStyleSheet(DONE_STYLE)
            self.rooms.status.setText(text)

    def show_depreciation(self) -> None:
        self.tabs.setCurrentWidget(self.depreciation)
        self.depreciation.as_of.setFocus()

    # ---- the scanner

    def scanned(self, payload: str) -> None:
        """A label read by the scanner: marked seen in an open stock-take, else opened."""
        if self.ctx.actor is None:
            return
        target = self.desk.scan_target
        if target is not None:
            target(payload)
            return
        busy = QApplication.activeModalWidget()
        if busy is not None and busy.isVisible():
            # A form is open (the asset behind it would change under it): said, not opened.
            self.register.say(self.tr("Tutup formulir yang terbuka dulu, lalu pindai lagi ({label}).")
                              .format(label=payload), error=True)
            return
        self.tabs.setCurrentWidget(self.register)
        self.register.open_label(payload)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None and not self._catching:
            app.installEventFilter(self.scan_catcher)
            self._catching = True

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._stop_catching()

    def _stop_catching(self) -> None:
        app = QApplication.instance()
        if app is not None and self._catching:
            app.removeEventFilter(self.scan_catcher)
            self._catching = False
            self.scan_catcher.reset()
