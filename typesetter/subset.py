"""Cut a TrueType face down to the glyphs a document uses, for embedding in the PDF.

Works on the bytes: the glyphs' outline data are copied as they are (composite glyphs pull
in their components, whose indexes are renumbered), and the few tables a PDF viewer reads
are rebuilt around them. Milliseconds for a 15 MB face, so no cache is needed.
"""

from __future__ import annotations

import struct
import sys
from array import array

from .sfnt import Sfnt

# composite glyph flags
ARG_1_AND_2_ARE_WORDS = 0x0001
WE_HAVE_A_SCALE = 0x0008
MORE_COMPONENTS = 0x0020
WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
WE_HAVE_A_TWO_BY_TWO = 0x0080


def _components(data) -> list[tuple[int, int]]:
    """(offset of the glyph index, glyph index) of each component of a composite glyph."""
    out = []
    pos = 10
    while True:
        flags, gid = struct.unpack_from(">HH", data, pos)
        out.append((pos + 2, gid))
        pos += 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2)
        if flags & WE_HAVE_A_SCALE:
            pos += 2
        elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & WE_HAVE_A_TWO_BY_TWO:
            pos += 8
        if not flags & MORE_COMPONENTS:
            return out


def subset_truetype(face: Sfnt, glyphs: list[int], cmap: dict[int, int] | None = None) -> tuple[bytes, dict[int, int]]:
    """A TrueType font holding .notdef, `glyphs` (old ids, in this order) and the components
    they need. cmap: code point → old glyph id, for a character map (a PDF's CID font reaches
    its glyphs through CIDToGIDMap and needs none). Returns the font's bytes and old id →
    new id."""
    order = [0] + [g for g in dict.fromkeys(glyphs) if g != 0]
    new_id = {g: k for k, g in enumerate(order)}
    glyf = bytearray()
    loca = [0]
    k = 0
    while k < len(order):  # `order` grows by the components of composite glyphs, as met
        data = face.glyph_data(order[k])
        if len(data) >= 10 and data[0] & 0x80:  # numberOfContours < 0: a composite glyph
            data = bytearray(data)
            for pos, comp in _components(data):
                if comp not in new_id:
                    new_id[comp] = len(order)
                    order.append(comp)
                struct.pack_into(">H", data, pos, new_id[comp])
        glyf += data
        if len(glyf) % 4:
            glyf += b"\0" * (4 - len(glyf) % 4)
        loca.append(len(glyf))
        k += 1

    n = len(order)
    adv, lsb = face.advances, face.lsbs
    tables = {
        "glyf": bytes(glyf),
        "loca": struct.pack(f">{n + 1}I", *loca),
        "hmtx": b"".join(struct.pack(">Hh", adv[g], lsb[g]) for g in order),

        "post": struct.pack(">IiHh", 0x00030000, 0, 0, 0) + b"\0" * 20,  # format 3: no glyph names
    }
    if cmap is not None:
        tables["cmap"] = _cmap_table({cp: new_id[g] for cp, g in cmap.items() if g in new_id})
    head = bytearray(face.raw_table("head"))
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
    struct.pack_into(">h", head, 50, 1)  # long loca
    tables["head"] = bytes(head)
    hhea = bytearray(face.raw_table("hhea"))
    struct.pack_into(">H", hhea, 34, n)
    tables["hhea"] = bytes(hhea)
    maxp = bytearray(face.raw_table("maxp"))
    struct.pack_into(">H", maxp, 4, n)
    tables["maxp"] = bytes(maxp)
    for tag in ("OS/2", "name", "cvt ", "fpgm", "prep", "gasp"):
        if tag in face.tables:
            tables[tag] = face.raw_table(tag)
    return _assemble(tables), new_id


def _cmap_table(mapping: dict[int, int]) -> bytes:
    """A format 12 (3,10) subtable: one group per run of consecutive characters and glyphs."""
    groups = []
    for cp in sorted(mapping):
        gid = mapping[cp]
        if groups and groups[-1][1] == cp - 1 and groups[-1][2] + (cp - groups[-1][0]) == gid:
            groups[-1][1] = cp
        else:
            groups.append([cp, cp, gid])
    body = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    body += b"".join(struct.pack(">III", *g) for g in groups)
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + body


def _checksum(data: bytes) -> int:
    """The sum of the big-endian 32-bit words, the last padded with zeros, modulo 2³²."""
    if len(data) % 4:
        data = bytes(data) + b"\0" * (4 - len(data) % 4)
    words = array("I", data)  # 4-byte items on every platform Python runs on
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _assemble(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    n = len(tags)
    entry_selector = max(k for k in range(16) if 2 ** k <= n)
    search_range = 16 * 2 ** entry_selector
    header = struct.pack(">IHHHH", 0x00010000, n, search_range, entry_selector, 16 * n - search_range)
    offset = 12 + 16 * n
    directory = []
    body = []
    total = 0  # the whole font's checksum: its tables' (each padded to 4 bytes) and the directory's
    for tag in tags:
        data = tables[tag]
        checksum = _checksum(data)
        total += checksum
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    head = header + b"".join(directory)
    total += _checksum(head)
    font = bytearray(head + b"".join(body))
    head_at = 12 + 16 * tags.index("head")
    head_offset = struct.unpack_from(">I", font, head_at + 8)[0]
    struct.pack_into(">I", font, head_offset + 8, (0xB1B0AFBA - total) & 0xFFFFFFFF)
    return bytes(font)
