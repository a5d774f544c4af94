"""The standard sheet (lembar Standar Pelayanan) a clerk prints and hands to an applicant.

It repeats the decree's attachment for one service: the letterhead, the title, the decree it rests
on, and the components as the decree's three-column table (No | Komponen | Uraian), followed by the
head of office's signatory block when a head is on file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from dinsos_desktop.domain.catalog import CatalogVersion, Requirement, Standard
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.text import fold
from dinsos_desktop.reports import fonts
from dinsos_desktop.reports.document import KeepWithTail, PageFooter, build_pdf
from dinsos_desktop.reports.formatting import format_date, format_rupiah
from dinsos_desktop.reports.letterhead import Letterhead, SignatureBlock
from dinsos_desktop.reports.paper import A4, CM, PaperSize


@dataclass(frozen=True, slots=True)
class _Styles:
    body: ParagraphStyle
    header: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    basis: ParagraphStyle
    indent: float  # the narrowest gutter for list markers

    def gutter(self, markers: Iterable[str]) -> float:
        """Room for the widest of ``markers`` ("10." needs more than "1.") and a space."""
        size = float(self.body.fontSize)
        widest = max((float(stringWidth(m, self.body.fontName, size)) for m in markers), default=0.0)
        return max(self.indent, widest + size * 0.5)

    def item(self, left: float, gutter: float) -> ParagraphStyle:
        """A list item whose marker starts at ``left`` and whose text hangs at ``left + gutter``."""
        return ParagraphStyle(
            "item", parent=self.body, leftIndent=left + gutter, bulletIndent=left,
            bulletFontName=self.body.fontName, bulletFontSize=self.body.fontSize,
        )


def _styles(size: float) -> _Styles:
    leading = size * 1.3
    # allowWidows=0: a paragraph split over two pages never leaves its last line alone.
    body = ParagraphStyle("body", fontName=fonts.SANS, fontSize=size, leading=leading, alignment=TA_LEFT,
                          spaceAfter=size * 0.15, allowWidows=0, allowOrphans=0)
    return _Styles(
        body=body,
        header=ParagraphStyle("th", parent=body, fontName=fonts.SANS_BOLD, alignment=TA_CENTER),
        number=ParagraphStyle("no", parent=body, alignment=TA_CENTER),
        heading=ParagraphStyle("sub", parent=body, fontName=fonts.SANS_BOLD, spaceBefore=size * 0.4),
        title=ParagraphStyle("title", fontName=fonts.SANS_BOLD, fontSize=size * 1.2, leading=size * 1.55,
                             alignment=TA_CENTER),
        basis=ParagraphStyle("basis", parent=body, alignment=TA_CENTER, spaceAfter=0),
        indent=size * 1.7,
    )


def _p(text: str, style: ParagraphStyle, *, bullet: str | None = None) -> Paragraph:
    return Paragraph(escape(text), style, bulletText=bullet)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _marker(depth: int, index: int) -> str:
    """Indonesian outline markers: 1. → a. → 1) → a) → (1) → (a)."""
    letter = _LETTERS[(index - 1) % 26]
    return [f"{index}.", f"{letter}.", f"{index})", f"{letter})", f"({index})", f"({letter})"][min(depth, 5)]


def _list(items: Sequence[tuple[str, str]], st: _Styles, left: float = 0) -> list[Flowable]:
    """(marker, text) pairs as hanging-indented paragraphs."""
    gutter = st.gutter(marker for marker, _ in items)
    style = st.item(left, gutter)
    return [_p(text, style, bullet=marker) for marker, text in items]


def _numbered(items: Sequence[str], st: _Styles) -> list[Flowable]:
    """A single item stands alone; several are numbered."""
    if len(items) == 1:
        return [_p(items[0], st.body)]
    return _list([(_marker(0, i), text) for i, text in enumerate(items, 1)], st)


def _requirements(reqs: Sequence[Requirement], st: _Styles, depth: int = 0,
                  left: float = 0) -> list[Flowable]:
    if depth == 0 and len(reqs) == 1 and not reqs[0].children:
        return [_p(reqs[0].text, st.body)]
    markers = [_marker(depth, i) for i in range(1, len(reqs) + 1)]
    gutter = st.gutter(markers)
    style = st.item(left, gutter)
    out: list[Flowable] = []
    for marker, req in zip(markers, reqs, strict=True):
        out.append(_p(req.text, style, bullet=marker))
        # Sub-items hang under their parent's text, the way the decree sets them.
        out.extend(_requirements(req.children, st, depth + 1, left + gutter))
    return out


def _procedure(standard: Standard, st: _Styles) -> list[Flowable]:
    steps = standard.procedure_steps
    if not standard.procedure_sections:
        return _numbered(steps, st)
    # The decree numbers the steps afresh under each named part; steps outside every part form
    # untitled runs numbered the same way.
    runs: list[tuple[str | None, Sequence[str]]] = []
    step = 1
    for section in sorted(standard.procedure_sections, key=lambda s: s.from_step):
        if section.from_step < step:
            continue  # overlapping parts: the catalog validator allows them, print each step once
        if section.from_step > step:
            runs.append((None, steps[step - 1:section.from_step - 1]))
        runs.append((section.title, steps[section.from_step - 1:section.to_step]))
        step = section.to_step + 1
    if step <= len(steps):
        runs.append((None, steps[step - 1:]))
    out: list[Flowable] = []
    for title, run in runs:
        if title:
            out.append(_p(title.rstrip(":") + ":", st.heading))
        out.extend(_list([(_marker(0, i), text) for i, text in enumerate(run, 1)], st))
    return out


# "1. …; 2. …" or "a. … . b. …": a marker at the start or after a semicolon or full stop.
_INLINE_MARKER = re.compile(r"(?:^|(?<=[;.])\s+)(\d{1,2}|[a-z])\.\s+")


def _inline_list(text: str) -> list[tuple[str, str]] | None:
    """Split decree wording like "1. Maksimal 2 hari …; 2. Maksimal 1 hari …" into (marker, item)
    pairs so each item starts on its own line. None when the wording is not such a list (at least
    two markers, 1, 2, 3… or a, b, c…, the first at the very start). The words are not changed."""
    matches = list(_INLINE_MARKER.finditer(text))
    if len(matches) < 2 or matches[0].start() != 0:
        return None
    labels = [m.group(1) for m in matches]
    if labels[0] == "1":
        expected = [str(i) for i in range(1, len(labels) + 1)]
    elif labels[0] == "a":
        expected = list(_LETTERS[:len(labels)])
    else:
        return None
    if labels != expected:
        return None
    items = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt is not None else len(text)
        items.append((f"{m.group(1)}.", text[m.end():end].strip()))
    return items


def _wording(text: str, st: _Styles) -> list[Flowable]:
    items = _inline_list(text)
    return _list(items, st) if items else [_p(text, st.body)]


def _time_limit(standard: Standard, st: _Styles) -> list[Flowable]:
    limit = standard.time_limit
    out = _wording(limit.text or limit.describe(), st)
    # The decree usually names the other cases in its wording; list only those it does not.
    said = fold(limit.text)
    extra = [alt for alt in limit.alternatives if fold(alt.condition) not in said]
    for alt in extra:
        out.append(_p(f"{alt.condition}: {alt.value} {alt.unit.label}", st.body))
    return out


def _components(standard: Standard, st: _Styles) -> list[tuple[str, list[Flowable]]]:
    """(Komponen, Uraian) in the decree's order; a component the decree leaves empty is skipped."""
    s = standard
    rows: list[tuple[str, list[Flowable]]] = []

    def add(label: str, content: list[Flowable]) -> None:
        if content:
            rows.append((label, content))

    def text(value: str | None) -> list[Flowable]:
        return _wording(value, st) if value and value.strip() else []

    add("Dasar Hukum", _numbered(s.legal_basis, st) if s.legal_basis else [])
    add("Persyaratan Pelayanan", _requirements(s.requirements, st))
    add("Sistem, Mekanisme dan Prosedur", _procedure(s, st) if s.procedure_steps else [])
    add("Jangka Waktu Pelayanan", _time_limit(s, st))
    fee = s.fee.text.strip() or ("" if s.fee.amount is None else format_rupiah(s.fee.amount))
    add("Biaya/Tarif", text(fee))
    add("Produk Pelayanan", _numbered(s.products, st) if s.products else [])
    add("Sarana, Prasarana dan/atau Fasilitas", _numbered(s.facilities, st) if s.facilities else [])
    add("Kompetensi Pelaksana", _numbered(s.competence, st) if s.competence else [])
    add("Pengawasan Internal", _numbered(s.supervision, st) if s.supervision else [])
    add("Penanganan Pengaduan, Saran dan Masukan",
        _numbered(s.complaint_channels, st) if s.complaint_channels else [])
    executors = s.executors.text.strip() or (
        f"{s.executors.count} orang" if s.executors.count is not None else "")
    add("Jumlah Pelaksana", text(executors))
    add("Jaminan Pelayanan", text(s.service_guarantee))
    add("Jaminan Keamanan dan Keselamatan Pelayanan", text(s.safety_guarantee))
    add("Evaluasi Kinerja Pelaksana", text(s.evaluation))
    return rows


def _table(standard: Standard, st: _Styles, width: float, small: bool) -> Table:
    no_w = max(0.8 * CM, width * 0.065)
    label_w = width * (0.27 if small else 0.25)
    data: list[list[object]] = [[_p("NO", st.header), _p("KOMPONEN", st.header), _p("URAIAN", st.header)]]
    for i, (label, content) in enumerate(_components(standard, st), 1):
        data.append([_p(str(i), st.number), _p(label, st.body), content])
    pad = 4 if small else 5
    style: list[tuple[object, ...]] = [
        # Cells hold paragraphs; the cell font only keeps Helvetica (not embedded) out of the PDF.
        ("FONT", (0, 0), (-1, -1), fonts.SANS, st.body.fontSize, st.body.leading),
        ("GRID", (0, 0), (-1, -1), 0.6, (0, 0, 0)),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, (0, 0, 0)),
        # Close the table at the foot of a page where a component runs on to the next one.
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.6, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    table = Table(
        data, colWidths=[no_w, label_w, width - no_w - label_w], repeatRows=1,
        # Fill each page: a long component (the requirements of ABH run over a page) is split
        # between list items or lines rather than pushed whole to the next page. A split leaves at
        # least about three lines on each side.
        splitByRow=0, splitInRow=st.body.leading * 3, hAlign="LEFT",
    )
    table.setStyle(TableStyle(style))
    return table


def _decree_reference_parts(version: CatalogVersion) -> tuple[str, str]:
    issuer = version.issuer.strip()
    keputusan = f"Keputusan {issuer}" if issuer else "Keputusan"
    return (f"Berdasarkan {keputusan}",
            f"Nomor {version.decree_number} tanggal {format_date(version.decree_date)}")


def decree_reference(version: CatalogVersion) -> str:
    """'Berdasarkan Keputusan Kepala Dinas Sosial Kota Pasuruan Nomor 188/76/423.105/2021 tanggal
    12 Juli 2021'."""
    return " ".join(_decree_reference_parts(version))


def standard_sheet_story(standard: Standard, version: CatalogVersion, bidang_name: str,
                         office: OfficeProfile, *, paper: PaperSize = A4,
                         printed_on: dt.date | None = None) -> list[Flowable]:
    """The flowables of the sheet, for embedding it in a larger document."""
    fonts.register_fonts()
    printed_on = printed_on or dt.date.today()
    small = paper.is_small
    st = _styles(8.5 if small else 10)
    story: list[Flowable] = [
        Letterhead(office),
        _p("STANDAR PELAYANAN", st.title),
        _p(standard.title.upper(), st.title),
        Spacer(0, st.body.fontSize * 0.6),
        # Broken before "Nomor" so that the number and the date stay together on one line.
        Paragraph("<br/>".join(escape(part) for part in _decree_reference_parts(version)), st.basis),
    ]
    if bidang_name.strip():
        story.append(_p(f"Unit kerja: {bidang_name.strip()}", st.basis))
    story.append(Spacer(0, st.body.fontSize * 1.1))
    table = _table(standard, st, paper.frame_width, small)
    if office.head.name.strip():
        signature = SignatureBlock(office.head, place=office.city, on=printed_on,
                                   font_size=st.body.fontSize)
        # Never leave the signature alone on the last page: a few lines of the table go with it.
        story.append(KeepWithTail(table, signature, carry=st.body.leading * 3))
    else:
        story.append(table)
    return story


def render_standard_sheet(standard: Standard, version: CatalogVersion, bidang_name: str,
                          office: OfficeProfile, *, paper: PaperSize = A4,
                          printed_on: dt.date | None = None) -> bytes:
    """The standard sheet of ``standard`` as a PDF on ``paper``."""
    printed_on = printed_on or dt.date.today()
    story = standard_sheet_story(standard, version, bidang_name, office, paper=paper,
                                 printed_on=printed_on)
    footer = PageFooter(left=f"Dicetak {format_date(printed_on)}",
                        right=f"Kode layanan: {standard.code}",
                        font_size=7 if paper.is_small else 8)
    return build_pdf(
        story, paper,
        title=f"Standar Pelayanan {standard.title}",
        author=f"{office.office_name} {office.government_name}".strip(),
        subject=decree_reference(version),
        footer=footer,
    )
