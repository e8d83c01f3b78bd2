"""The lines of a build kept for the next build of the same issue: a rebuild after an edit
sets only what changed, and makes the same PDF as a build from nothing."""

import shutil
from pathlib import Path

import typesetter.layout.blocks as blocks
from typesetter.build import build

SAMPLE = Path(__file__).resolve().parent.parent / "issues" / "2023-10.yaml"
SET_PARAGRAPH = blocks.set_paragraph


def fresh_build(manifest, out, monkeypatch, cache):
    """A build in a new process, as far as remembered lines go: only the cache folder."""
    monkeypatch.setenv("TYPESETTER_CACHE", str(cache))
    # in one process: with a second one (layout/ahead.py), which paragraphs this one sets
    # depends on how soon the other hands its lines back
    monkeypatch.setenv("TYPESETTER_JOBS", "1")
    monkeypatch.setattr(blocks, "_SET", {})
    calls = []
    monkeypatch.setattr(blocks, "set_paragraph",
                        lambda text, *a, **k: calls.append(text) or SET_PARAGRAPH(text, *a, **k))
    build(manifest, out)
    return calls


def test_a_rebuild_sets_only_the_changed_paragraph_and_gives_the_same_pdf(tmp_path, monkeypatch):
    manifest = tmp_path / "issue.yaml"
    shutil.copy(SAMPLE, manifest)
    first = fresh_build(manifest, tmp_path / "first.pdf", monkeypatch, tmp_path / "cache")
    assert len(first) > 50

    again = fresh_build(manifest, tmp_path / "again.pdf", monkeypatch, tmp_path / "cache")
    assert again == []  # nothing changed: every paragraph from the last build
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()

    text = manifest.read_text(encoding="utf-8")
    edited = text.replace("努力将嘉定新城打造成为", "努力把嘉定新城建设成为", 1)
    assert edited != text
    manifest.write_text(edited, encoding="utf-8")
    rebuilt = fresh_build(manifest, tmp_path / "rebuilt.pdf", monkeypatch, tmp_path / "cache")
    assert rebuilt and all("努力把嘉定新城建设成为" in t for t in rebuilt)

    cold = fresh_build(manifest, tmp_path / "cold.pdf", monkeypatch, tmp_path / "empty-cache")
    assert len(cold) == len(first)
    assert (tmp_path / "rebuilt.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()


def test_a_damaged_memo_file_is_ignored(tmp_path, monkeypatch):
    manifest = tmp_path / "issue.yaml"
    shutil.copy(SAMPLE, manifest)
    fresh_build(manifest, tmp_path / "first.pdf", monkeypatch, tmp_path / "cache")
    for f in (tmp_path / "cache" / "lines").iterdir():
        f.write_bytes(b"not a pickle")
    calls = fresh_build(manifest, tmp_path / "again.pdf", monkeypatch, tmp_path / "cache")
    assert len(calls) > 50
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
