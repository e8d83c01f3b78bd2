"""The commands, their options and help (Typer), in Chinese first.

Click prints its own words (Usage:, Options, Error: Missing argument …) through gettext;
`_chinese` puts the editor's language in their place. Examples are kept as written with
Click's no-rewrap marker (a line holding only \\b before a paragraph).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .cli import _echo, _run, build_and_report

# Click's and Typer's own messages, as the editor should read them
CHINESE = {
    "Usage:": "用法:",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本说明后退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”可看说明。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "No such command {name!r}.": "没有 {name!r} 这个命令。",
    "Invalid value: {message}": "值不对：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中断。",
}


def _chinese() -> None:
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import typer.core

    def gettext(message: str) -> str:
        return CHINESE.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, typer.core):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


_chinese()


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
    "\b\n"
    "  typeset issues/2023-10.yaml            排版，PDF 写在清单旁边\n"
    "  typeset issues/2023-10.yaml -o 本期.pdf\n"
    "  typeset --watch issues/2023-10.yaml    每次保存都重排\n"
    "  typeset check issues/2023-10.yaml      只检查，不写 PDF\n"
    "  typeset fonts [issues/2023-10.yaml]    各角色用的字体\n\n"
    "在 bash、zsh 中请输入 typesetter（这两种 shell 自带一个同名的 typeset 命令）。",
    epilog="\b\n"
    "每月的流程（The monthly workflow）：\n"
    "  1. typeset new issues/2023-11.yaml --from issues/2023-10.yaml   由上一期开始新一期\n"
    "  2. typeset add issues/2023-11.yaml 稿件.docx … --section 国企动态  导入各单位的 Word 稿件\n"
    "  3. typeset check issues/2023-11.yaml                            检查，按提示改好\n"
    "  4. typeset issues/2023-11.yaml                                  排版，得到 PDF\n"
    "  5. typeset send issues/2023-11.yaml                             用邮件发给各单位（设置见 README）",
)

ManifestArg = typer.Argument(..., metavar="ISSUE.yaml", help="本期的清单（YAML 文件） / the issue's manifest")
DebugOpt = typer.Option(False, "--debug", help="程序出错时显示详细的出错位置 / show the traceback of a fault")


def _version(value: bool):
    if value:
        from . import native

        typer.echo(f"typeset {__version__}")
        # whether the installation has the compiled twins: a build without them is as right,
        # only slower, so nothing else ever says so
        typer.echo("编译加速：已启用" if native.core is not None else
                   "编译加速：未启用（安装时没有 C 编译器，或设了 TYPESETTER_PURE；排版结果相同，只是慢一些）")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="显示版本号后退出 / print the version and exit"),
):
    pass


@app.command("build", short_help="排版，生成 PDF（默认的命令） / build", help="排版，生成 PDF（默认的命令，可省略不写）。\n\n"
             "Typeset an issue into a PDF (the default command).\n\n"
             "\b\n"
             "  typeset issues/2023-10.yaml              PDF 写在清单旁边：issues/2023-10.pdf\n"
             "  typeset issues/2023-10.yaml -o 本期.pdf\n"
             "  typeset --watch issues/2023-10.yaml      每次保存清单或它引用的文件都重排")
def build_cmd(
    manifest: Path = ManifestArg,
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="OUT.pdf",
                                          help="PDF 写到哪里（默认在清单旁边，同名） / where to write the PDF"),
    watch: bool = typer.Option(False, "--watch", help="每次保存都重排 / rebuild on every save"),
    debug: bool = DebugOpt,
):
    if watch:
        from .cli import watch as watch_loop

        watch_loop(manifest, output, debug)
    else:
        build_and_report(manifest, output, debug)


@app.command("check", short_help="检查清单（--fix 改正习惯写法） / check", help="检查清单：做排版的一切，只是不写 PDF；能排版时退出码为 0。"
             "加 --fix 时先把校对改正的习惯写法写回清单和正文文件。\n\n"
             "Check an issue: everything but writing the PDF; exit 0 if it would build.\n\n"
             "\b\n"
             "  typeset check issues/2023-10.yaml\n"
             "  typeset check --fix issues/2023-10.yaml")
def check_cmd(
    manifest: Path = ManifestArg,
    fix: bool = typer.Option(False, "--fix", help="把校对改正的习惯写法写回清单和正文文件（原文件另存为 .bak） / write the proofing corrections back"),
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


@app.command("fonts", short_help="各角色用的字体 / fonts", help="列出各角色（正文、标题……）用的字体；给出清单时，再列出本期哪些字符字体里没有。\n\n"
             "Show the font of each role; with an issue, the characters its fonts lack.\n\n"
             "\b\n"
             "  typeset fonts\n"
             "  typeset fonts issues/2023-10.yaml")
def fonts_cmd(
    manifest: Optional[Path] = typer.Argument(None, metavar="[ISSUE.yaml]", help="本期的清单（可不写）"),
    debug: bool = DebugOpt,
):
    def report():
        from .build import open_fonts, texts
        from .fontset import FontSet
        from .manifest import load_issue

        issue = load_issue(manifest) if manifest else None
        if issue:
            from .proofing import Proofing

            Proofing(issue)  # the characters as printed (corrected; the findings are not wanted)
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


def _parse_date(value: str | None) -> dt.date | None:
    from .errors import fail
    from .manifest.schema import date_from_text

    if value is None:
        return None
    try:
        date = date_from_text(value)
    except ValueError:
        date = None
    if date is None:
        raise fail("--date", None, None, f"“{value}”不是一个日期。请写成 2023-11-16 的形式。")
    return date


@app.command("new", short_help="由上一期开始新一期 / start the next issue", help="由上一期开始新一期：报头照旧，期号（和总期号）加 1，换了年份从第 1 期起；"
             "日期取 --date 或今天；本期要目、报尾、版式照旧；栏目照旧列出，里面是空的。"
             "不会覆盖已有的文件。\n\n"
             "Start the next issue from the previous one (never overwrites a file).\n\n"
             "\b\n"
             "  typeset new issues/2023-11.yaml --from issues/2023-10.yaml\n"
             "  typeset new issues/2023-11.yaml --from issues/2023-10.yaml --date 2023-11-16")
def new_cmd(
    new: Path = typer.Argument(..., metavar="NEW.yaml", help="新一期清单的文件名"),
    previous: Path = typer.Option(..., "--from", metavar="PREVIOUS.yaml", help="上一期的清单"),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="印发日期（默认今天）"),
    debug: bool = DebugOpt,
):
    from .newissue import new_issue

    made = _run(lambda: new_issue(new, previous, _parse_date(date)), debug, "没有建立新清单。")
    _echo(f"已建立 {made.path}：{made.label}，{made.date.year}年{made.date.month}月{made.date.day}日印发。")
    if made.sections:
        _echo(f"栏目（都还是空的）：{'、'.join(made.sections)}。")
    for line in made.moved_fonts:
        _echo(f"字体路径已按新清单的位置改写：{line}")
    _echo(f"下一步：typeset add {made.path} 稿件.docx … --section 栏目名")


@app.command("add", short_help="导入稿件：.docx、.txt、.md / add articles", help="把供稿单位的稿件（Word 的 .docx，或 .txt、.md）加进本期，"
             "作为一篇文章放在 --section 栏目的末尾（没有这个栏目就新建，放在“简讯”之前；"
             "不写 --section 时放进最后一个不是简讯的栏目）。\n\n"
             "从 .docx 取：标题、各段正文（Shift+Enter 换行不分段）、加粗的短段落作小标题、"
             "图片（存到清单旁的 images/）及其图片说明、文末的供稿行。正文写进 articles/ 下的文本文件，"
             "表格写成正文中的表格。清单原地修改，注释和格式都保留。文本框、批注等没能导入的内容会逐一列出。\n\n"
             "Bring Word (.docx), .txt or .md files into the issue as articles.\n\n"
             "\b\n"
             "  typeset add issues/2023-11.yaml 新城公司.docx 交发集团.docx --section 国企动态\n"
             "  typeset add issues/2023-11.yaml 稿件.txt")
def add_cmd(
    manifest: Path = ManifestArg,
    files: List[Path] = typer.Argument(..., metavar="FILE...", help="稿件文件：.docx、.txt 或 .md"),
    section: Optional[str] = typer.Option(None, "--section", metavar="NAME", help="放进哪个栏目（栏目名，如 国企动态）"),
    debug: bool = DebugOpt,
):
    from .importing.add import add_files

    report = _run(lambda: add_files(manifest, files, section), debug, "清单没有改动。")
    for line in report.lines:
        _echo(line)
    for line in report.warnings:
        _echo(f"注意：{line}", err=True)


@app.command("send", short_help="用邮件发出本期 PDF / mail the issue", help="排版后把本期 PDF 用电子邮件发出（SMTP），或存成邮件草稿（--draft）。"
             "收件人彼此看不到；服务器、发件人、收件人可写在 mail.toml 中（见 README）。"
             "密码只从环境变量 TYPESETTER_SMTP_PASSWORD 或提示输入获得。\n\n"
             "Build the issue, then mail the PDF over SMTP, or write it as a draft .eml.\n\n"
             "\b\n"
             "  typeset send issues/2023-11.yaml                        按 mail.toml 的设置发出\n"
             "  typeset send issues/2023-11.yaml --dry-run              只列出将发送的内容\n"
             "  typeset send issues/2023-11.yaml --draft 本期.eml       存成邮件草稿")
def send_cmd(
    manifest: Path = ManifestArg,
    to: list[str] = typer.Option([], "--to", metavar="ADDR", help="收件人，可重复；也可写作 名称 <地址> / a recipient (repeatable)"),
    to_file: Optional[Path] = typer.Option(None, "--to-file", metavar="FILE", help="收件人文件：每行一个地址，# 后为注释 / a file of recipients, one a line"),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST[:PORT]", help="发信服务器（默认端口：starttls 587，ssl 465） / the SMTP server"),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help="发件人地址 / the sender"),
    user: Optional[str] = typer.Option(None, "--user", metavar="NAME", help="登录服务器的用户名（密码见 TYPESETTER_SMTP_PASSWORD） / the login name"),
    tls: Optional[str] = typer.Option(None, "--tls", metavar="starttls|ssl|none", help="加密方式，默认 starttls / encryption"),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS", help="等服务器应答的秒数，默认 20 / seconds to wait for the server"),
    draft: Optional[Path] = typer.Option(None, "--draft", metavar="OUT.eml", help="不发送，存成邮件程序可打开的草稿 / write a draft instead of sending"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将发送的内容，不连接服务器 / show what would be sent"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="OUT.pdf", help="PDF 写到哪里（默认在清单旁边） / where to write the PDF"),
    debug: bool = DebugOpt,
):
    def send():
        from .delivery.mailing import mail_issue
        from .delivery.settings import resolve

        settings = resolve(smtp=smtp, tls=tls, user=user, sender=sender, to=to, to_file=to_file, timeout=timeout)
        mail_issue(manifest, settings, output=output, draft=draft, dry_run=dry_run,
                   echo=_echo, warn=lambda text: _echo(text, err=True))

    from .delivery import NOT_SENT

    _run(send, debug, NOT_SENT)
