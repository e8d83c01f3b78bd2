"""Where each character of a manifest's text is in its file: the line and column of every
character of a YAML scalar's value, and of a body file's text.

A YAML value is not a copy of the file: a block scalar drops its indentation, a plain or
quoted scalar folds its line breaks into spaces, quotes are doubled ('') or escaped (\\").
The characters that come straight from the file get their place; the others (a folded
space, an escape) get None, and nothing is ever written back over them.
"""

from __future__ import annotations

import re

import yaml

# The line breaks YAML knows (str.splitlines knows more).
YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ESCAPE_LEN = {"x": 2, "u": 4, "U": 8}


def yaml_lines(source: str) -> list[str]:
    """The manifest's lines as YAML counts them (without their breaks)."""
    return YAML_BREAK.split(source)


def scalar_positions(lines: list[str], node: yaml.ScalarNode) -> list[tuple[int, int] | None]:
    """(line, column), 1-based, or None, for each character of node.value."""
    value = str(node.value)
    if node.style in ("|", ">"):
        exact = _block_positions(lines, node, value)
        if exact is not None:
            return exact
    return _aligned_positions(lines, node, value)


def _block_positions(lines, node, value):
    """A literal block keeps each line after its indentation: exact positions, checked
    against the file (a folded block, or anything unexpected, falls back to alignment)."""
    if node.style != "|":
        return None
    first = node.start_mark.line + 1  # 0-based index of the block's first line
    value_lines = value.split("\n")
    indent = None
    for k, text in enumerate(value_lines):
        if text and first + k < len(lines):
            indent = len(lines[first + k]) - len(text)
            break
    if indent is None or indent < 0:
        return None
    out: list[tuple[int, int] | None] = []
    for k, text in enumerate(value_lines):
        line = first + k
        if text and (line >= len(lines) or lines[line][indent:] != text):
            return None
        out.extend((line + 1, indent + i + 1) for i in range(len(text)))
        out.append((line + 1, indent + len(text) + 1))  # the line break
    return out[: len(value)]


def _aligned_positions(lines, node, value):
    """Plain and quoted scalars (and folded blocks): walk the value and the file together."""
    start, end = node.start_mark, node.end_mark
    # the scalar's source, as (character, line, column) from its start mark to its end mark
    src: list[tuple[str, int, int]] = []
    line, col = start.line, start.column
    while line <= end.line and line < len(lines):
        text = lines[line]
        stop = end.column if line == end.line else len(text)
        src.extend((text[c], line + 1, c + 1) for c in range(col, min(stop, len(text))))
        if line != end.line:
            src.append(("\n", line + 1, len(text) + 1))
        line, col = line + 1, 0
    style = node.style
    j = 0
    if style in ('"', "'"):
        j = 1
    elif style in ("|", ">"):
        while j < len(src) and src[j][0] != "\n":  # the block's header line
            j += 1
    out: list[tuple[int, int] | None] = []
    for ch in value:
        while j < len(src) and src[j][0] != ch and src[j][0] in " \t\n" and not (ch in " \n"):
            j += 1  # indentation and line breaks that folding removed
        if j < len(src) and src[j][0] == ch and not (style == '"' and ch == "\\"):
            out.append(src[j][1:])
            j += 1
            if ch == " " and _before_break(src, j):
                out[-1] = None  # a space at a line's end: folding, not this space, made it
            if style == "'" and ch == "'" and j < len(src) and src[j][0] == "'":
                out[-1] = None  # '' stands for one quote: not a place to write one
                j += 1
            continue
        out.append(None)
        if ch in " \n" and j < len(src) and src[j][0] in " \t\n":
            while j < len(src) and src[j][0] in " \t\n":  # a folded line break
                j += 1
        elif style == '"' and j < len(src) and src[j][0] == "\\":
            j += 2 + _ESCAPE_LEN.get(src[j + 1][0] if j + 1 < len(src) else "", 0)
    return out


def _before_break(src, j) -> bool:
    while j < len(src) and src[j][0] in " \t":
        j += 1
    return j < len(src) and src[j][0] == "\n"


def text_positions(text: str, first_line: int = 1) -> list[tuple[int, int] | None]:
    """(line, column) for each character of a body file's text, lines as split_paragraphs
    splits them (str.splitlines)."""
    out: list[tuple[int, int] | None] = []
    for k, line in enumerate(text.splitlines(keepends=True)):
        out.extend((first_line + k, c + 1) for c in range(len(line)))
    return out
