"""The account use cases over an in-memory unit of work: fast checks of the service logic itself
(the same use cases run against SQLite and PostgreSQL in tests/integration/test_services_db.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dinsos_desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    ConflictError,
    DuplicateError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.users import LOCKOUT, MAX_FAILED_ATTEMPTS
from dinsos_desktop.services import passwords
from dinsos_desktop.services.dto import SYSTEM, Actor, command_line_actor
from dinsos_desktop.services.users import (
    change_own_password,
    create_first_admin,
    create_user,
    list_users,
    login,
    needs_first_admin,
    reset_password,
    set_active,
    update_user,
)
from tests.fakes import FakeUnitOfWork

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PASSWORD = "Rahasia-uji-1"


@pytest.fixture
def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def boss(fake: FakeUnitOfWork) -> Actor:
    return create_first_admin(fake, "kepala", "Kepala Kantor", PASSWORD, now=T0)


def test_first_admin(fake: FakeUnitOfWork) -> None:
    assert needs_first_admin(fake)
    actor = create_first_admin(fake, " Kepala ", " Kepala Kantor ", PASSWORD, now=T0)
    assert (actor.username, actor.full_name, actor.roles) == ("kepala", "Kepala Kantor",
                                                              frozenset({Role.ADMIN}))
    assert not needs_first_admin(fake)
    stored = fake.stored_users()["kepala"]
    assert stored.password_hash != PASSWORD
    assert passwords.verify_password(stored.password_hash, PASSWORD)
    [entry] = fake.audit_entries()
    assert (entry.actor_username, entry.action, entry.entity) == (SYSTEM.username, "create", "user")
    with pytest.raises(DuplicateError):
        create_first_admin(fake, "lain", "Lain", PASSWORD)


def test_refused_input_commits_nothing(fake: FakeUnitOfWork) -> None:
    with pytest.raises(ValidationError):
        create_first_admin(fake, "kepala", "Kepala", "pendek")
    assert fake.commits == 0


def test_lockout_cycle(fake: FakeUnitOfWork, boss: Actor) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationFailed):
            login(fake, "kepala", "salah", now=T0)
    assert fake.stored_users()["kepala"].failed_attempts == MAX_FAILED_ATTEMPTS - 1
    with pytest.raises(AccountLocked, match="15 menit"):
        login(fake, "kepala", "salah", now=T0)
    stored = fake.stored_users()["kepala"]
    assert (stored.failed_attempts, stored.locked_until) == (0, T0 + LOCKOUT)
    with pytest.raises(AccountLocked, match="1 menit"):
        login(fake, "kepala", PASSWORD, now=T0 + LOCKOUT - dt.timedelta(seconds=30))
    assert login(fake, "kepala", PASSWORD, now=T0 + LOCKOUT) == boss
    assert fake.stored_users()["kepala"].locked_until is None
    assert [e.action for e in fake.audit_entries()] == ["create", "lock", "login"]


def test_failed_logins_do_not_bump_the_version(fake: FakeUnitOfWork, boss: Actor) -> None:
    with pytest.raises(AuthenticationFailed):
        login(fake, "kepala", "salah", now=T0)
    assert fake.stored_users()["kepala"].version == 1


def test_permissions(fake: FakeUnitOfWork, boss: Actor) -> None:
    create_user(fake, boss, "petugas", "Petugas", [Role.FRONT_OFFICE, Role.PIMPINAN], PASSWORD)
    clerk = login(fake, "petugas", PASSWORD)
    user_id = fake.stored_users()["petugas"].id
    commits = fake.commits
    for attempt in (
        lambda: create_user(fake, clerk, "x" * 5, "X", [Role.ADMIN], PASSWORD),
        lambda: list_users(fake, clerk),
        lambda: update_user(fake, clerk, user_id, full_name="X", nip="", roles=[Role.ADMIN],
                            expected_version=1),
        lambda: reset_password(fake, clerk, user_id, "Sandi-baru-1"),
        lambda: set_active(fake, clerk, user_id, False, expected_version=1),
    ):
        with pytest.raises(PermissionDenied, match="Administrator"):
            attempt()
    assert fake.commits == commits


def test_system_and_command_line_actors_may_administer(fake: FakeUnitOfWork) -> None:
    cli = command_line_actor("budi")
    assert cli.user_id is None and cli.username == "cli:budi"
    assert cli.roles == frozenset(Role)
    created = create_user(fake, cli, "baru", "Baru", [Role.AGENDARIS], PASSWORD)
    assert created.username == "baru"
    with pytest.raises(NotFound):
        change_own_password(fake, cli, PASSWORD, "Sandi-baru-1")


def test_update_conflict_and_audit(fake: FakeUnitOfWork, boss: Actor) -> None:
    user = create_user(fake, boss, "sari", "Sari", [Role.AGENDARIS], PASSWORD, now=T0)
    update_user(fake, boss, user.id, full_name="Sari Dewi", nip="", roles=[Role.AGENDARIS],
                expected_version=user.version, now=T0)
    with pytest.raises(ConflictError):
        update_user(fake, boss, user.id, full_name="Sari Lain", nip="", roles=[Role.AGENDARIS],
                    expected_version=user.version, now=T0)
    assert fake.stored_users()["sari"].full_name == "Sari Dewi"
    entry = fake.audit_entries()[-1]
    assert json.loads(entry.before or "")["full_name"] == "Sari"
    assert json.loads(entry.after or "")["full_name"] == "Sari Dewi"
    assert entry.actor_id == boss.user_id


def test_reset_password_uses_the_current_version(fake: FakeUnitOfWork, boss: Actor) -> None:
    user = create_user(fake, boss, "joko", "Joko", [Role.FRONT_OFFICE], PASSWORD)
    update_user(fake, boss, user.id, full_name="Joko W", nip="", roles=[Role.FRONT_OFFICE],
                expected_version=user.version)
    reset = reset_password(fake, boss, user.id, "Sandi-baru-1")  # no version from the caller
    assert reset.version == 3
    assert login(fake, "joko", "Sandi-baru-1").username == "joko"


def test_unknown_user_costs_a_password_check(fake: FakeUnitOfWork, boss: Actor,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    original = passwords.verify_password

    def spy(stored_hash: str, password: str) -> bool:
        checked.append(stored_hash)
        return original(stored_hash, password)

    monkeypatch.setattr("dinsos_desktop.services.users.verify_password", spy)
    with pytest.raises(AuthenticationFailed):
        login(fake, "hantu", PASSWORD)
    assert checked == [passwords.dummy_hash()]


def test_password_hashes() -> None:
    first = passwords.hash_password(PASSWORD)
    second = passwords.hash_password(PASSWORD)
    assert first != second, "salted"
    assert first.startswith("$argon2id$")
    assert passwords.verify_password(first, PASSWORD)
    assert not passwords.verify_password(first, PASSWORD + "x")
    assert not passwords.verify_password("bukan-hash", PASSWORD)
