"""Penerimaan Berkas walked the way a clerk works: by keyboard only, from the main window.

After the window is shown, the tests only type (``qtbot.keyClicks``/``keyClick`` into whatever has
the focus) and read: no method of the page is called. A complete file for PSM is registered and
its receipt printed; an incomplete one is returned with a slip that lists what is missing, and
when the applicant comes back the slip number resumes the checklist where it stopped.

Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import DatabaseUnavailable
from dinsos_desktop.domain.regions import KOTA_PASURUAN_REGIONS
from dinsos_desktop.domain.tracking import format_tracking_number
from dinsos_desktop.gui.applicant_dialogs import CitizenDialog
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.intake_page import (
    STEP_APPLICANT,
    STEP_CHECKLIST,
    STEP_RESULT,
    STEP_STANDARD,
    IntakePage,
)
from dinsos_desktop.gui.main_window import MainWindow
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services import intake as intake_service
from dinsos_desktop.services.dto import Actor, ApplicationDTO, CitizenDTO, CitizenInput
from tests.gui.conftest import show_active
from tests.pdftext import parse_pdf, squash

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SITI_NIK = "3575045508950001"
BUDI_NIK = "3575021203880002"
PSM_ITEMS = ["1.a", "1.b", "1.c", "1.d", "1.e", "1.f", "1.g", "2", "3"]
PSM_ITEM_2 = "Calon PSM telah mendapatkan rekomendasi dari IPSM Kelurahan"

Fresh = Callable[[], SqlAlchemyUnitOfWork]


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def fresh(engine: Engine) -> Fresh:
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-check")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def counter(qtbot: QtBot, main_window: MainWindow, clerk: Actor) -> MainWindow:
    """The main window with a front-office clerk logged in, shown and active."""
    main_window.set_actor(clerk)
    return show_active(qtbot, main_window)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifiers)


def wait_focus(qtbot: QtBot, widget: QWidget) -> None:
    """Wait for the keyboard focus on ``widget``.

    When a dialog closes, the desktop's window manager activates the window it belonged to. The
    offscreen platform of the tests has no window manager and leaves no window active, so this
    does that one thing for it; the focus inside the window is the application's own doing."""
    if QApplication.activeWindow() is None:
        widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def assert_keys_unique(window: MainWindow) -> None:
    """The Alt+letter keys on screen are unique, and none takes a menu's (Berkas, Katalog, Bantuan):
    a key used twice does nothing at all."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QLabel

    shown = [w for w in [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]
             if w.window() is window and w.isVisibleTo(window)
             and (not isinstance(w, QLabel) or w.buddy() is not None)]
    keys = [QKeySequence.mnemonic(w.text()).toString() for w in shown]
    keys = [k for k in keys if k]
    menus = [QKeySequence.mnemonic(a.text()).toString() for a in window.menuBar().actions()
             if a.isVisible()]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert not set(keys) & set(menus), sorted(set(keys) & set(menus))


def open_intake(qtbot: QtBot, window: MainWindow) -> IntakePage:
    assert window.page_keys()[:5] == ["catalog", "intake", "queues", "application", "applicants"]
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.page_widget("intake")
    assert isinstance(page, IntakePage) and page.isVisible()
    qtbot.waitUntil(lambda: focused() is page.standard_search)
    return page


def pick_psm(qtbot: QtBot, page: IntakePage) -> None:
    type_text(qtbot, "pekerja sosial masyarakat")
    assert page.standard_list.currentItem() is not None
    assert page.standard_list.currentItem().data(Qt.ItemDataRole.UserRole) == "PSM"
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_APPLICANT
    assert page.standard is not None and page.standard.code == "PSM"
    assert focused() is page.applicant_panel.search


def current_key(page: IntakePage) -> str | None:
    index = page.table.currentIndex()
    return page.checklist.key_at(index.row()) if index.isValid() else None


def mark(qtbot: QtBot, page: IntakePage, keys: str) -> None:
    """Type the status keys (1–4) into the checklist, one item each."""
    assert focused() is page.table
    for ch in keys:
        press(qtbot, getattr(Qt.Key, f"Key_{ch}"))


def stored(fresh: Fresh, actor: Actor, app_id: int) -> ApplicationDTO:
    return intake_service.view_application(fresh(), actor, app_id).application


def preview(qtbot: QtBot, window: MainWindow) -> PdfPreviewDialog:
    """The one preview shown (a button's mnemonic clicks it a moment later: Qt animates it)."""

    def shown() -> list[PdfPreviewDialog]:
        return [d for d in window.findChildren(PdfPreviewDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) > 0, timeout=3000)
    assert len(shown()) == 1, f"expected one preview, found {len(shown())}"
    return shown()[0]


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return parse_pdf(pdf).text


def close_preview(qtbot: QtBot, window: MainWindow, page: IntakePage) -> None:
    dialog = preview(qtbot, window)
    qtbot.waitUntil(lambda: focused().window() is dialog)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_focus(qtbot, page.next_button)


def _citizen(fresh: Fresh, actor: Actor, nik: str, name: str, birth: dt.date, sex: str) -> CitizenDTO:
    return applicant_service.save_citizen(
        fresh(), actor, CitizenInput(nik=nik, full_name=name, birth_place="Pasuruan", birth_date=birth,
                                     sex=sex, kecamatan="Purworejo", kelurahan="Pohjentrek"),
        regions=KOTA_PASURUAN_REGIONS)


# --------------------------------------------------------------------------- (i) complete


def test_a_complete_file_is_registered_by_keyboard(qtbot: QtBot, counter: MainWindow, fresh: Fresh,
                                                   clerk: Actor, boxes: list[str],
                                                   qtmodeltester: Any) -> None:
    window = counter
    page = open_intake(qtbot, window)
    assert page.steps_label.text().startswith("<b>1. Layanan</b>")
    assert_keys_unique(window)
    pick_psm(qtbot, page)
    assert_keys_unique(window)

    # A new applicant, registered in place: Ctrl+N, then the form field by field with Tab.
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, CitizenDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: focused() is dialog.nik)
    for text in (SITI_NIK, "", "Siti Rahmawati", "Pasuruan", "15-08-1995", "P", "Jl. Pahlawan 12",
                 "2", "5", "Panggungrejo", "Mayangan", None, "081234567890"):
        if text:
            type_text(qtbot, text)
        if text != "081234567890":
            press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.phone
    assert "✓ Perempuan · lahir 15 Agustus 1995" in dialog.nik_feedback()
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    # No returned files for a new applicant: the checklist opens on its first item.
    assert page.current_step() == STEP_CHECKLIST
    qtmodeltester.check(page.checklist)
    wait_focus(qtbot, page.table)
    assert_keys_unique(window)
    assert current_key(page) == "1.a"
    assert "Siti Rahmawati" in page.file_header.text()
    assert page.summary.text() == "0 dari 9 butir diperiksa, 0 tidak ada"
    # Headings are read, never ticked.
    heading = page.checklist.index(0, 0)
    assert page.checklist.key_at(0) == "1"
    assert not page.checklist.flags(heading) & Qt.ItemFlag.ItemIsSelectable

    mark(qtbot, page, "1111111")  # 1.a–1.g: originals seen
    assert current_key(page) == "2"
    mark(qtbot, page, "24")  # 2: copy received; 3: does not apply
    assert page.summary.text() == "9 dari 9 butir diperiksa, 0 tidak ada"
    assert page.outcome.text() == "Lengkap: berkas akan didaftarkan."
    app_id = page.application.id if page.application else -1
    # Every mark is in the database already.
    saved = {i.item_key: i.status for i in stored(fresh, clerk, app_id).items}
    assert saved == {**{k: "asli_diperiksa" for k in PSM_ITEMS[:7]}, "2": "salinan_diterima",
                     "3": "tidak_berlaku"}

    # A note on the current item: F2, type, Enter.
    press(qtbot, Qt.Key.Key_Up)
    assert current_key(page) == "2"
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "dari Lurah Pohjentrek")
    press(qtbot, Qt.Key.Key_Return)  # the editor commits once the key event is done
    qtbot.waitUntil(lambda: page.checklist.note_of("2") == "dari Lurah Pohjentrek")
    wait_focus(qtbot, page.table)
    assert {i.item_key: i.note for i in stored(fresh, clerk, app_id).items}["2"] == "dari Lurah Pohjentrek"

    press(qtbot, Qt.Key.Key_Return, CTRL)  # decide
    assert page.current_step() == STEP_RESULT
    app = stored(fresh, clerk, app_id)
    assert app.status == "registered" and app.tracking_number
    assert page.result_number.text() == app.tracking_number
    assert "terdaftar" in page.result_title.text()
    assert "Perkiraan selesai" in page.result_detail.text()
    assert_keys_unique(window)

    receipt = preview(qtbot, window)
    assert receipt.paper_key() == "A5"
    assert [receipt.paper.itemData(i) for i in range(receipt.paper.count())] == ["A5", "A4", "F4", "ROLL80"]
    text = pdf_text(receipt.pdf)
    assert app.tracking_number in text
    assert squash("Siti Rahmawati") in squash(text)
    close_preview(qtbot, window, page)

    # Cetak ulang: the same receipt again, whenever asked.
    press(qtbot, Qt.Key.Key_U, ALT)
    again = preview(qtbot, window)
    assert app.tracking_number in pdf_text(again.pdf)
    close_preview(qtbot, window, page)

    press(qtbot, Qt.Key.Key_Return)  # Pemohon selanjutnya
    assert page.current_step() == STEP_STANDARD
    assert focused() is page.standard_search
    assert boxes == []


# --------------------------------------------------------------------------- (ii) incomplete


def test_an_incomplete_file_is_returned_and_resumed_from_the_slip(
        qtbot: QtBot, counter: MainWindow, fresh: Fresh, clerk: Actor, boxes: list[str]) -> None:
    budi = _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    window = counter
    page = open_intake(qtbot, window)
    pick_psm(qtbot, page)
    type_text(qtbot, BUDI_NIK[:8])  # an NIK prefix finds him; Enter picks the only match
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_CHECKLIST
    assert page.applicant is not None and page.applicant.id == budi.id
    app_id = page.application.id if page.application else -1

    mark(qtbot, page, "1111111")
    mark(qtbot, page, "3")  # 2: the IPSM recommendation is missing
    mark(qtbot, page, "2")
    assert page.summary.text() == "9 dari 9 butir diperiksa, 1 tidak ada"
    assert page.outcome.text().startswith("Belum lengkap")
    press(qtbot, Qt.Key.Key_Return)  # Enter, all marked: the decision

    app = stored(fresh, clerk, app_id)
    assert app.status == "returned" and app.return_slip_number and not app.tracking_number
    slip_number = app.return_slip_number
    assert page.current_step() == STEP_RESULT
    assert page.result_number.text() == slip_number
    assert "dikembalikan" in page.result_title.text()
    assert PSM_ITEM_2 in page.result_detail.text()
    slip = preview(qtbot, window)
    text = squash(pdf_text(slip.pdf))
    assert squash(slip_number) in text
    assert squash(PSM_ITEM_2) in text
    close_preview(qtbot, window, page)
    press(qtbot, Qt.Key.Key_Return)  # next applicant
    assert page.current_step() == STEP_STANDARD

    # Budi comes back with the recommendation. The slip number (typed, or scanned: a scanner
    # types it and Enter) resumes the checklist with the earlier marks.
    press(qtbot, Qt.Key.Key_Q, ALT)
    assert focused() is page.number
    type_text(qtbot, slip_number)
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_CHECKLIST
    assert page.application is not None and page.application.id == app_id
    assert page.checklist.status_of("1.a") is ItemStatus.ORIGINAL_SEEN
    assert page.checklist.status_of("3") is ItemStatus.COPY_RECEIVED
    assert page.checklist.status_of("2") is ItemStatus.MISSING
    assert focused() is page.table
    assert current_key(page) == "2"  # the cursor waits on what was missing
    assert slip_number in page.file_header.text()

    mark(qtbot, page, "1")
    assert page.summary.text() == "9 dari 9 butir diperiksa, 0 tidak ada"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    app = stored(fresh, clerk, app_id)
    assert app.status == "registered" and app.tracking_number
    assert app.return_slip_number == slip_number  # the history keeps the slip
    assert page.result_number.text() == app.tracking_number
    receipt = preview(qtbot, window)
    assert app.tracking_number in pdf_text(receipt.pdf)
    close_preview(qtbot, window, page)

    # The tracking number, looked up later, shows the registered file and offers a reprint.
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Q, ALT)
    type_text(qtbot, app.tracking_number)
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_RESULT
    assert page.result_number.text() == app.tracking_number
    assert "sudah terdaftar" in page.result_detail.text()
    assert boxes == []


def test_a_mistyped_number_is_refused_beside_the_field(qtbot: QtBot, counter: MainWindow) -> None:
    page = open_intake(qtbot, counter)
    press(qtbot, Qt.Key.Key_Q, ALT)
    type_text(qtbot, "26-000451-8")
    press(qtbot, Qt.Key.Key_Return)
    assert page.number_message.text() == "Nomor tidak sah. Periksa kembali angka yang diketik."
    assert page.current_step() == STEP_STANDARD
    assert focused() is page.number and page.number.selectedText() == "26-000451-8"
    unknown = format_tracking_number(2026, 999)
    type_text(qtbot, unknown)  # replaces the selected text
    press(qtbot, Qt.Key.Key_Return)
    assert page.number_message.text() == f"Nomor {unknown} tidak ditemukan."


# --------------------------------------------------------------------------- returning applicants


def test_picking_an_applicant_with_a_returned_file_offers_to_resume_it(
        qtbot: QtBot, counter: MainWindow, fresh: Fresh, clerk: Actor, ctx: AppContext) -> None:
    budi = _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    app = intake_service.start_application(fresh(), clerk, "PSM", citizen_id=budi.id)
    for key in PSM_ITEMS:
        intake_service.mark_item(fresh(), clerk, app.id, key,
                                 ItemStatus.MISSING if key == "3" else ItemStatus.COPY_RECEIVED)
    intake_service.decide(fresh(), clerk, app.id, expected_version=app.version, due_for=ctx.due_for)

    page = open_intake(qtbot, counter)
    pick_psm(qtbot, page)
    type_text(qtbot, "budi")
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_APPLICANT
    assert page.returned_box.isVisible()
    assert page.returned_list.count() == 1
    assert focused() is page.returned_list
    press(qtbot, Qt.Key.Key_Return)  # Lanjutkan berkas yang dikembalikan
    assert page.current_step() == STEP_CHECKLIST
    assert page.application is not None and page.application.id == app.id
    assert current_key(page) == "3"
    assert stored(fresh, clerk, app.id).status == "draft"


def test_a_kuasa_is_recorded_on_the_application(qtbot: QtBot, counter: MainWindow, fresh: Fresh,
                                                clerk: Actor) -> None:
    budi = _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    page = open_intake(qtbot, counter)
    pick_psm(qtbot, page)
    press(qtbot, Qt.Key.Key_U, ALT)  # Diajukan oleh kuasa
    qtbot.waitUntil(page.kuasa_box.isChecked)
    press(qtbot, Qt.Key.Key_P, ALT)  # back to the search box
    type_text(qtbot, "budi")
    press(qtbot, Qt.Key.Key_Return)
    picker = page.dialog
    assert picker is not None and picker.isVisible() and picker.windowTitle().startswith("Pilih kuasa")
    qtbot.waitUntil(lambda: focused().window() is picker)
    type_text(qtbot, "rahmawati")
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() == STEP_CHECKLIST
    app = stored(fresh, clerk, page.application.id if page.application else -1)
    assert (app.citizen_id, app.representative_id) == (budi.id, siti.id)
    assert "Kuasa: Siti Rahmawati" in page.file_header.text()


# --------------------------------------------------------------------------- the database goes away


def test_marks_made_while_the_database_is_away_stay_on_screen_and_are_saved_later(
        qtbot: QtBot, counter: MainWindow, fresh: Fresh, clerk: Actor, ctx: AppContext,
        boxes: list[str]) -> None:
    _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    page = open_intake(qtbot, counter)
    pick_psm(qtbot, page)
    type_text(qtbot, "budi")
    press(qtbot, Qt.Key.Key_Return)
    app_id = page.application.id if page.application else -1
    mark(qtbot, page, "11")

    working = ctx.uow_factory

    def unreachable() -> Any:
        raise DatabaseUnavailable("Server basis data tidak dapat dihubungi.")

    ctx.uow_factory = unreachable
    mark(qtbot, page, "12")  # 1.c, 1.d: on screen, not saved
    assert page.checklist.status_of("1.c") is ItemStatus.ORIGINAL_SEEN
    assert page.checklist.pending == {"1.c", "1.d"}
    assert page.save_problem.isVisible()
    assert "Server basis data tidak dapat dihubungi." in page.save_problem.text()
    row = page.checklist.row_of("1.d")
    assert page.checklist.index(row, 2).data() == "Salinan diterima (belum tersimpan)"
    assert len(stored(fresh, clerk, app_id).items) == 2
    mark(qtbot, page, "11111")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # the decision waits for the marks
    assert page.current_step() == STEP_CHECKLIST
    assert stored(fresh, clerk, app_id).status == "draft"

    ctx.uow_factory = working
    press(qtbot, Qt.Key.Key_F5)  # Simpan ulang
    assert page.checklist.pending == set()
    assert not page.save_problem.isVisible()
    assert {i.item_key: i.status for i in stored(fresh, clerk, app_id).items}["1.d"] == "salinan_diterima"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert stored(fresh, clerk, app_id).status == "registered"
    assert boxes == []


# --------------------------------------------------------------------------- attachments


def _png(width: int = 40, height: int = 30) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def test_a_scan_is_attached_to_the_current_item(qtbot: QtBot, counter: MainWindow, fresh: Fresh,
                                                clerk: Actor, monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Any, boxes: list[str]) -> None:
    from PySide6.QtWidgets import QFileDialog

    scan = tmp_path / "ktp budi.png"
    scan.write_bytes(_png())
    big = tmp_path / "terlalu-besar.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    answers = [str(scan), str(big)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_a, **_k: (answers.pop(0), "Pindaian atau foto (*.pdf *.jpg *.jpeg *.png)"))
    _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    page = open_intake(qtbot, counter)
    pick_psm(qtbot, page)
    type_text(qtbot, "budi")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Down, times=2)
    assert current_key(page) == "1.c"  # the KTP
    press(qtbot, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    row = page.checklist.row_of("1.c")
    assert page.checklist.index(row, 4).data() == "1 berkas"
    app_id = page.application.id if page.application else -1
    attachments = intake_service.view_application(fresh(), clerk, app_id).attachments
    assert [(a.item_key, a.filename, a.mime) for a in attachments] == [("1.c", "ktp budi.png", "image/png")]
    assert intake_service.attachment_content(fresh(), clerk, attachments[0].id) == scan.read_bytes()
    assert page.show_attachment_button.isEnabled()
    press(qtbot, Qt.Key.Key_R, ALT)  # Lihat lampiran: the photo, from the database
    qtbot.waitUntil(lambda: any(w.isVisible() and w.windowTitle() == "ktp budi.png"
                                for w in QApplication.topLevelWidgets()))
    viewer = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "ktp budi.png")
    qtbot.waitUntil(lambda: focused().window() is viewer)
    press(qtbot, Qt.Key.Key_Escape)
    wait_focus(qtbot, page.table)  # back to the checklist

    # More than 10 MB is refused before it is sent; nothing is stored.
    press(qtbot, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert boxes == ["Berkas terlalu besar (paling besar 10 MB)."]
    assert len(intake_service.view_application(fresh(), clerk, app_id).attachments) == 1
    assert page.checklist.index(row, 4).data() == "1 berkas"


# --------------------------------------------------------------------------- roles


def test_pimpinan_gets_the_register_but_not_the_counter(qtbot: QtBot, main_window: MainWindow,
                                                       admin: Actor, fresh: Fresh) -> None:
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.services import users as user_service

    user_service.create_user(fresh(), admin, "kadis", "Kepala Dinas", [Role.PIMPINAN], "Rahasia-kadis-1")
    main_window.set_actor(user_service.login(fresh(), "kadis", "Rahasia-kadis-1"))
    assert main_window.page_keys() == ["catalog", "queues", "application", "applicants", "agenda",
                                       "agenda_tools", "audit", "assets"]


def test_logging_out_takes_the_counter_pages_away_cleanly(qtbot: QtBot, counter: MainWindow) -> None:
    page = open_intake(qtbot, counter)
    pick_psm(qtbot, page)
    press(qtbot, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Keluar akun
    assert counter.ctx.actor is None
    assert counter.page_keys() == ["catalog"]
    qtbot.waitUntil(lambda: counter.page_widget("intake") is None)
    with qtbot.waitSignal(page.destroyed, timeout=3000):
        pass
    counter.reload_catalog()  # background work after the page is gone: nothing may reach it
    assert not counter.runner.busy
