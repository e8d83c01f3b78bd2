"""The tagged PDF read back: the structure tree in reading order (every paragraph one P,
intact), headings, figures with their alternative text, lists, page furniture as artifacts;
the PDF/A and PDF/UA claims, XMP, output intent; and `style.pdf: plain`."""

import xml.etree.ElementTree as ET

import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from expected import body_reading
from structcheck import Element, read_tagged, unmarked_painting
from test_generated import make_images, manifests, typeset

NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


# ISO 32000-1, 14.8.4: the standard structure types
STANDARD_ROLES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
    H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
    BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def text_without_figures(element: Element) -> str:
    """An element's text as body_reading has it: pictures and their captions float, and
    the expected reading leaves them out."""
    if element.role == "Figure":
        return ""
    parts = []
    for kid in element.order:
        parts.append(text_without_figures(kid) if isinstance(kid, Element) else element.texts.get(kid, ""))
    return squeeze("".join(parts))


def article_elements(article) -> list[tuple[str, str]]:
    """What an article's element holds, in reading order, pictures aside: role and text."""
    want = [("H1", article.title)]
    if article.subtitle:
        want.append(("P", article.subtitle))
    if article.note:
        want.append(("P", "编者按：" + article.note))
    want += [("H2" if p.heading else "P", p.text) for p in article.body]
    if article.credit:
        want.append(("P", f"【{article.credit}】"))
    return [(role, squeeze(text)) for role, text in want]


def check_structure(path, issue) -> Element:
    """Everything the structure tree of an issue must say; returns its Document element."""
    t = read_tagged(path)
    assert t.header.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in t.header[10:14])
    assert t.version == "1.7"
    assert t.catalog == {"Lang": issue.style.lang, "Marked": True, "DisplayDocTitle": True}
    doc = t.root
    assert doc.role == "Document"

    # every marked-content sequence belongs to exactly one element, and the parent tree says so
    assert not t.untagged
    assert set(t.texts) <= set(t.owners)
    assert sum(len(e.content) for e in doc.walk()) == len(t.owners)
    assert t.parent_tree == t.owners

    # every mark on the page is content of an element or an artifact, never both
    outside, deepest = unmarked_painting(path)
    assert outside == [] and deepest == 1
    roles = {e.role for e in doc.walk()}
    assert roles <= STANDARD_ROLES, roles - STANDARD_ROLES  # no RoleMap needed
    # headings: the first is an H1 and no level is skipped (Matterhorn 14-002, 14-003)
    levels = [int(e.role[1]) for e in doc.walk() if e.role in ("H1", "H2", "H3", "H4", "H5", "H6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    # lists: an L holds LIs (and its Caption first), an LI its Lbl and LBody (Matterhorn 09-005)
    for e in doc.walk():
        if e.role == "L":
            assert [k.role for k in e.children if k.role != "LI"] in ([], ["Caption"])
            assert e.children[0].role in ("LI", "Caption")
        if e.role == "LI":
            assert [k.role for k in e.children] == ["Lbl", "LBody"]

    # page furniture: the running header and the page number, and nothing else, are artifacts
    m = issue.masthead
    for index, chars in enumerate(t.artifacts):
        header = squeeze(m.title + m.issue_label) if index else ""
        assert squeeze("".join(c["text"] for c in chars)) == header + f"—{index + 1}—"

    parts = list(doc.children)
    masthead = parts.pop(0)
    assert masthead.role == "Sect"
    assert [e.role for e in masthead.children if e.role == "H1"] == ["H1"]
    assert masthead.find("H1")[0].text == squeeze(m.title)
    assert squeeze(m.issue_label) in masthead.text and squeeze(m.editor) in masthead.text

    if issue.contents:
        toc = parts.pop(0)
        assert toc.role == "L" and toc.children[0].role == "Caption" and toc.children[0].text == "本期要目"
        entries = [e for e in toc.children if e.role == "LI"]
        titles = [title for s in issue.sections
                  for title in [a.title for a in s.articles] or ([s.name] if s.briefs else [])]
        assert len(entries) == len(titles)
        for entry, title in zip(entries, titles):
            label, body = entry.children
            assert (label.role, label.text, body.role) == ("Lbl", "◆", "LBody")
            assert body.text.startswith(squeeze(title)) and body.text[len(squeeze(title)):].isdigit()

    # the reading order: everything below the masthead and contents, as the manifest has it
    got = "".join(text_without_figures(e) for e in parts)
    want = body_reading(issue)
    assert got == want, _first_difference(got, want)

    sections = parts[:len(issue.sections)]
    for section, sect in zip(issue.sections, sections):
        assert sect.role == "Sect"
        kids = list(sect.children)
        heading = kids.pop(0)
        assert (heading.role, heading.text) == ("H2", squeeze(f"【{section.name}】"))
        for article in section.articles:
            art = kids.pop(0)
            assert art.role == "Art"
            # one element per paragraph, intact, however many columns and pages it crosses
            assert [(e.role, e.text) for e in art.children if e.role != "Figure"] == article_elements(article)
            figures = [e for e in art.children if e.role == "Figure"]
            assert len(figures) == len(article.images)
            # page-wide pictures come under the title, column pictures after the first paragraph
            spans = sorted(article.images, key=lambda im: im.span != "page")
            for figure, image in zip(figures, spans):
                assert figure.alt == (" ".join(image.caption.split()) if image.caption else image.file.name)
                assert figure.content, "the picture itself is the Figure's content"
                captions = figure.find("Caption")
                assert [c.text for c in captions] == ([squeeze(image.caption)] if image.caption else [])
        if section.briefs:
            briefs = kids.pop(0)
            assert briefs.role == "L" and len(briefs.children) == len(section.briefs)
            for n, (item, brief) in enumerate(zip(briefs.children, section.briefs), 1):
                label, body = item.children
                assert (item.role, label.role, body.role) == ("LI", "Lbl", "LBody")
                assert (label.text, body.text) == (f"{n}、", squeeze(brief.text))
        assert not kids
    rest = parts[len(issue.sections):]
    if issue.colophon:
        (colophon,) = rest
        assert colophon.role == "Sect" and {e.role for e in colophon.children} == {"P"}
    else:
        assert not rest
    return doc


def _first_difference(got: str, want: str) -> str:
    for k, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"at {k}: got …{got[max(0, k - 20):k + 20]}… want …{want[max(0, k - 20):k + 20]}…"
    return f"lengths {len(got)} and {len(want)}"


def check_colours(path) -> None:
    """Only the device spaces an sRGB output intent allows: no CMYK operator, no CMYK picture."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"}, ops
            for _, image in page.get_images().items():
                assert image.ColorSpace in ("/DeviceRGB", "/DeviceGray"), image.ColorSpace
                assert "/SMask" not in image  # no transparency


# -- the sample ------------------------------------------------------------------------------


def test_sample_structure_tree_reads_in_order(sample_pdf, sample_issue):
    doc = check_structure(sample_pdf, sample_issue)
    # the sample has paragraphs that run on into the next column or page: still one P each
    across = [e for e in doc.find("P") if len({page for page, _ in e.content}) > 1]
    assert across
    # pdfplumber's own reading of the tree agrees, element for element
    import pdfplumber
    from pdfplumber.structure import PDFStructTree

    def roles(element):
        yield element.type
        for child in element.children:
            yield from roles(child)

    with pdfplumber.open(sample_pdf) as pdf:
        assert [r for top in PDFStructTree(pdf) for r in roles(top)] == [e.role for e in doc.walk()]
    headings = [e.text for e in doc.find("H1")]
    assert headings == [squeeze(sample_issue.masthead.title)] + [squeeze(a.title) for a in sample_issue.articles()]
    assert [e.text for e in doc.find("H2")] == [
        squeeze(f"【{s.name}】") if not p else squeeze(p.text)
        for s in sample_issue.sections
        for p in [None] + [p for a in s.articles for p in a.body if p.heading]
    ]


def test_sample_chars_carry_their_elements(sample_pdf):
    import pdfplumber

    with pdfplumber.open(sample_pdf) as pdf:
        first = pdf.pages[1].chars[0]
        assert first["tag"] == "H2" and first["mcid"] == 0  # 【主题教育】 (or the next section)
        tags = {c["tag"] for page in pdf.pages for c in page.chars}
    assert tags == {"P", "H1", "H2", "Caption", "Lbl", "LBody", "Artifact"}


def test_sample_metadata_claims_pdfa_and_pdfua(sample_pdf, sample_issue):
    with pikepdf.open(sample_pdf) as pdf:
        info = pdf.docinfo
        xml = pdf.Root.Metadata.read_bytes()
        assert "/Filter" not in pdf.Root.Metadata
        assert pdf.Root.Metadata.Subtype == "/XML"
        assert "/Encrypt" not in pdf.trailer and len(pdf.trailer.ID) == 2
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        icc = profile.read_bytes()
        assert int(profile.N) == 3 and icc[16:20] == b"RGB " and icc[12:16] == b"mntr"
        assert int.from_bytes(icc[:4], "big") == len(icc)
        assert pdf.check_pdf_syntax() == []
    assert xml.startswith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'.encode())
    assert xml.rstrip().endswith(b'<?xpacket end="w"?>')
    root = ET.fromstring(xml)
    one = lambda path: root.find(path, NS).text  # noqa: E731
    d = ".//rdf:Description/"
    assert one(d + "pdfaid:part") == "2" and one(d + "pdfaid:conformance") == "U"
    assert one(d + "pdfuaid:part") == "1"
    assert one(d + "dc:title/rdf:Alt/rdf:li") == str(info.Title) == sample_issue.name
    assert one(d + "dc:creator/rdf:Seq/rdf:li") == str(info.Author) == sample_issue.masthead.editor
    assert one(d + "dc:description/rdf:Alt/rdf:li") == str(info.Subject)
    assert one(d + "pdf:Keywords") == str(info.Keywords)
    assert one(d + "pdf:Producer") == str(info.Producer)
    assert one(d + "xmp:CreatorTool") == str(info.Creator)
    date = sample_issue.masthead.date
    assert str(info.CreationDate) == str(info.ModDate) == f"D:{date:%Y%m%d}000000+00'00'"
    assert one(d + "xmp:CreateDate") == one(d + "xmp:ModifyDate") == f"{date:%Y-%m-%d}T00:00:00+00:00"


def test_sample_passes_the_pdfa_and_pdfua_checkers(sample_pdf):
    """pikepdf's allowlist PDF/A validator (veraPDF's rules; it knows level B only and denies
    PDF/A extension schemas it does not inspect, which PDF/UA identification needs) and the
    pdfua package's machine-checkable PDF/UA-1 rules."""
    import pikepdf.pdfa as pdfa
    from pdfua import validate

    report = pdfa.validate_written(sample_pdf, "2b")
    expected = ("XMP namespace pdfaExtension=", "XMP namespace pdfaSchema=", "XMP namespace pdfaProperty=",
                "XMP property pdfuaid:part is not permitted", "XMP property pdfaExtension:schemas is not permitted",
                "pdfaid:conformance is 'U', expected 'B'")
    left = [f for f in report.findings if not any(e in str(f) for e in expected)]
    assert left == []
    ua = validate(str(sample_pdf))
    assert [(f.rule_id, f.message) for f in ua.findings] == []


def test_sample_colours_suit_the_srgb_intent(sample_pdf):
    check_colours(sample_pdf)


def test_the_tagged_sample_grows_by_less_than_15_percent(sample_pdf, workdir):
    from typesetter.build import build

    plain = workdir / "issue.yaml"
    plain.write_text(plain.read_text(encoding="utf-8").replace("\nstyle:\n", "\nstyle:\n  pdf: plain\n")
                     if "\nstyle:\n" in plain.read_text(encoding="utf-8")
                     else plain.read_text(encoding="utf-8") + "\nstyle:\n  pdf: plain\n", encoding="utf-8")
    build(plain, workdir / "plain.pdf")
    tagged, untagged = sample_pdf.stat().st_size, (workdir / "plain.pdf").stat().st_size
    print(f"tagged {tagged} bytes, plain {untagged} bytes: +{(tagged / untagged - 1) * 100:.1f}%")
    assert tagged <= untagged * 1.15

    # plain: untagged, as before — PDF 1.3, DeviceCMYK, no structure, no metadata
    t = read_tagged(workdir / "plain.pdf")
    assert t.root is None and t.version == "1.3" and not t.texts
    assert t.catalog == {"Lang": None, "Marked": None, "DisplayDocTitle": None}
    with pikepdf.open(workdir / "plain.pdf") as pdf:
        assert "/Metadata" not in pdf.Root and "/OutputIntents" not in pdf.Root
        ops = {str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])}
        assert "k" in ops and not ops & {"BDC", "BMC", "EMC"}


# -- generated issues -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tagged")
    make_images(folder / "images")
    return folder


def test_an_issue_with_every_kind_of_element_reads_in_order(folder):
    """Pictures (both spans, with and without caption, CMYK and with alpha), a 编者按,
    subheadings, a subtitle, a credit, briefs and the contents."""
    from pdfua import validate

    body = "\n\n".join(["第一段，" + "区国资委召开会议，部署下一阶段工作。" * 12,
                        "## 抓好落实", "第二段，" + "各企业结合实际认真贯彻。" * 40,
                        "## 再接再厉", "第三段，" + "持续推进改革发展。" * 30])
    manifest = {
        "masthead": {"title": "嘉定国资", "year": 2024, "number": 5, "editor": "办公室",
                     "date": "2024-05-06", "notice": "内部资料 注意保存"},
        "contents": True,
        "sections": [
            {"name": "要闻", "articles": [
                {"title": "第一篇\n两行标题", "subtitle": "副标题", "note": "编者按的文字。" * 10, "body": body,
                 "images": [{"file": "images/cmyk.jpg", "caption": "CMYK 图片"},
                            {"file": "images/alpha.png"},
                            {"file": "images/photo.jpg", "caption": "通栏图片", "span": "page"}],
                 "credit": "供稿：办公室 张三"},
                {"title": "第二篇", "body": "短文。" * 50}]},
            {"name": "简讯", "briefs": ["第一条简讯。" * 5, "第二条简讯。" * 30, "第三条。"]},
        ],
        "colophon": {"lines": [{"label": "报", "to": "市国资委"}, {"label": "发", "to": "各区管企业"}], "copies": 60},
    }
    t, _ = typeset(folder, manifest)
    doc = check_structure(folder / "issue.pdf", t.issue)
    assert len(doc.find("Figure")) == 3
    check_colours(folder / "issue.pdf")
    assert list(validate(str(folder / "issue.pdf")).findings) == []


@settings(max_examples=4, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a whole build per example: no shrinking
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_issues_read_in_order_from_the_structure_tree(folder, data):
    manifest = data.draw(manifests(["photo.jpg", "cmyk.jpg", "alpha.png", "grey.png", "rotated.jpg"]))
    t, _ = typeset(folder, manifest)
    check_structure(folder / "issue.pdf", t.issue)


def test_style_lang_sets_the_language(folder):
    manifest = {
        "masthead": {"title": "嘉定國資", "number": 7, "editor": "辦公室", "date": "2024-07-01"},
        "sections": [{"name": "要聞", "articles": [{"title": "繁體", "body": "正文。" * 20}]}],
        "style": {"lang": "zh-Hant-TW"},
    }
    t, _ = typeset(folder, manifest)
    assert check_structure(folder / "issue.pdf", t.issue)
    with pikepdf.open(folder / "issue.pdf") as pdf:
        assert b"<rdf:li>zh-Hant-TW</rdf:li>" in pdf.Root.Metadata.read_bytes()


def test_two_builds_give_the_same_bytes(folder):
    manifest = {
        "masthead": {"title": "嘉定国资", "number": 6, "editor": "办公室", "date": "2024-06-03"},
        "sections": [{"name": "图片", "articles": [
            {"title": "图文", "body": "正文。" * 200, "images": [{"file": "images/cmyk.jpg", "caption": "图"}]}]}],
    }
    typeset(folder, manifest)
    first = (folder / "issue.pdf").read_bytes()
    typeset(folder, manifest)
    assert (folder / "issue.pdf").read_bytes() == first
