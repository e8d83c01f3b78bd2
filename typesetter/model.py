"""The issue as plain data: what the manifest says, validated, with nothing about layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Loc:
    """Where something came from, for messages: file, line and column (1-based), key path."""

    file: Path
    line: int
    col: int
    path: str

    def __str__(self) -> str:
        return f"{self.file} 第 {self.line} 行第 {self.col} 列（{self.path}）"


@dataclass
class Masthead:
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


@dataclass
class Paragraph:
    text: str  # source lines joined
    loc: Loc
    heading: bool = False  # an in-article subheading ("## ")


@dataclass
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


@dataclass
class Image:
    file: Path
    loc: Loc
    caption: str | None = None
    span: str = "column"  # column | page
    pixels: tuple[int, int] = (1, 1)  # upright width and height, read when checked


@dataclass
class Article:
    title: str  # may hold "\n" for a two-line title
    body: list[Paragraph | Table]  # in order
    loc: Loc
    subtitle: str | None = None
    note: str | None = None  # 编者按
    images: list[Image] = field(default_factory=list)
    credit: str | None = None


@dataclass
class Brief:
    text: str
    loc: Loc


@dataclass
class Section:
    name: str
    loc: Loc
    articles: list[Article] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)


@dataclass
class ColophonLine:
    label: str  # 报 / 送 / 发
    to: str


@dataclass
class Colophon:
    lines: list[ColophonLine]
    copies: int | None = None


@dataclass
class Style:
    paper: str = "A4"
    columns: int = 2
    body_size: float = 10.5
    punctuation: str = "quanjiao"
    fonts: dict[str, tuple[Path, int]] = field(default_factory=dict)  # role -> (file, face)


@dataclass
class Issue:
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
