"""Whole issues generated at random and typeset: the same rules as for the sample, on text,
structure and images the sample does not have."""


import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PIL import Image

from rules import Typeset
from strategies import HAN, chinese_text
from typesetter.build import build
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue
from typesetter.proofing import proof_issue

NOT_FIRST = set("、，。：；！？”’」』）］〕】〗｝〉》·/")
NOT_LAST = set("“‘「『（［〔【〖｛《〈")


def clean(text: str) -> str:
    """Text whose own first and last characters may stand at a line's start and end."""
    text = text.strip()
    while text and text[0] in NOT_FIRST | {"—", "…"}:
        text = text[1:].lstrip()
    while text and text[-1] in NOT_LAST:
        text = text[:-1].rstrip()
    return text or "中文"


def make_images(folder):
    """Images as phones and scanners make them."""
    folder.mkdir(exist_ok=True)
    w, h = 1600, 1000
    photo = Image.new("RGB", (w, h))
    photo.putdata([((x * 255) // w, (y * 255) // h, 128) for y in range(h) for x in range(w)])
    photo.save(folder / "photo.jpg", quality=85)
    photo.convert("CMYK").save(folder / "cmyk.jpg", quality=85)
    rgba = photo.convert("RGBA").resize((800, 500))
    rgba.putalpha(Image.new("L", rgba.size, 128))
    rgba.save(folder / "alpha.png")
    photo.convert("L").resize((600, 400)).save(folder / "grey.png")
    Image.new("I;16", (500, 300), 40000).save(folder / "deep.png")
    # stored landscape, EXIF says: rotate 90° clockwise to show it upright (portrait)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo.resize((900, 600)).save(folder / "rotated.jpg", exif=exif.tobytes())
    photo.resize((160, 100)).save(folder / "small.jpg")
    return ["photo.jpg", "cmyk.jpg", "alpha.png", "grey.png", "deep.png", "rotated.jpg", "small.jpg"]


@st.composite
def articles(draw, images):
    paragraphs = draw(st.lists(chinese_text(min_size=2, max_size=300).map(clean), min_size=1, max_size=6))
    if draw(st.booleans()) and len(paragraphs) > 1:
        paragraphs.insert(1, "## " + clean(draw(chinese_text(max_size=40))))
    article = {
        "title": clean(draw(st.text(alphabet=HAN + "，、“”0123", min_size=4, max_size=40))),
        "body": "\n\n".join(paragraphs) + "\n",
    }
    if draw(st.booleans()):
        article["subtitle"] = clean(draw(st.text(alphabet=HAN, min_size=3, max_size=20)))
    if draw(st.integers(0, 4)) == 0:
        article["note"] = clean(draw(chinese_text(min_size=4, max_size=120)))
    if draw(st.integers(0, 2)) == 0:
        chosen = draw(st.lists(st.sampled_from(images), min_size=1, max_size=2, unique=True))
        article["images"] = [
            {"file": f"images/{name}", "caption": clean(draw(st.text(alphabet=HAN, min_size=2, max_size=30))),
             "span": draw(st.sampled_from(["column", "page"]))}
            for name in chosen
        ]
    if draw(st.booleans()):
        article["credit"] = "供稿：" + clean(draw(st.text(alphabet=HAN, min_size=2, max_size=12)))
    return article


@st.composite
def manifests(draw, images):
    sections = []
    for _ in range(draw(st.integers(1, 3))):
        section = {"name": clean(draw(st.text(alphabet=HAN, min_size=2, max_size=6)))}
        if draw(st.integers(0, 3)) == 0:
            section["briefs"] = [clean(draw(chinese_text(min_size=3, max_size=150))) for _ in range(draw(st.integers(1, 3)))]
        else:
            section["articles"] = [draw(articles(images)) for _ in range(draw(st.integers(1, 3)))]
        sections.append(section)
    manifest = {
        "masthead": {"title": "嘉定国资", "year": 2024, "number": draw(st.integers(1, 24)),
                     "editor": "嘉定区国有资产监督管理委员会办公室", "date": "2024-03-01"},
        "contents": draw(st.booleans()),
        "sections": sections,
        "style": {"punctuation": draw(st.sampled_from(["quanjiao", "kaiming", "banjiao"]))},
    }
    if draw(st.booleans()):
        manifest["colophon"] = {"lines": [{"label": "发", "to": "各区管企业"}], "copies": 80}
    return manifest


def typeset(folder, manifest):
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(path, folder / "issue.pdf")
    issue = load_issue(path)
    proof_issue(issue)  # the text as printed: typing habits corrected
    return Typeset(folder / "issue.pdf", issue, make_geometry(issue.style)), result


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    make_images(folder / "images")
    return folder


@settings(max_examples=6, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a whole build per example: no shrinking
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_issues_keep_every_rule(folder, data):
    manifest = data.draw(manifests(["photo.jpg", "cmyk.jpg", "alpha.png", "grey.png", "deep.png", "rotated.jpg"]))
    t, _ = typeset(folder, manifest)
    t.check_all()


def test_a_long_article_flows_across_pages_with_every_rule_kept(folder):
    paragraphs = []
    for k in range(60):
        paragraphs.append(f"第{k + 1}段，" + "区国资委召开2023年国资系统意识形态工作暨信息工作和数字化建设会议，" * (1 + k % 5)
                          + "钱伟勤对区国资系统企业过去一年的辛勤付出表示感谢。")
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 1, "editor": "办公室", "date": "2024-01-05"},
        "sections": [{"name": "长文", "articles": [{"title": "一篇很长的文章", "body": "\n\n".join(paragraphs),
                                                   "credit": "供稿：办公室"}]}],
        "colophon": {"lines": [{"label": "报", "to": "市国资委"}], "copies": 50},
    }
    t, result = typeset(folder, manifest)
    assert result.pages >= 5
    stats = t.check_all()
    assert stats["justified"] > 300


def test_images_are_placed_upright_and_downsampled(folder):
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 2, "editor": "办公室", "date": "2024-02-05"},
        "sections": [{"name": "图片", "articles": [
            {"title": "各种图片", "body": "正文第一段。" * 20 + "\n\n" + "正文第二段。" * 40,
             "images": [{"file": f"images/{n}", "caption": f"图：{n}"} for n in
                        ["photo.jpg", "cmyk.jpg", "alpha.png", "grey.png", "deep.png", "rotated.jpg"]]
             + [{"file": "images/photo.jpg", "caption": "通栏图片", "span": "page"}]},
        ]}],
    }
    t, result = typeset(folder, manifest)
    t.check_all()
    from pypdf import PdfReader

    reader = PdfReader(folder / "issue.pdf")
    sizes = []
    for page in reader.pages:
        for image in page.images:
            sizes.append(image.image.size)
    assert len(sizes) == 7
    # a column is 210 pt wide: 875 px at 300 dpi; the 1600 px photo is downsampled to it
    assert (875, 547) in sizes
    # the EXIF-rotated photo is portrait
    assert any(w < h for w, h in sizes)


def test_a_low_resolution_image_is_set_small_and_warned_about(folder):
    """A picture with too few pixels for the column is set no larger than 200 dpi allows,
    and the editor is told why it is small."""
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 3, "editor": "办公室", "date": "2024-02-05"},
        "sections": [{"name": "图片", "articles": [
            {"title": "小图", "body": "正文。" * 30, "images": [{"file": "images/small.jpg"}]}]}],
    }
    t, result = typeset(folder, manifest)
    assert any("small.jpg" in w and "dpi" in w for w in result.warnings)
    from pagefill import measure

    _, pics = measure(folder / "issue.pdf", t.g)
    assert len(pics) == 1 and pics[0].dpi >= 199.5
    assert pics[0].x1 - pics[0].x0 < t.g.col_w / 2


def test_blocks_taller_than_a_page_go_on_in_pieces(folder):
    """A 编者按 of thousands of characters and a 本期要目 of eighty titles: nothing runs off a
    page, nothing is lost, everything reads in order."""
    note = "这是一段很长的编者按，说明本期各篇文章的背景和要点。" * 120
    articles = [{"title": f"第{k}篇文章的标题", "body": "正文。" * 30} for k in range(1, 81)]
    articles[0]["note"] = note
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 4, "editor": "办公室", "date": "2024-04-05"},
        "contents": True,
        "sections": [{"name": "长篇", "articles": articles}],
    }
    t, result = typeset(folder, manifest)
    t.check_reading_order()
    t.check_inside_pages()
    for page in t.pages:
        for c in page.chars:
            assert c.baseline < t.g.page_h - 20, (page.number, c.text)
    page_numbers = [c.text for c in t.pages[0].chars if c.text.isdigit()]
    assert page_numbers  # the contents box has its page numbers
    assert result.pages > 10
    # the tagged structure follows: the 编者按 one P across its pieces, the contents one list
    from structcheck import check_structure

    doc = check_structure(folder / "issue.pdf", t.issue)
    (note,) = [e for e in doc.find("P") if e.text.startswith("编者按")]
    assert len({page for page, _ in note.content}) > 1
