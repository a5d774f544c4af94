"""The working-days page as the admin uses it: the year's holidays, cuti bersama and office closures,
adding and removing a closure, the two settings, and the "Coba hitung" box that counts a due date
the way a receipt prints it.

Every test runs on SQLite and on PostgreSQL (the ``engine`` fixture is parametrized over both). The
holidays come from the real adapter (the ``holidays`` package), as in the application.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.config import SettingsStore
from dinsos_desktop.domain.catalog import TimeUnit
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.workdays import DayOne
from dinsos_desktop.gui.calendar_page import CalendarPage, ClosureDialog, SpecialDayModel
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.main_window import MainWindow
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import audit as audit_service
from dinsos_desktop.services import calendar as calendar_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor
from tests.gui.conftest import WindowFactory

pytestmark = pytest.mark.gui

Fresh = Callable[[], SqlAlchemyUnitOfWork]

NYEPI = ("Kamis, 19 Maret 2026", "Libur nasional", "Hari Suci Nyepi")
CUTI_MARCH_2026 = [
    ("Rabu, 18 Maret 2026", "Cuti bersama", "Cuti Bersama Hari Suci Nyepi"),
    ("Jumat, 20 Maret 2026", "Cuti bersama", "Cuti Bersama Hari Raya Idul Fitri"),
    ("Senin, 23 Maret 2026", "Cuti bersama", "Cuti Bersama Hari Raya Idul Fitri"),
    ("Selasa, 24 Maret 2026", "Cuti bersama", "Cuti Bersama Hari Raya Idul Fitri"),
]
ELECTION = "Pemungutan suara Pilkada"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner(inline=True)


@pytest.fixture
def ctx(engine: Engine, admin: Actor, tmp_path: Path) -> AppContext:
    """The admin logged in on this test's database, with the application's holiday source."""
    return AppContext(
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-gui"),
        database_label="test",
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=lambda url: (lambda: SqlAlchemyUnitOfWork(engine), url),
        test_connection=lambda url: "Terhubung.",
        url_for=lambda settings: settings.url(tmp_path / "bawaan.sqlite3"),
        holidays=IndonesianHolidays(),
        actor=admin,
    )


@pytest.fixture
def fresh(engine: Engine) -> Fresh:
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-check")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown; confirmations are answered Yes."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    def question(_parent: Any, _title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


def _open_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, year: int = 2026) -> CalendarPage:
    page = CalendarPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.year.setValue(year)
    page.refresh()
    return page


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, qtmodeltester: Any) -> CalendarPage:
    page = _open_page(qtbot, ctx, runner)
    qtmodeltester.check(page.model)
    return page


def _rows(page: CalendarPage) -> list[tuple[str, ...]]:
    model = page.model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def _select(page: CalendarPage, text: str, kind: str) -> None:
    for row, values in enumerate(_rows(page)):
        if values[SpecialDayModel.DATE] == text and values[SpecialDayModel.KIND] == kind:
            page.table.setCurrentIndex(page.model.index(row, 0))
            return
    raise AssertionError(f"{text} ({kind}) is not in the table")


def _mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys of the shown buttons and of the labels with a buddy."""
    texts = [b.text() for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]
    texts += [label.text() for label in widget.findChildren(QLabel)
              if label.buddy() is not None and label.isVisibleTo(widget)]
    keys = []
    for text in texts:
        match = re.search(r"(?<!&)&([^&\s])", text)
        if match:
            keys.append(match.group(1).lower())
    return keys


def _ask(page: CalendarPage, received: dt.datetime, value: int, unit: TimeUnit) -> str:
    """Fill "Coba hitung" and press Hitung: the result line as shown."""
    page.received.setDateTime(QDateTime(QDate(received.year, received.month, received.day),
                                        QTime(received.hour, received.minute)))
    page.limit_value.setValue(value)
    page.limit_unit.setCurrentIndex(page.limit_unit.findData(unit))
    page.preview_button.click()
    return page.result.text()


def _add_closure(qtbot: QtBot, page: CalendarPage, day: dt.date, reason: str) -> ClosureDialog:
    dialog = page.add_closure()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, reason)
    dialog.ok_button.click()
    return dialog


def _beside(dialog: QWidget, field: QWidget, error: QLabel) -> bool:
    """True when ``error`` sits in the grid cell right under ``field`` (the project's form rows)."""
    for grid in dialog.findChildren(QGridLayout):
        field_at = grid.indexOf(field)
        if field_at < 0:
            continue
        row, column, _span, _columns = grid.getItemPosition(field_at)
        error_at = grid.indexOf(error)
        return error_at >= 0 and grid.getItemPosition(error_at)[:2] == (row + 1, column)
    return False


# --------------------------------------------------------------------------- the year's days


def test_the_2026_table_shows_nyepi_and_the_cuti_bersama_days(qtbot: QtBot, page: CalendarPage) -> None:
    assert page.year.value() == 2026
    rows = _rows(page)
    assert NYEPI in rows
    for cuti in CUTI_MARCH_2026:
        assert cuti in rows
    assert ("Sabtu, 21 Maret 2026", "Libur nasional", "Hari Raya Idul Fitri") in rows
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Tanggal"
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Tanggal", "Jenis", "Keterangan"]
    assert [r[0] for r in rows][:2] == ["Kamis, 1 Januari 2026", "Jumat, 16 Januari 2026"]  # by date
    assert not page.provisional_note.isVisible()  # 2026 is the decree's data
    assert "8 cuti bersama" in page.summary.text()
    # Holidays follow the decree: only office closures can be removed.
    _select(page, NYEPI[0], "Libur nasional")
    assert not page.remove_button.isEnabled()
    keys = _mnemonics(page)
    assert len(keys) == len(set(keys)), sorted(keys)
    assert not set(keys) & {"b", "k", "n"}  # the menus Berkas, Katalog, Bantuan


def test_the_year_selector_starts_at_this_year_and_marks_estimates(
        qtbot: QtBot, ctx: AppContext, runner: TaskRunner) -> None:
    page = CalendarPage(ctx, runner)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.year.value() == dt.date.today().year
    assert page.model.rowCount() > 0

    page.year.setValue(2028)  # the package only estimates 2028: no decree yet
    names = [r[SpecialDayModel.NAME] for r in _rows(page)]
    assert "Hari Raya Idul Fitri (perkiraan)" in names  # the adapter's names, as given
    assert not any("(perkiraan) (perkiraan)" in n for n in names)
    assert page.provisional_note.isVisible()
    assert "perkiraan" in page.provisional_note.text()
    page.year.stepBy(-2)
    assert page.year.value() == 2026 and NYEPI in _rows(page)
    assert not page.provisional_note.isVisible()


# --------------------------------------------------------------------------- closures


def test_a_closure_shows_and_moves_the_previewed_due_date_until_removed(
        qtbot: QtBot, page: CalendarPage, fresh: Fresh, admin: Actor, boxes: list[str]) -> None:
    received = dt.datetime(2026, 3, 17, 10, 0)
    assert _ask(page, received, 5, TimeUnit.WORKING_DAYS) == "Batas selesai: <b>Selasa, 31 Maret 2026</b>"
    # The days the count stepped over are listed, so the admin sees why.
    assert "Kamis, 19 Maret 2026 — Libur nasional: Hari Suci Nyepi" in page.skipped.text()
    assert page.skipped.isVisible()

    dialog = _add_closure(qtbot, page, dt.date(2026, 3, 27), ELECTION)
    assert dialog.result() == ClosureDialog.DialogCode.Accepted
    assert ("Jumat, 27 Maret 2026", "Kantor tutup", ELECTION) in _rows(page)
    assert page.selected_day() is not None and page.selected_day().name == ELECTION  # type: ignore[union-attr]
    assert page.remove_button.isEnabled()
    assert "27 Maret 2026 dicatat sebagai hari kantor tutup" in page.status.text()
    # The due date on show is counted again with the new closure.
    assert page.result.text() == "Batas selesai: <b>Rabu, 1 April 2026</b>"
    assert "Jumat, 27 Maret 2026 — Kantor tutup: " + ELECTION in page.skipped.text()
    stored = calendar_service.list_closures(fresh(), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert stored == [(dt.date(2026, 3, 27), ELECTION)]
    # Exactly what the receipt would use: the service's due date with the same holiday source.
    due = calendar_service.preview_due(fresh(), IndonesianHolidays(), received.astimezone(), 5,
                                       TimeUnit.WORKING_DAYS)
    assert due.date == dt.date(2026, 4, 1)

    _select(page, "Jumat, 27 Maret 2026", "Kantor tutup")
    page.remove_button.click()
    assert len(boxes) == 1 and ELECTION in boxes[0]  # asked first
    assert all(r[SpecialDayModel.KIND] != "Kantor tutup" for r in _rows(page))
    assert calendar_service.list_closures(fresh(), dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []
    assert page.result.text() == "Batas selesai: <b>Selasa, 31 Maret 2026</b>"
    actions = [(e.action, e.entity) for e in audit_service.audit_page(fresh(), admin, limit=5).items]
    assert ("create", "office_closure") in actions and ("delete", "office_closure") in actions


def test_a_closure_answered_no_stays(qtbot: QtBot, page: CalendarPage, fresh: Fresh,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _add_closure(qtbot, page, dt.date(2026, 11, 30), "Rapat kerja")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.No)
    _select(page, "Senin, 30 November 2026", "Kantor tutup")
    page.remove_button.click()
    assert ("Senin, 30 November 2026", "Kantor tutup", "Rapat kerja") in _rows(page)
    assert len(calendar_service.list_closures(fresh(), dt.date(2026, 11, 1),
                                              dt.date(2026, 11, 30))) == 1


def test_an_empty_reason_is_shown_beside_the_field(qtbot: QtBot, page: CalendarPage,
                                                   fresh: Fresh, boxes: list[str]) -> None:
    dialog = _add_closure(qtbot, page, dt.date(2026, 3, 27), "   ")
    assert dialog.isVisible()  # still open, nothing saved
    error = dialog.findChild(QLabel, "reasonError")
    assert error is not None and error.isVisible()
    assert error.text() == "Tuliskan alasan kantor tutup."
    assert _beside(dialog, dialog.reason, error)
    assert dialog.focusWidget() is dialog.reason
    assert calendar_service.list_closures(fresh(), dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []
    assert boxes == []  # beside the field, not in a box
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)

    # A reason fixes it; the same date a second time is refused beside the date.
    qtbot.keyClicks(dialog.reason, "Kerja bakti")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    again = _add_closure(qtbot, page, dt.date(2026, 3, 27), "Lagi")
    day_error = again.findChild(QLabel, "dayError")
    assert day_error is not None and day_error.isVisible()
    assert "sudah tercatat" in day_error.text()
    assert not again.findChild(QLabel, "reasonError").isVisible()  # type: ignore[union-attr]


def test_a_closure_in_another_year_moves_the_table_there(qtbot: QtBot, page: CalendarPage) -> None:
    _add_closure(qtbot, page, dt.date(2027, 1, 4), "Libur tambahan")
    assert page.year.value() == 2027
    assert ("Senin, 4 Januari 2027", "Kantor tutup", "Libur tambahan") in _rows(page)


# --------------------------------------------------------------------------- settings


def test_the_settings_round_trip(qtbot: QtBot, page: CalendarPage, ctx: AppContext,
                                 runner: TaskRunner, fresh: Fresh) -> None:
    assert not page.cuti_working.isChecked() and page.day_one_after.isChecked()  # the defaults
    received = dt.datetime(2026, 3, 17, 10, 0)
    assert "Selasa, 31 Maret 2026" in _ask(page, received, 5, TimeUnit.WORKING_DAYS)

    page.cuti_working.setChecked(True)
    page.day_one_same.setChecked(True)
    assert "Belum disimpan" in page.settings_status.text()
    page.save_button.click()
    assert "Tersimpan" in page.settings_status.text()
    with fresh() as uow:
        assert calendar_service.calendar_settings(uow) == (True, DayOne.SAME_DAY_IF_WORKING)
    # Day 1 is the 17th itself, and the cuti bersama days count: 17, 18, 20, 23, 24 March.
    assert page.result.text() == "Batas selesai: <b>Selasa, 24 Maret 2026</b>"
    assert "Cuti bersama" not in page.skipped.text()
    cuti_row = next(r for r, v in enumerate(_rows(page)) if v == CUTI_MARCH_2026[0])
    assert page.model.index(cuti_row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "dihitung sebagai hari kerja" in page.summary.text()

    reopened = _open_page(qtbot, ctx, runner)
    assert reopened.cuti_working.isChecked() and reopened.day_one_same.isChecked()
    assert reopened.settings_status.text() == ""
    reopened.cuti_working.setChecked(False)
    reopened.day_one_after.setChecked(True)
    reopened.save_button.click()
    with fresh() as uow:
        assert calendar_service.calendar_settings(uow) == (False, DayOne.FIRST_WORKING_DAY_AFTER_RECEIPT)


def test_unsaved_settings_survive_a_refresh(qtbot: QtBot, page: CalendarPage, fresh: Fresh) -> None:
    page.cuti_working.setChecked(True)
    page.refresh()  # the main window refreshes a page on every visit
    assert page.cuti_working.isChecked()
    assert "Belum disimpan" in page.settings_status.text()
    with fresh() as uow:
        assert calendar_service.calendar_settings(uow)[0] is False
    page.cuti_working.setChecked(False)  # back to what is stored: nothing to say
    assert page.settings_status.text() == ""


# --------------------------------------------------------------------------- coba hitung


def test_the_preview_prints_each_unit_like_the_receipt(qtbot: QtBot, page: CalendarPage) -> None:
    received = dt.datetime(2026, 3, 17, 10, 0)
    assert _ask(page, received, 3, TimeUnit.HOURS) == (
        "Batas selesai: <b>Selasa, 17 Maret 2026 pukul 13.00</b>")
    assert not page.skipped.isVisible()
    assert "Jumat, 27 Maret 2026" in _ask(page, received, 10, TimeUnit.CALENDAR_DAYS)
    assert "Selasa, 31 Maret 2026" in _ask(page, received, 2, TimeUnit.WEEKS)
    assert "Jumat, 17 April 2026" in _ask(page, received, 1, TimeUnit.MONTHS)
    assert [page.limit_unit.itemText(i) for i in range(page.limit_unit.count())] == [
        "hari kerja", "hari kalender", "jam", "minggu", "bulan"]
    page.limit_value.setValue(4)  # a changed question: the old answer is not shown as current
    assert "Hitung" in page.result.text() and "April" not in page.result.text()


def test_a_due_date_beyond_the_loaded_years_is_explained(qtbot: QtBot, page: CalendarPage,
                                                         boxes: list[str]) -> None:
    _ask(page, dt.datetime(2026, 3, 17, 10, 0), 999, TimeUnit.WORKING_DAYS)
    assert page.result.text() == ""
    assert "Data hari libur tahun" in page.preview_general.text()
    assert page.preview_general.isVisible()
    assert boxes == []


# --------------------------------------------------------------------------- roles


def test_only_an_admin_gets_the_page(qtbot: QtBot, main_window: MainWindow, admin: Actor,
                                     clerk: Actor, fresh: Fresh) -> None:
    main_window.set_actor(clerk)
    assert "calendar" not in main_window.page_keys()
    assert main_window.show_page("calendar") is None
    user_service.create_user(fresh(), admin, "kadis", "Kepala Dinas", [Role.PIMPINAN],
                             "Rahasia-kadis-1")
    main_window.set_actor(user_service.login(fresh(), "kadis", "Rahasia-kadis-1"))
    assert "calendar" not in main_window.page_keys()

    main_window.set_actor(admin)
    keys = main_window.page_keys()
    assert keys.index("calendar") == keys.index("office") + 1
    page = main_window.show_page("calendar")
    assert isinstance(page, CalendarPage)
    assert main_window.nav.currentItem().text() == "Hari Kerja"
    assert NYEPI in _rows(page) or page.year.value() != 2026  # refreshed on the visit

    main_window.set_actor(clerk)  # the admin leaves: the page goes with them
    assert "calendar" not in main_window.page_keys()
    qtbot.waitUntil(lambda: main_window.page_widget("calendar") is None)


def test_a_closure_survives_the_main_window_round_trip(
        qtbot: QtBot, main_window: MainWindow, admin: Actor, window_factory: WindowFactory,
        fresh: Fresh) -> None:
    """Through the window the application builds (holidays from the context, like run_gui)."""
    main_window.set_actor(admin)
    page = main_window.show_page("calendar")
    assert isinstance(page, CalendarPage)
    page.year.setValue(2026)
    _add_closure(qtbot, page, dt.date(2026, 3, 27), ELECTION)
    main_window.show_page("catalog")
    again = main_window.show_page("calendar")
    assert again is page and ("Jumat, 27 Maret 2026", "Kantor tutup", ELECTION) in _rows(page)


def test_a_long_count_lists_only_the_first_skipped_days(qtbot: QtBot, page: CalendarPage) -> None:
    assert "Jumat, 9 April 2027" in _ask(page, dt.datetime(2026, 3, 17, 10, 0), 250,
                                           TimeUnit.WORKING_DAYS)
    lines = page.skipped.text().split("<br>")
    assert lines[1].startswith("Rabu, 18 Maret 2026")
    assert len(lines) == 12 and lines[-1].startswith("… dan ") and lines[-1].endswith(" hari lagi")
