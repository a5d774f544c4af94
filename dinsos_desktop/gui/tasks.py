"""Background work: one database thread, one thread for reports; results come back by signal.

A task is a plain function. Its result or exception is delivered to callbacks on the GUI thread.
Tests construct the runner with ``inline=True`` so that tasks run at once, in order.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(object, object)  # (result, error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            exc.__dict__.setdefault("formatted_traceback", traceback.format_exc())
            self.relay.finished.emit(None, exc)
        else:
            self.relay.finished.emit(result, None)


class TaskRunner(QObject):
    busy_changed = Signal(bool)

    def __init__(self, *, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inline = inline
        self._pending = 0
        self._relays: set[_Relay] = set()
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)  # one database worker thread: work is serialized
        self.report_pool = QThreadPool(self)
        self.report_pool.setMaxThreadCount(1)
        self.default_error_handler: ErrorCallback | None = None

    def run_db(self, fn: Callable[[], Any], on_done: Callback | None = None,
               on_error: ErrorCallback | None = None) -> None:
        self._submit(self.db_pool, fn, on_done, on_error)

    def run_report(self, fn: Callable[[], Any], on_done: Callback | None = None,
                   on_error: ErrorCallback | None = None) -> None:
        self._submit(self.report_pool, fn, on_done, on_error)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _submit(self, pool: QThreadPool, fn: Callable[[], Any], on_done: Callback | None,
                on_error: ErrorCallback | None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        if self.inline:
            try:
                result = fn()
            except Exception as exc:
                exc.__dict__.setdefault("formatted_traceback", traceback.format_exc())
                self._deliver(None, exc, on_done, on_error)
            else:
                self._deliver(result, None, on_done, on_error)
            return
        relay = _Relay()
        self._relays.add(relay)

        @Slot(object, object)
        def finished(result: Any, error: BaseException | None) -> None:
            self._relays.discard(relay)
            self._deliver(result, error, on_done, on_error)

        relay.finished.connect(finished)
        pool.start(_Task(fn, relay))

    def _deliver(self, result: Any, error: BaseException | None, on_done: Callback | None,
                 on_error: ErrorCallback | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if error is None:
            if on_done is not None:
                on_done(result)
            return
        handler = on_error or self.default_error_handler
        if handler is None:
            log.error("Unhandled background error", exc_info=error)
            return
        handler(error)

    def wait(self, msecs: int = 30000) -> None:
        self.db_pool.waitForDone(msecs)
        self.report_pool.waitForDone(msecs)
