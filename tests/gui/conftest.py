"""Fixtures for the GUI tests: the application context on the test database, an inline task runner,
and the main window as the composition root builds it (minus the login prompt unless asked).

Every fixture here that touches the database depends on ``engine``, so each GUI test that uses one
runs on SQLite and on PostgreSQL like every other database test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop import app as composition_root
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.config import SettingsStore, describe_url
from dinsos_desktop.domain.regions import KOTA_PASURUAN_REGIONS
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.main_window import MainWindow
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.paths import bundled_catalog

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    """Tasks run at once, in order, on the GUI thread (no worker threads in tests)."""
    return TaskRunner(inline=True)


def due_in_five_days(_uow: Any, received: dt.datetime, _standard: Any) -> tuple[dt.datetime, bool]:
    """The due-date calculator of the GUI tests (the real calendar has its own tests)."""
    return received + dt.timedelta(days=5), False


@pytest.fixture
def ctx(engine: Engine, tmp_path: Path) -> AppContext:
    """What ``app.run_gui`` hands the main window, pointed at this test's database."""
    return AppContext(
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-gui"),
        database_label=describe_url(engine.url.render_as_string(hide_password=True)),
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=composition_root.open_database,
        test_connection=composition_root.test_connection,
        url_for=lambda s: s.url(tmp_path / "x.sqlite3"),
        bundled_catalog=bundled_catalog(),
        regions=KOTA_PASURUAN_REGIONS,
        due_for=due_in_five_days,
        holidays=IndonesianHolidays(),
    )


@pytest.fixture
def window_factory(qtbot: QtBot, runner: TaskRunner) -> WindowFactory:
    """Builds a main window (closed by qtbot after the test). Does not call ``start()``."""

    def make(ctx: AppContext, *, ask_login: bool = True) -> MainWindow:
        window = MainWindow(ctx, runner, ask_login=ask_login)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def main_window(ctx: AppContext, window_factory: WindowFactory) -> MainWindow:
    """The main window after start-up, catalog loaded, nobody logged in, no login prompt."""
    window = window_factory(ctx, ask_login=False)
    window.start()
    return window


def show_active(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Show ``window`` and make it the active window: keyboard focus and shortcuts need that."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def active_window(qtbot: QtBot, main_window: MainWindow) -> MainWindow:
    """``main_window`` shown and active, for tests that type or press shortcuts."""
    return show_active(qtbot, main_window)
