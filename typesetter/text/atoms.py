"""Split a paragraph into atoms: the unbreakable units that line breaking works with.

An atom is one Han character, one Latin word or number ("TOP30", "5.2%"), one punctuation
mark, one —— or ……, or one symbol. Between two atoms sits glue (the space the two take
apart, how far it may shrink and stretch) and a break class (may a line end there?).
All lengths here are in em of the paragraph's size.
"""

from __future__ import annotations

import re

from .. import native
from ..records import record
from .chars import (
    CLOSE, DASH, FULL_STOPS, HAN, IDEOGRAPHS, MIDDLE, NO_LINE_END, NO_LINE_START, OPEN, PUNCT, SPACE,
    SYMBOL, WORD, WORD_JOINERS, WORD_LEADERS, WORD_SUFFIXES, WORD_TRAILERS, _CLASSES, classify,
    is_word_char,
)
from .links import LONG_WORD, cuts, find_links, long_word_cuts

# Break classes: may a line break before this atom?
BREAK_OK = 0
BREAK_DISCOURAGED = 1  # a number and its unit: 2023|年 only if it must
BREAK_NEVER = 2
# Between two letters of an address or long word: only where its own places would leave
# the line loose.
BREAK_LETTER = 3

# Han–Latin spacing (clreq): a quarter em, shrinking to an eighth, stretching to a half.
HAN_LATIN = 0.25
HAN_LATIN_MIN = 0.125
HAN_LATIN_MAX = 0.5
# A space typed between two Han characters separates phrases: a full em.
HAN_SPACE = 1.0
HAN_SPACE_MIN = 0.5

PUNCTUATION_STYLES = ("quanjiao", "kaiming", "banjiao")
# The least distance between two glyph origins on a line, em.
ORIGIN_GAP = 0.02


class Face:
    """What the text engine needs of a font: advance widths in em. (A description of
    fontset.Face for readers: typing.Protocol would cost every build 4 ms to import.)"""

    def advance(self, ch: str) -> float: ...

    def ink(self, ch: str) -> tuple[float, float]:
        """Left and right edge of the outline, em (used to join the halves of ——)."""


class FontStack:
    """Picks, for each character, the face that sets it (the role's font or a fallback)."""

    def face_for(self, ch: str) -> Face: ...

    def metrics(self, ch: str) -> tuple[Face, float]:
        """The face that sets ch and ch's advance in it, em."""


@record(slots=True)
class Atom:
    text: str
    kind: int
    faces: tuple  # one face per character of text
    advances: tuple  # glyph advance per character, em
    width: float  # the width the atom takes in a line, em (for marks: the cell)
    blank_l: float = 0.0  # blank that compression may still trim, left side
    blank_r: float = 0.0  # and right side
    glue: float = 0.0  # space before this atom, natural
    glue_min: float = 0.0
    glue_max: float = 0.0
    space: bool = False  # a source space sits in the glue and is drawn (for copy and paste)
    brk: int = BREAK_OK  # may a line break before this atom?
    rigid: bool = False  # inside a Latin term or an address: justification adds no space here

    @property
    def is_unit(self) -> bool:
        """Counts as a character for the 孤字 rule: anything but a punctuation mark."""
        return self.kind not in PUNCT


def _scan_word(text: str, i: int) -> int:
    """End index of the Latin word or number starting at i."""
    n = len(text)
    j = i
    while j < n and text[j] in WORD_LEADERS:
        j += 1
    while j < n:
        ch = text[j]
        if is_word_char(ch):
            j += 1
        elif ch in WORD_JOINERS and j + 1 < n and is_word_char(text[j + 1]) and j > i:
            j += 1
        else:
            break
    while j < n and text[j] in WORD_SUFFIXES:
        j += 1
    # ASCII punctuation closing a Latin phrase stays with it ("Hello," "(GDP)")
    while j < n and text[j] in WORD_TRAILERS and (j + 1 == n or not is_word_char(text[j + 1])):
        j += 1
    return j


def _punct_cell(ch: str, kind: int, style: str) -> tuple[float, float, float]:
    """(cell width, blank left, blank right) of a punctuation mark in a style, em."""
    if style == "banjiao" or (style == "kaiming" and ch not in FULL_STOPS) or kind == MIDDLE:
        return 0.5, 0.0, 0.0
    if kind == OPEN:
        return 1.0, 0.5, 0.0
    if kind == CLOSE:
        return 1.0, 0.0, 0.5
    return 0.5, 0.0, 0.0  # MIDDLE: the interpunct takes half a character (GB/T 15834)


def _squeeze_adjacent(prev: Atom, cur: Atom, style: str) -> None:
    """Two adjacent marks take 1.5 em (quanjiao): trim the blank between them."""
    if style != "quanjiao":
        return
    if prev.kind == CLOSE and cur.kind in (CLOSE, OPEN) and prev.blank_r:
        prev.width -= prev.blank_r  # 。” ，“ ）。 》、
        prev.blank_r = 0.0
    elif prev.kind == OPEN and cur.kind == OPEN and cur.blank_l:
        cur.width -= cur.blank_l  # “《
        cur.blank_l = 0.0
    elif prev.kind == MIDDLE and cur.kind in PUNCT and prev.blank_r:
        prev.width -= prev.blank_r
        prev.blank_r = 0.0
    elif cur.kind == MIDDLE and prev.kind in PUNCT and cur.blank_l:
        cur.width -= cur.blank_l
        cur.blank_l = 0.0


def make_atoms(
    text: str, fonts: FontStack, style: str = "quanjiao", runs: list | None = None
) -> list[Atom]:
    """Turn one paragraph's text (source lines already joined) into atoms with glue.

    runs: [(end, FontStack), …] to set parts of the text from other stacks, e.g. a bold
    "编者按：" before a note; characters from `end` of the last span on use `fonts`."""
    if style not in PUNCTUATION_STYLES:
        raise ValueError(f"unknown punctuation style {style!r}")
    atoms: list[Atom] = []
    n = len(text)
    i = 0
    pending_space = False
    links = {start: end for start, end in find_links(text)}
    # An address or long word is set one character an atom, so that a line may end inside
    # it: at its own places (after /, before .) or, failing those, between two letters.
    token, token_end, token_cuts = 0, 0, ()
    runs_end = runs[-1][0] if runs else 0
    classes = _CLASSES
    plain = _plain_atoms(fonts)
    link_starts = sorted(links)
    prev = None
    while i < n:
        ch = text[i]
        kind = classes.get(ch)
        if kind is None:
            kind = classify(ch)
        if kind == HAN and i >= runs_end and i >= token_end and not (links and i in links):
            atom = plain.get(ch)
            if atom is None:
                face, adv = fonts.metrics(ch)
                atom = plain[ch] = Atom(ch, HAN, (face,), (adv,), adv)
            if prev is not None:  # what _join does between two Han characters, inline
                if prev.kind != HAN or pending_space:
                    atom = Atom(ch, HAN, atom.faces, atom.advances, atom.width)
                    _join(prev, atom, pending_space, style)
                elif ch in NO_LINE_START or prev.text in NO_LINE_END:
                    atom = Atom(ch, HAN, atom.faces, atom.advances, atom.width, brk=BREAK_NEVER)
            atoms.append(atom)
            i += 1
            # the ideographs after it, up to the next mark, space or letter: set solid, a
            # break allowed before each (none may not start or end a line), all plain
            run = _IDEOGRAPHS.match(text, i)
            if run is not None:
                j = run.end()
                if links:  # an address starts a token of its own
                    j = min(j, next((k for k in link_starts if k >= i), j))
                for c in text[i:j]:
                    shared = plain.get(c)
                    if shared is None:
                        face, adv = fonts.metrics(c)
                        shared = plain[c] = Atom(c, HAN, (face,), (adv,), adv)
                    atoms.append(shared)
                i = j
            prev = atoms[-1]
            pending_space = False
            continue
        if kind == SPACE:
            pending_space = True
            i += 1
            continue
        inside = i < token_end
        if inside:
            j = i + 1
            kind = WORD
        elif links and i in links:
            token, token_end = i, links[i]
            token_cuts = frozenset(cuts(text[i:token_end]))
            j = i + 1
            kind = WORD
        elif kind == WORD or (ch in WORD_LEADERS and i + 1 < n and is_word_char(text[i + 1])):
            j = _scan_word(text, i)
            kind = WORD
            inner = long_word_cuts(text[i:j])
            if inner:
                token, token_end, token_cuts = i, j, frozenset(inner)
                j = i + 1
        elif kind == DASH:
            # —— and …… are one 2-em unit each; an odd one left over stands alone
            j = i + 1
            if j < n and text[j] == ch:
                j += 1
        else:
            j = i + 1
        piece = text[i:j]
        if runs and i < runs[-1][0]:
            faces = tuple(_stack_at(runs, fonts, k).face_for(c) for k, c in enumerate(piece, i))
            advances = tuple(f.advance(c) for f, c in zip(faces, piece))
        elif j == i + 1:  # most atoms: one character
            face, adv = fonts.metrics(ch)
            faces, advances = (face,), (adv,)
        else:
            faces = tuple(fonts.face_for(c) for c in piece)
            advances = tuple(f.advance(c) for f, c in zip(faces, piece))
        if kind in PUNCT:
            width, blank_l, blank_r = _punct_cell(ch, kind, style)
        elif kind == DASH:
            width, blank_l, blank_r = float(len(piece)), 0.0, 0.0
        else:
            width, blank_l, blank_r = sum(advances), 0.0, 0.0
        atom = Atom(piece, kind, faces, advances, width, blank_l, blank_r)
        if inside and i > token:  # inside an address: never spaced, a line may end here
            atom.rigid = True
            atom.brk = _address_break(text, i - token, token_cuts, text[i - 1], ch)
        elif prev is not None:
            _join(prev, atom, pending_space, style)
        atoms.append(atom)
        prev = atom
        pending_space = False
        i = j
    return atoms


# CJK unified ideographs (and extension A): class HAN, and none is a mark that may not
# start or end a line, so a run of them is a run of plain atoms.
_IDEOGRAPHS = re.compile(f"[{IDEOGRAPHS}]+")

# Most atoms are an ideograph set solid after another, a line break allowed before it:
# such atoms of one character are all alike for one font stack, and nothing ever changes
# one (an atom is changed only as it is joined to the atom before it, and these are the
# ones joined to nothing), so every paragraph set from a stack shares one per character.
_PLAIN: dict[int, tuple[FontStack, dict[str, Atom]]] = {}


def _plain_atoms(fonts: FontStack) -> dict[str, Atom]:
    """The shared plain atoms of a font stack (kept with the stack, so that its id stays
    its own)."""
    found = _PLAIN.get(id(fonts))
    if found is None:
        if len(_PLAIN) > 64:  # stacks of earlier builds in a long-running process
            _PLAIN.clear()
        found = _PLAIN[id(fonts)] = (fonts, {})
    return found[1]


def _address_break(text: str, offset: int, cuts: frozenset, before: str, ch: str) -> int:
    """May a line end inside an address before its character at offset?"""
    if offset in cuts:
        return BREAK_OK
    if ch in NO_LINE_START or offset < min(cuts, default=0):
        # no comma or dot to start a line, nothing cut before the address's first place
        # to turn (https:// or the name before @)
        return BREAK_NEVER
    return BREAK_LETTER


def _keep_origins_in_order(prev: Atom, cur: Atom) -> None:
    """An opening mark's glyph starts before its cell (its ink is in the right half): make
    its cell wide enough, however far it is compressed, that the glyph still starts after
    the previous glyph. Text extractors that order characters by position then read the
    line in order (·“ in kaiming style, ，“ in banjiao, Wi-Fi（)."""
    if prev.kind == CLOSE:
        reach = prev.width - prev.blank_r  # its glyph starts at its cell's start
    elif prev.kind == MIDDLE:
        reach = (prev.width - prev.blank_l - prev.blank_r + prev.advances[-1]) / 2
    else:
        reach = prev.advances[-1]  # its last glyph ends at its cell's end
    needed = cur.advances[0] - reach + ORIGIN_GAP  # cell width that keeps the order
    if cur.width - cur.blank_l < needed:
        cur.blank_l = max(0.0, cur.width - needed)
        cur.width = max(cur.width, needed)


def _stack_at(runs, default, index):
    for end, stack in runs:
        if index < end:
            return stack
    return default


def _join(prev: Atom, cur: Atom, spaced: bool, style: str) -> None:
    """Set the glue and the break class between two neighbouring atoms."""
    pk, ck = prev.kind, cur.kind
    if pk == HAN and ck == HAN and not spaced:  # most pairs: set solid, may break
        if cur.text in NO_LINE_START or prev.text in NO_LINE_END:
            cur.brk = BREAK_NEVER
        return
    if (pk == HAN and ck == WORD) or (pk == WORD and ck == HAN):
        # Han–Latin spacing; a source space here ("10 月") becomes this spacing
        cur.glue, cur.glue_min, cur.glue_max = HAN_LATIN, HAN_LATIN_MIN, HAN_LATIN_MAX
    elif spaced and pk not in PUNCT and ck not in PUNCT:
        cur.space = True
        if pk in (HAN, DASH) and ck in (HAN, DASH):
            cur.glue, cur.glue_min, cur.glue_max = HAN_SPACE, HAN_SPACE_MIN, HAN_SPACE
        else:
            word_space = max(prev.faces[-1].advance(" "), 0.25)
            cur.glue, cur.glue_min, cur.glue_max = word_space, 0.2, 0.6
    elif pk in PUNCT and ck in PUNCT:
        _squeeze_adjacent(prev, cur, style)
    if ck == OPEN:
        _keep_origins_in_order(prev, cur)

    if pk in _TERM and ck in _TERM and not spaced:
        # one Latin term, number or formula set solid (EPC+O, A=B, ¥5): never broken, and
        # justification adds no space inside it
        cur.rigid = True
        cur.brk = BREAK_NEVER
    elif cur.text[0] in NO_LINE_START or ck == DASH or prev.text[-1] in NO_LINE_END:
        cur.brk = BREAK_NEVER
    elif pk == WORD and prev.text[-1].isdigit() and ck == HAN:
        cur.brk = BREAK_DISCOURAGED
    else:
        cur.brk = BREAK_OK


_TERM = (WORD, SYMBOL)


def split_long_word(atom: Atom, max_width: float) -> list[Atom]:
    """Cut a word wider than the measure (a URL, a serial number) into pieces that fit.

    The only place a Latin word is ever divided: the alternative is text beyond the column."""
    pieces: list[Atom] = []
    start = 0
    width = 0.0
    advances = atom.advances
    for k, adv in enumerate(advances):
        if k > start and width + adv > max_width:
            cut = _kinsoku_cut(atom.text, start, k)
            pieces.append(_slice(atom, start, cut, sum(advances[start:cut])))
            start, width = cut, sum(advances[cut:k])
        width += adv
    pieces.append(_slice(atom, start, len(atom.text), width))
    for piece in pieces[1:]:
        piece.rigid = True
    pieces[0].glue, pieces[0].glue_min, pieces[0].glue_max = atom.glue, atom.glue_min, atom.glue_max
    pieces[0].space, pieces[0].brk, pieces[0].rigid = atom.space, atom.brk, atom.rigid
    return pieces


def _kinsoku_cut(text: str, start: int, k: int) -> int:
    """Where to cut a long word that must be cut before k: at k, or a little earlier where
    k would start a line with a closing mark (’ ” ）…) or end one with an opening mark.
    ASCII marks inside addresses have their own rules (links.py) and are left to them."""
    def bad(c: int) -> bool:
        after, before = text[c], text[c - 1]
        return ((after in NO_LINE_START and not after.isascii())
                or (before in NO_LINE_END and not before.isascii()))

    cut = k
    while cut > start + 1 and bad(cut):
        cut -= 1
    return k if bad(cut) else cut


def _slice(atom: Atom, a: int, b: int, width: float) -> Atom:
    return Atom(atom.text[a:b], atom.kind, atom.faces[a:b], atom.advances[a:b], width)


# -- the compiled twin (native.py), where this installation has it -----------------------------

if native.core is not None:
    from . import chars

    native.core.bind_atoms(
        Atom,
        {"HAN": HAN, "WORD": WORD, "OPEN": OPEN, "CLOSE": CLOSE, "MIDDLE": MIDDLE, "DASH": DASH, "SYMBOL": SYMBOL,
         "SPACE": SPACE, "BREAK_OK": BREAK_OK, "BREAK_DISCOURAGED": BREAK_DISCOURAGED, "BREAK_NEVER": BREAK_NEVER,
         "BREAK_LETTER": BREAK_LETTER, "HAN_LATIN": HAN_LATIN, "HAN_LATIN_MIN": HAN_LATIN_MIN,
         "HAN_LATIN_MAX": HAN_LATIN_MAX, "HAN_SPACE": HAN_SPACE, "HAN_SPACE_MIN": HAN_SPACE_MIN,
         "ORIGIN_GAP": ORIGIN_GAP, "LONG_WORD": LONG_WORD},
        {name: getattr(chars, name) for name in ("NO_LINE_START", "NO_LINE_END", "WORD_LEADERS", "WORD_JOINERS",
                                                 "WORD_SUFFIXES", "WORD_TRAILERS", "FULL_STOPS")},
        _CLASSES, classify, long_word_cuts)
    _make_atoms_in_python = make_atoms

    def make_atoms(  # noqa: F811 — the same function, compiled where it can be
        text: str, fonts: FontStack, style: str = "quanjiao", runs: list | None = None
    ) -> list[Atom]:
        """make_atoms: a paragraph set from one font stack and holding no address nor long
        word to cut is made by the compiled twin; any other by the Python function."""
        if not runs and style in PUNCTUATION_STYLES and not find_links(text):
            atoms = native.core.make_atoms(text, fonts, style, _plain_atoms(fonts))
            if atoms is not None:
                return atoms
        return _make_atoms_in_python(text, fonts, style, runs)
