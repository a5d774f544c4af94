"""The office profile: validation of the letterhead and the signatories."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.office import OfficeProfile, Signatory, format_nip, validate_office_profile

HEAD = Signatory("Kepala Dinas Sosial", "Drs. Bambang Hermanto, M.Si.", "196805121994031007",
                 "Pembina Tingkat I (IV/b)")


def _valid(**changes: Any) -> OfficeProfile:
    return dataclasses.replace(OfficeProfile(head=HEAD), **changes)


def _errors(profile: OfficeProfile) -> dict[str, str]:
    with pytest.raises(ValidationError) as invalid:
        validate_office_profile(profile)
    return invalid.value.errors


def test_defaults_need_only_the_head_name() -> None:
    assert set(_errors(OfficeProfile())) == {"head_name"}
    validate_office_profile(_valid())


def test_defaults_are_the_pasuruan_office() -> None:
    profile = OfficeProfile()
    assert profile.office_name == "DINAS SOSIAL"
    assert profile.government_name == "PEMERINTAH KOTA PASURUAN"
    assert profile.unit_code == "423.105"
    assert not profile.is_configured
    assert _valid(version=3).is_configured


@pytest.mark.parametrize(("changes", "field"), [
    ({"government_name": " "}, "government_name"),
    ({"office_name": ""}, "office_name"),
    ({"address": "  "}, "address"),
    ({"unit_code": "423,105"}, "unit_code"),
    ({"unit_code": "42"}, "unit_code"),
    ({"unit_code": "423.12345"}, "unit_code"),
    ({"email": "dinsos.pasuruankota.go.id"}, "email"),
    ({"email": "dinsos@pasuruan"}, "email"),
    ({"postal_code": "6711"}, "postal_code"),
    ({"postal_code": "67117a"}, "postal_code"),
    ({"head": Signatory("Kepala", "Nama", "12345")}, "head_nip"),
    ({"head": Signatory("Kepala", " ")}, "head_name"),
    ({"signatories": (Signatory("Sekretaris", ""),)}, "signatory_0"),
    ({"signatories": (Signatory("Sekretaris", "Siti"), Signatory("", "Ahmad"))}, "signatory_1"),
    ({"signatories": (Signatory("Sekretaris", "Siti", "1977"),)}, "signatory_0"),
    ({"logo_png": b"x" * (2 * 1024 * 1024 + 1)}, "logo"),
])
def test_invalid_fields(changes: dict[str, Any], field: str) -> None:
    assert set(_errors(_valid(**changes))) == {field}


@pytest.mark.parametrize("changes", [
    {"unit_code": ""},
    {"unit_code": "423"},
    {"unit_code": "423.105.1"},
    {"email": ""},
    {"email": "dinsos@pasuruankota.go.id"},
    {"postal_code": ""},
    {"head": Signatory("Kepala", "Nama", "")},
    {"head": Signatory("Kepala", "Nama", "19680512 199403 1 007")},
    {"signatories": (Signatory("Sekretaris", "Siti", "19770302 200604 2 011"),
                     Signatory("Bendahara", "Ani"))},
    {"logo_png": b"x" * (2 * 1024 * 1024)},
])
def test_valid_variants(changes: dict[str, Any]) -> None:
    validate_office_profile(_valid(**changes))


def test_all_problems_are_reported_at_once() -> None:
    errors = _errors(OfficeProfile(government_name="", office_name="", address="", email="x",
                                   postal_code="1", unit_code="x"))
    assert set(errors) == {"government_name", "office_name", "address", "email", "postal_code",
                           "unit_code", "head_name"}
    assert all(message.endswith(".") for message in errors.values())


def test_format_nip() -> None:
    assert format_nip("197001011990031001") == "19700101 199003 1 001"
    assert format_nip("19700101 199003 1 001") == "19700101 199003 1 001"
    assert format_nip("12345") == "12345"


def test_contact_line() -> None:
    profile = _valid(email="dinsos@pasuruankota.go.id", website="dinsos.pasuruankota.go.id")
    assert profile.contact_line() == ("Jalan Dr. Wahidin Sudirohusodo Nomor 85 A – Telp. (0343) 423628 – "
                                      "Email: dinsos@pasuruankota.go.id – dinsos.pasuruankota.go.id")
    assert _valid(phone="", address="Jl. Pahlawan 1").contact_line() == "Jl. Pahlawan 1"
