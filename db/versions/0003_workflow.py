"""Tracking and workflow: the later statuses (diproses, siap diambil, selesai, dibatalkan), the
procedure steps recorded per application, handovers of the product, and the work queues' indexes.

``applications`` gains ``current_step``, ``step_count``, ``ready_at``, ``finished_at`` and
``status_before``; its CHECK constraint on ``status`` is recreated from the longer list (SQLite:
batch mode copies the table; migrate.py runs SQLite migrations with foreign keys off, so the copy
does not cascade into the checklist, attachments and events). Registered files get their step
count from their standard and, having none recorded, wait at step 1.

The queue indexes are partial (both backends): only files whose clock runs (terdaftar,
diproses) are in them, ordered by due moment, and by standard and step.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# Frozen copies (the models' lists may grow later; this revision must not change).
OLD_STATUSES = "status IN ('draft','returned','registered')"
STATUSES = ("status IN ('draft','returned','registered','in_process','ready','done',"
            "'cancelled')")
RUNNING = "status IN ('registered','in_process')"
OUTCOMES = "outcome IN ('done','skipped')"


def _partial(name: str, columns: list[str], where: str) -> None:
    op.create_index(name, "applications", columns, postgresql_where=sa.text(where),
                    sqlite_where=sa.text(where))


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("current_step", sa.Integer))
        batch.add_column(sa.Column("step_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("ready_at", TZ))
        batch.add_column(sa.Column("finished_at", TZ))
        batch.add_column(sa.Column("status_before", sa.String(20)))
        batch.drop_constraint(op.f("ck_applications_status_known"), type_="check")
        batch.create_check_constraint("status_known", STATUSES)

    # Files registered before this revision: the number of steps of their standard, at step 1.
    op.execute("UPDATE applications SET step_count = (SELECT count(*) FROM catalog_procedure_steps p "
               "WHERE p.standard_id = applications.standard_id) WHERE status = 'registered'")
    op.execute("UPDATE applications SET current_step = 1 "
               "WHERE status = 'registered' AND step_count > 0")

    _partial("ix_applications_running_due", ["due_at", "id"], RUNNING)
    _partial("ix_applications_running_step", ["standard_id", "current_step", "due_at"], RUNNING)
    _partial("ix_applications_ready", ["ready_at", "id"], "status = 'ready'")

    op.create_table(
        "application_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("step_no", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("at", TZ, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_application_steps_application_id_applications")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_application_steps_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_steps")),
        sa.UniqueConstraint("application_id", "step_no",
                            name=op.f("uq_application_steps_application_id")),
        sa.CheckConstraint(OUTCOMES, name=op.f("ck_application_steps_outcome_known")),
    )
    op.create_table(
        "application_handovers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("officer_user_id", sa.Integer),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("recipient_id_number", sa.String(40), nullable=False),
        sa.Column("recipient_is_representative", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_application_handovers_application_id_applications")),
        sa.ForeignKeyConstraint(["officer_user_id"], ["users.id"],
                                name=op.f("fk_application_handovers_officer_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_handovers")),
    )
    op.create_index(op.f("ix_application_handovers_application_id"), "application_handovers",
                    ["application_id"])


def downgrade() -> None:
    op.drop_table("application_handovers")
    op.drop_table("application_steps")
    for name in ("ix_applications_ready", "ix_applications_running_step",
                 "ix_applications_running_due"):
        op.drop_index(name, table_name="applications")
    # Files in the later statuses go back to the last status the older schema knows.
    op.execute("UPDATE applications SET status = 'registered' "
               "WHERE status IN ('in_process','ready','done')")
    op.execute("UPDATE applications SET status = coalesce(status_before, 'draft') "
               "WHERE status = 'cancelled'")
    op.execute("UPDATE applications SET status = 'registered' "
               "WHERE status IN ('in_process','ready','done','cancelled')")
    with op.batch_alter_table("applications") as batch:
        batch.drop_constraint(op.f("ck_applications_status_known"), type_="check")
        batch.create_check_constraint("status_known", OLD_STATUSES)
        for column in ("status_before", "finished_at", "ready_at", "step_count", "current_step"):
            batch.drop_column(column)
