"""Read a manifest file into a YAML node tree that keeps every line and column.

Safe loading only: the tree is composed (no Python objects are ever constructed from tags),
and scalars are resolved by the safe constructor. Problems come back in Chinese with the
place they are at.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..errors import InputError, Problem

# The characters YAML may not hold, as PyYAML's pure-Python reader writes them (the
# complement of what is printable), and the same set written out.
PYYAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
NON_PRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _import_yaml():
    """PyYAML, imported without compiling its reader's pattern the slow way.

    `import yaml` compiles yaml.reader's NON_PRINTABLE, a class of every printable character
    up to U+10FFFF, which Python's pattern compiler walks one character at a time: 5 to 8 ms,
    a twentieth of a build's start, for a pattern libyaml's parser never uses. The same set
    written as the few characters it does not hold compiles in a twentieth of that, and the
    pure-Python reader (PyYAML without libyaml) gets the same answers from it for every code
    point (tests/test_startup.py)."""
    if "yaml" in sys.modules:
        return sys.modules["yaml"]
    compile_pattern = re.compile

    def compile_cheaper(pattern, flags=0):
        if pattern == PYYAML_NON_PRINTABLE and not flags:
            pattern = NON_PRINTABLE
        return compile_pattern(pattern, flags)

    re.compile = compile_cheaper
    try:
        import yaml
    finally:
        re.compile = compile_pattern
    return yaml


yaml = _import_yaml()
# libyaml's parser when PyYAML has it: ten times faster, the same nodes and marks
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 20 * 1024 * 1024


def read_text(path: Path, what: str = "清单文件") -> str:
    """A text file as UTF-8 (with or without BOM); GBK and unreadable files are refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, None, f"找不到{what}。请检查文件名和路径。")]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, None, None, f"这是一个文件夹，不是{what}。")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, None, f"无法读取{what}：{exc.strerror}。")]) from None
    if len(data) > MAX_BYTES:
        raise InputError([Problem(path, None, None,
                                  f"{what}有 {len(data) // 1024 // 1024} MB，太大了（上限 20 MB）。")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(path, None, None,
            f"{what}是 UTF-16 编码（Windows 记事本的“Unicode”）。请用记事本“另存为”，在“编码”中选择 UTF-8 后保存，再运行。")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = _guess_encoding(data)
        raise InputError([Problem(path, line, None,
            f"{what}不是 UTF-8 编码{hint}。请用记事本“另存为”，在“编码”中选择 UTF-8 后保存，再运行。")]) from None


def _guess_encoding(data: bytes) -> str:
    for name, label in (("gb18030", "GBK/GB18030"), ("utf-16", "UTF-16")):
        try:
            data.decode(name)
            return f"（看起来是 {label} 编码）"
        except UnicodeDecodeError:
            continue
    return ""


def compose(path: Path, text: str | None = None) -> yaml.Node | None:
    """The node tree of a manifest (of `text`, its contents when already read), or
    InputError with the YAML problem explained."""
    if text is None:
        text = read_text(path)
    if not text.strip():
        raise InputError([Problem(path, None, None,
            "清单文件是空的。请至少写上 masthead（报头）和 sections（栏目）两部分。")])
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except RecursionError:
        raise InputError([Problem(path, None, None,
            "清单的嵌套层数太多（[ 或 { 套了成百上千层），无法读取。清单只需要几层缩进：请检查文件是否正确。")]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_explain(path, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, None, f"YAML 格式错误：{exc}")]) from None


def _explain(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = exc.problem or ""
    source_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in problem or "'\\t'" in problem or (source_line and source_line.lstrip(" ").startswith("\t")):
        what = "这一行用了 Tab 键缩进。YAML 只能用空格缩进：请把行首的 Tab 换成空格（每层两个空格）。"
    elif "mapping values are not allowed" in problem:
        what = ("这里多了一个冒号“:”。若冒号是文字的一部分，请给整段文字加引号，"
                "或改用中文冒号“：”；若是键，请检查上一行的缩进。")
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        what = "缩进不对齐，或少了冒号“:”。同一层的键要用相同数量的空格缩进，键后面要有“: ”。"
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        what = f"无法识别的写法（{problem}）。文字里有 * & ! 等符号时，请给整段文字加引号。"
    elif "while scanning a quoted scalar" in str(exc.context or ""):
        what = "引号没有成对：这一处开始的引号一直没有结束。请补上结尾的引号。"
    else:
        what = f"YAML 格式错误：{problem or exc}。请检查这一行和上一行的缩进、冒号与引号。"
    if source_line.strip():
        what += f"  这一行是：{source_line.strip()[:60]}"
    return Problem(path, line, col, what)
