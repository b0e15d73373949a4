"""Shared test helpers: where the shared material is, and running the real CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.jsonl"
SCORER = SHARED / "eval" / "score.py"
CORPUS = SHARED / "corpus" / "wikinews-dev.jsonl"
EXAMPLES = ROOT / "examples"

needs_seeds = pytest.mark.skipif(not (SEEDS.is_dir() and GOLD.is_file() and SCORER.is_file()),
                                 reason=f"shared seeds, gold and scorer not found under {SHARED}")
needs_corpus = pytest.mark.skipif(not CORPUS.is_file(), reason=f"dev corpus not found at {CORPUS}")


def claims_cli(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `claims` command in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "claims.cli", *map(str, args)], input=stdin,
                          capture_output=True, timeout=timeout, cwd=ROOT)


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """A folder of plain-text articles, one file per name, as a user's corpus would be."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def export_rows(db: Path) -> list[dict]:
    result = claims_cli("export", "--db", db, "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]


def write_warc(path: Path, pages: list[tuple[str, bytes]], fetched: str = "2024-03-09T18:30:00Z",
               gzip: bool = False) -> Path:
    """A web archive holding one HTML response per (url, html) page."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), http_headers=headers,
                warc_headers_dict={"WARC-Date": fetched}))
    return path


ARTICLE_SPEAKERS = ["Police", "The ministry", "Fire chief Anna Berg", "A union official", "Mayor John Smith",
                    "The Red Cross"]
ARTICLE_OUTLETS = ["Reuters", "AFP", "the BBC", "local radio"]


def generated_article(i: int, event: str = "storm", harm: str = "damage") -> str:
    """The i-th of a family of short reports: a figure, a quote, an outlet each, all different."""
    speaker, outlet = ARTICLE_SPEAKERS[i % len(ARTICLE_SPEAKERS)], ARTICLE_OUTLETS[i % len(ARTICLE_OUTLETS)]
    n = 3 + (i * 7) % 40
    return (f"{event.capitalize()} report {i}\n\n"
            f"{speaker} said {n} volunteer firefighters were injured in the {event} on Monday, {outlet} reported.\n\n"
            f"\u201cWe have never seen {harm} like this in district {i},\u201d {speaker} told {outlet}. "
            f"About {n * 10} homes lost power, according to the utility.\n")


def from_scratch(db, folder: Path, recompute) -> Any:
    """`recompute(copy)` on a copy of the open database `db`: what recomputing everything
    gives, to hold an incremental update against. The copy is removed afterwards."""
    import sqlite3

    from claims.store import open_db

    path = folder / "from-scratch.db"
    target = sqlite3.connect(path, isolation_level=None)
    db.conn.backup(target)
    target.close()
    copy = open_db(path)
    try:
        return recompute(copy)
    finally:
        copy.conn.close()
        path.unlink()

