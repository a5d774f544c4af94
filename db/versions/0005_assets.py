"""Fixed assets: the code tree of Permendagri 108/2016 with useful lives, rooms, the register
(KIB A–F in one table: the common columns and each register's own), the append-only history of
mutations, photos and stock-takes. Register numbers come from the counters table (scope
``asset:<code>``): (code, register) is unique.

Seeded: the asset codes an office like a Dinas Sosial uses and their useful lives, transcribed from
Permendagri 108/2016 into resources/asset_codes.csv (the admin imports the rest from XLSX/CSV and
edits the useful lives to the city's accounting policy).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
MONEY = sa.BigInteger
AREA = sa.Numeric(14, 2)


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def upgrade() -> None:
    codes = op.create_table(
        "asset_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("parent_code", sa.String(40)),
        sa.Column("useful_life", sa.Integer),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_asset_codes_code")),
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer, primary_key=True),
        _text("building", 120),
        sa.Column("name", sa.String(120), nullable=False),
        _text("code", 20),
        _text("responsible", 120),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("building", "name", name=op.f("uq_rooms_building")),
    )
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("register", sa.Integer, nullable=False),
        sa.Column("kib", sa.String(1), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("acquired_on", sa.Date),
        sa.Column("acquired_year", sa.Integer, nullable=False),
        sa.Column("value", MONEY, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("condition", sa.String(2), nullable=False),
        sa.Column("room_id", sa.Integer),
        _text("responsible", 120),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("quantity", sa.Integer, nullable=False, server_default="1"),
        _text("brand_type", 120), _text("size_cc", 60), _text("material", 60),
        _text("factory_no", 60), _text("chassis_no", 60), _text("engine_no", 60),
        _text("plate_no", 20), _text("bpkb_no", 40), _text("address", 300),
        sa.Column("area_m2", AREA),
        _text("land_right", 60),
        sa.Column("certificate_date", sa.Date),
        _text("certificate_no", 80), _text("land_use", 120),
        sa.Column("multi_storey", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("concrete", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("floor_area_m2", AREA),
        sa.Column("document_date", sa.Date),
        _text("document_no", 80),
        sa.Column("land_area_m2", AREA),
        _text("land_status", 60), _text("land_code", 60), _text("construction", 60),
        sa.Column("length_m", AREA),
        sa.Column("width_m", AREA),
        _text("title_spec", 300), _text("art_origin", 120), _text("art_creator", 120),
        _text("art_material", 60), _text("animal_kind", 120), _text("animal_size", 60),
        _text("building_type", 60),
        sa.Column("start_date", sa.Date),
        sa.Column("contract_value", MONEY),
        sa.Column("status", sa.String(10), nullable=False, server_default="aktif"),
        sa.Column("disposed_on", sa.Date),
        _text("disposal_decree_no", 80),
        sa.Column("disposal_decree_date", sa.Date),
        sa.Column("disposal_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.Integer),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_assets_room_id_rooms")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_assets_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint("code", "register", name=op.f("uq_assets_code")),
        sa.CheckConstraint("kib IN ('A','B','C','D','E','F')", name=op.f("ck_assets_kib_known")),
        sa.CheckConstraint("condition IN ('B','KB','RB')", name=op.f("ck_assets_condition_known")),
        sa.CheckConstraint("origin IN ('apbd','apbn','hibah','mutasi_masuk','lainnya')",
                           name=op.f("ck_assets_origin_known")),
        sa.CheckConstraint("status IN ('aktif','dihapus')", name=op.f("ck_assets_status_known")),
    )
    op.create_index("ix_assets_kib_code_register", "assets", ["kib", "code", "register"])
    op.create_index(op.f("ix_assets_acquired_year"), "assets", ["acquired_year"])
    op.create_index(op.f("ix_assets_room_id"), "assets", ["room_id"])
    op.create_table(
        "asset_mutations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("asset_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        _text("decree_no", 80),
        sa.Column("decree_date", sa.Date),
        _text("from_code", 40),
        sa.Column("from_register", sa.Integer),
        _text("to_code", 40),
        sa.Column("to_register", sa.Integer),
        sa.Column("value_change", MONEY, nullable=False, server_default="0"),
        sa.Column("by_user", sa.Integer),
        sa.Column("at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_mutations_asset_id_assets")),
        sa.ForeignKeyConstraint(["by_user"], ["users.id"], name=op.f("fk_asset_mutations_by_user_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_mutations")),
        sa.CheckConstraint("kind IN ('perolehan','pindah','kondisi','reklasifikasi','penghapusan',"
                           "'ubah_data')", name=op.f("ck_asset_mutations_kind_known")),
    )
    op.create_index("ix_asset_mutations_asset", "asset_mutations", ["asset_id", "id"])
    op.create_index("ix_asset_mutations_day", "asset_mutations", ["day"])
    op.create_table(
        "asset_photos",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("asset_id", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime", sa.String(40), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_photos_asset_id_assets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_photos")),
    )
    op.create_index(op.f("ix_asset_photos_asset_id"), "asset_photos", ["asset_id"])
    op.create_table(
        "stock_takes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("room_id", sa.Integer, nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("started_by", sa.Integer),
        sa.Column("finished_at", TZ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_stock_takes_room_id_rooms")),
        sa.ForeignKeyConstraint(["started_by"], ["users.id"], name=op.f("fk_stock_takes_started_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_takes")),
    )
    op.create_index(op.f("ix_stock_takes_room_id"), "stock_takes", ["room_id"])
    op.create_table(
        "stock_take_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("stock_take_id", sa.Integer, nullable=False),
        sa.Column("asset_id", sa.Integer, nullable=False),
        sa.Column("seen_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["stock_take_id"], ["stock_takes.id"],
                                name=op.f("fk_stock_take_items_stock_take_id_stock_takes")),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"],
                                name=op.f("fk_stock_take_items_asset_id_assets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_take_items")),
        sa.UniqueConstraint("stock_take_id", "asset_id", name=op.f("uq_stock_take_items_stock_take_id")),
    )
    _seed_codes(codes)


def _seed_codes(codes: sa.Table) -> None:
    from dinsos_desktop.domain.asset_seed import SEED_FILE_NAME, parse_asset_codes
    from dinsos_desktop.domain.assets import code_level, parent_code
    from dinsos_desktop.paths import resources_dir

    now = dt.datetime.now(dt.UTC)
    rows = parse_asset_codes((resources_dir() / SEED_FILE_NAME).read_text(encoding="utf-8"))
    op.bulk_insert(codes, [dict(code=code, name=name, level=code_level(code),
                                parent_code=parent_code(code), useful_life=life, active=True,
                                version=1, updated_at=now) for code, name, life in rows])


def downgrade() -> None:
    for name in ("stock_take_items", "stock_takes", "asset_photos", "asset_mutations", "assets",
                 "rooms", "asset_codes"):
        op.drop_table(name)
