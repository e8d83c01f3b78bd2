"""Tables in article bodies: the source forms, bad input, and the three-line tables read back
from the PDF (every cell once and in order, the rules, columns, numbers, 续表, page fill)."""

from __future__ import annotations

import os
import re
from collections import Counter
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pdfcheck import NO_LINE_END, NO_LINE_START
from rules import Typeset
from strategies import HAN, chinese_text
from structcheck import squeeze
from tablecheck import _extent, crossing_rules
from test_generated import clean
from typesetter.build import build
from typesetter.errors import InputError
from typesetter.layout.geometry import make_geometry
from typesetter.layout.tables import WHOLE
from typesetter.manifest import load_issue
from typesetter.manifest.schema import split_paragraphs
from typesetter.model import Table
from typesetter.proofing import proof_issue

ROOT = Path(__file__).resolve().parent.parent
TEST_ISSUE = ROOT / "tests" / "data" / "tables" / "issue.yaml"

NUMBER = re.compile(r"[(（]?[+\-−–]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[%‰]?[)）]?")




# -- the source ---------------------------------------------------------------------------------


def parse(text: str, first_line: int = 1):
    return split_paragraphs(text, Path("正文.txt"), first_line, "body")


def test_a_pipe_table_with_caption_unit_and_notes():
    body = parse("""前面的段落。

表1 2023年1—9月主要指标
单位：亿元
| 指标 | 1—9月 | 同比 | 说明 |
|:---|---:|:---:|---|
| 资产总额 | 3,456.7 | 5.2% | 含 \\| 号 |
| 营业收入 |  | −3.2% |
数据来源：区国资委。
注：括号内为下降。
后面紧接的段落。
""")
    para, table, after = body
    assert para.text == "前面的段落。" and after.text == "后面紧接的段落。"
    assert isinstance(table, Table)
    assert table.caption == "表1 2023年1—9月主要指标" and table.unit == "单位：亿元"
    assert table.notes == ["数据来源：区国资委。", "注：括号内为下降。"]
    assert table.header == ["指标", "1—9月", "同比", "说明"]
    assert table.align == ["left", "right", "center", "auto"]
    assert table.rows == [["资产总额", "3,456.7", "5.2%", "含 | 号"], ["营业收入", "", "−3.2%", ""]]
    assert table.loc.line == 5 and table.row_lines == [7, 8]


def test_rows_pasted_from_a_spreadsheet_are_a_table():
    body = parse("表2 各企业\n企业\t收入\t同比\n嘉定城投\t1,234.5\t5%\n新城公司\t\t(3.4)\t\n\n\t首行缩进的段落\n")
    table, para = body
    assert table.caption == "表2 各企业"
    assert table.header == ["企业", "收入", "同比"]
    assert table.rows == [["嘉定城投", "1,234.5", "5%"], ["新城公司", "", "(3.4)"]]
    assert para.text == "首行缩进的段落"


def test_a_lone_bar_or_tab_is_text():
    body = parse("|这一行只是以竖线开头的文字。\n\n甲\t乙\n")
    assert len(body) == 2 and all(not isinstance(p, Table) for p in body)
    assert body[0].text == "|这一行只是以竖线开头的文字。"


def test_too_many_cells_is_reported_with_line_and_column():
    with pytest.raises(InputError) as exc:
        parse("段落。\n\n| 一 | 二 |\n|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n", first_line=10)
    (problem,) = exc.value.problems
    assert (problem.line, problem.col) == (15, 11)  # the "3"
    assert "这一行有 3 个单元格，表头只有 2 个" in problem.message


def test_a_separator_row_that_does_not_match():
    with pytest.raises(InputError) as exc:
        parse("| 一 | 二 |\n|---|---|---|\n| 1 | 2 |\n")
    assert "分隔行有 3 格，表头有 2 格" in exc.value.problems[0].message
    with pytest.raises(InputError) as exc:
        parse("| 一 | 二 |\n|---|右对齐|\n| 1 | 2 |\n")
    assert exc.value.problems[0].col == 6 and "不是分隔格" in exc.value.problems[0].message


def manifest_with(body: str) -> dict:
    return {"masthead": {"title": "嘉定国资", "number": 1, "editor": "办公室", "date": "2024-01-05"},
            "sections": [{"name": "数据", "articles": [{"title": "表格", "body": body}]}]}


def test_bad_rows_exit_2_naming_the_file_line_and_column(tmp_path):
    path = tmp_path / "issue.yaml"
    header = "| " + " | ".join(f"列{k}" for k in range(1, 8)) + " |"
    row = "| " + " | ".join(str(k) for k in range(1, 9)) + " |"
    text = yaml.safe_dump(manifest_with("BODY"), allow_unicode=True, sort_keys=False)
    text = text.replace("body: BODY", f"body: |\n      前面的段落。\n\n      {header}\n      {row}\n")
    path.write_text(text, encoding="utf-8")
    line = next(k for k, l in enumerate(text.splitlines(), 1) if l.strip().startswith("| 1 |"))
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"old")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "typesetter", str(path), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert f"issue.yaml 第 {line} 行第" in result.stderr
    assert "这一行有 8 个单元格，表头只有 7 个" in result.stderr
    assert "Traceback" not in result.stderr and out.read_bytes() == b"old"
    col = int(re.search(r"第 \d+ 行第 (\d+) 列", result.stderr).group(1))
    assert text.splitlines()[line - 1][col - 1] == "8"


def test_a_bad_row_in_a_body_file_names_the_body_file(tmp_path):
    (tmp_path / "a.txt").write_text("| 甲 | 乙 |\n| 1 | 2 | 3 |\n", encoding="utf-8")
    manifest = manifest_with("x")
    del manifest["sections"][0]["articles"][0]["body"]
    manifest["sections"][0]["articles"][0]["body_file"] = "a.txt"
    (tmp_path / "issue.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_issue(tmp_path / "issue.yaml")
    (problem,) = exc.value.problems
    assert Path(problem.file).name == "a.txt" and (problem.line, problem.col) == (2, 11)


# -- read back from the PDF ---------------------------------------------------------------------


def check_tables(t: Typeset) -> dict:
    """Every table of the issue against its parts in the PDF. Returns counts."""
    tables = [p for article in t.issue.articles() for p in article.body if isinstance(p, Table)]
    parts = list(t.tables)
    stats = {"parts": 0, "continued": 0, "numbers": 0, "cell_lines": 0}
    for table in tables:
        n = table.columns
        want = [squeeze("".join(row[c] for row in table.rows)) for c in range(n)]
        got = [""] * n
        first = True
        while True:
            assert parts, f"table {table.caption or table.header} is missing (or incomplete) in the PDF"
            part = parts.pop(0)
            stats["parts"] += 1
            size = sorted(c.size for c in part.head + part.body)[len(part.head + part.body) // 2]
            cols = part.table_columns(0.75 * size)
            if len(cols) != n and getattr(t, "overflowed", False):
                # a table too wide even at 小五 (the editor is warned): its columns are
                # narrower than their numbers, which may then touch those beside them, so
                # its text cannot be parted into columns here: every character of its rows
                # is there, in its parts (those going on under （续表）)
                body = [part]
                while parts and parts[0].caption == squeeze(table.caption or "") + "（续表）":
                    part = parts.pop(0)
                    body.append(part)
                    stats["parts"] += 1
                assert (Counter(ch for p in body for c in p.body for ch in c.text if ch.strip())
                        == Counter(ch for row in table.rows for cell in row for ch in cell if ch.strip())), table.header
                break
            assert len(cols) == n, (table.header, len(cols), part.page)
            part.lead = _first_row_bottom(part, cols, table, got) - part.zone[1]
            for c, col in enumerate(cols):
                assert part.column_text(part.head, col) == squeeze(table.header[c])
                got[c] += part.column_text(part.body, col)
                assert want[c].startswith(got[c]), (table.header[c], got[c][-30:], want[c][:len(got[c])][-30:])
                for line in part.cell_lines(part.head + part.body, col):
                    text = "".join(ch.text for ch in line if ch.text.strip())
                    if text:
                        stats["cell_lines"] += 1
                        assert text[0] not in NO_LINE_START and text[-1] not in NO_LINE_END, text
            if first:
                assert part.caption == squeeze(table.caption or "")
                assert squeeze(part.unit) == squeeze(table.unit or "")
            else:
                stats["continued"] += 1
                assert part.caption == squeeze(table.caption or "") + "（续表）"
            stats["numbers"] += check_numbers(part, cols, table, getattr(t, "overflowed", False))
            assert crossing_rules(part) == [], (part.page, [c.text for c in crossing_rules(part)][:10])
            if first and got == want and len({round(c.baseline, 1) for c in part.body}) <= WHOLE:
                # a table whose rows take few lines is never broken (layout/tables.py): it
                # goes only where it fits whole
                part.lead = part.zone[3] - part.zone[1]
            first = False
            if got == want:
                break
            assert not part.notes, "notes before the table's last part"
        assert squeeze(part.notes) == squeeze("".join(table.notes))
    assert not parts, "parts of tables the manifest does not have"
    return stats


def check_numbers(part, cols, table: Table, overflowed: bool = False) -> int:
    """Numbers line up: in a column of numbers left to the automatic alignment, every number
    sits on the same decimal point (the end of its integer part), and numbers of one form
    (1.2%, 3.4%) end at the same x; in a column the separator row sets right (---:), every
    cell ends at the same x."""
    checked = 0
    for col, align in zip(cols, table.align):
        lines = part.cell_lines(part.body, col)
        texts = ["".join(c.text for c in line) for line in lines]
        # a line ends where its last mark's ink does (a 。 sits in half an em; a · in the
        # middle of a half em)
        rights = [line[-1].x + line[-1].advance / 2 + line[-1].size / 4 if line[-1].text in "·・"
                  else _extent(line[-1])[1] for line in lines]
        if align == "right":
            if lines:
                assert max(rights) - min(rights) <= 0.5, texts
            checked += len(lines)
            continue
        if align != "auto" or not lines or not all(NUMBER.fullmatch(x) for x in texts):
            continue
        ends, forms = [], set()
        for line, text in zip(lines, texts):
            m = re.search(r"\d[\d,]*", text)
            ends.append(line[m.end() - 1].x1)
            forms.add(re.sub(r"\d", "0", text[m.end():]))
        if not (overflowed and max(ends) - min(ends) > 0.5):
            assert max(ends) - min(ends) <= 0.5, texts
        else:  # a column narrower than its numbers' decimal block: they stand flush right
            assert max(rights) - min(rights) <= 0.5, texts
        if len(forms) == 1:
            assert max(rights) - min(rights) <= 0.5, texts
        checked += len(lines)
    return checked


def _first_row_bottom(part, cols, table: Table, got: list[str]) -> float:
    """The lowest baseline of the first row of a part (got: each column's text before it)."""
    before = 0  # rows wholly in earlier parts
    while before < len(table.rows) and all(
            len(squeeze("".join(row[c] for row in table.rows[:before + 1]))) <= len(got[c])
            for c in range(table.columns)):
        before += 1
    row = table.rows[min(before, len(table.rows) - 1)]
    bottom = part.thin
    for c, col in enumerate(cols):
        chars = sorted((ch for ch in part.body if ch.text.strip() and col[0] - 0.01 <= ch.x and
                        ch.x1 <= col[1] + 1), key=lambda ch: (round(ch.baseline, 1), ch.x))
        mine = chars[:len(squeeze(row[c]))]
        bottom = max([bottom] + [ch.baseline + 0.3 * ch.size for ch in mine])
    return bottom


def check_page_fill(t: Typeset) -> None:
    """No page but the last more than 15% empty at the foot of a column, unless what comes
    next is a table whose caption, header and first row (never parted, and a row is never
    split) are taller than the gap — or the whole of a table never broken (its rows take
    at most WHOLE lines) — : it could not have gone there."""
    g = t.g
    height = g.bottom - g.top
    for page in t.pages[:-1]:
        chars = [c for c in page.chars if c.text.strip() and g.top < c.baseline < g.bottom + 1]
        here = [part for part in t.tables if part.page == page.number]
        for k, (left, right) in enumerate(t.edges):
            lowest = max([c.baseline for c in chars if left - 1 <= c.x and c.x1 <= right + 1] +
                         [part.zone[3] for part in here if part.x0 <= left + 1 and part.x1 >= right - 1]
                         + [g.top])
            gap = g.bottom - lowest
            if gap <= 0.15 * height:
                continue
            # what follows: a part heading the next column (at the page's top, or under a
            # table across both columns), or the next page
            nxt = [part for part in t.tables if getattr(part, "lead", None) and _heads_column(t, part) and (
                (part.page == page.number and k + 1 < len(t.edges) and part.x0 >= t.edges[k + 1][0] - 1) or
                (part.page == page.number + 1 and part.x0 <= t.edges[0][0] + 1))]
            assert any(part.lead >= gap - g.pitch for part in nxt), (page.number, left, round(gap / height, 3))


def _heads_column(t: Typeset, part) -> bool:
    """Nothing above the part in its column: the page's top, or a table across both
    columns, is the next thing up."""
    g = t.g
    across = [p.zone[3] for p in t.tables if p.page == part.page and p.zone[3] <= part.zone[1]
              and p.x0 <= t.edges[0][0] + 1 and p.x1 >= t.edges[-1][1] - 1]
    if not across:
        return part.zone[1] < g.top + 2 * g.pitch
    return not [c for c in t.pages[part.page - 1].chars if c.text.strip() and part.x0 - 1 <= c.x <= part.x1
                and max(across) < c.baseline < part.zone[1]]


def check_everything(t: Typeset) -> dict:
    stats = t.check_all()
    stats.update(check_tables(t))
    check_page_fill(t)
    return stats


class _Literal(yaml.SafeDumper):
    """Bodies as literal blocks (body: |), the way editors write them: a table's rows stay
    one line each (a plain or quoted scalar would be folded at the dumper's width)."""


_Literal.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                              style="|" if "\n" in s else None))


def typeset(folder: Path, manifest: dict):
    path = folder / "issue.yaml"
    path.write_text(yaml.dump(manifest, Dumper=_Literal, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")
    result = build(path, folder / "issue.pdf")
    issue = load_issue(path)
    proof_issue(issue)  # the text as printed: typing habits corrected
    t = Typeset(folder / "issue.pdf", issue, make_geometry(issue.style))
    t.overflowed = any("列数太多" in w for w in result.warnings)  # tables too wide even at 小五
    return t, result


@pytest.fixture(scope="module")
def test_issue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    for f in TEST_ISSUE.parent.iterdir():
        shutil.copy(f, folder / f.name)
    result = build(folder / "issue.yaml", folder / "issue.pdf")
    issue = load_issue(folder / "issue.yaml")
    proof_issue(issue)  # the text as printed
    t = Typeset(folder / "issue.pdf", issue, make_geometry(issue.style))
    t.overflowed = False
    return t, result


def test_the_test_issue_sets_its_three_tables_by_every_rule(test_issue):
    t, result = test_issue
    stats = check_everything(t)
    assert stats["parts"] >= 4 and stats["continued"] >= 1  # the 45-row table goes on
    assert stats["numbers"] > 100
    widths = {round(part.x1 - part.x0) for part in t.tables}
    assert round(t.g.col_w) in widths and round(t.g.width) in widths  # narrow and wide


NUMBERS = ["1,234.5", "−3.2%", "12%", "0.5", "(3.4)", "—", "123,456,789", "+8.25", "7"]


@st.composite
def cells(draw, numeric: bool):
    if numeric:
        if draw(st.integers(0, 5)) == 0:
            return draw(st.sampled_from(NUMBERS))
        value = draw(st.floats(-99999, 999999, allow_nan=False)).__round__(draw(st.integers(0, 2)))
        text = f"{abs(value):,}" if draw(st.booleans()) else f"{abs(value)}"
        sign = "−" if value < 0 else ""
        return sign + text + draw(st.sampled_from(["", "", "%"]))
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return ""
    if kind <= 3:
        return clean(draw(st.text(alphabet=HAN, min_size=1, max_size=8)))
    return clean(draw(chinese_text(min_size=1, max_size=80 if kind < 6 else 300)))


@st.composite
def tables(draw, max_rows=30):
    n = draw(st.integers(1, 9))
    numeric = [draw(st.booleans()) and k > 0 for k in range(n)]
    header = [clean(draw(st.text(alphabet=HAN, min_size=1, max_size=10))) for _ in range(n)]
    rows = [[draw(cells(numeric[k])) for k in range(n)] for _ in range(draw(st.integers(1, max_rows)))]
    lines = []
    if draw(st.booleans()):
        lines.append(f"表{draw(st.integers(1, 20))} " + clean(draw(st.text(alphabet=HAN, min_size=2, max_size=30))))
    if draw(st.booleans()):
        lines.append("单位：" + draw(st.sampled_from(["万元", "亿元", "个", "%"])))
    bar = lambda cells: "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"  # noqa: E731
    lines.append(bar(header))
    lines.append(bar([draw(st.sampled_from(["---", ":---", "---:", ":---:"])) if draw(st.booleans()) else "---"
                      for _ in range(n)]))
    lines += [bar(row) for row in rows]
    if draw(st.booleans()):
        lines.append("注：" + clean(draw(chinese_text(min_size=2, max_size=60))))
    return "\n".join(lines)


@settings(max_examples=6, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_tables_keep_every_rule(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("gen")
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        parts.append(clean(data.draw(chinese_text(min_size=20, max_size=300))))
        parts.append(data.draw(tables()))
    parts.append(clean(data.draw(chinese_text(min_size=20, max_size=200))))
    manifest = manifest_with("\n\n".join(parts) + "\n")
    t, _ = typeset(folder, manifest)
    check_everything(t)


def test_a_table_of_200_rows_and_one_of_nine_wide_columns(tmp_path):
    rows = [f"| {k} | 第{k}项重点工程的建设内容 | {k * 1234.5:,.1f} | {(k % 17 - 8) / 3:.1f}% |" for k in range(1, 201)]
    wide = ["| " + " | ".join(f"第{k}列指标名称" for k in range(1, 10)) + " |", "|" + "---|" * 9]
    wide += ["| " + " | ".join(f"{(r * 7 + k) * 98765.4321:,.2f}" for k in range(9)) + " |" for r in range(6)]
    body = ("前言。" * 40 + "\n\n表1 重点工程\n| 序号 | 工程 | 投资 | 进度 |\n|---|---|---|---|\n" + "\n".join(rows)
            + "\n数据来源：各单位。\n\n" + "中间的段落。" * 30 + "\n\n表2 九列\n" + "\n".join(wide) + "\n\n" + "结尾。" * 30)
    t, result = typeset(tmp_path, manifest_with(body))
    stats = check_everything(t)
    assert stats["continued"] >= 4
    assert any("小五" in w for w in result.warnings)  # nine wide columns: set a size smaller


def test_tables_are_tagged_table_tr_th_td(test_issue, tmp_path):
    """In the structure tree each table is a Table: its Caption, a TR of TH (scope: column)
    and a TR of TD for every row, each cell holding its text once (a continued part's
    repeated header is an artifact); the notes follow as P. The PDF/UA checker is content."""
    import pikepdf
    from pdfua import validate

    from structcheck import read_tagged

    t, _ = test_issue
    pdf_path = Path(t.issue.source).with_suffix(".pdf")
    tagged = read_tagged(pdf_path)
    tables = tagged.root.find("Table")
    model = [p for article in t.issue.articles() for p in article.body if isinstance(p, Table)]
    assert len(tables) == len(model)
    for element, table in zip(tables, model):
        kids = list(element.children)
        if table.caption or table.unit:
            caption = kids.pop(0)
            assert (caption.role, caption.text) == ("Caption", squeeze((table.caption or "") + (table.unit or "")))
        assert [k.role for k in kids] == ["TR"] * (1 + len(table.rows))
        assert [(c.role, c.text) for c in kids[0].children] == [("TH", squeeze(h)) for h in table.header]
        for tr, row in zip(kids[1:], table.rows):
            assert [(c.role, c.text) for c in tr.children] == [("TD", squeeze(cell)) for cell in row if cell.strip()]
    with pikepdf.open(pdf_path) as pdf:
        scopes = {str(obj.A.Scope) for obj in pdf.objects
                  if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH"}
    assert scopes == {"/Column"}
    report = validate(str(pdf_path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
