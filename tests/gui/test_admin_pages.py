"""The admin pages as an admin uses them: users, office profile, audit trail, database connection.

Every test that touches the database runs on SQLite and on PostgreSQL (the ``engine`` fixture is
parametrized over both). Modal boxes are replaced by recorders; dialogs opened with ``open()`` are
driven through their widgets.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QWidget,
)
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.config import ENV_DATABASE_URL, DatabaseSettings, SettingsStore
from dinsos_desktop.domain.errors import DatabaseUnavailable
from dinsos_desktop.domain.office import Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.audit_page import AuditModel, AuditPage
from dinsos_desktop.gui.connection_dialog import ConnectionDialog
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.office_page import OfficeProfilePage
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.users_page import ChangePasswordDialog, UserDialog, UsersPage, UserTableModel
from dinsos_desktop.services import office as office_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor, UserDTO
from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME

pytestmark = pytest.mark.gui

GOOD_PASSWORD = "Rahasia-baru-9"
NIP_SITI = "198001012005012001"
NIP_SITI_SHOWN = "19800101 200501 2 001"  # as NIPs are printed


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def runner(qtbot: Any) -> TaskRunner:
    return TaskRunner(inline=True)


@pytest.fixture
def ctx(engine: Engine, admin: Actor, tmp_path: Path) -> AppContext:
    """The admin logged in on this test's database; every use case gets a new unit of work."""
    return AppContext(
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-gui"),
        database_label="test",
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=lambda url: (lambda: SqlAlchemyUnitOfWork(engine), url),
        test_connection=lambda url: "Terhubung.",
        url_for=lambda settings: settings.url(tmp_path / "bawaan.sqlite3"),
        actor=admin,
    )


@pytest.fixture
def fresh(engine: Engine) -> Callable[[], SqlAlchemyUnitOfWork]:
    """A new unit of work for checking what the database holds."""
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-check")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown; confirmations are answered Yes."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    def question(_parent: Any, _title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


@pytest.fixture
def users_page(qtbot: Any, ctx: AppContext, runner: TaskRunner, qtmodeltester: Any) -> UsersPage:
    page = UsersPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.refresh()
    qtmodeltester.check(page.model)
    return page


def _row_texts(model: Any, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def _user_row(page: UsersPage, username: str) -> list[str]:
    for row in range(page.model.rowCount()):
        if page.model.index(row, UserTableModel.USERNAME).data() == username:
            return _row_texts(page.model, row)
    raise AssertionError(f"{username} is not in the table")


def _stored(fresh: Callable[[], SqlAlchemyUnitOfWork], admin: Actor, username: str) -> UserDTO:
    return next(u for u in user_service.list_users(fresh(), admin) if u.username == username)


def _create(fresh: Callable[[], SqlAlchemyUnitOfWork], admin: Actor, username: str,
            full_name: str, roles: list[Role]) -> UserDTO:
    return user_service.create_user(fresh(), admin, username, full_name, roles, GOOD_PASSWORD)


def _unreachable() -> Any:
    raise DatabaseUnavailable("Server basis data tidak dapat dihubungi.")


def _mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys of a page or dialog: buttons and labels with a buddy."""
    texts = [b.text() for b in widget.findChildren(QAbstractButton)]
    texts += [label.text() for label in widget.findChildren(QLabel) if label.buddy() is not None]
    keys = []
    for text in texts:
        match = re.search(r"(?<!&)&([^&\s])", text)
        if match:
            keys.append(match.group(1).lower())
    return keys


def _assert_unique_mnemonics(widget: QWidget) -> None:
    keys = _mnemonics(widget)
    assert len(keys) == len(set(keys)), sorted(keys)


# --------------------------------------------------------------------------- users


def test_add_user_with_two_roles_appears_in_table(qtbot: Any, users_page: UsersPage,
                                                   qtmodeltester: Any, fresh: Any, admin: Actor,
                                                   boxes: list[str]) -> None:
    assert _user_row(users_page, ADMIN_USERNAME)[UserTableModel.STATUS] == "Aktif"
    dialog = users_page.add_user()
    assert isinstance(dialog, UserDialog) and dialog.isVisible()
    _assert_unique_mnemonics(dialog)
    assert [box.text() for box in dialog.role_boxes.values()] == [r.label for r in Role]
    assert dialog.username is not None and dialog.password is not None
    assert dialog.password2 is not None
    qtbot.keyClicks(dialog.username, "Siti.Aminah")
    qtbot.keyClicks(dialog.full_name, "Siti Aminah, S.Sos.")
    qtbot.keyClicks(dialog.nip, NIP_SITI_SHOWN)
    dialog.role_boxes[Role.FRONT_OFFICE].setChecked(True)
    dialog.role_boxes[Role.AGENDARIS].setChecked(True)
    qtbot.keyClicks(dialog.password, GOOD_PASSWORD)
    qtbot.keyClicks(dialog.password2, GOOD_PASSWORD)
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)  # Enter submits the dialog

    assert dialog.result() == QDialog.DialogCode.Accepted
    row = _user_row(users_page, "siti.aminah")
    assert row[UserTableModel.FULL_NAME] == "Siti Aminah, S.Sos."
    assert row[UserTableModel.NIP] == NIP_SITI_SHOWN
    assert row[UserTableModel.ROLES] == "Petugas Front Office, Agendaris"
    assert row[UserTableModel.STATUS] == "Aktif"
    assert users_page.selected_user() is not None
    assert users_page.selected_user().username == "siti.aminah"  # type: ignore[union-attr]
    assert _stored(fresh, admin, "siti.aminah").roles == {Role.FRONT_OFFICE, Role.AGENDARIS}
    assert boxes == []
    qtmodeltester.check(users_page.model)


def test_short_password_is_shown_beside_the_field_and_input_stays(
        qtbot: Any, users_page: UsersPage, fresh: Any, admin: Actor, boxes: list[str]) -> None:
    dialog = users_page.add_user()
    assert dialog.username is not None and dialog.password is not None
    assert dialog.password2 is not None
    qtbot.keyClicks(dialog.username, "budi")
    qtbot.keyClicks(dialog.full_name, "Budi Santoso")
    dialog.role_boxes[Role.PENGURUS_BARANG].setChecked(True)
    qtbot.keyClicks(dialog.password, "abc1")
    qtbot.keyClicks(dialog.password2, "abc1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    error = dialog.field_errors["password"]
    assert error.isVisible()
    assert "minimal 8 karakter" in error.text()
    assert not dialog.field_errors["username"].isVisible()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.username.text() == "budi"
    assert dialog.full_name.text() == "Budi Santoso"
    assert dialog.role_boxes[Role.PENGURUS_BARANG].isChecked()
    assert dialog.password.hasFocus() or not dialog.isActiveWindow()
    assert [u.username for u in user_service.list_users(fresh(), admin)] == [ADMIN_USERNAME]

    # Two different passwords: said beside the repeat field, nothing sent to the database.
    dialog.password.setText(GOOD_PASSWORD)
    dialog.password2.setText(GOOD_PASSWORD + "x")
    dialog.submit()
    assert dialog.field_errors["password2"].text() == "Kedua kata sandi tidak sama."
    assert not dialog.field_errors["password"].isVisible()

    # A taken username is said beside the username.
    dialog.username.setText(ADMIN_USERNAME)
    dialog.password2.setText(GOOD_PASSWORD)
    dialog.submit()
    assert "sudah dipakai" in dialog.field_errors["username"].text()
    assert dialog.isVisible()
    assert boxes == []


def test_edit_conflict_reloads_and_overwrites_nothing(
        qtbot: Any, users_page: UsersPage, fresh: Any, admin: Actor, other_uow: Any,
        boxes: list[str]) -> None:
    budi = _create(fresh, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE])
    users_page.refresh()
    assert users_page.select_username("budi")
    users_page.table.setFocus()
    qtbot.keyClick(users_page.table, Qt.Key.Key_Return)  # Enter on a row opens Ubah
    dialog = users_page.dialog
    assert isinstance(dialog, UserDialog) and dialog.user == budi
    _assert_unique_mnemonics(dialog)
    assert dialog.full_name.text() == "Budi Santoso"

    # Meanwhile, another workstation changes Budi.
    user_service.update_user(other_uow, admin, budi.id, full_name="Budi Santoso, S.E.", nip="",
                             roles=[Role.FRONT_OFFICE, Role.PIMPINAN], expected_version=budi.version)

    dialog.full_name.setText("Budi S.")
    dialog.role_boxes[Role.AGENDARIS].setChecked(True)
    dialog.submit()

    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.conflict_label.isVisible()
    message = dialog.conflict_label.text()
    assert "workstation lain" in message and "belum disimpan" in message
    assert "Budi Santoso, S.E." in message and "Pimpinan" in message
    assert dialog.full_name.text() == "Budi S."  # what the admin typed stays
    assert dialog.role_boxes[Role.AGENDARIS].isChecked()
    stored = _stored(fresh, admin, "budi")
    assert stored.full_name == "Budi Santoso, S.E."
    assert stored.roles == {Role.FRONT_OFFICE, Role.PIMPINAN}
    row = _user_row(users_page, "budi")  # the list was reloaded from the database
    assert row[UserTableModel.FULL_NAME] == "Budi Santoso, S.E."
    assert row[UserTableModel.ROLES] == "Petugas Front Office, Pimpinan"
    assert boxes == []

    # "Pakai data terbaru" puts the stored values in the form.
    qtbot.mouseClick(dialog.use_latest, Qt.MouseButton.LeftButton)
    assert dialog.full_name.text() == "Budi Santoso, S.E."
    assert dialog.role_boxes[Role.PIMPINAN].isChecked()
    assert not dialog.role_boxes[Role.AGENDARIS].isChecked()
    assert not dialog.conflict_label.isVisible()

    # Saving now starts from the stored version: the admin has seen it.
    dialog.nip.setText(NIP_SITI)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _stored(fresh, admin, "budi").nip == NIP_SITI
    assert _user_row(users_page, "budi")[UserTableModel.NIP] == NIP_SITI_SHOWN


def test_deactivate_toggles_the_status_column(qtbot: Any, users_page: UsersPage, fresh: Any,
                                              admin: Actor, boxes: list[str],
                                              qtmodeltester: Any) -> None:
    _create(fresh, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE])
    users_page.refresh()
    _assert_unique_mnemonics(users_page)

    assert users_page.select_username(ADMIN_USERNAME)
    assert not users_page.toggle_button.isEnabled()  # nobody deactivates their own account

    assert users_page.select_username("budi")
    assert users_page.toggle_button.isEnabled()
    assert users_page.toggle_button.text() == "N&onaktifkan"
    qtbot.mouseClick(users_page.toggle_button, Qt.MouseButton.LeftButton)
    assert len(boxes) == 1 and "budi" in boxes[0]  # asked first
    assert _user_row(users_page, "budi")[UserTableModel.STATUS] == "Nonaktif"
    assert users_page.selected_user().username == "budi"  # type: ignore[union-attr]
    assert users_page.toggle_button.text() == "&Aktifkan"
    assert not _stored(fresh, admin, "budi").is_active
    with pytest.raises(Exception, match="dinonaktifkan"):
        user_service.login(fresh(), "budi", GOOD_PASSWORD)

    qtbot.mouseClick(users_page.toggle_button, Qt.MouseButton.LeftButton)
    assert len(boxes) == 1  # activating needs no confirmation
    assert _user_row(users_page, "budi")[UserTableModel.STATUS] == "Aktif"
    assert users_page.toggle_button.text() == "N&onaktifkan"
    qtmodeltester.check(users_page.model)


def test_locked_account_shows_until_when_and_reset_password_unlocks(
        qtbot: Any, users_page: UsersPage, fresh: Any, admin: Actor, boxes: list[str]) -> None:
    _create(fresh, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE])
    for _ in range(5):
        with pytest.raises(Exception, match=r"salah|terkunci"):
            user_service.login(fresh(), "budi", "salah-sandi-1")
    users_page.refresh()
    assert _user_row(users_page, "budi")[UserTableModel.STATUS].startswith("Terkunci sampai ")

    assert users_page.select_username("budi")
    dialog = users_page.reset_password()
    assert dialog is not None
    _assert_unique_mnemonics(dialog)
    qtbot.keyClicks(dialog.password, "pendek")
    qtbot.keyClicks(dialog.password2, "pendek")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert "minimal 8 karakter" in dialog.field_errors["password"].text()
    assert dialog.password.text() == "pendek"

    dialog.password.setText("Sandi-reset-7")
    dialog.password2.setText("Sandi-reset-7")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _user_row(users_page, "budi")[UserTableModel.STATUS] == "Aktif"
    assert user_service.login(fresh(), "budi", "Sandi-reset-7").username == "budi"
    assert boxes == []


def test_change_own_password(qtbot: Any, ctx: AppContext, runner: TaskRunner, fresh: Any,
                             boxes: list[str]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ChangePasswordDialog(ctx, runner, parent)
    dialog.open()
    _assert_unique_mnemonics(dialog)

    qtbot.keyClicks(dialog.old_password, "bukan-sandi-1")
    qtbot.keyClicks(dialog.new_password, "Sandi-baru-22")
    qtbot.keyClicks(dialog.new_password2, "Sandi-baru-22")
    qtbot.keyClick(dialog.new_password2, Qt.Key.Key_Return)
    assert dialog.field_errors["old_password"].text() == "Kata sandi lama salah."
    assert dialog.isVisible()

    dialog.old_password.setText(ADMIN_PASSWORD)
    dialog.new_password.setText("pendekk")
    dialog.new_password2.setText("pendekk")
    dialog.submit()
    assert "minimal 8 karakter" in dialog.field_errors["new_password"].text()
    assert not dialog.field_errors["old_password"].isVisible()

    dialog.new_password.setText("Sandi-baru-22")
    dialog.new_password2.setText("Sandi-baru-22")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert user_service.login(fresh(), ADMIN_USERNAME, "Sandi-baru-22").username == ADMIN_USERNAME
    assert boxes == []


def _activate(qtbot: Any, widget: QWidget) -> None:
    """Keyboard shortcuts need the window to be the active one."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_users_page_keyboard(qtbot: Any, users_page: UsersPage, fresh: Any, admin: Actor) -> None:
    _create(fresh, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE])
    users_page.refresh()
    _activate(qtbot, users_page)
    users_page.table.setFocus()
    qtbot.keyClick(users_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    added = users_page.dialog
    assert isinstance(added, UserDialog) and added.user is None
    assert added.username is not None
    qtbot.waitUntil(added.username.hasFocus)
    qtbot.keyClick(added, Qt.Key.Key_Escape)
    assert added.result() == QDialog.DialogCode.Rejected

    _activate(qtbot, users_page)
    users_page.select_username("budi")
    users_page.table.setFocus()
    qtbot.keyClick(users_page.table, Qt.Key.Key_F2)
    edited = users_page.dialog
    assert isinstance(edited, UserDialog) and edited.user is not None
    assert edited.user.username == "budi"
    qtbot.waitUntil(edited.full_name.hasFocus)
    # Tab walks the form in reading order.
    order = [edited.full_name, edited.nip, *edited.role_boxes.values()]
    for current, following in itertools.pairwise(order):
        current.setFocus()
        qtbot.waitUntil(current.hasFocus)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        assert following.hasFocus(), following.objectName()


def test_unreachable_database_keeps_what_was_typed(qtbot: Any, users_page: UsersPage,
                                                   ctx: AppContext, boxes: list[str]) -> None:
    users_page.select_username(ADMIN_USERNAME)
    users_page.reload_button.click()
    assert users_page.selected_user().username == ADMIN_USERNAME  # type: ignore[union-attr]
    dialog = users_page.add_user()
    assert dialog.username is not None and dialog.password is not None
    assert dialog.password2 is not None
    dialog.username.setText("budi")
    dialog.full_name.setText("Budi Santoso")
    dialog.role_boxes[Role.AGENDARIS].setChecked(True)
    dialog.password.setText(GOOD_PASSWORD)
    dialog.password2.setText(GOOD_PASSWORD)

    working = ctx.uow_factory
    ctx.uow_factory = _unreachable
    dialog.submit()
    assert boxes == ["Server basis data tidak dapat dihubungi."]
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert (dialog.username.text(), dialog.full_name.text(), dialog.password.text()) == (
        "budi", "Budi Santoso", GOOD_PASSWORD)
    assert dialog.role_boxes[Role.AGENDARIS].isChecked()

    ctx.uow_factory = working  # the server is back: the same form goes through
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _user_row(users_page, "budi")[UserTableModel.ROLES] == "Agendaris"


# --------------------------------------------------------------------------- office profile


def _office_page(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> OfficeProfilePage:
    page = OfficeProfilePage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.refresh()
    return page


def _logo_file(tmp_path: Path, size: int = 64) -> Path:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1565c0"))
    path = tmp_path / "logo.jpg"
    assert image.save(str(path), "JPEG")
    return path


def test_office_profile_fill_save_reopen(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                         fresh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         qtmodeltester: Any, boxes: list[str]) -> None:
    page = _office_page(qtbot, ctx, runner)
    _assert_unique_mnemonics(page)
    assert "setiap cetakan" in page.findChild(QLabel, "profileNote").text()
    assert page.edits["government_name"].text() == "PEMERINTAH KOTA PASURUAN"  # defaults to confirm
    assert "belum pernah disimpan" in page.status.text()

    values = {
        "office_name": "DINAS SOSIAL", "address": "Jalan Dr. Wahidin Sudirohusodo Nomor 85 A",
        "city": "Pasuruan", "postal_code": "67117", "phone": "(0343) 423628",
        "email": "dinsos@pasuruankota.go.id", "website": "dinsos.pasuruankota.go.id",
        "unit_code": "423.105", "head_position": "Kepala Dinas Sosial",
        "head_name": "Drs. Contoh Nama, M.Si.", "head_nip": "197001011990031001",
        "head_rank": "Pembina Utama Muda (IV/c)",
    }
    for key, value in values.items():
        page.edits[key].clear()
        qtbot.keyClicks(page.edits[key], value)
    page.add_signatory(Signatory("Sekretaris", "Nama Sekretaris, S.H.", "", "Pembina (IV/a)"),
                       edit=False)
    row = page.add_signatory(edit=False)
    for column, text in enumerate(("Kepala Bidang Rehabilitasi Sosial", "Nama Kabid", "", "")):
        page.signatories.item(row, column).setText(text)
    page.add_signatory(edit=False)  # left empty: ignored
    qtmodeltester.check(page.signatories.model())

    logo = _logo_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    qtbot.mouseClick(page.choose_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_png is not None and page.logo_png.startswith(b"\x89PNG")
    assert not page.logo_preview.pixmap().isNull()
    assert page.is_dirty()

    _activate(qtbot, page)
    page.edits["city"].setFocus()
    with qtbot.waitSignal(page.saved) as saved:
        qtbot.keyClick(page.edits["city"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    profile = saved.args[0]
    assert profile.version == 1
    assert profile.head.name == "Drs. Contoh Nama, M.Si."
    assert [s.position for s in profile.signatories] == ["Sekretaris",
                                                         "Kepala Bidang Rehabilitasi Sosial"]
    assert "tersimpan" in page.status.text()
    assert not page.is_dirty()
    assert page.signatories.rowCount() == 2  # reloaded: the empty row is gone
    assert office_service.get_office_profile(fresh()).email == "dinsos@pasuruankota.go.id"

    reopened = _office_page(qtbot, ctx, runner)
    for key, value in values.items():
        assert reopened.edits[key].text() == value, key
    assert reopened.signatories.rowCount() == 2
    assert reopened.signatories.item(0, 1).text() == "Nama Sekretaris, S.H."
    assert reopened.signatories.item(0, 3).text() == "Pembina (IV/a)"
    assert reopened.logo_png == profile.logo_png
    assert not reopened.logo_preview.pixmap().isNull()
    assert reopened.status.text() == ""

    # Removing the logo and a signatory is saved too.
    reopened.remove_logo()
    reopened.signatories.setCurrentCell(0, 0)
    reopened.remove_signatory()
    with qtbot.waitSignal(reopened.saved) as saved_again:
        reopened.save()
    assert saved_again.args[0].logo_png is None
    assert [s.position for s in saved_again.args[0].signatories] == ["Kepala Bidang Rehabilitasi Sosial"]
    assert boxes == []


def test_office_profile_bad_unit_code_is_shown_beside_the_field(
        qtbot: Any, ctx: AppContext, runner: TaskRunner, fresh: Any, tmp_path: Path,
        boxes: list[str]) -> None:
    page = _office_page(qtbot, ctx, runner)
    page.edits["unit_code"].setText("423-105")
    page.edits["head_name"].setText("Drs. Contoh Nama")
    page.edits["email"].setText("bukan email")
    page.add_signatory(Signatory("Sekretaris", ""), edit=False)
    with qtbot.assertNotEmitted(page.saved):
        page.save()

    assert page.field_errors["unit_code"].isVisible()
    assert "423.105" in page.field_errors["unit_code"].text()
    assert page.field_errors["email"].text() == "Alamat email tidak valid."
    assert "Penanda tangan ke-1" in page.field_errors["signatories"].text()
    assert not page.field_errors["head_name"].isVisible()
    assert page.edits["unit_code"].text() == "423-105"  # the input stays
    assert page.edits["unit_code"].hasFocus() or not page.isActiveWindow()
    assert office_service.get_office_profile(fresh()).version == 0  # nothing saved

    # A file that is no image, and a logo over 2 MB, are refused beside the logo.
    not_image = tmp_path / "surat.png"
    not_image.write_text("bukan gambar", encoding="utf-8")
    assert not page.load_logo_file(str(not_image))
    assert "bukan gambar" in page.field_errors["logo"].text()
    noise = QImage(os.urandom(800 * 800 * 4), 800, 800, QImage.Format.Format_ARGB32)
    assert noise.save(str(tmp_path / "besar.png"))
    assert not page.load_logo_file(str(tmp_path / "besar.png"))
    assert page.field_errors["logo"].text() == "Logo terlalu besar (maksimal 2 MB)."
    assert page.logo_png is None

    # Refreshing the page (as the main window does on every visit) keeps unsaved edits.
    page.refresh()
    assert page.edits["unit_code"].text() == "423-105"

    # The server going away on Simpan loses nothing either.
    working = ctx.uow_factory
    ctx.uow_factory = _unreachable
    page.save()
    assert boxes == ["Server basis data tidak dapat dihubungi."]
    assert page.edits["unit_code"].text() == "423-105" and page.save_button.isEnabled()
    boxes.clear()
    ctx.uow_factory = working

    page.edits["unit_code"].setText("423.105")
    page.edits["email"].setText("")
    page.signatories.setCurrentCell(0, 0)
    page.remove_signatory()
    with qtbot.waitSignal(page.saved):
        page.save()
    assert not page.field_errors["unit_code"].isVisible()
    assert office_service.get_office_profile(fresh()).version == 1
    assert boxes == []


def test_office_profile_conflict_keeps_form_and_database(
        qtbot: Any, ctx: AppContext, runner: TaskRunner, fresh: Any, admin: Actor,
        other_uow: Any, boxes: list[str]) -> None:
    page = _office_page(qtbot, ctx, runner)
    page.edits["head_name"].setText("Nama Kepala")
    with qtbot.waitSignal(page.saved):
        page.save()
    stored = office_service.get_office_profile(fresh())
    office_service.save_office_profile(other_uow, admin,
                                       dataclasses.replace(stored, phone="(0343) 999999"))

    page.edits["address"].setText("Jalan Baru 1")
    with qtbot.assertNotEmitted(page.saved):
        page.save()
    assert "workstation lain" in page.status.text() and "telepon" in page.status.text()
    assert page.edits["address"].text() == "Jalan Baru 1"
    now = office_service.get_office_profile(fresh())
    assert now.phone == "(0343) 999999" and now.address == stored.address  # nothing overwritten
    assert boxes == []


# --------------------------------------------------------------------------- audit trail


def _audit_page(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> AuditPage:
    page = AuditPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.refresh()
    return page


def test_audit_page_lists_what_was_done_newest_first(
        qtbot: Any, ctx: AppContext, runner: TaskRunner, users_page: UsersPage,
        qtmodeltester: Any, boxes: list[str]) -> None:
    # What an admin did through the pages above…
    dialog = users_page.add_user()
    assert dialog.username is not None and dialog.password is not None
    assert dialog.password2 is not None
    dialog.username.setText("budi")
    dialog.full_name.setText("Budi Santoso")
    dialog.role_boxes[Role.FRONT_OFFICE].setChecked(True)
    dialog.password.setText(GOOD_PASSWORD)
    dialog.password2.setText(GOOD_PASSWORD)
    dialog.submit()
    assert users_page.select_username("budi")
    users_page.toggle_active()
    office = _office_page(qtbot, ctx, runner)
    office.edits["head_name"].setText("Nama Kepala")
    with qtbot.waitSignal(office.saved):
        office.save()

    # …is listed, newest first.
    page = _audit_page(qtbot, ctx, runner)
    _assert_unique_mnemonics(page)
    model = page.model
    qtmodeltester.check(model)
    rows = [_row_texts(model, r) for r in range(model.rowCount())]
    assert [(r[AuditModel.WHO], r[AuditModel.ACTION], r[AuditModel.OBJECT], r[AuditModel.SUMMARY])
            for r in rows] == [
        (ADMIN_USERNAME, "Tambah", "Profil kantor", "Profil kantor disimpan"),
        (ADMIN_USERNAME, "Ubah", "Pengguna #2", "Pengguna 'budi' dinonaktifkan"),
        (ADMIN_USERNAME, "Tambah", "Pengguna #2", "Pengguna 'budi' dibuat"),
        ("sistem", "Tambah", "Pengguna #1", "Admin pertama 'admin' dibuat"),
    ]
    assert all(" pukul " in r[AuditModel.WHEN] for r in rows)
    assert page.count_label.text() == "4 entri"

    # Selecting a row shows before and after, pretty-printed.
    page.table.setCurrentIndex(model.index(1, 0))
    assert '"is_active": true' in page.before.toPlainText()
    assert '"is_active": false' in page.after.toPlainText()
    assert '\n  "full_name": "Budi Santoso",\n' in page.after.toPlainText()
    page.table.setCurrentIndex(model.index(2, 0))
    assert page.before.toPlainText() == "(tidak ada)"

    # The filter by kind of object re-queries the database.
    page.set_entity("office_profile")
    assert model.entity == "office_profile"
    assert model.rowCount() == 1 and model.index(0, AuditModel.OBJECT).data() == "Profil kantor"
    page.set_entity("catalog_version")
    assert model.rowCount() == 0 and page.count_label.text() == "Belum ada entri."
    page.set_entity(None)
    assert model.rowCount() == 4
    qtmodeltester.check(model)
    assert len(boxes) == 1 and boxes[0].startswith("Nonaktifkan Budi")  # the confirmation only


def test_audit_page_fetches_more_in_batches(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                            fresh: Any, admin: Actor, qtmodeltester: Any) -> None:
    budi = _create(fresh, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE])
    version, active = budi.version, True
    for _ in range(250):
        active = not active
        version = user_service.set_active(fresh(), admin, budi.id, active,
                                          expected_version=version).version
    total = 252  # the first admin, budi, 250 switches

    page = _audit_page(qtbot, ctx, runner)
    model = page.model
    assert model.rowCount() == 200 and model.total == total
    assert model.canFetchMore(QModelIndex())
    assert "200 dari 252" in page.count_label.text()
    assert model.index(0, AuditModel.SUMMARY).data() == "Pengguna 'budi' diaktifkan"  # 250th switch

    page.table.scrollToBottom()  # what the view does when the user scrolls down
    qtbot.waitUntil(lambda: model.rowCount() == total)
    assert not model.canFetchMore(QModelIndex())
    assert page.count_label.text() == "252 entri"
    assert model.index(total - 1, AuditModel.SUMMARY).data() == "Admin pertama 'admin' dibuat"
    ids = [model.entry_at(r).id for r in range(total)]  # type: ignore[union-attr]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total

    # Entries written meanwhile do not appear twice when the next batch is fetched.
    page.refresh()
    assert model.rowCount() == 200
    user_service.set_active(fresh(), admin, budi.id, not active, expected_version=version)
    model.fetchMore(QModelIndex())
    ids = [model.entry_at(r).id for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert model.rowCount() == total  # the newest is not here until reload; none is repeated
    qtmodeltester.check(model)


def test_admin_pages_open_from_the_main_window(qtbot: Any, ctx: AppContext, admin: Actor,
                                               window_factory: Any, boxes: list[str]) -> None:
    window = window_factory(ctx, ask_login=False)
    window.start()
    window.set_actor(admin)
    users = window.show_page("users")
    assert isinstance(users, UsersPage) and users.model.rowCount() == 1
    office = window.show_page("office")
    assert isinstance(office, OfficeProfilePage)
    assert office.edits["office_name"].text() == "DINAS SOSIAL"
    office.edits["head_name"].setText("Nama Kepala")
    office.save()
    assert window.office.head.name == "Nama Kepala"  # the window hears about the saved profile
    audit = window.show_page("audit")
    assert isinstance(audit, AuditPage) and audit.model.rowCount() >= 2
    assert boxes == []


# --------------------------------------------------------------------------- connection dialog


@pytest.fixture
def plain_ctx(tmp_path: Path) -> AppContext:
    """No database at all: the connection dialog must not need one."""

    def no_database() -> Any:
        raise AssertionError("the connection dialog opened a unit of work")

    return AppContext(
        uow_factory=no_database,
        database_label="-",
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=lambda url: (no_database, url),
        test_connection=lambda url: "Terhubung ke PostgreSQL 17.",
        url_for=lambda settings: settings.url(tmp_path / "bawaan.sqlite3"),
    )


def _click_radio(qtbot: Any, radio: QRadioButton) -> None:
    """Click the round indicator: the button is as wide as the dialog, its text is not."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def _connection_dialog(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> ConnectionDialog:
    dialog = ConnectionDialog(ctx, runner, None)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_connection_dialog_field_errors(qtbot: Any, plain_ctx: AppContext, runner: TaskRunner,
                                        tmp_path: Path) -> None:
    dialog = _connection_dialog(qtbot, plain_ctx, runner)
    _assert_unique_mnemonics(dialog)
    assert dialog.sqlite_radio.isChecked() and not dialog.pg_box.isEnabled()
    assert str(tmp_path / "bawaan.sqlite3") in dialog.default_note.text()

    _click_radio(qtbot, dialog.pg_radio)
    assert dialog.pg_box.isEnabled() and not dialog.sqlite_box.isEnabled()
    assert dialog.port.value() == 5432
    dialog.host.clear()
    dialog.port.selectAll()
    qtbot.keyClick(dialog.port, Qt.Key.Key_Backspace)
    dialog.save()

    assert dialog.findChild(QLabel, "hostError").text() == "Alamat server wajib diisi."
    assert dialog.findChild(QLabel, "portError").text() == "Port harus antara 1 dan 65535."
    assert not dialog.findChild(QLabel, "databaseError").isVisible()
    assert dialog.isVisible() and dialog.result() == 0
    assert not (tmp_path / "s.ini").exists()

    # The same checks come before a connection test.
    dialog.test_connection()
    assert not dialog.test_result.isVisible()
    assert dialog.findChild(QLabel, "hostError").isVisible()


def test_connection_test_failure_is_shown_in_the_dialog(
        qtbot: Any, plain_ctx: AppContext, runner: TaskRunner, tmp_path: Path) -> None:
    tried: list[str] = []

    def unreachable(url: str) -> str:
        tried.append(url)
        raise DatabaseUnavailable("Server basis data tidak dapat dihubungi. Periksa jaringan.")

    plain_ctx.test_connection = unreachable
    dialog = _connection_dialog(qtbot, plain_ctx, runner)
    _click_radio(qtbot, dialog.pg_radio)
    for edit, text in ((dialog.host, "db.kantor.lan"), (dialog.database, "dinsos_pasuruan"),
                       (dialog.user, "loket"), (dialog.password, "rahasia/pw")):
        edit.clear()
        qtbot.keyClicks(edit, text)
    dialog.port.setValue(6543)
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("require"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)

    assert tried == ["postgresql+psycopg://loket:rahasia%2Fpw@db.kantor.lan:6543/dinsos_pasuruan"
                     "?sslmode=require"]
    assert dialog.test_result.isVisible()
    assert dialog.test_result.text() == "Server basis data tidak dapat dihubungi. Periksa jaringan."
    assert "#b00020" in dialog.test_result.styleSheet()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.test_button.isEnabled()
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text(),
            dialog.password.text(), dialog.sslmode.currentData()) == (
        "db.kantor.lan", 6543, "dinsos_pasuruan", "loket", "rahasia/pw", "require")

    # An unexpected failure is shown the same way; it does not crash the dialog.
    plain_ctx.test_connection = lambda url: 1 / 0  # type: ignore[assignment,return-value]
    dialog.test_connection()
    assert dialog.test_result.text().startswith("Koneksi gagal")
    assert dialog.isVisible()

    plain_ctx.test_connection = lambda url: "Terhubung ke PostgreSQL 17."
    dialog.test_connection()
    assert dialog.test_result.text() == "Terhubung ke PostgreSQL 17."
    assert "#1b5e20" in dialog.test_result.styleSheet()

    qtbot.keyClick(dialog.host, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = plain_ctx.settings_store.load()
    assert saved == DatabaseSettings("postgresql", "", "db.kantor.lan", 6543, "dinsos_pasuruan",
                                     "loket", "rahasia/pw", "require")
    assert dialog.chosen_settings() == saved
    assert dialog.chosen_url() == tried[0]


def test_connection_dialog_prefills_and_chooses_sqlite_file(
        qtbot: Any, plain_ctx: AppContext, runner: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    plain_ctx.settings_store.save(DatabaseSettings("postgresql", host="10.0.0.5", port=5433,
                                                   database="dinsos", user="admin",
                                                   sslmode="verify-full"))
    monkeypatch.setenv(ENV_DATABASE_URL, "sqlite:///lain.sqlite3")
    dialog = _connection_dialog(qtbot, plain_ctx, runner)
    assert dialog.pg_radio.isChecked()
    assert (dialog.host.text(), dialog.port.value(), dialog.sslmode.currentData()) == (
        "10.0.0.5", 5433, "verify-full")
    assert "Wajib TLS dan periksa sertifikat" in dialog.sslmode.currentText()
    note = dialog.findChild(QLabel, "overrideNote").text()
    assert ENV_DATABASE_URL in note and "--db" in note

    target = tmp_path / "kantor" / "dinsos.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _click_radio(qtbot, dialog.sqlite_radio)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.sqlite_path.text() == str(target)
    assert dialog.chosen_url() == f"sqlite:///{target}"
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert plain_ctx.settings_store.load().kind == "sqlite"
    assert plain_ctx.settings_store.load().host == "10.0.0.5"  # the server settings are kept


def test_connection_dialog_cancel_keeps_the_saved_settings(
        qtbot: Any, plain_ctx: AppContext, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = _connection_dialog(qtbot, plain_ctx, runner)
    dialog.pg_radio.setChecked(True)
    dialog.host.setText("server")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not (tmp_path / "s.ini").exists()
