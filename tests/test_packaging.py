"""The installed program is what the editor runs: every subpackage and data file of the
source tree must be part of it (a missing one fails only after `pip install .`)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools():
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_installed():
    listed = set(_setuptools()["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "typesetter").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_every_data_file_is_installed():
    from fnmatch import fnmatch

    data = _setuptools()["package-data"]
    for package, patterns in data.items():
        if package == "typesetter.fonts":
            continue
        folder = ROOT.joinpath(*package.split("."))
        for file in (folder / "data").rglob("*"):
            if file.is_file() and file.suffix != ".py":  # a script that made the data
                rel = file.relative_to(folder).as_posix()
                assert any(fnmatch(rel, p) for p in patterns), f"{package}: {rel} is not in package-data"
