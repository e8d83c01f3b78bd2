"""Positioned glyphs, stored compactly.

A page holds about a thousand glyphs and a long issue hundreds of pages: as objects they
would cost ~170 bytes each. Here a line's characters are one string, their x an array of
doubles, their faces runs, and the rare horizontal scale (the halves of ——) a dict:
~18 bytes a glyph. `Glyph` is a view, made on demand.
"""

from __future__ import annotations

from array import array

from ..records import record


@record(slots=True)
class Glyph:
    ch: str
    face: object
    x: float  # pt from the measure's left edge to the glyph's origin
    hscale: float = 1.0  # horizontal scale: joins the two halves of ——


class Glyphs:
    __slots__ = ("text", "xs", "runs", "scales")

    def __init__(self, text: str, xs: array, runs: tuple, scales: dict | None = None):
        self.text = text
        self.xs = xs
        self.runs = runs  # ((start, face), …): glyphs from start on are set in face
        self.scales = scales or None  # index -> horizontal scale, where not 1

    @classmethod
    def from_lists(cls, chars, xs, faces, scales=None) -> "Glyphs":
        if faces and faces.count(faces[0]) == len(faces):  # most lines: one face (identity)
            return cls("".join(chars), array("d", xs), ((0, faces[0]),), scales)
        runs = []
        for k, face in enumerate(faces):
            if not runs or runs[-1][1] is not face:
                runs.append((k, face))
        return cls("".join(chars), array("d", xs), tuple(runs), scales)

    def face_at(self, k: int):
        face = self.runs[0][1]
        for start, f in self.runs:
            if start > k:
                break
            face = f
        return face

    def moved(self, dx_per_glyph: float) -> "Glyphs":
        """The same glyphs with the k-th moved right by k × dx (letter-spacing)."""
        return Glyphs(self.text, array("d", (x + k * dx_per_glyph for k, x in enumerate(self.xs))),
                      self.runs, self.scales)

    def split(self, n: int) -> tuple["Glyphs", "Glyphs"]:
        """The first n glyphs and the rest, each keeping its x (e.g. a list item's number
        and its text, tagged as two structure elements)."""
        def runs(lo, hi):
            out = []
            for start, face in self.runs:
                if start < hi:
                    s = max(start, lo) - lo
                    if out and out[-1][0] == s:
                        out.pop()
                    out.append((s, face))
            return tuple(out)

        scales = self.scales or {}
        head = Glyphs(self.text[:n], self.xs[:n], runs(0, n), {k: v for k, v in scales.items() if k < n})
        tail = Glyphs(self.text[n:], self.xs[n:], runs(n, len(self.text)),
                      {k - n: v for k, v in scales.items() if k >= n})
        return head, tail

    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __getitem__(self, k: int) -> Glyph:
        k = range(len(self.text))[k]
        return Glyph(self.text[k], self.face_at(k), self.xs[k], (self.scales or {}).get(k, 1.0))

    def __iter__(self):
        scales = self.scales or {}
        bounds = [start for start, _ in self.runs[1:]] + [len(self.text)]
        k = 0
        for (_, face), end in zip(self.runs, bounds):
            while k < end:
                yield Glyph(self.text[k], face, self.xs[k], scales.get(k, 1.0))
                k += 1
