"""Fonts in the PDF: one composite (Type0) font per face, embedded as a TrueType subset.

Each character drawn gets a two-byte code (in order of first use); the code selects its
glyph through a CIDToGIDMap, its width through the W array, and its text through the
ToUnicode map — written with UTF-16 surrogate pairs, so that a name with 𠮷 or 𬉼 copies
out as written. One font object per face, however many characters: smaller than 256-glyph
simple-font slices, and nothing is limited to the Basic Multilingual Plane.
"""

from __future__ import annotations

import hashlib

from .subset import subset_truetype


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class Numbers(dict):
    """Numbers as the PDF writes them (`_num`), each formatted once: a document repeats
    few values many times (a justified line's one adjustment between every two glyphs,
    a column's left edge, the sizes)."""

    def __missing__(self, v: float) -> str:
        s = self[v] = _num(v)
        return s


class EmbeddedFace:
    """One face's characters in one document."""

    def __init__(self, face, name: str):
        self.face = face
        self.name = name  # the resource name, e.g. "/F3"
        self.codes: dict[str, tuple[str, float]] = {}
        self.chars: list[str] = []
        self.widths: list[float] = []  # per code (code 1 is chars[0]), in 1/1000 em
        self._at_size: dict[float, dict[str, tuple[str, float]]] = {}

    def code(self, ch: str) -> tuple[str, float]:
        """The character's code, as it goes into a PDF string, and its width in 1/1000 em,
        as the PDF will state it."""
        found = self.codes.get(ch)
        if found is None:
            self.chars.append(ch)
            width = float(_num(self.face.advance(ch) * 1000))
            self.widths.append(width)
            found = self.codes[ch] = (_literal(_cid(len(self.chars))), width)
        return found

    def at_size(self, em: float) -> dict[str, tuple[str, float]]:
        """Character → its code and its advance in pt, for text of `em` pt per 1/1000 em
        (its width as the PDF states it × em). Holds the characters coded so far: get a new
        one from `code_at_size`."""
        table = self._at_size.get(em)
        if table is None:
            table = self._at_size[em] = {ch: (code, width * em) for ch, (code, width) in self.codes.items()}
        return table

    def code_at_size(self, ch: str, em: float) -> tuple[str, float]:
        code, width = self.code(ch)
        found = self.at_size(em)[ch] = (code, width * em)
        return found

    def add_objects(self, doc, internal_name: str) -> None:
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

        sfnt = self.face.outlines("".join(self.chars))
        cmap = sfnt.cmap
        gids = [cmap.get(ord(ch), 0) for ch in self.chars]
        data, new_id = subset_truetype(sfnt, gids)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha1(data).digest()[:6])
        base = f"{tag}+{self.face.pdf_name}"
        compress = [FLATE] if doc.compression else None

        font_file = PDFStream(PDFDictionary({"Length1": len(data)}), data, compress)
        upem = sfnt.upem
        scale = lambda v: _num(v * 1000 / upem)  # noqa: E731
        ascent, descent = sfnt.ascent_descent
        descriptor = PDFDictionary({
            "Type": "/FontDescriptor",
            "FontName": PDFName(base),
            "Flags": 4,  # symbolic: the glyphs are reached by code, not by a standard encoding
            "FontBBox": PDFArray([scale(v) for v in sfnt.bbox]),
            "ItalicAngle": _num(sfnt.italic_angle),
            "Ascent": scale(ascent),
            "Descent": scale(descent),
            "CapHeight": scale(sfnt.cap_height),
            "StemV": 80 + (sfnt.weight - 400) // 5 if sfnt.weight > 400 else 80,
            "FontFile2": doc.Reference(font_file),
        })
        cids = [_cid(n) for n in range(1, len(self.chars) + 1)]
        cid_to_gid = bytearray(2 * (cids[-1] + 1))
        for cid, gid in zip(cids, gids):
            new = new_id[gid]
            cid_to_gid[2 * cid] = new >> 8
            cid_to_gid[2 * cid + 1] = new & 0xFF
        widths: list = []  # only what differs from DW 1000: most Han characters are one em
        run_start, run = None, []
        for cid, w in zip(cids, self.widths):
            if w != 1000 and run and cid == run_start + len(run):
                run.append(_num(w))
                continue
            if run:
                widths += [run_start, PDFArray(run)]
            run_start, run = (cid, [_num(w)]) if w != 1000 else (None, [])
        if run:
            widths += [run_start, PDFArray(run)]
        cid_map = PDFStream(PDFDictionary(), bytes(cid_to_gid), compress)
        descendant = PDFDictionary({
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": PDFName(base),
            "CIDSystemInfo": PDFDictionary({"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"),
                                            "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor),
            "DW": 1000,
            "W": PDFArray(widths),
            "CIDToGIDMap": doc.Reference(cid_map),
        })
        to_unicode = PDFStream(PDFDictionary(), _to_unicode_cmap(self.chars, cids).encode("ascii"), compress)
        font = PDFDictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": PDFName(base),
            "Encoding": "/Identity-H",
            "DescendantFonts": PDFArray([doc.Reference(descendant)]),
            "ToUnicode": doc.Reference(to_unicode),
        })
        doc.idToObject["BasicFonts"].dict[internal_name] = doc.Reference(font, internal_name)


class FontEmbedder:
    """The fonts of one document, written when the document is saved."""

    def __init__(self, doc):
        self.doc = doc
        self.faces: dict[str, EmbeddedFace] = {}
        doc.delayedFonts.append(self)  # ReportLab calls addObjects(doc) when it saves

    def embedded(self, face) -> EmbeddedFace:
        font = self.faces.get(face.key)
        if font is None:
            name = f"F{len(self.doc.fontMapping) + 1}"
            self.doc.fontMapping[face.key] = "/" + name
            font = self.faces[face.key] = EmbeddedFace(face, "/" + name)
        return font

    def addObjects(self, doc) -> None:  # noqa: N802 — ReportLab's name
        for font in self.faces.values():
            font.add_objects(doc, font.name[1:])


def _cid(n: int) -> int:
    """The n-th character's code: two bytes, each below 0x80, since the page streams are
    written as UTF-8 text (a byte of 0x80 or more would become two)."""
    return ((n >> 7) << 8) | (n & 0x7F)


_ESCAPES = {0x28: "\\(", 0x29: "\\)", 0x5C: "\\\\", 0x0D: "\\r", 0x0A: "\\n"}


def _literal(cid: int) -> str:
    """The code as the inside of a PDF literal string (two bytes, escaped where needed)."""
    high, low = cid >> 8, cid & 0xFF
    return _ESCAPES.get(high, chr(high)) + _ESCAPES.get(low, chr(low))


class _Flate:
    """FlateDecode for ReportLab's streams, at a chosen zlib level."""

    pdfname = "FlateDecode"

    def __init__(self, level: int):
        self.level = level

    def encode(self, data):
        import zlib

        return zlib.compress(data if isinstance(data, bytes) else data.encode("utf8"), self.level)


# Every stream at level 5: on the 40-page issue its page content and font programs compress
# in 25 ms instead of 40 (levels 6 and 9, zlib's default and its most) for 0.7 % more bytes
# (level 4 would cost 2.6 %).
FLATE = _Flate(5)


def _to_unicode_cmap(chars: list[str], cids: list[int]) -> str:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    pairs = [f"<{cid:04X}> <{ord(ch):04X}>" if ch < "\U00010000" else f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>"
             for cid, ch in zip(cids, chars)]  # UTF-16: one unit in the BMP, a surrogate pair beyond
    for k in range(0, len(pairs), 100):
        chunk = pairs[k:k + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
