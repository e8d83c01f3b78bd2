"""Write a Typst document with the same content, fonts and page geometry as a manifest.

    python benchmarks/to_typst.py issues/2023-10.yaml /tmp/2023-10.typ

The comparison point for speed (benchmarks/run.py) and for the look of the page. Typst sets
each article's body with its own two-column block (`columns`), as a Typst user would.
Pictures are placed as typesetter places them (page-wide ones under the title, column ones
after the first paragraph, at the same size); their paths are relative to the folder the
.typ is written to, which must hold them (Typst reads nothing outside it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typesetter.layout.geometry import Geometry, make_geometry  # noqa: E402
from typesetter.layout.pictures import natural  # noqa: E402
from typesetter.manifest import load_issue  # noqa: E402
from typesetter.units import HAO  # noqa: E402


def s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def figure(image, folder: Path, g: Geometry, frame_w: float) -> str:
    """A picture at the size typesetter gives it when space allows (its natural size: see
    typesetter/layout/pictures.py); a tall one cut to shape with fit: crop is shown whole
    at that height."""
    size = natural(image.pixels, frame_w, g.bottom - g.top, image.fit, image.width)
    path = os.path.relpath(image.file, folder)
    caption = f", caption: {s(image.caption)}" if image.caption else ""
    return f"#figure(image({s(path)}, height: {size.h:.2f}pt), numbering: none{caption})"


def to_typst(manifest: Path, folder: Path | None = None) -> str:
    """The Typst document; `folder`: where it will be written (default: beside the manifest)."""
    issue = load_issue(manifest)
    folder = Path(folder or Path(manifest).parent).resolve()
    g = make_geometry(issue.style)
    m = issue.masthead
    size = issue.style.body_size
    out = [
        f'#set page(width: {g.page_w:.2f}pt, height: {g.page_h:.2f}pt, '
        f'margin: (left: {g.left:.2f}pt, right: {g.page_w - g.right:.2f}pt, top: {g.top:.2f}pt, '
        f'bottom: {g.page_h - g.bottom:.2f}pt), '
        'footer: context align(center, text(size: 10.5pt)[— #counter(page).display() —]))',
        f'#set text(font: "Noto Serif CJK SC", size: {size}pt, lang: "zh", region: "cn")',
        f'#set par(justify: true, first-line-indent: (amount: 2em, all: true), '
        f'leading: {g.pitch - size:.2f}pt, spacing: {g.pitch - size:.2f}pt)',
        '#let red = cmyk(0%, 100%, 100%, 0%)',
        '#let hei(body) = text(font: "Noto Sans CJK SC", weight: "bold", body)',
        '#let kai(body) = text(font: "LXGW WenKai", body)',
        f'#show figure.caption: set text(font: "LXGW WenKai", size: {HAO["小五"]}pt)',
        "",
        "#align(center)[",
        f"  #text(font: \"Noto Serif CJK SC\", weight: \"black\", size: {HAO['初号']}pt, fill: red, tracking: 0.35em)[#{s(m.title)}]",
        "",
        f"  #text(size: {HAO['三号']}pt)[#{s(m.issue_label)}]",
        "]",
        f"#text(size: {HAO['四号']}pt)[#{s(m.editor)} #h(1fr) #{s(m.date_label)}]",
        "#line(length: 100%, stroke: 2.5pt + red)",
        "",
    ]
    for section in issue.sections:
        out.append(f"#text(size: {HAO['四号']}pt, fill: red)[#hei[#{s('【' + section.name + '】')}]]")
        out.append("")
        for article in section.articles:
            out.append("#align(center)[#text(font: \"Noto Serif CJK SC\", weight: \"black\", "
                       f"size: {HAO['小二']}pt)[#{s(article.title)}]]")
            if article.subtitle:
                out.append(f"#align(center)[#kai[#text(size: {HAO['小三']}pt)[#{s(article.subtitle)}]]]")
            for image in article.images:
                if image.span == "page":
                    out.append(figure(image, folder, g, g.width))
            out.append("#columns(2, gutter: 2em)[")
            for k, p in enumerate(article.body):
                out.append(f"  #hei[#{s(p.text)}]" if p.heading else f"  #{s(p.text)}")
                out.append("")
                if k == 0:
                    for image in article.images:
                        if image.span != "page":
                            out.append("  " + figure(image, folder, g, g.col_w))
                            out.append("")
            if article.credit:
                out.append(f"  #align(right)[#kai[#{s('【' + article.credit + '】')}]]")
            out.append("]")
            out.append("")
        if section.briefs:
            out.append("#columns(2, gutter: 2em)[")
            for k, brief in enumerate(section.briefs, 1):
                out.append(f"  #{s(f'{k}、' + brief.text)}")
                out.append("")
            out.append("]")
    if issue.colophon:
        out.append("#v(1fr)")
        out.append("#line(length: 100%, stroke: 1.2pt)")
        for line in issue.colophon.lines:
            out.append(f"#kai[#text(size: {HAO['小四']}pt)[#{s(line.label + '：' + line.to)}]]")
            out.append("")
        if issue.colophon.copies:
            out.append(f"#align(right)[#kai[#text(size: {HAO['小四']}pt)[共印{issue.colophon.copies}份]]]")
        out.append("#line(length: 100%, stroke: 0.6pt)")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[2])
    out.write_text(to_typst(Path(sys.argv[1]), out.parent), encoding="utf-8")
