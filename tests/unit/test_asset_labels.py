"""Asset labels (reports.labels): sheets and rolls, the QR codes read back with a real decoder
(tests/qrdecode.py: QtPdf renders the pages, zxing-cpp decodes), the text on each label, and the
QR encoder behind them checked against reportlab's (through reports.qr)."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys

import pytest

from dinsos_desktop.domain.assets import ROLL_LAYOUT, LabelLayout, label_text, parse_label
from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.reports.agenda import Cancelled
from dinsos_desktop.reports.asset_data import LabelData, labels_for, office_short_name
from dinsos_desktop.reports.labels import qr_path_operators, qr_rows, render_labels
from dinsos_desktop.reports.paper import MM
from dinsos_desktop.services.asset_dto import AssetDTO
from tests.pdftext import parse_pdf, squash
from tests.qrdecode import decode_qr_codes

OFFICE = "DINAS SOSIAL KOTA PASURUAN"
CODES = ("1.3.2.10.01.02.001", "1.3.2.05.01.04.001", "1.3.2.02.01.03.004", "1.3.5.01.01",
         "1.3.3.01.01.01.001")
NAMES = ("PC Unit Lenovo ThinkCentre M70q", "Kursi kerja", "Sepeda motor Honda Vario 125",
         "Buku pedoman pelayanan sosial", "Gedung kantor Dinas Sosial")
LONG_NAME = ("Meja rapat kayu jati ukuran 240 x 120 cm dengan kaca penutup, enam kursi lipat dan "
             "taplak hijau bersulam lambang daerah")
SHEET = LabelLayout()  # A4, 3 × 8 labels of 64 × 33.9 mm
SMALLEST = LabelLayout(roll=True, label_width_mm=30, label_height_mm=15)


def make_labels(n: int) -> list[LabelData]:
    out = []
    for i in range(n):
        name = LONG_NAME if i == 7 else NAMES[i % len(NAMES)]
        out.append(LabelData(CODES[i % len(CODES)], i + 1, name, None if i == 5 else 2000 + i % 27, OFFICE))
    return out


def _decoded(pdf: bytes, dpi: int = 150) -> list[tuple[int, str]]:
    return sorted(decode_qr_codes(pdf, dpi=dpi))


# --------------------------------------------------------------------------- sheets and rolls


@pytest.mark.gui
def test_a_sheet_of_labels_decodes_to_each_labels_text(qapp: object) -> None:
    labels = make_labels(30)
    pdf = render_labels(labels, SHEET)
    parsed = parse_pdf(pdf)
    assert len(parsed.pages) == 2  # 24 on the first sheet, 6 on the second
    for page in parsed.pages:
        assert page.media_box == pytest.approx((0, 0, 210 * MM, 297 * MM), abs=0.01)
    expected = sorted((i // 24, label_text(x.code, x.register)) for i, x in enumerate(labels))
    assert _decoded(pdf) == expected
    for _, text in expected:
        assert parse_label(text) is not None


@pytest.mark.gui
@pytest.mark.parametrize("layout", [ROLL_LAYOUT, SMALLEST], ids=["roll-50x25", "roll-30x15"])
def test_a_roll_has_a_page_per_label_and_every_code_reads(layout: LabelLayout, qapp: object) -> None:
    labels = make_labels(30)
    pdf = render_labels(labels, layout)
    parsed = parse_pdf(pdf)
    assert len(parsed.pages) == 30
    for page in parsed.pages:
        assert page.media_box == pytest.approx(
            (0, 0, layout.label_width_mm * MM, layout.label_height_mm * MM), abs=0.01)
    # 150 dpi is coarser than a label printer's 203 dpi: the smallest label still reads.
    assert _decoded(pdf) == [(i, x.payload) for i, x in enumerate(labels)]
    # Each page holds its own label's code and register.
    for page, label in zip(parsed.pages, labels, strict=True):
        assert label.register_text in page.text
        assert squash(label.code) in squash(page.text)


def test_the_text_of_each_label() -> None:
    labels = make_labels(30)
    parsed = parse_pdf(render_labels(labels, SHEET))
    first = squash(parsed.pages[0].text)
    assert squash(OFFICE) in first
    for label in labels[:24]:
        assert squash(label.code) in first
        assert f"Reg. {label.register:04d}" in parsed.pages[0].text
    assert "Th. 2000" in parsed.pages[0].text
    assert "Th. -" in parsed.pages[0].text  # the label without a year
    for name in NAMES:
        assert squash(name) in squash(parsed.text)
    # The long name is shortened to the lines the label has, ending in "…".
    assert squash(LONG_NAME) not in squash(parsed.text)
    assert squash(LONG_NAME[:20]) in squash(parsed.text)
    assert "…" in parsed.text
    second = {squash(line) for line in parsed.pages[1].text.splitlines()}
    assert {squash(x.code) for x in labels[24:]} <= second


def test_the_smallest_label_keeps_code_register_and_year() -> None:
    parsed = parse_pdf(render_labels(make_labels(3), SMALLEST))
    text = parsed.pages[0].text
    # The code may be broken at a dot onto two lines; nothing of it is lost.
    assert squash(CODES[0]) in squash(text)
    assert "0001" in text and "2000" in text
    assert "DINAS SOSIAL" in text


def test_labels_are_made_from_assets_and_the_office_profile() -> None:
    assert office_short_name(OfficeProfile()) == "DINAS SOSIAL KOTA PASURUAN"
    assert office_short_name(OfficeProfile(government_name="Pemerintah Daerah Kota Pasuruan",
                                           office_name="Dinas Sosial")) == "DINAS SOSIAL KOTA PASURUAN"
    from dinsos_desktop.domain.assets import AssetFields, Kib

    now = dt.datetime(2026, 11, 30, 9, 0)
    asset = AssetDTO(1, 7, Kib.B, "PC Unit", AssetFields("1.3.2.10.01.02.001", "PC Unit Lenovo",
                                                        dt.date(2024, 3, 5), 12_000_000),
                     "", "aktif", None, "", None, "", 4, "Budi", 1, now, now)
    (label,) = labels_for([asset], OFFICE)
    assert label == LabelData("1.3.2.10.01.02.001", 7, "PC Unit Lenovo", 2024, OFFICE)
    assert label.payload == "BMD|1.3.2.10.01.02.001|0007" == asset.label_text


def test_progress_cancel_and_bad_layouts() -> None:
    labels = make_labels(50)
    calls: list[tuple[int, int]] = []
    render_labels(labels, SHEET, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 50), (24, 50), (48, 50), (50, 50)]
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        render_labels(labels, SHEET, cancelled=cancelled)
    with pytest.raises(ValidationError):
        render_labels(labels, LabelLayout(columns=4))  # 4 × 64 mm is wider than A4
    with pytest.raises(ValidationError):
        render_labels(labels, LabelLayout(roll=True, label_width_mm=25, label_height_mm=12))
    with pytest.raises(ValueError, match="Tidak ada label"):
        render_labels([], SHEET)


def test_importing_the_label_module_is_cheap() -> None:
    code = ("import sys, dinsos_desktop.reports.labels, dinsos_desktop.reports.asset_data; "
            "heavy = [m for m in ('reportlab', 'openpyxl', 'babel', 'PySide6', 'sqlalchemy') "
            "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# --------------------------------------------------------------------------- the QR encoder


def _reference_rows(payload: str) -> tuple[int, ...]:
    from dinsos_desktop.reports.qr import qr_matrix

    return tuple(int("".join("1" if m else "0" for m in row), 2) for row in qr_matrix(payload))


def test_the_encoder_matches_reportlabs_for_single_mode_payloads() -> None:
    # Where one mode is best (reportlab's encoder always uses one), the symbols are identical:
    # the same data, error correction, placement, mask choice and format information.
    rng = random.Random(7)
    payloads = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz|~") for _ in range(rng.randint(1, 400)))
                for _ in range(40)]
    payloads += ["12345678901234567890", "26-000451-7*9F2C1A7B3D4E5F60", "HELLO WORLD"]
    for payload in payloads:
        assert qr_rows(payload) == _reference_rows(payload), payload


def test_a_full_code_fits_version_2_by_mixing_modes() -> None:
    payload = label_text("1.3.2.10.01.02.001", 7)
    assert len(qr_rows(payload)) == 25  # version 2; a single byte segment needs version 3
    assert len(_reference_rows(payload)) == 29
    assert len(qr_rows(label_text("1.3.2.10.01.02.001", 12345))) == 25
    with pytest.raises(ValueError):
        qr_rows("")
    with pytest.raises(ValueError):
        qr_rows("x" * 3000)


def test_the_path_covers_exactly_the_dark_modules() -> None:
    rows = qr_rows(label_text("1.3.2.05.01.04.001", 166))
    n = len(rows)
    painted = [[0] * n for _ in range(n)]
    ops = qr_path_operators(rows).split(" re")
    for op in filter(str.strip, ops):
        x, y, w, h = (int(v) for v in op.split())
        for r in range(n - y - h, n - y):
            for c in range(x, x + w):
                painted[r][c] += 1
    for r, row in enumerate(rows):
        for c in range(n):
            assert painted[r][c] == (row >> (n - 1 - c)) & 1, (r, c)
