"""Outgoing letters (surat keluar): the number format, counter scopes, nomor sisipan suffixes, the
letter's fields and their checks, and the gap and duplicate report. Stdlib only.

A letter number is written from a template such as ``{kode}/{nomor}/{unit}/{tahun}``:

    {kode}   the classification code (188, 460, 000.8.3.3, …)
    {nomor}  the running number, zero-padded to the office's width, with a sisipan's suffix
    {unit}   the issuing unit's code (423.105)
    {tahun}  the year of the letter's date (2026)
    {bulan}  the month in Roman numerals (XI)
    {bulan2} the month as two digits (11)

anything else in the template is literal text. The running number restarts every 1 January:
the counter's scope always includes the year (see ``counter_scope``).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dinsos_desktop.domain.errors import ValidationError

DEFAULT_TEMPLATE = "{kode}/{nomor}/{unit}/{tahun}"
PLACEHOLDERS = ("kode", "nomor", "unit", "tahun", "bulan", "bulan2")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_NUMBER_LENGTH = 120


class CounterScopeKind(StrEnum):
    UNIT = "unit"  # one running number per unit and year, whatever the code or kind
    UNIT_KIND = "unit_kind"  # letters and decrees (Keputusan) counted apart
    UNIT_CODE = "unit_code"  # one running number per classification code

    @property
    def label(self) -> str:
        return {
            CounterScopeKind.UNIT: "Satu nomor urut per unit per tahun",
            CounterScopeKind.UNIT_KIND: "Per unit dan jenis naskah (surat / keputusan)",
            CounterScopeKind.UNIT_CODE: "Per unit dan kode klasifikasi",
        }[self]


class SuffixStyle(StrEnum):
    LETTER = "letter"  # 76a, 76b, …, 76z, 76aa, …
    DOT = "dot"  # 76.1, 76.2, …

    @property
    def label(self) -> str:
        return "Huruf (76a, 76b, …)" if self is SuffixStyle.LETTER else "Titik angka (76.1, 76.2, …)"


class LetterKind(StrEnum):
    SURAT = "surat"
    KEPUTUSAN = "keputusan"

    @property
    def label(self) -> str:
        return "Surat" if self is LetterKind.SURAT else "Keputusan"


class Nature(StrEnum):
    BIASA = "biasa"
    PENTING = "penting"
    SEGERA = "segera"
    RAHASIA = "rahasia"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class LetterStatus(StrEnum):
    ACTIVE = "aktif"
    VOID = "batal"


class CodeSet(StrEnum):
    OLD = "lama"  # three-digit codes (Permendagri 78/2012 and earlier): 188, 460, …
    NEW = "baru"  # dotted codes of Permendagri 83/2022: 000.8.3.3, …

    @property
    def label(self) -> str:
        return ("Kode lama (Permendagri 78/2012)" if self is CodeSet.OLD
                else "Kode baru (Permendagri 83/2022)")


@dataclass(frozen=True, slots=True)
class NumberingSettings:
    template: str = DEFAULT_TEMPLATE
    pad: int = 0  # zero-pad the running number to this width (0: none)
    unit_code: str = "423.105"
    scope: CounterScopeKind = CounterScopeKind.UNIT
    suffix_style: SuffixStyle = SuffixStyle.LETTER
    insert_needs_approval: bool = False  # a sisipan waits for an admin's approval


_FIELD = re.compile(r"\{([^{}]*)\}")
_CODE = re.compile(r"^[0-9]{3}(\.[0-9A-Za-z]{1,4})*$")


def check_template(template: str) -> str:
    """The template, trimmed; ValidationError (field ``template``) when it is unusable."""
    template = template.strip()
    if not template:
        raise ValidationError({"template": "Format nomor wajib diisi."})
    names = _FIELD.findall(template)
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        raise ValidationError({"template": f"Bagian {{{unknown[0]}}} tidak dikenal. Yang dapat "
                                           f"dipakai: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."})
    if "nomor" not in names:
        raise ValidationError({"template": "Format nomor harus memuat {nomor}."})
    if names.count("nomor") > 1:
        raise ValidationError({"template": "{nomor} hanya boleh muncul sekali."})
    stripped = _FIELD.sub("", template)
    if "{" in stripped or "}" in stripped:
        raise ValidationError({"template": "Kurung kurawal tidak berpasangan."})
    if len(template) > 80:
        raise ValidationError({"template": "Format nomor paling panjang 80 karakter."})
    return template


def check_settings(settings: NumberingSettings) -> NumberingSettings:
    errors: dict[str, str] = {}
    try:
        template = check_template(settings.template)
    except ValidationError as exc:
        errors.update(exc.errors)
        template = settings.template
    if (settings.scope is CounterScopeKind.UNIT_CODE and "template" not in errors
            and "{kode}" not in template):
        errors["template"] = ("Dengan nomor urut per kode klasifikasi, format nomor harus memuat "
                              "{kode}: tanpa itu dua kode memberi nomor yang sama.")
    if not 0 <= settings.pad <= 6:
        errors["pad"] = "Lebar nomor 0 (tanpa nol di depan) sampai 6 digit."
    unit = settings.unit_code.strip()
    if not unit:
        errors["unit_code"] = "Kode unit wajib diisi."
    elif len(unit) > 40 or "/" in unit:
        errors["unit_code"] = "Kode unit paling panjang 40 karakter, tanpa garis miring."
    if errors:
        raise ValidationError(errors)
    return NumberingSettings(template, settings.pad, unit, settings.scope, settings.suffix_style,
                             settings.insert_needs_approval)


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def number_text(number: int, suffix: str, pad: int) -> str:
    return f"{number:0{pad}d}{suffix}" if pad else f"{number}{suffix}"


def format_letter_number(settings: NumberingSettings, *, code: str, number: int, suffix: str,
                         day: dt.date) -> str:
    """The letter's full number, e.g. ``188/76/423.105/2021`` or ``460/076a/423.105/XI/2026``."""
    values = {
        "kode": code, "nomor": number_text(number, suffix, settings.pad),
        "unit": settings.unit_code, "tahun": str(day.year), "bulan": roman_month(day.month),
        "bulan2": f"{day.month:02d}",
    }
    return string.Formatter().vformat(settings.template, (), values)


def counter_scope(settings: NumberingSettings, year: int, *, kind: LetterKind, code: str) -> str:
    """The counter's name: the year always (numbers restart on 1 January), then the unit, and the
    kind or the classification code as the office chose."""
    base = f"letter:{year}:{settings.unit_code}"
    if settings.scope is CounterScopeKind.UNIT_KIND:
        return f"{base}:{kind.value}"
    if settings.scope is CounterScopeKind.UNIT_CODE:
        return f"{base}:{code}"
    return base


def suffix_for(style: SuffixStyle, index: int) -> str:
    """The ``index``-th sisipan suffix (1-based): a, b, …, z, aa, ab, … or .1, .2, …"""
    if index < 1:
        raise ValueError("index starts at 1")
    if style is SuffixStyle.DOT:
        return f".{index}"
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def suffix_index(style: SuffixStyle, suffix: str) -> int | None:
    """The inverse of ``suffix_for`` (None for an unknown suffix or none)."""
    if not suffix:
        return None
    if style is SuffixStyle.DOT:
        digits = suffix[1:]
        ok = suffix.startswith(".") and digits.isascii() and digits.isdigit() and digits[0] != "0"
        return int(digits) if ok else None
    if not suffix.isalpha() or not suffix.islower() or not suffix.isascii():
        return None
    index = 0
    for ch in suffix:
        index = index * 26 + (ord(ch) - ord("a") + 1)
    return index


def next_suffix(style: SuffixStyle, taken: Iterable[str]) -> str:
    """The first suffix of ``style`` not among ``taken`` after the highest one in use."""
    highest = max((i for i in (suffix_index(style, s) for s in taken) if i is not None), default=0)
    return suffix_for(style, highest + 1)


def check_code(code: str) -> str:
    """A classification code: three digits, then dotted parts (188, 188.45, 000.8.3.3)."""
    code = code.strip()
    if not _CODE.match(code) or len(code) > 40:
        raise ValidationError({"code": "Kode klasifikasi: tiga angka, lalu bagian bertitik bila ada "
                                       "(mis. 188, 460, 000.8.3.3)."})
    return code


def under_code(code: str, wanted: str) -> bool:
    """Whether ``code`` is ``wanted`` or one of the codes under it: after a dot (000.8 → 000.8.3;
    188 → 188.4) or, when ``wanted`` has a dotted part, extending its last part (the old codes:
    188.4 → 188.45). 18 is not over 188."""
    if code == wanted or code.startswith(wanted + "."):
        return True
    return "." in wanted and code.startswith(wanted)


# --------------------------------------------------------------------------- the agenda's letters


@dataclass(frozen=True, slots=True)
class LetterFields:
    """What the agendaris types for a letter (the number comes from the counter)."""

    letter_date: dt.date | None
    kind: LetterKind
    classification_code: str
    addressee_name: str
    addressee_institution: str = ""
    addressee_address: str = ""
    subject: str = ""
    nature: Nature = Nature.BIASA
    attachments: int = 0
    bidang_code: str = ""
    signatory: str = ""
    sent_date: dt.date | None = None
    related_application: str = ""  # a tracking number
    related_incoming: str = ""  # the incoming letter it answers (its number), free text
    notes: str = ""


_LIMITS = {"addressee_name": 200, "addressee_institution": 200, "addressee_address": 300,
           "subject": 1000, "signatory": 200, "related_incoming": 120, "notes": 1000,
           "bidang_code": 32}


def check_fields(fields: LetterFields, today: dt.date) -> LetterFields:
    """Trimmed fields, or ValidationError naming each bad field (in Bahasa Indonesia)."""
    errors: dict[str, str] = {}
    text = {name: " ".join(str(getattr(fields, name)).split()) for name in _LIMITS}
    text["addressee_address"] = fields.addressee_address.strip()
    text["notes"] = fields.notes.strip()
    if fields.letter_date is None:
        errors["letter_date"] = "Tanggal surat wajib diisi."
    elif fields.letter_date > today:
        errors["letter_date"] = "Tanggal surat tidak boleh sesudah hari ini."
    elif fields.letter_date.year < 1990:
        errors["letter_date"] = "Tanggal surat tidak masuk akal."
    if not fields.classification_code.strip():
        errors["classification_code"] = "Kode klasifikasi wajib dipilih."
    if not text["addressee_name"] and not text["addressee_institution"]:
        errors["addressee_name"] = "Tujuan surat (nama atau instansi) wajib diisi."
    if not text["subject"]:
        errors["subject"] = "Perihal wajib diisi."
    for name, limit in _LIMITS.items():
        if len(text[name]) > limit and name not in errors:
            errors[name] = f"Paling panjang {limit} karakter."
    if not 0 <= fields.attachments <= 999:
        errors["attachments"] = "Jumlah lampiran 0 sampai 999."
    if fields.sent_date is not None and fields.letter_date is not None \
            and fields.sent_date < fields.letter_date:
        errors["sent_date"] = "Tanggal kirim tidak boleh sebelum tanggal surat."
    if fields.sent_date is not None and fields.sent_date > today:
        errors["sent_date"] = "Tanggal kirim tidak boleh sesudah hari ini."
    if errors:
        raise ValidationError(errors)
    return LetterFields(
        letter_date=fields.letter_date, kind=fields.kind,
        classification_code=fields.classification_code.strip(),
        addressee_name=text["addressee_name"], addressee_institution=text["addressee_institution"],
        addressee_address=text["addressee_address"], subject=text["subject"], nature=fields.nature,
        attachments=fields.attachments, bidang_code=text["bidang_code"],
        signatory=text["signatory"], sent_date=fields.sent_date,
        related_application=fields.related_application.strip(),
        related_incoming=text["related_incoming"], notes=text["notes"])


# --------------------------------------------------------------------------- gaps and duplicates


@dataclass(frozen=True, slots=True)
class ScopeReport:
    scope: str
    highest: int
    gaps: tuple[int, ...]  # main numbers 1..highest that no letter carries
    duplicates: tuple[str, ...]  # number texts ("76", "76a") carried by more than one letter


def gap_report(numbers: Sequence[tuple[str, int, str]]) -> list[ScopeReport]:
    """Per counter scope, from (scope, number, suffix) of every letter of a year, voided ones
    included (a voided number is used, not missing): missing main numbers and duplicates."""
    by_scope: dict[str, list[tuple[int, str]]] = {}
    for scope, number, suffix in numbers:
        by_scope.setdefault(scope, []).append((number, suffix))
    reports = []
    for scope in sorted(by_scope):
        entries = by_scope[scope]
        mains = {n for n, s in entries if not s}
        highest = max((n for n, _ in entries), default=0)
        gaps = tuple(n for n in range(1, highest + 1) if n not in mains)
        seen: dict[tuple[int, str], int] = {}
        for entry in entries:
            seen[entry] = seen.get(entry, 0) + 1
        duplicates = tuple(f"{n}{s}" for (n, s), count in sorted(seen.items()) if count > 1)
        reports.append(ScopeReport(scope, highest, gaps, duplicates))
    return reports
