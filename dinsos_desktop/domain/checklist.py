"""The counter checklist: each requirement of a standard, as the clerk found it in the file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from dinsos_desktop.domain.catalog import Requirement, Standard


class ItemStatus(StrEnum):
    ORIGINAL_SEEN = "asli_diperiksa"  # asli diperiksa: the original was shown and checked
    COPY_RECEIVED = "salinan_diterima"  # salinan diterima: a copy stays with the file
    MISSING = "tidak_ada"  # tidak ada
    NOT_APPLICABLE = "tidak_berlaku"  # tidak berlaku for this applicant

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def satisfies(self) -> bool:
        return self is not ItemStatus.MISSING


_LABELS = {
    ItemStatus.ORIGINAL_SEEN: "Asli diperiksa",
    ItemStatus.COPY_RECEIVED: "Salinan diterima",
    ItemStatus.MISSING: "Tidak ada",
    ItemStatus.NOT_APPLICABLE: "Tidak berlaku",
}


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    item_key: str  # Requirement.key, e.g. "1.a"
    status: ItemStatus | None  # None: not looked at yet
    note: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistAssessment:
    complete: bool
    missing: tuple[Requirement, ...]  # marked "tidak ada"
    unmarked: tuple[Requirement, ...]  # not looked at yet

    @property
    def decidable(self) -> bool:
        """A decision (complete or returned) needs every item looked at."""
        return not self.unmarked


def assess(standard: Standard, entries: Iterable[ChecklistEntry]) -> ChecklistAssessment:
    """Complete when every checklist item (every requirement without sub-items) is present as an
    original or a copy, or does not apply to this applicant."""
    by_key: Mapping[str, ChecklistEntry] = {e.item_key: e for e in entries}
    missing: list[Requirement] = []
    unmarked: list[Requirement] = []
    for item in standard.checklist_items():
        entry = by_key.get(item.key)
        if entry is None or entry.status is None:
            unmarked.append(item)
        elif not entry.status.satisfies:
            missing.append(item)
    return ChecklistAssessment(not missing and not unmarked, tuple(missing), tuple(unmarked))
