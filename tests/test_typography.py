"""Chinese typography measured on the PDF: punctuation widths in each style, Han–Latin
spacing, the dash and the ellipsis, read back from the characters' positions."""

import pytest
import yaml

from pdfcheck import read_pdf
from typesetter.build import build

EM = 10.5

# Short paragraphs: each fits on one line, so nothing is justified and every width is the
# natural one. Between the two 【】 every pair of neighbours is measured.
PROBES = {
    "marks": "甲，乙。丙、丁；戊：己？庚！辛",
    "pairs": "甲。”乙，“丙）。丁》、《戊",
    "brackets": "甲（乙）丙《丁》戊“己”庚",
    "dot": "理·党校",
    "latin": "在36氪举办的TOP30榜单，GDP增长5.2%。",
    "dash": "他说——是的……好",
}


def typeset_probes(tmp_path, style):
    body = "\n\n".join(PROBES.values())
    m = {
        "masthead": {"title": "嘉定国资", "number": 1, "editor": "办公室", "date": "2024-01-01"},
        "sections": [{"name": "测试", "articles": [{"title": "标点与间距", "body": body}]}],
        "style": {"punctuation": style, "columns": 1},
    }
    path = tmp_path / f"{style}.yaml"
    path.write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    build(path, tmp_path / f"{style}.pdf")
    chars = [c for page in read_pdf(tmp_path / f"{style}.pdf") for c in page.chars
             if c.size == EM and c.font == "NotoSerifCJKsc-Regular"]
    lines = {}
    for c in chars:
        lines.setdefault(round(c.baseline, 1), []).append(c)
    found = {}
    for row in lines.values():
        text = "".join(c.text for c in row)
        for name, probe in PROBES.items():
            if text == probe:
                found[name] = sorted(row, key=lambda c: c.x)
    assert set(found) == set(PROBES), set(PROBES) - set(found)
    return found


def advances(row):
    """Distance in em from each character's origin to the next one's."""
    return {f"{a.text}{b.text}": round((b.x - a.x) / EM, 3) for a, b in zip(row, row[1:])}


def gap(row, left, right):
    """Blank between a character's cell end (origin + advance) and the next origin, em."""
    for a, b in zip(row, row[1:]):
        if a.text == left and b.text == right:
            return (b.x - (a.x + a.advance)) / EM
    raise AssertionError(f"{left}{right} not found")


@pytest.mark.parametrize("style,comma,stop,exclaim", [
    ("quanjiao", 1.0, 1.0, 1.0), ("kaiming", 0.5, 1.0, 1.0), ("banjiao", 0.5, 0.5, 0.5)])
def test_punctuation_widths_by_style(tmp_path, style, comma, stop, exclaim):
    rows = typeset_probes(tmp_path, style)
    m = advances(rows["marks"])
    assert m["，乙"] == comma and m["、丁"] == comma and m["；戊"] == comma and m["：己"] == comma
    assert m["。丙"] == stop and m["？庚"] == exclaim and m["！辛"] == exclaim
    assert m["甲，"] == m["乙。"] == 1.0  # the Han characters themselves: one em each


def test_two_adjacent_marks_take_one_and_a_half_em(tmp_path):
    rows = typeset_probes(tmp_path, "quanjiao")
    p = advances(rows["pairs"])
    assert p["。”"] + p["”乙"] == 1.5  # 。” : the stop gives up its blank
    assert p["，“"] + p["“丙"] == 1.5  # ，“ : one blank between them
    assert p["）。"] + p["。丁"] == 1.5
    assert p["》、"] + p["、《"] + p["《戊"] == 2.0  # 》、《 : ink, ink, half an em of blank, ink


def test_brackets_sit_on_the_side_of_their_ink(tmp_path):
    rows = typeset_probes(tmp_path, "quanjiao")
    row = rows["brackets"]
    by = {c.text: c for c in row}
    # （ and “ have their blank on the left: their glyph starts a full em before the next
    # character; ） and ” have it on the right: the next character is a full em after them
    assert round((by["乙"].x - by["（"].x) / EM, 3) == 1.0
    assert round((by["丙"].x - by["）"].x) / EM, 3) == 1.0
    assert round((by["己"].x - by["“"].x) / EM, 3) == 1.0


def test_interpunct_takes_half_an_em(tmp_path):
    rows = typeset_probes(tmp_path, "quanjiao")
    row = rows["dot"]
    lo, dot, hi = row[0], row[1], row[2]
    assert round((hi.x - (lo.x + EM)) / EM, 3) == 0.5  # its cell: half an em
    centre = dot.x + dot.advance / 2
    assert abs(centre - (lo.x + EM + EM / 4)) < 0.01  # centred in it


def test_han_latin_spacing_is_a_quarter_em(tmp_path):
    rows = typeset_probes(tmp_path, "quanjiao")
    row = rows["latin"]
    for left, right in (("在", "3"), ("6", "氪"), ("的", "T"), ("0", "榜"), ("P", "增"), ("长", "5")):
        assert abs(gap(row, left, right) - 0.25) <= 0.03, (left, right)
    # none next to Chinese punctuation, none inside a word or number
    assert abs(gap(row, "单", "，")) < 0.001
    assert abs(gap(row, "，", "G")) < 0.001  # the comma keeps its own blank half, nothing added
    assert abs(gap(row, "5", ".")) < 0.001 and abs(gap(row, "2", "%")) < 0.001


def test_dash_and_ellipsis_are_two_em_and_unbroken(tmp_path):
    rows = typeset_probes(tmp_path, "quanjiao")
    row = rows["dash"]
    texts = [c.text for c in row]
    k = texts.index("—")
    first, second = row[k], row[k + 1]
    assert round((row[k + 2].x - row[k - 1].x) / EM, 3) == 3.0  # 说 + —— = 3 em
    from pdfcheck import ink_box

    a, b = ink_box(first), ink_box(second)
    assert abs(a[2] - b[0]) < 0.05  # the halves meet: one rule, no gap
    e = texts.index("…")
    assert round((row[e + 2].x - row[e].x) / EM, 3) == 2.0
