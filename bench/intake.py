"""The counter's main job, service call to PDF bytes: register a complete application and render
its receipt (tanda terima berkas).

On a new SQLite file (or, with --db URL, a fresh database on that PostgreSQL server, dropped after;
an SQLite URL names a new file): migrations, the bundled catalog, an admin who fills in the office
profile (names, head of office; no logo), a front-office clerk and one citizen. Then:

(a) per application: start_application, view_application (the checklist the clerk ticks),
    mark_item for every checklist item, decide with the real due_calculator(IndonesianHolidays())
    -> ReceiptData; then render_receipt -> PDF bytes. Reported: the whole, the services alone
    (the baseline "bare service calls") and the rendering alone.
(b) render_receipt alone, a new tracking number (so a new QR code) on every call; and the same
    with a letterhead logo (a 600 x 700 pixel PNG, as an office may upload), for information.

Baseline for the QR code, in the same run: reportlab's own QrCodeWidget drawn on a canvas of the
receipt's QR size with the same payload, against reports/qr.py draw_qr, each to PDF bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import (
    PostgresUnavailable,
    backend_of,
    finish,
    machine,
    ms_since,
    postgres_database,
    summary,
)

STANDARD = "IZIN-KARANG-TARUNA"  # 8 documents, 7 working days: a typical file
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
RECEIVED = dt.datetime(2026, 3, 17, 10, 0, tzinfo=WIB)  # before Nyepi, Idul Fitri, cuti bersama
PASSWORD = "Bench-rahasia-1"
TARGET_RENDER_MS = 15.0
TARGET_REGISTER_AND_RECEIPT_MS = 60.0


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WIB)


def _logo_png() -> bytes | None:
    """A 600 x 700 pixel emblem, as an office would upload (the GUI scales logos to 800 px)."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    image = Image.new("RGBA", (600, 700), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(30, 20), (570, 20), (570, 420), (300, 680), (30, 420)], fill=(16, 88, 160, 255),
                 outline=(200, 160, 20, 255), width=18)
    draw.ellipse((170, 120, 430, 380), fill=(245, 200, 40, 255))
    for i in range(8):
        draw.rectangle((120 + i * 45, 440, 140 + i * 45, 560), fill=(250, 250, 250, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@contextmanager
def _database(db_url: str | None) -> Iterator[tuple[str, str]]:
    """(URL, description) of an empty database for the run."""
    if db_url is None:
        with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'intake.db'}", "sqlite (temporary file)"
        return
    if backend_of(db_url) == "sqlite":
        from sqlalchemy.engine import make_url

        path = Path(make_url(db_url).database or "")
        if path.exists():
            raise SystemExit(f"--db {db_url}: give a new SQLite file, this one exists")
        yield db_url, "sqlite (--db)"
        return
    with postgres_database(db_url, "intake") as url:
        yield url, "postgresql (fresh database on the --db server)"


@dataclasses.dataclass(frozen=True)
class _Setup:
    uow: Any
    clerk: Any
    citizen_id: int
    due_for: Any


def _prepare(url: str) -> _Setup:
    from dinsos_desktop.adapters.db.engine import make_engine
    from dinsos_desktop.adapters.db.migrate import upgrade
    from dinsos_desktop.adapters.db.uow import SqlAlchemyUnitOfWork
    from dinsos_desktop.adapters.holidays_id import IndonesianHolidays
    from dinsos_desktop.adapters.regions import REGIONS
    from dinsos_desktop.domain.office import Signatory
    from dinsos_desktop.domain.roles import Role
    from dinsos_desktop.paths import bundled_catalog
    from dinsos_desktop.services import applicants, calendar, office, users
    from dinsos_desktop.services.catalog import ensure_bundled_catalog
    from dinsos_desktop.services.dto import CitizenInput

    engine = make_engine(url)
    upgrade(engine)
    uow = SqlAlchemyUnitOfWork(engine, workstation="bench-loket-1")
    ensure_bundled_catalog(uow, bundled_catalog())
    admin = users.create_first_admin(uow, "admin", "Administrator Bench", PASSWORD)
    profile = office.get_office_profile(uow)
    office.save_office_profile(uow, admin, dataclasses.replace(
        profile, email="dinsos@pasuruankota.go.id", website="dinsos.pasuruankota.go.id",
        head=Signatory("Kepala Dinas Sosial", "Drs. Bambang Hariyanto, M.Si.",
                       nip="197005121995031004", rank="Pembina Utama Muda (IV/c)")))
    users.create_user(uow, admin, "petugas", "Siti Nurhaliza, S.Sos.", [Role.FRONT_OFFICE], PASSWORD,
                      nip="198803152010012003")
    clerk = users.login(uow, "petugas", PASSWORD)
    citizen = applicants.save_citizen(uow, clerk, CitizenInput(
        nik="3575045508950001", kk="3575041203150007", full_name="Siti Aminah",
        birth_place="Pasuruan", birth_date=dt.date(1995, 8, 15), sex="P",
        street="Jl. Sukarno Hatta No. 5", rt="1", rw="2", kelurahan="Tamba'an",
        kecamatan="Panggungrejo", city="Kota Pasuruan", phone="0812-3456-7890"),
        regions=REGIONS, now=RECEIVED)
    return _Setup(uow, clerk, citizen.id, calendar.due_calculator(IndonesianHolidays(), _local))


def _register(s: _Setup) -> Any:
    """One complete file at the counter, through the services: the ReceiptData."""
    from dinsos_desktop.domain.checklist import ItemStatus
    from dinsos_desktop.services import intake

    app = intake.start_application(s.uow, s.clerk, STANDARD, citizen_id=s.citizen_id, now=RECEIVED)
    view = intake.view_application(s.uow, s.clerk, app.id)
    current = app
    for n, item in enumerate(view.standard.checklist_items()):
        status = ItemStatus.ORIGINAL_SEEN if n % 2 == 0 else ItemStatus.COPY_RECEIVED
        current = intake.mark_item(s.uow, s.clerk, app.id, item.key, status, now=RECEIVED)
    decision = intake.decide(s.uow, s.clerk, app.id, expected_version=current.version,
                             due_for=s.due_for, now=RECEIVED, local=_local)
    assert decision.application.status == "registered", decision.application.status
    return decision.receipt


def _qr_pdf_ours(payload: str, size: float) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from dinsos_desktop.reports.qr import draw_qr

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(size, size))
    draw_qr(canvas, payload, 0, 0, size)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _qr_pdf_widget(payload: str, size: float) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(size, size))
    widget = QrCodeWidget(payload, barLevel="M")  # the same error correction level as ours
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _measure(url: str, iterations: int) -> dict[str, Any]:
    setup_start = time.perf_counter()
    s = _prepare(url)
    setup_ms = ms_since(setup_start)
    try:
        return _timings(s, setup_ms, iterations)
    finally:
        s.uow.engine.dispose()


def _timings(s: _Setup, setup_ms: float, iterations: int) -> dict[str, Any]:
    from dinsos_desktop.domain.tracking import format_tracking_number
    from dinsos_desktop.reports.paper import MM
    from dinsos_desktop.reports.receipt import render_receipt
    from dinsos_desktop.services.receipts import office_secret, qr_payload

    for _ in range(3):  # warm-up: imports, fonts registered, holiday tables, first renders
        render_receipt(_register(s))

    # (a) register + receipt, interleaving nothing: this is the clerk's wait.
    service_ms: list[float] = []
    render_ms: list[float] = []
    total_ms: list[float] = []
    sizes: list[int] = []
    receipt = None
    for _ in range(iterations):
        start = time.perf_counter()
        receipt = _register(s)
        registered = time.perf_counter()
        pdf = render_receipt(receipt)
        done = time.perf_counter()
        service_ms.append((registered - start) * 1000)
        render_ms.append((done - registered) * 1000)
        total_ms.append((done - start) * 1000)
        sizes.append(len(pdf))
    assert receipt is not None and pdf.startswith(b"%PDF-")
    with s.uow:
        secret = office_secret(s.uow)

    def numbered(sequence: int) -> Any:
        number = format_tracking_number(RECEIVED.year, sequence)
        return dataclasses.replace(receipt, number=number, qr_payload=qr_payload(secret, number))

    # (b) the receipt alone; each call a new number, so a QR code never encoded before.
    alone_ms: list[float] = []
    for i in range(iterations):
        data = numbered(500_000 + i)
        start = time.perf_counter()
        render_receipt(data)
        alone_ms.append(ms_since(start))
    logo = _logo_png()
    logo_ms: list[float] = []
    if logo is not None:
        with_logo = dataclasses.replace(receipt.office, logo_png=logo)
        render_receipt(dataclasses.replace(receipt, office=with_logo))
        for i in range(iterations):
            data = dataclasses.replace(numbered(600_000 + i), office=with_logo)
            start = time.perf_counter()
            render_receipt(data)
            logo_ms.append(ms_since(start))

    # Baseline: the QR code alone, both ways, interleaved, a fresh payload each time.
    qr_side = 20 * MM  # the receipt's QR code on A5 (the default paper), quiet zone included
    ours_ms: list[float] = []
    widget_ms: list[float] = []
    for i in range(iterations):
        payload = qr_payload(secret, format_tracking_number(RECEIVED.year, 700_000 + i))
        pair = ((_qr_pdf_ours, ours_ms), (_qr_pdf_widget, widget_ms))
        for draw, samples in (pair if i % 2 == 0 else pair[::-1]):
            start = time.perf_counter()
            draw(payload, qr_side)
            samples.append(ms_since(start))

    total, alone = summary(total_ms), summary(alone_ms)
    return {
        "setup_ms": round(setup_ms, 1),
        "documents_per_file": sum(1 for i in receipt.items if not i.is_heading),
        "due_date": receipt.due.date().isoformat() if receipt.due else None,
        "pdf_bytes": [min(sizes), max(sizes)],
        "iterations": iterations,
        "register_and_receipt": total,
        "receipt_render_in_register": summary(render_ms),
        "receipt_render_alone": alone,
        "receipt_render_alone_with_logo": summary(logo_ms) if logo_ms else "skipped: no Pillow",
        "targets": {
            "receipt_render_ms": TARGET_RENDER_MS,
            "register_and_receipt_ms": TARGET_REGISTER_AND_RECEIPT_MS,
            "receipt_render_met": alone["median_ms"] <= TARGET_RENDER_MS,
            "register_and_receipt_met": total["median_ms"] <= TARGET_REGISTER_AND_RECEIPT_MS,
        },
        "baseline": {
            "what": "the bare service calls of (a) without rendering; and the QR code alone "
                    f"({qr_side / MM:.0f} mm, level M, the same fresh payloads) to PDF bytes: "
                    "reportlab's QrCodeWidget vs reports/qr.py draw_qr",
            "register_services_only": summary(service_ms),
            "qr_reportlab_widget": summary(widget_ms),
            "qr_draw_qr": summary(ours_ms),
        },
    }


def run(db_url: str | None, quick: bool) -> dict[str, Any]:
    at_start = machine()
    result: dict[str, Any] = {"bench": "intake", "size": "quick" if quick else "full",
                              "standard": STANDARD}
    try:
        with _database(db_url) as (url, where):
            result["database"] = where
            result.update(_measure(url, 15 if quick else 50))
    except PostgresUnavailable as exc:
        result["database"] = f"skipped: {exc}"
    return finish(result, at_start)
