"""QR codes drawn as plain vector rectangles.

reportlab's QR widget builds a drawing with one shape object per dark module and costs about as
much as a whole receipt. Here the module matrix comes from reportlab's own encoder
(``reportlab.graphics.barcode.qrencoder``; only the choice among its eight masks is redone here,
the same way but faster) and is painted as a single filled path: the dark modules of a row are
merged into runs, and a run repeated on the rows below it becomes one taller rectangle. The
coordinates are whole modules under a scaling transform, so the page stream stays short and the
edges of neighbouring rectangles meet exactly.

Error correction level M (about 15 % of the symbol may be damaged), the usual choice for printed
documents. The payload is encoded in the most compact mode it allows: digits, the QR alphanumeric
set (``0-9 A-Z space $ % * + - . / :``), or bytes (UTF-8). Keeping a payload in the alphanumeric set
keeps the symbol small and the encoding fast.

Imports reportlab at module level: import this module only when printing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # light modules around the symbol that ISO/IEC 18004 asks for, on every side

Matrix = tuple[tuple[bool, ...], ...]


_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")


def _penalty(modules: Sequence[Sequence[bool]]) -> int:
    """The mask penalty of ISO/IEC 18004 (N1 runs, N2 blocks, N3 finder-like patterns, N4
    balance). reportlab's encoder scores the eight masks by the same rules in plain loops, several
    times slower: that scoring was most of the cost of a QR code."""
    n = len(modules)
    rows = ["".join(["1" if m else "0" for m in row]) for row in modules]
    score = 0
    for line in (*rows, *("".join(col) for col in zip(*rows, strict=True))):
        for run in _RUN.finditer(line):
            score += run.end() - run.start() - 2  # 3 for five in a row, 1 for each one more
        score += 40 * len(_FINDER_LIKE.findall(line))
    bits = [int(row, 2) for row in rows]
    pairs = (1 << (n - 1)) - 1
    for a, b in itertools.pairwise(bits):
        dark = a & b & (a >> 1) & (b >> 1) & pairs
        light = ~(a | b | (a >> 1) | (b >> 1)) & pairs
        score += 3 * (dark.bit_count() + light.bit_count())
    dark_count = sum(row.count("1") for row in rows)
    return score + 10 * (abs(dark_count * 20 - n * n * 10) // (n * n))


@lru_cache(maxsize=32)  # bounded: a preview followed by a print encodes once
def qr_matrix(payload: str) -> Matrix:
    """The module matrix of ``payload`` at error correction level M, row 0 at the top, True for a
    dark module; without the quiet zone. ValueError when the payload is empty or too long."""
    if not payload:
        raise ValueError("Isi kode QR tidak boleh kosong.")
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    try:
        qr.version = qr.calculate_version()
        # What QRCode.make() does, with the mask chosen by the faster penalty above.
        best = min(range(8), key=lambda mask: (_penalty(_symbol(qr, mask)), mask))
        modules = _symbol(qr, best)
    except Exception as exc:  # the encoder fails with assorted errors on data past version 40
        raise ValueError(f"Isi kode QR terlalu panjang ({len(payload)} karakter).") from exc
    return tuple(tuple(bool(m) for m in row) for row in modules)


def _symbol(qr: Any, mask: int) -> list[list[bool]]:
    qr.makeImpl(False, mask)
    return qr.modules  # type: ignore[no-any-return]


def modules_with_quiet_zone(payload: str) -> int:
    """Modules across the whole symbol, quiet zone included: a QR code of side ``size`` has modules
    of ``size / modules_with_quiet_zone(payload)``."""
    return len(qr_matrix(payload)) + 2 * QUIET_ZONE


def dark_rectangles(matrix: Matrix) -> list[tuple[int, int, int, int]]:
    """(column, row, width, height) in modules, row 0 at the top, covering exactly the dark
    modules: runs of a row merged, and a run that repeats on the next rows extended down."""
    done: list[tuple[int, int, int, int]] = []
    open_: dict[tuple[int, int], list[int]] = {}  # (column, width) -> [top row, height]
    for r, row in enumerate(matrix):
        runs: list[tuple[int, int]] = []
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append((start, c - start))
            else:
                c += 1
        still_open: dict[tuple[int, int], list[int]] = {}
        for run in runs:
            rect = open_.pop(run, None)
            if rect is None:
                still_open[run] = [r, 1]
            else:
                rect[1] += 1
                still_open[run] = rect
        done.extend((col, top, width, height) for (col, width), (top, height) in open_.items())
        open_ = still_open
    done.extend((col, top, width, height) for (col, width), (top, height) in open_.items())
    return done


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``payload`` as a ``size`` × ``size`` square whose lower left corner is
    at (x, y), the quiet zone included (left unpainted: the paper is the light colour)."""
    matrix = qr_matrix(payload)
    count = len(matrix)
    module = size / (count + 2 * QUIET_ZONE)
    # PDF's y axis points up; the matrix's rows go down.
    ops = " ".join(f"{c} {count - top - h} {w} {h} re" for c, top, w, h in dark_rectangles(matrix))
    canvas.saveState()
    canvas.translate(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    canvas.scale(module, module)
    canvas.setFillGray(0)
    canvas.addLiteral(f"{ops} f")
    canvas.restoreState()


class QrCode(Flowable):  # type: ignore[misc]
    """The QR code of ``payload`` as a flowable ``size`` points square (quiet zone included)."""

    def __init__(self, payload: str, size: float, *, h_align: str = "CENTER") -> None:
        super().__init__()
        qr_matrix(payload)  # fail here, where the story is built, not in the middle of a layout
        self.payload = payload
        self.size = size
        self.hAlign = h_align

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, 0, 0, self.size)
