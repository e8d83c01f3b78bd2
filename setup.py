"""Everything about the package is in pyproject.toml; this adds the compiled twins of the text
engine's hottest loops (core/). `optional`: where no C compiler is at hand the build goes on
without them, and the Python originals do the work (typesetter/native.py)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("_typesetter_core", [f"core/{name}.c" for name in ("module", "atoms", "breaker", "render", "proofing")],
                             depends=["core/core.h"], optional=True,
                             extra_compile_args=["-O2", "-fno-fast-math", "-ffp-contract=off"])])
