"""The tagged PDF read back: the structure tree in reading order (every paragraph one P,
intact), headings, figures with their alternative text, lists, page furniture as artifacts;
the PDF/A and PDF/UA claims, XMP, output intent; and `style.pdf: plain`."""

import io
import xml.etree.ElementTree as ET

import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from structcheck import check_colours, check_structure, read_tagged, squeeze
from test_generated import make_images, manifests, typeset

NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


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
    # pdfuaid is not one of PDF/A-2's own schemas: it must be declared as an extension schema
    schema = root.find(d + "pdfaExtension:schemas/rdf:Bag/rdf:li", NS)
    assert schema.find("pdfaSchema:namespaceURI", NS).text == NS["pdfuaid"]
    assert schema.find("pdfaSchema:prefix", NS).text == "pdfuaid"
    prop = schema.find("pdfaSchema:property/rdf:Seq/rdf:li", NS)
    assert [prop.find(f"pdfaProperty:{k}", NS).text for k in ("name", "valueType", "category")] == \
        ["part", "Integer", "internal"]
    assert prop.find("pdfaProperty:description", NS).text
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
    # the file identifier follows the content: the same title and date, another text, another ID
    manifest["sections"][0]["articles"][0]["body"] = "另一篇正文。" * 100
    typeset(folder, manifest)
    with pikepdf.open(folder / "issue.pdf") as other, pikepdf.open(io.BytesIO(first)) as one:
        assert bytes(other.trailer.ID[0]) != bytes(one.trailer.ID[0])
