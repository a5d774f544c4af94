"""Open an application from anywhere in the main window: the "Buka berkas" box (a tracking or
return-slip number, a receipt's QR payload, an NIK, a name) and the chooser shown when an NIK or
a name finds several files; the queue counts in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.workflow import STATUS_LABELS, Status
from dinsos_desktop.services.dto import ApplicationDTO, QueueCounts


def _status_label(status: str) -> str:
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status


class QuickOpenBox(QLineEdit):
    """Type a number, NIK or name and press Enter; ``submitted`` carries the text."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickOpen")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Buka berkas: nomor, pindai QR, NIK atau nama (Ctrl+O)"))
        self.setMinimumWidth(340)
        self.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.text().strip()
        if text:
            self.submitted.emit(text)


class ApplicationChooser(QDialog):
    """The files an NIK or a name found: Enter opens the selected one."""

    def __init__(self, query: str, applications: Sequence[ApplicationDTO],
                 format_date: Callable[[ApplicationDTO], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationChooser")
        self.setWindowTitle(self.tr("Pilih berkas"))
        self.resize(760, 380)
        self.chosen: int | None = None
        self.applications = list(applications)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Berkas untuk \u201c{query}\u201d ({n}):").format(
            query=query, n=len(self.applications)), self))
        self.table = QTableWidget(len(self.applications), 5, self)
        self.table.setObjectName("chooserTable")
        self.table.setHorizontalHeaderLabels([self.tr("Nomor"), self.tr("Pemohon"), self.tr("Layanan"),
                                              self.tr("Status"), self.tr("Tanggal")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        for row, app in enumerate(self.applications):
            values = [app.tracking_number or app.return_slip_number or "", app.applicant_name,
                      f"{app.standard_code} — {app.standard_title}", _status_label(app.status),
                      format_date(app)]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if self.applications:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Open).setText(self.tr("&Buka"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus()

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def accept(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.applications):
            self.chosen = self.applications[row].id
        super().accept()


class QueueCountsButton(QPushButton):
    """The queue counts in the status bar; clicking opens the queues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueCounts")
        self.setFlat(True)
        self.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.setToolTip(self.tr("Antrean kerja (Ctrl+Shift+Q)"))
        self.counts: QueueCounts | None = None
        self.hide()

    def set_counts(self, counts: QueueCounts | None) -> None:
        self.counts = counts
        if counts is None:
            self.hide()
            return
        self.setText(self.tr("Terlambat {overdue} · Jatuh tempo hari ini {today} · ≤ 2 hari kerja "
                             "{soon} · Siap diambil {ready}").format(
            overdue=counts.overdue, today=counts.due_today, soon=counts.due_soon, ready=counts.ready))
        self.setStyleSheet("QPushButton { color: #b00020; font-weight: bold; }" if counts.overdue
                           else "")
        self.show()
