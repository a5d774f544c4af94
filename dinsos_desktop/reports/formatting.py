"""Dates, times, money and numbers the Indonesian way: "Jumat, 27 November 2026", "Rp 12.000.000".

Used by the printouts and by the GUI. babel is imported on first use, not at import time, so that
importing this module costs nothing at start-up.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

LOCALE = "id"


@cache
def _locale() -> Locale:
    from babel import Locale

    return Locale.parse(LOCALE)


def format_date(d: dt.date) -> str:
    """'27 November 2026'."""
    from babel.dates import format_date as _format_date

    return _format_date(d, "d MMMM y", locale=_locale())


def format_date_long(d: dt.date) -> str:
    """'Jumat, 27 November 2026'."""
    from babel.dates import format_date as _format_date

    return _format_date(d, "EEEE, d MMMM y", locale=_locale())


def format_month_year(d: dt.date) -> str:
    """'November 2026', the period line of a monthly register."""
    from babel.dates import format_date as _format_date

    return _format_date(d, "MMMM y", locale=_locale())


def format_datetime(moment: dt.datetime, *, seconds: bool = False) -> str:
    """'27 November 2026 pukul 14.05' (or '14.05.09' with seconds).

    The wall-clock time of ``moment`` is printed as it is; an aware datetime is not converted and
    no zone is appended, because every workstation of one office shares a zone.
    """
    from babel.dates import format_datetime as _format_datetime

    pattern = "d MMMM y 'pukul' HH.mm.ss" if seconds else "d MMMM y 'pukul' HH.mm"
    return _format_datetime(moment.replace(tzinfo=None), pattern, locale=_locale())


def format_rupiah(amount: int | Decimal) -> str:
    """'Rp 12.000.000': whole rupiah, dots between thousands, half a rupiah rounded up."""
    from babel.numbers import format_currency

    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return format_currency(whole, "IDR", format="¤ #,##0", locale=_locale(), currency_digits=False)


def format_number(n: int | Decimal | float, *, decimals: int | None = None) -> str:
    """'1.234.567', '82,5'; with ``decimals`` exactly that many digits after the comma ('82,50')."""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(n, locale=_locale())
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    value = Decimal(str(n)) if isinstance(n, float) else Decimal(n)
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(), decimal_quantization=False)
