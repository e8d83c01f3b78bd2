"""`typeset add ISSUE.yaml FILE... [--section NAME]`: contributors' files into the issue.

Every file is read and checked first; only when all of them can be taken is anything
written: each article's body to articles/NN-<title>.txt (a format-1 body file), its
pictures to images/NN-K.ext, and the manifest edited in place (comments and layout kept)
and replaced atomically. A file that exists is never overwritten: NN is the next free
number. If the manifest cannot be written, the files written for it are removed again.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..files import write_atomically
from ..manifest.edit import ManifestDocument, block_seq
from .article import ImportedArticle

BRIEFS = "简讯"
READERS = {".docx": "docx", ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text"}


@dataclass
class AddReport:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_article(path: Path) -> ImportedArticle:
    """One contributor's file as an article, its pictures checked as a build checks them."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        suffix = path.suffix.lower()
        hint = ("旧版 Word 文件（.doc）请先在 Word 或 WPS 中“另存为”.docx。" if suffix == ".doc"
                else "WPS 文件请先“另存为”Word 文档（.docx）。" if suffix == ".wps"
                else "启用宏的文档和模板请先在 Word 中“另存为”Word 文档（.docx）。" if suffix in (".docm", ".dotx", ".dotm", ".dot")
                else "RTF 文件请先在 Word 中“另存为”Word 文档（.docx）。" if suffix == ".rtf" else "")
        raise InputError([Problem(path, None, None,
            f"不能导入 {path.suffix or '没有扩展名'} 文件。可以导入的是 Word 文档（.docx）、纯文本（.txt）和 Markdown（.md）。{hint}")])
    if kind == "docx":
        from .docx import read_docx

        article = read_docx(path)
    else:
        from .text import read_text_article

        article = read_text_article(path)
    _check_pictures(article)
    return article


def _check_pictures(article: ImportedArticle) -> None:
    """Each picture through images.open_source, the check a build makes (unreadable files,
    decompression bombs), before anything is written."""
    from ..images import open_source

    problems = []
    with tempfile.TemporaryDirectory(prefix="typeset-add-") as folder:
        for k, picture in enumerate(article.pictures):
            probe = Path(folder) / f"{k}{picture.ext}"
            probe.write_bytes(picture.data)
            try:
                open_source(probe)
            except InputError as exc:
                for p in exc.problems:
                    message = p.message.replace(probe.name, picture.name)
                    problems.append(Problem(article.source, None, None, f"其中的图片 {picture.name}：{message}"))
    if problems:
        raise InputError(problems)


def add_files(manifest: Path, files: list[Path], section_name: str | None) -> AddReport:
    manifest = Path(manifest)
    doc = ManifestDocument.read(manifest)
    sections = doc.sections()
    articles: list[ImportedArticle] = []
    problems: list[Problem] = []
    for file in files:
        try:
            articles.append(read_article(Path(file)))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)

    report = AddReport()
    section, created = _section(doc, sections, section_name, manifest)
    name = str(section.get("name", "")).strip()
    if created:
        report.lines.append(f"新建了栏目“{name}”。")
    base = manifest.parent
    present = _titles(sections)
    written: list[Path] = []
    try:
        entries = []
        for article in articles:
            entry, lines = _place(article, base, written)
            entries.append(entry)
            report.lines.append(f"已加入栏目“{name}”：《{article.title}》（{article.source.name}）")
            report.lines += ["  " + line for line in lines]
            report.warnings += [f"{article.source.name}：没有导入的内容——{w}" for w in article.not_taken]
            report.warnings += [f"{article.source.name}：{w}" for w in article.notes]
            if article.title in present:
                report.warnings.append(f"{article.source.name}：本期已有同名文章《{article.title}》"
                                       f"（栏目“{present[article.title]}”）。若是重复导入，请从清单中删去其中一篇。")
            present.setdefault(article.title, name)
            if not article.credit:
                report.warnings.append(f"{article.source.name}：文末没有找到供稿行（如“供稿：单位 姓名”），"
                                       "请在清单中这篇文章下补上 credit。")
        articles_seq = section.get("articles")
        if not hasattr(articles_seq, "append"):
            articles_seq = block_seq()
            keys = list(section.keys())
            section.insert(keys.index("name") + 1 if "name" in keys else len(keys), "articles", articles_seq)
        elif not articles_seq:
            articles_seq.fa.set_block_style()
        articles_seq.extend(entries)
        doc.write(_check_result(doc, manifest))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report.lines.append(f"已更新 {manifest}。下一步：typeset check {manifest}")
    return report


def _section(doc: ManifestDocument, sections, wanted: str | None, manifest: Path):
    """The section to add to, and whether it was created. Without a name: the last section
    that is not 简讯 (briefs only); with a name not in the issue: a new section, placed
    before 简讯."""
    from ruamel.yaml.comments import CommentedMap

    def is_briefs(s) -> bool:
        return str(s.get("name", "")).strip() == BRIEFS or ("briefs" in s and not s.get("articles"))

    maps = [s for s in sections if isinstance(s, CommentedMap)]
    if wanted is None:
        candidates = [s for s in maps if not is_briefs(s)]
        if not candidates:
            raise InputError([Problem(manifest, None, None,
                "清单里没有可以放文章的栏目。请用 --section 栏目名 指定一个（没有的栏目会新建）。")])
        return candidates[-1], False
    wanted = wanted.strip()
    if not wanted:
        raise InputError([Problem(manifest, None, None, "--section 后的栏目名是空的。请写栏目名，如 --section 国企动态。")])
    for s in maps:
        if str(s.get("name", "")).strip() == wanted:
            return s, False
    new = CommentedMap()
    new["name"] = wanted
    at = next((k for k, s in enumerate(sections) if isinstance(s, CommentedMap) and is_briefs(s)), len(sections))
    sections.insert(at, new)
    return new, True


def _titles(sections) -> dict[str, str]:
    """The titles of the articles already in the issue, with their sections' names."""
    titles = {}
    for s in sections:
        articles = s.get("articles") if hasattr(s, "get") else None
        for a in articles if isinstance(articles, list) else []:
            if hasattr(a, "get") and isinstance(a.get("title"), str):
                titles.setdefault(a["title"].strip(), str(s.get("name", "")).strip())
    return titles


def _place(article: ImportedArticle, base: Path, written: list[Path]):
    """Write the article's body file and pictures; its manifest entry and report lines."""
    from ruamel.yaml.comments import CommentedMap

    number = _free_number(base)
    body_rel = f"articles/{number:02d}-{safe_name(article.title)}.txt"
    _write_new(base / body_rel, body_text(article).encode("utf-8"), written)
    entry = CommentedMap()
    entry["title"] = article.title
    if article.subtitle:
        entry["subtitle"] = article.subtitle
    entry["body_file"] = body_rel
    heads = sum(p.heading for p in article.paragraphs)
    tables = sum(p.table for p in article.paragraphs)
    lines = [f"正文 {len(article.paragraphs) - heads - tables} 段" + (f"、小标题 {heads} 个" if heads else "")
             + (f"、表格 {tables} 个" if tables else "") + f" → {body_rel}"]
    if article.pictures:
        images = block_seq()
        shown = []
        for k, picture in enumerate(article.pictures, 1):
            rel = f"images/{number:02d}-{k}{picture.ext}"
            _write_new(base / rel, picture.data, written)
            item = CommentedMap()
            item["file"] = rel
            if picture.caption:
                item["caption"] = picture.caption
            images.append(item)
            shown.append(f"{rel}（{'说明：' + picture.caption if picture.caption else '没有说明'}）")
        entry["images"] = images
        lines.append(f"图片 {len(article.pictures)} 张 → " + "、".join(shown))
    if article.subtitle:
        lines.append(f"副标题：{article.subtitle}")
    if article.credit:
        entry["credit"] = article.credit
        lines.append(f"供稿行：【{article.credit}】")
    return entry, lines


def body_text(article: ImportedArticle) -> str:
    """The body in format 1: paragraphs separated by blank lines, "## " before a subheading."""
    return "\n\n".join(("## " if p.heading else "") + p.text for p in article.paragraphs) + "\n"


def safe_name(title: str, limit: int = 24) -> str:
    """A file name from a title that every system accepts (Windows too)."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f\s]+', "", title)
    name = re.sub(r"[“”‘’《》【】（）()，。、；：！？,.;!?'`]+", "", name)[:limit].rstrip(". ")
    return name or "文章"


def _free_number(base: Path) -> int:
    """The next number not used by a body file or a picture: NN-… names never collide."""
    used = {0}
    for folder in ("articles", "images"):
        if (base / folder).is_dir():
            for f in (base / folder).iterdir():
                m = re.match(r"(\d+)-", f.name)
                if m:
                    used.add(int(m.group(1)))
    return max(used) + 1


def _write_new(path: Path, data: bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, "文件", exclusive=True)
    written.append(path)


def _check_result(doc: ManifestDocument, manifest: Path) -> str:
    """The edited manifest's text. It must read as format 1 where the old one did: checked
    before it replaces the file (a problem here is the program's, not the editor's)."""
    from ..manifest.loader import compose
    from ..manifest.schema import check_manifest

    text = doc.dumps()
    try:
        check_manifest(compose(manifest, text), manifest, text)
    except InputError:
        try:  # (the old one is read again only here: a whole check reads every body file and picture)
            check_manifest(compose(manifest, doc.source), manifest, doc.source)
        except InputError:
            return text  # the manifest had problems before: the editor will see them in typeset check
        raise
    return text
