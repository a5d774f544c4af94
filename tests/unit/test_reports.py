"""Printouts: Indonesian formatting, paper sizes, and the standard sheet PDF.

The PDFs are read back with the small pure-Python reader in tests/pdftext.py: page sizes from
/MediaBox and text through each embedded font's /ToUnicode map, so the tests need neither poppler
nor pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys
import threading
import time
from decimal import Decimal
from functools import cache

import pytest

from dinsos_desktop.domain.catalog import Catalog, Requirement, Standard
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.paths import bundled_catalog
from dinsos_desktop.reports.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_month_year,
    format_number,
    format_rupiah,
)
from dinsos_desktop.reports.paper import A4, A5, F4, MM, PAPER_SIZES, PaperSize, paper_size
from dinsos_desktop.services.catalog import read_catalog_file
from tests.pdftext import parse_pdf, squash

PRINTED_ON = dt.date(2026, 11, 22)
HEAD = Signatory("Kepala Dinas Sosial", "Drs. H. Contoh Pejabat, M.Si.", "197001011990031001",
                 "Pembina Utama Muda (IV/c)")


# --------------------------------------------------------------------------- fixtures


@cache
def _catalog() -> Catalog:
    return read_catalog_file(bundled_catalog())[0]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _catalog()


def _logo_png() -> bytes:
    image_module = pytest.importorskip("PIL.Image")  # Pillow comes with reportlab
    draw_module = pytest.importorskip("PIL.ImageDraw")
    image = image_module.new("RGBA", (120, 140), (255, 255, 255, 0))
    draw = draw_module.Draw(image)
    draw.polygon([(60, 2), (118, 35), (105, 120), (60, 138), (15, 120), (2, 35)], fill=(20, 90, 40, 255))
    draw.ellipse((35, 45, 85, 95), fill=(240, 200, 30, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def full_office() -> OfficeProfile:
    return OfficeProfile(email="dinsoskopas@gmail.com", website="dinsos.pasuruankota.go.id",
                         head=HEAD, logo_png=_logo_png(), version=1)


@pytest.fixture(scope="module")
def bare_office() -> OfficeProfile:
    return OfficeProfile()  # no head name, no logo: the state before the admin fills it in


def render(standard: Standard, office: OfficeProfile, paper: PaperSize = A4,
           printed_on: dt.date | None = PRINTED_ON) -> bytes:
    from dinsos_desktop.reports.standard_sheet import render_standard_sheet

    catalog = _catalog()
    return render_standard_sheet(standard, catalog.version, catalog.bidang_name(standard.bidang), office,
                                 paper=paper, printed_on=printed_on)


# --------------------------------------------------------------------------- formatting


def test_dates_in_indonesian() -> None:
    assert format_date_long(dt.date(2026, 11, 27)) == "Jumat, 27 November 2026"
    assert format_date_long(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
    assert format_date(dt.date(2026, 11, 22)) == "22 November 2026"
    assert format_date(dt.date(2021, 7, 12)) == "12 Juli 2021"
    assert format_date(dt.date(2027, 2, 1)) == "1 Februari 2027"
    assert format_month_year(dt.date(2026, 5, 31)) == "Mei 2026"


def test_datetime_in_indonesian() -> None:
    moment = dt.datetime(2026, 11, 27, 14, 5, 9)
    assert format_datetime(moment) == "27 November 2026 pukul 14.05"
    assert format_datetime(moment, seconds=True) == "27 November 2026 pukul 14.05.09"
    # An aware time prints its own wall-clock time, with no zone appended.
    aware = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert format_datetime(aware) == "27 November 2026 pukul 14.05"


def test_rupiah() -> None:
    assert format_rupiah(12000000) == "Rp 12.000.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(999) == "Rp 999"
    assert format_rupiah(-1500) == "-Rp 1.500"
    assert format_rupiah(Decimal("1000.5")) == "Rp 1.001"  # whole rupiah, half rounded up
    assert format_rupiah(Decimal("1000.49")) == "Rp 1.000"


def test_numbers() -> None:
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("82.5")) == "82,5"
    assert format_number(82.5, decimals=2) == "82,50"
    assert format_number(Decimal("3.14159"), decimals=3) == "3,142"
    assert format_number(1234.5, decimals=0) == "1.235"
    with pytest.raises(ValueError):
        format_number(1, decimals=-1)


def test_importing_reports_is_cheap() -> None:
    # The GUI imports these at start-up; reportlab and babel must wait until something is printed.
    code = ("import sys, dinsos_desktop.reports, dinsos_desktop.reports.formatting, "
            "dinsos_desktop.reports.paper; "
            "heavy = [m for m in ('reportlab', 'babel', 'PySide6', 'sqlalchemy') if m in sys.modules]; "
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# --------------------------------------------------------------------------- paper and fonts


def test_paper_sizes() -> None:
    assert A4.size == pytest.approx((595.2756, 841.8898), abs=1e-3)
    assert F4.size == pytest.approx((215 * MM, 330 * MM))
    assert A5.size == pytest.approx((148 * MM, 210 * MM))
    assert [p.key for p in PAPER_SIZES] == ["A4", "F4", "A5"]
    assert "215 × 330 mm" in F4.label
    for paper in PAPER_SIZES:
        assert paper_size(paper.key) is paper
        assert paper.frame_width > 0 and paper.frame_height > 0
        assert paper.margins.left >= paper.margins.right  # room for the binding on the left
    assert paper_size(" f4 ") is F4
    assert A4.margins.left == pytest.approx(30 * MM)
    with pytest.raises(ValueError, match="tidak dikenal"):
        paper_size("Letter")


def test_fonts_register_once() -> None:
    from reportlab.pdfbase import pdfmetrics

    from dinsos_desktop.reports import fonts

    fonts.register_fonts()
    fonts.register_fonts()
    registered = set(pdfmetrics.getRegisteredFontNames())
    assert {fonts.SANS, fonts.SANS_BOLD, fonts.SANS_ITALIC, fonts.SERIF, fonts.SERIF_BOLD} <= registered


# --------------------------------------------------------------------------- the standard sheet


def test_decree_reference(catalog: Catalog) -> None:
    from dinsos_desktop.reports.standard_sheet import decree_reference

    assert decree_reference(catalog.version) == (
        "Berdasarkan Keputusan Kepala Dinas Sosial Kota Pasuruan Nomor 188/76/423.105/2021 "
        "tanggal 12 Juli 2021")


@pytest.mark.parametrize("code", [s.code for s in _catalog().standards])
def test_every_standard_renders_on_a4(code: str, full_office: OfficeProfile) -> None:
    standard = _catalog().standard(code)
    raw = render(standard, full_office)
    assert b"/Helvetica" not in raw  # only the bundled fonts, embedded
    pdf = parse_pdf(raw)
    assert pdf.pages
    for page in pdf.pages:
        assert page.media_box == pytest.approx((0, 0, *A4.size), abs=0.01)
    text = squash(pdf.text)
    assert squash("STANDAR PELAYANAN") in text
    assert squash(standard.title.upper()) in text
    assert squash("PEMERINTAH KOTA PASURUAN") in text
    assert squash("Berdasarkan Keputusan Kepala Dinas Sosial Kota Pasuruan") in text
    assert squash("Nomor 188/76/423.105/2021 tanggal 12 Juli 2021") in text
    assert squash(f"Unit kerja: {_catalog().bidang_name(standard.bidang)}") in text
    assert squash("Persyaratan Pelayanan") in text
    assert squash(standard.requirements[0].text) in text
    assert squash(standard.fee.text) in text
    # Footer on every page; the page total is filled in once, in a form.
    total = len(pdf.pages)
    assert pdf.forms == [str(total)]
    for number, page in enumerate(pdf.pages, 1):
        assert f"Dicetak 22 November 2026 — halaman {number} dari " in page.text
        assert f"Kode layanan: {code}" in page.text
    # The signatory block, with the NIP spaced the official way, is never alone on its page.
    last = pdf.pages[-1].text
    assert "NIP. 19700101 199003 1 001" in last
    assert "Pasuruan, 22 November 2026" in last
    assert HEAD.name in last and HEAD.rank in last
    assert "KOMPONEN" in last


@pytest.mark.parametrize(("code", "paper"), [
    ("PSM", A5), ("ABH", A5), ("TUNA-SOSIAL", A5), ("KEPEGAWAIAN", F4), ("ASET", F4), ("PSM", F4),
])
@pytest.mark.parametrize("office_kind", ["full", "bare"])
def test_other_paper_sizes(code: str, paper: PaperSize, office_kind: str, full_office: OfficeProfile,
                           bare_office: OfficeProfile) -> None:
    office = full_office if office_kind == "full" else bare_office
    standard = _catalog().standard(code)
    pdf = parse_pdf(render(standard, office, paper))
    for page in pdf.pages:
        assert page.media_box == pytest.approx((0, 0, *paper.size), abs=0.01)
    text = squash(pdf.text)
    assert squash(standard.title.upper()) in text
    assert squash(standard.procedure_steps[-1]) in text
    assert pdf.forms == [str(len(pdf.pages))]
    if office_kind == "full":
        assert "NIP. 19700101 199003 1 001" in pdf.pages[-1].text
        assert "Email: dinsoskopas@gmail.com" in pdf.pages[0].text
    else:
        assert "NIP." not in pdf.text
        assert "Email:" not in pdf.text


def test_long_standard_runs_over_pages_with_the_header_repeated(bare_office: OfficeProfile) -> None:
    pdf = parse_pdf(render(_catalog().standard("TUNA-SOSIAL"), bare_office, A5))
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert "NO\nKOMPONEN\nURAIAN" in page.text
    # Components appear once each, in the decree's order, numbered without gaps.
    text = squash(pdf.text)
    labels = ["Dasar Hukum", "Persyaratan Pelayanan", "Sistem, Mekanisme dan Prosedur",
              "Jangka Waktu Pelayanan", "Biaya/Tarif", "Produk Pelayanan",
              "Sarana, Prasarana dan/atau Fasilitas", "Kompetensi Pelaksana", "Pengawasan Internal",
              "Penanganan Pengaduan, Saran dan Masukan", "Jumlah Pelaksana", "Jaminan Pelayanan",
              "Jaminan Keamanan dan Keselamatan Pelayanan", "Evaluasi Kinerja Pelaksana"]
    positions = [text.index(squash(label)) for label in labels]
    assert positions == sorted(positions)


def test_rows_without_a_value_are_left_out(bare_office: OfficeProfile) -> None:
    catalog = _catalog()
    without = catalog.standard("PSM")
    assert without.safety_guarantee is None
    assert "Jaminan Keamanan" not in parse_pdf(render(without, bare_office)).text
    with_it = catalog.standard("ABH")
    assert with_it.safety_guarantee
    text = parse_pdf(render(with_it, bare_office)).text
    assert squash("Jaminan Keamanan dan Keselamatan Pelayanan") in squash(text)

    emptied = dataclasses.replace(without, service_guarantee=None, evaluation=None, products=(),
                                  fee=dataclasses.replace(without.fee, text=""))
    text = squash(parse_pdf(render(emptied, bare_office)).text)
    for label in ("Jaminan Pelayanan", "Evaluasi Kinerja Pelaksana", "Produk Pelayanan"):
        assert squash(label) not in text
    # No wording but a known amount of zero: the fee row still says what the amount is.
    assert squash("Biaya/Tarif") + squash("Rp 0") in text


def test_requirement_sub_items_are_indented_under_their_parent(bare_office: OfficeProfile) -> None:
    from reportlab.platypus import Paragraph

    from dinsos_desktop.reports.standard_sheet import standard_sheet_story

    standard = _catalog().standard("ABH")  # requirements nest three deep: 1. → a. → 1)
    story = standard_sheet_story(standard, _catalog().version, "Bidang", bare_office, paper=A4)
    table = story[-1]
    row = next(r for r in table._cellvalues if _cell_text(r[1]) == "Persyaratan Pelayanan")
    items = [(p.bulletText, p.style.leftIndent, p.getPlainText()) for p in row[2] if isinstance(p, Paragraph)]
    expected = [(depth, req.text) for req in standard.requirements for depth, req in req.walk()]
    assert [text for _, _, text in items] == [text for _, text in expected]
    indents: dict[int, float] = {}
    for (marker, indent, _), (depth, _) in zip(items, expected, strict=True):
        indents.setdefault(depth, indent)
        assert indent == indents[depth]
        assert marker is not None
    assert indents[0] < indents[1] < indents[2]
    assert [m for m, _, _ in items][:3] == ["1.", "a.", "1)"]


def _cell_text(cell: object) -> str:
    flowables = cell if isinstance(cell, list | tuple) else [cell]
    return " ".join(f.getPlainText() for f in flowables if hasattr(f, "getPlainText"))


def test_procedure_sections_become_sub_headings(bare_office: OfficeProfile) -> None:
    standard = _catalog().standard("ASET")
    text = parse_pdf(render(standard, bare_office)).text
    first, second = standard.procedure_sections
    assert f"{first.title}:" in text and f"{second.title}:" in text
    # The decree numbers the steps afresh in each part.
    after = text.split(f"{second.title}:", 1)[1]
    assert after.lstrip().startswith("1.")


def test_decree_wording_with_inline_items_is_set_as_a_list() -> None:
    from dinsos_desktop.reports.standard_sheet import _inline_list

    kepegawaian = _catalog().standard("KEPEGAWAIAN").time_limit.text
    items = _inline_list(kepegawaian)
    assert items is not None
    assert [marker for marker, _ in items] == ["1.", "2."]
    assert " ".join(f"{m} {t}" for m, t in items) == kepegawaian
    assert _inline_list("a. nyaman. b. aman.") == [("a.", "nyaman."), ("b.", "aman.")]
    for plain in ("Maksimal 2 bulan (Hari Kerja)", "Jl. dr. Wahidin No. 85 A. b. c", "a. satu; c. dua",
                  "2. dua; 3. tiga"):
        assert _inline_list(plain) is None


def test_time_limit_alternatives_not_in_the_wording_are_added(bare_office: OfficeProfile) -> None:
    from dinsos_desktop.domain.catalog import TimeLimitAlternative, TimeUnit

    psm = _catalog().standard("PSM")
    limit = dataclasses.replace(psm.time_limit, alternatives=(
        TimeLimitAlternative(5, TimeUnit.WORKING_DAYS, "perpanjangan"),))
    text = parse_pdf(render(dataclasses.replace(psm, time_limit=limit), bare_office)).text
    assert "Maksimal 2 bulan (Hari Kerja)" in text
    assert "perpanjangan: 5 hari kerja" in text


def test_text_is_escaped_not_interpreted_as_markup(bare_office: OfficeProfile) -> None:
    psm = _catalog().standard("PSM")
    odd = dataclasses.replace(psm, title="Izin <b>Khusus</b> & Lain-lain",
                              requirements=(Requirement("1", "KTP & KK < 3 bulan"),))
    text = squash(parse_pdf(render(odd, bare_office)).text)
    assert squash("IZIN <B>KHUSUS</B> & LAIN-LAIN") in text
    assert squash("KTP & KK < 3 bulan") in text


def test_print_date_defaults_to_today(bare_office: OfficeProfile) -> None:
    pdf = parse_pdf(render(_catalog().standard("PSM"), bare_office, printed_on=None))
    assert f"Dicetak {format_date(dt.date.today())} — halaman 1 dari" in pdf.pages[0].text


def test_a_broken_logo_does_not_stop_printing(bare_office: OfficeProfile,
                                              caplog: pytest.LogCaptureFixture) -> None:
    office = dataclasses.replace(bare_office, logo_png=b"\x89PNG not really", head=HEAD)
    pdf = parse_pdf(render(_catalog().standard("PSM"), office))
    assert "DINAS SOSIAL" in pdf.pages[0].text
    assert "Logo kantor tidak dapat dibaca" in caplog.text


def test_renders_quickly_and_from_several_threads(full_office: OfficeProfile) -> None:
    standards = [_catalog().standard(code) for code in ("ABH", "PENDATAAN-BANSOS-APBD", "TUNA-SOSIAL")]
    render(standards[0], full_office)  # fonts registered, caches warm
    start = time.perf_counter()
    pdf = render(standards[0], full_office)
    assert time.perf_counter() - start < 1.0
    assert len(parse_pdf(pdf).pages) >= 3

    # PDFs are made on a worker pool: concurrent renders must give the same documents.
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = render(standards[i % 3], full_office, PAPER_SIZES[i % 3])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, data in results.items():
        parsed = parse_pdf(data)
        assert squash(standards[i % 3].title.upper()) in squash(parsed.text)
        assert parsed.pages[0].media_box == pytest.approx((0, 0, *PAPER_SIZES[i % 3].size), abs=0.01)


def test_letterhead_and_signature_fit_every_paper(full_office: OfficeProfile) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from dinsos_desktop.reports.letterhead import Letterhead, SignatureBlock

    for paper in PAPER_SIZES:
        canvas = Canvas(io.BytesIO(), pagesize=paper.size)
        head = Letterhead(full_office)
        width, height = head.wrapOn(canvas, paper.frame_width, paper.frame_height)
        assert width == pytest.approx(paper.frame_width)
        assert 0 < height < paper.frame_height / 4
        block = SignatureBlock(HEAD, place="Pasuruan", on=PRINTED_ON)
        width, height = block.wrapOn(canvas, paper.frame_width, paper.frame_height)
        assert block._block_width <= paper.frame_width
        assert 0 < height < paper.frame_height / 3
        # Drawn on a bare canvas by coordinates, the way a receipt would use them.
        head.drawOn(canvas, paper.margins.left, paper.height - paper.margins.top - head.height)
        block.drawOn(canvas, paper.margins.left, paper.margins.bottom)
        canvas.showPage()
        canvas.save()
