"""The office profile: letterhead and signatories of every printout."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dinsos_desktop.domain.errors import ValidationError

UNIT_CODE = re.compile(r"^\d{3}(\.\d{1,4})*$")
NIP = re.compile(r"^\d{18}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Signatory:
    position: str  # jabatan, e.g. "Sekretaris"
    name: str
    nip: str = ""
    rank: str = ""  # pangkat/golongan, e.g. "Pembina Tingkat I (IV/b)"


@dataclass(frozen=True, slots=True)
class OfficeProfile:
    government_name: str = "PEMERINTAH KOTA PASURUAN"
    office_name: str = "DINAS SOSIAL"
    # Defaults from the letterhead of the office's decree 188/76/423.105/2021; the admin confirms them.
    address: str = "Jalan Dr. Wahidin Sudirohusodo Nomor 85 A"
    city: str = "Pasuruan"
    postal_code: str = "67117"
    phone: str = "(0343) 423628"
    email: str = ""
    website: str = ""
    unit_code: str = "423.105"
    head: Signatory = field(default_factory=lambda: Signatory("Kepala Dinas Sosial", ""))
    signatories: tuple[Signatory, ...] = ()
    logo_png: bytes | None = None
    version: int = 0  # optimistic concurrency; 0 = never saved

    @property
    def is_configured(self) -> bool:
        return self.version > 0

    def contact_line(self) -> str:
        parts = [self.address]
        if self.phone:
            parts.append(f"Telp. {self.phone}")
        if self.email:
            parts.append(f"Email: {self.email}")
        if self.website:
            parts.append(self.website)
        return " – ".join(p for p in parts if p)


def validate_office_profile(p: OfficeProfile) -> None:
    errors: dict[str, str] = {}
    if not p.government_name.strip():
        errors["government_name"] = "Nama pemerintah daerah wajib diisi."
    if not p.office_name.strip():
        errors["office_name"] = "Nama kantor wajib diisi."
    if not p.address.strip():
        errors["address"] = "Alamat kantor wajib diisi."
    if p.unit_code and not UNIT_CODE.match(p.unit_code):
        errors["unit_code"] = "Kode unit berbentuk angka bertitik, misalnya 423.105."
    if p.email and not EMAIL.match(p.email):
        errors["email"] = "Alamat email tidak valid."
    if p.postal_code and not re.fullmatch(r"\d{5}", p.postal_code):
        errors["postal_code"] = "Kode pos terdiri dari 5 angka."
    if not p.head.name.strip():
        errors["head_name"] = "Nama kepala kantor wajib diisi."
    if p.head.nip and not NIP.match(p.head.nip.replace(" ", "")):
        errors["head_nip"] = "NIP terdiri dari 18 angka."
    for i, s in enumerate(p.signatories):
        if not s.position.strip() or not s.name.strip():
            errors[f"signatory_{i}"] = f"Penanda tangan ke-{i + 1}: jabatan dan nama wajib diisi."
        elif s.nip and not NIP.match(s.nip.replace(" ", "")):
            errors[f"signatory_{i}"] = f"Penanda tangan ke-{i + 1}: NIP terdiri dari 18 angka."
    if p.logo_png is not None and len(p.logo_png) > 2 * 1024 * 1024:
        errors["logo"] = "Logo terlalu besar (maksimal 2 MB)."
    if errors:
        raise ValidationError(errors)


def format_nip(nip: str) -> str:
    """'197001011990031001' -> '19700101 199003 1 001', the way NIPs are printed."""
    digits = nip.replace(" ", "")
    if not NIP.match(digits):
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
