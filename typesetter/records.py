"""`@record`: a class of plain data — its fields' __init__, equality, hash and repr — made
without the dataclasses module.

@dataclass costs every build's start some 40 ms: importing it loads `inspect` (and with it
`ast`, `dis`, `tokenize`), and each class it makes is worked out field by field and given
methods compiled one at a time, most of which a build never calls. A record gets only its
__init__ compiled (the same code @dataclass writes, so objects are made as fast), and shares
one __eq__, __hash__ and __repr__ with every other record. It behaves as the dataclass would:
equal to an object of its own class whose compared fields are equal, in order; hashed by
them if frozen, unhashable if not; shown as Name(field=value, …); a frozen one refuses
assignment with dataclasses.FrozenInstanceError. `fields`, `replace` and `field` here do what
dataclasses' do, and dataclasses' own fields, replace, asdict and is_dataclass work on records
too (the first time one asks, dataclasses is imported and the class's dataclass fields made).
"""

from __future__ import annotations

import reprlib
from operator import attrgetter


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()  # a field without a default


class Field:
    """A record's field: its name, default or default factory, and whether it is shown and
    compared."""

    __slots__ = ("name", "type", "default", "default_factory", "repr", "compare")

    def __init__(self, default=MISSING, default_factory=MISSING, repr: bool = True, compare: bool = True):
        self.name = self.type = None
        self.default, self.default_factory = default, default_factory
        self.repr, self.compare = repr, compare


def field(*, default=MISSING, default_factory=MISSING, repr: bool = True, compare: bool = True) -> Field:
    """As dataclasses.field, for records."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr, compare)


def fields(class_or_instance) -> tuple[Field, ...]:
    return class_or_instance.__record_fields__


def replace(obj, /, **changes):
    """A copy of record `obj` with the given fields changed (as dataclasses.replace)."""
    for f in obj.__record_fields__:
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _from_dataclass_field(value) -> Field:
    """A dataclasses.Field given to a record (as a class written for @dataclass has)."""
    missing = lambda v: type(v).__name__ == "_MISSING_TYPE"  # noqa: E731 — dataclasses.MISSING
    return Field(MISSING if missing(value.default) else value.default,
                 MISSING if missing(value.default_factory) else value.default_factory,
                 value.repr, value.compare)


def _is_dataclass_field(value) -> bool:
    kind = type(value)
    return kind.__name__ == "Field" and kind.__module__ == "dataclasses"


def _init_source(spec: list[Field], frozen: bool) -> tuple[str, dict]:
    """The source of __init__, as @dataclass writes it, and the names it uses."""
    names: dict = {"MISSING": MISSING, "set_field": object.__setattr__}
    params, body = ["self"], []
    for f in spec:
        name = f.name
        if f.default_factory is not MISSING:
            names[f"make_{name}"] = f.default_factory
            params.append(f"{name}=MISSING")
            value = f"make_{name}() if {name} is MISSING else {name}"
        else:
            if f.default is not MISSING:
                names[f"default_{name}"] = f.default
                params.append(f"{name}=default_{name}")
            elif len(params) > 1 and "=" in params[-1]:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            else:
                params.append(name)
            value = name
        body.append(f"set_field(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(body or ["pass"]) + "\n"
    return source, names


def _compared(obj) -> tuple:
    return obj.__record_compared__(obj)


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self) -> int:
    return hash(_compared(self))


@reprlib.recursive_repr()
def _repr(self) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__ if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _refuse(self, name, value=None):
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _get_state(self):
    return [getattr(self, f.name) for f in self.__record_fields__]


def _set_state(self, state):
    for f, value in zip(self.__record_fields__, state):
        object.__setattr__(self, f.name, value)


class _DataclassFields:
    """A record class's `__dataclass_fields__`, made the first time something asks (tests,
    dataclasses.asdict): a build never does, and never imports dataclasses."""

    def __get__(self, obj, cls):
        import dataclasses

        made = dataclasses.make_dataclass(cls.__name__, [
            (f.name, f.type, dataclasses.field(
                default=dataclasses.MISSING if f.default is MISSING else f.default,
                default_factory=dataclasses.MISSING if f.default_factory is MISSING else f.default_factory,
                repr=f.repr, compare=f.compare))
            for f in cls.__record_fields__])
        found = made.__dataclass_fields__
        type.__setattr__(cls, "__dataclass_fields__", found)
        return found


def record(cls=None, /, *, frozen: bool = False, slots: bool = False, eq: bool = True):
    """Make a class of plain data from its annotated fields (frozen, slots and eq as
    @dataclass takes them; eq=False: equal only to itself). A class that writes its own
    __eq__, __hash__ or __repr__ keeps it."""

    def make(cls):
        spec: list[Field] = []
        for name, kind in cls.__dict__.get("__annotations__", {}).items():
            value = cls.__dict__.get(name, MISSING)
            if isinstance(value, Field):
                f = value
            elif _is_dataclass_field(value):
                f = _from_dataclass_field(value)
            else:
                f = Field(default=value)
            f.name, f.type = name, kind
            spec.append(f)
        members: dict = {}  # what the class gets besides its own
        source, names = _init_source(spec, frozen)
        exec(source, names)  # noqa: S102 — our own source, from the class's field names
        init = names["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__module__ = cls.__module__
        members["__init__"] = init
        members["__record_fields__"] = tuple(spec)
        compared = [f.name for f in spec if f.compare]
        members["__record_compared__"] = staticmethod(
            attrgetter(*compared) if len(compared) > 1
            else (lambda obj, get=attrgetter(*compared): (get(obj),)) if compared else (lambda obj: ()))
        members["__dataclass_fields__"] = _DataclassFields()
        own = cls.__dict__
        if eq and "__eq__" not in own:
            members["__eq__"] = _eq
            # as @dataclass decides: frozen, hashed by value; mutable, unhashable
            members["__hash__"] = _hash if frozen else None
        if "__repr__" not in own:
            members["__repr__"] = _repr
        if frozen:
            members["__setattr__"] = _refuse
            members["__delattr__"] = _refuse
            if slots:  # unpickled (sent between processes) past the refusal
                members["__getstate__"] = _get_state
                members["__setstate__"] = _set_state
        if not slots:
            for f in spec:  # a default stays a class attribute, as with @dataclass; a factory does not
                if f.default is not MISSING:
                    type.__setattr__(cls, f.name, f.default)
                elif f.name in own:
                    type.__delattr__(cls, f.name)
            for name, value in members.items():
                type.__setattr__(cls, name, value)
            return cls
        namespace = {k: v for k, v in own.items() if k not in ("__dict__", "__weakref__")}
        for f in spec:
            namespace.pop(f.name, None)
        namespace.update(members, __slots__=tuple(f.name for f in spec))
        made = type(cls)(cls.__name__, cls.__bases__, namespace)
        made.__qualname__ = cls.__qualname__
        return made

    return make if cls is None else make(cls)
