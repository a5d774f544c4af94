"""Use cases of the agenda book: numbering settings, registering a letter ("Ambil nomor"), nomor
sisipan, voiding, editing, the scan of the sent letter, the book on screen, the gap and duplicate
report, the registers' data, the classification-code master and the import of an old book.

Numbers: the next value of the scope's counter is taken in the same transaction that writes the
letter (services never hand a number out without its record), so two workstations asking at once
get consecutive numbers and a failed save gives its number back; the database's unique
(scope, number, suffix) refuses a duplicate whatever happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dinsos_desktop.domain.errors import ConflictError, NotFound, ValidationError
from dinsos_desktop.domain.letters import (
    MAX_NUMBER_LENGTH,
    CodeSet,
    CounterScopeKind,
    LetterFields,
    LetterStatus,
    NumberingSettings,
    ScopeReport,
    SuffixStyle,
    check_code,
    check_fields,
    check_settings,
    counter_scope,
    format_letter_number,
    gap_report,
    next_suffix,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.domain.tracking import parse_any_number
from dinsos_desktop.services.common import LocalTime, audit, audit_entry, require, to_local, utcnow
from dinsos_desktop.services.dto import (
    Actor,
    AgendaRegisterData,
    ClassificationDTO,
    ClassificationInput,
    LetterDTO,
    LetterFilter,
    NewLetter,
    Page,
)
from dinsos_desktop.services.uow import UnitOfWork

LETTER_ROLES = (Role.AGENDARIS, Role.ADMIN)
READ_ROLES = (Role.AGENDARIS, Role.ADMIN, Role.PIMPINAN)
MAX_SCAN = 10 * 1024 * 1024
MAX_PAGE = 200

_KEYS = {
    "template": "letters.template",
    "pad": "letters.pad",
    "unit_code": "letters.unit_code",
    "scope": "letters.scope",
    "suffix_style": "letters.suffix_style",
    "insert_needs_approval": "letters.insert_needs_approval",
}

# --------------------------------------------------------------------------- settings


def read_settings(uow: UnitOfWork) -> NumberingSettings:
    """The office's numbering settings (inside an open unit of work); defaults where unset."""
    default = NumberingSettings()
    stored = uow.settings.get_many(list(_KEYS.values()))
    get = stored.get
    try:
        scope = CounterScopeKind(get(_KEYS["scope"]) or default.scope.value)
    except ValueError:
        scope = default.scope
    try:
        style = SuffixStyle(get(_KEYS["suffix_style"]) or default.suffix_style.value)
    except ValueError:
        style = default.suffix_style
    pad_text = get(_KEYS["pad"]) or ""
    return NumberingSettings(
        template=get(_KEYS["template"]) or default.template,
        pad=int(pad_text) if pad_text.isdigit() else default.pad,
        unit_code=get(_KEYS["unit_code"]) or default.unit_code,
        scope=scope, suffix_style=style,
        insert_needs_approval=get(_KEYS["insert_needs_approval"]) == "1",
    )


def numbering_settings(uow: UnitOfWork, actor: Actor) -> NumberingSettings:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return read_settings(uow)


def save_numbering_settings(uow: UnitOfWork, actor: Actor, settings: NumberingSettings, *,
                            now: dt.datetime | None = None) -> NumberingSettings:
    """Admin: the template, padding, unit code, counter scope, sisipan style and approval. A
    change applies to numbers taken from now on; numbers already given keep their text."""
    require(actor, Role.ADMIN)
    settings = check_settings(settings)
    now = now or utcnow()
    with uow:
        before = read_settings(uow)
        values = {
            "template": settings.template, "pad": str(settings.pad),
            "unit_code": settings.unit_code, "scope": settings.scope.value,
            "suffix_style": settings.suffix_style.value,
            "insert_needs_approval": "1" if settings.insert_needs_approval else "0",
        }
        for name, value in values.items():
            uow.settings.set(_KEYS[name], value)
        audit(uow, actor, "update", "letter_numbering", "settings",
              "Pengaturan penomoran surat diubah",
              before=_settings_dict(before), after=_settings_dict(settings), now=now)
        uow.commit()
        return settings


def _settings_dict(s: NumberingSettings) -> dict[str, object]:
    return {"template": s.template, "pad": s.pad, "unit_code": s.unit_code, "scope": s.scope.value,
            "suffix_style": s.suffix_style.value, "insert_needs_approval": s.insert_needs_approval}


def preview_number(settings: NumberingSettings, *, code: str = "460", number: int = 76,
                   suffix: str = "", day: dt.date | None = None) -> str:
    """What a number looks like with these settings (the settings page shows it as you type)."""
    return format_letter_number(check_settings(settings), code=code, number=number, suffix=suffix,
                                day=day or dt.date.today())


# --------------------------------------------------------------------------- registering


def _today(now: dt.datetime, local: LocalTime) -> dt.date:
    return local(now).date()


def _classification(uow: UnitOfWork, code: str, day: dt.date) -> str:
    try:
        code = check_code(code)
    except ValidationError as exc:
        raise ValidationError({"classification_code": exc.errors["code"]}) from None
    entries = uow.classifications.by_code(code)
    if not entries:
        raise ValidationError({"classification_code": f"Kode klasifikasi {code} tidak ada di daftar "
                                                      "kode."})
    if not any(e.valid_on(day) for e in entries):
        raise ValidationError({"classification_code": f"Kode klasifikasi {code} tidak berlaku pada "
                                                      f"tanggal {day:%d-%m-%Y}."})
    return code


def _application_id(uow: UnitOfWork, number: str) -> int | None:
    if not number:
        return None
    canonical = parse_any_number(number)
    found = uow.applications.get_by_number(canonical) if canonical is not None else None
    if found is None:
        raise ValidationError({"related_application": "Nomor registrasi permohonan tidak ditemukan."})
    return found.id


def _canonical(number: str) -> str:
    return parse_any_number(number) or "" if number else ""


def _audit_after(letter: LetterDTO) -> dict[str, object]:
    return _audit_after_fields(letter.full_number, letter)


def _audit_after_fields(full_number: str, f: LetterDTO | LetterFields) -> dict[str, object]:
    assert f.letter_date is not None
    return {"number": full_number, "date": f.letter_date.isoformat(), "subject": f.subject,
            "addressee": f.addressee_name or f.addressee_institution}


def register_letter(uow: UnitOfWork, actor: Actor, fields: LetterFields, *,
                    now: dt.datetime | None = None, local: LocalTime = to_local) -> LetterDTO:
    """"Ambil nomor": the next number of the letter's scope, in the transaction that writes it."""
    require(actor, *LETTER_ROLES)
    now = now or utcnow()
    fields = check_fields(fields, _today(now, local))
    assert fields.letter_date is not None
    with uow:
        settings = read_settings(uow)
        code = _classification(uow, fields.classification_code, fields.letter_date)
        related = _application_id(uow, fields.related_application)
        scope = counter_scope(settings, fields.letter_date.year, kind=fields.kind, code=code)
        number = uow.counters.next(scope)  # locks the scope until the commit
        full = format_letter_number(settings, code=code, number=number, suffix="",
                                    day=fields.letter_date)
        _check_length(full)
        # Written with its audit entry unless a later-dated letter already holds a main number
        # of the scope or the number is already printed on another letter this year: the same
        # statement checks (the counter stays locked until the commit: as few trips as possible).
        logged = audit_entry(actor, "create", "letter", "", f"Nomor surat {full} diambil: {fields.subject}",
                             after=_audit_after_fields(full, fields), now=now)
        letter = uow.letters.add_next(NewLetter(fields.letter_date.year, scope, number, "", full,
                                                fields, related), actor.user_id, now, logged,
                                      created_by_name=actor.full_name,
                                      related_application_number=_canonical(fields.related_application))
        if letter is None:
            latest = uow.letters.latest_main(scope)
            if latest is not None and latest[1] > fields.letter_date:
                raise ValidationError({"letter_date": (
                    f"Surat nomor {latest[0]} sudah bertanggal {latest[1]:%d-%m-%Y}. Surat bertanggal "
                    "lebih awal memakai nomor sisipan.")})
            _check_full_number(uow, fields.letter_date.year, full)
            raise ConflictError(f"Nomor {full} sudah tercatat di buku agenda, padahal penghitung nomor "
                                "belum melewatinya. Hubungi admin dan periksa laporan Nomor hilang dan "
                                "nomor ganda (Register & Impor Agenda).")
        uow.commit()
        return letter


def register_insert(uow: UnitOfWork, actor: Actor, fields: LetterFields, reason: str, *,
                    now: dt.datetime | None = None, local: LocalTime = to_local) -> LetterDTO:
    """Nomor sisipan: a letter that must carry an earlier date takes the number of the last letter
    issued on or before that date plus the next suffix (76a, 76b … or 76.1, 76.2 …); the main
    counter does not move. A reason is required; with the office's approval setting on, an
    agendaris's sisipan waits for an admin."""
    require(actor, *LETTER_ROLES)
    now = now or utcnow()
    reason = " ".join(reason.split())
    errors: dict[str, str] = {}
    try:
        fields = check_fields(fields, _today(now, local))
    except ValidationError as exc:
        errors.update(exc.errors)
    if not reason:
        errors["reason"] = "Alasan nomor sisipan wajib diisi."
    elif len(reason) > 500:
        errors["reason"] = "Alasan paling panjang 500 karakter."
    if errors:
        raise ValidationError(errors)
    assert fields.letter_date is not None
    with uow:
        settings = read_settings(uow)
        code = _classification(uow, fields.classification_code, fields.letter_date)
        related = _application_id(uow, fields.related_application)
        scope = counter_scope(settings, fields.letter_date.year, kind=fields.kind, code=code)
        uow.lock(f"letter-insert:{scope}")
        base = uow.letters.last_main_on_or_before(scope, fields.letter_date)
        if base is None:
            raise ValidationError({"letter_date": (
                f"Belum ada surat bernomor pada atau sebelum {fields.letter_date:%d-%m-%Y} tahun "
                f"{fields.letter_date.year}: ambil nomor biasa.")})
        latest = uow.letters.latest_main(scope)
        if latest is not None and fields.letter_date > latest[1]:
            raise ValidationError({"letter_date": (
                f"Surat terakhir (nomor {latest[0]}) bertanggal {latest[1]:%d-%m-%Y}: surat bertanggal "
                "sesudahnya mengambil nomor biasa, bukan nomor sisipan.")})
        suffix = next_suffix(settings.suffix_style, uow.letters.suffixes(scope, base))
        full = format_letter_number(settings, code=code, number=base, suffix=suffix,
                                    day=fields.letter_date)
        _check_full_number(uow, fields.letter_date.year, full)
        approval = ("menunggu" if settings.insert_needs_approval and not actor.has(Role.ADMIN)
                    else "disetujui")
        letter = uow.letters.add(NewLetter(fields.letter_date.year, scope, base, suffix, full, fields,
                                           related, is_insert=True, insert_reason=reason,
                                           insert_approval=approval), actor.user_id, now,
                                 created_by_name=actor.full_name,
                                 related_application_number=_canonical(fields.related_application))
        audit(uow, actor, "create", "letter", letter.id,
              f"Nomor sisipan {full} diambil ({reason})"
              + ("; menunggu persetujuan admin" if approval == "menunggu" else ""),
              after={**_audit_after(letter), "reason": reason, "approval": approval}, now=now)
        uow.commit()
        return letter


def _check_length(full: str) -> None:
    if len(full) > MAX_NUMBER_LENGTH:
        raise ValidationError({"template": f"Nomor surat menjadi lebih dari {MAX_NUMBER_LENGTH} "
                                           "karakter; admin perlu memperpendek format nomor."})


def _check_full_number(uow: UnitOfWork, year: int, full: str) -> None:
    """A number is printed on a letter: never twice in a year, whatever the counters say (two
    counters whose format does not tell them apart, a scope changed in mid-year)."""
    _check_length(full)
    if uow.letters.full_number_taken(year, full):
        raise ValidationError({"classification_code": (
            f"Nomor {full} sudah dipakai surat lain tahun ini: format nomor kantor tidak membedakan "
            "penghitung nomor ini. Hubungi admin (Pengaturan Agenda → Format nomor).")})


def approve_insert(uow: UnitOfWork, actor: Actor, letter_id: int, *, expected_version: int,
                   now: dt.datetime | None = None) -> LetterDTO:
    require(actor, Role.ADMIN)
    now = now or utcnow()
    with uow:
        letter = _load(uow, letter_id)
        if letter.insert_approval != "menunggu" or letter.status == LetterStatus.VOID:
            raise ValidationError({"status": "Surat ini tidak menunggu persetujuan."})
        saved = uow.letters.approve_insert(letter_id, actor.user_id, expected_version=expected_version,
                                           now=now)
        audit(uow, actor, "update", "letter", letter_id, f"Nomor sisipan {letter.full_number} disetujui",
              now=now)
        uow.commit()
        return saved


def _load(uow: UnitOfWork, letter_id: int) -> LetterDTO:
    letter = uow.letters.get(letter_id)
    if letter is None:
        raise NotFound("Surat tidak ditemukan.")
    return letter


def void_letter(uow: UnitOfWork, actor: Actor, letter_id: int, reason: str, *,
                expected_version: int, now: dt.datetime | None = None) -> LetterDTO:
    """BATAL: the number is never reused; the letter stays in the book with reason, user, time."""
    require(actor, *LETTER_ROLES)
    now = now or utcnow()
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Alasan pembatalan wajib diisi."})
    if len(reason) > 500:
        raise ValidationError({"reason": "Alasan paling panjang 500 karakter."})
    with uow:
        letter = _load(uow, letter_id)
        if letter.status == LetterStatus.VOID:
            raise ValidationError({"status": f"Nomor {letter.full_number} sudah dibatalkan."})
        saved = uow.letters.void(letter_id, reason, actor.user_id, expected_version=expected_version,
                                 now=now)
        audit(uow, actor, "update", "letter", letter_id, f"Nomor {letter.full_number} dibatalkan: {reason}",
              before={"status": "aktif"}, after={"status": "batal", "reason": reason}, now=now)
        uow.commit()
        return saved


_NUMBER_FIELDS = ("letter_date", "kind", "classification_code")
_EDIT_FIELDS = ("sent_date", "addressee_name", "addressee_institution", "addressee_address",
                "subject", "nature", "attachments", "bidang_code", "signatory", "related_incoming",
                "notes")


def edit_letter(uow: UnitOfWork, actor: Actor, letter_id: int, fields: LetterFields, *,
                expected_version: int, now: dt.datetime | None = None,
                local: LocalTime = to_local) -> LetterDTO:
    """Correct a registered letter: its number never changes, so neither do the date, the kind and
    the classification it was numbered with (void it and take a new number for those). The audit
    trail records each field changed, before and after."""
    require(actor, *LETTER_ROLES)
    now = now or utcnow()
    with uow:
        letter = _load(uow, letter_id)
        if letter.status == LetterStatus.VOID:
            raise ValidationError({"status": "Surat yang dibatalkan tidak diubah lagi."})
        changed_number = [name for name, old in (
            ("letter_date", letter.letter_date), ("kind", letter.kind),
            ("classification_code", letter.classification_code))
            if fields.letter_date is not None or name != "letter_date"
            if str(getattr(fields, name)).strip() != str(old)]
        fields = check_fields(replace(fields, letter_date=letter.letter_date), _today(now, local))
        if changed_number:
            raise ValidationError({changed_number[0]: "Bagian ini membentuk nomor surat dan tidak dapat "
                                                      "diubah. Batalkan surat ini lalu ambil nomor baru."})
        related = _application_id(uow, fields.related_application)
        before = {name: _plain(getattr(letter, name)) for name in _EDIT_FIELDS}
        after = {name: _plain(getattr(fields, name)) for name in _EDIT_FIELDS}
        before["related_application"] = letter.related_application_number
        after["related_application"] = fields.related_application
        diff_before = {k: v for k, v in before.items() if after[k] != v}
        diff_after = {k: after[k] for k in diff_before}
        saved = uow.letters.update_fields(letter_id, fields, related, expected_version=expected_version,
                                          now=now)
        if diff_after:
            audit(uow, actor, "update", "letter", letter_id,
                  f"Surat {letter.full_number} diubah: {', '.join(diff_after)}",
                  before=diff_before, after=diff_after, now=now)
        uow.commit()
        return saved


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value  # an enum
    return value


def attach_scan(uow: UnitOfWork, actor: Actor, letter_id: int, filename: str, content: bytes, *,
                expected_version: int, now: dt.datetime | None = None) -> LetterDTO:
    """The scanned PDF of the sent letter (≤ 10 MB), kept with the letter."""
    require(actor, *LETTER_ROLES)
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"scan": "Hanya berkas PDF yang dapat dilampirkan."})
    if len(content) > MAX_SCAN:
        raise ValidationError({"scan": "Berkas terlalu besar (paling besar 10 MB)."})
    now = now or utcnow()
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "surat.pdf"
    with uow:
        letter = _load(uow, letter_id)
        saved = uow.letters.set_scan(letter_id, name, content, expected_version=expected_version, now=now)
        audit(uow, actor, "update", "letter", letter_id,
              f"Pindaian surat {letter.full_number} dilampirkan ({name}, {len(content)} bita)", now=now)
        uow.commit()
        return saved


def scan_content(uow: UnitOfWork, actor: Actor, letter_id: int) -> bytes:
    require(actor, *READ_ROLES)
    with uow.read_only():
        content = uow.letters.scan(letter_id)
        if content is None:
            raise NotFound("Surat ini belum memiliki pindaian.")
        return content


# --------------------------------------------------------------------------- reading


def get_letter(uow: UnitOfWork, actor: Actor, letter_id: int) -> LetterDTO:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return _load(uow, letter_id)


def agenda_page(uow: UnitOfWork, actor: Actor, wanted: LetterFilter, *, limit: int = 50,
                offset: int = 0) -> Page[LetterDTO]:
    """The agenda book on screen: filtered, searched, paged in SQL, in the book's order."""
    require(actor, *READ_ROLES)
    limit = max(1, min(limit, MAX_PAGE))
    with uow.read_only():
        return uow.letters.page(wanted, limit, offset)


def find_gaps(uow: UnitOfWork, actor: Actor, year: int) -> list[ScopeReport]:
    """Missing and duplicated numbers of a year, per counter scope (it must find none, but an
    office that imports old books needs it)."""
    require(actor, *READ_ROLES)
    with uow.read_only():
        return gap_report(uow.letters.numbers(year))


def register_data(uow: UnitOfWork, actor: Actor, year: int, month: int | None = None, *,
                  now: dt.datetime | None = None, local: LocalTime = to_local) -> AgendaRegisterData:
    """The agenda book of a month or a year for the registers (PDF, XLSX)."""
    require(actor, *READ_ROLES)
    if month is not None and not 1 <= month <= 12:
        raise ValidationError({"month": "Bulan 1 sampai 12."})
    now = now or utcnow()
    with uow.read_only():
        return AgendaRegisterData(uow.office.get(), year, month,
                                  tuple(uow.letters.register(year, month)), local(now))


# --------------------------------------------------------------------------- classification codes


def list_classifications(uow: UnitOfWork, actor: Actor,
                         code_set: CodeSet | None = None) -> list[ClassificationDTO]:
    require(actor, *READ_ROLES)
    with uow.read_only():
        return list(uow.classifications.list(code_set.value if code_set else None))


def _check_classification(data: ClassificationInput) -> ClassificationInput:
    errors: dict[str, str] = {}
    try:
        code_set = CodeSet(data.code_set).value
    except ValueError:
        errors["code_set"] = "Pilih kode lama atau kode baru."
        code_set = data.code_set
    code = data.code.strip()
    try:
        code = check_code(code)
    except ValidationError as exc:
        errors.update(exc.errors)
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = "Nama klasifikasi wajib diisi."
    elif len(name) > 300:
        errors["name"] = "Nama paling panjang 300 karakter."
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors["valid_to"] = "Akhir berlaku tidak boleh sebelum awal berlaku."
    if errors:
        raise ValidationError(errors)
    return ClassificationInput(code_set, code, name, data.valid_from, data.valid_to)


def add_classification(uow: UnitOfWork, actor: Actor, data: ClassificationInput, *,
                       now: dt.datetime | None = None) -> ClassificationDTO:
    require(actor, Role.ADMIN)
    data = _check_classification(data)
    now = now or utcnow()
    with uow:
        if any(c.code_set == data.code_set for c in uow.classifications.by_code(data.code)):
            raise ValidationError({"code": f"Kode {data.code} sudah ada di daftar ini."})
        saved = uow.classifications.add(data, now)
        audit(uow, actor, "create", "classification", saved.id,
              f"Kode klasifikasi {data.code} ({data.name}) ditambahkan", now=now)
        uow.commit()
        return saved


def edit_classification(uow: UnitOfWork, actor: Actor, classification_id: int,
                        data: ClassificationInput, *, expected_version: int,
                        now: dt.datetime | None = None) -> ClassificationDTO:
    """Name and validity; retiring a code is giving it an end date (letters keep their code)."""
    require(actor, Role.ADMIN)
    data = _check_classification(data)
    now = now or utcnow()
    with uow:
        before = uow.classifications.get(classification_id)
        if before is None:
            raise NotFound("Kode klasifikasi tidak ditemukan.")
        saved = uow.classifications.update(classification_id, data, expected_version=expected_version,
                                           now=now)
        audit(uow, actor, "update", "classification", classification_id,
              f"Kode klasifikasi {before.code} diubah",
              before={"name": before.name, "valid_from": _plain(before.valid_from),
                      "valid_to": _plain(before.valid_to)},
              after={"name": saved.name, "valid_from": _plain(saved.valid_from),
                     "valid_to": _plain(saved.valid_to)}, now=now)
        uow.commit()
        return saved


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # 1-based row of the file (header = 1)
    field: str
    message: str


def import_classifications(uow: UnitOfWork, actor: Actor, rows: Sequence[tuple[int, ClassificationInput]],
                           *, apply: bool, now: dt.datetime | None = None
                           ) -> tuple[list[RowProblem], int, int]:
    """Rows read from an XLSX/CSV file (row number, data): checked all first; with ``apply`` and
    no problem, added (new codes) or updated (existing ones: name and validity) in one
    transaction. Returns (problems, new, updated)."""
    require(actor, Role.ADMIN)
    problems: list[RowProblem] = []
    checked: list[ClassificationInput] = []
    seen: set[tuple[str, str]] = set()
    for row, data in rows:
        try:
            good = _check_classification(data)
        except ValidationError as exc:
            problems += [RowProblem(row, f, m) for f, m in exc.errors.items()]
            continue
        if (good.code_set, good.code) in seen:
            problems.append(RowProblem(row, "code", f"Kode {good.code} muncul dua kali di berkas."))
            continue
        seen.add((good.code_set, good.code))
        checked.append(good)
    now = now or utcnow()
    new = updated = 0
    with uow:
        existing = {(c.code_set, c.code): c for c in uow.classifications.list()}
        for data in checked:
            if (data.code_set, data.code) in existing:
                updated += 1
            else:
                new += 1
        if not apply or problems:
            return problems, new, updated
        for data in checked:
            found = existing.get((data.code_set, data.code))
            if found is None:
                uow.classifications.add(data, now)
            elif (found.name, found.valid_from, found.valid_to) != (data.name, data.valid_from,
                                                                      data.valid_to):
                uow.classifications.update(found.id, data, expected_version=found.version, now=now)
        audit(uow, actor, "create", "classification", "import",
              f"Impor kode klasifikasi: {new} baru, {updated} diperbarui", now=now)
        uow.commit()
    return problems, new, updated


# --------------------------------------------------------------------------- importing an old book


@dataclass(frozen=True, slots=True)
class ImportedLetter:
    """One row of an old agenda book: its number as written there (``number`` and ``suffix``
    parsed from it), and the letter's fields."""

    row: int
    full_number: str
    number: int
    suffix: str
    fields: LetterFields
    void: bool = False
    void_reason: str = ""


@dataclass(frozen=True, slots=True)
class ImportPreview:
    problems: tuple[RowProblem, ...]
    letters: int
    per_scope: dict[str, int]  # the highest number per counter scope after the import


def import_agenda(uow: UnitOfWork, actor: Actor, rows: Sequence[ImportedLetter], *, apply: bool,
                  now: dt.datetime | None = None, local: LocalTime = to_local) -> ImportPreview:
    """The office's old Excel agenda book: every row checked first (problems per row); with
    ``apply`` and no problem, all rows written in one transaction (nothing when one fails), and
    each scope's counter continues after its highest imported number."""
    require(actor, Role.ADMIN, Role.AGENDARIS)
    now = now or utcnow()
    today = _today(now, local)
    problems: list[RowProblem] = []
    checked: list[tuple[ImportedLetter, LetterFields]] = []
    for item in rows:
        try:
            fields = check_fields(item.fields, today)
        except ValidationError as exc:
            problems += [RowProblem(item.row, f, m) for f, m in exc.errors.items()]
            continue
        if item.number < 1:
            problems.append(RowProblem(item.row, "number", "Nomor urut tidak terbaca."))
            continue
        if len(item.suffix) > 8:
            problems.append(RowProblem(item.row, "number", "Akhiran nomor sisipan terlalu panjang."))
            continue
        if not item.full_number.strip() or len(item.full_number.strip()) > MAX_NUMBER_LENGTH:
            problems.append(RowProblem(item.row, "full_number",
                                       f"Nomor surat kosong atau lebih dari {MAX_NUMBER_LENGTH} karakter."))
            continue
        checked.append((item, fields))
    with uow:
        settings = read_settings(uow)
        taken: dict[tuple[str, int, str], int] = {}
        highest: dict[str, int] = {}
        plans: list[tuple[ImportedLetter, LetterFields, str]] = []
        for item, fields in checked:
            assert fields.letter_date is not None
            try:
                code = _classification(uow, fields.classification_code, fields.letter_date)
            except ValidationError as exc:
                problems += [RowProblem(item.row, f, m) for f, m in exc.errors.items()]
                continue
            scope = counter_scope(settings, fields.letter_date.year, kind=fields.kind, code=code)
            key = (scope, item.number, item.suffix)
            if key in taken:
                problems.append(RowProblem(item.row, "number", (
                    f"Nomor {item.number}{item.suffix} sudah dipakai baris {taken[key]}.")))
                continue
            taken[key] = item.row
            highest[scope] = max(highest.get(scope, 0), item.number)
            plans.append((item, replace(fields, classification_code=code), scope))
        existing = set()
        for year in {p[1].letter_date.year for p in plans if p[1].letter_date is not None}:
            existing |= set(uow.letters.numbers(year))
        for item, _fields, scope in plans:
            if (scope, item.number, item.suffix) in existing:
                problems.append(RowProblem(item.row, "number", (
                    f"Nomor {item.number}{item.suffix} sudah ada di buku agenda.")))
        if not apply or problems:
            return ImportPreview(tuple(problems), len(plans), highest)
        for item, fields, scope in plans:
            assert fields.letter_date is not None
            uow.letters.add(NewLetter(
                fields.letter_date.year, scope, item.number, item.suffix, item.full_number.strip(),
                fields, None, is_insert=bool(item.suffix), imported=True,
                insert_approval="disetujui" if item.suffix else "",
                status="batal" if item.void else "aktif", void_reason=item.void_reason),
                actor.user_id, now)
        for scope, number in highest.items():
            uow.counters.raise_to(scope, number)
        audit(uow, actor, "create", "letter", "import",
              f"Impor buku agenda lama: {len(plans)} surat", after=dict(highest), now=now)
        uow.commit()
    return ImportPreview((), len(plans), highest)

