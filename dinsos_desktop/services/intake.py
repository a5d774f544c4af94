"""Use cases at the counter: start an application, tick the checklist, attach scans, decide
(register with a tracking number and due date, or return the file with a slip), resume a
returned file, reprint and verify receipts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.domain.checklist import ChecklistEntry, ItemStatus, assess
from dinsos_desktop.domain.errors import NotFound, ValidationError
from dinsos_desktop.domain.nik import mask_nik
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.tracking import (
    format_return_slip_number,
    format_tracking_number,
    parse_any_number,
)
from dinsos_desktop.domain.workflow import procedure_of
from dinsos_desktop.services.common import LocalTime, audit, catalog_label, require, to_local, utcnow
from dinsos_desktop.services.dto import (
    Actor,
    ApplicationDTO,
    AttachmentDTO,
    ReceiptData,
    ReceiptItem,
    StepProgress,
)
from dinsos_desktop.services.receipts import office_secret, qr_payload, verify_payload
from dinsos_desktop.services.uow import UnitOfWork

INTAKE_ROLES = (Role.FRONT_OFFICE, Role.ADMIN)
MAX_ATTACHMENT = 10 * 1024 * 1024
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"),
               (b"\x89PNG\r\n\x1a\n", "image/png"))

@dataclass(frozen=True, slots=True)
class ApplicationView:
    """An application with the standard (as the catalog version it was verified against set it)."""

    application: ApplicationDTO
    standard: Standard
    catalog_label: str
    attachments: tuple[AttachmentDTO, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    application: ApplicationDTO
    receipt: ReceiptData  # the receipt (registered) or the return slip (returned)


def load_application(uow: UnitOfWork, application_id: int) -> ApplicationDTO:
    app = uow.applications.get(application_id)
    if app is None:
        raise NotFound("Permohonan tidak ditemukan.")
    return app


def _editable(app: ApplicationDTO) -> None:
    if app.status != "draft":
        raise ValidationError({"status": "Permohonan ini sudah diputuskan; buka kembali dahulu "
                                         "bila berkas dikembalikan dan pemohon datang lagi."})


def start_application(uow: UnitOfWork, actor: Actor, standard_code: str, *,
                      citizen_id: int | None = None, institution_id: int | None = None,
                      representative_id: int | None = None,
                      now: dt.datetime | None = None) -> ApplicationDTO:
    """A new file at the counter, checked against the catalog version in force today."""
    require(actor, *INTAKE_ROLES)
    if (citizen_id is None) == (institution_id is None):
        raise ValidationError({"applicant": "Pilih satu pemohon: warga atau lembaga."})
    if representative_id is not None and representative_id == citizen_id:
        raise ValidationError({"representative": "Kuasa tidak boleh pemohon itu sendiri."})
    now = now or utcnow()
    with uow:
        version_id = uow.catalog.active_version_id()
        if version_id is None:
            raise NotFound("Belum ada katalog standar pelayanan yang berlaku.")
        standard_id = uow.catalog.standard_id(version_id, standard_code)
        if standard_id is None:
            raise ValidationError(
                {"standard": f"Layanan '{standard_code}' tidak ada di katalog yang berlaku."})
        if citizen_id is not None and uow.citizens.get(citizen_id) is None:
            raise NotFound("Data pemohon tidak ditemukan.")
        if institution_id is not None and uow.institutions.get(institution_id) is None:
            raise NotFound("Data lembaga tidak ditemukan.")
        if representative_id is not None and uow.citizens.get(representative_id) is None:
            raise NotFound("Data kuasa tidak ditemukan.")
        app = uow.applications.add_draft(standard_id, citizen_id, institution_id, representative_id,
                                         actor.user_id, now)
        audit(uow, actor, "create", "application", app.id,
              f"Berkas {standard_code} mulai diperiksa untuk {app.applicant_name}",
              after={"standard": standard_code, "citizen_id": citizen_id,
                     "institution_id": institution_id, "representative_id": representative_id},
              now=now)
        uow.commit()
        return app


def view_application(uow: UnitOfWork, actor: Actor, application_id: int) -> ApplicationView:
    require(actor, *INTAKE_ROLES, Role.PIMPINAN)
    with uow.read_only():
        app = load_application(uow, application_id)
        version_id, standard = uow.catalog.load_standard(app.standard_id)
        return ApplicationView(app, standard, catalog_label(uow, version_id),
                               tuple(uow.applications.attachments(app.id)))


def mark_item(uow: UnitOfWork, actor: Actor, application_id: int, item_key: str,
              status: ItemStatus | None, note: str = "", *,
              now: dt.datetime | None = None) -> ApplicationDTO:
    require(actor, *INTAKE_ROLES)
    note = note.strip()
    if len(note) > 500:
        raise ValidationError({"note": "Catatan paling panjang 500 karakter."})
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        _editable(app)
        _, standard = uow.catalog.load_standard(app.standard_id)
        if item_key not in {i.key for i in standard.checklist_items()}:
            raise ValidationError({"item": f"Butir '{item_key}' bukan persyaratan layanan ini."})
        uow.applications.set_item(app.id, item_key, status.value if status else None, note, now)
        uow.commit()
        return load_application(uow, application_id)


def sniff_mime(content: bytes) -> str | None:
    for magic, mime in _SIGNATURES:
        if content.startswith(magic):
            return mime
    return None


def attach_document(uow: UnitOfWork, actor: Actor, application_id: int, item_key: str,
                    filename: str, content: bytes, *,
                    now: dt.datetime | None = None) -> AttachmentDTO:
    """A scan or photo of one requirement, kept in the database with the file."""
    require(actor, *INTAKE_ROLES)
    if len(content) > MAX_ATTACHMENT:
        raise ValidationError({"attachment": "Berkas terlalu besar (paling besar 10 MB)."})
    if not content:
        raise ValidationError({"attachment": "Berkas kosong."})
    mime = sniff_mime(content)
    if mime is None:
        raise ValidationError({"attachment": "Hanya PDF, JPEG atau PNG yang dapat dilampirkan."})
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        _editable(app)
        _, standard = uow.catalog.load_standard(app.standard_id)
        if item_key not in {i.key for i in standard.checklist_items()}:
            raise ValidationError({"item": f"Butir '{item_key}' bukan persyaratan layanan ini."})
        name = filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "lampiran"
        att = uow.applications.add_attachment(app.id, item_key, name, mime, content, now, actor.user_id)
        audit(uow, actor, "create", "attachment", att.id,
              f"Lampiran '{name}' ({len(content)} bita) untuk butir {item_key}", now=now)
        uow.commit()
        return att


def attachment_content(uow: UnitOfWork, actor: Actor, attachment_id: int) -> bytes:
    require(actor, *INTAKE_ROLES, Role.PIMPINAN)
    with uow.read_only():
        content = uow.applications.attachment_content(attachment_id)
        if content is None:
            raise NotFound("Lampiran tidak ditemukan.")
        return content


# --------------------------------------------------------------------------- decision


DueCalculator = Callable[[UnitOfWork, dt.datetime, Standard], tuple[dt.datetime | None, bool]]
"""(uow, received at (aware), standard) -> (due moment or None, counted in clock time?)"""


def decide(uow: UnitOfWork, actor: Actor, application_id: int, *, expected_version: int,
           due_for: DueCalculator, now: dt.datetime | None = None,
           local: LocalTime = to_local) -> Decision:
    """Complete: register with a tracking number and due date. Incomplete: return the file with a
    slip listing what is missing. One transaction: the number is never used without the record."""
    require(actor, *INTAKE_ROLES)
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        _editable(app)
        version_id, standard = uow.catalog.load_standard(app.standard_id)
        entries = [ChecklistEntry(i.item_key, ItemStatus(i.status) if i.status else None, i.note)
                   for i in app.items]
        result = assess(standard, entries)
        if not result.decidable:
            first = result.unmarked[0]
            raise ValidationError({"checklist": f"Butir {first.key} belum diperiksa: {first.text}"})
        year = local(now).year
        if result.complete:
            number = format_tracking_number(year, uow.counters.next(f"tracking:{year}"))
            due, clock = due_for(uow, now, standard)
            saved = uow.applications.save_state(
                app.id, expected_version=expected_version, status="registered", now=now,
                tracking_number=number, received_at=now, due_at=due, due_is_clock_time=clock,
                progress=StepProgress(1, len(procedure_of(standard.procedure_steps))),
                event="registered", by_user_id=actor.user_id)
            audit(uow, actor, "update", "application", app.id,
                  f"Berkas lengkap, terdaftar dengan nomor {number}",
                  after={"tracking_number": number, "due_at": due.isoformat() if due else None},
                  now=now)
        else:
            number = app.return_slip_number or format_return_slip_number(
                year, uow.counters.next(f"return:{year}"))
            missing = ", ".join(r.key for r in result.missing)
            saved = uow.applications.save_state(
                app.id, expected_version=expected_version, status="returned", now=now,
                return_slip_number=number, event="returned", note=f"kurang: {missing}",
                by_user_id=actor.user_id)
            audit(uow, actor, "update", "application", app.id,
                  f"Berkas belum lengkap, dikembalikan dengan slip {number} (kurang: {missing})",
                  now=now)
        receipt = _receipt(uow, saved, standard, version_id, actor, local)
        uow.commit()
        return Decision(saved, receipt)


def resume_returned(uow: UnitOfWork, actor: Actor, application_id: int, *, expected_version: int,
                    now: dt.datetime | None = None) -> ApplicationDTO:
    """The applicant is back with the missing documents: the checklist resumes where it stopped."""
    require(actor, *INTAKE_ROLES)
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        if app.status != "returned":
            raise ValidationError({"status": "Hanya berkas yang dikembalikan yang dapat dilanjutkan."})
        saved = uow.applications.save_state(app.id, expected_version=expected_version,
                                            status="draft", now=now, event="resumed",
                                            by_user_id=actor.user_id)
        audit(uow, actor, "update", "application", app.id,
              f"Berkas dengan slip {app.return_slip_number} dilanjutkan", now=now)
        uow.commit()
        return saved


def find_by_number(uow: UnitOfWork, actor: Actor, text: str) -> ApplicationDTO | None:
    """A tracking or return-slip number as typed or scanned (check digit verified), or a QR
    payload from a receipt (signature verified)."""
    require(actor, *INTAKE_ROLES, Role.PIMPINAN)
    text = text.strip()
    with uow:
        if "*" in text:
            number = verify_payload(office_secret(uow), text)
            if number is None:
                raise ValidationError({"number": "Kode QR ini tidak sah: tanda terima mungkin palsu "
                                                 "atau diubah."})
            text = number
        canonical = parse_any_number(text)
        if canonical is None:
            raise ValidationError({"number": "Nomor tidak sah. Periksa kembali angka yang diketik."})
        found = uow.applications.get_by_number(canonical)
        uow.commit()  # office_secret may have created the secret
        return found


def returned_files(uow: UnitOfWork, actor: Actor, *, citizen_id: int | None = None,
                   institution_id: int | None = None) -> list[ApplicationDTO]:
    require(actor, *INTAKE_ROLES)
    with uow.read_only():
        return list(uow.applications.returned_for(citizen_id, institution_id))


def receipt_for(uow: UnitOfWork, actor: Actor, application_id: int, *,
                local: LocalTime = to_local) -> ReceiptData:
    """Reprint the receipt (or the return slip) at any time: nothing is lost to a printer failure."""
    require(actor, *INTAKE_ROLES)
    with uow:
        app = load_application(uow, application_id)
        if app.status == "cancelled":
            raise ValidationError({"status": "Berkas ini dibatalkan; tanda terimanya tidak dicetak "
                                             "lagi."})
        if app.status == "draft":
            raise ValidationError({"status": "Berkas ini belum diputuskan; belum ada tanda terima."})
        version_id, standard = uow.catalog.load_standard(app.standard_id)
        receipt = _receipt(uow, app, standard, version_id, actor, local)
        uow.commit()
        return receipt


def _receipt(uow: UnitOfWork, app: ApplicationDTO, standard: Standard, version_id: int,
             actor: Actor, local: LocalTime) -> ReceiptData:
    statuses = {i.item_key: i for i in app.items}
    items: list[ReceiptItem] = []
    for depth, req in standard.requirement_rows():
        entry = statuses.get(req.key)
        status = ItemStatus(entry.status) if entry and entry.status else None
        items.append(ReceiptItem(
            key=req.key, text=req.text, depth=depth, is_heading=bool(req.children),
            status=None if req.children else (status.value if status else None),
            status_label="" if req.children or status is None else status.label,
            note=entry.note if entry else "",
        ))
    registered = app.tracking_number is not None and app.status != "returned"
    number = (app.tracking_number if registered else app.return_slip_number) or ""
    payload = qr_payload(office_secret(uow), number) if registered else number
    citizen = uow.citizens.get(app.citizen_id) if app.citizen_id else None
    institution = uow.institutions.get(app.institution_id) if app.institution_id else None
    kuasa = uow.citizens.get(app.representative_id) if app.representative_id else None
    # The officer who took the file at the counter, also on a reprint made by someone else.
    officer = uow.users.get_by_username(app.officer_username) if app.officer_username else None
    received = app.received_at if registered and app.received_at else app.updated_at
    return ReceiptData(
        kind="receipt" if registered else "return_slip",
        number=number,
        qr_payload=payload,
        office=uow.office.get(),
        applicant_name=citizen.full_name if citizen else (institution.contact_name if institution else ""),
        applicant_nik_masked=mask_nik(citizen.nik) if citizen else "",
        applicant_address=citizen.address_line() if citizen else (institution.address if institution else ""),
        institution_name=institution.name if institution else "",
        representative=f"{kuasa.full_name} (NIK {mask_nik(kuasa.nik)})" if kuasa else "",
        standard_code=standard.code,
        standard_title=standard.title,
        catalog_version=catalog_label(uow, version_id),
        items=tuple(items),
        received_at=local(received),
        officer_name=officer.full_name if officer else actor.full_name,
        officer_nip=officer.nip if officer else "",
        due=local(app.due_at) if registered and app.due_at else None,
        due_is_clock_time=app.due_is_clock_time,
        time_limit_text=standard.time_limit.text or standard.time_limit.describe(),
        products=standard.products,
        complaint_channels=standard.complaint_channels,
    )
