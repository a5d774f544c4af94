"""The fixed-asset register (Barang Milik Daerah) through the services, on SQLite and PostgreSQL:
registering with register numbers per code, the fields of each KIB, depreciation as of a date,
mutations and disposals with their history, optimistic concurrency, the mutation report, room
cards and stock-takes, importing an existing KIB, the code tree and who may do what."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.assets import AssetFields, Condition, Kib, MutationKind, Period
from dinsos_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services import assets, users
from dinsos_desktop.services.asset_dto import (
    ACTIVE,
    DISPOSED,
    AssetCodeInput,
    AssetDTO,
    AssetFilter,
    AssetSettings,
    MutationInput,
    RoomDTO,
    RoomInput,
)
from dinsos_desktop.services.assets import ImportRow
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.dto import Actor, AuditEntry
from dinsos_desktop.services.uow import AssetUnitOfWork

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
TODAY = dt.date(2026, 11, 20)

# Codes of the seed (resources/asset_codes.csv).
CHAIR = "1.3.2.05.02.01.003"  # Kursi Besi/Metal (Alat Rumah Tangga: 5 years)
WOOD_CHAIR = "1.3.2.05.02.01.004"  # Kursi Kayu
PC = "1.3.2.10.01.02.001"  # PC Unit (Komputer Unit: 4 years)
LAPTOP = "1.3.2.10.01.02.002"
JEEP = "1.3.2.02.01.01.002"  # KIB B, Alat Angkutan Darat Bermotor: 7 years
MOTORCYCLE = "1.3.2.02.01.04.001"
OFFICE = "1.3.3.01.01.01.001"  # Bangunan Gedung Kantor Permanen (KIB C, 50 years)
LAND = "1.3.1.01.01.04.001"  # Tanah Bangunan Kantor Pemerintah (KIB A)
BOOKS = "1.3.5.01.01"  # Bahan Perpustakaan Tercetak (KIB E, no useful life)
ART = "1.3.5.02.01"  # Barang Bercorak Kesenian (KIB E)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


@pytest.fixture
def barang(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "barang", "Budi Pengurus Barang", [Role.PENGURUS_BARANG],
                      "Rahasia-barang-1")
    return users.login(uow, "barang", "Rahasia-barang-1")


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "kadis", "Kepala Dinas", [Role.PIMPINAN], "Rahasia-kadis-1")
    return users.login(uow, "kadis", "Rahasia-kadis-1")


@pytest.fixture
def agendaris(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "agenda", "Sri Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    return users.login(uow, "agenda", "Rahasia-agenda-1")


def item(code: str = CHAIR, name: str = "Kursi besi lipat", day: dt.date | None = dt.date(2026, 3, 2),
         value: int = 750_000, **changes: Any) -> AssetFields:
    return AssetFields(code=code, name=name, acquired_on=day, value=value, **changes)


def register(uow: AssetUnitOfWork, actor: Actor, count: int = 1, *, now: dt.datetime = NOW,
             **kw: Any) -> tuple[AssetDTO, ...]:
    """``count`` assets at once ("10 kursi"); ``kw`` are the fields (``quantity``: of a KIB E record)."""
    return assets.register_assets(uow, actor, item(**kw), count, now=now, local=local)


def one(uow: AssetUnitOfWork, actor: Actor, **kw: Any) -> AssetDTO:
    (asset,) = register(uow, actor, **kw)
    return asset


def mutate(uow: AssetUnitOfWork, actor: Actor, asset: AssetDTO, kind: MutationKind, day: dt.date,
           **kw: Any) -> AssetDTO:
    return assets.mutate_asset(uow, actor, asset.id, MutationInput(kind, day, **kw),
                               expected_version=asset.version, now=NOW, local=local)


def dispose(uow: AssetUnitOfWork, actor: Actor, asset: AssetDTO, day: dt.date) -> AssetDTO:
    return mutate(uow, actor, asset, MutationKind.DISPOSED, day, decree_no=f"030/{asset.id}/2026",
                  decree_date=day, reason="rusak berat, tidak ekonomis diperbaiki")


def reclassify(uow: AssetUnitOfWork, actor: Actor, asset: AssetDTO, code: str, day: dt.date) -> AssetDTO:
    return mutate(uow, actor, asset, MutationKind.RECLASSIFIED, day, code=code,
                  reason="salah kode saat pencatatan")


def room(uow: AssetUnitOfWork, actor: Actor, name: str, building: str = "Kantor Dinas Sosial",
         **kw: Any) -> RoomDTO:
    return assets.save_room(uow, actor, RoomInput(building, name, **kw), now=NOW)


def errors_of(call: Any, *args: Any, **kw: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kw)
    return caught.value.errors


def asset_audit(uow: AssetUnitOfWork, admin: Actor, entity: str = "asset") -> list[AuditEntry]:
    """The audit trail's entries of an entity, newest first."""
    return list(audit_page(uow, admin, entity=entity).items)


def registers(found: Any) -> list[tuple[str, int]]:
    return [(a.code, a.register) for a in found]


def everything(uow: AssetUnitOfWork, actor: Actor) -> list[AssetDTO]:
    """Every asset ever registered, disposed of or not."""
    return assets.register_listing(uow, actor, AssetFilter(status=""))


# --------------------------------------------------------------------------- registering


def test_ten_chairs_get_consecutive_register_numbers(uow: SqlAlchemyUnitOfWork, barang: Actor,
                                                     admin: Actor) -> None:
    found = assets.search_codes(uow, barang, "kursi")
    assert CHAIR in [c.code for c in found] and WOOD_CHAIR in [c.code for c in found]
    assert all(c.level >= 5 and c.kib is Kib.B and "kursi" in c.name.lower() for c in found)
    chair_code = next(c for c in found if c.code == CHAIR)
    assert (chair_code.name, chair_code.useful_life, chair_code.effective_life) == ("Kursi Besi/Metal",
                                                                                     None, 5)
    assert [c.code for c in assets.search_codes(uow, barang, "komputer")] == [  # not 1.3.2.10 Komputer
        "1.3.2.10.01", "1.3.2.10.01.02", "1.3.2.10.02", "1.3.2.10.02.03", "1.3.2.10.02.03.001",
        "1.3.2.10.02.03.003", "1.3.2.10.02.03.004"]

    ten = register(uow, barang, 10, code="1.3.2.5.2.1.3", name=" Kursi  besi lipat ",
                   responsible="Sari")
    assert [a.register for a in ten] == list(range(1, 11))
    assert {(a.code, a.name, a.kib, a.code_name, a.status, a.fields.value, a.fields.responsible,
             a.created_by_name, a.version) for a in ten} == {
        (CHAIR, "Kursi besi lipat", Kib.B, "Kursi Besi/Metal", ACTIVE, 750_000, "Sari",
         "Budi Pengurus Barang", 1)}
    assert len({a.id for a in ten}) == 10
    assert (ten[0].register_text, ten[0].label_text) == ("0001", f"BMD|{CHAIR}|0001")
    assert (ten[0].year, ten[0].fields.acquired_year, ten[0].life_years, ten[0].created_at) == (
        2026, 2026, 5, NOW)
    assert [a.register for a in register(uow, barang)] == [11]
    assert [a.register for a in register(uow, barang, 2, code=WOOD_CHAIR, name="Kursi kayu jati")] == [1, 2]
    assert [a.register for a in register(uow, barang, code=PC, name="PC Unit", value=12_000_000)] == [1]
    assert [a.register for a in register(uow, barang, 3)] == [12, 13, 14]

    for asset in ten:
        (acquired,) = assets.history(uow, barang, asset.id)
        assert (acquired.kind, acquired.day, acquired.summary, acquired.value_change, acquired.by_name,
                acquired.at) == (MutationKind.ACQUIRED, dt.date(2026, 3, 2), "Perolehan (Pengadaan (APBD))",
                                 750_000, "Budi Pengurus Barang", NOW)
    assert registers(assets.register_listing(uow, barang, AssetFilter(code_prefix=CHAIR))) == [
        (CHAIR, n) for n in range(1, 15)]
    page = assets.asset_page(uow, barang, AssetFilter(code_prefix="1.3.2.05.02"), limit=5, offset=10)
    assert (page.total, registers(page.items)) == (16, [(CHAIR, n) for n in range(11, 15)] + [
        (WOOD_CHAIR, 1)])

    entry = asset_audit(uow, admin)[-1]  # the oldest: the ten chairs
    assert (entry.action, entry.actor_username, entry.occurred_at) == ("create", "barang", NOW)
    assert entry.summary == f"10 × Kursi besi lipat dicatat: {CHAIR} register 0001–0010"
    assert entry.entity_id == f"{ten[0].id}…{ten[-1].id}"
    assert json.loads(entry.after or "") == {"code": CHAIR, "registers": [1, 10], "value": 750_000}
    assert asset_audit(uow, admin)[-2].summary == f"1 × Kursi besi lipat dicatat: {CHAIR} register 0011"


def test_registering_is_refused_with_the_reason_beside_the_field(uow: SqlAlchemyUnitOfWork,
                                                                 barang: Actor, admin: Actor) -> None:
    rincian = ("Barang dicatat pada kode Rincian Objek atau di bawahnya (misalnya 1.3.2.05.01.04.001), "
               "di bawah 1.3.1–1.3.6.")
    assert errors_of(register, uow, barang, code="1.3.2.05.02.01.999") == {
        "code": "Kode barang 1.3.2.05.02.01.999 tidak ada di daftar kode."}
    assert errors_of(register, uow, barang, code="1.3.2") == {"code": rincian}
    assert errors_of(register, uow, barang, code="1.3.2.05") == {"code": rincian}
    assert errors_of(register, uow, barang, code="1.1.1.01.01") == {"code": rincian}  # not a fixed asset
    assert errors_of(register, uow, barang, code="kursi") == {
        "code": "Kode barang terdiri dari angka yang dipisah titik, misalnya 1.3.2.10.01.02.001."}
    assert errors_of(register, uow, barang, name="  \n ") == {"name": "Nama barang wajib diisi."}
    assert errors_of(register, uow, barang, name="x" * 201) == {
        "name": "Nama barang paling panjang 200 karakter."}
    assert errors_of(register, uow, barang, day=TODAY + dt.timedelta(days=1)) == {
        "acquired_on": "Tanggal perolehan tidak boleh sesudah hari ini."}
    # "Today" is the office's day (WIB): 20 November already began there at 18:00 UTC.
    late_evening = dt.datetime(2026, 11, 19, 18, 30, tzinfo=dt.UTC)
    assert register(uow, barang, day=TODAY, now=late_evening)[0].fields.acquired_on == TODAY
    assert errors_of(register, uow, barang, day=None) == {
        "acquired_on": "Isi tanggal perolehan (atau tahunnya saja untuk catatan lama)."}
    assert errors_of(register, uow, barang, day=None, acquired_year=2027) == {
        "acquired_on": "Tahun perolehan harus antara 1900 dan 2026."}
    assert errors_of(register, uow, barang, value=-1) == {"value": "Nilai perolehan tidak boleh negatif."}
    for quantity in (0, 501):
        assert errors_of(register, uow, barang, quantity) == {
            "quantity": "Sekaligus paling banyak 500 barang (paling sedikit 1)."}
    assert errors_of(register, uow, barang, room_id=9999) == {"room_id": "Ruangan tidak ditemukan."}
    # Every field's message at once (the quantity's with the fields').
    assert errors_of(register, uow, barang, 0, name="", value=-5) == {
        "quantity": "Sekaligus paling banyak 500 barang (paling sedikit 1).",
        "name": "Nama barang wajib diisi.", "value": "Nilai perolehan tidak boleh negatif."}
    # A retired code takes no new asset.
    (motor,) = [c for c in assets.list_codes(uow, admin) if c.code == MOTORCYCLE]
    assets.save_code(uow, admin, AssetCodeInput(MOTORCYCLE, motor.name, active=False), code_id=motor.id,
                     expected_version=motor.version, now=NOW)
    assert errors_of(register, uow, barang, code=MOTORCYCLE) == {
        "code": f"Kode barang {MOTORCYCLE} sudah tidak dipakai."}
    # An inactive room neither.
    store = room(uow, barang, "Gudang lama")
    assets.save_room(uow, barang, RoomInput("Kantor Dinas Sosial", "Gudang lama", active=False),
                     room_id=store.id, expected_version=store.version, now=NOW)
    assert errors_of(register, uow, barang, room_id=store.id) == {"room_id": "Ruangan tidak ditemukan."}

    # Nothing was written by the refusals, and no register number was used up.
    assert [a.fields.acquired_on for a in everything(uow, barang)] == [TODAY]
    assert [e.summary for e in asset_audit(uow, admin)] == [
        f"1 × Kursi besi lipat dicatat: {CHAIR} register 0001"]
    assert registers(register(uow, barang, 2)) == [(CHAIR, 2), (CHAIR, 3)]


def test_each_kib_keeps_its_own_fields(uow: SqlAlchemyUnitOfWork, barang: Actor) -> None:
    vehicle_details = dict(brand_type="Toyota Fortuner", size_cc="2.393 cc", chassis_no="MHF1234",
                           engine_no="2GD-998", plate_no=" N  1234  AB ", bpkb_no="P-0987")
    building_details = dict(multi_storey=True, concrete=True, floor_area_m2=Decimal("350.50"),
                            document_no="IMB 640/12/2001", document_date=dt.date(2001, 5, 3),
                            address="Jl. Panglima Sudirman 12", land_status="Hak Pakai")
    jeep = one(uow, barang, code=JEEP, name="Jeep operasional", value=450_000_000,
               area_m2=Decimal("12"), certificate_no="SHM 1", **vehicle_details)
    assert jeep.kib is Kib.B
    assert (jeep.fields.plate_no, jeep.fields.brand_type, jeep.fields.chassis_no, jeep.fields.bpkb_no) == (
        "N 1234 AB", "Toyota Fortuner", "MHF1234", "P-0987")
    assert (jeep.fields.area_m2, jeep.fields.certificate_no, jeep.fields.address) == (None, "", "")

    office = one(uow, barang, code=OFFICE, name="Gedung kantor utama", day=dt.date(2001, 7, 1),
                 value=2_500_000_000, **vehicle_details, **building_details)
    assert office.kib is Kib.C
    assert (office.fields.plate_no, office.fields.brand_type, office.fields.engine_no) == ("", "", "")
    assert (office.fields.multi_storey, office.fields.concrete, office.fields.floor_area_m2,
            office.fields.document_no, office.fields.document_date, office.fields.land_status) == (
        True, True, Decimal("350.50"), "IMB 640/12/2001", dt.date(2001, 5, 3), "Hak Pakai")

    land = one(uow, barang, code=LAND, name="Tanah kantor", day=None, acquired_year=1985,
               value=1_200_000_000, area_m2=Decimal("1250.75"), land_right="Hak Pakai",
               certificate_no="HP 12", certificate_date=dt.date(1990, 2, 1),
               floor_area_m2=Decimal("10"), **vehicle_details)
    assert (land.kib, land.year, land.fields.acquired_on) == (Kib.A, 1985, None)
    assert (land.fields.area_m2, land.fields.land_right, land.fields.certificate_no,
            land.fields.certificate_date) == (Decimal("1250.75"), "Hak Pakai", "HP 12", dt.date(1990, 2, 1))
    assert (land.fields.floor_area_m2, land.fields.plate_no) == (None, "")
    # A collection of books is one KIB E record with its quantity; chairs are one each.
    books = one(uow, barang, code=BOOKS, name="Buku pedoman PKH", quantity=25, title_spec="Pedoman PKH 2026")
    assert (books.kib, books.fields.quantity, books.fields.title_spec) == (Kib.E, 25, "Pedoman PKH 2026")
    assert one(uow, barang, quantity=25, title_spec="x").fields.quantity == 1

    # What is stored is what is read back, and each register lists its own.
    for asset in (jeep, office, land, books):
        assert assets.get_asset(uow, barang, asset.id) == asset
    assert registers(assets.register_listing(uow, barang, AssetFilter(kib=Kib.C))) == [(OFFICE, 1)]
    assert [a.id for a in assets.register_listing(uow, barang, AssetFilter(text="n 1234"))] == [jeep.id]
    assert [a.id for a in assets.register_listing(uow, barang, AssetFilter(year=1985))] == [land.id]


# --------------------------------------------------------------------------- depreciation


def test_depreciation_worked_example(uow: SqlAlchemyUnitOfWork, barang: Actor, pimpinan: Actor,
                                     admin: Actor) -> None:
    pc = one(uow, barang, code=PC, name="PC Unit Core i5", day=dt.date(2024, 3, 15), value=12_000_000)
    assert pc.life_years == 4

    def book_of(as_of: dt.date, **kw: Any) -> tuple[int, int, int]:
        report = assets.depreciation_report(uow, pimpinan, as_of, asset_id=pc.id, **kw)
        (row,) = report.rows
        return row.book.periods, row.book.accumulated, row.book.book_value

    assert book_of(dt.date(2024, 12, 30)) == (0, 0, 12_000_000)  # the first year has not ended yet
    assert book_of(dt.date(2024, 12, 31)) == (1, 3_000_000, 9_000_000)
    assert book_of(dt.date(2025, 12, 31)) == (2, 6_000_000, 6_000_000)
    assert book_of(dt.date(2027, 12, 31)) == (4, 12_000_000, 0)
    assert book_of(dt.date(2030, 1, 1)) == (4, 12_000_000, 0)
    assert assets.depreciation_report(uow, pimpinan, dt.date(2024, 3, 14), asset_id=pc.id).rows == ()

    settings = assets.save_asset_settings(uow, barang, AssetSettings(period=Period.SEMESTER), now=NOW)
    assert settings.period is Period.SEMESTER
    assert assets.asset_settings(uow, pimpinan).period is Period.SEMESTER
    report = assets.depreciation_report(uow, pimpinan, dt.date(2024, 6, 30), asset_id=pc.id)
    assert report.period is Period.SEMESTER
    (row,) = report.rows
    assert (row.book.life_periods, row.book.per_period, row.book.periods, row.book.accumulated,
            row.book.book_value) == (8, 1_500_000, 1, 1_500_000, 10_500_000)
    assert book_of(dt.date(2024, 12, 31)) == (2, 3_000_000, 9_000_000)
    assert book_of(dt.date(2024, 12, 31), period=Period.MONTH) == (10, 2_500_000, 9_500_000)
    (entry,) = asset_audit(uow, admin, "asset_settings")
    assert (json.loads(entry.before or ""), json.loads(entry.after or "")) == (
        {"period": "year"}, {"period": "semester"})
    assets.save_asset_settings(uow, admin, AssetSettings(period=Period.YEAR), now=NOW)
    assert book_of(dt.date(2024, 12, 31)) == (1, 3_000_000, 9_000_000)


def test_depreciation_report_of_the_office(uow: SqlAlchemyUnitOfWork, barang: Actor,
                                           pimpinan: Actor) -> None:
    pc = one(uow, barang, code=PC, name="PC Unit", day=dt.date(2024, 3, 15), value=12_000_000)
    chairs = register(uow, barang, 3, day=dt.date(2023, 1, 10), value=1_000_000)  # 5 years
    land = one(uow, barang, code=LAND, name="Tanah kantor", day=dt.date(2010, 1, 4), value=900_000_000)
    office = one(uow, barang, code=OFFICE, name="Gedung kantor", day=None, acquired_year=2001,
                 value=5_000_000_000)  # 50 years, from 1 January 2001
    books = one(uow, barang, code=BOOKS, name="Buku", value=3_000_000, day=dt.date(2022, 5, 1))
    dispose(uow, barang, chairs[0], dt.date(2025, 6, 30))

    report = assets.depreciation_report(uow, pimpinan, dt.date(2025, 12, 31))
    by_id = {r.asset_id: r for r in report.rows}
    assert chairs[0].id not in by_id  # disposed of before that day
    assert set(by_id) == {pc.id, chairs[1].id, chairs[2].id, land.id, office.id, books.id}
    assert [(r.kib, r.code, r.register) for r in report.rows] == [
        (Kib.A, LAND, 1), (Kib.B, CHAIR, 2), (Kib.B, CHAIR, 3), (Kib.B, PC, 1), (Kib.C, OFFICE, 1),
        (Kib.E, BOOKS, 1)]
    assert (by_id[pc.id].book.accumulated, by_id[pc.id].book.book_value) == (6_000_000, 6_000_000)
    assert (by_id[chairs[1].id].book.accumulated, by_id[chairs[1].id].life_years) == (600_000, 5)
    land_book = by_id[land.id].book
    assert (land_book.depreciates, land_book.accumulated, land_book.book_value) == (False, 0, 900_000_000)
    assert (by_id[office.id].acquired, by_id[office.id].book.periods,
            by_id[office.id].book.accumulated) == (dt.date(2001, 1, 1), 25, 2_500_000_000)
    # A KIB E collection without a useful life in the policy keeps its value.
    assert (by_id[books.id].life_years, by_id[books.id].book.book_value) == (None, 3_000_000)

    for totals in report.totals:
        rows = [r for r in report.rows if r.kib is totals.kib]
        assert (totals.assets, totals.value, totals.accumulated, totals.book_value) == (
            len(rows), sum(r.book.value for r in rows), sum(r.book.accumulated for r in rows),
            sum(r.book.book_value for r in rows))
        assert totals.value == totals.accumulated + totals.book_value
    assert [(t.kib, t.assets) for t in report.totals] == [(Kib.A, 1), (Kib.B, 3), (Kib.C, 1), (Kib.E, 1)]
    assert (report.value, report.accumulated) == (
        12_000_000 + 2_000_000 + 900_000_000 + 5_000_000_000 + 3_000_000,
        6_000_000 + 2 * 600_000 + 2_500_000_000)
    assert report.book_value == report.value - report.accumulated

    # The disposed chair was held the day before its disposal.
    before = assets.depreciation_report(uow, pimpinan, dt.date(2025, 6, 29), kib=Kib.B)
    assert chairs[0].id in {r.asset_id for r in before.rows}
    assert [t.kib for t in before.totals] == [Kib.B]
    assert {r.kib for r in before.rows} == {Kib.B}
    # Before anything was acquired, nothing.
    assert assets.depreciation_report(uow, pimpinan, dt.date(2000, 12, 31)).totals == ()


# --------------------------------------------------------------------------- mutations


def test_mutations_and_their_history(uow: SqlAlchemyUnitOfWork, barang: Actor, pimpinan: Actor,
                                     admin: Actor) -> None:
    head = room(uow, barang, "Ruang Kepala Dinas", code="R.01", responsible="Kepala Dinas")
    store = room(uow, barang, "Gudang Barang", building="Gudang")
    chairs = register(uow, barang, 5, room_id=head.id, responsible="Budi", day=dt.date(2025, 2, 3))
    chair = chairs[2]
    assert (chair.register, chair.room_label, chair.fields.responsible) == (
        3, "Kantor Dinas Sosial — Ruang Kepala Dinas", "Budi")

    # Moving: to another room and person responsible.
    assert errors_of(mutate, uow, barang, chair, MutationKind.MOVED, dt.date(2026, 1, 5),
                     room_id=head.id) == {"room_id": "Ruangan dan penanggung jawab tidak berubah."}
    assert errors_of(mutate, uow, barang, chair, MutationKind.MOVED, dt.date(2026, 1, 5),
                     room_id=9999) == {"room_id": "Ruangan tidak ditemukan."}
    assert errors_of(mutate, uow, barang, chair, MutationKind.MOVED, TODAY + dt.timedelta(days=1),
                     room_id=store.id) == {"day": "Tanggal mutasi tidak boleh sesudah hari ini."}
    assert errors_of(mutate, uow, barang, chair, MutationKind.MOVED, dt.date(2025, 2, 2),
                     room_id=store.id) == {"day": "Tanggal mutasi sebelum tanggal perolehan."}
    with pytest.raises(ConflictError):
        assets.mutate_asset(uow, barang, chair.id, MutationInput(MutationKind.MOVED, dt.date(2026, 1, 5),
                                                                 room_id=store.id),
                            expected_version=chair.version + 1, now=NOW, local=local)
    moved = mutate(uow, barang, chair, MutationKind.MOVED, dt.date(2026, 1, 5), room_id=store.id,
                   responsible=" Sari  Wulandari ", reason="ruang kepala dinas direnovasi")
    assert (moved.room_label, moved.fields.room_id, moved.fields.responsible, moved.version) == (
        "Gudang — Gudang Barang", store.id, "Sari Wulandari", chair.version + 1)
    moved = mutate(uow, barang, moved, MutationKind.MOVED, dt.date(2026, 2, 1), room_id=store.id,
                   responsible="")
    assert (moved.fields.room_id, moved.fields.responsible) == (store.id, "")

    # Condition.
    assert errors_of(mutate, uow, barang, moved, MutationKind.CONDITION, dt.date(2026, 3, 1)) == {
        "condition": "Pilih kondisi yang baru."}
    assert errors_of(mutate, uow, barang, moved, MutationKind.CONDITION, dt.date(2026, 3, 1),
                     condition=Condition.BAIK) == {"condition": "Pilih kondisi yang baru."}
    worn = mutate(uow, barang, moved, MutationKind.CONDITION, dt.date(2026, 3, 1),
                  condition=Condition.KURANG_BAIK)
    assert worn.condition is Condition.KURANG_BAIK

    # Reclassification: a new register number under the new code; the old one is not given again.
    register(uow, barang, code=WOOD_CHAIR, name="Kursi kayu")  # Kursi Kayu 0001
    assert errors_of(reclassify, uow, barang, worn, CHAIR, dt.date(2026, 4, 1)) == {
        "code": "Kode barang tidak berubah."}
    assert errors_of(reclassify, uow, barang, worn, "1.3.2.05", dt.date(2026, 4, 1))["code"].startswith(
        "Barang dicatat pada kode Rincian Objek")
    assert errors_of(mutate, uow, barang, worn, MutationKind.RECLASSIFIED, dt.date(2026, 4, 1),
                     code=WOOD_CHAIR, reason=" ") == {"reason": "Alasan reklasifikasi wajib diisi."}
    wood = reclassify(uow, barang, worn, WOOD_CHAIR, dt.date(2026, 4, 1))
    assert (wood.id, wood.code, wood.register, wood.code_name, wood.kib) == (
        chair.id, WOOD_CHAIR, 2, "Kursi Kayu", Kib.B)
    assert (wood.condition, wood.fields.room_id, wood.name, wood.fields.value) == (
        Condition.KURANG_BAIK, store.id, chair.name, chair.fields.value)
    assert assets.find_by_label(uow, barang, f"BMD|{CHAIR}|0003") is None
    assert assets.find_by_label(uow, barang, wood.label_text) == wood
    assert registers(register(uow, barang)) == [(CHAIR, 6)]  # 3 stays used
    assert registers(register(uow, barang, code=WOOD_CHAIR, name="Kursi kayu")) == [(WOOD_CHAIR, 3)]

    # Disposal: the decree is required.
    assert errors_of(mutate, uow, barang, wood, MutationKind.DISPOSED, dt.date(2026, 10, 1)) == {
        "decree_no": "Nomor SK penghapusan wajib diisi.",
        "decree_date": "Tanggal SK penghapusan wajib diisi."}
    assert errors_of(mutate, uow, barang, wood, MutationKind.DISPOSED, dt.date(2026, 10, 1),
                     decree_no="030/77/2026", decree_date=TODAY + dt.timedelta(days=1)) == {
        "decree_date": "Tanggal SK tidak boleh sesudah hari ini."}
    gone = mutate(uow, barang, wood, MutationKind.DISPOSED, dt.date(2026, 10, 1),
                  decree_no=" 030/77/2026 ", decree_date=dt.date(2026, 9, 28), reason="patah")
    assert (gone.status, gone.disposed, gone.disposed_on, gone.disposal_decree_no,
            gone.disposal_decree_date, gone.disposal_reason) == (
        DISPOSED, True, dt.date(2026, 10, 1), "030/77/2026", dt.date(2026, 9, 28), "patah")
    # … and it cannot be changed any more.
    for kind, kw in ((MutationKind.MOVED, {"room_id": head.id}),
                     (MutationKind.CONDITION, {"condition": Condition.BAIK}),
                     (MutationKind.RECLASSIFIED, {"code": CHAIR, "reason": "x"}),
                     (MutationKind.DISPOSED, {"decree_no": "1", "decree_date": TODAY})):
        assert errors_of(mutate, uow, barang, gone, kind, TODAY, **kw) == {
            "status": "Barang ini sudah dihapus dari daftar."}
    assert errors_of(assets.edit_asset, uow, barang, gone.id, dataclasses.replace(gone.fields, name="x"),
                     expected_version=gone.version, now=NOW, local=local) == {
        "status": "Barang yang sudah dihapus tidak dapat diubah."}
    assert errors_of(mutate, uow, barang, chairs[0], MutationKind.EDITED, TODAY) == {
        "kind": "Jenis mutasi ini tidak dicatat di sini."}

    # The history, in order, with what changed.
    log = assets.history(uow, pimpinan, chair.id)
    assert [(m.kind, m.day, m.summary, m.value_change, m.by_name) for m in log] == [
        (MutationKind.ACQUIRED, dt.date(2025, 2, 3), "Perolehan (Pengadaan (APBD))", 750_000,
         "Budi Pengurus Barang"),
        (MutationKind.MOVED, dt.date(2026, 1, 5), "Pindah dari Kantor Dinas Sosial — Ruang Kepala Dinas "
         "ke Gudang — Gudang Barang; Penanggung jawab: Budi → Sari Wulandari", 0, "Budi Pengurus Barang"),
        (MutationKind.MOVED, dt.date(2026, 2, 1), "Penanggung jawab: Sari Wulandari → -", 0,
         "Budi Pengurus Barang"),
        (MutationKind.CONDITION, dt.date(2026, 3, 1), "Kondisi Baik → Kurang Baik", 0,
         "Budi Pengurus Barang"),
        (MutationKind.RECLASSIFIED, dt.date(2026, 4, 1),
         f"Reklasifikasi {CHAIR} reg. 0003 → {WOOD_CHAIR} reg. 0002", 0, "Budi Pengurus Barang"),
        (MutationKind.DISPOSED, dt.date(2026, 10, 1),
         "Dihapus dari daftar: SK 030/77/2026 tanggal 28-09-2026", -750_000, "Budi Pengurus Barang")]
    assert log[1].reason == "ruang kepala dinas direnovasi"
    assert (log[4].reason, log[5].reason, log[5].decree_no, log[5].decree_date) == (
        "salah kode saat pencatatan", "patah", "030/77/2026", dt.date(2026, 9, 28))
    # Nothing is ever deleted: the disposed chair is still in the register, marked so.
    assert len(everything(uow, pimpinan)) == 8
    assert [a.id for a in assets.register_listing(uow, pimpinan, AssetFilter(status=DISPOSED))] == [chair.id]
    assert chair.id not in [a.id for a in assets.register_listing(uow, pimpinan, AssetFilter())]
    assert assets.get_asset(uow, pimpinan, chair.id) == gone
    summaries = [e.summary for e in asset_audit(uow, admin)]
    assert summaries[0] == (f"Penghapusan: {WOOD_CHAIR} reg. 0002 — Dihapus dari daftar: SK 030/77/2026 "
                            "tanggal 28-09-2026")
    assert f"Reklasifikasi: {CHAIR} reg. 0003 — Reklasifikasi {CHAIR} reg. 0003 → {WOOD_CHAIR} reg. 0002" \
        in summaries


def test_reclassification_to_another_register_clears_the_old_details(uow: SqlAlchemyUnitOfWork,
                                                                     barang: Actor) -> None:
    cabinet = one(uow, barang, code="1.3.2.05.01.04.002", name="Lemari ukir Jepara", value=15_000_000,
                  brand_type="Jati ukir", material="Kayu jati", notes="hadiah")
    art = reclassify(uow, barang, cabinet, ART, dt.date(2026, 5, 1))
    assert (art.kib, art.code, art.register, art.fields.brand_type, art.fields.material,
            art.fields.notes) == (Kib.E, ART, 1, "", "", "hadiah")
    # As a KIB E record the art fields can now be filled in.
    typed = dataclasses.replace(art.fields, art_creator="Pengrajin Jepara", brand_type="ignored")
    edited = assets.edit_asset(uow, barang, art.id, typed, expected_version=art.version, now=NOW,
                               local=local)
    assert (edited.fields.art_creator, edited.fields.brand_type) == ("Pengrajin Jepara", "")


def test_two_workstations_edit_the_same_asset(uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork,
                                              barang: Actor, admin: Actor) -> None:
    head = room(uow, barang, "Ruang Kepala Dinas")
    pc = one(uow, barang, code=PC, name="PC Unit", value=12_000_000, room_id=head.id, responsible="Budi",
             day=dt.date(2026, 1, 15))
    first = assets.edit_asset(uow, barang, pc.id, dataclasses.replace(pc.fields, brand_type="Lenovo M70"),
                              expected_version=pc.version, now=NOW, local=local)
    assert (first.fields.brand_type, first.version) == ("Lenovo M70", pc.version + 1)
    with pytest.raises(ConflictError):
        assets.edit_asset(other_uow, barang, pc.id, dataclasses.replace(pc.fields, value=11_500_000),
                          expected_version=pc.version, now=NOW, local=local)
    assert assets.get_asset(other_uow, barang, pc.id) == first

    # An edit keeps the code, room, person and condition (those change through mutations).
    second = assets.edit_asset(other_uow, barang, pc.id,
                               dataclasses.replace(first.fields, value=11_500_000, code=LAPTOP, room_id=None,
                                                   responsible="Sari", condition=Condition.RUSAK_BERAT),
                               expected_version=first.version, now=NOW, local=local)
    assert (second.code, second.register, second.fields.room_id, second.fields.responsible,
            second.condition, second.fields.value) == (PC, 1, head.id, "Budi", Condition.BAIK, 11_500_000)
    assert errors_of(assets.edit_asset, uow, barang, pc.id, dataclasses.replace(second.fields, name=""),
                     expected_version=second.version, now=NOW, local=local) == {
        "name": "Nama barang wajib diisi."}

    # An edit without a change writes nothing.
    history_before, audit_before = assets.history(uow, barang, pc.id), asset_audit(uow, admin)
    same = assets.edit_asset(uow, barang, pc.id, second.fields, expected_version=second.version, now=NOW,
                             local=local)
    typed_again = dataclasses.replace(second.fields, acquired_year=None, name=" PC  Unit ")
    assert assets.edit_asset(uow, barang, pc.id, typed_again, expected_version=second.version, now=NOW,
                             local=local) == same == second
    assert assets.history(uow, barang, pc.id) == history_before
    assert asset_audit(uow, admin) == audit_before

    log = assets.history(uow, barang, pc.id)
    assert [(m.kind, m.summary, m.value_change) for m in log] == [
        (MutationKind.ACQUIRED, "Perolehan (Pengadaan (APBD))", 12_000_000),
        (MutationKind.EDITED, "Data diperbaiki: brand_type", 0),
        (MutationKind.EDITED, "Data diperbaiki: value", -500_000)]
    entry = asset_audit(uow, admin)[0]
    assert entry.summary == f"Data {PC} reg. 0001 diperbaiki: value"
    assert (json.loads(entry.before or ""), json.loads(entry.after or "")) == (
        {"value": "12000000"}, {"value": "11500000"})
    with pytest.raises(NotFound):
        assets.edit_asset(uow, barang, 9999, second.fields, expected_version=1, now=NOW, local=local)
    # A stale screen is told so even when it changed nothing.
    with pytest.raises(ConflictError):
        assets.edit_asset(uow, barang, pc.id, second.fields, expected_version=first.version, now=NOW,
                          local=local)


# --------------------------------------------------------------------------- the mutation report


def _held_at(uow: AssetUnitOfWork, actor: Actor, day: dt.date) -> Counter[str]:
    """A direct count per (current) code of what is held on a day."""
    return Counter(r.code for r in assets.depreciation_report(uow, actor, day).rows)


def test_mutation_report(uow: SqlAlchemyUnitOfWork, barang: Actor, pimpinan: Actor) -> None:
    old_chairs = register(uow, barang, 4, day=dt.date(2025, 5, 10), value=750_000)
    register(uow, barang, 2, day=dt.date(2026, 8, 1), value=800_000)  # added in semester II
    pcs = register(uow, barang, 2, code=PC, name="PC Unit", day=dt.date(2026, 2, 1), value=12_000_000)
    one(uow, barang, code=PC, name="PC Unit", day=dt.date(2026, 9, 15), value=13_000_000)
    land = one(uow, barang, code=LAND, name="Tanah", day=None, acquired_year=2000, value=500_000_000)
    dispose(uow, barang, old_chairs[0], dt.date(2026, 10, 1))  # removed in semester II
    reclassify(uow, barang, old_chairs[1], WOOD_CHAIR, dt.date(2026, 9, 1))  # out and in, semester II
    reclassify(uow, barang, pcs[0], LAPTOP, dt.date(2026, 3, 1))  # semester I
    dispose(uow, barang, old_chairs[2], dt.date(2026, 5, 2))  # semester I

    def lines(year: int, semester: int | None) -> dict[str, tuple[int, int, int, int, int, int, int, int]]:
        report = assets.mutation_report(uow, pimpinan, year, semester)
        return {x.code: (x.opening_qty, x.opening_value, x.added_qty, x.added_value, x.removed_qty,
                         x.removed_value, x.closing_qty, x.closing_value) for x in report.lines}

    second = assets.mutation_report(uow, pimpinan, 2026, 2)
    assert (second.start, second.end, second.title_period) == (
        dt.date(2026, 7, 1), dt.date(2026, 12, 31), "Semester II Tahun 2026")
    assert [(x.kib, x.code, x.name) for x in second.lines] == [
        (Kib.A, LAND, "Tanah Bangunan Kantor Pemerintah"), (Kib.B, CHAIR, "Kursi Besi/Metal"),
        (Kib.B, WOOD_CHAIR, "Kursi Kayu"), (Kib.B, PC, "PC Unit"), (Kib.B, LAPTOP, "Laptop")]
    assert lines(2026, 2) == {
        LAND: (1, 500_000_000, 0, 0, 0, 0, 1, 500_000_000),
        CHAIR: (3, 2_250_000, 2, 1_600_000, 2, 1_500_000, 3, 2_350_000),
        WOOD_CHAIR: (0, 0, 1, 750_000, 0, 0, 1, 750_000),
        PC: (1, 12_000_000, 1, 13_000_000, 0, 0, 2, 25_000_000),
        LAPTOP: (1, 12_000_000, 0, 0, 0, 0, 1, 12_000_000)}
    assert lines(2026, 1) == {
        LAND: (1, 500_000_000, 0, 0, 0, 0, 1, 500_000_000),
        CHAIR: (4, 3_000_000, 0, 0, 1, 750_000, 3, 2_250_000),
        PC: (0, 0, 2, 24_000_000, 1, 12_000_000, 1, 12_000_000),
        LAPTOP: (0, 0, 1, 12_000_000, 0, 0, 1, 12_000_000)}
    assert lines(2026, None) == {
        LAND: (1, 500_000_000, 0, 0, 0, 0, 1, 500_000_000),
        CHAIR: (4, 3_000_000, 2, 1_600_000, 3, 2_250_000, 3, 2_350_000),
        WOOD_CHAIR: (0, 0, 1, 750_000, 0, 0, 1, 750_000),
        PC: (0, 0, 3, 37_000_000, 1, 12_000_000, 2, 25_000_000),
        LAPTOP: (0, 0, 1, 12_000_000, 0, 0, 1, 12_000_000)}
    assert lines(2025, 2) == {LAND: (1, 500_000_000, 0, 0, 0, 0, 1, 500_000_000),
                              CHAIR: (4, 3_000_000, 0, 0, 0, 0, 4, 3_000_000)}
    assert lines(2025, 1) == {LAND: (1, 500_000_000, 0, 0, 0, 0, 1, 500_000_000),
                              CHAIR: (0, 0, 4, 3_000_000, 0, 0, 4, 3_000_000)}
    assert lines(1999, None) == {}
    # Each closing balance is what is held on the period's last day; each opening balance the
    # previous period's closing one.
    assert {c: v[6] for c, v in lines(2026, 2).items()} == _held_at(uow, pimpinan, dt.date(2026, 12, 31))
    assert {c: v[6] for c, v in lines(2026, None).items()} == _held_at(uow, pimpinan, dt.date(2026, 12, 31))
    for earlier, later in (((2025, 1), (2025, 2)), ((2025, 2), (2026, 1)), ((2026, 1), (2026, 2))):
        before, after = lines(*earlier), lines(*later)
        assert {c: v[6:] for c, v in before.items() if v[6]} == {c: v[:2] for c, v in after.items() if v[0]}
    with pytest.raises(ValidationError):
        assets.mutation_report(uow, pimpinan, 2026, 3)
    assert land.year == 2000
    # Daftar Penambahan Aset: the (dated) acquisitions of a period.
    assert [(a.code, a.register) for a in assets.additions(uow, pimpinan, dt.date(2026, 7, 1),
                                                            dt.date(2026, 12, 31))] == [
        (CHAIR, 5), (CHAIR, 6), (PC, 3)]
    # A record known by its year only is an addition of a period that covers that whole year.
    assert land.id in [a.id for a in assets.additions(uow, pimpinan, dt.date(2000, 1, 1),
                                                      dt.date(2000, 12, 31))]
    assert land.id not in [a.id for a in assets.additions(uow, pimpinan, dt.date(2000, 1, 1),
                                                          dt.date(2000, 6, 30))]
    assert errors_of(assets.additions, uow, pimpinan, dt.date(2026, 7, 1), dt.date(2026, 6, 30)) == {
        "end": "Tanggal akhir sebelum tanggal awal."}


def test_mutation_report_on_the_edges_of_a_day(uow: SqlAlchemyUnitOfWork, barang: Actor,
                                               pimpinan: Actor) -> None:
    """Reclassified on the day of acquisition, or on the day of disposal: every code still adds up."""
    fresh = one(uow, barang, day=dt.date(2026, 8, 3))
    reclassify(uow, barang, fresh, WOOD_CHAIR, dt.date(2026, 8, 3))
    old = one(uow, barang, day=dt.date(2025, 8, 3))
    wood = reclassify(uow, barang, old, WOOD_CHAIR, dt.date(2026, 9, 9))
    dispose(uow, barang, wood, dt.date(2026, 9, 9))
    # A reclassification or a disposal entered late cannot be dated before the last reclassification:
    # the codes an asset had follow one another.
    laptop = one(uow, barang, code=PC, name="PC", day=dt.date(2026, 1, 5))
    laptop = reclassify(uow, barang, laptop, LAPTOP, dt.date(2026, 8, 1))
    for kind, kw in ((MutationKind.RECLASSIFIED, {"code": "1.3.2.10.01.02.003", "reason": "salah"}),
                     (MutationKind.DISPOSED, {"decree_no": "030/1/2026",
                                              "decree_date": dt.date(2026, 7, 1)})):
        assert errors_of(mutate, uow, barang, laptop, kind, dt.date(2026, 7, 31), **kw) == {
            "day": "Tanggal mutasi sebelum reklasifikasi terakhir barang ini (01-08-2026)."}
    # (Other mutations may be entered late: they do not change the code.)
    laptop = mutate(uow, barang, laptop, MutationKind.MOVED, dt.date(2026, 7, 31), responsible="Sari")
    laptop = reclassify(uow, barang, laptop, "1.3.2.10.01.02.003", dt.date(2026, 8, 1))
    report = {x.code: x for x in assets.mutation_report(uow, pimpinan, 2026, 2).lines}
    assert {c: (x.opening_qty, x.added_qty, x.removed_qty, x.closing_qty) for c, x in report.items()} == {
        CHAIR: (1, 1, 2, 0), WOOD_CHAIR: (0, 2, 1, 1), PC: (1, 0, 1, 0), LAPTOP: (0, 1, 1, 0),
        "1.3.2.10.01.02.003": (0, 1, 0, 1)}
    assert {c: x.closing_qty for c, x in report.items() if x.closing_qty} == _held_at(
        uow, pimpinan, dt.date(2026, 12, 31))
    assert all(x.closing_qty >= 0 and x.closing_value >= 0 for x in report.values())


# --------------------------------------------------------------------------- rooms and stock-takes


def test_room_card_labels_and_a_stock_take(uow: SqlAlchemyUnitOfWork, barang: Actor, pimpinan: Actor,
                                           admin: Actor) -> None:
    head = room(uow, barang, "Ruang Kepala Dinas", code="R.01", responsible="Kepala Dinas")
    hall = room(uow, barang, "Aula")
    assert errors_of(room, uow, barang, " ruang  kepala dinas ") == {
        "name": "Ruangan Kantor Dinas Sosial — Ruang Kepala Dinas sudah ada."}
    assert errors_of(room, uow, barang, " ") == {"name": "Nama ruangan wajib diisi."}
    assert [r.name for r in assets.list_rooms(uow, pimpinan)] == ["Aula", "Ruang Kepala Dinas"]
    chairs = register(uow, barang, 4, room_id=head.id)
    pc = one(uow, barang, code=PC, name="PC Unit", value=12_000_000, room_id=hall.id)
    one(uow, barang, code=WOOD_CHAIR, name="Kursi tanpa ruangan")
    dispose(uow, barang, chairs[3], dt.date(2026, 6, 1))

    card = assets.room_card(uow, pimpinan, head.id)
    assert (card.room, registers(card.assets)) == (head, [(CHAIR, 1), (CHAIR, 2), (CHAIR, 3)])
    assert registers(assets.room_card(uow, pimpinan, hall.id).assets) == [(PC, 1)]
    with pytest.raises(NotFound):
        assets.room_card(uow, pimpinan, 9999)

    # Labels: scanned or typed.
    assert assets.find_by_label(uow, pimpinan, chairs[1].label_text) == chairs[1]
    assert assets.find_by_label(uow, pimpinan, " BMD|1.3.2.5.2.1.3|2 ") == chairs[1]
    assert assets.find_by_label(uow, pimpinan, f"{CHAIR} 2") == chairs[1]
    assert assets.find_by_label(uow, pimpinan, "1.3.2.05.02.01.003/0002") == chairs[1]
    for text in (f"BMD|{CHAIR}|0099", "BMD|1.3.2|0001", "halo", "", f"{CHAIR} ²", f"{CHAIR} x",
                 "BMD|1.3.2.05.02.01.003|٣"):
        assert assets.find_by_label(uow, pimpinan, text) is None, text

    # A stock-take of the head's room.
    taken = assets.start_stock_take(uow, barang, head.id, now=NOW)
    assert (taken.room, taken.started_by, taken.started_at, taken.finished_at, taken.seen) == (
        head, "Budi Pengurus Barang", NOW, None, ())
    assert [a.id for a in taken.missing] == [a.id for a in chairs[:3]]
    taken, asset = assets.mark_seen(uow, barang, taken.id, chairs[0].label_text, now=NOW)
    assert asset == chairs[0]
    taken, _ = assets.mark_seen(uow, barang, taken.id, f"  {chairs[2].label_text}\n", now=NOW)
    taken, _ = assets.mark_seen(uow, barang, taken.id, chairs[0].label_text, now=NOW)  # scanned twice
    taken, elsewhere = assets.mark_seen(uow, barang, taken.id, pc.label_text, now=NOW)
    assert elsewhere == pc
    assert taken.seen == (chairs[0].id, chairs[2].id, pc.id)
    assert [a.id for a in taken.seen_elsewhere] == [pc.id]
    assert [a.id for a in taken.missing] == [chairs[1].id]
    assert errors_of(assets.mark_seen, uow, barang, taken.id, "https://example.org/x", now=NOW) == {
        "scan": "Bukan label barang milik daerah."}
    assert errors_of(assets.mark_seen, uow, barang, taken.id, f"BMD|{CHAIR}|0042", now=NOW) == {
        "scan": f"Barang {CHAIR} reg. 0042 tidak ada di daftar."}
    with pytest.raises(NotFound):
        assets.mark_seen(uow, barang, 9999, chairs[0].label_text, now=NOW)
    assert assets.stock_take(uow, pimpinan, taken.id) == taken
    # Another day, another workstation: the room's unfinished stock-take is found to go on with.
    assert assets.open_stock_take(uow, pimpinan, head.id) == taken
    assert assets.open_stock_take(uow, pimpinan, hall.id) is None

    later = NOW + dt.timedelta(hours=2)
    done = assets.finish_stock_take(uow, barang, taken.id, now=later)
    assert (done.finished_at, [a.id for a in done.missing], [a.id for a in done.seen_elsewhere]) == (
        later, [chairs[1].id], [pc.id])
    assert errors_of(assets.mark_seen, uow, barang, taken.id, chairs[1].label_text, now=later) == {
        "scan": "Stock opname ini sudah selesai."}
    assert asset_audit(uow, admin, "stock_take")[0].summary == (
        "Stock opname Kantor Dinas Sosial — Ruang Kepala Dinas selesai: 2 ditemukan, 1 tidak ditemukan, "
        "1 dari ruangan lain")
    assert errors_of(assets.finish_stock_take, uow, barang, taken.id, now=later) == {
        "status": "Stock opname ini sudah selesai."}
    assert len(asset_audit(uow, admin, "stock_take")) == 2
    assert assets.open_stock_take(uow, pimpinan, head.id) is None  # finished
    with pytest.raises(NotFound):
        assets.start_stock_take(uow, barang, 9999, now=NOW)


# --------------------------------------------------------------------------- importing a KIB


def _old_book() -> list[ImportRow]:
    return [
        ImportRow(2, 1, item(code=CHAIR, day=None, acquired_year=2015, value=500_000)),
        ImportRow(3, 2, item(code=CHAIR, day=None, acquired_year=2015, value=500_000)),
        ImportRow(4, 7, item(code=CHAIR, day=dt.date(2019, 4, 1), value=650_000, notes="register lama 7")),
        ImportRow(5, None, item(code=PC, name="PC Unit", day=dt.date(2020, 1, 6), value=9_000_000)),
        ImportRow(6, 3, item(code=LAND, name="Tanah kantor", day=None, acquired_year=1985,
                             value=800_000_000, area_m2=Decimal("1250.5"))),
    ]


def test_import_an_existing_kib(uow: SqlAlchemyUnitOfWork, barang: Actor, admin: Actor) -> None:
    existing = one(uow, barang, code=PC, name="PC Unit")  # PC Unit 0001
    bad = [*_old_book(),
           ImportRow(7, 2, item(code=CHAIR, day=None, acquired_year=2015)),  # twice in the file
           ImportRow(8, 1, item(code=PC, name="PC Unit")),  # already in the register
           ImportRow(9, None, item(code="1.3.2.99.01", name="Entah")),
           ImportRow(10, 0, item(code=CHAIR)),
           ImportRow(11, None, item(code=CHAIR, name="", value=-1))]
    preview = assets.import_kib(uow, barang, bad, apply=False, now=NOW, local=local)
    assert [(p.row, p.field) for p in preview.problems] == [
        (7, "register"), (8, "register"), (9, "code"), (10, "register"), (11, "name"), (11, "value")]
    assert preview.problems[0].message == f"Register 0002 kode {CHAIR} sudah ada."
    assert preview.problems[1].message == f"Register 0001 kode {PC} sudah ada."
    assert preview.problems[2].message == "Kode barang 1.3.2.99.01 tidak ada di daftar kode."
    assert (preview.assets, preview.per_kib) == (5, {"A": 1, "B": 4})
    # All or nothing: with problems, applying writes nothing.
    assert assets.import_kib(uow, barang, bad, apply=True, now=NOW, local=local) == preview
    assert [a.id for a in everything(uow, barang)] == [existing.id]

    clean = assets.import_kib(uow, barang, _old_book(), apply=True, now=NOW, local=local)
    assert (clean.problems, clean.assets, clean.per_kib) == ((), 5, {"A": 1, "B": 4})
    book = everything(uow, barang)
    assert registers(book) == [(LAND, 3), (CHAIR, 1), (CHAIR, 2), (CHAIR, 7), (PC, 1), (PC, 2)]
    by_label = {(a.code, a.register): a for a in book}
    assert (by_label[(CHAIR, 1)].year, by_label[(CHAIR, 1)].fields.acquired_on) == (2015, None)
    assert by_label[(CHAIR, 7)].fields.notes == "register lama 7"
    assert by_label[(LAND, 3)].fields.area_m2 == Decimal("1250.50")
    assert by_label[(PC, 2)].fields.acquired_on == dt.date(2020, 1, 6)
    (imported,) = assets.history(uow, barang, by_label[(CHAIR, 1)].id)
    assert (imported.kind, imported.day, imported.summary) == (
        MutationKind.ACQUIRED, dt.date(2015, 1, 1), "Perolehan (impor KIB)")
    assert asset_audit(uow, admin)[0].summary == "Impor KIB: 5 barang"

    # Registrations continue after the highest imported number of each code.
    assert registers(register(uow, barang, 2)) == [(CHAIR, 8), (CHAIR, 9)]
    assert registers(register(uow, barang, code=LAND, name="Tanah gudang")) == [(LAND, 4)]
    assert registers(register(uow, barang, code=PC, name="PC Unit")) == [(PC, 3)]
    # Importing the same book again: every numbered row is already there.
    again = assets.import_kib(uow, barang, _old_book(), apply=True, now=NOW, local=local)
    assert [(p.row, p.field) for p in again.problems] == [(2, "register"), (3, "register"), (4, "register"),
                                                          (6, "register")]
    assert len(everything(uow, barang)) == 10
    # A register number that belonged to an asset later reclassified away stays used.
    moved = one(uow, barang, code=CHAIR, name="Kursi salah kode")  # Kursi Besi/Metal 0010
    reclassify(uow, barang, moved, WOOD_CHAIR, TODAY)
    late = assets.import_kib(uow, barang, [ImportRow(2, 10, item(code=CHAIR))], apply=False, now=NOW,
                             local=local)
    assert [(p.row, p.field, p.message) for p in late.problems] == [
        (2, "register", f"Register 0010 kode {CHAIR} sudah ada.")]


# --------------------------------------------------------------------------- the code tree


def test_codes_and_useful_lives(uow: SqlAlchemyUnitOfWork, barang: Actor, admin: Actor,
                                pimpinan: Actor) -> None:
    codes = {c.code: c for c in assets.list_codes(uow, pimpinan)}
    assert (codes["1.3.2.10.01"].useful_life, codes[PC].useful_life, codes[PC].effective_life) == (4, None, 4)
    assert (codes["1.3.2"].kib, codes["1.3"].kib, codes[LAND].kib, codes[OFFICE].level) == (
        Kib.B, None, Kib.A, 7)
    tablet = assets.save_code(uow, admin, AssetCodeInput("1.3.2.10.1.2.4", "  Tablet  PC "), now=NOW)
    assert (tablet.code, tablet.name, tablet.level, tablet.kib, tablet.useful_life,
            tablet.effective_life) == ("1.3.2.10.01.02.004", "Tablet PC", 7, Kib.B, None, 4)
    assert errors_of(assets.save_code, uow, admin, AssetCodeInput("1.3.2.10.01.09.001", "Entah"),
                     now=NOW) == {"code": "Kode induk 1.3.2.10.01.09 belum ada: tambahkan dulu."}
    assert errors_of(assets.save_code, uow, barang, AssetCodeInput(PC, "PC lagi"), now=NOW) == {
        "code": f"Kode {PC} sudah ada (PC Unit)."}
    assert errors_of(assets.save_code, uow, admin, AssetCodeInput("1.3.2.x", " ", 101), now=NOW) == {
        "code": "Kode barang terdiri dari angka yang dipisah titik, misalnya 1.3.2.10.01.02.001.",
        "name": "Nama kode wajib diisi.", "useful_life": "Masa manfaat antara 0 dan 100 tahun."}
    # The pengurus barang keeps codes too; the tablet is registered under its new code at once.
    assert registers(register(uow, barang, code=tablet.code, name="Tablet")) == [(tablet.code, 1)]

    # A useful life set on a group applies to every code below it that has none of its own.
    group = codes["1.3.2.10.01"]
    changed = assets.save_code(uow, admin, AssetCodeInput(group.code, group.name, 5), code_id=group.id,
                               expected_version=group.version, now=NOW)
    assert (changed.useful_life, changed.version) == (5, group.version + 1)
    with pytest.raises(ConflictError):
        assets.save_code(uow, admin, AssetCodeInput(group.code, group.name, 6), code_id=group.id,
                         expected_version=group.version, now=NOW)
    with pytest.raises(NotFound):
        assets.save_code(uow, admin, AssetCodeInput(group.code, group.name, 6), code_id=group.id + 1,
                         expected_version=1, now=NOW)
    after = {c.code: c for c in assets.list_codes(uow, admin)}
    assert {c: after[c].effective_life for c in (PC, LAPTOP, tablet.code, "1.3.2.10.01.02")} == dict.fromkeys(
        (PC, LAPTOP, tablet.code, "1.3.2.10.01.02"), 5)
    assert after["1.3.2.10.02.03.002"].effective_life == 4  # Peralatan Komputer keeps its own
    pc = one(uow, barang, code=PC, name="PC Unit", day=dt.date(2024, 3, 15), value=12_000_000)
    assert pc.life_years == 5
    (row,) = assets.depreciation_report(uow, pimpinan, dt.date(2024, 12, 31), asset_id=pc.id).rows
    assert (row.life_years, row.book.accumulated) == (5, 2_400_000)
    entry = asset_audit(uow, admin, "asset_code")[0]
    assert (entry.summary, json.loads(entry.before or "")["useful_life"], json.loads(entry.after or "")[
        "useful_life"]) == ("Kode barang 1.3.2.10.01 diubah", 4, 5)

    # Importing codes: every row checked first, all or nothing.
    rows = [(2, AssetCodeInput("1.3.2.10.01.03", "Komputer Tablet", 3)),
            (3, AssetCodeInput("1.3.2.10.01.03.001", "Tablet Android")),
            (4, AssetCodeInput(LAPTOP, "Laptop / Notebook", 4)),
            (5, AssetCodeInput("1.3.2.10.01.03", "Lagi")),
            (6, AssetCodeInput("1.3.2.77.01.01", "Tanpa induk")),
            (7, AssetCodeInput("1.3.2.10.1.3.2", "", None)),
            (8, AssetCodeInput("1.3.2.10.01.03.003", "Terlalu lama", 150))]
    problems, new, updated = assets.import_codes(uow, admin, rows, apply=True, now=NOW)
    assert [(p.row, p.field) for p in problems] == [(5, "code"), (7, "name"), (8, "useful_life"),
                                                    (6, "code")]
    assert problems[0].message == "Kode 1.3.2.10.01.03 sudah ada di baris 2."
    assert problems[3].message == "Kode induk 1.3.2.77.01 tidak ada."
    assert (new, updated) == (3, 1)
    assert "1.3.2.10.01.03" not in {c.code for c in assets.list_codes(uow, admin)}
    assert assets.import_codes(uow, admin, rows[:3], apply=False, now=NOW) == ([], 2, 1)
    assert "1.3.2.10.01.03" not in {c.code for c in assets.list_codes(uow, admin)}
    assert assets.import_codes(uow, barang, list(reversed(rows[:3])), apply=True, now=NOW) == ([], 2, 1)
    imported = {c.code: c for c in assets.list_codes(uow, admin)}
    assert (imported["1.3.2.10.01.03"].useful_life, imported["1.3.2.10.01.03.001"].effective_life,
            imported[LAPTOP].name, imported[LAPTOP].useful_life) == (3, 3, "Laptop / Notebook", 4)
    assert asset_audit(uow, admin, "asset_code")[0].summary == "Impor kode barang: 2 baru, 1 diperbarui"
    assert [c.code for c in assets.search_codes(uow, barang, "tablet")] == [
        "1.3.2.10.01.02.004", "1.3.2.10.01.03", "1.3.2.10.01.03.001"]
    # A list of names only (the codes of the Permendagri) keeps the lives the office set, and a
    # retired code stays retired.
    notebook = imported["1.3.2.10.01.02.003"]
    assets.save_code(uow, admin, AssetCodeInput(notebook.code, notebook.name, active=False),
                     code_id=notebook.id, expected_version=notebook.version, now=NOW)
    assert assets.import_codes(uow, admin, [(2, AssetCodeInput("1.3.2.10.01", "Komputer Unit")),
                                            (3, AssetCodeInput(notebook.code, "Notebook")),
                                            (4, AssetCodeInput(LAPTOP, "Laptop"))],
                               apply=True, now=NOW) == ([], 0, 3)
    again = {c.code: c for c in assets.list_codes(uow, admin)}
    assert (again["1.3.2.10.01"].useful_life, again[PC].effective_life, again[LAPTOP].useful_life,
            again[LAPTOP].name, again[notebook.code].active) == (5, 5, 4, "Laptop", False)


# --------------------------------------------------------------------------- who may do what


def test_who_may_do_what(uow: SqlAlchemyUnitOfWork, admin: Actor, barang: Actor, pimpinan: Actor,
                         agendaris: Actor, clerk: Actor) -> None:
    head = room(uow, barang, "Ruang Kepala Dinas")
    chair = one(uow, barang, room_id=head.id)
    taken = assets.start_stock_take(uow, barang, head.id, now=NOW)

    def touch_code(actor: Actor) -> object:
        code = assets.list_codes(uow, barang)[0]
        return assets.save_code(uow, actor, AssetCodeInput(code.code, code.name), code_id=code.id,
                                expected_version=code.version, now=NOW)

    move = MutationInput(MutationKind.CONDITION, TODAY, condition=Condition.RUSAK_BERAT)
    reads: list[Callable[[Actor], object]] = [
        lambda a: assets.asset_settings(uow, a),
        lambda a: assets.list_codes(uow, a),
        lambda a: assets.search_codes(uow, a, "kursi"),
        lambda a: assets.list_rooms(uow, a),
        lambda a: assets.get_asset(uow, a, chair.id),
        lambda a: assets.find_by_label(uow, a, chair.label_text),
        lambda a: assets.asset_page(uow, a, AssetFilter()),
        lambda a: assets.register_listing(uow, a, AssetFilter()),
        lambda a: assets.history(uow, a, chair.id),
        lambda a: assets.photos(uow, a, chair.id),
        lambda a: assets.depreciation_report(uow, a, TODAY),
        lambda a: assets.room_card(uow, a, head.id),
        lambda a: assets.additions(uow, a, dt.date(2026, 1, 1), TODAY),
        lambda a: assets.mutation_report(uow, a, 2026, 2),
        lambda a: assets.stock_take(uow, a, taken.id),
    ]
    code_writes: list[Callable[[Actor], object]] = [
        touch_code,
        lambda a: assets.import_codes(uow, a, [], apply=False, now=NOW),
        lambda a: assets.save_asset_settings(uow, a, AssetSettings(), now=NOW),
    ]
    asset_writes: list[Callable[[Actor], object]] = [
        lambda a: register(uow, a),
        lambda a: assets.save_room(uow, a, RoomInput("", "Gudang"), now=NOW),
        lambda a: assets.edit_asset(uow, a, chair.id, chair.fields, expected_version=chair.version, now=NOW,
                                    local=local),
        lambda a: assets.mutate_asset(uow, a, chair.id, move, expected_version=chair.version, now=NOW,
                                      local=local),
        lambda a: assets.add_photo(uow, a, chair.id, "kursi.jpg", "image/jpeg", b"\xff\xd8", now=NOW),
        lambda a: assets.start_stock_take(uow, a, head.id, now=NOW),
        lambda a: assets.mark_seen(uow, a, taken.id, chair.label_text, now=NOW),
        lambda a: assets.finish_stock_take(uow, a, taken.id, now=NOW),
        lambda a: assets.import_kib(uow, a, [], apply=False, now=NOW, local=local),
    ]
    for outsider in (clerk, agendaris):
        for call in reads + code_writes + asset_writes:
            with pytest.raises(PermissionDenied):
                call(outsider)
    for reader in (pimpinan, admin):
        for call in reads:
            call(reader)
        for call in asset_writes:
            with pytest.raises(PermissionDenied):
                call(reader)
    for call in code_writes:
        with pytest.raises(PermissionDenied):
            call(pimpinan)
        call(admin)
    # Nothing was changed by the refused calls.
    assert assets.get_asset(uow, pimpinan, chair.id) == chair
    assert len(everything(uow, pimpinan)) == 1
    assert assets.stock_take(uow, pimpinan, taken.id).seen == ()
    # The pengurus barang does it all.
    for call in reads + code_writes + asset_writes:
        call(barang)
    assert assets.get_asset(uow, pimpinan, chair.id).condition is Condition.RUSAK_BERAT
    assert [name for _, name, _ in assets.photos(uow, pimpinan, chair.id)] == ["kursi.jpg"]
    assert assets.photo(uow, pimpinan, assets.photos(uow, pimpinan, chair.id)[0][0]) == b"\xff\xd8"


def test_the_code_tree_goes_to_excel_and_comes_back(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                    barang: Actor, tmp_path: Any) -> None:
    # The admin exports the tree, adds the codes the seed lacks and a policy's useful life in
    # Excel (here: CSV), and imports it: one transaction, nothing changed where nothing differs.
    from dinsos_desktop.reports.asset_codes_io import read_asset_codes, write_asset_codes

    path = tmp_path / "kode-barang.csv"
    write_asset_codes(assets.list_codes(uow, admin), path)
    text = path.read_text(encoding="utf-8-sig")
    text = text.replace(f"{PC};PC Unit;;Ya", f"{PC};PC Unit;5;Ya")
    text += "1.3.2.10.01.02.099;Mini PC;;Ya\r\n"
    path.write_text(text, encoding="utf-8-sig")
    rows, problems = read_asset_codes(path)
    assert problems == []
    found, new, updated = assets.import_codes(uow, admin, rows, apply=True, now=NOW)
    assert (found, new) == ([], 1)
    assert updated == len(rows) - 1
    assert assets.search_codes(uow, barang, "Mini PC")[0].code == "1.3.2.10.01.02.099"
    # A code typed without its leading zeros finds the same codes.
    assert assets.search_codes(uow, barang, "1.3.2.10.1.2") == assets.search_codes(
        uow, barang, "1.3.2.10.01.02")
    pc = next(c for c in assets.list_codes(uow, admin) if c.code == PC)
    assert (pc.useful_life, pc.effective_life) == (5, 5)
    mini = next(c for c in assets.list_codes(uow, admin) if c.code == "1.3.2.10.01.02.099")
    assert (mini.name, mini.effective_life, mini.kib) == ("Mini PC", 4, Kib.B)
