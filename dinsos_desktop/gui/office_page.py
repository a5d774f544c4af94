"""The office profile: letterhead, unit code, head of office, other signatories and the logo.

Every printout takes its letterhead and signatory block from here, so the page says so at the top.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import ConflictError, ValidationError
from dinsos_desktop.domain.office import OfficeProfile, Signatory
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, FormErrors, grid_row
from dinsos_desktop.services import office as office_service

MAX_LOGO_BYTES = 2 * 1024 * 1024
# A letterhead logo is printed about 2.5 cm wide: 800 pixels is more than 600 dpi.
MAX_LOGO_SIDE = 800
PREVIEW_SIDE = 112

TEXT_FIELDS = ("government_name", "office_name", "address", "city", "postal_code", "phone", "email",
               "website", "unit_code")
HEAD_FIELDS = ("head_position", "head_name", "head_nip", "head_rank")


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide wants str here
    buffer.close()
    return bytes(data.data())


class OfficeProfilePage(QWidget):
    saved = Signal(object)  # OfficeProfile

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeProfilePage")
        self.ctx = ctx
        self.runner = runner
        self.loaded = OfficeProfile()
        self._baseline: OfficeProfile | None = None  # the form as filled from the database
        self.logo_png: bytes | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.field_errors: dict[str, FieldError] = {}

        heading = QLabel(self.tr("<h3>Profil Kantor</h3>"), self)
        note = QLabel(self.tr(
            "Kop surat dan blok tanda tangan pada <b>setiap cetakan</b> (tanda terima, lembar "
            "standar, buku agenda, laporan) diambil dari halaman ini."), self)
        note.setObjectName("profileNote")
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { background: #eef4fb; border: 1px solid #b6cde8; padding: 6px; }")

        # ---- letterhead
        letterhead = QGroupBox(self.tr("Kop surat"), self)
        kop = self._grid(letterhead)
        self._line(kop, "government_name", self.tr("Peme&rintah daerah:"),
                   placeholder=self.tr("PEMERINTAH KOTA PASURUAN"))
        self._line(kop, "office_name", self.tr("Nama k&antor:"), placeholder=self.tr("DINAS SOSIAL"))
        self._line(kop, "address", self.tr("A&lamat:"))
        self._line(kop, "city", self.tr("Ko&ta:"))
        self._line(kop, "postal_code", self.tr("Ko&de pos:"), max_length=5, width=80)
        self._line(kop, "phone", self.tr("T&elepon:"))
        self._line(kop, "email", self.tr("Ema&il:"))
        self._line(kop, "website", self.tr("Situs &web:"))
        self._line(kop, "unit_code", self.tr("K&ode unit:"), max_length=24, width=140,
                   placeholder="423.105")
        unit_hint = QLabel(self.tr("Kode unit kerja pada nomor surat, misalnya 188/76/<b>423.105</b>/2021."),
                           letterhead)
        unit_hint.setWordWrap(True)
        unit_hint.setStyleSheet("color: #555;")
        kop.addWidget(unit_hint, kop.rowCount(), 1)
        kop.setRowStretch(kop.rowCount(), 1)  # spare height below the fields, not between them

        # ---- head of office
        head = QGroupBox(self.tr("Kepala kantor (penanda tangan utama)"), self)
        head_form = self._grid(head)
        self._line(head_form, "head_position", self.tr("&Jabatan:"),
                   placeholder=self.tr("Kepala Dinas Sosial"))
        self._line(head_form, "head_name", self.tr("Na&ma:"),
                   placeholder=self.tr("nama lengkap dengan gelar"))
        self._line(head_form, "head_nip", self.tr("NI&P:"), max_length=21,
                   placeholder=self.tr("18 angka"))
        self._line(head_form, "head_rank", self.tr("Pangkat/golongan:"),
                   placeholder=self.tr("Pembina Tingkat I (IV/b)"))
        head_form.setRowStretch(head_form.rowCount(), 1)

        # ---- logo
        logo_box = QGroupBox(self.tr("Logo pada kop surat"), self)
        self.logo_preview = QLabel(logo_box)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(QSize(PREVIEW_SIDE, PREVIEW_SIDE))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_info = QLabel(logo_box)
        self.logo_info.setObjectName("logoInfo")
        self.logo_info.setWordWrap(True)
        self.choose_logo_button = QPushButton(self.tr("Pilih lo&go…"), logo_box)
        self.choose_logo_button.setObjectName("chooseLogo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(self.tr("Hapus logo"), logo_box)
        self.remove_logo_button.setObjectName("removeLogo")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.field_errors["logo"] = FieldError(logo_box)
        self.field_errors["logo"].setObjectName("logoError")
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.logo_info)
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addWidget(self.field_errors["logo"])
        logo_buttons.addStretch(1)
        logo_layout = QHBoxLayout(logo_box)
        logo_layout.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_layout.addLayout(logo_buttons, 1)

        # ---- other signatories
        sign_box = QGroupBox(self.tr("Penanda tangan lain (Sekretaris, Kepala Bidang, …)"), self)
        self.signatories = QTableWidget(0, 4, sign_box)
        self.signatories.setObjectName("signatoriesTable")
        self.signatories.setHorizontalHeaderLabels(
            [self.tr("Jabatan"), self.tr("Nama"), self.tr("NIP"), self.tr("Pangkat/golongan")])
        self.signatories.verticalHeader().setDefaultSectionSize(26)
        self.signatories.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.signatories.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.signatories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.signatories.setMinimumHeight(120)
        self.signatories.setMaximumHeight(170)
        sheader = self.signatories.horizontalHeader()
        sheader.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_signatory_button = QPushButton(self.tr("Tamba&h penanda tangan"), sign_box)
        self.add_signatory_button.setObjectName("addSignatory")
        self.add_signatory_button.setToolTip(self.tr("Tambah baris (Insert pada tabel)"))
        self.add_signatory_button.clicked.connect(lambda: self.add_signatory())
        self.remove_signatory_button = QPushButton(self.tr("Hapus penanda tangan"), sign_box)
        self.remove_signatory_button.setObjectName("removeSignatory")
        self.remove_signatory_button.setToolTip(self.tr("Hapus baris terpilih (Delete pada tabel)"))
        self.remove_signatory_button.clicked.connect(self.remove_signatory)
        self.field_errors["signatories"] = FieldError(sign_box)
        self.field_errors["signatories"].setObjectName("signatoriesError")
        sign_hint = QLabel(self.tr("Ketik langsung di sel; F2 untuk mengubah, Tab ke kolom berikutnya "
                                   "saat mengetik."), sign_box)
        sign_hint.setStyleSheet("color: #555;")
        sign_hint.setWordWrap(True)
        sign_buttons = QHBoxLayout()
        sign_buttons.addWidget(self.add_signatory_button)
        sign_buttons.addWidget(self.remove_signatory_button)
        sign_buttons.addWidget(sign_hint, 1)
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.addWidget(self.signatories)
        sign_layout.addWidget(self.field_errors["signatories"])
        sign_layout.addLayout(sign_buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self.signatories, lambda: self.add_signatory(),
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.signatories, self.remove_signatory,
                  context=Qt.ShortcutContext.WidgetShortcut)

        # ---- the whole form in a scroll area: it is taller than a small laptop screen
        content = QWidget(self)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(letterhead, 0, 0, 2, 1)
        grid.addWidget(head, 0, 1)
        grid.addWidget(logo_box, 1, 1)
        grid.addWidget(sign_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.errors = FormErrors(self.field_errors, self.general)
        self.status = QLabel(self)
        self.status.setObjectName("profileStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Simpan"), self)
        self.save_button.setObjectName("saveProfile")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Simpan profil kantor (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton(self.tr("Muat &ulang"), self)
        self.reload_button.setObjectName("reloadProfile")
        self.reload_button.setToolTip(self.tr("Muat data tersimpan dari basis data (F5)"))
        self.reload_button.clicked.connect(self.reload)
        for button in (self.save_button, self.reload_button, self.add_signatory_button,
                       self.remove_signatory_button, self.choose_logo_button, self.remove_logo_button):
            button.setAutoDefault(False)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general)
        layout.addLayout(bottom)

        order: list[QWidget] = [self.edits[k] for k in TEXT_FIELDS + HEAD_FIELDS]
        order += [self.choose_logo_button, self.remove_logo_button, self.signatories,
                  self.add_signatory_button, self.remove_signatory_button, self.reload_button,
                  self.save_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self._show_logo()

    @staticmethod
    def _grid(box: QWidget) -> QGridLayout:
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def _line(self, form: QGridLayout, key: str, label: str, *, max_length: int = 0, width: int = 0,
              placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        if max_length:
            edit.setMaxLength(max_length)
        if width:
            edit.setMaximumWidth(width)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        error = FieldError(self)
        error.setObjectName(f"{key}Error")
        self.edits[key] = edit
        self.field_errors[key] = error
        grid_row(form, label, edit, error)
        return edit

    # ------------------------------------------------------------------ form <-> profile

    def form_profile(self) -> OfficeProfile:
        """What the form holds now, as a profile based on the version that was loaded."""
        text = {k: self.edits[k].text().strip() for k in TEXT_FIELDS + HEAD_FIELDS}
        return OfficeProfile(
            government_name=text["government_name"], office_name=text["office_name"],
            address=text["address"], city=text["city"], postal_code=text["postal_code"],
            phone=text["phone"], email=text["email"], website=text["website"],
            unit_code=text["unit_code"],
            head=Signatory(text["head_position"], text["head_name"],
                           text["head_nip"].replace(" ", ""), text["head_rank"]),
            signatories=tuple(self._signatory_rows()),
            logo_png=self.logo_png,
            version=self.loaded.version,
        )

    def _signatory_rows(self) -> list[Signatory]:
        rows = []
        for r in range(self.signatories.rowCount()):
            cells = [self._cell(r, c) for c in range(4)]
            if any(cells):  # a row left empty is not a signatory
                rows.append(Signatory(cells[0], cells[1], cells[2].replace(" ", ""), cells[3]))
        return rows

    def _cell(self, row: int, column: int) -> str:
        item = self.signatories.item(row, column)
        return item.text().strip() if item is not None else ""

    def fill(self, profile: OfficeProfile) -> None:
        values = {
            "government_name": profile.government_name, "office_name": profile.office_name,
            "address": profile.address, "city": profile.city, "postal_code": profile.postal_code,
            "phone": profile.phone, "email": profile.email, "website": profile.website,
            "unit_code": profile.unit_code, "head_position": profile.head.position,
            "head_name": profile.head.name, "head_nip": profile.head.nip,
            "head_rank": profile.head.rank,
        }
        for key, value in values.items():
            self.edits[key].setText(value)
        self.signatories.setRowCount(0)
        for s in profile.signatories:
            self.add_signatory(s, edit=False)
        self.logo_png = profile.logo_png
        self._show_logo()

    def is_dirty(self) -> bool:
        """True while the form holds something other than what was last loaded into it."""
        return self._baseline is not None and self.form_profile() != self._baseline

    # ------------------------------------------------------------------ loading and saving

    def refresh(self) -> None:
        """Load the stored profile. Unsaved edits are kept (the page is refreshed on every visit)."""
        self._load(keep_edits=True)

    def reload(self) -> None:
        """Replace the form with what is stored, after asking when that discards edits."""
        if self.is_dirty():
            answer = QMessageBox.question(
                self, self.tr("Muat ulang profil kantor"),
                self.tr("Buang perubahan yang belum disimpan dan tampilkan data tersimpan?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._load(keep_edits=False)

    def _load(self, *, keep_edits: bool, then: Callable[[OfficeProfile], None] | None = None) -> None:
        factory = self.ctx.uow_factory

        def loaded(profile: OfficeProfile) -> None:
            if not (keep_edits and self.is_dirty()):
                self.loaded = profile
                self.fill(profile)
                self._baseline = self.form_profile()
                self.errors.clear()
                if not profile.is_configured:
                    self.status.setStyleSheet("color: #8a5300;")
                    self.status.setText(self.tr(
                        "Profil kantor belum pernah disimpan: isian di atas adalah nilai awal. "
                        "Periksa lalu simpan."))
                else:
                    self.status.setText("")
            if then is not None:
                then(profile)

        self.runner.run_db(lambda: office_service.get_office_profile(factory()), loaded,
                           lambda e: report_error(self, e))

    def save(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        profile = self.form_profile()
        factory = self.ctx.uow_factory
        self.errors.clear()
        self.status.setText("")
        self.save_button.setEnabled(False)
        self.runner.run_db(lambda: office_service.save_office_profile(factory(), actor, profile),
                           self._saved, self._save_failed)

    def _saved(self, _profile: OfficeProfile) -> None:
        self.save_button.setEnabled(True)

        def reloaded(profile: OfficeProfile) -> None:
            self.status.setStyleSheet("color: #1b5e20;")
            self.status.setText(self.tr("Profil kantor tersimpan pukul {time}. Cetakan berikutnya "
                                        "memakai data ini.").format(time=dt.datetime.now().strftime("%H.%M")))
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.tr("Profil kantor tersimpan."), 8000)
            self.saved.emit(profile)

        self._load(keep_edits=False, then=reloaded)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_field_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self._conflict()
        else:
            report_error(self, exc)

    def show_field_errors(self, errors: dict[str, str]) -> None:
        sign = {k: v for k, v in errors.items() if k.startswith("signatory_")}
        rest = {k: v for k, v in errors.items() if k not in sign}
        if sign:
            rest["signatories"] = "\n".join(sign.values())
        self.errors.show(rest)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(self.tr("Profil belum disimpan: perbaiki isian yang diberi pesan merah."))
        # Focus the first bad field in the order the form shows them, and scroll it into view.
        order = [*TEXT_FIELDS, *HEAD_FIELDS, "logo"]
        first = min(errors, key=lambda k: order.index(k) if k in order else len(order))
        if first in self.edits:
            self.edits[first].setFocus()
            self.edits[first].selectAll()
            self.scroll_area.ensureWidgetVisible(self.edits[first])
        elif first.startswith("signatory_"):
            self._focus_signatory(int(first.split("_", 1)[1]))
            self.scroll_area.ensureWidgetVisible(self.field_errors["signatories"])
        elif first == "logo":
            self.choose_logo_button.setFocus()
            self.scroll_area.ensureWidgetVisible(self.field_errors["logo"])

    def _focus_signatory(self, index: int) -> None:
        # Errors count the non-empty rows; find that row in the table.
        seen = -1
        for r in range(self.signatories.rowCount()):
            if any(self._cell(r, c) for c in range(4)):
                seen += 1
                if seen == index:
                    self.signatories.setFocus()
                    self.signatories.setCurrentCell(r, 0)
                    return

    def _conflict(self) -> None:
        """Another workstation saved first: keep the form, take its version, say what changed."""
        started_from = self.loaded

        def latest(profile: OfficeProfile) -> None:
            self.loaded = profile  # a second Simpan now applies the form knowingly
            changed = self._changed_fields(started_from, profile)
            self.status.setStyleSheet("QLabel { color: #8a3b00; background: #fff4e5; padding: 4px; }")
            self.status.setText(self.tr(
                "Profil kantor baru saja diubah di workstation lain{what}. Isian Anda belum "
                "disimpan dan tetap di formulir. Tekan Muat ulang untuk melihat data terbaru, atau "
                "Simpan sekali lagi untuk menimpanya dengan isian Anda.").format(
                    what=self.tr(" (diubah: {fields})").format(fields=", ".join(changed)) if changed
                    else ""))

        factory = self.ctx.uow_factory
        self.runner.run_db(lambda: office_service.get_office_profile(factory()), latest,
                           lambda e: report_error(self, e))

    def _changed_fields(self, old: OfficeProfile, new: OfficeProfile) -> list[str]:
        labels = {
            "government_name": self.tr("pemerintah daerah"), "office_name": self.tr("nama kantor"),
            "address": self.tr("alamat"), "city": self.tr("kota"), "postal_code": self.tr("kode pos"),
            "phone": self.tr("telepon"), "email": self.tr("email"), "website": self.tr("situs web"),
            "unit_code": self.tr("kode unit"), "head": self.tr("kepala kantor"),
            "signatories": self.tr("penanda tangan lain"), "logo_png": self.tr("logo"),
        }
        return [label for name, label in labels.items()
                if getattr(old, name) != getattr(new, name)]

    # ------------------------------------------------------------------ signatories

    def add_signatory(self, signatory: Signatory | None = None, *, edit: bool = True) -> int:
        row = self.signatories.rowCount()
        self.signatories.insertRow(row)
        values = dataclasses.astuple(signatory) if signatory else ("", "", "", "")
        for column, value in enumerate(values):
            self.signatories.setItem(row, column, QTableWidgetItem(str(value)))
        if edit:
            self.signatories.setFocus()
            self.signatories.setCurrentCell(row, 0)
            first = self.signatories.item(row, 0)
            if first is not None:
                self.signatories.editItem(first)
        return row

    def remove_signatory(self) -> None:
        row = self.signatories.currentRow()
        if row < 0:
            return
        self.signatories.removeRow(row)
        if self.signatories.rowCount():
            self.signatories.setCurrentCell(min(row, self.signatories.rowCount() - 1), 0)

    # ------------------------------------------------------------------ logo

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Pilih logo kop surat"), "", self.tr("Gambar PNG atau JPEG (*.png *.jpg *.jpeg)"))
        if path:
            self.load_logo_file(path)

    def load_logo_file(self, path: str) -> bool:
        self.field_errors["logo"].show_message("")
        image = QImage(path)
        if image.isNull():
            self.field_errors["logo"].show_message(
                self.tr("Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca."))
            return False
        note = ""
        if max(image.width(), image.height()) > MAX_LOGO_SIDE:
            image = image.scaled(MAX_LOGO_SIDE, MAX_LOGO_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            note = self.tr("Gambar diperkecil menjadi {w}×{h} piksel.").format(
                w=image.width(), h=image.height())
        data = png_bytes(image)
        if len(data) > MAX_LOGO_BYTES:
            self.field_errors["logo"].show_message(self.tr("Logo terlalu besar (maksimal 2 MB)."))
            return False
        self.logo_png = data
        self._show_logo(note)
        return True

    def remove_logo(self) -> None:
        self.logo_png = None
        self.field_errors["logo"].show_message("")
        self._show_logo()
        self.choose_logo_button.setFocus()

    def _show_logo(self, note: str = "") -> None:
        if self.logo_png is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("(tanpa logo)"))
            self.logo_info.setText(self.tr("Belum ada logo. PNG atau JPEG, maksimal 2 MB."))
            self.remove_logo_button.setEnabled(False)
            return
        image = QImage.fromData(self.logo_png, "PNG")  # type: ignore[arg-type]
        pixmap = QPixmap.fromImage(image).scaled(
            PREVIEW_SIDE - 8, PREVIEW_SIDE - 8, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.logo_preview.setPixmap(pixmap)
        size_kb = max(1, round(len(self.logo_png) / 1024))
        info = self.tr("PNG {w}×{h} piksel, {kb} KB.").format(w=image.width(), h=image.height(),
                                                              kb=size_kb)
        self.logo_info.setText(f"{info} {note}".strip())
        self.remove_logo_button.setEnabled(True)
