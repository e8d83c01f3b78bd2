"""How wide a piece of text wants to be: what sizing a table's columns needs.

`content_widths` gives a text's narrowest and widest measure, the way HTML's table layout
speaks of min- and max-content: the widest piece the line breaker will not divide (a Han
character with the mark that may not start a line after it, a number with its unit, a Latin
word) and the whole text on one line.
"""

from __future__ import annotations

from .atoms import BREAK_OK, FontStack, make_atoms


def content_widths(text: str, fonts: FontStack, size: float, style: str = "quanjiao") -> tuple[float, float]:
    """(narrowest, widest) measure in pt that sets `text` at `size` without overflowing:
    its widest unbreakable piece, and the whole text on one line. A number keeps its unit
    (2023年) in the narrowest measure: the breaker parts them only when it must."""
    atoms = make_atoms(text, fonts, style)
    if not atoms:
        return 0.0, 0.0
    whole = 0.0
    widest = 0.0
    piece = 0.0
    for k, atom in enumerate(atoms):
        if k and atom.brk == BREAK_OK:
            widest = max(widest, piece - atoms[k - 1].blank_r)
            piece = 0.0
        elif k:
            piece += atom.glue
        piece += atom.width
        whole += (atom.glue if k else 0.0) + atom.width
    widest = max(widest, piece - atoms[-1].blank_r)
    whole -= atoms[-1].blank_r  # a mark at the line's end sits in half an em
    return widest * size, whole * size
