"""Word documents laid out like Chinese official documents (GB/T 9704-2012, 党政机关公文格式).

What the standard fixes and this module follows (clause numbers of GB/T 9704-2012):

- paper A4; top margin 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the 156 × 225 mm
  type area of 5.2.1 and 5.2.2);
- the title in 2号小标宋体 (22 pt), centred (7.3.3);
- body text in 3号仿宋体 (16 pt), first-level headings "一、" in 3号黑体, second-level
  headings "（一）" in 3号楷体 (5.2.1, 7.3.3);
- 22 lines of 28 characters: a fixed line pitch of 28.95 pt (5.2.2);
- page numbers in 4号 (14 pt) 宋体 Arabic numerals with a dash either side, "— 1 —", about
  7 mm below the type area, right on odd pages and left on even pages (7.5).

Word documents name fonts; the reader's computer supplies them. Each font is named with a
fallback in the document's font table (``w:altName``), so a computer without 方正小标宋简体
or 仿宋_GB2312 uses 宋体 or 仿宋, which Chinese Windows and WPS always have. English
documents keep the layout with Times New Roman and Arial.

Tables, signature lines and figures follow the same fonts at 4号/小四 sizes so that a
filled-in form still fits the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from sim.text import Lang

MARGINS_MM: dict[str, float] = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
"""GB/T 9704-2012 5.2: margins that leave the 156 × 225 mm type area on A4."""

A4_MM: tuple[float, float] = (210.0, 297.0)

SIZE_PT: dict[str, float] = {"2号": 22.0, "3号": 16.0, "4号": 14.0, "小4": 12.0, "5号": 10.5}
"""Chinese type sizes (号) in points."""

LINE_PITCH_PT = 28.95
"""GB/T 9704-2012 5.2.2: 22 lines in the 225 mm type area."""

FONTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "方正小标宋简体",
        "body": "仿宋_GB2312",
        "h1": "黑体",
        "h2": "楷体_GB2312",
        "page": "宋体",
        "latin": "Times New Roman",
    },
    "en": {
        "title": "Times New Roman",
        "body": "Times New Roman",
        "h1": "Arial",
        "h2": "Times New Roman",
        "page": "Times New Roman",
        "latin": "Times New Roman",
    },
}
"""Font for each part of a document, per language."""

ALT_NAMES: dict[str, str] = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}
"""The font a reader without the first one should use (GB/T 9704 fonts are often missing)."""


def set_run_font(run: Any, east_asia: str, latin: str, size_pt: float, bold: bool = False) -> None:
    """Give a run its Chinese and Latin fonts and its size."""
    run.font.name = latin
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _style_font(style: Any, east_asia: str, latin: str, size_pt: float, bold: bool) -> None:
    style.font.name = latin
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _field(paragraph: Any, instr: str, east_asia: str, latin: str, size_pt: float) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1")):
        run = paragraph.add_run()
        set_run_font(run, east_asia, latin, size_pt)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._element.append(el)
        elif kind == "text":
            run.text = str(text)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._element.append(el)
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    run._element.append(el)


class OfficialDocument:
    """A Word document in the GB/T 9704 layout, in one language.

    Build it with :meth:`title`, :meth:`heading`, :meth:`para`, :meth:`table`,
    :meth:`picture` and :meth:`signatures`; :meth:`to_bytes` gives the .docx file.
    """

    def __init__(self, lang: Lang, *, landscape: bool = False, body_pt: float | None = None):
        self.lang = lang
        self.fonts = FONTS[lang]
        self.body_pt = body_pt or SIZE_PT["3号"]
        self.doc = Document()
        self._h1 = 0
        self._h2 = 0
        self._setup_page(landscape)
        self._setup_styles()
        self._setup_font_table()
        self._page_numbers()

    # --- page ---------------------------------------------------------------------------

    def _setup_page(self, landscape: bool) -> None:
        sec = self.doc.sections[0]
        w, h = A4_MM
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            w, h = h, w
        sec.page_width, sec.page_height = Mm(w), Mm(h)
        sec.top_margin = Mm(MARGINS_MM["top"])
        sec.bottom_margin = Mm(MARGINS_MM["bottom"])
        sec.left_margin = Mm(MARGINS_MM["left"])
        sec.right_margin = Mm(MARGINS_MM["right"])
        # GB/T 9704 7.5: the page number sits about 7 mm below the type area.
        sec.footer_distance = Mm(MARGINS_MM["bottom"] - 7.0 - 5.0)
        sec.header_distance = Mm(15)

    def _setup_styles(self) -> None:
        f = self.fonts
        normal = self.doc.styles["Normal"]
        _style_font(normal, f["body"], f["latin"], self.body_pt, False)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        if self.body_pt >= SIZE_PT["3号"]:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PITCH_PT)
        else:
            pf.line_spacing = 1.25
        title = self.doc.styles["Title"]
        _style_font(title, f["title"], f["latin"], SIZE_PT["2号"], self.lang == "en")
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_after = Pt(LINE_PITCH_PT / 2)
        title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # The template's blue rule under the title has no place in a GB/T 9704 document.
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        for name, font, bold in (("Heading 1", f["h1"], False), ("Heading 2", f["h2"], False)):
            st = self.doc.styles[name]
            _style_font(st, font, f["latin"], self.body_pt, bold or self.lang == "en")
            st.paragraph_format.space_before = Pt(6)
            st.paragraph_format.space_after = Pt(3)
            st.paragraph_format.keep_with_next = True
        for name in ("Heading 3", "Caption"):
            st = self.doc.styles[name]
            _style_font(st, f["h2"], f["latin"], SIZE_PT["4号"], self.lang == "en")

    def _setup_font_table(self) -> None:
        """Name each font with its fallback in word/fontTable.xml (w:altName)."""
        part = None
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                part = rel.target_part
        if part is None:
            return
        root = parse_xml(part.blob)
        for name, alt in ALT_NAMES.items():
            font = parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
            root.append(font)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page_numbers(self) -> None:
        """GB/T 9704 7.5: "— n —", right on odd pages and left on even pages."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.sections[0]
        f = self.fonts
        for footer, align in (
            (sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            pad = "\u3000" if align == WD_ALIGN_PARAGRAPH.LEFT else ""
            tail = "\u3000" if align == WD_ALIGN_PARAGRAPH.RIGHT else ""
            run = p.add_run(f"{pad}— ")
            set_run_font(run, f["page"], f["latin"], SIZE_PT["4号"])
            _field(p, "PAGE", f["page"], f["latin"], SIZE_PT["4号"])
            run = p.add_run(f" —{tail}")
            set_run_font(run, f["page"], f["latin"], SIZE_PT["4号"])

    # --- content ------------------------------------------------------------------------

    def title(self, text: str, subtitle: str | None = None) -> None:
        """The document's title (2号小标宋, centred), with an optional line under it."""
        p = self.doc.add_paragraph(style="Title")
        set_run_font(p.add_run(text), self.fonts["title"], self.fonts["latin"], SIZE_PT["2号"],
                     self.lang == "en")  # fmt: skip
        if subtitle:
            q = self.doc.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(q.add_run(subtitle), self.fonts["h2"], self.fonts["latin"], self.body_pt)
            q.paragraph_format.space_after = Pt(LINE_PITCH_PT / 2)

    def heading(self, text: str, level: int = 1) -> None:
        """A numbered heading: "一、" at level 1, "（一）" at level 2 (GB/T 9704 7.3.3);
        "1." and "1.1" in English."""
        if NUMBERED.match(text):
            number = ""
            if level == 1:
                self._h1 += 1
                self._h2 = 0
        elif level == 1:
            self._h1 += 1
            self._h2 = 0
            number = f"{cn_number(self._h1)}、" if self.lang == "zh" else f"{self._h1}. "
        else:
            self._h2 += 1
            number = (
                f"（{cn_number(self._h2)}）" if self.lang == "zh" else f"{self._h1}.{self._h2} "
            )
        style = "Heading 1" if level == 1 else "Heading 2"
        p = self.doc.add_paragraph(style=style)
        font = self.fonts["h1"] if level == 1 else self.fonts["h2"]
        set_run_font(p.add_run(number + text), font, self.fonts["latin"], self.body_pt,
                     self.lang == "en")  # fmt: skip

    def para(
        self, text: str, *, indent: bool = True, size_pt: float | None = None, bold: bool = False,
        align: str | None = None,
    ) -> Any:  # fmt: skip
        """A body paragraph; Chinese paragraphs start two characters in."""
        p = self.doc.add_paragraph()
        size = size_pt or self.body_pt
        if indent and self.lang == "zh":
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(p.add_run(text), self.fonts["body"], self.fonts["latin"], size, bold)
        return p

    def bullets(self, items: Sequence[str], *, empty: str = "") -> None:
        """Numbered items as body paragraphs ("1. …")."""
        if not items:
            if empty:
                self.para(empty)
            return
        for i, item in enumerate(items, 1):
            self.para(f"{i}. {item}" if self.lang == "en" else f"{i}．{item}")

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths_mm: Sequence[float] | None = None,
        size_pt: float | None = None,
        row_height_mm: float | None = None,
        header_rows: int = 1,
    ) -> Any:
        """A ruled table with a bold header row that repeats on every page."""
        size = size_pt or SIZE_PT["小4"]
        table = self.doc.add_table(rows=0, cols=len(head))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        all_rows = (
            [list(head), *[list(r) for r in rows]] if header_rows else [list(r) for r in rows]
        )
        for i, values in enumerate(all_rows):
            cells = table.add_row().cells
            is_head = header_rows > 0 and i == 0
            for j, value in enumerate(values):
                cell = cells[j]
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                p.paragraph_format.first_line_indent = Pt(0)
                if is_head:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                text = "" if value is None else str(value)
                lines = text.split("\n")
                for k, line in enumerate(lines):
                    run = p.add_run(line)
                    font = self.fonts["h1"] if is_head else self.fonts["body"]
                    set_run_font(
                        run, font, self.fonts["latin"], size, is_head and self.lang == "en"
                    )
                    if k < len(lines) - 1:
                        run.add_break(WD_BREAK.LINE)
            if is_head:
                trpr = table.rows[i]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trpr.append(el)
                _shade(cells, "E7ECF2")
            if row_height_mm and not is_head:
                table.rows[i].height = Mm(row_height_mm)
        widths = list(widths_mm) if widths_mm else self._widths(all_rows, size)
        table.autofit = False
        tblw = table._tbl.tblPr.find(qn("w:tblW"))
        if tblw is not None:
            tblw.set(qn("w:type"), "dxa")
            tblw.set(qn("w:w"), str(round(sum(widths) / 25.4 * 1440)))
        for j, w in enumerate(widths):
            table.columns[j].width = Mm(w)
        for row in table.rows:
            for j, w in enumerate(widths):
                row.cells[j].width = Mm(w)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def _widths(self, rows: Sequence[Sequence[Any]], size_pt: float) -> list[float]:
        """Column widths across the type area. Each column gets at least room for its
        longest unbreakable word (a time, a number, a Latin word) or two Chinese
        characters; what is left goes to the columns whose text would run longer."""
        total = self.text_width_mm()
        n = max(len(r) for r in rows)
        em_mm = size_pt * MM_PER_PT
        least = [2 * em_mm + CELL_PAD_MM] * n
        want = list(least)
        for r in rows:
            for j, v in enumerate(r):
                for line in str(v or "").split("\n"):
                    words = LATIN_RUN.findall(line)
                    longest = max((len(w) for w in words), default=0)
                    least[j] = max(least[j], longest * LATIN_EM * em_mm + CELL_PAD_MM)
                    want[j] = max(want[j], min(_cells(line) / 2 * em_mm + CELL_PAD_MM, 70.0))
        want = [max(w, m) for w, m in zip(want, least, strict=True)]
        if sum(least) >= total:
            return [x * total / sum(least) for x in least]
        spare = total - sum(least)
        extra = [w - m for w, m in zip(want, least, strict=True)]
        if sum(extra) <= 0:
            return [m + spare / n for m in least]
        if sum(extra) <= spare:
            # Everything fits on one line: share what is left by how much text there is.
            return [w + (total - sum(want)) * w / sum(want) for w in want]
        return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]

    def kv_table(self, rows: Sequence[tuple[str, str]], *, key_mm: float = 40.0) -> Any:
        """A two-column table of labels and values."""
        total = self.text_width_mm()
        table = self.table(["", ""], rows, widths_mm=[key_mm, total - key_mm], header_rows=0)
        for row in table.rows:
            _shade([row.cells[0]], "F3F5F8")
        return table

    def picture(self, png: bytes, *, width_mm: float | None = None, caption: str = "") -> None:
        """A picture across the type area, with a caption under it."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = Pt(0)
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm or self.text_width_mm()))
        if caption:
            c = self.doc.add_paragraph(style="Caption")
            c.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(c.add_run(caption), self.fonts["h2"], self.fonts["latin"], SIZE_PT["5号"])

    def signatures(self, labels: Sequence[str], *, date_label: str = "") -> None:
        """Lines to sign on: "label：________" each, and a date line."""
        line = "_" * 18
        sep = "：" if self.lang == "zh" else ": "
        for label in labels:
            p = self.para(f"{label}{sep}{line}", indent=False)
            p.paragraph_format.space_before = Pt(8)
        if date_label:
            blank = "____年____月____日" if self.lang == "zh" else "____-____-____"
            p = self.para(f"{date_label}{sep}{blank}", indent=False)
            p.paragraph_format.space_before = Pt(8)

    def page_break(self) -> None:
        """Start a new page."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def text_width_mm(self) -> float:
        """Width of the type area."""
        sec = self.doc.sections[-1]
        width = int(sec.page_width or 0) - int(sec.left_margin or 0) - int(sec.right_margin or 0)
        return width / int(Mm(1))

    def to_bytes(self) -> bytes:
        """The .docx file."""
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def _cells(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _shade(cells: Sequence[Any], fill: str) -> None:
    for cell in cells:
        tcpr = cell._tc.get_or_add_tcPr()
        shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
        tcpr.append(shd)


CN_DIGITS = "零一二三四五六七八九"
MM_PER_PT = 25.4 / 72
CELL_PAD_MM = 4.5
"""Left and right cell margins of Word's default table (0.19 cm each) and a little air."""
LATIN_EM = 0.7
"""Width of a Latin character or digit in ems, allowing for bold headers."""
LATIN_RUN = re.compile(r"[^\s\u2e80-\uffff]+")
NUMBERED = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+(\.\d+)*\.? )")
"""A heading that carries its own number."""


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十三), as headings count."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_DIGITS[tens] + "十"
    return head + (CN_DIGITS[ones] if ones else "")
