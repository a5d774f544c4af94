"""The applicant register (Pemohon) as a clerk uses it: registering a citizen through the dialog
with the NIK decoded as it is typed, hard NIK errors and confirmable warnings beside the fields,
a duplicate NIK opening the existing record, searching, paging, NIK masking, and an edit that
collides with another workstation's.

Every test runs on SQLite and on PostgreSQL (the ``engine`` fixture is parametrized over both)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.regions import KOTA_PASURUAN_REGIONS
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.applicant_dialogs import CitizenDialog, InstitutionDialog
from dinsos_desktop.gui.applicant_search import ApplicantSearchModel
from dinsos_desktop.gui.applicants_page import ApplicantsPage, HistoryModel
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services import intake as intake_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor, CitizenDTO, CitizenInput

pytestmark = pytest.mark.gui

SITI_NIK = "3575045508950001"  # Kota Pasuruan, Kec. Panggungrejo; female, born 15-08-1995
BUDI_NIK = "3575021203880002"  # Kec. Purworejo; male, born 12-03-1988

Fresh = Callable[[], SqlAlchemyUnitOfWork]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def fresh(engine: Engine) -> Fresh:
    """A new unit of work for checking what the database holds (or for another workstation)."""
    return lambda: SqlAlchemyUnitOfWork(engine, workstation="pytest-check")


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def clerk_ctx(ctx: AppContext, clerk: Actor) -> AppContext:
    ctx.actor = clerk
    return ctx


@pytest.fixture
def page(qtbot: QtBot, clerk_ctx: AppContext, runner: TaskRunner, qtmodeltester: Any) -> ApplicantsPage:
    page = ApplicantsPage(clerk_ctx, runner)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtmodeltester.check(page.panel.model)
    qtmodeltester.check(page.history_model)
    return page


def _citizen(fresh: Fresh, actor: Actor, nik: str, name: str, birth: dt.date, sex: str,
             **extra: Any) -> CitizenDTO:
    data = CitizenInput(nik=nik, full_name=name, birth_place="Pasuruan", birth_date=birth, sex=sex,
                        accept_warnings=True, **extra)
    return applicant_service.save_citizen(fresh(), actor, data, regions=KOTA_PASURUAN_REGIONS)


def _search(qtbot: QtBot, page: ApplicantsPage, text: str) -> ApplicantSearchModel:
    """Type into the search box and let the pause after typing run the search."""
    page.panel.search.clear()
    qtbot.keyClicks(page.panel.search, text)
    model = page.panel.model
    qtbot.waitUntil(lambda: model.query == text.strip() and not model.loading, timeout=3000)
    return model


def _names(model: ApplicantSearchModel) -> list[str]:
    return [model.index(r, ApplicantSearchModel.NAME).data() for r in range(model.rowCount())]


def _citizen_dialog(page: ApplicantsPage) -> CitizenDialog:
    dialog = page.new_citizen()
    assert isinstance(dialog, CitizenDialog) and dialog.isVisible()
    return dialog


def _fill(qtbot: QtBot, dialog: CitizenDialog, *, nik: str, name: str, birth: str, sex: str,
          kecamatan: str = "", kelurahan: str = "", phone: str = "") -> None:
    qtbot.keyClicks(dialog.nik, nik)
    qtbot.keyClicks(dialog.full_name, name)
    qtbot.keyClicks(dialog.birth_place, "Pasuruan")
    qtbot.keyClicks(dialog.birth_date, birth)
    qtbot.keyClicks(dialog.sex, sex)  # "L"/"P": the first letter picks the item
    qtbot.keyClicks(dialog.street, "Jl. Pahlawan 12")
    qtbot.keyClicks(dialog.rt, "2")
    qtbot.keyClicks(dialog.rw, "5")
    if kecamatan:
        qtbot.keyClicks(dialog.kecamatan, kecamatan)
    if kelurahan:
        qtbot.keyClicks(dialog.kelurahan, kelurahan)
    if phone:
        qtbot.keyClicks(dialog.phone, phone)


def _stored(fresh: Fresh, actor: Actor, nik: str) -> list[Any]:
    return list(applicant_service.search_applicants(fresh(), actor, nik).items)


# --------------------------------------------------------------------------- registering


def test_register_a_citizen_through_the_dialog(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                              clerk: Actor, boxes: list[str],
                                              qtmodeltester: Any) -> None:
    dialog = _citizen_dialog(page)
    assert dialog.windowTitle() == "Daftarkan warga"
    assert dialog.focusWidget() is dialog.nik
    qtbot.keyClicks(dialog.nik, SITI_NIK[:10])
    assert dialog.nik_feedback() == "10 dari 16 angka"
    qtbot.keyClicks(dialog.nik, SITI_NIK[10:])
    # Decoded as typed: sex, birth date and region, from the NIK alone.
    assert dialog.nik_feedback() == ("✓ Perempuan · lahir 15 Agustus 1995 · Kec. Panggungrejo, "
                                     "Kota Pasuruan, Jawa Timur · no. urut 0001")
    _fill(qtbot, dialog, nik="", name="Siti  Rahmawati", birth="15-08-1995", sex="P",
          kecamatan="Panggungrejo", kelurahan="Mayangan", phone="0812 3456 7890")
    # The kelurahan list follows the kecamatan: only Panggungrejo's thirteen.
    assert dialog.kelurahan.count() == 14 and dialog.kelurahan.findText("Mayangan") > 0
    assert dialog.kelurahan.findText("Gentong") < 0
    assert dialog.city.text() == "Pasuruan"
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)  # Enter saves

    assert not dialog.isVisible() and dialog.result() == CitizenDialog.DialogCode.Accepted
    assert boxes == []
    hits = _stored(fresh, clerk, SITI_NIK)
    assert [(h.name, h.nik) for h in hits] == [("Siti Rahmawati", SITI_NIK)]
    citizen = applicant_service.get_citizen(fresh(), clerk, hits[0].id)
    assert (citizen.birth_date, citizen.sex, citizen.rt, citizen.rw) == (dt.date(1995, 8, 15), "P",
                                                                         "002", "005")
    assert (citizen.kecamatan, citizen.kelurahan, citizen.city) == ("Panggungrejo", "Mayangan",
                                                                    "Pasuruan")
    # The list shows the new record (full NIK for the counter), selected, with its details.
    model = page.panel.model
    assert _names(model) == ["Siti Rahmawati"]
    assert model.index(0, ApplicantSearchModel.NIK).data() == SITI_NIK
    assert page.selected_hit() is not None and page.selected_hit().id == citizen.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.detail_record is not None and page.detail_record.id == citizen.id)
    assert "Siti Rahmawati" in page.detail.text() and "Mayangan" in page.detail.text()
    assert page.status.text() == "Warga Siti Rahmawati terdaftar."
    qtmodeltester.check(model)


def test_a_hard_nik_error_is_shown_beside_the_field_and_nothing_is_saved(
        qtbot: QtBot, page: ApplicantsPage, fresh: Fresh, clerk: Actor) -> None:
    dialog = _citizen_dialog(page)
    bad = "3575045513950001"  # month 13
    _fill(qtbot, dialog, nik=bad, name="Salah Bulan", birth="15-08-1995", sex="P")
    assert "Bulan lahir pada NIK (angka ke-9 dan ke-10) harus 01–12; tertulis 13." in dialog.nik_feedback()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.message("nik") == "Bulan lahir pada NIK (angka ke-9 dan ke-10) harus 01–12; tertulis 13."
    assert not dialog.is_warning("nik")
    assert dialog.anyway_button.isHidden()  # a hard error cannot be confirmed away
    assert dialog.focusWidget() is dialog.nik
    assert dialog.full_name.text() == "Salah Bulan"  # what was typed stays
    assert _stored(fresh, clerk, "Salah") == []

    # A date that cannot be read is refused before the database is asked.
    dialog.nik.clear()
    qtbot.keyClicks(dialog.nik, SITI_NIK)
    dialog.birth_date.clear()
    qtbot.keyClicks(dialog.birth_date, "15 Agustus")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message("birth_date") == "Tanggal lahir ditulis hh-bb-tttt, misalnya 15-08-1995."
    assert dialog.message("nik") == ""


def test_a_warning_needs_simpan_tetap(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                      clerk: Actor) -> None:
    dialog = _citizen_dialog(page)
    _fill(qtbot, dialog, nik=SITI_NIK, name="Siti Rahmawati", birth="15-08-1995", sex="L")
    # Live: the NIK says perempuan, the form says laki-laki.
    assert "Jenis kelamin pada NIK (perempuan) berbeda" in dialog.nik_feedback()
    qtbot.keyClick(dialog.street, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.message("sex") == ("Jenis kelamin pada NIK (perempuan) berbeda dengan jenis "
                                     "kelamin yang diisi (laki-laki).")
    assert dialog.is_warning("sex")
    assert dialog.anyway_button.isVisible() and dialog.anyway_button.text() == "Simpan &tetap"
    assert _stored(fresh, clerk, SITI_NIK) == []

    # The clerk checked the KTP: the data is right as typed. Enter on "Simpan tetap" saves.
    assert dialog.focusWidget() is dialog.anyway_button
    qtbot.keyClick(dialog.anyway_button, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    hits = _stored(fresh, clerk, SITI_NIK)
    assert len(hits) == 1
    assert applicant_service.get_citizen(fresh(), clerk, hits[0].id).sex == "L"


def test_changing_a_field_after_a_warning_asks_again(qtbot: QtBot, page: ApplicantsPage) -> None:
    dialog = _citizen_dialog(page)
    _fill(qtbot, dialog, nik=SITI_NIK, name="Siti Rahmawati", birth="15-08-1994", sex="P")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.anyway_button.isVisible()
    assert "berbeda dengan tanggal lahir yang diisi (15-08-1994)" in dialog.message("birth_date")
    qtbot.keyClicks(dialog.phone, "0343")
    assert dialog.anyway_button.isHidden()


def test_a_duplicate_nik_opens_the_existing_record(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                                   clerk: Actor, boxes: list[str]) -> None:
    existing = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P",
                        phone="081234567890")
    dialog = _citizen_dialog(page)
    _fill(qtbot, dialog, nik=SITI_NIK, name="Siti R.", birth="15-08-1995", sex="P")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.windowTitle() == "Ubah data warga"
    assert dialog.citizen is not None and dialog.citizen.id == existing.id
    assert dialog.banner.isVisible()
    assert "sudah terdaftar atas nama Siti Rahmawati" in dialog.banner.text()
    assert dialog.full_name.text() == "Siti Rahmawati"  # the stored record, not a second one
    assert dialog.phone.text() == "081234567890"
    assert len(_stored(fresh, clerk, SITI_NIK)) == 1
    # The page shows that record too.
    assert page.selected_hit() is not None and page.selected_hit().id == existing.id  # type: ignore[union-attr]
    # Saving without a change writes nothing (no new version).
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert applicant_service.get_citizen(fresh(), clerk, existing.id).version == existing.version
    assert boxes == []


# --------------------------------------------------------------------------- searching


def test_search_by_name_part_nik_prefix_and_phone(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                                  clerk: Actor) -> None:
    _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P", phone="081234567890")
    _citizen(fresh, clerk, BUDI_NIK, "Budi Santoso", dt.date(1988, 3, 12), "L")
    assert page.panel.count_label.text() == "Ketik NIK, nama, atau nomor telepon."

    model = _search(qtbot, page, "RAHMA")
    assert _names(model) == ["Siti Rahmawati"]
    assert page.panel.count_label.text() == "1 ditemukan"
    model = _search(qtbot, page, "357504")
    assert _names(model) == ["Siti Rahmawati"]
    model = _search(qtbot, page, "3575")
    assert sorted(_names(model)) == ["Budi Santoso", "Siti Rahmawati"]
    model = _search(qtbot, page, BUDI_NIK)
    assert _names(model) == ["Budi Santoso"]
    model = _search(qtbot, page, "0812-3456")
    assert _names(model) == ["Siti Rahmawati"]
    model = _search(qtbot, page, "tidak ada orangnya")
    assert _names(model) == []
    assert page.panel.count_label.text().startswith("Tidak ditemukan.")


def test_results_page_in_sql_fifty_at_a_time(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                             clerk: Actor, qtmodeltester: Any) -> None:
    for n in range(1, 62):
        _citizen(fresh, clerk, f"357504550895{n:04d}", f"Warga Uji {n:02d}", dt.date(1995, 8, 15), "P")
    model = _search(qtbot, page, "warga uji")
    # The database counts one match beyond the page: "there are more" is what the clerk learns.
    assert model.rowCount() == 50 and model.total == 51 and model.total_capped
    assert page.panel.count_label.text() == (
        "50 ditampilkan, masih ada lagi: gulir ke bawah, atau ketik lebih lengkap")
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 61 and not model.canFetchMore()
    assert page.panel.count_label.text() == "61 ditemukan"
    qtmodeltester.check(model)


def test_enter_in_the_box_edits_the_only_result(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                                clerk: Actor) -> None:
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    qtbot.keyClicks(page.panel.search, "rahmawati")
    qtbot.keyClick(page.panel.search, Qt.Key.Key_Return)  # searches at once, without the pause
    dialog = page.dialog
    assert isinstance(dialog, CitizenDialog) and dialog.isVisible()
    assert dialog.citizen is not None and dialog.citizen.id == siti.id
    assert dialog.nik.text() == SITI_NIK


def test_history_lists_the_applicants_applications(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                                   clerk: Actor, qtmodeltester: Any) -> None:
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services.catalog import ensure_bundled_catalog

    ensure_bundled_catalog(fresh(), bundled_catalog())
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    app = intake_service.start_application(fresh(), clerk, "PSM", citizen_id=siti.id)
    _search(qtbot, page, "siti")
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1)
    row = [page.history_model.index(0, c).data() for c in range(page.history_model.columnCount())]
    assert row[HistoryModel.NUMBER] == "—"
    assert row[HistoryModel.STANDARD] == "PSM — Pekerja Sosial Masyarakat (PSM)"
    assert row[HistoryModel.STATUS] == "Sedang diperiksa"
    assert row[HistoryModel.ROLE] == "Pemohon"
    assert page.history_model.application_at(0) is not None
    assert page.history_model.application_at(0).id == app.id  # type: ignore[union-attr]
    qtmodeltester.check(page.history_model)


def test_pimpinan_sees_masked_niks_and_cannot_edit(qtbot: QtBot, ctx: AppContext, runner: TaskRunner,
                                                   admin: Actor, fresh: Fresh) -> None:
    _citizen(fresh, admin, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    user_service.create_user(fresh(), admin, "kadis", "Kepala Dinas", [Role.PIMPINAN], "Rahasia-kadis-1")
    ctx.actor = user_service.login(fresh(), "kadis", "Rahasia-kadis-1")
    page = ApplicantsPage(ctx, runner)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    model = _search(qtbot, page, "siti")
    assert model.index(0, ApplicantSearchModel.NIK).data() == "357504******0001"
    assert page.new_citizen_button.isHidden() and page.edit_button.isHidden()
    assert page.new_citizen() is None and page.edit_selected() is None
    qtbot.waitUntil(lambda: page.detail_record is not None)
    assert "357504******0001" in page.detail.text() and SITI_NIK not in page.detail.text()


# --------------------------------------------------------------------------- editing


def test_an_edit_that_collides_is_refused_reloaded_and_keeps_what_was_typed(
        qtbot: QtBot, page: ApplicantsPage, fresh: Fresh, clerk: Actor, boxes: list[str]) -> None:
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P",
                    phone="081234567890")
    _search(qtbot, page, "siti")
    qtbot.keyClick(page.panel.table, Qt.Key.Key_F2)
    dialog = page.dialog
    assert isinstance(dialog, CitizenDialog) and dialog.citizen is not None
    # Meanwhile, another workstation corrects the street.
    other = CitizenDialog.stored_input(siti)
    changed = dataclasses.replace(other, street="Jl. Lain 1", accept_warnings=True)
    applicant_service.save_citizen(fresh(), clerk, changed, regions=KOTA_PASURUAN_REGIONS,
                                   citizen_id=siti.id, expected_version=siti.version)
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "0343 421 000")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "baru saja diubah di workstation lain" in dialog.banner.text()
    assert "Jl. Lain 1" in dialog.banner.text()
    assert dialog.phone.text() == "0343 421 000"  # the clerk's typing is kept
    assert dialog.use_latest.isVisible()
    stored = applicant_service.get_citizen(fresh(), clerk, siti.id)
    assert stored.phone == "081234567890"  # nothing was overwritten
    # Saving again applies the clerk's change over the latest version, knowingly.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = applicant_service.get_citizen(fresh(), clerk, siti.id)
    assert (stored.phone, stored.street) == ("0343 421 000", "Jl. Lain 1")
    assert boxes == []


def test_use_latest_discards_the_typing(qtbot: QtBot, page: ApplicantsPage, fresh: Fresh,
                                        clerk: Actor) -> None:
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    _search(qtbot, page, "siti")
    qtbot.keyClick(page.panel.table, Qt.Key.Key_F2)
    dialog = page.dialog
    assert isinstance(dialog, CitizenDialog)
    applicant_service.save_citizen(
        fresh(), clerk, dataclasses.replace(CitizenDialog.stored_input(siti), full_name="Siti Rahma",
                                        accept_warnings=True),
        regions=KOTA_PASURUAN_REGIONS, citizen_id=siti.id, expected_version=siti.version)
    qtbot.keyClicks(dialog.phone, "0343 421 000")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.full_name.text() == "Siti Rahma"  # not changed here: the latest value
    assert dialog.phone.text() == "0343 421 000"
    qtbot.mouseClick(dialog.use_latest, Qt.MouseButton.LeftButton)
    assert dialog.full_name.text() == "Siti Rahma" and dialog.phone.text() == ""
    assert dialog.banner.isHidden()


# --------------------------------------------------------------------------- institutions


def test_register_an_institution_with_a_contact_person(qtbot: QtBot, page: ApplicantsPage,
                                                       fresh: Fresh, clerk: Actor) -> None:
    siti = _citizen(fresh, clerk, SITI_NIK, "Siti Rahmawati", dt.date(1995, 8, 15), "P")
    dialog = page.new_institution()
    assert isinstance(dialog, InstitutionDialog)
    qtbot.keyClicks(dialog.name, "LKSA Al-Ikhlas")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message("kind") == "Pilih jenis lembaga."
    assert dialog.message("address") == "Alamat lembaga wajib diisi."

    qtbot.keyClicks(dialog.kind, "Panti")
    assert dialog.kind.currentData() == "lksa"
    qtbot.keyClicks(dialog.address, "Jl. Hayam Wuruk 5, Pasuruan")
    qtbot.keyClicks(dialog.npwp, "01.234.567.8-624.000")
    picker = dialog.pick_contact()
    qtbot.keyClicks(picker.panel.search, "rahma")
    qtbot.keyClick(picker.panel.search, Qt.Key.Key_Return)
    assert not picker.isVisible()
    assert dialog.contact.text() == "Siti Rahmawati" and dialog.contact_id == siti.id
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    model = page.panel.model
    assert _names(model) == ["LKSA Al-Ikhlas"]
    assert model.index(0, ApplicantSearchModel.KIND).data() == "Lembaga"
    institution = applicant_service.get_institution(fresh(), clerk, model.hit_at(0).id)  # type: ignore[union-attr]
    assert (institution.kind, institution.contact_citizen_id) == ("lksa", siti.id)
    assert institution.npwp.replace(".", "").replace("-", "") == "012345678624000"
