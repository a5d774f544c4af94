"""An in-memory unit of work for the services' unit tests (no database, no SQLAlchemy).

It keeps the contract of services/uow.py: changes become visible to the next unit of work only
after ``commit()``; leaving the block without commit throws them away.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from dinsos_desktop.domain.catalog import Catalog
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.dto import AuditEntry, CatalogVersionDTO, Page, StoredUser


@dataclasses.dataclass
class _State:
    users: dict[int, StoredUser] = dataclasses.field(default_factory=dict)
    audit: list[AuditEntry] = dataclasses.field(default_factory=list)
    office: OfficeProfile | None = None
    versions: dict[int, tuple[CatalogVersionDTO, Catalog]] = dataclasses.field(default_factory=dict)


class _Users:
    def __init__(self, state: _State) -> None:
        self.state = state

    def count(self) -> int:
        return len(self.state.users)

    def get(self, user_id: int) -> StoredUser | None:
        return self.state.users.get(user_id)

    def get_by_username(self, username: str) -> StoredUser | None:
        return next((u for u in self.state.users.values() if u.username == username), None)

    def list(self) -> Sequence[StoredUser]:
        return sorted(self.state.users.values(), key=lambda u: u.username)

    def add(self, username: str, full_name: str, nip: str, roles: frozenset[Role],
            password_hash: str, now: dt.datetime) -> StoredUser:
        user_id = max(self.state.users, default=0) + 1
        user = StoredUser(user_id, username, full_name, nip, roles, True, password_hash, 0, None, now, 1)
        self.state.users[user_id] = user
        return user

    def update(self, user: StoredUser, *, expected_version: int) -> StoredUser:
        stored = self.state.users.get(user.id)
        if stored is None or stored.version != expected_version:
            raise ConflictError("konflik")
        # Like the SQL repository: the name and creation time never change.
        saved = dataclasses.replace(user, username=stored.username, created_at=stored.created_at,
                                    version=expected_version + 1)
        self.state.users[user.id] = saved
        return saved

    def record_login_attempt(self, user_id: int, failed_attempts: int,
                             locked_until: dt.datetime | None) -> None:
        self.state.users[user_id] = dataclasses.replace(
            self.state.users[user_id], failed_attempts=failed_attempts, locked_until=locked_until)


class _Audit:
    def __init__(self, state: _State) -> None:
        self.state = state

    def add(self, entry: AuditEntry) -> None:
        self.state.audit.append(dataclasses.replace(entry, id=len(self.state.audit) + 1))

    def page(self, offset: int, limit: int, entity: str | None = None) -> Page[AuditEntry]:
        rows = [e for e in reversed(self.state.audit) if entity is None or e.entity == entity]
        return Page(tuple(rows[offset:offset + limit]), len(rows), offset)


class _Office:
    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self) -> OfficeProfile:
        return self.state.office or OfficeProfile()

    def save(self, profile: OfficeProfile, *, expected_version: int) -> OfficeProfile:
        if self.get().version != expected_version:
            raise ConflictError("konflik")
        self.state.office = dataclasses.replace(profile, version=expected_version + 1)
        return self.state.office


class _Catalog:
    def __init__(self, state: _State) -> None:
        self.state = state

    def versions(self) -> Sequence[CatalogVersionDTO]:
        return [v for v, _ in self.state.versions.values()]

    def find_version(self, decree_number: str) -> CatalogVersionDTO | None:
        return next((v for v in self.versions() if v.decree_number == decree_number), None)

    def active_version_id(self) -> int | None:
        return next((v.id for v in self.versions() if v.is_active), None)

    def add_version(self, catalog: Catalog, imported_by: str, now: dt.datetime,
                    source_sha256: str) -> int:
        version_id = max(self.state.versions, default=0) + 1
        v = catalog.version
        self.state.versions[version_id] = (
            CatalogVersionDTO(version_id, v.decree_number, v.decree_date, v.title, now, imported_by,
                              False, len(catalog.standards)),
            catalog,
        )
        return version_id

    def activate(self, version_id: int) -> None:
        if version_id not in self.state.versions:
            raise NotFound("tidak ada")
        for vid, (v, c) in list(self.state.versions.items()):
            self.state.versions[vid] = (dataclasses.replace(v, is_active=vid == version_id), c)

    def load(self, version_id: int) -> Catalog:
        if version_id not in self.state.versions:
            raise NotFound("tidak ada")
        return self.state.versions[version_id][1]


class FakeUnitOfWork:
    """Implements services.uow.UnitOfWork over plain dictionaries."""

    def __init__(self) -> None:
        self.committed = _State()
        self.commits = 0
        self.locks: list[str] = []
        self._work: _State | None = None

    def __enter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("unit of work is already open")
        self._work = copy.deepcopy(self.committed)
        self.users = _Users(self._work)
        self.audit = _Audit(self._work)
        self.office = _Office(self._work)
        self.catalog = _Catalog(self._work)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._work = None

    def commit(self) -> None:
        assert self._work is not None
        self.committed = copy.deepcopy(self._work)
        self.commits += 1

    def rollback(self) -> None:
        assert self._work is not None
        self._work.__dict__.update(copy.deepcopy(self.committed).__dict__)

    def lock(self, name: str) -> None:
        assert self._work is not None
        self.locks.append(name)

    # For assertions
    def audit_entries(self) -> list[AuditEntry]:
        return list(self.committed.audit)

    def stored_users(self) -> dict[str, Any]:
        return {u.username: u for u in self.committed.users.values()}
