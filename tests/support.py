"""Constants and small helpers shared by the tests (fixtures are in conftest.py)."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from dinsos_desktop.paths import bundled_catalog

ADMIN_USERNAME = "admin"
ADMIN_FULL_NAME = "Administrator Uji"
ADMIN_PASSWORD = "Rahasia-admin-1"

CLERK_USERNAME = "petugas"
CLERK_FULL_NAME = "Petugas Front Office"
CLERK_PASSWORD = "Rahasia-petugas-1"

BUNDLED_STANDARD_COUNT = 27


@cache
def _bundled_text() -> str:
    return bundled_catalog().read_text(encoding="utf-8")


def bundled_document() -> dict[str, Any]:
    """A fresh, freely modifiable copy of the bundled catalog document."""
    return copy.deepcopy(json.loads(_bundled_text()))


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
