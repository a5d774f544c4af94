"""Two workstations doing the same thing at the same moment: no duplicate, no silent overwrite."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.errors import ConflictError, DuplicateError
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import office as office_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at once, each on its own thread; their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _workstations(db_url: str, engine_factory: Callable[[str], Engine], n: int) -> list[SqlAlchemyUnitOfWork]:
    return [SqlAlchemyUnitOfWork(engine_factory(db_url), workstation=f"ws-{i}") for i in range(n)]


def test_two_first_admins_at_once_give_one_admin(db_url: str,
                                                engine_factory: Callable[[str], Engine]) -> None:
    a, b = _workstations(db_url, engine_factory, 2)
    results = _race(
        lambda: user_service.create_first_admin(a, "admin.satu", "Admin Satu", "rahasia123"),
        lambda: user_service.create_first_admin(b, "admin.dua", "Admin Dua", "rahasia456"),
    )
    admins = [r for r in results if isinstance(r, Actor)]
    refused = [r for r in results if isinstance(r, DuplicateError)]
    assert len(admins) == 1 and len(refused) == 1, results
    assert len(user_service.list_users(a, admins[0])) == 1


def test_first_start_on_two_workstations_loads_the_catalog_once(
        db_url: str, engine_factory: Callable[[str], Engine]) -> None:
    a, b, c = _workstations(db_url, engine_factory, 3)
    results = _race(*(lambda w=w: catalog_service.ensure_bundled_catalog(w, bundled_catalog())
                      for w in (a, b, c)))
    assert not [r for r in results if isinstance(r, Exception)], results
    versions = catalog_service.list_versions(a)
    assert len(versions) == 1 and versions[0].standard_count == 27


def test_first_office_profile_saved_on_two_workstations_keeps_one(
        db_url: str, engine_factory: Callable[[str], Engine], admin: Actor) -> None:
    a, b = _workstations(db_url, engine_factory, 2)
    base = office_service.get_office_profile(a)
    assert base.version == 0
    mine = dataclasses.replace(base, head=Signatory("Kepala Dinas Sosial", "Drs. Satu"))
    theirs = dataclasses.replace(base, head=Signatory("Kepala Dinas Sosial", "Drs. Dua"))
    results = _race(lambda: office_service.save_office_profile(a, admin, mine),
                    lambda: office_service.save_office_profile(b, admin, theirs))
    saved = [r for r in results if isinstance(r, OfficeProfile)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(saved) == 1 and len(refused) == 1, results
    stored = office_service.get_office_profile(a)
    assert stored.version == 1 and stored.head.name == saved[0].head.name


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_unknown_database_role_is_named_as_such(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.domain.errors import DatabaseAuthFailed

    url = make_url(db_url).set(username="tidak_ada_peran", password=None)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(DatabaseAuthFailed, match="Nama pengguna basis data tidak dikenal"):
            catalog_service.list_versions(SqlAlchemyUnitOfWork(engine))
    finally:
        engine.dispose()
