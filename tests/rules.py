"""The SPEC's rules, checked on a built PDF: used on the sample issue and on generated ones."""

from __future__ import annotations

from expected import body_reading, captions
from pdfcheck import (
    CLOSING, NO_LINE_END, NO_LINE_START, OPENING, Char, Page, lines, overlaps, read_pdf,
    reading_order, visible_text,
)
from tablecheck import _extent as ink_extent, find_parts

BODY_FONT = "NotoSerifCJKsc-Regular"


class Typeset:
    """A built issue read back: pages, lines in reading order without the page furniture."""

    def __init__(self, pdf_path, issue, geometry):
        self.issue = issue
        self.g = g = geometry
        self.pages = read_pdf(pdf_path)
        self.pictures = [page.images for page in self.pages]
        self.edges = [(g.col_x(k), g.col_x(k) + g.col_w) for k in range(g.columns)]
        # tables are read back on their own (tablecheck): the text around them is the rest
        self.tables = find_parts(self.pages, g.size, g.pitch, g.top)
        self.text_pages = [_without_tables(page, [t for t in self.tables if t.page == page.number], g)
                           for page in self.pages]
        first = f"【{issue.sections[0].name}】"
        self.ordered = []
        started = False
        for page in self.text_pages:
            page_lines = reading_order(lines(page, self.edges, g.size))
            page_lines = [l for l in page_lines if l.baseline < g.bottom + 1]  # page number
            if page.number > 1:  # running header
                page_lines = [l for l in page_lines if l.baseline > g.top - 1]
            if not started:  # the masthead and the contents come before the first 栏目
                start = next((k for k, l in enumerate(page_lines)
                              if visible_text(l.chars).startswith(first)), None)
                started = start is not None
                page_lines = page_lines[start:] if started else []
            self.ordered.append(page_lines)
        self.flat = [l for page in self.ordered for l in page]

    # -- classification -----------------------------------------------------------------------

    def is_body(self, line) -> bool:
        vis = line.visible()
        return (line.column is not None and bool(vis) and abs(line.size - self.g.size) < 0.01
                and all(c.font == BODY_FONT for c in vis))

    def indented(self, line) -> bool:
        first = line.visible()[0]
        x = first.x - self.g.col_x(line.column)
        s = self.g.size
        # an opening mark there may have lost some or all of the blank half on its left
        return abs(x - 2 * s) < 0.6 or (first.text in OPENING and 1.5 * s - 0.6 < x < 2 * s)

    def body_lines(self):
        """(line, is_last_of_its_paragraph, next_line) for every body line, in reading order."""
        out = []
        for k, line in enumerate(self.flat):
            if not self.is_body(line):
                continue
            nxt = next((m for m in self.flat[k + 1:] if m.visible()), None)
            last = nxt is None or not self.is_body(nxt) or self.indented(nxt)
            out.append((line, last, nxt))
        return out

    # -- the rules ----------------------------------------------------------------------------

    def check_reading_order(self):
        small = [l for l in self.flat if l.size < self.g.size - 0.01]  # captions
        got = "".join(visible_text(l.chars) for l in self.flat if l not in small)
        want = body_reading(self.issue)
        assert got == want, _first_difference(got, want)
        caption_text = "".join(visible_text(l.chars) for l in small)
        for caption in captions(self.issue):
            assert caption in caption_text, caption
        return len(want)

    def check_kinsoku(self) -> int:
        checked = 0
        for page in self.text_pages:
            for line in lines(page, self.edges, self.g.size):
                text = visible_text(line.chars)
                if not text:
                    continue
                checked += 1
                assert text[0] not in NO_LINE_START, (page.number, text)
                assert text[-1] not in NO_LINE_END, (page.number, text)
        return checked

    def check_flush(self) -> int:
        g = self.g
        checked = 0
        for line, last, _ in self.body_lines():
            if last:
                continue
            right = g.col_x(line.column) + g.col_w
            c = line.visible()[-1]
            end = c.x + g.size / 2 if c.text in CLOSING else c.x1
            if c.text in "·・":  # centred in its cell; the cell's trailing quarter em is trimmed
                end = c.x + c.advance / 2 + g.size / 4
            if c.text == "—":  # the stretched half of ——: its ink, less the font's bearing
                end = right if abs(c.x1 - right) < 0.15 * g.size else c.x1
            if _one_address(line):  # no gap to widen: it ends where a letter no longer fits
                assert right - g.size <= end <= right + 0.5, (line.text, end, right)
                continue
            assert abs(end - right) <= 0.5, (line.text, end, right)
            checked += 1
        return checked

    def loosest_gap(self) -> tuple[float, str]:
        """The widest blank between two neighbouring characters of a justified body line, em
        (a word space aside), and the line it is in: justification spreads a line's room
        over its gaps, and a line with too few (one that ends before an address it could
        not break) shows holes."""
        worst, where = 0.0, ""
        for line, last, _ in self.body_lines():
            if last:
                continue
            prev = None
            for c in line.chars:
                if not c.text.strip():
                    prev = None  # a word space: a gap between words, not characters
                    continue
                if prev is not None:
                    gap = (c.x - prev.x1) / self.g.size
                    if gap > worst:
                        worst, where = gap, line.text
                prev = c
        return worst, where

    def check_line_starts(self):
        g = self.g
        for line, _, _ in self.body_lines():
            first = line.visible()[0]
            x = first.x - g.col_x(line.column)
            flush = abs(x) < 0.6 or (first.text in OPENING and -g.size / 2 - 0.6 < x < 0)
            assert flush or self.indented(line), line.text

    def check_last_lines(self):
        for line, last, _ in self.body_lines():
            if last and not self.indented(line):
                units = [c for c in line.visible() if c.text not in CLOSING]
                assert len(units) >= 2, line.text

    def check_no_overlap(self):
        for page in self.pages:
            # the ink of neighbouring Latin letters may touch by the font's design (f and i,
            # @ and j): only Chinese characters and marks must keep apart
            found = [(a, b) for a, b in overlaps(page.chars)
                     if not (a.text.isascii() and b.text.isascii() and a.baseline == b.baseline)]
            assert found == [], (page.number, [(a.text, b.text) for a, b in found])

    def check_inside_pages(self):
        for page in self.pages:
            for c in page.chars:
                assert 0 <= c.x and c.x1 <= page.width and 0 < c.baseline < page.height

    def regions(self):
        """Runs of column lines between lines that span the columns, per page."""
        for page_lines in self.ordered:
            region = []
            for line in page_lines + [None]:
                if line is None or line.column is None:
                    if region:
                        yield region, line
                    region = []
                else:
                    region.append(line)

    def allowed_breaks(self, region) -> list[bool]:
        """For each line, whether the rules allow a column break after it: not after a
        subheading, not before a credit, not after a paragraph's first line nor before its
        last."""
        kinds = []
        for l in region:
            vis = l.visible()
            if any(c.font == "NotoSansCJKsc-Bold" for c in vis):
                kinds.append("head")
            elif all(c.font == BODY_FONT for c in vis):
                kinds.append("start" if self.indented(l) else "body")
            else:
                kinds.append("credit")
        allowed = []
        for k in range(len(region) - 1):
            here, nxt = kinds[k], kinds[k + 1]
            if here == "head" or nxt == "credit":
                allowed.append(False)
                continue
            if nxt in ("start", "head"):
                allowed.append(True)
                continue
            above = 0  # lines of this paragraph down to the break
            for kind in reversed(kinds[:k + 1]):
                above += 1
                if kind != "body":
                    break
            below = 0  # and after it
            for kind in kinds[k + 1:]:
                if kind != "body":
                    break
                below += 1
            allowed.append(above >= 2 and below >= 2)
        return allowed + [False]

    def has_picture(self, region) -> bool:
        """A picture is a whole number of lines tall, but many lines: columns with one can
        differ by more than a line however they are balanced."""
        page = region[0].chars[0].page
        top = min(l.baseline for l in region) - self.g.pitch
        bottom = max(l.baseline for l in region)
        return any(top <= im_bottom and im_top <= bottom for im_top, im_bottom in self.pictures[page - 1])

    def has_table(self, region) -> bool:
        """A table in a column is read apart from the text (tablecheck): the text's lines
        alone do not say how full the columns are."""
        page = region[0].chars[0].page
        top = min(l.baseline for l in region) - self.g.pitch
        bottom = max(l.baseline for l in region)
        return any(part.page == page and top <= part.zone[3] and part.zone[1] <= bottom for part in self.tables)

    def check_columns(self) -> int:
        """Body lines sit on one baseline grid in both columns; where an article ends on a
        page (something spans the columns after it), its columns end within one line."""
        g = self.g
        balanced = 0
        for region, after in self.regions():
            top = min(l.baseline for l in region if abs(l.size - g.size) < 0.01) if any(
                abs(l.size - g.size) < 0.01 for l in region) else None
            for l in region:
                if abs(l.size - g.size) < 0.01 and top is not None:
                    steps = (l.baseline - top) / g.pitch
                    assert abs(steps - round(steps)) < 0.01, (l.text, steps)
            if after is not None and not self.has_picture(region) and not self.has_table(region):
                if g.columns == 2:
                    # as even as the rules allow: no allowed break would have done better
                    # (within one line where the text may break anywhere)
                    n = len(region)
                    got = abs(sum(1 for l in region if l.column == 0) - sum(1 for l in region if l.column == 1))
                    best = min([n] + [abs(2 * (k + 1) - n) for k, ok in enumerate(self.allowed_breaks(region)) if ok])
                    assert got <= max(best, 1), ([l.text for l in region][-3:], got, best)
                    balanced += 1
        return balanced

    def check_widows_and_orphans(self):
        """No paragraph leaves its first line alone at a column's foot or its last line alone
        at a column's head."""
        body = self.body_lines()
        is_last = {id(line): last for line, last, _ in body}
        for line, _, nxt in body:
            if nxt is None or id(nxt) not in is_last or self.indented(nxt):
                continue  # nxt starts a new paragraph (or is not body text)
            same_column = (nxt.column == line.column and nxt.chars[0].page == line.chars[0].page
                           and nxt.baseline > line.baseline)
            if same_column:
                continue
            # nxt continues line's paragraph across a column break
            assert not self.indented(line), f"orphan at a column's foot: {line.text}"
            assert not is_last[id(nxt)], f"widow at a column's head: {nxt.text}"

    def check_keep_with_next(self):
        """A 栏目 header or title never ends a page: two lines of its text follow it there
        (or all of them, for a shorter text)."""
        flat = self.flat
        for k, line in enumerate(flat):
            if line.column is not None or line.size < 14 - 0.01:  # 栏目 四号, titles larger
                continue
            nxt = flat[k + 1] if k + 1 < len(flat) else None
            assert nxt is not None, f"{line.text!r} ends the issue"
            assert nxt.chars[0].page == line.chars[0].page, f"{line.text!r} ends a page"
            if nxt.column is None:
                continue  # a chain of headings: checked at its last one
            region = []
            for m in flat[k + 1:]:
                if m.column is None or m.chars[0].page != line.chars[0].page:
                    break
                region.append(m)
            after = flat[k + 1 + len(region)] if k + 1 + len(region) < len(flat) else None
            continued = after is not None and after.column is not None
            assert len(region) >= 2 or not continued, f"{line.text!r} has one line after it"

    def check_all(self) -> dict:
        stats = {
            "characters": self.check_reading_order(),
            "lines": self.check_kinsoku(),
            "justified": self.check_flush(),
            "balanced": self.check_columns(),
        }
        self.check_line_starts()
        self.check_last_lines()
        self.check_no_overlap()
        self.check_inside_pages()
        self.check_widows_and_orphans()
        self.check_keep_with_next()
        return stats


def _without_tables(page, parts, g) -> Page:
    """The page without the characters of its tables; a table across the columns leaves a
    blank character across them, so that the text above it reads before the text below."""
    out = Page(page.number, page.width, page.height)
    zones = [part.zone for part in parts]
    for c in page.chars:
        left, right = ink_extent(c)
        if not any(x0 - 1 <= left and right <= x1 + 1 and top <= c.baseline <= bottom
                   for x0, top, x1, bottom in zones):
            out.chars.append(c)
    for x0, top, x1, bottom in zones:
        if x1 - x0 > g.col_w + 1:
            out.chars.append(Char(" ", x0, x1, top, g.size, 1.0, "", page.number))
    return out


def _one_address(line) -> bool:
    """A line that is a piece of one web or e-mail address from end to end."""
    text = line.text
    return text.isascii() and " " not in text.strip() and any(ch in text for ch in "/@.")


def _first_difference(got: str, want: str) -> str:
    for k, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"at {k}: got …{got[max(0, k - 20):k + 20]}… want …{want[max(0, k - 20):k + 20]}…"
    return f"lengths {len(got)} and {len(want)}"
