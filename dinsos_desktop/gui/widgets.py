"""Small widgets the forms share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


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
