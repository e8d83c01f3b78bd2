"""Reading tables back from a built PDF: the three rules of each part of a table, the
caption and unit above it, the notes below, and its cells by column.

Independent of the typesetter's code: a part of a three-line table is found by its rules
(black, a thick one above, a thin one under the header, a thick one below: the SPEC's
三线表), its columns by the blank channels that run down between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfcheck import CLOSING, OPENING, Char, ink_box

THICK = (0.9, 1.6)  # pt: the rules above and below a table
THIN = (0.3, 0.6)  # pt: the rule under its header (the 报尾's middle rules are 0.71)
HEADING_FONTS = ("NotoSansCJKsc-Bold",)
BLACK = ((0.0,), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0))  # grey, RGB (PDF/A output), CMYK


@dataclass
class Part:
    """One part of a table on one page (a table broken across columns has several)."""

    page: int
    x0: float
    x1: float
    top: float  # y of the rules, from the top of the page
    thin: float
    bottom: float
    above: list[list[Char]] = field(default_factory=list)  # caption and unit lines, top down
    below: list[list[Char]] = field(default_factory=list)  # note lines
    head: list[Char] = field(default_factory=list)
    body: list[Char] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return "".join(c.text for line in self.above for c in line if c.font in HEADING_FONTS and c.text.strip())

    @property
    def unit(self) -> str:
        return "".join(c.text for line in self.above for c in line if c.font not in HEADING_FONTS and c.text.strip())

    @property
    def notes(self) -> str:
        return "".join(c.text for line in self.below for c in line if c.text.strip())

    @property
    def zone(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of everything the table prints."""
        top = min([min(c.baseline - c.size for c in line) for line in self.above] + [self.top - 1])
        bottom = max([max(c.baseline + 0.3 * c.size for c in line) for line in self.below] + [self.bottom + 1])
        return self.x0, top, self.x1, bottom

    def columns(self, gap: float) -> list[tuple[float, float]]:
        """The x extents of the table's columns: runs of characters separated by channels
        wider than `gap` that no character of the header or the body crosses."""
        spans = sorted(_extent(c) for c in self.head + self.body if c.text.strip())
        cols: list[list[float]] = []
        for x0, x1 in spans:
            if cols and x0 <= cols[-1][1] + gap:
                cols[-1][1] = max(cols[-1][1], x1)
            else:
                cols.append([x0, x1])
        return [(a, b) for a, b in cols]

    def table_columns(self, gap: float) -> list[tuple[float, float]]:
        """The columns: the channels of `columns` grouped around the header's. Text set flush
        left under a centred header may stand apart from it (a short row in a column that
        wraps elsewhere); such a run belongs to the header on its right."""
        channels = self.columns(gap)
        heads = [any(_within(c, ch) for c in self.head if c.text.strip()) for ch in channels]
        groups: list[list[float]] = []
        pending: list[float] | None = None
        for ch, head in zip(channels, heads):
            if not head:
                pending = [pending[0] if pending else ch[0], ch[1]]
                continue
            groups.append([pending[0] if pending else ch[0], ch[1]])
            pending = None
        if pending and groups:
            groups[-1][1] = pending[1]
        return [(a, b) for a, b in groups] or channels

    def column_text(self, chars: list[Char], col: tuple[float, float]) -> str:
        inside = [c for c in chars if _within(c, col)]
        inside.sort(key=lambda c: (round(c.baseline, 1), c.x))
        return "".join(c.text for c in inside if c.text.strip())

    def cell_lines(self, chars: list[Char], col: tuple[float, float]) -> list[list[Char]]:
        """The lines of text in one column of the table, top down."""
        rows: dict[float, list[Char]] = {}
        for c in chars:
            if _within(c, col):
                rows.setdefault(round(c.baseline, 1), []).append(c)
        return [sorted(rows[k], key=lambda c: c.x) for k in sorted(rows)]


def _extent(c: Char) -> tuple[float, float]:
    """The half of a full-width mark's em that holds its ink (the other half is blank and
    may stick out of a line's measure), or a character's whole advance."""
    if c.text in OPENING:
        return c.x + c.advance / 2, c.x1
    if c.text in CLOSING:
        return c.x, c.x + c.advance / 2
    return c.x, c.x1


def _within(c: Char, col: tuple[float, float]) -> bool:
    left, right = _extent(c)
    return col[0] - 0.01 <= left and right <= col[1] + 0.01


def find_parts(pages, body_size: float, pitch: float, text_top: float) -> list[Part]:
    """Every part of every table, in page order (top down, left column first). text_top:
    where the text block starts on pages after the first (the running header is above)."""
    parts: list[Part] = []
    for page in pages:
        rules: dict[tuple[float, float], list[tuple[float, float]]] = {}
        for x0, x1, y, width, color in page.rules:
            if color in BLACK:
                rules.setdefault((round(x0, 1), round(x1, 1)), []).append((y, width))
        found = []
        for (x0, x1), ys in rules.items():
            ys.sort()
            k = 0
            while k < len(ys):
                if k + 2 < len(ys) and THICK[0] <= ys[k][1] <= THICK[1] and \
                        THIN[0] <= ys[k + 1][1] <= THIN[1] and THICK[0] <= ys[k + 2][1] <= THICK[1]:
                    found.append(Part(page.number, x0, x1, ys[k][0], ys[k + 1][0], ys[k + 2][0]))
                    k += 3
                else:
                    k += 1
        # reading order: wide parts end a region; in a region, the left column first
        wide = [part.top for part in found if part.x1 - part.x0 > page.width / 2]
        found.sort(key=lambda part: (sum(1 for y in wide if y < part.top - 0.1),
                                     2 if part.x1 - part.x0 > page.width / 2 else int(part.x0 > page.width / 2),
                                     part.top))
        chars = page.chars if page.number == 1 else [c for c in page.chars if c.baseline > text_top]
        for part in found:
            _collect(part, chars, body_size, pitch)
        parts.extend(found)
    return parts


def _collect(part: Part, chars: list[Char], body_size: float, pitch: float) -> None:
    inside = [c for c in chars if part.x0 - 1 <= c.x and c.x1 <= part.x1 + 1]
    part.head = [c for c in inside if part.top < c.baseline < part.thin]
    part.body = [c for c in inside if part.thin < c.baseline < part.bottom]

    def lines_of(cs):
        rows: dict[float, list[Char]] = {}
        for c in cs:
            rows.setdefault(round(c.baseline, 1), []).append(c)
        return [sorted(rows[k], key=lambda c: c.x) for k in sorted(rows)]

    # above: the caption (heading font) and the unit (smaller), right over the top rule
    edge = part.top
    for line in reversed(lines_of([c for c in inside if c.baseline < part.top])):
        vis = [c for c in line if c.text.strip()]
        if not vis or edge - line[0].baseline > 1.7 * pitch:
            break
        if not all(c.font in HEADING_FONTS or c.size < body_size - 0.01 for c in vis):
            break
        part.above.insert(0, line)
        edge = line[0].baseline - line[0].size
    # below: the notes (smaller), right under the bottom rule
    edge = part.bottom
    for line in lines_of([c for c in inside if c.baseline > part.bottom]):
        vis = [c for c in line if c.text.strip()]
        if not vis or line[0].baseline - edge > 1.7 * pitch or any(c.size >= body_size - 0.01 for c in vis):
            break
        part.below.append(line)
        edge = line[0].baseline


def crossing_rules(part: Part) -> list[Char]:
    """Characters whose ink crosses one of the part's rules (or sticks out of its sides)."""
    bad = []
    for c in part.head + part.body:
        box = ink_box(c)
        if box is None:
            continue
        left, top, right, bottom = box
        for y in (part.top, part.thin, part.bottom):
            if top < y + 0.25 and bottom > y - 0.25:
                bad.append(c)
        if left < part.x0 - 0.5 or right > part.x1 + 0.5:
            bad.append(c)
    return bad
