"""SQLAlchemy 2 mapping. The schema itself is created only by the Alembic migrations in db/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    func,
    literal_column,
    true,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    nip: Mapped[str] = mapped_column(String(18), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    roles: Mapped[list[UserRoleRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRoleRow.role"
    )


class UserRoleRow(Base):
    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint("role IN ('front_office','agendaris','pengurus_barang','pimpinan','admin')",
                        name="role_known"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class AuditRow(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    workstation: Mapped[str] = mapped_column(String(64), default="", server_default="")


class OfficeProfileRow(Base):
    __tablename__ = "office_profile"
    __table_args__ = (CheckConstraint("id = 1", name="singleton"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    government_name: Mapped[str] = mapped_column(String(200))
    office_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))
    website: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(String(40))
    head_position: Mapped[str] = mapped_column(String(200))
    head_name: Mapped[str] = mapped_column(String(200))
    head_nip: Mapped[str] = mapped_column(String(18))
    head_rank: Mapped[str] = mapped_column(String(100))
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class SignatoryRow(Base):
    __tablename__ = "signatories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position_order: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str] = mapped_column(String(18))
    rank: Mapped[str] = mapped_column(String(100))


class CatalogVersionRow(Base):
    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decree_number: Mapped[str] = mapped_column(String(100), unique=True)
    decree_date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(64))
    source_sha256: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CatalogBidangRow(Base):
    __tablename__ = "catalog_bidang"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))


class StandardRow(Base):
    """One standard of one catalog version. ``document`` is the standard's whole JSON object;
    requirements and steps are also rows so that checklists and workflows can refer to them."""

    __tablename__ = "catalog_standards"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32), index=True)
    lampiran: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    bidang_code: Mapped[str] = mapped_column(String(32))
    time_limit_value: Mapped[int | None] = mapped_column(Integer)
    time_limit_unit: Mapped[str | None] = mapped_column(String(20))
    fee_amount: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)


class RequirementRow(Base):
    __tablename__ = "catalog_requirements"
    __table_args__ = (UniqueConstraint("standard_id", "item_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("catalog_standards.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_requirements.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    is_checklist_item: Mapped[bool] = mapped_column(Boolean)


class ProcedureStepRow(Base):
    __tablename__ = "catalog_procedure_steps"
    __table_args__ = (UniqueConstraint("standard_id", "step_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("catalog_standards.id", ondelete="CASCADE"))
    step_no: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CounterRow(Base):
    """Gapless counters (tracking, letter and register numbers): one row per scope, locked in the
    transaction that writes the numbered record."""

    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# --------------------------------------------------------------------------- counter intake


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment, stored in UTC. SQLite's DATETIME keeps no offset: an aware value in another zone
    (a due date at the counter's 23:59:59 WIB) would come back as that wall time read as UTC.
    Values are converted to UTC on the way in and come back aware, in UTC, from both backends.
    Naive values are refused: their zone is a guess."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)



# The statuses the schema accepts (domain.workflow.Status). Migration 0003 created the CHECK
# constraint "ck_applications_status_known" from this list; the migrations keep their own frozen
# copy of it: a later status needs a migration that drops and recreates the constraint.
APPLICATION_STATUSES: tuple[str, ...] = ("draft", "returned", "registered", "in_process", "ready",
                                         "done", "cancelled")
# The statuses whose clock runs (domain.workflow.RUNNING): the work queues' partial indexes.
RUNNING_STATUSES: tuple[str, ...] = ("registered", "in_process")
# The predicate of the partial index on returned-incomplete events (queries repeat it verbatim).
RETURNED_EVENT_SQL = "event = 'returned'"
STEP_OUTCOMES: tuple[str, ...] = ("done", "skipped")
ITEM_STATUSES: tuple[str, ...] = ("asli_diperiksa", "salinan_diterima", "tidak_ada", "tidak_berlaku")
INSTITUTION_KINDS: tuple[str, ...] = ("lks", "lksa", "karang_taruna", "masjid", "yayasan", "lainnya")


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK expression ``column IN ('a','b')`` (the values are our own constants)."""
    return f"{column} IN ({','.join(repr(v) for v in values)})"


# SQLite objects that only the migrations create, unknown to this metadata: the FTS5 trigram
# tables behind name and phone search (virtual tables and their shadow tables) and the triggers
# that keep them in step. Model/schema comparisons and autogenerate skip them.
FTS_TABLES: tuple[str, ...] = ("citizens_fts", "institutions_fts")


# Trigram GIN indexes exist on PostgreSQL only (declared with ddl_if; Alembic's comparison does
# not read ddl_if, so schema_objects_filter tells it). SQLite has the FTS5 tables instead.
POSTGRESQL_ONLY_INDEXES: frozenset[str] = frozenset({
    "ix_citizens_name_rest_trgm", "ix_citizens_phone_trgm",
    "ix_institutions_name_rest_trgm", "ix_institutions_phone_trgm",
})


def is_migration_only_table(name: str) -> bool:
    return any(name == t or name.startswith(t + "_") for t in FTS_TABLES)


def schema_objects_filter(dialect_name: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """An Alembic ``include_object`` hook for comparing this metadata with a migrated database
    of the given dialect: it skips the SQLite FTS tables (migration-only) and, on other
    dialects than PostgreSQL, the PostgreSQL-only indexes."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if name is None:
            return True
        if type_ == "table" and reflected and is_migration_only_table(name):
            return False
        return not (type_ == "index" and dialect_name != "postgresql"
                    and name in POSTGRESQL_ONLY_INDEXES)

    return include


class OfficeSettingRow(Base):
    """Office-wide settings as text (receipt secret, numbering and calendar options, …)."""

    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OfficeClosureRow(Base):
    """Days the office is closed besides weekends and national holidays (entered by the admin)."""

    __tablename__ = "office_closures"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)


# Search columns compare bytes on PostgreSQL too ("C" collation, whatever the database's default):
# one B-tree then serves equality, prefix ranges (like LIKE 'abc%') and ORDER BY, and the order is
# the same as SQLite's. NIK and the folded names and phone digits are plain ASCII in practice.
NIK_TYPE = String(16).with_variant(String(16, collation="C"), "postgresql")
FOLDED_NAME = String(200).with_variant(String(200, collation="C"), "postgresql")
PHONE_DIGITS = String(30).with_variant(String(30, collation="C"), "postgresql")


class CitizenRow(Base):
    __tablename__ = "citizens"
    __table_args__ = (
        CheckConstraint("sex IN ('L','P')", name="sex_known"),
        # Names by prefix and in order; the (…, id) makes paging deterministic.
        Index("ix_citizens_name_folded", "name_folded", "id"),
        # Phone search (substring) on PostgreSQL; SQLite has its FTS5 table.
        Index("ix_citizens_phone_trgm", "phone_digits", postgresql_using="gin",
              postgresql_ops={"phone_digits": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(NIK_TYPE, unique=True)
    kk: Mapped[str] = mapped_column(String(16), default="", server_default="")
    full_name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(FOLDED_NAME)  # domain.text.fold(full_name)
    birth_place: Mapped[str] = mapped_column(String(100), default="", server_default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # the "similar" check
    sex: Mapped[str] = mapped_column(String(1))
    street: Mapped[str] = mapped_column(String(300), default="", server_default="")
    rt: Mapped[str] = mapped_column(String(5), default="", server_default="")
    rw: Mapped[str] = mapped_column(String(5), default="", server_default="")
    kelurahan: Mapped[str] = mapped_column(String(100), default="", server_default="")
    kecamatan: Mapped[str] = mapped_column(String(100), default="", server_default="")
    city: Mapped[str] = mapped_column(String(100), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    phone_digits: Mapped[str] = mapped_column(PHONE_DIGITS, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class InstitutionRow(Base):
    __tablename__ = "institutions"
    __table_args__ = (
        CheckConstraint(sql_in("kind", INSTITUTION_KINDS), name="kind_known"),
        Index("ix_institutions_name_folded", "name_folded", "id"),
        Index("ix_institutions_phone_trgm", "phone_digits", postgresql_using="gin",
              postgresql_ops={"phone_digits": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(FOLDED_NAME)
    kind: Mapped[str] = mapped_column(String(20))
    legal_form: Mapped[str] = mapped_column(String(100), default="", server_default="")
    akta_number: Mapped[str] = mapped_column(String(100), default="", server_default="")
    npwp: Mapped[str] = mapped_column(String(25), default="", server_default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    phone_digits: Mapped[str] = mapped_column(PHONE_DIGITS, default="", server_default="")
    contact_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


def name_rest(name_folded: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[str]:
    """The folded name from its second character on: a match in there is a match that does not
    start the name (those come from the name's B-tree). The literal 2 (not a bound parameter)
    keeps the expression identical to the one indexed."""
    return func.substr(name_folded, literal_column("2"))


# PostgreSQL: trigram indexes over the rest of the name, for substring matches not at its start.
for _row in (CitizenRow, InstitutionRow):
    Index(f"ix_{_row.__tablename__}_name_rest_trgm", name_rest(_row.name_folded).label("name_rest"),
          postgresql_using="gin", postgresql_ops={"name_rest": "gin_trgm_ops"}
          ).ddl_if(dialect="postgresql")


class ApplicationRow(Base):
    """One file handed in at the counter. ``standard_id`` is a row of one catalog version: the
    application keeps the requirements it was verified against even after a new decree."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(sql_in("status", APPLICATION_STATUSES), name="status_known"),
        CheckConstraint("(citizen_id IS NULL) <> (institution_id IS NULL)", name="one_applicant"),
        # The work queues: files whose clock runs, by due moment (overdue, due today, within two
        # working days, all), and by standard and step (waiting at a given step).
        Index("ix_applications_running_due", "due_at", "id",
              postgresql_where=literal_column(sql_in("status", RUNNING_STATUSES)),
              sqlite_where=literal_column(sql_in("status", RUNNING_STATUSES))),
        Index("ix_applications_running_step", "standard_id", "current_step", "due_at",
              postgresql_where=literal_column(sql_in("status", RUNNING_STATUSES)),
              sqlite_where=literal_column(sql_in("status", RUNNING_STATUSES))),
        Index("ix_applications_ready", "ready_at", "id",
              postgresql_where=literal_column("status = 'ready'"),
              sqlite_where=literal_column("status = 'ready'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("catalog_standards.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft", server_default="draft")
    tracking_number: Mapped[str | None] = mapped_column(String(14), unique=True)
    return_slip_number: Mapped[str | None] = mapped_column(String(14), unique=True)
    # Indexed (migration 0006): the registers find a period's registered files by it.
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    registered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    due_is_clock_time: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    officer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The walk through the standard's procedure (migration 0003): the step waiting (1-based; None
    # when no step waits), how many steps the standard has, when the product was ready and handed
    # over, and the status a cancelled file had (a reopen returns to it).
    current_step: Mapped[int | None] = mapped_column(Integer)
    step_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ready_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    status_before: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ApplicationStepRow(Base):
    """One procedure step recorded for an application: done, or skipped with a reason. The
    unique (application, step) pair means a step is never recorded twice, whoever races."""

    __tablename__ = "application_steps"
    __table_args__ = (
        UniqueConstraint("application_id", "step_no"),
        CheckConstraint(sql_in("outcome", STEP_OUTCOMES), name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    step_no: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ApplicationHandoverRow(Base):
    """The product handed to the applicant or a representative (append-only: a reopened file
    keeps its earlier handover in the history)."""

    __tablename__ = "application_handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    officer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_id_number: Mapped[str] = mapped_column(String(40))
    recipient_is_representative: Mapped[bool] = mapped_column(Boolean, default=False,
                                                              server_default=false())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class ApplicationItemRow(Base):
    """The clerk's mark on one checklist item; a row exists once the item has been touched."""

    __tablename__ = "application_items"
    __table_args__ = (
        UniqueConstraint("application_id", "item_key"),
        CheckConstraint(f"status IS NULL OR {sql_in('status', ITEM_STATUSES)}", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ApplicationAttachmentRow(Base):
    """A scan or photo of one item. ``content`` is deferred: lists never load it."""

    __tablename__ = "application_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                index=True)
    item_key: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ApplicationEventRow(Base):
    """What happened to an application and when (append-only by convention; issue 4's workflow)."""

    __tablename__ = "application_events"
    __table_args__ = (
        # The registers: files returned incomplete in a period (migration 0006), by moment.
        Index("ix_application_events_returned", "at", "application_id",
              postgresql_where=literal_column(RETURNED_EVENT_SQL),
              sqlite_where=literal_column(RETURNED_EVENT_SQL)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    event: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# --------------------------------------------------------------------------- agenda book (migration 0004)

CODE_SETS: tuple[str, ...] = ("lama", "baru")
LETTER_KINDS: tuple[str, ...] = ("surat", "keputusan")
NATURES: tuple[str, ...] = ("biasa", "penting", "segera", "rahasia")
LETTER_STATUSES: tuple[str, ...] = ("aktif", "batal")
INSERT_APPROVALS: tuple[str, ...] = ("", "menunggu", "disetujui")


class ClassificationRow(Base):
    """One classification code (kode klasifikasi arsip) of either code set, with its validity."""

    __tablename__ = "letter_classifications"
    __table_args__ = (
        UniqueConstraint("code_set", "code"),
        CheckConstraint(sql_in("code_set", CODE_SETS), name="code_set_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_set: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LetterRow(Base):
    """One outgoing letter in the agenda book. (scope, number, suffix) is unique: the database
    itself refuses a duplicate number. The scan of the sent letter is deferred."""

    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("scope", "number", "suffix"),
        # What is printed on the letter, never twice in a year (two counters whose format does
        # not tell them apart would otherwise print the same number).
        UniqueConstraint("year", "full_number", name="uq_letters_year_full_number"),
        CheckConstraint(sql_in("kind", LETTER_KINDS), name="kind_known"),
        CheckConstraint(sql_in("nature", NATURES), name="nature_known"),
        CheckConstraint(sql_in("status", LETTER_STATUSES), name="status_known"),
        CheckConstraint(sql_in("insert_approval", INSERT_APPROVALS), name="approval_known"),
        Index("ix_letters_year_date", "year", "letter_date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    suffix: Mapped[str] = mapped_column(String(8), default="", server_default="")
    full_number: Mapped[str] = mapped_column(String(120))
    letter_date: Mapped[dt.date] = mapped_column(Date)
    sent_date: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    classification_code: Mapped[str] = mapped_column(String(40), index=True)
    addressee_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    addressee_institution: Mapped[str] = mapped_column(String(200), default="", server_default="")
    addressee_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    subject: Mapped[str] = mapped_column(Text)
    nature: Mapped[str] = mapped_column(String(10))
    attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bidang_code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    signatory: Mapped[str] = mapped_column(String(200), default="", server_default="")
    related_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    related_incoming: Mapped[str] = mapped_column(String(120), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default="aktif", server_default="aktif")
    is_insert: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    insert_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    insert_approval: Mapped[str] = mapped_column(String(10), default="", server_default="")
    insert_approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    voided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scan_filename: Mapped[str] = mapped_column(String(200), default="", server_default="")
    scan_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# --------------------------------------------------------------------------- fixed assets

KIBS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
CONDITIONS: tuple[str, ...] = ("B", "KB", "RB")
ORIGINS: tuple[str, ...] = ("apbd", "apbn", "hibah", "mutasi_masuk", "lainnya")
ASSET_STATUSES: tuple[str, ...] = ("aktif", "dihapus")
MUTATION_KINDS: tuple[str, ...] = ("perolehan", "pindah", "kondisi", "reklasifikasi", "penghapusan",
                                   "ubah_data")


class AssetCodeRow(Base):
    """The code tree of Permendagri 108/2016 (seeded by migration 0005) with useful lives."""

    __tablename__ = "asset_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(String(40))
    useful_life: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RoomRow(Base):
    """A room (or other place) assets are kept in: the KIR is printed per room."""

    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("building", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    building: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(20), default="", server_default="")
    responsible: Mapped[str] = mapped_column(String(120), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AssetRow(Base):
    """One asset of the register (KIB A–F). (code, register) is unique: register numbers come
    from a counter per code, taken in the transaction that writes the records."""

    __tablename__ = "assets"
    __table_args__ = (
        UniqueConstraint("code", "register"),
        CheckConstraint(sql_in("kib", KIBS), name="kib_known"),
        CheckConstraint(sql_in("condition", CONDITIONS), name="condition_known"),
        CheckConstraint(sql_in("origin", ORIGINS), name="origin_known"),
        CheckConstraint(sql_in("status", ASSET_STATUSES), name="status_known"),
        Index("ix_assets_kib_code_register", "kib", "code", "register"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    register: Mapped[int] = mapped_column(Integer)
    kib: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(200))
    acquired_on: Mapped[dt.date | None] = mapped_column(Date)
    acquired_year: Mapped[int] = mapped_column(Integer, index=True)
    value: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(20))
    condition: Mapped[str] = mapped_column(String(2))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    responsible: Mapped[str] = mapped_column(String(120), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    brand_type: Mapped[str] = mapped_column(String(120), default="", server_default="")
    size_cc: Mapped[str] = mapped_column(String(60), default="", server_default="")
    material: Mapped[str] = mapped_column(String(60), default="", server_default="")
    factory_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    chassis_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    engine_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    plate_no: Mapped[str] = mapped_column(String(20), default="", server_default="")
    bpkb_no: Mapped[str] = mapped_column(String(40), default="", server_default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    land_right: Mapped[str] = mapped_column(String(60), default="", server_default="")
    certificate_date: Mapped[dt.date | None] = mapped_column(Date)
    certificate_no: Mapped[str] = mapped_column(String(80), default="", server_default="")
    land_use: Mapped[str] = mapped_column(String(120), default="", server_default="")
    multi_storey: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    concrete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    floor_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    document_no: Mapped[str] = mapped_column(String(80), default="", server_default="")
    land_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    land_status: Mapped[str] = mapped_column(String(60), default="", server_default="")
    land_code: Mapped[str] = mapped_column(String(60), default="", server_default="")
    construction: Mapped[str] = mapped_column(String(60), default="", server_default="")
    length_m: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    width_m: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    title_spec: Mapped[str] = mapped_column(String(300), default="", server_default="")
    art_origin: Mapped[str] = mapped_column(String(120), default="", server_default="")
    art_creator: Mapped[str] = mapped_column(String(120), default="", server_default="")
    art_material: Mapped[str] = mapped_column(String(60), default="", server_default="")
    animal_kind: Mapped[str] = mapped_column(String(120), default="", server_default="")
    animal_size: Mapped[str] = mapped_column(String(60), default="", server_default="")
    building_type: Mapped[str] = mapped_column(String(60), default="", server_default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    contract_value: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="aktif", server_default="aktif")
    disposed_on: Mapped[dt.date | None] = mapped_column(Date)
    disposal_decree_no: Mapped[str] = mapped_column(String(80), default="", server_default="")
    disposal_decree_date: Mapped[dt.date | None] = mapped_column(Date)
    disposal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AssetMutationRow(Base):
    """The history of an asset: append-only (nothing is deleted, a disposal is a mutation)."""

    __tablename__ = "asset_mutations"
    __table_args__ = (CheckConstraint(sql_in("kind", MUTATION_KINDS), name="kind_known"),
                      Index("ix_asset_mutations_asset", "asset_id", "id"),
                      Index("ix_asset_mutations_day", "day"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    decree_no: Mapped[str] = mapped_column(String(80), default="", server_default="")
    decree_date: Mapped[dt.date | None] = mapped_column(Date)
    from_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    from_register: Mapped[int | None] = mapped_column(Integer)
    to_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    to_register: Mapped[int | None] = mapped_column(Integer)
    value_change: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AssetPhotoRow(Base):
    __tablename__ = "asset_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class StockTakeRow(Base):
    """A stock-take of one room (opname): which assets were seen."""

    __tablename__ = "stock_takes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StockTakeItemRow(Base):
    __tablename__ = "stock_take_items"
    __table_args__ = (UniqueConstraint("stock_take_id", "asset_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stock_take_id: Mapped[int] = mapped_column(ForeignKey("stock_takes.id"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
