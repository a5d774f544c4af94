"""Application tracking numbers and return-slip numbers, with a Damm check digit.

Tracking number (nomor registrasi) ``26-000451-7``: two-digit year, six-digit sequence within that
year, one check digit. 11 characters, digits only, so it reads aloud in three short groups
("dua enam – nol nol nol empat lima satu – tujuh") and sorts by year and sequence. The sequence
comes from a counter row locked in the registering transaction (the database's job); here are
only its format and its check.

Return-slip number (nomor tanda pengembalian berkas) ``K26-000123-4``: ``K`` for *kembali*, its own
counter, the same layout. Its check digit is the Damm digit of the same eight digits preceded by a
fixed ``1`` that is never written: a slip number whose K is lost is therefore never a valid
tracking number, and a tracking number with a K added is never a valid slip number.

The check digit (H. Michael Damm, 2004) uses an order-10 totally anti-symmetric quasigroup: it
detects every single mistyped digit and every swap of two neighbouring digits, with one decimal
digit and no letters (unlike ISO 7064 mod 11-10's "X", or Luhn, which misses 09 <-> 90).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The quasigroup of Damm's dissertation: row = interim digit, column = next digit. Every row and
# column is a permutation of 0-9, the diagonal is 0, and (c*x)*y == (c*y)*x only when x == y.
DAMM_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

SEQUENCE_DIGITS = 6
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
FIRST_YEAR = 2000
LAST_YEAR = 2099
RETURN_SLIP_PREFIX = "K"
_RETURN_SLIP_SALT = "1"  # the unwritten leading digit of a return slip's check

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015./]+")
_TRACKING = re.compile(r"(\d{2})(\d{6})(\d)")
_RETURN_SLIP = re.compile(r"K(\d{2})(\d{6})(\d)")


def _interim(digits: str, start: int = 0) -> int:
    interim = start
    for ch in digits:
        if not ("0" <= ch <= "9"):
            raise ValueError(f"not a decimal digit: {ch!r}")
        interim = DAMM_TABLE[interim][ord(ch) - 48]
    return interim


def damm_check_digit(digits: str) -> int:
    """The digit that, appended to ``digits``, makes the Damm check come out 0. '572' -> 4."""
    return _interim(digits)


def damm_is_valid(digits_with_check: str) -> bool:
    """True when the last digit is the Damm check digit of the others."""
    if not digits_with_check or not digits_with_check.isascii() or not digits_with_check.isdigit():
        return False
    return _interim(digits_with_check) == 0


@dataclass(frozen=True, slots=True, order=True)
class TrackingNumber:
    year: int  # 2026
    sequence: int  # 451

    def __str__(self) -> str:
        return format_tracking_number(self.year, self.sequence)


@dataclass(frozen=True, slots=True, order=True)
class ReturnSlipNumber:
    year: int
    sequence: int

    def __str__(self) -> str:
        return format_return_slip_number(self.year, self.sequence)


def _body(year: int, sequence: int) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} outside {FIRST_YEAR}-{LAST_YEAR}")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence {sequence} outside 1-{MAX_SEQUENCE}")
    return f"{year % 100:02d}{sequence:0{SEQUENCE_DIGITS}d}"


def format_tracking_number(year: int, sequence: int) -> str:
    """(2026, 451) -> '26-000451-7'. Raises ValueError outside 2000-2099 or 1-999999."""
    body = _body(year, sequence)
    return f"{body[:2]}-{body[2:]}-{damm_check_digit(body)}"


def format_return_slip_number(year: int, sequence: int) -> str:
    """(2026, 123) -> 'K26-000123-x', the check digit seeded so that it differs from the
    tracking number's check digit of the same year and sequence."""
    body = _body(year, sequence)
    return f"{RETURN_SLIP_PREFIX}{body[:2]}-{body[2:]}-{damm_check_digit(_RETURN_SLIP_SALT + body)}"


def _clean(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def parse_tracking_number(text: str) -> TrackingNumber | None:
    """'26-000451-7', '26 000451 7', '260004517' -> TrackingNumber(2026, 451); None when the text
    is not a tracking number or its check digit is wrong."""
    match = _TRACKING.fullmatch(_clean(text))
    if match is None or not match.group(0).isascii():
        return None
    body = match.group(1) + match.group(2)
    if damm_check_digit(body) != int(match.group(3)) or int(match.group(2)) == 0:
        return None
    return TrackingNumber(FIRST_YEAR + int(match.group(1)), int(match.group(2)))


def parse_return_slip_number(text: str) -> ReturnSlipNumber | None:
    """'K26-000123-4', 'k26 000123 4' -> ReturnSlipNumber(2026, 123); None otherwise."""
    match = _RETURN_SLIP.fullmatch(_clean(text))
    if match is None or not match.group(0).isascii():
        return None
    body = match.group(1) + match.group(2)
    if damm_check_digit(_RETURN_SLIP_SALT + body) != int(match.group(3)) or int(match.group(2)) == 0:
        return None
    return ReturnSlipNumber(FIRST_YEAR + int(match.group(1)), int(match.group(2)))


def parse_document_number(text: str) -> TrackingNumber | ReturnSlipNumber | None:
    """Either kind, for the one search box where a clerk types whatever the applicant brought."""
    return parse_tracking_number(text) or parse_return_slip_number(text)


def parse_any_number(text: str) -> str | None:
    """The canonical text ('26-000451-7', 'K26-000123-0') of either kind of number, or None:
    the form numbers are stored and looked up in."""
    found = parse_document_number(text)
    return None if found is None else str(found)


def looks_like_document_number(text: str) -> bool:
    """True when ``text`` has the shape of either number, whether or not its check digit is right:
    the search box then says 'nomor salah ketik' instead of searching names for '26-000451-8'."""
    cleaned = _clean(text)
    return bool(_TRACKING.fullmatch(cleaned) or _RETURN_SLIP.fullmatch(cleaned)) and cleaned.isascii()
