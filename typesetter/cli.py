"""The command line: `typeset ISSUE.yaml`, `typeset check ISSUE.yaml`, `typeset fonts`.

Exit codes: 0 success, 2 bad input (every problem printed, in Chinese, no traceback),
1 a fault of the program itself (one line; --debug shows the traceback).

This module keeps the plain build free of the command-line library; the commands and
their help live in `commands`.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

COMMANDS = ("build", "check", "fonts", "new", "add", "send")


def _run(action, debug: bool, outcome: str = "没有生成 PDF。"):
    """Run a command with the exit-code contract (exits with 2 or 1 after printing);
    `outcome` says what bad input left undone."""
    from .errors import InputError

    debug = debug or bool(os.environ.get("TYPESET_DEBUG"))
    try:
        return action()
    except InputError as exc:
        for problem in exc.problems:
            _echo(f"错误：{problem}", err=True)
        closing = outcome if exc.closing is None else exc.closing
        if len(exc.problems) > 1:
            closing = f"共 {len(exc.problems)} 处问题。{closing}"
        if closing:
            _echo(closing, err=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        _echo("已中断。", err=True)
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        if debug or exc.__class__.__name__ == "Exit":  # typer's own exits pass through
            raise
        _echo(f"程序内部错误（不是清单的问题）：{exc.__class__.__name__}: {exc}", err=True)
        _echo("加上 --debug 重新运行可看到详细的出错位置；请把它报告给维护者。", err=True)
        raise SystemExit(1) from None


def _echo(message: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()



def build_and_report(manifest: Path, output: Path | None, debug: bool) -> None:
    from .build import build

    _report(_run(lambda: build(manifest, output), debug))


def _report(result, prefix: str = "") -> None:
    """The one-line summary of a build, then its warnings."""
    from .files import size_label

    _echo(f"{prefix}{result.output}：{result.pages} 页，{size_label(result.size)}，用时 {result.seconds:.2f} 秒")
    report_warnings(result)


def report_warnings(result) -> None:
    """A build's warnings, then its proofing report (grouped by article)."""
    for w in result.warnings:
        _echo(f"警告：{w}", err=True)
    if result.proofing:
        from .proofing import report_lines

        for line in report_lines(result.proofing):
            _echo(line, err=True)


def watch(manifest: Path, output: Path | None, debug: bool, interval: float = 0.25) -> None:
    """Rebuild whenever the manifest or a file it names (a body file, a picture, a font)
    changes. Fonts, their metrics and the lines of unchanged paragraphs stay in memory, so
    a rebuild sets only what changed. The collector is on between builds: each build's
    garbage is freed, not kept for the life of the process."""
    import time

    from .build import build
    from .errors import InputError

    gc.enable()

    def stamp(paths):
        out = {}
        for p in paths:
            try:
                st = os.stat(p)
                out[p] = (st.st_mtime_ns, st.st_size)
            except OSError:
                out[p] = None
        return out

    watched = {Path(manifest)}
    _echo(f"监视 {manifest} 及其引用的文件，保存即重排；按 Ctrl-C 结束。")
    seen = None
    try:
        while True:
            now = stamp(watched)
            if now != seen:
                seen = now
                try:
                    result = build(manifest, output)
                    _report(result, time.strftime("%H:%M:%S "))
                    watched = {Path(manifest)} | result.sources
                except InputError as exc:
                    for problem in exc.problems:
                        _echo(f"错误：{problem}", err=True)
                    _echo("没有生成 PDF；改好后保存，会再排一次。", err=True)
                except Exception as exc:  # keep watching: the next save may mend it
                    if debug:
                        raise
                    _echo(f"程序内部错误：{exc.__class__.__name__}: {exc}", err=True)
                seen = stamp(watched)
            time.sleep(interval)
    except KeyboardInterrupt:
        _echo("已停止监视。", err=True)


def _plain_build(argv: list[str]) -> tuple[Path, Path | None, bool] | None:
    """`typeset ISSUE.yaml [-o OUT.pdf] [--debug]`, the command an editor runs dozens of times
    a day, parsed without loading the command-line library (a tenth of a second)."""
    manifest, output, debug = None, None, False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-o", "--output") and args:
            output = Path(args.pop(0))
        elif arg == "--debug":
            debug = True
        elif arg == "--watch":
            return None
        elif arg.startswith("-") or manifest is not None:
            return None
        else:
            manifest = arg
    if manifest is None or manifest in COMMANDS:
        return None
    return Path(manifest), output, debug


def run() -> None:
    """The console command: main(), then out at once. Once the PDF is written and the report
    printed, tearing the interpreter down — every object and module freed one by one — would
    only keep the editor waiting (10–30 ms); an error still leaves through SystemExit."""
    main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(0)


def main():
    # A command runs once and the process ends: the cyclic collector would only walk the
    # build's few hundred thousand objects (a pass after a 400-page build took 0.26 s) to free
    # memory the process gives back on leaving. watch() turns it on again.
    gc.disable()
    plain = _plain_build(sys.argv[1:])
    try:
        if plain:
            build_and_report(*plain)
        else:
            from .commands import app

            app()
    except BrokenPipeError:
        sys.exit(0)
