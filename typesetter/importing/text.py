"""A plain-text (.txt) or Markdown (.md) article read into an imported article.

Paragraphs as in a body file (blank lines, or an indented line — text copied out of Word);
the title is the first line (in Markdown the first "# " heading); "## " lines are
subheadings; in Markdown, pictures ![说明](file) are taken with their captions and the
emphasis marks ** __ are dropped. Text in GBK (as Windows Notepad saves it) is read too.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Problem
from ..model import Table
from .article import PRINTABLE_IMAGES, ImportedArticle, Picture, Source, assemble, pipe_table

MAX_BYTES = 20 * 1024 * 1024
MAX_PICTURE = 50 * 1024 * 1024

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")


def read_text_article(path: Path) -> ImportedArticle:
    text, notes = _decode(path)
    markdown = path.suffix.lower() in (".md", ".markdown")
    from ..manifest.schema import split_paragraphs

    not_taken: list[str] = []
    sources: list[Source] = []
    if not markdown:  # a plain-text file's first line is its title, whatever follows it
        lines = text.lstrip("\ufeff").splitlines()
        first = next((k for k, line in enumerate(lines) if line.strip(" \t\u3000")), None)
        if first is not None:
            sources.append(Source(lines[first].strip(" \t\u3000"), heading_level=0))
            text = "\n".join(lines[first + 1:])
    for p in split_paragraphs(text, path, 1, path.name):
        if isinstance(p, Table):  # rows pasted from a spreadsheet, or a pipe table: kept as written
            sources.append(Source("", table=_table_block(p)))
            continue
        line = p.text
        level = 2 if p.heading else None
        if markdown:
            m = re.match(r"(#{1,6})\s+(.*)", line)
            if m:
                level, line = len(m.group(1)) - 1, m.group(2)
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            line = _MD_LINK.sub(r"\1", line)
            pictures = []
            for alt, target in _MD_IMAGE.findall(line):
                picture = _picture(path, target, not_taken)
                if picture:
                    picture.caption = alt.strip() or None
                    pictures.append(picture)
            line = _MD_IMAGE.sub("", line).strip()
            if pictures:
                # a picture's caption is its ![说明]; the paragraph's other text stays body text
                sources.append(Source("", pictures))
                if not line:
                    continue
        sources.append(Source(line, heading_level=level))
    return assemble(path, sources, not_taken, notes)


def _table_block(table: Table) -> str:
    """A table read from the file, written back as the body format reads it."""
    lines = [line for line in (table.caption, table.unit) if line]
    lines.append(pipe_table([table.header, *table.rows]))
    return "\n".join(lines + list(table.notes))


def _decode(path: Path) -> tuple[str, list[str]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, None, "找不到这个文件。请检查文件名和路径。")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, None, f"无法读取这个文件：{exc.strerror}。")]) from None
    if len(data) > MAX_BYTES:
        raise InputError([Problem(path, None, None, f"文本文件有 {len(data) // 1024 // 1024} MB，太大了（上限 20 MB）。")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding, note in (("utf-8", None), ("utf-16", "UTF-16"), ("gb18030", "GBK/GB18030")):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, ([f"文件是 {note} 编码，已按 {note} 读取，请核对文字。"] if note else [])
    raise InputError([Problem(path, None, None,
        "无法识别这个文本文件的编码（不是 UTF-8，也不是 GBK）。请用记事本“另存为”，在“编码”中选择 UTF-8 后再导入。")])


def _picture(md: Path, target: str, not_taken: list[str]) -> Picture | None:
    if re.match(r"[a-z]+://", target, re.I):
        not_taken.append(f"网络图片 {target}：只能导入本机的图片文件。请先下载到本机，再把路径写进 Markdown。")
        return None
    file = (md.parent / target)
    ext = PRINTABLE_IMAGES.get(file.suffix.lower())
    if not file.is_file():
        not_taken.append(f"图片 {target}：找不到这个文件（路径相对于 {md.name} 所在的文件夹）。")
        return None
    if ext is None or file.stat().st_size > MAX_PICTURE:
        not_taken.append(f"图片 {target}：不是可排印的图片格式（JPEG、PNG 等）或文件过大。")
        return None
    return Picture(file.read_bytes(), ext, file.name)
