"""`typeset add`: the units' Word files (and .txt, .md) into an issue, and what it refuses."""

import io
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from docx import Document
from docxmaker import article, photo, zip_bomb
from pdfcheck import is_subsequence, read_pdf, visible_text
from PIL import Image
from rules import BODY_FONT, Typeset
from test_cli import typeset

from typesetter.errors import InputError
from typesetter.importing.add import add_files
from typesetter.importing.docx import check_container, read_docx
from typesetter.importing.text import read_text_article
from typesetter.layout.geometry import make_geometry
from typesetter.manifest import load_issue

XINCHENG = [
    "10月9日上午，新城公司开展“廉洁文化进工地”活动。区国资委党委副书记钱伟勤出席会议。",
    ("empty",),
    ("bold", "一、统一思想认识，压实各方责任"),
    ("lines", ["\u3000\u3000综保区公司要落实“六同”工作机制，", "压实主体责任和监督责任。"]),
    ("empty",),
    ("picture", (200, 40, 40), "▲图为活动现场"),
    "会后，与会人员到项目建设工地现场进行实地走访调研。",
    ("table", [["项目", "金额（万元）"], ["围挡", "12"]]),
    ("bold", "二、加强风险防控"),
    "不断完善工程项目建设中的风险监测、风险化解和风险问责等管理机制。",
]
JIAOFA = [
    "自主题教育开展以来，交发集团持续多形式、多角度深入学习，广泛开展“学习身边榜样”活动。",
    ("picture", (40, 90, 200), "图为学习交流会现场"),
    "交发集团各级党组织迅速组织党员干部和职工，统筹利用线上线下各类资源、平台、载体。",
]
JIAJIA = [
    "为进一步加强集团合规体系建设，10 月 7日，嘉加集团召开合规管理工作部署及专题培训会议。",
    ("picture", (30, 160, 60), None),
    "管育民强调，集团上下要围绕深入贯彻习近平法治思想，全力打造法治化、合规化、现代化的集体企业。",
]


@pytest.fixture
def contributions(tmp_path):
    folder = tmp_path / "稿件"
    folder.mkdir()
    return [
        article(folder / "新城公司.docx", "新城公司开展“廉洁文化进工地”活动", XINCHENG, "（供稿：新城公司 翟芳华）"),
        article(folder / "交发集团.docx", "交发集团开展向陈海燕同志学习活动", JIAOFA, "【作者：交发集团 周云佳】",
                credit_right=False),
        article(folder / "嘉加集团.docx", "嘉加集团召开合规管理工作部署会议", JIAJIA, "供稿：嘉加集团 陶大炜"),
    ]


@pytest.fixture
def issue(workdir):
    """A new issue started from the sample, with a comment of the editor's in its sections."""
    old = workdir / "issue.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace(
        "  - name: 国企动态\n", "  # 各集团的稿件放这里\n  - name: 国企动态\n"), encoding="utf-8")
    r = typeset("new", workdir / "2023-11.yaml", "--from", old, "--date", "2023-11-16")
    assert r.returncode == 0, r.stderr
    return workdir / "2023-11.yaml"


def docx_paragraphs(path):
    """The text of a Word file as Word shows it, outside tables, without blanks."""
    return ["".join(p.text.split()) for p in Document(path).paragraphs if p.text.strip()]


def test_new_then_add_three_word_files(issue, contributions):
    before = issue.read_text(encoding="utf-8")
    r = typeset("add", issue, *contributions[:2], "--section", "国企动态")
    assert r.returncode == 0, r.stderr
    assert "新城公司开展“廉洁文化进工地”活动" in r.stdout and "images/01-1.jpg" in r.stdout
    assert "正文 4 段、小标题 2 个、表格 1 个" in r.stdout and "没有导入" not in r.stderr
    r = typeset("add", issue, contributions[2], "--section", "专题报道")
    assert r.returncode == 0, r.stderr
    assert "新建了栏目“专题报道”" in r.stdout

    text = issue.read_text(encoding="utf-8")
    assert text.splitlines()[:13] == before.splitlines()[:13]  # comments and the masthead's layout
    assert "  # 各集团的稿件放这里\n  - name: 国企动态\n    articles:\n      - title: 新城公司开展“廉洁文化进工地”活动\n" in text
    assert text.index("- name: 国企动态") < text.index("- name: 专题报道") < text.index("- name: 简讯")
    model = load_issue(issue)
    section = next(s for s in model.sections if s.name == "国企动态")
    xc, jf = section.articles
    assert [p.text for p in xc.body if getattr(p, "heading", False)] == ["一、统一思想认识，压实各方责任", "二、加强风险防控"]
    assert [p.header for p in xc.body if not hasattr(p, "heading")] == [["项目", "金额（万元）"]]
    assert xc.body[2].text == "综保区公司要落实“六同”工作机制，压实主体责任和监督责任。"  # Shift+Enter
    assert xc.credit == "供稿：新城公司 翟芳华" and jf.credit == "作者：交发集团 周云佳"
    assert [im.caption for im in xc.images] == ["活动现场"] and [im.caption for im in jf.images] == ["学习交流会现场"]
    body_file = issue.parent / "articles" / "01-新城公司开展廉洁文化进工地活动.txt"
    assert body_file.read_text(encoding="utf-8").startswith(
        "10月9日上午，新城公司开展“廉洁文化进工地”活动。区国资委党委副书记钱伟勤出席会议。\n\n## 一、统一思想认识")
    with Image.open(issue.parent / "images" / "02-1.jpg") as im:
        assert im.size == (640, 480)

    r = typeset(issue)
    assert r.returncode == 0, r.stderr
    pdf = issue.with_suffix(".pdf")
    built = Typeset(pdf, _printed(model), make_geometry(model.style))
    built.check_reading_order()  # every character of the issue, in order; captions under pictures
    printed = "".join(visible_text(l.chars) for l in built.flat)
    for docx_file in contributions:  # every character of each Word file, in order
        for para in docx_paragraphs(docx_file):
            para = para.lstrip("▲").replace("图为", "").strip("（）【】")
            assert is_subsequence(para, printed) == -1, para
    assert "【供稿：新城公司翟芳华】" in printed and "【作者：交发集团周云佳】" in printed
    everything = "".join(visible_text(p.chars) for p in read_pdf(pdf))
    for cell in ("项目", "金额（万元）", "围挡", "12"):  # the Word table, set as a table
        assert cell in everything
    heads = [l for l in built.flat if visible_text(l.chars) == "一、统一思想认识，压实各方责任"]
    assert heads and all(c.font != BODY_FONT for c in heads[0].visible())  # set as a subheading
    pictures = sum(len(p) for p in built.pictures)
    assert pictures == 3


def _printed(model):
    """The issue as printed: its empty sections are left out."""
    model.sections = [s for s in model.sections if s.articles or s.briefs]
    return model


def test_without_section_the_last_section_before_briefs(issue, contributions):
    r = typeset("add", issue, contributions[2])
    assert r.returncode == 0, r.stderr
    assert "栏目“国企动态”" in r.stdout
    assert [s.name for s in load_issue(issue).sections if s.articles] == ["国企动态"]
    r = typeset("add", issue, contributions[2])  # the same file again: added, and said
    assert r.returncode == 0 and "本期已有同名文章《嘉加集团召开合规管理工作部署会议》" in r.stderr


@pytest.mark.parametrize("line, credit", [
    ("供稿：新城公司 翟芳华", "供稿：新城公司 翟芳华"),
    ("（供稿：新城公司 翟芳华）", "供稿：新城公司 翟芳华"),
    ("【供稿：新城公司  翟芳华】", "供稿：新城公司 翟芳华"),
    ("(供稿: 新城公司 翟芳华)", "供稿：新城公司 翟芳华"),
    ("作者：区国资委 赵志坚", "作者：区国资委 赵志坚"),
    ("文/交发集团 周云佳", "文/交发集团 周云佳"),
])
def test_credit_forms(tmp_path, line, credit):
    path = article(tmp_path / "a.docx", "标题", ["正文一段。"], line, credit_right=line.startswith("（"))
    got = read_docx(path)
    assert got.credit == credit and [p.text for p in got.paragraphs] == ["正文一段。"]


def test_word_conventions(tmp_path):
    path = article(tmp_path / "a.docx", "嘉定区召开会议", XINCHENG, "（供稿：新城公司 翟芳华）")
    got = read_docx(path)
    assert got.title == "嘉定区召开会议"
    assert [(p.text[:8], p.heading) for p in got.paragraphs] == [
        ("10月9日上午，", False), ("一、统一思想认识", True), ("综保区公司要落实", False),
        ("会后，与会人员到", False), ("| 项目 | 金", False), ("二、加强风险防控", True), ("不断完善工程项目", False)]
    assert [p.caption for p in got.pictures] == ["活动现场"] and got.pictures[0].ext == ".jpg"
    assert got.paragraphs[4].table and got.paragraphs[4].text == "| 项目 | 金额（万元） |\n|---|---|\n| 围挡 | 12 |"
    assert not got.not_taken


def test_title_is_the_largest_when_not_first(tmp_path):
    doc = Document()
    doc.add_paragraph("嘉定国资信息")
    big = doc.add_paragraph().add_run("区国资委召开信息工作会议")
    from docx.shared import Pt
    big.font.size = Pt(22)
    doc.add_paragraph("\u3000\u300010 月 11 日下午，区国资委召开 2023 年国资系统意识形态工作暨信息工作和数字化建设会议。")
    doc.save(tmp_path / "a.docx")
    got = read_docx(tmp_path / "a.docx")
    assert got.title == "区国资委召开信息工作会议"
    assert got.paragraphs[0].text == "嘉定国资信息" and got.notes  # kept, and said


def _png_claiming(width, height) -> bytes:
    """A small PNG whose header claims width × height pixels (a decompression bomb)."""
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4: ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17: ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr: ihdr + 17])))
    return bytes(data)


def _bad_files(folder: Path):
    good = article(folder / "good.docx", "标题", ["正文一段。"], "供稿：某单位")
    files = {}
    files["doc"] = folder / "old.docx"
    files["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    files["encrypted"] = folder / "locked.docx"
    files["encrypted"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
                                   + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600)
    files["not_zip"] = folder / "note.docx"
    files["not_zip"].write_text("这其实是一个文本文件", encoding="utf-8")
    files["truncated"] = folder / "cut.docx"
    files["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["excel"] = folder / "sheet.docx"
    import zipfile
    with zipfile.ZipFile(files["excel"], "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    files["empty"] = folder / "empty.docx"
    doc = Document()
    doc.add_paragraph()
    doc.add_paragraph("\u3000\u3000")
    doc.save(files["empty"])
    files["bomb_picture"] = folder / "bombpic.docx"
    doc = Document()
    doc.add_paragraph("标题")
    doc.add_paragraph("正文。")
    doc.add_picture(io.BytesIO(_png_claiming(8, 8)))
    doc.save(files["bomb_picture"])
    with zipfile.ZipFile(files["bomb_picture"]) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(files["bomb_picture"], "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, _png_claiming(60000, 60000) if name.endswith(".png") else data)
    files["doc_suffix"] = folder / "old.doc"
    files["doc_suffix"].write_bytes(b"\xd0\xcf\x11\xe0")
    return files


WHAT_THEY_GET = {
    "doc": "旧版 Word 文件（.doc）", "encrypted": "设了打开密码", "not_zip": "不是 Word 文档（.docx）",
    "truncated": "已损坏", "excel": "Excel 表格", "empty": "没有文字", "bomb_picture": "极多像素",
    "doc_suffix": "不能导入 .doc 文件",
}


def test_bad_word_files_each_get_their_message_and_leave_the_issue_alone(issue, tmp_path):
    files = _bad_files(tmp_path)
    before = issue.read_bytes()
    for kind, phrase in WHAT_THEY_GET.items():
        with pytest.raises(InputError) as exc:
            add_files(issue, [files[kind]], None)
        assert phrase in str(exc.value), (kind, str(exc.value))
    for kind in ("doc", "truncated"):  # and through the command line: exit 2, no traceback
        r = typeset("add", issue, files[kind])
        assert r.returncode == 2 and WHAT_THEY_GET[kind] in r.stderr and "Traceback" not in r.stderr
        assert "清单没有改动" in r.stderr
    assert issue.read_bytes() == before
    assert not (issue.parent / "articles").exists() and not (issue.parent / "images").exists()


def test_a_bad_file_among_good_ones_adds_nothing(issue, contributions, tmp_path):
    before = issue.read_bytes()
    bad = _bad_files(tmp_path)["truncated"]
    r = typeset("add", issue, contributions[0], bad)
    assert r.returncode == 2 and "cut.docx" in r.stderr
    assert issue.read_bytes() == before and not (issue.parent / "articles").exists()


def test_zip_bomb_refused_fast_before_parsing(issue, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.docx")  # about 2 MB on disk, 2 GB of "XML"
    assert bomb.stat().st_size < 3 * 1024 * 1024
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        check_container(bomb)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "压缩炸弹" in str(exc.value) and seconds < 0.5 and peak < 5 * 1024 * 1024
    before = issue.read_bytes()
    r = typeset("add", issue, bomb)
    assert r.returncode == 2 and "压缩炸弹" in r.stderr and issue.read_bytes() == before


def test_never_overwrites_a_body_file_or_a_picture(issue, contributions):
    (issue.parent / "articles").mkdir()
    mine = issue.parent / "articles" / "01-编辑自己写的.txt"
    mine.write_text("编辑写的正文。\n", encoding="utf-8")
    r = typeset("add", issue, contributions[0])
    assert r.returncode == 0, r.stderr
    assert mine.read_text(encoding="utf-8") == "编辑写的正文。\n"
    assert (issue.parent / "articles" / "02-新城公司开展廉洁文化进工地活动.txt").is_file()
    assert (issue.parent / "images" / "02-1.jpg").is_file()


def test_plain_text_pasted_from_word_and_in_gbk(tmp_path):
    path = tmp_path / "稿件.txt"
    path.write_bytes("区国资委召开会议\n\u3000\u3000第一段。\n\u3000\u3000第二段，\n续行。\n\u3000\u3000（供稿：区国资委 办公室）\n"
                     .encode("gb18030"))
    got = read_text_article(path)
    assert got.title == "区国资委召开会议"
    assert [p.text for p in got.paragraphs] == ["第一段。", "第二段，续行。"]
    assert got.credit == "供稿：区国资委 办公室" and any("GBK" in n for n in got.notes)


def test_markdown_with_a_picture(tmp_path, issue):
    (tmp_path / "photo.jpg").write_bytes(photo().getvalue())
    md = tmp_path / "稿件.md"
    md.write_text("# 住房集团召开办公室主任会议\n\n会议强调，**办公室工作**要适应新形势。\n\n"
                  "![集团办公室主任会议现场](photo.jpg)\n\n## 着力加强统筹协调\n\n打造能战善战的办公室铁军。\n\n"
                  "供稿：住房集团 袁倩雯\n", encoding="utf-8")
    got = read_text_article(md)
    assert got.title == "住房集团召开办公室主任会议" and got.credit == "供稿：住房集团 袁倩雯"
    assert [(p.text, p.heading) for p in got.paragraphs] == [
        ("会议强调，办公室工作要适应新形势。", False), ("着力加强统筹协调", True), ("打造能战善战的办公室铁军。", False)]
    assert [p.caption for p in got.pictures] == ["集团办公室主任会议现场"]
    r = typeset("add", issue, md, "--section", "国资动态")
    assert r.returncode == 0, r.stderr
    assert typeset(issue).returncode == 0
    printed = "".join(visible_text(p.chars) for p in read_pdf(issue.with_suffix(".pdf")))
    assert "集团办公室主任会议现场" in printed and "【供稿：住房集团袁倩雯】" in "".join(printed.split())


def test_what_is_not_taken_is_said(tmp_path):
    from docx.opc.packuri import PackURI
    from docxmaker import append_xml, text_box

    doc = Document()
    doc.add_paragraph("区国资委召开会议")
    p = doc.add_paragraph("\u3000\u3000会议由")
    append_xml(p, '<w:ins w:id="1" w:author="编辑"><w:r><w:t>区国资委</w:t></w:r></w:ins>')
    append_xml(p, '<w:del w:id="2" w:author="编辑"><w:r><w:delText>某某</w:delText></w:r></w:del>')
    append_xml(p, "<w:r><w:t>主任主持。</w:t></w:r>")
    append_xml(p, '<w:r><w:footnoteReference w:id="1"/></w:r>')
    append_xml(p, '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r>')
    append_xml(p, text_box("文本框里的一句话"))
    append_xml(p, "<m:oMath><m:r><m:t>E=mc2</m:t></m:r></m:oMath>")
    doc.add_picture(photo())  # becomes a floating picture below
    anchored = doc.paragraphs[-1]._p.xpath(".//wp:inline")[0]
    anchored.tag = anchored.tag.replace("inline", "anchor")
    doc.add_paragraph("图为会议现场")
    doc.add_picture(photo((0, 0, 0)))
    doc.add_paragraph("第二段正文。")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "一个单元格的表格里的文字。"
    doc.add_comment(doc.paragraphs[-1].runs, text="请核对", author="编辑")
    doc.add_paragraph("（供稿：区国资委 办公室）")
    emf = doc.part.related_parts[doc.paragraphs[-3]._p.xpath(".//a:blip/@r:embed")[0]]  # the second picture
    emf.partname = PackURI(str(emf.partname).rsplit(".", 1)[0] + ".emf")
    doc.save(tmp_path / "a.docx")

    got = read_docx(tmp_path / "a.docx")
    assert [p.text for p in got.paragraphs] == ["会议由区国资委主任主持。", "第二段正文。", "一个单元格的表格里的文字。"]
    assert got.credit == "供稿：区国资委 办公室"
    said = "\n".join(got.not_taken)
    for phrase in ("文本框或形状 1 个（“文本框里的一句话”）", "公式 1 个（“E=mc2”）", "脚注或尾注 1 个", "批注 1 条",
                   "EMF 格式的图片 1 个", "隐藏文字 1 处（“隐藏的字”）"):
        assert phrase in said, said
    assert [p.caption for p in got.pictures] == ["会议现场"]  # the floating one; the EMF one is said
    assert any("插入 1 处、删除 1 处" in n for n in got.notes)


def test_photos_side_by_side_in_a_table_keep_their_captions(tmp_path):
    doc = Document()
    doc.add_paragraph("住房集团召开办公室主任会议")
    doc.add_paragraph("\u3000\u3000会议强调，办公室工作要适应新形势新任务。")
    table = doc.add_table(rows=2, cols=2)
    for c, (colour, caption) in enumerate((((200, 0, 0), "图为会议现场"), ((0, 0, 200), "▲与会人员合影"))):
        table.cell(0, c).paragraphs[0].add_run().add_picture(photo(colour))
        table.cell(1, c).text = caption
    doc.add_paragraph("供稿：住房集团 袁倩雯")
    doc.save(tmp_path / "a.docx")
    got = read_docx(tmp_path / "a.docx")
    assert [p.caption for p in got.pictures] == ["会议现场", "与会人员合影"]
    assert [p.text for p in got.paragraphs] == ["会议强调，办公室工作要适应新形势新任务。"] and not got.not_taken


def test_no_title_line_and_a_date_after_the_credit(tmp_path):
    doc = Document()
    body = "10 月 11 日下午，区国资委召开 2023 年国资系统意识形态工作暨信息工作和数字化建设会议。" * 2
    doc.add_paragraph("\u3000\u3000" + body)
    doc.add_paragraph("【供稿：区国资委 办公室】")
    doc.add_paragraph("2023年10月12日")
    doc.save(tmp_path / "信息工作会议.docx")
    got = read_docx(tmp_path / "信息工作会议.docx")
    assert got.title == "信息工作会议" and any("没有标题行" in n for n in got.notes)
    assert got.credit == "供稿：区国资委 办公室"
    assert [p.text for p in got.paragraphs] == [body, "2023年10月12日"]  # nothing dropped


def test_a_body_part_named_otherwise_is_found(tmp_path):
    """Word Online names the body word/document2.xml; the package's relationships say so."""
    import zipfile

    good = article(tmp_path / "a.docx", "标题", ["正文一段。"], "供稿：某单位")
    renamed = tmp_path / "b.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            name = info.filename.replace("word/document.xml", "word/document2.xml")
            name = name.replace("word/_rels/document.xml.rels", "word/_rels/document2.xml.rels")
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"/word/document.xml", b"/word/document2.xml").replace(
                    b'"word/document.xml"', b'"word/document2.xml"')
            dst.writestr(name, data)
    check_container(renamed)
    assert read_docx(renamed).paragraphs[0].text == "正文一段。"


def test_a_word_table_with_caption_merged_cells_and_notes(tmp_path, issue):
    doc = Document()
    doc.add_paragraph("区属企业主要经济指标")
    doc.add_paragraph("\u3000\u30001—9月，区属企业经营总体平稳。")
    doc.add_paragraph("表1 2023年1—9月主要指标")
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=3, cols=3)
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "营业收入"
    table.cell(0, 0).text = "企业"
    for r, row in enumerate((["嘉定城投", "1,234.5", "−3.2%"], ["交发集团", "987.0", "5.1%"]), 1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("数据来源：区国资委统计月报")
    doc.add_paragraph("（供稿：区国资委 财务科）")
    doc.save(tmp_path / "t.docx")
    got = read_docx(tmp_path / "t.docx")
    assert got.paragraphs[1].text == ("表1 2023年1—9月主要指标\n单位：万元\n| 企业 | 营业收入 |  |\n|---|---|---|\n"
                                      "| 嘉定城投 | 1,234.5 | −3.2% |\n| 交发集团 | 987.0 | 5.1% |\n数据来源：区国资委统计月报")
    r = typeset("add", issue, tmp_path / "t.docx")
    assert r.returncode == 0, r.stderr
    model = load_issue(issue)
    (table,) = [p for a in model.articles() for p in a.body if not hasattr(p, "heading")]
    assert table.caption == "表1 2023年1—9月主要指标" and table.unit == "单位：万元"
    assert table.header == ["企业", "营业收入", ""] and table.rows[0] == ["嘉定城投", "1,234.5", "−3.2%"]
    assert table.notes == ["数据来源：区国资委统计月报"]
    assert typeset(issue).returncode == 0


def test_rows_pasted_from_a_spreadsheet_in_a_text_file(tmp_path):
    path = tmp_path / "稿件.txt"
    path.write_text("经济指标\n\n前三季度总体平稳。\n\n企业\t营业收入\n嘉定城投\t1,234.5\n\n供稿：区国资委\n", encoding="utf-8")
    got = read_text_article(path)
    assert [(p.text, p.table) for p in got.paragraphs] == [
        ("前三季度总体平稳。", False), ("| 企业 | 营业收入 |\n|---|---|\n| 嘉定城投 | 1,234.5 |", True)]


def test_a_macro_enabled_word_file_is_told_to_be_saved_as_docx(tmp_path, issue):
    import zipfile

    good = article(tmp_path / "g.docx", "标题", ["正文一段。"], "供稿：某单位")
    macro = tmp_path / "m.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    b"application/vnd.ms-word.document.macroEnabled.main+xml")
            dst.writestr(info.filename, data)
    with pytest.raises(InputError) as exc:
        read_docx(macro)
    assert "启用宏的 Word 文件" in str(exc.value)
    (tmp_path / "稿件.docm").write_bytes(macro.read_bytes())
    with pytest.raises(InputError) as exc:
        add_files(issue, [tmp_path / "稿件.docm"], None)
    assert "启用宏的文档和模板请先在 Word 中“另存为”" in str(exc.value)
