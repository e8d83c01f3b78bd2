"""Images as phones and scanners make them, prepared for print.

Turned upright by their EXIF orientation, flattened onto white paper, downsampled to 300 dpi
at the size they are placed at (never upsampled), and re-encoded deterministically so that
the same manifest gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem

PRINT_DPI = 300
LOW_DPI = 200  # below this at the placed size, warn
MAX_PIXELS = 80_000_000  # a phone's 50 MP photo passes; a 40000 × 40000 bomb does not


@dataclass
class Source:
    """An image's file and upright pixel size, read from its header only."""

    path: Path
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.height / self.width


@dataclass
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


def prepare(source: Source, placed_w: float, placed_h: float, loc=None) -> tuple[Prepared, list[str]]:
    """Load, turn upright, flatten and downsample an image for its placed size (pt).

    A JPEG is decoded no larger than it is needed (DCT scaling: a 12 MP photo for a column
    decodes at a quarter of its width, sixteen times fewer pixels, in a sixteenth of the
    time), and one that is already upright, in RGB or grey, and at no more than 300 dpi at
    its placed size goes into the PDF as it is: re-encoding would only lose quality."""
    Image, ImageOps = _pil()
    warnings_: list[str] = []
    target_w = max(1, round(placed_w / 72 * PRINT_DPI))
    target_h = max(1, round(placed_h / 72 * PRINT_DPI))
    passed = None
    try:
        with Image.open(source.path) as im:
            orientation = im.getexif().get(0x0112, 1)
            if im.format == "JPEG":
                if orientation == 1 and im.mode in ("RGB", "L") and im.width <= target_w * 1.05:
                    im.draft(im.mode, (1, 1))  # decode at 1/8 only to prove the file whole
                    passed = source.path.read_bytes()
                else:
                    sideways = orientation in (5, 6, 7, 8)
                    im.draft(im.mode, (target_h, target_w) if sideways else (target_w, target_h))
            im.load()
            if passed is None:
                im = ImageOps.exif_transpose(im)
    except Exception as exc:
        raise _problem(source.path, loc, f"图片 {source.path.name} 无法完整读取（{exc.__class__.__name__}），"
                       "文件可能被截断或损坏。请重新导出这张图片。") from None
    if passed is not None:
        width, height = source.width, source.height
    else:
        im = _flatten(im, Image)
        if im.width > target_w * 1.05:
            # whole-pixel box reduction first, then Lanczos over the last factor of two or less
            im = im.resize((target_w, target_h), Image.LANCZOS, reducing_gap=2.0)
        width, height = im.width, im.height
    dpi = width / (placed_w / 72)
    if dpi < LOW_DPI:
        warnings_.append(f"图片 {source.path.name} 在版面上只有 {dpi:.0f} dpi（印刷宜 ≥ 300 dpi），印出来可能发虚。")
    key = f"{source.path.name}-{width}x{height}"
    if passed is not None:
        return Prepared(key, passed, None, width, height, dpi), warnings_
    if im.mode in ("RGB", "L", "CMYK"):
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=90, optimize=False, progressive=False, subsampling="4:4:4" if im.mode == "L" else "4:2:0")
        return Prepared(key, buf.getvalue(), None, width, height, dpi), warnings_
    return Prepared(key, None, im, width, height, dpi), warnings_


class PictureJob:
    """A picture being prepared on a worker thread; `prepared` is set by PictureQueue.finish."""

    __slots__ = ("future", "prepared")

    def __init__(self, future):
        self.future = future
        self.prepared: Prepared | None = None


class PictureQueue:
    """Pictures prepared on worker threads while the text is set: Pillow lets go of the
    interpreter while it decodes, resamples and encodes, so on two cores a photo issue's
    pictures cost little more than its text. Layout needs only their placed sizes, which
    come from the pixel sizes read when the manifest was checked."""

    def __init__(self, workers: int | None = None):
        import os

        self.workers = workers or min(4, os.cpu_count() or 1)
        self._pool = None
        self._jobs: list[PictureJob] = []

    def submit(self, source: Source, placed_w: float, placed_h: float, loc=None) -> PictureJob:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="picture")
        job = PictureJob(self._pool.submit(prepare, source, placed_w, placed_h, loc))
        self._jobs.append(job)
        return job

    def finish(self) -> list[str]:
        """Wait for every picture; returns their warnings in the order they were asked
        for, or raises the first one's InputError."""
        warnings_: list[str] = []
        try:
            for job in self._jobs:
                job.prepared, warns = job.future.result()
                warnings_ += warns
        finally:
            self.close()
        return warnings_

    def close(self) -> None:
        """Stop the workers (what has not started is dropped: the build has failed)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


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
