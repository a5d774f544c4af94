"""What the fixed-asset printouts take besides the asset DTOs: the report header (office profile,
signatories, printing date) and the contents of a label, with the wording they share.

Stdlib, domain and ``services.asset_dto`` only: the GUI may import this module at start-up and
build these values from what the services return (the office profile, the asset settings); the
printouts themselves (``labels``, ``assets``, ``assets_xlsx``) import reportlab or openpyxl only
when something is printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dinsos_desktop.domain.assets import label_text, register_text
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.services.asset_dto import AssetDTO

KEEPER_POSITION = "Pengurus Barang"
ROOM_RESPONSIBLE_POSITION = "Penanggung Jawab Ruangan"

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")


@dataclass(frozen=True, slots=True)
class AssetReportHeader:
    """The frame of an asset report: the letterhead and the head of office ("Mengetahui") come
    from ``office``; ``keeper`` is the Pengurus Barang who signs beside the head (None: the
    block is printed with an empty name, to be filled in by hand). ``title`` and ``period``
    replace the report's own title and period line when given."""

    office: OfficeProfile
    printed_on: dt.date
    keeper: Signatory | None = None
    title: str = ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class LabelData:
    """One asset label: the short office name at the top, the full code, the register number,
    the year and the name; the QR code holds ``payload`` (``domain.assets.label_text``)."""

    code: str
    register: int
    name: str
    year: int | None
    office: str = ""

    @property
    def payload(self) -> str:
        return label_text(self.code, self.register)

    @property
    def register_text(self) -> str:
        return register_text(self.register)


def office_short_name(office: OfficeProfile) -> str:
    """'DINAS SOSIAL KOTA PASURUAN' from 'DINAS SOSIAL' and 'PEMERINTAH KOTA PASURUAN': the
    name a label has room for."""
    name = " ".join(office.office_name.split()).upper()
    government = " ".join(office.government_name.split()).upper()
    for prefix in ("PEMERINTAH DAERAH ", "PEMERINTAH "):
        if government.startswith(prefix):
            government = government[len(prefix):]
            break
    if government and not name.endswith(government):
        return f"{name} {government}".strip()
    return name or government


def labels_for(assets: Iterable[AssetDTO], office: str) -> list[LabelData]:
    """The labels of ``assets``, in their order."""
    return [LabelData(a.code, a.register, a.name, a.year, office) for a in assets]


def date_text(day: dt.date) -> str:
    """'30 November 2026' (without babel: this module stays cheap)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def as_of_text(day: dt.date) -> str:
    """'Keadaan per 30 November 2026'."""
    return f"Keadaan per {date_text(day)}"


def period_between(start: dt.date, end: dt.date) -> str:
    """'Tahun 2026', 'Semester I Tahun 2026', 'Semester II Tahun 2026', or '1 Maret 2026 s.d.
    15 April 2026' for any other span."""
    if start.year == end.year and (start.month, start.day) == (1, 1):
        if (end.month, end.day) == (12, 31):
            return f"Tahun {start.year}"
        if (end.month, end.day) == (6, 30):
            return f"Semester I Tahun {start.year}"
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return f"Semester II Tahun {start.year}"
    return f"{date_text(start)} s.d. {date_text(end)}"
