"""Map database driver failures to the domain's known errors (friendly messages)."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from dinsos_desktop.domain.errors import (
    ConflictError,
    DatabaseAuthFailed,
    DatabaseBusy,
    DatabaseError,
    DatabaseUnavailable,
    DiskFull,
    DomainError,
)

UNAVAILABLE = ("Server basis data tidak dapat dihubungi. Periksa jaringan atau server, lalu coba "
               "lagi. Data yang sedang Anda isi tidak hilang.")


CONCURRENT_INSERT = ("Data yang sama baru saja disimpan dari workstation lain, sehingga simpanan "
                     "ini dibatalkan. Muat ulang data, periksa, lalu ulangi bila masih perlu.")


def _is_unique_violation(error: sa_exc.DBAPIError, text: str) -> bool:
    # PostgreSQL: SQLSTATE 23505; SQLite: "UNIQUE constraint failed" / primary key.
    return getattr(error.orig, "sqlstate", None) == "23505" or "unique constraint failed" in text


def translate(error: BaseException) -> DatabaseError | DomainError | None:
    """A domain error for a known database failure, or None for a genuine bug."""
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    text = str(error.orig if error.orig is not None else error).lower()
    if isinstance(error, sa_exc.IntegrityError):
        # Our use cases check for duplicates first; a violation here means another workstation
        # inserted the same thing between that check and our commit.
        return ConflictError(CONCURRENT_INSERT) if _is_unique_violation(error, text) else None
    if "password authentication failed" in text or "authentication failed" in text:
        return DatabaseAuthFailed(
            "Server basis data menolak nama pengguna atau kata sandi. Periksa pengaturan koneksi."
        )
    if "role" in text and "does not exist" in text:
        return DatabaseAuthFailed(
            "Nama pengguna basis data tidak dikenal oleh server. Periksa pengaturan koneksi."
        )
    if "does not exist" in text and "database" in text:
        return DatabaseUnavailable(
            "Basis data yang disebut tidak ada di server. Periksa nama basis data di pengaturan koneksi."
        )
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseBusy("Basis data sedang dipakai proses lain. Tunggu sebentar lalu coba lagi.")
    if "disk is full" in text or "no space left" in text or "could not extend file" in text:
        return DiskFull("Ruang disk penuh. Kosongkan ruang disk, lalu coba lagi.")
    if "unable to open database" in text or "readonly database" in text:
        return DatabaseUnavailable(
            "Berkas basis data tidak dapat dibuka atau ditulisi. Periksa lokasi dan izin berkasnya."
        )
    if error.connection_invalidated or isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
        return DatabaseUnavailable(UNAVAILABLE)
    return None
