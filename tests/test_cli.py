"""The CLI end to end on temporary databases: the rows it writes are what users rely on."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

from support import EXAMPLES, claims_cli, export_rows

SCORER_FIELDS = {"doc", "start", "end", "kind", "value", "low", "high", "qualifier", "counted", "speaker",
                 "speaker_canonical", "outlet", "doc_date", "doc_outlet", "conflict_group", "id", "text",
                 "sentence", "cue", "rule"}


def _table_counts(db):
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                for t in ("documents", "claims", "speakers", "outlets", "runs", "document_sources")}
    finally:
        conn.close()


def test_extract_examples_writes_documents_claims_speakers_and_a_run(tmp_path):
    db = tmp_path / "claims.db"
    result = claims_cli("extract", EXAMPLES, "--db", db)
    assert result.returncode == 0, result.stderr.decode()
    assert "4 documents read" in result.stderr.decode()
    counts = _table_counts(db)
    assert counts["documents"] == 4
    assert counts["claims"] >= 15
    assert counts["speakers"] >= 4
    assert counts["runs"] == 1
    conn = sqlite3.connect(db)
    formats = {row[0] for row in conn.execute("SELECT format FROM documents")}
    assert formats == {"txt", "html", "jsonl"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Full-text search over claim sentences works.
    hits = conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'firefighters'").fetchone()[0]
    assert hits >= 1


def test_every_exported_claim_has_exact_provenance(tmp_path):
    db = tmp_path / "claims.db"
    assert claims_cli("extract", EXAMPLES, "--db", db).returncode == 0
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM documents"))
    rows = export_rows(db)
    assert rows
    for row in rows:
        assert SCORER_FIELDS <= row.keys()
        assert texts[row["document_id"]][row["start"]:row["end"]] == row["text"]
        assert row["text"] in row["sentence"]
        assert row["qualifier"] in (None, "exact", "approx", "at_least", "more_than", "at_most", "less_than")
    plain = (EXAMPLES / "harbour-fire.txt").read_text(encoding="utf-8")
    stored = [t for t in texts.values() if t == plain]
    assert stored, "a plain-text file is stored as its decoded content, unchanged"


def test_rerun_is_idempotent_and_force_keeps_ids(tmp_path):
    db = tmp_path / "claims.db"
    assert claims_cli("extract", EXAMPLES, "--db", db).returncode == 0
    first = sorted(r["id"] for r in export_rows(db))
    counts = _table_counts(db)
    again = claims_cli("extract", EXAMPLES, "--db", db)
    assert again.returncode == 0
    assert "0 extracted, 4 unchanged" in again.stderr.decode()
    assert sorted(r["id"] for r in export_rows(db)) == first
    after = _table_counts(db)
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in counts.items() if k != "runs"}
    forced = claims_cli("extract", EXAMPLES, "--db", db, "--force")
    assert forced.returncode == 0 and "4 extracted" in forced.stderr.decode()
    assert sorted(r["id"] for r in export_rows(db)) == first


def test_export_csv_has_the_same_records(tmp_path):
    db = tmp_path / "claims.db"
    claims_cli("extract", EXAMPLES, "--db", db)
    out = tmp_path / "claims.csv"
    result = claims_cli("export", "--db", db, "--format", "csv", "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(export_rows(db))
    assert SCORER_FIELDS <= set(rows[0])


def test_show_marks_the_span_and_names_speaker_and_rule(tmp_path):
    db = tmp_path / "claims.db"
    claims_cli("extract", EXAMPLES, "--db", db)
    row = next(r for r in export_rows(db) if r["speaker"] and r["kind"] == "statistic")
    result = claims_cli("show", row["id"], "--db", db)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert row["text"] in out and row["rule"] in out and row["speaker_canonical"] in out
    as_json = json.loads(claims_cli("show", row["id"][:12], "--db", db, "--json").stdout)
    assert as_json["claim"]["id"] == row["id"]
    assert row["id"] in as_json["citation"]
    missing = claims_cli("show", "nope", "--db", db)
    assert missing.returncode == 2 and "no claim" in missing.stderr.decode()


def test_missing_path_is_an_error_before_anything_is_written(tmp_path):
    db = tmp_path / "claims.db"
    result = claims_cli("extract", tmp_path / "no-such-folder", "--db", db)
    assert result.returncode == 2
    assert "no-such-folder" in result.stderr.decode()
    assert not db.exists()


def test_a_bad_file_is_skipped_named_and_the_rest_stored(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("The ministry said 40 people were arrested on Friday.", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"caf\xe9 \xff\xfe broken")
    db = tmp_path / "claims.db"
    result = claims_cli("extract", corpus, "--db", db)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "bad.txt" in err and "UTF-8" in err
    assert _table_counts(db)["documents"] == 1
    conn = sqlite3.connect(db)
    run = conn.execute("SELECT documents_read, documents_skipped, skipped FROM runs").fetchone()
    assert run[0] == 1 and run[1] == 1 and "bad.txt" in run[2]


def test_stdin_text_is_read(tmp_path):
    db = tmp_path / "claims.db"
    result = claims_cli("extract", "-", "--db", db,
                        stdin="Police said 12 people were injured in the crash.".encode())
    assert result.returncode == 0, result.stderr.decode()
    rows = export_rows(db)
    assert any(r["value"] == 12 and r["speaker"] == "Police" for r in rows)


def test_conflicts_command_shows_disagreeing_figures_side_by_side(tmp_path):
    db = tmp_path / "claims.db"
    claims_cli("extract", EXAMPLES, "--db", db)
    result = claims_cli("conflicts", "--db", db, "--json")
    groups = json.loads(result.stdout)
    assert result.returncode == 0
    dock = [g for g in groups if "dock" in g["subject"]]
    assert dock and dock[0]["conflict"]
    values = {m["value"] for m in dock[0]["members"]}
    assert {3.0, 5.0} <= values
    assert len({m["document"] for m in dock[0]["members"]}) >= 2
    exported = [r for r in export_rows(db) if r["conflict_group"] == dock[0]["id"]]
    assert {r["value"] for r in exported} >= {3.0, 5.0}
    hostile = claims_cli("conflicts", "--db", db, "--subject", "'; DROP TABLE claims; --")
    assert hostile.returncode == 0
    assert _table_counts(db)["claims"] > 0


def test_version_is_printed():
    result = claims_cli("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == "0.1.0"


def test_the_full_text_index_holds_every_claim_after_extract_force_and_upgrade(tmp_path):
    # Claims are indexed by one INSERT ... SELECT per document (schema 4), not by a trigger:
    # FTS5's integrity-check compares the index with the claims table itself.
    db = tmp_path / "c.db"
    for extra in ((), ("--force",)):
        result = claims_cli("extract", EXAMPLES, "--db", db, *extra)
        assert result.returncode == 0, result.stderr.decode()
        conn = sqlite3.connect(db)
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES('integrity-check')")
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert claims > 0
        assert conn.execute("SELECT count(*) FROM claims_fts").fetchone()[0] == claims
        hit = conn.execute("SELECT c.text FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid"
                           " WHERE claims_fts MATCH 'firefighters' LIMIT 1").fetchone()
        assert hit is not None
        conn.close()
