"""A realistic test issue: the sample with a phone photo in every article, made at test time.

Photos as phones make them — 4000×3000 landscape, 3000×4000 portrait, a portrait stored
landscape with EXIF orientation 6, a panorama, a square, a tiny logo — plus one page-wide
photo, one row of photos, long URLs and e-mail addresses in bodies and a three-line title.

Run as a script to write the issue into a folder: `python tests/photo_issue.py OUT_DIR`.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-10.yaml"

# name -> (stored width, stored height, EXIF orientation)
PHOTOS = {
    "landscape.jpg": (4000, 3000, 1),
    "portrait.jpg": (3000, 4000, 1),
    "rotated.jpg": (4000, 3000, 6),  # shown upright as 3000 × 4000
    "panorama.jpg": (6000, 1500, 1),
    "square.jpg": (3000, 3000, 1),
    "logo.png": (120, 40, 1),
    "row1.jpg": (4000, 3000, 1),
    "row2.jpg": (4000, 3000, 1),
    "row3.jpg": (3000, 4000, 1),
}


def make_photo(path: Path, w: int, h: int, orientation: int = 1, seed: int = 0) -> None:
    """A picture with something in it (sky, ground, a few shapes), quick to make at any size."""
    small_w, small_h = max(4, w // 50), max(4, h // 50)
    im = Image.new("RGB", (small_w, small_h))
    draw = ImageDraw.Draw(im)
    horizon = small_h * (0.45 + 0.1 * (seed % 3))
    for y in range(small_h):
        sky = y < horizon
        c = (110 + y * 2 % 60, 150 + seed * 7 % 60, 220) if sky else (90 + seed * 13 % 80, 120, 60 + y % 40)
        draw.line([(0, y), (small_w, y)], fill=c)
    for k in range(5):
        x = (seed * 17 + k * 23) % small_w
        y = int(horizon) - (k * 3 % 7) - 2
        draw.rectangle([x, y, x + small_w // 8, int(horizon) + 1], fill=(150 + k * 20, 80, 70 + k * 30))
    im = im.resize((w, h), Image.BILINEAR)
    if path.suffix == ".png":
        im.save(path)
        return
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    im.save(path, quality=80, exif=exif.tobytes())


def make_photos(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k, (name, (w, h, orientation)) in enumerate(PHOTOS.items()):
        if not (folder / name).exists():
            make_photo(folder / name, w, h, orientation, seed=k)


# Article (by title start) -> its pictures, in manifest form.
PICTURES = {
    "市经信委": [{"file": "images/portrait.jpg", "caption": "张英一行调研工业互联网创新中心"}],
    "区国资委党委召开": [{"file": "images/landscape.jpg", "caption": "专题学习研讨会现场",
                       "span": "page"}],
    "把脉问题": [{"file": "images/rotated.jpg", "caption": "赵志坚在企业调研"}],
    "区国资委召开": [{"file": "images/panorama.jpg", "caption": "会议现场全景"}],
    "综保区": [{"row": [{"file": "images/row1.jpg", "caption": "廉洁文化宣讲"},
                       {"file": "images/row2.jpg", "caption": "项目工地现场"},
                       {"file": "images/row3.jpg", "caption": "签订廉洁承诺书"}]}],
    "学习身边榜样": [{"file": "images/square.jpg", "caption": "陈海燕同志先进事迹报告会"}],
    "嘉加集团": [{"file": "images/logo.png", "caption": "嘉加集团标识"},
             {"file": "images/landscape.jpg", "caption": "合规管理专题培训会议"}],
    "提升": [{"file": "images/portrait.jpg", "caption": "办公室主任会议现场", "fit": "crop"}],
}

URLS = ("相关材料已发布在 https://www.jiading.gov.cn/gzw/xxgk/2023/10/notice_20231016_issue.html，"
        "意见建议请发送至联系邮箱 gzw_info@jiading.gov.cn 或 office.jiading-guozi@example.com.cn。")
LONG_TITLE = "学习身边榜样，交发集团广泛开展向陈海燕同志学习活动\n坚持以人民为中心的发展思想\n推动嘉定新城建设再上新台阶"


def photo_manifest(rows: bool = True) -> dict:
    """The sample manifest with pictures added to every article (`rows`: the row of
    photos as a `row:` list; else as three single photos)."""
    manifest = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    manifest = copy.deepcopy(manifest)
    for section in manifest["sections"]:
        for article in section.get("articles", []):
            for start, pictures in PICTURES.items():
                if article["title"].startswith(start):
                    pics = copy.deepcopy(pictures)
                    if not rows:
                        pics = [p for item in pics for p in item.get("row", [item])]
                    article["images"] = pics
                    break
            if article["title"].startswith("学习身边榜样"):
                article["title"] = LONG_TITLE
            if article["title"].startswith(("区国资委召开", "嘉加集团")):
                paragraphs = article["body"].rstrip("\n").split("\n\n")
                paragraphs.insert(len(paragraphs) // 2 + 1, URLS)
                article["body"] = "\n\n".join(paragraphs) + "\n"
    return manifest


def write_photo_issue(folder: Path, rows: bool = True) -> Path:
    folder = Path(folder)
    make_photos(folder / "images")
    path = folder / "photos.yaml"
    path.write_text(yaml.safe_dump(photo_manifest(rows), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_photo_issue(Path(sys.argv[1])))
