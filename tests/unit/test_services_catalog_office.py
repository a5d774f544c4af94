"""Catalog, office-profile and audit use cases over an in-memory unit of work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from dinsos_desktop.domain.errors import (
    CatalogFormatError,
    ConflictError,
    DuplicateError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.catalog import (
    activate_version,
    ensure_bundled_catalog,
    export_catalog,
    get_catalog,
    import_catalog,
    list_versions,
    parse_catalog_bytes,
    read_catalog_file,
)
from dinsos_desktop.services.common import require, utcnow
from dinsos_desktop.services.dto import SYSTEM, Actor
from dinsos_desktop.services.office import get_office_profile, save_office_profile
from tests.fakes import FakeUnitOfWork
from tests.support import BUNDLED_STANDARD_COUNT, bundled_document

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
ADMIN = Actor(1, "admin", "Admin", frozenset({Role.ADMIN}))
PIMPINAN = Actor(2, "pimpinan", "Pimpinan", frozenset({Role.PIMPINAN}))
CLERK = Actor(3, "petugas", "Petugas", frozenset({Role.FRONT_OFFICE}))


@pytest.fixture
def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def test_require() -> None:
    require(ADMIN, Role.ADMIN)
    require(PIMPINAN, Role.ADMIN, Role.PIMPINAN)
    with pytest.raises(PermissionDenied, match="Administrator atau Pimpinan"):
        require(CLERK, Role.ADMIN, Role.PIMPINAN)
    assert SYSTEM.has(*Role)


def test_utcnow_is_aware_and_whole_seconds() -> None:
    now = utcnow()
    assert now.tzinfo is dt.UTC and now.microsecond == 0


def test_bundled_catalog_once(fake: FakeUnitOfWork) -> None:
    version = ensure_bundled_catalog(fake, bundled_catalog())
    assert version is not None and version.is_active
    assert version.standard_count == BUNDLED_STANDARD_COUNT
    assert ensure_bundled_catalog(fake, bundled_catalog()) is None
    assert len(list_versions(fake)) == 1
    [entry] = fake.audit_entries()
    after = json.loads(entry.after or "")
    assert after["decree_number"] == "188/76/423.105/2021"
    assert len(after["standards"]) == BUNDLED_STANDARD_COUNT
    assert len(after["sha256"]) == 64


def test_import_permissions_and_duplicates(fake: FakeUnitOfWork) -> None:
    catalog, sha = read_catalog_file(bundled_catalog())
    with pytest.raises(PermissionDenied):
        import_catalog(fake, CLERK, catalog, sha)
    with pytest.raises(PermissionDenied):
        import_catalog(fake, PIMPINAN, catalog, sha)
    import_catalog(fake, ADMIN, catalog, sha, now=T0)
    with pytest.raises(DuplicateError, match="02-03-2026"):
        import_catalog(fake, ADMIN, catalog, sha)
    with pytest.raises(PermissionDenied):
        activate_version(fake, CLERK, 1)


def test_versions_and_activation(fake: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound):
        get_catalog(fake)
    first = ensure_bundled_catalog(fake, bundled_catalog())
    assert first is not None
    doc = bundled_document()
    doc["version"]["decree_number"] = "188/2/423.105/2026"
    second = import_catalog(fake, ADMIN, parse_catalog_bytes(json.dumps(doc).encode(), "baru.json"),
                            "0" * 64, activate=False)
    assert get_catalog(fake).version_id == first.id
    activate_version(fake, ADMIN, second.id)
    assert get_catalog(fake).version_id == second.id
    assert export_catalog(fake, first.id)["version"]["decree_number"] == "188/76/423.105/2021"
    with pytest.raises(NotFound):
        activate_version(fake, ADMIN, 99)


def test_catalog_file_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogFormatError, match=re.escape("kosong.json")):
        parse_catalog_bytes(b"", "kosong.json")
    with pytest.raises(CatalogFormatError, match="baris 1"):
        parse_catalog_bytes(b"{bukan json", "a.json")
    with pytest.raises(CatalogFormatError, match="UTF-8"):
        parse_catalog_bytes(b"\xff\xfe{}", "a.json")
    with pytest.raises(CatalogFormatError, match="format"):
        parse_catalog_bytes(b"{}", "a.json")


def test_office_profile(fake: FakeUnitOfWork) -> None:
    profile = OfficeProfile(head=Signatory("Kepala Dinas Sosial", "Bambang"))
    with pytest.raises(PermissionDenied):
        save_office_profile(fake, CLERK, profile)
    with pytest.raises(ValidationError):
        save_office_profile(fake, ADMIN, OfficeProfile())  # no head name
    saved = save_office_profile(fake, ADMIN, profile, now=T0)
    assert saved.version == 1 and get_office_profile(fake) == saved
    with pytest.raises(ConflictError):
        save_office_profile(fake, ADMIN, dataclasses.replace(profile, city="Lain"))
    assert [e.action for e in fake.audit_entries()] == ["create"]


def test_audit_page_is_for_admin_and_pimpinan(fake: FakeUnitOfWork) -> None:
    ensure_bundled_catalog(fake, bundled_catalog())
    assert audit_page(fake, ADMIN).total == 1
    assert audit_page(fake, PIMPINAN, entity="catalog_version").total == 1
    assert audit_page(fake, PIMPINAN, entity="user").total == 0
    with pytest.raises(PermissionDenied):
        audit_page(fake, CLERK)
