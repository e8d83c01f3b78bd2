"""The compiled twins of the text engine's hottest functions (core/, loaded
by typesetter/native.py) against the Python functions they stand in for, which stay the
reference: the same results to the last bit of every double, so that an issue is the same
PDF bytes whichever ran; the core present wherever pip could build it; and the Python path
whole without it (TYPESETTER_PURE=1, or a core of another VERSION).

A new twin is one more entry in TWINS: where the program binds it, its Python original, and
the calls to try it on.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from array import array
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Callable
from urllib.parse import unquote, urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import chinese_text
from typesetter import native, render
from typesetter.proofing import checks as proofing_checks
from typesetter.layout.boxes import Text
from typesetter.pdffont import FontEmbedder, Numbers
from typesetter.records import fields
from typesetter.text import Align, Line, breaker
from typesetter.text import atoms as atoms_module
from typesetter.text.atoms import Atom
from typesetter.text.glyphs import Glyphs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-10.yaml"
LONG_ISSUE_PAGES = 7  # the generated issue: about this many pages (it comes out at 8)

needs_core = pytest.mark.skipif(
    native.core is None,
    reason="no compiled core here (not built, of another VERSION, or TYPESETTER_PURE=1): "
           "the Python functions are all there is to compare")


# -- what must be the same ----------------------------------------------------------------------


def exact(value):
    """A number or flag as what it is, to the last bit: its type and repr (repr tells -0.0
    from 0.0 and gives every double back exactly, and 24 is not 24.0)."""
    return type(value).__name__, repr(value)


def first_difference(got, want) -> str:
    """Where two results' keys ((name, value), …) first differ, as a reader wants it."""
    if got[0] != want[0] or len(got) != len(want):
        return f"compiled {got[0]}\npython   {want[0]}"
    for (name, a), (_, b) in zip(got, want):
        if a != b:
            return f"{name}:\ncompiled {a}\npython   {b}"
    return "the same"


# -- what the twins are tried on ----------------------------------------------------------------


# Text as editors write it, and what the text engine must cope with beside it: Latin words
# and numbers with and without spaces around them, addresses, source spaces, —— and ……
LATIN = ["TOP30", "5.2%", "2023", "GDP", "COVID-19", "A/B", "10:30", "1,000", "EPC+O", "Wi-Fi",
         "Hello world", "state-of-the-art-infrastructure", "¥5", "30℃"]
URLS = ["https://www.example.com/news/2023/10/index.html?id=42&lang=zh", "www.gov.cn",
        "zhang.san@example.org", "report_v2.pdf", "http://a.cn/x"]
MARKS = list("，。、“”《》（）·；：！？") + ["——", "……", "。”", "）。", "“《", "·“"]
SPACES = [" ", "  ", "\u3000"]


@st.composite
def mixed_text(draw, max_pieces=24) -> str:
    pieces = draw(st.lists(st.one_of(
        chinese_text(max_size=40),
        st.sampled_from(LATIN),
        st.sampled_from(URLS),
        st.sampled_from(MARKS),
        st.sampled_from(SPACES),
        st.tuples(st.sampled_from(SPACES + [""]), st.sampled_from(LATIN + URLS),
                  st.sampled_from(SPACES + [""])).map("".join),
    ), min_size=1, max_size=max_pieces))
    return "".join(pieces).strip() or "中文"


ROLES = ["body", "heading", "title", "credit"]
STYLES = ["quanjiao", "kaiming", "banjiao"]
# Floats, as the layout gives them. (An int size with an int offset gives the Python
# _set_line an int start, 24 where the twin gives 24.0: equal, and never asked for.)
SIZES = [7.5, 9.0, 10.5, 12.0, 16.0]
MEASURES = [0.3, 1.0, 2.0, 3.0, 4.5, 7.0, 13.0, 20.0, 41.0]  # em


@st.composite
def some_atoms(draw, fonts, max_pieces=8, most=30):
    """The atoms of a paragraph (at most `most`), as set_paragraph makes them."""
    atoms = breaker.make_atoms(draw(mixed_text(max_pieces=max_pieces)), fonts[draw(st.sampled_from(ROLES))],
                               draw(st.sampled_from(STYLES)))
    return atoms[:most]


def show_atoms(args) -> str:
    return ", ".join([repr([a.text for a in args[0]]), *map(repr, args[1:])])


def _natural_width(atoms, s, e) -> float:
    """atoms[s:e] at their natural widths, a mark at the end in its half em (em)."""
    return sum(a.width for a in atoms[s:e]) + sum(a.glue for a in atoms[s + 1:e]) - atoms[e - 1].blank_r


# set_line ----------------------------------------------------------------------------------


def line_key(line: Line) -> tuple:
    """Every field of a Line (a field added later is compared too), each as (name, value);
    the glyphs' x to the bit, their faces by identity."""
    assert type(line) is Line
    key = []
    for f in fields(Line):
        if f.name != "glyphs":
            key.append((f.name, exact(getattr(line, f.name))))
            continue
        g = line.glyphs
        key += [("glyphs.text", g.text), ("glyphs.xs", (g.xs.typecode, list(g.xs))),
                ("glyphs.xs bits", g.xs.tobytes().hex()),  # == holds for -0.0 and 0.0
                ("glyphs.runs", (type(g.runs).__name__, [(exact(k), id(face)) for k, face in g.runs])),
                ("glyphs.scales", g.scales)]
    return tuple(key)


@st.composite
def set_line_calls(draw, fonts) -> list[tuple]:
    """A paragraph's atoms and set_line on every span (s, e) of them, single atoms too,
    each given room from far too little (compressed, overfull) to plenty; and the empty
    span (both fail alike)."""
    atoms = draw(some_atoms(fonts, most=24))
    size = draw(st.sampled_from(SIZES))
    offset = draw(st.sampled_from([0, 2, 0.0, 0.5, 1.25]))  # the layout gives ints too (indent=2)
    align = draw(st.sampled_from(list(Align)))
    last = draw(st.booleans())
    # room: the span's natural width times this, plus this (em)
    room = draw(st.tuples(st.sampled_from([0.3, 0.8, 0.95, 0.999, 1.0, 1.0, 1.001, 1.05, 1.5, 3.0]),
                          st.sampled_from([0.0, 0.0, -0.5, 1e-10, 0.25, 2.0])))
    calls = []
    for s in range(len(atoms)):
        for e in range(s + 1, len(atoms) + 1):
            avail = max(_natural_width(atoms, s, e) * room[0] + room[1], 0.1)
            calls.append((atoms, s, e, avail, offset, avail + offset, align, last, size))
    calls.append((atoms, 0, 0, 5.0, offset, 5.0 + offset, align, last, size))
    return calls


def _line(fonts, text, avail, align=Align.JUSTIFY, last=False, size=10.5, offset=0.0, style="quanjiao"):
    atoms = breaker.make_atoms(text, fonts["body"], style)
    return [(atoms, s, e, avail, offset, avail + offset, align, last, size)
            for s in range(len(atoms)) for e in range(s + 1, len(atoms) + 1)]


# Lines each path of set_line takes, whatever hypothesis draws: handled in C (plain,
# justified with Han–Latin gaps at their limit, rigid terms, centred, right), and handed to
# Python (compressed, overfull, with a —— or ……).
SET_LINE_CASES = [
    ("plain", lambda f: _line(f, "中文排版测试，“引号”与《书名》（括号）。", 12.0)),
    ("latin", lambda f: _line(f, "增长5.2%，GDP与TOP30 Hello world和EPC+O", 16.0)),
    ("address", lambda f: _line(f, "见https://www.example.com/news/index.html?id=42及zhang.san@example.org。", 9.0)),
    ("centred", lambda f: _line(f, "标题·副题“引文”", 11.0, Align.CENTER, size=16.0)),
    ("right", lambda f: _line(f, "署名 作者", 8.0, Align.RIGHT, last=True, offset=2)),
    ("compressed", lambda f: _line(f, "“甲”、“乙”、《丙》（丁）。", 6.5)),
    ("overfull", lambda f: _line(f, "GDP增长5.2%COVID-19", 0.5)),
    ("dash", lambda f: _line(f, "他说——好吧……就这样。", 14.0, style="kaiming")),
]


# break_exact, natural_fit, line_spread --------------------------------------------------------


def _sample_paragraphs() -> list[str]:
    import yaml

    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    return [p.replace("\n", "") for section in sample["sections"] for article in section.get("articles", [])
            for p in article["body"].split("\n\n") if len(p) > 40 and not p.startswith("#")]


SAMPLE_PARAGRAPHS = _sample_paragraphs()


@st.composite
def break_exact_calls(draw, fonts) -> list[tuple]:
    """A paragraph's atoms (the sample's, which mostly can be set so; or any) in a line fewer,
    as many and a line more than the greedy breaks give, as the flow asks (no limit:
    MAX_LOOSENESS) and as _even_out asks (a limit, and a cost for parting a number from
    its unit)."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(SAMPLE_PARAGRAPHS))
        start = draw(st.integers(0, len(text) - 20))
        text = text[start:start + draw(st.integers(20, 200))]
        atoms = breaker.make_atoms(text, fonts[draw(st.sampled_from(ROLES))], draw(st.sampled_from(STYLES)))
    else:
        atoms = draw(some_atoms(fonts, max_pieces=12, most=80))
    measure = draw(st.sampled_from([5.0, 7.0, 13.0, 20.0, 41.0, 4.5]))  # whole em, as a column is
    first, rest = measure - draw(st.sampled_from([0, 2, 2, 0.5])), measure
    atoms = breaker._split_wide_words(atoms, min(first, rest))
    greedy = len(breaker._break_lines(atoms, first, rest))
    limit = draw(st.sampled_from([0.0, 0.02, 0.06, 0.1, 0.3, 1.0]))
    calls = []
    for count in sorted({max(greedy - 1, 1), greedy, greedy + 1}):
        for min_last_units in (1, 2):
            calls.append(((atoms, first, rest, count, min_last_units), {}))
            calls.append(((atoms, first, rest, count, min_last_units), dict(limit=limit, unit_cost=1.0)))
    return calls


@st.composite
def natural_fit_calls(draw, fonts) -> list[tuple]:
    atoms = draw(some_atoms(fonts))
    measure = draw(st.sampled_from(MEASURES))
    return [(atoms, s, measure) for s in range(len(atoms))]


@st.composite
def line_spread_calls(draw, fonts) -> list[tuple]:
    atoms = draw(some_atoms(fonts))
    measure = draw(st.sampled_from(MEASURES))
    return [(atoms, s, e, measure) for s in range(len(atoms)) for e in range(s + 1, len(atoms) + 1)]


@st.composite
def doubled_spans_calls(draw, fonts) -> list[tuple]:
    """Text with phrases typed twice (of one to fourteen characters, some of them inside a
    longer run of Chinese, some touching a mark or a letter), and text without."""
    text = draw(chinese_text())
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, len(text)))
        length = draw(st.integers(1, 14))
        text = text[:k] + text[k:k + length] * 2 + text[k + length:]
    return [(text,), (text + "\u3400\u3400\u9fff\u9fff",)]


def value_key(value) -> tuple:
    return (("value", exact(value)),)


def _paragraph_atoms(fonts, text, style="quanjiao"):
    return breaker.make_atoms(text, fonts["body"], style)


SAMPLE_PARAGRAPH = ("10月16日，市经信委副主任张英一行来到嘉定工业互联网产业园，调研“工业互联网+”"
                    "发展情况，了解TOP30企业的GDP贡献（约5.2%）与https://www.example.com/news的报道。")


# make_atoms --------------------------------------------------------------------------------


def atoms_key(atoms, fonts) -> tuple:
    """Every field of every atom (faces by identity); which are one object, and which are
    the stack's shared plain atoms (nothing may change those)."""
    plain = atoms_module._plain_atoms(fonts)
    first = {}
    return (("atoms", [tuple((f.name, [id(x) for x in a.faces] if f.name == "faces" else exact(getattr(a, f.name)))
                             for f in fields(Atom)) for a in atoms]),
            ("one object with atom", [first.setdefault(id(a), k) for k, a in enumerate(atoms)]),
            ("shared plain atom", [plain.get(a.text) is a for a in atoms]))


@st.composite
def make_atoms_calls(draw, fonts) -> list[tuple]:
    """Paragraphs the compiled twin makes (one stack, no address, no long word), and those
    it leaves to Python (the others, and an unknown style)."""
    text = draw(mixed_text())
    stack = fonts[draw(st.sampled_from(ROLES))]
    runs = draw(st.sampled_from([None, None, None, [(3, fonts["heading"])]]))
    style = draw(st.sampled_from(STYLES * 3 + ["bogus"]))
    without_addresses = functools.reduce(lambda t, url: t.replace(url, "网址"), URLS, text)
    return [(text, stack, style, runs), (without_addresses, stack, style, None)]


def _make_atoms(fonts, text):
    return [(text, fonts[role], style, None) for role in ROLES for style in STYLES]


MAKE_ATOMS_CASES = [
    ("every-kind", lambda f: _make_atoms(f, "2023年10月，GDP增长5.2%；“引号”《书名》（括号）·——……¥5 EPC+O Hello world 中 文")),
    ("marks-together", lambda f: _make_atoms(f, "他说：“你好。”（注：见《报告》）。·“引”、Wi-Fi（A/B）")),
    ("rare-characters", lambda f: _make_atoms(f, "赟堃喆昇玥䶮𠮷𬉼𠳐䏝，30℃")),
    ("sample", lambda f: _make_atoms(f, SAMPLE_PARAGRAPH.replace("https://www.example.com/news", "网站"))),
]


# text_operators ------------------------------------------------------------------------------


@st.composite
def text_operators_calls(draw, fonts) -> list[tuple]:
    """A paragraph's lines as the render draws them: in one face or several (a bold run, a
    character only a fallback face has), with the halves of —— scaled, letter-spaced as
    the masthead is, in fake bold; into fonts that have coded some characters already."""
    text = draw(mixed_text(max_pieces=8)) + draw(st.sampled_from(["", "𠮷𬉼", "——", "䶮……"]))
    size = draw(st.sampled_from(SIZES))
    kw = dict(style=draw(st.sampled_from(STYLES)))
    if draw(st.booleans()):
        kw["runs"] = [(draw(st.integers(0, len(text))), fonts["heading"])]
    lines = breaker.set_paragraph(text, fonts[draw(st.sampled_from(ROLES))], size,
                                  draw(st.sampled_from(MEASURES[3:])) * size, **kw)
    x, y = draw(st.sampled_from([(0.0, 0.0), (56.693, 100.27), (311.8, 771.13)]))
    tracking = draw(st.sampled_from([0.0, 0.0, size * 0.35]))
    bold = draw(st.booleans())
    coded = draw(st.sampled_from(["", "中", text[:5]]))
    return [(Text(x, y + k * size * 1.6, size, line.glyphs.moved(tracking) if tracking else line.glyphs, bold=bold),
             841.89, coded) for k, line in enumerate(lines)]


def run_text_operators(function, args) -> tuple:
    """Into fonts of their own each time: the operators, and the codes each font gave (in
    order) and the tables it remembers them in. (Not the numbers formatted: a cache.)"""
    item, height, coded = args
    fonts = FontEmbedder()
    for ch in coded:  # earlier lines met these
        fonts.embedded(item.glyphs.face_at(0)).code(ch)
    ops = function(item, height, fonts, Numbers())
    return (("operators", ops),) + tuple(
        (f"font {font.name}", (key, font.chars, [exact(w) for w in font.widths], font.codes,
                               {em: {ch: (code, exact(w)) for ch, (code, w) in table.items()}
                                for em, table in font._at_size.items()}))
        for key, font in fonts.faces.items())


def _text_items(fonts, text, size=10.5, measure=13.0, style="quanjiao", bold=False, tracking=0.0, **kw):
    lines = breaker.set_paragraph(text, fonts["body"], size, measure * size, style=style, **kw)
    return [(Text(56.693, 100.0 + 17 * k, size, line.glyphs.moved(tracking), bold=bold), 841.89, "")
            for k, line in enumerate(lines)]


TEXT_OPERATORS_CASES = [
    ("sample", lambda f: _text_items(f, SAMPLE_PARAGRAPH)),
    ("dash-scaled", lambda f: _text_items(f, "他说——好吧……就这样。“引号”——", style="kaiming")),
    ("faces", lambda f: _text_items(f, "编者按：赟堃喆昇玥䶮𠮷𬉼𠳐䏝，30℃", runs=[(4, f["heading"])])),
    ("masthead", lambda f: _text_items(f, "嘉定国资", size=42.0, measure=20.0, bold=True, tracking=14.7)),
    ("no-glyphs", lambda f: [(Text(10.0, 20.0, 10.5, Glyphs("", array("d"), (), None)), 841.89, "")]),
]


# -- the twins --------------------------------------------------------------------------------------


def arguments(call: tuple) -> tuple[tuple, dict]:
    """A call as the strategies give it: its arguments, or (arguments, keywords)."""
    if len(call) == 2 and isinstance(call[0], tuple) and isinstance(call[1], dict):
        return call
    return call, {}


@dataclass(frozen=True)
class Twin:
    name: str  # the compiled function in _typesetter_core
    module: ModuleType  # where the program calls it: set_paragraph, or the render
    attr: str  # the name it calls it by there
    python: tuple[ModuleType, str]  # where the Python original is kept once the twin is bound
    calls: Callable  # fonts -> strategy of lists of calls [arguments, or (arguments, keywords)]
    cases: list  # [(name, fonts -> list of calls)]: calls every run makes
    key: Callable  # (result, arguments) -> what must be the same, ((name, value), …)
    show: Callable = show_atoms  # arguments -> how a failure names them
    run: Callable | None = None  # (function, arguments) -> key: for a twin that writes into its arguments
    wrapped: bool = False  # the program calls a Python function that hands what it can to the twin

    def __repr__(self) -> str:
        return f"Twin({self.name})"

    def bound(self):
        return getattr(self.module, self.attr)

    def original(self):
        module, name = self.python
        return getattr(module, name)

    def result(self, function, call) -> tuple:
        """What a call gives, or what it raises: a twin must fail where its original fails."""
        args, kw = arguments(call)
        try:
            if self.run is not None:
                return (("returned", True),) + self.run(function, args)
            return (("returned", True),) + self.key(function(*args, **kw), args)
        except Exception as e:  # noqa: BLE001 — compared, not hidden
            return (("raised", f"{type(e).__name__}: {e}"),)


TWINS = [
    Twin("set_line", breaker, "_set_line", (breaker, "_set_line_in_python"), set_line_calls, SET_LINE_CASES,
         key=lambda line, args: line_key(line)),
    Twin("break_exact", breaker, "_break_exact", (breaker, "_break_exact_in_python"), break_exact_calls,
         [("sample", lambda f: [((_paragraph_atoms(f, SAMPLE_PARAGRAPH), 18.0, 20.0, n, 2), {}) for n in (3, 4, 5)]),
          ("no-lines", lambda f: [((_paragraph_atoms(f, SAMPLE_PARAGRAPH), 18.0, 20.0, n, 2), {}) for n in (0, -1)])],
         key=lambda spans, args: value_key(spans)),
    Twin("natural_fit", breaker, "_natural_fit", (breaker, "_natural_fit_in_python"), natural_fit_calls,
         [("sample", lambda f: [(_paragraph_atoms(f, SAMPLE_PARAGRAPH), s, 20.0) for s in range(60)])],
         key=lambda e, args: value_key(e)),
    Twin("line_spread", breaker, "_line_spread", (breaker, "_line_spread_in_python"), line_spread_calls,
         [("sample", lambda f: [(_paragraph_atoms(f, SAMPLE_PARAGRAPH), s, s + 19, 20.0) for s in range(40)])],
         key=lambda spread, args: value_key(spread)),
    Twin("make_atoms", breaker, "make_atoms", (atoms_module, "_make_atoms_in_python"), make_atoms_calls,
         MAKE_ATOMS_CASES, key=lambda atoms, args: atoms_key(atoms, args[1]),
         show=lambda args: repr(args[0]) + f", {args[1]!r}, {args[2]!r}, {args[3]!r}", wrapped=True),
    Twin("text_operators", render, "_text_operators", (render, "_text_operators_in_python"), text_operators_calls,
         TEXT_OPERATORS_CASES, key=None, run=run_text_operators,
         show=lambda args: f"{args[0]!r}, xs={list(args[0].glyphs.xs)}, {args[1]!r}, coded={args[2]!r}"),
    Twin("doubled_spans", proofing_checks, "_doubled_spans", (proofing_checks, "_doubled_spans_in_python"),
         doubled_spans_calls,
         [("sample", lambda f: [(p,) for p in SAMPLE_PARAGRAPHS]),
          ("typed-twice", lambda f: [("参赛选手参赛选手", ), ("哈哈哈哈，谢谢谢谢", ), ("研究研究研究", ),
                                     ("一二三四五六七八九十一二一二三四五六七八九十一二", ), ("甲乙甲乙丙甲乙丙", ), ("", )])],
         key=lambda spans, args: value_key(spans), show=lambda args: repr(args[0])),
]
# set_paragraph goes through these
PARAGRAPH_TWINS = [t for t in TWINS if t.module is breaker]


def twin_ids(twin: Twin) -> str:
    return twin.name


@contextmanager
def using_python(*twins: Twin):
    """The program runs these twins' Python originals while in this block."""
    compiled = [twin.bound() for twin in twins]
    try:
        for twin in twins:
            setattr(twin.module, twin.attr, twin.original())
        yield
    finally:
        for twin, function in zip(twins, compiled):
            setattr(twin.module, twin.attr, function)


# -- every twin gives what its Python function gives ------------------------------------------------


@needs_core
@pytest.mark.parametrize("twin", TWINS, ids=twin_ids)
def test_the_program_runs_the_twin(twin):
    assert callable(getattr(native.core, twin.name))
    original = twin.original()
    assert type(original) is FunctionType and original.__module__ == twin.python[0].__name__
    if twin.wrapped:  # the program's function, not the Python original, is what it calls
        assert twin.bound() is not original and twin.bound().__module__ == twin.python[0].__name__
    else:
        assert twin.bound() is getattr(native.core, twin.name)


@st.composite
def paragraphs(draw, fonts) -> tuple[str, object, float, float, dict]:
    """set_paragraph's arguments as the layout gives them, and beyond: every alignment,
    indents and hangs (ints as the layout passes them, and fractions), balanced titles,
    phrases, a bold run at the start, a set number of lines, measures down to 2 em."""
    text = draw(mixed_text())
    role = draw(st.sampled_from(ROLES))
    size = draw(st.sampled_from(SIZES))
    measure = draw(st.sampled_from(MEASURES[2:]))
    kw = dict(
        indent=draw(st.sampled_from([0, 2, 0.0, 0.5, 1.0])),
        hang=draw(st.sampled_from([0.0, 1, 2.5])),
        align=draw(st.sampled_from(list(Align))),
        style=draw(st.sampled_from(STYLES)),
        balance=draw(st.booleans()),
        min_last_units=draw(st.sampled_from([1, 2])),
        phrases=draw(st.booleans()),
    )
    kw["indent"] = min(kw["indent"], measure - 1.5)
    kw["hang"] = min(kw["hang"], measure - 1.5)
    if draw(st.integers(0, 3)) == 0:  # "编者按：" in bold before the text
        kw["runs"] = [(draw(st.integers(0, len(text))), fonts["heading"])]
    lines = draw(st.sampled_from([None, -1, 0, 1]))  # and set in a line fewer, as many, or one more
    return text, fonts[role], size, measure * size, kw, lines


@needs_core
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_paragraphs_come_out_the_same(fonts, data):
    """set_paragraph with every twin, and with every Python original (as TYPESETTER_PURE=1)."""
    text, stack, size, width, kw, more_lines = data.draw(paragraphs(fonts))
    lines = _same_paragraph(text, stack, size, width, kw)
    if more_lines is not None:  # the paragraph as the flow asks for it a line longer or shorter
        _same_paragraph(text, stack, size, width, dict(kw, lines=max(len(lines) + more_lines, 1)))


def _paragraph_key(*args, **kw) -> list:
    return [line_key(line) for line in breaker.set_paragraph(*args, **kw)]


def _same_paragraph(*args) -> list[Line]:
    *args, kw = args
    lines = breaker.set_paragraph(*args, **kw)
    compiled = [line_key(line) for line in lines]
    with using_python(*PARAGRAPH_TWINS):
        python = _paragraph_key(*args, **kw)
    if compiled != python:
        alone = []  # the twins that give Python's lines when they alone run in Python
        for twin in PARAGRAPH_TWINS:
            with using_python(twin):
                if _paragraph_key(*args, **kw) == python:
                    alone.append(twin.name)
        where = f"(the same with {' or '.join(alone)} in Python)" if alone else ""
        assert len(compiled) == len(python), f"{len(compiled)} lines compiled, {len(python)} in Python {where}"
        k, got, want = next((k, a, b) for k, (a, b) in enumerate(zip(compiled, python)) if a != b)
        pytest.fail(f"line {k} {where}, {first_difference(got, want)}")
    return lines


def _same_on(twin: Twin, calls: list[tuple]) -> None:
    compiled, python = twin.bound(), twin.original()
    assert compiled is not python
    for call in calls:
        got, want = twin.result(compiled, call), twin.result(python, call)
        if got != want:
            args, kw = arguments(call)
            pytest.fail(f"{twin.name}({twin.show(args)}{', ' if kw else ''}{kw or ''}): {first_difference(got, want)}")


@needs_core
@pytest.mark.parametrize("twin", TWINS, ids=twin_ids)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_direct_calls_come_out_the_same(fonts, twin, data):
    _same_on(twin, data.draw(twin.calls(fonts)))


@needs_core
@pytest.mark.parametrize("twin, make_calls", [(t, make) for t in TWINS for _, make in t.cases],
                         ids=[f"{t.name}-{name}" for t in TWINS for name, _ in t.cases])
def test_known_cases_come_out_the_same(fonts, twin, make_calls):
    _same_on(twin, make_calls(fonts))


@needs_core
def test_a_render_keeps_none_of_the_fonts_code_tables(fonts, monkeypatch):
    """The compiled text_operators keeps each character's code with the font table it came
    from (holding the table): forget_codes, at the end of every render, lets them all go,
    else a process that builds again would keep every past build's tables."""
    items = _text_items(fonts, SAMPLE_PARAGRAPH)
    embedder = FontEmbedder()

    def draw():
        for item, height, _ in items:
            render._text_operators(item, height, embedder, Numbers())

    def holders():
        return [sys.getrefcount(table) for font in embedder.faces.values() for table in font._at_size.values()]

    draw()  # the fonts and their tables made
    render._forget_codes()
    alone = holders()  # each table held by its font only
    draw()
    assert alone and all(now > then for now, then in zip(holders(), alone))  # and by the twin meanwhile
    render._forget_codes()
    assert holders() == alone
    forgotten = []
    monkeypatch.setattr(render, "_forget_codes", lambda: forgotten.append(True))
    from typesetter.build import build

    build(SAMPLE, write=False)
    assert forgotten == [True]  # Renderer.render lets them go


# -- whole issues: the same bytes --------------------------------------------------------------------

# Builds manifests in a process of its own and says which functions ran.
BUILD = """
import json, sys
from importlib import import_module
from pathlib import Path

from typesetter import native
from typesetter.build import build

out, twins, manifests = Path(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3:]
for k, manifest in enumerate(manifests):
    build(Path(manifest), out / f"{k}.pdf")


def compiled(name, module, attr, python_module, python_attr):
    original = getattr(import_module(python_module), python_attr, None)
    return original is not None and getattr(import_module(module), attr) is not original


(out / "report.json").write_text(json.dumps({
    "core": getattr(native.core, "__file__", None),
    "compiled": {twin[0]: compiled(*twin) for twin in twins},
}))
"""


def start_build(folder: Path, manifests: list[Path], pure: bool) -> tuple[subprocess.Popen, Path]:
    """Build `manifests` in a new process, from an empty cache of its own (lines remembered
    by one way must not be served to the other)."""
    folder.mkdir()
    env = dict(os.environ, TYPESETTER_CACHE=str(folder / "cache"),
               PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    env.pop("TYPESETTER_PURE", None)
    if pure:
        env["TYPESETTER_PURE"] = "1"
    twins = json.dumps([[t.name, t.module.__name__, t.attr, t.python[0].__name__, t.python[1]] for t in TWINS])
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(folder), twins, *map(str, manifests)],
                            env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, folder


def finish_build(started) -> tuple[dict, list[Path]]:
    proc, folder = started
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    report = json.loads((folder / "report.json").read_text())
    return report, sorted(folder.glob("[0-9]*.pdf"), key=lambda p: int(p.stem))


def long_issue(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_long_issue", ROOT / "benchmarks" / "make_long_issue.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    return maker.write_long_issue(LONG_ISSUE_PAGES, folder / "long.yaml")


@pytest.fixture(scope="module")
def issues_built(tmp_path_factory):
    """The sample and a generated issue of about 8 pages, built with TYPESETTER_PURE=1 and,
    where this installation has the core, without: side by side, one process each."""
    tmp = tmp_path_factory.mktemp("native")
    manifests = [SAMPLE, long_issue(tmp)]
    started = {"pure": start_build(tmp / "pure", manifests, pure=True)}
    if native.core is not None:
        started["compiled"] = start_build(tmp / "compiled", manifests, pure=False)
    return {way: finish_build(s) for way, s in started.items()}


@needs_core
def test_whole_issues_are_the_same_bytes_either_way(issues_built):
    (pure, pure_pdfs), (compiled, compiled_pdfs) = issues_built["pure"], issues_built["compiled"]
    assert compiled["core"] == native.core.__file__  # the build used the core these tests use
    assert compiled["compiled"] == {t.name: True for t in TWINS}
    assert pure["core"] is None
    assert len(compiled_pdfs) == len(pure_pdfs) == 2
    for made_pure, made_compiled in zip(pure_pdfs, compiled_pdfs):
        a, b = made_pure.read_bytes(), made_compiled.read_bytes()
        assert a == b, f"{made_pure.name}: {len(a)} bytes in Python, {len(b)} with the core"


# -- without the core -----------------------------------------------------------------------------


def test_typesetter_pure_builds_in_python(issues_built, sample_issue):
    import pypdf

    report, pdfs = issues_built["pure"]
    assert report["core"] is None
    assert report["compiled"] == {t.name: False for t in TWINS}  # the Python functions
    printed = "".join("".join(page.extract_text().split()) for page in pypdf.PdfReader(pdfs[0]).pages)
    for article in sample_issue.articles():
        assert "".join(article.title.split()) in printed


def test_a_core_of_another_version_is_not_used(tmp_path):
    """A _typesetter_core left from an older build (its VERSION another than native.py's):
    the Python functions do the work, and it is never bound."""
    stale = tmp_path / "stale"
    stale.mkdir()
    (stale / "_typesetter_core.py").write_text(
        f"VERSION = {native.CORE_VERSION + 1}\n"
        "def bind(*args):\n"
        "    raise AssertionError('a core of another VERSION was bound')\n"
        "set_line = bind\n")
    code = """
import json, sys
import _typesetter_core
from typesetter import native, render
from typesetter.layout.boxes import Text
from typesetter.pdffont import FontEmbedder, Numbers
from typesetter.fontset import FontSet
from typesetter.text import breaker
lines = breaker.set_paragraph("中文排版，“引号”与GDP 5.2%。" * 4, FontSet()["body"], 10.5, 105.0, indent=2)
print(json.dumps({"found": _typesetter_core.__file__, "core": repr(native.core),
                  "set_line": breaker._set_line.__module__, "text": "".join(l.glyphs.text for l in lines)}))
"""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(stale), str(ROOT)]))
    env.pop("TYPESETTER_PURE", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["found"] == str(stale / "_typesetter_core.py")  # the stale one was there to take
    assert report["core"] == "None"
    assert report["set_line"] == breaker.__name__
    assert report["text"].count("GDP") == 4


# -- the core is there wherever pip could build it ------------------------------------------------


def c_compiler() -> str | None:
    """The C compiler pip would build the core with, if it is on PATH."""
    cc = (sysconfig.get_config_var("CC") or "").split()
    return shutil.which(cc[0]) if cc else None


def installed_by_pip_from_here() -> importlib.metadata.Distribution | None:
    """The typesetter distribution pip installed from this source tree (`pip install .`,
    as CI does), if it is the one installed: pip then built the core, or tried to."""
    # not only the first found: pip's build leaves typesetter.egg-info in the source tree,
    # which comes first on sys.path when the tests run from there
    for dist in importlib.metadata.distributions(name="typesetter"):
        if (dist.read_text("INSTALLER") or "").strip() != "pip":
            continue
        direct = json.loads(dist.read_text("direct_url.json") or "{}")  # PEP 610: where it came from
        url = urlparse(direct.get("url", ""))
        if "dir_info" in direct and url.scheme == "file" and Path(unquote(url.path)).resolve() == ROOT:
            return dist
    return None


def test_the_core_is_present_where_pip_could_build_it():
    if os.environ.get("TYPESETTER_PURE"):
        pytest.skip("TYPESETTER_PURE=1: the Python functions, by request")
    cc = c_compiler()
    if cc is None:
        pytest.skip(f"no C compiler ({sysconfig.get_config_var('CC')}) on PATH: "
                    "pip installs without the core here, the Python functions do the work")
    found = importlib.util.find_spec("_typesetter_core")
    if found is None:
        if installed_by_pip_from_here() is not None:
            pytest.fail(f"pip installed typesetter from {ROOT} with {cc} at hand, but no _typesetter_core: "
                        "its build failed (setup.py's optional=True goes on without it). `pip install -v .` "
                        "shows why")
        pytest.skip("a source tree nobody built: `pip install .`, or `python setup.py build_ext --inplace`")
    stale = f"{found.origin} is of another VERSION than {native.CORE_VERSION}: build it again"
    assert native.core is not None, stale
    assert native.core.VERSION == native.CORE_VERSION, stale
    assert native.core.__file__ == found.origin
