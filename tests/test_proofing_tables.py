"""Proofing in tables: the caption, unit, notes and every cell corrected in print and checked
like running text, each finding at the line and column of its character; check --fix writes
the corrections back inside the rows, never over a bar, a tab or the separator row."""

from pathlib import Path

import pytest

from rules import Typeset
from test_proofing import MASTHEAD, _char_at
from test_tables import squeeze
from typesetter.build import build
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue
from typesetter.manifest.schema import split_paragraphs
from typesetter.model import Table
from typesetter.proofing import proof_issue
from typesetter.proofing.fix import fix_issue

MANIFEST = MASTHEAD + """\
sections:
  - name: 数据
    articles:
      - title: 主要指标
        body: |
          前面的段落。

          表1 2023年主要指标(初步统计)
          单位:万元
          | 企业 | 营业收入 | 同比 | 备注 |
          |------|--------:|:---:|------|
          | 嘉定城投 | 1,234.5 | −3.2% | 含"两个"项目,已完成 |
          | 新城公司(集团) | (2.1) | +8.25% | Hello, world. |
          | 参赛选手 | 参赛选手 | 12% | 参赛选手参赛选手 |
          | U.S. (est.) | 1,200 | 0.5 | 见附件报告.docx |
          数据来源:区国资委

          后面的段落。
      - title: 贴自表格
        body_file: rows.txt
"""

# rows pasted from a spreadsheet, in a body file with Windows line ends
ROWS = ("表2 各企业情况\r\n"
        "企业\t收入\t说明\r\n"
        "嘉定城投\t1,234.5\t同比增长,好于预期\r\n"
        "新城公司\t(3.4)\t\"他说\"\"好\"\",就这样\"\r\n"
        "注:括号内为下降\r\n"
        "\r\n"
        "本文完。\r\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "t.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "rows.txt").write_bytes(ROWS.encode("utf-8"))
    return tmp_path


def tables(issue):
    return [p for a in issue.articles() for p in a.body if isinstance(p, Table)]




def test_table_texts_are_corrected_numbers_and_english_left_alone(folder):
    issue = load_issue(folder / "t.yaml")
    proof_issue(issue)
    first, second = tables(issue)
    assert first.caption == "表1 2023年主要指标（初步统计）"
    assert first.unit == "单位：万元"
    assert first.header == ["企业", "营业收入", "同比", "备注"]
    assert first.rows == [["嘉定城投", "1,234.5", "−3.2%", "含“两个”项目，已完成"],
                          ["新城公司（集团）", "(2.1)", "+8.25%", "Hello, world."],
                          ["参赛选手", "参赛选手", "12%", "参赛选手参赛选手"],
                          ["U.S. (est.)", "1,200", "0.5", "见附件报告.docx"]]
    assert first.notes == ["数据来源：区国资委"]
    assert first.align == ["auto", "right", "center", "auto"]
    assert second.caption == "表2 各企业情况"
    assert second.rows == [["嘉定城投", "1,234.5", "同比增长，好于预期"],
                           ["新城公司", "(3.4)", "他说“好”，就这样"]]
    assert second.notes == ["注：括号内为下降"]


def test_each_table_finding_points_at_its_character(folder):
    findings = proof_issue(load_issue(folder / "t.yaml"))
    fixes = [f for f in findings if f.corrected]
    where = {(Path(f.file).name, f.line, f.col): f for f in findings}
    for f in fixes:
        if f.change:
            assert (f.line, f.col) == (f.change.line, f.change.col)
            assert _char_at(Path(f.file), f.line, f.col) == f.change.old[0], f
    # the manifest's table: caption, unit, cells, note
    assert "括号" in where[("t.yaml", 13, 23)].message  # 指标( in the caption
    assert "括号" in where[("t.yaml", 13, 28)].message  # 统计)
    assert where[("t.yaml", 14, 13)].message.startswith("中文里的半角标点改为全角：单位:万元 → 单位：万元")
    assert "引号" in where[("t.yaml", 17, 39)].message and "引号" in where[("t.yaml", 17, 42)].message
    assert "标点" in where[("t.yaml", 17, 45)].message  # 项目,已完成
    assert "括号" in where[("t.yaml", 18, 17)].message and "括号" in where[("t.yaml", 18, 20)].message
    assert "标点" in where[("t.yaml", 21, 15)].message  # 数据来源:
    # the body file's tab rows: the 3rd cell of line 3, and the note of line 5
    assert "标点" in where[("rows.txt", 3, 18)].message  # 增长,好于
    assert "标点" in where[("rows.txt", 5, 2)].message  # 注:
    # a quote a spreadsheet doubled ("") has no place of its own: corrected in print, said
    # so, and left for the editor in the file
    doubled_quotes = [f for f in fixes if Path(f.file).name == "rows.txt" and f.line == 4 and "引号" in f.message]
    assert [(f.col, f.change) for f in doubled_quotes] == [(15, None), (18, None)]  # at the first "
    assert all("无法写回" in f.message for f in doubled_quotes)
    assert "标点" in where[("rows.txt", 4, 20)].message and where[("rows.txt", 4, 20)].change
    # nothing in the numbers, the English cells, the file name
    for f in fixes:
        line = _line(folder / Path(f.file).name, f.line)
        assert not any(n in f.message for n in ("1,234.5", "(2.1)", "(3.4)", "Hello", "U.S.", "docx"))
        assert line  # a real line
    assert len(fixes) == 14


def _line(file: Path, number: int) -> str:
    return file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")[number - 1]


def test_checks_that_make_no_sense_in_a_cell_do_not_fire(folder):
    findings = [f for f in proof_issue(load_issue(folder / "t.yaml")) if not f.corrected]
    # a doubled phrase inside one cell is reported, at that cell; two cells alike side by
    # side (参赛选手 | 参赛选手) are not a doubling; no cell or note is asked for a final mark
    assert [(f.line, f.col) for f in findings] == [(19, 33)]
    assert "“参赛选手”连写了两遍" in findings[0].message


def test_a_cell_s_characters_each_have_their_place():
    text = ("| 甲 | 乙\\|丙 | 丁<br>戊 |\n|---|---|---|\n|  前面 | 1,2 |   \n"
            "\n表3 说明\n一\t\"二\"\"三\"\t四<br/>五\n六\t七\t八\n")
    lines = text.split("\n")
    for table in [p for p in split_paragraphs(text, Path("x.txt"), 1, "body") if isinstance(p, Table)]:
        for texts, origins in [(table.header, table.header_origins), *zip(table.rows, table.cell_origins)]:
            for cell, origin in zip(texts, origins):
                if origin is None:
                    assert cell == ""
                    continue
                for k, ch in enumerate(cell):
                    place = origin.exact(k)
                    if place:
                        assert lines[place[0] - 1][place[1] - 1] == ch, (cell, k, place)
                    else:  # made, not typed: the bar of \\|, the space of <br>, the quote of ""
                        assert ch in '| "', (cell, k)
        if table.caption:
            assert table.caption_origin.exact(0) == (5, 1)


def test_check_fix_writes_table_corrections_back_and_the_pdf_stays_the_same(folder):
    manifest = folder / "t.yaml"
    before = folder / "before.pdf"
    build(manifest, before)
    printed = load_issue(manifest)
    proof_issue(printed)
    said = []
    assert fix_issue(manifest, said.append) == 12  # all but the quote a spreadsheet doubled
    fixed = manifest.read_text(encoding="utf-8")
    assert "表1 2023年主要指标（初步统计）\n          单位：万元\n" in fixed
    assert "| 嘉定城投 | 1,234.5 | −3.2% | 含“两个”项目，已完成 |" in fixed
    assert "| 新城公司（集团） | (2.1) | +8.25% | Hello, world. |" in fixed
    assert "| U.S. (est.) | 1,200 | 0.5 | 见附件报告.docx |" in fixed
    assert "数据来源：区国资委" in fixed
    # the bars, the separator row, the tabs and the line ends are as they were
    old_lines, new_lines = MANIFEST.split("\n"), fixed.split("\n")
    assert len(old_lines) == len(new_lines)
    for old, new in zip(old_lines, new_lines):
        assert old.count("|") == new.count("|") and old.count("-") == new.count("-")
    assert "|------|--------:|:---:|------|" in fixed
    rows = (folder / "rows.txt").read_bytes().decode("utf-8")
    assert rows.count("\t") == ROWS.count("\t") and rows.count("\r\n") == ROWS.count("\r\n")
    assert "嘉定城投\t1,234.5\t同比增长，好于预期\r\n" in rows
    assert "新城公司\t(3.4)\t\"他说\"\"好\"\"，就这样\"\r\n" in rows
    assert "注：括号内为下降\r\n" in rows
    assert any("rows.txt 第 3 行：" in line for line in said)
    # the tables parse with the same cells as printed, and the next build has no correction
    # left but the one that could not be written back, and the same bytes
    again = load_issue(manifest)
    assert len(tables(again)) == 2
    for a, b in zip(tables(again), tables(printed)):
        assert (a.caption, a.unit, a.notes, a.align) == (b.caption, b.unit, b.notes, b.align)
        assert (a.header, a.row_lines) == (b.header, b.row_lines)
    assert tables(again)[0].rows == tables(printed)[0].rows
    assert tables(again)[1].rows == [["嘉定城投", "1,234.5", "同比增长，好于预期"],
                                     ["新城公司", "(3.4)", '他说"好"，就这样']]  # the "" left as typed
    after = folder / "after.pdf"
    result = build(manifest, after)
    assert after.read_bytes() == before.read_bytes()
    left = [f for f in result.proofing if f.corrected]
    assert len(left) == 2 and all(f.change is None for f in left)


def test_corrected_table_texts_print_in_the_pdf(folder):
    manifest = folder / "t.yaml"
    build(manifest, folder / "t.pdf")
    issue = load_issue(manifest)
    t = Typeset(folder / "t.pdf", issue, make_geometry(issue.style))
    first = [p for p in t.tables if p.caption.startswith("表1")]  # the narrow column: it goes on
    second = [p for p in t.tables if p.caption.startswith("表2")]
    assert len(first) + len(second) == len(t.tables) and second
    assert first[0].caption == squeeze("表1 2023年主要指标（初步统计）")
    assert squeeze(first[0].unit) == "单位：万元"
    body = "".join(squeeze("".join(c.text for c in p.body)) for p in first)
    assert "新城公司（集团）" in body and "含“两个”项目，已完成" in body
    for kept in ("1,234.5", "−3.2%", "(2.1)", "+8.25%", "Hello,world.", "U.S.(est.)", "报告.docx"):
        assert kept in body, kept
    assert "(" not in body.replace("(2.1)", "").replace("(est.)", "")
    assert "," not in body.replace("1,234.5", "").replace("1,200", "").replace("Hello,", "")
    assert squeeze(first[-1].notes) == "数据来源：区国资委"
    body = squeeze("".join(c.text for c in second[0].body))
    assert "同比增长，好于预期" in body and "他说“好”，就这样" in body and "(3.4)" in body
    assert squeeze(second[0].notes) == "注：括号内为下降"
    # every character of every table text, as corrected, is in the PDF in reading order
    proof_issue(issue)
    for table, parts in zip(tables(issue), (first, second)):
        printed = "".join(squeeze("".join(c.text for c in p.head + p.body)) for p in parts)
        for text in [*table.header, *(cell for row in table.rows for cell in row)]:
            assert squeeze(text) in printed, text
