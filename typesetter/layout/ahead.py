"""Setting body paragraphs ahead, on a second core (cores.py).

Nearly all of a long issue's layout time is the text engine setting its paragraphs, and
each paragraph's lines depend only on its text and settings, not on the page it lands on.
So a child process sets paragraphs while this process builds the pages' pieces:

1. the child sets the issue's paragraphs from the last one back, handing their lines back
   a few at a time, while this process sets them from the first one on, taking the child's
   lines wherever they have come and setting a paragraph itself wherever they have not;
   the child stops where the two meet;
2. then, while this process breaks the issue into pages, the child sets the paragraphs
   after the meeting point again a line looser (the variants the pages may take to keep
   their columns full), first to last; one not handed back yet when the pages ask for it
   is set here.

Lines travel packed as the line memo stores them (linememo.freeze), and the pages are the
same, byte for byte, as set in one process.
"""

from __future__ import annotations

from ..cores import Child
from .linememo import freeze, thaw

# Below this many characters to set, a second process saves less than it costs to start
# and to hand the lines back.
LEAST_CHARACTERS = 6000
# Paragraphs handed back together: about this many characters' worth.
BATCH_CHARACTERS = 1500
# Looser variants handed back together.
VARIANT_BATCH = 8


class SetAhead:
    """Paragraphs being set by a child process; `take(key)` gives one's lines and them
    packed, or (None, None) for a paragraph whose lines have not come (set it here)."""

    def __init__(self, child: Child, order: dict, faces: dict):
        self.child, self.order, self.faces = child, order, faces

    @classmethod
    def start(cls, builder, requests) -> "SetAhead | None":
        """Fork a child to set `requests` — (setting, lines -> the setting of its looser
        variant or None) in the order the build meets them, a setting being (text, role,
        size, measure, options) — from the last back; None where it is not worth it or
        not possible."""
        if not Child.possible():
            return None
        todo = []
        for setting, variant in requests:
            key = builder.key(*setting[:4], **setting[4])
            if not builder.known(key):
                todo.append((key, setting, variant))
        if sum(len(setting[0]) for _, setting, _ in todo) < LEAST_CHARACTERS:
            return None
        child = Child.start(lambda send, reached: _set(builder, todo, send, reached))
        if child is None:
            return None
        order = {key: n for n, (key, _, _) in enumerate(todo)}
        return cls(child, order, {face.key: face for face in builder.fonts.faces()})

    def take(self, key: tuple) -> tuple:
        # a paragraph of the child's row is set here if it has not come: the child stops there
        stored = self.child.take(key, self.order.get(key))
        lines = thaw(stored, self.faces) if stored is not None else None
        return (lines, stored) if lines is not None else (None, None)

    def close(self) -> None:
        """Stop the child (the variants it is still setting are not needed now, and a build
        stopped by bad input needs nothing of it)."""
        self.child.close()


def _set(builder, todo: list[tuple], send, reached) -> None:
    """In the child: step 1, then step 2 (see the module's docstring)."""
    counts = {}
    batch, size = {}, 0
    n = len(todo) - 1
    while n > reached():
        key, (text, role, size_pt, width, options), _ = todo[n]
        lines = builder.set_afresh(text, role, size_pt, width, **options)
        batch[key] = freeze(lines)
        counts[n] = len(lines)
        size += len(text)
        if size >= BATCH_CHARACTERS:
            send(batch)
            batch, size = {}, 0
        n -= 1
    if batch:
        send(batch)
    batch = {}
    for m in sorted(counts):
        key, _, variant = todo[m]
        setting = variant(counts[m])
        if setting is None:
            continue
        text, role, size_pt, width, options = setting
        looser = builder.key(text, role, size_pt, width, **options)
        if not builder.known(looser):
            batch[looser] = freeze(builder.set_afresh(text, role, size_pt, width, **options))
            if len(batch) == VARIANT_BATCH:
                send(batch)
                batch = {}
    if batch:
        send(batch)
