"""Repositories over one SQLAlchemy session. They hand out domain values and DTOs, never rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dinsos_desktop.adapters.db.models import (
    AuditRow,
    CatalogBidangRow,
    CatalogVersionRow,
    CounterRow,
    OfficeProfileRow,
    ProcedureStepRow,
    RequirementRow,
    SignatoryRow,
    StandardRow,
    UserRoleRow,
    UserRow,
)
from dinsos_desktop.domain.catalog import (
    Bidang,
    Catalog,
    CatalogVersion,
    Requirement,
    parse_catalog,
    standard_to_dict,
)
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.dto import AuditEntry, CatalogVersionDTO, Page, StoredUser

CONFLICT = ("Data ini baru saja diubah oleh pengguna lain (workstation lain). Perubahan Anda tidak "
            "disimpan; data terbaru sudah dimuat ulang, silakan periksa lalu ulangi perubahan.")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything we store is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    @staticmethod
    def _dto(row: UserRow) -> StoredUser:
        created = _utc(row.created_at)
        assert created is not None
        return StoredUser(
            id=row.id, username=row.username, full_name=row.full_name, nip=row.nip,
            roles=frozenset(Role(r.role) for r in row.roles), is_active=row.is_active,
            password_hash=row.password_hash, failed_attempts=row.failed_attempts,
            locked_until=_utc(row.locked_until), created_at=created, version=row.version,
        )

    def count(self) -> int:
        return self.s.scalar(select(func.count()).select_from(UserRow)) or 0

    def get(self, user_id: int) -> StoredUser | None:
        row = self.s.get(UserRow, user_id, populate_existing=True)
        return self._dto(row) if row else None

    def get_by_username(self, username: str) -> StoredUser | None:
        row = self.s.scalar(select(UserRow).where(UserRow.username == username))
        return self._dto(row) if row else None

    def list(self) -> Sequence[StoredUser]:
        return [self._dto(r) for r in self.s.scalars(select(UserRow).order_by(UserRow.username))]

    def add(self, username: str, full_name: str, nip: str, roles: frozenset[Role],
            password_hash: str, now: dt.datetime) -> StoredUser:
        row = UserRow(username=username, full_name=full_name, nip=nip, password_hash=password_hash,
                      is_active=True, failed_attempts=0, created_at=now, version=1,
                      roles=[UserRoleRow(role=r.value) for r in sorted(roles)])
        self.s.add(row)
        self.s.flush()
        return self._dto(row)

    def update(self, user: StoredUser, *, expected_version: int) -> StoredUser:
        result = self.s.execute(
            update(UserRow)
            .where(UserRow.id == user.id, UserRow.version == expected_version)
            .values(full_name=user.full_name, nip=user.nip, is_active=user.is_active,
                    password_hash=user.password_hash, failed_attempts=user.failed_attempts,
                    locked_until=user.locked_until, version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(CONFLICT)
        row = self.s.get(UserRow, user.id, populate_existing=True)
        assert row is not None
        current = {r.role for r in row.roles}
        wanted = {r.value for r in user.roles}
        if current != wanted:
            row.roles = [r for r in row.roles if r.role in wanted] + [
                UserRoleRow(role=r) for r in sorted(wanted - current)
            ]
            self.s.flush()
        return self._dto(row)

    def record_login_attempt(self, user_id: int, failed_attempts: int,
                             locked_until: dt.datetime | None) -> None:
        self.s.execute(
            update(UserRow).where(UserRow.id == user_id)
            .values(failed_attempts=failed_attempts, locked_until=locked_until)
            .execution_options(synchronize_session=False)
        )


class SqlAuditRepository:
    def __init__(self, session: Session, workstation: str) -> None:
        self.s = session
        self.workstation = workstation

    def add(self, entry: AuditEntry) -> None:
        self.s.add(AuditRow(
            occurred_at=entry.occurred_at, actor_id=entry.actor_id,
            actor_username=entry.actor_username, action=entry.action, entity=entry.entity,
            entity_id=entry.entity_id, summary=entry.summary, before=entry.before,
            after=entry.after, workstation=self.workstation,
        ))
        self.s.flush()

    def page(self, offset: int, limit: int, entity: str | None = None) -> Page[AuditEntry]:
        query = select(AuditRow)
        count = select(func.count()).select_from(AuditRow)
        if entity:
            query = query.where(AuditRow.entity == entity)
            count = count.where(AuditRow.entity == entity)
        rows = self.s.scalars(query.order_by(AuditRow.id.desc()).offset(offset).limit(limit))
        items = tuple(
            AuditEntry(occurred_at=_utc(r.occurred_at) or r.occurred_at, actor_id=r.actor_id,
                       actor_username=r.actor_username, action=r.action, entity=r.entity,
                       entity_id=r.entity_id, summary=r.summary, before=r.before, after=r.after,
                       id=r.id)
            for r in rows
        )
        return Page(items, self.s.scalar(count) or 0, offset)


class SqlOfficeRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self) -> OfficeProfile:
        row = self.s.get(OfficeProfileRow, 1, populate_existing=True)
        if row is None:
            return OfficeProfile()
        signatories = self.s.scalars(select(SignatoryRow).order_by(SignatoryRow.position_order))
        return OfficeProfile(
            government_name=row.government_name, office_name=row.office_name, address=row.address,
            city=row.city, postal_code=row.postal_code, phone=row.phone, email=row.email,
            website=row.website, unit_code=row.unit_code,
            head=Signatory(row.head_position, row.head_name, row.head_nip, row.head_rank),
            signatories=tuple(Signatory(s.position, s.name, s.nip, s.rank) for s in signatories),
            logo_png=row.logo_png, version=row.version,
        )

    def save(self, profile: OfficeProfile, *, expected_version: int) -> OfficeProfile:
        values = dict(
            government_name=profile.government_name, office_name=profile.office_name,
            address=profile.address, city=profile.city, postal_code=profile.postal_code,
            phone=profile.phone, email=profile.email, website=profile.website,
            unit_code=profile.unit_code, head_position=profile.head.position,
            head_name=profile.head.name, head_nip=profile.head.nip, head_rank=profile.head.rank,
            logo_png=profile.logo_png,
        )
        if expected_version == 0:
            if self.s.get(OfficeProfileRow, 1) is not None:
                raise ConflictError(CONFLICT)
            self.s.add(OfficeProfileRow(id=1, version=1, **values))
            self.s.flush()
        else:
            result = self.s.execute(
                update(OfficeProfileRow)
                .where(OfficeProfileRow.id == 1, OfficeProfileRow.version == expected_version)
                .values(version=expected_version + 1, **values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(CONFLICT)
        for old in self.s.scalars(select(SignatoryRow)):
            self.s.delete(old)
        self.s.flush()
        for i, sig in enumerate(profile.signatories):
            self.s.add(SignatoryRow(position_order=i, position=sig.position, name=sig.name,
                                    nip=sig.nip, rank=sig.rank))
        self.s.flush()
        return self.get()


class SqlCatalogRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def versions(self) -> Sequence[CatalogVersionDTO]:
        counts = {version_id: n for version_id, n in self.s.execute(
            select(StandardRow.version_id, func.count()).group_by(StandardRow.version_id)
        )}
        rows = self.s.scalars(select(CatalogVersionRow).order_by(CatalogVersionRow.decree_date,
                                                                 CatalogVersionRow.id))
        return [
            CatalogVersionDTO(
                id=r.id, decree_number=r.decree_number, decree_date=r.decree_date, title=r.title,
                imported_at=_utc(r.imported_at) or r.imported_at, imported_by=r.imported_by,
                is_active=r.is_active, standard_count=counts.get(r.id, 0),
            )
            for r in rows
        ]

    def find_version(self, decree_number: str) -> CatalogVersionDTO | None:
        for v in self.versions():
            if v.decree_number == decree_number:
                return v
        return None

    def active_version_id(self) -> int | None:
        return self.s.scalar(select(CatalogVersionRow.id).where(CatalogVersionRow.is_active))

    def add_version(self, catalog: Catalog, imported_by: str, now: dt.datetime,
                    source_sha256: str) -> int:
        v = catalog.version
        row = CatalogVersionRow(decree_number=v.decree_number, decree_date=v.decree_date,
                                title=v.title, issuer=v.issuer, imported_at=now,
                                imported_by=imported_by, source_sha256=source_sha256,
                                is_active=False)
        self.s.add(row)
        self.s.flush()
        for i, b in enumerate(catalog.bidang):
            self.s.add(CatalogBidangRow(version_id=row.id, position=i, code=b.code, name=b.name))
        for i, s in enumerate(catalog.standards):
            srow = StandardRow(
                version_id=row.id, position=i, code=s.code, lampiran=s.lampiran, title=s.title,
                bidang_code=s.bidang, time_limit_value=s.time_limit.value,
                time_limit_unit=s.time_limit.unit.value if s.time_limit.unit else None,
                fee_amount=s.fee.amount,
                document=json.dumps(standard_to_dict(s), ensure_ascii=False),
            )
            self.s.add(srow)
            self.s.flush()
            for pos, req in enumerate(s.requirements):
                self._add_requirement(srow.id, None, pos, req)
            for no, text in enumerate(s.procedure_steps, 1):
                self.s.add(ProcedureStepRow(standard_id=srow.id, step_no=no, text=text))
        self.s.flush()
        return row.id

    def _add_requirement(self, standard_id: int, parent_id: int | None, pos: int,
                         req: Requirement) -> None:
        row = RequirementRow(standard_id=standard_id, parent_id=parent_id, position=pos,
                             item_key=req.key, text=req.text, is_checklist_item=not req.children)
        self.s.add(row)
        self.s.flush()
        for i, child in enumerate(req.children):
            self._add_requirement(standard_id, row.id, i, child)

    def activate(self, version_id: int) -> None:
        if self.s.get(CatalogVersionRow, version_id) is None:
            raise NotFound("Versi katalog tidak ditemukan.")
        self.s.execute(update(CatalogVersionRow).values(is_active=False)
                       .where(CatalogVersionRow.id != version_id))
        self.s.execute(update(CatalogVersionRow).values(is_active=True)
                       .where(CatalogVersionRow.id == version_id))

    def load(self, version_id: int) -> Catalog:
        v = self.s.get(CatalogVersionRow, version_id)
        if v is None:
            raise NotFound("Versi katalog tidak ditemukan.")
        bidang = self.s.scalars(select(CatalogBidangRow).where(CatalogBidangRow.version_id == v.id)
                                .order_by(CatalogBidangRow.position))
        docs = self.s.scalars(select(StandardRow.document).where(StandardRow.version_id == v.id)
                              .order_by(StandardRow.position))
        # The stored documents were validated on import; parsing them again rebuilds the values.
        document = {
            "format": "dinsos-catalog", "format_version": 1,
            "version": {"decree_number": v.decree_number, "decree_date": v.decree_date.isoformat(),
                        "title": v.title or "-", "issuer": v.issuer or "-"},
            "bidang": [{"code": b.code, "name": b.name} for b in bidang],
            "standards": [json.loads(d) for d in docs],
        }
        catalog = parse_catalog(document, f"basis data (versi {v.id})")
        return Catalog(CatalogVersion(v.decree_number, v.decree_date, v.title, v.issuer),
                       tuple(Bidang(b.code, b.name) for b in catalog.bidang), catalog.standards)


class SqlCounters:
    """Gapless counters. ``next`` locks the scope's row until the calling transaction ends."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def next(self, scope: str) -> int:
        row = self.s.scalar(select(CounterRow).where(CounterRow.scope == scope)
                            .with_for_update())  # FOR UPDATE on PostgreSQL; SQLite: BEGIN IMMEDIATE
        if row is None:
            row = CounterRow(scope=scope, value=0)
            self.s.add(row)
        row.value += 1
        self.s.flush()
        return row.value
