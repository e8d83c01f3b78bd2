"""The renderer puts every glyph where the text engine said: lines of any faces, gaps and
horizontal scales, written to a PDF and read back by pdfplumber."""

from __future__ import annotations

from array import array
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pdfcheck import read_pdf
from typesetter.layout.boxes import RED, Document, Page, Text
from typesetter.render import render
from typesetter.text.glyphs import Glyphs

# Han, full-width marks, Latin and the bytes a PDF string escapes: ( ) \
CHARS = "国资嘉定委员会，。“”（）——abcXYZ019().\\ "
SIZES = (10.5, 18.0, 7.875)


@st.composite
def lines(draw, faces):
    n = draw(st.integers(1, 24))
    text = "".join(draw(st.sampled_from(CHARS)) for _ in range(n))
    size = draw(st.sampled_from(SIZES))
    runs = [(0, draw(st.sampled_from(faces)))]
    for k in range(1, n):
        if draw(st.integers(0, 5)) == 0:  # a change of face (a fallback font, a Latin word)
            runs.append((k, draw(st.sampled_from(faces))))
    scales = {k: 0.5 for k in range(n) if draw(st.integers(0, 7)) == 0}  # the halves of ——
    xs, x = [], 0.0
    for k, ch in enumerate(text):
        xs.append(x)
        face = [f for start, f in runs if start <= k][-1]
        gap = draw(st.sampled_from([0.0, 0.0, 0.0, 0.5, -1.25, 3.0, 1e-5]))  # justified, kerned, spaced
        x += face.advance(ch) * size * scales.get(k, 1.0) + gap
    glyphs = Glyphs(text, array("d", xs), tuple(runs), scales)
    return Text(draw(st.floats(20, 300)), draw(st.floats(20, 800)), size, glyphs,
                color=draw(st.sampled_from([RED, (0.0, 0.0, 0.0, 1.0)])), bold=draw(st.booleans()))


@settings(max_examples=6, deadline=None)
@given(st.data())
def test_every_glyph_lands_at_its_x_in_its_face_and_scale(fonts, tmp_path_factory, data):
    faces = [fonts["body"].primary, fonts["title"].primary, fonts["heading"].primary]
    items = data.draw(st.lists(lines(faces), min_size=1, max_size=12))
    doc = Document(595.0, 842.0, [Page(1, items)], "标题", "编者", "主题", date(2023, 10, 16))
    path = tmp_path_factory.mktemp("render") / "lines.pdf"
    path.write_bytes(render(doc, "typesetter test"))
    chars = read_pdf(path)[0].chars
    expected = [(item, k) for item in items for k in range(len(item.glyphs))]
    assert "".join(c.text for c in chars) == "".join(item.glyphs.text for item in items)
    for c, (item, k) in zip(chars, expected):
        glyph = item.glyphs[k]
        assert abs(c.x - (item.x + glyph.x)) < 0.01, (item.glyphs.text, k)
        assert abs(c.baseline - item.y) < 0.01
        assert abs(c.advance - glyph.face.advance(glyph.ch) * item.size * glyph.hscale) < 0.01  # Tz
        assert c.font == glyph.face.pdf_name
