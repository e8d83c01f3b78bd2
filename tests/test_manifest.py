"""Manifest format 1: what is accepted, and what every kind of bad input is told."""

import datetime as dt
import textwrap

import pytest

from typesetter.errors import InputError
from typesetter.manifest import load_issue

GOOD = """\
masthead:
  title: 嘉定国资
  year: 2023
  number: 10
  total: 123
  editor: 嘉定区国有资产监督管理委员会办公室
  date: 2023-10-16
  notice: 内部资料 注意保存
contents: true
sections:
  - name: 领导关注
    articles:
      - title: |
          市经信委副主任张英
          调研嘉定工业互联网产业园
        subtitle: 暨党委中心组学习会
        note: 编者按的文字。
        body: |
          10 月 9 日上午，市经信委副主任张英、软件
          和信息服务业处处长裘薇等一行走访。

          ## 撸起袖子，沉下身子

          张英一行首先来到工业互联网创新中心。
        credit: 供稿：新城公司 翟芳华
  - name: 简讯
    briefs:
      - 近日，在 36氪举办的大会上发布了榜单。
colophon:
  lines:
    - label: 报
      to: 市国资委
  copies: 120
style:
  paper: A4
  columns: 2
  body_size: 五号
  punctuation: kaiming
"""


def write(tmp_path, text, name="issue.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path, text):
    with pytest.raises(InputError) as exc:
        load_issue(write(tmp_path, text))
    return exc.value.problems


def test_a_good_manifest_gives_the_model(tmp_path):
    issue = load_issue(write(tmp_path, GOOD))
    m = issue.masthead
    assert (m.title, m.year, m.number, m.total) == ("嘉定国资", 2023, 10, 123)
    assert m.date == dt.date(2023, 10, 16)
    assert m.issue_label == "2023年第10期（总第123期）"
    assert m.date_label == "2023年10月16日"
    assert issue.contents is True
    article = issue.sections[0].articles[0]
    assert article.title == "市经信委副主任张英\n调研嘉定工业互联网产业园"
    assert [p.heading for p in article.body] == [False, True, False]
    assert article.body[0].text == "10 月 9 日上午，市经信委副主任张英、软件和信息服务业处处长裘薇等一行走访。"
    assert article.body[1].text == "撸起袖子，沉下身子"
    assert article.body[0].loc.line == 19  # the paragraph's first line in the file
    assert article.body[2].loc.line == 24
    assert issue.sections[1].briefs[0].text.startswith("近日")
    assert issue.colophon.copies == 120
    assert issue.style.body_size == 10.5 and issue.style.punctuation == "kaiming"


def test_unknown_key_names_the_line_and_the_nearest_key(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("  editor:", "  editer:"))
    assert p.line == 6 and p.col == 3
    assert "editer" in p.message and "是不是想写“editor”" in p.message
    # one problem, not two: editor is not also reported missing, it was misspelt


def test_missing_key(tmp_path):
    ps = problems(tmp_path, GOOD.replace("  number: 10\n", ""))
    assert any("缺少必需的键“number”" in p.message for p in ps)


def test_all_problems_are_reported_together(tmp_path):
    bad = GOOD.replace("  number: 10", "  number: 第十期").replace("  date: 2023-10-16", "  date: 2023-13-45")
    bad = bad.replace("        credit:", "        credits:")
    ps = problems(tmp_path, bad)
    assert len(ps) == 3
    text = "\n".join(p.message for p in ps)
    assert "第十期" in text and "整数" in text
    assert "2023-13-45" in text and "日期" in text
    assert "credits" in text and "credit" in text


def test_duplicate_key_is_an_error_not_a_silent_loss(tmp_path):
    bad = GOOD.replace("        credit: 供稿：新城公司 翟芳华", "        credit: 供稿：新城公司 翟芳华\n        credit: 供稿：别的")
    (p,) = problems(tmp_path, bad)
    assert "出现了两次" in p.message and p.line == 26 and "第 25 行" in p.message


def test_tab_indentation(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("  title: 嘉定国资", "\ttitle: 嘉定国资"))
    assert "Tab" in p.message and p.line == 2


def test_yaml_syntax_error_gives_line(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("  number: 10", "  number: 10\n  bad: [unclosed"))
    assert p.line is not None and p.line >= 4


def test_wrong_types(tmp_path):
    ps = problems(tmp_path, GOOD.replace("contents: true", "contents: 是").replace("  columns: 2", "  columns: [2]"))
    text = "\n".join(p.message for p in ps)
    assert "true 或 false" in text and "整数" in text


def test_a_list_where_text_belongs(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("        subtitle: 暨党委中心组学习会", "        subtitle:\n          - 暨党委"))
    assert "应为一段文字" in p.message and "subtitle" in p.message


def with_body_file(name):
    """GOOD with the first article's body in a file instead."""
    head, rest = GOOD.split("        body: |")
    tail = rest.split("        credit: 供稿：新城公司 翟芳华\n")[1]
    return head + f"        body_file: {name}\n        credit: 供稿：新城公司\n" + tail


def test_body_file(tmp_path):
    (tmp_path / "a.txt").write_text("第一段，\n接着写。\n\n第二段。", encoding="utf-8")
    body = load_issue(write(tmp_path, with_body_file("a.txt"))).sections[0].articles[0].body
    assert [p.text for p in body] == ["第一段，接着写。", "第二段。"]
    assert body[1].loc.line == 4 and body[1].loc.file.name == "a.txt"


def test_missing_body_file(tmp_path):
    (p,) = problems(tmp_path, with_body_file("nowhere.txt"))
    assert "nowhere.txt" in str(p) and "找不到" in p.message


def test_missing_image(tmp_path):
    text = GOOD.replace("        credit: 供稿：新城公司 翟芳华", "        images:\n          - file: images/none.jpg\n        credit: 供稿：新城公司 翟芳华")
    (p,) = problems(tmp_path, text)
    assert "none.jpg" in p.message and "找不到图片" in p.message


def test_empty_file(tmp_path):
    (p,) = problems(tmp_path, "")
    assert "空的" in p.message


def test_gbk_file_is_refused_with_how_to_save_it(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(InputError) as exc:
        load_issue(path)
    assert "GBK" in exc.value.problems[0].message and "UTF-8" in exc.value.problems[0].message


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_issue(path).masthead.title == "嘉定国资"


def test_aliases_are_refused_so_an_alias_bomb_costs_nothing(tmp_path):
    import time

    bomb = 'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i in range(1, 9):
        bomb += f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n"
    text = GOOD.replace("masthead:\n", "masthead:\n  notice: *l8\n", 1).replace("  notice: 内部资料 注意保存\n", "")
    start = time.perf_counter()
    ps = problems(tmp_path, bomb + text)
    assert time.perf_counter() - start < 1.0
    assert any("masthead.notice" in p.message and "应为一段文字" in p.message for p in ps)
    # an alias used for a second value is refused outright
    reused = GOOD.replace("  editor: 嘉定区", "  editor: &e 嘉定区").replace("  notice: 内部资料 注意保存", "  notice: *e")
    assert any("别名" in p.message for p in problems(tmp_path, reused))


def test_date_forms(tmp_path):
    issue = load_issue(write(tmp_path, GOOD.replace("  date: 2023-10-16", '  date: "2023年10月16日"')))
    assert issue.masthead.date == dt.date(2023, 10, 16)


def test_body_size_in_points_and_unknown_hao(tmp_path):
    assert load_issue(write(tmp_path, GOOD.replace("body_size: 五号", "body_size: 12"))).style.body_size == 12
    (p,) = problems(tmp_path, GOOD.replace("body_size: 五号", "body_size: 大号"))
    assert "字号" in p.message


def test_unknown_punctuation_style_suggests(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("punctuation: kaiming", "punctuation: kaiming2"))
    assert "kaiming" in p.message


def test_sample_manifest_loads(sample_issue):
    assert sample_issue.masthead.title == "嘉定国资"
    assert sum(len(s.articles) for s in sample_issue.sections) == 8


def test_style_pdf_and_lang(tmp_path):
    style = load_issue(write(tmp_path, GOOD)).style
    assert (style.pdf, style.lang) == ("archive", "zh-CN")
    style = load_issue(write(tmp_path, GOOD + "  pdf: plain\n  lang: zh-Hant-TW\n")).style
    assert (style.pdf, style.lang) == ("plain", "zh-Hant-TW")
    (p,) = problems(tmp_path, GOOD + "  pdf: plian\n")
    assert "style.pdf" in p.message and "plain" in p.message and p.line == GOOD.count("\n") + 1
    (p,) = problems(tmp_path, GOOD + "  lang: 中文\n")
    assert "style.lang" in p.message and "zh-CN" in p.message and p.line == GOOD.count("\n") + 1
