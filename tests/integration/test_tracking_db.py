"""The tracking repositories on SQLite and PostgreSQL: step progress and dates written by
save_state, steps (one per step, whoever races), events, handovers, the work queues' exact
boundaries, two clerks on one file at the same moment, and the in-memory fake (tests/fakes.py)
giving the same answers as the SQL repository."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random
import re
import threading
from collections.abc import Callable
from typing import Any, Self

import pytest
from sqlalchemy import Engine, event, func, insert, select
from sqlalchemy import exc as sa_exc

from dinsos_desktop.adapters.db.models import (
    APPLICATION_STATUSES,
    RUNNING_STATUSES,
    STEP_OUTCOMES,
    ApplicationEventRow,
    ApplicationRow,
    ApplicationStepRow,
    AuditRow,
)
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.workflow import RUNNING, Status, StepOutcome
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.services import tracking
from dinsos_desktop.services.catalog import import_catalog, read_catalog_file
from dinsos_desktop.services.dto import (
    SYSTEM,
    Actor,
    ApplicationDTO,
    HandoverInput,
    QueueFilter,
    StepProgress,
)
from dinsos_desktop.services.uow import UnitOfWork
from tests.fakes import FakeUnitOfWork
from tests.integration.test_intake_services import WIB, citizen, local
from tests.integration.test_tracking_services import HOLIDAYS, on, register, walk

NOW = dt.datetime(2026, 3, 27, 2, 0, tzinfo=dt.UTC)  # Friday 27 March 2026, 09:00 WIB
TODAY_END = dt.datetime(2026, 3, 27, 23, 59, 59, 999999, tzinfo=WIB)
SOON_END = dt.datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=WIB)  # Monday 30, Tuesday 31
TICK = dt.timedelta(microseconds=1)


def test_the_schema_knows_the_statuses_of_the_domain() -> None:
    assert tuple(s.value for s in Status) == APPLICATION_STATUSES
    assert set(RUNNING_STATUSES) == {s.value for s in RUNNING}
    assert tuple(o.value for o in StepOutcome) == STEP_OUTCOMES


# --------------------------------------------------------------------------- set-up over any uow


@dataclasses.dataclass
class Office:
    """One applicant and the standards' ids in the active catalog version."""

    citizen_id: int
    standards: dict[str, int]
    number: int = 0


def _office(uow: UnitOfWork) -> Office:
    with uow:
        version = uow.catalog.active_version_id()
        assert version is not None
        standards = {}
        for code in ("IZIN-LKSA", "ODGJ", "BANSOS-PKH", "KEPEGAWAIAN"):
            found = uow.catalog.standard_id(version, code)
            assert found is not None
            standards[code] = found
        person = uow.citizens.add(citizen(), NOW)
        uow.commit()
    return Office(person.id, standards)


def _file(uow: UnitOfWork, office: Office, code: str, status: str, due: dt.datetime | None, *,
          step: int = 1, at: dt.datetime = NOW) -> ApplicationDTO:
    """An application of ``code`` brought to ``status`` through save_state, as the use cases do."""
    office.number += 1
    steps = {"IZIN-LKSA": 4, "ODGJ": 11, "BANSOS-PKH": 14, "KEPEGAWAIAN": 6}[code]
    with uow:
        app = uow.applications.add_draft(office.standards[code], office.citizen_id, None, None, None,
                                         at)
        app = uow.applications.save_state(
            app.id, expected_version=app.version, status="registered", now=at,
            tracking_number=f"26-{office.number:06d}-0", received_at=at, due_at=due,
            progress=StepProgress(1, steps), event="registered")
        if status in ("in_process", "ready", "done"):
            current = step if status == "in_process" else None
            app = uow.applications.save_state(
                app.id, expected_version=app.version, status="in_process" if current else "ready",
                now=at, progress=StepProgress(current, steps), ready_at=None if current else at,
                event="step_done")
        if status == "done":
            app = uow.applications.save_state(app.id, expected_version=app.version, status="done",
                                              now=at, finished_at=at, event="handed_over")
        if status == "cancelled":
            app = uow.applications.save_state(app.id, expected_version=app.version,
                                              status="cancelled", now=at, status_before=app.status,
                                              event="cancelled")
        uow.commit()
    assert app.status == status
    return app


def _boundary_files(uow: UnitOfWork) -> dict[str, ApplicationDTO]:
    office = _office(uow)
    lksa = "IZIN-LKSA"
    return {
        "late": _file(uow, office, lksa, "registered", NOW - TICK),
        "late_in_process": _file(uow, office, lksa, "in_process", NOW - dt.timedelta(days=3), step=3),
        "now": _file(uow, office, lksa, "registered", NOW),
        "today_end": _file(uow, office, "ODGJ", "in_process", TODAY_END, step=2),
        "after_today": _file(uow, office, lksa, "registered", TODAY_END + TICK),
        "soon_end": _file(uow, office, "KEPEGAWAIAN", "registered", SOON_END),
        "after_soon": _file(uow, office, lksa, "in_process", SOON_END + TICK, step=2),
        "no_limit": _file(uow, office, "BANSOS-PKH", "registered", None),
        "ready_old": _file(uow, office, lksa, "ready", NOW - dt.timedelta(days=5),
                           at=NOW - dt.timedelta(days=2)),
        "ready_new": _file(uow, office, "ODGJ", "ready", None, at=NOW - dt.timedelta(days=1)),
        "done": _file(uow, office, lksa, "done", NOW - dt.timedelta(days=9)),
        "cancelled": _file(uow, office, lksa, "cancelled", NOW - dt.timedelta(days=9)),
    }


QUEUE_CASES: list[tuple[QueueFilter, list[str]]] = [
    (QueueFilter("overdue"), ["late_in_process", "late"]),
    (QueueFilter("due_today"), ["now", "today_end"]),
    (QueueFilter("due_soon"), ["after_today", "soon_end"]),
    (QueueFilter("running"), ["late_in_process", "late", "now", "today_end", "after_today",
                              "soon_end", "after_soon", "no_limit"]),
    (QueueFilter("ready"), ["ready_old", "ready_new"]),
    (QueueFilter("waiting", standard_code="IZIN-LKSA", step=1), ["late", "now", "after_today"]),
    (QueueFilter("waiting", standard_code="IZIN-LKSA", step=2), ["after_soon"]),
    (QueueFilter("waiting", standard_code="IZIN-LKSA", step=3), ["late_in_process"]),
    (QueueFilter("waiting", standard_code="ODGJ", step=2), ["today_end"]),
    (QueueFilter("waiting", standard_code="ODGJ", step=1), []),
    (QueueFilter("overdue", bidang_code="DAYASOS"), ["late_in_process", "late"]),
    (QueueFilter("due_today", bidang_code="REHSOS"), ["today_end"]),
    (QueueFilter("due_soon", bidang_code="SEKRETARIAT"), ["soon_end"]),
    (QueueFilter("running", bidang_code="LINJAMSOS"), ["no_limit"]),
    (QueueFilter("ready", bidang_code="REHSOS"), ["ready_new"]),
    (QueueFilter("ready", standard_code="IZIN-LKSA"), ["ready_old"]),
    (QueueFilter("running", bidang_code="REHSOS", standard_code="IZIN-LKSA"), []),
]
COUNT_CASES: list[tuple[dict[str, str], tuple[int, int, int, int]]] = [
    ({}, (2, 2, 2, 2)),
    ({"bidang_code": "DAYASOS"}, (2, 1, 1, 1)),
    ({"bidang_code": "REHSOS"}, (0, 1, 0, 1)),
    ({"standard_code": "KEPEGAWAIAN"}, (0, 0, 1, 0)),
    ({"bidang_code": "LINJAMSOS"}, (0, 0, 0, 0)),
]


def _queues(uow: UnitOfWork, files: dict[str, ApplicationDTO]) -> dict[str, Any]:
    """Every queue case and count case, by file name."""
    names = {f.id: n for n, f in files.items()}
    result: dict[str, Any] = {}
    with uow.read_only():
        for wanted, _ in QUEUE_CASES:
            page = uow.applications.queue(wanted, now=NOW, today_end=TODAY_END, soon_end=SOON_END,
                                          limit=50, offset=0)
            result[repr(wanted)] = [names[r.application_id] for r in page.items]
        for filters, _ in COUNT_CASES:
            c = uow.applications.queue_counts(now=NOW, today_end=TODAY_END, soon_end=SOON_END,
                                              **filters)
            result[repr(filters)] = (c.overdue, c.due_today, c.due_soon, c.ready)
    return result


def _expected_queues() -> dict[str, Any]:
    return {**{repr(w): names for w, names in QUEUE_CASES},
            **{repr(f): counts for f, counts in COUNT_CASES}}


def _fake() -> FakeUnitOfWork:
    """The fake with the bundled catalog and the fixtures' two users, under the same ids (the
    first admin, then the clerk)."""
    fake = FakeUnitOfWork()
    catalog, sha = read_catalog_file(bundled_catalog())
    import_catalog(fake, SYSTEM, catalog, sha)
    with fake:
        assert fake.users.add("admin", "Administrator Uji", "", frozenset(), "x", NOW).id == 1
        assert fake.users.add("petugas", "Petugas Front Office", "", frozenset(), "x", NOW).id == 2
        fake.commit()
    return fake


# --------------------------------------------------------------------------- the queues' boundaries


def test_queue_boundaries(catalog_uow: SqlAlchemyUnitOfWork) -> None:
    """overdue: due before now; due_today: from now to the end of today; due_soon: after that,
    up to the end of the second working day; a file without a due date only in running (last)."""
    files = _boundary_files(catalog_uow)
    assert _queues(catalog_uow, files) == _expected_queues()


def test_the_fake_queues_like_the_database(catalog_uow: SqlAlchemyUnitOfWork) -> None:
    fake = _fake()
    assert _queues(fake, _boundary_files(fake)) == _queues(catalog_uow, _boundary_files(catalog_uow))
    assert _queues(fake, _boundary_files(_fake())) == _expected_queues()


@pytest.mark.parametrize("make", ["sql", "fake"])
def test_queue_rows_and_pages(catalog_uow: SqlAlchemyUnitOfWork, make: str) -> None:
    uow: UnitOfWork = catalog_uow if make == "sql" else _fake()
    files = _boundary_files(uow)
    with uow.read_only():
        page = uow.applications.queue(QueueFilter("running"), now=NOW, today_end=TODAY_END,
                                      soon_end=SOON_END, limit=3, offset=3)
        last = uow.applications.queue(QueueFilter("running"), now=NOW, today_end=TODAY_END,
                                      soon_end=SOON_END, limit=3, offset=6)
        beyond = uow.applications.queue(QueueFilter("running"), now=NOW, today_end=TODAY_END,
                                        soon_end=SOON_END, limit=3, offset=20)
        standard = uow.catalog.load_standard(files["today_end"].standard_id)[1]
    assert [r.application_id for r in page.items] == [files[n].id for n in ("today_end", "after_today",
                                                                               "soon_end")]
    assert (page.total, page.offset, page.total_capped) == (7, 3, True)
    assert [r.application_id for r in last.items] == [files["after_soon"].id, files["no_limit"].id]
    assert (last.total, last.total_capped) == (8, False)
    assert (beyond.items, beyond.total_capped) == ((), False)
    row = page.items[0]
    f = files["today_end"]
    assert row == dataclasses.replace(
        row, application_id=f.id, tracking_number=f.tracking_number, applicant_name="Siti Aminah",
        standard_code="ODGJ", standard_title=standard.title, bidang_code="REHSOS",
        status="in_process", current_step=2, step_count=11, step_text=standard.procedure_steps[1],
        registered_at=NOW, due_at=TODAY_END, due_is_clock_time=False, ready_at=None, version=3)
    assert last.items[1].step_text != "" and last.items[1].due_at is None


def _full_scans(engine: Engine, statement: str, parameters: Any) -> list[str]:
    """The plan's lines that read the whole applications table."""
    if engine.dialect.name == "sqlite":
        explain, full = "EXPLAIN QUERY PLAN ", re.compile(r"^SCAN applications\b(?! USING)")
    else:
        explain, full = "EXPLAIN ", re.compile(r"Seq Scan on applications\b")
    with engine.connect() as conn:
        lines = [str(r[-1]) for r in conn.exec_driver_sql(explain + statement, parameters)]
    return [line for line in lines if full.search(line.strip())]


def test_the_queues_never_read_the_whole_table(catalog_uow: SqlAlchemyUnitOfWork, engine: Engine) -> None:
    """An office's database holds years of finished files and a few hundred open ones: a queue
    reads an index of the open ones, never every application. (SQLite uses a partial index only
    when the query's WHERE has the index's very predicate; see repositories._queue_conditions.)"""
    office = _office(catalog_uow)
    rng = random.Random(4)
    rows = []
    for i in range(20000):
        status = rng.choice(("registered", "in_process", "ready")) if i % 20 == 0 else "done"
        rows.append(dict(standard_id=office.standards["IZIN-LKSA"], citizen_id=office.citizen_id,
                         status=status, due_is_clock_time=False, version=1, created_at=NOW,
                         updated_at=NOW, step_count=4, current_step=1 if status != "ready" else None,
                         due_at=NOW + dt.timedelta(hours=rng.randint(-300, 300)),
                         ready_at=NOW if status in ("ready", "done") else None))
    with engine.begin() as conn:
        conn.execute(insert(ApplicationRow.__table__), rows)
        conn.exec_driver_sql("ANALYZE" if engine.dialect.name == "sqlite" else "ANALYZE applications")
    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:
        statements.append((statement, parameters))

    wanted = [QueueFilter(q) for q in ("overdue", "due_today", "due_soon", "running", "ready")]
    wanted.append(QueueFilter("waiting", standard_code="IZIN-LKSA", step=1))
    scans: dict[str, list[str]] = {}
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for queue in wanted:
            statements.clear()
            with catalog_uow.read_only():
                page = catalog_uow.applications.queue(queue, now=NOW, today_end=TODAY_END,
                                                      soon_end=SOON_END, limit=50, offset=0)
            assert page.items, queue
            scans[repr(queue)] = _full_scans(engine, *statements[-1])
        statements.clear()
        with catalog_uow.read_only():
            catalog_uow.applications.queue_counts(now=NOW, today_end=TODAY_END, soon_end=SOON_END)
        scans["counts"] = _full_scans(engine, *statements[-1])
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert scans == {key: [] for key in scans}


# --------------------------------------------------------------------------- save_state, steps, events


@pytest.mark.parametrize("make", ["sql", "fake"])
def test_save_state_writes_progress_and_dates(catalog_uow: SqlAlchemyUnitOfWork, make: str) -> None:
    uow: UnitOfWork = catalog_uow if make == "sql" else _fake()
    office = _office(uow)
    app = _file(uow, office, "IZIN-LKSA", "registered", SOON_END)
    assert (app.current_step, app.step_count, app.ready_at, app.finished_at, app.status_before) == (
        1, 4, None, None, None)
    later = NOW + dt.timedelta(hours=1)
    with uow:
        moved = uow.applications.save_state(app.id, expected_version=app.version, status="in_process",
                                            now=later, progress=StepProgress(2, 4), event="step_done")
        # Numbers and dates not given keep their value; so does the progress.
        ready = uow.applications.save_state(moved.id, expected_version=moved.version, status="ready",
                                            now=later, ready_at=later, event="step_done",
                                            progress=StepProgress(None, 4))
        done = uow.applications.save_state(ready.id, expected_version=ready.version, status="done",
                                           now=later, finished_at=later, event="handed_over")
        reopened = uow.applications.save_state(done.id, expected_version=done.version, status="ready",
                                               now=later, clear_finished=True, event="reopened")
        cancelled = uow.applications.save_state(
            reopened.id, expected_version=reopened.version, status="cancelled", now=later,
            status_before="ready", event="cancelled", note="dicabut")
        uow.commit()
    assert (moved.status, moved.current_step, moved.step_count, moved.version) == ("in_process", 2, 4, 3)
    assert moved.tracking_number == app.tracking_number and moved.due_at == SOON_END
    assert moved.registered_at == NOW and moved.updated_at == later
    assert (ready.current_step, ready.ready_at, ready.finished_at) == (None, later, None)
    assert done.finished_at == later and done.ready_at == later
    assert reopened.finished_at is None and reopened.ready_at == later
    assert (cancelled.status, cancelled.status_before, cancelled.version) == ("cancelled", "ready", 7)
    with uow.read_only():
        assert uow.applications.get(app.id) == cancelled
        events = uow.applications.events(app.id)
    assert [e.event for e in events] == ["created", "registered", "step_done", "step_done",
                                         "handed_over", "reopened", "cancelled"]
    assert events[-1].note == "dicabut" and events[-1].at == later and events[-1].user_full_name == ""
    # Stale and missing.
    with pytest.raises(ConflictError), uow:
        uow.applications.save_state(app.id, expected_version=cancelled.version - 1, status="ready",
                                    now=later, event="reopened")
    with pytest.raises(NotFound), uow:
        uow.applications.save_state(app.id + 999, expected_version=1, status="ready", now=later,
                                    event="reopened")


def test_an_unknown_status_or_outcome_is_refused_by_the_schema(catalog_uow: SqlAlchemyUnitOfWork) -> None:
    uow = catalog_uow
    app = _file(uow, _office(uow), "IZIN-LKSA", "registered", None)
    with pytest.raises(sa_exc.IntegrityError), uow:
        uow.applications.save_state(app.id, expected_version=app.version, status="archived", now=NOW,
                                    event="archived")
    with pytest.raises(sa_exc.IntegrityError), uow:
        uow.applications.add_step(app.id, 1, "maybe", "", NOW, None)
        uow.commit()
    with uow.read_only():
        assert uow.applications.get(app.id) == app
        assert uow.applications.steps(app.id) == []


@pytest.mark.parametrize("make", ["sql", "fake"])
def test_a_step_is_recorded_once(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor, make: str) -> None:
    uow: UnitOfWork = catalog_uow if make == "sql" else _fake()
    assert clerk.user_id == 2
    app = _file(uow, _office(uow), "IZIN-LKSA", "registered", None)
    with uow:
        uow.applications.add_step(app.id, 2, "skipped", "tidak perlu", NOW + TICK, None)
        uow.applications.add_step(app.id, 1, "done", "", NOW, clerk.user_id)
        uow.commit()
    with pytest.raises(ConflictError), uow:  # at the latest when the unit of work ends
        uow.applications.add_step(app.id, 1, "skipped", "lagi", NOW, None)
        uow.commit()
    with uow.read_only():
        steps = uow.applications.steps(app.id)
    assert [(s.step_no, s.outcome, s.note, s.at, s.user_full_name) for s in steps] == [
        (1, "done", "", NOW, "Petugas Front Office"), (2, "skipped", "tidak perlu", NOW + TICK, "")]


@pytest.mark.parametrize("make", ["sql", "fake"])
def test_handovers_oldest_first(catalog_uow: SqlAlchemyUnitOfWork, admin: Actor, make: str) -> None:
    uow: UnitOfWork = catalog_uow if make == "sql" else _fake()
    assert admin.user_id == 1
    app = _file(uow, _office(uow), "IZIN-LKSA", "ready", None)
    with uow:
        assert uow.applications.handovers(app.id) == []
        first = uow.applications.add_handover(app.id, HandoverInput("Budi", "SIM 123456", True, "kuasa"),
                                              NOW, admin.user_id)
        second = uow.applications.add_handover(app.id, HandoverInput("Siti", "3575045508950001"),
                                               NOW + TICK, None)
        uow.commit()
    with uow.read_only():
        stored = uow.applications.handovers(app.id)
    assert stored == [first, second]
    assert (first.application_id, first.at, first.officer_full_name, first.recipient_name,
            first.recipient_id_number, first.recipient_is_representative, first.note) == (
        app.id, NOW, "Administrator Uji", "Budi", "SIM 123456", True, "kuasa")
    assert (second.officer_full_name, second.officer_nip, second.recipient_is_representative,
            second.note) == ("", "", False, "")
    assert first.id < second.id


# --------------------------------------------------------------------------- the fake, end to end


def _walk_everything(uow: UnitOfWork, clerk: Actor, admin: Actor) -> dict[str, Any]:
    """One file through every use case; what the file view then shows (without row ids)."""
    with uow:
        person = uow.citizens.add(citizen(), NOW)
        uow.commit()
    app = register(uow, clerk, person.id, "IZIN-LKSA", on(3, 17))
    app = tracking.record_procedure_step(uow, clerk, app.id, 1, StepOutcome.DONE, "diterima",
                                         expected_version=app.version, now=on(3, 25, 8))
    app = tracking.record_procedure_step(uow, clerk, app.id, 2, StepOutcome.SKIPPED, "tidak perlu",
                                         expected_version=app.version, now=on(3, 25, 9))
    app = walk(uow, clerk, app, 2, on(3, 25, 10))
    app, _ = tracking.hand_over(uow, clerk, app.id, HandoverInput("Budi", "SIM 123456", True),
                                expected_version=app.version, now=on(3, 26, 9), local=local)
    app = tracking.reopen_application(uow, admin, app.id, "salah serah",
                                      expected_version=app.version, now=on(3, 26, 10))
    app, receipt = tracking.hand_over(uow, clerk, app.id, HandoverInput("Siti", "3575045508950001"),
                                      expected_version=app.version, now=on(3, 26, 11), local=local)
    f = tracking.open_file(uow, clerk, app.id, holidays=HOLIDAYS, now=on(3, 27), local=local)
    a = f.application
    return {
        "application": (a.status, a.tracking_number, a.current_step, a.step_count, a.ready_at,
                        a.finished_at, a.status_before, a.version, a.registered_at, a.due_at),
        "steps": f.steps, "events": f.events,
        "handovers": [dataclasses.replace(h, id=0, application_id=0) for h in f.handovers],
        "receipt": dataclasses.replace(receipt, qr_payload="", office=None),
        "urgency": (f.working_days_left, f.overdue),
    }


def test_the_fake_walks_a_file_like_the_database(catalog_uow: SqlAlchemyUnitOfWork, clerk: Actor,
                                                 admin: Actor) -> None:
    assert (admin.user_id, clerk.user_id) == (1, 2)
    in_memory = _walk_everything(_fake(), clerk, admin)
    in_database = _walk_everything(catalog_uow, clerk, admin)
    assert in_memory == in_database
    assert [e.event for e in in_database["events"]] == [
        "created", "registered", "step_done", "step_skipped", "step_done", "step_done",
        "handed_over", "reopened", "handed_over"]


# --------------------------------------------------------------------------- two clerks at once


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at the same moment, each on its own thread; their results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            results[i] = call()
        except Exception as exc:  # collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not any(t.is_alive() for t in threads)
    return results


class MeetingUnitOfWork(SqlAlchemyUnitOfWork):
    """A workstation that, once it has read the application, waits until the other one has read
    it too: both then hold the same version, and both pass the use case's version check."""

    def __init__(self, engine: Engine, workstation: str, barrier: threading.Barrier) -> None:
        super().__init__(engine, workstation)
        self.barrier = barrier

    def __enter__(self) -> Self:
        super().__enter__()
        applications = self.applications
        read = applications.get
        met = False

        def get(application_id: int) -> ApplicationDTO | None:
            nonlocal met
            found = read(application_id)
            if not met:
                met = True
                self.barrier.wait(timeout=30)
            return found

        applications.get = get  # type: ignore[method-assign]  # the instance's own, for this unit
        return self


def _step_rows(engine: Engine, app_id: int) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [(n, o) for n, o in conn.execute(
            select(ApplicationStepRow.step_no, ApplicationStepRow.outcome)
            .where(ApplicationStepRow.application_id == app_id).order_by(ApplicationStepRow.step_no))]


def _events_named(engine: Engine, app_id: int, event: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ApplicationEventRow)
                            .where(ApplicationEventRow.application_id == app_id,
                                   ApplicationEventRow.event == event)).scalar_one()


def _audited_steps(engine: Engine, app_id: int) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(AuditRow)
                            .where(AuditRow.entity == "application", AuditRow.entity_id == str(app_id),
                                   AuditRow.summary.like("%langkah%"))).scalar_one()


def _one_won(results: list[Any]) -> ApplicationDTO:
    saved = [r for r in results if isinstance(r, ApplicationDTO)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(saved) == 1 and len(refused) == 1, results
    return saved[0]


def test_two_clerks_record_the_same_step_at_the_same_moment(
        catalog_uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork, engine: Engine,
        clerk: Actor, admin: Actor) -> None:
    """Released together with the same expected version: one records the step, the other is told
    of the conflict (SQLite: it waits for the write lock, then sees the new version)."""
    app = register(catalog_uow, clerk, _office(catalog_uow).citizen_id, "IZIN-LKSA", on(3, 17))
    for step, outcomes in ((1, (StepOutcome.DONE, StepOutcome.DONE)),
                           (2, (StepOutcome.DONE, StepOutcome.SKIPPED))):
        before = app.version
        results = _race(*(functools.partial(tracking.record_procedure_step, w, actor, app.id, step,
                                            outcome, "alasan", expected_version=before,
                                            now=on(3, 25, 9))
                          for w, actor, outcome in zip((catalog_uow, other_uow), (clerk, admin),
                                                       outcomes, strict=True)))
        app = _one_won(results)
        assert (app.current_step, app.version) == (step + 1, before + 1)
    assert [n for n, _ in _step_rows(engine, app.id)] == [1, 2]
    assert _audited_steps(engine, app.id) == 2
    assert _events_named(engine, app.id, "step_done") + _events_named(engine, app.id,
                                                                      "step_skipped") == 2


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_both_pass_the_version_check_and_the_unique_step_decides(
        catalog_uow: SqlAlchemyUnitOfWork, db_url: str, engine: Engine,
        engine_factory: Callable[[str], Engine], clerk: Actor, admin: Actor) -> None:
    """PostgreSQL, READ COMMITTED: both clerks have read version v before either writes. The
    second one's INSERT of the same step waits for the first transaction, then violates the
    unique (application, step) pair: ConflictError, and nothing of it is stored."""
    app = register(catalog_uow, clerk, _office(catalog_uow).citizen_id, "IZIN-LKSA", on(3, 17))
    meeting = threading.Barrier(2)
    first = MeetingUnitOfWork(engine_factory(db_url), "ws-1", meeting)
    second = MeetingUnitOfWork(engine_factory(db_url), "ws-2", meeting)
    results = _race(
        lambda: tracking.record_procedure_step(first, clerk, app.id, 1, StepOutcome.DONE, "satu",
                                               expected_version=app.version, now=on(3, 25, 9)),
        lambda: tracking.record_procedure_step(second, admin, app.id, 1, StepOutcome.SKIPPED, "dua",
                                               expected_version=app.version, now=on(3, 25, 9)))
    won = _one_won(results)
    refused = next(r for r in results if isinstance(r, ConflictError))
    assert isinstance(refused.__cause__, sa_exc.IntegrityError), "the unique pair, not the version"
    assert (won.status, won.current_step, won.version) == ("in_process", 2, app.version + 1)
    assert len(_step_rows(engine, app.id)) == 1
    assert _step_rows(engine, app.id) == [(1, "done" if won is results[0] else "skipped")]
    assert _audited_steps(engine, app.id) == 1
    assert _events_named(engine, app.id, "step_done") + _events_named(engine, app.id,
                                                                      "step_skipped") == 1


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_step_and_a_cancel_at_the_same_moment(
        catalog_uow: SqlAlchemyUnitOfWork, db_url: str, engine: Engine,
        engine_factory: Callable[[str], Engine], clerk: Actor, admin: Actor) -> None:
    """Different actions on the same version: the second UPDATE waits for the first one's row
    lock, then finds the version changed (ConflictError); the file is never both."""
    app = register(catalog_uow, clerk, _office(catalog_uow).citizen_id, "IZIN-LKSA", on(3, 17))
    meeting = threading.Barrier(2)
    first = MeetingUnitOfWork(engine_factory(db_url), "ws-1", meeting)
    second = MeetingUnitOfWork(engine_factory(db_url), "ws-2", meeting)
    results = _race(
        lambda: tracking.record_procedure_step(first, clerk, app.id, 1, StepOutcome.DONE,
                                               expected_version=app.version, now=on(3, 25, 9)),
        lambda: tracking.cancel_application(second, admin, app.id, "dicabut",
                                            expected_version=app.version, now=on(3, 25, 9)))
    won = _one_won(results)
    with catalog_uow.read_only():
        stored = catalog_uow.applications.get(app.id)
    assert stored == won and stored.version == app.version + 1
    if won.status == "cancelled":
        assert _step_rows(engine, app.id) == [] and won.status_before == "registered"
    else:
        assert _step_rows(engine, app.id) == [(1, "done")] and _events_named(engine, app.id,
                                                                             "cancelled") == 0


def test_the_database_refuses_a_step_twice(engine: Engine, catalog_uow: SqlAlchemyUnitOfWork) -> None:
    app = _file(catalog_uow, _office(catalog_uow), "IZIN-LKSA", "registered", None)
    row = dict(application_id=app.id, step_no=1, outcome="done", note="", at=NOW)
    with engine.begin() as conn:
        conn.execute(insert(ApplicationStepRow.__table__).values(**row))
    with pytest.raises(sa_exc.IntegrityError), engine.begin() as conn:
        conn.execute(insert(ApplicationStepRow.__table__).values(**{**row, "outcome": "skipped"}))
    assert _step_rows(engine, app.id) == [(1, "done")]
