"""Pagination: blocks across the text block, runs down the columns, onto pages.

A run fills column after column and page after page; where it ends on a page, its columns
are balanced (the shortest column height that holds what is left). Column breaks happen only
where the cells allow them (orphans, widows, a credit with its last line, a subheading with
its paragraph). A block that must stay with what follows it (栏目 header, title) moves to the
next page rather than end a page alone. The 报尾 is pinned to the foot of the last page.
"""

from __future__ import annotations

import math

from ..records import record
from .blocks import Block, Cell, Run
from .boxes import Page
from .geometry import Geometry

EPS = 1e-6
REPEATED = ("table-continued", "table-header-again")  # a table's caption and header, again
KEEP = 0.85  # a page-wide picture is scaled to the room left only down to this share
FULL = 0.15  # a page (but the last) may leave no more than this share of its height empty


@record
class Placed:
    """Where a picture went: its page (0-based), number, size (lines in a column, or height
    across the page) and the least it may be scaled to."""

    page: int
    figure: int
    size: float
    least: float
    in_column: bool


@record
class Short:
    """A page whose columns, under a heading chain, end short of the foot (the rules left no
    other break) though the text goes on: the page and the chain's first element."""

    page: int
    element: int


@record
class Gap:
    """A page left more than FULL empty because what came next had to stay together on the
    next: its index and how much more room that needed."""

    page: int
    need: float


@record
class Saved:
    """A flow's state before one element is placed (Paginator.save)."""

    element: int
    high: int  # the most pages the flow had had
    count: int  # pages
    items: list
    y: float
    page_top: float
    pending: list[Block]
    floats: list[Run]
    chain: tuple[int, bool] | None
    chain_element: int | None
    span: bool
    placed_count: int
    gap_count: int
    short_count: int

    def counted_on(self, placed: int, gaps: int, shorts: int) -> "Saved":
        """The same state in a flow that had placed, gapped and shorted that many more
        before it (a state taken over from another flow; directly, not through
        dataclasses.replace, which costs three times as much: flows take over thousands)."""
        return Saved(self.element, self.high, self.count, self.items, self.y, self.page_top, self.pending,
                     self.floats, self.chain, self.chain_element, self.span, self.placed_count + placed,
                     self.gap_count + gaps, self.short_count + shorts)


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
    def __init__(self, geom: Geometry, reserve_from: int | None = None, reserve: float = 0.0,
                 limits: dict[int, float] | None = None, spaced: dict[int, float] | None = None):
        self.geom = geom
        self.spaced = spaced or {}  # element index -> room added above the heading chain it starts
        self.shorts: list[Short] = []  # where a column ends a line short under a heading chain
        self.element = 0  # the index of the element being placed
        self.chain_element: int | None = None  # the index of the current heading chain's first
        self.limits = limits or {}  # picture number -> its most lines (in a column) or height
        self.placed: list[Placed] = []  # where each picture went
        self.gaps: list[Gap] = []  # pages a keep chain left with more than FULL empty
        self.reserve_from = reserve_from
        self.reserve = reserve
        self.pages: list[Page] = [Page(1)]
        self.y = geom.first_top
        self.page_top = self.y
        self.pending: list[Block] = []  # page-wide pictures waiting for the next page's top
        self.repeats = False  # the run being placed holds a table that repeats its head (run())
        # the heading chain (栏目 header, title, …) placed since the last run on this page:
        # (index of its first item, whether it began at the page's top); see _on_grid
        self.chain: tuple[int, bool] | None = None
        self.span = False  # the run being placed is one column across the text block
        self.floats: list[Run] = []  # wide tables waiting for the next page's top
        self.high = 1  # the most pages this flow has had (a wide table's trial may take some back)
        self.saved: list[Saved] = []  # the state before each element placed (see Resumes)

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

    def grid(self, y: float) -> float:
        """The first body-grid position at or below y: every page's body lines sit on one
        grid counted from the text block's top, so full columns end on the same baseline
        on every page."""
        g = self.geom
        return g.top + math.ceil((y - g.top) / g.pitch - 1e-6) * g.pitch

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.high = max(self.high, len(self.pages))
        self.y = self.page_top = self.geom.top
        self.chain = None
        pending, self.pending = self.pending, []
        for block in pending:
            self._put_block(block, self.y)
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
                list(self.floats), self.chain, self.chain_element, len(self.placed), len(self.gaps),
                len(self.shorts))

    def restore(self, snap: tuple) -> None:
        """Undo what was placed since the snapshot."""
        (pages, items, self.y, self.page_top, self.pending, self.floats, self.chain, self.chain_element,
         placed, gaps, shorts) = snap
        del self.pages[pages:]
        del self.pages[-1].items[items:]
        del self.placed[placed:]
        del self.gaps[gaps:]
        del self.shorts[shorts:]

    def save(self, element: int) -> None:
        """Remember the state before elements[element] is placed. Pages before the last never
        change again (only the last page's items are shifted or taken back), nor do the
        placed pictures, gaps and shorts already listed: of those, only how many."""
        self.saved.append(Saved(element, self.high, len(self.pages), list(self.pages[-1].items), self.y,
                                self.page_top, list(self.pending), list(self.floats), self.chain,
                                self.chain_element, self.span, len(self.placed), len(self.gaps),
                                len(self.shorts)))

    def resume(self, other: "Paginator", n: int) -> None:
        """Take up a flow from the state `other` saved before its n-th element placed, which
        this flow places the same up to there. The states saved before it hold for this flow
        too, and the pages, pictures, gaps and shorts they count are the same objects here."""
        state = other.saved[n]
        self.pages = other.pages[: state.count - 1] + [Page(state.count, list(state.items))]
        self.high = state.high
        self.y, self.page_top = state.y, state.page_top
        self.pending, self.floats = list(state.pending), list(state.floats)
        self.chain, self.chain_element, self.span = state.chain, state.chain_element, state.span
        self.placed = other.placed[: state.placed_count]
        self.gaps = other.gaps[: state.gap_count]
        self.shorts = other.shorts[: state.short_count]
        self.saved = other.saved[:n]

    def fits_lead(self, run: Run) -> bool:
        """Whether the first lines of a run that must stand together fit on this page."""
        return self.at_top or lead_lines(run) <= self.geom.lines_between(self.y, self.bottom)

    def flush(self) -> None:
        """Place pictures still waiting for a page (the issue ended first)."""
        if self.pending:
            if not self.at_top and self.y + sum(b.height for b in self.pending) > self.bottom + EPS:
                self.new_page()  # which places them
                return
            for block in self.pending:
                self._put_block(block, self.y)
                self.y += block.height
            self.pending = []

    def put(self, items, dx: float, dy: float) -> None:
        # a plain loop: most cells hold one line, and a generator for each costs more than
        # the line (a 400-page flow puts some 59,000)
        add = self.pages[-1].items.append
        for item in items:
            add(item.shifted(dx, dy))

    # -- blocks -----------------------------------------------------------------------------

    def block(self, block: Block, follow: float = 0.0, lead: float = 0.0) -> None:
        """Place a full-width block; `follow` is the height that must fit after it. A block
        taller than a page (a 编者按 of thousands of characters, a very long 本期要目) goes
        on in pieces, cut between its lines: nothing runs off the foot of a page. `lead`: of
        `follow`, the first lines of the text after the chain, which start on the grid."""
        capacity = self.bottom - self.geom.top
        if block.height > capacity + EPS:
            room = self.bottom - self.y - (0.0 if self.at_top else block.space_before)
            # start on this page if a few of its lines fit here
            first = room if room >= 3 * self.geom.pitch else capacity
            for part in _split(block, capacity, first):
                self.block(part, 0.0)
            return
        if self.pending and block.kind == "image":
            self.pending.append(block)  # pictures keep their order
            return
        if self.chain is None:
            self.chain_element = self.element
            if not self.at_top and self.element in self.spaced:
                self.y += self.spaced[self.element]
        if block.figure in self.limits and block.height > self.limits[block.figure]:
            block = block.shrink(self.limits[block.figure]) or block
        space = 0.0 if self.at_top else block.space_before
        if block.shrink is not None and not self._fits(self.y + space + block.height, follow, lead):
            # a picture scaled down to keep the page full, to the room its followers leave
            room = self._room(self.y + space, follow, lead)
            smaller = block.shrink(room) if room > 0 else None
            if smaller is not None and not self._fits(self.y + space + smaller.height, follow, lead):
                smaller = None
            if smaller is not None and smaller.height < KEEP * block.height and block.kind == "image":
                smaller = None  # much smaller: rather whole at the next page's top
            if smaller is None and block.kind == "image" and not self.at_top:
                # no room even at its smallest: to the top of the next page, while the text
                # it comes with starts here
                self.pending.append(block)
                return
            block = smaller or block
        if not self.at_top and not self._fits(self.y + space + block.height, follow, lead):
            left = self.bottom - self.y
            if left > FULL * (self.bottom - self.page_top):
                need = self._needed(self.y + space + block.height, follow, lead) - self.bottom
                self.gaps.append(Gap(len(self.pages) - 1, need))
            self.new_page()
            space = 0.0
        if self.chain is None:
            self.chain = (len(self.pages[-1].items), self.at_top)
        self._put_block(block, self.y + space)
        self.y += space + block.height
        if not block.keep_with_next:
            self.chain = None  # not a heading (the masthead, the 本期要目): stays where it is

    def _put_block(self, block: Block, y: float) -> None:
        self.put(block.items, self.geom.left, y)
        if block.figure:
            self.placed.append(Placed(len(self.pages) - 1, block.figure, block.height, block.least, False))

    def _needed(self, y: float, follow: float, lead: float) -> float:
        """Where what must follow a block ending at y ends, its text's first lines moved
        down onto the grid."""
        return self.grid(y + follow - lead) + lead if lead else y + follow

    def _room(self, y: float, follow: float, lead: float) -> float:
        """The tallest a block starting at y may be with what must follow it on the page."""
        if not lead:
            return self.bottom - y - follow
        g = self.geom
        last = g.top + math.floor((self.bottom - lead - g.top) / g.pitch + 1e-6) * g.pitch  # the text's lowest start
        return last - (y + follow - lead)

    def _fits(self, y: float, follow: float, lead: float) -> bool:
        return self._needed(y, follow, lead) <= self.bottom + EPS

    def _on_grid(self) -> None:
        """Move a run's start down onto the body grid. The heading chain above it moves down
        with it, so that the space between a heading and its text is always the same; a
        chain at a page's top stays there and the space goes under it."""
        target = self.grid(self.y)
        delta = target - self.y
        if delta > EPS and self.chain is not None and not self.chain[1]:
            items = self.pages[-1].items
            start = self.chain[0]
            items[start:] = [item.shifted(0, delta) for item in items[start:]]
        self.y = target
        self.chain = None

    # -- runs -------------------------------------------------------------------------------

    @property
    def columns(self) -> int:
        return 1 if self.span else self.geom.columns

    def col_x(self, k: int) -> float:
        return self.geom.left if self.span else self.geom.col_x(k)

    def run(self, run: Run) -> None:
        g = self.geom
        self.span = run.span
        # only a table's cells repeat its caption and header where it goes on (_repeat_head):
        # a run without one has none to take out again in _columns (a wide table placed on a
        # new page from inside this run is a run of its own: what it found is put back below)
        outer, self.repeats = self.repeats, any(cell.repeat for cell in run.cells)
        if not self.at_top and g.lines_between(self.grid(self.y + run.space_before), self.bottom) >= lead_lines(run):
            self.y += run.space_before
        under_heading = None if self.at_top else self.chain_element
        self.chain_element = None
        self._on_grid()
        cells = [self._limited(cell) for cell in run.cells]
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
            cells, ends = self._fill_page(cells, i, ends, avail, run.variants)
            cells, ends = self._spare_the_tail(cells, i, ends, avail)
            if under_heading is not None and i == 0 and ends[-1] > 0 and self._short(cells, ends, avail):
                self.shorts.append(Short(len(self.pages) - 1, under_heading))
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
        self.repeats = outer

    @staticmethod
    def _short(cells, ends, avail) -> bool:
        k = 0
        for end in ends:
            if sum(c.lines for c in cells[k:end]) < avail:
                return True
            k = end
        return False

    def _limited(self, cell: Cell) -> Cell:
        limit = self.limits.get(cell.figure) if cell.figure else None
        if limit is not None and cell.lines > limit:
            return cell.shrink(int(limit)) or cell
        return cell

    def _fill_page(self, cells, start, ends, avail, variants):
        """Columns that the page goes on past, kept full: where a column ends short (a
        subheading kept with its paragraph, a widow avoided) or what the page leaves over
        cannot be balanced on the next, a paragraph set a line looser (never more than a
        tenth of an em a gap) moves the breaks so that every column reaches the foot."""
        if ends[-1] >= len(cells) or ends[-1] == start or not variants:
            return cells, ends
        full = self.geom.lines_between(self.geom.top, self.geom.bottom)

        def badness(trial, trial_ends):
            heights, k = [], start
            for end in trial_ends:
                heights.append(sum(c.lines for c in trial[k:end]))
                k = end
            short = sum(avail - h for h in heights)
            rest = trial_ends[-1]
            left = sum(c.lines for c in trial[rest:])
            tail = rest < len(trial) and left <= 6 and self._tail_unevenness(trial, rest) > 1
            # the next page, if the run fills it too: a line moved there by a looser
            # paragraph here may be what keeps its columns full (half as bad as a short one here)
            after = 0.0
            if left > self.geom.columns * full:
                next_cells, next_ends = self._columns(trial, rest, full, force=True)
                k = rest
                for end in next_ends:
                    after += full - sum(c.lines for c in next_cells[k:end])
                    k = end
            return short + (2 if tail else 0) + after / 2

        worst = badness(cells, ends)
        if worst < EPS:
            return cells, ends
        loosened: set[int] = set()
        for _ in range(3):  # at most three paragraphs a page
            # Each paragraph is tried in its variant's shape (as many one-line cells, no
            # text), and only the one taken is set: the least bad that can be set, the first
            # of equals (a badness counts half lines, so equal is exact).
            tried = []  # (badness, order, group, the paragraph's cells)
            chosen = None
            for order, group in enumerate(dict.fromkeys(c.group for c in cells[start:ends[-1]] if c.group)):
                if group in loosened or (start and cells[start - 1].group == group):
                    continue  # already loose, or began on an earlier page
                at = [k for k in range(start, len(cells)) if cells[k].group == group]
                trial = _with_variant(cells, at, variants[group].shape())
                trial, trial_ends = self._columns(trial, start, avail, force=self.at_top)
                if trial_ends[-1] == start:
                    continue
                score = badness(trial, trial_ends)
                if score < worst:
                    tried.append((score, order, group, at))
                    if score < EPS:  # none can be better: the first that can be set is taken
                        chosen = self._set_variant(cells, start, avail, tried.pop(), variants)
                        if chosen is not None:
                            break
            for candidate in sorted(tried) if chosen is None else ():
                chosen = self._set_variant(cells, start, avail, candidate, variants)
                if chosen is not None:
                    break
            if chosen is None:
                break
            worst, group, cells, ends = chosen
            loosened.add(group)
            if worst < EPS:
                break
        return cells, ends

    def _set_variant(self, cells, start, avail, candidate, variants):
        """(badness, group, cells, column ends) with the candidate's variant set, or None
        where it cannot be (a paragraph that cannot be set that loose)."""
        score, _, group, at = candidate
        loose = variants[group]()
        if loose is None:
            return None
        trial, trial_ends = self._columns(_with_variant(cells, at, loose), start, avail, force=self.at_top)
        return score, group, trial, trial_ends  # the columns its shape gave, with the text

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
        # the heads a table repeats go where its columns now start, not where a trial put them
        if self.repeats:
            cells = cells[:start] + [c for c in cells[start:] if c.kind not in REPEATED]
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
            at = [k for k in range(start, len(cells)) if cells[k].group == group]
            # tried in the variant's shape (one-line cells, no text): set only if taken
            found = self._even(_with_variant(cells, at, variants[group].shape()), start, avail, remaining + 1)
            if found is not None and found[0] <= 1:
                loose = variants[group]()
                if loose is not None:  # the same columns, with the text
                    return self._even(_with_variant(cells, at, loose), start, avail, remaining + 1)[1:]
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
                if cell.figure:
                    self.placed.append(Placed(len(self.pages) - 1, cell.figure, cell.lines, cell.least, True))
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
    from ..records import replace

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
    """Flow everything onto pages; pin the 报尾 to the foot of the last page.

    Where a page would be left more than FULL empty because the next 栏目 header or title
    has to move on with its first lines, a picture on that page (or the two before) is
    scaled down, as little as closes the gap (fit_pictures); then columns that would end a
    line short under a heading get a line of room above it."""
    resumes = Resumes(elements, geom)  # each flow takes up where it first differs from one before
    limits, pages, p, flows = fit_pictures(elements, geom, colophon, resumes)
    # Columns that end a line short under a heading (a first line kept from standing alone
    # at the foot, no paragraph there able to take a line more): a line of room more above
    # the heading moves the text down a line and the columns end at the foot.
    spaced: dict[int, float] = {}
    for short in list(p.shorts):
        if flows >= MAX_FLOWS:
            break
        trial = {**spaced, short.element: geom.pitch}
        flows += 1
        trial_pages, trial_p = _flow_all(elements, geom, colophon, limits, trial, resumes)
        if (len(trial_pages) == len(pages) and len(trial_p.gaps) <= len(p.gaps)
                and len(trial_p.shorts) < len(p.shorts)):
            spaced, pages, p = trial, trial_pages, trial_p
    if colophon is not None:
        top = geom.bottom - colophon.height
        pages[-1].items.extend(item.shifted(geom.left, top) for item in colophon.items)
    return pages


MAX_FLOWS = 64  # each a few milliseconds: the paragraphs are set once
PAGE_STEP = 0.25  # of a line's pitch: the step a page-wide picture's height is searched in


def fit_pictures(elements, geom: Geometry, colophon: Block | None, resumes: Resumes | None = None):
    """Flow the elements, scaling pictures down where that keeps a page from being left more
    than FULL empty; returns (limits, pages, paginator, flows run). `limits`: picture number
    -> the size it is held to (lines in a column, or height across the page).

    As a layout editor would: one picture, the nearest the gap (on its page, the last placed
    first, then on the two pages before, whose text flows on to it), scaled only as far as
    closes the gap — the largest size that does, searched between its present size and its
    smallest. Pictures stay at their natural size where no gap asks otherwise. Only when no
    single picture can close a gap are all of them near it scaled down together."""
    resumes = resumes or Resumes(elements, geom)
    limits: dict[int, float] = {}
    given_up: set[int] = set()
    pages, p = _flow_all(elements, geom, colophon, limits, resumes=resumes)
    first = p
    flows = 1
    while flows < MAX_FLOWS:
        gap = next((gap for gap in p.gaps if gap.page not in given_up), None)
        if gap is None:
            break
        found, used = _least_reduction(elements, geom, colophon, limits, pages, p, gap, MAX_FLOWS - flows,
                                       resumes)
        flows += used
        if found is None:
            found, used = _least_common_reduction(elements, geom, colophon, limits, pages, p, gap,
                                                  MAX_FLOWS - flows, resumes)
            flows += used
        if found is not None:
            limits, pages, p = found
            continue
        saved = limits, pages, p
        while gap is not None and flows < MAX_FLOWS:
            better = None
            for extra in (0.0, geom.pitch, 2 * geom.pitch):  # the grid may want a little more
                trial = _smaller_pictures(p, gap, geom, limits, extra)
                if trial is None:
                    break
                flows += 1
                trial_pages, trial_p = _flow_all(elements, geom, colophon, trial, resumes=resumes)
                left = next((g.need for g in trial_p.gaps if g.page == gap.page), 0.0)
                earlier = {g.page for g in trial_p.gaps if g.page < gap.page} - {g.page for g in p.gaps}
                if len(trial_pages) <= len(pages) and left < gap.need - EPS and not earlier:
                    better = trial, trial_pages, trial_p
                    break
            if better is None:
                break
            limits, pages, p = better
            gap = next((g for g in p.gaps if g.page == gap.page), None)
        if gap is not None:  # not closed: the pictures as they were
            limits, pages, p = saved
            given_up.add(gap.page)
    while flows < MAX_FLOWS:  # setting one picture back may leave room for another
        before = dict(limits)
        limits, pages, p, used = _relax(elements, geom, colophon, limits, pages, p, first.placed,
                                       MAX_FLOWS - flows, resumes)
        flows += used
        if limits == before:
            break
    return limits, pages, p, flows


def _relax(elements, geom, colophon, limits, pages, p, natural: list[Placed], budget: int,
           resumes: Resumes | None = None):
    """Each picture held smaller, set back as large as it may be without leaving a page
    more than FULL empty that is not already: the largest of the steps between its size
    and its natural size that keeps the pages as full and as many."""
    flows = 0
    natural_size = {x.figure: x for x in natural}
    held = {g.page for g in p.gaps}
    for figure in sorted(limits, reverse=True):
        x = natural_size.get(figure)
        if x is None or flows >= budget:
            continue
        # from the natural size down to one step above the present limit
        steps = [x.size] + [s for s in picture_steps(x, geom) if s > limits[figure] + EPS]
        if len(steps) < 2 and steps[0] <= limits[figure] + EPS:
            continue
        results: dict[int, tuple | None] = {}

        def attempt(k: int):
            nonlocal flows
            if k not in results:
                flows += 1
                trial = {**limits, figure: steps[k]}
                if k == 0:
                    del trial[figure]
                trial_pages, trial_p = _flow_all(elements, geom, colophon, trial, resumes=resumes)
                ok = len(trial_pages) <= len(pages) and {g.page for g in trial_p.gaps} <= held
                results[k] = (trial, trial_pages, trial_p) if ok else None
            return results[k]

        # steps[len(steps)] stands for the present limit, which is known to keep the pages
        results[len(steps)] = (limits, pages, p)
        k = _first_closing(len(steps) + 1, attempt, lambda: flows < budget)
        limits, pages, p = results[k]
    return limits, pages, p, flows


def picture_steps(x: Placed, geom: Geometry) -> list[float]:
    """The sizes a placed picture may be scaled down to, largest first, ending at its least:
    a line at a time in a column, a quarter of a line's pitch across the page."""
    if x.in_column:
        return [float(n) for n in range(int(round(x.size)) - 1, int(round(x.least)) - 1, -1)]
    step = geom.pitch * PAGE_STEP
    count = int((x.size - x.least) / step - EPS)
    return [x.size - k * step for k in range(1, count + 1)] + [x.least]


def _closes(gap: Gap, pages, p, trial_pages, trial_p) -> bool:
    """Whether a trial flow left the gap's page full, with no more pages and no new gap
    before it."""
    earlier = {g.page for g in trial_p.gaps if g.page < gap.page} - {g.page for g in p.gaps}
    return (len(trial_pages) <= len(pages) and not earlier
            and not any(g.page == gap.page for g in trial_p.gaps))


def _first_closing(count: int, attempt, budget_left) -> int | None:
    """Of steps 0..count-1 (larger to smaller pictures, the last known to close), the first
    that closes, found in halves."""
    lo, hi = 0, count - 1
    while lo < hi and budget_left():
        mid = (lo + hi) // 2
        if attempt(mid) is not None:
            hi = mid
        else:
            lo = mid + 1
    return hi


SHARES = 8  # the steps a common reduction is searched in


def _least_common_reduction(elements, geom, colophon, limits, pages, p, gap: Gap, budget: int,
                            resumes: Resumes | None = None):
    """Where no one picture can close the gap: all pictures near it scaled down by one
    share of what each may lose, the least share that closes it."""
    placed = [x for x in p.placed if gap.page - 2 <= x.page <= gap.page and x.size > x.least + EPS]
    if not placed or budget <= 0:
        return None, 0
    flows = 0
    results: dict[int, tuple | None] = {}

    def attempt(k: int):
        nonlocal flows
        if k not in results:
            flows += 1
            share = (k + 1) / SHARES
            trial = dict(limits)
            for x in placed:
                size = x.size - share * (x.size - x.least)
                trial[x.figure] = float(math.floor(size + EPS)) if x.in_column else size
            trial_pages, trial_p = _flow_all(elements, geom, colophon, trial, resumes=resumes)
            results[k] = (trial, trial_pages, trial_p) if _closes(gap, pages, p, trial_pages, trial_p) else None
        return results[k]

    if attempt(SHARES - 1) is None:
        return None, flows
    k = _first_closing(SHARES, attempt, lambda: flows < budget)
    return results[k], flows


def _least_reduction(elements, geom, colophon, limits, pages, p, gap: Gap, budget: int, resumes: Resumes | None = None):
    """The least reduction of one picture that closes the gap — of the pictures near it,
    the one that keeps the largest share of its size, the nearest of equals: (limits, pages,
    paginator) or None, and the flows it took."""
    placed = [x for x in p.placed if gap.page - 2 <= x.page <= gap.page and x.size > x.least + EPS]
    order = sorted(range(len(placed)), key=lambda i: (-placed[i].page, -i))  # the nearest first
    flows = 0
    best = None  # (share of its size kept, found)
    for x in (placed[i] for i in order):
        steps = picture_steps(x, geom)
        if not steps:
            continue
        results: dict[int, tuple] = {}

        def attempt(k: int):
            nonlocal flows
            if k not in results:
                flows += 1
                trial = {**limits, x.figure: steps[k]}
                trial_pages, trial_p = _flow_all(elements, geom, colophon, trial, resumes=resumes)
                results[k] = (trial, trial_pages, trial_p) if _closes(gap, pages, p, trial_pages, trial_p) else None
            return results[k]

        if flows >= budget or attempt(len(steps) - 1) is None:
            continue  # not even at its smallest
        hi = _first_closing(len(steps), attempt, lambda: flows < budget)
        kept = steps[hi] / x.size
        if best is None or kept > best[0] + EPS:  # the least reduction; of equals, the nearest
            best = kept, results[hi]
    return (best and best[1]), flows


def _smaller_pictures(p: "Paginator", gap: Gap, geom: Geometry, limits: dict[int, float], extra: float = 0.0):
    """Limits that scale the pictures on the gap's page (and the two before, whose text
    flows on to it) down by what the chain needed (and `extra`); None if none can be
    made smaller."""
    pictures = [x for x in p.placed if gap.page - 2 <= x.page <= gap.page and x.size > x.least + EPS]
    if not pictures:
        return None
    # the gap's own page first (its pictures act on it directly), the largest first
    pictures.sort(key=lambda x: (-x.page, -x.size * (geom.pitch if x.in_column else 1)))
    trial = dict(limits)
    need = gap.need + extra
    for x in pictures:
        if need <= EPS:
            break
        if x.in_column:  # a column's lines: the balanced columns lose half of them
            lines = min(x.size - x.least, 2 * math.ceil(need / geom.pitch - EPS))
            trial[x.figure] = x.size - lines
            need -= lines * geom.pitch / 2
        else:
            cut = min(x.size - x.least, need)
            trial[x.figure] = x.size - cut
            need -= cut
    return trial


class Resumes:
    """The flows of one issue run so far, kept so that another flow need not start over.

    The page-filling search flows the issue again and again, each time with one picture's
    size limit or the room above one heading changed: everything placed before the first
    element such a change touches comes out as before. A new flow takes up the state a kept
    flow saved before that element (the latest state that holds for it) and places only
    the rest. The 报尾's reflow, with the last page's foot kept free, is the same as the
    flow without it up to the first time a flow reached that page."""

    KEEP = 3  # flows kept to resume from, the most recently used

    def __init__(self, elements, geom: Geometry):
        self.elements = elements
        self.geom = geom
        self.follows, self.leads = _follows(elements, geom)
        self.figure_at: dict[int, int] = {}  # picture number -> the first element holding it
        for k, element in enumerate(elements):
            figures = [c.figure for c in element.cells] if isinstance(element, Run) else [element.figure]
            for figure in figures:
                if figure:
                    self.figure_at.setdefault(figure, k)
        self.flows: list[Paginator] = []

    def changes(self, a: Paginator, limits: dict, spaced: dict) -> list[int]:
        """The elements whose placing may differ between flow `a` and one with these limits
        and room above headings (-1 for a picture not found)."""
        changed = [self.figure_at.get(figure, -1) for figure in a.limits.keys() | limits.keys()
                   if a.limits.get(figure) != limits.get(figure)]
        return changed + [element for element in a.spaced.keys() | spaced.keys()
                          if a.spaced.get(element) != spaced.get(element)]

    def first_change(self, a: Paginator, limits: dict, spaced: dict) -> int:
        """The first element whose placing may differ between flow `a` and one with these
        limits and room above headings (a picture not found: from the first element)."""
        return min((max(k, 0) for k in self.changes(a, limits, spaced)), default=len(self.elements))

    def start(self, reserve_from, reserve, limits, spaced):
        """The kept flow and its latest saved state that a flow with these settings shares,
        or None."""
        best = None
        for a in self.flows:
            first = self.first_change(a, limits, spaced)
            same_foot = a.reserve_from == reserve_from and a.reserve == reserve
            # where the feet differ, only a state from before either flow reached a page
            # whose foot differs
            high = min(x for x in (a.reserve_from, reserve_from, math.inf) if x is not None)
            for n in range(len(a.saved) - 1, -1, -1):
                state = a.saved[n]
                if state.element <= first and (same_foot or state.high <= high):
                    if best is None or state.element > best[1].element:
                        best = (a, state, n)
                    break
        return best

    def meeting(self, p: Paginator, a: Paginator):
        """A test of whether flow p, placing element k, stands where flow `a` stood there:
        past the elements the two place differently, on the same page at the same place with
        the same items on it and the same pictures and tables waiting. From there p places
        the rest as `a` did, so it is finished from `a` (the rest of its pages, pictures,
        gaps, shorts and saved states) instead."""
        changed = self.changes(a, p.limits, p.spaced)
        if -1 in changed or a.reserve_from != p.reserve_from or a.reserve != p.reserve:
            return None
        last = max(changed, default=-1)
        at = {state.element: n for n, state in enumerate(a.saved)}

        def meet(k: int) -> bool:
            n = at.get(k)
            if k <= last or n is None:
                return False
            here, there = p.saved[-1], a.saved[n]
            if ((here.count, here.high, here.y, here.page_top, here.chain, here.chain_element, here.span)
                    != (there.count, there.high, there.y, there.page_top, there.chain, there.chain_element,
                        there.span)
                    or here.pending != there.pending or here.floats != there.floats or here.items != there.items):
                return False
            placed = here.placed_count - there.placed_count
            gaps = here.gap_count - there.gap_count
            shorts = here.short_count - there.short_count
            p.pages[here.count - 1:] = a.pages[here.count - 1:]
            p.placed += a.placed[there.placed_count:]
            p.gaps += a.gaps[there.gap_count:]
            p.shorts += a.shorts[there.short_count:]
            p.saved += [state.counted_on(placed, gaps, shorts) for state in a.saved[n + 1:]]
            p.y, p.page_top, p.chain, p.chain_element, p.span = a.y, a.page_top, a.chain, a.chain_element, a.span
            p.pending, p.floats, p.high, p.element = list(a.pending), list(a.floats), a.high, a.element
            return True

        return meet

    def flow(self, reserve_from, reserve, limits, spaced):
        p = Paginator(self.geom, reserve_from, reserve, limits, spaced)
        start = self.start(reserve_from, reserve, p.limits, p.spaced)
        k = 0
        if start is not None:
            a, state, n = start
            p.resume(a, n)
            k = state.element
            self.flows.remove(a)
            self.flows.insert(0, a)
            meet = self.meeting(p, a)
        else:
            meet = None
        _place_from(p, self.elements, k, self.follows, self.leads, meet)
        self.flows.insert(0, p)
        del self.flows[self.KEEP:]
        return p.pages, p


def _with_variant(cells: list, at: list[int], loose: list) -> list:
    """The cells with the paragraph at `at` replaced by its variant `loose`, which keeps
    what follows with it as the paragraph did (a credit after its last line)."""
    loose[-1].keep = cells[at[-1]].keep
    return cells[: at[0]] + loose + cells[at[-1] + 1:]


def _flow_all(elements, geom, colophon, limits, spaced=None, resumes: Resumes | None = None):
    resumes = resumes or Resumes(elements, geom)
    pages, p = resumes.flow(None, 0.0, limits, spaced)
    if colophon is None:
        return pages, p
    need = colophon.height + geom.pitch * 0.5
    if p.y + need > geom.bottom + EPS:
        # Reflow with the last page's foot kept free for it (the content may move on).
        pages, p = resumes.flow(len(pages) - 1, need, limits, spaced)
    return pages, p


def _place_from(p: Paginator, elements, k: int, follows, leads, meet=None) -> None:
    """Place elements[k:] (and finish the flow), saving the state before each; `meet(k)`:
    whether the flow has met another and was finished from it."""
    while k < len(elements):
        element = elements[k]
        p.save(k)
        if meet is not None and meet(k):
            return
        p.element = k
        if isinstance(element, Run):
            k += _run(p, elements, k)
            continue
        p.place_floats()  # a wide table still waiting goes before the next article
        p.block(element, follows[k], leads[k])
        k += 1
    p.place_floats()
    p.flush()


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


def _follows(elements, geom) -> tuple[list[float], list[float]]:
    """For each keep-with-next block, the height that must fit below it on its page: the
    rest of its chain (栏目 header → title → 编者按 → pictures → the first lines of text).

    A chain too tall for any page (a title and two tall pictures) is cut into groups that
    fit, and only after a picture: a heading is never the last of a group. Also, for each,
    the part of that height that is the first lines of text (which start on the grid)."""
    capacity = geom.bottom - geom.top
    follows = [0.0] * len(elements)
    leads = [0.0] * len(elements)
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
        text_last = j < len(elements) and isinstance(elements[j], Run)
        if j < len(elements):
            last = elements[j]
            heights.append(last.space_before + lead_lines(last) * geom.pitch if isinstance(last, Run)
                           else last.space_before + _needs(last, geom))
        cuts = _cut_chain(heights, [elements[i].kind == "image" for i in range(k, j)], capacity)
        start = 0
        for cut in cuts + [len(heights) - 1]:
            for i in range(start, cut):  # blocks k+start … k+cut-1 insist on the rest of the group
                follows[k + i] = sum(heights[i + 1 : cut + 1])
                if text_last and cut == len(heights) - 1:
                    leads[k + i] = lead_lines(elements[j]) * geom.pitch
            start = cut + 1
        k = j
    return follows, leads


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
