"""Any font the editor has: TrueType, OpenType with CFF outlines, a face of a TTC or OTC, a
family name; per-character fallback; fake bold; the conversion cache."""

import time

import pytest
import yaml
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

from pdfcheck import FONTS
from test_sample_pdf import embedded_fonts
from test_style import subset_font
from typesetter import sysfonts
from typesetter.build import build
from typesetter.errors import InputError
from typesetter.manifest import load_issue

BODY = "本市召开国资系统工作会议，部署下阶段工作。会议强调，要提高思想认识，落实责任担当。"
TITLE = "国资系统工作会议召开"
ALL = BODY + TITLE + "要闻供稿：办公室【】嘉定国资第期年月日—0123456789 "


def cff_font(path, chars, family, source=FONTS / "NotoSerifCJKsc-Regular.ttf", style="Regular", weight=400):
    """An OpenType font with CFF outlines: the glyphs of `chars` from a shipped face."""
    src = TTFont(source)
    cmap, glyphs, hmtx = src.getBestCmap(), src.getGlyphSet(), src["hmtx"]
    chars = sorted({c for c in chars if ord(c) in cmap})
    names = [".notdef"] + [f"u{ord(c):X}" for c in chars]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"u{ord(c):X}" for c in chars})
    strings, metrics = {}, {".notdef": (500, 0)}
    pen = T2CharStringPen(500, None)
    strings[".notdef"] = pen.getCharString()
    for c in chars:
        adv = hmtx[cmap[ord(c)]][0]
        pen = T2CharStringPen(adv, None)
        glyphs[cmap[ord(c)]].draw(pen)
        strings[f"u{ord(c):X}"] = pen.getCharString()
        metrics[f"u{ord(c):X}"] = (adv, 0)
    ps = family.replace(" ", "") + "-" + style
    fb.setupCFF(ps, {"FullName": f"{family} {style}"}, strings, {})
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": style, "psName": ps})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=1000, usWinDescent=200, usWeightClass=weight)
    fb.setupPost()
    fb.save(str(path))
    return path


def issue(tmp_path, fonts, body=BODY):
    m = {
        "masthead": {"title": "嘉定国资", "number": 5, "editor": "办公室", "date": "2024-05-05"},
        "sections": [{"name": "要闻", "articles": [{"title": TITLE, "body": body, "credit": "供稿：办公室"}]}],
        "style": {"fonts": fonts},
    }
    path = tmp_path / "issue.yaml"
    path.write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    return path


def chars_by_font(pdf):
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        out = {}
        for page in doc.pages:
            for c in page.chars:
                out.setdefault(c["fontname"].split("+")[-1], []).append(c["text"])
        return {k: "".join(v) for k, v in out.items()}


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESETTER_CACHE", str(tmp_path / "cache"))


def test_an_otf_with_cff_outlines(tmp_path):
    cff_font(tmp_path / "song.otf", ALL, "Test Song")
    path = issue(tmp_path, {"body": "song.otf"})
    result = build(path, tmp_path / "issue.pdf")
    fonts = embedded_fonts(tmp_path / "issue.pdf")
    assert any(base.endswith("+TestSong-Regular") for base in fonts)
    by_font = chars_by_font(tmp_path / "issue.pdf")
    assert "".join(BODY.split()) in "".join(by_font["TestSong-Regular"].split())
    assert not result.warnings


def test_a_face_inside_an_otc_and_a_ttc(tmp_path):
    a = cff_font(tmp_path / "a.otf", ALL, "Test Song")
    b = cff_font(tmp_path / "b.otf", ALL, "Test Hei", source=FONTS / "NotoSansCJKsc-Bold.ttf", style="Bold", weight=700)
    otc = TTCollection()
    otc.fonts = [TTFont(a), TTFont(b)]
    otc.save(tmp_path / "pair.otc")
    kai = subset_font(FONTS / "LXGWWenKai-Regular.ttf", tmp_path / "kai.ttf", ALL)
    ttc = TTCollection()
    ttc.fonts = [TTFont(kai), TTFont(kai)]
    ttc.save(tmp_path / "kai.ttc")
    path = issue(tmp_path, {"heading": "pair.otc#1", "body": "pair.otc#0", "credit": "kai.ttc#1"})
    build(path, tmp_path / "issue.pdf")
    by_font = chars_by_font(tmp_path / "issue.pdf")
    assert "要闻" in by_font["TestHei-Bold"]
    assert "会议强调" in by_font["TestSong-Regular"]
    assert "供稿" in by_font["LXGWWenKai-Regular"]


def test_a_family_name_found_on_the_system(tmp_path, monkeypatch):
    fonts_dir = tmp_path / "myfonts"
    fonts_dir.mkdir()
    font = TTFont(subset_font(FONTS / "LXGWWenKai-Regular.ttf", tmp_path / "k.ttf", ALL))
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "办公室楷体"
        if record.nameID == 6:
            record.string = "BanGongShiKai"
    font.save(fonts_dir / "bgskai.ttf")
    monkeypatch.setenv("TYPESETTER_FONT_PATH", str(fonts_dir))
    sysfonts.installed.cache_clear()
    try:
        path = issue(tmp_path, {"credit": "办公室楷体"})
        assert load_issue(path).style.fonts["credit"][0] == fonts_dir / "bgskai.ttf"
        build(path, tmp_path / "issue.pdf")
        assert "供稿" in chars_by_font(tmp_path / "issue.pdf")["BanGongShiKai"]
        # a name nobody has: a clear error with the nearest names
        with pytest.raises(InputError) as exc:
            load_issue(issue(tmp_path, {"credit": "办公室楷休"}))
        assert "本机没有名为“办公室楷休”的字体" in exc.value.problems[0].message
        assert "办公室楷体" in exc.value.problems[0].message
    finally:
        sysfonts.installed.cache_clear()


def test_a_character_the_role_font_lacks_comes_from_a_fallback_with_a_warning(tmp_path):
    cff_font(tmp_path / "song.otf", ALL, "Test Song")  # has no 赟
    path = issue(tmp_path, {"body": "song.otf"}, body=BODY + "会议部署赟工作。")
    result = build(path, tmp_path / "issue.pdf")
    (warning,) = [w for w in result.warnings if "赟" in w]
    assert "U+8D5F" in warning and TITLE in warning and "Noto Serif CJK SC" in warning
    by_font = chars_by_font(tmp_path / "issue.pdf")
    assert "赟" in by_font["NotoSerifCJKsc-Regular"]
    assert "会议部署" in by_font["TestSong-Regular"]


def test_a_character_no_font_has_is_an_error_naming_it(tmp_path):
    path = issue(tmp_path, {}, body=BODY + "\U000F0002")
    with pytest.raises(InputError) as exc:
        build(path, tmp_path / "issue.pdf")
    (p,) = exc.value.problems
    assert "U+F0002" in p.message and TITLE in p.message and p.line


def test_a_heading_face_with_no_bold_is_emboldened(tmp_path):
    import pypdf

    kai = subset_font(FONTS / "LXGWWenKai-Regular.ttf", tmp_path / "kai.ttf", ALL)
    build(issue(tmp_path, {"heading": str(kai)}), tmp_path / "issue.pdf")
    content = "".join(p.get_contents().get_data().decode("latin-1") for p in pypdf.PdfReader(tmp_path / "issue.pdf").pages)
    assert " 2 Tr " in content  # fill and stroke
    build(issue(tmp_path, {}), tmp_path / "plain.pdf")
    content = "".join(p.get_contents().get_data().decode("latin-1") for p in pypdf.PdfReader(tmp_path / "plain.pdf").pages)
    assert " 2 Tr " not in content  # Noto Sans CJK Bold is bold already


def test_cff_glyphs_are_converted_once(tmp_path, monkeypatch):
    cff_font(tmp_path / "song.otf", ALL, "Test Song")
    path = issue(tmp_path, {"body": "song.otf"})
    build(path, tmp_path / "one.pdf")
    entries = list((tmp_path / "cache" / "truetype").iterdir())
    assert len(entries) == 1
    stamp = entries[0].stat().st_mtime_ns
    time.sleep(0.01)
    build(path, tmp_path / "two.pdf")
    assert list((tmp_path / "cache" / "truetype").iterdir()) == entries
    assert entries[0].stat().st_mtime_ns == stamp
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    # a cache that cannot be written costs time, not the build
    monkeypatch.setenv("TYPESETTER_CACHE", "/proc/no-such-cache")
    time.sleep(1.1)  # a conversion in another second must give the same bytes too
    build(path, tmp_path / "three.pdf")
    assert (tmp_path / "three.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()


def test_fonts_command_shows_format_and_lacking_characters(tmp_path):
    from test_cli import typeset

    cff_font(tmp_path / "song.otf", ALL, "Test Song")
    path = issue(tmp_path, {"body": "song.otf"}, body=BODY + "杨赟")
    r = typeset("fonts", path)
    assert r.returncode == 0, r.stderr
    assert "OpenType (CFF)" in r.stdout and "Test Song" in r.stdout
    assert "U+8D5F" in r.stdout and "Noto Serif CJK SC" in r.stdout
