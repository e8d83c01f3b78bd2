"""`@record`: a dataclass whose equality, hash and repr are shared, not compiled per class.

@dataclass writes the source of each class's __eq__ and __repr__ (and a frozen one's
__hash__) and compiles it as the class is made: a quarter of a millisecond a method, every
build's start, for methods a build never calls (they serve tests, sets and debugging). A
record is a dataclass in every other way (fields, defaults, frozen, replace, asdict), and
equal, hashed and shown exactly as one: equal to an object of its own class whose compared
fields are equal, in order; hashed by them if frozen, unhashable if not; shown as
Name(field=value, …).
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, fields


def _compared(obj) -> tuple:
    return tuple([getattr(obj, f.name) for f in fields(obj) if f.compare])


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self) -> int:
    return hash(tuple([getattr(self, f.name) for f in fields(self) if (f.compare if f.hash is None else f.hash)]))


@reprlib.recursive_repr()
def _repr(self) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def record(cls=None, /, *, frozen: bool = False, slots: bool = False, eq: bool = True):
    """@dataclass for a class of plain data (frozen, slots and eq as @dataclass takes them;
    eq=False: equal only to itself), with the shared __eq__, __hash__ and __repr__ (a class
    that writes its own keeps it)."""

    def make(cls):
        cls = dataclass(cls, eq=False, repr=False, frozen=frozen, slots=slots)
        if eq and "__eq__" not in cls.__dict__:
            cls.__eq__ = _eq
            if "__hash__" not in cls.__dict__:
                # as @dataclass decides: frozen, hashed by value; mutable, unhashable
                cls.__hash__ = _hash if frozen else None
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = _repr
        return cls

    return make if cls is None else make(cls)
