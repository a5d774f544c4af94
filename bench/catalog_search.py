"""Filtering latency per keystroke in the catalog pane over the 27 standards."""

from __future__ import annotations

import os
import time

from bench.common import summary

QUERIES = ["pekerja sosial", "anak", "kartu keluarga", "ktp", "bencana", "lksa", "santunan kematian",
           "rekomendasi lurah", "odgj", "hibah"]


def run(db_url: str | None, quick: bool) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from dinsos_desktop.domain.catalog import CatalogIndex, _haystack
    from dinsos_desktop.domain.text import tokens
    from dinsos_desktop.gui.catalog_pane import CatalogPane
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services.catalog import read_catalog_file
    from dinsos_desktop.services.dto import CatalogDTO

    app = QApplication.instance() or QApplication([])
    catalog, _ = read_catalog_file(bundled_catalog())
    index = CatalogIndex.build(catalog.standards)
    pane = CatalogPane()
    pane.resize(1000, 700)
    pane.show()
    pane.set_catalog(CatalogDTO(1, catalog, index))
    app.processEvents()
    rounds = 1 if quick else 5
    keystrokes: list[float] = []
    naive: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            for i in range(1, len(query) + 1):
                typed = query[:i]
                t = time.perf_counter()
                pane.search.setText(typed)  # filter + model rebuild + detail update
                app.processEvents()  # and the repaint it triggers
                keystrokes.append((time.perf_counter() - t) * 1000)
                # Baseline: the same filter without the pre-folded index (fold every standard's
                # text on each keystroke), no GUI.
                t = time.perf_counter()
                words = tokens(typed)
                [s for s in catalog.standards if all(w in _haystack(s) for w in words)]
                naive.append((time.perf_counter() - t) * 1000)
            pane.search.clear()
            app.processEvents()
    pane.close()
    pane.deleteLater()
    app.processEvents()
    del pane
    result: dict[str, object] = {"bench": "catalog_search", "standards": len(catalog.standards)}
    result.update({f"keystroke_{k}": v for k, v in summary(keystrokes).items()})
    result["target_ms"] = 10
    result["baseline"] = {"what": "unindexed filter (fold all text per keystroke), no GUI",
                          **summary(naive)}
    return result
