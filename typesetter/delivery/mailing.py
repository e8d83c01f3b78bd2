"""`typeset send`: check the settings and recipients, build the issue as `typeset` does, compose
the message, then send it, write it as a draft (.eml), or print what would be sent."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..files import size_label as _size
from .recipients import AddressError, Recipient, from_option, parse_address, read_file, unique
from .settings import PASSWORD_ENV, MailSettings, config_path

LARGE = 10 * 1024 * 1024  # many servers refuse 20 MB; base64 makes a 15 MB PDF 20 MB


@dataclass
class Plan:
    settings: MailSettings
    sender: Recipient | None
    recipients: list[Recipient]
    duplicates: int


def plan(settings: MailSettings, *, draft: bool) -> Plan:
    """Everything checked that can be checked before building: a bad address, a missing
    server, sender or recipients are refused before anything is built or sent."""
    from .transport import check_before_connecting

    found = from_option(settings.to, settings.where("to"))
    if settings.to_file:
        found += read_file(settings.to_file)
    recipients = unique(found)
    sender = None
    if settings.sender:
        where = settings.where("from")
        try:
            sender = parse_address(settings.sender)
        except AddressError as exc:
            raise InputError([Problem(where, None, None, f"发件人地址“{settings.sender}”有误：{exc}。")]) from None
    if not draft:
        missing = []
        if not settings.host:
            missing.append("邮件服务器（--smtp 主机名:端口）")
        if not sender:
            missing.append("发件人（--from 地址）")
        if not recipients:
            missing.append("收件人（--to 地址，或 --to-file 文件）")
        if missing:
            raise InputError([Problem("", None, None,
                f"还缺少{'、'.join(missing)}：请在命令中给出，或写进邮件设置文件 {settings.config or config_path()}"
                "（格式见 README 的 Sending the issue 一节）；只想存成草稿请用 --draft 文件名.eml。")])
        check_before_connecting(settings)
    return Plan(settings, sender, recipients, len(found) - len(recipients))


def _check_draft(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([Problem(path, None, None, f"文件夹 {folder} 不存在：请先建好，或换一个 --draft 路径。")],
                         closing="没有写草稿。")
    if path.is_dir():
        raise InputError([Problem(path, None, None, "这是一个文件夹：请在 --draft 后写草稿的文件名，如 --draft 本期.eml。")],
                         closing="没有写草稿。")


def password(settings: MailSettings) -> str | None:
    """From TYPESETTER_SMTP_PASSWORD, else asked for at the terminal (not echoed)."""
    from .transport import DeliveryError

    if not settings.user:
        return None
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise DeliveryError(f"需要 {settings.user} 登录 {settings.server} 的密码：请设置环境变量 {PASSWORD_ENV}，"
                            "或在终端中运行以便输入。")
    import getpass

    return getpass.getpass(f"{settings.user} 登录 {settings.server} 的密码（输入时不显示）：")


def largest_pictures(result, manifest: Path, n: int = 3) -> list[str]:
    """The pictures that take most of the PDF, largest first, with their size in it (as the
    build counted them)."""
    top = sorted(result.pictures.items(), key=lambda item: -item[1])[:n]
    base = Path(manifest).parent
    return [f"{_relative(Path(path), base)}（在 PDF 中约 {_size(size)}）" for path, size in top]


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def mail_issue(manifest: Path, settings: MailSettings, *, output: Path | None = None,
               draft: Path | None = None, dry_run: bool = False, echo=print, warn=print) -> None:
    """The send command: check, (ask for the password), build, compose, then send, write the
    draft, or list what would be sent."""
    from . import transport

    if draft is not None and dry_run:
        raise InputError([Problem("--dry-run", None, None, "--draft 与 --dry-run 只能选一个：草稿本身就是可以先看一遍的邮件。")])
    todo = plan(settings, draft=draft is not None)
    # asked before the build, so that the editor types it and the rest runs unattended
    secret = password(settings) if draft is None and not dry_run else None
    if draft is not None:
        _check_draft(draft)
    issue, result, pdf, data = _message(manifest, output, todo, draft is not None)
    if len(data) > LARGE:
        pictures = largest_pictures(result, manifest)
        warn(f"警告：邮件有 {_size(len(data))}，超过 10 MB，许多邮件服务器会拒收（上限常是 20 MB）。"
             + (f"占地方最多的图片：{'、'.join(pictures)}；可以删去几张，或把它们排得小一些。" if pictures else ""))
    if draft is not None:
        from ..files import write_atomically

        write_atomically(draft, data, what="草稿")
        echo(f"草稿已写入 {draft}（{_size(len(data))}）：用 Outlook、Thunderbird 或 Apple Mail 打开，核对后用自己的邮箱发送。"
             + (f"{len(todo.recipients)} 位收件人在密送（Bcc）栏中。" if todo.recipients else "收件人请在邮件程序中填写（用密送）。"))
    elif dry_run:
        echo(_dry_run(todo, issue, pdf, data))
    else:
        done = transport.deliver(data, todo.sender, todo.recipients, todo.settings, secret)
        echo(f"已发送《{issue.name}》给 {len(done.accepted)} 位收件人，经 {_server(todo.settings)}，"
             f"邮件 {_size(len(data))}。")


def _message(manifest: Path, output: Path | None, todo: Plan, draft: bool):
    """Build the issue as `typeset` does (its summary printed), then the message's bytes."""
    from ..build import build
    from ..cli import _report
    from ..manifest import load_issue
    from . import transport
    from .compose import compose, first_page_png

    try:
        result = build(manifest, output)
    except InputError as exc:
        exc.closing = "没有生成 PDF，" + ("没有写草稿。" if draft else "邮件没有发出。")
        raise
    _report(result)
    pdf = Path(result.output).read_bytes()
    issue = load_issue(manifest)
    message = compose(issue, pdf, result.pages, sender=todo.sender, bcc=todo.recipients, draft=draft,
                      preview=first_page_png(pdf))
    return issue, result, pdf, transport.serialize(message, transport.needs_utf8(todo.sender, todo.recipients))


def _server(s: MailSettings) -> str:
    from .transport import TLS_LABEL

    return f"{s.server}（{TLS_LABEL[s.tls]}{'，用户 ' + s.user if s.user else ''}）"


def _dry_run(todo: Plan, issue, pdf: bytes, data: bytes) -> str:
    from .compose import attachment_name

    lines = ["将会发送（--dry-run：没有连接服务器，没有发出邮件）：",
             f"  服务器：{_server(todo.settings)}",
             f"  发件人：{todo.sender}",
             f"  收件人：{len(todo.recipients)} 位，彼此看不到"
             + (f"（去掉了重复的 {todo.duplicates} 个）" if todo.duplicates else "") + "："]
    lines += [f"    {r}" for r in todo.recipients]
    lines += [f"  主题：{issue.name}",
              f"  附件：{attachment_name(issue)}（{_size(len(pdf))}）",
              f"  邮件大小：{_size(len(data))}"]
    return "\n".join(lines)
