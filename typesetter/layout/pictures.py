"""How big a picture may be, as plain numbers: the layout's sizing decisions, testable alone.

A picture has a natural size — its frame's width (a column, or the text block for a
page-wide one) or the share of it the manifest asks for, never wider than its pixels allow
at 200 dpi, never taller than a cap — and a smallest size the flow may scale it down to when
that keeps a page full: half its natural width, again unless the manifest asked for a width,
and never below what 200 dpi leaves. A tall photo is scaled to the height cap, or, with
`fit: crop`, cut to a sensible portrait shape at full width.
"""

from __future__ import annotations

from ..records import record


MIN_DPI = 200  # a picture is never placed larger than its pixels allow at this resolution
HEIGHT_CAP = 0.45  # of the column's (text block's) height
PAGE_HEIGHT_CAP = 0.4  # a page-wide picture (or row) of the text block's height
CROP_ASPECT = 1.25  # fit: crop cuts a taller picture to 4:5 (height over width)
MIN_SHARE = 0.5  # the flow may scale a picture down to half its natural width


@record(frozen=True)
class Size:
    w: float
    h: float
    crop: tuple[float, float, float, float] | None = None  # left, top, right, bottom, 0..1


def max_width(pixels: tuple[int, int]) -> float:
    """The widest a picture may be placed (pt) at MIN_DPI."""
    return pixels[0] / MIN_DPI * 72


def natural(pixels: tuple[int, int], frame_w: float, frame_h: float, fit: str = "scale",
            asked: float | None = None, cap: float = HEIGHT_CAP) -> Size:
    """The size a picture takes when space allows."""
    px_w, px_h = pixels
    aspect = px_h / px_w
    w = min(frame_w * (asked or 1.0), max_width(pixels))
    crop = None
    if fit == "crop" and aspect > CROP_ASPECT:
        # cut to 4:5 about the middle (a little above it: faces are in the upper part)
        kept = CROP_ASPECT / aspect
        top = (1 - kept) * 0.4
        crop = (0.0, top, 1.0, top + kept)
        aspect = CROP_ASPECT
    h = w * aspect
    max_h = frame_h * cap
    if h > max_h:
        h, w = max_h, max_h / aspect
    return Size(w, h, crop)


def smallest(size: Size, asked: float | None = None) -> Size:
    """The smallest the flow may scale a picture of this natural size to."""
    if asked is not None:
        return size  # the manifest set its width: kept as asked
    return Size(size.w * MIN_SHARE, size.h * MIN_SHARE, size.crop)


def row_widths(aspects: list[float], width: float, gap: float) -> tuple[list[float], float]:
    """Pictures side by side at one height filling `width` with `gap` between them:
    their widths and the common height."""
    inner = width - gap * (len(aspects) - 1)
    h = inner / sum(1 / a for a in aspects)
    return [h / a for a in aspects], h
