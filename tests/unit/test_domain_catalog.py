"""The catalog parser (validation, requirement keys, export round trip) and the search index."""

from __future__ import annotations

import copy
import datetime as dt
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.catalog import (
    CODE_PATTERN,
    FORMAT_NAME,
    FORMAT_VERSION,
    Catalog,
    CatalogIndex,
    Fee,
    TimeLimit,
    TimeLimitAlternative,
    TimeUnit,
    catalog_to_dict,
    parse_catalog,
)
from dinsos_desktop.domain.errors import CatalogFormatError
from dinsos_desktop.domain.text import fold, tokens
from tests.support import BUNDLED_STANDARD_COUNT, bundled_document

FILE = "katalog-uji.json"

REQUIRED_STANDARD_KEYS = (
    "code", "lampiran", "title", "bidang", "legal_basis", "requirements", "procedure_steps",
    "time_limit", "fee", "products", "facilities", "competence", "supervision",
    "complaint_channels", "executors", "service_guarantee", "safety_guarantee", "evaluation",
)
OPTIONAL_STANDARD_KEYS = ("procedure_sections", "notes")


def _req(text: str, *children: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "children": list(children)}


def _standard(code: str = "PSM", /, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "code": code,
        "lampiran": 1,
        "title": "Pekerja Sosial Masyarakat (PSM)",
        "bidang": "DAYASOS",
        "legal_basis": ["Undang-Undang Nomor 11 Tahun 2009"],
        "requirements": [_req("Fotokopi KTP"), _req("Surat rekomendasi Lurah")],
        "procedure_steps": ["Pemohon mengajukan berkas", "Petugas memverifikasi", "Kepala menetapkan"],
        "time_limit": {"value": 2, "unit": "months", "text": "Maksimal 2 bulan", "alternatives": []},
        "fee": {"amount": 0, "text": "Gratis"},
        "products": ["Sertifikat PSM"],
        "facilities": ["Ruang tunggu"],
        "competence": ["Cakap"],
        "supervision": ["Atasan langsung"],
        "complaint_channels": ["Kotak pengaduan"],
        "executors": {"count": 2, "text": "2 orang"},
        "service_guarantee": "Pelayanan sesuai standar",
        "safety_guarantee": None,
        "evaluation": "Setahun sekali",
        "notes": [],
    }
    doc.update(changes)
    return doc


def _document(*standards: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": {"decree_number": "188/1/423.105/2026", "decree_date": "2026-01-15",
                    "title": "Standar Pelayanan", "issuer": "Kepala Dinas Sosial"},
        "bidang": [{"code": "DAYASOS", "name": "Pemberdayaan Sosial"},
                   {"code": "REHSOS", "name": "Rehabilitasi Sosial"}],
        "standards": list(standards) or [_standard()],
    }


def _refused(document: Any) -> CatalogFormatError:
    with pytest.raises(CatalogFormatError) as refused:
        parse_catalog(document, FILE)
    error = refused.value
    assert error.file == FILE
    assert error.message.startswith("Katalog ditolak (berkas katalog-uji.json")
    return error


# --------------------------------------------------------------------------- the bundled catalog


def test_bundled_catalog_parses() -> None:
    catalog = parse_catalog(bundled_document(), "bundled.json")
    assert len(catalog.standards) == BUNDLED_STANDARD_COUNT
    assert catalog.version.decree_number == "188/76/423.105/2021"
    assert catalog.version.decree_date == dt.date(2021, 7, 12)
    assert sorted(s.lampiran for s in catalog.standards) == list(range(1, 28))
    assert all(CODE_PATTERN.match(s.code) for s in catalog.standards)
    assert {s.bidang for s in catalog.standards} <= {b.code for b in catalog.bidang}
    assert catalog_to_dict(catalog) == bundled_document()


def test_catalog_lookups() -> None:
    catalog = parse_catalog(_document(), FILE)
    assert catalog.standard("PSM").title == "Pekerja Sosial Masyarakat (PSM)"
    with pytest.raises(KeyError):
        catalog.standard("TIDAK-ADA")
    assert catalog.bidang_name("DAYASOS") == "Pemberdayaan Sosial"
    assert catalog.bidang_name("LAIN") == "LAIN"
    assert catalog.version.describe() == "Keputusan No. 188/1/423.105/2026"


def test_text_is_trimmed() -> None:
    catalog = parse_catalog(_document(_standard(title="  Judul  ", products=[" Produk "])), FILE)
    assert catalog.standards[0].title == "Judul"
    assert catalog.standards[0].products == ("Produk",)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("key", REQUIRED_STANDARD_KEYS)
def test_every_required_key_of_a_standard(key: str) -> None:
    doc = _document(_standard("SATU"), _standard("DUA"))
    del doc["standards"][1][key]
    error = _refused(doc)
    assert error.field == key
    assert error.standard is not None and "#2" in error.standard
    if key != "code":
        assert error.standard == "DUA (#2)"
    assert error.problem == "isian wajib tidak ada"


@pytest.mark.parametrize("key", OPTIONAL_STANDARD_KEYS)
def test_optional_keys_of_a_standard(key: str) -> None:
    standard = _standard()
    standard.pop(key, None)
    parse_catalog(_document(standard), FILE)


@given(position=st.integers(0, BUNDLED_STANDARD_COUNT - 1), key=st.sampled_from(REQUIRED_STANDARD_KEYS))
def test_missing_key_anywhere_in_the_bundled_catalog(position: int, key: str) -> None:
    doc = bundled_document()
    del doc["standards"][position][key]
    error = _refused(doc)
    assert error.field == key
    assert error.standard is not None
    assert error.standard == f"#{position + 1}" or error.standard.endswith(f" (#{position + 1})")
    assert key in error.message and f"#{position + 1}" in error.message


@pytest.mark.parametrize(("changes", "field", "problem"), [
    ({"lampiran": "1"}, "lampiran", "jenis isian salah"),
    ({"lampiran": True}, "lampiran", "jenis isian salah"),
    ({"lampiran": -1}, "lampiran", "tidak boleh negatif"),
    ({"lampiran": None}, "lampiran", "tidak boleh kosong"),
    ({"title": "   "}, "title", "tidak boleh kosong"),
    ({"title": 5}, "title", "jenis isian salah"),
    ({"code": "psm"}, "code", "kode harus"),
    ({"code": "P"}, "code", "kode harus"),
    ({"code": "PSM_1"}, "code", "kode harus"),
    ({"bidang": "PERPUSTAKAAN"}, "bidang", "PERPUSTAKAAN"),
    ({"legal_basis": "UU 11/2009"}, "legal_basis", "jenis isian salah"),
    ({"legal_basis": ["UU 11/2009", ""]}, "legal_basis[2]", "tidak kosong"),
    ({"products": ["A", 3]}, "products[2]", "teks"),
    ({"requirements": {}}, "requirements", "daftar"),
    ({"requirements": ["Fotokopi KTP"]}, "requirements[1]", "objek"),
    ({"requirements": [_req("A"), {"children": []}]}, "requirements[2].text", "wajib"),
    ({"requirements": [_req("A", _req("a"), _req(" "))]}, "requirements[1].children[2].text", "kosong"),
    ({"time_limit": {"value": 2, "unit": "fortnights", "text": "x"}}, "time_limit.unit", "fortnights"),
    ({"time_limit": {"value": 2, "unit": None, "text": "x"}}, "time_limit", "sama-sama"),
    ({"time_limit": {"value": None, "unit": "months", "text": "x"}}, "time_limit", "sama-sama"),
    ({"time_limit": {"value": 0, "unit": "months", "text": "x"}}, "time_limit.value", "lebih dari nol"),
    ({"time_limit": {"value": 2, "unit": "months"}}, "time_limit.text", "wajib"),
    ({"time_limit": {"value": 2, "unit": "months", "text": "x",
                     "alternatives": [{"value": 1, "unit": "decades", "condition": "c"}]}},
     "time_limit.alternatives[1].unit", "decades"),
    ({"time_limit": {"value": 2, "unit": "months", "text": "x",
                     "alternatives": [{"value": 0, "unit": "hours", "condition": "c"}]}},
     "time_limit.alternatives[1].value", "lebih dari nol"),
    ({"time_limit": {"value": 2, "unit": "months", "text": "x",
                     "alternatives": [{"value": 1, "unit": "hours", "condition": " "}]}},
     "time_limit.alternatives[1].condition", "kosong"),
    ({"time_limit": {"value": 2, "unit": "months", "text": "x", "alternatives": ["1 hari"]}},
     "time_limit.alternatives[1]", "objek"),
    ({"fee": {"amount": -5, "text": "x"}}, "fee.amount", "negatif"),
    ({"fee": {"amount": "0", "text": "x"}}, "fee.amount", "jenis isian salah"),
    ({"fee": "Gratis"}, "fee", "jenis isian salah"),
    ({"executors": {"count": 2}}, "executors.text", "wajib"),
    ({"service_guarantee": 1}, "service_guarantee", "jenis isian salah"),
    ({"procedure_sections": [{"title": "Tahap", "from_step": 2, "to_step": 4}]},
     "procedure_sections[1]", "rentang"),
    ({"procedure_sections": [{"title": "Tahap", "from_step": 3, "to_step": 2}]},
     "procedure_sections[1]", "rentang"),
    ({"procedure_sections": [{"title": "Tahap", "from_step": 0, "to_step": 2}]},
     "procedure_sections[1]", "rentang"),
    ({"procedure_sections": [{"from_step": 1, "to_step": 2}]}, "procedure_sections[1].title", "wajib"),
    ({"notes": [""]}, "notes[1]", "tidak kosong"),
])
def test_invalid_standard_fields(changes: dict[str, Any], field: str, problem: str) -> None:
    error = _refused(_document(_standard("BAIK"), _standard("KEDUA", **changes)))
    assert error.field == field
    assert error.standard is not None and error.standard.endswith("(#2)")
    assert problem in error.problem
    assert field in error.message


def test_standard_that_is_not_an_object() -> None:
    error = _refused(_document(_standard(), ["bukan", "objek"]))  # type: ignore[arg-type]
    assert error.standard == "#2"
    assert error.field is None


def test_duplicate_code() -> None:
    error = _refused(_document(_standard("SAMA"), _standard("LAIN"), _standard("SAMA")))
    assert error.field == "code"
    assert error.standard == "SAMA (#3)"
    assert "lebih dari sekali" in error.problem


@pytest.mark.parametrize(("spoil", "field"), [
    (lambda d: d.update(format="lain"), "format"),
    (lambda d: d.pop("format"), "format"),
    (lambda d: d.update(format_version=2), "format_version"),
    (lambda d: d.update(format_version="1"), "format_version"),
    (lambda d: d.pop("version"), "version"),
    (lambda d: d["version"].update(decree_date="12-07-2021"), "version.decree_date"),
    (lambda d: d["version"].update(decree_date=20210712), "version.decree_date"),
    (lambda d: d["version"].update(decree_number=" "), "version.decree_number"),
    (lambda d: d["version"].pop("title"), "version.title"),
    (lambda d: d.pop("bidang"), "bidang"),
    (lambda d: d["bidang"].append({"code": "DAYASOS", "name": "Lagi"}), "bidang"),
    (lambda d: d["bidang"].append({"code": "BARU"}), "bidang[3].name"),
    (lambda d: d["bidang"].append("BARU"), "bidang[3]"),
    (lambda d: d.update(standards=[]), "standards"),
    (lambda d: d.update(standards={}), "standards"),
])
def test_invalid_top_level(spoil: Any, field: str) -> None:
    doc = _document()
    spoil(doc)
    error = _refused(doc)
    assert error.field == field
    assert error.standard is None


@pytest.mark.parametrize("document", [[], "katalog", None, 42])
def test_document_that_is_not_an_object(document: Any) -> None:
    error = _refused(document)
    assert error.field is None and error.standard is None


def test_error_message_names_file_standard_and_field() -> None:
    error = CatalogFormatError("a.json", "PSM (#17)", "time_limit.unit", "satuan tidak dikenal")
    assert error.message == ("Katalog ditolak (berkas a.json, standar PSM (#17), isian "
                             "'time_limit.unit'): satuan tidak dikenal")
    assert str(error) == error.message
    assert CatalogFormatError("a.json", None, None, "rusak").message == \
        "Katalog ditolak (berkas a.json): rusak"


# --------------------------------------------------------------------------- requirement keys


def test_requirement_keys() -> None:
    standard = _standard(requirements=[
        _req("Satu"),
        _req("Dua:", _req("a"), _req("b", _req("b1"), _req("b2", _req("dalam"))), _req("c")),
        _req("Tiga"),
    ])
    s = parse_catalog(_document(standard), FILE).standards[0]
    assert [(depth, r.key) for depth, r in s.requirement_rows()] == [
        (0, "1"), (0, "2"), (1, "2.a"), (1, "2.b"), (2, "2.b.1"), (2, "2.b.2"), (3, "2.b.2.a"),
        (1, "2.c"), (0, "3"),
    ]
    assert [r.key for r in s.checklist_items()] == ["1", "2.a", "2.b.1", "2.b.2.a", "2.c", "3"]
    assert [r.text for r in s.checklist_items()] == ["Satu", "a", "b1", "dalam", "c", "Tiga"]


def test_many_lettered_children() -> None:
    children = [_req(f"butir {i}") for i in range(1, 29)]
    s = parse_catalog(_document(_standard(requirements=[_req("Induk", *children)])), FILE).standards[0]
    keys = [r.key for r in s.checklist_items()]
    assert keys[:3] == ["1.a", "1.b", "1.c"]
    assert keys[25] == "1.z"
    assert keys[26:] == ["1.z27", "1.z28"]
    assert len(set(keys)) == len(keys)


def test_bundled_requirement_keys_are_unique_per_standard() -> None:
    catalog = parse_catalog(bundled_document(), "bundled.json")
    psm = catalog.standard("PSM")
    assert [r.key for r in psm.checklist_items()][:3] == ["1.a", "1.b", "1.c"]
    for s in catalog.standards:
        keys = [r.key for _, r in s.requirement_rows()]
        assert len(keys) == len(set(keys)), s.code
        assert all(len(k) <= 20 for k in keys), "catalog_requirements.item_key is VARCHAR(20)"


# --------------------------------------------------------------------------- values


def test_time_limit_and_fee_values() -> None:
    fixed = TimeLimit(5, TimeUnit.WORKING_DAYS, "Maksimal 5 hari kerja",
                      (TimeLimitAlternative(1, TimeUnit.HOURS, "darurat"),))
    assert fixed.is_fixed
    assert fixed.describe() == "5 hari kerja"
    assert fixed.alternatives[0].describe() == "1 jam (darurat)"
    open_ended = TimeLimit(None, None, "Sesuai jadwal pusat")
    assert not open_ended.is_fixed
    assert open_ended.describe() == "Tidak ditetapkan"
    assert {u.label for u in TimeUnit} == {"jam", "hari kerja", "hari kalender", "minggu", "bulan"}
    assert Fee(0, "Gratis").is_free
    assert not Fee(None, "Sesuai tarif").is_free
    assert not Fee(5000, "Rp 5.000").is_free


def test_procedure_sections_are_kept() -> None:
    catalog = parse_catalog(bundled_document(), "bundled.json")
    sections = catalog.standard("ASET").procedure_sections
    assert sections
    steps = catalog.standard("ASET").procedure_steps
    assert all(1 <= sec.from_step <= sec.to_step <= len(steps) for sec in sections)


# --------------------------------------------------------------------------- round trip (hypothesis)

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1, max_size=30).map(str.strip).filter(bool)
_TEXTS = st.lists(_TEXT, max_size=3)
_UNITS = st.sampled_from([u.value for u in TimeUnit])


def _requirements(depth: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    if depth == 0:
        children: st.SearchStrategy[list[dict[str, Any]]] = st.just([])
    else:
        children = st.one_of(st.just([]), st.deferred(lambda: _requirements(depth - 1)))
    return st.lists(st.fixed_dictionaries({"text": _TEXT, "children": children}), max_size=3)


@st.composite
def _standards(draw: st.DrawFn, code: str, bidang: list[str]) -> dict[str, Any]:
    steps = draw(st.lists(_TEXT, min_size=1, max_size=4))
    fixed = draw(st.booleans())
    doc: dict[str, Any] = {
        "code": code,
        "lampiran": draw(st.integers(0, 99)),
        "title": draw(_TEXT),
        "bidang": draw(st.sampled_from(bidang)),
        "legal_basis": draw(_TEXTS),
        "requirements": draw(_requirements(2)),
        "procedure_steps": steps,
    }
    if draw(st.booleans()):
        first = draw(st.integers(1, len(steps)))
        doc["procedure_sections"] = [{"title": draw(_TEXT), "from_step": first,
                                      "to_step": draw(st.integers(first, len(steps)))}]
    doc.update({
        "time_limit": {
            "value": draw(st.integers(1, 400)) if fixed else None,
            "unit": draw(_UNITS) if fixed else None,
            "text": draw(_TEXT),
            "alternatives": draw(st.lists(st.fixed_dictionaries({
                "value": st.integers(1, 99), "unit": _UNITS, "condition": _TEXT}), max_size=2)),
        },
        "fee": {"amount": draw(st.none() | st.integers(0, 10**9)), "text": draw(_TEXT)},
        "products": draw(_TEXTS),
        "facilities": draw(_TEXTS),
        "competence": draw(_TEXTS),
        "supervision": draw(_TEXTS),
        "complaint_channels": draw(_TEXTS),
        "executors": {"count": draw(st.none() | st.integers(0, 50)), "text": draw(_TEXT)},
        "service_guarantee": draw(st.none() | _TEXT),
        "safety_guarantee": draw(st.none() | _TEXT),
        "evaluation": draw(st.none() | _TEXT),
        "notes": draw(_TEXTS),
    })
    return doc


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    bidang = draw(st.lists(st.from_regex(r"[A-Z]{3,8}", fullmatch=True), min_size=1, max_size=3,
                           unique=True))
    codes = draw(st.lists(st.from_regex(CODE_PATTERN, fullmatch=True), min_size=1, max_size=4,
                          unique=True))
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": {"decree_number": draw(_TEXT),
                    "decree_date": draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))).isoformat(),
                    "title": draw(_TEXT), "issuer": draw(_TEXT)},
        "bidang": [{"code": b, "name": draw(_TEXT)} for b in bidang],
        "standards": [draw(_standards(code, bidang)) for code in codes],
    }


@given(documents())
def test_export_is_the_inverse_of_parse(document: dict[str, Any]) -> None:
    original = copy.deepcopy(document)
    catalog = parse_catalog(document, FILE)
    assert document == original, "parsing does not modify its input"
    assert catalog_to_dict(catalog) == document
    assert parse_catalog(catalog_to_dict(catalog), "lagi.json") == catalog


@given(documents())
def test_requirement_keys_are_unique_and_checklist_is_the_leaves(document: dict[str, Any]) -> None:
    for s in parse_catalog(document, FILE).standards:
        rows = s.requirement_rows()
        keys = [r.key for _, r in rows]
        assert len(keys) == len(set(keys))
        assert [r for _, r in rows if not r.children] == s.checklist_items()
        for depth, r in rows:
            assert r.key.count(".") == depth


@given(documents(), st.sampled_from(REQUIRED_STANDARD_KEYS), st.data())
def test_any_missing_key_is_named(document: dict[str, Any], key: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(document["standards"]) - 1))
    del document["standards"][position][key]
    error = _refused(document)
    assert error.field == key
    assert error.standard is not None
    assert error.standard == f"#{position + 1}" or error.standard.endswith(f" (#{position + 1})")


# --------------------------------------------------------------------------- search


def _search_catalog() -> Catalog:
    return parse_catalog(_document(
        _standard("PSM", title="Pekerja Sosial Masyarakat (PSM)",
                  requirements=[_req("Fotokopi KTP"), _req("Ijazah terakhir")],
                  products=["Sertifikat bimbingan teknis"]),
        _standard("LANSIA", title="Rehabilitasi Lanjut Usia Pérkotaan", bidang="REHSOS",
                  requirements=[_req("Surat keterangan:", _req("dari RT/RW"), _req("dari Kelurahan"))],
                  products=["Rujukan ke panti wreda"]),
        _standard("ANAK", title="Anak Berhadapan dengan Hukum", bidang="REHSOS",
                  requirements=[_req("Laporan polisi")], products=["Pendampingan sosial anak"]),
    ), FILE)


def _codes(index: CatalogIndex, query: str) -> list[str]:
    return [s.code for s in index.search(query)]


@pytest.mark.parametrize("query", ["psm", "PSM", "Psm", "  psm  ", "pékerja", "PEKERJA", "pekérja sosial"])
def test_search_ignores_case_and_accents(query: str) -> None:
    assert _codes(CatalogIndex.build(_search_catalog().standards), query) == ["PSM"]


def test_search_folds_the_catalog_side_too() -> None:
    index = CatalogIndex.build(_search_catalog().standards)
    assert _codes(index, "perkotaan") == ["LANSIA"]
    assert _codes(index, "PÉRKOTAAN") == ["LANSIA"]


def test_search_looks_in_requirements_and_products() -> None:
    index = CatalogIndex.build(_search_catalog().standards)
    assert _codes(index, "ktp") == ["PSM"]
    assert _codes(index, "kelurahan") == ["LANSIA"], "sub-items are searched"
    assert _codes(index, "panti wreda") == ["LANSIA"]
    assert _codes(index, "pendampingan") == ["ANAK"]
    assert _codes(index, "anak") == ["ANAK"]


def test_search_words_must_all_match_in_any_order() -> None:
    index = CatalogIndex.build(_search_catalog().standards)
    assert _codes(index, "sosial") == ["PSM", "ANAK"]
    assert _codes(index, "anak sosial") == ["ANAK"]
    assert _codes(index, "sosial anak") == ["ANAK"]
    assert _codes(index, "sosial polisi") == ["ANAK"]
    assert _codes(index, "sosial kucing") == []


def test_empty_query_lists_everything_in_order() -> None:
    catalog = _search_catalog()
    index = CatalogIndex.build(catalog.standards)
    assert index.search("") == list(catalog.standards)
    assert index.search("   ") == list(catalog.standards)
    assert CatalogIndex().search("apa saja") == []


def test_search_in_the_bundled_catalog() -> None:
    catalog = parse_catalog(bundled_document(), "bundled.json")
    index = CatalogIndex.build(catalog.standards)
    for query in ("psm", "PSM", "pékerja sosial masyarakat"):
        assert "PSM" in _codes(index, query)
    assert len(index.search("")) == BUNDLED_STANDARD_COUNT


@given(st.text(alphabet=string.ascii_letters + "ÀÉÍÓÚàéíóúçñ ", max_size=40))
def test_fold_is_idempotent_and_case_free(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(text.upper()) == fold(text.lower()) == folded
    assert "  " not in folded and folded == folded.strip()
    assert all(ord(ch) < 128 for ch in folded)


def test_fold_and_tokens() -> None:
    assert fold("Sosial  Pérkotaan\n") == "sosial perkotaan"
    assert fold("STRASSE Straße") == "strasse strasse"
    assert tokens("  Pekerja   SOSIAL ") == ["pekerja", "sosial"]
    assert tokens("   ") == []
