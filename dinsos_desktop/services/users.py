"""Use cases: the first admin, logging in, managing accounts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from dinsos_desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    DuplicateError,
    NotFound,
    ValidationError,
)
from dinsos_desktop.domain.office import NIP
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.users import (
    LoginState,
    normalize_username,
    validate_password,
    validate_username,
)
from dinsos_desktop.services.common import audit, require, utcnow
from dinsos_desktop.services.dto import SYSTEM, Actor, StoredUser, UserDTO
from dinsos_desktop.services.passwords import dummy_hash, hash_password, verify_password
from dinsos_desktop.services.uow import UnitOfWork


def _summary(u: StoredUser) -> dict[str, object]:
    return {
        "username": u.username,
        "full_name": u.full_name,
        "nip": u.nip,
        "roles": sorted(r.value for r in u.roles),
        "is_active": u.is_active,
    }


def _actor(u: StoredUser) -> Actor:
    return Actor(u.id, u.username, u.full_name, u.roles)


def _check_fields(username: str, full_name: str, nip: str, roles: Iterable[Role]) -> None:
    validate_username(username)
    errors = {}
    if not full_name.strip():
        errors["full_name"] = "Nama lengkap wajib diisi."
    if nip and not NIP.match(nip):
        errors["nip"] = "NIP terdiri dari 18 angka."
    if not list(roles):
        errors["roles"] = "Pilih sedikitnya satu peran."
    if errors:
        raise ValidationError(errors)


def needs_first_admin(uow: UnitOfWork) -> bool:
    with uow.read_only():
        return uow.users.count() == 0


def create_first_admin(uow: UnitOfWork, username: str, full_name: str, password: str,
                       *, now: dt.datetime | None = None) -> Actor:
    """On first start the person installing the application creates the admin account."""
    username = normalize_username(username)
    _check_fields(username, full_name, "", [Role.ADMIN])
    validate_password(password)
    now = now or utcnow()
    with uow:
        uow.lock("first-admin")  # two workstations on a new server: only one first admin
        if uow.users.count() != 0:
            raise DuplicateError("Akun admin sudah dibuat. Silakan masuk.")
        user = uow.users.add(username, full_name.strip(), "", frozenset({Role.ADMIN}),
                             hash_password(password), now)
        audit(uow, SYSTEM, "create", "user", user.id, f"Admin pertama '{username}' dibuat",
              after=_summary(user), now=now)
        uow.commit()
        return _actor(user)


def login(uow: UnitOfWork, username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check a password; five wrong ones in a row lock the account for a while."""
    username = normalize_username(username)
    now = now or utcnow()
    with uow:
        user = uow.users.get_by_username(username)
        if user is None:
            verify_password(dummy_hash(), password)
            raise AuthenticationFailed("Nama pengguna atau kata sandi salah.")
        state = LoginState(user.failed_attempts, user.locked_until)
        if state.is_locked(now):
            raise AccountLocked(_locked_message(state.locked_until, now))
        if not user.is_active:
            raise AuthenticationFailed("Akun ini telah dinonaktifkan. Hubungi admin.")
        if not verify_password(user.password_hash, password):
            state = state.after_failure(now)
            uow.users.record_login_attempt(user.id, state.failed_attempts, state.locked_until)
            actor = _actor(user)
            if state.locked_until is not None:
                audit(uow, actor, "lock", "user", user.id,
                      "Akun dikunci setelah 5 kali salah kata sandi", now=now)
                uow.commit()
                raise AccountLocked(_locked_message(state.locked_until, now))
            uow.commit()
            raise AuthenticationFailed("Nama pengguna atau kata sandi salah.")
        uow.users.record_login_attempt(user.id, 0, None)
        audit(uow, _actor(user), "login", "user", user.id, "Masuk", now=now)
        uow.commit()
        return _actor(user)


def _locked_message(until: dt.datetime | None, now: dt.datetime) -> str:
    minutes = 1
    if until is not None:
        minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return (f"Akun terkunci karena 5 kali salah kata sandi. Coba lagi dalam {minutes} menit, "
            "atau minta admin mengatur ulang kata sandi.")


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserDTO]:
    require(actor, Role.ADMIN)
    with uow.read_only():
        return [u.to_dto() for u in uow.users.list()]


def create_user(uow: UnitOfWork, actor: Actor, username: str, full_name: str,
                roles: Iterable[Role], password: str, *, nip: str = "",
                now: dt.datetime | None = None) -> UserDTO:
    require(actor, Role.ADMIN)
    username = normalize_username(username)
    role_set = frozenset(roles)
    nip = nip.replace(" ", "")
    _check_fields(username, full_name, nip, role_set)
    validate_password(password)
    now = now or utcnow()
    with uow:
        if uow.users.get_by_username(username) is not None:
            raise ValidationError({"username": f"Nama pengguna '{username}' sudah dipakai."})
        user = uow.users.add(username, full_name.strip(), nip, role_set,
                             hash_password(password), now)
        audit(uow, actor, "create", "user", user.id, f"Pengguna '{username}' dibuat",
              after=_summary(user), now=now)
        uow.commit()
        return user.to_dto()


def _load(uow: UnitOfWork, user_id: int) -> StoredUser:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("Pengguna tidak ditemukan (mungkin sudah dihapus dari workstation lain).")
    return user


def update_user(uow: UnitOfWork, actor: Actor, user_id: int, *, full_name: str, nip: str,
                roles: Iterable[Role], expected_version: int,
                now: dt.datetime | None = None) -> UserDTO:
    require(actor, Role.ADMIN)
    role_set = frozenset(roles)
    nip = nip.replace(" ", "")
    with uow:
        user = _load(uow, user_id)
        _check_fields(user.username, full_name, nip, role_set)
        if user.id == actor.user_id and Role.ADMIN not in role_set:
            raise ValidationError({"roles": "Anda tidak dapat mencabut peran admin dari akun sendiri."})
        changed = dataclasses.replace(user, full_name=full_name.strip(), nip=nip, roles=role_set)
        saved = uow.users.update(changed, expected_version=expected_version)
        audit(uow, actor, "update", "user", user.id, f"Data pengguna '{user.username}' diubah",
              before=_summary(user), after=_summary(saved), now=now)
        uow.commit()
        return saved.to_dto()


def reset_password(uow: UnitOfWork, actor: Actor, user_id: int, new_password: str,
                   *, now: dt.datetime | None = None) -> UserDTO:
    """Admin sets a new password; this also lifts a lockout."""
    require(actor, Role.ADMIN)
    validate_password(new_password)
    with uow:
        user = _load(uow, user_id)
        changed = dataclasses.replace(user, password_hash=hash_password(new_password),
                                      failed_attempts=0, locked_until=None)
        saved = uow.users.update(changed, expected_version=user.version)
        audit(uow, actor, "update", "user", user.id,
              f"Kata sandi '{user.username}' diatur ulang", now=now)
        uow.commit()
        return saved.to_dto()


def change_own_password(uow: UnitOfWork, actor: Actor, old_password: str, new_password: str,
                        *, now: dt.datetime | None = None) -> None:
    if actor.user_id is None:
        raise NotFound("Akun sistem tidak memiliki kata sandi.")
    validate_password(new_password, field="new_password")
    with uow:
        user = _load(uow, actor.user_id)
        if not verify_password(user.password_hash, old_password):
            raise ValidationError({"old_password": "Kata sandi lama salah."})
        changed = dataclasses.replace(user, password_hash=hash_password(new_password))
        uow.users.update(changed, expected_version=user.version)
        audit(uow, actor, "update", "user", user.id, "Kata sandi sendiri diganti", now=now)
        uow.commit()


def set_active(uow: UnitOfWork, actor: Actor, user_id: int, active: bool, *,
               expected_version: int, now: dt.datetime | None = None) -> UserDTO:
    require(actor, Role.ADMIN)
    with uow:
        user = _load(uow, user_id)
        if user.id == actor.user_id and not active:
            raise ValidationError({"is_active": "Anda tidak dapat menonaktifkan akun sendiri."})
        saved = uow.users.update(dataclasses.replace(user, is_active=active),
                                 expected_version=expected_version)
        word = "diaktifkan" if active else "dinonaktifkan"
        audit(uow, actor, "update", "user", user.id, f"Pengguna '{user.username}' {word}",
              before=_summary(user), after=_summary(saved), now=now)
        uow.commit()
        return saved.to_dto()
