"""The counter's printouts: the tanda terima berkas (receipt) and the return slip, on A5, A4, F4 and
the 80 mm roll, and the QR code they carry.

Text is read back with tests/pdftext.py. The QR code is read the way a phone or a desk scanner
would: the page is rasterised (QtPdf) and decoded with a real decoder (zxing-cpp).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import statistics
import time
from collections.abc import Sequence

import pytest

from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.reports.paper import (
    A4,
    A5,
    F4,
    MM,
    PAPER_SIZES,
    RECEIPT_PAPER_SIZES,
    ROLL_80MM,
    PaperSize,
    paper_size,
)
from dinsos_desktop.services.dto import ReceiptData, ReceiptItem
from tests.pdftext import ParsedPdf, parse_pdf, squash
from tests.qrdecode import decode_qr_codes as _decode

NUMBER = "26-000451-7"
PAYLOAD = f"{NUMBER}*9F2C1A7B3D4E5F60"
SLIP_NUMBER = "K26-000012-5"
FULL_NIK = "3575045508950001"
MASKED_NIK = "357504******0001"
OFFICER_NIP = "198503122010012005"
CHANNELS = (
    "Tatap muka langsung kepada Pejabat Pengelola Pengaduan di Dinas Sosial Kota Pasuruan",
    "Telepon/Fax : (0343) 423628",
    "Email : dinsoskopas@gmail.co.id",
    "Instagram : dinsoskotapasuruan",
)
PRODUCTS = ("Surat Rekomendasi Izin Operasional", "Sertifikat Pendaftaran Lembaga")
LABELS = {"asli_diperiksa": "Asli diperiksa", "salinan_diterima": "Salinan diterima",
          "tidak_ada": "Tidak ada", "tidak_berlaku": "Tidak berlaku"}
# Distinct words, so that no item's text is part of another's.
_WORDS = ("Anggrek", "Bougenvil", "Cempaka", "Dahlia", "Edelweis", "Flamboyan", "Gardenia", "Kamboja",
          "Kenanga", "Lavender", "Melati", "Nusa", "Orkid", "Pandan", "Rafflesia", "Sakura", "Teratai",
          "Tulip", "Violet", "Wijaya", "Yasmin", "Zinnia", "Asoka", "Bakung", "Cattleya", "Delima")
_CYCLE = ("asli_diperiksa", "salinan_diterima", "tidak_berlaku", "salinan_diterima")


def item(key: str, text: str, status: str | None, depth: int | None = None, note: str = "") -> ReceiptItem:
    depth = key.count(".") if depth is None else depth
    return ReceiptItem(key, text, depth, status is None, status, LABELS[status] if status else "", note)


def typical_items(missing: Sequence[str] = ()) -> tuple[ReceiptItem, ...]:
    """Ten lines, as on most standards: a requirement with sub-items, then plain ones."""
    def status(key: str, i: int) -> str:
        return "tidak_ada" if key in missing else _CYCLE[i % 4]

    rows = [item("1", "Calon pengurus memenuhi persyaratan berikut antara lain:", None)]
    subs = ("warga negara Indonesia yang berdomisili di Kota Pasuruan",
            "memiliki kemauan, kepedulian dan komitmen sebagai relawan sosial",
            "berkelakuan baik dibuktikan dengan surat keterangan dari kelurahan")
    rows += [item(f"1.{c}", text, status(f"1.{c}", i))
             for i, (c, text) in enumerate(zip("abc", subs, strict=True))]
    plain = ("Fotokopi KTP pemohon yang masih berlaku",
             "Fotokopi Kartu Keluarga",
             "Surat pengantar dari RT/RW dan kelurahan setempat",
             "Akta pendirian lembaga dan pengesahan dari Kementerian Hukum",
             "Pas foto berwarna ukuran 3x4 sebanyak dua lembar",
             "Surat pernyataan bermeterai tentang kebenaran dokumen")
    rows += [item(str(i), text, status(str(i), i)) for i, text in enumerate(plain, 2)]
    return tuple(rows)


def long_items(count: int = 25) -> tuple[ReceiptItem, ...]:
    return tuple(item(str(i), f"Dokumen pendukung {_WORDS[i - 1]} berupa fotokopi yang telah dilegalisir "
                      "oleh instansi yang berwenang", _CYCLE[i % 4]) for i in range(1, count + 1))


HEAD = Signatory("Kepala Dinas Sosial", "Drs. H. Contoh Pejabat, M.Si.", "197001011990031001")


def receipt_data(**changes: object) -> ReceiptData:
    data = ReceiptData(
        kind="receipt", number=NUMBER, qr_payload=PAYLOAD, office=OfficeProfile(head=HEAD),
        applicant_name="Siti Aminah", applicant_nik_masked=MASKED_NIK,
        applicant_address="Jl. Pahlawan No. 12, RT 003/RW 005, Kel. Pekuncen, Kec. Panggungrejo",
        institution_name="", representative="",
        standard_code="IZIN-LKSA", standard_title="Izin Operasional Panti Asuhan/LKSA",
        catalog_version="Keputusan No. 188/76/423.105/2021 tanggal 12 Juli 2021",
        items=typical_items(), received_at=dt.datetime(2026, 11, 20, 10, 15),
        officer_name="Rina Wulandari, S.Sos.", officer_nip=OFFICER_NIP,
        due=dt.datetime(2026, 11, 27, 10, 15), due_is_clock_time=False, time_limit_text="5 Hari Kerja",
        products=PRODUCTS, complaint_channels=CHANNELS,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def slip_data(missing: Sequence[str] = ("1.b", "3"), **changes: object) -> ReceiptData:
    changes.setdefault("items", typical_items(missing))
    return receipt_data(kind="return_slip", number=SLIP_NUMBER, qr_payload=SLIP_NUMBER, due=None,
                        **changes)


def receipt(data: ReceiptData | None = None, paper: PaperSize = A5) -> ParsedPdf:
    from dinsos_desktop.reports.receipt import render_receipt

    return parse_pdf(render_receipt(data or receipt_data(), paper))


def slip(data: ReceiptData | None = None, paper: PaperSize = A5) -> ParsedPdf:
    from dinsos_desktop.reports.receipt import render_return_slip

    return parse_pdf(render_return_slip(data or slip_data(), paper))


def assert_page_size(pdf: ParsedPdf, paper: PaperSize) -> None:
    for page in pdf.pages:
        x0, y0, x1, y1 = page.media_box
        assert (x0, y0) == (0, 0)
        assert x1 == pytest.approx(paper.width, abs=0.01)
        if paper.is_roll:
            assert 100 * MM < y1 <= paper.height + 0.01
        else:
            assert y1 == pytest.approx(paper.height, abs=0.01)


def statuses_in_order(text: str, items: Sequence[ReceiptItem]) -> None:
    """Each item's text appears, in order, with its own status label after it and before the next
    item (whatever the layout: a status column or a line below)."""
    flat = squash(text)
    positions = [flat.index(squash(i.text)) for i in items]
    assert positions == sorted(positions)
    for n, it in enumerate(items):
        end = positions[n + 1] if n + 1 < len(items) else len(flat)
        between = flat[positions[n] + len(squash(it.text)):end]
        if it.is_heading:
            assert not any(squash(label) in between for label in LABELS.values())
        else:
            assert squash(it.status_label) in between, it.key


# --------------------------------------------------------------------------- paper


def test_the_roll_is_a_receipt_paper_only() -> None:
    assert ROLL_80MM.width == pytest.approx(80 * MM)
    assert ROLL_80MM.is_roll and not A5.is_roll
    assert ROLL_80MM.frame_width == pytest.approx(72 * MM)
    cut = ROLL_80MM.with_height(123.4)
    assert cut.height == pytest.approx(123.4 * MM) and cut.is_roll and cut.width == ROLL_80MM.width
    assert [p.key for p in RECEIPT_PAPER_SIZES] == ["A5", "A4", "F4", "ROLL80"]
    assert paper_size("roll80", RECEIPT_PAPER_SIZES) is ROLL_80MM
    assert paper_size("a5", RECEIPT_PAPER_SIZES) is A5
    assert ROLL_80MM not in PAPER_SIZES  # letters and sheets are never printed on a roll
    with pytest.raises(ValueError, match="pilihan: A4, F4, A5"):
        paper_size("ROLL80")


# --------------------------------------------------------------------------- the receipt


@pytest.mark.parametrize("paper", RECEIPT_PAPER_SIZES, ids=lambda p: p.key)
def test_receipt_says_everything_on_every_paper(paper: PaperSize) -> None:
    data = receipt_data()
    pdf = receipt(data, paper)
    assert len(pdf.pages) == 1
    assert_page_size(pdf, paper)
    text, flat = pdf.text, squash(pdf.text)
    assert "PEMERINTAH KOTA PASURUAN" in text and "DINAS SOSIAL" in text
    assert "TANDA TERIMA BERKAS" in text
    assert NUMBER in text.splitlines()  # the number in one piece, on its own line
    assert squash("Simpan tanda terima ini untuk menanyakan perkembangan permohonan") in flat
    # The applicant, with the NIK masked.
    assert "Siti Aminah" in text
    assert MASKED_NIK in text and FULL_NIK not in flat
    assert squash(data.applicant_address) in flat
    # The service, its code and the catalog version it was verified against.
    assert squash(data.standard_title) in flat
    assert "IZIN-LKSA" in flat
    assert squash("Keputusan No. 188/76/423.105/2021 tanggal 12 Juli 2021") in flat
    # Each document with its status; the heading as a group line without one.
    statuses_in_order(text, data.items)
    # When it came in, when it is due, and by which limit.
    assert squash("Jumat, 20 November 2026 pukul 10.15") in flat
    assert squash("Jumat, 27 November 2026") in flat
    assert squash("5 Hari Kerja") in flat
    for product in PRODUCTS:
        assert squash(product) in flat
    for channel in CHANNELS:
        assert squash(channel) in flat
    # Signatures: the applicant and the officer with the NIP spaced the official way.
    assert "Pemohon/Kuasa," in text and "Petugas Penerima," in text
    assert "Rina Wulandari, S.Sos." in text
    assert "NIP. 19850312 201001 2 005" in text
    assert pdf.forms == ["1"]
    assert f"{NUMBER} — halaman 1 dari " in text  # the footer names the receipt


def test_receipt_uses_only_the_bundled_fonts() -> None:
    from dinsos_desktop.reports.receipt import render_receipt

    raw = render_receipt(receipt_data())
    assert b"/Helvetica" not in raw and b"/Courier" not in raw
    assert raw.startswith(b"%PDF-")


def test_a_typical_receipt_fits_one_a5_page_even_with_a_logo() -> None:
    pytest.importorskip("PIL.Image")
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (120, 140), (20, 90, 40)).save(logo, "PNG")
    office = OfficeProfile(head=HEAD, logo_png=logo.getvalue(), email="dinsoskopas@gmail.com",
                           website="dinsos.pasuruankota.go.id")
    with_kuasa = receipt_data(representative="Budi Santoso (NIK 357504******0002)",
                              institution_name="LKSA Harapan Bangsa")
    for data in (receipt_data(office=office), with_kuasa):
        for paper in (A5, ROLL_80MM):
            pdf = receipt(data, paper)
            assert len(pdf.pages) == 1, paper.key
            assert_page_size(pdf, paper)


def test_a_long_receipt_runs_on_with_the_head_repeated_and_the_signatures_not_alone() -> None:
    data = receipt_data(items=long_items(25))
    pdf = receipt(data, A5)
    assert len(pdf.pages) == 2
    assert pdf.forms == ["2"]
    first, last = pdf.pages[0].text, pdf.pages[-1].text
    assert "DOKUMEN YANG DITERIMA" in first
    assert squash(f"DOKUMEN YANG DITERIMA (lanjutan tanda terima No. {NUMBER})") in squash(last)
    assert "lanjutan" not in first
    for number, page in enumerate(pdf.pages, 1):
        assert f"Tanda terima berkas No. {NUMBER} — halaman {number} dari " in page.text
        assert "KETERANGAN" in page.text
    statuses_in_order(pdf.text, data.items)
    # The signatures close the last page, with some of the list above them.
    assert "Petugas Penerima," in last and "Petugas Penerima," not in first
    assert squash(data.items[-1].text) in squash(last)
    assert squash(data.items[0].text) in squash(first)


@pytest.mark.parametrize("paper", [A4, F4], ids=lambda p: p.key)
def test_a_long_receipt_on_office_paper(paper: PaperSize) -> None:
    data = receipt_data(items=long_items(25))
    pdf = receipt(data, paper)
    assert_page_size(pdf, paper)
    statuses_in_order(pdf.text, data.items)
    assert "Petugas Penerima," in pdf.pages[-1].text


def test_the_roll_grows_with_the_list_and_stays_one_piece() -> None:
    short = receipt(receipt_data(), ROLL_80MM)
    data = receipt_data(items=long_items(25))
    long = receipt(data, ROLL_80MM)
    assert len(short.pages) == len(long.pages) == 1
    assert_page_size(long, ROLL_80MM)
    assert long.pages[0].media_box[3] > short.pages[0].media_box[3] + 100 * MM
    statuses_in_order(long.text, data.items)
    assert "Petugas Penerima," in long.text


def test_due_date_variants() -> None:
    waiting = receipt_data(due=None, time_limit_text="Menunggu proses dari Kementerian Sosial")
    none = squash(receipt(waiting).text)
    assert squash("Tidak ada batas waktu tetap") in none
    assert squash("Menunggu proses dari Kementerian Sosial") in none
    hours = receipt_data(due=dt.datetime(2026, 11, 20, 13, 15), due_is_clock_time=True,
                         time_limit_text="3 Jam")
    flat = squash(receipt(hours).text)
    assert squash("Jumat, 20 November 2026 pukul 13.15") in flat
    assert squash("3 Jam") in flat


def test_institution_and_kuasa_are_named_and_no_full_nik_is_ever_printed() -> None:
    data = receipt_data(
        applicant_nik_masked=FULL_NIK,  # a mistake upstream must not put it on paper
        institution_name="LKSA Harapan Bangsa",
        representative=f"Budi Santoso (NIK {FULL_NIK})",
    )
    for paper in (A5, ROLL_80MM):
        pdf = receipt(data, paper)
        flat = squash(pdf.text)
        assert FULL_NIK not in flat
        assert MASKED_NIK in flat
        assert squash("LKSA Harapan Bangsa") in flat
        assert squash("Budi Santoso (NIK 357504******0001)") in flat
        # The kuasa signs for the applicant.
        assert "Budi Santoso" in pdf.text.splitlines()


def test_notes_and_markup_characters_are_printed_as_written() -> None:
    odd = (item("1", "KTP & KK <asli>", "asli_diperiksa", note="Dilegalisir <b>lurah</b>"),
           item("2", "Surat \"keterangan\" 100% benar", "salinan_diterima"))
    flat = squash(receipt(receipt_data(items=odd, applicant_name="Ny. A & B <Test>")).text)
    assert squash("KTP & KK <asli>") in flat
    assert squash("Catatan: Dilegalisir <b>lurah</b>") in flat
    assert squash('Surat "keterangan" 100% benar') in flat
    assert squash("Ny. A & B <Test>") in flat


def test_deep_sub_items_get_the_decree_markers() -> None:
    from dinsos_desktop.reports.receipt import receipt_story

    items = (item("1", "Induk", None), item("1.a", "Anak", None), item("1.a.1", "Cucu", "asli_diperiksa"),
             *long_items(12)[1:])
    text = receipt(receipt_data(items=items)).text
    assert re.search(r"1\.\nInduk", text) and re.search(r"a\.\nAnak", text) and re.search(r"1\)\nCucu", text)
    assert re.search(r"12\.\nDokumen pendukung Nusa", text)
    assert receipt_story(receipt_data(items=items))  # builds without a paper argument (A5)


def test_a_broken_logo_does_not_stop_the_roll(caplog: pytest.LogCaptureFixture) -> None:
    office = OfficeProfile(head=HEAD, logo_png=b"\x89PNG not really")
    pdf = receipt(receipt_data(office=office), ROLL_80MM)
    assert "DINAS SOSIAL" in pdf.text and NUMBER in pdf.text.splitlines()
    assert "Logo kantor tidak dapat dibaca" in caplog.text


def test_a_paragraph_pushed_to_the_next_page_is_laid_out_again() -> None:
    # A split that finds no room deletes the paragraph's lines; the cached wrap must not hide that.
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from dinsos_desktop.reports import fonts
    from dinsos_desktop.reports.receipt import _Para

    fonts.register_fonts()
    para = _Para("kata " * 60, ParagraphStyle("t", fontName=fonts.SANS, fontSize=8, leading=10))
    height = para.wrap(200, 1000)[1]
    assert para.wrap(200, 1000)[1] == height
    assert para.split(200, 5) == []
    assert para.wrap(200, 1000)[1] == height
    canvas = Canvas(io.BytesIO())
    para.drawOn(canvas, 0, 0)
    canvas.save()


def test_rendering_is_fast_enough_for_the_counter() -> None:
    # The benchmark (bench/) holds the real target; this only catches a gross regression.
    from dinsos_desktop.reports.receipt import render_receipt

    render_receipt(receipt_data())
    times = []
    for n in range(7):
        data = receipt_data(number=f"26-{n:06d}-1", qr_payload=f"26-{n:06d}-1*{n:016X}")
        start = time.perf_counter()
        render_receipt(data)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.25


# --------------------------------------------------------------------------- the return slip


def _missing_section(text: str) -> str:
    flat = squash(text)
    start = flat.index(squash("DOKUMEN YANG BELUM ADA"))
    end = flat.index(squash("Sudah diperiksa:"), start)
    return flat[start:end]


@pytest.mark.parametrize("paper", RECEIPT_PAPER_SIZES, ids=lambda p: p.key)
def test_return_slip_lists_exactly_what_is_missing(paper: PaperSize) -> None:
    data = slip_data(missing=("1.b", "3", "6"))
    pdf = slip(data, paper)
    assert len(pdf.pages) == 1
    assert_page_size(pdf, paper)
    text, flat = pdf.text, squash(pdf.text)
    assert "SURAT PENGEMBALIAN BERKAS" in text
    assert SLIP_NUMBER in text.splitlines()
    assert squash("dikembalikan karena belum lengkap") in flat
    assert squash("bawa kembali berkas bersama surat ini") in flat
    assert MASKED_NIK in text and FULL_NIK not in flat
    assert squash(data.standard_title) in flat
    assert "Rina Wulandari, S.Sos." in text and "NIP. 19850312 201001 2 005" in text
    assert squash("Jumat, 20 November 2026 pukul 10.15") in flat
    assert squash("3 dokumen") in flat

    section = _missing_section(text)
    by_key = {i.key: i for i in data.items}
    missing = [by_key[k] for k in ("1.b", "3", "6")]
    for it in missing:
        assert squash(it.text) in section
    # A missing sub-item comes with its parent requirement, printed once, before it.
    parent = squash(by_key["1"].text)
    assert section.count(parent) == 1 and section.index(parent) < section.index(squash(by_key["1.b"].text))
    for it in data.items:
        if it.key not in ("1", "1.b", "3", "6"):
            assert squash(it.text) not in section, it.key
    # The rest is listed briefly as checked, with what was found.
    checked = flat[flat.index(squash("Sudah diperiksa:")):]
    assert squash("2 Fotokopi KTP pemohon yang masih berlaku (Tidak berlaku)") in checked
    assert squash("1.a warga negara Indonesia") in checked
    assert "Tidak ada" not in text  # the missing ones are under their own head, not labelled


def test_return_slip_missing_items_helper() -> None:
    from dinsos_desktop.reports.receipt import missing_items

    items = typical_items(missing=("1.a", "1.c", "4"))
    rows = missing_items(items)
    assert [(r.key, r.is_heading) for r in rows] == [
        ("1", True), ("1.a", False), ("1.c", False), ("4", False)]
    assert missing_items(typical_items()) == []


def test_a_long_return_slip_runs_on_with_its_head() -> None:
    items = tuple(dataclasses.replace(i, status="tidak_ada", status_label="Tidak ada")
                  for i in long_items(25))
    data = slip_data(items=items)
    pdf = slip(data, A5)
    assert len(pdf.pages) >= 2
    last = squash(pdf.pages[-1].text)
    assert squash(f"DOKUMEN YANG BELUM ADA (lanjutan surat No. {SLIP_NUMBER})") in last
    flat = squash(pdf.text)
    for it in items:
        assert flat.count(squash(it.text)) == 1
    assert "Petugas Pemeriksa," in pdf.pages[-1].text


# --------------------------------------------------------------------------- the QR code


def test_qr_rectangles_cover_exactly_the_dark_modules() -> None:
    from dinsos_desktop.reports.qr import QUIET_ZONE, dark_rectangles, modules_with_quiet_zone, qr_matrix

    for payload in ("1", PAYLOAD, SLIP_NUMBER, "https://dinsos.pasuruankota.go.id/cek?n=26-000451-7",
                    "Ñame with ümlauts — and more text " * 3):
        matrix = qr_matrix(payload)
        n = len(matrix)
        assert n >= 21 and (n - 17) % 4 == 0
        assert all(len(row) == n for row in matrix)
        painted = [[0] * n for _ in range(n)]
        rects = dark_rectangles(matrix)
        for col, row, w, h in rects:
            for r in range(row, row + h):
                for c in range(col, col + w):
                    painted[r][c] += 1
        assert painted == [[int(m) for m in r] for r in matrix]  # all dark, none twice, no light
        assert len(rects) < sum(map(sum, painted)) / 2  # runs merged, not one square per module
        assert modules_with_quiet_zone(payload) == n + 2 * QUIET_ZONE


def test_qr_rejects_what_it_cannot_encode() -> None:
    from dinsos_desktop.reports.qr import QrCode, qr_matrix

    with pytest.raises(ValueError, match="kosong"):
        qr_matrix("")
    with pytest.raises(ValueError, match="terlalu panjang"):
        QrCode("9" * 8000, 30 * MM)


def test_qr_flowable_and_canvas_helper() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from dinsos_desktop.reports.qr import QrCode, draw_qr

    flowable = QrCode(PAYLOAD, 30 * MM)
    assert flowable.wrap(500, 500) == (30 * MM, 30 * MM)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 200), pageCompression=0)
    draw_qr(canvas, PAYLOAD, 10, 10, 100)
    flowable.drawOn(canvas, 100, 100)
    canvas.showPage()
    canvas.save()
    raw = out.getvalue()
    # Two codes, each a single filled path of rectangles.
    assert raw.count(b" re f") == 2
    assert b"/XObject" not in raw


@pytest.mark.gui
@pytest.mark.parametrize("paper", [A5, A4, F4, ROLL_80MM], ids=lambda p: p.key)
def test_the_receipt_qr_code_decodes_to_the_payload(paper: PaperSize, qapp: object) -> None:
    from dinsos_desktop.reports.receipt import render_receipt

    data = receipt_data()
    assert _decode(render_receipt(data, paper)) == [(0, data.qr_payload)]


@pytest.mark.gui
@pytest.mark.parametrize("paper", [A5, ROLL_80MM], ids=lambda p: p.key)
def test_the_return_slip_qr_code_decodes_to_its_number(paper: PaperSize, qapp: object) -> None:
    from dinsos_desktop.reports.receipt import render_return_slip

    data = slip_data()
    assert _decode(render_return_slip(data, paper)) == [(0, SLIP_NUMBER)]


@pytest.mark.gui
def test_qr_codes_decode_for_many_payloads_and_only_on_the_first_page(qapp: object) -> None:
    from dinsos_desktop.reports.receipt import render_receipt

    # Payloads of the shape the services sign (number*signature), and a lower-case one that
    # needs byte mode: every mask the encoder may pick must read back.
    payloads = [f"26-{n:06d}-{n % 10}*{(n * 2654435761) % 16**16:016X}" for n in range(1, 9)]
    payloads.append("26-000451-7*9f2c1a7b3d4e5f60")
    for payload in payloads:
        data = receipt_data(qr_payload=payload, items=long_items(25))
        assert _decode(render_receipt(data, A5), dpi=120) == [(0, payload)]
