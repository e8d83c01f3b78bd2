"""The tagged PDF: marked content in the page streams, the structure tree beside them.

Layout gives every drawn item a tag (layout/structure.py). While a page is drawn, `PageMarks`
wraps each stretch of items with the same tag in a marked-content sequence — `/P <</MCID 3>>
BDC … EMC` for content of a structure element, `/Artifact … BDC … EMC` for page furniture and
decoration — numbering the sequences of each page from 0 (the MCIDs) and remembering which
element each belongs to. After the last page `write_structure` turns the layout's tree into StructElem
objects whose /K list their marked content in drawing order (a paragraph that runs over two
columns and a page has several) and their children in reading order, the ParentTree (page →
its MCIDs' elements) and the page's /StructParents, and hangs the StructTreeRoot, /MarkInfo,
/Lang and /ViewerPreferences on the catalog.
"""

from __future__ import annotations

from .layout.structure import Artifact, Node
from .pdfwriter import Name, PDFFile, Ref


class PageMarks:
    """The marked-content operators of one page, appended to its operators `ops` as items
    are drawn, and the element each of its MCIDs belongs to (`owners`, by MCID)."""

    __slots__ = ("ops", "owners", "_open", "_tag")

    def __init__(self, ops: list[str]):
        self.ops = ops
        self.owners: list[Node] = []
        self._open = False
        self._tag = None

    def switch(self, tag) -> None:
        """Before drawing an item tagged `tag`: end the open sequence if its tag differs and
        begin one for this tag (consecutive items of one element share a sequence)."""
        if self._open and tag is self._tag:
            return
        self.end()
        if isinstance(tag, Node):
            mcid = len(self.owners)
            self.owners.append(tag)
            self.ops.append(f"/{tag.role} <</MCID {mcid}>> BDC")
        elif isinstance(tag, Artifact):
            sub = f" /Subtype /{tag.subtype}" if tag.subtype else ""
            self.ops.append(f"/Artifact <</Type /{tag.type}{sub}>> BDC")
        else:
            self.ops.append("/Artifact BMC")
        self._open = True
        self._tag = tag

    def end(self) -> None:
        if self._open:
            self.ops.append("EMC")
            self._open = False
            self._tag = None


def write_structure(pdf: PDFFile, catalog: dict, page_refs: list[Ref], owners: list[list[Node]],
                    root: Node, lang: str) -> None:
    """The structure tree, its parent tree and the catalog's entries for a tagged PDF, from
    each page's MCIDs' elements (`owners`, PageMarks.owners of every page)."""
    content: dict[Node, list[tuple[int, int]]] = {}  # element -> (page, MCID)… in drawing order
    for page, elements in enumerate(owners):
        for mcid, node in enumerate(elements):
            content.setdefault(node, []).append((page, mcid))
    has_content: dict[Node, bool] = {}

    def visit(node: Node) -> bool:
        found = node in content
        for child in node.children:
            found = visit(child) or found
        has_content[node] = found
        return found

    visit(root)
    elements: dict[Node, dict] = {}
    refs: dict[Node, Ref] = {}
    for node in root.walk():
        if has_content[node]:
            elements[node] = {"S": Name(node.role)}  # /Type is optional
            refs[node] = pdf.add(elements[node])
    tree_root = pdf.reserve()

    def fill(node: Node, parent_ref: Ref) -> None:
        element = elements[node]
        element["P"] = parent_ref
        kids: list = []
        marked = content.get(node, [])
        if marked:
            first_page = marked[0][0]
            element["Pg"] = page_refs[first_page]
            for page, mcid in marked:
                if page == first_page:
                    kids.append(mcid)
                else:
                    kids.append({"Type": Name("MCR"), "Pg": page_refs[page], "MCID": mcid})
        for child in node.children:
            if has_content[child]:
                kids.append(refs[child])
                fill(child, refs[node])
        element["K"] = kids[0] if len(kids) == 1 else kids
        if node.alt:
            element["Alt"] = node.alt
        if node.scope:  # a TH: the cells it heads (its column or its row)
            element["A"] = {"O": Name("Table"), "Scope": Name(node.scope)}

    fill(root, tree_root)
    nums: list = []
    for index, (page, elements_of_page) in enumerate(zip(page_refs, owners)):
        if elements_of_page:
            nums += [index, [refs[node] for node in elements_of_page]]
            pdf.get(page)["StructParents"] = index
    pdf.put(tree_root, {"Type": Name("StructTreeRoot"), "K": refs[root],
                        "ParentTree": pdf.add({"Nums": nums}), "ParentTreeNextKey": len(owners)})
    catalog["StructTreeRoot"] = tree_root
    catalog["MarkInfo"] = {"Marked": True}
    catalog["Lang"] = lang
    catalog["ViewerPreferences"] = {"DisplayDocTitle": True}
