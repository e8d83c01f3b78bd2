"""Rendering: pages of positioned items → PDF bytes, with ReportLab's canvas.

Text is written as PDF text operators, one TJ array per run of glyphs, each glyph at exactly
the x the text engine computed (the adjustments are computed against the widths ReportLab
writes into the PDF, so that what the reader's viewer does is what layout decided). Fonts
are embedded as subsets with ToUnicode maps, so the text extracts as written.
"""

from __future__ import annotations

import calendar
import io
import time

from .layout.boxes import Document, Frame, Mark, Picture, Rule, Text
from .pdffont import FontEmbedder, _num

FAKE_BOLD = 0.028  # stroke width, em, for faces with no bold weight


class Renderer:
    def __init__(self, doc: Document, creator: str):
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        rl_config.useA85 = 0  # compressed streams as binary: ASCII85 would add a quarter

        self.doc = doc
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=(doc.width, doc.height), invariant=1,
                        initialFontName=_no_font(), pageCompression=1)
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
        t = calendar.timegm(doc.date.timetuple())
        stamp.t = t
        stamp.lt = time.gmtime(t)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"

    def render(self) -> bytes:
        c = self.c
        h = self.doc.height
        outline_open = False
        for page in self.doc.pages:
            self._fill = None  # each page starts with a fresh graphics state
            for item in page.items:
                if isinstance(item, Text):
                    self.text(item)
                elif isinstance(item, Rule):
                    c.setStrokeColorCMYK(*item.color)
                    c.setLineWidth(item.width)
                    c.setDash(*item.dash) if item.dash else c.setDash()
                    c.line(item.x1, h - item.y1, item.x2, h - item.y2)
                elif isinstance(item, Frame):
                    c.setLineWidth(item.width)
                    if item.stroke:
                        c.setStrokeColorCMYK(*item.stroke)
                    if item.fill:
                        c.setFillColorCMYK(*item.fill)
                        self._fill = item.fill
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
            c.showPage()
        if outline_open:
            c.showOutline()
        c.save()
        return self.buf.getvalue()

    def text(self, item: Text) -> None:
        """One line: a TJ array per run of glyphs of one face, each glyph placed at the x
        the text engine computed (the adjustments are computed from the widths the PDF
        states, so a viewer puts every glyph exactly there)."""
        if not item.glyphs:
            return
        c = self.c
        size = item.size
        if item.color != self._fill:
            c._code.append("%s %s %s %s k" % tuple(_num(v) for v in item.color))
            self._fill = item.color
        ops = ["BT"]
        if item.bold:
            c.setStrokeColorCMYK(*item.color)
            ops.append(f"2 Tr {_num(size * FAKE_BOLD)} w")
        y = self.doc.height - item.y
        font = None
        scale = 1.0
        arr: list[str] = []  # the open TJ array
        pen = None  # where the next glyph lands if nothing is adjusted (pt)

        def flush():
            if arr:
                ops.append(f"[{' '.join(arr)}] TJ")
                arr.clear()

        glyphs = item.glyphs
        scales = glyphs.scales or {}
        faces = dict(glyphs.runs)
        x0 = item.x
        em = size / 1000
        codes = []  # the hex codes of the glyphs since the last adjustment
        for k, ch in enumerate(glyphs.text):
            x = x0 + glyphs.xs[k]
            if k in faces:
                embedded = self.fonts.embedded(faces[k])
                if embedded is not font:
                    if codes:
                        arr.append(f"({''.join(codes)})")
                        codes = []
                    flush()
                    ops.append(f"{embedded.name} {_num(size)} Tf")
                    font = embedded
            hscale = scales.get(k, 1.0) if scales else 1.0
            if hscale != scale or pen is None:
                if codes:
                    arr.append(f"({''.join(codes)})")
                    codes = []
                flush()
                if hscale != scale:
                    ops.append(f"{_num(hscale * 100)} Tz")
                    scale = hscale
                ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
                pen = x
            code, width = font.code(ch)
            delta = x - pen
            if delta > 1e-4 or delta < -1e-4:
                if codes:
                    arr.append(f"({''.join(codes)})")
                    codes = []
                arr.append(_num(-delta / em / scale))
            codes.append(code)
            pen = x + width * em * scale
        if codes:
            arr.append(f"({''.join(codes)})")
        flush()
        if scale != 1.0:
            ops.append("100 Tz")
        if item.bold:
            ops.append("0 Tr")
        ops.append("ET")
        c._code.append(" ".join(ops))

    def picture(self, item: Picture) -> None:
        from reportlab.lib.utils import ImageReader

        img = item.image.prepared
        source = ImageReader(io.BytesIO(img.data)) if img.data is not None else ImageReader(img.pil)
        self.c.drawImage(source, item.x, self.doc.height - item.y - item.h, item.w, item.h)


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
