"""The agenda book's registers and files: the landscape PDF (reports.agenda), the XLSX book, the
classification codes' XLSX/CSV files and the old agenda book reader (reports.agenda_xlsx).

No database: the books are AgendaRegisterData built here. The PDFs are read back with
tests/pdftext.py; the workbooks with openpyxl.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dinsos_desktop.domain.letters import LetterFields, LetterKind, Nature, check_fields
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.reports.agenda import (
    A4_LANDSCAPE,
    F4_LANDSCAPE,
    STRIKE_WIDTH,
    Cancelled,
    landscape,
    period_text,
    render_agenda_register,
    wrap_text,
)
from dinsos_desktop.reports.agenda_xlsx import (
    FIRST_ROW,
    HEAD_ROW,
    FileProblem,
    UnreadableFile,
    parse_date,
    read_classifications,
    read_old_agenda,
    split_number,
    write_agenda_xlsx,
    write_classifications,
)
from dinsos_desktop.reports.paper import A4, A5, F4, MM, PaperSize
from dinsos_desktop.services.dto import AgendaRegisterData, ClassificationDTO, ClassificationInput, LetterDTO
from tests.pdftext import parse_pdf, squash

HEAD = Signatory("Kepala Dinas Sosial Kota Pasuruan", "Drs. H. Contoh Pejabat, M.Si.", "197001011990031001",
                 "Pembina Utama Muda (IV/c)")
OFFICE = OfficeProfile(head=HEAD, version=1)
PRINTED_AT = dt.datetime(2026, 11, 30, 14, 5)
CODES = ("460", "000.8.3.3", "188.4", "400.9.2")
SUBJECTS = ("Undangan rapat koordinasi penyaluran bantuan sosial", "Permohonan data penerima PKH",
            "Penyampaian laporan bulanan pelayanan rehabilitasi sosial lanjut usia terlantar dan "
            "penyandang disabilitas", "Surat keterangan tidak mampu", "Rekomendasi")
ADDRESSEES = (("Kepala Dinas Kesehatan", "Pemerintah Kota Pasuruan", "Jl. Pahlawan No. 12, Pasuruan"),
              ("Camat Bugul Kidul", "", ""), ("", "Kantor Pos Pasuruan", "Jl. Hasanudin 3"),
              ("Sdr. Ahmad Fauzi", "", "Jl. Veteran 7, Pasuruan"))
NATURES = ("biasa", "penting", "segera", "rahasia")
VOID_EVERY = 17
INSERT_EVERY = 20


def letter(i: int, number: int, *, suffix: str = "", void: bool = False, insert: bool = False,
           day: dt.date | None = None, subject: str | None = None, notes: str = "") -> LetterDTO:
    code = CODES[i % len(CODES)]
    day = day or dt.date(2026, 11, 1 + i % 28)
    name, institution, address = ADDRESSEES[i % len(ADDRESSEES)]
    return LetterDTO(
        id=i, year=day.year, scope="letter:2026:423.105", number=number, suffix=suffix,
        full_number=f"{code}/{number:03d}{suffix}/423.105/{day.year}", letter_date=day,
        sent_date=day + dt.timedelta(days=1) if i % 3 else None,
        kind="keputusan" if code.startswith("188") else "surat", classification_code=code,
        addressee_name=name, addressee_institution=institution, addressee_address=address,
        subject=subject if subject is not None else SUBJECTS[i % len(SUBJECTS)],
        nature=NATURES[i % len(NATURES)], attachments=i % 3,
        bidang_code=("SEK", "REHSOS", "LINJAMSOS")[i % 3],
        signatory=("Kepala Dinas", "Sekretaris", "Kabid Rehsos")[i % 3],
        related_application_id=None, related_application_number="", related_incoming="", notes=notes,
        status="batal" if void else "aktif", is_insert=insert,
        insert_reason="Terlewat dicatat" if insert else "", insert_approval="disetujui" if insert else "",
        void_reason=f"Salah alamat tujuan {i}" if void else "", voided_at=None, voided_by_name="",
        scan_filename="", imported=False, created_by_name="Agendaris", version=1,
        created_at=dt.datetime(2026, 11, 1), updated_at=dt.datetime(2026, 11, 1))


def month_book(n: int = 56, *, office: OfficeProfile = OFFICE) -> AgendaRegisterData:
    """``n`` letters of November 2026 in book order: every 17th voided, a sisipan after every 20th,
    one with a subject of a thousand characters and long notes."""
    out = []
    for i in range(1, n + 1):
        subject = ("Penyampaian usulan calon penerima bantuan sosial " * 25)[:1000] if i == 30 else None
        notes = "Catatan panjang tentang pengiriman surat " * 20 if i == 30 else ""
        out.append(letter(i, i, void=i % VOID_EVERY == 0, subject=subject, notes=notes))
        if i % INSERT_EVERY == 0:
            out.append(letter(1000 + i, i, suffix="a", insert=True))
    return AgendaRegisterData(office, 2026, 11, tuple(out), PRINTED_AT)


def year_book(n: int) -> AgendaRegisterData:
    days = 250
    letters = tuple(letter(i, i, void=i % 33 == 0, day=dt.date(2026, 1, 2) + dt.timedelta(days=i * days // n))
                    for i in range(1, n + 1))
    return AgendaRegisterData(OFFICE, 2026, None, letters, PRINTED_AT)


# --------------------------------------------------------------------------- the PDF


def _content_streams(pdf: bytes) -> list[bytes]:
    """Each page's content stream, decoded (the same PDF subset tests/pdftext.py reads)."""
    objects = dict(re.findall(rb"(\d+) 0 obj\s*(.*?)\s*endobj", pdf, re.S))
    kids = re.search(rb"/Kids \[([^\]]*)\]", next(v for v in objects.values() if b"/Type /Pages" in v))
    assert kids
    out = []
    for ref in re.findall(rb"(\d+) 0 R", kids.group(1)):
        contents = re.search(rb"/Contents (\d+) 0 R", objects[ref])
        assert contents
        m = re.match(rb"^(.*?)stream\r?\n(.*?)\r?\n?endstream$", objects[contents.group(1)], re.S)
        assert m
        head, raw = m.group(1), m.group(2)
        if b"ASCII85Decode" in head:
            raw = base64.a85decode(raw.strip(), adobe=True)
        if b"FlateDecode" in head:
            raw = zlib.decompress(raw)
        out.append(raw)
    return out


def _strike_segments(stream: bytes) -> int:
    """Line segments stroked at the strike-through's line width on a page."""
    width = f"{STRIKE_WIDTH:g}".lstrip("0").encode()
    count = 0
    for m in re.finditer(rb"([\d.]+) w\n(.*?)\bS\b", stream, re.S):
        if m.group(1) == width:
            count += len(re.findall(rb" m ", m.group(2) + b" "))
    return count


@pytest.mark.parametrize(("paper", "expected"), [(A4_LANDSCAPE, A4), (F4_LANDSCAPE, F4), (A4, A4), (F4, F4)])
def test_month_register_is_a_landscape_agenda_book(paper: PaperSize, expected: PaperSize) -> None:
    book = month_book()
    pdf = render_agenda_register(book, paper)
    parsed = parse_pdf(pdf)
    pages = parsed.pages
    assert len(pages) >= 3
    width, height = expected.height_mm * MM, expected.width_mm * MM  # turned sideways
    for page in pages:
        assert page.media_box == pytest.approx((0, 0, width, height), abs=0.01)
    text = squash(parsed.text)
    assert "BUKUAGENDASURATKELUAR" in text
    assert squash("Bulan November 2026") in squash(pages[0].text)
    for title in ("No.", "Nomor Surat", "Tanggal Surat", "Tanggal Kirim", "Tujuan", "Perihal",
                  "Kode Klasifikasi", "Sifat", "Lampiran", "Unit Pengolah", "Penandatangan", "Keterangan"):
        assert squash(title) in squash(pages[-1].text), title  # the head on every page
    # "Halaman X dari Y": Y is written once, into a form every page shows.
    for n, page in enumerate(pages, 1):
        assert f"Halaman {n} dari " in page.text
    assert str(len(pages)) in parsed.forms
    # Every letter's number is printed, in book order.
    numbers = [squash(x.full_number) for x in book.letters]
    positions = [text.find(n) for n in numbers]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    # A voided letter: its number, BATAL and the reason.
    voided = [x for x in book.letters if x.status == "batal"]
    assert len(voided) == 3
    for x in voided:
        page = next(p for p in pages if squash(x.full_number) in squash(p.text))
        assert "BATAL" in page.text
        assert squash(x.void_reason) in squash(page.text)
    # A sisipan: marked with its reason.
    assert "/020a/" in text
    assert squash("Sisipan: Terlewat dicatat") in text
    # The count and the head of office's block at the end.
    last = squash(pages[-1].text)
    assert squash("Jumlah: 58 surat (55 aktif, 3 batal); 2 di antaranya nomor sisipan.") in last
    assert squash("Mengetahui,") in last
    assert squash("Kepala Dinas Sosial Kota Pasuruan") in last
    assert squash(HEAD.name) in last
    assert squash("NIP. 19700101 199003 1 001") in last
    assert squash("Pasuruan, 30 November 2026") in last
    # The signature never stands alone: letters share the last page with it.
    assert squash(book.letters[-1].full_number) in last


def test_voided_rows_are_struck_through() -> None:
    book = month_book()
    pdf = render_agenda_register(book)
    pages = parse_pdf(pdf).pages
    streams = _content_streams(pdf)
    assert len(streams) == len(pages)
    voided = [squash(x.full_number) for x in book.letters if x.status == "batal"]
    for page, stream in zip(pages, streams, strict=True):
        on_page = sum(1 for n in voided if n in squash(page.text))
        segments = _strike_segments(stream)
        if on_page:
            # Nomor Surat, the dates, Tujuan, Perihal, code, Sifat, Unit, Penandatangan: a line
            # through each line of text.
            assert segments >= 7 * on_page
        else:
            assert segments == 0


def test_year_register_and_an_empty_month() -> None:
    year = year_book(120)
    parsed = parse_pdf(render_agenda_register(year, F4))
    assert "Tahun 2026" in parsed.pages[0].text
    assert squash("Jumlah: 120 surat (117 aktif, 3 batal).") in squash(parsed.pages[-1].text)

    empty = AgendaRegisterData(OFFICE, 2026, 2, (), PRINTED_AT)
    parsed = parse_pdf(render_agenda_register(empty))
    assert len(parsed.pages) == 1
    text = squash(parsed.text)
    assert squash("Bulan Februari 2026") in text
    assert squash("Tidak ada surat keluar pada periode ini.") in text
    assert squash("Jumlah: 0 surat.") in text


def test_a_cell_longer_than_a_page_is_cut() -> None:
    notes = " ".join(f"catatan{i}" for i in range(600))
    huge = letter(1, 1, subject="Perihal " * 125, notes=notes)
    book = AgendaRegisterData(OFFICE, 2026, 11, (letter(0, 1), huge, letter(2, 2)), PRINTED_AT)
    parsed = parse_pdf(render_agenda_register(book))
    assert len(parsed.pages) <= 3
    text = parsed.text
    assert "…" in text
    assert "catatan10" in text and "catatan599" not in text
    assert squash(letter(2, 2).full_number) in squash(text)


def test_without_a_head_of_office_there_is_no_signature_block() -> None:
    bare = OfficeProfile()
    parsed = parse_pdf(render_agenda_register(month_book(10, office=bare)))
    assert "Mengetahui" not in parsed.text
    assert "Jumlah: 10 surat" in parsed.text


def test_progress_and_cancel() -> None:
    book = month_book()
    calls: list[tuple[int, int]] = []
    render_agenda_register(book, progress=lambda done, total: calls.append((done, total)))
    total = len(book.letters)
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= 4  # a report per page

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        render_agenda_register(book, cancelled=cancelled)
    with pytest.raises(Cancelled):
        write_agenda_xlsx(book, io.BytesIO(), cancelled=lambda: True)


def test_importing_the_agenda_modules_is_cheap() -> None:
    # The GUI may import them at start-up: reportlab, openpyxl and babel wait until a book is made.
    code = ("import sys, dinsos_desktop.reports.agenda, dinsos_desktop.reports.agenda_xlsx; "
            "heavy = [m for m in ('reportlab', 'openpyxl', 'babel', 'PySide6', 'sqlalchemy') "
            "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_paper_is_turned_and_the_period_worded() -> None:
    assert landscape(A4).size == pytest.approx((297 * MM, 210 * MM))
    assert landscape(F4).size == pytest.approx((330 * MM, 215 * MM))
    assert landscape(A4_LANDSCAPE) is A4_LANDSCAPE
    assert period_text(2026, 11) == "Bulan November 2026"
    assert period_text(2026, None) == "Tahun 2026"
    with pytest.raises(ValueError, match="terlalu sempit"):
        render_agenda_register(month_book(2), A5)


def test_letter_numbers_break_after_a_slash() -> None:
    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.agenda import _measure

    fonts.register_fonts()
    m = _measure(fonts.SANS, 7)
    assert wrap_text("000.8.3.3/076a/423.105/XI/2026", 27 * MM, m) == ["000.8.3.3/076a/", "423.105/XI/2026"]
    assert wrap_text("Kepala Dinas\nKota Pasuruan", 100 * MM, m) == ["Kepala Dinas", "Kota Pasuruan"]
    long = wrap_text("x" * 200, 20 * MM, m)
    assert len(long) > 3 and all(m.raw(line) <= 20 * MM for line in long)


def test_a_year_of_letters_makes_a_long_book() -> None:
    # Speed is measured by `python -m bench agenda_export`, not asserted here: no test fails
    # because a machine is slow.
    book = year_book(2_000)
    pdf = render_agenda_register(book)
    pages = parse_pdf(pdf).pages
    assert len(pages) > 100
    assert "Halaman 1 dari" in pages[0].text or "Halaman 1 dari" in parse_pdf(pdf).text
    out = io.BytesIO()
    write_agenda_xlsx(book, out)
    assert out.getvalue().startswith(b"PK")


# --------------------------------------------------------------------------- the XLSX book


_FORMULA = re.compile(r'^=(COUNTA|COUNTIF)\(([A-Z]+)(\d+):([A-Z]+)(\d+)(?:,"([^"]*)")?\)$')


def _evaluate(ws: Any, formula: str) -> int:
    """COUNTA and COUNTIF (exact text) over one column, as Excel computes them."""
    m = _FORMULA.match(formula)
    assert m, formula
    function, col, first, col2, last, wanted = m.groups()
    assert col == col2
    values = [ws[f"{col}{r}"].value for r in range(int(first), int(last) + 1)]
    if function == "COUNTA":
        return sum(1 for v in values if v not in (None, ""))
    return sum(1 for v in values if isinstance(v, str) and v.lower() == wanted.lower())


def _sheet(book: AgendaRegisterData, paper: PaperSize = A4) -> Any:
    out = io.BytesIO()
    write_agenda_xlsx(book, out, paper=paper)
    out.seek(0)
    return openpyxl.load_workbook(out).worksheets[0]


def test_xlsx_book() -> None:
    book = month_book()
    ws = _sheet(book)
    assert ws.freeze_panes == f"C{FIRST_ROW}"  # the head row (and No., Nomor Surat) stay in view
    assert "BUKU AGENDA SURAT KELUAR" in ws["A2"].value
    assert "DINAS SOSIAL" in ws["A1"].value
    assert ws["A3"].value.startswith("Bulan November 2026")
    head = [c.value for c in ws[HEAD_ROW]]
    assert head[:4] == ["No.", "Nomor Surat", "Tanggal Surat", "Tanggal Kirim"]
    assert {"Tujuan", "Perihal", "Kode Klasifikasi", "Sifat", "Lampiran", "Unit Pengolah", "Penandatangan",
            "Status", "Sisipan", "Keterangan"} <= set(head)
    col = {title: i for i, title in enumerate(head)}
    rows = list(ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + len(book.letters) - 1))
    assert [r[col["Nomor Surat"]].value for r in rows] == [x.full_number for x in book.letters]
    for r, x in zip(rows, book.letters, strict=True):
        date_cell = r[col["Tanggal Surat"]]
        assert isinstance(date_cell.value, dt.datetime) and date_cell.value.date() == x.letter_date
        assert date_cell.number_format == "dd-mm-yyyy"
        sent = r[col["Tanggal Kirim"]].value
        assert (sent.date() if sent else None) == x.sent_date
        struck = x.status == "batal"
        assert bool(r[col["Nomor Surat"]].font.strike) is struck
        assert bool(r[col["Perihal"]].font.strike) is struck
        assert r[col["Status"]].value == ("BATAL" if struck else "Aktif")
        assert (r[col["Sisipan"]].value == "Ya") is x.is_insert
        if struck:
            assert x.void_reason in r[col["Keterangan"]].value
        assert r[col["Kode Klasifikasi"]].value == x.classification_code
        assert r[col["Lampiran"]].value == x.attachments
    # The totals: formulas over the rows, giving what the data says.
    totals = {row[1].value: row[2].value for row in ws.iter_rows(min_row=FIRST_ROW + len(book.letters))
              if row[1].value}
    expected = {"Jumlah surat": len(book.letters),
                "Jumlah aktif": sum(1 for x in book.letters if x.status == "aktif"),
                "Jumlah batal": sum(1 for x in book.letters if x.status == "batal"),
                "Jumlah nomor sisipan": sum(1 for x in book.letters if x.is_insert)}
    assert set(totals) == set(expected)
    last = FIRST_ROW + len(book.letters) - 1
    for label, formula in totals.items():
        assert formula.startswith("=") and f"{FIRST_ROW}:" in formula and formula.endswith(
            (f"{last})", f'{last},"BATAL")', f'{last},"Aktif")', f'{last},"Ya")')), formula
        assert _evaluate(ws, formula) == expected[label], label
    assert expected == {"Jumlah surat": 58, "Jumlah aktif": 55, "Jumlah batal": 3, "Jumlah nomor sisipan": 2}
    # Ready to print.
    setup = ws.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == 9  # A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{HEAD_ROW}:{HEAD_ROW}"
    assert ws.column_dimensions["G"].width > ws.column_dimensions["A"].width


def test_xlsx_on_f4_and_empty() -> None:
    ws = _sheet(AgendaRegisterData(OFFICE, 2026, None, (), PRINTED_AT), F4)
    assert ws.page_setup.paperSize == 14  # Folio, 8.5 × 13 in: the F4 of Indonesian offices
    assert ws["A3"].value.startswith("Tahun 2026")
    formulas = [row[2].value for row in ws.iter_rows(min_row=FIRST_ROW) if row[1].value]
    assert len(formulas) == 4
    assert all(_evaluate(ws, f) == 0 for f in formulas)


def test_xlsx_to_a_path_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    book = year_book(1200)
    path = tmp_path / "agenda.xlsx"
    calls: list[tuple[int, int]] = []
    write_agenda_xlsx(book, path, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 1200) and calls[-1] == (1200, 1200) and len(calls) >= 3
    assert openpyxl.load_workbook(path).worksheets[0].max_row >= FIRST_ROW + 1200
    other = tmp_path / "batal.xlsx"
    with pytest.raises(Cancelled):
        write_agenda_xlsx(book, other, cancelled=lambda: True)
    assert not other.exists()


# --------------------------------------------------------------------------- classification codes


CLASSIFICATIONS = (
    ClassificationDTO(1, "lama", "188", "Hukum", dt.date(2012, 1, 1), dt.date(2022, 12, 31), 1),
    ClassificationDTO(2, "lama", "460", "Sosial", None, dt.date(2022, 12, 31), 1),
    ClassificationDTO(3, "baru", "000.8.3.3", 'Tata naskah; "surat" keluar, dinas', dt.date(2023, 1, 1),
                      None, 1),
    ClassificationDTO(4, "baru", "400.9.2", "Rehabilitasi Sosial – Lansia", dt.date(2023, 1, 1), None, 2),
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_classifications_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kode{suffix}"
    write_classifications(CLASSIFICATIONS, path)
    rows, problems = read_classifications(path)
    assert problems == []
    assert rows == [(i, ClassificationInput(c.code_set, c.code, c.name, c.valid_from, c.valid_to))
                    for i, c in enumerate(CLASSIFICATIONS, 2)]


def test_classifications_written_for_excel(tmp_path: Path) -> None:
    csv_path = tmp_path / "kode.csv"
    write_classifications(CLASSIFICATIONS, csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert raw.decode("utf-8-sig").splitlines()[0] == "Set;Kode;Nama;Berlaku dari;Berlaku sampai"
    xlsx_path = tmp_path / "kode.xlsx"
    write_classifications(CLASSIFICATIONS, xlsx_path)
    ws = openpyxl.load_workbook(xlsx_path).worksheets[0]
    assert ws["B2"].value == "188" and ws["B2"].data_type == "s"
    assert isinstance(ws["D2"].value, dt.datetime) and ws["D2"].number_format == "dd-mm-yyyy"
    with pytest.raises(ValueError):
        write_classifications(CLASSIFICATIONS, tmp_path / "kode.txt")


def test_classifications_from_a_comma_csv_with_other_spellings(tmp_path: Path) -> None:
    path = tmp_path / "kode.csv"
    with path.open("w", encoding="utf-8", newline="") as f:  # no BOM, commas
        w = csv.writer(f)
        w.writerow(["KODE LAMA/BARU", "Kode", "Nama Klasifikasi", "Berlaku Dari", "Berlaku s/d"])
        w.writerow(["Kode lama", "460", "Sosial", "01/01/2012", ""])
        w.writerow(["kode baru", "400.9.2", "Rehabilitasi, sosial", "2023-01-01", "-"])
        w.writerow(["", "", "", "", ""])
        w.writerow(["baru", "400.9.3", "Bansos", "31-02-2023", ""])
        w.writerow(["xyz", "46O", "", "", "5 Januari 2024"])
    assert path.read_text(encoding="utf-8").splitlines()[0].count(",") == 4
    rows, problems = read_classifications(path)
    assert rows == [
        (2, ClassificationInput("lama", "460", "Sosial", dt.date(2012, 1, 1), None)),
        (3, ClassificationInput("baru", "400.9.2", "Rehabilitasi, sosial", dt.date(2023, 1, 1), None)),
        # Passed on as written: the service reports the set, the code and the missing name.
        (6, ClassificationInput("xyz", "46O", "", None, dt.date(2024, 1, 5))),
    ]
    assert len(problems) == 1
    assert problems[0].row == 5 and problems[0].column == "Berlaku Dari"
    assert "31-02-2023" in problems[0].message


def test_classifications_from_a_workbook_with_a_title_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Daftar kode klasifikasi arsip"])
    ws.append(["Set", "Kode", "Nama", "Berlaku dari", "Berlaku sampai"])
    ws.append(["lama", 460, "Sosial", dt.datetime(2012, 1, 1), None])
    ws.append(["baru", "000.8.3.3", "Tata naskah", "01-01-2023", "abc"])
    path = tmp_path / "kode.xlsx"
    wb.save(path)
    rows, problems = read_classifications(path)
    assert rows == [(3, ClassificationInput("lama", "460", "Sosial", dt.date(2012, 1, 1), None))]
    assert problems == [FileProblem(4, "Berlaku sampai", problems[0].message)]
    assert "abc" in problems[0].message

    (tmp_path / "kosong.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    rows, problems = read_classifications(tmp_path / "kosong.csv")
    assert rows == [] and len(problems) == 1 and "Kode" in problems[0].message
    with pytest.raises(UnreadableFile):
        read_classifications(tmp_path / "kode.txt")
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan zip")
    with pytest.raises(UnreadableFile):
        read_classifications(tmp_path / "rusak.xlsx")


def test_dates_in_cells() -> None:
    assert parse_date(dt.datetime(2026, 11, 5, 0, 0)) == dt.date(2026, 11, 5)
    day = dt.date(2026, 11, 5)
    assert parse_date("05-11-2026") == parse_date("5/11/2026") == parse_date("2026-11-05") == day
    assert parse_date("5 Nopember 2026") == parse_date("05 Nov 2026") == dt.date(2026, 11, 5)
    assert parse_date(46331) == dt.date(2026, 11, 5)  # an Excel serial number
    assert parse_date("") is None and parse_date(None) is None and parse_date("-") is None
    for bad in ("31-02-2026", "besok", "2026/11", "13-13-2026"):
        with pytest.raises(ValueError):
            parse_date(bad)


# --------------------------------------------------------------------------- the old agenda book


def test_numbers_and_suffixes() -> None:
    assert split_number("460/76/423.105/2021") == (76, "")
    assert split_number("460/076/423.105/2021") == (76, "")
    assert split_number("460/76a/423.105/2021") == (76, "a")
    assert split_number("460/76A/423.105/2021") == (76, "a")
    assert split_number("460/76.1/423.105/2021") == (76, ".1")
    assert split_number(" 460 / 77 / 423.105 / 2021 ") == (77, "")
    assert split_number("460-76-2021") is None
    assert split_number("460/tujuh/423.105/2021") is None


def _old_book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Juli"
    ws.append(["BUKU AGENDA SURAT KELUAR DINAS SOSIAL TAHUN 2021"])
    ws.append([])
    ws.append(["NO", "No. Surat", "Tgl. Surat", "Kepada", "Isi Ringkas", "SIFAT", "Lamp.", "Pengolah",
               "Penandatangan", "KETERANGAN"])  # row 3, in an office's own words
    ws.append(list(range(1, 11)))  # the column numbers
    ws.append([1, "460/75/423.105/2021", dt.datetime(2021, 7, 12), "Yth. Camat Bugul Kidul", "Undangan rapat",
               "Penting", 1, "REHSOS", "Kepala Dinas", None])
    ws.append([2, "460/076/423.105/2021", "13-07-2021", "Kepala Dinas Kesehatan\nPemerintah Kota Pasuruan",
               "Permohonan data", "Segera", "2 berkas", "LINJAMSOS", "Sekretaris", "dikirim via pos"])
    ws.append([3, "460/76a/423.105/2021", "14/07/2021", "Lurah Bugul Lor", "Susulan", "biasa", "-", "SEK",
               "Sekretaris", None])
    ws.append([None] * 10)  # empty: skipped
    ws.append([4, "188.4/77/423.105/2021", "2021-07-15", "Kepala Bagian Hukum", "Keputusan penetapan",
               None, None, "SEK", "Kepala Dinas", None])
    ws.append([5, "460/78/423.105/2021", dt.datetime(2021, 7, 16), "Camat Purworejo", "Undangan", "biasa",
               0, "SEK", "Kepala Dinas", "BATAL: salah alamat"])
    ws.append([6, "460/79/423.105/2021", "31-02-2021", "Camat Gadingrejo", "Undangan", "biasa", 0, "SEK",
               "Kepala Dinas", None])  # row 11: no such day
    ws.append([7, "460/delapan/423.105/2021", "17-07-2021", "Camat", "Undangan", "biasa", 0, "SEK",
               "Kepala Dinas", None])  # row 12: no running number
    ws.append([8, "460/80.1/423.105/2021", "19-07-2021", "Camat", "Undangan", "Sangat Rahasia", 0, "SEK",
               "Kepala Dinas", None])
    ws.append([9, "460/81/423.105/2021", "20-07-2021", "Camat", "Undangan", "aneh", "banyak", "SEK",
               "Kepala Dinas", None])  # row 14: sifat and lampiran unknown
    ws.append([10, None, None, None, None, None, None, None, None, None])  # a pre-numbered empty row
    path = path / "agenda_lama.xlsx"
    wb.save(path)
    return path


def test_old_agenda_book(tmp_path: Path) -> None:
    letters, problems = read_old_agenda(_old_book(tmp_path))
    by_row = {x.row: x for x in letters}
    assert sorted(by_row) == [5, 6, 7, 9, 10, 13]
    assert [(x.number, x.suffix) for x in letters] == [(75, ""), (76, ""), (76, "a"), (77, ""), (78, ""),
                                                       (80, ".1")]
    first = by_row[5]
    assert first.full_number == "460/75/423.105/2021"
    assert first.fields == LetterFields(
        letter_date=dt.date(2021, 7, 12), kind=LetterKind.SURAT, classification_code="460",
        addressee_name="Camat Bugul Kidul", subject="Undangan rapat", nature=Nature.PENTING, attachments=1,
        bidang_code="REHSOS", signatory="Kepala Dinas")
    second = by_row[6].fields
    assert (second.letter_date, second.addressee_name, second.addressee_institution) == (
        dt.date(2021, 7, 13), "Kepala Dinas Kesehatan", "Pemerintah Kota Pasuruan")
    assert (second.nature, second.attachments, second.notes) == (Nature.SEGERA, 2, "dikirim via pos")
    assert by_row[7].fields.letter_date == dt.date(2021, 7, 14) and by_row[7].fields.attachments == 0
    decree = by_row[9].fields
    assert (decree.kind, decree.classification_code, decree.nature) == (LetterKind.KEPUTUSAN, "188.4",
                                                                         Nature.BIASA)
    void = by_row[10]
    assert (void.void, void.void_reason, void.fields.notes) == (True, "salah alamat", "")
    assert not any(x.void for x in letters if x.row != 10)
    assert by_row[13].fields.nature is Nature.RAHASIA
    assert {(p.row, p.field) for p in problems} == {(11, "letter_date"), (12, "number"), (14, "nature"),
                                                   (14, "attachments")}
    assert all(p.message and not p.message.startswith("Lembar") for p in problems)
    date_problem = next(p for p in problems if p.row == 11)
    assert "31-02-2021" in date_problem.message
    # What was read passes the letter checks the import applies.
    for x in letters:
        check_fields(x.fields, dt.date(2026, 11, 30))


def test_old_agenda_book_with_several_sheets_and_csv(tmp_path: Path) -> None:
    path = _old_book(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Agustus")
    ws.append(["Nomor Surat", "Tanggal Surat", "Tujuan", "Perihal", "Keterangan"])
    ws.append(["460/90/423.105/2021", "02-08-2021", "Camat", "Undangan", "dibatalkan"])
    ws.append(["460/91/423.105/2021", "tiga agustus", "Camat", "Undangan", None])
    notes = wb.create_sheet("Catatan")
    notes.append(["Buku ini disalin dari arsip"])
    wb.save(path)
    letters, problems = read_old_agenda(path)
    assert [x.full_number for x in letters][-1] == "460/90/423.105/2021"
    assert letters[-1].void and letters[-1].void_reason == ""
    assert any(p.message.startswith("Lembar Agustus: ") and p.row == 3 for p in problems)
    assert any(p.message.startswith("Lembar Juli: ") and p.row == 11 for p in problems)

    csv_path = tmp_path / "agenda.csv"
    csv_path.write_text("\ufeffNo;Nomor Surat;Tgl Surat;Kepada;Perihal;Status\n"
                        "1;460/5/423.105/2024;05-01-2024;Camat;Undangan;batal\n", encoding="utf-8")
    letters, problems = read_old_agenda(csv_path)
    assert problems == []
    assert [(x.row, x.number, x.void, x.fields.letter_date) for x in letters] == [
        (2, 5, True, dt.date(2024, 1, 5))]

    (tmp_path / "tanpa_judul.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    letters, problems = read_old_agenda(tmp_path / "tanpa_judul.csv")
    assert letters == [] and len(problems) == 1 and "Nomor Surat" in problems[0].message


def test_an_exported_book_reads_back(tmp_path: Path) -> None:
    book = month_book(40)
    path = tmp_path / "ekspor.xlsx"
    write_agenda_xlsx(book, path)
    letters, problems = read_old_agenda(path)
    assert problems == []
    assert len(letters) == len(book.letters)
    for got, x in zip(letters, book.letters, strict=True):
        assert (got.full_number, got.number, got.suffix) == (x.full_number, x.number, x.suffix)
        assert got.void is (x.status == "batal")
        assert got.void_reason == x.void_reason
        f = got.fields
        assert (f.letter_date, f.sent_date, f.classification_code, f.subject) == (
            x.letter_date, x.sent_date, x.classification_code, x.subject.strip())
        assert (f.addressee_name, f.addressee_institution, f.addressee_address) == (
            x.addressee_name or x.addressee_institution, x.addressee_institution if x.addressee_name else "",
            x.addressee_address)
        assert (f.nature.value, f.attachments, f.bidang_code, f.signatory) == (
            x.nature, x.attachments, x.bidang_code, x.signatory)
        assert f.kind.value == x.kind
