"""The bundled DejaVu fonts, registered with reportlab once per process.

The PDF core fonts (Helvetica, Times) only cover Latin-1 and are not embedded; the bundled TrueType
fonts are embedded (subset) so a printout looks the same on every PC and printer. DejaVu Sans stands
in for Arial, the face the Tata Naskah Dinas prescribes; it runs wider, so 10 pt DejaVu Sans sets
about like 11 pt Arial.
"""

from __future__ import annotations

import threading

from dinsos_desktop.paths import font_path

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts and their families (so <b> and <i> in paragraphs work). Idempotent and
    safe to call from any thread; cheap after the first call."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in _FILES.items():
            path = font_path(file)
            if not path.is_file():
                raise FileNotFoundError(f"Berkas huruf {file} tidak ditemukan di {path.parent}.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # No bold-oblique and no serif italic are bundled: fall back to the nearest face.
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD)
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD)
        _registered = True
