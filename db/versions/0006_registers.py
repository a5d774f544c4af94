"""Registers: the indexes behind the monthly registers of applications and the performance summary.

A period's applications are those registered in it (``applications.received_at``, the moment the
complete file was received) and those returned incomplete in it (their 'returned' events). Both
are found by range: an index on ``received_at``, and a partial index (both backends) on the
moments of 'returned' events only, a small part of the events table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# A frozen copy of models.RETURNED_EVENT_SQL.
RETURNED = "event = 'returned'"


def upgrade() -> None:
    op.create_index(op.f("ix_applications_received_at"), "applications", ["received_at"])
    op.create_index("ix_application_events_returned", "application_events", ["at", "application_id"],
                    postgresql_where=sa.text(RETURNED), sqlite_where=sa.text(RETURNED))


def downgrade() -> None:
    op.drop_index("ix_application_events_returned", table_name="application_events")
    op.drop_index(op.f("ix_applications_received_at"), table_name="applications")
