"""The service catalog: the standards (Standar Pelayanan) a decree sets, as immutable values.

The file format is documented in docs/catalog-format.md. ``parse_catalog`` turns a decoded JSON
document into a :class:`Catalog` or raises :class:`CatalogFormatError` naming the file, the standard
and the field; ``catalog_to_dict`` is its inverse (export).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dinsos_desktop.domain.errors import CatalogFormatError
from dinsos_desktop.domain.text import fold, tokens

FORMAT_NAME = "dinsos-catalog"
FORMAT_VERSION = 1
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


class TimeUnit(StrEnum):
    HOURS = "hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    TimeUnit.HOURS: "jam",
    TimeUnit.WORKING_DAYS: "hari kerja",
    TimeUnit.CALENDAR_DAYS: "hari kalender",
    TimeUnit.WEEKS: "minggu",
    TimeUnit.MONTHS: "bulan",
}


@dataclass(frozen=True, slots=True)
class TimeLimitAlternative:
    value: int
    unit: TimeUnit
    condition: str

    def describe(self) -> str:
        return f"{self.value} {self.unit.label} ({self.condition})"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    value: int | None
    unit: TimeUnit | None
    text: str
    alternatives: tuple[TimeLimitAlternative, ...] = ()

    @property
    def is_fixed(self) -> bool:
        return self.value is not None and self.unit is not None

    def describe(self) -> str:
        if self.value is None or self.unit is None:
            return "Tidak ditetapkan"
        return f"{self.value} {self.unit.label}"


@dataclass(frozen=True, slots=True)
class Requirement:
    """A requirement; one with children is a heading over its sub-items."""

    key: str  # "1", "1.a", "1.a.2": stable within the standard's version, used by checklists
    text: str
    children: tuple[Requirement, ...] = ()

    def leaves(self) -> Iterator[Requirement]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Requirement]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True, slots=True)
class ProcedureSection:
    title: str
    from_step: int
    to_step: int


@dataclass(frozen=True, slots=True)
class Fee:
    amount: int | None
    text: str

    @property
    def is_free(self) -> bool:
        return self.amount == 0


@dataclass(frozen=True, slots=True)
class Executors:
    count: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Bidang:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Standard:
    code: str
    lampiran: int
    title: str
    bidang: str
    legal_basis: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    procedure_steps: tuple[str, ...]
    time_limit: TimeLimit
    fee: Fee
    products: tuple[str, ...]
    facilities: tuple[str, ...]
    competence: tuple[str, ...]
    supervision: tuple[str, ...]
    complaint_channels: tuple[str, ...]
    executors: Executors
    service_guarantee: str | None
    safety_guarantee: str | None
    evaluation: str | None
    procedure_sections: tuple[ProcedureSection, ...] = ()
    notes: tuple[str, ...] = ()

    def checklist_items(self) -> list[Requirement]:
        """The items a clerk ticks: every requirement without sub-items."""
        return [leaf for req in self.requirements for leaf in req.leaves()]

    def requirement_rows(self) -> list[tuple[int, Requirement]]:
        return [row for req in self.requirements for row in req.walk()]


@dataclass(frozen=True, slots=True)
class CatalogVersion:
    decree_number: str
    decree_date: dt.date
    title: str
    issuer: str

    def describe(self) -> str:
        return f"Keputusan No. {self.decree_number}"


@dataclass(frozen=True, slots=True)
class Catalog:
    version: CatalogVersion
    bidang: tuple[Bidang, ...]
    standards: tuple[Standard, ...]

    def bidang_name(self, code: str) -> str:
        for b in self.bidang:
            if b.code == code:
                return b.name
        return code

    def standard(self, code: str) -> Standard:
        for s in self.standards:
            if s.code == code:
                return s
        raise KeyError(code)


# --------------------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class CatalogIndex:
    """Pre-folded text of each standard so that filtering per keystroke is a few substring tests."""

    entries: tuple[tuple[Standard, str], ...] = field(default=())

    @classmethod
    def build(cls, standards: Sequence[Standard]) -> CatalogIndex:
        return cls(tuple((s, _haystack(s)) for s in standards))

    def search(self, query: str) -> list[Standard]:
        words = tokens(query)
        if not words:
            return [s for s, _ in self.entries]
        return [s for s, hay in self.entries if all(w in hay for w in words)]


def _haystack(s: Standard) -> str:
    parts = [s.code, s.title, *s.products]
    parts.extend(req.text for _, req in s.requirement_rows())
    return fold(" \n ".join(parts))


# --------------------------------------------------------------------------- parsing


class _Ctx:
    def __init__(self, file: str) -> None:
        self.file = file
        self.standard: str | None = None

    def fail(self, field_name: str | None, problem: str) -> CatalogFormatError:
        return CatalogFormatError(self.file, self.standard, field_name, problem)


def _get(ctx: _Ctx, obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...],
         *, optional: bool = False, nullable: bool = False, path: str | None = None) -> Any:
    name = path or key
    if key not in obj:
        if optional:
            return None
        raise ctx.fail(name, "isian wajib tidak ada")
    value = obj[key]
    if value is None:
        if nullable or optional:
            return None
        raise ctx.fail(name, "tidak boleh kosong (null)")
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ctx.fail(name, "jenis isian salah")
    if not isinstance(value, kind):
        raise ctx.fail(name, f"jenis isian salah (diharapkan {_kind_name(kind)})")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "teks", int: "bilangan bulat", list: "daftar", dict: "objek"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " atau ".join(names.get(k, k.__name__) for k in kinds)


def _text(ctx: _Ctx, obj: Mapping[str, Any], key: str, *, nullable: bool = False,
          path: str | None = None) -> str | None:
    value = _get(ctx, obj, key, str, nullable=nullable, path=path)
    if value is None:
        return None
    value = value.strip()
    if not value and not nullable:
        raise ctx.fail(path or key, "tidak boleh kosong")
    return value or None


def _text_list(ctx: _Ctx, obj: Mapping[str, Any], key: str, *, optional: bool = False) -> tuple[str, ...]:
    values = _get(ctx, obj, key, list, optional=optional)
    if values is None:
        return ()
    out = []
    for i, v in enumerate(values, 1):
        if not isinstance(v, str) or not v.strip():
            raise ctx.fail(f"{key}[{i}]", "harus berupa teks yang tidak kosong")
        out.append(v.strip())
    return tuple(out)


def _requirements(ctx: _Ctx, values: Any, path: str, prefix: str) -> tuple[Requirement, ...]:
    if not isinstance(values, list):
        raise ctx.fail(path, "jenis isian salah (diharapkan daftar)")
    result = []
    for i, raw in enumerate(values, 1):
        here = f"{path}[{i}]"
        if not isinstance(raw, dict):
            raise ctx.fail(here, "jenis isian salah (diharapkan objek)")
        text = _text(ctx, raw, "text", path=f"{here}.text")
        key = f"{prefix}{i}" if not prefix else f"{prefix}.{_child_label(i, prefix)}"
        children = _requirements(ctx, raw.get("children", []), f"{here}.children", key)
        assert text is not None
        result.append(Requirement(key=key, text=text, children=children))
    return tuple(result)


def _child_label(i: int, parent_key: str) -> str:
    # Sub-items are lettered (a, b, …) under a numbered item and numbered under a lettered one.
    depth = parent_key.count(".")
    if depth % 2 == 0:
        letters = "abcdefghijklmnopqrstuvwxyz"
        return letters[i - 1] if i <= len(letters) else f"z{i}"
    return str(i)


def _positive_int(ctx: _Ctx, obj: Mapping[str, Any], key: str, path: str, *, nullable: bool) -> int | None:
    value = _get(ctx, obj, key, int, nullable=nullable, path=path)
    if value is not None and value < 0:
        raise ctx.fail(path, "tidak boleh negatif")
    return value  # type: ignore[no-any-return]


def _unit(ctx: _Ctx, raw: Any, path: str) -> TimeUnit:
    try:
        return TimeUnit(raw)
    except ValueError:
        allowed = ", ".join(u.value for u in TimeUnit)
        raise ctx.fail(path, f"satuan waktu '{raw}' tidak dikenal (pilihan: {allowed})") from None


def _time_limit(ctx: _Ctx, obj: Mapping[str, Any]) -> TimeLimit:
    raw = _get(ctx, obj, "time_limit", dict)
    value = _positive_int(ctx, raw, "value", "time_limit.value", nullable=True)
    unit_raw = raw.get("unit")
    if (value is None) != (unit_raw is None):
        raise ctx.fail("time_limit", "'value' dan 'unit' harus sama-sama diisi atau sama-sama null")
    if value == 0:
        raise ctx.fail("time_limit.value", "harus lebih dari nol")
    unit = _unit(ctx, unit_raw, "time_limit.unit") if unit_raw is not None else None
    text = _text(ctx, raw, "text", path="time_limit.text") or ""
    alternatives = []
    for i, alt in enumerate(_get(ctx, raw, "alternatives", list, optional=True) or [], 1):
        here = f"time_limit.alternatives[{i}]"
        if not isinstance(alt, dict):
            raise ctx.fail(here, "jenis isian salah (diharapkan objek)")
        alt_value = _positive_int(ctx, alt, "value", f"{here}.value", nullable=False)
        assert alt_value is not None
        if alt_value == 0:
            raise ctx.fail(f"{here}.value", "harus lebih dari nol")
        alternatives.append(TimeLimitAlternative(
            value=alt_value,
            unit=_unit(ctx, alt.get("unit"), f"{here}.unit"),
            condition=_text(ctx, alt, "condition", path=f"{here}.condition") or "",
        ))
    return TimeLimit(value=value, unit=unit, text=text, alternatives=tuple(alternatives))


def _standard(ctx: _Ctx, raw: Any, position: int, bidang_codes: set[str]) -> Standard:
    ctx.standard = f"#{position}"
    if not isinstance(raw, dict):
        raise ctx.fail(None, "harus berupa objek")
    code = _get(ctx, raw, "code", str)
    ctx.standard = f"{code} (#{position})"
    if not CODE_PATTERN.match(code):
        raise ctx.fail("code", "kode harus 2–32 huruf kapital, angka atau '-'")
    bidang = _get(ctx, raw, "bidang", str)
    if bidang not in bidang_codes:
        raise ctx.fail("bidang", f"bidang '{bidang}' tidak ada dalam daftar bidang")
    lampiran = _positive_int(ctx, raw, "lampiran", "lampiran", nullable=False)
    steps = _text_list(ctx, raw, "procedure_steps")
    sections = []
    for i, sec in enumerate(_get(ctx, raw, "procedure_sections", list, optional=True) or [], 1):
        here = f"procedure_sections[{i}]"
        if not isinstance(sec, dict):
            raise ctx.fail(here, "jenis isian salah (diharapkan objek)")
        first = _positive_int(ctx, sec, "from_step", f"{here}.from_step", nullable=False)
        last = _positive_int(ctx, sec, "to_step", f"{here}.to_step", nullable=False)
        assert first is not None and last is not None
        if not 1 <= first <= last <= len(steps):
            raise ctx.fail(here, "rentang langkah di luar daftar langkah prosedur")
        title = _text(ctx, sec, "title", path=f"{here}.title")
        assert title is not None
        sections.append(ProcedureSection(title, first, last))
    fee_raw = _get(ctx, raw, "fee", dict)
    executors_raw = _get(ctx, raw, "executors", dict)
    title = _text(ctx, raw, "title")
    assert title is not None and lampiran is not None
    return Standard(
        code=code,
        lampiran=lampiran,
        title=title,
        bidang=bidang,
        legal_basis=_text_list(ctx, raw, "legal_basis"),
        requirements=_requirements(ctx, _get(ctx, raw, "requirements", list), "requirements", ""),
        procedure_steps=steps,
        procedure_sections=tuple(sections),
        time_limit=_time_limit(ctx, raw),
        fee=Fee(
            amount=_positive_int(ctx, fee_raw, "amount", "fee.amount", nullable=True),
            text=_text(ctx, fee_raw, "text", path="fee.text") or "",
        ),
        products=_text_list(ctx, raw, "products"),
        facilities=_text_list(ctx, raw, "facilities"),
        competence=_text_list(ctx, raw, "competence"),
        supervision=_text_list(ctx, raw, "supervision"),
        complaint_channels=_text_list(ctx, raw, "complaint_channels"),
        executors=Executors(
            count=_positive_int(ctx, executors_raw, "count", "executors.count", nullable=True),
            text=_text(ctx, executors_raw, "text", path="executors.text") or "",
        ),
        service_guarantee=_text(ctx, raw, "service_guarantee", nullable=True),
        safety_guarantee=_text(ctx, raw, "safety_guarantee", nullable=True),
        evaluation=_text(ctx, raw, "evaluation", nullable=True),
        notes=_text_list(ctx, raw, "notes", optional=True),
    )


def parse_catalog(document: Any, file: str) -> Catalog:
    """Validate a decoded catalog document; raise CatalogFormatError on the first problem."""
    ctx = _Ctx(file)
    if not isinstance(document, dict):
        raise ctx.fail(None, "isi berkas harus berupa objek JSON")
    if document.get("format") != FORMAT_NAME:
        raise ctx.fail("format", f"bukan berkas katalog (diharapkan '{FORMAT_NAME}')")
    if document.get("format_version") != FORMAT_VERSION:
        raise ctx.fail("format_version",
                       f"versi format {document.get('format_version')!r} tidak dikenal "
                       f"(aplikasi ini membaca versi {FORMAT_VERSION})")
    version_raw = _get(ctx, document, "version", dict)
    date_raw = _get(ctx, version_raw, "decree_date", str, path="version.decree_date")
    try:
        decree_date = dt.date.fromisoformat(date_raw)
    except ValueError:
        raise ctx.fail("version.decree_date", f"tanggal '{date_raw}' bukan format YYYY-MM-DD") from None
    number = _text(ctx, version_raw, "decree_number", path="version.decree_number")
    assert number is not None
    version = CatalogVersion(
        decree_number=number,
        decree_date=decree_date,
        title=_text(ctx, version_raw, "title", path="version.title") or "",
        issuer=_text(ctx, version_raw, "issuer", path="version.issuer") or "",
    )
    bidang = []
    for i, b in enumerate(_get(ctx, document, "bidang", list), 1):
        if not isinstance(b, dict):
            raise ctx.fail(f"bidang[{i}]", "jenis isian salah (diharapkan objek)")
        code = _text(ctx, b, "code", path=f"bidang[{i}].code")
        name = _text(ctx, b, "name", path=f"bidang[{i}].name")
        assert code is not None and name is not None
        bidang.append(Bidang(code, name))
    codes = {b.code for b in bidang}
    if len(codes) != len(bidang):
        raise ctx.fail("bidang", "kode bidang berulang")
    raw_standards = _get(ctx, document, "standards", list)
    if not raw_standards:
        raise ctx.fail("standards", "katalog tidak berisi standar")
    standards = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_standards, 1):
        s = _standard(ctx, raw, i, codes)
        if s.code in seen:
            raise ctx.fail("code", f"kode '{s.code}' dipakai lebih dari sekali")
        seen.add(s.code)
        standards.append(s)
    return Catalog(version=version, bidang=tuple(bidang), standards=tuple(standards))


# --------------------------------------------------------------------------- export


def _requirement_dict(r: Requirement) -> dict[str, Any]:
    return {"text": r.text, "children": [_requirement_dict(c) for c in r.children]}


def standard_to_dict(s: Standard) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": s.code,
        "lampiran": s.lampiran,
        "title": s.title,
        "bidang": s.bidang,
        "legal_basis": list(s.legal_basis),
        "requirements": [_requirement_dict(r) for r in s.requirements],
        "procedure_steps": list(s.procedure_steps),
    }
    if s.procedure_sections:
        out["procedure_sections"] = [
            {"title": p.title, "from_step": p.from_step, "to_step": p.to_step}
            for p in s.procedure_sections
        ]
    out.update({
        "time_limit": {
            "value": s.time_limit.value,
            "unit": s.time_limit.unit.value if s.time_limit.unit else None,
            "text": s.time_limit.text,
            "alternatives": [
                {"value": a.value, "unit": a.unit.value, "condition": a.condition}
                for a in s.time_limit.alternatives
            ],
        },
        "fee": {"amount": s.fee.amount, "text": s.fee.text},
        "products": list(s.products),
        "facilities": list(s.facilities),
        "competence": list(s.competence),
        "supervision": list(s.supervision),
        "complaint_channels": list(s.complaint_channels),
        "executors": {"count": s.executors.count, "text": s.executors.text},
        "service_guarantee": s.service_guarantee,
        "safety_guarantee": s.safety_guarantee,
        "evaluation": s.evaluation,
        "notes": list(s.notes),
    })
    return out


def catalog_to_dict(c: Catalog) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": {
            "decree_number": c.version.decree_number,
            "decree_date": c.version.decree_date.isoformat(),
            "title": c.version.title,
            "issuer": c.version.issuer,
        },
        "bidang": [{"code": b.code, "name": b.name} for b in c.bidang],
        "standards": [standard_to_dict(s) for s in c.standards],
    }
