"""Layout: the issue (model) and its fonts → pages of positioned items (boxes).

No drawing happens here, so that every rule of the page can be tested on plain data. The
logical structure (structure.py) is built here too, beside the pages: Document → the
masthead's Sect, the 本期要目 list, a Sect per 栏目 (its name an H2, an Art per article, an L
of its briefs), the 报尾's Sect. Running headers and page numbers are pagination artifacts.
"""

from __future__ import annotations


from ..fontset import FontSet
from ..model import Issue
from ..records import replace
from ..text import Align
from ..units import HAO
from .ahead import SetAhead
from .blocks import Block, Builder, Run
from .boxes import RED, Document, Mark, Page, PageRef, Rule, Text
from .flow import paginate
from .geometry import make_geometry
from .structure import FOOTER, HEADER, Node

HEADER_SIZE = HAO["小五"]
FOLIO_SIZE = HAO["五号"]


def lay_out(issue: Issue, fonts: FontSet) -> tuple[Document, list[str]]:
    return Layout(issue, fonts).run()  # run() stops the second process, whatever happens


class Layout:
    """An issue's layout, begun: from here a second process may be setting its paragraphs
    (ahead.py) while the build does other work; `run()` makes the document, `close()` stops
    what is still running (a build stopped by bad input before `run`)."""

    def __init__(self, issue: Issue, fonts: FontSet):
        self.geom = make_geometry(issue.style)
        self.warnings: list[str] = []
        self.issue = _without_empty_sections(issue, self.warnings)
        self.b = Builder(self.issue, fonts, self.geom, self.warnings)
        self.b.ahead = SetAhead.start(self.b, self.b.body_settings(self.issue))

    def close(self) -> None:
        if self.b.ahead:
            self.b.ahead.close()
            self.b.ahead = None

    def remember(self) -> None:
        """Keep the lines set in this build for the next (the line memo): after the layout,
        when nothing more is set; the render does it on its second core if it has one."""
        if self.b.memo:
            self.b.memo.save()

    def run(self) -> tuple[Document, list[str]]:
        issue, geom, b = self.issue, self.geom, self.b
        try:
            root, elements = _elements(issue, b)
            pages = paginate(elements, geom, b.colophon(root))
        finally:
            self.close()
        pictures = b.prepare_pictures(pages)
        _fill_page_refs(pages, b)
        header = None  # set when a second page needs it
        for page in pages:
            if page.number > 1:
                header = header or RunningHeader(b)
                header.add(page)
            _folio(page, b)
        m = issue.masthead
        doc = Document(
            width=geom.page_w, height=geom.page_h, pages=pages, title=issue.name,
            author=m.editor, subject=f"{m.title}（{m.issue_label}，{m.date_label}印发）",
            date=m.date, keywords="，".join(s.name for s in issue.sections),
            structure=root if b.tagged else None, lang=issue.style.lang, pictures=pictures,
        )
        return doc, self.warnings


def _elements(issue: Issue, b: Builder) -> tuple[Node, list[Block | Run]]:
    """The structure tree and the pieces of the flow, in reading order."""
    root = Node("Document")
    elements: list[Block | Run] = [b.masthead(root.add("Sect"))]
    if issue.contents:
        elements.append(b.contents(_contents_keys(issue), root.add("L")))
    for si, section in enumerate(issue.sections):
        sect = root.add("Sect")
        elements.append(b.section_header(section, _key(si), sect))
        for ai, article in enumerate(section.articles):
            key = _key(si, ai)
            art = sect.add("Art")
            elements += b.article_head(article, key, after_section=ai == 0, art=art)
            elements += b.article_body(article, key, art)
        if section.briefs:
            elements.append(b.briefs(section, sect.add("L")))
    return root, elements


def _without_empty_sections(issue: Issue, warnings: list[str]) -> Issue:
    """A section with no article and no brief yet (an issue being put together) is left out
    of the PDF, so that a half-assembled issue still builds, and the editor is told."""
    empty = [s for s in issue.sections if not s.articles and not s.briefs]
    if not empty:
        return issue
    names = "”“".join(s.name for s in empty)
    lines = "、".join(str(s.loc.line) for s in empty)
    warnings.append(f"栏目“{names}”（{empty[0].loc.file} 第 {lines} 行）还没有文章或简讯，"
                    f"PDF 中略去了{'这个' if len(empty) == 1 else '这些'}栏目。")
    return replace(issue, sections=[s for s in issue.sections if s.articles or s.briefs])


def _contents_keys(issue: Issue) -> list[tuple[str, str]]:
    keys = []
    for si, section in enumerate(issue.sections):
        for ai, article in enumerate(section.articles):
            keys.append((_key(si, ai), article.title))
        if section.briefs and not section.articles:
            keys.append((_key(si), section.name))
    return keys


def _key(section: int, article: int | None = None) -> str:
    """The bookmark key of a section or an article (the 本期要目 looks pages up by it)."""
    return f"s{section}" if article is None else f"s{section}a{article}"


def _fill_page_refs(pages: list[Page], b: Builder) -> None:
    """Write each 本期要目 entry's page number, now that the flow has decided the pages."""
    where = {item.key: page.number for page in pages for item in page.items if isinstance(item, Mark)}
    for page in pages:
        for k, item in enumerate(page.items):
            if isinstance(item, PageRef):
                number = str(where.get(item.key, ""))
                (line,) = b.set(number, "body", item.size, 4 * item.size, align=Align.RIGHT, min_last_units=1)
                page.items[k] = Text(item.x - 4 * item.size, item.y, item.size, line.glyphs, tag=item.tag)


class RunningHeader:
    """The running header over every page but the first: the newsletter's name on the left,
    the issue on the right, a red rule under them. Its two lines are set once for all pages."""

    def __init__(self, b: Builder):
        g, m, size = b.geom, b.issue.masthead, HEADER_SIZE
        self.g, self.bold = g, b.bold
        self.rule_y = g.top - 4.5
        self.base = self.rule_y - 3.5
        (self.left, *_) = b.set(m.title, "heading", size, g.width / 2, align=Align.LEFT, min_last_units=1)
        (self.right, *_) = b.set(m.issue_label, "body", size, g.width / 2, align=Align.RIGHT, min_last_units=1)

    def add(self, page: Page) -> None:
        g, size, base, rule_y = self.g, HEADER_SIZE, self.base, self.rule_y
        page.items.append(Text(g.left, base, size, self.left.glyphs, RED, self.bold, HEADER))
        page.items.append(Text(g.left + g.width / 2, base, size, self.right.glyphs, RED, tag=HEADER))
        page.items.append(Rule(g.left, rule_y, g.right, rule_y, 0.6, RED, tag=HEADER))


def _folio(page: Page, b: Builder) -> None:
    """ "— 1 —" centred under the text block."""
    g, size = b.geom, FOLIO_SIZE
    (line,) = b.set(f"— {page.number} —", "body", size, g.width, align=Align.CENTER, min_last_units=1)
    page.items.append(Text(g.left, g.bottom + 20, size, line.glyphs, tag=FOOTER))
