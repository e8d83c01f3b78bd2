"""Line breaking and justification of one paragraph.

Greedy, one line at a time, the way Chinese compositors work (clreq 3.8): take as many atoms
as fit with every punctuation mark compressed as far as it may go (先挤进); if the line cannot
end there (a mark that may not start a line follows, or an opening bracket would end it), move
the break back (后推出). Then set the line: trim the blank of a mark at the line's end, compress
mid-line marks only if the line is still too long, and spread what is left evenly over every
gap between atoms, so that both column edges are straight.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from enum import Enum

from .. import native
from ..records import record
from .atoms import (
    BREAK_DISCOURAGED, BREAK_LETTER, BREAK_NEVER, BREAK_OK, HAN_LATIN, Atom, FontStack, make_atoms,
    split_long_word,
)
from .chars import CLOSE, DASH, HAN, MIDDLE, OPEN, PUNCT, WORD
from .glyphs import Glyph, Glyphs  # noqa: F401 — Glyph is part of this module's interface
from .titles import chosen_lines, title_lines

# How far back (in atoms) a break may move to avoid splitting a number from its unit.
UNIT_BACKOFF = 2
# How far back (in atoms) a ragged heading's line may end to turn at a phrase boundary.
PHRASE_BACKOFF = 7
# Marks after which a title may turn to its next line.
TITLE_TURNS = "，、；：！？。”’》）"
EPS = 1e-9


class Align(Enum):
    JUSTIFY = "justify"  # every line but the last flush with both edges
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@record(slots=True)
class Line:
    glyphs: Glyphs
    width: float  # the measure, pt
    start: float  # pt, where the first atom's cell begins
    end: float  # pt, where the last atom's cell ends
    justified: bool
    last: bool  # the paragraph's last line
    units: int  # characters other than punctuation: the 孤字 rule counts these
    overfull: bool = False  # could not be made to fit the measure (reported as a warning)
    # What its atoms take at their natural widths, each with the glue before it, pt, and
    # how many of them justification may space: what could_take_lines adds up
    natural: float = 0.0
    spaceable: int = 0


def set_paragraph(
    text: str,
    fonts: FontStack,
    size: float,
    width: float,
    *,
    indent: float = 0.0,
    hang: float = 0.0,
    align: Align = Align.JUSTIFY,
    style: str = "quanjiao",
    balance: bool = False,
    min_last_units: int = 2,
    runs: list | None = None,
    lines: int | None = None,
    phrases: bool = False,
) -> list[Line]:
    """Break `text` into lines `width` pt wide at `size` pt.

    indent: em before the first line; hang: em before every other line.
    balance: make the lines of a centred title about equally long.
    min_last_units: characters a paragraph's last line holds at least (孤字不成行).
    runs: [(end, FontStack), …]: the first characters set from other font stacks.
    lines: exactly this many lines, with the least added spacing (a paragraph set a line
    longer, to balance columns); [] if it cannot be done without visibly loose lines.
    phrases: end lines at phrase boundaries where one is near (ragged headings).
    """
    atoms = make_atoms(text, fonts, style, runs)
    if not atoms:
        return []
    measure = width / size
    first, rest = measure - indent, measure - hang
    atoms = _split_wide_words(atoms, min(first, rest))
    if lines is not None:
        spans = _break_exact(atoms, first, rest, lines, min_last_units)
        if spans is None:
            return []
    else:
        spans = _break_lines(atoms, first, rest, phrases=phrases)
        if balance and len(spans) > 1:
            spans = title_lines(atoms, len(spans), first, rest, centred=align is Align.CENTER) or spans
        if align is Align.JUSTIFY and min_last_units > 1:
            spans = _mend_short_last_line(atoms, spans, rest, min_last_units)
        if align is Align.JUSTIFY:
            spans = _even_out(atoms, spans, first, rest, min_last_units)
    out = []
    for k, (s, e) in enumerate(spans):
        last = k == len(spans) - 1
        offset, avail = (indent, first) if k == 0 else (hang, rest)
        out.append(_set_line(atoms, s, e, avail, offset, measure, align, last, size))
    return out


# -- breaking ---------------------------------------------------------------------------------


def _split_wide_words(atoms: list[Atom], measure: float) -> list[Atom]:
    """Words wider than the measure are cut into pieces an em short of it, leaving room for
    a mark that must end the line with them."""
    if max(atoms, key=_width).width <= measure:
        return atoms
    out: list[Atom] = []
    for a in atoms:
        if a.kind == WORD and a.width > measure:
            out.extend(split_long_word(a, max(measure - 1.0, measure / 2)))
        else:
            out.append(a)
    return out


_width = attrgetter("width")


def _min_width(a: Atom) -> float:
    return a.width - a.blank_l - a.blank_r


def _max_fit(atoms: list[Atom], s: int, measure: float) -> int:
    """The largest e such that atoms[s:e] fit in `measure` with everything compressed."""
    n = len(atoms)
    total = _min_width(atoms[s])
    e = s + 1
    while e < n:
        a = atoms[e]
        total += a.glue_min + _min_width(a)
        if total > measure + EPS:
            break
        e += 1
    return e


def _fits(atoms: list[Atom], s: int, e: int, measure: float) -> bool:
    total = sum(_min_width(a) for a in atoms[s:e]) + sum(a.glue_min for a in atoms[s + 1 : e])
    return total <= measure + EPS


def _choose_break(atoms: list[Atom], s: int, e_max: int) -> int:
    """Move the break back from e_max to the nearest place a line may end."""
    discouraged = None
    for b in range(e_max, s, -1):
        brk = atoms[b].brk
        if brk == BREAK_NEVER:
            continue
        if brk == BREAK_DISCOURAGED:
            if discouraged is None:
                discouraged = b
            continue
        if discouraged is None or discouraged - b <= UNIT_BACKOFF:
            return b
        break
    if discouraged is not None:
        return discouraged
    # No place to end the line at all: a long word followed by marks that may not start a
    # line. Take the marks along (the line runs long, and is reported as overfull) rather
    # than start the next line with one.
    for b in range(e_max + 1, len(atoms) + 1):
        if b == len(atoms) or atoms[b].brk != BREAK_NEVER:
            return b
    return e_max


def _natural_fit(atoms: list[Atom], s: int, measure: float) -> int:
    """The largest e such that atoms[s:e] fit at their natural widths (a mark ending the
    line already in its half em); at least one atom."""
    n = len(atoms)
    total = atoms[s].width
    e = s + 1
    while e < n:
        a = atoms[e]
        if total + a.glue + a.width - a.blank_r > measure + EPS:
            break
        total += a.glue + a.width
        e += 1
    return e


def _break_lines(atoms: list[Atom], first: float, rest: float, phrases: bool = False) -> list[tuple[int, int]]:
    """Where each line ends. A line takes what fits at natural widths and is justified by
    spreading the little left over. Only where it may not end there — the next character
    may not start a line, or a number would leave its unit — are marks squeezed to take
    what must come along (先挤进); if squeezing cannot, characters move down (后推出)."""
    spans: list[tuple[int, int]] = []
    n = len(atoms)
    s = 0
    while s < n:
        measure = first if not spans else rest
        e = _natural_fit(atoms, s, measure)
        if e < n and atoms[e].brk not in (BREAK_OK, BREAK_LETTER):
            squeezed = None
            for cand in range(e + 1, _max_fit(atoms, s, measure) + 1):
                if cand == n or atoms[cand].brk == BREAK_OK:
                    squeezed = cand
                    break
            e = squeezed if squeezed is not None else _choose_break(atoms, s, e)
        if e < n and atoms[e].brk == BREAK_LETTER:
            e = _letter_or_own_place(atoms, s, e, measure)
        if phrases and e < n and not _good_title_break(atoms, e):
            # a ragged heading turns at a phrase boundary a few characters back, if one is near
            for b in range(e - 1, max(s, e - PHRASE_BACKOFF), -1):
                if atoms[b].brk != BREAK_NEVER and _good_title_break(atoms, b):
                    e = b
                    break
        spans.append((s, e))
        s = e
    return spans


def _letter_or_own_place(atoms: list[Atom], s: int, e: int, measure: float) -> int:
    """A line that would end between two letters of an address: at the address's own place
    before them (after /, before .) or anywhere before, if the line is no looser there than
    a quarter em a gap; else between the letters."""
    for b in range(e - 1, s, -1):
        if atoms[b].brk == BREAK_OK:
            if _line_spread(atoms, s, b, measure) <= HAN_LATIN + EPS:
                return b
            break
    return e


# The most spacing a line set looser may gain between two characters, em: a paragraph
# given one line more (to balance columns) spreads the room it gains over its lines.
MAX_LOOSENESS = 0.1
# Above this, a justified line counts as loose: its paragraph is re-broken to even it out.
LOOSE = 0.06
# A line ending between two letters of an address costs as much as a line a quarter em
# loose a gap: taken only where it evens out more than that.
LETTER_COST = HAN_LATIN * HAN_LATIN
# A number parted from its unit (2023 / 年) where that alone saves a line looser than a
# full em a gap: "only if it must" (SPEC).
UNIT_COST = 1.0


def _even_spread(extra: float, gaps: int, capped: int, room: float) -> float:
    """What justification adds to the widest gap of a line `extra` em short (_spread): the
    same to every gap, until the capped ones are full and the others take the rest."""
    if gaps == 0:
        return extra
    g = extra / gaps
    if capped and g * capped > room:
        if gaps > capped:
            g = (extra - room) / (gaps - capped)
        else:  # only Han–Latin gaps, spread past their limit: the quarter em they had shows too
            g += HAN_LATIN
    return g


def _line_spread(atoms, s, e, measure) -> float:
    """What justification adds to the widest gap of the line atoms[s:e] (_even_spread).
    The gaps it may widen are those outside a term or an address; the Han–Latin ones
    stop at their limit."""
    width = atoms[s].width - atoms[e - 1].blank_r
    gaps = capped = 0
    room = 0.0
    for a in atoms[s + 1:e]:
        width += a.width + a.glue
        if not a.rigid:
            gaps += 1
            if a.glue_max:
                capped += 1
                room += a.glue_max - a.glue
    return _even_spread(measure - width, gaps, capped, room)


def _spread_of(atoms, spans, first, rest) -> float:
    """The largest spacing justification adds between two atoms of a non-final line, em."""
    worst = 0.0
    for k, (s, e) in enumerate(spans[:-1]):
        worst = max(worst, _line_spread(atoms, s, e, first if k == 0 else rest))
    return worst


def _even_out(atoms, spans, first, rest, min_last_units):
    """A paragraph where one line came out loose (characters pushed down to keep a mark or
    a number with its neighbour, or to give the last line company): the same number of
    lines with the spacing spread over several lines, where that is looser nowhere. With
    an address in it, one line fewer first: a line that ends inside an address may leave
    room the greedy breaks could not use (…/tzg | g/，)."""
    worst = _spread_of(atoms, spans, first, rest)
    if worst <= LOOSE or len(spans) < 2:
        return spans
    counts = [len(spans)]
    if len(spans) > 2 and any(a.rigid for a in atoms):
        counts.insert(0, len(spans) - 1)
    for count in counts:
        alt = _break_exact(atoms, first, rest, count, min_last_units, limit=worst, unit_cost=UNIT_COST)
        if alt is not None and _spread_of(atoms, alt, first, rest) < worst - EPS:
            return alt
    return spans


def _break_exact(atoms, first, rest, count, min_last_units, limit=None, unit_cost=None):
    """Breaks giving exactly `count` lines, every line at natural width or looser by at most
    `limit` (MAX_LOOSENESS) a gap (no squeezing), and the sum of squared added spacing
    least: where spacing must be added, it is spread over many lines rather than piled on
    a few. A number is parted from its unit only at `unit_cost` (never, without one)."""
    limit = MAX_LOOSENESS if limit is None else limit
    n = len(atoms)
    nat = [0.0] * (n + 1)  # nat[p]: natural width of atoms[:p] without the first's glue
    units = [0] * (n + 1)  # units[p]: characters (not marks) among atoms[:p]
    flex = [0] * (n + 1)  # flex[p]: gaps justification may widen before atoms[1:p]
    capped = [0] * (n + 1)  # capped[p]: those of them that stop at a limit
    room = [0.0] * (n + 1)  # room[p]: and the room they have up to it
    # reach[p]: nat[p] + limit × flex[p], never decreasing. A line whose every gap took
    # `limit` and that still falls short is too loose (capped gaps take less, a line of only
    # capped gaps is spread further): a line from s reaches the measure no sooner than
    # where reach passes nat[s] + its glue + limit × flex[s + 1] + measure.
    reach = [0.0] * (n + 1)
    for p, a in enumerate(atoms):
        nat[p + 1] = nat[p] + a.width + (a.glue if p else 0.0)
        units[p + 1] = units[p] + a.is_unit
        wide = p > 0 and not a.rigid
        flex[p + 1] = flex[p] + wide
        capped[p + 1] = capped[p] + (wide and a.glue_max > 0)
        room[p + 1] = room[p] + (a.glue_max - a.glue if wide and a.glue_max else 0.0)
        reach[p + 1] = nat[p + 1] + limit * flex[p + 1]
    last_needs = min_last_units if units[n] >= min_last_units else 0
    # not 2023|年 either; between two letters of an address at a cost
    allowed = (BREAK_OK, BREAK_LETTER) if unit_cost is None else (BREAK_OK, BREAK_LETTER, BREAK_DISCOURAGED)
    extra = {BREAK_LETTER: LETTER_COST, BREAK_DISCOURAGED: unit_cost}
    # A line is never wider than its measure: what is left after an end must fit in the
    # lines left, each also giving up at most a glue at its start and a blank at its end.
    per_line = rest + max(a.glue for a in atoms) + max(a.blank_r for a in atoms) + 1e-6
    layer = {0: 0.0}  # line k-1's ends reached: end -> least cost to there
    back: list[dict] = [{}]
    # The soonest each line can end (every line from the soonest end of the one before, with
    # every gap widened by `limit`: the bound the loop below starts each line's ends from):
    # where count - 1 lines take every atom even so, no break gives count lines. Most
    # paragraphs the flow asks a line looser of cannot be, and this tells so at once.
    s = 0
    for k in range(1, count):
        least = nat[s] + (atoms[s].glue if s else 0.0) + limit * flex[s + 1] + (first if k == 1 else rest) - 1e-4
        s = bisect_left(reach, least, s + 1)
        if s >= n:
            return None
    for k in range(1, count + 1):
        measure = first if k == 1 else rest
        reached = sorted(layer)
        if not reached:
            return None
        far = reached[-1]  # no line k ends further than a line's width beyond it
        final = k == count
        if final:  # the last line ends with the paragraph, and is not justified
            ends = range(n, n + 1)
        else:  # lines ending sooner are too loose from every start (rounding allowed for)
            s0 = reached[0]
            least = nat[s0] + (atoms[s0].glue if s0 else 0.0) + limit * flex[s0 + 1] + measure - 1e-4
            ends = range(bisect_left(reach, least, s0 + 1), n)
        costs: dict = {}
        starts: dict = {}
        for p in ends:
            if nat[p] - nat[far] - (atoms[far].glue if far else 0.0) - atoms[p - 1].blank_r > measure + EPS:
                break
            if p < n and atoms[p].brk not in allowed:
                continue
            best, best_s = None, -1
            np, blank = nat[p], atoms[p - 1].blank_r
            for i in range(bisect_left(reached, p) - 1, -1, -1):  # where line k may start
                s = reached[i]
                width = np - nat[s] - (atoms[s].glue if s else 0.0) - blank
                if width > measure + EPS:
                    break  # longer lines only get wider
                if p == n:  # the last line: not justified, but not a lone character
                    if units[p] - units[s] < last_needs:
                        continue
                    c = layer[s]
                else:
                    spread = _even_spread(measure - width, flex[p] - flex[s + 1],
                                          capped[p] - capped[s + 1], room[p] - room[s + 1])
                    if spread > limit + EPS:
                        continue  # shorter lines only get looser, but a break may be illegal: go on
                    c = layer[s] + spread * spread
                    brk = atoms[p].brk
                    if brk != BREAK_OK:
                        c += extra[brk]
                if best is None or c < best:
                    best, best_s = c, s
            if best is not None and nat[n] - nat[p] <= (count - k) * per_line:
                costs[p], starts[p] = best, best_s
        layer = costs
        back.append(starts)
    if n not in layer:
        return None
    return chosen_lines(back, count, n)


def could_take_lines(lines: list[Line], count: int, first: float, rest: float, size: float) -> bool:
    """Whether the paragraph set as `lines` might be set in `count` lines by _break_exact
    (set_paragraph(lines=count), first and rest the measures in em as it takes them):
    False only where it certainly cannot. Each of its first count - 1 lines must reach its
    measure with at most MAX_LOOSENESS (+ EPS) added to each gap it may space (to the line,
    if it has none); all of them hold no more than the paragraph's atoms at their natural
    widths, and no more spaceable gaps than its atoms, so that much stretch must make up
    count - 1 measures. Asked before setting a looser variant the flow may not get."""
    natural = sum([line.natural for line in lines]) / size
    gaps = sum([line.spaceable for line in lines]) + count - 1
    short = first + (count - 2) * rest - natural
    return short <= (MAX_LOOSENESS + EPS) * gaps + 1e-6


def _good_title_break(atoms: list[Atom], b: int) -> bool:
    """A place where a title may turn without splitting a phrase: after a pause mark or a
    space, before an opening quote, around a number or Latin word, before 暨/及/与."""
    before, after = atoms[b - 1], atoms[b]
    return (
        (before.kind == CLOSE and before.text in TITLE_TURNS)
        or after.space
        or after.kind == OPEN
        or before.kind == WORD
        or after.kind == WORD
        or after.text in "暨及与"
    )


def _units(atoms: list[Atom], s: int, e: int) -> int:
    return sum(1 for a in atoms[s:e] if a.is_unit)


def _mend_short_last_line(atoms, spans, measure, min_units):
    """孤字不成行: give a last line of one character company from the line before."""
    if len(spans) < 2:
        return spans
    (ps, pe), (ls, le) = spans[-2], spans[-1]
    if _units(atoms, ls, le) >= min_units or _units(atoms, ps, le) <= min_units:
        return spans
    for b in range(pe - 1, ps + 1, -1):
        if atoms[b].brk == BREAK_NEVER:
            continue
        if _units(atoms, b, le) >= min_units and _fits(atoms, b, le, measure):
            return spans[:-2] + [(ps, b), (b, le)]
    return spans


# -- setting one line -------------------------------------------------------------------------


def _set_line(atoms, s, e, avail, offset, measure, align, last, size) -> Line:
    line = atoms[s:e]
    widths = [a.width for a in line]
    blank_l = [a.blank_l for a in line]
    blank_r = [a.blank_r for a in line]
    glues = [a.glue for a in line]
    span = sum(widths) + sum(glues)  # untrimmed, with the glue before the first atom
    glues[0] = 0.0
    # A mark at the end of a line sits in half an em: its trailing blank goes.
    widths[-1] -= blank_r[-1]
    blank_r[-1] = 0.0

    natural = sum(widths) + sum(glues)
    extra = avail - natural
    if extra < -EPS:
        extra = _compress(line, widths, blank_l, blank_r, glues, -extra)
    overfull = extra < -EPS
    # a line that is one address or term from end to end has no gap to widen: left ragged
    justified = align is Align.JUSTIFY and not last and any(not a.rigid for a in line[1:])
    if justified and extra > EPS:
        _spread(line, glues, extra)
    used = sum(widths) + sum(glues)

    if align is Align.CENTER:
        x = offset + (avail - used) / 2
    elif align is Align.RIGHT:
        x = offset + avail - used
    else:
        x = offset
    start = x
    out = _Out()
    chars, xs, faces = out.chars, out.xs, out.faces
    add_char, add_x, add_face = chars.append, xs.append, faces.append
    units = 0
    for k, a in enumerate(line):
        if k:
            if a.space:
                out.add(" ", line[k - 1].faces[-1], x * size)
            x += glues[k]
        kind = a.kind
        if kind == HAN:  # most atoms: one glyph at the cell's start
            add_char(a.text)
            add_x(x * size)
            add_face(a.faces[0])
            units += 1
        else:
            _place(a, x, widths[k], blank_l[k], blank_r[k], out, size)
            if kind not in PUNCT:
                units += 1
        x += widths[k]
    glyphs = Glyphs.from_lists(chars, xs, faces, out.scales)
    spaceable = len(line) - sum([a.rigid for a in line])
    return Line(glyphs, measure * size, start * size, x * size, justified, last, units, overfull, span * size,
                spaceable)


def _spread(line, glues, extra) -> None:
    """Spread a justified line's spare width evenly over its gaps, except that no gap
    grows past its limit (Han–Latin spacing stretches to ½ em at most) while others can
    take more; only a line whose every gap is at its limit is spread past them."""
    if not any(a.glue_max or a.rigid for a in line):  # no gap with a limit, none held solid
        if len(line) > 1:
            share = extra / (len(line) - 1)
            glues[1:] = [g + share for g in glues[1:]]
        return
    free = [k for k in range(1, len(line)) if not line[k].rigid]
    while free and extra > EPS:
        share = extra / len(free)
        capped = [k for k in free if line[k].glue_max and glues[k] + share > line[k].glue_max + EPS]
        if not capped or len(capped) == len(free):
            for k in free:
                glues[k] += share
            return
        for k in capped:
            extra -= line[k].glue_max - glues[k]
            glues[k] = line[k].glue_max
        free = [k for k in free if k not in capped]


class _Out:
    """The glyphs of a line as they are placed."""

    __slots__ = ("chars", "xs", "faces", "scales")

    def __init__(self):
        self.chars, self.xs, self.faces, self.scales = [], [], [], {}

    def add(self, ch, face, x, scale=1.0):
        if scale != 1.0:
            self.scales[len(self.chars)] = scale
        self.chars.append(ch)
        self.xs.append(x)
        self.faces.append(face)


def _compress(line, widths, blank_l, blank_r, glues, deficit) -> float:
    """先挤进: trim the blanks of mid-line marks, then that of an opening bracket at the
    line's start, then Han–Latin and word spaces; evenly within each kind. Returns what is
    left over (≥ 0, or < 0 if the line cannot be made to fit)."""
    head = blank_l[0] if line[0].kind == OPEN else 0.0
    blank_l[0] -= head  # kept back: trimmed only if the mid-line marks are not enough
    for pool in ("mid", "head"):
        if pool == "head":
            blank_l[0] += head
            sources = [(0, blank_l)] if head > EPS else []
        else:
            sources = [(k, side) for k in range(len(line)) for side in (blank_l, blank_r) if side[k] > EPS]
        room = sum(side[k] for k, side in sources)
        if deficit <= EPS or room <= EPS:
            continue
        ratio = min(1.0, deficit / room)
        for k, side in sources:
            cut = side[k] * ratio
            widths[k] -= cut
            side[k] -= cut
        deficit -= room * ratio
    if deficit > EPS:
        room = sum(glues[k] - line[k].glue_min for k in range(1, len(line)))
        if room > EPS:
            ratio = min(1.0, deficit / room)
            for k in range(1, len(line)):
                glues[k] -= (glues[k] - line[k].glue_min) * ratio
            deficit -= room * ratio
    return -deficit


def _place(a: Atom, x: float, width: float, bl: float, br: float, out: _Out, size: float):
    """Put the glyphs of one atom into its cell [x, x + width)."""
    kind = a.kind
    if kind == OPEN:  # ink on the right of the cell
        out.add(a.text, a.faces[0], (x + width - a.advances[0]) * size)
    elif kind == CLOSE:  # ink on the left
        out.add(a.text, a.faces[0], x * size)
    elif kind == MIDDLE:
        centre = x + bl + (width - bl - br) / 2
        out.add(a.text, a.faces[0], (centre - a.advances[0] / 2) * size)
    elif kind == DASH:
        cell = width / len(a.text)
        count = len(a.text)
        for k, (ch, face, adv) in enumerate(zip(a.text, a.faces, a.advances)):
            if ch != "—":  # …: centred in its em
                out.add(ch, face, (x + k * cell + (cell - adv) / 2) * size)
                continue
            # The halves of —— are stretched to meet at the joint, whatever the font's em
            # dash (Noto's is 0.89 em with bearings): one unbroken 2-em rule, with the
            # font's own side bearing kept at the two outer ends only.
            xmin, xmax = face.ink(ch)
            margin = min(max(xmin, 0.0), 0.1)
            left = x + k * cell + (margin if k == 0 else 0.0)
            right = x + (k + 1) * cell - (margin if k == count - 1 else 0.0)
            scale = (right - left) / (xmax - xmin) if xmax > xmin else 1.0
            out.add(ch, face, (left - xmin * scale) * size, scale)
    else:
        for ch, face, adv in zip(a.text, a.faces, a.advances):
            out.add(ch, face, x * size)
            x += adv


# -- the compiled twins (native.py), where this installation has them -------------------------

if native.core is not None:
    from array import array

    _set_line_in_python = _set_line
    native.core.bind_breaker(Line, Glyphs, array, (Align.JUSTIFY, Align.CENTER, Align.RIGHT),
                             {"MAX_LOOSENESS": MAX_LOOSENESS, "LETTER_COST": LETTER_COST}, _set_line_in_python)
    _set_line = native.core.set_line  # noqa: F811 — the same function, compiled
    _break_exact_in_python = _break_exact
    _break_exact = native.core.break_exact  # noqa: F811
    _natural_fit_in_python, _line_spread_in_python = _natural_fit, _line_spread
    _natural_fit, _line_spread = native.core.natural_fit, native.core.line_spread  # noqa: F811
