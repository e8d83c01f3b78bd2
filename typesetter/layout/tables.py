"""Tables: a model Table → the column cells of a three-line table (三线表).

A table is set as rows of whole body lines, so that the baseline grid of the columns holds
around it: a row is as many pitches as its tallest cell needs (the lines of a cell are set a
little closer than body lines, and centred in the row). The pieces, in order, each a Cell:

    top      space above, the caption (表1 …, centred, 黑体) and the unit (单位：…, right)
    header   a thick rule above, a thin rule below; column names centred, in the heading font
    rows     one Cell per row; the flow may break the table between any two of them
    end      the notes (注：… 数据来源：…) under the thick bottom rule, and space below

Keep rules hold the caption, unit, header and first row together, the last row with the
notes, and a table of a few lines whole; a longer one may break between any two rows. Where the flow breaks the table, the column that goes on starts with the caption and
（续表） and the header again (`Cell.repeat`), and the part before the break is closed by a
thick rule (`Cell.foot`).

Columns are sized as HTML's automatic table layout sizes them: each at least as wide as the
widest piece of its text the line breaker cannot divide, what is left shared out by how much
wider each would like to be. A table whose columns fit the page's column is set there; a
wider one across the whole text block (`wide`); at its narrowest it is set a size smaller
(小五) rather than overflow, with a warning.
"""

from __future__ import annotations

import math
import re
from array import array

from ..model import Table
from ..records import record, replace
from ..text import Align, Glyphs, Line, content_widths
from ..units import HAO
from .blocks import Builder, Cell
from .boxes import Item, Rule, Text
from .geometry import ASCENT
from .structure import Node

SMALLEST = HAO["小五"]  # a table shrinks to this size before its columns overflow
LEAST_SIZE = HAO["六号"]  # a cell whose unbreakable piece is wider than its column, at most
NOTE_SIZE = HAO["小五"]  # the unit and the notes
THICK = 1.0  # pt: the rules above and below the table
THIN = 0.5  # pt: the rule under the header
PAD = 0.5  # em: blank on each side of a cell's text
INNER_PITCH = 1.35  # em: the lines inside one cell
NOTE_PITCH = 1.4  # em of NOTE_SIZE: the lines of a note
READABLE = 4  # characters a column keeps on a line where it can
WHOLE = 6  # lines of rows up to which a table is never broken

# A number as reports print it: 1,234.5  −3.2%  12%  0.5  (3.4)  +8  ¥12.00
NUMBER = re.compile(r"[(（]?[+\-−–]?[¥$￥]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[%‰]?[)）]?")
# What stands in a numeric column for "no figure"
PLACEHOLDERS = frozenset({"—", "——", "-", "–", "/", "…", "……", "－"})
DIGITS = re.compile(r"\d[\d,]*")


@record
class Column:
    least: float  # pt, the narrowest the column can be: its widest unbreakable piece
    low: float  # pt, the narrowest it should be: no fewer than READABLE characters a line
    high: float  # pt, the width that sets every cell on one line
    align: str  # left | center | right | decimal | text (left, or centred if no cell wraps)
    explicit: bool = False  # the separator row set the alignment (the header follows it)
    numeric: bool = False  # every cell a number (or a dash for none)
    int_w: float = 0.0  # decimal columns: the widest part before the decimal point
    frac_w: float = 0.0  # and after it


@record
class SetTable:
    cells: list[Cell]
    wide: bool  # across the whole text block


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text.replace(" ", "")))


class TableSetter:
    def __init__(self, builder: Builder):
        self.b = builder
        self.g = builder.geom
        self.shrunk = False  # some cell set smaller than the table (see set_cell)

    # -- choosing the form --------------------------------------------------------------------

    def set(self, table: Table, parent: Node) -> SetTable:
        """The table's cells, tagged as a Table element (its Caption, a TR of TH and a TR
        of TD for each row) under `parent`, its notes as P after it."""
        g = self.g
        size = g.size
        cols = self.columns(table, size)
        if g.columns > 1 and sum(c.low for c in cols) > g.col_w + 1e-6 or \
                g.columns > 1 and sum(c.high for c in cols) > g.col_w and self._taller(table, cols, size):
            width, wide = g.width, True
        else:
            width, wide = g.col_w, False
        if sum(c.least for c in cols) > width + 1e-6 and size > SMALLEST:
            size = SMALLEST
            cols = self.columns(table, size)
            self.b.warnings.append(f"{table.loc}：表格通栏也排不下，改用小五号字（{SMALLEST:g} 磅）排。")
        if sum(c.least for c in cols) > width + 1e-6:
            self.b.warnings.append(f"{table.loc}：表格列数太多，小五号字也排不下，有些数字或西文词在单元格里"
                                   "折行。可以考虑把表格拆成两个。")
        widths = share(cols, width)
        self.shrunk = False
        cells = self.cells(table, cols, widths, size, width, parent)
        if self.shrunk:
            self.b.warnings.append(f"{table.loc}：表格有的单元格里有排不进栏宽的整体（如带标点的字、"
                                   "——），这些单元格的字排小了一些。")
        return SetTable(cells, wide)

    def _taller(self, table: Table, cols: list[Column], size: float) -> bool:
        """Whether the table set in one column would be much taller than across the page:
        more than twice as many lines, which takes more room than the wide form."""
        g = self.g
        narrow = self.row_heights(table, cols, share(cols, g.col_w), size)
        wide = self.row_heights(table, cols, share(cols, g.width), size)
        return sum(narrow) > 2 * sum(wide)

    # -- measuring ----------------------------------------------------------------------------

    def columns(self, table: Table, size: float) -> list[Column]:
        pad = 2 * PAD * size
        head_fonts, body_fonts = self.b.fonts["heading"], self.b.fonts["body"]
        punct = self.b.punct
        out = []
        for k in range(table.columns):
            low, high = content_widths(table.header[k], head_fonts, size, punct)
            cells = [row[k] for row in table.rows]
            filled = [c for c in cells if c.strip()]
            numeric = bool(filled) and all(is_number(c) or c.strip() in PLACEHOLDERS for c in filled) and \
                any(is_number(c) for c in filled)
            align = table.align[k]
            explicit = align != "auto"
            if not explicit:
                align = "decimal" if numeric else "text"
            # a header wraps sooner than the body's cells: its widest line counts only as far
            # as its narrowest readable measure
            column = Column(low, _readable(low, high, size), _readable(low, high, size), align, explicit)
            column.numeric = numeric
            for text in cells:
                if numeric and text.strip():  # a number is never divided
                    line = self.number_line(text, size)
                    least = hi = line.end - line.start
                else:
                    least, hi = content_widths(text, body_fonts, size, punct)
                column.least = max(column.least, least)
                column.low = max(column.low, _readable(least, hi, size))
                column.high = max(column.high, hi)
            if align == "decimal":
                for text in filled:
                    int_w, frac_w = self._decimal_parts(text, size)
                    column.int_w, column.frac_w = max(column.int_w, int_w), max(column.frac_w, frac_w)
                column.least = max(column.least, column.int_w + column.frac_w)
            column.low = max(column.low, column.least)
            column.high = max(column.high, column.low)
            column.least += pad
            column.low += pad
            column.high += pad
            out.append(column)
        return out

    def _decimal_parts(self, text: str, size: float) -> tuple[float, float]:
        line = self.number_line(text, size)
        x = _integer_end(line)
        return x - line.start, line.end - x

    def number_line(self, text: str, size: float) -> Line:
        """A number on one line, its digits on equal widths (tabular figures), so that the
        digits of the numbers in a column stand under each other."""
        line = self.b.set(text, "body", size, 100 * size, align=Align.LEFT, min_last_units=1)[0]
        return _tabular(line, size)

    # -- setting ------------------------------------------------------------------------------

    def set_cell(self, text: str, column: Column, width: float, size: float,
                 head: bool) -> tuple[list[Line], bool, float]:
        """A cell's lines, whether they go on the column's decimal point, and their size:
        smaller than the table's where a piece of the text that cannot be divided (一个字 and
        the mark after it, 高——) is wider than a column the table had to make narrower."""
        lines, decimal = self._set_cell(text, column, width, size, head)
        inner = width - 2 * PAD * size
        over = max([max(-line.start, line.end - inner) for line in lines] + [0.0])
        if over > 0.01:
            self.shrunk = True
            smaller = max(LEAST_SIZE, size * inner / (inner + over))
            lines, decimal = self._set_cell(text, column, width, smaller, head, inner)
            return lines, decimal, smaller
        return lines, decimal, size

    def _set_cell(self, text: str, column: Column, width: float, size: float, head: bool,
                  inner: float | None = None) -> tuple[list[Line], bool]:
        inner = width - 2 * PAD * size if inner is None else inner
        if not text.strip():
            return [], False
        aligns = {"left": Align.LEFT, "center": Align.CENTER, "right": Align.RIGHT}
        if head:  # centred, or as the separator row says
            align = aligns[column.align] if column.explicit else Align.CENTER
            return self.b.set(text, "heading", size, inner, align=align, min_last_units=1), False
        # text: short texts centred under their header, a column that wraps flush left
        align = aligns.get(column.align, Align.CENTER if column.high <= width + 1e-6 else Align.LEFT)
        if column.align == "decimal" and not is_number(text):
            align = Align.CENTER  # a dash for "no figure", under the middle of the numbers
        elif column.numeric and is_number(text):
            line = self.number_line(text, size)
            if line.end - line.start <= inner + 1e-6:
                if column.align == "decimal" and column.int_w + column.frac_w <= inner + 1e-6:
                    return [line], True
                if column.align == "decimal":  # the column is narrower than its numbers
                    return [_moved(line, inner - line.end)], False
                x = {"left": -line.start, "center": (inner - line.end - line.start) / 2,
                     "right": inner - line.end}[column.align]
                return [_moved(line, x)], False
            align = Align.RIGHT  # narrower than its number (the table overflowed): set as it goes
        return self.b.set(text, "body", size, inner, align=align, min_last_units=1), False

    def row_lines(self, n: int, size: float) -> int:
        """Body lines a row of n text lines takes: its lines INNER_PITCH apart with at least
        the blank a body line has above and below its characters."""
        g = self.g
        need = (n - 1) * INNER_PITCH * size + size + (g.pitch - g.size)
        return max(1, math.ceil(need / g.pitch - 1e-6))

    def row_heights(self, table: Table, cols: list[Column], widths: list[float], size: float) -> list[int]:
        rows = [table.header] + table.rows
        return [self.row_lines(max([len(self.set_cell(t, c, w, size, r == 0)[0]) for t, c, w in
                                    zip(row, cols, widths)] + [1]), size)
                for r, row in enumerate(rows)]

    def row(self, texts: list[str], cols: list[Column], widths: list[float], size: float,
            head: bool, kind: str, tags: list[Node | None]) -> list[Cell]:
        """A row as a Cell; a row taller than a page as one Cell a line (its lines then at
        the body's pitch, from the top), which the flow may break anywhere."""
        g = self.g
        set_cells = [self.set_cell(t, c, w, size, head) for t, c, w in zip(texts, cols, widths)]
        n = max([len(lines) for lines, _, _ in set_cells] + [1])
        lines_n = self.row_lines(n, size)
        tall = lines_n > g.lines_between(g.top, g.bottom) - 6  # room for the repeated header
        pitch = g.pitch if tall else INNER_PITCH * size
        height = lines_n * g.pitch
        placed: list[tuple[int, Text]] = []  # (line number in the row, text)
        x = 0.0
        for (lines, decimal, cell_size), column, width, tag in zip(set_cells, cols, widths, tags):
            if lines:
                block = (len(lines) - 1) * pitch + size
                top = (g.pitch - size) / 2 if tall else (height - block) / 2
                dx = x + PAD * size
                if decimal:  # on the decimal point: the widest number's block centred
                    inner = width - 2 * PAD * size
                    dx += (inner - column.int_w - column.frac_w) / 2 + column.int_w - _integer_end(lines[0])
                drop = (size - cell_size) / 2  # a smaller cell's em box centred in the table's
                for k, line in enumerate(lines):
                    placed.append((k, Text(dx, top + drop + k * pitch + ASCENT * cell_size, cell_size,
                                           line.glyphs, bold=head and self.b.bold, tag=tag)))
            x += width
        text = " | ".join(texts)
        if not tall:
            return [Cell(lines_n, [t for _, t in placed], kind=kind, text=text)]
        return [Cell(1, [t.shifted(0, -k * g.pitch) for j, t in placed if j == k], kind=kind, text=text)
                for k in range(n)]

    def cells(self, table: Table, cols: list[Column], widths: list[float], size: float,
              width: float, parent: Node) -> list[Cell]:
        g = self.g
        element = parent.add("Table")
        caption = element.add("Caption") if table.caption or table.unit else None
        top = self.top(table, size, width, table.caption, space=True, tag=caption)
        top.keep = True
        head_row = element.add("TR")
        header = self.header(table, cols, widths, size, width, [head_row.add("TH", scope="Column")
                                                                for _ in cols])
        h = header.lines * g.pitch
        rows = []
        for texts in table.rows:
            tr = element.add("TR")
            rows.append(self.row(texts, cols, widths, size, False, "table-row", [tr.add("TD") for _ in cols]))
        # the caption and header again where the table goes on: a repeat, not content
        again = [self.top(table, size, width, _continued(table.caption), space=False),
                 self.header(table, cols, widths, size, width, [None] * len(cols))]
        again[0].keep = True
        again[0].kind, again[1].kind = "table-continued", "table-header-again"  # flow.REPEATED
        whole = sum(c.lines for row in rows for c in row) <= WHOLE
        pieces = [c for row in rows for c in row]
        for k, piece in enumerate(pieces):
            bottom = piece.lines * g.pitch
            rule = Rule(0, bottom, width, bottom, THICK)
            if k == len(pieces) - 1:
                piece.items.append(rule)
                piece.keep = True  # with the notes
            else:
                piece.foot = [rule]
            if k:
                piece.repeat = again
            piece.keep = piece.keep or whole
        for row in rows:
            for piece in row[:-1]:  # a tall row: never its first line alone, nor its last
                piece.keep = piece.keep or piece is row[0] or piece is row[-2]
        if not rows:
            header.items[-1] = Rule(0, h, width, h, THICK)
        end = self.end(table, width, [parent.add("P") for _ in table.notes])
        return [top, header] + pieces + [end]

    def header(self, table: Table, cols: list[Column], widths: list[float], size: float, width: float,
               tags: list[Node | None]) -> Cell:
        """The header row between the thick rule above the table and the thin one under it."""
        g = self.g
        (header, *more) = self.row(table.header, cols, widths, size, True, "table-header", tags)
        if more:  # a header taller than a page: set it as it is, once
            header = Cell(header.lines + len(more), header.items + [i.shifted(0, k * g.pitch) for k, c in
                                                                     enumerate(more, 1) for i in c.items],
                          kind=header.kind, text=header.text)
        h = header.lines * g.pitch
        header.items[:0] = [Rule(0, 0, width, 0, THICK)]
        header.items.append(Rule(0, h, width, h, THIN))
        header.keep = True  # with the first row
        return header

    def top(self, table: Table, size: float, width: float, caption: str | None, space: bool,
            tag: Node | None = None) -> Cell:
        """Space above the table, its caption and its unit."""
        g = self.g
        items: list[Item] = []
        y = g.pitch if space else 0.0
        if caption:
            lines = self.b.set(caption, "heading", size, width - 2 * size, align=Align.CENTER,
                               balance=True, min_last_units=1)
            for line in lines:
                items.append(Text(size, y + (g.pitch - size) / 2 + ASCENT * size, size, line.glyphs,
                                  bold=self.b.bold, tag=tag))
                y += g.pitch
        if table.unit and space:
            (line, *_) = self.b.set(table.unit, "body", NOTE_SIZE, width - PAD * size, align=Align.RIGHT,
                                    min_last_units=1)
            # low in its line, close to the rule under it
            items.append(Text(0, y + g.pitch - 0.45 * NOTE_SIZE, NOTE_SIZE, line.glyphs, tag=tag))
            y += g.pitch
        lines_n = max(1, round(y / g.pitch))
        return Cell(lines_n, items, kind="table-top", text=caption or "")

    def end(self, table: Table, width: float, tags: list[Node]) -> Cell:
        """The notes under the table, and space below it."""
        g = self.g
        items: list[Item] = []
        pitch = NOTE_PITCH * NOTE_SIZE
        y = 0.35 * NOTE_SIZE
        for note, tag in zip(table.notes, tags):
            lines = self.b.set(note, "body", NOTE_SIZE, width - PAD * NOTE_SIZE, align=Align.LEFT,
                               min_last_units=1, hang=_label_width(note))
            for line in lines:
                items.append(Text(PAD * NOTE_SIZE, y + (pitch - NOTE_SIZE) / 2 + ASCENT * NOTE_SIZE,
                                  NOTE_SIZE, line.glyphs, tag=tag))
                y += pitch
        lines_n = math.ceil((y + 0.5 * g.pitch) / g.pitch - 1e-6) if table.notes else 1
        return Cell(lines_n, items, kind="table-end", text=" ".join(table.notes))


def share(cols: list[Column], width: float) -> list[float]:
    """Column widths filling `width`: HTML's automatic table layout. Every column gets what
    it would like when that fits (what is left shared in proportion); else its narrowest
    readable width and a share of the rest in proportion to how much wider it would like to
    be; else its narrowest; where even those do not fit, widths in proportion to them (long
    pieces are then divided)."""
    least = sum(c.least for c in cols)
    low = sum(c.low for c in cols)
    high = sum(c.high for c in cols)
    if high <= width:
        return [c.high + (width - high) * c.high / high for c in cols] if high else \
            [width / len(cols)] * len(cols)
    if low <= width:
        return [c.low + (width - low) * (c.high - c.low) / (high - low) for c in cols]
    if least <= width:  # text columns give up characters a line before numbers break
        return [c.least + (width - least) * (c.low - c.least) / (low - least) for c in cols]
    # even the narrowest do not fit: numbers keep their width while the text has most of
    # its own, the text's long words are divided
    numbers = sum(c.least for c in cols if c.numeric)
    if numbers < least:
        widths = [c.least if c.numeric else (width - numbers) * c.least / (least - numbers) for c in cols]
        # not at the cost of text columns narrower than a few characters (whose pieces,
        # 字、 or 高——, cannot be broken at all)
        if min(w for w, c in zip(widths, cols) if not c.numeric) >= 0.6 * width / len(cols):
            return widths
    return [width * c.least / least for c in cols]


def _readable(low: float, high: float, size: float) -> float:
    """The narrowest a cell should be: Han text may break after any character, but a column
    a character or two wide is hard to read (序/号); a cell keeps READABLE characters on
    a line where its text has them."""
    return max(low, min(high, READABLE * size))


def _tabular(line: Line, size: float) -> Line:
    """The line with every digit in a cell as wide as the face's widest digit, the glyph
    centred in it; the other characters keep their spacing."""
    glyphs = line.glyphs
    if not any(ch.isdigit() for ch in glyphs.text):
        return line
    xs = array("d")
    x = glyphs.xs[0] if len(glyphs) else 0.0
    for k, glyph in enumerate(glyphs):
        step = (glyphs.xs[k + 1] if k + 1 < len(glyphs) else line.end) - glyph.x
        if glyph.ch.isdigit():
            slot = max(glyph.face.advance(d) for d in "0123456789") * size
            advance = glyph.face.advance(glyph.ch) * size
            xs.append(x + (slot - advance) / 2)
            x += slot + step - advance
        else:
            xs.append(x)
            x += step
    return replace(line, glyphs=Glyphs(glyphs.text, xs, glyphs.runs, glyphs.scales), end=x)


def _moved(line: Line, dx: float) -> Line:
    glyphs = line.glyphs
    xs = array("d", (x + dx for x in glyphs.xs))
    return replace(line, glyphs=Glyphs(glyphs.text, xs, glyphs.runs, glyphs.scales),
                   start=line.start + dx, end=line.end + dx)


def _integer_end(line: Line) -> float:
    """x (pt, in the line) where a number's integer part ends: its decimal point, its %,
    or its end."""
    text = line.glyphs.text
    m = DIGITS.search(text)
    if not m or m.end() >= len(text):
        return line.end
    return line.glyphs.xs[m.end()]


def _continued(caption: str | None) -> str:
    return f"{caption}（续表）" if caption else "（续表）"


def _label_width(note: str) -> float:
    """The em a note's label takes (注：), so that its further lines hang under its text."""
    m = re.match(r"\s*(\S{1,4}?[：:])", note)
    return float(len(m.group(1))) if m and len(m.group(1)) <= 5 else 0.0
