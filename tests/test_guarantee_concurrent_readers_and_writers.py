"""Guarantee: the database can be read while `claims extract` writes, and two extracts can
write one database at once.

* Readers in read-only mode (plain SQLite `?mode=ro`, and Datasette serving the file as a
  mutable database, which opens it that way) never error while a real extract writes
  (WAL), and only ever see whole documents.
* Two `claims extract` runs on one database at once both finish (the second waits for the
  write lock: BEGIN IMMEDIATE and a busy timeout), ending with the rows one run over
  both inputs gives.
* `claims serve` opens the database read-only, not immutable (`-i`): an immutable reader
  ignores the write-ahead log, so it misses committed documents (and may read pages a
  checkpoint is rewriting) while a run writes.
"""
from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claims.conflicts import rebuild_conflicts
from claims.extract import extract
from claims.pipeline import run_extract
from claims.site import serve_args
from claims.store import open_db, write_extraction
from support import ROOT, generated_article


WHOLE = ("SELECT (SELECT count(*) FROM documents),"
         " (SELECT count(*) FROM (SELECT d.id FROM documents d LEFT JOIN claims c ON c.document_id = d.id"
         "  GROUP BY d.id HAVING d.claim_count != count(c.id)))")


def _article(i: int) -> str:
    return generated_article(i, "flood", "water")


def _corpus(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True)
    for i in numbers:
        (folder / f"flood-{i:04d}.txt").write_text(_article(i), encoding="utf-8")
    return folder


def _extract(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claims.cli", "extract", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# ---------------------------------------------------------------------------- readers


def test_read_only_readers_see_whole_documents_while_extract_writes(tmp_path):
    from datasette.app import Datasette

    corpus = _corpus(tmp_path / "corpus", range(300))
    db = tmp_path / "claims.db"
    open_db(db).conn.close()  # the schema exists before the readers start
    site = Datasette([str(db)])  # a mutable file: Datasette reads it with ?mode=ro
    served = site.get_database(db.stem)
    loop = asyncio.new_event_loop()
    writer = _extract(corpus, "--db", db)
    seen: list[int] = []
    try:
        while writer.poll() is None:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                documents, torn = conn.execute(WHOLE).fetchone()
            finally:
                conn.close()
            assert torn == 0, f"a reader saw {torn} documents without all their claims"
            seen.append(documents)
            rows = loop.run_until_complete(served.execute(WHOLE)).rows
            assert rows[0][1] == 0, "Datasette saw documents without all their claims"
            seen.append(rows[0][0])
            time.sleep(0.01)
    finally:
        loop.close()
        if writer.poll() is None:
            writer.kill()
        errors = writer.communicate()[1].decode()
        served.close()
    assert writer.returncode == 0, errors
    assert seen == sorted(seen), "a reader went back in time"
    assert len({n for n in seen if 0 < n < 300}) >= 3, f"the readers saw too few states of the run: {seen}"


def test_an_immutable_reader_misses_what_was_written(tmp_path):
    """Why `claims serve` must not pass -i (immutable) while a database can still change."""
    db_path = tmp_path / "claims.db"
    db = open_db(db_path)
    db.execute("PRAGMA wal_autocheckpoint = 0")  # as between two automatic checkpoints
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    write_extraction(db, extract("Police said 12 people were injured in the crash on Monday."))

    def documents(query: str) -> int:
        conn = sqlite3.connect(f"file:{db_path}{query}", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()

    assert documents("?mode=ro") == 1
    assert documents("?immutable=1") == 0  # the committed document is invisible
    db.conn.close()


def test_serve_does_not_open_the_database_immutable(tmp_path):
    args = serve_args(tmp_path / "claims.db")
    assert "-i" not in args and "--immutable" not in args
    assert str(tmp_path / "claims.db") in args


# ---------------------------------------------------------------------------- two writers


def _rows(db: Path) -> dict:
    """The rows that must not depend on which run wrote first. The order in which surface
    forms were first seen can, so forms are compared as sets."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(conn.execute(
                "SELECT id, source, title, url, outlet, outlet_id, published, format, text, furniture,"
                " rules_version, claim_count FROM documents").fetchall()),
            "claims": sorted(conn.execute("SELECT * FROM claims").fetchall(), key=repr),
            "document_sources": sorted(conn.execute("SELECT * FROM document_sources").fetchall()),
            "speakers": sorted((i, c, k, r, frozenset(json.loads(f)))
                               for i, c, k, r, f in conn.execute("SELECT id, canonical, kind, role, forms FROM speakers")),
            "outlets": sorted((i, frozenset(json.loads(f))) for i, f in conn.execute("SELECT id, forms FROM outlets")),
            "figure_groups": sorted(conn.execute("SELECT * FROM figure_groups").fetchall(), key=repr),
            "figure_group_members": sorted(conn.execute("SELECT * FROM figure_group_members").fetchall()),
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
        }
    finally:
        conn.close()


def _wait_until_opened(db: Path, processes: list[subprocess.Popen]) -> None:
    """Until every process has the database open (Linux: /proc); elsewhere a few seconds."""
    if not Path("/proc/self/fd").exists():
        time.sleep(5)
        return
    deadline = time.monotonic() + 60
    waiting = list(processes)
    while waiting and time.monotonic() < deadline:
        for p in list(waiting):
            assert p.poll() is None, p.stderr.read().decode()
            try:
                fds = [os.readlink(f) for f in Path(f"/proc/{p.pid}/fd").iterdir()]
            except OSError:
                continue
            if str(db) in fds:
                waiting.remove(p)
        time.sleep(0.01)
    assert not waiting, "the runs never opened the database"


def test_two_extracts_on_one_database_both_finish_with_the_right_rows(tmp_path):
    first = _corpus(tmp_path / "first", range(0, 150))
    second = _corpus(tmp_path / "second", range(150, 250))
    db = tmp_path / "claims.db"
    # The write lock is held until both runs are waiting for it, so they start writing at the
    # same moment however slowly each one starts up.
    gate = open_db(db)
    gate.conn.execute("BEGIN IMMEDIATE")
    # One run only `first`, the other `first` then `second`: they write the same documents
    # at the same time, and both add to the same speakers and outlets.
    a = _extract(first, "--db", db)
    b = _extract(first, second, "--db", db)
    _wait_until_opened(db, [a, b])
    gate.conn.execute("COMMIT")
    gate.conn.close()
    overlapped = False
    while a.poll() is None or b.poll() is None:
        if a.poll() is None and b.poll() is None and db.exists():
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                overlapped = overlapped or conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0] and \
                    conn.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
            except sqlite3.Error:
                pass
            finally:
                conn.close()
        time.sleep(0.01)
    errors = {name: p.communicate()[1].decode() for name, p in (("a", a), ("b", b))}
    assert (a.returncode, b.returncode) == (0, 0), errors
    assert not any("locked" in e or "Traceback" in e for e in errors.values()), errors
    assert overlapped, "the two runs did not write at the same time: make the corpus bigger"

    alone = tmp_path / "alone.db"  # the same as `claims extract first second`, in this process
    database = open_db(alone)
    assert run_extract(database, [str(first), str(second)]).documents_new == 250
    rebuild_conflicts(database)
    database.conn.close()
    got, want = _rows(db), _rows(alone)
    assert got["integrity"] == "ok"
    assert len(got["documents"]) == 250
    for table in want:
        assert got[table] == want[table], table
