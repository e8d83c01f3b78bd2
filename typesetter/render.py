"""Rendering: pages of positioned items → PDF bytes (pdfwriter.py).

Text is written as PDF text operators, one TJ array per run of glyphs, each glyph at exactly
the x the text engine computed (the adjustments are computed against the widths written into
the PDF, so that what the reader's viewer does is what layout decided). Fonts are embedded as
subsets with ToUnicode maps, so the text extracts as written.

Each page's content stream depends only on its own items, the fonts' codes and the pictures'
names, all fixed before the first page is drawn (`code_all`), so pages can be drawn in any
order and on either core (render_ahead.py); the file is the same bytes either way.

A document with a structure tree (the default) is written tagged, as PDF/A-2u and PDF/UA-1:
every item inside marked content by its tag (pdfstructure.py), colours in the device spaces
the sRGB output intent allows, and the metadata and output intent of pdfa.py. Without one
(`style.pdf: plain`) the file is untagged PDF 1.3 in DeviceCMYK.
"""

from __future__ import annotations

import hashlib

from . import native
from .layout.boxes import Document, Frame, Mark, Picture, Rule, Text
from .pdffont import FontEmbedder, Numbers
from .pdfstructure import PageMarks, write_structure
from .pdfwriter import Name, PDFFile, Ref, Stream, compressed, flate
from .render_ahead import PagesAhead

FAKE_BOLD = 0.028  # stroke width, em, for faces with no bold weight


class Renderer:
    def __init__(self, doc: Document, creator: str):
        self.doc = doc
        self.creator = creator
        self.numbers = Numbers()
        self.tagged = doc.structure is not None
        self.fonts = FontEmbedder()
        # each picture's resource name, by the Prepared placed (id), and the pictures stored
        self.picture_names, self.pictures = _picture_names(doc)
        self._colors: dict = {}  # (colour, stroke) -> its operator

    def render(self, meanwhile=None) -> bytes:
        """The PDF. `meanwhile`: work of the build's own that may be done on the second core
        once it has drawn its share (or here, after the file, where there is none)."""
        glyphs = self.code_all()
        ahead = PagesAhead.start(self, glyphs, meanwhile)
        try:
            contents = [(ahead.page(n) if ahead else None) or self.page_content(n)
                        for n in range(len(self.doc.pages))]
            fonts = list(self.fonts.faces.values())
            programs: list = [None] * len(fonts)
            for k in (ahead.fonts if ahead else range(len(fonts))):  # the row's order (render_ahead.py)
                programs[k] = (ahead.font(k) if ahead else None) or fonts[k].program()
            data = self._file(contents, programs)
            if meanwhile is not None and not (ahead and ahead.did_meanwhile()):
                meanwhile()
        finally:
            if ahead:
                ahead.close()
            _forget_codes()
        return data

    # -- the pages' content -------------------------------------------------------------------

    def page_content(self, number: int) -> tuple[bytes, list]:
        """Page `number`'s content stream, compressed, and its marked content's elements (by
        MCID; [] for an untagged file)."""
        page = self.doc.pages[number]
        num = self.numbers
        h = self.doc.height
        color = self._color
        ops: list[str] = []
        marks = PageMarks(ops) if self.tagged else None
        fill = None  # each page starts with a fresh graphics state
        for item in page.items:
            kind = type(item)
            if marks is not None and kind is not Mark and (kind is not Text or item.glyphs):
                marks.switch(item.tag)
            if kind is Text:
                if not item.glyphs:
                    continue
                if item.color != fill:
                    ops.append(color(item.color))
                    fill = item.color
                if item.bold:
                    ops.append(color(item.color, stroke=True))
                ops.append(_text_operators(item, h, self.fonts, num))
            elif kind is Rule:
                dash = f"[{num[item.dash[0]]} {num[item.dash[1]]}]" if item.dash else "[]"
                ops.append(f"{color(item.color, stroke=True)} {num[item.width]} w {dash} 0 d "
                           f"{num[item.x1]} {num[h - item.y1]} m {num[item.x2]} {num[h - item.y2]} l S")
            elif kind is Frame:
                ops.append(f"{num[item.width]} w")
                if item.stroke:
                    ops.append(color(item.stroke, stroke=True))
                if item.fill:
                    ops.append(color(item.fill))
                    fill = item.fill
                paint = "B" if item.stroke and item.fill else "S" if item.stroke else "f" if item.fill else "n"
                ops.append(f"[] 0 d {num[item.x]} {num[h - item.y - item.h]} {num[item.w]} {num[item.h]} re {paint}")
            elif kind is Picture:
                name = self.picture_names[id(item.image)]
                ops.append(f"q {num[item.w]} 0 0 {num[item.h]} {num[item.x]} {num[h - item.y - item.h]} cm "
                           f"/{name} Do Q")
        if marks is not None:
            marks.end()
        return flate("\n".join(ops).encode("latin-1")), marks.owners if marks is not None else []

    def _color(self, color, stroke: bool = False) -> str:
        """The operator setting the fill (or stroke) colour: CMYK as given in a plain PDF; in
        an archive PDF, grey or RGB, the spaces its sRGB output intent allows."""
        key = (color, stroke)
        op = self._colors.get(key)
        if op is None:
            num = self.numbers
            if not self.tagged:
                op = " ".join(num[v] for v in color) + (" K" if stroke else " k")
            else:
                from .pdfa import device_color

                values = device_color(color)
                ops = ("g", "G") if len(values) == 1 else ("rg", "RG")
                op = " ".join(num[v] for v in values) + " " + ops[stroke]
            self._colors[key] = op
        return op

    def code_all(self) -> int:
        """Give every character its code in each font now, in the order the pages use them
        (the order _text_operators would give them), so that the operators of any line can
        be made on their own. Returns how many glyphs the pages hold."""
        texts: dict = {}  # face -> the text set in it, in order; faces in the order first met
        for page in self.doc.pages:
            for item in page.items:
                if type(item) is Text and item.glyphs:
                    text, runs = item.glyphs.text, item.glyphs.runs
                    if len(runs) == 1:  # most lines: one face
                        texts.setdefault(runs[0][1], []).append(text)
                        continue
                    for k, (start, face) in enumerate(runs):
                        end = runs[k + 1][0] if k + 1 < len(runs) else len(text)
                        texts.setdefault(face, []).append(text[start:end])
        glyphs = 0
        for face, pieces in texts.items():  # a font's codes depend only on its own text's order
            font = self.fonts.embedded(face)  # named (F1, F2 …) in the order first met, as drawn
            codes = font.codes
            text = "".join(pieces)
            glyphs += len(text)
            for ch in dict.fromkeys(text):
                if ch not in codes:
                    font.code(ch)
        return glyphs

    # -- the file -----------------------------------------------------------------------------

    def _file(self, contents: list[tuple[bytes, list]], programs: list) -> bytes:
        d = self.doc
        pdf = PDFFile("1.7" if self.tagged else "1.3")
        catalog = pdf.reserve()
        page_tree = pdf.reserve()
        page_refs = [pdf.reserve() for _ in d.pages]
        fonts = pdf.add({font.name[1:]: program.write(pdf)
                         for font, program in zip(self.fonts.faces.values(), programs)})
        images = {name: pdf.add(_image(prepared)) for name, prepared in self.pictures}
        box = [0, 0, float(d.width), float(d.height)]
        signature = hashlib.md5(usedforsecurity=False)  # the file's ID follows its content
        for page, ref, (stream, _) in zip(d.pages, page_refs, contents):
            resources: dict = {"Font": fonts}
            used = {self.picture_names[id(item.image)] for item in page.items if type(item) is Picture}
            if used:
                resources["XObject"] = {name: image for name, image in images.items() if name in used}
            entry = {"Type": Name("Page"), "Parent": page_tree, "MediaBox": box, "Resources": resources,
                     "Contents": pdf.add(Stream({"Filter": Name("FlateDecode")}, stream))}
            pdf.put(ref, entry)
            signature.update(stream)
        pdf.put(page_tree, {"Type": Name("Pages"), "Kids": page_refs, "Count": len(page_refs)})
        root: dict = {"Type": Name("Catalog"), "Pages": page_tree}
        outline = _outline(pdf, d, page_refs)
        if outline is not None:
            root["Outlines"] = outline
            root["PageMode"] = Name("UseOutlines")
        if self.tagged:
            from .pdfa import archive_objects, xmp

            write_structure(pdf, root, page_refs, [owners for _, owners in contents], d.structure, d.lang)
            metadata = xmp(d.title, d.author, d.subject, d.keywords, self.creator, d.date, d.lang)
            archive_objects(pdf, root, metadata)
            signature.update(metadata)
        pdf.put(catalog, root)
        stamp = b"(D:%04d%02d%02d000000+00'00')" % (d.date.year, d.date.month, d.date.day)  # never the clock
        info = pdf.add({"Title": d.title, "Author": d.author, "Subject": d.subject, "Keywords": d.keywords,
                        "Creator": self.creator, "Producer": self.creator, "CreationDate": stamp,
                        "ModDate": stamp, "Trapped": Name("False")})
        return pdf.tobytes(catalog, info, signature.digest())


class _Entry:
    """An outline entry being built: its dictionary, its children, its object."""

    __slots__ = ("entry", "children", "ref")

    def __init__(self, entry: dict):
        self.entry, self.children, self.ref = entry, [], None


def _outline(pdf: PDFFile, doc: Document, page_refs: list[Ref]) -> Ref | None:
    """The bookmarks (the pages' Mark items, in page order), nested by level, all open."""
    top: list[_Entry] = []
    stack: list[_Entry] = []  # the open entries, one per level
    for number, page in enumerate(doc.pages):
        for item in page.items:
            if type(item) is Mark:
                node = _Entry({"Title": item.title,
                               "Dest": [page_refs[number], Name("XYZ"), 0, float(doc.height - item.y + 6), 0]})
                del stack[item.level:]
                (stack[-1].children if stack else top).append(node)
                stack.append(node)
    if not top:
        return None
    outlines = pdf.reserve()
    total = _link(pdf, top, outlines)
    return pdf.put(outlines, {"Type": Name("Outlines"), "First": top[0].ref, "Last": top[-1].ref, "Count": total})


def _link(pdf: PDFFile, nodes: list[_Entry], parent: Ref) -> int:
    """Add the outline entries `nodes` (children of `parent`) linked to each other: Parent,
    Prev, Next, First, Last and Count (every entry open: all its descendants show).
    Returns how many entries show below `parent`."""
    for node in nodes:
        node.ref = pdf.add(node.entry)
    shown = 0
    for k, node in enumerate(nodes):
        entry = node.entry
        entry["Parent"] = parent
        if k:
            entry["Prev"] = nodes[k - 1].ref
        if k + 1 < len(nodes):
            entry["Next"] = nodes[k + 1].ref
        if node.children:
            below = _link(pdf, node.children, node.ref)
            entry.update(First=node.children[0].ref, Last=node.children[-1].ref, Count=below)
            shown += below
        shown += 1
    return shown


def _picture_key(prepared) -> str:
    """What makes two pictures one: the same bytes (or pixels) are stored once."""
    if prepared.data is not None:
        return hashlib.md5(prepared.data, usedforsecurity=False).hexdigest()
    im = prepared.pil
    pixels = hashlib.md5(im.tobytes(), usedforsecurity=False).hexdigest()
    return f"{im.mode}-{im.width}x{im.height}-{pixels}"


def _picture_names(doc: Document) -> tuple[dict, list]:
    """Each placed picture's resource name (Im1, Im2 … in the order first placed), by the
    id of its Prepared, and the pictures to store [(name, Prepared)]: named before any page
    is drawn, so that any page can be drawn on its own; the same picture twice is stored
    once."""
    by_key: dict = {}
    names: dict = {}
    for page in doc.pages:
        for item in page.items:
            if type(item) is Picture and id(item.image) not in names:
                key = _picture_key(item.image)
                if key not in by_key:
                    by_key[key] = (f"Im{len(by_key) + 1}", item.image)
                names[id(item.image)] = by_key[key][0]
    return names, list(by_key.values())


def _image(prepared) -> Stream:
    """An image XObject: JPEG bytes as they are (DCTDecode), pixels compressed."""
    entries = {"Type": Name("XObject"), "Subtype": Name("Image"), "Width": prepared.px_w,
               "Height": prepared.px_h, "BitsPerComponent": 8}
    if prepared.data is not None:
        components = _jpeg_components(prepared.data)
        entries["ColorSpace"] = Name({1: "DeviceGray", 3: "DeviceRGB"}.get(components, "DeviceCMYK"))
        if components == 4:  # Adobe's CMYK JPEGs (Pillow's among them) store the inks inverted
            entries["Decode"] = [1, 0, 1, 0, 1, 0, 1, 0]
        entries["Filter"] = Name("DCTDecode")
        return Stream(entries, prepared.data)
    im = prepared.pil
    if im.mode not in ("RGB", "L", "CMYK"):
        im = im.convert("RGB")
    entries["Width"], entries["Height"] = im.size
    entries["ColorSpace"] = Name({"L": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK"}[im.mode])
    return compressed(entries, im.tobytes())


def _jpeg_components(data: bytes) -> int:
    """The number of colour components a JPEG's frame header (SOFn) states."""
    at = 2  # after SOI
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValueError("not a JPEG marker")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            at += 2
            continue
        length = (data[at + 2] << 8) | data[at + 3]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return data[at + 9]
        at += 2 + length
    raise ValueError("JPEG without a frame header")


def _text_operators(item: Text, height: float, fonts: FontEmbedder, nums: Numbers) -> str:
    """A line's text: a TJ array per run of glyphs of one face, each glyph placed at the
    x the text engine computed (the adjustments are computed from the widths the PDF
    states, so a viewer puts every glyph exactly there). Depends on nothing but the
    item and the fonts' codes (a compiled twin, native.py)."""
    glyphs = item.glyphs
    size = item.size
    ops = ["BT"]
    if item.bold:
        ops.append(f"2 Tr {nums[size * FAKE_BOLD]} w")
    y = nums[height - item.y]
    text, xs = glyphs.text, glyphs.xs
    x0 = item.x
    em = size / 1000
    font = known = None
    scale = 1.0
    pen = None  # where the next glyph lands if nothing is adjusted (pt)
    parts: list[str] = []  # the open TJ array's strings, as _tj_array joins them
    for start, end, face, hscale in _segments(glyphs):
        embedded = fonts.embedded(face)
        if embedded is not font:
            if parts:
                ops.append(_tj_array(parts))
                parts = []
            ops.append(f"{embedded.name} {nums[size]} Tf")
            font = embedded
            known = font.at_size(em)
        if hscale != scale or pen is None:
            if parts:
                ops.append(_tj_array(parts))
                parts = []
            if hscale != scale:
                ops.append(f"{nums[hscale * 100]} Tz")
                scale = hscale
            pen = x0 + xs[start]
            ops.append(f"1 0 0 1 {nums[pen]} {y} Tm")
        pen = _glyph_run(text, xs, start, end, x0, pen, em, scale, known, font, parts, nums)
    ops.append(_tj_array(parts))
    if scale != 1.0:
        ops.append("100 Tz")
    if item.bold:
        ops.append("0 Tr")
    ops.append("ET")
    return " ".join(ops)


def _glyph_run(text, xs, start, end, x0, pen, em, scale, known, font, parts, nums) -> float:
    """The codes of glyphs start…end of one face and scale into `parts` (a TJ array's
    strings), each after the adjustment that puts it at its x where the pen is not already
    there; where the pen is after the last. `known`: the font's codes at this size, so far.
    The hot loop of the render: a glyph a turn."""
    for ch, x in zip(text[start:end], xs[start:end]):
        x += x0
        code, advance = known.get(ch) or font.code_at_size(ch, em)
        delta = x - pen
        if delta > 1e-4 or delta < -1e-4:
            parts.append(f") {nums[-delta / em / scale]} (")
        parts.append(code)
        pen = x + advance * scale
    return pen


def _forget_codes() -> None:
    """What the render kept of the fonts' codes let go (only the compiled twin keeps any)."""


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


def render(doc: Document, creator: str, meanwhile=None) -> bytes:
    return Renderer(doc, creator).render(meanwhile)


if native.core is not None:
    _text_operators_in_python = _text_operators
    native.core.bind_render({"FAKE_BOLD": FAKE_BOLD}, _text_operators_in_python)
    _text_operators = native.core.text_operators  # noqa: F811 — the same function, compiled
    _forget_codes = native.core.forget_codes  # noqa: F811
