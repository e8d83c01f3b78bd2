"""A Word file (.docx) read into an imported article.

Before anything parses it, the file is checked as a container: an old binary .doc, a
password-protected .docx (both OLE2 files), a file that is no zip, a damaged zip, a zip that
is no Word document, and a zip whose parts would inflate to absurd sizes (a zip bomb) are
each refused with their own message. The pictures go through the build's image checks
(images.open_source: decompression bombs, unreadable files).

Then the document body is walked in order. Tables become the body's pipe tables (photos laid
out in a table are read column by column). What a .docx can hold that an article does not —
text boxes, shapes, charts, SmartArt, equations, embedded objects, footnotes, comments — is
listed in `not_taken`, never dropped silently. Tracked changes are read as
if all were accepted (insertions in, deletions out), and the editor is told.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputError, Problem
from ..files import size_label
from .article import PRINTABLE_IMAGES, ImportedArticle, Picture, Source, assemble, pipe_table, snippet

MAX_TOTAL = 200 * 1024 * 1024  # all parts inflated; a long article with photos is ~20 MB
MAX_RATIO = 100  # inflated / compressed, for a part above RATIO_FLOOR (XML packs ~10:1)
RATIO_FLOOR = 2 * 1024 * 1024
MAX_MARKUP = 64 * 1024 * 1024  # the XML parts together; a 100-page report's is a few MB
MAX_PARTS = 5000

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
PIC_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
GRAPHIC_KINDS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "图表",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "图表",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "SmartArt 图形",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": "文本框或形状",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": "组合图形",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas": "绘图画布",
}


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])


def check_container(path: Path) -> None:
    """Refuse, before any parsing, a file that is no .docx or could exhaust memory."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise _refuse(path, "找不到这个文件。请检查文件名和路径。") from None
    except IsADirectoryError:
        raise _refuse(path, "这是一个文件夹，不是 Word 文件。") from None
    except OSError as exc:
        raise _refuse(path, f"无法读取这个文件：{exc.strerror}。") from None
    if head.startswith(OLE2):
        if _encrypted(path):
            raise _refuse(path, "这个 Word 文件设了打开密码（已加密），无法读取。请在 Word 中打开它，"
                          "在“文件 → 信息 → 保护文档 → 用密码进行加密”中清空密码，保存后再导入。")
        raise _refuse(path, "这是旧版 Word 文件（.doc），无法直接导入。请在 Word 或 WPS 中打开它，"
                      "“另存为”时选择“Word 文档（*.docx）”，再导入另存的 .docx 文件。")
    if head.startswith(b"{\\rtf"):
        raise _refuse(path, "这是 RTF 文件，不是 .docx。请在 Word 或 WPS 中打开它，“另存为”“Word 文档（*.docx）”后再导入。")
    if not head.startswith(b"PK"):
        raise _refuse(path, "这个文件不是 Word 文档（.docx）：它的内容不是 Word 的格式"
                      "（可能只是改了扩展名）。请在 Word 或 WPS 中打开原稿，“另存为”“Word 文档（*.docx）”后再导入。")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _refuse(path, "这个 Word 文件已损坏（文件不完整，可能没有下载完或被截断），无法打开。"
                      "请让供稿单位重新发送，或在 Word 中打开它（Word 会尝试修复）后另存为 .docx 再导入。") from None
    if len(infos) > MAX_PARTS:
        raise _refuse(path, f"这个 .docx 里有 {len(infos)} 个部件，远多于正常的 Word 文件，可能是损坏或恶意的文件，没有读取。")
    total = markup = 0
    for info in infos:
        total += info.file_size
        if info.filename.endswith((".xml", ".rels")):
            markup += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _refuse(path, f"这个 .docx 的部件 {info.filename} 解压后会从 {size_label(info.compress_size)} 膨胀到 "
                          f"{size_label(info.file_size)}（{ratio:.0f} 倍），是“压缩炸弹”式的异常文件，没有读取。"
                          "请让供稿单位重新保存后发送。")
    if total > MAX_TOTAL:
        raise _refuse(path, f"这个 .docx 解压后共有 {size_label(total)}，超过上限 {size_label(MAX_TOTAL)}，没有读取。"
                      "若其中有很大的图片，请在 Word 中“压缩图片”后另存，再导入。")
    if markup > MAX_MARKUP:
        raise _refuse(path, f"这个 .docx 的文字部分（XML）解压后有 {size_label(markup)}，一篇稿件远不会这么大"
                      f"（上限 {size_label(MAX_MARKUP)}），可能是损坏或恶意的文件，没有读取。")
    if _main_part(path, names) is None:
        kind = ("Excel 表格" if "xl/workbook.xml" in names else "PowerPoint 演示文稿" if "ppt/presentation.xml" in names
                else "OpenDocument 文档（.odt）" if "content.xml" in names else "不是 Word 文档的压缩包")
        raise _refuse(path, f"这个文件是{kind}，不是 Word 文档（.docx），里面没有 Word 正文。请导入稿件的 .docx 文件。")


def _main_part(path: Path, names: set[str]) -> str | None:
    """The Word body's part: word/document.xml, or where the package's relationships say
    (Word Online writes word/document2.xml). Read only after the sizes were checked."""
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" not in names:
        return None
    with zipfile.ZipFile(path) as z:
        rels = z.read("_rels/.rels").decode("utf-8", "replace")
    m = re.search(r'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"', rels)
    target = (m.group(1) or m.group(2)) if m else None
    return target if target in names and "wordprocessingml" in _content_type(path, target) else None


def _content_type(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in z.namelist() else ""
    m = re.search(rf'PartName="/{re.escape(part)}"[^>]*ContentType="([^"]+)"', types)
    return m.group(1) if m else ""


def _encrypted(path: Path) -> bool:
    """An encrypted .docx is an OLE2 file with EncryptionInfo and EncryptedPackage streams
    (their names are in the directory, UTF-16)."""
    needle = "EncryptionInfo".encode("utf-16-le")
    block = 1 << 20
    with open(path, "rb") as f:
        tail = b""
        while chunk := f.read(block):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def read_docx(path: Path) -> ImportedArticle:
    check_container(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except ValueError as exc:
        if "macroEnabled" in str(exc) or "template" in str(exc):  # .docm, .dotx: python-docx reads .docx only
            raise _refuse(path, "这是启用宏的 Word 文件（.docm）或 Word 模板（.dotx），不是普通的 Word 文档。"
                          "请在 Word 中打开它，“另存为”“Word 文档（*.docx）”后再导入。") from None
        raise _refuse(path, f"这个 Word 文件的内部结构不完整，无法读取（{exc.__class__.__name__}）。"
                      "请在 Word 中打开它后另存为 .docx 再导入。") from None
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise _refuse(path, f"这个 Word 文件的内部结构不完整，无法读取（{exc.__class__.__name__}）。"
                      "请在 Word 中打开它后另存为 .docx 再导入。") from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged part
        if exc.__class__.__name__ in ("XMLSyntaxError", "ParseError", "BadZipFile"):
            raise _refuse(path, "这个 Word 文件的正文部分已损坏，无法读取。"
                          "请在 Word 中打开它（Word 会尝试修复）后另存为 .docx 再导入。") from None
        raise
    reader = _Reader(path, document)
    paragraphs = reader.read()
    return assemble(path, paragraphs, reader.not_taken(), reader.notes())


class _Reader:
    """Walks the document body, paragraph by paragraph, in order."""

    def __init__(self, path: Path, document):
        self.path = path
        self.document = document
        self.part = document.part
        self.styles = _Styles(document)
        self.numbering = _Numbering(document)
        self.skipped: dict[str, list[str]] = {}  # kind -> snippets, in order
        self.inserted = self.deleted = 0
        self.footnotes = 0
        self.hidden: list[str] = []  # hidden text (Word's 隐藏文字), not taken
        self.pictures_seen: dict[str, Picture] = {}

    # -- what was not taken ---------------------------------------------------------------------

    def skip(self, kind: str, snippet: str = "") -> None:
        self.skipped.setdefault(kind, []).append(snippet)

    def not_taken(self) -> list[str]:
        out = []
        for kind, snippets in self.skipped.items():
            shown = [s for s in snippets if s][:3]
            what = f"{kind} {len(snippets)} 个"
            if shown:
                what += "（" + "；".join(shown) + ("；等" if len(snippets) > len(shown) else "") + "）"
            out.append(what + "：" + _ADVICE.get(kind, "请在 Word 中查看，需要的话改写为正文文字。"))
        if self.footnotes:
            out.append(f"脚注或尾注 {self.footnotes} 个：脚注文字没有导入，正文中的脚注编号也没有。需要的话请把脚注写进正文。")
        if self.hidden:
            out.append(f"隐藏文字 {len(self.hidden)} 处（{_quoted(self.hidden[0])}{' 等' if len(self.hidden) > 1 else ''}）："
                       "Word 中设为“隐藏”的文字不显示也不打印，没有导入。需要的话请在 Word 中取消隐藏。")
        comments = self._count_part("comments", "comment")
        if comments:
            out.append(f"批注 {comments} 条：批注不是稿件正文，没有导入。")
        return out

    def notes(self) -> list[str]:
        out = []
        if self.inserted or self.deleted:
            out.append(f"文件中有修订标记（插入 {self.inserted} 处、删除 {self.deleted} 处），按“接受所有修订”导入："
                       "插入的文字已导入，删除的文字没有导入。请核对。")
        if self.numbering.used:
            out.append("文件中有 Word 自动编号的段落，编号已按 Word 的显示写成文字（如“一、”“1.”），请核对。")
        return out

    def _count_part(self, suffix: str, tag: str) -> int:
        for rel in self.part.rels.values():
            if rel.reltype.endswith("/" + suffix) and not rel.is_external:
                try:
                    from lxml import etree

                    root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False))
                    return len(root.findall(f"{W}{tag}"))
                except Exception:
                    return 1
        return 0

    # -- the body -------------------------------------------------------------------------------

    def read(self) -> list[Source]:
        out: list[Source] = []
        self._blocks(self.document.element.body, out)
        return out

    def _blocks(self, parent, out: list[Source]) -> None:
        for el in parent:
            tag = el.tag
            if tag == f"{W}p":
                out.append(self._paragraph(el))
            elif tag == f"{W}tbl":
                self._table(el, out)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = el.find(f"{W}sdtContent") if tag == f"{W}sdt" else el
                if content is not None:
                    self._blocks(content, out)
            elif tag == f"{W}altChunk":
                self.skip("嵌入的外部文档")

    def _table(self, table, out: list[Source]) -> None:
        rows = table.findall(f"{W}tr")
        cells = [c for r in rows for c in r.findall(f"{W}tc")]
        if len(cells) == 1:  # a one-cell table is a frame around text: its paragraphs are the text
            self._blocks(cells[0], out)
            return
        cols = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
        if table.find(f".//{W}drawing") is not None or table.find(f".//{W}pict") is not None:
            # photos laid out side by side in a table, their captions under them (in the same
            # cell or the next row): read column by column, so each caption follows its photo
            for c in range(cols):
                for r in rows:
                    row_cells = r.findall(f"{W}tc")
                    if c < len(row_cells):
                        self._blocks(row_cells[c], out)
            return
        out.append(Source("", table=pipe_table([self._row(r) for r in rows])))

    def _row(self, tr) -> list[str]:
        """A table row's cells as text (a cell's paragraphs joined by a space); a cell
        merged across columns is followed by empty cells, so the columns stay in line."""
        cells = []
        for tc in tr.findall(f"{W}tc"):
            paragraphs = [p for p in (self._paragraph(p).text for p in tc.iter(f"{W}p")) if p]
            cells.append(" ".join(paragraphs))
            span = _val(tc.find(f"{W}tcPr"), "gridSpan")
            cells += [""] * (int(span) - 1 if span and span.isdigit() and 1 < int(span) < 64 else 0)
        return cells

    def _paragraph(self, p) -> Source:
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        style = self.styles.paragraph(style_id)
        run = _RunState()
        pieces: list[str] = []
        pictures: list[Picture] = []
        self._inline(p, pieces, pictures, run, style)
        text = "".join(pieces)
        number = self.numbering.label(ppr, style) if ppr is not None or style.get("num") else ""
        lines = [re.sub(r"[ \t\u3000\u00a0]+", " ", line).strip() for line in text.split("\n")]
        from ..text.normalize import join_source_lines

        text = join_source_lines("\n".join(line for line in lines if line))
        if text and number:
            text = number + text
        jc = (_val(ppr, "jc") if ppr is not None else None) or style.get("jc")
        outline = _val(ppr, "outlineLvl") if ppr is not None else None
        level = style.get("level")
        if outline is not None and outline.isdigit():
            level = int(outline) + 1
        return Source(
            text=text, pictures=pictures, centred=jc == "center", right=jc in ("right", "end"),
            bold=run.chars > 0 and run.bold_chars == run.chars, size=run.size,
            heading_level=level, caption_style=bool(style.get("caption")),
        )

    def _inline(self, el, pieces, pictures, run, style) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}r":
                self._run(child, pieces, pictures, run, style)
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self.deleted += 1
            elif tag in (f"{W}ins", f"{W}moveTo"):
                self.inserted += 1
                self._inline(child, pieces, pictures, run, style)
            elif tag in (f"{M}oMath", f"{M}oMathPara"):
                self.skip("公式", _quoted("".join(t.text or "" for t in child.iter(f"{M}t"))))
            elif tag in (f"{W}pPr", f"{W}rPr", f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr"):
                continue
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                self._inline(choice if choice is not None else child, pieces, pictures, run, style)
            else:  # hyperlinks, fields, smart tags, content controls: their runs are text
                self._inline(child, pieces, pictures, run, style)

    def _run(self, r, pieces, pictures, run, style) -> None:
        rpr = r.find(f"{W}rPr")
        if _flag(rpr, "vanish"):  # hidden text: Word neither shows nor prints it
            hidden = "".join(t.text or "" for t in r.iter(f"{W}t")).strip()
            if hidden:
                self.hidden.append(hidden)
            return
        char_style = self.styles.character(_val(rpr, "rStyle") if rpr is not None else None)
        bold = _flag(rpr, "b") if rpr is not None else None
        if bold is None:
            bold = char_style.get("b", style.get("b", False))
        size = _val(rpr, "sz") if rpr is not None else None
        size = int(size) / 2 if size and size.isdigit() else char_style.get("sz", style.get("sz"))
        self._content(r, pieces, pictures, run, bool(bold), size)

    def _content(self, holder, pieces, pictures, run, bold: bool, size: float | None) -> None:
        for child in holder:
            tag = child.tag
            if tag == f"{W}t":
                t = child.text or ""
                pieces.append(t)
                visible = len(t.strip())
                run.chars += visible
                run.bold_chars += visible if bold else 0
                if visible and size:
                    run.size = max(run.size or 0, size)
            elif tag in (f"{W}br", f"{W}cr"):
                kind = child.get(f"{W}type")
                pieces.append("" if kind in ("page", "column") else "\n")  # Shift+Enter: the same paragraph
            elif tag in (f"{W}tab", f"{W}ptab"):
                pieces.append(" ")
            elif tag == f"{W}noBreakHyphen":
                pieces.append("-")
            elif tag == f"{W}sym":
                self.skip("特殊符号", f"{child.get(f'{W}font', '')} {child.get(f'{W}char', '')}".strip())
            elif tag == f"{W}drawing":
                self._drawing(child, pictures)
            elif tag == f"{W}pict":
                self._vml(child, pictures)
            elif tag in (f"{W}object", f"{W}embeddedObject"):
                self.skip("嵌入对象（如 Excel 表格、Visio 图）")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                self.footnotes += 1
            elif tag == f"{MC}AlternateContent":  # the first choice; the fallback repeats it
                choice = child.find(f"{MC}Choice")
                self._content(choice if choice is not None else child, pieces, pictures, run, bold, size)

    def _drawing(self, drawing, pictures) -> None:
        data = drawing.find(f".//{A}graphicData")
        uri = data.get("uri") if data is not None else ""
        if uri == PIC_URI:
            blip = data.find(f".//{A}blip")
            if blip is not None:
                self._picture(blip.get(f"{R}embed"), blip.get(f"{R}link"), pictures)
            return
        kind = GRAPHIC_KINDS.get(uri, "图形")
        self.skip(kind, _quoted(_plain(drawing)))

    def _vml(self, pict, pictures) -> None:
        box = pict.find(f".//{V}textbox")
        if box is not None:
            self.skip("文本框或形状", _quoted(_plain(box)))
            return
        image = pict.find(f".//{V}imagedata")
        if image is not None:
            self._picture(image.get(f"{R}id"), None, pictures)
        else:
            self.skip("图形")

    def _picture(self, embed: str | None, link: str | None, pictures) -> None:
        if not embed:
            self.skip("链接到外部文件的图片（图片不在 .docx 里）")
            return
        try:
            part = self.part.related_parts[embed]
        except KeyError:
            self.skip("缺失的图片（文件内部的引用断了）")
            return
        name = str(part.partname).rsplit("/", 1)[-1]
        ext = PRINTABLE_IMAGES.get(Path(name).suffix.lower())
        if ext is None:
            self.skip(f"{Path(name).suffix.lower().lstrip('.').upper() or '未知'} 格式的图片", name)
            return
        if embed in self.pictures_seen:  # the same picture placed twice: one file
            pictures.append(Picture(self.pictures_seen[embed].data, ext, name))
            return
        picture = Picture(part.blob, ext, name)
        self.pictures_seen[embed] = picture
        pictures.append(picture)


_ADVICE = {
    "文本框或形状": "文本框里的文字没有导入。需要的话请把文字复制到正文中。",
    "图表": "图表没有导入。请在 Word 中把图表另存为图片，放进 images/ 并写进清单。",
    "SmartArt 图形": "SmartArt 没有导入。请把它另存为图片，或把其中的文字写进正文。",
    "组合图形": "组合在一起的图形没有导入。请取消组合，或另存为图片。",
    "公式": "公式没有导入。请改写为文字，或截图作为图片。",
    "嵌入对象（如 Excel 表格、Visio 图）": "嵌入对象没有导入。请另存为图片后放进 images/ 并写进清单。",
    "特殊符号": "Word 的符号字体（如 Wingdings）中的符号没有导入。请改用普通文字或标点。",
    "EMF 格式的图片": "Windows 图元文件无法排印。请在 Word 中右击图片“另存为图片”（PNG 或 JPEG），放进 images/ 并写进清单。",
    "WMF 格式的图片": "Windows 图元文件无法排印。请在 Word 中右击图片“另存为图片”（PNG 或 JPEG），放进 images/ 并写进清单。",
}


class _RunState:
    def __init__(self):
        self.chars = 0
        self.bold_chars = 0
        self.size: float | None = None


def _val(parent, name: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(f"{W}{name}")
    return el.get(f"{W}val") if el is not None else None


def _flag(parent, name: str) -> bool | None:
    """An on/off property: <w:b/> is on, <w:b w:val="0"/> off, absent: None."""
    el = parent.find(f"{W}{name}") if parent is not None else None
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in ("0", "false", "off")


def _plain(el) -> str:
    return re.sub(r"\s+", " ", "".join(t.text or "" for t in el.iter(f"{W}t"))).strip()


def _quoted(text: str) -> str:
    return f"“{snippet(text)}”" if text else ""


class _Styles:
    """The few properties of paragraph and character styles that reading needs, with
    their basedOn chains resolved: alignment, bold, size, heading level, numbering."""

    def __init__(self, document):
        self.raw: dict[str, tuple] = {}
        self.defaults: dict = {}
        try:
            root = document.styles.element
        except Exception:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        sz = _val(defaults, "sz")
        if sz and sz.isdigit():
            self.defaults["sz"] = int(sz) / 2
        for st in root.findall(f"{W}style"):
            sid = st.get(f"{W}styleId")
            name = (st.find(f"{W}name").get(f"{W}val") if st.find(f"{W}name") is not None else "").lower()
            based = _val(st, "basedOn")
            props: dict = {}
            ppr, rpr = st.find(f"{W}pPr"), st.find(f"{W}rPr")
            if ppr is not None:
                if _val(ppr, "jc"):
                    props["jc"] = _val(ppr, "jc")
                outline = _val(ppr, "outlineLvl")
                if outline and outline.isdigit() and int(outline) < 9:
                    props["level"] = int(outline) + 1
                num = ppr.find(f"{W}numPr")
                if num is not None:
                    props["num"] = (_val(num, "numId"), _val(num, "ilvl") or "0")
            if rpr is not None:
                if _flag(rpr, "b") is not None:
                    props["b"] = _flag(rpr, "b")
                sz = _val(rpr, "sz")
                if sz and sz.isdigit():
                    props["sz"] = int(sz) / 2
            m = re.fullmatch(r"(?:heading|标题)\s*(\d)", name)
            if m:
                props["level"] = int(m.group(1))
            if name in ("title", "标题"):
                props["level"] = 0
            if name in ("caption", "题注"):
                props["caption"] = True
            self.raw[sid] = (based, props)
        self._resolved: dict[str | None, dict] = {}

    def _resolve(self, sid: str | None, depth: int = 0) -> dict:
        if sid in self._resolved:
            return self._resolved[sid]
        based, props = self.raw.get(sid, (None, {})) if sid else (None, {})
        base = self._resolve(based, depth + 1) if based and depth < 20 else dict(self.defaults)
        merged = {**base, **props}
        if sid:
            self._resolved[sid] = merged
        return merged

    def paragraph(self, sid: str | None) -> dict:
        if sid is None:
            default = next((s for s, (_, _p) in self.raw.items() if s and s.lower() == "normal"), None)
            return self._resolve(default) if default else dict(self.defaults)
        return self._resolve(sid)

    def character(self, sid: str | None) -> dict:
        return {k: v for k, v in self._resolve(sid).items() if k in ("b", "sz")} if sid else {}


class _Numbering:
    """Word's automatic numbering, written out as the text Word shows ("一、", "（二）", "3.")."""

    FORMATS = {
        "decimal": str,
        "chineseCounting": lambda n: _chinese_number(n),
        "chineseCountingThousand": lambda n: _chinese_number(n),
        "taiwaneseCountingThousand": lambda n: _chinese_number(n),
        "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
        "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
        "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
        "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
        "upperRoman": lambda n: _roman(n),
        "lowerRoman": lambda n: _roman(n).lower(),
    }

    def __init__(self, document):
        self.used = False
        self.nums: dict[str, str] = {}  # numId -> abstractNumId
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (abstract, ilvl) -> fmt, text, start
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:
            return
        for an in root.findall(f"{W}abstractNum"):
            aid = an.get(f"{W}abstractNumId")
            for lvl in an.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                start = _val(lvl, "start")
                self.levels[(aid, ilvl)] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                            int(start) if start and start.isdigit() else 1)
        for num in root.findall(f"{W}num"):
            self.nums[num.get(f"{W}numId")] = _val(num, "abstractNumId")

    def label(self, ppr, style: dict) -> str:
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = (_val(num, "numId"), _val(num, "ilvl") or "0") if num is not None else style.get("num", (None, "0"))
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, level = self.nums[num_id], int(ilvl) if str(ilvl).isdigit() else 0
        if (aid, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(aid, [0] * 9)
        fmt, text, start = self.levels[(aid, level)]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return ""
        self.used = True

        def number(m):
            k = int(m.group(1)) - 1
            n = counters[k] or self.levels.get((aid, k), ("decimal", "", 1))[2]
            return self.FORMATS.get(self.levels.get((aid, k), (fmt,))[0], str)(n)

        return re.sub(r"%(\d)", number, text)


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out
