"""Setting body paragraphs ahead, on a second core.

Nearly all of a long issue's layout time is the text engine setting its paragraphs, and
each paragraph's lines depend only on its text and settings, not on the page it lands on.
So where the machine has a second core and the process can fork (Linux), a child process
sets the paragraphs of the issue's second part while this process sets the first part:

1. the child sets its paragraphs and hands their lines back in one piece, which this
   process waits for when it first meets one of them;
2. then, while this process breaks the issue into pages, the child sets its paragraphs
   again a line looser (the variants the pages may take to keep their columns full), from
   the first on, and hands them back a few at a time; one not handed back yet when the
   pages ask for it is set here (the child's copy is then not needed).

Lines travel packed as the line memo stores them (linememo.freeze), and the pages are the
same, byte for byte, as set in one process. A child that fails or is killed costs nothing
but time: what it did not hand back is set here when it is met. `TYPESETTER_JOBS=1` sets
everything in one process.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import threading

from .linememo import freeze, thaw

# Below this many characters to set, a second process saves less than it costs to start
# and to hand the lines back.
LEAST_CHARACTERS = 6000
# The child's share of the characters: this process also builds the pages meanwhile.
CHILD_SHARE = 0.5
# Looser variants handed back together.
BATCH = 8
_LENGTH = struct.Struct("<Q")  # each piece handed back: its length, then its pickle


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
    paragraph that is not the child's, or that the child has not handed back)."""

    def __init__(self, pid: int, pipe: int, keys: set, faces: dict):
        self.pid, self.pipe, self.keys, self.faces = pid, pipe, keys, faces
        self.lines: dict = {}  # key -> packed lines handed back and not yet taken
        self.first = False  # the child's paragraphs (step 1) have been handed back
        self.ended = False  # nothing more will come
        self.buffer = bytearray()

    @classmethod
    def start(cls, builder, requests: list[tuple]) -> "SetAhead | None":
        """Fork a child to set the last part of `requests` — (setting, lines -> the setting
        of its looser variant or None) in the order the build meets them, a setting being
        (text, role, size, measure, options) — and return; None where it is not worth it
        or not possible."""
        todo = []
        for setting, variant in requests:
            key = builder.key(*setting[:4], **setting[4])
            if not builder.known(key):
                todo.append((key, setting, variant))
        total = sum(len(setting[0]) for _, setting, _ in todo)
        if jobs() < 2 or total < LEAST_CHARACTERS or not can_fork():
            return None
        # the child takes the paragraphs from the end back to its share of the characters
        split, share = len(todo), 0
        while split > 0 and share < total * CHILD_SHARE:
            split -= 1
            share += len(todo[split][1][0])
        mine = todo[split:]
        read_end, write_end = os.pipe()
        _widen(write_end)
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: set, hand back, and leave without running any cleanup
            try:
                os.close(read_end)
                _child(builder, mine, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        os.set_blocking(read_end, False)
        return cls(pid, read_end, {key for key, _, _ in mine}, {face.key: face for face in builder.fonts.faces()})

    def take(self, key: tuple):
        if key in self.keys:
            while not self.first and not self.ended:
                self._receive(wait=True)
        elif self.first and not self.ended:
            self._receive(wait=False)  # a looser variant, if it has come
        stored = self.lines.pop(key, None)
        return thaw(stored, self.faces) if stored is not None else None

    def _receive(self, wait: bool) -> None:
        """Read what the child has written (waiting for something, if `wait`) and unpack
        every piece that is there whole."""
        if wait:
            select.select([self.pipe], [], [])
        while True:
            try:
                chunk = os.read(self.pipe, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                self.ended = True
                break
            self.buffer += chunk
        while len(self.buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self.buffer)
            if len(self.buffer) < _LENGTH.size + size:
                break
            piece = bytes(self.buffer[_LENGTH.size:_LENGTH.size + size])
            del self.buffer[:_LENGTH.size + size]
            self.lines.update(pickle.loads(piece))
            self.first = True

    def close(self) -> None:
        """Stop the child (the variants it is still setting are not needed now, and a build
        stopped by bad input needs nothing of it) and reap it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.pipe)
        self.ended = True


def _child(builder, mine: list[tuple], out: int) -> None:
    """Step 1, then step 2 (see the module's docstring), written to `out` as pieces."""
    def send(packed: dict) -> None:
        data = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_LENGTH.pack(len(data)) + data)
        while view:
            view = view[os.write(out, view):]

    counts = {}
    packed = {}
    for key, (text, role, size, width, options), _ in mine:
        lines = builder.set(text, role, size, width, **options)
        packed[key] = freeze(lines)
        counts[key] = len(lines)
    send(packed)
    batch = {}
    for key, _, variant in mine:
        setting = variant(counts[key])
        if setting is None:
            continue
        text, role, size, width, options = setting
        looser = builder.key(text, role, size, width, **options)
        if not builder.known(looser):
            batch[looser] = freeze(builder.set(text, role, size, width, **options))
            if len(batch) == BATCH:
                send(batch)
                batch = {}
    if batch:
        send(batch)


def _widen(pipe: int) -> None:
    """Room for 1 MB in the pipe (64 KB by default), so that the child seldom waits for
    this process to read."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
