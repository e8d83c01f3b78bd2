"""`typeset new NEW.yaml --from PREVIOUS.yaml`: the next issue, started from the last.

The masthead is kept with its number (and total) one higher — back to 1 when the year
changes — and the new date; contents, colophon and style are kept; the sections are kept by
name with nothing in them (an empty section is left out of the PDF with a warning, so the
issue builds at every step of its assembly). Comments and layout of the file are kept.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .files import write_atomically
from .manifest.edit import ManifestDocument, delete_keeping_comments


@dataclass
class NewIssue:
    path: Path
    label: str  # 2023年第11期（总第124期）
    date: dt.date
    sections: list[str]
    moved_fonts: list[str]  # style.fonts paths rewritten for the new manifest's folder


def new_issue(new: Path, previous: Path, date: dt.date | None = None) -> NewIssue:
    new, previous = Path(new), Path(previous)
    if new.exists():
        raise InputError([Problem(new, None, None,
            "这个文件已经存在，typeset new 不会覆盖它。请换一个文件名（如 issues/2023-11.yaml），"
            "或先把旧文件改名。")])
    if new.suffix.lower() not in (".yaml", ".yml"):
        raise InputError([Problem(new, None, None, "新清单的文件名应以 .yaml 结尾，如 issues/2023-11.yaml。")])
    doc = ManifestDocument.read(previous)
    masthead = doc.mapping("masthead", "报头")
    date = date or dt.date.today()
    old_date = _date(masthead.get("date"))
    number = masthead.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise InputError([Problem(previous, None, None, "masthead.number（期号）应为整数，无法算出下一期的期号。")])
    old_year = masthead.get("year") if isinstance(masthead.get("year"), int) else (old_date.year if old_date else None)
    if old_year is not None and date.year != old_year:
        masthead["number"] = 1  # a new year starts again at 第1期
    else:
        masthead["number"] = number + 1
    if "year" in masthead:
        masthead["year"] = date.year
    total = masthead.get("total")
    if isinstance(total, int) and not isinstance(total, bool):
        masthead["total"] = total + 1
    masthead["date"] = date
    renamed = _labels(old_year, number, old_date, masthead.get("year"), masthead["number"], date)

    names = []
    for section in doc.sections():
        if not hasattr(section, "get"):
            continue
        for key in ("articles", "briefs"):
            if key in section:
                delete_keeping_comments(section, key)
        names.append(str(section.get("name", "")).strip())

    moved = _rebase_fonts(doc, previous.parent, new.parent)
    if str(new.parent):
        new.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(new, _renew_comments(doc.dumps(), renamed).encode("utf-8"), "清单", exclusive=True)

    year = masthead.get("year")
    label = f"{year}年第{masthead['number']}期" if year else f"第{masthead['number']}期"
    if "total" in masthead:
        label += f"（总第{masthead['total']}期）"
    return NewIssue(new, label, date, names, moved)


def _labels(old_year, old_number, old_date, year, number, date) -> dict[str, str]:
    """How the comments name the issue and its date (2023年第10期, 2023年10月16日,
    2023-10-16), old -> new, the longest first."""
    out = {}
    if old_year and year:
        out[f"{old_year}年第{old_number}期"] = f"{year}年第{number}期"
    out[f"第{old_number}期"] = f"第{number}期"
    if old_date:
        out[f"{old_date.year}年{old_date.month}月{old_date.day}日"] = f"{date.year}年{date.month}月{date.day}日"
        out[old_date.isoformat()] = date.isoformat()
    return out


def _renew_comments(text: str, renamed: dict[str, str]) -> str:
    """Comment lines that name the previous issue ("# 《嘉定国资》2023年第10期……") name the new one."""
    lines = text.splitlines(keepends=True)
    for k, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            for old, new in renamed.items():
                line = line.replace(old, new)
            lines[k] = line
    return "".join(lines)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _rebase_fonts(doc: ManifestDocument, old_base: Path, new_base: Path) -> list[str]:
    """Font files named by a path relative to the old manifest, written relative to the
    new one (a family name, or a path that does not exist, is left as it is)."""
    style = doc.data.get("style")
    fonts = style.get("fonts") if hasattr(style, "get") else None
    if not hasattr(fonts, "items") or old_base.resolve() == new_base.resolve():
        return []
    moved = []
    for role, spec in list(fonts.items()):
        if not isinstance(spec, str):
            continue
        file, hash_, index = spec.partition("#")
        if Path(file).is_absolute() or not (old_base / file).is_file():
            continue
        rebased = Path(os.path.relpath((old_base / file).resolve(), new_base.resolve())).as_posix()
        fonts[role] = type(spec)(rebased + hash_ + index)  # keeps the quoting it was written with
        moved.append(f"{role}: {spec} → {fonts[role]}")
    return moved
