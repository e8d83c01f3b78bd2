"""Handing the message to the office's SMTP server, and saying in Chinese what went wrong.

One message, written once; the envelope carries the recipients (the message's To names the
sender, so no recipient sees another). They go in transactions of at most BATCH recipients on
one connection, because many servers accept no more than 50 or 100 RCPTs a message. Every
failure is turned into one sentence saying what happened and what to check; when some
recipients already have the message, the closing line names who got it and who did not.

Security: certificates are verified (the system's authorities, plus `cafile` for an office's
own); the connection is encrypted before any login (`starttls`, the default, or `ssl`); a
password is never sent over a plain connection except to this machine (the loopback); the
password is passed to the server and nowhere else.
"""

from __future__ import annotations

import ipaddress
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from ..errors import InputError, Problem
from . import NOT_SENT
from .recipients import Recipient
from .settings import CAFILE_ENV, PASSWORD_ENV, MailSettings

BATCH = 50
TLS_LABEL = {"starttls": "STARTTLS", "ssl": "SSL", "none": "不加密"}


class DeliveryError(InputError):
    """A failure of sending: one sentence, then who got the message and who did not."""

    def __init__(self, message: str, closing: str = NOT_SENT):
        super().__init__([Problem("", None, None, message)], closing=closing)


@dataclass
class Delivery:
    accepted: list[Recipient] = field(default_factory=list)
    refused: dict[Recipient, str] = field(default_factory=dict)  # recipient -> the server's reply


def serialize(message: EmailMessage, utf8: bool) -> bytes:
    """The bytes the server receives (CRLF lines; UTF-8 headers only where SMTPUTF8 is needed)."""
    return message.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_before_connecting(settings: MailSettings) -> None:
    """What can be refused before anything is built or connected to."""
    if settings.user and settings.tls == "none" and not is_loopback(settings.host):
        raise DeliveryError(f"不会在不加密的连接上把密码发给 {settings.server}：请改用 --tls starttls（通常是 587 端口）"
                            "或 --tls ssl（465 端口）。")
    if settings.cafile and not settings.cafile.is_file():
        raise DeliveryError(f"找不到证书文件 {settings.cafile}（mail.toml 的 cafile 或环境变量 {CAFILE_ENV}）：请检查路径。")


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.cafile:
        try:
            context.load_verify_locations(cafile=str(settings.cafile))
        except (OSError, ssl.SSLError) as exc:
            raise DeliveryError(f"无法使用证书文件 {settings.cafile}（{exc.__class__.__name__}）：它应是 PEM 格式的 CA 证书。") from None
    return context


def _reply(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = " ".join(str(text).split())
    return f"{code} {text[:160]}".strip()


def _who(recipients) -> str:
    return "、".join(str(r) for r in recipients)


def needs_utf8(sender: Recipient | None, recipients: list[Recipient]) -> bool:
    """A mailbox name in Chinese: the message goes with SMTPUTF8 (RFC 6531)."""
    return any(r.needs_utf8 for r in [*recipients, *([sender] if sender else [])])


def deliver(data: bytes, sender: Recipient, recipients: list[Recipient], settings: MailSettings,
            password: str | None) -> Delivery:
    """Send `data` (serialized for these addresses) to every recipient; a Delivery when each
    one was accepted, otherwise a DeliveryError that says who got it and who did not."""
    utf8 = needs_utf8(sender, recipients)
    done = Delivery()
    stage = "连接"
    smtp = None
    try:
        context = tls_context(settings) if settings.tls != "none" else None
        local = _local_name()
        if settings.tls == "ssl":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, local, timeout=settings.timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, local, timeout=settings.timeout)
        stage = "问候"
        smtp.ehlo_or_helo_if_needed()
        if settings.tls == "starttls":
            if not smtp.has_extn("starttls"):
                raise DeliveryError(f"邮件服务器 {settings.server} 不支持 STARTTLS 加密：请改用 --tls ssl（通常是 465 端口），"
                                    "或向管理员确认加密方式；不要在不加密的连接上发送密码。")
            stage = "加密握手"
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            stage = "登录"
            if not smtp.has_extn("auth"):
                raise DeliveryError(f"邮件服务器 {settings.server} 没有提供登录（AUTH）：请确认服务器地址和端口（提交邮件通常用 587 或 465），"
                                    "或者这台服务器不需要登录时去掉 --user。")
            _login(smtp, settings.user, password or "")
        if utf8 and not smtp.has_extn("smtputf8"):
            wide = [r for r in [sender, *recipients] if r.needs_utf8]
            raise DeliveryError(f"邮件服务器 {settings.server} 不支持中文用户名的地址（SMTPUTF8）：{_who(wide)}；"
                                "请改用这些人的英文地址。")
        limit = int(smtp.esmtp_features.get("size", "0") or 0) if smtp.does_esmtp else 0
        if limit and len(data) > limit:
            raise DeliveryError(f"邮件有 {_mb(len(data))}，超过邮件服务器 {settings.server} 接受的上限 {_mb(limit)}：请减少或缩小图片后重排，"
                                "或用 --draft 存成草稿，附件改用网盘链接。")
        options = ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else []
        for start in range(0, len(recipients), BATCH):
            batch = recipients[start:start + BATCH]
            stage = "发送"
            try:
                refused = smtp.sendmail(sender.address, [r.address for r in batch], data, options)
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
            by_address = {r.address: r for r in batch}
            for address, (code, text) in refused.items():
                done.refused[by_address[address]] = _reply(code, text)
            done.accepted += [r for r in batch if r not in done.refused]
    except DeliveryError as exc:
        raise DeliveryError(exc.problems[0].message, _partial(done, recipients)) from None
    except Exception as exc:
        message = _explain(exc, stage, settings, len(data))
        if message is None:
            raise
        raise DeliveryError(message, _partial(done, recipients)) from None
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:  # the connection may already be gone; the outcome is known
                smtp.close()
    if done.refused:
        reasons = "；".join(f"{r}（{why}）" for r, why in done.refused.items())
        if not done.accepted and not settings.user and any("relay" in why.lower() or " 5.7.1" in why
                                                           for why in done.refused.values()):
            advice = "服务器不肯代为投递，多半要先登录：请用 --user 给出用户名（或写在 mail.toml 的 user 中）。"
        elif done.accepted:
            advice = "请核对这些地址后只给他们重发。"
        else:
            advice = "请核对这些地址。"
        raise DeliveryError(f"邮件服务器拒收了 {len(done.refused)} 位收件人：{reasons}。{advice}",
                            _partial(done, recipients))
    return done


def _local_name() -> str | None:
    """The name this computer gives in EHLO: smtplib's choice, unless the computer's name is
    not ASCII (a computer named 张三的电脑 on Windows), which would fail to encode."""
    return None if socket.getfqdn().isascii() else "[127.0.0.1]"


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login, and PLAIN in UTF-8 (RFC 4616) for a name or password with Chinese in
    it, which smtplib would refuse to encode."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise DeliveryError("用户名或密码里有汉字等非 ASCII 字符，而这台服务器不提供可以传送它们的登录方式（AUTH PLAIN）："
                            "请确认用户名和密码。")
    import base64

    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _partial(done: Delivery, recipients: list[Recipient]) -> str:
    if not done.accepted:
        return NOT_SENT
    missing = [r for r in recipients if r not in done.accepted]
    return (f"已发给 {len(done.accepted)} 位：{_who(done.accepted)}。"
            f"没有发出 {len(missing)} 位：{_who(missing)}。")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _too_large(size: int, server: str, reply: str) -> str:
    return f"邮件有 {_mb(size)}，邮件服务器 {server} 嫌它太大而拒收（{reply}）：请减少或缩小图片后重排，或用 --draft 存成草稿另行发送。"


def _explain(exc: Exception, stage: str, settings: MailSettings, size: int) -> str | None:
    """One Chinese sentence for a failure of the connection or the server's refusal; None for
    what is not a mail problem (a fault of the program)."""
    server = settings.server
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"邮件服务器 {server} 拒绝了登录（{_reply(exc.smtp_code, exc.smtp_error)}）：请检查用户名 {settings.user} "
                f"和密码（环境变量 {PASSWORD_ENV} 或提示时输入的）；有的邮箱要用“客户端授权码”而不是网页登录密码。")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code == 552 or "size" in reply.lower():
            return _too_large(size, server, reply)
        if exc.smtp_code == 530 or "auth" in reply.lower():
            return f"邮件服务器 {server} 要求先登录才能发信（{reply}）：请用 --user 给出用户名（或写在 mail.toml 的 user 中）。"
        return f"邮件服务器 {server} 拒绝了发件人 {exc.sender}（{reply}）：请检查 --from 是否是这个账号可以使用的地址。"
    if isinstance(exc, smtplib.SMTPDataError):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code == 552:
            return _too_large(size, server, reply)
        return f"邮件服务器 {server} 拒收了这封邮件（{reply}）：请把这句话转给邮件管理员。"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"邮件服务器 {server} 不支持所需的功能（{exc}）：请向邮件管理员确认。"
    if isinstance(exc, smtplib.SMTPConnectError):
        return f"邮件服务器 {server} 拒绝服务（{_reply(exc.smtp_code, exc.smtp_error)}）：请稍后再试，或向邮件管理员确认。"
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, TimeoutError):
        exc = exc.__context__  # smtplib reports a reply that never came as a hang-up
    if isinstance(exc, TimeoutError):
        return (f"邮件服务器 {server} 在 {settings.timeout:g} 秒内没有应答（{stage}时）：请检查服务器地址和端口、网络和防火墙，"
                "或稍后再试。")
    if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return (f"邮件服务器 {server} 在{stage}时断开了连接：请确认端口和 --tls 是否对应（587 用 starttls，465 用 ssl），"
                "稍后再试；仍不行请问邮件管理员。")
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"邮件服务器 {server} 在{stage}时回答了错误（{_reply(exc.smtp_code, exc.smtp_error)}）：请把这句话转给邮件管理员。"
    if isinstance(exc, smtplib.SMTPException):
        return f"与邮件服务器 {server} 通信出错（{stage}时：{exc}）：请向邮件管理员确认服务器的设置。"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"邮件服务器 {settings.host} 的证书不可信（{exc.verify_message}）：请确认服务器名写对了"
                f"（要与证书上的名字一致）；单位自建的证书请用 mail.toml 的 cafile 或环境变量 {CAFILE_ENV} 指定其 CA 证书。")
    if isinstance(exc, ssl.SSLError):
        return (f"与邮件服务器 {server} 的加密握手失败（{exc.reason or exc.__class__.__name__}）：请检查 --tls 与端口是否对应"
                "（465 用 ssl，587 用 starttls，25 通常用 starttls）。")
    if isinstance(exc, socket.gaierror):
        return f"找不到邮件服务器 {settings.host}（域名无法解析）：请检查 --smtp 的拼写和这台电脑的网络连接。"
    if isinstance(exc, ConnectionRefusedError):
        return (f"邮件服务器 {server} 拒绝连接（这个端口上没有邮件服务）：请检查 --smtp 的主机名和端口"
                "（STARTTLS 通常用 587，SSL 用 465）。")
    if isinstance(exc, OSError):
        return f"无法与邮件服务器 {server} 通信（{stage}时：{exc.strerror or exc}）：请检查网络连接和服务器地址。"
    return None
