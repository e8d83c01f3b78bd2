"""The start of the plain build, `typeset ISSUE.yaml`: what it must not load.

Each library or module named here costs every build milliseconds to import, or belongs to
another command. Checked by name in a fresh process after a whole build, never by timing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from test_cli import ROOT

# what a build of the sample (no pictures, no tables) never needs
NOT_LOADED = [
    # the other commands' libraries: the command line, Word files, editing YAML, mail, a renderer
    "typer", "click", "ruamel", "docx", "lxml", "pypdfium2", "email", "http", "difflib",
    # converting CFF fonts (the shipped fonts are TrueType)
    "fontTools",
    # Pillow: read only for pictures
    "PIL",
    # dataclasses and what it loads (records.py makes the classes): 15 ms of every start
    "dataclasses", "inspect",
    # tempfile and what it loads (files.new_private_file makes the temporary files)
    "tempfile", "shutil", "random",
    # the other commands' own modules
    "typesetter.commands", "typesetter.importing", "typesetter.delivery", "typesetter.newissue",
    "typesetter.manifest.edit", "typesetter.proofing.fix", "typesetter.sysfonts", "typesetter.outlines",
]

PLAIN_BUILD = """\
import json, sys
sys.argv = ["typeset", sys.argv[1], "-o", sys.argv[2]]
from typesetter.cli import main
main()
import yaml.reader
from typesetter.manifest import loader
from typesetter.proofing import checks
print(json.dumps({
    "modules": sorted(sys.modules),
    "yaml_pattern": yaml.reader.Reader.NON_PRINTABLE.pattern == loader.NON_PRINTABLE,
}))
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_the_plain_build_loads_only_what_it_uses(workdir):
    r = _run(PLAIN_BUILD, str(workdir / "issue.yaml"), str(workdir / "out.pdf"))
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout.splitlines()[-1])
    loaded = set(report["modules"])
    found = [name for name in NOT_LOADED if name in loaded or any(m.startswith(name + ".") for m in loaded)]
    assert found == [], f"the plain build loaded {found}"
    assert (workdir / "out.pdf").stat().st_size > 0
    # PyYAML's reader got the cheap form of its pattern (a new PyYAML that spells it
    # otherwise makes every build compile the slow one again: update loader.py)
    assert report["yaml_pattern"]


def test_the_cheap_pattern_is_pyyamls_for_every_code_point():
    from typesetter.manifest.loader import NON_PRINTABLE, PYYAML_NON_PRINTABLE

    every = "".join(map(chr, range(0x110000)))
    ours = [m.start() for m in re.finditer(NON_PRINTABLE, every)]
    assert ours == [m.start() for m in re.finditer(PYYAML_NON_PRINTABLE, every)]
    assert len(ours) == 2111  # controls but tab and line breaks, C1 but NEL, surrogates, FFFE/FFFF


def test_a_control_character_is_refused_by_both_parsers():
    """libyaml's parser and the pure-Python one (PyYAML's fallback, using the pattern)."""
    import pytest

    from typesetter.manifest.loader import SAFE_LOADER, yaml

    for loader in (yaml.SafeLoader, SAFE_LOADER):
        with pytest.raises(yaml.YAMLError):
            yaml.compose("title: 嘉定\x07国资\n", Loader=loader)
    assert yaml.compose("title: 嘉定国资\n", Loader=yaml.SafeLoader).value[0][1].value == "嘉定国资"


def test_a_record_is_equal_and_shown_as_a_dataclass():
    """@record shares __eq__ and __repr__ instead of compiling them per class: the same
    answers as @dataclass's own, and the rest of a dataclass (fields, replace, asdict)."""
    from dataclasses import asdict, dataclass, field, fields, replace

    import pytest

    from typesetter.records import record

    def make(decorate):
        @decorate
        class Point:
            x: float
            y: float = 0.0
            tags: list = field(default_factory=list)
            note: str = field(default="", compare=False, repr=False)
        return Point

    made = make(dataclass), make(record)
    nan = float("nan")
    for args in [(1, 2), (1.0, 2), (nan, 0), ("a", 0, ["b"]), (None,)]:
        for other in [(1, 2), (1, 2, [3]), (nan, 0), ("a", 0, ["b"]), (None,), (2,)]:
            answers = []
            for Point in made:
                p, q = Point(*args), Point(*other)
                answers.append((p == q, p != q, p == p, p == args, repr(p).split("Point", 1)[1],
                                asdict(p), [f.name for f in fields(p)], replace(p, y=5) == replace(q, y=5)))
            assert answers[0] == answers[1], (args, other)
    Point = made[1]
    assert Point(1, note="x") == Point(1, note="y")  # compare=False, as declared
    with pytest.raises(TypeError):
        hash(Point(1))  # mutable and equal by value: unhashable, as a dataclass
    shown = []
    for Point in made:  # a record holding itself is shown as a dataclass shows it
        p = Point(1)
        p.tags.append(p)
        shown.append(repr(p))
    assert shown[0] == shown[1] and shown[1].endswith(".Point(x=1, y=0.0, tags=[...])")


def test_a_frozen_record_is_hashed_and_frozen_as_a_dataclass():
    from dataclasses import FrozenInstanceError, dataclass, field

    import pytest

    from typesetter.records import record

    def make(decorate):
        @decorate
        class Place:
            file: str
            line: int
            col: int = 0
            path: str = field(default="", compare=False)

            def __str__(self):
                return f"{self.file}:{self.line}"
        return Place

    made = make(dataclass(frozen=True)), make(record(frozen=True))
    for args in [("a", 1), ("a", 1, 2), ("b", 1, 2, "x")]:
        answers = []
        for Place in made:
            p = Place(*args)
            answers.append((hash(p), p == Place(*args), {p: 1}[Place(*args)], repr(p).split("Place", 1)[1], str(p)))
            with pytest.raises(FrozenInstanceError):
                p.line = 3
        assert answers[0] == answers[1], args


def test_a_record_with_slots_or_identity_is_a_dataclass_with_them():
    from dataclasses import dataclass

    import pytest

    from typesetter.records import record

    def make(decorate):
        @decorate
        class Box:
            x: float
            w: float = 0.0
        return Box

    for options in ({"slots": True}, {"eq": False}, {"slots": True, "frozen": True}):
        made = make(dataclass(**options)), make(record(**options))
        answers = []
        for Box in made:
            a, b = Box(1.0), Box(1.0)
            answers.append((a == b, a == a, repr(a).split("Box", 1)[1], hasattr(a, "__dict__"),
                            Box.__hash__ is None, hash(a) == hash(b) if Box.__hash__ else None))
            if options.get("slots") and not options.get("frozen"):
                with pytest.raises(AttributeError):
                    a.extra = 1
        assert answers[0] == answers[1], options


def test_pictures_after_a_build_without_them(workdir, tmp_path):
    """--watch: a first build leaves Pillow unloaded, a later one with pictures loads it
    on first use; its PDF is the one a fresh process makes."""
    from photo_issue import make_photo
    from test_pictures import _issue

    folder = tmp_path / "pictures"
    folder.mkdir()
    make_photo(folder / "photo.jpg", 1200, 900, orientation=6)  # turned upright: decoded by Pillow
    photos = _issue(folder, [{"file": "photo.jpg", "caption": "一张照片"}])
    code = """\
import sys
from typesetter.build import build
build(sys.argv[1], sys.argv[2])
assert "PIL._imaging" not in sys.modules
build(sys.argv[3], sys.argv[4])
"""
    r = _run(code, str(workdir / "issue.yaml"), str(workdir / "out.pdf"), str(photos), str(tmp_path / "after.pdf"))
    assert r.returncode == 0, r.stderr
    r = _run("import sys; from typesetter.build import build; build(sys.argv[1], sys.argv[2])",
             str(photos), str(tmp_path / "fresh.pdf"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "after.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
