"""Guarantee: a `claims extract` killed at any point (SIGKILL: no cleanup at all) leaves a
database that passes `PRAGMA integrity_check` and holds whole documents only (each stored
claim_count equals its rows in claims), and running the same command again finishes the
job, ending with exactly the rows of a run that was never interrupted.

Also: pool workers of a killed `--jobs` run end on their own instead of idling forever, and
a pool worker that dies mid-document (out of memory) costs that document only.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims.conflicts import rebuild_conflicts
from claims.identity import rebuild_identities
from claims import pipeline as pipeline_mod
from claims.pipeline import run_extract
from claims.store import open_db
from support import ROOT, claims_cli, generated_article, write_warc

DOCUMENTS = 300


def _article(i: int) -> str:
    return generated_article(i, "storm", "damage")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    folder.mkdir()
    for i in range(DOCUMENTS):
        (folder / f"storm-{i:04d}.txt").write_text(_article(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """The rows of an uninterrupted run."""
    db = tmp_path_factory.mktemp("reference") / "claims.db"  # `claims extract corpus`, in this process
    database = open_db(db)
    assert run_extract(database, [str(corpus)]).documents_new == DOCUMENTS
    rebuild_identities(database)  # what `claims extract` does after every run
    rebuild_conflicts(database)
    database.conn.close()
    return _snapshot(db)


# Every table's rows, minus what differs between runs by design: the runs themselves.
_TABLES = {
    "documents": "SELECT id, source, title, url, outlet, outlet_id, outlet_source, published, published_source,"
                 " record_id, format, text, length, furniture, rules_version, claim_count FROM documents",
    "claims": "SELECT * FROM claims",
    "document_sources": "SELECT * FROM document_sources",
    "speakers": "SELECT * FROM speakers",
    "outlets": "SELECT * FROM outlets",
    "figure_groups": "SELECT * FROM figure_groups",
    "figure_group_members": "SELECT * FROM figure_group_members",
}


def _snapshot(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(sql).fetchall(), key=repr) for table, sql in _TABLES.items()}
    finally:
        conn.close()


def _documents_stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created, or not migrated yet


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _kill_when(db: Path, args: list, at_least: int) -> tuple[int, list[int]]:
    """Start `claims extract`, SIGKILL it once `at_least` documents are stored; returns the
    number stored at that moment and the pids of its pool workers."""
    proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "extract", *map(str, args), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if (at_least == 0 and db.exists()) or (at_least and _documents_stored(db) >= at_least):
                break
            time.sleep(0.005)
        assert proc.poll() is None, f"the run ended before {at_least} documents were stored: make it longer"
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return _documents_stored(db), workers
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _assert_whole(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return  # killed before the schema was committed: the migration is all or nothing
        assert {"schema_migrations", "documents", "claims", "runs", "figure_groups"} <= tables, tables
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        torn = conn.execute(
            "SELECT d.source, d.claim_count, count(c.id) FROM documents d LEFT JOIN claims c ON c.document_id = d.id"
            " GROUP BY d.id HAVING d.claim_count != count(c.id)").fetchall()
        assert torn == [], f"documents stored in part: {torn[:5]}"
        for fts in ("claims_fts", "documents_fts"):
            conn.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_a_run_killed_again_and_again_leaves_whole_documents_and_a_rerun_finishes_the_job(corpus, reference,
                                                                                        tmp_path):
    """Killed while creating the database, then early in a run, then late in a run with pool
    workers; after each kill the database is whole, and the same command run once more
    finishes the job with the rows of the uninterrupted run."""
    db = tmp_path / "claims.db"
    previous = 0
    for at_least, jobs in ((0, 1), (40, 1), (DOCUMENTS * 2 // 3, 2)):
        stored, workers = _kill_when(db, [corpus, "--jobs", jobs], at_least)
        assert previous <= stored < DOCUMENTS
        previous = stored
        if db.exists():
            _assert_whole(db)
        if jobs > 1 and Path("/proc/self/task").exists():
            assert workers, "the pool workers were not found"
            deadline = time.monotonic() + 10
            while any(_alive(w) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            orphans = [w for w in workers if _alive(w)]
            for w in orphans:
                os.kill(w, signal.SIGKILL)
            assert not orphans, "pool workers outlived the run that was killed"

    again = claims_cli("extract", corpus, "--db", db)
    err = again.stderr.decode()
    assert again.returncode == 0, err
    assert f"{DOCUMENTS} documents read ({DOCUMENTS - stored} extracted, {stored} unchanged)" in err
    _assert_whole(db)
    assert _snapshot(db) == reference


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the poisoned extract reaches pool workers only when they are forked")
def test_a_pool_worker_that_dies_costs_only_its_own_document(tmp_path, monkeypatch):
    """A worker killed mid-document (out of memory, say) breaks the whole process pool; the
    documents in flight with it are redone, and only the one that killed it is lost."""
    from claims import pipeline

    real = pipeline.extract

    def extract_or_die(text, **kwargs):
        if "POISON" in text:
            os._exit(9)  # as the kernel's OOM killer would end it
        return real(text, **kwargs)

    monkeypatch.setattr(pipeline, "extract", extract_or_die)
    folder = tmp_path / "in"
    folder.mkdir()
    poisoned = {3, 11}
    for i in range(20):
        (folder / f"d{i:02d}.txt").write_text(("POISON " if i in poisoned else "") + _article(i), encoding="utf-8")
    database = open_db(tmp_path / "claims.db")
    run = run_extract(database, [str(folder)], jobs=2)
    assert [(s.source, s.reason) for s in run.skipped] == [
        (str(folder / f"d{i:02d}.txt"), pipeline.WORKER_DIED) for i in sorted(poisoned)]
    assert run.documents_new == 20 - len(poisoned)
    stored = {r[0] for r in database.execute("SELECT source FROM documents")}
    assert stored == {str(folder / f"d{i:02d}.txt") for i in range(20) if i not in poisoned}
    database.conn.close()


def _page(i: int, poison: bool = False) -> bytes:
    body = ("POISON " if poison else "") + _article(i).replace("\n\n", "</p><p>")
    return f"<html><head><title>Storm {i}</title></head><body><article><p>{body}</p></article></body></html>".encode()


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the poisoned converter reaches pool workers only when they are forked")
def test_a_pool_worker_that_dies_on_a_page_costs_only_that_page(tmp_path, monkeypatch):
    """With --jobs, HTML pages become text in the pool too; a page that kills its worker
    (a parser crash, say) is reported, and every other page and document goes through."""
    from claims import readers

    real = readers._extract_html

    def convert_or_die(html, url):
        if "POISON" in html:
            os._exit(9)
        return real(html, url)

    monkeypatch.setattr(readers, "_extract_html", convert_or_die)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"p{i}.html").write_bytes(_page(i, poison=i == 2))
    write_warc(folder / "q.warc", [(f"https://news.example/{i}", _page(i, poison=i == 11)) for i in range(10, 14)])
    (folder / "r.txt").write_text(_article(20), encoding="utf-8")
    database = open_db(tmp_path / "claims.db")
    run = run_extract(database, [str(folder)], jobs=2)
    died = [str(folder / "p2.html"), f"{folder / 'q.warc'}#2"]
    assert sorted((s.source, s.reason) for s in run.skipped) == [(d, pipeline_mod.PAGE_WORKER_DIED) for d in sorted(died)]
    stored = {r[0] for r in database.execute("SELECT source FROM documents")}
    assert stored == ({str(folder / f"p{i}.html") for i in range(6) if i != 2}
                      | {f"{folder / 'q.warc'}#{n}" for n in (1, 3, 4)} | {str(folder / "r.txt")})
    database.conn.close()


def test_html_and_warc_through_the_pool_store_the_rows_of_a_run_without_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.html").write_bytes(_page(i))
    write_warc(folder / "q.warc", [(f"https://news.example/{i}", _page(i)) for i in range(10, 16)])
    (folder / "r.txt").write_text(_article(20), encoding="utf-8")
    tables = []
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.db"
        result = claims_cli("extract", folder, "--db", db, "--jobs", jobs)
        assert result.returncode == 0, result.stderr.decode()
        conn = sqlite3.connect(db)
        tables.append([conn.execute(sql).fetchall() for sql in (
            "SELECT id, source, title, url, outlet, published, format, fetched, text FROM documents ORDER BY id",
            "SELECT * FROM claims ORDER BY id", "SELECT * FROM speakers ORDER BY id",
            "SELECT * FROM document_sources ORDER BY source")])
        conn.close()
    assert tables[0] == tables[1] and len(tables[0][0]) == 12


def _tenfold_but_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n * 10


def test_the_pool_keeps_input_order_and_charges_a_failure_to_its_own_item():
    """Items go to workers in batches; results come back in input order with the items the
    stage does not take in their places, and an item that raises fails alone."""
    stage = pipeline_mod._Stage(int, died=lambda n: ("died", n), failed=lambda n, exc: ("failed", n, str(exc)))
    items = [0, 1, "a", 2, 3, 4, 5, 6, "b", 7, 8, 9, 10, 11]
    out = list(pipeline_mod._pooled(items, _tenfold_but_three, stage, jobs=2, window=6))
    assert out == [0, 10, "a", 20, ("failed", 3, "three"), 40, 50, 60, "b", 70, 80, 90, 100, 110]


def _upper(s: str) -> str:
    return s.upper()


@pytest.mark.parametrize("window_bytes, most", [(25, pipeline_mod.BATCH), (10**9, 60)])
def test_the_pool_holds_no_more_than_its_window_of_bytes(window_bytes, most):
    """However many items the window allows, the bytes in flight bound what is read ahead:
    large documents are never read far ahead of the one being written. Unbounded, all 60
    items of a window of 100 are read before the first comes back."""
    stage = pipeline_mod._Stage(str, died=lambda s: ("died", s), failed=lambda s, exc: ("failed", s), size=len)
    pulled, ahead = [0], []

    def items():
        for n in range(60):
            pulled[0] += 1
            ahead.append(pulled[0] - len(out))  # read and not yet given back
            yield f"item {n:5d}"  # 10 characters

    out: list = []
    for result in pipeline_mod._pooled(items(), _upper, stage, jobs=2, window=100, window_bytes=window_bytes):
        out.append(result)
    assert out == [f"ITEM {n:5d}" for n in range(60)]
    assert max(ahead) == most
