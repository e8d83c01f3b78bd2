"""Long unbreakable text: web addresses, e-mail addresses, file names and long Latin words.

Set whole, such a run would push a line's every character apart when it does not fit at the
line's end (a line spread to 1.7 em a gap to make room for an address on the next one). So it
is cut into pieces at the places a reader expects a long address to turn, without a hyphen
added (Chicago 14.18, clreq): after a slash, before a dot, @, ?, &, _ and after a hyphen.
Between its pieces no space is ever added: only the line may end there.

Short terms (EPC+O, COVID-19, A/B, 2023-10-16) are never cut: they are not found here.
"""

from __future__ import annotations

import re

# A web address: a scheme or www., then the characters an address may hold (RFC 3986),
# less the punctuation that ends the sentence around it.
_URL = r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
# A file name: name parts joined by . _ - and an extension of letters (report_v2.pdf).
_FILE = r"[A-Za-z0-9]+(?:[._\-][A-Za-z0-9]+)*\.[A-Za-z][A-Za-z0-9]{1,4}(?![A-Za-z0-9])"
_LINK = re.compile(f"{_URL}|{_EMAIL}|{_FILE}")
# Characters at a link's end that belong to the sentence, not the address.
_TRAILING = ".,;:!?'"

# A Latin word at least this long, with hyphens or the like inside, may be cut too
# (state-of-the-art-infrastructure): shorter ones (e-mail, COVID-19) stay whole.
LONG_WORD = 16

BREAK_AFTER = frozenset("/-")
BREAK_BEFORE = frozenset(".@?&_")


def find_links(text: str) -> list[tuple[int, int]]:
    """(start, end) of every web address, e-mail address and file name in text."""
    if "@" not in text and "/" not in text and "." not in text:
        return []
    spans = []
    for m in _LINK.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if start > 0 and (text[start - 1].isascii() and text[start - 1].isalnum()):
            continue  # the middle of a longer word: not an address of its own
        if end - start >= 4:
            spans.append((start, end))
    return spans


def cuts(token: str) -> list[int]:
    """The offsets inside token where a line may end (before token[k]), in order."""
    out = []
    for k in range(1, len(token)):
        before, ch = token[k - 1], token[k]
        if before in BREAK_AFTER:
            ok = ch not in BREAK_AFTER and k > 1
        elif ch in BREAK_BEFORE:
            ok = before not in BREAK_BEFORE and not (
                ch == "." and before.isdigit() and token[k + 1:k + 2].isdigit())  # 3.14
        else:
            ok = False
        if ok and k < len(token) - 1:
            out.append(k)
    return out


def long_word_cuts(word: str) -> list[int]:
    """Cuts in a long Latin word (not a number, not a short term), else none."""
    if len(word) < LONG_WORD or not any(ch.isalpha() for ch in word):
        return []
    return cuts(word)
