"""The agenda book's administration as the admin and the agendaris use it: the numbering settings
with their live sample, the classification-code master (add, edit, retire, import, export), the
registers as PDF and XLSX, the report of missing and duplicated numbers, and importing an old
agenda book.

Letters are registered through the services at a fixed moment in WIB. Files are written with
openpyxl and csv in ``tmp_path``; the pages' file dialogs are answered through ``choose_file``.
Every test runs on SQLite and on PostgreSQL (the ``engine`` fixture is parametrized over both)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.config import SettingsStore
from dinsos_desktop.domain.letters import (
    CodeSet,
    CounterScopeKind,
    LetterFields,
    LetterKind,
    NumberingSettings,
    SuffixStyle,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.agenda_admin import (
    AgendaToolsPage,
    ClassificationDialog,
    ClassificationModel,
    ClassificationPage,
    ImportPreviewDialog,
    NumberingSettingsPage,
    ReportJob,
    RetireDialog,
    ranges_text,
    scope_text,
)
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import letters as letter_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor, ClassificationDTO, ClassificationInput
from dinsos_desktop.services.letters import ImportedLetter
from tests.pdftext import parse_pdf, squash

pytestmark = pytest.mark.gui

Fresh = Callable[[], SqlAlchemyUnitOfWork]

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
SEEDED_OLD, SEEDED_NEW = 23, 10  # the migration's codes: 10 classes in each list, 13 old codes
MENU_KEYS = {"b", "k", "n", "h"}  # Berkas, Katalog, Bantuan, Halaman


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    return TaskRunner(inline=True)


@pytest.fixture
def ctx(engine: Engine, admin: Actor, tmp_path: Path) -> AppContext:
    """The admin logged in on this test's database."""
    return AppContext(
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-gui"),
        database_label="test",
        settings_store=SettingsStore(tmp_path / "s.ini"),
        open_database=lambda url: (lambda: SqlAlchemyUnitOfWork(engine), url),
        test_connection=lambda url: "Terhubung.",
        url_for=lambda settings: settings.url(tmp_path / "bawaan.sqlite3"),
        actor=admin,
    )


@pytest.fixture
def fresh(engine: Engine) -> Fresh:
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-check")


@pytest.fixture
def agendaris(fresh: Fresh, admin: Actor) -> Actor:
    user_service.create_user(fresh(), admin, "agenda", "Sri Agendaris", [Role.AGENDARIS],
                             "Rahasia-agenda-1")
    return user_service.login(fresh(), "agenda", "Rahasia-agenda-1")


@pytest.fixture
def pimpinan(fresh: Fresh, admin: Actor) -> Actor:
    user_service.create_user(fresh(), admin, "kadis", "Kepala Dinas", [Role.PIMPINAN],
                             "Rahasia-kadis-1")
    return user_service.login(fresh(), "kadis", "Rahasia-kadis-1")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _show(qtbot: QtBot, page: QWidget, width: int = 1200, height: int = 760) -> None:
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)


def _activate(qtbot: QtBot, page: QWidget) -> None:
    """Keyboard shortcuts need the page's window active."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def answer(*paths: Path | str) -> Callable[..., str]:
    """A ``choose_file`` that answers with ``paths`` in turn and records what it was asked."""
    queue = [str(p) for p in paths]

    def choose(_parent: QWidget, caption: str, suggested: str, filters: str, save: bool) -> str:
        choose.asked.append((caption, suggested, filters, save))  # type: ignore[attr-defined]
        return queue.pop(0)

    choose.asked = []  # type: ignore[attr-defined]
    return choose


def _rows(model: Any) -> list[tuple[str, ...]]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def _mnemonics(widget: QWidget) -> list[str]:
    texts = [b.text() for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]
    texts += [label.text() for label in widget.findChildren(QLabel)
              if label.buddy() is not None and label.isVisibleTo(widget)]
    keys = []
    for text in texts:
        match = re.search(r"(?<!&)&([^&\s])", text)
        if match:
            keys.append(match.group(1).lower())
    return keys


def _assert_keys(widget: QWidget, *, page: bool = True) -> None:
    keys = _mnemonics(widget)
    assert len(keys) == len(set(keys)), sorted(keys)
    if page:  # a page shares the window's Alt keys with the menus
        assert not MENU_KEYS & set(keys), sorted(keys)


def _beside(container: QWidget, field: QWidget, error: QLabel) -> bool:
    """True when ``error`` sits in the grid cell right under ``field`` (the project's form rows)."""
    for grid in container.findChildren(QGridLayout):
        field_at = grid.indexOf(field)
        if field_at < 0:
            continue
        row, column, _span, _columns = grid.getItemPosition(field_at)
        error_at = grid.indexOf(error)
        return error_at >= 0 and grid.getItemPosition(error_at)[:2] == (row + 1, column)
    return False


def fields(day: dt.date, subject: str = "Undangan rapat koordinasi PKH", code: str = "460"
           ) -> LetterFields:
    return LetterFields(letter_date=day, kind=LetterKind.SURAT, classification_code=code,
                        addressee_name="Camat Panggungrejo", subject=subject)


def take(uow: SqlAlchemyUnitOfWork, actor: Actor, day: dt.date, **kw: Any) -> str:
    return letter_service.register_letter(uow, actor, fields(day, **kw), now=NOW,
                                          local=local).full_number


def old_letter(row: int, number: int, day: dt.date, suffix: str = "",
               subject: str = "Laporan bulanan") -> ImportedLetter:
    return ImportedLetter(row=row, full_number=f"460/{number}{suffix}/423.105/{day.year}",
                          number=number, suffix=suffix, fields=fields(day, subject=subject))


def _codes(fresh: Fresh, admin: Actor, code_set: CodeSet | None = None) -> dict[str, ClassificationDTO]:
    return {f"{c.code_set}:{c.code}": c
            for c in letter_service.list_classifications(fresh(), admin, code_set)}


# --------------------------------------------------------------------------- small pieces


def test_gaps_are_written_as_ranges_and_scopes_in_words() -> None:
    assert ranges_text([12, 13, 14, 20]) == "12–14, 20"
    assert ranges_text([3]) == "3"
    assert ranges_text([]) == ""
    assert ranges_text([5, 1, 2]) == "1–2, 5"
    assert scope_text("letter:2026:423.105") == "Unit 423.105"
    assert scope_text("letter:2026:423.105:surat") == "Unit 423.105, surat"
    assert scope_text("letter:2026:423.105:keputusan") == "Unit 423.105, keputusan"
    assert scope_text("letter:2026:423.105:188.45") == "Unit 423.105, kode 188.45"


# --------------------------------------------------------------------------- numbering settings


@pytest.fixture
def settings_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner) -> NumberingSettingsPage:
    page = NumberingSettingsPage(ctx, runner)
    _show(qtbot, page, 1000, 700)
    page.refresh()
    return page


def test_the_sample_number_follows_the_template_as_it_is_typed(
        qtbot: QtBot, settings_page: NumberingSettingsPage) -> None:
    page = settings_page
    year = dt.date.today().year
    _assert_keys(page)
    assert page.template.text() == "{kode}/{nomor}/{unit}/{tahun}"
    assert f"460/76/423.105/{year}" in page.preview.text()
    assert f"460/76a/423.105/{year}" in page.preview.text()  # the sisipan sample

    page.template.clear()
    qtbot.keyClicks(page.template, "{kode}/{nomor}/{unit}/{bulan}/{tahun}")
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[
        dt.date.today().month - 1]
    assert f"460/76/423.105/{roman}/{year}" in page.preview.text()
    page.pad.setValue(3)
    assert f"460/076/423.105/{roman}/{year}" in page.preview.text()
    page.suffix_style.setCurrentIndex(page.suffix_style.findData(SuffixStyle.DOT.value))
    assert f"460/076.1/423.105/{roman}/{year}" in page.preview.text()
    assert page.settings_status.text() == "Belum disimpan."

    # A placeholder mistyped: said beside the template at the keystroke, no sample.
    page.template.clear()
    qtbot.keyClicks(page.template, "{kode}/{nomr}")
    error = page.field_errors["template"]
    assert error.isVisible() and "{nomr}" in error.text()
    assert _beside(page, page.template, error)
    assert "—" in page.preview.text() and "460" not in page.preview.text()
    page.template.clear()
    qtbot.keyClicks(page.template, "{kode}/{unit}")
    assert "{nomor}" in error.text()
    qtbot.keyClicks(page.template, "/{nomor}")
    assert not error.isVisible()
    assert "460/423.105/076.1" in page.preview.text()

    # The unit code too.
    page.unit_code.clear()
    unit_error = page.field_errors["unit_code"]
    assert unit_error.isVisible() and _beside(page, page.unit_code, unit_error)
    qtbot.keyClicks(page.unit_code, "400.2/5")
    assert "garis miring" in unit_error.text()


def test_saving_persists_and_ctrl_s_saves(qtbot: QtBot, settings_page: NumberingSettingsPage,
                                          fresh: Fresh, admin: Actor) -> None:
    page = settings_page
    # A bad template is refused by the service too, beside the field; nothing is stored.
    page.template.setText("{kode}/{nomr}")
    page.save()
    assert "{nomr}" in page.field_errors["template"].text()
    assert letter_service.numbering_settings(fresh(), admin) == NumberingSettings()

    page.template.setText("{kode}/{nomor}/{unit}/{bulan2}/{tahun}")
    page.pad.setValue(2)
    page.unit_code.setText("400.2.5")
    page.scope.setCurrentIndex(page.scope.findData(CounterScopeKind.UNIT_CODE.value))
    page.suffix_style.setCurrentIndex(page.suffix_style.findData(SuffixStyle.DOT.value))
    page.approval.setChecked(True)
    assert page.scope.currentText() == CounterScopeKind.UNIT_CODE.label
    _activate(qtbot, page)
    page.pad.setFocus()
    qtbot.keyClick(page.pad, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.settings_status.text().startswith("Tersimpan pukul")
    stored = letter_service.numbering_settings(fresh(), admin)
    assert stored == NumberingSettings("{kode}/{nomor}/{unit}/{bulan2}/{tahun}", 2, "400.2.5",
                                       CounterScopeKind.UNIT_CODE, SuffixStyle.DOT, True)
    assert not page.dirty()

    # Read back by a new page, and used by the next number taken.
    again = NumberingSettingsPage(page.ctx, page.runner)
    _show(qtbot, again, 1000, 700)
    again.refresh()
    assert again.form_settings() == stored
    assert take(fresh(), admin, dt.date(2026, 11, 2)) == "460/01/400.2.5/11/2026"


def test_only_the_admin_changes_the_numbering(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                              agendaris: Actor) -> None:
    ctx.actor = agendaris
    page = NumberingSettingsPage(ctx, runner)
    _show(qtbot, page, 1000, 700)
    page.refresh()
    assert page.admin_note.isVisible()
    assert not page.template.isEnabled() and not page.save_button.isEnabled()
    assert "460/76/423.105" in page.preview.text()


# --------------------------------------------------------------------------- the code master


@pytest.fixture
def code_page(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, qtmodeltester: Any
              ) -> ClassificationPage:
    page = ClassificationPage(ctx, runner)
    _show(qtbot, page)
    page.refresh()
    qtmodeltester.check(page.model)
    return page


def _filter(page: ClassificationPage, code_set: str | None, text: str = "") -> None:
    page.code_set.setCurrentIndex(page.code_set.findData(code_set))
    page.search.setText(text)


def test_the_master_lists_both_sets_and_filters(qtbot: QtBot, code_page: ClassificationPage) -> None:
    page = code_page
    _assert_keys(page)
    assert page.model.rowCount() == SEEDED_OLD + SEEDED_NEW
    assert page.count_label.text() == f"{SEEDED_OLD + SEEDED_NEW} kode"
    _filter(page, CodeSet.OLD.value)
    assert page.model.rowCount() == SEEDED_OLD
    _filter(page, CodeSet.NEW.value)
    assert {r[ClassificationModel.SET] for r in _rows(page.model)} == {"Kode baru"}
    _filter(page, None, "sosial")
    rows = _rows(page.model)
    assert [r[ClassificationModel.CODE] for r in rows] == ["460", "462", "465", "466", "467"]
    assert rows[0] == ("Kode lama", "460", "Sosial", "—", "—", "berlaku")
    _filter(page, None, "188.4")
    assert [r[ClassificationModel.CODE] for r in _rows(page.model)] == ["188.4", "188.45"]


def test_add_edit_and_retire_a_code(qtbot: QtBot, code_page: ClassificationPage, fresh: Fresh,
                                    admin: Actor, boxes: list[str]) -> None:
    page = code_page
    _filter(page, CodeSet.OLD.value)
    _activate(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, ClassificationDialog) and dialog.isVisible()
    _assert_keys(dialog, page=False)
    assert dialog.code_set.currentData() == CodeSet.OLD.value  # the list shown

    # Nothing typed: both messages beside their fields.
    dialog.ok_button.click()
    assert "tiga angka" in dialog.field_errors["code"].text()
    assert "wajib" in dialog.field_errors["name"].text()
    assert _beside(dialog, dialog.code, dialog.field_errors["code"])
    assert _beside(dialog, dialog.name, dialog.field_errors["name"])
    # A code that is there already, a date that cannot be read.
    qtbot.keyClicks(dialog.code, "460")
    qtbot.keyClicks(dialog.name, "Bantuan sosial")
    qtbot.keyClicks(dialog.valid_from, "31-02-2026")
    dialog.ok_button.click()
    assert "tidak terbaca" in dialog.field_errors["valid_from"].text()
    assert _beside(dialog, dialog.valid_from, dialog.field_errors["valid_from"])
    dialog.valid_from.setText("01-01-2024")
    dialog.ok_button.click()
    assert "sudah ada" in dialog.field_errors["code"].text()
    assert not dialog.field_errors["valid_from"].isVisible()
    dialog.code.setText("460.1")
    dialog.ok_button.click()
    assert dialog.result() == ClassificationDialog.DialogCode.Accepted
    added = _codes(fresh, admin)["lama:460.1"]
    assert (added.name, added.valid_from, added.valid_to) == ("Bantuan sosial",
                                                              dt.date(2024, 1, 1), None)
    selected = page.selected_item()
    assert selected is not None and selected.code == "460.1"
    assert page.status.text() == "Kode 460.1 ditambahkan."

    # Enter on the row edits it; an end before the start is said beside the end.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ClassificationDialog) and dialog.item is not None
    assert not dialog.code.isEnabled() and not dialog.code_set.isEnabled()
    assert dialog.valid_from.text() == "01-01-2024"
    dialog.name.setText("Bantuan sosial tunai")
    dialog.valid_to.setText("31-12-2023")
    dialog.ok_button.click()
    assert "sebelum awal" in dialog.field_errors["valid_to"].text()
    assert _beside(dialog, dialog.valid_to, dialog.field_errors["valid_to"])
    dialog.valid_to.clear()
    dialog.ok_button.click()
    assert dialog.result() == ClassificationDialog.DialogCode.Accepted
    assert _codes(fresh, admin)["lama:460.1"].name == "Bantuan sosial tunai"

    # Retire: asks the date; the row says it is no longer in force.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    retire = page.retire_item()
    assert isinstance(retire, RetireDialog)
    _assert_keys(retire, page=False)
    retire.day.setDate(QDate(2023, 6, 30))  # before the start: refused beside the date
    retire.ok_button.click()
    assert "sebelum awal" in retire.field_errors["valid_to"].text()
    assert _beside(retire, retire.day, retire.field_errors["valid_to"])
    retire.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    retire.ok_button.click()
    assert retire.result() == RetireDialog.DialogCode.Accepted
    assert _codes(fresh, admin)["lama:460.1"].valid_to == yesterday
    row = next(r for r in _rows(page.model) if r[ClassificationModel.CODE] == "460.1")
    assert row[ClassificationModel.STATUS] == "tidak berlaku lagi"
    assert page.count_label.text() == f"{SEEDED_OLD + 1} kode (1 tidak berlaku)"
    assert boxes == []


def test_the_agendaris_reads_the_master_but_does_not_change_it(
        qtbot: QtBot, ctx: AppContext, runner: TaskRunner, agendaris: Actor) -> None:
    ctx.actor = agendaris
    page = ClassificationPage(ctx, runner)
    _show(qtbot, page)
    page.refresh()
    assert page.model.rowCount() == SEEDED_OLD + SEEDED_NEW
    for button in (page.add_button, page.edit_button, page.retire_button, page.import_button):
        assert not button.isEnabled()
    assert page.export_button.isEnabled()
    assert page.add_item() is None and page.edit_item() is None


# --------------------------------------------------------------------------- gaps and duplicates


@pytest.fixture
def tools(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, agendaris: Actor) -> AgendaToolsPage:
    ctx.actor = agendaris
    page = AgendaToolsPage(ctx, runner)
    _show(qtbot, page, 1280, 780)
    page.set_period(2026, 11)
    page.refresh()
    return page


def test_the_gap_report_names_missing_numbers_as_ranges(
        qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh, agendaris: Actor) -> None:
    page = tools
    _assert_keys(page)
    assert page.gap_summary.text() == "Belum ada surat keluar bernomor pada tahun 2026."
    for day in (2, 5, 10):
        take(fresh(), agendaris, dt.date(2026, 11, day))
    page.refresh()
    assert _rows(page.gap_model) == [("Unit 423.105", "3", "", "")]
    assert page.gap_summary.text() == "Tidak ada nomor yang hilang atau ganda."

    # An old book of 2025 whose numbers 3–5 and 8 are missing.
    book = [old_letter(2, 1, dt.date(2025, 1, 6)), old_letter(3, 2, dt.date(2025, 1, 9)),
            old_letter(4, 6, dt.date(2025, 2, 3)), old_letter(5, 7, dt.date(2025, 2, 4)),
            old_letter(6, 7, dt.date(2025, 2, 5), suffix="a"),
            old_letter(7, 9, dt.date(2025, 3, 1))]
    result = letter_service.import_agenda(fresh(), agendaris, book, apply=True, now=NOW, local=local)
    assert result.problems == ()
    page.year.setValue(2025)  # a new year is checked at once
    assert _rows(page.gap_model) == [("Unit 423.105", "9", "3–5, 8", "")]
    assert "4 nomor hilang" in page.gap_summary.text()
    assert "ganda" not in page.gap_summary.text()
    # The counter goes on after the highest imported number; the holes stay holes.
    assert take(fresh(), agendaris, dt.date(2025, 12, 30)) == "460/10/423.105/2025"
    qtbot.keyClick(page, Qt.Key.Key_F5)
    assert _rows(page.gap_model) == [("Unit 423.105", "10", "3–5, 8", "")]


def test_the_pimpinan_prints_and_checks_but_does_not_import(
        qtbot: QtBot, ctx: AppContext, runner: TaskRunner, pimpinan: Actor) -> None:
    ctx.actor = pimpinan
    page = AgendaToolsPage(ctx, runner)
    _show(qtbot, page, 1280, 780)
    page.refresh()
    assert not page.import_box.isVisible()
    assert page.pdf_button.isEnabled() and page.xlsx_button.isEnabled()
    assert page.gap_summary.text().startswith("Belum ada surat")


# --------------------------------------------------------------------------- registers


def test_the_register_pdf_opens_in_the_preview_with_its_period(
        qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh, agendaris: Actor) -> None:
    page = tools
    take(fresh(), agendaris, dt.date(2026, 10, 30), subject="Laporan Oktober")
    take(fresh(), agendaris, dt.date(2026, 11, 2), subject="Undangan rapat koordinasi PKH")
    take(fresh(), agendaris, dt.date(2026, 11, 5), subject="Permohonan data DTKS", code="188")
    page.pdf_button.click()
    preview = page.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    assert "November 2026" in preview.windowTitle()
    assert preview.suggested_name == "register-surat-keluar-2026-11.pdf"
    parsed = parse_pdf(preview.pdf)
    text = squash(parsed.text)
    assert squash("November 2026") in text
    assert "460/2/423.105/2026" in text and "188/3/423.105/2026" in text
    assert "460/1/423.105/2026" not in text  # October's letter is not in November's register
    width, height = parsed.pages[0].media_box[2:]
    assert width > height  # landscape
    job = page.last_job
    assert job is not None and job.steps and job.steps[-1] == (2, 2)
    assert page.job is None and page.pdf_button.isEnabled()

    # Another paper re-renders.
    preview.paper.setCurrentIndex(preview.paper.findData("F4"))
    assert round(parse_pdf(preview.pdf).pages[0].media_box[2]) == 935
    assert page.paper_key() == "F4"
    preview.close()

    # The whole year.
    page.set_period(2026, None)
    page.pdf_button.click()
    assert isinstance(page.preview, PdfPreviewDialog)
    text = squash(parse_pdf(page.preview.pdf).text)
    assert squash("Tahun 2026") in text and "460/1/423.105/2026" in text


def test_a_cancelled_register_shows_no_preview(qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh,
                                               agendaris: Actor, monkeypatch: pytest.MonkeyPatch,
                                               boxes: list[str]) -> None:
    page = tools
    take(fresh(), agendaris, dt.date(2026, 11, 2))
    monkeypatch.setattr(ReportJob, "cancelled", lambda _self: True)
    page.print_register()
    assert page.preview is None
    assert page.register_status.text() == "Pembuatan register dibatalkan."
    assert boxes == [] and page.job is None and page.pdf_button.isEnabled()


def test_the_progress_dialog_cancel_sets_the_flag(qtbot: QtBot, tools: AgendaToolsPage) -> None:
    job = ReportJob(tools, "Register surat keluar", "Menyusun…")
    job.progress(3, 10)
    assert job.dialog.maximum() == 10 and job.dialog.value() == 3
    assert not job.cancelled()
    job.dialog.canceled.emit()
    assert job.cancelled()
    job.finish()


def _sheet_texts(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                for v in row if v is not None]
    finally:
        book.close()


def test_the_register_xlsx_is_written_where_chosen(
        qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh, agendaris: Actor,
        tmp_path: Path) -> None:
    page = tools
    take(fresh(), agendaris, dt.date(2026, 11, 2), subject="Undangan rapat koordinasi PKH")
    take(fresh(), agendaris, dt.date(2026, 11, 5), subject="Permohonan data DTKS")
    page.choose_file = answer(tmp_path / "agenda november")  # no extension typed
    _activate(qtbot, page)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    written = tmp_path / "agenda november.xlsx"
    assert written.exists()
    asked = page.choose_file.asked  # type: ignore[attr-defined]
    assert asked[0][1] == "register-surat-keluar-2026-11.xlsx" and asked[0][3] is True
    texts = _sheet_texts(written)
    assert "460/1/423.105/2026" in texts and "Permohonan data DTKS" in texts
    assert any("November 2026" in t for t in texts)
    assert "2 surat" in page.register_status.text() and written.name in page.register_status.text()


# --------------------------------------------------------------------------- importing codes


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    return path


CODE_HEAD = ("Set", "Kode", "Nama", "Berlaku dari", "Berlaku sampai")


def _preview(page: Any) -> ImportPreviewDialog:
    dialog = page.dialog
    assert isinstance(dialog, ImportPreviewDialog) and dialog.isVisible()
    return dialog


def test_a_bad_code_file_is_previewed_and_nothing_imported_then_a_good_one_is(
        qtbot: QtBot, code_page: ClassificationPage, fresh: Fresh, admin: Actor, tmp_path: Path,
        boxes: list[str]) -> None:
    page = code_page
    bad = write_xlsx(tmp_path / "kode.xlsx", [
        CODE_HEAD,
        ("lama", "460.9", "Bantuan korban bencana", None, None),
        ("baru", "12", "Kode terlalu pendek", None, None),
        ("lama", "461", "Rehabilitasi Penyandang Disabilitas", "01-01-2020", "31-02-2020"),
        ("kuno", "470", "Daftar tidak dikenal", None, None),
    ])
    page.choose_file = answer(bad)
    page.import_button.click()
    dialog = _preview(page)
    _assert_keys(dialog, page=False)
    problems = _rows(dialog.problems)
    assert [(row, field) for row, field, _message in problems] == [
        ("3", "Kode"), ("4", "Berlaku sampai"), ("5", "Set")]
    assert "tiga angka" in problems[0][2] and "31-02-2020" in problems[1][2]
    assert "3 masalah" in dialog.problem_note.text()
    assert not dialog.apply_button.isEnabled()
    assert "1 baru, 0 diperbarui" in dialog.summary.text()
    assert "lama:460.9" not in _codes(fresh, admin)
    dialog.close_button.click()

    good = write_csv(tmp_path / "kode.csv", [
        CODE_HEAD,
        ("lama", "460.9", "Bantuan korban bencana", "01-01-2024", ""),
        ("Kode lama", "461", "Rehabilitasi Penyandang Disabilitas", "", ""),
    ])
    page.choose_file = answer(good)
    page.import_button.click()
    dialog = _preview(page)
    assert dialog.problems.rowCount() == 0 and not dialog.problem_table.isVisible()
    assert "1 baru, 1 diperbarui" in dialog.summary.text()
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert not dialog.isVisible()
    codes = _codes(fresh, admin)
    assert codes["lama:460.9"].valid_from == dt.date(2024, 1, 1)
    assert codes["lama:461"].name == "Rehabilitasi Penyandang Disabilitas"
    assert page.status.text() == "Impor kode.csv selesai: 1 baru, 1 diperbarui."
    assert "460.9" in [r[ClassificationModel.CODE] for r in _rows(page.model)]
    assert boxes == []


def test_an_unreadable_file_is_a_plain_message(qtbot: QtBot, code_page: ClassificationPage,
                                               tmp_path: Path, boxes: list[str]) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan buku kerja")
    code_page.choose_file = answer(broken)
    code_page.import_file()
    assert len(boxes) == 1 and "rusak.xlsx" in boxes[0] and "kesalahan" not in boxes[0]
    assert code_page.dialog is None


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_exported_codes_import_back_unchanged(qtbot: QtBot, code_page: ClassificationPage,
                                              fresh: Fresh, admin: Actor, tmp_path: Path,
                                              suffix: str) -> None:
    page = code_page
    added = letter_service.add_classification(fresh(), admin, ClassificationInput(
        "baru", "400.9.1", "Bantuan sosial bagi penyandang disabilitas", dt.date(2023, 1, 1),
        dt.date(2030, 12, 31)))
    before = _codes(fresh, admin)
    page.choose_file = answer(tmp_path / f"kode{suffix}")
    page.export_button.click()
    exported = tmp_path / f"kode{suffix}"
    assert exported.exists()
    assert page.status.text() == f"{len(before)} kode diekspor ke kode{suffix}."
    if suffix == ".xlsx":
        assert "400.9.1" in _sheet_texts(exported)

    # Changed meanwhile; importing the export puts it back as it was.
    letter_service.edit_classification(fresh(), admin, added.id, ClassificationInput(
        "baru", "400.9.1", "Nama sementara", None, None), expected_version=added.version)
    page.choose_file = answer(exported)
    page.import_button.click()
    dialog = _preview(page)
    assert dialog.problems.rowCount() == 0
    assert f"0 baru, {len(before)} diperbarui" in dialog.summary.text()
    dialog.apply_button.click()
    after = _codes(fresh, admin)
    assert {k: (c.name, c.valid_from, c.valid_to) for k, c in after.items()} == {
        k: (c.name, c.valid_from, c.valid_to) for k, c in before.items()}


# --------------------------------------------------------------------------- importing an old book


BOOK_HEAD = ("No", "Nomor Surat", "Tanggal Surat", "Tujuan", "Perihal", "Keterangan")


def test_an_old_book_with_problems_cannot_be_imported(
        qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh, agendaris: Actor, tmp_path: Path) -> None:
    page = tools
    book = write_xlsx(tmp_path / "agenda 2025.xlsx", [
        ("BUKU AGENDA SURAT KELUAR 2025",),
        BOOK_HEAD,
        (1, "460/1/423.105/2025", dt.date(2025, 1, 6), "Camat Bugul Kidul", "Undangan rapat", None),
        (2, "460/2/423.105/2025", None, "Lurah Bakalan", "Laporan", None),
        (3, "999/3/423.105/2025", dt.date(2025, 1, 8), "Lurah Blandongan", "Pemberitahuan", None),
        (4, "460/empat/423.105/2025", dt.date(2025, 1, 9), "Lurah Kebonagung", "Data PKH", None),
    ])
    page.choose_file = answer(book)
    page.import_button.click()
    dialog = _preview(page)
    _assert_keys(dialog, page=False)
    problems = _rows(dialog.problems)
    assert [(row, field) for row, field, _m in problems] == [
        ("4", "Tanggal surat"), ("5", "Kode klasifikasi"), ("6", "Nomor surat")]
    assert "999" in problems[1][2]
    assert not dialog.apply_button.isEnabled()
    dialog.apply_button.click()  # disabled: nothing happens
    assert letter_service.find_gaps(fresh(), agendaris, 2025) == []


def test_an_old_book_is_imported_and_the_counter_continues(
        qtbot: QtBot, tools: AgendaToolsPage, fresh: Fresh, agendaris: Actor, tmp_path: Path) -> None:
    page = tools
    book = write_xlsx(tmp_path / "agenda 2025.xlsx", [
        BOOK_HEAD,
        (1, "460/1/423.105/2025", dt.date(2025, 1, 6), "Camat Bugul Kidul", "Undangan rapat", None),
        (2, "460/2/423.105/2025", "07-01-2025", "Lurah Bakalan", "Laporan bulanan", None),
        (3, "460/2a/423.105/2025", "07-01-2025", "Lurah Bakalan", "Susulan laporan", None),
        (4, "460/4/423.105/2025", dt.date(2025, 2, 3), "Lurah Blandongan", "Pemberitahuan", None),
        (5, "188/5/423.105/2025", dt.date(2025, 2, 4), "Kepala Dinas", "Keputusan penerima",
         "Batal: salah nomor"),
    ])
    page.choose_file = answer(book)
    page.import_button.click()
    dialog = _preview(page)
    assert dialog.problems.rowCount() == 0
    assert dialog.problem_note.text() == "Tidak ada masalah: semua baris dapat diimpor."
    assert "5 surat" in dialog.summary.text()
    assert _rows(dialog.details) == [("Unit 423.105", "5", "6")]
    assert dialog.apply_button.isEnabled() and dialog.focusWidget() is dialog.apply_button
    dialog.apply_button.click()
    assert not dialog.isVisible()
    assert page.import_status.text().startswith("5 surat dari agenda 2025.xlsx diimpor.")
    # The page moved to the imported year: number 3 is missing there.
    assert page.year.value() == 2025
    assert _rows(page.gap_model) == [("Unit 423.105", "5", "3", "")]
    assert take(fresh(), agendaris, dt.date(2025, 12, 30)) == "460/6/423.105/2025"
