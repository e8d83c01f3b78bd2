"""Work done ahead on a second core (cores.py): paragraphs set (layout/ahead.py) and pages
drawn (render_ahead.py) by a child process give the same PDF, byte for byte, as
one process — also when the child fails."""

import select
import threading
from pathlib import Path

import pytest

import typesetter.cores as cores
import typesetter.layout.ahead as ahead
import typesetter.layout.blocks as blocks
from typesetter.build import build
from typesetter.manifest import load_issue

SAMPLE = Path(__file__).resolve().parent.parent / "issues" / "2023-10.yaml"
SET_PARAGRAPH = blocks.set_paragraph

pytestmark = pytest.mark.skipif(not cores.can_fork(), reason="sets ahead only where it can fork")


def build_counting(tmp_path, monkeypatch, name: str, jobs: int) -> tuple[bytes, list[str]]:
    """PDF bytes of the sample and the paragraphs this process set, from an empty cache."""
    monkeypatch.setenv("TYPESETTER_JOBS", str(jobs))
    monkeypatch.setenv("TYPESETTER_CACHE", str(tmp_path / f"cache-{name}"))
    monkeypatch.setattr(blocks, "_SET", {})
    monkeypatch.setattr(ahead, "LEAST_CHARACTERS", 0)  # the sample is short: fork anyway
    calls: list[str] = []
    monkeypatch.setattr(blocks, "set_paragraph",
                        lambda text, *a, **k: calls.append(text) or SET_PARAGRAPH(text, *a, **k))
    out = tmp_path / f"{name}.pdf"
    build(SAMPLE, out)
    return out.read_bytes(), calls


def child_first(monkeypatch, cls, name: str) -> None:
    """Make cls.name (take, page) wait, the first time, until the child has done all it
    would (as if this process were slow): what the child hands back is then certain."""
    method = getattr(cls, name)

    def waiting(self, *args):
        while not self.child.ended:
            select.select([self.child.pipe], [], [])
            for piece in self.child.receive():
                self.child.handed_back.update(piece)
        return method(self, *args)

    monkeypatch.setattr(cls, name, waiting)


def test_the_second_process_sets_part_and_the_pdf_is_the_same(tmp_path, monkeypatch):
    alone, set_alone = build_counting(tmp_path, monkeypatch, "one", 1)
    shared, set_here = build_counting(tmp_path, monkeypatch, "two", 2)
    assert shared == alone  # however the work was shared (it depends on the machine's load)
    child_first(monkeypatch, ahead.SetAhead, "take")
    waited, set_here = build_counting(tmp_path, monkeypatch, "three", 2)
    assert waited == alone
    # the child set every body paragraph (and their looser variants): here, only the rest
    bodies = [p.text for a in load_issue(SAMPLE).articles() for p in a.body if hasattr(p, "text")]
    assert set_here and not set(set_here) & set(bodies)
    assert set(set_here) < set(set_alone)


def test_a_failing_second_process_costs_only_time(tmp_path, monkeypatch):
    alone, set_alone = build_counting(tmp_path, monkeypatch, "one", 1)

    def broken(lines):
        raise MemoryError  # as a child killed or out of memory

    monkeypatch.setattr(ahead, "freeze", broken)
    shared, set_here = build_counting(tmp_path, monkeypatch, "two", 2)
    assert shared == alone
    assert sorted(set_here) == sorted(set_alone)  # everything set here after all


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not cores.can_fork()
    finally:
        stop.set()
        worker.join()
    assert cores.can_fork()


def test_jobs_setting(monkeypatch):
    monkeypatch.setenv("TYPESETTER_JOBS", "1")
    assert cores.jobs() == 1
    monkeypatch.setenv("TYPESETTER_JOBS", "3")
    assert cores.jobs() == 3
    monkeypatch.setenv("TYPESETTER_JOBS", "很多")  # not a number: the default
    assert cores.jobs() in (1, 2)


def children_started(monkeypatch) -> list:
    """Set ahead even for the sample, in two processes; the list gets each SetAhead begun."""
    monkeypatch.setattr(ahead, "LEAST_CHARACTERS", 0)
    monkeypatch.setenv("TYPESETTER_JOBS", "2")
    monkeypatch.setattr(blocks, "_SET", {})
    started = []
    start = ahead.SetAhead.start.__func__
    monkeypatch.setattr(ahead.SetAhead, "start",
                        classmethod(lambda cls, b, r: started.append(start(cls, b, r)) or started[-1]))
    return started


def test_a_build_stopped_by_bad_input_leaves_no_child(tmp_path, monkeypatch):
    import os

    from typesetter.errors import InputError

    started = children_started(monkeypatch)

    def bad_input(*args, **kwargs):
        raise InputError([])

    monkeypatch.setattr(blocks.Builder, "masthead", bad_input)  # before any of its lines are asked for
    with pytest.raises(InputError):
        build(SAMPLE, tmp_path / "x.pdf")
    assert started and started[0] is not None
    with pytest.raises(ChildProcessError):  # reaped: no child left behind
        os.waitpid(started[0].child.pid, os.WNOHANG)


def test_later_pages_rendered_ahead_give_the_same_file(tmp_path, monkeypatch):
    import typesetter.render_ahead as render_ahead

    monkeypatch.setattr(render_ahead, "LEAST_GLYPHS", 0)
    alone, _ = build_counting(tmp_path, monkeypatch, "one", 1)
    shared, _ = build_counting(tmp_path, monkeypatch, "two", 2)
    assert shared == alone  # however the work was shared
    child_first(monkeypatch, render_ahead.PagesAhead, "page")
    made, fonts = [], []
    page, font = render_ahead.PagesAhead.page, render_ahead.PagesAhead.font
    monkeypatch.setattr(render_ahead.PagesAhead, "page",
                        lambda self, n: made.append(bool(x := page(self, n))) or x)
    monkeypatch.setattr(render_ahead.PagesAhead, "font",
                        lambda self, k: fonts.append(bool(x := font(self, k))) or x)
    waited, _ = build_counting(tmp_path, monkeypatch, "three", 2)
    assert waited == alone
    assert made and all(made)  # every page came from the child
    assert fonts and all(fonts)  # and every font program

    def broken(renderer, nodes, fonts, send, reached):
        raise MemoryError

    monkeypatch.setattr(render_ahead, "_draw", broken)
    failed, _ = build_counting(tmp_path, monkeypatch, "four", 2)
    assert failed == alone


def test_a_fork_that_fails_leaves_the_build_to_this_process(tmp_path, monkeypatch):
    alone, set_alone = build_counting(tmp_path, monkeypatch, "one", 1)

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(cores.os, "fork", no_fork)
    shared, set_here = build_counting(tmp_path, monkeypatch, "two", 2)
    assert shared == alone
    assert sorted(set_here) == sorted(set_alone)


def test_bad_input_found_while_paragraphs_are_set_ahead_leaves_no_child(tmp_path, monkeypatch):
    """The layout is begun (its child setting paragraphs) before the font coverage check: a
    character no font has stops the build there, and the child with it."""
    import os

    import typesetter.build as build_module
    from typesetter.errors import InputError

    started = children_started(monkeypatch)

    def no_font_has_it(issue, fonts):
        raise InputError([])

    monkeypatch.setattr(build_module, "check_coverage", no_font_has_it)
    out = tmp_path / "x.pdf"
    with pytest.raises(InputError):
        build(SAMPLE, out)
    assert not out.exists()
    assert started and started[0] is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0].child.pid, os.WNOHANG)


def test_the_line_memo_is_kept_by_the_second_process(tmp_path, monkeypatch):
    """The render's second process writes the line memo once its pages are drawn: a
    rebuild then sets no paragraph, and gives the same file; where that process fails,
    this one writes it."""
    import typesetter.render_ahead as render_ahead

    monkeypatch.setattr(render_ahead, "LEAST_GLYPHS", 0)
    monkeypatch.setenv("TYPESETTER_JOBS", "2")
    for name, broken in (("kept", False), ("failed", True)):
        if broken:
            def fails(*args):
                raise MemoryError

            monkeypatch.setattr(render_ahead, "_draw", fails)
        monkeypatch.setenv("TYPESETTER_CACHE", str(tmp_path / f"cache-{name}"))
        monkeypatch.setattr(blocks, "_SET", {})
        build(SAMPLE, tmp_path / f"{name}-1.pdf")
        calls: list[str] = []
        monkeypatch.setattr(blocks, "_SET", {})
        monkeypatch.setattr(blocks, "set_paragraph",
                            lambda text, *a, **k: calls.append(text) or SET_PARAGRAPH(text, *a, **k))
        build(SAMPLE, tmp_path / f"{name}-2.pdf")
        monkeypatch.setattr(blocks, "set_paragraph", SET_PARAGRAPH)
        assert calls == [], name
        assert (tmp_path / f"{name}-2.pdf").read_bytes() == (tmp_path / f"{name}-1.pdf").read_bytes()
