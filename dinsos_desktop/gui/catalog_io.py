"""Catalog import (a new decree) and export, from the Katalog menu."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from dinsos_desktop.domain.catalog import Catalog
from dinsos_desktop.domain.errors import DomainError
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services.dto import CatalogVersionDTO

if TYPE_CHECKING:
    from dinsos_desktop.gui.main_window import MainWindow


def import_catalog_interactive(window: MainWindow) -> None:
    actor = window.ctx.actor
    if actor is None:
        return
    name, _ = QFileDialog.getOpenFileName(window, window.tr("Impor katalog standar pelayanan"), "",
                                          window.tr("Katalog JSON (*.json)"))
    if not name:
        return
    path = Path(name)
    factory = window.ctx.uow_factory

    def parsed(result: tuple[Catalog, str]) -> None:
        catalog, sha = result
        v = catalog.version
        answer = QMessageBox.question(
            window, window.tr("Impor katalog"),
            window.tr("Impor katalog Keputusan No. {number} tanggal {date} ({n} standar) dan "
                      "jadikan versi yang berlaku? Versi sebelumnya tetap tersimpan dan dapat "
                      "dibaca; permohonan yang sudah terdaftar tetap memakai versinya.").format(
                number=v.decree_number, date=v.decree_date.strftime("%d-%m-%Y"),
                n=len(catalog.standards)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        window.runner.run_db(
            lambda: catalog_service.import_catalog(factory(), actor, catalog, sha), imported)

    def imported(version: CatalogVersionDTO) -> None:
        window.statusBar().showMessage(
            window.tr("Katalog Keputusan No. {number} diimpor ({n} standar).").format(
                number=version.decree_number, n=version.standard_count), 8000)
        window.reload_catalog()

    # Reading and validating a file is quick but it is disk work: keep it off the GUI thread.
    window.runner.run_report(lambda: catalog_service.read_catalog_file(path), parsed)


def export_catalog_interactive(window: MainWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(window, window.tr("Ekspor katalog"),
                                          "katalog-standar-pelayanan.json",
                                          window.tr("Katalog JSON (*.json)"))
    if not name:
        return
    path = Path(name)
    factory = window.ctx.uow_factory

    def export() -> Path:
        document = catalog_service.export_catalog(factory())
        try:
            catalog_service.write_export(document, path)
        except OSError as exc:  # a folder that is gone, a read-only or full disk: not a bug
            raise DomainError(window.tr("Katalog tidak dapat ditulis ke {name} ({reason}).").format(
                name=path.name, reason=exc.strerror or type(exc).__name__)) from exc
        return path

    window.runner.run_db(export, lambda p: window.statusBar().showMessage(
        window.tr("Katalog diekspor ke {name}.").format(name=p.name), 8000))
