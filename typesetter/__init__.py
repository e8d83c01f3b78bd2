"""typesetter: one YAML manifest → a print-ready PDF issue of a Chinese newsletter (简报)."""

__version__ = "0.1.0"
