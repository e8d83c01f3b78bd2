"""Real mistakes, reported and never changed: what the editor has to decide.

Each check is a small function over one text (already corrected) that returns flags: the
span of text it is about and what to say. number_units looks at a whole article at once.
"""

from __future__ import annotations

import re

from .. import native
from ..records import record
from .corrections import is_cjk

PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "【": "】"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_BRACKETS = re.compile("[《》“”‘’（）【】]")
# What may end a paragraph of running text.
FINAL_MARKS = frozenset("。！？…—”’）》】」』：；.!?")


@record(frozen=True)
class Flag:
    """A span of a text that a check is about, and what to say of it."""

    start: int
    end: int
    message: str
    unclosed: bool = False  # an opening mark never closed in its text


def snippet(text: str, start: int, end: int, around: int = 4) -> str:
    """The flagged characters with a few on each side, for a message: “…要求,各部…”."""
    a, b = max(0, start - around), min(len(text), end + around)
    return one_line(("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else ""))


def one_line(text: str) -> str:
    """A quotation for a one-line message: a title's line break shown as a space."""
    return text.replace("\n", " ")


def brackets(text: str) -> list[Flag]:
    """《》 “” ‘’ （） 【】 each closed, and closed in order."""
    flags = []
    stack: list[int] = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in PAIRS:
            stack.append(i)
        elif ch in CLOSERS:
            if ch == "’" and i > 0 and i + 1 < len(text) and text[i - 1].isascii() and \
                    text[i - 1].isalpha() and text[i + 1].isascii() and text[i + 1].isalpha():
                continue  # an apostrophe: it’s
            if stack and text[stack[-1]] == CLOSERS[ch]:
                stack.pop()
            elif any(text[k] == CLOSERS[ch] for k in stack):
                while text[stack[-1]] != CLOSERS[ch]:  # what was opened inside is not closed
                    k = stack.pop()
                    flags.append(_unclosed(text, k))
                stack.pop()
            else:
                flags.append(Flag(i, i + 1, f"“{snippet(text, i, i + 1)}”中的「{ch}」前面没有对应的「{CLOSERS[ch]}」："
                                  f"请补上「{CLOSERS[ch]}」，或删去多余的「{ch}」。"))
    flags.extend(_unclosed(text, k) for k in stack)
    return sorted(flags, key=lambda f: f.start)


_STRAIGHT = re.compile("[\"']")


def straight_quotes(text: str) -> list[Flag]:
    """A straight quote left in Chinese text (one without its pair: 他说"好, 5"屏幕)."""
    flags = []
    for m in _STRAIGHT.finditer(text):
        i = m.start()
        if any(0 <= k < len(text) and is_cjk(text[k]) for k in (i - 1, i + 1)):
            flags.append(Flag(i, i + 1, f"“{snippet(text, i, i + 1)}”中的直引号「{m.group()}」没有成对，"
                              "看不出是前引号还是后引号：请改成中文引号「“」「”」（或「‘」「’」），"
                              "表示英寸、分秒时请改用「″」「′」。"))
    return flags


def _unclosed(text: str, k: int) -> Flag:
    ch = text[k]
    return Flag(k, k + 1, f"“{snippet(text, k, k + 1)}”中的「{ch}」没有对应的「{PAIRS[ch]}」："
                f"请在应结束处补上「{PAIRS[ch]}」，或删去多余的「{ch}」。", unclosed=True)


def quote_goes_on(flag: Flag, text: str, next_text: str | None) -> bool:
    """A quotation of several paragraphs opens each with “ and closes only the last
    (GB/T 15834): the “ that starts a paragraph followed by another that starts with “."""
    return flag.unclosed and flag.start == 0 and text.startswith("“") and bool(next_text) and \
        next_text.startswith("“")


_DOUBLED = re.compile(r"([\u3400-\u9fff]{2,12}?)\1")


def _doubled_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each phrase typed twice, the two copies together (a compiled twin,
    native.py: the pattern backtracks through every length at every character)."""
    return [m.span() for m in _DOUBLED.finditer(text)]


def doubled(text: str) -> list[Flag]:
    """A phrase of two or more characters typed twice in a row: 参赛选手参赛选手."""
    flags = []
    for start, end in _doubled_spans(text):
        phrase = text[start:(start + end) // 2]
        if len(set(phrase)) == 1:
            continue  # 哈哈哈哈, 谢谢谢谢: one character repeated
        flags.append(Flag(start, end, f"“{snippet(text, start, end, 2)}”中“{phrase}”连写了两遍："
                          "请删去多余的一遍（若是有意叠用，如“研究研究”，可不理会）。"))
    return flags


def _han(ch: str) -> bool:
    """A character of the CJK ideograph blocks (U+3400–U+9FFF) the checks look at."""
    return "\u3400" <= ch <= "\u9fff"


# Runs of spaces, asked afterwards whether Chinese stands on both sides: a pattern that
# names the class [\u3400-\u9fff] costs every build's start a millisecond (Python's
# compiler walks such a class one character at a time), once for each time it is written.
_SPACES = re.compile(r"[ \t\u3000]+")


def han_spaces(text: str) -> list[Flag]:
    """A space between two Chinese characters: 嘉定 国资."""
    if " " not in text and "\t" not in text and "\u3000" not in text:
        return []  # most texts (the pattern would try a match at every character)
    return [Flag(m.start(), m.end(), f"“{snippet(text, m.start(), m.end(), 3)}”两个汉字之间有空格："
                 "汉字之间不加空格，请删去；若是有意隔开，请改用标点。")
            for m in _SPACES.finditer(text)
            if 0 < m.start() and m.end() < len(text) and _han(text[m.start() - 1]) and _han(text[m.end()])]


def final_mark(text: str) -> list[Flag]:
    """A paragraph of Chinese running text ends with a mark (。！？ or a closing one). A short
    line without any mark is taken for a heading and left alone."""
    if not text or text[-1] in FINAL_MARKS or not any(is_cjk(c) for c in text):
        return []
    if len(text) <= 20 and not any(c in "，。；：" for c in text):
        return []
    n = len(text)
    return [Flag(n - 1, n, f"段落末尾“{snippet(text, n - 1, n, 6)}”没有句末标点：请补上「。」（或「！」「？」）。")]


_LIST: re.Pattern | None = None  # compiled when a text has both 等 and 、 (most have not)


def mixed_lists(text: str) -> list[Flag]:
    """One list of words ending in 等, separated by both 、 and ，: 北京、上海，广州等地. A ，
    before the first 、 ends a clause (会上，张三、李四等) and is not part of the list."""
    global _LIST
    flags: list[Flag] = []
    if "等" not in text or "、" not in text:
        return flags
    if _LIST is None:
        # (?:[\u3400-\u9fff]{1,8}[、，]){2,}[\u3400-\u9fff]{1,8}?等, searched only within runs of
        # Chinese characters, 、 and ， (below), where a character that is not 、 or ， is
        # Chinese: written so, it compiles in a fraction of the time (see _SPACES)
        _LIST = re.compile(r"(?:[^、，]{1,8}[、，]){2,}[^、，]{1,8}?等")
    # A list is made only of Chinese characters, 、 and ，, so it lies within one run of them,
    # and one that holds a 等: the pattern is run over those runs alone, not over the whole
    # text (where it begins a match at nearly every character, at 400 pages 23 of the checks'
    # 130 ms). It finds the same lists, in the same order. (The runs are found character by
    # character: a pattern for them would cost a millisecond or more to compile.)
    n = len(text)
    searched = 0  # where the runs searched so far end
    at = text.find("等")
    while at >= 0:
        if at >= searched:
            run = at
            while run > 0 and ("\u3400" <= (ch := text[run - 1]) <= "\u9fff" or ch in "、，"):
                run -= 1
            searched = at + 1
            while searched < n and ("\u3400" <= (ch := text[searched]) <= "\u9fff" or ch in "、，"):
                searched += 1
            for m in _LIST.finditer(text, run, searched):
                first = m.group().find("、")
                if first < 0:
                    continue
                start = m.start() + m.group().rfind("，", 0, first) + 1
                items = text[start:m.end()]
                if "，" in items and items.count("、") + items.count("，") >= 2:
                    k = start + items.index("，")
                    flags.append(Flag(k, k + 1, f"并列词语“{items}”中顿号「、」和逗号「，」混用："
                                      "并列词语之间统一用顿号「、」。"))
        at = text.find("等", at + 1)
    return flags


# A number not preceded by a digit or a point, its unit after an optional space. The
# pattern begins with the digit and looks back from there ([\d.]\d not just behind it)
# rather than beginning with the look back: the engine then skips at once to the next digit
# instead of starting a match at every character (at 400 pages 37 -> 15 ms, same matches).
_NUMBER_UNIT = re.compile(r"(\d(?<![\d.]\d)\d*(?:\.\d+)?)( ?)([年月日时分秒万亿元个人家次项岁名位期天周届批条件台辆套所座])")


def number_units(texts: list[str]) -> list[tuple[int, Flag]]:
    """In one article, a number and its unit either always with a space (10 月) or always
    without (10月): the rarer way is flagged, with the usual way as the example. texts: the
    article's texts; returns (index of the text, flag)."""
    found = {" ": [], "": []}
    for t, text in enumerate(texts):
        for m in _NUMBER_UNIT.finditer(text):
            if m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
                continue  # TOP30 人: not a number and its unit
            found[m.group(2)].append((t, m))
    if not found[" "] or not found[""]:
        return []
    rare = " " if len(found[" "]) <= len(found[""]) else ""
    usual = found["" if rare else " "]
    example = usual[0][1].group()
    flags = []
    for t, m in found[rare]:
        what = "数字与单位之间有空格" if rare else "数字与单位之间没有空格"
        hint = f"本文另有 {len(usual)} 处写法相反（如“{example}”）"
        flags.append((t, Flag(m.start(), m.end(), f"“{m.group()}”{what}，{hint}：同一篇文章里请统一写法。")))
    return flags


# Which checks apply to which kind of text. A table's cell (and its unit) and notes are
# not sentences: no final mark is asked of them (数据来源：区统计局 is complete), and each
# cell is checked on its own, so a phrase in two cells side by side is not a doubling.
PER_TEXT = {
    "prose": (brackets, straight_quotes, doubled, han_spaces, final_mark, mixed_lists),
    "heading": (brackets, straight_quotes, doubled),
    "caption": (brackets, straight_quotes, doubled),
    "credit": (brackets, straight_quotes),
    "cell": (brackets, straight_quotes, doubled, han_spaces),
    "note": (brackets, straight_quotes, doubled, han_spaces, mixed_lists),
}
# Texts in which a quotation may run on into the next one of the same kind (a quotation of
# several paragraphs); a table's cells are never one quotation.
QUOTATIONS_GO_ON = frozenset(("prose", "heading", "caption", "credit"))


if native.core is not None:
    _doubled_spans_in_python = _doubled_spans
    _doubled_spans = native.core.doubled_spans  # noqa: F811 — the same scan, compiled
