"""What an issue must read as, in reading order, built from its model (SPEC: section headers
in 【】, credits in 【】, briefs numbered 1、2、…, the 报尾 lines)."""

from typesetter.model import Paragraph


def captions(issue) -> list[str]:
    return ["".join(image.caption.split()) for article in issue.articles() for image in article.images
            if image.caption]


def body_reading(issue) -> str:
    """The visible characters of everything below the masthead and contents, in order.
    Picture captions are not in it: a picture floats (to the next column when it does not
    fit where it stands), and its caption with it."""
    parts = []
    for section in issue.sections:
        parts.append(f"【{section.name}】")
        for article in section.articles:
            parts.append(article.title)
            if article.subtitle:
                parts.append(article.subtitle)
            if article.note:
                parts.append("编者按：" + article.note)
            for p in article.body:
                if isinstance(p, Paragraph):  # tables are read back cell by cell (tablecheck)
                    parts.append(p.text)
            if article.credit:
                parts.append(f"【{article.credit}】")
        for n, brief in enumerate(section.briefs, 1):
            parts.append(f"{n}、{brief.text}")
    if issue.colophon:
        for line in issue.colophon.lines:
            parts.append(f"{line.label}：{line.to}")
        if issue.colophon.copies:
            parts.append(f"共印{issue.colophon.copies}份")
    return "".join(ch for ch in "".join(parts) if not ch.isspace())
