"""The page frame every printout shares: paper and margins, document properties, and a footer
"<left text> — halaman X dari Y" with an optional right-hand text on every page.

Imports reportlab at module level: import this module only when printing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from dinsos_desktop import APP_NAME
from dinsos_desktop.reports import fonts
from dinsos_desktop.reports.paper import PaperSize

# Compressed streams stay binary (no ASCII85 text wrapping): a PDF is a binary file anyway, and
# the encoding costs about half a second on a 900-page agenda book.
rl_config.useA85 = 0

_TOTAL_PAGES_FORM = "dinsos_total_pages"
FOOTER_GREY = 0.25  # dark grey: reads as black, but steps back from the body text


@dataclass(frozen=True, slots=True)
class PageFooter:
    left: str = ""  # e.g. "Dicetak 27 November 2026"; the page count follows it
    right: str = ""  # e.g. the service code
    font_size: float = 8


class _TotalPagesCanvas(Canvas):  # type: ignore[misc]
    """Writes "Y" of "halaman X dari Y" as a form XObject that is filled in when the document is
    saved, so a document is laid out once instead of twice."""

    footer_font_size: float = 8

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        total = self.getPageNumber() - 1
        self.beginForm(_TOTAL_PAGES_FORM)
        self.setFont(fonts.SANS, self.footer_font_size)
        self.setFillGray(FOOTER_GREY)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


def page_count_placeholder(canvas: Canvas, x: float, y: float) -> None:
    """Draw the document's total page count at (x, y) on the current page."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(_TOTAL_PAGES_FORM)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, doc: BaseDocTemplate, paper: PaperSize, footer: PageFooter) -> None:
    canvas.saveState()
    size = footer.font_size
    canvas.setFont(fonts.SANS, size)
    canvas.setFillGray(FOOTER_GREY)
    left = paper.margins.left
    right = paper.width - paper.margins.right
    y = paper.margins.bottom * 0.45
    prefix = f"{footer.left} — halaman {doc.page} dari " if footer.left else f"Halaman {doc.page} dari "
    canvas.drawString(left, y, prefix)
    page_count_placeholder(canvas, left + canvas.stringWidth(prefix, fonts.SANS, size), y)
    if footer.right:
        canvas.drawRightString(right, y, footer.right)
    canvas.restoreState()


def build_pdf(story: Sequence[Flowable], paper: PaperSize, *, title: str, author: str = "",
              subject: str = "", footer: PageFooter | None = None, compress: bool = True,
              invariant: bool = False) -> bytes:
    """Lay ``story`` out on ``paper`` (portrait) and return the PDF.

    ``invariant`` makes the output byte-for-byte reproducible (no timestamps, fixed document id);
    with ``compress`` off the page streams stay readable. Both are for tests and debugging.
    """
    fonts.register_fonts()
    footer = footer or PageFooter()
    out = io.BytesIO()
    margins = paper.margins
    doc = BaseDocTemplate(
        out,
        pagesize=paper.size,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        subject=subject,
        creator=APP_NAME,
        lang="id-ID",
        pageCompression=1 if compress else 0,
        invariant=1 if invariant else 0,
        initialFontName=fonts.SANS,
    )
    frame = Frame(margins.left, margins.bottom, paper.frame_width, paper.frame_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _draw_footer(canvas, doc, paper, footer)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page,
                                       pagesize=paper.size)])

    def make_canvas(*args: Any, **kwargs: Any) -> _TotalPagesCanvas:
        canvas = _TotalPagesCanvas(*args, **kwargs)
        canvas.footer_font_size = footer.font_size
        return canvas

    doc.build(list(story), canvasmaker=make_canvas)
    return out.getvalue()


class KeepWithTail(Flowable):  # type: ignore[misc]
    """``body`` followed by ``tail``, where ``tail`` (a signatory block) never starts a page on its
    own: when it does not fit below the end of ``body``, ``body`` is split earlier so that at least
    ``carry`` points of it move to the next page with ``tail``. ``body`` must be splittable (a
    table or a paragraph); if it cannot be split there, ``tail`` moves alone."""

    def __init__(self, body: Flowable, tail: Flowable, *, carry: float) -> None:
        super().__init__()
        self.body = body
        self.tail = tail
        self.carry = carry
        self._body_height = 0.0
        self._tail_height = 0.0

    def getSpaceBefore(self) -> float:
        return float(self.body.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.tail.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        bw, bh = self.body.wrapOn(self.canv, availWidth, availHeight)
        tw, th = self.tail.wrapOn(self.canv, availWidth, availHeight)
        self._body_height = bh
        self._tail_height = th + self.tail.getSpaceBefore()
        self.width = max(bw, tw)
        self.height = bh + self._tail_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self._body_height <= availHeight:
            # The body fits but the tail does not: cut the body short by ``carry``.
            parts = self.body.splitOn(self.canv, availWidth, self._body_height - self.carry)
            if len(parts) != 2:
                # Move both to the next page; if this is already a fresh page (the frame has
                # postponed us once), the tail has to go alone.
                return [self.body, self.tail] if getattr(self, "_postponed", False) else []
        else:
            parts = self.body.splitOn(self.canv, availWidth, availHeight)
            if len(parts) != 2:
                return []
        return [parts[0], KeepWithTail(parts[1], self.tail, carry=self.carry)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.body.drawOn(canvas, x, y + self._tail_height, _sW)
        self.tail.drawOn(canvas, x, y, _sW)
