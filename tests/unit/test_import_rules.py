"""The layers' dependency direction, checked by reading every module's imports (AST, no importing).

gui -> services -> domain; adapters -> services, domain; reports -> services DTOs, domain.
See docs of the architecture: the core (domain, services) never sees Qt or SQLAlchemy, and the
GUI never sees the database adapter.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "dinsos_desktop"
PACKAGE_DIR = REPO / PACKAGE

QT = ("PySide6", "shiboken6")
DATABASE = ("sqlalchemy", "alembic", "psycopg")

# layer -> (forbidden prefixes, allowed prefixes or None for "anything not forbidden")
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "gui": ((*DATABASE, f"{PACKAGE}.adapters"), None),
    "domain": ((*QT, *DATABASE, f"{PACKAGE}.gui", f"{PACKAGE}.adapters"),
               ("<stdlib>", f"{PACKAGE}.domain")),
    "services": ((*QT, *DATABASE, f"{PACKAGE}.gui", f"{PACKAGE}.adapters"),
                 ("<stdlib>", f"{PACKAGE}.domain", f"{PACKAGE}.services", "argon2")),
    "reports": ((*QT, *DATABASE, f"{PACKAGE}.gui", f"{PACKAGE}.adapters"), None),
    "adapters": ((*QT, f"{PACKAGE}.gui"), None),
}


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    layer: str
    target: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.layer} must not import {self.target} ({self.why})"


def _matches(target: str, prefix: str) -> bool:
    if prefix == "<stdlib>":
        return target.split(".")[0] in sys.stdlib_module_names
    return target == prefix or target.startswith(prefix + ".")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RULES else None


def imported_names(source: str, module: str, *, is_package: bool = False,
                   filename: str = "<source>") -> Iterator[tuple[int, str]]:
    """(line, dotted name) for every import anywhere in the module, lazy ones included."""
    tree = ast.parse(source, filename=filename)
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base_parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base != PACKAGE:
                yield node.lineno, base
            if base == PACKAGE or base.startswith(PACKAGE + "."):
                # "from dinsos_desktop import adapters" imports the subpackage itself.
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__")))):
            yield node.lineno, node.args[0].value


def check_source(source: str, module: str, file: str, *, is_package: bool = False) -> list[Violation]:
    layer = layer_of(module)
    if layer is None:
        return []
    forbidden, allowed = RULES[layer]
    found = []
    for line, target in imported_names(source, module, is_package=is_package, filename=file):
        if target == "__future__":
            continue
        bad = next((p for p in forbidden if _matches(target, p)), None)
        if bad is not None:
            found.append(Violation(file, line, layer, target, f"{layer} → {bad} is forbidden"))
        elif allowed is not None and not any(_matches(target, p) for p in allowed):
            found.append(Violation(file, line, layer, target,
                                   f"{layer} may import only " + ", ".join(allowed)))
    return found


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_layers_keep_their_dependency_direction() -> None:
    violations: list[Violation] = []
    for path in python_files():
        violations.extend(check_source(
            path.read_text(encoding="utf-8"), module_name(path), str(path.relative_to(REPO)),
            is_package=path.name == "__init__.py",
        ))
    assert not violations, "forbidden imports:\n" + "\n".join(map(str, violations))


def test_the_walk_sees_the_layers() -> None:
    modules = {module_name(p) for p in python_files()}
    for layer in ("domain", "services", "adapters"):
        assert any(layer_of(m) == layer for m in modules), layer
    assert f"{PACKAGE}.domain.catalog" in modules
    assert f"{PACKAGE}.adapters.db.uow" in modules


# --------------------------------------------------------------------------- the checker itself


@pytest.mark.parametrize(("module", "source", "target"), [
    ("dinsos_desktop.gui.main_window", "from sqlalchemy import select", "sqlalchemy"),
    ("dinsos_desktop.gui.main_window", "import alembic.command", "alembic.command"),
    ("dinsos_desktop.gui.main_window", "from dinsos_desktop.adapters.db.uow import X",
     "dinsos_desktop.adapters.db.uow"),
    ("dinsos_desktop.gui.pages.users", "from ...adapters import db", "dinsos_desktop.adapters"),
    ("dinsos_desktop.gui.main_window", "from dinsos_desktop import adapters", "dinsos_desktop.adapters"),
    ("dinsos_desktop.domain.catalog", "from PySide6.QtCore import QObject", "PySide6.QtCore"),
    ("dinsos_desktop.domain.catalog", "import holidays", "holidays"),
    ("dinsos_desktop.domain.catalog", "from dinsos_desktop.services import dto", "dinsos_desktop.services"),
    ("dinsos_desktop.domain.catalog", "from dinsos_desktop import config", "dinsos_desktop.config"),
    ("dinsos_desktop.services.users", "def f():\n    import sqlalchemy\n", "sqlalchemy"),
    ("dinsos_desktop.services.users", "import shiboken6", "shiboken6"),
    ("dinsos_desktop.services.users", "from dinsos_desktop.gui import x", "dinsos_desktop.gui"),
    ("dinsos_desktop.services.users", "import reportlab", "reportlab"),
    ("dinsos_desktop.services.users",
     "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sqlalchemy import Engine\n",
     "sqlalchemy"),
    ("dinsos_desktop.services.users", "import importlib\nimportlib.import_module('PySide6.QtGui')",
     "PySide6.QtGui"),
    ("dinsos_desktop.reports.receipt", "from PySide6 import QtGui", "PySide6"),
    ("dinsos_desktop.reports.receipt", "from dinsos_desktop.adapters.db import models",
     "dinsos_desktop.adapters.db"),
    ("dinsos_desktop.adapters.db.uow", "from PySide6.QtCore import QThread", "PySide6.QtCore"),
    ("dinsos_desktop.adapters.db.uow", "from ...gui import errors", "dinsos_desktop.gui"),
])
def test_checker_finds_forbidden_imports(module: str, source: str, target: str) -> None:
    found = check_source(source, module, "x.py")
    assert any(v.target == target for v in found), found
    assert all(str(v).startswith("x.py:") for v in found)


@pytest.mark.parametrize(("module", "source"), [
    ("dinsos_desktop.domain.catalog", "from __future__ import annotations\nimport re, datetime\n"),
    ("dinsos_desktop.domain.catalog", "from dinsos_desktop.domain.errors import X\nfrom .text import fold"),
    ("dinsos_desktop.services.users", "from argon2 import PasswordHasher\nfrom ..domain import roles"),
    ("dinsos_desktop.services.users", "from dinsos_desktop.services.dto import Actor"),
    ("dinsos_desktop.services.users", "from dinsos_desktop import domain"),
    ("dinsos_desktop.gui.main_window",
     "from PySide6.QtWidgets import QWidget\nfrom dinsos_desktop.services import users"),
    ("dinsos_desktop.reports.receipt",
     "from reportlab.pdfgen import canvas\nfrom dinsos_desktop.services.dto import Actor"),
    ("dinsos_desktop.adapters.db.engine",
     "from sqlalchemy import create_engine\nfrom dinsos_desktop.paths import x"),
    ("dinsos_desktop.app",
     "from PySide6.QtWidgets import QApplication\nfrom dinsos_desktop.adapters.db import uow"),
])
def test_checker_allows_the_permitted_edges(module: str, source: str) -> None:
    assert check_source(source, module, "x.py") == []


def test_relative_imports_from_a_package_init() -> None:
    names = [n for _, n in imported_names("from . import errors", "dinsos_desktop.domain", is_package=True)]
    assert "dinsos_desktop.domain.errors" in names
