"""Barang Milik Daerah as the pengurus barang works it, by keyboard: three chairs registered at
once (consecutive register numbers, selected in the register), a refusal beside its field, the
KIB's own fields following the code, a move that shows in the asset's history, a scanned label
opening its asset, a stock-take of a room by scanning (and one taken up again after the dialog
closed), the photos of an asset, the labels of the selected rows as a PDF, the depreciation as of
a date, a KIB printed and exported, the code tree exported and imported, and the pimpinan who
only reads.

The page gets a fixed clock (Friday 20 November 2026, 09.00 WIB); the assets made behind its back
go through the services with the same clock. The scanner tests type a label as fast as a scanner
does (5 ms a key). Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select

from dinsos_desktop.adapters.db.models import StockTakeRow
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.assets import AssetFields, Kib, MutationKind
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.agenda_admin import ImportPreviewDialog
from dinsos_desktop.gui.asset_dialogs import AssetDialog, HistoryDialog, MutationDialog, PhotoDialog
from dinsos_desktop.gui.asset_reports import ReportDialog
from dinsos_desktop.gui.asset_rooms import StockTakeDialog
from dinsos_desktop.gui.asset_settings import CodeDialog
from dinsos_desktop.gui.assets_page import AssetModel, AssetsPage
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.main_window import MainWindow
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services import users
from dinsos_desktop.services.asset_dto import AssetDTO, AssetFilter, RoomDTO, RoomInput
from dinsos_desktop.services.dto import Actor

# The code's completion popup is a popup window: the offscreen platform says it can neither raise
# it nor give it the keyboard (it works all the same).
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$")]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)  # a Friday
CHAIR = "1.3.2.05.02.01.003"  # Kursi Besi/Metal (KIB B)
CABINET = "1.3.2.05.01.04.001"  # Lemari Besi/Metal (KIB B)
PC = "1.3.2.10.01.02.001"  # PC Unit (KIB B, four years)
LAND = "1.3.1.01.01.04.001"  # Tanah Bangunan Kantor Pemerintah (KIB A)
OFFICE_BUILDING = "1.3.3.01.01.01.001"  # Bangunan Gedung Kantor Permanen (KIB C)

Fresh = Callable[[], SqlAlchemyUnitOfWork]


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


def clock() -> dt.datetime:
    return NOW.astimezone(dt.UTC)


class FakeClock:
    """Milliseconds that advance by ``step`` at each key: a scanner (5 ms)."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def fresh(engine: Any) -> Fresh:
    """Another workstation on the same database."""
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-other")


@pytest.fixture
def barang(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "barang", "Siti Pengurus Barang", [Role.PENGURUS_BARANG],
                      "Rahasia-barang-1")
    return users.login(uow, "barang", "Rahasia-barang-1")


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "kadis", "Bapak Kepala", [Role.PIMPINAN], "Rahasia-kadis-1")
    return users.login(uow, "kadis", "Rahasia-kadis-1")


@pytest.fixture
def rooms(fresh: Fresh, barang: Actor) -> tuple[RoomDTO, RoomDTO]:
    head = asset_service.save_room(fresh(), barang, RoomInput("Kantor Dinas Sosial",
                                                              "Ruang Kepala Dinas", "R.01",
                                                              "Budi Santoso"), now=NOW)
    meeting = asset_service.save_room(fresh(), barang, RoomInput("Kantor Dinas Sosial", "Ruang Rapat",
                                                                 "R.02", "Sri Wahyuni"), now=NOW)
    return head, meeting


def register(fresh: Fresh, actor: Actor, code: str, name: str, value: int, quantity: int = 1, *,
             day: dt.date = dt.date(2024, 3, 5), **fields: Any) -> tuple[AssetDTO, ...]:
    return asset_service.register_assets(
        fresh(), actor, AssetFields(code, name, day, value, **fields), quantity, now=NOW, local=local)


def make_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, actor: Actor) -> AssetsPage:
    ctx.actor = actor
    page = AssetsPage(ctx, runner, clock=clock, local=local, scan_clock=FakeClock(5))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.refresh()
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    return page


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, barang: Actor) -> AssetsPage:
    return make_page(qtbot, ctx, runner, barang)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          ) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def wait_focus(qtbot: QtBot, widget: QWidget) -> None:
    """The offscreen platform has no window manager to activate a window again after a dialog
    closes; the focus inside the window is the page's own doing."""
    if QApplication.activeWindow() is None:
        widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def scan(qtbot: QtBot, text: str) -> None:
    """A scanner: the label's text, fast, then Enter, into whatever has the focus."""
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def visible_dialog(qtbot: QtBot, page: QWidget, kind: type) -> Any:
    def shown() -> list[QWidget]:
        return [d for d in page.findChildren(kind) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) > 0, timeout=3000)
    assert len(shown()) == 1
    dialog = shown()[0]
    qtbot.waitUntil(lambda: focused().window() is dialog, timeout=3000)
    return dialog


def wait_loaded(qtbot: QtBot, page: AssetsPage) -> AssetModel:
    register_pane = page.register
    qtbot.waitUntil(lambda: not register_pane.model.loading and not register_pane._timer.isActive(),
                    timeout=3000)
    return register_pane.model


def column(page: AssetsPage, col: int) -> list[str]:
    model = page.register.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def error_text(dialog: Any, key: str) -> str:
    label = dialog.field_errors[key]
    return label.text() if label.isVisible() else ""


def pick_code(qtbot: QtBot, dialog: AssetDialog, code: str) -> None:
    """Type a code into the form's code box and wait for the database to know it."""
    dialog.code.edit.setFocus()
    dialog.code.edit.selectAll()
    type_text(qtbot, code)
    qtbot.waitUntil(lambda: dialog.code.chosen is not None and dialog.code.chosen.code == code,
                    timeout=3000)
    dialog.code.completer.popup().hide()


def selected_registers(page: AssetsPage) -> list[str]:
    return [a.register_text for a in page.register.selected_assets()]


# --------------------------------------------------------------------------- registering


def test_three_chairs_registered_by_keyboard(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                             barang: Actor, rooms: tuple[RoomDTO, RoomDTO],
                                             qtmodeltester: Any) -> None:
    register(fresh, barang, CABINET, "Lemari arsip besi", 3_250_000)
    page.refresh()
    model = wait_loaded(qtbot, page)
    qtmodeltester.check(model)
    assert column(page, AssetModel.CODE) == [CABINET]
    assert page.register.placeholder.isHidden()

    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, AssetDialog)
    assert dialog.windowTitle() == "Tambah barang"
    assert focused() is dialog.code.edit
    # The code found by its name: "kursi besi" offers Kursi Besi/Metal.
    type_text(qtbot, "kursi besi")
    popup = dialog.code.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert dialog.code.choices.codes[0].code == CHAIR
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.code.code() == CHAIR and dialog.code.kib() is Kib.B
    assert "Kursi Besi/Metal" in dialog.code.info.text()
    assert dialog.name.text() == "Kursi Besi/Metal"  # a start, made precise next
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.name
    dialog.name.selectAll()
    type_text(qtbot, "Kursi rapat lipat")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.acquired_on
    dialog.acquired_on.setDate(dialog.acquired_on.date().addDays(-10))  # 10-11-2026
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.year_only
    press(qtbot, Qt.Key.Key_Tab)  # the year alone is off while the date is known: skipped
    assert focused() is dialog.value
    type_text(qtbot, "450000")
    assert dialog.value.text() == "450.000"  # the thousands separated as typed
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.origin
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.room
    meeting = rooms[1]
    dialog.room.setCurrentIndex(dialog.room.findData(meeting.id))
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Sri Wahyuni")
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.quantity
    dialog.quantity.selectAll()
    type_text(qtbot, "3")
    # The chair's own fields (KIB B) are on the form: its brand.
    assert dialog.details["brand_type"].isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.details["brand_type"]
    type_text(qtbot, "Chitose")
    press(qtbot, Qt.Key.Key_Return)

    # The numbers given, big; Enter closes.
    qtbot.waitUntil(lambda: dialog.result_panel.isVisible(), timeout=3000)
    assert dialog.result_numbers.text() == f"{CHAIR} reg. 0001–0003"
    assert dialog.result_title.text() == "3 barang dicatat di KIB B — Peralatan dan Mesin:"
    assert focused() is dialog.close_button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    # The register shows them, selected, in the register's order.
    wait_loaded(qtbot, page)
    qtmodeltester.check(model)
    assert column(page, AssetModel.CODE) == [CABINET, CHAIR, CHAIR, CHAIR]
    assert column(page, AssetModel.REGISTER) == ["0001", "0001", "0002", "0003"]
    assert column(page, AssetModel.VALUE)[1:] == ["450.000"] * 3
    assert column(page, AssetModel.DETAIL)[1:] == ["Chitose"] * 3
    assert column(page, AssetModel.ROOM)[1:] == ["R.02 · Ruang Rapat"] * 3
    assert selected_registers(page) == ["0001", "0002", "0003"]
    assert page.register.current_asset() is not None
    assert "Kursi rapat lipat" in page.register.detail.text()
    assert "3 barang dicatat" in page.register.status.text()

    stored = asset_service.register_listing(fresh(), barang, AssetFilter(code_prefix=CHAIR))
    assert [(a.register, a.fields.acquired_on, a.fields.value, a.fields.room_id,
             a.fields.responsible, a.fields.brand_type) for a in stored] == [
        (n, dt.date(2026, 11, 10), 450_000, meeting.id, "Sri Wahyuni", "Chitose") for n in (1, 2, 3)]


def test_a_refusal_shows_beside_its_field(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                          barang: Actor) -> None:
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, AssetDialog)
    # Enter on the empty form: the services' refusal beside the code, nothing registered.
    press(qtbot, Qt.Key.Key_Return)
    assert "Kode barang" in error_text(dialog, "code")
    assert dialog.isVisible() and not dialog.result_assets

    pick_code(qtbot, dialog, CHAIR)
    dialog.name.clear()
    dialog.value.setFocus()
    type_text(qtbot, "12,5")  # not whole rupiah: refused here, before the database
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(dialog, "value") == "Tulis nilai dalam rupiah utuh, mis. 12.000.000."
    assert error_text(dialog, "code") == ""
    assert focused() is dialog.value

    dialog.value.clear()
    type_text(qtbot, "450000")
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(dialog, "value") == ""
    assert error_text(dialog, "name") == "Nama barang wajib diisi."
    assert focused() is dialog.name  # the first field with a message
    assert asset_service.register_listing(fresh(), barang, AssetFilter(status="")) == []

    type_text(qtbot, "Kursi rapat")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_panel.isVisible(), timeout=3000)
    assert error_text(dialog, "name") == ""
    assert dialog.result_numbers.text() == f"{CHAIR} reg. 0001"


def test_the_kib_fields_follow_the_code(qtbot: QtBot, page: AssetsPage) -> None:
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, AssetDialog)

    def shown() -> set[str]:
        return {name for name, (_label, widget, _e) in dialog.detail_rows.items() if widget.isVisible()}

    assert shown() == set() and dialog.no_kib.isVisible()
    pick_code(qtbot, dialog, PC)
    assert dialog.detail_box.title() == "Rincian KIB B — Peralatan dan Mesin"
    assert shown() == {"brand_type", "size_cc", "material", "factory_no", "chassis_no", "engine_no",
                       "plate_no", "bpkb_no"}
    assert "masa manfaat 4 tahun" in dialog.code.info.text()

    # Typing a land code: its KIB is known from the number at once.
    dialog.code.edit.selectAll()
    type_text(qtbot, LAND)
    assert dialog.code.kib() is Kib.A
    assert dialog.detail_box.title() == "Rincian KIB A — Tanah"
    assert shown() == {"address", "area_m2", "land_right", "certificate_date", "certificate_no",
                       "land_use"}
    assert not dialog.no_kib.isVisible()

    pick_code(qtbot, dialog, OFFICE_BUILDING)
    assert shown() == {"address", "multi_storey", "concrete", "floor_area_m2", "document_date",
                       "document_no", "land_area_m2", "land_status", "land_code"}

    # The building saved with its own fields (the land's typed earlier are not on the form).
    dialog.name.setText("Gedung kantor Dinas Sosial")
    dialog.value.setText("2.500.000.000")
    dialog.details["multi_storey"].setChecked(True)
    dialog.details["floor_area_m2"].setText("1.250,5")
    dialog.details["document_date"].setText("17-08-2010")
    dialog.details["document_no"].setText("IMB 640/12/2010")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result_panel.isVisible(), timeout=3000)
    (building,) = dialog.result_assets
    assert building.kib is Kib.C
    assert (building.fields.multi_storey, building.fields.floor_area_m2,
            building.fields.document_date, building.fields.document_no) == (
        True, Decimal("1250.5"), dt.date(2010, 8, 17), "IMB 640/12/2010")


# --------------------------------------------------------------------------- mutations


def test_a_move_shows_in_the_history(qtbot: QtBot, page: AssetsPage, fresh: Fresh, barang: Actor,
                                     rooms: tuple[RoomDTO, RoomDTO]) -> None:
    head, meeting = rooms
    (cabinet,) = register(fresh, barang, CABINET, "Lemari arsip besi", 3_250_000, room_id=head.id,
                          responsible="Budi Santoso")
    page.refresh()
    wait_loaded(qtbot, page)
    assert page.register.select_asset(cabinet.id)
    page.register.table.setFocus()

    press(qtbot, Qt.Key.Key_M, CTRL)
    dialog = visible_dialog(qtbot, page, MutationDialog)
    assert dialog.current_kind() is MutationKind.MOVED
    assert dialog.room.currentData() == head.id
    assert not dialog.decree_no.isVisible()
    # Enter with nothing changed: refused beside the room.
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(dialog, "room_id") == "Ruangan dan penanggung jawab tidak berubah."
    dialog.room.setCurrentIndex(dialog.room.findData(meeting.id))
    dialog.responsible.setFocus()
    dialog.responsible.selectAll()
    type_text(qtbot, "Sri Wahyuni")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason
    type_text(qtbot, "Dipakai untuk arsip rapat")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    assert page.register.current_asset() is not None
    assert page.register.current_asset().fields.room_id == meeting.id  # type: ignore[union-attr]
    assert column(page, AssetModel.ROOM) == ["R.02 · Ruang Rapat"]
    assert "disimpan" in page.register.status.text()

    wait_focus(qtbot, page.register.table)
    press(qtbot, Qt.Key.Key_H, CTRL)
    history = visible_dialog(qtbot, page, HistoryDialog)
    acquired, moved = history.summaries()
    assert acquired.startswith("Perolehan")
    assert moved.startswith("Pindah dari Kantor Dinas Sosial — Ruang Kepala Dinas ke Kantor Dinas "
                            "Sosial — Ruang Rapat")
    assert "Sri Wahyuni" in moved
    assert history.model.index(1, 1).data() == "Pindah ruangan / penanggung jawab"
    assert history.model.index(1, 3).data() == "Dipakai untuk arsip rapat"
    assert history.model.index(1, 0).data() == "20-11-2026"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not history.isVisible(), timeout=3000)
    wait_focus(qtbot, page.register.table)

    # A disposal with its SK: the row greys out and cannot be changed any more.
    page.register.mutate_selected(MutationKind.DISPOSED)
    disposal = visible_dialog(qtbot, page, MutationDialog)
    assert disposal.decree_no.isVisible() and not disposal.room.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(disposal, "decree_no") == "Nomor SK penghapusan wajib diisi."
    disposal.decree_no.setFocus()
    type_text(qtbot, "032/15/423.105/2026")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not disposal.isVisible(), timeout=3000)
    wait_loaded(qtbot, page)
    assert page.register.model.rowCount() == 0  # the status filter shows the active ones
    assert asset_service.get_asset(fresh(), barang, cabinet.id).disposed


def test_an_edit_corrects_the_data_and_keeps_the_number(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                                        barang: Actor,
                                                        rooms: tuple[RoomDTO, RoomDTO]) -> None:
    (pc,) = register(fresh, barang, PC, "PC Unit", 12_000_000, room_id=rooms[0].id,
                     brand_type="Lenovo")
    page.refresh()
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    dialog = visible_dialog(qtbot, page, AssetDialog)
    assert dialog.windowTitle() == f"Ubah barang {PC} reg. 0001"
    assert focused() is dialog.name and dialog.name.text() == "PC Unit"
    assert dialog.code.edit.isReadOnly() and not dialog.room.isEnabled()
    assert not dialog.quantity.isVisible() and dialog.moved_note.isVisible()
    assert dialog.value.text() == "12.000.000"
    assert dialog.details["brand_type"].text() == "Lenovo"
    dialog.name.selectAll()
    type_text(qtbot, "PC Unit ruang pelayanan")
    dialog.details["brand_type"].setText("Lenovo ThinkCentre M70")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert column(page, AssetModel.NAME) == ["PC Unit ruang pelayanan"]
    assert column(page, AssetModel.REGISTER) == ["0001"]
    assert column(page, AssetModel.DETAIL) == ["Lenovo ThinkCentre M70"]
    stored = asset_service.get_asset(fresh(), barang, pc.id)
    assert (stored.name, stored.fields.room_id, stored.version) == ("PC Unit ruang pelayanan",
                                                                     rooms[0].id, pc.version + 1)
    assert [m.kind for m in asset_service.history(fresh(), barang, pc.id)] == [
        MutationKind.ACQUIRED, MutationKind.EDITED]


# --------------------------------------------------------------------------- the scanner


def test_a_scanned_label_opens_its_asset(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                         barang: Actor) -> None:
    chairs = register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000, 3)
    (land,) = register(fresh, barang, LAND, "Tanah kantor", 1_250_000_000, address="Jl. Wahidin 85A")
    page.refresh()
    wait_loaded(qtbot, page)
    assert page.register.current_asset() is not None
    assert page.register.current_asset().id == land.id  # type: ignore[union-attr]

    # Scanned anywhere on the page (here: into the search box), the label selects its chair and
    # its text does not stay in the box.
    page.register.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.register.search)
    scan(qtbot, chairs[1].label_text)
    assert page.register.search.text() == ""
    assert page.register.current_asset() is not None
    assert page.register.current_asset().id == chairs[1].id  # type: ignore[union-attr]
    assert selected_registers(page) == ["0002"]
    assert "reg. 0002" in page.register.status.text()

    # Hidden by the filters (KIB A shown): they open up and the chair is selected.
    page.register.set_kib(Kib.A)
    wait_loaded(qtbot, page)
    assert column(page, AssetModel.CODE) == [LAND]
    page.register.table.setFocus()
    scan(qtbot, chairs[2].label_text)
    wait_loaded(qtbot, page)
    assert page.register.kib_tabs.currentIndex() == 0
    assert page.register.code.text() == CHAIR
    assert selected_registers(page) == ["0003"]

    # A label of nothing registered says so; typing the code and register finds it too.
    scan(qtbot, f"BMD|{CHAIR}|0099")
    assert page.register.status.text() == f"Barang dengan label BMD|{CHAIR}|0099 tidak ada di daftar."
    page.register.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.register.search)
    page.register.search.setText(f"{CHAIR} 1")
    press(qtbot, Qt.Key.Key_Return)
    assert selected_registers(page) == ["0001"]


def test_a_stock_take_by_scanning(qtbot: QtBot, page: AssetsPage, fresh: Fresh, barang: Actor,
                                  rooms: tuple[RoomDTO, RoomDTO]) -> None:
    head, meeting = rooms
    chairs = register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000, 4, room_id=meeting.id)
    (cabinet,) = register(fresh, barang, CABINET, "Lemari arsip besi", 3_250_000, room_id=head.id)
    page.tabs.setCurrentWidget(page.rooms)
    qtbot.waitUntil(lambda: page.rooms.model.rowCount() == 2, timeout=3000)
    assert page.rooms.select_room(meeting.id)
    page.rooms.table.setFocus()

    press(qtbot, Qt.Key.Key_T, CTRL)
    dialog = visible_dialog(qtbot, page, StockTakeDialog)
    assert focused() is dialog.entry
    assert dialog.missing_model.rowCount() == 4 and dialog.seen_model.rowCount() == 0

    # A scan (fast keys, Enter) marks the chair seen.
    scan(qtbot, chairs[0].label_text)
    assert [a.id for a in dialog.seen_model.assets()] == [chairs[0].id]
    assert [a.register_text for a in dialog.missing_model.assets()] == ["0002", "0003", "0004"]
    assert dialog.feedback.text() == f"✓ Ditemukan: {CHAIR} reg. 0001 — Kursi rapat lipat"
    assert dialog.entry.text() == ""
    # Typed by hand: the code and the register, then Enter.
    type_text(qtbot, f"{CHAIR} 3")
    press(qtbot, Qt.Key.Key_Return)
    assert [a.register_text for a in dialog.seen_model.assets()] == ["0001", "0003"]
    # The scanner works wherever the focus is (here: the list of missing assets).
    dialog.missing_table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.missing_table)
    scan(qtbot, chairs[1].label_text)
    assert [a.register_text for a in dialog.seen_model.assets()] == ["0001", "0003", "0002"]
    assert [a.register_text for a in dialog.missing_model.assets()] == ["0004"]
    dialog.entry.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.entry)
    # A cabinet of the head's room found here; a scan twice; something that is not a label.
    scan(qtbot, cabinet.label_text)
    assert [a.id for a in dialog.elsewhere_model.assets()] == [cabinet.id]
    assert dialog.feedback.text().startswith("Ditemukan di sini, tetapi tercatat di Kantor Dinas "
                                             "Sosial — Ruang Kepala Dinas")
    scan(qtbot, chairs[0].label_text)
    assert dialog.feedback.text().startswith("Sudah dipindai")
    type_text(qtbot, "kursi")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.feedback.text() == "“kursi” bukan label barang milik daerah."
    assert dialog.counts.text() == "<b>3</b> dari 4 barang ruangan ini ditemukan"
    assert dialog.missing_box.title() == "Belum ditemukan (1)"

    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(dialog.result_label.isVisible, timeout=3000)
    assert dialog.result_label.text().startswith("Stock opname selesai: 3 ditemukan, 1 tidak ditemukan, "
                                           "1 tercatat di ruangan lain.")
    assert not dialog.entry.isEnabled()
    take = dialog.take
    assert take is not None and take.finished_at is not None
    stored = asset_service.stock_take(fresh(), barang, take.id)
    assert [a.id for a in stored.missing] == [chairs[3].id]
    assert [a.id for a in stored.seen_elsewhere] == [cabinet.id]
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    # Closed: a scan opens the asset again.
    assert page.desk.scan_target is None


def test_an_unfinished_stock_take_goes_on(qtbot: QtBot, page: AssetsPage, fresh: Fresh, barang: Actor,
                                          rooms: tuple[RoomDTO, RoomDTO], engine: Engine) -> None:
    _head, meeting = rooms
    chairs = register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000, 3, room_id=meeting.id)
    page.tabs.setCurrentWidget(page.rooms)
    qtbot.waitUntil(lambda: page.rooms.model.rowCount() == 2, timeout=3000)
    assert page.rooms.select_room(meeting.id)
    page.rooms.table.setFocus()

    press(qtbot, Qt.Key.Key_T, CTRL)
    first = visible_dialog(qtbot, page, StockTakeDialog)
    assert not first.resumed and first.started.text().startswith("Dimulai ")
    scan(qtbot, chairs[1].label_text)
    assert [a.id for a in first.seen_model.assets()] == [chairs[1].id]
    started = first.take
    assert started is not None
    # Closed without finishing (Esc), then Ctrl+T on the same room again.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=3000)
    assert page.desk.scan_target is None
    wait_focus(qtbot, page.rooms.table)
    press(qtbot, Qt.Key.Key_T, CTRL)
    again = visible_dialog(qtbot, page, StockTakeDialog)
    assert again is not first and again.resumed
    assert again.take is not None and again.take.id == started.id
    assert again.started.text().startswith("Melanjutkan stock opname yang dimulai 20 November 2026 "
                                           "pukul 09.00 oleh Siti Pengurus Barang")
    assert [a.id for a in again.seen_model.assets()] == [chairs[1].id]  # still seen
    assert [a.register_text for a in again.missing_model.assets()] == ["0001", "0003"]
    assert again.counts.text() == "<b>1</b> dari 3 barang ruangan ini ditemukan"
    assert focused() is again.entry and page.desk.scan_target == again.mark
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(StockTakeRow)) == 1  # not a second

    # Going on where it stopped, then finished: the next Ctrl+T starts a new one.
    scan(qtbot, chairs[0].label_text)
    assert [a.register_text for a in again.seen_model.assets()] == ["0002", "0001"]
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(again.result_label.isVisible, timeout=3000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=3000)
    wait_focus(qtbot, page.rooms.table)
    press(qtbot, Qt.Key.Key_T, CTRL)
    third = visible_dialog(qtbot, page, StockTakeDialog)
    assert not third.resumed and third.take is not None and third.take.id != started.id
    assert third.seen_model.rowCount() == 0 and third.missing_model.rowCount() == 3


# --------------------------------------------------------------------------- photos


def png_file(path: Path, width: int = 64, height: int = 48) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    assert image.save(str(path), "PNG")
    return path


def answer_file_dialog(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> list[str]:
    """The open-file dialog answers with the next of ``paths``; the captions it was asked with."""
    asked: list[str] = []

    def get_open_file_name(_parent: Any, caption: str, *_args: Any) -> tuple[str, str]:
        asked.append(caption)
        return str(paths.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    return asked


def test_the_photos_of_an_asset(qtbot: QtBot, page: AssetsPage, fresh: Fresh, barang: Actor,
                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (chair,) = register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000)
    page.refresh()
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    assert page.register.photos_button.isEnabled()

    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, PhotoDialog)
    assert dialog.windowTitle() == f"Foto {CHAIR} reg. 0001"
    assert dialog.thumbs.count() == 0 and dialog.count.text() == "Belum ada foto"
    assert focused() is dialog.add_button and dialog.add_button.isEnabled()

    # A PNG chosen in the file dialog (Ctrl+N): stored, its thumbnail shown and selected, large.
    photo = png_file(tmp_path / "kursi depan.png", 64, 48)
    not_a_photo = tmp_path / "catatan.png"
    not_a_photo.write_text("ini catatan, bukan foto\n", encoding="utf-8")
    asked = answer_file_dialog(monkeypatch, [photo, not_a_photo])
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert asked == [f"Tambah foto {CHAIR} reg. 0001"]
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1 and len(dialog.images) == 1, timeout=3000)
    stored = asset_service.photos(fresh(), barang, chair.id)
    assert [(name, mime) for _id, name, mime in stored] == [("kursi depan.png", "image/png")]
    assert asset_service.photo(fresh(), barang, stored[0][0]) == photo.read_bytes()
    item = dialog.thumbs.item(0)
    assert item.text() == "kursi depan.png" and not item.icon().isNull()
    assert dialog.thumbs.currentRow() == 0 and focused() is dialog.thumbs
    assert dialog.images[stored[0][0]].size().toTuple() == (64, 48)
    view = dialog.view.pixmap()
    assert not view.isNull() and view.size().toTuple() == (64, 48)  # small: not blown up
    assert dialog.caption.text() == "1 dari 1: kursi depan.png"
    assert dialog.count.text() == "1 foto" and not dialog.error.isVisible()

    # A text file named .png: refused beside the button, by its bytes; nothing stored.
    dialog.add_button.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "catatan.png bukan foto JPEG atau PNG."
    assert dialog.thumbs.count() == 1 and len(asset_service.photos(fresh(), barang, chair.id)) == 1
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    # From the history: the same photos.
    wait_focus(qtbot, page.register.table)
    press(qtbot, Qt.Key.Key_H, CTRL)
    history = visible_dialog(qtbot, page, HistoryDialog)
    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    from_history = visible_dialog(qtbot, history, PhotoDialog)
    assert from_history.parent() is history
    qtbot.waitUntil(lambda: len(from_history.images) == 1, timeout=3000)
    assert from_history.thumbs.item(0).text() == "kursi depan.png"
    from_history.reject()
    history.reject()

    # And from the form that corrects the asset.
    wait_focus(qtbot, page.register.table)
    press(qtbot, Qt.Key.Key_F2)
    form = visible_dialog(qtbot, page, AssetDialog)
    assert form.photos_button.isVisible()
    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    from_form = visible_dialog(qtbot, form, PhotoDialog)
    assert from_form.thumbs.count() == 1


def test_the_pimpinan_looks_at_photos_but_adds_none(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                                    fresh: Fresh, barang: Actor, pimpinan: Actor,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (chair,) = register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000)
    photo = png_file(tmp_path / "kursi.png")
    asset_service.add_photo(fresh(), barang, chair.id, "kursi.png", "image/png", photo.read_bytes(),
                            now=NOW)
    asked = answer_file_dialog(monkeypatch, [photo])
    page = make_page(qtbot, ctx, runner, pimpinan)
    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, PhotoDialog)
    qtbot.waitUntil(lambda: len(dialog.images) == 1, timeout=3000)
    assert dialog.thumbs.item(0).text() == "kursi.png"
    assert not dialog.add_button.isEnabled()
    assert dialog.add_button.toolTip() == "Foto barang ditambahkan oleh pengurus barang."
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog.add_photo()
    assert asked == []  # no file dialog for them
    assert len(asset_service.photos(fresh(), barang, chair.id)) == 1


# --------------------------------------------------------------------------- printing


def test_the_labels_of_the_selected_rows(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                         barang: Actor) -> None:
    pytest.importorskip("dinsos_desktop.reports.labels")
    register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000, 5)
    page.refresh()
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    assert len(page.register.selected_assets()) == 5
    press(qtbot, Qt.Key.Key_L, CTRL)
    preview = visible_dialog(qtbot, page, PdfPreviewDialog)
    assert preview.pdf.startswith(b"%PDF")
    assert preview.document.pageCount() == 1  # five labels on one sheet of 24
    assert preview.windowTitle() == "Label 5 barang"
    assert preview.suggested_name == "label-5-barang.pdf"
    # The roll: a page per label.
    preview.paper.setCurrentIndex(preview.paper.findData("roll"))
    assert preview.document.pageCount() == 5
    assert page.register.status.text() == "5 label siap dicetak."


def test_depreciation_as_of_a_date_and_a_kib_printed(qtbot: QtBot, page: AssetsPage, fresh: Fresh,
                                                     barang: Actor, tmp_path: Path) -> None:
    register(fresh, barang, PC, "PC Unit ruang pelayanan", 12_000_000, day=dt.date(2024, 2, 1))
    register(fresh, barang, LAND, "Tanah kantor", 1_250_000_000, address="Jl. Wahidin 85A")
    page.refresh()
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    press(qtbot, Qt.Key.Key_D, CTRL)
    pane = page.depreciation
    assert page.tabs.currentWidget() is pane and focused() is pane.as_of
    pane.set_as_of(dt.date(2025, 12, 31))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.report is not None and pane.report.as_of == dt.date(2025, 12, 31),
                    timeout=3000)
    # Rp 12.000.000 over four years: Rp 3.000.000 a year, two years by the end of 2025.
    assert [pane.totals.index(r, 0).data() for r in range(pane.totals.rowCount())] == [
        "KIB A — Tanah", "KIB B — Peralatan dan Mesin", "Jumlah"]
    assert [pane.totals.index(1, c).data() for c in range(1, 5)] == [
        "1", "12.000.000", "6.000.000", "6.000.000"]
    assert pane.rows.index(1, 4).data() == "4 tahun" and pane.rows.index(0, 4).data() == "tidak disusutkan"
    assert pane.rows.index(1, 7).data() == "2/4 tahun"
    assert "Rp 6.000.000" in pane.summary.text()

    # The register of KIB B as a PDF, then as XLSX.
    page.tabs.setCurrentWidget(page.register)
    page.register.set_kib(Kib.B)
    wait_loaded(qtbot, page)
    page.register.table.setFocus()
    press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, ReportDialog)
    assert dialog.kind.currentData() == "kib" and dialog.kib.currentData() == "B"
    press(qtbot, Qt.Key.Key_Return)
    preview = visible_dialog(qtbot, page, PdfPreviewDialog)
    assert preview.pdf.startswith(b"%PDF") and preview.document.pageCount() >= 1
    preview.reject()

    target = tmp_path / "KIB B Dinas Sosial"
    page.printer.choose_file = lambda *_a: str(target)
    page.register.open_reports()
    dialog = visible_dialog(qtbot, page, ReportDialog)
    press(qtbot, Qt.Key.Key_S, CTRL)
    saved = tmp_path / "KIB B Dinas Sosial.xlsx"
    assert saved.exists()
    sheet = openpyxl.load_workbook(saved).active
    assert sheet is not None
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "PC Unit ruang pelayanan" in texts
    assert page.register.status.text() == (
        f"Kartu Inventaris Barang KIB B — Peralatan dan Mesin tersimpan: {saved.name}")


# --------------------------------------------------------------------------- codes and settings


def test_a_useful_life_and_a_label_layout(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                          fresh: Fresh, admin: Actor) -> None:
    page = make_page(qtbot, ctx, runner, admin)
    assert not page.register.add_button.isEnabled()  # the admin keeps codes, not assets
    page.tabs.setCurrentWidget(page.settings)
    codes = page.settings.codes
    qtbot.waitUntil(lambda: len(codes.codes) > 100, timeout=3000)
    assert codes.select_code("1.3.2.05.02.01")
    codes.tree.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    dialog = visible_dialog(qtbot, page, CodeDialog)
    assert dialog.code.isReadOnly() and dialog.life.value() == -1  # inherits Alat Rumah Tangga's
    assert focused() is dialog.name
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.life
    dialog.life.setValue(8)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    found = {c.code: c for c in asset_service.list_codes(fresh(), admin)}
    assert found["1.3.2.05.02.01"].useful_life == 8
    assert found[CHAIR].effective_life == 8
    qtbot.waitUntil(lambda: codes.current_code() is not None
                    and codes.current_code().useful_life == 8, timeout=3000)  # type: ignore[union-attr]

    # Four labels of 64 mm do not fit across A4: said beside the columns, nothing saved.
    settings = page.settings.settings
    assert settings.save_button.isEnabled()
    settings.columns.setValue(4)
    assert settings.sheet_errors["columns"].isVisible()
    assert settings.sheet_errors["columns"].text().startswith("Label tidak muat ke samping")
    settings.save()
    assert asset_service.asset_settings(fresh(), admin).sheet.columns == 3
    settings.columns.setValue(3)
    settings.rows.setValue(7)
    settings.period.setCurrentIndex(settings.period.findData("semester"))
    assert not settings.sheet_errors["columns"].isVisible()
    settings.save_button.setFocus()
    wait_focus(qtbot, settings.save_button)
    press(qtbot, Qt.Key.Key_S, CTRL)
    stored = asset_service.asset_settings(fresh(), admin)
    assert (stored.sheet.rows, stored.period.value) == (7, "semester")
    assert settings.status.text() == "Pengaturan aset disimpan."
    assert page.desk.sheet_layout().rows == 7  # the next labels use it


def test_the_code_tree_exported_and_imported(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                             fresh: Fresh, admin: Actor, tmp_path: Path) -> None:
    page = make_page(qtbot, ctx, runner, admin)
    page.tabs.setCurrentWidget(page.settings)
    codes = page.settings.codes
    qtbot.waitUntil(lambda: len(codes.codes) > 100, timeout=3000)
    assert codes.import_button.isEnabled() and codes.export_button.isEnabled()

    # Exported: every code, in the columns the import reads.
    page.printer.choose_file = lambda *_a: str(tmp_path / "Kode barang Dinsos")
    saved = codes.export_codes()
    assert saved == tmp_path / "Kode barang Dinsos.xlsx" and saved.exists()
    sheet = openpyxl.load_workbook(saved).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Kode", "Nama", "Masa Manfaat (tahun)", "Aktif")
    assert (CHAIR, "Kursi Besi/Metal", None, "Ya") in rows
    assert len(rows) == len(codes.codes) + 1
    assert codes.file_status.text() == f"{len(codes.codes)} kode diekspor ke Kode barang Dinsos.xlsx."

    # One new code from a CSV: previewed as new, imported with Enter, selected in the tree.
    new_code = "1.3.2.05.02.01.099"
    one_new = tmp_path / "kode baru.csv"
    one_new.write_text(f"Kode;Nama;Masa Manfaat (tahun);Aktif\n{new_code};Kursi lipat plastik;5;Ya\n",
                       encoding="utf-8")
    page.printer.choose_file = lambda *_a: str(one_new)
    codes.import_button.setFocus()
    press(qtbot, Qt.Key.Key_M, ALT)
    preview = visible_dialog(qtbot, page, ImportPreviewDialog)
    assert "<b>1 baris</b> terbaca dari kode baru.csv: <b>1 baru, 0 diperbarui</b>" in preview.summary.text()
    assert preview.problems.rowCount() == 0 and preview.apply_button.isEnabled()
    assert focused() is preview.apply_button
    assert new_code not in {c.code for c in asset_service.list_codes(fresh(), admin)}  # not yet
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=3000)
    stored = {c.code: c for c in asset_service.list_codes(fresh(), admin)}
    assert (stored[new_code].name, stored[new_code].useful_life) == ("Kursi lipat plastik", 5)
    qtbot.waitUntil(lambda: codes.current_code() is not None
                    and codes.current_code().code == new_code, timeout=3000)  # type: ignore[union-attr]
    assert codes.file_status.text() == "Impor kode baru.csv selesai: 1 kode baru, 0 diperbarui."

    # A file with bad rows: the problems per row (the file's and the service's), nothing saved.
    bad = tmp_path / "kode salah.csv"
    bad.write_text("Kode;Nama;Masa Manfaat (tahun)\n"
                   "1.3.2.05.02.01.098;Kursi lipat kayu;5\n"
                   "1.3.2.05.02.01.097;Kursi tunggu;lima tahun\n"
                   "1.3.2.05.02.77.001;Kursi tanpa induk;5\n", encoding="utf-8")
    page.printer.choose_file = lambda *_a: str(bad)
    codes.import_codes()
    preview = visible_dialog(qtbot, page, ImportPreviewDialog)
    assert preview.problems.texts() == [
        ("3", "Masa Manfaat (tahun)", "Masa manfaat 'lima tahun' bukan angka tahun."),
        ("4", "Kode", "Kode induk 1.3.2.05.02.77 tidak ada."),
    ]
    assert "<b>2 baris</b> terbaca" in preview.summary.text()
    assert not preview.apply_button.isEnabled() and preview.problem_note.text().startswith(
        "<b>2 masalah</b>")
    press(qtbot, Qt.Key.Key_Return)  # nothing to apply: Enter does not import
    preview.reject()
    known = {c.code for c in asset_service.list_codes(fresh(), admin)}
    assert not {"1.3.2.05.02.01.098", "1.3.2.05.02.01.097"} & known


# --------------------------------------------------------------------------- who may do what


def test_the_pimpinan_only_reads(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, fresh: Fresh,
                                 barang: Actor, pimpinan: Actor,
                                 rooms: tuple[RoomDTO, RoomDTO]) -> None:
    register(fresh, barang, CHAIR, "Kursi rapat lipat", 450_000, 2, room_id=rooms[0].id)
    page = make_page(qtbot, ctx, runner, pimpinan)
    assert page.register.model.rowCount() == 2
    assert "Anda hanya dapat membaca" in page.intro.text()
    register_pane = page.register
    assert not register_pane.add_button.isEnabled()
    assert not register_pane.edit_button.isEnabled()
    assert not register_pane.mutate_button.isEnabled()
    assert register_pane.history_button.isEnabled() and register_pane.labels_button.isEnabled()
    assert register_pane.report_button.isEnabled()
    for key in (Qt.Key.Key_N, Qt.Key.Key_M):
        press(qtbot, key, CTRL)
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_Return)  # Enter on a row: the history instead of the form
    assert not [d for d in page.findChildren(AssetDialog) + page.findChildren(MutationDialog)
                if d.isVisible()]
    history = visible_dialog(qtbot, page, HistoryDialog)
    history.reject()

    page.tabs.setCurrentWidget(page.rooms)
    assert not page.rooms.add_button.isEnabled() and not page.rooms.edit_button.isEnabled()
    assert not page.rooms.take_button.isEnabled() and page.rooms.kir_button.isEnabled()
    page.tabs.setCurrentWidget(page.settings)
    assert page.settings.read_only.isVisible()
    assert not page.settings.codes.add_button.isEnabled()
    assert not page.settings.codes.import_button.isEnabled()
    assert not page.settings.codes.export_button.isEnabled()
    assert not page.settings.settings.save_button.isEnabled()
    assert not page.settings.importer.isVisible()


def test_keys_on_each_tab_are_unique(page: AssetsPage) -> None:
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        shown = [w for w in [*page.findChildren(QAbstractButton), *page.findChildren(QLabel)]
                 if w.window() is page and w.isVisibleTo(page)
                 and (not isinstance(w, QLabel) or w.buddy() is not None)]
        keys = [k for w in shown if (k := QKeySequence.mnemonic(w.text()).toString())]
        assert len(keys) == len(set(keys)), (page.tabs.tabText(index), sorted(keys))
        # Not the main window's menus: Berkas, Katalog, Bantuan.
        assert not {"Alt+B", "Alt+K", "Alt+N"} & set(keys), page.tabs.tabText(index)


def test_the_pengurus_barang_gets_the_page_in_the_main_window(qtbot: QtBot, main_window: MainWindow,
                                                              barang: Actor) -> None:
    window = main_window
    window.show()
    qtbot.waitExposed(window)
    window.set_actor(barang)
    assert window.page_keys() == ["catalog", "assets"]
    page = window.show_page("assets")
    assert isinstance(page, AssetsPage)
    assert window.nav.currentItem().text() == "Barang Milik Daerah"
    assert page.tabs.currentWidget() is page.register and page.register.add_button.isEnabled()
