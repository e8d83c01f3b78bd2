import shutil
from pathlib import Path

import pytest

from typesetter.build import build
from typesetter.fontset import FontSet
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-10.yaml"


@pytest.fixture(scope="session")
def fonts():
    return FontSet()


@pytest.fixture(scope="session")
def sample_issue():
    return load_issue(SAMPLE)


@pytest.fixture(scope="session")
def sample_geometry(sample_issue):
    return make_geometry(sample_issue.style)


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "2023-10.pdf"
    build(SAMPLE, out)
    return out


@pytest.fixture
def workdir(tmp_path):
    """A folder with a copy of the sample manifest, for tests that change it."""
    shutil.copy(SAMPLE, tmp_path / "issue.yaml")
    return tmp_path
