"""Fonts installed on the system, found by family name (宋体, SimSun, 仿宋_GB2312, LXGW WenKai)
or by a character they have.

Through fontconfig where it exists (Linux, most BSDs); otherwise by reading the standard font
folders of Linux, Windows and macOS. TYPESETTER_FONT_PATH (folders separated like PATH) is
searched first, on every system.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .sfnt import Sfnt, SfntError, face_count

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


@dataclass(frozen=True)
class Installed:
    path: Path
    index: int
    names: tuple[str, ...]  # family, full and PostScript names, in every language given
    weight: int
    italic: bool = False


def normalize(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " -_")


def font_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("TYPESETTER_FONT_PATH", "").split(os.pathsep) if p]
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", home / "AppData/Local")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [home / "Library/Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                 Path("/System/Library/Fonts/Supplemental")]
    else:
        data_dirs = os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share").split(":")
        dirs += [home / ".local/share/fonts", home / ".fonts"] + [Path(d) / "fonts" for d in data_dirs if d]
    return dirs


def _faces_in(folder: Path):
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
            continue
        try:
            count = face_count(path)
        except OSError:
            continue
        for index in range(count):
            try:
                face = Sfnt(path, index)
                names = tuple(dict.fromkeys(face.all_names((1, 4, 6, 16))))
                yield Installed(path, index, names, face.weight, face.italic)
            except (SfntError, OSError, ValueError):
                continue


@lru_cache(maxsize=1)
def _fontconfig() -> list[Installed] | None:
    """Every face fontconfig knows, or None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{file}\\t%{index}\\t%{family}\\t%{fullname}\\t%{postscriptname}\\t%{weight}\\t%{slant}\\n"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 7 or Path(parts[0]).suffix.lower() not in FONT_SUFFIXES:
            continue
        names = tuple(n for field in parts[2:5] for n in field.split(",") if n)
        try:
            weight = _os2_weight(float(parts[5].split()[0].strip("[]")))
        except (ValueError, IndexError):
            weight = 400
        italic = parts[6].strip("[]").split(" ")[0] not in ("", "0")
        faces.append(Installed(Path(parts[0]), int(parts[1] or 0), names, weight, italic))
    return faces


# fontconfig's weight scale → OpenType's (usWeightClass)
_FC_WEIGHTS = ((0, 100), (40, 200), (50, 300), (55, 350), (75, 380), (80, 400), (100, 500),
               (180, 600), (200, 700), (205, 800), (210, 900), (215, 950))


def _os2_weight(fc: float) -> int:
    return min(_FC_WEIGHTS, key=lambda pair: abs(pair[0] - fc))[1]


@lru_cache(maxsize=1)
def installed() -> list[Installed]:
    """The faces of TYPESETTER_FONT_PATH, then of the system."""
    extra = [f for p in os.environ.get("TYPESETTER_FONT_PATH", "").split(os.pathsep) if p
             for f in _faces_in(Path(p))]
    system = _fontconfig()
    if system is None:
        env_dirs = {p for p in os.environ.get("TYPESETTER_FONT_PATH", "").split(os.pathsep) if p}
        system = [f for d in font_dirs() if str(d) not in env_dirs for f in _faces_in(d)]
    return extra + [f for f in system if f not in extra]


def find_family(name: str) -> Installed | None:
    """The face a name means: an exact full or PostScript name, else the family's regular."""
    want = normalize(name)
    faces = installed()
    exact = [f for f in faces if any(normalize(n) == want for n in f.names)]
    if not exact:
        return None
    return min(exact, key=_regular_first)


def _regular_first(f: Installed):
    return (f.italic, abs(f.weight - 400), str(f.path), f.index)


def close_names(name: str, n: int = 3) -> list[str]:
    import difflib

    names = sorted({x for f in installed() for x in f.names})
    return difflib.get_close_matches(name, names, n=n, cutoff=0.6)


def faces_with(ch: str) -> list[Installed]:
    """Installed faces that have a character, upright regular ones first (the slow path:
    only for characters no configured or shipped font has)."""
    candidates = installed()
    known = set()
    fc_list = shutil.which("fc-list")
    if fc_list and _fontconfig() is not None:
        try:
            out = subprocess.run([fc_list, f":charset={ord(ch):x}", "--format", "%{file}\\t%{index}\\n"],
                                 capture_output=True, text=True, timeout=20).stdout
            known = {(Path(p), int(i or 0)) for p, _, i in (line.partition("\t") for line in out.splitlines())}
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    fontconfig = set(_fontconfig() or [])
    found = []
    for f in candidates:
        if f in fontconfig and known:
            if (f.path, f.index) in known:
                found.append(f)
            continue
        try:
            if ord(ch) in Sfnt(f.path, f.index).cmap:
                found.append(f)
        except (SfntError, OSError, ValueError):
            continue
    return sorted(found, key=_regular_first)
