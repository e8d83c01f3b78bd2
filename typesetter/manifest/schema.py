"""Manifest format 1: check a YAML node tree against the format and build the model.

Every problem is collected (not just the first), each with its file, line, column and key
path, in Chinese, with what was expected and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import InputError, Problem
from ..fontset import ROLES, parse_font_spec
from ..images import open_source
from ..model import (
    Article, Brief, Colophon, ColophonLine, Image, Issue, Loc, Masthead, Origin, Paragraph,
    Section, Style, Table,
)
from ..text.atoms import PUNCTUATION_STYLES
from ..text.normalize import join_source_lines_mapped
from ..units import HAO, PAPERS
from .loader import read_text, yaml
from .origins import Places, scalar_places, text_places, unfolded, yaml_lines
from .tables import SourceLine, split_block

_CONSTRUCTOR = yaml.SafeLoader("")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_DATE = "tag:yaml.org,2002:timestamp"

_KIND = {
    yaml.MappingNode: "键值表（key: value）",
    yaml.SequenceNode: "列表（以“- ”开头的各项）",
    yaml.ScalarNode: "文字或数字",
}


class Checker:
    def __init__(self, file: Path, source: str | None = None):
        self.file = file
        self.base = file.parent
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._lines: list[str] | None = yaml_lines(source) if source is not None else None

    def places(self, node: yaml.Node) -> Places:
        """Where in the file each character of a scalar's value is."""
        if self._lines is None:
            self._lines = yaml_lines(read_text(self.file))
        return scalar_places(self._lines, node)

    def joined(self, node: yaml.Node, value: str) -> tuple[str, Origin]:
        """A scalar's value with its lines joined, and where each character is in the file."""
        places = self.places(node)
        text, segments = join_source_lines_mapped(unfolded(value, node, places))
        return text, places.origin(self.file, segments)

    # -- reporting --------------------------------------------------------------------------

    def error(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        where = f"{path}：" if path else ""
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, where + message))

    def loc(self, node: yaml.Node, path: str) -> Loc:
        return Loc(self.file, node.start_mark.line + 1, node.start_mark.column + 1, path)

    # -- structure --------------------------------------------------------------------------

    def visit(self, node: yaml.Node, path: str) -> bool:
        """False for a node seen before: an alias (*name). Aliases are refused, which also
        makes an alias bomb ("billion laughs") cost nothing."""
        if id(node) in self._seen:
            self.error(node, path, "用了 YAML 别名（*名字）。清单不支持别名：请把内容直接写出来。")
            return False
        self._seen.add(id(node))
        return True

    def mapping(self, node, path, known: dict[str, str], required=()) -> dict[str, yaml.Node]:
        """The keys of a mapping node; unknown, duplicate and missing keys are reported.

        known: key -> a short Chinese description used in messages."""
        if not self.expect(node, path, yaml.MappingNode):
            return {}
        found: dict[str, yaml.Node] = {}
        lines: dict[str, int] = {}
        meant: set[str] = set()  # known keys an unknown key was probably meant to be
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = f"{path}.{key}" if path else key
            if key in found:
                self.error(key_node, here,
                    f"键“{key}”出现了两次（第 {lines[key]} 行和第 {key_node.start_mark.line + 1} 行）。"
                    "YAML 只会保留后一个，前一个的内容就丢了：请合并或删去其中一个。")
                continue
            if key not in known:
                self.error(key_node, here, self._unknown_key(key, known, path))
                meant.update(_close(key, list(known), 0.5))
                continue
            if self.visit(value_node, here):
                found[key] = value_node
                lines[key] = key_node.start_mark.line + 1
        for key in required:
            if key not in found and key not in lines and key not in meant:
                self.error(node, path or "清单",
                    f"缺少必需的键“{key}”（{known[key]}）。请在这一层加上一行“{key}: …”。")
        return found

    def _unknown_key(self, key: str, known: dict[str, str], path: str) -> str:
        where = f"{path} 下" if path else "清单顶层"
        msg = f"{where}没有“{key}”这个键。"
        close = _close(key, list(known), 0.5)
        if close:
            msg += f"是不是想写“{close[0]}”？"
        msg += "可用的键有：" + "、".join(known) + "。"
        return msg

    def expect(self, node, path, kind) -> bool:
        if isinstance(node, kind):
            return True
        if node.tag == _NULL and isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"是空的，这里应写{_KIND[kind]}。")
        else:
            self.error(node, path, f"应为{_KIND[kind]}，实际写的是{_KIND[type(node)]}。")
        return False

    def sequence(self, node, path) -> list[yaml.Node]:
        if not self.expect(node, path, yaml.SequenceNode):
            return []
        items = []
        for i, item in enumerate(node.value):
            if self.visit(item, f"{path}[{i}]"):
                items.append(item)
        return items

    # -- scalars ----------------------------------------------------------------------------

    def text(self, node, path, *, allow_empty=False) -> str | None:
        """Any scalar read as the text the editor typed (2023年, 10:30 and yes stay text)."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"应为一段文字，实际写的是{_KIND[type(node)]}。"
                       "若文字以“- ”或“[”开头，请给它加上引号。")
            return None
        value = "" if node.tag == _NULL else str(node.value)
        if not value.strip() and not allow_empty:
            self.error(node, path, "是空的。请填写内容，或删去这个键。")
            return None
        return value

    def integer(self, node, path, lo: int, hi: int, example: str) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            value = _CONSTRUCTOR.construct_object(node)
            if lo <= value <= hi:
                return value
            self.error(node, path, f"数值 {value} 不在 {lo} 到 {hi} 之间。")
            return None
        shown = node.value if isinstance(node, yaml.ScalarNode) else _KIND[type(node)]
        self.error(node, path, f"应为整数（如 {example}），实际是“{shown}”。请只写阿拉伯数字。")
        return None

    def boolean(self, node, path) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            return _CONSTRUCTOR.construct_object(node)
        shown = node.value if isinstance(node, yaml.ScalarNode) else _KIND[type(node)]
        self.error(node, path, f"应为 true 或 false，实际是“{shown}”。")
        return None

    def date(self, node, path) -> dt.date | None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _DATE:
                try:
                    value = _CONSTRUCTOR.construct_object(node)
                except ValueError:
                    value = None
                if isinstance(value, dt.datetime):
                    return value.date()
                if isinstance(value, dt.date):
                    return value
            try:
                value = date_from_text(str(node.value))
            except ValueError:
                self.error(node, path, f"“{node.value}”不是一个存在的日期。请写成 2023-10-16 的形式。")
                return None
            if value:
                return value
        shown = node.value if isinstance(node, yaml.ScalarNode) else _KIND[type(node)]
        self.error(node, path, f"应为日期，写作 2023-10-16，实际是“{shown}”。")
        return None

    def choice(self, node, path, options) -> str | None:
        value = self.text(node, path)
        if value is None:
            return None
        if value in options:
            return value
        close = _close(value, list(options), 0.4)
        hint = f"是不是“{close[0]}”？" if close else ""
        self.error(node, path, f"“{value}”不是可选的值。{hint}可选：" + "、".join(options) + "。")
        return None


def date_from_text(text: str) -> dt.date | None:
    """A date as editors write it: 2023-10-16, 2023/10/16, 2023.10.16, 2023年10月16日; None
    for text that is no date; ValueError for one that does not exist (2023-02-30)."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    return dt.date(*map(int, m.groups())) if m else None


# -- the format -------------------------------------------------------------------------------

TOP = {
    "masthead": "报头", "contents": "是否印本期要目，true 或 false", "sections": "栏目列表",
    "colophon": "报尾", "style": "版式设置",
}
MASTHEAD = {
    "title": "简报名称，如 嘉定国资", "year": "年份，如 2023", "number": "期号，如 10",
    "total": "总期号，如 123", "editor": "编印单位", "date": "印发日期，如 2023-10-16",
    "notice": "左上角的密级或“内部资料 注意保存”",
}
SECTION = {"name": "栏目名称，如 领导关注", "articles": "文章列表", "briefs": "简讯列表"}
ARTICLE = {
    "title": "标题", "subtitle": "副标题", "note": "编者按", "body": "正文",
    "body_file": "正文所在的文件", "images": "图片列表", "credit": "供稿，如 供稿：新城公司 翟芳华",
}
IMAGE = {"file": "图片文件", "caption": "图片说明", "span": "column（一栏宽）或 page（通栏）",
         "fit": "scale（整张缩放）或 crop（过高的竖图可裁切）", "width": "宽度占栏宽（通栏图占版心宽）的比例，如 60% 或 0.6",
         "row": "true：与相邻的 row: true 图片并排；或并排的 2～3 张图片的列表"}
ROW = {"row": "并排的 2～3 张图片的列表", "span": "page（通栏，默认）或 column（一栏宽）"}
COLOPHON = {"lines": "报、送、发各行", "copies": "印数，如 120"}
COLOPHON_LINE = {"label": "报、送或发", "to": "对象，如 各区管企业"}
STYLE = {
    "paper": "纸张，如 A4", "columns": "栏数，如 2", "body_size": "正文字号，如 五号 或 10.5",
    "punctuation": "标点样式", "fonts": "各角色的字体",
    "lang": "正文语言，如 zh-CN", "pdf": "PDF 类型：archive（默认，带结构标签的 PDF/A）或 plain（不带标签）",
    "proofing": "校对：on（默认，排印时改正习惯写法并提示）或 off（不校对）",
}
PDF_KINDS = ("archive", "plain")
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def check_manifest(root: yaml.Node | None, file: Path, source: str | None = None) -> Issue:
    """The issue a node tree describes. source: the text it was composed from, if not the
    file's (for the places of the characters in messages)."""
    c = Checker(file, source)
    if root is None:
        raise InputError([Problem(file, None, None, "清单文件是空的。")])
    c.visit(root, "")
    top = c.mapping(root, "", TOP, required=("masthead", "sections"))
    masthead = _masthead(c, top["masthead"]) if "masthead" in top else None
    contents = c.boolean(top["contents"], "contents") if "contents" in top else False
    sections = _sections(c, top["sections"]) if "sections" in top else []
    colophon = _colophon(c, top["colophon"]) if "colophon" in top else None
    style = _style(c, top["style"]) if "style" in top else Style()
    if c.problems:
        raise InputError(c.problems)
    return Issue(file, masthead, sections, bool(contents), colophon, style)


def _masthead(c: Checker, node) -> Masthead | None:
    f = c.mapping(node, "masthead", MASTHEAD, required=("title", "number", "editor", "date"))
    get = lambda key, fn: fn(f[key], f"masthead.{key}") if key in f else None  # noqa: E731
    title = get("title", c.text)
    year = get("year", lambda n, p: c.integer(n, p, 1900, 2200, "2023"))
    number = get("number", lambda n, p: c.integer(n, p, 0, 100000, "10"))
    total = get("total", lambda n, p: c.integer(n, p, 1, 1000000, "123"))
    editor = get("editor", c.text)
    date = get("date", c.date)
    notice = get("notice", lambda n, p: c.text(n, p, allow_empty=True))
    if None in (title, number, editor, date):
        return None
    return Masthead(title.strip(), number, editor.strip(), date, year, total,
                    notice.strip() or None if notice else None)


def _sections(c: Checker, node) -> list[Section]:
    sections = []
    items = c.sequence(node, "sections")
    if isinstance(node, yaml.SequenceNode) and not node.value:
        c.error(node, "sections", "栏目列表是空的。请至少写一个栏目（- name: …）。")
    for i, item in enumerate(items):
        path = f"sections[{i}]"
        f = c.mapping(item, path, SECTION, required=("name",))
        if not f and not isinstance(item, yaml.MappingNode):
            continue
        name = c.text(f["name"], f"{path}.name") if "name" in f else None
        section = Section((name or "").strip(), c.loc(item, path))
        if name:
            section.name, section.name_origin = c.joined(f["name"], name)
        if "articles" in f and not _null(f["articles"]):
            for j, a in enumerate(c.sequence(f["articles"], f"{path}.articles")):
                article = _article(c, a, f"{path}.articles[{j}]")
                if article:
                    section.articles.append(article)
        if "briefs" in f and not _null(f["briefs"]):
            for j, b in enumerate(c.sequence(f["briefs"], f"{path}.briefs")):
                text = c.text(b, f"{path}.briefs[{j}]")
                if text:
                    joined, origin = c.joined(b, text)
                    section.briefs.append(Brief(joined, c.loc(b, f"{path}.briefs[{j}]"), origin))
        # a section with nothing in it yet (an issue being put together) is valid: the
        # layout leaves it out of the PDF with a warning
        sections.append(section)
    return sections


def _null(node) -> bool:
    """An empty value ("articles:" with nothing after it)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _article(c: Checker, node, path) -> Article | None:
    f = c.mapping(node, path, ARTICLE, required=("title",))
    if not f:
        return None
    title = c.text(f["title"], f"{path}.title") if "title" in f else None
    subtitle = c.text(f["subtitle"], f"{path}.subtitle", allow_empty=True) if "subtitle" in f else None
    note = c.text(f["note"], f"{path}.note", allow_empty=True) if "note" in f else None
    credit = c.text(f["credit"], f"{path}.credit", allow_empty=True) if "credit" in f else None
    origins: dict[str, Origin] = {}
    joined: dict[str, str | None] = {}
    for key, value in (("subtitle", subtitle), ("note", note), ("credit", credit)):
        joined[key] = None
        if value:
            joined[key], origins[key] = c.joined(f[key], value)
    if title:
        origins["title"] = _title_origin(c, f["title"], title)
    body: list[Paragraph] = []
    if "body" in f and "body_file" in f:
        c.error(f["body_file"], f"{path}.body_file",
                "body 和 body_file 只能写一个：正文要么直接写在 body 里，要么放在 body_file 指向的文件里。")
    elif "body" in f:
        text = c.text(f["body"], f"{path}.body")
        if text:
            first = f["body"].start_mark.line + (2 if f["body"].style in ("|", ">") else 1)
            places = c.places(f["body"])
            try:
                body = split_paragraphs(unfolded(text, f["body"], places), c.file, first, f"{path}.body",
                                        places)
            except InputError as exc:  # a bad table
                c.problems.extend(exc.problems)
    elif "body_file" in f:
        name = c.text(f["body_file"], f"{path}.body_file")
        if name:
            body_path = c.base / name
            try:
                text = read_text(body_path, "正文文件")
            except InputError as exc:
                where = c.loc(f["body_file"], f"{path}.body_file")
                for p in exc.problems:
                    c.problems.append(Problem(c.file, where.line, where.col,
                        f"{path}.body_file：{p.file}：{p.message}"))
                text = None
            if text is not None:
                try:
                    body = split_paragraphs(text, body_path, 1, f"{path}.body_file")
                except InputError as exc:
                    c.problems.extend(exc.problems)
                    text = None
                if text is not None and not body:
                    c.error(f["body_file"], f"{path}.body_file", f"正文文件 {body_path} 是空的。")
    elif "title" in f:
        c.error(node, path, "文章没有正文。请加上 body（正文）或 body_file（正文文件）。")
    images = _images(c, f["images"], f"{path}.images") if "images" in f else []
    if title is None:
        return None
    return Article(title.strip("\n").rstrip(), body, c.loc(node, path), joined["subtitle"] or None,
                   joined["note"] or None, images, joined["credit"] or None, origins)


def _title_origin(c: Checker, node, title: str) -> Origin:
    """A title keeps its line break (a two-line title): the origin of title.strip("\n")."""
    lead = len(title) - len(title.lstrip("\n"))
    return c.places(node).origin(c.file, [(0, lead, len(title) - lead)])


def split_paragraphs(text: str, file: Path, first_line: int, path: str,
                     places: Places | None = None) -> list[Paragraph | Table]:
    """Paragraphs are separated by blank lines, or start at an indented line (text pasted
    from Word: one line a paragraph, each opening with 　　); "## " starts an in-article
    subheading. Lines without an indent are joined (text hard-wrapped at a fixed width). A
    block of table rows is a table (manifest/tables.py); bad tables are an InputError that
    lists every one.

    places: where each character of text is (a YAML scalar's); by default text is a file's
    from first_line on."""
    if places is None:
        places = text_places(text, first_line)
    body: list[Paragraph | Table] = []
    problems: list[Problem] = []
    block: list[SourceLine] = []  # lines with no blank line between them
    offset = 0
    paragraphs = 0  # in body so far (their number names them in messages)
    for line in text.splitlines(keepends=True) + [""]:
        content = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        blank = not content.strip(" \t\u3000")
        if not blank:
            block.append(SourceLine(content, offset, places))
        while block and blank:
            before, table, block = split_block(block, file, path, problems)
            paragraphs = _add_paragraphs(body, paragraphs, before, text, places, file, path)
            if table is not None:
                body.append(table)
        offset += len(line)
    if problems:
        raise InputError(problems)
    return body


def _add_paragraphs(body: list, paragraphs: int, lines: list[SourceLine], text: str, places: Places,
                    file: Path, path: str) -> int:
    """Lines with no blank line between them as paragraphs: an indented line starts one.
    paragraphs: how many body holds already; returns how many it holds now."""
    groups: list[list[SourceLine]] = []
    for line in lines:
        if not groups or _INDENT.match(line.text):
            groups.append([])
        groups[-1].append(line)
    for group in groups:
        start, end = group[0].offset, group[-1].offset + len(group[-1].text)
        paragraph = _paragraph(text[start:end], start, places, file, f"{path} 第 {paragraphs + 1} 段")
        if paragraph:
            body.append(paragraph)
            paragraphs += 1
    return paragraphs


def _paragraph(block: str, offset: int, places: Places, file: Path, path: str) -> Paragraph | None:
    joined, segments = join_source_lines_mapped(block)
    heading = joined.startswith(("## ", "##\u3000"))
    if heading:
        body = joined[3:]
        lead = 3 + len(body) - len(body.lstrip(" \u3000"))
        joined = body.strip(" \u3000")
        segments = _cut(segments, lead, lead + len(joined))
    if not joined:
        return None
    origin = places.origin(file, segments, offset)
    return Paragraph(joined, Loc(file, origin.position(0)[0], 1, path), heading, origin)


def _cut(segments, start: int, end: int):
    """The segments of text[start:end], offsets from start."""
    out = []
    for t, b, n in segments:
        a, z = max(t, start), min(t + n, end)
        if a < z:
            out.append((a - start, b + a - t, z - a))
    return out


# A paragraph's first-line indent as typed or pasted: ideographic spaces, a tab, two spaces.
_INDENT = re.compile(r"(\u3000|\t| {2})")


def _images(c: Checker, node, path) -> list[Image]:
    """An article's pictures. Two ways to set photos side by side: an item `row:` holding a
    list of 2–3 pictures, or neighbouring pictures each marked `row: true`."""
    images: list[Image] = []
    rows = 0
    marked: list[tuple[Image, yaml.Node]] = []  # the current run of `row: true` pictures

    def close_marked() -> None:
        nonlocal rows
        if len(marked) == 1:
            image, where = marked[0]
            c.error(where, image.loc.path, "标了 row: true，但前后没有同样标了 row: true 的图片，"
                    "无法并排。请给要并排的 2～3 张相邻图片都写上 row: true，或删去这个键。")
        elif marked:
            for size in _row_sizes(len(marked)):  # more than three: rows of two or three
                rows += 1
                group = marked[:size]
                # side by side across the page unless every one of them asks for a column
                span = "column" if all(_key_node(item, "span") is not None and image.span == "column"
                                       for image, item in group) else "page"
                for image, _ in group:
                    image.row = rows
                    image.span = span
                del marked[:size]
        marked.clear()

    for j, item in enumerate(c.sequence(node, path)):
        where = f"{path}[{j}]"
        row_node = _key_node(item, "row")
        if row_node is not None and isinstance(row_node, yaml.SequenceNode):
            close_marked()
            f = c.mapping(item, where, ROW, required=("row",))
            span = c.choice(f["span"], f"{where}.span", ("column", "page")) if "span" in f else "page"
            members = c.sequence(row_node, f"{where}.row")
            if not 2 <= len(members) <= 3:
                c.error(row_node, f"{where}.row", f"一行并排 2～3 张图片，这里有 {len(members)} 张。"
                        "请拆成几行，或把单张图片直接写在 images 下。")
            rows += 1
            for k, member in enumerate(members):
                image = _image(c, member, f"{where}.row[{k}]", in_row=True)
                if image:
                    image.row = rows if len(members) > 1 else 0
                    image.span = span or "page"
                    images.append(image)
            continue
        image = _image(c, item, where)
        if image is None:
            continue
        images.append(image)
        if image.row:  # marked row: true
            image.row = 0
            marked.append((image, item))
        else:
            close_marked()
    close_marked()
    return images


def _row_sizes(n: int) -> list[int]:
    """n ≥ 2 pictures in rows of three, with rows of two where three do not come out even."""
    sizes = []
    while n > 0:
        size = 2 if n in (2, 4) else 3
        sizes.append(size)
        n -= size
    return sizes


def _key_node(item, name: str):
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value == name:
                return value
    return None


def _image(c: Checker, node, path, in_row: bool = False) -> Image | None:
    known = {k: v for k, v in IMAGE.items() if not (in_row and k in ("row", "span"))}
    f = c.mapping(node, path, known, required=("file",))
    name = c.text(f["file"], f"{path}.file") if "file" in f else None
    caption = c.text(f["caption"], f"{path}.caption", allow_empty=True) if "caption" in f else None
    span = c.choice(f["span"], f"{path}.span", ("column", "page")) if "span" in f else "column"
    fit = c.choice(f["fit"], f"{path}.fit", ("scale", "crop")) if "fit" in f else "scale"
    width = _share(c, f["width"], f"{path}.width") if "width" in f else None
    row = c.boolean(f["row"], f"{path}.row") if "row" in f else False
    if not name:
        return None
    file = c.base / name
    if not file.is_file():
        c.error(f["file"], f"{path}.file", f"找不到图片文件 {file}。请检查文件名（区分大小写）和路径"
                "（相对于清单所在的文件夹）。")
        return None
    loc = c.loc(f["file"], f"{path}.file")
    try:
        source = open_source(file, loc)  # unreadable, not an image, a decompression bomb
    except InputError as exc:
        c.problems.extend(exc.problems)
        return None
    caption_text, caption_origin = c.joined(f["caption"], caption) if caption else (None, None)
    return Image(file, c.loc(node, path), caption_text or None, span or "column", (source.width, source.height),
                 fit or "scale", width, 1 if row else 0, caption_origin)


def _share(c: Checker, node, path) -> float | None:
    """A width share: 60% or 0.6, from a quarter to the whole width."""
    value = c.text(node, path)
    if value is None:
        return None
    text = value.strip().replace("％", "%")
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        c.error(node, path, f"“{value}”不是比例。请写成百分数（如 60%）或小数（如 0.6）。")
        return None
    if not 0.25 <= share <= 1:
        c.error(node, path, f"宽度 {value} 超出范围：应在 25% 到 100% 之间（图片不能比栏宽更宽，也不宜小于四分之一）。")
        return None
    return share


def _colophon(c: Checker, node) -> Colophon | None:
    f = c.mapping(node, "colophon", COLOPHON, required=("lines",))
    lines = []
    for i, item in enumerate(c.sequence(f["lines"], "colophon.lines") if "lines" in f else []):
        path = f"colophon.lines[{i}]"
        g = c.mapping(item, path, COLOPHON_LINE, required=("label", "to"))
        label = c.text(g["label"], f"{path}.label") if "label" in g else None
        to = c.text(g["to"], f"{path}.to") if "to" in g else None
        if label and to:
            lines.append(ColophonLine(label.strip().rstrip("：:"), *c.joined(g["to"], to)))
    copies = c.integer(f["copies"], "colophon.copies", 1, 10_000_000, "120") if "copies" in f else None
    return Colophon(lines, copies)


def _style(c: Checker, node) -> Style:
    f = c.mapping(node, "style", STYLE)
    style = Style()
    if "paper" in f:
        style.paper = c.choice(f["paper"], "style.paper", tuple(PAPERS)) or style.paper
    if "columns" in f:
        style.columns = c.integer(f["columns"], "style.columns", 1, 4, "2") or style.columns
    if "body_size" in f:
        style.body_size = _size(c, f["body_size"], "style.body_size") or style.body_size
    if "punctuation" in f:
        style.punctuation = c.choice(f["punctuation"], "style.punctuation", PUNCTUATION_STYLES) or style.punctuation
    if "lang" in f:
        lang = c.text(f["lang"], "style.lang")
        if lang is not None:
            if LANG_TAG.fullmatch(lang.strip()):
                style.lang = lang.strip()
            else:
                c.error(f["lang"], "style.lang", f"“{lang}”不是语言代码。请写如 zh-CN（简体中文）、zh-TW、en 这样的代码。")
    if "pdf" in f:
        style.pdf = c.choice(f["pdf"], "style.pdf", PDF_KINDS) or style.pdf
    if "proofing" in f:
        style.proofing = _switch(c, f["proofing"], "style.proofing", style.proofing)
    if "fonts" in f:
        roles = {r: f"{r} 角色的字体文件" for r in ROLES}
        for role, fnode in c.mapping(f["fonts"], "style.fonts", roles).items():
            spec = c.text(fnode, f"style.fonts.{role}")
            if not spec:
                continue
            found = _font(c, fnode, f"style.fonts.{role}", spec.strip())
            if found:
                style.fonts[role] = found
    return style


def _switch(c: Checker, node, path: str, default: bool) -> bool:
    """on or off (true/false, yes/no as well)."""
    value = str(node.value).strip().lower() if isinstance(node, yaml.ScalarNode) else None
    if value in ("on", "true", "yes"):
        return True
    if value in ("off", "false", "no"):
        return False
    shown = node.value if isinstance(node, yaml.ScalarNode) else _KIND[type(node)]
    c.error(node, path, f"应为 on 或 off，实际是“{shown}”。")
    return default


def _close(word: str, choices: list[str], cutoff: float) -> list[str]:
    """The nearest of the choices, if any is near (for "是不是想写…"); loaded only for errors."""
    import difflib

    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)


def _font(c: Checker, node, path: str, spec: str) -> tuple[Path, int] | None:
    """A font file (with #face for a collection), or the family name of an installed font."""
    from ..sysfonts import FONT_SUFFIXES, close_names, find_family

    try:
        file, index = parse_font_spec(spec, c.base)
    except ValueError:
        c.error(node, path, f"“{spec}”中 # 后应为字体在集合中的序号，如 NotoSansCJK-Bold.ttc#2。")
        return None
    if file.is_file():
        return file, index
    looks_like_file = Path(spec.partition("#")[0]).suffix.lower() in FONT_SUFFIXES or any(s in spec for s in "/\\#")
    if not looks_like_file:
        face = find_family(spec)
        if face is not None:
            return face.path, face.index
        close = close_names(spec)
        hint = f"是不是“{'”“'.join(close)}”？" if close else ""
        c.error(node, path, f"本机没有名为“{spec}”的字体。{hint}请写本机已安装字体的名称（如 SimSun、"
                "仿宋_GB2312），或直接写字体文件的路径（如 fonts/simsun.ttc#0）。")
        return None
    c.error(node, path, f"找不到字体文件 {file}。请写字体文件的路径（相对于清单所在的文件夹），"
            "集合字体（.ttc、.otc）可在后面加 #序号。")
    return None


def _size(c: Checker, node, path) -> float | None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag in (_INT, _FLOAT):
            value = float(_CONSTRUCTOR.construct_object(node))
            if 6 <= value <= 20:
                return value
            c.error(node, path, f"正文字号 {value} 磅不合适，应在 6 到 20 磅之间（五号为 10.5）。")
            return None
        if str(node.value).strip() in HAO:
            value = HAO[str(node.value).strip()]
            if 6 <= value <= 20:
                return value
    c.error(node, path, "应为字号名称（如 五号、小四）或磅值（如 10.5），正文字号在 6 到 20 磅之间。")
    return None
