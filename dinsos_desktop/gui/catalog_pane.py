"""The catalog pane: the first screen a clerk sees. Standards grouped by bidang, a search box that
filters as you type, and every component of the selected standard."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.gui.catalog_html import standard_html
from dinsos_desktop.services.dto import CatalogDTO, CatalogVersionDTO

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CatalogPane(QWidget):
    print_requested = Signal(object)  # Standard
    version_requested = Signal(int)  # catalog version id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogPane")
        self._catalog: CatalogDTO | None = None
        self._current: Standard | None = None
        self._shown_codes: tuple[str, ...] | None = None
        self._rendered: str | None = None
        # The detail view is rendered when typing pauses: filtering stays instant per keystroke.
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)
        self._detail_timer.timeout.connect(self._render_detail)

        self.search = QLineEdit(self)
        self.search.setObjectName("catalogSearch")
        self.search.setPlaceholderText(self.tr("Cari layanan, persyaratan, atau produk…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self._select_first)
        self.search.installEventFilter(self)

        self.count_label = QLabel(self)
        self.version_label = QLabel(self)
        self.version_label.setWordWrap(True)
        self.version_label.setStyleSheet("color: #555;")
        self.versions = QComboBox(self)
        self.versions.setObjectName("catalogVersion")
        self.versions.setToolTip(self.tr("Versi katalog (keputusan yang menetapkan standar pelayanan)"))
        self.versions.activated.connect(self._version_chosen)
        self.old_version_note = QLabel(self.tr(
            "Anda melihat versi katalog yang tidak berlaku lagi. Permohonan baru memakai versi "
            "yang berlaku."), self)
        self.old_version_note.setWordWrap(True)
        self.old_version_note.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 4px; border: 1px solid #e0c060;")
        self.old_version_note.hide()
        self._active_version_id: int | None = None

        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("catalogTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.activated.connect(self._on_activated)

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("catalogDetail")
        self.detail.setOpenLinks(False)

        # Alt+E as in the Katalog menu: Alt+C is the search box's ("&Cari:"); a shared mnemonic only
        # moves the focus between the two widgets.
        self.print_button = QPushButton(self.tr("C&etak lembar standar…"), self)
        self.print_button.setObjectName("printStandard")
        self.print_button.setToolTip(self.tr("Cetak lembar standar pelayanan untuk pemohon (Ctrl+P)"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._request_print)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        find_label = QLabel(self.tr("&Cari:"), left)
        find_label.setBuddy(self.search)
        row = QHBoxLayout()
        row.addWidget(find_label)
        row.addWidget(self.search, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.count_label)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        version_row = QHBoxLayout()
        version_label = QLabel(self.tr("&Versi:"), right)
        version_label.setBuddy(self.versions)
        version_row.addWidget(version_label)
        version_row.addWidget(self.versions, 1)
        right_layout.addLayout(version_row)
        right_layout.addWidget(self.old_version_note)
        right_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.version_label, 1)
        buttons.addWidget(self.print_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        # Ctrl+F is the main window's "Cari layanan" action (it also brings this pane forward). A
        # second Ctrl+F shortcut here made the key ambiguous in the window, and then neither fired.
        self.setTabOrder(self.search, self.tree)
        self.setTabOrder(self.tree, self.detail)
        self.setTabOrder(self.detail, self.print_button)
        self.setTabOrder(self.print_button, self.versions)
        self._show_placeholder(self.tr("Memuat katalog standar pelayanan…"))

    # ------------------------------------------------------------------ data

    def set_catalog(self, catalog: CatalogDTO) -> None:
        self._catalog = catalog
        from dinsos_desktop.reports.formatting import format_date

        v = catalog.catalog.version
        self.version_label.setText(
            self.tr("Katalog: Keputusan No. {number} tanggal {date}").format(
                number=v.decree_number, date=format_date(v.decree_date))
        )
        self.old_version_note.setVisible(
            self._active_version_id is not None and catalog.version_id != self._active_version_id)
        index = self.versions.findData(catalog.version_id)
        if index >= 0:
            self.versions.setCurrentIndex(index)
        self._shown_codes = None
        self._rendered = None
        if self._current is not None:
            try:
                self._current = catalog.catalog.standard(self._current.code)
            except KeyError:
                self._current = None
        self.apply_filter(self.search.text())
        if self._current is None:
            self._select_first()
        self._render_detail()

    def set_versions(self, versions: Sequence[CatalogVersionDTO], shown_id: int) -> None:
        from dinsos_desktop.reports.formatting import format_date

        self.versions.clear()
        for v in sorted(versions, key=lambda v: (v.decree_date, v.id), reverse=True):
            label = self.tr("Keputusan No. {number} ({date})").format(
                number=v.decree_number, date=format_date(v.decree_date))
            if v.is_active:
                label += " — " + self.tr("berlaku")
                self._active_version_id = v.id
            self.versions.addItem(label, v.id)
        self.versions.setEnabled(self.versions.count() > 1)
        index = self.versions.findData(shown_id)
        if index >= 0:
            self.versions.setCurrentIndex(index)

    def _version_chosen(self, index: int) -> None:
        version_id = self.versions.itemData(index)
        if version_id is not None and (self._catalog is None or version_id != self._catalog.version_id):
            self.version_requested.emit(int(version_id))

    @property
    def catalog(self) -> CatalogDTO | None:
        return self._catalog

    def visible_codes(self) -> list[str]:
        codes = []
        for r in range(self.model.rowCount()):
            group = self.model.item(r)
            for c in range(group.rowCount()):
                codes.append(group.child(c).data(CODE_ROLE))
        return codes

    def apply_filter(self, text: str) -> None:
        if self._catalog is None:
            return
        matches = self._catalog.index.search(text)
        catalog = self._catalog.catalog
        total = len(catalog.standards)
        if text.strip():
            self.count_label.setText(self.tr("{n} dari {total} layanan").format(n=len(matches), total=total))
        else:
            self.count_label.setText(self.tr("{total} layanan").format(total=total))
        codes = tuple(s.code for s in matches)
        if codes == self._shown_codes:
            return  # typing one more letter often keeps the same list: nothing to redraw
        self._shown_codes = codes
        keep = self._current.code if self._current else None
        self.tree.setUpdatesEnabled(False)
        self.model.clear()
        bold = QFont()
        bold.setBold(True)
        groups: dict[str, QStandardItem] = {}
        current_index: QModelIndex | None = None
        for b in catalog.bidang:
            if any(s.bidang == b.code for s in matches):
                item = QStandardItem(b.name)
                item.setFont(bold)
                item.setSelectable(False)
                groups[b.code] = item
                self.model.appendRow(item)
        for s in matches:
            child = QStandardItem(f"{s.lampiran}. {s.title}")
            child.setData(s.code, CODE_ROLE)
            child.setToolTip(s.title)
            groups[s.bidang].appendRow(child)
            if s.code == keep:
                current_index = child.index()
        self.tree.expandAll()
        self.tree.setUpdatesEnabled(True)
        if current_index is not None:
            self.tree.setCurrentIndex(current_index)
        elif matches:
            self._select_first()
        else:
            self._current = None
            self._rendered = None
            self._detail_timer.stop()
            self.print_button.setEnabled(False)
            self._show_placeholder(self.tr("Tidak ada layanan yang cocok dengan “{q}”.").format(q=text))

    # ------------------------------------------------------------------ behaviour

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_standard(self) -> Standard | None:
        return self._current

    def select_code(self, code: str) -> bool:
        for r in range(self.model.rowCount()):
            group = self.model.item(r)
            for c in range(group.rowCount()):
                if group.child(c).data(CODE_ROLE) == code:
                    self.tree.setCurrentIndex(group.child(c).index())
                    return True
        return False

    def _select_first(self) -> None:
        codes = self.visible_codes()
        if codes:
            self.select_code(codes[0])

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code = current.data(CODE_ROLE) if current.isValid() else None
        if code is None or self._catalog is None:
            return
        self._current = self._catalog.catalog.standard(code)
        self.print_button.setEnabled(True)
        if self.search.hasFocus():
            self._detail_timer.start()
        else:
            self._render_detail()

    def _render_detail(self) -> None:
        self._detail_timer.stop()
        if self._current is None or self._catalog is None or self._rendered == self._current.code:
            return
        self._rendered = self._current.code
        self.detail.setHtml(standard_html(self._catalog.catalog, self._current, self._labels()))
        self.detail.verticalScrollBar().setValue(0)

    def _on_activated(self, index: QModelIndex) -> None:
        self._render_detail()
        if index.data(CODE_ROLE):
            self.detail.setFocus()

    def _request_print(self) -> None:
        self._render_detail()
        if self._current is not None:
            self.print_requested.emit(self._current)

    def _show_placeholder(self, text: str) -> None:
        self.detail.setHtml(f"<p style='color:#666'>{text}</p>")

    def eventFilter(self, obj: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if obj is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.tree.setFocus()
                if not self.tree.currentIndex().isValid():
                    self._select_first()
                return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def _labels(self) -> dict[str, str]:
        return {
            "legal_basis": self.tr("Dasar Hukum"),
            "requirements": self.tr("Persyaratan Pelayanan"),
            "procedure": self.tr("Sistem, Mekanisme dan Prosedur"),
            "time_limit": self.tr("Jangka Waktu Pelayanan"),
            "fee": self.tr("Biaya/Tarif"),
            "products": self.tr("Produk Pelayanan"),
            "facilities": self.tr("Sarana, Prasarana dan/atau Fasilitas"),
            "competence": self.tr("Kompetensi Pelaksana"),
            "supervision": self.tr("Pengawasan Internal"),
            "complaints": self.tr("Penanganan Pengaduan, Saran dan Masukan"),
            "executors": self.tr("Jumlah Pelaksana"),
            "service_guarantee": self.tr("Jaminan Pelayanan"),
            "safety_guarantee": self.tr("Jaminan Keamanan dan Keselamatan Pelayanan"),
            "evaluation": self.tr("Evaluasi Kinerja Pelaksana"),
            "notes": self.tr("Catatan transkripsi"),
            "counted": self.tr("Dihitung sebagai"),
            "no_fixed": self.tr("Tidak ada batas waktu tetap."),
            "bidang": self.tr("Bidang"),
            "lampiran": self.tr("Lampiran"),
            "decree": self.tr("Keputusan"),
        }
