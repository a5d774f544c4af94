"""The unit of work and the repositories the use cases need, as protocols.

The SQLAlchemy implementation lives in adapters/db; tests may use a fake. A use case runs
``with uow: …; uow.commit()``; leaving the block without commit rolls everything back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from dinsos_desktop.domain.catalog import Catalog
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.dto import AuditEntry, CatalogVersionDTO, Page, StoredUser


class UserRepository(Protocol):
    def count(self) -> int: ...
    def get(self, user_id: int) -> StoredUser | None: ...
    def get_by_username(self, username: str) -> StoredUser | None: ...
    def list(self) -> Sequence[StoredUser]: ...
    def add(self, username: str, full_name: str, nip: str, roles: frozenset[Role],
            password_hash: str, now: dt.datetime) -> StoredUser: ...

    def update(self, user: StoredUser, *, expected_version: int) -> StoredUser:
        """Write every field of ``user``; raise ConflictError when the stored version differs."""
        ...

    def record_login_attempt(self, user_id: int, failed_attempts: int,
                             locked_until: dt.datetime | None) -> None:
        """Login bookkeeping; does not bump the version (it is not an edit)."""
        ...


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def page(self, offset: int, limit: int, entity: str | None = None) -> Page[AuditEntry]: ...


class OfficeRepository(Protocol):
    def get(self) -> OfficeProfile: ...
    def save(self, profile: OfficeProfile, *, expected_version: int) -> OfficeProfile: ...


class CatalogRepository(Protocol):
    def versions(self) -> Sequence[CatalogVersionDTO]: ...
    def find_version(self, decree_number: str) -> CatalogVersionDTO | None: ...
    def active_version_id(self) -> int | None: ...
    def add_version(self, catalog: Catalog, imported_by: str, now: dt.datetime,
                    source_sha256: str) -> int: ...
    def activate(self, version_id: int) -> None: ...
    def load(self, version_id: int) -> Catalog: ...


class UnitOfWork(Protocol):
    users: UserRepository
    audit: AuditRepository
    office: OfficeRepository
    catalog: CatalogRepository

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...

    def lock(self, name: str) -> None:
        """Serialize this transaction with every other one that takes the same named lock
        (on any workstation) until it ends. For check-then-insert use cases."""
        ...
