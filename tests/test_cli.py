"""The command line: exit codes, messages, and the previous PDF left alone on bad input."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from typesetter import __version__

ROOT = Path(__file__).resolve().parent.parent


def typeset(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "typesetter", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_version_and_help():
    r = typeset("--version")
    assert r.returncode == 0 and r.stdout.splitlines()[0] == f"typeset {__version__}"
    from typesetter import native  # and whether the compiled twins are in use

    assert r.stdout.splitlines()[1].startswith("编译加速：已启用" if native.core is not None else "编译加速：未启用")
    pure = subprocess.run([sys.executable, "-m", "typesetter", "--version"], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), TYPESETTER_PURE="1"), timeout=120)
    assert pure.stdout.splitlines()[1].startswith("编译加速：未启用")
    r = typeset("--help")
    assert r.returncode == 0 and "check" in r.stdout and "fonts" in r.stdout
    for command in ("check", "fonts", "build"):
        r = typeset(command, "--help")
        assert r.returncode == 0, command
    r = typeset("--debug", "--help")
    assert r.returncode == 0


def test_build_beside_the_manifest_from_another_folder(workdir, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    r = typeset(workdir / "issue.yaml", cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    pdf = workdir / "issue.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "issue.pdf" in r.stdout and "页" in r.stdout and "KB" in r.stdout and "秒" in r.stdout
    assert list(workdir.glob(".*.tmp")) == []  # nothing left behind


def test_output_option(workdir):
    r = typeset(workdir / "issue.yaml", "-o", workdir / "out.pdf")
    assert r.returncode == 0, r.stderr
    assert (workdir / "out.pdf").stat().st_size > 10_000


def test_check_writes_nothing(workdir):
    r = typeset("check", workdir / "issue.yaml")
    assert r.returncode == 0, r.stderr
    assert "可以排版" in r.stdout
    assert not (workdir / "issue.pdf").exists()


def test_bad_input_exit_2_message_and_the_old_pdf_untouched(workdir):
    manifest = workdir / "issue.yaml"
    pdf = workdir / "issue.pdf"
    pdf.write_bytes(b"%PDF-old")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("  number: 10", "  numbr: 10"), encoding="utf-8")
    r = typeset(manifest)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "issue.yaml" in r.stderr and "第 8 行" in r.stderr and "numbr" in r.stderr and "number" in r.stderr
    assert pdf.read_bytes() == b"%PDF-old"
    assert list(workdir.glob(".*.tmp")) == []
    r = typeset("check", manifest)
    assert r.returncode == 2 and "numbr" in r.stderr


def test_missing_manifest(tmp_path):
    r = typeset(tmp_path / "nothing.yaml")
    assert r.returncode == 2 and "找不到" in r.stderr and "Traceback" not in r.stderr


def test_missing_output_folder(workdir):
    r = typeset(workdir / "issue.yaml", "-o", workdir / "no" / "such" / "x.pdf")
    assert r.returncode == 2 and "不存在" in r.stderr


def test_character_no_font_has(workdir):
    manifest = workdir / "issue.yaml"
    text = manifest.read_text(encoding="utf-8").replace("嘉定工业互联网产业园，并调研", "嘉定工业互联网产业园\U000F0001，并调研", 1)
    manifest.write_text(text, encoding="utf-8")
    r = typeset("check", manifest)
    assert r.returncode == 2
    assert "U+F0001" in r.stderr and "sections[0].articles[0].body" in r.stderr


def test_fonts_lists_roles(workdir):
    r = typeset("fonts")
    assert r.returncode == 0
    for role in ("body", "heading", "title", "credit"):
        assert role in r.stdout
    assert "Noto Serif CJK SC" in r.stdout and "LXGW WenKai" in r.stdout
    r = typeset("fonts", workdir / "issue.yaml")
    assert r.returncode == 0 and "body" in r.stdout


def test_a_file_that_is_not_a_font_is_bad_input(workdir):
    bad = workdir / "bad.ttf"
    bad.write_bytes(b"not a font")
    manifest = workdir / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "style:\n  fonts:\n    body: bad.ttf\n", encoding="utf-8")
    r = typeset(manifest)
    assert r.returncode == 2 and "字体" in r.stderr and "Traceback" not in r.stderr


def test_a_fault_of_the_program_is_exit_1_with_a_hint(capsys):
    from typesetter.cli import _run

    def broken():
        raise ZeroDivisionError("division by zero")

    with pytest.raises(SystemExit) as exc:
        _run(broken, debug=False)
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "--debug" in err and "Traceback" not in err
    with pytest.raises(ZeroDivisionError):  # --debug: the traceback
        _run(broken, debug=True)


@pytest.mark.skipif(shutil.which("typeset") is None, reason="console script not installed")
def test_console_script(workdir):
    r = subprocess.run(["typeset", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and __version__ in r.stdout


def test_the_pdf_gets_ordinary_file_permissions(workdir):
    r = typeset(workdir / "issue.yaml")
    assert r.returncode == 0
    mode = (workdir / "issue.pdf").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_watch_rebuilds_on_every_save(workdir):
    import time

    manifest = workdir / "issue.yaml"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "typesetter", "--watch", str(manifest)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []

        def wait_for(count, timeout=60):
            deadline = time.time() + timeout
            while len(lines) < count and time.time() < deadline:
                line = proc.stdout.readline()
                if "页" in line:
                    lines.append(line)
            return len(lines) >= count

        assert wait_for(1)
        first = (workdir / "issue.pdf").read_bytes()
        time.sleep(0.3)
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("date: 2023-10-16", "date: 2023-10-17"),
                            encoding="utf-8")
        assert wait_for(2)
        assert (workdir / "issue.pdf").read_bytes() != first
        seconds = float(lines[1].split("用时 ")[1].split(" 秒")[0])
        assert seconds < 1.0  # fonts and unchanged paragraphs stay warm
        # a broken save is reported and watching goes on
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("  number: 10", "  numbr: 10"), encoding="utf-8")
        time.sleep(1.5)
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_building_again_in_one_process_keeps_nothing_of_the_last_build(workdir, monkeypatch):
    """--watch builds again and again in one process. The collector is off while a build
    runs (build.typeset), and each build's objects in a reference cycle (the structure tree,
    the flow's cells) are garbage by the next one: they must be collected, not kept for the
    life of the process (set aside with gc.freeze, 5,000 objects and about 0.5 MB a build
    of this issue were, before). Counted: the objects the collector tracks, set aside or not."""
    import gc

    from typesetter.build import build

    monkeypatch.setenv("TYPESETTER_JOBS", "1")
    if not gc.isenabled():
        pytest.skip("the collector is off in this process")
    gc.unfreeze()
    set_aside = []
    try:
        for _ in range(4):
            build(workdir / "issue.yaml", write=False)
            gc.collect()
            set_aside.append(gc.get_freeze_count() + len(gc.get_objects()))
    finally:
        gc.unfreeze()
    assert max(set_aside[1:]) - min(set_aside[1:]) < 1000, set_aside


def test_a_command_runs_without_the_collector_and_watch_with_it(monkeypatch):
    """One command, one process: the collector is off from the start (cli.main); --watch,
    which lives on, turns it on again."""
    import gc

    from typesetter import cli

    monkeypatch.setattr(sys, "argv", ["typeset", "--version"])
    enabled = gc.isenabled()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert not gc.isenabled()
        monkeypatch.setattr(cli, "_echo", lambda *a, **k: None)
        monkeypatch.setattr("time.sleep", lambda s: (_ for _ in ()).throw(KeyboardInterrupt))
        cli.watch(Path("no-such-issue.yaml"), None, False)
        assert gc.isenabled()
    finally:
        gc.enable() if enabled else gc.disable()
