"""Long unbreakable text in Chinese paragraphs: web and e-mail addresses, file names, long
Latin words, and terms joined by + — - / ~. An address turns after / and before . @ ? & _
(or, failing those, between two letters) so that no justified line opens holes; a term never
turns; justification adds no space inside either."""

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdfcheck import NO_LINE_START
from rules import Typeset
from strategies import HAN
from typesetter.build import build
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue
from typesetter.text import set_paragraph
from typesetter.text.links import cuts, find_links

SIZE = 10.5
ADDRESSES = [
    "gzw_info@jiading.gov.cn",
    "jdgz_office@163.com",
    "https://www.jiading.gov.cn/guozi/2023/10/notice_123.html?id=5&lang=zh",
    "http://gzw.jiading.gov.cn/xxgk/tzgg/",
    "www.jiading.gov.cn",
    "jiading_guozi_2024_annual_report_final_v2.pdf",
    "state-of-the-art-infrastructure-development",
]
TERMS = ["EPC+O", "2023—2025", "1—2", "COVID-19", "A/B", "5G+", "1~2", "TOP30"]
LATIN_RUN = re.compile(r"[\x21-\x7e—]+")


def lines_text(lines):
    return ["".join(g.ch for g in line.glyphs) for line in lines]


def widest_gap(line) -> float:
    """The widest blank between two neighbouring glyphs of a line, em (word spaces aside)."""
    worst, prev = 0.0, None
    for g in line.glyphs:
        if g.ch == " ":
            prev = None
            continue
        if prev is not None:
            worst = max(worst, (g.x - prev.x - prev.face.advance(prev.ch) * SIZE) / SIZE)
        prev = g
    return worst


def solid(line, token) -> bool:
    """Every glyph of each part of `token` on the line at its natural advance from the last."""
    glyphs = [g for g in line.glyphs]
    text = "".join(g.ch for g in glyphs)
    start = text.find(token)
    while start >= 0:
        part = glyphs[start:start + len(token)]
        for a, b in zip(part, part[1:]):
            if abs(b.x - a.x - a.face.advance(a.ch) * SIZE) > 1e-6:
                return False
        start = text.find(token, start + 1)
    return True


@st.composite
def paragraphs(draw, tokens):
    """Sentences of Han text with addresses (and terms) inside, as notices carry them."""
    parts = []
    for _ in range(draw(st.integers(2, 6))):
        parts.append(draw(st.text(alphabet=HAN, min_size=4, max_size=24)))
        parts.append(draw(st.sampled_from(tokens)))
        parts.append(draw(st.sampled_from(["，", "。", "", "年", "张"])))
    parts.append(draw(st.text(alphabet=HAN, min_size=4, max_size=24)) + "。")
    return "".join(parts)


def check_lines(text, lines, width):
    got = lines_text(lines)
    assert "".join(got).replace(" ", "") == text  # every character, in order
    for k, (line, s) in enumerate(zip(lines, got)):
        if k:
            assert s[0] not in NO_LINE_START and s[0] != "+", s
        if line.justified and not line.overfull:
            assert abs(line.end - width) < 0.01
        for run in LATIN_RUN.findall(s):  # nothing added between the letters of a run
            assert solid(line, run), (s, run)
    return got


WIDTHS = [157.5, 189.0, 210.0, 231.0, 262.5, 315.0]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraphs(ADDRESSES), width=st.sampled_from(WIDTHS))
def test_addresses_turn_so_that_no_line_opens_holes(fonts, text, width):
    lines = set_paragraph(text, fonts["body"], SIZE, width, indent=2)
    check_lines(text, lines, width)
    # half an em at most; a line that ends an address and a mark that must follow it, with
    # the next character too wide for what is left, may have only its one gap before the
    # mark to widen
    for line in lines:
        if line.justified and not re.search(r"[\x21-\x7e][，。]$", line.glyphs.text):
            assert widest_gap(line) <= 0.5 + 1e-6, (line.glyphs.text, widest_gap(line))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraphs(ADDRESSES + TERMS), width=st.sampled_from(WIDTHS))
def test_terms_stay_whole_among_addresses(fonts, text, width):
    """A term may leave its line looser than half an em (the line ends before it when it
    does not fit): it is never cut."""
    got = check_lines(text, set_paragraph(text, fonts["body"], SIZE, width, indent=2), width)
    joined = "|".join(got)
    for term in TERMS:
        assert joined.count(term) == text.count(term), (term, got)


@pytest.mark.parametrize("width", [157.5, 210.0])
def test_a_line_before_an_address_is_not_spread(fonts, width):
    """The issue's case: 联系邮箱为 at a line's end before an address it could not break
    was spread to 1.7 em a gap."""
    for shift in range(24):
        text = "各单位请于10月20日前" + "中" * shift + "将材料报送，联系邮箱为gzw_info@jiading.gov.cn，逾期不再受理。"
        lines = set_paragraph(text, fonts["body"], SIZE, width, indent=2)
        for line in lines[:-1]:
            assert widest_gap(line) <= 0.5 + 1e-6, (shift, lines_text(lines))
            assert solid(line, "gzw_info@jiading.gov.cn"[:4])


def test_where_an_address_may_turn():
    url = "https://www.jiading.gov.cn/guozi/notice_123.html?id=5&lang=zh"
    pieces = []
    last = 0
    for k in cuts(url) + [len(url)]:
        pieces.append(url[last:k])
        last = k
    assert pieces == ["https://", "www", ".jiading", ".gov", ".cn/", "guozi/", "notice", "_123",
                      ".html", "?id=5", "&lang=zh"]
    text = "见https://www.jiading.gov.cn/a.html。邮箱gzw_info@jiading.gov.cn，附件report_v2.pdf，又见3.2km。"
    assert [text[a:b] for a, b in find_links(text)] == [
        "https://www.jiading.gov.cn/a.html", "gzw_info@jiading.gov.cn", "report_v2.pdf"]


@pytest.mark.parametrize("text,term", [
    ("采用EPC+O模式", "EPC+O"), ("计划于2023—2025年实施", "2023—2025"), ("每户限领1—2张", "1—2张"),
    ("园区+创新平台", "区+")])
def test_terms_and_ranges_never_turn(fonts, text, term):
    for shift in range(16):
        full = "中" * shift + text + "国" * 20
        got = lines_text(set_paragraph(full, fonts["body"], SIZE, 105.0))
        assert any(term in line for line in got), (shift, got)
        assert not any(line.startswith("+") for line in got)


def test_an_issue_with_addresses_keeps_every_rule(tmp_path):
    body = "\n\n".join([
        "3月12日上午，区国资委召开2024年国资国企改革发展工作会议。各单位请于3月20日前将书面材料报送区国资委办公室，"
        "联系邮箱为gzw_info@jiading.gov.cn，逾期不再受理；电子文档请同时抄送jdgz_office@163.com备查。",
        "会议全文及附件详见区政府网站https://www.jiading.gov.cn/guozi/2023/10/notice_123.html?id=5&lang=zh，"
        "也可登录http://gzw.jiading.gov.cn/xxgk/tzgg/下载《2024年国资国企改革发展工作要点》。",
        "附件一为jiading_guozi_2024_annual_report_final_v2.pdf，附件二为“国资国企改革深化提升行动2023—2025年"
        "工作台账.xlsx”，请各单位对照填报，每户限报1—2张表格。",
        "会议要求，各区管企业要以EPC+O模式推进远香湖片区城市更新项目，确保2023—2025年三年行动计划落地见效；"
        "要加快state-of-the-art-infrastructure-development相关合作，做好15分钟社区生活圈建设，新建绿道3.2km。",
    ])
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 3, "editor": "办公室", "date": "2024-03-15"},
        "sections": [{"name": "工作动态", "articles": [
            {"title": "区国资委召开2024年国资国企改革发展工作会议", "body": body, "credit": "供稿：办公室"}]}],
    }
    path = tmp_path / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    build(path, tmp_path / "issue.pdf")
    issue = load_issue(path)
    t = Typeset(tmp_path / "issue.pdf", issue, make_geometry(issue.style))
    t.check_all()
    gap, line = t.loosest_gap()
    assert gap <= 0.5 + 0.01, (gap, line)


@pytest.mark.parametrize("style", ["quanjiao", "kaiming", "banjiao"])
def test_a_line_ending_with_an_interpunct_is_flush(fonts, style):
    """The interpunct (·) in its half-em cell, centred, the cell's end on the column's edge."""
    ended = 0
    for shift in range(24):
        text = "中" * shift + "马克思主义理论·党校教育·习近平新时代中国特色社会主义思想·研究" * 3
        lines = set_paragraph(text, fonts["body"], SIZE, 210.0, indent=2, style=style)
        for line in lines[:-1]:
            last = line.glyphs[len(line.glyphs) - 1]
            assert line.justified and abs(line.end - 210.0) < 0.01
            if last.ch == "·":
                ended += 1
                centre = last.x + last.face.advance("·") * SIZE / 2
                assert abs(centre - (210.0 - SIZE / 4)) < 0.01, (style, shift, line.glyphs.text)
    assert ended > 3
