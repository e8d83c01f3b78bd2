"""Character classes for Chinese line layout (W3C clreq, GB/T 15834).

Every character of a paragraph falls into one class; the classes decide how characters group
into unbreakable units, where a line may break, how wide a punctuation mark is set and where
Han–Latin spacing goes.
"""

from __future__ import annotations

# -- kinsoku (禁则) -------------------------------------------------------------------------

# Never at the start of a line: pause and stop marks, closing brackets and quotes, the
# interpunct, the slash, iteration marks; and their ASCII cousins in Chinese text.
NO_LINE_START = frozenset(
    "、，。：；！？”’」』）］〕】〗｝〉》·・/"
    "﹐﹑﹒﹔﹕﹖﹗％‰℃°々〃ゝゞヽヾ"
    ",.;:!?)]}%+"
)

# Never at the end of a line: opening brackets and quotes.
NO_LINE_END = frozenset("“‘「『（［〔【〖｛《〈([{")

# -- punctuation geometry ---------------------------------------------------------------------

# Full-width marks whose ink sits in one half of the em box (Simplified Chinese fonts). The
# other half is blank and is what compression trims.
BLANK_LEFT = frozenset("“‘「『（［〔【〖｛《〈")  # opening: ink on the right
BLANK_RIGHT = frozenset("”’」』）］〕】〗｝〉》、，。：；！？")  # closing, pause and stop marks
# Centred marks: a quarter em of blank on each side.
BLANK_BOTH = frozenset("·・")
# Stops that keep their full width in the kaiming (开明) style.
FULL_STOPS = frozenset("。？！")

# Marks that always go in pairs and are never split: —— and …….
PAIRED = frozenset("—…")

# Spaces in the source.
SPACES = frozenset(" \t\u00a0\u3000\u2002\u2003\u2009")

# -- classes ----------------------------------------------------------------------------------

HAN = 0  # ideographs, kana, full-width letters: one unit each, set solid
WORD = 1  # Latin letters, digits and the marks inside them: "TOP30", "5.2%", "GDP"
OPEN = 2  # opening punctuation (blank on the left)
CLOSE = 3  # closing punctuation (blank on the right)
MIDDLE = 4  # centred punctuation (blank on both sides)
DASH = 5  # —— and ……, 2 em, never split
SYMBOL = 6  # + − × = ~ # and the like: set solid, no Han–Latin spacing around them
SPACE = 7

PUNCT = (OPEN, CLOSE, MIDDLE)

# Characters that join two Latin/digit runs into one word when they sit between them:
# 5.2  1,000  10:30  e-mail  A/B  it's; and the marks of a term or a range, never broken
# inside: EPC+O  2023—2025  1—2  1~2
WORD_JOINERS = frozenset(".,:-/'’&_+~—–～")
# Characters that stay attached to the end of a number or word: 5.2%  30℃
WORD_SUFFIXES = frozenset("%‰℃°")
# ASCII punctuation that sticks to the preceding word in Latin text.
WORD_TRAILERS = frozenset(",.;:!?)]}\"'")
WORD_LEADERS = frozenset("([{\"'$¥￥#@")


# CJK unified ideographs and extension A: the characters words are made of (words.py), and
# the plain run of a paragraph (atoms.py). Narrower than is_han.
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff"


def is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_han(ch: str) -> bool:
    """Ideographs and everything else set on the em square as one unit."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x3040 <= cp <= 0x30FF  # kana
        or 0x3100 <= cp <= 0x312F  # bopomofo
        or 0x2E80 <= cp <= 0x2FDF  # radicals
        or 0x3005 <= cp <= 0x3007  # 々〆〇
        or 0xFF10 <= cp <= 0xFF19  # full-width digits
        or 0xFF21 <= cp <= 0xFF3A
        or 0xFF41 <= cp <= 0xFF5A
        or 0x2460 <= cp <= 0x24FF  # ①②③
        or 0x3200 <= cp <= 0x33FF  # enclosed CJK, ㎡
        or 0xAC00 <= cp <= 0xD7AF  # hangul
    )


def is_word_char(ch: str) -> bool:
    """Latin letters and digits (ASCII, Latin-1, Greek, Cyrillic)."""
    return ch.isascii() and ch.isalnum() or (
        not ch.isascii() and ch.isalpha() and ord(ch) < 0x2000
    )


_CLASSES: dict[str, int] = {}


def classify(ch: str) -> int:
    kind = _CLASSES.get(ch)
    if kind is None:
        kind = _CLASSES[ch] = _classify(ch)
    return kind


def _classify(ch: str) -> int:
    if ch in SPACES:
        return SPACE
    if ch in BLANK_LEFT:
        return OPEN
    if ch in BLANK_RIGHT:
        return CLOSE
    if ch in BLANK_BOTH:
        return MIDDLE
    if ch in PAIRED:
        return DASH
    if is_word_char(ch):
        return WORD
    if is_han(ch):
        return HAN
    return SYMBOL
