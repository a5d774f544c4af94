"""Process start to the catalog pane painted, against a bare PySide6 window with a table."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from bench.common import PYTHON, bench_env, summary, time_until_line

BASELINE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
w = QMainWindow()
t = QTableWidget(27, 2)
for r in range(27):
    t.setItem(r, 0, QTableWidgetItem(str(r + 1)))
    t.setItem(r, 1, QTableWidgetItem("Standar pelayanan %d" % (r + 1)))
w.setCentralWidget(t)
w.resize(1180, 760)
w.show()
app.processEvents()
t.viewport().repaint()
print("painted", flush=True)
"""


def run(db_url: str | None, quick: bool) -> dict[str, object]:
    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = bench_env(data)
        db_args = ["--db", db_url] if db_url else []
        # Prepare the database once (migrations, catalog): the measured runs are ordinary starts.
        subprocess.run([PYTHON, "-m", "dinsos_desktop", *db_args, "catalog", "versions"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        app_cmd = [PYTHON, "-m", "dinsos_desktop", *db_args, "--bench-exit-after-paint"]
        base_cmd = [PYTHON, "-c", BASELINE]
        time_until_line(app_cmd, env, "catalog-painted")  # warm the OS file cache for both
        time_until_line(base_cmd, env, "painted")
        app_ms, base_ms = [], []
        for _ in range(runs):  # interleaved so that machine noise hits both alike
            app_ms.append(time_until_line(app_cmd, env, "catalog-painted"))
            base_ms.append(time_until_line(base_cmd, env, "painted"))
    result: dict[str, object] = {"bench": "startup", "database": "postgresql" if db_url else "sqlite"}
    result.update({f"app_{k}": v for k, v in summary(app_ms).items()})
    result["target_ms"] = 700
    result["baseline"] = {"what": "bare PySide6 window with a 27-row table", **summary(base_ms)}
    return result
