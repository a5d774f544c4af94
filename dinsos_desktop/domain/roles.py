"""Roles of the office's staff and what each may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FRONT_OFFICE = "front_office"
    AGENDARIS = "agendaris"
    PENGURUS_BARANG = "pengurus_barang"
    PIMPINAN = "pimpinan"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.FRONT_OFFICE: "Petugas Front Office",
    Role.AGENDARIS: "Agendaris",
    Role.PENGURUS_BARANG: "Pengurus Barang",
    Role.PIMPINAN: "Pimpinan",
    Role.ADMIN: "Administrator",
}


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"Peran '{value}' tidak dikenal. Pilihan: {names}.") from None
