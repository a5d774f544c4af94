"""Tracking and return-slip numbers: format, tolerant parsing, and what the Damm digit catches."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.tracking import (
    DAMM_TABLE,
    MAX_SEQUENCE,
    ReturnSlipNumber,
    TrackingNumber,
    damm_check_digit,
    damm_is_valid,
    format_return_slip_number,
    format_tracking_number,
    looks_like_document_number,
    parse_any_number,
    parse_document_number,
    parse_return_slip_number,
    parse_tracking_number,
)

years = st.integers(min_value=2000, max_value=2099)
sequences = st.integers(min_value=1, max_value=MAX_SEQUENCE)
DIGITS = "0123456789"


# --------------------------------------------------------------------------- the quasigroup


def test_the_table_is_a_latin_square_with_a_zero_diagonal() -> None:
    assert len(DAMM_TABLE) == 10
    for i in range(10):
        assert sorted(DAMM_TABLE[i]) == list(range(10))
        assert sorted(row[i] for row in DAMM_TABLE) == list(range(10))
        assert DAMM_TABLE[i][i] == 0


def test_the_table_is_totally_anti_symmetric() -> None:
    for c, x, y in itertools.product(range(10), repeat=3):
        if DAMM_TABLE[DAMM_TABLE[c][x]][y] == DAMM_TABLE[DAMM_TABLE[c][y]][x]:
            assert x == y, (c, x, y)


@pytest.mark.parametrize(("digits", "check"), [("572", 4), ("", 0), ("0", 0), ("5724", 0)])
def test_damm_check_digit(digits: str, check: int) -> None:
    assert damm_check_digit(digits) == check


def test_damm_validity() -> None:
    assert damm_is_valid("5724")
    assert not damm_is_valid("5723")
    assert not damm_is_valid("")
    assert not damm_is_valid("57a4")
    with pytest.raises(ValueError, match="digit"):
        damm_check_digit("5a")


@given(st.text(alphabet=DIGITS, min_size=1, max_size=20))
def test_damm_catches_every_single_substitution_and_adjacent_swap(body: str) -> None:
    number = body + str(damm_check_digit(body))
    assert damm_is_valid(number)
    for i, ch in enumerate(number):
        for other in DIGITS.replace(ch, ""):
            assert not damm_is_valid(number[:i] + other + number[i + 1:])
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
            assert not damm_is_valid(swapped)


# --------------------------------------------------------------------------- tracking numbers


def test_format() -> None:
    assert format_tracking_number(2026, 451) == "26-000451-7"
    assert format_tracking_number(2026, 1) == f"26-000001-{damm_check_digit('26000001')}"
    assert format_tracking_number(2030, 999_999)[:9] == "30-999999"
    assert str(TrackingNumber(2026, 451)) == "26-000451-7"


@pytest.mark.parametrize(("year", "sequence"), [(1999, 1), (2100, 1), (2026, 0), (2026, -1),
                                                (2026, 1_000_000)])
def test_out_of_range(year: int, sequence: int) -> None:
    with pytest.raises(ValueError):
        format_tracking_number(year, sequence)
    with pytest.raises(ValueError):
        format_return_slip_number(year, sequence)


@pytest.mark.parametrize("typed", ["26-000451-7", "260004517", "26 000451 7", " 26-000451 - 7 ",
                                   "26.000451.7", "26–000451–7", "26/000451/7"])
def test_parse_is_tolerant(typed: str) -> None:
    assert parse_tracking_number(typed) == TrackingNumber(2026, 451)


@pytest.mark.parametrize("typed", ["", "26-000451-8", "26-00451-7", "26-0000451-7", "K26-000451-7",
                                   "26-000451", "abc", "26-000000-" + str(damm_check_digit("26000000")),
                                   "２６-０００４５１-７"])
def test_parse_rejects(typed: str) -> None:
    assert parse_tracking_number(typed) is None


@given(years, sequences)
def test_round_trip_and_length(year: int, sequence: int) -> None:
    text = format_tracking_number(year, sequence)
    assert len(text) <= 14
    assert parse_tracking_number(text) == TrackingNumber(year, sequence)
    assert parse_tracking_number(text.replace("-", "")) == TrackingNumber(year, sequence)
    assert parse_tracking_number(text.replace("-", " ")) == TrackingNumber(year, sequence)


@given(years, sequences)
def test_every_single_digit_substitution_is_rejected(year: int, sequence: int) -> None:
    text = format_tracking_number(year, sequence)
    for i, ch in enumerate(text):
        if not ch.isdigit():
            continue
        for other in DIGITS.replace(ch, ""):
            assert parse_tracking_number(text[:i] + other + text[i + 1:]) is None, (text, i, other)


@given(years, sequences)
def test_every_swap_of_neighbouring_characters_is_rejected_or_harmless(year: int, sequence: int) -> None:
    text = format_tracking_number(year, sequence)
    original = TrackingNumber(year, sequence)
    for i in range(len(text) - 1):
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        if swapped == text:
            continue
        result = parse_tracking_number(swapped)
        if "-" in text[i:i + 2]:
            # Swapping a digit with a dash leaves the digits as they were: the same number, rightly.
            assert result in (None, original), (text, swapped)
        else:
            assert result is None, (text, swapped)


@given(years, sequences)
def test_every_swap_of_neighbouring_digits_is_rejected_even_across_a_dash(year: int, sequence: int) -> None:
    digits = format_tracking_number(year, sequence).replace("-", "")
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            assert parse_tracking_number(swapped) is None


@given(years, sequences, sequences)
def test_order_is_year_then_sequence(year: int, a: int, b: int) -> None:
    assert (TrackingNumber(year, a) < TrackingNumber(year, b)) == (a < b)
    assert (format_tracking_number(year, a) < format_tracking_number(year, b)) == (a < b)


# --------------------------------------------------------------------------- return slips


def test_return_slip_format() -> None:
    text = format_return_slip_number(2026, 123)
    assert text.startswith("K26-000123-")
    assert len(text) == 12
    assert str(ReturnSlipNumber(2026, 123)) == text
    assert parse_return_slip_number(text) == ReturnSlipNumber(2026, 123)
    assert parse_return_slip_number(text.lower().replace("-", " ")) == ReturnSlipNumber(2026, 123)


@given(years, sequences)
def test_the_two_kinds_never_pass_for_each_other(year: int, sequence: int) -> None:
    slip = format_return_slip_number(year, sequence)
    tracking = format_tracking_number(year, sequence)
    assert slip[-1] != tracking[-1]  # same digits, different check digit
    assert parse_tracking_number(slip) is None
    assert parse_tracking_number(slip[1:]) is None  # the K lost
    assert parse_return_slip_number(tracking) is None
    assert parse_return_slip_number("K" + tracking) is None  # a K added
    assert parse_document_number(slip) == ReturnSlipNumber(year, sequence)
    assert parse_document_number(tracking) == TrackingNumber(year, sequence)


@given(years, sequences)
def test_return_slip_errors_are_caught(year: int, sequence: int) -> None:
    text = format_return_slip_number(year, sequence)
    assert parse_return_slip_number(text) == ReturnSlipNumber(year, sequence)
    for i, ch in enumerate(text):
        if ch.isdigit():
            for other in DIGITS.replace(ch, ""):
                assert parse_return_slip_number(text[:i] + other + text[i + 1:]) is None
    digits = text[1:].replace("-", "")
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = "K" + digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            assert parse_return_slip_number(swapped) is None
    assert parse_return_slip_number(text[1] + "K" + text[2:]) is None  # K swapped inwards


def test_looks_like_a_number_even_with_a_wrong_check_digit() -> None:
    assert looks_like_document_number("26-000451-8")
    assert looks_like_document_number("k26 000123 9")
    assert not looks_like_document_number("Siti Aminah")
    assert not looks_like_document_number("3575045508950001")
    assert parse_document_number("Siti Aminah") is None


def test_parse_any_number_gives_the_canonical_text() -> None:
    slip = format_return_slip_number(2026, 123)
    assert parse_any_number(" 26 000451 7 ") == "26-000451-7"
    assert parse_any_number(slip.lower().replace("-", "")) == slip
    assert parse_any_number("26-000451-8") is None
