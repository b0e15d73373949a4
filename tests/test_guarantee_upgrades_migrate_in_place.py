"""Guarantee: a database written by an earlier schema version is migrated in place, the
first time the current code opens it for writing, with nothing lost; read commands work
on it before and after; a database from a newer version is refused, untouched.

tests/fixtures/claims-v1.db was written by claims at schema version 1 (rebuild it with
tests/fixtures/make_claims_v1.py). Schema 2 added documents.fetched.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
import pytest

from claims import store
from claims.cli import EXIT_FATAL
from claims.extract import extract
from support import claims_cli, export_rows, write_warc

FIXTURE = Path(__file__).parent / "fixtures" / "claims-v1.db"


@pytest.fixture
def v1(tmp_path) -> Path:
    copy = tmp_path / "claims.db"
    shutil.copyfile(FIXTURE, copy)
    return copy


def _tables(db: Path) -> dict[str, list]:
    """Every row of every table, the schema bookkeeping aside."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT IN ('schema_migrations', 'sqlite_sequence')")]
        out = {}
        for name in names:
            cursor = conn.execute(f"SELECT * FROM [{name}]")
            columns = [d[0] for d in cursor.description]
            out[name] = sorted((dict(zip(columns, row)) for row in cursor), key=repr)
        return out
    finally:
        conn.close()


def _schema(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                            " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    finally:
        conn.close()


def test_the_fixture_is_a_version_1_database_with_rows_in_every_table():
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 1
        assert "fetched" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
        for table in ("documents", "claims", "speakers", "outlets", "runs", "document_sources",
                      "figure_groups", "figure_group_members"):
            assert conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] > 0, table
    finally:
        conn.close()


def test_opening_a_v1_database_migrates_it_in_place_keeping_every_row(v1):
    before = _tables(v1)
    inode = v1.stat().st_ino
    db = store.open_db(v1)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY version")] == list(range(1, store.SCHEMA_VERSION + 1))
    db.conn.close()
    assert v1.stat().st_ino == inode, "migrated into a new file, not in place"

    after = _tables(v1)
    # Later versions only add: the fetch date (v2), who-is-who tables, empty until a run (v3),
    # and (v5) each stored figure's subject, every subject marked for regrouping by the next run,
    # and the speakers to reconsider (none: the next run computes identities over everything).
    assert set(after) - set(before) == {"acronyms", "alias_rules", "identities", "derived_from", "figure_subjects",
                                        "stale_subjects", "stale_speakers"}
    assert not any(after[t] for t in ("acronyms", "alias_rules", "identities", "derived_from", "stale_speakers"))
    statistics = {c["id"] for c in before["claims"] if c["kind"] == "statistic"}
    assert {s["claim_id"] for s in after["figure_subjects"]} == statistics
    assert {s["subject"] for s in after["stale_subjects"]} == {s["subject"] for s in after["figure_subjects"]}
    assert all(doc.pop("fetched") is None for doc in after["documents"])
    assert all(speaker.pop("identity_id") is None and speaker.pop("block") is None for speaker in after["speakers"])
    assert all(group.pop("subject_key") is None for group in after["figure_groups"])  # until the next run
    for table in before:
        assert after[table] == before[table], table

    conn = sqlite3.connect(v1)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')")
    assert conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'firefighters'").fetchone()[0] >= 2
    conn.close()


def test_a_migrated_database_has_the_schema_of_a_new_one(v1, tmp_path):
    """Migrations only add: version 1 is never edited, so upgraded and new databases agree."""
    store.open_db(v1).conn.close()
    fresh = tmp_path / "fresh.db"
    store.open_db(fresh).conn.close()
    assert _schema(v1) == _schema(fresh)


def test_export_works_before_and_after_the_upgrade_and_a_new_run_adds_to_it(v1, tmp_path):
    old = export_rows(v1)  # read-only: a v1 database is readable as it is
    assert len(old) == 3 and {r["value"] for r in old if r["kind"] == "statistic"} == {12.0, 15.0}
    assert all(r["conflict_group"] for r in old if r["kind"] == "statistic")

    article = tmp_path / "update.txt"
    article.write_text("Officials said 14 volunteer firefighters were killed in the harbour fire.\n", encoding="utf-8")
    result = claims_cli("extract", article, "--db", v1)
    assert result.returncode == 0, result.stderr.decode()
    assert store.schema_version(store.open_db(v1, create=False)) == store.SCHEMA_VERSION

    conn = sqlite3.connect(v1)
    assert conn.execute("SELECT count(*) FROM stale_subjects").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM figure_groups WHERE subject_key IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM figure_groups WHERE conflict = 1").fetchone()[0] == 1
    conn.close()
    new = export_rows(v1)
    kept = {r["id"]: r for r in new}
    for row in old:
        # Groups and identities are recomputed over the grown database; everything else is kept.
        assert {k: v for k, v in kept[row["id"]].items() if k not in ("conflict_group", "speaker_identity")} == \
            {k: v for k, v in row.items() if k not in ("conflict_group", "speaker_identity")}
    assert any(r["doc"] == str(article) and r["value"] == 14.0 for r in new)


def test_a_database_from_a_newer_version_is_refused_untouched(v1):
    conn = sqlite3.connect(v1)
    conn.execute("INSERT INTO schema_migrations VALUES (99, datetime('now'))")
    conn.commit()
    conn.close()
    content = v1.read_bytes()
    result = claims_cli("extract", FIXTURE.parent / "make_claims_v1.py", "--db", v1)
    assert result.returncode == EXIT_FATAL
    assert f"schema version 99 is newer than this claims ({store.SCHEMA_VERSION})" in result.stderr.decode()
    assert v1.read_bytes() == content


def test_schema_2_stores_when_a_document_was_fetched(tmp_path):
    db = store.open_db(tmp_path / "claims.db")
    result = extract("Police said 12 people were injured in the crash on Monday.")
    doc = result.document.model_copy(update={"fetched": "2024-03-09T18:30:00Z"})
    store.write_extraction(db, result.model_copy(update={"document": doc}))
    assert db.execute("SELECT fetched FROM documents").fetchall() == [("2024-03-09T18:30:00Z",)]
    assert store.load_document(db, doc.id).fetched == "2024-03-09T18:30:00Z"
    db.conn.close()


def _warc(path: Path) -> Path:
    html = (b"<html><head><title>Crash</title></head><body><article><p>Police said 12 people were injured"
            b" in the crash on Monday, and 3 were taken to hospital.</p></article></body></html>")
    return write_warc(path, [("https://news.example/crash", html)])


def test_a_warc_record_fetch_date_reaches_the_database(tmp_path):
    warc = _warc(tmp_path / "crawl.warc")
    db = tmp_path / "claims.db"
    result = claims_cli("extract", warc, "--db", db)
    assert result.returncode == 0, result.stderr.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT source, fetched FROM documents").fetchall() == [
        (f"{warc}#1", "2024-03-09T18:30:00Z")]
    conn.close()
