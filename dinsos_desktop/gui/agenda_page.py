"""Buku Agenda Surat Keluar: the agenda book of outgoing letters, the agendaris's desk.

The book is shown a year at a time, narrowed by month, classification code, bidang, status and a
search in the subject and the addressee (as you type), in the book's order, 50 rows at a time
from the database. A voided number stays in the book, struck through and grey; a nomor sisipan
is marked, and one that waits for the admin's approval is tinted. The selected letter's full
details (sisipan reason, who voided it, when and why) show below the table.

Keyboard first:

    Ctrl+N          Ambil nomor: the form; Enter takes the next number, which the dialog then
                    shows big (Ctrl+C copies it). A date earlier than the last letter's needs a
                    nomor sisipan: the form offers it (Enter or Ctrl+Shift+N).
    Ctrl+Shift+N    Nomor sisipan: the same form and a reason.
    Enter, F2       Ubah: correct the selected letter (its date, kind and classification code
                    form its number and stay as they are).
    Delete          Batalkan nomor (in the table), with a reason: the number is never reused.
    Alt+E           Setujui sisipan (the admin).
    Ctrl+Shift+A    Lampirkan pindaian: the PDF of the sent letter.
    Ctrl+Shift+P    Lihat pindaian.
    F5              Muat ulang.
    Alt+C           The search box; ↓ or Enter from there goes to the table.

The agendaris and the admin work here; the pimpinan reads (the buttons stay disabled). Every
change names the version on screen; when another workstation changed the letter meanwhile the
services refuse with ConflictError: the page says so and shows the letter as it is now.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Hashable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import ConflictError, DomainError, ValidationError
from dinsos_desktop.domain.letters import LetterFields, LetterKind, LetterStatus, Nature
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, PagedTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, to_local
from dinsos_desktop.reports.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_month_year,
    format_number,
)
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import letters
from dinsos_desktop.services import office as office_service
from dinsos_desktop.services.common import utcnow
from dinsos_desktop.services.dto import (
    Actor,
    CatalogDTO,
    ClassificationDTO,
    LetterDTO,
    LetterFilter,
    Page,
)

BATCH = 50
DEBOUNCE_MS = 250
RESELECT_BATCHES = 40  # a new letter is looked for in at most this many more batches
FIRST_YEAR, LAST_YEAR = 1990, 2100
VOID_TEXT = QColor("#8a8a8a")
INSERT_TEXT = QColor("#0d47a1")
WAITING_ROW = QColor("#fff4c2")
WAITING_TEXT = QColor("#8a5300")
HINT_STYLE = "color: #555;"
NOTE_STYLE = "background: #fff4e5; color: #6d4200; border: 1px solid #f0c27b; padding: 6px;"
DONE_STYLE = "color: #1b5e20;"
DASH = " — "  # between a classification code and its name in the combos

Clock = Callable[[], dt.datetime]
LocalTime = Callable[[dt.datetime], dt.datetime]
# fetch(wanted, offset, limit, on_done, on_error): runs the query off the GUI thread.
Fetch = Callable[[LetterFilter, int, int, Callable[[Page[LetterDTO]], None],
                  Callable[[BaseException], None]], None]
ChooseFile = Callable[[], str | None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgendaPage", text)


# --------------------------------------------------------------------------- texts


def month_name(month: int) -> str:
    """'Januari' … 'Desember' (babel's Indonesian month names)."""
    return format_month_year(dt.date(2000, month, 1)).rsplit(" ", 1)[0]


def status_choices() -> dict[str | None, str]:
    """The status filter: LetterFilter.status values, as the screen names them."""
    return {None: _tr("Semua"), "aktif": _tr("Aktif"), "batal": _tr("Batal"),
            "sisipan": _tr("Sisipan"), "menunggu": _tr("Menunggu persetujuan")}


def kind_label(kind: str) -> str:
    return {LetterKind.SURAT.value: _tr("Surat"),
            LetterKind.KEPUTUSAN.value: _tr("Keputusan")}.get(kind, kind)


def nature_label(nature: str) -> str:
    return {Nature.BIASA.value: _tr("Biasa"), Nature.PENTING.value: _tr("Penting"),
            Nature.SEGERA.value: _tr("Segera"), Nature.RAHASIA.value: _tr("Rahasia")}.get(nature, nature)


def letter_status_text(letter: LetterDTO) -> str:
    """'Aktif', 'Batal', 'Sisipan' or 'Sisipan, menunggu persetujuan'."""
    if letter.status == LetterStatus.VOID:
        return _tr("Batal")
    if letter.insert_approval == "menunggu":
        return _tr("Sisipan, menunggu persetujuan")
    if letter.is_insert:
        return _tr("Sisipan")
    return _tr("Aktif")


def short_status_text(letter: LetterDTO) -> str:
    """The table's status column: 'Aktif', 'Batal', 'Sisipan' or 'Menunggu' (persetujuan)."""
    if letter.status != LetterStatus.VOID and letter.insert_approval == "menunggu":
        return _tr("Menunggu")
    return letter_status_text(letter)


def short_date(day: dt.date) -> str:
    """'02-11-2026': the table's dates (the tooltip and the detail give the long form)."""
    return f"{day:%d-%m-%Y}"


def addressee_text(letter: LetterDTO) -> str:
    return ", ".join(p for p in (letter.addressee_name, letter.addressee_institution) if p)


def signatory_text(position: str, name: str) -> str:
    """How a signatory of the office profile is offered: 'Kepala Dinas Sosial, Drs. Budi'."""
    return ", ".join(p for p in (position.strip(), name.strip()) if p)


def office_signatories(office: OfficeProfile | None) -> list[str]:
    """The head first (the default), then the other signatories of the office profile."""
    if office is None:
        return []
    shown = [signatory_text(office.head.position, office.head.name)]
    shown += [signatory_text(s.position, s.name) for s in office.signatories]
    return list(dict.fromkeys(s for s in shown if s))


def code_choices(classifications: Sequence[ClassificationDTO],
                 day: dt.date | None = None) -> list[tuple[str, str]]:
    """(code, 'code — name') of the codes (valid on ``day`` when given), each code once."""
    seen: dict[str, str] = {}
    for c in sorted(classifications, key=lambda c: (c.code, c.code_set)):
        if (day is None or c.valid_on(day)) and c.code not in seen:
            seen[c.code] = f"{c.code}{DASH}{c.name}"
    return list(seen.items())


def code_of(text: str) -> str:
    """The code typed or chosen in a code combo ('460 — Sosial' → '460')."""
    return text.split("—", 1)[0].strip()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _code_combo(parent: QWidget, name: str) -> QComboBox:
    """An editable combo of classification codes, completing by code or by name."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideRight)
    return combo


class DateField(QDateEdit):
    """A date typed as hh-bb-tttt. Tab goes on to the next field, as in every other field (Qt's
    date edit would step through the day, the month and the year): typing fills them in turn,
    ← and → move between them, Alt+↓ opens the calendar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setCalendarPopup(True)
        self.setMinimumWidth(130)
        self.setToolTip(_tr("Ketik tanggal hh-bb-tttt; ← → pindah bagian; Alt+↓ kalender"))

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def _line(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None, "an editable combo"
    return edit


def _fill_codes(combo: QComboBox, choices: list[tuple[str, str]], *, blank: bool) -> None:
    """Refill a code combo, keeping what is typed in it."""
    text = combo.currentText()
    combo.blockSignals(True)
    try:
        combo.clear()
        if blank:
            combo.addItem("", None)
        for code, shown in choices:
            combo.addItem(shown, code)
        combo.setEditText(text)
    finally:
        combo.blockSignals(False)


# --------------------------------------------------------------------------- the table


class AgendaModel(PagedTableModel[LetterDTO]):
    """The book, 50 letters at a time from the database thread, in the book's order (year,
    date, number, suffix); ``fetchMore`` asks for the next batch."""

    NUMBER, FULL_NUMBER, DATE, ADDRESSEE, SUBJECT, CODE, NATURE, BIDANG, STATUS = range(9)

    def __init__(self, fetch: Fetch, bidang_name: Callable[[str], str],
                 parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("AgendaModel", "No."), tr("AgendaModel", "Nomor Surat"),
                          tr("AgendaModel", "Tanggal"), tr("AgendaModel", "Tujuan"),
                          tr("AgendaModel", "Perihal"), tr("AgendaModel", "Kode"),
                          tr("AgendaModel", "Sifat"), tr("AgendaModel", "Pengolah"),
                          tr("AgendaModel", "Status")), parent)
        self._fetch = fetch
        self._bidang_name = bidang_name
        self._wanted: LetterFilter | None = None

    # ---- Qt API

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        letter = self.row_at(index.row()) if index.isValid() else None
        if letter is None:
            return None
        column = index.column()
        void = letter.status == LetterStatus.VOID
        waiting = not void and letter.insert_approval == "menunggu"
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(letter, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(letter, column)
        if role == Qt.ItemDataRole.FontRole:
            marked = letter.is_insert and column in (self.NUMBER, self.STATUS)
            if not void and not marked:
                return None
            font = QFont()
            font.setStrikeOut(void)
            font.setItalic(marked)
            font.setBold(waiting and column == self.STATUS)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if void:
                return VOID_TEXT
            if waiting and column == self.STATUS:
                return WAITING_TEXT
            if letter.is_insert and column in (self.NUMBER, self.STATUS):
                return INSERT_TEXT
            return None
        if role == Qt.ItemDataRole.BackgroundRole and waiting:
            return WAITING_ROW
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, letter: LetterDTO, column: int) -> str | None:
        if column == self.NUMBER:
            return letter.number_text
        if column == self.FULL_NUMBER:
            return letter.full_number
        if column == self.DATE:
            return short_date(letter.letter_date)
        if column == self.ADDRESSEE:
            return addressee_text(letter)
        if column == self.SUBJECT:
            return letter.subject
        if column == self.CODE:
            return letter.classification_code
        if column == self.NATURE:
            return nature_label(letter.nature)
        if column == self.BIDANG:
            return letter.bidang_code
        if column == self.STATUS:
            return short_status_text(letter)
        return None

    def _tooltip(self, letter: LetterDTO, column: int) -> str | None:
        if column == self.STATUS or (column == self.NUMBER and letter.is_insert):
            lines = [letter_status_text(letter)]
            if letter.is_insert and letter.insert_reason:
                lines.append(self.tr("Alasan sisipan: {reason}").format(reason=letter.insert_reason))
            if letter.status == LetterStatus.VOID:
                lines.append(self.tr("Dibatalkan: {reason}").format(reason=letter.void_reason))
            return "\n".join(lines)
        if column == self.DATE:
            return format_date_long(letter.letter_date)
        if column == self.BIDANG and letter.bidang_code:
            return self._bidang_name(letter.bidang_code)
        if column == self.ADDRESSEE and letter.addressee_address:
            return f"{addressee_text(letter)}\n{letter.addressee_address}"
        return self._display(letter, column)

    # ---- our API

    @property
    def wanted(self) -> LetterFilter | None:
        return self._wanted

    def letter_at(self, row: int) -> LetterDTO | None:
        return self.row_at(row)

    def row_of(self, letter_id: int) -> int:
        return next((i for i, letter in enumerate(self._rows) if letter.id == letter_id), -1)

    def reload(self, wanted: LetterFilter | None) -> None:
        """From the first letter of the book again; ``None`` empties the list."""
        self._wanted = wanted
        self._restart(active=wanted is not None)

    def update_letter(self, letter: LetterDTO) -> bool:
        """The letter as saved, in its row (voided, edited, approved, scanned); False when the
        list does not hold it."""
        row = self.row_of(letter.id)
        if row < 0:
            return False
        self._rows[row] = letter
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        assert self._wanted is not None
        self._fetch(self._wanted, offset, BATCH, done, failed)

    def _row_key(self, row: LetterDTO) -> Hashable:
        return row.id


# --------------------------------------------------------------------------- the letter form


class LetterDialog(QDialog):
    """"Ambil nomor", "Nomor sisipan" and "Ubah surat": one form, Enter submits, the services'
    refusals beside the fields. A number taken is then shown big, with a copy button (Ctrl+C);
    Enter or Esc closes. "Ambil nomor" for a date earlier than the last letter's offers the nomor
    sisipan (Enter on the offer, or Ctrl+Shift+N) keeping everything typed."""

    NEW, INSERT, EDIT = "new", "insert", "edit"

    saved = Signal(object)  # LetterDTO, as the database wrote it
    stale = Signal(object)  # LetterDTO as stored now: another workstation changed it

    def __init__(self, ctx: AppContext, runner: TaskRunner, mode: str, *,
                 classifications: Sequence[ClassificationDTO] = (),
                 bidang: Sequence[tuple[str, str]] = (), signatories: Sequence[str] = (),
                 letter: LetterDTO | None = None, needs_approval: bool = False,
                 clock: Clock | None = None, local: LocalTime | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if mode not in (self.NEW, self.INSERT, self.EDIT):
            raise ValueError(f"unknown mode {mode!r}")
        if (mode == self.EDIT) != (letter is not None):
            raise ValueError("a letter to edit, and only to edit")
        self.setObjectName("letterDialog")
        self.ctx = ctx
        self.runner = runner
        self.mode = mode
        self.letter = letter
        self.result_letter: LetterDTO | None = None
        self.classifications = tuple(classifications)
        self.needs_approval = needs_approval
        self._clock = clock or utcnow
        self._local = local or to_local
        self._busy = False
        self._latest: LetterDTO | None = None
        today = self._local(self._clock()).date()
        self.setMinimumWidth(680)

        # ---- the fields
        self.letter_date = DateField(self)
        self.letter_date.setObjectName("letterDate")
        self.letter_date.setDateRange(QDate(FIRST_YEAR, 1, 1), _qdate(today))
        self.letter_date.setDate(_qdate(letter.letter_date if letter else today))
        self.date_shown = QLabel(self)
        self.date_shown.setObjectName("letterDateShown")
        self.date_shown.setStyleSheet(HINT_STYLE)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for kind in LetterKind:
            self.kind.addItem(kind_label(kind.value), kind.value)
        self.code = _code_combo(self, "classificationCode")
        _line(self.code).setPlaceholderText(self.tr("ketik kode atau nama, mis. 460 atau sosial"))
        self.code.setMinimumContentsLength(34)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("insertReason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("mis. surat susulan yang harus bertanggal sama "
                                               "dengan undangan"))
        self.addressee_name = QLineEdit(self)
        self.addressee_name.setObjectName("addresseeName")
        self.addressee_name.setMaxLength(200)
        self.addressee_name.setPlaceholderText(self.tr("nama atau jabatan, mis. Camat Panggungrejo"))
        self.addressee_institution = QLineEdit(self)
        self.addressee_institution.setObjectName("addresseeInstitution")
        self.addressee_institution.setMaxLength(200)
        self.addressee_address = QLineEdit(self)
        self.addressee_address.setObjectName("addresseeAddress")
        self.addressee_address.setMaxLength(300)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(1000)
        self.nature = QComboBox(self)
        self.nature.setObjectName("nature")
        for nature in Nature:
            self.nature.addItem(nature_label(nature.value), nature.value)
        self.attachments = QSpinBox(self)
        self.attachments.setObjectName("attachments")
        self.attachments.setRange(0, 999)
        self.attachments.setMaximumWidth(90)
        self.bidang = QComboBox(self)
        self.bidang.setObjectName("bidang")
        self.bidang.addItem(self.tr("(tidak ditentukan)"), "")
        for code, name in bidang:
            self.bidang.addItem(name, code)
        self.signatory = QComboBox(self)
        self.signatory.setObjectName("signatory")
        self.signatory.setEditable(True)
        self.signatory.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.signatory.addItems(list(signatories))
        _line(self.signatory).setMaxLength(200)
        self.sent = QCheckBox(self.tr("Suda&h dikirim, tanggal:"), self)
        self.sent.setObjectName("sent")
        self.sent_date = DateField(self)
        self.sent_date.setObjectName("sentDate")
        self.sent_date.setDateRange(QDate(FIRST_YEAR, 1, 1), _qdate(today))
        self.sent_date.setDate(_qdate(today))
        self.sent_date.setEnabled(False)
        self.sent.toggled.connect(self.sent_date.setEnabled)
        self.related_application = QLineEdit(self)
        self.related_application.setObjectName("relatedApplication")
        self.related_application.setMaxLength(40)
        self.related_application.setPlaceholderText(self.tr("nomor registrasi berkas, bila surat "
                                                            "ini menjawab permohonan"))
        self.related_incoming = QLineEdit(self)
        self.related_incoming.setObjectName("relatedIncoming")
        self.related_incoming.setMaxLength(120)
        self.related_incoming.setPlaceholderText(self.tr("nomor surat masuk yang dibalas"))
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setMaxLength(1000)

        # ---- messages beside the fields
        self.field_widgets: dict[str, QWidget] = {
            "letter_date": self.letter_date, "kind": self.kind,
            "classification_code": self.code, "reason": self.reason,
            "addressee_name": self.addressee_name,
            "addressee_institution": self.addressee_institution,
            "addressee_address": self.addressee_address, "subject": self.subject,
            "nature": self.nature, "attachments": self.attachments, "bidang_code": self.bidang,
            "signatory": self.signatory, "sent_date": self.sent_date,
            "related_application": self.related_application,
            "related_incoming": self.related_incoming, "notes": self.notes,
        }
        self.field_errors = {key: FieldError(self) for key in self.field_widgets}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)

        # ---- notes over the form: why the number fields are locked, the approval, a conflict
        self.intro = QLabel(self)
        self.intro.setObjectName("letterIntro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)
        self.banner = QLabel(self)
        self.banner.setObjectName("letterBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet(NOTE_STYLE)
        self.banner.hide()
        # The sisipan offer, when "Ambil nomor" is refused for an earlier date.
        self.offer = QFrame(self)
        self.offer.setObjectName("insertOffer")
        self.offer.setStyleSheet("QFrame#insertOffer { background: #e3f0fd; border: 1px solid "
                                 "#90b8e8; }")
        self.offer_text = QLabel(self.tr("Surat bertanggal lebih awal memakai <b>nomor sisipan</b>: "
                                         "nomor surat terakhir pada atau sebelum tanggal itu, "
                                         "dengan akhiran (mis. 76a). Isian tetap."), self.offer)
        self.offer_text.setWordWrap(True)
        self.offer_button = QPushButton(self.tr("Pakai nomor sisipan"), self.offer)
        self.offer_button.setObjectName("useInsert")
        self.offer_button.setToolTip(self.tr("Ubah menjadi nomor sisipan; isian tetap "
                                             "(Enter, atau Ctrl+Shift+N)"))
        offer_keys = QLabel(self.tr("Enter / Ctrl+Shift+N"), self.offer)
        offer_keys.setStyleSheet(HINT_STYLE)
        self.offer_button.clicked.connect(self.switch_to_insert)
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.setContentsMargins(8, 6, 8, 6)
        offer_layout.addWidget(self.offer_text, 1)
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(self.offer_button)
        buttons_column.addWidget(offer_keys, 0, Qt.AlignmentFlag.AlignHCenter)
        offer_layout.addLayout(buttons_column)
        self.offer.hide()
        self.insert_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.switch_to_insert)
        self.insert_shortcut.setEnabled(False)

        # ---- the grid, in sections
        self.form = QWidget(self)
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(3)
        self._grid = grid
        self._section(self.tr("Nomor"))
        date_line = QHBoxLayout()
        date_line.addWidget(self.letter_date)
        date_line.addSpacing(8)
        date_line.addWidget(self.date_shown, 1)
        self._row(self.tr("&Tanggal surat:"), "letter_date", date_line)
        grid.addWidget(self.offer, grid.rowCount(), 1)
        self._row(self.tr("&Jenis naskah:"), "kind", self.kind)
        self._row(self.tr("Kode k&lasifikasi:"), "classification_code", self.code)
        self.reason_label = self._row(self.tr("&Alasan sisipan:"), "reason", self.reason)
        self._section(self.tr("Tujuan"))
        self._row(self.tr("T&ujuan (nama/jabatan):"), "addressee_name", self.addressee_name)
        self._row(self.tr("&Instansi:"), "addressee_institution", self.addressee_institution)
        self._row(self.tr("Ala&mat:"), "addressee_address", self.addressee_address)
        self._section(self.tr("Isi surat"))
        self._row(self.tr("&Perihal:"), "subject", self.subject)
        nature_line = QHBoxLayout()
        nature_line.addWidget(self.nature)
        nature_line.addSpacing(16)
        attachments_label = QLabel(self.tr("Lampi&ran:"), self.form)
        attachments_label.setBuddy(self.attachments)
        nature_line.addWidget(attachments_label)
        nature_line.addWidget(self.attachments)
        nature_line.addStretch(1)
        self._row(self.tr("&Sifat:"), "nature", nature_line, also="attachments")
        self._row(self.tr("Bi&dang pengolah:"), "bidang_code", self.bidang)
        self._row(self.tr("P&enandatangan:"), "signatory", self.signatory)
        self._section(self.tr("Lain-lain"))
        sent_line = QHBoxLayout()
        sent_line.addWidget(self.sent)
        sent_line.addWidget(self.sent_date)
        sent_line.addStretch(1)
        self._row(self.tr("Tanggal kirim:"), "sent_date", sent_line, buddy=self.sent)
        self._row(self.tr("N&o. registrasi permohonan:"), "related_application",
                  self.related_application)
        self._row(self.tr("Surat masuk &yang dibalas:"), "related_incoming", self.related_incoming)
        self._row(self.tr("&Catatan:"), "notes", self.notes)

        # ---- the buttons of the form
        self.ok_button = QPushButton(self)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Batal (Esc)"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.keys_hint = QLabel(self.tr("Enter menyimpan · Tab ke isian berikutnya · Esc batal"),
                                self)
        self.keys_hint.setStyleSheet(HINT_STYLE)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.keys_hint, 1)
        form_buttons.addWidget(self.ok_button)
        form_buttons.addWidget(self.cancel_button)

        # ---- what the dialog shows once a number is taken
        self.result_panel = QWidget(self)
        self.result_panel.setObjectName("letterResult")
        self.result_title = QLabel(self.result_panel)
        self.result_title.setStyleSheet(DONE_STYLE + " font-weight: bold;")
        self.number_label = QLabel(self.result_panel)
        self.number_label.setObjectName("takenNumber")
        big = self.number_label.font()
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 2.0)
        big.setBold(True)
        self.number_label.setFont(big)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_facts = QLabel(self.result_panel)
        self.result_facts.setObjectName("takenFacts")
        self.result_facts.setWordWrap(True)
        self.result_facts.setStyleSheet(HINT_STYLE)
        self.result_note = QLabel(self.result_panel)
        self.result_note.setObjectName("approvalNote")
        self.result_note.setWordWrap(True)
        self.result_note.setStyleSheet(NOTE_STYLE)
        self.copy_button = QPushButton(self.tr("Salin nomor (Ctrl+C)"), self.result_panel)
        self.copy_button.setObjectName("copyNumber")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_number)
        self.close_button = QPushButton(self.tr("Tutup (Enter)"), self.result_panel)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.accept)
        self.copy_shortcut = QShortcut(QKeySequence.StandardKey.Copy, self, self.copy_number)
        self.copy_shortcut.setEnabled(False)
        result_buttons = QHBoxLayout()
        result_buttons.addStretch(1)
        result_buttons.addWidget(self.copy_button)
        result_buttons.addWidget(self.close_button)
        result_layout = QVBoxLayout(self.result_panel)
        result_layout.setContentsMargins(8, 8, 8, 0)
        result_layout.addWidget(self.result_title)
        result_layout.addSpacing(6)
        result_layout.addWidget(self.number_label)
        result_layout.addWidget(self.result_facts)
        result_layout.addWidget(self.result_note)
        result_layout.addSpacing(10)
        result_layout.addLayout(result_buttons)
        self.result_panel.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.banner)
        layout.addWidget(self.form)
        layout.addWidget(self.general)
        self.form_buttons = QWidget(self)
        self.form_buttons.setLayout(form_buttons)
        form_buttons.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.form_buttons)
        layout.addWidget(self.result_panel)

        order = (self.letter_date, self.kind, self.code, self.reason, self.addressee_name,
                 self.addressee_institution, self.addressee_address, self.subject, self.nature,
                 self.attachments, self.bidang, self.signatory, self.sent, self.sent_date,
                 self.related_application, self.related_incoming, self.notes, self.offer_button,
                 self.ok_button, self.cancel_button)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

        self.letter_date.dateChanged.connect(lambda _d: self._date_changed())
        # An editable combo keeps Enter to itself: Enter there submits too (line edits, date
        # edits, spin boxes and plain combos leave it to the default button).
        self.code.installEventFilter(self)
        self.signatory.installEventFilter(self)
        self._fill_codes()
        if letter is not None:
            self.fill(letter)
        elif signatories:
            self.signatory.setCurrentIndex(0)
        self._date_changed()
        self._apply_mode()

    # ---- building

    def _section(self, text: str) -> None:
        grid = self._grid
        row = grid.rowCount() if grid.count() else 0
        label = QLabel(f"<b>{html.escape(text)}</b>", self.form)
        label.setStyleSheet("color: #37474f; margin-top: 6px;")
        grid.addWidget(label, row, 0, 1, 2)

    def _row(self, text: str, key: str, field: QWidget | QHBoxLayout, *, also: str | None = None,
             buddy: QWidget | None = None) -> QLabel:
        grid = self._grid
        row = grid.rowCount()
        label = QLabel(text, self.form)
        label.setBuddy(buddy or self.field_widgets[key])
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(field, QHBoxLayout):
            grid.addLayout(field, row, 1)
        else:
            grid.addWidget(field, row, 1)
        messages = QVBoxLayout()
        messages.setSpacing(0)
        messages.addWidget(self.field_errors[key])
        if also is not None:
            messages.addWidget(self.field_errors[also])
        grid.addLayout(messages, row + 1, 1)
        return label

    def _apply_mode(self) -> None:
        """Title, intro, buttons and the fields open to change, for the mode the form is in."""
        insert, edit = self.mode == self.INSERT, self.mode == self.EDIT
        for widget in (self.reason_label, self.reason):
            widget.setVisible(insert)
        if not insert:
            self.field_errors["reason"].show_message("")
        self.letter_date.setEnabled(not edit)
        self.kind.setEnabled(not edit)
        self.code.setEnabled(not edit)
        if edit:
            assert self.letter is not None
            self.setWindowTitle(self.tr("Ubah surat {number}").format(number=self.letter.full_number))
            self.intro.setText(self.tr(
                "Nomor <b>{number}</b> tetap. Tanggal surat, jenis naskah, dan kode klasifikasi "
                "membentuk nomor itu sehingga tidak dapat diubah; bila salah, batalkan nomor ini "
                "lalu ambil nomor baru.").format(number=html.escape(self.letter.full_number)))
            self.ok_button.setText(self.tr("Simpan perubahan"))
        elif insert:
            self.setWindowTitle(self.tr("Nomor sisipan"))
            text = self.tr("Untuk surat yang harus bertanggal lebih awal dari surat terakhir: "
                           "nomornya nomor surat terakhir pada atau sebelum tanggal itu, dengan "
                           "akhiran (76a, 76b …). Alasan wajib diisi.")
            if self.needs_approval:
                text += " " + self.tr("<b>Kantor mewajibkan persetujuan admin</b>: nomor sisipan "
                                      "menunggu persetujuan sebelum sah.")
            self.intro.setText(text)
            self.ok_button.setText(self.tr("Ambil nomor sisipan"))
        else:
            self.setWindowTitle(self.tr("Ambil nomor surat"))
            self.intro.setText(self.tr("Nomor berikutnya diberikan saat Anda menekan Enter, "
                                       "bersamaan dengan pencatatan surat di buku agenda."))
            self.ok_button.setText(self.tr("Ambil nomor"))
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setWordWrap(True)

    def _fill_codes(self) -> None:
        day = _pydate(self.letter_date.date())
        choices = code_choices(self.classifications, day)
        if self.letter is not None and all(c != self.letter.classification_code for c, _ in choices):
            choices.insert(0, (self.letter.classification_code, self.letter.classification_code))
        _fill_codes(self.code, choices, blank=False)

    def _date_changed(self) -> None:
        day = _pydate(self.letter_date.date())
        self.date_shown.setText(format_date_long(day))
        if self.mode != self.EDIT:
            self._fill_codes()  # only the codes valid on that day

    # ---- values

    def fill(self, letter: LetterDTO) -> None:
        """The stored letter into the form (editing)."""
        self.letter_date.setDate(_qdate(letter.letter_date))
        self.kind.setCurrentIndex(max(0, self.kind.findData(letter.kind)))
        self._fill_codes()
        index = self.code.findData(letter.classification_code)
        if index >= 0:
            self.code.setCurrentIndex(index)
        else:
            self.code.setEditText(letter.classification_code)
        for key, value in self.stored_values(letter).items():
            self.set_value(key, value)

    @staticmethod
    def stored_values(letter: LetterDTO) -> dict[str, object]:
        """What the form shows of a stored letter, by field (the fields an edit can change)."""
        return {
            "addressee_name": letter.addressee_name,
            "addressee_institution": letter.addressee_institution,
            "addressee_address": letter.addressee_address, "subject": letter.subject,
            "nature": letter.nature, "attachments": letter.attachments,
            "bidang_code": letter.bidang_code, "signatory": letter.signatory,
            "sent_date": letter.sent_date,
            "related_application": letter.related_application_number,
            "related_incoming": letter.related_incoming, "notes": letter.notes,
        }

    def form_values(self) -> dict[str, object]:
        return {
            "addressee_name": self.addressee_name.text(),
            "addressee_institution": self.addressee_institution.text(),
            "addressee_address": self.addressee_address.text(), "subject": self.subject.text(),
            "nature": self.nature.currentData(), "attachments": self.attachments.value(),
            "bidang_code": self.bidang.currentData() or "",
            "signatory": self.signatory.currentText(),
            "sent_date": _pydate(self.sent_date.date()) if self.sent.isChecked() else None,
            "related_application": self.related_application.text(),
            "related_incoming": self.related_incoming.text(), "notes": self.notes.text(),
        }

    def set_value(self, key: str, value: object) -> None:
        widget = self.field_widgets[key]
        if key == "sent_date":
            self.sent.setChecked(value is not None)
            if isinstance(value, dt.date):
                self.sent_date.setDate(_qdate(value))
        elif key == "bidang_code" and isinstance(widget, QComboBox):
            index = widget.findData(value or "")
            if index < 0:  # a bidang no longer in the catalog: keep it
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif key == "nature" and isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif key == "signatory" and isinstance(widget, QComboBox):
            widget.setEditText(str(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))  # type: ignore[call-overload]
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def fields(self) -> LetterFields:
        values = self.form_values()
        if self.letter is not None:  # the number's fields as numbered
            day, kind, code = (self.letter.letter_date, LetterKind(self.letter.kind),
                               self.letter.classification_code)
        else:
            day = _pydate(self.letter_date.date())
            kind = LetterKind(self.kind.currentData())
            code = self.code_value()
        return LetterFields(
            letter_date=day, kind=kind, classification_code=code,
            addressee_name=str(values["addressee_name"]),
            addressee_institution=str(values["addressee_institution"]),
            addressee_address=str(values["addressee_address"]), subject=str(values["subject"]),
            nature=Nature(str(values["nature"])), attachments=int(self.attachments.value()),
            bidang_code=str(values["bidang_code"]), signatory=str(values["signatory"]),
            sent_date=values["sent_date"] if isinstance(values["sent_date"], dt.date) else None,
            related_application=str(values["related_application"]),
            related_incoming=str(values["related_incoming"]), notes=str(values["notes"]))

    def code_value(self) -> str:
        text = self.code.currentText().strip()
        index = self.code.findText(text)
        if index >= 0 and self.code.itemData(index):
            return str(self.code.itemData(index))
        return code_of(text)

    # ---- switching to a sisipan

    def switch_to_insert(self) -> None:
        """The offer taken: the same form, now for a nomor sisipan; the reason is next."""
        if self.mode != self.NEW or self._busy:
            return
        self.mode = self.INSERT
        self.offer.hide()
        self.insert_shortcut.setEnabled(False)
        self.field_errors["letter_date"].show_message("")
        self._apply_mode()
        fit_height(self)
        self.reason.setFocus()

    # ---- saving

    def submit(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None or self._busy or self.result_letter is not None:
            return
        if self.mode == self.EDIT and self.letter is not None and self._latest is None and \
                self._unchanged(self.letter):
            self.accept()  # nothing to write
            return
        self.errors.clear()
        self.offer.hide()
        self.insert_shortcut.setEnabled(False)
        fields, reason, clock, local = self.fields(), self.reason.text(), self._clock, self._local
        letter = self.letter
        if self.mode == self.NEW:
            def work() -> LetterDTO:
                return letters.register_letter(factory(), actor, fields, now=clock(), local=local)
        elif self.mode == self.INSERT:
            def work() -> LetterDTO:
                return letters.register_insert(factory(), actor, fields, reason, now=clock(),
                                               local=local)
        else:
            assert letter is not None
            letter_id, version = letter.id, letter.version

            def work() -> LetterDTO:
                return letters.edit_letter(factory(), actor, letter_id, fields,
                                           expected_version=version, now=clock(), local=local)
        self.set_busy(True)
        self.runner.run_db(work, self._saved, self._failed)

    def _unchanged(self, letter: LetterDTO) -> bool:
        stored, typed = self.stored_values(letter), self.form_values()
        return all(_same(stored[k], typed[k]) for k in stored)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.offer_button.setEnabled(not busy)

    def _saved(self, letter: LetterDTO) -> None:
        self.set_busy(False)
        self.saved.emit(letter)
        if self.mode == self.EDIT:
            self.letter = letter
            self.accept()
            return
        self.show_number(letter)

    def show_number(self, letter: LetterDTO) -> None:
        """The number taken, big, with the copy button; Enter or Esc closes."""
        self.result_letter = letter
        insert = letter.is_insert
        self.setWindowTitle(self.tr("Nomor sisipan diambil") if insert else self.tr("Nomor surat diambil"))
        self.result_title.setText(self.tr("Nomor sisipan sudah dicatat di buku agenda.") if insert
                                  else self.tr("Nomor surat sudah dicatat di buku agenda."))
        label = self.tr("Nomor sisipan: {number}") if insert else self.tr("Nomor surat: {number}")
        self.number_label.setText(label.format(number=letter.full_number))
        facts = [format_date_long(letter.letter_date), addressee_text(letter), letter.subject]
        self.result_facts.setText(" · ".join(f for f in facts if f))
        waiting = letter.insert_approval == "menunggu"
        self.result_note.setText(self.tr(
            "Nomor sisipan ini <b>menunggu persetujuan admin</b>. Surat boleh disiapkan, tetapi "
            "nomornya baru sah setelah disetujui.") if waiting else "")
        self.result_note.setTextFormat(Qt.TextFormat.RichText)
        self.result_note.setVisible(waiting)
        for widget in (self.intro, self.banner, self.form, self.offer, self.general,
                       self.form_buttons):
            widget.hide()
        self.result_panel.show()
        self.copy_shortcut.setEnabled(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.setMinimumWidth(520)
        self.adjustSize()

    def copy_number(self) -> None:
        if self.result_letter is not None:
            QApplication.clipboard().setText(self.result_letter.full_number)
            self.copy_button.setText(self.tr("Tersalin ✓ (Ctrl+C)"))

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, ConflictError) and self.letter is not None:
            self.conflicted(exc)
        else:
            report_error(self, exc)

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "status" in errors:  # the letter's state, not a field
            errors["general"] = errors.pop("status")
        self.errors.show(errors)
        date_error = errors.get("letter_date", "")
        offer = self.mode == self.NEW and "sisipan" in date_error.casefold()
        self.offer.setVisible(offer)
        self.insert_shortcut.setEnabled(offer)
        fit_height(self)
        if offer:
            self.offer_button.setFocus()  # Enter takes the offer
            return
        first = next((w for k, w in self.field_widgets.items() if k in errors and w.isEnabled()), None)
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def conflicted(self, exc: ConflictError) -> None:
        """Another workstation saved this letter first: keep what was typed, take the rest from
        the letter as stored now, and say so."""
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        original = self.letter
        if actor is None or original is None:
            return
        letter_id = original.id

        def reloaded(latest: LetterDTO) -> None:
            self.stale.emit(latest)
            base, typed, stored = (self.stored_values(original), self.form_values(),
                                   self.stored_values(latest))
            for key in stored:
                if _same(typed[key], base[key]) and not _same(stored[key], base[key]):
                    self.set_value(key, stored[key])
            self.letter = self._latest = latest  # the next save starts from it, knowingly
            text = self.tr("<b>{message}</b><br>Isian yang Anda ubah tetap di formulir; isian "
                           "lain sudah diganti dengan data terbaru. Periksa, lalu tekan Enter "
                           "untuk menyimpan.").format(message=html.escape(exc.message))
            if latest.status == LetterStatus.VOID:
                text = self.tr("<b>{message}</b><br>Nomor ini sudah dibatalkan di workstation lain "
                               "({reason}) dan tidak dapat diubah lagi.").format(
                    message=html.escape(exc.message), reason=html.escape(latest.void_reason))
                self.ok_button.setEnabled(False)
            self.banner.setText(text)
            self.banner.show()
            fit_height(self)
            self.addressee_name.setFocus()

        def gone(e: BaseException) -> None:
            self.general.show_message(getattr(e, "message", str(e)))
            self.ok_button.setEnabled(False)

        self.runner.run_db(lambda: letters.get_letter(factory(), actor, letter_id), reloaded, gone)

    # ---- keys

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # (An open completion popup gets the keys itself: its Enter picks the completion.)
        if obj in (self.code, self.signatory) and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier):
            self.submit()
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.result_letter is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b


# --------------------------------------------------------------------------- the page


class AgendaPage(QWidget):
    """The agenda book. ``catalog`` gives the catalog in force (the bidang list); ``clock`` and
    ``local`` (UTC now, and a stored moment on the office's wall clock) are there for tests, and
    so is ``choose_scan_file`` (returns the PDF's path, or None)."""

    letter_changed = Signal(object)  # LetterDTO taken, edited, voided, approved or scanned here

    def __init__(self, ctx: AppContext, runner: TaskRunner,
                 catalog: Callable[[], CatalogDTO | None] | None = None,
                 parent: QWidget | None = None, *, clock: Clock | None = None,
                 local: LocalTime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaPage")
        self.ctx = ctx
        self.runner = runner
        self._catalog_source = catalog or (lambda: None)
        self._clock = clock or utcnow
        self._local = local or to_local
        self.catalog: CatalogDTO | None = None
        self.classifications: list[ClassificationDTO] = []
        self.needs_approval_setting = False
        self.office: OfficeProfile | None = None
        self.dialog: QDialog | None = None
        self.preview: QDialog | None = None
        self.choose_scan_file: ChooseFile = self._ask_scan_file
        self._filling = False
        self._reselect: int | None = None
        self._reselect_batches = 0
        self._reselect_missing_text = ""
        self._error_open = False
        self._table_failed = False
        self._working = False

        heading = QLabel(self.tr("<h3>Buku Agenda Surat Keluar</h3>"), self)
        self.intro = QLabel(self)
        self.intro.setObjectName("agendaIntro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)

        # ---- filters
        this_year = self._today().year
        self.year = QSpinBox(self)
        self.year.setObjectName("yearFilter")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(this_year)
        self.year.setGroupSeparatorShown(False)
        year_label = QLabel(self.tr("&Tahun:"), self)
        year_label.setBuddy(self.year)
        self.month = QComboBox(self)
        self.month.setObjectName("monthFilter")
        self.month.addItem(self.tr("Semua"), None)
        for m in range(1, 13):
            self.month.addItem(month_name(m), m)
        month_label = QLabel(self.tr("Bu&lan:"), self)
        month_label.setBuddy(self.month)
        self.code = _code_combo(self, "codeFilter")
        _line(self.code).setPlaceholderText(self.tr("semua kode"))
        self.code.setMinimumContentsLength(12)
        self.code.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code.view().setMinimumWidth(320)
        self.code.setToolTip(self.tr("Kode klasifikasi; 188 juga menemukan 188.4 dan 188.45"))
        code_label = QLabel(self.tr("K&ode:"), self)
        code_label.setBuddy(self.code)
        self.bidang = QComboBox(self)
        self.bidang.setObjectName("bidangFilter")
        self.bidang.addItem(self.tr("Semua bidang"), None)
        self.bidang.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.bidang.setMinimumContentsLength(16)
        self.bidang.view().setMinimumWidth(360)
        self.bidang.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        bidang_label = QLabel(self.tr("B&idang:"), self)
        bidang_label.setBuddy(self.bidang)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        for key, label in status_choices().items():
            self.status_filter.addItem(label, key)
        status_label = QLabel(self.tr("&Status:"), self)
        status_label.setBuddy(self.status_filter)
        self.search = QLineEdit(self)
        self.search.setObjectName("agendaSearch")
        self.search.setPlaceholderText(self.tr("perihal, tujuan, atau nomor surat"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Cari:"), self)
        search_label.setBuddy(self.search)
        self.reload_button = QPushButton(self.tr("Muat ulan&g"), self)
        self.reload_button.setObjectName("reloadAgenda")
        self.reload_button.setToolTip(self.tr("Muat ulang dari basis data (F5)"))
        self.reload_button.clicked.connect(self.refresh)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._typed())
        self.code.editTextChanged.connect(lambda _t: self._typed())
        self.year.valueChanged.connect(lambda _v: self._typed())
        for combo in (self.month, self.bidang, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.code.activated.connect(lambda _i: self._filters_changed())

        # ---- the table and the detail below it
        self.model = AgendaModel(self._fetch, self._bidang_name, self)
        self.model.loaded.connect(self._loaded)
        self.model.loading_changed.connect(lambda _l: self._update_state())
        self.model.modelReset.connect(self._update_state)
        self.model.load_failed.connect(self._rows_failed)
        self.model.dataChanged.connect(lambda *_: self._show_detail())
        self.table = register_view(self, self.model, "agendaTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        for column, sample in ((AgendaModel.NUMBER, "9999b"),
                               (AgendaModel.FULL_NUMBER, "188.45/999/423.105/2026"),
                               (AgendaModel.DATE, "30-09-2026"),
                               (AgendaModel.ADDRESSEE, "Camat Panggungrejo"),
                               (AgendaModel.CODE, "188.45"), (AgendaModel.NATURE, "Rahasia"),
                               (AgendaModel.BIDANG, "Pengolah"),
                               (AgendaModel.STATUS, "Menunggu")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        header.setSectionResizeMode(AgendaModel.SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.activated.connect(lambda _i: self._row_activated())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.table.setToolTip(self.tr("Enter atau F2 mengubah surat terpilih; Delete membatalkan "
                                      "nomornya"))

        self.placeholder = QLabel(self.table.viewport())
        self.placeholder.setObjectName("agendaPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #666; font-size: 11pt;")
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.table.viewport().installEventFilter(self)

        self.detail = QLabel(self)
        self.detail.setObjectName("letterDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setContentsMargins(6, 4, 6, 4)
        detail_scroll = QScrollArea(self)
        detail_scroll.setObjectName("letterDetailArea")
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        detail_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 150])

        # ---- actions
        self.new_button = QPushButton(self.tr("&Ambil nomor…"), self)
        self.new_button.setObjectName("takeNumber")
        self.new_button.setToolTip(self.tr("Ambil nomor surat berikutnya (Ctrl+N)"))
        self.new_button.clicked.connect(self.take_number)
        font = self.new_button.font()
        font.setBold(True)
        self.new_button.setFont(font)
        self.insert_button = QPushButton(self.tr("Nomor sisi&pan…"), self)
        self.insert_button.setObjectName("takeInsert")
        self.insert_button.setToolTip(self.tr("Nomor sisipan untuk surat bertanggal lebih awal, "
                                              "dengan alasan (Ctrl+Shift+N)"))
        self.insert_button.clicked.connect(self.take_insert)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editLetter")
        self.edit_button.setToolTip(self.tr("Ubah surat terpilih; nomornya tetap (F2, atau Enter "
                                            "pada baris)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button = QPushButton(self.tr("Batalkan nomo&r…"), self)
        self.void_button.setObjectName("voidLetter")
        self.void_button.setToolTip(self.tr("Batalkan nomor surat terpilih dengan alasan; nomornya "
                                            "tidak dipakai lagi (Delete pada baris)"))
        self.void_button.clicked.connect(self.void_selected)
        self.approve_button = QPushButton(self.tr("S&etujui sisipan"), self)
        self.approve_button.setObjectName("approveInsert")
        self.approve_button.setToolTip(self.tr("Admin: setujui nomor sisipan yang menunggu "
                                               "persetujuan (Alt+E)"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.attach_button = QPushButton(self.tr("La&mpirkan pindaian…"), self)
        self.attach_button.setObjectName("attachScan")
        self.attach_button.setToolTip(self.tr("Lampirkan PDF pindaian surat yang dikirim; "
                                              "menggantikan pindaian sebelumnya (Ctrl+Shift+A)"))
        self.attach_button.clicked.connect(self.attach_scan)
        self.scan_button = QPushButton(self.tr("Lihat pin&daian"), self)
        self.scan_button.setObjectName("openScan")
        self.scan_button.setToolTip(self.tr("Tampilkan pindaian surat terpilih (Ctrl+Shift+P)"))
        self.scan_button.clicked.connect(self.open_scan)
        self._actions = (self.new_button, self.insert_button, self.edit_button, self.void_button,
                         self.approve_button, self.attach_button, self.scan_button)
        for button in (*self._actions, self.reload_button):
            button.setAutoDefault(False)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("agendaCount")
        self.status = QLabel(self)
        self.status.setObjectName("agendaStatus")
        self.status.setStyleSheet(DONE_STYLE)
        self.status.setWordWrap(True)
        legend = QLabel(self.tr(
            "<b>Ctrl+N</b> ambil nomor · <b>Ctrl+Shift+N</b> nomor sisipan · <b>Enter</b>/<b>F2</b> "
            "ubah · <b>Delete</b> batalkan · <b>Ctrl+Shift+A</b> lampirkan pindaian · "
            "<b>Ctrl+Shift+P</b> lihat pindaian · <b>F5</b> muat ulang"), self)
        legend.setObjectName("agendaKeys")
        legend.setWordWrap(True)
        legend.setStyleSheet(HINT_STYLE)

        # ---- layout
        filters = QHBoxLayout()
        for buddy_label, widget in ((year_label, self.year), (month_label, self.month),
                                    (code_label, self.code), (bidang_label, self.bidang),
                                    (status_label, self.status_filter)):
            filters.addWidget(buddy_label)
            filters.addWidget(widget)
            filters.addSpacing(10)
        filters.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addSpacing(10)
        search_row.addWidget(self.reload_button)
        actions = QHBoxLayout()
        for button in (self.new_button, self.insert_button, self.edit_button, self.void_button,
                       self.approve_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(self.attach_button)
        actions.addWidget(self.scan_button)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addLayout(filters)
        layout.addLayout(search_row)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(legend)

        order = (self.year, self.month, self.code, self.bidang, self.status_filter, self.search,
                 self.reload_button, self.new_button, self.insert_button, self.edit_button,
                 self.void_button, self.approve_button, self.attach_button, self.scan_button,
                 self.table)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

        # ---- keys
        QShortcut(QKeySequence.StandardKey.New, self, self.take_number)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.take_insert)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.void_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.attach_scan)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.open_scan)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)

        catalog_now = self._catalog_source()
        if catalog_now is not None:
            self.set_catalog(catalog_now)
        self._update_intro()
        self._show_detail()
        self._update_state()

    # ------------------------------------------------------------------ roles and state

    def may_write(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(*letters.LETTER_ROLES)

    def is_admin(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(Role.ADMIN)

    def current_letter(self) -> LetterDTO | None:
        index = self.table.currentIndex()
        return self.model.letter_at(index.row()) if index.isValid() else None

    def current_filter(self) -> LetterFilter:
        return LetterFilter(year=self.year.value(), month=self.month.currentData(),
                            classification_code=code_of(self.code.currentText()) or None,
                            bidang_code=self.bidang.currentData(),
                            status=self.status_filter.currentData(),
                            search=" ".join(self.search.text().split()))

    def _today(self) -> dt.date:
        return self._local(self._clock()).date()

    def _update_buttons(self) -> None:
        letter = self.current_letter()
        write, free = self.may_write(), not self._working
        active = letter is not None and letter.status != LetterStatus.VOID
        self.new_button.setEnabled(write)
        self.insert_button.setEnabled(write)
        self.edit_button.setEnabled(write and free and active)
        self.void_button.setEnabled(write and free and active)
        self.approve_button.setEnabled(self.is_admin() and free and active and letter is not None
                                       and letter.insert_approval == "menunggu")
        self.attach_button.setEnabled(write and free and letter is not None)
        self.scan_button.setEnabled(letter is not None and bool(letter.scan_filename))

    def _update_intro(self) -> None:
        text = self.tr("Nomor surat keluar diambil di sini dan langsung tercatat di buku agenda. "
                       "Nomor yang dibatalkan tetap tercatat (dicoret) dan tidak dipakai lagi.")
        if self.ctx.actor is not None and not self.may_write():
            text += " " + self.tr("Anda hanya dapat membaca buku agenda: nomor diambil dan diubah "
                                  "oleh agendaris atau admin.")
        self.intro.setText(text)

    def _update_state(self) -> None:
        shown = self.model.rowCount()
        if self.ctx.actor is None:
            text, empty = "", self.tr("Masuk terlebih dahulu untuk melihat buku agenda.")
        elif self._table_failed and shown == 0:
            text = self.tr("Gagal memuat.")
            empty = self.tr("Buku agenda tidak dapat dimuat. Periksa koneksi, lalu tekan F5 untuk "
                            "mencoba lagi.")
        elif self.model.loading and shown == 0:
            text = empty = self.tr("Memuat…")
        elif shown == 0:
            text = self.tr("Tidak ada surat.")
            wanted = self.model.wanted
            narrowed = wanted is not None and (
                wanted.month is not None or wanted.classification_code or wanted.bidang_code
                or wanted.status or wanted.search)
            if narrowed:
                empty = self.tr("Tidak ada surat yang cocok dengan saringan.")
            else:
                empty = self.tr("Belum ada surat tahun {year}.").format(year=self.year.value())
            if self.may_write():
                empty += " " + self.tr("Tekan Ctrl+N untuk mengambil nomor.")
        elif self.model.total_capped or shown < self.model.total:
            text = self.tr("{shown} surat ditampilkan, masih ada lagi: gulir ke bawah untuk memuat "
                           "lebih banyak").format(shown=format_number(shown))
            empty = ""
        else:
            text, empty = self.tr("{n} surat").format(n=format_number(shown)), ""
        if self._table_failed and shown:
            text += " " + self.tr("(sebagian gagal dimuat: tekan F5 untuk mencoba lagi)")
        self.count_label.setText(text)
        self.placeholder.setText(empty)
        self.placeholder.setVisible(bool(empty) and shown == 0)
        self._place_placeholder()
        self._update_buttons()

    def _place_placeholder(self) -> None:
        self.placeholder.setGeometry(self.table.viewport().rect().adjusted(24, 24, -24, -24))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Shown again (the main window calls this), or F5: the codes, the numbering settings,
        the office's signatories and the book from the database; the selection stays."""
        self._update_intro()
        if self.ctx.actor is None:
            self.model.reload(None)
            return
        self._load_reference()
        self._reselect = self._reselect or (letter.id if (letter := self.current_letter()) else None)
        self._reload()
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or not self.isAncestorOf(focused)):
            (self.table if self.model.rowCount() else self.search).setFocus()

    def reload(self) -> None:
        """The book again with the filters shown (the selected letter stays selected)."""
        letter = self.current_letter()
        self._reselect = letter.id if letter is not None else None
        self._reload()

    def _reload(self) -> None:
        self._timer.stop()
        self._table_failed = False
        self._reselect_batches = 0
        self.model.reload(self.current_filter() if self.ctx.actor is not None else None)

    def _load_reference(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        catalog = self._catalog_source()
        if catalog is not None and catalog is not self.catalog:
            self.set_catalog(catalog)
        need_catalog = self.catalog is None

        def load() -> tuple[list[ClassificationDTO], bool, OfficeProfile, CatalogDTO | None]:
            codes = letters.list_classifications(factory(), actor)
            settings = letters.numbering_settings(factory(), actor)
            office = office_service.get_office_profile(factory())
            found = None
            if need_catalog:
                try:
                    found = catalog_service.get_catalog(factory())
                except DomainError:
                    found = None
            return codes, settings.insert_needs_approval, office, found

        def loaded(result: tuple[list[ClassificationDTO], bool, OfficeProfile,
                                 CatalogDTO | None]) -> None:
            codes, approval, office, found = result
            self.classifications = codes
            self.needs_approval_setting = approval
            self.office = office
            self._filling = True
            try:
                _fill_codes(self.code, code_choices(codes), blank=True)
            finally:
                self._filling = False
            if found is not None and self.catalog is None:
                self.set_catalog(found)

        self.runner.run_db(load, loaded, self._failed)

    def set_catalog(self, catalog: CatalogDTO) -> None:
        """The bidang filter from the catalog in force (the choice kept by code)."""
        self.catalog = catalog
        chosen = self.bidang.currentData()
        self._filling = True
        try:
            self.bidang.clear()
            self.bidang.addItem(self.tr("Semua bidang"), None)
            for b in catalog.catalog.bidang:
                self.bidang.addItem(b.name, b.code)
            self.bidang.setCurrentIndex(max(0, self.bidang.findData(chosen)))
        finally:
            self._filling = False
        rows = self.model.rowCount()
        if rows:  # the Pengolah column names the bidang
            self.model.dataChanged.emit(self.model.index(0, AgendaModel.BIDANG),
                                        self.model.index(rows - 1, AgendaModel.BIDANG))

    def bidang_choices(self) -> list[tuple[str, str]]:
        if self.catalog is None:
            return []
        return [(b.code, b.name) for b in self.catalog.catalog.bidang]

    def _bidang_name(self, code: str) -> str:
        return self.catalog.catalog.bidang_name(code) if self.catalog is not None else code

    def _fetch(self, wanted: LetterFilter, offset: int, limit: int,
               on_done: Callable[[Page[LetterDTO]], None],
               on_error: Callable[[BaseException], None]) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        self.runner.run_db(lambda: letters.agenda_page(factory(), actor, wanted, limit=limit,
                                                       offset=offset), on_done, on_error)

    def _rows_failed(self, exc: BaseException) -> None:
        self._table_failed = True
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._update_state()
        if self._error_open:
            return
        self._error_open = True
        try:
            report_error(self, exc)
        finally:
            self._error_open = False

    # ------------------------------------------------------------------ filters

    def set_year(self, year: int) -> None:
        self.year.setValue(year)
        self._filters_changed()

    def set_month(self, month: int | None) -> None:
        self._choose(self.month, month)

    def set_bidang(self, code: str | None) -> None:
        self._choose(self.bidang, code)

    def set_status(self, status: str | None) -> None:
        self._choose(self.status_filter, status)

    def set_code(self, code: str) -> None:
        self.code.setEditText(code)
        self._filters_changed()

    def set_search(self, text: str) -> None:
        self.search.setText(text)
        self._filters_changed()

    def _choose(self, combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0:
            raise ValueError(f"{value!r} is not offered")
        combo.setCurrentIndex(index)

    def _typed(self) -> None:
        if not self._filling:
            self._timer.start()

    def _filters_changed(self) -> None:
        self._timer.stop()
        if self._filling or self.ctx.actor is None:
            return
        wanted = self.current_filter()
        if wanted == self.model.wanted and not self._table_failed:
            return
        self._reselect = None
        self._reload()

    # ------------------------------------------------------------------ the table

    def _loaded(self) -> None:
        if self._reselect is not None:
            row = self.model.row_of(self._reselect)
            if row >= 0:
                index = self.model.index(row, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                self._reselect = None
            elif self.model.loading:
                pass
            elif self.model.canFetchMore() and self._reselect_batches < RESELECT_BATCHES:
                self._reselect_batches += 1
                self.model.fetchMore()  # the letter is further down the book
                return
            else:
                self._reselect = None
                if self._reselect_missing_text:
                    self._say(self._reselect_missing_text)
            self._reselect_missing_text = ""
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_state()
        self._show_detail()

    def _current_changed(self) -> None:
        self._update_buttons()
        self._show_detail()

    def _row_activated(self) -> None:
        if self.edit_button.isEnabled():
            self.edit_selected()
        elif self.scan_button.isEnabled():
            self.open_scan()

    def select_letter(self, letter_id: int) -> bool:
        row = self.model.row_of(letter_id)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def _show_detail(self) -> None:
        letter = self.current_letter()
        if letter is None:
            self.detail.setText(self.tr("<span style='color:#666'>Pilih surat untuk melihat "
                                        "rinciannya.</span>"))
            return
        self.detail.setText(self.detail_html(letter))

    def detail_html(self, letter: LetterDTO) -> str:
        """Everything about one letter, for the pane below the table."""
        e = html.escape
        void = letter.status == LetterStatus.VOID
        badge_colours = (("#b00020", "#fdecea") if void else
                         ("#8a5300", "#fff4e5") if letter.insert_approval == "menunggu" else
                         ("#0d47a1", "#e3f0fd") if letter.is_insert else ("#1b5e20", "#dff0d8"))
        number = f"<s>{e(letter.full_number)}</s>" if void else e(letter.full_number)
        head = (f"<span style='font-size:13pt; font-weight:bold'>{number}</span>&nbsp;&nbsp;"
                f"<span style='color:{badge_colours[0]}; background:{badge_colours[1]}; "
                f"font-weight:bold'>&nbsp;{e(letter_status_text(letter))}&nbsp;</span>")
        code_name = next((c.name for c in self.classifications
                          if c.code == letter.classification_code), "")
        left: list[tuple[str, str]] = [
            (self.tr("Tanggal surat"), format_date_long(letter.letter_date)),
            (self.tr("Jenis / sifat"), f"{kind_label(letter.kind)} / {nature_label(letter.nature)}"),
            (self.tr("Kode klasifikasi"), letter.classification_code
             + (f"{DASH}{code_name}" if code_name else "")),
            (self.tr("Tujuan"), addressee_text(letter) or "—"),
        ]
        if letter.addressee_address:
            left.append((self.tr("Alamat"), letter.addressee_address))
        left.append((self.tr("Perihal"), letter.subject))
        left.append((self.tr("Lampiran"), format_number(letter.attachments)))
        right: list[tuple[str, str]] = [
            (self.tr("Pengolah"), self._bidang_name(letter.bidang_code) if letter.bidang_code else "—"),
            (self.tr("Penandatangan"), letter.signatory or "—"),
            (self.tr("Dikirim"), format_date(letter.sent_date) if letter.sent_date else
             self.tr("belum dicatat")),
        ]
        if letter.related_application_number:
            right.append((self.tr("Permohonan terkait"), letter.related_application_number))
        if letter.related_incoming:
            right.append((self.tr("Membalas surat masuk"), letter.related_incoming))
        if letter.notes:
            right.append((self.tr("Catatan"), letter.notes))
        if letter.is_insert:
            approval = {"menunggu": self.tr("menunggu persetujuan admin"),
                        "disetujui": self.tr("disetujui")}.get(letter.insert_approval, "")
            reason = letter.insert_reason or "—"
            right.append((self.tr("Sisipan"), f"{reason} ({approval})" if approval else reason))
        if void:
            when = format_datetime(self._local(letter.voided_at)) if letter.voided_at else ""
            who = ", ".join(p for p in (letter.voided_by_name, when) if p)
            right.append((self.tr("Dibatalkan"), f"{letter.void_reason} — {who}" if who
                          else letter.void_reason))
        right.append((self.tr("Pindaian"), letter.scan_filename or self.tr("belum ada")))
        right.append((self.tr("Dicatat"), ", ".join(p for p in (
            letter.created_by_name, format_datetime(self._local(letter.created_at))) if p)
            + (self.tr(" (impor buku lama)") if letter.imported else "")))

        def table(rows: list[tuple[str, str]]) -> str:
            body = "".join(f"<tr><td style='color:#555; padding-right:10px' valign='top'>"
                           f"{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows)
            return f"<table cellspacing='0' cellpadding='1'>{body}</table>"

        return (f"{head}<table width='100%' cellspacing='0' cellpadding='0'><tr>"
                f"<td valign='top' width='50%'>{table(left)}</td><td width='16'></td>"
                f"<td valign='top'>{table(right)}</td></tr></table>")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_placeholder()
        elif obj is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Return,
                               Qt.Key.Key_Enter) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._filters_changed()  # at once, not after the pause
                self.table.setFocus()
                if not self.table.currentIndex().isValid() and self.model.rowCount():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ taking numbers

    def take_number(self) -> LetterDialog | None:
        """Ctrl+N: the form for the next number."""
        return self._letter_dialog(LetterDialog.NEW)

    def take_insert(self) -> LetterDialog | None:
        """Ctrl+Shift+N: the form for a nomor sisipan."""
        return self._letter_dialog(LetterDialog.INSERT)

    def edit_selected(self) -> LetterDialog | None:
        """Enter or F2 on a row: correct the letter; its number stays."""
        letter = self.current_letter()
        if letter is None or not self.edit_button.isEnabled():
            return None
        return self._letter_dialog(LetterDialog.EDIT, letter)

    def _letter_dialog(self, mode: str, letter: LetterDTO | None = None) -> LetterDialog | None:
        if not self.may_write() or self.ctx.actor is None:
            return None
        signatories = office_signatories(self.office)
        if letter is not None and letter.signatory and letter.signatory not in signatories:
            signatories.append(letter.signatory)
        dialog = LetterDialog(
            self.ctx, self.runner, mode, classifications=self.classifications,
            bidang=self.bidang_choices(), signatories=signatories, letter=letter,
            needs_approval=self.needs_approval_setting and not self.is_admin(),
            clock=self._clock, local=self._local, parent=self)
        dialog.saved.connect(lambda saved: self._letter_saved(saved, dialog))
        dialog.stale.connect(self._show_latest)
        dialog.finished.connect(lambda _r: self._focus_table())
        self._open(dialog)
        if mode == LetterDialog.EDIT:
            dialog.addressee_name.setFocus()
        else:
            dialog.letter_date.setFocus()
        return dialog

    def _letter_saved(self, letter: LetterDTO, dialog: LetterDialog) -> None:
        self.letter_changed.emit(letter)
        if dialog.mode == LetterDialog.EDIT:
            self._show_latest(letter)
            self._say(self.tr("Surat {number} diperbarui.").format(number=letter.full_number))
            return
        if letter.insert_approval == "menunggu":
            self._say(self.tr("Nomor sisipan {number} diambil; menunggu persetujuan admin.").format(
                number=letter.full_number))
        elif letter.is_insert:
            self._say(self.tr("Nomor sisipan {number} diambil.").format(number=letter.full_number))
        else:
            self._say(self.tr("Nomor {number} diambil.").format(number=letter.full_number))
        # The list again, the new letter selected (further down the book: more batches).
        if letter.year != self.year.value() or self.month.currentData() not in (
                None, letter.letter_date.month):
            self._filling = True
            try:
                self.year.setValue(letter.year)
                self.month.setCurrentIndex(0)
            finally:
                self._filling = False
        self._reselect = letter.id
        self._reselect_missing_text = self.tr(
            "Nomor {number} diambil; surat itu tidak tampil dengan saringan yang dipakai.").format(
            number=letter.full_number)
        self._reload()

    def _show_latest(self, letter: LetterDTO) -> None:
        """A letter as stored now into its row (after a change here or a conflict)."""
        self.model.update_letter(letter)
        self._update_buttons()
        self._show_detail()

    def _focus_table(self) -> None:
        if self.isVisible():
            self.table.setFocus()

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ changes to one letter

    def _change(self, work: Callable[[Callable[[], Any], Actor, int, int], LetterDTO],
                message: Callable[[LetterDTO], str], *,
                invalid: Callable[[ValidationError], None] | None = None,
                dialog: Any = None) -> bool:
        """Run a use case on the selected letter with the version shown; the row shows the letter
        as saved. A conflict shows the letter as it is now, and says so."""
        letter, actor, factory = self.current_letter(), self.ctx.actor, self.ctx.uow_factory
        if letter is None or actor is None or self._working:
            return False
        letter_id, version = letter.id, letter.version
        self._working = True
        self._update_buttons()
        if dialog is not None:
            dialog.set_busy(True)

        def saved(result: LetterDTO) -> None:
            self._working = False
            self._show_latest(result)
            self.letter_changed.emit(result)
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self._say(message(result))

        def failed(exc: BaseException) -> None:
            self._working = False
            self._update_buttons()
            if dialog is not None:
                dialog.set_busy(False)
                if isinstance(exc, ConflictError):
                    dialog.reject()
            if isinstance(exc, ConflictError):
                self._load_letter(letter_id)
                report_error(self, exc)
                return
            if isinstance(exc, ValidationError) and "status" in exc.errors:
                self._load_letter(letter_id)  # voided meanwhile: the row shows it
            if isinstance(exc, ValidationError) and invalid is not None:
                invalid(exc)
            else:
                report_error(self, exc)

        self.runner.run_db(lambda: work(factory, actor, letter_id, version), saved, failed)
        return True

    def _load_letter(self, letter_id: int) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        self.runner.run_db(lambda: letters.get_letter(factory(), actor, letter_id),
                           self._show_latest, lambda e: report_error(self, e))

    def void_selected(self) -> QDialog | None:
        """Delete on a row: the reason, then the number is void for good (the row stays)."""
        from dinsos_desktop.gui.application_view import ReasonDialog

        letter = self.current_letter()
        if letter is None or not self.void_button.isEnabled():
            return None
        dialog = ReasonDialog(
            self.tr("Batalkan nomor {number}").format(number=letter.full_number),
            self.tr("Nomor yang dibatalkan tetap tercatat di buku agenda (dicoret) dan tidak "
                    "dipakai lagi. Tulis alasannya, misalnya salah alamat atau surat tidak jadi "
                    "dikirim."),
            self.tr("&Batalkan nomor"), self)
        dialog.setObjectName("voidDialog")

        def submit(reason: str) -> None:
            def work(factory: Callable[[], Any], actor: Actor, letter_id: int,
                     version: int) -> LetterDTO:
                return letters.void_letter(factory(), actor, letter_id, reason,
                                           expected_version=version, now=self._clock())

            self._change(work, lambda saved: self.tr("Nomor {number} dibatalkan.").format(
                number=saved.full_number), invalid=dialog.show_errors, dialog=dialog)

        dialog.submitted.connect(submit)
        dialog.finished.connect(lambda _r: self._focus_table())
        self._open(dialog)
        return dialog

    def approve_selected(self) -> None:
        """The admin approves a nomor sisipan that waits."""
        if not self.approve_button.isEnabled():
            return

        def work(factory: Callable[[], Any], actor: Actor, letter_id: int, version: int) -> LetterDTO:
            return letters.approve_insert(factory(), actor, letter_id, expected_version=version,
                                          now=self._clock())

        self._change(work, lambda saved: self.tr("Nomor sisipan {number} disetujui.").format(
            number=saved.full_number))

    # ------------------------------------------------------------------ the scan

    def _ask_scan_file(self) -> str | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pindaian surat (PDF)"), "", self.tr("Dokumen PDF (*.pdf)"))
        return name or None

    def attach_scan(self) -> None:
        """Ctrl+Shift+A: the PDF of the sent letter, kept with it (replaces an earlier one)."""
        letter = self.current_letter()
        if letter is None or not self.attach_button.isEnabled():
            return
        name = self.choose_scan_file()
        if not name:
            return
        path = Path(name)

        def work(factory: Callable[[], Any], actor: Actor, letter_id: int, version: int) -> LetterDTO:
            try:
                if path.stat().st_size > letters.MAX_SCAN:
                    raise ValidationError({"scan": "Berkas terlalu besar (paling besar 10 MB)."})
                content = path.read_bytes()
            except OSError as exc:
                raise DomainError(f"Berkas {path.name} tidak dapat dibaca "
                                  f"({exc.strerror or type(exc).__name__}).") from exc
            return letters.attach_scan(factory(), actor, letter_id, path.name, content,
                                       expected_version=version, now=self._clock())

        self._change(work, lambda saved: self.tr("Pindaian {name} dilampirkan pada surat "
                                                 "{number}.").format(name=saved.scan_filename,
                                                                     number=saved.full_number))

    def open_scan(self) -> None:
        """Ctrl+Shift+P: the letter's scan in the PDF preview (print, save)."""
        letter, actor, factory = self.current_letter(), self.ctx.actor, self.ctx.uow_factory
        if letter is None or actor is None or not self.scan_button.isEnabled():
            return
        letter_id = letter.id

        def show(content: bytes) -> None:
            from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

            if self.preview is not None:
                self.preview.close()
            dialog = PdfPreviewDialog(
                self.tr("Pindaian surat {number}").format(number=letter.full_number), content,
                letter.scan_filename or "surat.pdf", parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: self._preview_closed(dialog))
            self.preview = dialog
            dialog.open()

        self.runner.run_db(lambda: letters.scan_content(factory(), actor, letter_id), show,
                           lambda e: report_error(self, e))

    def _preview_closed(self, dialog: QDialog) -> None:
        if self.preview is dialog:
            self.preview = None
        self._focus_table()
