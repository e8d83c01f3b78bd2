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
class Image:
    file: Path
    loc: Loc
    caption: str | None = None
    span: str = "column"  # column | page
    pixels: tuple[int, int] = (1, 1)  # upright width and height, read when checked
    fit: str = "scale"  # scale: whole picture, scaled | crop: a tall one cut to a sensible shape
    width: float | None = None  # share of the column's (page's) width asked for; None: the layout's choice
    row: int = 0  # pictures with the same row number (not 0) stand side by side, one caption each


@dataclass
class Article:
    title: str  # may hold "\n" for a two-line title
    body: list[Paragraph]
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
    lang: str = "zh-CN"  # the text's language (BCP 47), written into the PDF
    pdf: str = "archive"  # archive: tagged PDF/A-2u, PDF/UA-1 | plain: untagged, DeviceCMYK


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
