"""Read QR codes back from a PDF the way a scanner would: rasterise the pages (QtPdf; needs a
QApplication, e.g. pytest-qt's ``qapp``) and decode with a real decoder (zxing-cpp)."""

from __future__ import annotations


def decode_qr_codes(pdf: bytes, dpi: int = 150) -> list[tuple[int, str]]:
    """Rasterise every page and decode every QR code on it: [(page index, text)]."""
    import zxingcpp
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(None)
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    found = []
    try:
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            rendered = document.render(page, QSize(round(size.width() * dpi / 72),
                                                   round(size.height() * dpi / 72)))
            # QtPdf leaves the paper transparent: lay the page on white, as a printer would.
            image = QImage(rendered.size(), QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            painter.drawImage(0, 0, rendered)
            painter.end()
            gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
            for barcode in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode):
                assert barcode.ec_level == "M"
                found.append((page, barcode.text))
    finally:
        document.close()
        buffer.close()
    return found

