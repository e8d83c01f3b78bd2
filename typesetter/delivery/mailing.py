"""`typeset send`: check the settings and recipients, build the issue as `typeset` does, compose
the message, then send it, write it as a draft (.eml), or print what would be sent."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
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

    found = from_option(settings.to)
    if settings.to_file:
        found += read_file(settings.to_file)
    recipients = unique(found)
    sender = None
    if settings.sender:
        where = settings.sender_where
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
                "（格式见 README 的“发送”一节）；只想存成草稿请用 --draft 文件名.eml。")])
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


def largest_pictures(issue, n: int = 3) -> list[str]:
    sizes = []
    for article in issue.articles():
        for image in article.images:
            try:
                sizes.append((Path(image.file).stat().st_size, image))
            except OSError:
                pass
    sizes.sort(key=lambda item: -item[0])
    return [f"{Path(img.file).name}（{_size(size)}，{img.pixels[0]}×{img.pixels[1]} 像素）" for size, img in sizes[:n]]


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def mail_issue(manifest: Path, settings: MailSettings, *, output: Path | None = None,
               draft: Path | None = None, dry_run: bool = False, echo=print, warn=print) -> None:
    from ..build import build
    from ..files import write_atomically
    from ..cli import _report
    from ..manifest import load_issue
    from . import transport
    from .compose import attachment_name, compose, first_page_png, subject

    todo = plan(settings, draft=draft is not None)
    if draft is not None:
        _check_draft(draft)
    try:
        result = build(manifest, output)
    except InputError as exc:
        exc.closing = "没有生成 PDF，" + ("没有写草稿。" if draft is not None else "邮件没有发出。")
        raise
    _report(result)
    pdf = Path(result.output).read_bytes()
    issue = load_issue(manifest)
    message = compose(issue, pdf, result.pages, sender=todo.sender, bcc=todo.recipients,
                      draft=draft is not None, preview=first_page_png(pdf))
    utf8 = any(r.needs_utf8 for r in [*todo.recipients, *([todo.sender] if todo.sender else [])])
    data = transport.serialize(message, utf8)
    if len(data) > LARGE:
        pictures = largest_pictures(issue)
        warn(f"警告：邮件有 {_size(len(data))}，超过 10 MB，许多邮件服务器会拒收（上限常是 20 MB）。"
             + (f"最大的图片：{'、'.join(pictures)}；可以先缩小它们再排版。" if pictures else ""))
    if draft is not None:
        write_atomically(draft, data, what="草稿")
        echo(f"草稿已写入 {draft}（{_size(len(data))}）：用 Outlook、Thunderbird 或 Apple Mail 打开，核对后用自己的邮箱发送。"
             + (f"{len(todo.recipients)} 位收件人在密送（Bcc）栏中。" if todo.recipients else "收件人请在邮件程序中填写（用密送）。"))
        return
    s = todo.settings
    where = f"{s.server}（{transport.TLS_LABEL[s.tls]}{'，用户 ' + s.user if s.user else ''}）"
    if dry_run:
        lines = ["将会发送（--dry-run：没有连接服务器，没有发出邮件）：",
                 f"  服务器：{where}",
                 f"  发件人：{todo.sender}",
                 f"  收件人：{len(todo.recipients)} 位，彼此看不到"
                 + (f"（去掉了重复的 {todo.duplicates} 个）" if todo.duplicates else "") + "："]
        lines += [f"    {r}" for r in todo.recipients]
        lines += [f"  主题：{subject(issue)}",
                  f"  附件：{attachment_name(issue)}（{_size(len(pdf))}）",
                  f"  邮件大小：{_size(len(data))}"]
        echo("\n".join(lines))
        return
    done = transport.deliver(data, todo.sender, todo.recipients, s, password(s), utf8)
    echo(f"已发送《{subject(issue)}》给 {len(done.accepted)} 位收件人，经 {where}，邮件 {_size(len(data))}。")
