"""The unit of work and the repositories the use cases need, as protocols.

The SQLAlchemy implementation lives in adapters/db; tests may use a fake. A use case runs
``with uow: …; uow.commit()``; leaving the block without commit rolls everything back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from dinsos_desktop.domain.assets import AssetFields, Kib, MutationKind
from dinsos_desktop.domain.catalog import Catalog, Standard
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.asset_dto import (
    AssetCodeDTO,
    AssetCodeInput,
    AssetDTO,
    AssetFilter,
    AssetMutationDTO,
    BookRow,
    RoomDTO,
    RoomInput,
)
from dinsos_desktop.services.dto import (
    ApplicantHit,
    ApplicationDTO,
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
from dinsos_desktop.services.register_dto import (
    OutcomeCount,
    RegisterOrder,
    RegisterRecord,
    StandardRef,
)


class UserRepository(Protocol):
    def count(self) -> int: ...
    def get(self, user_id: int) -> StoredUser | None: ...
    def get_by_username(self, username: str) -> StoredUser | None: ...
    def list(self) -> Sequence[StoredUser]: ...
    def add(self, username: str, full_name: str, nip: str, roles: frozenset[Role],
            password_hash: str, now: dt.datetime) -> StoredUser: ...

    def update(self, user: StoredUser, *, expected_version: int) -> StoredUser:
        """Write every field of ``user``; raise ConflictError when the stored version differs."""
        ...

    def record_login_attempt(self, user_id: int, failed_attempts: int,
                             locked_until: dt.datetime | None) -> None:
        """Login bookkeeping; does not bump the version (it is not an edit)."""
        ...


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def page(self, offset: int, limit: int, entity: str | None = None) -> Page[AuditEntry]: ...


class OfficeRepository(Protocol):
    def get(self) -> OfficeProfile: ...
    def save(self, profile: OfficeProfile, *, expected_version: int) -> OfficeProfile: ...


class CatalogRepository(Protocol):
    def versions(self) -> Sequence[CatalogVersionDTO]: ...
    def find_version(self, decree_number: str) -> CatalogVersionDTO | None: ...
    def active_version_id(self) -> int | None: ...
    def add_version(self, catalog: Catalog, imported_by: str, now: dt.datetime,
                    source_sha256: str) -> int: ...
    def activate(self, version_id: int) -> None: ...
    def load(self, version_id: int) -> Catalog: ...

    def standard_id(self, version_id: int, code: str) -> int | None:
        """The row id of one standard of one catalog version (what an application refers to)."""
        ...

    def load_standard(self, standard_id: int) -> tuple[int, Standard]:
        """(catalog version id, the standard as that version set it)."""
        ...


class CounterRepository(Protocol):
    def next(self, scope: str) -> int:
        """The next value of a gapless counter; the scope's row stays locked until this
        transaction ends, so a rollback gives the number back."""
        ...

    def raise_to(self, scope: str, value: int) -> None:
        """The counter continues after ``value`` at least (numbers imported from an old book)."""
        ...

    def next_block(self, scope: str, count: int) -> int:
        """``count`` consecutive numbers at once (locked like ``next``): returns the last one;
        the block is ``last - count + 1 … last``."""
        ...


class SettingsRepository(Protocol):
    """Office-wide settings (key/value, text) kept in the database."""

    def get(self, key: str) -> str | None: ...
    def get_many(self, keys: Sequence[str]) -> dict[str, str]: ...
    def set(self, key: str, value: str) -> None: ...
    def closures(self, start: dt.date, end: dt.date) -> Sequence[tuple[dt.date, str]]: ...
    def add_closure(self, day: dt.date, reason: str) -> None: ...
    def remove_closure(self, day: dt.date) -> bool: ...


class CitizenRepository(Protocol):
    def get(self, citizen_id: int) -> CitizenDTO | None: ...
    def get_by_nik(self, nik: str) -> CitizenDTO | None: ...
    def add(self, data: CitizenInput, now: dt.datetime) -> CitizenDTO: ...

    def update(self, citizen_id: int, data: CitizenInput, *, expected_version: int,
               now: dt.datetime) -> CitizenDTO:
        """Raise ConflictError when the stored version differs."""
        ...

    def similar(self, name_folded: str, birth_date: dt.date) -> Sequence[CitizenDTO]:
        """Citizens born that day whose folded name equals or contains/is contained in this one."""
        ...


class InstitutionRepository(Protocol):
    def get(self, institution_id: int) -> InstitutionDTO | None: ...
    def add(self, data: InstitutionInput, now: dt.datetime) -> InstitutionDTO: ...
    def update(self, institution_id: int, data: InstitutionInput, *, expected_version: int,
               now: dt.datetime) -> InstitutionDTO: ...


class ApplicantSearch(Protocol):
    def by_nik(self, nik_or_prefix: str, limit: int, offset: int) -> Page[ApplicantHit]:
        """Exact NIK first, then NIKs starting with the digits given (16 digits: exact only)."""
        ...

    def by_name(self, folded_text: str, limit: int, offset: int) -> Page[ApplicantHit]:
        """Citizens and institutions whose folded name contains the text, in this order:

        1. names that *start* with the text, citizens and institutions together, by folded name
           (byte order), then id;
        2. institutions with the text further on in the name, newest first (by id, descending);
        3. citizens with the text further on in the name, newest first (by id, descending)."""
        ...

    def by_phone(self, digits: str, limit: int, offset: int) -> Page[ApplicantHit]: ...


class ApplicationRepository(Protocol):
    def add_draft(self, standard_id: int, citizen_id: int | None, institution_id: int | None,
                  representative_id: int | None, officer_user_id: int | None,
                  now: dt.datetime) -> ApplicationDTO: ...

    def get(self, application_id: int) -> ApplicationDTO | None: ...
    def get_by_number(self, number: str) -> ApplicationDTO | None:
        """By tracking number or return-slip number (canonical form)."""
        ...

    def set_item(self, application_id: int, item_key: str, status: str | None, note: str,
                 now: dt.datetime) -> None: ...

    def add_attachment(self, application_id: int, item_key: str, filename: str, mime: str,
                       content: bytes, now: dt.datetime, by_user_id: int | None) -> AttachmentDTO: ...
    def attachments(self, application_id: int) -> Sequence[AttachmentDTO]: ...
    def attachment_content(self, attachment_id: int) -> bytes | None: ...

    def save_state(self, application_id: int, *, expected_version: int, status: str,
                   now: dt.datetime, tracking_number: str | None = None,
                   return_slip_number: str | None = None, received_at: dt.datetime | None = None,
                   due_at: dt.datetime | None = None, due_is_clock_time: bool = False,
                   progress: StepProgress | None = None, ready_at: dt.datetime | None = None,
                   finished_at: dt.datetime | None = None, clear_finished: bool = False,
                   status_before: str | None = None,
                   event: str, note: str = "", by_user_id: int | None = None) -> ApplicationDTO:
        """Change the status (and numbers, dates and step progress given); appends an
        application event; ConflictError on a stale version."""
        ...

    def events(self, application_id: int) -> Sequence[EventDTO]: ...

    def add_step(self, application_id: int, step_no: int, outcome: str, note: str,
                 at: dt.datetime, by_user_id: int | None) -> None:
        """ConflictError (at the latest when the unit of work ends) if that step is recorded."""
        ...

    def steps(self, application_id: int) -> Sequence[StepRecordDTO]: ...

    def add_handover(self, application_id: int, data: HandoverInput, at: dt.datetime,
                     officer_user_id: int | None) -> HandoverDTO: ...

    def handovers(self, application_id: int) -> Sequence[HandoverDTO]: ...

    def queue(self, wanted: QueueFilter, *, now: dt.datetime, today_end: dt.datetime,
              soon_end: dt.datetime, limit: int, offset: int) -> Page[QueueRow]:
        """Open files of one work queue, most urgent first: overdue (due before ``now``),
        due_today (from ``now`` to ``today_end``), due_soon (after ``today_end`` up to
        ``soon_end``), running (all whose clock runs), waiting (running, at ``wanted.step``),
        ready (products waiting, oldest first)."""
        ...

    def queue_counts(self, *, now: dt.datetime, today_end: dt.datetime, soon_end: dt.datetime,
                     bidang_code: str | None = None,
                     standard_code: str | None = None) -> QueueCounts: ...

    def for_applicant(self, citizen_id: int | None, institution_id: int | None) -> Sequence[ApplicationDTO]:
        """Applications where this citizen or institution is the applicant or the kuasa, newest
        first."""
        ...

    def returned_for(self, citizen_id: int | None,
                     institution_id: int | None) -> Sequence[ApplicationDTO]: ...


class ClassificationRepository(Protocol):
    def list(self, code_set: str | None = None) -> Sequence[ClassificationDTO]: ...
    def get(self, classification_id: int) -> ClassificationDTO | None: ...
    def by_code(self, code: str) -> Sequence[ClassificationDTO]: ...
    def add(self, data: ClassificationInput, now: dt.datetime) -> ClassificationDTO:
        """ConflictError (at the latest when the unit of work ends) if the code exists in its set."""
        ...

    def update(self, classification_id: int, data: ClassificationInput, *, expected_version: int,
               now: dt.datetime) -> ClassificationDTO:
        """Name and validity (the code and its set never change)."""
        ...


class LetterRepository(Protocol):
    def add(self, new: NewLetter, by_user_id: int | None, now: dt.datetime, *,
            created_by_name: str = "", related_application_number: str = "") -> LetterDTO:
        """ConflictError when the (scope, number, suffix) exists. Returns the letter as written
        (the names given are the creator's and the related application's number)."""
        ...

    def add_next(self, new: NewLetter, by_user_id: int | None, now: dt.datetime,
                 logged: AuditEntry, *, created_by_name: str = "",
                 related_application_number: str = "") -> LetterDTO | None:
        """A letter with a main number just drawn from its scope's counter, written with its audit
        entry (whose entity_id becomes the new letter's id) — unless the scope's latest main
        letter is dated after it or its (scope, number, suffix) or (year, full number) is taken:
        None then, and nothing written."""
        ...

    def get(self, letter_id: int) -> LetterDTO | None: ...
    def latest_main(self, scope: str) -> tuple[int, dt.date] | None: ...
    def last_main_on_or_before(self, scope: str, day: dt.date) -> int | None: ...
    def suffixes(self, scope: str, number: int) -> Sequence[str]: ...
    def update_fields(self, letter_id: int, fields: Any, related_application_id: int | None, *,
                      expected_version: int, now: dt.datetime) -> LetterDTO: ...
    def void(self, letter_id: int, reason: str, by_user_id: int | None, *, expected_version: int,
             now: dt.datetime) -> LetterDTO: ...
    def approve_insert(self, letter_id: int, by_user_id: int | None, *, expected_version: int,
                       now: dt.datetime) -> LetterDTO: ...
    def set_scan(self, letter_id: int, filename: str, content: bytes, *, expected_version: int,
                 now: dt.datetime) -> LetterDTO: ...
    def scan(self, letter_id: int) -> bytes | None: ...
    def full_number_taken(self, year: int, full_number: str) -> bool: ...
    def page(self, wanted: LetterFilter, limit: int, offset: int) -> Page[LetterDTO]: ...
    def register(self, year: int, month: int | None) -> Sequence[LetterDTO]: ...
    def numbers(self, year: int) -> Sequence[tuple[str, int, str]]: ...
    def highest_per_scope(self) -> dict[str, int]: ...


class UnitOfWork(Protocol):
    users: UserRepository
    audit: AuditRepository
    office: OfficeRepository
    catalog: CatalogRepository
    counters: CounterRepository
    settings: SettingsRepository
    citizens: CitizenRepository
    institutions: InstitutionRepository
    applicant_search: ApplicantSearch
    applications: ApplicationRepository
    classifications: ClassificationRepository
    letters: LetterRepository

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def read_only(self) -> Self:
        """For a use case that only reads: ``with uow.read_only():``. The database can then skip
        what a write needs (PostgreSQL: no transaction at all for a single statement; SQLite: a
        read transaction instead of the write lock). Committing it is an error."""
        ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...

    def lock(self, name: str) -> None:
        """Serialize this transaction with every other one that takes the same named lock
        (on any workstation) until it ends. For check-then-insert use cases."""
        ...


# --------------------------------------------------------------------------- fixed assets


class AssetCodeRepository(Protocol):
    def all(self) -> list[AssetCodeDTO]: ...
    def get(self, code: str) -> AssetCodeDTO | None: ...
    def lives(self) -> dict[str, int]: ...
    def names(self, codes: Sequence[str]) -> dict[str, str]: ...
    def search(self, text: str, limit: int, min_level: int = 1) -> list[AssetCodeDTO]: ...
    def add(self, data: AssetCodeInput, now: dt.datetime) -> AssetCodeDTO: ...
    def update(self, code_id: int, data: AssetCodeInput, *, expected_version: int,
               now: dt.datetime) -> AssetCodeDTO: ...
    def in_use(self, code: str) -> int: ...


class RoomRepository(Protocol):
    def all(self, include_inactive: bool = False) -> list[RoomDTO]: ...
    def get(self, room_id: int) -> RoomDTO | None: ...
    def find(self, building: str, name: str) -> RoomDTO | None: ...
    def add(self, data: RoomInput, now: dt.datetime) -> RoomDTO: ...
    def update(self, room_id: int, data: RoomInput, *, expected_version: int,
               now: dt.datetime) -> RoomDTO: ...


class AssetRepository(Protocol):
    def add_many(self, items: Sequence[tuple[AssetFields, int]], kib: Kib, by_user_id: int | None,
                 now: dt.datetime, *, imported: bool = False) -> list[int]: ...
    def get(self, asset_id: int) -> AssetDTO | None: ...
    def many(self, ids: Sequence[int]) -> list[AssetDTO]: ...
    def by_label(self, code: str, register: int) -> AssetDTO | None: ...
    def page(self, wanted: AssetFilter, limit: int, offset: int) -> Page[AssetDTO]: ...
    def listing(self, wanted: AssetFilter) -> list[AssetDTO]: ...
    def change(self, asset_id: int, expected_version: int, now: dt.datetime, **values: Any) -> AssetDTO:
        """Raise ConflictError when the stored version differs, NotFound when it is gone."""
        ...

    def update_fields(self, asset_id: int, f: AssetFields, *, expected_version: int,
                      now: dt.datetime) -> AssetDTO: ...
    def add_mutation(self, asset_id: int, kind: MutationKind, day: dt.date, summary: str, *,
                     by_user_id: int | None, at: dt.datetime, reason: str = "", decree_no: str = "",
                     decree_date: dt.date | None = None, from_code: str = "",
                     from_register: int | None = None, to_code: str = "",
                     to_register: int | None = None, value_change: int = 0) -> None: ...
    def mutations(self, asset_id: int) -> list[AssetMutationDTO]: ...
    def reclassifications(self) -> list[tuple[int, dt.date, int, str, str]]: ...
    def book_rows(self, kib: Kib | None = None, asset_id: int | None = None) -> list[BookRow]: ...
    def acquired_between(self, start: dt.date, end: dt.date) -> list[AssetDTO]: ...
    def highest_registers(self) -> dict[str, int]: ...
    def register_used(self, code: str, register: int) -> bool: ...
    def add_photo(self, asset_id: int, filename: str, mime: str, content: bytes,
                  now: dt.datetime) -> int: ...
    def photos(self, asset_id: int) -> list[tuple[int, str, str]]: ...
    def photo(self, photo_id: int) -> bytes | None: ...
    def start_stock_take(self, room_id: int, by_user_id: int | None, now: dt.datetime) -> int: ...
    def stock_take(self, stock_take_id: int
                   ) -> tuple[int, dt.datetime, str, dt.datetime | None, list[int]] | None: ...
    def latest_stock_take(self, room_id: int) -> int | None: ...
    def mark_seen(self, stock_take_id: int, asset_id: int, now: dt.datetime) -> bool: ...
    def finish_stock_take(self, stock_take_id: int, now: dt.datetime) -> None: ...


class AssetUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the fixed-asset register."""

    asset_codes: AssetCodeRepository
    rooms: RoomRepository
    assets: AssetRepository


# --------------------------------------------------------------------------- registers


class RegisterQueries(Protocol):
    """What the registers of applications and the performance summary read (services/registers.py
    defines the figures). Moments are aware; ``start``/``end`` bound a period (end excluded);
    ``utc_offset`` is the office's offset from UTC, for the office-time days of finished files."""

    def standards(self) -> Sequence[StandardRef]:
        """Every standard row of every catalog version."""
        ...

    def outcome_counts(self, start: dt.datetime, end: dt.datetime, now: dt.datetime,
                       utc_offset: dt.timedelta) -> Sequence[OutcomeCount]:
        """The applications of the period grouped by standard row and outcome (finished ones
        also by day received and day finished): one statement."""
        ...

    def records(self, start: dt.datetime, end: dt.datetime, now: dt.datetime, *,
                order: RegisterOrder, limit: int | None = None,
                offset: int = 0) -> Sequence[RegisterRecord]:
        """The applications of the period, one each, in ``order``."""
        ...

    def count(self, start: dt.datetime, end: dt.datetime) -> int:
        """How many applications the period holds."""
        ...


class RegisterUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reads the registers."""

    registers: RegisterQueries
