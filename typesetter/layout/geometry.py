"""The page grid: paper, text block, columns and the line pitch all text sits on."""

from __future__ import annotations

import math

from ..model import Style
from ..records import record
from ..units import PAPERS, mm

LINE_PITCH = 1.6  # em: body lines are 1.6 × the body size apart
COLUMN_GAP = 2  # em between columns
# The text block of GB/T 9704 on A4 is 156 mm wide; other papers scale from it.
TEXT_WIDTH_SHARE = 156 / 210
TOP_MARGIN = 27  # mm on A4, pages after the first (the running header sits above)
BOTTOM_MARGIN = 24  # mm on A4 (the page number sits in it)
FIRST_TOP = 16  # mm on A4: the masthead starts higher, page 1 has no running header
# Where the baseline sits in a line: the em box centred in the pitch, baseline at 0.88 em
# (the ideographic em box of CJK fonts runs from -0.12 to 0.88 em).
ASCENT = 0.88


@record(frozen=True)
class Geometry:
    page_w: float
    page_h: float
    left: float  # x of the text block's left edge
    right: float
    top: float  # y of the text block's top, pages after the first
    bottom: float  # y of the text block's bottom
    first_top: float  # y where the masthead starts on page 1
    columns: int
    col_w: float
    gap: float
    size: float  # body size
    pitch: float  # body line pitch

    @property
    def width(self) -> float:
        return self.right - self.left

    def col_x(self, k: int) -> float:
        return self.left + k * (self.col_w + self.gap)

    def baseline(self, line_top: float, size: float | None = None, pitch: float | None = None) -> float:
        """Baseline of text of `size` in a line box of height `pitch` starting at line_top."""
        size = size or self.size
        pitch = pitch or self.pitch
        return line_top + (pitch - size) / 2 + ASCENT * size

    def lines_between(self, y_top: float, y_bottom: float) -> int:
        return max(0, math.floor((y_bottom - y_top) / self.pitch + 1e-6))


def make_geometry(style: Style) -> Geometry:
    w_mm, h_mm = PAPERS[style.paper]
    page_w, page_h = mm(w_mm), mm(h_mm)
    size = style.body_size
    gap = COLUMN_GAP * size if style.columns > 1 else 0.0
    # Columns are a whole number of characters wide, so that a line of Han characters is
    # flush with both edges without any spacing added.
    target = page_w * TEXT_WIDTH_SHARE
    chars = math.floor((target - gap * (style.columns - 1)) / style.columns / size)
    col_w = chars * size
    text_w = style.columns * col_w + (style.columns - 1) * gap
    left = (page_w - text_w) / 2
    scale = h_mm / 297
    top = mm(TOP_MARGIN * scale)
    bottom = page_h - mm(BOTTOM_MARGIN * scale)
    return Geometry(
        page_w=page_w, page_h=page_h, left=left, right=left + text_w, top=top, bottom=bottom,
        first_top=mm(FIRST_TOP * scale), columns=style.columns, col_w=col_w, gap=gap,
        size=size, pitch=LINE_PITCH * size,
    )
