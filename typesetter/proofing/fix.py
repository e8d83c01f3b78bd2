"""`typeset check --fix`: the corrections written back into the manifest and body files.

Each correction is a text edit at its line and column, so comments, indentation, quoting
and line endings stay exactly as they were. A file is written whole and atomically (a
temporary file beside it, then renamed) after a copy of the old one is kept as FILE.bak;
a manifest is re-read before it is written, and left alone if the edits would break it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..errors import InputError, Problem
from ..manifest.origins import YAML_BREAK
from . import Change

_YAML_BREAKS = re.compile(f"({YAML_BREAK.pattern})")  # the breaks YAML counts lines by, kept by split
_TEXT_BREAKS = re.compile(r"(\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")  # str.splitlines'


def fix_issue(manifest: Path, echo) -> int:
    """Write the issue's corrections back; print each change; the number of changes made."""
    from ..files import write_atomically
    from ..manifest import load_issue
    from . import proof_issue

    manifest = Path(manifest)
    issue = load_issue(manifest)
    if not issue.style.proofing:
        echo(f"{manifest}：style.proofing 为 off，不校对，没有改动文件。")
        return 0
    findings = proof_issue(issue)
    by_file: dict[Path, list[Change]] = {}
    for f in findings:
        if f.corrected and f.change:
            by_file.setdefault(Path(f.change.file), []).append(f.change)
    made = 0
    for file, changes in by_file.items():
        data = file.read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data[3 if bom else 0:].decode("utf-8")
        is_manifest = file.resolve() == manifest.resolve()
        new_text, done, stale = edit_text(text, changes, _YAML_BREAKS if is_manifest else _TEXT_BREAKS)
        for change in stale:
            echo(f"{file} 第 {change.line} 行第 {change.col} 列：这里的写法不是预期的“{change.old}”"
                 "（另一种转义写法，或文件刚被改过），没有改动，请手工修改。")
        if not done:
            continue
        if is_manifest:
            _still_reads(file, new_text)
        shutil.copy2(file, file.with_name(file.name + ".bak"))
        write_atomically(file, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"))
        lines = _split(text, _YAML_BREAKS if is_manifest else _TEXT_BREAKS)
        for number in sorted({c.line for c in done}):
            old, new = _shown(lines[number - 1][0], [c for c in done if c.line == number])
            echo(f"{file} 第 {number} 行：{old} → {new}")
        echo(f"{file}：改了 {len(done)} 处，原文件另存为 {file.name}.bak。")
        made += len(done)
    unsafe = [f for f in findings if f.corrected and not f.change]
    if unsafe:
        echo(f"另有 {len(unsafe)} 处无法安全地写回源文件（见下面的校对意见），请手工修改。")
    if not made and not unsafe:
        echo(f"{manifest}：没有需要写回的改正。")
    return made


def _split(text: str, breaks: re.Pattern) -> list[tuple[str, str]]:
    """(line, its break) pairs."""
    parts = breaks.split(text)
    return [(parts[k], parts[k + 1] if k + 1 < len(parts) else "") for k in range(0, len(parts), 2)]


def edit_text(text: str, changes: list[Change], breaks: re.Pattern) -> tuple[str, list[Change], list[Change]]:
    """The text with the changes made at their lines and columns; the changes made, and those
    whose old text is no longer at their place (left out)."""
    lines = _split(text, breaks)
    done, stale = [], []
    for change in sorted(changes, key=lambda c: (c.line, -c.col)):
        k, c = change.line - 1, change.col - 1
        if k >= len(lines) or lines[k][0][c:c + len(change.old)] != change.old:
            stale.append(change)
            continue
        line, end = lines[k]
        lines[k] = (line[:c] + change.new + line[c + len(change.old):], end)
        done.append(change)
    done.sort(key=lambda c: (c.line, c.col))
    return "".join(line + end for line, end in lines), done, stale


def _shown(line: str, changes: list[Change], around: int = 4) -> tuple[str, str]:
    """The part of a line the changes touch, a few characters around, before and after."""
    first, last = changes[0], changes[-1]
    a = max(0, first.col - 1 - around)
    b = min(len(line), last.col - 1 + len(last.old) + around)
    new = line[a:b]
    for c in reversed(changes):
        k = c.col - 1 - a
        new = new[:k] + c.new + new[k + len(c.old):]
    return line[a:b].strip(), new.strip()


def _still_reads(file: Path, text: str) -> None:
    """Refuse to write a manifest that the edits would make unreadable (never expected: the
    edits are outside YAML's syntax, but a file is worth the check)."""
    from ..manifest.loader import SAFE_LOADER, yaml

    try:
        yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, f"改正后的清单无法读取（{exc}），没有写回。请手工修改。")]) from None

