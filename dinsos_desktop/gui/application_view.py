"""Berkas Permohonan: one application file after the counter, and everything done with it.

The head of the page says what the file is (number, status, service, applicant, due date and
the working days left); below it the standard's procedure steps as they were recorded, and tabs
with the timeline, the checklist as verified at the counter, the attachments and the handovers.

Keyboard first. A step waiting is recorded from the note box: Enter or Ctrl+Enter records it as
done (the note is optional), Ctrl+Shift+Enter skips it (the note is then the reason, required).
Ctrl+Shift+S hands the product over, Ctrl+Shift+B cancels, Ctrl+Shift+K reopens (admin),
Ctrl+Shift+T and Ctrl+Shift+P reprint the receipt and the handover receipt, F5 reloads. The
"Nomor/QR" box opens another file by its number or its receipt's QR code.

Every change names the version on screen; when another workstation changed the file meanwhile,
the services refuse with ConflictError: the page says so and shows the file as it is now.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QObject,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import ConflictError, ValidationError
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.workflow import (
    CLOSED,
    OPEN,
    RUNNING,
    STATUS_LABELS,
    Status,
    StepOutcome,
    procedure_of,
)
from dinsos_desktop.gui.checklist_model import DEPTH_ROLE, IndentDelegate
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row, to_local
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services import intake as intake_service
from dinsos_desktop.services import tracking
from dinsos_desktop.services.dto import (
    Actor,
    ApplicationDTO,
    AttachmentDTO,
    EventDTO,
    HandoverDTO,
    HandoverInput,
    HandoverReceiptData,
    ReceiptData,
    StepRecordDTO,
)
from dinsos_desktop.services.tracking import ApplicationFile

HANDOVER_PAPER_SETTING = "tracking/handover_paper"
DEFAULT_HANDOVER_PAPER = "A5"

STATUS_COLOURS = {
    Status.DRAFT: ("#555555", "#ececec"),
    Status.RETURNED: ("#8a5300", "#fff4e5"),
    Status.REGISTERED: ("#0d47a1", "#e3f0fd"),
    Status.IN_PROCESS: ("#0d47a1", "#e3f0fd"),
    Status.READY: ("#1b5e20", "#dff0d8"),
    Status.DONE: ("#37474f", "#eceff1"),
    Status.CANCELLED: ("#b00020", "#fdecea"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicationViewPage", text)


def status_text(status: str) -> str:
    """'Siap diambil': the domain's label, as a heading."""
    try:
        label = STATUS_LABELS[Status(status)]
    except ValueError:
        return status
    return _tr(label[:1].upper() + label[1:])


def event_label(event: str) -> str:
    labels = {
        "created": _tr("Berkas dibuat"),
        "registered": _tr("Terdaftar"),
        "returned": _tr("Dikembalikan"),
        "resumed": _tr("Dilanjutkan"),
        "step_done": _tr("Langkah selesai"),
        "step_skipped": _tr("Langkah dilewati"),
        "handed_over": _tr("Produk diserahkan"),
        "cancelled": _tr("Dibatalkan"),
        "reopened": _tr("Dibuka kembali"),
    }
    return labels.get(event, event)


def urgency_text(working_days_left: int | None, overdue: bool) -> str:
    """'sisa 3 hari kerja', 'jatuh tempo hari ini', 'terlambat 2 hari kerja'; '' without one."""
    if working_days_left is None:
        return ""
    if working_days_left < 0:
        return _tr("terlambat {n} hari kerja").format(n=-working_days_left)
    if working_days_left == 0:
        return _tr("terlambat (jatuh tempo hari ini)") if overdue else _tr("jatuh tempo hari ini")
    return _tr("sisa {n} hari kerja").format(n=working_days_left)


def short_moment(moment: Any) -> str:
    return to_local(moment).strftime("%d-%m-%Y %H.%M") if moment is not None else ""


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def render_handover_pdf(receipt: HandoverReceiptData, paper_key: str) -> bytes:
    """The tanda terima penyerahan (the handover receipt) as PDF bytes (runs on the report thread),
    on the papers a receipt goes to."""
    from dinsos_desktop.reports.handover import render_handover_receipt
    from dinsos_desktop.reports.paper import RECEIPT_PAPER_SIZES, paper_size

    return render_handover_receipt(receipt, paper_size(paper_key, RECEIPT_PAPER_SIZES))


@dataclass(frozen=True, slots=True)
class FileView:
    """What the page shows: the file, and who the product would go to by default."""

    file: ApplicationFile
    representative_name: str  # the kuasa who brought the file, or ""
    recipient_name: str  # the applicant (an institution: its contact person)
    recipient_id_number: str  # their NIK when known


def load_file_view(factory: Callable[[], Any], actor: Actor, application_id: int,
                   holidays: Any) -> FileView:
    """Runs on the database thread."""
    file = tracking.open_file(factory(), actor, application_id, holidays=holidays)
    app = file.application
    kuasa = ""
    if app.representative_id is not None:
        kuasa = applicant_service.get_citizen(factory(), actor, app.representative_id).full_name
    name, number = app.applicant_name, ""
    if app.citizen_id is not None:
        citizen = applicant_service.get_citizen(factory(), actor, app.citizen_id)
        name, number = citizen.full_name, citizen.nik
    elif app.institution_id is not None:
        institution = applicant_service.get_institution(factory(), actor, app.institution_id)
        name = institution.contact_name or institution.name
        if institution.contact_citizen_id is not None:
            contact = applicant_service.get_citizen(factory(), actor, institution.contact_citizen_id)
            name, number = contact.full_name, contact.nik
    return FileView(file, kuasa, name, number)


# =========================================================================== table models


@dataclass(frozen=True, slots=True)
class StepRow:
    number: int
    text: str
    record: StepRecordDTO | None
    waiting: bool


class StepsModel(ReadOnlyTableModel[StepRow]):
    NUMBER, TEXT, OUTCOME, BY, AT, NOTE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("StepsModel", "No."), tr("StepsModel", "Langkah"),
                          tr("StepsModel", "Hasil"), tr("StepsModel", "Oleh"),
                          tr("StepsModel", "Waktu"), tr("StepsModel", "Catatan / alasan")), parent)

    def load(self, standard: Standard, app: ApplicationDTO, steps: tuple[StepRecordDTO, ...]) -> None:
        recorded = {s.step_no: s for s in steps}
        waiting = app.current_step if Status(app.status) in RUNNING else None
        self.beginResetModel()
        self._rows = [StepRow(i, text, recorded.get(i), i == waiting)
                      for i, text in enumerate(procedure_of(standard.procedure_steps), start=1)]
        self.endResetModel()

    def waiting_row(self) -> int:
        return next((i for i, r in enumerate(self._rows) if r.waiting), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column, record = index.column(), row.record
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.waiting:
                return QBrush(QColor("#fff4c2"))
            if record is not None and column == self.OUTCOME:
                return QBrush(QColor("#dff0d8" if record.outcome == StepOutcome.DONE else "#ececec"))
            return None
        if role == Qt.ItemDataRole.FontRole and row.waiting:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TEXT, self.NOTE):
            return row.text if column == self.TEXT else (record.note if record else None)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.NUMBER:
            return str(row.number)
        if column == self.TEXT:
            return row.text
        if column == self.OUTCOME:
            if record is not None:
                return self.tr("Selesai") if record.outcome == StepOutcome.DONE else self.tr("Dilewati")
            return self.tr("Menunggu") if row.waiting else ""
        if record is None:
            return ""
        if column == self.BY:
            return record.user_full_name
        if column == self.AT:
            return short_moment(record.at)
        return record.note


class EventsModel(ReadOnlyTableModel[EventDTO]):
    AT, EVENT, BY, NOTE = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("EventsModel", "Waktu"), tr("EventsModel", "Peristiwa"),
                          tr("EventsModel", "Oleh"), tr("EventsModel", "Keterangan")), parent)

    def load(self, events: tuple[EventDTO, ...]) -> None:
        self.beginResetModel()
        self._rows = list(events)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        event = self.row_at(index.row()) if index.isValid() else None
        if event is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (short_moment(event.at), event_label(event.event), event.user_full_name,
                event.note)[index.column()]


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    depth: int
    key: str
    text: str
    is_heading: bool
    status: str | None
    note: str
    attachments: int


class VerifiedChecklistModel(ReadOnlyTableModel[ChecklistRow]):
    """The checklist as the counter verified it (read only)."""

    KEY, TEXT, STATUS, NOTE, ATTACHMENTS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("VerifiedChecklistModel", "Butir"),
                          tr("VerifiedChecklistModel", "Persyaratan"),
                          tr("VerifiedChecklistModel", "Hasil pemeriksaan"),
                          tr("VerifiedChecklistModel", "Catatan"),
                          tr("VerifiedChecklistModel", "Lampiran")), parent)

    def load(self, standard: Standard, app: ApplicationDTO,
             attachments: tuple[AttachmentDTO, ...]) -> None:
        items = {i.item_key: i for i in app.items}
        counts: dict[str, int] = {}
        for a in attachments:
            counts[a.item_key] = counts.get(a.item_key, 0) + 1
        rows = []
        for depth, req in standard.requirement_rows():
            item = items.get(req.key)
            rows.append(ChecklistRow(depth, req.key, req.text, bool(req.children),
                                     item.status if item else None, item.note if item else "",
                                     counts.get(req.key, 0)))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == DEPTH_ROLE:
            return row.depth if column == self.TEXT else 0
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS and row.status:
            colour = "#f8d7da" if row.status == ItemStatus.MISSING else "#e8f4e0"
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TEXT:
            return row.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.KEY:
            return row.key
        if column == self.TEXT:
            return row.text
        if column == self.STATUS:
            if row.is_heading:
                return ""
            return _tr(ItemStatus(row.status).label) if row.status else self.tr("Belum diperiksa")
        if column == self.NOTE:
            return row.note
        return str(row.attachments) if row.attachments else ""


class AttachmentsModel(ReadOnlyTableModel[AttachmentDTO]):
    KEY, NAME, KIND, SIZE, UPLOADED = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("AttachmentsModel", "Butir"), tr("AttachmentsModel", "Nama berkas"),
                          tr("AttachmentsModel", "Jenis"), tr("AttachmentsModel", "Ukuran"),
                          tr("AttachmentsModel", "Diunggah")), parent)

    def load(self, attachments: tuple[AttachmentDTO, ...]) -> None:
        self.beginResetModel()
        self._rows = list(attachments)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.row_at(index.row()) if index.isValid() else None
        if a is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        kind = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(a.mime, a.mime)
        return (a.item_key, a.filename, kind, file_size(a.size),
                short_moment(a.uploaded_at))[index.column()]


class HandoversModel(ReadOnlyTableModel[HandoverDTO]):
    AT, RECIPIENT, ID_NUMBER, AS, OFFICER, NOTE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("HandoversModel", "Waktu"), tr("HandoversModel", "Penerima"),
                          tr("HandoversModel", "Nomor identitas"), tr("HandoversModel", "Sebagai"),
                          tr("HandoversModel", "Petugas"), tr("HandoversModel", "Catatan")), parent)

    def load(self, handovers: tuple[HandoverDTO, ...]) -> None:
        self.beginResetModel()
        self._rows = list(handovers)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        h = self.row_at(index.row()) if index.isValid() else None
        if h is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        who = self.tr("Kuasa") if h.recipient_is_representative else self.tr("Pemohon")
        return (short_moment(h.at), h.recipient_name, tracking.mask_id_number(h.recipient_id_number),
                who, h.officer_full_name, h.note)[index.column()]


# =========================================================================== dialogs


class ReasonDialog(QDialog):
    """Asks why (cancel, reopen). The services judge the reason; refusals show under the field."""

    submitted = Signal(str)

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(500)
        self.reason_error = FieldError(self)
        self.reason_error.setObjectName("reasonError")
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors({"reason": self.reason_error}, self.general)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid_row(grid, self.tr("&Alasan:"), self.reason, self.reason_error)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.buttons.accepted.connect(lambda: self.submitted.emit(self.reason.text()))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(grid)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def show_errors(self, exc: ValidationError) -> None:
        errors = dict(exc.errors)
        if "status" in errors:  # the file's state refuses it: that is not about the reason
            errors.setdefault("general", errors.pop("status"))
        self.errors.show(errors)
        fit_height(self)
        self.reason.setFocus()
        self.reason.selectAll()

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)


class HandoverDialog(QDialog):
    """Who collects the product: the applicant (filled in) or a representative (kuasa)."""

    submitted = Signal(object)  # HandoverInput

    def __init__(self, number: str, products: tuple[str, ...], applicant_name: str,
                 applicant_id_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Serahkan produk — {number}").format(number=number))
        self.setMinimumWidth(520)
        self.applicant = (applicant_name, applicant_id_number)
        product_text = "<br>".join(f"• {html.escape(p)}" for p in products) or "—"
        intro = QLabel(self.tr("Produk yang diserahkan:<br><b>{products}</b>").format(
            products=product_text), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.representative = QCheckBox(self.tr("&Diwakilkan (kuasa)"), self)
        self.representative.setObjectName("representative")
        self.representative.setToolTip(self.tr("Produk diambil orang lain atas nama pemohon: isi "
                                               "nama dan nomor identitas yang mengambil"))
        self.representative.toggled.connect(self._representative_toggled)
        self.name = QLineEdit(applicant_name, self)
        self.name.setObjectName("recipientName")
        self.name.setMaxLength(200)
        self.id_number = QLineEdit(applicant_id_number, self)
        self.id_number.setObjectName("recipientIdNumber")
        self.id_number.setMaxLength(40)
        self.id_number.setPlaceholderText(self.tr("NIK 16 digit, atau nomor SIM/paspor"))
        self.note = QLineEdit(self)
        self.note.setObjectName("handoverNote")
        self.note.setMaxLength(500)
        self.name_error = FieldError(self)
        self.id_error = FieldError(self)
        self.note_error = FieldError(self)
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors({"recipient_name": self.name_error,
                                  "recipient_id_number": self.id_error,
                                  "note": self.note_error}, self.general)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.representative, 0, 1)
        grid_row(grid, self.tr("&Nama penerima:"), self.name, self.name_error)
        grid_row(grid, self.tr("NIK / nomor &identitas:"), self.id_number, self.id_error)
        grid_row(grid, self.tr("&Catatan:"), self.note, self.note_error)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("&Serahkan"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("handOver")
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.representative, self.name)
        self.setTabOrder(self.name, self.id_number)
        self.setTabOrder(self.id_number, self.note)
        # The applicant in person: Enter hands over. Space first for a representative.
        self.representative.setFocus()

    def _representative_toggled(self, on: bool) -> None:
        if on:
            if (self.name.text(), self.id_number.text()) == self.applicant:
                self.name.clear()
                self.id_number.clear()
            self.name.setFocus()
        elif not self.name.text().strip() and not self.id_number.text().strip():
            self.name.setText(self.applicant[0])
            self.id_number.setText(self.applicant[1])

    def value(self) -> HandoverInput:
        return HandoverInput(self.name.text(), self.id_number.text(),
                             self.representative.isChecked(), self.note.text())

    def submit(self) -> None:
        self.errors.clear()
        self.submitted.emit(self.value())

    def show_errors(self, exc: ValidationError) -> None:
        errors = dict(exc.errors)
        if "status" in errors:
            errors.setdefault("general", errors.pop("status"))
        self.errors.show(errors)
        fit_height(self)
        for key, field in (("recipient_name", self.name), ("recipient_id_number", self.id_number),
                           ("note", self.note)):
            if key in errors:
                field.setFocus()
                field.selectAll()
                break

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)


# =========================================================================== the page


class _PaddedDelegate(QStyledItemDelegate):
    """Wrapped rows a little taller than their text, so that they do not run together."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 4, hint.height() + 6)


def _tab_table(parent: QWidget, model: ReadOnlyTableModel[Any], name: str) -> QTableView:
    table = register_view(parent, model, name)
    table.setItemDelegate(_PaddedDelegate(table))
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ApplicationViewPage(QWidget):
    changed = Signal(int)  # the application id, after any change saved here (steps, handover, …)
    opened = Signal(int)  # a file was opened from its number or a scanned QR code

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationViewPage")
        self.ctx = ctx
        self.runner = runner
        self.view: FileView | None = None
        self.application_id: int | None = None
        self.preview: QDialog | None = None
        self.dialog: QDialog | None = None
        self._generation = 0
        self._working = False

        heading = QLabel(self.tr("<h3>Berkas Permohonan</h3>"), self)
        self.number = QLineEdit(self)
        self.number.setObjectName("numberLookup")
        self.number.setPlaceholderText(self.tr("nomor registrasi atau nomor tanda pengembalian; "
                                               "atau pindai kode QR tanda terima"))
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(lambda: self.open_number(self.number.text()))
        number_label = QLabel(self.tr("Nomor/&QR:"), self)
        number_label.setBuddy(self.number)
        self.number_message = FieldError(self)
        self.number_message.setObjectName("numberMessage")
        self.number.textEdited.connect(lambda _t: self.number_message.show_message(""))
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busy")
        self.busy_label.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(24)
        top.addWidget(number_label)
        top.addWidget(self.number, 1)
        top.addWidget(self.busy_label)
        message_row = QHBoxLayout()
        message_row.addStretch(1)
        message_row.addWidget(self.number_message, 2)

        self.placeholder = QLabel(self.tr(
            "<p style='color:#666'>Belum ada berkas yang dibuka. Ketik nomor registrasi atau "
            "pindai kode QR tanda terima di <b>Nomor/QR</b>, atau buka berkas dari antrean "
            "pekerjaan.</p>"), self)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.content = QWidget(self)
        self._build_content(self.content)
        self.content.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(message_row)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.content, 1)

        done_keys = ("Ctrl+Return", "Ctrl+Enter")
        skip_keys = ("Ctrl+Shift+Return", "Ctrl+Shift+Enter")
        for key in done_keys:
            QShortcut(QKeySequence(key), self, self.record_done)
        for key in skip_keys:
            QShortcut(QKeySequence(key), self, self.record_skipped)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.hand_over)
        QShortcut(QKeySequence("Ctrl+Shift+B"), self, self.cancel_application)
        QShortcut(QKeySequence("Ctrl+Shift+K"), self, self.reopen_application)
        QShortcut(QKeySequence("Ctrl+Shift+T"), self, self.reprint_receipt)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.reprint_handover)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        self.runner.busy_changed.connect(self._busy_changed)
        self._update_actions()

    # ================================================================== building

    def _build_content(self, content: QWidget) -> None:
        self.title = QLabel(content)
        self.title.setObjectName("fileTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(content)
        self.facts.setObjectName("fileFacts")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.title, 3)
        head.addSpacing(16)
        head.addWidget(self.facts, 4)
        rule, rule_below = QFrame(content), QFrame(content)
        for line in (rule, rule_below):
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)

        # ---- tabs: the procedure steps, the timeline, the checklist, attachments, handovers
        self.tabs = QTabWidget(content)
        self.tabs.setObjectName("fileTabs")
        self.steps_model = StepsModel(self)
        self.steps = _tab_table(self.tabs, self.steps_model, "procedureSteps")
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(StepsModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(StepsModel.NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(StepsModel.NOTE, 240)
        self.events_model = EventsModel(self)
        self.events = _tab_table(self.tabs, self.events_model, "timeline")
        self.events.horizontalHeader().setSectionResizeMode(EventsModel.NOTE,
                                                            QHeaderView.ResizeMode.Stretch)
        self.checklist_model = VerifiedChecklistModel(self)
        self.checklist = _tab_table(self.tabs, self.checklist_model, "verifiedChecklist")
        self.checklist.setItemDelegateForColumn(VerifiedChecklistModel.TEXT,
                                                IndentDelegate(self.checklist))
        self.checklist.horizontalHeader().setSectionResizeMode(VerifiedChecklistModel.TEXT,
                                                               QHeaderView.ResizeMode.Stretch)
        attachments_box = QWidget(self.tabs)
        self.attachments_model = AttachmentsModel(self)
        self.attachments = _tab_table(attachments_box, self.attachments_model, "attachments")
        self.attachments.horizontalHeader().setSectionResizeMode(AttachmentsModel.NAME,
                                                                 QHeaderView.ResizeMode.Stretch)
        self.attachments.activated.connect(lambda _index: self.show_attachment())
        self.attachment_button = QPushButton(self.tr("Lihat d&okumen…"), attachments_box)
        self.attachment_button.setObjectName("showAttachment")
        self.attachment_button.setToolTip(self.tr("Tampilkan lampiran terpilih (Enter pada baris)"))
        self.attachment_button.setAutoDefault(False)
        self.attachment_button.clicked.connect(self.show_attachment)
        attachments_layout = QVBoxLayout(attachments_box)
        attachments_layout.setContentsMargins(0, 0, 0, 0)
        attachments_layout.addWidget(self.attachments, 1)
        attachment_row = QHBoxLayout()
        attachment_row.addStretch(1)
        attachment_row.addWidget(self.attachment_button)
        attachments_layout.addLayout(attachment_row)
        self.handovers_model = HandoversModel(self)
        self.handovers = _tab_table(self.tabs, self.handovers_model, "handovers")
        self.handovers.horizontalHeader().setSectionResizeMode(HandoversModel.NOTE,
                                                               QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.steps, self.tr("Lan&gkah prosedur"))
        self.tabs.addTab(self.events, self.tr("Ri&wayat"))
        self.tabs.addTab(self.checklist, self.tr("&Daftar periksa"))
        self.tabs.addTab(attachments_box, self.tr("Lamp&iran"))
        self.tabs.addTab(self.handovers, self.tr("Serah te&rima"))

        # ---- the step waiting
        self.waiting = QLabel(content)
        self.waiting.setObjectName("waitingStep")
        self.waiting.setWordWrap(True)
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        self.note = QLineEdit(content)
        self.note.setObjectName("stepNote")
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("catatan (boleh kosong); alasan wajib bila dilewati"))
        self.note.returnPressed.connect(self.record_done)
        note_label = QLabel(self.tr("&Catatan / alasan:"), content)
        note_label.setBuddy(self.note)
        self.note_error = FieldError(content)
        self.note_error.setObjectName("noteError")
        self.step_error = FieldError(content)
        self.step_error.setObjectName("stepError")
        self.step_errors = FormErrors({"note": self.note_error}, self.step_error)
        self.note.textEdited.connect(lambda _t: self.step_errors.clear())
        self.done_button = QPushButton(self.tr("Catat s&elesai"), content)
        self.done_button.setObjectName("stepDone")
        self.done_button.setToolTip(self.tr("Langkah yang menunggu selesai; catatan boleh kosong "
                                            "(Enter di kotak catatan, atau Ctrl+Enter)"))
        self.done_button.clicked.connect(self.record_done)
        self.skip_button = QPushButton(self.tr("&Lewati langkah"), content)
        self.skip_button.setObjectName("stepSkip")
        self.skip_button.setToolTip(self.tr("Langkah yang menunggu dilewati; alasan wajib diisi di "
                                            "kotak catatan (Ctrl+Shift+Enter)"))
        self.skip_button.clicked.connect(self.record_skipped)
        for button in (self.done_button, self.skip_button):
            button.setAutoDefault(False)
        font = self.done_button.font()
        font.setBold(True)
        self.done_button.setFont(font)
        step_bar = QGridLayout()
        step_bar.setColumnStretch(1, 1)
        step_bar.setVerticalSpacing(2)
        step_bar.addWidget(self.waiting, 0, 0, 1, 4)
        step_bar.addWidget(note_label, 1, 0)
        step_bar.addWidget(self.note, 1, 1)
        step_bar.addWidget(self.done_button, 1, 2)
        step_bar.addWidget(self.skip_button, 1, 3)
        step_bar.addWidget(self.note_error, 2, 1, 1, 3)
        step_bar.addWidget(self.step_error, 3, 0, 1, 4)
        self._step_inputs = (note_label, self.note, self.done_button, self.skip_button)

        # ---- the file's actions
        self.handover_button = QPushButton(self.tr("&Serahkan produk…"), content)
        self.handover_button.setObjectName("handOver")
        self.handover_button.setToolTip(self.tr("Catat penyerahan produk kepada pemohon atau "
                                                "kuasanya, lalu cetak tanda terima penyerahan "
                                                "(Ctrl+Shift+S)"))
        self.handover_button.clicked.connect(self.hand_over)
        self.cancel_button = QPushButton(self.tr("Bat&alkan berkas…"), content)
        self.cancel_button.setObjectName("cancelApplication")
        self.cancel_button.setToolTip(self.tr("Batalkan berkas ini dengan alasan (Ctrl+Shift+B)"))
        self.cancel_button.clicked.connect(self.cancel_application)
        self.reopen_button = QPushButton(self.tr("B&uka kembali…"), content)
        self.reopen_button.setObjectName("reopenApplication")
        self.reopen_button.setToolTip(self.tr("Admin: buka kembali berkas yang selesai atau "
                                              "dibatalkan, dengan alasan (Ctrl+Shift+K)"))
        self.reopen_button.clicked.connect(self.reopen_application)
        self.receipt_button = QPushButton(self.tr("Cetak ulang &tanda terima…"), content)
        self.receipt_button.setObjectName("reprintReceipt")
        self.receipt_button.setToolTip(self.tr("Tanda terima berkas (atau tanda pengembalian) "
                                               "untuk dicetak lagi (Ctrl+Shift+T)"))
        self.receipt_button.clicked.connect(self.reprint_receipt)
        self.handover_receipt_button = QPushButton(self.tr("Cetak tanda terima &penyerahan…"),
                                                   content)
        self.handover_receipt_button.setObjectName("reprintHandover")
        self.handover_receipt_button.setToolTip(self.tr("Tanda terima penyerahan produk untuk "
                                                        "dicetak lagi (Ctrl+Shift+P)"))
        self.handover_receipt_button.clicked.connect(self.reprint_handover)
        self.reload_button = QPushButton(self.tr("&Muat ulang"), content)
        self.reload_button.setObjectName("reload")
        self.reload_button.setToolTip(self.tr("Tampilkan data terbaru berkas ini (F5)"))
        self.reload_button.clicked.connect(self.reload)
        actions = QHBoxLayout()
        for button in (self.handover_button, self.cancel_button, self.reopen_button,
                       self.receipt_button, self.handover_receipt_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        self.reload_button.setAutoDefault(False)
        actions.addWidget(self.reload_button)
        legend = QLabel(self.tr(
            "<b>Ctrl+Enter</b> selesai · <b>Ctrl+Shift+Enter</b> lewati · "
            "<b>Ctrl+Shift+S</b> serahkan · <b>Ctrl+Shift+B</b> batalkan · <b>Ctrl+Shift+K</b> "
            "buka kembali · <b>Ctrl+Shift+T</b>/<b>P</b> cetak ulang"), content)
        legend.setObjectName("keysLegend")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        self.status = QLabel(content)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #1b5e20;")

        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(rule)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(step_bar)
        layout.addWidget(rule_below)
        layout.addLayout(actions)
        layout.addWidget(legend)
        layout.addWidget(self.status)
        order = (self.number, self.note, self.done_button, self.skip_button, self.tabs,
                 self.handover_button, self.cancel_button, self.reopen_button, self.receipt_button,
                 self.handover_receipt_button, self.reload_button)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # ================================================================== loading

    def show_application(self, application_id: int) -> None:
        """Open the file (on the database thread); the page shows it when it arrives."""
        if application_id != self.application_id:
            self.note.clear()
            self.step_errors.clear()
            self.status.clear()
        self._load(application_id, focus=True)

    def reload(self) -> None:
        if self.application_id is not None:
            self._load(self.application_id, focus=False)

    def refresh(self) -> None:
        """The page is shown (the main window calls this): the file as it is now."""
        self._update_actions()
        if self.application_id is not None:
            self._load(self.application_id, focus=True)
        else:
            self.number.setFocus()

    def _load(self, application_id: int, *, focus: bool,
              after: Callable[[FileView], None] | None = None) -> None:
        actor, factory, holidays = self.ctx.actor, self.ctx.uow_factory, self.ctx.holidays
        if actor is None:
            return
        self._generation += 1
        generation = self._generation

        def loaded(view: FileView) -> None:
            if generation != self._generation:
                return  # another file was asked for meanwhile
            self.set_view(view)
            if focus:
                self._focus_work()
            if after is not None:
                after(view)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                report_error(self, exc)

        self.runner.run_db(lambda: load_file_view(factory, actor, application_id, holidays),
                           loaded, failed)

    def set_view(self, view: FileView) -> None:
        self.view = view
        self.application_id = view.file.application.id
        file, app = view.file, view.file.application
        self.placeholder.hide()
        self.content.show()
        self.title.setText(self._title_html(file))
        self.facts.setText(self._facts_html(view))
        self.steps_model.load(file.standard, app, file.steps)
        self.events_model.load(file.events)
        self.checklist_model.load(file.standard, app, file.attachments)
        self.attachments_model.load(file.attachments)
        self.handovers_model.load(file.handovers)
        self.tabs.setTabText(3, self.tr("Lamp&iran ({n})").format(n=len(file.attachments)))
        self.tabs.setTabText(4, self.tr("Serah te&rima ({n})").format(n=len(file.handovers)))
        self.events.scrollToBottom()
        row = self.steps_model.waiting_row()
        if row >= 0:
            # Current, not selected: the selection colour would hide the waiting row's colour.
            self.steps.selectionModel().setCurrentIndex(
                self.steps_model.index(row, StepsModel.TEXT),
                QItemSelectionModel.SelectionFlag.NoUpdate)
            self.steps.scrollTo(self.steps_model.index(row, 0),
                                QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_waiting(file)
        self._update_actions()

    def _title_html(self, file: ApplicationFile) -> str:
        app = file.application
        status = Status(app.status)
        fg, bg = STATUS_COLOURS.get(status, ("#333", "#eee"))
        number = app.tracking_number or app.return_slip_number or self.tr("(belum bernomor)")
        code = file.standard.code
        title = file.standard.title if f"({code})" in file.standard.title \
            else f"{file.standard.title} ({code})"
        return (f"<table cellspacing='0' cellpadding='0'><tr>"
                f"<td style='font-size:20pt; font-weight:bold; vertical-align:middle'>"
                f"{html.escape(number)}</td><td width='12'></td>"
                f"<td bgcolor='{bg}' style='color:{fg}; font-weight:bold; padding:3px 8px; "
                f"vertical-align:middle'>{html.escape(status_text(app.status))}</td></tr></table>"
                f"<b>{html.escape(title)}</b><br>"
                f"<span style='color:#555'>{html.escape(file.catalog_label)}</span>")

    def _facts_html(self, view: FileView) -> str:
        from dinsos_desktop.reports.formatting import format_date_long, format_datetime

        file, app = view.file, view.file.application
        rows: list[tuple[str, str]] = [(self.tr("Pemohon"), f"<b>{html.escape(app.applicant_name)}</b>")]
        if view.representative_name:
            rows.append((self.tr("Kuasa"), html.escape(view.representative_name)))
        if app.received_at is not None:
            rows.append((self.tr("Diterima"), html.escape(format_datetime(to_local(app.received_at)))))
        if app.due_at is not None:
            due = to_local(app.due_at)
            text = format_date_long(due.date())
            if app.due_is_clock_time:
                text += self.tr(" pukul {time}").format(time=due.strftime("%H.%M"))
            text = html.escape(text)
            urgency = urgency_text(file.working_days_left, file.overdue)
            if urgency:
                late = file.overdue or (file.working_days_left or 0) < 0
                colour = "#b00020" if late else ("#8a5300" if file.working_days_left == 0
                                                 else "#1b5e20")
                text += f" — <b style='color:{colour}'>{html.escape(urgency)}</b>"
            rows.append((self.tr("Jatuh tempo"), text))
        elif Status(app.status) in RUNNING:
            rows.append((self.tr("Jatuh tempo"), self.tr("tidak ada batas waktu tetap")))
        if app.ready_at is not None:
            rows.append((self.tr("Siap diambil"), html.escape(format_datetime(to_local(app.ready_at)))))
        if app.finished_at is not None:
            rows.append((self.tr("Diserahkan"), html.escape(format_datetime(to_local(app.finished_at)))))
        if Status(app.status) is Status.CANCELLED:
            reason = next((e.note for e in reversed(file.events) if e.event == "cancelled"), "")
            rows.append((self.tr("Dibatalkan"), html.escape(reason)))
        body = "".join(f"<tr><td style='color:#555; padding-right:10px'>{k}</td><td>{v}</td></tr>"
                       for k, v in rows)
        return f"<table cellspacing='0' cellpadding='1'>{body}</table>"

    def _show_waiting(self, file: ApplicationFile) -> None:
        app = file.application
        status = Status(app.status)
        steps = procedure_of(file.standard.procedure_steps)
        if status in RUNNING and app.current_step is not None and app.current_step <= len(steps):
            self.waiting.setText(self.tr("Langkah {n} dari {total} menunggu: <b>{text}</b>").format(
                n=app.current_step, total=len(steps), text=html.escape(steps[app.current_step - 1])))
        elif status is Status.READY:
            self.waiting.setText(self.tr("Semua langkah tercatat. <b>Produk siap diambil</b>: "
                                         "serahkan dengan Ctrl+Shift+S."))
        elif status in (Status.DRAFT, Status.RETURNED):
            self.waiting.setText(self.tr("Berkas belum terdaftar; langkah prosedur dimulai setelah "
                                         "berkas lengkap didaftarkan di Penerimaan Berkas."))
        else:
            self.waiting.setText(self.tr("Berkas {status}: tidak ada langkah yang menunggu.").format(
                status=html.escape(STATUS_LABELS.get(status, app.status))))

    def _focus_work(self) -> None:
        if not self.isVisible():
            return
        if self.note.isEnabled():
            self.note.setFocus()
        elif self.handover_button.isEnabled():
            self.handover_button.setFocus()
        else:
            self.steps.setFocus()

    # ================================================================== permissions and state

    def may_work(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(*tracking.WORK_ROLES)

    def is_admin(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(Role.ADMIN)

    def current_status(self) -> Status | None:
        return Status(self.view.file.application.status) if self.view is not None else None

    def _update_actions(self) -> None:
        status = self.current_status()
        view, work, free = self.view, self.may_work(), not self._working
        step_waiting = (status in RUNNING and view is not None
                        and view.file.application.current_step is not None)
        for widget in self._step_inputs:
            widget.setVisible(bool(work and step_waiting))
        self.note.setEnabled(bool(work and step_waiting))
        self.done_button.setEnabled(bool(work and step_waiting and free))
        self.skip_button.setEnabled(bool(work and step_waiting and free))
        self.handover_button.setEnabled(work and free and status is Status.READY)
        self.cancel_button.setEnabled(work and free and status in OPEN)
        self.reopen_button.setEnabled(self.is_admin() and free and status in CLOSED)
        self.receipt_button.setEnabled(work and status is not None
                                       and status not in (Status.DRAFT, Status.CANCELLED))
        self.handover_receipt_button.setEnabled(view is not None and bool(view.file.handovers))
        self.attachment_button.setEnabled(view is not None and bool(view.file.attachments))
        self.reload_button.setEnabled(view is not None)

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Memproses…") if busy else "")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # ================================================================== changes

    def _change(self, work: Callable[[Callable[[], Any], Actor, int, int], Any], *,
                done: Callable[[Any], None] | None = None,
                invalid: Callable[[ValidationError], None] | None = None,
                dialog: ReasonDialog | HandoverDialog | None = None) -> bool:
        """Run a use case on the file shown, with the version shown; then show the file as saved.
        ``work(factory, actor, application_id, expected_version)`` runs on the database thread.
        A ``dialog`` that asked for it stays open (busy) until the answer; a conflict closes it."""
        view, actor, factory, holidays = self.view, self.ctx.actor, self.ctx.uow_factory, self.ctx.holidays
        if view is None or actor is None or self._working:
            return False
        app_id, version = view.file.application.id, view.file.application.version
        self._working = True
        self._update_actions()
        if dialog is not None:
            dialog.set_busy(True)

        def run() -> tuple[Any, FileView | None]:
            result = work(factory, actor, app_id, version)
            try:
                return result, load_file_view(factory, actor, app_id, holidays)
            except Exception:
                return result, None  # saved all the same; the page loads the file again below

        def saved(result: tuple[Any, FileView | None]) -> None:
            self._working = False
            if result[1] is None:
                self._load(app_id, focus=True)
            else:
                self._generation += 1  # a load still on its way shows an older file
                self.set_view(result[1])
            self.changed.emit(app_id)
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()  # after the view: the focus returns to what is enabled now
            if done is not None:
                done(result[0])

        def failed(exc: BaseException) -> None:
            self._working = False
            self._update_actions()
            if dialog is not None:
                dialog.set_busy(False)
                if isinstance(exc, ConflictError):
                    dialog.reject()
            if isinstance(exc, ConflictError):
                # Someone else changed the file: show it as it is now, and say so.
                self._load(app_id, focus=True)
                report_error(self, exc)
            elif isinstance(exc, ValidationError) and invalid is not None:
                invalid(exc)
            else:
                report_error(self, exc)

        self.runner.run_db(run, saved, failed)
        return True

    # ---- procedure steps

    def record_done(self) -> None:
        self._record(StepOutcome.DONE)

    def record_skipped(self) -> None:
        self._record(StepOutcome.SKIPPED)

    def _record(self, outcome: StepOutcome) -> None:
        if not self.done_button.isEnabled() or self.view is None:
            return
        step = self.view.file.application.current_step
        if step is None:
            return
        note = self.note.text()
        self.step_errors.clear()

        def work(factory: Callable[[], Any], actor: Actor, app_id: int, version: int) -> ApplicationDTO:
            return tracking.record_procedure_step(factory(), actor, app_id, step, outcome, note,
                                                  expected_version=version)

        def done(app: ApplicationDTO) -> None:
            self.note.clear()
            what = self.tr("selesai") if outcome is StepOutcome.DONE else self.tr("dilewati")
            message = self.tr("Langkah {n} {what}.").format(n=step, what=what)
            if app.status == Status.READY:
                message += " " + self.tr("Semua langkah tercatat: produk siap diambil.")
            self._say(message)
            self._focus_work()

        def invalid(exc: ValidationError) -> None:
            self.step_errors.show(exc.errors)
            self.note.setFocus()

        self._change(work, done=done, invalid=invalid)

    # ---- handover

    def hand_over(self) -> HandoverDialog | None:
        view = self.view
        if view is None or not self.handover_button.isEnabled():
            return None
        app = view.file.application
        dialog = HandoverDialog(app.tracking_number or "", view.file.standard.products,
                                view.recipient_name, view.recipient_id_number, self)

        def submit(data: HandoverInput) -> None:
            def work(factory: Callable[[], Any], actor: Actor, app_id: int,
                     version: int) -> HandoverReceiptData:
                return tracking.hand_over(factory(), actor, app_id, data, expected_version=version)[1]

            def done(receipt: HandoverReceiptData) -> None:
                self._say(self.tr("Produk diserahkan kepada {name}.").format(
                    name=receipt.recipient_name))
                self.open_handover_preview(receipt)

            self._change(work, done=done, invalid=dialog.show_errors, dialog=dialog)

        dialog.submitted.connect(submit)
        dialog.finished.connect(lambda _r: self._focus_work())
        self._open(dialog)
        return dialog

    # ---- cancel and reopen

    def cancel_application(self) -> ReasonDialog | None:
        if self.view is None or not self.cancel_button.isEnabled():
            return None
        dialog = ReasonDialog(
            self.tr("Batalkan berkas {number}").format(number=self._number()),
            self.tr("Berkas yang dibatalkan tidak diproses lagi; hanya admin yang dapat membukanya "
                    "kembali. Tulis alasannya (misalnya pemohon mencabut permohonan)."),
            self.tr("&Batalkan berkas"), self)
        dialog.submitted.connect(lambda reason: self._reason_submitted(
            dialog, reason, tracking.cancel_application, self.tr("Berkas dibatalkan.")))
        dialog.finished.connect(lambda _r: self._focus_work())
        self._open(dialog)
        return dialog

    def reopen_application(self) -> ReasonDialog | None:
        if self.view is None or not self.reopen_button.isEnabled():
            return None
        dialog = ReasonDialog(
            self.tr("Buka kembali berkas {number}").format(number=self._number()),
            self.tr("Berkas yang dibatalkan kembali ke keadaan sebelum dibatalkan; berkas yang "
                    "selesai kembali menjadi 'siap diambil' (penyerahannya tetap tercatat). Tulis "
                    "alasannya."),
            self.tr("B&uka kembali"), self)
        dialog.submitted.connect(lambda reason: self._reason_submitted(
            dialog, reason, tracking.reopen_application, self.tr("Berkas dibuka kembali.")))
        dialog.finished.connect(lambda _r: self._focus_work())
        self._open(dialog)
        return dialog

    def _reason_submitted(self, dialog: ReasonDialog, reason: str,
                          use_case: Callable[..., ApplicationDTO], message: str) -> None:
        def work(factory: Callable[[], Any], actor: Actor, app_id: int, version: int) -> ApplicationDTO:
            return use_case(factory(), actor, app_id, reason, expected_version=version)

        self._change(work, done=lambda _app: self._say(message), invalid=dialog.show_errors,
                     dialog=dialog)

    # ---- printing

    def reprint_receipt(self) -> None:
        actor, factory, app_id = self.ctx.actor, self.ctx.uow_factory, self.application_id
        if actor is None or app_id is None or not self.receipt_button.isEnabled():
            return
        self.runner.run_db(lambda: intake_service.receipt_for(factory(), actor, app_id),
                           self.open_receipt_preview, lambda e: report_error(self, e))

    def reprint_handover(self) -> None:
        actor, factory, app_id = self.ctx.actor, self.ctx.uow_factory, self.application_id
        if actor is None or app_id is None or not self.handover_receipt_button.isEnabled():
            return
        self.runner.run_db(lambda: tracking.handover_receipt(factory(), actor, app_id),
                           self.open_handover_preview, lambda e: report_error(self, e))

    def open_receipt_preview(self, receipt: ReceiptData) -> None:
        from dinsos_desktop.gui.intake_page import (
            DEFAULT_PAPER,
            PAPER_SETTING,
            receipt_papers,
            render_receipt_pdf,
        )

        if receipt.kind == "receipt":
            title = self.tr("Tanda terima berkas {number}").format(number=receipt.number)
            name = f"tanda-terima-{receipt.number}.pdf"
        else:
            title = self.tr("Tanda pengembalian berkas {number}").format(number=receipt.number)
            name = f"tanda-pengembalian-{receipt.number}.pdf"
        self._preview(title, name, lambda key: render_receipt_pdf(receipt, key), PAPER_SETTING,
                      DEFAULT_PAPER, receipt_papers())

    def open_handover_preview(self, receipt: HandoverReceiptData) -> None:
        from dinsos_desktop.gui.intake_page import receipt_papers

        number = receipt.tracking_number
        self._preview(self.tr("Tanda terima penyerahan {number}").format(number=number),
                      f"tanda-terima-penyerahan-{number}.pdf",
                      lambda key: render_handover_pdf(receipt, key), HANDOVER_PAPER_SETTING,
                      DEFAULT_HANDOVER_PAPER, receipt_papers())

    def _preview(self, title: str, name: str, render: Callable[[str], bytes], setting: str,
                 default: str, papers: tuple[tuple[str, str], ...]) -> None:
        """Render on the report thread, then preview, print, save (a new paper re-renders)."""
        keys = [k for k, _ in papers]
        stored = QSettings().value(setting, default)
        paper = str(stored) if stored in keys else default

        def show(pdf: bytes) -> None:
            from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

            def rerender(key: str, done: Callable[[bytes], None]) -> None:
                QSettings().setValue(setting, key)
                self.runner.run_report(lambda: render(key), done, lambda e: report_error(self, e))

            if self.preview is not None:
                self.preview.close()
            dialog = PdfPreviewDialog(title, pdf, name, paper=paper, rerender=rerender,
                                      papers=papers, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: self._preview_closed(dialog))
            self.preview = dialog
            dialog.open()

        self.runner.run_report(lambda: render(paper), show, lambda e: report_error(self, e))

    def _preview_closed(self, dialog: QDialog) -> None:
        if self.preview is dialog:
            self.preview = None
        self._focus_work()

    # ---- attachments

    def show_attachment(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        index = self.attachments.currentIndex()
        chosen = self.attachments_model.row_at(index.row() if index.isValid() else 0)
        if chosen is None or actor is None:
            return
        attachment_id = chosen.id

        def show(content: bytes) -> None:
            if chosen.mime == "application/pdf":
                from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

                dialog: QDialog = PdfPreviewDialog(chosen.filename, content, chosen.filename,
                                                   parent=self)
            else:
                from dinsos_desktop.gui.intake_page import _ImageDialog

                dialog = _ImageDialog(chosen.filename, content, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        self.runner.run_db(lambda: intake_service.attachment_content(factory(), actor, attachment_id),
                           show, lambda e: report_error(self, e))

    # ================================================================== opening by number or scan

    def open_number(self, text: str) -> None:
        """A tracking or slip number typed in Nomor/QR (or a QR payload pasted there)."""
        self._find(text.strip(), scanned=False)

    def open_scanned(self, payload: str) -> None:
        """A receipt's QR code read by the scanner (``gui.scan.ScanCatcher.scanned``)."""
        self._find(payload.strip(), scanned=True)

    def _find(self, text: str, *, scanned: bool) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if not text or actor is None:
            return
        self.number_message.show_message("")

        def found(app: ApplicationDTO | None) -> None:
            if app is None:
                number = text.partition("*")[0]
                message = self.tr("Nomor {number} tidak ditemukan.").format(number=number)
                if scanned:
                    self._warn(self.tr("Berkas tidak ditemukan"), message)
                else:
                    self.number_message.show_message(message)
                    self.number.selectAll()
                return
            self.number.clear()
            self.show_application(app.id)
            self.opened.emit(app.id)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ValidationError):
                report_error(self, exc)
                return
            message = exc.errors.get("number", exc.message)
            if scanned:
                self._warn(self.tr("Kode QR tidak sah"), message)
            else:
                self.number_message.show_message(message)
                self.number.selectAll()

        self.runner.run_db(lambda: intake_service.find_by_number(factory(), actor, text), found,
                           failed)

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.exec()

    # ================================================================== helpers

    def _number(self) -> str:
        if self.view is None:
            return ""
        app = self.view.file.application
        return app.tracking_number or app.return_slip_number or f"#{app.id}"

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
