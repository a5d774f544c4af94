"""The PDF preview: shows a generated document, saves it, prints it, re-renders it on other paper.

Printing runs headless here: a QPrinter in PDF mode writing to a file takes the same path as a
real printer after the print dialog."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui

A4_POINTS = (595, 842)
F4_POINTS = (609, 935)


def make_pdf(pages: int = 2, size: tuple[float, float] = (595.2756, 841.8898),
             text: str = "Halaman") -> bytes:
    """A small PDF of ``pages`` pages (A4 unless told), each with a line of text and a frame."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawString(72, size[1] - 96, f"{text} {n}")
        canvas.rect(72, 72, size[0] - 144, size[1] - 200)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _points(size: QSizeF) -> tuple[int, int]:
    return round(size.width()), round(size.height())


def _close_to(points: tuple[int, int], expected: tuple[int, int], tolerance: int = 3) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(points, expected, strict=True))


@pytest.fixture
def preview(qtbot: QtBot) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog("Lembar uji", make_pdf(), "lembar-uji.pdf")
    qtbot.addWidget(dialog)
    return dialog


def _save_as(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def fake(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        calls.append(args)
        return answer, "Dokumen PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return calls


def test_the_preview_shows_every_page(preview: PdfPreviewDialog) -> None:
    assert preview.windowTitle() == "Lembar uji"
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() == 2
    assert _points(preview.document.pagePointSize(0)) == A4_POINTS
    assert preview.status.text() == "2 halaman"
    assert preview.view.document() is preview.document


def test_set_pdf_replaces_the_document(preview: PdfPreviewDialog) -> None:
    single = make_pdf(1, text="Baru")
    preview.set_pdf(single)
    assert preview.pdf == single
    assert preview.document.pageCount() == 1
    assert preview.status.text() == "1 halaman"
    assert "Baru 1" in preview.document.getAllText(0).text()


def test_save_writes_the_same_bytes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    preview: PdfPreviewDialog) -> None:
    calls = _save_as(monkeypatch, str(tmp_path / "lembar.pdf"))
    saved = preview.save_document()
    assert saved == tmp_path / "lembar.pdf"
    assert saved.read_bytes() == preview.pdf
    assert calls[0][2] == "lembar-uji.pdf"  # the suggested name
    assert preview.status.text() == "Tersimpan: lembar.pdf"


@pytest.mark.parametrize(("typed", "written"), [
    ("lembar", "lembar.pdf"),
    ("lembar.PDF", "lembar.PDF"),
    # A name with a dot in it keeps all of it: ".pdf" is added, nothing is cut off.
    ("Standar PSM Kec. Gadingrejo", "Standar PSM Kec. Gadingrejo.pdf"),
    ("lembar-v1.2", "lembar-v1.2.pdf"),
])
def test_save_appends_pdf_to_a_name_without_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                               preview: PdfPreviewDialog, typed: str, written: str) -> None:
    _save_as(monkeypatch, str(tmp_path / typed))
    saved = preview.save_document()
    assert saved == tmp_path / written
    assert saved.read_bytes() == preview.pdf
    assert [p.name for p in tmp_path.iterdir()] == [written]


def test_cancelling_save_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                        preview: PdfPreviewDialog) -> None:
    _save_as(monkeypatch, "")
    assert preview.save_document() is None
    assert list(tmp_path.iterdir()) == []


def _has_ink(document: QPdfDocument, page: int) -> bool:
    image = document.render(page, QSize(120, 170)).convertToFormat(QImage.Format.Format_Grayscale8)
    return any(image.pixelColor(x, y).value() < 128 for x in range(image.width())
               for y in range(image.height()))


def test_a_save_that_fails_says_why_and_keeps_the_preview(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          preview: PdfPreviewDialog) -> None:
    # E.g. a USB stick pulled out, or (on Windows) the same file still open in a PDF reader.
    _save_as(monkeypatch, str(tmp_path / "dicabut" / "lembar.pdf"))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())))
    assert preview.save_document() is None
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Tidak dapat dilanjutkan"
    assert text.startswith("PDF tidak dapat disimpan sebagai lembar.pdf (")
    assert preview.status.text() == "2 halaman"
    assert preview.isEnabled() and preview.save_button.isEnabled()


def _printed(path: Path) -> QPdfDocument:
    assert path.read_bytes().startswith(b"%PDF")
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


def test_render_to_a_printer_prints_every_page(tmp_path: Path, preview: PdfPreviewDialog) -> None:
    out = tmp_path / "cetak.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    preview.render_to(printer)

    assert out.stat().st_size > 0
    printed = _printed(out)
    assert printed.pageCount() == 2
    assert _points(printed.pagePointSize(0)) == A4_POINTS
    for page in range(2):
        assert _has_ink(printed, page), f"page {page + 1} came out blank"
    printed.close()


def test_print_uses_the_documents_paper_and_prints_on_accept(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path, qtbot: QtBot) -> None:
    """Cetak…: the print dialog opens on the document's paper; accepting it prints every page."""
    import PySide6.QtPrintSupport as print_support

    f4 = make_pdf(3, size=(215 * 72 / 25.4, 330 * 72 / 25.4))
    dialog = PdfPreviewDialog("Lembar F4", f4, "f4.pdf", paper="F4")
    qtbot.addWidget(dialog)
    out = tmp_path / "dicetak.pdf"
    seen: list[tuple[int, int]] = []

    class AcceptingPrintDialog:
        def __init__(self, printer: QPrinter, _parent: Any = None) -> None:
            self.printer = printer

        def exec(self) -> QDialog.DialogCode:
            page = self.printer.pageLayout().fullRect(self.printer.pageLayout().units().Point)
            seen.append((round(page.width()), round(page.height())))
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_support, "QPrintDialog", AcceptingPrintDialog)
    assert dialog.print_document() is True
    # Qt snaps the size to the nearest named paper size: F4 is sent as Folio 8.5 × 13 in
    # (216 × 330 mm), within a millimetre of the document.
    assert len(seen) == 1 and _close_to(seen[0], F4_POINTS)
    printed = _printed(out)
    assert printed.pageCount() == 3
    assert _close_to(_points(printed.pagePointSize(0)), F4_POINTS)
    printed.close()


def test_cancelling_the_print_dialog_prints_nothing(monkeypatch: pytest.MonkeyPatch,
                                                    preview: PdfPreviewDialog) -> None:
    import PySide6.QtPrintSupport as print_support

    class CancellingPrintDialog:
        def __init__(self, printer: QPrinter, _parent: Any = None) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(print_support, "QPrintDialog", CancellingPrintDialog)
    monkeypatch.setattr(PdfPreviewDialog, "render_to",
                        lambda *_: pytest.fail("printed although the dialog was cancelled"))
    assert preview.print_document() is False


def test_changing_the_paper_renders_again(qtbot: QtBot) -> None:
    requests: list[tuple[str, Callable[[bytes], None]]] = []
    dialog = PdfPreviewDialog("Lembar", make_pdf(1), "lembar.pdf",
                              rerender=lambda key, done: requests.append((key, done)))
    qtbot.addWidget(dialog)
    assert dialog.paper.isEnabled()
    assert dialog.paper_key() == "A4"

    dialog.paper.setCurrentIndex(dialog.paper.findData("F4"))
    assert [key for key, _ in requests] == ["F4"]
    # While the new paper is being prepared the old document cannot be printed or saved.
    assert dialog.status.text() == "Menyiapkan…"
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()

    f4 = make_pdf(2, size=(215 * 72 / 25.4, 330 * 72 / 25.4))
    requests[0][1](f4)
    assert dialog.pdf == f4
    assert _points(dialog.document.pagePointSize(0)) == F4_POINTS
    assert dialog.status.text() == "2 halaman"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.paper_key() == "F4"


def test_without_a_renderer_the_paper_is_fixed(preview: PdfPreviewDialog) -> None:
    assert not preview.paper.isEnabled()
    assert preview.paper_key() == "A4"
