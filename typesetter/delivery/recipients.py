"""Recipients: `--to ADDR` and `--to-file FILE`, parsed and checked before anything is sent.

An address is `addr@example.cn` or `名称 <addr@example.cn>`. Domains may be written in
Chinese (`张三@例子.中国`): they are carried in their ASCII form (IDNA, `xn--…`). A local part
may hold UTF-8 (RFC 6531); such a message needs a server that offers SMTPUTF8, which the
transport checks. What office address lists really contain by mistake — full-width ＠ and ．
typed with a Chinese input method, two addresses on one line, a missing domain — is named
with the file, the line and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem

# RFC 5322 atext: what a dot-atom local part may hold besides non-ASCII (RFC 6531)
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_FULL_WIDTH = {"＠": "@", "．": ".", "。": ".", "，": ",", "；": ";", "＜": "<", "＞": ">", "《": "<", "》": ">"}


@dataclass(frozen=True)
class Recipient:
    """One recipient: the address as the envelope carries it (domain in ASCII) and a name."""

    address: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address

    @property
    def needs_utf8(self) -> bool:
        return not self.address.isascii()


class AddressError(ValueError):
    """What is wrong with one address, in Chinese, with how to fix it."""


def parse_address(text: str) -> Recipient:
    """`addr` or `名称 <addr>` → Recipient; AddressError says what is wrong."""
    text = text.strip()
    odd = [ch for ch in _FULL_WIDTH if ch in text]
    name = ""
    m = re.fullmatch(r"(.*?)\s*<([^<>]*)>", text)
    if m:
        name, addr = m.group(1).strip(), m.group(2).strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"')
    elif "<" in text or ">" in text:
        raise AddressError("尖括号不成对：带名称的地址写作 名称 <地址>")
    else:
        addr = text
    if odd and not _plain_address(addr):
        fixed = "".join(_FULL_WIDTH.get(ch, ch) for ch in addr)
        raise AddressError(f"含全角字符“{'”“'.join(odd)}”（中文输入法打出的），请改成半角，如 {fixed}")
    if not addr:
        raise AddressError("尖括号里没有地址")
    if any(ch.isspace() for ch in addr) or "," in addr or ";" in addr:
        raise AddressError("一个地址里不能有空格、逗号或分号；多个地址请分行写，或分别用 --to 给出")
    if addr.count("@") != 1:
        raise AddressError("地址要有且只有一个 @，形如 name@example.cn（表头、备注这类不是地址的内容请删去，或在行首加 #）"
                           if "@" not in addr
                           else "地址里有不止一个 @")
    local, domain = addr.split("@")
    if not local:
        raise AddressError("@ 前面缺少用户名")
    if local.startswith('"'):
        raise AddressError("不支持带引号的用户名；请确认地址是否抄写有误")
    if len(local.encode()) > 64 or not all(_ATEXT.fullmatch(part) for part in local.split(".")):
        raise AddressError(f"用户名“{local}”不合规：只能用字母、数字和 . _ - + 等符号，且 . 不能打头、结尾或连用")
    return Recipient(f"{local}@{ascii_domain(domain)}", name)


def ascii_domain(domain: str) -> str:
    """The domain as DNS and the envelope carry it (IDNA for Chinese names)."""
    if not domain:
        raise AddressError("@ 后面缺少域名")
    domain = domain.rstrip(".") if domain.endswith(".") and domain.count(".") > 1 else domain
    try:
        ascii_ = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise AddressError(f"域名“{domain}”无法转换为可投递的形式，请检查拼写") from None
    labels = ascii_.split(".")
    if len(labels) < 2:
        raise AddressError(f"域名“{domain}”不完整：缺少 .cn、.com 这样的后缀")
    if len(ascii_) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise AddressError(f"域名“{domain}”不合规：只能由字母、数字和 - 组成，各段以 . 分开")
    if labels[-1].isdigit():
        raise AddressError(f"域名“{domain}”不是域名（像是 IP 地址），请写收件人的邮件地址")
    return ascii_.lower()


def _plain_address(addr: str) -> bool:
    return "@" in addr and addr.isascii()


def split_list(text: str) -> list[str]:
    """One --to value or file line → its addresses: commas, semicolons (also full-width ones)
    and tabs separate addresses, except inside quotes or angle brackets. A name followed by a
    bare address — two columns of a sheet, `张三,zhang@example.cn` or pasted with a tab —
    is one recipient, `张三 <zhang@example.cn>`."""
    parts, buf, depth, quoted = [], [], 0, False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "<＜" and not quoted:
            depth += 1
        elif ch in ">＞" and not quoted:
            depth = max(0, depth - 1)
        elif ch in ",;，；、\t" and not quoted and depth == 0:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    items = [p.strip() for p in parts if p.strip()]
    out: list[str] = []
    for item in items:
        if (out and "@" in item and "<" not in item and not any(ch.isspace() for ch in item)
                and "@" not in out[-1] and "<" not in out[-1]):
            out[-1] = f"{out[-1]} <{item}>"
        else:
            out.append(item)
    return out


def _parse_each(lines, file: str) -> list[Recipient]:
    """(line number or None, text) pairs → recipients; every bad address reported at once."""
    out, problems = [], []
    for number, line in lines:
        for item in split_list(line):
            try:
                out.append(parse_address(item))
            except AddressError as exc:
                problems.append(Problem(file, number, None, f"收件人地址“{item}”有误：{exc}。"))
    if problems:
        raise InputError(problems)
    return out


def from_option(values: list[str], option: str = "--to") -> list[Recipient]:
    return _parse_each(((None, value) for value in values), option)


def read_file(path: Path, label: str | None = None) -> list[Recipient]:
    """A recipients file: one address a line (or several, separated by commas), `#` starts a
    comment, blank lines are skipped. UTF-8, or GB18030 as Excel and Notepad on a Chinese
    Windows save text."""
    label = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(label, None, None, "找不到收件人文件。请检查 --to-file 的路径。")]) from None
    except IsADirectoryError:
        raise InputError([Problem(label, None, None, "这是一个文件夹，不是收件人文件。请在 --to-file 后写文件名。")]) from None
    except OSError as exc:
        raise InputError([Problem(label, None, None, f"无法读取收件人文件：{exc.strerror}。")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError([Problem(label, line, None, "收件人文件不是文本文件（既不是 UTF-8 也不是 GBK 编码）。"
                                      "请用记事本另存为 UTF-8 文本。")]) from None
    out = _parse_each(((number, re.sub(r"(^|\s)#.*", "", line)) for number, line in enumerate(text.splitlines(), 1)),
                      label)
    if not out:
        raise InputError([Problem(label, None, None, "收件人文件里没有地址（每行写一个，# 之后是注释）。")])
    return out


def unique(recipients: list[Recipient]) -> list[Recipient]:
    """Each address once (compared without case), in first-seen order."""
    seen, out = set(), []
    for r in recipients:
        key = r.address.lower()
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
