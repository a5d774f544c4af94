"""Counter intake: applicant register (citizens, institutions), applications with their checklist,
attachments and events, office settings and closures, search indexes.

Search indexes:

- Both backends: B-trees on ``citizens.nik`` and on ``(name_folded, id)``: NIK prefixes and names
  that *start* with the text are ranges on them, already in order. On PostgreSQL these columns
  (and ``phone_digits``) use the "C" collation, so that a range means a prefix and the order is
  byte order, as on SQLite, whatever the database's default collation.
- Substring matches that do not start the name are looked up in trigram indexes over
  ``substr(name_folded, 2)``; phone numbers in trigram indexes over ``phone_digits``.
  PostgreSQL: pg_trgm GIN indexes (``CREATE EXTENSION IF NOT EXISTS pg_trgm``: a trusted
  extension since PostgreSQL 13, so the database owner may create it). SQLite: contentless FTS5
  tables with the ``trigram`` tokenizer (SQLite >= 3.34), columns ``name_rest`` and
  ``phone_digits``, kept in step by triggers; they are not in the SQLAlchemy metadata (see
  models.FTS_TABLES).

A later migration that rebuilds ``citizens`` or ``institutions`` in SQLite batch mode (copy,
drop, rename) drops these triggers with the old table: it must create them again (copy
``create_fts_triggers``: migrations never import each other). The FTS rows stay valid, the ids
are kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _bytes_ordered(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


NIK = _bytes_ordered(16)
FOLDED_NAME = _bytes_ordered(200)
PHONE_DIGITS = _bytes_ordered(30)

# Frozen copies: the models' lists may grow in later revisions, this one must not change.
APPLICATION_STATUSES = "status IN ('draft','returned','registered')"
ITEM_STATUSES = ("status IS NULL OR status IN "
                 "('asli_diperiksa','salinan_diterima','tidak_ada','tidak_berlaku')")
INSTITUTION_KINDS = "kind IN ('lks','lksa','karang_taruna','masjid','yayasan','lainnya')"

FTS = {"citizens": "citizens_fts", "institutions": "institutions_fts"}
# FTS column -> the expression it indexes (over NEW./OLD. in the triggers)
FTS_COLUMNS = {"name_rest": "substr({row}.name_folded, 2)", "phone_digits": "{row}.phone_digits"}
TRGM_INDEXES = (("ix_citizens_name_rest_trgm", "citizens", "substr(name_folded, 2)"),
                ("ix_citizens_phone_trgm", "citizens", "phone_digits"),
                ("ix_institutions_name_rest_trgm", "institutions", "substr(name_folded, 2)"),
                ("ix_institutions_phone_trgm", "institutions", "phone_digits"))


def _audit_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite" and sqlite3.sqlite_version_info < (3, 34, 0):
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} terlalu lama: pencarian nama memerlukan "
                           "SQLite 3.34 atau lebih baru (tokenizer FTS5 'trigram').")

    op.create_table(
        "office_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_office_settings")),
    )
    op.create_table(
        "office_closures",
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_office_closures")),
    )
    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nik", NIK, nullable=False),
        sa.Column("kk", sa.String(16), nullable=False, server_default=""),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("name_folded", FOLDED_NAME, nullable=False),
        sa.Column("birth_place", sa.String(100), nullable=False, server_default=""),
        sa.Column("birth_date", sa.Date),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("street", sa.String(300), nullable=False, server_default=""),
        sa.Column("rt", sa.String(5), nullable=False, server_default=""),
        sa.Column("rw", sa.String(5), nullable=False, server_default=""),
        sa.Column("kelurahan", sa.String(100), nullable=False, server_default=""),
        sa.Column("kecamatan", sa.String(100), nullable=False, server_default=""),
        sa.Column("city", sa.String(100), nullable=False, server_default=""),
        sa.Column("phone", sa.String(30), nullable=False, server_default=""),
        sa.Column("phone_digits", PHONE_DIGITS, nullable=False, server_default=""),
        *_audit_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
        sa.UniqueConstraint("nik", name=op.f("uq_citizens_nik")),
        sa.CheckConstraint("sex IN ('L','P')", name=op.f("ck_citizens_sex_known")),
    )
    op.create_index(op.f("ix_citizens_name_folded"), "citizens", ["name_folded", "id"])
    op.create_index(op.f("ix_citizens_birth_date"), "citizens", ["birth_date"])
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_folded", FOLDED_NAME, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("legal_form", sa.String(100), nullable=False, server_default=""),
        sa.Column("akta_number", sa.String(100), nullable=False, server_default=""),
        sa.Column("npwp", sa.String(25), nullable=False, server_default=""),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("phone", sa.String(30), nullable=False, server_default=""),
        sa.Column("phone_digits", PHONE_DIGITS, nullable=False, server_default=""),
        sa.Column("contact_citizen_id", sa.Integer),
        *_audit_columns(),
        sa.ForeignKeyConstraint(["contact_citizen_id"], ["citizens.id"],
                                name=op.f("fk_institutions_contact_citizen_id_citizens")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
        sa.CheckConstraint(INSTITUTION_KINDS, name=op.f("ck_institutions_kind_known")),
    )
    op.create_index(op.f("ix_institutions_name_folded"), "institutions", ["name_folded", "id"])
    op.create_index(op.f("ix_institutions_contact_citizen_id"), "institutions", ["contact_citizen_id"])
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("standard_id", sa.Integer, nullable=False),
        sa.Column("citizen_id", sa.Integer),
        sa.Column("institution_id", sa.Integer),
        sa.Column("representative_id", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("tracking_number", sa.String(14)),
        sa.Column("return_slip_number", sa.String(14)),
        sa.Column("received_at", TZ),
        sa.Column("registered_at", TZ),
        sa.Column("due_at", TZ),
        sa.Column("due_is_clock_time", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("officer_user_id", sa.Integer),
        *_audit_columns(),
        sa.ForeignKeyConstraint(["standard_id"], ["catalog_standards.id"],
                                name=op.f("fk_applications_standard_id_catalog_standards")),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"],
                                name=op.f("fk_applications_citizen_id_citizens")),
        sa.ForeignKeyConstraint(["institution_id"], ["institutions.id"],
                                name=op.f("fk_applications_institution_id_institutions")),
        sa.ForeignKeyConstraint(["representative_id"], ["citizens.id"],
                                name=op.f("fk_applications_representative_id_citizens")),
        sa.ForeignKeyConstraint(["officer_user_id"], ["users.id"],
                                name=op.f("fk_applications_officer_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_applications_tracking_number")),
        sa.UniqueConstraint("return_slip_number", name=op.f("uq_applications_return_slip_number")),
        sa.CheckConstraint(APPLICATION_STATUSES, name=op.f("ck_applications_status_known")),
        sa.CheckConstraint("(citizen_id IS NULL) <> (institution_id IS NULL)",
                           name=op.f("ck_applications_one_applicant")),
    )
    for column in ("standard_id", "citizen_id", "institution_id", "representative_id", "status"):
        op.create_index(op.f(f"ix_applications_{column}"), "applications", [column])
    op.create_table(
        "application_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("item_key", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20)),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_application_items_application_id_applications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_items")),
        sa.UniqueConstraint("application_id", "item_key",
                            name=op.f("uq_application_items_application_id")),
        sa.CheckConstraint(ITEM_STATUSES, name=op.f("ck_application_items_status_known")),
    )
    op.create_table(
        "application_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("item_key", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_at", TZ, nullable=False),
        sa.Column("uploaded_by", sa.Integer),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_application_attachments_application_id_applications")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"],
                                name=op.f("fk_application_attachments_uploaded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_attachments")),
    )
    op.create_index(op.f("ix_application_attachments_application_id"), "application_attachments",
                    ["application_id"])
    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("user_id", sa.Integer),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_application_events_application_id_applications")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_application_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    op.create_index(op.f("ix_application_events_application_id"), "application_events",
                    ["application_id"])

    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, expression in TRGM_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression} gin_trgm_ops)")
    elif dialect == "sqlite":
        for table, fts in FTS.items():
            # Contentless: the indexed values are expressions, not columns of the table.
            op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(FTS_COLUMNS)}, "
                       "content='', tokenize='trigram')")
            create_fts_triggers(table, fts)


def create_fts_triggers(table: str, fts: str) -> None:
    """The FTS index follows every change of the table (a contentless table is told the old
    values to delete)."""
    columns = ", ".join(FTS_COLUMNS)
    new = ", ".join(e.format(row="new") for e in FTS_COLUMNS.values())
    old = ", ".join(e.format(row="old") for e in FTS_COLUMNS.values())
    insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert_new} END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete_old} END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF name_folded, phone_digits ON {table} "
               f"BEGIN {delete_old} {insert_new} END")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts in FTS.values():
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    elif dialect == "postgresql":
        for name, table, _expression in TRGM_INDEXES:
            op.drop_index(name, table_name=table)
    for table in ("application_events", "application_attachments", "application_items",
                  "applications", "institutions", "citizens", "office_closures", "office_settings"):
        op.drop_table(table)
    if dialect == "postgresql":
        # Drop pg_trgm only when nothing else in this database uses it (it may have been there
        # before us); the exception block runs as a subtransaction, so a refusal changes nothing.
        op.execute(
            "DO $$ BEGIN DROP EXTENSION IF EXISTS pg_trgm; "
            "EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN NULL; END $$"
        )
