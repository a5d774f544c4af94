"""Preview of a generated PDF, with paper choice, printing and saving."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import DomainError
from dinsos_desktop.gui.errors import show_error

MAX_RASTER_DPI = 600
PAPERS = (("A4", "A4 (210 × 297 mm)"), ("F4", "F4 (215 × 330 mm)"), ("A5", "A5 (148 × 210 mm)"))


class PdfPreviewDialog(QDialog):
    """Shows PDF bytes. ``rerender(paper_key, done)`` produces the document on another paper;
    ``papers`` are the (key, label) choices offered (receipts add the 80 mm roll)."""

    def __init__(self, title: str, pdf: bytes, suggested_name: str, *, paper: str = "A4",
                 rerender: Callable[[str, Callable[[bytes], None]], None] | None = None,
                 papers: Sequence[tuple[str, str]] = PAPERS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        self.resize(900, 1000)
        self.suggested_name = suggested_name
        self.rerender = rerender
        self.pdf = b""
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        for key, label in papers:
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        self.paper.setEnabled(rerender is not None)
        self.paper.currentIndexChanged.connect(self._paper_changed)
        paper_label = QLabel(self.tr("&Kertas:"), self)
        paper_label.setBuddy(self.paper)
        self.status = QLabel(self)

        self.print_button = QPushButton(self.tr("&Cetak…"), self)
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("&Simpan PDF…"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save_document)
        close = QPushButton(self.tr("&Tutup"), self)
        close.clicked.connect(self.reject)
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        bar.addWidget(paper_label)
        bar.addWidget(self.paper)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_document)
        self.set_pdf(pdf)

    def set_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.status.setText(self.tr("{n} halaman").format(n=self.document.pageCount()))
        self.setEnabled(True)

    def paper_key(self) -> str:
        return str(self.paper.currentData())

    def _paper_changed(self) -> None:
        if self.rerender is None:
            return
        self.status.setText(self.tr("Menyiapkan…"))
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

        def done(pdf: bytes) -> None:
            self.set_pdf(pdf)
            self.print_button.setEnabled(True)
            self.save_button.setEnabled(True)

        self.rerender(self.paper_key(), done)

    def save_document(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan PDF"), self.suggested_name,
                                              self.tr("Dokumen PDF (*.pdf)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            # Appended, not swapped in: with_suffix() turned "Lembar Kec. Bugul" into "Lembar Kec.pdf".
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            # Typically the same file still open in a PDF reader, or a folder that is gone.
            show_error(self, DomainError(self.tr(
                "PDF tidak dapat disimpan sebagai {name} ({reason}). Periksa folder tujuan, atau "
                "tutup berkas itu bila sedang dibuka program lain, lalu coba lagi.").format(
                    name=path.name, reason=exc.strerror or type(exc).__name__)))
            return None
        self.status.setText(self.tr("Tersimpan: {name}").format(name=path.name))
        return path

    def print_document(self) -> bool:
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size = self.document.pagePointSize(0)
        printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, self.paper_key()))
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.render_to(printer)
        return True

    def render_to(self, printer: object) -> None:
        """Draw every page on a QPrinter (or any QPagedPaintDevice) at its resolution."""
        from PySide6.QtPrintSupport import QPrinter

        assert isinstance(printer, QPrinter)
        painter = QPainter(printer)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        try:
            # Each page is printed as an image. At the 1200 dpi a PDF printer reports, an A4 page is a
            # 0.5 GB image that takes seconds to render; 600 dpi is already fine for printed text.
            dpi = min(printer.resolution(), MAX_RASTER_DPI)
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                image = self.document.render(page, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                # The painter scales while drawing (smoothly): no second full-page copy of the image.
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
