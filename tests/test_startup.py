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
    # Pillow's core: ReportLab imports PIL.Image at its start, which stays unloaded until used
    "PIL._imaging",
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

    from typesetter.manifest.loader import yaml

    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        with pytest.raises(yaml.YAMLError):
            yaml.compose("title: 嘉定\x07国资\n", Loader=loader)
    assert yaml.compose("title: 嘉定国资\n", Loader=yaml.SafeLoader).value[0][1].value == "嘉定国资"


def test_pillow_loads_on_first_use_after_reportlab():
    code = """\
import sys
from typesetter.images import pillow_on_first_use, _pil
pillow_on_first_use()
import reportlab.lib.utils
assert "PIL._imaging" not in sys.modules, "ReportLab's import loaded Pillow"
Image, ImageOps = _pil()
im = ImageOps.exif_transpose(Image.new("RGB", (3, 2)))
print(Image.MAX_IMAGE_PIXELS, im.size, isinstance(im, reportlab.lib.utils.Image.Image))
"""
    r = _run(code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["80000000", "(3,", "2)", "True"]
