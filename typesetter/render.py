"""Rendering: pages of positioned items → PDF bytes, with ReportLab's canvas.

Text is written as PDF text operators, one TJ array per run of glyphs, each glyph at exactly
the x the text engine computed (the adjustments are computed against the widths ReportLab
writes into the PDF, so that what the reader's viewer does is what layout decided). Fonts
are embedded as subsets with ToUnicode maps, so the text extracts as written.

A document with a structure tree (the default) is written tagged, as PDF/A-2u and PDF/UA-1:
every item inside marked content by its tag (pdfstructure.py), colours in the device spaces
the sRGB output intent allows, and the metadata and output intent of pdfa.py. Without one
(`style.pdf: plain`) the file is what it always was: untagged PDF 1.3 in DeviceCMYK.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time

from .layout.boxes import Document, Frame, Mark, Picture, Rule, Text
from .render_ahead import TextAhead
from .pdffont import FLATE, FontEmbedder, Numbers, _num

FAKE_BOLD = 0.028  # stroke width, em, for faces with no bold weight


class Renderer:
    def __init__(self, doc: Document, creator: str):
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        rl_config.useA85 = 0  # compressed streams as binary: ASCII85 would add a quarter

        self.doc = doc
        self.creator = creator
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=(doc.width, doc.height), invariant=1,
                        initialFontName=_no_font(), pageCompression=1)
        self.numbers = Numbers()
        self.marks = None
        if doc.structure is not None:
            from .pdfstructure import MarkedContent

            self.marks = MarkedContent()
        self.fonts = FontEmbedder(self.c._doc)
        self._set_dates(doc)
        self.c.setTitle(doc.title)
        self.c.setAuthor(doc.author)
        self.c.setSubject(doc.subject)
        self.c.setKeywords(doc.keywords)
        self.c.setCreator(creator)
        self.c.setProducer(creator)

    def _set_dates(self, doc: Document) -> None:
        """Creation and modification date: the issue's date, never the clock (the same
        manifest must give the same bytes)."""
        stamp = self.c._doc._timeStamp
        t = (doc.date - dt.date(1970, 1, 1)).days * 86400  # its midnight, UTC
        stamp.t = t
        stamp.lt = time.gmtime(t)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"

    def render(self) -> bytes:
        c = self.c
        ahead = TextAhead.start(self)
        try:
            outline_open = self._draw_pages(ahead)
        finally:
            if ahead:
                ahead.close()
        if outline_open:
            c.showOutline()
        if self.marks:
            self._archive()
        c.save()
        return self.buf.getvalue()

    def _draw_pages(self, ahead: TextAhead | None) -> bool:
        """Every page's content; whether any has an outline entry."""
        from reportlab.pdfbase.pdfdoc import PDFStream

        c = self.c
        h = self.doc.height
        marks = self.marks
        outline_open = False
        for number, page in enumerate(self.doc.pages):
            self._fill = None  # each page starts with a fresh graphics state
            made = ahead.page(number) if ahead else {}
            if marks:
                marks.start_page()
            for k, item in enumerate(page.items):
                if marks and not isinstance(item, Mark) and (not isinstance(item, Text) or item.glyphs):
                    marks.switch(item.tag, c._code)
                if isinstance(item, Text):
                    self.text(item, made.get(k))
                elif isinstance(item, Rule):
                    self._color(item.color, stroke=True)
                    c.setLineWidth(item.width)
                    c.setDash(*item.dash) if item.dash else c.setDash()
                    c.line(item.x1, h - item.y1, item.x2, h - item.y2)
                elif isinstance(item, Frame):
                    c.setLineWidth(item.width)
                    if item.stroke:
                        self._color(item.stroke, stroke=True)
                    if item.fill:
                        self._color(item.fill)
                    c.setDash()
                    c.rect(item.x, h - item.y - item.h, item.w, item.h,
                           stroke=1 if item.stroke else 0, fill=1 if item.fill else 0)
                elif isinstance(item, Picture):
                    self.picture(item)
                elif isinstance(item, Mark):
                    key = item.key or f"p{page.number}-{item.y:.0f}"
                    c.bookmarkHorizontalAbsolute(key, h - item.y + 6)
                    c.addOutlineEntry(item.title, key, level=item.level, closed=False)
                    outline_open = True
            if marks:
                marks.end(c._code)
                c._doc.updateSignature("\n".join(c._code))  # the file ID follows the content
            c.showPage()
            shown = c._doc.Pages.pages[-1]  # its content compressed as the fonts are, not at ReportLab's level
            shown.Contents = PDFStream(content=shown.stream, filters=[FLATE])
        return outline_open

    def _archive(self) -> None:
        """The structure tree, metadata and output intent of a tagged PDF/A (pdfa.py)."""
        from .pdfa import add_archive_objects, xmp

        d = self.doc
        pdf = self.c._doc
        for page in pdf.Pages.pages:
            page.Trans = None  # ReportLab's empty page transition: not for an archive file
        self.marks.write(pdf, d.structure, d.lang)
        metadata = xmp(d.title, d.author, d.subject, d.keywords, self.creator, d.date, d.lang)
        add_archive_objects(pdf, metadata, [FLATE])

    def _color(self, color, stroke: bool = False) -> None:
        """Set the fill (or stroke) colour: CMYK as given in a plain PDF; in an archive PDF,
        grey or RGB, the spaces its sRGB output intent allows."""
        if not stroke:
            self._fill = color
        if self.marks is None:
            if stroke:
                self.c.setStrokeColorCMYK(*color)
            else:
                self.c._code.append(" ".join(_num(v) for v in color) + " k")
            return
        from .pdfa import device_color

        values = device_color(color)
        ops = ("g", "G") if len(values) == 1 else ("rg", "RG")
        self.c._code.append(" ".join(_num(v) for v in values) + " " + ops[stroke])

    def text(self, item: Text, operators: str | None = None) -> None:
        """One line: its colour, then its text operators (text_operators), unless they were
        made already (render_ahead.py)."""
        if not item.glyphs:
            return
        if item.color != self._fill:
            self._color(item.color)
        if item.bold:
            self._color(item.color, stroke=True)
        self.c._code.append(operators if operators is not None else self.text_operators(item))

    def text_operators(self, item: Text) -> str:
        """A line's text: a TJ array per run of glyphs of one face, each glyph placed at the
        x the text engine computed (the adjustments are computed from the widths the PDF
        states, so a viewer puts every glyph exactly there). Depends on nothing but the
        item and the fonts' codes."""
        glyphs = item.glyphs
        nums = self.numbers
        size = item.size
        ops = ["BT"]
        if item.bold:
            ops.append(f"2 Tr {nums[size * FAKE_BOLD]} w")
        y = nums[self.doc.height - item.y]
        text, xs = glyphs.text, glyphs.xs
        x0 = item.x
        em = size / 1000
        font = known = None
        scale = 1.0
        pen = None  # where the next glyph lands if nothing is adjusted (pt)
        parts: list[str] = []  # the open TJ array's strings, as _tj_array joins them
        for start, end, face, hscale in _segments(glyphs):
            embedded = self.fonts.embedded(face)
            if embedded is not font:
                if parts:
                    ops.append(_tj_array(parts))
                    parts = []
                ops.append(f"{embedded.name} {nums[size]} Tf")
                font = embedded
                known = font.at_size(em).get
            if hscale != scale or pen is None:
                if parts:
                    ops.append(_tj_array(parts))
                    parts = []
                if hscale != scale:
                    ops.append(f"{nums[hscale * 100]} Tz")
                    scale = hscale
                pen = x0 + xs[start]
                ops.append(f"1 0 0 1 {nums[pen]} {y} Tm")
            for ch, x in zip(text[start:end], xs[start:end]):  # the hot loop: a glyph a turn
                x += x0
                code, advance = known(ch) or font.code_at_size(ch, em)
                delta = x - pen
                if delta > 1e-4 or delta < -1e-4:
                    parts.append(f") {nums[-delta / em / scale]} (")
                parts.append(code)
                pen = x + advance * scale
        ops.append(_tj_array(parts))
        if scale != 1.0:
            ops.append("100 Tz")
        if item.bold:
            ops.append("0 Tr")
        ops.append("ET")
        return " ".join(ops)

    def code_all(self) -> None:
        """Give every character its code in each font now, in the order the pages use them
        (the order text_operators would give them), so that the operators of any line can
        be made on their own."""
        texts: dict = {}  # face -> the text set in it, in order; faces in the order first met
        for page in self.doc.pages:
            for item in page.items:
                if isinstance(item, Text) and item.glyphs:
                    text, runs = item.glyphs.text, item.glyphs.runs
                    if len(runs) == 1:  # most lines: one face
                        texts.setdefault(runs[0][1], []).append(text)
                        continue
                    for k, (start, face) in enumerate(runs):
                        end = runs[k + 1][0] if k + 1 < len(runs) else len(text)
                        texts.setdefault(face, []).append(text[start:end])
        for face, pieces in texts.items():  # a font's codes depend only on its own text's order
            font = self.fonts.embedded(face)  # named (F1, F2 …) in the order first met, as drawn
            codes = font.codes
            for ch in dict.fromkeys("".join(pieces)):
                if ch not in codes:
                    font.code(ch)

    def picture(self, item: Picture) -> None:
        img = item.image
        c = self.c
        x, y, w, h = item.x, self.doc.height - item.y - item.h, item.w, item.h
        if img.data is None:  # pixels (a PNG, a converted picture): ReportLab compresses them
            from reportlab.lib.utils import ImageReader

            c.drawImage(ImageReader(img.pil), x, y, w, h)
            return
        # JPEG bytes go into the file as they are. canvas.drawImage would decode every pixel
        # of them only to name the image by the pixels' digest (60 ms for the photo issue's
        # eleven pictures): the image is named by the digest of its bytes instead.
        from reportlab.pdfbase.pdfdoc import PDFImageXObject

        name = hashlib.md5(img.data, usedforsecurity=False).hexdigest()
        resource = c._doc.getXObjectName(name)
        if resource not in c._doc.idToObject:  # the same picture twice is stored once
            xobject = PDFImageXObject(name)
            xobject.loadImageFromJPEG(io.BytesIO(img.data))
            c._doc.addForm(name, xobject)
        c.saveState()
        c.translate(x, y)
        c.scale(w, h)
        c._code.append(f"/{resource} Do")
        c.restoreState()
        c._formsinuse.append(name)  # the page's resources list it


def _segments(glyphs) -> list[tuple[int, int, object, float]]:
    """(start, end, face, horizontal scale) of each stretch of glyphs set in one face at one
    scale (most lines: one stretch)."""
    runs, scales, n = glyphs.runs, glyphs.scales, len(glyphs.text)
    if len(runs) == 1 and not scales:
        return [(0, n, runs[0][1], 1.0)]
    out = []
    for k, (start, face) in enumerate(runs):
        end = runs[k + 1][0] if k + 1 < len(runs) else n
        first, scale = start, 1.0
        for j in range(start, end):
            hscale = scales.get(j, 1.0) if scales else 1.0
            if j == start or hscale != scale:
                if j > start:
                    out.append((first, j, face, scale))
                first, scale = j, hscale
        if start < end:
            out.append((first, end, face, scale))
    return out


def _tj_array(parts: list[str]) -> str:
    """A TJ operator from codes and `) adjustment (` separators: an array that begins with an
    adjustment (the first glyph after a change of font) begins with its number, not with
    an empty string (a code is never empty, and never begins with an unescaped `)`)."""
    body = "".join(parts)
    return f"[{body[2:]})] TJ" if body[:2] == ") " else f"[({body})] TJ"


def _no_font() -> str:
    """A name for the canvas's initial font that makes it write no font of its own (it would
    put an unembedded Helvetica in every page's resources)."""
    from reportlab.pdfbase import pdfmetrics

    name = "typesetter-no-font"
    if name not in pdfmetrics._fonts:
        class NoFont:
            fontName = name
            _dynamicFont = True  # "dynamic" fonts get no preamble Tf
            _multiByte = True

        pdfmetrics._fonts[name] = NoFont()
    return name


def render(doc: Document, creator: str) -> bytes:
    return Renderer(doc, creator).render()
