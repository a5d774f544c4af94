"""Use cases after the counter: the application file as a whole, its walk through the standard's
procedure steps, cancelling and reopening, handing the product over (with its receipt), opening
a file from a typed number or a scanned receipt, and the work queues with their counts.

Every change is one transaction, checked against the version the clerk saw (a second clerk acting
on the same file at once gets ConflictError and a fresh view; the unique (application, step) pair
backs this up), audited, and allowed to the roles below. The state machine itself is
domain.workflow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.domain.errors import ConflictError, ValidationError
from dinsos_desktop.domain.nik import mask_nik, normalize_number
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.workdays import HolidaySource, WorkingCalendar
from dinsos_desktop.domain.workflow import (
    Action,
    Position,
    Status,
    StepOutcome,
    check_cancel,
    check_handover,
    procedure_of,
    record_step,
    reopen_target,
)
from dinsos_desktop.services.calendar import calendar_for_years
from dinsos_desktop.services.common import LocalTime, audit, catalog_label, require, to_local, utcnow
from dinsos_desktop.services.dto import (
    Actor,
    ApplicationDTO,
    AttachmentDTO,
    EventDTO,
    HandoverDTO,
    HandoverInput,
    HandoverReceiptData,
    Page,
    QueueCounts,
    QueueFilter,
    QueueItem,
    StepProgress,
    StepRecordDTO,
)
from dinsos_desktop.services.intake import load_application
from dinsos_desktop.services.receipts import office_secret, qr_payload
from dinsos_desktop.services.uow import UnitOfWork

WORK_ROLES = (Role.FRONT_OFFICE, Role.ADMIN)
READ_ROLES = (Role.FRONT_OFFICE, Role.ADMIN, Role.PIMPINAN)
QUEUES = ("overdue", "due_today", "due_soon", "running", "waiting", "ready")
QUEUE_LABELS = {
    "overdue": "Terlambat",
    "due_today": "Jatuh tempo hari ini",
    "due_soon": "Jatuh tempo ≤ 2 hari kerja",
    "running": "Semua yang berjalan",
    "waiting": "Menunggu di langkah",
    "ready": "Siap diambil",
}
SOON_WORKING_DAYS = 2
MAX_PAGE = 200

@dataclass(frozen=True, slots=True)
class ApplicationFile:
    """Everything the application view shows."""

    application: ApplicationDTO
    standard: Standard
    catalog_label: str
    attachments: tuple[AttachmentDTO, ...]
    steps: tuple[StepRecordDTO, ...]
    events: tuple[EventDTO, ...]
    handovers: tuple[HandoverDTO, ...]
    # Working days from today to the due day (0: today), negative when overdue; None: no due date
    # or the file is no longer running.
    working_days_left: int | None
    overdue: bool


# --------------------------------------------------------------------------- helpers


def _status(app: ApplicationDTO) -> Status:
    return Status(app.status)


def _name(app: ApplicationDTO) -> str:
    return app.tracking_number or app.return_slip_number or f"#{app.id}"


def _calendar(uow: UnitOfWork, source: HolidaySource, first: dt.date, last: dt.date) -> WorkingCalendar:
    return calendar_for_years(uow, source, range(min(first.year, last.year),
                                                 max(first.year, last.year) + 2))


def working_days_left(calendar: WorkingCalendar, today: dt.date, due_day: dt.date) -> int:
    """Working days from ``today`` to ``due_day``: 0 on the due day itself, positive before it,
    negative after it (overdue by that many working days)."""
    if due_day >= today:
        return calendar.working_days_between(today, due_day)
    return -calendar.working_days_between(due_day, today)


def _urgency(calendar: WorkingCalendar, app_due: dt.datetime | None, now: dt.datetime,
             local: LocalTime) -> tuple[int | None, bool]:
    if app_due is None:
        return None, False
    left = working_days_left(calendar, local(now).date(), local(app_due).date())
    return left, app_due < now


# --------------------------------------------------------------------------- the file


def open_file(uow: UnitOfWork, actor: Actor, application_id: int, *, holidays: HolidaySource,
              now: dt.datetime | None = None, local: LocalTime = to_local) -> ApplicationFile:
    """The application with its standard (as verified), checklist, attachments, steps,
    timeline, handovers and urgency."""
    require(actor, *READ_ROLES)
    now = now or utcnow()
    with uow.read_only():
        app = load_application(uow, application_id)
        version_id, standard = uow.catalog.load_standard(app.standard_id)
        left: int | None = None
        overdue = False
        if app.due_at is not None and _status(app) in (Status.REGISTERED, Status.IN_PROCESS):
            today = local(now).date()
            calendar = _calendar(uow, holidays, local(app.due_at).date(), today)
            left, overdue = _urgency(calendar, app.due_at, now, local)
        return ApplicationFile(
            application=app, standard=standard, catalog_label=catalog_label(uow, version_id),
            attachments=tuple(uow.applications.attachments(app.id)),
            steps=tuple(uow.applications.steps(app.id)),
            events=tuple(uow.applications.events(app.id)),
            handovers=tuple(uow.applications.handovers(app.id)),
            working_days_left=left, overdue=overdue)


# --------------------------------------------------------------------------- steps


def record_procedure_step(uow: UnitOfWork, actor: Actor, application_id: int, step_no: int,
                          outcome: StepOutcome, note: str = "", *, expected_version: int,
                          now: dt.datetime | None = None) -> ApplicationDTO:
    """Record the step waiting as done (optional note) or skipped (reason required). The last
    step makes the product ready to collect."""
    require(actor, *WORK_ROLES)
    now = now or utcnow()
    note = note.strip()
    with uow:
        app = load_application(uow, application_id)
        _, standard = uow.catalog.load_standard(app.standard_id)
        _fresh(app, expected_version)
        steps = procedure_of(standard.procedure_steps)
        total = app.step_count or len(steps)
        recorded = app.current_step - 1 if app.current_step is not None else total
        position = Position(_status(app), recorded, total)
        new_status = record_step(position, step_no, outcome, note)
        text = steps[step_no - 1]
        uow.applications.add_step(app.id, step_no, outcome.value, note, now, actor.user_id)
        ready = new_status is Status.READY
        action = Action.STEP_DONE if outcome is StepOutcome.DONE else Action.STEP_SKIPPED
        summary = f"Langkah {step_no}: {text}" + (f" — {note}" if note else "")
        saved = uow.applications.save_state(
            app.id, expected_version=expected_version, status=new_status.value, now=now,
            progress=StepProgress(None if ready else step_no + 1, total),
            ready_at=now if ready else None, event=action.value, note=summary,
            by_user_id=actor.user_id)
        audit(uow, actor, "update", "application", app.id,
              f"{_name(app)}: langkah {step_no} {outcome.label}"
              + (", produk siap diambil" if ready else ""),
              after={"step": step_no, "outcome": outcome.value, "note": note,
                     "status": new_status.value}, now=now)
        uow.commit()
        return saved


CONFLICT = ("Berkas ini baru saja diubah oleh pengguna lain (workstation lain). Perubahan Anda tidak "
            "disimpan; data terbaru sudah dimuat ulang, silakan periksa lalu ulangi.")


def _fresh(app: ApplicationDTO, expected_version: int) -> None:
    """Another clerk changed the file since this one looked: a conflict, whatever they did
    (checked before the state machine so that the clerk sees the conflict, not its effect)."""
    if app.version != expected_version:
        raise ConflictError(CONFLICT)


# --------------------------------------------------------------------------- cancel / reopen


def cancel_application(uow: UnitOfWork, actor: Actor, application_id: int, reason: str, *,
                       expected_version: int, now: dt.datetime | None = None) -> ApplicationDTO:
    require(actor, *WORK_ROLES)
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        _fresh(app, expected_version)
        reason = check_cancel(_status(app), reason)
        saved = uow.applications.save_state(
            app.id, expected_version=expected_version, status=Status.CANCELLED.value, now=now,
            status_before=app.status, event=Action.CANCEL.value, note=reason,
            by_user_id=actor.user_id)
        audit(uow, actor, "update", "application", app.id, f"{_name(app)} dibatalkan: {reason}",
              before={"status": app.status}, after={"status": Status.CANCELLED.value}, now=now)
        uow.commit()
        return saved


def reopen_application(uow: UnitOfWork, actor: Actor, application_id: int, reason: str, *,
                       expected_version: int, now: dt.datetime | None = None) -> ApplicationDTO:
    """Admin only: a cancelled file returns to the status it was cancelled from, a finished one
    to 'siap diambil' (its handover stays in the history)."""
    require(actor, Role.ADMIN)
    now = now or utcnow()
    with uow:
        app = load_application(uow, application_id)
        _fresh(app, expected_version)
        before = Status(app.status_before) if app.status_before else None
        target = reopen_target(_status(app), before, reason)
        saved = uow.applications.save_state(
            app.id, expected_version=expected_version, status=target.value, now=now,
            clear_finished=True, event=Action.REOPEN.value, note=reason.strip(),
            by_user_id=actor.user_id)
        audit(uow, actor, "update", "application", app.id,
              f"{_name(app)} dibuka kembali ({target.label}): {reason.strip()}",
              before={"status": app.status}, after={"status": target.value}, now=now)
        uow.commit()
        return saved


# --------------------------------------------------------------------------- handover


def _check_recipient(data: HandoverInput) -> HandoverInput:
    errors: dict[str, str] = {}
    name = " ".join(data.recipient_name.split())
    number = normalize_number(data.recipient_id_number) if data.recipient_id_number.strip() else ""
    raw = data.recipient_id_number.strip().upper()
    if not name:
        errors["recipient_name"] = "Nama penerima wajib diisi."
    elif len(name) > 200:
        errors["recipient_name"] = "Nama penerima paling panjang 200 karakter."
    if not raw:
        errors["recipient_id_number"] = "NIK atau nomor identitas penerima wajib diisi."
    elif number.isdigit() and len(number) == 16:
        raw = number
    elif len(raw) < 4 or len(raw) > 40 or not all(ch.isalnum() or ch in " -./" for ch in raw):
        errors["recipient_id_number"] = ("Nomor identitas 4–40 huruf atau angka (NIK 16 digit, "
                                         "nomor SIM, paspor, …).")
    note = data.note.strip()
    if len(note) > 500:
        errors["note"] = "Catatan paling panjang 500 karakter."
    if errors:
        raise ValidationError(errors)
    return HandoverInput(name, raw, data.is_representative, note)


def mask_id_number(number: str) -> str:
    """An NIK masked as on every printout; another ID's number with only its last 4 characters."""
    if number.isdigit() and len(number) == 16:
        return mask_nik(number)
    keep = 4 if len(number) > 6 else 2
    return "•" * (len(number) - keep) + number[-keep:]


def hand_over(uow: UnitOfWork, actor: Actor, application_id: int, data: HandoverInput, *,
              expected_version: int, now: dt.datetime | None = None,
              local: LocalTime = to_local) -> tuple[ApplicationDTO, HandoverReceiptData]:
    """The product goes to the applicant or a representative: recorded with the officer and
    the time; the file is finished. Returns the handover receipt to print."""
    require(actor, *WORK_ROLES)
    now = now or utcnow()
    data = _check_recipient(data)
    with uow:
        app = load_application(uow, application_id)
        _fresh(app, expected_version)
        check_handover(_status(app))
        handover = uow.applications.add_handover(app.id, data, now, actor.user_id)
        who = f"{data.recipient_name}" + (" (kuasa)" if data.is_representative else "")
        saved = uow.applications.save_state(
            app.id, expected_version=expected_version, status=Status.DONE.value, now=now,
            finished_at=now, event=Action.HANDOVER.value, note=f"Diserahkan kepada {who}",
            by_user_id=actor.user_id)
        audit(uow, actor, "update", "application", app.id,
              f"{_name(app)}: produk diserahkan kepada {who}",
              after={"recipient": data.recipient_name, "representative": data.is_representative},
              now=now)
        receipt = _handover_receipt(uow, saved, handover, local)
        uow.commit()
        return saved, receipt


def handover_receipt(uow: UnitOfWork, actor: Actor, application_id: int, *,
                     local: LocalTime = to_local) -> HandoverReceiptData:
    """Reprint the latest handover receipt."""
    require(actor, *READ_ROLES)
    with uow:
        app = load_application(uow, application_id)
        handovers = uow.applications.handovers(app.id)
        if not handovers:
            raise ValidationError({"status": "Produk berkas ini belum diserahkan."})
        receipt = _handover_receipt(uow, app, handovers[-1], local)
        uow.commit()  # office_secret may have created the secret
        return receipt


def _handover_receipt(uow: UnitOfWork, app: ApplicationDTO, handover: HandoverDTO,
                      local: LocalTime) -> HandoverReceiptData:
    version_id, standard = uow.catalog.load_standard(app.standard_id)
    citizen = uow.citizens.get(app.citizen_id) if app.citizen_id else None
    institution = uow.institutions.get(app.institution_id) if app.institution_id else None
    number = app.tracking_number or ""
    return HandoverReceiptData(
        office=uow.office.get(),
        tracking_number=number,
        qr_payload=qr_payload(office_secret(uow), number),
        applicant_name=citizen.full_name if citizen else (institution.contact_name if institution else ""),
        applicant_nik_masked=mask_nik(citizen.nik) if citizen else "",
        institution_name=institution.name if institution else "",
        standard_code=standard.code,
        standard_title=standard.title,
        catalog_version=catalog_label(uow, version_id),
        products=standard.products,
        registered_at=local(app.registered_at) if app.registered_at else None,
        handed_at=local(handover.at),
        recipient_name=handover.recipient_name,
        recipient_id_number_masked=mask_id_number(handover.recipient_id_number),
        recipient_is_representative=handover.recipient_is_representative,
        note=handover.note,
        officer_name=handover.officer_full_name,
        officer_nip=handover.officer_nip,
    )


# --------------------------------------------------------------------------- work queues


@dataclass(frozen=True, slots=True)
class QueueBounds:
    now: dt.datetime
    today_end: dt.datetime  # the end of today, office time
    soon_end: dt.datetime  # the end of the second working day after today
    today: dt.date


def queue_bounds(calendar: WorkingCalendar, now: dt.datetime, local: LocalTime) -> QueueBounds:
    at = local(now)
    today = at.date()
    day = today
    for _ in range(SOON_WORKING_DAYS):
        day = calendar.next_working_day(day)
    end = dt.time(23, 59, 59, 999999)
    return QueueBounds(now, dt.datetime.combine(today, end, tzinfo=at.tzinfo).astimezone(dt.UTC),
                       dt.datetime.combine(day, end, tzinfo=at.tzinfo).astimezone(dt.UTC), today)


def work_queue(uow: UnitOfWork, actor: Actor, wanted: QueueFilter, *, holidays: HolidaySource,
               now: dt.datetime | None = None, limit: int = 50, offset: int = 0,
               local: LocalTime = to_local) -> Page[QueueItem]:
    """One page of a work queue, most urgent first, each file with its working days left."""
    require(actor, *READ_ROLES)
    if wanted.queue not in QUEUES:
        raise ValidationError({"queue": f"Antrean '{wanted.queue}' tidak dikenal."})
    if wanted.queue == "waiting" and (wanted.standard_code is None or wanted.step is None):
        raise ValidationError({"step": "Pilih layanan dan langkahnya."})
    now = now or utcnow()
    limit = max(1, min(limit, MAX_PAGE))
    with uow.read_only():
        today = local(now).date()
        calendar = _calendar(uow, holidays, today, today)
        bounds = queue_bounds(calendar, now, local)
        page = uow.applications.queue(wanted, now=now, today_end=bounds.today_end,
                                      soon_end=bounds.soon_end, limit=limit, offset=offset)
        dues = [local(r.due_at).date() for r in page.items if r.due_at is not None]
        if dues and min(dues).year < today.year:
            calendar = _calendar(uow, holidays, min(dues), today)
        items = []
        for r in page.items:
            left = None
            if r.due_at is not None and r.status in (Status.REGISTERED, Status.IN_PROCESS):
                left = working_days_left(calendar, today, local(r.due_at).date())
            items.append(QueueItem(r, left))
        return Page(tuple(items), page.total, page.offset, page.total_capped)


def queue_counts(uow: UnitOfWork, actor: Actor, *, holidays: HolidaySource,
                 now: dt.datetime | None = None, bidang_code: str | None = None,
                 standard_code: str | None = None, local: LocalTime = to_local) -> QueueCounts:
    require(actor, *READ_ROLES)
    now = now or utcnow()
    with uow.read_only():
        today = local(now).date()
        bounds = queue_bounds(_calendar(uow, holidays, today, today), now, local)
        return uow.applications.queue_counts(now=now, today_end=bounds.today_end,
                                             soon_end=bounds.soon_end, bidang_code=bidang_code,
                                             standard_code=standard_code)


# --------------------------------------------------------------------------- open from anywhere


MAX_LOCATED = 50


def locate(uow: UnitOfWork, actor: Actor, text: str) -> list[ApplicationDTO]:
    """What the main window's "Buka berkas" box finds for ``text``: a receipt's QR payload
    (signature verified: a forged or altered code raises ValidationError), a tracking or
    return-slip number (check character verified), else the applications of the applicants an
    NIK, name or phone number finds (newest first, at most 50)."""
    from dinsos_desktop.domain.tracking import looks_like_document_number
    from dinsos_desktop.services.applicants import search_applicants
    from dinsos_desktop.services.intake import find_by_number

    require(actor, *READ_ROLES)
    text = text.strip()
    if not text:
        return []
    if "*" in text or looks_like_document_number(text):
        found = find_by_number(uow, actor, text)
        return [found] if found is not None else []
    hits = search_applicants(uow, actor, text, limit=20).items
    located: dict[int, ApplicationDTO] = {}
    with uow.read_only():
        for hit in hits:
            citizen = hit.id if hit.kind == "citizen" else None
            institution = hit.id if hit.kind == "institution" else None
            for app in uow.applications.for_applicant(citizen, institution):
                if app.status != Status.DRAFT:
                    located.setdefault(app.id, app)
    ordered = sorted(located.values(), key=lambda a: (a.registered_at or a.created_at), reverse=True)
    return ordered[:MAX_LOCATED]
