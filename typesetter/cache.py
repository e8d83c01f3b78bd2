"""The user's cache folder: files derived from fonts, keyed by what they are made from.

Entries are written to a temporary file and renamed into place, so two builds at once
never see half a file; their names are hashes of the inputs and of the code that makes
them, so a changed font or a new version of the program simply makes new entries.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from collections.abc import Callable

from .files import new_private_file

# Bump when anything that writes cache entries changes what it writes.
CACHE_FORMAT = "1"


def cache_dir() -> Path:
    env = os.environ.get("TYPESETTER_CACHE")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "typesetter" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "typesetter"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "typesetter"


def key(*parts: object) -> str:
    """A name for a cache entry: a hash of its inputs, the cache format and the program's
    version (an entry made by another library names that library's version among its parts)."""
    from . import __version__

    h = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}".encode())
    for part in parts:
        h.update(b"\0" + (part if isinstance(part, bytes) else str(part).encode()))
    return h.hexdigest()[:40]


def cached(kind: str, name: str, make: Callable[[], bytes]) -> Path:
    """The path of cache entry kind/name, made with make() if it is not there yet."""
    path = cache_dir() / kind / name
    if path.is_file():
        return path
    data = make()
    try:
        _write(path, data)
    except OSError:
        # no writable cache (a read-only home): keep the result beside it for this run
        import tempfile

        fd, tmp = new_private_file(tempfile.gettempdir(), "typesetter-", f"-{name}")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return Path(tmp)
    return path


def store(kind: str, name: str, data: bytes) -> None:
    """Write (or replace) cache entry kind/name; nothing where the cache cannot be written."""
    try:
        _write(cache_dir() / kind / name, data)
    except OSError:
        pass


def keep_newest(kind: str, prefix: str, count: int) -> None:
    """Remove all but the `count` newest entries of kind/ whose names begin with `prefix`
    (entries of which a build makes a new one whenever its input changes)."""
    try:
        entries = [p for p in (cache_dir() / kind).iterdir() if p.name.startswith(prefix)]
        entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[count:]:
            old.unlink()
    except OSError:  # another build removed it first, or the cache cannot be written
        pass


def read(kind: str, name: str) -> bytes | None:
    try:
        return (cache_dir() / kind / name).read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_private_file(path.parent, ".", ".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_CODE_DIGESTS: dict[tuple[Path, ...], str] = {}


def code_digest(*files: Path) -> str:
    """A digest of the program's own code in these files, read once a process: an entry
    made by other code (another version of the program) is then simply not found."""
    found = _CODE_DIGESTS.get(files)
    if found is None:
        h = hashlib.sha256()
        for path in files:
            h.update(path.read_bytes())
        found = _CODE_DIGESTS[files] = h.hexdigest()
    return found


def file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
