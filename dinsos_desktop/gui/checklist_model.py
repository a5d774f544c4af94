"""The counter checklist as a table: a standard's requirements (headings with their sub-items
indented), each item's mark, note and attachments.

The screen is the clerk's truth: a mark shows at once and is saved in the background; a mark the
database has not confirmed yet stays on screen, flagged, until it is saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dinsos_desktop.domain.catalog import Requirement, Standard
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.gui.table_model import NO_PARENT, AnyIndex
from dinsos_desktop.services.dto import ApplicationItemDTO, AttachmentDTO

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 1  # 0 for a requirement, 1 for its sub-item, …

# The keys 1–4 at the counter, in this order.
STATUS_KEYS: tuple[ItemStatus, ...] = (ItemStatus.ORIGINAL_SEEN, ItemStatus.COPY_RECEIVED,
                                       ItemStatus.MISSING, ItemStatus.NOT_APPLICABLE)
_COLOURS = {
    ItemStatus.ORIGINAL_SEEN: "#dff0d8",
    ItemStatus.COPY_RECEIVED: "#e8f4e0",
    ItemStatus.MISSING: "#f8d7da",
    ItemStatus.NOT_APPLICABLE: "#ececec",
}


class IndentDelegate(QStyledItemDelegate):
    """Sub-items sit indented under their heading, on every wrapped line (not only the first)."""

    STEP = 22

    def _indent(self, index: QModelIndex | QPersistentModelIndex) -> int:
        return int(index.data(DEPTH_ROLE) or 0) * self.STEP

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        shifted = QStyleOptionViewItem(option)
        indent = self._indent(index)
        if indent:
            # The row's background (selection, alternate colour) still spans the whole cell.
            style = option.widget.style() if option.widget is not None else None
            if style is not None:
                background = QStyleOptionViewItem(option)
                self.initStyleOption(background, index)
                background.text = ""
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter,
                                  option.widget)
            shifted.rect = option.rect.adjusted(indent, 0, 0, 0)
        super().paint(painter, shifted, index)

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        indent = self._indent(index)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = option.rect.adjusted(indent, 0, 0, 0)
        hint = super().sizeHint(narrowed, index)
        return QSize(hint.width() + indent, hint.height() + 6)


@dataclass
class _Row:
    depth: int
    requirement: Requirement
    is_heading: bool
    status: ItemStatus | None = None
    note: str = ""
    attachments: int = 0


class ChecklistModel(QAbstractTableModel):
    note_edited = Signal(str)  # item key

    KEY, TEXT, STATUS, NOTE, ATTACHMENTS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        tr = QCoreApplication.translate
        self._headers = (tr("ChecklistModel", "No."), tr("ChecklistModel", "Persyaratan"),
                         tr("ChecklistModel", "Pemeriksaan"), tr("ChecklistModel", "Catatan"),
                         tr("ChecklistModel", "Lampiran"))
        self._rows: list[_Row] = []
        self._by_key: dict[str, int] = {}
        self.pending: set[str] = set()  # marks or notes not yet confirmed by the database
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- Qt API

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if self._rows[index.row()].is_heading:
            return base  # a heading is read, never ticked
        flags = base | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.NOTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.EditRole and column == self.NOTE:
            return row.note
        if role == Qt.ItemDataRole.FontRole:
            if row.is_heading:
                return self._bold
            if column == self.STATUS and row.requirement.key in self.pending:
                font = QFont()
                font.setItalic(True)
                return font
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS and row.status is not None:
            return QBrush(QColor(_COLOURS[row.status]))
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and row.status is None \
                and not row.is_heading:
            return QBrush(QColor("#777777"))
        if role == DEPTH_ROLE:
            return row.depth
        return None

    def _text(self, row: _Row, column: int, _tooltip: bool) -> str:
        if column == self.KEY:
            return row.requirement.key
        if column == self.TEXT:
            return row.requirement.text
        if row.is_heading:
            return ""
        if column == self.STATUS:
            text = row.status.label if row.status else self.tr("— belum —")
            if row.requirement.key in self.pending:
                text += " " + self.tr("(belum tersimpan)")
            return text
        if column == self.NOTE:
            return row.note
        if column == self.ATTACHMENTS:
            return self.tr("{n} berkas").format(n=row.attachments) if row.attachments else ""
        return ""

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.NOTE
                or not 0 <= index.row() < len(self._rows) or self._rows[index.row()].is_heading):
            return False
        row = self._rows[index.row()]
        note = " ".join(str(value or "").split())[:500]
        if note == row.note:
            return False
        row.note = note
        self.pending.add(row.requirement.key)
        self._changed(index.row())
        self.note_edited.emit(row.requirement.key)
        return True

    # ---- our API

    def load(self, standard: Standard, items: Iterable[ApplicationItemDTO],
             attachments: Iterable[AttachmentDTO] = ()) -> None:
        self.beginResetModel()
        self._rows = [_Row(depth, req, bool(req.children)) for depth, req in standard.requirement_rows()]
        self._by_key = {r.requirement.key: i for i, r in enumerate(self._rows)}
        self.pending = set()
        for item in items:
            row = self._row(item.item_key)
            if row is not None:
                row.status = ItemStatus(item.status) if item.status else None
                row.note = item.note
                row.attachments = item.attachment_count
        counted = {}
        for att in attachments:
            counted[att.item_key] = counted.get(att.item_key, 0) + 1
        for key, n in counted.items():
            row = self._row(key)
            if row is not None:
                row.attachments = max(row.attachments, n)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._by_key = {}
        self.pending = set()
        self.endResetModel()

    def _row(self, key: str) -> _Row | None:
        i = self._by_key.get(key)
        return self._rows[i] if i is not None else None

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def key_at(self, row: int) -> str | None:
        return self._rows[row].requirement.key if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return self._by_key.get(key, -1)

    def is_item(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and not self._rows[row].is_heading

    def status_of(self, key: str) -> ItemStatus | None:
        row = self._row(key)
        return row.status if row else None

    def note_of(self, key: str) -> str:
        row = self._row(key)
        return row.note if row else ""

    def text_of(self, key: str) -> str:
        row = self._row(key)
        return row.requirement.text if row else ""

    def set_status(self, row: int, status: ItemStatus | None) -> str | None:
        """Mark the item on ``row``; returns its key (None for a heading or no change)."""
        if not self.is_item(row):
            return None
        item = self._rows[row]
        if item.status == status:
            return None
        item.status = status
        self.pending.add(item.requirement.key)
        self._changed(row)
        return item.requirement.key

    def confirm(self, key: str, items: Iterable[ApplicationItemDTO]) -> None:
        """The database saved ``key``: the flag goes; attachment counts come from the database."""
        self.pending.discard(key)
        for item in items:
            row = self._row(item.item_key)
            if row is not None and row.attachments != item.attachment_count:
                row.attachments = item.attachment_count
                self._changed(self._by_key[item.item_key])
        i = self._by_key.get(key)
        if i is not None:
            self._changed(i)

    def add_attachment(self, key: str) -> None:
        row = self._row(key)
        if row is not None:
            row.attachments += 1
            self._changed(self._by_key[key])

    def next_item_row(self, row: int) -> int:
        """The next tickable row after ``row`` (``row`` itself when it is the last)."""
        for i in range(row + 1, len(self._rows)):
            if not self._rows[i].is_heading:
                return i
        return row

    def first_open_row(self) -> int:
        """Where the clerk goes on: the first item missing or not yet looked at (else the first)."""
        for i, r in enumerate(self._rows):
            if not r.is_heading and (r.status is None or r.status is ItemStatus.MISSING):
                return i
        return next((i for i, r in enumerate(self._rows) if not r.is_heading), -1)

    def items(self) -> list[tuple[str, ItemStatus | None]]:
        return [(r.requirement.key, r.status) for r in self._rows if not r.is_heading]

    def counts(self) -> tuple[int, int, int]:
        """(items looked at, items in all, items missing)."""
        items = [r for r in self._rows if not r.is_heading]
        marked = sum(1 for r in items if r.status is not None)
        missing = sum(1 for r in items if r.status is ItemStatus.MISSING)
        return marked, len(items), missing

    def complete(self) -> bool:
        marked, total, missing = self.counts()
        return marked == total and missing == 0

    def summary(self) -> str:
        marked, total, missing = self.counts()
        return self.tr("{n} dari {m} butir diperiksa, {k} tidak ada").format(
            n=marked, m=total, k=missing)
