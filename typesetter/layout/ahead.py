"""Setting body paragraphs ahead, on a second core.

Nearly all of a long issue's layout time is the text engine setting its paragraphs, and
each paragraph's lines depend only on its text and settings, not on the page it lands on.
So where the machine has a second core and the process can fork (Linux), a child process
sets the paragraphs of the issue's second part while this process sets the first part and
builds the pages; the child hands its lines back packed as the line memo stores them
(linememo.freeze), and the pages are the same, byte for byte, as set in one process.

A child that fails or is killed costs nothing but time: the paragraphs it did not hand
back are set here when they are met. `TYPESETTER_JOBS=1` sets everything in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading

from .linememo import freeze, thaw

# Below this many characters to set, a second process saves less than it costs to start
# and to hand the lines back.
LEAST_CHARACTERS = 6000
# The child's share of the characters: this process also builds the pages meanwhile.
CHILD_SHARE = 0.5


def jobs() -> int:
    """Processes that may set text: TYPESETTER_JOBS, else 2 where there is a second core."""
    value = os.environ.get("TYPESETTER_JOBS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 2 if (os.cpu_count() or 1) > 1 else 1


def can_fork() -> bool:
    # fork copies only the calling thread: with others running (a test runner's, a
    # viewer's), a lock one of them holds would stay held in the child for ever
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class SetAhead:
    """Paragraphs being set by a child process; `take(key)` gives one's lines (None for a
    paragraph that is not the child's, or that the child did not hand back)."""

    def __init__(self, pid: int, pipe: int, keys: set, faces: dict):
        self.pid, self.pipe, self.keys, self.faces = pid, pipe, keys, faces
        self.lines: dict | None = None  # key -> packed lines, once the child has finished

    @classmethod
    def start(cls, builder, requests: list[tuple]) -> "SetAhead | None":
        """Fork a child to set the last part of `requests` — (text, role, size, measure,
        options) in the order the build meets them — and return; None where it is not
        worth it or not possible."""
        todo = []
        for text, role, size, width, options in requests:
            key = builder.key(text, role, size, width, **options)
            if not builder.known(key):
                todo.append((key, (text, role, size, width, options)))
        total = sum(len(args[0]) for _, args in todo)
        if jobs() < 2 or total < LEAST_CHARACTERS or not can_fork():
            return None
        # the child takes the paragraphs from the end back to its share of the characters
        split, share = len(todo), 0
        while split > 0 and share < total * CHILD_SHARE:
            split -= 1
            share += len(todo[split][1][0])
        mine = dict(todo[split:])
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: set, hand back, and leave without running any cleanup
            status = 1
            try:
                os.close(read_end)
                packed = {key: freeze(builder.set(text, role, size, width, **options))
                          for key, (text, role, size, width, options) in mine.items()}
                data = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, set(mine), {face.key: face for face in builder.fonts.faces()})

    def take(self, key: tuple):
        if key not in self.keys:
            return None
        if self.lines is None:
            self.lines = self._collect()
        stored = self.lines.pop(key, None)
        return thaw(stored, self.faces) if stored is not None else None

    def _collect(self) -> dict:
        """Everything the child handed back ({} if it failed)."""
        chunks = []
        with os.fdopen(self.pipe, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return {}
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # cut short: as if the child had set nothing
            return {}

    def close(self) -> None:
        """Stop and reap a child whose lines were never asked for (a build that stopped
        early, on bad input)."""
        if self.lines is None:
            self.lines = {}
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
