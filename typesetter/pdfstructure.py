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
from .pdfwriter import Name, PDFFile, Ref, text_string, value


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
    # each element written as it is filled (there are thousands): the bytes value() would
    # give its dictionary, without the general code
    refs: dict[Node, Ref] = {node: pdf.reserve() for node in root.walk() if has_content[node]}
    tree_root = pdf.reserve()
    mcr = b"<< /Type /MCR /Pg %d 0 R /MCID %d >>"

    def fill(node: Node, parent_ref: Ref) -> None:
        parts = [b"<< /S ", value(Name(node.role)), b" /P %d 0 R" % parent_ref.n]  # /Type is optional
        kids: list[bytes] = []
        marked = content.get(node, [])
        if marked:
            first_page = marked[0][0]
            parts.append(b" /Pg %d 0 R" % page_refs[first_page].n)
            for page, mcid in marked:
                kids.append(b"%d" % mcid if page == first_page else mcr % (page_refs[page].n, mcid))
        for child in node.children:
            if has_content[child]:
                kids.append(b"%d 0 R" % refs[child].n)
                fill(child, refs[node])
        parts += [b" /K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"]
        if node.alt:
            parts += [b" /Alt ", text_string(node.alt)]
        if node.scope:  # a TH: the cells it heads (its column or its row)
            parts += [b" /A << /O /Table /Scope ", value(Name(node.scope)), b" >>"]
        parts.append(b" >>")
        pdf.put(refs[node], b"".join(parts))

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
