"""Paper sizes an Indonesian office prints on, with the margins of the Tata Naskah Dinas.

Government correspondence leaves at least 3 cm on the left (for punching and binding), 2 cm on the
right, 2 cm at the top and 2.5 cm at the bottom. F4 ("folio", 215 × 330 mm) is still the most common
paper in regional offices next to A4. A5 is for small slips; its margins are scaled down. Receipts
may also go to an 80 mm thermal roll, which has no fixed height: a printout on it is cut to the
length of its content (``PaperSize.with_height``).

Sizes are plain numbers in PDF points, so this module imports nothing from reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MM = 72 / 25.4  # PDF points per millimetre
CM = 10 * MM


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins in points."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True, slots=True)
class PaperSize:
    key: str  # stable; stored in settings
    label: str  # shown to the user
    width_mm: float
    height_mm: float
    margins: Margins
    # A roll: ``height_mm`` is the longest piece printed as one page; a printout sets its own
    # height from its content with ``with_height``.
    is_roll: bool = False

    def with_height(self, height_mm: float) -> PaperSize:
        """This paper cut to ``height_mm`` (for a roll)."""
        return replace(self, height_mm=height_mm)

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in points, portrait; what reportlab calls a pagesize."""
        return (self.width_mm * MM, self.height_mm * MM)

    @property
    def width(self) -> float:
        return self.width_mm * MM

    @property
    def height(self) -> float:
        return self.height_mm * MM

    @property
    def frame_width(self) -> float:
        return self.width - self.margins.left - self.margins.right

    @property
    def frame_height(self) -> float:
        return self.height - self.margins.top - self.margins.bottom

    @property
    def is_small(self) -> bool:
        """True for half-size paper, where printouts use smaller type."""
        return self.width_mm < 180


_OFFICE_MARGINS = Margins(top=2 * CM, right=2 * CM, bottom=2.5 * CM, left=3 * CM)

A4 = PaperSize("A4", "A4 (210 × 297 mm)", 210, 297, _OFFICE_MARGINS)
F4 = PaperSize("F4", "F4/Folio (215 × 330 mm)", 215, 330, _OFFICE_MARGINS)
A5 = PaperSize("A5", "A5 (148 × 210 mm)", 148, 210,
               Margins(top=1.5 * CM, right=1.5 * CM, bottom=2 * CM, left=2 * CM))

# An 80 mm receipt roll (printable width about 72 mm). The bottom margin leaves room for the
# footer line and the printer's cutter.
ROLL_80MM = PaperSize("ROLL80", "Kertas gulung 80 mm", 80, 1500,
                      Margins(top=4 * MM, right=4 * MM, bottom=9 * MM, left=4 * MM), is_roll=True)

# Office papers, for letters, sheets and registers.
PAPER_SIZES: tuple[PaperSize, ...] = (A4, F4, A5)
# Receipts and return slips, A5 first (the default).
RECEIPT_PAPER_SIZES: tuple[PaperSize, ...] = (A5, A4, F4, ROLL_80MM)


def paper_size(key: str, among: tuple[PaperSize, ...] = PAPER_SIZES) -> PaperSize:
    """The paper size stored under ``key`` ('A4', 'F4', 'A5'; 'ROLL80' among
    ``RECEIPT_PAPER_SIZES``; case-insensitive)."""
    wanted = key.strip().upper()
    for paper in among:
        if paper.key == wanted:
            return paper
    choices = ", ".join(p.key for p in among)
    raise ValueError(f"Ukuran kertas '{key}' tidak dikenal (pilihan: {choices}).")
