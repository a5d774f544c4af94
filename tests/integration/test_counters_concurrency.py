"""Gapless counters under real concurrency, on SQLite and PostgreSQL.

Workstations are separate processes with their own engines and connections; here they are
processes started with the 'spawn' method (nothing inherited but the database URL), released at
the same moment by a barrier, all drawing from a scope that does not exist yet, so that its row is
created by a race as well.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork

WORKERS = 4
DRAWS = 25
ROUNDS = 20
SCOPE = "tracking:2026"


def _draw_numbers(db_url: str, worker: int, start: Any, results: Any) -> None:
    """One workstation: DRAWS committed numbers, one transaction each; every fourth transaction
    draws a number and rolls back instead (it must give the number back)."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    committed: list[int] = []
    rolled_back = 0
    try:
        with engine.connect():
            pass  # connected before the start: all of them begin at the same moment
        uow = SqlAlchemyUnitOfWork(engine, workstation=f"proc-{worker}")
        pause = random.Random(worker)
        start.wait(timeout=60)
        attempt = 0
        while len(committed) < DRAWS:
            attempt += 1
            with uow:
                number = uow.counters.next(SCOPE)
                time.sleep(pause.random() / 500)  # hold the lock a moment, as a real save does
                if attempt % 4 == 0:
                    rolled_back += 1
                    continue  # leaving without commit
                uow.commit()
            committed.append(number)
        results.put((worker, committed, rolled_back, None))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put((worker, committed, rolled_back, repr(exc)))
    finally:
        engine.dispose()


def _first_numbers(db_url: str, worker: int, start: Any, results: Any) -> None:
    """One workstation: in each round, at the same moment as the others, the first number of a
    scope nobody has used yet (the race to create the scope's row)."""
    from dinsos_desktop.adapters.db.engine import make_engine

    engine = make_engine(db_url)
    drawn: dict[str, int] = {}
    try:
        uow = SqlAlchemyUnitOfWork(engine, workstation=f"proc-{worker}")
        for round_ in range(ROUNDS):
            scope = f"race:{round_}"
            start.wait(timeout=60)
            with uow:
                drawn[scope] = uow.counters.next(scope)
                uow.commit()
        results.put((worker, drawn, None))
    except BaseException as exc:
        results.put((worker, drawn, repr(exc)))
    finally:
        engine.dispose()


def _run(target: Callable[..., None], db_url: str) -> list[Any]:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [ctx.Process(target=target, args=(db_url, i, start, results), daemon=True)
                 for i in range(WORKERS)]
    for p in processes:
        p.start()
    try:
        return [results.get(timeout=180) for _ in processes]
    finally:
        for p in processes:
            p.join(30)
            if p.is_alive():
                p.kill()


def test_processes_drawing_at_once_get_every_number_once(db_url: str, backend: str) -> None:
    reports = _run(_draw_numbers, db_url)
    errors = [error for *_, error in reports if error]
    assert not errors, errors

    drawn = [n for _, numbers, _, _ in reports for n in numbers]
    assert len(drawn) == WORKERS * DRAWS
    assert sorted(drawn) == list(range(1, WORKERS * DRAWS + 1)), "no gap, no duplicate"
    for _, numbers, rolled_back, _ in reports:
        assert numbers == sorted(numbers)  # each workstation sees its numbers rise
        assert rolled_back > 0
    if backend == "postgresql":
        # Waiters queue on the row lock in turn, so the workstations' numbers interleave. (SQLite
        # waiters sleep and retry, and the writer that just committed often wins the lock again.)
        owners = {n: worker for worker, numbers, _, _ in reports for n in numbers}
        switches = sum(owners[n] != owners[n + 1] for n in range(1, WORKERS * DRAWS))
        assert switches >= WORKERS, owners


def test_processes_creating_the_same_new_scope_at_once(db_url: str) -> None:
    reports = _run(_first_numbers, db_url)
    errors = [error for *_, error in reports if error]
    assert not errors, errors  # nobody failed on the other's new row
    for round_ in range(ROUNDS):
        scope = f"race:{round_}"
        assert sorted(drawn[scope] for _, drawn, _ in reports) == list(range(1, WORKERS + 1)), scope


def test_a_rolled_back_number_is_given_back(db_url: str,
                                            engine_factory: Callable[[str], Engine]) -> None:
    one = SqlAlchemyUnitOfWork(engine_factory(db_url), workstation="ws-1")
    two = SqlAlchemyUnitOfWork(engine_factory(db_url), workstation="ws-2")
    with one:
        assert one.counters.next(SCOPE) == 1
        one.commit()
    with one:
        assert one.counters.next(SCOPE) == 2
        # an error before the commit: the block is left without committing
    with two:
        assert two.counters.next(SCOPE) == 2
        two.rollback()
        assert two.counters.next(SCOPE) == 2
        assert two.counters.next("return:2026") == 1
    with one:
        assert one.counters.next("return:2026") == 1  # the new scope's row went back, too
        assert one.counters.next(SCOPE) == 2
        one.commit()
    with two:
        assert two.counters.next(SCOPE) == 3
