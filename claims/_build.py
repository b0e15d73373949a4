"""Which extraction modules setup.py compiles with mypyc, which of them run compiled here,
and a check that each compiled module was built from the source beside it.

Python imports a compiled module ahead of the .py file of the same name. In an editable
install an edit to the .py would then change nothing, silently, until the next install:
the check turns that into an error that says what to do. setup.py reads this file by path,
so it imports nothing of the package.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
from pathlib import Path
from typing import Optional

PACKAGE = Path(__file__).parent

# Paths under claims/: the modules that run for every document and hold nearly all of
# extraction's time. The rest of the package stays plain Python.
COMPILED = (
    "rules/base.py",
    "rules/lexicon.py",
    "rules/numbers.py",
    "rules/sentences.py",
    "rules/dates.py",
    "rules/furniture.py",
    "rules/figures.py",
    "rules/counted.py",
    "rules/attribution.py",
    "rules/wordscan.py",
    "resolve.py",
    "identity.py",
    "extract.py",
)


class StaleBuildError(ImportError):
    pass


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_file(source: Path) -> Optional[Path]:
    """The compiled module Python would import instead of `source`, if there is one."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _built_from() -> dict[str, str]:
    try:
        from ._compiled import SOURCES  # written by setup.py when it compiles
    except ImportError:
        return {}
    return dict(SOURCES)


def compiled_modules() -> list[str]:
    """The modules of COMPILED that run compiled in this install."""
    return [rel for rel in COMPILED if compiled_file(PACKAGE / rel) is not None]


def check_compiled_sources() -> None:
    built_from = _built_from()
    stale = [str(PACKAGE / rel) for rel in compiled_modules()
             if built_from.get(rel) != source_digest(PACKAGE / rel)]
    if stale:
        raise StaleBuildError(
            f"{', '.join(stale)}: changed since compiled, and Python would run the old compiled "
            "code. Run `pip install -e .` again to compile the new source, or "
            "`CLAIMS_COMPILE=0 pip install -e .` to run the extraction modules as plain Python "
            "while you edit them.")
