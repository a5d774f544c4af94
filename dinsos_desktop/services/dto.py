"""Frozen values that cross from the services to the GUI, the CLI and other threads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dinsos_desktop.domain.catalog import Catalog, CatalogIndex
from dinsos_desktop.domain.roles import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. ``user_id`` is None for the system itself (first start, command line)."""

    user_id: int | None
    username: str
    full_name: str
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


SYSTEM = Actor(None, "sistem", "Sistem", frozenset(Role))


def command_line_actor(os_user: str) -> Actor:
    return Actor(None, f"cli:{os_user}", f"Baris perintah ({os_user})", frozenset(Role))


@dataclass(frozen=True, slots=True)
class UserDTO:
    id: int
    username: str
    full_name: str
    nip: str
    roles: frozenset[Role]
    is_active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    version: int

    def roles_label(self) -> str:
        return ", ".join(r.label for r in Role if r in self.roles)


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user row as the repository keeps it; stays inside the services."""

    id: int
    username: str
    full_name: str
    nip: str
    roles: frozenset[Role]
    is_active: bool
    password_hash: str
    failed_attempts: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    version: int

    def to_dto(self) -> UserDTO:
        return UserDTO(self.id, self.username, self.full_name, self.nip, self.roles,
                       self.is_active, self.locked_until, self.created_at, self.version)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    occurred_at: dt.datetime
    actor_id: int | None
    actor_username: str
    action: str  # create | update | delete | login | login_failed | import | …
    entity: str  # user | office_profile | catalog_version | …
    entity_id: str
    summary: str
    before: str | None = None  # JSON text
    after: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CatalogVersionDTO:
    id: int
    decree_number: str
    decree_date: dt.date
    title: str
    imported_at: dt.datetime
    imported_by: str
    is_active: bool
    standard_count: int


@dataclass(frozen=True, slots=True)
class CatalogDTO:
    version_id: int
    catalog: Catalog
    index: CatalogIndex


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer result. ``total`` is the number of matches; when counting them all
    would cost more than the page itself (a search matching most of a million applicants), the
    repository stops counting and sets ``total_capped``: there are at least ``total`` matches
    (and ``total`` is always greater than ``offset + len(items)`` then, so "fetch more" logic
    that compares with ``total`` keeps working)."""

    items: tuple[T, ...]
    total: int
    offset: int
    total_capped: bool = False


# --------------------------------------------------------------------------- counter intake


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    """One requirement line on a receipt or return slip."""

    key: str  # "1", "1.a"
    text: str
    depth: int  # 0 for a requirement, 1 for its sub-item, …
    is_heading: bool  # a requirement with sub-items: printed, never ticked
    status: str | None  # ItemStatus value; None for a heading
    status_label: str  # "Asli diperiksa", "Salinan diterima", "Tidak ada", "Tidak berlaku", ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """Everything a tanda terima berkas (receipt) or a return slip prints, prepared by the
    services so that the renderer only lays it out."""

    kind: str  # "receipt" | "return_slip"
    number: str  # the tracking number (receipt) or the return-slip number
    qr_payload: str  # receipt: tracking number + office signature; return slip: its number
    office: Any  # domain.office.OfficeProfile (Any: dto stays free of the import cycle)
    applicant_name: str
    applicant_nik_masked: str  # "3575************0001"-style; "" for an institution
    applicant_address: str
    institution_name: str  # "" when a citizen applies for themselves
    representative: str  # "Nama (NIK masked)" of the kuasa, or ""
    standard_code: str
    standard_title: str
    catalog_version: str  # "Keputusan No. 188/76/423.105/2021 tanggal 12 Juli 2021"
    items: tuple[ReceiptItem, ...]
    received_at: dt.datetime  # local wall-clock time at the counter
    officer_name: str
    officer_nip: str
    due: dt.datetime | None  # None: the standard sets no time limit (or a return slip)
    due_is_clock_time: bool  # True for limits in hours: print the time as well as the day
    time_limit_text: str  # the decree's wording, e.g. "5 hari kerja"
    products: tuple[str, ...]
    complaint_channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CitizenInput:
    """A citizen as typed at the counter (services validate it)."""

    nik: str
    full_name: str
    birth_place: str
    birth_date: dt.date | None
    sex: str  # "L" | "P"
    street: str = ""
    rt: str = ""
    rw: str = ""
    kelurahan: str = ""
    kecamatan: str = ""
    city: str = "Pasuruan"
    phone: str = ""
    kk: str = ""
    accept_warnings: bool = False  # the clerk saw the NIK warnings and confirmed the data


def address_line(street: str, rt: str, rw: str, kelurahan: str, kecamatan: str, city: str) -> str:
    """A citizen's address on one line: 'Jl. Hasanudin 12, RT 001/RW 002, Kel. …, Kec. …, City'."""
    parts = [street]
    if rt or rw:
        parts.append(f"RT {rt or '-'}/RW {rw or '-'}")
    if kelurahan:
        parts.append(f"Kel. {kelurahan}")
    if kecamatan:
        parts.append(f"Kec. {kecamatan}")
    if city:
        parts.append(city)
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class CitizenDTO:
    id: int
    nik: str
    kk: str
    full_name: str
    birth_place: str
    birth_date: dt.date | None
    sex: str
    street: str
    rt: str
    rw: str
    kelurahan: str
    kecamatan: str
    city: str
    phone: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    def address_line(self) -> str:
        return address_line(self.street, self.rt, self.rw, self.kelurahan, self.kecamatan, self.city)


@dataclass(frozen=True, slots=True)
class InstitutionInput:
    name: str
    kind: str  # "lks" | "lksa" | "karang_taruna" | "masjid" | "yayasan" | "lainnya"
    legal_form: str = ""
    akta_number: str = ""
    npwp: str = ""
    address: str = ""
    phone: str = ""
    contact_citizen_id: int | None = None


@dataclass(frozen=True, slots=True)
class InstitutionDTO:
    id: int
    name: str
    kind: str
    legal_form: str
    akta_number: str
    npwp: str
    address: str
    phone: str
    contact_citizen_id: int | None
    contact_name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ApplicantHit:
    """One row of an applicant search."""

    kind: str  # "citizen" | "institution"
    id: int
    name: str
    nik: str  # citizens: the NIK (the GUI masks it for roles that need no more); "" otherwise
    birth_date: dt.date | None
    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class ApplicationItemDTO:
    item_key: str
    status: str | None  # ItemStatus value
    note: str
    attachment_count: int


@dataclass(frozen=True, slots=True)
class AttachmentDTO:
    id: int
    item_key: str
    filename: str
    mime: str
    size: int
    uploaded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ApplicationDTO:
    id: int
    status: str  # a domain.workflow.Status value
    tracking_number: str | None
    return_slip_number: str | None
    standard_id: int  # the catalog_standards row: fixes the catalog version verified against
    standard_code: str
    standard_title: str
    catalog_version_id: int
    citizen_id: int | None
    institution_id: int | None
    representative_id: int | None
    applicant_name: str
    received_at: dt.datetime | None  # when the complete file was received (registration)
    registered_at: dt.datetime | None
    due_at: dt.datetime | None
    due_is_clock_time: bool
    officer_username: str
    items: tuple[ApplicationItemDTO, ...]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    # The walk through the standard's procedure (issue 4): the step waiting (1-based) or None,
    # the number of steps, when the product was ready and when it was handed over.
    current_step: int | None = None
    step_count: int = 0
    ready_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    status_before: str | None = None  # a cancelled file's status before it (a reopen returns to it)


# --------------------------------------------------------------------------- tracking and workflow


@dataclass(frozen=True, slots=True)
class StepProgress:
    """What save_state writes about the procedure walk: the step waiting and the number of steps."""

    current_step: int | None
    step_count: int


@dataclass(frozen=True, slots=True)
class StepRecordDTO:
    """One procedure step as recorded: done, or skipped with the reason in ``note``."""

    step_no: int
    outcome: str  # domain.workflow.StepOutcome value
    note: str
    at: dt.datetime
    user_full_name: str


@dataclass(frozen=True, slots=True)
class EventDTO:
    """One line of an application's timeline, oldest first."""

    at: dt.datetime
    event: str  # created, registered, returned, resumed, step_done, step_skipped, handed_over, ...
    note: str
    user_full_name: str


@dataclass(frozen=True, slots=True)
class HandoverInput:
    """The person the product is handed to, as typed at the counter."""

    recipient_name: str
    recipient_id_number: str  # NIK or another ID's number
    is_representative: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class HandoverDTO:
    id: int
    application_id: int
    at: dt.datetime
    officer_full_name: str
    officer_nip: str
    recipient_name: str
    recipient_id_number: str
    recipient_is_representative: bool
    note: str


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which open files a work queue shows. ``step`` needs ``standard_code``."""

    queue: str  # overdue | due_today | due_soon | waiting | running | ready (see services.tracking)
    bidang_code: str | None = None
    standard_code: str | None = None
    step: int | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One file in a work queue."""

    application_id: int
    tracking_number: str
    applicant_name: str
    standard_code: str
    standard_title: str
    bidang_code: str
    status: str
    current_step: int | None
    step_count: int
    step_text: str  # the step waiting, or ""
    registered_at: dt.datetime | None
    due_at: dt.datetime | None
    due_is_clock_time: bool
    ready_at: dt.datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A queue row with its urgency on the office calendar: working days left until the due day
    (0: due today), or negative: overdue by that many working days. None: no due date."""

    row: QueueRow
    working_days_left: int | None


@dataclass(frozen=True, slots=True)
class QueueCounts:
    overdue: int
    due_today: int
    due_soon: int  # due within the next two working days (after today)
    ready: int  # products waiting to be collected


@dataclass(frozen=True, slots=True)
class HandoverReceiptData:
    """Everything the handover receipt (berita acara serah terima) prints."""

    office: Any  # domain.office.OfficeProfile
    tracking_number: str
    qr_payload: str
    applicant_name: str
    applicant_nik_masked: str
    institution_name: str
    standard_code: str
    standard_title: str
    catalog_version: str
    products: tuple[str, ...]
    registered_at: dt.datetime | None  # local
    handed_at: dt.datetime  # local
    recipient_name: str
    recipient_id_number_masked: str
    recipient_is_representative: bool
    note: str
    officer_name: str
    officer_nip: str


# --------------------------------------------------------------------------- agenda book


@dataclass(frozen=True, slots=True)
class ClassificationDTO:
    id: int
    code_set: str  # domain.letters.CodeSet value
    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # None: still in force
    version: int

    def valid_on(self, day: dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))


@dataclass(frozen=True, slots=True)
class ClassificationInput:
    code_set: str
    code: str
    name: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LetterDTO:
    """A letter of the agenda book (without its scan's content)."""

    id: int
    year: int
    scope: str
    number: int
    suffix: str
    full_number: str
    letter_date: dt.date
    sent_date: dt.date | None
    kind: str
    classification_code: str
    addressee_name: str
    addressee_institution: str
    addressee_address: str
    subject: str
    nature: str
    attachments: int
    bidang_code: str
    signatory: str
    related_application_id: int | None
    related_application_number: str
    related_incoming: str
    notes: str
    status: str  # aktif | batal
    is_insert: bool
    insert_reason: str
    insert_approval: str  # "" | menunggu | disetujui
    void_reason: str
    voided_at: dt.datetime | None
    voided_by_name: str
    scan_filename: str
    imported: bool
    created_by_name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def number_text(self) -> str:
        return f"{self.number}{self.suffix}"


@dataclass(frozen=True, slots=True)
class NewLetter:
    """What the repository writes for a newly numbered letter."""

    year: int
    scope: str
    number: int
    suffix: str
    full_number: str
    fields: Any  # domain.letters.LetterFields (checked)
    related_application_id: int | None
    is_insert: bool = False
    insert_reason: str = ""
    insert_approval: str = ""
    imported: bool = False
    status: str = "aktif"
    void_reason: str = ""


@dataclass(frozen=True, slots=True)
class LetterFilter:
    year: int | None = None
    month: int | None = None
    classification_code: str | None = None  # the code or its sub-codes (188 finds 188.45)
    bidang_code: str | None = None
    status: str | None = None  # aktif | batal | sisipan | menunggu
    search: str = ""  # in subject and addressee


@dataclass(frozen=True, slots=True)
class AgendaRegisterData:
    """The agenda book for a month or a year, as the register printouts need it."""

    office: Any  # domain.office.OfficeProfile
    year: int
    month: int | None
    letters: tuple[LetterDTO, ...]
    printed_at: dt.datetime  # local
