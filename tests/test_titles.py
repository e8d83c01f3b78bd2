"""Titles that turn: at phrase boundaries, into lines of about equal length, never between a
number and its unit, never inside a quotation or a name where another break exists; an
explicit line break kept; contents entries turned where their titles turn."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdfcheck import read_pdf
from strategies import HAN
from typesetter.build import build
from typesetter.text import Align, set_paragraph
from typesetter.text.words import segment

TITLE = 18.0  # 小二
MEASURE = 420.0  # the sample's text block less a character each side, at 小二: 23.3 em


def title(text, width=MEASURE, fonts=None):
    lines = set_paragraph(text, fonts["title"], TITLE, width, align=Align.CENTER, balance=True,
                          min_last_units=1)
    return [line.glyphs.text for line in lines]


@pytest.mark.parametrize("text,want", [
    # the sample's titles
    ("区国资委党委召开主题教育读书班第四、第五次专题学习研讨会",
     ["区国资委党委召开主题教育读书班", "第四、第五次专题学习研讨会"]),
    ("区国资委召开2023年国资系统意识形态工作暨信息工作和数字化建设会议",
     ["区国资委召开2023年国资系统意识形态工作", "暨信息工作和数字化建设会议"]),
    ("综保区公司开展国际赛车保税服务中心项目“廉洁文化进工地”活动",
     ["综保区公司开展国际赛车保税服务中心项目", "“廉洁文化进工地”活动"]),
    ("学习身边榜样，交发集团广泛开展向陈海燕同志学习活动",
     ["学习身边榜样，交发集团", "广泛开展向陈海燕同志学习活动"]),
    # made up, as long as real ones get
    ("区国资委召开2024年国资国企改革发展工作会议暨党风廉政建设和反腐败工作会议暨安全生产工作会议",
     ["区国资委召开2024年国资国企改革发展工作会议", "暨党风廉政建设和反腐败工作会议", "暨安全生产工作会议"]),
    ("嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘",
     ["嘉定新城发展有限公司组织开展", "远香湖片区城市更新项目现场踏勘"]),
    ("区国资委组织学习《中华人民共和国公司法》《企业国有资产交易监督管理办法》等法律法规",
     ["区国资委组织学习《中华人民共和国公司法》", "《企业国有资产交易监督管理办法》等法律法规"]),
    ("国资系统召开深入学习贯彻党的二十届三中全会精神宣讲报告会",  # not 党 / 的, 二十 / 届
     ["国资系统召开深入学习贯彻", "党的二十届三中全会精神宣讲报告会"]),
])
def test_titles_turn_at_phrase_boundaries(fonts, text, want):
    assert title(text, fonts=fonts) == want


@pytest.mark.parametrize("text,whole", [
    ("区国资委召开2024年国资国企改革发展工作会议暨党风廉政建设和反腐败工作会议", "2024年"),
    ("城发集团组织开展15分钟社区生活圈建设现场推进会暨城市更新项目集中签约仪式", "15分钟"),
    ("嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘及3.2km绿道建成仪式", "3.2km绿"),
    ("嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘及3.2km绿道建成仪式", "远香湖片区"),
    ("住房集团召开“学习贯彻党的二十大精神”主题宣讲会暨2024年度党建工作推进会议", "“学习贯彻党的二十大精神”"),
    ("嘉定区第15届运动会暨全民健身节开幕式在嘉定体育中心隆重举行", "第15届"),
    ("嘉定区第15届运动会暨全民健身节开幕式在嘉定体育中心隆重举行", "在嘉定体育中心"),
])
@pytest.mark.parametrize("width", [300.0, 360.0, 420.0])
def test_titles_keep_numbers_units_names_and_quotations_whole(fonts, text, whole, width):
    lines = title(text, width, fonts)
    assert len(lines) > 1
    assert any(whole in line for line in lines), lines


@st.composite
def titles(draw):
    parts = []
    for _ in range(draw(st.integers(2, 7))):
        parts.append(draw(st.text(alphabet=HAN, min_size=2, max_size=10)))
        parts.append(draw(st.sampled_from(["2024年", "15分钟", "3.2km", "“三服务”", "《公司法》", "暨", "、", "，", ""])))
    return "".join(parts).strip("，、暨") or "标题"


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=titles(), width=st.sampled_from([300.0, 420.0]))
def test_any_title_turns_whole_and_never_parts_a_number_from_its_unit(fonts, text, width):
    lines = title(text, width, fonts)
    greedy = set_paragraph(text, fonts["title"], TITLE, width, align=Align.LEFT, min_last_units=1)
    assert "".join(lines) == text
    assert len(greedy) <= len(lines) <= len(greedy) + 1
    for a, b in zip(lines, lines[1:]):
        assert not (a[-1].isdigit() and not b[0].isdigit()), (a, b)  # 2024 / 年, 15 / 分钟
        assert not (a[-1].isdigit() and b[0].isalpha() and b[0].isascii()), (a, b)  # 3.2 / km


def test_the_word_list_finds_names_and_words():
    text = "嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘"
    words = [text[s:e] for s, e in segment(text)]
    assert "远香湖片区" in words and "有限公司" in words and "城市" in words


# -- in the PDF: article titles and the 本期要目 -------------------------------------------------

TITLES = [
    "区国资委召开 2024 年国资国企改革发展工作会议暨党风廉政建设和反腐败工作会议",  # the issue's case
    "嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘\n及15分钟社区生活圈专题调研活动",
    "区国资委召开2024年国资国企改革发展工作会议暨党风廉政建设和反腐败工作会议暨安全生产工作会议",
    "嘉加集团召开合规管理工作部署及专题培训会议",
]


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("titles")
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 3, "editor": "办公室", "date": "2024-03-15"},
        "contents": True,
        "sections": [{"name": "工作动态", "articles": [
            {"title": t, "body": "会议强调，要持续深化国资国企改革。" * 6} for t in TITLES]}],
    }
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    build(path, folder / "issue.pdf")
    return read_pdf(folder / "issue.pdf")


def rows(pages, size):
    """Lines of characters of a size, in page order: (page, x of the first, text)."""
    out = []
    for page in pages:
        by_line = {}
        for c in page.chars:
            if abs(c.size - size) < 0.01 and c.text.strip():
                by_line.setdefault(round(c.baseline, 1), []).append(c)
        for base in sorted(by_line):
            row = sorted(by_line[base], key=lambda c: c.x)
            out.append((page.number, row[0].x, "".join(c.text for c in row)))
    return out


def test_article_titles_turn_at_phrases_and_at_explicit_breaks(issue_pdf):
    got = [text for _, _, text in rows(issue_pdf, TITLE)]
    assert got == [
        "区国资委召开2024年国资国企改革发展工作会议", "暨党风廉政建设和反腐败工作会议",
        "嘉定新城发展有限公司组织开展", "远香湖片区城市更新项目现场踏勘", "及15分钟社区生活圈专题调研活动",
        "区国资委召开2024年国资国企改革发展工作会议", "暨党风廉政建设和反腐败工作会议", "暨安全生产工作会议",
        "嘉加集团召开合规管理工作部署及专题培训会议",
    ]


def test_contents_entries_turn_where_their_titles_turn(issue_pdf):
    entries = [(x, text) for page, x, text in rows(issue_pdf, 10.5) if page == 1]
    start = next(k for k, (_, text) in enumerate(entries) if text.startswith("◆"))
    entries = entries[start:start + 7]
    left = entries[0][0]
    texts = [text.rstrip("0123456789") for _, text in entries]
    assert texts == [
        "◆区国资委召开2024年国资国企改革发展工作会议", "暨党风廉政建设和反腐败工作会议",
        "◆嘉定新城发展有限公司组织开展远香湖片区城市更新项目现场踏勘", "及15分钟社区生活圈专题调研活动",
        "◆区国资委召开2024年国资国企改革发展工作会议", "暨党风廉政建设和反腐败工作会议暨安全生产工作会议",
        "◆嘉加集团召开合规管理工作部署及专题培训会议",
    ]
    for (x, text) in entries:  # later lines hang past the ◆
        assert abs(x - left - (0 if text.startswith("◆") else 1.5 * 10.5)) < 0.6, text
