"""The tagged PDF: marked content in the page streams, the structure tree beside them.

Layout gives every drawn item a tag (layout/structure.py). While drawing, `MarkedContent`
wraps each stretch of items with the same tag in a marked-content sequence — `/P <</MCID 3>>
BDC … EMC` for content of a structure element, `/Artifact … BDC … EMC` for page furniture and
decoration — numbering the sequences of each page from 0 (the MCIDs) and remembering which
element each belongs to. After the last page `write` turns the layout's tree into StructElem
objects whose /K list their marked content in drawing order (a paragraph that runs over two
columns and a page has several) and their children in reading order, the ParentTree (page →
its MCIDs' elements) and the page's /StructParents, and hangs the StructTreeRoot, /MarkInfo,
/Lang and /ViewerPreferences on the catalog — all as ReportLab's PDF objects (the quicker
dictionaries and arrays of pdfobjects.py: there are hundreds), so the file is written once.
"""

from __future__ import annotations

from .layout.structure import Artifact, Node


class MarkedContent:
    """The marked-content operators of the pages, and which element each MCID belongs to."""

    def __init__(self):
        self.pages: list[list[Node]] = []  # page → its MCIDs' elements, by MCID
        self.content: dict[Node, list[tuple[int, int]]] = {}  # element → (page, MCID)…
        self._open = False
        self._tag = None

    def start_page(self) -> None:
        self.pages.append([])
        self._open = False
        self._tag = None

    def switch(self, tag, code: list[str]) -> None:
        """Before drawing an item tagged `tag`: end the open sequence if its tag differs and
        begin one for this tag (consecutive items of one element share a sequence)."""
        if self._open and tag is self._tag:
            return
        self.end(code)
        if isinstance(tag, Node):
            page = len(self.pages) - 1
            mcid = len(self.pages[page])
            self.pages[page].append(tag)
            self.content.setdefault(tag, []).append((page, mcid))
            code.append(f"/{tag.role} <</MCID {mcid}>> BDC")
        elif isinstance(tag, Artifact):
            sub = f" /Subtype /{tag.subtype}" if tag.subtype else ""
            code.append(f"/Artifact <</Type /{tag.type}{sub}>> BDC")
        else:
            code.append("/Artifact BMC")
        self._open = True
        self._tag = tag

    def end(self, code: list[str]) -> None:
        if self._open:
            code.append("EMC")
            self._open = False
            self._tag = None

    # -- the structure tree ---------------------------------------------------------------

    def write(self, doc, root: Node, lang: str) -> None:
        """The structure tree, parent tree and catalog entries into ReportLab's document
        `doc`; call after the last page is shown, before saving."""
        from reportlab.pdfbase.pdfdoc import PDFName, PDFString

        from .pdfobjects import QuickArray, QuickDictionary

        page_refs = [doc.Reference(page) for page in doc.Pages.pages]
        has_content: dict[Node, bool] = {}

        def visit(node: Node) -> bool:
            found = node in self.content
            for child in node.children:
                found = visit(child) or found
            has_content[node] = found
            return found

        visit(root)
        elements: dict[Node, QuickDictionary] = {}
        refs: dict[Node, object] = {}
        for node in root.walk():
            if has_content[node]:
                element = elements[node] = QuickDictionary({"S": PDFName(node.role)})  # /Type is optional
                element.multiline = False  # on one line: there are hundreds
                refs[node] = doc.Reference(element)
        tree_root = QuickDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = doc.Reference(tree_root)

        def fill(node: Node, parent_ref) -> None:
            element = elements[node]
            element["P"] = parent_ref
            kids: list = []
            marked = self.content.get(node, [])
            if marked:
                first_page = marked[0][0]
                element["Pg"] = page_refs[first_page]
                for page, mcid in marked:
                    if page == first_page:
                        kids.append(mcid)
                    else:
                        kids.append(QuickDictionary({"Type": PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid}))
            for child in node.children:
                if has_content[child]:
                    kids.append(refs[child])
                    fill(child, refs[node])
            element["K"] = kids[0] if len(kids) == 1 else QuickArray(kids)
            if node.alt:
                element["Alt"] = PDFString(node.alt)
            if node.scope:  # a TH: the cells it heads (its column or its row)
                element["A"] = QuickDictionary({"O": PDFName("Table"), "Scope": PDFName(node.scope)})

        fill(root, tree_ref)
        nums: list = []
        for index, (page, owners) in enumerate(zip(doc.Pages.pages, self.pages)):
            if owners:
                nums += [index, QuickArray([refs[node] for node in owners])]
                page.StructParents = index
                page.__NoDefault__ = [*page.__NoDefault__, "StructParents"]
        tree_root["K"] = refs[root]
        tree_root["ParentTree"] = doc.Reference(QuickDictionary({"Nums": QuickArray(nums)}))
        tree_root["ParentTreeNextKey"] = len(self.pages)

        catalog = doc.Catalog
        catalog.StructTreeRoot = tree_ref
        catalog.MarkInfo = QuickDictionary({"Marked": "true"})
        catalog.Lang = PDFString(lang)
        catalog.ViewerPreferences = QuickDictionary({"DisplayDocTitle": "true"})
