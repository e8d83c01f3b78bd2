"""The sample manifest issues/2023-10.yaml holds the complete text of 《嘉定国资》2023年第10期.

The reference is the text extracted from the issued PDF (tests/data/jiading-guozi-2023-10.txt):
its line breaks are the old layout's, so the comparison ignores line breaks, but not the
spaces inside a line (e.g. "10 月 9 日"), which the manifest must keep.

Only pyyaml and the standard library are used: this test does not depend on the typesetter
package.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "issues" / "2023-10.yaml"
REFERENCE = ROOT / "tests" / "data" / "jiading-guozi-2023-10.txt"

SECTION_MARKER = re.compile(r"^\[(.+)\]$")
CREDIT = re.compile(r"^【(.+)】$")
BRIEF_NUMBER = re.compile(r"^\d+、")
SUBHEADING = "## "
WHITESPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def manifest():
    with MANIFEST.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def reference_lines():
    """The reference's non-blank lines, stripped, with the markup the manifest drops removed:
    the [ ] around section names, the 【】 around credits, the 1、 2、 brief numbers."""
    lines = []
    in_briefs = False
    for raw in REFERENCE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = SECTION_MARKER.match(line)
        if m:
            line = m.group(1)
            in_briefs = line == "简讯"
        elif (m := CREDIT.match(line)):
            line = m.group(1)
        elif in_briefs:
            line = BRIEF_NUMBER.sub("", line)
        lines.append(line)
    return lines


def paragraphs(body):
    return [p for p in body.strip("\n").split("\n\n")]


def manifest_pieces(manifest):
    """Every piece of text in the manifest, in document order; body paragraphs separately,
    with the "## " subheading marker removed."""
    pieces = []
    for section in manifest["sections"]:
        pieces.append(section["name"])
        for article in section.get("articles", []):
            pieces.append(article["title"])
            if "subtitle" in article:
                pieces.append(article["subtitle"])
            for p in paragraphs(article["body"]):
                pieces.append(p[len(SUBHEADING):] if p.startswith(SUBHEADING) else p)
            if "credit" in article:
                pieces.append(article["credit"])
        pieces.extend(section.get("briefs", []))
    return pieces


def articles(manifest):
    return [a for s in manifest["sections"] for a in s.get("articles", [])]


def test_text_is_complete_and_in_order(manifest):
    expected = WHITESPACE.sub("", "".join(reference_lines()))
    actual = WHITESPACE.sub("", "".join(manifest_pieces(manifest)))
    assert actual == expected


def test_spaces_inside_lines_are_kept(manifest):
    # Joining the reference's stripped lines with nothing between them is what rebuilding
    # paragraphs does; so the two must agree character for character, spaces included.
    expected = "".join(reference_lines())
    actual = "".join(manifest_pieces(manifest))
    assert actual == expected
    assert "10 月 9 日上午" in actual and "对 11家企业" in actual


def test_paragraphs_are_rebuilt(manifest):
    arts = articles(manifest)
    assert len(arts) == 8
    for article in arts:
        body = article["body"]
        paras = paragraphs(body)
        assert len(paras) >= 2, article["title"]
        for p in paras:
            assert p, f"empty paragraph (more than one blank line) in {article['title']}"
            assert "\n" not in p, p
            assert p == p.strip(), p
    # the old layout's lines were about 34 characters wide; rebuilt paragraphs are not
    all_paras = [p for a in arts for p in paragraphs(a["body"]) if not p.startswith(SUBHEADING)]
    assert max(len(p) for p in all_paras) > 300


def test_subheadings(manifest):
    heads = [p[len(SUBHEADING):] for a in articles(manifest) for p in paragraphs(a["body"])
             if p.startswith(SUBHEADING)]
    assert heads == [
        "撸起袖子，沉下身子，练好“走功”，问需问计",
        "直面问题，深挖根源，练好“内功”，找准切入点",
        "理清思路，拿出办法，练好“实功”，对症下药",
    ]


def test_structure(manifest):
    assert [s["name"] for s in manifest["sections"]] == [
        "领导关注", "主题教育", "大兴调查研究", "国资动态", "国企动态", "简讯"]
    by_name = {s["name"]: s for s in manifest["sections"]}
    assert len(by_name["国企动态"]["articles"]) == 4
    assert len(by_name["简讯"]["briefs"]) == 2
    assert not any(BRIEF_NUMBER.match(b) for b in by_name["简讯"]["briefs"])
    for article in articles(manifest):
        assert re.match(r"^(供稿|作者)：", article["credit"]), article["credit"]
        assert not article["title"].startswith(" ")
    assert articles(manifest)[1]["subtitle"] == "暨党委中心组学习会"


def test_masthead_and_colophon(manifest):
    m = manifest["masthead"]
    assert m["title"] == "嘉定国资"
    assert (m["year"], m["number"]) == (2023, 10)
    assert m["editor"] == "嘉定区国有资产监督管理委员会办公室"
    assert str(m["date"]) == "2023-10-16"
    assert m["notice"] == "内部资料 注意保存"
    assert manifest["contents"] is True
    assert [line["label"] for line in manifest["colophon"]["lines"]] == ["报", "送", "发"]
    assert manifest["colophon"]["copies"] == 120
