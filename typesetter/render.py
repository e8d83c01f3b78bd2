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

FAKE_BOLD = 0.028  # stroke width, em, for faces with no bold weight


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class Renderer:
    def __init__(self, doc: Document, creator: str):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen.canvas import Canvas

        self.doc = doc
        self.buf = io.BytesIO()
        faces = _faces_used(doc)
        self.fonts = {}
        for face in faces:
            try:
                font = pdfmetrics.getFont(face.key)
            except KeyError:
                font = TTFont(face.key, str(face.path), subfontIndex=face.index)
                pdfmetrics.registerFont(font)
            self.fonts[face.key] = font
        _unique_base_names(self.fonts.values())
        initial = faces[0].key if faces else None
        self.c = Canvas(self.buf, pagesize=(doc.width, doc.height), invariant=1,
                        initialFontName=initial, pageCompression=1)
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
        if not item.glyphs:
            return
        c = self.c
        doc = c._doc
        code = c._code
        size = item.size
        c.setFillColorCMYK(*item.color)
        ops = ["BT"]
        if item.bold:
            c.setStrokeColorCMYK(*item.color)
            ops.append(f"2 Tr {_num(size * FAKE_BOLD)} w")
        y = self.doc.height - item.y
        cur_font = None
        cur_scale = 1.0
        arr: list[str] = []  # the open TJ array
        pen = None  # where the next glyph lands if nothing is adjusted (pt)

        def flush():
            if arr:
                ops.append(f"[{' '.join(arr)}] TJ")
                arr.clear()

        for g in item.glyphs:
            font = self.fonts[g.face.key]
            x = item.x + g.x
            if g.hscale != cur_scale or pen is None:
                flush()
                if g.hscale != cur_scale:
                    ops.append(f"{_num(g.hscale * 100)} Tz")
                    cur_scale = g.hscale
                ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
                pen = x
            for subset, data in font.splitString(g.ch, doc):
                name = font.getSubsetInternalName(subset, doc)
                if (name, size) != cur_font:
                    flush()
                    ops.append(f"{name} {_num(size)} Tf")
                    cur_font = (name, size)
                delta = x - pen
                if abs(delta) > 1e-4:
                    arr.append(_num(-delta * 1000 / size / cur_scale))
                arr.append(f"({c._escape(data)})")
                pen = x + font.stringWidth(g.ch, size) * cur_scale
        flush()
        if cur_scale != 1.0:
            ops.append("100 Tz")
        if item.bold:
            ops.append("0 Tr")
        ops.append("ET")
        code.append(" ".join(ops))

    def picture(self, item: Picture) -> None:
        from reportlab.lib.utils import ImageReader

        img = item.image
        source = ImageReader(io.BytesIO(img.data)) if img.data is not None else ImageReader(img.pil)
        self.c.drawImage(source, item.x, self.doc.height - item.y - item.h, item.w, item.h)


def _unique_base_names(fonts) -> None:
    """Two different files with one PostScript name (a user's copy of a shipped font, two
    cuts of one family) would get the same PDF font name; give the later ones a suffix.
    Decided afresh for each document, in the order the fonts are first used, so that the
    same manifest always gives the same names."""
    seen: dict[bytes, int] = {}
    for font in fonts:
        face = font.face
        if not hasattr(face, "original_suffix"):
            face.original_suffix = face.subfontNameX
        face.subfontNameX = face.original_suffix
        name = face.name + face.subfontNameX
        if name in seen:
            seen[name] += 1
            face.subfontNameX = face.original_suffix + b"-%d" % seen[name]
        else:
            seen[name] = 1


def _faces_used(doc: Document) -> list:
    seen = {}
    for page in doc.pages:
        for item in page.items:
            if isinstance(item, Text):
                for g in item.glyphs:
                    seen.setdefault(g.face.key, g.face)
    return list(seen.values())


def render(doc: Document, creator: str) -> bytes:
    return Renderer(doc, creator).render()
