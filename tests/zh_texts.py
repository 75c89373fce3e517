"""Every zh text drillsim writes for the bundled scenarios, as ``(where, text)`` pairs for
the scans of tests/zh_scan.py: the HTML and Markdown reports, the report JSON, the Word
report, the plan, the forms and the response cards (Word and PDF), and the statistics
export (CSV and XLSX), of each bundled scenario's ideal and passive runs; and the accepted
zh screen pictures (tests/tui/__snapshots__) read back as text."""

from __future__ import annotations

import html
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
from pypdf import PdfReader

from sim.records.export import export_table
from sim.records.history import History, Participant
from sim.records.journal import Recorder
from sim.records.paperwork.cards import cards_pdf
from sim.records.paperwork.fonts import find_cjk_font
from sim.records.paperwork.plan import forms_docx, plan_docx
from sim.records.paperwork.report_docx import report_docx
from sim.records.report import build_view, gather, to_html, to_json, to_markdown
from tests.records.helpers import scenario, steps

SCENARIOS = (
    "workshop-evacuation",
    "hotel-evacuation",
    "chemical-vehicle-leak",
    "gas-pipeline-leak",
    "scaffold-collapse",
)
PLAYBOOKS = ("ideal", "passive")


def docx_text(data: bytes) -> str:
    """The paragraphs and table cells of a Word document."""
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in d.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            out.extend(str(v) for v in row if isinstance(v, str))
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def run_drill(name: str, playbook: str) -> str:
    """Play a bundled playbook in Chinese through the recorder; the session id."""
    path, sc = scenario(name)
    roles = [r.id for r in sc.roles]
    rec = Recorder.start(
        sc,
        path,
        seed=1,
        unit="示范机械厂",
        team="二车间甲班",
        participants=[Participant("王伟", roles[0]), Participant("李娜", roles[-1])],
        lang="zh",
        speed=1.0,
    )
    for step in steps(name, playbook):
        rec.apply_step(step)
    rec.finish()
    return rec.session_id


def report_texts(name: str, playbook: str) -> Iterator[tuple[str, str]]:
    """The zh report of one run in HTML, Markdown and Word."""
    sid = run_drill(name, playbook)
    view = build_view(gather(sid), "zh")
    where = f"{name}/{playbook}"
    yield f"{where} report.html", _html_text(to_html(view))
    yield f"{where} report.md", to_markdown(view)
    yield f"{where} report.json", to_json(view)
    yield f"{where} report.docx", docx_text(report_docx(view))


def paperwork_texts(name: str) -> Iterator[tuple[str, str]]:
    """The zh plan, forms and cards of one scenario."""
    _, sc = scenario(name)
    plan = docx_text(plan_docx(sc, "zh"))
    # The plan's sources (编制依据) are cited in their own language, as GB/T 7714-2015
    # (信息与文献 参考文献著录规则) asks of a reference list; the rest is scanned.
    body, _, sources = plan.partition("编制依据")
    yield f"{name} plan.docx", body + "\n" + sources.rsplit("\n", 1)[-1]
    yield f"{name} forms.docx", docx_text(forms_docx(sc, "zh"))
    if find_cjk_font() is not None:
        yield f"{name} cards.pdf", pdf_text(cards_pdf(sc, "zh"))


def export_texts() -> Iterator[tuple[str, str]]:
    """The statistics table of every drill in the history, as CSV and XLSX."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "t.csv", Path(tmp) / "t.xlsx"
        export_table(csv_path, lang="zh", history=History())
        export_table(xlsx_path, lang="zh", history=History())
        yield "export.csv", csv_path.read_text(encoding="utf-8-sig")
        yield "export.xlsx", xlsx_text(xlsx_path)


def _html_text(page: str) -> str:
    """The text of an HTML page: no tags, styles, scripts or inline images."""
    page = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", "\n", page)
    return page


def all_texts() -> Iterator[tuple[str, str]]:
    for name in SCENARIOS:
        for playbook in PLAYBOOKS:
            yield from report_texts(name, playbook)
        yield from paperwork_texts(name)
    yield from export_texts()


SNAPSHOTS = Path(__file__).parent / "tui" / "__snapshots__"


def svg_text(path: Path) -> str:
    """The text of a snapshot, row by row."""
    svg = path.read_text(encoding="utf-8")
    rows: dict[float, list[str]] = {}
    for y, part in re.findall(r'<text[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(float(y), []).append(html.unescape(part).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(rows.items()))


def zh_snapshots() -> list[Path]:
    """The accepted screen pictures in Chinese."""
    return sorted(p for p in SNAPSHOTS.rglob("*.svg") if re.search(r"[-\[]zh[-\]]", p.name))
