"""The compiled twins of the text engine's hottest functions (core/_typesetter_core.c, loaded
by typesetter/native.py) against the Python functions they stand in for, which stay the
reference: the same results to the last bit of every double, so that an issue is the same
PDF bytes whichever ran; the core present wherever pip could build it; and the Python path
whole without it (TYPESETTER_PURE=1, or a core of another VERSION).

A new twin is one more entry in TWINS: where the program binds it, its Python original, and
the calls to try it on.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Callable
from urllib.parse import unquote, urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import chinese_text
from typesetter import native
from typesetter.records import fields
from typesetter.text import Align, Line, breaker
from typesetter.text.atoms import make_atoms

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


def first_difference(got, want) -> str:
    """Where two results' keys ((name, value), …) first differ, as a reader wants it."""
    if got[0] != want[0] or len(got) != len(want):
        return f"compiled {got[0]}\npython   {want[0]}"
    for (name, a), (_, b) in zip(got, want):
        if a != b:
            return f"{name}:\ncompiled {a}\npython   {b}"
    return "the same"


def outcome(function, args: tuple, key: Callable) -> tuple:
    """What a call gives, or what it raises: a twin must fail where its original fails."""
    try:
        result = function(*args)
    except Exception as e:  # noqa: BLE001 — compared, not hidden
        return (("raised", f"{type(e).__name__}: {e}"),)
    return (("returned", True),) + key(result)


# -- the twins, and what they are tried on ---------------------------------------------------------


# Text as editors write it, and what a line's set_line must cope with beside it: Latin words
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
# function an int start, 24 where the twin gives 24.0: equal, and never asked for.)
SIZES = [7.5, 9.0, 10.5, 12.0, 16.0]


def _natural_width(atoms, s, e) -> float:
    """atoms[s:e] at their natural widths, a mark at the end in its half em (em)."""
    return (sum(a.width for a in atoms[s:e]) + sum(a.glue for a in atoms[s + 1:e]) - atoms[e - 1].blank_r)


@st.composite
def set_line_calls(draw, fonts) -> list[tuple]:
    """A paragraph's atoms and set_line on every span (s, e) of them, single atoms too,
    each given room from far too little (compressed, overfull) to plenty; and the empty
    span (both fail alike)."""
    atoms = make_atoms(draw(mixed_text(max_pieces=8)), fonts[draw(st.sampled_from(ROLES))],
                       draw(st.sampled_from(STYLES)))[:24]
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
    atoms = make_atoms(text, fonts["body"], style)
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


@dataclass(frozen=True)
class Twin:
    name: str  # the compiled function in _typesetter_core
    module: ModuleType  # where the program binds it
    attr: str  # the name the program calls it by there
    python: str  # the name the Python original keeps there once the twin is bound
    calls: Callable  # fonts -> strategy of lists of argument tuples to try both on
    cases: list  # [(name, fonts -> list of argument tuples)]: calls every run makes
    key: Callable  # result -> what must be the same, ((name, value), …)
    show: Callable  # arguments -> how a failure names them
    in_paragraphs: bool = True  # set_paragraph goes through it

    def __repr__(self) -> str:
        return f"Twin({self.name})"

    def bound(self):
        return getattr(self.module, self.attr)

    def original(self):
        return getattr(self.module, self.python)


TWINS = [
    Twin("set_line", breaker, "_set_line", "_set_line_in_python", set_line_calls, SET_LINE_CASES, line_key,
         show=lambda args: ", ".join([repr([a.text for a in args[0]]), *map(repr, args[1:])])),
]


def twin_ids(twin: Twin) -> str:
    return twin.name


class using_python:
    """The program runs twin's Python original while in this block."""

    def __init__(self, twin: Twin):
        self.twin = twin

    def __enter__(self):
        self.compiled = self.twin.bound()
        setattr(self.twin.module, self.twin.attr, self.twin.original())

    def __exit__(self, *exc):
        setattr(self.twin.module, self.twin.attr, self.compiled)


# -- the twin gives what the Python function gives --------------------------------------------------


@needs_core
@pytest.mark.parametrize("twin", TWINS, ids=twin_ids)
def test_the_program_runs_the_twin(twin):
    assert twin.bound() is getattr(native.core, twin.name)
    assert type(twin.original()) is FunctionType and twin.original().__module__ == twin.module.__name__


@st.composite
def paragraphs(draw, fonts) -> tuple[str, object, float, float, dict]:
    """set_paragraph's arguments as the layout gives them, and beyond: every alignment,
    indents and hangs (ints as the layout passes them, and fractions), balanced titles,
    phrases, a bold run at the start, a set number of lines, measures down to 2 em."""
    text = draw(mixed_text())
    role = draw(st.sampled_from(ROLES))
    size = draw(st.sampled_from(SIZES))
    measure = draw(st.sampled_from([2.0, 3.0, 4.5, 7.0, 13.0, 20.0, 41.0]))
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
    if draw(st.booleans()):  # "编者按：" in bold before the text
        kw["runs"] = [(draw(st.integers(0, len(text))), fonts["heading"])]
    lines = draw(st.sampled_from([None, -1, 0, 1]))  # and set in a line fewer, as many, or one more
    return text, fonts[role], size, measure * size, kw, lines


@needs_core
@pytest.mark.parametrize("twin", [t for t in TWINS if t.in_paragraphs], ids=twin_ids)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_paragraphs_come_out_the_same(fonts, twin, data):
    text, stack, size, width, kw, more_lines = data.draw(paragraphs(fonts))
    assert twin.bound() is getattr(native.core, twin.name)
    lines = _same_paragraph(twin, text, stack, size, width, kw)
    if more_lines is not None:  # the paragraph as the flow asks for it a line longer or shorter
        _same_paragraph(twin, text, stack, size, width, dict(kw, lines=max(len(lines) + more_lines, 1)))


def _same_paragraph(twin, *args) -> list[Line]:
    *args, kw = args
    compiled = breaker.set_paragraph(*args, **kw)
    with using_python(twin):
        python = breaker.set_paragraph(*args, **kw)
    assert len(compiled) == len(python), f"{len(compiled)} lines compiled, {len(python)} in Python"
    for k, (got, want) in enumerate(zip(map(line_key, compiled), map(line_key, python))):
        assert got == want, f"line {k}, {first_difference(got, want)}"
    return compiled


def _same_on(twin: Twin, calls: list[tuple]) -> None:
    compiled, python = twin.bound(), twin.original()
    assert compiled is not python
    for args in calls:
        got, want = outcome(compiled, args, twin.key), outcome(python, args, twin.key)
        if got != want:
            pytest.fail(f"{twin.name}({twin.show(args)}): {first_difference(got, want)}")


@needs_core
@pytest.mark.parametrize("twin", TWINS, ids=twin_ids)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_direct_calls_come_out_the_same(fonts, twin, data):
    _same_on(twin, data.draw(twin.calls(fonts)))


@needs_core
@pytest.mark.parametrize("twin, make_calls", [(t, make) for t in TWINS for _, make in t.cases],
                         ids=[f"{t.name}-{name}" for t in TWINS for name, _ in t.cases])
def test_known_cases_come_out_the_same(fonts, twin, make_calls):
    _same_on(twin, make_calls(fonts))


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
(out / "report.json").write_text(json.dumps({
    "core": getattr(native.core, "__file__", None),
    "bound": {attr: getattr(import_module(module), attr).__module__ for module, attr in twins},
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
    twins = json.dumps([[t.module.__name__, t.attr] for t in TWINS])
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
    assert compiled["bound"] == {t.attr: native.core.__name__ for t in TWINS}
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
    assert report["bound"] == {t.attr: t.module.__name__ for t in TWINS}  # the Python functions
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
from typesetter import native
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
        dist = installed_by_pip_from_here()
        assert dist is None, (
            f"pip installed typesetter from {ROOT} with {cc} at hand, but no _typesetter_core: "
            "its build failed (setup.py's optional=True goes on without it). `pip install -v .` "
            "shows why")
        pytest.skip("a source tree nobody built: `pip install .`, or `python setup.py build_ext --inplace`")
    stale = f"{found.origin} is of another VERSION than {native.CORE_VERSION}: build it again"
    assert native.core is not None, stale
    assert native.core.VERSION == native.CORE_VERSION, stale
    assert native.core.__file__ == found.origin
