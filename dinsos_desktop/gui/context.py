"""What the GUI is given by the composition root: it never builds engines or sessions itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dinsos_desktop.config import DatabaseSettings, SettingsStore
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.uow import UnitOfWork


@dataclass
class AppContext:
    """Mutable holder for the session: the current database and the logged-in user."""

    uow_factory: Callable[[], UnitOfWork]
    database_label: str
    settings_store: SettingsStore
    # Opens a database URL: returns a new uow factory after migrating, or raises a DomainError.
    open_database: Callable[[str], tuple[Callable[[], UnitOfWork], str]]
    # Checks a connection without changing anything; returns a human-readable status line.
    test_connection: Callable[[str], str]
    url_for: Callable[[DatabaseSettings], str]
    bundled_catalog: Any = None
    # Issue 3 (counter intake): region names for NIK decoding (domain.regions.RegionLookup) and the
    # due-date calculator handed to services.intake.decide (services.intake.DueCalculator).
    regions: Any = None
    due_for: Any = None
    # National holidays and cuti bersama (domain.workdays.HolidaySource) for the calendar page.
    holidays: Any = None
    # The local copy of the catalog last shown from a database (a path per database label), for
    # the first paint before the database is open; None: no copy (tests).
    catalog_cache: Callable[[str], Path] | None = None
    actor: Actor | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def uow(self) -> UnitOfWork:
        return self.uow_factory()
