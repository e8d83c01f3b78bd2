"""The pipeline: manifest → model → fonts → layout → render → the PDF, written safely."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

from . import __version__
from .errors import InputError, Problem
from .files import write_atomically
from .fontset import FontError, FontSet
from .manifest import load_issue
from .model import Issue, Loc, Table
from .records import field, record

CREATOR = f"typesetter {__version__}"


@record
class Result:
    """What a build made: the PDF, its pages and size, the time it took, its warnings,
    the files it was made from and the proofing's findings."""

    output: Path | None
    pages: int
    size: int  # bytes
    seconds: float
    warnings: list[str] = field(default_factory=list)
    sources: set[Path] = field(default_factory=set)  # the files the issue was made from
    proofing: list = field(default_factory=list)  # proofing.Finding: corrected and to check
    pictures: dict = field(default_factory=dict)  # picture file -> its bytes in the PDF (about)


def open_fonts(issue: Issue) -> FontSet:
    try:
        fonts = FontSet(issue.style.fonts)
        for face in fonts.faces():
            _ = face.sfnt  # read now, so that a bad file is reported here, as bad input
    except FontError as exc:
        raise InputError([Problem(issue.source, None, None,
            f"style.fonts：字体无法使用：{exc}。请换用 TrueType 字体（.ttf，或 .ttc 中的一款）。")]) from None
    return fonts


def texts(issue: Issue):
    """Every piece of text the issue prints: (text, the role that sets it, where it is from,
    what it belongs to — an article's title, a section's name)."""
    m = issue.masthead
    here = lambda path: Loc(issue.source, 0, 0, path)  # noqa: E731
    yield m.title, "title", here("masthead.title"), "报头"
    yield m.issue_label, "body", here("masthead"), "报头"
    yield m.editor, "body", here("masthead.editor"), "报头"
    if m.notice:
        yield m.notice, "heading", here("masthead.notice"), "报头"
    for section in issue.sections:
        yield section.name, "heading", section.loc, f"栏目“{section.name}”"
        for article in section.articles:
            where = f"文章“{article.title.splitlines()[0]}”"
            yield article.title, "title", article.loc, where
            if article.subtitle:
                yield article.subtitle, "credit", article.loc, where
            if article.note:
                yield article.note, "credit", article.loc, where
            for p in article.body:
                if isinstance(p, Table):
                    for text, head in p.texts():
                        yield text, "heading" if head else "body", p.loc, where
                else:
                    yield p.text, "heading" if p.heading else "body", p.loc, where
            for image in article.images:
                if image.caption:
                    yield image.caption, "credit", image.loc, where
            if article.credit:
                yield article.credit, "credit", article.loc, where
        for brief in section.briefs:
            yield brief.text, "body", brief.loc, f"栏目“{section.name}”"
    if issue.colophon:
        for line in issue.colophon.lines:
            yield line.label + line.to, "credit", here("colophon"), "报尾"


def check_coverage(issue: Issue, fonts: FontSet) -> list[str]:
    """Refuse characters no font has (they would print as empty boxes); warn about those
    set from a fallback font."""
    # The characters each role sets, gathered from all its texts at once (a set made from
    # each text cost twice as much, 85 ms at 400 pages); only a character its primary face
    # lacks (rare) is then looked for, to say in which text it is first met.
    roles: dict[str, list[tuple[int, str, Loc, str]]] = {}
    for t, (text, role, loc, where) in enumerate(texts(issue)):
        roles.setdefault(role, []).append((t, text, loc, where))
    met = []  # (text's number, place in it, character, role, face, loc, where): in reading order
    for role, items in roles.items():
        stack = fonts[role]
        chars = set("".join(text for _, text, _, _ in items)).difference(" \n\t\u3000")
        odd = {ch: face for ch in chars if (face := stack.find(ch)) is not stack.primary}
        for t, text, loc, where in items:
            if not odd:
                break
            # a few characters: each looked for in the text; many (a face short of hundreds):
            # the text's set of characters, as dear as it always was
            found = [ch for ch in odd if ch in text] if len(odd) <= 8 else odd.keys() & set(text)
            for ch in found:
                met.append((t, text.index(ch), ch, role, odd.pop(ch), loc, where))
    problems: list[Problem] = []
    warned: dict[tuple[str, str], str] = {}
    missing_seen: set[str] = set()
    for _, _, ch, role, face, loc, where in sorted(met, key=lambda m: m[:2]):
        if face is None:
            if ch not in missing_seen:
                missing_seen.add(ch)
                problems.append(Problem(loc.file, loc.line or None, loc.col or None,
                    f"{loc.path}（{where}）：字符“{ch}”（U+{ord(ch):04X}）没有任何字体能显示，印出来会是空框。"
                    "请在 style.fonts.fallback 指定一款有这个字的字体，或改用别的字。"))
        else:  # from a fallback font: said once a character and role
            warned[(ch, role)] = (f"字符“{ch}”（U+{ord(ch):04X}，{where}，{loc.path}）{role} 字体"
                                  f"（{fonts[role].primary.full_name}）没有，改用 {face.full_name} 排印。")
    if problems:
        raise InputError(problems)
    return list(warned.values())


def sources(issue: Issue) -> set[Path]:
    """Every file the issue is made from besides its manifest: body files, pictures, fonts."""
    files = {p.loc.file for article in issue.articles() for p in article.body}
    files |= {image.file for article in issue.articles() for image in article.images}
    files |= {path for path, _ in issue.style.fonts.values()}
    return {Path(f) for f in files}


def typeset(manifest: Path) -> tuple[bytes, int, list[str], set[Path], list, dict]:
    """PDF bytes, page count, warnings, source files, proofing findings and the pictures'
    bytes in the PDF for a manifest; InputError for bad input."""
    # No cyclic garbage collection while a build runs. A build makes a few hundred thousand
    # objects (atoms, lines, items) that live until it ends and form almost no reference
    # cycles, so every pass of the collector walks them for nothing: on 400 pages it spent
    # over a second (of eight) in them. A process that builds once and ends (the command
    # line, cli.main) keeps the collector off for good; one that builds again (--watch, the
    # tests) gets it back when the build ends, and the build's cyclic garbage is collected.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _typeset(manifest)
    finally:
        if collecting:
            gc.enable()


def _typeset(manifest: Path) -> tuple[bytes, int, list[str], set[Path], list, dict]:
    from .layout import Layout
    from .proofing import Proofing
    from .render import render

    issue = load_issue(manifest)
    proofing = Proofing(issue)  # corrects the text that prints
    fonts = open_fonts(issue)
    # Begun before the checks that need only the manifest, so that a second core (if any)
    # sets paragraphs meanwhile.
    layout = Layout(issue, fonts)
    try:
        findings = proofing.findings()
        warnings = check_coverage(issue, fonts)
        doc, layout_warnings = layout.run()
    finally:
        layout.close()
    data = render(doc, CREATOR, meanwhile=layout.remember)
    return data, len(doc.pages), warnings + layout_warnings, sources(issue), findings, doc.pictures


def build(manifest: Path, output: Path | None = None, write: bool = True) -> Result:
    start = time.perf_counter()
    manifest = Path(manifest)
    output = Path(output) if output else manifest.with_suffix(".pdf")
    if write:
        _check_output(output)
    data, pages, warnings, files, findings, pictures = typeset(manifest)
    if write:
        write_atomically(output, data)
    return Result(output if write else None, pages, len(data), time.perf_counter() - start, warnings,
                  files, findings, pictures)


def _check_output(output: Path) -> None:
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([Problem(output, None, None, f"输出文件夹 {folder} 不存在。请先建好文件夹，或换一个 -o 路径。")])
    if output.is_dir():
        raise InputError([Problem(output, None, None, "输出路径是一个文件夹。请在 -o 后写 PDF 文件名，如 -o 本期.pdf。")])
    if not os.access(folder, os.W_OK):
        raise InputError([Problem(output, None, None, f"没有权限在 {folder} 中写文件。请换一个 -o 路径。")])
