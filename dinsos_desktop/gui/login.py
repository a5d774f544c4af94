"""Login and first-start dialogs. They collect input; the caller runs the use case off the GUI
thread and reports back with ``show_result``."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import DomainError, ValidationError
from dinsos_desktop.gui.forms.ui_login_dialog import Ui_LoginDialog
from dinsos_desktop.gui.widgets import FieldError, FormErrors


class LoginDialog(QDialog):
    """The form is ui/login_dialog.ui (Qt Designer), composed rather than inherited."""

    submitted = Signal(str, str)  # username, password

    def __init__(self, office_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.setObjectName("loginDialog")
        self.username = self.ui.username
        self.password = self.ui.password
        self.error = self.ui.loginError
        self.error.hide()
        self.ui.heading.setText(f"<b>{escape(office_name)}</b>")
        self.buttons = self.ui.buttons
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Masuk"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.username.setFocus()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _submit(self) -> None:
        if not self.username.text().strip():
            self._show_error(self.tr("Isi nama pengguna."))
            self.username.setFocus()
            return
        if not self.password.text():
            self._show_error(self.tr("Isi kata sandi."))
            self.password.setFocus()
            return
        self._show_error("")
        self.setEnabled(False)
        self.submitted.emit(self.username.text(), self.password.text())

    def show_failure(self, exc: DomainError) -> None:
        self.setEnabled(True)
        self._show_error(exc.message)
        self.password.clear()
        self.password.setFocus()


class FirstAdminDialog(QDialog):
    """First start on an empty database: whoever installs the application creates the admin."""

    submitted = Signal(str, str, str)  # username, full name, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(self.tr("Buat akun admin — Dinsos Desktop"))
        intro = QLabel(self.tr(
            "Selamat datang. Basis data ini belum memiliki pengguna. Buat akun admin pertama: "
            "admin mengelola pengguna, profil kantor, dan katalog standar pelayanan."), self)
        intro.setWordWrap(True)
        self.username = QLineEdit("admin", self)
        self.username.setObjectName("username")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(self)
        self.password2.setObjectName("password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        labels = {k: FieldError(self) for k in ("username", "full_name", "password", "password2")}
        self.general = FieldError(self)
        self.errors = FormErrors(labels, self.general)
        form = QFormLayout()
        form.addRow(self.tr("&Nama pengguna:"), self.username)
        form.addRow("", labels["username"])
        form.addRow(self.tr("Nama &lengkap:"), self.full_name)
        form.addRow("", labels["full_name"])
        form.addRow(self.tr("&Kata sandi:"), self.password)
        form.addRow("", labels["password"])
        form.addRow(self.tr("&Ulangi kata sandi:"), self.password2)
        form.addRow("", labels["password2"])
        hint = QLabel(self.tr("Kata sandi minimal 8 karakter, memuat huruf dan angka."), self)
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        # Alt+A: Alt+B is "&Batal" here as in every dialog; a shared key would only move the focus.
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buat &akun"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def _submit(self) -> None:
        if self.password.text() != self.password2.text():
            self.errors.show({"password2": self.tr("Kedua kata sandi tidak sama.")})
            self.password2.setFocus()
            return
        self.errors.clear()
        self.setEnabled(False)
        self.submitted.emit(self.username.text(), self.full_name.text(), self.password.text())

    def show_failure(self, exc: DomainError) -> None:
        self.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
        else:
            self.errors.show({"": exc.message})
