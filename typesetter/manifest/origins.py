"""Where each character of a manifest's text is in its file: the line and column of every
character of a YAML scalar's value, and of a body file's text.

A YAML value is not a copy of the file: a block scalar drops its indentation, a plain or
quoted scalar folds its line breaks into spaces, quotes are doubled ('') or escaped (\\").
The characters that come straight from the file get their place; the others (a folded
space, an escape) get None, and nothing is ever written back over them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from ..model import Origin, runs_of_positions
from .loader import yaml

# The line breaks YAML knows (str.splitlines knows more).
YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ESCAPE_LEN = {"x": 2, "u": 4, "U": 8}


def yaml_lines(source: str) -> list[str]:
    """The manifest's lines as YAML counts them (without their breaks)."""
    if "\r" in source or "\x85" in source or "\u2028" in source or "\u2029" in source:
        return YAML_BREAK.split(source)
    # Only \n: the same lines split at once (the pattern, which may begin a match at every
    # character, took 14 ms on a 400-page manifest, this 1 ms).
    return source.split("\n")


class Places:
    """Where the characters of a value are in its file, as runs: (offset in the value, line,
    column), each run going on one column a character up to the next; line 0: no place."""

    def __init__(self, runs: list[tuple[int, int, int]]):
        self.runs = runs
        self.starts = [r[0] for r in runs]

    @classmethod
    def of_positions(cls, positions) -> "Places":
        """From one (line, column) or None per character (compressed as an Origin's are)."""
        return cls(runs_of_positions(positions))

    def origin(self, file: Path, segments, base: int = 0) -> Origin:
        """The origin of a text made of pieces of the value: segments are (offset in the
        text, offset in the value - base, length); characters in no segment have no place."""
        runs: list[tuple[int, int, int]] = []
        end_of_last = 0
        for t, b, n in segments:
            if t > end_of_last:
                runs.append((end_of_last, 0, 0))
            v, end = b + base, b + base + n
            k = bisect_right(self.starts, v) - 1
            while v < end:
                if k < 0:
                    line = col = 0
                    stop = min(end, self.starts[0]) if self.starts else end
                else:
                    start, line, col = self.runs[k]
                    col = col + v - start if line else 0
                    stop = min(end, self.starts[k + 1]) if k + 1 < len(self.runs) else end
                runs.append((t, line, col))
                t += stop - v
                v = stop
                k += 1
            end_of_last = t
        return Origin.from_runs(file, runs)


def unfolded(value: str, node: yaml.ScalarNode, places: Places) -> str:
    """A plain, quoted or folded (>) scalar's value with the spaces YAML made of its line
    breaks turned back into line breaks, so that its lines are joined as a block's are (no
    space between two Chinese characters, one between two Latin words)."""
    if node.style == "|" or node.start_mark.line == node.end_mark.line or " " not in value:
        return value
    chars = list(value)
    for k, (start, line, _col) in enumerate(places.runs):
        if line:
            continue
        end = places.starts[k + 1] if k + 1 < len(places.runs) else len(value)
        for i in range(start, end):
            if chars[i] == " ":
                chars[i] = "\n"
    return "".join(chars)


def scalar_places(lines: list[str], node: yaml.ScalarNode) -> Places:
    """Where each character of node.value is."""
    value = str(node.value)
    start, end = node.start_mark, node.end_mark
    if start.line == end.line and node.style in (None, "", '"', "'"):  # one line, as typed
        quote = 1 if node.style else 0
        if start.line < len(lines) and lines[start.line][start.column + quote:end.column - quote] == value:
            return Places([(0, start.line + 1, start.column + quote + 1)])
    if node.style == "|":
        exact = _block_places(lines, node, value)
        if exact is not None:
            return exact
    return Places.of_positions(_aligned_positions(lines, node, value))


def _block_places(lines, node, value) -> Places | None:
    """A literal block keeps each line after its indentation: exact places, checked against
    the file (anything unexpected falls back to alignment)."""
    first = node.start_mark.line + 1  # 0-based index of the block's first line
    value_lines = value.split("\n")
    indent = None
    for k, text in enumerate(value_lines):
        if text and first + k < len(lines):
            indent = len(lines[first + k]) - len(text)
            break
    if indent is None or indent < 0:
        return None
    runs = []
    offset = 0
    for k, text in enumerate(value_lines):
        line = first + k
        if text:
            if line >= len(lines) or lines[line][indent:] != text:
                return None
            runs.append((offset, line + 1, indent + 1))
        runs.append((offset + len(text), 0, 0))  # the line break
        offset += len(text) + 1
    return Places(runs)


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


def text_places(text: str, first_line: int = 1) -> Places:
    """Where each character of a body file's text is, lines as split_paragraphs splits them
    (str.splitlines)."""
    runs = []
    offset = 0
    for k, line in enumerate(text.splitlines(keepends=True)):
        runs.append((offset, first_line + k, 1))
        offset += len(line)
    return Places(runs)
