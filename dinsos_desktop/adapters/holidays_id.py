"""Indonesian national holidays and cuti bersama from the ``holidays`` package.

Category ``public`` = the national holidays (hari libur nasional), ``government`` = cuti bersama, as
set each year by the joint decree of three ministers (SKB 3 Menteri); the package's 2026 data has
the decree's 17 holidays and 8 cuti bersama days. Names are in Bahasa Indonesia.

For years whose decree is not out yet the package estimates the Islamic holidays (their names end
in "(perkiraan)") and has no cuti bersama at all: :func:`is_provisional` says so, and the office
enters the real days as closures when they are announced.

``holidays`` is imported on first use and each year is built once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from dinsos_desktop.domain.workdays import SpecialDay, SpecialDayKind

if TYPE_CHECKING:
    import datetime as dt

COUNTRY = "ID"
LANGUAGE = "id"
ESTIMATED_MARK = "(perkiraan)"

_CATEGORIES = (("public", SpecialDayKind.NATIONAL_HOLIDAY), ("government", SpecialDayKind.CUTI_BERSAMA))


def _names(year: int, category: str) -> dict[dt.date, str]:
    import holidays

    found = holidays.country_holidays(COUNTRY, years=year, categories=(category,), language=LANGUAGE)
    # Two holidays on one date come back as one name joined with "; ".
    return {day: str(name) for day, name in found.items()}


@lru_cache(maxsize=32)
def special_days_for_year(year: int) -> tuple[SpecialDay, ...]:
    """The national holidays and cuti bersama of ``year``, sorted by date."""
    days = [SpecialDay(day, kind, name)
            for category, kind in _CATEGORIES
            for day, name in _names(year, category).items()]
    return tuple(sorted(days))


def is_provisional(year: int) -> bool:
    """True when the year's data is not the decree's yet: estimated dates or no cuti bersama."""
    days = special_days_for_year(year)
    return (any(ESTIMATED_MARK in d.name for d in days)
            or not any(d.kind is SpecialDayKind.CUTI_BERSAMA for d in days))


class IndonesianHolidays:
    """The :class:`~dinsos_desktop.domain.workdays.HolidaySource` of the application."""

    def special_days(self, year: int) -> Sequence[SpecialDay]:
        return special_days_for_year(year)

    def is_provisional(self, year: int) -> bool:
        return is_provisional(year)
