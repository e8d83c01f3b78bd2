"""PostScript (CFF) outlines to TrueType: the PDF embeds TrueType glyphs only.

Converted with fontTools (cubic to quadratic curves, max error 1 unit of the em), only the
glyphs a document uses, and cached: a second build of the same issue converts nothing.
"""

from __future__ import annotations

from pathlib import Path

from . import cache

DROP = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "MATH", "SVG ", "COLR", "CPAL"]


def subset_options():
    """fontTools subsetting as this program needs it: no layout tables (no shaping is done:
    the character map and the advances are all that is read), no hinting, CFF
    desubroutinized (for the conversion), every name kept."""
    from fontTools import subset

    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.glyph_names = False
    opts.drop_tables += DROP
    return opts


def cff_to_truetype(font, max_err: float = 1.0) -> None:
    """Replace a fontTools font's CFF table by glyf/loca with quadratic outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # TrueType contours run clockwise, CFF ones counter-clockwise: reverse them
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0  # no glyph names: CID fonts' names mean nothing
    font.sfntVersion = "\x00\x01\x00\x00"


def truetype_glyphs(path: Path, index: int, digest: str, chars: str) -> Path:
    """A small TrueType font with the glyphs of these characters of a CFF face (cached)."""
    wanted = "".join(sorted(set(chars)))

    def convert() -> bytes:
        import io

        from fontTools import subset
        from fontTools.ttLib import TTFont

        # keep head.modified as the font has it: a conversion made now and one made last
        # week must give the same bytes, or the same issue would not give the same PDF
        font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
        subsetter = subset.Subsetter(subset_options())
        subsetter.populate(unicodes=[ord(ch) for ch in wanted])
        subsetter.subset(font)
        cff_to_truetype(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    return cache.cached("truetype", cache.key("cff2ttf", _fonttools_version(), digest, index, wanted) + ".ttf",
                        convert)


def _fonttools_version() -> str:
    """fontTools makes the conversions: a new version makes new ones. Read from the installed
    package's metadata, so that a conversion found in the cache needs no fontTools import."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fonttools")
    except PackageNotFoundError:
        return "?"
