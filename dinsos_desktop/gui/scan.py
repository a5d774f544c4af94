"""A USB barcode scanner at the counter: it "types" the QR code of a receipt, then Enter, into
whatever widget has the keyboard focus.

``ScanCatcher`` is an event filter for the whole application. It watches the keys reaching the
focused widget and recognises a scan by two things together: the characters came fast, each
within ``max_gap_ms`` of the one before (a scanner sends a whole code in a few milliseconds; a
person needs 100 ms or more between keys), and the run ends with Enter and has the shape of a
receipt's QR payload (``services.receipts``: the number, ``*``, the signature). Then it emits
``scanned(payload)``, swallows that Enter (no dialog's default button, no ``returnPressed``), and
takes the scanned characters out of the line or text box they went into.

Whether the code is genuine is not decided here: ``services.intake.find_by_number`` checks the
signature, and the page that opens the file says so when it is not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

DEFAULT_MAX_GAP_MS = 50

# A plausible document number (a tracking number '26-000451-7' or a slip 'K26-000123-4', the
# separators optional; the check character is not checked here), '*', then a signature. Looser
# than a genuine payload on purpose: a damaged or forged code is still recognised as a scan, so
# that the clerk is told it is not valid instead of finding it typed into a field.
PAYLOAD = re.compile(r"(?:[Kk]?\d{2}[-\s./]?\d{6}[-\s./]?[0-9A-Za-z])\*[0-9A-Za-z]{4,64}")
_PAYLOAD_AT_END = re.compile(rf"(?:{PAYLOAD.pattern})\Z")

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TYPING_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
_MAX_BUFFER = 200


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def looks_like_payload(text: str) -> bool:
    """True when ``text`` has the shape of a receipt's QR payload (genuine or not)."""
    return PAYLOAD.fullmatch(text.strip()) is not None


class ScanCatcher(QObject):
    """Install on the QApplication (``app.installEventFilter(catcher)``).

    ``max_gap_ms``: the longest pause between two scanned keys (also before the Enter).
    ``clock``: milliseconds, for tests; by default the window system's time stamp of each key
    (so that keys queued while the program was busy keep their real spacing), or the monotonic
    clock when an event has none."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, *, max_gap_ms: float = DEFAULT_MAX_GAP_MS,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self._clock = clock
        self._chars: list[str] = []
        self._last: float | None = None
        self._enter_claimed: str | None = None  # the payload whose Enter's shortcut was held back
        self.enabled = True

    # ------------------------------------------------------------------ the filter

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) \
                or not self.enabled or not isinstance(event, QKeyEvent) or not self._is_target(obj):
            return False
        if event.key() in _ENTER_KEYS and self._plain(event):
            return self._enter(obj, event, kind == QEvent.Type.ShortcutOverride)
        if kind == QEvent.Type.ShortcutOverride:
            return False  # the key press follows; it is counted then
        text = event.text()
        if event.isAutoRepeat() or not self._plain(event) or len(text) != 1 or not text.isprintable():
            self.reset()
            return False
        now = self._now(event)
        if self._last is None or not 0 <= now - self._last <= self.max_gap_ms:
            self._chars = []
        self._chars.append(text)
        del self._chars[:-_MAX_BUFFER]
        self._last = now
        return False

    def reset(self) -> None:
        self._chars = []
        self._last = None
        self._enter_claimed = None

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _is_target(obj: QObject) -> bool:
        """Each key is seen once: by the widget it is meant for (the focus widget, else the
        window), not again by each parent it propagates to nor by the QWindow it came through."""
        if not isinstance(obj, QWidget):
            return False
        focus = QApplication.focusWidget()
        return obj is focus if focus is not None else obj.isWindow()

    @staticmethod
    def _plain(event: QKeyEvent) -> bool:
        return not (event.modifiers() & ~_TYPING_MODIFIERS)

    def _now(self, event: QKeyEvent) -> float:
        if self._clock is not None:
            return float(self._clock())
        stamp = event.timestamp()
        return float(stamp) if stamp else _monotonic_ms()

    def _scanned_payload(self, event: QKeyEvent) -> str | None:
        """The payload the fast run ends with, when this Enter ends a scan."""
        if not self._chars or self._last is None:
            return None
        if not 0 <= self._now(event) - self._last <= self.max_gap_ms:
            return None
        match = _PAYLOAD_AT_END.search("".join(self._chars))
        return match.group(0) if match is not None else None

    def _enter(self, obj: QObject, event: QKeyEvent, override: bool) -> bool:
        if override:
            # Before the key press: keep a shortcut on Enter from firing for a scan.
            self._enter_claimed = self._scanned_payload(event)
            if self._enter_claimed is None:
                return False
            event.accept()
            return True
        payload = self._enter_claimed or self._scanned_payload(event)
        self.reset()
        if payload is None:
            return False
        assert isinstance(obj, QWidget)
        _remove_typed(obj, payload)
        event.accept()
        self.scanned.emit(payload)
        return True


def _remove_typed(widget: QWidget, payload: str) -> None:
    """Take the scanned characters back out of the box they were typed into (just before the
    cursor; else the last place they occur), leaving what the clerk had typed there."""
    if isinstance(widget, QLineEdit):
        text, end = widget.text(), widget.cursorPosition()
        start = end - len(payload)
        if start < 0 or text[start:end] != payload:
            start = text.rfind(payload)
        if start >= 0 and not widget.isReadOnly():
            widget.setSelection(start, len(payload))
            widget.del_()
        return
    if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                            len(payload))
        if cursor.selectedText() != payload:
            document = widget.document()
            found = document.find(payload, document.characterCount(),
                                  QTextDocument.FindFlag.FindBackward)
            if found.isNull():
                return
            cursor = found
        cursor.removeSelectedText()
        widget.setTextCursor(cursor)
