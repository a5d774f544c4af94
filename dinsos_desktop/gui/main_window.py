"""The main window: navigation between panes, menus, start-up and login flow."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from dinsos_desktop import APP_NAME, __version__
from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.domain.errors import DatabaseError, DomainError
from dinsos_desktop.domain.office import OfficeProfile
from dinsos_desktop.domain.roles import Role
from dinsos_desktop.gui.catalog_pane import CatalogPane
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import show_error
from dinsos_desktop.gui.login import FirstAdminDialog, LoginDialog
from dinsos_desktop.gui.quick_open import ApplicationChooser, QueueCountsButton, QuickOpenBox
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.services import catalog as catalog_service
from dinsos_desktop.services import office as office_service
from dinsos_desktop.services import users as user_service
from dinsos_desktop.services.dto import Actor, CatalogDTO, CatalogVersionDTO

log = logging.getLogger(__name__)

WORKFLOW_READERS = (Role.FRONT_OFFICE, Role.ADMIN, Role.PIMPINAN)
AGENDA_READERS = (Role.AGENDARIS, Role.ADMIN, Role.PIMPINAN)
ASSET_READERS = (Role.PENGURUS_BARANG, Role.PIMPINAN, Role.ADMIN)
COUNTS_EVERY_MS = 60_000


@dataclass(frozen=True)
class StartupState:
    catalog: CatalogDTO | None
    versions: tuple[CatalogVersionDTO, ...]
    needs_admin: bool
    office: OfficeProfile


@dataclass
class _Page:
    key: str
    title: str
    factory: Callable[[], QWidget]
    roles: tuple[Role, ...]  # empty: everyone, even before login
    widget: QWidget | None = None
    item: QListWidgetItem | None = None


class _TabbedPage(QWidget):
    """Several admin panes under one navigation entry; refresh() reaches the one shown."""

    def __init__(self, parent: QWidget, tabs: tuple[tuple[str, QWidget], ...]) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QTabWidget, QVBoxLayout

        self.tabs = QTabWidget(self)
        for title, widget in tabs:
            self.tabs.addTab(widget, title)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()


class MainWindow(QMainWindow):
    catalog_loaded = Signal()  # the database's catalog is in the pane
    catalog_shown = Signal()  # the pane shows a catalog: the local copy, or the database's
    logged_in = Signal(object)  # Actor

    def __init__(self, ctx: AppContext, runner: TaskRunner, *, ask_login: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.runner = runner
        self.runner.default_error_handler = self.show_error
        self.ask_login = ask_login
        self._catalog_announced = False
        self.office = OfficeProfile()
        self._needs_admin = False
        self.active_catalog: CatalogDTO | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1180, 760)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget(self)
        self.nav.currentRowChanged.connect(self._show_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 990])
        self.setCentralWidget(splitter)

        self.catalog_pane = CatalogPane(self)
        self.catalog_pane.print_requested.connect(self.print_standard)
        self.catalog_pane.version_requested.connect(self.load_catalog_version)
        self._pages: list[_Page] = []
        self.add_page("catalog", self.tr("Katalog Layanan"), lambda: self.catalog_pane, ())
        self._register_pages()

        self.user_label = QLabel(self)
        self.db_label = QLabel(self)
        self.busy_label = QLabel(self)
        self.counts_button = QueueCountsButton(self)
        self.counts_button.clicked.connect(lambda: self.show_page("queues"))
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.counts_button)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.runner.busy_changed.connect(
            lambda busy: self.busy_label.setText(self.tr("Memproses…") if busy else ""))
        self._build_menus()
        self._build_quick_open()
        self._refresh_identity()
        self._restore_geometry()

    # ------------------------------------------------------------------ pages

    def add_page(self, key: str, title: str, factory: Callable[[], QWidget],
                 roles: tuple[Role, ...]) -> None:
        self._pages.append(_Page(key, title, factory, roles))
        self._rebuild_nav()

    def _register_pages(self) -> None:
        # Imported here: these modules are not needed before someone logs in.
        def intake() -> QWidget:
            from dinsos_desktop.gui.intake_page import IntakePage

            # The catalog in force, even while the catalog page shows an earlier decree.
            return IntakePage(self.ctx, self.runner, lambda: self.active_catalog, self)

        def applicants() -> QWidget:
            from dinsos_desktop.gui.applicants_page import ApplicantsPage

            page = ApplicantsPage(self.ctx, self.runner, self)
            page.open_application.connect(self.open_application)
            return page

        def users() -> QWidget:
            from dinsos_desktop.gui.users_page import UsersPage

            return UsersPage(self.ctx, self.runner, self)

        def office() -> QWidget:
            from dinsos_desktop.gui.office_page import OfficeProfilePage

            page = OfficeProfilePage(self.ctx, self.runner, self)
            page.saved.connect(self._office_saved)
            return page

        def calendar() -> QWidget:
            from dinsos_desktop.gui.calendar_page import CalendarPage

            return CalendarPage(self.ctx, self.runner, self)

        def audit() -> QWidget:
            from dinsos_desktop.gui.audit_page import AuditPage

            return AuditPage(self.ctx, self.runner, self)

        def queues() -> QWidget:
            from dinsos_desktop.gui.queues_page import QueuesPage

            page = QueuesPage(self.ctx, self.runner, lambda: self.active_catalog, self)
            page.open_requested.connect(self.open_application)
            return page

        def application() -> QWidget:
            from dinsos_desktop.gui.application_view import ApplicationViewPage

            page = ApplicationViewPage(self.ctx, self.runner, self)
            page.changed.connect(lambda _id: self._application_changed())
            return page

        def agenda() -> QWidget:
            from dinsos_desktop.gui.agenda_page import AgendaPage

            return AgendaPage(self.ctx, self.runner, lambda: self.active_catalog, self)

        def agenda_tools() -> QWidget:
            from dinsos_desktop.gui.agenda_admin import AgendaToolsPage

            return AgendaToolsPage(self.ctx, self.runner, self)

        def agenda_settings() -> QWidget:
            from dinsos_desktop.gui.agenda_admin import ClassificationPage, NumberingSettingsPage

            return _TabbedPage(self, (
                (self.tr("Kode klasifikasi"), ClassificationPage(self.ctx, self.runner, self)),
                (self.tr("Format nomor"), NumberingSettingsPage(self.ctx, self.runner, self))))

        def assets() -> QWidget:
            from dinsos_desktop.gui.assets_page import AssetsPage

            return AssetsPage(self.ctx, self.runner, self)

        self.add_page("intake", self.tr("Penerimaan Berkas"), intake, (Role.FRONT_OFFICE, Role.ADMIN))
        self.add_page("queues", self.tr("Antrean Kerja"), queues, WORKFLOW_READERS)
        self.add_page("application", self.tr("Berkas Permohonan"), application, WORKFLOW_READERS)
        self.add_page("applicants", self.tr("Pemohon"), applicants,
                      (Role.FRONT_OFFICE, Role.ADMIN, Role.PIMPINAN))
        self.add_page("agenda", self.tr("Buku Agenda"), agenda, AGENDA_READERS)
        self.add_page("agenda_tools", self.tr("Register & Impor Agenda"), agenda_tools, AGENDA_READERS)
        self.add_page("users", self.tr("Pengguna"), users, (Role.ADMIN,))
        self.add_page("office", self.tr("Profil Kantor"), office, (Role.ADMIN,))
        self.add_page("calendar", self.tr("Hari Kerja"), calendar, (Role.ADMIN,))
        self.add_page("agenda_settings", self.tr("Pengaturan Agenda"), agenda_settings, (Role.ADMIN,))
        self.add_page("audit", self.tr("Jejak Audit"), audit, (Role.ADMIN, Role.PIMPINAN))
        # Last: the pages above keep their Ctrl+number.
        self.add_page("assets", self.tr("Barang Milik Daerah"), assets, ASSET_READERS)

    def _allowed(self, page: _Page) -> bool:
        if not page.roles:
            return True
        actor = self.ctx.actor
        return actor is not None and actor.has(*page.roles)

    def _rebuild_nav(self) -> None:
        current = self.current_page_key()
        self.nav.blockSignals(True)
        self.nav.clear()
        for i, page in enumerate(p for p in self._pages if self._allowed(p)):
            shortcut = f"  (Ctrl+{i + 1})" if i < 9 else ""
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(page.title + shortcut)
            self.nav.addItem(item)
            page.item = item
        self.nav.blockSignals(False)
        self.show_page(current if current and self._page(current) and self._allowed(self._page(current))
                       else "catalog")

    def _page(self, key: str) -> _Page | None:
        return next((p for p in self._pages if p.key == key), None)

    def current_page_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def page_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]

    def show_page(self, key: str) -> QWidget | None:
        keys = self.page_keys()
        if key not in keys:
            return None
        self.nav.setCurrentRow(keys.index(key))
        return self.page_widget(key)

    def page_widget(self, key: str) -> QWidget | None:
        page = self._page(key)
        return page.widget if page else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self._page(self.nav.item(row).data(Qt.ItemDataRole.UserRole))
        assert page is not None
        if page.widget is None:
            page.widget = page.factory()
            self.stack.addWidget(page.widget)
        self.stack.setCurrentWidget(page.widget)
        refresh = getattr(page.widget, "refresh", None)
        if callable(refresh) and page.key != "catalog":
            refresh()

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Berkas"))
        self.connection_action = QAction(self.tr("&Koneksi basis data…"), self)
        self.connection_action.triggered.connect(self.open_connection_settings)
        file_menu.addAction(self.connection_action)
        self.login_action = QAction(self.tr("&Masuk…"), self)
        self.login_action.setShortcut(QKeySequence("Ctrl+L"))
        self.login_action.triggered.connect(self.ask_who)
        file_menu.addAction(self.login_action)
        self.password_action = QAction(self.tr("&Ganti kata sandi…"), self)
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        self.logout_action = QAction(self.tr("Keluar &akun"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.logout_action.triggered.connect(self.logout)
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Tutup aplikasi"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        catalog_menu = self.menuBar().addMenu(self.tr("&Katalog"))
        self.find_action = QAction(self.tr("&Cari layanan"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._find)
        catalog_menu.addAction(self.find_action)
        self.print_action = QAction(self.tr("C&etak lembar standar…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._print_current)
        catalog_menu.addAction(self.print_action)
        catalog_menu.addSeparator()
        self.import_action = QAction(self.tr("&Impor katalog (keputusan baru)…"), self)
        self.import_action.triggered.connect(self.import_catalog)
        catalog_menu.addAction(self.import_action)
        self.export_action = QAction(self.tr("&Ekspor katalog…"), self)
        self.export_action.triggered.connect(self.export_catalog)
        catalog_menu.addAction(self.export_action)

        go_menu = self.menuBar().addMenu(self.tr("&Halaman"))
        for i in range(9):
            action = QAction(self.tr("Halaman {n}").format(n=i + 1), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, row=i: self._go_row(row))
            self.addAction(action)
        go_menu.menuAction().setVisible(False)

        help_menu = self.menuBar().addMenu(self.tr("Ba&ntuan"))
        about = QAction(self.tr("&Tentang Dinsos Desktop"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _go_row(self, row: int) -> None:
        if row < self.nav.count():
            self.nav.setCurrentRow(row)

    def _find(self) -> None:
        self.show_page("catalog")
        self.catalog_pane.focus_search()

    def _print_current(self) -> None:
        standard = self.catalog_pane.current_standard()
        if standard is not None:
            self.print_standard(standard)

    # ------------------------------------------------------------------ start-up and login

    def show_cached_catalog(self) -> None:
        """Before the database is open: show the catalog this workstation last showed from it
        (a local copy), so the counter can browse at once; the database's replaces it."""
        cache = self.ctx.catalog_cache
        if cache is None:
            return
        path = cache(self.ctx.database_label)

        def read() -> CatalogDTO | None:
            found = catalog_service.read_cached_catalog(path)
            if found is not None:  # babel's Indonesian data, off the GUI thread (set_catalog)
                from dinsos_desktop.reports.formatting import format_date

                format_date(found.catalog.version.decree_date)
            return found

        self.runner.run_db(read, self._show_cached, lambda _exc: None)

    def _show_cached(self, cached: CatalogDTO | None) -> None:
        if cached is None or self.active_catalog is not None:
            return  # the database's catalog came first
        self.catalog_pane.set_catalog(cached)
        self._announce_catalog()

    def _announce_catalog(self) -> None:
        if not self._catalog_announced:
            self._catalog_announced = True
            self.catalog_shown.emit()

    def start(self) -> None:
        """Open the database off the GUI thread, load the catalog, then ask who is working."""
        label = self.ctx.database_label
        cache = self.ctx.catalog_cache(label) if self.ctx.catalog_cache is not None else None
        # The file path is in the tooltip (and Bantuan → Tentang); the bar only says which kind.
        self.db_label.setText(self.tr("Basis data lokal (SQLite)") if label.startswith("SQLite") else label)
        self.db_label.setToolTip(label)
        bundled = self.ctx.bundled_catalog
        uow_factory = self.ctx.uow_factory

        def prepare() -> StartupState:
            if bundled is not None:
                catalog_service.ensure_bundled_catalog(uow_factory(), bundled)
            try:
                catalog: CatalogDTO | None = catalog_service.get_catalog(uow_factory())
            except DomainError:
                catalog = None
            if catalog is not None and cache is not None:
                catalog_service.write_cached_catalog(cache, catalog)
            # Load babel's Indonesian data here, off the GUI thread, before the pane needs it.
            from dinsos_desktop.reports.formatting import format_date

            format_date(catalog.catalog.version.decree_date if catalog else dt.date.today())
            return StartupState(
                catalog=catalog,
                versions=tuple(catalog_service.list_versions(uow_factory())),
                needs_admin=user_service.needs_first_admin(uow_factory()),
                office=office_service.get_office_profile(uow_factory()),
            )

        self.runner.run_db(prepare, self._started, self._start_failed)

    def _started(self, state: StartupState) -> None:
        self.office = state.office
        self._needs_admin = state.needs_admin
        if state.catalog is not None:
            self.catalog_pane.set_versions(state.versions, state.catalog.version_id)
            self.catalog_pane.set_catalog(state.catalog)
        self.active_catalog = state.catalog
        if state.catalog is not None:
            self._announce_catalog()
        self.catalog_loaded.emit()
        if self.ask_login:
            self.ask_who()

    def ask_who(self) -> None:
        """The first admin on a new database, else the login (also Berkas → Masuk after Batal)."""
        if self._needs_admin:
            self.prompt_first_admin()
        elif self.ctx.actor is None:
            self.prompt_login()

    def _start_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DatabaseError):
            self.show_error(exc)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Basis data tidak dapat dibuka"),
                          exc.message, QMessageBox.StandardButton.NoButton, self)
        retry = box.addButton(self.tr("&Coba lagi"), QMessageBox.ButtonRole.AcceptRole)
        settings = box.addButton(self.tr("&Pengaturan koneksi…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("&Tutup aplikasi"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is retry:
            self.start()
        elif box.clickedButton() is settings:
            if not self.open_connection_settings():
                self.start()
        else:
            self.close()

    def prompt_first_admin(self) -> FirstAdminDialog:
        dialog = FirstAdminDialog(self)

        def submit(username: str, full_name: str, password: str) -> None:
            factory = self.ctx.uow_factory
            self.runner.run_db(
                lambda: user_service.create_first_admin(factory(), username, full_name, password),
                lambda actor: (dialog.accept(), setattr(self, "_needs_admin", False),
                               self.set_actor(actor)),
                lambda exc: dialog.show_failure(exc) if isinstance(exc, DomainError)
                else self.show_error(exc),
            )

        dialog.submitted.connect(submit)
        dialog.open()
        return dialog

    def prompt_login(self) -> LoginDialog:
        dialog = LoginDialog(f"{self.office.office_name} — {self.office.government_name}", self)

        def submit(username: str, password: str) -> None:
            factory = self.ctx.uow_factory
            self.runner.run_db(
                lambda: user_service.login(factory(), username, password),
                lambda actor: (dialog.accept(), self.set_actor(actor)),
                lambda exc: dialog.show_failure(exc) if isinstance(exc, DomainError)
                else self.show_error(exc),
            )

        dialog.submitted.connect(submit)
        dialog.open()
        return dialog

    def set_actor(self, actor: Actor | None) -> None:
        self.ctx.actor = actor
        for page in self._pages:
            if page.widget is not None and page.roles and not self._allowed(page):
                self.stack.removeWidget(page.widget)
                page.widget.deleteLater()
                page.widget = None
        self._rebuild_nav()
        self._refresh_identity()
        self.refresh_counts()
        if actor is not None:
            self.logged_in.emit(actor)

    def logout(self) -> None:
        self.set_actor(None)
        self.show_page("catalog")
        self.prompt_login()

    def _refresh_identity(self) -> None:
        actor = self.ctx.actor
        is_admin = actor is not None and actor.has(Role.ADMIN)
        self.import_action.setEnabled(is_admin)
        self.export_action.setEnabled(actor is not None)
        self.password_action.setEnabled(actor is not None and actor.user_id is not None)
        self.logout_action.setEnabled(actor is not None)
        self.login_action.setEnabled(actor is None)
        # Opening application files is for those who work them (not, say, the agendaris).
        self.quick_open_bar.setVisible(self._may_track())
        self.quick_open_action.setEnabled(self._may_track())
        self.scan_catcher.enabled = self._may_track()
        if actor is None:
            self.user_label.setText(self.tr("Belum masuk"))
        else:
            roles = ", ".join(r.label for r in Role if r in actor.roles)
            self.user_label.setText(f"{actor.full_name} ({actor.username}) — {roles}")

    def _office_saved(self, profile: OfficeProfile) -> None:
        self.office = profile

    # ------------------------------------------------------------------ open a file from anywhere

    def _build_quick_open(self) -> None:
        bar = QToolBar(self.tr("Buka berkas"), self)
        bar.setObjectName("quickOpenBar")
        bar.setMovable(False)
        self.quick_open = QuickOpenBox(bar)
        self.quick_open.submitted.connect(self.locate)
        bar.addWidget(self.quick_open)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.quick_open_bar = bar
        focus = QAction(self.tr("Buka berkas…"), self)
        focus.setShortcut(QKeySequence("Ctrl+O"))
        focus.triggered.connect(lambda: (self.quick_open.setFocus(), self.quick_open.selectAll()))
        self.addAction(focus)
        self.quick_open_action = focus
        # A USB barcode scanner types a receipt's QR content and Enter into whatever has focus.
        from dinsos_desktop.gui.scan import ScanCatcher

        self.scan_catcher = ScanCatcher(self)
        self.scan_catcher.scanned.connect(self.locate)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scan_catcher)
        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_EVERY_MS)
        self.counts_timer.timeout.connect(self.refresh_counts)
        self.counts_timer.start()

    def _may_track(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and actor.has(*WORKFLOW_READERS)

    def locate(self, text: str) -> None:
        """A number or a scanned QR opens its file; an NIK or a name lists the files found."""
        if not self._may_track():
            return
        from dinsos_desktop.services import tracking

        factory, actor = self.ctx.uow_factory, self.ctx.actor
        assert actor is not None

        def found(applications: list[Any]) -> None:
            if not applications:
                QMessageBox.information(self, self.tr("Buka berkas"), self.tr(
                    "Tidak ada berkas untuk “{text}”.").format(text=text))
                return
            self.quick_open.clear()
            if len(applications) == 1:
                self.open_application(applications[0].id)
                return
            from dinsos_desktop.reports.formatting import format_date

            def when(app: Any) -> str:
                moment = app.registered_at or app.created_at
                return format_date(moment.astimezone().date())

            chooser = ApplicationChooser(text, applications, when, self)
            chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_chooser = chooser
            chooser.accepted.connect(
                lambda: self.open_application(chooser.chosen) if chooser.chosen is not None else None)
            chooser.open()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError) and not isinstance(exc, DatabaseError):
                self._notify(QMessageBox.Icon.Warning, exc.message)
                self.quick_open.setFocus()
                self.quick_open.selectAll()
            else:
                self.show_error(exc)

        self.runner.run_db(lambda: tracking.locate(factory(), actor, text), found, failed)

    def _notify(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.tr("Buka berkas"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("quickOpenMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()

    def open_application(self, application_id: int) -> None:
        page = self.show_page("application")
        if page is not None:
            page.show_application(application_id)  # type: ignore[attr-defined]

    def _application_changed(self) -> None:
        self.refresh_counts()
        queues = self.page_widget("queues")
        if queues is not None:
            queues.refresh()  # type: ignore[attr-defined]

    def refresh_counts(self) -> None:
        if not self._may_track():
            self.counts_button.set_counts(None)
            return
        from dinsos_desktop.services import tracking

        factory, actor, holidays = self.ctx.uow_factory, self.ctx.actor, self.ctx.holidays
        assert actor is not None
        if holidays is None:
            return
        self.runner.run_db(lambda: tracking.queue_counts(factory(), actor, holidays=holidays),
                           self.counts_button.set_counts, lambda exc: log.warning(
                               "queue counts: %s", exc))

    # ------------------------------------------------------------------ actions

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc, on_fix_connection=self.open_connection_settings)

    def print_standard(self, standard: Standard) -> None:
        catalog = self.catalog_pane.catalog
        if catalog is None:
            return
        factory = self.ctx.uow_factory
        bidang = catalog.catalog.bidang_name(standard.bidang)
        version = catalog.catalog.version

        def render(paper_key: str, office: OfficeProfile) -> bytes:
            from dinsos_desktop.reports.paper import paper_size
            from dinsos_desktop.reports.standard_sheet import render_standard_sheet

            return render_standard_sheet(standard, version, bidang, office,
                                         paper=paper_size(paper_key))

        def with_office(office: OfficeProfile) -> None:
            self.office = office
            self.runner.run_report(lambda: render("A4", office), show)

        def show(pdf: bytes) -> None:
            from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

            def rerender(paper_key: str, done: Callable[[bytes], None]) -> None:
                self.runner.run_report(lambda: render(paper_key, self.office), done)

            dialog = PdfPreviewDialog(
                self.tr("Lembar standar pelayanan — {title}").format(title=standard.title), pdf,
                f"standar-pelayanan-{standard.code.lower()}.pdf", rerender=rerender, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_preview = dialog
            dialog.open()

        self.runner.run_db(lambda: office_service.get_office_profile(factory()), with_office)

    def import_catalog(self) -> None:
        from dinsos_desktop.gui.catalog_io import import_catalog_interactive

        import_catalog_interactive(self)

    def export_catalog(self) -> None:
        from dinsos_desktop.gui.catalog_io import export_catalog_interactive

        export_catalog_interactive(self)

    def reload_catalog(self) -> None:
        """After an import: the new active version, and the list of versions."""
        factory = self.ctx.uow_factory

        def load() -> tuple[tuple[CatalogVersionDTO, ...], CatalogDTO]:
            return (tuple(catalog_service.list_versions(factory())),
                    catalog_service.get_catalog(factory()))

        def loaded(result: tuple[tuple[CatalogVersionDTO, ...], CatalogDTO]) -> None:
            versions, catalog = result
            self.catalog_pane.set_versions(versions, catalog.version_id)
            self.catalog_pane.set_catalog(catalog)
            self.active_catalog = catalog

        self.runner.run_db(load, loaded)

    def load_catalog_version(self, version_id: int) -> None:
        """An earlier decree's standards stay readable: the pane can show any stored version."""
        factory = self.ctx.uow_factory
        self.runner.run_db(lambda: catalog_service.get_catalog(factory(), version_id),
                           self.catalog_pane.set_catalog)

    def open_connection_settings(self) -> bool:
        from dinsos_desktop.gui.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(self.ctx, self.runner, self)
        if dialog.exec() != ConnectionDialog.DialogCode.Accepted:
            return False
        self.reconnect(dialog.chosen_url())
        return True

    def reconnect(self, url: str) -> None:
        def opened(result: tuple[Any, str]) -> None:
            self.ctx.uow_factory, self.ctx.database_label = result
            self.set_actor(None)
            self.start()

        self.runner.run_db(lambda: self.ctx.open_database(url), opened, self._start_failed)

    def change_password(self) -> None:
        from dinsos_desktop.gui.users_page import ChangePasswordDialog

        if self.ctx.actor is not None:
            ChangePasswordDialog(self.ctx, self.runner, self).open()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("Tentang Dinsos Desktop"), self.tr(
            "<b>Dinsos Desktop {version}</b><br>Aplikasi loket pelayanan Dinas Sosial: katalog "
            "standar pelayanan, penerimaan berkas, buku agenda, dan aset.<br><br>Basis data: {db}"
        ).format(version=__version__, db=self.ctx.database_label))

    # ------------------------------------------------------------------ window state

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: Any) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.counts_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scan_catcher)
        self.runner.wait(5000)
        super().closeEvent(event)


def application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
