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


# -- the file's objects -----------------------------------------------------------------------------

@st.composite
def pdf_values(draw, depth=0):
    """(a value for pdfwriter, what a reader must read back): integers, numbers, names, text
    (Han, beyond the BMP, the bytes a literal string escapes), keywords, and dictionaries and
    arrays of them, nested."""
    from typesetter.pdfwriter import Name

    kinds = ["int", "float", "name", "text", "bool"] + (["dict", "array"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "array":
        pairs = draw(st.lists(pdf_values(depth + 1), max_size=12))
        return [v for v, _ in pairs], [r for _, r in pairs]
    if kind == "dict":
        keys = draw(st.lists(st.sampled_from(["S", "P", "K", "Alt", "x y", "H#1", "图"]), max_size=6, unique=True))
        pairs = [draw(pdf_values(depth + 1)) for _ in keys]
        return {k: v for k, (v, _) in zip(keys, pairs)}, {"/" + k: r for k, (_, r) in zip(keys, pairs)}
    if kind == "int":
        v = draw(st.integers(-10**9, 10**9))
        return v, v
    if kind == "float":
        v = draw(st.floats(-10**5, 10**5))
        return v, round(v, 3)
    if kind == "name":
        v = draw(st.sampled_from(["P", "MCR", "a b", "H#1", "(x)", "图"]))
        return Name(v), "/" + v
    if kind == "text":
        v = draw(st.text(st.sampled_from("国资 a(b)\\\r\n𠮷\x00~"), max_size=8))
        return v, v
    v = draw(st.booleans())
    return v, v


def _read_back(obj):
    import pikepdf

    if isinstance(obj, pikepdf.Dictionary):
        return {k: _read_back(obj[k]) for k in obj.keys()}
    if isinstance(obj, pikepdf.Array):
        return [_read_back(x) for x in obj]
    if isinstance(obj, pikepdf.Name):
        return str(obj)
    if isinstance(obj, pikepdf.String):
        return str(obj)
    if isinstance(obj, bool):
        return obj
    return float(obj) if not isinstance(obj, int) else obj


@settings(max_examples=40, deadline=None)
@given(pdf_values())
def test_every_kind_of_value_reads_back_as_written(pair):
    """The writer's values, in a whole file a strict reader finds nothing wrong with."""
    import io

    import pikepdf

    from typesetter.pdfwriter import Name, PDFFile

    written, expected = pair
    pdf = PDFFile("1.7")
    catalog, pages = pdf.reserve(), pdf.reserve()
    page = pdf.add({"Type": Name("Page"), "Parent": pages, "MediaBox": [0, 0, 100.5, 200], "Resources": {}})
    pdf.put(pages, {"Type": Name("Pages"), "Kids": [page], "Count": 1})
    held = pdf.add({"V": written})
    pdf.put(catalog, {"Type": Name("Catalog"), "Pages": pages, "Held": held})
    data = pdf.tobytes(catalog, pdf.add({"Title": "测试"}), b"0123456789abcdef")
    with pikepdf.open(io.BytesIO(data)) as read:
        assert read.check_pdf_syntax() == [] and read.get_warnings() == []
        got = _read_back(read.Root.Held.V)
    if isinstance(expected, float):
        assert abs(got - expected) < 1e-9
    else:
        assert got == expected


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


# -- the fonts' programs, kept in the cache folder -------------------------------------------------

def test_a_rebuild_takes_the_font_programs_from_the_cache(tmp_path, monkeypatch):
    """A second build of the same issue embeds the same fonts without subsetting them again;
    a damaged cache entry is made again; the same bytes every time."""
    from pathlib import Path

    import pytest

    import typesetter.pdffont as pdffont
    from typesetter.build import build

    sample = Path(__file__).resolve().parent.parent / "issues" / "2023-10.yaml"
    monkeypatch.setenv("TYPESETTER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TYPESETTER_JOBS", "1")
    build(sample, tmp_path / "first.pdf")
    entries = sorted((tmp_path / "cache" / "fonts").iterdir())
    assert len(entries) == 4  # one for each face the sample uses

    def no_subsetting(self):
        raise AssertionError("subset again")

    made = pdffont.EmbeddedFace._make_program
    monkeypatch.setattr(pdffont.EmbeddedFace, "_make_program", no_subsetting)
    build(sample, tmp_path / "second.pdf")
    assert (tmp_path / "second.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()

    entries[0].write_bytes(b"not a pickle")
    with pytest.raises(AssertionError, match="subset again"):
        build(sample, tmp_path / "third.pdf")
    monkeypatch.setattr(pdffont.EmbeddedFace, "_make_program", made)
    build(sample, tmp_path / "third.pdf")
    assert (tmp_path / "third.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


def test_the_cache_keeps_a_few_programs_of_a_face(tmp_path, monkeypatch):
    """Each edit that brings a new character makes new programs: only the newest few of a
    face are kept."""
    import typesetter.pdffont as pdffont

    monkeypatch.setenv("TYPESETTER_CACHE", str(tmp_path / "cache"))
    face = type("Face", (), {"key": "body-1", "path": tmp_path / "font.ttf", "advance": lambda self, ch: 1.0})()
    monkeypatch.setattr(pdffont.EmbeddedFace, "_make_program", lambda self: "".join(self.chars))
    for k in range(pdffont.PROGRAMS_KEPT + 3):
        font = pdffont.EmbeddedFace(face, "/F1")
        for ch in "国资" + chr(0x4E00 + k):
            font.code(ch)
        assert font.program() == "国资" + chr(0x4E00 + k)
    assert len(list((tmp_path / "cache" / "fonts").iterdir())) == pdffont.PROGRAMS_KEPT
