"""The tanda terima berkas (receipt) and the surat pengembalian berkas (return slip) of the counter.

Both open with the letterhead, a title and a boxed panel of key facts: the number in large type,
when the file came in (and, on a receipt, when it is due) and the QR code. Then the applicant and
the service, the documents, and room for the applicant's and the officer's signatures. The receipt
lists every document received with what was seen (original or copy), the products to expect and
how to complain; the return slip lists exactly what is missing and, briefly, what was checked.

On A5 (the default), A4 and F4 the documents are a table. A long list runs on to further pages:
each opens with the table head naming the document and its number ("… (lanjutan)"), the
signatures never stand alone on the last page, and the footer of every page carries the number.
A5 takes narrower margins than a letter, so that a typical file (ten documents) fits on one sheet.
On the 80 mm roll everything is one column, the logo sits above the letterhead's text, and the
page is cut to the length of its content.

The clerk waits for this at the counter, so it is built for speed: the panel and the QR code are
drawn directly on the canvas, text that cannot wrap goes into table cells as plain strings, and a
paragraph is broken into lines once per width however often a table measures it.

Imports reportlab at module level: import this module only when printing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from dinsos_desktop.domain.checklist import ItemStatus
from dinsos_desktop.domain.office import OfficeProfile, format_nip
from dinsos_desktop.reports import fonts
from dinsos_desktop.reports.document import KeepWithTail, PageFooter, build_pdf
from dinsos_desktop.reports.formatting import format_date_long
from dinsos_desktop.reports.letterhead import Letterhead
from dinsos_desktop.reports.letterhead import _read_logo as read_logo
from dinsos_desktop.reports.paper import A5, MM, Margins, PaperSize
from dinsos_desktop.reports.qr import draw_qr
from dinsos_desktop.services.dto import ReceiptData, ReceiptItem

RECEIPT_TITLE = "TANDA TERIMA BERKAS"
RETURN_SLIP_TITLE = "SURAT PENGEMBALIAN BERKAS"
KEEP_RECEIPT = "Simpan tanda terima ini untuk menanyakan perkembangan permohonan."
BRING_SLIP = "Bawa surat ini ketika menyerahkan kembali berkas yang sudah dilengkapi."
RETURNED_BECAUSE = (
    "Berkas permohonan di atas <b>dikembalikan karena belum lengkap</b>. Lengkapi dokumen berikut, "
    "lalu bawa kembali berkas bersama surat ini; pemeriksaan dilanjutkan dari dokumen yang kurang.")
NO_DUE_DATE = "Tidak ada batas waktu tetap"
COMPLAINTS = "Pengaduan, saran dan masukan"

_BLACK = (0, 0, 0)
_RULE = (0.6, 0.6, 0.6)  # hairlines between table rows
_SHADE = (0.9, 0.9, 0.9)  # table heads

# A receipt is handed over the counter, not bound: on A5 it takes narrower margins than a letter so
# that a typical file (ten documents) fits on one sheet. The bottom margin holds the footer.
_A5_RECEIPT_MARGINS = Margins(top=9 * MM, right=9 * MM, bottom=12 * MM, left=11 * MM)


# --------------------------------------------------------------------------- sizes per paper


@dataclass(frozen=True, slots=True)
class _Look:
    """Type sizes and measures for one kind of paper, and the paragraph styles built from them."""

    body: float  # points
    small: float
    title: float
    number: float  # the tracking number
    qr: float  # side of the QR code, quiet zone included
    label_width: float  # the label column of the details
    status_width: float  # the status column of the documents table
    signature_space: float
    roll: bool

    def style(self, name: str, *, font: str = fonts.SANS, size: float | None = None,
              align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
        size = size or self.body
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.22,
                              alignment=align, **kw)

    @property
    def leading(self) -> float:
        return self.body * 1.22


def _look(paper: PaperSize) -> _Look:
    if paper.is_roll:
        return _Look(body=8, small=7.5, title=10.5, number=19, qr=34 * MM, label_width=24 * MM,
                     status_width=0, signature_space=13 * MM, roll=True)
    if paper.is_small:
        return _Look(body=7.5, small=6.8, title=11, number=19, qr=20 * MM, label_width=28 * MM,
                     status_width=24 * MM, signature_space=9 * MM, roll=False)
    return _Look(body=9, small=7.8, title=13, number=25, qr=30 * MM, label_width=40 * MM,
                 status_width=31 * MM, signature_space=16 * MM, roll=False)


class _Para(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width: a table measures each cell several times
    (column widths, row heights, drawing), and line breaking is most of the cost of a receipt."""

    _wrapped_at: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A failed split deletes the lines (to be broken afresh on the next page): wrap again then.
        if availWidth != self._wrapped_at or "blPara" not in self.__dict__:
            self._wrapped = super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self._wrapped


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> _Para:
    return _Para(escape(text), style, bulletText=bullet)


# --------------------------------------------------------------------------- wording


_FULL_NIK = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")


def _hide_nik(text: str) -> str:
    """A full 16-digit NIK never reaches paper, even if an unmasked one slipped into the data."""
    return _FULL_NIK.sub(r"\1******\2", text)


def _when(moment: dt.datetime) -> str:
    """'Jumat, 27 November 2026 pukul 10.15'."""
    return f"{format_date_long(moment.date())} pukul {moment:%H.%M}"


def due_text(data: ReceiptData) -> str:
    """'Jumat, 27 November 2026' (with 'pukul 13.15' for a limit in hours), or that there is no
    fixed limit."""
    if data.due is None:
        return NO_DUE_DATE
    return _when(data.due) if data.due_is_clock_time else format_date_long(data.due.date())


def _marker(item: ReceiptItem) -> str:
    """The item's outline marker from its key, as the decree sets them: "1" → "1.", "1.a" → "a.",
    "1.a.2" → "2)"."""
    last = item.key.rsplit(".", 1)[-1]
    if item.depth <= 1:
        return f"{last}."
    return f"{last})" if item.depth <= 3 else f"({last})"


def _signer(data: ReceiptData) -> str:
    """Who signs for the applicant: the kuasa (without the "(NIK …)" after the name) if any."""
    kuasa = re.sub(r"\s*\([^()]*\)\s*$", "", data.representative).strip()
    return kuasa or data.applicant_name.strip()


def _office(data: ReceiptData) -> OfficeProfile:
    return data.office if isinstance(data.office, OfficeProfile) else OfficeProfile()


def missing_items(items: Sequence[ReceiptItem]) -> list[ReceiptItem]:
    """The items marked missing, each sub-item under its parent requirement (printed once, as a
    heading), in checklist order."""
    by_key = {i.key: i for i in items}
    out: list[ReceiptItem] = []
    shown: set[str] = set()
    for item in items:
        if item.is_heading or item.status != ItemStatus.MISSING.value:
            continue
        parents = []
        key = item.key
        while "." in key:
            key = key.rsplit(".", 1)[0]
            if key in by_key:
                parents.append(by_key[key])
        for parent in reversed(parents):
            if parent.key not in shown:
                shown.add(parent.key)
                out.append(dataclasses.replace(parent, is_heading=True, status=None, status_label=""))
        out.append(item)
    return out


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --------------------------------------------------------------------------- the number panel


class _NumberPanel(Flowable):  # type: ignore[misc]
    """The box of key facts: a small label, the number in large type and a hint; beside them the
    ``facts`` (label over value: when the file was received, when it is due) and the QR code. On
    the roll everything is stacked and centred, and the facts are left to the details."""

    def __init__(self, label: str, number: str, hint: str, payload: str, look: _Look,
                 facts: Sequence[tuple[str, str, bool]] = (), note: str = "") -> None:
        super().__init__()
        self.label = label
        self.number = number
        self.payload = payload
        self.look = look
        self.hint = _p(hint, look.style("hint", size=look.small,
                                        align=TA_CENTER if look.roll else TA_LEFT))
        fact_label = look.style("fact", size=look.small, textColor=(0.25, 0.25, 0.25))
        value = look.style("fact-value", spaceAfter=look.body * 0.35)
        bold = look.style("fact-bold", font=fonts.SANS_BOLD, spaceAfter=look.body * 0.35)
        self.facts: list[_Para] = []
        for name, text, strong in facts:
            lines = "<br/>".join(escape(line) for line in text.split("\n"))
            self.facts += [_p(name, fact_label), _Para(lines, bold if strong else value)]
        if note:
            self.facts.append(_p(note, look.style("fact-note", size=look.small)))
        self.pad = 1.8 * MM
        self.spaceBefore = 1 * MM
        self.spaceAfter = 2 * MM
        self._size = look.number
        self._hint_height = 0.0
        self._left_width = 0.0
        self._facts_height = 0.0

    def _spacing(self, size: float) -> float:
        return size * 0.05  # a little air between the characters: read aloud, copied by hand

    def _number_width(self, size: float) -> float:
        return float(stringWidth(self.number, fonts.SANS_BOLD, size)
                     + self._spacing(size) * (len(self.number) - 1))

    def _fit(self, width: float) -> None:
        """Shrink the number when it is too long for its place (an unusual number format)."""
        size = self.look.number
        while size > 9 and self._number_width(size) > width:
            size -= 1
        self._size = size

    def _text_height(self) -> float:
        return self.look.small * 1.45 + self._size * 1.15 + self._hint_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        look, pad = self.look, self.pad
        self.width = availWidth
        if look.roll:
            inner = availWidth - 2 * pad
            self._fit(inner)
            self._hint_height = self.hint.wrap(inner, availHeight)[1]
            self.height = pad + self._text_height() + look.qr + pad
            return self.width, self.height
        inner = availWidth - look.qr - 2.6 * pad  # the QR code's quiet zone is its right margin
        if self.facts:
            left = min(inner * 0.5, max(self._number_width(look.number) + 2 * pad, 42 * MM))
            facts_width = inner - left - 2 * pad
            self._facts_height = sum(p.wrap(facts_width, availHeight)[1] + p.getSpaceAfter()
                                     for p in self.facts) - self.facts[-1].getSpaceAfter()
        else:
            left = inner
            self._facts_height = 0.0
        self._left_width = left
        self._fit(left)
        self._hint_height = self.hint.wrap(left, availHeight)[1]
        self.height = max(look.qr, self._text_height() + 2 * pad, self._facts_height + 2 * pad)
        return self.width, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        look, pad, size = self.look, self.pad, self._size
        c.saveState()
        c.setLineWidth(1)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillGray(0)
        if look.roll:
            mid = self.width / 2
            y = self.height - pad - look.small
            c.setFont(fonts.SANS_BOLD, look.small)
            c.drawCentredString(mid, y, self.label)
            y -= look.small * 0.45 + size * 0.95
            c.setFont(fonts.SANS_BOLD, size)
            c.drawCentredString(mid, y, self.number, charSpace=self._spacing(size))
            y -= size * 0.2 + look.qr
            draw_qr(c, self.payload, mid - look.qr / 2, y, look.qr)
            self.hint.drawOn(c, pad, y - self._hint_height)
            c.restoreState()
            return
        draw_qr(c, self.payload, self.width - look.qr, (self.height - look.qr) / 2, look.qr)
        x = pad * 1.6
        y = (self.height + self._text_height()) / 2 - look.small
        c.setFont(fonts.SANS_BOLD, look.small)
        c.drawString(x, y, self.label)
        y -= look.small * 0.45 + size * 0.95
        c.setFont(fonts.SANS_BOLD, size)
        c.drawString(x, y, self.number, charSpace=self._spacing(size))
        self.hint.drawOn(c, x, y - size * 0.2 - self._hint_height)
        if self.facts:
            x += self._left_width + pad
            c.setLineWidth(0.4)
            c.setStrokeGray(0.5)
            c.line(x, pad, x, self.height - pad)
            x += pad
            y = (self.height + self._facts_height) / 2
            for p in self.facts:
                y -= p.height
                p.drawOn(c, x, y)
                y -= p.getSpaceAfter()
        c.restoreState()


# --------------------------------------------------------------------------- sections


# Every table names a cell font, even one holding only paragraphs: the default would put the
# (not embedded) Helvetica into the PDF.
_PLAIN = [("FONT", (0, 0), (-1, -1), fonts.SANS, 8),
          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
          ("VALIGN", (0, 0), (-1, -1), "TOP")]


def _item_styles(items: Sequence[ReceiptItem], base: ParagraphStyle) -> dict[int, ParagraphStyle]:
    """A hanging-indent style per depth; each depth's gutter fits its widest marker ("10.")."""
    size = float(base.fontSize)
    gutters: dict[int, float] = {}
    for item in items:
        need = float(stringWidth(_marker(item), base.fontName, size)) + size * 0.55
        gutters[item.depth] = max(gutters.get(item.depth, size * 1.6), need)
    styles = {}
    for depth in gutters:
        left = sum(gutters.get(d, size * 1.6) for d in range(depth))
        styles[depth] = ParagraphStyle(
            f"item{depth}", parent=base, leftIndent=left + gutters[depth], bulletIndent=left,
            bulletFontName=base.fontName, bulletFontSize=size)
    return styles


def _fits(text: str, font: str, size: float, width: float) -> bool:
    return "\n" not in text and float(stringWidth(text, font, size)) <= width


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    value: str | tuple[str, ...]  # several: one a line behind a bullet
    bold: bool = False
    note: str = ""  # a second line in small type
    small: bool = False  # the value itself in small type (fine print)


class _Details:
    """Label : value rows, as one table; the label column as wide as the longest label needs. A
    value that fits on its line goes in as a plain string (no paragraph to lay out)."""

    def __init__(self, look: _Look, width: float) -> None:
        self.look = look
        self.width = width
        self.entries: list[_Entry] = []

    def add(self, label: str, value: str, *, bold: bool = False, note: str = "",
            small: bool = False) -> None:
        self.entries.append(_Entry(label, value, bold, note, small))

    def add_list(self, label: str, values: Sequence[str]) -> None:
        """Several values, one a line behind a bullet; a single value as a plain row."""
        if len(values) == 1:
            self.add(label, values[0])
        elif values:
            self.entries.append(_Entry(label, tuple(values)))

    def table(self) -> Table:
        look = self.look
        body = look.style("value")
        bold = look.style("value-bold", font=fonts.SANS_BOLD)
        small = look.style("value-small", size=look.small)
        bullet = ParagraphStyle("li", parent=body, leftIndent=look.body,
                                bulletFontName=body.fontName, bulletFontSize=body.fontSize)
        colon = look.body * 0.8
        label_width = min(look.label_width, look.body * 0.5 + max(
            (float(stringWidth(e.label, fonts.SANS, look.body)) for e in self.entries), default=0.0))
        value_width = self.width - label_width - colon
        rows: list[list[object]] = []
        bold_rows: list[int] = []
        for e in self.entries:
            cell: object
            if not isinstance(e.value, str):
                cell = [_p(v, bullet, "•") for v in e.value]
            elif e.small:
                cell = [_p(e.value, small)]
            elif not e.note and _fits(e.value, fonts.SANS_BOLD if e.bold else fonts.SANS, look.body,
                                      value_width):
                cell = e.value
                if e.bold:
                    bold_rows.append(len(rows))
            else:
                cell = [_p(e.value, bold if e.bold else body)]
                if e.note:
                    cell.append(_p(e.note, small))
            rows.append([e.label, ":", cell])
        table = Table(rows, colWidths=[label_width, colon, value_width], hAlign="LEFT")
        style = [*_PLAIN,
                 ("FONT", (0, 0), (-1, -1), fonts.SANS, look.body, look.leading),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), look.body * 0.12)]
        style.extend(("FONT", (2, r), (2, r), fonts.SANS_BOLD, look.body, look.leading)
                     for r in bold_rows)
        table.setStyle(TableStyle(style))
        table.spaceAfter = 2.2 * MM
        return table


def _applicant(details: _Details, data: ReceiptData) -> None:
    details.add("Nama pemohon", data.applicant_name, bold=True)
    if data.applicant_nik_masked.strip():
        details.add("NIK", _hide_nik(data.applicant_nik_masked.strip()))
    if data.institution_name.strip():
        details.add("Lembaga", data.institution_name.strip())
    if data.applicant_address.strip():
        details.add("Alamat", data.applicant_address.strip())
    if data.representative.strip():
        details.add("Kuasa", _hide_nik(data.representative.strip()))
    source = f"Kode layanan {data.standard_code}"
    if data.catalog_version.strip():
        source += f" · Standar pelayanan: {data.catalog_version.strip()}"
    details.add("Jenis layanan", data.standard_title, bold=True, note=source)


class _ItemsTable(Table):  # type: ignore[misc]
    """The documents table; on every page after the first its head reads ``continued``."""

    continued: str = ""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.continued:
            rest = parts[1]
            # The repeated head row is shared with the first part: replace it, do not edit it.
            rest._cellvalues[0] = [self.continued, *rest._cellvalues[0][1:]]
            rest.continued = self.continued
        return parts


def _items_table(items: Sequence[ReceiptItem], *, head: str, continued: str, status_head: str,
                 look: _Look, width: float) -> Table:
    """The documents, one row each: the text (indented by depth; a heading as a group line across
    the table) and, with a ``status_head``, the status in a column of its own."""
    styles = _item_styles(items, look.style("item"))
    with_status = bool(status_head)
    cols = [width - look.status_width, look.status_width] if with_status else [width]
    data: list[list[object]] = [[head, status_head] if with_status else [head]]
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.SANS, look.body, look.leading),
        ("FONT", (0, 0), (-1, 0), fonts.SANS_BOLD, look.small, look.small * 1.22),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("TOPPADDING", (0, 0), (-1, 0), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2.4),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.9, _BLACK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, _BLACK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.9, _BLACK),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.9, _BLACK),
    ]
    for item in items:
        text = escape(item.text)
        if item.note.strip():
            text += f"<br/><i>Catatan: {escape(item.note.strip())}</i>"
        cell = _Para(text, styles[item.depth], bulletText=_marker(item))
        row = len(data)
        if not with_status:
            data.append([cell])
        elif item.is_heading:
            data.append([cell, ""])
            style.append(("SPAN", (0, row), (1, row)))
        else:
            data.append([cell, item.status_label])
    table = _ItemsTable(data, colWidths=cols, repeatRows=1, hAlign="LEFT")
    table.continued = continued
    table.setStyle(TableStyle(style))
    return table


def _roll_items(items: Sequence[ReceiptItem], head: str, look: _Look, width: float, *,
                with_status: bool) -> list[Flowable]:
    """The documents on the roll: one paragraph each, the status on the line below it."""
    styles = _item_styles(items, look.style("item", spaceAfter=look.body * 0.4))
    out: list[Flowable] = [
        _p(head, look.style("roll-head", font=fonts.SANS_BOLD, spaceBefore=1 * MM)),
        HRFlowable(width=width, thickness=0.9, color=_BLACK, spaceBefore=1.2, spaceAfter=1.5 * MM),
    ]
    for item in items:
        text = escape(item.text)
        if item.note.strip():
            text += f"<br/><i>Catatan: {escape(item.note.strip())}</i>"
        if with_status and not item.is_heading and item.status_label:
            text += f"<br/><b>» {escape(item.status_label)}</b>"
        out.append(_Para(text, styles[item.depth], bulletText=_marker(item)))
    out.append(HRFlowable(width=width, thickness=0.9, color=_BLACK, spaceBefore=0.5 * MM,
                          spaceAfter=1 * MM))
    return out


def _run_together(entries: Sequence[str]) -> str:
    """'1) …; 2) …' (a single entry as it is)."""
    if len(entries) == 1:
        return entries[0]
    return "; ".join(f"{i}) {e}" for i, e in enumerate(entries, 1))


def _listing(title: str, entries: Sequence[str], look: _Look) -> list[Flowable]:
    """A titled list in small type, one entry a line (on the roll)."""
    if not entries:
        return []
    small = look.style("small", size=look.small)
    out: list[Flowable] = [_p(f"{title}:", look.style("lt", font=fonts.SANS_BOLD, size=look.small))]
    item = ParagraphStyle("li", parent=small, leftIndent=look.small * 1.7,
                          bulletFontName=small.fontName, bulletFontSize=small.fontSize)
    out.extend(_p(e, item, f"{i}." if len(entries) > 1 else "•") for i, e in enumerate(entries, 1))
    return out


def _signatures(data: ReceiptData, look: _Look, width: float, *, officer_role: str) -> Table:
    """Room to sign for the applicant (left) and the officer (right); on the roll the officer first
    and the applicant below. Each name in bold on its signature line, the officer's NIP below."""
    applicant = _signer(data) or " "
    officer = data.officer_name.strip() or " "
    nip = f"NIP. {format_nip(data.officer_nip.strip())}" if data.officer_nip.strip() else ""
    heights = [look.leading, look.signature_space, look.leading * 1.1, look.leading]
    if look.roll:
        margin = width * 0.1
        rows = [["", f"{officer_role},", ""], ["", "", ""], ["", officer, ""], ["", nip, ""],
                ["", "", ""], ["", "Pemohon/Kuasa,", ""], ["", "", ""], ["", applicant, ""]]
        table = Table(rows, colWidths=[margin, width - 2 * margin, margin],
                      rowHeights=[*heights, 5 * MM, *heights[:3]])
        lines = [(1, 2), (1, 7)]
    else:
        # Two signature lines, each a little wider than a long name, with air at the sides.
        side, gap = width * 0.04, width * 0.12
        col = (width - 2 * side - gap) / 2
        rows = [["", "Pemohon/Kuasa,", "", f"{officer_role},", ""], [""] * 5,
                ["", applicant, "", officer, ""], ["", "", "", nip, ""]]
        table = Table(rows, colWidths=[side, col, gap, col, side], rowHeights=heights)
        lines = [(1, 2), (3, 2)]
    table.setStyle(TableStyle([
        *_PLAIN,
        ("FONT", (0, 0), (-1, -1), fonts.SANS, look.body),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), look.body * 0.25),
        *[("FONT", cell, cell, fonts.SANS_BOLD, look.body) for cell in lines],
        *[("LINEBELOW", cell, cell, 0.6, _BLACK) for cell in lines],
    ]))
    table.spaceBefore = 2.5 * MM if look.roll else 2 * MM
    return table


def _block(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables stacked in a one-cell table: one block that moves to a next page as a whole."""
    table = Table([[list(flowables)]], colWidths=[width])
    table.setStyle(TableStyle(_PLAIN))
    return table


class _KeepWithTail(KeepWithTail):
    """KeepWithTail whose body, once cut short to go with its tail, continues on a new page.

    Without the page break the frame would try the rest again in the room the cut left, which a
    table split only between rows (its head repeated) may well fit, and cut it again there."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not isinstance(parts[1], KeepWithTail):
            return parts
        rest = _KeepWithTail(parts[1].body, parts[1].tail, carry=self.carry)
        if self._body_height <= availHeight:  # cut short to go with the tail: on to a new page
            return [parts[0], PageBreak(), rest]
        return [parts[0], rest]


# --------------------------------------------------------------------------- the documents


class _CentredLogo(Flowable):  # type: ignore[misc]
    """The office logo centred above the letterhead, for the roll, where a logo beside the text
    would leave the office's name too little room."""

    def __init__(self, logo: Any, height: float) -> None:
        super().__init__()
        self.logo = logo
        iw, ih = logo.getSize()
        self.logo_height = height
        self.logo_width = height * iw / ih
        self.spaceAfter = 1 * MM

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.logo_width = min(self.logo_width, availWidth)
        self.width, self.height = availWidth, self.logo_height
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.logo, (self.width - self.logo_width) / 2, 0, self.logo_width,
                            self.logo_height, mask="auto", preserveAspectRatio=True)


def _header(data: ReceiptData, look: _Look, title: str, number_label: str, hint: str,
            facts: Sequence[tuple[str, str, bool]] = (), note: str = "") -> list[Flowable]:
    office = _office(data)
    out: list[Flowable] = []
    if look.roll and office.logo_png:
        logo = read_logo(office.logo_png)
        if logo is not None:
            out.append(_CentredLogo(logo, 12 * MM))
        office = dataclasses.replace(office, logo_png=None)
    title_style = look.style("title", font=fonts.SANS_BOLD, size=look.title, align=TA_CENTER)
    out += [Letterhead(office, space_after=2.2 * MM), _p(title, title_style), Spacer(0, 0.6 * MM),
            _NumberPanel(number_label, data.number, hint, data.qr_payload, look, facts, note)]
    return out


def _frame_width(paper: PaperSize) -> float:
    return _paper_for(paper).frame_width


def receipt_story(data: ReceiptData, paper: PaperSize = A5) -> list[Flowable]:
    """The flowables of a receipt on ``paper``."""
    fonts.register_fonts()
    look = _look(paper)
    width = _frame_width(paper)
    limit = data.time_limit_text.strip()
    limit_note = limit and f"Jangka waktu: {limit}"
    # When the file came in and when it is due stand beside the number; on the roll, with the
    # details below it.
    facts = [("Diterima", _when(data.received_at), False),
             ("Batas selesai", due_text(data), data.due is not None)]
    if not look.roll:  # the time on a line of its own beside the number, where room is short
        facts = [(label, value.replace(" pukul ", "\npukul "), bold) for label, value, bold in facts]
    details = _Details(look, width)
    _applicant(details, data)
    if look.roll:
        story = _header(data, look, RECEIPT_TITLE, "NOMOR REGISTRASI", KEEP_RECEIPT)
        for label, value, bold in facts:
            details.add(label, value, bold=bold, note=limit_note if label == "Batas selesai" else "")
    else:
        story = _header(data, look, RECEIPT_TITLE, "NOMOR REGISTRASI", KEEP_RECEIPT, facts, limit_note)
    if look.roll:
        details.add_list("Produk layanan", data.products)
    elif data.products:  # run together where room is short: "1) …; 2) …"
        details.add("Produk layanan", _run_together(data.products))
    if data.complaint_channels and not look.roll:
        details.add("Pengaduan", _run_together(data.complaint_channels), small=True)
    story.append(details.table())

    head = "DOKUMEN YANG DITERIMA"
    sign = _signatures(data, look, width, officer_role="Petugas Penerima")
    if look.roll:
        story.extend(_roll_items(data.items, head, look, width, with_status=True))
        story.extend(_listing(COMPLAINTS, data.complaint_channels, look))
        story.append(sign)
        return story
    table = _items_table(data.items, head=head, status_head="KETERANGAN", look=look, width=width,
                         continued=f"{head} (lanjutan tanda terima No. {data.number})")
    # The signatures close the receipt and never stand alone on a page.
    story.append(_KeepWithTail(table, sign, carry=look.leading * 4))
    return story


def return_slip_story(data: ReceiptData, paper: PaperSize = A5) -> list[Flowable]:
    """The flowables of a return slip on ``paper``."""
    fonts.register_fonts()
    look = _look(paper)
    width = _frame_width(paper)
    missing = missing_items(data.items)
    count = sum(1 for i in missing if not i.is_heading)
    facts = [("Diperiksa", _when(data.received_at), False),
             ("Kekurangan", f"{count} dokumen", True)]
    if not look.roll:
        facts = [(label, value.replace(" pukul ", "\npukul "), bold) for label, value, bold in facts]
    details = _Details(look, width)
    _applicant(details, data)
    if look.roll:
        story = _header(data, look, RETURN_SLIP_TITLE, "NOMOR SURAT PENGEMBALIAN", BRING_SLIP)
        for label, value, bold in facts:
            details.add(label, value, bold=bold)
    else:
        story = _header(data, look, RETURN_SLIP_TITLE, "NOMOR SURAT PENGEMBALIAN", BRING_SLIP, facts)
    story.append(details.table())
    story.append(_Para(RETURNED_BECAUSE, look.style("why", spaceAfter=2 * MM)))

    head = "DOKUMEN YANG BELUM ADA"
    checked = [i for i in data.items if not i.is_heading and i.status
               and i.status != ItemStatus.MISSING.value]
    after: list[Flowable] = []
    if checked:
        listed = "; ".join(f"{escape(i.key)} {escape(_short(i.text, 40))} ({escape(i.status_label)})"
                           for i in checked)
        after.append(Spacer(0, 2 * MM))
        after.append(_Para(f"<b>Sudah diperiksa:</b> {listed}", look.style("checked", size=look.small)))
    sign = _signatures(data, look, width, officer_role="Petugas Pemeriksa")
    if look.roll:
        story.extend(_roll_items(missing, head, look, width, with_status=False))
        story.extend(after)
        story.append(sign)
        return story
    table = _items_table(missing, head=head, status_head="", look=look, width=width,
                         continued=f"{head} (lanjutan surat No. {data.number})")
    story.append(_KeepWithTail(table, _block([*after, sign], width), carry=look.leading * 4))
    return story


def _paper_for(paper: PaperSize) -> PaperSize:
    if paper.is_small and not paper.is_roll:
        return dataclasses.replace(paper, margins=_A5_RECEIPT_MARGINS)
    return paper


def _content_height(story: Sequence[Flowable], width: float) -> float:
    canvas = Canvas(None)
    total = 0.0
    for i, flowable in enumerate(story):
        total += flowable.wrapOn(canvas, width, 1e6)[1] + flowable.getSpaceAfter()
        if i:
            total += flowable.getSpaceBefore()
    return total


def _render(data: ReceiptData, paper: PaperSize, story: list[Flowable], title: str) -> bytes:
    page = _paper_for(paper)
    if page.is_roll:
        # Cut the roll to the content (a little slack for rounding), within the longest piece.
        height = (_content_height(story, page.frame_width) + page.margins.top
                  + page.margins.bottom + 2 * MM)
        page = page.with_height(min(page.height_mm, height / MM))
        footer = PageFooter(left=data.number, font_size=7.5)
    else:
        footer = PageFooter(left=f"{title.capitalize()} No. {data.number}",
                            right=f"Kode layanan: {data.standard_code}",
                            font_size=6.8 if page.is_small else 7.8)
    office = _office(data)
    return build_pdf(story, page, title=f"{title.capitalize()} {data.number}",
                     author=f"{office.office_name} {office.government_name}".strip(),
                     subject=f"{data.standard_title} ({data.standard_code})", footer=footer)


def render_receipt(data: ReceiptData, paper: PaperSize = A5) -> bytes:
    """The tanda terima berkas of a registered application, as a PDF on ``paper`` (A5, A4, F4 or
    the 80 mm roll)."""
    return _render(data, paper, receipt_story(data, paper), RECEIPT_TITLE)


def render_return_slip(data: ReceiptData, paper: PaperSize = A5) -> bytes:
    """The surat pengembalian berkas of a returned file, as a PDF on ``paper``."""
    return _render(data, paper, return_slip_story(data, paper), RETURN_SLIP_TITLE)
