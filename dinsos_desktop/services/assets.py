"""Fixed assets (Barang Milik Daerah): the code tree and useful lives, rooms, registering assets
with register numbers, mutations and disposals, depreciation as of any date, room cards,
stock-takes, the registers' data and the import of an existing KIB.

The pengurus barang writes; pimpinan and admin read (the admin also keeps the code tree and the
useful lives). Every change is audited and every change of an asset is in its history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dinsos_desktop.domain.assets import (
    MIN_ASSET_LEVEL,
    ROLL_LAYOUT,
    AssetFields,
    Condition,
    Kib,
    LabelLayout,
    MutationKind,
    Period,
    check_asset_code,
    check_asset_fields,
    check_layout,
    check_life_years,
    check_quantity,
    code_level,
    depreciation,
    kib_of,
    parent_code,
    parse_label,
    semester_bounds,
    useful_life,
)
from dinsos_desktop.domain.errors import ConflictError, NotFound, ValidationError
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.asset_dto import (
    ACTIVE,
    DISPOSED,
    AssetCodeDTO,
    AssetCodeInput,
    AssetDTO,
    AssetFilter,
    AssetMutationDTO,
    AssetSettings,
    DepreciationReport,
    DepreciationRow,
    DepreciationTotals,
    MutationInput,
    MutationReport,
    MutationReportLine,
    RoomCard,
    RoomDTO,
    RoomInput,
    StockTakeDTO,
)
from dinsos_desktop.services.common import LocalTime, audit, require, to_local, utcnow
from dinsos_desktop.services.dto import Actor, Page
from dinsos_desktop.services.uow import AssetUnitOfWork

WRITE_ROLES = (Role.PENGURUS_BARANG,)
READ_ROLES = (Role.PENGURUS_BARANG, Role.PIMPINAN, Role.ADMIN)
CODE_ROLES = (Role.ADMIN, Role.PENGURUS_BARANG)
MAX_PAGE = 200
MAX_PHOTO = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png"}
_KEYS = {"period": "assets.period", "sheet": "assets.label_sheet", "roll": "assets.label_roll"}


def counter_scope(code: str) -> str:
    """Register numbers run per code within the office, never reset."""
    return f"asset:{code}"


def _today(now: dt.datetime, local: LocalTime) -> dt.date:
    return local(now).date()


# --------------------------------------------------------------------------- settings


def _layout(text: str | None, default: LabelLayout) -> LabelLayout:
    if not text:
        return default
    try:
        values = json.loads(text)
        return check_layout(replace(default, **{k: v for k, v in values.items()
                                                if k in LabelLayout.__dataclass_fields__}))
    except (ValueError, TypeError, ValidationError):
        return default


def read_settings(uow: AssetUnitOfWork) -> AssetSettings:
    stored = uow.settings.get_many(list(_KEYS.values()))
    try:
        period = Period(stored.get(_KEYS["period"]) or Period.YEAR.value)
    except ValueError:
        period = Period.YEAR
    return AssetSettings(period=period, sheet=_layout(stored.get(_KEYS["sheet"]), AssetSettings().sheet),
                         roll=_layout(stored.get(_KEYS["roll"]), ROLL_LAYOUT))


def asset_settings(uow: AssetUnitOfWork, actor: Actor) -> AssetSettings:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return read_settings(uow)


def save_asset_settings(uow: AssetUnitOfWork, actor: Actor, settings: AssetSettings, *,
                        now: dt.datetime | None = None) -> AssetSettings:
    require(actor, Role.ADMIN, Role.PENGURUS_BARANG)
    sheet = check_layout(replace(settings.sheet, roll=False))
    roll = check_layout(replace(settings.roll or ROLL_LAYOUT, roll=True))
    with uow:
        before = read_settings(uow)
        uow.settings.set(_KEYS["period"], settings.period.value)
        uow.settings.set(_KEYS["sheet"], json.dumps(_layout_dict(sheet)))
        uow.settings.set(_KEYS["roll"], json.dumps(_layout_dict(roll)))
        audit(uow, actor, "update", "asset_settings", "-", "Pengaturan aset diubah",
              before={"period": before.period.value}, after={"period": settings.period.value},
              now=now)
        uow.commit()
    return AssetSettings(settings.period, sheet, roll)


def _layout_dict(layout: LabelLayout) -> dict[str, object]:
    return {name: getattr(layout, name) for name in LabelLayout.__dataclass_fields__}


# --------------------------------------------------------------------------- codes


def list_codes(uow: AssetUnitOfWork, actor: Actor) -> list[AssetCodeDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.asset_codes.all()


def search_codes(uow: AssetUnitOfWork, actor: Actor, text: str, limit: int = 50) -> list[AssetCodeDTO]:
    """Codes an asset can be registered under (Rincian Objek or below) matching the text."""
    require(actor, *READ_ROLES)
    needle = text.strip()
    if needle and all(part.isdigit() for part in needle.rstrip(".").split(".")):
        try:  # "1.3.2.5" → "1.3.2.05": typed without the leading zeros
            needle = check_asset_code(needle) + ("." if needle.endswith(".") else "")
        except ValidationError:
            pass
    with uow.read_only():
        found = uow.asset_codes.search(needle, limit, MIN_ASSET_LEVEL)
    return [c for c in found if c.kib is not None]


def save_code(uow: AssetUnitOfWork, actor: Actor, data: AssetCodeInput, *, code_id: int | None = None,
              expected_version: int | None = None, now: dt.datetime | None = None) -> AssetCodeDTO:
    """Add a code (its parent must exist) or change a code's name, useful life or activity."""
    require(actor, *CODE_ROLES)
    now = now or utcnow()
    errors: dict[str, str] = {}
    try:
        code = check_asset_code(data.code)
    except ValidationError as exc:
        errors.update(exc.errors)
        code = data.code
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = "Nama kode wajib diisi."
    elif len(name) > 300:
        errors["name"] = "Nama kode paling panjang 300 karakter."
    try:
        check_life_years(data.useful_life)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    data = replace(data, code=code, name=name)
    with uow:
        existing = uow.asset_codes.get(code)
        if code_id is None:
            if existing is not None:
                raise ValidationError({"code": f"Kode {code} sudah ada ({existing.name})."})
            parent = parent_code(code)
            if parent is not None and uow.asset_codes.get(parent) is None:
                raise ValidationError({"code": f"Kode induk {parent} belum ada: tambahkan dulu."})
            saved = uow.asset_codes.add(data, now)
            audit(uow, actor, "create", "asset_code", code, f"Kode barang {code} {name} ditambahkan",
                  after={"name": name, "useful_life": data.useful_life}, now=now)
        else:
            if existing is None or existing.id != code_id:
                raise NotFound("Kode barang tidak ditemukan (kode tidak dapat diubah; buat kode baru).")
            assert expected_version is not None
            saved = uow.asset_codes.update(code_id, data, expected_version=expected_version, now=now)
            audit(uow, actor, "update", "asset_code", code, f"Kode barang {code} diubah",
                  before={"name": existing.name, "useful_life": existing.useful_life,
                          "active": existing.active},
                  after={"name": name, "useful_life": data.useful_life, "active": data.active}, now=now)
        uow.commit()
        return saved


@dataclass(frozen=True, slots=True)
class CodeProblem:
    row: int
    field: str
    message: str


def import_codes(uow: AssetUnitOfWork, actor: Actor, rows: Sequence[tuple[int, AssetCodeInput]], *,
                 apply: bool, now: dt.datetime | None = None) -> tuple[list[CodeProblem], int, int]:
    """Codes read from XLSX/CSV (row, data): all checked first; with ``apply`` and no problem, new
    codes added and existing ones renamed / given a useful life, in one transaction.
    Returns (problems, new, updated)."""
    require(actor, *CODE_ROLES)
    now = now or utcnow()
    problems: list[CodeProblem] = []
    checked: list[tuple[int, AssetCodeInput]] = []
    seen: dict[str, int] = {}
    for row, data in rows:
        try:
            code = check_asset_code(data.code)
            check_life_years(data.useful_life)
        except ValidationError as exc:
            problems += [CodeProblem(row, f, m) for f, m in exc.errors.items()]
            continue
        name = " ".join(data.name.split())
        if not name or len(name) > 300:
            problems.append(CodeProblem(row, "name", "Nama kode wajib diisi (paling panjang 300)."))
            continue
        if code in seen:
            problems.append(CodeProblem(row, "code", f"Kode {code} sudah ada di baris {seen[code]}."))
            continue
        seen[code] = row
        checked.append((row, replace(data, code=code, name=name)))
    with uow:
        known = {c.code: c for c in uow.asset_codes.all()}
        for row, data in checked:
            parent = parent_code(data.code)
            if parent is not None and parent not in known and parent not in seen:
                problems.append(CodeProblem(row, "code", f"Kode induk {parent} tidak ada."))
        new = sum(1 for _, d in checked if d.code not in known)
        updated = len(checked) - new
        if problems or not apply:
            return problems, new, updated
        for _, data in sorted(checked, key=lambda item: code_level(item[1].code)):
            found = known.get(data.code)
            if found is None:
                uow.asset_codes.add(data, now)
            else:  # a row without a useful life keeps the code's; a retired code stays retired
                kept = replace(data, useful_life=found.useful_life if data.useful_life is None
                               else data.useful_life, active=found.active)
                uow.asset_codes.update(found.id, kept, expected_version=found.version, now=now)
        audit(uow, actor, "import", "asset_code", "-",
              f"Impor kode barang: {new} baru, {updated} diperbarui", now=now)
        uow.commit()
    return problems, new, updated


# --------------------------------------------------------------------------- rooms


def list_rooms(uow: AssetUnitOfWork, actor: Actor, include_inactive: bool = False) -> list[RoomDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.rooms.all(include_inactive)


def save_room(uow: AssetUnitOfWork, actor: Actor, data: RoomInput, *, room_id: int | None = None,
              expected_version: int | None = None, now: dt.datetime | None = None) -> RoomDTO:
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    data = RoomInput(" ".join(data.building.split()), " ".join(data.name.split()),
                     " ".join(data.code.split()), " ".join(data.responsible.split()), data.active)
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = "Nama ruangan wajib diisi."
    for name, limit in (("building", 120), ("name", 120), ("code", 20), ("responsible", 120)):
        if len(getattr(data, name)) > limit:
            errors[name] = f"Paling panjang {limit} karakter."
    if errors:
        raise ValidationError(errors)
    with uow:
        same = uow.rooms.find(data.building, data.name)
        if same is not None and same.id != room_id:
            raise ValidationError({"name": f"Ruangan {same.label} sudah ada."})
        if room_id is None:
            saved = uow.rooms.add(data, now)
            audit(uow, actor, "create", "room", saved.id, f"Ruangan {saved.label} ditambahkan", now=now)
        else:
            assert expected_version is not None
            saved = uow.rooms.update(room_id, data, expected_version=expected_version, now=now)
            audit(uow, actor, "update", "room", room_id, f"Ruangan {saved.label} diubah", now=now)
        uow.commit()
        return saved


# --------------------------------------------------------------------------- assets


def _code_for_assets(uow: AssetUnitOfWork, text: str) -> tuple[str, Kib]:
    try:
        code = check_asset_code(text)
    except ValidationError as exc:
        raise ValidationError({"code": exc.errors["code"]}) from None
    kib = kib_of(code)
    if kib is None or code_level(code) < MIN_ASSET_LEVEL:
        raise ValidationError({"code": "Barang dicatat pada kode Rincian Objek atau di bawahnya "
                                       "(misalnya 1.3.2.05.01.04.001), di bawah 1.3.1–1.3.6."})
    found = uow.asset_codes.get(code)
    if found is None:
        raise ValidationError({"code": f"Kode barang {code} tidak ada di daftar kode."})
    if not found.active:
        raise ValidationError({"code": f"Kode barang {code} sudah tidak dipakai."})
    return code, kib


def _room(uow: AssetUnitOfWork, room_id: int | None) -> RoomDTO | None:
    if room_id is None:
        return None
    room = uow.rooms.get(room_id)
    if room is None or not room.active:
        raise ValidationError({"room_id": "Ruangan tidak ditemukan."})
    return room


def register_assets(uow: AssetUnitOfWork, actor: Actor, fields: AssetFields, quantity: int = 1, *,
                    now: dt.datetime | None = None, local: LocalTime = to_local) -> tuple[AssetDTO, ...]:
    """Register ``quantity`` identical assets ("10 kursi" → 10 records) with consecutive register
    numbers under their code, allocated in the transaction that writes them."""
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    errors: dict[str, str] = {}
    try:
        check_quantity(quantity)
    except ValidationError as exc:
        errors.update(exc.errors)
    with uow:
        try:
            code, kib = _code_for_assets(uow, fields.code)
            fields = check_asset_fields(replace(fields, code=code), kib, _today(now, local))
        except ValidationError as exc:
            raise ValidationError({**errors, **exc.errors}) from None
        if errors:
            raise ValidationError(errors)
        _room(uow, fields.room_id)
        last = uow.counters.next_block(counter_scope(code), quantity)
        registers = list(range(last - quantity + 1, last + 1))
        ids = uow.assets.add_many([(fields, r) for r in registers], kib, actor.user_id, now)
        day = fields.depreciation_start or _today(now, local)
        for asset_id, register in zip(ids, registers, strict=True):
            uow.assets.add_mutation(asset_id, MutationKind.ACQUIRED, day,
                                    f"Perolehan ({fields.origin.label})", by_user_id=actor.user_id,
                                    at=now, to_code=code, to_register=register,
                                    value_change=fields.value)
        span = f"{registers[0]:04d}" if quantity == 1 else f"{registers[0]:04d}–{registers[-1]:04d}"
        audit(uow, actor, "create", "asset", str(ids[0]) if len(ids) == 1 else f"{ids[0]}…{ids[-1]}",
              f"{quantity} × {fields.name} dicatat: {code} register {span}",
              after={"code": code, "registers": [registers[0], registers[-1]], "value": fields.value},
              now=now)
        uow.commit()
        return tuple(uow.assets.many(ids))


def get_asset(uow: AssetUnitOfWork, actor: Actor, asset_id: int) -> AssetDTO:
    require(actor, *READ_ROLES)
    with uow.read_only():
        found = uow.assets.get(asset_id)
    if found is None:
        raise NotFound("Barang tidak ditemukan.")
    return found


def find_by_label(uow: AssetUnitOfWork, actor: Actor, text: str) -> AssetDTO | None:
    """The asset a scanned label (or a typed "code register") names; None when it is not one."""
    require(actor, *READ_ROLES)
    parsed = parse_label(text)
    if parsed is None:
        parts = text.replace("/", " ").split()
        if len(parts) == 2 and parts[1].isascii() and parts[1].isdigit():  # not "²" (int refuses it)
            try:
                parsed = (check_asset_code(parts[0]), int(parts[1]))
            except ValidationError:
                return None
        else:
            return None
    with uow.read_only():
        return uow.assets.by_label(*parsed)


def asset_page(uow: AssetUnitOfWork, actor: Actor, wanted: AssetFilter, *, limit: int = 50,
               offset: int = 0) -> Page[AssetDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.assets.page(wanted, max(1, min(limit, MAX_PAGE)), max(0, offset))


def register_listing(uow: AssetUnitOfWork, actor: Actor, wanted: AssetFilter) -> list[AssetDTO]:
    """Every asset matching (a KIB register, an export)."""
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.assets.listing(wanted)


def _changes(before: AssetFields, after: AssetFields) -> dict[str, tuple[object, object]]:
    return {name: (getattr(before, name), getattr(after, name))
            for name in AssetFields.__dataclass_fields__
            if getattr(before, name) != getattr(after, name)}


def edit_asset(uow: AssetUnitOfWork, actor: Actor, asset_id: int, fields: AssetFields, *,
               expected_version: int, now: dt.datetime | None = None,
               local: LocalTime = to_local) -> AssetDTO:
    """Correct an asset's data; the code stays (a new code is a reclassification), and the room,
    person responsible and condition change through mutations."""
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    with uow:
        current = uow.assets.get(asset_id)
        if current is None:
            raise NotFound("Barang tidak ditemukan.")
        if current.disposed:
            raise ValidationError({"status": "Barang yang sudah dihapus tidak dapat diubah."})
        fields = replace(fields, code=current.code, room_id=current.fields.room_id,
                         responsible=current.fields.responsible, condition=current.condition)
        fields = check_asset_fields(fields, current.kib, _today(now, local))
        if current.version != expected_version:
            raise ConflictError("Data barang ini baru saja diubah di komputer lain. Tampilan sudah "
                                "dimuat ulang; periksa lalu ulangi perubahan Anda.")
        changed = _changes(current.fields, fields)
        if not changed:
            return current
        saved = uow.assets.update_fields(asset_id, fields, expected_version=expected_version, now=now)
        names = ", ".join(sorted(changed))
        uow.assets.add_mutation(asset_id, MutationKind.EDITED, _today(now, local),
                                f"Data diperbaiki: {names}", by_user_id=actor.user_id, at=now,
                                value_change=fields.value - current.fields.value)
        audit(uow, actor, "update", "asset", asset_id,
              f"Data {current.code} reg. {current.register_text} diperbaiki: {names}",
              before={k: str(v[0]) for k, v in changed.items()},
              after={k: str(v[1]) for k, v in changed.items()}, now=now)
        uow.commit()
        return saved


def mutate_asset(uow: AssetUnitOfWork, actor: Actor, asset_id: int, change: MutationInput, *,
                 expected_version: int, now: dt.datetime | None = None,
                 local: LocalTime = to_local) -> AssetDTO:
    """Move, change condition, reclassify or dispose of an asset; recorded in its history."""
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    today = _today(now, local)
    reason = " ".join(change.reason.split())
    if change.day > today:
        raise ValidationError({"day": "Tanggal mutasi tidak boleh sesudah hari ini."})
    if len(reason) > 1000:
        raise ValidationError({"reason": "Alasan paling panjang 1000 karakter."})
    with uow:
        current = uow.assets.get(asset_id)
        if current is None:
            raise NotFound("Barang tidak ditemukan.")
        if current.disposed:
            raise ValidationError({"status": "Barang ini sudah dihapus dari daftar."})
        start = current.fields.depreciation_start
        if start is not None and change.day < start:
            raise ValidationError({"day": "Tanggal mutasi sebelum tanggal perolehan."})
        if change.kind in (MutationKind.RECLASSIFIED, MutationKind.DISPOSED):
            # The codes an asset had follow one another in time (the mutation report reads them so).
            moved = [m.day for m in uow.assets.mutations(asset_id) if m.kind is MutationKind.RECLASSIFIED]
            if moved and change.day < max(moved):
                raise ValidationError({"day": "Tanggal mutasi sebelum reklasifikasi terakhir barang ini "
                                              f"({max(moved):%d-%m-%Y})."})
        by = actor.user_id
        tag = f"{current.code} reg. {current.register_text}"
        if change.kind is MutationKind.MOVED:
            room = _room(uow, change.room_id)
            person = current.fields.responsible if change.responsible is None else \
                " ".join(change.responsible.split())
            if len(person) > 120:
                raise ValidationError({"responsible": "Paling panjang 120 karakter."})
            if change.room_id == current.fields.room_id and person == current.fields.responsible:
                raise ValidationError({"room_id": "Ruangan dan penanggung jawab tidak berubah."})
            parts = []
            if change.room_id != current.fields.room_id:
                parts.append(f"Pindah dari {current.room_label or '(tanpa ruangan)'} ke "
                             f"{room.label if room else '(tanpa ruangan)'}")
            if person != current.fields.responsible:
                parts.append(f"Penanggung jawab: {current.fields.responsible or '-'} → {person or '-'}")
            summary = "; ".join(parts)
            saved = uow.assets.change(asset_id, expected_version, now, room_id=change.room_id,
                                      responsible=person)
            uow.assets.add_mutation(asset_id, change.kind, change.day, summary, by_user_id=by,
                                    at=now, reason=reason)
        elif change.kind is MutationKind.CONDITION:
            if change.condition is None or change.condition == current.condition:
                raise ValidationError({"condition": "Pilih kondisi yang baru."})
            summary = f"Kondisi {current.condition.label} → {change.condition.label}"
            saved = uow.assets.change(asset_id, expected_version, now, condition=change.condition.value)
            uow.assets.add_mutation(asset_id, change.kind, change.day, summary, by_user_id=by, at=now,
                                    reason=reason)
        elif change.kind is MutationKind.RECLASSIFIED:
            code, kib = _code_for_assets(uow, change.code)
            if code == current.code:
                raise ValidationError({"code": "Kode barang tidak berubah."})
            if not reason:
                raise ValidationError({"reason": "Alasan reklasifikasi wajib diisi."})
            register = uow.counters.next(counter_scope(code))
            fields = check_asset_fields(replace(current.fields, code=code), kib, today)
            summary = f"Reklasifikasi {tag} → {code} reg. {register:04d}"
            saved = uow.assets.change(asset_id, expected_version, now, code=code, register=register,
                                      kib=kib.value,
                                      **{k: getattr(fields, k) for k in _cleared(current.kib, kib)})
            uow.assets.add_mutation(asset_id, change.kind, change.day, summary, by_user_id=by, at=now,
                                    reason=reason, from_code=current.code,
                                    from_register=current.register, to_code=code, to_register=register)
        elif change.kind is MutationKind.DISPOSED:
            decree = " ".join(change.decree_no.split())
            errors = {}
            if not decree:
                errors["decree_no"] = "Nomor SK penghapusan wajib diisi."
            elif len(decree) > 80:
                errors["decree_no"] = "Paling panjang 80 karakter."
            if change.decree_date is None:
                errors["decree_date"] = "Tanggal SK penghapusan wajib diisi."
            elif change.decree_date > today:
                errors["decree_date"] = "Tanggal SK tidak boleh sesudah hari ini."
            if errors:
                raise ValidationError(errors)
            summary = f"Dihapus dari daftar: SK {decree} tanggal {change.decree_date:%d-%m-%Y}"
            saved = uow.assets.change(asset_id, expected_version, now, status=DISPOSED,
                                      disposed_on=change.day, disposal_decree_no=decree,
                                      disposal_decree_date=change.decree_date, disposal_reason=reason)
            uow.assets.add_mutation(asset_id, change.kind, change.day, summary, by_user_id=by, at=now,
                                    reason=reason, decree_no=decree, decree_date=change.decree_date,
                                    from_code=current.code, from_register=current.register,
                                    value_change=-current.fields.value)
        else:
            raise ValidationError({"kind": "Jenis mutasi ini tidak dicatat di sini."})
        audit(uow, actor, "update", "asset", asset_id, f"{change.kind.label}: {tag} — {summary}",
              after={"kind": change.kind.value, "day": change.day.isoformat(), "reason": reason},
              now=now)
        uow.commit()
        return saved


def _cleared(old: Kib, new: Kib) -> list[str]:
    """The detail fields a reclassification to another register clears."""
    from dinsos_desktop.domain.assets import DETAIL_FIELDS

    return [name for name, kibs in DETAIL_FIELDS.items() if old in kibs and new not in kibs] + (
        ["quantity"] if new is not Kib.E else [])


def history(uow: AssetUnitOfWork, actor: Actor, asset_id: int) -> list[AssetMutationDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.assets.mutations(asset_id)


def add_photo(uow: AssetUnitOfWork, actor: Actor, asset_id: int, filename: str, mime: str,
              content: bytes, *, now: dt.datetime | None = None) -> int:
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    if mime not in PHOTO_TYPES:
        raise ValidationError({"photo": "Foto harus JPEG atau PNG."})
    if not content or len(content) > MAX_PHOTO:
        raise ValidationError({"photo": "Foto paling besar 10 MB."})
    with uow:
        if uow.assets.get(asset_id) is None:
            raise NotFound("Barang tidak ditemukan.")
        photo_id = uow.assets.add_photo(asset_id, filename[:200], mime, content, now)
        audit(uow, actor, "update", "asset", asset_id, f"Foto {filename[:80]} ditambahkan", now=now)
        uow.commit()
        return photo_id


def photos(uow: AssetUnitOfWork, actor: Actor, asset_id: int) -> list[tuple[int, str, str]]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return uow.assets.photos(asset_id)


def photo(uow: AssetUnitOfWork, actor: Actor, photo_id: int) -> bytes:
    require(actor, *READ_ROLES)
    with uow.read_only():
        found = uow.assets.photo(photo_id)
    if found is None:
        raise NotFound("Foto tidak ditemukan.")
    return found


# --------------------------------------------------------------------------- depreciation


def _held_on(acquired: dt.date | None, year: int, disposed: dt.date | None, day: dt.date) -> bool:
    start = acquired or dt.date(year, 1, 1)
    return start <= day and (disposed is None or disposed > day)


def depreciation_report(uow: AssetUnitOfWork, actor: Actor, as_of: dt.date, *, kib: Kib | None = None,
                        asset_id: int | None = None, period: Period | None = None) -> DepreciationReport:
    """Accumulated depreciation and book value as of a date, of one asset or of every asset held
    that day (acquired on or before it, not yet disposed of): one statement, computed here."""
    require(actor, *READ_ROLES)
    with uow.read_only():
        chosen = period or read_settings(uow).period
        lives = uow.asset_codes.lives()
        rows = uow.assets.book_rows(kib, asset_id)
    life_of: dict[str, int | None] = {}
    out: list[DepreciationRow] = []
    totals: dict[Kib, list[int]] = {}
    for a_id, a_kib, code, register, name, acquired_on, year, value, disposed_on, _status in rows:
        if not _held_on(acquired_on, year, disposed_on, as_of):
            continue
        if code not in life_of:
            life_of[code] = useful_life(code, lives)
        the_kib = Kib(a_kib)
        start = acquired_on or dt.date(year, 1, 1)
        book = depreciation(value, start, life_of[code], chosen, as_of, depreciates=the_kib.depreciates)
        out.append(DepreciationRow(a_id, the_kib, code, register, name, start, year, life_of[code], book))
        total = totals.setdefault(the_kib, [0, 0, 0, 0])
        total[0] += 1
        total[1] += value
        total[2] += book.accumulated
        total[3] += book.book_value
    return DepreciationReport(as_of, chosen, tuple(out),
                              tuple(DepreciationTotals(k, *totals[k]) for k in Kib if k in totals))


# --------------------------------------------------------------------------- registers


def room_card(uow: AssetUnitOfWork, actor: Actor, room_id: int) -> RoomCard:
    require(actor, *READ_ROLES)
    with uow.read_only():
        room = uow.rooms.get(room_id)
        if room is None:
            raise NotFound("Ruangan tidak ditemukan.")
        assets = uow.assets.listing(AssetFilter(room_id=room_id, status=ACTIVE))
    return RoomCard(room, tuple(assets))


def additions(uow: AssetUnitOfWork, actor: Actor, start: dt.date, end: dt.date) -> list[AssetDTO]:
    """Daftar Penambahan Aset: assets acquired in the period (dated acquisitions)."""
    require(actor, *READ_ROLES)
    if end < start:
        raise ValidationError({"end": "Tanggal akhir sebelum tanggal awal."})
    with uow.read_only():
        return uow.assets.acquired_between(start, end)


def period_title(year: int, semester: int | None) -> str:
    return f"Semester {'I' if semester == 1 else 'II'} Tahun {year}" if semester else f"Tahun {year}"


def mutation_report(uow: AssetUnitOfWork, actor: Actor, year: int,
                    semester: int | None = None) -> MutationReport:
    """Laporan Mutasi Barang for a semester or a year, per code: the opening balance (held the day
    before the period), additions (acquired, or reclassified in), removals (disposed of, or
    reclassified out), in quantity and value."""
    require(actor, *READ_ROLES)
    start, end = semester_bounds(year, semester)
    with uow.read_only():
        rows = uow.assets.book_rows()
        moves = uow.assets.reclassifications()
        names: dict[str, str] = {}
        codes_used = {r[2] for r in rows} | {m[3] for m in moves} | {m[4] for m in moves}
        names = uow.asset_codes.names(sorted(codes_used))
    by_asset: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)
    for asset_id, day, _mid, old, new in moves:
        by_asset[asset_id].append((day, old, new))
    lines: dict[str, list[int]] = {}

    def line(code: str) -> list[int]:
        return lines.setdefault(code, [0, 0, 0, 0, 0, 0])

    opening_day = start - dt.timedelta(days=1)
    for asset_id, _kib, code, _reg, _name, acquired_on, acq_year, value, disposed_on, _status in rows:
        path = by_asset.get(asset_id, [])
        first_code = path[0][1] if path else code

        def code_on(day: dt.date, path: list[tuple[dt.date, str, str]] = path,
                    first: str = first_code) -> str:
            current = first
            for moved, _old, new in path:
                if moved <= day:
                    current = new
            return current

        acquired = acquired_on or dt.date(acq_year, 1, 1)
        if _held_on(acquired_on, acq_year, disposed_on, opening_day):
            entry = line(code_on(opening_day))
            entry[0] += 1
            entry[1] += value
        if start <= acquired <= end:  # under the code it was acquired with (moved later that day)
            entry = line(first_code)
            entry[2] += 1
            entry[3] += value
        for moved, old, new in path:
            # A reclassification on the day of the disposal counts (the disposal is of the new code).
            if start <= moved <= end and acquired <= moved and (disposed_on is None or moved <= disposed_on):
                out_line, in_line = line(old), line(new)
                out_line[4] += 1
                out_line[5] += value
                in_line[2] += 1
                in_line[3] += value
        if disposed_on is not None and start <= disposed_on <= end:
            entry = line(code_on(disposed_on))
            entry[4] += 1
            entry[5] += value
    result = []
    for code in sorted(lines):
        kib = kib_of(code)
        if kib is None:
            continue
        o_qty, o_val, a_qty, a_val, r_qty, r_val = lines[code]
        result.append(MutationReportLine(kib, code, names.get(code, ""), o_qty, o_val, a_qty, a_val,
                                         r_qty, r_val))
    result.sort(key=lambda x: (x.kib.value, x.code))
    return MutationReport(start, end, period_title(year, semester), tuple(result))


# --------------------------------------------------------------------------- stock-take


def _stock_take(uow: AssetUnitOfWork, stock_take_id: int) -> StockTakeDTO:
    found = uow.assets.stock_take(stock_take_id)
    if found is None:
        raise NotFound("Stock opname tidak ditemukan.")
    room_id, started_at, by_name, finished_at, seen = found
    room = uow.rooms.get(room_id)
    assert room is not None
    expected = uow.assets.listing(AssetFilter(room_id=room_id, status=ACTIVE))
    here = {a.id for a in expected}
    elsewhere = tuple(a for a in uow.assets.many([i for i in seen if i not in here]))
    return StockTakeDTO(stock_take_id, room, started_at, by_name, finished_at, tuple(expected),
                        tuple(seen), elsewhere)


def start_stock_take(uow: AssetUnitOfWork, actor: Actor, room_id: int, *,
                     now: dt.datetime | None = None) -> StockTakeDTO:
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    with uow:
        room = uow.rooms.get(room_id)
        if room is None:
            raise NotFound("Ruangan tidak ditemukan.")
        stock_take_id = uow.assets.start_stock_take(room_id, actor.user_id, now)
        audit(uow, actor, "create", "stock_take", stock_take_id, f"Stock opname {room.label} dimulai",
              now=now)
        uow.commit()
        return _stock_take(uow, stock_take_id)


def open_stock_take(uow: AssetUnitOfWork, actor: Actor, room_id: int) -> StockTakeDTO | None:
    """The room's latest stock-take when it is not finished (to go on with it), else None."""
    require(actor, *READ_ROLES)
    with uow.read_only():
        latest = uow.assets.latest_stock_take(room_id)
        if latest is None:
            return None
        taken = _stock_take(uow, latest)
    return taken if taken.finished_at is None else None


def stock_take(uow: AssetUnitOfWork, actor: Actor, stock_take_id: int) -> StockTakeDTO:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return _stock_take(uow, stock_take_id)


def mark_seen(uow: AssetUnitOfWork, actor: Actor, stock_take_id: int, scanned: str, *,
              now: dt.datetime | None = None) -> tuple[StockTakeDTO, AssetDTO]:
    """A label scanned (or typed) during a stock-take: the asset is marked seen."""
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    parsed = parse_label(scanned)
    if parsed is None:
        raise ValidationError({"scan": "Bukan label barang milik daerah."})
    with uow:
        found = uow.assets.stock_take(stock_take_id)
        if found is None:
            raise NotFound("Stock opname tidak ditemukan.")
        if found[3] is not None:
            raise ValidationError({"scan": "Stock opname ini sudah selesai."})
        asset = uow.assets.by_label(*parsed)
        if asset is None:
            raise ValidationError({"scan": f"Barang {parsed[0]} reg. {parsed[1]:04d} tidak ada di "
                                           "daftar."})
        uow.assets.mark_seen(stock_take_id, asset.id, now)
        uow.commit()
        return _stock_take(uow, stock_take_id), asset


def finish_stock_take(uow: AssetUnitOfWork, actor: Actor, stock_take_id: int, *,
                      now: dt.datetime | None = None) -> StockTakeDTO:
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    with uow:
        taken = _stock_take(uow, stock_take_id)
        if taken.finished_at is not None:
            raise ValidationError({"status": "Stock opname ini sudah selesai."})
        uow.assets.finish_stock_take(stock_take_id, now)
        found = len(taken.expected) - len(taken.missing)  # of this room's (the others are apart)
        elsewhere = f", {len(taken.seen_elsewhere)} dari ruangan lain" if taken.seen_elsewhere else ""
        audit(uow, actor, "update", "stock_take", stock_take_id,
              f"Stock opname {taken.room.label} selesai: {found} ditemukan, "
              f"{len(taken.missing)} tidak ditemukan{elsewhere}", now=now)
        uow.commit()
        return _stock_take(uow, stock_take_id)


# --------------------------------------------------------------------------- import of a KIB


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    register: int | None  # as in the old book; None: numbered on import
    fields: AssetFields


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class KibImportPreview:
    problems: tuple[ImportProblem, ...]
    assets: int
    per_kib: dict[str, int]


def import_kib(uow: AssetUnitOfWork, actor: Actor, rows: Sequence[ImportRow], *, apply: bool,
               now: dt.datetime | None = None, local: LocalTime = to_local) -> KibImportPreview:
    """An existing KIB from XLSX: every row checked first; with ``apply`` and no problem, all
    written in one transaction, and each code's register numbers continue after the highest."""
    require(actor, *WRITE_ROLES)
    now = now or utcnow()
    today = _today(now, local)
    problems: list[ImportProblem] = []
    ready: list[tuple[int, Kib, int | None, AssetFields]] = []
    with uow:
        taken = set()
        highest = uow.assets.highest_registers()
        for item in rows:
            try:
                code, kib = _code_for_assets(uow, item.fields.code)
                fields = check_asset_fields(replace(item.fields, code=code), kib, today)
            except ValidationError as exc:
                problems += [ImportProblem(item.row, f, m) for f, m in exc.errors.items()]
                continue
            if item.register is not None:
                key = (code, item.register)
                if item.register < 1:
                    problems.append(ImportProblem(item.row, "register", "Nomor register mulai dari 1."))
                    continue
                if key in taken or uow.assets.register_used(code, item.register):
                    problems.append(ImportProblem(item.row, "register",
                                                  f"Register {item.register:04d} kode {code} sudah ada."))
                    continue
                taken.add(key)
            ready.append((item.row, kib, item.register, fields))
        per_kib: dict[str, int] = defaultdict(int)
        for _, kib, _, _ in ready:
            per_kib[kib.value] += 1
        preview = KibImportPreview(tuple(problems), len(ready), dict(per_kib))
        if problems or not apply or not ready:
            return preview
        for code in sorted({f.code for _, _, r, f in ready if r is not None}):
            top = max(r for _, _, r, f in ready if f.code == code and r is not None)
            uow.counters.raise_to(counter_scope(code), max(top, highest.get(code, 0)))
        for _row, kib, register, fields in ready:
            number = register if register is not None else uow.counters.next(counter_scope(fields.code))
            (asset_id,) = uow.assets.add_many([(fields, number)], kib, actor.user_id, now, imported=True)
            uow.assets.add_mutation(asset_id, MutationKind.ACQUIRED, fields.depreciation_start or today,
                                    "Perolehan (impor KIB)", by_user_id=actor.user_id, at=now,
                                    to_code=fields.code, to_register=number, value_change=fields.value)
        audit(uow, actor, "import", "asset", "-", f"Impor KIB: {len(ready)} barang", now=now)
        uow.commit()
        return preview


def condition_counts(assets: Sequence[AssetDTO]) -> dict[Condition, int]:
    counts = dict.fromkeys(Condition, 0)
    for a in assets:
        counts[a.condition] += 1
    return counts
