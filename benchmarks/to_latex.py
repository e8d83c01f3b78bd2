"""Write a XeLaTeX (xeCJK) document with the same content, fonts and geometry as a manifest.

    python benchmarks/to_latex.py issues/2023-10.yaml /tmp/2023-10.tex
    xelatex -output-directory /tmp /tmp/2023-10.tex

The second comparison point, where TeX Live with xeCJK is installed (Debian: texlive-xetex,
texlive-lang-chinese). Each article's body is a multicols environment (balanced at its end).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typesetter.layout.geometry import make_geometry  # noqa: E402
from typesetter.manifest import load_issue  # noqa: E402
from typesetter.units import HAO  # noqa: E402

SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
           "^": r"\^{}", "_": r"\_", "~": r"\~{}", "%": r"\%"}


def tex(text: str) -> str:
    return "".join(SPECIAL.get(ch, ch) for ch in text)


def to_latex(manifest: Path) -> str:
    issue = load_issue(manifest)
    g = make_geometry(issue.style)
    m = issue.masthead
    size = issue.style.body_size
    fonts = ROOT / "fonts"
    out = [
        r"\documentclass{article}",
        rf"\usepackage[paperwidth={g.page_w:.2f}pt,paperheight={g.page_h:.2f}pt,left={g.left:.2f}pt,"
        rf"right={g.page_w - g.right:.2f}pt,top={g.top:.2f}pt,bottom={g.page_h - g.bottom:.2f}pt]{{geometry}}",
        r"\usepackage{xeCJK}",
        r"\usepackage{multicol}",
        r"\usepackage{xcolor}",
        rf"\setCJKmainfont[Path={fonts}/]{{NotoSerifCJKsc-Regular.ttf}}",
        rf"\setmainfont[Path={fonts}/]{{NotoSerifCJKsc-Regular.ttf}}",
        rf"\setCJKfamilyfont{{hei}}[Path={fonts}/]{{NotoSansCJKsc-Bold.ttf}}",
        rf"\setCJKfamilyfont{{black}}[Path={fonts}/]{{NotoSerifCJKsc-Black.ttf}}",
        rf"\setCJKfamilyfont{{kai}}[Path={fonts}/]{{LXGWWenKai-Regular.ttf}}",
        r"\xeCJKsetup{PunctStyle=quanjiao}",
        r"\definecolor{tao}{cmyk}{0,1,1,0}",
        r"\setlength{\columnsep}{2em}\setlength{\parindent}{2em}\setlength{\parskip}{0pt}",
        r"\pagestyle{plain}",
        r"\begin{document}",
        rf"\fontsize{{{size}pt}}{{{g.pitch:.2f}pt}}\selectfont",
        r"\begin{center}",
        rf"{{\CJKfamily{{black}}\fontsize{{{HAO['初号']}pt}}{{50pt}}\selectfont\color{{tao}} {tex(m.title)}}}\par",
        rf"{{\fontsize{{{HAO['三号']}pt}}{{24pt}}\selectfont {tex(m.issue_label)}}}\par",
        r"\end{center}",
        rf"\noindent{{\fontsize{{{HAO['四号']}pt}}{{20pt}}\selectfont {tex(m.editor)}\hfill {tex(m.date_label)}}}\par",
        r"{\color{tao}\rule{\linewidth}{2.5pt}}\par",
    ]
    for section in issue.sections:
        out.append(rf"\noindent{{\CJKfamily{{hei}}\fontsize{{{HAO['四号']}pt}}{{22pt}}\selectfont\color{{tao}}"
                   rf" 【{tex(section.name)}】}}\par")
        for article in section.articles:
            out.append(rf"\begin{{center}}{{\CJKfamily{{black}}\fontsize{{{HAO['小二']}pt}}{{26pt}}\selectfont "
                       rf"{tex(article.title)}}}")
            if article.subtitle:
                out.append(rf"\\{{\CJKfamily{{kai}}\fontsize{{{HAO['小三']}pt}}{{22pt}}\selectfont "
                           rf"{tex(article.subtitle)}}}")
            out.append(r"\end{center}")
            out.append(r"\begin{multicols}{2}")
            for p in article.body:
                out.append(rf"{{\CJKfamily{{hei}}{tex(p.text)}}}\par" if p.heading else tex(p.text) + r"\par")
            if article.credit:
                out.append(rf"\hfill{{\CJKfamily{{kai}}【{tex(article.credit)}】}}\par")
            out.append(r"\end{multicols}")
        if section.briefs:
            out.append(r"\begin{multicols}{2}")
            for k, brief in enumerate(section.briefs, 1):
                out.append(f"{k}、{tex(brief.text)}" + r"\par")
            out.append(r"\end{multicols}")
    if issue.colophon:
        out.append(r"\vfill\noindent\rule{\linewidth}{1.2pt}\par")
        for line in issue.colophon.lines:
            out.append(rf"\noindent{{\CJKfamily{{kai}}{tex(line.label)}：{tex(line.to)}}}\par")
        if issue.colophon.copies:
            out.append(rf"\hfill{{\CJKfamily{{kai}}共印{issue.colophon.copies}份}}\par")
        out.append(r"\noindent\rule{\linewidth}{0.6pt}\par")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(to_latex(Path(sys.argv[1])), encoding="utf-8")
