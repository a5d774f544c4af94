"""Letter numbers under real concurrency, on SQLite and PostgreSQL: workstations registering
letters through ``services.letters`` at the same moment get every number of the scope exactly
once, and a workstation killed while it holds a number (inside an open transaction) leaves neither
a gap nor a duplicate behind.

As in test_counters_concurrency.py, workstations are processes started with the 'spawn' method
(nothing inherited but the database URL and the actor), each with its own engine and unit of
work, released together by a barrier.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.letters import (
    LetterFields,
    LetterKind,
    counter_scope,
    format_letter_number,
    gap_report,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services import letters, users
from dinsos_desktop.services.dto import Actor, LetterFilter, NewLetter

pytestmark = pytest.mark.slow

WORKERS = {"postgresql": 8, "sqlite": 4}
LETTERS = 200  # per worker
KILL_WORKERS = {"postgresql": 4, "sqlite": 3}  # besides the one killed
KILL_LETTERS = 60  # per worker
INSERT_EVERY = 40  # every 40th letter of a worker is a sisipan as well
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
DAY = dt.date(2026, 11, 20)
SCOPE = "letter:2026:423.105"  # the default settings' scope of DAY's year
TIMEOUT = 240


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


def _fields(worker: int, i: int) -> LetterFields:
    return LetterFields(letter_date=DAY, kind=LetterKind.SURAT, classification_code="460",
                        addressee_name=f"Tujuan {worker}", subject=f"Surat {worker}-{i}")


def _actor(fields: tuple[int, str, str, list[str]]) -> Actor:
    user_id, username, full_name, roles = fields
    return Actor(user_id, username, full_name, frozenset(Role(r) for r in roles))


def _register_many(db_url: str, worker: int, actor_fields: tuple[int, str, str, list[str]],
                   count: int, start: Any, halfway: Any, results: Any, holding: Any = None) -> None:
    """One workstation: ``count`` letters, one "Ambil nomor" each, as fast as it can; now and then
    a nomor sisipan too. With ``halfway``, it meets the others there once half are done (and,
    with ``holding``, goes on once the doomed workstation holds its number: SQLite's busy
    handler is not a queue, and the others could otherwise finish before it got the lock)."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    numbers: list[int] = []
    inserts: list[str] = []
    try:
        with engine.connect():
            pass  # connected before the start: all of them begin at the same moment
        uow = SqlAlchemyUnitOfWork(engine, workstation=f"proc-{worker}")
        actor = _actor(actor_fields)
        start.wait(timeout=TIMEOUT)
        for i in range(count):
            if halfway is not None and i == count // 2:
                halfway.wait(timeout=TIMEOUT)
                if holding is not None:
                    holding.wait(timeout=TIMEOUT)
            letter = letters.register_letter(uow, actor, _fields(worker, i), now=NOW, local=_local)
            numbers.append(letter.number)
            if i % INSERT_EVERY == INSERT_EVERY - 1:
                inserts.append(letters.register_insert(uow, actor, _fields(worker, i), "susulan",
                                                       now=NOW, local=_local).number_text)
        results.put((worker, numbers, inserts, None))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put((worker, numbers, inserts, repr(exc)))
    finally:
        engine.dispose()


def _hold_a_number(db_url: str, start: Any, halfway: Any, holding: Any, results: Any) -> None:
    """The doomed workstation: once the others are halfway, it takes the next number and writes
    its letter inside a unit of work that never ends; the test kills it there."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    with engine.connect():
        pass
    uow = SqlAlchemyUnitOfWork(engine, workstation="doomed")
    start.wait(timeout=TIMEOUT)
    halfway.wait(timeout=TIMEOUT)
    with uow:
        settings = letters.read_settings(uow)
        scope = counter_scope(settings, DAY.year, kind=LetterKind.SURAT, code="460")
        number = uow.counters.next(scope)  # the scope's counter is now locked by this transaction
        full = format_letter_number(settings, code="460", number=number, suffix="", day=DAY)
        uow.letters.add(NewLetter(DAY.year, scope, number, "", full, _fields(-1, number), None), None, NOW)
        results.put(("held", number))
        holding.set()
        time.sleep(TIMEOUT)  # killed long before this ends
        uow.commit()


@pytest.fixture
def agendaris_fields(uow: SqlAlchemyUnitOfWork, admin: Actor) -> tuple[int, str, str, list[str]]:
    users.create_user(uow, admin, "agenda", "Sri Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    actor = users.login(uow, "agenda", "Rahasia-agenda-1")
    assert actor.user_id is not None
    return actor.user_id, actor.username, actor.full_name, [r.value for r in actor.roles]


@pytest.fixture
def spawn() -> Iterator[Callable[..., multiprocessing.process.BaseProcess]]:
    """Start a process with the 'spawn' method; every one still alive at the end is killed."""
    ctx = multiprocessing.get_context("spawn")
    started: list[multiprocessing.process.BaseProcess] = []

    def start(target: Callable[..., None], *args: Any) -> multiprocessing.process.BaseProcess:
        process = ctx.Process(target=target, args=args, daemon=True)
        process.start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.join(30)
        if process.is_alive():
            process.kill()
            process.join(10)


def _book_numbers(uow: SqlAlchemyUnitOfWork, actor: Actor) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    while True:
        page = letters.agenda_page(uow, actor, LetterFilter(year=DAY.year), limit=200, offset=len(found))
        found += [(x.number, x.suffix) for x in page.items]
        if not page.total_capped:
            return found


def _check_the_book(uow: SqlAlchemyUnitOfWork, actor: Actor, registered: list[int],
                    inserts: list[str]) -> None:
    """Main numbers exactly 1..N, each once, and every sisipan once; the database agrees."""
    assert sorted(registered) == list(range(1, len(registered) + 1)), "no gap, no duplicate"
    assert len(set(inserts)) == len(inserts)
    stored = _book_numbers(uow, actor)
    assert sorted(n for n, s in stored if not s) == list(range(1, len(registered) + 1))
    assert sorted(f"{n}{s}" for n, s in stored if s) == sorted(inserts)
    assert letters.find_gaps(uow, actor, DAY.year) == gap_report(
        [(SCOPE, n, s) for n, s in stored]) == [letters.ScopeReport(SCOPE, len(registered), (), ())]


def test_workstations_registering_at_once_get_every_number_once(
        db_url: str, backend: str, uow: SqlAlchemyUnitOfWork, agendaris_fields: Any,
        spawn: Callable[..., Any]) -> None:
    workers = WORKERS[backend]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(workers)
    results = ctx.Queue()
    for worker in range(workers):
        spawn(_register_many, db_url, worker, agendaris_fields, LETTERS, start, None, results)
    reports = [results.get(timeout=TIMEOUT) for _ in range(workers)]
    errors = [error for *_, error in reports if error]
    assert not errors, errors

    registered = [n for _, numbers, _, _ in reports for n in numbers]
    inserts = [s for _, _, taken, _ in reports for s in taken]
    assert len(registered) == workers * LETTERS
    assert len(inserts) == workers * (LETTERS // INSERT_EVERY)
    for _, numbers, _, _ in reports:
        assert numbers == sorted(numbers)  # each workstation sees its numbers rise
    _check_the_book(uow, _actor(agendaris_fields), registered, inserts)
    # The counter goes on from there.
    letter = letters.register_letter(uow, _actor(agendaris_fields), _fields(99, 0), now=NOW, local=_local)
    assert letter.number == workers * LETTERS + 1


def test_a_workstation_killed_while_holding_a_number(
        db_url: str, backend: str, uow: SqlAlchemyUnitOfWork, agendaris_fields: Any,
        spawn: Callable[..., Any]) -> None:
    workers = KILL_WORKERS[backend]
    ctx = multiprocessing.get_context("spawn")
    start, halfway = ctx.Barrier(workers + 1), ctx.Barrier(workers + 1)
    holding = ctx.Event()
    results = ctx.Queue()
    doomed = spawn(_hold_a_number, db_url, start, halfway, holding, results)
    for worker in range(workers):
        spawn(_register_many, db_url, worker, agendaris_fields, KILL_LETTERS, start, halfway, results,
              holding)

    assert holding.wait(timeout=TIMEOUT), "the doomed workstation never took its number"
    # The others are queueing for the scope now (on PostgreSQL for the counter's row lock, on
    # SQLite for the write lock, whose busy timeout is 15 s): nothing is written meanwhile. Kill
    # the holder well before the timeout.
    actor = _actor(agendaris_fields)
    before = _book_numbers(uow, actor)
    time.sleep(1.5)
    assert _book_numbers(uow, actor) == before
    assert doomed.is_alive()
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(30)
    assert doomed.exitcode == -signal.SIGKILL

    reports = [results.get(timeout=TIMEOUT) for _ in range(workers + 1)]
    (held,) = [number for kind, number, *_ in reports if kind == "held"]
    reports = [r for r in reports if r[0] != "held"]
    errors = [error for *_, error in reports if error]
    assert not errors, errors

    registered = [n for _, numbers, _, _ in reports for n in numbers]
    inserts = [s for _, _, taken, _ in reports for s in taken]
    assert len(registered) == workers * KILL_LETTERS
    assert held in registered  # the killed transaction's number went to another workstation
    _check_the_book(uow, actor, registered, inserts)
    assert letters.agenda_page(uow, actor, LetterFilter(search="Tujuan -1")).items == ()
