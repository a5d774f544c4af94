"""Agenda book of outgoing letters: the classification-code master (both code sets, with
validity) and the letters, whose (counter scope, number, suffix) is unique in the database.

Seeded codes (transcribed from the regulations as summarised in the project's domain rules): the
ten top-level classes, the same in both code sets (000 Umum … 900 Keuangan), and the old
three-digit codes a social affairs office uses: 188 (Peraturan/Keputusan), 188.4, 188.45 and
460–469 (Sosial). The admin adds the rest (or imports them from XLSX/CSV).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

TOP_LEVEL = (("000", "Umum"), ("100", "Pemerintahan"), ("200", "Politik"),
             ("300", "Keamanan dan Ketertiban"), ("400", "Kesejahteraan Rakyat"),
             ("500", "Perekonomian"), ("600", "Pekerjaan Umum dan Ketenagakerjaan"),
             ("700", "Pengawasan"), ("800", "Kepegawaian"), ("900", "Keuangan"))
OLD_CODES = (("188", "Peraturan/Keputusan"), ("188.4", "Keputusan"),
             ("188.45", "Keputusan Bupati/Walikota"), ("460", "Sosial"),
             ("461", "Rehabilitasi Penderita Cacat"), ("462", "Tuna Sosial"),
             ("463", "Kesejahteraan Anak/Keluarga"), ("464", "Pembinaan Pahlawan"),
             ("465", "Kesejahteraan Sosial"), ("466", "Sumbangan Sosial"),
             ("467", "Bimbingan Sosial"), ("468", "Palang Merah Indonesia (PMI)"), ("469", "Makam"))
# Validity periods are left open: offices still use both sets; the admin sets the dates (and
# retires codes) from the regulations in force.


def upgrade() -> None:
    classifications = op.create_table(
        "letter_classifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_set", sa.String(8), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_classifications")),
        sa.UniqueConstraint("code_set", "code", name=op.f("uq_letter_classifications_code_set")),
        sa.CheckConstraint("code_set IN ('lama','baru')",
                           name=op.f("ck_letter_classifications_code_set_known")),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("scope", sa.String(120), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("suffix", sa.String(8), nullable=False, server_default=""),
        sa.Column("full_number", sa.String(120), nullable=False),
        sa.Column("letter_date", sa.Date, nullable=False),
        sa.Column("sent_date", sa.Date),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("classification_code", sa.String(40), nullable=False),
        sa.Column("addressee_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("addressee_institution", sa.String(200), nullable=False, server_default=""),
        sa.Column("addressee_address", sa.String(300), nullable=False, server_default=""),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("nature", sa.String(10), nullable=False),
        sa.Column("attachments", sa.Integer, nullable=False, server_default="0"),
        sa.Column("bidang_code", sa.String(32), nullable=False, server_default=""),
        sa.Column("signatory", sa.String(200), nullable=False, server_default=""),
        sa.Column("related_application_id", sa.Integer),
        sa.Column("related_incoming", sa.String(120), nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False, server_default="aktif"),
        sa.Column("is_insert", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("insert_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("insert_approval", sa.String(10), nullable=False, server_default=""),
        sa.Column("insert_approved_by", sa.Integer),
        sa.Column("void_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("voided_at", TZ),
        sa.Column("voided_by", sa.Integer),
        sa.Column("scan_filename", sa.String(200), nullable=False, server_default=""),
        sa.Column("scan_pdf", sa.LargeBinary),
        sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.Integer),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["related_application_id"], ["applications.id"],
                                name=op.f("fk_letters_related_application_id_applications")),
        sa.ForeignKeyConstraint(["insert_approved_by"], ["users.id"],
                                name=op.f("fk_letters_insert_approved_by_users")),
        sa.ForeignKeyConstraint(["voided_by"], ["users.id"], name=op.f("fk_letters_voided_by_users")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_letters_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("scope", "number", "suffix", name=op.f("uq_letters_scope")),
        sa.UniqueConstraint("year", "full_number", name=op.f("uq_letters_year_full_number")),
        sa.CheckConstraint("kind IN ('surat','keputusan')", name=op.f("ck_letters_kind_known")),
        sa.CheckConstraint("nature IN ('biasa','penting','segera','rahasia')",
                           name=op.f("ck_letters_nature_known")),
        sa.CheckConstraint("status IN ('aktif','batal')", name=op.f("ck_letters_status_known")),
        sa.CheckConstraint("insert_approval IN ('','menunggu','disetujui')",
                           name=op.f("ck_letters_approval_known")),
    )
    op.create_index("ix_letters_year_date", "letters", ["year", "letter_date", "id"])
    op.create_index(op.f("ix_letters_classification_code"), "letters", ["classification_code"])

    now = dt.datetime.now(dt.UTC)
    rows = [dict(code_set=code_set, code=code, name=name,
                 valid_from=None, valid_to=None,
                 version=1, updated_at=now)
            for code_set in ("lama", "baru") for code, name in TOP_LEVEL]
    rows += [dict(code_set="lama", code=code, name=name, valid_from=None, valid_to=None, version=1,
                  updated_at=now) for code, name in OLD_CODES]
    op.bulk_insert(classifications, rows)


def downgrade() -> None:
    op.drop_table("letters")
    op.drop_table("letter_classifications")
