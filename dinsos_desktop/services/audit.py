"""Use case: reading the audit trail (it is only ever appended to)."""

from __future__ import annotations

from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.common import require
from dinsos_desktop.services.dto import Actor, AuditEntry, Page
from dinsos_desktop.services.uow import UnitOfWork


def audit_page(uow: UnitOfWork, actor: Actor, offset: int = 0, limit: int = 200,
               entity: str | None = None) -> Page[AuditEntry]:
    require(actor, Role.ADMIN, Role.PIMPINAN)
    with uow.read_only():
        return uow.audit.page(offset, limit, entity)
