"""Berkas Permohonan (the application view) and the QR scanner, driven the way a clerk works.

Files are registered through the services; the page is then worked by keyboard: steps done and
skipped (a skip without a reason is refused beside the field), the product handed over with its
receipt previewed, cancelling (the clerk) and reopening (the admin only), and a second
workstation changing the file behind the page's back. The scanner tests type a receipt's QR code
as fast as a scanner does, and slowly as a person does.

Every test that touches the database runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.domain.tracking import format_tracking_number
from dinsos_desktop.domain.workflow import StepOutcome
from dinsos_desktop.gui.application_view import (
    ApplicationViewPage,
    HandoverDialog,
    ReasonDialog,
    StepsModel,
    urgency_text,
)
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.gui.scan import ScanCatcher, looks_like_payload
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import intake, tracking
from dinsos_desktop.services.common import utcnow
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.receipts import office_secret, qr_payload
from tests.integration.test_intake_services import DUE_FOR, _register_citizen, _tick_all
from tests.pdftext import parse_pdf, squash

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SITI_NIK = "3575045508950001"
BUDI_NIK = "3575021203880002"

Fresh = Callable[[], SqlAlchemyUnitOfWork]


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def fresh(engine: Engine) -> Fresh:
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-other")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def register(uow: SqlAlchemyUnitOfWork, clerk: Actor, *, at: dt.datetime | None = None,
             nik: str = SITI_NIK, code: str = "IZIN-LKSA") -> int:
    """A complete file registered at the counter ``at`` (now by default): 4 procedure steps."""
    at = at or utcnow()
    person = _register_citizen(uow, clerk, nik=nik)
    app = intake.start_application(uow, clerk, code, citizen_id=person, now=at)
    _tick_all(uow, clerk, app.id)
    current = intake.view_application(uow, clerk, app.id).application
    intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR, now=at)
    return app.id


def current_file(fresh: Fresh, actor: Actor, app_id: int) -> tracking.ApplicationFile:
    return tracking.open_file(fresh(), actor, app_id, holidays=IndonesianHolidays())


def walk_to_ready(fresh: Fresh, actor: Actor, app_id: int) -> None:
    app = current_file(fresh, actor, app_id).application
    for step in range(1, app.step_count + 1):
        app = tracking.record_procedure_step(fresh(), actor, app_id, step, StepOutcome.DONE,
                                             expected_version=app.version)


@pytest.fixture
def registered(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> int:
    return register(catalog_uow, clerk)


def make_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, actor: Actor) -> ApplicationViewPage:
    ctx.actor = actor
    page = ApplicationViewPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1000, 720)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, clerk: Actor) -> ApplicationViewPage:
    """The page alone in its window, a front-office clerk logged in."""
    return make_page(qtbot, ctx, runner, clerk)


@pytest.fixture
def changes(page: ApplicationViewPage) -> list[int]:
    seen: list[int] = []
    page.changed.connect(seen.append)
    return seen


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


def open_on(qtbot: QtBot, page: ApplicationViewPage, app_id: int) -> None:
    page.show_application(app_id)
    qtbot.waitUntil(lambda: page.view is not None and page.view.file.application.id == app_id)


def visible_dialog(qtbot: QtBot, page: ApplicationViewPage, kind: type) -> object:
    def shown() -> list[QWidget]:
        return [d for d in page.findChildren(kind) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) > 0, timeout=3000)
    assert len(shown()) == 1
    dialog = shown()[0]
    qtbot.waitUntil(lambda: focused().window() is dialog)
    return dialog


def shown_pdf(qtbot: QtBot, page: ApplicationViewPage) -> str:
    preview = visible_dialog(qtbot, page, PdfPreviewDialog)
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.pdf.startswith(b"%PDF")
    text = squash(parse_pdf(preview.pdf).text)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    return text


def outcome_column(page: ApplicationViewPage) -> list[str]:
    model = page.steps_model
    return [model.index(r, StepsModel.OUTCOME).data() for r in range(model.rowCount())]


# --------------------------------------------------------------------------- the file and its steps


def test_steps_are_recorded_by_keyboard(qtbot: QtBot, page: ApplicationViewPage, registered: int,
                                        fresh: Fresh, clerk: Actor, changes: list[int],
                                        boxes: list[str], qtmodeltester: object) -> None:
    before = current_file(fresh, clerk, registered)
    number = before.application.tracking_number or ""
    open_on(qtbot, page, registered)
    wait_focus(qtbot, page.note)
    title, facts = page.title.text(), page.facts.text()
    assert number in title and "Terdaftar" in title and "IZIN-LKSA" in title
    assert "Siti Aminah" in facts
    left = urgency_text(before.working_days_left, before.overdue)
    assert left.startswith("sisa ") and left in facts
    assert outcome_column(page) == ["Menunggu", "", "", ""]
    qtmodeltester.check(page.steps_model)  # type: ignore[attr-defined]

    # Step 1 done with a note: Enter in the note box.
    type_text(qtbot, "berkas diterima lengkap")
    press(qtbot, Qt.Key.Key_Return)
    assert changes == [registered]
    stored = current_file(fresh, clerk, registered)
    assert [(s.step_no, s.outcome, s.note) for s in stored.steps] == [(1, "done",
                                                                       "berkas diterima lengkap")]
    assert stored.application.status == "in_process"
    assert outcome_column(page) == ["Selesai", "Menunggu", "", ""]
    assert "Diproses" in page.title.text() and page.note.text() == ""
    wait_focus(qtbot, page.note)

    # Skipping needs a reason: refused beside the field, nothing saved.
    press(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    assert page.note_error.isVisible() and "Alasan wajib diisi" in page.note_error.text()
    assert len(current_file(fresh, clerk, registered).steps) == 1 and not boxes
    type_text(qtbot, "survei lapangan tidak diperlukan")
    assert not page.note_error.isVisible()
    press(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    assert outcome_column(page) == ["Selesai", "Dilewati", "Menunggu", ""]
    row = page.steps_model.row_at(1)
    assert row is not None and row.record is not None
    assert row.record.note == "survei lapangan tidak diperlukan" and row.record.user_full_name

    # Ctrl+Enter and Enter for the last two: the product is ready to collect.
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_focus(qtbot, page.note)
    press(qtbot, Qt.Key.Key_Return)
    assert outcome_column(page) == ["Selesai", "Dilewati", "Selesai", "Selesai"]
    assert "Siap diambil" in page.title.text()
    assert "siap diambil" in page.status.text()
    assert not page.note.isVisible() and page.handover_button.isEnabled()
    wait_focus(qtbot, page.handover_button)
    assert changes == [registered] * 4
    events = [page.events_model.index(r, 1).data() for r in range(page.events_model.rowCount())]
    assert events == ["Berkas dibuat", "Terdaftar", "Langkah selesai", "Langkah dilewati",
                      "Langkah selesai", "Langkah selesai"]
    assert current_file(fresh, clerk, registered).application.status == "ready"
    assert not boxes


def test_checklist_attachments_and_overdue(qtbot: QtBot, page: ApplicationViewPage,
                                           catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                           fresh: Fresh) -> None:
    app_id = register(catalog_uow, clerk, at=utcnow() - dt.timedelta(days=40))
    f = current_file(fresh, clerk, app_id)
    assert f.overdue and f.working_days_left is not None and f.working_days_left < 0
    open_on(qtbot, page, app_id)
    assert f"terlambat {-f.working_days_left} hari kerja" in page.facts.text()
    model = page.checklist_model
    keys = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert keys == [req.key for _depth, req in f.standard.requirement_rows()]
    first_item = next(r for r in range(model.rowCount()) if not model.row_at(r).is_heading)
    assert model.index(first_item, 2).data() == "Salinan diterima"
    assert not page.attachment_button.isEnabled()  # nothing was attached at the counter


def test_hand_over_with_receipt(qtbot: QtBot, page: ApplicationViewPage, registered: int,
                                fresh: Fresh, clerk: Actor, changes: list[int]) -> None:
    walk_to_ready(fresh, clerk, registered)
    number = current_file(fresh, clerk, registered).application.tracking_number or ""
    open_on(qtbot, page, registered)
    wait_focus(qtbot, page.handover_button)
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, HandoverDialog)
    assert isinstance(dialog, HandoverDialog)
    # The applicant is filled in; a representative collects instead.
    assert (dialog.name.text(), dialog.id_number.text()) == ("Siti Aminah", SITI_NIK)
    assert focused() is dialog.representative
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.representative.isChecked() and dialog.name.text() == ""
    assert focused() is dialog.name
    press(qtbot, Qt.Key.Key_Return)  # nothing typed: refused beside the fields
    assert dialog.isVisible() and "wajib" in dialog.name_error.text()
    assert dialog.id_error.isVisible() and changes == []
    type_text(qtbot, "Budi Santoso")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, BUDI_NIK)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert changes == [registered]

    text = shown_pdf(qtbot, page)
    assert number in text and "BudiSantoso" in text
    stored = current_file(fresh, clerk, registered)
    assert stored.application.status == "done"
    assert [(h.recipient_name, h.recipient_is_representative) for h in stored.handovers] == [
        ("Budi Santoso", True)]
    assert "Selesai" in page.title.text() and "Serah te&rima (1)" == page.tabs.tabText(4)
    assert page.handovers_model.index(0, 2).data() == "357502******0002"
    assert not page.handover_button.isEnabled() and not page.cancel_button.isEnabled()
    assert not page.reopen_button.isEnabled()  # a clerk does not reopen

    # Reprints: the handover receipt, and the receipt of the counter.
    wait_focus(qtbot, page.steps)
    press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    assert number in shown_pdf(qtbot, page)
    wait_focus(qtbot, page.steps)
    press(qtbot, Qt.Key.Key_T, CTRL | SHIFT)
    assert number in shown_pdf(qtbot, page)


def test_cancel_by_the_clerk_reopen_by_the_admin(qtbot: QtBot, page: ApplicationViewPage,
                                                 registered: int, fresh: Fresh, clerk: Actor,
                                                 admin: Actor, changes: list[int]) -> None:
    open_on(qtbot, page, registered)
    assert page.cancel_button.isEnabled() and not page.reopen_button.isEnabled()
    wait_focus(qtbot, page.note)
    press(qtbot, Qt.Key.Key_B, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, ReasonDialog)
    assert isinstance(dialog, ReasonDialog)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "wajib diisi" in dialog.reason_error.text()
    type_text(qtbot, "pemohon mencabut permohonan")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert current_file(fresh, clerk, registered).application.status == "cancelled"
    assert "Dibatalkan" in page.title.text() and "pemohon mencabut" in page.facts.text()
    assert not page.note.isVisible() and not page.receipt_button.isEnabled()
    assert not page.cancel_button.isEnabled()

    # The clerk cannot reopen: the button is off and its key does nothing.
    assert not page.reopen_button.isEnabled()
    wait_focus(qtbot, page.steps)
    press(qtbot, Qt.Key.Key_K, CTRL | SHIFT)
    assert not [d for d in page.findChildren(ReasonDialog) if d.isVisible()]

    # The admin can (F5 shows the file for whoever is logged in now).
    page.ctx.actor = admin
    press(qtbot, Qt.Key.Key_F5)
    assert page.reopen_button.isEnabled()
    press(qtbot, Qt.Key.Key_K, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, ReasonDialog)
    type_text(qtbot, "dicabut karena salah paham")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = current_file(fresh, admin, registered).application
    assert stored.status == "registered" and changes == [registered, registered]
    assert "Terdaftar" in page.title.text() and page.note.isVisible()
    assert not page.reopen_button.isEnabled()


def test_a_change_behind_the_page_is_a_conflict(qtbot: QtBot, page: ApplicationViewPage,
                                                registered: int, fresh: Fresh, clerk: Actor,
                                                changes: list[int], boxes: list[str]) -> None:
    open_on(qtbot, page, registered)
    seen = page.view.file.application.version if page.view else -1
    # Another workstation records step 1 meanwhile.
    tracking.record_procedure_step(fresh(), clerk, registered, 1, StepOutcome.DONE,
                                   "dicatat di loket 2", expected_version=seen)
    wait_focus(qtbot, page.note)
    type_text(qtbot, "dicatat di loket 1")
    press(qtbot, Qt.Key.Key_Return)
    assert boxes == [tracking.CONFLICT] and changes == []
    stored = current_file(fresh, clerk, registered)
    assert [(s.step_no, s.note) for s in stored.steps] == [(1, "dicatat di loket 2")]
    # The refreshed view: what the other workstation saved, step 2 waiting.
    assert page.view is not None and page.view.file.application.version == stored.application.version
    assert outcome_column(page) == ["Selesai", "Menunggu", "", ""]
    assert page.steps_model.index(0, StepsModel.NOTE).data() == "dicatat di loket 2"

    # A dialog that meets a conflict closes, and the view is refreshed again.
    tracking.record_procedure_step(fresh(), clerk, registered, 2, StepOutcome.DONE,
                                   expected_version=stored.application.version)
    wait_focus(qtbot, page.note)
    press(qtbot, Qt.Key.Key_B, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, ReasonDialog)
    type_text(qtbot, "salah layanan")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert boxes == [tracking.CONFLICT] * 2 and changes == []
    assert current_file(fresh, clerk, registered).application.status == "in_process"
    assert outcome_column(page) == ["Selesai", "Selesai", "Menunggu", ""]


def test_keys_on_the_page_are_unique(page: ApplicationViewPage, registered: int,
                                     qtbot: QtBot) -> None:
    open_on(qtbot, page, registered)
    shown = [w for w in [*page.findChildren(QAbstractButton), *page.findChildren(QLabel)]
             if w.window() is page and w.isVisibleTo(page)
             and (not isinstance(w, QLabel) or w.buddy() is not None)]
    keys = [QKeySequence.mnemonic(w.text()).toString() for w in shown]
    keys += [QKeySequence.mnemonic(page.tabs.tabText(i)).toString()
             for i in range(page.tabs.count())]
    keys = [k for k in keys if k]
    assert len(keys) == len(set(keys)), sorted(keys)
    # Not the main window's menus: Berkas, Katalog, Bantuan.
    assert not {"Alt+B", "Alt+K", "Alt+N"} & set(keys)


# --------------------------------------------------------------------------- the scanner


class FakeClock:
    """Milliseconds that advance by ``step`` at each key: a scanner (5 ms) or a person (150 ms)."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def install() -> Iterator[Callable[[ScanCatcher], ScanCatcher]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed: list[ScanCatcher] = []

    def put(catcher: ScanCatcher) -> ScanCatcher:
        app.installEventFilter(catcher)
        installed.append(catcher)
        return catcher

    yield put
    for catcher in installed:
        app.removeEventFilter(catcher)


class Desk(QWidget):
    """Some other screen with a text box and a note box, where the focus happens to be."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.entered: list[str] = []
        self.line.returnPressed.connect(lambda: self.entered.append(self.line.text()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.text)


@pytest.fixture
def desk(qtbot: QtBot) -> Desk:
    widget = Desk()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.line.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.line)
    return widget


def scan(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_genuine_receipt_scanned_anywhere_opens_its_file(
        qtbot: QtBot, ctx: AppContext, runner: TaskRunner, registered: int, clerk: Actor,
        fresh: Fresh, desk: Desk, install: Callable[[ScanCatcher], ScanCatcher],
        boxes: list[str]) -> None:
    page = ApplicationViewPage(ctx, runner)
    qtbot.addWidget(page)
    ctx.actor = clerk
    payload = intake.receipt_for(fresh(), clerk, registered).qr_payload
    assert looks_like_payload(payload)
    catcher = install(ScanCatcher(clock=FakeClock(5)))
    catcher.scanned.connect(page.open_scanned)
    opened: list[int] = []
    page.opened.connect(opened.append)
    desk.activateWindow()
    desk.line.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.line)
    qtbot.keyClicks(desk.line, "Siti")  # what the clerk had typed there stays
    with qtbot.waitSignal(catcher.scanned) as signal:
        scan(qtbot, desk.line, payload)
    assert signal.args == [payload]
    assert desk.line.text() == "Siti" and desk.entered == []  # the Enter was the scanner's
    assert opened == [registered] and page.view is not None
    assert page.view.file.application.id == registered and not boxes

    # Into a multi-line box as well.
    desk.text.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.text)
    qtbot.keyClicks(desk.text, "catatan")
    scan(qtbot, desk.text, payload)
    assert desk.text.toPlainText() == "catatan" and opened == [registered] * 2


def test_altered_and_unknown_codes_are_refused(
        qtbot: QtBot, ctx: AppContext, runner: TaskRunner, registered: int, clerk: Actor,
        fresh: Fresh, desk: Desk, install: Callable[[ScanCatcher], ScanCatcher],
        boxes: list[str]) -> None:
    page = ApplicationViewPage(ctx, runner)
    qtbot.addWidget(page)
    ctx.actor = clerk
    genuine = intake.receipt_for(fresh(), clerk, registered).qr_payload
    number, _, signature = genuine.partition("*")
    altered = f"{number}*{'0' if signature[0] != '0' else '1'}{signature[1:]}"
    catcher = install(ScanCatcher(clock=FakeClock(5)))
    got: list[str] = []
    catcher.scanned.connect(got.append)
    catcher.scanned.connect(page.open_scanned)
    opened: list[int] = []
    page.opened.connect(opened.append)

    scan(qtbot, desk.line, altered)
    assert got == [altered] and desk.line.text() == ""
    assert len(boxes) == 1 and "Kode QR ini tidak sah" in boxes[0]

    scan(qtbot, desk.line, "26-999999-X*0123456789ABCDEF")
    assert got[-1] == "26-999999-X*0123456789ABCDEF" and len(boxes) == 2
    assert "tidak sah" in boxes[1]

    # A genuine signature over a number this office never gave out.
    uow = fresh()
    with uow:
        secret = office_secret(uow)
    unknown = format_tracking_number(2026, 99999)
    scan(qtbot, desk.line, qr_payload(secret, unknown))
    assert len(boxes) == 3 and f"Nomor {unknown} tidak ditemukan." == boxes[2]
    assert opened == [] and page.view is None and desk.entered == []


def test_typing_by_hand_is_never_a_scan(qtbot: QtBot, desk: Desk,
                                        install: Callable[[ScanCatcher], ScanCatcher]) -> None:
    payload = "26-000001-9*0123456789ABCDEF"
    slow = install(ScanCatcher(clock=FakeClock(150)))
    got: list[str] = []
    slow.scanned.connect(got.append)
    scan(qtbot, desk.line, payload)
    assert got == [] and desk.line.text() == payload and desk.entered == [payload]

    # Fast, but not a receipt's code (a pasted name, a barcode of something else): left alone.
    app = QApplication.instance()
    assert app is not None
    app.removeEventFilter(slow)
    fast = install(ScanCatcher(clock=FakeClock(5)))
    fast.scanned.connect(got.append)
    desk.line.clear()
    scan(qtbot, desk.line, "Siti Aminah")
    assert got == [] and desk.entered[-1] == "Siti Aminah"

    # A person types a little, pauses, then scans: only the scanned run counts.
    app.removeEventFilter(fast)
    clock = FakeClock(5)
    mixed = install(ScanCatcher(clock=clock))
    mixed.scanned.connect(got.append)
    desk.line.clear()
    desk.entered.clear()
    qtbot.keyClicks(desk.line, "ab")
    clock.now += 2000
    scan(qtbot, desk.line, payload)
    assert got == [payload] and desk.line.text() == "ab" and desk.entered == []


def test_the_threshold_is_a_setting(qtbot: QtBot, desk: Desk,
                                    install: Callable[[ScanCatcher], ScanCatcher]) -> None:
    payload = "K26-000001-4*0123456789ABCDEF"
    catcher = install(ScanCatcher(max_gap_ms=200, clock=FakeClock(150)))
    got: list[str] = []
    catcher.scanned.connect(got.append)
    scan(qtbot, desk.line, payload)
    assert got == [payload] and desk.line.text() == ""
    catcher.max_gap_ms = 100
    scan(qtbot, desk.line, payload)
    assert got == [payload] and desk.line.text() == payload


def test_zero_delay_keys_count_as_fast_with_the_real_clock(
        qtbot: QtBot, desk: Desk, install: Callable[[ScanCatcher], ScanCatcher]) -> None:
    """QTest's keys carry no time stamp: the catcher falls back to the monotonic clock."""
    catcher = install(ScanCatcher(max_gap_ms=500))  # generous: a busy test machine may pause
    got: list[str] = []
    catcher.scanned.connect(got.append)
    scan(qtbot, desk.line, "26-000001-9*0123456789ABCDEF")
    assert got == ["26-000001-9*0123456789ABCDEF"]



# --------------------------------------------------------------------------- the whole motion


def test_main_window_scan_opens_the_file_then_steps_handover_and_print(
        qtbot: QtBot, ctx: AppContext, window_factory: Callable[..., object], registered: int,
        fresh: Fresh, clerk: Actor, boxes: list[str]) -> None:
    """A returning applicant hands over the receipt: one scan, wherever the focus is, opens the
    file in the main window; the clerk records the steps by keyboard, hands the product over and
    the handover receipt is previewed for printing. A forged code opens nothing."""
    from dinsos_desktop.gui.main_window import MainWindow
    from tests.gui.conftest import show_active

    window = window_factory(ctx, ask_login=False)
    assert isinstance(window, MainWindow)
    window.start()
    qtbot.waitUntil(lambda: window.active_catalog is not None)
    window.set_actor(clerk)
    show_active(qtbot, window)
    window.scan_catcher.max_gap_ms = 500  # QTest types without pauses; a busy machine may stall
    payload = intake.receipt_for(fresh(), clerk, registered).qr_payload

    # The clerk is on the applicants page with the search box focused: the scan still opens the
    # file, and the search box is left as it was.
    window.show_page("applicants")
    search = QApplication.focusWidget()
    assert isinstance(search, QLineEdit)
    scan(qtbot, search, payload)
    page = window.page_widget("application")
    assert isinstance(page, ApplicationViewPage)
    qtbot.waitUntil(lambda: page.view is not None and page.view.file.application.id == registered)
    assert window.current_page_key() == "application" and search.text() == ""

    # Steps by keyboard: Ctrl+Enter records the waiting step as done.
    steps = page.view.file.application.step_count
    for _ in range(steps):
        version = page.view.file.application.version
        wait_focus(qtbot, page.note)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda v=version: page.view is not None
                        and page.view.file.application.version > v)
    assert current_file(fresh, clerk, registered).application.status == "ready"
    # The status bar's counts follow: one product waiting to be collected.
    qtbot.waitUntil(lambda: window.counts_button.counts is not None
                    and window.counts_button.counts.ready == 1)
    assert "Siap diambil 1" in window.counts_button.text()

    # Handover to the applicant (prefilled), then the receipt's preview.
    wait_focus(qtbot, page.handover_button)
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    dialog = visible_dialog(qtbot, page, HandoverDialog)
    assert isinstance(dialog, HandoverDialog)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    number = current_file(fresh, clerk, registered).application.tracking_number or ""
    text = shown_pdf(qtbot, page)
    assert number in text and "SitiAminah" in text
    assert current_file(fresh, clerk, registered).application.status == "done"

    # A forged code (the number changed, the signature kept) opens nothing and says so.
    forged = payload.replace(number, format_tracking_number(2026, 999))
    window.show_page("applicants")
    scan(qtbot, QApplication.focusWidget() or window, forged)
    qtbot.waitUntil(lambda: any("tidak sah" in b for b in boxes)
                    or getattr(window, "last_message", None) is not None)
    message = window.last_message
    assert "tidak sah" in message.text()
    assert window.current_page_key() == "applicants"
