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
def check_cmd(manifest: Path = ManifestArg, debug: bool = DebugOpt):
    from .build import build

    result = _run(lambda: build(manifest, write=False), debug)
    _echo(f"{manifest}：可以排版，{result.pages} 页。")
    for w in result.warnings:
        _echo(f"警告：{w}", err=True)


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



@app.command("send", help="排版后把本期 PDF 用电子邮件发出（SMTP），或存成邮件草稿（--draft）。"
             "收件人彼此看不到；服务器、发件人、收件人可写在 mail.toml 中（见 README）。"
             "密码只从环境变量 TYPESETTER_SMTP_PASSWORD 或提示输入获得。\n\n"
             "Build the issue, then mail the PDF over SMTP, or write it as a draft .eml.")
def send_cmd(
    manifest: Path = ManifestArg,
    to: list[str] = typer.Option([], "--to", metavar="ADDR", help="收件人，可重复；也可写作 名称 <地址>"),
    to_file: Optional[Path] = typer.Option(None, "--to-file", metavar="FILE", help="收件人文件：每行一个地址，# 后为注释"),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST[:PORT]", help="发信服务器（默认端口：starttls 587，ssl 465）"),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help="发件人地址"),
    user: Optional[str] = typer.Option(None, "--user", metavar="NAME", help="登录服务器的用户名"),
    tls: Optional[str] = typer.Option(None, "--tls", metavar="starttls|ssl|none", help="加密方式，默认 starttls"),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS", help="等服务器应答的秒数，默认 20"),
    draft: Optional[Path] = typer.Option(None, "--draft", metavar="OUT.eml", help="不发送，存成邮件程序可打开的草稿"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将发送的内容，不连接服务器"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="OUT.pdf", help="PDF 写到哪里（默认在清单旁边）"),
    debug: bool = DebugOpt,
):
    def send():
        from .delivery.mailing import mail_issue
        from .delivery.settings import resolve

        settings = resolve(smtp=smtp, tls=tls, user=user, sender=sender, to=to, to_file=to_file, timeout=timeout)
        mail_issue(manifest, settings, output=output, draft=draft, dry_run=dry_run,
                   echo=_echo, warn=lambda text: _echo(text, err=True))

    _run(send, debug)
