"""Guarantee: a bad input is skipped with a message naming it (and its line, for JSON Lines),
the rest of the run is stored as if it were not there, and the exit status says which case
it was: 0 every input read, 1 some inputs skipped, 2 a fatal error (nothing usable written).

Most cases share one real `claims extract` run over a folder holding every kind of bad
input next to good ones; the fatal cases each get their own run.
"""
from __future__ import annotations

import base64
import errno
import os
import pathlib
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import EXIT_FATAL, EXIT_OK, EXIT_SKIPPED, app
from claims.extract import extract
from support import claims_cli

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 4
GOOD = "The ministry said 40 people were arrested on Friday in the capital.\n"
UTF16 = "Police said 12 people were injured in the crash on Monday.\n"
UTF16_HTML = "<html><body><article><p>Rescuers said 9 miners were trapped underground on Sunday.</p></article></body></html>"
JSONL = (
    '{"text": "Firefighters said 30 homes were destroyed by the blaze on Tuesday."}\n'
    '{"text": broken\n'
    '{"title": "a record without text"}\n'
    '{"text": "Officials said 7 people died in the flood on Wednesday."}\n'
)
HUGE_MB = 50

# name (relative to the corpus) -> what the message must say
SKIPPED = {
    "empty.txt": "empty file",
    "cover.html": "binary file (looks like JPEG image)",
    "photo.png": "binary file (looks like PNG image)",
    "latin1.txt": "not UTF-8 text (invalid byte 0xe8 at offset 9)",
    "scripts.html": "HTML has no article text",
    "deep.html": "nested too deeply",
    "records.jsonl:2": "line 2: not valid JSON",
    "records.jsonl:3": "line 3: record has no 'text'",
    "loop/back": "symlink loop",
    "huge.txt": "budget",
}
READ = ["good.txt", "utf16.txt", "utf16.html", "records.jsonl:1", "records.jsonl:4", "loop/inner.txt"]


def _make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "cover.html").write_bytes(JPEG)  # an image with an article's name
    (root / "photo.png").write_bytes(PNG)  # named explicitly on the command line
    (corpus / "latin1.txt").write_bytes("Le minist\u00e8re a d\u00e9clar\u00e9 que 40 personnes".encode("latin-1"))
    (corpus / "utf16.txt").write_bytes(UTF16.encode("utf-16"))  # with a BOM: must be read
    (corpus / "utf16.html").write_bytes(UTF16_HTML.encode("utf-16"))
    (corpus / "scripts.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script>"
        "<script src='tracker.js'></script></body></html>", encoding="utf-8")
    (corpus / "deep.html").write_text(
        "<html><body>" + "<div>" * 5000 + "<p>Police said 12 people were injured in the crash on Monday and "
        "were taken to hospital.</p>" + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    (corpus / "records.jsonl").write_text(JSONL, encoding="utf-8")
    (corpus / "loop").mkdir()
    (corpus / "loop" / "inner.txt").write_text("Rescuers said 3 people were missing after the storm.\n")
    os.symlink("..", corpus / "loop" / "back")
    with open(corpus / "huge.txt", "wb") as handle:  # one line, no newline anywhere
        chunk = b"Officials said 5 people were hurt and " * 27_000  # ~1 MB
        for _ in range(HUGE_MB):
            handle.write(chunk)
    return corpus


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One run over good and bad inputs together."""
    root = tmp_path_factory.mktemp("bad-input")
    corpus = _make_corpus(root)
    db = root / "claims.db"
    result = claims_cli("extract", corpus, root / "photo.png", "--db", db, "--budget", "1", timeout=240)
    conn = sqlite3.connect(db)
    yield root, corpus, db, result, result.stderr.decode(), conn
    conn.close()


def _source(root: Path, corpus: Path, name: str) -> str:
    return str(root / name) if name == "photo.png" else str(corpus / name)


def test_some_inputs_skipped_exits_1_and_counts_them(mixed):
    root, corpus, db, result, err, conn = mixed
    assert result.returncode == EXIT_SKIPPED, err
    assert "Traceback" not in err
    assert f"{len(READ)} documents read ({len(READ)} extracted, 0 unchanged), {len(SKIPPED)} skipped" in err
    run = conn.execute("SELECT documents_read, documents_skipped, skipped, finished FROM runs").fetchone()
    assert run[:2] == (len(READ), len(SKIPPED)) and run[3] is not None


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_each_bad_input_is_named_with_its_reason_and_stores_nothing(mixed, name):
    root, corpus, db, result, err, conn = mixed
    source = _source(root, corpus, name)
    lines = [line for line in err.splitlines() if line.startswith(f"skipped {source}: ")]
    assert len(lines) == 1, f"no single line naming {source} in:\n{err}"
    assert SKIPPED[name] in lines[0]
    assert conn.execute("SELECT count(*) FROM documents WHERE source = ?", [source]).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM document_sources WHERE source = ?", [source]).fetchone()[0] == 0


def test_the_rest_of_the_run_is_stored_exactly_as_alone(mixed):
    """Every good input is stored, whole: its claims are those extract() finds on its own."""
    root, corpus, db, result, err, conn = mixed
    stored = dict(conn.execute("SELECT source, id FROM documents"))
    assert set(stored) == {str(corpus / name) for name in READ}
    for source, doc_id in stored.items():
        text = conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        expected = {c.id for c in extract(text, budget=None).claims}
        got = {row[0] for row in conn.execute("SELECT id FROM claims WHERE document_id = ?", [doc_id])}
        assert got == expected and got, source
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_utf16_with_a_bom_is_read_not_skipped(mixed):
    root, corpus, db, result, err, conn = mixed
    text = conn.execute("SELECT text FROM documents WHERE source = ?", [str(corpus / "utf16.txt")]).fetchone()[0]
    assert text == UTF16
    html = conn.execute("SELECT text FROM documents WHERE source = ?", [str(corpus / "utf16.html")]).fetchone()[0]
    assert "Rescuers said 9 miners were trapped" in html
    values = {row[0] for row in conn.execute(
        "SELECT c.value FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.source = ?",
        [str(corpus / "utf16.txt")])}
    assert 12.0 in values


def test_json_lines_good_records_around_bad_ones_are_kept_with_their_line(mixed):
    root, corpus, db, result, err, conn = mixed
    sources = {row[0] for row in conn.execute("SELECT source FROM documents WHERE format = 'jsonl'")}
    assert sources == {f"{corpus / 'records.jsonl'}:1", f"{corpus / 'records.jsonl'}:4"}


def test_a_symlink_loop_ends_and_each_file_is_read_once(mixed):
    root, corpus, db, result, err, conn = mixed
    rows = conn.execute("SELECT source FROM document_sources WHERE source LIKE ?", ["%inner.txt"]).fetchall()
    assert rows == [(str(corpus / "loop" / "inner.txt"),)]


def test_a_50_mb_one_line_file_is_skipped_over_budget_not_truncated(mixed):
    root, corpus, db, result, err, conn = mixed
    assert (corpus / "huge.txt").stat().st_size >= HUGE_MB * 10**6
    line = next(line for line in err.splitlines() if line.startswith(f"skipped {corpus / 'huge.txt'}: "))
    assert re.search(r"longer than the 1 s budget", line)
    assert conn.execute("SELECT count(*) FROM documents WHERE length > 10000000").fetchone()[0] == 0


def test_all_inputs_read_exits_0(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(UTF16.encode("utf-16"))
    result = claims_cli("extract", tmp_path / "a.txt", tmp_path / "b.txt", "--db", tmp_path / "c.db")
    assert result.returncode == EXIT_OK, result.stderr.decode()
    assert "2 documents read (2 extracted, 0 unchanged), 0 skipped" in result.stderr.decode()


def test_exit_statuses_are_documented_in_help():
    result = CliRunner().invoke(app, ["extract", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit status: 0 every input was read; 1 some inputs were skipped" in text
    assert "2 a fatal error" in text


# ---------------------------------------------------------------------------- unreadable files


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_skipped_as_permission_denied(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "in" / "secret.txt"
    secret.write_text(GOOD.replace("40", "41"), encoding="utf-8")
    secret.chmod(0)
    try:
        result = claims_cli("extract", tmp_path / "in", "--db", tmp_path / "c.db")
    finally:
        secret.chmod(0o644)
    err = result.stderr.decode()
    assert result.returncode == EXIT_SKIPPED, err
    assert f"skipped {secret}: permission denied" in err
    assert "1 documents read" in err


def test_an_unreadable_file_is_skipped_as_permission_denied_simulated(tmp_path, monkeypatch):
    """Root can read any file, so the refusal is simulated where the reader opens it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "in" / "secret.txt"
    secret.write_text(GOOD.replace("40", "41"), encoding="utf-8")
    read_bytes = pathlib.Path.read_bytes

    def refuse(self):
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert f"skipped {secret}: permission denied" in " ".join(result.stderr.split())
    conn = sqlite3.connect(tmp_path / "c.db")
    assert [r[0] for r in conn.execute("SELECT source FROM documents")] == [str(tmp_path / "in" / "good.txt")]
    conn.close()


# ---------------------------------------------------------------------------- fatal errors


def test_a_missing_path_is_fatal_before_anything_is_written(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "c.db"
    result = claims_cli("extract", tmp_path / "a.txt", tmp_path / "no-such.txt", "--db", db)
    assert result.returncode == EXIT_FATAL
    assert f"no such file or folder: {tmp_path / 'no-such.txt'}" in result.stderr.decode()
    assert not db.exists()


def test_a_database_in_a_missing_folder_is_fatal_and_names_the_folder(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "nowhere" / "deeper" / "c.db"
    result = claims_cli("extract", tmp_path / "a.txt", "--db", db)
    err = result.stderr.decode()
    assert result.returncode == EXIT_FATAL, err
    assert f"folder {db.parent} does not exist" in err and "Traceback" not in err
    assert not db.parent.exists()


def test_a_database_that_is_not_sqlite_is_fatal_and_left_untouched(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "notes.db"
    content = b"These are my notes, not a database. " * 200
    db.write_bytes(content)
    result = claims_cli("extract", tmp_path / "a.txt", "--db", db)
    err = result.stderr.decode()
    assert result.returncode == EXIT_FATAL, err
    assert f"{db}: not a usable SQLite database" in err and "Traceback" not in err
    assert db.read_bytes() == content


def test_a_database_that_fails_mid_run_is_fatal_not_a_traceback(tmp_path):
    """A write refused half way (here by a trigger; in life a full disk) stops the run with
    status 2 and a message, and the document being written is not half stored."""
    from claims.store import open_db

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "c.db"
    database = open_db(db)
    database.execute("CREATE TRIGGER refuse BEFORE INSERT ON claims BEGIN"
                     " SELECT RAISE(ABORT, 'simulated write failure'); END")
    database.conn.close()
    result = claims_cli("extract", tmp_path / "a.txt", "--db", db)
    err = result.stderr.decode()
    assert result.returncode == EXIT_FATAL, err
    assert "cannot write to the database" in err and "simulated write failure" in err
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    conn.close()


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "places.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org/')")
    conn.commit()
    conn.close()
    content = db.read_bytes()
    result = claims_cli("extract", tmp_path / "a.txt", "--db", db)
    err = result.stderr.decode()
    assert result.returncode == EXIT_FATAL, err
    assert f"{db}: an SQLite database claims did not create (it holds bookmarks)" in err
    assert db.read_bytes() == content
