"""Repositories over one SQLAlchemy session. They hand out domain values and DTOs, never rows."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Integer,
    Result,
    Row,
    Select,
    Table,
    and_,
    any_,
    bindparam,
    case,
    cast,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session

from dinsos_desktop.adapters.db.models import (
    RUNNING_STATUSES,
    ApplicationAttachmentRow,
    ApplicationEventRow,
    ApplicationHandoverRow,
    ApplicationItemRow,
    ApplicationRow,
    ApplicationStepRow,
    AuditRow,
    CatalogBidangRow,
    CatalogVersionRow,
    CitizenRow,
    ClassificationRow,
    CounterRow,
    InstitutionRow,
    LetterRow,
    OfficeClosureRow,
    OfficeProfileRow,
    OfficeSettingRow,
    ProcedureStepRow,
    RequirementRow,
    SignatoryRow,
    StandardRow,
    UserRoleRow,
    UserRow,
    name_rest,
    sql_in,
)
from dinsos_desktop.domain.catalog import (
    Bidang,
    Catalog,
    CatalogVersion,
    Requirement,
    Standard,
    parse_catalog,
    standard_to_dict,
)
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.text import fold
from dinsos_desktop.services.dto import (
    ApplicantHit,
    ApplicationDTO,
    ApplicationItemDTO,
    AttachmentDTO,
    AuditEntry,
    CatalogVersionDTO,
    CitizenDTO,
    CitizenInput,
    ClassificationDTO,
    ClassificationInput,
    EventDTO,
    HandoverDTO,
    HandoverInput,
    InstitutionDTO,
    InstitutionInput,
    LetterDTO,
    LetterFilter,
    NewLetter,
    Page,
    QueueCounts,
    QueueFilter,
    QueueRow,
    StepProgress,
    StepRecordDTO,
    StoredUser,
    address_line,
)

CONFLICT = ("Data ini baru saja diubah oleh pengguna lain (workstation lain). Perubahan Anda tidak "
            "disimpan; data terbaru sudah dimuat ulang, silakan periksa lalu ulangi perubahan.")


def _table(model: type[Any]) -> Table:
    """A mapped class's table, typed as one (prebuilt statements start from it)."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


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


_AUDIT_COLUMNS = ("occurred_at", "actor_id", "actor_username", "action", "entity", "entity_id",
                  "summary", "before", "after", "workstation")


@functools.cache
def _audit_insert() -> Any:
    return insert(_table(AuditRow))


def _audit_values(entry: AuditEntry, workstation: str, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}occurred_at": entry.occurred_at.astimezone(dt.UTC),
            f"{prefix}actor_id": entry.actor_id, f"{prefix}actor_username": entry.actor_username,
            f"{prefix}action": entry.action, f"{prefix}entity": entry.entity,
            f"{prefix}entity_id": entry.entity_id, f"{prefix}summary": entry.summary,
            f"{prefix}before": entry.before, f"{prefix}after": entry.after,
            f"{prefix}workstation": workstation}


class SqlAuditRepository:
    def __init__(self, session: Session, workstation: str) -> None:
        self.s = session
        self.workstation = workstation

    def add(self, entry: AuditEntry) -> None:
        # A prebuilt INSERT on the session's connection: every use case writes one.
        self.s.connection().execute(_audit_insert(), _audit_values(entry, self.workstation))

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

    def standard_id(self, version_id: int, code: str) -> int | None:
        return self.s.scalar(select(StandardRow.id).where(StandardRow.version_id == version_id,
                                                          StandardRow.code == code))

    def load_standard(self, standard_id: int) -> tuple[int, Standard]:
        row = self.s.get(StandardRow, standard_id)
        if row is None:
            raise NotFound("Standar pelayanan tidak ditemukan.")
        return row.version_id, _standard_from_document(row.document, f"basis data (standar {row.id})")


def _standard_from_document(document: str, file: str) -> Standard:
    wrapper = {"format": "dinsos-catalog", "format_version": 1,
               "version": {"decree_number": "-", "decree_date": "2000-01-01", "title": "-", "issuer": "-"},
               "bidang": [], "standards": []}
    raw = json.loads(document)
    wrapper["bidang"] = [{"code": raw["bidang"], "name": raw["bidang"]}]
    wrapper["standards"] = [raw]
    return parse_catalog(wrapper, file).standards[0]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _changed_one(result: Result[Any]) -> bool:
    assert isinstance(result, CursorResult)  # what an UPDATE/DELETE returns
    return result.rowcount == 1


@functools.cache
def _counter_next(dialect: str) -> Any:
    t = _table(CounterRow)
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    return (insert_(t).values(scope=bindparam("scope", type_=t.c.scope.type), value=1)
            .on_conflict_do_update(index_elements=["scope"], set_={"value": t.c.value + 1})
            .returning(t.c.value))


@functools.cache
def _counter_block(dialect: str) -> Any:
    t = _table(CounterRow)
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    count = bindparam("count", type_=Integer())
    statement = insert_(t).values(scope=bindparam("scope", type_=t.c.scope.type), value=count)
    return (statement.on_conflict_do_update(index_elements=["scope"],
                                            set_={"value": t.c.value + statement.excluded.value})
            .returning(t.c.value))


class SqlCounters:
    """Gapless counters: one row per scope, locked by ``next`` until the calling transaction ends.

    The row of a new scope is created with INSERT … ON CONFLICT DO NOTHING: two transactions
    drawing the first number of a scope at once never fail, the second one waits for the first
    (PostgreSQL: on the primary key; SQLite: every transaction already holds the database's write
    lock, BEGIN IMMEDIATE) and then finds the row. SELECT … FOR UPDATE then locks the row until
    commit or rollback, so a rollback gives the number back.
    """

    def __init__(self, session: Session) -> None:
        self.s = session

    def next(self, scope: str) -> int:
        # One statement: the upsert creates the scope's row or adds one to it, and the row stays
        # locked (PostgreSQL: the updated row; SQLite: the write lock) until the transaction ends.
        conn = self.s.connection()
        return int(conn.execute(_counter_next(conn.dialect.name), {"scope": scope}).scalar_one())

    def next_block(self, scope: str, count: int) -> int:
        conn = self.s.connection()
        return int(conn.execute(_counter_block(conn.dialect.name),
                                {"scope": scope, "count": count}).scalar_one())

    def raise_to(self, scope: str, value: int) -> None:
        """Make the counter's next value at least ``value + 1`` (after an import)."""
        insert_ = pg_insert if _dialect(self.s) == "postgresql" else sqlite_insert
        self.s.execute(insert_(CounterRow).values(scope=scope, value=0)
                       .on_conflict_do_nothing(index_elements=["scope"]))
        self.s.execute(update(CounterRow).where(CounterRow.scope == scope, CounterRow.value < value)
                       .values(value=value).execution_options(synchronize_session=False))


@functools.cache
def _settings_in(dialect: str) -> Any:
    t = _table(OfficeSettingRow)
    if dialect == "postgresql":  # one statement text whatever the keys: it is prepared once
        return select(t.c.key, t.c.value).where(
            t.c.key == any_(bindparam("keys", type_=postgresql.ARRAY(t.c.key.type))))
    return select(t.c.key, t.c.value).where(t.c.key.in_(bindparam("keys", expanding=True)))


class SqlSettingsRepository:
    """Office-wide settings and office closures."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, key: str) -> str | None:
        return self.s.scalar(select(OfficeSettingRow.value).where(OfficeSettingRow.key == key))

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The settings among ``keys`` that are set, in one (prebuilt) statement."""
        conn = self.s.connection()
        rows = conn.execute(_settings_in(conn.dialect.name), {"keys": list(keys)})
        return {key: value for key, value in rows}

    def set(self, key: str, value: str) -> None:
        # Update, else insert: two workstations creating the same new key at once do not both
        # win silently: on PostgreSQL the second insert fails (ConflictError through the unit of
        # work); SQLite serializes writers anyway.
        result = self.s.execute(update(OfficeSettingRow).where(OfficeSettingRow.key == key)
                                .values(value=value).execution_options(synchronize_session=False))
        if not _changed_one(result):
            self.s.execute(insert(OfficeSettingRow).values(key=key, value=value))

    def closures(self, start: dt.date, end: dt.date) -> Sequence[tuple[dt.date, str]]:
        rows = self.s.execute(select(OfficeClosureRow.day, OfficeClosureRow.reason)
                              .where(OfficeClosureRow.day >= start, OfficeClosureRow.day <= end)
                              .order_by(OfficeClosureRow.day))
        return [(day, reason) for day, reason in rows]

    def add_closure(self, day: dt.date, reason: str) -> None:
        """Adds the day, or changes the reason of a day already closed."""
        result = self.s.execute(update(OfficeClosureRow).where(OfficeClosureRow.day == day)
                                .values(reason=reason).execution_options(synchronize_session=False))
        if not _changed_one(result):
            self.s.execute(insert(OfficeClosureRow).values(day=day, reason=reason))

    def remove_closure(self, day: dt.date) -> bool:
        result = self.s.execute(delete(OfficeClosureRow).where(OfficeClosureRow.day == day)
                                .execution_options(synchronize_session=False))
        return _changed_one(result)


# --------------------------------------------------------------------------- applicants


def phone_digits(phone: str) -> str:
    """The digits of a phone number in national form, for search: '+62 812-3456' -> '08123456'."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("62") and len(digits) > 8:
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


def _citizen_dto(r: CitizenRow | Row[Any]) -> CitizenDTO:
    """From an ORM row or a plain row of the citizens table (same attribute names)."""
    created, updated = _utc(r.created_at), _utc(r.updated_at)
    assert created is not None and updated is not None
    return CitizenDTO(
        id=r.id, nik=r.nik, kk=r.kk, full_name=r.full_name, birth_place=r.birth_place,
        birth_date=r.birth_date, sex=r.sex, street=r.street, rt=r.rt, rw=r.rw,
        kelurahan=r.kelurahan, kecamatan=r.kecamatan, city=r.city, phone=r.phone,
        version=r.version, created_at=created, updated_at=updated,
    )


def _citizen_values(data: CitizenInput) -> dict[str, Any]:
    return dict(
        nik=data.nik, kk=data.kk, full_name=data.full_name, name_folded=fold(data.full_name),
        birth_place=data.birth_place, birth_date=data.birth_date, sex=data.sex, street=data.street,
        rt=data.rt, rw=data.rw, kelurahan=data.kelurahan, kecamatan=data.kecamatan,
        city=data.city, phone=data.phone, phone_digits=phone_digits(data.phone),
    )


class SqlCitizenRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, citizen_id: int) -> CitizenDTO | None:
        row = self.s.get(CitizenRow, citizen_id, populate_existing=True)
        return _citizen_dto(row) if row else None

    def get_by_nik(self, nik: str) -> CitizenDTO | None:
        row = self.s.scalar(select(CitizenRow).where(CitizenRow.nik == nik)
                            .execution_options(populate_existing=True))
        return _citizen_dto(row) if row else None

    def add(self, data: CitizenInput, now: dt.datetime) -> CitizenDTO:
        """A second citizen with the same NIK is refused by the unique index (IntegrityError,
        ConflictError once it leaves the unit of work); the services look it up first."""
        row = CitizenRow(**_citizen_values(data), version=1, created_at=now, updated_at=now)
        self.s.add(row)
        self.s.flush()
        return _citizen_dto(row)

    def update(self, citizen_id: int, data: CitizenInput, *, expected_version: int,
               now: dt.datetime) -> CitizenDTO:
        result = self.s.execute(
            update(CitizenRow)
            .where(CitizenRow.id == citizen_id, CitizenRow.version == expected_version)
            .values(**_citizen_values(data), version=expected_version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        saved = self.get(citizen_id)
        if saved is None:
            raise NotFound("Data warga tidak ditemukan.")
        if not _changed_one(result):
            raise ConflictError(CONFLICT)
        return saved

    def similar(self, name_folded: str, birth_date: dt.date) -> Sequence[CitizenDTO]:
        """Citizens born that day whose folded name equals, contains or is contained in this one.
        The birth-date index narrows it to a handful of rows before the names are compared."""
        name = fold(name_folded)
        if not name:
            return []
        stored = CitizenRow.name_folded
        # "stored name contained in this one": the position of the column's value in the given
        # text (no LIKE: the stored name is not a pattern).
        position = (func.strpos(name, stored) if _dialect(self.s) == "postgresql"
                    else func.instr(name, stored))
        rows = self.s.scalars(
            select(CitizenRow)
            .where(CitizenRow.birth_date == birth_date, stored != "",
                   or_(stored == name, _contains(stored, name), position > 0))
            .order_by(stored, CitizenRow.id)
        )
        return [_citizen_dto(r) for r in rows]


def _institution_values(data: InstitutionInput) -> dict[str, Any]:
    return dict(
        name=data.name, name_folded=fold(data.name), kind=data.kind, legal_form=data.legal_form,
        akta_number=data.akta_number, npwp=data.npwp, address=data.address, phone=data.phone,
        phone_digits=phone_digits(data.phone), contact_citizen_id=data.contact_citizen_id,
    )


class SqlInstitutionRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, institution_id: int) -> InstitutionDTO | None:
        row = self.s.get(InstitutionRow, institution_id, populate_existing=True)
        if row is None:
            return None
        contact = ""
        if row.contact_citizen_id is not None:
            contact = self.s.scalar(select(CitizenRow.full_name)
                                    .where(CitizenRow.id == row.contact_citizen_id)) or ""
        created, updated = _utc(row.created_at), _utc(row.updated_at)
        assert created is not None and updated is not None
        return InstitutionDTO(
            id=row.id, name=row.name, kind=row.kind, legal_form=row.legal_form,
            akta_number=row.akta_number, npwp=row.npwp, address=row.address, phone=row.phone,
            contact_citizen_id=row.contact_citizen_id, contact_name=contact, version=row.version,
            created_at=created, updated_at=updated,
        )

    def add(self, data: InstitutionInput, now: dt.datetime) -> InstitutionDTO:
        row = InstitutionRow(**_institution_values(data), version=1, created_at=now, updated_at=now)
        self.s.add(row)
        self.s.flush()
        saved = self.get(row.id)
        assert saved is not None
        return saved

    def update(self, institution_id: int, data: InstitutionInput, *, expected_version: int,
               now: dt.datetime) -> InstitutionDTO:
        result = self.s.execute(
            update(InstitutionRow)
            .where(InstitutionRow.id == institution_id, InstitutionRow.version == expected_version)
            .values(**_institution_values(data), version=expected_version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        saved = self.get(institution_id)
        if saved is None:
            raise NotFound("Data lembaga tidak ditemukan.")
        if not _changed_one(result):
            raise ConflictError(CONFLICT)
        return saved


# --------------------------------------------------------------------------- applicant search

_ESCAPE = "\\"
_MAX_CHAR = 0x10FFFF


def _contains(col: ColumnElement[str] | InstrumentedAttribute[str], text_: str) -> ColumnElement[bool]:
    escaped = text_.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    return col.like(f"%{escaped}%", escape=_ESCAPE)


def _successor(prefix: str) -> str | None:
    """The smallest string above every string that starts with ``prefix`` (in code point order,
    which is UTF-8 byte order): 'sit' -> 'siu', '3579' -> '357:'. None when there is none."""
    stripped = prefix.rstrip(chr(_MAX_CHAR))
    if not stripped:
        return None
    following = ord(stripped[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are not characters
        following = 0xE000
    return stripped[:-1] + chr(following)


def _fts_phrase(column_: str, text_: str) -> str:
    """An FTS5 query: the text as one phrase in one column (a substring, with trigrams)."""
    return f'{column_}:"{text_.replace(chr(34), chr(34) * 2)}"'


def _count_cap(offset: int, limit: int) -> int:
    """Counting stops one match beyond the page: whether there are more is all a search needs
    (a clerk facing more than a page of names types more of the name)."""
    return offset + limit + 1


_CITIZEN, _INSTITUTION = 0, 1  # the ``kind`` column of the key queries
_CITIZENS = CitizenRow.__table__
_INSTITUTIONS = InstitutionRow.__table__
_SEARCHED = ((_CITIZEN, _CITIZENS, "citizens_fts"), (_INSTITUTION, _INSTITUTIONS, "institutions_fts"))

# Search statements are built once per shape and kept: the text, bounds and limits are bound
# parameters given at execution (building and compiling a statement costs more than running it).
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _statement(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build()
    return found


def _p(name: str) -> Any:
    return bindparam(name)


def _n(name: str) -> Any:
    return bindparam(name, type_=Integer)


def _prefix(col: Any, bounded: bool) -> ColumnElement[bool]:
    """``col`` starts with :lo (below :hi when bounded): a range of the column's B-tree."""
    condition: ColumnElement[bool] = col >= _p("lo")
    return and_(condition, col < _p("hi")) if bounded else condition


def _matches_fts(t: Any, fts_table: str, gate: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """The row's id is among the FTS table's matches for :fts. ``gate``: a condition on no row;
    when it is false, the FTS table is asked for :fts_nothing instead (a trigram no name has: one
    index probe), since SQLite checks such a condition only after reading every match."""
    # fts_table is one of our two constant names, never user input; :fts is a bound value.
    query: Any = _p("fts") if gate is None else case((gate, _p("fts")), else_=_p("fts_nothing"))
    rowids = (select(column("rowid", Integer)).select_from(table(fts_table))
              .where(literal_column(fts_table).op("MATCH")(query)))
    found: ColumnElement[bool] = t.c.id.in_(rowids)
    return found


def _like(col: Any, name: str) -> ColumnElement[bool]:
    found: ColumnElement[bool] = col.like(_p(name), escape=_ESCAPE)
    return found


def _prefix_pattern(text_: str) -> str:
    escaped = text_.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    return f"{escaped}%"


def _contains_ci(col: ColumnElement[str] | InstrumentedAttribute[str], text_: str) -> ColumnElement[bool]:
    """Contains, ignoring case (ILIKE on PostgreSQL, lower() LIKE lower() on SQLite)."""
    return col.ilike(_like_pattern(text_), escape=_ESCAPE)


def _like_pattern(text_: str) -> str:
    escaped = text_.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    return f"%{escaped}%"


def _union(parts: list[Select[Any]]) -> Any:
    """UNION ALL of ordered, limited queries (each in a subquery: SQLite allows no ORDER BY or
    LIMIT on the members of a compound select)."""
    return union_all(*(select(*p.subquery().c) for p in parts)).subquery("m")


def _citizen_columns(t: Any) -> tuple[Any, ...]:
    return (t.c.id, t.c.nik, t.c.full_name, t.c.birth_date, t.c.street, t.c.rt, t.c.rw,
            t.c.kelurahan, t.c.kecamatan, t.c.city, t.c.phone)


def _with_hits(keys: Any, order: tuple[Any, ...]) -> Any:
    """:limit rows of the ordered keys from :offset on, with the hits' columns, and on each row
    how many keys there are up to :wanted (the count cap plus one)."""
    k = select(*keys.c).order_by(*order).limit(_n("wanted")).cte("k")
    k_order = [k.c[col.name] for col in order]
    page = (select(k.c.kind, k.c.id, *k_order[:-1]).order_by(*k_order)
            .limit(_n("limit")).offset(_n("offset")).subquery("p"))
    matches = select(func.count()).select_from(k).scalar_subquery().label("matches")
    c = _CITIZENS.alias("c")
    i = _INSTITUTIONS.alias("i")
    return (
        select(page.c.kind, *_citizen_columns(c)[1:], page.c.id.label("id"),
               i.c.name.label("institution_name"), i.c.address.label("institution_address"),
               i.c.phone.label("institution_phone"), matches)
        .select_from(page
                     .outerjoin(c, and_(page.c.kind == _CITIZEN, c.c.id == page.c.id))
                     .outerjoin(i, and_(page.c.kind == _INSTITUTION, i.c.id == page.c.id)))
        .order_by(*(page.c[col.name] for col in order[:-1]), page.c.kind))


def _count_of(matches: list[Select[Any]]) -> Any:
    """How many rows the queries give together, counting no further than :cap."""
    every = union_all(*(m.with_only_columns(literal(1).label("one")) for m in matches))
    return select(func.count()).select_from(every.limit(_n("cap")).subquery())


def _nik_condition(exact: bool, bounded: bool) -> ColumnElement[bool]:
    nik = _CITIZENS.c.nik
    return nik == _p("lo") if exact else _prefix(nik, bounded)


def _nik_page(exact: bool, bounded: bool) -> Any:
    """The page in NIK order, and on each row how many match up to :wanted (an index-only
    count, evaluated once)."""
    c = _CITIZENS
    condition = _nik_condition(exact, bounded)
    counted = select(literal(1)).where(condition).limit(_n("wanted")).subquery()
    matches = (literal(1) if exact  # one row at most
               else select(func.count()).select_from(counted).scalar_subquery())
    return (select(literal(_CITIZEN).label("kind"), *_citizen_columns(c), matches.label("matches"))
            .where(condition).order_by(c.c.nik).limit(_n("limit")).offset(_n("offset")))


def _nik_count(exact: bool, bounded: bool) -> Any:
    return _count_of([select(_CITIZENS.c.id).where(_nik_condition(exact, bounded))])


def _name_conditions(t: Any, fts_table: str, fts: bool, bounded: bool,
                     gate: ColumnElement[bool] | None = None) -> tuple[ColumnElement[bool],
                                                                     ColumnElement[bool]]:
    """(the name starts with the text, the text is further on in the name)."""
    starts = _prefix(t.c.name_folded, bounded)
    inside = (_matches_fts(t, fts_table, gate) if fts
              else _like(name_rest(t.c.name_folded), "contains"))
    return starts, and_(inside, not_(_prefix(t.c.name_folded, bounded)))


def _name_page(fts: bool, bounded: bool) -> Any:
    # The names with the text further on only when those starting with it do not fill the page
    # (an uncorrelated condition: evaluated once).
    citizens_starting = (select(literal(1)).where(_prefix(_CITIZENS.c.name_folded, bounded))
                         .limit(_n("wanted")).subquery())
    page_not_full = select(func.count()).select_from(citizens_starting).scalar_subquery() < _n("wanted")
    parts: list[Select[Any]] = []
    for kind, t, fts_table in _SEARCHED:  # 0: names starting with the text, by name
        starts, _later = _name_conditions(t, fts_table, fts, bounded)
        parts.append(select(literal(0).label("part"), t.c.name_folded.label("sort_name"),
                            t.c.id.label("sort_id"), literal(kind).label("kind"), t.c.id)
                     .where(starts).order_by(t.c.name_folded, t.c.id).limit(_n("wanted")))
    for part, (kind, t, fts_table) in ((1, _SEARCHED[1]), (2, _SEARCHED[0])):  # newest first
        _starts, later = _name_conditions(t, fts_table, fts, bounded, page_not_full)
        parts.append(select(literal(part).label("part"), literal("").label("sort_name"),
                            (-t.c.id).label("sort_id"), literal(kind).label("kind"), t.c.id)
                     .where(later, page_not_full).order_by(t.c.id.desc()).limit(_n("wanted")))
    keys = _union(parts)
    return _with_hits(keys, (keys.c.part, keys.c.sort_name, keys.c.sort_id, keys.c.kind))


def _name_count(fts: bool, bounded: bool) -> Any:
    return _count_of([select(t.c.id).where(condition) for _kind, t, fts_table in _SEARCHED
                      for condition in _name_conditions(t, fts_table, fts, bounded)])


def _phone_condition(t: Any, fts_table: str, fts: bool, forms: int) -> ColumnElement[bool]:
    if fts:
        return _matches_fts(t, fts_table)
    return or_(*(_like(t.c.phone_digits, f"phone{i}") for i in range(forms)))


def _phone_page(fts: bool, forms: int) -> Any:
    parts = [select(t.c.name_folded.label("sort_name"), t.c.id.label("sort_id"),
                    literal(kind).label("kind"), t.c.id)
             .where(_phone_condition(t, fts_table, fts, forms))
             .order_by(t.c.name_folded, t.c.id).limit(_n("wanted"))
             for kind, t, fts_table in _SEARCHED]
    keys = _union(parts)
    return _with_hits(keys, (keys.c.sort_name, keys.c.sort_id, keys.c.kind))


def _phone_count(fts: bool, forms: int) -> Any:
    return _count_of([select(t.c.id).where(_phone_condition(t, fts_table, fts, forms))
                      for _kind, t, fts_table in _SEARCHED])


class SqlApplicantSearch:
    """Applicant search, paged in SQL: one plain Core statement per page on the session's
    connection (no ORM objects), built once per shape (module-level cache) with the text, bounds
    and limits as bound parameters.

    ``Page.total``: each statement also counts the matches, but only up to one beyond the page's
    end: counting every match of a common name or a short NIK prefix among a million applicants
    would cost far more than the page (and the clerk who sees more than a page of names types
    more of the name). So the total is exact on the last page; before it the page says
    ``total_capped`` and ``total`` is one beyond its end. (A page beyond the last match is
    counted by a second statement.)

    NIK: a range of the NIK's B-tree (exact NIK: equality), in order; the count reads the index
    only.

    Names, in the order documented at ``ApplicantSearch.by_name``: one UNION ALL of key queries
    (kind, id, sort keys), each ordered and limited to the count cap plus one, ordered and cut to
    the page outside, then joined to the hits' columns. Names that start with the text are a range
    of the (name_folded, id) B-tree, read in order (index only). Names with the text further on
    are ``substr(name_folded, 2)`` containing it, newest first (ORDER BY id DESC); the planner
    chooses how to find them: a backward walk of the primary key with the LIKE filter when the
    text is common (the first matches come soon), the trigram index and a sort when it is rare
    (PostgreSQL: a pg_trgm GIN index over that expression; SQLite: an FTS5 trigram table, for
    texts of three characters or more; shorter ones: LIKE). They are not looked for at all when
    the names that start with the text already reach the cap (a condition evaluated once).

    Phone numbers: ``phone_digits`` contains the digits, ordered by name (the name index walked
    with the filter, or the trigram index and a sort).

    The search columns compare bytes on both backends, so SQL order and ranges agree everywhere.
    """

    def __init__(self, session: Session) -> None:
        self.s = session

    def by_nik(self, nik_or_prefix: str, limit: int, offset: int) -> Page[ApplicantHit]:
        """Exact NIK (16 digits), else every NIK starting with the digits given, ordered by NIK
        (so an exact match, being the shortest, comes first). Not digits: nothing."""
        digits = nik_or_prefix.strip()
        if not digits.isascii() or not digits.isdigit() or len(digits) > 16:
            return Page((), 0, offset)
        exact = len(digits) == 16
        upper = None if exact else _successor(digits)
        shape = (exact, upper is not None)
        params = {"lo": digits, "hi": upper}
        return self._search(("nik", *shape), lambda: _nik_page(*shape),
                            lambda: _nik_count(*shape), params, limit, offset)

    def by_name(self, folded_text: str, limit: int, offset: int) -> Page[ApplicantHit]:
        """See ``ApplicantSearch.by_name`` (the text is folded again here, so any case or accents
        will do)."""
        text_ = fold(folded_text)
        if not text_:
            return Page((), 0, offset)
        upper = _successor(text_)
        fts = _dialect(self.s) == "sqlite" and len(text_) >= 3
        shape = (fts, upper is not None)
        params = {"lo": text_, "hi": upper,
                  "contains": _like_pattern(text_), "fts": _fts_phrase("name_rest", text_),
                  "fts_nothing": _fts_phrase("name_rest", "\x01" * 3)}
        return self._search(("name", *shape), lambda: _name_page(*shape),
                            lambda: _name_count(*shape), params, limit, offset)

    def by_phone(self, digits: str, limit: int, offset: int) -> Page[ApplicantHit]:
        """Phone numbers containing the digits, ordered by name. Numbers are kept in national form
        (``phone_digits``), so '62812…' also finds '0812…'."""
        wanted_digits = "".join(ch for ch in digits if ch.isdigit())
        if not wanted_digits:
            return Page((), 0, offset)
        forms = [wanted_digits]
        if wanted_digits.startswith("62") and len(wanted_digits) > 2:
            rest = wanted_digits[2:]
            forms.append(rest if rest.startswith("0") else "0" + rest)
        fts = _dialect(self.s) == "sqlite" and len(wanted_digits) >= 3
        shape = (fts, len(forms))
        params: dict[str, Any] = {f"phone{i}": _like_pattern(f) for i, f in enumerate(forms)}
        params["fts"] = " OR ".join(_fts_phrase("phone_digits", f) for f in forms)
        return self._search(("phone", *shape), lambda: _phone_page(*shape),
                            lambda: _phone_count(*shape), params, limit, offset)

    def _search(self, key: tuple[Any, ...], page: Callable[[], Any], count: Callable[[], Any],
                params: dict[str, Any], limit: int, offset: int) -> Page[ApplicantHit]:
        """One page (``limit + 1`` rows: the extra one says whether there are more) and its total:
        exact without counting when this is the last page; else counted up to the cap."""
        conn = self.s.connection()
        cap = _count_cap(offset, limit)
        values = {**params, "limit": limit, "offset": offset, "wanted": cap + 1, "cap": cap + 1}
        result = conn.execute(_statement((*key, "page"), page), values)
        hit = _hit_maker(tuple(result.keys()))
        rows = result.all()
        hits = tuple(hit(r) for r in rows)
        if rows:
            n = max(rows[0].matches, offset + len(rows))
        elif offset:  # beyond the end: count them
            n = conn.execute(_statement((*key, "count"), count), values).scalar_one()
        else:
            n = 0
        return Page(hits, min(n, cap), offset, n > cap)


_HIT_FIELDS = ("kind", "id", "full_name", "nik", "birth_date", "street", "rt", "rw", "kelurahan",
               "kecamatan", "city", "phone", "institution_name", "institution_address",
               "institution_phone")


def _hit_maker(keys: tuple[str, ...]) -> Callable[[Row[Any]], ApplicantHit]:
    """Builds hits from rows of one statement by position (a Row's named access costs more than
    the rest of a hit; a page of 50 is built per keystroke)."""
    where = {name: i for i, name in enumerate(keys)}
    (kind, id_, name, nik, born, street, rt, rw, kel, kec, city, phone, i_name, i_address,
     i_phone) = (where.get(f, -1) for f in _HIT_FIELDS)

    def hit(r: Row[Any]) -> ApplicantHit:
        if i_name >= 0 and r[kind] == _INSTITUTION:
            return ApplicantHit("institution", r[id_], r[i_name], "", None, r[i_address], r[i_phone])
        return ApplicantHit("citizen", r[id_], r[name], r[nik], r[born],
                            address_line(r[street], r[rt], r[rw], r[kel], r[kec], r[city]), r[phone])

    return hit


# --------------------------------------------------------------------------- applications


def _item_order(key: str) -> tuple[tuple[int, int | str], ...]:
    """'1' < '1.a' < '2' < '10'."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in key.split("."))


# Written out as the partial indexes' predicates (models.RUNNING_STATUSES): SQLite uses a partial
# index only when the query has the very same term, with constants rather than parameters.
# (Untyped: typed Boolean, SQLAlchemy writes "... = 1" on SQLite, which is not the predicate.)
_RUNNING_SQL: ColumnElement[bool] = literal_column(sql_in("status", RUNNING_STATUSES))
_READY_SQL: ColumnElement[bool] = literal_column("status = 'ready'")


def _queue_conditions(wanted: QueueFilter, now: dt.datetime, today_end: dt.datetime,
                      soon_end: dt.datetime) -> list[ColumnElement[bool]]:
    """The WHERE of a work queue. The status conditions are written as the partial indexes'
    predicates so that both planners match them."""
    a = ApplicationRow.__table__
    std = StandardRow.__table__
    running: ColumnElement[bool] = _RUNNING_SQL
    due = a.c.due_at
    by_queue: dict[str, list[ColumnElement[bool]]] = {
        "overdue": [running, due < now],
        "due_today": [running, due >= now, due <= today_end],
        "due_soon": [running, due > today_end, due <= soon_end],
        "running": [running],
        "waiting": [running],
        "ready": [_READY_SQL],
    }
    conditions = list(by_queue[wanted.queue])
    if wanted.queue == "waiting" and wanted.step is not None:
        conditions.append(a.c.current_step == wanted.step)
    # Conditions on applications alone (the standard rows of every catalog version that match):
    # the page is found and limited before anything is joined.
    if wanted.bidang_code is not None:
        conditions.append(a.c.standard_id.in_(
            select(std.c.id).where(std.c.bidang_code == wanted.bidang_code)))
    if wanted.standard_code is not None:
        conditions.append(a.c.standard_id.in_(
            select(std.c.id).where(std.c.code == wanted.standard_code)))
    return conditions


class SqlApplicationRepository:
    """Applications, their checklist items, attachments and events.

    Items are created lazily: ``set_item`` inserts the row of an item the first time it is
    marked; ``get`` returns every item that has a row or an attachment.
    """

    def __init__(self, session: Session) -> None:
        self.s = session

    def _select(self) -> Select[Any]:
        a = ApplicationRow.__table__
        return (
            select(a, StandardRow.code.label("standard_code"),
                   StandardRow.title.label("standard_title"),
                   StandardRow.version_id.label("catalog_version_id"),
                   func.coalesce(CitizenRow.full_name, InstitutionRow.name, "").label("applicant_name"),
                   func.coalesce(UserRow.username, "").label("officer_username"))
            .join(StandardRow, StandardRow.id == a.c.standard_id)
            .outerjoin(CitizenRow, CitizenRow.id == a.c.citizen_id)
            .outerjoin(InstitutionRow, InstitutionRow.id == a.c.institution_id)
            .outerjoin(UserRow, UserRow.id == a.c.officer_user_id)
        )

    def _load(self, *conditions: ColumnElement[bool]) -> list[ApplicationDTO]:
        a = ApplicationRow.__table__
        rows = self.s.execute(self._select().where(*conditions)
                              .order_by(a.c.created_at.desc(), a.c.id.desc())).mappings().all()
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        items: dict[int, dict[str, tuple[str | None, str]]] = {i: {} for i in ids}
        for app_id, key, status, note in self.s.execute(
                select(ApplicationItemRow.application_id, ApplicationItemRow.item_key,
                       ApplicationItemRow.status, ApplicationItemRow.note)
                .where(ApplicationItemRow.application_id.in_(ids))):
            items[app_id][key] = (status, note)
        counts: dict[tuple[int, str], int] = {}
        for app_id, key, n in self.s.execute(
                select(ApplicationAttachmentRow.application_id, ApplicationAttachmentRow.item_key,
                       func.count())
                .where(ApplicationAttachmentRow.application_id.in_(ids))
                .group_by(ApplicationAttachmentRow.application_id, ApplicationAttachmentRow.item_key)):
            counts[app_id, key] = n
            items[app_id].setdefault(key, (None, ""))
        result = []
        for r in rows:
            marks = items[r["id"]]
            result.append(ApplicationDTO(
                id=r["id"], status=r["status"], tracking_number=r["tracking_number"],
                return_slip_number=r["return_slip_number"], standard_id=r["standard_id"],
                standard_code=r["standard_code"], standard_title=r["standard_title"],
                catalog_version_id=r["catalog_version_id"], citizen_id=r["citizen_id"],
                institution_id=r["institution_id"], representative_id=r["representative_id"],
                applicant_name=r["applicant_name"], received_at=_utc(r["received_at"]),
                registered_at=_utc(r["registered_at"]), due_at=_utc(r["due_at"]),
                due_is_clock_time=bool(r["due_is_clock_time"]),
                officer_username=r["officer_username"],
                items=tuple(ApplicationItemDTO(key, status, note, counts.get((r["id"], key), 0))
                            for key, (status, note) in sorted(marks.items(),
                                                              key=lambda kv: _item_order(kv[0]))),
                version=r["version"], created_at=_utc(r["created_at"]) or r["created_at"],
                updated_at=_utc(r["updated_at"]) or r["updated_at"],
                current_step=r["current_step"], step_count=r["step_count"],
                ready_at=_utc(r["ready_at"]), finished_at=_utc(r["finished_at"]),
                status_before=r["status_before"],
            ))
        return result

    def add_draft(self, standard_id: int, citizen_id: int | None, institution_id: int | None,
                  representative_id: int | None, officer_user_id: int | None,
                  now: dt.datetime) -> ApplicationDTO:
        row = ApplicationRow(standard_id=standard_id, citizen_id=citizen_id,
                             institution_id=institution_id, representative_id=representative_id,
                             status="draft", due_is_clock_time=False,
                             officer_user_id=officer_user_id, version=1, created_at=now,
                             updated_at=now)
        self.s.add(row)
        self.s.flush()
        self.s.add(ApplicationEventRow(application_id=row.id, at=now, event="created", note="",
                                       user_id=officer_user_id))
        self.s.flush()
        saved = self.get(row.id)
        assert saved is not None
        return saved

    def get(self, application_id: int) -> ApplicationDTO | None:
        found = self._load(ApplicationRow.id == application_id)
        return found[0] if found else None

    def get_by_number(self, number: str) -> ApplicationDTO | None:
        found = self._load(or_(ApplicationRow.tracking_number == number,
                               ApplicationRow.return_slip_number == number))
        return found[0] if found else None

    def set_item(self, application_id: int, item_key: str, status: str | None, note: str,
                 now: dt.datetime) -> None:
        """Mark one item (insert its row the first time). Touches the application's
        ``updated_at`` but not its version: the decision checks the version."""
        values = dict(status=status, note=note, updated_at=now)
        result = self.s.execute(
            update(ApplicationItemRow)
            .where(ApplicationItemRow.application_id == application_id,
                   ApplicationItemRow.item_key == item_key)
            .values(**values).execution_options(synchronize_session=False))
        if not _changed_one(result):
            self.s.execute(insert(ApplicationItemRow).values(application_id=application_id,
                                                            item_key=item_key, **values))
        self.s.execute(update(ApplicationRow).where(ApplicationRow.id == application_id)
                       .values(updated_at=now).execution_options(synchronize_session=False))

    def add_attachment(self, application_id: int, item_key: str, filename: str, mime: str,
                       content: bytes, now: dt.datetime, by_user_id: int | None) -> AttachmentDTO:
        new_id = self.s.execute(
            insert(ApplicationAttachmentRow).values(
                application_id=application_id, item_key=item_key, filename=filename, mime=mime,
                size=len(content), content=content, uploaded_at=now, uploaded_by=by_user_id)
            .returning(ApplicationAttachmentRow.id)
        ).scalar_one()
        return AttachmentDTO(new_id, item_key, filename, mime, len(content), now)

    def attachments(self, application_id: int) -> Sequence[AttachmentDTO]:
        """Without their content (see attachment_content)."""
        t = ApplicationAttachmentRow
        rows = self.s.execute(select(t.id, t.item_key, t.filename, t.mime, t.size, t.uploaded_at)
                              .where(t.application_id == application_id).order_by(t.id))
        return [AttachmentDTO(i, key, name, mime, size, _utc(at) or at)
                for i, key, name, mime, size, at in rows]

    def attachment_content(self, attachment_id: int) -> bytes | None:
        return self.s.scalar(select(ApplicationAttachmentRow.content)
                             .where(ApplicationAttachmentRow.id == attachment_id))

    def save_state(self, application_id: int, *, expected_version: int, status: str,
                   now: dt.datetime, tracking_number: str | None = None,
                   return_slip_number: str | None = None, received_at: dt.datetime | None = None,
                   due_at: dt.datetime | None = None, due_is_clock_time: bool = False,
                   progress: StepProgress | None = None, ready_at: dt.datetime | None = None,
                   finished_at: dt.datetime | None = None, clear_finished: bool = False,
                   status_before: str | None = None,
                   event: str, note: str = "", by_user_id: int | None = None) -> ApplicationDTO:
        """Change the status; numbers and dates given as None keep their stored value (a file
        resumed after a return keeps its slip number). ``due_is_clock_time`` is written with
        ``due_at``; ``progress`` writes the step waiting and the number of steps;
        ``clear_finished`` empties ``finished_at`` (a reopened file). Entering 'registered' sets
        ``registered_at`` the first time. Appends an event; ConflictError when the stored version
        is not ``expected_version``."""
        a = ApplicationRow
        values: dict[str, Any] = dict(status=status, version=expected_version + 1, updated_at=now)
        if progress is not None:
            values["current_step"] = progress.current_step
            values["step_count"] = progress.step_count
        if ready_at is not None:
            values["ready_at"] = ready_at
        if finished_at is not None:
            values["finished_at"] = finished_at
        elif clear_finished:
            values["finished_at"] = None
        if status_before is not None:
            values["status_before"] = status_before
        if tracking_number is not None:
            values["tracking_number"] = tracking_number
        if return_slip_number is not None:
            values["return_slip_number"] = return_slip_number
        if received_at is not None:
            values["received_at"] = received_at
        if due_at is not None:
            values["due_at"] = due_at
            values["due_is_clock_time"] = due_is_clock_time
        if status == "registered":
            values["registered_at"] = func.coalesce(a.registered_at,
                                                    literal(now, type_=a.registered_at.type))
        result = self.s.execute(update(a).where(a.id == application_id, a.version == expected_version)
                                .values(**values).execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.scalar(select(a.id).where(a.id == application_id)) is None:
                raise NotFound("Permohonan tidak ditemukan.")
            raise ConflictError(CONFLICT)
        self.s.execute(insert(ApplicationEventRow).values(
            application_id=application_id, at=now, event=event, note=note, user_id=by_user_id))
        saved = self.get(application_id)
        assert saved is not None
        return saved

    def events(self, application_id: int) -> Sequence[EventDTO]:
        """The application's timeline, oldest first."""
        e = ApplicationEventRow
        rows = self.s.execute(select(e.at, e.event, e.note, func.coalesce(UserRow.full_name, ""))
                              .outerjoin(UserRow, UserRow.id == e.user_id)
                              .where(e.application_id == application_id).order_by(e.id))
        return [EventDTO(_utc(at) or at, event, note, name) for at, event, note, name in rows]

    def add_step(self, application_id: int, step_no: int, outcome: str, note: str,
                 at: dt.datetime, by_user_id: int | None) -> None:
        """Record one procedure step. A step already recorded (another workstation was quicker)
        violates the unique (application, step) pair: ConflictError when the unit of work ends."""
        self.s.execute(insert(ApplicationStepRow).values(
            application_id=application_id, step_no=step_no, outcome=outcome, note=note, at=at,
            user_id=by_user_id))

    def steps(self, application_id: int) -> Sequence[StepRecordDTO]:
        t = ApplicationStepRow
        rows = self.s.execute(select(t.step_no, t.outcome, t.note, t.at,
                                     func.coalesce(UserRow.full_name, ""))
                              .outerjoin(UserRow, UserRow.id == t.user_id)
                              .where(t.application_id == application_id).order_by(t.step_no))
        return [StepRecordDTO(no, outcome, note, _utc(at) or at, name)
                for no, outcome, note, at, name in rows]

    def add_handover(self, application_id: int, data: HandoverInput, at: dt.datetime,
                     officer_user_id: int | None) -> HandoverDTO:
        new_id = self.s.execute(insert(ApplicationHandoverRow).values(
            application_id=application_id, at=at, officer_user_id=officer_user_id,
            recipient_name=data.recipient_name, recipient_id_number=data.recipient_id_number,
            recipient_is_representative=data.is_representative, note=data.note,
        ).returning(ApplicationHandoverRow.id)).scalar_one()
        found = [h for h in self.handovers(application_id) if h.id == new_id]
        return found[0]

    def handovers(self, application_id: int) -> Sequence[HandoverDTO]:
        """Oldest first (a reopened file may have been handed over twice)."""
        h = ApplicationHandoverRow
        rows = self.s.execute(
            select(h.id, h.at, func.coalesce(UserRow.full_name, ""), func.coalesce(UserRow.nip, ""),
                   h.recipient_name, h.recipient_id_number, h.recipient_is_representative, h.note)
            .outerjoin(UserRow, UserRow.id == h.officer_user_id)
            .where(h.application_id == application_id).order_by(h.id))
        return [HandoverDTO(i, application_id, _utc(at) or at, officer, nip, name, number,
                            bool(rep), note)
                for i, at, officer, nip, name, number, rep, note in rows]

    # ------------------------------------------------------------------ work queues

    def queue(self, wanted: QueueFilter, *, now: dt.datetime, today_end: dt.datetime,
              soon_end: dt.datetime, limit: int, offset: int) -> Page[QueueRow]:
        """One page of a work queue, most urgent first, paged in SQL (see services.tracking for
        the queues). ``total`` counts one row beyond the page (``total_capped`` then).

        The page's keys come from ``applications`` alone, in the order of a partial index (due
        moment, or ready moment), limited there; only those rows are then joined to their
        applicant, standard and waiting step."""
        a = ApplicationRow.__table__
        std = StandardRow.__table__
        step = ProcedureStepRow.__table__
        ready = wanted.queue == "ready"
        keys = (select(a.c.id, a.c.due_at, a.c.ready_at)
                .where(*_queue_conditions(wanted, now, today_end, soon_end))
                .order_by(*((a.c.ready_at, a.c.id) if ready else (a.c.due_at.nulls_last(), a.c.id)))
                .limit(limit + 1).offset(offset).subquery("k"))
        query = (
            select(a.c.id, a.c.tracking_number,
                   func.coalesce(CitizenRow.full_name, InstitutionRow.name, "").label("applicant"),
                   std.c.code, std.c.title, std.c.bidang_code, a.c.status, a.c.current_step,
                   a.c.step_count, func.coalesce(step.c.text, "").label("step_text"),
                   a.c.registered_at, a.c.due_at, a.c.due_is_clock_time, a.c.ready_at, a.c.version)
            .select_from(keys)
            .join(a, a.c.id == keys.c.id)
            .join(std, std.c.id == a.c.standard_id)
            .outerjoin(step, and_(step.c.standard_id == a.c.standard_id,
                                  step.c.step_no == a.c.current_step))
            .outerjoin(CitizenRow, CitizenRow.id == a.c.citizen_id)
            .outerjoin(InstitutionRow, InstitutionRow.id == a.c.institution_id)
            .order_by(*((keys.c.ready_at, keys.c.id) if ready
                        else (keys.c.due_at.nulls_last(), keys.c.id)))
        )
        rows = self.s.execute(query).all()
        more = len(rows) > limit
        items = tuple(QueueRow(
            application_id=r.id, tracking_number=r.tracking_number or "", applicant_name=r.applicant,
            standard_code=r.code, standard_title=r.title, bidang_code=r.bidang_code,
            status=r.status, current_step=r.current_step, step_count=r.step_count,
            step_text=r.step_text, registered_at=_utc(r.registered_at), due_at=_utc(r.due_at),
            due_is_clock_time=bool(r.due_is_clock_time), ready_at=_utc(r.ready_at),
            version=r.version) for r in rows[:limit])
        return Page(items, offset + len(items) + (1 if more else 0), offset, more)

    def queue_counts(self, *, now: dt.datetime, today_end: dt.datetime, soon_end: dt.datetime,
                     bidang_code: str | None = None,
                     standard_code: str | None = None) -> QueueCounts:
        """The queues' sizes in one statement (each a count over its range of a partial index)."""
        a = ApplicationRow.__table__

        def count(queue: str) -> Any:
            wanted = QueueFilter(queue, bidang_code, standard_code)
            return (select(func.count()).select_from(a)
                    .where(*_queue_conditions(wanted, now, today_end, soon_end)).scalar_subquery())

        row = self.s.execute(select(count("overdue"), count("due_today"), count("due_soon"),
                                    count("ready"))).one()
        return QueueCounts(*row)

    def _applicant(self, citizen_id: int | None,
                   institution_id: int | None) -> ColumnElement[bool] | None:
        a = ApplicationRow
        conditions: list[ColumnElement[bool]] = []
        if citizen_id is not None:
            conditions += [a.citizen_id == citizen_id, a.representative_id == citizen_id]
        if institution_id is not None:
            conditions.append(a.institution_id == institution_id)
        return or_(*conditions) if conditions else None

    def for_applicant(self, citizen_id: int | None,
                      institution_id: int | None) -> Sequence[ApplicationDTO]:
        """Applications where this citizen or institution is the applicant, or the citizen the
        kuasa; newest first."""
        condition = self._applicant(citizen_id, institution_id)
        return self._load(condition) if condition is not None else []

    def returned_for(self, citizen_id: int | None,
                     institution_id: int | None) -> Sequence[ApplicationDTO]:
        """The same, only files returned as incomplete (the applicant or the kuasa is back)."""
        condition = self._applicant(citizen_id, institution_id)
        if condition is None:
            return []
        return self._load(condition, ApplicationRow.status == "returned")


# --------------------------------------------------------------------------- agenda book


@functools.cache
def _by_code() -> Any:
    t = _table(ClassificationRow)
    return (select(t.c.id, t.c.code_set, t.c.code, t.c.name, t.c.valid_from, t.c.valid_to, t.c.version)
            .where(t.c.code == bindparam("code")).order_by(t.c.code_set))


class SqlClassificationRepository:
    """The classification-code master (both code sets)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    @staticmethod
    def _dto(r: ClassificationRow) -> ClassificationDTO:
        return ClassificationDTO(r.id, r.code_set, r.code, r.name, r.valid_from, r.valid_to, r.version)

    def list(self, code_set: str | None = None) -> Sequence[ClassificationDTO]:
        query = select(ClassificationRow).order_by(ClassificationRow.code_set, ClassificationRow.code)
        if code_set is not None:
            query = query.where(ClassificationRow.code_set == code_set)
        return [self._dto(r) for r in self.s.scalars(query)]

    def get(self, classification_id: int) -> ClassificationDTO | None:
        row = self.s.get(ClassificationRow, classification_id)
        return self._dto(row) if row is not None else None

    def by_code(self, code: str) -> Sequence[ClassificationDTO]:
        """Every entry with that code (it may be in both sets). Prebuilt: "Ambil nomor" asks."""
        return [ClassificationDTO(*r) for r in self.s.connection().execute(_by_code(), {"code": code})]

    def add(self, data: ClassificationInput, now: dt.datetime) -> ClassificationDTO:
        row = ClassificationRow(code_set=data.code_set, code=data.code, name=data.name,
                                valid_from=data.valid_from, valid_to=data.valid_to, version=1,
                                updated_at=now)
        self.s.add(row)
        self.s.flush()
        return self._dto(row)

    def update(self, classification_id: int, data: ClassificationInput, *, expected_version: int,
               now: dt.datetime) -> ClassificationDTO:
        c = ClassificationRow
        result = self.s.execute(
            update(c).where(c.id == classification_id, c.version == expected_version)
            .values(name=data.name, valid_from=data.valid_from, valid_to=data.valid_to,
                    version=expected_version + 1, updated_at=now)
            .execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.get(c, classification_id) is None:
                raise NotFound("Kode klasifikasi tidak ditemukan.")
            raise ConflictError(CONFLICT)
        found = self.get(classification_id)
        assert found is not None
        return found


def _book_order() -> tuple[Any, ...]:
    """The agenda book's order: year, date, number, then sisipan suffixes in issue order (76a …
    76z, 76aa; 76.2 before 76.10: shorter suffixes first)."""
    t = LetterRow
    return (t.year, t.letter_date, t.number, func.length(t.suffix), t.suffix, t.id)


# --------------------------------------------------------------------------- letters: the hot path
# "Ambil nomor" runs while the scope's counter row is locked; its statements are built once (a
# prebuilt statement keeps its cache key and compiled form) and run on the session's connection.

_LETTER_COLUMNS = (
    "year", "scope", "number", "suffix", "full_number", "letter_date", "sent_date", "kind",
    "classification_code", "addressee_name", "addressee_institution", "addressee_address",
    "subject", "nature", "attachments", "bidang_code", "signatory", "related_application_id",
    "related_incoming", "notes", "status", "is_insert", "insert_reason", "insert_approval",
    "void_reason", "voided_at", "imported", "created_by", "version", "created_at", "updated_at",
)


def _letter_binds() -> list[Any]:
    t = _table(LetterRow)
    return [bindparam(f"v_{name}", type_=t.c[name].type) for name in _LETTER_COLUMNS]


@functools.cache
def _letter_insert() -> Any:
    t = _table(LetterRow)
    return insert(t).values(dict(zip(_LETTER_COLUMNS, _letter_binds(), strict=True))).returning(t.c.id)


@functools.cache
def _next_letter_insert(dialect: str) -> Any:
    """INSERT … SELECT the values WHERE the scope's latest main letter is not dated after this one,
    ON CONFLICT DO NOTHING (the unique number and full number) RETURNING id."""
    t = _table(LetterRow)
    latest = (select(t.c.letter_date)
              .where(t.c.scope == bindparam("v_scope", type_=t.c.scope.type), t.c.suffix == "")
              .order_by(t.c.number.desc()).limit(1).subquery("latest"))
    later = select(literal(1)).select_from(latest).where(
        latest.c.letter_date > bindparam("v_letter_date", type_=t.c.letter_date.type))
    values = select(*_letter_binds()).where(~later.exists())
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    return (insert_(t).from_select(list(_LETTER_COLUMNS), values)
            .on_conflict_do_nothing().returning(t.c.id))


@functools.cache
def _next_letter_insert_logged() -> Any:
    """PostgreSQL: the guarded letter INSERT and its audit entry in one statement (a WITH that
    writes is run exactly once, whether the outer SELECT reads it or not)."""
    letter = _next_letter_insert("postgresql").cte("new_letter")
    a = _table(AuditRow)
    names = [c for c in _AUDIT_COLUMNS if c != "entity_id"]
    entry = select(*[bindparam(f"a_{c}", type_=a.c[c].type) for c in names],
                   cast(letter.c.id, a.c.entity_id.type)).select_from(letter)
    logged = insert(a).from_select([*names, "entity_id"], entry).cte("logged")
    return select(letter.c.id).add_cte(logged)


def _letter_values(new: NewLetter, by_user_id: int | None, now: dt.datetime) -> dict[str, Any]:
    f = new.fields
    return {
        "v_year": new.year, "v_scope": new.scope, "v_number": new.number, "v_suffix": new.suffix,
        "v_full_number": new.full_number, "v_letter_date": f.letter_date, "v_sent_date": f.sent_date,
        "v_kind": f.kind.value, "v_classification_code": f.classification_code,
        "v_addressee_name": f.addressee_name, "v_addressee_institution": f.addressee_institution,
        "v_addressee_address": f.addressee_address, "v_subject": f.subject,
        "v_nature": f.nature.value, "v_attachments": f.attachments, "v_bidang_code": f.bidang_code,
        "v_signatory": f.signatory, "v_related_application_id": new.related_application_id,
        "v_related_incoming": f.related_incoming, "v_notes": f.notes, "v_status": new.status,
        "v_is_insert": new.is_insert, "v_insert_reason": new.insert_reason,
        "v_insert_approval": new.insert_approval, "v_void_reason": new.void_reason,
        "v_voided_at": now if new.status == "batal" else None, "v_imported": new.imported,
        "v_created_by": by_user_id, "v_version": 1, "v_created_at": now, "v_updated_at": now,
    }


def _written_letter(new_id: int, new: NewLetter, now: dt.datetime, created_by_name: str,
                    related_application_number: str) -> LetterDTO:
    f = new.fields
    assert f.letter_date is not None
    return LetterDTO(
        id=new_id, year=new.year, scope=new.scope, number=new.number, suffix=new.suffix,
        full_number=new.full_number, letter_date=f.letter_date, sent_date=f.sent_date,
        kind=f.kind.value, classification_code=f.classification_code,
        addressee_name=f.addressee_name, addressee_institution=f.addressee_institution,
        addressee_address=f.addressee_address, subject=f.subject, nature=f.nature.value,
        attachments=f.attachments, bidang_code=f.bidang_code, signatory=f.signatory,
        related_application_id=new.related_application_id,
        related_application_number=related_application_number if new.related_application_id else "",
        related_incoming=f.related_incoming, notes=f.notes, status=new.status,
        is_insert=new.is_insert, insert_reason=new.insert_reason,
        insert_approval=new.insert_approval, void_reason=new.void_reason,
        voided_at=now if new.status == "batal" else None, voided_by_name="", scan_filename="",
        imported=new.imported, created_by_name=created_by_name, version=1, created_at=now,
        updated_at=now)


class SqlLetterRepository:
    """Letters of the agenda book. Numbers come from SqlCounters in the same transaction; the
    unique (scope, number, suffix) backs them up."""

    def __init__(self, session: Session, workstation: str = "") -> None:
        self.s = session
        self.workstation = workstation  # written in the audit entries add_next writes

    def _select(self) -> Select[Any]:
        t = _table(LetterRow)
        voider = UserRow.__table__.alias("voider")
        creator = UserRow.__table__.alias("creator")
        app = ApplicationRow.__table__
        columns = [c for c in t.c if c.key != "scan_pdf"]
        return (select(*columns, func.coalesce(voider.c.full_name, "").label("voided_by_name"),
                       func.coalesce(creator.c.full_name, "").label("created_by_name"),
                       func.coalesce(app.c.tracking_number, "").label("related_application_number"))
                .select_from(t)
                .outerjoin(voider, voider.c.id == t.c.voided_by)
                .outerjoin(creator, creator.c.id == t.c.created_by)
                .outerjoin(app, app.c.id == t.c.related_application_id))

    @staticmethod
    def _dto(r: Any) -> LetterDTO:
        return LetterDTO(
            id=r.id, year=r.year, scope=r.scope, number=r.number, suffix=r.suffix,
            full_number=r.full_number, letter_date=r.letter_date, sent_date=r.sent_date,
            kind=r.kind, classification_code=r.classification_code,
            addressee_name=r.addressee_name, addressee_institution=r.addressee_institution,
            addressee_address=r.addressee_address, subject=r.subject, nature=r.nature,
            attachments=r.attachments, bidang_code=r.bidang_code, signatory=r.signatory,
            related_application_id=r.related_application_id,
            related_application_number=r.related_application_number,
            related_incoming=r.related_incoming, notes=r.notes, status=r.status,
            is_insert=bool(r.is_insert), insert_reason=r.insert_reason,
            insert_approval=r.insert_approval, void_reason=r.void_reason,
            voided_at=_utc(r.voided_at), voided_by_name=r.voided_by_name,
            scan_filename=r.scan_filename, imported=bool(r.imported),
            created_by_name=r.created_by_name, version=r.version,
            created_at=_utc(r.created_at) or r.created_at, updated_at=_utc(r.updated_at) or r.updated_at)

    def add(self, new: NewLetter, by_user_id: int | None, now: dt.datetime, *,
            created_by_name: str = "", related_application_number: str = "") -> LetterDTO:
        """Writes the letter and returns it as written (no second read)."""
        conn = self.s.connection()
        new_id = conn.execute(_letter_insert(), _letter_values(new, by_user_id, now)).scalar_one()
        return _written_letter(new_id, new, now, created_by_name, related_application_number)

    def add_next(self, new: NewLetter, by_user_id: int | None, now: dt.datetime,
                 logged: AuditEntry, *, created_by_name: str = "",
                 related_application_number: str = "") -> LetterDTO | None:
        """Writes a letter whose main number was just drawn from the scope's counter, and its
        audit entry, unless the scope's latest main letter is dated after it or the year already
        has its full number: None then, and nothing written. This runs while the counter is
        locked, so the other workstations wait for as little as possible: prebuilt statements,
        and on PostgreSQL one statement (the audit entry in a data-modifying WITH)."""
        conn = self.s.connection()
        values = _letter_values(new, by_user_id, now)
        if conn.dialect.name == "postgresql":
            values.update(_audit_values(logged, self.workstation, prefix="a_"))
            new_id = conn.execute(_next_letter_insert_logged(), values).scalar_one_or_none()
        else:
            new_id = conn.execute(_next_letter_insert(conn.dialect.name), values).scalar_one_or_none()
            if new_id is not None:
                conn.execute(_audit_insert(), _audit_values(replace(logged, entity_id=str(new_id)),
                                                            self.workstation))
        if new_id is None:
            return None
        return _written_letter(new_id, new, now, created_by_name, related_application_number)

    def get(self, letter_id: int) -> LetterDTO | None:
        row = self.s.execute(self._select().where(LetterRow.id == letter_id)).one_or_none()
        return self._dto(row) if row is not None else None

    def latest_main(self, scope: str) -> tuple[int, dt.date] | None:
        """The highest main number of a scope and its letter's date."""
        t = LetterRow
        row = self.s.execute(select(t.number, t.letter_date).where(t.scope == scope, t.suffix == "")
                             .order_by(t.number.desc()).limit(1)).one_or_none()
        return (row[0], row[1]) if row is not None else None

    def last_main_on_or_before(self, scope: str, day: dt.date) -> int | None:
        """The highest main number of a scope whose letter is dated on or before ``day``."""
        t = LetterRow
        return self.s.scalar(select(func.max(t.number))
                             .where(t.scope == scope, t.suffix == "", t.letter_date <= day))

    def suffixes(self, scope: str, number: int) -> Sequence[str]:
        t = LetterRow
        return list(self.s.scalars(select(t.suffix).where(t.scope == scope, t.number == number,
                                                          t.suffix != "")))

    def _change(self, letter_id: int, expected_version: int, now: dt.datetime,
                **values: Any) -> LetterDTO:
        t = LetterRow
        result = self.s.execute(update(t).where(t.id == letter_id, t.version == expected_version)
                                .values(**values, version=expected_version + 1, updated_at=now)
                                .execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.scalar(select(t.id).where(t.id == letter_id)) is None:
                raise NotFound("Surat tidak ditemukan.")
            raise ConflictError(CONFLICT)
        found = self.get(letter_id)
        assert found is not None
        return found

    def update_fields(self, letter_id: int, fields: Any, related_application_id: int | None, *,
                      expected_version: int, now: dt.datetime) -> LetterDTO:
        """Everything but what the number is made of (date, kind, classification)."""
        return self._change(
            letter_id, expected_version, now, sent_date=fields.sent_date,
            addressee_name=fields.addressee_name, addressee_institution=fields.addressee_institution,
            addressee_address=fields.addressee_address, subject=fields.subject,
            nature=fields.nature.value, attachments=fields.attachments,
            bidang_code=fields.bidang_code, signatory=fields.signatory,
            related_application_id=related_application_id, related_incoming=fields.related_incoming,
            notes=fields.notes)

    def void(self, letter_id: int, reason: str, by_user_id: int | None, *, expected_version: int,
             now: dt.datetime) -> LetterDTO:
        """A voided sisipan no longer waits for an approval."""
        t = LetterRow
        return self._change(letter_id, expected_version, now, status="batal", void_reason=reason,
                            voided_at=now, voided_by=by_user_id,
                            insert_approval=case((t.insert_approval == "menunggu", ""),
                                                 else_=t.insert_approval))

    def full_number_taken(self, year: int, full_number: str) -> bool:
        t = LetterRow
        return self.s.scalar(select(t.id).where(t.year == year, t.full_number == full_number)
                             .limit(1)) is not None

    def approve_insert(self, letter_id: int, by_user_id: int | None, *, expected_version: int,
                       now: dt.datetime) -> LetterDTO:
        return self._change(letter_id, expected_version, now, insert_approval="disetujui",
                            insert_approved_by=by_user_id)

    def set_scan(self, letter_id: int, filename: str, content: bytes, *, expected_version: int,
                 now: dt.datetime) -> LetterDTO:
        return self._change(letter_id, expected_version, now, scan_filename=filename, scan_pdf=content)

    def scan(self, letter_id: int) -> bytes | None:
        return self.s.scalar(select(LetterRow.scan_pdf).where(LetterRow.id == letter_id))

    def _conditions(self, wanted: LetterFilter) -> list[ColumnElement[bool]]:
        t = LetterRow
        conditions: list[ColumnElement[bool]] = []
        if wanted.year is not None:
            conditions.append(t.year == wanted.year)
            if wanted.month is not None:
                first = dt.date(wanted.year, wanted.month, 1)
                after = dt.date(wanted.year + wanted.month // 12, wanted.month % 12 + 1, 1)
                conditions += [t.letter_date >= first, t.letter_date < after]
        if wanted.classification_code:
            code = wanted.classification_code
            # The code and the codes under it (domain.letters.under_code): 188 → 188.4, 188.45;
            # 188.4 → 188.45; 000.8 → 000.8.3.3; but 18 is not over 188.
            under = [t.classification_code == code,
                     t.classification_code.like(_prefix_pattern(code + "."), escape=_ESCAPE)]
            if "." in code:
                under.append(t.classification_code.like(_prefix_pattern(code), escape=_ESCAPE))
            conditions.append(or_(*under))
        if wanted.bidang_code:
            conditions.append(t.bidang_code == wanted.bidang_code)
        if wanted.status == "aktif":
            conditions.append(t.status == "aktif")
        elif wanted.status == "batal":
            conditions.append(t.status == "batal")
        elif wanted.status == "sisipan":
            conditions.append(t.is_insert.is_(True))
        elif wanted.status == "menunggu":
            conditions.append(t.insert_approval == "menunggu")
        text_ = " ".join(wanted.search.split())
        if text_:
            conditions.append(or_(*(_contains_ci(col, text_) for col in (
                t.subject, t.addressee_name, t.addressee_institution, t.full_number))))
        return conditions

    def page(self, wanted: LetterFilter, limit: int, offset: int) -> Page[LetterDTO]:
        """The agenda book, in the book's order (year, date, number, suffix), paged in SQL;
        ``total`` counts one beyond the page."""
        rows = self.s.execute(self._select().where(*self._conditions(wanted))
                              .order_by(*_book_order())
                              .limit(limit + 1).offset(offset)).all()
        more = len(rows) > limit
        items = tuple(self._dto(r) for r in rows[:limit])
        return Page(items, offset + len(items) + (1 if more else 0), offset, more)

    def register(self, year: int, month: int | None) -> Sequence[LetterDTO]:
        """Every letter of a year or month in the book's order (for the registers)."""
        rows = self.s.execute(self._select().where(*self._conditions(LetterFilter(year, month)))
                              .order_by(*_book_order()))
        return [self._dto(r) for r in rows]

    def numbers(self, year: int) -> Sequence[tuple[str, int, str]]:
        """(scope, number, suffix) of every letter of a year, voided ones included."""
        t = LetterRow
        return [(s, n, x) for s, n, x in self.s.execute(
            select(t.scope, t.number, t.suffix).where(t.year == year))]

    def highest_per_scope(self) -> dict[str, int]:
        t = LetterRow
        return {s: n for s, n in self.s.execute(select(t.scope, func.max(t.number)).group_by(t.scope))}
