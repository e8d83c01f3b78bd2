"""Reading a built PDF back the way a reader and a proofreader would: characters with their
positions, grouped into lines and columns, in reading order; glyph ink boxes from the fonts.

Independent of the typesetter's own code: it knows only the page geometry it is told and
the SPEC's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pdfplumber
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"

# SPEC, "Chinese text layout"
NO_LINE_START = set("、，。：；！？”’」』）］〕】〗｝〉》·/")
NO_LINE_END = set("“‘「『（［〔【〖｛《〈")
# Full-width marks whose ink is in the left half of the em (the right half is blank and is
# what a line's end may trim).
CLOSING = set("、，。：；！？”’」』）］〕】〗｝〉》")
OPENING = set("“‘「『（［〔【〖｛《〈")


@dataclass
class Char:
    text: str
    x: float  # origin
    x1: float  # origin + advance
    baseline: float  # from the top of the page
    size: float
    hscale: float
    font: str  # PostScript name, without the subset tag
    page: int

    @property
    def advance(self) -> float:
        return self.x1 - self.x


@dataclass
class Line:
    chars: list[Char]
    column: int | None  # None: spans columns

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x

    @property
    def baseline(self) -> float:
        return self.chars[0].baseline

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    def visible(self) -> list[Char]:
        return [c for c in self.chars if c.text.strip()]


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    # horizontal rules: (x0, x1, y from the top, line width, stroke colour)
    rules: list[tuple] = field(default_factory=list)
    images: list[tuple[float, float]] = field(default_factory=list)  # (top, bottom) of each


def read_pdf(path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for k, p in enumerate(pdf.pages, 1):
            page = Page(k, float(p.width), float(p.height))
            for c in p.chars:
                a, b, _, d, e, f = c["matrix"]
                size = float(c["size"])
                page.chars.append(Char(
                    text=c["text"], x=float(e), x1=float(c["x1"]), baseline=float(p.height) - float(f),
                    size=size, hscale=a / d if d else 1.0, font=c["fontname"].split("+")[-1], page=k,
                ))
            for line in p.lines:  # parsed with the characters: no second pass over the page
                if abs(line["top"] - line["bottom"]) < 0.01:
                    color = line.get("stroking_color")
                    color = tuple(color) if isinstance(color, (list, tuple)) else (color,)
                    page.rules.append((float(line["x0"]), float(line["x1"]), float(line["top"]),
                                       float(line["linewidth"]), color))
            page.images = [(float(im["top"]), float(im["bottom"])) for im in p.images]
            pages.append(page)
    return pages


def lines(page: Page, col_edges: list[tuple[float, float]], body_size: float) -> list[Line]:
    """The page's characters as lines: same baseline, split at the gutters between columns
    when nothing crosses them, nothing is larger than the body size (a title or 栏目 header
    spans the columns even when it is short) and each part starts where a column's lines
    start (at its edge or indented 2 em) or ends at its right edge (a credit); the last line
    of a 编者按, set across the page with its own margins, is not a column line."""
    rows: dict[float, list[Char]] = {}
    for c in page.chars:
        key = round(c.baseline, 1)
        rows.setdefault(key, []).append(c)
    out: list[Line] = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda c: c.x)
        cols = [_column_of(c, col_edges) for c in row if c.text.strip()]
        larger = any(c.size > body_size + 0.01 for c in row if c.text.strip())
        parts = []
        if cols and None not in cols and not larger:
            for col in sorted(set(cols)):
                chars = [c for c in row if _column_of(c, col_edges) == col or
                         (not c.text.strip() and col_edges[col][0] - 1 <= c.x <= col_edges[col][1] + 1)]
                parts.append(Line(chars, col))
        if parts and all(_sits_in_column(p, col_edges[p.column], body_size) for p in parts):
            out.extend(parts)
        else:
            out.append(Line(row, None))
    return out


def _sits_in_column(line: Line, edges, body_size: float) -> bool:
    vis = line.visible()
    if not vis or vis[0].size < body_size - 0.01:
        return True  # captions: smaller, centred in their column
    left, right = edges
    first, last = vis[0], vis[-1]
    x = first.x - left
    em = first.size
    starts = abs(x) < 0.6 or abs(x - 2 * em) < 0.6 or (
        first.text in OPENING and (-em / 2 - 0.6 < x < 0 or 1.5 * em - 0.6 < x < 2 * em))
    end = last.x + last.advance / 2 if last.text in CLOSING else last.x1
    return starts or abs(end - right) < 0.6


def _column_of(c: Char, col_edges) -> int | None:
    """The column whose edges hold the character's ink half (a mark's blank half may stick
    out: a line-end 。 sits in half an em, a line-start （ may lose its blank half)."""
    adv = c.advance
    ink_left = c.x + (adv / 2 if c.text in OPENING else 0.0)
    ink_right = c.x + adv * (0.5 if c.text in CLOSING else 1.0)
    for k, (left, right) in enumerate(col_edges):
        if ink_left >= left - 1.0 and ink_right <= right + 1.0:
            return k
    return None


def reading_order(page_lines: list[Line]) -> list[Line]:
    """Lines as a reader takes them: a line across the columns ends a region; within a region
    the first column top to bottom, then the second, …"""
    ordered: list[Line] = []
    region: list[Line] = []

    def close():
        for col in sorted({l.column for l in region}):
            ordered.extend(sorted((l for l in region if l.column == col), key=lambda l: l.baseline))
        region.clear()

    for line in sorted(page_lines, key=lambda l: l.baseline):
        if line.column is None:
            close()
            ordered.append(line)
        else:
            region.append(line)
    close()
    return ordered


@lru_cache(maxsize=None)
def font_by_name() -> dict[str, TTFont]:
    faces = {}
    for path in FONTS.glob("*.ttf"):
        font = TTFont(path, lazy=True)
        faces[font["name"].getDebugName(6)] = font
    return faces


@lru_cache(maxsize=100_000)
def glyph_bounds(font: str, ch: str) -> tuple[float, float, float, float, float] | None:
    """(xMin, yMin, xMax, yMax, advance) of a character's outline in em, or None for a
    blank glyph."""
    face = font_by_name()[font]
    gname = face.getBestCmap()[ord(ch)]
    g = face["glyf"][gname]
    if not hasattr(g, "xMin") or g.numberOfContours == 0:
        return None
    upem = face["head"].unitsPerEm
    return g.xMin / upem, g.yMin / upem, g.xMax / upem, g.yMax / upem, face["hmtx"][gname][0] / upem


def ink_box(c: Char) -> tuple[float, float, float, float] | None:
    """The box of a character's ink on the page: (left, top, right, bottom), pt. A glyph
    drawn horizontally scaled (the halves of ——) shows it in its advance."""
    b = glyph_bounds(c.font, c.text)
    if b is None:
        return None
    x0, y0, x1, y1, adv = b
    s = c.size
    h = c.advance / (adv * s) if adv else 1.0
    return (c.x + x0 * s * h, c.baseline - y1 * s, c.x + x1 * s * h, c.baseline - y0 * s)


def overlaps(chars: list[Char], tolerance: float = 0.05) -> list[tuple[Char, Char]]:
    """Pairs of characters whose ink boxes intersect by more than `tolerance` pt each way."""
    boxes = [(ink_box(c), c) for c in chars if c.text.strip()]
    boxes = [(b, c) for b, c in boxes if b is not None]
    boxes.sort(key=lambda bc: bc[0][0])
    found = []
    active: list = []
    for box, c in boxes:
        active = [(b, o) for b, o in active if b[2] > box[0] + tolerance]
        for b, o in active:
            if min(b[2], box[2]) - max(b[0], box[0]) > tolerance and \
               min(b[3], box[3]) - max(b[1], box[1]) > tolerance:
                found.append((o, c))
        active.append((box, c))
    return found


def visible_text(chars) -> str:
    return "".join(c.text for c in chars if c.text.strip())


def is_subsequence(needle: str, haystack: str) -> int:
    """-1 if every character of needle occurs in haystack in order; else the index in needle
    of the first character that could not be found."""
    it = 0
    n = len(haystack)
    for k, ch in enumerate(needle):
        while it < n and haystack[it] != ch:
            it += 1
        if it == n:
            return k
        it += 1
    return -1
