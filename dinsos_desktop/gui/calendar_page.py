"""Working days for the admin: the year's holidays and cuti bersama, the office's own closures, the
two settings due dates are counted with, and a box that counts a due date as a receipt would.

The holidays come from the holiday source in the application context (the composition root hands
in the adapter); the closures and the settings live in the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QObject, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.catalog import TimeUnit
from dinsos_desktop.domain.errors import DomainError, ValidationError
from dinsos_desktop.domain.workdays import DayOne, DueDate, SpecialDay, SpecialDayKind
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row
from dinsos_desktop.reports.formatting import format_date_long
from dinsos_desktop.services import calendar as calendar_service

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_REASON = 200
MAX_SKIPPED_SHOWN = 10  # a long limit skips many holidays: the box stays a box
NOTE_STYLE = "QLabel { background: #fff4e5; border: 1px solid #e0a040; padding: 6px; }"
HINT_STYLE = "color: #555;"
OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020;"
# The order the table shows two entries of one date in.
_KIND_ORDER = {SpecialDayKind.NATIONAL_HOLIDAY: 0, SpecialDayKind.CUTI_BERSAMA: 1,
               SpecialDayKind.OFFICE_CLOSURE: 2}


def _status_message(widget: QWidget, text: str) -> None:
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def due_text(due: DueDate) -> str:
    """The due date in the words of the receipt: 'Selasa, 31 Maret 2026', with 'pukul 13.00' for
    a limit in hours."""
    text = format_date_long(due.date)
    if due.time is not None:
        text += f" pukul {due.time:%H.%M}"
    return text


@dataclass(frozen=True)
class CalendarYear:
    """What the page shows for one year, loaded off the GUI thread in one go."""

    year: int
    days: tuple[SpecialDay, ...]  # holidays, cuti bersama and office closures, by date
    provisional: bool  # the holiday data of the year is an estimate
    has_source: bool  # False: no holiday source was configured (only closures are known)
    cuti_bersama_is_working: bool
    day_one: DayOne


@dataclass(frozen=True)
class Preview:
    due: DueDate
    # Monday-to-Friday days between receipt and due date that were not counted, and why.
    skipped: tuple[tuple[dt.date, str], ...]


# --------------------------------------------------------------------------- table model


class SpecialDayModel(ReadOnlyTableModel[SpecialDay]):
    """The non-working days of one year (a few dozen: kept in memory)."""

    DATE, KIND, NAME = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("SpecialDayModel", "Tanggal"), tr("SpecialDayModel", "Jenis"),
                          tr("SpecialDayModel", "Keterangan")), parent)
        self._dates: list[str] = []
        self.cuti_bersama_is_working = False

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        day = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), day, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.counts_as_working(day):
                return self.tr("Cuti bersama ini dihitung sebagai hari kerja (lihat pengaturan).")
            return self._text(index.row(), day, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.counts_as_working(day):
                return QBrush(QColor("#777777"))
            if day.kind is SpecialDayKind.OFFICE_CLOSURE:
                return QBrush(QColor("#8a3b00"))
            return None
        if (role == Qt.ItemDataRole.FontRole and column == self.KIND
                and day.kind is SpecialDayKind.OFFICE_CLOSURE):
            font = QFont()
            font.setBold(True)  # the days the office entered itself stand out
            return font
        return None

    def _text(self, row: int, day: SpecialDay, column: int) -> str:
        if column == self.DATE:
            return self._dates[row]
        if column == self.KIND:
            return day.kind.label
        if column == self.NAME:
            return day.name
        return ""

    def counts_as_working(self, day: SpecialDay) -> bool:
        return day.kind is SpecialDayKind.CUTI_BERSAMA and self.cuti_bersama_is_working

    def set_days(self, days: Sequence[SpecialDay], *, cuti_bersama_is_working: bool) -> None:
        self.beginResetModel()
        self._rows = sorted(days, key=lambda d: (d.date, _KIND_ORDER[d.kind], d.name))
        self._dates = [format_date_long(d.date) for d in self._rows]
        self.cuti_bersama_is_working = cuti_bersama_is_working
        self.endResetModel()

    def row_of(self, day: dt.date, kind: SpecialDayKind) -> int:
        return next((i for i, d in enumerate(self._rows) if d.date == day and d.kind is kind), -1)


# --------------------------------------------------------------------------- the closure dialog


class ClosureDialog(QDialog):
    """Adds one day the office is closed (an election day, a local event)."""

    saved = Signal(object)  # dt.date

    def __init__(self, ctx: AppContext, runner: TaskRunner, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setObjectName("closureDialog")
        self.setWindowTitle(self.tr("Tambah hari kantor tutup"))
        self.setMinimumWidth(480)

        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("closureDate")
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setMaximumWidth(160)
        self.date_shown = QLabel(self)
        self.date_shown.setObjectName("closureDateShown")
        self.date_shown.setStyleSheet(HINT_STYLE)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("closureReason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("misalnya: Pemungutan suara Pilkada"))

        self.field_errors = {"day": FieldError(self), "reason": FieldError(self)}
        self.field_errors["day"].setObjectName("dayError")
        self.field_errors["reason"].setObjectName("reasonError")
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        date_row = QWidget(self)
        date_layout = QHBoxLayout(date_row)
        date_layout.setContentsMargins(0, 0, 0, 0)
        date_layout.addWidget(self.date_edit)
        date_layout.addWidget(self.date_shown, 1)
        grid_row(grid, self.tr("&Tanggal:"), date_row, self.field_errors["day"]).setBuddy(
            self.date_edit)
        grid_row(grid, self.tr("&Alasan:"), self.reason, self.field_errors["reason"])

        hint = QLabel(self.tr("Hari ini tidak dihitung sebagai hari kerja untuk berkas yang "
                              "diterima sesudah disimpan. Tanggal pada tanda terima yang sudah "
                              "dicetak tidak berubah."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Simpan"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.date_edit.dateChanged.connect(lambda _d: self._show_date())
        self._show_date()
        self.reason.setFocus()

    def day(self) -> dt.date:
        value: dt.date = self.date_edit.date().toPython()  # type: ignore[assignment]
        return value

    def _show_date(self) -> None:
        day = self.day()
        text = format_date_long(day)
        if day.weekday() >= 5:
            text += self.tr(" — hari libur akhir pekan")
        self.date_shown.setText(text)

    def submit(self) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None:
            return
        day, reason = self.day(), self.reason.text()
        self.errors.clear()
        self.ok_button.setEnabled(False)
        self.runner.run_db(lambda: calendar_service.add_closure(factory(), actor, day, reason),
                           lambda _r: self._saved(day), self._failed)

    def _saved(self, day: dt.date) -> None:
        self.ok_button.setEnabled(True)
        self.saved.emit(day)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            report_error(self, exc)
            return
        self.errors.show(exc.errors)
        fit_height(self)
        if "day" in exc.errors:
            self.date_edit.setFocus()
        elif "reason" in exc.errors:
            self.reason.setFocus()
            self.reason.selectAll()


# --------------------------------------------------------------------------- the page


class CalendarPage(QWidget):
    """Hari Kerja dan Libur (admin only)."""

    closures_changed = Signal()
    settings_saved = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self.ctx = ctx
        self.runner = runner
        self.dialog: ClosureDialog | None = None
        self.loaded: CalendarYear | None = None
        self._saved_settings: tuple[bool, DayOne] | None = None
        self._previewed = False  # a result is on show: it follows later changes
        self._settings_unsaved = False  # the note "Belum disimpan" is on show

        heading = QLabel(self.tr("<h3>Hari Kerja dan Libur</h3>"), self)
        intro = QLabel(self.tr(
            "Batas waktu dalam hari kerja dihitung Senin–Jumat, tanpa libur nasional, cuti bersama, "
            "dan hari kantor tutup. Libur nasional dan cuti bersama mengikuti SKB 3 Menteri; hari "
            "kantor tutup diisi di sini. Perubahan berlaku untuk berkas yang diterima sesudahnya."),
            self)
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)

        # ---- the year's days
        days_box = QGroupBox(self.tr("Libur dan hari kantor tutup"), self)
        self.year = QSpinBox(days_box)
        self.year.setObjectName("year")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(dt.date.today().year)
        self.year.setKeyboardTracking(False)  # typing "2027" does not load 2, 20 and 202 first
        self.year.setToolTip(self.tr("Panah atas/bawah: tahun berikutnya/sebelumnya"))
        self.year.valueChanged.connect(lambda _y: self.refresh())
        year_label = QLabel(self.tr("T&ahun:"), days_box)
        year_label.setBuddy(self.year)
        self.add_button = QPushButton(self.tr("&Tambah hari kantor tutup…"), days_box)
        self.add_button.setObjectName("addClosure")
        self.add_button.setToolTip(self.tr("Tambah hari kantor tutup (Ctrl+N)"))
        self.add_button.clicked.connect(lambda: self.add_closure())
        self.remove_button = QPushButton(self.tr("&Hapus"), days_box)
        self.remove_button.setObjectName("removeClosure")
        self.remove_button.setToolTip(self.tr("Hapus hari kantor tutup terpilih (Delete pada tabel)"))
        self.remove_button.clicked.connect(self.remove_closure)

        self.provisional_note = QLabel(days_box)
        self.provisional_note.setObjectName("provisionalNote")
        self.provisional_note.setWordWrap(True)
        self.provisional_note.setStyleSheet(NOTE_STYLE)
        self.provisional_note.hide()

        self.model = SpecialDayModel(self)
        self.table = register_view(days_box, self.model, "specialDaysTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SpecialDayModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel(days_box)
        self.summary.setObjectName("daysSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(HINT_STYLE)

        year_row = QHBoxLayout()
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        year_row.addWidget(self.add_button)
        year_row.addWidget(self.remove_button)
        days_layout = QVBoxLayout(days_box)
        days_layout.addLayout(year_row)
        days_layout.addWidget(self.provisional_note)
        days_layout.addWidget(self.table, 1)
        days_layout.addWidget(self.summary)

        # ---- the settings
        settings_box = QGroupBox(self.tr("Pengaturan hitungan hari kerja"), self)
        self.cuti_working = QCheckBox(self.tr("&Cuti bersama dihitung sebagai hari kerja"),
                                      settings_box)
        self.cuti_working.setObjectName("cutiBersamaIsWorking")
        self.cuti_working.setToolTip(self.tr(
            "Bawaan: tidak dicentang — kantor tutup pada hari cuti bersama."))
        day_one_label = QLabel(self.tr("Hari pertama batas waktu:"), settings_box)
        self.day_one_after = QRadioButton(
            self.tr("Hari kerja &pertama setelah berkas lengkap diterima (bawaan)"), settings_box)
        self.day_one_after.setObjectName("dayOneAfterReceipt")
        self.day_one_same = QRadioButton(
            self.tr("Hari itu &juga, bila berkas lengkap diterima pada hari kerja"), settings_box)
        self.day_one_same.setObjectName("dayOneSameDay")
        self.day_one_group = QButtonGroup(self)
        self.day_one_group.addButton(self.day_one_after)
        self.day_one_group.addButton(self.day_one_same)
        self.day_one_after.setChecked(True)
        self.save_button = QPushButton(self.tr("&Simpan pengaturan"), settings_box)
        self.save_button.setObjectName("saveCalendarSettings")
        self.save_button.clicked.connect(self.save_settings)
        self.settings_status = QLabel(settings_box)
        self.settings_status.setObjectName("settingsStatus")
        self.settings_status.setWordWrap(True)
        for box in (self.cuti_working, self.day_one_after, self.day_one_same):
            box.toggled.connect(lambda _on: self._settings_edited())
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addWidget(self.cuti_working)
        settings_layout.addSpacing(4)
        settings_layout.addWidget(day_one_label)
        for radio in (self.day_one_after, self.day_one_same):
            indented = QHBoxLayout()
            indented.setContentsMargins(16, 0, 0, 0)
            indented.addWidget(radio)
            settings_layout.addLayout(indented)
        save_row = QHBoxLayout()
        save_row.addWidget(self.settings_status, 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        settings_layout.addLayout(save_row)

        # ---- try it
        try_box = QGroupBox(self.tr("Coba hitung"), self)
        try_hint = QLabel(self.tr("Tanggal jatuh tempo seperti tercetak pada tanda terima, dengan "
                                  "pengaturan dan hari kantor tutup yang tersimpan."), try_box)
        try_hint.setWordWrap(True)
        try_hint.setStyleSheet(HINT_STYLE)
        self.received = QDateTimeEdit(try_box)
        self.received.setObjectName("previewReceived")
        self.received.setDisplayFormat("dd-MM-yyyy HH.mm")
        self.received.setCalendarPopup(True)
        self.received.setDateTimeRange(QDateTime(QDate(FIRST_YEAR, 1, 1), QTime(0, 0)),
                                       QDateTime(QDate(LAST_YEAR, 12, 31), QTime(23, 59)))
        now = dt.datetime.now().replace(second=0, microsecond=0)
        self.received.setDateTime(QDateTime(QDate(now.year, now.month, now.day),
                                            QTime(now.hour, now.minute)))
        self.received.setMaximumWidth(180)
        self.limit_value = QSpinBox(try_box)
        self.limit_value.setObjectName("previewLimit")
        self.limit_value.setRange(1, 999)
        self.limit_value.setValue(5)
        self.limit_unit = QComboBox(try_box)
        self.limit_unit.setObjectName("previewUnit")
        for unit in (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.HOURS, TimeUnit.WEEKS,
                     TimeUnit.MONTHS):
            self.limit_unit.addItem(unit.label, unit)
        self.preview_button = QPushButton(self.tr("Hitun&g"), try_box)
        self.preview_button.setObjectName("previewDue")
        self.preview_button.clicked.connect(self.preview)
        self.preview_errors = {"received": FieldError(try_box), "limit": FieldError(try_box)}
        self.preview_errors["received"].setObjectName("previewReceivedError")
        self.preview_errors["limit"].setObjectName("previewLimitError")
        self.preview_general = FieldError(try_box)
        self.preview_general.setObjectName("previewGeneralError")
        self.preview_form_errors = FormErrors(self.preview_errors, self.preview_general)
        self.result = QLabel(try_box)
        self.result.setObjectName("previewResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skipped = QLabel(try_box)
        self.skipped.setObjectName("previewSkipped")
        self.skipped.setWordWrap(True)
        self.skipped.setStyleSheet(HINT_STYLE)
        self.skipped.hide()
        limit_row = QWidget(try_box)
        limit_layout = QHBoxLayout(limit_row)
        limit_layout.setContentsMargins(0, 0, 0, 0)
        limit_layout.addWidget(self.limit_value)
        limit_layout.addWidget(self.limit_unit)
        limit_layout.addStretch(1)
        try_grid = QGridLayout()
        try_grid.setColumnStretch(1, 1)
        try_grid.setVerticalSpacing(4)
        grid_row(try_grid, self.tr("&Diterima:"), self.received, self.preview_errors["received"])
        grid_row(try_grid, self.tr("Batas &waktu:"), limit_row,
                 self.preview_errors["limit"]).setBuddy(self.limit_value)
        compute_row = QHBoxLayout()
        compute_row.addWidget(self.result, 1)
        compute_row.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignTop)
        try_layout = QVBoxLayout(try_box)
        try_layout.addWidget(try_hint)
        try_layout.addLayout(try_grid)
        try_layout.addLayout(compute_row)
        try_layout.addWidget(self.skipped)
        try_layout.addWidget(self.preview_general)
        self.received.dateTimeChanged.connect(lambda _m: self._preview_stale())
        self.limit_value.valueChanged.connect(lambda _v: self._preview_stale())
        self.limit_unit.currentIndexChanged.connect(lambda _i: self._preview_stale())

        for button in (self.add_button, self.remove_button, self.save_button, self.preview_button):
            button.setAutoDefault(False)

        self.status = QLabel(self)
        self.status.setObjectName("calendarStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(OK_STYLE)

        right = QVBoxLayout()
        right.addWidget(settings_box)
        right.addWidget(try_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(days_box, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)

        QShortcut(QKeySequence.StandardKey.New, self, lambda: self.add_closure())
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.remove_closure,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Refresh, self, lambda: self.refresh())
        order: list[QWidget] = [self.year, self.add_button, self.remove_button, self.table,
                                self.cuti_working, self.day_one_after, self.day_one_same,
                                self.save_button, self.received, self.limit_value, self.limit_unit,
                                self.preview_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self._update_buttons()

    # ------------------------------------------------------------------ loading

    def refresh(self, select: tuple[dt.date, SpecialDayKind] | None = None) -> None:
        """Load the selected year's days and the stored settings. Unsaved settings are kept."""
        year = self.year.value()
        factory, source = self.ctx.uow_factory, self.ctx.holidays
        if select is None:
            current = self.selected_day()
            select = (current.date, current.kind) if current is not None else None

        def load() -> CalendarYear:
            closures = calendar_service.list_closures(factory(), dt.date(year, 1, 1),
                                                      dt.date(year, 12, 31))
            uow = factory()
            with uow:
                cuti, day_one = calendar_service.calendar_settings(uow)
            holidays: tuple[SpecialDay, ...] = ()
            provisional = False
            if source is not None:
                holidays = tuple(source.special_days(year))
                is_provisional = getattr(source, "is_provisional", None)
                provisional = bool(is_provisional(year)) if callable(is_provisional) else False
            days = holidays + tuple(SpecialDay(day, SpecialDayKind.OFFICE_CLOSURE, reason)
                                    for day, reason in closures)
            return CalendarYear(year, days, provisional, source is not None, cuti, day_one)

        self.runner.run_db(load, lambda data: self._loaded(data, select),
                           lambda e: report_error(self, e))

    def _loaded(self, data: CalendarYear, select: tuple[dt.date, SpecialDayKind] | None) -> None:
        if data.year != self.year.value():
            return  # the admin moved on to another year meanwhile; its answer is on its way
        self.loaded = data
        self.model.set_days(data.days, cuti_bersama_is_working=data.cuti_bersama_is_working)
        row = self.model.row_of(*select) if select is not None else -1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))
        self._show_notes(data)
        if self._saved_settings is None or not self.settings_dirty():
            self._fill_settings(data.cuti_bersama_is_working, data.day_one)
        self._saved_settings = (data.cuti_bersama_is_working, data.day_one)
        self._settings_edited()
        self._update_buttons()

    def _show_notes(self, data: CalendarYear) -> None:
        if not data.has_source:
            self.provisional_note.setText(self.tr(
                "Data libur nasional tidak tersedia di aplikasi ini: hanya hari kantor tutup yang "
                "tampil."))
        elif data.provisional:
            self.provisional_note.setText(self.tr(
                "Data libur tahun {year} masih <b>perkiraan</b>: SKB 3 Menteri tahun itu belum "
                "termuat. Tanggal yang ditandai “(perkiraan)” dapat bergeser, dan cuti bersama yang "
                "belum tercantum dapat diisi sebagai hari kantor tutup setelah diumumkan.").format(
                    year=data.year))
        self.provisional_note.setVisible(not data.has_source or data.provisional)
        counts = {kind: sum(1 for d in data.days if d.kind is kind) for kind in SpecialDayKind}
        text = self.tr("{holidays} libur nasional, {cuti} cuti bersama, {closed} hari kantor "
                       "tutup.").format(holidays=counts[SpecialDayKind.NATIONAL_HOLIDAY],
                                        cuti=counts[SpecialDayKind.CUTI_BERSAMA],
                                        closed=counts[SpecialDayKind.OFFICE_CLOSURE])
        if data.cuti_bersama_is_working and counts[SpecialDayKind.CUTI_BERSAMA]:
            text += " " + self.tr("Cuti bersama (abu-abu) dihitung sebagai hari kerja.")
        self.summary.setText(text)

    def selected_day(self) -> SpecialDay | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        day = self.selected_day()
        closure = day is not None and day.kind is SpecialDayKind.OFFICE_CLOSURE
        self.remove_button.setEnabled(closure)
        self.remove_button.setToolTip(
            self.tr("Hapus hari kantor tutup terpilih (Delete pada tabel)") if closure else
            self.tr("Hanya hari kantor tutup yang dapat dihapus; libur nasional dan cuti bersama "
                    "mengikuti SKB 3 Menteri."))

    # ------------------------------------------------------------------ closures

    def add_closure(self) -> ClosureDialog:
        year = self.year.value()
        today = dt.date.today()
        day = today if today.year == year else dt.date(year, 1, 1)
        selected = self.selected_day()
        if selected is not None:
            day = selected.date
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = ClosureDialog(self.ctx, self.runner, day, self)
        dialog.saved.connect(self._closure_added)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closure_added(self, day: dt.date) -> None:
        self._done(self.tr("{day} dicatat sebagai hari kantor tutup.").format(
            day=format_date_long(day)))
        self.closures_changed.emit()
        select = (day, SpecialDayKind.OFFICE_CLOSURE)
        if day.year != self.year.value():
            self.year.blockSignals(True)
            self.year.setValue(day.year)
            self.year.blockSignals(False)
        self.refresh(select)
        self.table.setFocus()
        self._repreview()

    def remove_closure(self) -> None:
        day, actor, factory = self.selected_day(), self.ctx.actor, self.ctx.uow_factory
        if day is None or day.kind is not SpecialDayKind.OFFICE_CLOSURE or actor is None:
            return
        shown = format_date_long(day.date)
        answer = QMessageBox.question(
            self, self.tr("Hapus hari kantor tutup"),
            self.tr("Hapus {day} ({reason}) dari hari kantor tutup? Berkas yang diterima sesudah "
                    "ini menghitung hari itu sebagai hari kerja.").format(day=shown, reason=day.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        when = day.date

        def removed(_result: object) -> None:
            self._done(self.tr("{day} tidak lagi tercatat sebagai hari kantor tutup.").format(
                day=shown))
            self.closures_changed.emit()
            self.refresh()
            self.table.setFocus()
            self._repreview()

        def failed(exc: BaseException) -> None:
            report_error(self, exc)
            if isinstance(exc, DomainError):
                self.refresh()  # e.g. removed at another workstation meanwhile

        self.runner.run_db(lambda: calendar_service.remove_closure(factory(), actor, when),
                           removed, failed)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        _status_message(self, text)

    # ------------------------------------------------------------------ settings

    def form_settings(self) -> tuple[bool, DayOne]:
        day_one = (DayOne.SAME_DAY_IF_WORKING if self.day_one_same.isChecked()
                   else DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT)
        return self.cuti_working.isChecked(), day_one

    def settings_dirty(self) -> bool:
        return self._saved_settings is not None and self.form_settings() != self._saved_settings

    def _fill_settings(self, cuti_bersama_is_working: bool, day_one: DayOne) -> None:
        self.cuti_working.setChecked(cuti_bersama_is_working)
        same = day_one is DayOne.SAME_DAY_IF_WORKING
        (self.day_one_same if same else self.day_one_after).setChecked(True)

    def _settings_edited(self) -> None:
        if self.settings_dirty():
            self._settings_unsaved = True
            self.settings_status.setStyleSheet("color: #8a5300;")
            self.settings_status.setText(self.tr("Belum disimpan. “Coba hitung” memakai pengaturan "
                                                 "yang tersimpan."))
        elif self._settings_unsaved:  # edited back to what is stored
            self._settings_unsaved = False
            self.settings_status.setText("")

    def save_settings(self) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        cuti, day_one = self.form_settings()
        self.save_button.setEnabled(False)

        def saved(_result: object) -> None:
            self.save_button.setEnabled(True)
            self._saved_settings = (cuti, day_one)
            self._settings_unsaved = False
            self.settings_status.setStyleSheet(OK_STYLE)
            self.settings_status.setText(self.tr("Tersimpan pukul {time}.").format(
                time=dt.datetime.now().strftime("%H.%M")))
            _status_message(self, self.tr("Pengaturan hari kerja tersimpan."))
            self.settings_saved.emit()
            self.refresh()
            self._repreview()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            report_error(self, exc)

        self.runner.run_db(
            lambda: calendar_service.save_calendar_settings(
                factory(), actor, cuti_bersama_is_working=cuti, day_one=day_one),
            saved, failed)

    # ------------------------------------------------------------------ try it

    def received_at(self) -> dt.datetime:
        """The moment typed in 'Diterima', in the workstation's time zone (as at the counter)."""
        moment: dt.datetime = self.received.dateTime().toPython()  # type: ignore[assignment]
        return moment.replace(second=0, microsecond=0).astimezone()

    def preview(self) -> None:
        factory, source = self.ctx.uow_factory, self.ctx.holidays
        received, value = self.received_at(), self.limit_value.value()
        unit = TimeUnit(self.limit_unit.currentData())  # the combo hands the enum back as str
        self.preview_form_errors.clear()
        if source is None:
            self._show_preview_failure(self.tr("Data libur nasional tidak tersedia: tanggal jatuh "
                                               "tempo tidak dapat dihitung."))
            return

        def compute() -> Preview:
            due = calendar_service.preview_due(factory(), source, received, value, unit)
            skipped: list[tuple[dt.date, str]] = []
            if unit is TimeUnit.WORKING_DAYS:
                uow = factory()
                with uow:
                    calendar = calendar_service.working_calendar(uow, source, received.date())
                day = received.date()
                while day < due.date:
                    day += dt.timedelta(days=1)
                    reason = calendar.closure_reason(day)
                    if reason is not None and day.weekday() < 5:
                        skipped.append((day, reason))
            return Preview(due, tuple(skipped))

        self.runner.run_db(compute, self._previewed_due, self._preview_failed)

    def _previewed_due(self, result: Preview) -> None:
        self._previewed = True
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Batas selesai: <b>{due}</b>").format(due=due_text(result.due)))
        if result.skipped:
            lines = [f"{format_date_long(day)} — {reason}"
                     for day, reason in result.skipped[:MAX_SKIPPED_SHOWN]]
            if len(result.skipped) > MAX_SKIPPED_SHOWN:
                lines.append(self.tr("… dan {n} hari lagi").format(
                    n=len(result.skipped) - MAX_SKIPPED_SHOWN))
            self.skipped.setText(self.tr("Tidak dihitung (selain Sabtu dan Minggu):") + "<br>"
                                 + "<br>".join(lines))
        self.skipped.setVisible(bool(result.skipped))

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_preview_failure("")
            self.preview_form_errors.show(exc.errors)
        elif isinstance(exc, DomainError):
            self._show_preview_failure(exc.message)
        else:
            report_error(self, exc)

    def _show_preview_failure(self, message: str) -> None:
        self._previewed = False
        self.result.setText("")
        self.skipped.hide()
        self.preview_general.show_message(message)

    def _preview_stale(self) -> None:
        """A changed question: the answer on show is not its answer any more."""
        if self._previewed:
            self.result.setStyleSheet("color: #777;")
            self.result.setText(self.tr("Tekan Hitung untuk menghitung ulang."))
            self.skipped.hide()
            self._previewed = False

    def _repreview(self) -> None:
        """After a closure or a setting changed: recount the due date on show."""
        if self._previewed:
            self.preview()
