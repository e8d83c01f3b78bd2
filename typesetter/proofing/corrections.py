"""Typing habits, corrected: marks typed in the English input mode inside Chinese text.

Each rule is a small function that looks at a text and proposes edits. A mark is changed
only where its neighbours are Chinese (a Chinese character or mark on at least one side,
looking past spaces) and it is not part of a protected token: a URL, an e-mail address, a
number (1,200  3.2  9:30  27001:2022), a version (v2.1.0), a file name (报告.docx), code in
backticks, or anything between two Latin letters or digits (it's, e.g, example.com).
English phrases and sentences keep their own marks ("Hello, world." stays as it is).

The rules run in a fixed order on one text and never overlap: full-width letters and
digits first (so that ２０２３ counts as a number for the others), then the runs (the
ellipsis and the dash), the pairs (quotes and parentheses), single marks, and last the
spaces next to a Chinese mark, which see what the other rules made.
"""

from __future__ import annotations

import re
from ..records import record
from ..text.chars import is_han

# Chinese (full-width) punctuation: a Chinese neighbour for the rules, and what a stray
# space next to it is removed for.
CHINESE_MARKS = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕〖〗…—·")
# Closing marks: a Latin word followed by one of these is not Chinese context.
CLOSING_MARKS = frozenset("”’）》〉】」』〕〗")
# Marks inside a Chinese sentence: a Latin word after one of these is set in Chinese text
# (an opening quote or bracket may start an English sentence instead).
_INNER_MARKS = frozenset("，。、；：？！…—")
SENTENCE_MARKS = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？"}
SPACES = " \t"
# The rules' patterns are kept as text and compiled by re (which keeps them in its cache)
# when a text first needs them: most texts have no candidate for correction (has_candidates),
# and an issue without any compiles none of them (2 ms of its start).
_FULL_ALNUM = "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"

FILE_EXTENSIONS = (
    "docx?|xlsx?|pptx?|pdf|txt|rtf|wps|et|dps|ofd|csv|md|html?|xml|json|ya?ml|zip|rar|7z|"
    "tar|gz|jpe?g|png|gif|bmp|tiff?|svg|webp|heic|mp3|mp4|wav|avi|mov|mkv|py|js|exe|apk"
)
_URL = r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
_PROTECTED = [
    # a URL, without the sentence mark that may follow it
    _URL,
    # an e-mail address
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
    # a file name's extension: 报告.docx
    rf"(?i)(?<=\S)\.(?:{FILE_EXTENSIONS})(?![A-Za-z0-9])",
    # code in backticks
    r"`[^`\n]+`",
    # a command-line option: --fix -o
    r"(?<![A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9_-]*",
    # an ordinal at the start: 1. 2.
    r"^\d{1,3}\.(?!\d)",
]
_URL_TAIL = ".,;:!?'\""
# Marks inside a number (1,200 9:30 27001:2022) or a word (3.2 v2.1.0 example.com it's A/B).
_INSIDE = r"(?<=[0-9])[,:](?=[0-9])|(?<=[A-Za-z0-9])[.'\"\-/_&](?=[A-Za-z0-9])"
# Text without any of these needs no correction (most of an issue's paragraphs): a mark or
# letter a rule changes, 。。。, or a space or tab next to a Chinese mark. Two patterns and a
# find, each beginning with a character class (the space: a mark after it, or one before
# it), so that the engine skips straight to the next such character; one pattern with the
# three as alternatives began a match at every character (4290 texts at 400 pages: 19 ms).
_CANDIDATE_CHARS = re.compile("[,.:;!?()\"'\\-\u2014\u2015\u2026\uff0d\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_SPACE_BY_MARK = re.compile("[ \t](?:(?=[，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕〖〗…—·])"
                            "|(?<=[，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕〖〗…—·][ \t]))")


def has_candidates(text: str) -> bool:
    """Whether any rule may have something to correct in text."""
    return bool(_CANDIDATE_CHARS.search(text) or "。。。" in text
                or ((" " in text or "\t" in text) and _SPACE_BY_MARK.search(text)))


@record(frozen=True)
class Edit:
    """Replace text[start:end] (old) by new; rule names what was corrected."""

    start: int
    end: int
    old: str
    new: str
    rule: str


# The rules, for messages and the README: name -> what is corrected.
RULES = {
    "全角字母数字": "全角字母、数字改为半角",
    "标点": "中文里的半角标点改为全角",
    "括号": "中文里的半角括号改为全角",
    "引号": "直引号改为中文弯引号",
    "省略号": "省略号改为“……”",
    "破折号": "破折号改为“——”",
    "空格": "删去中文标点旁的空格",
}


def is_cjk(ch: str | None) -> bool:
    """A Chinese character (not a full-width letter or digit)."""
    return ch is not None and is_han(ch) and not ("\uff10" <= ch <= "\uff5a")


def is_chinese(ch: str | None) -> bool:
    return ch is not None and (is_cjk(ch) or ch in CHINESE_MARKS)


def is_latin(ch: str | None) -> bool:
    return ch is not None and ch.isascii() and ch.isalnum()


def protected_mask(text: str) -> list[bool]:
    """True for each character that belongs to a token the rules never change."""
    mask = [False] * len(text)
    for pattern in _PROTECTED:
        for m in re.finditer(pattern, text):
            start, end = m.span()
            if pattern is _URL:
                while end > start and text[end - 1] in _URL_TAIL + ")" and (
                    text[end - 1] != ")" or text.count("(", start, end) < text.count(")", start, end)
                ):
                    end -= 1
            for i in range(start, end):
                mask[i] = True
    for m in re.finditer(_INSIDE, text):  # inside a number or a word: 1,200 9:30 it's a.com
        mask[m.start()] = True
    return mask


def correct(text: str) -> list[Edit]:
    """The corrections for one text, in order, not overlapping."""
    if not has_candidates(text):
        return []
    edits = full_width_alnum(text)
    base = apply(text, edits)[0]  # the same length: one character for one
    mask = protected_mask(base)
    decided: dict[int, Edit] = {}  # start -> edit, on base
    for rule in (ellipses, dashes, quotes, parentheses, sentence_marks, spaces):
        for edit in rule(base, mask, decided):
            decided[edit.start] = edit
    merged = {e.start: e for e in edits}
    for e in decided.values():
        merged[e.start] = Edit(e.start, e.end, text[e.start:e.end], e.new, e.rule)
    return sorted(merged.values(), key=lambda e: e.start)


def apply(text: str, edits: list[Edit]) -> tuple[str, list[int]]:
    """The text with the edits made, and for each of its characters the offset in text of
    the character it came from (-1 for none: the second mark of …… made from …)."""
    out: list[str] = []
    back: list[int] = []
    at = 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[at:e.start])
        back.extend(range(at, e.start))
        out.append(e.new)
        back.extend(e.start + k if k < e.end - e.start else -1 for k in range(len(e.new)))
        at = e.end
    out.append(text[at:])
    back.extend(range(at, len(text)))
    return "".join(out), back


# -- context ----------------------------------------------------------------------------------


def _neighbour(text: str, i: int, step: int, decided: dict[int, Edit] | None = None,
               skip: str = SPACES) -> str | None:
    """The nearest character from i in direction step that is not in skip, as corrected so
    far; None at the text's end."""
    owner = _owners(decided) if decided else {}
    while 0 <= i < len(text):
        if i in owner:
            e = owner[i]
            if e.new:
                return e.new[0] if step > 0 else e.new[-1]
            i = e.end if step > 0 else e.start - 1
            continue
        if text[i] not in skip:
            return text[i]
        i += step
    return None


def _owners(decided: dict[int, Edit]) -> dict[int, Edit]:
    owner = {}
    for e in decided.values():
        for k in range(e.start, e.end):
            owner[k] = e
    return owner


def _chinese_side(text: str, i: int, step: int, decided=None) -> bool:
    return is_chinese(_neighbour(text, i, step, decided))


def _chinese_context(text: str, i: int, step: int, decided=None) -> bool:
    """Chinese beyond any spaces and ASCII sentence marks (他说: "…" looks past the colon)."""
    return is_chinese(_neighbour(text, i, step, decided, SPACES + ",.:;!?"))


def _runs(text: str, mask: list[bool], pattern: str):
    for m in re.finditer(pattern, text):
        if not any(mask[m.start():m.end()]):
            yield m


# -- the rules --------------------------------------------------------------------------------


def full_width_alnum(text: str) -> list[Edit]:
    """２０２３ → 2023, ＧＤＰ → GDP: full-width letters and digits are always typing habits."""
    return [Edit(m.start(), m.end(), m.group(), "".join(chr(ord(c) - 0xFEE0) for c in m.group()),
                 "全角字母数字") for m in re.finditer(_FULL_ALNUM, text)]


_DOTS = r"\.{3,}|。{3,}|(?<!…)…(?!…)"
_DASHES = r"(?<!-)-{2,}(?!-)|－{2,}|(?<!—)—(?!—)|―{1,2}"


def ellipses(text, mask, decided):
    """... ...... 。。。 and a lone … → ……, in Chinese text."""
    for m in _runs(text, mask, _DOTS):
        if m.group().startswith("。") or _chinese_side(text, m.start() - 1, -1) or \
                _chinese_side(text, m.end(), 1):
            yield Edit(m.start(), m.end(), m.group(), "……", "省略号")


def dashes(text, mask, decided):
    """-- －－ a lone — and ―― → ——, between Chinese (on at least one side)."""
    for m in _runs(text, mask, _DASHES):
        if _chinese_side(text, m.start() - 1, -1) or _chinese_side(text, m.end(), 1):
            yield Edit(m.start(), m.end(), m.group(), "——", "破折号")


def _pairs(text, mask, straight: str, opening: str, closing: str):
    """Straight quotes paired by position among the curly ones of the same kind: a straight
    quote closes an open one, else opens. Yields (open index, close index or None)."""
    open_at = None
    for i, ch in enumerate(text):
        if mask[i] or ch not in (straight, opening, closing):
            continue
        if ch == closing or (ch == straight and open_at is not None):
            yield open_at, i
            open_at = None
        else:
            if open_at is not None:
                yield open_at, None
            open_at = i
    if open_at is not None:
        yield open_at, None


def _at(text, i):
    return text[i] if 0 <= i < len(text) else None


def quotes(text, mask, decided):
    """Straight "…" and '…' → “…” and ‘…’ where the quoted words or the words around are
    Chinese, or the other quote of the pair is already a Chinese one."""
    for straight, opening, closing in (('"', "“", "”"), ("'", "‘", "’")):
        for start, end in _pairs(text, mask, straight, opening, closing):
            ends = [k for k in (start, end) if k is not None]
            inner = text[start + 1:end] if start is not None and end is not None else ""
            chinese = (
                any(is_cjk(c) for c in inner)
                or any(text[k] in (opening, closing) for k in ends)
                or (start is not None and _chinese_context(text, start - 1, -1, decided))
                or (end is not None and _chinese_context(text, end + 1, 1, decided))
            )
            if not chinese or (end is None and text[start] == straight):
                continue  # a straight quote without its pair is not guessed at: the checks report it
            if start is not None and text[start] == straight:
                yield Edit(start, start + 1, straight, opening, "引号")
            if end is not None and text[end] == straight:
                yield Edit(end, end + 1, straight, closing, "引号")


def parentheses(text, mask, decided):
    """( ) → （ ） around Chinese, after a Chinese character, or as a mixed pair with a
    full-width one; f(x) and (U.S.) in English stay."""
    stack: list[int] = []
    pairs = []
    for i, ch in enumerate(text):
        if mask[i]:
            continue
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            pairs.append((stack.pop(), i))
    for start, end in pairs:
        if text[start] == "（" and text[end] == "）":
            continue
        left = _neighbour(text, start - 1, -1)
        chinese = (
            any(is_cjk(c) for c in text[start + 1:end])
            or "（" in (text[start], text[end]) or "）" in (text[start], text[end])
            or is_chinese(left)
            or (left is None and _chinese_side(text, end + 1, 1))
        )
        if chinese:
            if text[start] == "(":
                yield Edit(start, start + 1, "(", "（", "括号")
            if text[end] == ")":
                yield Edit(end, end + 1, ")", "）", "括号")


_WORD_INNER = frozenset("%‰.-_/':,+#&@")  # C++ C# 3.2% a@b.com


def _token_start(text: str, mask: list[bool], i: int) -> int:
    """Where the Latin word, number or protected token ending at i begins (3.2% v2.1 9:30
    Python a@b.com)."""
    while i >= 0 and (is_latin(text[i]) or mask[i] or (
            text[i] in _WORD_INNER and i > 0 and (is_latin(text[i - 1]) or mask[i - 1]))):
        i -= 1
    return i + 1


def sentence_marks(text, mask, decided):
    """, . : ; ! ? → ，。：；！？ next to Chinese, or after a Latin word or number that is
    itself set in Chinese (增长3.2%. → 增长3.2%。). Marks typed together (?!) go together."""
    taken = _owners(decided)
    i = 0
    while i < len(text):
        if text[i] not in SENTENCE_MARKS or mask[i] or i in taken:
            i += 1
            continue
        end = i + 1
        while end < len(text) and text[end] in SENTENCE_MARKS and not mask[end] and end not in taken:
            end += 1
        left = _neighbour(text, i - 1, -1, decided)
        right = _neighbour(text, end, 1, decided)
        chinese = is_chinese(left) or (is_chinese(right) and not (
            right in CLOSING_MARKS and is_latin(left)))
        if not chinese and i > 0 and (is_latin(text[i - 1]) or mask[i - 1] or text[i - 1] in "%‰+#"):
            before = _at(text, _token_start(text, mask, i - 1) - 1)
            chinese = is_cjk(before) or before in _INNER_MARKS
        if chinese:
            for k in range(i, end):
                yield Edit(k, k + 1, text[k], SENTENCE_MARKS[text[k]], "标点")
        i = end


def spaces(text, mask, decided):
    """A half-width space next to a Chinese mark (as corrected) is removed."""
    for m in re.finditer(r"[ \t]+", text):
        start, end = m.span()
        if any(mask[start:end]) or start == 0 or end == len(text):
            continue
        left = _neighbour(text, start - 1, -1, decided, "")
        right = _neighbour(text, end, 1, decided, "")
        if left in CHINESE_MARKS or right in CHINESE_MARKS:
            yield Edit(start, end, m.group(), "", "空格")
