"""From the manifest's text to the text of a paragraph, and to the text a reader copies."""

from __future__ import annotations

from .atoms import make_atoms
from .chars import is_word_char


def join_source_lines(block: str) -> str:
    """Join the lines of one paragraph as the editor typed them.

    Line breaks inside a paragraph are the editor's, not the reader's: between two Han
    characters they vanish; between two Latin words they become one space."""
    return join_source_lines_mapped(block)[0]


def join_source_lines_mapped(block: str) -> tuple[str, list[tuple[int, int, int]]]:
    """join_source_lines, and where its characters are in block: (offset in the text, offset
    in block, length) for each line's part (the space that joins two Latin words is in
    none), so that a place in the text can be traced back to the file."""
    text: list[str] = []
    segments: list[tuple[int, int, int]] = []
    start = length = 0
    last = ""
    for line in block.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(body) - len(body.lstrip(" \t\u3000"))
        part = body.strip(" \t\u3000")
        if part:
            if last and is_word_char(last) and is_word_char(part[0]):
                text.append(" ")
                length += 1
            segments.append((length, start + lead, len(part)))
            text.append(part)
            length += len(part)
            last = part[-1]
        start += len(line)
    return "".join(text), segments


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
