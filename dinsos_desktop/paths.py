"""Where things are: shipped resources, migrations, and the user's data and config folders."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _package_dir(package: str, fallback: str) -> Path:
    # Installed (pip install .): resources/ and db/ are inside the package. From a source
    # checkout without installing, they are the top-level folders.
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return _SOURCE_ROOT / fallback


@cache
def resources_dir() -> Path:
    return _package_dir("dinsos_desktop.resources", "resources")


@cache
def migrations_dir() -> Path:
    return _package_dir("dinsos_desktop.migrations", "db")


def bundled_catalog() -> Path:
    return resources_dir() / "catalog" / "kepdinsos-188-76-423.105-2021.json"


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / name


def user_data_dir() -> Path:
    override = os.environ.get("DINSOS_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as _dir

    return Path(_dir("dinsos-desktop", appauthor=False))


def user_config_dir() -> Path:
    override = os.environ.get("DINSOS_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir as _dir

    return Path(_dir("dinsos-desktop", appauthor=False))


def catalog_cache_path(database_label: str) -> Path:
    """Where the catalog last shown from a database is kept for a fast first paint (one file
    per database this workstation uses)."""
    import hashlib

    digest = hashlib.sha256(database_label.encode("utf-8")).hexdigest()[:16]
    return user_data_dir() / "cache" / f"katalog-{digest}.json"


def default_sqlite_path() -> Path:
    return user_data_dir() / "dinsos.sqlite3"
