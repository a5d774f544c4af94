"""Kode & Pengaturan of the fixed-asset register: the code tree of Permendagri 108/2016 with the
useful lives the city's accounting policy gives (a code without one inherits its parent's), the
code tree to and from XLSX/CSV (edited in Excel, imported with a preview), the depreciation
period, the layout of the label sheet and of the label roll (with a sample sheet to check it
against the label paper), and importing an existing KIB from Excel.

The admin and the pengurus barang keep the codes and the settings; the pimpinan reads them.
Keys: Ctrl+N a code (under the selected one), F2 or Enter change it, Alt+M import codes, Alt+E
export them, Ctrl+S save the settings, Ctrl+Shift+L a sample sheet, Ctrl+I import a KIB.
Files are read and written on the report thread, the codes checked and saved on the database
thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.assets import (
    ROLL_LAYOUT,
    LabelLayout,
    Period,
    check_asset_code,
    check_layout,
    code_level,
    parent_code,
)
from dinsos_desktop.domain.errors import DatabaseError, DomainError, ValidationError
from dinsos_desktop.gui.agenda_admin import (
    ImportPreviewDialog,
    _file_error,
    _unreadable,
    _with_suffix,
)
from dinsos_desktop.gui.asset_common import (
    DONE_STYLE,
    HINT_STYLE,
    AssetDesk,
    field_label,
    hint_label,
    kib_heading,
    period_label,
)
from dinsos_desktop.gui.asset_reports import AssetPrinter
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.widgets import FieldError, FormErrors, fit_height, grid_row
from dinsos_desktop.reports.asset_data import LabelData, office_short_name
from dinsos_desktop.reports.formatting import format_number
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services.asset_dto import AssetCodeDTO, AssetCodeInput, AssetSettings
from dinsos_desktop.services.dto import Actor
from dinsos_desktop.services.letters import RowProblem

INHERITED = QColor("#777777")
RETIRED = QColor("#9e9e9e")
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
NO_LIFE = -1  # the spin box's "inherits its parent's" value
SAMPLE_LABELS = 24


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssetSettings", text)


# --------------------------------------------------------------------------- the code tree


class CodeFilter(QSortFilterProxyModel):
    """A code shows when it, one of its ancestors or one of its descendants matches the text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class CodeDialog(QDialog):
    """Tambah / ubah kode barang: the code (new codes only, under an existing parent), its name,
    its useful life (or its parent's), whether it is still used."""

    saved = Signal(object)  # AssetCodeDTO

    def __init__(self, desk: AssetDesk, code: AssetCodeDTO | None = None, *, under: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self.desk = desk
        self.item = code
        self.setWindowTitle(self.tr("Ubah kode {code}").format(code=code.code) if code
                            else self.tr("Tambah kode barang"))
        self.setMinimumWidth(560)
        self.code = QLineEdit(code.code if code else (under + "." if under else ""), self)
        self.code.setObjectName("codeText")
        self.code.setMaxLength(40)
        self.code.setReadOnly(code is not None)
        self.code.setPlaceholderText("1.3.2.05.02.01.003")
        self.name = QLineEdit(code.name if code else "", self)
        self.name.setObjectName("codeName")
        self.name.setMaxLength(300)
        self.life = QSpinBox(self)
        self.life.setObjectName("usefulLife")
        self.life.setRange(NO_LIFE, 100)
        self.life.setSpecialValueText(self.tr("ikut kode induk"))
        self.life.setSuffix(self.tr(" tahun"))
        self.life.setValue(code.useful_life if code and code.useful_life is not None else NO_LIFE)
        self.life.setMaximumWidth(180)
        self.active = QCheckBox(self.tr("Kode &dipakai"), self)
        self.active.setObjectName("codeActive")
        self.active.setChecked(code.active if code else True)
        self.field_errors = {"code": FieldError(self), "name": FieldError(self),
                             "useful_life": FieldError(self)}
        for key, label in self.field_errors.items():
            label.setObjectName(f"{key}Error")
        self.general = FieldError(self)
        self.errors = FormErrors(self.field_errors, self.general)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid_row(grid, self.tr("&Kode:"), self.code, self.field_errors["code"])
        grid_row(grid, self.tr("&Nama:"), self.name, self.field_errors["name"])
        grid_row(grid, self.tr("&Masa manfaat:"), self.life, self.field_errors["useful_life"])
        grid.addWidget(self.active, grid.rowCount(), 1)
        inherited = ""
        if code is not None and code.useful_life is None and code.effective_life:
            inherited = self.tr("Sekarang ikut kode induk: {n} tahun.").format(n=code.effective_life)
        note = hint_label(self.tr("Masa manfaat dari kebijakan akuntansi pemerintah kota. Kode tanpa "
                                  "masa manfaat memakai masa manfaat kode di atasnya.") + " " + inherited,
                          self)
        self.ok_button = QPushButton(self.tr("Simpan"), self)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Batal (Esc)"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        for first, second in pairwise((self.code, self.name, self.life, self.active, self.ok_button,
                                       cancel)):
            self.setTabOrder(first, second)
        if code is None:
            self.code.setFocus()
            self.code.end(False)
        else:
            self.name.setFocus()

    def submit(self) -> None:
        life = self.life.value()
        data = AssetCodeInput(self.code.text(), self.name.text(), None if life == NO_LIFE else life,
                              self.active.isChecked())
        item, now = self.item, self.desk.clock
        self.errors.clear()
        self.ok_button.setEnabled(False)

        def work(uow: Any, actor: Actor) -> AssetCodeDTO:
            if item is None:
                return asset_service.save_code(uow, actor, data, now=now())
            return asset_service.save_code(uow, actor, data, code_id=item.id,
                                           expected_version=item.version, now=now())

        self.desk.run(work, self._saved, self._failed)

    def _saved(self, code: AssetCodeDTO) -> None:
        self.ok_button.setEnabled(True)
        self.saved.emit(code)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            fit_height(self)
        elif isinstance(exc, DomainError) and not isinstance(exc, DatabaseError):
            self.general.show_message(exc.message)
        else:
            report_error(self, exc)


class CodesPane(QGroupBox):
    """The code tree with the useful lives; the tree exported to XLSX/CSV and imported back (a
    preview first: the file's problems and the service's per row, how many codes are new and how
    many change; nothing is saved while there is a problem, then all of it at once)."""

    imported = Signal()

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codesPane")
        self.setTitle(self.tr("Kode barang dan masa manfaat"))
        self.desk = desk
        self.printer = printer  # its choose_file asks for the files (tests answer it)
        self.codes: list[AssetCodeDTO] = []
        self.dialog: QDialog | None = None
        self.preview: ImportPreviewDialog | None = None
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([self.tr("Kode"), self.tr("Nama"),
                                              self.tr("Masa manfaat")])
        self.proxy = CodeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("codeTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        self.tree.setIndentation(12)
        header.resizeSection(0, metrics.horizontalAdvance("1.3.2.05.02.01.003") + 6 * 12 + 24)
        header.resizeSection(2, metrics.horizontalAdvance("tidak disusutkan") + 16)
        self.tree.activated.connect(lambda _i: self.edit_code())
        self.search = QLineEdit(self)
        self.search.setObjectName("codeSearch")
        self.search.setPlaceholderText(self.tr("cari kode atau nama"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(self.tr("&Cari kode:"), self)
        search_label.setBuddy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._filter)
        self.add_button = QPushButton(self.tr("&Tambah kode…"), self)
        self.add_button.setObjectName("addCode")
        self.add_button.setToolTip(self.tr("Kode baru di bawah kode terpilih (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_code)
        self.edit_button = QPushButton(self.tr("&Ubah…"), self)
        self.edit_button.setObjectName("editCode")
        self.edit_button.setToolTip(self.tr("Ubah nama, masa manfaat, atau status kode (F2, Enter)"))
        self.edit_button.clicked.connect(self.edit_code)
        self.import_button = QPushButton(self.tr("I&mpor kode…"), self)
        self.import_button.setObjectName("importCodes")
        self.import_button.setToolTip(self.tr("Tambah dan perbarui kode dari berkas XLSX atau CSV "
                                              "(kolom Kode, Nama, Masa Manfaat, Aktif); pratinjau "
                                              "dulu, disimpan sekaligus"))
        self.import_button.clicked.connect(self.import_codes)
        self.export_button = QPushButton(self.tr("&Ekspor kode…"), self)
        self.export_button.setObjectName("exportCodes")
        self.export_button.setToolTip(self.tr("Simpan semua kode ke berkas XLSX atau CSV, untuk "
                                              "diubah di Excel lalu diimpor lagi"))
        self.export_button.clicked.connect(self.export_codes)
        for button in (self.add_button, self.edit_button, self.import_button, self.export_button):
            button.setAutoDefault(False)
        self.status = QLabel(self)
        self.status.setObjectName("codeCount")
        self.status.setStyleSheet(HINT_STYLE)
        self.file_status = QLabel(self)
        self.file_status.setObjectName("codeFileStatus")
        self.file_status.setWordWrap(True)
        self.file_status.setStyleSheet(DONE_STYLE)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addSpacing(12)
        bottom.addWidget(self.file_status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        for first, second in pairwise((self.search, self.add_button, self.edit_button, self.tree,
                                       self.import_button, self.export_button)):
            self.setTabOrder(first, second)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_code)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_code)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def refresh(self, select: str | None = None) -> None:
        chosen = select or (c.code if (c := self.current_code()) else None)

        def loaded(codes: list[AssetCodeDTO]) -> None:
            self.show_codes(codes)
            if chosen:
                self.select_code(chosen)

        self.desk.run(lambda uow, actor: asset_service.list_codes(uow, actor), loaded)

    def show_codes(self, codes: Sequence[AssetCodeDTO]) -> None:
        self.codes = list(codes)
        self.model.removeRows(0, self.model.rowCount())
        items: dict[str, QStandardItem] = {}
        italic = QFont()
        italic.setItalic(True)
        for code in sorted(codes, key=lambda c: (code_level(c.code), c.code)):
            row = self._row(code, italic)
            parent = parent_code(code.code)
            holder = items.get(parent) if parent else None
            (holder.appendRow(row) if holder is not None else self.model.appendRow(row))
            items[code.code] = row[0]
        self.model.sort(0)
        self.tree.expandToDepth(1)
        self.status.setText(self.tr("{n} kode").format(n=format_number(len(codes))))
        self._update_buttons()

    def _row(self, code: AssetCodeDTO, italic: QFont) -> list[QStandardItem]:
        name = code.name
        if code.kib is not None and code.level == 3:  # the Jenis names its register
            name = f"{code.name} (KIB {code.kib.value})"
        cells = [QStandardItem(code.code), QStandardItem(name), QStandardItem(self._life_text(code))]
        for cell in cells:
            cell.setData(code.code, CODE_ROLE)
            cell.setEditable(False)
            if not code.active:
                cell.setForeground(QBrush(RETIRED))
                cell.setFont(italic)
                cell.setToolTip(self.tr("Kode tidak dipakai lagi"))
        if code.useful_life is None and code.effective_life:
            cells[2].setForeground(QBrush(INHERITED))
            cells[2].setToolTip(self.tr("Ikut masa manfaat kode induk"))
        if code.kib is not None and code.active:
            cells[1].setToolTip(f"{code.name} · {kib_heading(code.kib)}")
        return cells

    def _life_text(self, code: AssetCodeDTO) -> str:
        if code.kib is not None and not code.kib.depreciates and code.level >= 3:
            return self.tr("tidak disusutkan")
        if code.useful_life is not None:
            return self.tr("{n} tahun").format(n=code.useful_life)
        if code.effective_life:
            return self.tr("{n} tahun (induk)").format(n=code.effective_life)
        return "—"

    def _filter(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.proxy.setFilterFixedString(text)
        if text:
            self.tree.expandAll()
            first = self.proxy.index(0, 0)
            if first.isValid():
                self.tree.setCurrentIndex(first)
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(1)

    def current_code(self) -> AssetCodeDTO | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        code = index.data(CODE_ROLE)
        return next((c for c in self.codes if c.code == code), None)

    def select_code(self, code: str) -> bool:
        found = self.model.match(self.model.index(0, 0), CODE_ROLE, code, 1,
                                 Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if not found:
            return False
        index = self.proxy.mapFromSource(found[0])
        if not index.isValid():
            self.search.clear()
            self._filter()
            index = self.proxy.mapFromSource(found[0])
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        keeper = self.desk.may_keep_codes()
        self.add_button.setEnabled(keeper)
        self.edit_button.setEnabled(keeper and self.current_code() is not None)
        self.import_button.setEnabled(keeper)
        self.export_button.setEnabled(keeper)

    def _open(self, dialog: CodeDialog) -> CodeDialog:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self.tree.setFocus())
        dialog.open()
        return dialog

    def _saved(self, code: AssetCodeDTO) -> None:
        self.refresh(code.code)
        self.desk.say(self.tr("Kode {code} disimpan.").format(code=code.code))

    def add_code(self) -> CodeDialog | None:
        if not self.add_button.isEnabled():
            return None
        under = self.current_code()
        return self._open(CodeDialog(self.desk, under=under.code if under else "", parent=self))

    def edit_code(self, _index: QModelIndex | None = None) -> CodeDialog | None:
        code = self.current_code()
        if code is None or not self.edit_button.isEnabled():
            return None
        return self._open(CodeDialog(self.desk, code, parent=self))

    # ---- files

    def _file_say(self, text: str, style: str = DONE_STYLE) -> None:
        self.file_status.setStyleSheet(style)
        self.file_status.setText(text)
        if text and style != HINT_STYLE:
            self.desk.say(text)

    def _file_failed(self, exc: BaseException) -> None:
        self._file_say("")
        report_error(self, exc)

    def export_codes(self) -> Path | None:
        """The whole tree to an XLSX or CSV file (the columns the import reads)."""
        if not self.export_button.isEnabled():
            return None
        name = self.printer.choose_file(self, self.tr("Ekspor kode barang"), "kode-barang.xlsx",
                                        self.tr("Lembar kerja Excel (*.xlsx);;Berkas CSV (*.csv)"), True)
        if not name:
            return None
        path = _with_suffix(name, (".xlsx", ".csv"), ".xlsx")
        self._file_say(self.tr("Menyimpan {name}…").format(name=path.name), HINT_STYLE)

        def write(codes: list[AssetCodeDTO]) -> None:
            def run() -> int:
                from dinsos_desktop.reports.asset_codes_io import write_asset_codes

                try:
                    write_asset_codes(codes, path)
                except OSError as exc:
                    raise _file_error(path, exc) from exc
                return len(codes)

            self.desk.runner.run_report(run, lambda n: self._file_say(self.tr(
                "{n} kode diekspor ke {name}.").format(n=format_number(n), name=path.name)),
                self._file_failed)

        self.desk.run(lambda uow, actor: asset_service.list_codes(uow, actor), write, self._file_failed)
        return path

    def import_codes(self) -> None:
        """Codes from an XLSX or CSV file: read on the report thread, checked by the service,
        previewed; Impor saves them all in one transaction."""
        if not self.import_button.isEnabled():
            return
        name = self.printer.choose_file(self, self.tr("Impor kode barang"), "",
                                        self.tr("Lembar kerja atau CSV (*.xlsx *.csv)"), False)
        if not name:
            return
        path = Path(name)

        def read() -> tuple[list[tuple[int, AssetCodeInput]], list[RowProblem]]:
            from dinsos_desktop.reports.asset_codes_io import read_asset_codes

            rows, problems = read_table(path, read_asset_codes)
            return rows, [RowProblem(p.row, p.column or "file", p.message) for p in problems]

        def preview(result: tuple[list[tuple[int, AssetCodeInput]], list[RowProblem]]) -> None:
            rows, read_problems = result
            dialog = AssetImportPreview(self.tr("Impor kode barang — {name}").format(name=path.name),
                                        self.tr("&Impor"), self)
            dialog.setObjectName("codeImportPreview")
            dialog.apply_requested.connect(lambda: self._check_import(dialog, path, rows, [],
                                                                      apply=True))
            if self.preview is not None:
                self.preview.deleteLater()
            self.preview = dialog
            dialog.finished.connect(lambda _r: self.tree.setFocus())
            dialog.open()
            self._file_say("")
            self._check_import(dialog, path, rows, read_problems, apply=False)

        self._file_say(self.tr("Membaca {name}…").format(name=path.name), HINT_STYLE)
        self.desk.runner.run_report(read, preview, self._file_failed)

    def _check_import(self, dialog: ImportPreviewDialog, path: Path,
                      rows: list[tuple[int, AssetCodeInput]], read_problems: list[RowProblem], *,
                      apply: bool) -> None:
        now = self.desk.clock
        known = {c.code for c in self.codes}
        first_new = next((code for _row, data in rows
                          if (code := _normal_code(data.code)) and code not in known), None)

        def checked(result: tuple[list[asset_service.CodeProblem], int, int]) -> None:
            found, new, updated = result
            problems = read_problems + code_problems(found)
            if apply and not problems:
                dialog.accept()
                self._file_say(self.tr("Impor {name} selesai: {new} kode baru, {updated} "
                                       "diperbarui.").format(name=path.name, new=format_number(new),
                                                              updated=format_number(updated)))
                self.refresh(first_new)
                self.imported.emit()
                return
            summary = self.tr("<b>{rows} baris</b> terbaca dari {name}: <b>{new} baru, {updated} "
                              "diperbarui</b>.").format(rows=format_number(len(rows)),
                                                          name=html.escape(path.name),
                                                          new=format_number(new),
                                                          updated=format_number(updated))
            if rows and not problems:
                summary += "<br>" + self.tr("Tekan <i>Impor</i> untuk menyimpan semuanya sekaligus. "
                                            "Kode yang sudah ada mengambil nama dari berkas, dan masa "
                                            "manfaatnya bila diisi.")
            dialog.show_result(summary, problems, can_apply=bool(rows))

        def failed(exc: BaseException) -> None:
            dialog.show_result(dialog.summary.text(), [], can_apply=False)
            report_error(self, exc)

        do_apply = apply and not read_problems
        self.desk.run(lambda uow, actor: asset_service.import_codes(uow, actor, rows, apply=do_apply,
                                                                    now=now()), checked, failed)


class AssetImportPreview(ImportPreviewDialog):
    """The agenda's import preview, with the clean case laid out: when there is no problem table
    the space it had stays empty above the buttons (the summary and the note keep their height
    instead of being stretched over the dialog)."""

    def __init__(self, title: str, apply_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, apply_text, parent)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            # Stretch 0: while the problem table (stretch 2) shows, this takes nothing.
            layout.insertStretch(layout.indexOf(self.buttons), 0)


def _normal_code(text: str) -> str:
    try:
        return check_asset_code(text)
    except ValidationError:
        return ""


def code_problems(problems: Sequence[asset_service.CodeProblem]) -> list[RowProblem]:
    """The service's problems of a code import, the field named as the file's column."""
    names = {"code": _tr("Kode"), "name": _tr("Nama"), "useful_life": _tr("Masa Manfaat"),
             "active": _tr("Aktif")}
    return [RowProblem(p.row, names.get(p.field, p.field), p.message) for p in problems]


def read_table(path: Path, reader: Callable[[Path], Any]) -> Any:
    """``reader(path)`` on the report thread, a file that cannot be opened or read said so."""
    from dinsos_desktop.reports.agenda_xlsx import UnreadableFile

    try:
        return reader(path)
    except UnreadableFile as exc:
        raise DomainError(str(exc)) from exc
    except OSError as exc:
        raise _unreadable(path, exc) from exc


# --------------------------------------------------------------------------- settings


def _mm(parent: QWidget, name: str, top: float = 400.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setObjectName(name)
    box.setDecimals(1)
    box.setRange(0.0, top)
    box.setSingleStep(0.5)
    box.setSuffix(" mm")
    box.setMaximumWidth(105)
    box.setKeyboardTracking(False)
    return box


def _count(parent: QWidget, name: str, top: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(1, top)
    box.setMaximumWidth(105)
    return box


class SettingsPane(QGroupBox):
    """The depreciation period and the label layouts (sheet and roll). Ctrl+S saves."""

    saved = Signal(object)  # AssetSettings

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetSettingsPane")
        self.setTitle(self.tr("Penyusutan dan label"))
        self.desk = desk
        self.printer = printer
        self.period = QComboBox(self)
        self.period.setObjectName("depreciationPeriodSetting")
        for p in Period:
            self.period.addItem(period_label(p), p.value)
        self.page_width = _mm(self, "pageWidth")
        self.page_height = _mm(self, "pageHeight")
        self.columns = _count(self, "labelColumns", 10)
        self.rows = _count(self, "labelRows", 30)
        self.margin_left = _mm(self, "marginLeft", 100)
        self.margin_top = _mm(self, "marginTop", 100)
        self.label_width = _mm(self, "labelWidth", 200)
        self.label_height = _mm(self, "labelHeight", 200)
        self.gap_x = _mm(self, "gapX", 50)
        self.gap_y = _mm(self, "gapY", 50)
        self.roll_width = _mm(self, "rollWidth", 200)
        self.roll_height = _mm(self, "rollHeight", 200)
        self.sheet_widgets: dict[str, QWidget] = {
            "page_width_mm": self.page_width, "page_height_mm": self.page_height,
            "columns": self.columns, "rows": self.rows, "margin_left_mm": self.margin_left,
            "margin_top_mm": self.margin_top, "label_width_mm": self.label_width,
            "label_height_mm": self.label_height, "gap_x_mm": self.gap_x, "gap_y_mm": self.gap_y}
        self.sheet_errors = {k: FieldError(self) for k in self.sheet_widgets}
        self.roll_errors = {"label_width_mm": FieldError(self), "label_height_mm": FieldError(self)}
        self.period_error = FieldError(self)
        self.general = FieldError(self)
        for key, label in self.sheet_errors.items():
            label.setObjectName(f"sheet_{key}Error")
        for key, label in self.roll_errors.items():
            label.setObjectName(f"roll_{key}Error")

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        period_label_ = QLabel(self.tr("&Periode penyusutan:"), self)
        period_label_.setBuddy(self.period)
        grid.addWidget(period_label_, 0, 0)
        grid.addWidget(self.period, 0, 1, 1, 3)
        grid.addWidget(self.period_error, 1, 1, 1, 3)
        sheet_title = QLabel(self.tr("<b>Lembar label</b> (kertas label A4)"), self)
        grid.addWidget(sheet_title, 2, 0, 1, 4)
        pairs = ((self.tr("&Lebar kertas:"), "page_width_mm", self.tr("Tinggi kertas:"),
                  "page_height_mm"),
                 (self.tr("Kolom:"), "columns", self.tr("Baris:"), "rows"),
                 (self.tr("Margin kiri:"), "margin_left_mm", self.tr("Margin atas:"),
                  "margin_top_mm"),
                 (self.tr("Lebar label:"), "label_width_mm", self.tr("Tinggi label:"),
                  "label_height_mm"),
                 (self.tr("Jarak antar kolom:"), "gap_x_mm", self.tr("Jarak antar baris:"),
                  "gap_y_mm"))
        for left_text, left_key, right_text, right_key in pairs:
            row = grid.rowCount()
            for column, text, key in ((0, left_text, left_key), (2, right_text, right_key)):
                pair_label = QLabel(text, self)
                pair_label.setBuddy(self.sheet_widgets[key])
                grid.addWidget(pair_label, row, column)
                grid.addWidget(self.sheet_widgets[key], row, column + 1)
                grid.addWidget(self.sheet_errors[key], row + 1, column, 1, 2)
        roll_title = QLabel(self.tr("<b>Rol label</b> (printer label, satu label per lembar)"), self)
        grid.addWidget(roll_title, grid.rowCount(), 0, 1, 4)
        row = grid.rowCount()
        for column, text, widget, key in ((0, self.tr("Lebar label rol:"), self.roll_width,
                                           "label_width_mm"),
                                          (2, self.tr("Tinggi label rol:"), self.roll_height,
                                           "label_height_mm")):
            roll_label = QLabel(text, self)
            roll_label.setBuddy(widget)
            grid.addWidget(roll_label, row, column)
            grid.addWidget(widget, row, column + 1)
            grid.addWidget(self.roll_errors[key], row + 1, column, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.fits = QLabel(self)
        self.fits.setObjectName("layoutFits")
        self.fits.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Simpan (Ctrl+S)"), self)
        self.save_button.setObjectName("saveAssetSettings")
        self.save_button.clicked.connect(self.save)
        self.sample_button = QPushButton(self.tr("C&ontoh label…"), self)
        self.sample_button.setObjectName("sampleLabels")
        self.sample_button.setToolTip(self.tr("Satu lembar label contoh dengan isian di atas "
                                              "(belum disimpan), untuk dicocokkan dengan kertas label "
                                              "(Ctrl+Shift+L)"))
        self.sample_button.clicked.connect(self.print_sample)
        self.reset_button = QPushButton(self.tr("Batalkan perubahan"), self)
        self.reset_button.setObjectName("resetAssetSettings")
        self.reset_button.clicked.connect(lambda: self.fill(self.desk.settings))
        for button in (self.save_button, self.sample_button, self.reset_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.fits)
        layout.addWidget(self.general)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        order: list[QWidget] = [self.period, *self.sheet_widgets.values(), self.roll_width,
                                self.roll_height, self.sample_button, self.reset_button,
                                self.save_button]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.print_sample)
        boxes: list[Any] = [*self.sheet_widgets.values(), self.roll_width, self.roll_height]
        for box in boxes:
            box.valueChanged.connect(lambda _v: self._check())
        self.period.currentIndexChanged.connect(lambda _i: self._check())
        desk.reference_loaded.connect(lambda: self.fill(self.desk.settings))
        self.fill(desk.settings)

    # ---- values

    def fill(self, settings: AssetSettings) -> None:
        sheet, roll = settings.sheet, settings.roll or ROLL_LAYOUT
        self.period.setCurrentIndex(max(0, self.period.findData(settings.period.value)))
        for key, widget in self.sheet_widgets.items():
            widget.blockSignals(True)
            widget.setValue(getattr(sheet, key))  # type: ignore[attr-defined]
            widget.blockSignals(False)
        self.roll_width.setValue(roll.label_width_mm)
        self.roll_height.setValue(roll.label_height_mm)
        self.status.setText("")
        self._check()
        self._update_access()

    def form_settings(self) -> AssetSettings:
        sheet = LabelLayout(roll=False, **{key: widget.value()  # type: ignore[attr-defined]
                                           for key, widget in self.sheet_widgets.items()})
        roll = replace(ROLL_LAYOUT, label_width_mm=self.roll_width.value(),
                       label_height_mm=self.roll_height.value())
        return AssetSettings(Period(self.period.currentData()), sheet, roll)

    def dirty(self) -> bool:
        form, stored = self.form_settings(), self.desk.settings
        return (form.period, form.sheet, form.roll) != (stored.period, stored.sheet,
                                                        check_layout_quiet(stored.roll or ROLL_LAYOUT))

    def _update_access(self) -> None:
        keeper = self.desk.may_keep_codes()
        for widget in (self.period, *self.sheet_widgets.values(), self.roll_width, self.roll_height):
            widget.setEnabled(keeper)
        self.save_button.setEnabled(keeper)
        self.reset_button.setEnabled(keeper)

    def _check(self) -> bool:
        """The layouts checked here first (``domain.assets.check_layout``), each message beside
        its own field; True when both fit."""
        for label in (*self.sheet_errors.values(), *self.roll_errors.values(), self.general):
            label.show_message("")
        settings = self.form_settings()
        ok = True
        try:
            sheet = check_layout(settings.sheet)
        except ValidationError as exc:
            ok = False
            FormErrors(self.sheet_errors, self.general).show(exc.errors)
            sheet = None
        try:
            check_layout(settings.roll or ROLL_LAYOUT)
        except ValidationError as exc:
            ok = False
            for key, message in exc.errors.items():
                (self.roll_errors.get(key) or self.general).show_message(message)
        if sheet is not None:
            used_w = (sheet.margin_left_mm + sheet.columns * sheet.label_width_mm
                      + (sheet.columns - 1) * sheet.gap_x_mm)
            used_h = (sheet.margin_top_mm + sheet.rows * sheet.label_height_mm
                      + (sheet.rows - 1) * sheet.gap_y_mm)
            self.fits.setStyleSheet(HINT_STYLE)
            self.fits.setText(self.tr("{n} label per lembar; terpakai {w:.1f} × {h:.1f} mm dari "
                                      "kertas {pw:g} × {ph:g} mm.").format(
                n=sheet.per_page, w=used_w, h=used_h, pw=sheet.page_width_mm,
                ph=sheet.page_height_mm))
        else:
            self.fits.setText("")
        if self.desk.loaded and self.desk.may_keep_codes() and self.dirty():
            self.status.setStyleSheet("color: #8a5300;")
            self.status.setText(self.tr("Ada perubahan yang belum disimpan (Ctrl+S)."))
        return ok

    # ---- actions

    def save(self) -> None:
        if not self.save_button.isEnabled() or not self._check():
            return
        settings, now = self.form_settings(), self.desk.clock
        self.save_button.setEnabled(False)

        def saved(result: AssetSettings) -> None:
            self.save_button.setEnabled(True)
            self.desk.settings = result
            self.desk.settings_saved.emit(result)
            self.fill(result)
            self.status.setStyleSheet(DONE_STYLE)
            self.status.setText(self.tr("Pengaturan aset disimpan."))
            self.desk.say(self.tr("Pengaturan aset disimpan."))

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError):
                FormErrors(self.sheet_errors, self.general).show(exc.errors)
            else:
                report_error(self, exc)

        self.desk.run(lambda uow, actor: asset_service.save_asset_settings(uow, actor, settings,
                                                                           now=now()), saved, failed)

    def print_sample(self) -> None:
        if not self._check():
            return
        settings = self.form_settings()
        office = office_short_name(self.desk.office)
        year = self.desk.today().year
        samples = [LabelData("1.3.2.05.02.01.003", n, self.tr("Kursi Rapat Contoh"), year, office)
                   for n in range(1, settings.sheet.per_page + 1)][:max(1, min(SAMPLE_LABELS,
                                                                               settings.sheet.per_page))]
        self.printer.print_label_data(samples, settings.sheet, settings.roll or ROLL_LAYOUT,
                                      "contoh-label.pdf", self.tr("Contoh label"))


def check_layout_quiet(layout: LabelLayout) -> LabelLayout:
    try:
        return check_layout(layout)
    except ValidationError:
        return layout


# --------------------------------------------------------------------------- importing a KIB


def import_problems(problems: Sequence[Any]) -> list[RowProblem]:
    """Problems of an import as the preview shows them (the field named as on the form)."""
    return [RowProblem(p.row, field_label(p.field) if p.field not in ("file", "register")
                       else {"file": "Berkas", "register": "Register"}[p.field], p.message)
            for p in problems]


class ImportBox(QGroupBox):
    """Importing the office's existing KIB (XLSX or CSV): read, every row checked, nothing
    imported while one row has a problem; then all of it in one transaction."""

    imported = Signal()

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kibImportBox")
        self.setTitle(self.tr("Impor KIB lama"))
        self.desk = desk
        self.printer = printer
        self.dialog: ImportPreviewDialog | None = None
        self.button = QPushButton(self.tr("&Impor KIB dari Excel… (Ctrl+I)"), self)
        self.button.setObjectName("importKib")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.import_file)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(DONE_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "KIB yang selama ini disimpan di Excel (XLSX/CSV, kolom seperti KIB cetak: Kode Barang, "
            "Nama Barang, Register, Tahun, Harga …). Setiap baris diperiksa dulu; nomor register "
            "berikutnya melanjutkan yang tertinggi."), self))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        QShortcut(QKeySequence("Ctrl+I"), self, self.import_file)
        self.update_access()

    def update_access(self) -> None:
        self.setVisible(self.desk.may_write())
        self.button.setEnabled(self.desk.may_write())

    def import_file(self) -> None:
        if not self.button.isEnabled() or not self.isVisible():
            return
        name = self.printer.choose_file(self, self.tr("Impor KIB"), "",
                                        self.tr("KIB Excel atau CSV (*.xlsx *.csv)"), False)
        if not name:
            return
        path = Path(name)
        self.status.setStyleSheet(HINT_STYLE)
        self.status.setText(self.tr("Membaca {name}…").format(name=path.name))

        def read() -> tuple[list[Any], list[RowProblem]]:
            from dinsos_desktop.reports.assets_xlsx import read_kib_xlsx

            result: tuple[list[Any], list[RowProblem]] = read_table(path, read_kib_xlsx)
            return result

        def preview(result: tuple[list[Any], list[RowProblem]]) -> None:
            found, read_problems = result
            rows = [asset_service.ImportRow(a.row, a.register, a.fields) for a in found]
            dialog = AssetImportPreview(self.tr("Impor KIB — {name}").format(name=path.name),
                                        self.tr("Impor &semua"), self)
            dialog.apply_requested.connect(lambda: self._check(dialog, path, rows, [], apply=True))
            if self.dialog is not None:
                self.dialog.deleteLater()
            self.dialog = dialog
            dialog.open()
            self._check(dialog, path, rows, import_problems(read_problems), apply=False)

        def failed(exc: BaseException) -> None:
            self.status.setText("")
            report_error(self, exc)

        self.desk.runner.run_report(read, preview, failed)

    def _check(self, dialog: ImportPreviewDialog, path: Path, rows: list[Any],
               read_problems: list[RowProblem], *, apply: bool) -> None:
        now, local = self.desk.clock, self.desk.local

        def checked(result: asset_service.KibImportPreview) -> None:
            problems = read_problems + import_problems(result.problems)
            per_kib = ", ".join(f"KIB {k} {format_number(n)}" for k, n in sorted(result.per_kib.items()))
            if apply and not problems:
                dialog.accept()
                text = self.tr("{n} barang dari {name} diimpor ({per_kib}).").format(
                    n=format_number(result.assets), name=path.name, per_kib=per_kib)
                self.status.setStyleSheet(DONE_STYLE)
                self.status.setText(text)
                self.desk.say(text)
                self.imported.emit()
                return
            self.status.setText("")
            summary = self.tr("<b>{n} barang</b> terbaca dari {name}").format(
                n=format_number(len(rows)), name=html.escape(path.name))
            summary += f" ({per_kib})." if per_kib else "."
            if rows and not problems:
                summary += " " + self.tr("Semua baris dapat diimpor. Tekan <i>Impor semua</i>.")
            dialog.show_result(summary, problems, can_apply=bool(rows))

        def failed(exc: BaseException) -> None:
            dialog.show_result(dialog.summary.text(), [], can_apply=False)
            report_error(self, exc)

        do_apply = apply and not read_problems
        self.desk.run(lambda uow, actor: asset_service.import_kib(uow, actor, rows, apply=do_apply,
                                                                  now=now(), local=local),
                      checked, failed)


class AssetSettingsPage(QWidget):
    """Kode & Pengaturan: the code tree left; the settings and the import right."""

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetSettingsPage")
        self.desk = desk
        self.codes = CodesPane(desk, printer, self)
        self.settings = SettingsPane(desk, printer, self)
        self.importer = ImportBox(desk, printer, self)
        self.read_only = QLabel(self.tr("Anda hanya dapat membaca kode dan pengaturan: yang "
                                        "mengubahnya admin atau pengurus barang."), self)
        self.read_only.setObjectName("settingsReadOnly")
        self.read_only.setStyleSheet(HINT_STYLE)
        self.read_only.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.settings)
        right_layout.addWidget(self.importer)
        right_layout.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.codes)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([700, 1])  # the settings as narrow as they go, the tree the rest
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only)
        layout.addWidget(self.splitter, 1)

    def refresh(self) -> None:
        self.read_only.setVisible(not self.desk.may_keep_codes())
        self.importer.update_access()
        self.codes.refresh()
        self.desk.load_reference()
