"""An issue's pages drawn ahead, on a second core (cores.py).

Most of rendering is drawing each page's content stream and compressing it, and a page's
stream depends on nothing but its items, the fonts' codes and the pictures' names, all fixed
before the first page is drawn (Renderer.code_all, in the order the pages use them). So a
child process draws the pages from the last one back, handing each back as it is done, while
this process draws them from the first one on, taking the child's page wherever it has come;
the two meet in between. The fonts' embedded programs (their subsets and maps, compressed),
which need only the codes, follow the pages in the same row: the child makes them from the
last font back while this process draws its last pages.
The file is the same, byte for byte, as rendered in one process.
"""

from __future__ import annotations

from .cores import Child
from .layout.boxes import Text

# Below this many glyphs, a second process saves less than it costs to start and to hand
# the pages back.
LEAST_GLYPHS = 15000
MEANWHILE = "meanwhile"  # the key under which the child says it did the work asked of it


class PagesAhead:
    """Pages drawn by a child process."""

    def __init__(self, child: Child, nodes: list, pages: int):
        self.child = child
        self.pages = pages
        self.nodes = nodes  # the structure's elements, by the number the child sends for each

    @classmethod
    def start(cls, renderer, meanwhile=None) -> "PagesAhead | None":
        """Fork a child for `renderer`, whose characters all have their codes (code_all);
        once its share is done, it does `meanwhile` (if given)."""
        if not Child.possible():
            return None
        glyphs = sum(len(item.glyphs) for page in renderer.doc.pages for item in page.items
                     if type(item) is Text)
        if glyphs < LEAST_GLYPHS:
            return None
        root = renderer.doc.structure
        nodes = list(root.walk()) if root is not None else []
        child = Child.start(lambda send, reached: _draw(renderer, nodes, send, reached, meanwhile))
        return cls(child, nodes, len(renderer.doc.pages)) if child else None

    def page(self, number: int) -> tuple[bytes, list] | None:
        """Page `number`'s compressed stream and MCID elements as the child made them, or
        None if it has not come (this process draws it)."""
        made = self.child.take(number, number)
        if made is None:
            return None
        stream, owners = made
        return stream, [self.nodes[k] for k in owners]

    def font(self, k: int):
        """The k-th font's program (pdffont.FontProgram) as the child made it, or None."""
        return self.child.take(("font", k), self.pages + k)

    def did_meanwhile(self) -> bool:
        """Whether the child did the work asked of it for meanwhile (waits for it to say so,
        or to end: all else is done by now)."""
        return bool(self.child.wait_for(MEANWHILE))

    def close(self) -> None:
        self.child.close()


def _draw(renderer, nodes: list, send, reached, meanwhile=None) -> None:
    """In the child: the pages from the last back until this process has got there, then
    the font programs, then `meanwhile`. Elements travel as their place in `nodes` (the
    parent's own objects are the ones to use)."""
    number_of = {id(node): k for k, node in enumerate(nodes)}
    n = len(renderer.doc.pages) - 1
    while n > reached():
        stream, owners = renderer.page_content(n)
        send({n: (stream, [number_of[id(node)] for node in owners])})
        n -= 1
    fonts = list(renderer.fonts.faces.values())
    for k in reversed(range(len(fonts))):
        if len(renderer.doc.pages) + k <= reached():
            break
        send({("font", k): fonts[k].program()})
    if meanwhile is not None:
        meanwhile()
        send({MEANWHILE: True})
