"""Prepare the fonts shipped in this folder from Debian's font packages.

Run once, when the shipped fonts change (not at build time):

    apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai
    python fonts/prepare.py

The Noto CJK faces come as CFF (PostScript) outlines inside .ttc collections. The PDF
writer embeds TrueType outlines only, so each face is cut down to the characters a
Simplified Chinese newsletter can need and its outlines are converted from cubic to
quadratic curves (max error 1 font unit of 1000, i.e. under 1/1000 em).  LXGW WenKai is
TrueType already and is copied unmodified.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from typesetter.outlines import cff_to_truetype, subset_options  # noqa: E402 — as at run time
NOTO = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
SC_FACE = 2  # in Debian's Noto CJK collections the faces are JP, KR, SC, TC, HK


def gbk_codepoints() -> set[int]:
    """Every character of GBK (two-byte area), decoded through Python's codec."""
    found: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                found.add(ord(bytes((lead, trail)).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return found


def is_hangul(cp: int) -> bool:
    return (
        0xAC00 <= cp <= 0xD7FF
        or 0x1100 <= cp <= 0x11FF
        or 0x3130 <= cp <= 0x318F
        or 0xA960 <= cp <= 0xA97F
    )


def all_but_hangul(cmap: dict[int, str]) -> set[int]:
    """Everything the face maps except Korean: all of its ~29,800 Han characters, which
    include GBK's and the 通用规范汉字表's, Ext A and the Ext B+ characters of names."""
    return {cp for cp in cmap if not is_hangul(cp)}


def subset_face(font: TTFont, unicodes: set[int]) -> None:
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def borrow_glyph(font: TTFont, donor: TTFont, codepoint: int) -> None:
    """Copy one character's glyph from a TrueType donor with the same em size.

    Noto CJK lacks U+2252 ≒, the one GBK character it does not have."""
    assert donor["head"].unitsPerEm == font["head"].unitsPerEm
    donor_name = donor.getBestCmap()[codepoint]
    name = f"uni{codepoint:04X}"
    order = font.getGlyphOrder() + [name]
    font["glyf"].glyphs[name] = donor["glyf"][donor_name]
    font["glyf"].glyphOrder = order
    font.setGlyphOrder(order)
    font["hmtx"].metrics[name] = donor["hmtx"][donor_name]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[codepoint] = name


def convert(src: Path, out: Path, pick, donor: TTFont | None = None) -> None:
    start = time.time()
    font = TTFont(src, fontNumber=SC_FACE)
    unicodes = pick(font.getBestCmap())
    subset_face(font, unicodes)
    cff_to_truetype(font)
    if donor is not None:
        for cp in sorted(gbk_codepoints() - set(font.getBestCmap())):
            if cp in donor.getBestCmap():
                borrow_glyph(font, donor, cp)
    font.save(out)
    print(f"{out.name}: {len(unicodes)} characters, {out.stat().st_size / 1e6:.1f} MB, "
          f"{time.time() - start:.0f} s")


JOBS = {
    "body": lambda: convert(NOTO / "NotoSerifCJK-Regular.ttc", HERE / "NotoSerifCJKsc-Regular.ttf",
                            all_but_hangul, donor=TTFont(WENKAI)),
    "heading": lambda: convert(NOTO / "NotoSansCJK-Bold.ttc", HERE / "NotoSansCJKsc-Bold.ttf",
                               all_but_hangul, donor=TTFont(WENKAI)),
    "title": lambda: convert(NOTO / "NotoSerifCJK-Black.ttc", HERE / "NotoSerifCJKsc-Black.ttf",
                             all_but_hangul, donor=TTFont(WENKAI)),
    "credit": lambda: shutil.copyfile(WENKAI, HERE / "LXGWWenKai-Regular.ttf"),
}

if __name__ == "__main__":
    for job in sys.argv[1:] or JOBS:
        JOBS[job]()
