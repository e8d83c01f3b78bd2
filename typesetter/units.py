"""Units of Chinese typesetting: 号 sizes, millimetres, paper sizes. Everything else is in pt."""

from __future__ import annotations

MM = 72 / 25.4

# 号 sizes in points (SPEC, house style).
HAO = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}

# Paper sizes, width × height in mm.
PAPERS = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B5": (176.0, 250.0),
    "16K": (185.0, 260.0),
    "Letter": (215.9, 279.4),
}


def mm(value: float) -> float:
    return value * MM
