"""Bad input of every kind an office editor produces: each gets a clear answer (exit 2, no
traceback, file/line/key, what and how to fix), and no good PDF is ever lost."""

import os
import struct
import zlib

import pytest

from test_cli import typeset
from typesetter.build import build
from typesetter.errors import InputError
from typesetter.manifest import load_issue

MANIFEST = """\
masthead:
  title: 嘉定国资
  number: 10
  editor: 办公室
  date: 2023-10-16
sections:
  - name: 要闻
    articles:
      - title: 标题
        body: |
          正文第一段。
        images:
          - file: {image}
            caption: 图片说明
"""


def png_header(width, height):
    """A PNG that claims a size (its pixel data is a token)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def issue_with_image(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    path = tmp_path / "issue.yaml"
    path.write_text(MANIFEST.format(image=name), encoding="utf-8")
    return path


def problem(path):
    with pytest.raises(InputError) as exc:
        build(path, path.with_suffix(".pdf"))
    (p,) = exc.value.problems
    return p


def test_a_decompression_bomb_is_refused_quickly(tmp_path):
    p = problem(issue_with_image(tmp_path, "bomb.png", png_header(40000, 40000)))
    assert "bomb.png" in p.message and "像素" in p.message
    assert p.line == 13  # the images[0].file line


def test_a_file_that_is_not_an_image(tmp_path):
    p = problem(issue_with_image(tmp_path, "photo.jpg", "这不是图片".encode()))
    assert "photo.jpg" in p.message and "不是可识别的图片" in p.message


def test_an_empty_image_file(tmp_path):
    p = problem(issue_with_image(tmp_path, "empty.png", b""))
    assert "empty.png" in p.message


def test_a_truncated_photo(tmp_path):
    from PIL import Image

    big = tmp_path / "full.jpg"
    Image.new("RGB", (1200, 900), (200, 30, 30)).save(big, quality=95)
    data = big.read_bytes()
    p = problem(issue_with_image(tmp_path, "cut.jpg", data[: len(data) // 3]))
    assert "cut.jpg" in p.message and ("截断" in p.message or "损坏" in p.message)


def test_every_problem_of_a_manifest_is_reported_together(tmp_path):
    path = issue_with_image(tmp_path, "photo.jpg", b"not an image")
    text = path.read_text(encoding="utf-8").replace("  number: 10", "  number: 第十期").replace("      - title: 标题", "      - titel: 标题")
    path.write_text(text, encoding="utf-8")
    r = typeset("check", path)
    assert r.returncode == 2
    assert "第十期" in r.stderr and "titel" in r.stderr and "photo.jpg" in r.stderr
    assert "共 3 处问题" in r.stderr


def test_utf16_manifest(tmp_path):
    path = tmp_path / "u16.yaml"
    path.write_bytes(MANIFEST.encode("utf-16"))
    with pytest.raises(InputError) as exc:
        load_issue(path)
    assert "UTF-16" in exc.value.problems[0].message


def test_absurdly_deep_nesting_is_bad_input_not_a_crash(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("masthead: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    r = typeset("check", path)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_empty_optional_fields_are_as_if_absent(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text(MANIFEST.replace("        images:\n          - file: {image}\n            caption: 图片说明\n",
                                     "        subtitle:\n        note: ''\n        credit:\n"), encoding="utf-8")
    article = load_issue(path).sections[0].articles[0]
    assert article.subtitle is None and article.note is None and article.credit is None


def test_a_write_that_fails_leaves_the_old_pdf_and_no_temporary_file(tmp_path, monkeypatch):
    from PIL import Image

    Image.new("RGB", (600, 400), (30, 30, 200)).save(tmp_path / "ok.jpg")
    path = issue_with_image(tmp_path, "ok.jpg", (tmp_path / "ok.jpg").read_bytes())
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"%PDF-previous")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError) as exc:
        build(path, out)
    assert "无法写入" in exc.value.problems[0].message
    assert out.read_bytes() == b"%PDF-previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_output_path_inside_a_file(tmp_path):
    path = issue_with_image(tmp_path, "x.jpg", b"")
    r = typeset(path, "-o", tmp_path / "x.jpg" / "out.pdf")
    assert r.returncode == 2 and "不存在" in r.stderr
