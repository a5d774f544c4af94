"""Tracking and workflow through the services, on SQLite and PostgreSQL: steps in order, skip
with a reason, ready, handover with its receipt, cancel and reopen, conflicts between two
clerks, permissions and the audit trail, the queues on the office calendar around the 2026
Lebaran holidays, and opening a file from a typed number or a scanned receipt."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
from dinsos_desktop.adapters.regions import REGIONS
from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.errors import (
    CatalogFormatError,
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.tracking import format_tracking_number
from dinsos_desktop.domain.workflow import StepOutcome
from dinsos_desktop.services import applicants, calendar, intake, tracking
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.catalog import import_catalog, parse_catalog_bytes
from dinsos_desktop.services.dto import (
    Actor,
    ApplicationDTO,
    AuditEntry,
    HandoverInput,
    QueueCounts,
    QueueFilter,
)
from dinsos_desktop.services.uow import UnitOfWork
from dinsos_desktop.services.users import create_user, login
from tests.integration.test_intake_services import (
    DUE_FOR,
    RECEIVED,
    WIB,
    _register_citizen,
    _tick_all,
    citizen,
    local,
)
from tests.support import bundled_document

HOLIDAYS = IndonesianHolidays()
PASSWORD = "Rahasia-pengguna-1"


def on(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of 2026, office time (WIB)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def _registered(uow: SqlAlchemyUnitOfWork, clerk: Actor, code: str = "IZIN-LKSA",
                nik: str = "3575045508950001", at: dt.datetime = RECEIVED) -> int:
    person = _register_citizen(uow, clerk, nik=nik)
    app = intake.start_application(uow, clerk, code, citizen_id=person, now=at)
    _tick_all(uow, clerk, app.id)
    current = intake.view_application(uow, clerk, app.id).application
    intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR, now=at,
                  local=local)
    return app.id


def person(uow: UnitOfWork, clerk: Actor, nik: str = "3575045508950001") -> int:
    return applicants.save_citizen(uow, clerk, citizen(nik=nik), regions=REGIONS, now=RECEIVED).id


def register(uow: UnitOfWork, clerk: Actor, citizen_id: int, code: str,
             at: dt.datetime) -> ApplicationDTO:
    """A complete file of ``code`` received (and registered) at ``at``."""
    app = intake.start_application(uow, clerk, code, citizen_id=citizen_id, now=at)
    view = intake.view_application(uow, clerk, app.id)
    for item in view.standard.checklist_items():
        intake.mark_item(uow, clerk, app.id, item.key, ItemStatus.COPY_RECEIVED, now=at)
    current = intake.view_application(uow, clerk, app.id).application
    return intake.decide(uow, clerk, app.id, expected_version=current.version, due_for=DUE_FOR,
                         now=at, local=local).application


def walk(uow: UnitOfWork, actor: Actor, app: ApplicationDTO, steps: int,
         at: dt.datetime) -> ApplicationDTO:
    """Record the next ``steps`` steps as done."""
    first = app.current_step or 1
    for step in range(first, first + steps):
        app = tracking.record_procedure_step(uow, actor, app.id, step, StepOutcome.DONE,
                                             expected_version=app.version, now=at)
    return app


def _file(uow: UnitOfWork, actor: Actor, app_id: int,
          now: dt.datetime = RECEIVED) -> tracking.ApplicationFile:
    return tracking.open_file(uow, actor, app_id, holidays=HOLIDAYS, now=now, local=local)


def _user(uow: SqlAlchemyUnitOfWork, admin: Actor, username: str, role: Role) -> Actor:
    create_user(uow, admin, username, f"Pengguna {username.title()}", [role], PASSWORD,
                nip="198001012006041001")
    return login(uow, username, PASSWORD)


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    return _user(uow, admin, "kadis", Role.PIMPINAN)


@pytest.fixture
def agendaris(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    return _user(uow, admin, "agenda", Role.AGENDARIS)


def _audit(uow: UnitOfWork, admin: Actor, app_id: int) -> list[AuditEntry]:
    """The application's audit entries, oldest first."""
    page = audit_page(uow, admin, limit=1000, entity="application")
    return [e for e in reversed(page.items) if e.entity_id == str(app_id)]


# --------------------------------------------------------------------------- the walk


def test_walk_the_steps_then_hand_over(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    app_id = _registered(uow, clerk)
    f = _file(uow, clerk, app_id)
    assert f.application.status == "registered" and f.application.current_step == 1
    total = len(f.standard.procedure_steps)
    assert f.application.step_count == total == 4
    at = RECEIVED + dt.timedelta(hours=1)
    app = f.application
    app = tracking.record_procedure_step(uow, clerk, app_id, 1, StepOutcome.DONE, "berkas diterima",
                                         expected_version=app.version, now=at)
    assert app.status == "in_process" and app.current_step == 2
    with pytest.raises(ValidationError) as refused:
        tracking.record_procedure_step(uow, clerk, app_id, 3, StepOutcome.DONE,
                                       expected_version=app.version, now=at)
    assert "berurutan" in refused.value.errors["step"]
    with pytest.raises(ValidationError) as no_reason:
        tracking.record_procedure_step(uow, clerk, app_id, 2, StepOutcome.SKIPPED, "  ",
                                       expected_version=app.version, now=at)
    assert "Alasan" in no_reason.value.errors["note"]
    app = tracking.record_procedure_step(uow, clerk, app_id, 2, StepOutcome.SKIPPED,
                                         "survei tidak diperlukan", expected_version=app.version,
                                         now=at)
    for step in range(3, total + 1):
        app = tracking.record_procedure_step(uow, clerk, app_id, step, StepOutcome.DONE,
                                             expected_version=app.version, now=at)
    assert app.status == "ready" and app.current_step is None and app.ready_at == at
    f = _file(uow, clerk, app_id, now=at)
    assert [(s.step_no, s.outcome) for s in f.steps] == [(1, "done"), (2, "skipped"), (3, "done"),
                                                         (4, "done")]
    assert f.steps[1].note == "survei tidak diperlukan" and f.steps[0].user_full_name
    with pytest.raises(ValidationError):
        tracking.hand_over(uow, clerk, app_id, HandoverInput("", "3575045508950001"),
                           expected_version=app.version, now=at)
    done, receipt = tracking.hand_over(
        uow, clerk, app_id, HandoverInput("Siti Aminah", "3575045508950001"),
        expected_version=app.version, now=at, local=local)
    assert done.status == "done" and done.finished_at == at
    assert receipt.recipient_id_number_masked == "357504******0001"
    assert receipt.tracking_number == done.tracking_number
    events = [e.event for e in _file(uow, clerk, app_id, now=at).events]
    assert events == ["created", "registered", "step_done", "step_skipped", "step_done",
                      "step_done", "handed_over"]
    with pytest.raises(PermissionDenied):
        tracking.reopen_application(uow, clerk, app_id, "salah serah", expected_version=done.version)


def test_step_notes_who_and_when_are_stored(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                           admin: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    first, second = on(3, 25, 8, 15), on(3, 26, 13, 40)
    app = tracking.record_procedure_step(uow, clerk, app.id, 1, StepOutcome.DONE,
                                         "  berkas diterima lengkap \n", expected_version=app.version,
                                         now=first)
    app = tracking.record_procedure_step(uow, admin, app.id, 2, StepOutcome.SKIPPED,
                                         "survei lapangan tidak diperlukan",
                                         expected_version=app.version, now=second)
    f = _file(uow, clerk, app.id, now=second)
    assert [(s.step_no, s.outcome, s.note, s.at, s.user_full_name) for s in f.steps] == [
        (1, "done", "berkas diterima lengkap", first, "Petugas Front Office"),
        (2, "skipped", "survei lapangan tidak diperlukan", second, "Administrator Uji"),
    ]
    # The timeline names the step with its text, the note, who and when.
    step_events = [e for e in f.events if e.event.startswith("step_")]
    assert [(e.event, e.at, e.user_full_name) for e in step_events] == [
        ("step_done", first, "Petugas Front Office"), ("step_skipped", second, "Administrator Uji")]
    texts = f.standard.procedure_steps
    assert step_events[0].note == f"Langkah 1: {texts[0]} — berkas diterima lengkap"
    assert step_events[1].note == f"Langkah 2: {texts[1]} — survei lapangan tidak diperlukan"
    assert (f.application.status, f.application.current_step, f.application.step_count) == (
        "in_process", 3, 4)
    # Too long a note is refused and nothing is stored.
    with pytest.raises(ValidationError) as too_long:
        tracking.record_procedure_step(uow, clerk, app.id, 3, StepOutcome.DONE, "x" * 501,
                                       expected_version=app.version, now=second)
    assert set(too_long.value.errors) == {"note"}
    assert len(_file(uow, clerk, app.id).steps) == 2


def test_a_stale_version_is_a_conflict_for_every_action(catalog_uow: SqlAlchemyUnitOfWork,
                                                        clerk: Actor, admin: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    stale = app.version
    app = walk(uow, clerk, app, 1, on(3, 25))
    with pytest.raises(ConflictError):
        tracking.record_procedure_step(uow, clerk, app.id, 2, StepOutcome.DONE, expected_version=stale)
    with pytest.raises(ConflictError):
        tracking.cancel_application(uow, clerk, app.id, "dicabut", expected_version=stale)
    app = walk(uow, clerk, app, 3, on(3, 25))
    assert app.status == "ready"
    with pytest.raises(ConflictError):
        tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti Aminah", "3575045508950001"),
                           expected_version=app.version - 1)
    done, _ = tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti Aminah", "3575045508950001"),
                                 expected_version=app.version, local=local)
    with pytest.raises(ConflictError):
        tracking.reopen_application(uow, admin, app.id, "salah serah", expected_version=app.version)
    assert _file(uow, clerk, app.id).application == done
    with pytest.raises(NotFound):
        tracking.record_procedure_step(uow, clerk, app.id + 999, 1, StepOutcome.DONE,
                                       expected_version=1)


def test_two_clerks_on_one_step(catalog_uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork,
                                clerk: Actor) -> None:
    app_id = _registered(catalog_uow, clerk)
    seen = _file(catalog_uow, clerk, app_id).application
    tracking.record_procedure_step(catalog_uow, clerk, app_id, 1, StepOutcome.DONE,
                                   expected_version=seen.version)
    with pytest.raises(ConflictError):
        tracking.record_procedure_step(other_uow, clerk, app_id, 1, StepOutcome.DONE,
                                       expected_version=seen.version)
    assert len(_file(catalog_uow, clerk, app_id).steps) == 1


# --------------------------------------------------------------------------- permissions and audit


def test_who_may_do_what(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, admin: Actor,
                         pimpinan: Actor, agendaris: Actor) -> None:
    """front_office and admin act; pimpinan reads (the file, the queues, a handover receipt,
    a number) but does not act; only admin reopens; other roles see nothing of it."""
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    now = on(3, 27, 9)  # the file is due on Tuesday 31 March: within two working days
    number = app.tracking_number or ""

    def reads(actor: Actor) -> list[Callable[[], Any]]:
        return [
            lambda: _file(uow, actor, app.id, now=now).application.id,
            lambda: tracking.work_queue(uow, actor, QueueFilter("running"), holidays=HOLIDAYS,
                                        now=now, local=local).items[0].row.application_id,
            lambda: tracking.queue_counts(uow, actor, holidays=HOLIDAYS, now=now, local=local),
            lambda: intake.find_by_number(uow, actor, number),
        ]

    for actor in (clerk, admin, pimpinan):
        file_id, queued, counts, found = (read() for read in reads(actor))
        assert file_id == queued == app.id and counts.due_soon == 1
        assert found is not None and found.id == app.id
    for refused in (*reads(agendaris),
                    lambda: tracking.handover_receipt(uow, agendaris, app.id, local=local)):
        with pytest.raises(PermissionDenied):
            refused()

    def acts(actor: Actor) -> list[Callable[[], Any]]:
        current = _file(uow, clerk, app.id, now=now).application
        version = current.version
        return [
            lambda: tracking.record_procedure_step(uow, actor, app.id, current.current_step or 1,
                                                   StepOutcome.DONE, expected_version=version,
                                                   now=now),
            lambda: tracking.cancel_application(uow, actor, app.id, "dicabut",
                                                expected_version=version, now=now),
            lambda: tracking.hand_over(uow, actor, app.id, HandoverInput("Siti", "3575045508950001"),
                                       expected_version=version, now=now),
            lambda: tracking.reopen_application(uow, actor, app.id, "salah",
                                                expected_version=version, now=now),
        ]

    for actor in (pimpinan, agendaris):
        for action in acts(actor):
            with pytest.raises(PermissionDenied):
                action()
    assert _file(uow, clerk, app.id).application.version == app.version, "nothing changed"

    # Both counter roles record steps; the file is ready after four.
    for actor in (clerk, admin, clerk, admin):
        acts(actor)[0]()
    ready = _file(uow, clerk, app.id, now=now).application
    assert ready.status == "ready"
    # Both hand over (the second time after the admin reopened the file).
    done, _ = tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti", "3575045508950001"),
                                 expected_version=ready.version, now=now, local=local)
    for actor in (clerk, pimpinan, agendaris):
        with pytest.raises(PermissionDenied):
            tracking.reopen_application(uow, actor, app.id, "salah serah",
                                        expected_version=done.version)
    again = tracking.reopen_application(uow, admin, app.id, "salah serah",
                                        expected_version=done.version, now=now)
    done, _ = tracking.hand_over(uow, admin, app.id, HandoverInput("Siti", "3575045508950001"),
                                 expected_version=again.version, now=now, local=local)
    for actor in (clerk, admin, pimpinan):
        assert tracking.handover_receipt(uow, actor, app.id, local=local).recipient_name == "Siti"
    # Both cancel an open file.
    for actor in (clerk, admin):
        file = register(uow, clerk, app.citizen_id or 0, "ODGJ", on(3, 25))
        assert tracking.cancel_application(uow, actor, file.id, "dicabut", expected_version=file.version,
                                           now=now).status == "cancelled"


def test_every_change_is_audited(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                 admin: Actor, pimpinan: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    number = app.tracking_number
    start = len(_audit(uow, admin, app.id))  # started and registered at the counter
    assert start == 2
    step1 = tracking.record_procedure_step(uow, clerk, app.id, 1, StepOutcome.DONE, "diterima",
                                           expected_version=app.version, now=on(3, 25, 8))
    step2 = tracking.record_procedure_step(uow, clerk, app.id, 2, StepOutcome.SKIPPED, "tidak perlu",
                                           expected_version=step1.version, now=on(3, 25, 9))
    ready = walk(uow, clerk, step2, 2, on(3, 25, 10))
    done, _ = tracking.hand_over(uow, clerk, app.id,
                                 HandoverInput("Ahmad Fauzi", "SIM 1234567890", True, "anak pemohon"),
                                 expected_version=ready.version, now=on(3, 26, 9), local=local)
    reopened = tracking.reopen_application(uow, admin, app.id, "penerima keliru",
                                           expected_version=done.version, now=on(3, 26, 10))
    cancelled = tracking.cancel_application(uow, clerk, app.id, "pemohon meninggal dunia",
                                            expected_version=reopened.version, now=on(3, 26, 11))
    # Reading does not write to the audit trail.
    _file(uow, pimpinan, app.id)
    tracking.work_queue(uow, pimpinan, QueueFilter("ready"), holidays=HOLIDAYS, now=on(3, 27),
                        local=local)
    intake.find_by_number(uow, pimpinan, number or "")

    entries = _audit(uow, admin, app.id)[start:]
    assert [(e.action, e.actor_username, e.actor_id) for e in entries] == [
        ("update", "petugas", clerk.user_id)] * 5 + [("update", "admin", admin.user_id),
                                                    ("update", "petugas", clerk.user_id)]
    assert [e.summary for e in entries] == [
        f"{number}: langkah 1 selesai",
        f"{number}: langkah 2 dilewati",
        f"{number}: langkah 3 selesai",
        f"{number}: langkah 4 selesai, produk siap diambil",
        f"{number}: produk diserahkan kepada Ahmad Fauzi (kuasa)",
        f"{number} dibuka kembali (siap diambil): penerima keliru",
        f"{number} dibatalkan: pemohon meninggal dunia",
    ]
    after = [json.loads(e.after or "null") for e in entries]
    assert after[1] == {"step": 2, "outcome": "skipped", "note": "tidak perlu", "status": "in_process"}
    assert after[3]["status"] == "ready"
    assert after[4] == {"recipient": "Ahmad Fauzi", "representative": True}
    assert json.loads(entries[5].before or "") == {"status": "done"} and after[5] == {"status": "ready"}
    assert json.loads(entries[6].before or "") == {"status": "ready"}
    assert after[6] == {"status": "cancelled"}
    assert cancelled.status_before == "ready"


def test_audit_entries_carry_the_moment_of_the_change(catalog_uow: SqlAlchemyUnitOfWork,
                                                     clerk: Actor, admin: Actor) -> None:
    """The moment passed to a use case (aware, in any zone) is the moment the audit trail shows,
    as for the step itself."""
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    at = on(3, 25, 8, 30)  # 01:30 UTC
    tracking.record_procedure_step(uow, clerk, app.id, 1, StepOutcome.DONE,
                                   expected_version=app.version, now=at)
    assert _file(uow, clerk, app.id).steps[0].at == at
    entry = _audit(uow, admin, app.id)[-1]
    assert entry.summary.endswith("langkah 1 selesai")
    assert entry.occurred_at == at


# --------------------------------------------------------------------------- cancel / reopen


def test_cancel_and_reopen(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, admin: Actor) -> None:
    uow = catalog_uow
    app_id = _registered(uow, clerk)
    app = _file(uow, clerk, app_id).application
    with pytest.raises(ValidationError):
        tracking.cancel_application(uow, clerk, app_id, " ", expected_version=app.version)
    app = tracking.cancel_application(uow, clerk, app_id, "pemohon mencabut permohonan",
                                      expected_version=app.version)
    assert app.status == "cancelled" and app.status_before == "registered"
    with pytest.raises(ValidationError):
        tracking.record_procedure_step(uow, clerk, app_id, 1, StepOutcome.DONE,
                                       expected_version=app.version)
    app = tracking.reopen_application(uow, admin, app_id, "dicabut karena salah paham",
                                      expected_version=app.version)
    assert app.status == "registered"
    assert intake.receipt_for(uow, clerk, app_id, local=local).kind == "receipt"


def test_a_cancelled_file_keeps_its_history_and_no_receipt_is_reprinted(
        catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, admin: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    app = walk(uow, clerk, app, 2, on(3, 25))
    assert (app.status, app.current_step) == ("in_process", 3)
    before = _file(uow, clerk, app.id, now=on(3, 25))
    cancelled = tracking.cancel_application(uow, clerk, app.id, "  pemohon pindah domisili ",
                                            expected_version=app.version, now=on(3, 26))
    assert cancelled.status == "cancelled" and cancelled.status_before == "in_process"
    assert cancelled.tracking_number == app.tracking_number and cancelled.due_at == app.due_at

    f = _file(uow, clerk, app.id, now=on(3, 26))
    assert f.steps == before.steps and len(f.steps) == 2
    assert f.attachments == before.attachments
    assert f.application.items == before.application.items
    assert f.events[:-1] == before.events
    last = f.events[-1]
    assert (last.event, last.note, last.at, last.user_full_name) == (
        "cancelled", "pemohon pindah domisili", on(3, 26), "Petugas Front Office")
    assert f.working_days_left is None and not f.overdue

    with pytest.raises(ValidationError) as no_receipt:
        intake.receipt_for(uow, clerk, app.id, local=local)
    assert "dibatalkan" in no_receipt.value.errors["status"]
    # Nothing more happens to a cancelled file until the admin reopens it.
    for refused in (
            lambda: tracking.record_procedure_step(uow, clerk, app.id, 3, StepOutcome.DONE,
                                                   expected_version=cancelled.version),
            lambda: tracking.cancel_application(uow, clerk, app.id, "lagi",
                                                expected_version=cancelled.version),
            lambda: tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti", "3575045508950001"),
                                       expected_version=cancelled.version)):
        with pytest.raises(ValidationError):
            refused()
    # It leaves every queue (its due date, 31 March, is within two working days on the 27th).
    counts = tracking.queue_counts(uow, clerk, holidays=HOLIDAYS, now=on(3, 27, 9), local=local)
    assert counts == QueueCounts(0, 0, 0, 0)
    for queue in tracking.QUEUES:
        wanted = QueueFilter(queue, standard_code="IZIN-LKSA", step=3)
        assert tracking.work_queue(uow, clerk, wanted, holidays=HOLIDAYS, now=on(3, 27, 9),
                                   local=local).items == ()

    # Reopened: back where it was, at step 3, with the whole history.
    with pytest.raises(ValidationError):
        tracking.reopen_application(uow, admin, app.id, " ", expected_version=cancelled.version)
    reopened = tracking.reopen_application(uow, admin, app.id, "pemohon batal pindah",
                                           expected_version=cancelled.version, now=on(3, 27))
    assert (reopened.status, reopened.current_step, reopened.step_count) == ("in_process", 3, 4)
    f = _file(uow, clerk, app.id, now=on(3, 27, 9))
    assert [e.event for e in f.events][-2:] == ["cancelled", "reopened"]
    assert f.events[-1].note == "pemohon batal pindah" and f.steps == before.steps
    assert f.working_days_left == 2  # Monday 30 and Tuesday 31 March
    assert intake.receipt_for(uow, clerk, app.id, local=local).number == app.tracking_number
    done = walk(uow, clerk, reopened, 2, on(3, 27))
    assert done.status == "ready"


@pytest.mark.parametrize("stage", ["draft", "returned", "registered", "ready"])
def test_a_file_reopens_in_the_status_it_was_cancelled_from(catalog_uow: SqlAlchemyUnitOfWork,
                                                           clerk: Actor, admin: Actor,
                                                           stage: str) -> None:
    uow = catalog_uow
    applicant = person(uow, clerk)
    if stage == "registered":
        app = register(uow, clerk, applicant, "IZIN-LKSA", on(3, 17))
    elif stage == "ready":
        app = walk(uow, clerk, register(uow, clerk, applicant, "IZIN-LKSA", on(3, 17)), 4, on(3, 25))
    else:
        app = intake.start_application(uow, clerk, "IZIN-LKSA", citizen_id=applicant, now=on(3, 17))
        if stage == "returned":
            view = intake.view_application(uow, clerk, app.id)
            for item in view.standard.checklist_items():
                intake.mark_item(uow, clerk, app.id, item.key, ItemStatus.MISSING, now=on(3, 17))
            current = intake.view_application(uow, clerk, app.id).application
            app = intake.decide(uow, clerk, app.id, expected_version=current.version,
                                due_for=DUE_FOR, now=on(3, 17), local=local).application
    assert app.status == stage
    cancelled = tracking.cancel_application(uow, clerk, app.id, "dicabut",
                                            expected_version=app.version, now=on(3, 26))
    assert cancelled.status_before == stage
    reopened = tracking.reopen_application(uow, admin, app.id, "keliru",
                                           expected_version=cancelled.version, now=on(3, 27))
    assert reopened.status == stage
    assert (reopened.current_step, reopened.step_count) == (app.current_step, app.step_count)
    assert reopened.ready_at == app.ready_at


def test_a_finished_file_reopens_ready_and_is_handed_over_again(catalog_uow: SqlAlchemyUnitOfWork,
                                                                clerk: Actor, admin: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    ready = walk(uow, clerk, app, 4, on(3, 25, 9))
    assert ready.ready_at == on(3, 25, 9)
    first_at, reopen_at, second_at = on(3, 26, 9), on(3, 26, 11), on(3, 27, 14)
    done, first = tracking.hand_over(uow, clerk, app.id,
                                     HandoverInput("Budi Santoso", "3575041203120002", True),
                                     expected_version=ready.version, now=first_at, local=local)
    assert done.finished_at == first_at and first.recipient_is_representative
    assert first.recipient_id_number_masked == "357504******0002"
    assert first.handed_at == first_at and first.officer_name == "Petugas Front Office"

    reopened = tracking.reopen_application(uow, admin, app.id, "diserahkan kepada orang yang salah",
                                           expected_version=done.version, now=reopen_at)
    assert reopened.status == "ready" and reopened.finished_at is None
    assert reopened.ready_at == ready.ready_at and reopened.current_step is None
    # Waiting in the 'siap diambil' queue again.
    page = tracking.work_queue(uow, clerk, QueueFilter("ready"), holidays=HOLIDAYS, now=reopen_at,
                               local=local)
    assert [i.row.application_id for i in page.items] == [app.id]
    assert page.items[0].working_days_left is None
    # The last receipt until the product is handed over again: the first one.
    assert tracking.handover_receipt(uow, clerk, app.id, local=local).recipient_name == "Budi Santoso"

    again, second = tracking.hand_over(
        uow, admin, app.id, HandoverInput("  Siti   Aminah ", "3575-0455-0895-0001", note="asli"),
        expected_version=reopened.version, now=second_at, local=local)
    assert again.status == "done" and again.finished_at == second_at
    assert second.recipient_name == "Siti Aminah" and second.officer_name == "Administrator Uji"
    assert second.recipient_id_number_masked == "357504******0001" and second.note == "asli"

    f = _file(uow, clerk, app.id, now=second_at)
    assert [(h.recipient_name, h.recipient_id_number, h.recipient_is_representative, h.at,
             h.officer_full_name) for h in f.handovers] == [
        ("Budi Santoso", "3575041203120002", True, first_at, "Petugas Front Office"),
        ("Siti Aminah", "3575045508950001", False, second_at, "Administrator Uji")]
    assert [e.event for e in f.events][-3:] == ["handed_over", "reopened", "handed_over"]
    assert f.events[-2].note == "diserahkan kepada orang yang salah"
    assert tracking.handover_receipt(uow, clerk, app.id, local=local).recipient_name == "Siti Aminah"
    # The tanda terima berkas is still the one from the counter.
    assert intake.receipt_for(uow, clerk, app.id, local=local).number == app.tracking_number


def test_handover_recipient_checks(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    with pytest.raises(ValidationError) as not_ready:
        tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti", "3575045508950001"),
                           expected_version=app.version)
    assert "siap diambil" in not_ready.value.errors["status"]
    with pytest.raises(ValidationError) as none_yet:
        tracking.handover_receipt(uow, clerk, app.id, local=local)
    assert "belum diserahkan" in none_yet.value.errors["status"]
    ready = walk(uow, clerk, app, 4, on(3, 25))
    for data, field in ((HandoverInput(" ", "3575045508950001"), "recipient_name"),
                        (HandoverInput("x" * 201, "3575045508950001"), "recipient_name"),
                        (HandoverInput("Siti", ""), "recipient_id_number"),
                        (HandoverInput("Siti", "12"), "recipient_id_number"),
                        (HandoverInput("Siti", "A" * 41), "recipient_id_number"),
                        (HandoverInput("Siti", "12#45"), "recipient_id_number"),
                        (HandoverInput("Siti", "3575045508950001", note="x" * 501), "note")):
        with pytest.raises(ValidationError) as refused:
            tracking.hand_over(uow, clerk, app.id, data, expected_version=ready.version)
        assert field in refused.value.errors
    assert _file(uow, clerk, app.id).handovers == ()
    _, receipt = tracking.hand_over(uow, clerk, app.id, HandoverInput("Ahmad", " sim 1234567890", True),
                                    expected_version=ready.version, local=local)
    # Another ID than an NIK: upper case, only its last four characters printed.
    assert receipt.recipient_id_number_masked == "••••••••••7890"
    assert _file(uow, clerk, app.id).handovers[0].recipient_id_number == "SIM 1234567890"


def test_a_standard_without_procedure_steps_never_strands_a_file(catalog_uow: SqlAlchemyUnitOfWork,
                                                                  clerk: Actor, admin: Actor) -> None:
    """A decree may list a service without procedure steps (the catalog format accepts an empty
    list). A file registered for it must still reach 'selesai': either the product is ready at
    once, or a step waits to be recorded. (Refusing such a catalog at import is fine too.)"""
    uow = catalog_uow
    doc = bundled_document()
    doc["version"]["decree_number"] = "188/12/423.105/2026"
    doc["version"]["decree_date"] = "2026-02-02"
    next(s for s in doc["standards"] if s["code"] == "IZIN-LKSA")["procedure_steps"] = []
    raw = json.dumps(doc).encode()
    try:
        catalog = parse_catalog_bytes(raw, "katalog.json")
    except CatalogFormatError:
        return  # refused at import: no file is ever registered against it
    import_catalog(uow, admin, catalog, hashlib.sha256(raw).hexdigest())
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    # It walks one implicit step, "Penyelesaian layanan": recorded, the product is ready.
    assert (app.status, app.current_step, app.step_count) == ("registered", 1, 1)
    app = tracking.record_procedure_step(uow, clerk, app.id, 1, StepOutcome.DONE,
                                         expected_version=app.version)
    assert app.status == "ready"
    steps = tracking.open_file(uow, clerk, app.id, holidays=HOLIDAYS, local=local).events
    assert any("Penyelesaian layanan" in e.note for e in steps)
    done, _ = tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti", "3575045508950001"),
                                 expected_version=app.version, local=local)
    assert done.status == "done"


# --------------------------------------------------------------------------- work queues


def _lebaran_files(uow: UnitOfWork, clerk: Actor) -> dict[str, ApplicationDTO]:
    """Files received before Nyepi and Idul Fitri 2026, named by their due day."""
    applicant = person(uow, clerk)
    files: dict[str, ApplicationDTO] = {}
    for name, code, received in (("due17", "IZIN-LKSA", on(3, 10)), ("due25", "IZIN-LKSA", on(3, 11)),
                                 ("due26", "IZIN-LKSA", on(3, 12)), ("due27", "IZIN-LKSA", on(3, 13)),
                                 ("odgj27", "ODGJ", on(3, 13)), ("due30", "IZIN-LKSA", on(3, 16)),
                                 ("pkh", "BANSOS-PKH", on(3, 16)), ("due31", "IZIN-LKSA", on(3, 17))):
        files[name] = register(uow, clerk, applicant, code, received)
    return files


def _after_lebaran(uow: UnitOfWork, clerk: Actor, files: dict[str, ApplicationDTO]) -> None:
    applicant = files["due17"].citizen_id or 0
    files["due1apr"] = register(uow, clerk, applicant, "IZIN-LKSA", on(3, 25))
    files["kepeg28"] = register(uow, clerk, applicant, "KEPEGAWAIAN", on(3, 26))  # 2 calendar days


def _queue(uow: UnitOfWork, actor: Actor, files: dict[str, ApplicationDTO], queue: str,
           now: dt.datetime, **filters: Any) -> list[tuple[str, int | None]]:
    names = {f.id: name for name, f in files.items()}
    page = tracking.work_queue(uow, actor, QueueFilter(queue, **filters), holidays=HOLIDAYS, now=now,
                               local=local)
    assert page.total == len(page.items) and not page.total_capped
    return [(names[i.row.application_id], i.working_days_left) for i in page.items]


def _counts(uow: UnitOfWork, actor: Actor, now: dt.datetime, **filters: Any) -> tuple[int, ...]:
    c = tracking.queue_counts(uow, actor, holidays=HOLIDAYS, now=now, local=local, **filters)
    return c.overdue, c.due_today, c.due_soon, c.ready


def test_due_dates_around_lebaran(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    files = _lebaran_files(catalog_uow, clerk)
    _after_lebaran(catalog_uow, clerk, files)
    due = {name: (local(f.due_at).date(), local(f.due_at).time()) if f.due_at else None
           for name, f in files.items()}
    end = dt.time(23, 59, 59)
    assert due == {
        "due17": (dt.date(2026, 3, 17), end), "due25": (dt.date(2026, 3, 25), end),
        "due26": (dt.date(2026, 3, 26), end), "due27": (dt.date(2026, 3, 27), end),
        "odgj27": (dt.date(2026, 3, 27), end), "due30": (dt.date(2026, 3, 30), end),
        "pkh": None, "due31": (dt.date(2026, 3, 31), end), "due1apr": (dt.date(2026, 4, 1), end),
        "kepeg28": (dt.date(2026, 3, 28), end)}


def test_queues_on_the_last_working_day_before_nyepi(catalog_uow: SqlAlchemyUnitOfWork,
                                                     clerk: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    # Tuesday 17 March, 15:00: the next two working days are Wednesday 25 and Thursday 26 (18 cuti
    # bersama, 19 Nyepi, 20 cuti bersama, 21-22 Idul Fitri, 23-24 cuti bersama).
    now = on(3, 17, 15)
    assert _queue(uow, clerk, files, "overdue", now) == []
    assert _queue(uow, clerk, files, "due_today", now) == [("due17", 0)]
    assert _queue(uow, clerk, files, "due_soon", now) == [("due25", 1), ("due26", 2)]
    assert _queue(uow, clerk, files, "running", now) == [
        ("due17", 0), ("due25", 1), ("due26", 2), ("due27", 3), ("odgj27", 3), ("due30", 4),
        ("due31", 5), ("pkh", None)]  # by due date, the one without a limit last
    assert _counts(uow, clerk, now) == (0, 1, 2, 0)
    # Late on the 17th the file due that day is overdue only once the day is over.
    assert _queue(uow, clerk, files, "due_today", on(3, 17, 23, 59)) == [("due17", 0)]


def test_queues_on_the_day_before_nyepi(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    # Wednesday 18 March (cuti bersama, the office is closed): nothing is due today; the file due
    # on the 17th is overdue, by no working day yet; due_soon still ends on Thursday 26.
    now = on(3, 18, 9)
    assert _queue(uow, clerk, files, "overdue", now) == [("due17", 0)]
    assert _queue(uow, clerk, files, "due_today", now) == []
    assert _queue(uow, clerk, files, "due_soon", now) == [("due25", 1), ("due26", 2)]
    assert _counts(uow, clerk, now) == (1, 0, 2, 0)
    f = _file(uow, clerk, files["due17"].id, now=now)
    assert (f.working_days_left, f.overdue) == (0, True)
    # Nyepi itself, and the Saturday of Idul Fitri: the same.
    for day in (on(3, 19, 9), on(3, 21, 9), on(3, 24, 16)):
        assert _counts(uow, clerk, day) == (1, 0, 2, 0)
    # Back at work on Wednesday 25: two working days are Thursday 26 and Friday 27.
    now = on(3, 25, 8)
    assert _queue(uow, clerk, files, "overdue", now) == [("due17", -1)]
    assert _queue(uow, clerk, files, "due_today", now) == [("due25", 0)]
    assert _queue(uow, clerk, files, "due_soon", now) == [("due26", 1), ("due27", 2), ("odgj27", 2)]


def test_queues_on_a_friday_and_a_saturday(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    _after_lebaran(uow, clerk, files)
    # Friday 27 March, 09:00: due_soon spans the weekend, up to the end of Tuesday 31.
    friday = on(3, 27, 9)
    assert _queue(uow, clerk, files, "overdue", friday) == [("due17", -3), ("due25", -2),
                                                            ("due26", -1)]
    assert _queue(uow, clerk, files, "due_today", friday) == [("due27", 0), ("odgj27", 0)]
    assert _queue(uow, clerk, files, "due_soon", friday) == [("kepeg28", 0), ("due30", 1),
                                                             ("due31", 2)]
    assert [n for n, _ in _queue(uow, clerk, files, "running", friday)] == [
        "due17", "due25", "due26", "due27", "odgj27", "kepeg28", "due30", "due31", "due1apr", "pkh"]
    assert _counts(uow, clerk, friday) == (3, 2, 3, 0)
    # Filters: by bidang, by standard.
    assert _counts(uow, clerk, friday, bidang_code="DAYASOS") == (3, 1, 2, 0)
    assert _counts(uow, clerk, friday, bidang_code="REHSOS") == (0, 1, 0, 0)
    assert _counts(uow, clerk, friday, bidang_code="SEKRETARIAT") == (0, 0, 1, 0)
    assert _counts(uow, clerk, friday, standard_code="ODGJ") == (0, 1, 0, 0)
    assert _counts(uow, clerk, friday, bidang_code="REHSOS", standard_code="IZIN-LKSA") == (0, 0, 0, 0)
    assert _queue(uow, clerk, files, "due_today", friday, bidang_code="DAYASOS") == [("due27", 0)]
    assert _queue(uow, clerk, files, "due_today", friday, standard_code="ODGJ") == [("odgj27", 0)]
    assert _queue(uow, clerk, files, "running", friday, bidang_code="LINJAMSOS") == [("pkh", None)]
    assert [n for n, _ in _queue(uow, clerk, files, "running", friday, standard_code="IZIN-LKSA")] == [
        "due17", "due25", "due26", "due27", "due30", "due31", "due1apr"]
    assert _file(uow, clerk, files["due27"].id, now=friday).overdue is False

    # Saturday 28 March, 09:00: the files due on Friday are overdue (by no working day yet); the
    # one due this Saturday (calendar days) is due today; due_soon is Monday 30 and Tuesday 31.
    saturday = on(3, 28, 9)
    assert _queue(uow, clerk, files, "overdue", saturday) == [
        ("due17", -3), ("due25", -2), ("due26", -1), ("due27", 0), ("odgj27", 0)]
    assert _queue(uow, clerk, files, "due_today", saturday) == [("kepeg28", 0)]
    assert _queue(uow, clerk, files, "due_soon", saturday) == [("due30", 1), ("due31", 2)]
    assert _counts(uow, clerk, saturday) == (5, 1, 2, 0)
    # Monday 30 March: due_soon is Tuesday 31 and Wednesday 1 April.
    monday = on(3, 30, 8)
    assert _queue(uow, clerk, files, "due_soon", monday) == [("due31", 1), ("due1apr", 2)]
    assert _queue(uow, clerk, files, "overdue", monday)[-3:] == [("due27", -1), ("odgj27", -1),
                                                                 ("kepeg28", -1)]
    assert _queue(uow, clerk, files, "due_today", monday) == [("due30", 0)]
    f = _file(uow, clerk, files["due27"].id, now=monday)
    assert (f.working_days_left, f.overdue) == (-1, True)


def test_an_office_closure_moves_the_due_soon_cut_off(catalog_uow: SqlAlchemyUnitOfWork,
                                                      clerk: Actor, admin: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    _after_lebaran(uow, clerk, files)
    friday = on(3, 27, 9)
    assert _queue(uow, clerk, files, "due_soon", friday) == [("kepeg28", 0), ("due30", 1),
                                                             ("due31", 2)]
    # The office closes on Tuesday 31 March (a regional election): the second working day after
    # Friday is now Wednesday 1 April. Due dates already given do not move.
    calendar.add_closure(uow, admin, dt.date(2026, 3, 31), "Pemungutan suara pilkada")
    assert _queue(uow, clerk, files, "due_soon", friday) == [("kepeg28", 0), ("due30", 1),
                                                             ("due31", 1), ("due1apr", 2)]
    assert _counts(uow, clerk, friday) == (3, 2, 4, 0)
    assert _file(uow, clerk, files["due1apr"].id, now=friday).working_days_left == 2
    # On Wednesday 1 April the file due on the closed day is overdue by one working day.
    wednesday = on(4, 1, 9)
    assert _queue(uow, clerk, files, "overdue", wednesday)[-1] == ("due31", -1)
    assert _queue(uow, clerk, files, "due_today", wednesday) == [("due1apr", 0)]
    calendar.remove_closure(uow, admin, dt.date(2026, 3, 31))
    assert _counts(uow, clerk, friday) == (3, 2, 3, 0)


def test_waiting_at_a_step_and_ready_for_collection(catalog_uow: SqlAlchemyUnitOfWork,
                                                    clerk: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    files["due30"] = walk(uow, clerk, files["due30"], 1, on(3, 25, 9))
    files["due27"] = walk(uow, clerk, files["due27"], 1, on(3, 25, 9))
    files["due26"] = walk(uow, clerk, files["due26"], 4, on(3, 25, 10))
    files["due25"] = walk(uow, clerk, files["due25"], 4, on(3, 25, 9))
    files["odgj27"] = walk(uow, clerk, files["odgj27"], 1, on(3, 25, 9))
    now = on(3, 26, 9)
    lksa = {"standard_code": "IZIN-LKSA"}
    assert _queue(uow, clerk, files, "waiting", now, step=1, **lksa) == [
        ("due17", -2), ("due31", 3)]
    assert _queue(uow, clerk, files, "waiting", now, step=2, **lksa) == [("due27", 1), ("due30", 2)]
    assert _queue(uow, clerk, files, "waiting", now, step=3, **lksa) == []
    assert _queue(uow, clerk, files, "waiting", now, step=2, standard_code="ODGJ") == [("odgj27", 1)]
    page = tracking.work_queue(uow, clerk, QueueFilter("waiting", standard_code="IZIN-LKSA", step=2),
                               holidays=HOLIDAYS, now=now, local=local)
    standard = _file(uow, clerk, files["due27"].id).standard
    row = page.items[0].row
    assert (row.status, row.current_step, row.step_count, row.step_text) == (
        "in_process", 2, 4, standard.procedure_steps[1])
    assert row.tracking_number == files["due27"].tracking_number and row.applicant_name == "Siti Aminah"
    assert (row.standard_code, row.bidang_code) == ("IZIN-LKSA", "DAYASOS")
    # Ready: oldest first, out of the running queues.
    assert _queue(uow, clerk, files, "ready", now) == [("due25", None), ("due26", None)]
    assert _queue(uow, clerk, files, "ready", now, bidang_code="REHSOS") == []
    assert "due25" not in [n for n, _ in _queue(uow, clerk, files, "running", now)]
    assert _counts(uow, clerk, now) == (1, 0, 3, 2)  # due17; due27, odgj27, due30; due25, due26
    assert _counts(uow, clerk, now, bidang_code="DAYASOS") == (1, 0, 2, 2)
    # Choosing a step needs its standard; unknown queues are refused.
    for wanted in (QueueFilter("waiting"), QueueFilter("waiting", standard_code="IZIN-LKSA"),
                   QueueFilter("terlambat")):
        with pytest.raises(ValidationError):
            tracking.work_queue(uow, clerk, wanted, holidays=HOLIDAYS, now=now, local=local)


def test_queue_pages(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor) -> None:
    uow = catalog_uow
    files = _lebaran_files(uow, clerk)
    names = {f.id: n for n, f in files.items()}
    now = on(3, 17, 15)
    seen: list[str] = []
    for offset in range(0, 9, 3):
        page = tracking.work_queue(uow, clerk, QueueFilter("running"), holidays=HOLIDAYS, now=now,
                                   local=local, limit=3, offset=offset)
        seen += [names[i.row.application_id] for i in page.items]
        more = offset + 3 < len(files)
        assert page.total_capped is more and page.offset == offset
        assert page.total == offset + len(page.items) + (1 if more else 0)
    assert seen == ["due17", "due25", "due26", "due27", "odgj27", "due30", "due31", "pkh"]


# --------------------------------------------------------------------------- typed and scanned numbers


def test_a_scanned_receipt_opens_the_file_and_a_forged_one_is_refused(
        catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, pimpinan: Actor, agendaris: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    number = app.tracking_number or ""
    payload = intake.receipt_for(uow, clerk, app.id, local=local).qr_payload
    assert payload.startswith(number + "*")
    for actor in (clerk, pimpinan):
        assert intake.find_by_number(uow, actor, payload) == app
        assert intake.find_by_number(uow, actor, f"  {payload}\n") == app
    with pytest.raises(PermissionDenied):
        intake.find_by_number(uow, agendaris, payload)

    signature = payload.split("*")[1]
    flip = {c: "0" if c != "0" else "1" for c in "0123456789ABCDEF"}
    forged = [
        payload.replace(number, format_tracking_number(2026, 2), 1),  # another genuine number
        payload[:3] + ("1" if payload[3] != "1" else "2") + payload[4:],  # one digit of the number
        f"{number}*{flip[signature[0]]}{signature[1:]}",  # one character of the signature
        f"{number}*{signature[:-1]}{flip[signature[-1]]}",
        f"{number}*{signature[:-1]}",  # cut short
        f"{number}*",
        "26-999999-X*0123456789ABCDEF",  # not from this office at all
        "*" + signature,
        "26-000001-Ä*" + signature,
    ]
    for text in forged:
        with pytest.raises(ValidationError) as refused:
            intake.find_by_number(uow, clerk, text)
        assert "tidak sah" in refused.value.errors["number"], text
    # Letter case of the signature does not matter (a scanner may lower-case it).
    assert intake.find_by_number(uow, clerk, f"{number}*{signature.lower()}") == app


def test_a_mistyped_number_is_refused_by_its_check_digit(catalog_uow: SqlAlchemyUnitOfWork,
                                                         clerk: Actor) -> None:
    uow = catalog_uow
    app = register(uow, clerk, person(uow, clerk), "IZIN-LKSA", on(3, 17))
    number = app.tracking_number or ""
    digits = number.replace("-", "")
    for typed in (number, digits, f"{digits[:2]} {digits[2:8]} {digits[8]}", f" {number} "):
        assert intake.find_by_number(uow, clerk, typed) == app

    def formatted(d: str) -> str:
        return f"{d[:2]}-{d[2:8]}-{d[8]}"

    mistyped = {formatted(digits[:i] + c + digits[i + 1:])
                for i in range(len(digits)) for c in "0123456789" if c != digits[i]}
    swapped = {formatted(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
               for i in range(len(digits) - 1) if digits[i] != digits[i + 1]}
    assert len(mistyped) == 81 and swapped
    for typed in sorted(mistyped | swapped):
        with pytest.raises(ValidationError) as refused:
            intake.find_by_number(uow, clerk, typed)
        assert "Nomor tidak sah" in refused.value.errors["number"], typed
    # A well-formed number nobody has: no file, no error.
    assert intake.find_by_number(uow, clerk, format_tracking_number(2026, 999)) is None
