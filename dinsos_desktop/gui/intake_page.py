"""Penerimaan Berkas: the clerk's main job, keyboard first.

Four steps in one page: (1) pick the standard, (2) find or register the applicant (optionally a
kuasa; a returned file of theirs can be resumed), (3) the checklist, every mark saved at once,
(4) the decision: the receipt with the tracking number, or the return slip listing what is
missing. The "Nomor/QR" box at the top takes a tracking or slip number, typed or scanned, at any
step."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import (
    ConflictError,
    DatabaseError,
    DomainError,
    ValidationError,
)
from dinsos_desktop.gui.applicant_dialogs import CitizenDialog, CitizenPickerDialog, InstitutionDialog
from dinsos_desktop.gui.applicant_search import ApplicantSearchPanel
from dinsos_desktop.gui.checklist_model import STATUS_KEYS, ChecklistModel, IndentDelegate
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, to_local
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import intake as intake_service
from dinsos_desktop.services.dto import (
    ApplicantHit,
    ApplicationDTO,
    AttachmentDTO,
    CatalogDTO,
    CitizenDTO,
    InstitutionDTO,
    ReceiptData,
)
from dinsos_desktop.services.intake import ApplicationView, Decision

STEP_STANDARD, STEP_APPLICANT, STEP_CHECKLIST, STEP_RESULT = range(4)
PAPER_SETTING = "intake/receipt_paper"
DEFAULT_PAPER = "A5"
ATTACHMENT_FILTER = "Pindaian atau foto (*.pdf *.jpg *.jpeg *.png)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("IntakePage", text)


def receipt_papers() -> tuple[tuple[str, str], ...]:
    from dinsos_desktop.reports.paper import RECEIPT_PAPER_SIZES

    return tuple((p.key, p.label) for p in RECEIPT_PAPER_SIZES)


def render_receipt_pdf(receipt: ReceiptData, paper_key: str) -> bytes:
    """The receipt or the return slip as PDF bytes (runs on the report thread)."""
    from dinsos_desktop.reports.paper import RECEIPT_PAPER_SIZES, paper_size
    from dinsos_desktop.reports.receipt import render_receipt, render_return_slip

    paper = paper_size(paper_key, RECEIPT_PAPER_SIZES)
    if receipt.kind == "receipt":
        return render_receipt(receipt, paper)
    return render_return_slip(receipt, paper)


def standard_label(standard: Standard) -> str:
    """'Pekerja Sosial Masyarakat (PSM)'; the code is added where the title does not carry it."""
    if f"({standard.code})" in standard.title:
        return standard.title
    return f"{standard.title} ({standard.code})"


@dataclasses.dataclass(frozen=True)
class Chosen:
    """The applicant (or the kuasa) picked at the counter."""

    kind: str  # "citizen" | "institution"
    id: int
    name: str

    @classmethod
    def of(cls, record: ApplicantHit | CitizenDTO | InstitutionDTO) -> Chosen:
        if isinstance(record, ApplicantHit):
            return cls(record.kind, record.id, record.name)
        if isinstance(record, CitizenDTO):
            return cls("citizen", record.id, record.full_name)
        return cls("institution", record.id, record.name)


class ChecklistView(QTableView):
    """1–4 mark the current item and move on; 0/Delete clears it; F2 edits its note; Enter goes on."""

    mark_requested = Signal(object)  # ItemStatus | None
    advance_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if modifiers == Qt.KeyboardModifier.NoModifier:
            digits = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
            if key in digits:
                self.mark_requested.emit(STATUS_KEYS[digits[key]])
                return
            if key in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.mark_requested.emit(None)
                return
            if key == Qt.Key.Key_F2:
                index = self.currentIndex()
                if index.isValid():
                    self.edit(self.model().index(index.row(), ChecklistModel.NOTE))
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
                self.advance_requested.emit()
                return
        super().keyPressEvent(event)


class IntakePage(QWidget):
    decided = Signal(object)  # Decision

    def __init__(self, ctx: AppContext, runner: TaskRunner,
                 catalog: Callable[[], CatalogDTO | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakePage")
        self.ctx = ctx
        self.runner = runner
        self._catalog_source = catalog or (lambda: None)
        self.catalog: CatalogDTO | None = None
        self.standard: Standard | None = None
        self.applicant: Chosen | None = None
        self.representative: Chosen | None = None
        self.view: ApplicationView | None = None
        self.application: ApplicationDTO | None = None
        self.attachments: list[AttachmentDTO] = []
        self.receipt: ReceiptData | None = None  # the decision shown in step 4
        self.last_application_id: int | None = None  # for "Cetak ulang"
        self.preview: QDialog | None = None
        self.dialog: QDialog | None = None
        self._in_flight: dict[str, int] = {}
        self._decide_when_saved = False
        self._deciding = False

        heading = QLabel(self.tr("<h3>Penerimaan Berkas</h3>"), self)
        self.number = QLineEdit(self)
        self.number.setObjectName("numberLookup")
        self.number.setPlaceholderText(self.tr("nomor registrasi atau nomor tanda pengembalian; "
                                               "atau pindai kode QR"))
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(self.lookup_number)
        self.number.textEdited.connect(lambda _t: self.number_message.show_message(""))
        number_label = QLabel(self.tr("Nomor/&QR:"), self)
        number_label.setBuddy(self.number)
        self.number_message = FieldError(self)
        self.number_message.setObjectName("numberMessage")
        self.steps_label = QLabel(self)
        self.steps_label.setObjectName("intakeSteps")
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("intakeBusy")
        self.busy_label.setStyleSheet("color: #555;")

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(24)
        top.addWidget(number_label)
        top.addWidget(self.number, 1)
        top_message = QHBoxLayout()
        top_message.addStretch(1)
        top_message.addWidget(self.number_message, 2)
        steps = QHBoxLayout()
        steps.addWidget(self.steps_label, 1)
        steps.addWidget(self.busy_label)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_standard_step())
        self.stack.addWidget(self._build_applicant_step())
        self.stack.addWidget(self._build_checklist_step())
        self.stack.addWidget(self._build_result_step())

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(top_message)
        layout.addLayout(steps)
        layout.addWidget(rule)
        layout.addWidget(self.stack, 1)

        decide_keys = (QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Return),
                       QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Enter))
        for keys in decide_keys:
            QShortcut(keys, self, self.decide)
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.attach)
        QShortcut(QKeySequence.StandardKey.New, self, self._new_citizen_shortcut)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.retry_saves)
        # A bound method, not a lambda: the connection goes when the page does (at logout).
        self.runner.busy_changed.connect(self._busy_changed)
        self._go(STEP_STANDARD)

    # ================================================================== building

    def _build_standard_step(self) -> QWidget:
        page = QWidget(self)
        self.standard_search = QLineEdit(page)
        self.standard_search.setObjectName("standardSearch")
        self.standard_search.setPlaceholderText(self.tr("ketik nama layanan, kode, atau persyaratan…"))
        self.standard_search.setClearButtonEnabled(True)
        self.standard_search.textChanged.connect(self._filter_standards)
        self.standard_search.installEventFilter(self)
        label = QLabel(self.tr("&Cari layanan:"), page)
        label.setBuddy(self.standard_search)
        self.standard_list = QListWidget(page)
        self.standard_list.setObjectName("standardList")
        self.standard_list.itemActivated.connect(
            lambda item: self.pick_standard(item.data(Qt.ItemDataRole.UserRole)))
        self.standard_list.currentItemChanged.connect(lambda *_: self._show_standard_info())
        self.standard_info = QLabel(page)
        self.standard_info.setObjectName("standardInfo")
        self.standard_info.setWordWrap(True)
        self.standard_info.setStyleSheet("color: #333;")
        hint = QLabel(self.tr("Enter memilih layanan; ↓ pindah ke daftar."), page)
        hint.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.standard_search, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.standard_list, 1)
        layout.addWidget(self.standard_info)
        layout.addWidget(hint)
        return page

    def _build_applicant_step(self) -> QWidget:
        page = QWidget(self)
        self.chosen_standard = QLabel(page)
        self.chosen_standard.setObjectName("chosenStandard")
        self.chosen_standard.setWordWrap(True)
        self.change_standard = QPushButton(self.tr("&Ganti layanan"), page)
        self.change_standard.setObjectName("changeStandard")
        self.change_standard.setAutoDefault(False)
        self.change_standard.clicked.connect(lambda: self._go(STEP_STANDARD))
        self.applicant_panel = ApplicantSearchPanel(self.ctx, self.runner, self.tr("Cari &pemohon:"), page)
        self.applicant_panel.picked.connect(lambda hit: self.pick_applicant(Chosen.of(hit)))
        self.new_citizen_button = QPushButton(self.tr("&Warga baru…"), page)
        self.new_citizen_button.setObjectName("newCitizen")
        self.new_citizen_button.setToolTip(self.tr("Daftarkan pemohon perseorangan (Ctrl+N)"))
        self.new_citizen_button.clicked.connect(self.new_citizen)
        self.new_institution_button = QPushButton(self.tr("&Lembaga baru…"), page)
        self.new_institution_button.setObjectName("newInstitution")
        self.new_institution_button.clicked.connect(self.new_institution)
        self.kuasa_box = QCheckBox(self.tr("Diajukan oleh k&uasa"), page)
        self.kuasa_box.setObjectName("byRepresentative")
        self.kuasa_box.setToolTip(self.tr("Berkas diserahkan oleh orang lain atas nama pemohon; "
                                          "kuasa dipilih setelah pemohon"))
        for button in (self.new_citizen_button, self.new_institution_button):
            button.setAutoDefault(False)

        self.returned_box = QGroupBox(self.tr("Pemohon ini punya berkas yang dikembalikan"), page)
        self.returned_box.setObjectName("returnedFiles")
        self.returned_box.setStyleSheet("QGroupBox::title { color: #8a5300; font-weight: bold; }")
        self.returned_list = QListWidget(self.returned_box)
        self.returned_list.setObjectName("returnedList")
        self.returned_list.itemActivated.connect(
            lambda item: self.resume(item.data(Qt.ItemDataRole.UserRole)))
        returned_label = QLabel(self.tr("Lanjutkan berkas yang &dikembalikan (Enter):"), self.returned_box)
        returned_label.setBuddy(self.returned_list)
        self.start_new_button = QPushButton(self.tr("&Mulai berkas baru"), self.returned_box)
        self.start_new_button.setObjectName("startNew")
        self.start_new_button.setAutoDefault(True)
        self.start_new_button.clicked.connect(self._start_after_returned)
        box_layout = QVBoxLayout(self.returned_box)
        box_layout.addWidget(returned_label)
        box_layout.addWidget(self.returned_list)
        box_row = QHBoxLayout()
        box_row.addStretch(1)
        box_row.addWidget(self.start_new_button)
        box_layout.addLayout(box_row)
        self.returned_box.hide()

        head = QHBoxLayout()
        head.addWidget(self.chosen_standard, 1)
        head.addWidget(self.change_standard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_citizen_button)
        buttons.addWidget(self.new_institution_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.kuasa_box)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.applicant_panel, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.returned_box, 2)
        page.setTabOrder(self.applicant_panel.search, self.applicant_panel.table)
        page.setTabOrder(self.applicant_panel.table, self.new_citizen_button)
        page.setTabOrder(self.new_citizen_button, self.new_institution_button)
        page.setTabOrder(self.new_institution_button, self.kuasa_box)
        page.setTabOrder(self.kuasa_box, self.returned_list)
        page.setTabOrder(self.returned_list, self.start_new_button)
        page.setTabOrder(self.start_new_button, self.change_standard)
        return page

    def _build_checklist_step(self) -> QWidget:
        page = QWidget(self)
        self.file_header = QLabel(page)
        self.file_header.setObjectName("fileHeader")
        self.file_header.setWordWrap(True)
        self.file_header.setTextFormat(Qt.TextFormat.RichText)
        self.checklist = ChecklistModel(self)
        self.checklist.note_edited.connect(self._save_item)
        self.table = ChecklistView(page)
        self.table.setObjectName("checklist")
        self.table.setModel(self.checklist)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(ChecklistModel.TEXT, IndentDelegate(self.table))
        self.table.verticalHeader().hide()
        # Rows as tall as their wrapped text, again whenever the columns change width.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        header.resizeSection(ChecklistModel.KEY, metrics.horizontalAdvance("1.a.2") + 18)
        header.setSectionResizeMode(ChecklistModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ChecklistModel.STATUS,
                             metrics.horizontalAdvance("Salinan diterima (belum tersimpan)") + 16)
        header.resizeSection(ChecklistModel.NOTE, 200)
        header.resizeSection(ChecklistModel.ATTACHMENTS, metrics.horizontalAdvance("Lampiran") + 20)
        self.table.mark_requested.connect(self.mark_current)
        self.table.advance_requested.connect(self._advance)
        checklist_label = QLabel(self.tr("Daftar &periksa:"), page)
        checklist_label.setBuddy(self.table)

        legend = QLabel(self.tr(
            "<b>1</b> Asli diperiksa · <b>2</b> Salinan diterima · <b>3</b> Tidak ada · "
            "<b>4</b> Tidak berlaku · <b>0</b> hapus tanda · <b>F2</b> catatan · "
            "<b>Ctrl+Shift+A</b> lampiran · <b>Ctrl+Enter</b> putuskan"), page)
        legend.setObjectName("checklistKeys")
        legend.setStyleSheet("color: #444;")
        self.summary = QLabel(page)
        self.summary.setObjectName("checklistSummary")
        self.outcome = QLabel(page)
        self.outcome.setObjectName("checklistOutcome")
        self.outcome.setWordWrap(True)

        self.save_problem = QLabel(page)
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setWordWrap(True)
        self.save_problem.setStyleSheet(
            "QLabel { background: #fdecea; border: 1px solid #d9534f; padding: 6px; color: #611a15; }")
        self.save_problem.hide()
        self.retry_button = QPushButton(self.tr("Simpan &ulang"), page)
        self.retry_button.setObjectName("retrySave")
        self.retry_button.setToolTip(self.tr("Kirim lagi tanda yang belum tersimpan (F5)"))
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.retry_saves)
        self.retry_button.hide()

        self.attach_button = QPushButton(self.tr("&Lampirkan…"), page)
        self.attach_button.setObjectName("attach")
        self.attach_button.setToolTip(self.tr("Lampirkan pindaian atau foto (PDF/JPEG/PNG, paling "
                                              "besar 10 MB) untuk butir terpilih (Ctrl+Shift+A)"))
        self.attach_button.setAutoDefault(False)
        self.attach_button.clicked.connect(self.attach)
        self.show_attachment_button = QPushButton(self.tr("Lihat lampi&ran…"), page)
        self.show_attachment_button.setObjectName("showAttachment")
        self.show_attachment_button.setAutoDefault(False)
        self.show_attachment_button.clicked.connect(self.show_attachment)
        self.close_file_button = QPushButton(self.tr("&Tutup berkas ini"), page)
        self.close_file_button.setObjectName("closeFile")
        self.close_file_button.setToolTip(self.tr("Kembali ke awal; tanda yang sudah dibuat tetap "
                                                  "tersimpan"))
        self.close_file_button.setAutoDefault(False)
        self.close_file_button.clicked.connect(self.close_file)
        self.decide_button = QPushButton(self.tr("&Daftarkan / Kembalikan"), page)
        self.decide_button.setObjectName("decide")
        self.decide_button.setToolTip(self.tr("Lengkap: daftarkan dan cetak tanda terima. Belum "
                                              "lengkap: kembalikan dengan tanda pengembalian "
                                              "(Ctrl+Enter)"))
        self.decide_button.setAutoDefault(True)
        self.decide_button.clicked.connect(self.decide)
        font = self.decide_button.font()
        font.setBold(True)
        self.decide_button.setFont(font)

        problem_row = QHBoxLayout()
        problem_row.addWidget(self.save_problem, 1)
        problem_row.addWidget(self.retry_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.attach_button)
        bottom.addWidget(self.show_attachment_button)
        bottom.addWidget(self.close_file_button)
        bottom.addStretch(1)
        bottom.addWidget(self.outcome, 2)
        bottom.addWidget(self.decide_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_header)
        layout.addLayout(problem_row)
        layout.addWidget(checklist_label)
        layout.addWidget(self.table, 1)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary)
        summary_row.addStretch(1)
        summary_row.addWidget(legend)
        layout.addLayout(summary_row)
        layout.addLayout(bottom)
        page.setTabOrder(self.table, self.decide_button)
        page.setTabOrder(self.decide_button, self.attach_button)
        page.setTabOrder(self.attach_button, self.show_attachment_button)
        page.setTabOrder(self.show_attachment_button, self.close_file_button)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_item_buttons())
        return page

    def _build_result_step(self) -> QWidget:
        page = QWidget(self)
        self.result_title = QLabel(page)
        self.result_title.setObjectName("resultTitle")
        self.result_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_number = QLabel(page)
        self.result_number.setObjectName("resultNumber")
        self.result_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.font())
        big.setPointSizeF(max(big.pointSizeF(), 9) * 3.2)
        big.setBold(True)
        big.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.result_number.setFont(big)
        self.result_detail = QLabel(page)
        self.result_detail.setObjectName("resultDetail")
        self.result_detail.setWordWrap(True)
        self.result_detail.setTextFormat(Qt.TextFormat.RichText)
        self.result_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.reprint_button = QPushButton(self.tr("Cetak &ulang…"), page)
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.setToolTip(self.tr("Tampilkan lagi tanda terima atau tanda pengembalian "
                                               "untuk dicetak"))
        self.reprint_button.setAutoDefault(True)
        self.reprint_button.clicked.connect(self.reprint)
        self.next_button = QPushButton(self.tr("Pemohon &selanjutnya"), page)
        self.next_button.setObjectName("nextApplicant")
        self.next_button.setToolTip(self.tr("Mulai berkas berikutnya (Enter)"))
        self.next_button.setAutoDefault(True)
        self.next_button.clicked.connect(self.start_over)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addSpacing(12)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result_number)
        layout.addWidget(self.result_detail)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(1)
        page.setTabOrder(self.next_button, self.reprint_button)
        return page

    # ================================================================== steps

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        names = (self.tr("Layanan"), self.tr("Pemohon"), self.tr("Periksa berkas"), self.tr("Selesai"))
        parts = []
        for i, name in enumerate(names):
            text = f"{i + 1}. {name}"
            parts.append(f"<b>{text}</b>" if i == step else f"<span style='color:#888'>{text}</span>")
        self.steps_label.setText("  ›  ".join(parts))
        self._focus_step()

    def _focus_step(self) -> None:
        step = self.current_step()
        if step == STEP_STANDARD:
            self.standard_search.setFocus()
            self.standard_search.selectAll()
        elif step == STEP_APPLICANT:
            if self.returned_box.isVisible():
                self.returned_list.setFocus()
            else:
                self.applicant_panel.search.setFocus()
                self.applicant_panel.search.selectAll()
        elif step == STEP_CHECKLIST:
            self.table.setFocus()
        else:
            self.next_button.setFocus()

    def refresh(self) -> None:
        """The page is shown: the catalog the window holds, the focus where the clerk works."""
        catalog = self._catalog_source()
        if catalog is not None and catalog is not self.catalog:
            self.set_catalog(catalog)
        elif self.catalog is None and self.ctx.actor is not None:
            factory = self.ctx.uow_factory
            self.runner.run_db(lambda: catalog_service.get_catalog(factory()), self.set_catalog,
                               lambda e: report_error(self, e))
        self._focus_step()

    def set_catalog(self, catalog: CatalogDTO) -> None:
        self.catalog = catalog
        self._filter_standards(self.standard_search.text())

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    def _busy_changed(self, _busy: bool) -> None:
        self._update_busy()

    def _update_busy(self) -> None:
        saving = sum(self._in_flight.values())
        if saving:
            self.busy_label.setText(self.tr("Menyimpan…"))
        elif self.runner.busy:
            self.busy_label.setText(self.tr("Memproses…"))
        else:
            self.busy_label.setText("")

    def start_over(self) -> None:
        """Ready for the next applicant (the last decision stays reprintable)."""
        self.standard = None
        self.applicant = None
        self.representative = None
        self.view = None
        self.application = None
        self.attachments = []
        self.checklist.clear()
        self.kuasa_box.setChecked(False)
        self.returned_box.hide()
        self.applicant_panel.set_query("")
        self.standard_search.clear()
        self.save_problem.hide()
        self.retry_button.hide()
        self._go(STEP_STANDARD)

    # ================================================================== 1. standard

    def _filter_standards(self, text: str) -> None:
        self.standard_list.clear()
        if self.catalog is None:
            self.standard_info.setText(self.tr("Memuat katalog…"))
            return
        for standard in self.catalog.index.search(text):
            item = QListWidgetItem(f"{standard.lampiran}. {standard.title}")
            item.setData(Qt.ItemDataRole.UserRole, standard.code)
            item.setToolTip(standard.title)
            self.standard_list.addItem(item)
        if self.standard_list.count():
            self.standard_list.setCurrentRow(0)
        else:
            self.standard_info.setText(self.tr("Tidak ada layanan yang cocok dengan “{q}”.").format(q=text))

    def _show_standard_info(self) -> None:
        item = self.standard_list.currentItem()
        if item is None or self.catalog is None:
            return
        standard = self.catalog.catalog.standard(item.data(Qt.ItemDataRole.UserRole))
        count = len(standard.checklist_items())
        limit = standard.time_limit.text or standard.time_limit.describe()
        self.standard_info.setText(self.tr("{title} — {n} butir persyaratan; jangka waktu: {limit}").format(
            title=standard.title, n=count, limit=limit))

    def pick_standard(self, code: str | None = None) -> None:
        if self.catalog is None:
            return
        if code is None:
            item = self.standard_list.currentItem()
            if item is None:
                return
            code = item.data(Qt.ItemDataRole.UserRole)
        self.standard = self.catalog.catalog.standard(str(code))
        self.chosen_standard.setText(self.tr("Layanan: <b>{title}</b>").format(
            title=html.escape(standard_label(self.standard))))
        self.returned_box.hide()
        self._go(STEP_APPLICANT)

    # ================================================================== 2. applicant

    def _new_citizen_shortcut(self) -> None:
        if self.current_step() == STEP_APPLICANT:
            self.new_citizen()

    def _prefill(self) -> tuple[str, str]:
        """(NIK, name) for a new record: what was searched for, when the search found nobody."""
        if self.applicant_panel.model.total > 0:
            return "", ""
        text = self.applicant_panel.search.text().strip()
        digits = text.replace(" ", "")
        return (digits, "") if digits.isdigit() else ("", text)

    def new_citizen(self) -> CitizenDialog:
        nik, name = self._prefill()
        dialog = CitizenDialog(self.ctx, self.runner, None, self, nik=nik if len(nik) == 16 else "",
                               name=name)
        dialog.saved.connect(lambda c: self.pick_applicant(Chosen.of(c)))
        self._open(dialog)
        return dialog

    def new_institution(self) -> InstitutionDialog:
        _nik, name = self._prefill()
        dialog = InstitutionDialog(self.ctx, self.runner, None, self, name=name)
        dialog.saved.connect(lambda i: self.pick_applicant(Chosen.of(i)))
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def pick_applicant(self, chosen: Chosen) -> None:
        """The applicant is known: offer their returned files, else start the checklist."""
        self.applicant = chosen
        self.representative = None
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        citizen_id = chosen.id if chosen.kind == "citizen" else None
        institution_id = chosen.id if chosen.kind == "institution" else None
        self.runner.run_db(
            lambda: intake_service.returned_files(factory(), actor, citizen_id=citizen_id,
                                                  institution_id=institution_id),
            self._returned_loaded, lambda e: report_error(self, e))

    def _returned_loaded(self, returned: list[ApplicationDTO]) -> None:
        if not returned:
            self._start_after_returned()
            return
        self.returned_list.clear()
        for app in returned:
            when = to_local(app.updated_at).strftime("%d-%m-%Y")
            item = QListWidgetItem(self.tr("{number} — {title} (dikembalikan {date})").format(
                number=app.return_slip_number or "—", title=app.standard_title, date=when))
            item.setData(Qt.ItemDataRole.UserRole, app)
            self.returned_list.addItem(item)
        self.returned_list.setCurrentRow(0)
        self.returned_box.setTitle(self.tr("{name} punya berkas yang dikembalikan").format(
            name=self.applicant.name if self.applicant else ""))
        self.returned_box.show()
        self.returned_list.setFocus()

    def _start_after_returned(self) -> None:
        self.returned_box.hide()
        if self.kuasa_box.isChecked() and self.representative is None:
            exclude = self.applicant.id if self.applicant and self.applicant.kind == "citizen" else None
            picker = CitizenPickerDialog(self.ctx, self.runner, self.tr("Pilih kuasa (yang menyerahkan "
                                                                        "berkas)"), self,
                                         exclude_id=exclude)
            picker.chosen.connect(self._representative_chosen)
            picker.rejected.connect(self._focus_step)
            self._open(picker)
            return
        self.start_application()

    def _representative_chosen(self, citizen_id: int, name: str) -> None:
        self.representative = Chosen("citizen", citizen_id, name)
        self.start_application()

    def start_application(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None or self.standard is None or self.applicant is None:
            return
        code = self.standard.code
        citizen_id = self.applicant.id if self.applicant.kind == "citizen" else None
        institution_id = self.applicant.id if self.applicant.kind == "institution" else None
        representative_id = self.representative.id if self.representative else None

        def start() -> ApplicationView:
            app = intake_service.start_application(
                factory(), actor, code, citizen_id=citizen_id, institution_id=institution_id,
                representative_id=representative_id)
            return intake_service.view_application(factory(), actor, app.id)

        self.runner.run_db(start, lambda view: self.show_application(view), self._start_failed)

    def _start_failed(self, exc: BaseException) -> None:
        report_error(self, exc)
        self._focus_step()

    def resume(self, app: ApplicationDTO) -> None:
        """The applicant is back with what was missing: the checklist as it was left."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        app_id, version, slip = app.id, app.version, app.return_slip_number

        def work() -> ApplicationView:
            intake_service.resume_returned(factory(), actor, app_id, expected_version=version)
            return intake_service.view_application(factory(), actor, app_id)

        self.runner.run_db(work, lambda view: self.show_application(view, self.tr(
            "Berkas dengan tanda pengembalian {slip} dilanjutkan; tanda sebelumnya tetap.").format(
                slip=slip)), lambda e: report_error(self, e))

    # ================================================================== 3. checklist

    def show_application(self, view: ApplicationView, message: str = "") -> None:
        self.view = view
        self.application = view.application
        self.attachments = list(view.attachments)
        self.standard = view.standard
        self._in_flight = {}
        self._decide_when_saved = False
        self.returned_box.hide()
        self.save_problem.hide()
        self.retry_button.hide()
        self.checklist.load(view.standard, view.application.items, view.attachments)
        app = view.application
        lines = [f"<b>{html.escape(standard_label(view.standard))}</b>",
                 self.tr("Pemohon: <b>{name}</b>").format(name=html.escape(app.applicant_name))]
        if self.representative is not None and app.representative_id == self.representative.id:
            lines.append(self.tr("Kuasa: {name}").format(name=html.escape(self.representative.name)))
        elif app.representative_id is not None:
            lines.append(self.tr("Diajukan oleh kuasa"))
        if app.return_slip_number:
            lines.append(self.tr("Tanda pengembalian: {slip}").format(slip=app.return_slip_number))
        if view.catalog_label:
            lines.append(f"<span style='color:#555'>{html.escape(view.catalog_label)}</span>")
        self.file_header.setText(" · ".join(lines[:2]) + "<br>" + " · ".join(lines[2:]))
        self._go(STEP_CHECKLIST)
        row = self.checklist.first_open_row()
        if row >= 0:
            self.table.setCurrentIndex(self.checklist.index(row, ChecklistModel.TEXT))
        self._update_summary()
        if message:
            self._status(message)

    def mark_current(self, status: ItemStatus | None) -> None:
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else self.checklist.first_open_row()
        if row < 0:
            return
        if not self.checklist.is_item(row):
            row = self.checklist.next_item_row(row)  # a heading: its first sub-item
            if not self.checklist.is_item(row):
                return
        key = self.checklist.set_status(row, status)
        if key is not None:
            self._save_item(key)
        following = self.checklist.next_item_row(row) if status is not None else row
        self.table.setCurrentIndex(self.checklist.index(following, ChecklistModel.TEXT))
        self._update_summary()

    def _advance(self) -> None:
        """Enter in the checklist: on to the next open item, or the decision when all are marked."""
        marked, total, _missing = self.checklist.counts()
        if total and marked == total:
            self.decide()
        else:
            row = self.checklist.first_open_row()
            self.table.setCurrentIndex(self.checklist.index(row, ChecklistModel.TEXT))

    def _save_item(self, key: str) -> None:
        """Every mark and note is written at once: a PC that dies loses nothing typed."""
        actor, factory, app = self.ctx.actor, self.ctx.uow_factory, self.application
        if actor is None or app is None:
            return
        status, note, app_id = self.checklist.status_of(key), self.checklist.note_of(key), app.id
        self._in_flight[key] = self._in_flight.get(key, 0) + 1
        self._update_busy()

        def done(saved: ApplicationDTO) -> None:
            self._in_flight[key] -= 1
            if self.application is not None and saved.id == self.application.id:
                self.application = saved
                if not self._in_flight[key]:
                    self.checklist.confirm(key, saved.items)
            self._after_save()

        def failed(exc: BaseException) -> None:
            self._in_flight[key] -= 1
            if isinstance(exc, DatabaseError):
                self._show_save_problem(exc.message)
            elif isinstance(exc, ValidationError):
                self._show_save_problem(exc.message)
            else:
                report_error(self, exc)
            self._decide_when_saved = False
            self._after_save()

        self.runner.run_db(lambda: intake_service.mark_item(factory(), actor, app_id, key, status, note),
                           done, failed)

    def _after_save(self) -> None:
        self._update_busy()
        self._update_summary()
        if not any(self._in_flight.values()):
            if not self.checklist.pending:
                self.save_problem.hide()
                self.retry_button.hide()
            if self._decide_when_saved:
                self._decide_when_saved = False
                if not self.checklist.pending:
                    self.decide()

    def _show_save_problem(self, reason: str) -> None:
        self.save_problem.setText(self.tr(
            "<b>Tanda belum tersimpan.</b> {reason} Yang sudah Anda tandai tetap di layar (ditandai "
            "“belum tersimpan”). Setelah sambungan pulih, tekan <i>Simpan ulang</i> (F5).").format(
                reason=html.escape(reason)))
        self.save_problem.show()
        self.retry_button.show()

    def retry_saves(self) -> None:
        if self.current_step() != STEP_CHECKLIST:
            return
        for key in sorted(self.checklist.pending):
            if not self._in_flight.get(key):
                self._save_item(key)

    def _update_summary(self) -> None:
        marked, total, missing = self.checklist.counts()
        self.summary.setText(self.checklist.summary())
        if marked < total:
            self.outcome.setText(self.tr("Tandai semua butir dahulu ({n} belum).").format(n=total - marked))
            self.outcome.setStyleSheet("color: #555;")
        elif missing:
            self.outcome.setText(self.tr("Belum lengkap: berkas akan dikembalikan dengan tanda "
                                         "pengembalian."))
            self.outcome.setStyleSheet("color: #8a5300; font-weight: bold;")
        else:
            self.outcome.setText(self.tr("Lengkap: berkas akan didaftarkan."))
            self.outcome.setStyleSheet("color: #1b5e20; font-weight: bold;")

    def _update_item_buttons(self) -> None:
        key = self.current_key()
        count = sum(1 for a in self.attachments if a.item_key == key)
        self.show_attachment_button.setEnabled(count > 0)

    def current_key(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.checklist.is_item(index.row()):
            return None
        return self.checklist.key_at(index.row())

    def close_file(self) -> None:
        if self.application is not None and self.application.status == "draft":
            answer = QMessageBox.question(
                self, self.tr("Tutup berkas"),
                self.tr("Berkas ini belum diputuskan. Tanda yang sudah dibuat tetap tersimpan. "
                        "Tutup dan mulai dari awal?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.start_over()

    # ---- attachments

    def attach(self) -> None:
        if self.current_step() != STEP_CHECKLIST or self.application is None:
            return
        key = self.current_key()
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if key is None or actor is None:
            self._status(self.tr("Pilih butir persyaratan yang akan diberi lampiran."))
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Lampiran untuk butir {key}").format(key=key), "",
            self.tr(ATTACHMENT_FILTER) + ";;" + self.tr("Semua berkas (*)"))
        if not name:
            return
        path, app_id = Path(name), self.application.id

        def work() -> AttachmentDTO:
            try:
                size = path.stat().st_size
                if size > intake_service.MAX_ATTACHMENT:
                    raise ValidationError({"attachment": "Berkas terlalu besar (paling besar 10 MB)."})
                content = path.read_bytes()
            except OSError as exc:
                raise DomainError(f"Berkas {path.name} tidak dapat dibaca "
                                  f"({exc.strerror or type(exc).__name__}).") from exc
            return intake_service.attach_document(factory(), actor, app_id, key, path.name, content)

        def done(attachment: AttachmentDTO) -> None:
            self.attachments.append(attachment)
            self.checklist.add_attachment(attachment.item_key)
            self._update_item_buttons()
            self._status(self.tr("Lampiran {name} tersimpan untuk butir {key}.").format(
                name=attachment.filename, key=attachment.item_key))

        self.runner.run_db(work, done, lambda e: report_error(self, e))

    def show_attachment(self) -> None:
        key = self.current_key()
        mine = [a for a in self.attachments if a.item_key == key]
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if not mine or actor is None:
            return
        chosen = mine[-1]
        if len(mine) > 1:
            names = [f"{a.filename} ({to_local(a.uploaded_at):%d-%m-%Y %H.%M})" for a in mine]
            picked, ok = QInputDialog.getItem(self, self.tr("Lihat lampiran"), self.tr("Lampiran:"),
                                              names, len(names) - 1, False)
            if not ok:
                return
            chosen = mine[names.index(picked)]
        attachment_id = chosen.id

        def show(content: bytes) -> None:
            if chosen.mime == "application/pdf":
                from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

                dialog: QDialog = PdfPreviewDialog(chosen.filename, content, chosen.filename, parent=self)
            else:
                dialog = _ImageDialog(chosen.filename, content, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        self.runner.run_db(lambda: intake_service.attachment_content(factory(), actor, attachment_id),
                           show, lambda e: report_error(self, e))

    # ================================================================== 4. decision

    def decide(self) -> None:
        if self.current_step() != STEP_CHECKLIST or self.application is None or self._deciding:
            return
        actor, factory, due_for = self.ctx.actor, self.ctx.uow_factory, self.ctx.due_for
        if actor is None:
            return
        marked, total, _missing = self.checklist.counts()
        if marked < total:
            row = self.checklist.first_open_row()
            self.table.setCurrentIndex(self.checklist.index(row, ChecklistModel.TEXT))
            self.table.setFocus()
            self._status(self.tr("Butir {key} belum diperiksa.").format(key=self.checklist.key_at(row)))
            return
        if any(self._in_flight.values()):
            self._decide_when_saved = True  # after the marks on their way: they carry the version
            return
        if self.checklist.pending:
            self._decide_when_saved = True
            self.retry_saves()
            return
        if due_for is None:
            report_error(self, DomainError(self.tr("Kalender hari kerja belum siap; jatuh tempo tidak "
                                                   "dapat dihitung. Hubungi admin.")))
            return
        app_id, version = self.application.id, self.application.version
        self._deciding = True
        self.decide_button.setEnabled(False)
        self.runner.run_db(
            lambda: intake_service.decide(factory(), actor, app_id, expected_version=version,
                                          due_for=due_for),
            self._decided, self._decide_failed)

    def _decide_failed(self, exc: BaseException) -> None:
        self._deciding = False
        self.decide_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._status(exc.message)
        report_error(self, exc)
        if isinstance(exc, ConflictError) and self.application is not None:
            # Another workstation moved this file on: show it as it is now.
            actor, factory, app_id = self.ctx.actor, self.ctx.uow_factory, self.application.id
            if actor is not None:
                self.runner.run_db(lambda: intake_service.view_application(factory(), actor, app_id),
                                   lambda view: self.show_application(view),
                                   lambda e: report_error(self, e))
        self.table.setFocus()

    def _decided(self, decision: Decision) -> None:
        self._deciding = False
        self.decide_button.setEnabled(True)
        self.application = decision.application
        self.decided.emit(decision)
        self.show_result(decision.receipt, decision.application.id)
        self.open_preview(decision.receipt)

    def show_result(self, receipt: ReceiptData, application_id: int, note: str = "") -> None:
        self.receipt = receipt
        self.last_application_id = application_id
        from dinsos_desktop.reports.formatting import format_date_long, format_datetime

        if receipt.kind == "receipt":
            self.result_title.setText(self.tr(
                "<h2 style='color:#1b5e20'>Berkas lengkap — terdaftar</h2>Nomor registrasi:"))
            lines = []
            if receipt.due is not None:
                due = format_date_long(receipt.due.date())
                if receipt.due_is_clock_time:
                    due += self.tr(" pukul {time}").format(time=receipt.due.strftime("%H.%M"))
                lines.append(self.tr("Perkiraan selesai: <b>{due}</b>").format(due=due))
            else:
                lines.append(self.tr("Tidak ada batas waktu tetap ({text}).").format(
                    text=html.escape(receipt.time_limit_text)))
            lines.append(self.tr("Diterima {moment}").format(moment=format_datetime(receipt.received_at)))
        else:
            self.result_title.setText(self.tr(
                "<h2 style='color:#8a5300'>Berkas belum lengkap — dikembalikan</h2>"
                "Nomor tanda pengembalian:"))
            missing = [i for i in receipt.items if i.status == ItemStatus.MISSING.value]
            items = "<br>".join(f"<b>{html.escape(i.key)}.</b> {html.escape(i.text)}" for i in missing)
            lines = [self.tr("Yang belum ada:") + f"<br><span style='font-size:large'>{items}</span>",
                     self.tr("Bila pemohon datang lagi, ketik atau pindai nomor ini di "
                             "<b>Nomor/QR</b>: pemeriksaan dilanjutkan dari tanda terakhir.")]
        who = html.escape(receipt.institution_name or receipt.applicant_name)
        lines.insert(0, self.tr("{title}<br>Pemohon: <b>{who}</b>").format(
            title=html.escape(receipt.standard_title), who=who))
        if note:
            lines.insert(0, f"<i>{html.escape(note)}</i>")
        self.result_number.setText(receipt.number)
        self.result_detail.setText("<p>" + "</p><p>".join(lines) + "</p>")
        self._go(STEP_RESULT)

    def paper_key(self) -> str:
        value = QSettings().value(PAPER_SETTING, DEFAULT_PAPER)
        keys = [k for k, _ in receipt_papers()]
        return str(value) if value in keys else DEFAULT_PAPER

    def _render(self, receipt: ReceiptData, paper_key: str, done: Callable[[bytes], None]) -> None:
        self.runner.run_report(lambda: render_receipt_pdf(receipt, paper_key), done,
                               lambda e: report_error(self, e))

    def open_preview(self, receipt: ReceiptData) -> None:
        """Preview, print, save. A failed print loses nothing: "Cetak ulang" renders it again."""
        paper = self.paper_key()

        def show(pdf: bytes) -> None:
            from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

            def rerender(key: str, done: Callable[[bytes], None]) -> None:
                QSettings().setValue(PAPER_SETTING, key)
                self._render(receipt, key, done)

            if receipt.kind == "receipt":
                title = self.tr("Tanda terima berkas {number}").format(number=receipt.number)
                name = f"tanda-terima-{receipt.number}.pdf"
            else:
                title = self.tr("Tanda pengembalian berkas {number}").format(number=receipt.number)
                name = f"tanda-pengembalian-{receipt.number}.pdf"
            if self.preview is not None:
                self.preview.close()
            dialog = PdfPreviewDialog(title, pdf, name, paper=paper, rerender=rerender,
                                      papers=receipt_papers(), parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._preview_closed)
            dialog.destroyed.connect(lambda *_: setattr(self, "preview", None))
            self.preview = dialog
            dialog.open()

        self._render(receipt, paper, show)

    def _preview_closed(self, _result: int) -> None:
        self.preview = None
        self._focus_step()

    def reprint(self) -> None:
        actor, factory, app_id = self.ctx.actor, self.ctx.uow_factory, self.last_application_id
        if actor is None or app_id is None:
            return
        self.runner.run_db(lambda: intake_service.receipt_for(factory(), actor, app_id),
                           self.open_preview, lambda e: report_error(self, e))

    # ================================================================== Nomor/QR

    def lookup_number(self) -> None:
        text = self.number.text().strip()
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if not text or actor is None:
            return
        self.number_message.show_message("")

        def found(app: ApplicationDTO | None) -> None:
            if app is None:
                self.number_message.show_message(self.tr("Nomor {number} tidak ditemukan.").format(
                    number=text))
                self.number.selectAll()
                return
            self.number.clear()
            self.open_found(app)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.number_message.show_message(exc.errors.get("number", exc.message))
                self.number.selectAll()
            else:
                report_error(self, exc)

        self.runner.run_db(lambda: intake_service.find_by_number(factory(), actor, text), found, failed)

    def open_found(self, app: ApplicationDTO) -> None:
        """A returned file resumes; a draft continues; a decided file shows, ready for a reprint."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        self.representative = None
        if app.status == "returned":
            self.resume(app)
        elif app.status == "draft":
            self.runner.run_db(lambda: intake_service.view_application(factory(), actor, app.id),
                               lambda view: self.show_application(view), lambda e: report_error(self, e))
        else:
            app_id = app.id
            note = self.tr("Berkas ini sudah terdaftar. Tekan Cetak ulang untuk mencetak tanda "
                           "terimanya lagi.")
            self.runner.run_db(lambda: intake_service.receipt_for(factory(), actor, app_id),
                               lambda receipt: self.show_result(receipt, app_id, note),
                               lambda e: report_error(self, e))

    # ================================================================== keys

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.standard_search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.standard_list.count():
                self.standard_list.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.pick_standard()
                return True
        return super().eventFilter(obj, event)


class _ImageDialog(QDialog):
    """A photographed or scanned requirement (JPEG/PNG), scaled to the screen."""

    def __init__(self, title: str, content: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 800)
        pixmap = QPixmap()
        pixmap.loadFromData(content)
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if pixmap.isNull():
            label.setText(self.tr("Gambar tidak dapat ditampilkan."))
        else:
            label.setPixmap(pixmap.scaled(860, 740, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        close = QPushButton(self.tr("&Tutup"), self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

