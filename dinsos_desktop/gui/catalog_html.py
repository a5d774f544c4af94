"""A standard as HTML for the detail view: every component of the decree, readable at the counter."""

from __future__ import annotations

from html import escape

from dinsos_desktop.domain.catalog import Catalog, Requirement, Standard


def _list(items: tuple[str, ...], ordered: bool = True) -> str:
    if not items:
        return "<p>–</p>"
    if len(items) == 1:
        return f"<p>{escape(items[0])}</p>"
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def _requirements(reqs: tuple[Requirement, ...], depth: int = 0) -> str:
    kind = ("1", "a", "i")[min(depth, 2)]
    out = [f'<ol type="{kind}">']
    for r in reqs:
        out.append(f"<li>{escape(r.text)}")
        if r.children:
            out.append(_requirements(r.children, depth + 1))
        out.append("</li>")
    out.append("</ol>")
    return "".join(out)


def _steps(s: Standard) -> str:
    if not s.procedure_sections:
        return _list(s.procedure_steps)
    out = []
    for sec in s.procedure_sections:
        out.append(f"<p><b>{escape(sec.title)}</b></p><ol start=\"{sec.from_step}\">")
        for step in s.procedure_steps[sec.from_step - 1:sec.to_step]:
            out.append(f"<li>{escape(step)}</li>")
        out.append("</ol>")
    return "".join(out)


def _time_limit(s: Standard, labels: dict[str, str]) -> str:
    tl = s.time_limit
    head = escape(tl.text) if tl.text else escape(tl.describe())
    parts = [f"<p>{head}</p>"]
    if tl.is_fixed and tl.describe().casefold() not in tl.text.casefold():
        parts.append(f"<p><i>{escape(labels['counted'])}: {escape(tl.describe())}</i></p>")
    elif not tl.is_fixed:
        parts.append(f"<p><i>{escape(labels['no_fixed'])}</i></p>")
    if tl.alternatives:
        parts.append("<ul>" + "".join(f"<li>{escape(a.describe())}</li>" for a in tl.alternatives)
                     + "</ul>")
    return "".join(parts)


DEFAULT_LABELS = {
    "legal_basis": "Dasar Hukum",
    "requirements": "Persyaratan Pelayanan",
    "procedure": "Sistem, Mekanisme dan Prosedur",
    "time_limit": "Jangka Waktu Pelayanan",
    "fee": "Biaya/Tarif",
    "products": "Produk Pelayanan",
    "facilities": "Sarana, Prasarana dan/atau Fasilitas",
    "competence": "Kompetensi Pelaksana",
    "supervision": "Pengawasan Internal",
    "complaints": "Penanganan Pengaduan, Saran dan Masukan",
    "executors": "Jumlah Pelaksana",
    "service_guarantee": "Jaminan Pelayanan",
    "safety_guarantee": "Jaminan Keamanan dan Keselamatan Pelayanan",
    "evaluation": "Evaluasi Kinerja Pelaksana",
    "notes": "Catatan transkripsi",
    "counted": "Dihitung sebagai",
    "no_fixed": "Tidak ada batas waktu tetap.",
    "bidang": "Bidang",
    "lampiran": "Lampiran",
    "decree": "Keputusan",
}


def standard_html(catalog: Catalog, s: Standard, labels: dict[str, str] = DEFAULT_LABELS) -> str:
    rows: list[tuple[str, str]] = [
        (labels["legal_basis"], _list(s.legal_basis)),
        (labels["requirements"], _requirements(s.requirements)),
        (labels["procedure"], _steps(s)),
        (labels["time_limit"], _time_limit(s, labels)),
        (labels["fee"], f"<p>{escape(s.fee.text)}</p>"),
        (labels["products"], _list(s.products)),
        (labels["facilities"], _list(s.facilities)),
        (labels["competence"], _list(s.competence)),
        (labels["supervision"], _list(s.supervision)),
        (labels["complaints"], _list(s.complaint_channels)),
        (labels["executors"], f"<p>{escape(s.executors.text)}</p>"),
    ]
    for key, value in (("service_guarantee", s.service_guarantee),
                       ("safety_guarantee", s.safety_guarantee), ("evaluation", s.evaluation)):
        if value:
            rows.append((labels[key], f"<p>{escape(value)}</p>"))
    body = "".join(
        f'<tr><td class="no" width="4%">{i}</td><td class="k" width="24%">{escape(k)}</td>'
        f'<td width="72%">{v}</td></tr>'
        for i, (k, v) in enumerate(rows, 1)
    )
    from dinsos_desktop.reports.formatting import format_date

    v = catalog.version
    meta = (f"{escape(labels['bidang'])}: {escape(catalog.bidang_name(s.bidang))} · "
            f"{escape(labels['lampiran'])} {s.lampiran} · {escape(labels['decree'])} "
            f"No. {escape(v.decree_number)} ({format_date(v.decree_date)}) · {escape(s.code)}")
    notes = ""
    if s.notes:
        notes = (f'<p class="notes"><b>{escape(labels["notes"])}</b></p><ul class="notes">'
                 + "".join(f"<li>{escape(n)}</li>" for n in s.notes) + "</ul>")
    return f"""<html><head><style>
h2 {{ margin: 0 0 2px 0; }}
p.meta {{ color: #555; margin: 0 0 8px 0; }}
table {{ border-collapse: collapse; }}
td {{ border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; }}
td.no {{ text-align: right; color: #555; }}
td.k {{ font-weight: bold; }}
ol, ul {{ margin-top: 0; margin-bottom: 0; }}
p {{ margin: 0 0 2px 0; }}
.notes {{ color: #666; font-size: small; }}
</style></head><body>
<h2>{escape(s.title)}</h2>
<p class="meta">{meta}</p>
<table width="100%" cellspacing="0">{body}</table>
{notes}
</body></html>"""
