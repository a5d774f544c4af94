"""Printing the fixed-asset register: labels for chosen assets, the registers and reports as PDF
(previewed, printed, saved) or XLSX (KIB A–F, the KIR of a room, the additions of a period, the
Laporan Mutasi Barang, the depreciation as of a date), and the "Penyusutan per tanggal" view.

The data is read on the database thread; the PDF or the workbook is made on the report thread
(``reports.assets``, ``reports.assets_xlsx``, ``reports.labels``, imported there: they pull in
reportlab and openpyxl) with a progress dialog whose Cancel stops it (``ReportJob``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.assets import Kib, LabelLayout, Period
from dinsos_desktop.domain.errors import DomainError
from dinsos_desktop.gui.agenda_admin import ChooseFile, ReportJob, ask_file
from dinsos_desktop.gui.agenda_page import DateField
from dinsos_desktop.gui.asset_common import (
    DONE_STYLE,
    FIRST_YEAR,
    LAST_YEAR,
    AssetDesk,
    fill_rooms,
    hint_label,
    keeper_of,
    kib_heading,
    money,
    period_label,
    period_unit,
)
from dinsos_desktop.gui.table_model import AnyIndex, ReadOnlyTableModel, register_view
from dinsos_desktop.reports.asset_data import (
    AssetReportHeader,
    LabelData,
    labels_for,
    office_short_name,
)
from dinsos_desktop.reports.formatting import format_date, format_number
from dinsos_desktop.services import assets as asset_service
from dinsos_desktop.services.asset_dto import (
    ACTIVE,
    AssetDTO,
    AssetFilter,
    DepreciationReport,
    DepreciationRow,
    DepreciationTotals,
)
from dinsos_desktop.services.dto import Actor

KIB, KIR, ADDITIONS, MUTATION, DEPRECIATION = "kib", "kir", "additions", "mutation", "depreciation"
PDF, XLSX = "pdf", "xlsx"
SHEET, ROLL = "sheet", "roll"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssetReports", text)


def report_papers() -> tuple[tuple[str, str], ...]:
    return (("A4", _tr("A4 (210 × 297 mm)")), ("F4", _tr("F4 / Folio (215 × 330 mm)")))


def _paper(key: str) -> Any:
    from dinsos_desktop.reports.paper import paper_size

    return paper_size(key)


def _with_suffix(name: str, suffix: str) -> Path:
    """The chosen name with ``suffix`` (appended, not swapped in: "KIB Kec. Bugul")."""
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _file_error(path: Path, exc: OSError) -> DomainError:
    return DomainError(f"Berkas {path.name} tidak dapat ditulis ({exc.strerror or type(exc).__name__}). "
                       "Periksa folder tujuan, atau tutup berkas itu bila sedang dibuka program lain.")


# --------------------------------------------------------------------------- what to print


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """One report: its kind and what it is about."""

    kind: str
    kib: Kib = Kib.B
    room_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    year: int = 2026
    semester: int | None = None
    as_of: dt.date | None = None
    period: Period | None = None  # depreciation: None = the office's setting
    only_kib: Kib | None = None  # depreciation: one KIB (None: all)

    def title(self) -> str:
        tr = _tr
        if self.kind == KIB:
            return tr("Kartu Inventaris Barang {kib}").format(kib=kib_heading(self.kib))
        if self.kind == KIR:
            return tr("Kartu Inventaris Ruangan")
        if self.kind == ADDITIONS:
            return tr("Daftar Penambahan Aset")
        if self.kind == MUTATION:
            return tr("Laporan Mutasi Barang")
        return tr("Daftar Penyusutan")

    def file_stem(self) -> str:
        if self.kind == KIB:
            return f"kib-{self.kib.value.lower()}-{self.as_of or ''}".rstrip("-")
        if self.kind == KIR:
            return f"kir-ruangan-{self.room_id}"
        if self.kind == ADDITIONS:
            return f"penambahan-aset-{self.start}-{self.end}"
        if self.kind == MUTATION:
            part = f"-semester-{self.semester}" if self.semester else ""
            return f"mutasi-barang-{self.year}{part}"
        return f"penyusutan-{self.as_of}"


def load_report_data(spec: ReportSpec, uow_factory: Callable[[], Any], actor: Actor) -> Any:
    """What the report lists (database thread)."""
    if spec.kind == KIB:
        return asset_service.register_listing(uow_factory(), actor,
                                              AssetFilter(kib=spec.kib, status=ACTIVE))
    if spec.kind == KIR:
        assert spec.room_id is not None
        return asset_service.room_card(uow_factory(), actor, spec.room_id)
    if spec.kind == ADDITIONS:
        assert spec.start is not None and spec.end is not None
        return asset_service.additions(uow_factory(), actor, spec.start, spec.end)
    if spec.kind == MUTATION:
        return asset_service.mutation_report(uow_factory(), actor, spec.year, spec.semester)
    assert spec.as_of is not None
    return asset_service.depreciation_report(uow_factory(), actor, spec.as_of, kib=spec.only_kib,
                                            period=spec.period)


def report_model(spec: ReportSpec, data: Any, header: AssetReportHeader, *,
                 spreadsheet: bool = False) -> Any:
    """The report's ``reports.assets.ReportModel`` (report thread)."""
    from dinsos_desktop.reports import assets as printouts

    if spec.kind == KIB:
        return printouts.kib_model(spec.kib, data, header, as_of=spec.as_of, spreadsheet=spreadsheet)
    if spec.kind == KIR:
        return printouts.room_card_model(data, header)
    if spec.kind == ADDITIONS:
        assert spec.start is not None and spec.end is not None
        return printouts.additions_model(data, header, spec.start, spec.end)
    if spec.kind == MUTATION:
        return printouts.mutation_model(data, header)
    return printouts.depreciation_model(data, header)


def rows_in(data: Any) -> int:
    for name in ("assets", "lines", "rows"):
        if hasattr(data, name):
            return len(getattr(data, name))
    return len(data) if isinstance(data, list | tuple) else 0


# --------------------------------------------------------------------------- the printer


class AssetPrinter(QObject):
    """Runs the print jobs of the asset pages, one at a time: data on the database thread, the
    document on the report thread with progress and Cancel, then the PDF preview or the file
    saved. ``choose_file`` asks where to save (tests answer it)."""

    busy_changed = Signal(bool)
    finished = Signal(str)  # what was done, for the status line

    def __init__(self, desk: AssetDesk, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.desk = desk
        self.widget = parent_widget
        self.choose_file: ChooseFile = ask_file
        self.job: ReportJob | None = None
        self.last_job: ReportJob | None = None
        self.preview: QDialog | None = None
        self.last_result: Any = None  # the PDF bytes or the path of the last job (tests)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def header(self) -> AssetReportHeader:
        office = self.desk.office
        return AssetReportHeader(office, self.desk.today(), keeper_of(office))

    def _start(self, title: str, label: str) -> ReportJob:
        job = ReportJob(self.widget, title, label)
        self.job = self.last_job = job
        self.busy_changed.emit(True)
        return job

    def _end(self, job: ReportJob) -> None:
        job.finish()
        if self.job is job:
            self.job = None
        self.busy_changed.emit(False)

    def _run(self, job: ReportJob, work: Callable[[], Any], done: Callable[[Any], None],
             cancelled_text: str) -> None:
        def finish(result: Any) -> None:
            self._end(job)
            if result is None:
                self.finished.emit(cancelled_text)
                self.desk.say(cancelled_text)
                return
            self.last_result = result
            done(result)

        def failed(exc: BaseException) -> None:
            self._end(job)
            self.desk.report(exc)

        self.desk.runner.run_report(work, finish, failed)

    # ---- labels

    def print_labels(self, assets: Sequence[AssetDTO]) -> bool:
        """The labels of ``assets`` on the office's label sheet (or its roll), previewed."""
        if not assets:
            return False
        chosen = tuple(assets)
        first = chosen[0]
        name = (f"label-{first.code}-{first.register_text}.pdf" if len(chosen) == 1
                else f"label-{len(chosen)}-barang.pdf")
        return self.print_label_data(labels_for(chosen, office_short_name(self.desk.office)),
                                     self.desk.sheet_layout(), self.desk.roll_layout(), name,
                                     self.tr("Label {n} barang").format(n=len(chosen)))

    def print_label_data(self, labels: Sequence[LabelData], sheet: LabelLayout, roll: LabelLayout,
                         name: str, title: str) -> bool:
        """Labels rendered on the report thread (progress, Cancel), previewed on the sheet with
        the roll to choose instead."""
        if self.busy or not labels:
            return False
        labels = tuple(labels)
        layouts = {SHEET: sheet, ROLL: roll}
        job = self._start(self.tr("Label barang"),
                          self.tr("Menyusun {n} label…").format(n=format_number(len(labels))))

        def render(layout: LabelLayout, progress: Any = None, cancelled: Any = None) -> bytes:
            try:
                from dinsos_desktop.reports.labels import render_labels
            except ImportError as exc:
                raise DomainError("Pencetakan label belum tersedia pada versi ini.") from exc
            return render_labels(labels, layout, progress=progress, cancelled=cancelled)

        def work() -> bytes | None:
            from dinsos_desktop.reports.agenda import Cancelled

            try:
                return render(layouts[SHEET], job.progress, job.cancelled)
            except Cancelled:
                return None

        def show(pdf: bytes) -> None:
            def rerender(key: str, done: Callable[[bytes], None]) -> None:
                self.desk.runner.run_report(lambda: render(layouts[key]), done, self.desk.report)

            papers = ((SHEET, self.tr("Lembar label {c} × {r} ({w:g} × {h:g} mm)").format(
                          c=sheet.columns, r=sheet.rows, w=sheet.label_width_mm,
                          h=sheet.label_height_mm)),
                      (ROLL, self.tr("Rol label {w:g} × {h:g} mm").format(
                          w=roll.label_width_mm, h=roll.label_height_mm)))
            self._preview(title, pdf, name, SHEET, rerender, papers)
            text = self.tr("{n} label siap dicetak.").format(n=format_number(len(labels)))
            self.finished.emit(text)
            self.desk.say(text)

        self._run(job, work, show, self.tr("Pencetakan label dibatalkan."))
        return True

    # ---- reports

    def print_report(self, spec: ReportSpec, paper: str = "A4") -> bool:
        """The report as a PDF (report thread), previewed with the paper to choose."""
        return self._report(spec, PDF, paper, None)

    def export_report(self, spec: ReportSpec, paper: str = "A4", path: Path | None = None) -> Path | None:
        """The report as an XLSX workbook: asks where (unless ``path``), then writes it."""
        if self.busy or self.desk.actor is None:
            return None
        if path is None:
            name = self.choose_file(self.widget, self.tr("Simpan {title} sebagai XLSX").format(
                title=spec.title()), spec.file_stem() + ".xlsx", self.tr("Lembar kerja Excel (*.xlsx)"),
                True)
            if not name:
                return None
            path = _with_suffix(name, ".xlsx")
        return path if self._report(spec, XLSX, paper, path) else None

    def _report(self, spec: ReportSpec, kind: str, paper: str, path: Path | None) -> bool:
        actor, factory = self.desk.actor, self.desk.ctx.uow_factory
        if self.busy or actor is None:
            return False
        header = self.header()
        title = spec.title()
        job = self._start(title, self.tr("Menyusun {title}…").format(title=title))

        def loaded(data: Any) -> None:
            if job.cancelled():
                self._end(job)
                return

            def work() -> Any:
                from dinsos_desktop.reports.agenda import Cancelled

                try:
                    if kind == PDF:
                        from dinsos_desktop.reports.assets import render_report

                        return render_report(report_model(spec, data, header), _paper(paper),
                                             progress=job.progress, cancelled=job.cancelled)
                    from dinsos_desktop.reports.assets_xlsx import write_report_xlsx

                    assert path is not None
                    try:
                        write_report_xlsx(report_model(spec, data, header, spreadsheet=True), path,
                                          paper=_paper(paper), progress=job.progress,
                                          cancelled=job.cancelled)
                    except OSError as exc:
                        raise _file_error(path, exc) from exc
                    return path
                except Cancelled:
                    return None

            def done(result: Any) -> None:
                if kind == PDF:
                    self._show_report(spec, data, header, result, paper)
                    text = self.tr("{title} siap ({n} baris).").format(title=title,
                                                                       n=format_number(rows_in(data)))
                else:
                    text = self.tr("{title} tersimpan: {name}").format(title=title, name=result.name)
                self.finished.emit(text)
                self.desk.say(text)

            self._run(job, work, done, self.tr("Pembuatan laporan dibatalkan."))

        def failed(exc: BaseException) -> None:
            self._end(job)
            self.desk.report(exc)

        self.desk.runner.run_db(lambda: load_report_data(spec, factory, actor), loaded, failed)
        return True

    def _show_report(self, spec: ReportSpec, data: Any, header: AssetReportHeader, pdf: bytes,
                     paper: str) -> None:
        def rerender(key: str, done: Callable[[bytes], None]) -> None:
            def work() -> bytes:
                from dinsos_desktop.reports.assets import render_report

                return render_report(report_model(spec, data, header), _paper(key))

            self.desk.runner.run_report(work, done, self.desk.report)

        self._preview(spec.title(), pdf, spec.file_stem() + ".pdf", paper, rerender, report_papers())

    def _preview(self, title: str, pdf: bytes, name: str, paper: str,
                 rerender: Callable[[str, Callable[[bytes], None]], None],
                 papers: Sequence[tuple[str, str]]) -> None:
        from dinsos_desktop.gui.pdf_preview import PdfPreviewDialog

        if self.preview is not None:
            self.preview.close()
        dialog = PdfPreviewDialog(title, pdf, name, paper=paper, rerender=rerender, papers=papers,
                                  parent=self.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._preview_closed(dialog))
        self.preview = dialog
        dialog.open()

    def _preview_closed(self, dialog: QDialog) -> None:
        if self.preview is dialog:
            self.preview = None


# --------------------------------------------------------------------------- choosing a report


class ReportDialog(QDialog):
    """Cetak / Ekspor laporan aset: the report, what it is about, the paper; Enter previews the
    PDF, Ctrl+S saves the XLSX."""

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, *, kind: str = KIB,
                 kib: Kib | None = None, room_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetReportDialog")
        self.setWindowTitle(self.tr("Cetak / ekspor laporan aset"))
        self.desk = desk
        self.printer = printer
        today = desk.today()
        self.setMinimumWidth(560)

        self.kind = QComboBox(self)
        self.kind.setObjectName("reportKind")
        for key, text in ((KIB, self.tr("Kartu Inventaris Barang (KIB A–F)")),
                          (KIR, self.tr("Kartu Inventaris Ruangan (KIR)")),
                          (ADDITIONS, self.tr("Daftar Penambahan Aset")),
                          (MUTATION, self.tr("Laporan Mutasi Barang")),
                          (DEPRECIATION, self.tr("Daftar Penyusutan per tanggal"))):
            self.kind.addItem(text, key)
        self.kib = QComboBox(self)
        self.kib.setObjectName("reportKib")
        for k in Kib:
            self.kib.addItem(kib_heading(k), k.value)
        self.kib.setCurrentIndex(max(0, self.kib.findData((kib or Kib.B).value)))
        self.room = QComboBox(self)
        self.room.setObjectName("reportRoom")
        fill_rooms(self.room, desk.rooms, blank=self.tr("(pilih ruangan)"), keep=room_id)
        self.start = DateField(self)
        self.start.setObjectName("reportStart")
        self.start.setDate(QDate(today.year, 1, 1))
        self.end = DateField(self)
        self.end.setObjectName("reportEnd")
        self.end.setDate(QDate(today.year, today.month, today.day))
        self.year = QSpinBox(self)
        self.year.setObjectName("reportYear")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year)
        self.year.setGroupSeparatorShown(False)
        self.semester = QComboBox(self)
        self.semester.setObjectName("reportSemester")
        self.semester.addItem(self.tr("Semester I (Januari–Juni)"), 1)
        self.semester.addItem(self.tr("Semester II (Juli–Desember)"), 2)
        self.semester.addItem(self.tr("Setahun"), None)
        self.semester.setCurrentIndex(0 if today.month <= 6 else 1)
        self.as_of = DateField(self)
        self.as_of.setObjectName("reportAsOf")
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        self.paper = QComboBox(self)
        self.paper.setObjectName("reportPaper")
        for key, text in report_papers():
            self.paper.addItem(text, key)
        self.problem = QLabel(self)
        self.problem.setObjectName("reportProblem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        period_line = QHBoxLayout()
        period_line.addWidget(self.start)
        period_line.addWidget(QLabel(self.tr("s.d."), self))
        period_line.addWidget(self.end)
        period_line.addStretch(1)
        period_box = QWidget(self)
        period_box.setLayout(period_line)
        period_line.setContentsMargins(0, 0, 0, 0)
        mutation_line = QHBoxLayout()
        mutation_line.setContentsMargins(0, 0, 0, 0)
        mutation_line.addWidget(self.year)
        mutation_line.addWidget(self.semester)
        mutation_line.addStretch(1)
        mutation_box = QWidget(self)
        mutation_box.setLayout(mutation_line)
        for key, text, widget, buddy in (
                ("kind", self.tr("&Laporan:"), self.kind, self.kind),
                ("kib", self.tr("&KIB:"), self.kib, self.kib),
                ("room", self.tr("&Ruangan:"), self.room, self.room),
                ("period", self.tr("&Periode:"), period_box, self.start),
                ("year", self.tr("&Tahun:"), mutation_box, self.year),
                ("as_of", self.tr("Keadaan &per:"), self.as_of, self.as_of),
                ("paper", self.tr("K&ertas:"), self.paper, self.paper)):
            row = grid.rowCount()
            label = QLabel(text, self)
            label.setBuddy(buddy)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            self.rows[key] = (label, widget)

        self.pdf_button = QPushButton(self.tr("Pratinjau &PDF (Enter)"), self)
        self.pdf_button.setObjectName("reportPdf")
        self.pdf_button.setDefault(True)
        self.pdf_button.clicked.connect(self.print_pdf)
        self.xlsx_button = QPushButton(self.tr("Simpan &XLSX… (Ctrl+S)"), self)
        self.xlsx_button.setObjectName("reportXlsx")
        self.xlsx_button.setAutoDefault(False)
        self.xlsx_button.clicked.connect(self.save_xlsx)
        close = QPushButton(self.tr("Tutup (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Laporan dibuat dari data saat ini, dengan kop surat dan tanda tangan Kepala Dinas "
            "dan Pengurus Barang dari profil kantor."), self))
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_xlsx)
        order: list[QWidget] = [self.kind, self.kib, self.room, self.start, self.end, self.year,
                                self.semester, self.as_of, self.paper, self.pdf_button,
                                self.xlsx_button, close]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()
        self.kind.setFocus()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        shown = {KIB: ("kib", "as_of"), KIR: ("room",), ADDITIONS: ("period",),
                 MUTATION: ("year",), DEPRECIATION: ("as_of",)}[kind]
        for key in ("kib", "room", "period", "year", "as_of"):
            label, widget = self.rows[key]
            label.setVisible(key in shown)
            widget.setVisible(key in shown)
        self.problem.setText("")

    def spec(self) -> ReportSpec | None:
        """The report chosen; None (and the reason shown) when something is missing."""
        kind = self.kind.currentData()
        self.problem.setText("")
        as_of = _day(self.as_of.date())
        if kind == KIR and self.room.currentData() is None:
            self.problem.setText(self.tr("Pilih ruangan yang kartunya dicetak."))
            self.room.setFocus()
            return None
        start, end = _day(self.start.date()), _day(self.end.date())
        if kind == ADDITIONS and end < start:
            self.problem.setText(self.tr("Tanggal akhir sebelum tanggal awal."))
            self.end.setFocus()
            return None
        return ReportSpec(kind, kib=Kib(self.kib.currentData()), room_id=self.room.currentData(),
                          start=start, end=end, year=self.year.value(),
                          semester=self.semester.currentData(), as_of=as_of)

    def print_pdf(self) -> None:
        spec = self.spec()
        if spec is not None and self.printer.print_report(spec, str(self.paper.currentData())):
            self.accept()

    def save_xlsx(self) -> None:
        spec = self.spec()
        if spec is not None and self.printer.export_report(spec, str(self.paper.currentData())):
            self.accept()


def _day(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


# --------------------------------------------------------------------------- depreciation


class TotalsModel(ReadOnlyTableModel[DepreciationTotals]):
    KIB_COL, ASSETS, VALUE, ACCUMULATED, BOOK = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("KIB"), self.tr("Jumlah barang"), self.tr("Nilai perolehan (Rp)"),
                          self.tr("Akumulasi penyusutan (Rp)"), self.tr("Nilai buku (Rp)")), parent)
        self.report: DepreciationReport | None = None

    def set_report(self, report: DepreciationReport | None) -> None:
        self.beginResetModel()
        self.report = report
        rows = list(report.totals) if report is not None else []
        if report is not None and len(rows) > 1:
            rows.append(DepreciationTotals(Kib.A, sum(t.assets for t in rows), report.value,
                                           report.accumulated, report.book_value))
        self._rows = rows
        self.endResetModel()

    def _is_total(self, row: int) -> bool:
        return self.report is not None and len(self.report.totals) > 1 and row == len(self._rows) - 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column, total = index.column(), self._is_total(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.KIB_COL:
                return self.tr("Jumlah") if total else kib_heading(item.kib)
            if column == self.ASSETS:
                return format_number(item.assets)
            return money((item.value, item.accumulated, item.book_value)[column - self.VALUE])
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.KIB_COL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        return None


class DepreciationModel(ReadOnlyTableModel[DepreciationRow]):
    CODE, REGISTER, NAME, YEAR, LIFE, VALUE, PER_PERIOD, PERIODS, ACCUMULATED, BOOK = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("Kode"), self.tr("Reg."), self.tr("Nama barang"), self.tr("Tahun"),
                          self.tr("Masa manfaat"), self.tr("Nilai (Rp)"), self.tr("Per periode (Rp)"),
                          self.tr("Periode"), self.tr("Akumulasi (Rp)"), self.tr("Nilai buku (Rp)")),
                         parent)
        self.unit = ""

    def set_rows(self, rows: Sequence[DepreciationRow], period: Period) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.unit = period_unit(period)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        book = row.book
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.CODE:
                return row.code
            if column == self.REGISTER:
                return row.register_text
            if column == self.NAME:
                return row.name
            if column == self.YEAR:
                return str(row.year)
            if column == self.LIFE:
                if not book.depreciates:
                    return self.tr("tidak disusutkan")
                return self.tr("{n} tahun").format(n=row.life_years)
            if column == self.VALUE:
                return money(book.value)
            if column == self.PER_PERIOD:
                return money(book.per_period) if book.depreciates else "—"
            if column == self.PERIODS:
                return (f"{book.periods}/{book.life_periods} {self.unit}" if book.depreciates else "—")
            if column == self.ACCUMULATED:
                return money(book.accumulated)
            return money(book.book_value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (self.CODE, self.NAME,
                                                                        self.LIFE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not book.depreciates and column == self.LIFE:
            return QBrush(QColor("#777777"))
        return None


class DepreciationPane(QWidget):
    """Penyusutan per tanggal: as of a date (and for one KIB, by the office's period or another)
    the acquisition value, the accumulated depreciation and the book value, per KIB and per
    asset. Enter computes, Ctrl+Shift+P prints, Ctrl+S saves the XLSX."""

    def __init__(self, desk: AssetDesk, printer: AssetPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("depreciationPane")
        self.desk = desk
        self.printer = printer
        self.report: DepreciationReport | None = None
        self._generation = 0
        today = desk.today()
        self.as_of = DateField(self)
        self.as_of.setObjectName("depreciationAsOf")
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        as_of_label = QLabel(self.tr("Keadaan &per:"), self)
        as_of_label.setBuddy(self.as_of)
        self.kib = QComboBox(self)
        self.kib.setObjectName("depreciationKib")
        self.kib.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kib.setMinimumContentsLength(22)
        self.kib.addItem(self.tr("Semua KIB"), None)
        for k in Kib:
            self.kib.addItem(kib_heading(k), k.value)
        kib_label_ = QLabel(self.tr("K&IB:"), self)
        kib_label_.setBuddy(self.kib)
        self.period = QComboBox(self)
        self.period.setObjectName("depreciationPeriod")
        self.period.addItem(self.tr("Sesuai pengaturan"), None)
        for p in Period:
            self.period.addItem(period_label(p), p.value)
        period_label_ = QLabel(self.tr("Pe&riode:"), self)
        period_label_.setBuddy(self.period)
        self.compute_button = QPushButton(self.tr("&Hitung (Enter)"), self)
        self.compute_button.setObjectName("computeDepreciation")
        self.compute_button.clicked.connect(self.compute)
        self.print_button = QPushButton(self.tr("&Cetak… (Ctrl+Shift+P)"), self)
        self.print_button.setObjectName("printDepreciation")
        self.print_button.clicked.connect(self.print_report)
        self.xlsx_button = QPushButton(self.tr("Simpan &XLSX… (Ctrl+S)"), self)
        self.xlsx_button.setObjectName("saveDepreciation")
        self.xlsx_button.clicked.connect(self.save_xlsx)
        for button in (self.compute_button, self.print_button, self.xlsx_button):
            button.setAutoDefault(False)

        self.summary = QLabel(self)
        self.summary.setObjectName("depreciationSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.totals = TotalsModel(self)
        self.totals_table = register_view(self, self.totals, "depreciationTotals")
        header = self.totals_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows = DepreciationModel(self)
        self.rows_table = register_view(self, self.rows, "depreciationRows")
        rows_header = self.rows_table.horizontalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows_header.setSectionResizeMode(DepreciationModel.NAME, QHeaderView.ResizeMode.Stretch)

        controls = QHBoxLayout()
        for label, widget in ((as_of_label, self.as_of), (kib_label_, self.kib),
                              (period_label_, self.period)):
            controls.addWidget(label)
            controls.addWidget(widget)
            controls.addSpacing(10)
        controls.addWidget(self.compute_button)
        controls.addStretch(1)
        outputs = QHBoxLayout()
        outputs.addWidget(self.summary, 1)
        outputs.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        outputs.addWidget(self.xlsx_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Penyusutan garis lurus tanpa nilai sisa (Permendagri 1/2019): periode perolehan "
            "dihitung penuh; Tanah (KIB A) dan Konstruksi Dalam Pengerjaan (KIB F) tidak "
            "disusutkan. Masa manfaat mengikuti kode barang (tab Kode & Pengaturan)."), self))
        layout.addLayout(controls)
        layout.addLayout(outputs)
        layout.addWidget(self.totals_table)
        layout.addWidget(self.rows_table, 1)
        self._fit_totals()

        for first, second in pairwise((self.as_of, self.kib, self.period, self.compute_button,
                                       self.print_button, self.xlsx_button, self.totals_table,
                                       self.rows_table)):
            self.setTabOrder(first, second)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.as_of, self.compute,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.as_of, self.compute,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.print_report)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_xlsx)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.compute)
        self.kib.currentIndexChanged.connect(lambda _i: self.compute())
        self.period.currentIndexChanged.connect(lambda _i: self.compute())
        self.summary.setText(self.tr("Pilih tanggal, lalu tekan Enter."))

    def refresh(self) -> None:
        if self.report is None:
            self.compute()

    def set_as_of(self, day: dt.date) -> None:
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    def chosen(self) -> tuple[dt.date, Kib | None, Period | None]:
        kib = self.kib.currentData()
        period = self.period.currentData()
        return (_day(self.as_of.date()), Kib(kib) if kib else None,
                Period(period) if period else None)

    def compute(self) -> None:
        if self.desk.actor is None:
            return
        as_of, kib, period = self.chosen()
        self._generation += 1
        generation = self._generation
        self.summary.setText(self.tr("Menghitung…"))

        def done(report: DepreciationReport) -> None:
            if generation == self._generation:
                self.show_report(report)

        self.desk.run(lambda uow, actor: asset_service.depreciation_report(
            uow, actor, as_of, kib=kib, period=period), done)

    def _fit_totals(self) -> None:
        """The totals table as high as its rows (at most the six KIBs and the total)."""
        table = self.totals_table
        rows = max(1, min(self.totals.rowCount(), 7))
        height = (table.horizontalHeader().sizeHint().height()
                  + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2)
        table.setFixedHeight(height)

    def show_report(self, report: DepreciationReport) -> None:
        self.report = report
        self.totals.set_report(report)
        self._fit_totals()
        self.rows.set_rows(report.rows, report.period)
        if not report.rows:
            self.summary.setText(self.tr("Tidak ada barang yang dimiliki pada {day}.").format(
                day=format_date(report.as_of)))
            return
        self.summary.setStyleSheet(DONE_STYLE)
        self.summary.setText(self.tr(
            "Keadaan per <b>{day}</b> (penyusutan {period}): {n} barang, nilai perolehan "
            "<b>Rp {value}</b>, akumulasi penyusutan <b>Rp {accumulated}</b>, nilai buku "
            "<b>Rp {book}</b>.").format(
            day=format_date(report.as_of), period=period_label(report.period).lower(),
            n=format_number(len(report.rows)), value=money(report.value),
            accumulated=money(report.accumulated), book=money(report.book_value)))

    def _spec(self) -> ReportSpec:
        as_of, kib, period = self.chosen()
        return ReportSpec(DEPRECIATION, as_of=as_of, period=period, year=as_of.year, only_kib=kib)

    def print_report(self) -> None:
        if self.isVisible() or self.report is not None:
            self.printer.print_report(self._spec())

    def save_xlsx(self) -> None:
        if self.isVisible() or self.report is not None:
            self.printer.export_report(self._spec())
