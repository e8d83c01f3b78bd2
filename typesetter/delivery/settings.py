"""The mail settings: the user's mail.toml, then the command's options over it.

The file lets the monthly command be short (`typeset send issues/2023-11.yaml`): it holds the
server, the sender and the recipients' list. Its keys are the options' names:

    smtp = "smtp.example.cn:587"
    tls = "starttls"            # starttls | ssl | none
    user = "guozi"
    from = "嘉定区国资委办公室 <guozi@example.cn>"
    to_file = "收件人.txt"       # relative to this file's folder
    to = ["a@example.cn"]       # or a list here
    timeout = 20                # seconds
    cafile = "office-ca.pem"    # a certificate authority to trust besides the system's

A password is never kept here: it comes from TYPESETTER_SMTP_PASSWORD or a prompt.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem

TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 20.0
KEYS = ("smtp", "tls", "user", "from", "to", "to_file", "timeout", "cafile")
PASSWORD_ENV = "TYPESETTER_SMTP_PASSWORD"
CAFILE_ENV = "TYPESETTER_SMTP_CAFILE"
CONFIG_ENV = "TYPESETTER_MAIL_CONFIG"


@dataclass
class MailSettings:
    """Everything the sending needs but the message, with where each value came from."""

    host: str | None = None
    port: int | None = None
    tls: str = "starttls"
    user: str | None = None
    sender: str | None = None
    to: list[str] = field(default_factory=list)
    to_file: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    cafile: Path | None = None
    config: Path | None = None  # the mail.toml read, if any
    origin: dict[str, str] = field(default_factory=dict)  # key -> where it was given, for messages

    def where(self, key: str) -> str:
        return self.origin.get(key, f"--{key}")

    @property
    def server(self) -> str:
        host = f"[{self.host}]" if self.host and ":" in self.host else self.host
        return f"{host}:{self.port}"


def config_path() -> Path:
    """Where the user's mail.toml lives: TYPESETTER_MAIL_CONFIG, else XDG_CONFIG_HOME when
    set, else the platform's folder for settings."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    if os.environ.get("XDG_CONFIG_HOME"):
        return Path(os.environ["XDG_CONFIG_HOME"]) / "typesetter" / "mail.toml"
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "typesetter" / "mail.toml"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "typesetter" / "mail.toml"
    return Path.home() / ".config" / "typesetter" / "mail.toml"


def _error(file, line, message) -> InputError:
    return InputError([Problem(file, line, None, message)])


def read_config(path: Path | None = None) -> tuple[dict, Path | None]:
    """The keys of mail.toml, checked; ({}, None) when there is no such file."""
    import tomllib

    path = path or config_path()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        if os.environ.get(CONFIG_ENV):
            raise _error(path, None, f"找不到 {CONFIG_ENV} 指定的邮件设置文件。") from None
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "不是 UTF-8 文本"
        raise _error(path, None, f"无法读取邮件设置文件：{reason}。") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else None
        raise InputError([Problem(path, line, int(m.group(2)) if m else None,
                                  "邮件设置文件的 TOML 语法有误（字符串要加英文双引号，如 smtp = \"smtp.example.cn:587\"）。")]) from None

    def line_of(key):
        m = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.M)
        return text.count("\n", 0, m.start()) + 1 if m else None

    problems = []
    for key, value in data.items():
        if key == "password":
            problems.append(Problem(path, line_of(key), None,
                f"不能把密码写在设置文件里：请删去 password 这一行，发送时用环境变量 {PASSWORD_ENV} 给出，或在提示时输入。"))
        elif key not in KEYS:
            import difflib

            near = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"是不是 {near[0]}？" if near else f"可用的键：{'、'.join(KEYS)}。"
            problems.append(Problem(path, line_of(key), None, f"未知的键 {key}。{hint}"))
        elif not _type_ok(key, value):
            problems.append(Problem(path, line_of(key), None, f"{key} 的值不对：{_expected(key)}。"))
    if problems:
        raise InputError(problems)
    return data, path


def _type_ok(key, value) -> bool:
    if key == "timeout":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if key == "tls":
        return value in TLS_MODES
    if key == "to":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    return isinstance(value, str) and value.strip() != ""


def _expected(key) -> str:
    return {
        "timeout": "要写大于 0 的秒数，如 timeout = 20",
        "tls": "只能是 \"starttls\"、\"ssl\" 或 \"none\"",
        "to": "要写一个地址或地址的列表，如 to = [\"a@example.cn\", \"b@example.cn\"]",
    }.get(key, f"要写一个带英文双引号的字符串，如 {key} = \"…\"")


def split_server(text: str, tls: str, where: str) -> tuple[str, int]:
    """HOST[:PORT] (an IPv6 address in brackets) → host and port, the port defaulting by the
    TLS mode."""
    text = text.strip()
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\w*))?|([^:\s/]+)(?::(\w*))?", text)
    if not m:
        raise _error(where, None, f"邮件服务器“{text}”的写法不对：应写作 主机名 或 主机名:端口，如 smtp.example.cn:587。")
    host = m.group(1) or m.group(3)
    port = m.group(2) if m.group(1) else m.group(4)
    if port is None:
        return host, DEFAULT_PORTS[tls]
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise _error(where, None, f"邮件服务器“{text}”的端口“{port}”不对：端口是 1–65535 的数字，STARTTLS 通常用 587，SSL 用 465。")
    return host, int(port)


def resolve(*, smtp=None, tls=None, user=None, sender=None, to=(), to_file=None, timeout=None,
            config: Path | None = None) -> MailSettings:
    """The options over the file: an option given wins; recipients given on the command line
    (--to or --to-file) replace the file's list."""
    data, path = read_config(config)
    base = path.parent if path else Path(".")

    def from_file(key):
        value = data.get(key)
        if key in ("to_file", "cafile") and value is not None:
            value = base / Path(value).expanduser()
        return value

    s = MailSettings(config=path)
    s.tls = tls or from_file("tls") or "starttls"
    if s.tls not in TLS_MODES:
        raise _error("--tls", None, f"“{s.tls}”不是可用的方式：只能是 starttls、ssl 或 none。")
    server = smtp or from_file("smtp")
    if server:
        s.host, s.port = split_server(server, s.tls, "--smtp" if smtp else str(path))
    s.user = user or from_file("user")
    s.sender = sender or from_file("from")
    s.origin["from"] = "--from" if sender else str(path)
    if to or to_file:
        s.to, s.to_file = list(to), Path(to_file) if to_file else None
    else:
        file_to = from_file("to") or []
        s.to = [file_to] if isinstance(file_to, str) else list(file_to)
        s.origin["to"] = str(path)
        s.to_file = from_file("to_file")
    s.timeout = float(timeout if timeout is not None else data.get("timeout", DEFAULT_TIMEOUT))
    if s.timeout <= 0:
        raise _error("--timeout", None, "等待时间要大于 0 秒。")
    cafile = os.environ.get(CAFILE_ENV) or from_file("cafile")
    s.cafile = Path(cafile).expanduser() if cafile else None
    return s
