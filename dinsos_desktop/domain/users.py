"""Rules for user accounts: names, passwords, lockout."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dinsos_desktop.domain.errors import ValidationError

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
MIN_PASSWORD_LENGTH = 8
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=15)


def normalize_username(username: str) -> str:
    return username.strip().lower()


def validate_username(username: str) -> None:
    if not USERNAME.match(username):
        raise ValidationError({
            "username": "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, '-' atau '_', "
                        "diawali huruf."
        })


def validate_password(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({field: f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter."})
    if password.strip() != password:
        raise ValidationError({field: "Kata sandi tidak boleh diawali atau diakhiri spasi."})
    if password.isdigit() or password.isalpha():
        raise ValidationError({field: "Kata sandi harus memuat huruf dan angka."})


@dataclass(frozen=True, slots=True)
class LoginState:
    failed_attempts: int
    locked_until: dt.datetime | None

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: dt.datetime) -> LoginState:
        attempts = self.failed_attempts + 1
        if attempts >= MAX_FAILED_ATTEMPTS:
            return LoginState(0, now + LOCKOUT)
        return LoginState(attempts, None)
