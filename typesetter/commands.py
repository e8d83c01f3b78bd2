"""The commands, their options and help (Typer)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .cli import _echo, _run, build_and_report


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
    "  typeset --watch issues/2023-10.yaml    每次保存都重排\n"
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


@app.command("build", help="Typeset an issue into a PDF (the default command).")
def build_cmd(
    manifest: Path = ManifestArg,
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="OUT.pdf",
                                          help="where to write the PDF (default: beside the manifest)"),
    watch: bool = typer.Option(False, "--watch", help="rebuild on every save of the manifest or a file it names"),
    debug: bool = DebugOpt,
):
    if watch:
        from .cli import watch as watch_loop

        watch_loop(manifest, output, debug)
    else:
        build_and_report(manifest, output, debug)


@app.command("check", help="Check an issue: everything but writing the PDF; exit 0 if it would build.")
def check_cmd(
    manifest: Path = ManifestArg,
    fix: bool = typer.Option(False, "--fix", help="把校对改正的习惯写法写回清单和正文文件（原文件另存为 .bak）"),
    debug: bool = DebugOpt,
):
    from .build import build
    from .cli import report_warnings

    if fix:
        from .proofing.fix import fix_issue

        _run(lambda: fix_issue(manifest, _echo), debug)
    result = _run(lambda: build(manifest, write=False), debug)
    _echo(f"{manifest}：可以排版，{result.pages} 页。")
    report_warnings(result)


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
            _echo(f"{role:9} {face.family}: {face.full_name}  ({face.path}"
                       f"{'#%d' % face.index if face.index else ''}, {face.format}, {face.glyph_count} glyphs"
                       f"{', emboldened by stroking' if fonts.fake_bold(role) else ''})")
        if issue is None:
            return
        lacking: dict[str, tuple[str, str]] = {}
        for text, role, _loc, _where in texts(issue):
            stack = fonts[role]
            for ch in text:
                if ch.isspace() or stack.primary.has(ch) or ch in lacking:
                    continue
                face = stack.find(ch)
                lacking[ch] = (role, face.full_name if face else "（没有字体有这个字）")
        if not lacking:
            _echo("本期所有字符都在各角色的字体中。")
        for ch, (role, served) in lacking.items():
            _echo(f"“{ch}” U+{ord(ch):04X}  {role} 字体没有 → {served}")

    _run(report, debug)


