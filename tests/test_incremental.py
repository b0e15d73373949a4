"""Incremental runs: stored documents are not extracted again, a new rules version re-extracts,
and a grown archive costs only its new documents."""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys

import pytest
from support import EXAMPLES, claims_cli, write_articles

import claims.pipeline as pipeline
from claims.rules.base import RULES_VERSION
from claims.store import open_db

STORIES = [
    ("storm", "Storm cuts power to 1,200 homes",
     "The storm cut power to 1,200 homes on Monday, the utility said. \"Crews are working through the night,\" "
     "said Jane Ruiz, a spokeswoman for Northgrid. About 300 lines were damaged, according to the county."),
    ("budget", "Council passes budget",
     "The city council approved a budget of $45 million on Tuesday. Mayor Tom Hale said the plan would hire "
     "40 more teachers. \"This is a budget for schools,\" Hale told reporters."),
    ("strike", "Dock workers strike",
     "More than 2,000 dock workers walked out on Wednesday, the union said. Port officials said 15 ships were "
     "waiting to unload. \"We will not back down,\" said union leader Ana Costa."),
    ("flood", "Floods displace families",
     "Floods forced at least 800 families from their homes, the Red Cross said on Thursday. Rescuers said "
     "three people were missing. \"The water rose in minutes,\" said resident Omar Haddad."),
]


def _archive(folder, stories):
    return write_articles(folder, {f"{name}.txt": text + "\n" for name, _title, text in stories})


def _last_run(db) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM runs ORDER BY rowid DESC LIMIT 1").fetchone())
    finally:
        conn.close()


def _rows(db, sql):
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


def _extracted(result) -> int:
    """The 'N extracted' figure of the CLI's summary line."""
    match = re.search(r"\((\d+) extracted, (\d+) unchanged\)", " ".join(result.stderr.decode().split()))
    assert match, result.stderr.decode()
    return int(match.group(1))


def test_rerun_skips_stored_documents_without_extracting_them(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", STORIES)
    shutil.copytree(EXAMPLES, archive / "examples")
    db = tmp_path / "claims.db"
    first = claims_cli("extract", archive, "--db", db)
    assert first.returncode == 0, first.stderr.decode()
    documents = len(STORIES) + 4
    assert _extracted(first) == documents
    claims_before = _rows(db, "SELECT id, document_id, rules_version FROM claims")
    assert claims_before

    again = claims_cli("extract", archive, "--db", db)
    assert again.returncode == 0, again.stderr.decode()
    assert _extracted(again) == 0
    run = _last_run(db)
    assert (run["documents_read"], run["documents_new"], run["claims_found"]) == (documents, 0, 0)
    assert _rows(db, "SELECT id, document_id, rules_version FROM claims") == claims_before

    # In process, the extractor is not even called for stored documents.
    calls = []
    real = pipeline.extract_or_fail

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_or_fail", counting)
    database = open_db(db)
    run = pipeline.run_extract(database, [str(archive)])
    assert calls == []
    assert (run.documents_read, run.documents_new) == (documents, 0)


def _set_rules_version(monkeypatch, version: str) -> None:
    """Every claims module that holds RULES_VERSION sees the new one, as after a rules release."""
    patched = 0
    for name, module in list(sys.modules.items()):
        if (name == "claims" or name.startswith("claims.")) and getattr(module, "RULES_VERSION", None) == RULES_VERSION:
            monkeypatch.setattr(module, "RULES_VERSION", version)
            patched += 1
    assert patched >= 3  # rules.base, extract, pipeline at least


def test_new_rules_version_reextracts_every_document_once(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", STORIES)
    db_path = tmp_path / "claims.db"
    db = open_db(db_path)
    first = pipeline.run_extract(db, [str(archive)])
    assert first.documents_new == len(STORIES)
    claim_ids = _rows(db_path, "SELECT id FROM claims")

    _set_rules_version(monkeypatch, "9999.01.01")
    second = pipeline.run_extract(db, [str(archive)])
    assert (second.documents_read, second.documents_new) == (len(STORIES), len(STORIES))
    assert _rows(db_path, "SELECT DISTINCT rules_version FROM documents") == [("9999.01.01",)]
    assert _rows(db_path, "SELECT DISTINCT rules_version FROM claims") == [("9999.01.01",)]
    # Re-extraction replaced the claims: same ids (they do not depend on the version), none twice.
    assert _rows(db_path, "SELECT id FROM claims") == claim_ids
    assert _rows(db_path, "SELECT rules_version FROM runs ORDER BY rowid") == [(RULES_VERSION,), ("9999.01.01",)]

    third = pipeline.run_extract(db, [str(archive)])
    assert (third.documents_read, third.documents_new) == (len(STORIES), 0)


def test_documents_stored_under_older_rules_are_reextracted_by_the_cli(tmp_path):
    archive = _archive(tmp_path / "archive", STORIES)
    db = tmp_path / "claims.db"
    assert claims_cli("extract", archive, "--db", db).returncode == 0
    claims_before = _rows(db, "SELECT id, text, speaker FROM claims")
    conn = sqlite3.connect(db)
    with conn:
        old = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY source LIMIT 2")]
        conn.executemany("UPDATE documents SET rules_version = '2000.01.01' WHERE id = ?", [(d,) for d in old])
        conn.executemany("UPDATE claims SET rules_version = '2000.01.01' WHERE document_id = ?", [(d,) for d in old])
    conn.close()

    again = claims_cli("extract", archive, "--db", db)
    assert again.returncode == 0, again.stderr.decode()
    assert _extracted(again) == 2
    assert _last_run(db)["documents_new"] == 2
    assert _rows(db, "SELECT DISTINCT rules_version FROM documents") == [(RULES_VERSION,)]
    assert _rows(db, "SELECT DISTINCT rules_version FROM claims") == [(RULES_VERSION,)]
    assert _rows(db, "SELECT id, text, speaker FROM claims") == claims_before


def test_grown_archive_extracts_only_the_new_documents(tmp_path):
    archive = _archive(tmp_path / "archive", STORIES[:2])
    wire = archive / "wire.jsonl"
    wire.write_text(json.dumps({"id": "w1", "title": STORIES[2][1], "text": STORIES[2][2]}) + "\n", encoding="utf-8")
    db = tmp_path / "claims.db"
    first = claims_cli("extract", archive, "--db", db)
    assert first.returncode == 0, first.stderr.decode()
    assert _extracted(first) == 3
    claims_before = _rows(db, "SELECT id FROM claims")

    # The archive grows: one new file, and one more record appended to the wire feed.
    _archive(archive, STORIES[3:])
    with wire.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "w2", "title": "Port reopens",
                                 "text": "The port reopened on Friday after 12 days, officials said."}) + "\n")
    grown = claims_cli("extract", archive, "--db", db)
    assert grown.returncode == 0, grown.stderr.decode()
    assert _extracted(grown) == 2
    run = _last_run(db)
    assert (run["documents_read"], run["documents_new"]) == (5, 2)
    assert run["claims_found"] == len(_rows(db, "SELECT id FROM claims")) - len(claims_before)
    assert set(claims_before) <= set(_rows(db, "SELECT id FROM claims"))
    assert _rows(db, "SELECT count(*) FROM documents") == [(5,)]


@pytest.mark.parametrize("jobs", ["2"])
def test_grown_archive_with_a_pool_extracts_only_the_new_documents(tmp_path, jobs):
    archive = _archive(tmp_path / "archive", STORIES[:3])
    db = tmp_path / "claims.db"
    assert _extracted(claims_cli("extract", archive, "--db", db, "--jobs", jobs)) == 3
    _archive(archive, STORIES[3:])
    grown = claims_cli("extract", archive, "--db", db, "--jobs", jobs)
    assert grown.returncode == 0, grown.stderr.decode()
    assert _extracted(grown) == 1
    assert _last_run(db)["documents_new"] == 1


def test_who_is_who_and_groups_are_recomputed_only_when_rows_changed(tmp_path):
    from claims.identity import Aliases
    from claims.pipeline import refresh_derived, run_extract
    from claims.store import open_db

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text("Police said 12 people were injured on Monday.\n", encoding="utf-8")
    db = open_db(tmp_path / "c.db")
    run_extract(db, [str(archive)])
    groups, recomputed = refresh_derived(db)
    assert recomputed
    run_extract(db, [str(archive)])  # nothing new: the whole-archive step is skipped
    assert refresh_derived(db) == (groups, False)
    # A run killed after writing a document, before this step, leaves it to the next run.
    (archive / "b.txt").write_text("The union said 40 workers were injured on Monday.\n", encoding="utf-8")
    run_extract(db, [str(archive)])
    assert refresh_derived(db)[1]
    assert not refresh_derived(db)[1]
    assert refresh_derived(db, Aliases(same=[["Police", "The police"]]))[1]  # aliases always recompute
    assert db.execute("SELECT count(*) FROM identities").fetchone()[0] > 0
    db.conn.close()


def test_a_document_rewritten_under_the_same_rowids_still_marks_who_is_who_stale(tmp_path):
    """Rewriting the last document written gives its claims back the same rowids, and
    speakers are updated in place: only the count of writes says the rows changed."""
    from claims import extract
    from claims.pipeline import refresh_derived
    from claims.store import document_rows, write_rows

    db = open_db(tmp_path / "c.db")
    rows = document_rows(extract("Police said 12 people were injured on Monday.", source="a.txt"))
    write_rows(db, rows)
    assert refresh_derived(db)[1]
    before = db.execute("SELECT rowid FROM claims ORDER BY rowid").fetchall()
    rows.claims = [claim[:5] + ("12 people (corrected)",) + claim[6:] for claim in rows.claims]
    write_rows(db, rows)
    assert db.execute("SELECT rowid FROM claims ORDER BY rowid").fetchall() == before
    assert refresh_derived(db)[1]
    db.conn.close()


def test_a_speaker_met_again_keeps_its_row_and_gains_the_new_form(tmp_path):
    archive = write_articles(tmp_path / "archive", {
        "a.txt": "Mayor Tom Hale said the plan would hire 40 more teachers.\n"})
    db = open_db(tmp_path / "c.db")
    pipeline.run_extract(db, [str(archive)])
    pipeline.refresh_derived(db)
    speaker = "SELECT rowid, identity_id, forms FROM speakers WHERE canonical = 'Tom Hale'"
    rowid, identity, forms = db.execute(speaker).fetchone()
    assert identity and json.loads(forms) == ["Tom Hale"]
    (archive / "b.txt").write_text("Tom Hale said 12 schools would close. Hale said 40 jobs would go.\n",
                                   encoding="utf-8")
    pipeline.run_extract(db, [str(archive)])
    again = db.execute(speaker).fetchone()
    assert again[:2] == (rowid, identity)  # updated in place, not deleted and inserted
    assert json.loads(again[2]) == ["Tom Hale", "Hale"]
    db.conn.close()


def test_a_run_writes_with_a_larger_cache_and_fewer_checkpoints(tmp_path):
    from claims.store import WRITER_CACHE_KIB, WRITER_CHECKPOINT_PAGES

    db = open_db(tmp_path / "c.db")
    pipeline.run_extract(db, [str(_archive(tmp_path / "archive", STORIES[:1]))])
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -WRITER_CACHE_KIB
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WRITER_CHECKPOINT_PAGES
    db.conn.close()


def test_the_same_text_twice_in_one_run_is_extracted_once_and_both_sources_are_noted(tmp_path):
    """The second copy arrives while the first still waits in the uncommitted batch."""
    archive = _archive(tmp_path / "archive", STORIES[:1])
    shutil.copy(archive / "storm.txt", archive / "storm-copy.txt")
    db = tmp_path / "claims.db"
    result = claims_cli("extract", archive, "--db", db)
    assert result.returncode == 0, result.stderr.decode()
    assert "2 documents read (1 extracted, 1 unchanged)" in " ".join(result.stderr.decode().split())
    assert len(_rows(db, "SELECT document_id FROM document_sources")) == 2
    assert _rows(db, "SELECT count(DISTINCT document_id) FROM document_sources") == [(1,)]


def _commits(monkeypatch) -> list[int]:
    """Documents stored at each commit of a run's writes."""
    sizes: list[int] = []
    commit = pipeline._Writes.commit

    def counting(self):
        if self.entries:
            sizes.append(len(self.entries))
        commit(self)

    monkeypatch.setattr(pipeline._Writes, "commit", counting)
    return sizes


def test_documents_are_committed_in_bounded_batches(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(7):
        (archive / f"story-{i}.txt").write_text(f"Officials said {i + 2},000 homes lost power.\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "COMMIT_DOCUMENTS", 3)
    sizes = _commits(monkeypatch)
    db = open_db(tmp_path / "claims.db")
    run = pipeline.run_extract(db, [str(archive)])
    assert sizes == [3, 3, 1]
    assert (run.documents_new, run.documents_read) == (7, 7)
    assert run.claims_found == db.execute("SELECT count(*) FROM claims").fetchone()[0] > 0


def test_stdin_commits_every_document_as_it_comes(tmp_path, monkeypatch):
    """A stream's next document may be long in coming: what was read is stored meanwhile."""
    lines = "".join(json.dumps({"id": f"s{i}", "text": f"Police said {i + 3} people were hurt."}) + "\n"
                    for i in range(3))
    sizes = _commits(monkeypatch)
    db = open_db(tmp_path / "claims.db")
    import io
    run = pipeline.run_extract(db, ["-"], stdin=io.BytesIO(lines.encode()))
    assert run.documents_new == 3
    assert sizes == [1, 1, 1]


def test_a_batch_is_committed_once_its_time_is_up(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", STORIES)
    monkeypatch.setattr(pipeline, "COMMIT_SECONDS", 0.0)
    sizes = _commits(monkeypatch)
    run = pipeline.run_extract(open_db(tmp_path / "claims.db"), [str(archive)])
    assert run.documents_new == len(STORIES)
    assert sizes == [1] * len(STORIES)


def test_ctrl_c_keeps_what_was_extracted_before_it(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", STORIES)
    extract_or_fail = pipeline.extract_or_fail
    calls = []

    def interrupted_at_the_third(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return extract_or_fail(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_or_fail", interrupted_at_the_third)
    db = open_db(tmp_path / "claims.db")
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_extract(db, [str(archive)])
    stored = [row[0] for row in db.execute("SELECT source FROM documents ORDER BY source")]
    assert sorted(stored) == sorted(calls[:2])
    assert not db.conn.in_transaction
