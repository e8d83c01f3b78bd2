"""The issue as plain data: what the manifest says, validated, with nothing about layout."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from pathlib import Path

from .records import field, record


@record(frozen=True)
class Loc:
    """Where something came from, for messages: file, line and column (1-based), key path."""

    file: Path
    line: int
    col: int
    path: str

    def __str__(self) -> str:
        return f"{self.file} 第 {self.line} 行第 {self.col} 列（{self.path}）"


@record(frozen=True)
class Origin:
    """Where each character of a text stands in its source file, for messages that point at
    one character and for writing corrections back.

    runs: (offset in the text, line, column), 1-based, ascending by offset; a run covers the
    characters from its offset up to the next run's, each one column further on the same
    line. Line 0 marks characters with no place of their own in the file: the space that
    joins two lines, a character written as an escape."""

    file: Path
    runs: tuple[tuple[int, int, int], ...]

    @classmethod
    def from_positions(cls, file: Path, positions) -> "Origin":
        """From one (line, column) or None per character."""
        return cls(file, tuple(runs_of_positions(positions)))

    @classmethod
    def from_runs(cls, file: Path, runs) -> "Origin":
        """From runs that may continue one another (merged here)."""
        out: list[tuple[int, int, int]] = []
        for start, line, col in runs:
            if out:
                s0, l0, c0 = out[-1]
                if start == s0:
                    out[-1] = (start, line, col)
                    continue
                if line == l0 and (line == 0 or col == c0 + start - s0):
                    continue
            out.append((start, line, col))
        return cls(file, tuple(out))

    def exact(self, offset: int) -> tuple[int, int] | None:
        """The line and column of the character at offset, None if it has none of its own."""
        k = bisect_right(self.runs, (offset, 1 << 30, 0)) - 1
        if k < 0:
            return None
        start, line, col = self.runs[k]
        return (line, col + offset - start) if line else None

    def position(self, offset: int) -> tuple[int, int]:
        """The place to show for the character at offset: its own, else just after the
        nearest character before it that has one, else the first of the text."""
        k = bisect_right(self.runs, (offset, 1 << 30, 0)) - 1
        if k >= 0 and self.runs[k][1]:
            start, line, col = self.runs[k]
            return line, col + offset - start
        # the character has no place: the last character of the nearest placed run before
        for j in range(k - 1, -1, -1):
            start, line, col = self.runs[j]
            if line:
                last = self.runs[j + 1][0] - 1  # run j ends where the next begins
                return line, col + last - start + 1
        for _start, line, col in self.runs:
            if line:
                return line, col
        return 1, 1

    def remapped(self, back) -> "Origin":
        """The origin of a text derived from this one: back[i] is the offset in this text of
        the derived text's character i, or -1 for one that was not in it."""
        return Origin.from_positions(self.file, [self.exact(b) if b >= 0 else None for b in back])


def runs_of_positions(positions) -> list[tuple[int, int, int]]:
    """One (line, column) or None per character, as runs (offset, line, column): a run goes
    on one column a character on the same line; line 0 marks characters with no place."""
    runs: list[tuple[int, int, int]] = []
    last = None
    for i, pos in enumerate(positions):
        line, col = pos or (0, 0)
        if last is None or not (line == last[0] and (line == 0 or col == last[1] + 1)):
            runs.append((i, line, col))
        last = (line, col)
    return runs


@record
class Masthead:
    """The masthead (报头): the newsletter's title, the issue's number (in its year, and in
    all), who edits it and the date it is issued on; a notice (内部资料 …) under it."""

    title: str
    number: int
    editor: str
    date: dt.date
    year: int | None = None
    total: int | None = None
    notice: str | None = None

    @property
    def issue_label(self) -> str:
        """2023年第10期（总第123期）"""
        text = f"{self.year}年第{self.number}期" if self.year else f"第{self.number}期"
        if self.total:
            text += f"（总第{self.total}期）"
        return text

    @property
    def date_label(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


@record
class Paragraph:
    """A paragraph of an article's body, or an in-article subheading."""

    text: str  # source lines joined
    loc: Loc
    heading: bool = False  # an in-article subheading ("## ")
    origin: Origin | None = None  # where each character of text is in the file


@record
class Table:
    """A table in an article's body: a header row, body rows, and the lines around them.

    Cells are text as typed (an empty cell is ""); every row has as many cells as the
    header. `align` holds each column's alignment from the separator row: "auto" (numbers
    on the right, text on the left), "left", "center" or "right"."""

    header: list[str]
    rows: list[list[str]]
    loc: Loc  # the header row
    align: list[str]
    caption: str | None = None  # 表1 2023年1—9月区属企业主要经济指标
    unit: str | None = None  # 单位：万元
    notes: list[str] = field(default_factory=list)  # 注：… 数据来源：…
    row_lines: list[int] = field(default_factory=list)  # the source line of each body row
    # where each text's characters are in the source (for proofing's messages and --fix):
    caption_origin: Origin | None = None
    unit_origin: Origin | None = None
    note_origins: list[Origin | None] = field(default_factory=list)
    header_origins: list[Origin | None] = field(default_factory=list)
    cell_origins: list[list[Origin | None]] = field(default_factory=list)  # as rows

    @property
    def columns(self) -> int:
        return len(self.header)

    def texts(self):
        """Everything the table prints, in reading order: (text, is a header cell)."""
        if self.caption:
            yield self.caption, True
        if self.unit:
            yield self.unit, False
        yield from ((cell, True) for cell in self.header)
        yield from ((cell, False) for row in self.rows for cell in row)
        yield from ((note, False) for note in self.notes)


@record
class Image:
    """A picture of an article, with its caption and how it is placed."""

    file: Path
    loc: Loc
    caption: str | None = None
    span: str = "column"  # column | page
    pixels: tuple[int, int] = (1, 1)  # upright width and height, read when checked
    fit: str = "scale"  # scale: whole picture, scaled | crop: a tall one cut to a sensible shape
    width: float | None = None  # share of the column's (page's) width asked for; None: the layout's choice
    row: int = 0  # pictures with the same row number (not 0) stand side by side, one caption each
    caption_origin: Origin | None = None


@record
class Article:
    """An article: title, body (paragraphs and tables) and what goes around them."""

    title: str  # may hold "\n" for a two-line title
    body: list[Paragraph | Table]  # in order
    loc: Loc
    subtitle: str | None = None
    note: str | None = None  # 编者按
    images: list[Image] = field(default_factory=list)
    credit: str | None = None
    origins: dict[str, Origin] = field(default_factory=dict)  # title, subtitle, note, credit


@record
class Brief:
    """A brief (简讯): one paragraph in a section's list of short news."""

    text: str
    loc: Loc
    origin: Origin | None = None


@record
class Section:
    """A section (栏目): its name, its articles and its briefs."""

    name: str
    loc: Loc
    articles: list[Article] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)
    name_origin: Origin | None = None


@record
class ColophonLine:
    """One line of the colophon (报尾): to whom the issue goes."""

    label: str  # 报 / 送 / 发
    to: str
    origin: Origin | None = None  # of to


@record
class Colophon:
    """The colophon (报尾): who the issue is sent to, and how many copies are printed."""

    lines: list[ColophonLine]
    copies: int | None = None


@record
class Style:
    """How the issue is set: paper, columns, body size, punctuation, fonts, the kind of PDF."""

    paper: str = "A4"
    columns: int = 2
    body_size: float = 10.5
    punctuation: str = "quanjiao"
    proofing: bool = True  # correct typing habits and report mistakes (style.proofing: off)
    fonts: dict[str, tuple[Path, int]] = field(default_factory=dict)  # role -> (file, face)
    lang: str = "zh-CN"  # the text's language (BCP 47), written into the PDF
    pdf: str = "archive"  # archive: tagged PDF/A-2u, PDF/UA-1 | plain: untagged, DeviceCMYK


@record
class Issue:
    """One issue of the newsletter, as its manifest describes it."""

    source: Path  # the manifest
    masthead: Masthead
    sections: list[Section]
    contents: bool = False
    colophon: Colophon | None = None
    style: Style = field(default_factory=Style)

    @property
    def name(self) -> str:
        """嘉定国资 2023年第10期"""
        return f"{self.masthead.title} {self.masthead.issue_label}"

    def articles(self):
        for section in self.sections:
            yield from section.articles
