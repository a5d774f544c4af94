"""The Designer forms in ui/ and their generated modules in dinsos_desktop/gui/forms/ agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_forms_are_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_ui.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_form_has_a_generated_module() -> None:
    forms = {p.stem for p in (ROOT / "ui").glob("*.ui")}
    forms_dir = ROOT / "dinsos_desktop" / "gui" / "forms"
    generated = {p.stem.removeprefix("ui_") for p in forms_dir.glob("ui_*.py")}
    assert forms and forms == generated
