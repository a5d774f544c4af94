"""One place that shows errors. Known failures get a plain message; bugs get the crash dialog."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dinsos_desktop.domain.errors import (
    ConflictError,
    DatabaseAuthFailed,
    DatabaseError,
    DatabaseUnavailable,
    DomainError,
    PermissionDenied,
    ValidationError,
)

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def error_title(exc: BaseException) -> str:
    if isinstance(exc, DatabaseUnavailable | DatabaseAuthFailed):
        return _tr("Basis data tidak dapat dihubungi")
    if isinstance(exc, DatabaseError):
        return _tr("Masalah basis data")
    if isinstance(exc, ConflictError):
        return _tr("Data diubah di workstation lain")
    if isinstance(exc, PermissionDenied):
        return _tr("Tidak diizinkan")
    if isinstance(exc, ValidationError):
        return _tr("Isian belum benar")
    if isinstance(exc, DomainError):
        return _tr("Tidak dapat dilanjutkan")
    return _tr("Terjadi kesalahan program")


def show_error(parent: QWidget | None, exc: BaseException,
               on_fix_connection: Callable[[], None] | None = None) -> None:
    """Show ``exc`` to the user. What the user typed stays in the form that called us."""
    if isinstance(exc, DomainError):
        log.info("%s: %s", type(exc).__name__, exc.message)
        box = QMessageBox(QMessageBox.Icon.Warning, error_title(exc), exc.message,
                          QMessageBox.StandardButton.Ok, parent)
        fix = None
        if isinstance(exc, DatabaseUnavailable | DatabaseAuthFailed) and on_fix_connection:
            fix = box.addButton(_tr("Pengaturan koneksi…"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if fix is not None and box.clickedButton() is fix and on_fix_connection is not None:
            on_fix_connection()
        return
    details = getattr(exc, "formatted_traceback", None) or "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    log.error("Unexpected error\n%s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, error_title(exc),
                      _tr("Terjadi kesalahan yang tidak terduga. Pekerjaan yang sudah tersimpan "
                          "aman. Rincian teknis tercatat di berkas log; sampaikan kepada admin."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    box.exec()


def report_error(widget: QWidget, exc: BaseException) -> None:
    """The main window's handler (it can offer the connection settings), else the plain one.

    A dialog reports through the window it belongs to."""
    window = widget.window()
    parent = widget.parentWidget()
    if window is widget and parent is not None:
        window = parent.window()
    handler: Callable[[BaseException], None] | None = getattr(window, "show_error", None)
    if callable(handler) and window is not widget:
        handler(exc)
    else:
        show_error(widget, exc)
