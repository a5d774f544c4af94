"""Foundation: users and roles, audit trail, office profile, service catalog, counters.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("full_name", sa.String(120), nullable=False),
        sa.Column("nip", sa.String(18), nullable=False, server_default=""),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", TZ),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_user_roles_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
        sa.CheckConstraint(
            "role IN ('front_office','agendaris','pengurus_barang','pimpinan','admin')",
            name=op.f("ck_user_roles_role_known"),
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("occurred_at", TZ, nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("actor_username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("workstation", sa.String(64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_occurred_at"), "audit_log", ["occurred_at"])
    op.create_index(op.f("ix_audit_log_entity"), "audit_log", ["entity"])
    op.create_table(
        "office_profile",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("government_name", sa.String(200), nullable=False),
        sa.Column("office_name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("postal_code", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(100), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("website", sa.String(200), nullable=False),
        sa.Column("unit_code", sa.String(40), nullable=False),
        sa.Column("head_position", sa.String(200), nullable=False),
        sa.Column("head_name", sa.String(200), nullable=False),
        sa.Column("head_nip", sa.String(18), nullable=False),
        sa.Column("head_rank", sa.String(100), nullable=False),
        sa.Column("logo_png", sa.LargeBinary),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_profile")),
        sa.CheckConstraint("id = 1", name=op.f("ck_office_profile_singleton")),
    )
    op.create_table(
        "signatories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("position_order", sa.Integer, nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("nip", sa.String(18), nullable=False),
        sa.Column("rank", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatories")),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("decree_number", sa.String(100), nullable=False),
        sa.Column("decree_date", sa.Date, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("imported_at", TZ, nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
        sa.UniqueConstraint("decree_number", name=op.f("uq_catalog_versions_decree_number")),
    )
    op.create_table(
        "catalog_bidang",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_bidang_version_id_catalog_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_bidang")),
        sa.UniqueConstraint("version_id", "code", name=op.f("uq_catalog_bidang_version_id")),
    )
    op.create_table(
        "catalog_standards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("lampiran", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("bidang_code", sa.String(32), nullable=False),
        sa.Column("time_limit_value", sa.Integer),
        sa.Column("time_limit_unit", sa.String(20)),
        sa.Column("fee_amount", sa.Integer),
        sa.Column("document", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_standards_version_id_catalog_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_standards")),
        sa.UniqueConstraint("version_id", "code", name=op.f("uq_catalog_standards_version_id")),
    )
    op.create_index(op.f("ix_catalog_standards_code"), "catalog_standards", ["code"])
    op.create_table(
        "catalog_requirements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("standard_id", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("item_key", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("is_checklist_item", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(["standard_id"], ["catalog_standards.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_requirements_standard_id_catalog_standards")),
        sa.ForeignKeyConstraint(["parent_id"], ["catalog_requirements.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_requirements_parent_id_catalog_requirements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_requirements")),
        sa.UniqueConstraint("standard_id", "item_key",
                            name=op.f("uq_catalog_requirements_standard_id")),
    )
    op.create_table(
        "catalog_procedure_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("standard_id", sa.Integer, nullable=False),
        sa.Column("step_no", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["standard_id"], ["catalog_standards.id"], ondelete="CASCADE",
                                name=op.f("fk_catalog_procedure_steps_standard_id_catalog_standards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_procedure_steps")),
        sa.UniqueConstraint("standard_id", "step_no",
                            name=op.f("uq_catalog_procedure_steps_standard_id")),
    )
    op.create_table(
        "counters",
        sa.Column("scope", sa.String(120), nullable=False),
        sa.Column("value", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_counters")),
    )
    _audit_append_only()


def _audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for table in ("counters", "catalog_procedure_steps", "catalog_requirements",
                  "catalog_standards", "catalog_bidang", "catalog_versions", "signatories",
                  "office_profile", "audit_log", "user_roles", "users"):
        op.drop_table(table)
