"""Ruangan & KIR: the office's rooms (the place of each asset), the Kartu Inventaris Ruangan of a
room, and the stock-take (stock opname) of a room: its labels scanned one by one (or typed), the
assets found, those not found and those found here but placed in another room shown as they
come, then the stock-take finished. A room's stock-take left unfinished (the dialog closed, the
day over, another workstation) is taken up again where it stopped, not started anew.

Keys: Ctrl+N a room, F2 or Enter change it, Ctrl+Shift+P print its KIR, Ctrl+T its stock-take;
in the stock-take Enter marks what was typed, Ctrl+Enter finishes, Esc closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import ConflictError, ValidationError
from dinsos_desktop.gui.asset_common import (
    DONE_STYLE,
    HINT_STYLE,
    INFO_STYLE,
    NOTE_STYLE,
    AssetDesk,
    condition_label,
    hint_label,
    typed_label,
)
from dinsos_desktop.gui.asset_reports import KIR, AssetPrinter, ReportSpec
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row
from dinsos_desktop.reports.formatting import format_datetime, format_number
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services.asset_dto import AssetDTO, RoomDTO, RoomInput, StockTakeDTO
from dinsos_desktop.services.dto import Actor

INACTIVE_TEXT = QColor("#8a8a8a")
ERROR_STYLE = "color: #b00020; font-weight: bold;"


# --------------------------------------------------------------------------- rooms


class RoomModel(ReadOnlyTableModel[RoomDTO]):
    CODE, BUILDING, NAME, RESPONSIBLE, STATUS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("Kode"), self.tr("Gedung"), self.tr("Ruangan"),
                          self.tr("Penanggung jawab"), self.tr("Status")), parent)

    def set_rooms(self, rooms: Sequence[RoomDTO]) -> None:
        self.beginResetModel()
        self._rows = list(rooms)
        self.endResetModel()

    def row_of(self, room_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == room_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        room = self.row_at(index.row()) if index.isValid() else None
        if room is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (room.code, room.building, room.name, room.responsible,
                    self.tr("Aktif") if room.active else self.tr("Nonaktif"))[column]
        if role == Qt.ItemDataRole.ForegroundRole and not room.active:
            return INACTIVE_TEXT
        return None


class RoomDialog(QDialog):
    """Tambah / ubah ruangan. Enter saves; refusals beside the fields."""

    saved = Signal(object)  # RoomDTO

    def __init__(self, desk: AssetDesk, room: RoomDTO | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomDialog")
        self.desk = desk
        self.room = room
        self.setWindowTitle(self.tr("Ubah ruangan") if room else self.tr("Tambah ruangan"))
        self.setMinimumWidth(520)
        self.building = QLineEdit(room.building if room else "", self)
        self.building.setObjectName("roomBuilding")
        self.building.setMaxLength(120)
        self.building.setPlaceholderText(self.tr("mis. Kantor Dinas Sosial"))
        self.name = QLineEdit(room.name if room else "", self)
        self.name.setObjectName("roomName")
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(self.tr("mis. Ruang Kepala Dinas"))
        self.code = QLineEdit(room.code if room else "", self)
        self.code.setObjectName("roomCode")
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(self.tr("mis. R.01 (dicetak di KIR)"))
        self.responsible = QLineEdit(room.responsible if room else "", self)
        self.responsible.setObjectName("roomResponsible")
        self.responsible.setMaxLength(120)
        self.active = QCheckBox(self.tr("Ruangan &dipakai"), self)
        self.active.setObjectName("roomActive")
        self.active.setChecked(room.active if room else True)
        self.field_widgets: dict[str, QWidget] = {
            "building": self.building, "name": self.name, "code": self.code,
            "responsible": self.responsible}
        self.field_errors = {k: FieldError(self) for k in self.field_widgets}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.general = FieldError(self)
        self.errors = FormErrors(self.field_errors, self.general)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid_row(grid, self.tr("&Gedung:"), self.building, self.field_errors["building"])
        grid_row(grid, self.tr("&Nama ruangan:"), self.name, self.field_errors["name"])
        grid_row(grid, self.tr("&Kode ruangan:"), self.code, self.field_errors["code"])
        grid_row(grid, self.tr("&Penanggung jawab:"), self.responsible,
                 self.field_errors["responsible"])
        grid.addWidget(self.active, grid.rowCount(), 1)
        self.ok_button = QPushButton(self.tr("Simpan"), self)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Batal (Esc)"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        for first, second in pairwise((self.building, self.name, self.code, self.responsible,
                                       self.active, self.ok_button, cancel)):
            self.setTabOrder(first, second)
        (self.name if room else self.building).setFocus()

    def submit(self) -> None:
        data = RoomInput(self.building.text(), self.name.text(), self.code.text(),
                         self.responsible.text(), self.active.isChecked())
        room = self.room
        now = self.desk.clock
        self.errors.clear()
        self.ok_button.setEnabled(False)

        def work(uow: Any, actor: Actor) -> RoomDTO:
            if room is None:
                return asset_service.save_room(uow, actor, data, now=now())
            return asset_service.save_room(uow, actor, data, room_id=room.id,
                                           expected_version=room.version, now=now())

        self.desk.run(work, self._saved, self._failed)

    def _saved(self, room: RoomDTO) -> None:
        self.ok_button.setEnabled(True)
        self.room = room
        self.saved.emit(room)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            fit_height(self)
            first = next((w for k, w in self.field_widgets.items() if k in exc.errors), None)
            if first is not None:
                first.setFocus()
        elif isinstance(exc, ConflictError):
            self.general.show_message(exc.message)
        else:
            report_error(self, exc)


# --------------------------------------------------------------------------- the stock-take


class StockAssetModel(ReadOnlyTableModel[AssetDTO]):
    """Assets of a stock-take's list: code, register, name (and the room they are placed in)."""

    def __init__(self, with_room: bool = False, parent: QObject | None = None) -> None:
        headers = [self.tr("Kode"), self.tr("Reg."), self.tr("Nama barang"), self.tr("Kondisi")]
        if with_room:
            headers.append(self.tr("Tercatat di"))
        super().__init__(headers, parent)
        self.with_room = with_room

    def set_assets(self, assets: Sequence[AssetDTO]) -> None:
        self.beginResetModel()
        self._rows = list(assets)
        self.endResetModel()

    def assets(self) -> list[AssetDTO]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        asset = self.row_at(index.row()) if index.isValid() else None
        if asset is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = [asset.code, asset.register_text, asset.name, condition_label(asset.condition)]
        if self.with_room:
            values.append(asset.room_label or self.tr("(belum ditempatkan)"))
        return values[index.column()]


def _stock_table(parent: QWidget, model: StockAssetModel, name: str) -> Any:
    table = register_view(parent, model, name)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    return table


class StockTakeDialog(QDialog):
    """Stock opname of one room. Scanned labels (the scanner anywhere in the window) and what is
    typed in the box (a label's text, or "kode register") mark assets seen; the lists follow.
    The room's unfinished stock-take, if there is one, goes on (``resumed``); else a new one
    starts. ``resume`` opens a given stock-take instead."""

    finished_take = Signal(object)  # StockTakeDTO when finished

    def __init__(self, desk: AssetDesk, room: RoomDTO, *, resume: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockTakeDialog")
        self.desk = desk
        self.room = room
        self.take: StockTakeDTO | None = None
        self.resumed = False  # an unfinished stock-take of the room was taken up again
        self._busy = False
        self.setWindowTitle(self.tr("Stock opname — {room}").format(room=room.label))
        self.resize(980, 640)

        intro = hint_label(self.tr(
            "Pindai label setiap barang di ruangan ini dengan pemindai, atau ketik kode dan nomor "
            "register lalu Enter (mis. 1.3.2.05.02.01.003 7). Daftar di bawah ikut berubah."), self)
        self.started = QLabel(self)
        self.started.setObjectName("stockTakeStarted")
        self.started.setWordWrap(True)
        self.started.setStyleSheet(HINT_STYLE)
        self.entry = QLineEdit(self)
        self.entry.setObjectName("stockTakeEntry")
        self.entry.setMaxLength(80)
        self.entry.setPlaceholderText(self.tr("pindai label, atau ketik kode dan register"))
        self.entry.returnPressed.connect(self._entered)
        entry_label = QLabel(self.tr("&Label:"), self)
        entry_label.setBuddy(self.entry)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("stockTakeFeedback")
        self.feedback.setWordWrap(True)
        self.counts = QLabel(self)
        self.counts.setObjectName("stockTakeCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)

        self.seen_model = StockAssetModel(parent=self)
        self.missing_model = StockAssetModel(parent=self)
        self.elsewhere_model = StockAssetModel(with_room=True, parent=self)
        self.seen_box = QGroupBox(self)
        self.missing_box = QGroupBox(self)
        self.elsewhere_box = QGroupBox(self)
        self.seen_table = _stock_table(self.seen_box, self.seen_model, "seenTable")
        self.missing_table = _stock_table(self.missing_box, self.missing_model, "missingTable")
        self.elsewhere_table = _stock_table(self.elsewhere_box, self.elsewhere_model,
                                            "elsewhereTable")
        for box, table in ((self.seen_box, self.seen_table), (self.missing_box, self.missing_table),
                           (self.elsewhere_box, self.elsewhere_table)):
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(6, 6, 6, 6)
            box_layout.addWidget(table)

        self.finish_button = QPushButton(self.tr("&Selesai (Ctrl+Enter)"), self)
        self.finish_button.setObjectName("finishStockTake")
        self.finish_button.setAutoDefault(False)
        self.finish_button.clicked.connect(self.finish)
        self.close_button = QPushButton(self.tr("Tutup (Esc)"), self)
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("stockTakeResult")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(INFO_STYLE)
        self.result_label.hide()

        entry_row = QHBoxLayout()
        entry_row.addWidget(entry_label)
        entry_row.addWidget(self.entry, 1)
        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.missing_box, 3)
        left.addWidget(self.elsewhere_box, 2)
        lists.addLayout(left, 1)
        lists.addWidget(self.seen_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.started)
        layout.addLayout(entry_row)
        layout.addWidget(self.feedback)
        layout.addLayout(lists, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        for first, second in pairwise((self.entry, self.missing_table, self.elsewhere_table,
                                       self.seen_table, self.finish_button, self.close_button)):
            self.setTabOrder(first, second)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.finish)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.finish)
        self.finished.connect(lambda _r: self._release_scanner())
        self.entry.setEnabled(False)
        self.finish_button.setEnabled(False)
        self._show_lists()
        self.entry.setFocus()
        self._begin(resume)

    # ---- starting

    def _begin(self, resume: int | None) -> None:
        room_id = self.room.id
        now = self.desk.clock
        actor, factory = self.desk.actor, self.desk.ctx.uow_factory
        if actor is None:
            return
        if resume is not None:
            def work() -> tuple[StockTakeDTO, bool]:
                return asset_service.stock_take(factory(), actor, resume), True
        else:
            def work() -> tuple[StockTakeDTO, bool]:
                # Two use cases, each its own unit of work: the room's open one, else a new one.
                going = asset_service.open_stock_take(factory(), actor, room_id)
                if going is not None:
                    return going, True
                return asset_service.start_stock_take(factory(), actor, room_id, now=now()), False

        self.desk.runner.run_db(work, self._started, self._failed)

    def _started(self, result: tuple[StockTakeDTO, bool]) -> None:
        take, resumed = result
        self.resumed = resumed and take.finished_at is None
        self.show_take(take)
        if take.finished_at is None:
            self.desk.scan_target = self.mark
            self.entry.setEnabled(True)
            self.finish_button.setEnabled(True)
            self.entry.setFocus()
        when = format_datetime(self.desk.local(take.started_at))
        who = take.started_by or "—"
        if self.resumed:
            found = len(take.seen)
            self.started.setStyleSheet(INFO_STYLE)
            self.started.setText(self.tr(
                "Melanjutkan stock opname yang dimulai {when} oleh {who}: {n} barang sudah "
                "dipindai. Stock opname ini belum selesai; tekan Ctrl+Enter bila sudah.").format(
                when=when, who=who, n=format_number(found)))
            self.desk.say(self.tr("Stock opname {room} dilanjutkan.").format(room=self.room.label))
        else:
            self.started.setStyleSheet(HINT_STYLE)
            self.started.setText(self.tr("Dimulai {when} oleh {who}.").format(when=when, who=who))

    def _release_scanner(self) -> None:
        if self.desk.scan_target == self.mark:
            self.desk.scan_target = None

    # ---- marking

    def _entered(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        if text.strip():
            self.mark(text)

    def mark(self, text: str) -> None:
        """A scanned or typed label: the asset marked seen (or why not)."""
        take = self.take
        if take is None or take.finished_at is not None:
            return
        label = typed_label(text)
        if label is None:
            self._feedback(self.tr("“{text}” bukan label barang milik daerah.").format(text=text.strip()),
                           error=True)
            return
        before = set(take.seen)
        take_id, now = take.id, self.desk.clock

        def done(result: tuple[StockTakeDTO, AssetDTO]) -> None:
            latest, asset = result
            self.show_take(latest)
            tag = f"{asset.code} reg. {asset.register_text} — {asset.name}"
            if asset.id in before:
                self._feedback(self.tr("Sudah dipindai: {tag}").format(tag=tag), note=True)
            elif any(a.id == asset.id for a in latest.seen_elsewhere):
                self._feedback(self.tr("Ditemukan di sini, tetapi tercatat di {room}: {tag}").format(
                    room=asset.room_label or self.tr("(belum ditempatkan)"), tag=tag), note=True)
            else:
                self._feedback(self.tr("✓ Ditemukan: {tag}").format(tag=tag))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self._feedback(" ".join(exc.errors.values()) or exc.message, error=True)
            else:
                report_error(self, exc)

        self.desk.run(lambda uow, actor: asset_service.mark_seen(uow, actor, take_id, label, now=now()),
                      done, failed)

    def _feedback(self, text: str, *, error: bool = False, note: bool = False) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE if note else
                                    DONE_STYLE + " font-weight: bold;")

    # ---- the lists

    def show_take(self, take: StockTakeDTO) -> None:
        self.take = take
        seen = set(take.seen)
        order = {asset_id: i for i, asset_id in enumerate(take.seen)}
        found_here = sorted((a for a in take.expected if a.id in seen), key=lambda a: order[a.id])
        self.seen_model.set_assets(found_here)
        self.missing_model.set_assets(take.missing)
        self.elsewhere_model.set_assets(take.seen_elsewhere)
        self._show_lists()

    def _show_lists(self) -> None:
        seen, missing, elsewhere = (self.seen_model.rowCount(), self.missing_model.rowCount(),
                                    self.elsewhere_model.rowCount())
        expected = seen + missing
        self.seen_box.setTitle(self.tr("Ditemukan ({n})").format(n=format_number(seen)))
        self.missing_box.setTitle(self.tr("Belum ditemukan ({n})").format(n=format_number(missing)))
        self.elsewhere_box.setTitle(self.tr("Ditemukan di sini, tercatat di ruangan lain ({n})").format(
            n=format_number(elsewhere)))
        self.counts.setText(self.tr("<b>{seen}</b> dari {expected} barang ruangan ini ditemukan").format(
            seen=format_number(seen), expected=format_number(expected)))

    # ---- finishing

    def finish(self) -> None:
        take = self.take
        if take is None or take.finished_at is not None or self._busy:
            return
        self._busy = True
        take_id, now = take.id, self.desk.clock

        def done(latest: StockTakeDTO) -> None:
            self._busy = False
            self.show_take(latest)
            self._release_scanner()
            self.entry.setEnabled(False)
            self.finish_button.setEnabled(False)
            missing = len(latest.missing)
            text = self.tr("Stock opname selesai: {seen} ditemukan, {missing} tidak ditemukan, "
                           "{elsewhere} tercatat di ruangan lain.").format(
                seen=len(latest.expected) - missing, missing=missing,
                elsewhere=len(latest.seen_elsewhere))
            if missing:
                text += " " + self.tr("Periksa barang yang tidak ditemukan; bila memang hilang atau "
                                      "rusak, catat mutasinya.")
            self.result_label.setText(text)
            self.result_label.show()
            self.close_button.setFocus()
            self.finished_take.emit(latest)
            self.desk.say(text)

        def failed(exc: BaseException) -> None:
            self._busy = False
            report_error(self, exc)

        self.desk.run(lambda uow, actor: asset_service.finish_stock_take(uow, actor, take_id,
                                                                         now=now()), done, failed)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc)
        self.reject()


# --------------------------------------------------------------------------- the pane


class RoomsPane(QWidget):
    """Ruangan & KIR."""

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomsPane")
        self.desk = desk
        self.printer = printer
        self.dialog: QDialog | None = None

        self.model = RoomModel(self)
        self.table = register_view(self, self.model, "roomTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RoomModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.edit_room())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.show_inactive = QCheckBox(self.tr("Tampilkan ruangan non&aktif"), self)
        self.show_inactive.setObjectName("showInactiveRooms")
        self.show_inactive.toggled.connect(lambda _on: self.show_rooms())

        self.add_button = QPushButton(self.tr("&Tambah ruangan…"), self)
        self.add_button.setObjectName("addRoom")
        self.add_button.setToolTip(self.tr("Tambah ruangan (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_room)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editRoom")
        self.edit_button.setToolTip(self.tr("Ubah ruangan terpilih (F2, atau Enter pada baris)"))
        self.edit_button.clicked.connect(self.edit_room)
        self.kir_button = QPushButton(self.tr("Cetak K&IR…"), self)
        self.kir_button.setObjectName("printKir")
        self.kir_button.setToolTip(self.tr("Kartu Inventaris Ruangan terpilih sebagai PDF "
                                           "(Ctrl+Shift+P)"))
        self.kir_button.clicked.connect(self.print_kir)
        self.kir_xlsx_button = QPushButton(self.tr("KIR ke &XLSX…"), self)
        self.kir_xlsx_button.setObjectName("saveKir")
        self.kir_xlsx_button.setToolTip(self.tr("Kartu Inventaris Ruangan sebagai lembar kerja Excel "
                                                "(Ctrl+S)"))
        self.kir_xlsx_button.clicked.connect(self.save_kir)
        self.take_button = QPushButton(self.tr("Stock &opname…"), self)
        self.take_button.setObjectName("stockTake")
        self.take_button.setToolTip(self.tr("Periksa barang di ruangan terpilih dengan memindai "
                                            "labelnya; stock opname yang belum selesai dilanjutkan "
                                            "(Ctrl+T)"))
        self.take_button.clicked.connect(self.stock_take)
        for button in (self.add_button, self.edit_button, self.kir_button, self.kir_xlsx_button,
                       self.take_button):
            button.setAutoDefault(False)
        self.status = QLabel(self)
        self.status.setObjectName("roomStatus")
        self.status.setStyleSheet(DONE_STYLE)
        legend = hint_label(self.tr(
            "<b>Ctrl+N</b> tambah · <b>F2</b>/<b>Enter</b> ubah · <b>Ctrl+Shift+P</b> cetak KIR · "
            "<b>Ctrl+S</b> KIR ke XLSX · <b>Ctrl+T</b> stock opname"), self)

        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        for button in (self.kir_button, self.kir_xlsx_button, self.take_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Ruangan tempat barang berada. Kartu Inventaris Ruangan (KIR) mencantumkan barang aktif "
            "di ruangan itu; stock opname memeriksanya dengan memindai label."), self))
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(legend)
        for first, second in pairwise((self.add_button, self.edit_button, self.kir_button,
                                       self.kir_xlsx_button, self.take_button, self.show_inactive,
                                       self.table)):
            self.setTabOrder(first, second)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_room)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_room)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.print_kir)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_kir)
        QShortcut(QKeySequence("Ctrl+T"), self, self.stock_take)
        desk.reference_loaded.connect(self.show_rooms)
        printer.busy_changed.connect(lambda _b: self._update_buttons())
        self.show_rooms()

    def refresh(self) -> None:
        self.desk.load_reference()

    def show_rooms(self) -> None:
        chosen = self.current_room()
        rooms = self.desk.rooms if self.show_inactive.isChecked() else self.desk.active_rooms()
        self.model.set_rooms(rooms)
        row = self.model.row_of(chosen.id) if chosen is not None else -1
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        if not rooms:
            self.status.setStyleSheet(HINT_STYLE)
            self.status.setText(self.tr("Belum ada ruangan.") + (
                " " + self.tr("Tekan Ctrl+N untuk menambah.") if self.desk.may_write() else ""))
        else:
            self.status.setStyleSheet(HINT_STYLE)
            self.status.setText(self.tr("{n} ruangan").format(n=len(rooms)))
        self._update_buttons()

    def current_room(self) -> RoomDTO | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_room(self, room_id: int) -> bool:
        row = self.model.row_of(room_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        return row >= 0

    def _update_buttons(self) -> None:
        room = self.current_room()
        write = self.desk.may_write()
        self.add_button.setEnabled(write)
        self.edit_button.setEnabled(write and room is not None)
        self.kir_button.setEnabled(room is not None and not self.printer.busy)
        self.kir_xlsx_button.setEnabled(room is not None and not self.printer.busy)
        self.take_button.setEnabled(write and room is not None and room.active)

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.table.setFocus())
        dialog.open()
        return dialog

    def add_room(self) -> RoomDialog | None:
        if not self.add_button.isEnabled():
            return None
        dialog = RoomDialog(self.desk, parent=self)
        dialog.saved.connect(self._saved)
        self._open(dialog)
        return dialog

    def edit_room(self) -> RoomDialog | None:
        room = self.current_room()
        if room is None or not self.edit_button.isEnabled():
            return None
        dialog = RoomDialog(self.desk, room, parent=self)
        dialog.saved.connect(self._saved)
        self._open(dialog)
        return dialog

    def _saved(self, room: RoomDTO) -> None:
        self.desk.rooms_saved.emit(room)
        self.desk.say(self.tr("Ruangan {room} disimpan.").format(room=room.label))

        def reselect() -> None:
            self.select_room(room.id)

        self.desk.load_reference(reselect)

    def _spec(self) -> ReportSpec | None:
        room = self.current_room()
        return ReportSpec(KIR, room_id=room.id) if room is not None else None

    def print_kir(self) -> None:
        spec = self._spec()
        if spec is not None and self.kir_button.isEnabled():
            self.printer.print_report(spec)

    def save_kir(self) -> None:
        spec = self._spec()
        if spec is not None and self.kir_xlsx_button.isEnabled():
            self.printer.export_report(spec)

    def stock_take(self) -> StockTakeDialog | None:
        room = self.current_room()
        if room is None or not self.take_button.isEnabled():
            return None
        dialog = StockTakeDialog(self.desk, room, parent=self)  # the room's open one goes on
        self._open(dialog)
        return dialog

