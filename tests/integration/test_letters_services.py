"""The agenda book through the services, on SQLite and PostgreSQL: taking numbers, sisipan,
voiding, editing, the book's pages, the gap report, classification codes, importing an old book."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dinsos_desktop.domain.letters import (
    CounterScopeKind,
    LetterFields,
    LetterKind,
    Nature,
    NumberingSettings,
    ScopeReport,
    SuffixStyle,
)
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.services import letters, users
from dinsos_desktop.services.audit import audit_page
from dinsos_desktop.services.dto import (
    Actor,
    AuditEntry,
    ClassificationInput,
    LetterDTO,
    LetterFilter,
    NewLetter,
)
from dinsos_desktop.services.letters import ImportedLetter, RowProblem
from dinsos_desktop.services.uow import UnitOfWork
from tests.fakes import FakeUnitOfWork, seeded_classifications
from tests.integration.test_tracking_services import _registered
from tests.support import ADMIN_FULL_NAME

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
SCOPE = "letter:2026:423.105"  # the default settings' scope of 2026


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


@pytest.fixture
def agendaris(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "agenda", "Sri Agendaris", [Role.AGENDARIS], "Rahasia-agenda-1")
    return users.login(uow, "agenda", "Rahasia-agenda-1")


@pytest.fixture
def pimpinan(uow: SqlAlchemyUnitOfWork, admin: Actor) -> Actor:
    users.create_user(uow, admin, "kadis", "Kepala Dinas", [Role.PIMPINAN], "Rahasia-kadis-1")
    return users.login(uow, "kadis", "Rahasia-kadis-1")


def fields(day: dt.date, subject: str = "Undangan rapat koordinasi PKH", code: str = "460",
           kind: LetterKind = LetterKind.SURAT, **changes: Any) -> LetterFields:
    base = LetterFields(letter_date=day, kind=kind, classification_code=code,
                        addressee_name="Camat Panggungrejo", subject=subject)
    return dataclasses.replace(base, **changes)


def register(uow: UnitOfWork, actor: Actor, day: dt.date, **kw: Any) -> LetterDTO:
    return letters.register_letter(uow, actor, fields(day, **kw), now=NOW, local=local)


def take(uow: UnitOfWork, actor: Actor, day: dt.date, **kw: Any) -> str:
    return register(uow, actor, day, **kw).full_number


def insert(uow: UnitOfWork, actor: Actor, day: dt.date, reason: str = "surat susulan",
           **kw: Any) -> LetterDTO:
    return letters.register_insert(uow, actor, fields(day, **kw), reason, now=NOW, local=local)


def configure(uow: UnitOfWork, admin: Actor, **changes: Any) -> NumberingSettings:
    return letters.save_numbering_settings(uow, admin, NumberingSettings(**changes), now=NOW)


def book(uow: UnitOfWork, actor: Actor, **wanted: Any) -> list[str]:
    """The number texts ("76", "76a") of the agenda page, in the book's order."""
    limit = wanted.pop("limit", 200)
    return [x.number_text for x in letters.agenda_page(uow, actor, LetterFilter(**wanted),
                                                       limit=limit).items]


def gaps(uow: UnitOfWork, actor: Actor, year: int) -> list[tuple[str, int, tuple[int, ...], tuple[str, ...]]]:
    return [(r.scope, r.highest, r.gaps, r.duplicates) for r in letters.find_gaps(uow, actor, year)]


def errors_of(call: Any, *args: Any, **kw: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kw)
    return caught.value.errors


def letter_audit(uow: UnitOfWork, admin: Actor) -> list[AuditEntry]:
    """The audit trail's letter entries, newest first."""
    return list(audit_page(uow, admin, entity="letter").items)


# --------------------------------------------------------------------------- the first walk-through


def test_numbers_run_and_sisipan_takes_the_earlier_number(uow: SqlAlchemyUnitOfWork,
                                                          agendaris: Actor, admin: Actor) -> None:
    assert take(uow, agendaris, dt.date(2026, 11, 2)) == "460/1/423.105/2026"
    assert take(uow, agendaris, dt.date(2026, 11, 5), code="188") == "188/2/423.105/2026"
    assert take(uow, agendaris, dt.date(2026, 11, 10)) == "460/3/423.105/2026"
    with pytest.raises(ValidationError) as earlier:
        take(uow, agendaris, dt.date(2026, 11, 6))
    assert "sisipan" in earlier.value.errors["letter_date"]
    first = letters.register_insert(uow, agendaris, fields(dt.date(2026, 11, 6)), "surat susulan",
                                    now=NOW, local=local)
    second = letters.register_insert(uow, agendaris, fields(dt.date(2026, 11, 7)), "susulan lagi",
                                     now=NOW, local=local)
    assert (first.full_number, second.full_number) == ("460/2a/423.105/2026", "460/2b/423.105/2026")
    assert take(uow, agendaris, dt.date(2026, 11, 20)) == "460/4/423.105/2026"  # the counter did not move
    with pytest.raises(ValidationError):
        letters.register_insert(uow, agendaris, fields(dt.date(2026, 11, 1)), "terlalu awal",
                                now=NOW, local=local)
    # Voided stays in the book; edits keep the number.
    void = letters.void_letter(uow, agendaris, first.id, "salah alamat", expected_version=first.version)
    assert void.status == "batal" and void.voided_by_name == "Sri Agendaris"
    with pytest.raises(ConflictError):
        letters.void_letter(uow, agendaris, second.id, "x", expected_version=second.version + 1)
    edited = letters.edit_letter(uow, agendaris, second.id,
                                 fields(dt.date(2026, 11, 7), subject="Undangan (ralat)"),
                                 expected_version=second.version, now=NOW, local=local)
    assert edited.full_number == second.full_number and edited.subject == "Undangan (ralat)"
    with pytest.raises(ValidationError):
        letters.edit_letter(uow, agendaris, second.id, fields(dt.date(2026, 11, 7), code="188"),
                            expected_version=edited.version, now=NOW, local=local)
    assert book(uow, agendaris, year=2026, month=11) == ["1", "2", "2a", "2b", "3", "4"]
    assert book(uow, agendaris, year=2026, search="ralat") == ["2b"]
    assert book(uow, agendaris, year=2026, status="batal") == ["2a"]
    reports = letters.find_gaps(uow, agendaris, 2026)
    assert [(r.highest, r.gaps, r.duplicates) for r in reports] == [(4, (), ())]
    with pytest.raises(PermissionDenied):
        letters.save_numbering_settings(uow, agendaris, NumberingSettings())


def test_numbering_settings_and_yearly_reset(uow: SqlAlchemyUnitOfWork, agendaris: Actor,
                                            admin: Actor) -> None:
    letters.save_numbering_settings(uow, admin, NumberingSettings(
        template="{kode}/{nomor}/{unit}/{bulan}/{tahun}", pad=3, scope=letters.CounterScopeKind.UNIT_KIND))
    assert take(uow, agendaris, dt.date(2025, 12, 31)) == "460/001/423.105/XII/2025"
    assert take(uow, agendaris, dt.date(2026, 1, 2)) == "460/001/423.105/I/2026"
    assert take(uow, agendaris, dt.date(2026, 1, 2), code="188",
                kind=LetterKind.KEPUTUSAN) == "188/001/423.105/I/2026"
    assert take(uow, agendaris, dt.date(2026, 1, 3)) == "460/002/423.105/I/2026"
    with pytest.raises(ValidationError) as bad:
        letters.save_numbering_settings(uow, admin, NumberingSettings(template="{kode}/{nomr}"))
    assert "nomr" in bad.value.errors["template"]


def test_the_settings_are_kept_and_audited(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                           agendaris: Actor) -> None:
    assert letters.numbering_settings(uow, agendaris) == NumberingSettings()  # the defaults
    wanted = NumberingSettings(template="B-{nomor}/{kode}/{unit}/{bulan2}/{tahun}", pad=4,
                               unit_code="423.106", scope=CounterScopeKind.UNIT_CODE,
                               suffix_style=SuffixStyle.DOT, insert_needs_approval=True)
    assert configure(uow, admin, **{f.name: getattr(wanted, f.name)
                                    for f in dataclasses.fields(wanted)}) == wanted
    assert letters.numbering_settings(uow, agendaris) == wanted
    assert take(uow, agendaris, dt.date(2026, 11, 2)) == "B-0001/460/423.106/11/2026"
    (entry,) = audit_page(uow, admin, entity="letter_numbering").items
    assert json.loads(entry.after or "")["scope"] == "unit_code"
    assert json.loads(entry.before or "")["template"] == "{kode}/{nomor}/{unit}/{tahun}"
    assert letters.preview_number(wanted, day=dt.date(2026, 2, 1)) == "B-0076/460/423.106/02/2026"


# --------------------------------------------------------------------------- counter scopes


SEQUENCE = [("460", LetterKind.SURAT), ("188", LetterKind.KEPUTUSAN), ("460", LetterKind.SURAT),
            ("188.45", LetterKind.KEPUTUSAN), ("188", LetterKind.SURAT), ("188.4", LetterKind.KEPUTUSAN)]


@pytest.mark.parametrize(("scope", "numbers", "scopes"), [
    (CounterScopeKind.UNIT, [1, 2, 3, 4, 5, 6], [""] * 6),
    (CounterScopeKind.UNIT_KIND, [1, 1, 2, 2, 3, 3],
     [":surat", ":keputusan", ":surat", ":keputusan", ":surat", ":keputusan"]),
    (CounterScopeKind.UNIT_CODE, [1, 1, 2, 1, 2, 1], [":460", ":188", ":460", ":188.45", ":188", ":188.4"]),
])
def test_counter_scopes(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor,
                        scope: CounterScopeKind, numbers: list[int], scopes: list[str]) -> None:
    configure(uow, admin, scope=scope)
    taken = [register(uow, agendaris, dt.date(2026, 11, 2), code=code, kind=kind)
             for code, kind in SEQUENCE]
    assert [x.number for x in taken] == numbers
    assert [x.scope for x in taken] == [SCOPE + s for s in scopes]
    assert [x.full_number for x in taken] == [f"{code}/{n}/423.105/2026"
                                              for (code, _), n in zip(SEQUENCE, numbers, strict=True)]
    highest: dict[str, int] = {}
    for number, suffix in zip(numbers, scopes, strict=True):
        highest[SCOPE + suffix] = max(highest.get(SCOPE + suffix, 0), number)
    assert gaps(uow, agendaris, 2026) == [(s, h, (), ()) for s, h in sorted(highest.items())]


def test_the_same_printed_number_is_never_given_twice(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                      agendaris: Actor) -> None:
    # Letters and decrees counted apart, both coded 188: the format cannot tell them apart, so the
    # second 188/1 is refused (and its number given back) instead of being printed twice.
    configure(uow, admin, scope=CounterScopeKind.UNIT_KIND)
    assert register(uow, agendaris, dt.date(2026, 11, 2), code="188",
                    kind=LetterKind.SURAT).full_number == "188/1/423.105/2026"
    with pytest.raises(ValidationError) as twice:
        register(uow, agendaris, dt.date(2026, 11, 2), code="188", kind=LetterKind.KEPUTUSAN)
    assert "sudah dipakai surat lain" in twice.value.errors["classification_code"]
    assert register(uow, agendaris, dt.date(2026, 11, 2), code="188.45",
                    kind=LetterKind.KEPUTUSAN).full_number == "188.45/1/423.105/2026"
    # A counter per code needs the code in the format.
    with pytest.raises(ValidationError) as no_code:
        configure(uow, admin, scope=CounterScopeKind.UNIT_CODE, template="{nomor}/{tahun}")
    assert "{kode}" in no_code.value.errors["template"]


@pytest.mark.parametrize("scope", list(CounterScopeKind))
def test_numbers_restart_on_the_first_of_january(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                 agendaris: Actor, scope: CounterScopeKind) -> None:
    # (A counter per code needs the code in the format: it comes last, and is cut off here.)
    configure(uow, admin, scope=scope, template="{nomor}/{tahun}/{kode}")

    def short(day: dt.date) -> str:
        return "/".join(take(uow, agendaris, day).split("/")[:2])

    assert short(dt.date(2025, 12, 30)) == "1/2025"
    assert short(dt.date(2025, 12, 31)) == "2/2025"
    assert short(dt.date(2026, 1, 1)) == "1/2026"  # the new year's first number
    assert short(dt.date(2025, 12, 31)) == "3/2025"  # the old year's counter continues
    assert short(dt.date(2026, 1, 1)) == "2/2026"
    assert short(dt.date(2026, 1, 2)) == "3/2026"
    last, first = gaps(uow, agendaris, 2025), gaps(uow, agendaris, 2026)
    assert [(s.split(":")[1], h, g, d) for s, h, g, d in last] == [("2025", 3, (), ())]
    assert [(s.split(":")[1], h, g, d) for s, h, g, d in first] == [("2026", 3, (), ())]
    assert book(uow, agendaris, year=2025) == ["1", "2", "3"]
    assert book(uow, agendaris) == ["1", "2", "3", "1", "2", "3"]  # the year first


def test_a_letter_from_the_first_of_january_is_not_a_sisipan_of_last_year(
        uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    take(uow, agendaris, dt.date(2025, 12, 31))
    # The 2026 scope has no letter yet: the first of January takes 1, not 1a of 2025.
    assert errors_of(insert, uow, agendaris, dt.date(2026, 1, 1)) == {"letter_date": (
        "Belum ada surat bernomor pada atau sebelum 01-01-2026 tahun 2026: ambil nomor biasa.")}
    assert take(uow, agendaris, dt.date(2026, 1, 5)) == "460/1/423.105/2026"
    assert errors_of(insert, uow, agendaris, dt.date(2026, 1, 2))["letter_date"].startswith(
        "Belum ada surat bernomor pada atau sebelum 02-01-2026")
    assert insert(uow, agendaris, dt.date(2025, 12, 31)).full_number == "460/1a/423.105/2025"


# --------------------------------------------------------------------------- nomor sisipan


def test_sisipan_takes_the_last_number_issued_on_or_before_its_date(
        uow: SqlAlchemyUnitOfWork, agendaris: Actor, admin: Actor) -> None:
    for day in (2, 5, 10):
        register(uow, agendaris, dt.date(2026, 11, day))
    on_the_day = insert(uow, agendaris, dt.date(2026, 11, 5), reason="  surat   susulan ")
    assert (on_the_day.number, on_the_day.suffix, on_the_day.full_number) == (2, "a", "460/2a/423.105/2026")
    assert (on_the_day.is_insert, on_the_day.insert_reason, on_the_day.insert_approval) == (
        True, "surat susulan", "disetujui")
    assert on_the_day.scope == SCOPE and on_the_day.year == 2026
    assert insert(uow, agendaris, dt.date(2026, 11, 9)).number_text == "2b"
    assert insert(uow, agendaris, dt.date(2026, 11, 4)).number_text == "1a"
    assert insert(uow, agendaris, dt.date(2026, 11, 10)).number_text == "3a"
    # A voided sisipan's suffix is never given again.
    letters.void_letter(uow, agendaris, on_the_day.id, "salah tanggal",
                        expected_version=on_the_day.version, now=NOW)
    assert insert(uow, agendaris, dt.date(2026, 11, 6)).number_text == "2c"
    # The main counter never moved.
    assert take(uow, agendaris, dt.date(2026, 11, 20)) == "460/4/423.105/2026"
    assert book(uow, agendaris, year=2026) == ["1", "1a", "2", "2a", "2c", "2b", "3", "3a", "4"]
    assert book(uow, agendaris, year=2026, status="sisipan") == ["1a", "2a", "2c", "2b", "3a"]
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 4, (), ())]
    created = [e for e in letter_audit(uow, admin) if e.action == "create"]
    assert created[-4].summary == "Nomor sisipan 460/2a/423.105/2026 diambil (surat susulan)"
    assert json.loads(created[-4].after or "")["reason"] == "surat susulan"


def test_sisipan_needs_a_reason(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    register(uow, agendaris, dt.date(2026, 11, 2))
    register(uow, agendaris, dt.date(2026, 11, 10))  # the 3rd is earlier than the latest letter
    for reason in ("", "   \n\t "):
        assert errors_of(insert, uow, agendaris, dt.date(2026, 11, 3), reason=reason) == {
            "reason": "Alasan nomor sisipan wajib diisi."}
    assert errors_of(insert, uow, agendaris, dt.date(2026, 11, 3), reason="x" * 501) == {
        "reason": "Alasan paling panjang 500 karakter."}
    assert insert(uow, agendaris, dt.date(2026, 11, 3), reason="x" * 500).insert_reason == "x" * 500
    # The reason's error comes with the fields' errors.
    assert errors_of(insert, uow, agendaris, dt.date(2026, 11, 3), reason="", subject="") == {
        "reason": "Alasan nomor sisipan wajib diisi.", "subject": "Perihal wajib diisi."}
    assert book(uow, agendaris, year=2026) == ["1", "1a", "2"]


def test_sisipan_is_refused_before_the_first_letter_of_the_year(uow: SqlAlchemyUnitOfWork,
                                                                agendaris: Actor) -> None:
    assert errors_of(insert, uow, agendaris, dt.date(2026, 11, 1)) == {"letter_date": (
        "Belum ada surat bernomor pada atau sebelum 01-11-2026 tahun 2026: ambil nomor biasa.")}
    register(uow, agendaris, dt.date(2026, 11, 5))
    assert "letter_date" in errors_of(insert, uow, agendaris, dt.date(2026, 11, 4))
    assert book(uow, agendaris) == ["1"]
    assert take(uow, agendaris, dt.date(2026, 11, 6)) == "460/2/423.105/2026"


def test_sisipan_in_the_dot_style(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor) -> None:
    configure(uow, admin, suffix_style=SuffixStyle.DOT, pad=3)
    register(uow, agendaris, dt.date(2026, 11, 2))
    register(uow, agendaris, dt.date(2026, 11, 5))
    assert insert(uow, agendaris, dt.date(2026, 11, 3)).full_number == "460/001.1/423.105/2026"
    second = insert(uow, agendaris, dt.date(2026, 11, 4), code="188")
    assert (second.number, second.suffix, second.full_number) == (1, ".2", "188/001.2/423.105/2026")
    # A letter dated after the latest one is not a sisipan: it takes the next number.
    assert "letter_date" in errors_of(insert, uow, agendaris, dt.date(2026, 11, 6))
    assert insert(uow, agendaris, dt.date(2026, 11, 5)).number_text == "2.1"
    assert take(uow, agendaris, dt.date(2026, 11, 6)) == "460/003/423.105/2026"
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 3, (), ())]


def test_sisipan_in_a_scope_per_code(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor) -> None:
    configure(uow, admin, scope=CounterScopeKind.UNIT_CODE)
    register(uow, agendaris, dt.date(2026, 11, 2), code="460")
    register(uow, agendaris, dt.date(2026, 11, 4), code="188")
    register(uow, agendaris, dt.date(2026, 11, 6), code="460")
    register(uow, agendaris, dt.date(2026, 11, 6), code="188")
    assert insert(uow, agendaris, dt.date(2026, 11, 5), code="460").full_number == "460/1a/423.105/2026"
    assert insert(uow, agendaris, dt.date(2026, 11, 5), code="188").full_number == "188/1a/423.105/2026"
    assert "letter_date" in errors_of(insert, uow, agendaris, dt.date(2026, 11, 3), code="188")


def test_sisipan_waits_for_the_admin_when_the_office_says_so(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                             agendaris: Actor) -> None:
    register(uow, agendaris, dt.date(2026, 11, 2))
    register(uow, agendaris, dt.date(2026, 11, 6))
    assert insert(uow, agendaris, dt.date(2026, 11, 3)).insert_approval == "disetujui"  # setting off
    configure(uow, admin, insert_needs_approval=True)
    waiting = insert(uow, agendaris, dt.date(2026, 11, 4))
    assert (waiting.number_text, waiting.insert_approval) == ("1b", "menunggu")
    assert letter_audit(uow, admin)[0].summary == ("Nomor sisipan 460/1b/423.105/2026 diambil "
                                                   "(surat susulan); menunggu persetujuan admin")
    by_admin = insert(uow, admin, dt.date(2026, 11, 5))
    assert (by_admin.number_text, by_admin.insert_approval) == ("1c", "disetujui")
    assert book(uow, agendaris, status="menunggu") == ["1b"]
    assert book(uow, admin, status="sisipan") == ["1a", "1b", "1c"]

    with pytest.raises(PermissionDenied):
        letters.approve_insert(uow, agendaris, waiting.id, expected_version=waiting.version, now=NOW)
    with pytest.raises(ConflictError):
        letters.approve_insert(uow, admin, waiting.id, expected_version=waiting.version + 1, now=NOW)
    approved = letters.approve_insert(uow, admin, waiting.id, expected_version=waiting.version, now=NOW)
    assert (approved.insert_approval, approved.version, approved.full_number) == (
        "disetujui", waiting.version + 1, waiting.full_number)
    assert letter_audit(uow, admin)[0].summary == "Nomor sisipan 460/1b/423.105/2026 disetujui"
    assert book(uow, agendaris, status="menunggu") == []
    assert errors_of(letters.approve_insert, uow, admin, waiting.id, expected_version=approved.version,
                     now=NOW) == {"status": "Surat ini tidak menunggu persetujuan."}
    main = letters.agenda_page(uow, admin, LetterFilter(year=2026)).items[0]
    assert errors_of(letters.approve_insert, uow, admin, main.id, expected_version=main.version,
                     now=NOW) == {"status": "Surat ini tidak menunggu persetujuan."}
    with pytest.raises(NotFound):
        letters.approve_insert(uow, admin, 9999, expected_version=1, now=NOW)


def test_sisipan_keep_their_order_in_the_book(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                             agendaris: Actor) -> None:
    """Sisipan of one number and date are listed as they were issued: 76.2 before 76.10, 76z
    before 76aa (not in the text order of their suffixes)."""
    configure(uow, admin, suffix_style=SuffixStyle.DOT)
    register(uow, agendaris, dt.date(2026, 10, 1))
    for _ in range(11):
        insert(uow, agendaris, dt.date(2026, 10, 1))
    configure(uow, admin, suffix_style=SuffixStyle.LETTER)
    register(uow, agendaris, dt.date(2026, 10, 2))
    for _ in range(27):
        insert(uow, agendaris, dt.date(2026, 10, 2))
    issued = (["1"] + [f"1.{i}" for i in range(1, 12)] + ["2"]
              + [f"2{chr(ord('a') + i)}" for i in range(26)] + ["2aa"])
    assert book(uow, agendaris, year=2026) == issued
    assert [x.number_text for x in letters.register_data(uow, agendaris, 2026, 10, now=NOW,
                                                         local=local).letters] == issued


def test_a_voided_sisipan_no_longer_waits_for_approval(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                      agendaris: Actor) -> None:
    register(uow, agendaris, dt.date(2026, 11, 2))
    register(uow, agendaris, dt.date(2026, 11, 10))
    configure(uow, admin, insert_needs_approval=True)
    waiting = insert(uow, agendaris, dt.date(2026, 11, 3))
    assert book(uow, admin, status="menunggu") == ["1a"]
    voided = letters.void_letter(uow, agendaris, waiting.id, "tidak jadi dikirim",
                                 expected_version=waiting.version, now=NOW)
    # Nothing is left to approve: the admin's list of waiting sisipan no longer shows it, and
    # approving it is refused.
    assert book(uow, admin, status="menunggu") == []
    with pytest.raises(ValidationError):
        letters.approve_insert(uow, admin, voided.id, expected_version=voided.version, now=NOW)


# --------------------------------------------------------------------------- voiding


def test_a_voided_number_is_never_reused_and_stays_in_the_book(uow: SqlAlchemyUnitOfWork,
                                                               agendaris: Actor, admin: Actor) -> None:
    register(uow, agendaris, dt.date(2026, 11, 2))
    second = register(uow, agendaris, dt.date(2026, 11, 3))
    assert errors_of(letters.void_letter, uow, agendaris, second.id, " \n ",
                     expected_version=second.version) == {"reason": "Alasan pembatalan wajib diisi."}
    assert errors_of(letters.void_letter, uow, agendaris, second.id, "x" * 501,
                     expected_version=second.version) == {"reason": "Alasan paling panjang 500 karakter."}
    with pytest.raises(ConflictError):
        letters.void_letter(uow, agendaris, second.id, "salah", expected_version=second.version + 1)
    with pytest.raises(NotFound):
        letters.void_letter(uow, agendaris, 9999, "salah", expected_version=1)
    assert letters.get_letter(uow, agendaris, second.id) == second  # nothing changed so far

    voided = letters.void_letter(uow, agendaris, second.id, "  salah   alamat ",
                                 expected_version=second.version, now=NOW)
    assert (voided.status, voided.void_reason, voided.voided_by_name, voided.voided_at) == (
        "batal", "salah alamat", "Sri Agendaris", NOW)
    assert (voided.full_number, voided.version) == (second.full_number, second.version + 1)
    assert letters.get_letter(uow, admin, second.id) == voided

    assert take(uow, agendaris, dt.date(2026, 11, 3)) == "460/3/423.105/2026"  # 2 is not given again
    assert book(uow, agendaris, year=2026) == ["1", "2", "3"]
    assert book(uow, agendaris, year=2026, status="batal") == ["2"]
    assert book(uow, agendaris, year=2026, status="aktif") == ["1", "3"]
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 3, (), ())]  # a voided number is used, not missing

    assert errors_of(letters.void_letter, uow, admin, second.id, "lagi",
                     expected_version=voided.version) == {
        "status": "Nomor 460/2/423.105/2026 sudah dibatalkan."}
    assert errors_of(letters.edit_letter, uow, agendaris, second.id, fields(dt.date(2026, 11, 3)),
                     expected_version=voided.version, now=NOW, local=local) == {
        "status": "Surat yang dibatalkan tidak diubah lagi."}
    entry = letter_audit(uow, admin)[1]
    assert entry.summary == "Nomor 460/2/423.105/2026 dibatalkan: salah alamat"
    assert (entry.actor_username, entry.entity_id, entry.occurred_at) == ("agenda", str(second.id), NOW)
    assert json.loads(entry.before or "") == {"status": "aktif"}
    assert json.loads(entry.after or "") == {"status": "batal", "reason": "salah alamat"}


# --------------------------------------------------------------------------- editing


def test_editing_keeps_the_number_and_audits_each_change(uow: SqlAlchemyUnitOfWork, agendaris: Actor,
                                                         admin: Actor) -> None:
    day = dt.date(2026, 11, 2)
    letter = register(uow, agendaris, day, bidang_code="linjamsos", signatory="Kepala Dinas")
    later = dt.datetime(2026, 11, 21, 8, 0, tzinfo=WIB)
    edited = letters.edit_letter(
        uow, agendaris, letter.id,
        fields(day, subject=" Undangan rapat (ralat) ", addressee_institution="Kecamatan Panggungrejo",
               nature=Nature.SEGERA, attachments=2, sent_date=dt.date(2026, 11, 3),
               bidang_code="linjamsos", signatory="Kepala Dinas", notes="dikirim lewat kurir"),
        expected_version=letter.version, now=later, local=local)
    assert (edited.id, edited.number, edited.suffix, edited.full_number, edited.scope) == (
        letter.id, letter.number, letter.suffix, letter.full_number, letter.scope)
    assert (edited.subject, edited.addressee_institution, edited.nature, edited.attachments,
            edited.sent_date, edited.notes) == ("Undangan rapat (ralat)", "Kecamatan Panggungrejo",
                                                "segera", 2, dt.date(2026, 11, 3), "dikirim lewat kurir")
    assert (edited.version, edited.updated_at, edited.created_at) == (letter.version + 1, later,
                                                                      letter.created_at)
    entry = letter_audit(uow, admin)[0]
    assert (entry.action, entry.entity_id, entry.actor_username, entry.occurred_at) == (
        "update", str(letter.id), "agenda", later)
    assert entry.summary == (f"Surat {letter.full_number} diubah: sent_date, addressee_institution, "
                             "subject, nature, attachments, notes")
    assert json.loads(entry.before or "") == {
        "sent_date": None, "addressee_institution": "", "subject": "Undangan rapat koordinasi PKH",
        "nature": "biasa", "attachments": 0, "notes": ""}
    assert json.loads(entry.after or "") == {
        "sent_date": "2026-11-03", "addressee_institution": "Kecamatan Panggungrejo",
        "subject": "Undangan rapat (ralat)", "nature": "segera", "attachments": 2,
        "notes": "dikirim lewat kurir"}

    # What the number is made of cannot change: void the letter and take a new number instead.
    for change, field in (({"kind": LetterKind.KEPUTUSAN}, "kind"), ({"code": "188"}, "classification_code")):
        assert errors_of(letters.edit_letter, uow, agendaris, letter.id,
                         fields(day, subject="Undangan rapat (ralat)", **change),
                         expected_version=edited.version, now=later, local=local) == {
            field: "Bagian ini membentuk nomor surat dan tidak dapat diubah. Batalkan surat ini lalu "
                   "ambil nomor baru."}
    # Nor the date: it stays the one the number was taken with (refused, not silently kept).
    assert errors_of(letters.edit_letter, uow, agendaris, letter.id,
                     fields(dt.date(2026, 11, 1), subject="Undangan rapat (ralat)",
                            bidang_code="linjamsos", signatory="Kepala Dinas"),
                     expected_version=edited.version, now=later, local=local) == {
        "letter_date": "Bagian ini membentuk nomor surat dan tidak dapat diubah. Batalkan surat ini lalu "
                       "ambil nomor baru."}
    redated = edited
    # The fields are checked like new ones; nothing is saved then.
    assert errors_of(letters.edit_letter, uow, agendaris, letter.id, fields(day, subject=""),
                     expected_version=redated.version, now=later, local=local) == {
        "subject": "Perihal wajib diisi."}
    assert errors_of(letters.edit_letter, uow, agendaris, letter.id,
                     fields(day, related_application="26-999999-0"),
                     expected_version=redated.version, now=later, local=local) == {
        "related_application": "Nomor registrasi permohonan tidak ditemukan."}
    assert letters.get_letter(uow, agendaris, letter.id) == redated
    with pytest.raises(NotFound):
        letters.edit_letter(uow, agendaris, 9999, fields(day), expected_version=1, now=later, local=local)


def test_an_edit_without_a_change_leaves_no_audit_entry(uow: SqlAlchemyUnitOfWork, agendaris: Actor,
                                                        admin: Actor) -> None:
    letter = register(uow, agendaris, dt.date(2026, 11, 2))
    before = len(letter_audit(uow, admin))
    same = letters.edit_letter(uow, agendaris, letter.id, fields(dt.date(2026, 11, 2)),
                               expected_version=letter.version, now=NOW, local=local)
    assert same.subject == letter.subject
    assert len(letter_audit(uow, admin)) == before


def test_two_workstations_edit_the_same_letter(uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork,
                                               agendaris: Actor) -> None:
    day = dt.date(2026, 11, 2)
    letter = register(uow, agendaris, day)
    here = letters.get_letter(uow, agendaris, letter.id)
    there = letters.get_letter(other_uow, agendaris, letter.id)
    assert here == there
    saved = letters.edit_letter(uow, agendaris, letter.id, fields(day, subject="Dari meja satu"),
                                expected_version=here.version, now=NOW, local=local)
    with pytest.raises(ConflictError):
        letters.edit_letter(other_uow, agendaris, letter.id, fields(day, subject="Dari meja dua"),
                            expected_version=there.version, now=NOW, local=local)
    with pytest.raises(ConflictError):
        letters.void_letter(other_uow, agendaris, letter.id, "batal", expected_version=there.version)
    assert letters.get_letter(other_uow, agendaris, letter.id) == saved  # the first edit stands
    again = letters.edit_letter(other_uow, agendaris, letter.id, fields(day, subject="Dari meja dua"),
                                expected_version=saved.version, now=NOW, local=local)
    assert (again.subject, again.version) == ("Dari meja dua", saved.version + 1)


def test_a_related_application(catalog_uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor,
                               clerk: Actor) -> None:
    uow = catalog_uow
    app_id = _registered(uow, clerk)
    with uow.read_only():
        application = uow.applications.get(app_id)
    assert application is not None and application.tracking_number
    number = application.tracking_number
    letter = register(uow, agendaris, dt.date(2026, 11, 2), related_application=f" {number} ")
    assert (letter.related_application_id, letter.related_application_number) == (app_id, number)
    cleared = letters.edit_letter(uow, agendaris, letter.id, fields(dt.date(2026, 11, 2)),
                                  expected_version=letter.version, now=NOW, local=local)
    assert (cleared.related_application_id, cleared.related_application_number) == (None, "")
    entry = letter_audit(uow, admin)[0]
    assert json.loads(entry.before or "") == {"related_application": number}
    assert json.loads(entry.after or "") == {"related_application": ""}


def test_the_scan_of_the_sent_letter(uow: SqlAlchemyUnitOfWork, agendaris: Actor, pimpinan: Actor,
                                     clerk: Actor) -> None:
    letter = register(uow, agendaris, dt.date(2026, 11, 2))
    with pytest.raises(NotFound):
        letters.scan_content(uow, pimpinan, letter.id)
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 10
    assert errors_of(letters.attach_scan, uow, agendaris, letter.id, "surat.png", b"\x89PNG",
                     expected_version=letter.version) == {"scan": "Hanya berkas PDF yang dapat dilampirkan."}
    assert errors_of(letters.attach_scan, uow, agendaris, letter.id, "besar.pdf",
                     b"%PDF-" + b"x" * (10 * 1024 * 1024), expected_version=letter.version) == {
        "scan": "Berkas terlalu besar (paling besar 10 MB)."}
    with pytest.raises(PermissionDenied):
        letters.attach_scan(uow, pimpinan, letter.id, "surat.pdf", pdf, expected_version=letter.version)
    saved = letters.attach_scan(uow, agendaris, letter.id, "C:\\Pindai\\surat 1.pdf", pdf,
                                expected_version=letter.version, now=NOW)
    assert (saved.scan_filename, saved.version, saved.full_number) == (
        "surat 1.pdf", letter.version + 1, letter.full_number)
    assert letters.scan_content(uow, pimpinan, letter.id) == pdf
    with pytest.raises(PermissionDenied):
        letters.scan_content(uow, clerk, letter.id)
    with pytest.raises(ConflictError):
        letters.attach_scan(uow, agendaris, letter.id, "lagi.pdf", pdf, expected_version=letter.version)


# --------------------------------------------------------------------------- failures leave no gap


def test_a_failed_save_gives_its_number_back(uow: SqlAlchemyUnitOfWork, agendaris: Actor,
                                             admin: Actor) -> None:
    assert take(uow, agendaris, dt.date(2026, 11, 10)) == "460/1/423.105/2026"
    failures = [
        # refused before the counter is asked
        ({"related_application": "26-999999-0"}, "related_application"),
        ({"related_application": "bukan nomor"}, "related_application"),
        ({"code": "470"}, "classification_code"),
        ({"code": "4x0"}, "classification_code"),
        ({"subject": ""}, "subject"),
        # refused after the counter gave the next number (the earlier-date rule)
        ({"day": dt.date(2026, 11, 9)}, "letter_date"),
    ]
    for change, field in failures:
        day = change.pop("day", dt.date(2026, 11, 12))
        assert field in errors_of(register, uow, agendaris, day, **change)
    assert take(uow, agendaris, dt.date(2026, 11, 12)) == "460/2/423.105/2026"
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 2, (), ())]
    assert book(uow, agendaris) == ["1", "2"]
    assert [e.summary for e in letter_audit(uow, admin) if e.action == "create"] == [
        "Nomor surat 460/2/423.105/2026 diambil: Undangan rapat koordinasi PKH",
        "Nomor surat 460/1/423.105/2026 diambil: Undangan rapat koordinasi PKH"]


def test_the_earlier_date_message(uow: SqlAlchemyUnitOfWork, agendaris: Actor, admin: Actor) -> None:
    first = register(uow, agendaris, dt.date(2026, 11, 10))
    assert errors_of(register, uow, agendaris, dt.date(2026, 11, 9)) == {"letter_date": (
        "Surat nomor 1 sudah bertanggal 10-11-2026. Surat bertanggal lebih awal memakai nomor sisipan.")}
    second = register(uow, agendaris, dt.date(2026, 11, 10))  # the same day is fine
    assert second.full_number == "460/2/423.105/2026"
    # The refused letter left nothing behind: no letter, no audit entry; each letter written has
    # its own entry, naming it.
    assert book(uow, agendaris) == ["1", "2"]
    assert [(e.entity_id, e.actor_username, e.summary) for e in letter_audit(uow, admin)] == [
        (str(second.id), agendaris.username,
         "Nomor surat 460/2/423.105/2026 diambil: Undangan rapat koordinasi PKH"),
        (str(first.id), agendaris.username,
         "Nomor surat 460/1/423.105/2026 diambil: Undangan rapat koordinasi PKH")]
    assert json.loads(letter_audit(uow, admin)[0].after or "") == {
        "number": "460/2/423.105/2026", "date": "2026-11-10",
        "subject": "Undangan rapat koordinasi PKH", "addressee": "Camat Panggungrejo"}


def test_a_letter_dated_after_today_is_refused(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    # NOW is 20 November 2026, 09:00 WIB (02:00 UTC): the office's day counts, not UTC's.
    assert take(uow, agendaris, dt.date(2026, 11, 20)) == "460/1/423.105/2026"
    assert errors_of(register, uow, agendaris, dt.date(2026, 11, 21)) == {
        "letter_date": "Tanggal surat tidak boleh sesudah hari ini."}
    early = dt.datetime(2026, 11, 20, 1, 0, tzinfo=WIB)  # still the 19th in UTC
    assert letters.register_letter(uow, agendaris, fields(dt.date(2026, 11, 20)), now=early,
                                   local=local).number == 2
    assert "letter_date" in errors_of(letters.register_letter, uow, agendaris,
                                      fields(dt.date(2026, 11, 21)), now=early, local=local)


# What the database cannot hold (bidang VARCHAR(32), code VARCHAR(40), suffix VARCHAR(8), number
# VARCHAR(120)) must be a ValidationError or a problem of its row, never a database error
# (PostgreSQL refuses it with a DataError; SQLite would store it).


def test_an_overlong_bidang_code_is_refused(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    assert "bidang_code" in errors_of(register, uow, agendaris, dt.date(2026, 11, 2), bidang_code="x" * 33)
    assert register(uow, agendaris, dt.date(2026, 11, 2), bidang_code="x" * 32).number == 1


def test_an_overlong_classification_code_is_refused(uow: SqlAlchemyUnitOfWork, admin: Actor) -> None:
    longest = "100" + ".1234" * 7  # 38 characters
    assert letters.add_classification(uow, admin, ci("lama", longest, "Panjang")).code == longest
    assert "code" in errors_of(letters.add_classification, uow, admin,
                               ci("lama", "100" + ".1234" * 8, "Terlalu panjang"))  # 43 characters


def test_overlong_imported_values_are_problems_of_their_rows(uow: SqlAlchemyUnitOfWork, admin: Actor) -> None:
    rows = [old(2, 10, "", dt.date(2026, 10, 1)),
            old(3, 10, "abcdefghi", dt.date(2026, 10, 1)),  # a suffix of 9 characters
            dataclasses.replace(old(4, 11, "", dt.date(2026, 10, 2)), full_number="4" * 121),
            old(5, 12, "", dt.date(2026, 10, 3), bidang_code="y" * 33)]
    preview = letters.import_agenda(uow, admin, rows, apply=True, now=NOW, local=local)
    assert sorted({p.row for p in preview.problems}) == [3, 4, 5]
    assert book(uow, admin) == []


# --------------------------------------------------------------------------- permissions


def test_who_may_do_what(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor, clerk: Actor,
                         pimpinan: Actor) -> None:
    day = dt.date(2026, 11, 2)
    letter = register(uow, admin, day)  # the admin may take numbers too
    for nobody in (clerk, pimpinan):
        with pytest.raises(PermissionDenied):
            register(uow, nobody, day)
        with pytest.raises(PermissionDenied):
            insert(uow, nobody, day)
        with pytest.raises(PermissionDenied):
            letters.void_letter(uow, nobody, letter.id, "x", expected_version=letter.version)
        with pytest.raises(PermissionDenied):
            letters.edit_letter(uow, nobody, letter.id, fields(day), expected_version=letter.version,
                                now=NOW, local=local)
        with pytest.raises(PermissionDenied):
            letters.approve_insert(uow, nobody, letter.id, expected_version=letter.version)
        with pytest.raises(PermissionDenied):
            letters.import_agenda(uow, nobody, [], apply=False, now=NOW, local=local)
        with pytest.raises(PermissionDenied):
            letters.add_classification(uow, nobody, ClassificationInput("lama", "460.1", "x"))
        with pytest.raises(PermissionDenied):
            letters.save_numbering_settings(uow, nobody, NumberingSettings())
    # The front office does not even read the book; the head of office does.
    for read in (lambda a: letters.agenda_page(uow, a, LetterFilter()),
                 lambda a: letters.get_letter(uow, a, letter.id),
                 lambda a: letters.find_gaps(uow, a, 2026),
                 lambda a: letters.register_data(uow, a, 2026, 11, now=NOW, local=local),
                 lambda a: letters.list_classifications(uow, a),
                 lambda a: letters.numbering_settings(uow, a)):
        with pytest.raises(PermissionDenied):
            read(clerk)
        read(pimpinan)
        read(agendaris)
    assert book(uow, pimpinan, year=2026) == ["1"]
    assert letters.get_letter(uow, pimpinan, letter.id) == letter
    assert [x.number_text for x in letters.register_data(uow, pimpinan, 2026, 11, now=NOW,
                                                         local=local).letters] == ["1"]
    # The admin's tasks are the admin's alone.
    with pytest.raises(PermissionDenied):
        letters.add_classification(uow, agendaris, ClassificationInput("lama", "460.1", "x"))
    with pytest.raises(PermissionDenied):
        letters.import_classifications(uow, agendaris, [], apply=False)
    with pytest.raises(PermissionDenied):
        letters.save_numbering_settings(uow, agendaris, NumberingSettings())
    assert book(uow, admin) == ["1"]  # nothing refused was written


# --------------------------------------------------------------------------- the book on screen


@pytest.fixture
def filled(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor) -> dict[str, LetterDTO]:
    """A small book: one letter of 2025, five of 2026 (one voided) and a sisipan that waits."""
    made = {
        "old": register(uow, agendaris, dt.date(2025, 12, 15), subject="Laporan akhir tahun",
                        bidang_code="rehsos"),
        "1": register(uow, agendaris, dt.date(2026, 10, 5), bidang_code="linjamsos"),
        "2": register(uow, agendaris, dt.date(2026, 10, 20), code="188.45", kind=LetterKind.KEPUTUSAN,
                      subject="Penetapan penerima bantuan", addressee_name="",
                      addressee_institution="Bappeda Kota Pasuruan", bidang_code="rehsos"),
        "3": register(uow, agendaris, dt.date(2026, 11, 2), code="188", subject="Pemberitahuan 100% hadir",
                      addressee_name="Lurah Bugul Kidul", bidang_code="linjamsos"),
        "4": register(uow, agendaris, dt.date(2026, 11, 3), code="188.4", subject="Surat tugas",
                      addressee_name="Tim_Verifikasi"),
        "5": register(uow, agendaris, dt.date(2026, 11, 5), code="461",
                      subject="Rehabilitasi penyandang disabilitas", addressee_name="Panti Sosial"),
    }
    made["3"] = letters.void_letter(uow, agendaris, made["3"].id, "dobel", expected_version=made["3"].version)
    configure(uow, admin, insert_needs_approval=True)
    made["3a"] = insert(uow, agendaris, dt.date(2026, 11, 2), subject="Undangan susulan")
    return made


FILTER_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["1", "1", "2", "3", "3a", "4", "5"]),
    ({"year": 2025}, ["1"]),
    ({"year": 2026}, ["1", "2", "3", "3a", "4", "5"]),
    ({"year": 2024}, []),
    ({"year": 2026, "month": 10}, ["1", "2"]),
    ({"year": 2026, "month": 11}, ["3", "3a", "4", "5"]),
    ({"year": 2025, "month": 12}, ["1"]),
    ({"year": 2026, "month": 12}, []),
    ({"year": 2026, "classification_code": "188"}, ["2", "3", "4"]),  # 188.45 and 188.4 are under 188
    ({"year": 2026, "classification_code": "188.45"}, ["2"]),
    ({"year": 2026, "classification_code": "460"}, ["1", "3a"]),
    ({"year": 2026, "classification_code": "46"}, []),  # a code, not a text prefix
    ({"year": 2026, "classification_code": "18"}, []),
    ({"year": 2026, "classification_code": ""}, ["1", "2", "3", "3a", "4", "5"]),
    ({"bidang_code": "linjamsos"}, ["1", "3"]),
    ({"bidang_code": "rehsos"}, ["1", "2"]),
    ({"year": 2026, "bidang_code": "rehsos"}, ["2"]),
    ({"year": 2026, "status": "aktif"}, ["1", "2", "3a", "4", "5"]),
    ({"year": 2026, "status": "batal"}, ["3"]),
    ({"year": 2026, "status": "sisipan"}, ["3a"]),
    ({"year": 2026, "status": "menunggu"}, ["3a"]),
    ({"year": 2026, "search": "pkh"}, ["1"]),  # the subject, whatever the case
    ({"year": 2026, "search": "PANGGUNGREJO"}, ["1", "3a"]),  # the addressee's name
    ({"year": 2026, "search": "bappeda KOTA"}, ["2"]),  # the addressee's institution
    ({"year": 2026, "search": "  undangan  "}, ["1", "3a"]),
    ({"year": 2026, "search": "100%"}, ["3"]),
    ({"year": 2026, "search": "%"}, ["3"]),  # LIKE's wildcards are plain text
    ({"year": 2026, "search": "_"}, ["4"]),
    ({"year": 2026, "search": "3a/423"}, ["3a"]),  # the number, too
    ({"year": 2026, "search": "tidak ada"}, []),
    ({"year": 2026, "month": 11, "classification_code": "188", "status": "aktif"}, ["4"]),
    ({"year": 2026, "search": "undangan", "status": "sisipan"}, ["3a"]),
]


def test_the_book_filters(filled: dict[str, LetterDTO], uow: SqlAlchemyUnitOfWork, pimpinan: Actor) -> None:
    """Every filter on one book (building it once per backend keeps this fast)."""
    found = {repr(wanted): book(uow, pimpinan, **wanted) for wanted, _ in FILTER_CASES}
    assert found == {repr(wanted): expected for wanted, expected in FILTER_CASES}


def test_the_book_pages(filled: dict[str, LetterDTO], uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    def page(limit: int, offset: int) -> tuple[list[str], int, bool]:
        found = letters.agenda_page(uow, agendaris, LetterFilter(year=2026), limit=limit, offset=offset)
        assert found.offset == offset
        return [x.number_text for x in found.items], found.total, found.total_capped

    assert page(2, 0) == (["1", "2"], 3, True)  # total: one beyond the page (there is more)
    assert page(2, 2) == (["3", "3a"], 5, True)
    assert page(2, 4) == (["4", "5"], 6, False)  # the last page: exact
    assert page(4, 4) == (["4", "5"], 6, False)
    assert page(6, 0) == (["1", "2", "3", "3a", "4", "5"], 6, False)
    assert page(2, 6) == ([], 6, False)
    assert page(0, 0) == (["1"], 2, True)  # at least one row per page
    assert page(10_000, 0)[0] == ["1", "2", "3", "3a", "4", "5"]
    letter = letters.agenda_page(uow, agendaris, LetterFilter(year=2026, search="bappeda")).items[0]
    assert letter == filled["2"]
    assert (letter.kind, letter.classification_code, letter.created_by_name) == (
        "keputusan", "188.45", "Sri Agendaris")


def test_many_pages_stay_in_the_book_order(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    for i in range(12):
        register(uow, agendaris, dt.date(2026, 1, 1) + dt.timedelta(days=i // 3))
    seen: list[int] = []
    offset = 0
    while True:
        found = letters.agenda_page(uow, agendaris, LetterFilter(year=2026), limit=5, offset=offset)
        seen += [x.number for x in found.items]
        offset += len(found.items)
        if not found.total_capped:
            assert found.total == 12
            break
    assert seen == list(range(1, 13))


# --------------------------------------------------------------------------- classification codes


def ci(code_set: str, code: str, name: str, valid_from: dt.date | None = None,
       valid_to: dt.date | None = None) -> ClassificationInput:
    return ClassificationInput(code_set, code, name, valid_from, valid_to)


def test_the_seeded_codes(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    found = [(c.code_set, c.code, c.name) for c in letters.list_classifications(uow, agendaris)]
    assert sorted(found) == sorted(seeded_classifications())  # the fake seeds the same codes
    old = letters.list_classifications(uow, agendaris, letters.CodeSet.OLD)
    new = letters.list_classifications(uow, agendaris, letters.CodeSet.NEW)
    assert (len(old), len(new)) == (23, 10)
    assert [c.code for c in new] == ["000", "100", "200", "300", "400", "500", "600", "700", "800", "900"]
    assert {"188", "188.4", "188.45", "460", "469"} <= {c.code for c in old}
    assert all(c.valid_from is None and c.valid_to is None and c.version == 1 for c in old + new)


def test_add_and_edit_classification_codes(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                           agendaris: Actor) -> None:
    added = letters.add_classification(uow, admin, ci("lama", " 460.1 ", " Bantuan   sosial "), now=NOW)
    assert (added.code_set, added.code, added.name, added.version) == ("lama", "460.1", "Bantuan sosial", 1)
    assert errors_of(letters.add_classification, uow, admin, ci("lama", "460.1", "lagi")) == {
        "code": "Kode 460.1 sudah ada di daftar ini."}
    assert letters.add_classification(uow, admin, ci("baru", "460.1", "Sosial")).code_set == "baru"
    assert errors_of(letters.add_classification, uow, admin, ClassificationInput("x", "46", " ")) == {
        "code_set": "Pilih kode lama atau kode baru.",
        "code": "Kode klasifikasi: tiga angka, lalu bagian bertitik bila ada (mis. 188, 460, 000.8.3.3).",
        "name": "Nama klasifikasi wajib diisi."}
    assert errors_of(letters.add_classification, uow, admin, ClassificationInput(
        "lama", "460.2", "x" * 301)) == {"name": "Nama paling panjang 300 karakter."}
    assert errors_of(letters.add_classification, uow, admin, ClassificationInput(
        "lama", "460.2", "Sosial", dt.date(2026, 2, 1), dt.date(2026, 1, 31))) == {
        "valid_to": "Akhir berlaku tidak boleh sebelum awal berlaku."}
    # A new code is usable at once.
    assert take(uow, agendaris, dt.date(2026, 11, 2), code="460.1") == "460.1/1/423.105/2026"

    edited = letters.edit_classification(uow, admin, added.id, ClassificationInput(
        "lama", "460.1", "Bantuan sosial tunai", None, dt.date(2026, 12, 31)),
        expected_version=added.version, now=NOW)
    assert (edited.code, edited.name, edited.valid_to, edited.version) == (
        "460.1", "Bantuan sosial tunai", dt.date(2026, 12, 31), 2)
    with pytest.raises(ConflictError):
        letters.edit_classification(uow, admin, added.id, ClassificationInput("lama", "460.1", "x"),
                                    expected_version=added.version, now=NOW)
    with pytest.raises(NotFound):
        letters.edit_classification(uow, admin, 9999, ClassificationInput("lama", "460.1", "x"),
                                    expected_version=1, now=NOW)
    with pytest.raises(PermissionDenied):
        letters.edit_classification(uow, agendaris, added.id, ClassificationInput("lama", "460.1", "x"),
                                    expected_version=edited.version, now=NOW)
    entry = audit_page(uow, admin, entity="classification").items[0]
    assert entry.summary == "Kode klasifikasi 460.1 diubah"
    assert json.loads(entry.before or "") == {"name": "Bantuan sosial", "valid_from": None, "valid_to": None}
    assert json.loads(entry.after or "") == {"name": "Bantuan sosial tunai", "valid_from": None,
                                             "valid_to": "2026-12-31"}


def test_a_retired_code_refuses_new_letters_after_its_end(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                          agendaris: Actor) -> None:
    (code,) = [c for c in letters.list_classifications(uow, admin) if c.code == "461"]
    retired = letters.edit_classification(uow, admin, code.id, ClassificationInput(
        "lama", "461", code.name, None, dt.date(2026, 6, 30)), expected_version=code.version, now=NOW)
    assert retired.valid_to == dt.date(2026, 6, 30)
    assert take(uow, agendaris, dt.date(2026, 6, 30), code="461") == "461/1/423.105/2026"  # its last day
    assert errors_of(register, uow, agendaris, dt.date(2026, 7, 1), code="461") == {
        "classification_code": "Kode klasifikasi 461 tidak berlaku pada tanggal 01-07-2026."}
    assert "classification_code" in errors_of(insert, uow, agendaris, dt.date(2026, 7, 1), code="461")
    assert take(uow, agendaris, dt.date(2026, 7, 1), code="460") == "460/2/423.105/2026"  # no gap
    # Letters keep their code; a code not yet in force is refused as well.
    assert book(uow, agendaris, classification_code="461") == ["1"]
    upcoming = letters.add_classification(uow, admin, ClassificationInput(
        "lama", "460.9", "Program baru", dt.date(2026, 12, 1)))
    assert errors_of(register, uow, agendaris, dt.date(2026, 11, 20), code=upcoming.code) == {
        "classification_code": "Kode klasifikasi 460.9 tidak berlaku pada tanggal 20-11-2026."}
    assert errors_of(register, uow, agendaris, dt.date(2026, 11, 20), code="470") == {
        "classification_code": "Kode klasifikasi 470 tidak ada di daftar kode."}
    # A code in both sets stays usable while one of them is in force.
    (new_400,) = [c for c in letters.list_classifications(uow, admin, letters.CodeSet.NEW) if c.code == "400"]
    letters.edit_classification(uow, admin, new_400.id, ClassificationInput(
        "baru", "400", new_400.name, None, dt.date(2026, 1, 1)), expected_version=new_400.version)
    assert take(uow, agendaris, dt.date(2026, 11, 20), code="400") == "400/3/423.105/2026"


def test_import_classifications(uow: SqlAlchemyUnitOfWork, admin: Actor) -> None:
    before = letters.list_classifications(uow, admin)
    rows = [
        (2, ci("lama", "460.1", "Bantuan sosial")),
        (3, ci("lama", "461", "Rehabilitasi penyandang disabilitas")),  # exists: updated
        (4, ci("baru", "400.9", "Sosial (baru)")),
        (5, ci("x", "abc", "")),
        (6, ci("lama", " 460.1 ", "lagi")),
        (7, ci("baru", "400.10", "Kesejahteraan", dt.date(2026, 2, 1), dt.date(2026, 1, 1))),
    ]
    expected_problems = [
        RowProblem(5, "code_set", "Pilih kode lama atau kode baru."),
        RowProblem(5, "code", "Kode klasifikasi: tiga angka, lalu bagian bertitik bila ada "
                              "(mis. 188, 460, 000.8.3.3)."),
        RowProblem(5, "name", "Nama klasifikasi wajib diisi."),
        RowProblem(6, "code", "Kode 460.1 muncul dua kali di berkas."),
        RowProblem(7, "valid_to", "Akhir berlaku tidak boleh sebelum awal berlaku."),
    ]
    assert letters.import_classifications(uow, admin, rows, apply=False, now=NOW) == (
        expected_problems, 2, 1)
    # With a problem nothing is written, even when asked to.
    assert letters.import_classifications(uow, admin, rows, apply=True, now=NOW) == (
        expected_problems, 2, 1)
    assert letters.list_classifications(uow, admin) == before

    good = rows[:3]
    assert letters.import_classifications(uow, admin, good, apply=False, now=NOW) == ([], 2, 1)
    assert letters.list_classifications(uow, admin) == before  # a preview writes nothing
    assert letters.import_classifications(uow, admin, good, apply=True, now=NOW) == ([], 2, 1)
    after = {(c.code_set, c.code): c for c in letters.list_classifications(uow, admin)}
    assert len(after) == len(before) + 2
    assert after["lama", "460.1"].name == "Bantuan sosial"
    assert after["baru", "400.9"].name == "Sosial (baru)"
    assert (after["lama", "461"].name, after["lama", "461"].version) == (
        "Rehabilitasi penyandang disabilitas", 2)
    assert audit_page(uow, admin, entity="classification").items[0].summary == (
        "Impor kode klasifikasi: 2 baru, 1 diperbarui")
    # Importing the same file again adds nothing.
    problems, new, _ = letters.import_classifications(uow, admin, good, apply=True, now=NOW)
    assert (problems, new) == ([], 0)
    assert {(c.code_set, c.code): c for c in letters.list_classifications(uow, admin)} == after


# --------------------------------------------------------------------------- importing an old book


def old(row: int, number: int, suffix: str, day: dt.date, *, void: bool = False, code: str = "460",
        **changes: Any) -> ImportedLetter:
    return ImportedLetter(row, f" {code}/{number}{suffix}/423.105/{day.year} ", number, suffix,
                          fields(day, subject=f"Surat lama {number}{suffix}", code=code, **changes),
                          void=void, void_reason="rusak" if void else "")


HOLES = [
    old(2, 1, "", dt.date(2026, 10, 1)), old(3, 2, "", dt.date(2026, 10, 2)),
    old(4, 4, "", dt.date(2026, 10, 6), void=True), old(5, 5, "", dt.date(2026, 10, 7)),
    old(6, 5, "a", dt.date(2026, 10, 8)), old(7, 8, "", dt.date(2026, 10, 9)),
    old(8, 10, "", dt.date(2025, 12, 20)), old(9, 12, "", dt.date(2025, 12, 29)),
]


def test_import_an_old_book_with_holes(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor) -> None:
    bad = [
        old(10, 9, "", dt.date(2026, 12, 1)),  # after today
        old(11, 11, "", dt.date(2026, 10, 10), code="470"),  # unknown code
        old(12, 0, "", dt.date(2026, 10, 10)),  # no number read
        old(13, 1, "", dt.date(2026, 10, 11)),  # the number of row 2 again
        ImportedLetter(14, "460/13/423.105/2026", 13, "", fields(dt.date(2026, 10, 12), subject="")),
    ]
    preview = letters.import_agenda(uow, agendaris, HOLES + bad, apply=False, now=NOW, local=local)
    assert list(preview.problems) == [
        RowProblem(10, "letter_date", "Tanggal surat tidak boleh sesudah hari ini."),
        RowProblem(12, "number", "Nomor urut tidak terbaca."),
        RowProblem(14, "subject", "Perihal wajib diisi."),
        RowProblem(11, "classification_code", "Kode klasifikasi 470 tidak ada di daftar kode."),
        RowProblem(13, "number", "Nomor 1 sudah dipakai baris 2."),
    ]
    assert (preview.letters, preview.per_scope) == (8, {SCOPE: 8, "letter:2025:423.105": 12})
    # Applying a file with problems writes nothing at all.
    refused = letters.import_agenda(uow, agendaris, HOLES + bad, apply=True, now=NOW, local=local)
    assert refused.problems == preview.problems
    assert book(uow, agendaris) == []
    assert gaps(uow, agendaris, 2026) == []

    done = letters.import_agenda(uow, agendaris, HOLES, apply=True, now=NOW, local=local)
    assert (done.problems, done.letters, done.per_scope) == ((), 8, {SCOPE: 8, "letter:2025:423.105": 12})
    imported = letters.agenda_page(uow, agendaris, LetterFilter(year=2026)).items
    assert [x.number_text for x in imported] == ["1", "2", "4", "5", "5a", "8"]
    assert all(x.imported for x in imported)
    assert [x.full_number for x in imported][:2] == ["460/1/423.105/2026", "460/2/423.105/2026"]
    four, five_a = imported[2], imported[4]
    assert (four.status, four.void_reason) == ("batal", "rusak")
    assert (five_a.is_insert, five_a.insert_approval, five_a.number, five_a.suffix) == (
        True, "disetujui", 5, "a")
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 8, (3, 6, 7), ())]
    assert gaps(uow, agendaris, 2025) == [("letter:2025:423.105", 12, (1, 2, 3, 4, 5, 6, 7, 8, 9, 11), ())]
    assert audit_page(uow, admin, entity="letter").items[0].summary == "Impor buku agenda lama: 8 surat"

    # The counters continue after the highest imported number of each scope.
    assert take(uow, agendaris, dt.date(2026, 11, 2)) == "460/9/423.105/2026"
    assert take(uow, agendaris, dt.date(2025, 12, 31)) == "460/13/423.105/2025"
    assert insert(uow, agendaris, dt.date(2026, 10, 8)).number_text == "5b"

    # A number already in the book is a problem of its row; a hole may still be filled, and that
    # never lowers the counter.
    again = [old(2, 2, "", dt.date(2026, 10, 2)), old(3, 7, "", dt.date(2026, 10, 8)),
             old(4, 9, "", dt.date(2026, 11, 2)), old(5, 5, "a", dt.date(2026, 10, 8))]
    second = letters.import_agenda(uow, admin, again, apply=True, now=NOW, local=local)
    assert list(second.problems) == [RowProblem(2, "number", "Nomor 2 sudah ada di buku agenda."),
                                     RowProblem(4, "number", "Nomor 9 sudah ada di buku agenda."),
                                     RowProblem(5, "number", "Nomor 5a sudah ada di buku agenda.")]
    fill = letters.import_agenda(uow, admin, [again[1]], apply=True, now=NOW, local=local)
    assert fill.problems == ()
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 9, (3, 6), ())]
    assert take(uow, agendaris, dt.date(2026, 11, 3)) == "460/10/423.105/2026"


def test_import_per_code_scope(uow: SqlAlchemyUnitOfWork, admin: Actor, agendaris: Actor) -> None:
    configure(uow, admin, scope=CounterScopeKind.UNIT_CODE)
    rows = [old(2, 1, "", dt.date(2026, 10, 1)), old(3, 3, "", dt.date(2026, 10, 2), code="188"),
            old(4, 2, "", dt.date(2026, 10, 3))]
    done = letters.import_agenda(uow, admin, rows, apply=True, now=NOW, local=local)
    assert done.per_scope == {f"{SCOPE}:460": 2, f"{SCOPE}:188": 3}
    assert take(uow, agendaris, dt.date(2026, 11, 2), code="188") == "188/4/423.105/2026"
    assert take(uow, agendaris, dt.date(2026, 11, 2), code="460") == "460/3/423.105/2026"
    assert take(uow, agendaris, dt.date(2026, 11, 2), code="461") == "461/1/423.105/2026"
    assert gaps(uow, agendaris, 2026) == [(f"{SCOPE}:188", 4, (1, 2), ()), (f"{SCOPE}:460", 3, (), ()),
                                          (f"{SCOPE}:461", 1, (), ())]


def test_the_database_refuses_a_duplicate_number(uow: SqlAlchemyUnitOfWork, agendaris: Actor) -> None:
    first = register(uow, agendaris, dt.date(2026, 11, 2))
    sisipan = insert(uow, agendaris, dt.date(2026, 11, 2))
    checked = fields(dt.date(2026, 11, 2))
    for number, suffix in ((first.number, ""), (sisipan.number, sisipan.suffix)):
        with pytest.raises(ConflictError):
            with uow:
                uow.letters.add(NewLetter(2026, SCOPE, number, suffix, "460/x/423.105/2026", checked, None),
                                None, NOW)
                uow.commit()
    # The same number in another scope (another year, another unit) is another number.
    with uow:
        uow.letters.add(NewLetter(2025, "letter:2025:423.105", 1, "", "460/1/423.105/2025", checked, None),
                        None, NOW)
        uow.commit()
    assert gaps(uow, agendaris, 2026) == [(SCOPE, 1, (), ())]
    assert book(uow, agendaris) == ["1", "1", "1a"]


# --------------------------------------------------------------------------- the fake keeps up


def _a_book(uow: UnitOfWork, admin: Actor, agendaris: Actor) -> None:
    """The same use cases on any unit of work."""
    configure(uow, admin, scope=CounterScopeKind.UNIT_KIND, pad=2)
    for day, code, kind in ((dt.date(2026, 10, 1), "460", LetterKind.SURAT),
                            (dt.date(2026, 10, 2), "188.45", LetterKind.KEPUTUSAN),
                            (dt.date(2026, 10, 3), "188", LetterKind.SURAT),
                            (dt.date(2026, 11, 3), "461", LetterKind.SURAT)):
        register(uow, agendaris, day, code=code, kind=kind,
                 bidang_code="rehsos" if kind is LetterKind.KEPUTUSAN else "")
    voided = register(uow, agendaris, dt.date(2026, 11, 4), subject="Salah KETIK")
    letters.void_letter(uow, agendaris, voided.id, "salah ketik", expected_version=voided.version, now=NOW)
    insert(uow, agendaris, dt.date(2026, 10, 2))
    configure(uow, admin, scope=CounterScopeKind.UNIT_KIND, pad=2, insert_needs_approval=True)
    insert(uow, agendaris, dt.date(2026, 10, 2), subject="Undangan 100% susulan")
    approved = insert(uow, agendaris, dt.date(2026, 10, 3))
    letters.approve_insert(uow, admin, approved.id, expected_version=approved.version, now=NOW)
    letters.import_agenda(uow, admin, [old(2, 7, "", dt.date(2025, 12, 1)),
                                       old(3, 9, "", dt.date(2025, 12, 2), void=True)],
                          apply=True, now=NOW, local=local)
    register(uow, admin, dt.date(2025, 12, 3))
    first = letters.agenda_page(uow, agendaris, LetterFilter(year=2026)).items[0]
    edited = letters.edit_letter(uow, agendaris, first.id, fields(
        dt.date(2026, 10, 1), subject="Undangan (ralat)", sent_date=dt.date(2026, 10, 2), attachments=1),
        expected_version=first.version, now=NOW, local=local)
    letters.attach_scan(uow, agendaris, edited.id, "surat.pdf", b"%PDF-1.4 ...",
                        expected_version=edited.version, now=NOW)
    added = letters.add_classification(uow, admin, ci("lama", "460.1", "Bantuan sosial"), now=NOW)
    letters.edit_classification(uow, admin, added.id, ci("lama", "460.1", "Bantuan sosial tunai",
                                                         None, dt.date(2026, 12, 31)),
                                expected_version=added.version, now=NOW)
    letters.import_classifications(uow, admin, [(2, ci("baru", "400.9", "Sosial")),
                                                (3, ci("lama", "461", "Rehabilitasi"))], apply=True, now=NOW)


def _fake(admin: Actor, agendaris: Actor) -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    with fake:
        for actor in (admin, agendaris):
            assert actor.user_id is not None
            stored = fake.users.add(actor.username, actor.full_name, "", actor.roles, "x", NOW)
            assert stored.id == actor.user_id
        fake.commit()
    return fake


FILTERS = [LetterFilter(), LetterFilter(year=2026), LetterFilter(year=2025), LetterFilter(2026, 10),
           LetterFilter(classification_code="188"), LetterFilter(bidang_code="rehsos"),
           LetterFilter(status="aktif"), LetterFilter(status="batal"), LetterFilter(status="sisipan"),
           LetterFilter(status="menunggu"), LetterFilter(search="ketik"), LetterFilter(search="%"),
           LetterFilter(search="01b/")]


def test_the_fake_keeps_the_book_like_the_database(uow: SqlAlchemyUnitOfWork, admin: Actor,
                                                   agendaris: Actor) -> None:
    assert admin.full_name == ADMIN_FULL_NAME
    fake = _fake(admin, agendaris)
    _a_book(uow, admin, agendaris)
    _a_book(fake, admin, agendaris)

    def seen(unit: UnitOfWork) -> list[Any]:
        pages = [letters.agenda_page(unit, agendaris, wanted, limit=3, offset=offset)
                 for wanted in FILTERS for offset in (0, 3)]
        def same_moments(x: LetterDTO) -> LetterDTO:
            return dataclasses.replace(x, id=0, created_at=NOW, updated_at=NOW)

        return [
            [(p.total, p.offset, p.total_capped, [same_moments(x) for x in p.items]) for p in pages],
            [letters.find_gaps(unit, agendaris, year) for year in (2025, 2026)],
            [(x.full_number, x.status) for x in letters.register_data(unit, agendaris, 2026, 10, now=NOW,
                                                                      local=local).letters],
            letters.list_classifications(unit, agendaris),
            letters.scan_content(unit, agendaris, 1),
            [dataclasses.replace(e, id=None) for e in audit_page(unit, admin).items
             if e.entity in ("letter", "classification")],
        ]

    assert seen(fake) == seen(uow)
    assert letters.find_gaps(fake, agendaris, 2025) == [ScopeReport("letter:2025:423.105:surat", 10,
                                                                    (1, 2, 3, 4, 5, 6, 8), ())]
    for unit in (uow, fake):
        with pytest.raises(ConflictError):
            with unit:
                unit.letters.add(NewLetter(2026, f"{SCOPE}:surat", 1, "", "x", fields(dt.date(2026, 10, 1)),
                                           None), None, NOW)
                unit.commit()
