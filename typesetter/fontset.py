"""Fonts: which file serves each role, their metrics, and per-character fallback.

Roles (SPEC): body (宋), heading (黑), title (the heavy masthead serif), credit (楷), and
fallback. Each role is a `FontStack`: the role's face first, then the fallback role, then the
shipped faces, so that a character the role's font lacks is still set, at the same size.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from .records import field, record
from .sfnt import Sfnt, SfntError

ROLES = ("body", "heading", "title", "credit", "fallback")

SHIPPED = {
    "body": "NotoSerifCJKsc-Regular.ttf",
    "heading": "NotoSansCJKsc-Bold.ttf",
    "title": "NotoSerifCJKsc-Black.ttf",
    "credit": "LXGWWenKai-Regular.ttf",
}


def fonts_dir() -> Path:
    """The shipped fonts: installed as typesetter/fonts, or the checkout's fonts/ folder."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "fonts", here.parent / "fonts"):
        if (candidate / SHIPPED["body"]).is_file():
            return candidate
    raise FileNotFoundError(f"shipped fonts not found beside {here}")


class FontError(Exception):
    """A font file that cannot serve: missing, unreadable, or of a kind not supported."""


class Face:
    """One font face: a file (and a face index inside a collection) and its metrics, read
    from the file's tables on first use (`sfnt`)."""

    def __init__(self, path: Path, index: int = 0, key: str | None = None):
        self.path = Path(path)
        self.index = index
        self.key = key or f"{self.path.stem}-{index}"
        self._sfnt: Sfnt | None = None
        self._advances: dict[str, float] = {}
        self._digest: str | None = None

    @property
    def sfnt(self) -> Sfnt:
        if self._sfnt is None:
            try:
                self._sfnt = Sfnt(self.path, self.index)
                self._sfnt.cmap  # noqa: B018 — a broken character map is found now
                self._sfnt.advances  # noqa: B018
            except (SfntError, struct.error, IndexError) as exc:
                raise FontError(f"{self.path.name}: {exc}") from None
        return self._sfnt

    @property
    def family(self) -> str:
        return self.sfnt.family

    @property
    def full_name(self) -> str:
        return self.sfnt.full_name

    @property
    def glyph_count(self) -> int:
        return self.sfnt.num_glyphs

    @property
    def format(self) -> str:
        return self.sfnt.format

    @property
    def pdf_name(self) -> str:
        return self.sfnt.postscript_name

    def outlines(self, chars: str) -> Sfnt:
        """The face with TrueType outlines for these characters, to embed. A CFF face's
        glyphs are converted, once: the result is cached by content (its glyph ids are its
        own: look them up in its cmap)."""
        if not self.sfnt.is_cff:
            return self.sfnt
        from .cache import file_digest
        from .outlines import truetype_glyphs

        if self._digest is None:
            self._digest = file_digest(self.path)
        return Sfnt(truetype_glyphs(self.path, self.index, self._digest, chars))

    def has(self, ch: str) -> bool:
        return ord(ch) in self.sfnt.cmap

    def advance(self, ch: str) -> float:
        """Advance width in em (0 for a character the face lacks)."""
        adv = self._advances.get(ch)
        if adv is None:
            sfnt = self.sfnt
            glyph = sfnt.cmap.get(ord(ch))
            adv = sfnt.advances[glyph] / sfnt.upem if glyph is not None else 0.0
            self._advances[ch] = adv
        return adv

    def ink(self, ch: str) -> tuple[float, float]:
        """Left and right edge of the character's outline, em."""
        sfnt = self.sfnt
        bounds = sfnt.glyph_bounds(sfnt.cmap[ord(ch)])
        if bounds is None:
            return 0.0, self.advance(ch)
        return bounds[0] / sfnt.upem, bounds[2] / sfnt.upem

    def __repr__(self) -> str:
        return f"Face({self.path.name}#{self.index})"


@record
class FontStack:
    """The faces a role sets text with, in order of preference; then, for a character none
    of them has, an installed font that has it."""

    role: str
    faces: list[Face]
    system: object = None  # ch -> Face | None, for characters no face of the stack has
    _chosen: dict[str, Face] = field(default_factory=dict)
    _metrics: dict[str, tuple] = field(default_factory=dict)

    @property
    def primary(self) -> Face:
        return self.faces[0]

    @property
    def key(self) -> tuple:
        """What the stack's choices depend on: its faces (each keyed by file and version)."""
        return tuple(face.key for face in self.faces)

    def find(self, ch: str) -> Face | None:
        face = self._chosen.get(ch)
        if face is None:
            for candidate in self.faces:
                if candidate.has(ch):
                    face = candidate
                    break
            else:
                face = self.system(ch) if self.system else None
                if face is None:
                    return None
            self._chosen[ch] = face
        return face

    def face_for(self, ch: str) -> Face:
        """The face that sets ch; a character no face has was refused before layout."""
        return self.find(ch) or self.primary

    def metrics(self, ch: str) -> tuple[Face, float]:
        """(face, advance in em) of a character: the text engine's innermost question."""
        found = self._metrics.get(ch)
        if found is None:
            face = self.face_for(ch)
            found = self._metrics[ch] = (face, face.advance(ch))
        return found


_FACES: dict[tuple, Face] = {}


def _cached_face(path: Path, index: int, role_key: str) -> Face:
    """One Face per file, face index and file version for the whole process, so that a
    rebuild (tests, --watch) reads no font twice. The key names the file uniquely: two
    fonts with the same file name in different folders are different fonts."""
    stat = path.stat()
    k = (path, index, stat.st_mtime_ns, stat.st_size)
    face = _FACES.get(k)
    if face is None:
        digest = hashlib.sha1(f"{path}|{index}|{stat.st_mtime_ns}|{stat.st_size}".encode()).hexdigest()[:8]
        face = _FACES[k] = Face(path, index, f"{role_key}-{digest}")
    return face


def parse_font_spec(spec: str, base: Path) -> tuple[Path, int]:
    """'fonts/x.ttc#2' → (path, 2); relative paths are relative to the manifest's folder."""
    path, _, index = spec.partition("#")
    p = Path(path).expanduser()
    if not p.is_absolute():
        p = base / p
    return p, int(index) if index else 0


class FontSet:
    """The stacks of all roles of one issue."""

    def __init__(self, files: dict[str, tuple[Path, int]] | None = None):
        files = files or {}
        shipped_dir = fonts_dir()
        self._faces: dict[tuple[Path, int], Face] = {}
        shipped = [self._face(shipped_dir / SHIPPED[r], 0, f"shipped-{r}") for r in SHIPPED]
        chosen: dict[str, Face] = {}
        for role in ROLES:
            if role in files:
                path, index = files[role]
                chosen[role] = self._face(path, index, f"{role}-{path.stem}-{index}")
            elif role in SHIPPED:
                chosen[role] = shipped[list(SHIPPED).index(role)]
        self.stacks: dict[str, FontStack] = {}
        for role in ROLES:
            if role == "fallback":
                continue
            order = [chosen[role]]
            if "fallback" in chosen:
                order.append(chosen["fallback"])
            order += [chosen["body"]] + shipped
            unique = list(dict.fromkeys(order))
            self.stacks[role] = FontStack(role, unique, self._system_face)
        self.roles = chosen
        self._system: dict[str, Face | None] = {}

    def _system_face(self, ch: str) -> Face | None:
        """An installed font with a character none of the issue's fonts has."""
        if ch not in self._system:
            from .sysfonts import faces_with

            found = None
            for installed in faces_with(ch):
                try:
                    found = self._face(installed.path, installed.index, f"system-{installed.path.stem}")
                    found.sfnt  # noqa: B018 — readable?
                    break
                except FontError:
                    found = None
            self._system[ch] = found
        return self._system[ch]

    def fake_bold(self, role: str) -> bool:
        """Headings are bold: a heading face with no bold weight (仿宋_GB2312, 楷体_GB2312) is
        emboldened by stroking its outlines."""
        return role == "heading" and self.roles["heading"].sfnt.weight < 600

    def _face(self, path: Path, index: int, key: str) -> Face:
        k = (Path(path).resolve(), index)
        if k not in self._faces:
            if not Path(path).is_file():
                raise FontError(f"{path}: no such font file")
            self._faces[k] = _cached_face(k[0], index, key)
        return self._faces[k]

    def __getitem__(self, role: str) -> FontStack:
        return self.stacks[role]

    def faces(self) -> list[Face]:
        return list(self._faces.values())
