"""A second core for a build: a forked child process that works ahead and hands back what it
made, as pickled pieces through a pipe.

Used where a stage's work is a row of parts that need nothing of each other: the layout's
paragraphs (layout/ahead.py) and the render's pages of text (render_ahead.py). This process
works along the row from its start, the child from its end; this process tells the child how
far it has got (a number in memory both share), never waits for it, and does itself any part
not handed back by the time it gets there; the child stops where they meet. So the work is
shared as the two cores can take it: on a machine whose other core is busy, this process
simply does nearly all of it, as it would alone.

Only where the process can fork (Linux) and the machine has a second core; `TYPESETTER_JOBS=1`
keeps a build in one process. A child that fails, or is killed, costs only the time it took.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable

_LENGTH = struct.Struct("<Q")  # each piece: its length, then its pickle
_POSITION = struct.Struct("<q")  # how far this process has got along the row


def jobs() -> int:
    """Processes a build may use: TYPESETTER_JOBS, else 2 where there is a second core."""
    value = os.environ.get("TYPESETTER_JOBS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 2 if (os.cpu_count() or 1) > 1 else 1


def can_fork() -> bool:
    # fork copies only the calling thread: with others running (a test runner's, a
    # viewer's), a lock one of them holds would stay held in the child for ever
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """A forked process running `work(send, reached)`: each `send(obj)` hands one piece back;
    `reached()` is how far this process has got (what it last told `at`)."""

    def __init__(self, pid: int, pipe: int, shared: mmap.mmap):
        self.pid, self.pipe, self.shared = pid, pipe, shared
        self.ended = False  # nothing more will come (the child finished, failed or was stopped)
        self.handed_back: dict = {}  # what the pieces (dicts) brought and was not taken yet
        self._buffer = bytearray()

    @staticmethod
    def possible() -> bool:
        """A second process may and can be used (ask before preparing work for one)."""
        return jobs() >= 2 and can_fork()

    @classmethod
    def start(cls, work: Callable[[Callable[[object], None], Callable[[], int]], None]) -> "Child | None":
        """The child, running; None where a second process may not or cannot be used."""
        if not cls.possible():
            return None
        shared = mmap.mmap(-1, _POSITION.size)  # anonymous and shared: both see what is written
        _POSITION.pack_into(shared, 0, -1)
        read_end, write_end = os.pipe()
        _widen(write_end)
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: this process works alone
            os.close(read_end)
            os.close(write_end)
            shared.close()
            return None
        if pid == 0:  # the child: work, and leave without running any of the parent's cleanup
            try:
                os.close(read_end)
                work(lambda piece: _send(write_end, piece), lambda: _POSITION.unpack_from(shared)[0])
            finally:
                os._exit(0)
        os.close(write_end)
        os.set_blocking(read_end, False)
        return cls(pid, read_end, shared)

    def at(self, position: int) -> None:
        """Tell the child that this process has got to `position` (and does it itself)."""
        _POSITION.pack_into(self.shared, 0, position)

    def take(self, key, position: int | None = None):
        """What the child handed back under `key`, or None if it has not come (never waits).
        `position`: this process has got there (and does it itself if it has not come)."""
        if position is not None:
            self.at(position)
        if not self.ended:
            for piece in self.receive():
                self.handed_back.update(piece)
        return self.handed_back.pop(key, None)

    def wait_for(self, key):
        """What the child hands back under `key`, waiting for it, or None if the child ends
        without it. For work this process has nothing left to do beside."""
        while True:
            found = self.take(key)
            if found is not None or self.ended:
                return found
            select.select([self.pipe], [], [])

    def receive(self) -> list:
        """The pieces that have come whole since the last call (never waits)."""
        self._read()
        pieces: list = []
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            if len(self._buffer) < _LENGTH.size + size:
                break
            piece = bytes(self._buffer[_LENGTH.size:_LENGTH.size + size])
            del self._buffer[:_LENGTH.size + size]
            pieces.append(pickle.loads(piece))
        return pieces

    def _read(self) -> None:
        while not self.ended:
            try:
                chunk = os.read(self.pipe, 1 << 20)
            except BlockingIOError:
                return
            if not chunk:
                self.ended = True
                return
            self._buffer += chunk

    def close(self) -> None:
        """Stop the child, whatever it is doing, and reap it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.pipe)
        self.shared.close()
        self.ended = True


def _send(pipe: int, piece: object) -> None:
    data = pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(pipe, view):]


def _widen(pipe: int) -> None:
    """Room for 1 MB in the pipe (64 KB by default), so that the child seldom waits for
    this process to read."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
