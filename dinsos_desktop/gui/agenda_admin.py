"""The agenda book's administration: the classification-code master, the numbering settings, and
the agendaris's tools (the monthly and yearly registers as PDF and XLSX, the report of missing and
duplicated numbers, importing the office's old agenda book).

Use cases run on the database thread; reading and writing files and rendering the registers run
on the report thread, where the report modules are imported (lazily: they pull in reportlab and
openpyxl). File dialogs go through each page's ``choose_file`` so that tests can answer them."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import ConflictError, DomainError, ValidationError
from dinsos_desktop.domain.letters import (
    CodeSet,
    CounterScopeKind,
    LetterKind,
    NumberingSettings,
    ScopeReport,
    SuffixStyle,
    suffix_for,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row
from dinsos_desktop.reports.formatting import format_date, format_number
from dinsos_desktop.services import letters as letter_service
from dinsos_desktop.services.dto import AgendaRegisterData, ClassificationDTO, ClassificationInput
from dinsos_desktop.services.letters import ImportPreview, RowProblem

FIRST_YEAR, LAST_YEAR = 1990, 2100
HINT_STYLE = "color: #555;"
OK_STYLE = "color: #1b5e20;"
UNSAVED_STYLE = "color: #8a5300;"
NOTE_STYLE = "QLabel { background: #fff4e5; border: 1px solid #e0a040; padding: 6px; }"
CLEAN_STYLE = "QLabel { background: #e8f5e9; border: 1px solid #81c784; padding: 6px; }"
ALERT_TEXT = QColor("#b00020")
RETIRED_TEXT = QColor("#777777")
TABLE_FILTERS = "Lembar kerja Excel (*.xlsx);;Berkas CSV (*.csv)"

# (parent, caption, suggested name, filters, save) -> the chosen path, or "" when cancelled.
ChooseFile = Callable[[QWidget, str, str, str, bool], str]


def _tr(text: str) -> str:
    return QCoreApplication.translate("agenda_admin", text)


def ask_file(parent: QWidget, caption: str, suggested: str, filters: str, save: bool) -> str:
    """The standard file dialogs (the pages' ``choose_file`` unless a test sets another)."""
    if save:
        name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, caption, suggested, filters)
    return name


def _with_suffix(name: str, allowed: Sequence[str], default: str) -> Path:
    """The chosen name with a known extension: ``default`` is appended, not swapped in (a name
    like "Agenda Kec. Bugul" has no extension to replace)."""
    path = Path(name)
    if path.suffix.lower() not in allowed:
        path = path.with_name(path.name + default)
    return path


def _status_message(widget: QWidget, text: str) -> None:
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def month_names() -> tuple[str, ...]:
    return (_tr("Januari"), _tr("Februari"), _tr("Maret"), _tr("April"), _tr("Mei"), _tr("Juni"),
            _tr("Juli"), _tr("Agustus"), _tr("September"), _tr("Oktober"), _tr("November"),
            _tr("Desember"))


def period_text(year: int, month: int | None) -> str:
    """'November 2026', or 'tahun 2026' for the whole year."""
    if month is None:
        return _tr("tahun {year}").format(year=year)
    return f"{month_names()[month - 1]} {year}"


def ranges_text(numbers: Sequence[int]) -> str:
    """Numbers as ranges: 12, 13, 14, 20 → '12–14, 20'."""
    parts: list[str] = []
    for _key, group in itertools.groupby(enumerate(sorted(set(numbers))), lambda p: p[1] - p[0]):
        run = [n for _i, n in group]
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts)


def scope_text(scope: str) -> str:
    """A counter scope as the agendaris knows it: 'letter:2026:423.105:460' → 'Unit 423.105, kode
    460' ('Unit 423.105, surat' when letters and decrees are counted apart)."""
    parts = scope.split(":")
    if len(parts) < 3 or parts[0] != "letter":
        return scope
    text = _tr("Unit {unit}").format(unit=parts[2])
    rest = ":".join(parts[3:])
    if not rest:
        return text
    kinds = {k.value: k.label for k in LetterKind}
    if rest in kinds:
        return f"{text}, {kinds[rest].lower()}"
    return _tr("{unit}, kode {code}").format(unit=text, code=rest)


def field_label(field: str) -> str:
    """The name of a problem's field as the file's column would be called."""
    labels = {
        "code_set": _tr("Set"), "code": _tr("Kode"), "name": _tr("Nama"),
        "valid_from": _tr("Berlaku dari"), "valid_to": _tr("Berlaku sampai"),
        "number": _tr("Nomor surat"), "full_number": _tr("Nomor surat"),
        "letter_date": _tr("Tanggal surat"), "sent_date": _tr("Tanggal kirim"),
        "kind": _tr("Jenis"), "classification_code": _tr("Kode klasifikasi"),
        "addressee_name": _tr("Tujuan"), "addressee_institution": _tr("Instansi tujuan"),
        "addressee_address": _tr("Alamat tujuan"), "subject": _tr("Perihal"),
        "nature": _tr("Sifat"), "attachments": _tr("Lampiran"), "bidang_code": _tr("Bidang"),
        "signatory": _tr("Penanda tangan"), "related_incoming": _tr("Surat masuk"),
        "notes": _tr("Keterangan"), "status": _tr("Status"), "file": _tr("Berkas"),
    }
    return labels.get(field, field)


def code_set_label(code_set: str) -> str:
    return {CodeSet.OLD.value: _tr("Kode lama"), CodeSet.NEW.value: _tr("Kode baru")}.get(
        code_set, code_set)


def _is_admin(ctx: AppContext) -> bool:
    return ctx.actor is not None and ctx.actor.has(Role.ADMIN)


# --------------------------------------------------------------------------- shared pieces


class TextTableModel(ReadOnlyTableModel[tuple[str, ...]]):
    """Rows of ready-made texts (problems, counter scopes, the gap report). Cells of the
    ``alert_columns`` that hold text are shown in red."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None,
                 alert_columns: Sequence[int] = ()) -> None:
        super().__init__(headers, parent)
        self.alert_columns = tuple(alert_columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in self.alert_columns and text:
            return QBrush(ALERT_TEXT)
        return None

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def texts(self) -> list[tuple[str, ...]]:
        return list(self._rows)


def problem_rows(problems: Sequence[RowProblem]) -> list[tuple[str, ...]]:
    ordered = sorted(problems, key=lambda p: p.row)
    return [(str(p.row) if p.row else "—", field_label(p.field), p.message) for p in ordered]


class ReportJob(QObject):
    """Progress of one job on the report thread: a QProgressDialog whose Cancel sets the flag the
    renderer polls. ``progress`` and ``cancelled`` are handed to the renderer and may be called
    from the report thread (the dialog is updated through a queued signal)."""

    progressed = Signal(int, int)  # (done, total)

    def __init__(self, parent: QWidget, title: str, label: str) -> None:
        super().__init__(parent)
        self._flag = threading.Event()
        self.steps: list[tuple[int, int]] = []
        self.dialog = QProgressDialog(label, _tr("Batalkan"), 0, 0, parent)
        self.dialog.setObjectName("reportProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # a quick job finishes without a flash
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(380)
        self.dialog.canceled.connect(self.cancel)
        self.progressed.connect(self._show)

    def progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))

    def cancelled(self) -> bool:
        return self._flag.is_set()

    @Slot()
    def cancel(self) -> None:
        self._flag.set()
        self.dialog.setLabelText(_tr("Membatalkan…"))

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        self.steps.append((done, total))
        if self._flag.is_set():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))

    def finish(self) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()


class ImportPreviewDialog(QDialog):
    """What an import would do: the problems per row (nothing is imported while there is one),
    a summary, optionally a second table (the highest number per counter scope), and the button
    that applies the import in one transaction."""

    apply_requested = Signal()

    def __init__(self, title: str, apply_text: str, parent: QWidget | None = None,
                 details_headers: Sequence[str] = (), details_title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(title)
        self.resize(760, 520)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.problem_note = QLabel(self)
        self.problem_note.setObjectName("problemNote")
        self.problem_note.setWordWrap(True)
        self.problem_note.setStyleSheet(NOTE_STYLE)
        self.problems = TextTableModel((self.tr("Baris"), self.tr("Isian"), self.tr("Masalah")), self)
        self.problem_table = register_view(self, self.problems, "importProblems")
        self.problem_table.setWordWrap(True)
        header = self.problem_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.details = TextTableModel(details_headers, self)
        self.details_table: QTableView | None = None
        self.details_label = QLabel(details_title, self)
        self.details_label.setObjectName("detailsTitle")
        self.details_label.setVisible(bool(details_headers))
        if details_headers:
            self.details_table = register_view(self, self.details, "importDetails")
            details_header = self.details_table.horizontalHeader()
            details_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            details_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(apply_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyImport")
        self.close_button = self.buttons.addButton(self.tr("&Tutup"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_note)
        layout.addWidget(self.problem_table, 2)
        if self.details_table is not None:
            layout.addWidget(self.details_label)
            layout.addWidget(self.details_table, 1)
        layout.addWidget(self.buttons)

    def show_result(self, summary: str, problems: Sequence[RowProblem], *, can_apply: bool,
                    details: Sequence[tuple[str, ...]] = ()) -> None:
        self.summary.setText(summary)
        self.problems.set_rows(problem_rows(problems))
        self.problem_table.setVisible(bool(problems))
        if problems:
            self.problem_note.setStyleSheet(NOTE_STYLE)
            self.problem_note.setText(self.tr(
                "<b>{n} masalah</b> ditemukan. Tidak ada yang diimpor selama masih ada masalah: "
                "perbaiki berkasnya, lalu impor lagi.").format(n=format_number(len(problems))))
        else:
            self.problem_note.setStyleSheet(CLEAN_STYLE)
            self.problem_note.setText(self.tr("Tidak ada masalah: semua baris dapat diimpor."))
        self.problem_note.setVisible(bool(problems) or can_apply)
        self.details.set_rows(details)
        if self.details_table is not None:
            self.details_table.setVisible(bool(details))
            self.details_label.setVisible(bool(details) and bool(self.details_label.text()))
        self.apply_button.setEnabled(can_apply and not problems)
        self.setEnabled(True)
        (self.apply_button if self.apply_button.isEnabled() else self.close_button).setFocus()
        self.apply_button.setDefault(self.apply_button.isEnabled())

    def _apply(self) -> None:
        if self.apply_button.isEnabled():
            self.apply_button.setEnabled(False)
            self.apply_requested.emit()


# --------------------------------------------------------------------------- classification codes


class ClassificationModel(ReadOnlyTableModel[ClassificationDTO]):
    """The codes of the master shown (a few hundred to a few thousand: kept in memory)."""

    SET, CODE, NAME, VALID_FROM, VALID_TO, STATUS = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("ClassificationModel", "Daftar"), tr("ClassificationModel", "Kode"),
                          tr("ClassificationModel", "Nama"),
                          tr("ClassificationModel", "Berlaku dari"),
                          tr("ClassificationModel", "Berlaku sampai"),
                          tr("ClassificationModel", "Status")), parent)
        self.today = dt.date.today()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not self.in_force(item):
            return QBrush(RETIRED_TEXT)
        return None

    def _text(self, item: ClassificationDTO, column: int) -> str:
        if column == self.SET:
            return code_set_label(item.code_set)
        if column == self.CODE:
            return item.code
        if column == self.NAME:
            return item.name
        if column == self.VALID_FROM:
            return format_date(item.valid_from) if item.valid_from else "—"
        if column == self.VALID_TO:
            return format_date(item.valid_to) if item.valid_to else "—"
        if column == self.STATUS:
            return self.status_text(item)
        return ""

    def in_force(self, item: ClassificationDTO) -> bool:
        return item.valid_on(self.today)

    def status_text(self, item: ClassificationDTO) -> str:
        if item.valid_to is not None and item.valid_to < self.today:
            return self.tr("tidak berlaku lagi")
        if item.valid_from is not None and item.valid_from > self.today:
            return self.tr("belum berlaku")
        return self.tr("berlaku")

    def set_items(self, items: Sequence[ClassificationDTO]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.today = dt.date.today()
        self.endResetModel()

    def row_of(self, classification_id: int) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == classification_id), -1)


def _parse_date(text: str) -> dt.date | None:
    from dinsos_desktop.gui.applicant_dialogs import parse_date

    return parse_date(text)


def _day(day: dt.date | None) -> str:
    return format_date(day) if day is not None else "—"


def _date_text(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


class _FormDialog(QDialog):
    """Simpan/Batal, messages beside the fields, one use case on the database thread."""

    saved = Signal(object)  # ClassificationDTO
    stale = Signal()  # another workstation changed the code: the list should reload

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.field_errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self.errors = FormErrors(self.field_errors, self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Simpan"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def add_field(self, grid: QGridLayout, key: str, label: str, widget: QWidget) -> QLabel:
        error = FieldError(self)
        error.setObjectName(f"{key}Error")
        self.field_errors[key] = error
        self.fields[key] = widget
        return grid_row(grid, label, widget, error)

    @staticmethod
    def new_grid() -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
        fit_height(self)
        for key in errors:
            widget = self.fields.get(key)
            if widget is not None and widget.isEnabled():
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break

    def run(self, fn: Callable[[], ClassificationDTO]) -> None:
        self.errors.clear()
        self.ok_button.setEnabled(False)
        self.runner.run_db(fn, self._saved, self._failed)

    def _saved(self, item: ClassificationDTO) -> None:
        self.ok_button.setEnabled(True)
        self.saved.emit(item)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_field_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self.errors.show({"": self.tr(
                "Kode ini baru saja diubah di workstation lain; isian Anda belum disimpan. Tutup, "
                "lalu buka lagi dari daftar yang sudah dimuat ulang.")})
            self.ok_button.setEnabled(False)
            fit_height(self)
            self.stale.emit()
        else:
            report_error(self, exc)

    def submit(self) -> None:
        raise NotImplementedError


class ClassificationDialog(_FormDialog):
    """Adds a code (``item`` is None) or edits its name and validity. The list and the code
    identify an entry: they are fixed once it exists."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, item: ClassificationDTO | None = None,
                 parent: QWidget | None = None, *, code_set: str | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.item = item
        self.setObjectName("classificationDialog")
        self.setWindowTitle(self.tr("Tambah kode klasifikasi") if item is None
                            else self.tr("Ubah kode klasifikasi"))
        self.setMinimumWidth(540)

        grid = self.new_grid()
        self.code_set = QComboBox(self)
        self.code_set.setObjectName("codeSet")
        for entry in CodeSet:
            self.code_set.addItem(entry.label, entry.value)
        chosen = item.code_set if item is not None else code_set
        if chosen is not None:
            self.code_set.setCurrentIndex(max(0, self.code_set.findData(chosen)))
        self.add_field(grid, "code_set", self.tr("Daf&tar:"), self.code_set)
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(self.tr("mis. 460 atau 000.8.3.3"))
        self.add_field(grid, "code", self.tr("K&ode:"), self.code)
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setMaxLength(300)
        self.add_field(grid, "name", self.tr("N&ama:"), self.name)
        self.valid_from = QLineEdit(self)
        self.valid_from.setObjectName("validFrom")
        self.valid_from.setPlaceholderText(self.tr("dd-mm-yyyy; kosong: sejak dahulu"))
        self.add_field(grid, "valid_from", self.tr("Berlaku &dari:"), self.valid_from)
        self.valid_to = QLineEdit(self)
        self.valid_to.setObjectName("validTo")
        self.valid_to.setPlaceholderText(self.tr("dd-mm-yyyy; kosong: masih berlaku"))
        self.add_field(grid, "valid_to", self.tr("Berlaku sam&pai:"), self.valid_to)

        hint = _hint(self.tr("Kode yang tidak dipakai lagi diberi tanggal akhir berlaku, tidak "
                             "dihapus: surat yang sudah memakainya tetap memakai kodenya."), self)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if item is not None:
            self.code_set.setEnabled(False)
            self.code.setText(item.code)
            self.code.setReadOnly(True)
            self.code.setEnabled(False)
            self.name.setText(item.name)
            self.valid_from.setText(_date_text(item.valid_from))
            self.valid_to.setText(_date_text(item.valid_to))
            self.name.setFocus()
        else:
            self.code.setFocus()

    def form_input(self) -> ClassificationInput | None:
        """What was typed; None (with the messages shown) when a date cannot be read."""
        errors: dict[str, str] = {}
        days: dict[str, dt.date | None] = {}
        for key, edit in (("valid_from", self.valid_from), ("valid_to", self.valid_to)):
            try:
                days[key] = _parse_date(edit.text())
            except ValueError:
                errors[key] = self.tr("Tanggal tidak terbaca; tulis seperti 31-12-2026, atau "
                                      "kosongkan.")
        if errors:
            self.show_field_errors(errors)
            return None
        return ClassificationInput(str(self.code_set.currentData()), self.code.text(),
                                   self.name.text(), days["valid_from"], days["valid_to"])

    def submit(self) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None:
            return
        data = self.form_input()
        if data is None:
            return
        if self.item is None:
            self.run(lambda: letter_service.add_classification(factory(), actor, data))
        else:
            item_id, version = self.item.id, self.item.version
            self.run(lambda: letter_service.edit_classification(factory(), actor, item_id, data,
                                                                expected_version=version))


class RetireDialog(_FormDialog):
    """Ends a code's validity on a date (letters that carry it keep it)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, item: ClassificationDTO,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.item = item
        self.setObjectName("retireDialog")
        self.setWindowTitle(self.tr("Akhiri masa berlaku kode"))
        self.setMinimumWidth(480)
        self.ok_button.setText(self.tr("&Akhiri berlaku"))

        about = QLabel(self.tr("<b>{code}</b> — {name}<br><span style='color:#555'>{set}</span>")
                       .format(code=item.code, name=item.name, set=CodeSet(item.code_set).label),
                       self)
        about.setObjectName("retireWhich")
        about.setWordWrap(True)
        self.day = QDateEdit(self)
        self.day.setObjectName("retireDate")
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setCalendarPopup(True)
        self.day.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        start = item.valid_to or dt.date.today()
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.day.setMaximumWidth(160)
        grid = self.new_grid()
        self.add_field(grid, "valid_to", self.tr("Berlaku sampai &tanggal:"), self.day)
        grid.setAlignment(self.day, Qt.AlignmentFlag.AlignLeft)
        hint = _hint(self.tr("Sesudah tanggal ini kode tidak dapat dipilih untuk surat baru. Surat "
                             "yang sudah memakainya tidak berubah."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.day.setFocus()

    def chosen_date(self) -> dt.date:
        value: dt.date = self.day.date().toPython()  # type: ignore[assignment]
        return value

    def submit(self) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None:
            return
        item = self.item
        data = ClassificationInput(item.code_set, item.code, item.name, item.valid_from,
                                   self.chosen_date())
        self.run(lambda: letter_service.edit_classification(factory(), actor, item.id, data,
                                                            expected_version=item.version))


class ClassificationPage(QWidget):
    """Kode Klasifikasi: the codes of both lists (Permendagri 78/2012 and 83/2022) with their
    validity. Everyone with the agenda book reads them; the admin adds, edits, retires, imports."""

    changed = Signal()  # the master changed (a letter form may reload its codes)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classificationPage")
        self.ctx = ctx
        self.runner = runner
        self.choose_file: ChooseFile = ask_file
        self.dialog: QDialog | None = None
        self.items: list[ClassificationDTO] = []

        heading = QLabel(self.tr("<h3>Kode Klasifikasi Surat</h3>"), self)
        intro = _hint(self.tr(
            "Kode klasifikasi arsip yang dipakai pada nomor surat: kode lama (Permendagri 78/2012) "
            "dan kode baru (Permendagri 83/2022). Kode yang tidak dipakai lagi diberi tanggal akhir "
            "berlaku; surat yang sudah memakainya tetap memakai kodenya."), self)

        self.code_set = QComboBox(self)
        self.code_set.setObjectName("codeSetFilter")
        self.code_set.addItem(self.tr("Semua"), None)
        for entry in CodeSet:
            self.code_set.addItem(code_set_label(entry.value), entry.value)
        set_label = QLabel(self.tr("&Daftar:"), self)
        set_label.setBuddy(self.code_set)
        self.search = QLineEdit(self)
        self.search.setObjectName("codeSearch")
        self.search.setPlaceholderText(self.tr("kode atau nama"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        search_label = QLabel(self.tr("&Cari:"), self)
        search_label.setBuddy(self.search)
        self.code_set.currentIndexChanged.connect(lambda _i: self._show_items())
        self.search.textChanged.connect(lambda _t: self._show_items())

        self.model = ClassificationModel(self)
        self.table = register_view(self, self.model, "classificationTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, sample in ((ClassificationModel.SET, "Kode lama"),
                               (ClassificationModel.CODE, "000.8.3.3"),
                               (ClassificationModel.VALID_FROM, "30 September 2026"),
                               (ClassificationModel.VALID_TO, "30 September 2026"),
                               (ClassificationModel.STATUS, "tidak berlaku lagi")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(ClassificationModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_item())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(self.tr("&Tambah…"), self)
        self.add_button.setObjectName("addClassification")
        self.add_button.setToolTip(self.tr("Tambah kode (Ctrl+N)"))
        self.add_button.clicked.connect(lambda: self.add_item())
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editClassification")
        self.edit_button.setToolTip(self.tr("Ubah nama dan masa berlaku (F2, atau Enter pada baris)"))
        self.edit_button.clicked.connect(lambda: self.edit_item())
        self.retire_button = QPushButton(self.tr("&Akhiri berlaku…"), self)
        self.retire_button.setObjectName("retireClassification")
        self.retire_button.setToolTip(self.tr("Beri tanggal akhir berlaku pada kode terpilih"))
        self.retire_button.clicked.connect(lambda: self.retire_item())
        self.import_button = QPushButton(self.tr("&Impor…"), self)
        self.import_button.setObjectName("importClassifications")
        self.import_button.setToolTip(self.tr("Tambah dan perbarui kode dari berkas XLSX atau CSV"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(self.tr("&Ekspor…"), self)
        self.export_button.setObjectName("exportClassifications")
        self.export_button.setToolTip(self.tr("Simpan semua kode ke berkas XLSX atau CSV"))
        self.export_button.clicked.connect(self.export_file)
        self.reload_button = QPushButton(self.tr("&Muat ulang"), self)
        self.reload_button.setObjectName("reloadClassifications")
        self.reload_button.setToolTip(self.tr("Muat ulang dari basis data (F5)"))
        self.reload_button.clicked.connect(lambda: self.refresh())
        for button in (self.add_button, self.edit_button, self.retire_button, self.import_button,
                       self.export_button, self.reload_button):
            button.setAutoDefault(False)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("classificationCount")
        self.count_label.setStyleSheet(HINT_STYLE)
        self.status = QLabel(self)
        self.status.setObjectName("classificationStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(OK_STYLE)

        filters = QHBoxLayout()
        filters.addWidget(set_label)
        filters.addWidget(self.code_set)
        filters.addSpacing(12)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addStretch(1)
        filters.addWidget(self.reload_button)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        QShortcut(QKeySequence.StandardKey.New, self, lambda: self.add_item())
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, lambda: self.edit_item())
        QShortcut(QKeySequence.StandardKey.Refresh, self, lambda: self.refresh())
        order: list[QWidget] = [self.code_set, self.search, self.reload_button, self.add_button,
                                self.edit_button, self.retire_button, self.import_button,
                                self.export_button, self.table]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self._update_buttons()

    # ------------------------------------------------------------------ data

    def refresh(self, select_id: int | None = None) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        self._update_buttons()
        if actor is None:
            return
        keep = select_id if select_id is not None else self._selected_id()
        self.runner.run_db(lambda: letter_service.list_classifications(factory(), actor),
                           lambda items: self._loaded(items, keep), lambda e: report_error(self, e))

    def _loaded(self, items: list[ClassificationDTO], keep: int | None) -> None:
        self.items = list(items)
        self._show_items(keep)

    def shown_items(self) -> list[ClassificationDTO]:
        """The codes of the chosen list that match the search (code prefix, or words of the name)."""
        wanted_set = self.code_set.currentData()
        text = " ".join(self.search.text().casefold().split())
        shown = []
        for item in self.items:
            if wanted_set is not None and item.code_set != wanted_set:
                continue
            if text and not (item.code.startswith(text) or text in item.name.casefold()):
                continue
            shown.append(item)
        return shown

    def _show_items(self, keep: int | None = None) -> None:
        if keep is None:
            keep = self._selected_id()
        shown = self.shown_items()
        self.model.set_items(shown)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and shown:
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))
        retired = sum(1 for i in shown if not self.model.in_force(i))
        text = self.tr("{n} kode").format(n=format_number(len(shown)))
        if retired:
            text += self.tr(" ({n} tidak berlaku)").format(n=format_number(retired))
        self.count_label.setText(text)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        item = self.selected_item()
        return item.id if item is not None else None

    def selected_item(self) -> ClassificationDTO | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_code(self, code: str, code_set: str | None = None) -> bool:
        for row in range(self.model.rowCount()):
            item = self.model.row_at(row)
            if item is not None and item.code == code and code_set in (None, item.code_set):
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        admin = _is_admin(self.ctx)
        selected = self.selected_item() is not None
        self.add_button.setEnabled(admin)
        self.edit_button.setEnabled(admin and selected)
        self.retire_button.setEnabled(admin and selected)
        self.import_button.setEnabled(admin)
        self.export_button.setEnabled(self.ctx.actor is not None)
        tip = "" if admin else self.tr("Hanya administrator yang dapat mengubah daftar kode.")
        for button in (self.add_button, self.edit_button, self.retire_button, self.import_button):
            button.setStatusTip(tip)

    # ------------------------------------------------------------------ editing

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_item(self) -> ClassificationDialog | None:
        if not _is_admin(self.ctx):
            return None
        dialog = ClassificationDialog(self.ctx, self.runner, None, self,
                                      code_set=self.code_set.currentData())
        dialog.saved.connect(lambda item: self._done(item, self.tr("Kode {code} ditambahkan.")))
        self._open(dialog)
        return dialog

    def edit_item(self) -> ClassificationDialog | None:
        item = self.selected_item()
        if item is None or not _is_admin(self.ctx):
            return None
        dialog = ClassificationDialog(self.ctx, self.runner, item, self)
        dialog.saved.connect(lambda saved: self._done(saved, self.tr("Kode {code} disimpan.")))
        dialog.stale.connect(lambda: self.refresh(item.id))
        self._open(dialog)
        return dialog

    def retire_item(self) -> RetireDialog | None:
        item = self.selected_item()
        if item is None or not _is_admin(self.ctx):
            return None
        dialog = RetireDialog(self.ctx, self.runner, item, self)
        dialog.saved.connect(lambda saved: self._done(saved, self.tr(
            "Kode {code} berlaku sampai {day}.").format(code="{code}", day=_day(saved.valid_to))))
        dialog.stale.connect(lambda: self.refresh(item.id))
        self._open(dialog)
        return dialog

    def _done(self, item: ClassificationDTO, message: str) -> None:
        self._say(message.format(code=item.code))
        self.changed.emit()
        self.refresh(item.id)
        self.table.setFocus()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        _status_message(self, text)

    # ------------------------------------------------------------------ files

    def import_file(self) -> None:
        if self.ctx.actor is None or not _is_admin(self.ctx):
            return
        name = self.choose_file(self, self.tr("Impor kode klasifikasi"), "",
                                self.tr("Lembar kerja atau CSV (*.xlsx *.csv)"), False)
        if not name:
            return
        path = Path(name)

        def read() -> tuple[list[tuple[int, ClassificationInput]], list[RowProblem]]:
            from dinsos_desktop.reports.agenda_xlsx import UnreadableFile, read_classifications

            try:
                rows, problems = read_classifications(path)
            except UnreadableFile as exc:
                raise DomainError(str(exc)) from exc
            except OSError as exc:
                raise _unreadable(path, exc) from exc
            return rows, [RowProblem(p.row, p.column or "file", p.message) for p in problems]

        def check(result: tuple[list[tuple[int, ClassificationInput]], list[RowProblem]]) -> None:
            rows, read_problems = result
            dialog = ImportPreviewDialog(self.tr("Impor kode klasifikasi — {name}").format(
                name=path.name), self.tr("&Impor"), self)
            dialog.apply_requested.connect(lambda: self._apply_import(dialog, path, rows))
            self._open(dialog)
            self._check_import(dialog, path, rows, read_problems, apply=False)

        self._say(self.tr("Membaca {name}…").format(name=path.name))
        self.runner.run_report(read, check, self._file_failed)

    def _check_import(self, dialog: ImportPreviewDialog, path: Path,
                      rows: list[tuple[int, ClassificationInput]], read_problems: list[RowProblem],
                      *, apply: bool) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return

        def checked(result: tuple[list[RowProblem], int, int]) -> None:
            problems, new, updated = result
            problems = read_problems + list(problems)
            if apply and not problems:
                dialog.accept()
                self._say(self.tr("Impor {name} selesai: {new} baru, {updated} diperbarui.").format(
                    name=path.name, new=format_number(new), updated=format_number(updated)))
                self.changed.emit()
                self.refresh()
                return
            self.status.setText("")
            summary = self.tr("<b>{rows} baris</b> terbaca dari {name}: <b>{new} baru, {updated} "
                              "diperbarui</b>.").format(rows=format_number(len(rows)), name=path.name,
                                                          new=format_number(new),
                                                          updated=format_number(updated))
            if not problems:
                summary += "<br>" + self.tr("Tekan <i>Impor</i> untuk menyimpan semuanya sekaligus.")
            dialog.show_result(summary, problems, can_apply=bool(rows))

        def failed(exc: BaseException) -> None:
            dialog.show_result(dialog.summary.text(), [], can_apply=False)
            report_error(self, exc)

        do_apply = apply and not read_problems
        self.runner.run_db(lambda: letter_service.import_classifications(
            factory(), actor, rows, apply=do_apply), checked, failed)

    def _apply_import(self, dialog: ImportPreviewDialog, path: Path,
                      rows: list[tuple[int, ClassificationInput]]) -> None:
        self._check_import(dialog, path, rows, [], apply=True)

    def export_file(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        name = self.choose_file(self, self.tr("Ekspor kode klasifikasi"), "kode-klasifikasi.xlsx",
                                self.tr(TABLE_FILTERS), True)
        if not name:
            return
        path = _with_suffix(name, (".xlsx", ".csv"), ".xlsx")

        def write(items: list[ClassificationDTO]) -> None:
            def run() -> int:
                from dinsos_desktop.reports.agenda_xlsx import write_classifications

                try:
                    write_classifications(items, path)
                except OSError as exc:
                    raise _file_error(path, exc) from exc
                return len(items)

            self.runner.run_report(run, lambda n: self._say(self.tr(
                "{n} kode diekspor ke {name}.").format(n=format_number(n), name=path.name)),
                self._file_failed)

        self.runner.run_db(lambda: letter_service.list_classifications(factory(), actor), write,
                           lambda e: report_error(self, e))

    def _file_failed(self, exc: BaseException) -> None:
        self.status.setText("")
        report_error(self, exc)


def _unreadable(path: Path, exc: OSError) -> DomainError:
    return DomainError(_tr("Berkas {name} tidak dapat dibaca ({reason}).").format(
        name=path.name, reason=exc.strerror or type(exc).__name__))


def _file_error(path: Path, exc: OSError) -> DomainError:
    return DomainError(_tr("Berkas {name} tidak dapat ditulis ({reason}). Periksa folder tujuan, "
                           "atau tutup berkas itu bila sedang dibuka program lain, lalu coba "
                           "lagi.").format(name=path.name,
                                           reason=exc.strerror or type(exc).__name__))


# --------------------------------------------------------------------------- numbering settings


class NumberingSettingsPage(QWidget):
    """Penomoran Surat (admin): the number's template with a sample as it is typed, the padding,
    the unit code, how the running number is counted, the sisipan style and its approval."""

    saved = Signal(object)  # NumberingSettings

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numberingSettingsPage")
        self.ctx = ctx
        self.runner = runner
        self.stored: NumberingSettings | None = None
        self._filling = False

        heading = QLabel(self.tr("<h3>Penomoran Surat Keluar</h3>"), self)
        intro = _hint(self.tr(
            "Bentuk nomor surat keluar dan cara nomor urut dihitung. Perubahan berlaku untuk nomor "
            "yang diambil sesudah disimpan; nomor yang sudah diberikan tidak berubah. Nomor urut "
            "selalu dimulai lagi dari 1 setiap 1 Januari."), self)

        box = QGroupBox(self.tr("Pengaturan"), self)
        self.field_errors = {key: FieldError(box) for key in ("template", "pad", "unit_code")}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.general = FieldError(box)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)

        self.template = QLineEdit(box)
        self.template.setObjectName("template")
        self.template.setMaxLength(80)
        self.template.setFont(_monospace(self.template))
        placeholders = _hint(self.tr(
            "<b>{kode}</b> kode klasifikasi · <b>{nomor}</b> nomor urut (dengan sisipan) · "
            "<b>{unit}</b> kode unit · <b>{tahun}</b> tahun · <b>{bulan}</b> bulan Romawi (XI) · "
            "<b>{bulan2}</b> bulan dua angka (11). Selain itu ditulis apa adanya."), box)
        placeholders.setObjectName("placeholders")
        placeholders.setTextFormat(Qt.TextFormat.RichText)
        self.preview = QLabel(box)
        self.preview.setObjectName("numberPreview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet(
            "QLabel { background: #f3f6fa; border: 1px solid #c9d3df; padding: 6px; }")
        self.pad = QSpinBox(box)
        self.pad.setObjectName("pad")
        self.pad.setRange(0, 6)
        self.pad.setSpecialValueText(self.tr("tanpa nol di depan"))
        self.pad.setSuffix(self.tr(" digit"))
        self.pad.setMinimumWidth(170)
        self.unit_code = QLineEdit(box)
        self.unit_code.setObjectName("unitCode")
        self.unit_code.setMaxLength(40)
        self.unit_code.setPlaceholderText(self.tr("mis. 423.105"))
        self.scope = QComboBox(box)
        self.scope.setObjectName("counterScope")
        for kind in CounterScopeKind:
            self.scope.addItem(kind.label, kind.value)
        self.suffix_style = QComboBox(box)
        self.suffix_style.setObjectName("suffixStyle")
        for style in SuffixStyle:
            self.suffix_style.addItem(style.label, style.value)
        self.approval = QCheckBox(self.tr("Nomor sisipan perlu persetujuan a&dmin"), box)
        self.approval.setObjectName("insertNeedsApproval")
        self.approval.setToolTip(self.tr("Nomor sisipan yang diambil agendaris menunggu persetujuan "
                                         "administrator sebelum dipakai."))

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        grid_row(grid, self.tr("&Format nomor:"), self.template, self.field_errors["template"])
        row = grid.rowCount()
        grid.addWidget(placeholders, row, 1)
        grid.addWidget(self.preview, row + 1, 1)
        grid_row(grid, self.tr("&Lebar nomor urut:"), _left(self.pad, box), self.field_errors["pad"]
                 ).setBuddy(self.pad)
        grid_row(grid, self.tr("Kode &unit:"), self.unit_code, self.field_errors["unit_code"])
        grid_row(grid, self.tr("&Penghitungan nomor urut:"), self.scope)
        grid_row(grid, self.tr("Nomor s&isipan:"), self.suffix_style)
        grid.addWidget(self.approval, grid.rowCount(), 1)

        self.save_button = QPushButton(self.tr("&Simpan"), box)
        self.save_button.setObjectName("saveNumbering")
        self.save_button.setToolTip(self.tr("Simpan pengaturan (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton(self.tr("&Muat ulang"), box)
        self.reload_button.setObjectName("reloadNumbering")
        self.reload_button.setToolTip(self.tr("Buang perubahan, muat yang tersimpan (F5)"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(lambda: self.refresh(discard=True))
        self.settings_status = QLabel(box)
        self.settings_status.setObjectName("numberingStatus")
        self.settings_status.setWordWrap(True)
        self.admin_note = QLabel(self.tr("Hanya administrator yang dapat mengubah pengaturan ini."),
                                 box)
        self.admin_note.setObjectName("adminOnly")
        self.admin_note.setStyleSheet(NOTE_STYLE)
        self.admin_note.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.settings_status, 1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.save_button)
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(grid)
        box_layout.addWidget(self.general)
        box_layout.addWidget(self.admin_note)
        box_layout.addLayout(actions)

        box.setMaximumWidth(860)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addStretch(1)

        self.template.textChanged.connect(lambda _t: self._edited())
        self.unit_code.textChanged.connect(lambda _t: self._edited())
        self.pad.valueChanged.connect(lambda _v: self._edited())
        self.scope.currentIndexChanged.connect(lambda _i: self._edited())
        self.suffix_style.currentIndexChanged.connect(lambda _i: self._edited())
        self.approval.toggled.connect(lambda _on: self._edited())

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Refresh, self, lambda: self.refresh(discard=True))
        order: list[QWidget] = [self.template, self.pad, self.unit_code, self.scope,
                                self.suffix_style, self.approval, self.reload_button,
                                self.save_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.fill(NumberingSettings())
        self._update_access()

    # ------------------------------------------------------------------ form

    def form_settings(self) -> NumberingSettings:
        return NumberingSettings(
            template=self.template.text(), pad=self.pad.value(), unit_code=self.unit_code.text(),
            scope=CounterScopeKind(str(self.scope.currentData())),
            suffix_style=SuffixStyle(str(self.suffix_style.currentData())),
            insert_needs_approval=self.approval.isChecked())

    def fill(self, settings: NumberingSettings) -> None:
        self._filling = True
        try:
            self.template.setText(settings.template)
            self.pad.setValue(settings.pad)
            self.unit_code.setText(settings.unit_code)
            self.scope.setCurrentIndex(max(0, self.scope.findData(settings.scope.value)))
            self.suffix_style.setCurrentIndex(
                max(0, self.suffix_style.findData(settings.suffix_style.value)))
            self.approval.setChecked(settings.insert_needs_approval)
        finally:
            self._filling = False
        self._edited()

    def dirty(self) -> bool:
        return self.stored is not None and _normal(self.form_settings()) != _normal(self.stored)

    def _edited(self) -> None:
        if self._filling:
            return
        self.update_preview()
        if self.dirty():
            self.settings_status.setStyleSheet(UNSAVED_STYLE)
            self.settings_status.setText(self.tr("Belum disimpan."))
        elif self.settings_status.text() == self.tr("Belum disimpan."):
            self.settings_status.setText("")

    def update_preview(self) -> bool:
        """The sample number for what is typed (the field's message when it cannot be made)."""
        settings = self.form_settings()
        try:
            main = letter_service.preview_number(settings)
            insert = letter_service.preview_number(
                settings, suffix=suffix_for(settings.suffix_style, 1))
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.preview.setText(self.tr("Contoh: <span style='color:#777'>—</span>"))
            return False
        self.errors.clear()
        self.preview.setText(self.tr(
            "Contoh: <b>{main}</b> &nbsp;·&nbsp; nomor sisipan: <b>{insert}</b>").format(
                main=_html(main), insert=_html(insert)))
        return True

    def _update_access(self) -> None:
        admin = _is_admin(self.ctx)
        for widget in (self.template, self.pad, self.unit_code, self.scope, self.suffix_style,
                       self.approval, self.save_button):
            widget.setEnabled(admin)
        self.admin_note.setVisible(self.ctx.actor is not None and not admin)

    # ------------------------------------------------------------------ data

    def refresh(self, *, discard: bool = False) -> None:
        """The stored settings; what the admin is still editing stays unless ``discard``."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        self._update_access()
        if actor is None:
            return

        def loaded(settings: NumberingSettings) -> None:
            keep = self.dirty() and not discard
            self.stored = settings
            if not keep:
                self.fill(settings)
                self.settings_status.setText("")
            self._edited()

        self.runner.run_db(lambda: letter_service.numbering_settings(factory(), actor), loaded,
                           lambda e: report_error(self, e))

    def save(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None or not _is_admin(self.ctx) or not self.save_button.isEnabled():
            return
        settings = self.form_settings()
        self.save_button.setEnabled(False)

        def saved(result: NumberingSettings) -> None:
            self.save_button.setEnabled(True)
            self.stored = result
            self.fill(result)
            self.settings_status.setStyleSheet(OK_STYLE)
            self.settings_status.setText(self.tr("Tersimpan pukul {time}.").format(
                time=dt.datetime.now().strftime("%H.%M")))
            _status_message(self, self.tr("Pengaturan penomoran surat tersimpan."))
            self.saved.emit(result)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError):
                self.errors.show(exc.errors)
                for key, widget in (("template", self.template), ("pad", self.pad),
                                    ("unit_code", self.unit_code)):
                    if key in exc.errors:
                        widget.setFocus()
                        break
            else:
                report_error(self, exc)

        self.runner.run_db(lambda: letter_service.save_numbering_settings(factory(), actor, settings),
                           saved, failed)


def _normal(settings: NumberingSettings) -> tuple[object, ...]:
    return (settings.template.strip(), settings.pad, settings.unit_code.strip(), settings.scope,
            settings.suffix_style, settings.insert_needs_approval)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _monospace(widget: QWidget) -> Any:
    font = widget.font()
    font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
    return font


def _left(widget: QWidget, parent: QWidget) -> QWidget:
    """``widget`` at its natural width, on the left of its grid cell."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return holder


# --------------------------------------------------------------------------- the agendaris's tools


class AgendaToolsPage(QWidget):
    """Register dan Impor Agenda: the registers of a month or a year (PDF to preview and print,
    XLSX to save), the missing and duplicated numbers of a year, and importing the office's old
    agenda book. The pimpinan prints and checks; the agendaris and the admin also import."""

    imported = Signal()  # letters were added to the book

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaToolsPage")
        self.ctx = ctx
        self.runner = runner
        self.choose_file: ChooseFile = ask_file
        self.preview: QDialog | None = None
        self.dialog: QDialog | None = None
        self.job: ReportJob | None = None
        self.last_job: ReportJob | None = None
        self.gaps: list[ScopeReport] | None = None
        self._gap_generation = 0

        heading = QLabel(self.tr("<h3>Register dan Impor Buku Agenda</h3>"), self)
        intro = _hint(self.tr(
            "Register surat keluar per bulan atau setahun, pemeriksaan nomor yang hilang atau "
            "ganda, dan impor buku agenda lama dari Excel."), self)

        today = dt.date.today()
        self.year = QSpinBox(self)
        self.year.setObjectName("agendaYear")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year)
        self.year.setKeyboardTracking(False)
        self.year.setToolTip(self.tr("Panah atas/bawah: tahun berikutnya/sebelumnya"))
        self.year.valueChanged.connect(lambda _y: self.refresh())
        year_label = QLabel(self.tr("&Tahun:"), self)
        year_label.setBuddy(self.year)

        # ---- registers
        register_box = QGroupBox(self.tr("Register surat keluar"), self)
        self.month = QComboBox(register_box)
        self.month.setObjectName("registerMonth")
        self.month.addItem(self.tr("Setahun penuh"), None)
        for number, name in enumerate(month_names(), 1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(today.month)
        month_label = QLabel(self.tr("Bu&lan:"), register_box)
        month_label.setBuddy(self.month)
        self.paper = QComboBox(register_box)
        self.paper.setObjectName("registerPaper")
        for key, label in register_papers():
            self.paper.addItem(label, key)
        paper_label = QLabel(self.tr("Ke&rtas:"), register_box)
        paper_label.setBuddy(self.paper)
        self.pdf_button = QPushButton(self.tr("&Cetak PDF…"), register_box)
        self.pdf_button.setObjectName("registerPdf")
        self.pdf_button.setToolTip(self.tr("Register sebagai PDF untuk dilihat, dicetak, atau "
                                           "disimpan (Ctrl+Shift+P)"))
        self.pdf_button.clicked.connect(lambda: self.print_register())
        self.xlsx_button = QPushButton(self.tr("Simpan &XLSX…"), register_box)
        self.xlsx_button.setObjectName("registerXlsx")
        self.xlsx_button.setToolTip(self.tr("Register sebagai lembar kerja Excel (Ctrl+S)"))
        self.xlsx_button.clicked.connect(lambda: self.save_register_xlsx())
        self.register_status = QLabel(register_box)
        self.register_status.setObjectName("registerStatus")
        self.register_status.setWordWrap(True)
        self.register_status.setStyleSheet(OK_STYLE)
        register_grid = QGridLayout()
        register_grid.setColumnStretch(1, 1)
        register_grid.addWidget(month_label, 0, 0)
        register_grid.addWidget(self.month, 0, 1)
        register_grid.addWidget(paper_label, 1, 0)
        register_grid.addWidget(self.paper, 1, 1)
        register_buttons = QHBoxLayout()
        register_buttons.addStretch(1)
        register_buttons.addWidget(self.pdf_button)
        register_buttons.addWidget(self.xlsx_button)
        register_layout = QVBoxLayout(register_box)
        register_layout.addWidget(_hint(self.tr(
            "Bulan dan tahun surat; surat yang dibatalkan tetap tercantum dengan tanda BATAL."),
            register_box))
        register_layout.addLayout(register_grid)
        register_layout.addLayout(register_buttons)
        register_layout.addWidget(self.register_status)

        # ---- import
        self.import_box = QGroupBox(self.tr("Impor buku agenda lama"), self)
        import_hint = _hint(self.tr(
            "Buku agenda lama dalam Excel (XLSX) masuk ke buku agenda ini. Setiap baris diperiksa "
            "lebih dahulu; bila ada satu masalah, tidak ada yang diimpor. Sesudah impor, nomor "
            "urut melanjutkan nomor tertinggi yang diimpor."), self.import_box)
        self.import_button = QPushButton(self.tr("&Impor buku agenda lama…"), self.import_box)
        self.import_button.setObjectName("importAgenda")
        self.import_button.clicked.connect(self.import_old_book)
        self.import_status = QLabel(self.import_box)
        self.import_status.setObjectName("importStatus")
        self.import_status.setWordWrap(True)
        self.import_status.setStyleSheet(OK_STYLE)
        import_buttons = QHBoxLayout()
        import_buttons.addStretch(1)
        import_buttons.addWidget(self.import_button)
        import_layout = QVBoxLayout(self.import_box)
        import_layout.addWidget(import_hint)
        import_layout.addLayout(import_buttons)
        import_layout.addWidget(self.import_status)

        # ---- gaps and duplicates
        gap_box = QGroupBox(self.tr("Nomor hilang dan nomor ganda"), self)
        self.gap_model = TextTableModel((self.tr("Penomoran"), self.tr("Nomor tertinggi"),
                                         self.tr("Nomor hilang"), self.tr("Nomor ganda")), self,
                                        alert_columns=(2, 3))
        self.gap_table = register_view(gap_box, self.gap_model, "gapTable")
        gap_header = self.gap_table.horizontalHeader()
        gap_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        gap_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.gap_summary = QLabel(gap_box)
        self.gap_summary.setObjectName("gapSummary")
        self.gap_summary.setWordWrap(True)
        self.check_button = QPushButton(self.tr("&Periksa lagi"), gap_box)
        self.check_button.setObjectName("checkGaps")
        self.check_button.setToolTip(self.tr("Periksa nomor tahun terpilih lagi (F5)"))
        self.check_button.clicked.connect(lambda: self.refresh())
        gap_top = QHBoxLayout()
        gap_top.addWidget(_hint(self.tr(
            "Nomor urut 1 sampai nomor tertinggi yang tidak dipakai surat mana pun, dan nomor "
            "yang dipakai lebih dari satu surat. Nomor yang dibatalkan terhitung terpakai."),
            gap_box), 1)
        gap_top.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.addLayout(gap_top)
        gap_layout.addWidget(self.gap_summary)
        gap_layout.addWidget(self.gap_table, 1)

        for button in (self.pdf_button, self.xlsx_button, self.import_button, self.check_button):
            button.setAutoDefault(False)

        year_row = QHBoxLayout()
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(register_box)
        left.addWidget(self.import_box)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(gap_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(year_row)
        layout.addLayout(columns, 1)

        QShortcut(QKeySequence("Ctrl+Shift+P"), self, lambda: self.print_register())
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save_register_xlsx())
        QShortcut(QKeySequence.StandardKey.Refresh, self, lambda: self.refresh())
        order: list[QWidget] = [self.year, self.month, self.paper, self.pdf_button,
                                self.xlsx_button, self.import_button, self.check_button,
                                self.gap_table]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self._update_access()

    # ------------------------------------------------------------------ state

    def period(self) -> tuple[int, int | None]:
        month = self.month.currentData()
        return self.year.value(), (int(month) if month is not None else None)

    def set_period(self, year: int, month: int | None) -> None:
        self.year.blockSignals(True)
        self.year.setValue(year)
        self.year.blockSignals(False)
        self.month.setCurrentIndex(max(0, self.month.findData(month)))

    def paper_key(self) -> str:
        return str(self.paper.currentData())

    def _can_import(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(Role.AGENDARIS, Role.ADMIN)

    def _update_access(self) -> None:
        self.import_box.setVisible(self._can_import())
        busy = self.job is not None
        reader = self.ctx.actor is not None
        self.pdf_button.setEnabled(reader and not busy)
        self.xlsx_button.setEnabled(reader and not busy)
        self.import_button.setEnabled(self._can_import())

    # ------------------------------------------------------------------ gaps

    def refresh(self) -> None:
        """The gap and duplicate report of the chosen year (F5, shown again, after an import)."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        self._update_access()
        if actor is None:
            return
        year = self.year.value()
        self._gap_generation += 1
        generation = self._gap_generation
        self.gap_summary.setStyleSheet(HINT_STYLE)
        self.gap_summary.setText(self.tr("Memeriksa…"))

        def done(reports: list[ScopeReport]) -> None:
            if generation == self._gap_generation:
                self.show_gaps(year, reports)

        self.runner.run_db(lambda: letter_service.find_gaps(factory(), actor, year), done,
                           lambda e: self._gaps_failed(generation, e))

    def _gaps_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._gap_generation:
            self.gap_summary.setText(self.tr("Pemeriksaan gagal. Tekan F5 untuk mencoba lagi."))
        report_error(self, exc)

    def show_gaps(self, year: int, reports: Sequence[ScopeReport]) -> None:
        self.gaps = list(reports)
        self.gap_model.set_rows([(scope_text(r.scope), format_number(r.highest),
                                  ranges_text(r.gaps), ", ".join(r.duplicates)) for r in reports])
        self.gap_table.setVisible(bool(reports))
        if not reports:
            self.gap_summary.setStyleSheet(HINT_STYLE)
            self.gap_summary.setText(self.tr("Belum ada surat keluar bernomor pada tahun {year}.")
                                     .format(year=year))
            return
        missing = sum(len(r.gaps) for r in reports)
        doubled = sum(len(r.duplicates) for r in reports)
        if not missing and not doubled:
            self.gap_summary.setStyleSheet(CLEAN_STYLE)
            self.gap_summary.setText(self.tr("Tidak ada nomor yang hilang atau ganda."))
            return
        found = []
        if missing:
            found.append(self.tr("<b>{n} nomor hilang</b>").format(n=format_number(missing)))
        if doubled:
            found.append(self.tr("<b>{n} nomor ganda</b>").format(n=format_number(doubled)))
        self.gap_summary.setStyleSheet(NOTE_STYLE)
        self.gap_summary.setText(self.tr(
            "Tahun {year}: {found}. Biasanya berasal dari buku agenda lama yang diimpor; catat "
            "penjelasannya pada buku agenda.").format(year=year, found=self.tr(" dan ").join(found)))

    # ------------------------------------------------------------------ registers

    def _start_job(self, title: str, label: str) -> ReportJob:
        job = ReportJob(self, title, label)
        self.job = self.last_job = job
        self._update_access()
        return job

    def _end_job(self, job: ReportJob) -> None:
        job.finish()
        if self.job is job:
            self.job = None
        self._update_access()

    def _register_job(self, label: str, work: Callable[[AgendaRegisterData, ReportJob], Any],
                      done: Callable[[AgendaRegisterData, Any], None], cancelled_text: str) -> None:
        """Load the period's letters (database thread), then ``work(data, job)`` on the report
        thread; ``work`` answers None when the user cancelled. The progress dialog is up from the
        start, so a second click cannot start a second job."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None or self.job is not None:
            return
        year, month = self.period()
        self.register_status.setText("")
        job = self._start_job(self.tr("Register surat keluar"), label)

        def loaded(data: AgendaRegisterData) -> None:
            if job.cancelled():
                finish(data, None)
                return
            self.runner.run_report(lambda: work(data, job), lambda result: finish(data, result),
                                   failed)

        def finish(data: AgendaRegisterData, result: Any) -> None:
            self._end_job(job)
            if result is None:
                self.register_status.setText(cancelled_text)
                return
            done(data, result)

        def failed(exc: BaseException) -> None:
            self._end_job(job)
            self._register_failed(exc)

        self.runner.run_db(lambda: letter_service.register_data(factory(), actor, year, month),
                           loaded, failed)

    def _register_failed(self, exc: BaseException) -> None:
        self.register_status.setText("")
        report_error(self, exc)

    def print_register(self) -> None:
        """Render the register on the report thread (progress, Cancel), then preview it."""
        if self.ctx.actor is None or self.job is not None:
            return
        year, month = self.period()
        paper = self.paper_key()

        def work(data: AgendaRegisterData, job: ReportJob) -> bytes | None:
            from dinsos_desktop.reports.agenda import Cancelled, render_agenda_register

            try:
                return render_agenda_register(data, _register_paper(paper), progress=job.progress,
                                              cancelled=job.cancelled)
            except Cancelled:
                return None

        self._register_job(
            self.tr("Menyusun register {period}…").format(period=period_text(year, month)), work,
            lambda data, pdf: self._show_preview(data, pdf, paper),
            self.tr("Pembuatan register dibatalkan."))

    def _show_preview(self, data: AgendaRegisterData, pdf: bytes, paper: str) -> None:
        from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

        def rerender(key: str, done: Callable[[bytes], None]) -> None:
            def work() -> bytes:
                from dinsos_desktop.reports.agenda import render_agenda_register

                return render_agenda_register(data, _register_paper(key))

            self.paper.setCurrentIndex(max(0, self.paper.findData(key)))
            self.runner.run_report(work, done, lambda e: report_error(self, e))

        if self.preview is not None:
            self.preview.close()
        dialog = PdfPreviewDialog(
            self.tr("Register surat keluar — {period}").format(
                period=period_text(data.year, data.month)),
            pdf, register_name(data.year, data.month, ".pdf"), paper=paper, rerender=rerender,
            papers=register_papers(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._preview_closed(dialog))
        self.preview = dialog
        dialog.open()

    def _preview_closed(self, dialog: QDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def save_register_xlsx(self) -> Path | None:
        """Ask where, then write the register on the report thread (progress, Cancel)."""
        if self.ctx.actor is None or self.job is not None:
            return None
        year, month = self.period()
        period = period_text(year, month)
        paper = self.paper_key()
        name = self.choose_file(self, self.tr("Simpan register sebagai XLSX"),
                                register_name(year, month, ".xlsx"),
                                self.tr("Lembar kerja Excel (*.xlsx)"), True)
        if not name:
            return None
        path = _with_suffix(name, (".xlsx",), ".xlsx")

        def work(data: AgendaRegisterData, job: ReportJob) -> Path | None:
            from dinsos_desktop.reports.agenda import Cancelled
            from dinsos_desktop.reports.agenda_xlsx import write_agenda_xlsx

            try:
                write_agenda_xlsx(data, path, paper=_register_paper(paper), progress=job.progress,
                                  cancelled=job.cancelled)
            except Cancelled:
                return None
            except OSError as exc:
                raise _file_error(path, exc) from exc
            return path

        def done(data: AgendaRegisterData, _path: Path) -> None:
            text = self.tr("Register {period} ({n} surat) tersimpan: {name}").format(
                period=period, n=format_number(len(data.letters)), name=path.name)
            self.register_status.setText(text)
            _status_message(self, text)

        self._register_job(self.tr("Menulis register {period}…").format(period=period), work, done,
                           self.tr("Penyimpanan register dibatalkan."))
        return path

    # ------------------------------------------------------------------ importing an old book

    def import_old_book(self) -> None:
        """Choose the XLSX, read it (report thread), check every row (database thread), preview."""
        if self.ctx.actor is None or not self._can_import():
            return
        name = self.choose_file(self, self.tr("Impor buku agenda lama"), "",
                                self.tr("Buku agenda Excel atau CSV (*.xlsx *.csv)"), False)
        if not name:
            return
        path = Path(name)
        self.import_status.setStyleSheet(HINT_STYLE)
        self.import_status.setText(self.tr("Membaca {name}…").format(name=path.name))

        def read() -> tuple[list[Any], list[RowProblem]]:
            from dinsos_desktop.reports.agenda_xlsx import UnreadableFile, read_old_agenda

            try:
                return read_old_agenda(path)
            except UnreadableFile as exc:
                raise DomainError(str(exc)) from exc
            except OSError as exc:
                raise _unreadable(path, exc) from exc

        def preview(result: tuple[list[Any], list[RowProblem]]) -> None:
            rows, read_problems = result
            dialog = ImportPreviewDialog(
                self.tr("Impor buku agenda lama — {name}").format(name=path.name),
                self.tr("Impor &semua"), self,
                details_headers=(self.tr("Penomoran"), self.tr("Nomor tertinggi"),
                                 self.tr("Nomor berikutnya")),
                details_title=self.tr("Nomor tertinggi per penomoran; sesudah impor, nomor urut "
                                      "melanjutkannya:"))
            dialog.apply_requested.connect(lambda: self._import(dialog, path, rows, [], apply=True))
            if self.dialog is not None:
                self.dialog.deleteLater()
            self.dialog = dialog
            dialog.open()
            self._import(dialog, path, rows, read_problems, apply=False)

        def failed(exc: BaseException) -> None:
            self.import_status.setText("")
            report_error(self, exc)

        self.runner.run_report(read, preview, failed)

    def _import(self, dialog: ImportPreviewDialog, path: Path, rows: list[Any],
                read_problems: list[RowProblem], *, apply: bool) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return

        def checked(result: ImportPreview) -> None:
            problems = read_problems + list(result.problems)
            details = [(scope_text(scope), format_number(highest), format_number(highest + 1))
                       for scope, highest in sorted(result.per_scope.items())]
            if apply and not problems:
                dialog.accept()
                text = self.tr("{n} surat dari {name} diimpor. Nomor urut berikutnya: {next}.").format(
                    n=format_number(result.letters), name=path.name,
                    next="; ".join(f"{scope} → {nxt}" for scope, _h, nxt in details) or "—")
                self.import_status.setStyleSheet(OK_STYLE)
                self.import_status.setText(text)
                _status_message(self, self.tr("{n} surat diimpor ke buku agenda.").format(
                    n=format_number(result.letters)))
                self.imported.emit()
                years = sorted({y for y in map(_scope_year, result.per_scope) if y is not None})
                if years and self.year.value() not in years:
                    self.year.blockSignals(True)
                    self.year.setValue(years[-1])  # the gap report of the book just imported
                    self.year.blockSignals(False)
                self.refresh()
                return
            self.import_status.setText("")
            summary = self.tr("<b>{n} surat</b> terbaca dari {name}.").format(
                n=format_number(len(rows)), name=path.name)
            if not problems and rows:
                summary += " " + self.tr("Semua baris dapat diimpor. Tekan <i>Impor semua</i> "
                                         "untuk menyimpan semuanya sekaligus.")
            elif not rows and not problems:
                summary += " " + self.tr("Tidak ada surat untuk diimpor.")
            dialog.show_result(summary, problems, can_apply=bool(rows), details=details)

        def failed(exc: BaseException) -> None:
            dialog.show_result(dialog.summary.text(), [], can_apply=False)
            report_error(self, exc)

        do_apply = apply and not read_problems
        self.runner.run_db(lambda: letter_service.import_agenda(factory(), actor, rows,
                                                                apply=do_apply),
                           checked, failed)


def _scope_year(scope: str) -> int | None:
    parts = scope.split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None


def register_papers() -> tuple[tuple[str, str], ...]:
    """The registers are printed landscape, on A4 or F4."""
    return (("A4", _tr("A4 melintang (297 × 210 mm)")), ("F4", _tr("F4 melintang (330 × 215 mm)")))


def register_name(year: int, month: int | None, suffix: str) -> str:
    period = f"{year}-{month:02d}" if month is not None else f"{year}"
    return f"register-surat-keluar-{period}{suffix}"


def _register_paper(key: str) -> Any:
    from dinsos_desktop.reports.paper import paper_size

    return paper_size(key)
