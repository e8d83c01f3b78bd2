"""From the model to measured pieces of the flow.

Two kinds of piece: a `Block` spans the text block's full width (masthead, 栏目 header,
article title, 编者按, a page-wide image); a `Cell` is one piece of a column (a line of a
paragraph, a column image, a credit) and is a whole number of body lines tall, so that
every body line in every column sits on one baseline grid. Keep rules travel with the cells:
`keep` forbids a column break after a cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..fontset import FontSet
from ..images import Source, prepare
from ..model import Article, Image, Issue, Paragraph, Section, Table
from ..text import Align, Line, set_paragraph
from ..units import HAO
from .boxes import BLACK, GREY, RED, Frame, Item, Mark, PageRef, Picture, Rule, Text
from .geometry import ASCENT, Geometry

# The house style, in pt (SPEC): sizes by 号.
MASTHEAD_SIZE = HAO["初号"]
ISSUE_SIZE = HAO["三号"]
EDITOR_SIZE = HAO["四号"]
NOTICE_SIZE = HAO["小四"]
SECTION_SIZE = HAO["四号"]
TITLE_SIZE = HAO["小二"]
SUBTITLE_SIZE = HAO["小三"]
CAPTION_SIZE = HAO["小五"]
COLOPHON_SIZE = HAO["小四"]
CONTENTS_HEAD_SIZE = HAO["小四"]


@dataclass
class Block:
    """Full width; items have x from the text block's left edge and y from the block top."""

    height: float
    items: list[Item]
    keep_with_next: bool = False
    space_before: float = 0.0  # dropped at the top of a page
    kind: str = ""


@dataclass
class Cell:
    """A piece of a column; items have x from the column's left and y from the cell top."""

    lines: int
    items: list[Item]
    keep: bool = False  # no column break right after this cell
    kind: str = "line"
    text: str = ""  # what the cell reads as (for tests and debugging)
    group: int = 0  # the paragraph it belongs to, for Run.variants (0: none)
    # A table's row: the cells that go before it when a column starts with it (the caption
    # with （续表） and the header), and the items under it when a column ends after it
    # (the rule that closes the part of the table before the break).
    repeat: list["Cell"] | None = None
    foot: list[Item] | None = None


@dataclass
class Run:
    """A passage set in columns: an article's body, a section's briefs."""

    cells: list[Cell]
    space_after: float = 0.0
    key: str = ""
    span: bool = False  # one column across the text block (a wide table)
    # paragraph group -> its cells set one line longer (looser), for balancing columns
    variants: dict = field(default_factory=dict)


def text_items(lines: list[Line], size: float, pitch: float, color=BLACK, x=0.0, y=0.0,
               bold=False) -> list[Text]:
    """Lines as Text items, one line box of `pitch` each, starting at y."""
    return [
        Text(x, y + k * pitch + (pitch - size) / 2 + ASCENT * size, size, line.glyphs, color, bold)
        for k, line in enumerate(lines)
    ]


_SET: dict[tuple, list[Line]] = {}  # paragraph lines by everything they depend on


class Builder:
    def __init__(self, issue: Issue, fonts: FontSet, geom: Geometry, warnings: list[str]):
        self.issue = issue
        self.fonts = fonts
        self.geom = geom
        self.warnings = warnings
        self.punct = issue.style.punctuation
        self.bold = fonts.fake_bold("heading")  # stroke heading text set in a face with no bold
        self.groups = 0  # paragraph groups handed out (Cell.group)

    def set(self, text: str, role: str, size: float, width: float, **kw) -> list[Line]:
        """A paragraph's lines: the text engine's, remembered. The same text in the same
        faces, size, measure and style always gives the same lines, so a paragraph met
        again (a repeated notice, a rebuild while proofreading) is not set twice."""
        stack = self.fonts[role]
        runs = kw.get("runs")
        key = (text, stack.key, size, width, self.punct,
               tuple(sorted((k, v) for k, v in kw.items() if k != "runs")),
               tuple((end, s.key) for end, s in runs) if runs else None)
        lines = _SET.get(key)
        if lines is None:
            lines = set_paragraph(text, stack, size, width, style=self.punct, **kw)
            if len(_SET) > 50_000:
                _SET.clear()
            _SET[key] = lines
        return lines

    # -- page 1 -----------------------------------------------------------------------------

    def masthead(self) -> Block:
        m = self.issue.masthead
        g = self.geom
        items: list[Item] = []
        y = 0.0
        if m.notice:
            (line,) = self.set(m.notice, "heading", NOTICE_SIZE, g.width, align=Align.LEFT)[:1]
            items.append(Text(0, y + ASCENT * NOTICE_SIZE, NOTICE_SIZE, line.glyphs, bold=self.bold))
            y += NOTICE_SIZE * 1.2
        # The title: large, red, centred; a short one letter-spaced like a printed masthead.
        chars = len(m.title.replace(" ", ""))
        size = min(MASTHEAD_SIZE, g.width * 0.92 / max(chars, 1))
        tracking = size * 0.35 if chars <= 6 else 0.0
        lines = self.set(m.title, "title", size, g.width * 2, align=Align.LEFT, min_last_units=1)
        glyphs = lines[0].glyphs.moved(tracking)  # letter-spaced
        natural = lines[0].end + tracking * (len(glyphs) - 1)
        y += 10
        base = y + ASCENT * size
        items.append(Text((g.width - natural) / 2, base, size, glyphs, RED))
        y = base + 0.12 * size + 12
        issue_lines = self.set(m.issue_label, "body", ISSUE_SIZE, g.width, align=Align.CENTER)
        items += text_items(issue_lines, ISSUE_SIZE, ISSUE_SIZE * 1.5, y=y)
        y += ISSUE_SIZE * 1.5 + 6
        editor = self.set(m.editor, "body", EDITOR_SIZE, g.width * 0.7, align=Align.LEFT)
        date = self.set(m.date_label, "body", EDITOR_SIZE, g.width * 0.3, align=Align.RIGHT)
        pitch = EDITOR_SIZE * 1.4
        items += text_items(editor, EDITOR_SIZE, pitch, y=y)
        items += text_items(date, EDITOR_SIZE, pitch, x=g.width * 0.7, y=y)
        y += max(len(editor), len(date)) * pitch + 4
        # 文武线: a heavy red rule over a thin one
        items.append(Rule(0, y + 1.25, g.width, y + 1.25, 2.5, RED))
        items.append(Rule(0, y + 4.6, g.width, y + 4.6, 0.7, RED))
        return Block(y + 4.6 + g.pitch * 0.9, items, kind="masthead")

    def contents(self, keys: list[tuple[str, str]]) -> Block:
        """The 本期要目 box: one entry per article (title, page number filled in later)."""
        g = self.geom
        pad = g.size * 0.8
        items: list[Item] = []
        head = self.set("本期要目", "heading", CONTENTS_HEAD_SIZE, g.width, align=Align.CENTER)
        y = pad
        items += text_items(head, CONTENTS_HEAD_SIZE, CONTENTS_HEAD_SIZE * 1.6, color=RED, y=y, bold=self.bold)
        y += CONTENTS_HEAD_SIZE * 1.6 + 2
        size = g.size
        pitch = size * 1.55
        number_w = 3 * size
        inner = g.width - 2 * pad
        for key, title in keys:
            lines = self.set("◆ " + title.replace("\n", " "), "body", size, inner - number_w - size,
                             align=Align.LEFT, hang=1.5)
            items += text_items(lines, size, pitch, x=pad, y=y)
            last_base = y + (len(lines) - 1) * pitch + (pitch - size) / 2 + ASCENT * size
            # a dotted leader from the title's end to the page number
            x0 = pad + lines[-1].end + size * 0.5
            x1 = g.width - pad - number_w + size * 0.3
            if x1 > x0:
                leader_y = last_base - size * 0.1
                items.append(Rule(x0, leader_y, x1, leader_y, 0.6, GREY, dash=(0.6, 2.4)))
            items.append(PageRef(key, g.width - pad, last_base, size))
            y += len(lines) * pitch
        y += pad
        items.insert(0, Frame(0, 0, g.width, y, 0.75, RED))
        return Block(y + g.pitch * 0.6, items, kind="contents")

    # -- sections and articles --------------------------------------------------------------

    def section_header(self, section: Section, key: str) -> Block:
        g = self.geom
        size = SECTION_SIZE
        (line, *_) = self.set(f"【{section.name}】", "heading", size, g.width, align=Align.LEFT,
                              min_last_units=1)
        base = size * 0.3 + ASCENT * size
        items: list[Item] = [Mark(section.name, 0, 0, key), Text(0, base, size, line.glyphs, RED, self.bold)]
        if line.end + size < g.width:
            rule_y = base - size * 0.33
            items.append(Rule(line.end + size * 0.4, rule_y, g.width, rule_y, 0.9, RED))
        return Block(size * 1.7, items, keep_with_next=True, space_before=g.pitch * 0.6,
                     kind="section")

    def article_head(self, article: Article, key: str, after_section: bool) -> list[Block]:
        g = self.geom
        blocks = []
        items: list[Item] = [Mark(article.title.replace("\n", " "), 1, 0, key)]
        y = 0.0
        pitch = TITLE_SIZE * 1.45
        for part in article.title.split("\n"):
            if not part.strip():
                continue
            lines = self.set(part.strip(), "title", TITLE_SIZE, g.width - 2 * g.size,
                             align=Align.CENTER, balance=True, min_last_units=1)
            items += text_items(lines, TITLE_SIZE, pitch, x=g.size, y=y)
            y += len(lines) * pitch
        if article.subtitle:
            sub_pitch = SUBTITLE_SIZE * 1.5
            lines = self.set(article.subtitle, "credit", SUBTITLE_SIZE, g.width - 4 * g.size,
                             align=Align.CENTER, balance=True, min_last_units=1)
            items += text_items(lines, SUBTITLE_SIZE, sub_pitch, x=2 * g.size, y=y)
            y += len(lines) * sub_pitch
        blocks.append(Block(y + g.pitch * 0.35, items, keep_with_next=True,
                            space_before=g.pitch * (0.3 if after_section else 0.9), kind="title"))
        if article.note:
            blocks.append(self.note(article.note))
        for image in article.images:
            if image.span == "page":
                blocks.append(self.page_image(image))
        return blocks

    def note(self, text: str) -> Block:
        """编者按: set apart before the body, full width, in 楷体 between thin rules."""
        g = self.geom
        label = "编者按："
        lines = self.set(label + text, "credit", g.size, g.width - 2 * g.size, indent=2,
                         runs=[(len(label), self.fonts["heading"])])
        pad = g.size * 0.6
        items: list[Item] = [Rule(0, 0, g.width, 0, 0.6, GREY)]
        items += text_items(lines, g.size, g.pitch, x=g.size, y=pad)
        h = pad * 2 + len(lines) * g.pitch
        items.append(Rule(0, h, g.width, h, 0.6, GREY))
        return Block(h + g.pitch * 0.5, items, keep_with_next=True, kind="note")

    def picture(self, image: Image, width: float, max_share: float):
        """A picture at the given width, or shorter if it would take more than max_share of
        the text block's height; downsampled for that size. Returns (prepared, w, h)."""
        g = self.geom
        source = Source(image.file, *image.pixels)
        w, h = width, width * source.aspect
        max_h = (g.bottom - g.top) * max_share
        if h > max_h:
            h, w = max_h, max_h / source.aspect
        prepared, warns = prepare(source, w, h, image.loc)
        self.warnings.extend(warns)
        return prepared, w, h

    def page_image(self, image: Image) -> Block:
        g = self.geom
        prepared, w, h = self.picture(image, g.width, 0.45)
        items: list[Item] = [Picture((g.width - w) / 2, 0, w, h, prepared)]
        y = h + 4
        if image.caption:
            pitch = CAPTION_SIZE * 1.45
            lines = self.set(image.caption, "credit", CAPTION_SIZE, g.width, align=Align.CENTER,
                             balance=True, min_last_units=1)
            items += text_items(lines, CAPTION_SIZE, pitch, y=y)
            y += len(lines) * pitch
        return Block(y + g.pitch * 0.5, items, keep_with_next=True, kind="image")

    def article_body(self, article: Article, key: str) -> list[Run]:
        """The body down the columns: one run, cut where a wide table spans them."""
        from .tables import TableSetter

        runs = [Run([], key=key)]
        column_images = [im for im in article.images if im.span != "page"]
        for k, part in enumerate(article.body):
            if isinstance(part, Table):
                table = TableSetter(self).set(part)
                if table.wide:
                    runs += [Run(table.cells, span=True), Run([], key=key)]
                else:
                    runs[-1].cells += table.cells
            else:
                self.paragraphs(runs[-1], [(part, "")])
            if k == 0:
                runs[-1].cells += [self.column_image(image) for image in column_images]
        if not article.body:
            runs[-1].cells += [self.column_image(image) for image in column_images]
        run = runs[-1]
        if article.credit:
            if run.cells:
                run.cells[-1].keep = True  # the credit stays with the last line
            run.cells += self.credit(article.credit)
        runs = [r for r in runs if r.cells] or [runs[-1]]
        runs[-1].space_after = self.geom.pitch * 0.7
        return runs

    def paragraph(self, paragraph: Paragraph, prefix: str = "", count: int | None = None) -> list[Cell]:
        """A paragraph's cells (in exactly `count` lines, if given and possible)."""
        g = self.geom
        if paragraph.heading:  # ragged, turning at a phrase boundary: 找准 / 切入点, not 找准切 / 入点
            lines = self.set(prefix + paragraph.text, "heading", g.size, g.col_w, indent=2,
                             align=Align.LEFT, phrases=True)
        else:
            lines = self.set(prefix + paragraph.text, "body", g.size, g.col_w, indent=2, lines=count)
        if any(line.overfull for line in lines):
            self.warnings.append(f"{paragraph.loc.file} 第 {paragraph.loc.line} 行（{paragraph.loc.path}）："
                                 "有一行排不进栏宽（过长的西文词后跟不能行首的标点），略超出栏边。")
        cells = [
            Cell(1, text_items([line], g.size, g.pitch, bold=paragraph.heading and self.bold),
                 kind="heading" if paragraph.heading else "line",
                 text=line.glyphs.text)
            for line in lines
        ]
        n = len(cells)
        if n > 1:
            cells[0].keep = True  # never the first line alone at a column's foot
            cells[n - 2].keep = True  # never the last line alone at a column's head
        if paragraph.heading:
            for cell in cells:
                cell.keep = True  # a subheading stays with what it heads
        return cells

    def paragraphs(self, run: Run, paragraphs: list[tuple[Paragraph, str]]) -> None:
        """Add paragraphs to a run, each with a looser variant one line longer, which the
        flow may take to bring an article's last two columns within a line of each other."""
        for paragraph, prefix in paragraphs:
            cells = self.paragraph(paragraph, prefix)
            if not paragraph.heading and len(cells) >= 3:
                self.groups += 1  # unique in the issue: runs may be joined (a wide table floats)
                group = self.groups
                for cell in cells:
                    cell.group = group
                run.variants[group] = lambda p=paragraph, x=prefix, n=len(cells), k=group: self.looser(p, x, n, k)
            run.cells += cells

    def looser(self, paragraph: Paragraph, prefix: str, n: int, group: int) -> list[Cell] | None:
        """The paragraph in n + 1 lines, the added spacing spread over its lines and never
        more than a tenth of an em a gap; None where that cannot be done."""
        cells = self.paragraph(paragraph, prefix, count=n + 1)
        if len(cells) != n + 1:
            return None
        for cell in cells:
            cell.group = group
        return cells

    def column_image(self, image: Image) -> Cell:
        g = self.geom
        prepared, w, h = self.picture(image, g.col_w, 0.5)
        caption: list[Item] = []
        cap_h = 0.0
        if image.caption:
            pitch = CAPTION_SIZE * 1.45
            lines = self.set(image.caption, "credit", CAPTION_SIZE, g.col_w, align=Align.CENTER,
                             balance=True, min_last_units=1)
            caption = text_items(lines, CAPTION_SIZE, pitch)
            cap_h = len(lines) * pitch + 2
        total = h + cap_h + g.pitch * 0.5
        lines_n = math.ceil(total / g.pitch - 1e-6)
        top = (lines_n * g.pitch - total) / 2 + g.pitch * 0.2
        items: list[Item] = [Picture((g.col_w - w) / 2, top, w, h, prepared)]
        items += [t.shifted(0, top + h + 2) for t in caption]  # type: ignore[union-attr]
        return Cell(lines_n, items, kind="image", text=image.caption or "")

    def credit(self, credit: str) -> list[Cell]:
        g = self.geom
        lines = self.set(f"【{credit}】", "credit", g.size, g.col_w, align=Align.RIGHT,
                         min_last_units=1)
        cells = [Cell(1, text_items([line], g.size, g.pitch), keep=True, kind="credit",
                      text=line.glyphs.text) for line in lines]
        cells[-1].keep = False
        return cells

    def briefs(self, section: Section) -> Run:
        run = Run([], space_after=self.geom.pitch * 0.7)
        self.paragraphs(run, [(Paragraph(b.text, b.loc), f"{k}、") for k, b in enumerate(section.briefs, 1)])
        return run

    # -- the 报尾 ---------------------------------------------------------------------------

    def colophon(self) -> Block | None:
        c = self.issue.colophon
        if c is None:
            return None
        g = self.geom
        size = COLOPHON_SIZE
        pitch = size * 1.6
        pad = size * 0.35
        items: list[Item] = [Rule(0, 0, g.width, 0, 1.2, BLACK)]
        y = pad
        last_end = None
        for entry in c.lines:
            label = f"{entry.label}："
            lines = self.set(label + entry.to, "credit", size, g.width - size, align=Align.LEFT,
                             indent=0, hang=len(label), min_last_units=1)
            items += text_items(lines, size, pitch, x=size * 0.5, y=y)
            y += len(lines) * pitch
            last_end = size * 0.5 + lines[-1].end
        if c.copies:
            copies = self.set(f"共印{c.copies}份", "credit", size, g.width - size, align=Align.RIGHT)
            if last_end is not None and last_end + 2 * size <= size * 0.5 + copies[0].start:
                y -= pitch  # on the last line, to the right
            items += text_items(copies, size, pitch, x=size * 0.5, y=y)
            y += pitch
        y += pad
        items.append(Rule(0, y, g.width, y, 0.6, BLACK))
        return Block(y, items, kind="colophon")
