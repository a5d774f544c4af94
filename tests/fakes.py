"""An in-memory unit of work for the services' unit tests (no database, no SQLAlchemy).

It keeps the contract of services/uow.py: changes become visible to the next unit of work only
after ``commit()``; leaving the block without commit throws them away.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib.util
from collections.abc import Sequence
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from dinsos_desktop.domain.catalog import Catalog, Standard
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.letters import LetterFields, under_code
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.text import fold
from dinsos_desktop.paths import migrations_dir
from dinsos_desktop.services.dto import (
    ApplicantHit,
    ApplicationDTO,
    ApplicationItemDTO,
    AttachmentDTO,
    AuditEntry,
    CatalogVersionDTO,
    CitizenDTO,
    CitizenInput,
    ClassificationDTO,
    ClassificationInput,
    EventDTO,
    HandoverDTO,
    HandoverInput,
    InstitutionDTO,
    InstitutionInput,
    LetterDTO,
    LetterFilter,
    NewLetter,
    Page,
    QueueCounts,
    QueueFilter,
    QueueRow,
    StepProgress,
    StepRecordDTO,
    StoredUser,
)

if TYPE_CHECKING:
    from dinsos_desktop.services import uow as protocols

# Like the SQL repositories; the texts of the real messages are theirs, not the fake's.
CONFLICT = "konflik"
DUPLICATE = "data yang sama baru saja disimpan dari workstation lain"
APPLICATION_STATUSES = ("draft", "returned", "registered", "in_process", "ready", "done", "cancelled")
RUNNING_STATUSES = ("registered", "in_process")  # the work queues watch these
STEP_OUTCOMES = ("done", "skipped")
ITEM_STATUSES = ("asli_diperiksa", "salinan_diterima", "tidak_ada", "tidak_berlaku")
CODE_SETS = ("lama", "baru")
LETTER_STATUSES = ("aktif", "batal")
INSERT_APPROVALS = ("", "menunggu", "disetujui")


@cache
def seeded_classifications() -> tuple[tuple[str, str, str], ...]:
    """(code set, code, name) of the codes migration 0004 seeds, in its order (ids 1, 2, …),
    read from the migration itself so that the fake never drifts from it."""
    path = migrations_dir() / "versions" / "0004_agenda.py"
    spec = importlib.util.spec_from_file_location("dinsos_migration_0004_for_fakes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    top_level: tuple[tuple[str, str], ...] = module.TOP_LEVEL
    old_codes: tuple[tuple[str, str], ...] = module.OLD_CODES
    return (tuple((code_set, code, name) for code_set in CODE_SETS for code, name in top_level)
            + tuple(("lama", code, name) for code, name in old_codes))


def _seeded_state_classifications() -> dict[int, ClassificationDTO]:
    return {i: ClassificationDTO(i, code_set, code, name, None, None, 1)
            for i, (code_set, code, name) in enumerate(seeded_classifications(), start=1)}


@dataclasses.dataclass
class _Application:
    """An application as the fake stores it (the DTO is built on every read, like a query)."""

    id: int
    standard_id: int
    citizen_id: int | None
    institution_id: int | None
    representative_id: int | None
    officer_user_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    status: str = "draft"
    version: int = 1
    tracking_number: str | None = None
    return_slip_number: str | None = None
    received_at: dt.datetime | None = None
    registered_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    due_is_clock_time: bool = False
    items: dict[str, tuple[str | None, str]] = dataclasses.field(default_factory=dict)
    current_step: int | None = None
    step_count: int = 0
    ready_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    status_before: str | None = None


@dataclasses.dataclass
class _Step:
    application_id: int
    step_no: int
    outcome: str
    note: str
    at: dt.datetime
    user_id: int | None


@dataclasses.dataclass
class _Handover:
    id: int
    application_id: int
    at: dt.datetime
    officer_user_id: int | None
    recipient_name: str
    recipient_id_number: str
    recipient_is_representative: bool
    note: str


@dataclasses.dataclass
class _Letter:
    """A letter of the agenda book as the fake stores it (the DTO is built on every read)."""

    id: int
    year: int
    scope: str
    number: int
    suffix: str
    full_number: str
    fields: LetterFields
    related_application_id: int | None
    status: str
    is_insert: bool
    insert_reason: str
    insert_approval: str
    void_reason: str
    voided_at: dt.datetime | None
    imported: bool
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1
    voided_by: int | None = None
    insert_approved_by: int | None = None
    scan_filename: str = ""
    scan_pdf: bytes | None = None


@dataclasses.dataclass
class _State:
    users: dict[int, StoredUser] = dataclasses.field(default_factory=dict)
    audit: list[AuditEntry] = dataclasses.field(default_factory=list)
    office: OfficeProfile | None = None
    versions: dict[int, tuple[CatalogVersionDTO, Catalog]] = dataclasses.field(default_factory=dict)
    counters: dict[str, int] = dataclasses.field(default_factory=dict)
    settings: dict[str, str] = dataclasses.field(default_factory=dict)
    closures: dict[dt.date, str] = dataclasses.field(default_factory=dict)
    citizens: dict[int, CitizenDTO] = dataclasses.field(default_factory=dict)
    # (kind, id) -> national phone digits
    phones: dict[tuple[str, int], str] = dataclasses.field(default_factory=dict)
    institutions: dict[int, InstitutionDTO] = dataclasses.field(default_factory=dict)
    applications: dict[int, _Application] = dataclasses.field(default_factory=dict)
    # attachment id -> (application id, attachment, content)
    attachments: dict[int, tuple[int, AttachmentDTO, bytes]] = dataclasses.field(default_factory=dict)
    events: list[tuple[int, dt.datetime, str, str, int | None]] = dataclasses.field(
        default_factory=list)
    steps: list[_Step] = dataclasses.field(default_factory=list)
    handovers: list[_Handover] = dataclasses.field(default_factory=list)
    classifications: dict[int, ClassificationDTO] = dataclasses.field(
        default_factory=_seeded_state_classifications)
    letters: dict[int, _Letter] = dataclasses.field(default_factory=dict)


class _Users:
    def __init__(self, state: _State) -> None:
        self.state = state

    def count(self) -> int:
        return len(self.state.users)

    def get(self, user_id: int) -> StoredUser | None:
        return self.state.users.get(user_id)

    def get_by_username(self, username: str) -> StoredUser | None:
        return next((u for u in self.state.users.values() if u.username == username), None)

    def list(self) -> Sequence[StoredUser]:
        return sorted(self.state.users.values(), key=lambda u: u.username)

    def add(self, username: str, full_name: str, nip: str, roles: frozenset[Role],
            password_hash: str, now: dt.datetime) -> StoredUser:
        user_id = max(self.state.users, default=0) + 1
        user = StoredUser(user_id, username, full_name, nip, roles, True, password_hash, 0, None, now, 1)
        self.state.users[user_id] = user
        return user

    def update(self, user: StoredUser, *, expected_version: int) -> StoredUser:
        stored = self.state.users.get(user.id)
        if stored is None or stored.version != expected_version:
            raise ConflictError("konflik")
        # Like the SQL repository: the name and creation time never change.
        saved = dataclasses.replace(user, username=stored.username, created_at=stored.created_at,
                                    version=expected_version + 1)
        self.state.users[user.id] = saved
        return saved

    def record_login_attempt(self, user_id: int, failed_attempts: int,
                             locked_until: dt.datetime | None) -> None:
        self.state.users[user_id] = dataclasses.replace(
            self.state.users[user_id], failed_attempts=failed_attempts, locked_until=locked_until)


class _Audit:
    def __init__(self, state: _State) -> None:
        self.state = state

    def add(self, entry: AuditEntry) -> None:
        self.state.audit.append(dataclasses.replace(entry, id=len(self.state.audit) + 1))

    def page(self, offset: int, limit: int, entity: str | None = None) -> Page[AuditEntry]:
        rows = [e for e in reversed(self.state.audit) if entity is None or e.entity == entity]
        return Page(tuple(rows[offset:offset + limit]), len(rows), offset)


class _Office:
    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self) -> OfficeProfile:
        return self.state.office or OfficeProfile()

    def save(self, profile: OfficeProfile, *, expected_version: int) -> OfficeProfile:
        if self.get().version != expected_version:
            raise ConflictError("konflik")
        self.state.office = dataclasses.replace(profile, version=expected_version + 1)
        return self.state.office


class _Catalog:
    def __init__(self, state: _State) -> None:
        self.state = state

    def versions(self) -> Sequence[CatalogVersionDTO]:
        return [v for v, _ in self.state.versions.values()]

    def find_version(self, decree_number: str) -> CatalogVersionDTO | None:
        return next((v for v in self.versions() if v.decree_number == decree_number), None)

    def active_version_id(self) -> int | None:
        return next((v.id for v in self.versions() if v.is_active), None)

    def add_version(self, catalog: Catalog, imported_by: str, now: dt.datetime,
                    source_sha256: str) -> int:
        version_id = max(self.state.versions, default=0) + 1
        v = catalog.version
        self.state.versions[version_id] = (
            CatalogVersionDTO(version_id, v.decree_number, v.decree_date, v.title, now, imported_by,
                              False, len(catalog.standards)),
            catalog,
        )
        return version_id

    def activate(self, version_id: int) -> None:
        if version_id not in self.state.versions:
            raise NotFound("tidak ada")
        for vid, (v, c) in list(self.state.versions.items()):
            self.state.versions[vid] = (dataclasses.replace(v, is_active=vid == version_id), c)

    def load(self, version_id: int) -> Catalog:
        if version_id not in self.state.versions:
            raise NotFound("tidak ada")
        return self.state.versions[version_id][1]

    # A standard's id: version id * STANDARD_IDS + its position + 1.
    STANDARD_IDS = 1000

    def standard_id(self, version_id: int, code: str) -> int | None:
        if version_id not in self.state.versions:
            return None
        codes = [s.code for s in self.state.versions[version_id][1].standards]
        return version_id * self.STANDARD_IDS + codes.index(code) + 1 if code in codes else None

    def load_standard(self, standard_id: int) -> tuple[int, Standard]:
        version_id, position = divmod(standard_id, self.STANDARD_IDS)
        if version_id not in self.state.versions or position < 1:
            raise NotFound("Standar pelayanan tidak ditemukan.")
        standards = self.state.versions[version_id][1].standards
        if position > len(standards):
            raise NotFound("Standar pelayanan tidak ditemukan.")
        return version_id, standards[position - 1]


class _Counters:
    def __init__(self, state: _State) -> None:
        self.state = state

    def next(self, scope: str) -> int:
        self.state.counters[scope] = self.state.counters.get(scope, 0) + 1
        return self.state.counters[scope]

    def raise_to(self, scope: str, value: int) -> None:
        self.state.counters[scope] = max(self.state.counters.get(scope, 0), value)

    def next_block(self, scope: str, count: int) -> int:
        self.state.counters[scope] = self.state.counters.get(scope, 0) + count
        return self.state.counters[scope]


class _Settings:
    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self, key: str) -> str | None:
        return self.state.settings.get(key)

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: self.state.settings[k] for k in keys if k in self.state.settings}

    def set(self, key: str, value: str) -> None:
        self.state.settings[key] = value

    def closures(self, start: dt.date, end: dt.date) -> Sequence[tuple[dt.date, str]]:
        return sorted((d, r) for d, r in self.state.closures.items() if start <= d <= end)

    def add_closure(self, day: dt.date, reason: str) -> None:
        self.state.closures[day] = reason

    def remove_closure(self, day: dt.date) -> bool:
        return self.state.closures.pop(day, None) is not None


def phone_digits(phone: str) -> str:
    """National-form digits, as the SQL repositories keep them: '+62 812-3' -> '08123'."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("62") and len(digits) > 8:
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


class _Citizens:
    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self, citizen_id: int) -> CitizenDTO | None:
        return self.state.citizens.get(citizen_id)

    def get_by_nik(self, nik: str) -> CitizenDTO | None:
        return next((c for c in self.state.citizens.values() if c.nik == nik), None)

    def _store(self, citizen_id: int, data: CitizenInput, version: int, created: dt.datetime,
               now: dt.datetime) -> CitizenDTO:
        same_nik = self.get_by_nik(data.nik)
        if same_nik is not None and same_nik.id != citizen_id:
            raise ConflictError(DUPLICATE)  # the unique index
        if data.sex not in ("L", "P"):
            raise ValueError(f"sex {data.sex!r} refused by the schema")
        fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(CitizenDTO)
                  if hasattr(data, f.name)}
        citizen = CitizenDTO(**{**fields, "id": citizen_id, "version": version,
                                "created_at": created, "updated_at": now})
        self.state.citizens[citizen_id] = citizen
        self.state.phones["citizen", citizen_id] = phone_digits(data.phone)
        return citizen

    def add(self, data: CitizenInput, now: dt.datetime) -> CitizenDTO:
        return self._store(max(self.state.citizens, default=0) + 1, data, 1, now, now)

    def update(self, citizen_id: int, data: CitizenInput, *, expected_version: int,
               now: dt.datetime) -> CitizenDTO:
        stored = self.state.citizens.get(citizen_id)
        if stored is None:
            raise NotFound("Data warga tidak ditemukan.")
        if stored.version != expected_version:
            raise ConflictError(CONFLICT)
        return self._store(citizen_id, data, expected_version + 1, stored.created_at, now)

    def similar(self, name_folded: str, birth_date: dt.date) -> Sequence[CitizenDTO]:
        name = fold(name_folded)
        found = [c for c in self.state.citizens.values()
                 if c.birth_date == birth_date and name and fold(c.full_name)
                 and (name in fold(c.full_name) or fold(c.full_name) in name)]
        return sorted(found, key=lambda c: (fold(c.full_name), c.id))


class _Institutions:
    KINDS = ("lks", "lksa", "karang_taruna", "masjid", "yayasan", "lainnya")

    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self, institution_id: int) -> InstitutionDTO | None:
        found = self.state.institutions.get(institution_id)
        if found is None:
            return None
        contact = self.state.citizens.get(found.contact_citizen_id or 0)
        return dataclasses.replace(found, contact_name=contact.full_name if contact else "")

    def _store(self, institution_id: int, data: InstitutionInput, version: int,
               created: dt.datetime, now: dt.datetime) -> InstitutionDTO:
        if data.kind not in self.KINDS:
            raise ValueError(f"kind {data.kind!r} refused by the schema")
        if data.contact_citizen_id is not None and data.contact_citizen_id not in self.state.citizens:
            raise ValueError("foreign key: no such citizen")
        self.state.institutions[institution_id] = InstitutionDTO(
            id=institution_id, name=data.name, kind=data.kind, legal_form=data.legal_form,
            akta_number=data.akta_number, npwp=data.npwp, address=data.address, phone=data.phone,
            contact_citizen_id=data.contact_citizen_id, contact_name="", version=version,
            created_at=created, updated_at=now)
        self.state.phones["institution", institution_id] = phone_digits(data.phone)
        saved = self.get(institution_id)
        assert saved is not None
        return saved

    def add(self, data: InstitutionInput, now: dt.datetime) -> InstitutionDTO:
        return self._store(max(self.state.institutions, default=0) + 1, data, 1, now, now)

    def update(self, institution_id: int, data: InstitutionInput, *, expected_version: int,
               now: dt.datetime) -> InstitutionDTO:
        stored = self.state.institutions.get(institution_id)
        if stored is None:
            raise NotFound("Data lembaga tidak ditemukan.")
        if stored.version != expected_version:
            raise ConflictError(CONFLICT)
        return self._store(institution_id, data, expected_version + 1, stored.created_at, now)


class _ApplicantSearch:
    """The same results as the SQL search; ``total`` is always exact here (never capped)."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def _citizen_hit(self, c: CitizenDTO) -> ApplicantHit:
        return ApplicantHit("citizen", c.id, c.full_name, c.nik, c.birth_date, c.address_line(),
                            c.phone)

    def _all(self) -> list[tuple[str, ApplicantHit]]:
        """(folded name, hit) for every applicant."""
        hits = [(fold(c.full_name), self._citizen_hit(c)) for c in self.state.citizens.values()]
        hits += [(fold(i.name), ApplicantHit("institution", i.id, i.name, "", None, i.address, i.phone))
                 for i in self.state.institutions.values()]
        return hits

    @staticmethod
    def _page(found: list[tuple[str, ApplicantHit]], limit: int, offset: int) -> Page[ApplicantHit]:
        found.sort(key=lambda f: (f[0], f[1].id, f[1].kind))
        return Page(tuple(h for _, h in found[offset:offset + limit]), len(found), offset)

    def by_nik(self, nik_or_prefix: str, limit: int, offset: int) -> Page[ApplicantHit]:
        digits = nik_or_prefix.strip()
        if not digits.isascii() or not digits.isdigit() or len(digits) > 16:
            return Page((), 0, offset)
        found = sorted((c for c in self.state.citizens.values() if c.nik.startswith(digits)),
                       key=lambda c: c.nik)
        return Page(tuple(self._citizen_hit(c) for c in found[offset:offset + limit]), len(found),
                    offset)

    def by_name(self, folded_text: str, limit: int, offset: int) -> Page[ApplicantHit]:
        text = fold(folded_text)
        if not text:
            return Page((), 0, offset)
        # Names starting with the text by name; then institutions, then citizens, with the text
        # further on, newest first (ApplicantSearch.by_name).
        found = self._all()
        starting = sorted(((n, h) for n, h in found if n.startswith(text)),
                          key=lambda f: (f[0], f[1].id, f[1].kind))
        later = sorted((h for n, h in found if text in n[1:] and not n.startswith(text)),
                       key=lambda h: (h.kind != "institution", -h.id))
        hits = [h for _, h in starting] + later
        return Page(tuple(hits[offset:offset + limit]), len(hits), offset)

    def by_phone(self, digits: str, limit: int, offset: int) -> Page[ApplicantHit]:
        wanted = "".join(ch for ch in digits if ch.isdigit())
        if not wanted:
            return Page((), 0, offset)
        forms = [wanted]
        if wanted.startswith("62") and len(wanted) > 2:
            forms.append(wanted[2:] if wanted[2] == "0" else "0" + wanted[2:])
        found = [(n, h) for n, h in self._all()
                 if any(f in self.state.phones.get((h.kind, h.id), "") for f in forms)]
        return self._page(found, limit, offset)


def _item_order(key: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in key.split("."))


class _Applications:
    def __init__(self, state: _State, catalog: _Catalog) -> None:
        self.state = state
        self.catalog = catalog

    def _dto(self, a: _Application) -> ApplicationDTO:
        version_id, standard = self.catalog.load_standard(a.standard_id)
        if a.citizen_id is not None:
            applicant = self.state.citizens[a.citizen_id].full_name
        else:
            applicant = self.state.institutions[a.institution_id or 0].name
        officer = self.state.users.get(a.officer_user_id or 0)
        counts: dict[str, int] = {}
        for app_id, att, _ in self.state.attachments.values():
            if app_id == a.id:
                counts[att.item_key] = counts.get(att.item_key, 0) + 1
        keys = sorted(set(a.items) | set(counts), key=_item_order)
        items = tuple(ApplicationItemDTO(k, *a.items.get(k, (None, "")), counts.get(k, 0))
                      for k in keys)
        return ApplicationDTO(
            id=a.id, status=a.status, tracking_number=a.tracking_number,
            return_slip_number=a.return_slip_number, standard_id=a.standard_id,
            standard_code=standard.code, standard_title=standard.title,
            catalog_version_id=version_id, citizen_id=a.citizen_id,
            institution_id=a.institution_id, representative_id=a.representative_id,
            applicant_name=applicant, received_at=a.received_at, registered_at=a.registered_at,
            due_at=a.due_at, due_is_clock_time=a.due_is_clock_time,
            officer_username=officer.username if officer else "", items=items, version=a.version,
            created_at=a.created_at, updated_at=a.updated_at, current_step=a.current_step,
            step_count=a.step_count, ready_at=a.ready_at, finished_at=a.finished_at,
            status_before=a.status_before)

    def _get(self, application_id: int) -> _Application:
        found = self.state.applications.get(application_id)
        if found is None:
            raise ValueError("foreign key: no such application")
        return found

    def add_draft(self, standard_id: int, citizen_id: int | None, institution_id: int | None,
                  representative_id: int | None, officer_user_id: int | None,
                  now: dt.datetime) -> ApplicationDTO:
        if (citizen_id is None) == (institution_id is None):
            raise ValueError("check constraint: exactly one applicant")
        self.catalog.load_standard(standard_id)
        app = _Application(max(self.state.applications, default=0) + 1, standard_id, citizen_id,
                           institution_id, representative_id, officer_user_id, now, now)
        self.state.applications[app.id] = app
        self.state.events.append((app.id, now, "created", "", officer_user_id))
        return self._dto(app)

    def get(self, application_id: int) -> ApplicationDTO | None:
        found = self.state.applications.get(application_id)
        return self._dto(found) if found else None

    def get_by_number(self, number: str) -> ApplicationDTO | None:
        return next((self._dto(a) for a in self.state.applications.values()
                     if number in (a.tracking_number, a.return_slip_number)), None)

    def set_item(self, application_id: int, item_key: str, status: str | None, note: str,
                 now: dt.datetime) -> None:
        if status is not None and status not in ITEM_STATUSES:
            raise ValueError(f"item status {status!r} refused by the schema")
        app = self._get(application_id)
        app.items[item_key] = (status, note)
        app.updated_at = now

    def add_attachment(self, application_id: int, item_key: str, filename: str, mime: str,
                       content: bytes, now: dt.datetime, by_user_id: int | None) -> AttachmentDTO:
        self._get(application_id)
        att = AttachmentDTO(max(self.state.attachments, default=0) + 1, item_key, filename, mime,
                            len(content), now)
        self.state.attachments[att.id] = (application_id, att, bytes(content))
        return att

    def attachments(self, application_id: int) -> Sequence[AttachmentDTO]:
        return [att for app_id, att, _ in sorted(self.state.attachments.values(), key=lambda a: a[1].id)
                if app_id == application_id]

    def attachment_content(self, attachment_id: int) -> bytes | None:
        found = self.state.attachments.get(attachment_id)
        return found[2] if found else None

    def save_state(self, application_id: int, *, expected_version: int, status: str,
                   now: dt.datetime, tracking_number: str | None = None,
                   return_slip_number: str | None = None, received_at: dt.datetime | None = None,
                   due_at: dt.datetime | None = None, due_is_clock_time: bool = False,
                   progress: StepProgress | None = None, ready_at: dt.datetime | None = None,
                   finished_at: dt.datetime | None = None, clear_finished: bool = False,
                   status_before: str | None = None,
                   event: str, note: str = "", by_user_id: int | None = None) -> ApplicationDTO:
        app = self.state.applications.get(application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        if app.version != expected_version:
            raise ConflictError(CONFLICT)
        if status not in APPLICATION_STATUSES:
            raise ValueError(f"status {status!r} refused by the schema")
        for number in (tracking_number, return_slip_number):
            if number is not None and any(
                    number in (other.tracking_number, other.return_slip_number)
                    for other in self.state.applications.values() if other.id != application_id):
                raise ConflictError(DUPLICATE)  # the unique indexes
        app.status, app.version, app.updated_at = status, expected_version + 1, now
        if progress is not None:
            app.current_step, app.step_count = progress.current_step, progress.step_count
        if ready_at is not None:
            app.ready_at = ready_at
        if finished_at is not None:
            app.finished_at = finished_at
        elif clear_finished:
            app.finished_at = None
        if status_before is not None:
            app.status_before = status_before
        if tracking_number is not None:
            app.tracking_number = tracking_number
        if return_slip_number is not None:
            app.return_slip_number = return_slip_number
        if received_at is not None:
            app.received_at = received_at
        if due_at is not None:
            app.due_at, app.due_is_clock_time = due_at, due_is_clock_time
        if status == "registered" and app.registered_at is None:
            app.registered_at = now
        self.state.events.append((application_id, now, event, note, by_user_id))
        return self._dto(app)

    def _full_name(self, user_id: int | None) -> str:
        user = self.state.users.get(user_id or 0)
        return user.full_name if user else ""

    def events(self, application_id: int) -> Sequence[EventDTO]:
        """Oldest first, with the user's full name ("" for the system)."""
        return [EventDTO(at, e, n, self._full_name(u))
                for app_id, at, e, n, u in self.state.events if app_id == application_id]

    def add_step(self, application_id: int, step_no: int, outcome: str, note: str,
                 at: dt.datetime, by_user_id: int | None) -> None:
        self._get(application_id)
        if outcome not in STEP_OUTCOMES:
            raise ValueError(f"step outcome {outcome!r} refused by the schema")
        if any(s.application_id == application_id and s.step_no == step_no for s in self.state.steps):
            raise ConflictError(DUPLICATE)  # the unique (application, step) pair
        self.state.steps.append(_Step(application_id, step_no, outcome, note, at, by_user_id))

    def steps(self, application_id: int) -> Sequence[StepRecordDTO]:
        return [StepRecordDTO(s.step_no, s.outcome, s.note, s.at, self._full_name(s.user_id))
                for s in sorted(self.state.steps, key=lambda s: s.step_no)
                if s.application_id == application_id]

    def _handover_dto(self, h: _Handover) -> HandoverDTO:
        officer = self.state.users.get(h.officer_user_id or 0)
        return HandoverDTO(h.id, h.application_id, h.at, officer.full_name if officer else "",
                           officer.nip if officer else "", h.recipient_name, h.recipient_id_number,
                           h.recipient_is_representative, h.note)

    def add_handover(self, application_id: int, data: HandoverInput, at: dt.datetime,
                     officer_user_id: int | None) -> HandoverDTO:
        self._get(application_id)
        handover = _Handover(max((h.id for h in self.state.handovers), default=0) + 1, application_id,
                             at, officer_user_id, data.recipient_name, data.recipient_id_number,
                             data.is_representative, data.note)
        self.state.handovers.append(handover)
        return self._handover_dto(handover)

    def handovers(self, application_id: int) -> Sequence[HandoverDTO]:
        """Oldest first."""
        return [self._handover_dto(h) for h in sorted(self.state.handovers, key=lambda h: h.id)
                if h.application_id == application_id]

    # ------------------------------------------------------------------ work queues

    def _in_queue(self, a: _Application, wanted: QueueFilter, now: dt.datetime,
                  today_end: dt.datetime, soon_end: dt.datetime) -> bool:
        """repositories._queue_conditions: a NULL due date matches no comparison."""
        running = a.status in RUNNING_STATUSES
        due = a.due_at
        if wanted.queue == "overdue":
            matches = running and due is not None and due < now
        elif wanted.queue == "due_today":
            matches = running and due is not None and now <= due <= today_end
        elif wanted.queue == "due_soon":
            matches = running and due is not None and today_end < due <= soon_end
        elif wanted.queue == "running":
            matches = running
        elif wanted.queue == "waiting":
            matches = running and (wanted.step is None or a.current_step == wanted.step)
        elif wanted.queue == "ready":
            matches = a.status == "ready"
        else:
            raise KeyError(wanted.queue)
        if not matches:
            return False
        _, standard = self.catalog.load_standard(a.standard_id)
        return ((wanted.bidang_code is None or standard.bidang == wanted.bidang_code)
                and (wanted.standard_code is None or standard.code == wanted.standard_code))

    def _queue_row(self, a: _Application) -> QueueRow:
        _, standard = self.catalog.load_standard(a.standard_id)
        step_text = ""
        if a.current_step is not None and 1 <= a.current_step <= len(standard.procedure_steps):
            step_text = standard.procedure_steps[a.current_step - 1]
        if a.citizen_id is not None:
            applicant = self.state.citizens[a.citizen_id].full_name
        else:
            applicant = self.state.institutions[a.institution_id or 0].name
        return QueueRow(
            application_id=a.id, tracking_number=a.tracking_number or "", applicant_name=applicant,
            standard_code=standard.code, standard_title=standard.title,
            bidang_code=standard.bidang, status=a.status, current_step=a.current_step,
            step_count=a.step_count, step_text=step_text, registered_at=a.registered_at,
            due_at=a.due_at, due_is_clock_time=a.due_is_clock_time, ready_at=a.ready_at,
            version=a.version)

    def queue(self, wanted: QueueFilter, *, now: dt.datetime, today_end: dt.datetime,
              soon_end: dt.datetime, limit: int, offset: int) -> Page[QueueRow]:
        """As the SQL repository: most urgent first (no due date last), ready ones oldest first;
        ``total`` counts one row beyond the page (``total_capped`` then)."""
        found = [a for a in self.state.applications.values()
                 if self._in_queue(a, wanted, now, today_end, soon_end)]
        if wanted.queue == "ready":
            found.sort(key=lambda a: (a.ready_at is None, a.ready_at or now, a.id))
        else:
            found.sort(key=lambda a: (a.due_at is None, a.due_at or now, a.id))
        rows = found[offset:offset + limit + 1]
        more = len(rows) > limit
        items = tuple(self._queue_row(a) for a in rows[:limit])
        return Page(items, offset + len(items) + (1 if more else 0), offset, more)

    def queue_counts(self, *, now: dt.datetime, today_end: dt.datetime, soon_end: dt.datetime,
                     bidang_code: str | None = None,
                     standard_code: str | None = None) -> QueueCounts:
        def count(queue: str) -> int:
            wanted = QueueFilter(queue, bidang_code, standard_code)
            return sum(self._in_queue(a, wanted, now, today_end, soon_end)
                       for a in self.state.applications.values())

        return QueueCounts(count("overdue"), count("due_today"), count("due_soon"), count("ready"))

    def _of(self, citizen_id: int | None, institution_id: int | None) -> list[_Application]:
        found = [a for a in self.state.applications.values()
                 if (citizen_id is not None and citizen_id in (a.citizen_id, a.representative_id))
                 or (institution_id is not None and a.institution_id == institution_id)]
        return sorted(found, key=lambda a: (a.created_at, a.id), reverse=True)

    def for_applicant(self, citizen_id: int | None,
                      institution_id: int | None) -> Sequence[ApplicationDTO]:
        return [self._dto(a) for a in self._of(citizen_id, institution_id)]

    def returned_for(self, citizen_id: int | None,
                     institution_id: int | None) -> Sequence[ApplicationDTO]:
        return [self._dto(a) for a in self._of(citizen_id, institution_id) if a.status == "returned"]


# --------------------------------------------------------------------------- agenda book


class _Classifications:
    def __init__(self, state: _State) -> None:
        self.state = state

    def list(self, code_set: str | None = None) -> Sequence[ClassificationDTO]:
        return sorted((c for c in self.state.classifications.values()
                       if code_set is None or c.code_set == code_set),
                      key=lambda c: (c.code_set, c.code))

    def get(self, classification_id: int) -> ClassificationDTO | None:
        return self.state.classifications.get(classification_id)

    def by_code(self, code: str) -> Sequence[ClassificationDTO]:
        return sorted((c for c in self.state.classifications.values() if c.code == code),
                      key=lambda c: c.code_set)

    def add(self, data: ClassificationInput, now: dt.datetime) -> ClassificationDTO:
        if data.code_set not in CODE_SETS:
            raise ValueError(f"code set {data.code_set!r} refused by the schema")
        if any((c.code_set, c.code) == (data.code_set, data.code)
               for c in self.state.classifications.values()):
            raise ConflictError(DUPLICATE)  # the unique (code set, code)
        saved = ClassificationDTO(max(self.state.classifications, default=0) + 1, data.code_set,
                                  data.code, data.name, data.valid_from, data.valid_to, 1)
        self.state.classifications[saved.id] = saved
        return saved

    def update(self, classification_id: int, data: ClassificationInput, *, expected_version: int,
               now: dt.datetime) -> ClassificationDTO:
        """Name and validity; the code and its set never change (as in SQL)."""
        stored = self.state.classifications.get(classification_id)
        if stored is None:
            raise NotFound("Kode klasifikasi tidak ditemukan.")
        if stored.version != expected_version:
            raise ConflictError(CONFLICT)
        saved = dataclasses.replace(stored, name=data.name, valid_from=data.valid_from,
                                    valid_to=data.valid_to, version=expected_version + 1)
        self.state.classifications[classification_id] = saved
        return saved


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """What ILIKE (PostgreSQL without a locale) and lower() (SQLite) fold: A-Z only."""
    return text.translate(_ASCII_LOWER)


class _Letters:
    def __init__(self, state: _State) -> None:
        self.state = state

    def _full_name(self, user_id: int | None) -> str:
        user = self.state.users.get(user_id or 0)
        return user.full_name if user else ""

    def _dto(self, r: _Letter) -> LetterDTO:
        f = r.fields
        assert f.letter_date is not None  # NOT NULL
        app = self.state.applications.get(r.related_application_id or 0)
        return LetterDTO(
            id=r.id, year=r.year, scope=r.scope, number=r.number, suffix=r.suffix,
            full_number=r.full_number, letter_date=f.letter_date, sent_date=f.sent_date,
            kind=f.kind.value, classification_code=f.classification_code,
            addressee_name=f.addressee_name, addressee_institution=f.addressee_institution,
            addressee_address=f.addressee_address, subject=f.subject, nature=f.nature.value,
            attachments=f.attachments, bidang_code=f.bidang_code, signatory=f.signatory,
            related_application_id=r.related_application_id,
            related_application_number=(app.tracking_number or "") if app else "",
            related_incoming=f.related_incoming, notes=f.notes, status=r.status,
            is_insert=r.is_insert, insert_reason=r.insert_reason, insert_approval=r.insert_approval,
            void_reason=r.void_reason, voided_at=r.voided_at,
            voided_by_name=self._full_name(r.voided_by), scan_filename=r.scan_filename,
            imported=r.imported, created_by_name=self._full_name(r.created_by), version=r.version,
            created_at=r.created_at, updated_at=r.updated_at)

    def _check_references(self, related_application_id: int | None, *user_ids: int | None) -> None:
        if related_application_id is not None and related_application_id not in self.state.applications:
            raise ValueError("foreign key: no such application")
        if any(u is not None and u not in self.state.users for u in user_ids):
            raise ValueError("foreign key: no such user")

    def add(self, new: NewLetter, by_user_id: int | None, now: dt.datetime, *,
            created_by_name: str = "", related_application_number: str = "") -> LetterDTO:
        if new.status not in LETTER_STATUSES or new.insert_approval not in INSERT_APPROVALS:
            raise ValueError("status or approval refused by the schema")
        if new.fields.letter_date is None:
            raise ValueError("letter_date may not be NULL")
        self._check_references(new.related_application_id, by_user_id)
        if any((r.scope, r.number, r.suffix) == (new.scope, new.number, new.suffix)
               or (r.year, r.full_number) == (new.year, new.full_number)
               for r in self.state.letters.values()):
            raise ConflictError(DUPLICATE)  # the unique (scope, number, suffix), (year, full_number)
        letter = _Letter(
            id=max(self.state.letters, default=0) + 1, year=new.year, scope=new.scope,
            number=new.number, suffix=new.suffix, full_number=new.full_number, fields=new.fields,
            related_application_id=new.related_application_id, status=new.status,
            is_insert=new.is_insert, insert_reason=new.insert_reason,
            insert_approval=new.insert_approval, void_reason=new.void_reason,
            voided_at=now if new.status == "batal" else None, imported=new.imported,
            created_by=by_user_id, created_at=now, updated_at=now)
        self.state.letters[letter.id] = letter
        return self._dto(letter)

    def add_next(self, new: NewLetter, by_user_id: int | None, now: dt.datetime,
                 logged: AuditEntry, *, created_by_name: str = "",
                 related_application_number: str = "") -> LetterDTO | None:
        latest = self.latest_main(new.scope)
        assert new.fields.letter_date is not None
        if latest is not None and latest[1] > new.fields.letter_date:
            return None
        try:
            letter = self.add(new, by_user_id, now, created_by_name=created_by_name,
                              related_application_number=related_application_number)
        except ConflictError:
            return None
        self.state.audit.append(dataclasses.replace(logged, entity_id=str(letter.id),
                                                    id=len(self.state.audit) + 1))
        return letter

    def get(self, letter_id: int) -> LetterDTO | None:
        found = self.state.letters.get(letter_id)
        return self._dto(found) if found else None

    def _mains(self, scope: str) -> list[_Letter]:
        return [r for r in self.state.letters.values() if r.scope == scope and not r.suffix]

    def latest_main(self, scope: str) -> tuple[int, dt.date] | None:
        latest = max(self._mains(scope), key=lambda r: r.number, default=None)
        if latest is None or latest.fields.letter_date is None:
            return None
        return latest.number, latest.fields.letter_date

    def last_main_on_or_before(self, scope: str, day: dt.date) -> int | None:
        return max((r.number for r in self._mains(scope)
                    if r.fields.letter_date is not None and r.fields.letter_date <= day), default=None)

    def suffixes(self, scope: str, number: int) -> Sequence[str]:
        return [r.suffix for r in sorted(self.state.letters.values(), key=lambda r: r.id)
                if r.scope == scope and r.number == number and r.suffix]

    def _change(self, letter_id: int, expected_version: int, now: dt.datetime,
                **values: Any) -> LetterDTO:
        stored = self.state.letters.get(letter_id)
        if stored is None:
            raise NotFound("Surat tidak ditemukan.")
        if stored.version != expected_version:
            raise ConflictError(CONFLICT)
        changed = dataclasses.replace(stored, **values, version=expected_version + 1, updated_at=now)
        self._check_references(changed.related_application_id, changed.voided_by,
                               changed.insert_approved_by)
        self.state.letters[letter_id] = changed
        return self._dto(changed)

    def update_fields(self, letter_id: int, fields: Any, related_application_id: int | None, *,
                      expected_version: int, now: dt.datetime) -> LetterDTO:
        """Everything but what the number is made of (date, kind, classification), as in SQL."""
        stored = self.state.letters.get(letter_id)
        if stored is None:
            raise NotFound("Surat tidak ditemukan.")
        kept = dataclasses.replace(fields, letter_date=stored.fields.letter_date, kind=stored.fields.kind,
                                   classification_code=stored.fields.classification_code,
                                   related_application="")
        return self._change(letter_id, expected_version, now, fields=kept,
                            related_application_id=related_application_id)

    def void(self, letter_id: int, reason: str, by_user_id: int | None, *, expected_version: int,
             now: dt.datetime) -> LetterDTO:
        stored = self.state.letters.get(letter_id)
        approval = stored.insert_approval if stored else ""
        return self._change(letter_id, expected_version, now, status="batal", void_reason=reason,
                            voided_at=now, voided_by=by_user_id,
                            insert_approval="" if approval == "menunggu" else approval)

    def full_number_taken(self, year: int, full_number: str) -> bool:
        return any(r.year == year and r.full_number == full_number
                   for r in self.state.letters.values())

    def approve_insert(self, letter_id: int, by_user_id: int | None, *, expected_version: int,
                       now: dt.datetime) -> LetterDTO:
        return self._change(letter_id, expected_version, now, insert_approval="disetujui",
                            insert_approved_by=by_user_id)

    def set_scan(self, letter_id: int, filename: str, content: bytes, *, expected_version: int,
                 now: dt.datetime) -> LetterDTO:
        return self._change(letter_id, expected_version, now, scan_filename=filename,
                            scan_pdf=bytes(content))

    def scan(self, letter_id: int) -> bytes | None:
        found = self.state.letters.get(letter_id)
        return found.scan_pdf if found else None

    @staticmethod
    def _matches(r: _Letter, wanted: LetterFilter) -> bool:
        """repositories.SqlLetterRepository._conditions (the month only counts with a year)."""
        f = r.fields
        day = f.letter_date
        if wanted.year is not None:
            if r.year != wanted.year:
                return False
            if wanted.month is not None and (day is None or (day.year, day.month)
                                             != (wanted.year, wanted.month)):
                return False
        code = wanted.classification_code
        if code and not under_code(f.classification_code, code):
            return False
        if wanted.bidang_code and f.bidang_code != wanted.bidang_code:
            return False
        if wanted.status in LETTER_STATUSES and r.status != wanted.status:
            return False
        if wanted.status == "sisipan" and not r.is_insert:
            return False
        if wanted.status == "menunggu" and r.insert_approval != "menunggu":
            return False
        text = _ascii_lower(" ".join(wanted.search.split()))
        return not text or any(text in _ascii_lower(value) for value in (
            f.subject, f.addressee_name, f.addressee_institution, r.full_number))

    @staticmethod
    def _book_order(r: _Letter) -> tuple[int, dt.date, int, int, str, int]:
        assert r.fields.letter_date is not None
        return r.year, r.fields.letter_date, r.number, len(r.suffix), r.suffix, r.id

    def page(self, wanted: LetterFilter, limit: int, offset: int) -> Page[LetterDTO]:
        """The book's order (year, date, number, suffix); ``total`` counts one beyond the page."""
        found = sorted((r for r in self.state.letters.values() if self._matches(r, wanted)),
                       key=self._book_order)
        rows = found[offset:offset + limit + 1]
        more = len(rows) > limit
        items = tuple(self._dto(r) for r in rows[:limit])
        return Page(items, offset + len(items) + (1 if more else 0), offset, more)

    def register(self, year: int, month: int | None) -> Sequence[LetterDTO]:
        found = sorted((r for r in self.state.letters.values()
                        if self._matches(r, LetterFilter(year, month))),
                       key=lambda r: self._book_order(r)[1:])
        return [self._dto(r) for r in found]

    def numbers(self, year: int) -> Sequence[tuple[str, int, str]]:
        return [(r.scope, r.number, r.suffix) for r in sorted(self.state.letters.values(),
                                                              key=lambda r: r.id) if r.year == year]

    def highest_per_scope(self) -> dict[str, int]:
        highest: dict[str, int] = {}
        for r in self.state.letters.values():
            highest[r.scope] = max(highest.get(r.scope, 0), r.number)
        return highest


if TYPE_CHECKING:
    def _fakes_satisfy_the_protocols(state: _State) -> None:
        # Checked by mypy, never run: each fake repository against its protocol in services/uow.py.
        _users: protocols.UserRepository = _Users(state)
        _audit: protocols.AuditRepository = _Audit(state)
        _office: protocols.OfficeRepository = _Office(state)
        _catalog: protocols.CatalogRepository = _Catalog(state)
        _counters: protocols.CounterRepository = _Counters(state)
        _settings: protocols.SettingsRepository = _Settings(state)
        _citizens: protocols.CitizenRepository = _Citizens(state)
        _institutions: protocols.InstitutionRepository = _Institutions(state)
        _search: protocols.ApplicantSearch = _ApplicantSearch(state)
        _applications: protocols.ApplicationRepository = _Applications(state, _Catalog(state))
        _classifications: protocols.ClassificationRepository = _Classifications(state)
        _letters: protocols.LetterRepository = _Letters(state)


class FakeUnitOfWork:
    """Implements services.uow.UnitOfWork over plain dictionaries."""

    def __init__(self) -> None:
        self.committed = _State()
        self.commits = 0
        self.locks: list[str] = []
        self._work: _State | None = None

    def __enter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("unit of work is already open")
        self._work = copy.deepcopy(self.committed)
        self.users = _Users(self._work)
        self.audit = _Audit(self._work)
        self.office = _Office(self._work)
        self.catalog = _Catalog(self._work)
        self.counters = _Counters(self._work)
        self.settings = _Settings(self._work)
        self.citizens = _Citizens(self._work)
        self.institutions = _Institutions(self._work)
        self.applicant_search = _ApplicantSearch(self._work)
        self.applications = _Applications(self._work, self.catalog)
        self.classifications = _Classifications(self._work)
        self.letters = _Letters(self._work)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._work = None
        self._reading = False

    _reading = False

    def read_only(self) -> Self:
        if self._work is not None:
            raise RuntimeError("unit of work is already open")
        self._reading = True
        return self

    def commit(self) -> None:
        assert self._work is not None
        if self._reading:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.committed = copy.deepcopy(self._work)
        self.commits += 1

    def rollback(self) -> None:
        assert self._work is not None
        self._work.__dict__.update(copy.deepcopy(self.committed).__dict__)

    def lock(self, name: str) -> None:
        assert self._work is not None
        self.locks.append(name)

    # For assertions
    def audit_entries(self) -> list[AuditEntry]:
        return list(self.committed.audit)

    def stored_users(self) -> dict[str, Any]:
        return {u.username: u for u in self.committed.users.values()}
