"""Pagination: blocks across the text block, runs down the columns, onto pages.

A run fills column after column and page after page; where it ends on a page, its columns
are balanced (the shortest column height that holds what is left). Column breaks happen only
where the cells allow them (orphans, widows, a credit with its last line, a subheading with
its paragraph). A block that must stay with what follows it (栏目 header, title) moves to the
next page rather than end a page alone. The 报尾 is pinned to the foot of the last page.
"""

from __future__ import annotations

import math

from .blocks import Block, Cell, Run
from .boxes import Page
from .geometry import Geometry

EPS = 1e-6


def lead_lines(run: Run) -> int:
    """Lines of a run that must stand with the header or title above it: up to the first
    allowed break, and at least two (or all of a shorter run)."""
    total = 0
    for cell in run.cells:
        total += cell.lines
        if not cell.keep and total >= 2:
            break
    return total


class Paginator:
    def __init__(self, geom: Geometry, reserve_from: int | None = None, reserve: float = 0.0):
        self.geom = geom
        self.reserve_from = reserve_from
        self.reserve = reserve
        self.pages: list[Page] = [Page(1)]
        self.y = geom.first_top
        self.page_top = self.y
        self.pending: list[Block] = []  # page-wide pictures waiting for the next page's top
        self.span = False  # the run being placed is one column across the text block
        self.floats: list[Run] = []  # wide tables waiting for the next page's top

    # -- the cursor -------------------------------------------------------------------------

    @property
    def bottom(self) -> float:
        index = len(self.pages) - 1
        if self.reserve_from is not None and index >= self.reserve_from:
            return self.geom.bottom - self.reserve
        return self.geom.bottom

    @property
    def at_top(self) -> bool:
        return self.y <= self.page_top + EPS

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = self.page_top = self.geom.top
        pending, self.pending = self.pending, []
        for block in pending:
            self.put(block.items, self.geom.left, self.y)
            self.y += block.height
        if pending:
            self.page_top = self.y  # what follows starts as at a page's top
        self.place_floats()

    # -- wide tables that go to the top of the next page --------------------------------------

    def place_floats(self) -> None:
        """Put the wide tables waiting for a page at the top of this one."""
        floats, self.floats = self.floats, []
        span = self.span
        for run in floats:
            self.run(run)
        self.span = span

    def snapshot(self) -> tuple:
        return (len(self.pages), len(self.pages[-1].items), self.y, self.page_top, list(self.pending),
                list(self.floats))

    def restore(self, snap: tuple) -> None:
        """Undo what was placed since the snapshot."""
        pages, items, self.y, self.page_top, self.pending, self.floats = snap
        del self.pages[pages:]
        del self.pages[-1].items[items:]

    def fits_lead(self, run: Run) -> bool:
        """Whether the first lines of a run that must stand together fit on this page."""
        return self.at_top or lead_lines(run) <= self.geom.lines_between(self.y, self.bottom)

    def flush(self) -> None:
        """Place pictures still waiting for a page (the issue ended first)."""
        if self.pending:
            if self.at_top or self.y + sum(b.height for b in self.pending) > self.bottom + EPS:
                self.new_page()
            else:
                for block in self.pending:
                    self.put(block.items, self.geom.left, self.y)
                    self.y += block.height
                self.pending = []

    def put(self, items, dx: float, dy: float) -> None:
        self.pages[-1].items.extend(item.shifted(dx, dy) for item in items)

    # -- blocks -----------------------------------------------------------------------------

    def block(self, block: Block, follow: float = 0.0) -> None:
        """Place a full-width block; `follow` is the height that must fit after it. A block
        taller than a page (a 编者按 of thousands of characters, a very long 本期要目) goes
        on in pieces, cut between its lines: nothing runs off the foot of a page."""
        capacity = self.bottom - self.geom.top
        if block.height > capacity + EPS:
            room = self.bottom - self.y - (0.0 if self.at_top else block.space_before)
            # start on this page if a few of its lines fit here
            first = room if room >= 3 * self.geom.pitch else capacity
            for part in _split(block, capacity, first):
                self.block(part, 0.0)
            return
        space = 0.0 if self.at_top else block.space_before
        room = self.bottom - self.y - space - follow
        if block.height > room + EPS and block.shrink is not None:
            smaller = block.shrink(room)  # a picture scaled down to keep the page full
            if smaller is None and block.kind == "image" and not self.at_top:
                # no room even at its smallest: to the top of the next page, while the text
                # it comes with starts here
                self.pending.append(block)
                return
            block = smaller or block
        if not self.at_top and self.y + space + block.height + follow > self.bottom + EPS:
            self.new_page()
            space = 0.0
        self.put(block.items, self.geom.left, self.y + space)
        self.y += space + block.height

    # -- runs -------------------------------------------------------------------------------

    @property
    def columns(self) -> int:
        return 1 if self.span else self.geom.columns

    def col_x(self, k: int) -> float:
        return self.geom.left if self.span else self.geom.col_x(k)

    def run(self, run: Run) -> None:
        g = self.geom
        self.span = run.span
        if not self.at_top and g.lines_between(self.y + run.space_before, self.bottom) >= lead_lines(run):
            self.y += run.space_before
        cells = list(run.cells)
        i = 0
        while i < len(cells):  # a table broken across columns gains its header again
            avail = g.lines_between(self.y, self.bottom)
            remaining = sum(c.lines for c in cells[i:])
            if remaining <= self.columns * avail:
                balanced = self._balance(cells, i, avail, remaining, run.variants)
                if balanced is not None:
                    cells, ends = balanced
                    height = self._place(cells, i, ends)
                    self.y += height * g.pitch
                    break
            cells, ends = self._columns(cells, i, avail, force=self.at_top)
            cells, ends = self._spare_the_tail(cells, i, ends, avail)
            if ends[-1] == i:
                if self.at_top:  # cannot happen with cells capped to a column's height
                    raise RuntimeError("a column item is taller than the column")
                self.new_page()
                continue
            self._place(cells, i, ends)
            i = ends[-1]
            if i < len(cells):
                self.new_page()
        if self.y + run.space_after < self.bottom:
            self.y += run.space_after

    def _spare_the_tail(self, cells, start, ends, avail):
        """If what this page leaves over is a few lines that cannot be balanced on the next
        page (the last two lines of a paragraph and its credit, all in one column), end this
        page's columns a line or two earlier, so that the continuation can be."""
        rest = ends[-1]
        if rest >= len(cells) or rest == start:
            return cells, ends
        if sum(c.lines for c in cells[rest:]) > 6 or self._tail_unevenness(cells, rest) <= 1:
            return cells, ends
        for cap in (avail - 1, avail - 2):
            trial, trial_ends = self._columns(list(cells), start, cap, force=False)
            if trial_ends[-1] > start and self._tail_unevenness(trial, trial_ends[-1]) <= 1:
                return trial, trial_ends
        return cells, ends

    def _tail_unevenness(self, cells, start) -> int:
        g = self.geom
        remaining = sum(c.lines for c in cells[start:])
        best = self._even(cells, start, g.lines_between(g.top, g.bottom), remaining)
        return best[0] if best else remaining

    def _columns(self, cells: list[Cell], start: int, cap: int, force: bool):
        """Fill the columns from `start`, each with at most `cap` lines. A picture that does
        not fit under the text of a column floats to the top of the next one while the text
        after it fills the gap. Returns the (maybe reordered) cells and each column's end."""
        ends = []
        j = start
        for _ in range(self.columns):
            cells = _repeat_head(cells, j)
            end = self._fill(cells, j, cap, force)
            cells, end = self._shrink_picture(cells, j, end, cap, force)
            cells, end = self._float_pictures(cells, j, end, cap)
            ends.append(end)
            j = end
        return cells, ends

    def _shrink_picture(self, cells: list[Cell], start: int, end: int, cap: int, force: bool):
        """A picture that does not fit under the text of a column is scaled down to the
        room left, where it may be that small (pictures.py), rather than float on."""
        if end >= len(cells) or cells[end].shrink is None:
            return cells, end
        room = cap - sum(c.lines for c in cells[start:end])
        if room <= 0 or room >= cells[end].lines:
            return cells, end
        smaller = cells[end].shrink(room)
        if smaller is None:
            return cells, end
        trial = cells[:end] + [smaller] + cells[end + 1:]
        return trial, self._fill(trial, start, cap, force)

    def _float_pictures(self, cells: list[Cell], start: int, end: int, cap: int):
        n = len(cells)
        if end >= n or cells[end].kind != "image":
            return cells, end
        p = end  # the pictures that did not fit: cells[end:p]
        while p < n and cells[p].kind == "image":
            p += 1
        q = p  # the text that may move up past them: not a credit, which ends the article
        while q < n and cells[q].kind in ("line", "heading"):
            q += 1
        text = cells[p:q]
        room = cap - sum(c.lines for c in cells[start:end])
        k = self._fill(text, 0, room, force=False, final=q == n)
        if k == 0:
            return cells, end
        return cells[:end] + text[:k] + cells[end:p] + text[k:] + cells[q:], end + k

    def _fill(self, cells: list[Cell], start: int, cap: int, force: bool, final: bool = True) -> int:
        """End index of one column from `start` holding at most `cap` lines, breaking only
        where allowed; with `force`, at capacity when no break is allowed (text is never
        lost: an over-long keep chain at a page's top is split). `final`: the list ends
        where the run ends (else its last cell may have to stay with what follows)."""
        used = 0
        k = start
        last_ok = start
        n = len(cells)
        while k < n and used + cells[k].lines <= cap:
            used += cells[k].lines
            k += 1
            if not cells[k - 1].keep:
                last_ok = k
        if k == n and final:
            return n
        if last_ok > start:
            return last_ok
        return k if force else start

    def _balance(self, cells, start, avail, remaining, variants=None):
        """The shortest equal column height that holds cells[start:] (keep rules can make a
        column end early, so the most even of the first few heights that work is taken).
        Where the rules leave the columns two or more lines apart, one paragraph set a line
        longer (looser) may bring them within one. Returns the (maybe reordered) cells and
        the column ends, or None."""
        best = self._even(cells, start, avail, remaining)
        if best is None or best[0] <= 1 or not variants:
            return best and best[1:]
        if any(c.kind == "image" for c in cells[start:]):
            return best[1:]  # pictures float; keep it simple
        groups = list(dict.fromkeys(c.group for c in cells[start:] if c.group))
        for group in reversed(groups):
            if start and cells[start - 1].group == group:
                continue  # it began in an earlier column: only what is here may change
            loose = variants[group]()
            if loose is None:
                continue
            at = [k for k in range(start, len(cells)) if cells[k].group == group]
            loose[-1].keep = cells[at[-1]].keep  # a credit after it stays with it
            trial = cells[: at[0]] + loose + cells[at[-1] + 1:]
            found = self._even(trial, start, avail, remaining + 1)
            if found is not None and found[0] <= 1:
                return found[1:]
        return best[1:]

    def _even(self, cells, start, avail, remaining):
        """(unevenness, cells, ends) of the most even balance, or None."""
        cols = self.columns
        best = None  # (unevenness, cells, ends)
        lowest = max(1, math.ceil(remaining / cols))
        for height in range(lowest, avail + 1):
            trial, ends = self._columns(cells, start, height, force=False)
            if ends[-1] != len(trial):
                continue
            heights, k = [], start
            for end in ends:
                heights.append(sum(c.lines for c in trial[k:end]))
                k = end
            uneven = max(heights) - min(heights)
            if best is None or uneven < best[0]:
                best = (uneven, trial, ends)
            if uneven <= 1 or height >= lowest + 3:
                break
        return best

    def _place(self, cells, start, ends) -> int:
        """Put the cells into columns; returns the tallest column's height in lines."""
        g = self.geom
        tallest = 0
        j = start
        for col, end in enumerate(ends):
            line = 0
            x = self.col_x(col)
            for cell in cells[j:end]:
                self.put(cell.items, x, self.y + line * g.pitch)
                line += cell.lines
            if end > j and cells[end - 1].foot and end < len(cells):  # a table goes on
                self.put(cells[end - 1].foot, x, self.y + (line - cells[end - 1].lines) * g.pitch)
            tallest = max(tallest, line)
            j = end
        return tallest


def _repeat_head(cells: list[Cell], j: int) -> list[Cell]:
    """A column that starts inside a table starts with its caption, （续表） and its header
    again."""
    if 0 < j < len(cells) and cells[j].repeat and cells[j - 1] is not cells[j].repeat[-1]:
        return cells[:j] + cells[j].repeat + cells[j:]
    return cells


def _split(block: Block, height: float, first: float | None = None) -> list[Block]:
    """Cut a block into pieces no taller than `height` (the first no taller than `first`),
    between its lines of text."""
    first = height if first is None else first
    from dataclasses import replace

    from .boxes import Frame, Picture, Rule, Text

    def extent(item):
        if isinstance(item, Text):
            return item.y - item.size, item.y + 0.25 * item.size
        if isinstance(item, (Picture, Frame)):
            return item.y, item.y + item.h
        if isinstance(item, Rule):
            return min(item.y1, item.y2), max(item.y1, item.y2)
        return item.y, item.y  # a bookmark, a page reference

    spans = [extent(item) for item in block.items if not isinstance(item, Frame)]
    cuts = [bottom for _, bottom in spans if bottom <= first and
            not any(top < bottom < end for top, end in spans)]
    if not cuts or max(cuts) <= 0:
        return [block]  # nothing to cut between: placed whole
    cut = max(cuts)
    first, rest = [], []
    for item in block.items:
        if isinstance(item, Frame) and item.y < cut < item.y + item.h:  # a box around both parts
            first.append(replace(item, h=cut - item.y))
            rest.append(replace(item, y=cut, h=item.y + item.h - cut))
        elif extent(item)[0] < cut:
            first.append(item)
        else:
            rest.append(item)
    head = replace(block, height=cut, items=first, keep_with_next=False)
    tail = replace(block, height=block.height - cut, items=[i.shifted(0, -cut) for i in rest], space_before=0.0)
    return [head] + _split(tail, height) if tail.height > height + EPS else [head, tail]


def paginate(elements: list[Block | Run], geom: Geometry, colophon: Block | None) -> list[Page]:
    """Flow everything onto pages; pin the 报尾 to the foot of the last page."""
    pages, y = _flow(elements, geom, None, 0.0)
    if colophon is None:
        return pages
    need = colophon.height + geom.pitch * 0.5
    if y + need > geom.bottom + EPS:
        # Reflow with the last page's foot kept free for it (the content may move on).
        pages, y = _flow(elements, geom, len(pages) - 1, need)
    top = geom.bottom - colophon.height
    pages[-1].items.extend(item.shifted(geom.left, top) for item in colophon.items)
    return pages


def _flow(elements, geom, reserve_from, reserve):
    p = Paginator(geom, reserve_from, reserve)
    follows = _follows(elements, geom)
    k = 0
    while k < len(elements):
        element = elements[k]
        if isinstance(element, Run):
            k += _run(p, elements, k)
            continue
        p.place_floats()  # a wide table still waiting goes before the next article
        p.block(element, follows[k])
        k += 1
    p.place_floats()
    p.flush()
    return p.pages, p.y


def _run(p: Paginator, elements, k: int) -> int:
    """Place the run elements[k]; returns how many elements were placed. A wide table (a
    run across the columns) goes where it stands, under the text before it, when its first
    rows fit there; else the text before and after it flows on down the columns around it
    and the table goes to the top of the next page."""
    run = elements[k]
    table = elements[k + 1] if k + 1 < len(elements) else None
    after = elements[k + 2] if k + 2 < len(elements) else None
    if run.span or not (isinstance(table, Run) and table.span and isinstance(after, Run) and not after.span):
        p.run(run)
        return 1
    snap = p.snapshot()
    p.run(run)
    if p.fits_lead(table):
        return 1
    p.restore(snap)
    p.floats.append(table)
    joined = Run(run.cells + after.cells, after.space_after, run.space_before, run.key,
                 variants={**run.variants, **after.variants})
    # another wide table after this one is met as usual
    elements = elements[:k] + [joined] + elements[k + 3:]
    return 3 + (_run(p, elements, k) - 1)


def _follows(elements, geom) -> list[float]:
    """For each keep-with-next block, the height that must fit below it on its page: the
    rest of its chain (栏目 header → title → 编者按 → pictures → the first lines of text).

    A chain too tall for any page (a title and two tall pictures) is cut into groups that
    fit, and only after a picture: a heading is never the last of a group."""
    capacity = geom.bottom - geom.top
    follows = [0.0] * len(elements)
    k = 0
    while k < len(elements):
        if isinstance(elements[k], Run) or not elements[k].keep_with_next:
            k += 1
            continue
        # the chain: keep blocks k..j-1, then the piece they keep with (element j)
        j = k
        while j < len(elements) and isinstance(elements[j], Block) and elements[j].keep_with_next:
            j += 1
        heights = [_needs(elements[i], geom) + (elements[i].space_before if i > k else 0.0) for i in range(k, j)]
        if j < len(elements):
            last = elements[j]
            heights.append(last.space_before + lead_lines(last) * geom.pitch if isinstance(last, Run)
                           else last.space_before + _needs(last, geom))
        cuts = _cut_chain(heights, [elements[i].kind == "image" for i in range(k, j)], capacity)
        start = 0
        for cut in cuts + [len(heights) - 1]:
            for i in range(start, cut):  # blocks k+start … k+cut-1 insist on the rest of the group
                follows[k + i] = sum(heights[i + 1 : cut + 1])
            start = cut + 1
        k = j
    return follows


def _needs(block: Block, geom: Geometry) -> float:
    """The height a block needs on the page it starts on: all of it, or, for one taller
    than a page (which goes on in pieces), its first lines."""
    if block.kind == "image":  # a page-wide picture: scaled down, or to the next page's top
        return 0.0
    return block.height if block.height <= geom.bottom - geom.top else 3 * geom.pitch


def _cut_chain(heights: list[float], is_picture: list[bool], capacity: float) -> list[int]:
    """Indexes of the chain's pieces after which it may break so that every group fits."""
    if sum(heights) <= capacity:
        return []
    cuts: list[int] = []
    total = 0.0
    last_ok = None
    for i, h in enumerate(heights):
        if total + h > capacity and last_ok is not None:
            cuts.append(last_ok)
            total = sum(heights[last_ok + 1 : i])
            last_ok = None
        total += h
        if i < len(is_picture) and is_picture[i]:
            last_ok = i
    return cuts
