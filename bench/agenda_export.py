"""A year's agenda book of outgoing letters exported to XLSX and to PDF: the application's
``reports.agenda_xlsx.write_agenda_xlsx`` and ``reports.agenda.render_agenda_register``, beside a
minimal openpyxl workbook and a minimal reportlab document of the same cells.

No database: the book is ``services.dto.AgendaRegisterData`` (an OfficeProfile, the year 2026,
month None) with 10,000 LetterDTOs (--quick: 2,000) built here, deterministically (seeded): dated
over the year's working days (Monday to Friday) in number order, with classification codes of
both code sets, subjects of many shapes and lengths (a few very long ones), addressees that are a
person, an institution or both, with or without an address, natures, attachments, signatories,
processing units, sent dates, answered incoming letters, related applications, notes; about 3%
voided (with reason, who and when) and about 2% nomor sisipan (76a, 76b …, with a reason, a few
still waiting for approval). Letters are in the book's order (date, number, suffix).

Each of the four exports runs in a fresh interpreter (``python -c``), with its modules imported and
the letters built before measuring: the first call (what the user waits for after pressing the
button; reported with the CPU time it used, and checked against the targets: a wall time well
above its CPU time means the machine was busy with something else), a second call for information
(--quick: none), then a third under tracemalloc for the peak of traced allocations (tracemalloc
slows Python down, so that call is not timed). Resident memory: growth over the first call from
/proc/self/statm, and the growth of the peak resident size (VmHWM in /proc/self/status, reset
before the call through /proc/self/clear_refs where the kernel allows it). Peak memory, checked
against its target: the largest of the three. The application gets a progress callback and a
cancel check that never cancels; how often each was called is reported. The output is checked
roughly: the XLSX's sheet has a row per letter, the PDF is a PDF with its page count.

Baseline, each in its own fresh interpreter too, with the same 12 cells per letter (No., Nomor
Surat, Tanggal Surat, Tanggal Kirim, Tujuan, Perihal, Kode Klasifikasi, Sifat, Lampiran, Unit
Pengolah, Penandatangan, Keterangan) as plain strings, numbers and dates: an openpyxl write_only
workbook with a head row; a reportlab SimpleDocTemplate on landscape A4 with one plain Table (a
head row, a grid, Helvetica 6 pt, fixed column widths filling the frame, no wrapping: long
text runs past its cell) per page of 40 letters.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.common import REPO, finish, machine, ms_since

SEED = 20261123
YEAR = 2026
FULL_LETTERS, QUICK_LETTERS = 10_000, 2_000
TARGET_XLSX_S, TARGET_PDF_S, TARGET_MEMORY_MB = 3.0, 5.0, 200.0
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
PRINTED_AT = dt.datetime(2026, 12, 31, 15, 30, tzinfo=WIB)
UNIT = "423.105"
MARK = "BENCH-AGENDA-RESULT "
XLSX_MODULE = REPO / "dinsos_desktop" / "reports" / "agenda_xlsx.py"
PDF_MODULE = REPO / "dinsos_desktop" / "reports" / "agenda.py"
BASELINE_ROWS_PER_PAGE = 40
KINDS = ("xlsx", "pdf", "xlsx_baseline", "pdf_baseline")

HEAD = ("No.", "Nomor Surat", "Tanggal Surat", "Tanggal Kirim", "Tujuan", "Perihal", "Kode Klasifikasi",
        "Sifat", "Lampiran", "Unit Pengolah", "Penandatangan", "Keterangan")

# --------------------------------------------------------------------------- the year's letters

CODES = (("460", 30), ("465", 8), ("466", 6), ("467", 6), ("463", 5), ("462", 4), ("461", 4),
         ("188.4", 3), ("188.45", 2), ("000.1.2.3", 5), ("400.9.7", 6), ("400.9.2.1", 4),
         ("800.1.11.1", 3), ("900.1.3", 3), ("100.3.3", 2), ("000.8.3.3", 2))
PROGRAMS = ("PKH", "BPNT", "PBI JK", "DTKS", "santunan kematian", "rehabilitasi sosial anak",
            "bantuan rumah tidak layak huni", "Karang Taruna", "TKSK", "lanjut usia terlantar",
            "penyandang disabilitas", "bantuan sosial APBD", "tanggap darurat bencana")
PLACES = ("Kecamatan Gadingrejo", "Kecamatan Purworejo", "Kecamatan Bugul Kidul",
          "Kecamatan Panggungrejo", "Kota Pasuruan", "Kelurahan Bugul Lor", "Kelurahan Kebonsari",
          "Kelurahan Tambaan", "Kelurahan Mayangan", "Kelurahan Karangketug")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
SUBJECTS = (
    "Undangan rapat koordinasi {program} tingkat {place}",
    "Permohonan data penerima {program} {place}",
    "Penyampaian laporan pelaksanaan {program} bulan {month} {year}",
    "Pemberitahuan jadwal penyaluran {program}",
    "Rekomendasi {program} a.n. {person}",
    "Surat keterangan tidak mampu a.n. {person}",
    "Tindak lanjut pengaduan masyarakat tentang {program} di {place}",
    "Undangan sosialisasi {program}",
    "Permohonan narasumber bimbingan teknis {program}",
    "Surat tugas pendampingan {program} di {place}",
    "Nota dinas",
    "Keputusan Kepala Dinas Sosial tentang penetapan penerima {program} tahun anggaran {year}",
    "Penyampaian usulan calon penerima {program} {place} sebagaimana hasil musyawarah kelurahan "
    "dan verifikasi lapangan oleh pendamping sosial, dengan lampiran daftar nama, alamat dan NIK "
    "calon penerima yang telah diverifikasi",
)
LONG_TAIL = ("sehubungan dengan surat Saudara tentang hal tersebut di atas, bersama ini kami sampaikan "
             "bahwa data telah diverifikasi ulang oleh petugas dan pendamping sosial di lapangan")
GIVEN = ("Ahmad", "Siti", "Muhammad", "Nur", "Dwi", "Sri", "Agus", "Budi", "Eko", "Rina", "Yuli",
         "Hendra", "Fitri", "Slamet", "Wahyu", "Dewi", "Bambang", "Lestari", "Imam", "Anik")
FAMILY = ("Aminah", "Hidayat", "Santoso", "Rahmawati", "Wibowo", "Suryani", "Prasetyo", "Fauzi",
          "Hasanah", "Kurniawan", "Susanti", "Setiawan", "Maulana", "Wulandari", "Nugroho")
OFFICIALS = ("Camat Gadingrejo", "Camat Purworejo", "Camat Bugul Kidul", "Camat Panggungrejo",
             "Lurah Bugul Lor", "Lurah Kebonsari", "Kepala Dinas Kesehatan", "Kepala Bappelitbangda",
             "Direktur RSUD dr. R. Soedarsono", "Ketua TKSK Kota Pasuruan",
             "Kepala BPJS Kesehatan Cabang Pasuruan", "Sekretaris Daerah Kota Pasuruan")
INSTITUTIONS = ("Dinas Sosial Provinsi Jawa Timur", "Kementerian Sosial Republik Indonesia",
                "Pemerintah Kota Pasuruan", "Dinas Kependudukan dan Pencatatan Sipil Kota Pasuruan",
                "Yayasan Panti Asuhan Al-Hidayah", "Lembaga Kesejahteraan Sosial Anak Harapan Bangsa",
                "Badan Penanggulangan Bencana Daerah Kota Pasuruan", "Kantor Pos Pasuruan",
                "Bank Rakyat Indonesia Kantor Cabang Pasuruan", "Kecamatan Panggungrejo")
STREETS = ("Jl. Hasanudin", "Jl. Sultan Agung", "Jl. Pahlawan", "Jl. Dr. Wahidin Sudirohusodo",
           "Jl. Gatot Subroto", "Jl. Veteran", "Jl. Panglima Sudirman", "Jl. Gayung Kebonsari",
           "Jl. Ir. H. Juanda", "Jl. Soekarno-Hatta")
CITIES = ("Pasuruan", "Pasuruan", "Pasuruan", "Surabaya", "Jakarta Pusat", "Malang")
SIGNATORIES = ("Kepala Dinas Sosial", "Sekretaris", "Kepala Bidang Rehabilitasi Sosial",
               "Kepala Bidang Perlindungan dan Jaminan Sosial", "Kepala Bidang Pemberdayaan Sosial")
BIDANG = ("SEKRETARIAT", "REHSOS", "LINJAMSOS", "DAYASOS", "PPKS")
VOID_REASONS = ("Salah alamat tujuan", "Surat tidak jadi dikirim", "Salah kode klasifikasi",
                "Nomor terambil dua kali untuk surat yang sama", "Perihal diganti, diambil nomor baru")
INSERT_REASONS = ("Surat susulan tanggal sebelumnya", "Terlambat diagendakan",
                  "Surat ditandatangani pimpinan pada tanggal tersebut")
NOTES = ("Tembusan: Wali Kota Pasuruan", "Dikirim lewat ekspedisi", "Diantar langsung",
         "Dikirim melalui email dinas", "Arsip di map biru")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _subject(rng: random.Random) -> str:
    template = SUBJECTS[min(len(SUBJECTS) - 1, int(len(SUBJECTS) * rng.random() ** 1.2))]
    text = template.format(program=rng.choice(PROGRAMS), place=rng.choice(PLACES),
                           month=rng.choice(MONTHS), year=YEAR, person=_person(rng))
    u = rng.random()
    if u < 0.002:  # a whole paragraph pasted in the subject
        text = f"{text}, {LONG_TAIL}. " * 6
    elif u < 0.05:
        text = f"{text}, {LONG_TAIL}"
    return text.strip()[:1000]


def _addressee(rng: random.Random) -> tuple[str, str, str]:
    u = rng.random()
    if u < 0.35:
        name, institution = rng.choice(OFFICIALS), ""
    elif u < 0.6:
        name, institution = "", rng.choice(INSTITUTIONS)
    elif u < 0.8:
        name, institution = f"Kepala {rng.choice(('Bidang', 'Seksi', 'Bagian'))} {rng.choice(PROGRAMS)}", \
            rng.choice(INSTITUTIONS)
    else:
        name, institution = f"{rng.choice(('Sdr.', 'Sdri.', 'Bapak', 'Ibu'))} {_person(rng)}", ""
    address = ""
    if rng.random() < 0.6:
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}, {rng.choice(CITIES)}"
        if rng.random() < 0.1:
            address += f"\nRT {rng.randint(1, 12):02d} RW {rng.randint(1, 9):02d}"
    return name, institution, address


def working_days(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 2), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def letters(n: int, seed: int = SEED) -> tuple[Any, ...]:
    """``n`` LetterDTOs of one year in the book's order."""
    from dinsos_desktop.domain.tracking import format_tracking_number
    from dinsos_desktop.services.dto import LetterDTO

    rng = random.Random(seed)
    days = working_days(YEAR)
    inserts = n // 50
    mains = n - inserts
    # (date, number, suffix) of every letter: the main numbers run with the dates; a sisipan takes
    # the number of a letter and a free suffix.
    keys: list[tuple[dt.date, int, str]] = []
    for number in range(1, mains + 1):
        keys.append((days[(number - 1) * len(days) // mains], number, ""))
    taken: dict[int, int] = {}
    for _ in range(inserts):
        base = rng.randint(1, mains)
        taken[base] = taken.get(base, 0) + 1
        keys.append((keys[base - 1][0], base, "abcdefghij"[taken[base] - 1]))
    keys.sort()
    out = []
    created = dt.datetime(YEAR, 1, 2, 1, 0, tzinfo=dt.UTC)
    for i, (day, number, suffix) in enumerate(keys, 1):
        code = _pick(rng, CODES)
        name, institution, address = _addressee(rng)
        void = rng.random() < 0.03
        at = (dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC)
              + dt.timedelta(minutes=rng.randint(0, 420)))
        sent = None if rng.random() < 0.15 else min(day + dt.timedelta(days=int(rng.random() ** 3 * 4)),
                                                      dt.date(YEAR, 12, 31))
        related_app = format_tracking_number(YEAR, rng.randint(1, 9000)) if rng.random() < 0.08 else ""
        incoming = (f"{rng.choice(('005', '400.9', '460'))}/{rng.randint(1, 999)}/"
                    f"{rng.choice(('424.101', '423.202', '35.75.1'))}/{YEAR}") if rng.random() < 0.1 else ""
        out.append(LetterDTO(
            id=i, year=YEAR, scope=f"letter:{YEAR}:{UNIT}", number=number, suffix=suffix,
            full_number=f"{code}/{number}{suffix}/{UNIT}/{YEAR}", letter_date=day, sent_date=sent,
            kind="keputusan" if code.startswith("188") else "surat", classification_code=code,
            addressee_name=name, addressee_institution=institution, addressee_address=address,
            subject=_subject(rng), nature=rng.choices(("biasa", "penting", "segera", "rahasia"),
                                                      (80, 10, 8, 2))[0],
            attachments=rng.choices((0, 1, 2, 3, 5, 12), (60, 25, 7, 4, 3, 1))[0],
            bidang_code=rng.choice(BIDANG), signatory=rng.choice(SIGNATORIES),
            related_application_id=rng.randint(1, 9000) if related_app else None,
            related_application_number=related_app, related_incoming=incoming,
            notes=rng.choice(NOTES) if rng.random() < 0.07 else "",
            status="batal" if void else "aktif", is_insert=bool(suffix),
            insert_reason=rng.choice(INSERT_REASONS) if suffix else "",
            insert_approval=("menunggu" if rng.random() < 0.1 else "disetujui") if suffix else "",
            void_reason=rng.choice(VOID_REASONS) if void else "",
            voided_at=at + dt.timedelta(days=1) if void else None,
            voided_by_name="Sri Agendaris" if void else "", scan_filename="", imported=False,
            created_by_name="Sri Agendaris", version=2 if void else 1, created_at=max(at, created),
            updated_at=at + dt.timedelta(days=1) if void else at))
    return tuple(out)


def register_data(n: int) -> Any:
    from dinsos_desktop.domain.office import OfficeProfile, Signatory
    from dinsos_desktop.services.dto import AgendaRegisterData

    office = OfficeProfile(
        head=Signatory("Kepala Dinas Sosial", "Drs. Bambang Setiawan, M.Si.", "196805121994031007",
                       "Pembina Utama Muda (IV/c)"),
        signatories=(Signatory("Sekretaris", "Dra. Siti Aminah", "197003151997032004",
                               "Pembina Tingkat I (IV/b)"),),
        email="dinsos@pasuruankota.go.id", website="dinsos.pasuruankota.go.id", version=3)
    return AgendaRegisterData(office=office, year=YEAR, month=None, letters=letters(n),
                              printed_at=PRINTED_AT)


# --------------------------------------------------------------------------- the baselines' cells


def _d(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day is not None else "-"


def cells(i: int, x: Any) -> list[Any]:
    """The 12 cells of a letter, as the baselines write them."""
    address = " ".join(x.addressee_address.split())
    to = " / ".join(t for t in (x.addressee_name, x.addressee_institution, address) if t)
    notes = []
    if x.status == "batal":
        notes.append(f"BATAL: {x.void_reason}")
    if x.is_insert:
        notes.append(f"Sisipan: {x.insert_reason}")
    if x.related_incoming:
        notes.append(f"Balasan surat {x.related_incoming}")
    if x.related_application_number:
        notes.append(f"Permohonan {x.related_application_number}")
    if x.notes:
        notes.append(x.notes)
    return [i, x.full_number, x.letter_date, x.sent_date, to, x.subject, x.classification_code,
            x.nature.capitalize(), x.attachments, x.bidang_code, x.signatory, "; ".join(notes)]


def baseline_xlsx(data: Any, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Agenda")
    ws.append(list(HEAD))
    for i, letter in enumerate(data.letters, 1):
        ws.append(cells(i, letter))
    wb.save(path)


def baseline_pdf(data: Any) -> bytes:
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=2 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.8 * cm)
    style = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 6),
                        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 6),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    share = (2, 9, 5, 5, 14, 22, 6, 4, 3, 6, 10, 14)  # of the frame's width, per column
    widths = [doc.width * s / sum(share) for s in share]
    rows = [[str(c) if c is not None and not isinstance(c, dt.date) else _d(c) for c in cells(i, x)]
            for i, x in enumerate(data.letters, 1)]
    story: list[Any] = []
    for start in range(0, len(rows), BASELINE_ROWS_PER_PAGE):
        if story:
            story.append(PageBreak())
        story.append(Table([list(HEAD), *rows[start:start + BASELINE_ROWS_PER_PAGE]], colWidths=widths,
                           style=style))
    doc.build(story)
    return buffer.getvalue()


# --------------------------------------------------------------------------- in the fresh interpreter


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _reset_peak_rss() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _check_output(kind: str, output: Path, letters_n: int) -> dict[str, Any]:
    size = output.stat().st_size
    if kind.startswith("xlsx"):
        with zipfile.ZipFile(output) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            rows = max((len(re.findall(rb"<row[ >]", z.read(n))) for n in sheets), default=0)
        return {"bytes": size, "sheets": len(sheets), "rows_in_largest_sheet": rows,
                "has_a_row_per_letter": rows >= letters_n}
    content = output.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", content))
    return {"bytes": size, "is_pdf": content.startswith(b"%PDF"), "pages": pages}


def child() -> None:
    """One export measured in this (fresh) interpreter; prints MARK and a JSON object."""
    kind = os.environ["DINSOS_BENCH_KIND"]
    n = int(os.environ["DINSOS_BENCH_LETTERS"])
    again = os.environ.get("DINSOS_BENCH_AGAIN") == "1"
    out_dir = Path(os.environ["DINSOS_BENCH_OUT"])
    result: dict[str, Any] = {"kind": kind, "letters": n}
    calls = {"progress": 0, "cancelled": 0}

    def progress(*_args: Any) -> None:
        calls["progress"] += 1

    def cancelled() -> bool:
        calls["cancelled"] += 1
        return False

    start = time.perf_counter()
    import openpyxl  # noqa: F401 - imported before measuring, as the others
    import reportlab.platypus  # noqa: F401

    if kind == "xlsx":
        from dinsos_desktop.reports.agenda_xlsx import write_agenda_xlsx

        def export(data: Any, path: Path) -> None:
            write_agenda_xlsx(data, path, progress=progress, cancelled=cancelled)
    elif kind == "pdf":
        from dinsos_desktop.reports.agenda import render_agenda_register
        from dinsos_desktop.reports.paper import A4

        def export(data: Any, path: Path) -> None:
            path.write_bytes(render_agenda_register(data, A4, progress=progress, cancelled=cancelled))
    elif kind == "xlsx_baseline":
        export = baseline_xlsx
    else:
        def export(data: Any, path: Path) -> None:
            path.write_bytes(baseline_pdf(data))
    result["import_ms"] = round(ms_since(start), 1)
    start = time.perf_counter()
    data = register_data(n)
    result["build_letters_ms"] = round(ms_since(start), 1)
    suffix = ".xlsx" if kind.startswith("xlsx") else ".pdf"
    gc.collect()
    rss_before = _rss_mb()
    reset = _reset_peak_rss()
    hwm_before = _peak_rss_mb() if reset else None
    start, cpu_start = time.perf_counter(), time.process_time()
    export(data, out_dir / f"first{suffix}")
    first_s = ms_since(start) / 1000
    first_cpu_s = time.process_time() - cpu_start
    rss_after = _rss_mb()
    hwm_after = _peak_rss_mb() if reset else None
    result["first_s"] = round(first_s, 3)
    result["first_cpu_s"] = round(first_cpu_s, 3)  # below first_s: the machine was busy elsewhere
    result["output"] = _check_output(kind, out_dir / f"first{suffix}", n)
    if kind in ("xlsx", "pdf"):
        result["progress_calls"] = calls["progress"]
        result["cancelled_checks"] = calls["cancelled"]
    if again:
        start = time.perf_counter()
        export(data, out_dir / f"again{suffix}")
        result["again_s"] = round(ms_since(start) / 1000, 3)
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    export(data, out_dir / f"traced{suffix}")
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    result["tracemalloc_peak_mb"] = round(traced_peak, 1)
    result["rss_growth_mb"] = round(rss_after - rss_before, 1)
    result["peak_rss_growth_mb"] = (round(hwm_after - hwm_before, 1)
                                    if hwm_after is not None and hwm_before is not None else None)
    result["peak_memory_mb"] = round(max(v for v in (traced_peak, rss_after - rss_before,
                                                     result["peak_rss_growth_mb"]) if v is not None), 1)
    print(MARK + json.dumps(result, ensure_ascii=False), flush=True)


# --------------------------------------------------------------------------- the parent


def measure(kind: str, n: int, again: bool) -> dict[str, Any]:
    """``child`` for one export in a fresh interpreter; its result, or what went wrong."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({"DINSOS_BENCH_KIND": kind, "DINSOS_BENCH_LETTERS": str(n),
                "DINSOS_BENCH_AGAIN": "1" if again else "0"})
    with tempfile.TemporaryDirectory(prefix="dinsos-bench-agenda-") as tmp:
        env.update({"DINSOS_DATA_DIR": tmp, "DINSOS_CONFIG_DIR": tmp, "DINSOS_BENCH_OUT": tmp})
        try:
            proc = subprocess.run([sys.executable, "-c", "from bench.agenda_export import child; child()"],
                                  env=env, capture_output=True, text=True, cwd=tmp, timeout=900)
        except subprocess.TimeoutExpired:
            return {"error": "the export did not finish within 900 s"}
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return dict(json.loads(line[len(MARK):]))
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
    return {"error": f"the export's interpreter exited ({proc.returncode}) without a result",
            "output_tail": tail}


def _missing(path: Path, name: str) -> str | None:
    if not path.exists():
        return f"not measured: {path.relative_to(REPO).as_posix()} does not exist"
    source = path.read_text(encoding="utf-8", errors="replace")
    if f"def {name}(" not in source:
        return f"not measured: {path.relative_to(REPO).as_posix()} has no {name}()"
    return None


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    n = QUICK_LETTERS if quick else FULL_LETTERS
    result: dict[str, Any] = {"bench": "agenda_export", "size": "quick" if quick else "full",
                              "letters": n, "paper_pdf": "A4 (the register turns it landscape)"}
    if db_url is not None:
        result["note"] = "--db is not used: the letters are built in memory"
    missing = {"xlsx": _missing(XLSX_MODULE, "write_agenda_xlsx"),
               "pdf": _missing(PDF_MODULE, "render_agenda_register")}
    measured: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        reason = missing.get(kind)
        if reason is not None:
            result[kind] = reason
            continue
        measured[kind] = measure(kind, n, again=not quick)
        result[kind] = measured[kind]
    missed: list[str] = []
    notes: list[str] = []
    for kind, limit in (("xlsx", TARGET_XLSX_S), ("pdf", TARGET_PDF_S)):
        part = measured.get(kind)
        if part is None:
            notes.append(f"{kind}: {missing[kind]}")
            continue
        if "error" in part:
            missed.append(f"{kind}: {part['error']}")
            continue
        base = measured.get(f"{kind}_baseline", {})
        if base.get("first_s"):
            part["ratio_to_baseline"] = round(part["first_s"] / base["first_s"], 2)
        if part["first_s"] > limit:
            missed.append(f"{kind}: {part['first_s']} s > {limit} s")
        if part["peak_memory_mb"] > TARGET_MEMORY_MB:
            missed.append(f"{kind}: peak memory {part['peak_memory_mb']} MB > {TARGET_MEMORY_MB} MB")
    if quick:
        notes.append(f"--quick: {n} letters; the targets are meant for {FULL_LETTERS}, checked here anyway")
    result["targets"] = {"xlsx_s": TARGET_XLSX_S, "pdf_s": TARGET_PDF_S, "peak_memory_mb": TARGET_MEMORY_MB,
                         "checked_on": "the first call in a fresh interpreter, modules imported",
                         "missed": missed, **({"notes": notes} if notes else {})}
    result["baseline"] = {
        "what": "the same 12 cells per letter, each in a fresh interpreter: an openpyxl write_only "
                "workbook with a head row; a reportlab SimpleDocTemplate, landscape A4, one plain "
                f"Table per page of {BASELINE_ROWS_PER_PAGE} letters (Helvetica 6 pt, grid, fixed column "
                "widths, no wrapping)",
        "xlsx": result.pop("xlsx_baseline"), "pdf": result.pop("pdf_baseline"),
    }
    return finish(result, at_start)
