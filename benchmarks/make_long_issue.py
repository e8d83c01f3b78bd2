"""Write benchmark issues whose every paragraph is different, and a photo issue.

    python benchmarks/make_long_issue.py 40 /tmp/bench/long40.yaml
    python benchmarks/make_long_issue.py photos /tmp/bench/photos.yaml

A long issue is made of the sample issue's sentences, recombined into new paragraphs with
their numbers changed (a fixed seed: the same arguments give the same issue), about N pages
of it. No paragraph repeats, so nothing a build remembers from one paragraph helps with
another: this is what an editor's real issue costs.

The photo issue has eight articles of such text, each with a photo as a phone makes them:
12 MP (4000 × 3000 or 3000 × 4000), 3–5 MB of JPEG with a phone's noise and detail, two of
them stored sideways with an EXIF orientation (6, 8) that turns them upright. The photos
are written to images/ beside the manifest.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-10.yaml"
CHARACTERS_PER_PAGE = 1340  # of body text, titles and breaks between, as measured on these issues
SEED = 2023

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]”?")


class _Pool:
    """The sample's sentences, titles, subheadings and credits, drawn from at random."""

    def __init__(self, sample: dict, rng: random.Random):
        self.rng = rng
        self.sentences: list[str] = []
        self.headings: list[str] = []
        self.credits: list[str] = []
        self.titles: list[str] = []
        for section in sample["sections"]:
            for article in section.get("articles", []):
                self.titles.append(article["title"].replace("\n", ""))
                if article.get("credit"):
                    self.credits.append(article["credit"])
                for para in article["body"].split("\n\n"):
                    para = para.replace("\n", "").strip()
                    if para.startswith("## "):
                        self.headings.append(para[3:])
                    else:
                        self.sentences += [s for s in _SENTENCE.findall(para) if len(s) >= 8]
            for brief in section.get("briefs", []):
                self.sentences += [s for s in _SENTENCE.findall(brief) if len(s) >= 8]
        self.seen: set[str] = set()

    def renumber(self, text: str) -> str:
        """Every number changed to another of the same number of digits (years stay years)."""
        def repl(m: re.Match) -> str:
            digits, unit = m.group(1), m.group(2)
            if unit == "月":
                return str(self.rng.randint(1, 12)) + m.group(0)[len(digits):]
            if unit == "日":
                return str(self.rng.randint(1, 28)) + m.group(0)[len(digits):]
            if len(digits) == 4 and digits.startswith("20"):
                return str(self.rng.randint(2015, 2030)) + m.group(0)[len(digits):]
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
            return str(self.rng.randint(low, 10 ** len(digits) - 1)) + m.group(0)[len(digits):]
        return re.sub(r"(\d+)\s*(月|日)?", repl, text)

    def unique(self, make, join: str = "") -> str:
        """A text not made before: make() again, and once the pool runs dry, two of them."""
        for attempt in range(1000):
            text = make() if attempt < 20 else make() + join + make()
            if text not in self.seen:
                self.seen.add(text)
                return text
        raise RuntimeError("the sample's sentences are too few for an issue this long")

    def paragraph(self) -> str:
        n = self.rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
        return self.unique(lambda: self.renumber("".join(self.rng.choice(self.sentences) for _ in range(n))))

    def heading(self) -> str:
        """Short clauses joined, in the sample's manner (撸起袖子，沉下身子，练好“走功”)."""
        def make() -> str:
            if self.rng.random() < 0.2:
                return self.rng.choice(self.headings)
            parts = []
            while len(parts) < 3:
                parts += [c for c in re.split(r"[，。！？；：、]", self.rng.choice(self.sentences))
                          if 4 <= len(c) <= 8 and not re.search(r"[“”（）《》]", c)][:1]
            return "，".join(parts)
        return self.unique(make, "，")

    def title(self) -> str:
        """A title from a sentence's clause (the sample has too few titles to go round)."""
        def make() -> str:
            clauses = [c for c in re.split(r"[，。！？；：、]", self.rng.choice(self.sentences))
                       if 10 <= len(c) <= 26 and not c.startswith(("“", "（", "《"))]
            return self.renumber(clauses[0] if clauses else self.rng.choice(self.titles))
        return self.unique(make, " ")

    def article(self, paragraphs: int) -> dict:
        body = []
        for k in range(paragraphs):
            if k > 1 and self.rng.random() < 0.12:
                body.append("## " + self.heading())
            body.append(self.paragraph())
        return {"title": self.title(), "body": "\n\n".join(body) + "\n",
                "credit": self.rng.choice(self.credits)}


def _sample() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def _characters(issue: dict) -> int:
    n = 0
    for section in issue["sections"]:
        n += sum(len(a["body"]) for a in section.get("articles", []))
        n += sum(len(b) for b in section.get("briefs", []))
    return n


def long_issue(pages: int, seed: int = SEED) -> dict:
    """About `pages` pages of articles and briefs, no paragraph twice."""
    sample = _sample()
    rng = random.Random(seed)
    pool = _Pool(sample, rng)
    target = CHARACTERS_PER_PAGE * pages
    names = [s["name"] for s in sample["sections"] if s.get("articles")]
    sections, chars, k = [], 0, 0
    while chars < target:
        k += 1
        section = {"name": f"{rng.choice(names)}（{k}）", "articles": []}
        for _ in range(rng.randint(1, 4)):
            article = pool.article(rng.randint(3, 14))
            chars += len(article["body"])
            section["articles"].append(article)
        sections.append(section)
        if k % 5 == 0:
            briefs = [pool.paragraph() for _ in range(rng.randint(3, 8))]
            chars += sum(map(len, briefs))
            sections.append({"name": f"简讯（{k // 5}）", "briefs": briefs})
    sample["sections"] = sections
    sample["contents"] = False  # a contents box of hundreds of entries is not what this measures
    return sample


# The photo issue's pictures: (stored width, stored height, EXIF orientation, span).
PHOTOS = [
    (4000, 3000, 1, "column"),
    (4000, 3000, 6, "column"),  # held upright, stored sideways: shown 3000 × 4000
    (4000, 3000, 1, "page"),
    (3000, 4000, 1, "column"),
    (4000, 3000, 1, "column"),
    (4000, 3000, 8, "column"),
    (4000, 3000, 1, "column"),
    (3000, 4000, 1, "column"),
]


def make_photo(path: Path, width: int, height: int, orientation: int, seed: int) -> None:
    """A JPEG that costs what a phone's photo costs to decode and weighs what it weighs:
    smooth light, shapes with edges, fine texture and sensor noise, quality 92."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    # light: a blend of two gradients in a colour cast of its own
    small = (width // 8, height // 8)
    lin = Image.linear_gradient("L").resize(small).rotate(rng.randint(0, 359), expand=False, fillcolor=128)
    rad = Image.radial_gradient("L").resize(small)
    cast = [rng.randint(60, 200) for _ in range(3)]
    channels = [Image.blend(lin, rad, rng.random()).point(lambda v, c=c: (v * c) // 255 + 30) for c in cast]
    base = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(base)
    for _ in range(60):  # objects: the edges a scene has
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randint(4, small[0] // 6)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + r, y + r * rng.uniform(0.3, 2)), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(1)).resize((width, height), Image.BICUBIC)
    # texture at a quarter size (foliage, fabric), then per-pixel sensor noise
    quarter = (width // 4, height // 4)
    texture = Image.frombytes("L", quarter, rng.randbytes(quarter[0] * quarter[1])).resize((width, height), Image.BICUBIC)
    texture = texture.point(lambda v: 128 + (v - 128) // 3)
    noise = Image.merge("RGB", [Image.frombytes("L", (width, height), rng.randbytes(width * height))
                                .point(lambda v: 128 + (v - 128) // 10) for _ in range(3)])
    from PIL import ImageChops

    photo = ImageChops.add(ImageChops.add(base, Image.merge("RGB", [texture] * 3), offset=-128), noise, offset=-128)
    exif = Image.Exif()
    exif[0x010F] = "Benchmark"  # Make
    exif[0x0112] = orientation
    photo.save(path, "JPEG", quality=92, exif=exif.tobytes())


def photo_issue(folder: Path, seed: int = SEED) -> dict:
    """Eight articles, each with a 12 MP photo (written to folder/images)."""
    sample = _sample()
    rng = random.Random(seed + 1)
    pool = _Pool(sample, rng)
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    names = [s["name"] for s in sample["sections"] if s.get("articles")]
    sections = []
    for k, (w, h, orientation, span) in enumerate(PHOTOS):
        path = images / f"photo{k + 1}.jpg"
        if not path.exists():
            make_photo(path, w, h, orientation, seed + k)
        article = pool.article(rng.randint(4, 9))
        article["images"] = [{"file": f"images/{path.name}", "caption": pool.title(), "span": span}]
        if k % 2 == 0:
            sections.append({"name": f"{names[(k // 2) % len(names)]}", "articles": []})
        sections[-1]["articles"].append(article)
    sample["sections"] = sections
    sample["contents"] = False
    return sample


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # manifests have no aliases: write repeats out in full
        return True

    def represent_str(self, data):  # bodies as | blocks, as an editor writes them
        return self.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_representer(str, _Dumper.represent_str)


def _write(issue: dict, out: Path) -> Path:
    out.write_text(yaml.dump(issue, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
                   encoding="utf-8")
    return out


def write_long_issue(pages: int, out: Path) -> Path:
    return _write(long_issue(pages), out)


def write_photo_issue(out: Path) -> Path:
    return _write(photo_issue(out.parent), out)


if __name__ == "__main__":
    what, target = sys.argv[1], Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    if what == "photos":
        write_photo_issue(target)
    else:
        write_long_issue(int(what), target)
