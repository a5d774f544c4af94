"""Building blocks of every official printout: the kop surat (letterhead) and the signatory block.

Both are reportlab flowables sized from the width they are given, so they fit A4, F4 and A5 alike.
In a platypus story add them like any paragraph; on a bare canvas (a receipt drawn by coordinates)
call ``wrapOn(canvas, width, height)`` and then ``drawOn(canvas, x, y_bottom)``.

Imports reportlab at module level: import this module only when printing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from dinsos_desktop.domain.office import OfficeProfile, Signatory, format_nip
from dinsos_desktop.reports import fonts
from dinsos_desktop.reports.formatting import format_date
from dinsos_desktop.reports.paper import CM

log = logging.getLogger(__name__)

# The widths the designs below are drawn for; narrower frames (A5) scale type and spacing down.
_FULL_WIDTH = 16 * CM
_MIN_SCALE = 0.72
# The double rule under the kop, in points at full size: thick line, gap, thin line.
_THICK, _RULE_GAP, _THIN = 2.6, 1.4, 0.8


def _scale_for(width: float) -> float:
    return max(_MIN_SCALE, min(1.0, width / _FULL_WIDTH))


def _style(name: str, font: str, size: float, *, leading: float | None = None,
           align: int = TA_CENTER) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.22,
                          alignment=align)


def _read_logo(png: bytes | None) -> ImageReader | None:
    if not png:
        return None
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except Exception:  # a broken logo must not stop the office from printing
        log.warning("Logo kantor tidak dapat dibaca; kop surat dicetak tanpa logo.", exc_info=True)
        return None
    return reader


class Letterhead(Flowable):  # type: ignore[misc]
    """Kop surat: logo at the left, the government and office names and the contact lines centred,
    closed by a thick and a thin rule."""

    def __init__(self, office: OfficeProfile, *, space_after: float = 0.45 * CM) -> None:
        super().__init__()
        fonts.register_fonts()
        self.office = office
        self.spaceAfter = space_after
        self._logo = _read_logo(office.logo_png)
        self._paragraphs: list[Paragraph] = []
        self._para_heights: list[float] = []
        self._layout: tuple[float, float, float, float, float] = (0, 0, 0, 0, 0)

    def _lines(self, s: float) -> list[Paragraph]:
        o = self.office
        out = []
        if o.government_name.strip():
            out.append(Paragraph(escape(o.government_name.strip().upper()),
                                 _style("kop-gov", fonts.SANS_BOLD, 14 * s)))
        out.append(Paragraph(escape(o.office_name.strip().upper()),
                             _style("kop-office", fonts.SANS_BOLD, 19 * s, leading=22.5 * s)))
        small = _style("kop-contact", fonts.SANS, max(7.0, 9 * s))
        address = o.address.strip()
        if o.phone.strip():
            address = f"{address} Telp. {o.phone.strip()}".strip()
        if address:
            out.append(Paragraph(escape(address), small))
        web = []
        if o.email.strip():
            web.append(escape(f"Email: {o.email.strip()}"))
        if o.website.strip():
            web.append(escape(f"Laman: {o.website.strip()}"))
        if web:
            out.append(Paragraph("&nbsp;&nbsp;&nbsp; ".join(web), small))
        place = o.city.strip().upper()
        if o.postal_code.strip():
            place = f"{place} – {o.postal_code.strip()}" if place else o.postal_code.strip()
        if place:
            out.append(Paragraph(escape(place), _style("kop-city", fonts.SANS_BOLD, max(7.5, 9.5 * s))))
        return out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        s = _scale_for(availWidth)
        logo_box = 2.3 * CM * s if self._logo is not None else 0.0
        gap = 0.3 * CM * s
        # The text is centred in the space right of the logo, as on most regional letterheads.
        inset = logo_box + gap if self._logo is not None else 0.0
        text_width = availWidth - inset
        self._paragraphs = self._lines(s)
        self._para_heights = [p.wrap(text_width, availHeight)[1] for p in self._paragraphs]
        text_height = sum(self._para_heights)
        body = max(text_height, logo_box)
        rule_gap = 0.18 * CM * s
        self._layout = (s, logo_box, inset, body, rule_gap)
        self.width = availWidth
        self.height = body + rule_gap + (_THICK + _RULE_GAP + _THIN) * s
        return self.width, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        s, logo_box, inset, body, rule_gap = self._layout
        top = self.height
        if self._logo is not None:
            iw, ih = self._logo.getSize()
            ratio = min(logo_box / iw, logo_box / ih)
            w, h = iw * ratio, ih * ratio
            c.drawImage(self._logo, (logo_box - w) / 2, top - (body + h) / 2, w, h, mask="auto",
                        preserveAspectRatio=True)
        text_height = sum(self._para_heights)
        y = top - (body - text_height) / 2
        for p, h in zip(self._paragraphs, self._para_heights, strict=True):
            y -= h
            p.drawOn(c, inset, y)
        # Thick rule over a thin one: the classic Indonesian kop.
        y = top - body - rule_gap
        thick, space, thin = _THICK * s, _RULE_GAP * s, _THIN * s
        c.saveState()
        c.setLineCap(0)
        c.setLineWidth(thick)
        c.line(0, y - thick / 2, self.width, y - thick / 2)
        c.setLineWidth(thin)
        y -= thick + space
        c.line(0, y - thin / 2, self.width, y - thin / 2)
        c.restoreState()


class SignatureBlock(Flowable):  # type: ignore[misc]
    """Signatory block at the right: "Pasuruan, 22 November 2026", the position, room for the
    signature and stamp, the name in bold underlined, the rank, and "NIP. …"; never split."""

    def __init__(self, signatory: Signatory, *, place: str = "", on: dt.date | None = None,
                 above: str = "", font_size: float = 10, signature_space: float = 2.0 * CM,
                 min_width: float = 6.2 * CM) -> None:
        super().__init__()
        fonts.register_fonts()
        self.signatory = signatory
        self.place = place
        self.on = on
        self.above = above  # e.g. "a.n. Kepala Dinas Sosial", printed over the position
        self.font_size = font_size
        self.signature_space = signature_space
        self.min_width = min_width
        self.spaceBefore = 0.6 * CM
        self._block_width = 0.0
        self._rows: list[tuple[Paragraph, float]] = []
        self._signature_at = 0  # index of the first row below the space for the signature
        self._space = 0.0

    def _paragraphs(self) -> tuple[list[Paragraph], list[Paragraph]]:
        size = self.font_size
        normal = _style("ttd", fonts.SANS, size, leading=size * 1.3)
        bold = _style("ttd-name", fonts.SANS_BOLD, size, leading=size * 1.3)
        head = []
        if self.on is not None:
            dated = format_date(self.on)
            head.append(Paragraph(escape(f"{self.place}, {dated}" if self.place else dated), normal))
        if self.above.strip():
            head.append(Paragraph(escape(self.above.strip()), normal))
        for line in self.signatory.position.splitlines():
            if line.strip():
                head.append(Paragraph(escape(line.strip()), normal))
        foot = []
        name = self.signatory.name.strip()
        foot.append(Paragraph(f"<u>{escape(name)}</u>" if name else "&nbsp;", bold))
        if self.signatory.rank.strip():
            foot.append(Paragraph(escape(self.signatory.rank.strip()), normal))
        if self.signatory.nip.strip():
            foot.append(Paragraph(escape(f"NIP. {format_nip(self.signatory.nip)}"), normal))
        return head, foot

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        s = _scale_for(availWidth)
        head, foot = self._paragraphs()
        # Wide enough for the longest line (a long name with titles must not break), but no
        # narrower than usual and never wider than the frame.
        longest = max(stringWidth(" ".join(p.getPlainText().split()), p.style.fontName, p.style.fontSize)
                      for p in head + foot)
        width = min(availWidth, max(self.min_width * s, availWidth * 0.46, longest + self.font_size))
        rows: list[tuple[Paragraph, float]] = []
        for p in head:
            rows.append((p, p.wrap(width, availHeight)[1]))
        self._signature_at = len(rows)
        for p in foot:
            rows.append((p, p.wrap(width, availHeight)[1]))
        self._rows = rows
        self._block_width = width
        self.width = availWidth
        self.height = sum(h for _, h in rows) + self.signature_space * s
        self._space = self.signature_space * s
        return self.width, self.height

    def draw(self) -> None:
        x = self.width - self._block_width
        y = self.height
        for i, (p, h) in enumerate(self._rows):
            if i == self._signature_at:
                y -= self._space
            y -= h
            p.drawOn(self.canv, x, y)
