"""The use cases against real databases (SQLite and PostgreSQL): accounts, lockout, permissions,
optimistic concurrency, the office profile, the audit trail, the catalog and database failures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy import exc as sa_exc

from dinsos_desktop.adapters.db import repositories
from dinsos_desktop.adapters.db.engine import make_engine
from dinsos_desktop.adapters.db.models import CatalogVersionRow, RequirementRow, StandardRow
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.catalog import TimeUnit, parse_catalog
from dinsos_desktop.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    CatalogFormatError,
    ConflictError,
    DatabaseAuthFailed,
    DatabaseUnavailable,
    DuplicateError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.users import LOCKOUT, MAX_FAILED_ATTEMPTS
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.catalog import (
    ensure_bundled_catalog,
    export_catalog,
    get_catalog,
    import_catalog,
    list_versions,
    read_catalog_file,
    write_export,
)
from dinsos_desktop.services.dto import SYSTEM, Actor, AuditEntry
from dinsos_desktop.services.office import get_office_profile, save_office_profile
from dinsos_desktop.services.users import (
    change_own_password,
    create_first_admin,
    create_user,
    list_users,
    login,
    needs_first_admin,
    reset_password,
    set_active,
    update_user,
)
from tests.pgcluster import PASSWORD_ROLE, PgServer, free_port
from tests.support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    BUNDLED_STANDARD_COUNT,
    CLERK_PASSWORD,
    CLERK_USERNAME,
    bundled_document,
    write_json,
)

UoW = SqlAlchemyUnitOfWork
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"\x00\xff" * 100


def _audit(uow: UoW, admin: Actor, entity: str | None = None) -> list[AuditEntry]:
    """Oldest first."""
    return list(reversed(audit_page(uow, admin, limit=1000, entity=entity).items))


def _user_id(uow: UoW, admin: Actor, username: str) -> int:
    return next(u.id for u in list_users(uow, admin) if u.username == username)


# --------------------------------------------------------------------------- first admin, login


def test_first_admin_is_created_once(uow: UoW) -> None:
    assert needs_first_admin(uow)
    actor = create_first_admin(uow, "  Admin  ", "Administrator", ADMIN_PASSWORD, now=T0)
    assert actor.username == "admin"
    assert actor.roles == frozenset({Role.ADMIN})
    assert actor.user_id is not None
    assert not needs_first_admin(uow)

    with pytest.raises(DuplicateError):
        create_first_admin(uow, "admin2", "Administrator Dua", ADMIN_PASSWORD, now=T0)
    users = list_users(uow, actor)
    assert [u.username for u in users] == ["admin"]

    entries = _audit(uow, actor, "user")
    assert entries[0].action == "create"
    assert entries[0].actor_username == SYSTEM.username
    assert json.loads(entries[0].after or "{}")["roles"] == ["admin"]


def test_first_admin_fields_are_validated(uow: UoW) -> None:
    with pytest.raises(ValidationError) as bad_name:
        create_first_admin(uow, "1x", "Admin", ADMIN_PASSWORD)
    assert "username" in bad_name.value.errors
    with pytest.raises(ValidationError) as bad_password:
        create_first_admin(uow, "admin", "Admin", "pendek1")
    assert "password" in bad_password.value.errors
    assert needs_first_admin(uow), "nothing was written"


def test_login_success(uow: UoW, admin: Actor) -> None:
    actor = login(uow, "ADMIN ", ADMIN_PASSWORD, now=T0)
    assert actor == admin
    assert _audit(uow, admin, "user")[-1].action == "login"


def test_login_unknown_user_and_wrong_password_look_the_same(uow: UoW, admin: Actor) -> None:
    with pytest.raises(AuthenticationFailed) as unknown:
        login(uow, "siapa", ADMIN_PASSWORD, now=T0)
    with pytest.raises(AuthenticationFailed) as wrong:
        login(uow, ADMIN_USERNAME, "Salah-sandi-1", now=T0)
    assert type(unknown.value) is type(wrong.value) is AuthenticationFailed
    assert unknown.value.message == wrong.value.message


def test_five_wrong_passwords_lock_the_account(uow: UoW, admin: Actor) -> None:
    create_user(uow, admin, "budi", "Budi Santoso", [Role.FRONT_OFFICE], "Sandi-budi-1", now=T0)
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationFailed) as failed:
            login(uow, "budi", f"salah-{attempt}", now=T0)
        assert not isinstance(failed.value, AccountLocked), f"attempt {attempt} must not lock yet"
    with pytest.raises(AccountLocked):
        login(uow, "budi", "salah-5", now=T0)

    # Locked even with the right password, until the lockout period is over.
    with pytest.raises(AccountLocked) as locked:
        login(uow, "budi", "Sandi-budi-1", now=T0 + dt.timedelta(minutes=1))
    assert "14 menit" in locked.value.message
    with pytest.raises(AccountLocked):
        login(uow, "budi", "Sandi-budi-1", now=T0 + LOCKOUT - dt.timedelta(seconds=1))

    actor = login(uow, "budi", "Sandi-budi-1", now=T0 + LOCKOUT + dt.timedelta(seconds=1))
    assert actor.username == "budi"
    assert [e.action for e in _audit(uow, admin, "user") if e.actor_username == "budi"] == \
        ["lock", "login"]


def test_a_successful_login_resets_the_count(uow: UoW, admin: Actor) -> None:
    for i in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationFailed):
            login(uow, ADMIN_USERNAME, f"salah-{i}", now=T0)
    login(uow, ADMIN_USERNAME, ADMIN_PASSWORD, now=T0)
    for i in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationFailed) as failed:
            login(uow, ADMIN_USERNAME, f"salah-{i}", now=T0)
        assert not isinstance(failed.value, AccountLocked)


def test_reset_password_lifts_the_lock(uow: UoW, admin: Actor) -> None:
    user = create_user(uow, admin, "sari", "Sari Dewi", [Role.AGENDARIS], "Sandi-sari-1", now=T0)
    for i in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationFailed):
            login(uow, "sari", f"salah-{i}", now=T0)
    with pytest.raises(AccountLocked):
        login(uow, "sari", "Sandi-sari-1", now=T0)

    reset = reset_password(uow, admin, user.id, "Sandi-baru-2", now=T0)
    assert reset.locked_until is None
    assert login(uow, "sari", "Sandi-baru-2", now=T0).username == "sari"
    with pytest.raises(AuthenticationFailed):
        login(uow, "sari", "Sandi-sari-1", now=T0)


def test_deactivated_user_cannot_log_in(uow: UoW, admin: Actor) -> None:
    user = create_user(uow, admin, "joko", "Joko", [Role.PIMPINAN], "Sandi-joko-1", now=T0)
    off = set_active(uow, admin, user.id, False, expected_version=user.version, now=T0)
    assert not off.is_active
    with pytest.raises(AuthenticationFailed, match="dinonaktifkan"):
        login(uow, "joko", "Sandi-joko-1", now=T0)
    on = set_active(uow, admin, user.id, True, expected_version=off.version, now=T0)
    assert on.is_active
    assert login(uow, "joko", "Sandi-joko-1", now=T0).username == "joko"


def test_admin_cannot_deactivate_or_demote_itself(uow: UoW, admin: Actor) -> None:
    assert admin.user_id is not None
    me = next(u for u in list_users(uow, admin) if u.id == admin.user_id)
    with pytest.raises(ValidationError) as deactivate:
        set_active(uow, admin, admin.user_id, False, expected_version=me.version)
    assert "is_active" in deactivate.value.errors
    with pytest.raises(ValidationError) as demote:
        update_user(uow, admin, admin.user_id, full_name="Admin", nip="", roles=[Role.PIMPINAN],
                    expected_version=me.version)
    assert "roles" in demote.value.errors


def test_change_own_password(uow: UoW, admin: Actor) -> None:
    with pytest.raises(ValidationError) as wrong_old:
        change_own_password(uow, admin, "bukan-sandi-1", "Sandi-baru-9")
    assert "old_password" in wrong_old.value.errors
    change_own_password(uow, admin, ADMIN_PASSWORD, "Sandi-baru-9")
    assert login(uow, ADMIN_USERNAME, "Sandi-baru-9").username == ADMIN_USERNAME
    with pytest.raises(AuthenticationFailed):
        login(uow, ADMIN_USERNAME, ADMIN_PASSWORD)


# --------------------------------------------------------------------------- managing accounts


def test_create_user_with_several_roles(uow: UoW, admin: Actor) -> None:
    roles = {Role.FRONT_OFFICE, Role.AGENDARIS, Role.PENGURUS_BARANG}
    created = create_user(uow, admin, "Rina.W", "  Rina Wulandari ", roles, "Sandi-rina-1",
                          nip="19800101 200501 2 003", now=T0)
    assert created.username == "rina.w"
    assert created.full_name == "Rina Wulandari"
    assert created.nip == "198001012005012003"
    assert created.roles == frozenset(roles)
    assert created.is_active and created.version == 1
    assert created.created_at == T0

    listed = next(u for u in list_users(uow, admin) if u.username == "rina.w")
    assert listed == created
    actor = login(uow, "rina.w", "Sandi-rina-1")
    assert actor.roles == frozenset(roles)


def test_create_user_validates_fields(uow: UoW, admin: Actor) -> None:
    with pytest.raises(ValidationError) as no_roles:
        create_user(uow, admin, "tono", "Tono", [], "Sandi-tono-1")
    assert "roles" in no_roles.value.errors
    with pytest.raises(ValidationError) as bad_nip:
        create_user(uow, admin, "tono", "Tono", [Role.FRONT_OFFICE], "Sandi-tono-1", nip="123")
    assert "nip" in bad_nip.value.errors
    with pytest.raises(ValidationError) as no_name:
        create_user(uow, admin, "tono", "  ", [Role.FRONT_OFFICE], "Sandi-tono-1")
    assert "full_name" in no_name.value.errors
    assert [u.username for u in list_users(uow, admin)] == [ADMIN_USERNAME]


def test_duplicate_username_is_refused_with_a_field_error(uow: UoW, admin: Actor) -> None:
    create_user(uow, admin, "dewi", "Dewi", [Role.FRONT_OFFICE], "Sandi-dewi-1")
    with pytest.raises(ValidationError) as duplicate:
        create_user(uow, admin, " DEWI", "Dewi Lain", [Role.AGENDARIS], "Sandi-dewi-2")
    assert set(duplicate.value.errors) == {"username"}
    assert "dewi" in duplicate.value.errors["username"]
    assert [u.full_name for u in list_users(uow, admin) if u.username == "dewi"] == ["Dewi"]


def test_non_admin_is_refused(uow: UoW, admin: Actor, clerk: Actor) -> None:
    assert clerk.roles == frozenset({Role.FRONT_OFFICE})
    audit_count = audit_page(uow, admin).total
    with pytest.raises(PermissionDenied):
        create_user(uow, clerk, "tamu", "Tamu", [Role.ADMIN], "Sandi-tamu-1")
    with pytest.raises(PermissionDenied):
        list_users(uow, clerk)
    with pytest.raises(PermissionDenied):
        save_office_profile(uow, clerk, _profile())
    catalog, sha = read_catalog_file(bundled_catalog())
    with pytest.raises(PermissionDenied):
        import_catalog(uow, clerk, catalog, sha)
    with pytest.raises(PermissionDenied):
        audit_page(uow, clerk)
    assert audit_page(uow, admin).total == audit_count
    assert list_versions(uow) == []
    assert not get_office_profile(uow).is_configured


def test_concurrent_user_edits_conflict(uow: UoW, other_uow: UoW, admin: Actor) -> None:
    user = create_user(uow, admin, "agus", "Agus", [Role.FRONT_OFFICE], "Sandi-agus-1")
    first = update_user(uow, admin, user.id, full_name="Agus Pertama", nip="",
                        roles=[Role.FRONT_OFFICE, Role.AGENDARIS], expected_version=user.version)
    assert first.version == user.version + 1
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"):
        update_user(other_uow, admin, user.id, full_name="Agus Kedua", nip="",
                    roles=[Role.PIMPINAN], expected_version=user.version)
    kept = next(u for u in list_users(other_uow, admin) if u.id == user.id)
    assert kept.full_name == "Agus Pertama"
    assert kept.roles == frozenset({Role.FRONT_OFFICE, Role.AGENDARIS})
    assert kept.version == first.version
    # Starting again from the current version works.
    again = update_user(other_uow, admin, user.id, full_name="Agus Kedua", nip="",
                        roles=[Role.PIMPINAN], expected_version=kept.version)
    assert again.roles == frozenset({Role.PIMPINAN})


def test_editing_a_missing_user(uow: UoW, admin: Actor) -> None:
    with pytest.raises(NotFound):
        update_user(uow, admin, 987654, full_name="X", nip="", roles=[Role.ADMIN], expected_version=1)


def test_user_changes_are_audited_with_before_and_after(uow: UoW, admin: Actor) -> None:
    user = create_user(uow, admin, "wati", "Wati", [Role.FRONT_OFFICE], "Sandi-wati-1", now=T0)
    updated = update_user(uow, admin, user.id, full_name="Wati Lestari", nip="", roles=[Role.AGENDARIS],
                          expected_version=user.version, now=T0)
    set_active(uow, admin, user.id, False, expected_version=updated.version, now=T0)
    reset_password(uow, admin, user.id, "Sandi-wati-2", now=T0)

    entries = [e for e in _audit(uow, admin, "user") if e.entity_id == str(user.id)]
    assert [e.action for e in entries] == ["create", "update", "update", "update"]
    for e in entries:
        assert e.actor_id == admin.user_id
        assert e.actor_username == admin.username
        assert e.occurred_at == T0
        assert e.id is not None
    create, edit, deactivate, reset = entries
    assert create.before is None
    assert json.loads(create.after or "")["full_name"] == "Wati"
    assert json.loads(edit.before or "")["full_name"] == "Wati"
    assert json.loads(edit.after or "")["full_name"] == "Wati Lestari"
    assert json.loads(edit.after or "")["roles"] == ["agendaris"]
    assert json.loads(deactivate.before or "")["is_active"] is True
    assert json.loads(deactivate.after or "")["is_active"] is False
    assert "Sandi-wati-2" not in (reset.summary + str(reset.before) + str(reset.after))
    for e in entries:
        assert "argon2" not in f"{e.before}{e.after}", "password hashes stay out of the audit trail"


def test_audit_page_pages(uow: UoW, admin: Actor) -> None:
    for i in range(5):
        create_user(uow, admin, f"user{i}", f"User {i}", [Role.FRONT_OFFICE], f"Sandi-user-{i}")
    everything = audit_page(uow, admin)
    assert everything.total == 6
    first = audit_page(uow, admin, offset=0, limit=2)
    second = audit_page(uow, admin, offset=2, limit=2)
    assert first.total == 6 and len(first.items) == 2 and second.offset == 2
    assert [e.id for e in first.items + second.items] == [e.id for e in everything.items[:4]]
    assert everything.items[0].summary == "Pengguna 'user4' dibuat", "newest first"


# --------------------------------------------------------------------------- office profile


def _profile(**changes: Any) -> OfficeProfile:
    base = OfficeProfile(
        email="dinsos@pasuruankota.go.id",
        website="https://dinsos.pasuruankota.go.id",
        head=Signatory("Kepala Dinas Sosial", "Drs. Bambang Hermanto, M.Si.", "196805121994031007",
                       "Pembina Tingkat I (IV/b)"),
        signatories=(
            Signatory("Sekretaris", "Siti Aminah, S.Sos.", "197703022006042011", "Pembina (IV/a)"),
            Signatory("Kepala Bidang Rehabilitasi Sosial", "Ahmad Fauzi, S.H."),
        ),
        logo_png=PNG,
    )
    return dataclasses.replace(base, **changes)


def test_office_profile_defaults_before_the_first_save(uow: UoW) -> None:
    profile = get_office_profile(uow)
    assert profile == OfficeProfile()
    assert not profile.is_configured


def test_office_profile_round_trip(uow: UoW, other_uow: UoW, admin: Actor) -> None:
    edited = _profile()
    saved = save_office_profile(uow, admin, edited, now=T0)
    assert saved.version == 1 and saved.is_configured
    loaded = get_office_profile(other_uow)
    assert loaded == dataclasses.replace(edited, version=1)
    assert loaded.logo_png == PNG
    assert loaded.signatories == edited.signatories

    # Second save: fewer signatories, no logo.
    second = save_office_profile(other_uow, admin, dataclasses.replace(
        loaded, signatories=loaded.signatories[1:], logo_png=None, phone="(0343) 000000"), now=T0)
    assert second.version == 2
    reloaded = get_office_profile(uow)
    assert reloaded.signatories == (edited.signatories[1],)
    assert reloaded.logo_png is None
    assert reloaded.phone == "(0343) 000000"


def test_office_profile_edit_conflict(uow: UoW, other_uow: UoW, admin: Actor) -> None:
    start = save_office_profile(uow, admin, _profile(), now=T0)
    mine = save_office_profile(uow, admin, dataclasses.replace(start, city="Kota Pasuruan"), now=T0)
    with pytest.raises(ConflictError):
        save_office_profile(other_uow, admin, dataclasses.replace(start, city="Pasuruan Lain"), now=T0)
    current = get_office_profile(other_uow)
    assert current.city == "Kota Pasuruan"
    assert current.version == mine.version == 2
    assert current.signatories == start.signatories, "the refused save changed nothing"


def test_office_profile_first_save_conflict(uow: UoW, other_uow: UoW, admin: Actor) -> None:
    # Two workstations both configure the office for the first time (version 0).
    save_office_profile(uow, admin, _profile(city="Pertama"), now=T0)
    with pytest.raises(ConflictError):
        save_office_profile(other_uow, admin, _profile(city="Kedua"), now=T0)
    assert get_office_profile(uow).city == "Pertama"


def test_office_profile_is_validated(uow: UoW, admin: Actor) -> None:
    with pytest.raises(ValidationError) as invalid:
        save_office_profile(uow, admin, _profile(unit_code="abc", email="bukan-email"))
    assert set(invalid.value.errors) == {"unit_code", "email"}
    assert not get_office_profile(uow).is_configured


def test_office_profile_saves_are_audited(uow: UoW, admin: Actor) -> None:
    first = save_office_profile(uow, admin, _profile(), now=T0)
    save_office_profile(uow, admin, dataclasses.replace(first, city="Kota Pasuruan"), now=T0)
    entries = _audit(uow, admin, "office_profile")
    assert [e.action for e in entries] == ["create", "update"]
    assert all(e.actor_username == admin.username and e.actor_id == admin.user_id for e in entries)
    before, after = json.loads(entries[1].before or ""), json.loads(entries[1].after or "")
    assert (before["city"], after["city"]) == ("Pasuruan", "Kota Pasuruan")
    assert after["has_logo"] is True
    assert "logo_png" not in after, "the logo's bytes stay out of the audit trail"
    assert json.loads(entries[0].before or "")["version"] == 0


# --------------------------------------------------------------------------- catalog


def test_bundled_catalog_is_imported_once(uow: UoW) -> None:
    first = ensure_bundled_catalog(uow, bundled_catalog())
    assert first is not None
    assert first.standard_count == BUNDLED_STANDARD_COUNT
    assert first.is_active
    assert first.decree_number == "188/76/423.105/2021"
    assert first.imported_by == SYSTEM.username
    assert ensure_bundled_catalog(uow, bundled_catalog()) is None
    assert [v.id for v in list_versions(uow)] == [first.id]

    catalog = get_catalog(uow)
    assert catalog.version_id == first.id
    assert len(catalog.catalog.standards) == BUNDLED_STANDARD_COUNT
    assert "PSM" in [s.code for s in catalog.index.search("psm")]


def test_catalog_rows_for_checklists(catalog_uow: UoW, engine: Engine) -> None:
    catalog = get_catalog(catalog_uow).catalog
    with engine.connect() as conn:
        standards = conn.execute(select(func.count()).select_from(StandardRow)).scalar()
        items = conn.execute(select(func.count()).select_from(RequirementRow)
                             .where(RequirementRow.is_checklist_item)).scalar()
    assert standards == BUNDLED_STANDARD_COUNT
    assert items == sum(len(s.checklist_items()) for s in catalog.standards)


def test_catalog_as_loaded_equals_the_file(catalog_uow: UoW) -> None:
    stored = get_catalog(catalog_uow).catalog
    parsed, _ = read_catalog_file(bundled_catalog())
    assert stored == parsed


def _second_decree() -> tuple[dict[str, Any], str]:
    doc = bundled_document()
    doc["version"]["decree_number"] = "188/12/423.105/2026"
    doc["version"]["decree_date"] = "2026-02-02"
    psm = next(s for s in doc["standards"] if s["code"] == "PSM")
    psm["time_limit"] = {"value": 3, "unit": "working_days", "text": "Maksimal 3 hari kerja",
                         "alternatives": []}
    return doc, "PSM"


def _import_document(uow: UoW, actor: Actor, doc: dict[str, Any], name: str = "katalog.json",
                     **kwargs: Any) -> Any:
    raw = json.dumps(doc).encode()
    catalog = catalog_service.parse_catalog_bytes(raw, name)
    return import_catalog(uow, actor, catalog, hashlib.sha256(raw).hexdigest(), **kwargs)


def test_second_version_keeps_the_first_readable(catalog_uow: UoW, admin: Actor) -> None:
    first = list_versions(catalog_uow)[0]
    old_psm = get_catalog(catalog_uow).catalog.standard("PSM")
    doc, code = _second_decree()

    second = _import_document(catalog_uow, admin, doc, now=T0)
    assert second.decree_number == "188/12/423.105/2026"
    assert second.is_active and second.imported_by == admin.username
    versions = list_versions(catalog_uow)
    assert [v.id for v in versions] == [first.id, second.id]
    assert [v.is_active for v in versions] == [False, True]

    active = get_catalog(catalog_uow)
    assert active.version_id == second.id
    new_psm = active.catalog.standard(code)
    assert (new_psm.time_limit.value, new_psm.time_limit.unit) == (3, TimeUnit.WORKING_DAYS)

    old = get_catalog(catalog_uow, first.id)
    assert old.catalog.version.decree_number == "188/76/423.105/2021"
    assert old.catalog.standard(code).time_limit == old_psm.time_limit
    assert old.catalog.standard(code).time_limit != new_psm.time_limit
    # Codes are stable across versions.
    assert [s.code for s in old.catalog.standards] == [s.code for s in active.catalog.standards]

    catalog_service.activate_version(catalog_uow, admin, first.id, now=T0)
    assert get_catalog(catalog_uow).version_id == first.id
    assert [e.action for e in _audit(catalog_uow, admin, "catalog_version")] == \
        ["create", "create", "update"]


def test_import_without_activating(catalog_uow: UoW, admin: Actor) -> None:
    first = list_versions(catalog_uow)[0]
    doc, _ = _second_decree()
    second = _import_document(catalog_uow, admin, doc, activate=False)
    assert not second.is_active
    assert get_catalog(catalog_uow).version_id == first.id


def test_same_decree_twice_is_refused(catalog_uow: UoW, admin: Actor) -> None:
    catalog, sha = read_catalog_file(bundled_catalog())
    with pytest.raises(DuplicateError, match=re.escape("188/76/423.105/2021")):
        import_catalog(catalog_uow, admin, catalog, sha)
    assert len(list_versions(catalog_uow)) == 1


def test_unknown_catalog_version(catalog_uow: UoW, admin: Actor) -> None:
    with pytest.raises(NotFound):
        get_catalog(catalog_uow, 424242)
    with pytest.raises(NotFound):
        catalog_service.activate_version(catalog_uow, admin, 424242)


def test_no_catalog_yet(uow: UoW) -> None:
    with pytest.raises(NotFound, match="Belum ada katalog"):
        get_catalog(uow)


def _missing_title(doc: dict[str, Any]) -> None:
    del doc["standards"][4]["title"]


def _unknown_unit(doc: dict[str, Any]) -> None:
    doc["standards"][2]["time_limit"]["unit"] = "fortnights"


def _unknown_bidang(doc: dict[str, Any]) -> None:
    doc["standards"][7]["bidang"] = "PERPUSTAKAAN"


def _duplicate_code(doc: dict[str, Any]) -> None:
    doc["standards"][9]["code"] = doc["standards"][8]["code"]


BAD_FILES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (case, how to spoil the document, standard named, field named)
    ("missing-field", _missing_title, "#5", "title"),
    ("unknown-unit", _unknown_unit, "#3", "time_limit.unit"),
    ("unknown-bidang", _unknown_bidang, "#8", "bidang"),
    ("duplicate-code", _duplicate_code, "#10", "code"),
]


@pytest.mark.parametrize(("case", "spoil", "standard", "field"), BAD_FILES,
                         ids=[case for case, *_ in BAD_FILES])
def test_bad_catalog_file_is_refused_and_changes_nothing(
        catalog_uow: UoW, admin: Actor, tmp_path: Path, case: str,
        spoil: Callable[[dict[str, Any]], None], standard: str, field: str) -> None:
    doc, _ = _second_decree()
    spoil(doc)
    path = write_json(tmp_path / f"katalog-{case}.json", doc)
    before = list_versions(catalog_uow)

    with pytest.raises(CatalogFormatError) as refused:
        catalog, sha = read_catalog_file(path)
        import_catalog(catalog_uow, admin, catalog, sha)

    error = refused.value
    assert error.file == path.name
    assert error.standard is not None and standard in error.standard
    assert error.field == field
    for part in (path.name, standard, field):
        assert part in error.message
    assert list_versions(catalog_uow) == before
    assert get_catalog(catalog_uow).catalog.version.decree_number == "188/76/423.105/2021"


def test_invalid_json_is_refused(catalog_uow: UoW, tmp_path: Path) -> None:
    path = tmp_path / "rusak.json"
    path.write_text('{"format": "dinsos-catalog", "standards": [', encoding="utf-8")
    with pytest.raises(CatalogFormatError) as refused:
        read_catalog_file(path)
    assert refused.value.file == "rusak.json"
    assert "rusak.json" in refused.value.message and "JSON" in refused.value.message
    assert len(list_versions(catalog_uow)) == 1


def test_unreadable_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogFormatError, match=re.escape("tidak-ada.json")):
        read_catalog_file(tmp_path / "tidak-ada.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Sosial Pérkotaan"}'.encode("latin-1"))
    with pytest.raises(CatalogFormatError, match="UTF-8"):
        read_catalog_file(latin1)


def test_failed_import_is_rolled_back_as_a_whole(catalog_uow: UoW, admin: Actor,
                                                 monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    def broken_activate(self: Any, version_id: int) -> None:
        raise RuntimeError("listrik padam di tengah impor")

    monkeypatch.setattr(repositories.SqlCatalogRepository, "activate", broken_activate)
    doc, _ = _second_decree()
    with pytest.raises(RuntimeError, match="listrik padam"):
        _import_document(catalog_uow, admin, doc)
    monkeypatch.undo()

    assert len(list_versions(catalog_uow)) == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CatalogVersionRow)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(StandardRow)).scalar() == \
            BUNDLED_STANDARD_COUNT
    assert [e.action for e in _audit(catalog_uow, admin, "catalog_version")] == ["create"]


def _normalized(document: dict[str, Any]) -> Any:
    """The document with every list sorted, so that comparing ignores ordering."""
    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value
    return norm(document)


def test_export_equals_the_imported_document(catalog_uow: UoW, tmp_path: Path) -> None:
    original = json.loads(bundled_catalog().read_text(encoding="utf-8"))
    exported = export_catalog(catalog_uow)
    assert _normalized(exported) == _normalized(original)

    path = tmp_path / "ekspor.json"
    write_export(exported, path)
    assert not path.with_name("ekspor.json.tmp").exists()
    reparsed, _ = read_catalog_file(path)
    assert reparsed == get_catalog(catalog_uow).catalog
    assert parse_catalog(json.loads(path.read_text(encoding="utf-8")), "x") == reparsed


def test_export_of_an_older_version(catalog_uow: UoW, admin: Actor) -> None:
    first = list_versions(catalog_uow)[0]
    doc, _ = _second_decree()
    _import_document(catalog_uow, admin, doc)
    assert _normalized(export_catalog(catalog_uow)) == _normalized(doc)
    assert export_catalog(catalog_uow, first.id)["version"]["decree_number"] == "188/76/423.105/2021"


def test_exported_file_imports_again_as_a_new_version(catalog_uow: UoW, admin: Actor,
                                                      tmp_path: Path) -> None:
    exported = export_catalog(catalog_uow)
    exported["version"]["decree_number"] = "188/99/423.105/2027"
    path = tmp_path / "revisi.json"
    write_export(exported, path)
    catalog, sha = read_catalog_file(path)
    version = import_catalog(catalog_uow, admin, catalog, sha)
    assert version.standard_count == BUNDLED_STANDARD_COUNT
    assert len(list_versions(catalog_uow)) == 2


# --------------------------------------------------------------------------- database failures


FORBIDDEN_IN_MESSAGES = ("psycopg", "sqlite3", "sqlalchemy", "Traceback", "OperationalError",
                         "connection refused", "FATAL", "sqlalche.me")


def _assert_friendly(message: str) -> None:
    for word in FORBIDDEN_IN_MESSAGES:
        assert word.lower() not in message.lower(), f"driver text {word!r} in {message!r}"


def test_unreachable_server_is_database_unavailable() -> None:
    port = free_port()  # nothing listens there
    engine = make_engine(f"postgresql+psycopg://dinsos:rahasia@127.0.0.1:{port}/dinsos")
    try:
        with pytest.raises(DatabaseUnavailable) as unavailable:
            needs_first_admin(SqlAlchemyUnitOfWork(engine))
    finally:
        engine.dispose()
    assert "Server basis data tidak dapat dihubungi" in unavailable.value.message
    _assert_friendly(unavailable.value.message)


def test_missing_database_on_the_server(pg_server: PgServer) -> None:
    engine = make_engine(pg_server.url("dinsos_tidak_ada_" + pg_server.prefix)
                         .render_as_string(hide_password=False))
    try:
        with pytest.raises(DatabaseUnavailable) as missing:
            needs_first_admin(SqlAlchemyUnitOfWork(engine))
    finally:
        engine.dispose()
    assert "tidak ada di server" in missing.value.message
    _assert_friendly(missing.value.message)


def test_sqlite_file_that_cannot_be_opened(tmp_path: Path) -> None:
    folder = tmp_path / "ini-folder.sqlite3"
    folder.mkdir()  # a folder where the database file should be
    engine = make_engine(f"sqlite:///{folder}")
    try:
        with pytest.raises(DatabaseUnavailable) as unavailable:
            needs_first_admin(SqlAlchemyUnitOfWork(engine))
    finally:
        engine.dispose()
    _assert_friendly(unavailable.value.message)


def test_wrong_database_password_is_database_auth_failed(pg_server: PgServer, pg_template: str) -> None:
    password = "Benar-sandi-1"
    pg_server.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PASSWORD_ROLE}') "
        f"THEN CREATE ROLE {PASSWORD_ROLE} LOGIN; END IF; END $$"
    )
    pg_server.execute(f"ALTER ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{password}'")
    try:
        with pg_server.database("auth", template=pg_template) as name:
            right = make_engine(pg_server.url(name, user=PASSWORD_ROLE, password=password)
                                .render_as_string(hide_password=False))
            wrong = make_engine(pg_server.url(name, user=PASSWORD_ROLE, password="salah-sandi")
                                .render_as_string(hide_password=False))
            try:
                if not pg_server.is_throwaway:
                    try:
                        with wrong.connect():
                            pass
                    except sa_exc.OperationalError:
                        pass
                    else:
                        pytest.skip("the server named by DINSOS_TEST_DATABASE_URL trusts this role "
                                    "without a password (pg_hba.conf)")
                with pytest.raises(DatabaseAuthFailed) as refused:
                    needs_first_admin(SqlAlchemyUnitOfWork(wrong))
                assert "kata sandi" in refused.value.message
                _assert_friendly(refused.value.message)
                # The same role with its right password gets in: the refusal was the password.
                with right.connect() as conn:
                    assert conn.exec_driver_sql("SELECT current_user").scalar() == PASSWORD_ROLE
            finally:
                right.dispose()
                wrong.dispose()
    finally:
        pg_server.execute(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")


def test_clerk_fixture_logs_in(uow: UoW, clerk: Actor) -> None:
    assert clerk.username == CLERK_USERNAME
    assert login(uow, CLERK_USERNAME, CLERK_PASSWORD).user_id == clerk.user_id
