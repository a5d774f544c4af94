"""Compile the Qt Designer forms in ui/ to dinsos_desktop/gui/forms/ (run after editing a form).

    python scripts/compile_ui.py          # write the generated modules
    python scripts/compile_ui.py --check  # fail when a generated module is out of date (tests)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "dinsos_desktop" / "gui" / "forms"
HEADER = "# Generated from ui/{name} by scripts/compile_ui.py — do not edit.\n"


def uic() -> str:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-uic")
    if exe is None:
        raise SystemExit("pyside6-uic not found (pip install pyside6-essentials)")
    return exe


def compile_form(ui_file: Path) -> str:
    out = subprocess.run([uic(), "--from-imports", str(ui_file)], check=True,
                         capture_output=True, text=True).stdout
    # uic stamps its own version and a date-less banner; keep only the code after the banner.
    lines = out.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("from "))
    return HEADER.format(name=ui_file.name) + "".join(lines[start:])


def target(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        code = compile_form(ui_file)
        path = target(ui_file)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != code:
                stale.append(path.name)
        else:
            path.write_text(code, encoding="utf-8")
            print(f"{ui_file.name} -> {path.relative_to(ROOT)}")
    if stale:
        print("out of date (run scripts/compile_ui.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
