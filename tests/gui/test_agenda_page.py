"""Buku Agenda Surat Keluar as the agendaris works it, by keyboard: taking a number (shown big,
copied with Ctrl+C, selected in the book), an earlier date refused and the nomor sisipan taken in
one key with its reason, a sisipan waiting for the admin's approval, voiding (the row stays,
struck through), editing (the number never changes) and a second workstation changing the letter
behind the page's back, the filters and the search narrowing the book, paging beyond 50 rows,
the scan of the sent letter, and the pimpinan who only reads.

The page gets a fixed clock (Friday 20 November 2026, 09.00 WIB); letters made behind its back go
through the services with the same clock. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.letters import LetterFields, LetterKind, NumberingSettings
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.agenda_page import (
    VOID_TEXT,
    WAITING_ROW,
    AgendaModel,
    AgendaPage,
    LetterDialog,
)
from dinsos_desktop.gui.application_view import ReasonDialog
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import letters, users
from dinsos_desktop.services.dto import Actor, CatalogDTO, LetterDTO, LetterFilter

# The code's completion popup is a popup window: the offscreen platform says it can neither raise
# it nor give it the keyboard (it works all the same).
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$")]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)  # a Friday

Fresh = Callable[[], SqlAlchemyUnitOfWork]


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


def clock() -> dt.datetime:
    return NOW.astimezone(dt.UTC)


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
def fresh(engine: Engine) -> Fresh:
    """Another workstation on the same database."""
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-other")


@pytest.fixture
def agendaris(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "agenda", "Sri Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    return users.login(uow, "agenda", "Rahasia-agenda-1")


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "kadis", "Bapak Kepala", [Role.PIMPINAN], "Rahasia-kadis-1")
    return users.login(uow, "kadis", "Rahasia-kadis-1")


@pytest.fixture
def catalog(catalog_uow: SqlAlchemyUnitOfWork) -> CatalogDTO:
    return catalog_service.get_catalog(catalog_uow)


def make_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, actor: Actor,
              catalog: CatalogDTO) -> AgendaPage:
    ctx.actor = actor
    page = AgendaPage(ctx, runner, lambda: catalog, clock=clock, local=local)
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.refresh()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=3000)
    return page


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, agendaris: Actor,
         catalog: CatalogDTO) -> AgendaPage:
    """The page alone in its window, the agendaris logged in. The model tester is attached by each
    test once rows are loaded (attached earlier, its fetchMore() would run inside an insertion)."""
    return make_page(qtbot, ctx, runner, agendaris, catalog)


def fields(day: dt.date, subject: str = "Undangan rapat koordinasi PKH", *, code: str = "460",
           addressee: str = "Camat Panggungrejo", bidang: str = "") -> LetterFields:
    return LetterFields(letter_date=day, kind=LetterKind.SURAT, classification_code=code,
                        addressee_name=addressee, subject=subject, bidang_code=bidang)


def take(fresh: Fresh, actor: Actor, day: dt.date, subject: str = "Undangan rapat koordinasi PKH",
         **kw: Any) -> LetterDTO:
    """A number taken at another workstation."""
    return letters.register_letter(fresh(), actor, fields(day, subject, **kw), now=NOW, local=local)


def stored(fresh: Fresh, actor: Actor, letter_id: int) -> LetterDTO:
    return letters.get_letter(fresh(), actor, letter_id)


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


def focus_on(qtbot: QtBot, widget: QWidget) -> None:
    if QApplication.activeWindow() is None:
        widget.window().activateWindow()
    widget.setFocus()
    wait_focus(qtbot, widget)


def visible_dialog(qtbot: QtBot, page: AgendaPage, kind: type) -> Any:
    def shown() -> list[QWidget]:
        return [d for d in page.findChildren(kind) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) > 0, timeout=3000)
    assert len(shown()) == 1
    dialog = shown()[0]
    qtbot.waitUntil(lambda: focused().window() is dialog, timeout=3000)
    return dialog


def no_dialog(page: AgendaPage) -> bool:
    return not [d for d in page.findChildren(QWidget) if d.isWindow() and d.isVisible()
                and d is not page]


def wait_loaded(qtbot: QtBot, page: AgendaPage) -> AgendaModel:
    qtbot.waitUntil(lambda: not page.model.loading and not page._timer.isActive(), timeout=3000)
    return page.model


def column(page: AgendaPage, col: int) -> list[str]:
    model = page.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def error_text(dialog: LetterDialog, key: str) -> str:
    label = dialog.field_errors[key]
    return label.text() if label.isVisible() else ""


def pdf_bytes(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, text)
    canvas.save()
    return out.getvalue()


# --------------------------------------------------------------------------- taking a number


def test_a_number_taken_by_keyboard(qtbot: QtBot, page: AgendaPage, fresh: Fresh,
                                    agendaris: Actor, boxes: list[str],
                                    qtmodeltester: Any) -> None:
    assert page.model.rowCount() == 0 and page.placeholder.isVisible()
    assert page.placeholder.text() == ("Belum ada surat tahun 2026. Tekan Ctrl+N untuk mengambil "
                                       "nomor.")
    assert page.year.value() == 2026 and page.month.currentData() is None
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    assert dialog.windowTitle() == "Ambil nomor surat" and dialog.mode == LetterDialog.NEW
    assert focused() is dialog.letter_date
    assert dialog.letter_date.date() == QDate(2026, 11, 20)  # today
    assert dialog.date_shown.text() == "Jumat, 20 November 2026"
    assert dialog.signatory.currentText() == "Kepala Dinas Sosial"  # the office profile's head
    assert not dialog.reason.isVisible()

    # Enter on an empty form: the services' refusals beside the fields, nothing numbered.
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(dialog, "classification_code") == "Kode klasifikasi wajib dipilih."
    assert error_text(dialog, "addressee_name") == "Tujuan surat (nama atau instansi) wajib diisi."
    assert error_text(dialog, "subject") == "Perihal wajib diisi."
    assert dialog.isVisible() and dialog.result_letter is None
    assert letters.agenda_page(fresh(), agendaris, LetterFilter(year=2026)).items == ()

    # The code by its name: "sosial" offers 460 — Sosial first.
    dialog.letter_date.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.kind
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.code
    type_text(qtbot, "sosial")
    popup = dialog.code.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.code.currentText() == "460 — Sosial" and dialog.code_value() == "460"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.addressee_name
    type_text(qtbot, "Camat Panggungrejo")
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.subject
    type_text(qtbot, "Undangan rapat koordinasi PKH")
    press(qtbot, Qt.Key.Key_Return)

    # The number, big; Ctrl+C copies it; Enter closes.
    assert dialog.result_letter is not None
    assert dialog.number_label.text() == "Nomor surat: 460/1/423.105/2026"
    assert dialog.number_label.font().pointSizeF() > dialog.font().pointSizeF()
    assert "Camat Panggungrejo" in dialog.result_facts.text()
    assert not dialog.result_note.isVisible()
    wait_focus(qtbot, dialog.close_button)
    press(qtbot, Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text() == "460/1/423.105/2026"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_focus(qtbot, page.table)

    # In the book, selected, and the detail below it.
    model = wait_loaded(qtbot, page)
    assert column(page, AgendaModel.FULL_NUMBER) == ["460/1/423.105/2026"]
    letter = page.current_letter()
    assert letter is not None and letter.full_number == "460/1/423.105/2026"
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "1", "460/1/423.105/2026", "20-11-2026", "Camat Panggungrejo",
        "Undangan rapat koordinasi PKH", "460", "Biasa", "", "Aktif"]
    assert model.index(0, AgendaModel.DATE).data(Qt.ItemDataRole.ToolTipRole) == (
        "Jumat, 20 November 2026")
    assert "460 — Sosial" in page.detail.text() and "Sri Agendaris" in page.detail.text()
    assert page.status.text() == "Nomor 460/1/423.105/2026 diambil."
    saved = stored(fresh, agendaris, letter.id)
    assert (saved.subject, saved.signatory, saved.created_by_name) == (
        "Undangan rapat koordinasi PKH", "Kepala Dinas Sosial", "Sri Agendaris")
    assert not boxes
    qtmodeltester.check(model)

    # The next one follows on (the form is fresh each time).
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    assert dialog.addressee_name.text() == ""
    dialog.code.setEditText("188")
    dialog.addressee_name.setText("Kepala Desa Bugul Kidul")
    dialog.subject.setText("Keputusan penetapan penerima bantuan")
    dialog.subject.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.number_label.text() == "Nomor surat: 188/2/423.105/2026"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["1", "2"]
    current = page.current_letter()
    assert current is not None and current.number_text == "2"


def test_an_earlier_date_offers_the_sisipan_in_one_key(qtbot: QtBot, page: AgendaPage,
                                                       fresh: Fresh, agendaris: Actor,
                                                       boxes: list[str]) -> None:
    take(fresh, agendaris, dt.date(2026, 11, 2))
    take(fresh, agendaris, dt.date(2026, 11, 10), "Permohonan data DTKS")
    page.refresh()
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["1", "2"]

    page.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    assert focused() is dialog.letter_date
    type_text(qtbot, "05")  # the day; the month and the year stay
    assert dialog.letter_date.date() == QDate(2026, 11, 5)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "460")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: focused() is dialog.addressee_name)
    type_text(qtbot, "Lurah Bugul Kidul")
    dialog.subject.setFocus()
    type_text(qtbot, "Undangan susulan")
    press(qtbot, Qt.Key.Key_Return)

    # Refused: the date needs a sisipan; the offer has the focus.
    assert "sisipan" in error_text(dialog, "letter_date")
    assert "sudah bertanggal 10-11-2026" in error_text(dialog, "letter_date")
    assert dialog.offer.isVisible() and dialog.result_letter is None
    wait_focus(qtbot, dialog.offer_button)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.mode == LetterDialog.INSERT and dialog.windowTitle() == "Nomor sisipan"
    assert not dialog.offer.isVisible() and error_text(dialog, "letter_date") == ""
    assert dialog.reason.isVisible()
    wait_focus(qtbot, dialog.reason)
    # Everything typed is still there.
    assert (dialog.addressee_name.text(), dialog.subject.text(), dialog.code_value()) == (
        "Lurah Bugul Kidul", "Undangan susulan", "460")

    # The reason is required.
    press(qtbot, Qt.Key.Key_Return)
    assert error_text(dialog, "reason") == "Alasan nomor sisipan wajib diisi."
    type_text(qtbot, "tanggal mengikuti undangan")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.number_label.text() == "Nomor sisipan: 460/1a/423.105/2026"
    assert not dialog.result_note.isVisible()  # no approval needed in this office
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    model = wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["1", "1a", "2"]
    letter = page.current_letter()
    assert letter is not None and letter.number_text == "1a"
    assert model.index(1, AgendaModel.STATUS).data() == "Sisipan"
    assert model.index(1, AgendaModel.NUMBER).data(Qt.ItemDataRole.FontRole).italic()
    assert "tanggal mengikuti undangan" in model.index(1, AgendaModel.STATUS).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "tanggal mengikuti undangan (disetujui)" in page.detail.text()
    saved = stored(fresh, agendaris, letter.id)
    assert saved.is_insert and saved.insert_reason == "tanggal mengikuti undangan"
    assert saved.letter_date == dt.date(2026, 11, 5)
    # The counter did not move.
    assert take(fresh, agendaris, dt.date(2026, 11, 20)).full_number == "460/3/423.105/2026"
    assert not boxes


def test_a_sisipan_waits_for_the_admin(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                       page: AgendaPage, fresh: Fresh, agendaris: Actor,
                                       admin: Actor, catalog: CatalogDTO) -> None:
    letters.save_numbering_settings(fresh(), admin, NumberingSettings(insert_needs_approval=True))
    take(fresh, agendaris, dt.date(2026, 11, 2))
    take(fresh, agendaris, dt.date(2026, 11, 10))
    page.refresh()
    wait_loaded(qtbot, page)

    # Ctrl+N, an earlier date, and Ctrl+Shift+N takes the offer.
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    dialog.letter_date.setDate(QDate(2026, 11, 6))
    dialog.code.setEditText("460")
    dialog.addressee_name.setText("Camat Bugul Kidul")
    dialog.subject.setText("Surat susulan")
    dialog.subject.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.offer.isVisible()
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    assert dialog.mode == LetterDialog.INSERT
    assert "persetujuan admin" in dialog.intro.text()
    wait_focus(qtbot, dialog.reason)
    type_text(qtbot, "surat susulan")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.number_label.text() == "Nomor sisipan: 460/1a/423.105/2026"
    assert dialog.result_note.isVisible() and "menunggu persetujuan admin" in dialog.result_note.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    model = wait_loaded(qtbot, page)
    assert page.status.text() == ("Nomor sisipan 460/1a/423.105/2026 diambil; menunggu persetujuan "
                                  "admin.")
    assert model.index(1, AgendaModel.STATUS).data() == "Menunggu"
    assert model.index(1, AgendaModel.SUBJECT).data(Qt.ItemDataRole.BackgroundRole) == WAITING_ROW
    assert not page.approve_button.isEnabled()  # the agendaris cannot approve

    # Ctrl+Shift+N straight from the page: the approval is said before the number is taken.
    wait_focus(qtbot, page.table)
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    second = visible_dialog(qtbot, page, LetterDialog)
    assert second.mode == LetterDialog.INSERT and second.reason.isVisible()
    assert "Kantor mewajibkan persetujuan admin" in second.intro.text()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not second.isVisible())

    # The admin approves with Alt+E.
    admin_page = make_page(qtbot, ctx, runner, admin, catalog)
    waiting = admin_page.model.row_of(page.current_letter().id)  # type: ignore[union-attr]
    admin_page.table.setCurrentIndex(admin_page.model.index(waiting, 0))
    assert admin_page.approve_button.isEnabled()
    admin_page.table.setFocus()
    press(qtbot, Qt.Key.Key_E, ALT)  # a button's key clicks it a moment later
    qtbot.waitUntil(lambda: getattr(admin_page.current_letter(), "insert_approval", "") == "disetujui",
                    timeout=3000)
    letter = admin_page.current_letter()
    assert letter is not None
    assert admin_page.status.text() == "Nomor sisipan 460/1a/423.105/2026 disetujui."
    assert admin_page.model.index(waiting, AgendaModel.STATUS).data() == "Sisipan"
    assert admin_page.model.index(waiting, AgendaModel.SUBJECT).data(
        Qt.ItemDataRole.BackgroundRole) is None
    assert not admin_page.approve_button.isEnabled()
    assert stored(fresh, admin, letter.id).insert_approval == "disetujui"


# --------------------------------------------------------------------------- voiding and editing


def test_a_voided_number_stays_struck_through(qtbot: QtBot, page: AgendaPage, fresh: Fresh,
                                              agendaris: Actor, boxes: list[str],
                                              qtmodeltester: Any) -> None:
    first = take(fresh, agendaris, dt.date(2026, 11, 2))
    take(fresh, agendaris, dt.date(2026, 11, 10), "Permohonan data DTKS")
    page.refresh()
    model = wait_loaded(qtbot, page)
    qtmodeltester.check(model)
    assert page.current_letter() == first
    page.table.setFocus()

    press(qtbot, Qt.Key.Key_Delete)
    dialog = visible_dialog(qtbot, page, ReasonDialog)
    assert dialog.windowTitle() == "Batalkan nomor 460/1/423.105/2026"
    press(qtbot, Qt.Key.Key_Return)  # no reason: refused beside the field
    assert dialog.reason_error.isVisible()
    assert dialog.reason_error.text() == "Alasan pembatalan wajib diisi."
    type_text(qtbot, "salah alamat")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_focus(qtbot, page.table)

    assert column(page, AgendaModel.NUMBER) == ["1", "2"]  # still in the book
    for col in range(model.columnCount()):
        index = model.index(0, col)
        assert index.data(Qt.ItemDataRole.FontRole).strikeOut(), col
        assert index.data(Qt.ItemDataRole.ForegroundRole) == VOID_TEXT
    assert model.index(1, AgendaModel.SUBJECT).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, AgendaModel.STATUS).data() == "Batal"
    assert "Dibatalkan: salah alamat" in model.index(0, AgendaModel.STATUS).data(
        Qt.ItemDataRole.ToolTipRole)
    detail = page.detail.text()
    assert "salah alamat — Sri Agendaris, 20 November 2026 pukul 09.00" in detail
    assert "<s>460/1/423.105/2026</s>" in detail
    assert page.status.text() == "Nomor 460/1/423.105/2026 dibatalkan."
    saved = stored(fresh, agendaris, first.id)
    assert (saved.status, saved.void_reason, saved.voided_by_name) == ("batal", "salah alamat",
                                                                       "Sri Agendaris")
    # A voided letter is neither changed nor voided again.
    assert not page.void_button.isEnabled() and not page.edit_button.isEnabled()
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_F2)
    assert no_dialog(page)
    # The number is never given again.
    assert take(fresh, agendaris, dt.date(2026, 11, 20)).number == 3
    assert not boxes
    qtmodeltester.check(model)


def test_an_edit_keeps_the_number_and_a_change_behind_is_a_conflict(
        qtbot: QtBot, page: AgendaPage, fresh: Fresh, agendaris: Actor, boxes: list[str]) -> None:
    letter = take(fresh, agendaris, dt.date(2026, 11, 2))
    page.refresh()
    model = wait_loaded(qtbot, page)
    page.table.setFocus()

    press(qtbot, Qt.Key.Key_F2)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    assert dialog.mode == LetterDialog.EDIT
    assert dialog.windowTitle() == "Ubah surat 460/1/423.105/2026"
    # The number's fields are shown, locked, and the form says why.
    assert not dialog.letter_date.isEnabled() and not dialog.kind.isEnabled()
    assert not dialog.code.isEnabled() and dialog.code_value() == "460"
    assert "tidak dapat diubah" in dialog.intro.text()
    assert focused() is dialog.addressee_name
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.subject
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Undangan rapat koordinasi PKH (ralat)")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_focus(qtbot, page.table)
    assert model.index(0, AgendaModel.SUBJECT).data() == "Undangan rapat koordinasi PKH (ralat)"
    assert model.index(0, AgendaModel.FULL_NUMBER).data() == "460/1/423.105/2026"
    assert page.status.text() == "Surat 460/1/423.105/2026 diperbarui."
    edited = stored(fresh, agendaris, letter.id)
    assert edited.full_number == letter.full_number and edited.version > letter.version

    # Enter on the row edits too. Meanwhile another workstation records the institution.
    press(qtbot, Qt.Key.Key_Return)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    letters.edit_letter(fresh(), agendaris, letter.id, LetterFields(
        letter_date=edited.letter_date, kind=LetterKind.SURAT, classification_code="460",
        addressee_name="Camat Panggungrejo", addressee_institution="Kecamatan Panggungrejo",
        subject=edited.subject), expected_version=edited.version, now=NOW, local=local)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.addressee_address
    type_text(qtbot, "Jl. Pahlawan 12")
    press(qtbot, Qt.Key.Key_Return)

    # Refused: said in the form, the other workstation's change taken in, ours kept.
    assert dialog.isVisible() and dialog.banner.isVisible()
    assert "baru saja diubah" in dialog.banner.text()
    assert "Isian yang Anda ubah tetap di formulir" in dialog.banner.text()
    assert dialog.addressee_institution.text() == "Kecamatan Panggungrejo"
    assert dialog.addressee_address.text() == "Jl. Pahlawan 12"
    assert model.index(0, AgendaModel.ADDRESSEE).data() == ("Camat Panggungrejo, Kecamatan "
                                                            "Panggungrejo")
    assert stored(fresh, agendaris, letter.id).addressee_address == ""
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    final = stored(fresh, agendaris, letter.id)
    assert (final.addressee_institution, final.addressee_address, final.full_number) == (
        "Kecamatan Panggungrejo", "Jl. Pahlawan 12", "460/1/423.105/2026")
    assert not boxes

    # Voiding with a stale version: the message, and the row as stored now.
    changed = letters.edit_letter(fresh(), agendaris, letter.id, LetterFields(
        letter_date=final.letter_date, kind=LetterKind.SURAT, classification_code="460",
        addressee_name="Camat Panggungrejo", subject="Undangan (ralat kedua)"),
        expected_version=final.version, now=NOW, local=local)
    focus_on(qtbot, page.table)
    press(qtbot, Qt.Key.Key_Delete)
    void = visible_dialog(qtbot, page, ReasonDialog)
    type_text(qtbot, "salah kirim")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not void.isVisible())
    assert len(boxes) == 1 and "baru saja diubah" in boxes[0]
    assert model.index(0, AgendaModel.SUBJECT).data() == "Undangan (ralat kedua)"
    assert stored(fresh, agendaris, letter.id).status == "aktif"

    # Voided meanwhile at the other workstation: said in the dialog, the row shows it.
    letters.void_letter(fresh(), agendaris, letter.id, "dibatalkan di loket 2",
                        expected_version=changed.version)
    focus_on(qtbot, page.table)
    press(qtbot, Qt.Key.Key_Delete)
    void = visible_dialog(qtbot, page, ReasonDialog)
    type_text(qtbot, "salah kirim")
    press(qtbot, Qt.Key.Key_Return)
    assert void.isVisible() and void.general.text() == "Nomor 460/1/423.105/2026 sudah dibatalkan."
    assert model.index(0, AgendaModel.STATUS).data() == "Batal"
    assert "dibatalkan di loket 2" in page.detail.text()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not void.isVisible())
    assert len(boxes) == 1


# --------------------------------------------------------------------------- the book on screen


def test_filters_and_search_narrow_the_book(qtbot: QtBot, page: AgendaPage, fresh: Fresh,
                                            agendaris: Actor, qtmodeltester: Any) -> None:
    take(fresh, agendaris, dt.date(2025, 12, 30), "Laporan akhir tahun")
    take(fresh, agendaris, dt.date(2026, 10, 5), "Keputusan penerima bantuan", code="188.45",
         bidang="REHSOS")
    take(fresh, agendaris, dt.date(2026, 10, 20), "Permohonan data DTKS", code="465",
         bidang="DAYASOS")
    take(fresh, agendaris, dt.date(2026, 11, 2), "Undangan rapat koordinasi PKH", bidang="DAYASOS")
    last = take(fresh, agendaris, dt.date(2026, 11, 10), "Undangan rapat evaluasi",
                addressee="Kepala Desa Bugul")
    letters.void_letter(fresh(), agendaris, last.id, "tidak jadi", expected_version=last.version)
    page.refresh()
    model = wait_loaded(qtbot, page)
    qtmodeltester.check(model)  # and through every reload below
    assert column(page, AgendaModel.FULL_NUMBER) == [
        "188.45/1/423.105/2026", "465/2/423.105/2026", "460/3/423.105/2026", "460/4/423.105/2026"]
    assert page.count_label.text() == "4 surat"
    assert model.index(1, AgendaModel.BIDANG).data() == "DAYASOS"
    assert model.index(1, AgendaModel.BIDANG).data(Qt.ItemDataRole.ToolTipRole).startswith("Bidang")

    page.set_month(11)
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["3", "4"]
    page.set_month(None)
    page.set_code("188")  # 188 finds 188.45
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["1"]
    page.set_code("")
    page.set_bidang("DAYASOS")
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["2", "3"]
    page.set_bidang(None)
    page.set_status("batal")
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["4"]
    page.set_status(None)
    wait_loaded(qtbot, page)
    assert model.rowCount() == 4

    # The search as you type (after a short pause), from Alt+C; ↓ goes to the list.
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_C, ALT)
    wait_focus(qtbot, page.search)
    type_text(qtbot, "rapat")
    assert page._timer.isActive()
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["3", "4"]
    assert model.wanted is not None and model.wanted.search == "rapat"
    type_text(qtbot, " eval")
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["4"]
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "bugul")  # the addressee
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.NUMBER) == ["4"]
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "tidak ada yang cocok")
    wait_loaded(qtbot, page)
    assert model.rowCount() == 0 and page.placeholder.isVisible()
    assert page.placeholder.text().startswith("Tidak ada surat yang cocok dengan saringan.")
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Delete)
    wait_loaded(qtbot, page)
    assert model.rowCount() == 4
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.table

    # Another year.
    page.set_year(2025)
    wait_loaded(qtbot, page)
    assert column(page, AgendaModel.FULL_NUMBER) == ["460/1/423.105/2025"]


def test_more_than_fifty_letters_load_as_the_list_scrolls(qtbot: QtBot, page: AgendaPage,
                                                          fresh: Fresh, agendaris: Actor,
                                                          qtmodeltester: Any) -> None:
    for i in range(55):
        take(fresh, agendaris, dt.date(2026, 1, 5) + dt.timedelta(days=i), f"Surat ke-{i + 1}")
    page.refresh()
    model = wait_loaded(qtbot, page)
    assert model.rowCount() == 50 and model.canFetchMore()
    assert page.count_label.text() == ("50 surat ditampilkan, masih ada lagi: gulir ke bawah untuk "
                                       "memuat lebih banyak")
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 55, timeout=3000)
    assert not model.canFetchMore()
    assert column(page, AgendaModel.NUMBER) == [str(n) for n in range(1, 56)]
    assert page.count_label.text() == "55 surat"

    # A number taken now is at the end of the book: the page loads on until it can select it.
    page.table.scrollToTop()
    page.reload()
    wait_loaded(qtbot, page)
    assert model.rowCount() == 50
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    dialog.code.setEditText("460")
    dialog.addressee_name.setText("Camat Panggungrejo")
    dialog.subject.setText("Surat ke-56")
    dialog.subject.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.number_label.text() == "Nomor surat: 460/56/423.105/2026"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_loaded(qtbot, page)
    letter = page.current_letter()
    assert letter is not None and letter.number == 56 and model.rowCount() == 56
    qtmodeltester.check(model)


# --------------------------------------------------------------------------- the scan


def test_the_scan_is_attached_and_shown(qtbot: QtBot, page: AgendaPage, fresh: Fresh,
                                        agendaris: Actor, tmp_path: Path,
                                        boxes: list[str]) -> None:
    letter = take(fresh, agendaris, dt.date(2026, 11, 2))
    page.refresh()
    wait_loaded(qtbot, page)
    assert page.attach_button.isEnabled() and not page.scan_button.isEnabled()
    scan = tmp_path / "surat-460-1.pdf"
    scan.write_bytes(pdf_bytes("Undangan rapat koordinasi PKH"))
    page.choose_scan_file = lambda: str(scan)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert stored(fresh, agendaris, letter.id).scan_filename == "surat-460-1.pdf"
    assert page.scan_button.isEnabled() and "surat-460-1.pdf" in page.detail.text()
    assert page.status.text() == "Pindaian surat-460-1.pdf dilampirkan pada surat 460/1/423.105/2026."

    press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    preview = visible_dialog(qtbot, page, PdfPreviewDialog)
    assert preview.pdf == scan.read_bytes()
    assert preview.windowTitle() == "Pindaian surat 460/1/423.105/2026"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())

    # Not a PDF: refused, said once.
    other = tmp_path / "foto.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not a pdf")
    page.choose_scan_file = lambda: str(other)
    focus_on(qtbot, page.table)
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert boxes == ["Hanya berkas PDF yang dapat dilampirkan."]
    assert stored(fresh, agendaris, letter.id).scan_filename == "surat-460-1.pdf"
    # Cancelling the file dialog does nothing.
    page.choose_scan_file = lambda: None
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert len(boxes) == 1


# --------------------------------------------------------------------------- roles and keys


def test_the_pimpinan_reads_only(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                 fresh: Fresh, agendaris: Actor, pimpinan: Actor,
                                 catalog: CatalogDTO, boxes: list[str]) -> None:
    letter = take(fresh, agendaris, dt.date(2026, 11, 2))
    letters.attach_scan(fresh(), agendaris, letter.id, "surat.pdf", pdf_bytes("Surat"),
                        expected_version=letter.version)
    page = make_page(qtbot, ctx, runner, pimpinan, catalog)
    assert column(page, AgendaModel.FULL_NUMBER) == ["460/1/423.105/2026"]
    assert "hanya dapat membaca" in page.intro.text()
    for button in (page.new_button, page.insert_button, page.edit_button, page.void_button,
                   page.approve_button, page.attach_button):
        assert not button.isEnabled(), button.objectName()
    assert page.scan_button.isEnabled()
    page.table.setFocus()
    for key, modifiers in ((Qt.Key.Key_N, CTRL), (Qt.Key.Key_N, CTRL | SHIFT),
                           (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
                           (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
                           (Qt.Key.Key_A, CTRL | SHIFT)):
        press(qtbot, key, modifiers)
        assert no_dialog(page)
    assert stored(fresh, pimpinan, letter.id).version == letter.version + 1  # the scan only
    # Enter on the row shows the scan.
    press(qtbot, Qt.Key.Key_Return)
    preview = visible_dialog(qtbot, page, PdfPreviewDialog)
    assert preview.pdf.startswith(b"%PDF")
    assert not boxes


def test_keys_are_unique_and_tab_order_is_sensible(qtbot: QtBot, page: AgendaPage, fresh: Fresh,
                                                   agendaris: Actor) -> None:
    take(fresh, agendaris, dt.date(2026, 11, 2))
    page.refresh()
    wait_loaded(qtbot, page)

    def keys(window: QWidget) -> list[str]:
        shown = [w for w in [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]
                 if w.window() is window and w.isVisibleTo(window)
                 and (not isinstance(w, QLabel) or w.buddy() is not None)]
        found = [QKeySequence.mnemonic(w.text()).toString() for w in shown]
        return [k for k in found if k]

    found = keys(page)
    assert len(found) == len(set(found)), sorted(found)
    assert not {"Alt+B", "Alt+K", "Alt+N"} & set(found)  # the main window's menus
    assert {"Alt+T", "Alt+L", "Alt+U", "Alt+O", "Alt+I", "Alt+S", "Alt+C", "Alt+A", "Alt+P", "Alt+R",
            "Alt+E", "Alt+M", "Alt+D", "Alt+G"} <= set(found)

    page.year.setFocus()
    visited = []
    for _ in range(9):
        visited.append(focused())
        press(qtbot, Qt.Key.Key_Tab)
    assert visited == [page.year, page.month, page.code, page.bidang, page.status_filter,
                       page.search, page.reload_button, page.new_button, page.insert_button]
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focused() is page.attach_button  # "Lihat pindaian" is off: no scan yet

    # The letter form: every field in reading order, its keys unique.
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = visible_dialog(qtbot, page, LetterDialog)
    found = keys(dialog)
    assert len(found) == len(set(found)), sorted(found)
    visited = []
    for _ in range(17):
        visited.append(focused())
        press(qtbot, Qt.Key.Key_Tab)
    assert visited == [dialog.letter_date, dialog.kind, dialog.code, dialog.addressee_name,
                       dialog.addressee_institution, dialog.addressee_address, dialog.subject,
                       dialog.nature, dialog.attachments, dialog.bidang, dialog.signatory,
                       dialog.sent, dialog.related_application, dialog.related_incoming,
                       dialog.notes, dialog.ok_button, dialog.cancel_button]
    # The bidang come from the catalog.
    assert dialog.bidang.findData("DAYASOS") > 0
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
