"""An issue's pages drawn ahead, on a second core (cores.py).

Most of rendering is drawing each page's content stream and compressing it, and a page's
stream depends on nothing but its items, the fonts' codes and the pictures' names, all fixed
before the first page is drawn (Renderer.code_all, in the order the pages use them). The
fonts' embedded programs (their subsets and maps, compressed) need only the codes too. So the
work is one row — the pages, then the fonts from the one with fewest characters to the one
with most — that this process takes from its start and a child process from its end, each
handing over what it has done; the two meet in between. The child begins with the fonts,
the largest first: a font's program takes as long as dozens of pages, and were it begun
last, the other process would either wait for it or make it a second time.
The file is the same, byte for byte, as rendered in one process.
"""

from __future__ import annotations

from .cores import Child

# Below this many glyphs, a second process saves less than it costs to start and to hand
# the pages back.
LEAST_GLYPHS = 15000
MEANWHILE = "meanwhile"  # the key under which the child says it did the work asked of it


class PagesAhead:
    """Pages drawn by a child process."""

    def __init__(self, child: Child, nodes: list, pages: int, fonts: list[int]):
        self.child = child
        self.pages = pages
        self.nodes = nodes  # the structure's elements, by the number the child sends for each
        self.fonts = fonts  # the fonts (their numbers) in the row's order, after the pages

    @classmethod
    def start(cls, renderer, glyphs: int, meanwhile=None) -> "PagesAhead | None":
        """Fork a child for `renderer`, whose characters all have their codes (code_all,
        which counts the pages' `glyphs`); once its share is done, it does `meanwhile` (if
        given)."""
        if not Child.possible():
            return None
        if glyphs < LEAST_GLYPHS:
            return None
        root = renderer.doc.structure
        nodes = list(root.walk()) if root is not None else []
        fonts = font_row(renderer)
        child = Child.start(lambda send, reached: _draw(renderer, nodes, fonts, send, reached, meanwhile))
        return cls(child, nodes, len(renderer.doc.pages), fonts) if child else None

    def page(self, number: int) -> tuple[bytes, list] | None:
        """Page `number`'s compressed stream and MCID elements as the child made them, or
        None if it has not come (this process draws it)."""
        made = self.child.take(number, number)
        if made is None:
            return None
        stream, owners = made
        return stream, [self.nodes[k] for k in owners]

    def font(self, k: int):
        """The k-th font's program (pdffont.FontProgram) as the child made it, or None. Ask
        for the fonts in the row's order (self.fonts)."""
        return self.child.take(("font", k), self.pages + self.fonts.index(k))

    def did_meanwhile(self) -> bool:
        """Whether the child did the work asked of it for meanwhile (waits for it to say so,
        or to end: all else is done by now)."""
        return bool(self.child.wait_for(MEANWHILE))

    def close(self) -> None:
        self.child.close()


def font_row(renderer) -> list[int]:
    """The fonts' numbers (their order in renderer.fonts) from the one with fewest characters
    coded to the one with most: about the order of the time their programs take."""
    fonts = list(renderer.fonts.faces.values())
    return sorted(range(len(fonts)), key=lambda k: (len(fonts[k].chars), k))


def _draw(renderer, nodes: list, row: list[int], send, reached, meanwhile=None) -> None:
    """In the child: the row from its end until this process has got there — the fonts'
    programs, the largest first, then the pages from the last back — then `meanwhile`.
    Elements travel as their place in `nodes` (the parent's own objects are the ones to
    use)."""
    fonts = list(renderer.fonts.faces.values())
    pages = len(renderer.doc.pages)
    for position in reversed(range(len(row))):
        if pages + position <= reached():
            break
        k = row[position]
        send({("font", k): fonts[k].program()})
    number_of = {id(node): k for k, node in enumerate(nodes)}
    n = pages - 1
    while n > reached():
        stream, owners = renderer.page_content(n)
        send({n: (stream, [number_of[id(node)] for node in owners])})
        n -= 1
    if meanwhile is not None:
        meanwhile()
        send({MEANWHILE: True})
