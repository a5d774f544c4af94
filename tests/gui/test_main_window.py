"""The main window as staff meet it: what each role is offered, the first start on an empty
database, logging in, a database that cannot be reached, printing a standard sheet, and importing
or exporting the catalog from the Katalog menu. Modal boxes and file dialogs are monkeypatched."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop import app as composition_root
from dinsos_desktop.adapters.db.engine import make_engine
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.config import SettingsStore
from dinsos_desktop.domain.errors import DatabaseUnavailable
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.login import FirstAdminDialog, LoginDialog
from dinsos_desktop.gui.main_window import MainWindow
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor
from tests.gui.conftest import WindowFactory, show_active
from tests.support import (
    ADMIN_FULL_NAME,
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    BUNDLED_STANDARD_COUNT,
    CLERK_PASSWORD,
    CLERK_USERNAME,
    bundled_document,
    write_json,
)

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
BUNDLED_DECREE = "188/76/423.105/2021"
NEW_DECREE = "188/12/423.105/2024"
NEW_PSM_TITLE = "Rekrutmen Pekerja Sosial Masyarakat (PSM)"
WRONG = "Nama pengguna atau kata sandi salah."


# --------------------------------------------------------------------------- helpers


class MessageBoxes:
    """Stands in for every ``QMessageBox.exec``: records what was shown and "clicks" a button."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str] | None = None) -> None:
        self.shown: list[dict[str, Any]] = []
        self.answers = list(answers or [])
        self._clicked: dict[int, Any] = {}
        # Plain functions: they are looked up on the class and receive the box as their argument.
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: self._clicked_button(box))

    def _exec(self, box: QMessageBox) -> int:
        buttons = [b.text() for b in box.buttons()]
        self.shown.append({"title": box.windowTitle(), "text": box.text(), "buttons": buttons})
        if self.answers:
            wanted = self.answers.pop(0)
            self._clicked[id(box)] = next(b for b in box.buttons() if b.text() == wanted)
        return 0

    def _clicked_button(self, box: QMessageBox) -> Any:
        return self._clicked.get(id(box))


def _closed_port() -> int:
    """A local TCP port nobody listens on (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unreachable_url() -> str:
    return f"postgresql+psycopg://dinsos:sandi@127.0.0.1:{_closed_port()}/dinsos"


def _ok_button(dialog: QDialog) -> QWidget:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None and button.isVisible()
    return button


def _field(dialog: QDialog, name: str) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    return edit


def _message_beside(dialog: QDialog, name: str) -> str:
    """The error text shown on the form row right under the field ``name`` ('' when hidden)."""
    edit = _field(dialog, name)
    form = dialog.findChild(QFormLayout)
    assert form is not None
    row, _role = form.getWidgetPosition(edit)
    item = form.itemAt(row + 1, QFormLayout.ItemRole.FieldRole)
    label = item.widget() if item is not None else None
    assert isinstance(label, QLabel)
    return label.text() if label.isVisible() else ""


def _dialog(window: MainWindow, kind: type[QDialog]) -> Any:
    shown = [d for d in window.findChildren(kind) if d.isVisible()]
    assert len(shown) == 1, f"expected one open {kind.__name__}, found {len(shown)}"
    return shown[0]


def _mnemonics(widget: QWidget) -> list[str]:
    """The Alt+ keys of the buttons and labels of ``widget`` that are shown."""
    labelled = [w for w in [*widget.findChildren(QAbstractButton), *widget.findChildren(QLabel)]
                if w.isVisibleTo(widget)]
    keys = [QKeySequence.mnemonic(w.text()).toString() for w in labelled]
    return [k for k in keys if k]


def _press(qtbot: QtBot, widget: QWidget, mnemonic: str) -> None:
    key = QKeySequence(mnemonic)[0]
    qtbot.keyClick(widget, key.key(), key.keyboardModifiers())


def _versions(engine: Engine) -> list[Any]:
    return catalog_service.list_versions(SqlAlchemyUnitOfWork(engine))


def _no_question(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("nothing should have been asked")


# --------------------------------------------------------------------------- pages per role


def test_before_login_only_the_catalog_is_offered(qtbot: QtBot, active_window: MainWindow) -> None:
    window = active_window
    assert window.page_keys() == ["catalog"]
    assert window.current_page_key() == "catalog"
    assert window.stack.currentWidget() is window.catalog_pane
    assert window.user_label.text() == "Belum masuk"
    assert not window.import_action.isEnabled()
    assert not window.export_action.isEnabled()
    assert not window.logout_action.isEnabled()
    assert not window.password_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_page_key() == "catalog"


def test_an_admin_gets_the_admin_pages_and_ctrl_number_switches(qtbot: QtBot, active_window: MainWindow,
                                                                admin: Actor) -> None:
    window = active_window
    window.set_actor(admin)
    assert window.page_keys() == ["catalog", "intake", "queues", "application", "applicants", "agenda",
                                 "agenda_tools", "users", "office", "calendar", "agenda_settings",
                                 "audit", "assets"]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Katalog Layanan", "Penerimaan Berkas", "Antrean Kerja", "Berkas Permohonan", "Pemohon",
        "Buku Agenda", "Register & Impor Agenda", "Pengguna", "Profil Kantor", "Hari Kerja",
        "Pengaturan Agenda", "Jejak Audit", "Barang Milik Daerah"]
    assert window.nav.item(7).toolTip() == "Pengguna  (Ctrl+8)"
    assert window.user_label.text() == f"{ADMIN_FULL_NAME} ({ADMIN_USERNAME}) — Administrator"
    assert window.import_action.isEnabled() and window.export_action.isEnabled()
    assert window.current_page_key() == "catalog"  # logging in does not move the clerk's screen

    qtbot.keyClick(window, Qt.Key.Key_8, CTRL)
    assert window.current_page_key() == "users"
    users = window.page_widget("users")
    assert users is not None and window.stack.currentWidget() is users
    qtbot.keyClick(window, Qt.Key.Key_9, CTRL)
    assert window.current_page_key() == "office"
    assert window.stack.currentWidget() is window.page_widget("office")
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is window.catalog_pane


def test_an_agendaris_gets_the_agenda_pages_and_no_file_box(qtbot: QtBot, active_window: MainWindow,
                                                            uow: SqlAlchemyUnitOfWork,
                                                            admin: Actor) -> None:
    from dinsos_desktop.services import users as user_service

    user_service.create_user(uow, admin, "agenda", "Sri Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    window = active_window
    window.set_actor(user_service.login(uow, "agenda", "Rahasia-agenda-1"))
    assert window.page_keys() == ["catalog", "agenda", "agenda_tools"]
    # Application files are not the agendaris's work: no "Buka berkas" box, no scanner, no counts.
    assert not window.quick_open_bar.isVisible() and not window.quick_open_action.isEnabled()
    assert not window.scan_catcher.enabled and not window.counts_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_page_key() == "agenda"


def test_a_front_office_clerk_sees_the_counter_pages(qtbot: QtBot, active_window: MainWindow,
                                                     clerk: Actor) -> None:
    window = active_window
    assert clerk.roles == frozenset({Role.FRONT_OFFICE})
    window.set_actor(clerk)
    assert window.page_keys() == ["catalog", "intake", "queues", "application", "applicants"]
    assert not window.import_action.isEnabled()
    assert window.export_action.isEnabled()
    assert window.logout_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_page_key() == "intake"
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_page_key() == "queues"
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)  # no admin pages: nothing happens
    assert window.current_page_key() == "queues"


def test_logging_out_takes_the_admin_pages_away_and_asks_who_is_next(main_window: MainWindow,
                                                                     admin: Actor) -> None:
    window = main_window
    window.set_actor(admin)
    assert window.show_page("users") is not None
    window.logout()
    assert window.ctx.actor is None
    assert window.page_keys() == ["catalog"]
    assert window.current_page_key() == "catalog"
    assert window.page_widget("users") is None
    login = _dialog(window, LoginDialog)
    assert login.username.text() == ""


# --------------------------------------------------------------------------- first start


@pytest.fixture
def first_start(ctx: AppContext, window_factory: WindowFactory) -> MainWindow:
    """A window started with the login flow on a database without any user."""
    window = window_factory(ctx, ask_login=True)
    window.start()
    return window


def _fill_first_admin(qtbot: QtBot, dialog: FirstAdminDialog, full_name: str, password: str,
                      password2: str) -> None:
    for name, text in (("fullName", full_name), ("password", password), ("password2", password2)):
        edit = _field(dialog, name)
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_first_start_creates_the_admin_and_logs_in(qtbot: QtBot, first_start: MainWindow,
                                                   engine: Engine) -> None:
    window = first_start
    dialog = _dialog(window, FirstAdminDialog)
    assert _field(dialog, "username").text() == "admin"
    assert len(window.catalog_pane.visible_codes()) == BUNDLED_STANDARD_COUNT  # readable behind it
    _fill_first_admin(qtbot, dialog, "Kepala Subbag Umum", "Pasuruan-2024", "Pasuruan-2024")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    actor = window.ctx.actor
    assert actor is not None
    assert (actor.username, actor.full_name, actor.roles) == (
        "admin", "Kepala Subbag Umum", frozenset({Role.ADMIN}))
    assert window.page_keys() == ["catalog", "intake", "queues", "application", "applicants", "agenda",
                                 "agenda_tools", "users", "office", "calendar", "agenda_settings",
                                 "audit", "assets"]
    assert window.user_label.text() == "Kepala Subbag Umum (admin) — Administrator"
    # The account is real: it logs in with the password typed in the dialog.
    again = user_service.login(SqlAlchemyUnitOfWork(engine), "admin", "Pasuruan-2024")
    assert again.roles == frozenset({Role.ADMIN})


def test_first_start_by_keyboard_alone(qtbot: QtBot, ctx: AppContext, window_factory: WindowFactory,
                                      engine: Engine) -> None:
    window = show_active(qtbot, window_factory(ctx, ask_login=True))
    window.start()
    dialog = _dialog(window, FirstAdminDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), f"two widgets share an Alt+ key: {sorted(keys)}"
    # The cursor starts in the full name (the user name is filled in); Tab walks down the form.
    assert _field(dialog, "fullName").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), "Kepala Subbag Umum")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert _field(dialog, "password").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), "Pasuruan-2024")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert _field(dialog, "password2").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), "Pasuruan-2024")
    # The create button's own Alt+ key submits the form.
    _press(qtbot, dialog.focusWidget(), QKeySequence.mnemonic(_ok_button(dialog).text()).toString())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctx.actor is not None and window.ctx.actor.full_name == "Kepala Subbag Umum"


def test_first_start_mismatched_passwords_are_pointed_out_and_kept(qtbot: QtBot, first_start: MainWindow,
                                                                   engine: Engine) -> None:
    window = first_start
    dialog = _dialog(window, FirstAdminDialog)
    _fill_first_admin(qtbot, dialog, "Kepala Subbag Umum", "Pasuruan-2024", "Pasuruan-2042")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.isEnabled()
    assert _message_beside(dialog, "password2") == "Kedua kata sandi tidak sama."
    assert _message_beside(dialog, "password") == ""
    assert _field(dialog, "username").text() == "admin"
    assert _field(dialog, "fullName").text() == "Kepala Subbag Umum"
    assert _field(dialog, "password").text() == "Pasuruan-2024"
    assert _field(dialog, "password2").text() == "Pasuruan-2042"
    assert window.ctx.actor is None
    assert user_service.needs_first_admin(SqlAlchemyUnitOfWork(engine))

    # Correcting the second field is enough.
    _field(dialog, "password2").clear()
    qtbot.keyClicks(_field(dialog, "password2"), "Pasuruan-2024")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.ctx.actor is not None and window.ctx.actor.username == "admin"


def test_first_start_a_weak_password_is_refused_beside_the_field(qtbot: QtBot, first_start: MainWindow,
                                                                 engine: Engine) -> None:
    window = first_start
    dialog = _dialog(window, FirstAdminDialog)
    _fill_first_admin(qtbot, dialog, "Kepala Subbag Umum", "pasuruan", "pasuruan")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.isEnabled()
    assert _message_beside(dialog, "password") == "Kata sandi harus memuat huruf dan angka."
    assert _field(dialog, "fullName").text() == "Kepala Subbag Umum"
    assert window.ctx.actor is None
    assert user_service.needs_first_admin(SqlAlchemyUnitOfWork(engine))


def test_first_start_an_empty_name_is_refused_beside_the_field(qtbot: QtBot, first_start: MainWindow) -> None:
    dialog = _dialog(first_start, FirstAdminDialog)
    _fill_first_admin(qtbot, dialog, "", "Pasuruan-2024", "Pasuruan-2024")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert _message_beside(dialog, "fullName") == "Nama lengkap wajib diisi."
    assert first_start.ctx.actor is None


# --------------------------------------------------------------------------- login


@pytest.fixture
def login_start(ctx: AppContext, window_factory: WindowFactory, admin: Actor) -> MainWindow:
    """A window started with the login flow on a database that has its admin."""
    window = window_factory(ctx, ask_login=True)
    window.start()
    return window


def _log_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    _field(dialog, "username").clear()
    qtbot.keyClicks(_field(dialog, "username"), username)
    _field(dialog, "password").clear()
    qtbot.keyClicks(_field(dialog, "password"), password)
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)


def _login_error(dialog: LoginDialog) -> str:
    label = dialog.findChild(QLabel, "loginError")
    assert label is not None
    return label.text() if label.isVisible() else ""


def test_login_with_the_right_password(qtbot: QtBot, login_start: MainWindow) -> None:
    window = login_start
    assert not [d for d in window.findChildren(FirstAdminDialog) if d.isVisible()]
    dialog = _dialog(window, LoginDialog)
    _log_in(qtbot, dialog, ADMIN_USERNAME, ADMIN_PASSWORD)
    assert not dialog.isVisible()
    assert window.ctx.actor is not None and window.ctx.actor.username == ADMIN_USERNAME
    assert "users" in window.page_keys()


def test_login_wrong_password_says_so_in_the_dialog_and_keeps_the_username(
        qtbot: QtBot, login_start: MainWindow) -> None:
    window = login_start
    dialog = _dialog(window, LoginDialog)
    _log_in(qtbot, dialog, ADMIN_USERNAME, "Salah-sandi-1")
    assert dialog.isVisible() and dialog.isEnabled()
    assert _login_error(dialog) == WRONG
    assert _field(dialog, "username").text() == ADMIN_USERNAME
    assert _field(dialog, "password").text() == ""
    assert window.ctx.actor is None
    # An unknown name gets the same answer: the dialog does not tell which one was wrong.
    _log_in(qtbot, dialog, "tidakada", ADMIN_PASSWORD)
    assert _login_error(dialog) == WRONG
    # Then the right password lets the admin in.
    _log_in(qtbot, dialog, ADMIN_USERNAME, ADMIN_PASSWORD)
    assert not dialog.isVisible()
    assert window.ctx.actor is not None


def test_login_by_keyboard_alone(qtbot: QtBot, ctx: AppContext, window_factory: WindowFactory,
                                 admin: Actor) -> None:
    window = show_active(qtbot, window_factory(ctx, ask_login=True))
    window.start()
    dialog = _dialog(window, LoginDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), f"two widgets share an Alt+ key: {sorted(keys)}"
    assert _field(dialog, "username").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), ADMIN_USERNAME)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert _field(dialog, "password").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), "Salah-sandi-1")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert _login_error(dialog) == WRONG
    # After a wrong password the cursor waits in the emptied password field.
    assert _field(dialog, "password").hasFocus()
    qtbot.keyClicks(dialog.focusWidget(), ADMIN_PASSWORD)
    # Only the press: the dialog is gone before the key comes up again.
    qtbot.keyPress(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.ctx.actor is not None and window.ctx.actor.username == ADMIN_USERNAME


def test_login_empty_fields_are_asked_for_without_a_database_round(qtbot: QtBot, login_start: MainWindow,
                                                                   engine: Engine) -> None:
    dialog = _dialog(login_start, LoginDialog)
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert _login_error(dialog) == "Isi nama pengguna."
    qtbot.keyClicks(_field(dialog, "username"), ADMIN_USERNAME)
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert _login_error(dialog) == "Isi kata sandi."
    assert dialog.isVisible()


def test_five_wrong_passwords_lock_the_account(qtbot: QtBot, login_start: MainWindow) -> None:
    window = login_start
    dialog = _dialog(window, LoginDialog)
    for _ in range(4):
        _log_in(qtbot, dialog, ADMIN_USERNAME, "Salah-sandi-1")
        assert _login_error(dialog) == WRONG
    _log_in(qtbot, dialog, ADMIN_USERNAME, "Salah-sandi-1")
    locked = _login_error(dialog)
    assert locked.startswith("Akun terkunci karena 5 kali salah kata sandi. Coba lagi dalam 15 menit")
    assert _field(dialog, "username").text() == ADMIN_USERNAME
    # Locked means locked: even the right password is refused now.
    _log_in(qtbot, dialog, ADMIN_USERNAME, ADMIN_PASSWORD)
    assert _login_error(dialog).startswith("Akun terkunci")
    assert dialog.isVisible()
    assert window.ctx.actor is None


def test_a_clerk_logging_in_gets_the_counter_pages(qtbot: QtBot, login_start: MainWindow,
                                                   clerk: Actor) -> None:
    window = login_start
    dialog = _dialog(window, LoginDialog)
    _log_in(qtbot, dialog, CLERK_USERNAME, CLERK_PASSWORD)
    assert not dialog.isVisible()
    assert window.page_keys() == ["catalog", "intake", "queues", "application", "applicants"]
    assert window.user_label.text().endswith("(petugas) — Petugas Front Office")


# --------------------------------------------------------------------------- unreachable database


@pytest.fixture
def offline_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """A workstation configured for a PostgreSQL server that does not answer."""
    engine = make_engine(_unreachable_url())
    ctx = AppContext(
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine),
        database_label="PostgreSQL: dinsos@127.0.0.1/dinsos",
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=composition_root.open_database,
        test_connection=composition_root.test_connection,
        url_for=lambda s: s.url(tmp_path / "x.sqlite3"),
        bundled_catalog=None,
    )
    yield ctx
    engine.dispose()


OPEN_FAILED = "Basis data tidak dapat dibuka"
BOX_BUTTONS = {"&Coba lagi", "&Pengaturan koneksi…", "&Tutup aplikasi"}  # order: the style's


def test_start_on_an_unreachable_server_offers_retry_settings_or_quit(
        monkeypatch: pytest.MonkeyPatch, offline_ctx: AppContext, window_factory: WindowFactory) -> None:
    window = window_factory(offline_ctx, ask_login=True)
    window.show()
    boxes = MessageBoxes(monkeypatch, ["&Tutup aplikasi"])
    window.start()
    assert len(boxes.shown) == 1
    box = boxes.shown[0]
    assert box["title"] == OPEN_FAILED
    assert box["text"].startswith("Server basis data tidak dapat dihubungi.")
    assert set(box["buttons"]) == BOX_BUTTONS
    assert not window.isVisible()  # "Tutup aplikasi" closes the window
    assert window.ctx.actor is None
    assert window.catalog_pane.visible_codes() == []


def test_retry_tries_again_and_settings_open_the_connection_dialog(
        monkeypatch: pytest.MonkeyPatch, offline_ctx: AppContext, window_factory: WindowFactory) -> None:
    window = window_factory(offline_ctx, ask_login=True)
    window.show()
    opened: list[bool] = []

    def cancelled_settings() -> bool:
        opened.append(True)
        return False  # the user closed the connection dialog without changing anything

    monkeypatch.setattr(window, "open_connection_settings", cancelled_settings)
    boxes = MessageBoxes(monkeypatch, ["&Coba lagi", "&Pengaturan koneksi…", "&Tutup aplikasi"])
    window.start()
    # retry -> fails again; settings (cancelled) -> tries again, fails; quit.
    assert [b["title"] for b in boxes.shown] == [OPEN_FAILED] * 3
    assert opened == [True]
    assert not window.isVisible()


def test_opening_an_unreachable_database_shows_the_same_choices(
        monkeypatch: pytest.MonkeyPatch, main_window: MainWindow) -> None:
    # Reconnecting (after the connection settings) goes through app.open_database.
    window = main_window
    boxes = MessageBoxes(monkeypatch, ["&Tutup aplikasi"])
    window.reconnect(_unreachable_url())
    assert len(boxes.shown) == 1
    assert boxes.shown[0]["title"] == OPEN_FAILED
    assert "Server basis data tidak dapat dihubungi" in boxes.shown[0]["text"]
    assert set(boxes.shown[0]["buttons"]) == BOX_BUTTONS


def test_open_database_raising_unavailable_is_a_known_failure_not_a_crash(
        monkeypatch: pytest.MonkeyPatch, main_window: MainWindow) -> None:
    def refuse(url: str) -> Any:
        raise DatabaseUnavailable("Server basis data tidak dapat dihubungi. Periksa jaringan.")

    main_window.ctx.open_database = refuse
    boxes = MessageBoxes(monkeypatch, ["&Tutup aplikasi"])
    main_window.reconnect("postgresql://server/dinsos")
    assert [(b["title"], b["text"]) for b in boxes.shown] == [
        (OPEN_FAILED, "Server basis data tidak dapat dihubungi. Periksa jaringan.")]


# --------------------------------------------------------------------------- printing


def test_printing_psm_opens_a_preview_of_its_standard_sheet(qtbot: QtBot, main_window: MainWindow) -> None:
    window = main_window
    pane = window.catalog_pane
    assert pane.select_code("PSM")
    qtbot.mouseClick(pane.print_button, Qt.MouseButton.LeftButton)

    preview = getattr(window, "last_preview", None)
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.isVisible()
    assert preview.windowTitle() == "Lembar standar pelayanan — Pekerja Sosial Masyarakat (PSM)"
    assert preview.suggested_name == "standar-pelayanan-psm.pdf"
    assert preview.pdf.startswith(b"%PDF")
    assert preview.document.pageCount() >= 1
    assert preview.paper_key() == "A4"
    a4 = preview.document.pagePointSize(0)
    assert (round(a4.width()), round(a4.height())) == (595, 842)

    # Another paper is rendered again from the same standard.
    preview.paper.setCurrentIndex(preview.paper.findData("F4"))
    f4 = preview.document.pagePointSize(0)
    assert (round(f4.width()), round(f4.height())) == (609, 935)
    assert preview.pdf.startswith(b"%PDF")
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()


def test_ctrl_p_prints_the_selected_standard(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    pane.search.setText("tksk")
    qtbot.keyClick(active_window, Qt.Key.Key_P, CTRL)
    preview = getattr(active_window, "last_preview", None)
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.suggested_name == "standar-pelayanan-tksk.pdf"
    assert preview.document.pageCount() >= 1


# --------------------------------------------------------------------------- catalog import/export


def _new_decree_file(tmp_path: Path) -> Path:
    document = bundled_document()
    document["version"]["decree_number"] = NEW_DECREE
    document["version"]["decree_date"] = "2024-03-04"
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    psm["title"] = NEW_PSM_TITLE
    return write_json(tmp_path / "kep-2024.json", document)


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def fake(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        calls.append(args)
        return str(path), "Katalog JSON (*.json)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return calls


def _answer_questions(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def fake(_parent: Any, _title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", fake)
    return asked


def test_admin_imports_a_new_decree_from_the_menu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  main_window: MainWindow, admin: Actor,
                                                  engine: Engine) -> None:
    window = main_window
    window.set_actor(admin)
    _choose_file(monkeypatch, _new_decree_file(tmp_path))
    asked = _answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    boxes = MessageBoxes(monkeypatch)
    window.import_action.trigger()

    assert len(asked) == 1
    assert f"Keputusan No. {NEW_DECREE}" in asked[0] and "(27 standar)" in asked[0]
    assert boxes.shown == []
    versions = _versions(engine)
    assert len(versions) == 2
    assert [v.decree_number for v in versions if v.is_active] == [NEW_DECREE]

    pane = window.catalog_pane
    assert NEW_DECREE in pane.version_label.text()
    assert pane.versions.count() == 2 and pane.versions.isEnabled()  # the old decree stays readable
    assert len(pane.visible_codes()) == BUNDLED_STANDARD_COUNT
    assert pane.select_code("PSM")
    assert pane.detail.toPlainText().startswith(NEW_PSM_TITLE)
    pane.search.setText("rekrutmen pekerja")
    assert pane.visible_codes() == ["PSM"]
    assert window.statusBar().currentMessage() == (
        f"Katalog Keputusan No. {NEW_DECREE} diimpor (27 standar).")


def test_answering_no_imports_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                      main_window: MainWindow, admin: Actor, engine: Engine) -> None:
    main_window.set_actor(admin)
    _choose_file(monkeypatch, _new_decree_file(tmp_path))
    asked = _answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    main_window.import_action.trigger()
    assert len(asked) == 1
    assert [v.decree_number for v in _versions(engine)] == [BUNDLED_DECREE]
    assert BUNDLED_DECREE in main_window.catalog_pane.version_label.text()


def test_a_bad_catalog_file_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       main_window: MainWindow, admin: Actor,
                                                       engine: Engine) -> None:
    main_window.set_actor(admin)
    document = bundled_document()
    document["version"]["decree_number"] = NEW_DECREE
    psm = next(s for s in document["standards"] if s["code"] == "PSM")
    psm["time_limit"]["unit"] = "fortnights"
    _choose_file(monkeypatch, write_json(tmp_path / "kep-rusak.json", document))
    monkeypatch.setattr(QMessageBox, "question", _no_question)
    boxes = MessageBoxes(monkeypatch)
    main_window.import_action.trigger()

    assert len(boxes.shown) == 1
    assert boxes.shown[0]["title"] == "Tidak dapat dilanjutkan"
    assert boxes.shown[0]["text"].startswith(
        "Katalog ditolak (berkas kep-rusak.json, standar PSM (#17), isian 'time_limit.unit'): "
        "satuan waktu 'fortnights' tidak dikenal")
    assert [v.decree_number for v in _versions(engine)] == [BUNDLED_DECREE]
    pane = main_window.catalog_pane
    assert BUNDLED_DECREE in pane.version_label.text()
    assert pane.select_code("PSM")
    assert pane.detail.toPlainText().startswith("Pekerja Sosial Masyarakat (PSM)")


def test_a_file_that_is_not_json_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            main_window: MainWindow, admin: Actor, engine: Engine) -> None:
    main_window.set_actor(admin)
    path = tmp_path / "catatan.json"
    path.write_text("Ini bukan katalog\n", encoding="utf-8")
    _choose_file(monkeypatch, path)
    monkeypatch.setattr(QMessageBox, "question", _no_question)
    boxes = MessageBoxes(monkeypatch)
    main_window.import_action.trigger()
    assert len(boxes.shown) == 1
    assert boxes.shown[0]["text"].startswith("Katalog ditolak (berkas catatan.json): bukan JSON yang sah")
    assert len(_versions(engine)) == 1


def test_importing_the_same_decree_twice_is_refused(monkeypatch: pytest.MonkeyPatch, main_window: MainWindow,
                                                    admin: Actor, engine: Engine) -> None:
    main_window.set_actor(admin)
    assert main_window.ctx.bundled_catalog is not None
    _choose_file(monkeypatch, Path(main_window.ctx.bundled_catalog))
    _answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    boxes = MessageBoxes(monkeypatch)
    main_window.import_action.trigger()
    assert len(boxes.shown) == 1
    assert boxes.shown[0]["text"].startswith(f"Katalog Keputusan No. {BUNDLED_DECREE} sudah diimpor")
    assert len(_versions(engine)) == 1


def test_cancelling_the_file_dialog_does_nothing(monkeypatch: pytest.MonkeyPatch, main_window: MainWindow,
                                                 admin: Actor, engine: Engine) -> None:
    main_window.set_actor(admin)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "question", _no_question)
    boxes = MessageBoxes(monkeypatch)
    main_window.import_action.trigger()
    assert boxes.shown == []
    assert len(_versions(engine)) == 1


def test_export_writes_the_active_catalog_as_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  main_window: MainWindow, clerk: Actor) -> None:
    main_window.set_actor(clerk)
    target = tmp_path / "katalog-standar-pelayanan.json"
    calls = _choose_file(monkeypatch, target)
    boxes = MessageBoxes(monkeypatch)
    main_window.export_action.trigger()

    assert boxes.shown == []
    assert calls and calls[0][2] == "katalog-standar-pelayanan.json"  # the suggested name
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["version"]["decree_number"] == BUNDLED_DECREE
    assert len(document["standards"]) == BUNDLED_STANDARD_COUNT
    assert document["standards"][16]["code"] == "PSM"
    # What was exported imports again as the same catalog.
    catalog, _sha = catalog_service.read_catalog_file(target)
    assert len(catalog.standards) == BUNDLED_STANDARD_COUNT
    assert main_window.statusBar().currentMessage() == (
        "Katalog diekspor ke katalog-standar-pelayanan.json.")


def test_an_export_that_cannot_be_written_is_a_plain_message(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path, main_window: MainWindow,
                                                             clerk: Actor) -> None:
    main_window.set_actor(clerk)
    _choose_file(monkeypatch, tmp_path / "flashdisk-dicabut" / "katalog.json")
    boxes = MessageBoxes(monkeypatch)
    main_window.export_action.trigger()
    assert len(boxes.shown) == 1
    assert boxes.shown[0]["title"] == "Tidak dapat dilanjutkan"  # a known failure, not a crash
    assert boxes.shown[0]["text"].startswith("Katalog tidak dapat ditulis ke katalog.json (")
    assert not (tmp_path / "flashdisk-dicabut").exists()


def test_background_errors_reach_the_one_error_dialog(monkeypatch: pytest.MonkeyPatch,
                                                      main_window: MainWindow) -> None:
    boxes = MessageBoxes(monkeypatch)
    bug: Callable[[], None] = lambda: [][1]  # noqa: E731 - a genuine programming error
    main_window.runner.run_db(bug)
    assert len(boxes.shown) == 1
    assert boxes.shown[0]["title"] == "Terjadi kesalahan program"


def test_the_catalog_shown_last_time_paints_before_the_database_opens(
        qtbot: QtBot, ctx: AppContext, window_factory: WindowFactory, tmp_path: Path) -> None:
    # A workstation keeps a copy of the catalog it last showed from each database: at the next
    # start the counter can browse it at once, and the database's own replaces it when open.
    copies: dict[str, Path] = {}
    ctx.catalog_cache = lambda label: copies.setdefault(label, tmp_path / "cache" / f"{len(copies)}.json")
    first = window_factory(ctx, ask_login=False)
    first.show_cached_catalog()  # nothing kept yet: nothing shown, nothing announced
    assert first.catalog_pane.visible_codes() == []
    with qtbot.waitSignals([first.catalog_loaded, first.catalog_shown]):
        first.start()
    assert first.active_catalog is not None
    (kept,) = copies.values()
    cached = catalog_service.read_cached_catalog(kept)
    assert cached is not None
    assert (cached.version_id, cached.catalog) == (first.active_catalog.version_id,
                                                   first.active_catalog.catalog)

    later = window_factory(ctx, ask_login=False)
    with qtbot.waitSignal(later.catalog_shown):
        later.show_cached_catalog()
    assert len(later.catalog_pane.visible_codes()) == 27
    assert later.active_catalog is None  # not the database's yet: nothing can be registered on it
    with qtbot.waitSignal(later.catalog_loaded):
        later.start()
    assert later.active_catalog is not None
    assert len(later.catalog_pane.visible_codes()) == 27

    # A copy that cannot be read is ignored: the database's catalog is shown as before.
    kept.write_text("{bukan json", encoding="utf-8")
    assert catalog_service.read_cached_catalog(kept) is None
    broken = window_factory(ctx, ask_login=False)
    broken.show_cached_catalog()
    assert broken.catalog_pane.visible_codes() == []
