"""Applicant search: one box (NIK, name or phone: the service decides), results paged in SQL.

Shared by the Pemohon page, the intake page and the small citizen pickers of the dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.nik import mask_nik
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, PagedTableModel, register_view
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services.dto import Actor, ApplicantHit, Page

BATCH = 50
DEBOUNCE_MS = 250

# fetch(query, offset, limit, on_done, on_error): runs the search off the GUI thread.
Fetch = Callable[[str, int, int, Callable[[Page[ApplicantHit]], None],
                  Callable[[BaseException], None]], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicantSearch", text)


def sees_full_nik(actor: Actor | None) -> bool:
    """The counter and the admin work with the whole NIK; other roles see it masked."""
    return actor is not None and actor.has(Role.FRONT_OFFICE, Role.ADMIN)


def may_register(actor: Actor | None) -> bool:
    return actor is not None and actor.has(*applicant_service.REGISTER_ROLES)


def shown_nik(nik: str, actor: Actor | None) -> str:
    if not nik:
        return ""
    return nik if sees_full_nik(actor) else mask_nik(nik)


def short_date(d: dt.date | None) -> str:
    return f"{d:%d-%m-%Y}" if d else ""


def kind_label(kind: str) -> str:
    return _tr("Warga") if kind == "citizen" else _tr("Lembaga")


class ApplicantSearchModel(PagedTableModel[ApplicantHit]):
    """Rows arrive 50 at a time from the database thread; ``fetchMore`` asks for the next batch."""

    KIND, NAME, NIK, BIRTH, ADDRESS, PHONE = range(6)

    def __init__(self, fetch: Fetch, actor: Callable[[], Actor | None],
                 parent: QObject | None = None) -> None:
        tr = QCoreApplication.translate
        super().__init__((tr("ApplicantSearchModel", "Jenis"), tr("ApplicantSearchModel", "Nama"),
                          tr("ApplicantSearchModel", "NIK"), tr("ApplicantSearchModel", "Tgl. lahir"),
                          tr("ApplicantSearchModel", "Alamat"),
                          tr("ApplicantSearchModel", "Telepon")), parent)
        self._fetch = fetch
        self._actor = actor
        self._query = ""

    # ---- Qt API

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        hit = self._rows[index.row()]
        column = index.column()
        if column == self.KIND:
            return kind_label(hit.kind)
        if column == self.NAME:
            return hit.name
        if column == self.NIK:
            return shown_nik(hit.nik, self._actor())
        if column == self.BIRTH:
            return short_date(hit.birth_date)
        if column == self.ADDRESS:
            return hit.address
        if column == self.PHONE:
            return hit.phone
        return None

    # ---- our API

    @property
    def query(self) -> str:
        return self._query

    def hit_at(self, row: int) -> ApplicantHit | None:
        return self.row_at(row)

    def row_of(self, kind: str, record_id: int) -> int:
        return next((i for i, h in enumerate(self._rows) if h.kind == kind and h.id == record_id), -1)

    def search(self, query: str) -> None:
        """Start a new search (an empty query empties the list)."""
        self._query = query.strip()
        self._restart(active=bool(self._query))

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        self._fetch(self._query, offset, BATCH, done, failed)

    def _row_key(self, row: ApplicantHit) -> Hashable:
        return (row.kind, row.id)

class ApplicantSearchPanel(QWidget):
    """The search box over its result table. Typing searches after a short pause; Enter searches at
    once and picks the only result (or moves to the list when there are several); Enter on a row
    picks it."""

    picked = Signal(object)  # ApplicantHit
    current_changed = Signal(object)  # ApplicantHit | None

    def __init__(self, ctx: AppContext, runner: TaskRunner, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._pick_when_loaded = False

        self.search = QLineEdit(self)
        self.search.setObjectName("applicantSearch")
        self.search.setPlaceholderText(self.tr("NIK (lengkap atau awalnya), nama, atau nomor telepon"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        find_label = QLabel(label, self)
        find_label.setBuddy(self.search)

        self.model = ApplicantSearchModel(self._fetch, lambda: self.ctx.actor, self)
        self.model.loaded.connect(self._loaded)
        self.model.loading_changed.connect(lambda _l: self._update_count())
        self.model.load_failed.connect(lambda exc: report_error(self, exc))
        self.table = register_view(self, self.model, "applicantResults")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        for column, sample in ((ApplicantSearchModel.KIND, "Lembaga"),
                               (ApplicantSearchModel.NAME, "Siti Nurhaliza Rahmawati, S.Pd."),
                               (ApplicantSearchModel.NIK, "3575045508950001"),
                               (ApplicantSearchModel.BIRTH, "15-08-1995"),
                               (ApplicantSearchModel.PHONE, "0812 3456 7890")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        header.setSectionResizeMode(ApplicantSearchModel.ADDRESS, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(self.model.hit_at(current.row())))
        # A new search empties the list without a currentRowChanged: say so, the detail follows.
        self.model.modelReset.connect(lambda: self.current_changed.emit(None))

        self.count_label = QLabel(self)
        self.count_label.setObjectName("applicantCount")
        self.count_label.setStyleSheet("color: #555;")

        row = QHBoxLayout()
        row.addWidget(find_label)
        row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setFocusProxy(self.search)
        self._update_count()

    # ------------------------------------------------------------------ searching

    def _fetch(self, query: str, offset: int, limit: int,
               on_done: Callable[[Page[ApplicantHit]], None],
               on_error: Callable[[BaseException], None]) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        self.runner.run_db(lambda: applicant_service.search_applicants(
            factory(), actor, query, limit=limit, offset=offset), on_done, on_error)

    def run_search(self) -> None:
        """Search for what is in the box now (the pause after typing, or Enter)."""
        self._timer.stop()
        self.model.search(self.search.text())

    def set_query(self, text: str) -> None:
        """Show the results for ``text`` at once (after a save: the saved record in the list)."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self.run_search()

    def refresh(self) -> None:
        if self.model.query:
            self.run_search()

    def _enter(self) -> None:
        if self._timer.isActive() or self.model.query != self.search.text().strip():
            self._pick_when_loaded = True
            self.run_search()
            return
        if self.model.loading:
            self._pick_when_loaded = True
            return
        self._enter_on_results()

    def _enter_on_results(self) -> None:
        rows = self.model.rowCount()
        if rows == 1 and self.model.total == 1:
            hit = self.model.hit_at(0)
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.picked.emit(hit)
        elif rows:
            self.focus_results()

    def _loaded(self) -> None:
        self._update_count()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        if self._pick_when_loaded and not self.model.loading:
            self._pick_when_loaded = False
            self._enter_on_results()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if not self.model.query:
            text = self.tr("Ketik NIK, nama, atau nomor telepon.")
        elif self.model.loading and shown == 0:
            text = self.tr("Mencari…")
        elif total == 0:
            text = self.tr("Tidak ditemukan. Periksa ejaan, atau daftarkan sebagai pemohon baru.")
        elif shown >= total:
            text = self.tr("{n} ditemukan").format(n=total)
        elif self.model.total_capped:
            text = self.tr("{shown} ditampilkan, masih ada lagi: gulir ke bawah, atau ketik lebih "
                           "lengkap").format(shown=shown)
        else:
            text = self.tr("{shown} dari {total} ditampilkan; gulir ke bawah untuk memuat lebih "
                           "banyak").format(shown=shown, total=total)
        self.count_label.setText(text)

    # ------------------------------------------------------------------ selection

    def focus_results(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def current_hit(self) -> ApplicantHit | None:
        index = self.table.currentIndex()
        return self.model.hit_at(index.row()) if index.isValid() else None

    def select(self, kind: str, record_id: int) -> bool:
        row = self.model.row_of(kind, record_id)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        if hit is not None:
            self.picked.emit(hit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.focus_results()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                # Consumed here: in a dialog, Enter must not also press the default button.
                self._enter()
                return True
        return super().eventFilter(obj, event)
