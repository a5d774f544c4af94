"""Migrations on SQLite and PostgreSQL: up, down, up again; the model matches the migrated schema;
a newer schema is refused untouched; the audit trail is append-only."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, delete, insert, inspect, select, text, update
from sqlalchemy import exc as sa_exc

from dinsos_desktop.adapters.db.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    alembic_config,
    check_not_newer,
    current_revision,
    downgrade,
    upgrade,
)
from dinsos_desktop.adapters.db.models import (
    AuditRow,
    Base,
    UserRoleRow,
    is_migration_only_table,
    schema_objects_filter,
)
from dinsos_desktop.domain.errors import SchemaTooNew
from dinsos_desktop.paths import migrations_dir
from tests.pgcluster import PgServer

EngineFactory = Callable[[str], Engine]
APP_TABLES = frozenset(Base.metadata.tables)
FUTURE_REVISION = "9999_from_the_future"


def _tables(engine: Engine) -> set[str]:
    # The SQLite FTS5 search tables (and their shadow tables) exist only in the migrations.
    return {t for t in inspect(engine).get_table_names() if not is_migration_only_table(t)}


def _schema_snapshot(engine: Engine) -> dict[str, Any]:
    insp = inspect(engine)
    return {
        table: sorted((c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table))
        for table in insp.get_table_names()
    }


def _triggers_and_functions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            return {r[0] for r in rows}
        rows = conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "UNION SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public'"
        ))
        return {r[0] for r in rows}


# --------------------------------------------------------------------------- the revision list


def test_known_revisions_match_the_scripts() -> None:
    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    assert script.get_heads() == [HEAD_REVISION], "exactly one head, and migrate.py knows it"
    chain = [rev.revision for rev in script.walk_revisions()]  # head first
    assert tuple(reversed(chain)) == KNOWN_REVISIONS
    assert HEAD_REVISION == KNOWN_REVISIONS[-1]


def test_every_version_file_is_a_revision_named_after_its_id() -> None:
    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    files = sorted(p for p in (migrations_dir() / "versions").glob("*.py") if p.name != "__init__.py")
    assert len(files) == len(KNOWN_REVISIONS)
    for path in files:
        revision = re.match(r"^([0-9]{4})_", path.name)
        assert revision, f"{path.name}: version files are named NNNN_description.py"
        assert script.get_revision(revision.group(1)).path == str(path)


def test_check_not_newer() -> None:
    check_not_newer(None)
    for revision in KNOWN_REVISIONS:
        check_not_newer(revision)
    with pytest.raises(SchemaTooNew, match="lebih baru"):
        check_not_newer(FUTURE_REVISION)


# --------------------------------------------------------------------------- up and down


def test_upgrade_downgrade_upgrade(empty_db_url: str, engine_factory: EngineFactory) -> None:
    engine = engine_factory(empty_db_url)
    assert current_revision(engine) is None

    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    assert _tables(engine) == APP_TABLES | {"alembic_version"}
    assert upgrade(engine) is False, "a second upgrade finds nothing to do"

    downgrade(engine, "base")
    assert _tables(engine) == {"alembic_version"}
    assert current_revision(engine) is None
    assert _triggers_and_functions(engine) == set(), "downgrade leaves no triggers or functions"

    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    assert _tables(engine) == APP_TABLES | {"alembic_version"}


def test_each_revision_one_step_at_a_time(empty_db_url: str, engine_factory: EngineFactory) -> None:
    engine = engine_factory(empty_db_url)
    for revision in KNOWN_REVISIONS:
        upgrade(engine, revision)
        assert current_revision(engine) == revision
    for expected in (*reversed(KNOWN_REVISIONS[:-1]), None):
        downgrade(engine, "-1")
        assert current_revision(engine) == expected
    assert _tables(engine) == {"alembic_version"}


def test_migrated_template_is_at_head(engine: Engine) -> None:
    assert current_revision(engine) == HEAD_REVISION


# --------------------------------------------------------------------------- model == migrated schema


def _same_server_default(context: Any, inspected_column: Any, metadata_column: Any,
                         inspected_default: str | None, metadata_default: Any,
                         rendered_metadata_default: str | None) -> bool | None:
    # Alembic's SQLite comparison cannot unquote an empty string: "('')" vs "". Not a difference.
    if (context.dialect.name == "sqlite" and rendered_metadata_default == ""
            and inspected_default in ("''", "('')")):
        return False
    return None  # Alembic's own comparison


# SQLite cannot reflect expression indexes, so Alembic warns about the PostgreSQL-only trigram
# index over substr(name_folded, 2) (which does not exist on SQLite anyway) and skips it; on
# PostgreSQL it is compared.
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning")
def test_models_match_the_migrated_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "compare_server_default": _same_server_default,
            # Skips what only the migrations know: the SQLite FTS5 search tables (virtual tables
            # kept in step by triggers, raw DDL in 0002) and, on SQLite, the PostgreSQL-only
            # trigram indexes (declared in the models with ddl_if, which Alembic does not read).
            "include_object": schema_objects_filter(engine.dialect.name),
        })
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_check_constraints_match(engine: Engine) -> None:
    # Alembic's autogenerate does not compare CHECK constraints; compare their names here.
    insp = inspect(engine)
    for table in Base.metadata.sorted_tables:
        declared = {c.name for c in table.constraints
                    if c.__class__.__name__ == "CheckConstraint" and c.name}
        reflected = {c["name"] for c in insp.get_check_constraints(table.name)}
        assert reflected == declared, table.name


# --------------------------------------------------------------------------- a newer schema


def test_database_of_a_newer_version_is_refused_and_left_unchanged(
        db_url: str, engine_factory: EngineFactory) -> None:
    engine = engine_factory(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE_REVISION})
    before = _schema_snapshot(engine)
    triggers = _triggers_and_functions(engine)

    with pytest.raises(SchemaTooNew) as refused:
        upgrade(engine)
    assert FUTURE_REVISION in refused.value.message
    with pytest.raises(SchemaTooNew):
        downgrade(engine, "base")

    assert current_revision(engine) == FUTURE_REVISION
    assert _schema_snapshot(engine) == before
    assert _triggers_and_functions(engine) == triggers


def test_empty_database_stamped_newer_is_refused(empty_db_url: str, engine_factory: EngineFactory) -> None:
    engine = engine_factory(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": FUTURE_REVISION})
    with pytest.raises(SchemaTooNew):
        upgrade(engine)
    assert _tables(engine) == {"alembic_version"}
    assert current_revision(engine) == FUTURE_REVISION


# --------------------------------------------------------------------------- constraints in the schema


def _add_audit_row(engine: Engine) -> None:
    import datetime as dt

    with engine.begin() as conn:
        conn.execute(insert(AuditRow.__table__).values(
            occurred_at=dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC), actor_id=None,
            actor_username="sistem", action="create", entity="test", entity_id="1",
            summary="asli", workstation="ws",
        ))


def test_audit_log_refuses_update(engine: Engine) -> None:
    _add_audit_row(engine)
    audit = AuditRow.__table__
    with pytest.raises(sa_exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(update(audit).values(summary="diubah"))
    with engine.connect() as conn:
        assert conn.execute(select(audit.c.summary)).scalars().all() == ["asli"]


def test_audit_log_refuses_delete(engine: Engine) -> None:
    _add_audit_row(engine)
    audit = AuditRow.__table__
    with pytest.raises(sa_exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(delete(audit))
    with engine.connect() as conn:
        assert conn.execute(select(audit.c.summary)).scalars().all() == ["asli"]


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(sa_exc.IntegrityError), engine.begin() as conn:
        conn.execute(insert(UserRoleRow.__table__).values(user_id=4242, role="admin"))


def test_unknown_role_is_refused_by_the_schema(engine: Engine) -> None:
    import datetime as dt

    from dinsos_desktop.adapters.db.models import UserRow

    with engine.begin() as conn:
        user_id = conn.execute(insert(UserRow.__table__).values(
            username="budi", full_name="Budi", password_hash="x",
            created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        ).returning(UserRow.__table__.c.id)).scalar_one()
    with pytest.raises(sa_exc.IntegrityError), engine.begin() as conn:
        conn.execute(insert(UserRoleRow.__table__).values(user_id=user_id, role="superuser"))


# --------------------------------------------------------------------------- connection settings


def test_sqlite_connection_has_wal_and_foreign_keys(tmp_path: Path, engine_factory: EngineFactory) -> None:
    engine = engine_factory(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_sqlite_file_is_created_in_a_missing_folder(tmp_path: Path, engine_factory: EngineFactory) -> None:
    path = tmp_path / "baru" / "folder" / "dinsos.sqlite3"
    engine = engine_factory(f"sqlite:///{path}")
    assert upgrade(engine) is True
    assert path.exists()


def test_postgresql_connection_names_the_application(pg_server: PgServer, pg_template: str,
                                                     engine_factory: EngineFactory) -> None:
    with pg_server.database("appname", template=pg_template) as name:
        engine = engine_factory(pg_server.url(name).render_as_string(hide_password=False))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_setting('application_name')")).scalar() == \
                "dinsos-desktop"
            assert conn.execute(text("SELECT current_setting('server_encoding')")).scalar() == "UTF8"
        engine.dispose()  # before the database is dropped


# --------------------------------------------------------------------------- data kept by an upgrade


def test_upgrade_to_0003_keeps_a_registered_file_and_all_it_refers_to(
        empty_db_url: str, engine_factory: EngineFactory) -> None:
    """A database at 0002 holding files with checklist marks, an attachment and events, upgraded
    to head: registered files wait at step 1 of their standard, and nothing that refers to an
    application is lost (SQLite batch mode copies ``applications`` and drops the old table, which
    must not cascade into the rows that refer to it)."""
    import datetime as dt

    from sqlalchemy import MetaData, func

    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.domain.tracking import format_tracking_number
    from dinsos_desktop.domain.workflow import StepOutcome
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services import tracking
    from dinsos_desktop.services.catalog import ensure_bundled_catalog
    from dinsos_desktop.services.dto import SYSTEM

    engine = engine_factory(empty_db_url)
    upgrade(engine, "0002")
    assert current_revision(engine) == "0002"
    uow = SqlAlchemyUnitOfWork(engine)
    ensure_bundled_catalog(uow, bundled_catalog())

    # The tables as revision 0002 made them (the models already have the 0003 columns).
    names = ("catalog_standards", "catalog_procedure_steps", "citizens", "applications",
             "application_items", "application_attachments", "application_events")
    old = MetaData()
    old.reflect(engine, only=names)
    t = old.tables
    assert "current_step" not in t["applications"].c
    at = dt.datetime(2026, 3, 17, 3, 0, tzinfo=dt.UTC)
    with engine.begin() as conn:
        standards = dict(conn.execute(select(t["catalog_standards"].c.code,
                                             t["catalog_standards"].c.id)).all())
        steps = dict(conn.execute(
            select(t["catalog_procedure_steps"].c.standard_id, func.count())
            .group_by(t["catalog_procedure_steps"].c.standard_id)).all())
        citizen = conn.execute(insert(t["citizens"]).values(
            nik="3575045508950001", full_name="Siti Aminah", name_folded="siti aminah", sex="P",
            birth_date=dt.date(1995, 8, 15), version=1, created_at=at, updated_at=at,
        ).returning(t["citizens"].c.id)).scalar_one()
        ids: dict[str, int] = {}
        for status, code, number in (("registered", "IZIN-LKSA", format_tracking_number(2026, 1)),
                                     ("registered", "ODGJ", format_tracking_number(2026, 2)),
                                     ("returned", "PSM", None), ("draft", "KEPEGAWAIAN", None)):
            ids[f"{status}:{code}"] = app_id = conn.execute(insert(t["applications"]).values(
                standard_id=standards[code], citizen_id=citizen, status=status,
                tracking_number=number, received_at=at if number else None,
                registered_at=at if number else None,
                due_at=at + dt.timedelta(days=14) if number else None, due_is_clock_time=False,
                return_slip_number="K26-000001-0" if status == "returned" else None,
                version=3, created_at=at, updated_at=at,
            ).returning(t["applications"].c.id)).scalar_one()
            for key in ("1", "2", "3"):
                conn.execute(insert(t["application_items"]).values(
                    application_id=app_id, item_key=key, status="salinan_diterima", note=f"butir {key}",
                    updated_at=at))
            conn.execute(insert(t["application_attachments"]).values(
                application_id=app_id, item_key="1", filename="ktp.pdf", mime="application/pdf",
                size=9, content=b"%PDF-1.4\n", uploaded_at=at))
            for event in ("created", status):
                conn.execute(insert(t["application_events"]).values(
                    application_id=app_id, at=at, event=event, note=""))

    def counts() -> dict[str, dict[int, int]]:
        with engine.connect() as conn:
            return {name: dict(conn.execute(select(t[name].c.application_id, func.count())
                                            .group_by(t[name].c.application_id)).all())
                    for name in ("application_items", "application_attachments",
                                 "application_events")}

    before = counts()
    assert before == {"application_items": dict.fromkeys(ids.values(), 3),
                      "application_attachments": dict.fromkeys(ids.values(), 1),
                      "application_events": dict.fromkeys(ids.values(), 2)}

    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    assert counts() == before, "the batch copy of applications must not cascade"
    with engine.connect() as conn:
        a = Base.metadata.tables["applications"]
        rows = {r.id: r for r in conn.execute(select(a))}
        assert len(rows) == len(ids)
        contents = conn.execute(select(t["application_attachments"].c.content)).scalars().all()
    assert contents == [b"%PDF-1.4\n"] * len(ids)
    for key, app_id in ids.items():
        row = rows[app_id]
        status, code = key.split(":")
        assert row.status == status and row.version == 3
        assert row.ready_at is None and row.finished_at is None and row.status_before is None
        if status == "registered":
            assert row.current_step == 1
            assert row.step_count == steps[standards[code]] > 0
            assert row.tracking_number is not None and row.due_at is not None
        else:  # not started on the procedure: nothing to count yet
            assert row.current_step is None and row.step_count == 0
    assert rows[ids["registered:IZIN-LKSA"]].step_count == 4

    # The migrated file continues its walk like one registered after the upgrade.
    lksa = ids["registered:IZIN-LKSA"]
    moved = tracking.record_procedure_step(uow, SYSTEM, lksa, 1, StepOutcome.DONE, "lanjut",
                                           expected_version=3)
    assert (moved.status, moved.current_step, moved.step_count) == ("in_process", 2, 4)
    assert [i.item_key for i in moved.items] == ["1", "2", "3"]
