"""Load and validate a manifest (format 1) into the model."""

from __future__ import annotations

from pathlib import Path

from ..model import Issue
from .loader import compose, read_text
from .schema import check_manifest


def load_issue(path: str | Path) -> Issue:
    """The issue a manifest describes; InputError lists every problem found."""
    path = Path(path)
    text = read_text(path)  # read once: the nodes and the characters' places from one text
    return check_manifest(compose(path, text), path, text)
