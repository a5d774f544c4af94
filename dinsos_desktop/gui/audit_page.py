"""The audit trail, newest first, paged in SQL: the view asks for more rows as it scrolls."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
)
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.table_model import AnyIndex, PagedTableModel
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import to_local
from dinsos_desktop.reports.formatting import format_datetime, format_number
from dinsos_desktop.services import audit as audit_service
from dinsos_desktop.services.dto import AuditEntry, Page

# fetch(offset, limit, entity, on_done, on_error): runs the query off the GUI thread.
Fetch = Callable[[int, int, "str | None", Callable[[Page[AuditEntry]], None],
                  Callable[[BaseException], None]], None]
BATCH = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditPage", text)


def action_label(action: str) -> str:
    labels = {
        "create": _tr("Tambah"),
        "update": _tr("Ubah"),
        "delete": _tr("Hapus"),
        "login": _tr("Masuk"),
        "lock": _tr("Kunci akun"),
    }
    return labels.get(action, action)


def entity_labels() -> dict[str, str]:
    return {
        "user": _tr("Pengguna"),
        "office_profile": _tr("Profil kantor"),
        "catalog_version": _tr("Katalog"),
    }


def object_label(entry: AuditEntry) -> str:
    label = entity_labels().get(entry.entity, entry.entity)
    if entry.entity == "office_profile" or not entry.entity_id:
        return label
    return f"{label} #{entry.entity_id}"


def local_time(moment: dt.datetime) -> str:
    return format_datetime(to_local(moment), seconds=True)


def pretty_json(text: str | None) -> str:
    if text is None:
        return _tr("(tidak ada)")
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


class AuditModel(PagedTableModel[AuditEntry]):
    """Rows arrive 200 at a time from the database thread; ``fetchMore`` asks for the next batch."""

    WHEN, WHO, ACTION, OBJECT, SUMMARY = range(5)

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__((QCoreApplication.translate("AuditModel", "Waktu"),
                          QCoreApplication.translate("AuditModel", "Pengguna"),
                          QCoreApplication.translate("AuditModel", "Tindakan"),
                          QCoreApplication.translate("AuditModel", "Objek"),
                          QCoreApplication.translate("AuditModel", "Ringkasan")), parent)
        self._fetch = fetch
        self._entity: str | None = None

    # ---- Qt API

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if column == self.WHEN:
            return local_time(entry.occurred_at)
        if column == self.WHO:
            return entry.actor_username
        if column == self.ACTION:
            return action_label(entry.action)
        if column == self.OBJECT:
            return object_label(entry)
        if column == self.SUMMARY:
            return entry.summary
        return None

    # ---- our API

    @property
    def entity(self) -> str | None:
        return self._entity

    def entry_at(self, row: int) -> AuditEntry | None:
        return self.row_at(row)

    def reload(self, entity: str | None = None) -> None:
        """Start again from the newest entry, optionally only for one kind of object."""
        self._entity = entity
        self._restart(active=True)

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        self._fetch(offset, BATCH, self._entity, done, failed)

    def _row_key(self, row: AuditEntry) -> Hashable:
        return row.id if row.id is not None else id(row)

class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPage")
        self.ctx = ctx
        self.runner = runner

        heading = QLabel(self.tr("<h3>Jejak Audit</h3>"), self)
        intro = QLabel(self.tr("Setiap perubahan data dan setiap masuk tercatat di sini dan tidak "
                               "dapat diubah. Entri terbaru di atas; pilih satu untuk melihat data "
                               "sebelum dan sesudah perubahan."), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")

        self.filter = QComboBox(self)
        self.filter.setObjectName("entityFilter")
        self.filter.addItem(self.tr("Semua"), None)
        for key, label in entity_labels().items():
            self.filter.addItem(label, key)
        filter_label = QLabel(self.tr("&Objek:"), self)
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self.reload_button = QPushButton(self.tr("&Muat ulang"), self)
        self.reload_button.setObjectName("reloadAudit")
        self.reload_button.setToolTip(self.tr("Muat ulang dari basis data (F5)"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)

        self.model = AuditModel(self._fetch, self)
        self.model.loading_changed.connect(lambda _loading: self._update_count())
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.model.modelReset.connect(self._update_count)
        self.model.load_failed.connect(self._failed)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        widest_time = metrics.horizontalAdvance(local_time(dt.datetime(2026, 9, 30, 23, 59, 59)))
        for column, width in ((AuditModel.WHEN, widest_time + 16), (AuditModel.WHO, 120),
                              (AuditModel.ACTION, 100), (AuditModel.OBJECT, 130)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.before = QPlainTextEdit(self)
        self.before.setObjectName("auditBefore")
        self.after = QPlainTextEdit(self)
        self.after.setObjectName("auditAfter")
        detail = QWidget(self)
        detail_layout = QHBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        for caption, edit in ((self.tr("&Sebelum:"), self.before), (self.tr("S&esudah:"), self.after)):
            edit.setReadOnly(True)
            edit.setFont(mono)
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            edit.setTabChangesFocus(True)
            column_layout = QVBoxLayout()
            caption_label = QLabel(caption, detail)
            caption_label.setBuddy(edit)
            column_layout.addWidget(caption_label)
            column_layout.addWidget(edit, 1)
            detail_layout.addLayout(column_layout, 1)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addSpacing(16)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.reload_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.setTabOrder(self.filter, self.reload_button)
        self.setTabOrder(self.reload_button, self.table)
        self.setTabOrder(self.table, self.before)
        self.setTabOrder(self.before, self.after)
        self._show_detail()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        if self.ctx.actor is None:
            return
        self.model.reload(self.filter.currentData())

    def set_entity(self, entity: str | None) -> None:
        index = self.filter.findData(entity)
        if index >= 0:
            self.filter.setCurrentIndex(index)

    def _fetch(self, offset: int, limit: int, entity: str | None,
               on_done: Callable[[Page[AuditEntry]], None],
               on_error: Callable[[BaseException], None]) -> None:
        actor, factory = self.ctx.actor, self.ctx.uow_factory
        if actor is None:
            return
        self.runner.run_db(
            lambda: audit_service.audit_page(factory(), actor, offset, limit, entity), on_done, on_error)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if self.model.loading and shown == 0:
            self.count_label.setText(self.tr("Memuat…"))
        elif total == 0:
            self.count_label.setText(self.tr("Belum ada entri."))
        elif shown >= total:
            self.count_label.setText(self.tr("{total} entri").format(total=format_number(total)))
        else:
            self.count_label.setText(self.tr("{shown} dari {total} entri dimuat; gulir ke bawah untuk "
                                             "memuat lebih banyak").format(
                                                 shown=format_number(shown), total=format_number(total)))
        if shown and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        elif not shown:
            self._show_detail()

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        entry = self.model.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            self.before.setPlainText("")
            self.after.setPlainText("")
            return
        self.before.setPlainText(pretty_json(entry.before))
        self.after.setPlainText(pretty_json(entry.after))
