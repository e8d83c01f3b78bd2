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


# -- the structure tree's quick dictionaries and arrays ------------------------------------------

@st.composite
def pdf_values(draw, doc, depth=0):
    """A (quick, ReportLab) pair of equal values: names, integers, references, text, floats,
    keywords, and dictionaries and arrays of them of any length, nested."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    from typesetter.pdfobjects import QuickArray, QuickDictionary

    kinds = ["int", "name", "ref", "text", "float", "keyword"] + (["dict", "array"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind in ("dict", "array"):
        pairs = draw(st.lists(pdf_values(doc, depth + 1), max_size=23 if kind == "array" else 12))
        if kind == "array":
            quick, plain = QuickArray([q for q, _ in pairs]), PDFArray([p for _, p in pairs])
        else:
            keys = draw(st.lists(st.sampled_from(["S", "P", "Pg", "K", "Alt", "A", "Type", "MCID", "O", "Scope", "Nums", "x y"]),
                                 min_size=len(pairs), max_size=len(pairs), unique=True))
            quick = QuickDictionary({k: q for k, (q, _) in zip(keys, pairs)})
            plain = PDFDictionary({k: p for k, (_, p) in zip(keys, pairs)})
        quick.multiline = plain.multiline = draw(st.booleans())
        return quick, plain
    value = {
        "int": lambda: draw(st.integers(-10**6, 10**6)),
        "name": lambda: PDFName(draw(st.sampled_from(["P", "MCR", "Table", "a b", "H#1"]))),
        "ref": lambda: doc.Reference(PDFDictionary({"n": draw(st.integers())})),
        "text": lambda: PDFString(draw(st.sampled_from(["图 1", "photo (1)", ""]))),
        "float": lambda: draw(st.floats(-1000, 1000)),
        "keyword": lambda: draw(st.sampled_from(["true", "false", "null"])),
    }[kind]()
    return value, value


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_quick_dictionaries_and_arrays_write_what_reportlab_writes(data):
    from reportlab.pdfbase.pdfdoc import PDFDocument, format

    doc = PDFDocument(invariant=1)
    quick, plain = data.draw(pdf_values(doc))
    assert format(quick, doc) == format(plain, doc)


# -- pictures -------------------------------------------------------------------------------------

def test_a_jpeg_goes_in_as_it_is_once_however_often_placed_and_pixels_beside_it(tmp_path):
    import io

    import pdfplumber
    import pikepdf
    from PIL import Image

    from typesetter.images import Prepared
    from typesetter.layout.boxes import Picture

    buf = io.BytesIO()
    Image.radial_gradient("L").resize((120, 90)).convert("RGB").save(buf, "JPEG", quality=80)
    jpeg = Prepared("photo", buf.getvalue(), None, 120, 90, 300.0)
    pixels = Prepared("logo", None, Image.new("RGB", (30, 10), (200, 0, 0)), 30, 10, 300.0)
    places = [(50.0, 60.0, 120.0, 90.0), (300.0, 400.0, 60.0, 45.0), (50.0, 700.0, 90.0, 30.0)]
    items = [Picture(x, y, w, h, image) for (x, y, w, h), image in zip(places, [jpeg, jpeg, pixels])]
    doc = Document(595.0, 842.0, [Page(1, items[:1]), Page(2, items[1:])], "标题", "编者", "主题", date(2023, 10, 16))
    path = tmp_path / "pictures.pdf"
    path.write_bytes(render(doc, "typesetter test"))

    with pikepdf.open(path) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        jpegs = [o for o in images if o.get("/Filter") in ("/DCTDecode", pikepdf.Array([pikepdf.Name.DCTDecode]))]
        assert len(images) == 2 and len(jpegs) == 1  # placed twice, stored once
        assert jpegs[0].read_raw_bytes() == jpeg.data
        assert (jpegs[0].Width, jpegs[0].Height, jpegs[0].ColorSpace) == (120, 90, "/DeviceRGB")
    with pdfplumber.open(path) as pdf:
        placed = [(round(im["x0"], 2), round(im["top"], 2), round(im["width"], 2), round(im["height"], 2))
                  for page in pdf.pages for im in page.images]
    assert placed == places
