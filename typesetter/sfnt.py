"""Reading TrueType and OpenType files (.ttf .otf .ttc .otc) directly from their bytes.

Only what typesetting needs — the character map, advance widths, vertical metrics, names,
glyph outlines' byte ranges — read straight from the tables: a 15 MB CJK face opens in a
few milliseconds, where a general font library would build objects for 30,000 glyphs.
"""

from __future__ import annotations

import mmap
from bisect import bisect_left, bisect_right
import struct
import sys
from array import array
from functools import cached_property
from pathlib import Path


class SfntError(Exception):
    """Not a font file this program can read."""


def _u16(b, o):
    return struct.unpack_from(">H", b, o)[0]


def _i16(b, o):
    return struct.unpack_from(">h", b, o)[0]


def _u32(b, o):
    return struct.unpack_from(">I", b, o)[0]


def _be_array(kind: str, data) -> array:
    a = array(kind)
    a.frombytes(bytes(data))
    if sys.byteorder == "little":
        a.byteswap()
    return a


def face_count(path: Path) -> int:
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf":
        return _u32(head, 8)
    return 1


class Sfnt:
    """One face of a font file."""

    def __init__(self, path: Path, index: int = 0):
        self.path = Path(path)
        self.index = index
        try:
            with open(self.path, "rb") as f:
                self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise SfntError(f"cannot read {self.path}: {exc}") from None
        d = self.data
        try:
            if d[:4] == b"ttcf":
                count = _u32(d, 8)
                if not 0 <= index < count:
                    raise SfntError(f"{self.path.name} holds {count} faces (#0–#{count - 1}), not #{index}")
                offset = _u32(d, 12 + 4 * index)
            elif index != 0:
                raise SfntError(f"{self.path.name} is a single font, not a collection: no face #{index}")
            else:
                offset = 0
            version = d[offset:offset + 4]
            if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
                raise SfntError(f"{self.path.name} is not a TrueType or OpenType font")
            self.tables: dict[str, tuple[int, int]] = {}
            for k in range(_u16(d, offset + 4)):
                rec = offset + 12 + 16 * k
                tag = d[rec:rec + 4].decode("latin-1")
                self.tables[tag] = (_u32(d, rec + 8), _u32(d, rec + 12))
        except struct.error:
            raise SfntError(f"{self.path.name} is truncated or not a font") from None
        for tag in ("head", "hhea", "hmtx", "maxp", "cmap"):
            if tag not in self.tables:
                raise SfntError(f"{self.path.name} has no '{tag}' table")

    def table(self, tag: str) -> memoryview:
        off, length = self.tables[tag]
        return memoryview(self.data)[off:off + length]

    def raw_table(self, tag: str) -> bytes:
        return bytes(self.table(tag))

    # -- kind and metrics ---------------------------------------------------------------------

    @property
    def is_cff(self) -> bool:
        return "CFF " in self.tables or "CFF2" in self.tables

    @property
    def format(self) -> str:
        return "OpenType (CFF)" if self.is_cff else "TrueType"

    @cached_property
    def upem(self) -> int:
        return _u16(self.table("head"), 18)

    @cached_property
    def bbox(self) -> tuple[int, int, int, int]:
        h = self.table("head")
        return _i16(h, 36), _i16(h, 38), _i16(h, 40), _i16(h, 42)

    @cached_property
    def num_glyphs(self) -> int:
        return _u16(self.table("maxp"), 4)

    @cached_property
    def ascent_descent(self) -> tuple[int, int]:
        """Typographic ascender and descender (OS/2), else hhea's."""
        if "OS/2" in self.tables and self.tables["OS/2"][1] >= 72:
            o = self.table("OS/2")
            return _i16(o, 68), _i16(o, 70)
        h = self.table("hhea")
        return _i16(h, 4), _i16(h, 6)

    @cached_property
    def cap_height(self) -> int:
        if "OS/2" in self.tables and self.tables["OS/2"][1] >= 90 and _u16(self.table("OS/2"), 0) >= 2:
            return _i16(self.table("OS/2"), 88)
        return self.ascent_descent[0]

    @cached_property
    def weight(self) -> int:
        if "OS/2" in self.tables:
            return _u16(self.table("OS/2"), 4)
        return 400

    @cached_property
    def italic(self) -> bool:
        if "OS/2" in self.tables:
            return bool(_u16(self.table("OS/2"), 62) & 0x201)  # fsSelection: italic, oblique
        return bool(_u16(self.table("head"), 44) & 2)

    @cached_property
    def italic_angle(self) -> float:
        if "post" in self.tables:
            return struct.unpack_from(">i", self.table("post"), 4)[0] / 65536
        return 0.0

    @cached_property
    def advances(self) -> array:
        """Advance width of every glyph, font units."""
        n_metrics = _u16(self.table("hhea"), 34)
        pairs = _be_array("H", self.table("hmtx")[: 4 * n_metrics])
        adv = pairs[0::2]
        if len(adv) < self.num_glyphs:
            adv.extend([adv[-1]] * (self.num_glyphs - len(adv)))
        return adv

    @cached_property
    def lsbs(self) -> array:
        n_metrics = _u16(self.table("hhea"), 34)
        hmtx = self.table("hmtx")
        pairs = _be_array("h", hmtx[: 4 * n_metrics])
        lsb = pairs[1::2]
        rest = self.num_glyphs - n_metrics
        if rest > 0:
            lsb.extend(_be_array("h", hmtx[4 * n_metrics: 4 * n_metrics + 2 * rest]))
        return lsb

    # -- the character map ----------------------------------------------------------------------

    @cached_property
    def cmap(self) -> "CharMap":
        """Unicode code point → glyph id, looked up in the table itself: a document needs
        a thousand characters of a face that maps thirty thousand."""
        c = self.table("cmap")
        subtables = {}
        for k in range(_u16(c, 2)):
            platform, encoding, offset = struct.unpack_from(">HHI", c, 4 + 8 * k)
            subtables[(platform, encoding)] = offset
        for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
            if key in subtables:
                off = subtables[key]
                fmt = _u16(c, off)
                if fmt == 12:
                    return CharMap12(c, off)
                if fmt == 4:
                    return CharMap4(c, off)
        raise SfntError(f"{self.path.name} has no Unicode character map")

    # -- names ------------------------------------------------------------------------------

    @cached_property
    def names(self) -> dict[int, str]:
        if "name" not in self.tables:
            return {}
        n = self.table("name")
        count, storage = _u16(n, 2), _u16(n, 4)
        found: dict[int, tuple[int, int, bytes]] = {}  # name id -> rank, platform, its bytes
        for k in range(count):
            platform, encoding, language, name_id, length, offset = struct.unpack_from(">HHHHHH", n, 6 + 12 * k)
            if platform not in (0, 1, 3):
                continue
            # prefer Windows English, then any Windows, then the rest
            rank = 0 if (platform == 3 and language == 0x409) else 1 if platform == 3 else 2
            if name_id not in found or rank < found[name_id][0]:
                found[name_id] = (rank, platform, bytes(n[storage + offset: storage + offset + length]))
        # decoded once chosen: a Mac name is seldom chosen, and its codec costs an import
        return {k: raw.decode("mac-roman" if platform == 1 else "utf-16-be", "replace")
                for k, (_, platform, raw) in found.items()}

    def all_names(self, ids=(1, 4, 6, 16)) -> list[str]:
        """The names with these ids in every language and platform (宋体 and SimSun)."""
        if "name" not in self.tables:
            return []
        n = self.table("name")
        count, storage = _u16(n, 2), _u16(n, 4)
        out = []
        for k in range(count):
            platform, encoding, language, name_id, length, offset = struct.unpack_from(">HHHHHH", n, 6 + 12 * k)
            if name_id not in ids:
                continue
            raw = bytes(n[storage + offset: storage + offset + length])
            if platform in (0, 3):
                out.append(raw.decode("utf-16-be", "replace"))
            elif platform == 1 and encoding == 0:
                out.append(raw.decode("mac-roman", "replace"))
        return out

    @property
    def postscript_name(self) -> str:
        name = self.names.get(6) or self.path.stem
        return "".join(ch for ch in name if 33 <= ord(ch) < 127 and ch not in "[](){}<>/%#") or "Font"

    @property
    def family(self) -> str:
        return self.names.get(16) or self.names.get(1) or self.path.stem

    @property
    def full_name(self) -> str:
        return self.names.get(4) or self.family

    # -- outlines (TrueType) ------------------------------------------------------------------

    @cached_property
    def loca(self) -> array:
        long = _i16(self.table("head"), 50) == 1
        n = self.num_glyphs + 1
        if long:
            return _be_array("I", self.table("loca")[: 4 * n])
        short = _be_array("H", self.table("loca")[: 2 * n])
        return array("I", (2 * v for v in short))

    def glyph_data(self, gid: int) -> memoryview:
        start, end = self.loca[gid], self.loca[gid + 1]
        off, _ = self.tables["glyf"]
        return memoryview(self.data)[off + start: off + end]

    def glyph_bounds(self, gid: int) -> tuple[int, int, int, int] | None:
        """(xMin, yMin, xMax, yMax) of a TrueType glyph, or None for an empty one."""
        if self.is_cff or "glyf" not in self.tables:
            return None
        g = self.glyph_data(gid)
        if len(g) < 10:
            return None
        return struct.unpack_from(">hhhh", g, 2)


class CharMap:
    """A read-only mapping code point → glyph id over a cmap subtable."""

    def get(self, cp: int, default=None):
        raise NotImplementedError

    def __contains__(self, cp: int) -> bool:
        return self.get(cp) is not None

    def __getitem__(self, cp: int) -> int:
        gid = self.get(cp)
        if gid is None:
            raise KeyError(cp)
        return gid

    def items(self):
        return self.as_dict().items()

    def __iter__(self):
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())

    def __eq__(self, other) -> bool:
        return self.as_dict() == (other.as_dict() if isinstance(other, CharMap) else other)

    def as_dict(self) -> dict[int, int]:
        raise NotImplementedError


class CharMap12(CharMap):
    def __init__(self, c, off):
        n = _u32(c, off + 12)
        groups = _be_array("I", c[off + 16: off + 16 + 12 * n])
        self.starts, self.ends, self.gids = groups[0::3], groups[1::3], groups[2::3]
        self._dict = None

    def get(self, cp: int, default=None):
        k = bisect_right(self.starts, cp) - 1
        if k >= 0 and cp <= self.ends[k]:
            return self.gids[k] + cp - self.starts[k]
        return default

    def as_dict(self) -> dict[int, int]:
        if self._dict is None:
            out: dict[int, int] = {}
            for start, end, gid in zip(self.starts, self.ends, self.gids):
                out.update(zip(range(start, end + 1), range(gid, gid + end - start + 1)))
            self._dict = out
        return self._dict


class CharMap4(CharMap):
    def __init__(self, c, off):
        seg_x2 = _u16(c, off + 6)
        self.c = c
        self.ends = _be_array("H", c[off + 14: off + 14 + seg_x2])
        self.starts = _be_array("H", c[off + 16 + seg_x2: off + 16 + 2 * seg_x2])
        self.deltas = _be_array("h", c[off + 16 + 2 * seg_x2: off + 16 + 3 * seg_x2])
        self.range_base = off + 16 + 3 * seg_x2
        self.ranges = _be_array("H", c[self.range_base: self.range_base + seg_x2])
        self._dict = None

    def get(self, cp: int, default=None):
        if cp > 0xFFFF:
            return default
        k = bisect_left(self.ends, cp)
        if k >= len(self.ends) or self.starts[k] > cp or self.starts[k] == 0xFFFF:
            return default
        ro = self.ranges[k]
        if ro == 0:
            gid = (cp + self.deltas[k]) & 0xFFFF
        else:
            gid = _u16(self.c, self.range_base + 2 * k + ro + 2 * (cp - self.starts[k]))
            if gid:
                gid = (gid + self.deltas[k]) & 0xFFFF
        return gid or default

    def as_dict(self) -> dict[int, int]:
        if self._dict is None:
            self._dict = {cp: gid for k in range(len(self.ends)) if self.starts[k] != 0xFFFF
                          for cp in range(self.starts[k], self.ends[k] + 1)
                          if (gid := self.get(cp)) is not None}
        return self._dict
