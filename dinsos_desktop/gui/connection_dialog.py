"""Which database this workstation uses: the embedded SQLite file or the office's PostgreSQL server."""

from __future__ import annotations

import itertools
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.config import ENV_DATABASE_URL, SSL_MODES, DatabaseSettings
from dinsos_desktop.domain.errors import DomainError
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row

log = logging.getLogger(__name__)

OK_STYLE = "QLabel { color: #1b5e20; background: #e8f5e9; padding: 6px; }"
FAIL_STYLE = "QLabel { color: #b00020; background: #fdecee; padding: 6px; }"
BUSY_STYLE = "QLabel { color: #444; padding: 6px; }"


class ConnectionDialog(QDialog):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("Koneksi basis data"))
        self.setMinimumWidth(600)
        self.ctx = ctx
        self.runner = runner
        self._closed = False
        self._testing = False

        intro = QLabel(self.tr("Pilih basis data yang dipakai workstation ini. Pengaturan ini hanya "
                               "berlaku di komputer ini."), self)
        intro.setWordWrap(True)
        if os.environ.get(ENV_DATABASE_URL, "").strip():
            override = QLabel(self.tr(
                "<b>Perhatian:</b> variabel lingkungan {var} sedang diisi. Selama variabel itu (atau "
                "opsi --db) diberikan, aplikasi memakai alamat tersebut saat dibuka, bukan "
                "pengaturan yang disimpan di sini.").format(var=ENV_DATABASE_URL), self)
            override.setStyleSheet("QLabel { background: #fff4e5; border: 1px solid #e0a040; "
                                   "padding: 6px; }")
        else:
            override = QLabel(self.tr("Opsi --db atau variabel lingkungan {var}, bila diberikan saat "
                                      "aplikasi dibuka, mengesampingkan pengaturan ini.").format(
                                          var=ENV_DATABASE_URL), self)
            override.setStyleSheet("color: #555;")
        override.setObjectName("overrideNote")
        override.setWordWrap(True)

        # ---- the two kinds
        self.sqlite_radio = QRadioButton(self.tr("Basis data &lokal (SQLite, satu komputer)"), self)
        self.sqlite_radio.setObjectName("kindSqlite")
        self.pg_radio = QRadioButton(self.tr("Server Post&greSQL (jaringan kantor)"), self)
        self.pg_radio.setObjectName("kindPostgresql")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.sqlite_radio)
        self.kind_group.addButton(self.pg_radio)
        self.sqlite_radio.toggled.connect(lambda _checked: self._update_enabled())

        labels: dict[str, FieldError] = {}

        def error(key: str, parent: QWidget) -> FieldError:
            label = FieldError(parent)
            label.setObjectName(f"{key}Error")
            labels[key] = label
            return label

        # ---- SQLite
        self.sqlite_box = QWidget(self)
        sqlite_form = QGridLayout(self.sqlite_box)
        sqlite_form.setContentsMargins(24, 0, 0, 0)
        sqlite_form.setColumnStretch(1, 1)
        sqlite_form.setVerticalSpacing(4)
        self.sqlite_path = QLineEdit(self.sqlite_box)
        self.sqlite_path.setObjectName("sqlitePath")
        self.sqlite_path.setPlaceholderText(self.tr("kosong: lokasi bawaan"))
        self.browse_button = QPushButton(self.tr("&Pilih…"), self.sqlite_box)
        self.browse_button.setObjectName("browseSqlite")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        grid_row(sqlite_form, self.tr("Berkas basis &data:"), self.sqlite_path,
                 error("sqlite_path", self.sqlite_box))
        sqlite_form.addWidget(self.browse_button, 0, 2)
        self.default_note = QLabel(self.tr("Kosongkan untuk memakai lokasi bawaan:\n{path}").format(
            path=self._default_sqlite_path() or self.tr("(tidak diketahui)")), self.sqlite_box)
        self.default_note.setObjectName("defaultSqliteNote")
        self.default_note.setWordWrap(True)
        self.default_note.setStyleSheet("color: #555;")
        sqlite_form.addWidget(self.default_note, sqlite_form.rowCount(), 1, 1, 2)

        # ---- PostgreSQL
        self.pg_box = QWidget(self)
        pg_form = QGridLayout(self.pg_box)
        pg_form.setContentsMargins(24, 0, 0, 0)
        pg_form.setColumnStretch(1, 1)
        pg_form.setVerticalSpacing(4)
        self.host = QLineEdit(self.pg_box)
        self.host.setObjectName("host")
        self.host.setPlaceholderText(self.tr("nama atau alamat IP server, misalnya 192.168.1.10"))
        self.port = QSpinBox(self.pg_box)
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setGroupSeparatorShown(False)
        self.port.setMaximumWidth(110)
        self.database = QLineEdit(self.pg_box)
        self.database.setObjectName("database")
        self.user = QLineEdit(self.pg_box)
        self.user.setObjectName("user")
        self.password = QLineEdit(self.pg_box)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox(self.pg_box)
        self.sslmode.setObjectName("sslmode")
        explanations = {
            "disable": self.tr("Tanpa TLS"),
            "prefer": self.tr("TLS bila tersedia"),
            "require": self.tr("Wajib TLS"),
            "verify-ca": self.tr("Wajib TLS dan periksa sertifikat"),
            "verify-full": self.tr("Wajib TLS dan periksa sertifikat serta nama server"),
        }
        for mode in SSL_MODES:
            self.sslmode.addItem(f"{explanations.get(mode, mode)} ({mode})", mode)
        for key, text, widget in (("host", self.tr("&Alamat server:"), self.host),
                                  ("port", self.tr("P&ort:"), self.port),
                                  ("database", self.tr("&Nama basis data:"), self.database),
                                  ("user", self.tr("Pengg&una:"), self.user),
                                  ("password", self.tr("&Kata sandi:"), self.password),
                                  ("sslmode", self.tr("&Mode TLS:"), self.sslmode)):
            grid_row(pg_form, text, widget, error(key, self.pg_box))
        tls_hint = QLabel(self.tr("Di jaringan kantor yang tidak tepercaya, pilih Wajib TLS. Pemeriksaan "
                                  "sertifikat memerlukan sertifikat CA server di komputer ini."),
                          self.pg_box)
        tls_hint.setWordWrap(True)
        tls_hint.setStyleSheet("color: #555;")
        pg_form.addWidget(tls_hint, pg_form.rowCount(), 1)

        # ---- test, errors, buttons
        self.test_button = QPushButton(self.tr("&Tes koneksi"), self)
        self.test_button.setObjectName("testConnection")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.hide()
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(labels, self.general)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Simpan"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(override)
        layout.addSpacing(6)
        layout.addWidget(self.sqlite_radio)
        layout.addWidget(self.sqlite_box)
        layout.addWidget(self.pg_radio)
        layout.addWidget(self.pg_box)
        layout.addLayout(test_row)
        layout.addWidget(self.test_result)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        order: list[QWidget] = [self.sqlite_radio, self.sqlite_path, self.browse_button, self.pg_radio,
                                self.host, self.port, self.database, self.user, self.password,
                                self.sslmode, self.test_button, self.save_button,
                                self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        self._fill(ctx.settings_store.load())
        (self.sqlite_radio if self.sqlite_radio.isChecked() else self.pg_radio).setFocus()

    # ------------------------------------------------------------------ form

    def _default_sqlite_path(self) -> str:
        try:
            url = self.ctx.url_for(DatabaseSettings(kind="sqlite", sqlite_path=""))
            return DatabaseSettings.from_url(url).sqlite_path
        except Exception:  # only a hint: it never stops the dialog
            log.debug("No default SQLite path", exc_info=True)
            return ""

    def _fill(self, settings: DatabaseSettings) -> None:
        (self.pg_radio if settings.kind == "postgresql" else self.sqlite_radio).setChecked(True)
        self.sqlite_path.setText(settings.sqlite_path)
        self.host.setText(settings.host)
        self.port.setValue(settings.port if 1 <= settings.port <= 65535 else 5432)
        self.database.setText(settings.database)
        self.user.setText(settings.user)
        self.password.setText(settings.password)
        index = self.sslmode.findData(settings.sslmode)
        self.sslmode.setCurrentIndex(index if index >= 0 else self.sslmode.findData("prefer"))
        self._update_enabled()

    def _update_enabled(self) -> None:
        sqlite = self.sqlite_radio.isChecked()
        self.sqlite_box.setEnabled(sqlite)
        self.pg_box.setEnabled(not sqlite)

    def chosen_settings(self) -> DatabaseSettings:
        # A port box left empty (or half typed) is no port at all; validate() says so.
        port = self.port.value() if self.port.hasAcceptableInput() else 0
        return DatabaseSettings(
            kind="postgresql" if self.pg_radio.isChecked() else "sqlite",
            sqlite_path=self.sqlite_path.text().strip(),
            host=self.host.text().strip(),
            port=port,
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            password=self.password.text(),
            sslmode=self.sslmode.currentData() or "prefer",
        )

    def chosen_url(self) -> str:
        return self.ctx.url_for(self.chosen_settings())

    def _validated(self) -> DatabaseSettings | None:
        settings = self.chosen_settings()
        errors = settings.validate()
        if settings.kind == "sqlite" and settings.sqlite_path and Path(settings.sqlite_path).is_dir():
            errors["sqlite_path"] = self.tr("Ini sebuah folder; pilih atau ketik nama berkas.")
        if errors:
            self.errors.show(errors)
            fit_height(self)
            focus = {"host": self.host, "port": self.port, "database": self.database,
                     "user": self.user, "sslmode": self.sslmode, "sqlite_path": self.sqlite_path}
            first = next((focus[k] for k in errors if k in focus), None)
            if first is not None:
                first.setFocus()
            return None
        self.errors.clear()
        return settings

    def browse(self) -> None:
        current = self.sqlite_path.text().strip() or self._default_sqlite_path()
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Pilih berkas basis data"), current,
            self.tr("Basis data SQLite (*.sqlite3 *.sqlite *.db);;Semua berkas (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.sqlite_path.setText(path)
            self.sqlite_path.setFocus()

    # ------------------------------------------------------------------ actions

    def test_connection(self) -> None:
        settings = self._validated()
        if settings is None or self._testing:
            return
        try:
            url = self.ctx.url_for(settings)
        except Exception as exc:  # shown in the dialog, never a crash
            self._tested(None, exc)
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet(BUSY_STYLE)
        self.test_result.setText(self.tr("Menguji koneksi…"))
        self.test_result.show()
        test = self.ctx.test_connection
        self.runner.run_db(lambda: test(url), lambda status: self._tested(status, None),
                           lambda exc: self._tested(None, exc))

    def _tested(self, status: Any, exc: BaseException | None) -> None:
        if self._closed:
            return
        self._testing = False
        self.test_button.setEnabled(True)
        if exc is None:
            self.test_result.setStyleSheet(OK_STYLE)
            self.test_result.setText(str(status) or self.tr("Koneksi berhasil."))
        elif isinstance(exc, DomainError):
            self.test_result.setStyleSheet(FAIL_STYLE)
            self.test_result.setText(exc.message)
        else:
            log.warning("Connection test failed unexpectedly", exc_info=exc)
            self.test_result.setStyleSheet(FAIL_STYLE)
            self.test_result.setText(self.tr("Koneksi gagal: {problem}").format(
                problem=str(exc) or type(exc).__name__))
        self.test_result.show()
        fit_height(self)

    def save(self) -> None:
        settings = self._validated()
        if settings is None:
            return
        try:
            self.ctx.settings_store.save(settings)
        except OSError as exc:
            self.general.show_message(self.tr("Pengaturan tidak dapat disimpan: {problem}").format(
                problem=exc.strerror or str(exc)))
            return
        self.accept()

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
