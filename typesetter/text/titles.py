"""Where a title turns: at phrase boundaries, into lines of about equal length.

GB/T 9704 asks of a title that turns "词意完整，排列对称": whole words and phrases on each
line, lines of about the same length. Every place a line could end gets a cost — nothing
after a comma or before 暨 or an opening quote, more between two words, much more inside a
name or a word, never between a number and its unit — and the lines are chosen that add up
to the least cost with their lengths' spread from the mean. One line more than the fewest
may be taken where that alone keeps a quotation or a name whole.
"""

from __future__ import annotations

from .atoms import BREAK_DISCOURAGED, BREAK_LETTER, BREAK_NEVER, Atom
from .chars import CLOSE, HAN, OPEN, PUNCT, is_ideograph
from .words import segment

INF = float("inf")

# The cost of ending a line at each kind of place.
AFTER_CLAUSE = 0.0  # after ，；：！？。 or a closing quote or bracket; before an opening one
BEFORE_JOIN = -1.0  # before 暨: "…工作会议 / 暨…会议", each meeting on its line if it can
AFTER_SUBJECT = 1.5  # after the body that does something: "交发集团 / 广泛开展…"
AFTER_PAUSE = 2.0  # after 、: inside a list (第四、第五次)
BEFORE_CONJUNCTION = 2.0  # before 及 与 和 并 以及: often inside a phrase (党风廉政建设和反腐败)
BETWEEN_WORDS = 2.5
BESIDE_LONE = 4.0  # beside a character that is a word only because no listed word holds it
INSIDE_NAME = 5.0  # between characters no listed word holds (远/香/湖), before 片区 公司 …
INSIDE_WORD = 8.0
INSIDE_QUOTE = 15.0  # added inside “…” 《…》 （…）: only where nothing else fits
AFTER_CONJUNCTION = 5.0  # added after 暨 及 与 和: the word goes with what it joins
AFTER_PARTICLE = 3.0  # added after 的
INSIDE_ADDRESS = 6.0
UNIT_FALLBACK = 20.0  # 2024 / 年: only where no other way fits
EXTRA_LINE = 3.0  # one line more than the fewest
# Weight of the lines' spread from their mean length (squared, in measures).
BALANCE_CENTRED = 40.0
BALANCE_LEFT = 10.0

CLAUSE_ENDS = frozenset("，；：！？。")
CLOSERS = frozenset("”’」』）］〕】〗｝〉》")
JOINS = frozenset("暨")
CONJUNCTIONS = frozenset(["及", "与", "和", "并", "以及", "暨"])
CHINESE_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
BOUND_AFTER = frozenset("的之了们")  # particles that never begin a title's line
PREPOSITIONS = frozenset("在对为向把将于从由被以")  # …开幕式 / 在嘉定体育中心…
ORDINAL_PREFIXES = frozenset(["第", "近", "约", "共", "逾"])  # 第15届, 近300人
# Characters that are words of their own: a run of them is not a name.
FUNCTION_CHARS = frozenset("的了和与及暨并在对为向把将于等是之其各该本全共第每以由从被及或和与个次年月日届")
# what a title turns before rather than after, and what never stands alone: one set each
JOINING = CONJUNCTIONS | PREPOSITIONS
NOT_ALONE = FUNCTION_CHARS | PREPOSITIONS
# Endings of the bodies that titles begin with (区国资委召开…, 交发集团开展…).
SUBJECT_ENDS = ("集团", "公司", "委", "党委", "局", "街道", "镇", "办公室", "支部")
# Words that end a name: a line does not turn before them (远香湖 / 片区, 交发 / 集团).
NAME_ENDS = frozenset([
    "片区", "园区", "新区", "新城", "社区", "街道", "集团", "公司", "有限公司", "委员会", "中心",
    "办公室", "大学", "学院", "学校", "医院", "工业区", "开发区", "产业园", "示范区", "管委会",
    "党委", "支部", "总支", "分公司", "研究院", "研究所",
])


def break_costs(atoms: list[Atom]) -> list[float]:
    """cost[p]: the cost of a line ending before atoms[p] (p = 1 … n - 1)."""
    n = len(atoms)
    text = "".join(a.text for a in atoms)
    starts = []  # offset of each atom in text
    at = 0
    for a in atoms:
        starts.append(at)
        at += len(a.text)
    words = segment(text)
    word_of = [0] * len(text)  # index of the word each character is in
    for k, (s, e) in enumerate(words):
        for i in range(s, e):
            word_of[i] = k
    named = _name_runs(text, words)
    costs = [INF] * (n + 1)
    depth = 0  # how many quotes or brackets are open before atoms[p]
    for p in range(1, n):
        prev, cur = atoms[p - 1], atoms[p]
        if prev.kind == OPEN:
            depth += 1
        elif prev.kind == CLOSE and prev.text in CLOSERS:
            depth = max(0, depth - 1)
        if cur.brk == BREAK_NEVER:
            continue
        if cur.brk == BREAK_DISCOURAGED:
            costs[p] = UNIT_FALLBACK
            continue
        if cur.brk == BREAK_LETTER:
            costs[p] = INSIDE_ADDRESS
            continue
        off = starts[p]
        if prev.text[-1] in CLAUSE_ENDS or (prev.text[-1] in CLOSERS and cur.kind not in PUNCT):
            cost = AFTER_CLAUSE
        elif cur.kind == OPEN or cur.space:
            cost = AFTER_CLAUSE
        elif cur.text[0] in JOINS:
            cost = BEFORE_JOIN
        elif prev.text[-1] == "、":
            cost = AFTER_PAUSE
        elif (word_of[off - 1] == word_of[off] or prev.text in ORDINAL_PREFIXES or cur.text in BOUND_AFTER
              or (prev.text[-1] in CHINESE_NUMERALS and cur.kind == HAN)):
            cost = INSIDE_WORD  # 第 / 15届 and 二十 / 届 part a number as surely as a word
        elif off in named or _word_at(text, words, word_of, off) in NAME_ENDS:
            cost = INSIDE_NAME
        elif _word_at(text, words, word_of, off) in JOINING:
            cost = BEFORE_CONJUNCTION
        elif _word_at(text, words, word_of, off - 1).endswith(SUBJECT_ENDS):
            cost = AFTER_SUBJECT
        elif _lone(text, words, word_of, off - 1) or _lone(text, words, word_of, off):
            cost = BESIDE_LONE  # 健身 / 节开幕式: a character alone mostly belongs to a neighbour
        else:
            cost = BETWEEN_WORDS
        before = _word_at(text, words, word_of, off - 1)
        if before in JOINING or prev.text in JOINS:
            cost += AFTER_CONJUNCTION  # 暨 / 及 / 在 go with what they join, on the next line
        elif before == "的":
            cost += AFTER_PARTICLE  # 党的 / 二十届: 的 binds what it modifies
        if depth > 0 and cost < INSIDE_WORD + INSIDE_QUOTE:
            cost += INSIDE_QUOTE
        costs[p] = cost
    return costs


def _word_at(text, words, word_of, off) -> str:
    """The word that character off is in."""
    s, e = words[word_of[off]]
    return text[s:e]


def _lone(text, words, word_of, off) -> bool:
    """Is character off a word of one character that is no particle, preposition or the
    like (节 in 全民健身节, 赴 in 带队赴南翔镇)?"""
    s, e = words[word_of[off]]
    return e - s == 1 and is_ideograph(text[s]) and text[s] not in NOT_ALONE


def _name_runs(text: str, words: list[tuple[int, int]]) -> set[int]:
    """Offsets between two characters of a run that no listed word holds (远香湖 when the
    list lacks it, 陈海燕): most likely one name."""
    inside = set()
    run: list[int] = []
    for s, e in words + [(len(text), len(text))]:
        single = e - s == 1 and is_ideograph(text[s]) and text[s] not in FUNCTION_CHARS
        if single:
            run.append(s)
            continue
        if len(run) >= 2:
            inside.update(run[1:])
        run = []
    return inside


def title_lines(atoms: list[Atom], fewest: int, first: float, rest: float, centred: bool) -> list[tuple[int, int]]:
    """The lines of a title that needs `fewest` lines at least: (start, end) of each."""
    costs = break_costs(atoms)
    weight = BALANCE_CENTRED if centred else BALANCE_LEFT
    best = None
    for count in (fewest, fewest + 1):
        found = _best_lines(atoms, costs, count, first, rest, weight)
        if found is not None:
            cost, spans = found
            cost += EXTRA_LINE * (count - fewest)
            if best is None or cost < best[0]:
                best = (cost, spans)
    return best[1] if best else []


def _best_lines(atoms, costs, count, first, rest, weight):
    n = len(atoms)
    nat = [0.0] * (n + 1)  # natural width of atoms[:p], the first atom's glue left out
    tight = [0.0] * (n + 1)  # the same with every mark compressed
    for p, a in enumerate(atoms):
        glue = a.glue if p else 0.0
        nat[p + 1] = nat[p] + a.width + glue
        tight[p + 1] = tight[p] + a.width - a.blank_l - a.blank_r + (a.glue_min if p else 0.0)

    def width(s, e, measure):
        """The line's length, or None if it does not fit even compressed."""
        head = atoms[s].glue if s else 0.0
        natural = nat[e] - nat[s] - head - atoms[e - 1].blank_r
        if natural <= measure + 1e-9:
            return natural
        head_min = atoms[s].glue_min if s else 0.0
        return measure if tight[e] - tight[s] - head_min <= measure + 1e-9 else None

    total = nat[n]
    target = total / count
    measure_ref = max(first, rest)
    table = [[INF] * (n + 1) for _ in range(count + 1)]
    back = [[-1] * (n + 1) for _ in range(count + 1)]
    table[0][0] = 0.0
    for k in range(1, count + 1):
        measure = first if k == 1 else rest
        for e in range(1, n + 1):
            if (k == count) != (e == n):
                continue
            end_cost = 0.0 if e == n else costs[e]
            if end_cost == INF:
                continue
            for s in range(e - 1, -1, -1):
                if table[k - 1][s] == INF:
                    continue
                w = width(s, e, measure)
                if w is None:
                    break  # longer lines only get wider
                c = table[k - 1][s] + end_cost + weight * ((w - target) / measure_ref) ** 2
                if c < table[k][e]:
                    table[k][e], back[k][e] = c, s
    if table[count][n] == INF:
        return None
    return table[count][n], chosen_lines(back, count, n)


def chosen_lines(back: list[list[int]], count: int, n: int) -> list[tuple[int, int]]:
    """The lines a line-breaking table chose: back[k][e] is where the k-th line ending at e
    starts."""
    spans, e = [], n
    for k in range(count, 0, -1):
        s = back[k][e]
        spans.append((s, e))
        e = s
    return spans[::-1]
