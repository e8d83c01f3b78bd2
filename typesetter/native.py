"""The compiled twins of the text engine's hottest functions and of one proofing check (core/:
atoms.c, breaker.c, render.c and proofing.c, the twins of the modules of those names), where
this installation has them.

`pip install .` builds them where a C compiler is at hand and goes on without them where
none is; the Python functions they stand in for stay the reference. Each twin computes with
the same doubles in the same order, so the PDF is the same bytes either way
(tests/test_native.py). TYPESETTER_PURE=1 in the environment keeps the Python functions.
"""

from __future__ import annotations

import os

# The twins' interface, raised with every change of what the module offers or takes: a module
# built from other sources (an installation older than this tree) is not used.
CORE_VERSION = 5
# What the program calls, all of which such a module must have.
NAMES = ("bind_atoms", "bind_breaker", "bind_render", "make_atoms", "set_line", "break_exact", "natural_fit",
         "line_spread", "text_operators", "forget_codes", "doubled_spans")


def _load():
    if os.environ.get("TYPESETTER_PURE"):
        return None
    try:
        import _typesetter_core
    except ImportError:
        return None
    if getattr(_typesetter_core, "VERSION", None) != CORE_VERSION:
        return None
    return _typesetter_core if all(hasattr(_typesetter_core, name) for name in NAMES) else None


core = _load()
