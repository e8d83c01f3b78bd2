"""Word files for the import tests, made with python-docx as Word would save them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import Image


def photo(colour=(200, 40, 40), size=(640, 480), fmt="JPEG") -> io.BytesIO:
    buf = io.BytesIO()
    im = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # something to look at
        for y in range(size[1]):
            im.putpixel((x, y), (255, 255, 255))
    im.save(buf, fmt)
    buf.seek(0)
    return buf


def article(path: Path, title: str, paragraphs: list, credit: str | None = None,
            credit_right: bool = True, title_centred: bool = True) -> Path:
    """A contributor's article. Paragraph items: a str (a body paragraph, written with the
    first-line indent 　　 as typed), ("bold", text), ("lines", [line, line]) for Shift+Enter,
    ("empty",), ("picture", colour, caption or None), ("table", rows)."""
    doc = Document()
    head = doc.add_paragraph()
    run = head.add_run(title)
    run.font.size = Pt(18)
    run.bold = True
    if title_centred:
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for item in paragraphs:
        if isinstance(item, str):
            doc.add_paragraph("\u3000\u3000" + item)
        elif item[0] == "bold":
            doc.add_paragraph().add_run(item[1]).bold = True
        elif item[0] == "lines":
            p = doc.add_paragraph()
            for k, line in enumerate(item[1]):
                if k:
                    p.add_run().add_break()  # Shift+Enter
                p.add_run(line)
        elif item[0] == "empty":
            doc.add_paragraph()
        elif item[0] == "picture":
            doc.add_picture(photo(item[1]), width=Cm(8))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if item[2]:
                doc.add_paragraph(item[2]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif item[0] == "table":
            rows = item[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    if credit:
        p = doc.add_paragraph(credit)
        if credit_right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)
    return path


def zip_bomb(path: Path, inflated: int = 1 << 31) -> Path:
    """A .docx-shaped zip whose document.xml truly inflates from about 2 MB to `inflated`
    bytes of zeros. Made fast: after a full flush a deflate stream does not depend on what
    came before, so one compressed 16 MB block is repeated."""
    import zlib

    chunk = b"\0" * (1 << 24)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    count = inflated // len(chunk)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    data = block * count + comp.flush()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        _write_raw(z, info, data, count * len(chunk), crc)
    return path


def _write_raw(z: zipfile.ZipFile, info: zipfile.ZipInfo, compressed: bytes, size: int, crc: int) -> None:
    info.file_size = size
    info.compress_size = len(compressed)
    info.CRC = crc
    info.header_offset = z.fp.tell()
    z._writecheck(info)
    z._didModify = True
    z.fp.write(info.FileHeader(zip64=size > 0xFFFFFFFF or None))
    z.fp.write(compressed)
    z.filelist.append(info)
    z.NameToInfo[info.filename] = info
    z.start_dir = z.fp.tell()


NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')


def append_xml(paragraph, xml: str) -> None:
    """Add raw WordprocessingML (runs, tracked changes, a text box) to a paragraph."""
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(f"<w:wrap {NS}>{xml}</w:wrap>")[0])


def text_box(text: str) -> str:
    """A text box as Word 2010+ writes it: a shape in mc:Choice, the VML copy in mc:Fallback."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic>"
            "<a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
            f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
            f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox>"
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
