"""From the manifest's text to the text of a paragraph, and to the text a reader copies."""

from __future__ import annotations

from .atoms import make_atoms
from .chars import is_word_char


def join_source_lines(block: str) -> str:
    """Join the lines of one paragraph as the editor typed them.

    Line breaks inside a paragraph are the editor's, not the reader's: between two Han
    characters they vanish; between two Latin words they become one space."""
    parts = [line.strip(" \t\u3000") for line in block.splitlines()]
    text = ""
    for part in parts:
        if not part:
            continue
        if text and is_word_char(text[-1]) and is_word_char(part[0]):
            text += " "
        text += part
    return text


def printed_text(text: str) -> str:
    """The characters the PDF carries for a paragraph, in order (line breaks aside).

    The same text without the spaces that the layout turns into spacing: a space next to a
    Chinese punctuation mark or between a Han character and a Latin letter or digit
    (10 月 9 日) is not printed; any other run of spaces prints as one space."""
    return "".join((" " if a.space else "") + a.text for a in make_atoms(text, _NO_FONTS))


class _NoFonts:
    """Classification needs no metrics: every character one em."""

    def face_for(self, ch):
        return self

    def metrics(self, ch):
        return self, 1.0

    def advance(self, ch):
        return 1.0


_NO_FONTS = _NoFonts()
