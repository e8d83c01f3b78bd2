"""Where the words of a title are: a dictionary segmenter for the few lines that turn.

A title that needs more than one line should turn between words, not inside one (远香湖片 /
区). The words come from a list made from jieba's dictionary (data/README.md) and the
newsletter's own names (data/phrases.txt); a title is cut into the likeliest sequence of
them (jieba's method without its model of unknown words). A run of characters that are
words of their own only because no listed word holds them (远/香/湖, 陈/海/燕) is most
often a name: the caller keeps it together.

Loaded only when a title needs a second line: reading the list costs a few milliseconds,
against 0.26 s to import rjieba and 1.7 s to start jieba (measured on the build machine).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .chars import is_ideograph

DATA = Path(__file__).with_name("data")
LONGEST = 5  # characters in the longest listed word
# A character alone costs this much more than the likeliest word: a word of n characters
# is preferred to n characters alone unless it is very rare.
SINGLE = 8.0
PHRASE_BUCKET = 7  # the newsletter's own names count as common words


@lru_cache(maxsize=1)
def _lines() -> dict[str, str]:
    """First character -> " rest+bucket rest+bucket …": the listed words starting with it,
    sorted, so that a word's entry comes before every longer one it begins."""
    text = (DATA / "words.txt").read_text(encoding="utf-8")  # plain: 0.5 ms, where gzip took 7
    return {line[0]: line[1:] for line in text.split("\n") if line}


@lru_cache(maxsize=1)
def _phrases() -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for line in (DATA / "phrases.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if len(word) > 1:
            out.setdefault(word[0], {})[word[1:]] = PHRASE_BUCKET
    return out


@lru_cache(maxsize=1)
def _longest_phrase() -> int:
    return max((len(first) + max(map(len, rests)) for first, rests in _phrases().items()), default=0)


def _bucket(word: str) -> int | None:
    """How common a listed word is (0–9), or None for a word not listed."""
    own = _phrases().get(word[0], {}).get(word[1:])
    if own is not None:
        return own
    line = _lines().get(word[0], "")
    at = line.find(" " + word[1:])
    end = at + len(word)
    if at < 0 or end >= len(line) or not line[end].isdigit():
        return None
    return int(line[end])


def segment(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of text, in order: the likeliest cut of each run of Han
    characters into listed words; any other character a word of its own."""
    n = len(text)
    best = [0.0] * (n + 1)  # best[i]: score of the best cut of text[i:]
    step = [1] * (n + 1)  # step[i]: length of the first word of that cut
    longest = max(LONGEST, _longest_phrase())
    for i in range(n - 1, -1, -1):
        best[i] = best[i + 1] - SINGLE
        if not is_ideograph(text[i]):
            continue
        for length in range(2, longest + 1):
            word = text[i:i + length]
            if len(word) < length or not is_ideograph(word[-1]):
                break
            bucket = _bucket(word)
            if bucket is not None:
                score = best[i + length] - SINGLE + bucket / 2
                if score > best[i]:
                    best[i], step[i] = score, length
    spans, i = [], 0
    while i < n:
        spans.append((i, i + step[i]))
        i += step[i]
    return spans
