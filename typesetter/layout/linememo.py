"""Set paragraphs remembered from one build of an issue to the next, in the cache folder.

The editor's rebuild after an edit sets again only the paragraphs that changed: the lines of
every other come from the last build. An entry is found only by everything its lines depend
on — the text, the faces (file and version), size, measure, punctuation style and options —
and the file by the manifest and the text engine's own code, so a changed font or a new
version of the engine simply misses. A build keeps what it used, so the file does not grow.
"""

from __future__ import annotations

import marshal
import pickle
from array import array
from operator import attrgetter
from pathlib import Path

from .. import cache
from ..records import fields
from ..fontset import FontSet
from ..text import Glyphs, Line

FORMAT = 3
# The packed lines are written with marshal, in its version 2: plain tuples, lists, strings,
# bytes and numbers are all they hold, and it writes and reads them in about a third of
# pickle's time (pickle keeps a table of every tuple and string it has written; version 2 of
# marshal keeps none). The keys hold an enum (Align), which only pickle writes.
MARSHAL_VERSION = 2
_rest = attrgetter(*[f.name for f in fields(Line)][1:])  # a Line's fields after its glyphs


def _engine_digest() -> str:
    """The text engine's code: its lines are only as good as the code that set them."""
    return cache.code_digest(*sorted((Path(__file__).parent.parent / "text").glob("*.py")))


class LineMemo:
    def __init__(self, manifest: Path, fonts: FontSet):
        self.name = cache.key("lines", FORMAT, Path(manifest).resolve(), _engine_digest()) + ".lines"
        self.faces = {face.key: face for face in fonts.faces()}
        self.old: dict = {}
        data = cache.read("lines", self.name)
        if data:
            try:
                keys, values = pickle.loads(data)
                self.old = dict(zip(keys, marshal.loads(values), strict=True))
            except Exception:  # a damaged or foreign file: as if there were none
                self.old = {}
        self.used: dict = {}

    def has(self, key: tuple) -> bool:
        return key in self.old

    def get(self, key: tuple) -> list[Line] | None:
        stored = self.old.get(key)
        if stored is None:
            return None
        lines = thaw(stored, self.faces)
        if lines is not None:
            self.used[key] = stored
        return lines

    def put(self, key: tuple, lines: list[Line], stored=None) -> None:
        """Keep a paragraph's lines for the next build (`stored`: them packed already)."""
        if key in self.used:
            return  # met again in this build (a trial flow, a folio): packed once is enough
        stored = freeze(lines) if stored is None else stored
        if stored is not None:
            self.used[key] = stored

    def save(self) -> None:
        if self.used.keys() == self.old.keys():
            return  # nothing new, nothing dropped
        try:
            data = pickle.dumps((list(self.used), marshal.dumps(list(self.used.values()), MARSHAL_VERSION)),
                                protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an option that cannot be stored: remembered for this run only
            return
        cache.store("lines", self.name, data)


def freeze(lines: list[Line]):
    """Lines as plain data, quick to pickle: positions as bytes, faces by their keys."""
    out = []
    for line in lines:
        g = line.glyphs
        try:
            if len(g.runs) == 1:  # most lines: one face (a list for each cost a fifth of this)
                ((start, face),) = g.runs
                runs = ((start, face.key),)
            else:
                runs = tuple([(start, face.key) for start, face in g.runs])
        except AttributeError:
            return None
        out.append((g.text, g.xs.tobytes(), runs, g.scales, _rest(line)))
    return out


def thaw(stored, faces: dict) -> list[Line] | None:
    """The lines again, in this build's faces (None: a face is not among them, as one
    found on the system)."""
    lines = []
    for text, xs, runs, scales, rest in stored:
        try:
            if len(runs) == 1:  # most lines: one face
                ((start, key),) = runs
                runs = ((start, faces[key]),)
            else:
                runs = tuple([(start, faces[key]) for start, key in runs])
        except KeyError:
            return None
        lines.append(Line(Glyphs(text, array("d", xs), runs, scales), *rest))  # array("d", bytes): frombytes
    return lines
