"""Antrean Kerja: the files the office is working on, most urgent first, paged in SQL.

One queue at a time (terlambat, jatuh tempo hari ini, jatuh tempo ≤ 2 hari kerja, semua yang
berjalan, menunggu di langkah tertentu, siap diambil), each with its count in the selector,
narrowed by bidang and layanan. Working days follow the office calendar (services.tracking does
the counting); the rows arrive already sorted by urgency. Enter or a double click asks for the
file to be opened (``open_requested``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.workflow import procedure_of
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, PagedTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import to_local
from dinsos_desktop.reports.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_number,
)
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import tracking
from dinsos_desktop.services.common import utcnow
from dinsos_desktop.services.dto import CatalogDTO, Page, QueueCounts, QueueFilter, QueueItem, QueueRow

BATCH = 50
RUNNING_STATUSES = ("registered", "in_process")
OVERDUE_TEXT = QColor("#b00020")
OVERDUE_ROW = QColor("#fdecea")
TODAY_TEXT = QColor("#8a4b00")

Clock = Callable[[], dt.datetime]
LocalTime = Callable[[dt.datetime], dt.datetime]
# fetch(wanted, now, offset, limit, on_done, on_error): runs the query off the GUI thread.
Fetch = Callable[[QueueFilter, dt.datetime, int, int, Callable[[Page[QueueItem]], None],
                  Callable[[BaseException], None]], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueuesPage", text)


def queue_labels() -> dict[str, str]:
    """The queues in the selector's order (services.tracking.QUEUES), as the screen names them."""
    return {
        "overdue": _tr("Terlambat"),
        "due_today": _tr("Jatuh tempo hari ini"),
        "due_soon": _tr("Jatuh tempo ≤ 2 hari kerja"),
        "running": _tr("Semua yang berjalan"),
        "waiting": _tr("Menunggu di langkah"),
        "ready": _tr("Siap diambil"),
    }


def empty_text(queue: str) -> str:
    texts = {
        "overdue": _tr("Tidak ada berkas yang terlambat."),
        "due_today": _tr("Tidak ada berkas yang jatuh tempo hari ini."),
        "due_soon": _tr("Tidak ada berkas yang jatuh tempo dalam 2 hari kerja ke depan."),
        "running": _tr("Tidak ada berkas yang sedang berjalan."),
        "waiting": _tr("Tidak ada berkas yang menunggu di langkah ini."),
        "ready": _tr("Tidak ada produk yang menunggu diambil."),
    }
    return texts.get(queue, "")


def queue_count(counts: QueueCounts | None, queue: str) -> int | None:
    """The size of ``queue`` when queue_counts reports it (running and waiting have no count)."""
    if counts is None or queue not in ("overdue", "due_today", "due_soon", "ready"):
        return None
    return int(getattr(counts, queue))


def status_label(status: str) -> str:
    labels = {
        "registered": _tr("Terdaftar"),
        "in_process": _tr("Diproses"),
        "ready": _tr("Siap diambil"),
        "done": _tr("Selesai"),
        "cancelled": _tr("Dibatalkan"),
    }
    return labels.get(status, status)


def left_text(left: int | None, overdue: bool) -> str:
    """'terlambat 2 hari kerja', 'hari ini', '1 hari kerja'; '' without a due date."""
    if left is None:
        return ""
    if left < 0:
        return _tr("terlambat {n} hari kerja").format(n=format_number(-left))
    if left == 0:
        return _tr("terlambat (batas hari ini)") if overdue else _tr("hari ini")
    return _tr("{n} hari kerja").format(n=format_number(left))


def step_text(row: QueueRow) -> str:
    """'2/4 Verifikasi berkas …' for the step waiting; '4/4 selesai' once all are recorded."""
    if row.current_step is not None and row.step_count:
        return f"{row.current_step}/{row.step_count} {row.step_text}".strip()
    if row.status == "ready" and row.step_count:
        return _tr("{n}/{n} selesai").format(n=row.step_count)
    return ""


class QueueModel(PagedTableModel[QueueItem]):
    """One work queue, 50 rows at a time from the database thread, in the order the service gives
    (most urgent first); ``fetchMore`` asks for the next batch."""

    NUMBER, APPLICANT, STANDARD, STEP, DUE, LEFT, STATUS = range(7)

    def __init__(self, fetch: Fetch, local: LocalTime, parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("QueueModel", "Nomor"), tr("QueueModel", "Pemohon"),
                          tr("QueueModel", "Layanan"), tr("QueueModel", "Langkah"),
                          tr("QueueModel", "Jatuh tempo"), tr("QueueModel", "Sisa"),
                          tr("QueueModel", "Status")), parent)
        self._fetch = fetch
        self._local = local
        self._wanted: QueueFilter | None = None
        self._now = utcnow()

    # ---- Qt API

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        overdue = self.is_overdue(item)
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return OVERDUE_ROW
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue and column in (self.DUE, self.LEFT):
                return OVERDUE_TEXT
            if column == self.LEFT and item.working_days_left == 0:
                return TODAY_TEXT
        if role == Qt.ItemDataRole.FontRole and column == self.LEFT and (
                overdue or item.working_days_left == 0):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, item: QueueItem, column: int) -> str | None:
        row = item.row
        if column == self.NUMBER:
            return row.tracking_number or f"#{row.application_id}"
        if column == self.APPLICANT:
            return row.applicant_name
        if column == self.STANDARD:
            return row.standard_title
        if column == self.STEP:
            return step_text(row)
        if column == self.DUE:
            return self.due_text(row)
        if column == self.LEFT:
            return left_text(item.working_days_left, self.is_overdue(item))
        if column == self.STATUS:
            return status_label(row.status)
        return None

    def _tooltip(self, item: QueueItem, column: int) -> str | None:
        row = item.row
        if column == self.STANDARD:
            return f"{row.standard_code} — {row.standard_title}"
        if column == self.DUE and row.due_at is not None:
            moment = self._local(row.due_at)
            if row.due_is_clock_time:
                return self.tr("{day} pukul {time}").format(day=format_date_long(moment.date()),
                                                            time=f"{moment:%H.%M}")
            return format_date_long(moment.date())
        if column == self.STATUS and row.status == "ready" and row.ready_at is not None:
            return self.tr("Siap diambil sejak {when}").format(
                when=format_datetime(self._local(row.ready_at)))
        return self._display(item, column)

    # ---- our API

    @property
    def wanted(self) -> QueueFilter | None:
        return self._wanted

    @property
    def now(self) -> dt.datetime:
        """The moment the rows were counted from (working days left, overdue or not)."""
        return self._now

    def due_text(self, row: QueueRow) -> str:
        if row.due_at is None:
            return self.tr("tanpa batas waktu") if row.status in RUNNING_STATUSES else ""
        moment = self._local(row.due_at)
        if row.due_is_clock_time:  # the time after the day: "2 April 2026, 11.00"
            return f"{format_date(moment.date())}, {moment:%H.%M}"
        return format_date(moment.date())

    def is_overdue(self, item: QueueItem) -> bool:
        row = item.row
        return (row.status in RUNNING_STATUSES and row.due_at is not None
                and row.due_at < self._now)

    def item_at(self, row: int) -> QueueItem | None:
        return self.row_at(row)

    def row_of(self, application_id: int) -> int:
        return next((i for i, item in enumerate(self._rows)
                     if item.row.application_id == application_id), -1)

    def reload(self, wanted: QueueFilter | None, now: dt.datetime) -> None:
        """Start again from the most urgent file; ``None`` empties the list (nothing to ask)."""
        self._wanted = wanted
        self._now = now
        self._restart(active=wanted is not None)

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        assert self._wanted is not None
        self._fetch(self._wanted, self._now, offset, BATCH, done, failed)

    def _row_key(self, row: QueueItem) -> Hashable:
        return row.row.application_id


class QueuesPage(QWidget):
    """The work queues. ``catalog`` gives the catalog in force (the bidang and layanan filters and
    the steps of "menunggu di langkah"); ``clock`` and ``local`` (UTC now, and a stored moment on
    the office's wall clock) are there for tests."""

    open_requested = Signal(int)  # application id
    counts_changed = Signal(object)  # QueueCounts (for the bidang/layanan chosen)

    def __init__(self, ctx: AppContext, runner: TaskRunner,
                 catalog: Callable[[], CatalogDTO | None] | None = None,
                 parent: QWidget | None = None, *, clock: Clock | None = None,
                 local: LocalTime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuesPage")
        self.ctx = ctx
        self.runner = runner
        self._catalog_source = catalog or (lambda: None)
        self._clock = clock or utcnow
        self._local = local or to_local
        self.catalog: CatalogDTO | None = None
        self.counts: QueueCounts | None = None
        self._counts_generation = 0
        self._loading_catalog = False
        self._filling = False  # combos being refilled: no reload per item
        self._reselect: int | None = None  # the application to select again after a refresh
        self._error_open = False  # a message box is up: no second one, no refresh behind it
        self._error_reported = False  # this refresh's failure was shown already
        self._table_failed = False
        self._queues = tuple(queue_labels())

        heading = QLabel(self.tr("<h3>Antrean Kerja</h3>"), self)
        intro = QLabel(self.tr("Berkas yang sedang diproses kantor, yang paling mendesak di atas. "
                               "Hari kerja dihitung menurut kalender kantor (libur nasional, cuti "
                               "bersama, dan hari kantor tutup). Enter atau klik ganda membuka "
                               "berkas."), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")

        self.queue_bar = QTabBar(self)
        self.queue_bar.setObjectName("queueSelector")
        self.queue_bar.setDocumentMode(True)
        self.queue_bar.setExpanding(False)
        self.queue_bar.setUsesScrollButtons(True)
        self.queue_bar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for i, (key, label) in enumerate(queue_labels().items()):
            self.queue_bar.addTab(label)
            self.queue_bar.setTabData(i, key)
            self.queue_bar.setTabToolTip(i, self.tr("{label} (Alt+{n})").format(label=label, n=i + 1))
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self._pick_queue(i))
        self.queue_bar.currentChanged.connect(lambda _i: self._queue_changed())

        self.bidang = QComboBox(self)
        self.bidang.setObjectName("bidangFilter")
        self.bidang.addItem(self.tr("Semua bidang"), None)
        self.bidang.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.bidang.setMinimumContentsLength(18)
        bidang_label = QLabel(self.tr("B&idang:"), self)
        bidang_label.setBuddy(self.bidang)
        self.standard = QComboBox(self)
        self.standard.setObjectName("standardFilter")
        self.standard.addItem(self.tr("Semua layanan"), None)
        self.standard.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.standard.setMinimumContentsLength(24)
        standard_label = QLabel(self.tr("&Layanan:"), self)
        standard_label.setBuddy(self.standard)
        self.step = QComboBox(self)
        self.step.setObjectName("stepFilter")
        self.step.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.step.setMinimumContentsLength(24)
        self.step_label = QLabel(self.tr("Lan&gkah:"), self)
        self.step_label.setBuddy(self.step)
        for combo in (self.bidang, self.standard, self.step):
            combo.view().setTextElideMode(Qt.TextElideMode.ElideRight)
            combo.view().setMinimumWidth(420)
        self.bidang.currentIndexChanged.connect(lambda _i: self._bidang_changed())
        self.standard.currentIndexChanged.connect(lambda _i: self._standard_changed())
        self.step.currentIndexChanged.connect(lambda _i: self._filters_changed())

        self.reload_button = QPushButton(self.tr("&Muat ulang"), self)
        self.reload_button.setObjectName("reloadQueue")
        self.reload_button.setToolTip(self.tr("Muat ulang dari basis data (F5)"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)

        self.model = QueueModel(self._fetch, self._local, self)
        self.model.loaded.connect(self._loaded)
        self.model.loading_changed.connect(lambda _loading: self._update_state())
        self.model.modelReset.connect(self._update_state)
        self.model.load_failed.connect(self._rows_failed)
        self.table = register_view(self, self.model, "queueTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        bold = QFont(self.font())
        bold.setBold(True)
        for column, sample, font in ((QueueModel.NUMBER, "26-000123-4", self.font()),
                                     (QueueModel.APPLICANT, "Siti Nurhaliza Rahma", self.font()),
                                     (QueueModel.STANDARD, "Izin Operasional Panti", self.font()),
                                     (QueueModel.DUE, "30 Agustus 2026, 23.59", self.font()),
                                     (QueueModel.LEFT, "terlambat 12 hari kerja", bold),
                                     (QueueModel.STATUS, "Siap diambil", self.font())):
            header.resizeSection(column, QFontMetrics(font).horizontalAdvance(sample) + 18)
        header.setSectionResizeMode(QueueModel.STEP, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        # Shown over the empty table: loading, nothing in this queue, or what to choose first.
        self.placeholder = QLabel(self.table.viewport())
        self.placeholder.setObjectName("queuePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #666; font-size: 11pt;")
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.table.viewport().installEventFilter(self)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("queueCount")
        self.updated_label = QLabel(self)
        self.updated_label.setObjectName("queueUpdated")
        self.updated_label.setStyleSheet("color: #555;")
        self.open_button = QPushButton(self.tr("B&uka berkas"), self)
        self.open_button.setObjectName("openQueueItem")
        self.open_button.setToolTip(self.tr("Buka berkas terpilih (Enter pada baris)"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_selected)

        filters = QHBoxLayout()
        filters.addWidget(bidang_label)
        filters.addWidget(self.bidang)
        filters.addSpacing(12)
        filters.addWidget(standard_label)
        filters.addWidget(self.standard)
        filters.addSpacing(12)
        filters.addWidget(self.step_label)
        filters.addWidget(self.step, 1)
        filters.addStretch(0)
        filters.addWidget(self.reload_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.updated_label)
        bottom.addSpacing(12)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.queue_bar)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.setTabOrder(self.queue_bar, self.bidang)
        self.setTabOrder(self.bidang, self.standard)
        self.setTabOrder(self.standard, self.step)
        self.setTabOrder(self.step, self.table)
        self.setTabOrder(self.table, self.open_button)
        self.setTabOrder(self.open_button, self.reload_button)
        catalog_now = self._catalog_source()
        if catalog_now is not None:
            self.set_catalog(catalog_now)
        self._show_step_filter()
        self._update_state()

    # ------------------------------------------------------------------ state

    @property
    def queue(self) -> str:
        return str(self.queue_bar.tabData(self.queue_bar.currentIndex()))

    def set_queue(self, queue: str) -> None:
        if queue not in self._queues:
            raise ValueError(f"unknown queue {queue!r}")
        self.queue_bar.setCurrentIndex(self._queues.index(queue))

    def set_bidang(self, code: str | None) -> None:
        self._choose(self.bidang, code)

    def set_standard(self, code: str | None) -> None:
        self._choose(self.standard, code)

    def set_step(self, step_no: int) -> None:
        self._choose(self.step, step_no)

    def _choose(self, combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0:
            raise ValueError(f"{value!r} is not offered")
        combo.setCurrentIndex(index)

    def current_filter(self) -> QueueFilter | None:
        """What the table shows; None while "menunggu di langkah" still needs its step."""
        standard = self.standard.currentData()
        step = self.step.currentData() if self.queue == "waiting" else None
        if self.queue == "waiting" and (standard is None or step is None):
            return None
        return QueueFilter(self.queue, self.bidang.currentData(), standard, step)

    def current_application_id(self) -> int | None:
        index = self.table.currentIndex()
        item = self.model.item_at(index.row()) if index.isValid() else None
        return item.row.application_id if item is not None else None

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """The counts and the current queue again from the database (F5, shown again, after a
        change, on a timer). The selected file stays selected when it is still in the first
        rows."""
        if self.ctx.actor is None or self._error_open:
            return
        catalog = self._catalog_source()
        if catalog is not None and catalog is not self.catalog:
            self.set_catalog(catalog)
        elif self.catalog is None and not self._loading_catalog:
            self._load_catalog()
        self._reselect = self.current_application_id()
        self._reload()

    def set_catalog(self, catalog: CatalogDTO) -> None:
        """Fill the bidang and layanan filters from the catalog in force (choices kept by code)."""
        self.catalog = catalog
        bidang, standard, step = (self.bidang.currentData(), self.standard.currentData(),
                                  self.step.currentData())
        self._filling = True
        try:
            self.bidang.clear()
            self.bidang.addItem(self.tr("Semua bidang"), None)
            for b in catalog.catalog.bidang:
                self.bidang.addItem(b.name, b.code)
            index = self.bidang.findData(bidang)
            self.bidang.setCurrentIndex(max(index, 0))
            self._fill_standards(standard)
            self._fill_steps(step)
        finally:
            self._filling = False

    def _load_catalog(self) -> None:
        factory = self.ctx.uow_factory
        self._loading_catalog = True

        def loaded(catalog: CatalogDTO) -> None:
            self._loading_catalog = False
            if catalog is not self.catalog:
                self.set_catalog(catalog)
                if self.queue == "waiting":
                    self._reload()

        def failed(exc: BaseException) -> None:
            self._loading_catalog = False
            self._failed(exc)

        self.runner.run_db(lambda: catalog_service.get_catalog(factory()), loaded, failed)

    def _fill_standards(self, keep: str | None) -> None:
        self.standard.clear()
        self.standard.addItem(self.tr("Semua layanan"), None)
        if self.catalog is not None:
            bidang = self.bidang.currentData()
            chosen = [s for s in self.catalog.catalog.standards if bidang is None or s.bidang == bidang]
            for s in sorted(chosen, key=lambda s: s.title.casefold()):
                self.standard.addItem(s.title, s.code)
                self.standard.setItemData(self.standard.count() - 1, f"{s.code} — {s.title}",
                                          Qt.ItemDataRole.ToolTipRole)
        self.standard.setCurrentIndex(max(self.standard.findData(keep), 0))

    def _fill_steps(self, keep: int | None) -> None:
        self.step.clear()
        code = self.standard.currentData()
        if self.catalog is None or code is None:
            self.step.addItem(self.tr("(pilih layanan dahulu)"), None)
            self.step.setEnabled(False)
            return
        steps = procedure_of(self.catalog.catalog.standard(code).procedure_steps)
        for number, text in enumerate(steps, 1):
            self.step.addItem(f"{number}. {text}", number)
            self.step.setItemData(self.step.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        self.step.setEnabled(bool(steps))
        self.step.setCurrentIndex(max(self.step.findData(keep), 0))

    def _reload(self) -> None:
        now = self._clock()
        self._error_reported = False
        self._table_failed = False
        self.model.reload(self.current_filter(), now)
        self._load_counts(now)
        self.updated_label.setText(self.tr("Keadaan {when}").format(
            when=format_datetime(self._local(now))))

    def _load_counts(self, now: dt.datetime) -> None:
        actor, factory, holidays, local = self.ctx.actor, self.ctx.uow_factory, self.ctx.holidays, self._local
        if actor is None:
            return
        bidang, standard = self.bidang.currentData(), self.standard.currentData()
        self._counts_generation += 1
        generation = self._counts_generation

        def done(counts: QueueCounts) -> None:
            if generation == self._counts_generation:
                self.set_counts(counts)

        self.runner.run_db(lambda: tracking.queue_counts(
            factory(), actor, holidays=holidays, now=now, bidang_code=bidang,
            standard_code=standard, local=local), done, self._failed)

    def set_counts(self, counts: QueueCounts) -> None:
        self.counts = counts
        for i, (key, label) in enumerate(queue_labels().items()):
            n = queue_count(counts, key)
            self.queue_bar.setTabText(i, label if n is None else f"{label} ({format_number(n)})")
            late = key == "overdue" and bool(n)
            self.queue_bar.setTabTextColor(i, OVERDUE_TEXT if late else QColor())
        self.counts_changed.emit(counts)

    def _fetch(self, wanted: QueueFilter, now: dt.datetime, offset: int, limit: int,
               on_done: Callable[[Page[QueueItem]], None],
               on_error: Callable[[BaseException], None]) -> None:
        actor, factory, holidays, local = self.ctx.actor, self.ctx.uow_factory, self.ctx.holidays, self._local
        if actor is None:
            return
        self.runner.run_db(lambda: tracking.work_queue(
            factory(), actor, wanted, holidays=holidays, now=now, limit=limit, offset=offset,
            local=local), on_done, on_error)

    def _rows_failed(self, exc: BaseException) -> None:
        self._table_failed = True
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        """One message per refresh (the counts and the rows usually fail together)."""
        self._update_state()
        if self._error_open or self._error_reported:
            return
        self._error_open = self._error_reported = True
        try:
            report_error(self, exc)
        finally:
            self._error_open = False

    # ------------------------------------------------------------------ filters

    def _pick_queue(self, index: int) -> None:
        self.queue_bar.setCurrentIndex(index)
        self.queue_bar.setFocus()

    def _queue_changed(self) -> None:
        self._show_step_filter()
        if self.ctx.actor is None:
            return
        self._reselect = None
        self._reload()

    def _show_step_filter(self) -> None:
        waiting = self.queue == "waiting"
        self.step_label.setVisible(waiting)
        self.step.setVisible(waiting)

    def _bidang_changed(self) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._fill_standards(self.standard.currentData())
            self._fill_steps(self.step.currentData())
        finally:
            self._filling = False
        self._filters_changed()

    def _standard_changed(self) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._fill_steps(None)
        finally:
            self._filling = False
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self._filling or self.ctx.actor is None:
            return
        self._reselect = None
        self._reload()

    # ------------------------------------------------------------------ table

    def _loaded(self) -> None:
        if self._reselect is not None:
            row = self.model.row_of(self._reselect)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 0))
            if not self.model.loading:
                self._reselect = None
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_state()

    def _update_state(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        queue = self.queue
        # (menunggu di langkah always names its layanan: no need to say so)
        filtered = self.bidang.currentData() is not None or (
            queue != "waiting" and self.standard.currentData() is not None)
        if self.ctx.actor is None:
            text, empty = "", self.tr("Masuk terlebih dahulu untuk melihat antrean.")
        elif self.model.wanted is None:
            text = self.tr("Pilih layanan dan langkahnya.")
            empty = self.tr("Pilih layanan (Alt+L), lalu langkahnya (Alt+G), untuk melihat berkas "
                            "yang menunggu di langkah itu.")
        elif self._table_failed and shown == 0:
            text = self.tr("Gagal memuat.")
            empty = self.tr("Antrean tidak dapat dimuat. Periksa koneksi, lalu tekan F5 untuk "
                            "mencoba lagi.")
        elif self.model.loading and shown == 0:
            text = empty = self.tr("Memuat…")
        elif shown == 0:
            empty = empty_text(queue)
            if filtered:
                empty += " " + self.tr("(Saringan bidang/layanan sedang dipakai.)")
            text = self.tr("Tidak ada berkas.")
        elif self.model.total_capped or shown < total:
            text = self.tr("{shown} berkas ditampilkan, masih ada lagi: gulir ke bawah untuk memuat "
                           "lebih banyak").format(shown=format_number(shown))
            empty = ""
        else:
            text, empty = self.tr("{n} berkas").format(n=format_number(shown)), ""
        if self._table_failed and shown:
            text += " " + self.tr("(sebagian gagal dimuat: tekan F5 untuk mencoba lagi)")
        self.count_label.setText(text)
        self.placeholder.setText(empty)
        self.placeholder.setVisible(bool(empty) and shown == 0)
        self._place_placeholder()
        self._update_buttons()

    def _place_placeholder(self) -> None:
        rect = self.table.viewport().rect().adjusted(24, 24, -24, -24)
        self.placeholder.setGeometry(rect)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_application_id() is not None)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.open_requested.emit(item.row.application_id)

    def open_selected(self) -> None:
        application_id = self.current_application_id()
        if application_id is not None:
            self.open_requested.emit(application_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_placeholder()
        return super().eventFilter(obj, event)
