"""Proofing: typing habits corrected in print (and by check --fix), mistakes reported, each
at the file, line and column of the exact character."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pdfcheck import read_pdf
from test_cli import typeset
from typesetter.build import build
from typesetter.errors import InputError
from typesetter.manifest import load_issue
from typesetter.proofing import checks, proof_issue
from typesetter.proofing.corrections import apply, correct
from typesetter.proofing.fix import fix_issue

ROOT = Path(__file__).resolve().parent.parent
EM = 10.5


def corrected(text: str) -> str:
    return apply(text, correct(text))[0]


# -- corrections: (typed, printed) --------------------------------------------------------------

CORRECTED = [
    # half-width sentence marks in Chinese text
    ("会议要求,各部门", "会议要求，各部门"),
    ("切实抓紧抓实.", "切实抓紧抓实。"),
    ("时间:下午", "时间：下午"),
    ("一是加强学习;二是", "一是加强学习；二是"),
    ("干得好!", "干得好！"),
    ("是吗?", "是吗？"),
    ("什么?!", "什么？！"),
    ("会议要求, 各部门", "会议要求，各部门"),
    ("会议要求 ,各部门", "会议要求，各部门"),
    ("增长3.2%.", "增长3.2%。"),
    ("共1,200人,同比增长", "共1,200人，同比增长"),
    ("上午9:30,会议开始", "上午9:30，会议开始"),
    ("会议由John主持.", "会议由John主持。"),
    ("使用Python,提高效率", "使用Python，提高效率"),
    ("版本v2.1.0已发布!", "版本v2.1.0已发布！"),
    ("在2023年,全区", "在2023年，全区"),
    ("见附件报告.docx,请查收", "见附件报告.docx，请查收"),
    ("访问https://www.example.com/a,了解详情", "访问https://www.example.com/a，了解详情"),
    ("详见www.jiading.gov.cn.", "详见www.jiading.gov.cn。"),
    ("发邮件至abc@example.com.", "发邮件至abc@example.com。"),
    ("依据ISO 9001:2015标准,开展", "依据ISO 9001:2015标准，开展"),
    ("Hello!? 好", "Hello！？好"),
    ("（见附件1）.", "（见附件1）。"),
    # parentheses
    ("会议要求(试行)", "会议要求（试行）"),
    ("GDP(国内生产总值)", "GDP（国内生产总值）"),
    ("美国(U.S.)代表", "美国（U.S.）代表"),
    ("人工智能(AI)技术", "人工智能（AI）技术"),
    ("(1)会议内容", "（1）会议内容"),
    ("（试行)", "（试行）"),
    ("(见附件1).", "（见附件1）。"),
    # quotes, paired by position, nested kinds apart
    ('作为"一把手"工程', "作为“一把手”工程"),
    ("他说'好'", "他说‘好’"),
    ('"他说\'好\'"', "“他说‘好’”"),
    ('他说:"Hello, world."', "他说：“Hello, world.”"),
    ('他说"I love you."然后', "他说“I love you.”然后"),
    ('他说：“好".', "他说：“好”。"),
    ('要求,"一把手"', "要求，“一把手”"),
    ('他说 "你好" 。', "他说“你好”。"),
    ('"智改数转"和"两个维护"', "“智改数转”和“两个维护”"),
    # ellipsis
    ("等等...然后", "等等……然后"),
    ("等等......", "等等……"),
    ("等等。。。", "等等……"),
    ("等…", "等……"),
    ("1,200元...他说", "1,200元……他说"),
    ("使用C++和C#.", "使用C++和C#。"),
    ('他说:"好', '他说："好'),  # the quote without its pair is left for the editor
    # dash
    ("他说--好", "他说——好"),
    ("他说－－好", "他说——好"),
    ("他说—好", "他说——好"),
    ("他―走", "他——走"),
    ("他――走", "他——走"),
    # full-width letters and digits
    ("２０２３年", "2023年"),
    ("ＧＤＰ增长", "GDP增长"),
    ("ｅｍａｉｌ地址", "email地址"),
    ("第１０期", "第10期"),
    # stray spaces beside Chinese marks
    ("他说 “你好” 。", "他说“你好”。"),
    ("会议 ，各部门", "会议，各部门"),
    ("《条例》 规定", "《条例》规定"),
    ("规定 （试行）", "规定（试行）"),
    # the issue's own example
    ('会议要求,各部门要把合规管理作为"一把手"工程,切实抓紧抓实.',
     "会议要求，各部门要把合规管理作为“一把手”工程，切实抓紧抓实。"),
]

LEFT_ALONE = [
    # English phrases and sentences
    "Hello, world.",
    '"Hello, world."',
    'He said "yes" to me.',
    "and so on...",
    "It's fine; really!",
    "Smith, John",
    "f(x) = x + 1",
    # numbers, times, versions
    "共1,200人",
    "增长3.2%",
    "上午9:30开会",
    "ISO 27001:2022认证",
    "ISO 9001:2015",
    "版本v2.1.0",
    "2020--2023",
    "1:1比例",
    # URLs, e-mail addresses, domains, file names
    "https://www.example.com/a?b=1,c=2",
    "访问https://www.example.com/a?b=1,c=2",
    "ftp://files.example.com/x.zip",
    "邮箱abc.def@example.com",
    "网址jiading.gov.cn",
    "见附件报告.docx",
    "见附件a.pdf",
    "表格统计.XLSX已上传",
    # code-like tokens and options
    "运行`a, b = 1, 2`即可",
    "使用--fix选项",
    "命令typeset check --fix",
    "x=1,y=2的值",
    "it's 好的",
    "f(x)的值",
    # ordinals, already correct text
    "1.会议内容",
    "会议要求，各部门要把合规管理作为“一把手”工程，切实抓紧抓实。",
    "他说——好……",
    "“Hello, world.”",
    "（试行）",
    "TOP30榜单",
    "10 月 9 日",
    "嘉定 国资",
    "内部资料 注意保存",
    "A/B测试",
    '5"屏幕',  # a straight quote without its pair: reported, not guessed at
    "1'30\"",
    "Dr. Smith来访",
    "第3.2.1节",
    "比分3:2",
    "时间为2023.10.9",
    "上午10:00-11:30",
    "见图1(a)",
    "e-mail地址",
]


@pytest.mark.parametrize("typed,printed", CORRECTED)
def test_corrected(typed, printed):
    assert corrected(typed) == printed


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_left_alone(text):
    assert correct(text) == []


def test_corrections_are_idempotent():
    for typed, printed in CORRECTED:
        assert correct(printed) == [], printed


# -- checks: (text, flagged?) ---------------------------------------------------------------------

FLAGGED = [
    (checks.brackets, "他说“好"),
    (checks.brackets, "他说好”"),
    (checks.brackets, "《条例"),
    (checks.brackets, "条例》"),
    (checks.brackets, "（见附件"),
    (checks.brackets, "见附件）"),
    (checks.brackets, "【供稿"),
    (checks.brackets, "（见《条例）》"),
    (checks.brackets, "‘好"),
    (checks.doubled, "参赛选手参赛选手都来了"),
    (checks.doubled, "会议会议要求"),
    (checks.doubled, "我们要认真认真学习"),
    (checks.han_spaces, "嘉定 国资"),
    (checks.han_spaces, "新征程 新奋进"),
    (checks.final_mark, "会议要求各部门抓紧抓实各项工作，落实责任"),
    (checks.final_mark, "会议要求各部门要把合规管理作为一把手工程切实抓紧抓实"),
    (checks.mixed_lists, "北京、上海，广州等地"),
    (checks.mixed_lists, "调研了东土、不工，致远等企业"),
    (checks.straight_quotes, '5"屏幕'),
    (checks.straight_quotes, "他说'好"),
]

NOT_FLAGGED = [
    (checks.brackets, "他说“好”，《条例》（试行）【供稿】‘是’"),
    (checks.brackets, "it’s fine"),
    (checks.brackets, "“他说‘好’”"),
    (checks.doubled, "哈哈哈哈"),
    (checks.doubled, "谢谢谢谢"),
    (checks.doubled, "天天向上"),
    (checks.doubled, "高高兴兴"),
    (checks.han_spaces, "10 月 9 日"),
    (checks.han_spaces, "在 TOP30 榜单"),
    (checks.final_mark, "会议要求抓紧抓实。"),
    (checks.final_mark, "他说：“好。”"),
    (checks.final_mark, "撸起袖子沉下身子"),  # a short line without marks: a heading
    (checks.final_mark, "几个月来基本实现调研全覆盖，并形成三点体会："),
    (checks.mixed_lists, "北京、上海、广州等地"),
    (checks.mixed_lists, "会上，张三、李四等人发言"),
    (checks.mixed_lists, "要加强学习、提升能力，推动发展"),
    (checks.straight_quotes, "1'30\" it's"),
    (checks.straight_quotes, "他说“好”"),
]


@pytest.mark.parametrize("check,text", FLAGGED)
def test_flagged(check, text):
    assert check(text), text


@pytest.mark.parametrize("check,text", NOT_FLAGGED)
def test_not_flagged(check, text):
    assert not check(text), text


def test_number_units_flag_the_rarer_way_in_one_article():
    found = checks.number_units(["10 月 9 日上午", "10月10日和13日，2023年"])
    assert [(t, f.start) for t, f in found] == [(0, 0), (0, 5)]
    assert "10月" in found[0][1].message
    assert checks.number_units(["10 月 9 日", "2023 年"]) == []
    assert checks.number_units(["10月9日", "2023年，TOP30 人"]) == []


# -- places, warnings, check, --fix ----------------------------------------------------------

# the masthead every proofing test manifest starts with (its five lines keep the line numbers
# the tests assert)
MASTHEAD = """\
masthead:
  title: 嘉定国资
  number: 1
  editor: 办公室
  date: 2024-01-01
"""

MANIFEST = "# 校对测试\n" + MASTHEAD + """\
sections:
  - name: 要闻
    articles:
      - title: 会议要求(试行)
        note: 编者按:请各单位
          认真学习.
        body: |
          会议要求,各部门要把合规管理作为"一把手"工程,切实抓紧抓实.
          详见https://www.example.com/a?b=1,c=2,或发邮件至abc@example.com.

          ２０２３年ＧＤＰ增长3.2%,人均1,200元...他说--好。上午9:30开会,ISO 9001:2015认证。"Hello, world."

          参赛选手参赛选手都来了（没有结束。
        images:
          - file: pic.png
            caption: '张英一行调研(左二)'
        credit: "供稿:办公室 小王"  # 单位与姓名之间的空格保留
      - title: 第二篇
        body_file: second.txt
  - name: 简讯
    briefs:
      - 近日,嘉定 国资召开会议
colophon:
  lines:
    - label: 发
      to: "各区管企业,各\\"部门\\",\\x22机关\\x22等"
"""

SECOND = "本文来自正文文件,参赛选手都来了.\r\n\r\n10 月 9 日和10月10日,两次会议均已召开。\r\n"


@pytest.fixture
def lint(tmp_path):
    from PIL import Image

    Image.new("RGB", (600, 400), "white").save(tmp_path / "pic.png")
    (tmp_path / "lint.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "second.txt").write_bytes(b"\xef\xbb\xbf" + SECOND.encode("utf-8"))
    return tmp_path


def _char_at(file: Path, line: int, col: int) -> str:
    text = file.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").split("\n")[line - 1][col - 1]


def test_every_correction_points_at_the_character_it_changes(lint):
    issue = load_issue(lint / "lint.yaml")
    findings = proof_issue(issue)
    fixes = [f for f in findings if f.corrected]
    assert len(fixes) >= 20
    for f in fixes:
        if f.change:
            assert (f.line, f.col) == (f.change.line, f.change.col)
            assert _char_at(Path(f.file), f.line, f.col) == f.change.old[0], f
    # quotes written \\x22 in the double-quoted 报尾 line cannot be written back: said so
    unsafe = [f for f in fixes if not f.change]
    assert unsafe and all("无法写回" in f.message for f in unsafe)
    assert all(f.line == 32 for f in unsafe)


def test_checks_point_at_the_character(lint):
    findings = [f for f in proof_issue(load_issue(lint / "lint.yaml")) if not f.corrected]
    where = {(Path(f.file).name, f.line, f.col): f.message for f in findings}
    assert "连写了两遍" in where[("lint.yaml", 19, 11)]  # 参赛选手参赛选手
    assert "「（」没有对应" in where[("lint.yaml", 19, 22)]
    assert "汉字之间有空格" in where[("lint.yaml", 28, 14)]  # 嘉定 国资, in a brief
    assert "没有句末标点" in where[("lint.yaml", 28, 20)]
    assert "数字与单位之间" in where[("second.txt", 3, 1)]  # 10 月, the rarer way there
    assert not any("汉字之间" in m for (name, line, _), m in where.items() if line == 23)  # a credit


def test_the_sample_is_left_as_it_is(sample_issue):
    import copy

    issue = copy.deepcopy(sample_issue)
    findings = proof_issue(issue)
    assert not [f for f in findings if f.corrected]
    assert [p.text for a in issue.articles() for p in a.body] == \
        [p.text for a in sample_issue.articles() for p in a.body]




def test_check_reports_once_grouped_by_article_in_source_order(lint):
    r = typeset("check", "lint.yaml", cwd=lint)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    headers = [k for k, line in enumerate(lines) if line.startswith("校对 ")]
    assert [lines[k] for k in headers] == ["校对 文章“会议要求(试行)”：", "校对 文章“第二篇”：",
                                           "校对 栏目“简讯”：", "校对 报尾："]
    body = [line.strip() for line in lines if line.startswith("  ")]
    assert len(body) == len(set(body))  # once each
    first = lines[headers[0] + 1:headers[1]]
    places = [tuple(map(int, re.search(r"第 (\d+) 行第 (\d+) 列", line).groups())) for line in first]
    assert places == sorted(places)
    assert lines[headers[0] + 1].startswith("  lint.yaml 第 10 行第 20 列：")  # the title's (
    assert "议要求(试行) → 议要求（试行）" in lines[headers[0] + 1]
    assert lines[-1].startswith("校对：") and "check --fix" in lines[-1]
    assert "Traceback" not in r.stderr


def test_fix_writes_the_corrections_back_and_the_pdf_stays_the_same(lint):
    before = lint / "before.pdf"
    build(lint / "lint.yaml", before)
    original = (lint / "lint.yaml").read_text(encoding="utf-8")
    r = typeset("check", "--fix", "lint.yaml", cwd=lint)
    assert r.returncode == 0, r.stderr
    assert "lint.yaml 第 14 行：会议要求,各部门要把合规管理作为\"一把手\"工程,切实抓紧抓实. → " \
           "会议要求，各部门要把合规管理作为“一把手”工程，切实抓紧抓实。" in r.stdout
    assert "second.txt 第 1 行：" in r.stdout
    assert (lint / "lint.yaml.bak").read_text(encoding="utf-8") == original
    assert (lint / "second.txt.bak").read_bytes().startswith(b"\xef\xbb\xbf")
    fixed = (lint / "lint.yaml").read_text(encoding="utf-8")
    assert "# 校对测试" in fixed and "# 单位与姓名之间的空格保留" in fixed  # comments kept
    assert "title: 会议要求（试行）" in fixed
    assert 'credit: "供稿：办公室 小王"' in fixed
    assert "https://www.example.com/a?b=1,c=2，或发邮件至abc@example.com。" in fixed
    assert "认证。“Hello, world.”" in fixed  # an English sentence keeps its own marks
    assert 'to: "各区管企业，各“部门”，\\x22机关\\x22等"' in fixed  # \\" written back, \\x22 not
    assert "无法安全地写回" in r.stdout
    second = (lint / "second.txt").read_bytes()
    assert second.startswith(b"\xef\xbb\xbf") and b"\r\n" in second  # BOM and line ends kept
    assert second.decode("utf-8-sig").startswith("本文来自正文文件，参赛选手都来了。\r\n")
    # a build now gives the same PDF, and only the unwritable corrections are still warned of
    after = lint / "after.pdf"
    result = build(lint / "lint.yaml", after)
    assert after.read_bytes() == before.read_bytes()
    corrections = [f for f in result.proofing if f.corrected]
    assert corrections and all("无法写回" in f.message for f in corrections)
    # and a second --fix has nothing more to write
    said = []
    assert fix_issue(lint / "lint.yaml", said.append) == 0
    assert not any("改了" in line for line in said)


def test_proofing_off(lint):
    manifest = lint / "lint.yaml"
    manifest.write_text(MANIFEST + "style:\n  proofing: off\n", encoding="utf-8")
    issue = load_issue(manifest)
    assert issue.style.proofing is False
    assert proof_issue(issue) == []
    said = []
    assert fix_issue(manifest, said.append) == 0 and "style.proofing 为 off" in said[0]
    assert manifest.read_text(encoding="utf-8") == MANIFEST + "style:\n  proofing: off\n"
    assert build(manifest, write=False).proofing == []
    manifest.write_text(MANIFEST + "style:\n  proofing: maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_issue(manifest)
    assert "style.proofing" in str(exc.value) and "on 或 off" in str(exc.value)


# -- in the PDF ---------------------------------------------------------------------------------

def _rows(pdf):
    rows = {}
    for page in read_pdf(pdf):
        for c in page.chars:
            if c.size == EM:
                rows.setdefault((page.number, round(c.baseline, 1)), []).append(c)
    return [sorted(r, key=lambda c: c.x) for r in rows.values()]


@pytest.mark.parametrize("style,comma,stop", [("quanjiao", 1.0, 1.0), ("kaiming", 0.5, 1.0),
                                              ("banjiao", 0.5, 0.5)])
def test_corrected_marks_print_at_the_style_widths(tmp_path, style, comma, stop):
    body = ['甲,乙.丙"丁"戊', "访问https://a.example.com/x?y=1,z=2.", "上午9:30,ISO 9001:2015认证",
            "Hello, world.", "２０２３年(试行)...他说--好", "邮件abc@example.com,版本v2.1.0."]
    m = {
        "masthead": {"title": "嘉定国资", "number": 1, "editor": "办公室", "date": "2024-01-01"},
        "sections": [{"name": "测试", "articles": [{"title": "校对", "body": "\n\n".join(body)}]}],
        "style": {"punctuation": style, "columns": 1},
    }
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    result = build(path, tmp_path / "p.pdf")
    assert sum(f.corrected for f in result.proofing) == 13
    lines = {"".join(c.text for c in row): row for row in _rows(tmp_path / "p.pdf")}
    assert "甲，乙。丙“丁”戊" in lines
    assert "访问https://a.example.com/x?y=1,z=2。" in lines
    assert "上午9:30，ISO 9001:2015认证" in lines
    assert "Hello, world." in lines
    assert "2023年（试行）……他说——好" in lines
    assert "邮件abc@example.com，版本v2.1.0。" in lines
    row = lines["甲，乙。丙“丁”戊"]
    adv = {f"{a.text}{b.text}": round((b.x - a.x) / EM, 3) for a, b in zip(row, row[1:])}
    assert adv["，乙"] == comma and adv["。丙"] == stop
    assert adv["甲，"] == adv["乙。"] == 1.0


def test_a_plain_or_quoted_text_over_lines_is_joined_like_a_block(tmp_path):
    (tmp_path / "fold.yaml").write_text("""\
masthead: {title: 嘉定国资, number: 1, editor: 办公室, date: 2024-01-01}
sections:
  - name: 要闻
    articles:
      - title: 标题
        note: 编者按：请各单位
          认真学习。Hello
          world.
        body: 正文。
    briefs:
      - "简讯一，第一行
        第二行。"
""", encoding="utf-8")
    issue = load_issue(tmp_path / "fold.yaml")
    article = issue.sections[0].articles[0]
    assert article.note == "编者按：请各单位认真学习。Hello world."  # no space between 位 and 认
    assert issue.sections[0].briefs[0].text == "简讯一，第一行第二行。"
    assert article.origins["note"].exact(article.note.index("认")) == (7, 11)
    assert proof_issue(issue) == []


def test_a_quotation_of_several_paragraphs_opens_each_and_closes_the_last(tmp_path):
    def unclosed(body):
        (tmp_path / "q.yaml").write_text(
            "masthead: {title: 嘉定国资, number: 1, editor: 办公室, date: 2024-01-01}\n"
            "sections:\n  - name: 要闻\n    articles:\n      - title: 标题\n        body: |\n"
            + "".join(f"          {line}\n" for line in body), encoding="utf-8")
        return [f.line for f in proof_issue(load_issue(tmp_path / "q.yaml")) if "没有对应" in f.message]

    assert unclosed(["“第一段引文。", "", "“第二段引文。", "", "“第三段引文。”"]) == []
    assert unclosed(["“第一段引文。", "", "第二段没有引号。"]) == [7]
    assert unclosed(["第一段“引文。", "", "“第二段引文。”"]) == [7]


# -- properties, on text made of Chinese, marks typed in the English mode and protected tokens --


TOKENS = ["https://www.example.com/a?b=1,c=2", "abc.def@example.com", "1,200", "3.2", "9:30",
          "27001:2022", "ISO 9001:2015", "v2.1.0", "报告.docx", "a.pdf", "www.jiading.gov.cn",
          "\"Hello, world.\"", "`a, b`", "--fix", "e.g", "it's"]
PIECES = st.one_of(st.sampled_from(TOKENS), st.text("会议要求各部门抓紧落实嘉定国资", min_size=1, max_size=6),
                   st.sampled_from(list(",.:;!?()\"' ") + ["...", "--", "２０２３", "ＧＤＰ"]))


def _bare(text):
    """The words of a text: what no correction may change."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(PIECES, min_size=1, max_size=12))
def test_corrections_keep_words_and_tokens_and_are_stable(pieces):
    # a token stands apart from what follows it (else "3.2" + "会" is still 3.2, but "9:30"
    # + "3" is another number)
    text = "".join(p + ("会" if p in TOKENS else "") for p in pieces)
    printed = corrected(text)
    assert _bare(printed) == _bare(text)
    for p in pieces:
        if p in TOKENS and p[0] not in "\"`":
            assert p in printed, (text, printed)
    assert correct(printed) == [], (text, printed)


PLACES = """\
masthead: {title: 嘉定国资, number: 1, editor: 办公室, date: 2024-01-01}
sections:
  - name: "要闻,动态"
    articles:
      - title: |-
          两行的
          标题,之二
        subtitle: '它''s 副标题,好'
        note: >
          折叠的编者按,
          第二行。

          第二段。
        body: |2
            缩进更深的一行,
          正文第一段,继续。

          ## 小标题,一

          第二段 , 有空格。
        credit: "供稿:\\u529e公室\\t小王"
"""


def test_every_character_has_its_place_in_each_kind_of_yaml_text(tmp_path):
    (tmp_path / "places.yaml").write_text(PLACES, encoding="utf-8")
    issue = load_issue(tmp_path / "places.yaml")
    lines = PLACES.split("\n")
    section = issue.sections[0]
    article = section.articles[0]
    texts = [(section.name, section.name_origin)] + [(getattr(article, k), article.origins[k])
                                                     for k in ("title", "subtitle", "note", "credit")]
    texts += [(p.text, p.origin) for p in article.body]
    placed = 0
    for text, origin in texts:
        for k, ch in enumerate(text):
            place = origin.exact(k)
            if place:
                assert lines[place[0] - 1][place[1] - 1] == ch, (text, k)
                placed += 1
            else:  # only what the file does not spell as itself: a fold, an escape, a break
                assert ch in " \n'办\t", (text, k, ch)
    assert placed > 60
    assert article.title == "两行的\n标题,之二"
    assert [p.text for p in article.body] == ["缩进更深的一行,正文第一段,继续。", "小标题,一", "第二段 , 有空格。"]
    assert article.body[1].heading
    # and so every correction is written back where it belongs
    findings = proof_issue(issue)
    for f in findings:
        if f.corrected and f.change:
            assert lines[f.change.line - 1][f.change.col - 1:].startswith(f.change.old)
    assert sum(1 for f in findings if f.corrected and f.change) >= 8
    assert all("\n" not in str(f) for f in findings)  # one line each, a two-line title too


# What han_spaces finds, as the one pattern it once was: runs of spaces with a Chinese
# character on both sides.
_HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.sampled_from(list("嘉定国资a1。，") + [" ", "\t", "\u3000", "\n", "\u33ff", "\u3400", "\u9fff", "\ua000"]),
               max_size=16))
def test_spaces_between_chinese_are_the_runs_the_pattern_finds(text):
    assert [(f.start, f.end) for f in checks.han_spaces(text)] == \
        [m.span() for m in _HAN_SPACE.finditer(text)]
