"""Helpers every use case shares: permission checks, the clock, audit entries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from dinsos_desktop.domain.errors import PermissionDenied
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.dto import Actor, AuditEntry
from dinsos_desktop.services.uow import UnitOfWork

# Local wall-clock time of the office, used for due dates, printed times and "today". The
# composition root may replace it (tests pin it); by default it is the workstation's own zone.
LocalTime = Callable[[dt.datetime], dt.datetime]


def to_local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone()


def catalog_label(uow: UnitOfWork, version_id: int) -> str:
    """'Keputusan No. … tanggal dd-mm-yyyy' of a catalog version (inside an open unit of work)."""
    for v in uow.catalog.versions():
        if v.id == version_id:
            return f"Keputusan No. {v.decree_number} tanggal {v.decree_date:%d-%m-%Y}"
    return ""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def require(actor: Actor, *roles: Role) -> None:
    if not actor.has(*roles):
        needed = " atau ".join(r.label for r in roles)
        raise PermissionDenied(f"Tindakan ini hanya untuk {needed}.")


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_entry(actor: Actor, action: str, entity: str, entity_id: object, summary: str, *,
                before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                now: dt.datetime | None = None) -> AuditEntry:
    return AuditEntry(
        occurred_at=now or utcnow(),
        actor_id=actor.user_id,
        actor_username=actor.username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        before=_json(before),
        after=_json(after),
    )


def audit(uow: UnitOfWork, actor: Actor, action: str, entity: str, entity_id: object,
          summary: str, *, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, now: dt.datetime | None = None) -> None:
    uow.audit.add(audit_entry(actor, action, entity, entity_id, summary, before=before, after=after,
                              now=now))
