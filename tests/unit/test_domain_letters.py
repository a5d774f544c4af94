"""Outgoing letters' domain: the number template engine and its checks, counter scopes (the year
always in them), nomor sisipan suffixes, classification codes, the letter's field checks and the
gap and duplicate report."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dinsos_desktop.domain.errors import ValidationError
from dinsos_desktop.domain.letters import (
    DEFAULT_TEMPLATE,
    PLACEHOLDERS,
    ROMAN_MONTHS,
    CounterScopeKind,
    LetterFields,
    LetterKind,
    Nature,
    NumberingSettings,
    ScopeReport,
    SuffixStyle,
    check_code,
    check_fields,
    check_settings,
    check_template,
    counter_scope,
    format_letter_number,
    gap_report,
    next_suffix,
    number_text,
    roman_month,
    suffix_for,
    suffix_index,
)

DAY = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 20)
ALL_PLACEHOLDERS = ", ".join("{" + p + "}" for p in PLACEHOLDERS)


def fmt(template: str, *, number: int = 76, suffix: str = "", pad: int = 0, code: str = "460",
        day: dt.date = DAY, unit: str = "423.105") -> str:
    settings = NumberingSettings(template=template, pad=pad, unit_code=unit)
    return format_letter_number(settings, code=code, number=number, suffix=suffix, day=day)


def template_error(template: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_template(template)
    assert set(caught.value.errors) == {"template"}
    return caught.value.errors["template"]


# --------------------------------------------------------------------------- the format engine


def test_the_default_template() -> None:
    assert DEFAULT_TEMPLATE == "{kode}/{nomor}/{unit}/{tahun}"
    assert fmt(DEFAULT_TEMPLATE, code="188", day=dt.date(2021, 3, 4)) == "188/76/423.105/2021"
    assert format_letter_number(NumberingSettings(), code="460", number=1, suffix="",
                                day=DAY) == "460/1/423.105/2026"


@pytest.mark.parametrize(("template", "expected"), [
    ("{kode}-{nomor}", "000.8.3.3-76"),
    ("{nomor}", "76"),
    ("{nomor}/{unit}", "76/423.105"),
    ("{nomor}/{tahun}", "76/2026"),
    ("{nomor}/{bulan}", "76/II"),
    ("{nomor}/{bulan2}", "76/02"),
    ("{kode}/{nomor}/{unit}/{bulan}/{bulan2}/{tahun}", "000.8.3.3/76/423.105/II/02/2026"),
    ("{tahun}.{bulan2}.{nomor}", "2026.02.76"),  # any order
    ("{kode}/{kode}/{nomor}", "000.8.3.3/000.8.3.3/76"),  # a placeholder may repeat (not {nomor})
])
def test_every_placeholder(template: str, expected: str) -> None:
    assert check_template(template) == template
    assert fmt(template, code="000.8.3.3", day=dt.date(2026, 2, 3)) == expected


@pytest.mark.parametrize(("template", "expected"), [
    ("B-{nomor}/Dinsos/{tahun}", "B-76/Dinsos/2026"),
    ("800/{nomor}/35.75.2/{tahun}", "800/76/35.75.2/2026"),
    ("No. {nomor} Tahun {tahun} (Dinas Sosial)", "No. 76 Tahun 2026 (Dinas Sosial)"),
    ("{nomor}-SK", "76-SK"),
    ("%d %s {nomor} $x", "%d %s 76 $x"),  # nothing but {…} is special
])
def test_everything_else_is_literal_text(template: str, expected: str) -> None:
    assert fmt(check_template(template)) == expected


@pytest.mark.parametrize(("pad", "seven", "wide"), [
    (0, "7", "1234567"), (1, "7", "1234567"), (2, "07", "1234567"), (3, "007", "1234567"),
    (4, "0007", "1234567"), (5, "00007", "1234567"), (6, "000007", "1234567"),
])
def test_zero_padding_never_cuts_a_number(pad: int, seven: str, wide: str) -> None:
    assert fmt("{nomor}", number=7, pad=pad) == seven
    assert fmt("{nomor}", number=1234567, pad=pad) == wide
    assert number_text(7, "", pad) == seven


@pytest.mark.parametrize(("pad", "suffix", "expected"), [
    (0, "a", "460/76a/423.105/2026"), (3, "a", "460/076a/423.105/2026"),
    (3, "aa", "460/076aa/423.105/2026"), (0, ".1", "460/76.1/423.105/2026"),
    (4, ".12", "460/0076.12/423.105/2026"),
])
def test_a_sisipan_suffix_follows_the_padded_number(pad: int, suffix: str, expected: str) -> None:
    assert fmt(DEFAULT_TEMPLATE, suffix=suffix, pad=pad) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_roman_months(month: int) -> None:
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]
    assert roman_month(month) == expected == ROMAN_MONTHS[month - 1]
    day = dt.date(2026, month, 28)
    assert fmt("{nomor}/{bulan}/{bulan2}/{tahun}", day=day) == f"76/{expected}/{month:02d}/2026"


def test_the_example_of_the_docstring() -> None:
    assert fmt("{kode}/{nomor}/{unit}/{bulan}/{tahun}", suffix="a", pad=3,
               day=dt.date(2026, 11, 2)) == "460/076a/423.105/XI/2026"


# --------------------------------------------------------------------------- the template's checks


def test_a_good_template_comes_back_trimmed() -> None:
    assert check_template("  {kode}/{nomor}/{unit}/{tahun}\t") == "{kode}/{nomor}/{unit}/{tahun}"
    assert check_template("{nomor}") == "{nomor}"


@pytest.mark.parametrize(("template", "unknown"), [
    ("{kode}/{nomr}/{tahun}", "nomr"),
    ("{nomor}/{year}", "year"),
    ("{nomor}/{Kode}", "Kode"),  # names are lowercase
    ("{nomor:03d}", "nomor:03d"),  # no format specs: padding is a setting
    ("{nomor}/{ tahun }", " tahun "),
    ("{nomor}/{}", ""),
    ("{nomr}", "nomr"),  # unknown is reported before the missing {nomor}
])
def test_an_unknown_placeholder(template: str, unknown: str) -> None:
    assert template_error(template) == (f"Bagian {{{unknown}}} tidak dikenal. Yang dapat dipakai: "
                                        f"{ALL_PLACEHOLDERS}.")
    assert ALL_PLACEHOLDERS == "{kode}, {nomor}, {unit}, {tahun}, {bulan}, {bulan2}"


@pytest.mark.parametrize("template", ["{kode}/{unit}/{tahun}", "nomor", "{kode}/nomor/{tahun}",
                                      "B-76/2026"])
def test_the_running_number_is_required(template: str) -> None:
    assert template_error(template) == "Format nomor harus memuat {nomor}."


def test_the_running_number_only_once() -> None:
    assert template_error("{nomor}/{kode}/{nomor}") == "{nomor} hanya boleh muncul sekali."


@pytest.mark.parametrize("template", [
    "{kode/{nomor}/{tahun}", "{kode}/{nomor}/{tahun}}", "}{nomor}", "{nomor}{", "{{nomor}}",
    "{kode}}/{nomor}", "{nomor}/{tahun",
])
def test_unbalanced_braces(template: str) -> None:
    assert template_error(template) == "Kurung kurawal tidak berpasangan."


@pytest.mark.parametrize("template", ["", "   ", "\t\n"])
def test_an_empty_template(template: str) -> None:
    assert template_error(template) == "Format nomor wajib diisi."


def test_a_template_of_at_most_80_characters() -> None:
    longest = "{nomor}" + "x" * 73
    assert check_template(longest) == longest
    assert check_template(f"  {longest}  ") == longest  # counted after trimming
    assert template_error(longest + "x") == "Format nomor paling panjang 80 karakter."


def test_check_settings_collects_every_error() -> None:
    with pytest.raises(ValidationError) as caught:
        check_settings(NumberingSettings(template="{kode}", pad=7, unit_code="  "))
    assert caught.value.errors == {
        "template": "Format nomor harus memuat {nomor}.",
        "pad": "Lebar nomor 0 (tanpa nol di depan) sampai 6 digit.",
        "unit_code": "Kode unit wajib diisi.",
    }


@pytest.mark.parametrize("pad", [-1, 7, 10])
def test_check_settings_padding(pad: int) -> None:
    with pytest.raises(ValidationError) as caught:
        check_settings(NumberingSettings(pad=pad))
    assert caught.value.errors == {"pad": "Lebar nomor 0 (tanpa nol di depan) sampai 6 digit."}


@pytest.mark.parametrize("unit", ["423/105", "x" * 41])
def test_check_settings_unit_code(unit: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_settings(NumberingSettings(unit_code=unit))
    assert caught.value.errors == {"unit_code": "Kode unit paling panjang 40 karakter, tanpa garis miring."}


def test_check_settings_trims_and_keeps_the_choices() -> None:
    settings = NumberingSettings(template=" {kode}-{nomor}/{tahun} ", pad=6, unit_code=" 423.105 ",
                                 scope=CounterScopeKind.UNIT_CODE, suffix_style=SuffixStyle.DOT,
                                 insert_needs_approval=True)
    assert check_settings(settings) == NumberingSettings(
        "{kode}-{nomor}/{tahun}", 6, "423.105", CounterScopeKind.UNIT_CODE, SuffixStyle.DOT, True)
    # A counter per classification code needs the code in the number, or two codes print the same.
    with pytest.raises(ValidationError) as no_code:
        check_settings(NumberingSettings(template="{nomor}/{tahun}", scope=CounterScopeKind.UNIT_CODE))
    assert "{kode}" in no_code.value.errors["template"]
    assert check_settings(NumberingSettings(pad=0, unit_code="x" * 40)).pad == 0


def test_labels_are_in_indonesian() -> None:
    assert [k.label for k in CounterScopeKind] == [
        "Satu nomor urut per unit per tahun", "Per unit dan jenis naskah (surat / keputusan)",
        "Per unit dan kode klasifikasi"]
    assert [s.label for s in SuffixStyle] == ["Huruf (76a, 76b, …)", "Titik angka (76.1, 76.2, …)"]
    assert [k.label for k in LetterKind] == ["Surat", "Keputusan"]
    assert [n.label for n in Nature] == ["Biasa", "Penting", "Segera", "Rahasia"]


# --------------------------------------------------------------------------- counter scopes


def settings_with(scope: CounterScopeKind, unit: str = "423.105") -> NumberingSettings:
    return NumberingSettings(scope=scope, unit_code=unit)


def test_scope_per_unit_ignores_kind_and_code() -> None:
    s = settings_with(CounterScopeKind.UNIT)
    scopes = {counter_scope(s, 2026, kind=kind, code=code)
              for kind in LetterKind for code in ("460", "188", "000.8.3.3")}
    assert scopes == {"letter:2026:423.105"}


def test_scope_per_unit_and_kind() -> None:
    s = settings_with(CounterScopeKind.UNIT_KIND)
    assert counter_scope(s, 2026, kind=LetterKind.SURAT, code="460") == "letter:2026:423.105:surat"
    assert counter_scope(s, 2026, kind=LetterKind.SURAT, code="188") == "letter:2026:423.105:surat"
    assert counter_scope(s, 2026, kind=LetterKind.KEPUTUSAN,
                         code="188") == "letter:2026:423.105:keputusan"


def test_scope_per_unit_and_code() -> None:
    s = settings_with(CounterScopeKind.UNIT_CODE)
    assert counter_scope(s, 2026, kind=LetterKind.SURAT, code="460") == "letter:2026:423.105:460"
    assert counter_scope(s, 2026, kind=LetterKind.KEPUTUSAN, code="460") == "letter:2026:423.105:460"
    assert counter_scope(s, 2026, kind=LetterKind.SURAT, code="188.45") == "letter:2026:423.105:188.45"
    assert counter_scope(s, 2026, kind=LetterKind.SURAT, code="188") != counter_scope(
        s, 2026, kind=LetterKind.SURAT, code="188.45")


@pytest.mark.parametrize("kind", list(CounterScopeKind))
def test_every_scope_includes_the_year_and_the_unit(kind: CounterScopeKind) -> None:
    """A new year is a new scope, so its counter starts at 1 (the yearly reset)."""
    s = settings_with(kind)
    last = counter_scope(s, 2025, kind=LetterKind.SURAT, code="460")
    first = counter_scope(s, 2026, kind=LetterKind.SURAT, code="460")
    assert last != first
    assert last.startswith("letter:2025:423.105") and first.startswith("letter:2026:423.105")
    assert counter_scope(settings_with(kind, "423.106"), 2026, kind=LetterKind.SURAT,
                         code="460").startswith("letter:2026:423.106")


# --------------------------------------------------------------------------- sisipan suffixes


@pytest.mark.parametrize(("index", "letters"), [
    (1, "a"), (2, "b"), (25, "y"), (26, "z"), (27, "aa"), (28, "ab"), (52, "az"), (53, "ba"),
    (702, "zz"), (703, "aaa"),
])
def test_letter_suffixes(index: int, letters: str) -> None:
    assert suffix_for(SuffixStyle.LETTER, index) == letters
    assert suffix_index(SuffixStyle.LETTER, letters) == index


@pytest.mark.parametrize(("index", "dotted"), [(1, ".1"), (2, ".2"), (9, ".9"), (10, ".10"),
                                               (123, ".123")])
def test_dot_suffixes(index: int, dotted: str) -> None:
    assert suffix_for(SuffixStyle.DOT, index) == dotted
    assert suffix_index(SuffixStyle.DOT, dotted) == index


@pytest.mark.parametrize("style", list(SuffixStyle))
@pytest.mark.parametrize("index", [0, -1])
def test_suffixes_start_at_one(style: SuffixStyle, index: int) -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        suffix_for(style, index)


@pytest.mark.parametrize(("style", "suffix"), [
    (SuffixStyle.LETTER, ""), (SuffixStyle.LETTER, "A"), (SuffixStyle.LETTER, "aB"),
    (SuffixStyle.LETTER, "a1"), (SuffixStyle.LETTER, ".1"), (SuffixStyle.LETTER, "é"),
    (SuffixStyle.LETTER, "a "), (SuffixStyle.DOT, ""), (SuffixStyle.DOT, "."),
    (SuffixStyle.DOT, "a"), (SuffixStyle.DOT, "1"), (SuffixStyle.DOT, ".a"), (SuffixStyle.DOT, ".-1"),
    (SuffixStyle.DOT, ".1.2"), (SuffixStyle.DOT, ". 1"),
    # Digits other than 0-9 (superscript two) are no suffix of ours either.
    (SuffixStyle.DOT, ".²"),
])
def test_an_unknown_suffix_has_no_index(style: SuffixStyle, suffix: str) -> None:
    assert suffix_index(style, suffix) is None


@given(st.sampled_from(list(SuffixStyle)), st.integers(min_value=1, max_value=10**6))
def test_suffix_index_inverts_suffix_for(style: SuffixStyle, index: int) -> None:
    suffix = suffix_for(style, index)
    assert suffix_index(style, suffix) == index
    assert suffix  # never the main number's empty suffix
    if style is SuffixStyle.LETTER:
        assert suffix.isascii() and suffix.isalpha() and suffix.islower()
    else:
        assert suffix == f".{index}"


@given(st.sampled_from(list(SuffixStyle)), st.integers(min_value=1, max_value=5000),
       st.integers(min_value=1, max_value=5000))
def test_different_indexes_give_different_suffixes(style: SuffixStyle, a: int, b: int) -> None:
    assert (suffix_for(style, a) == suffix_for(style, b)) == (a == b)


@pytest.mark.parametrize(("taken", "expected"), [
    ([], "a"), (["a"], "b"), (["a", "b"], "c"), (["b", "a"], "c"),
    (["a", "c"], "d"),  # a gap is never filled: the next after the highest
    (["c"], "d"), (["y", "z"], "aa"), (["z"], "aa"), (["aa"], "ab"),
    (["a", ".1", "X", "7"], "b"),  # what is not of this style is ignored
    ([".1", ".2"], "a"),
])
def test_next_letter_suffix(taken: list[str], expected: str) -> None:
    assert next_suffix(SuffixStyle.LETTER, taken) == expected


@pytest.mark.parametrize(("taken", "expected"), [
    ([], ".1"), ([".1"], ".2"), ([".1", ".2"], ".3"), ([".1", ".3"], ".4"), ([".3"], ".4"),
    ([".9"], ".10"), ([".2", ".10"], ".11"), (["a", "b"], ".1"), ([".1", "a"], ".2"),
])
def test_next_dot_suffix(taken: list[str], expected: str) -> None:
    assert next_suffix(SuffixStyle.DOT, taken) == expected


def test_next_suffix_takes_any_iterable() -> None:
    assert next_suffix(SuffixStyle.LETTER, iter(("a", "b"))) == "c"
    assert next_suffix(SuffixStyle.DOT, (s for s in (".1",))) == ".2"


# --------------------------------------------------------------------------- classification codes


@pytest.mark.parametrize(("code", "expected"), [
    ("188", "188"), ("460", "460"), ("000", "000"), ("188.45", "188.45"), ("000.8.3.3", "000.8.3.3"),
    (" 188.4 ", "188.4"), ("400.10.2", "400.10.2"), ("900.1.A", "900.1.A"), ("100.abcd", "100.abcd"),
])
def test_good_codes(code: str, expected: str) -> None:
    assert check_code(code) == expected


@pytest.mark.parametrize("code", ["", "  ", "18", "1888", "18a", "188.", ".188", "188..4", "188.12345",
                                  "188/4", "188 .4", "188.4-1", "abc", "188.é"])
def test_bad_codes(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_code(code)
    assert caught.value.errors == {"code": "Kode klasifikasi: tiga angka, lalu bagian bertitik bila ada "
                                           "(mis. 188, 460, 000.8.3.3)."}


# --------------------------------------------------------------------------- the letter's fields


def good(**changes: object) -> LetterFields:
    base = LetterFields(letter_date=dt.date(2026, 11, 2), kind=LetterKind.SURAT,
                        classification_code="460", addressee_name="Camat Panggungrejo",
                        subject="Undangan rapat koordinasi PKH")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def errors_of(fields: LetterFields, today: dt.date = TODAY) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_fields(fields, today)
    return caught.value.errors


def test_good_fields_come_back_trimmed() -> None:
    checked = check_fields(good(
        addressee_name="  Camat \t Panggungrejo ", addressee_institution=" Kecamatan  Panggungrejo ",
        addressee_address="  Jl. Soekarno-Hatta  No. 5\nPasuruan  ", subject=" Undangan\n rapat  ",
        classification_code=" 460 ", bidang_code=" linjamsos ", signatory=" Kepala  Dinas ",
        related_application=" 2026-000123-4 ", related_incoming=" 005/12/2026 ",
        notes="  baris satu\n  baris dua  ", nature=Nature.SEGERA, attachments=3,
        sent_date=dt.date(2026, 11, 3)), TODAY)
    assert checked == LetterFields(
        letter_date=dt.date(2026, 11, 2), kind=LetterKind.SURAT, classification_code="460",
        addressee_name="Camat Panggungrejo", addressee_institution="Kecamatan Panggungrejo",
        addressee_address="Jl. Soekarno-Hatta  No. 5\nPasuruan", subject="Undangan rapat",
        nature=Nature.SEGERA, attachments=3, bidang_code="linjamsos", signatory="Kepala Dinas",
        sent_date=dt.date(2026, 11, 3), related_application="2026-000123-4",
        related_incoming="005/12/2026", notes="baris satu\n  baris dua")


def test_the_letter_date_is_required() -> None:
    assert errors_of(good(letter_date=None)) == {"letter_date": "Tanggal surat wajib diisi."}


def test_the_letter_date_may_be_today_never_later() -> None:
    assert check_fields(good(letter_date=TODAY), TODAY).letter_date == TODAY
    assert errors_of(good(letter_date=TODAY + dt.timedelta(days=1))) == {
        "letter_date": "Tanggal surat tidak boleh sesudah hari ini."}
    assert errors_of(good(letter_date=dt.date(2027, 1, 1))) == {
        "letter_date": "Tanggal surat tidak boleh sesudah hari ini."}


def test_a_letter_date_before_1990_is_not_credible() -> None:
    assert check_fields(good(letter_date=dt.date(1990, 1, 1)), TODAY).letter_date == dt.date(1990, 1, 1)
    assert errors_of(good(letter_date=dt.date(1989, 12, 31))) == {
        "letter_date": "Tanggal surat tidak masuk akal."}


@pytest.mark.parametrize("code", ["", "   "])
def test_the_classification_is_required(code: str) -> None:
    assert errors_of(good(classification_code=code)) == {
        "classification_code": "Kode klasifikasi wajib dipilih."}


def test_the_addressee_name_or_institution_is_required() -> None:
    assert errors_of(good(addressee_name="  ", addressee_institution="")) == {
        "addressee_name": "Tujuan surat (nama atau instansi) wajib diisi."}
    only_institution = check_fields(good(addressee_name="", addressee_institution="Bappeda"), TODAY)
    assert (only_institution.addressee_name, only_institution.addressee_institution) == ("", "Bappeda")


@pytest.mark.parametrize("subject", ["", " \n\t "])
def test_the_subject_is_required(subject: str) -> None:
    assert errors_of(good(subject=subject)) == {"subject": "Perihal wajib diisi."}


@pytest.mark.parametrize(("field", "limit"), [
    ("addressee_name", 200), ("addressee_institution", 200), ("addressee_address", 300),
    ("subject", 1000), ("signatory", 200), ("related_incoming", 120), ("notes", 1000),
])
def test_length_limits(field: str, limit: int) -> None:
    assert len(getattr(check_fields(good(**{field: "x" * limit}), TODAY), field)) == limit
    # counted after trimming
    assert len(getattr(check_fields(good(**{field: "  " + "x" * limit + "  "}), TODAY), field)) == limit
    assert errors_of(good(**{field: "x" * (limit + 1)})) == {field: f"Paling panjang {limit} karakter."}


def test_runs_of_whitespace_count_once() -> None:
    padded = "x     " * 300  # 1800 characters typed, 599 once collapsed and trimmed
    assert check_fields(good(subject=padded), TODAY).subject == " ".join(["x"] * 300)
    assert errors_of(good(subject="ab " * 334)) == {"subject": "Paling panjang 1000 karakter."}  # 1001


@pytest.mark.parametrize(("attachments", "ok"), [(-1, False), (0, True), (1, True), (999, True),
                                                 (1000, False)])
def test_attachments(attachments: int, ok: bool) -> None:
    if ok:
        assert check_fields(good(attachments=attachments), TODAY).attachments == attachments
    else:
        assert errors_of(good(attachments=attachments)) == {"attachments": "Jumlah lampiran 0 sampai 999."}


def test_the_sent_date() -> None:
    letter_day = dt.date(2026, 11, 2)
    assert check_fields(good(sent_date=letter_day), TODAY).sent_date == letter_day
    assert check_fields(good(sent_date=TODAY), TODAY).sent_date == TODAY
    assert errors_of(good(sent_date=dt.date(2026, 11, 1))) == {
        "sent_date": "Tanggal kirim tidak boleh sebelum tanggal surat."}
    assert errors_of(good(sent_date=TODAY + dt.timedelta(days=1))) == {
        "sent_date": "Tanggal kirim tidak boleh sesudah hari ini."}
    # Without a letter date only the future is checked.
    assert errors_of(good(letter_date=None, sent_date=dt.date(2000, 1, 1))) == {
        "letter_date": "Tanggal surat wajib diisi."}


def test_every_error_at_once() -> None:
    assert errors_of(LetterFields(
        letter_date=TODAY + dt.timedelta(days=2), kind=LetterKind.KEPUTUSAN, classification_code="",
        addressee_name="", subject="", attachments=-5, signatory="x" * 201,
        sent_date=TODAY + dt.timedelta(days=1), related_incoming="y" * 121, notes="z" * 1001,
        addressee_address="w" * 301)) == {
        "letter_date": "Tanggal surat tidak boleh sesudah hari ini.",
        "classification_code": "Kode klasifikasi wajib dipilih.",
        "addressee_name": "Tujuan surat (nama atau instansi) wajib diisi.",
        "subject": "Perihal wajib diisi.",
        "addressee_address": "Paling panjang 300 karakter.",
        "signatory": "Paling panjang 200 karakter.",
        "related_incoming": "Paling panjang 120 karakter.",
        "notes": "Paling panjang 1000 karakter.",
        "attachments": "Jumlah lampiran 0 sampai 999.",
        "sent_date": "Tanggal kirim tidak boleh sesudah hari ini.",
    }


# --------------------------------------------------------------------------- gaps and duplicates


S = "letter:2026:423.105"


def test_a_complete_book_has_no_gap() -> None:
    assert gap_report([(S, 1, ""), (S, 2, ""), (S, 3, "")]) == [ScopeReport(S, 3, (), ())]
    assert gap_report([]) == []


def test_missing_numbers_are_gaps() -> None:
    assert gap_report([(S, 5, ""), (S, 1, ""), (S, 2, "")]) == [ScopeReport(S, 5, (3, 4), ())]
    assert gap_report([(S, 3, "")]) == [ScopeReport(S, 3, (1, 2), ())]


def test_duplicates_are_reported_with_their_suffix() -> None:
    report = gap_report([(S, 1, ""), (S, 2, ""), (S, 2, ""), (S, 2, "a"), (S, 2, "a"), (S, 2, "a"),
                         (S, 3, ""), (S, 3, "b")])
    assert report == [ScopeReport(S, 3, (), ("2", "2a"))]


def test_sisipan_numbers_are_no_gaps() -> None:
    """76a, 76b … sit between 76 and 77: the suffixes are not missing main numbers."""
    assert gap_report([(S, 1, ""), (S, 1, "a"), (S, 1, "c"), (S, 2, ""), (S, 2, ".1"), (S, 3, "")]) == [
        ScopeReport(S, 3, (), ())]


def test_a_sisipan_does_not_stand_in_for_its_main_number() -> None:
    assert gap_report([(S, 1, ""), (S, 2, "a"), (S, 3, "")]) == [ScopeReport(S, 3, (2,), ())]
    assert gap_report([(S, 1, ""), (S, 4, "a")]) == [ScopeReport(S, 4, (2, 3, 4), ())]


def test_every_number_given_counts_as_used() -> None:
    """The services pass voided letters too (a voided number is used, never missing): the report
    only sees (scope, number, suffix)."""
    assert gap_report([(S, 1, ""), (S, 2, ""), (S, 3, "")])[0].gaps == ()


def test_each_scope_apart_in_order() -> None:
    surat, sk = f"{S}:surat", f"{S}:keputusan"
    last_year = "letter:2025:423.105:surat"
    report = gap_report([(surat, 1, ""), (sk, 2, ""), (surat, 3, ""), (last_year, 1, ""),
                         (last_year, 1, ""), (sk, 1, "")])
    assert report == [
        ScopeReport(last_year, 1, (), ("1",)),
        ScopeReport(sk, 2, (), ()),
        ScopeReport(surat, 3, (2,), ()),
    ]


@given(st.sets(st.integers(min_value=1, max_value=300), max_size=60))
def test_gaps_are_exactly_the_missing_main_numbers(used: set[int]) -> None:
    report = gap_report([(S, n, "") for n in sorted(used)] + [(S, n, "a") for n in sorted(used)])
    if not used:
        assert report == []
        return
    (only,) = report
    assert only.highest == max(used)
    assert set(only.gaps) == set(range(1, max(used) + 1)) - used
    assert only.duplicates == ()
