"""The SQLAlchemy unit of work: one session, one transaction, per use case."""

from __future__ import annotations

import hashlib
import socket
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from dinsos_desktop.adapters.db.asset_repositories import (
    SqlAssetCodeRepository,
    SqlAssetRepository,
    SqlRoomRepository,
)
from dinsos_desktop.adapters.db.engine import READ_ONLY
from dinsos_desktop.adapters.db.errors import translate
from dinsos_desktop.adapters.db.register_queries import SqlRegisterQueries
from dinsos_desktop.adapters.db.repositories import (
    SqlApplicantSearch,
    SqlApplicationRepository,
    SqlAuditRepository,
    SqlCatalogRepository,
    SqlCitizenRepository,
    SqlClassificationRepository,
    SqlCounters,
    SqlInstitutionRepository,
    SqlLetterRepository,
    SqlOfficeRepository,
    SqlSettingsRepository,
    SqlUserRepository,
)

if TYPE_CHECKING:
    from dinsos_desktop.services import uow as protocols


class SqlAlchemyUnitOfWork:
    def __init__(self, engine: Engine, workstation: str | None = None) -> None:
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        # Read-only use cases: on PostgreSQL each statement in autocommit (no BEGIN and ROLLBACK
        # round trips around a search); on SQLite a deferred BEGIN (a read transaction that does
        # not take the write lock; see engine.py).
        reading: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            reading["isolation_level"] = "AUTOCOMMIT"
        self._read_factory = sessionmaker(bind=engine.execution_options(**reading),
                                          expire_on_commit=False)
        self._reading = False
        self.workstation = workstation or socket.gethostname()[:64]
        self.session: Session | None = None

    def read_only(self) -> Self:
        if self.session is not None:
            raise RuntimeError("unit of work is already open")
        self._reading = True
        return self

    def __enter__(self) -> Self:
        if self.session is not None:
            raise RuntimeError("unit of work is already open")
        self.session = (self._read_factory if self._reading else self._factory)()
        self.users = SqlUserRepository(self.session)
        self.audit = SqlAuditRepository(self.session, self.workstation)
        self.office = SqlOfficeRepository(self.session)
        self.catalog = SqlCatalogRepository(self.session)
        self.counters = SqlCounters(self.session)
        self.settings = SqlSettingsRepository(self.session)
        self.citizens = SqlCitizenRepository(self.session)
        self.institutions = SqlInstitutionRepository(self.session)
        self.applicant_search = SqlApplicantSearch(self.session)
        self.applications = SqlApplicationRepository(self.session)
        self.classifications = SqlClassificationRepository(self.session)
        self.letters = SqlLetterRepository(self.session, self.workstation)
        self.asset_codes = SqlAssetCodeRepository(self.session)
        self.rooms = SqlRoomRepository(self.session)
        self.assets = SqlAssetRepository(self.session)
        self.registers = SqlRegisterQueries(self.session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        session, self.session = self.session, None
        self._reading = False
        assert session is not None
        try:
            session.rollback()  # a committed transaction has nothing left to roll back
        except Exception:
            pass
        finally:
            session.close()
        if exc is not None:
            mapped = translate(exc)
            if mapped is not None:
                raise mapped from exc

    def commit(self) -> None:
        assert self.session is not None
        if self._reading:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()

    def lock(self, name: str) -> None:
        assert self.session is not None
        if self.engine.dialect.name == "postgresql":
            key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big",
                                 signed=True)
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        # SQLite: every transaction begins IMMEDIATE and so already holds the one write lock.


if TYPE_CHECKING:
    def _repositories_satisfy_the_protocols(s: Session) -> None:
        # Checked by mypy, never run: each repository against its protocol in services/uow.py.
        _users: protocols.UserRepository = SqlUserRepository(s)
        _audit: protocols.AuditRepository = SqlAuditRepository(s, "")
        _office: protocols.OfficeRepository = SqlOfficeRepository(s)
        _catalog: protocols.CatalogRepository = SqlCatalogRepository(s)
        _counters: protocols.CounterRepository = SqlCounters(s)
        _settings: protocols.SettingsRepository = SqlSettingsRepository(s)
        _citizens: protocols.CitizenRepository = SqlCitizenRepository(s)
        _institutions: protocols.InstitutionRepository = SqlInstitutionRepository(s)
        _search: protocols.ApplicantSearch = SqlApplicantSearch(s)
        _applications: protocols.ApplicationRepository = SqlApplicationRepository(s)
        _classifications: protocols.ClassificationRepository = SqlClassificationRepository(s)
        _letters: protocols.LetterRepository = SqlLetterRepository(s, "")
        _asset_codes: protocols.AssetCodeRepository = SqlAssetCodeRepository(s)
        _rooms: protocols.RoomRepository = SqlRoomRepository(s)
        _assets: protocols.AssetRepository = SqlAssetRepository(s)
        _registers: protocols.RegisterQueries = SqlRegisterQueries(s)
