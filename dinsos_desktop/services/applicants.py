"""Use cases: the applicant register (citizens and institutions), search, history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from dinsos_desktop.domain.errors import (
    AlreadyRegistered,
    NeedsConfirmation,
    NotFound,
    ValidationError,
)
from dinsos_desktop.domain.nik import Sex, check_kk, decode_nik
from dinsos_desktop.domain.regions import RegionLookup
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.text import fold
from dinsos_desktop.services.common import audit, require, utcnow
from dinsos_desktop.services.dto import (
    Actor,
    ApplicantHit,
    ApplicationDTO,
    CitizenDTO,
    CitizenInput,
    InstitutionDTO,
    InstitutionInput,
    Page,
)
from dinsos_desktop.services.uow import UnitOfWork

REGISTER_ROLES = (Role.FRONT_OFFICE, Role.ADMIN)
READ_ROLES = (Role.FRONT_OFFICE, Role.ADMIN, Role.PIMPINAN)
INSTITUTION_KINDS = {
    "lks": "Lembaga Kesejahteraan Sosial (LKS)",
    "lksa": "Panti Asuhan / LKSA",
    "karang_taruna": "Karang Taruna",
    "masjid": "Masjid / Musholla",
    "yayasan": "Yayasan",
    "lainnya": "Lainnya",
}
_RT_RW = re.compile(r"^\d{1,3}$")
_PHONE = re.compile(r"^\+?[\d\s-]{6,20}$")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def normalize_citizen(data: CitizenInput) -> CitizenInput:
    return dataclasses.replace(
        data,
        nik=_digits(data.nik), kk=_digits(data.kk), full_name=" ".join(data.full_name.split()),
        birth_place=data.birth_place.strip(), sex=data.sex.strip().upper(),
        street=data.street.strip(), rt=data.rt.strip().lstrip("0").zfill(3) if data.rt.strip() else "",
        rw=data.rw.strip().lstrip("0").zfill(3) if data.rw.strip() else "",
        kelurahan=data.kelurahan.strip(), kecamatan=data.kecamatan.strip(), city=data.city.strip(),
        phone=data.phone.strip(),
    )


def _add(messages: dict[str, str], field: str, message: str) -> None:
    messages[field] = f"{messages[field]} {message}" if field in messages else message


def check_citizen(data: CitizenInput, *, today: dt.date, regions: RegionLookup | None) -> dict[str, str]:
    """Hard errors raise ValidationError; returns the warnings (field -> message)."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    sex = {"L": Sex.LAKI_LAKI, "P": Sex.PEREMPUAN}.get(data.sex)
    if sex is None:
        errors["sex"] = "Pilih jenis kelamin."
    nik = decode_nik(data.nik, today=today, regions=regions, entered_birth_date=data.birth_date,
                     entered_sex=sex)
    problems = list(nik.errors)
    if data.kk:
        kk = check_kk(data.kk, today=today, regions=regions)
        problems += kk.errors
        if not kk.errors:
            for p in kk.warnings:
                _add(warnings, p.field, p.message)
    for p in problems:
        _add(errors, p.field, p.message)
    if not nik.errors:
        for p in nik.warnings:  # each beside its field: a sex mismatch beside "sex", …
            _add(warnings, p.field, p.message)
    if not data.full_name:
        errors["full_name"] = "Nama lengkap wajib diisi."
    elif len(data.full_name) > 120:
        errors["full_name"] = "Nama lengkap paling panjang 120 karakter."
    if data.birth_date is None:
        errors["birth_date"] = "Tanggal lahir wajib diisi."
    elif data.birth_date > today:
        errors["birth_date"] = "Tanggal lahir tidak boleh di masa depan."
    elif data.birth_date.year < today.year - 130:
        errors["birth_date"] = "Tanggal lahir tidak masuk akal."
    if data.rt and not _RT_RW.match(data.rt):
        errors["rt"] = "RT berupa angka, paling banyak 3 digit."
    if data.rw and not _RT_RW.match(data.rw):
        errors["rw"] = "RW berupa angka, paling banyak 3 digit."
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = "Nomor telepon hanya berisi angka (boleh diawali +), 6–20 digit."
    if errors:
        raise ValidationError(errors)
    return warnings


def _citizen_summary(c: CitizenDTO) -> dict[str, Any]:
    d = dataclasses.asdict(c)
    for key in ("created_at", "updated_at"):
        d.pop(key, None)
    return d


def save_citizen(uow: UnitOfWork, actor: Actor, data: CitizenInput, *, regions: RegionLookup | None,
                 citizen_id: int | None = None, expected_version: int | None = None,
                 now: dt.datetime | None = None, today: dt.date | None = None) -> CitizenDTO:
    """Create (citizen_id None) or edit a citizen. The same NIK twice is refused with the existing
    record's id; NIK warnings and a similar name born the same day need confirmation."""
    require(actor, *REGISTER_ROLES)
    now = now or utcnow()
    today = today or now.date()
    data = normalize_citizen(data)
    warnings = check_citizen(data, today=today, regions=regions)
    with uow:
        same_nik = uow.citizens.get_by_nik(data.nik)
        if same_nik is not None and same_nik.id != citizen_id:
            raise AlreadyRegistered(
                f"NIK {data.nik} sudah terdaftar atas nama {same_nik.full_name}. Data yang ada dibuka.",
                same_nik.id)
        if data.birth_date is not None:
            similar = [c for c in uow.citizens.similar(fold(data.full_name), data.birth_date)
                       if c.id != citizen_id and c.nik != data.nik]
            if similar:
                names = "; ".join(f"{c.full_name} (NIK {c.nik})" for c in similar[:3])
                warnings["full_name"] = (f"Ada warga dengan nama mirip dan tanggal lahir sama: {names}. "
                                         "Pastikan bukan orang yang sama.")
        if warnings and not data.accept_warnings:
            raise NeedsConfirmation(warnings)
        if citizen_id is None:
            saved = uow.citizens.add(data, now)
            audit(uow, actor, "create", "citizen", saved.id, f"Warga '{saved.full_name}' didaftarkan",
                  after=_citizen_summary(saved), now=now)
        else:
            before = uow.citizens.get(citizen_id)
            if before is None:
                raise NotFound("Data warga tidak ditemukan.")
            saved = uow.citizens.update(citizen_id, data,
                                        expected_version=expected_version or before.version, now=now)
            audit(uow, actor, "update", "citizen", saved.id, f"Data warga '{saved.full_name}' diubah",
                  before=_citizen_summary(before), after=_citizen_summary(saved), now=now)
        uow.commit()
        return saved


def check_institution(data: InstitutionInput) -> InstitutionInput:
    data = dataclasses.replace(data, name=" ".join(data.name.split()), npwp=data.npwp.strip(),
                               akta_number=data.akta_number.strip(), address=data.address.strip(),
                               legal_form=data.legal_form.strip(), phone=data.phone.strip())
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = "Nama lembaga wajib diisi."
    if data.kind not in INSTITUTION_KINDS:
        errors["kind"] = "Pilih jenis lembaga."
    npwp = _digits(data.npwp)
    if data.npwp and len(npwp) not in (15, 16):
        errors["npwp"] = "NPWP terdiri dari 15 atau 16 angka."
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = "Nomor telepon hanya berisi angka (boleh diawali +), 6–20 digit."
    if not data.address:
        errors["address"] = "Alamat lembaga wajib diisi."
    if errors:
        raise ValidationError(errors)
    return data


def save_institution(uow: UnitOfWork, actor: Actor, data: InstitutionInput, *,
                     institution_id: int | None = None, expected_version: int | None = None,
                     now: dt.datetime | None = None) -> InstitutionDTO:
    require(actor, *REGISTER_ROLES)
    data = check_institution(data)
    now = now or utcnow()
    with uow:
        if data.contact_citizen_id is not None and uow.citizens.get(data.contact_citizen_id) is None:
            raise ValidationError({"contact": "Narahubung tidak ditemukan di daftar warga."})
        if institution_id is None:
            saved = uow.institutions.add(data, now)
            audit(uow, actor, "create", "institution", saved.id, f"Lembaga '{saved.name}' didaftarkan",
                  after=dataclasses.asdict(data), now=now)
        else:
            before = uow.institutions.get(institution_id)
            if before is None:
                raise NotFound("Data lembaga tidak ditemukan.")
            saved = uow.institutions.update(institution_id, data,
                                            expected_version=expected_version or before.version, now=now)
            audit(uow, actor, "update", "institution", saved.id, f"Data lembaga '{saved.name}' diubah",
                  before={"name": before.name, "kind": before.kind, "address": before.address},
                  after=dataclasses.asdict(data), now=now)
        uow.commit()
        return saved


def get_citizen(uow: UnitOfWork, actor: Actor, citizen_id: int) -> CitizenDTO:
    require(actor, *READ_ROLES)
    with uow.read_only():
        found = uow.citizens.get(citizen_id)
    if found is None:
        raise NotFound("Data warga tidak ditemukan.")
    return found


def get_institution(uow: UnitOfWork, actor: Actor, institution_id: int) -> InstitutionDTO:
    require(actor, *READ_ROLES)
    with uow.read_only():
        found = uow.institutions.get(institution_id)
    if found is None:
        raise NotFound("Data lembaga tidak ditemukan.")
    return found


def search_applicants(uow: UnitOfWork, actor: Actor, query: str, *, limit: int = 50,
                      offset: int = 0) -> Page[ApplicantHit]:
    """One search box: digits are a NIK (exact or its beginning) or, starting with 0 or +, a phone
    number (digits that match no NIK are tried as a phone number too: 62… is also the province code
    of Kalimantan Tengah); anything else is a name (a part of it, ignoring case and accents)."""
    require(actor, *READ_ROLES)
    text = query.strip()
    limit = max(1, min(limit, 200))
    with uow.read_only():
        compact = text.replace(" ", "").replace("-", "").replace(".", "")
        if compact.isdigit() or (compact.startswith("+") and compact[1:].isdigit()):
            if compact.startswith(("0", "+")):
                return uow.applicant_search.by_phone(_digits(compact), limit, offset)
            hits = uow.applicant_search.by_nik(compact, limit, offset)
            if hits.items or offset:
                return hits
            return uow.applicant_search.by_phone(compact, limit, offset)
        folded = fold(text)
        if not folded:
            return Page((), 0, offset)
        return uow.applicant_search.by_name(folded, limit, offset)


def applicant_history(uow: UnitOfWork, actor: Actor, *, citizen_id: int | None = None,
                      institution_id: int | None = None) -> list[ApplicationDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return list(uow.applications.for_applicant(citizen_id, institution_id))
