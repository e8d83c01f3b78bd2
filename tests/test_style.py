"""style: overrides — paper, columns, body size, punctuation, and fonts by file."""

import pytest
import yaml
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from pdfcheck import FONTS
from rules import Typeset
from typesetter.build import build
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue

BODY = "本市召开国资系统工作会议，部署下阶段工作。会议强调，要提高思想认识，落实责任担当。" * 8


def manifest(style=None):
    m = {
        "masthead": {"title": "嘉定国资", "number": 5, "editor": "办公室", "date": "2024-05-05"},
        "sections": [{"name": "要闻", "articles": [{"title": "国资系统工作会议召开",
                                                   "body": BODY + "\n\n" + BODY, "credit": "供稿：办公室"}]}],
    }
    if style:
        m["style"] = style
    return m


def typeset(tmp_path, m):
    path = tmp_path / "issue.yaml"
    path.write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    result = build(path, tmp_path / "issue.pdf")
    issue = load_issue(path)
    return Typeset(tmp_path / "issue.pdf", issue, make_geometry(issue.style)), result


@pytest.mark.parametrize("paper,size", [("A5", (419.53, 595.28)), ("B5", (498.9, 708.66)), ("A3", (841.89, 1190.55))])
def test_paper(tmp_path, paper, size):
    t, _ = typeset(tmp_path, manifest({"paper": paper}))
    box = PdfReader(tmp_path / "issue.pdf").pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size
    t.check_all()


@pytest.mark.parametrize("columns", [1, 3])
def test_columns(tmp_path, columns):
    t, _ = typeset(tmp_path, manifest({"columns": columns}))
    t.check_all()
    xs = {round(c.x - t.g.col_x(0)) for page in t.pages for c in page.chars
          if c.size == 10.5 and c.font == "NotoSerifCJKsc-Regular"}
    starts = {round(t.g.col_x(k) - t.g.col_x(0)) for k in range(columns)}
    assert starts <= xs


@pytest.mark.parametrize("body_size,pt", [("小四", 12.0), (9, 9.0), ("五号", 10.5)])
def test_body_size(tmp_path, body_size, pt):
    t, _ = typeset(tmp_path, manifest({"body_size": body_size}))
    sizes = {c.size for page in t.pages for c in page.chars if c.font == "NotoSerifCJKsc-Regular" and c.text in BODY}
    assert pt in sizes
    t.check_all()


def subset_font(src, out, text, index=0):
    font = TTFont(src, fontNumber=index)
    opts = subset.Options()
    opts.name_IDs = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(font)
    font.save(out)
    return out


def test_fonts_by_file_ttf_and_ttc_face(tmp_path):
    text = BODY + "国资系统工作会议召开供稿：办公室【】要闻嘉定第5期2024年月日 —0123456789"
    # a TrueType body font: LXGW WenKai cut down to the issue's characters
    subset_font(FONTS / "LXGWWenKai-Regular.ttf", tmp_path / "kai.ttf", text)
    # a collection of two faces; the heading takes face 1
    a = subset_font(FONTS / "NotoSerifCJKsc-Regular.ttf", tmp_path / "a.ttf", text)
    b = subset_font(FONTS / "NotoSansCJKsc-Bold.ttf", tmp_path / "b.ttf", text)
    collection = TTCollection()
    collection.fonts = [TTFont(a), TTFont(b)]
    collection.save(tmp_path / "pair.ttc")
    t, result = typeset(tmp_path, manifest({"fonts": {"body": "kai.ttf", "heading": "pair.ttc#1"}}))
    # the user's WenKai (body) and the shipped one (credits): one PostScript name, two fonts
    from test_sample_pdf import embedded_fonts

    fonts = embedded_fonts(tmp_path / "issue.pdf")
    assert sorted(base.split("+")[1] for base in fonts).count("LXGWWenKai-Regular") == 2
    assert len({base for base in fonts}) == len(fonts)
    body_chars = [c for page in t.pages for c in page.chars if c.text in "部署" and c.size == 10.5]
    kai = {base for base in fonts if base.endswith("LXGWWenKai-Regular")}
    assert body_chars and {c.font for c in body_chars} == {"LXGWWenKai-Regular"}
    heading = [c for page in t.pages for c in page.chars if c.text == "要" and c.size == 14]
    assert heading and all(c.font == "NotoSansCJKsc-Bold" for c in heading)  # face 1 of the collection
    assert len(kai) == 2


def test_missing_font_file_is_bad_input(tmp_path):
    from typesetter.errors import InputError

    path = tmp_path / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest({"fonts": {"body": "none.ttf"}}), allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_issue(path)
    assert "none.ttf" in exc.value.problems[0].message
