"""The compiled extraction core (setup.py, claims/_build.py) is the plain Python one, faster.

- Compiled and plain Python give the same extraction, field for field, on the examples, on
  texts written to reach rarer paths, and on the shared seeds and dev corpus when present.
- A compiled module whose source changed since it was built is refused at import, with the
  fix in the message: an editable install would otherwise run the old code silently.
"""
from __future__ import annotations

import importlib.machinery
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claims import _build
from support import CORPUS, EXAMPLES, ROOT, SEEDS

COMPILED = _build.compiled_modules()
needs_compiled = pytest.mark.skipif(
    not COMPILED, reason="this install runs the extraction modules as plain Python "
                         "(CLAIMS_COMPILE=0, or no C compiler at install time): nothing compiled to compare")

# Rarer paths: a budget-free long line, non-ASCII case folding ('İ' lowers to two
# characters), a transcript, a pronoun chain, dates of every kind, furniture.
_SNIPPETS = [
    "İstanbul officials said 1,200 people were evacuated on Friday.",
    "MAYOR: We counted 45 boats.\nREPORTER: How many sank?\nMAYOR: Three of them, last week.",
    "Jane Doe, the harbour master, said 30 boats were lost. She told Reuters on 3 March 2024 that "
    "about half of the fleet had gone. \"We lost more than 1,600 nets,\" she said.",
    "Share this:\nTwitter\nFacebook\n\nThe council said between 1200 and 1400 homes were hit in April 2017.",
    "According to the ministry, two-thirds of the 20 schools reopened; one in five stayed shut.",
    "x " * 5000 + "The agency said 12 people died.",
]


def _documents() -> list[tuple[str, str]]:
    from claims.readers import RawDocument, iter_documents

    paths = sorted(str(p) for p in EXAMPLES.iterdir())
    if SEEDS.is_dir():
        paths += sorted(str(p) for p in SEEDS.iterdir())
    if CORPUS.is_file():
        paths.append(str(CORPUS))
    docs = [(d.source, d.text) for d in iter_documents(paths) if isinstance(d, RawDocument)]
    return docs + [(f"snippet-{i}", text) for i, text in enumerate(_SNIPPETS)]


_DUMP = """
import json, sys
import claims.rules.figures
from claims import extract
assert claims.rules.figures.__file__.endswith(".py"), claims.rules.figures.__file__
for source, text in json.load(sys.stdin):
    print(extract(text, source=source).model_dump_json())
"""


@needs_compiled
def test_compiled_and_plain_python_extract_the_same(tmp_path):
    from claims import extract

    # The plain Python package: the same sources, without the compiled modules beside them.
    plain = tmp_path / "plain"
    shutil.copytree(ROOT / "claims", plain / "claims",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__", "_compiled.py"))
    docs = _documents()
    result = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(docs).encode(), capture_output=True,
                            cwd=plain, env={"PYTHONPATH": str(plain), "PATH": "/usr/bin:/bin"}, timeout=600)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    expected = result.stdout.decode().splitlines()
    assert len(expected) == len(docs)
    for (source, text), line in zip(docs, expected):
        assert extract(text, source=source).model_dump_json() == line, source


@needs_compiled
def test_this_install_runs_the_compiled_modules():
    import claims.extract  # noqa: F401 - the module, which claims.extract (the function) hides
    import claims.rules.figures

    assert set(COMPILED) == set(_build.COMPILED)
    assert not claims.rules.figures.__file__.endswith(".py")
    assert not sys.modules["claims.extract"].__file__.endswith(".py")


def _fake_package(tmp_path: Path, monkeypatch, built_from: dict) -> Path:
    package = tmp_path / "claims"
    (package / "rules").mkdir(parents=True)
    for rel in ("rules/base.py", "extract.py"):
        (package / rel).write_text(f"# {rel}\n", encoding="utf-8")
    # A compiled build of rules/base.py only; extract.py runs as plain Python.
    (package / "rules" / "base").with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    monkeypatch.setattr(_build, "PACKAGE", package)
    monkeypatch.setattr(_build, "_built_from", lambda: dict(built_from))
    return package


def test_a_compiled_module_built_from_its_source_imports(tmp_path, monkeypatch):
    package = tmp_path / "claims"
    _fake_package(tmp_path, monkeypatch, {})
    digest = _build.source_digest(package / "rules" / "base.py")
    monkeypatch.setattr(_build, "_built_from", lambda: {"rules/base.py": digest})
    assert _build.compiled_modules() == ["rules/base.py"]
    _build.check_compiled_sources()


def test_a_compiled_module_whose_source_changed_is_refused(tmp_path, monkeypatch):
    package = _fake_package(tmp_path, monkeypatch, {})
    digest = _build.source_digest(package / "rules" / "base.py")
    monkeypatch.setattr(_build, "_built_from", lambda: {"rules/base.py": digest})
    (package / "rules" / "base.py").write_text("# edited\n", encoding="utf-8")
    with pytest.raises(_build.StaleBuildError) as err:
        _build.check_compiled_sources()
    message = str(err.value)
    assert str(package / "rules" / "base.py") in message
    assert "pip install -e ." in message and "CLAIMS_COMPILE=0" in message
    assert "extract.py" not in message  # plain Python: nothing to be stale


def test_a_compiled_module_with_no_record_of_its_source_is_refused(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch, {})
    with pytest.raises(_build.StaleBuildError):
        _build.check_compiled_sources()
