"""Use cases: the office profile (letterhead, unit code, signatories)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from dinsos_desktop.domain.office import OfficeProfile, validate_office_profile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.common import audit, require
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.uow import UnitOfWork


def get_office_profile(uow: UnitOfWork) -> OfficeProfile:
    with uow.read_only():
        return uow.office.get()


def _summary(p: OfficeProfile) -> dict[str, Any]:
    d = dataclasses.asdict(p)
    d.pop("logo_png", None)
    d["has_logo"] = p.logo_png is not None
    return d


def save_office_profile(uow: UnitOfWork, actor: Actor, profile: OfficeProfile,
                        *, now: dt.datetime | None = None) -> OfficeProfile:
    """Save the edited profile; ``profile.version`` is the version the editor started from."""
    require(actor, Role.ADMIN)
    validate_office_profile(profile)
    with uow:
        before = uow.office.get()
        saved = uow.office.save(profile, expected_version=profile.version)
        audit(uow, actor, "create" if before.version == 0 else "update", "office_profile", 1,
              "Profil kantor disimpan", before=_summary(before), after=_summary(saved), now=now)
        uow.commit()
        return saved
