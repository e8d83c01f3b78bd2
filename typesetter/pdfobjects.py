"""Dictionaries and arrays that format themselves quickly, for the many small objects of the
structure tree.

ReportLab formats every entry through general code: each key made a name character by
character, each piece of the result encoded by a Python codec, every value tested for every
type. That costs ~40 µs for a structure element of four entries, and a 40-page issue has
~550 of them. These classes write the same bytes as ReportLab's PDFDictionary and PDFArray
(keys sorted, a line break after every 6 entries of a dictionary and every 10 items of an
array) directly for what the structure tree holds — names, integers, references and these
classes — and hand any other value (a text string, a float) to ReportLab.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference
from reportlab.pdfbase.pdfdoc import format as _rl_format


def _format(value, document) -> bytes:
    kind = type(value)
    if kind is int:
        return b"%d" % value
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is str and value.isascii() and value.isprintable():  # a name (/P) or a keyword (true)
        return value.encode("ascii")
    if kind is QuickDictionary or kind is QuickArray:
        return value.format(document)
    return _rl_format(value, document)


def _key(name: str) -> bytes:
    if name.isascii() and name.isalnum():
        return b"/" + name.encode("ascii")
    return _rl_format(PDFName(name), document=None)


def _multiline(obj) -> bool:
    """ReportLab's own test for writing an object's entries one a line."""
    return bool((obj.multiline and rl_config.pdfMultiLine) or obj.multiline == "forced")


class QuickDictionary(PDFDictionary):
    def format(self, document, IND=b"\n "):  # noqa: N803 — ReportLab's signature
        if _multiline(self):
            return super().format(document, IND)
        entries = self.dict
        items = [_key(k) + b" " + _format(entries[k], document) for k in sorted(entries)]
        for i in reversed(range(6, len(items), 6)):
            items.insert(i, b"\n ")
        return b"<<\n" + b" ".join(items) + b"\n>>"


class QuickArray(PDFArray):
    def format(self, document, IND=b"\n "):  # noqa: N803 — ReportLab's signature
        if _multiline(self):
            return super().format(document, IND)
        items = [_format(e, document) for e in self.sequence]
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
