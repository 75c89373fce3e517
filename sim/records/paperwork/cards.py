"""Response cards (应急处置卡): one printable card per role, as PDF or Word.

A response card condenses the on-site response plan for one post: what to do, in order,
and whom to call (GB/T 29639-2020 ch. 8 and 附录 B, 应急处置卡; the 2024 campaign asks for
plans to become cards, 卡片化). Each card carries the scenario's id and version, so a card
on the wall can be matched to the scenario it was made from.

The PDF embeds a Chinese font (:mod:`.fonts`); without one, a Chinese PDF is refused with
one clear message rather than printed as empty boxes. The text is shrunk, step by step,
until the card fits on one page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from sim.i18n import tr
from sim.linebreak import wrap_lines
from sim.records.errors import RecordsError
from sim.records.paperwork.fonts import find_cjk_font
from sim.scenario import Scenario
from sim.text import Lang, localize

SIZES_MM: dict[str, tuple[float, float]] = {"A5": (148.0, 210.0), "A6": (105.0, 148.0)}
"""Card sizes, portrait (ISO 216)."""

MARGIN_MM: dict[str, float] = {"A5": 12.0, "A6": 8.0}
BASE_PT: dict[str, float] = {"A5": 14.0, "A6": 11.0}
"""Body size a card starts from before it is shrunk to fit."""
MIN_PT = 6.0
NBSP = "\u00a0"
RED = (178, 34, 34)
NAVY = (30, 58, 95)


@dataclass(frozen=True)
class Card:
    """What one card says."""

    role_id: str
    role: str
    scenario: str
    steps: list[str]
    contacts: list[str]
    footer: str


def cards_of(scenario: Scenario, lang: Lang, *, sha256: str = "") -> list[Card]:
    """One card per role, in the scenario's order."""
    from sim import __version__
    from sim.records.paperwork.plan import scenario_version

    footer = (
        f"{tr('pw_scenario_id', lang)} {scenario.id} · "
        f"{tr('pw_scenario_version', lang)} {scenario_version(scenario, sha256, lang)} · "
        f"drillsim {__version__}"
    )
    return [
        Card(
            role_id=r.id,
            role=localize(r.name, lang),
            scenario=localize(scenario.title, lang),
            steps=[localize(c, lang) for c in r.card],
            contacts=[localize(c, lang) for c in r.contacts],
            footer=footer,
        )
        for r in scenario.roles
    ]


def _needs_cjk(cards: list[Card]) -> bool:
    text = "".join(c.role + c.scenario + "".join(c.steps + c.contacts) for c in cards)
    return any(ord(ch) > 0x2E80 for ch in text)


def cards_pdf(scenario: Scenario, lang: Lang, *, size: str = "A6", sha256: str = "") -> bytes:
    """The cards as a PDF, one page each."""
    from fpdf import FPDF

    cards = cards_of(scenario, lang, sha256=sha256)
    font = find_cjk_font()
    if font is None and (lang == "zh" or _needs_cjk(cards)):
        raise RecordsError("err_no_cjk_font")
    w, h = SIZES_MM[size]
    pdf = FPDF(unit="mm", format=(w, h))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_MM[size], MARGIN_MM[size])
    if font is not None:
        pdf.add_font("card", "", str(font.path), collection_font_number=font.index)
        bold = font.bold_path or font.path
        pdf.add_font("card", "B", str(bold), collection_font_number=font.bold_index)
        family = "card"
    else:
        family = "helvetica"
    pdf.set_title(tr("pw_card_title", lang))
    pdf.set_creator("drillsim")
    for card in cards:
        pdf.add_page()
        pt = BASE_PT[size]
        while pt > MIN_PT and not _fits(pdf, family, card, lang, size, pt):
            pt -= 0.5
        _draw(pdf, family, card, lang, size, pt)
    return bytes(pdf.output())


def _blocks(card: Card, lang: Lang) -> list[tuple[str, list[str]]]:
    return [
        (tr("pw_card_steps", lang), [_numbered(i, s, lang) for i, s in enumerate(card.steps, 1)]),
        (tr("pw_card_contacts", lang), card.contacts or [tr("pw_card_none", lang)]),
    ]


def _numbered(i: int, text: str, lang: Lang) -> str:
    return f"{i}．{text}" if lang == "zh" else f"{i}. {text}"


def _lines(pdf: Any, text: str, width_mm: float, lang: Lang) -> str:
    """``text`` broken into lines that fit ``width_mm`` at the current font, by Chinese
    line breaking (sim.linebreak: no line starts with "。" or "，", "拨打 119" stays whole),
    joined with newlines for ``multi_cell``, which then has nothing left to wrap."""
    room = width_mm - 2 * pdf.c_margin - 0.01
    lines = wrap_lines(text, room, lang=lang, measure=pdf.get_string_width)
    return "\n".join(line.replace(" ", NBSP) if lang == "zh" else line for line in lines)


def _body_height(pdf: Any, family: str, card: Card, lang: Lang, size: str, pt: float) -> float:
    w = SIZES_MM[size][0] - 2 * MARGIN_MM[size]
    line = pt * 0.3528 * 1.45
    total = 0.0
    for _head, items in _blocks(card, lang):
        total += line * 1.3 + 1.5
        pdf.set_font(family, "", pt)
        for item in items:
            text = _lines(pdf, item, w - 3, lang)
            lines = pdf.multi_cell(w - 3, line, text, align="L", dry_run=True, output="LINES")
            total += line * len(lines) + 0.8
    return total


def _fits(pdf: Any, family: str, card: Card, lang: Lang, size: str, pt: float) -> bool:
    h = SIZES_MM[size][1]
    top = _header_height(size, pt)
    bottom = MARGIN_MM[size] + 6.0
    return top + _body_height(pdf, family, card, lang, size, pt) <= h - bottom


def _header_height(size: str, pt: float) -> float:
    return MARGIN_MM[size] + 22.0 if size == "A6" else MARGIN_MM[size] + 30.0


def _draw(pdf: Any, family: str, card: Card, lang: Lang, size: str, pt: float) -> None:
    w, h = SIZES_MM[size]
    m = MARGIN_MM[size]
    inner = w - 2 * m
    # Red frame and title band, as cards posted at a workplace usually look.
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.8)
    pdf.rect(m / 2, m / 2, w - m, h - m)
    pdf.set_fill_color(*RED)
    band = 9.0 if size == "A6" else 12.0
    pdf.rect(m / 2, m / 2, w - m, band, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(family, "B", 14 if size == "A6" else 18)
    pdf.set_xy(m, m / 2)
    pdf.cell(inner, band, tr("pw_card_title", lang), align="C")
    pdf.set_text_color(*NAVY)
    pdf.set_font(family, "B", 13 if size == "A6" else 16)
    pdf.set_xy(m, m / 2 + band + 2)
    pdf.multi_cell(inner, 6.5 if size == "A6" else 8, card.role, align="C")
    pdf.set_text_color(90, 90, 90)
    pdf.set_font(family, "", 7.5 if size == "A6" else 9)
    pdf.set_x(m)
    pdf.multi_cell(inner, 4, f"{tr('pw_card_scenario', lang)}: {card.scenario}"
                   if lang == "en" else f"{tr('pw_card_scenario', lang)}：{card.scenario}",
                   align="C")  # fmt: skip
    y = max(pdf.get_y() + 2, _header_height(size, pt) - 2)
    line = pt * 0.3528 * 1.45
    for head, items in _blocks(card, lang):
        pdf.set_xy(m, y)
        pdf.set_text_color(*RED)
        pdf.set_font(family, "B", pt + 1)
        pdf.cell(inner, line * 1.3, head)
        y += line * 1.3
        pdf.set_draw_color(*RED)
        pdf.set_line_width(0.3)
        pdf.line(m, y, w - m, y)
        y += 1.5
        pdf.set_text_color(20, 20, 20)
        pdf.set_font(family, "", pt)
        for item in items:
            pdf.set_xy(m + 1.5, y)
            pdf.multi_cell(inner - 3, line, _lines(pdf, item, inner - 3, lang), align="L")
            y = pdf.get_y() + 0.8
    pdf.set_text_color(110, 110, 110)
    pdf.set_font(family, "", 6 if size == "A6" else 7)
    pdf.set_xy(m, h - m / 2 - 7)
    pdf.multi_cell(inner, 3, card.footer, align="C")


def cards_docx(scenario: Scenario, lang: Lang, *, size: str = "A6", sha256: str = "") -> bytes:
    """The cards as a Word document, one page each, on A5 or A6 paper."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt, RGBColor

    from sim.records.paperwork.gbt9704 import FONTS, set_run_font

    fonts = FONTS[lang]
    doc = Document()
    sec = doc.sections[0]
    w, h = SIZES_MM[size]
    m = MARGIN_MM[size]
    sec.page_width, sec.page_height = Mm(w), Mm(h)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(sec, side, Mm(m))
    sec.footer_distance = Mm(m / 2)
    base = BASE_PT[size]
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(1)
    cards = cards_of(scenario, lang, sha256=sha256)
    for n, card in enumerate(cards):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(tr("pw_card_title", lang))
        set_run_font(run, fonts["h1"], fonts["latin"], base + 6, True)
        run.font.color.rgb = RGBColor(*RED)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(card.role)
        set_run_font(run, fonts["h1"], fonts["latin"], base + 3, True)
        run.font.color.rgb = RGBColor(*NAVY)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        colon = "：" if lang == "zh" else ": "
        set_run_font(p.add_run(f"{tr('pw_card_scenario', lang)}{colon}{card.scenario}"),
                     fonts["body"], fonts["latin"], base - 2)  # fmt: skip
        for head, items in _blocks(card, lang):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(4)
            run = p.add_run(head)
            set_run_font(run, fonts["h1"], fonts["latin"], base + 1, True)
            run.font.color.rgb = RGBColor(*RED)
            for item in items:
                q = doc.add_paragraph()
                q.paragraph_format.left_indent = Mm(2)
                set_run_font(q.add_run(item), fonts["body"], fonts["latin"], base)
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(card.footer)
        set_run_font(run, fonts["body"], fonts["latin"], 6.5)
        run.font.color.rgb = RGBColor(110, 110, 110)
        if n < len(cards) - 1:
            p.add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
