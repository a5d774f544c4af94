"""Errors every layer understands. Messages are Bahasa Indonesia: they reach the user as they are."""

from __future__ import annotations


class DomainError(Exception):
    """A known failure with a message fit for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Bad input. ``errors`` maps a field name to the message shown beside that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass


class ConflictError(DomainError):
    """Another workstation changed the record since it was read (optimistic concurrency)."""


class DuplicateError(DomainError):
    pass


class AuthenticationFailed(DomainError):
    pass


class AccountLocked(AuthenticationFailed):
    pass


class CatalogFormatError(DomainError):
    """A catalog file that cannot be imported; names the file, the standard and the field."""

    def __init__(self, file: str, standard: str | None, field: str | None, problem: str) -> None:
        where = [f"berkas {file}"]
        if standard:
            where.append(f"standar {standard}")
        if field:
            where.append(f"isian '{field}'")
        super().__init__(f"Katalog ditolak ({', '.join(where)}): {problem}")
        self.file = file
        self.standard = standard
        self.field = field
        self.problem = problem


class DatabaseError(DomainError):
    """Base for failures of the database itself (mapped by the adapter)."""


class DatabaseUnavailable(DatabaseError):
    pass


class DatabaseAuthFailed(DatabaseError):
    pass


class DatabaseBusy(DatabaseError):
    pass


class DiskFull(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class NeedsConfirmation(DomainError):
    """Not wrong, but worth a second look: the user may confirm and save anyway.
    ``warnings`` maps a field name to the message shown beside it."""

    def __init__(self, warnings: dict[str, str]) -> None:
        super().__init__("; ".join(warnings.values()))
        self.warnings = dict(warnings)


class AlreadyRegistered(DuplicateError):
    """The record exists already (e.g. the same NIK): open it instead of creating another."""

    def __init__(self, message: str, record_id: int) -> None:
        super().__init__(message)
        self.record_id = record_id
