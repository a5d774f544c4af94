"""Dialogs of the applicant register: a citizen (warga), an institution (lembaga), and the small
citizen picker (a contact person, a kuasa).

The services decide what is wrong; the dialogs show it beside the field. Hard errors refuse the
save; warnings (an NIK that disagrees with the typed data, a similar name born the same day) are
shown in amber and may be confirmed with "Simpan tetap"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dinsos_desktop.domain.errors import (
    AlreadyRegistered,
    ConflictError,
    NeedsConfirmation,
    ValidationError,
)
from dinsos_desktop.domain.nik import NIK_LENGTH, Sex, decode_nik, normalize_number
from dinsos_desktop.domain.regions import (
    KOTA_PASURUAN_KECAMATAN,
    find_kecamatan,
    find_kelurahan,
    kecamatan_by_code,
    kota_pasuruan_kelurahan,
)
from dinsos_desktop.gui.applicant_search import ApplicantSearchPanel, may_register
from dinsos_desktop.gui.context import AppContext
from dinsos_desktop.gui.errors import report_error
from dinsos_desktop.gui.tasks import TaskRunner
from dinsos_desktop.gui.widgets import FieldError, fit_height
from dinsos_desktop.reports.formatting import format_date
from dinsos_desktop.services import applicants as applicant_service
from dinsos_desktop.services.dto import (
    ApplicantHit,
    CitizenDTO,
    CitizenInput,
    InstitutionDTO,
    InstitutionInput,
)

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300; background: #fff4e5;"
BANNER_STYLE = "QLabel { background: #fff4e5; border: 1px solid #e0a040; padding: 6px; }"
DEFAULT_CITY = "Pasuruan"
LEGAL_FORMS = ("Yayasan", "Perkumpulan berbadan hukum", "Perkumpulan tidak berbadan hukum",
               "Lainnya")

_DATE = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """'15-08-1995' (also with / or .; or '15081995'); None for an empty field.
    Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif len(text) == 8 and text.isdigit():
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def _banner(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet(BANNER_STYLE)
    label.hide()
    return label


class _RegisterDialog(QDialog):
    """Shared plumbing: Simpan/Batal, messages beside the fields (errors red, warnings amber), the
    "Simpan tetap" confirmation, running a use case on the database thread."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.fields: dict[str, QWidget] = {}
        self.messages: dict[str, FieldError] = {}
        self.general = FieldError(self)
        self.general.setObjectName("generalError")
        self.banner = _banner(self, "notice")
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("&Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("save")
        self.ok_button.setDefault(True)
        self.anyway_button = QPushButton(self.tr("Simpan &tetap"), self)
        self.anyway_button.setObjectName("saveAnyway")
        self.anyway_button.setToolTip(self.tr("Data sudah diperiksa: simpan walaupun ada peringatan"))
        self.anyway_button.hide()
        self.anyway_button.clicked.connect(lambda: self.submit(accept_warnings=True))
        cancel = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.buttons.accepted.connect(lambda: self.submit(accept_warnings=False))
        self.buttons.rejected.connect(self.reject)

    # ---- building

    def new_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def add_row(self, grid: QGridLayout, key: str, text: str, widget: QWidget,
                extra: QWidget | None = None) -> QLabel:
        row = grid.rowCount() if grid.count() else 0
        label = QLabel(text, self)
        label.setBuddy(widget)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if extra is None:
            grid.addWidget(widget, row, 1)
        else:
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            line.addWidget(extra)
            grid.addLayout(line, row, 1)
        message = FieldError(self)
        message.setObjectName(f"{key}Message")
        grid.addWidget(message, row + 1, 1)
        self.fields[key] = widget
        self.messages[key] = message
        return label

    def add_message(self, grid: QGridLayout, key: str, widget: QWidget) -> None:
        """A second field on one row (RT beside RW): its own message line below the row."""
        row = grid.rowCount()
        message = FieldError(self)
        message.setObjectName(f"{key}Message")
        grid.addWidget(message, row, 1)
        self.fields[key] = widget
        self.messages[key] = message

    def finish_layout(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.addWidget(self.general, 1)
        row.addWidget(self.anyway_button)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # ---- messages

    def message(self, key: str) -> str:
        """The message shown beside field ``key`` ('' when none)."""
        label = self.messages[key]
        return label.text() if not label.isHidden() else ""

    def is_warning(self, key: str) -> bool:
        return self.messages[key].styleSheet() == WARNING_STYLE

    def clear_messages(self) -> None:
        for label in self.messages.values():
            label.show_message("")
        self.general.show_message("")

    def _show(self, messages: dict[str, str], style: str) -> None:
        self.clear_messages()
        rest = []
        for key, text in messages.items():
            label = self.messages.get(key)
            if label is None:
                rest.append(text)
                continue
            label.setStyleSheet(style)
            label.show_message(text)
        self.general.setStyleSheet(style)
        self.general.show_message("\n".join(rest))
        fit_height(self)
        first = next((k for k in self.fields if k in messages), None)
        if first is not None:
            widget = self.fields[first]
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.anyway_button.hide()
        self._show(errors, ERROR_STYLE)

    def show_warnings(self, warnings: dict[str, str]) -> None:
        self._show(warnings, WARNING_STYLE)
        self.anyway_button.show()
        self.general.setStyleSheet(WARNING_STYLE)
        if not self.general.text():
            self.general.show_message(self.tr(
                "Periksa peringatan di atas. Bila data sudah benar, tekan Simpan tetap."))
        fit_height(self)
        self.anyway_button.setFocus()

    def input_changed(self) -> None:
        """What the warnings were about has changed: they must be looked at again."""
        self.anyway_button.hide()

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t: self.input_changed())
            elif isinstance(widget, QComboBox):
                widget.currentTextChanged.connect(lambda _t: self.input_changed())

    # ---- running

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.ok_button.setEnabled(False)
        self.anyway_button.setEnabled(False)
        self.runner.run_db(fn, lambda result: self._finish(on_done, result), self._failed)

    def _finish(self, on_done: Callable[[Any], None], result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.anyway_button.setEnabled(True)
        on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.anyway_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, NeedsConfirmation):
            self.show_warnings(exc.warnings)
        elif isinstance(exc, AlreadyRegistered):
            self.already_registered(exc)
        elif isinstance(exc, ConflictError):
            self.conflicted(exc)
        else:
            report_error(self, exc)

    def already_registered(self, exc: AlreadyRegistered) -> None:
        report_error(self, exc)

    def conflicted(self, exc: ConflictError) -> None:
        report_error(self, exc)

    def submit(self, *, accept_warnings: bool) -> None:
        raise NotImplementedError


# --------------------------------------------------------------------------- citizen


class CitizenDialog(_RegisterDialog):
    """Registers a citizen (``citizen`` None) or edits one. The NIK is decoded as it is typed."""

    saved = Signal(object)  # CitizenDTO
    opened_existing = Signal(object)  # CitizenDTO: the NIK was registered already
    stale = Signal()  # another workstation changed the record: lists should reload

    def __init__(self, ctx: AppContext, runner: TaskRunner, citizen: CitizenDTO | None = None,
                 parent: QWidget | None = None, *, nik: str = "", name: str = "") -> None:
        super().__init__(ctx, runner, parent)
        self.citizen = citizen
        self.setObjectName("citizenDialog")
        self.setMinimumWidth(640)
        self._set_title()

        grid = self.new_grid()
        self.nik = QLineEdit(self)
        self.nik.setObjectName("nik")
        self.nik.setMaxLength(24)
        self.nik.setPlaceholderText(self.tr("16 angka, seperti pada KTP"))
        self.add_row(grid, "nik", self.tr("&NIK:"), self.nik)
        self.nik_info = QLabel(self)
        self.nik_info.setObjectName("nikDecoded")
        self.nik_info.setWordWrap(True)
        self.nik_info.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.nik_info, grid.rowCount(), 1)
        self.kk = QLineEdit(self)
        self.kk.setObjectName("kk")
        self.kk.setMaxLength(24)
        self.kk.setPlaceholderText(self.tr("16 angka; boleh dikosongkan"))
        self.add_row(grid, "kk", self.tr("No. &KK:"), self.kk)
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.full_name.setMaxLength(120)
        self.add_row(grid, "full_name", self.tr("Nama &lengkap:"), self.full_name)
        self.birth_place = QLineEdit(self)
        self.birth_place.setObjectName("birthPlace")
        self.add_row(grid, "birth_place", self.tr("Tempat la&hir:"), self.birth_place)
        self.birth_date = QLineEdit(self)
        self.birth_date.setObjectName("birthDate")
        self.birth_date.setMaxLength(10)
        self.birth_date.setPlaceholderText(self.tr("hh-bb-tttt, misalnya 15-08-1995"))
        self.add_row(grid, "birth_date", self.tr("Tangg&al lahir:"), self.birth_date)
        self.sex = QComboBox(self)
        self.sex.setObjectName("sex")
        self.sex.addItem(self.tr("— pilih —"), "")
        self.sex.addItem(Sex.LAKI_LAKI.label, "L")
        self.sex.addItem(Sex.PEREMPUAN.label, "P")
        self.add_row(grid, "sex", self.tr("&Jenis kelamin:"), self.sex)
        self.street = QLineEdit(self)
        self.street.setObjectName("street")
        self.street.setPlaceholderText(self.tr("jalan dan nomor rumah"))
        self.add_row(grid, "street", self.tr("Ala&mat:"), self.street)
        self.rt = QLineEdit(self)
        self.rt.setObjectName("rt")
        self.rt.setMaxLength(3)
        self.rw = QLineEdit(self)
        self.rw.setObjectName("rw")
        self.rw.setMaxLength(3)
        rt_rw = QWidget(self)
        rt_rw_layout = QHBoxLayout(rt_rw)
        rt_rw_layout.setContentsMargins(0, 0, 0, 0)
        for edit in (self.rt, self.rw):
            edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") + 16)
        rw_label = QLabel(self.tr("R&W:"), self)
        rw_label.setBuddy(self.rw)
        rt_rw_layout.addWidget(self.rt)
        rt_rw_layout.addSpacing(12)
        rt_rw_layout.addWidget(rw_label)
        rt_rw_layout.addWidget(self.rw)
        rt_rw_layout.addStretch(1)
        rt_label = self.add_row(grid, "rt", self.tr("&RT:"), rt_rw)
        rt_label.setBuddy(self.rt)
        self.fields["rt"] = self.rt
        self.add_message(grid, "rw", self.rw)
        self.kecamatan = QComboBox(self)
        self.kecamatan.setObjectName("kecamatan")
        self.kecamatan.setEditable(True)
        self.kecamatan.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kecamatan.addItem("")
        self.kecamatan.addItems([k.name for k in KOTA_PASURUAN_KECAMATAN])
        self.kecamatan.setToolTip(self.tr("Pilih kecamatan Kota Pasuruan, atau ketik nama kecamatan lain"))
        self.add_row(grid, "kecamatan", self.tr("K&ecamatan:"), self.kecamatan)
        self.kelurahan = QComboBox(self)
        self.kelurahan.setObjectName("kelurahan")
        self.kelurahan.setEditable(True)
        self.kelurahan.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kelurahan.setToolTip(self.tr("Pilih kelurahan Kota Pasuruan, atau ketik nama kelurahan/desa "
                                          "lain"))
        self.add_row(grid, "kelurahan", self.tr("Kel&urahan/desa:"), self.kelurahan)
        self.city = QLineEdit(DEFAULT_CITY, self)
        self.city.setObjectName("city")
        self.add_row(grid, "city", self.tr("K&ota/kabupaten:"), self.city)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(20)
        self.add_row(grid, "phone", self.tr("Tele&pon:"), self.phone)

        self.use_latest = QPushButton(self.tr("Pakai data ter&baru"), self)
        self.use_latest.setObjectName("useLatest")
        self.use_latest.setAutoDefault(False)
        self.use_latest.clicked.connect(self.load_latest)
        self.use_latest.hide()
        self._latest: CitizenDTO | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        latest_row = QHBoxLayout()
        latest_row.addStretch(1)
        latest_row.addWidget(self.use_latest)
        layout.addLayout(latest_row)
        layout.addLayout(grid)
        self.finish_layout(layout)

        self._fill_kelurahan("")
        self.nik.textChanged.connect(lambda _t: self._update_nik_info())
        self.nik.textEdited.connect(lambda _t: self.nik_info.show())
        self.birth_date.textChanged.connect(lambda _t: self._update_nik_info())
        self.sex.currentIndexChanged.connect(lambda _i: self._update_nik_info())
        self.kecamatan.currentTextChanged.connect(self._kecamatan_changed)
        self.kelurahan.currentTextChanged.connect(self._kelurahan_changed)
        self.watch(self.nik, self.kk, self.full_name, self.birth_place, self.birth_date, self.sex,
                   self.street, self.rt, self.rw, self.kecamatan, self.kelurahan, self.city, self.phone)
        if citizen is not None:
            self.fill(citizen)
            self.full_name.setFocus()
        else:
            self.nik.setText(nik)
            self.full_name.setText(name)
            self.nik.setFocus()
        self._update_nik_info()

    def show_errors(self, errors: dict[str, str]) -> None:
        # The database's verdict on the NIK replaces the live line until the NIK is edited again.
        self.nik_info.setVisible("nik" not in errors)
        super().show_errors(errors)

    def _set_title(self) -> None:
        self.setWindowTitle(self.tr("Daftarkan warga") if self.citizen is None
                            else self.tr("Ubah data warga"))

    # ---- form <-> data

    @staticmethod
    def shown_values(citizen: CitizenDTO) -> dict[str, str]:
        """A stored citizen as the form shows it, field by field."""
        return {
            "nik": citizen.nik, "kk": citizen.kk, "full_name": citizen.full_name,
            "birth_place": citizen.birth_place,
            "birth_date": f"{citizen.birth_date:%d-%m-%Y}" if citizen.birth_date else "",
            "sex": citizen.sex, "street": citizen.street, "rt": citizen.rt, "rw": citizen.rw,
            "kecamatan": citizen.kecamatan, "kelurahan": citizen.kelurahan, "city": citizen.city,
            "phone": citizen.phone,
        }

    def form_values(self) -> dict[str, str]:
        return {
            "nik": self.nik.text(), "kk": self.kk.text(), "full_name": self.full_name.text(),
            "birth_place": self.birth_place.text(), "birth_date": self.birth_date.text(),
            "sex": str(self.sex.currentData() or ""), "street": self.street.text(),
            "rt": self.rt.text(), "rw": self.rw.text(), "kecamatan": self.kecamatan.currentText(),
            "kelurahan": self.kelurahan.currentText(), "city": self.city.text(),
            "phone": self.phone.text(),
        }

    def set_value(self, key: str, value: str) -> None:
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif key == "sex":
            self.sex.setCurrentIndex(max(0, self.sex.findData(value)))
        elif isinstance(widget, QComboBox):
            widget.setEditText(value)

    def fill(self, citizen: CitizenDTO) -> None:
        for key, value in self.shown_values(citizen).items():
            self.set_value(key, value)

    def typed(self, *, accept_warnings: bool = False) -> CitizenInput:
        """What the form holds. Raises ValueError (with the field name) for an unreadable date."""
        try:
            birth_date = parse_date(self.birth_date.text())
        except ValueError:
            raise ValueError("birth_date") from None
        return CitizenInput(
            nik=self.nik.text(), full_name=self.full_name.text(), birth_place=self.birth_place.text(),
            birth_date=birth_date, sex=str(self.sex.currentData() or ""), street=self.street.text(),
            rt=self.rt.text(), rw=self.rw.text(), kelurahan=self.kelurahan.currentText(),
            kecamatan=self.kecamatan.currentText(), city=self.city.text(), phone=self.phone.text(),
            kk=self.kk.text(), accept_warnings=accept_warnings)

    @staticmethod
    def stored_input(citizen: CitizenDTO) -> CitizenInput:
        return CitizenInput(
            nik=citizen.nik, full_name=citizen.full_name, birth_place=citizen.birth_place,
            birth_date=citizen.birth_date, sex=citizen.sex, street=citizen.street, rt=citizen.rt,
            rw=citizen.rw, kelurahan=citizen.kelurahan, kecamatan=citizen.kecamatan, city=citizen.city,
            phone=citizen.phone, kk=citizen.kk)

    # ---- live feedback

    def _update_nik_info(self) -> None:
        text = self.nik.text()
        digits = normalize_number(text)
        if not digits:
            self.nik_info.setText(f"<span style='color:#666'>{self.tr('NIK terdiri dari 16 angka.')}</span>")
            return
        if digits.isdigit() and len(digits) < NIK_LENGTH:
            self.nik_info.setText("<span style='color:#666'>{}</span>".format(
                self.tr("{n} dari 16 angka").format(n=len(digits))))
            return
        try:
            birth_date = parse_date(self.birth_date.text())
        except ValueError:
            birth_date = None
        sex = {"L": Sex.LAKI_LAKI, "P": Sex.PEREMPUAN}.get(str(self.sex.currentData() or ""))
        check = decode_nik(text, today=dt.date.today(), regions=self.ctx.regions,
                           entered_birth_date=birth_date, entered_sex=sex)
        parts: list[str] = []
        if check.errors:
            # Only what makes the number impossible: agreement with the form comes after.
            parts.extend(f"<span style='color:#b00020'>{html.escape(p.message)}</span>" for p in check.errors)
            self.nik_info.setText("<br>".join(parts))
            return
        facts = []
        if check.sex is not None:
            facts.append(check.sex.label)
        if check.birth_date is not None:
            facts.append(self.tr("lahir {date}").format(date=format_date(check.birth_date)))
        region = check.region_label()
        if region:
            facts.append(region)
        else:
            facts.append(self.tr("wilayah {code}").format(code=check.region_code_dotted))
        facts.append(self.tr("no. urut {serial}").format(serial=check.serial))
        parts.append("<span style='color:#1b5e20'>✓ {}</span>".format(html.escape(" · ".join(facts))))
        parts.extend(f"<span style='color:#8a5300'>⚠ {html.escape(p.message)}</span>" for p in check.warnings)
        self.nik_info.setText("<br>".join(parts))

    def nik_feedback(self) -> str:
        """The decoded NIK line as plain text (what the clerk reads under the field)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.nik_info.text().replace("<br>", "\n")))

    def _fill_kelurahan(self, kecamatan_text: str) -> None:
        kecamatan = find_kecamatan(kecamatan_text)
        if kecamatan is not None:
            names = [k.name for k in kecamatan.kelurahan]
        elif not kecamatan_text.strip():
            names = sorted(k.name for k in kota_pasuruan_kelurahan())
        else:
            names = []  # another place: typed freely
        keep = self.kelurahan.currentText()
        self.kelurahan.blockSignals(True)
        self.kelurahan.clear()
        self.kelurahan.addItem("")
        self.kelurahan.addItems(names)
        self.kelurahan.setEditText(keep)
        self.kelurahan.blockSignals(False)

    def _kecamatan_changed(self, text: str) -> None:
        self._fill_kelurahan(text)
        if find_kecamatan(text) is not None and not self.city.text().strip():
            self.city.setText(DEFAULT_CITY)

    def _kelurahan_changed(self, text: str) -> None:
        if self.kecamatan.currentText().strip():
            return
        kelurahan = find_kelurahan(text)
        if kelurahan is not None:
            kecamatan = kecamatan_by_code(kelurahan.kecamatan_code)
            if kecamatan is not None:
                self.kecamatan.blockSignals(True)
                self.kecamatan.setEditText(kecamatan.name)
                self.kecamatan.blockSignals(False)

    # ---- saving

    def submit(self, *, accept_warnings: bool) -> None:
        factory, actor, regions = self.ctx.uow_factory, self.ctx.actor, self.ctx.regions
        if actor is None:
            return
        try:
            data = self.typed(accept_warnings=accept_warnings)
        except ValueError:
            self.show_errors({"birth_date": self.tr(
                "Tanggal lahir ditulis hh-bb-tttt, misalnya 15-08-1995.")})
            return
        citizen = self.citizen
        if citizen is not None and (applicant_service.normalize_citizen(data) == dataclasses.replace(
                applicant_service.normalize_citizen(self.stored_input(citizen)),
                accept_warnings=accept_warnings)):
            self.saved.emit(citizen)  # nothing changed: nothing to write
            self.accept()
            return
        citizen_id = citizen.id if citizen else None
        version = citizen.version if citizen else None
        self.clear_messages()
        self.run(lambda: applicant_service.save_citizen(
            factory(), actor, data, regions=regions, citizen_id=citizen_id, expected_version=version),
            self._saved)

    def _saved(self, citizen: CitizenDTO) -> None:
        self.citizen = citizen
        self.saved.emit(citizen)
        self.accept()

    def already_registered(self, exc: AlreadyRegistered) -> None:
        """The NIK is on file: open that record here instead of creating a second one."""
        factory, actor, record_id = self.ctx.uow_factory, self.ctx.actor, exc.record_id
        if actor is None:
            return

        def opened(existing: CitizenDTO) -> None:
            self.citizen = existing
            self._set_title()
            self.fill(existing)
            self.clear_messages()
            self.nik_info.show()
            self.anyway_button.hide()
            self.banner.setText(self.tr(
                "<b>{message}</b><br>Tidak ada data baru yang dibuat. Periksa data yang tersimpan di "
                "bawah; ubah bila perlu, lalu tekan <i>Simpan</i>.").format(
                    message=html.escape(exc.message)))
            self.banner.show()
            fit_height(self)
            self.full_name.setFocus()
            self.opened_existing.emit(existing)

        self.runner.run_db(lambda: applicant_service.get_citizen(factory(), actor, record_id), opened,
                           lambda e: report_error(self, e))

    def conflicted(self, exc: ConflictError) -> None:
        """Another workstation saved first. Keep what was typed; show what is stored now."""
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None or self.citizen is None:
            return
        original = self.citizen
        citizen_id = original.id

        def reloaded(latest: CitizenDTO) -> None:
            self.stale.emit()
            # Three-way: what the clerk left as it was takes the other workstation's value; what the
            # clerk changed stays as typed.
            base, typed, stored = (self.shown_values(original), self.form_values(),
                                   self.shown_values(latest))
            taken = [k for k in stored if typed[k] == base[k] and stored[k] != base[k]]
            for key in taken:
                self.set_value(key, stored[key])
            self.citizen = latest  # the next save starts from the stored version, knowingly
            self._latest = latest
            birth = f"{latest.birth_date:%d-%m-%Y}" if latest.birth_date else "—"
            self.banner.setText(self.tr(
                "<b>Data warga ini baru saja diubah di workstation lain.</b> Perubahan Anda "
                "<b>belum disimpan</b>. Yang tersimpan sekarang:<br>{name}, NIK {nik}, lahir "
                "{birth}<br>{address}<br>Telepon: {phone}<br><br>Isian yang Anda ubah tetap di "
                "formulir; isian lain sudah diganti dengan data terbaru. Tekan <i>Simpan</i> untuk "
                "menyimpan, atau <i>Pakai data terbaru</i> untuk membuang isian Anda.").format(
                    name=html.escape(latest.full_name), nik=latest.nik, birth=birth,
                    address=html.escape(latest.address_line() or "—"),
                    phone=html.escape(latest.phone or "—")))
            self.banner.show()
            self.use_latest.show()
            fit_height(self)
            self.full_name.setFocus()

        def gone(e: BaseException) -> None:
            self.general.setStyleSheet(ERROR_STYLE)
            self.general.show_message(getattr(e, "message", str(e)))
            self.ok_button.setEnabled(False)

        self.runner.run_db(lambda: applicant_service.get_citizen(factory(), actor, citizen_id),
                           reloaded, gone)

    def load_latest(self) -> None:
        if self._latest is not None:
            self.fill(self._latest)
        self.banner.hide()
        self.use_latest.hide()
        self.clear_messages()
        self.full_name.setFocus()


# --------------------------------------------------------------------------- citizen picker


class CitizenPickerDialog(QDialog):
    """Find a citizen (or register one) for another record: a contact person, a kuasa."""

    chosen = Signal(int, str)  # citizen id, name

    def __init__(self, ctx: AppContext, runner: TaskRunner, title: str,
                 parent: QWidget | None = None, *, exclude_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.exclude_id = exclude_id
        self.setObjectName("citizenPicker")
        self.setWindowTitle(title)
        self.resize(760, 460)
        self.panel = ApplicantSearchPanel(ctx, runner, self.tr("&Cari warga:"), self)
        self.panel.picked.connect(self._pick)
        self.note = FieldError(self)
        self.note.setObjectName("pickerMessage")
        self.pick_button = QPushButton(self.tr("&Pilih"), self)
        self.pick_button.setObjectName("pick")
        self.pick_button.setAutoDefault(False)
        self.pick_button.clicked.connect(lambda: self._pick(self.panel.current_hit()))
        self.new_button = QPushButton(self.tr("&Warga baru…"), self)
        self.new_button.setObjectName("newCitizen")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_citizen)
        self.new_button.setVisible(may_register(ctx.actor))
        cancel = QPushButton(self.tr("Batal"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pick_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.dialog: CitizenDialog | None = None
        self.panel.search.setFocus()

    def _pick(self, hit: ApplicantHit | None) -> None:
        if hit is None or self.result() == QDialog.DialogCode.Accepted:
            return
        if hit.kind != "citizen":
            self.note.show_message(self.tr("Pilih warga (perseorangan), bukan lembaga."))
            return
        if hit.id == self.exclude_id:
            self.note.show_message(self.tr("Pemohon tidak dapat menjadi kuasa bagi dirinya sendiri."))
            return
        self.chosen.emit(hit.id, hit.name)
        self.accept()

    def new_citizen(self) -> CitizenDialog:
        text = self.panel.search.text().strip()
        digits = normalize_number(text)
        dialog = CitizenDialog(self.ctx, self.runner, None, self,
                               nik=digits if digits.isdigit() else "",
                               name="" if digits.isdigit() else text)
        dialog.saved.connect(lambda c: (self.chosen.emit(c.id, c.full_name), self.accept()))
        self.dialog = dialog
        dialog.open()
        return dialog


# --------------------------------------------------------------------------- institution


class InstitutionDialog(_RegisterDialog):
    """Registers an institution (``institution`` None) or edits one."""

    saved = Signal(object)  # InstitutionDTO
    stale = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, institution: InstitutionDTO | None = None,
                 parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(ctx, runner, parent)
        self.institution = institution
        self.setObjectName("institutionDialog")
        self.setWindowTitle(self.tr("Daftarkan lembaga") if institution is None
                            else self.tr("Ubah data lembaga"))
        self.setMinimumWidth(620)
        self.contact_id: int | None = None
        self._latest: InstitutionDTO | None = None

        grid = self.new_grid()
        self.name = QLineEdit(name, self)
        self.name.setObjectName("name")
        self.name.setMaxLength(200)
        self.add_row(grid, "name", self.tr("&Nama lembaga:"), self.name)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("— pilih —"), "")
        for key, label in applicant_service.INSTITUTION_KINDS.items():
            self.kind.addItem(label, key)
        self.add_row(grid, "kind", self.tr("&Jenis:"), self.kind)
        self.legal_form = QComboBox(self)
        self.legal_form.setObjectName("legalForm")
        self.legal_form.setEditable(True)
        self.legal_form.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.legal_form.addItem("")
        self.legal_form.addItems(LEGAL_FORMS)
        self.add_row(grid, "legal_form", self.tr("&Bentuk badan hukum:"), self.legal_form)
        self.akta = QLineEdit(self)
        self.akta.setObjectName("akta")
        self.add_row(grid, "akta_number", self.tr("No. &akta pendirian:"), self.akta)
        self.npwp = QLineEdit(self)
        self.npwp.setObjectName("npwp")
        self.npwp.setPlaceholderText(self.tr("15 atau 16 angka"))
        self.add_row(grid, "npwp", self.tr("N&PWP:"), self.npwp)
        self.address = QLineEdit(self)
        self.address.setObjectName("address")
        self.add_row(grid, "address", self.tr("A&lamat:"), self.address)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(20)
        self.add_row(grid, "phone", self.tr("&Telepon:"), self.phone)
        self.contact = QLineEdit(self)
        self.contact.setObjectName("contact")
        self.contact.setReadOnly(True)
        self.contact.setPlaceholderText(self.tr("belum dipilih"))
        self.pick_contact_button = QPushButton(self.tr("Pilih nara&hubung…"), self)
        self.pick_contact_button.setObjectName("pickContact")
        self.pick_contact_button.setAutoDefault(False)
        self.pick_contact_button.clicked.connect(self.pick_contact)
        self.add_row(grid, "contact", self.tr("Narahubung:"), self.contact, self.pick_contact_button)
        self.fields["contact"] = self.pick_contact_button

        self.use_latest = QPushButton(self.tr("Pakai data ter&baru"), self)
        self.use_latest.setObjectName("useLatest")
        self.use_latest.setAutoDefault(False)
        self.use_latest.clicked.connect(self.load_latest)
        self.use_latest.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        latest_row = QHBoxLayout()
        latest_row.addStretch(1)
        latest_row.addWidget(self.use_latest)
        layout.addLayout(latest_row)
        layout.addLayout(grid)
        self.finish_layout(layout)
        self.watch(self.name, self.kind, self.legal_form, self.akta, self.npwp, self.address, self.phone)
        self.picker: CitizenPickerDialog | None = None
        if institution is not None:
            self.fill(institution)
        self.name.setFocus()

    def fill(self, institution: InstitutionDTO) -> None:
        self.name.setText(institution.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(institution.kind)))
        self.legal_form.setEditText(institution.legal_form)
        self.akta.setText(institution.akta_number)
        self.npwp.setText(institution.npwp)
        self.address.setText(institution.address)
        self.phone.setText(institution.phone)
        self.set_contact(institution.contact_citizen_id, institution.contact_name)

    def set_contact(self, citizen_id: int | None, name: str) -> None:
        self.contact_id = citizen_id
        self.contact.setText(name if citizen_id is not None else "")

    def pick_contact(self) -> CitizenPickerDialog:
        picker = CitizenPickerDialog(self.ctx, self.runner, self.tr("Pilih narahubung lembaga"), self)
        picker.chosen.connect(self.set_contact)
        self.picker = picker
        picker.open()
        return picker

    def typed(self) -> InstitutionInput:
        return InstitutionInput(
            name=self.name.text(), kind=str(self.kind.currentData() or ""),
            legal_form=self.legal_form.currentText(), akta_number=self.akta.text(),
            npwp=self.npwp.text(), address=self.address.text(), phone=self.phone.text(),
            contact_citizen_id=self.contact_id)

    def submit(self, *, accept_warnings: bool) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None:
            return
        data = self.typed()
        institution_id = self.institution.id if self.institution else None
        version = self.institution.version if self.institution else None
        self.clear_messages()
        self.run(lambda: applicant_service.save_institution(
            factory(), actor, data, institution_id=institution_id, expected_version=version),
            self._saved)

    def _saved(self, institution: InstitutionDTO) -> None:
        self.institution = institution
        self.saved.emit(institution)
        self.accept()

    def conflicted(self, exc: ConflictError) -> None:
        factory, actor = self.ctx.uow_factory, self.ctx.actor
        if actor is None or self.institution is None:
            return
        institution_id = self.institution.id

        def reloaded(latest: InstitutionDTO) -> None:
            self.stale.emit()
            self.institution = latest
            self._latest = latest
            self.banner.setText(self.tr(
                "<b>Data lembaga ini baru saja diubah di workstation lain.</b> Perubahan Anda "
                "<b>belum disimpan</b>. Yang tersimpan sekarang:<br>{name}<br>{address}<br><br>Isian "
                "Anda tetap di formulir. Tekan <i>Simpan</i> untuk menerapkan isian Anda atas data "
                "terbaru, atau <i>Pakai data terbaru</i> untuk membuang isian Anda.").format(
                    name=html.escape(latest.name), address=html.escape(latest.address or "—")))
            self.banner.show()
            self.use_latest.show()
            fit_height(self)
            self.name.setFocus()

        self.runner.run_db(lambda: applicant_service.get_institution(factory(), actor, institution_id),
                           reloaded, lambda e: report_error(self, e))

    def load_latest(self) -> None:
        if self._latest is not None:
            self.fill(self._latest)
        self.banner.hide()
        self.use_latest.hide()
        self.clear_messages()
        self.name.setFocus()
