"""Receipt signatures: the QR code on a tanda terima carries the tracking number and a signature
made with the office's secret, so the application can tell a genuine receipt from an edited one."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from dinsos_desktop.services.uow import UnitOfWork

SECRET_KEY = "receipt_secret"
SIGNATURE_LENGTH = 16  # hex characters: 64 bits, plenty against forging a printed slip


def office_secret(uow: UnitOfWork) -> bytes:
    """The office's receipt secret, created on first use (inside the caller's transaction)."""
    value = uow.settings.get(SECRET_KEY)
    if value is None:
        uow.lock(SECRET_KEY)  # two workstations printing their first receipt at once: one secret
        value = uow.settings.get(SECRET_KEY)
    if value is None:
        value = secrets.token_hex(32)
        uow.settings.set(SECRET_KEY, value)
    return bytes.fromhex(value)


def sign(secret: bytes, number: str) -> str:
    digest = hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()
    return digest[:SIGNATURE_LENGTH].upper()


def qr_payload(secret: bytes, number: str) -> str:
    """'26-000451-7*9F2C1A…': the number, then its signature."""
    return f"{number}*{sign(secret, number)}"


def verify_payload(secret: bytes, payload: str) -> str | None:
    """The number when the payload's signature is genuine, else None."""
    number, sep, signature = payload.strip().partition("*")
    if not sep or not number:
        return None
    try:
        expected = sign(secret, number)
    except UnicodeEncodeError:
        return None
    return number if hmac.compare_digest(expected, signature.upper()) else None
