"""Fonts in the PDF: one composite (Type0) font per face, embedded as a TrueType subset.

Each character drawn gets a two-byte code (in order of first use); the code selects its
glyph through a CIDToGIDMap, its width through the W array, and its text through the
ToUnicode map — written with UTF-16 surrogate pairs, so that a name with 𠮷 or 𬉼 copies
out as written. One font object per face, however many characters: smaller than 256-glyph
simple-font slices, and nothing is limited to the Basic Multilingual Plane.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .pdfwriter import Name, PDFFile, Ref, Stream, flate, number
from .records import record
from .subset import subset_truetype


class Numbers(dict):
    """Numbers as the PDF writes them (pdfwriter.number), each formatted once: a document repeats
    few values many times (a justified line's one adjustment between every two glyphs,
    a column's left edge, the sizes)."""

    def __missing__(self, v: float) -> str:
        s = self[v] = number(v)
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
            width = float(number(self.face.advance(ch) * 1000))
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

    def program(self) -> "FontProgram":
        """The font's embedded pieces, compressed: its TrueType subset, CIDToGIDMap, widths and
        ToUnicode map. Depends only on the face and the characters coded, in order, so it can
        be made anywhere once the codes are final (render_ahead.py makes it on the second
        core), and a rebuild of an issue whose characters did not change (an edit of its
        wording) takes it from the cache folder."""
        from . import cache

        face = cache.key("font-program", self.face.key, self.face.path.resolve(),
                         cache.code_digest(*_PROGRAM_CODE))[:16]
        name = f"{face}-{cache.key(''.join(self.chars))[:24]}"
        stored = cache.read("fonts", name)
        if stored:
            try:
                return pickle.loads(stored)
            except Exception:  # a damaged entry: made again
                pass
        made = self._make_program()
        cache.store("fonts", name, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        # a face's programs for the last few sets of characters: the cache does not grow
        # with every edit that brings a new character
        cache.keep_newest("fonts", face, PROGRAMS_KEPT)
        return made

    def _make_program(self) -> "FontProgram":
        sfnt = self.face.outlines("".join(self.chars))
        cmap = sfnt.cmap
        gids = [cmap.get(ord(ch), 0) for ch in self.chars]
        data, new_id = subset_truetype(sfnt, gids)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha1(data).digest()[:6])
        base = f"{tag}+{self.face.pdf_name}"
        upem = sfnt.upem
        scale = lambda v: round(v * 1000 / upem, 3)  # noqa: E731
        ascent, descent = sfnt.ascent_descent
        descriptor = {
            "Type": Name("FontDescriptor"),
            "FontName": Name(base),
            "Flags": 4,  # symbolic: the glyphs are reached by code, not by a standard encoding
            "FontBBox": [scale(v) for v in sfnt.bbox],
            "ItalicAngle": float(sfnt.italic_angle),
            "Ascent": scale(ascent),
            "Descent": scale(descent),
            "CapHeight": scale(sfnt.cap_height),
            "StemV": 80 + (sfnt.weight - 400) // 5 if sfnt.weight > 400 else 80,
        }
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
                run.append(w)
                continue
            if run:
                widths += [run_start, run]
            run_start, run = (cid, [w]) if w != 1000 else (None, [])
        if run:
            widths += [run_start, run]
        return FontProgram(base, descriptor, widths, flate(data), len(data), flate(bytes(cid_to_gid)),
                           flate(_to_unicode_cmap(self.chars, cids).encode("ascii")))


@record(slots=True)
class FontProgram:
    """A font's objects as plain data, their streams compressed."""

    base: str  # the subset's PostScript name, with its tag
    descriptor: dict  # the FontDescriptor's entries but the font file
    widths: list  # the W array
    font_file: bytes  # the TrueType subset, compressed
    length1: int  # its length uncompressed
    cid_to_gid: bytes  # compressed
    to_unicode: bytes  # compressed

    def write(self, pdf: PDFFile) -> Ref:
        """Its objects into `pdf`; the Type0 font's reference."""
        zipped = {"Filter": Name("FlateDecode")}
        font_file = pdf.add(Stream({"Length1": self.length1, **zipped}, self.font_file))
        descriptor = pdf.add({**self.descriptor, "FontFile2": font_file})
        cid_map = pdf.add(Stream(zipped, self.cid_to_gid))
        descendant = pdf.add({
            "Type": Name("Font"),
            "Subtype": Name("CIDFontType2"),
            "BaseFont": Name(self.base),
            "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
            "FontDescriptor": descriptor,
            "DW": 1000,
            "W": self.widths,
            "CIDToGIDMap": cid_map,
        })
        to_unicode = pdf.add(Stream(zipped, self.to_unicode))
        return pdf.add({
            "Type": Name("Font"),
            "Subtype": Name("Type0"),
            "BaseFont": Name(self.base),
            "Encoding": Name("Identity-H"),
            "DescendantFonts": [descendant],
            "ToUnicode": to_unicode,
        })


class FontEmbedder:
    """The fonts of one document: a face gets its resource name (F1, F2 …) when first met."""

    def __init__(self):
        self.faces: dict[str, EmbeddedFace] = {}

    def embedded(self, face) -> EmbeddedFace:
        font = self.faces.get(face.key)
        if font is None:
            font = self.faces[face.key] = EmbeddedFace(face, f"/F{len(self.faces) + 1}")
        return font


PROGRAMS_KEPT = 6  # a face's programs kept in the cache folder (the newest)
# the code that makes a font program: one cached by another version of it is not used
_PROGRAM_CODE = tuple(Path(__file__).parent / name
                      for name in ("pdffont.py", "subset.py", "sfnt.py", "pdfwriter.py", "outlines.py"))


def _cid(n: int) -> int:
    """The n-th character's code: two bytes, each below 0x80. The page streams then hold
    ASCII only, and compress smaller than with codes using all 256 values of a byte (by
    0.1-0.7 % on the sample, 40 and 400 pages)."""
    return ((n >> 7) << 8) | (n & 0x7F)


_ESCAPES = {0x28: "\\(", 0x29: "\\)", 0x5C: "\\\\", 0x0D: "\\r", 0x0A: "\\n"}


def _literal(cid: int) -> str:
    """The code as the inside of a PDF literal string (two bytes, escaped where needed)."""
    high, low = cid >> 8, cid & 0xFF
    return _ESCAPES.get(high, chr(high)) + _ESCAPES.get(low, chr(low))


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
