"""Frozen values that cross from the services to the GUI, the CLI and other threads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from dinsos_desktop.domain.catalog import Catalog, CatalogIndex
from dinsos_desktop.domain.roles import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. ``user_id`` is None for the system itself (first start, command line)."""

    user_id: int | None
    username: str
    full_name: str
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


SYSTEM = Actor(None, "sistem", "Sistem", frozenset(Role))


def command_line_actor(os_user: str) -> Actor:
    return Actor(None, f"cli:{os_user}", f"Baris perintah ({os_user})", frozenset(Role))


@dataclass(frozen=True, slots=True)
class UserDTO:
    id: int
    username: str
    full_name: str
    nip: str
    roles: frozenset[Role]
    is_active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    version: int

    def roles_label(self) -> str:
        return ", ".join(r.label for r in Role if r in self.roles)


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user row as the repository keeps it; stays inside the services."""

    id: int
    username: str
    full_name: str
    nip: str
    roles: frozenset[Role]
    is_active: bool
    password_hash: str
    failed_attempts: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    version: int

    def to_dto(self) -> UserDTO:
        return UserDTO(self.id, self.username, self.full_name, self.nip, self.roles,
                       self.is_active, self.locked_until, self.created_at, self.version)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    occurred_at: dt.datetime
    actor_id: int | None
    actor_username: str
    action: str  # create | update | delete | login | login_failed | import | …
    entity: str  # user | office_profile | catalog_version | …
    entity_id: str
    summary: str
    before: str | None = None  # JSON text
    after: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CatalogVersionDTO:
    id: int
    decree_number: str
    decree_date: dt.date
    title: str
    imported_at: dt.datetime
    imported_by: str
    is_active: bool
    standard_count: int


@dataclass(frozen=True, slots=True)
class CatalogDTO:
    version_id: int
    catalog: Catalog
    index: CatalogIndex


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    offset: int
