"""The tanda terima penyerahan: the receipt signed when the product of an application is handed to
the applicant or to a representative (kuasa), a short berita acara serah terima.

It looks like the tanda terima berkas (reports/receipt.py), whose building blocks it uses: the
letterhead, a title, and the boxed panel with the tracking number in large type, when the file was
registered and handed over, and the QR code. Then a sentence stating the handover, the application
(applicant, service, the products handed over) and the recipient as label : value rows, and the
signatures of the officer who hands over (left) and the recipient (right) under the office's city
and the date. On the 80 mm roll everything is one column and the page is cut to its content.

Imports reportlab at module level: import this module only when printing.
"""

from __future__ import annotations

import dataclasses
import re
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from dinsos_desktop.domain.office import OfficeProfile, format_nip
from dinsos_desktop.reports import fonts
from dinsos_desktop.reports.document import PageFooter, build_pdf
from dinsos_desktop.reports.formatting import format_date, format_date_long
from dinsos_desktop.reports.letterhead import Letterhead
from dinsos_desktop.reports.letterhead import _read_logo as read_logo
from dinsos_desktop.reports.paper import A5, MM, PaperSize
from dinsos_desktop.reports.receipt import (
    _BLACK,
    _PLAIN,
    _RULE,
    _block,
    _CentredLogo,
    _content_height,
    _Details,
    _fits,
    _hide_nik,
    _KeepWithTail,
    _Look,
    _look,
    _NumberPanel,
    _p,
    _paper_for,
    _Para,
    _when,
)
from dinsos_desktop.services.dto import HandoverReceiptData

HANDOVER_TITLE = "TANDA TERIMA PENYERAHAN"
HANDOVER_SUBTITLE = "Berita Acara Serah Terima Produk Layanan"
HANDOVER_HINT = "Permohonan selesai: produk layanan telah diserahkan."
CLOSING = "Demikian tanda terima ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
AS_APPLICANT = "Pemohon"
AS_REPRESENTATIVE = "Kuasa pemohon"
OFFICER_ROLE = "Petugas Pelayanan"

_MASKED_NIK = re.compile(r"\d{6}\*{6}\d{4}")


def _office(data: HandoverReceiptData) -> OfficeProfile:
    return data.office if isinstance(data.office, OfficeProfile) else OfficeProfile()


def _recipient_role(data: HandoverReceiptData) -> str:
    return AS_REPRESENTATIVE if data.recipient_is_representative else AS_APPLICANT


def statement(data: HandoverReceiptData) -> str:
    """'Pada hari ini Jumat, tanggal 27 November 2026, pukul 10.15, telah diserahkan …' (markup)."""
    day, date = format_date_long(data.handed_at.date()).split(", ", 1)
    who = "kuasa pemohon" if data.recipient_is_representative else "pemohon"
    return (f"Pada hari ini <b>{escape(day)}</b>, tanggal <b>{escape(date)}</b>, pukul "
            f"{data.handed_at:%H.%M}, telah diserahkan produk layanan atas permohonan nomor registrasi "
            f"<b>{escape(data.tracking_number)}</b> kepada {who} dengan rincian sebagai berikut:")


def _header(data: HandoverReceiptData, look: _Look,
            facts: list[tuple[str, str, bool]]) -> list[Flowable]:
    """Letterhead, title and the number panel, as on the receipt (the logo above the text on the
    roll)."""
    office = _office(data)
    out: list[Flowable] = []
    if look.roll and office.logo_png:
        logo = read_logo(office.logo_png)
        if logo is not None:
            out.append(_CentredLogo(logo, 12 * MM))
        office = dataclasses.replace(office, logo_png=None)
    title = look.style("title", font=fonts.SANS_BOLD, size=look.title, align=TA_CENTER)
    subtitle = look.style("subtitle", size=look.small, align=TA_CENTER)
    out += [Letterhead(office, space_after=2.2 * MM), _p(HANDOVER_TITLE, title),
            _p(HANDOVER_SUBTITLE, subtitle), Spacer(0, 1 * MM),
            _NumberPanel("NOMOR REGISTRASI", data.tracking_number, HANDOVER_HINT, data.qr_payload,
                         look, facts)]
    return out


def _details(data: HandoverReceiptData, look: _Look, width: float) -> Table:
    """The application, the products and the recipient, as one table of label : value rows (the
    recipient set a little apart)."""
    details = _Details(look, width)
    details.add("Nama pemohon", data.applicant_name.strip(), bold=True)
    if data.applicant_nik_masked.strip():
        details.add("NIK", _hide_nik(data.applicant_nik_masked.strip()))
    if data.institution_name.strip():
        details.add("Lembaga", data.institution_name.strip())
    source = f"Kode layanan {data.standard_code}"
    if data.catalog_version.strip():
        source += f" · Standar pelayanan: {data.catalog_version.strip()}"
    details.add("Jenis layanan", data.standard_title.strip(), bold=True, note=source)
    if look.roll:  # beside the number on paper
        if data.registered_at is not None:
            details.add("Tanggal daftar", format_date_long(data.registered_at.date()))
        details.add("Diserahkan", _when(data.handed_at), bold=True)
    details.add_list("Produk layanan", [p.strip() for p in data.products if p.strip()])
    recipient_row = len(details.entries)
    details.add("Penerima", data.recipient_name.strip(), bold=True)
    number = _hide_nik(data.recipient_id_number_masked.strip())
    if number:
        details.add("NIK" if _MASKED_NIK.fullmatch(number) else "Nomor identitas", number)
    details.add("Selaku", _recipient_role(data))
    if data.note.strip():
        details.add("Catatan", data.note.strip())
    table = details.table()
    # Set the recipient a little apart from the application, under a hairline.
    table.setStyle(TableStyle([
        ("TOPPADDING", (0, recipient_row), (-1, recipient_row), look.body * 0.6),
        ("LINEABOVE", (0, recipient_row), (-1, recipient_row), 0.3, _RULE),
    ]))
    return table


def _name(name: str, look: _Look, width: float) -> object:
    """A signer's name for its cell: a plain string if it fits on the line, else a paragraph that
    wraps (a long name with titles must not run past its signature line)."""
    name = name.strip()
    if not name:
        return " "
    if _fits(name, fonts.SANS_BOLD, look.body, width):
        return name
    return _p(name, look.style("signer", font=fonts.SANS_BOLD, align=TA_CENTER))


def _signatures(data: HandoverReceiptData, look: _Look, width: float) -> Table:
    """The city and date, then room to sign for the officer who hands over (left) and the
    recipient (right); on the roll the officer first and the recipient below. Each name in bold on
    its signature line; below it the officer's NIP, and above the space what the recipient is
    (the applicant or a kuasa)."""
    city = _office(data).city.strip()
    dated = format_date(data.handed_at.date())
    dated = f"{city}, {dated}" if city else dated
    nip = f"NIP. {format_nip(data.officer_nip.strip())}" if data.officer_nip.strip() else ""
    role = _recipient_role(data)
    line, space = look.leading, look.signature_space * (1 if look.roll else 1.4)
    # None: the row of a name grows when the name wraps; the NIP a little below the line.
    name_height, nip_height = None, line * 1.2
    if look.roll:
        margin = width * 0.1
        col = width - 2 * margin
        officer, recipient = _name(data.officer_name, look, col), _name(data.recipient_name, look, col)
        rows = [["", dated, ""], ["", "Yang menyerahkan,", ""], ["", OFFICER_ROLE, ""], ["", "", ""],
                ["", officer, ""], ["", nip, ""], ["", "", ""],
                ["", "Yang menerima,", ""], ["", role, ""], ["", "", ""], ["", recipient, ""]]
        heights = [line * 1.4, line, line, space, name_height, nip_height, 5 * MM,
                   line, line, space, name_height]
        table = Table(rows, colWidths=[margin, col, margin], rowHeights=heights)
        names = [(1, 4), (1, 10)]
    else:
        side, gap = width * 0.04, width * 0.12
        col = (width - 2 * side - gap) / 2
        officer, recipient = _name(data.officer_name, look, col), _name(data.recipient_name, look, col)
        rows = [["", "", "", dated, ""],
                ["", "Yang menyerahkan,", "", "Yang menerima,", ""],
                ["", OFFICER_ROLE, "", role, ""],
                [""] * 5,
                ["", officer, "", recipient, ""],
                ["", nip, "", "", ""]]
        heights = [line * 1.4, line, line, space, name_height, nip_height]
        table = Table(rows, colWidths=[side, col, gap, col, side], rowHeights=heights)
        names = [(1, 4), (3, 4)]
    table.setStyle(TableStyle([
        *_PLAIN,
        ("FONT", (0, 0), (-1, -1), fonts.SANS, look.body),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), look.body * 0.25),
        *[("FONT", cell, cell, fonts.SANS_BOLD, look.body) for cell in names],
        *[("LINEBELOW", cell, cell, 0.6, _BLACK) for cell in names],
    ]))
    table.spaceBefore = look.body * 0.4
    return table


def handover_story(data: HandoverReceiptData, paper: PaperSize = A5) -> list[Flowable]:
    """The flowables of a handover receipt on ``paper``."""
    fonts.register_fonts()
    look = _look(paper)
    width = _paper_for(paper).frame_width
    facts: list[tuple[str, str, bool]] = []
    if not look.roll:  # beside the number; on the roll with the details
        if data.registered_at is not None:
            facts.append(("Tanggal daftar", format_date_long(data.registered_at.date()), False))
        facts.append(("Diserahkan", _when(data.handed_at).replace(" pukul ", "\npukul "), True))
    story = _header(data, look, facts)
    align = TA_LEFT if look.roll else TA_JUSTIFY  # justified lines gape on the narrow roll
    text = look.style("statement", align=align, spaceAfter=look.body * 0.6)
    story.append(_Para(statement(data), text))
    closing = _p(CLOSING, look.style("closing"))
    # The closing sentence and the signatures go together and never stand alone on a page: when
    # they do not fit, the last rows of the details go with them.
    tail = _block([closing, _signatures(data, look, width)], width)
    tail.spaceBefore = 2.2 * MM  # as below the details of a receipt
    story.append(_KeepWithTail(_details(data, look, width), tail, carry=look.leading * 3))
    return story


def render_handover_receipt(data: HandoverReceiptData, paper: PaperSize = A5) -> bytes:
    """The tanda terima penyerahan of a finished application, as a PDF on ``paper`` (A5, A4, F4 or
    the 80 mm roll)."""
    story = handover_story(data, paper)
    page = _paper_for(paper)
    number = data.tracking_number
    if page.is_roll:
        # Cut the roll to the content (a little slack for rounding), within the longest piece.
        height = (_content_height(story, page.frame_width) + page.margins.top
                  + page.margins.bottom + 2 * MM)
        page = page.with_height(min(page.height_mm, height / MM))
        footer = PageFooter(left=number, font_size=7.5)
    else:
        footer = PageFooter(left=f"Tanda terima penyerahan No. {number}",
                            right=f"Kode layanan: {data.standard_code}",
                            font_size=6.8 if page.is_small else 7.8)
    office = _office(data)
    return build_pdf(story, page, title=f"Tanda terima penyerahan {number}",
                     author=f"{office.office_name} {office.government_name}".strip(),
                     subject=f"{data.standard_title} ({data.standard_code})", footer=footer)
