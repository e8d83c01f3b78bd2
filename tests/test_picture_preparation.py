"""Preparing pictures for their placed size: decoded no larger than needed, passed through
when nothing needs doing, several at once — with the same pixels sizes and errors as before."""

import io

import pytest
from PIL import Image

from typesetter.errors import InputError
from typesetter.images import Source, open_source, prepare, prepare_all

COLUMN = 210.0  # pt: 875 px at 300 dpi


def photo(path, size, orientation=1, quality=90):
    im = Image.radial_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return open_source(path)


def test_a_big_photo_is_decoded_small_and_downsampled_to_300_dpi(tmp_path):
    source = photo(tmp_path / "big.jpg", (2000, 1500))
    prepared, warnings = prepare(source, COLUMN, COLUMN * 0.75)
    assert (prepared.px_w, prepared.px_h) == (875, 656)
    assert Image.open(io.BytesIO(prepared.data)).size == (875, 656) and not warnings


def test_a_sideways_photo_is_turned_upright_after_its_reduced_decoding(tmp_path):
    source = photo(tmp_path / "turned.jpg", (2000, 1500), orientation=6)
    assert (source.width, source.height) == (1500, 2000)
    prepared, _ = prepare(source, COLUMN, COLUMN * 4 / 3)
    assert (prepared.px_w, prepared.px_h) == (875, 1167)


def test_a_crop_is_cut_from_a_decoding_big_enough_for_it(tmp_path):
    source = photo(tmp_path / "tall.jpg", (1000, 2400))
    crop = (0.0, 0.1, 1.0, 0.6)  # half the height kept
    prepared, _ = prepare(source, COLUMN, COLUMN * 2400 * 0.5 / 1000, crop=crop)
    assert prepared.px_w == 875


def test_a_jpeg_already_at_300_dpi_goes_into_the_pdf_as_it_is(tmp_path):
    source = photo(tmp_path / "small.jpg", (800, 600))
    prepared, _ = prepare(source, COLUMN, COLUMN * 0.75)
    assert prepared.data == (tmp_path / "small.jpg").read_bytes()
    # but not one that must be turned
    turned = photo(tmp_path / "turned.jpg", (800, 600), orientation=8)
    prepared, _ = prepare(turned, COLUMN, COLUMN * 4 / 3)
    assert prepared.data != (tmp_path / "turned.jpg").read_bytes()
    assert (prepared.px_w, prepared.px_h) == (600, 800)


def test_a_truncated_jpeg_is_not_passed_through(tmp_path):
    source = photo(tmp_path / "small.jpg", (800, 600), quality=95)
    data = (tmp_path / "small.jpg").read_bytes()
    (tmp_path / "small.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as err:
        prepare(source, COLUMN, COLUMN * 0.75)
    assert "small.jpg" in err.value.problems[0].message


def test_pictures_prepared_together_come_back_in_order_with_the_first_failure(tmp_path):
    sources = [photo(tmp_path / f"p{k}.jpg", (1200 + 100 * k, 900)) for k in range(4)]
    results = prepare_all([((s, COLUMN, COLUMN * 0.75), {}) for s in sources])
    assert [r[0].key.split("-")[0] for r in results] == ["p0.jpg", "p1.jpg", "p2.jpg", "p3.jpg"]
    (tmp_path / "p2.jpg").write_bytes((tmp_path / "p2.jpg").read_bytes()[:2000])
    with pytest.raises(InputError) as err:
        prepare_all([((s, COLUMN, COLUMN * 0.75), {}) for s in sources])
    assert "p2.jpg" in err.value.problems[0].message
