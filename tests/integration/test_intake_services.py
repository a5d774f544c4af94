"""The counter intake through the services, on SQLite and PostgreSQL: register, return, resume,
receipts, numbering across workstations, due dates from the office calendar."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.adapters.regions import REGIONS
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import (
    AlreadyRegistered,
    ConflictError,
    NeedsConfirmation,
    PermissionDenied,
    ValidationError,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.tracking import parse_tracking_number
from dinsos_desktop.services import applicants, calendar, intake
from dinsos_desktop.services.dto import Actor, CitizenInput
from dinsos_desktop.services.receipts import verify_payload

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
RECEIVED = dt.datetime(2026, 3, 17, 10, 0, tzinfo=WIB)  # Tuesday before Nyepi and Idul Fitri


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


DUE_FOR = calendar.due_calculator(IndonesianHolidays(), local)


def citizen(nik: str = "3575045508950001", name: str = "Siti Aminah", **kw: Any) -> CitizenInput:
    values: dict[str, Any] = dict(nik=nik, full_name=name, birth_place="Pasuruan",
                                  birth_date=dt.date(1995, 8, 15), sex="P", street="Jl. Sukarno Hatta 5",
                                  rt="1", rw="2", kelurahan="Tapa'an", kecamatan="Panggungrejo",
                                  phone="081234567890")
    values.update(kw)
    return CitizenInput(**values)


def _register_citizen(uow: SqlAlchemyUnitOfWork, actor: Actor, **kw: Any) -> int:
    return applicants.save_citizen(uow, actor, citizen(**kw), regions=REGIONS, now=RECEIVED).id


def _tick_all(uow: SqlAlchemyUnitOfWork, actor: Actor, app_id: int,
              status: ItemStatus = ItemStatus.COPY_RECEIVED) -> None:
    view = intake.view_application(uow, actor, app_id)
    for item in view.standard.checklist_items():
        intake.mark_item(uow, actor, app_id, item.key, status, now=RECEIVED)


def test_register_a_complete_file(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    person = _register_citizen(uow, clerk)
    app = intake.start_application(uow, clerk, "IZIN-LKSA", citizen_id=person, now=RECEIVED)
    assert app.status == "draft" and app.tracking_number is None
    _tick_all(uow, clerk, app.id, ItemStatus.ORIGINAL_SEEN)
    current = intake.view_application(uow, clerk, app.id).application
    decision = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                             now=RECEIVED, local=local)
    registered = decision.application
    assert registered.status == "registered"
    number = parse_tracking_number(registered.tracking_number or "")
    assert number is not None and number.year == 2026 and number.sequence == 1
    # 5 working days from Tue 17 March 2026: day 1 is Wed 25 March (18 cuti bersama, 19 Nyepi,
    # 20 cuti bersama, 21-22 Idul Fitri, 23-24 cuti bersama), day 5 is Tue 31 March.
    assert registered.due_at is not None and local(registered.due_at).date() == dt.date(2026, 3, 31)
    receipt = decision.receipt
    assert receipt.kind == "receipt" and receipt.number == registered.tracking_number
    assert receipt.applicant_nik_masked == "357504******0001"
    assert all(i.status_label == "Asli diperiksa" for i in receipt.items if not i.is_heading)
    assert receipt.due is not None and receipt.due.date() == dt.date(2026, 3, 31)
    with uow:
        secret = bytes.fromhex(uow.settings.get("receipt_secret") or "")
    assert verify_payload(secret, receipt.qr_payload) == registered.tracking_number
    assert verify_payload(secret, receipt.qr_payload.replace("-000001-", "-000002-")) is None
    assert intake.find_by_number(uow, clerk, receipt.qr_payload) == registered
    # Reprint any time: the same receipt.
    assert intake.receipt_for(uow, clerk, app.id, local=local).number == receipt.number


def test_incomplete_file_is_returned_then_resumed(catalog_uow: SqlAlchemyUnitOfWork,
                                                  clerk: Actor) -> None:
    uow = catalog_uow
    person = _register_citizen(uow, clerk)
    app = intake.start_application(uow, clerk, "PSM", citizen_id=person, now=RECEIVED)
    view = intake.view_application(uow, clerk, app.id)
    items = view.standard.checklist_items()
    assert [i.key for i in items][:7] == ["1.a", "1.b", "1.c", "1.d", "1.e", "1.f", "1.g"]
    for item in items:
        status = ItemStatus.MISSING if item.key == "3" else ItemStatus.COPY_RECEIVED
        intake.mark_item(uow, clerk, app.id, item.key, status, now=RECEIVED)
    current = intake.view_application(uow, clerk, app.id).application
    decision = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                             now=RECEIVED, local=local)
    returned = decision.application
    assert returned.status == "returned" and returned.tracking_number is None
    assert returned.return_slip_number is not None and returned.return_slip_number.startswith("K26-")
    slip = decision.receipt
    missing = [i for i in slip.items if i.status == ItemStatus.MISSING.value]
    assert [i.key for i in missing] == ["3"] and "Rekomendasi Lurah" in missing[0].text
    # The applicant comes back with the slip.
    found = intake.find_by_number(uow, clerk, returned.return_slip_number)
    assert found is not None and found.id == app.id
    assert [a.id for a in intake.returned_files(uow, clerk, citizen_id=person)] == [app.id]
    resumed = intake.resume_returned(uow, clerk, app.id, expected_version=returned.version)
    assert resumed.status == "draft"
    kept = {i.item_key: i.status for i in resumed.items}
    assert kept["1.a"] == "salinan_diterima" and kept["3"] == "tidak_ada"
    intake.mark_item(uow, clerk, app.id, "3", ItemStatus.ORIGINAL_SEEN, now=RECEIVED)
    current = intake.view_application(uow, clerk, app.id).application
    done = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                         now=RECEIVED, local=local).application
    assert done.status == "registered" and done.return_slip_number == returned.return_slip_number
    assert done.tracking_number is not None
    # 2 months: by the calendar.
    assert done.due_at is not None and local(done.due_at).date() == dt.date(2026, 5, 17)


def test_a_decision_needs_every_item_looked_at(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    app = intake.start_application(uow, clerk, "PSM", citizen_id=_register_citizen(uow, clerk),
                                   now=RECEIVED)
    intake.mark_item(uow, clerk, app.id, "1.a", ItemStatus.ORIGINAL_SEEN, now=RECEIVED)
    current = intake.view_application(uow, clerk, app.id).application
    with pytest.raises(ValidationError) as err:
        intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                      now=RECEIVED, local=local)
    assert "1.b" in err.value.errors["checklist"]
    assert intake.view_application(uow, clerk, app.id).application.status == "draft"


def test_a_stale_decision_is_refused(catalog_uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork,
                                     clerk: Actor) -> None:
    uow = catalog_uow
    app = intake.start_application(uow, clerk, "IZIN-LKSA", citizen_id=_register_citizen(uow, clerk),
                                   now=RECEIVED)
    _tick_all(uow, clerk, app.id)
    current = intake.view_application(uow, clerk, app.id).application
    intake.decide(other_uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                  now=RECEIVED, local=local)
    with pytest.raises((ConflictError, ValidationError)):
        intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                      now=RECEIVED, local=local)


def test_hours_are_clock_time_and_no_limit_gives_no_due_date(catalog_uow: SqlAlchemyUnitOfWork,
                                                            clerk: Actor) -> None:
    uow = catalog_uow
    person = _register_citizen(uow, clerk)
    for code, expected in (("TANGGAP-DARURAT-BENCANA", dt.datetime(2026, 3, 17, 13, 0, tzinfo=WIB)),
                           ("BANSOS-PKH", None)):
        app = intake.start_application(uow, clerk, code, citizen_id=person, now=RECEIVED)
        _tick_all(uow, clerk, app.id)
        current = intake.view_application(uow, clerk, app.id).application
        done = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                             now=RECEIVED, local=local)
        if expected is None:
            assert done.application.due_at is None and done.receipt.due is None
        else:
            assert done.application.due_is_clock_time
            assert done.application.due_at == expected


def test_an_office_closure_moves_the_due_date(catalog_uow: SqlAlchemyUnitOfWork, admin: Actor,
                                              clerk: Actor) -> None:
    uow = catalog_uow
    calendar.add_closure(uow, admin, dt.date(2026, 3, 27), "Pemilihan kepala daerah")
    person = _register_citizen(uow, clerk)
    app = intake.start_application(uow, clerk, "IZIN-LKSA", citizen_id=person, now=RECEIVED)
    _tick_all(uow, clerk, app.id)
    current = intake.view_application(uow, clerk, app.id).application
    done = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                         now=RECEIVED, local=local)
    assert done.application.due_at is not None
    assert local(done.application.due_at).date() == dt.date(2026, 4, 1)


def test_the_same_nik_twice_opens_the_existing_record(catalog_uow: SqlAlchemyUnitOfWork,
                                                      clerk: Actor) -> None:
    uow = catalog_uow
    first = _register_citizen(uow, clerk)
    with pytest.raises(AlreadyRegistered) as err:
        _register_citizen(uow, clerk, name="Siti A.")
    assert err.value.record_id == first


def test_nik_warnings_need_confirmation(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    with pytest.raises(NeedsConfirmation) as err:
        _register_citizen(uow, clerk, sex="L")  # the NIK says female
    assert "sex" in err.value.warnings
    saved = applicants.save_citizen(uow, clerk, citizen(sex="L", accept_warnings=True),
                                    regions=REGIONS, now=RECEIVED)
    assert saved.sex == "L"


def test_hard_nik_errors_refuse_the_save(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        _register_citizen(catalog_uow, clerk, nik="3575041308950000")
    assert "0000" in err.value.errors["nik"]


def test_similar_name_and_same_birth_date_warns(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    _register_citizen(uow, clerk)
    with pytest.raises(NeedsConfirmation) as err:
        _register_citizen(uow, clerk, nik="3575045508950002", name="SITI AMINAH")
    assert "mirip" in err.value.warnings["full_name"]


def test_only_the_counter_registers(catalog_uow: SqlAlchemyUnitOfWork, admin: Actor) -> None:
    from dinsos_desktop.services import users

    users.create_user(catalog_uow, admin, "agenda", "Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    agendaris = users.login(catalog_uow, "agenda", "Rahasia-agenda-1")
    with pytest.raises(PermissionDenied):
        applicants.save_citizen(catalog_uow, agendaris, citizen(), regions=REGIONS)


def test_search_and_history(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    person = _register_citizen(uow, clerk)
    _register_citizen(uow, clerk, nik="3575011203800003", name="Budi Santoso", sex="L",
                      birth_date=dt.date(1980, 3, 12), phone="0343 421000")
    app = intake.start_application(uow, clerk, "PSM", citizen_id=person, now=RECEIVED)
    assert [h.name for h in applicants.search_applicants(uow, clerk, "amin").items] == ["Siti Aminah"]
    assert [h.name for h in applicants.search_applicants(uow, clerk, "AMÍN").items] == ["Siti Aminah"]
    assert [h.name for h in applicants.search_applicants(uow, clerk, "357501").items] == ["Budi Santoso"]
    assert [h.name for h in applicants.search_applicants(uow, clerk, "0343421").items] == ["Budi Santoso"]
    history = applicants.applicant_history(uow, clerk, citizen_id=person)
    assert [a.id for a in history] == [app.id]


# --------------------------------------------------------------------------- numbering


def _register_many(db_url: str, count: int, start: Any) -> list[str]:
    """One workstation (its own process and engine): registers ``count`` complete files."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.services import users

    engine = make_engine(db_url)
    try:
        def uow() -> SqlAlchemyUnitOfWork:
            return SqlAlchemyUnitOfWork(engine)

        clerk = users.login(uow(), "petugas", "Rahasia-petugas-1")
        person = applicants.search_applicants(uow(), clerk, "3575045508950001").items[0].id
        apps = []
        for _ in range(count):
            app = intake.start_application(uow(), clerk, "IZIN-LKSA", citizen_id=person, now=RECEIVED)
            view = intake.view_application(uow(), clerk, app.id)
            for item in view.standard.checklist_items():
                intake.mark_item(uow(), clerk, app.id, item.key, ItemStatus.COPY_RECEIVED, now=RECEIVED)
            apps.append(intake.view_application(uow(), clerk, app.id).application)
        start.wait(60)
        numbers = []
        for app in apps:
            done = intake.decide(uow(), clerk, app.id, expected_version=app.version, due_for=DUE_FOR,
                                 now=RECEIVED, local=local)
            numbers.append(done.application.tracking_number or "")
        return numbers
    finally:
        engine.dispose()


def test_four_workstations_registering_at_once_get_consecutive_numbers(
        db_url: str, catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    _register_citizen(catalog_uow, clerk)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(4) as pool:
            pending = [pool.apply_async(_register_many, (db_url, 10, start)) for _ in range(4)]
            start.set()
            results = [p.get(180) for p in pending]
    numbers = [n for batch in results for n in batch]
    parsed = [parse_tracking_number(n) for n in numbers]
    assert all(p is not None for p in parsed)
    sequences = sorted(p.sequence for p in parsed if p is not None)
    assert sequences == list(range(1, 41)), sequences  # no duplicate, no gap


def test_the_printed_qr_decodes_and_its_signature_verifies(catalog_uow: SqlAlchemyUnitOfWork,
                                                           clerk: Actor, qapp: object) -> None:
    """What the counter prints, read back the way a scanner would: the QR on the receipt carries
    the tracking number and a signature the office can verify; an edited number does not pass."""
    from dinsos_desktop.reports.paper import A5
    from dinsos_desktop.reports.receipt import render_receipt
    from tests.pdftext import parse_pdf
    from tests.qrdecode import decode_qr_codes

    uow = catalog_uow
    app = intake.start_application(uow, clerk, "IZIN-LKSA", citizen_id=_register_citizen(uow, clerk),
                                   now=RECEIVED)
    _tick_all(uow, clerk, app.id)
    current = intake.view_application(uow, clerk, app.id).application
    decision = intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                             now=RECEIVED, local=local)
    pdf = render_receipt(decision.receipt, A5)
    text = parse_pdf(pdf).text
    number = decision.application.tracking_number or ""
    assert number in text and "Selasa, 31 Maret 2026" in text and "357504******0001" in text
    decoded = [payload for _, payload in decode_qr_codes(pdf)]
    assert decoded == [decision.receipt.qr_payload]
    found = intake.find_by_number(uow, clerk, decoded[0])
    assert found is not None and found.tracking_number == number
    forged = decoded[0].replace(number, number[:-5] + "99-" + number[-1])
    with pytest.raises(ValidationError, match="tidak sah"):
        intake.find_by_number(uow, clerk, forged)
