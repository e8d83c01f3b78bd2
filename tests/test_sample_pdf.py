"""The sample issue, typeset: read back from the PDF and held to the SPEC's rules."""

import datetime as dt

import pytest
from pypdf import PdfReader

from expected import body_reading
from pdfcheck import (
    CLOSING, NO_LINE_END, OPENING, NO_LINE_START, is_subsequence, lines, overlaps, read_pdf,
    reading_order, visible_text,
)


@pytest.fixture(scope="module")
def pages(sample_pdf):
    return read_pdf(sample_pdf)


@pytest.fixture(scope="module")
def edges(sample_geometry):
    g = sample_geometry
    return [(g.col_x(k), g.col_x(k) + g.col_w) for k in range(g.columns)]


@pytest.fixture(scope="module")
def ordered(pages, edges, sample_geometry, sample_issue):
    """Every page's lines in reading order, without the page furniture (masthead, contents,
    running header, page number)."""
    g = sample_geometry
    first = f"【{sample_issue.sections[0].name}】"
    out = []
    for page in pages:
        page_lines = reading_order(lines(page, edges, g.size))
        page_lines = [l for l in page_lines if g.top - 1 < l.baseline < g.bottom + 1 or page.number == 1]
        page_lines = [l for l in page_lines if l.baseline < g.bottom + 1]
        if page.number == 1:
            start = next(k for k, l in enumerate(page_lines) if visible_text(l.chars).startswith(first))
            page_lines = page_lines[start:]
        out.append(page_lines)
    return out


def test_every_character_in_reading_order(ordered, sample_issue):
    got = "".join(visible_text(l.chars) for page in ordered for l in page)
    want = body_reading(sample_issue)
    assert len(want) > 7000
    assert got == want


def test_contents_box_lists_every_article_with_its_page(pages, sample_issue):
    page1 = visible_text(pages[0].chars)
    for article in sample_issue.articles():
        assert article.title.replace(" ", "") in page1
    assert "本期要目" in page1


def test_no_line_starts_or_ends_with_a_forbidden_mark(pages, edges, sample_geometry):
    checked = 0
    for page in pages:
        for line in lines(page, edges, sample_geometry.size):
            text = visible_text(line.chars)
            if not text:
                continue
            checked += 1
            assert text[0] not in NO_LINE_START, (page.number, text)
            assert text[-1] not in NO_LINE_END, (page.number, text)
            assert "——" not in text[:1]
    assert checked > 400


def body_lines(ordered, geometry, body_font="NotoSerifCJKsc-Regular"):
    """(line, is_last_of_paragraph) for every body line set in a column, in reading order."""
    g = geometry
    flat = [l for page in ordered for l in page]
    out = []
    for k, line in enumerate(flat):
        vis = line.visible()
        if line.column is None or not vis or abs(line.size - g.size) > 0.01:
            continue
        if not all(c.font == body_font for c in vis):
            continue
        nxt = next((m for m in flat[k + 1:] if m.visible()), None)
        last = (
            nxt is None
            or nxt.column is None
            or abs(nxt.size - g.size) > 0.01
            or not all(c.font == body_font for c in nxt.visible())
            or indented(nxt, g)  # a new paragraph
        )
        out.append((line, last))
    return out


def indented(line, g) -> bool:
    """Starts 2 em in: a paragraph's first line (an opening mark there may have lost the
    blank half on its left)."""
    first = line.visible()[0]
    x = first.x - g.col_x(line.column)
    return abs(x - 2 * g.size) < 0.6 or (first.text in OPENING and abs(x - 1.5 * g.size) < 0.6)


def line_end(line, size):
    c = line.visible()[-1]
    return c.x + size / 2 if c.text in CLOSING else c.x1


def test_every_line_but_a_paragraphs_last_is_flush_with_the_column_edge(ordered, sample_geometry):
    g = sample_geometry
    checked = 0
    for line, last in body_lines(ordered, g):
        if last:
            continue
        right = g.col_x(line.column) + g.col_w
        assert abs(line_end(line, g.size) - right) <= 0.5, (line.text, line_end(line, g.size), right)
        checked += 1
    assert checked > 300
    print(f"{checked} justified body lines checked")


def test_lines_start_at_the_column_edge_or_indented_two_em(ordered, sample_geometry):
    g = sample_geometry
    for line, _ in body_lines(ordered, g):
        first = line.visible()[0]
        x = first.x - g.col_x(line.column)
        flush = abs(x) < 0.6 or (first.text in OPENING and abs(x + g.size / 2) < 0.6)
        assert flush or indented(line, g), line.text


def test_paragraph_last_lines_hold_at_least_two_characters(ordered, sample_geometry):
    for line, last in body_lines(ordered, sample_geometry):
        if last:
            units = [c for c in line.visible() if c.text not in CLOSING]
            assert len(units) >= 2, line.text


def test_no_two_glyphs_overlap(pages):
    for page in pages:
        assert overlaps(page.chars) == [], page.number


def test_nothing_outside_the_page(pages):
    for page in pages:
        for c in page.chars:
            assert 0 <= c.x and c.x1 <= page.width and 0 < c.baseline < page.height


def test_page_size_is_a4(sample_pdf):
    reader = PdfReader(sample_pdf)
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.276) < 0.01 and abs(float(box.height) - 841.89) < 0.01


def test_every_font_is_embedded_and_subset(sample_pdf):
    reader = PdfReader(sample_pdf)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            assert font["/Subtype"] != "/Type3"
            base = str(font["/BaseFont"])
            assert "+" in base, base  # a subset tag
            assert "Helvetica" not in base and "Times" not in base
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, base
            assert "/ToUnicode" in font
            seen.add(base.split("+")[1])
    assert {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold", "NotoSerifCJKsc-Black", "LXGWWenKai-Regular"} <= seen


def test_text_extracts_for_copy_and_paste(sample_pdf, sample_issue):
    reader = PdfReader(sample_pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    flat = "".join(text.split())
    for article in sample_issue.articles():
        assert "".join(article.title.split()) in flat
        assert "".join(article.body[0].text.split())[:40] in flat


def test_metadata_and_bookmarks(sample_pdf, sample_issue):
    reader = PdfReader(sample_pdf)
    meta = reader.metadata
    assert meta.title == "嘉定国资 2023年第10期"
    assert meta.author == "嘉定区国有资产监督管理委员会办公室"
    assert "嘉定国资" in meta.subject
    assert meta.creation_date.date() == dt.date(2023, 10, 16)

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    marks = list(titles(reader.outline))
    for section in sample_issue.sections:
        assert section.name in marks
        for article in section.articles:
            assert article.title.replace("\n", " ") in marks


def test_same_manifest_same_bytes(tmp_path, sample_pdf):
    from conftest import SAMPLE
    from typesetter.build import build

    again = tmp_path / "again.pdf"
    build(SAMPLE, again)
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_small_enough_to_email(sample_pdf):
    assert sample_pdf.stat().st_size < 1_000_000


def test_colophon_at_the_foot_of_the_last_page(pages, sample_geometry):
    last = pages[-1]
    copies = [c for c in last.chars if c.text == "份"]
    assert copies, "共印…份 is on the last page"
    assert sample_geometry.bottom - 40 < copies[-1].baseline < sample_geometry.bottom
    for page in pages[:-1]:
        assert "共印" not in visible_text(page.chars)
