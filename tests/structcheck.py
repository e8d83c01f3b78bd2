"""Reading a tagged PDF's logical structure back, as a screen reader or a reflowing phone
reader would: the structure tree walked in order, each element's text gathered from the
marked content its /K points to (MCIDs on its /Pg, or marked-content references to other
pages). Independent of the typesetter's code: pikepdf for the objects, pdfplumber for the
characters of each marked-content sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pdfplumber
import pikepdf

from expected import body_reading
from rules import _first_difference


@dataclass
class Element:
    role: str
    alt: str | None
    content: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID) in order
    children: list["Element"] = field(default_factory=list)
    order: list = field(default_factory=list)  # content and children, interleaved as in /K
    texts: dict = field(default_factory=dict, repr=False)  # shared: (page, MCID) -> text

    @property
    def text(self) -> str:
        """All text below this element in reading order, whitespace removed."""
        parts = []
        for kid in self.order:
            parts.append(kid.text if isinstance(kid, Element) else self.texts.get(kid, ""))
        return "".join("".join(parts).split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, role: str) -> list["Element"]:
        return [e for e in self.walk() if e.role == role]


@dataclass
class Tagged:
    root: Element | None  # the element the StructTreeRoot's /K points to
    texts: dict  # (page index, MCID) -> its characters
    artifacts: list[list]  # per page: pdfplumber chars in no structure element (tag Artifact)
    untagged: list  # chars neither in marked content with an MCID nor an artifact
    parent_tree: dict  # (page index, MCID) -> the StructElem's object id, from the ParentTree
    owners: dict  # (page index, MCID) -> the object id of the element whose /K lists it
    catalog: dict  # a few catalog entries, as Python values
    version: str
    header: bytes


def read_tagged(path) -> Tagged:
    texts: dict = {}
    artifacts: list[list] = []
    untagged = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            artifacts.append([])
            for c in page.chars:
                if c.get("mcid") is not None:
                    texts[(index, c["mcid"])] = texts.get((index, c["mcid"]), "") + c["text"]
                elif c.get("tag") == "Artifact":
                    artifacts[index].append(c)
                else:
                    untagged.append(c)
    with open(path, "rb") as f:
        header = f.read(64)
    with pikepdf.open(path) as pdf:
        page_index = {page.objgen: k for k, page in enumerate(pdf.pages)}
        owners: dict = {}
        root_dict = pdf.Root.get("/StructTreeRoot")
        root = None
        parent_tree: dict = {}
        if root_dict is not None:
            root = _element(root_dict.K, None, page_index, texts, owners)
            nums = root_dict.ParentTree.Nums
            for k in range(0, len(nums), 2):
                key, refs = int(nums[k]), nums[k + 1]
                page = next(i for p, i in page_index.items() if int(pdf.pages[i].obj.get("/StructParents", -1)) == key)
                for mcid, ref in enumerate(refs):
                    parent_tree[(page, mcid)] = ref.objgen
        cat = pdf.Root
        catalog = {
            "Lang": str(cat.Lang) if "/Lang" in cat else None,
            "Marked": bool(cat.MarkInfo.Marked) if "/MarkInfo" in cat else None,
            "DisplayDocTitle": bool(cat.ViewerPreferences.get("/DisplayDocTitle", False))
            if "/ViewerPreferences" in cat else None,
        }
        version = pdf.pdf_version
    return Tagged(root, texts, artifacts, untagged, parent_tree, owners, catalog, version, header)


def _element(obj, page, page_index, texts, owners) -> Element:
    role = str(obj.S)[1:]
    alt = str(obj.Alt) if "/Alt" in obj else None
    if "/Pg" in obj:
        page = page_index[obj.Pg.objgen]
    element = Element(role, alt, texts=texts)
    kids = obj.get("/K")
    if kids is None:
        kids = []
    elif not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int):
            key = (page, int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            key = (page_index[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID))
        else:
            child = _element(kid, page, page_index, texts, owners)
            element.children.append(child)
            element.order.append(child)
            continue
        owners[key] = obj.objgen
        element.content.append(key)
        element.order.append(key)
    return element


PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI", "INLINE IMAGE"}


def unmarked_painting(path) -> tuple[list[tuple[int, str]], int]:
    """Operators that paint something outside any marked-content sequence (PDF/UA: every
    piece of content is either in the structure tree or an artifact), and the deepest
    nesting of marked content seen (tagged content inside an artifact or the other way
    round would be two)."""
    outside = []
    deepest = 0
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            depth = 0
            for _, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op in ("BDC", "BMC"):
                    depth += 1
                    deepest = max(deepest, depth)
                elif op == "EMC":
                    depth -= 1
                    assert depth >= 0, f"page {index + 1}: EMC without BDC"
                elif op in PAINTING and depth == 0:
                    outside.append((index, op))
            assert depth == 0, f"page {index + 1}: marked content left open"
    return outside, deepest


# -- what the tree of an issue must say ---------------------------------------------------

# ISO 32000-1, 14.8.4: the standard structure types
STANDARD_ROLES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
    H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
    BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def text_without_figures(element: Element) -> str:
    """An element's text as body_reading has it: pictures and their captions float, and
    the expected reading leaves them out."""
    if element.role == "Figure":
        return ""
    parts = []
    for kid in element.order:
        parts.append(text_without_figures(kid) if isinstance(kid, Element) else element.texts.get(kid, ""))
    return squeeze("".join(parts))


def article_elements(article) -> list[tuple[str, str]]:
    """What an article's element holds, in reading order, pictures aside: role and text."""
    want = [("H1", article.title)]
    if article.subtitle:
        want.append(("P", article.subtitle))
    if article.note:
        want.append(("P", "编者按：" + article.note))
    want += [("H2" if p.heading else "P", p.text) for p in article.body]
    if article.credit:
        want.append(("P", f"【{article.credit}】"))
    return [(role, squeeze(text)) for role, text in want]


def check_structure(path, issue) -> Element:
    """Everything the structure tree of an issue must say; returns its Document element."""
    t = read_tagged(path)
    assert t.header.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in t.header[10:14])
    assert t.version == "1.7"
    assert t.catalog == {"Lang": issue.style.lang, "Marked": True, "DisplayDocTitle": True}
    doc = t.root
    assert doc.role == "Document"

    # every marked-content sequence belongs to exactly one element, and the parent tree says so
    assert not t.untagged
    assert set(t.texts) <= set(t.owners)
    assert sum(len(e.content) for e in doc.walk()) == len(t.owners)
    assert t.parent_tree == t.owners

    # every mark on the page is content of an element or an artifact, never both
    outside, deepest = unmarked_painting(path)
    assert outside == [] and deepest == 1
    roles = {e.role for e in doc.walk()}
    assert roles <= STANDARD_ROLES, roles - STANDARD_ROLES  # no RoleMap needed
    # headings: the first is an H1 and no level is skipped (Matterhorn 14-002, 14-003)
    levels = [int(e.role[1]) for e in doc.walk() if e.role in ("H1", "H2", "H3", "H4", "H5", "H6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    # lists: an L holds LIs (and its Caption first), an LI its Lbl and LBody (Matterhorn 09-005)
    for e in doc.walk():
        if e.role == "L":
            assert [k.role for k in e.children if k.role != "LI"] in ([], ["Caption"])
            assert e.children[0].role in ("LI", "Caption")
        if e.role == "LI":
            assert [k.role for k in e.children] == ["Lbl", "LBody"]

    # page furniture: the running header and the page number, and nothing else, are artifacts
    m = issue.masthead
    for index, chars in enumerate(t.artifacts):
        header = squeeze(m.title + m.issue_label) if index else ""
        assert squeeze("".join(c["text"] for c in chars)) == header + f"—{index + 1}—"

    parts = list(doc.children)
    masthead = parts.pop(0)
    assert masthead.role == "Sect"
    assert [e.role for e in masthead.children if e.role == "H1"] == ["H1"]
    assert masthead.find("H1")[0].text == squeeze(m.title)
    assert squeeze(m.issue_label) in masthead.text and squeeze(m.editor) in masthead.text

    if issue.contents:
        toc = parts.pop(0)
        assert toc.role == "L" and toc.children[0].role == "Caption" and toc.children[0].text == "本期要目"
        entries = [e for e in toc.children if e.role == "LI"]
        titles = [title for s in issue.sections
                  for title in [a.title for a in s.articles] or ([s.name] if s.briefs else [])]
        assert len(entries) == len(titles)
        for entry, title in zip(entries, titles):
            label, body = entry.children
            assert (label.role, label.text, body.role) == ("Lbl", "◆", "LBody")
            assert body.text.startswith(squeeze(title)) and body.text[len(squeeze(title)):].isdigit()

    # the reading order: everything below the masthead and contents, as the manifest has it
    got = "".join(text_without_figures(e) for e in parts)
    want = body_reading(issue)
    assert got == want, _first_difference(got, want)

    sections = parts[:len(issue.sections)]
    for section, sect in zip(issue.sections, sections):
        assert sect.role == "Sect"
        kids = list(sect.children)
        heading = kids.pop(0)
        assert (heading.role, heading.text) == ("H2", squeeze(f"【{section.name}】"))
        for article in section.articles:
            art = kids.pop(0)
            assert art.role == "Art"
            # one element per paragraph, intact, however many columns and pages it crosses
            assert [(e.role, e.text) for e in art.children if e.role != "Figure"] == article_elements(article)
            figures = [e for e in art.children if e.role == "Figure"]
            assert len(figures) == len(article.images)
            # page-wide pictures come under the title, column pictures after the first paragraph
            spans = sorted(article.images, key=lambda im: im.span != "page")
            for figure, image in zip(figures, spans):
                assert figure.alt == (" ".join(image.caption.split()) if image.caption else image.file.name)
                assert figure.content, "the picture itself is the Figure's content"
                captions = figure.find("Caption")
                assert [c.text for c in captions] == ([squeeze(image.caption)] if image.caption else [])
        if section.briefs:
            briefs = kids.pop(0)
            assert briefs.role == "L" and len(briefs.children) == len(section.briefs)
            for n, (item, brief) in enumerate(zip(briefs.children, section.briefs), 1):
                label, body = item.children
                assert (item.role, label.role, body.role) == ("LI", "Lbl", "LBody")
                assert (label.text, body.text) == (f"{n}、", squeeze(brief.text))
        assert not kids
    rest = parts[len(issue.sections):]
    if issue.colophon:
        (colophon,) = rest
        assert colophon.role == "Sect" and {e.role for e in colophon.children} == {"P"}
    else:
        assert not rest
    return doc


def check_colours(path) -> None:
    """Only the device spaces an sRGB output intent allows: no CMYK operator, no CMYK picture."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"}, ops
            for _, image in page.get_images().items():
                assert image.ColorSpace in ("/DeviceRGB", "/DeviceGray"), image.ColorSpace
                assert "/SMask" not in image  # no transparency
