"""The Chinese text engine: paragraph text + font metrics + a measure → positioned lines.

Pure computation, no drawing: `set_paragraph` is all the layout stage calls.
"""

from .breaker import Align, Line, set_paragraph
from .glyphs import Glyph, Glyphs
from .measure import content_widths
from .normalize import join_source_lines, printed_text

__all__ = ["Align", "Glyph", "Glyphs", "Line", "content_widths", "set_paragraph", "join_source_lines", "printed_text"]
