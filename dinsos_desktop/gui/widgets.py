"""Small widgets the forms share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget


class FieldError(QLabel):
    """The message shown beside a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class FormErrors:
    """Maps a ValidationError's field names to the labels beside the fields."""

    def __init__(self, labels: dict[str, FieldError], general: FieldError) -> None:
        self.labels = labels
        self.general = general

    def clear(self) -> None:
        for label in self.labels.values():
            label.show_message("")
        self.general.show_message("")

    def show(self, errors: dict[str, str]) -> None:
        self.clear()
        rest = []
        for field, message in errors.items():
            label = self.labels.get(field)
            if label is not None:
                label.show_message(message)
            else:
                rest.append(message)
        self.general.show_message("\n".join(rest))


def grid_row(grid: QGridLayout, text: str, field: QWidget, error: FieldError | None = None,
             *, top: bool = False) -> QLabel:
    """One labelled field, its message below it. A grid, not QFormLayout: QFormLayout sizes
    wrapped messages by their size hint, not by height-for-width, and clips or pads them."""
    row = grid.rowCount() if grid.count() else 0
    label = QLabel(text, field.parentWidget())
    label.setBuddy(field)
    vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
    grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | vertical)
    grid.addWidget(field, row, 1)
    if error is not None:
        grid.addWidget(error, row + 1, 1)
    return label


def fit_height(dialog: QWidget) -> None:
    """Grow a dialog when messages appear, so that nothing is squeezed."""
    needed = dialog.heightForWidth(dialog.width())
    if needed < 0:
        needed = dialog.sizeHint().height()
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def to_local(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; the screen shows the workstation's wall clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()
