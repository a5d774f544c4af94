"""The applicant register (Pemohon): one search box, the results paged in SQL, the selected
applicant's data and the history of their applications."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.gui.applicant_dialogs import CitizenDialog, InstitutionDialog
from dinsos_desktop.gui.applicant_search import (
    ApplicantSearchPanel,
    kind_label,
    may_register,
    short_date,
    shown_nik,
)
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import to_local
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services.dto import ApplicantHit, ApplicationDTO, CitizenDTO, InstitutionDTO


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicantsPage", text)


def status_label(status: str) -> str:
    labels = {
        "draft": _tr("Sedang diperiksa"),
        "returned": _tr("Dikembalikan"),
        "registered": _tr("Terdaftar"),
        "in_process": _tr("Diproses"),
        "ready": _tr("Siap diambil"),
        "done": _tr("Selesai"),
        "cancelled": _tr("Dibatalkan"),
    }
    return labels.get(status, status)


def application_number(app: ApplicationDTO) -> str:
    return app.tracking_number or app.return_slip_number or "—"


class HistoryModel(ReadOnlyTableModel[ApplicationDTO]):
    """One applicant's applications, newest first (a handful: kept in memory)."""

    NUMBER, STANDARD, STATUS, ROLE, STARTED, DUE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("HistoryModel", "Nomor"), tr("HistoryModel", "Layanan"),
                          tr("HistoryModel", "Status"), tr("HistoryModel", "Sebagai"),
                          tr("HistoryModel", "Mulai"), tr("HistoryModel", "Jatuh tempo")), parent)
        self._citizen_id: int | None = None

    def set_history(self, applications: list[ApplicationDTO], citizen_id: int | None) -> None:
        self.beginResetModel()
        self._rows = list(applications)
        self._citizen_id = citizen_id
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        app = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STANDARD:
            return f"{app.standard_code} — {app.standard_title}"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.NUMBER:
            return application_number(app)
        if column == self.STANDARD:
            return f"{app.standard_code} — {app.standard_title}"
        if column == self.STATUS:
            return status_label(app.status)
        if column == self.ROLE:
            kuasa = self._citizen_id is not None and app.representative_id == self._citizen_id
            return self.tr("Kuasa") if kuasa else self.tr("Pemohon")
        if column == self.STARTED:
            return short_date(to_local(app.created_at).date())
        if column == self.DUE:
            return short_date(to_local(app.due_at).date()) if app.due_at else ""
        return None

    def application_at(self, row: int) -> ApplicationDTO | None:
        return self.row_at(row)


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 10)
    return table


class ApplicantsPage(QWidget):
    # An application of the history chosen (Enter or double-click): the main window opens it.
    open_application = Signal(int)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicantsPage")
        self.ctx = ctx
        self.runner = runner
        self.dialog: QDialog | None = None
        self._detail_generation = 0
        self.detail_record: CitizenDTO | InstitutionDTO | None = None

        heading = QLabel(self.tr("<h3>Pemohon</h3>"), self)
        intro = QLabel(self.tr("Warga dan lembaga yang pernah mengajukan permohonan. Cari dengan NIK "
                               "(lengkap atau awalnya), sebagian nama, atau nomor telepon."), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")

        self.panel = ApplicantSearchPanel(ctx, runner, self.tr("&Cari:"), self)
        self.panel.picked.connect(lambda _hit: self.edit_selected())
        self.panel.current_changed.connect(self._current_changed)

        self.new_citizen_button = QPushButton(self.tr("&Warga baru…"), self)
        self.new_citizen_button.setObjectName("newCitizen")
        self.new_citizen_button.setToolTip(self.tr("Daftarkan warga (Ctrl+N)"))
        self.new_citizen_button.clicked.connect(self.new_citizen)
        self.new_institution_button = QPushButton(self.tr("&Lembaga baru…"), self)
        self.new_institution_button.setObjectName("newInstitution")
        self.new_institution_button.clicked.connect(self.new_institution)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editApplicant")
        self.edit_button.setToolTip(self.tr("Ubah data pemohon terpilih (F2, atau Enter pada baris)"))
        self.edit_button.clicked.connect(self.edit_selected)
        for button in (self.new_citizen_button, self.new_institution_button, self.edit_button):
            button.setAutoDefault(False)
        self.status = QLabel(self)
        self.status.setObjectName("applicantsStatus")
        self.status.setStyleSheet("color: #1b5e20;")

        self.detail = QLabel(self)
        self.detail.setObjectName("applicantDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_model = HistoryModel(self)
        self.history = _table(self, "applicantHistory")
        self.history.setModel(self.history_model)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryModel.STANDARD, QHeaderView.ResizeMode.Stretch)
        history_label = QLabel(self.tr("&Riwayat permohonan (Enter membuka berkas):"), self)
        history_label.setBuddy(self.history)
        self.history.activated.connect(self._history_activated)

        # The results across the page; below them the selected applicant and their history.
        detail_box = QWidget(self)
        detail_layout = QHBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 2)
        history_column = QVBoxLayout()
        history_column.addWidget(history_label)
        history_column.addWidget(self.history, 1)
        detail_layout.addLayout(history_column, 3)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        buttons = QHBoxLayout()
        for button in (self.new_citizen_button, self.new_institution_button, self.edit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(150)
        self._detail_timer.timeout.connect(self._load_detail)

        QShortcut(QKeySequence.StandardKey.New, self, self.new_citizen)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_selected)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self.setTabOrder(self.panel.search, self.panel.table)
        self.setTabOrder(self.panel.table, self.new_citizen_button)
        self.setTabOrder(self.new_citizen_button, self.new_institution_button)
        self.setTabOrder(self.new_institution_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.history)
        self._show_detail(None, [])
        self._update_buttons()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Shown again (or F5): the list and the detail from the database; the box keeps its text."""
        self._update_buttons()
        if self.ctx.actor is None:
            return
        self.panel.refresh()
        if self.isVisible() and not self.panel.table.hasFocus():
            self.panel.search.setFocus()

    def _update_buttons(self) -> None:
        writable = may_register(self.ctx.actor)
        for button in (self.new_citizen_button, self.new_institution_button, self.edit_button):
            button.setVisible(writable)
        self.edit_button.setEnabled(self.panel.current_hit() is not None)

    def _current_changed(self, _hit: ApplicantHit | None) -> None:
        self._update_buttons()
        self._detail_timer.start()

    def _load_detail(self) -> None:
        self._detail_timer.stop()
        hit = self.panel.current_hit()
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        self._detail_generation += 1
        generation = self._detail_generation
        if hit is None or actor is None:
            self._show_detail(None, [])
            return

        def load() -> tuple[CitizenDTO | InstitutionDTO, list[ApplicationDTO]]:
            if hit.kind == "citizen":
                return (applicant_service.get_citizen(factory(), actor, hit.id),
                        applicant_service.applicant_history(factory(), actor, citizen_id=hit.id))
            return (applicant_service.get_institution(factory(), actor, hit.id),
                    applicant_service.applicant_history(factory(), actor, institution_id=hit.id))

        def loaded(result: tuple[CitizenDTO | InstitutionDTO, list[ApplicationDTO]]) -> None:
            if generation == self._detail_generation:
                self._show_detail(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._detail_generation:
                report_error(self, exc)

        self.runner.run_db(load, loaded, failed)

    def _show_detail(self, record: CitizenDTO | InstitutionDTO | None,
                     history: list[ApplicationDTO]) -> None:
        self.detail_record = record
        citizen_id = record.id if isinstance(record, CitizenDTO) else None
        self.history_model.set_history(history, citizen_id)
        if record is None:
            self.detail.setText(self.tr("<p style='color:#666'>Pilih pemohon untuk melihat datanya.</p>"))
            return
        rows: list[tuple[str, str]]
        if isinstance(record, CitizenDTO):
            sex = {"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")}.get(record.sex, record.sex)
            born = ", ".join(p for p in (record.birth_place, short_date(record.birth_date)) if p)
            title = record.full_name
            rows = [(self.tr("NIK"), shown_nik(record.nik, self.ctx.actor)),
                    (self.tr("No. KK"), shown_nik(record.kk, self.ctx.actor)),
                    (self.tr("Lahir"), born), (self.tr("Jenis kelamin"), sex),
                    (self.tr("Alamat"), record.address_line()), (self.tr("Telepon"), record.phone)]
        else:
            title = record.name
            kind = applicant_service.INSTITUTION_KINDS.get(record.kind, record.kind)
            rows = [(self.tr("Jenis"), kind), (self.tr("Bentuk hukum"), record.legal_form),
                    (self.tr("No. akta"), record.akta_number), (self.tr("NPWP"), record.npwp),
                    (self.tr("Alamat"), record.address), (self.tr("Telepon"), record.phone),
                    (self.tr("Narahubung"), record.contact_name)]
        body = "".join(
            f"<tr><td style='color:#555; padding-right:12px'>{html.escape(k)}</td>"
            f"<td>{html.escape(v) if v else '—'}</td></tr>" for k, v in rows)
        kind_text = kind_label("citizen" if isinstance(record, CitizenDTO) else "institution")
        self.detail.setText(f"<h3 style='margin:0'>{html.escape(title)}</h3>"
                            f"<p style='color:#555; margin:0'>{kind_text}</p><table>{body}</table>")

    def selected_hit(self) -> ApplicantHit | None:
        return self.panel.current_hit()

    # ------------------------------------------------------------------ actions

    def _history_activated(self, index: QModelIndex) -> None:
        app = self.history_model.row_at(index.row())
        if app is not None:
            self.open_application.emit(app.id)

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_citizen(self) -> CitizenDialog | None:
        if not may_register(self.ctx.actor):
            return None
        text = self.panel.search.text().strip()
        digits = text.replace(" ", "")
        # A search that found nobody is the likely start of the new record.
        found = self.panel.model.total > 0
        dialog = CitizenDialog(self.ctx, self.runner, None, self,
                               nik=digits if digits.isdigit() and len(digits) == 16 and not found else "",
                               name="" if digits.isdigit() or found else text)
        dialog.saved.connect(lambda c: self._saved_citizen(c, self.tr("Warga {name} terdaftar.")))
        dialog.opened_existing.connect(self._show_citizen)
        self._open(dialog)
        return dialog

    def new_institution(self) -> InstitutionDialog | None:
        if not may_register(self.ctx.actor):
            return None
        dialog = InstitutionDialog(self.ctx, self.runner, None, self)
        dialog.saved.connect(lambda i: self._saved_institution(i, self.tr("Lembaga {name} terdaftar.")))
        self._open(dialog)
        return dialog

    def edit_selected(self) -> QDialog | None:
        hit = self.panel.current_hit()
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if hit is None or actor is None or not may_register(actor):
            return None
        holder: list[QDialog] = []

        def open_citizen(citizen: CitizenDTO) -> None:
            dialog = CitizenDialog(self.ctx, self.runner, citizen, self)
            dialog.saved.connect(lambda c: self._saved_citizen(c, self.tr("Data {name} disimpan.")))
            dialog.stale.connect(self._load_detail)
            holder.append(self._open(dialog))

        def open_institution(institution: InstitutionDTO) -> None:
            dialog = InstitutionDialog(self.ctx, self.runner, institution, self)
            dialog.saved.connect(lambda i: self._saved_institution(i, self.tr("Data {name} disimpan.")))
            dialog.stale.connect(self._load_detail)
            holder.append(self._open(dialog))

        # The record as stored now, not as the list had it: its version guards the edit.
        if hit.kind == "citizen":
            self.runner.run_db(lambda: applicant_service.get_citizen(factory(), actor, hit.id),
                               open_citizen, lambda e: report_error(self, e))
        else:
            self.runner.run_db(lambda: applicant_service.get_institution(factory(), actor, hit.id),
                               open_institution, lambda e: report_error(self, e))
        return holder[0] if holder else None

    def _show_citizen(self, citizen: CitizenDTO) -> None:
        """Show ``citizen`` in the list (its NIK as the search) and select it."""
        self.panel.set_query(citizen.nik)
        self._select_when_loaded("citizen", citizen.id)

    def _select_when_loaded(self, kind: str, record_id: int) -> None:
        if self.panel.select(kind, record_id):
            self._load_detail()
            return

        def once() -> None:
            self.panel.model.loaded.disconnect(once)
            if self.panel.select(kind, record_id):
                self._load_detail()

        self.panel.model.loaded.connect(once)

    def _saved_citizen(self, citizen: CitizenDTO, message: str) -> None:
        self._done(message.format(name=citizen.full_name))
        self._show_citizen(citizen)

    def _saved_institution(self, institution: InstitutionDTO, message: str) -> None:
        self._done(message.format(name=institution.name))
        self.panel.set_query(institution.name)
        self._select_when_loaded("institution", institution.id)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
        self.panel.table.setFocus()
