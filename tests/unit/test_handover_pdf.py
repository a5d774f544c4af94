"""The tanda terima penyerahan (handover receipt) on A5, A4, F4 and the 80 mm roll: what it says,
its paper, and the QR code it carries.

Text is read back with tests/pdftext.py; the QR code is rasterised and decoded with
tests/qrdecode.py, as in the receipt tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest

from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.reports.paper import A4, A5, F4, MM, RECEIPT_PAPER_SIZES, ROLL_80MM, PaperSize
from dinsos_desktop.services.dto import HandoverReceiptData
from tests.pdftext import ParsedPdf, parse_pdf, squash
from tests.qrdecode import decode_qr_codes

NUMBER = "26-000451-7"
PAYLOAD = f"{NUMBER}*9F2C1A7B3D4E5F60"
FULL_NIK = "3575045508950001"
MASKED_NIK = "357504******0001"
RECIPIENT_FULL_NIK = "3575046012880002"
RECIPIENT_MASKED_NIK = "357504******0002"
OFFICER_NAME = "Rina Wulandari, S.Sos."
OFFICER_NIP = "198503122010012005"
OFFICER_NIP_PRINTED = "NIP. 19850312 201001 2 005"
PRODUCTS = ("Surat Rekomendasi Izin Operasional", "Sertifikat Pendaftaran Lembaga")
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
HANDED_AT = dt.datetime(2026, 11, 27, 14, 5, tzinfo=WIB)
HANDOVER_DATE = "Jumat, 27 November 2026"
HEAD = Signatory("Kepala Dinas Sosial", "Drs. H. Contoh Pejabat, M.Si.", "197001011990031001")


def handover_data(**changes: object) -> HandoverReceiptData:
    data = HandoverReceiptData(
        office=OfficeProfile(head=HEAD), tracking_number=NUMBER, qr_payload=PAYLOAD,
        applicant_name="Siti Aminah", applicant_nik_masked=MASKED_NIK,
        institution_name="LKSA Harapan Bangsa", standard_code="IZIN-LKSA",
        standard_title="Izin Operasional Panti Asuhan/LKSA",
        catalog_version="Keputusan No. 188/76/423.105/2021 tanggal 12 Juli 2021",
        products=PRODUCTS, registered_at=dt.datetime(2026, 11, 20, 10, 15, tzinfo=WIB),
        handed_at=HANDED_AT, recipient_name="Budi Santoso",
        recipient_id_number_masked=RECIPIENT_MASKED_NIK, recipient_is_representative=True,
        note="Diambil dengan surat kuasa bermeterai.", officer_name=OFFICER_NAME,
        officer_nip=OFFICER_NIP,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def render(data: HandoverReceiptData, paper: PaperSize = A5) -> bytes:
    from dinsos_desktop.reports.handover import render_handover_receipt

    return render_handover_receipt(data, paper)


def parsed(data: HandoverReceiptData, paper: PaperSize = A5) -> ParsedPdf:
    return parse_pdf(render(data, paper))


def assert_page_size(pdf: ParsedPdf, paper: PaperSize) -> None:
    for page in pdf.pages:
        x0, y0, x1, y1 = page.media_box
        assert (x0, y0) == (0, 0)
        assert x1 == pytest.approx(paper.width, abs=0.01)
        if paper.is_roll:  # cut to the content
            assert 100 * MM < y1 <= paper.height + 0.01
        else:
            assert y1 == pytest.approx(paper.height, abs=0.01)


@pytest.mark.parametrize("paper", RECEIPT_PAPER_SIZES, ids=lambda p: p.key)
def test_handover_receipt_says_everything_on_every_paper(paper: PaperSize) -> None:
    data = handover_data()
    pdf = parsed(data, paper)
    assert len(pdf.pages) == 1
    assert_page_size(pdf, paper)
    text, flat = pdf.text, squash(pdf.text)
    assert "PEMERINTAH KOTA PASURUAN" in text and "DINAS SOSIAL" in text
    assert "TANDA TERIMA PENYERAHAN" in text
    assert NUMBER in text.splitlines()  # the number in one piece, on its own line
    # The applicant and the service.
    assert "Siti Aminah" in text and "LKSA Harapan Bangsa" in text
    assert MASKED_NIK in text and FULL_NIK not in flat
    assert squash(data.standard_title) in flat and "IZIN-LKSA" in flat
    assert squash(data.catalog_version) in flat
    for product in PRODUCTS:
        assert squash(product) in flat
    # When it was registered and handed over; the statement names the day, the date and the time.
    assert squash("Jumat, 20 November 2026") in flat
    assert squash(HANDOVER_DATE) in flat
    assert squash("Pada hari ini Jumat, tanggal 27 November 2026, pukul 14.05, telah diserahkan") in flat
    # The recipient, a kuasa, with the ID number masked, and the note.
    assert "Budi Santoso" in text
    assert RECIPIENT_MASKED_NIK in text
    assert "kuasa" in text.lower() and "Kuasa pemohon" in text
    assert squash(data.note) in flat
    # The signatures under the city and date: the officer with the NIP, and the recipient.
    assert "Pasuruan, 27 November 2026" in text
    assert "Yang menyerahkan," in text and "Yang menerima," in text
    assert OFFICER_NAME in text and OFFICER_NIP_PRINTED in text
    assert f"{NUMBER} — halaman 1 dari " in text  # the footer names the number


@pytest.mark.parametrize("paper", RECEIPT_PAPER_SIZES, ids=lambda p: p.key)
def test_the_applicant_collecting_in_person_is_not_called_a_kuasa(paper: PaperSize) -> None:
    data = handover_data(recipient_name="Siti Aminah", recipient_id_number_masked=MASKED_NIK,
                         recipient_is_representative=False, note="")
    pdf = parsed(data, paper)
    assert_page_size(pdf, paper)
    assert "kuasa" not in pdf.text.lower()
    assert "Pemohon" in pdf.text.splitlines()  # what the recipient is, in the signature block
    assert squash(HANDOVER_DATE) in squash(pdf.text)


def test_another_id_and_an_unmasked_nik_are_printed_safely() -> None:
    other = parsed(handover_data(recipient_id_number_masked="••••••••5678"))
    assert "Nomor identitas" in other.text and "••••••••5678" in other.text
    # A full NIK that slipped into the data never reaches paper.
    leaked = parsed(handover_data(recipient_id_number_masked=RECIPIENT_FULL_NIK,
                                  applicant_nik_masked=FULL_NIK))
    flat = squash(leaked.text)
    assert RECIPIENT_FULL_NIK not in flat and FULL_NIK not in flat
    assert RECIPIENT_MASKED_NIK in leaked.text and MASKED_NIK in leaked.text


def test_optional_fields_may_be_empty() -> None:
    data = handover_data(registered_at=None, institution_name="", note="", officer_nip="",
                         products=())
    for paper in (A5, ROLL_80MM):
        pdf = parsed(data, paper)
        assert len(pdf.pages) == 1
        assert "Tanggal daftar" not in pdf.text and "Lembaga" not in pdf.text
        assert "Catatan" not in pdf.text and "NIP." not in pdf.text
        assert OFFICER_NAME in pdf.text and squash(HANDOVER_DATE) in squash(pdf.text)


def test_only_the_bundled_fonts_are_used() -> None:
    raw = render(handover_data())
    assert raw.startswith(b"%PDF-")
    assert b"/Helvetica" not in raw and b"/Courier" not in raw


def test_fits_one_page_with_a_logo() -> None:
    pytest.importorskip("PIL.Image")
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (120, 140), (20, 90, 40)).save(logo, "PNG")
    office = OfficeProfile(head=HEAD, logo_png=logo.getvalue(), email="dinsoskopas@gmail.com",
                           website="dinsos.pasuruankota.go.id")
    for paper in RECEIPT_PAPER_SIZES:
        pdf = parsed(handover_data(office=office), paper)
        assert len(pdf.pages) == 1, paper.key
        assert_page_size(pdf, paper)


def test_long_names_wrap_and_the_signatures_never_stand_alone() -> None:
    long_name = "Dr. H. Muhammad Budi Santoso Wicaksono Prasetyo, S.H., M.Kn."
    data = handover_data(
        recipient_name=long_name,
        officer_name="Dra. Rina Wulandari Kusumawardhani Puspitasari, S.Sos., M.AP.",
        products=tuple(f"Produk layanan nomor {i} berupa surat keterangan yang panjang namanya"
                       for i in range(1, 7)),
        note=" ".join(f"Catatan{i:02d}" for i in range(50)))  # 499 characters; 500 at most
    pdf = parsed(data, A5)
    assert len(pdf.pages) == 2
    assert_page_size(pdf, A5)
    first, last = pdf.pages[0].text, pdf.pages[-1].text
    assert "Yang menerima," in last and "Yang menerima," not in first
    assert len(data.note) <= 500
    assert "Catatan49" in last  # some of the details go over with the signatures
    assert squash(long_name) in squash(last)
    for number, page in enumerate(pdf.pages, 1):
        assert f"Tanda terima penyerahan No. {NUMBER} — halaman {number} dari " in page.text


@pytest.mark.gui
@pytest.mark.parametrize("paper", [A5, A4, F4, ROLL_80MM], ids=lambda p: p.key)
def test_the_qr_code_decodes_to_the_payload(paper: PaperSize, qapp: object) -> None:
    assert decode_qr_codes(render(handover_data(), paper)) == [(0, PAYLOAD)]
