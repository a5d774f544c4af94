"""Use cases: the service catalog (import a decree's standards, read, export)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from dinsos_desktop.domain.catalog import Catalog, CatalogIndex, catalog_to_dict, parse_catalog
from dinsos_desktop.domain.errors import CatalogFormatError, ConflictError, DuplicateError, NotFound
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services.common import audit, require, utcnow
from dinsos_desktop.services.dto import SYSTEM, Actor, CatalogDTO, CatalogVersionDTO
from dinsos_desktop.services.uow import UnitOfWork


def read_catalog_file(path: Path) -> tuple[Catalog, str]:
    """Read and validate a catalog file; returns the catalog and the file's SHA-256."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogFormatError(name, None, None, f"berkas tidak dapat dibaca ({exc.strerror})") from None
    return parse_catalog_bytes(raw, name), hashlib.sha256(raw).hexdigest()


def parse_catalog_bytes(raw: bytes, name: str) -> Catalog:
    try:
        document: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CatalogFormatError(name, None, None, "berkas bukan teks UTF-8") from None
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(
            name, None, None, f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})"
        ) from None
    return parse_catalog(document, name)


def import_catalog(uow: UnitOfWork, actor: Actor, catalog: Catalog, source_sha256: str,
                   *, activate: bool = True, now: dt.datetime | None = None) -> CatalogVersionDTO:
    """Store a decree's standards as a new catalog version (all or nothing)."""
    require(actor, Role.ADMIN)
    now = now or utcnow()
    with uow:
        existing = uow.catalog.find_version(catalog.version.decree_number)
        if existing is not None:
            raise DuplicateError(
                f"Katalog Keputusan No. {catalog.version.decree_number} sudah diimpor "
                f"pada {existing.imported_at:%d-%m-%Y}."
            )
        version_id = uow.catalog.add_version(catalog, actor.username, now, source_sha256)
        if activate:
            uow.catalog.activate(version_id)
        audit(uow, actor, "create", "catalog_version", version_id,
              f"Katalog Keputusan No. {catalog.version.decree_number} diimpor "
              f"({len(catalog.standards)} standar)",
              after={"decree_number": catalog.version.decree_number,
                     "decree_date": catalog.version.decree_date.isoformat(),
                     "standards": [s.code for s in catalog.standards],
                     "sha256": source_sha256, "active": activate}, now=now)
        uow.commit()
        return _version(uow, version_id)


def _version(uow: UnitOfWork, version_id: int) -> CatalogVersionDTO:
    for v in uow.catalog.versions():
        if v.id == version_id:
            return v
    raise NotFound("Versi katalog tidak ditemukan.")


def ensure_bundled_catalog(uow: UnitOfWork, bundled: Path) -> CatalogVersionDTO | None:
    """First start: load the catalog shipped with the application when the database has none."""
    with uow.read_only():
        if uow.catalog.versions():
            return None
    catalog, sha = read_catalog_file(bundled)
    try:
        return import_catalog(uow, SYSTEM, catalog, sha)
    except (DuplicateError, ConflictError):  # another workstation loaded it at the same moment
        return None


def list_versions(uow: UnitOfWork) -> list[CatalogVersionDTO]:
    with uow.read_only():
        return list(uow.catalog.versions())


def activate_version(uow: UnitOfWork, actor: Actor, version_id: int,
                     *, now: dt.datetime | None = None) -> None:
    require(actor, Role.ADMIN)
    with uow:
        v = _version(uow, version_id)
        uow.catalog.activate(version_id)
        audit(uow, actor, "update", "catalog_version", version_id,
              f"Katalog Keputusan No. {v.decree_number} dijadikan versi berlaku", now=now)
        uow.commit()


def get_catalog(uow: UnitOfWork, version_id: int | None = None) -> CatalogDTO:
    """The active catalog (or a given version), with its search index built once."""
    with uow.read_only():
        if version_id is None:
            version_id = uow.catalog.active_version_id()
            if version_id is None:
                raise NotFound("Belum ada katalog standar pelayanan. Admin perlu mengimpornya.")
        catalog = uow.catalog.load(version_id)
    return CatalogDTO(version_id, catalog, CatalogIndex.build(catalog.standards))


def export_catalog(uow: UnitOfWork, version_id: int | None = None) -> dict[str, Any]:
    return catalog_to_dict(get_catalog(uow, version_id).catalog)


def read_cached_catalog(path: Path) -> CatalogDTO | None:
    """The catalog this workstation last showed from a database (written by
    ``write_cached_catalog``), for the window's first paint before the database is open; None
    when there is none or it cannot be read (the database's catalog follows anyway)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        version_id = int(document["version_id"])
        catalog = parse_catalog(document["catalog"], path.name)
    except (OSError, ValueError, KeyError, TypeError, CatalogFormatError):
        return None
    return CatalogDTO(version_id, catalog, CatalogIndex.build(catalog.standards))


def write_cached_catalog(path: Path, catalog: CatalogDTO) -> None:
    """Keep a local copy of the catalog shown from a database (atomically; best effort: a
    workstation that cannot write it only starts a little slower)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_export({"version_id": catalog.version_id, "catalog": catalog_to_dict(catalog.catalog)},
                     path)
    except OSError:
        pass


def write_export(document: dict[str, Any], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
