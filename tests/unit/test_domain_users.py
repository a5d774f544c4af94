"""Rules for user accounts and roles: names, passwords, lockout."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.errors import AccountLocked, AuthenticationFailed, DomainError, ValidationError
from dinsos_desktop.domain.roles import ROLE_LABELS, Role, parse_role
from dinsos_desktop.domain.users import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    MIN_PASSWORD_LENGTH,
    USERNAME,
    LoginState,
    normalize_username,
    validate_password,
    validate_username,
)

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- user names


@pytest.mark.parametrize("name", ["adi", "budi.santoso", "sari_dewi", "agus-2", "a" * 32, "x12"])
def test_valid_usernames(name: str) -> None:
    validate_username(name)


@pytest.mark.parametrize("name", ["", "ab", "a" * 33, "1budi", "_budi", "Budi", "budi santoso",
                                  "budi@dinsos", "büdi", ".budi"])
def test_invalid_usernames(name: str) -> None:
    with pytest.raises(ValidationError) as invalid:
        validate_username(name)
    assert set(invalid.value.errors) == {"username"}


def test_normalize_username() -> None:
    assert normalize_username("  Budi.Santoso ") == "budi.santoso"


@given(st.from_regex(USERNAME, fullmatch=True))
def test_any_name_matching_the_pattern_is_valid(name: str) -> None:
    validate_username(name)
    assert normalize_username(name) == name


@given(st.text(max_size=40))
def test_validation_either_passes_or_names_the_field(name: str) -> None:
    try:
        validate_username(name)
    except ValidationError as e:
        assert list(e.errors) == ["username"]
    else:
        assert USERNAME.match(name)


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize("password", ["rahasia1", "Sandi-kuat-2026", "a1b2c3d4", "kata sandi 9"])
def test_valid_passwords(password: str) -> None:
    validate_password(password)


@pytest.mark.parametrize(("password", "fragment"), [
    ("", "minimal"),
    ("abc123", "minimal"),
    ("a" * (MIN_PASSWORD_LENGTH - 1), "minimal"),
    ("12345678", "huruf dan angka"),
    ("abcdefgh", "huruf dan angka"),
    (" rahasia1", "spasi"),
    ("rahasia1 ", "spasi"),
])
def test_invalid_passwords(password: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as invalid:
        validate_password(password)
    assert set(invalid.value.errors) == {"password"}
    assert fragment in invalid.value.errors["password"]


def test_password_error_names_the_given_field() -> None:
    with pytest.raises(ValidationError) as invalid:
        validate_password("pendek", field="new_password")
    assert set(invalid.value.errors) == {"new_password"}


# --------------------------------------------------------------------------- lockout


def test_lockout_after_the_fifth_failure() -> None:
    state = LoginState(0, None)
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        state = state.after_failure(NOW)
        assert state == LoginState(attempt, None)
        assert not state.is_locked(NOW)
    state = state.after_failure(NOW)
    assert state == LoginState(0, NOW + LOCKOUT)
    assert state.is_locked(NOW)
    assert state.is_locked(NOW + LOCKOUT - dt.timedelta(microseconds=1))
    assert not state.is_locked(NOW + LOCKOUT)
    assert MAX_FAILED_ATTEMPTS == 5
    assert LOCKOUT == dt.timedelta(minutes=15)


@given(st.integers(0, 50))
def test_lock_happens_every_fifth_failure(failures: int) -> None:
    state = LoginState(0, None)
    locks = 0
    for _ in range(failures):
        state = state.after_failure(NOW)
        if state.locked_until is not None:
            locks += 1
            state = LoginState(state.failed_attempts, None)  # the lock has expired
    assert locks == failures // MAX_FAILED_ATTEMPTS
    assert state.failed_attempts == failures % MAX_FAILED_ATTEMPTS


def test_unlocked_state() -> None:
    assert not LoginState(4, None).is_locked(NOW)


# --------------------------------------------------------------------------- roles and errors


def test_every_role_has_a_label() -> None:
    assert set(ROLE_LABELS) == set(Role)
    assert Role.ADMIN.label == "Administrator"
    assert Role.FRONT_OFFICE.label == "Petugas Front Office"


@pytest.mark.parametrize(("text", "role"), [("admin", Role.ADMIN), (" Front_Office ", Role.FRONT_OFFICE),
                                            ("PIMPINAN", Role.PIMPINAN)])
def test_parse_role(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_parse_unknown_role_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="superuser") as unknown:
        parse_role("superuser")
    for role in Role:
        assert role.value in str(unknown.value)


def test_error_hierarchy_and_messages() -> None:
    assert issubclass(AccountLocked, AuthenticationFailed)
    assert issubclass(AuthenticationFailed, DomainError)
    error = ValidationError({"username": "Wajib diisi.", "password": "Terlalu pendek."})
    assert error.message == "Wajib diisi.; Terlalu pendek."
    assert error.errors == {"username": "Wajib diisi.", "password": "Terlalu pendek."}
