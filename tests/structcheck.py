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
