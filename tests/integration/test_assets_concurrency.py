"""Register numbers of the fixed-asset register under real concurrency, on SQLite and PostgreSQL:
pengurus barang at several workstations registering assets under the same code at the same
moment (single assets and batches like "3 kursi") get every register number of the code exactly
once, each batch's numbers consecutive; and a workstation killed while it holds the code's counter
(inside an open transaction) leaves neither a gap nor a duplicate behind.

As in test_letters_concurrency.py, workstations are processes started with the 'spawn' method
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
from dinsos_desktop.domain.assets import AssetFields, Kib, MutationKind
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services import assets, users
from dinsos_desktop.services.asset_dto import AssetFilter
from dinsos_desktop.services.assets import counter_scope
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.dto import Actor

pytestmark = pytest.mark.slow

WORKERS = {"postgresql": 8, "sqlite": 4}
CALLS = 30  # per worker: every other call is a batch of BATCH assets
BATCH = 3
KILL_WORKERS = {"postgresql": 4, "sqlite": 3}  # besides the one killed
KILL_CALLS = 12  # per worker
CHAIR = "1.3.2.05.02.01.003"  # Kursi Besi/Metal (from the seeded code tree)
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
DAY = dt.date(2026, 11, 2)
TIMEOUT = 240
ActorFields = tuple[int, str, str, list[str]]


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


def _fields(worker: int, i: int) -> AssetFields:
    return AssetFields(code=CHAIR, name=f"Kursi {worker}-{i}", acquired_on=DAY, value=750_000)


def _actor(fields: ActorFields) -> Actor:
    user_id, username, full_name, roles = fields
    return Actor(user_id, username, full_name, frozenset(Role(r) for r in roles))


def _quantity(i: int) -> int:
    return BATCH if i % 2 else 1


def _register_many(db_url: str, worker: int, actor_fields: ActorFields, calls: int, start: Any,
                   halfway: Any, results: Any, holding: Any = None) -> None:
    """One workstation: ``calls`` registrations, one asset or a batch each, as fast as it can.
    With ``halfway``, it meets the others there once half are done (and, with ``holding``, goes on
    once the doomed workstation holds the counter: SQLite's busy handler is not a queue, and the
    others could otherwise finish before it got the lock)."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    batches: list[list[int]] = []
    try:
        with engine.connect():
            pass  # connected before the start: all of them begin at the same moment
        uow = SqlAlchemyUnitOfWork(engine, workstation=f"proc-{worker}")
        actor = _actor(actor_fields)
        start.wait(timeout=TIMEOUT)
        for i in range(calls):
            if halfway is not None and i == calls // 2:
                halfway.wait(timeout=TIMEOUT)
                if holding is not None:
                    holding.wait(timeout=TIMEOUT)
            made = assets.register_assets(uow, actor, _fields(worker, i), _quantity(i), now=NOW,
                                          local=_local)
            batches.append([a.register for a in made])
        results.put((worker, batches, None))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put((worker, batches, repr(exc)))
    finally:
        engine.dispose()


def _hold_the_counter(db_url: str, start: Any, halfway: Any, holding: Any, results: Any) -> None:
    """The doomed workstation: once the others are halfway, it takes a block of register numbers
    and writes its assets inside a unit of work that never ends; the test kills it there."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    with engine.connect():
        pass
    uow = SqlAlchemyUnitOfWork(engine, workstation="doomed")
    start.wait(timeout=TIMEOUT)
    halfway.wait(timeout=TIMEOUT)
    with uow:
        last = uow.counters.next_block(counter_scope(CHAIR), BATCH)  # the code's counter is locked now
        held = list(range(last - BATCH + 1, last + 1))
        uow.assets.add_many([(_fields(-1, n), n) for n in held], Kib.B, None, NOW)
        results.put(("held", held, None))
        holding.set()
        time.sleep(TIMEOUT)  # killed long before this ends
        uow.commit()


@pytest.fixture
def barang_fields(uow: SqlAlchemyUnitOfWork, admin: Actor) -> ActorFields:
    users.create_user(uow, admin, "barang", "Budi Pengurus Barang", [Role.PENGURUS_BARANG],
                      "Rahasia-barang-1")
    actor = users.login(uow, "barang", "Rahasia-barang-1")
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


def _stored(uow: SqlAlchemyUnitOfWork, actor: Actor) -> list[tuple[int, str]]:
    """(register, name) of every chair in the register, in the register's order."""
    return [(a.register, a.name) for a in assets.register_listing(uow, actor, AssetFilter(code_prefix=CHAIR,
                                                                                         status=""))]


def _check_the_register(uow: SqlAlchemyUnitOfWork, admin: Actor, actor: Actor,
                        reports: list[tuple[int, list[list[int]], None]], calls: int) -> int:
    """Register numbers exactly 1..M, each once; every batch consecutive; each workstation's
    numbers rising; the database and the history agree. Returns M."""
    batches = [b for _, taken, _ in reports for b in taken]
    registered = sorted(n for b in batches for n in b)
    expected = len(reports) * sum(_quantity(i) for i in range(calls))
    assert len(registered) == expected
    assert registered == list(range(1, expected + 1)), "no gap, no duplicate"
    for batch in batches:
        assert batch == list(range(batch[0], batch[0] + len(batch)))
    for _, taken, _ in reports:
        assert [len(b) for b in taken] == [_quantity(i) for i in range(calls)]
        flat = [n for b in taken for n in b]
        assert flat == sorted(flat)  # each workstation sees its numbers rise
    stored = _stored(uow, actor)
    assert [n for n, _ in stored] == registered
    # Each batch is one registration: its assets carry the same name, and no other asset does.
    names: dict[str, list[int]] = {}
    for number, name in stored:
        names.setdefault(name, []).append(number)
    assert sorted(names.values()) == sorted(batches)
    assert audit_page(uow, admin, entity="asset", limit=1).total == len(batches)
    for number in (1, expected // 2, expected):
        asset = assets.find_by_label(uow, actor, f"BMD|{CHAIR}|{number:04d}")
        assert asset is not None
        (acquired,) = assets.history(uow, actor, asset.id)
        assert acquired.kind is MutationKind.ACQUIRED
    return expected


def test_workstations_registering_at_once_get_every_register_number_once(
        db_url: str, backend: str, uow: SqlAlchemyUnitOfWork, admin: Actor, barang_fields: ActorFields,
        spawn: Callable[..., Any]) -> None:
    workers = WORKERS[backend]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(workers)
    results = ctx.Queue()
    for worker in range(workers):
        spawn(_register_many, db_url, worker, barang_fields, CALLS, start, None, results)
    reports = [results.get(timeout=TIMEOUT) for _ in range(workers)]
    errors = [error for *_, error in reports if error]
    assert not errors, errors

    actor = _actor(barang_fields)
    highest = _check_the_register(uow, admin, actor, reports, CALLS)
    # The counter goes on from there.
    made = assets.register_assets(uow, actor, _fields(99, 0), BATCH, now=NOW, local=_local)
    assert [a.register for a in made] == list(range(highest + 1, highest + BATCH + 1))


def test_a_workstation_killed_while_holding_the_counter(
        db_url: str, backend: str, uow: SqlAlchemyUnitOfWork, admin: Actor, barang_fields: ActorFields,
        spawn: Callable[..., Any]) -> None:
    workers = KILL_WORKERS[backend]
    ctx = multiprocessing.get_context("spawn")
    start, halfway = ctx.Barrier(workers + 1), ctx.Barrier(workers + 1)
    holding = ctx.Event()
    results = ctx.Queue()
    doomed = spawn(_hold_the_counter, db_url, start, halfway, holding, results)
    for worker in range(workers):
        spawn(_register_many, db_url, worker, barang_fields, KILL_CALLS, start, halfway, results, holding)

    assert holding.wait(timeout=TIMEOUT), "the doomed workstation never took its numbers"
    # The others are queueing for the counter now (on PostgreSQL for the counter's row lock, on
    # SQLite for the write lock, whose busy timeout is 15 s): nothing is written meanwhile. Kill
    # the holder well before the timeout.
    actor = _actor(barang_fields)
    before = _stored(uow, actor)
    time.sleep(1.5)
    assert _stored(uow, actor) == before
    assert doomed.is_alive()
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(30)
    assert doomed.exitcode == -signal.SIGKILL

    reports = [results.get(timeout=TIMEOUT) for _ in range(workers + 1)]
    (held,) = [numbers for kind, numbers, _ in reports if kind == "held"]
    reports = [r for r in reports if r[0] != "held"]
    errors = [error for *_, error in reports if error]
    assert not errors, errors

    highest = _check_the_register(uow, admin, actor, reports, KILL_CALLS)
    assert set(held) <= set(range(1, highest + 1))  # the killed transaction's numbers went to others
    assert not [name for _, name in _stored(uow, actor) if name.startswith("Kursi -1-")]
