"""Writing the user's files safely: the PDF, a manifest, a body file, a picture."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, Problem


def size_label(n: int) -> str:
    """A file's size as the messages give it: 284 KB, 3.2 MB."""
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def new_private_file(folder: Path | str, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file of a name no other has, readable by its owner only: (open descriptor,
    path). As tempfile.mkstemp, without importing tempfile (with random and shutil) into
    every build."""
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a new file in {folder}")


def write_atomically(output: Path, data: bytes, what: str = "PDF", exclusive: bool = False) -> None:
    """Write beside the target, then rename: a reader never sees half a file, and on any
    failure the previous file is left as it was. `exclusive`: refuse to replace a file
    that exists (checked at the moment of the rename, not before)."""
    folder = output.parent if str(output.parent) else Path(".")
    fd, tmp = new_private_file(folder, f".{output.name}.", ".tmp")
    try:
        # a temporary file is private (0600); the file gets what a new file would (or keeps
        # the mode of the one it replaces), so that it can be shared as before
        try:
            mode = output.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if exclusive:
            _link_new(tmp, output)
        else:
            os.replace(tmp, output)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, FileExistsError):
            raise InputError([Problem(output, None, None, f"{output} 已经存在，不会覆盖它。请换一个文件名。")]) from None
        if isinstance(exc, OSError):
            raise InputError([Problem(output, None, None, f"无法写入{what}：{exc.strerror}。")]) from None
        raise


def _link_new(tmp: str, output: Path) -> None:
    """Give the finished temporary file its name only if that name is free: a hard link
    fails when the target exists; where links are not supported, check, then rename."""
    try:
        os.link(tmp, output)
    except FileExistsError:
        raise
    except OSError:
        if output.exists():
            raise FileExistsError(output) from None
        os.replace(tmp, output)
        return
    os.unlink(tmp)
