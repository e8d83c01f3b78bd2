"""The text of an issue's pages made ahead, on a second core (cores.py).

Most of rendering is turning each line's glyphs into text operators, and a line's operators
depend on nothing but the line and the fonts' codes. So once every character has its code
(Renderer.code_all, in the order the pages use them), a child process makes the operators of
the pages' lines from the last page back, handing each page's back as it is done, while this
process renders from the first page on, taking the child's operators for a page wherever
they have come; the two meet in between. The file is the same, byte for byte, as rendered in
one process.
"""

from __future__ import annotations

from .cores import Child
from .layout.boxes import Text

# Below this many glyphs, a second process saves less than it costs to start and to hand
# the operators back.
LEAST_GLYPHS = 15000


class TextAhead:
    """Operators of pages made by a child process."""

    def __init__(self, child: Child):
        self.child = child

    @classmethod
    def start(cls, renderer) -> "TextAhead | None":
        if not Child.possible():
            return None
        glyphs = sum(len(item.glyphs) for page in renderer.doc.pages for item in page.items
                     if isinstance(item, Text))
        if glyphs < LEAST_GLYPHS:
            return None
        renderer.code_all()
        child = Child.start(lambda send, reached: _operators(renderer, send, reached))
        return cls(child) if child else None

    def page(self, number: int) -> dict:
        """{item index: operators} of a page's lines, as the child made them ({} for a page
        it has not done: this process makes them)."""
        return self.child.take(number, number) or {}

    def close(self) -> None:
        self.child.close()


def _operators(renderer, send, reached) -> None:
    """In the child: the operators of every line, a page at a time from the last page back,
    until this process has got there."""
    pages = renderer.doc.pages
    n = len(pages) - 1
    while n > reached():
        send({n: {k: renderer.text_operators(item) for k, item in enumerate(pages[n].items)
                  if isinstance(item, Text) and item.glyphs}})
        n -= 1
