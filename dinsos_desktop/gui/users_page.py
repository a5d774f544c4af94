"""User accounts for the admin: list, add, edit, reset a password, deactivate; and the dialog in
which every user changes their own password."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import ConflictError, DomainError, ValidationError
from dinsos_desktop.domain.office import format_nip
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row, to_local
from dinsos_desktop.reports.formatting import format_date, format_datetime
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import UserDTO


def _status_message(widget: QWidget, text: str) -> None:
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def _password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


# --------------------------------------------------------------------------- table model


class UserTableModel(ReadOnlyTableModel[UserDTO]):
    """All accounts (an office has a few dozen at most: kept in memory)."""

    USERNAME, FULL_NAME, NIP, ROLES, STATUS, CREATED = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("UserTableModel", "Nama pengguna"), tr("UserTableModel", "Nama lengkap"),
                          tr("UserTableModel", "NIP"), tr("UserTableModel", "Peran"),
                          tr("UserTableModel", "Status"), tr("UserTableModel", "Dibuat")), parent)
        self._now = dt.datetime.now(dt.UTC)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(user, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not self.is_usable(user):
            return QBrush(QColor("#777777"))
        return None

    def _text(self, user: UserDTO, column: int) -> str:
        if column == self.USERNAME:
            return user.username
        if column == self.FULL_NAME:
            return user.full_name
        if column == self.NIP:
            return format_nip(user.nip)
        if column == self.ROLES:
            return user.roles_label()
        if column == self.STATUS:
            return self.status_text(user)
        if column == self.CREATED:
            return format_date(to_local(user.created_at).date())
        return ""

    def is_locked(self, user: UserDTO) -> bool:
        return user.locked_until is not None and user.locked_until > self._now

    def is_usable(self, user: UserDTO) -> bool:
        return user.is_active and not self.is_locked(user)

    def status_text(self, user: UserDTO) -> str:
        if not user.is_active:
            return self.tr("Nonaktif")
        if self.is_locked(user) and user.locked_until is not None:
            until = to_local(user.locked_until)
            if until.date() == to_local(self._now).date():
                return self.tr("Terkunci sampai pukul {time}").format(time=until.strftime("%H.%M"))
            return self.tr("Terkunci sampai {moment}").format(moment=format_datetime(until))
        return self.tr("Aktif")

    def set_users(self, users: list[UserDTO]) -> None:
        self.beginResetModel()
        self._rows = list(users)
        self._now = dt.datetime.now(dt.UTC)
        self.endResetModel()

    def user_at(self, row: int) -> UserDTO | None:
        return self.row_at(row)

    def row_of(self, user_id: int) -> int:
        return next((i for i, u in enumerate(self._rows) if u.id == user_id), -1)


# --------------------------------------------------------------------------- dialogs


class _Dialog(QDialog):
    """Shared plumbing: OK/Cancel buttons, field errors, running one use case."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Simpan"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.field_errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self.errors = FormErrors(self.field_errors, self.general)

    def add_field(self, grid: QGridLayout, key: str, label: str, widget: QWidget,
                  *, top: bool = False) -> QLabel:
        error = FieldError(self)
        error.setObjectName(f"{key}Error")
        self.field_errors[key] = error
        self.fields[key] = widget
        return grid_row(grid, label, widget, error, top=top)

    def new_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.errors.clear()
        self.ok_button.setEnabled(False)
        self.runner.run_db(fn, lambda result: self._finish(on_done, result), self._failed)

    def _finish(self, on_done: Callable[[Any], None], result: Any) -> None:
        self.ok_button.setEnabled(True)
        on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_field_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self.conflicted(exc)
        else:
            report_error(self, exc)

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
        fit_height(self)
        for key in errors:
            widget = self.fields.get(key)
            if widget is not None:
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break

    def conflicted(self, exc: ConflictError) -> None:
        report_error(self, exc)

    def submit(self) -> None:
        raise NotImplementedError


class UserDialog(_Dialog):
    """Adds an account (``user`` is None) or edits one."""

    saved = Signal(object)  # UserDTO
    stale = Signal()  # another workstation changed the account: the list should reload

    def __init__(self, ctx: AppContext, runner: TaskRunner, user: UserDTO | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.user = user
        self.setObjectName("userDialog")
        self.setWindowTitle(self.tr("Tambah pengguna") if user is None else self.tr("Ubah pengguna"))
        self.setMinimumWidth(520)

        form = self.new_grid()
        if user is None:
            self.username: QLineEdit | None = QLineEdit(self)
            self.username.setObjectName("username")
            self.username.setMaxLength(32)
            self.username.setPlaceholderText(self.tr("huruf kecil, misalnya siti.aminah"))
            self.add_field(form, "username", self.tr("&Nama pengguna:"), self.username)
        else:
            self.username = None
            shown = QLabel(f"<b>{user.username}</b>", self)
            shown.setObjectName("usernameShown")
            form.addWidget(QLabel(self.tr("Nama pengguna:"), self), 0, 0)
            form.addWidget(shown, 0, 1)
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.add_field(form, "full_name", self.tr("Nama &lengkap:"), self.full_name)
        self.nip = QLineEdit(self)
        self.nip.setObjectName("nip")
        self.nip.setMaxLength(21)
        self.nip.setPlaceholderText(self.tr("18 angka; kosongkan bila bukan ASN"))
        self.add_field(form, "nip", self.tr("NI&P:"), self.nip)

        roles_box = QWidget(self)
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        roles_layout.setSpacing(2)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(role.label, roles_box)
            box.setObjectName(f"role_{role.value}")
            roles_layout.addWidget(box)
            self.role_boxes[role] = box
        roles_label = self.add_field(form, "roles", self.tr("Pe&ran:"), roles_box, top=True)
        roles_label.setBuddy(self.role_boxes[Role.FRONT_OFFICE])
        self.fields["roles"] = self.role_boxes[Role.FRONT_OFFICE]

        self.password: QLineEdit | None = None
        self.password2: QLineEdit | None = None
        if user is None:
            self.password = _password_edit(self, "password")
            self.add_field(form, "password", self.tr("&Kata sandi:"), self.password)
            self.password2 = _password_edit(self, "password2")
            self.add_field(form, "password2", self.tr("&Ulangi kata sandi:"), self.password2)

        # Shown after a conflicting edit: what the other workstation saved.
        self.conflict_label = QLabel(self)
        self.conflict_label.setObjectName("conflictMessage")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet(
            "QLabel { background: #fff4e5; border: 1px solid #e0a040; padding: 6px; }")
        self.conflict_label.hide()
        self.use_latest = QPushButton(self.tr("Pakai data &terbaru"), self)
        self.use_latest.setObjectName("useLatest")
        self.use_latest.setAutoDefault(False)
        self.use_latest.clicked.connect(self.load_latest)
        self.use_latest.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if user is None:
            hint = QLabel(self.tr("Kata sandi minimal 8 karakter, memuat huruf dan angka. "
                                  "Sampaikan kepada pengguna; ia dapat menggantinya sendiri."), self)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.conflict_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.use_latest)
        layout.addLayout(row)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if user is not None:
            self._fill(user)
            self.full_name.setFocus()
        else:
            assert self.username is not None
            self.username.setFocus()

    def _fill(self, user: UserDTO) -> None:
        self.full_name.setText(user.full_name)
        self.nip.setText(format_nip(user.nip))
        for role, box in self.role_boxes.items():
            box.setChecked(role in user.roles)

    def selected_roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def submit(self) -> None:
        factory = self.ctx.uow_factory
        actor = self.ctx.actor
        if actor is None:
            return
        full_name, nip, roles = self.full_name.text(), self.nip.text().strip(), self.selected_roles()
        if self.user is None:
            assert self.username is not None and self.password is not None and self.password2 is not None
            username, password = self.username.text(), self.password.text()
            if password and password != self.password2.text():
                self.errors.clear()
                self.show_field_errors({"password2": self.tr("Kedua kata sandi tidak sama.")})
                return
            self.run(lambda: user_service.create_user(factory(), actor, username, full_name, roles,
                                                      password, nip=nip), self._saved)
        else:
            user_id, expected = self.user.id, self.user.version
            self.run(lambda: user_service.update_user(factory(), actor, user_id, full_name=full_name,
                                                      nip=nip, roles=roles, expected_version=expected),
                     self._saved)

    def _saved(self, user: UserDTO) -> None:
        self.saved.emit(user)
        self.accept()

    def conflicted(self, exc: ConflictError) -> None:
        """Another workstation saved first. Keep what was typed, show what is stored now."""
        assert self.user is not None
        factory, actor, user_id = self.ctx.uow_factory, self.ctx.actor, self.user.id
        if actor is None:
            return

        def reloaded(users: list[UserDTO]) -> None:
            latest = next((u for u in users if u.id == user_id), None)
            self.stale.emit()
            if latest is None:
                self.general.show_message(self.tr(
                    "Pengguna ini sudah tidak ada di basis data (dihapus dari workstation lain)."))
                self.ok_button.setEnabled(False)
                return
            self.user = latest  # the next save starts from the stored version, knowingly
            nip = format_nip(latest.nip) or "—"
            self.conflict_label.setText(self.tr(
                "<b>Pengguna ini baru saja diubah di workstation lain.</b> Perubahan Anda "
                "<b>belum disimpan</b>. Data yang tersimpan sekarang:<br>"
                "Nama lengkap: {name}<br>NIP: {nip}<br>Peran: {roles}<br><br>"
                "Isian Anda tetap di formulir. Periksa, lalu tekan <i>Simpan</i> untuk menerapkan "
                "isian Anda atas data terbaru, atau <i>Pakai data terbaru</i> untuk membuang isian "
                "Anda.").format(name=latest.full_name, nip=nip, roles=latest.roles_label() or "—"))
            self.conflict_label.show()
            self.use_latest.show()
            fit_height(self)
            self.full_name.setFocus()

        self.runner.run_db(lambda: user_service.list_users(factory(), actor), reloaded,
                           lambda e: report_error(self, e))

    def load_latest(self) -> None:
        if self.user is not None:
            self._fill(self.user)
        self.conflict_label.hide()
        self.use_latest.hide()
        self.errors.clear()
        self.full_name.setFocus()


class ResetPasswordDialog(_Dialog):
    """The admin sets a new password; this also lifts a lockout."""

    saved = Signal(object)  # UserDTO

    def __init__(self, ctx: AppContext, runner: TaskRunner, user: UserDTO,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.user = user
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Atur ulang kata sandi"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("Kata sandi baru untuk <b>{name}</b> ({username}). Penguncian akun "
                               "karena salah kata sandi ikut dibuka.").format(
                                   name=user.full_name, username=user.username), self)
        intro.setWordWrap(True)
        form = self.new_grid()
        self.password = _password_edit(self, "password")
        self.add_field(form, "password", self.tr("Kata sandi &baru:"), self.password)
        self.password2 = _password_edit(self, "password2")
        self.add_field(form, "password2", self.tr("&Ulangi kata sandi:"), self.password2)
        hint = QLabel(self.tr("Minimal 8 karakter, memuat huruf dan angka."), self)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Bat&al"))
        self.password.setFocus()

    def submit(self) -> None:
        factory, actor, user_id = self.ctx.uow_factory, self.ctx.actor, self.user.id
        password = self.password.text()
        if actor is None:
            return
        if password and password != self.password2.text():
            self.errors.clear()
            self.show_field_errors({"password2": self.tr("Kedua kata sandi tidak sama.")})
            return
        self.run(lambda: user_service.reset_password(factory(), actor, user_id, password), self._saved)

    def _saved(self, user: UserDTO) -> None:
        self.saved.emit(user)
        self.accept()


class ChangePasswordDialog(_Dialog):
    """Every user changes their own password here (menu Berkas → Ganti kata sandi)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Ganti kata sandi"))
        self.setMinimumWidth(460)
        form = self.new_grid()
        self.old_password = _password_edit(self, "oldPassword")
        self.add_field(form, "old_password", self.tr("Kata sandi &lama:"), self.old_password)
        self.new_password = _password_edit(self, "newPassword")
        self.add_field(form, "new_password", self.tr("Kata sandi &baru:"), self.new_password)
        self.new_password2 = _password_edit(self, "newPassword2")
        self.add_field(form, "new_password2", self.tr("&Ulangi kata sandi baru:"), self.new_password2)
        hint = QLabel(self.tr("Minimal 8 karakter, memuat huruf dan angka."), self)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        actor = ctx.actor
        if actor is not None:
            layout.addWidget(QLabel(self.tr("Akun: <b>{name}</b> ({username})").format(
                name=actor.full_name, username=actor.username), self))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Bat&al"))
        self.old_password.setFocus()

    def submit(self) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        old, new = self.old_password.text(), self.new_password.text()
        if actor is None:
            return
        if not old:
            self.errors.clear()
            self.show_field_errors({"old_password": self.tr("Isi kata sandi lama.")})
            return
        if new and new != self.new_password2.text():
            self.errors.clear()
            self.show_field_errors({"new_password2": self.tr("Kedua kata sandi tidak sama.")})
            return
        self.run(lambda: user_service.change_own_password(factory(), actor, old, new), self._changed)

    def _changed(self, _result: object) -> None:
        parent = self.parentWidget()
        if parent is not None:
            _status_message(parent, self.tr("Kata sandi Anda sudah diganti."))
        self.accept()


# --------------------------------------------------------------------------- the page


class UsersPage(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPage")
        self.ctx = ctx
        self.runner = runner
        self.dialog: QDialog | None = None

        heading = QLabel(self.tr("<h3>Pengguna</h3>"), self)
        intro = QLabel(self.tr("Akun petugas dan perannya. Peran menentukan halaman dan tindakan "
                               "yang boleh dipakai. Akun yang tidak dipakai lagi dinonaktifkan, "
                               "tidak dihapus, agar jejak auditnya tetap utuh."), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")

        self.model = UserTableModel(self)
        self.table = register_view(self, self.model, "usersTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UserTableModel.FULL_NAME, QHeaderView.ResizeMode.Stretch)

        self.table.activated.connect(lambda _index: self.edit_user())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(self.tr("&Tambah pengguna…"), self)
        self.add_button.setObjectName("addUser")
        self.add_button.setToolTip(self.tr("Tambah akun baru (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_user)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editUser")
        self.edit_button.setToolTip(self.tr("Ubah nama, NIP, dan peran (Enter pada baris)"))
        self.edit_button.clicked.connect(self.edit_user)
        self.reset_button = QPushButton(self.tr("Atur ulang kata &sandi…"), self)
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button = QPushButton(self.tr("N&onaktifkan"), self)
        self.toggle_button.setObjectName("toggleActive")
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reload_button = QPushButton(self.tr("&Muat ulang"), self)
        self.reload_button.setObjectName("reloadUsers")
        self.reload_button.setToolTip(self.tr("Muat ulang daftar dari basis data (F5)"))
        self.reload_button.clicked.connect(lambda: self.refresh())
        for button in (self.add_button, self.edit_button, self.reset_button, self.toggle_button,
                       self.reload_button):
            button.setAutoDefault(False)

        self.status = QLabel(self)
        self.status.setObjectName("usersStatus")
        self.status.setStyleSheet("color: #1b5e20;")

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        QShortcut(QKeySequence.StandardKey.New, self, self.add_user)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_user)
        QShortcut(QKeySequence.StandardKey.Refresh, self, lambda: self.refresh())
        self.setTabOrder(self.table, self.add_button)
        self.setTabOrder(self.add_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.reset_button)
        self.setTabOrder(self.reset_button, self.toggle_button)
        self.setTabOrder(self.toggle_button, self.reload_button)
        self._update_buttons()

    # ------------------------------------------------------------------ data

    def refresh(self, select_id: int | None = None) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        factory = self.ctx.uow_factory
        keep = select_id if select_id is not None else self._selected_id()
        self.runner.run_db(lambda: user_service.list_users(factory(), actor),
                           lambda users: self._loaded(users, keep), lambda e: report_error(self, e))

    def _loaded(self, users: list[UserDTO], keep: int | None) -> None:
        self.model.set_users(users)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _selected_id(self) -> int | None:
        user = self.selected_user()
        return user.id if user else None

    def selected_user(self) -> UserDTO | None:
        index = self.table.currentIndex()
        return self.model.user_at(index.row()) if index.isValid() else None

    def select_username(self, username: str) -> bool:
        for row in range(self.model.rowCount()):
            user = self.model.user_at(row)
            if user is not None and user.username == username:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.edit_button, self.reset_button, self.toggle_button):
            button.setEnabled(user is not None)
        if user is None:
            self.toggle_button.setText(self.tr("N&onaktifkan"))
            return
        self.toggle_button.setText(self.tr("N&onaktifkan") if user.is_active else self.tr("&Aktifkan"))
        own = self.ctx.actor is not None and user.id == self.ctx.actor.user_id
        self.toggle_button.setEnabled(not (own and user.is_active))
        self.toggle_button.setToolTip(
            self.tr("Akun sendiri tidak dapat dinonaktifkan.") if own and user.is_active else
            self.tr("Pengguna nonaktif tidak dapat masuk; riwayatnya tetap tersimpan."))

    # ------------------------------------------------------------------ actions

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_user(self) -> UserDialog:
        dialog = UserDialog(self.ctx, self.runner, None, self)
        dialog.saved.connect(lambda u: self._done(u, self.tr("Pengguna {username} ditambahkan.")))
        self._open(dialog)
        return dialog

    def edit_user(self) -> UserDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = UserDialog(self.ctx, self.runner, user, self)
        dialog.saved.connect(lambda u: self._done(u, self.tr("Data pengguna {username} disimpan.")))
        dialog.stale.connect(lambda: self.refresh(user.id))
        self._open(dialog)
        return dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self.ctx, self.runner, user, self)
        dialog.saved.connect(
            lambda u: self._done(u, self.tr("Kata sandi {username} sudah diatur ulang.")))
        self._open(dialog)
        return dialog

    def toggle_active(self) -> None:
        user, actor, factory = self.selected_user(), self.ctx.actor, self.ctx.uow_factory
        if user is None or actor is None:
            return
        activate = not user.is_active
        if not activate:
            answer = QMessageBox.question(
                self, self.tr("Nonaktifkan pengguna"),
                self.tr("Nonaktifkan {name} ({username})? Ia tidak dapat masuk lagi sampai "
                        "diaktifkan kembali. Riwayat dan jejak auditnya tetap tersimpan.").format(
                            name=user.full_name, username=user.username),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        message = (self.tr("Pengguna {username} diaktifkan.") if activate
                   else self.tr("Pengguna {username} dinonaktifkan."))
        user_id, version = user.id, user.version

        def failed(exc: BaseException) -> None:
            report_error(self, exc)
            if isinstance(exc, DomainError):
                self.refresh(user_id)  # e.g. a conflicting edit: show what is stored now

        self.runner.run_db(
            lambda: user_service.set_active(factory(), actor, user_id, activate,
                                            expected_version=version),
            lambda u: self._done(u, message), failed)

    def _done(self, user: UserDTO, message: str) -> None:
        text = message.format(username=user.username)
        self.status.setText(text)
        _status_message(self, text)
        self.refresh(user.id)
        self.table.setFocus()
