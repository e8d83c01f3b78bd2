"""From the model to measured pieces of the flow.

Two kinds of piece: a `Block` spans the text block's full width (masthead, 栏目 header,
article title, 编者按, a page-wide image); a `Cell` is one piece of a column (a line of a
paragraph, a column image, a credit) and is a whole number of body lines tall, so that
every body line in every column sits on one baseline grid. Keep rules travel with the cells:
`keep` forbids a column break after a cell.

Each builder method is given the structure element (structure.Node) its piece belongs to
and tags what it draws: text with the element it is content of, rules and frames not at all
(decoration). The tree is built here in reading order, whatever the flow later does with
the pieces; a piece made again (a looser paragraph, a smaller picture) keeps its elements.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from ..fontset import FontSet
from ..images import Source, prepare_all
from . import pictures
from ..model import Article, Image, Issue, Paragraph, Section, Table
from ..records import field, record
from ..text import Align, Line, join_source_lines, set_paragraph
from ..units import HAO, mm
from .boxes import BLACK, GREY, RED, Frame, Item, Mark, PageRef, Picture, Rule, Text
from .geometry import ASCENT, Geometry
from .linememo import LineMemo
from .structure import Node

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
CONTENTS_HANG = 1.5  # em: an entry's later lines start past its ◆
TITLE_PITCH = 1.45  # em
TITLE_AFTER_SECTION = 0.3  # body pitches between a 栏目 header and the title under it
# 报尾 rules (GB/T 9704-2012 版记): the first and the last 0.35 mm, those between 0.25 mm.
COLOPHON_RULE_OUTER = mm(0.35)
COLOPHON_RULE_INNER = mm(0.25)


@record
class Block:
    """Full width; items have x from the text block's left edge and y from the block top."""

    height: float
    items: list[Item]
    keep_with_next: bool = False
    space_before: float = 0.0  # dropped at the top of a page
    kind: str = ""
    # a picture's block: height -> the block scaled to be at most that tall, or None where
    # it may not be that small
    shrink: Callable[[float], "Block | None"] | None = field(default=None, repr=False)
    figure: int = 0  # a picture's number in the issue (the same when it is scaled), 0: none
    least: float = 0.0  # a picture's least height


@record
class Cell:
    """A piece of a column; items have x from the column's left and y from the cell top."""

    lines: int
    items: list[Item]
    keep: bool = False  # no column break right after this cell
    kind: str = "line"
    text: str = ""  # what the cell reads as (for tests and debugging)
    group: int = 0  # the paragraph it belongs to, for Run.variants (0: none)
    # a picture's cell: lines -> the same picture scaled to fit that many lines, or None
    # where it may not be that small (see pictures.py)
    shrink: Callable[[int], "Cell | None"] | None = field(default=None, repr=False)
    figure: int = 0  # a picture's number in the issue (the same when it is scaled), 0: none
    least: int = 0  # a picture's fewest lines
    # A table's row: the cells that go before it when a column starts with it (the caption
    # with （续表） and the header), and the items under it when a column ends after it
    # (the rule that closes the part of the table before the break).
    repeat: list["Cell"] | None = None
    foot: list[Item] | None = None


@record
class Run:
    """A passage set in columns: an article's body, a section's briefs."""

    cells: list[Cell]
    space_after: float = 0.0
    space_before: float = 0.0  # dropped at the top of a page
    key: str = ""
    span: bool = False  # one column across the text block (a wide table)
    # paragraph group -> its cells set one line longer (looser), for balancing columns
    variants: dict = field(default_factory=dict)


def text_items(lines: list[Line], size: float, pitch: float, color=BLACK, x=0.0, y=0.0,
               bold=False, tag: Node | None = None) -> list[Text]:
    """Lines as Text items, one line box of `pitch` each, starting at y, content of `tag`."""
    return [Text(x, baseline(k, size, pitch, y), size, line.glyphs, color, bold, tag) for k, line in enumerate(lines)]


def baseline(k: int, size: float, pitch: float, y: float = 0.0) -> float:
    """The baseline of the k-th of lines of `size` in line boxes of `pitch` from y on."""
    return y + k * pitch + (pitch - size) / 2 + ASCENT * size


def tag_label(items: list[Item], label: str, node: Node) -> None:
    """Split a list item's label (its number 1、 or bullet ◆) off the first line and tag it
    as `node` (an Lbl); the rest of the line stays with its own element."""
    label = label.strip()
    for k, item in enumerate(items):
        if isinstance(item, Text):
            if label and item.glyphs.text.startswith(label) and len(label) < len(item.glyphs):
                head, tail = item.glyphs.split(len(label))
                items[k:k + 1] = [Text(item.x, item.y, item.size, head, item.color, item.bold, node),
                                  Text(item.x, item.y, item.size, tail, item.color, item.bold, item.tag)]
            return


def figure_elements(images: list[Image], parent: Node) -> list[tuple[Node, Node | None]]:
    """Each picture's elements: a Figure whose alternative text is its caption (or, with
    none, its file name), and the Caption inside it."""
    out = []
    for image in images:
        figure = parent.add("Figure", alt=" ".join((image.caption or image.file.name).split()))
        out.append((figure, figure.add("Caption") if image.caption else None))
    return out


def figures(images: list[Image]) -> list[list[Image]]:
    """An article's pictures grouped: each alone, or a row standing side by side."""
    groups: list[list[Image]] = []
    for image in images:
        if image.row and groups and groups[-1][0].row == image.row:
            groups[-1].append(image)
        else:
            groups.append([image])
    return groups


@record(frozen=True)
class PictureRequest:
    """A picture the layout has placed but not yet prepared: its size is decided first,
    the pixels are made once, for the size it ends up at (see `prepare_pictures`)."""

    image: Image
    size: "pictures.Size"
    limited: bool = False  # set smaller than its frame because it has too few pixels


def has_variant(paragraph: Paragraph, lines: int) -> bool:
    """A paragraph of three lines or more may be set a line looser to fill a column (not a
    subheading: it is ragged)."""
    return not paragraph.heading and lines >= 3


def brief_label(k: int) -> str:
    """The number before the k-th brief of a 简讯 section."""
    return f"{k}、"


_SET: dict[tuple, list[Line]] = {}  # paragraph lines by everything they depend on


class Builder:
    def __init__(self, issue: Issue, fonts: FontSet, geom: Geometry, warnings: list[str]):
        self.issue = issue
        self.fonts = fonts
        self.geom = geom
        self.warnings = warnings
        self.punct = issue.style.punctuation
        self.bold = fonts.fake_bold("heading")  # stroke heading text set in a face with no bold
        self._figures: dict[int, int] = {}
        self.tagged = issue.style.pdf != "plain"
        self.groups = 0  # paragraph groups handed out (Cell.group)
        # the lines of the last build of this issue, for the paragraphs that have not changed
        self.memo = LineMemo(issue.source, fonts) if issue.source else None
        self.ahead = None  # paragraphs being set in another process (ahead.py)

    def key(self, text: str, role: str, size: float, width: float, **kw) -> tuple:
        """Everything a paragraph's lines depend on: the text, the faces (file and
        version), size, measure, punctuation style and options."""
        runs = kw.get("runs")
        return (text, self.fonts[role].key, size, width, self.punct,
                tuple(sorted((k, v) for k, v in kw.items() if k != "runs")),
                tuple((end, s.key) for end, s in runs) if runs else None)

    def known(self, key: tuple) -> bool:
        """Lines for this key are at hand without setting: from this process or the memo."""
        return key in _SET or (self.memo is not None and self.memo.has(key))

    def set(self, text: str, role: str, size: float, width: float, **kw) -> list[Line]:
        """A paragraph's lines: the text engine's, remembered. The same text in the same
        faces, size, measure and style always gives the same lines, so a paragraph met
        again (a repeated notice, a rebuild while proofreading) is not set twice."""
        key = self.key(text, role, size, width, **kw)
        lines = _SET.get(key)
        if lines is None:
            lines = self.memo.get(key) if self.memo else None
            packed = None
            if lines is None and self.ahead is not None:
                lines, packed = self.ahead.take(key)  # set on the second core
            if lines is None:
                lines = self.set_afresh(text, role, size, width, **kw)
            if self.memo:
                self.memo.put(key, lines, packed)
            if len(_SET) > 50_000:
                _SET.clear()
            _SET[key] = lines
        elif self.memo:
            self.memo.put(key, lines)
        return lines

    def set_afresh(self, text: str, role: str, size: float, width: float, **kw) -> list[Line]:
        """A paragraph's lines from the text engine, kept nowhere (what a second process sets
        ahead is handed back, and kept there: kept here too, it would only fill memory)."""
        return set_paragraph(text, self.fonts[role], size, width, style=self.punct, **kw)

    # -- page 1 -----------------------------------------------------------------------------

    def masthead(self, sect: Node) -> Block:
        """报头: the notice, the newsletter's name (the document's first heading), the issue
        number, the editor and date lines, each its own element of the masthead's `sect`."""
        m = self.issue.masthead
        g = self.geom
        items: list[Item] = []
        y = 0.0
        if m.notice:
            (line,) = self.set(m.notice, "heading", NOTICE_SIZE, g.width, align=Align.LEFT)[:1]
            items.append(Text(0, y + ASCENT * NOTICE_SIZE, NOTICE_SIZE, line.glyphs, bold=self.bold,
                              tag=sect.add("P")))
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
        items.append(Text((g.width - natural) / 2, base, size, glyphs, RED, tag=sect.add("H1")))
        y = base + 0.12 * size + 12
        issue_lines = self.set(m.issue_label, "body", ISSUE_SIZE, g.width, align=Align.CENTER)
        items += text_items(issue_lines, ISSUE_SIZE, ISSUE_SIZE * 1.5, y=y, tag=sect.add("P"))
        y += ISSUE_SIZE * 1.5 + 6
        editor = self.set(m.editor, "body", EDITOR_SIZE, g.width * 0.7, align=Align.LEFT)
        date = self.set(m.date_label, "body", EDITOR_SIZE, g.width * 0.3, align=Align.RIGHT)
        pitch = EDITOR_SIZE * 1.4
        items += text_items(editor, EDITOR_SIZE, pitch, y=y, tag=sect.add("P"))
        items += text_items(date, EDITOR_SIZE, pitch, x=g.width * 0.7, y=y, tag=sect.add("P"))
        y += max(len(editor), len(date)) * pitch + 4
        # 文武线: a heavy red rule over a thin one
        items.append(Rule(0, y + 1.25, g.width, y + 1.25, 2.5, RED))
        items.append(Rule(0, y + 4.6, g.width, y + 4.6, 0.7, RED))
        return Block(y + 4.6 + g.pitch * 0.9, items, kind="masthead")

    def contents(self, keys: list[tuple[str, str]], toc: Node) -> Block:
        """The 本期要目 box: one entry per article (title, page number filled in later), a
        list (`toc`, an L) under its caption, each entry an LI of the bullet (Lbl) and the
        title with its page number (LBody)."""
        g = self.geom
        pad = g.size * 0.8
        items: list[Item] = []
        head = self.set("本期要目", "heading", CONTENTS_HEAD_SIZE, g.width, align=Align.CENTER)
        y = pad
        items += text_items(head, CONTENTS_HEAD_SIZE, CONTENTS_HEAD_SIZE * 1.6, color=RED, y=y, bold=self.bold,
                            tag=toc.add("Caption"))
        y += CONTENTS_HEAD_SIZE * 1.6 + 2
        size = g.size
        pitch = size * 1.55
        number_w = 3 * size
        inner = g.width - 2 * pad
        for key, title in keys:
            entry = toc.add("LI")
            label, body = entry.add("Lbl"), entry.add("LBody")
            lines = self.contents_entry(title, size, inner - number_w - size)
            texts = text_items(lines, size, pitch, x=pad, y=y, tag=body)
            if self.tagged:
                tag_label(texts, "◆", label)
            items += texts
            last_base = y + (len(lines) - 1) * pitch + (pitch - size) / 2 + ASCENT * size
            # a dotted leader from the title's end to the page number
            x0 = pad + lines[-1].end + size * 0.5
            x1 = g.width - pad - number_w + size * 0.3
            if x1 > x0:
                leader_y = last_base - size * 0.1
                items.append(Rule(x0, leader_y, x1, leader_y, 0.6, GREY, dash=(0.6, 2.4)))
            items.append(PageRef(key, g.width - pad, last_base, size, body))
            y += len(lines) * pitch
        y += pad
        items.insert(0, Frame(0, 0, g.width, y, 0.75, RED))
        return Block(y + g.pitch * 0.6, items, kind="contents")

    def contents_entry(self, title: str, size: float, width: float) -> list[Line]:
        """A 本期要目 entry: one line if the title fits; else turned where the title itself
        turns — at its explicit line break, and within a part still too long at a phrase
        boundary (before 暨, between words) — under a hanging indent past the ◆."""
        parts = [part.strip() for part in title.split("\n") if part.strip()]
        whole = self.set("◆ " + join_source_lines("\n".join(parts)), "body", size, width,
                         align=Align.LEFT, hang=CONTENTS_HANG)
        if len(whole) == 1:
            return whole
        lines: list[Line] = []
        for k, part in enumerate(parts):
            lines += self.set(part if k else "◆ " + part, "body", size, width, align=Align.LEFT,
                              indent=CONTENTS_HANG if k else 0.0, hang=CONTENTS_HANG, balance=True)
        return lines

    # -- sections and articles --------------------------------------------------------------

    def section_header(self, section: Section, key: str, sect: Node) -> Block:
        g = self.geom
        size = SECTION_SIZE
        (line, *_) = self.set(f"【{section.name}】", "heading", size, g.width, align=Align.LEFT,
                              min_last_units=1)
        base = size * 0.3 + ASCENT * size
        items: list[Item] = [Mark(section.name, 0, 0, key),
                             Text(0, base, size, line.glyphs, RED, self.bold, sect.add("H2"))]
        if line.end + size < g.width:
            rule_y = base - size * 0.33
            items.append(Rule(line.end + size * 0.4, rule_y, g.width, rule_y, 0.9, RED))
        return Block(size * 1.7, items, keep_with_next=True, space_before=g.pitch * 0.6,
                     kind="section")

    def article_head(self, article: Article, key: str, after_section: bool, art: Node) -> list[Block]:
        """Title (one H1 however many lines), subtitle, 编者按 and page-wide pictures, as
        elements of the article `art`."""
        g = self.geom
        blocks = []
        items: list[Item] = [Mark(join_source_lines(article.title), 1, 0, key)]
        heading = art.add("H1")
        y = 0.0
        pitch = TITLE_SIZE * TITLE_PITCH
        for part in article.title.split("\n"):
            if not part.strip():
                continue
            lines = self.set(part.strip(), "title", TITLE_SIZE, g.width - 2 * g.size,
                             align=Align.CENTER, balance=True, min_last_units=1)
            items += text_items(lines, TITLE_SIZE, pitch, x=g.size, y=y, tag=heading)
            y += len(lines) * pitch
        if article.subtitle:
            sub_pitch = SUBTITLE_SIZE * 1.5
            lines = self.set(article.subtitle, "credit", SUBTITLE_SIZE, g.width - 4 * g.size,
                             align=Align.CENTER, balance=True, min_last_units=1)
            items += text_items(lines, SUBTITLE_SIZE, sub_pitch, x=2 * g.size, y=y, tag=art.add("P"))
            y += len(lines) * sub_pitch
        blocks.append(Block(y + g.pitch * 0.35, items, keep_with_next=True,
                            space_before=g.pitch * (TITLE_AFTER_SECTION if after_section else 0.9), kind="title"))
        if article.note:
            blocks.append(self.note(article.note, art.add("P")))
        for figure in figures(article.images):
            if figure[0].span == "page":
                blocks.append(self.page_image(figure, figure_elements(figure, art)))
        return blocks

    def note(self, text: str, tag: Node) -> Block:
        """编者按: set apart before the body, full width, in 楷体 between thin rules."""
        g = self.geom
        label = "编者按："
        lines = self.set(label + text, "credit", g.size, g.width - 2 * g.size, indent=2,
                         runs=[(len(label), self.fonts["heading"])])
        pad = g.size * 0.6
        items: list[Item] = [Rule(0, 0, g.width, 0, 0.6, GREY)]
        items += text_items(lines, g.size, g.pitch, x=g.size, y=pad, tag=tag)
        h = pad * 2 + len(lines) * g.pitch
        items.append(Rule(0, h, g.width, h, 0.6, GREY))
        return Block(h + g.pitch * 0.5, items, keep_with_next=True, kind="note")

    # -- pictures ---------------------------------------------------------------------------

    def figure_number(self, images: list[Image]) -> int:
        """A picture's (or row's) number in the issue, the same for every size it is set at."""
        return self._figures.setdefault(id(images), len(self._figures) + 1)

    def figure(self, images: list[Image], elements: list[tuple[Node, Node | None]], frame_w: float,
               height: float | None = None):
        """One picture, or a row of pictures side by side, with their captions, set in a
        frame `frame_w` wide: at its natural size, or with the pictures `height` tall if
        given (None where the figure may not be that small). Returns (items, height of the
        pictures, whole height), items from the frame's top-left; each picture and caption
        tagged with its `elements` (figure_elements)."""
        g = self.geom
        frame_h = g.bottom - g.top
        page = frame_w > g.col_w + 1
        cap = pictures.PAGE_HEIGHT_CAP if page and len(images) > 1 else pictures.HEIGHT_CAP
        sizes = [pictures.natural(im.pixels, frame_w, frame_h, im.fit, im.width, cap) for im in images]
        gap = g.size if len(images) > 1 else 0.0
        if len(images) > 1:  # a row: one height, filling the frame's width
            aspects = [s.h / s.w for s in sizes]
            widths, h = pictures.row_widths(aspects, frame_w, gap)
            # no picture wider than 200 dpi allows, none taller than the cap
            h = min([h, frame_h * cap] + [pictures.max_width(im.pixels) * a for im, a in zip(images, aspects)])
            sizes = [pictures.Size(h / a, h, s.crop) for s, a in zip(sizes, aspects)]
        tallest = max(sizes, key=lambda s: s.h)
        natural_h = tallest.h
        least_h = pictures.smallest(tallest, next((im.width for im in images if im.width), None)).h
        if height is not None:
            if height < least_h - 1e-6:
                return None
            k = min(1.0, height / natural_h)
            sizes = [pictures.Size(s.w * k, s.h * k, s.crop) for s in sizes]
        total_w = sum(s.w for s in sizes) + gap * (len(sizes) - 1)
        x = (frame_w - total_w) / 2
        h = max(s.h for s in sizes)
        items: list[Item] = []
        cap_h = 0.0
        pitch = CAPTION_SIZE * 1.45
        for image, size, (figure, caption) in zip(images, sizes, elements):
            limited = pictures.max_width(image.pixels) < frame_w * (image.width or 1.0) - 0.5 and len(images) == 1
            items.append(Picture(x, 0, size.w, size.h, PictureRequest(image, size, limited), figure))
            if image.caption:
                # one picture: the caption may use the frame's width; in a row, its own
                cw = frame_w if len(images) == 1 else size.w
                cx = 0.0 if len(images) == 1 else x
                lines = self.set(image.caption, "credit", CAPTION_SIZE, cw, align=Align.CENTER,
                                 balance=True, min_last_units=1)
                items += text_items(lines, CAPTION_SIZE, pitch, x=cx, y=h + 2, tag=caption)
                cap_h = max(cap_h, len(lines) * pitch + 2)
            x += size.w + gap
        return items, h, h + cap_h, least_h

    def page_image(self, images: list[Image], elements, height: float | None = None) -> Block | None:
        """A page-wide picture or row, under its article's title; the flow may ask for it
        smaller (`shrink`) to keep a page full."""
        g = self.geom
        made = self.figure(images, elements, g.width, height)
        if made is None:
            return None
        items, h, total, least = made
        block = Block(total + g.pitch * 0.5, items, keep_with_next=True, kind="image",
                      figure=self.figure_number(images), least=least + total - h + g.pitch * 0.5)
        block.shrink = (lambda room: self.page_image(images, elements, h - (block.height - room))
                        if room < block.height else block)
        return block

    def article_body(self, article: Article, key: str, art: Node) -> list[Run]:
        """The body down the columns: one run, cut where a wide table spans them."""
        runs = [Run([], key=key)]
        column_figures = [f for f in figures(article.images) if f[0].span != "page"]

        def add_pictures() -> None:  # after the first paragraph (or at once, with no body)
            runs[-1].cells += [self.column_image(figure, figure_elements(figure, art))
                               for figure in column_figures]

        for k, part in enumerate(article.body):
            if isinstance(part, Table):
                from .tables import TableSetter  # only an issue with a table needs it

                table = TableSetter(self).set(part, art)
                if table.wide:
                    runs += [Run(table.cells, span=True), Run([], key=key)]
                else:
                    runs[-1].cells += table.cells
            else:
                self.paragraphs(runs[-1], [self.text_element(part, art)])
            if k == 0:
                add_pictures()
        if not article.body:
            add_pictures()
        run = runs[-1]
        if article.credit:
            if run.cells:
                run.cells[-1].keep = True  # the credit stays with the last line
            run.cells += self.credit(article.credit, art.add("P"))
        runs = [r for r in runs if r.cells] or [runs[-1]]
        runs[-1].space_after = self.geom.pitch * 0.7
        return runs

    @staticmethod
    def text_element(paragraph: Paragraph, parent: Node) -> tuple[Paragraph, str, Node, None]:
        """A body paragraph with its element: an H2 for a subheading, else a P."""
        return paragraph, "", parent.add("H2" if paragraph.heading else "P"), None

    def paragraph_setting(self, paragraph: Paragraph, prefix: str = "", count: int | None = None):
        """(text, role, size, measure, options) a body paragraph is set with."""
        g = self.geom
        if paragraph.heading:  # ragged, turning at a phrase boundary: 找准 / 切入点, not 找准切 / 入点
            return prefix + paragraph.text, "heading", g.size, g.col_w, dict(indent=2, align=Align.LEFT, phrases=True)
        return prefix + paragraph.text, "body", g.size, g.col_w, dict(indent=2, lines=count)

    def body_settings(self, issue: Issue):
        """Every body paragraph and brief, in the order the build meets them: (its setting,
        lines -> the setting of its looser variant, or None where it gets none)."""
        for section in issue.sections:
            for article in section.articles:
                for part in article.body:
                    if isinstance(part, Paragraph):
                        yield self._settings(part, "")
            for k, brief in enumerate(section.briefs, 1):
                yield self._settings(Paragraph(brief.text, brief.loc), brief_label(k))

    def _settings(self, paragraph: Paragraph, prefix: str):
        return (self.paragraph_setting(paragraph, prefix),
                lambda n: self.paragraph_setting(paragraph, prefix, n + 1) if has_variant(paragraph, n) else None)

    def paragraph(self, paragraph: Paragraph, prefix: str = "", count: int | None = None,
                  tag: Node | None = None, label: Node | None = None) -> list[Cell]:
        """A paragraph's cells (in exactly `count` lines, if given and possible), content of
        `tag`; a list item's `prefix` (its number) is tagged as `label`, if given."""
        g = self.geom
        text, role, size, width, options = self.paragraph_setting(paragraph, prefix, count)
        lines = self.set(text, role, size, width, **options)
        if any(line.overfull for line in lines):
            self.warnings.append(f"{paragraph.loc.file} 第 {paragraph.loc.line} 行（{paragraph.loc.path}）："
                                 "有一行排不进栏宽（过长的西文词后跟不能行首的标点），略超出栏边。")
        # each line a cell of one line (text_items' item, made here directly: the call for
        # each line cost more than the item)
        y, bold = baseline(0, g.size, g.pitch), paragraph.heading and self.bold
        kind = "heading" if paragraph.heading else "line"
        cells = [Cell(1, [Text(0.0, y, g.size, line.glyphs, BLACK, bold, tag)], kind=kind, text=line.glyphs.text)
                 for line in lines]
        if label is not None and cells and self.tagged:
            tag_label(cells[0].items, prefix, label)
        n = len(cells)
        if n > 1:
            cells[0].keep = True  # never the first line alone at a column's foot
            cells[n - 2].keep = True  # never the last line alone at a column's head
        if paragraph.heading:
            for cell in cells:
                cell.keep = True  # a subheading stays with what it heads
        return cells

    def paragraphs(self, run: Run, paragraphs: list[tuple[Paragraph, str, Node, Node | None]]) -> None:
        """Add paragraphs (each with its prefix, element and label element) to a run, each
        with a looser variant one line longer, which the flow may take to bring an article's
        last two columns within a line of each other."""
        for paragraph, prefix, tag, label in paragraphs:
            cells = self.paragraph(paragraph, prefix, tag=tag, label=label)
            if has_variant(paragraph, len(cells)):
                self.groups += 1  # unique in the issue: runs may be joined (a wide table floats)
                group = self.groups
                for cell in cells:
                    cell.group = group
                run.variants[group] = (lambda p=paragraph, x=prefix, n=len(cells), k=group, t=tag, lb=label:
                                       self.looser(p, x, n, k, t, lb))
            run.cells += cells

    def looser(self, paragraph: Paragraph, prefix: str, n: int, group: int, tag: Node | None = None,
               label: Node | None = None) -> list[Cell] | None:
        """The paragraph in n + 1 lines, the added spacing spread over its lines and never
        more than a tenth of an em a gap; None where that cannot be done."""
        cells = self.paragraph(paragraph, prefix, count=n + 1, tag=tag, label=label)
        if len(cells) != n + 1:
            return None
        for cell in cells:
            cell.group = group
        return cells

    def column_image(self, images: list[Image], elements, lines: int | None = None,
                     natural: tuple[float, float] | None = None) -> Cell | None:
        """A picture (or a row of them) in a column, with its caption: a whole number of
        lines tall, centred in them. With `lines`, scaled down to fit that many (None where
        it may not be that small); the flow asks for that through the cell's `shrink`, which
        passes the natural (picture height, figure height) measured once."""
        g = self.geom
        if natural is None:
            made = self.figure(images, elements, g.col_w)
            if made is None:
                return None
            natural = made[1], made[2]
        if lines is not None:
            h, total = natural
            room = lines * g.pitch - g.pitch * 0.5 - (total - h)
            made = self.figure(images, elements, g.col_w, min(h, room))
            if made is None:
                return None
        items, h, total, least = made
        total += g.pitch * 0.5
        n = max(1, math.ceil(total / g.pitch - 1e-6))
        if lines is not None and n > lines:
            return None
        top = (n * g.pitch - total) / 2 + g.pitch * 0.25
        least_lines = math.ceil((least + total - h) / g.pitch - 1e-6)
        cell = Cell(n, [item.shifted(0, top) for item in items], kind="image",
                    text="".join(im.caption or "" for im in images),
                    figure=self.figure_number(images), least=least_lines)
        cell.shrink = lambda k: (cell if k >= n else None if k < least_lines
                                 else self.column_image(images, elements, k, natural))
        return cell

    def credit(self, credit: str, tag: Node) -> list[Cell]:
        g = self.geom
        lines = self.set(f"【{credit}】", "credit", g.size, g.col_w, align=Align.RIGHT,
                         min_last_units=1)
        cells = [Cell(1, text_items([line], g.size, g.pitch, tag=tag), keep=True, kind="credit",
                      text=line.glyphs.text) for line in lines]
        cells[-1].keep = False
        return cells

    def briefs(self, section: Section, items: Node) -> Run:
        """简讯: numbered items, a list (`items`, an L) of LI, each its number (Lbl) and its
        text (LBody)."""
        g = self.geom
        # under its 栏目 header the first brief stands as far from it as an article's title
        # does: the title's space before it and the extra half-leading of its larger type
        title_leading = (TITLE_SIZE * TITLE_PITCH - TITLE_SIZE) / 2 - (g.pitch - g.size) / 2
        run = Run([], space_after=g.pitch * 0.7, space_before=g.pitch * TITLE_AFTER_SECTION + title_leading)
        entries = []
        for k, brief in enumerate(section.briefs, 1):
            entry = items.add("LI")
            label, body = entry.add("Lbl"), entry.add("LBody")
            entries.append((Paragraph(brief.text, brief.loc), brief_label(k), body, label))
        self.paragraphs(run, entries)
        return run

    def prepare_pictures(self, pages) -> dict[Path, int]:
        """Make the pixels of every placed picture, for the size it ended up at: turned
        upright, cropped if so decided, downsampled to 300 dpi (several at once). Returns
        each picture file's bytes in the PDF (about: pixels are compressed as they are
        written)."""
        sizes: dict[Path, int] = {}
        placed = [(page, k, item) for page in pages for k, item in enumerate(page.items)
                  if isinstance(item, Picture) and isinstance(item.image, PictureRequest)]
        requests = [((Source(item.image.image.file, *item.image.image.pixels), item.w, item.h,
                      item.image.image.loc), {"crop": item.image.size.crop, "cmyk": not self.tagged})
                    for _, _, item in placed]
        for (page, k, item), (prepared, warns) in zip(placed, prepare_all(requests)):
            image = item.image.image
            self.warnings.extend(warns)
            if item.image.limited:
                w_px, h_px = image.pixels
                self.warnings.append(
                    f"图片 {image.file.name} 只有 {w_px}×{h_px} 像素，为在印刷时保持 {pictures.MIN_DPI} dpi，"
                    f"只排成 {item.w / 72 * 25.4:.0f} 毫米宽（不足栏宽）。如有原图，请换用原图。")
            page.items[k] = Picture(item.x, item.y, item.w, item.h, prepared, item.tag)
            size = len(prepared.data) if prepared.data is not None else prepared.px_w * prepared.px_h * 3
            sizes[image.file] = sizes.get(image.file, 0) + size
        return sizes

    # -- the 报尾 ---------------------------------------------------------------------------

    def colophon(self, parent: Node) -> Block | None:
        """The 报尾 as GB/T 9704 sets its 版记: full-width rules, the first and the last
        0.35 mm, a 0.25 mm one between entries; the text inset one character each side. A
        Sect of its lines (报、送、发) and the print run, a P each."""
        c = self.issue.colophon
        if c is None:
            return None
        sect = parent.add("Sect")
        g = self.geom
        size = COLOPHON_SIZE
        pitch = size * 1.6
        pad = size * 0.35
        inset = size  # one character in from the rules' ends, left and right
        measure = g.width - 2 * inset
        items: list[Item] = [Rule(0, 0, g.width, 0, COLOPHON_RULE_OUTER, BLACK)]
        y = pad
        last_end = None
        for k, entry in enumerate(c.lines):
            if k:
                y += pad
                items.append(Rule(0, y, g.width, y, COLOPHON_RULE_INNER, BLACK))
                y += pad
            label = f"{entry.label}："
            lines = self.set(label + entry.to, "credit", size, measure, align=Align.LEFT,
                             indent=0, hang=len(label), min_last_units=1)
            items += text_items(lines, size, pitch, x=inset, y=y, tag=sect.add("P"))
            y += len(lines) * pitch
            last_end = inset + lines[-1].end
        if c.copies:
            copies = self.set(f"共印{c.copies}份", "credit", size, measure, align=Align.RIGHT)
            if last_end is not None and last_end + 2 * size <= inset + copies[0].start:
                y -= pitch  # on the last line, to the right
            items += text_items(copies, size, pitch, x=inset, y=y, tag=sect.add("P"))
            y += pitch
        y += pad
        items.append(Rule(0, y, g.width, y, COLOPHON_RULE_OUTER, BLACK))
        return Block(y, items, kind="colophon")
