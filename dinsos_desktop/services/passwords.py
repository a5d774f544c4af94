"""argon2id password hashes."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher  # imported on first use: keeps start-up fast

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the user does not exist, so that a wrong user name
# takes as long as a wrong password.
@cache
def dummy_hash() -> str:
    return hash_password("tidak-ada-pengguna-1")
