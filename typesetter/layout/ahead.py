"""Setting body paragraphs ahead, on a second core (cores.py).

Nearly all of a long issue's layout time is the text engine setting its paragraphs, and
each paragraph's lines depend only on its text and settings, not on the page it lands on.
So a child process sets the paragraphs of the issue's second part while this process sets
the first part:

1. the child sets its paragraphs and hands their lines back in one piece, which this
   process waits for when it first meets one of them;
2. then, while this process breaks the issue into pages, the child sets its paragraphs
   again a line looser (the variants the pages may take to keep their columns full), from
   the first on, and hands them back a few at a time; one not handed back yet when the
   pages ask for it is set here (the child's copy is then not needed).

Lines travel packed as the line memo stores them (linememo.freeze), and the pages are the
same, byte for byte, as set in one process.
"""

from __future__ import annotations

from ..cores import Child
from .linememo import freeze, thaw

# Below this many characters to set, a second process saves less than it costs to start
# and to hand the lines back.
LEAST_CHARACTERS = 6000
# The child's share of the characters: this process also builds the pages meanwhile.
CHILD_SHARE = 0.5
# Looser variants handed back together.
BATCH = 8


class SetAhead:
    """Paragraphs being set by a child process; `take(key)` gives one's lines and them
    packed (None, None for a paragraph that is not the child's, or that the child has not
    handed back)."""

    def __init__(self, child: Child, keys: set, faces: dict):
        self.child, self.keys, self.faces = child, keys, faces
        self.lines: dict = {}  # key -> packed lines handed back and not yet taken
        self.first = False  # the child's paragraphs (step 1) have been handed back

    @classmethod
    def start(cls, builder, requests) -> "SetAhead | None":
        """Fork a child to set the last part of `requests` — (setting, lines -> the setting
        of its looser variant or None) in the order the build meets them, a setting being
        (text, role, size, measure, options) — and return; None where it is not worth it
        or not possible."""
        if not Child.possible():
            return None
        todo = []
        for setting, variant in requests:
            key = builder.key(*setting[:4], **setting[4])
            if not builder.known(key):
                todo.append((key, setting, variant))
        total = sum(len(setting[0]) for _, setting, _ in todo)
        if total < LEAST_CHARACTERS:
            return None
        # the child takes the paragraphs from the end back to its share of the characters
        split, share = len(todo), 0
        while split > 0 and share < total * CHILD_SHARE:
            split -= 1
            share += len(todo[split][1][0])
        mine = todo[split:]
        child = Child.start(lambda send: _set(builder, mine, send))
        if child is None:
            return None
        return cls(child, {key for key, _, _ in mine}, {face.key: face for face in builder.fonts.faces()})

    def take(self, key: tuple) -> tuple:
        """(lines, them packed), or (None, None)."""
        child = self.child
        if key in self.keys:
            while not self.first and not child.ended:
                self._add(child.receive(wait=True))
        elif self.first and not child.ended:
            self._add(child.receive(wait=False))  # a looser variant, if it has come
        stored = self.lines.pop(key, None)
        lines = thaw(stored, self.faces) if stored is not None else None
        return (lines, stored) if lines is not None else (None, None)

    def _add(self, pieces: list) -> None:
        for piece in pieces:
            self.lines.update(piece)
            self.first = True

    def close(self) -> None:
        """Stop the child (the variants it is still setting are not needed now, and a build
        stopped by bad input needs nothing of it)."""
        self.child.close()


def _set(builder, mine: list[tuple], send) -> None:
    """In the child: step 1, then step 2 (see the module's docstring)."""
    counts = {}
    packed = {}
    for key, (text, role, size, width, options), _ in mine:
        lines = builder.set(text, role, size, width, **options)
        packed[key] = freeze(lines)
        counts[key] = len(lines)
    send(packed)
    batch = {}
    for key, _, variant in mine:
        setting = variant(counts[key])
        if setting is None:
            continue
        text, role, size, width, options = setting
        looser = builder.key(text, role, size, width, **options)
        if not builder.known(looser):
            batch[looser] = freeze(builder.set(text, role, size, width, **options))
            if len(batch) == BATCH:
                send(batch)
                batch = {}
    if batch:
        send(batch)
