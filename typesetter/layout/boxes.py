"""What layout hands to rendering: pages of positioned items, as plain data.

Coordinates are in pt with y measured down from the top of the page (as the eye reads);
the renderer flips them. Text y is the baseline. Every drawn item has a `tag`: the structure
element it is content of, or None for decoration (structure.py says how to use it).
"""

from __future__ import annotations


from ..records import field, record
from ..text.glyphs import Glyphs
from .structure import Node, Tag

Color = tuple[float, float, float, float]  # CMYK, 0..1

BLACK: Color = (0.0, 0.0, 0.0, 1.0)
RED: Color = (0.0, 1.0, 1.0, 0.0)  # 套红
GREY: Color = (0.0, 0.0, 0.0, 0.55)


@record(slots=True)
class Text:
    x: float
    y: float  # baseline
    size: float
    glyphs: Glyphs  # glyph x relative to self.x
    color: Color = BLACK
    bold: bool = False  # fake bold by stroking the outline (faces with no bold weight)
    tag: Tag = None

    def shifted(self, dx: float, dy: float) -> "Text":
        return Text(self.x + dx, self.y + dy, self.size, self.glyphs, self.color, self.bold, self.tag)


@record(slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: Color = BLACK
    dash: tuple[float, float] | None = None  # (on, off) lengths for a dotted rule
    tag: Tag = None

    def shifted(self, dx: float, dy: float) -> "Rule":
        return Rule(self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy, self.width,
                    self.color, self.dash, self.tag)


@record(slots=True)
class Frame:
    x: float
    y: float  # top
    w: float
    h: float
    width: float = 0.5
    stroke: Color | None = BLACK
    fill: Color | None = None
    tag: Tag = None

    def shifted(self, dx: float, dy: float) -> "Frame":
        return Frame(self.x + dx, self.y + dy, self.w, self.h, self.width, self.stroke, self.fill, self.tag)


@record(slots=True)
class Picture:
    x: float
    y: float  # top
    w: float
    h: float
    image: object  # images.Prepared
    tag: Tag = None  # its Figure

    def shifted(self, dx: float, dy: float) -> "Picture":
        return Picture(self.x + dx, self.y + dy, self.w, self.h, self.image, self.tag)


@record(slots=True)
class Mark:
    """A bookmark (outline entry) at a place on the page."""

    title: str
    level: int
    y: float
    key: str = ""

    def shifted(self, dx: float, dy: float) -> "Mark":
        return Mark(self.title, self.level, self.y + dy, self.key)


@record(slots=True)
class PageRef:
    """Where the page number of a bookmark goes (本期要目), right-aligned at x; filled in
    once the flow has decided the pages."""

    key: str
    x: float  # right edge
    y: float  # baseline
    size: float
    tag: Tag = None  # the element the number is part of

    def shifted(self, dx: float, dy: float) -> "PageRef":
        return PageRef(self.key, self.x + dx, self.y + dy, self.size, self.tag)


Item = Text | Rule | Frame | Picture | Mark | PageRef


@record
class Page:
    number: int  # 1-based
    items: list[Item] = field(default_factory=list)


@record
class Document:
    width: float
    height: float
    pages: list[Page]
    title: str
    author: str
    subject: str
    date: object  # datetime.date, the document date
    keywords: str = ""
    structure: Node | None = None  # the Document element; None: an untagged PDF (style.pdf: plain)
    lang: str = "zh-CN"
    pictures: dict = field(default_factory=dict)  # picture file -> its bytes in the PDF (about)
