"""`typeset new`, empty sections, pasted paragraphs and the Chinese help."""

from test_cli import typeset

from pdfcheck import read_pdf, visible_text
from typesetter.manifest import load_issue
from typesetter.manifest.schema import split_paragraphs


def test_new_issue_from_the_last(workdir):
    r = typeset("new", workdir / "next" / "2023-11.yaml", "--from", workdir / "issue.yaml", "--date", "2023-11-16")
    assert r.returncode == 0, r.stderr
    assert "2023年第11期" in r.stdout and "领导关注" in r.stdout
    new = workdir / "next" / "2023-11.yaml"
    text = new.read_text(encoding="utf-8")
    old = (workdir / "issue.yaml").read_text(encoding="utf-8")
    # comments, order and layout kept; a comment naming the issue names the new one
    assert text.splitlines()[1:4] == old.splitlines()[1:4]
    assert text.splitlines()[0] == "# 《嘉定国资》2023年第11期（2023年11月16日印发）的完整内容。"
    assert "  number: 11\n" in text and "  date: 2023-11-16\n" in text and "  year: 2023\n" in text
    assert "    - label: 报\n      to: 市国资委，区委、区政府领导\n" in text and "  copies: 120\n" in text
    assert "contents: true\n" in text
    issue = load_issue(new)
    assert [s.name for s in issue.sections] == [s.name for s in load_issue(workdir / "issue.yaml").sections]
    assert all(not s.articles and not s.briefs for s in issue.sections)
    assert issue.masthead.number == 11 and str(issue.masthead.date) == "2023-11-16"
    # it builds, the empty sections left out with one warning
    r = typeset(new)
    assert r.returncode == 0, r.stderr
    assert "还没有文章或简讯" in r.stderr and r.stderr.count("警告") == 1
    text_of_pdf = "".join(visible_text(p.chars) for p in read_pdf(new.with_suffix(".pdf")))
    assert "领导关注" not in text_of_pdf and "2023年第11期" in text_of_pdf


def test_new_never_overwrites(workdir):
    target = workdir / "2023-11.yaml"
    target.write_text("# 编辑已经写了一半\n", encoding="utf-8")
    r = typeset("new", target, "--from", workdir / "issue.yaml")
    assert r.returncode == 2 and "已经存在" in r.stderr and "Traceback" not in r.stderr
    assert target.read_text(encoding="utf-8") == "# 编辑已经写了一半\n"


def test_new_year_starts_at_number_one_and_total_goes_on(workdir):
    old = workdir / "issue.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("  number: 10\n", "  number: 10\n  total: 123\n"),
                   encoding="utf-8")
    r = typeset("new", workdir / "2024-01.yaml", "--from", old, "--date", "2024-01-08")
    assert r.returncode == 0, r.stderr
    m = load_issue(workdir / "2024-01.yaml").masthead
    assert (m.year, m.number, m.total, str(m.date)) == (2024, 1, 124, "2024-01-08")


def test_new_bad_date_and_missing_previous(workdir):
    r = typeset("new", workdir / "a.yaml", "--from", workdir / "issue.yaml", "--date", "2023-13-45")
    assert r.returncode == 2 and "不是一个日期" in r.stderr and not (workdir / "a.yaml").exists()
    r = typeset("new", workdir / "a.yaml", "--from", workdir / "nowhere.yaml")
    assert r.returncode == 2 and "找不到" in r.stderr and not (workdir / "a.yaml").exists()


def test_an_empty_section_is_left_out_with_a_warning(workdir):
    manifest = workdir / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  - name: 简讯\n", "  - name: 专题报道\n  - name: 党建园地\n    articles: []\n  - name: 简讯\n")
    manifest.write_text(text, encoding="utf-8")
    r = typeset(manifest)
    assert r.returncode == 0, r.stderr
    assert "专题报道" in r.stderr and "党建园地" in r.stderr
    printed = "".join(visible_text(p.chars) for p in read_pdf(workdir / "issue.pdf"))
    assert "专题报道" not in printed and "党建园地" not in printed and "【简讯】" in printed


def paragraphs(text):
    return [(p.text, p.heading) for p in split_paragraphs(text, "x.txt", 1, "body")]


def test_text_pasted_from_word_keeps_its_paragraphs():
    pasted = "\u3000\u3000第一段，从 Word 复制来的。\n\u3000\u3000第二段。\n\u3000\u3000第三段，\n接着的一行。\n"
    assert paragraphs(pasted) == [("第一段，从 Word 复制来的。", False), ("第二段。", False), ("第三段，接着的一行。", False)]
    spaces = "  first paragraph\n  second one\n  第三段"
    assert [t for t, _ in paragraphs(spaces)] == ["first paragraph", "second one", "第三段"]


def test_hard_wrapped_text_is_still_joined():
    wrapped = "张英一行首先来到工业互联网创新中心，了\n解园区及创新中心的基本情况，围绕园区的服\nfirst words\nof English\n\n## 小标题\n\n下一段。\n"
    assert paragraphs(wrapped) == [
        ("张英一行首先来到工业互联网创新中心，了解园区及创新中心的基本情况，围绕园区的服first words of English", False),
        ("小标题", True), ("下一段。", False)]


def test_help_is_chinese_with_examples_as_written():
    r = typeset("--help")
    assert r.returncode == 0
    out = r.stdout
    assert out.index("把一份 YAML 清单") < out.index("Typesets")
    assert "  typeset check issues/2023-10.yaml      只检查，不写 PDF\n" in out
    assert "每月的流程" in out and "typeset new" in out
    assert "用法" in out and "选项" in out and "命令" in out
    for command in ("new", "check", "fonts", "build"):
        r = typeset(command, "--help")
        assert r.returncode == 0 and "用法" in r.stdout, command
    r = typeset("new", "x.yaml")
    assert r.returncode == 2 and "缺少选项" in r.stderr
