"""The command line: `typeset ISSUE.yaml`, `typeset check ISSUE.yaml`, `typeset fonts`.

Exit codes: 0 success, 2 bad input (every problem printed, in Chinese, no traceback),
1 a fault of the program itself (one line; --debug shows the traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from . import __version__


class DefaultToBuild(TyperGroup):
    """`typeset ISSUE.yaml` means `typeset build ISSUE.yaml`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultToBuild,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="把一份 YAML 清单排成可直接付印的简报 PDF。\n\n"
    "Typesets a Chinese newsletter (简报) from one YAML manifest into a print-ready PDF.\n\n"
    "  typeset issues/2023-10.yaml            排版，PDF 写在清单旁边\n"
    "  typeset issues/2023-10.yaml -o 本期.pdf\n"
    "  typeset check issues/2023-10.yaml      只检查，不写 PDF\n"
    "  typeset fonts [issues/2023-10.yaml]    各角色用的字体",
)

ManifestArg = typer.Argument(..., metavar="ISSUE.yaml", help="the issue's manifest (YAML)")
DebugOpt = typer.Option(False, "--debug", help="show the traceback of a fault of the program")


def _version(value: bool):
    if value:
        typer.echo(f"typeset {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="print the version and exit"),
):
    pass


def _run(action, debug: bool):
    """Run a command with the exit-code contract."""
    from .errors import InputError

    debug = debug or bool(os.environ.get("TYPESET_DEBUG"))
    try:
        return action()
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(f"错误：{problem}", err=True)
        if len(exc.problems) > 1:
            typer.echo(f"共 {len(exc.problems)} 处问题。没有生成 PDF。", err=True)
        else:
            typer.echo("没有生成 PDF。", err=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        raise typer.Exit(130)
    except (typer.Exit, SystemExit):
        raise
    except Exception as exc:
        if debug:
            raise
        typer.echo(f"程序内部错误（不是清单的问题）：{exc.__class__.__name__}: {exc}", err=True)
        typer.echo("加上 --debug 重新运行可看到详细的出错位置；请把它报告给维护者。", err=True)
        raise typer.Exit(1)


def _kb(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


@app.command("build", help="Typeset an issue into a PDF (the default command).")
def build_cmd(
    manifest: Path = ManifestArg,
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="OUT.pdf",
                                          help="where to write the PDF (default: beside the manifest)"),
    debug: bool = DebugOpt,
):
    from .build import build

    result = _run(lambda: build(manifest, output), debug)
    typer.echo(f"{result.output}：{result.pages} 页，{_kb(result.size)}，用时 {result.seconds:.2f} 秒")
    for w in result.warnings:
        typer.echo(f"警告：{w}", err=True)


@app.command("check", help="Check an issue: everything but writing the PDF; exit 0 if it would build.")
def check_cmd(manifest: Path = ManifestArg, debug: bool = DebugOpt):
    from .build import build

    result = _run(lambda: build(manifest, write=False), debug)
    typer.echo(f"{manifest}：可以排版，{result.pages} 页。")
    for w in result.warnings:
        typer.echo(f"警告：{w}", err=True)


@app.command("fonts", help="Show the font of each role; with an issue, the characters its fonts lack.")
def fonts_cmd(
    manifest: Optional[Path] = typer.Argument(None, metavar="[ISSUE.yaml]"),
    debug: bool = DebugOpt,
):
    def report():
        from .build import open_fonts, texts
        from .fontset import FontSet
        from .manifest import load_issue

        issue = load_issue(manifest) if manifest else None
        fonts = open_fonts(issue) if issue else FontSet()
        for role, face in fonts.roles.items():
            typer.echo(f"{role:9} {face.family}: {face.full_name}  ({face.path}"
                       f"{'#%d' % face.index if face.index else ''}, {face.format}, {face.glyph_count} glyphs"
                       f"{', emboldened by stroking' if fonts.fake_bold(role) else ''})")
        if issue is None:
            return
        lacking: dict[str, tuple[str, str]] = {}
        for text, role, loc, _ in texts(issue):
            stack = fonts[role]
            for ch in text:
                if ch.isspace() or stack.primary.has(ch) or ch in lacking:
                    continue
                face = stack.find(ch)
                lacking[ch] = (role, face.full_name if face else "（没有字体有这个字）")
        if not lacking:
            typer.echo("本期所有字符都在各角色的字体中。")
        for ch, (role, served) in lacking.items():
            typer.echo(f"“{ch}” U+{ord(ch):04X}  {role} 字体没有 → {served}")

    _run(report, debug)


def main():
    try:
        app()
    except BrokenPipeError:
        sys.exit(0)
