"""Measures of a built issue's pages, from the PDF: how empty each page is, the resolution of
every picture, whether captions stand with their pictures, where each column ends.

Emptiness: for each column, the share of its height (from the top of the text block, or of
the masthead on page 1, to the foot of the text block) that holds nothing — no text, no
picture, no rule. Gaps under a body line's pitch (the space around headings, captions and
pictures) count as held: they belong to what they separate.
"""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber


@dataclass
class PageMeasure:
    number: int
    empty: list[float]  # per column, 0..1
    depth: list[float | None]  # per column, the last body baseline (None: no body text)

    @property
    def emptiness(self) -> float:
        """The page's empty share: the mean over its columns."""
        return sum(self.empty) / len(self.empty)


@dataclass
class PictureMeasure:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    dpi: float
    caption: str  # the small text right under it


def _merge(intervals, join):
    out = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + join:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def measure(pdf_path, geom) -> tuple[list[PageMeasure], list[PictureMeasure]]:
    edges = [(geom.col_x(k), geom.col_x(k) + geom.col_w) for k in range(geom.columns)]
    pages, pics = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            top = geom.first_top if number == 1 else geom.top
            bottom = geom.bottom
            boxes = []  # (x0, x1, top, bottom) of everything in the text block
            for c in page.chars:
                if c["text"].strip() and top - 1 <= c["top"] and c["bottom"] <= bottom + 4:
                    s = c["size"]
                    boxes.append((c["x0"], c["x1"], c["top"] - 0.25 * s, c["bottom"] + 0.25 * s))
            for im in page.images:
                boxes.append((im["x0"], im["x1"], im["top"], im["bottom"]))
                # a picture alone in its band may have a caption as wide as its frame
                beside = [o for o in page.images if o is not im and o["top"] < im["bottom"] and im["top"] < o["bottom"]]
                x0, x1 = im["x0"], im["x1"]
                if not beside:
                    frame = [e for e in edges if e[0] - 1 <= x0 and x1 <= e[1] + 1]
                    x0, x1 = frame[0] if frame else (edges[0][0], edges[-1][1])
                under = [c for c in page.chars if im["bottom"] - 1 <= c["top"] <= im["bottom"] + 30
                         and x0 - 2 <= (c["x0"] + c["x1"]) / 2 <= x1 + 2
                         and c["size"] < geom.size - 0.01]
                w_pt = im["x1"] - im["x0"]
                pics.append(PictureMeasure(number, im["top"], im["bottom"], im["x0"], im["x1"],
                                           im["srcsize"][0] / (w_pt / 72),
                                           "".join(c["text"] for c in sorted(under, key=lambda c: (round(c["top"]), c["x0"])))))
            for r in page.lines + page.rects:
                if top <= r["top"] <= bottom:
                    boxes.append((r["x0"], r["x1"], r["top"] - 1, r["bottom"] + 1))
            empty, depth = [], []
            for x0, x1 in edges:
                mine = [(t, b) for bx0, bx1, t, b in boxes if bx0 < x1 - 1 and bx1 > x0 + 1]
                held = _merge([(max(t, top), min(b, bottom)) for t, b in mine], geom.pitch)
                # a gap at the top or foot under a line's pitch is margin, not emptiness
                covered = sum(b - a for a, b in held)
                if held and held[0][0] - top < geom.pitch:
                    covered += held[0][0] - top
                if held and bottom - held[-1][1] < geom.pitch:
                    covered += bottom - held[-1][1]
                empty.append(max(0.0, 1 - covered / (bottom - top)))
                body = [c for c in page.chars if abs(c["size"] - geom.size) < 0.01 and c["text"].strip()
                        and x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1 and c["bottom"] <= bottom + 4]
                depth.append(round(max(c["bottom"] for c in body), 2) if body else None)
            pages.append(PageMeasure(number, empty, depth))
    return pages, pics


def report(pages, pics) -> str:
    out = []
    for p in pages:
        out.append(f"page {p.number}: empty {p.emptiness:.0%} (columns "
                   + ", ".join(f"{e:.0%}" for e in p.empty) + "), depth " + ", ".join(str(d) for d in p.depth))
    for pic in pics:
        out.append(f"picture p{pic.page} {pic.x1 - pic.x0:.0f}×{pic.bottom - pic.top:.0f} pt {pic.dpi:.0f} dpi: {pic.caption}")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    from typesetter.layout.geometry import make_geometry
    from typesetter.manifest import load_issue

    issue = load_issue(sys.argv[1])
    print(report(*measure(sys.argv[2], make_geometry(issue.style))))
