"""The counter-intake repositories on SQLite and PostgreSQL: the applicant register (optimistic
concurrency, duplicate NIK), applicant search (NIK, name, phone; paging), applications (draft,
checklist, return slip, registration, events), attachments, office settings and closures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select, text

from dinsos_desktop.adapters.db.migrate import upgrade
from dinsos_desktop.adapters.db.models import ApplicationEventRow, CitizenRow
from dinsos_desktop.adapters.db.repositories import phone_digits
from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
from dinsos_desktop.domain.errors import ConflictError, NotFound
from dinsos_desktop.domain.text import fold
from dinsos_desktop.services.dto import Actor, CitizenDTO, CitizenInput, InstitutionInput
from tests.pgcluster import PgServer

NOW = dt.datetime(2026, 3, 17, 3, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=5)
NIK_SITI = "3575045508950001"


def citizen(nik: str = NIK_SITI, name: str = "Siti Aminah", **changes: object) -> CitizenInput:
    data = CitizenInput(nik=nik, full_name=name, birth_place="Pasuruan",
                        birth_date=dt.date(1995, 8, 15), sex="P", street="Jl. Hasanudin 12",
                        rt="002", rw="005", kelurahan="Bugul Lor", kecamatan="Panggungrejo",
                        city="Pasuruan", phone="0812-3456-7890", kk="3575041203120002")
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def institution(name: str = "LKSA Darul Aitam", **changes: object) -> InstitutionInput:
    data = InstitutionInput(name=name, kind="lksa", legal_form="Yayasan", akta_number="12/2010",
                            npwp="01.234.567.8-624.000", address="Jl. Soekarno-Hatta 5, Pasuruan",
                            phone="(0343) 421234")
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def add_citizen(uow: SqlAlchemyUnitOfWork, data: CitizenInput) -> CitizenDTO:
    with uow:
        saved = uow.citizens.add(data, NOW)
        uow.commit()
    return saved


def nik(serial: int, prefix: str = "357504550895") -> str:
    return f"{prefix}{serial:04d}"


# --------------------------------------------------------------------------- citizens


def test_citizen_round_trip(uow: SqlAlchemyUnitOfWork) -> None:
    saved = add_citizen(uow, citizen())
    assert saved.id > 0 and saved.version == 1
    assert saved.created_at == saved.updated_at == NOW
    with uow:
        by_id = uow.citizens.get(saved.id)
        by_nik = uow.citizens.get_by_nik(NIK_SITI)
        assert uow.citizens.get(saved.id + 1000) is None
        assert uow.citizens.get_by_nik("3575045508950002") is None
    assert by_id == by_nik == saved
    assert saved.full_name == "Siti Aminah" and saved.birth_date == dt.date(1995, 8, 15)
    assert saved.kk == "3575041203120002" and saved.sex == "P" and saved.rt == "002"
    assert saved.address_line() == ("Jl. Hasanudin 12, RT 002/RW 005, Kel. Bugul Lor, "
                                    "Kec. Panggungrejo, Pasuruan")


def test_citizen_stores_the_folded_name_and_phone_digits(uow: SqlAlchemyUnitOfWork,
                                                         engine: Engine) -> None:
    add_citizen(uow, citizen(name="  Siti  ÁMINAH ", phone="+62 812-3456-7890"))
    with engine.connect() as conn:
        folded, digits = conn.execute(select(CitizenRow.name_folded, CitizenRow.phone_digits)).one()
    assert folded == "siti aminah"
    assert digits == "081234567890"


def test_phone_digits_national_form() -> None:
    assert phone_digits("0812-3456-7890") == "081234567890"
    assert phone_digits("+62 812 3456 7890") == "081234567890"
    assert phone_digits("+62 (0)812 3456") == "08123456"
    assert phone_digits("(0343) 421234") == "0343421234"
    assert phone_digits("") == ""


def test_citizen_update_and_stale_edit_from_another_workstation(
        uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork) -> None:
    saved = add_citizen(uow, citizen())
    # Workstation 2 edits first.
    with other_uow:
        theirs = other_uow.citizens.update(saved.id, citizen(phone="0813-1111-2222"),
                                           expected_version=saved.version, now=LATER)
        other_uow.commit()
    assert theirs.version == 2 and theirs.phone == "0813-1111-2222" and theirs.updated_at == LATER
    assert theirs.created_at == NOW
    # Workstation 1 still holds version 1: refused, nothing overwritten.
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"), uow:
        uow.citizens.update(saved.id, citizen(name="Siti Aminah Binti Salim"),
                            expected_version=saved.version, now=LATER)
        uow.commit()
    with uow:
        stored = uow.citizens.get(saved.id)
    assert stored == theirs
    # After the reload it goes through.
    with uow:
        mine = uow.citizens.update(saved.id, citizen(name="Siti Aminah Binti Salim"),
                                   expected_version=stored.version, now=LATER)
        uow.commit()
    assert mine.version == 3 and mine.full_name == "Siti Aminah Binti Salim"
    with uow, pytest.raises(NotFound):
        uow.citizens.update(saved.id + 99, citizen(), expected_version=1, now=LATER)


def test_the_same_nik_twice_is_refused_by_the_database(uow: SqlAlchemyUnitOfWork,
                                                       other_uow: SqlAlchemyUnitOfWork) -> None:
    add_citizen(uow, citizen())
    with pytest.raises(ConflictError, match="workstation lain"), other_uow:
        other_uow.citizens.add(citizen(name="Siti Lain"), NOW)
        other_uow.commit()
    with uow:
        assert uow.citizens.get_by_nik(NIK_SITI).full_name == "Siti Aminah"  # type: ignore[union-attr]
    # Changing another citizen's NIK to an existing one: refused as well.
    other = add_citizen(uow, citizen(nik=nik(2), name="Budi"))
    with pytest.raises(ConflictError), uow:
        uow.citizens.update(other.id, citizen(name="Budi"), expected_version=1, now=LATER)
        uow.commit()


def test_the_schema_refuses_an_unknown_sex(uow: SqlAlchemyUnitOfWork) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), uow:
        uow.citizens.add(citizen(sex="X"), NOW)


def test_similar_names_born_the_same_day(uow: SqlAlchemyUnitOfWork) -> None:
    siti = add_citizen(uow, citizen())
    add_citizen(uow, citizen(nik=nik(2), name="Siti Aminah Binti Salim"))
    add_citizen(uow, citizen(nik=nik(3), name="Aminah"))
    add_citizen(uow, citizen(nik=nik(4), name="Siti Aminah", birth_date=dt.date(1995, 8, 16)))
    add_citizen(uow, citizen(nik=nik(5), name="Siti Rahayu"))
    add_citizen(uow, citizen(nik=nik(6), name="Síti Amínah"))
    with uow:
        found = uow.citizens.similar(fold("SITI AMINAH"), dt.date(1995, 8, 15))
        nobody = uow.citizens.similar(fold("Budi Santoso"), dt.date(1995, 8, 15))
    names = sorted(c.full_name for c in found)
    # equal (accents ignored), contains it, contained in it; not another day, not another name
    assert names == ["Aminah", "Siti Aminah", "Siti Aminah Binti Salim", "Síti Amínah"]
    assert siti.id in {c.id for c in found}
    assert list(nobody) == []


# --------------------------------------------------------------------------- institutions


def test_institution_round_trip_update_and_conflict(uow: SqlAlchemyUnitOfWork,
                                                    other_uow: SqlAlchemyUnitOfWork) -> None:
    contact = add_citizen(uow, citizen())
    with uow:
        saved = uow.institutions.add(institution(contact_citizen_id=contact.id), NOW)
        uow.commit()
    assert saved.version == 1 and saved.kind == "lksa" and saved.contact_name == "Siti Aminah"
    assert saved.npwp == "01.234.567.8-624.000" and saved.phone == "(0343) 421234"
    with other_uow:
        assert other_uow.institutions.get(saved.id) == saved
        theirs = other_uow.institutions.update(saved.id, institution(name="LKSA Darul Aitam Baru"),
                                               expected_version=1, now=LATER)
        other_uow.commit()
    assert theirs.version == 2 and theirs.contact_citizen_id is None and theirs.contact_name == ""
    with pytest.raises(ConflictError), uow:
        uow.institutions.update(saved.id, institution(kind="yayasan"), expected_version=1, now=LATER)
    with uow:
        assert uow.institutions.get(saved.id) == theirs
        assert uow.institutions.get(saved.id + 5) is None
        with pytest.raises(NotFound):
            uow.institutions.update(saved.id + 5, institution(), expected_version=1, now=LATER)


def test_the_schema_refuses_an_unknown_institution_kind(uow: SqlAlchemyUnitOfWork) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), uow:
        uow.institutions.add(institution(kind="partai"), NOW)


# --------------------------------------------------------------------------- search

NAMES = ["Siti Aminah", "Ahmad Fauzi", "Budi Santoso", "Síti Rahmawati", "Dewi Aminatun",
         "Eko Prasetyo", "Nur Aminullah", "Joko Widodo", "Sri Wahyuni", "Agus_Salim 100%"]


@pytest.fixture
def register(uow: SqlAlchemyUnitOfWork) -> dict[str, CitizenDTO]:
    """Ten citizens (NIKs 3575045508950001…10) and three institutions."""
    found = {}
    with uow:
        for i, name in enumerate(NAMES, 1):
            found[name] = uow.citizens.add(citizen(nik=nik(i), name=name, phone=f"0812-0000-{i:04d}"),
                                           NOW)
        uow.institutions.add(institution("Yayasan Aminah Sejahtera", kind="yayasan",
                                         phone="+62 343 555 777"), NOW)
        uow.institutions.add(institution("Karang Taruna Bugul Kidul", kind="karang_taruna",
                                         phone=""), NOW)
        uow.institutions.add(institution("Masjid Al-Ámin", kind="masjid", phone="0343-999"), NOW)
        uow.commit()
    return found


def names(page: object) -> list[str]:
    return [h.name for h in page.items]  # type: ignore[attr-defined]


def test_search_by_nik_exact_and_prefix(uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    with uow:
        add = uow.citizens.add
        add(citizen(nik="3575045508950100", name="Serial Seratus"), NOW)
        add(citizen(nik="3575045508960001", name="Lain Tahun"), NOW)
        exact = uow.applicant_search.by_nik(nik(3), 50, 0)
        prefix = uow.applicant_search.by_nik("35750455089500", 50, 0)
        wider = uow.applicant_search.by_nik("357504550895", 50, 0)
        all_of_them = uow.applicant_search.by_nik("3", 50, 0)
        nines = uow.applicant_search.by_nik("3575045508959", 50, 0)
        none = uow.applicant_search.by_nik("3575045508950099", 50, 0)
        not_digits = uow.applicant_search.by_nik("3575abc", 50, 0)
    assert names(exact) == ["Budi Santoso"] and exact.total == 1
    hit = exact.items[0]
    assert hit.kind == "citizen" and hit.nik == nik(3) and hit.birth_date == dt.date(1995, 8, 15)
    assert hit.address.startswith("Jl. Hasanudin 12") and hit.phone == "0812-0000-0003"
    assert [h.nik for h in prefix.items] == [nik(i) for i in range(1, 11)]
    assert prefix.total == 10 and not prefix.total_capped
    assert [h.nik for h in wider.items] == [nik(i) for i in range(1, 11)] + ["3575045508950100"]
    assert all_of_them.total == 12
    assert [h.nik for h in all_of_them.items][-1] == "3575045508960001"
    assert nines.total == 0
    assert none.items == () and none.total == 0
    assert not_digits.items == () and not_digits.total == 0


def test_search_by_nik_pages(uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    with uow:
        first = uow.applicant_search.by_nik("3575", 4, 0)
        second = uow.applicant_search.by_nik("3575", 4, 4)
        last = uow.applicant_search.by_nik("3575", 4, 8)
        beyond = uow.applicant_search.by_nik("3575", 4, 12)
    assert [h.nik for h in first.items + second.items + last.items] == [nik(i) for i in range(1, 11)]
    # Counted one beyond the page until the last page; the last page and beyond: exact.
    assert (first.total, second.total, last.total, beyond.total) == (5, 9, 10, 10)
    assert (first.total_capped, second.total_capped, last.total_capped) == (True, True, False)
    assert (first.offset, second.offset, last.offset) == (0, 4, 8)
    assert len(last.items) == 2 and beyond.items == ()


@pytest.mark.parametrize("query", ["amin", "AMÍN", "Amin", " aMiN "])
def test_search_by_name_substring_ignores_case_and_accents(
        uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO], query: str) -> None:
    with uow:
        page = uow.applicant_search.by_name(fold(query), 50, 0)
    # no name starts with it: institutions, then citizens, each newest first
    assert names(page) == ["Masjid Al-Ámin", "Yayasan Aminah Sejahtera", "Nur Aminullah",
                           "Dewi Aminatun", "Siti Aminah"]
    assert page.total == 5
    assert [h.kind for h in page.items] == ["institution", "institution", "citizen", "citizen",
                                            "citizen"]
    masjid = page.items[0]
    assert masjid.nik == "" and masjid.birth_date is None and masjid.address.startswith("Jl. Soekarno")


def test_search_by_name_phrases_short_queries_and_wildcards(
        uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    with uow:
        search = uow.applicant_search.by_name
        assert names(search("siti aminah", 50, 0)) == ["Siti Aminah"]
        assert names(search("siti", 50, 0)) == ["Siti Aminah", "Síti Rahmawati"]
        # one and two characters: below the trigram length, still a substring search
        assert names(search("sr", 50, 0)) == ["Sri Wahyuni"]
        assert search("o", 50, 0).total == sum("o" in fold(n) for n in NAMES) == 3
        # LIKE wildcards in the query are plain characters
        assert names(search("_", 50, 0)) == ["Agus_Salim 100%"]
        assert names(search("100%", 50, 0)) == ["Agus_Salim 100%"]
        assert names(search("s_s", 50, 0)) == ["Agus_Salim 100%"]
        assert names(search('"', 50, 0)) == []
        assert names(search("karang taruna", 50, 0)) == ["Karang Taruna Bugul Kidul"]
        assert names(search("tidak ada", 50, 0)) == [] and search("tidak ada", 50, 0).total == 0
        assert search("", 50, 0).items == ()


def test_search_by_name_pages_across_citizens_and_institutions(
        uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    with uow:
        pages = [uow.applicant_search.by_name("a", 3, offset) for offset in range(0, 15, 3)]
    # names starting with "a" by name; then institutions and citizens with it further on, each
    # newest first
    expected = (sorted(fold(n) for n in NAMES if fold(n).startswith("a"))
                + ["masjid al-amin", "karang taruna bugul kidul", "yayasan aminah sejahtera"]
                + [fold(n) for n in reversed(NAMES) if "a" in fold(n)[1:] and fold(n)[0] != "a"])
    got = [fold(h.name) for p in pages for h in p.items]
    assert got == expected
    for p in pages:  # one beyond each page's end, exact once the end is reached
        end = p.offset + len(p.items)
        assert (p.total, p.total_capped) == ((end + 1, True) if end < len(expected)
                                             else (len(expected), False))


def test_search_by_phone(uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    with uow:
        search = uow.applicant_search.by_phone
        assert names(search("081200000003", 50, 0)) == ["Budi Santoso"]
        assert names(search("6281200000003", 50, 0)) == ["Budi Santoso"]  # +62 form
        assert search("0812", 50, 0).total == 10
        assert names(search("0007", 50, 0)) == ["Nur Aminullah"]  # any part of the number
        assert names(search("343555", 50, 0)) == ["Yayasan Aminah Sejahtera"]
        assert names(search("62343555777", 50, 0)) == ["Yayasan Aminah Sejahtera"]
        assert names(search("0343", 50, 0)) == ["Masjid Al-Ámin", "Yayasan Aminah Sejahtera"]
        assert names(search("99", 50, 0)) == ["Masjid Al-Ámin"]
        assert search("5555555", 50, 0).total == 0
        assert search("", 50, 0).items == ()


def _many_citizens(engine: Engine, n: int) -> list[str]:
    """n citizens 'Warga Nomor <i>' (plus a few with 'nomor' elsewhere); their folded names, sorted."""
    rows = [dict(nik=f"35750455089{i:05d}", full_name=f"Warga Nomor {i}",
                 name_folded=f"warga nomor {i}", sex="L", phone=f"0812{i:06d}",
                 phone_digits=f"0812{i:06d}", created_at=NOW, updated_at=NOW) for i in range(1, n + 1)]
    with engine.begin() as conn:
        conn.execute(CitizenRow.__table__.insert(), rows)
    return sorted(r["name_folded"] for r in rows)


def test_search_follows_edits(uow: SqlAlchemyUnitOfWork, register: dict[str, CitizenDTO]) -> None:
    budi = register["Budi Santoso"]
    with uow:
        uow.citizens.update(budi.id, citizen(nik=budi.nik, name="Budi Setiawan Jaya",
                                             phone="0857-7777-1234"),
                            expected_version=budi.version, now=LATER)
        uow.commit()
    with uow:
        search = uow.applicant_search
        assert names(search.by_name("santoso", 50, 0)) == []
        assert names(search.by_name("setiawan", 50, 0)) == ["Budi Setiawan Jaya"]
        assert names(search.by_name("budi", 50, 0)) == ["Budi Setiawan Jaya"]
        assert names(search.by_phone("081200000003", 50, 0)) == []
        assert names(search.by_phone("77771234", 50, 0)) == ["Budi Setiawan Jaya"]
        # and the other rows' index entries are untouched
        assert names(search.by_name("aminah", 50, 0)) == ["Yayasan Aminah Sejahtera", "Siti Aminah"]
        assert search.by_phone("0812", 50, 0).total == 9


def test_search_total_is_capped_on_many_matches(uow: SqlAlchemyUnitOfWork, engine: Engine) -> None:
    # Counting stops one match beyond the page: "there are more" is all the clerk needs.
    n = 550
    expected = _many_citizens(engine, n)
    with uow:
        first = uow.applicant_search.by_name("warga", 50, 0)
        deep = uow.applicant_search.by_name("warga", 50, 180)
        last = uow.applicant_search.by_name("warga", 50, n - 20)
        by_nik = uow.applicant_search.by_nik("3575", 50, 0)
        by_phone = uow.applicant_search.by_phone("0812", 50, 0)
        rare = uow.applicant_search.by_name("nomor 1049" if n > 1049 else f"nomor {n - 1}", 50, 0)
    assert first.total == 51 and first.total_capped
    assert [fold(h.name) for h in first.items] == expected[:50]
    assert deep.total == 231 and deep.total_capped  # always beyond the page's end
    assert [fold(h.name) for h in deep.items] == expected[180:230]
    assert last.total == n and not last.total_capped
    assert [fold(h.name) for h in last.items] == expected[-20:]
    assert by_nik.total == 51 and by_nik.total_capped and len(by_nik.items) == 50
    assert by_phone.total == 51 and by_phone.total_capped and len(by_phone.items) == 50
    assert len(rare.items) == 1 and rare.total == 1


def test_many_matches_inside_names_page_in_order(uow: SqlAlchemyUnitOfWork, engine: Engine) -> None:
    # Names starting with "nomor" by name, then more than a page of names with it further on,
    # newest first.
    n = 350
    expected = _many_citizens(engine, n)
    with uow:
        for i, name in enumerate(["Nomor Satu", "Nomorini", "Anomor", "Zaenal Nomor"]):
            uow.citizens.add(citizen(nik=nik(9000 + i, "357504550896"), name=name), NOW)
        uow.commit()
    expected = ["nomor satu", "nomorini", "zaenal nomor", "anomor",
                *(f"warga nomor {i}" for i in range(n, 0, -1))]
    with uow:
        pages = [uow.applicant_search.by_name("NOMOR", 60, offset) for offset in range(0, n + 60, 60)]
    assert [fold(h.name) for p in pages for h in p.items] == expected
    assert pages[0].total_capped and pages[0].total == 61
    assert not pages[-1].total_capped and pages[-1].total == len(expected)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgresql_search_columns_compare_bytes(engine: Engine) -> None:
    # Alembic's comparison does not look at collations: check them here. (SQLite compares bytes.)
    with engine.connect() as conn:
        collations = dict(conn.execute(text(
            "SELECT table_name || '.' || column_name, collation_name FROM information_schema.columns "
            "WHERE column_name IN ('nik', 'name_folded', 'phone_digits')")).all())
        trigram = conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%' ORDER BY 1")).scalars()
        assert collations == {"citizens.nik": "C", "citizens.name_folded": "C",
                              "citizens.phone_digits": "C", "institutions.name_folded": "C",
                              "institutions.phone_digits": "C"}
        assert list(trigram) == ["ix_citizens_name_rest_trgm", "ix_citizens_phone_trgm",
                                 "ix_institutions_name_rest_trgm", "ix_institutions_phone_trgm"]


def test_search_order_on_a_server_with_a_language_collation(
        pg_server: PgServer, engine_factory: Callable[[str], Engine]) -> None:
    """Offices' servers usually sort by a language (en_US, id_ID), where '_' and '-' compare
    differently from bytes. The search merges pages from several queries in byte order, so the
    search columns must compare bytes there too (they use COLLATE "C")."""
    name = pg_server.new_name("icu")
    try:
        pg_server.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
                          "LOCALE_PROVIDER icu ICU_LOCALE 'id-ID' LOCALE 'C'")
    except Exception as exc:  # a server built without ICU
        pytest.skip(f"this PostgreSQL server cannot create an ICU-collated database: {exc}")
    try:
        engine = engine_factory(pg_server.url(name).render_as_string(hide_password=False))
        upgrade(engine)
        folded = ["a_b x", "a-b x", "a.b x", "a'b x", "a b x", "ab x", "a1b x", "a+b x", "a~b x"]
        with engine.connect() as conn:
            language_order = conn.execute(text(
                "SELECT x FROM unnest(CAST(:names AS text[])) AS x ORDER BY x"), {"names": folded}).scalars()
            assert list(language_order) != sorted(folded), "the database must not sort bytes"
        uow = SqlAlchemyUnitOfWork(engine)
        with uow:
            for i, n in enumerate(folded, 1):
                uow.citizens.add(citizen(nik=nik(i), name=n), NOW)
            uow.commit()
        with uow:
            for query, expected in (("a", sorted(folded)), ("a-", ["a-b x"]),
                                    ("b x", folded[::-1]), ("x", folded[::-1])):
                one_by_one = [uow.applicant_search.by_name(query, 1, offset).items
                              for offset in range(len(folded))]
                # names starting with the text in byte order; the others newest first
                assert [h.name for page in one_by_one for h in page] == expected, query
            assert names(uow.applicant_search.by_name("a_", 50, 0)) == ["a_b x"]
            assert names(uow.applicant_search.by_name("a-", 50, 0)) == ["a-b x"]
            assert [h.nik for h in uow.applicant_search.by_nik("35750455089500", 3, 3).items] == [
                nik(4), nik(5), nik(6)]
        engine.dispose()
    finally:
        pg_server.drop_database(name)


# --------------------------------------------------------------------------- applications


@pytest.fixture
def standard_id(catalog_uow: SqlAlchemyUnitOfWork) -> int:
    with catalog_uow:
        version = catalog_uow.catalog.active_version_id()
        assert version is not None
        found = catalog_uow.catalog.standard_id(version, "KEPEGAWAIAN")
    assert found is not None
    return found


def _events(engine: Engine, application_id: int) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(e, n) for e, n in conn.execute(
            select(ApplicationEventRow.event, ApplicationEventRow.note)
            .where(ApplicationEventRow.application_id == application_id)
            .order_by(ApplicationEventRow.id))]


def test_application_draft_returned_resumed_registered(
        uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork, engine: Engine,
        standard_id: int, clerk: Actor) -> None:
    siti = add_citizen(uow, citizen())
    kuasa = add_citizen(uow, citizen(nik=nik(7), name="Ahmad Kuasa"))
    officer = clerk.user_id
    with uow:
        draft = uow.applications.add_draft(standard_id, siti.id, None, kuasa.id, officer, NOW)
        uow.commit()
    assert draft.status == "draft" and draft.version == 1 and draft.items == ()
    assert draft.standard_code == "KEPEGAWAIAN" and draft.standard_title == "Administrasi Kepegawaian"
    assert draft.applicant_name == "Siti Aminah" and draft.officer_username == "petugas"
    assert draft.representative_id == kuasa.id and draft.institution_id is None
    assert draft.tracking_number is None and draft.return_slip_number is None
    assert draft.received_at is None and draft.due_at is None and not draft.due_is_clock_time
    assert draft.created_at == draft.updated_at == NOW
    with uow:
        assert uow.catalog.load_standard(draft.standard_id)[0] == draft.catalog_version_id

    # The checklist: items appear as they are marked; marking again changes the row.
    with uow:
        uow.applications.set_item(draft.id, "2", "tidak_ada", "", LATER)
        uow.applications.set_item(draft.id, "1", "asli_diperiksa", "", LATER)
        uow.applications.set_item(draft.id, "10", "tidak_berlaku", "", LATER)
        uow.applications.set_item(draft.id, "3", "salinan_diterima", "fotokopi", LATER)
        uow.applications.set_item(draft.id, "2", "tidak_ada", "belum dibawa", LATER)
        uow.commit()
    with uow:
        marked = uow.applications.get(draft.id)
    assert marked is not None
    assert [(i.item_key, i.status, i.note) for i in marked.items] == [
        ("1", "asli_diperiksa", ""), ("2", "tidak_ada", "belum dibawa"),
        ("3", "salinan_diterima", "fotokopi"), ("10", "tidak_berlaku", "")]
    assert marked.version == 1 and marked.updated_at == LATER

    # Incomplete: returned with a slip number.
    with uow:
        returned = uow.applications.save_state(
            draft.id, expected_version=1, status="returned", now=LATER,
            return_slip_number="K26-000001-4", event="returned", note="kurang: 2",
            by_user_id=officer)
        uow.commit()
    assert returned.status == "returned" and returned.version == 2
    assert returned.return_slip_number == "K26-000001-4" and returned.registered_at is None
    with uow:
        assert uow.applications.get_by_number("K26-000001-4") == returned
        assert [a.id for a in uow.applications.returned_for(siti.id, None)] == [draft.id]
        assert [a.id for a in uow.applications.returned_for(kuasa.id, None)] == [draft.id]
        assert uow.applications.returned_for(None, None) == []

    # Another workstation still holding version 1 cannot decide it again.
    with pytest.raises(ConflictError), other_uow:
        other_uow.applications.save_state(draft.id, expected_version=1, status="registered",
                                          now=LATER, tracking_number="26-000001-1",
                                          event="registered")
        other_uow.commit()

    # The applicant is back: draft again, the checklist as it was, the slip number kept.
    back = LATER + dt.timedelta(days=2)
    with uow:
        resumed = uow.applications.save_state(draft.id, expected_version=2, status="draft",
                                              now=back, event="resumed", by_user_id=officer)
        uow.applications.set_item(draft.id, "2", "asli_diperiksa", "", back)
        uow.commit()
    assert resumed.status == "draft" and resumed.version == 3
    assert resumed.return_slip_number == "K26-000001-4"
    assert len(resumed.items) == 4
    with uow:
        assert uow.applications.returned_for(siti.id, None) == []

    # Complete: registered with a tracking number and due date.
    due = dt.datetime(2026, 3, 27, 9, 0, tzinfo=dt.UTC)
    with uow:
        registered = uow.applications.save_state(
            draft.id, expected_version=3, status="registered", now=back,
            tracking_number="26-000001-1", received_at=back, due_at=due, due_is_clock_time=True,
            event="registered", by_user_id=officer)
        uow.commit()
    assert registered.status == "registered" and registered.version == 4
    assert registered.tracking_number == "26-000001-1" and registered.return_slip_number == "K26-000001-4"
    assert registered.received_at == back and registered.registered_at == back
    assert registered.due_at == due and registered.due_is_clock_time
    assert [i.status for i in registered.items] == ["asli_diperiksa"] * 2 + ["salinan_diterima",
                                                                              "tidak_berlaku"]
    with other_uow:
        assert other_uow.applications.get_by_number("26-000001-1") == registered
        assert other_uow.applications.get_by_number("26-000002-9") is None
        assert other_uow.applications.get(draft.id + 100) is None

    assert _events(engine, draft.id) == [("created", ""), ("returned", "kurang: 2"), ("resumed", ""),
                                         ("registered", "")]
    with uow:
        who = clerk.full_name
        assert [(e.event, e.user_full_name) for e in uow.applications.events(draft.id)] == [
            ("created", who), ("returned", who), ("resumed", who), ("registered", who)]
        with pytest.raises(NotFound):
            uow.applications.save_state(draft.id + 100, expected_version=1, status="draft",
                                        now=back, event="resumed")


def test_tracking_numbers_are_unique(uow: SqlAlchemyUnitOfWork, standard_id: int) -> None:
    siti = add_citizen(uow, citizen())
    with uow:
        a = uow.applications.add_draft(standard_id, siti.id, None, None, None, NOW)
        b = uow.applications.add_draft(standard_id, siti.id, None, None, None, NOW)
        uow.applications.save_state(a.id, expected_version=1, status="registered", now=NOW,
                                    tracking_number="26-000001-1", event="registered")
        uow.commit()
    assert a.officer_username == ""
    with pytest.raises(ConflictError), uow:
        uow.applications.save_state(b.id, expected_version=1, status="registered", now=NOW,
                                    tracking_number="26-000001-1", event="registered")
        uow.commit()


def test_an_application_has_exactly_one_applicant(uow: SqlAlchemyUnitOfWork, standard_id: int) -> None:
    from sqlalchemy.exc import IntegrityError

    siti = add_citizen(uow, citizen())
    with uow:
        lksa = uow.institutions.add(institution(), NOW)
        uow.commit()
    for citizen_id, institution_id in ((None, None), (siti.id, lksa.id)):
        with pytest.raises(IntegrityError), uow:
            uow.applications.add_draft(standard_id, citizen_id, institution_id, None, None, NOW)
    with uow:
        app = uow.applications.add_draft(standard_id, None, lksa.id, siti.id, None, NOW)
        uow.commit()
    assert app.applicant_name == "LKSA Darul Aitam"
    with pytest.raises(IntegrityError), uow:
        uow.applications.save_state(app.id, expected_version=1, status="terbang", now=NOW,
                                    event="x")
    with pytest.raises(IntegrityError), uow:
        uow.applications.set_item(app.id, "1", "hilang", "", NOW)


def test_moments_keep_their_instant_in_any_time_zone(uow: SqlAlchemyUnitOfWork,
                                                     standard_id: int) -> None:
    # SQLite keeps no offset: a due date at 23:59:59 WIB must not come back as 23:59:59 UTC.
    wib = dt.timezone(dt.timedelta(hours=7), "WIB")
    due = dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=wib)
    received = dt.datetime(2026, 3, 17, 10, 0, tzinfo=wib)
    siti = add_citizen(uow, citizen())
    with uow:
        app = uow.applications.add_draft(standard_id, siti.id, None, None, None, received)
        uow.applications.save_state(app.id, expected_version=1, status="registered", now=received,
                                    tracking_number="26-000001-1", received_at=received, due_at=due,
                                    event="registered")
        uow.commit()
    with uow:
        stored = uow.applications.get(app.id)
    assert stored is not None
    assert stored.due_at == due and stored.due_at.tzinfo == dt.UTC
    assert stored.due_at.astimezone(wib).date() == dt.date(2026, 3, 31)
    assert stored.received_at == stored.registered_at == stored.created_at == received
    with uow, pytest.raises(Exception, match="naive"):
        uow.applications.add_draft(standard_id, siti.id, None, None, None, dt.datetime(2026, 3, 17))


def test_history_of_an_applicant_newest_first(uow: SqlAlchemyUnitOfWork, standard_id: int) -> None:
    siti = add_citizen(uow, citizen())
    budi = add_citizen(uow, citizen(nik=nik(3), name="Budi Santoso"))
    with uow:
        lksa = uow.institutions.add(institution(), NOW)
        own_1 = uow.applications.add_draft(standard_id, siti.id, None, None, None, NOW)
        for_budi = uow.applications.add_draft(standard_id, budi.id, None, siti.id, None,
                                              NOW + dt.timedelta(hours=1))
        for_lksa = uow.applications.add_draft(standard_id, None, lksa.id, siti.id, None,
                                              NOW + dt.timedelta(hours=2))
        own_2 = uow.applications.add_draft(standard_id, siti.id, None, None, None,
                                           NOW + dt.timedelta(hours=3))
        uow.commit()
    with uow:
        apps = uow.applications
        assert [a.id for a in apps.for_applicant(siti.id, None)] == [own_2.id, for_lksa.id,
                                                                     for_budi.id, own_1.id]
        assert [a.id for a in apps.for_applicant(budi.id, None)] == [for_budi.id]
        assert [a.id for a in apps.for_applicant(None, lksa.id)] == [for_lksa.id]
        assert [a.applicant_name for a in apps.for_applicant(None, lksa.id)] == ["LKSA Darul Aitam"]
        assert apps.for_applicant(None, None) == []


# --------------------------------------------------------------------------- attachments


def test_attachments_round_trip_with_a_9_mb_scan(uow: SqlAlchemyUnitOfWork,
                                                 other_uow: SqlAlchemyUnitOfWork,
                                                 standard_id: int) -> None:
    siti = add_citizen(uow, citizen())
    scan = b"%PDF-1.7\n" + bytes(range(256)) * (9 * 1024 * 1024 // 256)
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000
    with uow:
        app = uow.applications.add_draft(standard_id, siti.id, None, None, None, NOW)
        first = uow.applications.add_attachment(app.id, "1", "ktp.pdf", "application/pdf", scan,
                                                NOW, None)
        second = uow.applications.add_attachment(app.id, "1", "foto.png", "image/png", photo,
                                                 LATER, None)
        third = uow.applications.add_attachment(app.id, "3", "kk.png", "image/png", photo,
                                                LATER, None)
        uow.commit()
    assert first.size == len(scan) > 9_000_000 and first.filename == "ktp.pdf"
    assert first.uploaded_at == NOW and first.mime == "application/pdf"
    with other_uow:
        listed = other_uow.applications.attachments(app.id)
        assert list(listed) == [first, second, third]
        assert other_uow.applications.attachment_content(first.id) == scan
        assert other_uow.applications.attachment_content(second.id) == photo
        assert other_uow.applications.attachment_content(third.id + 100) is None
        loaded = other_uow.applications.get(app.id)
    assert loaded is not None
    # items with attachments show, with their counts, even before they are marked
    assert [(i.item_key, i.status, i.attachment_count) for i in loaded.items] == [
        ("1", None, 2), ("3", None, 1)]


# --------------------------------------------------------------------------- settings and closures


def test_settings(uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork) -> None:
    with uow:
        assert uow.settings.get("cuti_bersama_counts") is None
        uow.settings.set("cuti_bersama_counts", "false")
        uow.settings.set("day_one", "next_working_day")
        uow.settings.set("cuti_bersama_counts", "true")
        uow.commit()
    with other_uow:
        assert other_uow.settings.get("cuti_bersama_counts") == "true"
        assert other_uow.settings.get("day_one") == "next_working_day"
    with uow:
        uow.settings.set("day_one", "same_day")  # not committed
    with other_uow:
        assert other_uow.settings.get("day_one") == "next_working_day"


def test_office_closures(uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork) -> None:
    with uow:
        uow.settings.add_closure(dt.date(2026, 3, 25), "Rapat kerja")
        uow.settings.add_closure(dt.date(2026, 3, 2), "Banjir")
        uow.settings.add_closure(dt.date(2026, 4, 1), "HUT Kota")
        uow.settings.add_closure(dt.date(2026, 3, 25), "Rapat kerja dinas")  # reason changed
        uow.commit()
    with other_uow:
        march = other_uow.settings.closures(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        assert list(march) == [(dt.date(2026, 3, 2), "Banjir"),
                               (dt.date(2026, 3, 25), "Rapat kerja dinas")]
        assert len(other_uow.settings.closures(dt.date(2026, 3, 2), dt.date(2026, 4, 1))) == 3
        assert other_uow.settings.remove_closure(dt.date(2026, 3, 2)) is True
        assert other_uow.settings.remove_closure(dt.date(2026, 3, 3)) is False
        other_uow.commit()
    with uow:
        assert [d for d, _ in uow.settings.closures(dt.date(2026, 1, 1), dt.date(2026, 12, 31))] == [
            dt.date(2026, 3, 25), dt.date(2026, 4, 1)]


# --------------------------------------------------------------------------- counters


def test_counter_numbers_follow_each_other_per_scope(uow: SqlAlchemyUnitOfWork) -> None:
    with uow:
        assert [uow.counters.next("tracking:2026") for _ in range(3)] == [1, 2, 3]
        assert uow.counters.next("return:2026") == 1
        uow.commit()
    with uow:
        assert uow.counters.next("tracking:2026") == 4
        assert uow.counters.next("tracking:2027") == 1
        uow.commit()


# --------------------------------------------------------------------------- timings


def test_search_timings_on_a_few_thousand_applicants(
        uow: SqlAlchemyUnitOfWork, engine: Engine, backend: str,
        record_property: Callable[[str, object], None]) -> None:
    """Not a benchmark (see bench/): a guard that every search stays well under the time a clerk
    would notice on a few thousand rows, on both backends."""
    first = ["Siti", "Ahmad", "Budi", "Dewi", "Eko", "Nur", "Joko", "Sri", "Agus", "Rina", "Wahyu",
             "Putri", "Hadi", "Lestari", "Bambang", "Yuni", "Andi", "Fitri", "Rudi", "Ayu"]
    last = ["Aminah", "Santoso", "Rahmawati", "Prasetyo", "Hidayat", "Wahyuni", "Saputra",
            "Kurniawan", "Susanti", "Setiawan", "Utami", "Nugroho", "Lestari", "Hartono", "Purnama"]
    rows = []
    for i in range(5000):
        name = f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]} {i}"
        rows.append(dict(nik=f"3575{(i * 7919) % 10**12:012d}", full_name=name,
                         name_folded=fold(name), sex="L", phone=f"08{(i * 104729) % 10**10:010d}",
                         phone_digits=f"08{(i * 104729) % 10**10:010d}",
                         birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=i * 37 % 3000),
                         created_at=NOW, updated_at=NOW))
    with engine.begin() as conn:
        conn.execute(CitizenRow.__table__.insert(), rows)
        if backend == "postgresql":
            conn.execute(text("ANALYZE citizens"))
        else:
            conn.execute(text("ANALYZE"))
        assert conn.execute(select(func.count()).select_from(CitizenRow)).scalar() == 5000
    queries: dict[str, Callable[[SqlAlchemyUnitOfWork], object]] = {
        "nik_exact": lambda u: u.applicant_search.by_nik(rows[1234]["nik"], 50, 0),
        "nik_prefix": lambda u: u.applicant_search.by_nik("35750", 50, 0),
        "name_common": lambda u: u.applicant_search.by_name("siti", 50, 0),
        "name_rare": lambda u: u.applicant_search.by_name("bambang nugroho 4", 50, 0),
        "name_short": lambda u: u.applicant_search.by_name("ay", 50, 0),
        "phone": lambda u: u.applicant_search.by_phone(rows[77]["phone_digits"][3:], 50, 0),
        "similar": lambda u: u.citizens.similar(rows[1234]["name_folded"], rows[1234]["birth_date"]),
    }
    timings = {}
    with uow:
        for label, query in queries.items():
            query(uow)  # warm up
            samples = []
            for _ in range(7):
                start = time.perf_counter()
                query(uow)
                samples.append(time.perf_counter() - start)
            timings[label] = sorted(samples)[len(samples) // 2] * 1000
    record_property("search_ms", timings)
    print(f"\n{backend} search median ms:", {k: round(v, 2) for k, v in timings.items()})
    assert max(timings.values()) < 100, timings


# --------------------------------------------------------------------------- read-only units of work


def test_a_search_does_not_wait_for_another_workstations_write(
        uow: SqlAlchemyUnitOfWork, other_uow: SqlAlchemyUnitOfWork) -> None:
    # A clerk types in the search box while another workstation holds a write transaction open
    # (SQLite: the write lock): the search answers at once, with what was committed.
    add_citizen(uow, citizen())
    with other_uow:
        other_uow.citizens.add(citizen(nik=nik(2), name="Siti Rahayu"), NOW)
        other_uow.lock("intake")
        start = time.monotonic()
        with uow.read_only():
            found = uow.applicant_search.by_name("siti", 50, 0)
        assert time.monotonic() - start < 2
        assert [h.name for h in found.items] == ["Siti Aminah"]
        other_uow.commit()
    with uow.read_only():
        assert len(uow.applicant_search.by_name("siti", 50, 0).items) == 2


def test_a_read_only_unit_of_work_refuses_a_with_that_writes(uow: SqlAlchemyUnitOfWork) -> None:
    # PostgreSQL runs a read-only unit of work in autocommit: a WITH … INSERT would be committed
    # at once. It is refused before it reaches the server; a WITH that only reads runs.
    writing = ("WITH added AS (INSERT INTO office_settings (key, value) VALUES ('k', 'v') "
               "RETURNING key) SELECT key FROM added")
    with pytest.raises(RuntimeError, match="read-only"), uow.read_only():
        assert uow.session is not None
        uow.session.execute(text(writing))
    with uow.read_only():
        assert uow.session is not None
        assert uow.session.execute(text(
            "WITH x AS (SELECT 1 AS updated_at) SELECT updated_at FROM x")).scalar_one() == 1
        assert uow.settings.get("k") is None


def test_a_read_only_unit_of_work_cannot_commit(uow: SqlAlchemyUnitOfWork) -> None:
    with pytest.raises(RuntimeError, match="read-only"), uow.read_only():
        uow.citizens.add(citizen(), NOW)
        uow.commit()
    with uow.read_only():
        assert uow.applicant_search.by_nik(NIK_SITI, 50, 0).items == ()
    with uow:  # the next unit of work writes as usual
        uow.citizens.add(citizen(), NOW)
        uow.commit()
    assert add_citizen(uow, citizen(nik=nik(3))).id > 0


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_server_connections_dropped_between_two_searches_are_replaced(
        uow: SqlAlchemyUnitOfWork, engine: Engine, db_url: str,
        engine_factory: Callable[[str], Engine]) -> None:
    # The server drops the application's connections (a restart, a network blip) while the
    # clerk is idle: the next search and the next write simply work on fresh connections.
    add_citizen(uow, citizen())
    with uow.read_only():
        assert len(uow.applicant_search.by_name("siti", 50, 0).items) == 1
    admin_engine = engine_factory(db_url)
    with admin_engine.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'dinsos-desktop' AND pid <> pg_backend_pid()")).scalar_one()
    assert killed >= 1
    with uow.read_only():
        assert len(uow.applicant_search.by_name("siti", 50, 0).items) == 1
    assert add_citizen(uow, citizen(nik=nik(2), name="Siti Rahayu")).id > 0
