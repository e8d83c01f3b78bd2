"""A PDF file from numbered objects: the few kinds of value a newsletter's file holds, written
straight to bytes.

Values are plain Python: a dict is a dictionary, a list or tuple an array, `Name` a name, a
str a text string, an int or float a number, True/False/None the keywords, `Ref` an indirect
reference, `Stream` a stream (an object of its own). `PDFFile` numbers the objects in the
order they are added and writes the header, the objects, the cross-reference table and the
trailer. Nothing here knows about pages or fonts: render.py builds the document from these.
"""

from __future__ import annotations

import zlib

# Every stream at level 5: on the 40-page issue its page content and font programs compress
# in 25 ms instead of 40 (levels 6 and 9, zlib's default and its most) for 0.7 % more bytes
# (level 4 would cost 2.6 %).
FLATE_LEVEL = 5


class Name(str):
    """A PDF name: Name("Page") is /Page."""

    __slots__ = ()


class Ref:
    """An indirect reference to object number `n`."""

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n

    def __repr__(self) -> str:
        return f"Ref({self.n})"


class Stream:
    """A stream object: its dictionary's entries (without /Length) and its bytes as they go
    into the file (already filtered, if the entries name a filter)."""

    __slots__ = ("entries", "data")

    def __init__(self, entries: dict, data: bytes):
        self.entries = entries
        self.data = data


def flate(data: bytes) -> bytes:
    return zlib.compress(data, FLATE_LEVEL)


def compressed(entries: dict, data: bytes) -> Stream:
    """A stream of `data`, compressed (FlateDecode)."""
    return Stream({**entries, "Filter": Name("FlateDecode")}, flate(data))


def number(v: float) -> str:
    """A number as the file writes it: at most three decimals, no trailing zeros."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


_LITERAL = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)", "\r": "\\r", "\n": "\\n"})


def text_string(text: str) -> bytes:
    """A text string: printable ASCII as a literal string, anything else as UTF-16BE with its
    byte order mark (hexadecimal), which every reader decodes the same way."""
    if text.isascii() and text.isprintable():
        return b"(" + text.translate(_LITERAL).encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _name(name: str) -> bytes:
    """/Name, with any character other than a letter or digit written #xx (UTF-8 bytes)."""
    found = _NAMES.get(name)
    if found is None:
        found = _NAMES[name] = _spell(name)
    return found


_NAMES: dict[str, bytes] = {}  # a file has a few dozen names, written thousands of times


def _spell(name: str) -> bytes:
    if name.isascii() and name.isalnum():
        return b"/" + name.encode("ascii")
    out = bytearray(b"/")
    for byte in name.encode("utf-8"):
        if 0x21 <= byte <= 0x7E and chr(byte) not in "#()<>[]{}/%":
            out.append(byte)
        else:
            out += b"#%02X" % byte
    return bytes(out)


def value(v) -> bytes:
    """The bytes of one direct value."""
    kind = type(v)
    if kind is Ref:
        return b"%d 0 R" % v.n
    if kind is int:
        return b"%d" % v
    if kind is Name:
        return _name(v)
    if kind is dict:
        return b"<< " + b" ".join([_name(k) + b" " + value(x) for k, x in v.items()]) + b" >>"
    if kind is list or kind is tuple:
        return b"[" + b" ".join([value(x) for x in v]) + b"]"
    if kind is float:
        return number(v).encode("ascii")
    if kind is str:
        return text_string(v)
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    if v is None:
        return b"null"
    if kind is bytes:  # written as it is (a date, a string made by the caller)
        return v
    if isinstance(v, int):
        return b"%d" % v
    raise TypeError(f"not a PDF value: {v!r}")


class PDFFile:
    """Objects numbered from 1 in the order they are added (or reserved)."""

    def __init__(self, version: str):
        self.version = version
        self.objects: list = []

    def reserve(self) -> Ref:
        """A number for an object given later (`put`): for objects that refer to each other."""
        self.objects.append(None)
        return Ref(len(self.objects))

    def put(self, ref: Ref, obj) -> Ref:
        self.objects[ref.n - 1] = obj
        return ref

    def get(self, ref: Ref):
        return self.objects[ref.n - 1]

    def add(self, obj) -> Ref:
        self.objects.append(obj)
        return Ref(len(self.objects))

    def tobytes(self, root: Ref, info: Ref, file_id: bytes) -> bytes:
        # the second line's bytes above 127 mark the file as binary (as PDF/A asks)
        out = [b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % self.version.encode("ascii")]
        size = len(out[0])
        offsets = []
        for n, obj in enumerate(self.objects, 1):
            if obj is None:
                raise ValueError(f"object {n} reserved but never given")
            offsets.append(size)
            if type(obj) is Stream:
                entries = dict(obj.entries)
                entries["Length"] = len(obj.data)
                chunk = b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (n, value(entries), obj.data)
            else:
                chunk = b"%d 0 obj\n%s\nendobj\n" % (n, value(obj))
            out.append(chunk)
            size += len(chunk)
        count = len(self.objects) + 1
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % count]
        xref += [b"%010d 00000 n \n" % offset for offset in offsets]
        ident = file_id.hex().encode("ascii")
        xref.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                    % (count, root.n, info.n, ident, ident, size))
        return b"".join(out + xref)
