"""The catalog pane as a counter clerk uses it: find a service by typing, read every component of
its standard, get to it with the keyboard. Runs on both database backends (the catalog is loaded
from the test database by ``MainWindow.start``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextListFormat
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from dinsos_desktop.domain.catalog import Standard
from dinsos_desktop.gui.catalog_pane import CatalogPane
from dinsos_desktop.gui.main_window import MainWindow
from tests.support import BUNDLED_STANDARD_COUNT

pytestmark = pytest.mark.gui

BIDANG_GROUPS = [
    ("Sekretariat", 5),
    ("Bidang Pelayanan dan Rehabilitasi Sosial", 6),
    ("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", 7),
    ("Bidang Perlindungan dan Jaminan Sosial", 9),
]
EVERY_COMPONENT = [
    "Dasar Hukum",
    "Persyaratan Pelayanan",
    "Sistem, Mekanisme dan Prosedur",
    "Jangka Waktu Pelayanan",
    "Biaya/Tarif",
    "Produk Pelayanan",
    "Sarana, Prasarana dan/atau Fasilitas",
    "Kompetensi Pelaksana",
    "Pengawasan Internal",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Jumlah Pelaksana",
    "Jaminan Pelayanan",
    "Jaminan Keamanan dan Keselamatan Pelayanan",
    "Evaluasi Kinerja Pelaksana",
]
PSM_CRITERIA = [
    ("a.", "warga negara Indonesia"),
    ("b.", "memiliki kemauan, kepedulian, dan komitmen sebagai relawan sosial"),
    ("c.", "memiliki kartu tanda penduduk di wilayah desa atau kelurahan atau nama lain sesuai dengan "
           "domisili"),
    ("d.", "usia paling rendah 18 (delapan belas) tahun"),
    ("e.", "mampu membaca dan menulis"),
    ("f.", "berkelakuan baik"),
    ("g.", "telah mengikuti bimbingan teknis dasar di bidang Kesejahteraan Sosial"),
]


@pytest.fixture
def pane(main_window: MainWindow) -> CatalogPane:
    return main_window.catalog_pane


def _detail(pane: CatalogPane) -> str:
    return pane.detail.toPlainText()


def _search(pane: CatalogPane, text: str) -> None:
    pane.search.setText(text)


# --------------------------------------------------------------------------- listing


def test_after_start_every_standard_is_listed_under_its_bidang(pane: CatalogPane) -> None:
    groups = [(pane.model.item(r).text(), pane.model.item(r).rowCount())
              for r in range(pane.model.rowCount())]
    assert groups == BIDANG_GROUPS
    assert len(pane.visible_codes()) == BUNDLED_STANDARD_COUNT
    assert len(set(pane.visible_codes())) == BUNDLED_STANDARD_COUNT
    assert pane.count_label.text() == "27 layanan"
    assert pane.version_label.text() == "Katalog: Keputusan No. 188/76/423.105/2021 tanggal 12 Juli 2021"
    # A bidang heading is a heading, not something to select; a standard reads "lampiran. title".
    heading = pane.model.item(0)
    assert not heading.isSelectable()
    assert [heading.child(r).text() for r in range(heading.rowCount())] == [
        "1. Administrasi Kepegawaian",
        "2. Pengelola/Pengurus Barang/Aset",
        "3. Penyusunan Renstra dan Renja",
        "4. Surat Keluar",
        "5. Pengelolaan Pengaduan Online",
    ]
    assert pane.tree.isExpanded(heading.index())


def test_first_standard_is_shown_and_printable_at_start(pane: CatalogPane) -> None:
    standard = pane.current_standard()
    assert standard is not None and standard.code == "KEPEGAWAIAN"
    assert pane.tree.currentIndex().data() == "1. Administrasi Kepegawaian"
    assert _detail(pane).startswith("Administrasi Kepegawaian")
    assert pane.print_button.isEnabled()


def test_the_pane_model_is_a_well_behaved_model(pane: CatalogPane, qtmodeltester) -> None:
    qtmodeltester.check(pane.model)
    _search(pane, "sosial")
    qtmodeltester.check(pane.model)


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(("query", "codes"), [
    # PSM by its code; TKSK lists "Anggota PSM atau Karang Taruna" among its requirements.
    ("psm", ["PSM", "TKSK"]),
    ("PSM", ["PSM", "TKSK"]),
    ("tksk", ["TKSK"]),
    # Every word must match, anywhere in the standard's searchable text.
    ("sosial masyarakat", ["PSM", "TKSK"]),
    ("hewan kurban", ["HIBAH-HEWAN-KURBAN"]),
    ("  Hewan   KURBAN ", ["HIBAH-HEWAN-KURBAN"]),
    ("lksa", ["IZIN-LKSA"]),
    # Shown grouped by bidang: Rehabilitasi Sosial (ODGJ, "pekerjaan") before Pemberdayaan Sosial.
    ("pekerja", ["ODGJ", "PSM", "TKSK"]),
])
def test_typing_leaves_exactly_the_matching_standards(pane: CatalogPane, query: str,
                                                      codes: list[str]) -> None:
    _search(pane, query)
    assert pane.visible_codes() == codes
    assert pane.count_label.text() == f"{len(codes)} dari 27 layanan"


def test_search_ignores_case_and_accents(pane: CatalogPane) -> None:
    _search(pane, "PéKERJA")
    assert "PSM" in pane.visible_codes()
    assert pane.visible_codes() == ["ODGJ", "PSM", "TKSK"]
    _search(pane, "pÉkErJa sÔsIaL mAsYaRaKaT")
    assert pane.visible_codes() == ["PSM", "TKSK"]


def test_search_finds_a_standard_by_its_requirements(pane: CatalogPane) -> None:
    # "fotocopy Kartu Tanda Penduduk dan kartu keluarga" is a requirement of TKSK only.
    _search(pane, "kartu keluarga")
    assert pane.visible_codes() == ["TKSK"]


def test_search_finds_a_standard_by_its_products(pane: CatalogPane, main_window: MainWindow) -> None:
    catalog = main_window.catalog_pane.catalog
    assert catalog is not None
    hibah = catalog.catalog.standard("HIBAH-LEMBAGA")
    assert "SP2D" not in hibah.title and "Penerbitan SP2D" in hibah.products
    _search(pane, "sp2d")
    assert pane.visible_codes() == ["HIBAH-LEMBAGA"]


def test_no_match_says_so_and_nothing_can_be_printed(pane: CatalogPane) -> None:
    _search(pane, "psm xyzzy")
    assert pane.visible_codes() == []
    assert pane.model.rowCount() == 0
    assert pane.count_label.text() == "0 dari 27 layanan"
    assert "Tidak ada layanan yang cocok dengan “psm xyzzy”." in _detail(pane)
    assert pane.current_standard() is None
    assert not pane.print_button.isEnabled()

    _search(pane, "")
    assert len(pane.visible_codes()) == BUNDLED_STANDARD_COUNT
    assert pane.count_label.text() == "27 layanan"
    assert pane.print_button.isEnabled()
    assert "Tidak ada layanan" not in _detail(pane)


def test_the_selected_standard_stays_selected_while_it_still_matches(pane: CatalogPane) -> None:
    assert pane.select_code("TKSK")
    _search(pane, "psm")
    assert pane.visible_codes() == ["PSM", "TKSK"]
    current = pane.current_standard()
    assert current is not None and current.code == "TKSK"
    _search(pane, "hewan")
    current = pane.current_standard()
    assert current is not None and current.code == "HIBAH-HEWAN-KURBAN"


# --------------------------------------------------------------------------- detail


def test_a_standard_shows_every_component_of_the_decree(pane: CatalogPane) -> None:
    # ODGJ's lampiran has all fourteen components, in the decree's order.
    assert pane.select_code("ODGJ")
    text = _detail(pane)
    assert text.startswith("Penanganan ODGJ")
    positions = [text.find(heading) for heading in EVERY_COMPONENT]
    assert -1 not in positions, [h for h, p in zip(EVERY_COMPONENT, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Bidang: Bidang Pelayanan dan Rehabilitasi Sosial · Lampiran 23" in text
    assert "Keputusan No. 188/76/423.105/2021" in text


def test_psm_shows_its_components_and_the_criteria_a_to_g(pane: CatalogPane) -> None:
    assert pane.select_code("PSM")
    text = _detail(pane)
    assert text.startswith("Pekerja Sosial Masyarakat (PSM)")
    # The PSM lampiran has no Jaminan Keamanan dan Keselamatan row; every other component is there.
    for heading in EVERY_COMPONENT:
        if heading != "Jaminan Keamanan dan Keselamatan Pelayanan":
            assert heading in text, heading
    assert "Calon PSM telah memenuhi persyaratan menjadi PSM antara lain:" in text
    assert "Calon PSM telah mendapat Rekomendasi Lurah untuk mengikuti proses rekrutmen" in text

    # The criteria read "a. …" to "g. …" under requirement 1, as in the decree.
    items = {}
    block = pane.detail.document().begin()
    while block.isValid():
        if block.textList() is not None:
            items[block.text()] = (block.textList().itemText(block),
                                   block.textList().format().style())
        block = block.next()
    for marker, criterion in PSM_CRITERIA:
        assert items.get(criterion) == (marker, QTextListFormat.Style.ListLowerAlpha), criterion


def test_the_detail_follows_the_search_once_typing_pauses(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    pane.focus_search()
    assert pane.search.hasFocus()
    qtbot.keyClicks(pane.search, "tksk")
    # The list filters at every keystroke ...
    assert pane.visible_codes() == ["TKSK"]
    current = pane.current_standard()
    assert current is not None and current.code == "TKSK"
    # ... the detail is drawn once typing pauses.
    qtbot.waitUntil(lambda: _detail(pane).startswith("Tenaga Kerja Sosial Kecamatan (TKSK)"))
    assert "fotocopy Kartu Tanda Penduduk dan kartu keluarga" in _detail(pane)
    assert pane.print_button.isEnabled()


def test_selecting_in_the_list_shows_the_standard_at_once(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    pane.tree.setFocus()
    assert pane.select_code("HIBAH-HEWAN-KURBAN")
    assert _detail(pane).startswith("Hibah Hewan Kurban")


# --------------------------------------------------------------------------- keyboard


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    _search(pane, "psm")
    pane.tree.setFocus()
    assert pane.tree.hasFocus()
    qtbot.keyClick(pane.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.search.hasFocus()
    # The old query is selected: typing replaces it.
    assert pane.search.selectedText() == "psm"
    qtbot.keyClicks(pane.search, "lksa")
    assert pane.search.text() == "lksa"
    assert pane.visible_codes() == ["IZIN-LKSA"]


def test_ctrl_f_from_another_page_goes_back_to_the_catalog(qtbot: QtBot, active_window: MainWindow) -> None:
    active_window.add_page("other", "Halaman lain", lambda: QLineEdit(), ())
    other = active_window.show_page("other")
    assert other is not None
    other.setFocus()
    assert active_window.current_page_key() == "other"
    qtbot.keyClick(active_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert active_window.current_page_key() == "catalog"
    assert active_window.catalog_pane.search.hasFocus()


def test_down_from_the_search_box_moves_into_the_list(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    pane.focus_search()
    qtbot.keyClicks(pane.search, "psm")
    qtbot.keyClick(pane.search, Qt.Key.Key_Down)
    assert pane.tree.hasFocus()
    assert pane.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == "PSM"
    qtbot.keyClick(pane.tree, Qt.Key.Key_Down)
    current = pane.current_standard()
    assert current is not None and current.code == "TKSK"
    assert _detail(pane).startswith("Tenaga Kerja Sosial Kecamatan (TKSK)")


def test_enter_in_the_search_box_selects_the_first_match(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    assert pane.select_code("TKSK")
    pane.focus_search()
    qtbot.keyClicks(pane.search, "psm")
    current = pane.current_standard()
    assert current is not None and current.code == "TKSK"  # still a match: kept while typing
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    current = pane.current_standard()
    assert current is not None and current.code == "PSM"
    qtbot.waitUntil(lambda: _detail(pane).startswith("Pekerja Sosial Masyarakat (PSM)"))


def test_enter_on_a_standard_in_the_list_moves_to_its_detail(qtbot: QtBot,
                                                              active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    pane.tree.setFocus()
    assert pane.select_code("ABH")
    qtbot.keyClick(pane.tree, Qt.Key.Key_Return)
    assert pane.detail.hasFocus()
    assert _detail(pane).startswith("Anak Berhadapan dengan Hukum")


def test_the_print_button_has_a_working_keyboard_mnemonic(qtbot: QtBot, active_window: MainWindow) -> None:
    pane = active_window.catalog_pane
    printed: list[Standard] = []
    pane.print_requested.disconnect()
    pane.print_requested.connect(printed.append)
    labelled = [w.text() for w in [*pane.findChildren(QAbstractButton), *pane.findChildren(QLabel)]
                if w.isVisibleTo(active_window)]
    labelled += [a.text() for a in active_window.menuBar().actions() if a.isVisible()]
    mnemonics = [m.toString() for m in map(QKeySequence.mnemonic, labelled) if not m.isEmpty()]
    assert len(mnemonics) == len(set(mnemonics)), f"two widgets share an Alt+ key: {sorted(mnemonics)}"

    assert pane.select_code("PSM")
    pane.tree.setFocus()
    key = QKeySequence.mnemonic(pane.print_button.text())[0]
    qtbot.keyClick(pane.tree, key.key(), key.keyboardModifiers())
    qtbot.waitUntil(lambda: bool(printed))  # a mnemonic "animates" the click: it lands a moment later
    assert [s.code for s in printed] == ["PSM"]
    search_key = QKeySequence.mnemonic("&Cari:")[0]
    qtbot.keyClick(pane.tree, search_key.key(), search_key.keyboardModifiers())
    assert pane.search.hasFocus()
