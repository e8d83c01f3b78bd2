"""Tables in an article's body: pipe tables and rows pasted from Excel/WPS.

A block of lines (no blank line inside) is a table when it holds rows:

    表1 2023年1—9月区属企业主要经济指标        caption: 表 and a number
    单位：万元                                 unit, set right-aligned above the table
    | 企业 | 营业收入 | 同比 |                  header
    |------|--------:|:---:|                   optional separator: each column's alignment
    | 嘉定城投 | 1,234.5 | −3.2% |
    数据来源：区国资委统计月报                   notes: 数据来源：… or 注：…

Rows pasted from a spreadsheet are tab-separated lines instead of pipe rows (no separator
row). Lines of the block before the caption (or after the notes) that are none of these are
ordinary paragraph text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from ..errors import Problem
from ..model import Loc, Origin, Table
from ..records import record

PIPES = "|｜"
# Patterns as text, compiled by re (and kept in its cache) once a body has a table: a
# body without one compiles none of them.
CAPTION = r"表\s*[0-9０-９]+([-－—.．][0-9０-９]+)?(?![0-9０-９])"
UNIT = r"单位\s*[：:]"
NOTE = r"(数据来源|资料来源|来源|注|说明)\s*[：:]"
# a separator cell: hyphens, a colon at either end for the alignment (a dash — in a cell
# is a figure left out, not a separator)
SEPARATOR_CELL = r"[:：]?-+[:：]?"
RULE_CELL = r"[:：]?-{3,}[:：]?"  # unmistakably a separator, wherever it stands
SPACE = " \t\u3000"


@record
class SourceLine:
    """One line of a body as written, and where its characters are in the file."""

    text: str
    offset: int  # of its first character in the body's text
    places: object  # origins.Places: where the body's characters are in its file

    def at(self, col: int) -> tuple[int, int | None]:
        """The file's line and column of the character at col (1-based) of this line."""
        k = self.offset + col - 1
        i = bisect_right(self.places.starts, k) - 1
        if i >= 0:
            start, line, column = self.places.runs[i]
            if line:
                return line, column + k - start
        return self.line, None

    def origin(self, file: Path, cols) -> Origin:
        """The origin of a text taken from this line: cols holds, for each of its characters,
        its column (1-based) in the line, or None for one not typed there (a <br> made a space,
        an unescaped \\| or "")."""
        places = []
        for col in cols:
            line, column = self.at(col) if col else (0, None)
            places.append((line, column) if column else None)
        return Origin.from_positions(file, places)

    def stripped(self, file: Path) -> tuple[str, Origin]:
        """The line without its outer spaces, and where its characters are."""
        text = self.text.strip(SPACE)
        lead = len(self.text) - len(self.text.lstrip(SPACE))
        return text, self.origin(file, range(lead + 1, lead + 1 + len(text)))

    @property
    def line(self) -> int:
        k = self.offset
        i = bisect_right(self.places.starts, k) - 1
        return self.places.runs[i][1] if i >= 0 else 0


def is_pipe_row(text: str) -> bool:
    return text.lstrip(" \u3000")[:1] in tuple(PIPES)


def is_tab_row(text: str) -> bool:
    """A line pasted from a spreadsheet: cells separated by tabs (a tab before the first
    cell's text is only an indent, unless a further tab follows)."""
    line = text.strip(" \u3000\r\n")
    return bool(line.strip("\t")) and "\t" in line.lstrip("\t")


def find_rows(lines: list[SourceLine]) -> tuple[int, int, str] | None:
    """(first, end, kind) of the first run of table rows in a block of lines: two or more
    pipe rows, or two or more tab-separated rows; None if there is none."""
    if not any("\t" in line.text or "|" in line.text or "｜" in line.text for line in lines):
        return None  # no line can be a row (nearly every block: only paragraphs)
    for kind, test in (("pipe", is_pipe_row), ("tab", is_tab_row)):
        k = 0
        while k < len(lines):
            if test(lines[k].text):
                e = k
                while e < len(lines) and test(lines[e].text):
                    e += 1
                if e - k >= 2:
                    return k, e, kind
                k = e
            k += 1
    return None


def split_block(lines: list[SourceLine], file: Path, path: str, problems: list[Problem]):
    """A block of lines as (before, table, after): the lines before the table's caption,
    the Table (None if the block holds none, or it is bad: its problems are appended), and
    the lines after its notes."""
    found = find_rows(lines)
    if found is None:
        return lines, None, []
    first, end, kind = found
    # caption and unit: up to two lines right before the rows, in either order
    caption = unit = (None, None)
    top = first
    for _ in range(2):
        if top == 0:
            break
        text, origin = lines[top - 1].stripped(file)
        if caption[0] is None and re.match(CAPTION, text):
            caption = text, origin
        elif unit[0] is None and re.match(UNIT, text):
            unit = text, origin
        else:
            break
        top -= 1
    notes = []
    bottom = end
    while bottom < len(lines) and re.match(NOTE, lines[bottom].text.strip(SPACE)):
        notes.append(lines[bottom].stripped(file))
        bottom += 1
    table = parse_rows(lines[first:end], kind, file, path, problems)
    if table is not None:
        table.caption, table.caption_origin = caption
        table.unit, table.unit_origin = unit
        table.notes = [text for text, _ in notes]
        table.note_origins = [origin for _, origin in notes]
    return lines[:top], table, lines[bottom:]


def parse_rows(rows: list[SourceLine], kind: str, file: Path, path: str,
               problems: list[Problem]) -> Table | None:
    split = _pipe_cells if kind == "pipe" else _tab_cells
    cells = [split(row.text) for row in rows]  # each: [(text, column, each character's column), …]
    header = cells[0]
    n = len(header)
    align = ["auto"] * n
    body = list(zip(rows[1:], cells[1:]))
    before = len(problems)
    if kind == "pipe" and len(cells) > 1 and _is_separator(cells[1]):
        sep_row, sep = rows[1], cells[1]
        body = body[1:]
        if len(sep) != n:
            col = sep[min(n, len(sep) - 1)][1]
            problems.append(Problem(file, *sep_row.at(col),
                f"{path}：表格的分隔行有 {len(sep)} 格，表头有 {n} 格。分隔行（如 |---|---:|）"
                f"每一格对应表头的一列：请写成 {n} 格。"))
        else:
            for k, (text, _col, _cols) in enumerate(sep):
                align[k] = _alignment(text)
    elif kind == "pipe" and len(cells) > 1 and _looks_like_separator(cells[1]):
        row = rows[1]
        bad = next((text, col) for text, col, _ in cells[1] if not re.fullmatch(SEPARATOR_CELL, text.replace(" ", "")))
        problems.append(Problem(file, *row.at(bad[1]),
            f"{path}：表头下的分隔行里，“{bad[0]}”不是分隔格。分隔行每格只写短横线，"
            "可在左右加冒号定对齐：--- 或 :--- 靠左，---: 靠右，:---: 居中。"))
    out_rows, lines, origins = [], [], []
    for row, row_cells in body:
        if kind == "pipe" and row_cells and all(re.fullmatch(RULE_CELL, t.replace(" ", "")) for t, _, _ in row_cells):
            problems.append(Problem(file, *row.at(row_cells[0][1]),
                f"{path}：分隔行（|---|）只能紧跟在表头下面。请删去这一行，或把它移到表头下。"))
            continue
        if len(row_cells) > n:
            problems.append(Problem(file, *row.at(row_cells[n][1]),
                f"{path}：这一行有 {len(row_cells)} 个单元格，表头只有 {n} 个。"
                "请删去多出的单元格，或在表头补上列名（空单元格也算一格：检查是否多写了 |）。"))
            continue
        texts = [text for text, _, _ in row_cells] + [""] * (n - len(row_cells))
        out_rows.append(texts)
        lines.append(row.line)
        origins.append([row.origin(file, cols) for _, _, cols in row_cells] + [None] * (n - len(row_cells)))
    if len(problems) > before:
        return None
    loc = Loc(file, rows[0].line, 1, f"{path} 的表格")
    return Table([text for text, _, _ in header], out_rows, loc, align, row_lines=lines,
                 header_origins=[rows[0].origin(file, cols) for _, _, cols in header],
                 cell_origins=origins)


def _pipe_cells(text: str) -> list[tuple[str, int, list[int | None]]]:
    """The cells of a pipe row: (text, the column (1-based) where it starts, the column of
    each of its characters); `\\|` is a literal bar. The bars at the row's ends are optional."""
    cells: list[tuple[list, int]] = []
    start = len(text) - len(text.lstrip(" \u3000")) + 1  # after the leading bar
    current: list[tuple[str, int | None]] = []
    k = start
    while k < len(text):
        ch = text[k]
        if ch == "\\" and k + 1 < len(text) and text[k + 1] in PIPES:
            current.append((text[k + 1], None))  # written as two characters: no place of its own
            k += 2
            continue
        if ch in PIPES:
            cells.append((current, start))
            current, start = [], k + 1
        else:
            current.append((ch, k + 1))
        k += 1
    if "".join(ch for ch, _ in current).strip(SPACE):
        cells.append((current, start))
    out = []
    for chars, start in cells:
        t = "".join(ch for ch, _ in chars)
        # the column of the cell's first character (or of its bar, if it is empty)
        col = start + (len(t) - len(t.lstrip(SPACE)) + 1 if t.strip(SPACE) else 0)
        cleaned, cols = _clean(chars)
        out.append((cleaned, col, cols))
    return out


def _tab_cells(text: str) -> list[tuple[str, int, list[int | None]]]:
    """Tab-separated cells, as _pipe_cells gives them; empty cells a spreadsheet leaves at a
    row's end are dropped."""
    line = text.rstrip("\r\n").lstrip(" \u3000")
    cells, col = [], len(text) - len(text.lstrip(" \u3000")) + 1
    for part in line.split("\t"):
        cleaned, cols = _clean([(ch, col + k) for k, ch in enumerate(part)])
        cells.append((cleaned, col, cols))
        col += len(part) + 1
    while len(cells) > 1 and not cells[-1][0]:
        cells.pop()
    return cells


def _clean(chars: list[tuple[str, int | None]]) -> tuple[str, list[int | None]]:
    """A cell as printed, from its characters and their columns: outer spaces dropped, a
    spreadsheet's quotes around a cell that held a line break removed, inner line breaks
    (<br>) as spaces. Returns the text and the column of each of its characters (None for
    one made here: the space of a <br>, the quote of a doubled "")."""
    text = "".join(ch for ch, _ in chars)
    cols = [col for _, col in chars]

    def strip(text, cols):
        a = len(text) - len(text.lstrip(SPACE))
        b = len(text.rstrip(SPACE))
        return (text[a:b], cols[a:b]) if a < b else ("", [])

    text, cols = strip(text, cols)
    out, out_cols, at = [], [], 0
    for m in re.finditer(r"<br\s*/?>", text, flags=re.I):
        out.append(text[at:m.start()] + " ")
        out_cols += cols[at:m.start()] + [None]
        at = m.end()
    text, cols = "".join(out) + text[at:], out_cols + cols[at:]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        inner, inner_cols = text[1:-1], cols[1:-1]
        text, cols, k = "", [], 0
        while k < len(inner):
            if inner[k:k + 2] == '""':
                text, cols, k = text + '"', cols + [None], k + 2
            else:
                text, cols, k = text + inner[k], cols + [inner_cols[k]], k + 1
    return strip(text, cols)


def _is_separator(cells) -> bool:
    return bool(cells) and all(re.fullmatch(SEPARATOR_CELL, t.replace(" ", "")) for t, _, _ in cells)


def _looks_like_separator(cells) -> bool:
    """Most of the row is --- cells: meant as a separator, with a mistake in it."""
    dashes = sum(1 for t, _, _ in cells if re.fullmatch(SEPARATOR_CELL, t.replace(" ", "")))
    return dashes >= max(1, len(cells) - dashes) and dashes < len(cells)


def _alignment(cell: str) -> str:
    cell = cell.replace(" ", "").replace("：", ":")
    left, right = cell.startswith(":"), cell.endswith(":")
    if left and right:
        return "center"
    if right:
        return "right"
    if left:
        return "left"
    return "auto"
