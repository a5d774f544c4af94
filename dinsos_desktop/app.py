"""Composition root: command line, logging, database, translations, main window.

This is the only module that wires every layer together. Heavy imports (Qt, SQLAlchemy) happen
inside functions so that ``--version`` and the command line stay quick.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from dinsos_desktop import APP_NAME, APP_ORGANIZATION, __version__

log = logging.getLogger("dinsos_desktop")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dinsos-desktop",
        description="Dinsos Desktop — aplikasi loket pelayanan Dinas Sosial.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="alamat basis data, mis. postgresql://user:sandi@server/dinsos "
                             "atau sqlite:///berkas.sqlite3 (bawaan: berkas SQLite lokal)")
    parser.add_argument("--lang", choices=("id", "en"), default=None,
                        help="bahasa tampilan (bawaan: id)")
    parser.add_argument("--bench-exit-after-paint", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    db = sub.add_parser("db", help="basis data")
    db_sub = db.add_subparsers(dest="db_command", metavar="SUBPERINTAH", required=True)
    db_sub.add_parser("upgrade", help="terapkan migrasi skema sampai versi terbaru")
    db_sub.add_parser("status", help="tampilkan versi skema")

    catalog = sub.add_parser("catalog", help="katalog standar pelayanan")
    cat_sub = catalog.add_subparsers(dest="catalog_command", metavar="SUBPERINTAH", required=True)
    export = cat_sub.add_parser("export", help="tulis katalog yang berlaku sebagai JSON")
    export.add_argument("file", metavar="FILE.json")
    export.add_argument("--version-id", type=int, default=None, help="versi katalog tertentu")
    imp = cat_sub.add_parser("import", help="impor katalog (keputusan baru) dan jadikan berlaku")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--no-activate", action="store_true", help="simpan tanpa menjadikannya berlaku")
    cat_sub.add_parser("versions", help="daftar versi katalog")

    nik = sub.add_parser("nik", help="NIK")
    nik_sub = nik.add_subparsers(dest="nik_command", metavar="SUBPERINTAH", required=True)
    nik_check = nik_sub.add_parser("check", help="uraikan dan periksa NIK (status 0 sah, 1 tidak sah)")
    nik_check.add_argument("nik", metavar="NIK")

    calendar = sub.add_parser("calendar", help="kalender hari kerja")
    cal_sub = calendar.add_subparsers(dest="calendar_command", metavar="SUBPERINTAH", required=True)
    due = cal_sub.add_parser("due", help="tanggal jatuh tempo seperti tercetak di tanda terima")
    due.add_argument("--received", required=True, metavar="YYYY-MM-DDTHH:MM",
                     help="waktu berkas lengkap diterima (waktu setempat)")
    due.add_argument("--limit", required=True, type=int, metavar="N", help="besar batas waktu")
    due.add_argument("--unit", required=True,
                     choices=("hours", "working_days", "calendar_days", "weeks", "months"))

    user = sub.add_parser("user", help="pengguna")
    user_sub = user.add_subparsers(dest="user_command", metavar="SUBPERINTAH", required=True)
    create = user_sub.add_parser("create", help="buat pengguna (kata sandi dari stdin atau prompt)")
    create.add_argument("username")
    create.add_argument("--role", action="append", required=True,
                        help="front_office, agendaris, pengurus_barang, pimpinan, admin "
                             "(boleh diulang atau dipisah koma)")
    create.add_argument("--name", default=None, help="nama lengkap (bawaan: nama pengguna)")
    create.add_argument("--nip", default="")
    return parser


def setup_logging() -> None:
    from dinsos_desktop.paths import user_data_dir

    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    stream = logging.StreamHandler()
    stream.setLevel(logging.WARNING)
    root.addHandler(stream)
    try:
        log_dir = user_data_dir() / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_dir / "dinsos-desktop.log",
                                                       maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        log.warning("Berkas log tidak dapat dibuat.")


def settings_store() -> Any:
    from dinsos_desktop.config import SettingsStore
    from dinsos_desktop.paths import user_config_dir

    return SettingsStore(user_config_dir() / "dinsos-desktop.ini")


def database_url(cli_url: str | None) -> str:
    from dinsos_desktop.config import resolve_database_url
    from dinsos_desktop.paths import default_sqlite_path

    return resolve_database_url(cli_url, settings_store(), default_sqlite_path())


def open_database(url: str) -> tuple[Callable[[], Any], str]:
    """Connect, migrate (or refuse a newer schema) and return a unit-of-work factory."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.errors import translate
    from dinsos_desktop.adapters.db.migrate import upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.config import describe_url

    engine = make_engine(url)
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        mapped = translate(exc)
        if mapped is not None:
            raise mapped from exc
        raise
    return (lambda: SqlAlchemyUnitOfWork(engine)), describe_url(url)


def test_connection(url: str) -> str:
    """Connect without changing anything; a line for the connection dialog."""
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.errors import translate
    from dinsos_desktop.adapters.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, current_revision

    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except Exception as exc:
        mapped = translate(exc)
        if mapped is not None:
            raise mapped from exc
        raise
    finally:
        engine.dispose()
    if revision is None:
        return "Koneksi berhasil. Basis data masih kosong; skema akan dibuat saat dipakai."
    if revision == HEAD_REVISION:
        return "Koneksi berhasil. Skema basis data sudah sesuai versi aplikasi ini."
    if revision in KNOWN_REVISIONS:
        return "Koneksi berhasil. Skema akan diperbarui saat dipakai."
    return ("Koneksi berhasil, tetapi basis data ini dipakai versi aplikasi yang lebih baru. "
            "Pasang versi terbaru aplikasi.")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        from dinsos_desktop import cli

        setup_logging()
        return cli.run(args, database_url(args.db))
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from dinsos_desktop.paths import bundled_catalog, font_path, resources_dir

    QCoreApplication.setOrganizationName(APP_ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(font_path(name)))
    lang = args.lang or os.environ.get("DINSOS_LANG", "id")
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English,
                               QLocale.Country.Indonesia))
    if lang != "id":
        translator = QTranslator(app)
        if translator.load(f"dinsos_desktop_{lang}", str(resources_dir() / "translations")):
            app.installTranslator(translator)

    setup_logging()
    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.adapters.regions import REGIONS
    from dinsos_desktop.config import DatabaseSettings, describe_url
    from dinsos_desktop.gui.context import AppContext
    from dinsos_desktop.gui.main_window import MainWindow
    from dinsos_desktop.gui.tasks import TaskRunner
    from dinsos_desktop.paths import catalog_cache_path, default_sqlite_path
    from dinsos_desktop.services.calendar import due_calculator

    url = database_url(args.db)
    runner = TaskRunner()
    holidays = IndonesianHolidays()  # one source: the calendar page shows what due dates count
    ctx = AppContext(
        uow_factory=_database_not_open,
        database_label=describe_url(url),
        settings_store=settings_store(),
        open_database=open_database,
        test_connection=test_connection,
        url_for=lambda s: DatabaseSettings.url(s, default_sqlite_path()),
        bundled_catalog=bundled_catalog(),
        regions=REGIONS,
        due_for=due_calculator(holidays),
        holidays=holidays,
        catalog_cache=catalog_cache_path,
    )
    window = MainWindow(ctx, runner, ask_login=not args.bench_exit_after_paint)
    if args.bench_exit_after_paint:
        _exit_after_catalog_paint(window)
    window.show()
    # The catalog this workstation showed last time, while the database opens behind it (the
    # database thread runs one thing after another: this first, it takes milliseconds).
    window.show_cached_catalog()

    def opened(result: tuple[Callable[[], Any], str]) -> None:
        ctx.uow_factory, ctx.database_label = result
        window.start()

    # Even the first connection and migration run on the database thread: the window paints
    # at once and a slow or absent server never freezes it.
    runner.run_db(lambda: open_database(url), opened, window._start_failed)
    return app.exec()


def _database_not_open() -> Any:
    raise RuntimeError("database not open yet")


def _exit_after_catalog_paint(window: Any) -> None:
    """For bench/startup: say when the catalog pane has painted its standards and when the
    database's catalog is in it, then quit."""
    from PySide6.QtCore import QTimer

    def painted() -> None:
        window.catalog_pane.tree.viewport().repaint()
        window.catalog_pane.detail.viewport().repaint()
        print(f"catalog-painted {len(window.catalog_pane.visible_codes())}", flush=True)

    def loaded() -> None:
        window.catalog_pane.tree.viewport().repaint()
        print(f"database-catalog {len(window.catalog_pane.visible_codes())}", flush=True)
        QTimer.singleShot(0, window.close)

    # The first paint (the copy kept from last time, or the database's catalog), then the
    # database's catalog in the pane.
    window.catalog_shown.connect(painted)
    window.catalog_loaded.connect(loaded)
