"""The text of an issue's later pages made ahead, on a second core (cores.py).

Most of rendering is turning each line's glyphs into text operators, and a line's operators
depend on nothing but the line and the fonts' codes. So once every character has its code
(Renderer.code_all, in the order the pages use them), a child process makes the operators of
the later pages' lines while this process renders the first pages; those later pages are
then written with the child's operators. The file is the same, byte for byte, as rendered
in one process.
"""

from __future__ import annotations

from .cores import Child
from .layout.boxes import Text

# Below this many glyphs, a second process saves less than it costs to start and to hand
# the operators back.
LEAST_GLYPHS = 15000
# The child's share of the glyphs: this process also draws the rules and pictures, marks
# the content and builds the file's objects.
CHILD_SHARE = 0.5


class TextAhead:
    """Operators of the pages from `first` on, being made by a child process."""

    def __init__(self, child: Child, first: int):
        self.child, self.first = child, first
        self.made: dict | None = None  # page number -> {item index -> operators}

    @classmethod
    def start(cls, renderer) -> "TextAhead | None":
        if not Child.possible():
            return None
        pages = renderer.doc.pages
        glyphs = [sum(len(item.glyphs) for item in page.items if isinstance(item, Text)) for page in pages]
        total = sum(glyphs)
        if total < LEAST_GLYPHS:
            return None
        first, share = len(pages), 0
        while first > 0 and share < total * CHILD_SHARE:
            first -= 1
            share += glyphs[first]
        renderer.code_all()
        child = Child.start(lambda send: send(_operators(renderer, first)))
        return cls(child, first) if child else None

    def page(self, number: int) -> dict:
        """{item index: operators} of a page's lines made by the child ({} for a page it
        did not do, or if it failed: this process makes them)."""
        if number < self.first:
            return {}
        if self.made is None:
            pieces = self.child.receive(wait=True)
            self.made = pieces[0] if pieces else {}
        return self.made.get(number, {})

    def close(self) -> None:
        self.child.close()


def _operators(renderer, first: int) -> dict:
    """In the child: the operators of every line of the pages from `first` on."""
    return {n: {k: renderer.text_operators(item) for k, item in enumerate(page.items)
                if isinstance(item, Text) and item.glyphs}
            for n, page in enumerate(renderer.doc.pages) if n >= first}
