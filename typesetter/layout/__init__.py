"""Layout: the issue (model) and its fonts → pages of positioned items (boxes).

No drawing happens here, so that every rule of the page can be tested on plain data.
"""

from __future__ import annotations

from ..fontset import FontSet
from ..model import Issue
from ..text import Align, set_paragraph
from ..units import HAO
from .blocks import Block, Builder, Run
from .boxes import RED, Document, Mark, Page, PageRef, Rule, Text
from .flow import paginate
from .geometry import Geometry, make_geometry

HEADER_SIZE = HAO["小五"]
FOLIO_SIZE = HAO["五号"]


def lay_out(issue: Issue, fonts: FontSet) -> tuple[Document, list[str]]:
    geom = make_geometry(issue.style)
    warnings: list[str] = []
    b = Builder(issue, fonts, geom, warnings)
    elements: list[Block | Run] = [b.masthead()]
    if issue.contents:
        elements.append(b.contents(_contents_keys(issue)))
    for si, section in enumerate(issue.sections):
        elements.append(b.section_header(section, f"s{si}"))
        for ai, article in enumerate(section.articles):
            key = f"s{si}a{ai}"
            elements += b.article_head(article, key, after_section=ai == 0)
            elements.append(b.article_body(article, key))
        if section.briefs:
            elements.append(b.briefs(section))
    pages = paginate(elements, geom, b.colophon())
    _fill_page_refs(pages, fonts, issue)
    for page in pages:
        if page.number > 1:
            _running_header(page, issue, geom, fonts)
        _folio(page, geom, fonts, issue)
    m = issue.masthead
    doc = Document(
        width=geom.page_w, height=geom.page_h, pages=pages, title=issue.name,
        author=m.editor, subject=f"{m.title}（{m.issue_label}，{m.date_label}印发）",
        date=m.date, keywords="，".join(s.name for s in issue.sections),
    )
    return doc, warnings


def _contents_keys(issue: Issue) -> list[tuple[str, str]]:
    keys = []
    for si, section in enumerate(issue.sections):
        for ai, article in enumerate(section.articles):
            keys.append((f"s{si}a{ai}", article.title))
        if section.briefs and not section.articles:
            keys.append((f"s{si}", section.name))
    return keys


def _fill_page_refs(pages: list[Page], fonts, issue) -> None:
    """Write each 本期要目 entry's page number, now that the flow has decided the pages."""
    where = {item.key: page.number for page in pages for item in page.items if isinstance(item, Mark)}
    for page in pages:
        for k, item in enumerate(page.items):
            if isinstance(item, PageRef):
                number = str(where.get(item.key, ""))
                (line,) = set_paragraph(number, fonts["body"], item.size, 4 * item.size, align=Align.RIGHT,
                                        style=issue.style.punctuation, min_last_units=1)
                page.items[k] = Text(item.x - 4 * item.size, item.y, item.size, line.glyphs)


def _running_header(page: Page, issue: Issue, geom: Geometry, fonts: FontSet) -> None:
    size = HEADER_SIZE
    m = issue.masthead
    rule_y = geom.top - 4.5
    base = rule_y - 3.5
    style = issue.style.punctuation
    (left,) = set_paragraph(m.title, fonts["heading"], size, geom.width / 2, align=Align.LEFT,
                            style=style, min_last_units=1)[:1]
    (right,) = set_paragraph(m.issue_label, fonts["body"], size, geom.width / 2, align=Align.RIGHT,
                             style=style, min_last_units=1)[:1]
    page.items.append(Text(geom.left, base, size, left.glyphs, RED, fonts.fake_bold("heading")))
    page.items.append(Text(geom.left + geom.width / 2, base, size, right.glyphs, RED))
    page.items.append(Rule(geom.left, rule_y, geom.right, rule_y, 0.6, RED))


def _folio(page: Page, geom: Geometry, fonts: FontSet, issue: Issue) -> None:
    """ "— 1 —" centred under the text block."""
    size = FOLIO_SIZE
    (line,) = set_paragraph(f"— {page.number} —", fonts["body"], size, geom.width,
                            align=Align.CENTER, style=issue.style.punctuation, min_last_units=1)
    base = geom.bottom + 20
    page.items.append(Text(geom.left, base, size, line.glyphs))
