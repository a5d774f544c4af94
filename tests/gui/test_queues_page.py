"""Antrean Kerja as a clerk uses it, on the 2026 office calendar: the counts in the queue selector,
overdue files with the working days they are late, due-soon across a weekend, the files waiting at
a chosen step, the bidang and layanan filters, Enter opening a file, and paging 50 at a time.

Files are registered through the services with fixed times in WIB; the page gets the same fixed
clock and local time. A file received on Tue 17 March 2026 with 5 working days is due Tue 31 March
(18-24 March are Nyepi, Idul Fitri and cuti bersama).

Every test runs on SQLite and on PostgreSQL (the ``engine`` fixture is parametrized over both)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.adapters.regions import REGIONS
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import DatabaseUnavailable
from dinsos_desktop.domain.workflow import StepOutcome
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.queues_page import OVERDUE_ROW, QueueModel, QueuesPage, queue_labels
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import applicants, intake, tracking
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services.dto import Actor, CatalogDTO, QueueCounts
from tests.integration.test_intake_services import DUE_FOR, RECEIVED, WIB, citizen, local

pytestmark = pytest.mark.gui

HOLIDAYS = IndonesianHolidays()
# (NIK, name, sex, birth date): the NIK agrees with the rest, so no warning asks for confirmation.
SITI = ("3575045508950001", "Siti Aminah", "P", dt.date(1995, 8, 15))
BUDI = ("3575011203800003", "Budi Santoso", "L", dt.date(1980, 3, 12))
CITRA = ("3575045203900001", "Citra Lestari", "P", dt.date(1990, 3, 12))
FRIDAY = dt.datetime(2026, 3, 27, 9, 0, tzinfo=WIB)  # before the weekend
MONDAY = dt.datetime(2026, 3, 30, 9, 0, tzinfo=WIB)
TUESDAY = dt.datetime(2026, 3, 31, 9, 0, tzinfo=WIB)  # the due day of a file received 17 March
THURSDAY = dt.datetime(2026, 4, 2, 9, 0, tzinfo=WIB)  # two working days after it


# --------------------------------------------------------------------------- fixtures and helpers


@dataclass
class Clock:
    """The page's clock: tests move it and call refresh()."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def catalog(catalog_uow: SqlAlchemyUnitOfWork) -> CatalogDTO:
    return catalog_service.get_catalog(catalog_uow)


@pytest.fixture
def clock() -> Clock:
    return Clock(FRIDAY)


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, clerk: Actor, runner: TaskRunner, catalog: CatalogDTO,
         clock: Clock) -> QueuesPage:
    """The page on the clerk's desk. The model tester is attached by each test once rows are
    loaded: attached earlier, its own fetchMore() would load the next batch (inline in tests) in
    the middle of the first batch's insertion."""
    ctx.actor = clerk
    page = QueuesPage(ctx, runner, lambda: catalog, clock=clock, local=local)
    qtbot.addWidget(page)
    page.resize(1180, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def _person(uow: SqlAlchemyUnitOfWork, clerk: Actor,
            who: tuple[str, str, str, dt.date] = SITI) -> int:
    nik, name, sex, birth = who
    return applicants.save_citizen(uow, clerk, citizen(nik=nik, name=name, sex=sex, birth_date=birth),
                                   regions=REGIONS, now=RECEIVED).id


def _registered(uow: SqlAlchemyUnitOfWork, clerk: Actor, person: int, code: str = "IZIN-LKSA",
                at: dt.datetime = RECEIVED) -> int:
    """A complete file registered at the counter at ``at`` (its due date from the calendar)."""
    app = intake.start_application(uow, clerk, code, citizen_id=person, now=at)
    for item in intake.view_application(uow, clerk, app.id).standard.checklist_items():
        intake.mark_item(uow, clerk, app.id, item.key, ItemStatus.COPY_RECEIVED, now=at)
    current = intake.view_application(uow, clerk, app.id).application
    intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR, now=at,
                  local=local)
    return app.id


def _step(uow: SqlAlchemyUnitOfWork, clerk: Actor, app_id: int, step_no: int,
          at: dt.datetime = RECEIVED) -> None:
    app = tracking.open_file(uow, clerk, app_id, holidays=HOLIDAYS, now=at,
                             local=local).application
    tracking.record_procedure_step(uow, clerk, app_id, step_no, StepOutcome.DONE,
                                   expected_version=app.version, now=at + dt.timedelta(hours=1))


def _show(qtbot: QtBot, page: QueuesPage, clock: Clock, when: dt.datetime, queue: str) -> QueueModel:
    clock.now = when
    page.set_queue(queue)
    page.refresh()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=3000)
    return page.model


def _column(model: QueueModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _ids(model: QueueModel) -> list[int]:
    return [item.row.application_id for r in range(model.rowCount())
            if (item := model.item_at(r)) is not None]


def _mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys of the page: buttons and labels with a buddy."""
    texts = [b.text() for b in widget.findChildren(QAbstractButton)]
    texts += [label.text() for label in widget.findChildren(QLabel) if label.buddy() is not None]
    return [m.group(1).lower() for text in texts if (m := re.search(r"(?<!&)&([^&\s])", text))]


def _tab(page: QueuesPage, queue: str) -> str:
    return page.queue_bar.tabText(list(queue_labels()).index(queue))


# --------------------------------------------------------------------------- tests


def test_the_selector_offers_every_queue_of_the_service(page: QueuesPage) -> None:
    assert tuple(queue_labels()) == tracking.QUEUES
    assert [page.queue_bar.tabText(i) for i in range(page.queue_bar.count())] == [
        "Terlambat", "Jatuh tempo hari ini", "Jatuh tempo ≤ 2 hari kerja", "Semua yang berjalan",
        "Menunggu di langkah", "Siap diambil"]


def test_counts_and_due_soon_across_the_weekend(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                                catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                                qtmodeltester: Any) -> None:
    app_id = _registered(catalog_uow, clerk, _person(catalog_uow, clerk))
    with qtbot.waitSignal(page.counts_changed, timeout=3000) as signal:
        model = _show(qtbot, page, clock, FRIDAY, "due_soon")
    counts = signal.args[0]
    assert isinstance(counts, QueueCounts) and counts == page.counts
    assert (counts.overdue, counts.due_today, counts.due_soon, counts.ready) == (0, 0, 1, 0)
    assert _tab(page, "overdue") == "Terlambat (0)"
    assert _tab(page, "due_today") == "Jatuh tempo hari ini (0)"
    assert _tab(page, "due_soon") == "Jatuh tempo ≤ 2 hari kerja (1)"
    assert _tab(page, "running") == "Semua yang berjalan"  # the service does not count these
    assert _tab(page, "ready") == "Siap diambil (0)"
    # Friday 27 March: Monday 30 and Tuesday 31 are the two working days left.
    assert _ids(model) == [app_id]
    number = model.index(0, QueueModel.NUMBER).data()
    assert number.startswith("26-")
    assert model.index(0, QueueModel.APPLICANT).data() == "Siti Aminah"
    assert model.index(0, QueueModel.STANDARD).data() == "Izin Operasional Panti Asuhan/LKSA"
    assert model.index(0, QueueModel.STEP).data().startswith("1/4 Pemohon menyiapkan berkas")
    assert model.index(0, QueueModel.DUE).data() == "31 Maret 2026"
    assert model.index(0, QueueModel.DUE).data(Qt.ItemDataRole.ToolTipRole) == "Selasa, 31 Maret 2026"
    assert model.index(0, QueueModel.LEFT).data() == "2 hari kerja"
    assert model.index(0, QueueModel.STATUS).data() == "Terdaftar"
    assert model.index(0, QueueModel.LEFT).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.count_label.text() == "1 berkas"
    assert page.updated_label.text() == "Keadaan 27 Maret 2026 pukul 09.00"
    qtmodeltester.check(model)

    model = _show(qtbot, page, clock, MONDAY, "due_soon")
    assert _column(model, QueueModel.LEFT) == ["1 hari kerja"]
    model = _show(qtbot, page, clock, TUESDAY, "due_today")
    assert _column(model, QueueModel.LEFT) == ["hari ini"]
    assert _tab(page, "due_today") == "Jatuh tempo hari ini (1)"
    assert _tab(page, "due_soon") == "Jatuh tempo ≤ 2 hari kerja (0)"

    # Nothing is late yet: the empty queue says so over the table.
    model = _show(qtbot, page, clock, TUESDAY, "overdue")
    assert model.rowCount() == 0
    assert page.placeholder.isVisible()
    assert page.placeholder.text() == "Tidak ada berkas yang terlambat."
    assert page.count_label.text() == "Tidak ada berkas."
    assert not page.open_button.isEnabled()


def test_overdue_rows_say_how_many_working_days_late(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                                     catalog_uow: SqlAlchemyUnitOfWork,
                                                     clerk: Actor, qtmodeltester: Any) -> None:
    uow = catalog_uow
    siti, budi = _person(uow, clerk), _person(uow, clerk, BUDI)
    # Received Wed 25 March: 26, 27, 30, 31 March and 1 April, due Wed 1 April.
    later = _registered(uow, clerk, budi, "ODGJ", at=dt.datetime(2026, 3, 25, 10, 0, tzinfo=WIB))
    first = _registered(uow, clerk, siti)  # due Tue 31 March
    model = _show(qtbot, page, clock, THURSDAY, "overdue")
    assert page.counts is not None and page.counts.overdue == 2
    assert _tab(page, "overdue") == "Terlambat (2)"
    # Most urgent first: the one due earlier.
    assert _ids(model) == [first, later]
    assert _column(model, QueueModel.APPLICANT) == ["Siti Aminah", "Budi Santoso"]
    assert _column(model, QueueModel.DUE) == ["31 Maret 2026", "1 April 2026"]
    assert _column(model, QueueModel.LEFT) == ["terlambat 2 hari kerja", "terlambat 1 hari kerja"]
    # Marked: a tinted row, the days left in bold.
    for row in range(2):
        assert model.index(row, QueueModel.NUMBER).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_ROW
        assert model.index(row, QueueModel.LEFT).data(Qt.ItemDataRole.FontRole).bold()
    assert not page.placeholder.isVisible()
    qtmodeltester.check(model)


def test_a_clock_time_limit_shows_the_hour(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                           catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    at = dt.datetime(2026, 4, 2, 8, 0, tzinfo=WIB)
    app_id = _registered(uow, clerk, _person(uow, clerk), "TANGGAP-DARURAT-BENCANA", at=at)  # 3 jam
    due = tracking.open_file(uow, clerk, app_id, holidays=HOLIDAYS, now=at,
                             local=local).application.due_at
    assert due is not None
    model = _show(qtbot, page, clock, THURSDAY, "due_today")
    assert _ids(model) == [app_id]
    assert model.index(0, QueueModel.DUE).data() == f"2 April 2026, {local(due):%H.%M}"
    assert model.index(0, QueueModel.DUE).data(Qt.ItemDataRole.ToolTipRole) == (
        f"Kamis, 2 April 2026 pukul {local(due):%H.%M}")
    assert model.index(0, QueueModel.LEFT).data() == "hari ini"
    # An hour after its limit it is late the same day.
    model = _show(qtbot, page, clock, local(due) + dt.timedelta(hours=1), "overdue")
    assert _ids(model) == [app_id]
    assert model.index(0, QueueModel.LEFT).data() == "terlambat (batas hari ini)"


def test_waiting_at_a_step(qtbot: QtBot, page: QueuesPage, clock: Clock,
                           catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    siti, budi = _person(uow, clerk), _person(uow, clerk, BUDI)
    moved = _registered(uow, clerk, siti)
    stays = _registered(uow, clerk, budi)
    _step(uow, clerk, moved, 1)
    model = _show(qtbot, page, clock, FRIDAY, "waiting")
    # A step needs its layanan first.
    assert page.step.isVisible() and not page.step.isEnabled()
    assert model.wanted is None and model.rowCount() == 0
    assert page.placeholder.isVisible() and "Pilih layanan" in page.placeholder.text()

    page.set_standard("IZIN-LKSA")
    steps = [page.step.itemText(i) for i in range(page.step.count())]
    assert len(steps) == 4 and steps[0].startswith("1. Pemohon menyiapkan berkas")
    assert page.step.isEnabled() and page.step.currentData() == 1
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert _ids(model) == [stays]
    page.set_step(2)
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert _ids(model) == [moved]
    assert model.index(0, QueueModel.STEP).data().startswith("2/4 Pemohon menyerahkan berkas")
    assert model.index(0, QueueModel.STATUS).data() == "Diproses"
    page.set_step(3)
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert model.rowCount() == 0
    assert page.placeholder.text().startswith("Tidak ada berkas yang menunggu di langkah ini.")

    # The step filter belongs to this queue only.
    page.set_queue("running")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert not page.step.isVisible()
    assert model.wanted is not None and model.wanted.step is None
    assert sorted(_ids(model)) == sorted([moved, stays])


def test_ready_files_wait_to_be_collected(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                          catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    app_id = _registered(uow, clerk, _person(uow, clerk))
    for step in range(1, 5):
        _step(uow, clerk, app_id, step)
    model = _show(qtbot, page, clock, FRIDAY, "ready")
    assert _tab(page, "ready") == "Siap diambil (1)"
    assert _ids(model) == [app_id]
    assert model.index(0, QueueModel.STEP).data() == "4/4 selesai"
    assert model.index(0, QueueModel.STATUS).data() == "Siap diambil"
    assert model.index(0, QueueModel.LEFT).data() == ""
    assert model.index(0, QueueModel.STATUS).data(Qt.ItemDataRole.ToolTipRole) == (
        "Siap diambil sejak 17 Maret 2026 pukul 11.00")


def test_filters_by_bidang_and_standard(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                        catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                        qtmodeltester: Any) -> None:
    uow = catalog_uow
    siti, budi = _person(uow, clerk), _person(uow, clerk, BUDI)
    lksa = _registered(uow, clerk, siti)  # DAYASOS, due 31 March
    odgj = _registered(uow, clerk, budi, "ODGJ")  # REHSOS, due 31 March
    psm = _registered(uow, clerk, budi, "PSM")  # DAYASOS, 2 months
    model = _show(qtbot, page, clock, THURSDAY, "running")
    assert sorted(_ids(model)) == sorted([lksa, odgj, psm])
    assert _tab(page, "overdue") == "Terlambat (2)"
    qtmodeltester.check(model)  # and through every reload below

    page.set_bidang("REHSOS")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert _ids(model) == [odgj]
    offered = {page.standard.itemData(i) for i in range(page.standard.count())}
    assert "ODGJ" in offered and "IZIN-LKSA" not in offered and None in offered
    assert _tab(page, "overdue") == "Terlambat (1)"  # the counts follow the filters

    page.set_bidang("DAYASOS")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert sorted(_ids(model)) == sorted([lksa, psm])
    page.set_standard("PSM")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert _ids(model) == [psm]
    assert _tab(page, "overdue") == "Terlambat (0)"
    assert model.wanted is not None and model.wanted.standard_code == "PSM"

    # A bidang without the chosen layanan lets go of it.
    page.set_bidang("REHSOS")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert page.standard.currentData() is None
    assert _ids(model) == [odgj]

    page.set_bidang(None)
    page.set_standard("IZIN-LKSA")
    model = _show(qtbot, page, clock, THURSDAY, "overdue")
    assert _ids(model) == [lksa]
    page.set_standard("TKSK")
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert model.rowCount() == 0
    assert "Saringan bidang/layanan" in page.placeholder.text()


def test_enter_and_double_click_open_the_selected_file(qtbot: QtBot, page: QueuesPage,
                                                       clock: Clock,
                                                       catalog_uow: SqlAlchemyUnitOfWork,
                                                       clerk: Actor) -> None:
    uow = catalog_uow
    first = _registered(uow, clerk, _person(uow, clerk))
    second = _registered(uow, clerk, _person(uow, clerk, BUDI), "PSM")
    model = _show(qtbot, page, clock, THURSDAY, "running")
    assert _ids(model) == [first, second]
    assert page.current_application_id() == first  # the first row is selected when loaded
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current_application_id() == second
    with qtbot.waitSignal(page.open_requested, timeout=1000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [second]

    rect = page.table.visualRect(model.index(0, QueueModel.APPLICANT))
    with qtbot.waitSignal(page.open_requested, timeout=1000) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [first]

    assert page.open_button.isEnabled()
    with qtbot.waitSignal(page.open_requested, timeout=1000) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [first]


def test_keyboard_shortcuts_pick_the_queue(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                           catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    _registered(catalog_uow, clerk, _person(catalog_uow, clerk))
    _show(qtbot, page, clock, FRIDAY, "running")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.queue == "due_soon" and page.queue_bar.hasFocus()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=3000)
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.queue_bar, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert page.queue == "ready"
    # Tab goes from the queues to the filters, then the table.
    assert page.queue_bar.nextInFocusChain() is page.bidang


def test_refresh_keeps_the_selected_file(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                         catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    _registered(uow, clerk, _person(uow, clerk))
    second = _registered(uow, clerk, _person(uow, clerk, BUDI), "PSM")
    model = _show(qtbot, page, clock, FRIDAY, "running")
    page.table.setCurrentIndex(model.index(1, 0))
    _registered(uow, clerk, _person(uow, clerk, CITRA), "ODGJ")
    page.refresh()
    qtbot.waitUntil(lambda: not model.loading, timeout=3000)
    assert model.rowCount() == 3
    assert page.current_application_id() == second


def test_more_than_fifty_rows_load_as_the_list_scrolls(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                                       catalog_uow: SqlAlchemyUnitOfWork,
                                                       clerk: Actor, qtmodeltester: Any) -> None:
    uow = catalog_uow
    person = _person(uow, clerk)
    ids = [_registered(uow, clerk, person, "SURAT-KELUAR",
                       at=RECEIVED + dt.timedelta(minutes=i)) for i in range(55)]
    model = _show(qtbot, page, clock, FRIDAY, "running")
    assert model.rowCount() == 50 and model.canFetchMore()
    assert page.count_label.text() == ("50 berkas ditampilkan, masih ada lagi: gulir ke bawah untuk "
                                       "memuat lebih banyak")
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 55, timeout=3000)
    assert not model.canFetchMore()
    assert sorted(_ids(model)) == sorted(ids)
    assert page.count_label.text() == "55 berkas"
    qtmodeltester.check(model)


def test_mnemonics_are_unique_and_tab_order_is_sensible(qtbot: QtBot, page: QueuesPage,
                                                         clock: Clock,
                                                         catalog_uow: SqlAlchemyUnitOfWork,
                                                         clerk: Actor) -> None:
    keys = _mnemonics(page)
    assert len(keys) == len(set(keys)) and {"i", "l", "g", "m", "u"} <= set(keys), keys
    _registered(catalog_uow, clerk, _person(catalog_uow, clerk))
    page.set_standard("IZIN-LKSA")
    _show(qtbot, page, clock, FRIDAY, "waiting")  # the step filter shows
    assert page.model.rowCount() == 1 and page.open_button.isEnabled()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.queue_bar.setFocus()
    visited = []
    for _ in range(7):
        focused = QApplication.focusWidget()
        assert focused is not None
        visited.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == [page.queue_bar, page.bidang, page.standard, page.step, page.table,
                       page.open_button, page.reload_button]


def test_an_unreachable_database_says_so_once(qtbot: QtBot, page: QueuesPage, clock: Clock,
                                              ctx: AppContext, boxes: list[str]) -> None:
    def unreachable() -> Any:
        raise DatabaseUnavailable("Server basis data tidak dapat dihubungi.")

    ctx.uow_factory = unreachable
    _show(qtbot, page, clock, FRIDAY, "overdue")
    assert boxes == ["Server basis data tidak dapat dihubungi."]  # rows and counts: one message
    assert page.placeholder.isVisible() and "tidak dapat dimuat" in page.placeholder.text()
    assert page.count_label.text() == "Gagal memuat."
