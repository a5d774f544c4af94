"""The read-only table model every register and list builds on."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the invalid index: the table's root

Row = TypeVar("Row")


class ReadOnlyTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of frozen DTOs in ``self._rows`` under fixed column headers; selectable, not editable.
    Subclasses answer ``data``."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[Row] = []

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class PagedTableModel(ReadOnlyTableModel[Row]):
    """A register that pages in SQL: batches arrive from the database thread and ``fetchMore``
    asks for the next one. Subclasses say how to fetch a batch (``_fetch_batch``) and how to
    recognise a row they already hold (``_row_key``): rows written between two batches push
    older ones down one offset, so a batch may repeat a row."""

    loading_changed = Signal(bool)
    loaded = Signal()  # a batch arrived (an empty one too)
    load_failed = Signal(object)  # the exception

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self._keys: set[Hashable] = set()
        self._total = 0
        self._capped = False  # the database stopped counting: at least ``total`` rows
        self._offset = 0  # rows the database has handed out so far (repeats included)
        self._active = False  # False: nothing to show (e.g. an empty search)
        self._loading = False
        self._stalled = False  # a batch failed: no more automatic fetching until restarted
        self._generation = 0  # batches of an earlier query are dropped on arrival

    def _fetch_batch(self, offset: int, done: Callable[[Any], None],
                     failed: Callable[[BaseException], None]) -> None:
        raise NotImplementedError

    def _row_key(self, row: Row) -> Hashable:
        raise NotImplementedError

    def canFetchMore(self, parent: AnyIndex = NO_PARENT) -> bool:
        return (not parent.isValid() and self._active and not self._loading and not self._stalled
                and self._offset < self._total)

    def fetchMore(self, parent: AnyIndex = NO_PARENT) -> None:
        if self.canFetchMore(parent):
            self._request(self._offset)

    @property
    def total(self) -> int:
        return self._total

    @property
    def total_capped(self) -> bool:
        """True when ``total`` is a lower bound (more rows than were counted)."""
        return self._capped

    @property
    def loading(self) -> bool:
        return self._loading

    def _restart(self, active: bool) -> None:
        """Empty the model and, when ``active``, ask for the first batch of the new query."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._keys = set()
        self._total = 0
        self._capped = False
        self._offset = 0
        self._active = active
        self.endResetModel()
        self._stalled = False
        self._set_loading(False)
        if active:
            self._request(0)
        else:
            self.loaded.emit()

    def _request(self, offset: int) -> None:
        generation = self._generation
        self._set_loading(True)

        def done(page: Any) -> None:
            if generation != self._generation:
                return  # the query changed while this batch was on its way
            self._set_loading(False)
            self._append(page)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._stalled = True
            self._set_loading(False)
            self.load_failed.emit(exc)

        self._fetch_batch(offset, done, failed)

    def _append(self, page: Any) -> None:
        self._total = page.total
        self._capped = bool(getattr(page, "total_capped", False))
        self._offset = page.offset + len(page.items)
        if not page.items:
            self._total = min(self._total, self._offset)  # nothing more, whatever the count said
            self._capped = False
        fresh = [row for row in page.items if self._row_key(row) not in self._keys]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self._keys.update(self._row_key(row) for row in fresh)
        self.endInsertRows()

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)


def register_view(parent: QWidget, model: QAbstractTableModel, object_name: str) -> QTableView:
    """A register's table: whole rows selected one at a time, not editable in place, Tab leaves
    the table (keyboard users move on to the buttons), one text line per row."""
    view = QTableView(parent)
    view.setObjectName(object_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 10)
    return view
