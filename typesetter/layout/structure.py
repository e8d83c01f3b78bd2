"""The logical structure of an issue, as plain data: what each thing on the page *is*.

A tagged PDF carries, beside the drawing, a tree of structure elements in reading order —
Document → a `Sect` per 栏目 → an `Art` per article → `H1` title, `P` paragraphs, `H2`
subheadings, `Figure` with its `Caption`, `L`/`LI` lists — that screen readers, phone
readers (reflow) and copy-and-paste follow instead of the two columns' geometry. Layout
knows what it is making, so layout builds the tree; the renderer only writes it.

The one way to say "these items belong to this element": every drawn item (`Text`, `Picture`,
`Rule`, `Frame` in boxes.py) has a `tag` field.

- `tag=node` — a `Node` of the tree: the item is that element's content. All the lines of a
  paragraph carry the same `P` node, across columns and pages (one paragraph is one `P`).
- `tag=None` (the default) — not content: decoration (rules, frames, leaders), written as
  an `/Artifact`.
- `tag=HEADER` / `tag=FOOTER` — page furniture repeated on every page (running header,
  page number): a pagination artifact.

Make nodes with `parent.add(role)`: children are read in the order they were added, so add
them in reading order (not in the order they happen to be placed on the page — a picture
that floats to the next column stays where the text refers to it). A node's own content is
read before its children (a `Figure`'s picture, then its `Caption`). Roles are the standard
structure types of PDF 1.7 (ISO 32000-1, 14.8.4), e.g. for tables: `Table` → `TR` → `TH`/`TD`.
"""

from __future__ import annotations


from ..records import field, record


@record(eq=False)  # identity: two paragraphs with the same text are two elements
class Node:
    role: str  # a standard structure type: Document Sect Art H1 H2 P Figure Caption L LI Lbl LBody …
    children: list["Node"] = field(default_factory=list)
    alt: str | None = None  # alternative text (Figure)
    scope: str | None = None  # a table header cell's /Scope: Column or Row

    def add(self, role: str, alt: str | None = None, scope: str | None = None) -> "Node":
        """A new child, last in reading order."""
        node = Node(role, alt=alt, scope=scope)
        self.children.append(node)
        return node

    def walk(self):
        """This node and all below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@record(frozen=True)
class Artifact:
    """Page furniture that is not content: written as /Artifact with this type and subtype."""

    type: str  # Pagination | Layout | Page | Background
    subtype: str | None = None  # Header | Footer | Watermark


HEADER = Artifact("Pagination", "Header")  # the running header
FOOTER = Artifact("Pagination", "Footer")  # the page number

Tag = Node | Artifact | None
