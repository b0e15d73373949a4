"""Builds claims with its extraction core compiled by mypyc, when it can be.

The modules in claims/_build.py's COMPILED run for every document and hold nearly all of
extraction's time. mypyc compiles the same Python source, checked by mypy, into C
extensions: extraction runs about a fifth faster and gives the same claims
(tests/test_compiled.py holds the two equal). Everything else is in pyproject.toml.

- CLAIMS_COMPILE=0 installs those modules as plain Python (and removes compiled ones an
  earlier editable install left beside them): for editing the rules, since Python imports
  a compiled module ahead of its .py. claims refuses to import a compiled module whose
  source has changed since it was built, and says so.
- Without a C compiler, or if any part fails to build, the install goes on with the plain
  Python modules; nothing else changes.
"""
from __future__ import annotations

import os
import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, CCompilerError

HERE = Path(__file__).parent
PACKAGE = HERE / "claims"
BUILD = runpy.run_path(str(PACKAGE / "_build.py"))
SOURCES = [PACKAGE / rel for rel in BUILD["COMPILED"]]
# Written at build time (and ignored by git): the hash of each compiled module's source.
RECORD = PACKAGE / "_compiled.py"
GROUP = "claims"  # mypyc's shared library is the top-level module claims__mypyc


def _remove_compiled() -> None:
    for source in SOURCES:
        while (built := BUILD["compiled_file"](source)) is not None:
            built.unlink()
    for library in HERE.glob(f"{GROUP}__mypyc.*"):
        library.unlink()
    RECORD.unlink(missing_ok=True)


class _BuildCompiled(build_ext):
    """Compiles the C files mypyc writes (one per module: multi_file) on every core. All or
    nothing: the compiled modules share one library, so if any part fails to build, none is
    kept and the plain Python modules serve."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def run(self) -> None:
        try:
            super().run()
        except (CCompilerError, BaseError, OSError) as exc:
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            _remove_compiled()
            print(f"claims: the compiled extraction core did not build ({exc}); installing it as plain Python")


def _extensions() -> list:
    if os.environ.get("CLAIMS_COMPILE", "1").strip() == "0":
        _remove_compiled()
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # built without pyproject's build requirements: plain Python
        return []
    lines = ['"""Written by setup.py: the source each compiled module was built from."""', "", "SOURCES = {"]
    lines += [f'    "{source.relative_to(PACKAGE).as_posix()}": "{BUILD["source_digest"](source)}",' for source in SOURCES]
    RECORD.write_text("\n".join(lines + ["}", ""]), encoding="utf-8")
    return mypycify([str(source.relative_to(HERE)) for source in SOURCES], opt_level="3", multi_file=True,
                    group_name=GROUP)


setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildCompiled})
