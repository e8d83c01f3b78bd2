"""The sample issue, typeset: read back from the PDF and held to the SPEC's rules."""

import datetime as dt

import pytest
from pypdf import PdfReader

from pdfcheck import visible_text
from rules import Typeset


@pytest.fixture(scope="module")
def typeset(sample_pdf, sample_issue, sample_geometry):
    return Typeset(sample_pdf, sample_issue, sample_geometry)


def test_every_character_in_reading_order(typeset):
    assert typeset.check_reading_order() > 7000


def test_contents_box_lists_every_article_with_its_page(typeset, sample_issue):
    page1 = visible_text(typeset.pages[0].chars)
    for article in sample_issue.articles():
        assert article.title.replace(" ", "") in page1
    assert "本期要目" in page1


def test_no_line_starts_or_ends_with_a_forbidden_mark(typeset):
    assert typeset.check_kinsoku() > 400


def test_every_line_but_a_paragraphs_last_is_flush_with_the_column_edge(typeset):
    checked = typeset.check_flush()
    assert checked > 300
    print(f"{checked} justified body lines checked")


def test_lines_start_at_the_column_edge_or_indented_two_em(typeset):
    typeset.check_line_starts()


def test_paragraph_last_lines_hold_at_least_two_characters(typeset):
    typeset.check_last_lines()


def test_no_two_glyphs_overlap(typeset):
    typeset.check_no_overlap()


def test_nothing_outside_the_page(typeset):
    typeset.check_inside_pages()


def test_columns_share_baselines_and_balance_where_an_article_ends(typeset):
    assert typeset.check_columns() >= 6


def test_no_widows_or_orphans(typeset):
    typeset.check_widows_and_orphans()


def test_headers_and_titles_stay_with_their_text(typeset):
    typeset.check_keep_with_next()


def test_page_size_is_a4(sample_pdf):
    reader = PdfReader(sample_pdf)
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.276) < 0.01 and abs(float(box.height) - 841.89) < 0.01


def embedded_fonts(pdf_path):
    """(base font name, descendant font, its descriptor) of every font on every page."""
    reader = PdfReader(pdf_path)
    out = {}
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            assert font["/Subtype"] == "/Type0", font["/Subtype"]  # composite, so no Type3, no simple font
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            out[str(font["/BaseFont"]).lstrip("/")] = (font, descendant, descriptor)
    return out


def test_every_font_is_embedded_and_subset(sample_pdf):
    fonts = embedded_fonts(sample_pdf)
    for base, (font, descendant, descriptor) in fonts.items():
        assert "+" in base and len(base.split("+")[0]) == 6, base  # a subset tag
        assert "Helvetica" not in base and "Times" not in base
        assert descendant["/Subtype"] == "/CIDFontType2"
        assert "/FontFile2" in descriptor, base
        assert "/ToUnicode" in font
    names = {base.split("+")[1] for base in fonts}
    assert names == {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold", "NotoSerifCJKsc-Black", "LXGWWenKai-Regular"}


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


def test_colophon_at_the_foot_of_the_last_page(typeset, sample_geometry):
    pages = typeset.pages
    last = pages[-1]
    copies = [c for c in last.chars if c.text == "份"]
    assert copies, "共印…份 is on the last page"
    assert sample_geometry.bottom - 40 < copies[-1].baseline < sample_geometry.bottom
    for page in pages[:-1]:
        assert "共印" not in visible_text(page.chars)


def test_every_article_ends_with_its_columns_within_a_line(typeset):
    ends = 0
    for region, after in typeset.regions():
        if after is None:
            continue
        left = sum(1 for l in region if l.column == 0)
        right = sum(1 for l in region if l.column == 1)
        assert abs(left - right) <= 1, (region[-1].text, left, right)
        ends += 1
    assert ends >= 7
