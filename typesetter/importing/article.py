"""An article as read from a contributor's file, and the conventions of such files: which
paragraph is the title, the credit line, a picture's caption, a subheading.

Plain data and plain functions over text: the readers (docx.py, text.py) describe each
paragraph as it stands in the file (`Source`), and `assemble` turns them into an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..manifest import tables

# Formats the layout's image pipeline reads (images.py, via Pillow) and prints.
PRINTABLE_IMAGES = {".jpg": ".jpg", ".jpeg": ".jpg", ".jfif": ".jpg", ".png": ".png", ".gif": ".gif",
                    ".bmp": ".bmp", ".tif": ".tif", ".tiff": ".tif"}


@dataclass
class Picture:
    data: bytes
    ext: str  # .jpg .png …, one of PRINTABLE_IMAGES' values
    name: str  # as it is called inside the file, for messages
    caption: str | None = None


@dataclass
class ImportedParagraph:
    text: str
    heading: bool = False  # an in-article subheading ("## " in a body file)
    table: bool = False  # text is a table's block of lines (pipe_table)


@dataclass
class ImportedArticle:
    source: Path
    title: str
    paragraphs: list[ImportedParagraph]
    pictures: list[Picture] = field(default_factory=list)
    credit: str | None = None
    subtitle: str | None = None
    not_taken: list[str] = field(default_factory=list)  # what the file holds that is not in the article
    notes: list[str] = field(default_factory=list)  # how something was read, for the editor to check


@dataclass
class Source:
    """One paragraph as it stands in the file, before any convention is applied."""

    text: str  # lines (Shift+Enter) joined, the first-line indent removed
    pictures: list[Picture] = field(default_factory=list)
    centred: bool = False
    right: bool = False
    bold: bool = False  # every character bold
    size: float | None = None  # the largest type size in it, pt
    heading_level: int | None = None  # 0: a title style; 1…: a heading style (or "#" in Markdown)
    caption_style: bool = False
    table: str | None = None  # a table, as pipe_table writes it (text is then empty)


# -- conventions ------------------------------------------------------------------------------

_BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "［": "］"}
_CREDIT = re.compile(
    r"(供稿单位|供稿|稿件来源|来源|撰稿人|撰稿|作者|执笔|通讯员|文字|摄影|图片|图文|文图|文|图)"
    r"\s*[:：/／]\s*\S")
_SENTENCE_END = tuple("。！？；…")
_NUMBERED = re.compile(r"([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}[、.．](?!\d))")
_CAPTION_MARK = re.compile(r"^(?:[▲△▼↑↓◆●■]\s*|(?:上|下|左|右)?图(?:\s*\d+)?\s*[:：]\s*|图为\s*[:：]?\s*|图片\s*[:：]\s*)")

SHORT = 40  # a subheading or a caption is at most this many characters


def unbracketed(text: str) -> str:
    """The text inside one pair of brackets around all of it: （供稿：…） → 供稿：…"""
    text = text.strip()
    if len(text) > 2 and _BRACKETS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def credit_of(text: str) -> str | None:
    """供稿：新城公司 翟芳华 from a credit line in any of its forms ("供稿：…", "（供稿：…）",
    "【作者：…】", "文/…"), or None. The layout prints it in 【】."""
    inner = unbracketed(text)
    if len(inner) > 80 or not _CREDIT.match(inner):
        return None
    inner = re.sub(r"^(\w+?)\s*[:：]\s*", r"\1：", inner, count=1)  # the label's colon full width
    return re.sub(r"\s+", " ", inner)


def caption_of(text: str) -> str:
    """A caption without its markers: "▲张英一行…" and "图为张英一行…" → "张英一行…"."""
    inner = unbracketed(text)
    caption = inner
    while (shorter := _CAPTION_MARK.sub("", caption, count=1).strip()) != caption:
        caption = shorter  # "▲图为……": both markers
    return caption or inner


def looks_like_caption(p: Source) -> bool:
    text = p.text.strip()
    if not text or len(text) > 2 * SHORT or p.pictures:
        return False
    if p.caption_style or _CAPTION_MARK.match(unbracketed(text)):
        return True
    if p.heading_level is not None or len(text) > SHORT or credit_of(text):
        return False
    if p.centred:
        return True
    # a short line after a picture, not a sentence and not set as a subheading would be
    return not (p.bold or _NUMBERED.match(text) or text.endswith(_SENTENCE_END))


def is_subheading(p: Source) -> bool:
    text = p.text
    if not text or p.pictures or "\n" in text:
        return False
    if p.heading_level is not None and p.heading_level >= 1:
        return True
    short = len(text) <= SHORT and not text.endswith(_SENTENCE_END + tuple("，、："))
    return short and (p.bold or bool(_NUMBERED.match(text)))


# -- assembly ---------------------------------------------------------------------------------

def assemble(source: Path, paragraphs: list[Source], not_taken: list[str], notes: list[str]) -> ImportedArticle:
    """Title, subtitle, body with subheadings, pictures with captions and the credit, from
    the paragraphs of a file. Nothing is dropped: what is not a title, a caption or the
    credit is body text."""
    from ..errors import InputError, Problem

    paras = [p for p in paragraphs if p.text or p.pictures or p.table]
    texts = [k for k, p in enumerate(paras) if p.text]
    if not texts:
        what = ("只有表格，没有标题和正文文字" if any(p.table for p in paras)
                else "只有图片，没有文字" if any(p.pictures for p in paras) else "没有文字")
        raise InputError([Problem(source, None, None,
            f"这个文件{what}。请确认发来的是稿件本身（正文在 Word 的正文里，而不在文本框、表格或图片里）。")])
    title_at = _title(paras, texts)
    if title_at is None:  # the file opens with body text: no title line
        title = source.stem
        notes.append(f"文件开头就是正文，没有标题行：用文件名“{title}”作了标题，请在清单中改成文章的标题。")
        before, rest = [], paras
    else:
        title = paras[title_at].text.replace("\n", "")
        before = [p for p in paras[:title_at] if p.text]
        rest = paras[title_at + 1:]
        if paras[title_at].pictures:
            rest.insert(0, Source("", paras[title_at].pictures))

    credits: list[str] = []
    # the credit line(s) among the last three paragraphs (a date may follow it), then one
    # right under the title
    tail = [k for k in range(len(rest) - 1, -1, -1) if rest[k].text][:3]
    for k in tail:
        if not rest[k].pictures and credit_of(rest[k].text):
            credits.insert(0, credit_of(rest[k].text))
    rest = [p for k, p in enumerate(rest) if not (k in tail and not p.pictures and credit_of(p.text))]
    for p in before:
        if credit_of(p.text):
            credits.insert(0, credit_of(p.text))
    before = [p for p in before if not credit_of(p.text)]
    subtitle = None
    if rest and rest[0].text and not rest[0].pictures:
        first = rest[0]
        if credit_of(first.text):
            credits.insert(0, credit_of(first.text))
            rest.pop(0)
        elif (first.centred or first.text.startswith(("——", "—", "--"))) and len(first.text) <= SHORT \
                and first.heading_level is None and not first.bold:
            subtitle = first.text.replace("\n", "")
            rest.pop(0)

    body: list[ImportedParagraph] = []
    pictures: list[Picture] = []
    if before:
        notes.append("标题之前的段落（" + "、".join(f"“{snippet(p.text)}”" for p in before)
                     + "）放在了正文开头，请核对是否需要。")
        rest = before + rest
    k = 0
    while k < len(rest):
        p = rest[k]
        k += 1
        if p.table:
            _add_table(body, p.table)
            continue
        if body and body[-1].table and _TABLE_NOTE.match(p.text):  # 注：… under a table: its note
            body[-1].text += "\n" + p.text
            continue
        if p.pictures:
            pictures += p.pictures
            if p.text and len(p.text) <= 2 * SHORT and not credit_of(p.text):
                p.pictures[-1].caption = caption_of(p.text)  # the caption in the picture's paragraph
                continue
            if p.pictures[-1].caption is None and k < len(rest) and looks_like_caption(rest[k]):
                p.pictures[-1].caption = caption_of(rest[k].text.replace("\n", ""))
                k += 1
            if not p.text:
                continue
        body.append(ImportedParagraph(p.text.replace("\n", ""), is_subheading(p)))
    if not any(not p.heading for p in body):
        raise InputError([Problem(source, None, None,
            f"这个文件只有标题“{snippet(title)}”，没有正文段落。请确认文件是否完整。")])
    credit = " ".join(credits) or None
    return ImportedArticle(source, title, body, pictures, credit, subtitle, not_taken, notes)


# the lines the body format reads as a table's caption or unit, and as its note
_TABLE_CAPTION = re.compile(f"{tables.CAPTION}|{tables.UNIT}")
_TABLE_NOTE = re.compile(tables.NOTE)


def _add_table(body: list[ImportedParagraph], block: str) -> None:
    """A table into the body; the caption (表1 …) and unit (单位：…) lines right before it
    join its block, as the body format reads them."""
    lines = [block]
    while body and not body[-1].heading and not body[-1].table and len(lines) < 3 \
            and len(body[-1].text) <= 2 * SHORT and _TABLE_CAPTION.match(body[-1].text):
        lines.insert(0, body.pop().text)
    body.append(ImportedParagraph("\n".join(lines), table=True))


def pipe_table(rows: list[list[str]]) -> str:
    """Rows of cells as a pipe table: the first row its header, then a separator row; every
    row as wide as the widest, a bar in a cell written \\|."""
    width = max(len(r) for r in rows)

    def cell(text: str) -> str:
        text = re.sub(r"\s+", " ", text).strip()
        return re.sub(r"([|｜])", r"\\\1", text)

    def row(cells: list[str]) -> str:
        cells = [cell(c) for c in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    return "\n".join([row(rows[0]), "|" + "---|" * width] + [row(r) for r in rows[1:]])


def _title(paras: list[Source], texts: list[int]) -> int | None:
    """The title: a paragraph in a title style, else the largest type among the opening
    paragraphs, else the first centred one there, else the first paragraph with text —
    unless that is a long paragraph of body text (None: the file has no title line)."""
    opening = []
    for k in texts:
        if len(paras[k].text) > 2 * SHORT or credit_of(paras[k].text):
            if len(paras[k].text) > 2 * SHORT:
                break
            continue
        opening.append(k)
        if len(opening) == 4:
            break
    if not opening:
        return None
    for level in (0, 1):
        styled = [k for k in opening if paras[k].heading_level == level]
        if styled:
            return styled[0]
    sizes = sorted(paras[k].size for k in texts if paras[k].size)
    body_size = sizes[len(sizes) // 2] if sizes else None
    largest = max(opening, key=lambda k: paras[k].size or 0)
    if body_size and (paras[largest].size or 0) > body_size + 0.5:
        return largest
    centred = [k for k in opening if paras[k].centred]
    if centred:
        return centred[0]
    return texts[0]


def snippet(text: str, n: int = 16) -> str:
    """The opening of a text, for a message."""
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "……"
