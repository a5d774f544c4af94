"""Repositories of the fixed-asset register over one SQLAlchemy session: the code tree, rooms,
assets, their history and stock-takes. They hand out DTOs, never rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from dinsos_desktop.adapters.db.models import (
    AssetCodeRow,
    AssetMutationRow,
    AssetPhotoRow,
    AssetRow,
    RoomRow,
    StockTakeItemRow,
    StockTakeRow,
    UserRow,
)
from dinsos_desktop.domain.assets import (
    ASSET_FIELD_NAMES,
    AssetFields,
    Condition,
    Kib,
    MutationKind,
    Origin,
    code_level,
    kib_of,
    parent_code,
    useful_life,
)
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.text import fold
from dinsos_desktop.services.asset_dto import (
    ACTIVE,
    AssetCodeDTO,
    AssetCodeInput,
    AssetDTO,
    AssetFilter,
    AssetMutationDTO,
    BookRow,
    RoomDTO,
    RoomInput,
)
from dinsos_desktop.services.dto import Page

CONFLICT = ("Data ini baru saja diubah di komputer lain. Tampilan sudah dimuat ulang; periksa "
            "lalu ulangi perubahan Anda.")
_DETAIL_COLUMNS = tuple(n for n in ASSET_FIELD_NAMES if n not in ("origin", "condition"))


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _changed_one(result: Any) -> bool:
    return bool(result.rowcount == 1)


# --------------------------------------------------------------------------- codes


class SqlAssetCodeRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def lives(self) -> dict[str, int]:
        t = AssetCodeRow
        return {code: life for code, life in self.s.execute(
            select(t.code, t.useful_life).where(t.useful_life.is_not(None))) if life is not None}

    def _dtos(self, rows: Sequence[AssetCodeRow], lives: dict[str, int] | None = None) -> list[AssetCodeDTO]:
        lives = self.lives() if lives is None else lives
        return [AssetCodeDTO(r.id, r.code, r.name, r.level, kib_of(r.code), r.useful_life,
                             useful_life(r.code, lives), r.active, r.version) for r in rows]

    def all(self) -> list[AssetCodeDTO]:
        rows = list(self.s.scalars(select(AssetCodeRow).order_by(AssetCodeRow.code)))
        lives = {r.code: r.useful_life for r in rows if r.useful_life is not None}
        return self._dtos(rows, lives)

    def get(self, code: str) -> AssetCodeDTO | None:
        row = self.s.scalar(select(AssetCodeRow).where(AssetCodeRow.code == code))
        return self._dtos([row])[0] if row is not None else None

    def names(self, codes: Sequence[str]) -> dict[str, str]:
        if not codes:
            return {}
        return {c: n for c, n in self.s.execute(select(AssetCodeRow.code, AssetCodeRow.name)
                                                .where(AssetCodeRow.code.in_(list(set(codes)))))}

    def search(self, text: str, limit: int, min_level: int = 1) -> list[AssetCodeDTO]:
        """Active codes of ``min_level`` or below starting with the text, or whose name contains
        it (case-insensitive)."""
        t = AssetCodeRow
        needle = text.strip()
        query = select(t).where(t.active.is_(True), t.level >= min_level)
        if needle:
            query = query.where(or_(t.code.startswith(needle, autoescape=True),
                                    func.lower(t.name).contains(needle.lower(), autoescape=True)))
        rows = list(self.s.scalars(query.order_by(t.code).limit(limit)))
        return self._dtos(rows)

    def add(self, data: AssetCodeInput, now: dt.datetime) -> AssetCodeDTO:
        row = AssetCodeRow(code=data.code, name=data.name, level=code_level(data.code),
                           parent_code=parent_code(data.code), useful_life=data.useful_life,
                           active=data.active, version=1, updated_at=now)
        self.s.add(row)
        self.s.flush()
        return self._dtos([row])[0]

    def update(self, code_id: int, data: AssetCodeInput, *, expected_version: int,
               now: dt.datetime) -> AssetCodeDTO:
        t = AssetCodeRow
        result = self.s.execute(update(t).where(t.id == code_id, t.version == expected_version)
                                .values(name=data.name, useful_life=data.useful_life,
                                        active=data.active, version=expected_version + 1,
                                        updated_at=now)
                                .execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.get(t, code_id) is None:
                raise NotFound("Kode barang tidak ditemukan.")
            raise ConflictError(CONFLICT)
        row = self.s.get(t, code_id, populate_existing=True)
        assert row is not None
        return self._dtos([row])[0]

    def in_use(self, code: str) -> int:
        return self.s.scalar(select(func.count()).select_from(AssetRow).where(AssetRow.code == code)) or 0


# --------------------------------------------------------------------------- rooms


class SqlRoomRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    @staticmethod
    def _dto(r: RoomRow) -> RoomDTO:
        return RoomDTO(r.id, r.building, r.name, r.code, r.responsible, r.active, r.version)

    def all(self, include_inactive: bool = False) -> list[RoomDTO]:
        query = select(RoomRow).order_by(RoomRow.building, RoomRow.name)
        if not include_inactive:
            query = query.where(RoomRow.active.is_(True))
        return [self._dto(r) for r in self.s.scalars(query)]

    def get(self, room_id: int) -> RoomDTO | None:
        row = self.s.get(RoomRow, room_id, populate_existing=True)
        return self._dto(row) if row is not None else None

    def find(self, building: str, name: str) -> RoomDTO | None:
        row = self.s.scalar(select(RoomRow).where(func.lower(RoomRow.building) == building.lower(),
                                                  func.lower(RoomRow.name) == name.lower()))
        return self._dto(row) if row is not None else None

    def add(self, data: RoomInput, now: dt.datetime) -> RoomDTO:
        row = RoomRow(building=data.building, name=data.name, code=data.code,
                      responsible=data.responsible, active=data.active, version=1, updated_at=now)
        self.s.add(row)
        self.s.flush()
        return self._dto(row)

    def update(self, room_id: int, data: RoomInput, *, expected_version: int, now: dt.datetime) -> RoomDTO:
        t = RoomRow
        result = self.s.execute(update(t).where(t.id == room_id, t.version == expected_version)
                                .values(building=data.building, name=data.name, code=data.code,
                                        responsible=data.responsible, active=data.active,
                                        version=expected_version + 1, updated_at=now)
                                .execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.get(t, room_id) is None:
                raise NotFound("Ruangan tidak ditemukan.")
            raise ConflictError(CONFLICT)
        found = self.get(room_id)
        assert found is not None
        return found


# --------------------------------------------------------------------------- assets


def _fields_of(r: Any) -> AssetFields:
    values = {name: getattr(r, name) for name in _DETAIL_COLUMNS}
    values["origin"] = Origin(r.origin)
    values["condition"] = Condition(r.condition)
    values["multi_storey"] = bool(r.multi_storey)
    values["concrete"] = bool(r.concrete)
    return AssetFields(**values)


def _values_of(f: AssetFields) -> dict[str, Any]:
    values = {name: getattr(f, name) for name in _DETAIL_COLUMNS}
    values["origin"] = f.origin.value
    values["condition"] = f.condition.value
    values["acquired_year"] = f.year
    return values


class SqlAssetRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _select(self) -> Select[Any]:
        a = AssetRow.__table__
        room = RoomRow.__table__
        code = AssetCodeRow.__table__
        creator = UserRow.__table__.alias("creator")
        return (select(a, func.coalesce(room.c.building, "").label("room_building"),
                       func.coalesce(room.c.name, "").label("room_name"),
                       func.coalesce(code.c.name, "").label("code_name"),
                       func.coalesce(creator.c.full_name, "").label("created_by_name"))
                .select_from(a)
                .outerjoin(room, room.c.id == a.c.room_id)
                .outerjoin(code, code.c.code == a.c.code)
                .outerjoin(creator, creator.c.id == a.c.created_by))

    def _dtos(self, rows: Sequence[Any]) -> list[AssetDTO]:
        lives: dict[str, int] | None = None
        out = []
        for r in rows:
            if lives is None:
                lives = SqlAssetCodeRepository(self.s).lives()
            room = (f"{r.room_building} — {r.room_name}" if r.room_building else r.room_name)
            out.append(AssetDTO(
                id=r.id, register=r.register, kib=Kib(r.kib), code_name=r.code_name,
                fields=_fields_of(r), room_label=room, status=r.status, disposed_on=r.disposed_on,
                disposal_decree_no=r.disposal_decree_no,
                disposal_decree_date=r.disposal_decree_date, disposal_reason=r.disposal_reason,
                life_years=useful_life(r.code, lives), created_by_name=r.created_by_name,
                version=r.version, created_at=_utc(r.created_at) or r.created_at,
                updated_at=_utc(r.updated_at) or r.updated_at))
        return out

    def add_many(self, items: Sequence[tuple[AssetFields, int]], kib: Kib, by_user_id: int | None,
                 now: dt.datetime, *, imported: bool = False) -> list[int]:
        """Writes assets (fields, register number); returns their ids in the same order."""
        ids = []
        for f, register in items:
            ids.append(self.s.execute(insert(AssetRow).values(
                **_values_of(f), register=register, kib=kib.value, status=ACTIVE, imported=imported,
                created_by=by_user_id, version=1, created_at=now, updated_at=now,
            ).returning(AssetRow.id)).scalar_one())
        return ids

    def get(self, asset_id: int) -> AssetDTO | None:
        rows = list(self.s.execute(self._select().where(AssetRow.id == asset_id)))
        return self._dtos(rows)[0] if rows else None

    def many(self, ids: Sequence[int]) -> list[AssetDTO]:
        if not ids:
            return []
        rows = {r.id: r for r in self.s.execute(self._select().where(AssetRow.id.in_(list(ids))))}
        return self._dtos([rows[i] for i in ids if i in rows])

    def by_label(self, code: str, register: int) -> AssetDTO | None:
        rows = list(self.s.execute(self._select().where(AssetRow.code == code,
                                                        AssetRow.register == register)))
        return self._dtos(rows)[0] if rows else None

    def _conditions(self, wanted: AssetFilter) -> list[Any]:
        a = AssetRow
        conditions: list[Any] = []
        if wanted.kib is not None:
            conditions.append(a.kib == wanted.kib.value)
        if wanted.code_prefix:
            prefix = wanted.code_prefix.rstrip(".")
            conditions.append(or_(a.code == prefix, a.code.startswith(prefix + ".", autoescape=True)))
        if wanted.room_id is not None:
            conditions.append(a.room_id == wanted.room_id)
        if wanted.condition is not None:
            conditions.append(a.condition == wanted.condition.value)
        if wanted.status:
            conditions.append(a.status == wanted.status)
        if wanted.year is not None:
            conditions.append(a.acquired_year == wanted.year)
        text = fold(wanted.text).strip() if wanted.text else ""
        if text:
            like = [func.lower(c).contains(text, autoescape=True)
                    for c in (a.name, a.brand_type, a.plate_no, a.certificate_no, a.notes,
                              a.responsible, a.title_spec, a.address, a.code)]
            conditions.append(or_(*like))
        return conditions

    def page(self, wanted: AssetFilter, limit: int, offset: int) -> Page[AssetDTO]:
        conditions = self._conditions(wanted)
        a = AssetRow
        rows = list(self.s.execute(self._select().where(*conditions)
                                   .order_by(a.kib, a.code, a.register).limit(limit).offset(offset)))
        total = self.s.scalar(select(func.count()).select_from(a).where(*conditions)) or 0
        return Page(tuple(self._dtos(rows)), total, offset)

    def listing(self, wanted: AssetFilter) -> list[AssetDTO]:
        """Every asset matching (for a register): in the register's order."""
        a = AssetRow
        return self._dtos(list(self.s.execute(self._select().where(*self._conditions(wanted))
                                              .order_by(a.kib, a.code, a.register))))

    def change(self, asset_id: int, expected_version: int, now: dt.datetime, **values: Any) -> AssetDTO:
        t = AssetRow
        result = self.s.execute(update(t).where(t.id == asset_id, t.version == expected_version)
                                .values(**values, version=expected_version + 1, updated_at=now)
                                .execution_options(synchronize_session=False))
        if not _changed_one(result):
            if self.s.scalar(select(t.id).where(t.id == asset_id)) is None:
                raise NotFound("Barang tidak ditemukan.")
            raise ConflictError(CONFLICT)
        found = self.get(asset_id)
        assert found is not None
        return found

    def update_fields(self, asset_id: int, f: AssetFields, *, expected_version: int,
                      now: dt.datetime) -> AssetDTO:
        values = _values_of(f)
        values.pop("code")  # a new code is a reclassification
        return self.change(asset_id, expected_version, now, **values)

    def add_mutation(self, asset_id: int, kind: MutationKind, day: dt.date, summary: str, *,
                     by_user_id: int | None, at: dt.datetime, reason: str = "", decree_no: str = "",
                     decree_date: dt.date | None = None, from_code: str = "",
                     from_register: int | None = None, to_code: str = "",
                     to_register: int | None = None, value_change: int = 0) -> None:
        self.s.execute(insert(AssetMutationRow).values(
            asset_id=asset_id, kind=kind.value, day=day, summary=summary, reason=reason,
            decree_no=decree_no, decree_date=decree_date, from_code=from_code,
            from_register=from_register, to_code=to_code, to_register=to_register,
            value_change=value_change, by_user=by_user_id, at=at))

    def mutations(self, asset_id: int) -> list[AssetMutationDTO]:
        m = AssetMutationRow
        rows = self.s.execute(select(m, func.coalesce(UserRow.full_name, "").label("by_name"))
                              .outerjoin(UserRow, UserRow.id == m.by_user)
                              .where(m.asset_id == asset_id).order_by(m.id))
        return [AssetMutationDTO(r.AssetMutationRow.id, asset_id, MutationKind(r.AssetMutationRow.kind),
                                 r.AssetMutationRow.day, r.AssetMutationRow.summary,
                                 r.AssetMutationRow.reason, r.AssetMutationRow.decree_no,
                                 r.AssetMutationRow.decree_date, r.AssetMutationRow.value_change,
                                 r.by_name, _utc(r.AssetMutationRow.at) or r.AssetMutationRow.at)
                for r in rows]

    def reclassifications(self) -> list[tuple[int, dt.date, int, str, str]]:
        """Every reclassification: (asset id, day, mutation id, from code, to code), in order."""
        m = AssetMutationRow
        return [(a, d, i, f, t) for a, d, i, f, t in self.s.execute(
            select(m.asset_id, m.day, m.id, m.from_code, m.to_code)
            .where(m.kind == MutationKind.RECLASSIFIED.value).order_by(m.day, m.id))]

    def book_rows(self, kib: Kib | None = None, asset_id: int | None = None) -> list[BookRow]:
        """What depreciation and the mutation report need of every asset, in one statement:
        (id, kib, code, register, name, acquired_on, acquired_year, value, disposed_on, status)."""
        a = AssetRow
        query = select(a.id, a.kib, a.code, a.register, a.name, a.acquired_on, a.acquired_year,
                       a.value, a.disposed_on, a.status)
        if kib is not None:
            query = query.where(a.kib == kib.value)
        if asset_id is not None:
            query = query.where(a.id == asset_id)
        return [tuple(r) for r in self.s.execute(query.order_by(a.kib, a.code, a.register))]

    def acquired_between(self, start: dt.date, end: dt.date) -> list[AssetDTO]:
        """Assets acquired in the period; those known by their year only when the period covers
        the whole year."""
        a = AssetRow
        known = and_(a.acquired_on.is_not(None), a.acquired_on >= start, a.acquired_on <= end)
        first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
        last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        year_only = and_(a.acquired_on.is_(None), a.acquired_year >= first_year,
                         a.acquired_year <= last_year)
        return self._dtos(list(self.s.execute(
            self._select().where(or_(known, year_only))
            .order_by(func.coalesce(a.acquired_on, func.date(func.printf("%04d-01-01", a.acquired_year)))
                      if self.s.get_bind().dialect.name == "sqlite"
                      else func.coalesce(a.acquired_on, func.make_date(a.acquired_year, 1, 1)),
                      a.kib, a.code, a.register))))

    def register_used(self, code: str, register: int) -> bool:
        """Whether (code, register) belongs to an asset now or ever did (before a
        reclassification): a register number is never given twice."""
        a, m = AssetRow, AssetMutationRow
        if self.s.scalar(select(a.id).where(a.code == code, a.register == register)) is not None:
            return True
        return self.s.scalar(select(m.id).where(
            or_(and_(m.from_code == code, m.from_register == register),
                and_(m.to_code == code, m.to_register == register))).limit(1)) is not None

    def highest_registers(self) -> dict[str, int]:
        a = AssetRow
        return {code: top for code, top in self.s.execute(
            select(a.code, func.max(a.register)).group_by(a.code))}

    # -- photos

    def add_photo(self, asset_id: int, filename: str, mime: str, content: bytes, now: dt.datetime) -> int:
        return int(self.s.execute(insert(AssetPhotoRow).values(
            asset_id=asset_id, filename=filename, mime=mime, content=content, created_at=now)
            .returning(AssetPhotoRow.id)).scalar_one())

    def photos(self, asset_id: int) -> list[tuple[int, str, str]]:
        p = AssetPhotoRow
        return [(i, f, m) for i, f, m in self.s.execute(
            select(p.id, p.filename, p.mime).where(p.asset_id == asset_id).order_by(p.id))]

    def photo(self, photo_id: int) -> bytes | None:
        return self.s.scalar(select(AssetPhotoRow.content).where(AssetPhotoRow.id == photo_id))

    # -- stock-takes

    def start_stock_take(self, room_id: int, by_user_id: int | None, now: dt.datetime) -> int:
        return int(self.s.execute(insert(StockTakeRow).values(
            room_id=room_id, started_at=now, started_by=by_user_id).returning(StockTakeRow.id)).scalar_one())

    def stock_take(self, stock_take_id: int
                   ) -> tuple[int, dt.datetime, str, dt.datetime | None, list[int]] | None:
        t = StockTakeRow
        row = self.s.execute(select(t.room_id, t.started_at, func.coalesce(UserRow.full_name, ""),
                                    t.finished_at)
                             .outerjoin(UserRow, UserRow.id == t.started_by)
                             .where(t.id == stock_take_id)).one_or_none()
        if row is None:
            return None
        i = StockTakeItemRow
        seen = [a for (a,) in self.s.execute(select(i.asset_id).where(i.stock_take_id == stock_take_id)
                                             .order_by(i.id))]
        return row[0], _utc(row[1]) or row[1], row[2], _utc(row[3]), seen

    def latest_stock_take(self, room_id: int) -> int | None:
        t = StockTakeRow
        return self.s.scalar(select(t.id).where(t.room_id == room_id).order_by(t.id.desc()).limit(1))

    def mark_seen(self, stock_take_id: int, asset_id: int, now: dt.datetime) -> bool:
        """False when it was already marked."""
        i = StockTakeItemRow
        if self.s.scalar(select(i.id).where(i.stock_take_id == stock_take_id, i.asset_id == asset_id)):
            return False
        self.s.execute(insert(i).values(stock_take_id=stock_take_id, asset_id=asset_id, seen_at=now))
        return True

    def finish_stock_take(self, stock_take_id: int, now: dt.datetime) -> None:
        t = StockTakeRow
        self.s.execute(update(t).where(t.id == stock_take_id, t.finished_at.is_(None))
                       .values(finished_at=now).execution_options(synchronize_session=False))


ASSET_COLUMNS = tuple(f.name for f in dataclass_fields(AssetFields))
