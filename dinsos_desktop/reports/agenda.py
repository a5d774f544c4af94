"""The agenda book of outgoing letters (Buku Agenda Surat Keluar) as a landscape PDF register.

One month or one year of ``AgendaRegisterData`` on A4 or F4 turned sideways: the letterhead, the
title with the period ("Bulan November 2026", "Tahun 2026"), the agenda table (No., Nomor Surat,
Tanggal Surat, Tanggal Kirim, Tujuan, Perihal, Kode Klasifikasi, Sifat, Lampiran, Unit Pengolah,
Penandatangan, Keterangan) with its head repeated on every page, a count of the letters, and the
head of office's "Mengetahui" signatory block. A voided letter keeps its row: the letter's data
is struck through on a grey ground and Keterangan reads "BATAL" with the reason; a nomor sisipan
says "Sisipan" and why. Every page carries "Halaman X dari Y".

A year can hold ten thousand letters, so the table is built for speed: the cells are plain text
broken into lines here (word widths cached, long letter numbers broken after a slash), every row's
height is known before reportlab sees it, the rows are packed into pages here, and each page of
the table is one flowable that draws its backgrounds, its text (one text object), the strokes
through voided letters and its grid straight on the canvas: reportlab never measures a cell nor
splits a long table. A cell longer than a whole page (a subject of a thousand characters in a
narrow column) is cut with "…". A5 is refused: twelve columns do not fit on it.

reportlab is imported inside the functions: importing this module costs nothing at start-up,
and ``Cancelled``, ``landscape``, ``period_text`` and the wording helpers shared with the
spreadsheet (``agenda_xlsx``) are cheap to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from dinsos_desktop.reports.paper import A4, CM, F4, MM, Margins, PaperSize

if TYPE_CHECKING:
    from dinsos_desktop.services.dto import AgendaRegisterData, LetterDTO

TITLE = "BUKU AGENDA SURAT KELUAR"
VOID_MARK = "BATAL"
INSERT_MARK = "Sisipan"

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

# Registers need the width more than a letter needs its binding margin.
REGISTER_MARGINS = Margins(top=1.5 * CM, right=1.5 * CM, bottom=1.8 * CM, left=2 * CM)


class Cancelled(Exception):
    """The user cancelled a register while it was being built; nothing was written."""

    def __init__(self, message: str = "Pembuatan buku agenda dibatalkan.") -> None:
        super().__init__(message)


def landscape(paper: PaperSize) -> PaperSize:
    """``paper`` turned sideways, with the register margins (a landscape paper is returned as
    it is)."""
    if paper.width_mm > paper.height_mm:
        return paper
    return replace(paper, width_mm=paper.height_mm, height_mm=paper.width_mm,
                   margins=REGISTER_MARGINS, label=f"{paper.label}, melintang")


A4_LANDSCAPE = landscape(A4)
F4_LANDSCAPE = landscape(F4)


# --------------------------------------------------------------------------- wording (shared)


def period_text(year: int, month: int | None) -> str:
    """'Bulan November 2026' or 'Tahun 2026'."""
    if month is None:
        return f"Tahun {year}"
    from dinsos_desktop.reports.formatting import format_month_year

    return f"Bulan {format_month_year(dt.date(year, month, 1))}"


def short_date(day: dt.date | None) -> str:
    """'05-11-2026', the register's date; '-' for none."""
    return day.strftime("%d-%m-%Y") if day is not None else "-"


def nature_label(nature: str) -> str:
    from dinsos_desktop.domain.letters import Nature

    try:
        return Nature(nature).label
    except ValueError:
        return nature


def is_void(letter: LetterDTO) -> bool:
    from dinsos_desktop.domain.letters import LetterStatus

    return letter.status == LetterStatus.VOID.value


def addressee_lines(letter: LetterDTO) -> list[str]:
    """Name, institution and address, each on its own line (the empty ones left out)."""
    return [t for t in (letter.addressee_name.strip(), letter.addressee_institution.strip(),
                        " ".join(letter.addressee_address.split())) if t]


def insert_note(letter: LetterDTO) -> str:
    """'Sisipan: <reason>' (and whether it still waits for approval); '' for a regular number."""
    if not letter.is_insert:
        return ""
    text = f"{INSERT_MARK}: {letter.insert_reason.strip()}" if letter.insert_reason.strip() else INSERT_MARK
    if letter.insert_approval == "menunggu":
        text += " (menunggu persetujuan)"
    return text


def other_notes(letter: LetterDTO) -> list[str]:
    """What else Keterangan says: the incoming letter answered, the application, the notes."""
    out = []
    if letter.related_incoming.strip():
        out.append(f"Balasan surat {letter.related_incoming.strip()}")
    if letter.related_application_number.strip():
        out.append(f"Permohonan {letter.related_application_number.strip()}")
    if letter.notes.strip():
        out.append(" ".join(letter.notes.split()))
    return out


def summary_counts(letters: Sequence[LetterDTO]) -> tuple[int, int, int]:
    """(letters, voided, nomor sisipan) of the book."""
    return (len(letters), sum(1 for x in letters if is_void(x)), sum(1 for x in letters if x.is_insert))


def summary_text(letters: Sequence[LetterDTO]) -> str:
    total, void, inserts = summary_counts(letters)
    text = f"Jumlah: {total} surat"
    if total:
        text += f" ({total - void} aktif, {void} batal)"
        if inserts:
            text += f"; {inserts} di antaranya nomor sisipan"
    return text + "."


# --------------------------------------------------------------------------- text into lines


_MEASURE_CACHE = 200_000  # words; the cache lives as long as the program


class _Measure:
    """String widths in one font and size; words are measured once."""

    def __init__(self, font: str, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._width = stringWidth
        self.font = font
        self.size = size
        self._cache: dict[str, float] = {}
        self.space = self(" ")

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            if len(self._cache) > _MEASURE_CACHE:
                self._cache.clear()
            width = self._cache[text] = float(self._width(text, self.font, self.size))
        return width

    def raw(self, text: str) -> float:
        """Uncached (for pieces of broken words, which rarely repeat)."""
        return float(self._width(text, self.font, self.size))


_BREAK_AFTER = ("/", "-_", ".,;)")


def _break_word(word: str, width: float, m: _Measure) -> list[str]:
    """A word wider than ``width`` in pieces that fit: cut after a slash (letter numbers break
    between their parts), else a dash, else a dot or comma, where one is near enough to the end
    of the line; else between characters. (TrueType widths add up: no kerning.)"""
    widths = [m(ch) for ch in word]
    pieces = []
    start = 0
    while start < len(word):
        end, used = start, 0.0
        while end < len(word) and (end == start or used + widths[end] <= width):
            used += widths[end]
            end += 1
        cut = end
        if end < len(word):
            for marks in _BREAK_AFTER:
                nice = max((j + 1 for j in range(start, end) if word[j] in marks), default=0)
                if nice - start >= max(1, (end - start) // 3):
                    cut = nice
                    break
        pieces.append(word[start:cut])
        start = cut
    return pieces


def wrap_text(text: str, width: float, m: _Measure) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (its own line breaks kept, blank lines
    dropped)."""
    lines: list[str] = []
    space = m.space
    for para in text.splitlines():
        line = ""
        used = 0.0
        for word in para.split():
            w = m(word)
            if w > width:
                pieces = _break_word(word, width, m)
                if line:
                    lines.append(line)
                lines.extend(pieces[:-1])
                line, used = pieces[-1], sum(m(ch) for ch in pieces[-1])
            elif not line:
                line, used = word, w
            elif used + space + w <= width:
                line += " " + word
                used += space + w
            else:
                lines.append(line)
                line, used = word, w
        if line:
            lines.append(line)
    return lines


def _cut(lines: list[str], most: int, width: float, m: _Measure) -> list[str]:
    """At most ``most`` lines, the last ending in '…' when some were dropped."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and m.raw(last + " …") > width:
        last = last[:-1]
    kept[-1] = f"{last.rstrip()} …"
    return kept


# --------------------------------------------------------------------------- the table's geometry


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    align: str  # LEFT | CENTER
    sample: str = ""  # the widest content expected; the column is at least that wide
    flex: float = 0.0  # share of the width that the fixed columns leave
    struck: bool = True  # struck through on a voided letter's row
    minimum_mm: float = 0.0


_COLUMNS: tuple[_Column, ...] = (
    _Column("No.", "CENTER", struck=False),
    _Column("Nomor Surat", "LEFT", sample="460/076/423.105/2026"),
    _Column("Tanggal Surat", "CENTER", sample="30-11-2026"),
    _Column("Tanggal Kirim", "CENTER", sample="30-11-2026"),
    _Column("Tujuan", "LEFT", flex=0.42),
    _Column("Perihal", "LEFT", flex=0.58),
    _Column("Kode Klasifikasi", "CENTER", sample="000.8.3.3"),
    _Column("Sifat", "CENTER", sample="Rahasia"),
    _Column("Lampiran", "CENTER"),
    _Column("Unit Pengolah", "CENTER", sample="SEKRETARIAT"),
    _Column("Penandatangan", "LEFT", minimum_mm=24),
    _Column("Keterangan", "LEFT", struck=False, minimum_mm=24),
)
_NOMOR = 1
_KETERANGAN = len(_COLUMNS) - 1
# Of the width a wider paper (F4) adds to what A4 leaves, Nomor Surat and Keterangan take these
# shares; Tujuan and Perihal the rest.
_WIDE_SHARES = {_NOMOR: 0.2, _KETERANGAN: 0.15}


@dataclass(frozen=True, slots=True)
class _Look:
    size: float
    leading: float
    head_size: float
    pad_x: float
    pad_top: float
    pad_bottom: float
    number_size: float  # the row of column numbers under the head

    @property
    def pad_y(self) -> float:
        return self.pad_top + self.pad_bottom


def _look_for(paper: PaperSize) -> _Look:
    size = 7.5 if paper.frame_width >= 280 * MM else 7.0
    return _Look(size=size, leading=size * 1.22, head_size=size, pad_x=2.2, pad_top=1.6,
                 pad_bottom=2.4, number_size=6.0)


def _column_widths(width: float, look: _Look, body: _Measure, bold: _Measure, rows: int) -> list[float]:
    fixed: list[float | None] = []
    for i, col in enumerate(_COLUMNS):
        if col.flex:
            fixed.append(None)
            continue
        head = max(bold(w) for w in col.title.split())
        sample = "9" * max(3, len(str(rows))) if i == 0 else col.sample
        need = max(head, body(sample) if sample else 0.0, col.minimum_mm * MM)
        fixed.append(need + 2 * look.pad_x + 0.5)
    spare = width - sum(w for w in fixed if w is not None)
    a4_spare = A4_LANDSCAPE.frame_width - sum(w for w in fixed if w is not None)
    if spare > a4_spare > 0:
        wider = spare - a4_spare
        for index, share in _WIDE_SHARES.items():
            fixed[index] = (fixed[index] or 0.0) + wider * share
            spare -= wider * share
    if spare < 30 * MM:
        raise ValueError("Kertas terlalu sempit untuk buku agenda.")
    return [w if w is not None else spare * col.flex for w, col in zip(fixed, _COLUMNS, strict=True)]


@dataclass(slots=True)
class _Row:
    """A row of the table: each cell's lines, the row's height, and what kind of row it is."""

    cells: list[list[str]]
    height: float
    kind: str = "letter"  # head | numbers | letter | void | note, summary (one line across the table)


def _letter_row(index: int, letter: LetterDTO, widths: Sequence[float], look: _Look,
                body: _Measure, bold: _Measure, most: int) -> _Row:
    void = is_void(letter)
    remarks: list[str] = []
    if void:
        remarks.append(VOID_MARK)
        if letter.void_reason.strip():
            remarks.append(" ".join(letter.void_reason.split()))
    note = insert_note(letter)
    if note:
        remarks.append(note)
    remarks.extend(other_notes(letter))
    texts = [
        str(index),
        letter.full_number,
        short_date(letter.letter_date),
        short_date(letter.sent_date),
        "\n".join(addressee_lines(letter)),
        letter.subject,
        letter.classification_code,
        nature_label(letter.nature),
        str(letter.attachments) if letter.attachments else "-",
        letter.bidang_code or "-",
        letter.signatory,
        "\n".join(remarks),
    ]
    cells: list[list[str]] = []
    tallest = 1
    for i, (text, width) in enumerate(zip(texts, widths, strict=True)):
        m = bold if (void and i == _KETERANGAN) else body
        inner = width - 2 * look.pad_x
        lines = _cut(wrap_text(text, inner, m), most, inner, m)
        tallest = max(tallest, len(lines))
        cells.append(lines)
    return _Row(cells, tallest * look.leading + look.pad_y, "void" if void else "letter")


def _head_rows(widths: Sequence[float], look: _Look, bold: _Measure) -> list[_Row]:
    titles = [wrap_text(col.title, width - 2 * look.pad_x, bold)
              for col, width in zip(_COLUMNS, widths, strict=True)]
    tallest = max(len(t) for t in titles)
    numbers = [[str(i)] for i in range(1, len(_COLUMNS) + 1)]
    return [_Row(titles, tallest * look.leading + look.pad_y + 2, "head"),
            _Row(numbers, look.number_size * 1.2 + 2.4, "numbers")]


def _summary_row(text: str, look: _Look, kind: str = "summary") -> _Row:
    return _Row([[text]], look.leading + look.pad_y + 1, kind)


_ACROSS = ("note", "summary")  # rows of one cell across the table


# --------------------------------------------------------------------------- reportlab classes


_HEAD_GREY = 0.86
STRIKE_WIDTH = 0.65  # points; the line through a voided letter's text
_VOID_GREY = 0.93


@cache
def _flowables() -> tuple[type[Any], type[Any]]:
    """The table page and the progress checkpoint, made on first use (reportlab is not imported
    before something is printed)."""
    from reportlab.platypus import Flowable

    from dinsos_desktop.reports import fonts

    class AgendaPage(Flowable):  # type: ignore[misc]
        """Rows of the book under the table head, drawn straight on the canvas: backgrounds,
        all text in one text object, the strike-through of voided letters, the grid. Sized for
        one page; split between rows (the head repeated) only when the signature needs room."""

        def __init__(self, head: list[_Row], rows: list[_Row], widths: Sequence[float],
                     look: _Look) -> None:
            super().__init__()
            self.head, self.rows, self.widths, self.look = head, rows, widths, look
            self.width = sum(widths)
            self.height = sum(r.height for r in head) + sum(r.height for r in rows)

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            return self.width, self.height

        def split(self, availWidth: float, availHeight: float) -> list[Any]:
            room = availHeight - sum(r.height for r in self.head)
            k = 0
            while k < len(self.rows) and self.rows[k].height <= room:
                room -= self.rows[k].height
                k += 1
            if k == 0 or k == len(self.rows):
                return []
            return [AgendaPage(self.head, self.rows[:k], self.widths, self.look),
                    AgendaPage(self.head, self.rows[k:], self.widths, self.look)]

        def draw(self) -> None:
            canvas = self.canv
            rows = [*self.head, *self.rows]
            xs = [0.0]
            for w in self.widths:
                xs.append(xs[-1] + w)
            tops = []
            y = self.height
            for row in rows:
                tops.append(y)
                y -= row.height
            canvas.saveState()
            for row, top in zip(rows, tops, strict=True):
                if row.kind in ("head", "numbers", "void"):
                    canvas.setFillGray(_VOID_GREY if row.kind == "void" else _HEAD_GREY)
                    canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
            canvas.setFillGray(0)
            self._text(rows, tops, xs)
            self._grid(rows, tops, xs)
            canvas.restoreState()

        def _text(self, rows: list[_Row], tops: list[float], xs: list[float]) -> None:
            canvas, look = self.canv, self.look
            text = canvas.beginText()
            strikes = canvas.beginPath()
            struck = False
            current: tuple[str, float] | None = None
            for row, top in zip(rows, tops, strict=True):
                kind = row.kind
                if kind == "numbers":
                    font, size, leading, pad_top = fonts.SANS, look.number_size, look.number_size * 1.2, 0.8
                else:
                    font = fonts.SANS_BOLD if kind in ("head", "summary") else fonts.SANS
                    size, leading, pad_top = look.size, look.leading, look.pad_top
                for i, lines in enumerate(row.cells):
                    if not lines:
                        continue
                    cell_font = fonts.SANS_BOLD if kind == "void" and i == _KETERANGAN else font
                    if current != (cell_font, size):
                        text.setFont(cell_font, size, leading)
                        current = (cell_font, size)
                    if kind == "head":  # centred in the middle of the row
                        y = top - (row.height - len(lines) * leading) / 2 - size - (leading - size) / 2
                    else:
                        y = top - pad_top - size
                    left = xs[i] + look.pad_x
                    right = (xs[-1] if kind in _ACROSS else xs[i + 1]) - look.pad_x
                    col = _COLUMNS[i]
                    centred = kind in ("head", "numbers") or (col.align == "CENTER" and kind not in _ACROSS)
                    strike = kind == "void" and col.struck and lines != ["-"]
                    if not centred and not strike:
                        # One origin per cell; T* (the font's leading) steps down to each next line.
                        text.setTextOrigin(left, y)
                        for line in lines:
                            text.textLine(line)
                        continue
                    width_of = _measure(cell_font, size)
                    for line in lines:
                        # Short centred values (dates, codes) repeat: their widths are cached.
                        lw = width_of.raw(line) if strike else width_of(line)
                        x0 = (left + right - lw) / 2 if centred else left
                        if strike and lw:
                            mid = y + size * 0.3
                            strikes.moveTo(x0 - 0.5, mid)
                            strikes.lineTo(x0 + lw + 0.5, mid)
                            struck = True
                        text.setTextOrigin(x0, y)
                        text.textLine(line)
                        y -= leading
            canvas.drawText(text)
            if struck:
                canvas.setLineWidth(STRIKE_WIDTH)
                canvas.drawPath(strikes, stroke=1, fill=0)

        def _grid(self, rows: list[_Row], tops: list[float], xs: list[float]) -> None:
            canvas = self.canv
            width = self.width
            # A summary line runs across the table: no column lines through it.
            cells_end = next((top for row, top in zip(rows, tops, strict=True) if row.kind in _ACROSS), 0.0)
            thin = canvas.beginPath()
            for x in xs[1:-1]:
                thin.moveTo(x, self.height)
                thin.lineTo(x, cells_end)
            for top in tops[1:]:
                thin.moveTo(0, top)
                thin.lineTo(width, top)
            canvas.setLineWidth(0.4)
            canvas.drawPath(thin, stroke=1, fill=0)
            canvas.setLineWidth(0.9)
            canvas.rect(0, 0, width, self.height, stroke=1, fill=0)
            under_head = tops[len(self.head)] if len(tops) > len(self.head) else 0.0
            canvas.line(0, under_head, width, under_head)

    class Checkpoint(Flowable):  # type: ignore[misc]
        """Takes no room; when the page it ends is drawn, reports the rows laid out so far and
        stops the build if the user cancelled."""

        def __init__(self, done: int, total: int, progress: Progress | None,
                     cancelled: IsCancelled | None) -> None:
            super().__init__()
            self.done, self.total = done, total
            self.progress, self.cancelled = progress, cancelled
            self.width = self.height = 0

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            if self.cancelled is not None and self.cancelled():
                raise Cancelled()
            if self.progress is not None:
                self.progress(self.done, self.total)

    return AgendaPage, Checkpoint


@cache
def _measure(font: str, size: float) -> _Measure:
    return _Measure(font, size)


# --------------------------------------------------------------------------- the document


def _pages(rows: Sequence[_Row], first: float, later: float, head: float) -> list[list[_Row]]:
    """The rows packed greedily into pages: ``first`` points of table on the first page,
    ``later`` on each further one, each page opening with the head (``head`` points)."""
    pages: list[list[_Row]] = [[]]
    room = first - head
    for row in rows:
        if row.height > room and pages[-1]:
            pages.append([])
            room = later - head
        pages[-1].append(row)
        room -= row.height
    return pages


def _opening(data: AgendaRegisterData) -> list[Any]:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.letterhead import Letterhead

    title = ParagraphStyle("agenda-title", fontName=fonts.SANS_BOLD, fontSize=12, leading=15,
                           alignment=TA_CENTER)
    period = ParagraphStyle("agenda-period", fontName=fonts.SANS_BOLD, fontSize=10.5, leading=13,
                            alignment=TA_CENTER, spaceAfter=0.35 * CM)
    return [Letterhead(data.office, space_after=0.3 * CM), Paragraph(escape(TITLE), title),
            Paragraph(escape(period_text(data.year, data.month)), period)]


def _height_of(flowables: Sequence[Any], width: float, height: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        total += f.wrap(width, height)[1] + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total


def render_agenda_register(data: AgendaRegisterData, paper: PaperSize = A4_LANDSCAPE, *,
                           progress: Progress | None = None,
                           cancelled: IsCancelled | None = None) -> bytes:
    """The agenda book of ``data`` (a month or a year, letters in book order) as a PDF on
    ``paper`` turned landscape (a portrait size is turned). ``progress(done, total)`` is called
    as the pages are laid out and ``cancelled()`` asked between pages: when it answers True the
    build stops with ``Cancelled``."""
    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.document import KeepWithTail, PageFooter, build_pdf
    from dinsos_desktop.reports.formatting import format_date, format_datetime
    from dinsos_desktop.reports.letterhead import SignatureBlock

    fonts.register_fonts()
    paper = landscape(paper)
    look = _look_for(paper)
    body = _measure(fonts.SANS, look.size)
    bold = _measure(fonts.SANS_BOLD, look.size)
    width, height = paper.frame_width, paper.frame_height
    widths = _column_widths(width, look, body, bold, len(data.letters))
    head = _head_rows(widths, look, bold)
    head_height = sum(r.height for r in head)
    most = max(3, int((height - head_height - look.pad_y - 6) // look.leading))  # lines in a cell

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    letters = data.letters
    total = len(letters)
    if progress is not None:
        progress(0, total)
    rows: list[_Row] = []
    for i, letter in enumerate(letters, 1):
        if i % 250 == 0:
            check()
        rows.append(_letter_row(i, letter, widths, look, body, bold, most))
    check()
    if not rows:
        rows.append(_summary_row("Tidak ada surat keluar pada periode ini.", look, "note"))
    rows.append(_summary_row(summary_text(letters), look))

    opening = _opening(data)
    slack = 2.0  # points kept free on each page against rounding
    first = height - _height_of(opening, width, height) - slack
    pages = _pages(rows, first, height - slack, head_height)

    page_class, checkpoint = _flowables()
    story: list[Any] = list(opening)
    done = 0
    office = data.office
    for n, page_rows in enumerate(pages, 1):
        table = page_class(head, page_rows, widths, look)
        done += sum(1 for r in page_rows if r.kind in ("letter", "void"))
        if n == len(pages) and office.head.name.strip():
            signature = SignatureBlock(office.head, place=office.city, on=data.printed_at.date(),
                                       above="Mengetahui,", font_size=9)
            # The signature never stands alone on the last page: a few rows go with it.
            story.append(KeepWithTail(table, signature, carry=look.leading * 6))
        else:
            story.append(table)
        story.append(checkpoint(min(done, total), total, progress, cancelled))

    period = period_text(data.year, data.month)
    footer = PageFooter(right=(f"Buku Agenda Surat Keluar {period} · dicetak "
                               f"{format_datetime(data.printed_at)}"), font_size=7)
    author = f"{office.office_name} {office.government_name}".strip()
    pdf = build_pdf(story, paper, title=f"Buku Agenda Surat Keluar {period}", author=author,
                    subject=f"{total} surat keluar, dicetak {format_date(data.printed_at.date())}",
                    footer=footer)
    if progress is not None:
        progress(total, total)
    return pdf
