"""Proofing: the model's text before it is set.

Typing habits (half-width marks in Chinese text, straight quotes, ... and --, full-width
digits and letters, stray spaces) are corrected in the text that prints, each with a
finding; real mistakes (unbalanced brackets, doubled phrases, …) are reported only. Every
finding points at one character of the manifest or a body file by line and column, and a
correction carries the exact place to write it back (`typeset check --fix`).

    findings = proof_issue(issue)   # corrects issue's texts in place
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable, Iterator

from ..model import Issue, Loc, Origin, Table
from ..records import record
from . import checks
from .corrections import RULES, Edit, apply, correct

__all__ = ["Change", "Finding", "proof_issue", "report_lines", "RULES"]


@record(frozen=True)
class Change:
    """A correction at its place in a file: old, at line and column, becomes new."""

    file: Path
    line: int
    col: int
    old: str
    new: str


@record(frozen=True)
class Finding:
    """What proofing says about one place of the source: a correction made in print, or
    something for the editor to look at."""

    file: Path
    line: int
    col: int
    message: str
    group: str  # the article (or section, 报尾) it belongs to, for the report's headers
    corrected: bool = False  # a typing habit corrected in print (else: for the editor to see)
    change: Change | None = None  # where to write the correction; None where that is unsafe

    def __str__(self) -> str:
        return f"{self.file} 第 {self.line} 行第 {self.col} 列：{self.message}"


@record
class Slot:
    """One text of the issue that is proofed, and how to put its corrected form back."""

    text: str
    origin: Origin | None
    loc: Loc
    kind: str  # prose | heading | caption | credit | cell | note (which checks apply)
    group: str
    store: Callable[[str, Origin | None], None]
    yaml_escapes: bool = True  # a quote without a place may be spelled \" or '' (not in a table)


def slots(issue: Issue) -> Iterator[Slot]:
    """The texts an editor writes, in the manifest's order: titles, notes, bodies, captions,
    credits, briefs, section names and the 报尾's lines (the masthead is left as it is)."""
    for section in issue.sections:
        section_group = f"栏目“{section.name}”"
        yield Slot(section.name, section.name_origin, section.loc, "heading", section_group,
                   _setter(section, "name", "name_origin"))
        for article in section.articles:
            group = f"文章“{article.title.splitlines()[0] if article.title else ''}”"
            for key, kind in (("title", "heading"), ("subtitle", "heading"), ("note", "prose")):
                if getattr(article, key):
                    yield Slot(getattr(article, key), article.origins.get(key), article.loc, kind,
                               group, _keyed(article, key))
            for p in article.body:
                if isinstance(p, Table):
                    yield from table_slots(p, group)
                    continue
                yield Slot(p.text, p.origin, p.loc, "heading" if p.heading else "prose", group,
                           _setter(p, "text", "origin"))
            for image in article.images:
                if image.caption:
                    yield Slot(image.caption, image.caption_origin, image.loc, "caption", group,
                               _setter(image, "caption", "caption_origin"))
            if article.credit:
                yield Slot(article.credit, article.origins.get("credit"), article.loc, "credit",
                           group, _keyed(article, "credit"))
        for brief in section.briefs:
            yield Slot(brief.text, brief.origin, brief.loc, "prose", section_group,
                       _setter(brief, "text", "origin"))
    if issue.colophon:
        for line in issue.colophon.lines:
            yield Slot(line.to, line.origin, Loc(issue.source, 0, 0, "colophon"), "credit", "报尾",
                       _setter(line, "to", "origin"))


def table_slots(table: Table, group: str) -> Iterator[Slot]:
    """A table's texts in reading order: caption, unit, header and body cells, notes. A cell
    is proofed on its own: its neighbours across a bar are not its context."""
    def slot(text, origin, kind, store):
        return Slot(text, origin, table.loc, kind, group, store, yaml_escapes=False)

    if table.caption:
        yield slot(table.caption, table.caption_origin, "caption", _setter(table, "caption", "caption_origin"))
    if table.unit:
        yield slot(table.unit, table.unit_origin, "cell", _setter(table, "unit", "unit_origin"))
    rows = [(table.header, table.header_origins)] + list(zip(table.rows, table.cell_origins))
    for texts, origins in rows:
        for k, text in enumerate(texts):
            if text:
                yield slot(text, origins[k] if k < len(origins) else None, "cell", _in_list(texts, origins, k))
    for k, note in enumerate(table.notes):
        yield slot(note, table.note_origins[k] if k < len(table.note_origins) else None, "note",
                   _in_list(table.notes, table.note_origins, k))


def _in_list(texts: list, origins: list, k: int):
    def store(text, origin):
        texts[k] = text
        if k < len(origins):
            origins[k] = origin
    return store


def _setter(obj, text_attr: str, origin_attr: str):
    def store(text, origin):
        setattr(obj, text_attr, text)
        setattr(obj, origin_attr, origin)
    return store


def _keyed(article, key: str):
    def store(text, origin):
        setattr(article, key, text)
        if origin is not None:
            article.origins[key] = origin
    return store


def proof_issue(issue: Issue) -> list[Finding]:
    """Correct the issue's texts in place (unless style.proofing is off) and return what was
    corrected and what the editor should look at, grouped by article, in source order."""
    return Proofing(issue).findings()


class Proofing:
    """An issue proofed in two steps: made, it has corrected the texts in place (what the
    layout sets); `findings()` then runs the checks, which need only the texts as they were
    and as corrected, so that a build may run them while a second core sets paragraphs."""

    def __init__(self, issue: Issue):
        self.source = issue.source
        self.on = issue.style.proofing
        self.corrections: list[Finding] = []
        self.groups: dict[str, None] = {}  # in the issue's order
        self.done: list[tuple[Slot, str, list[int]]] = []  # each text, corrected, its positions
        if not self.on:
            return
        for slot in slots(issue):
            self.groups.setdefault(slot.group)
            edits = correct(slot.text)
            text, back = apply(slot.text, edits) if edits else (slot.text, range(len(slot.text)))
            self.corrections.extend(_correction(slot, e, text, back) for e in edits)
            self.done.append((slot, text, back))
        for slot, text, back in self.done:
            if text != slot.text:  # corrected: what prints, and where its characters came from
                slot.store(text, slot.origin.remapped(back) if slot.origin else None)

    def findings(self) -> list[Finding]:
        """What was corrected and what to look at. (A slot keeps the text and places it was
        made with: storing the corrected text changed the model, not the slot.)"""
        if not self.on:
            return []
        findings = list(self.corrections)
        done = self.done
        for k, (slot, text, back) in enumerate(done):
            after = done[k + 1] if k + 1 < len(done) else None
            following = after[1] if after and after[0].kind == slot.kind and after[0].group == slot.group \
                and slot.kind in checks.QUOTATIONS_GO_ON else None
            for check in checks.PER_TEXT[slot.kind]:
                findings.extend(_flagged(slot, text, back, flag) for flag in check(text)
                                if not checks.quote_goes_on(flag, text, following))
        articles: dict[str, list[tuple[Slot, str, list[int]]]] = {}  # the running text of each
        for slot, text, back in done:
            if slot.kind == "prose":
                articles.setdefault(slot.group, []).append((slot, text, back))
        for group in articles.values():
            for t, flag in checks.number_units([text for _, text, _ in group]):
                slot, text, back = group[t]
                findings.append(_flagged(slot, text, back, flag))
        return _in_order(findings, self.groups, self.source)


def _place(slot: Slot, offset: int) -> tuple[Path, int, int]:
    if slot.origin is None:
        return slot.loc.file, slot.loc.line or 1, slot.loc.col or 1
    line, col = slot.origin.position(offset)
    return slot.origin.file, line, col


def _correction(slot: Slot, edit: Edit, printed: str, back: list[int]) -> Finding:
    """A correction's finding: the characters around it as typed and as printed (with the
    corrections next to it made too)."""
    file, line, col = _place(slot, edit.start)
    change = _change(slot, edit)
    text = slot.text
    a, b = max(0, edit.start - 3), min(len(text), edit.end + 3)
    before = text[a:b]
    # the printed characters that come from text[a:b], with what the edits put in between
    kept = [j for j, i in enumerate(back) if a <= i < b]
    after = printed[kept[0]:kept[-1] + 1] if kept else edit.new
    message = f"{RULES[edit.rule]}：{checks.one_line(before)} → {checks.one_line(after)}（排印时已改正）"
    if change is None:
        message += "；这一处无法写回源文件（在带转义符或折行的引号文字里），请手工修改"
    return Finding(file, line, col, message + "。", slot.group, True, change)


def _change(slot: Slot, edit: Edit) -> Change | None:
    """The edit at its place in the file, if every character it replaces is there, one
    after another on one line (not an escape, not a folded line break)."""
    if slot.origin is None:
        return None
    places = [slot.origin.exact(k) for k in range(edit.start, edit.end)]
    if not places:
        return None
    if None in places:
        return _escaped_change(slot, edit) if slot.yaml_escapes else None
    line, col = places[0]
    if any(p != (line, col + k) for k, p in enumerate(places)):
        return None
    return Change(slot.origin.file, line, col, edit.old, edit.new)


# A straight quote as a quoted YAML text spells it: \" in "…", '' in '…'.
_SPELLED = {'"': '\\"', "'": "''"}


def _escaped_change(slot: Slot, edit: Edit) -> Change | None:
    """A straight quote spelled \" or '' in a quoted YAML text, placed by its neighbours:
    right after the character before it, right before the character after it."""
    spelled = _SPELLED.get(edit.old)
    if spelled is None or edit.end - edit.start != 1:
        return None
    before = slot.origin.exact(edit.start - 1) if edit.start else None
    after = slot.origin.exact(edit.end) if edit.end < len(slot.text) else None
    if before:
        line, col = before[0], before[1] + 1
    elif after:
        line, col = after[0], after[1] - len(spelled)
    else:
        return None
    if edit.end < len(slot.text) and after != (line, col + len(spelled)):
        return None  # something else stands between: not written back
    return Change(slot.origin.file, line, col, spelled, edit.new)


def _flagged(slot: Slot, text: str, back: list[int], flag: checks.Flag) -> Finding:
    k = flag.start
    while k > 0 and (k >= len(back) or back[k] < 0):
        k -= 1
    file, line, col = _place(slot, back[k] if back else 0)
    return Finding(file, line, col, flag.message, slot.group)


def _in_order(findings: list[Finding], order, manifest: Path) -> list[Finding]:
    """Once each, grouped (groups in the issue's order), in source order within a group: the
    manifest's lines first, then each body file's."""
    groups: dict[str, list[Finding]] = {g: [] for g in order}
    seen = set()
    for f in findings:
        key = (f.file, f.line, f.col, f.message)
        if key not in seen:
            seen.add(key)
            groups.setdefault(f.group, []).append(f)
    out = []
    manifest = Path(manifest)
    for items in groups.values():
        out.extend(sorted(items, key=lambda f: (f.file != manifest, str(f.file), f.line, f.col)))
    return out


def report_lines(findings: list[Finding]) -> list[str]:
    """The report printed after a build or check: a header per article, a line per finding,
    and a summary."""
    if not findings:
        return []
    lines = []
    group = None
    for f in findings:
        if f.group != group:
            group = f.group
            lines.append(f"校对 {group}：")
        lines.append(f"  {f}")
    fixed = sum(f.corrected for f in findings)
    summary = []
    if fixed:
        summary.append(f"{fixed} 处习惯写法已在排印时改正（源文件未改；运行 typeset check --fix 可写回源文件）")
    if len(findings) - fixed:
        summary.append(f"{len(findings) - fixed} 处请核对修改")
    lines.append("校对：" + "，".join(summary) + "。")
    return lines
