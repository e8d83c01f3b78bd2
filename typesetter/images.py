"""Images as phones and scanners make them, prepared for print.

Turned upright by their EXIF orientation, flattened onto white paper, downsampled to 300 dpi
at the size they are placed at (never upsampled), and re-encoded deterministically so that
the same manifest gives the same bytes.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from .errors import InputError, Problem
from .records import record

PRINT_DPI = 300
LOW_DPI = 200  # below this at the placed size, warn
MAX_PIXELS = 80_000_000  # a phone's 50 MP photo passes; a 40000 × 40000 bomb does not


@record
class Source:
    """An image's file and upright pixel size, read from its header only."""

    path: Path
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.height / self.width


@record
class Prepared:
    """Image data ready to embed: JPEG bytes or a Pillow image, with its pixel size."""

    key: str
    data: bytes | None
    pil: object | None
    px_w: int
    px_h: int
    dpi: float


def _pil():
    from PIL import Image, ImageFile, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return Image, ImageOps


def _problem(path: Path, loc, message: str) -> InputError:
    if loc is not None:
        return InputError([Problem(loc.file, loc.line, loc.col, f"{loc.path}：{message}")])
    return InputError([Problem(path, None, None, message)])


def open_source(path: Path, loc=None) -> Source:
    """Check an image file and read its upright size."""
    Image, _ = _pil()
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                orientation = im.getexif().get(0x0112, 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _problem(path, loc, f"图片 {path.name} 声称有极多像素（超过 {MAX_PIXELS // 1_000_000} 百万像素），"
                       "可能是损坏或恶意的文件。请换用正常尺寸的图片。") from None
    except FileNotFoundError:
        raise _problem(path, loc, f"找不到图片文件 {path}。") from None
    except Exception as exc:  # Pillow raises many kinds for bad files
        raise _problem(path, loc, f"无法读取图片 {path.name}：它不是可识别的图片文件或已损坏（{exc.__class__.__name__}）。"
                       "请换用 JPEG 或 PNG 图片。") from None
    if orientation in (5, 6, 7, 8):
        w, h = h, w
    return Source(path, w, h)


def prepare(source: Source, placed_w: float, placed_h: float, loc=None,
            crop: tuple[float, float, float, float] | None = None, cmyk: bool = True
            ) -> tuple[Prepared, list[str]]:
    """Load, turn upright, flatten, crop (a box in shares of the upright picture: left, top,
    right, bottom) and downsample an image for its placed size (pt). With `cmyk` false (a
    PDF/A whose output intent is sRGB), CMYK pictures are converted to RGB.

    A JPEG is decoded no larger than it is needed (DCT scaling: a 12 MP photo for a column
    decodes at a quarter of its width, sixteen times fewer pixels, in a sixteenth of the
    time), and one that is already upright, uncropped, in RGB or grey, and at no more than
    300 dpi at its placed size goes into the PDF as it is: re-encoding would only lose
    quality."""
    Image, ImageOps = _pil()
    warnings_: list[str] = []
    target_w = max(1, round(placed_w / 72 * PRINT_DPI))
    target_h = max(1, round(placed_h / 72 * PRINT_DPI))
    passed = None
    try:
        with Image.open(source.path) as im:
            orientation = im.getexif().get(0x0112, 1)
            if (im.format == "JPEG" and orientation == 1 and crop is None and im.mode in ("RGB", "L")
                    and im.width <= target_w * 1.05):
                im.draft(im.mode, (1, 1))  # decode at 1/8 only to prove the file whole
                passed = source.path.read_bytes()
            else:
                _draft(im, source, placed_w, placed_h, crop)
            im.load()
            if passed is None:
                im = ImageOps.exif_transpose(im)
    except Exception as exc:
        raise _problem(source.path, loc, f"图片 {source.path.name} 无法完整读取（{exc.__class__.__name__}），"
                       "文件可能被截断或损坏。请重新导出这张图片。") from None
    if passed is not None:
        dpi = source.width / (placed_w / 72)
        prepared = Prepared(f"{source.path.name}-{source.width}x{source.height}", passed, None,
                            source.width, source.height, dpi)
    else:
        im = _flatten(im, Image)
        if im.mode == "CMYK" and not cmyk:
            im = _cmyk_to_rgb(im)
        if crop is not None:
            left, top, right, bottom = crop
            im = im.crop((round(left * im.width), round(top * im.height),
                          round(right * im.width), round(bottom * im.height)))
        if im.width > target_w * 1.05:
            # whole-pixel box reduction first, then Lanczos over the last factor of two or less
            im = im.resize((target_w, target_h), Image.LANCZOS, reducing_gap=2.0)
        dpi = im.width / (placed_w / 72)
        if im.mode in ("RGB", "L", "CMYK"):
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=90, optimize=False, progressive=False,
                    subsampling="4:4:4" if im.mode == "L" else "4:2:0")
            prepared = Prepared(_key(source, im, crop), buf.getvalue(), None, im.width, im.height, dpi)
        else:
            prepared = Prepared(_key(source, im, crop), None, im, im.width, im.height, dpi)
    if dpi < LOW_DPI:
        warnings_.append(f"图片 {source.path.name} 在版面上只有 {dpi:.0f} dpi（印刷宜 ≥ 300 dpi），印出来可能发虚。")
    return prepared, warnings_


def _draft(im, source: Source, placed_w: float, placed_h: float, crop) -> None:
    """Let a JPEG decode at ½, ¼ or ⅛ of its size when that still leaves at least the
    pixels 300 dpi needs: a 12 MP phone photo set a column wide needs a sixteenth of them."""
    if im.format != "JPEG":
        return
    kept_w, kept_h = (1.0, 1.0) if crop is None else (crop[2] - crop[0], crop[3] - crop[1])
    need_w = placed_w / 72 * PRINT_DPI / kept_w
    need_h = placed_h / 72 * PRINT_DPI / kept_h
    if im.size != (source.width, source.height):  # stored turned: EXIF turns it upright
        need_w, need_h = need_h, need_w
    im.draft(im.mode, (math.ceil(need_w), math.ceil(need_h)))


def _key(source: Source, im, crop) -> str:
    cut = "" if crop is None else "-crop" + "-".join(f"{v:.3f}" for v in crop)
    return f"{source.path.name}-{im.width}x{im.height}{cut}"


def prepare_all(requests: list[tuple[tuple, dict]]) -> list[tuple[Prepared, list[str]]]:
    """prepare(*args, **options) for each request, several at once on worker threads:
    Pillow lets go of the interpreter while it decodes, resamples and encodes, so on two
    cores two photos take the time of one. Results in the order asked; a failure raises
    the first failing picture's InputError, as preparing them one by one would."""
    if len(requests) < 2:
        return [prepare(*args, **options) for args, options in requests]
    import os
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(len(requests), os.cpu_count() or 1, 4), thread_name_prefix="picture") as pool:
        futures = [pool.submit(prepare, *args, **options) for args, options in requests]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _flatten(im, Image):
    """Any mode to RGB, L or CMYK; transparency composited onto white paper."""
    if im.mode in ("RGB", "L", "CMYK"):
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits
        return im.point(lambda v: v / 256).convert("L")
    if im.mode == "1":
        return im.convert("L")
    if im.mode in ("RGBA", "LA", "PA", "P") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return im.convert("RGB")


def _cmyk_to_rgb(im):
    """A CMYK picture in sRGB: through the ICC profile it carries, if any, else Pillow's plain
    conversion (what a viewer does with an untagged CMYK JPEG)."""
    icc = im.info.get("icc_profile")
    if icc:
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except Exception:  # a broken or unusable profile: fall back to the plain conversion
            pass
    return im.convert("RGB")
