"""Guarantee: hostile input is data, never code.

* Article text with script tags, event-handler attributes, SQL, quote-mark tricks and
  Unicode tricks (RTL override, zero-width characters, a NUL) is stored exactly as given
  and never breaks extraction; a `javascript:` URL is stored as text and never made a link.
* Every SQL statement built from user input is parameterised: hostile `--subject` and
  claim ids find nothing (or the right thing), change nothing, and crash nothing.
* The site binds to 127.0.0.1 unless told otherwise.

The HTML escaping of the site itself is tested in test_site.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import EXIT_FATAL, EXIT_SKIPPED, app
from claims.site import serve_args
from support import claims_cli, export_rows

FIXTURE = Path(__file__).parent / "fixtures" / "claims-v1.db"

HOSTILE_RECORDS = [
    {"id": "script", "title": "<script>alert('title')</script>", "url": "javascript:alert(document.cookie)",
     "outlet": "<img src=x onerror=alert(1)>",
     "text": "<script>alert('x')</script> Police said 12 people were injured on Monday."
             " <img src=x onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\">more</a>"},
    {"id": "sql", "text": "Robert'); DROP TABLE documents;-- said 5 people were arrested on Friday."
                          " Officials said 7 people died, '; DELETE FROM claims; --"},
    {"id": "rtl", "text": "The ministry said \u202e000,01\u202c people were evacuated;"
                          " police said 40\u200b000 people\u200d fled on Sunday. \u2066Mayor\u2069 said 3 died."},
    {"id": "quotes", "text": "\u201c\u201c\u201cNested \u2018quotes\u2019 \u00abeverywhere\u00bb,\u201d"
                             " said Anna Berg, \u201cand 9 people died.\" \u201d\u201d \u201e\u201f\u2039\u203a"},
    {"id": "nul", "text": "Police said 14 people\u0000 were hurt.\u0000\ufeff\u00ad More than 20 homes burned."},
    {"id": "markup", "text": "[bold red]Police[/] said [/] 16 people were hurt. [link=javascript:alert(1)]x[/link]"},
]
SURROGATE_LINE = '{"id": "surrogate", "text": "Police said \\ud800 12 people died."}'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    records = root / "hostile.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in HOSTILE_RECORDS] + [SURROGATE_LINE]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = root / "page.html"
    page.write_text(
        "<html><head><title>Fire</title><script>document.write('<p>injected 99 people</p>')</script></head>"
        "<body onload=\"alert(1)\"><article><p onclick=\"alert(2)\">Police said 21 people were rescued from the"
        " fire on Monday, and the building was evacuated.</p><script>var n = 77;</script></article></body></html>",
        encoding="utf-8")
    db = root / "claims.db"
    result = claims_cli("extract", records, page, "--db", db)
    return root, records, page, db, result


def test_hostile_records_are_stored_exactly_and_extracted(hostile):
    root, records, page, db, result = hostile
    err = result.stderr.decode()
    assert result.returncode == EXIT_SKIPPED, err  # only the unpaired surrogate, which cannot be stored
    assert f"skipped {records}:{len(HOSTILE_RECORDS) + 1}: line {len(HOSTILE_RECORDS) + 1}:" in err
    assert "unpaired surrogate" in err and "Traceback" not in err
    conn = sqlite3.connect(db)
    for n, record in enumerate(HOSTILE_RECORDS, start=1):
        row = conn.execute("SELECT text, title, url, outlet, record_id FROM documents WHERE source = ?",
                           [f"{records}:{n}"]).fetchone()
        assert row is not None, record["id"]
        assert row[0] == record["text"], record["id"]
        assert row[1:] == (record.get("title"), record.get("url"), record.get("outlet"), record["id"])
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(HOSTILE_RECORDS) + 1
    conn.close()


def test_hostile_text_keeps_exact_spans_and_yields_its_figures(hostile):
    root, records, page, db, result = hostile
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM documents"))
    conn.close()
    rows = export_rows(db)
    for row in rows:
        assert texts[row["document_id"]][row["start"]:row["end"]] == row["text"]
    by_record = {}
    for row in rows:
        by_record.setdefault(row["doc"].rsplit(":", 1)[-1], set()).add(row["value"])
    assert 12.0 in by_record["1"]  # the figure next to a script tag
    assert 5.0 in by_record["2"]  # next to an SQL injection attempt
    assert 14.0 in by_record["5"]  # with NULs around it
    assert 16.0 in by_record["6"]  # inside rich console markup


def test_scripts_and_event_handlers_in_html_are_not_article_text(hostile):
    root, records, page, db, result = hostile
    conn = sqlite3.connect(db)
    text = conn.execute("SELECT text FROM documents WHERE source = ?", [str(page)]).fetchone()[0]
    conn.close()
    assert "Police said 21 people were rescued" in text
    for code in ("alert", "document.write", "injected", "var n", "onclick", "onload"):
        assert code not in text


def test_a_javascript_url_is_stored_but_never_made_a_link(hostile):
    root, records, page, db, result = hostile
    row = next(r for r in export_rows(db) if r["doc"] == f"{records}:1" and r["value"] == 12.0)
    assert row["doc_url"] == "javascript:alert(document.cookie)"
    shown = claims_cli("show", row["id"], "--db", db, "--json")
    assert shown.returncode == 0, shown.stderr.decode()
    view = json.loads(shown.stdout)
    assert "](javascript:" not in view["citation_markdown"]


# ---------------------------------------------------------------------------- parameterised SQL

HOSTILE_STRINGS = [
    "'; DROP TABLE claims; --",
    "\" OR 1=1 --",
    "firefighter' OR '1'='1",
    "%", "_", "\\", "%_%", "' UNION SELECT * FROM documents --",
    "\u202efighter", "[/]", "[bold red]x[/]",  # (argv cannot carry a NUL)
]


def _digest(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return hashlib.sha256(repr(list(conn.iterdump())).encode()).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def site_db(tmp_path) -> Path:
    db = tmp_path / "claims.db"
    shutil.copyfile(FIXTURE, db)
    return db


def _invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_conflicts_subject_is_a_parameter_not_sql(site_db):
    before = _digest(site_db)
    found = json.loads(_invoke("conflicts", "--db", site_db, "--subject", "firefighter", "--json").stdout)
    assert [g["subject"] for g in found] == ["firefighter volunteer (killed)"]
    for hostile in HOSTILE_STRINGS:
        result = _invoke("conflicts", "--db", site_db, "--subject", hostile, "--json")
        assert result.exit_code == 0, (hostile, result.output)
        assert json.loads(result.stdout) == [], hostile
    assert _digest(site_db) == before
    # And through the real command, once.
    result = claims_cli("conflicts", "--db", site_db, "--subject", "'; DROP TABLE claims; --", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert _digest(site_db) == before


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_conflicts_subject_is_printed_as_text(site_db, hostile):
    result = _invoke("conflicts", "--db", site_db, "--subject", hostile)
    assert result.exit_code == 0, result.output
    assert repr(hostile) in " ".join(result.stderr.split()) or hostile in result.stderr


def test_show_claim_id_is_a_parameter_not_sql(site_db):
    before = _digest(site_db)
    conn = sqlite3.connect(site_db)
    ids = [r[0] for r in conn.execute("SELECT id FROM claims")]
    conn.close()
    found = json.loads(_invoke("show", ids[0], "--db", site_db, "--json").stdout)
    assert found["claim"]["id"] == ids[0]
    for hostile in HOSTILE_STRINGS + ["", f"{ids[0]}' OR '1'='1", f"{ids[0][:8]}' --"]:
        result = _invoke("show", hostile, "--db", site_db)
        assert result.exit_code == EXIT_FATAL, (hostile, result.output)
        assert "no claim with id" in result.stderr and "Traceback" not in result.output, hostile
    assert _digest(site_db) == before
    result = claims_cli("show", "x'); DROP TABLE claims; --", "--db", site_db)
    assert result.returncode == EXIT_FATAL and "no claim with id" in result.stderr.decode()
    assert _digest(site_db) == before


# ---------------------------------------------------------------------------- the site


def test_the_site_binds_to_localhost_unless_told_otherwise(site_db, monkeypatch):
    assert serve_args(site_db)[serve_args(site_db).index("--host") + 1] == "127.0.0.1"
    calls = []  # Datasette is not started: the command it would run is recorded instead
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append(args))
    monkeypatch.setattr(subprocess, "call", lambda args, **kw: calls.append(args) or 0)
    for extra in ([], ["--host", "0.0.0.0"]):
        result = _invoke("serve", "--db", site_db, *extra)
        assert result.exit_code == 0, result.output
    assert len(calls) == 2 and all("datasette" in args for args in calls)
    assert [args[args.index("--host") + 1] for args in calls] == ["127.0.0.1", "0.0.0.0"]
