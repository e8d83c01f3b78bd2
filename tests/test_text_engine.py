"""The Chinese text engine on its own: text + metrics + a measure → lines, no drawing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdfcheck import NO_LINE_END, NO_LINE_START
from strategies import chinese_text
from typesetter.text import Align, join_source_lines, printed_text, set_paragraph

SIZE = 10.5
WIDTH = 210.0  # 20 em: the sample's column

def chars_of(lines):
    return "".join(g.ch for line in lines for g in line.glyphs)


def visible(s):
    return "".join(ch for ch in s if not ch.isspace())


# -- nothing lost -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chinese_text(), width=st.sampled_from([105.0, 157.5, 210.0, 441.0]),
       style=st.sampled_from(["quanjiao", "kaiming", "banjiao"]))
def test_every_character_is_set_in_order(fonts, text, width, style):
    lines = set_paragraph(text, fonts["body"], SIZE, width, indent=2, style=style)
    assert visible(chars_of(lines)) == visible(text)
    assert "".join(g.ch for line in lines for g in line.glyphs if g.ch != " ") == printed_text(text).replace(" ", "")


# -- kinsoku ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chinese_text(), width=st.sampled_from([105.0, 157.5, 210.0]),
       style=st.sampled_from(["quanjiao", "kaiming", "banjiao"]))
def test_no_line_starts_or_ends_with_a_forbidden_mark(fonts, text, width, style):
    lines = set_paragraph(text, fonts["body"], SIZE, width, indent=2, style=style)
    for k, line in enumerate(lines):
        s = visible("".join(g.ch for g in line.glyphs))
        if k > 0:
            assert s[0] not in NO_LINE_START, s
        if k < len(lines) - 1:
            assert s[-1] not in NO_LINE_END, s
        # —— and …… are never split, never at a line's start
        assert not s.startswith("——") and not s.startswith("……") or k == 0
    joined = "|".join(visible("".join(g.ch for g in line.glyphs)) for line in lines)
    assert "—|—" not in joined and "…|…" not in joined


# -- justification ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chinese_text(min_size=20), width=st.sampled_from([157.5, 210.0, 315.0]),
       style=st.sampled_from(["quanjiao", "kaiming", "banjiao"]))
def test_every_line_but_the_last_is_flush_with_both_edges(fonts, text, width, style):
    lines = set_paragraph(text, fonts["body"], SIZE, width, indent=2, style=style)
    for k, line in enumerate(lines[:-1]):
        if line.justified and not line.overfull:
            assert abs(line.end - width) < 0.01, (k, line.end)
            assert abs(line.start - (2 * SIZE if k == 0 else 0.0)) < 0.01
    assert not lines[-1].justified


def test_han_lines_need_no_spacing_at_all(fonts):
    text = "张英一行首先来到工业互联网创新中心了解园区及创新中心的基本情况围绕园区的服务内容服务对象发展现状和未来规划进行了交流"
    lines = set_paragraph(text, fonts["body"], SIZE, WIDTH, indent=2)
    for line in lines[:-1]:
        xs = [g.x for g in line.glyphs]
        gaps = {round(b - a, 6) for a, b in zip(xs, xs[1:])}
        assert gaps == {SIZE}  # solid: one em per character, nothing added


def test_first_line_indented_two_em(fonts):
    lines = set_paragraph("中" * 50, fonts["body"], SIZE, WIDTH, indent=2)
    assert lines[0].glyphs[0].x == 2 * SIZE
    assert lines[1].glyphs[0].x == 0
    assert len(lines[0].glyphs) == 18 and len(lines[1].glyphs) == 20


# -- words, numbers, units ---------------------------------------------------------------------


@pytest.mark.parametrize("word", ["TOP30", "5.2%", "GDP", "2023", "1,000", "10:30"])
def test_latin_words_and_numbers_are_never_split(fonts, word):
    for shift in range(20):
        text = "中" * shift + word + "国" * 30
        lines = set_paragraph(text, fonts["body"], SIZE, 105.0)
        assert any(word in "".join(g.ch for g in line.glyphs) for line in lines), shift


def test_a_number_stays_with_its_unit_when_it_can(fonts):
    # 2023年: the break goes before 2023 rather than between 2023 and 年
    for shift in range(10):
        text = "中" * shift + "国资委召开2023年国资系统意识形态工作会议部署工作要求" * 2
        lines = set_paragraph(text, fonts["body"], SIZE, 105.0)
        for line in lines[:-1]:
            assert not "".join(g.ch for g in line.glyphs).endswith("2023")


def test_source_spaces_between_han_and_digits_become_quarter_em(fonts):
    (line,) = set_paragraph("10 月 9 日上午", fonts["body"], SIZE, WIDTH, align=Align.LEFT)
    xs = {g.ch: g.x for g in line.glyphs}
    assert "".join(g.ch for g in line.glyphs) == "10月9日上午"
    one = fonts["body"].face_for("1").advance("1") + fonts["body"].face_for("0").advance("0")
    assert xs["月"] == pytest.approx((one + 0.25) * SIZE)
    assert xs["9"] == pytest.approx(xs["月"] + SIZE + 0.25 * SIZE)


def test_no_han_latin_spacing_next_to_punctuation_or_symbols(fonts):
    (line,) = set_paragraph("园区+创新平台，TOP30。", fonts["body"], SIZE, 441.0, align=Align.LEFT)
    g = {x.ch: x.x for x in line.glyphs}
    plus = fonts["body"].face_for("+").advance("+") * SIZE
    assert g["创"] == pytest.approx(g["+"] + plus)  # "专业园区+创新平台" stays tight
    assert g["T"] == pytest.approx(g["，"] + SIZE)  # full-width comma, no extra space


# -- punctuation --------------------------------------------------------------------------------


def test_two_adjacent_marks_take_one_and_a_half_em(fonts):
    (line,) = set_paragraph("好。”他说", fonts["body"], SIZE, 441.0, align=Align.LEFT)
    g = {x.ch: x.x for x in line.glyphs}
    assert g["他"] - g["。"] == pytest.approx(1.5 * SIZE)


def test_a_mark_at_the_end_of_a_line_sits_in_half_an_em(fonts):
    text = "中" * 19 + "，" + "国" * 10
    lines = set_paragraph(text, fonts["body"], SIZE, WIDTH)
    first = lines[0]
    assert first.glyphs[-1].ch == "，"
    assert first.glyphs[-1].x + SIZE / 2 == pytest.approx(WIDTH)


def test_compress_before_pushing_a_character_to_the_next_line(fonts):
    # 19 Han characters and two marks: 21 em of cells in a 20 em measure fit once the end
    # mark and the mid-line mark are compressed (先挤进); nothing is pushed out (后推出).
    first = "中国，资委召开主题教育读书班第四次会议开。"
    lines = set_paragraph(first + "国" * 10, fonts["body"], SIZE, WIDTH)
    assert "".join(g.ch for g in lines[0].glyphs) == first
    assert lines[0].end == pytest.approx(WIDTH)


def test_dash_pair_is_one_unbroken_two_em_rule(fonts):
    (line,) = set_paragraph("他说——是的", fonts["body"], SIZE, 441.0, align=Align.LEFT)
    dashes = [g for g in line.glyphs if g.ch == "—"]
    face = dashes[0].face
    xmin, xmax = face.ink("—")
    left_ink = [d.x + xmin * SIZE * d.hscale for d in dashes]
    right_ink = [d.x + xmax * SIZE * d.hscale for d in dashes]
    assert right_ink[0] == pytest.approx(left_ink[1], abs=0.01)  # they join
    assert right_ink[1] - left_ink[0] > 1.9 * SIZE


@pytest.mark.parametrize("style,comma,stop", [("quanjiao", 1.0, 1.0), ("kaiming", 0.5, 1.0), ("banjiao", 0.5, 0.5)])
def test_punctuation_styles(fonts, style, comma, stop):
    (line,) = set_paragraph("甲，乙。丙", fonts["body"], SIZE, 441.0, align=Align.LEFT, style=style)
    g = {x.ch: x.x for x in line.glyphs}
    assert g["乙"] - g["，"] == pytest.approx(comma * SIZE)
    assert g["丙"] - g["。"] == pytest.approx(stop * SIZE)


# -- the last line ------------------------------------------------------------------------------


def test_last_line_never_holds_a_single_character(fonts):
    for n in range(19, 80):
        lines = set_paragraph("中" * n + "。", fonts["body"], SIZE, WIDTH, indent=2)
        assert lines[-1].units >= 2 or len(lines) == 1, n


# -- source text --------------------------------------------------------------------------------


def test_source_lines_are_joined_without_spaces_between_han():
    assert join_source_lines("市经信委副主任张英、软件\n和信息服务业处") == "市经信委副主任张英、软件和信息服务业处"
    assert join_source_lines("Hello\nworld") == "Hello world"
    assert join_source_lines("  做\n 到“两个维护” ") == "做到“两个维护”"


def test_printed_text_drops_spaces_that_become_spacing():
    assert printed_text("10 月 9 日") == "10月9日"
    assert printed_text("新城公司 翟芳华") == "新城公司 翟芳华"
    assert printed_text("对 11家企业") == "对11家企业"
    assert printed_text("Hello  world，  好") == "Hello world，好"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chinese_text(), width=st.sampled_from([105.0, 157.5, 210.0]),
       style=st.sampled_from(["quanjiao", "kaiming", "banjiao"]))
def test_glyph_origins_increase_along_a_line(fonts, text, width, style):
    """Extractors that order a line's characters by position read it as written, even where
    an opening mark's glyph starts before its (compressed) cell."""
    for line in set_paragraph(text, fonts["body"], SIZE, width, indent=2, style=style):
        xs = [g.x for g in line.glyphs if g.ch.strip()]
        assert all(a < b for a, b in zip(xs, xs[1:])), [(g.ch, round(g.x, 2)) for g in line.glyphs]


@pytest.mark.parametrize("text", ["玥10:30’GDP增长很快", "测试ABC’DEF好的", "会议（ABCDEFGHIJ）召开",
                                  "使用“ABCDEFGHIJK”系统", "编号X2023—A0015）的项目"])
@pytest.mark.parametrize("ems", [3, 4, 5, 6])
def test_a_word_cut_for_a_narrow_measure_keeps_the_kinsoku(fonts, text, ems):
    """A word wider than a narrow table cell is cut, but never so that a closing mark starts
    a line or an opening mark ends one."""
    lines = [line.glyphs.text for line in set_paragraph(text, fonts["body"], 7.5, ems * 7.5)]
    assert "".join(lines) == text
    assert not any(line[0] in NO_LINE_START and not line[0].isascii() for line in lines[1:]), lines
    assert not any(line[-1] in NO_LINE_END and not line[-1].isascii() for line in lines[:-1]), lines


def test_a_paragraph_said_not_to_take_more_lines_cannot(fonts, sample_issue):
    """could_take_lines (asked before setting a looser variant) says no only where setting
    the paragraph in that many lines finds no breaks; where it says yes, it may or may not."""
    from typesetter.model import Paragraph
    from typesetter.text.breaker import could_take_lines

    size, width = 10.5, 210.0
    measure = width / size
    said_no = 0
    for article in sample_issue.articles():
        for p in article.body:
            if not isinstance(p, Paragraph) or p.heading:
                continue
            lines = set_paragraph(p.text, fonts["body"], size, width, indent=2)
            for count in (len(lines) + 1, len(lines) + 2):
                looser = set_paragraph(p.text, fonts["body"], size, width, indent=2, lines=count)
                if not could_take_lines(lines, count, measure - 2, measure, size):
                    said_no += 1
                    assert looser == [], (p.text[:20], count)
                elif looser:
                    assert len(looser) == count
    assert said_no > 10  # it does tell
