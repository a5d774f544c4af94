"""Process start to the catalog pane painted, against a bare PySide6 window with a table.

An ordinary start: the workstation has shown this database's catalog before and kept a copy
(``services.catalog.write_cached_catalog``), so the pane paints it while the database opens
behind it; measured to that first paint ("catalog-painted", the target) and, in the same run, to
the database's own catalog in the pane ("database-catalog"). A first start on a workstation (no
copy kept: removed before the run) is measured too, to its first paint, which then waits for the
database.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import PYTHON, bench_env, summary, time_until_line, time_until_lines

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
MARKERS = ["catalog-painted", "database-catalog"]


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
        time_until_lines(app_cmd, env, MARKERS)  # warms the OS file cache; keeps the copy
        time_until_line(base_cmd, env, "painted")
        app_ms, db_ms, first_ms, base_ms = [], [], [], []
        for _ in range(runs):  # interleaved so that machine noise hits all alike
            seen = time_until_lines(app_cmd, env, MARKERS)
            app_ms.append(seen["catalog-painted"])
            db_ms.append(seen["database-catalog"])
            shutil.rmtree(data / "cache", ignore_errors=True)
            first_ms.append(time_until_lines(app_cmd, env, MARKERS)["catalog-painted"])
            base_ms.append(time_until_line(base_cmd, env, "painted"))
    result: dict[str, object] = {"bench": "startup", "database": "postgresql" if db_url else "sqlite"}
    result.update({f"app_{k}": v for k, v in summary(app_ms).items()})
    result["target_ms"] = 700
    result["database_catalog_in_the_pane"] = summary(db_ms)
    result["first_start_without_a_kept_copy"] = summary(first_ms)
    result["baseline"] = {"what": "bare PySide6 window with a 27-row table", **summary(base_ms)}
    return result
