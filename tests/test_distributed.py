"""Extraction on a Dask cluster writes the rows an ordinary `claims extract` writes."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from support import EXAMPLES, claims_cli, write_warc

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'claims[dask]'")

from claims.distributed import DistributedError, extract_distributed, parse_address  # noqa: E402
from claims.rules.base import RULES_VERSION  # noqa: E402

STORIES = [
    "The storm cut power to 1,200 homes on Monday, the utility said. \"Crews are working through the night,\" "
    "said Jane Ruiz, a spokeswoman for Northgrid. About 300 lines were damaged, according to the county.",
    "The city council approved a budget of $45 million on Tuesday. Mayor Tom Hale said the plan would hire "
    "40 more teachers. \"This is a budget for schools,\" Hale told reporters.",
    "More than 2,000 dock workers walked out on Wednesday, the union said, while police put the number at 1,500. "
    "\"We will not back down,\" said union leader Ana Costa, speaking to Reuters.",
    "Floods forced at least 800 families from their homes, the Red Cross said on Thursday. Rescuers said "
    "three people were missing. Jane Ruiz of Northgrid said 40 engineers had been sent.",
]

# Every stored column except run_id (each run has its own id) and the conflicts view.
TABLES = {
    "documents": None,  # every column but run_id, whatever the schema version
    "claims": "SELECT * FROM claims",
    "speakers": "SELECT * FROM speakers",
    "outlets": "SELECT * FROM outlets",
    "document_sources": "SELECT * FROM document_sources",
    "figure_groups": "SELECT * FROM figure_groups",
    "figure_group_members": "SELECT * FROM figure_group_members",
    "runs": "SELECT rules_version, documents_read, documents_new, documents_skipped, claims_found FROM runs",
}


def _tables(db) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(documents)") if row[1] != "run_id"]
        queries = dict(TABLES, documents=f"SELECT {', '.join(map(repr, columns))} FROM documents".replace("'", '"'))
        out = {name: sorted(map(tuple, conn.execute(sql)), key=repr) for name, sql in queries.items()}
        out["fts"] = conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'said'").fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local


@pytest.fixture
def inputs(tmp_path):
    """The repository's examples plus generated articles, a repeated text and a broken record."""
    folder = tmp_path / "inputs"
    shutil.copytree(EXAMPLES, folder)
    for n, text in enumerate(STORIES):
        (folder / f"story-{n}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "story-0-again.txt").write_text(STORIES[0] + "\n", encoding="utf-8")
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as handle:
        for n, text in enumerate(STORIES[1:]):
            handle.write(json.dumps({"id": f"f{n}", "title": f"Feed {n}", "outlet": "Example Wire",
                                     "date": "2026-03-0{}".format(n + 1), "text": text + " Updated."}) + "\n")
        handle.write("{not json\n")
    _warc(folder / "crawl.warc.gz")
    return folder


def _warc(path):
    """One HTML response in a web archive: a document with a fetch time."""
    page = (b"<html><head><title>Ferry</title></head><body><article><p>The ferry carried 240 passengers,"
            b" the operator said on Friday. \"Nobody was hurt,\" said captain Lena Berg.</p></article></body></html>")
    write_warc(path, [("https://ferry.example/news", page)], gzip=True)


def _ordinary(inputs, db):
    result = claims_cli("extract", inputs, "--db", db)
    assert result.returncode in (0, 1), result.stderr.decode()
    return _tables(db)


def test_cluster_run_writes_the_rows_of_an_ordinary_run(tmp_path, inputs, cluster):
    expected = _ordinary(inputs, tmp_path / "ordinary.db")
    assert expected["claims"] and expected["speakers"] and expected["figure_groups"]

    run = extract_distributed([str(inputs)], tmp_path / "dask.db", cluster.scheduler_address, partition_size=2)
    got = _tables(tmp_path / "dask.db")
    for table in TABLES:
        assert got[table] == expected[table], table
    assert got["fts"] == expected["fts"]
    assert (run.documents_read, run.documents_skipped) == (expected["runs"][0][1], 1)
    assert run.rules_version == RULES_VERSION

    # Shards through a folder that client and workers share, rather than through Dask.
    shards = tmp_path / "shards"
    shards.mkdir()
    extract_distributed([str(inputs)], tmp_path / "shared.db", cluster.scheduler_address, partition_size=3,
                        shard_dir=shards)
    got = _tables(tmp_path / "shared.db")
    for table in TABLES:
        assert got[table] == expected[table], table
    assert list(shards.iterdir()) == []


def test_a_shard_leaves_full_text_indexing_to_the_merge(tmp_path):
    """A shard's claims are indexed once, in the database it is merged into, not in the shard too."""
    from claims.distributed import _Partition, _ShardResult, _write_shard, merge_shard
    from claims.models import Run
    from claims.store import SCHEMA_VERSION, open_db, start_run

    part = _Partition(number=0, run_id="r", documents=[("story.txt", STORIES[0], {})], budget=None)
    shard = tmp_path / "shard.db"
    _write_shard(part, shard, _ShardResult(number=0, rules_version=RULES_VERSION, schema_version=0))
    conn = sqlite3.connect(shard)
    try:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'said'").fetchone()[0] == 0
    finally:
        conn.close()
    db = open_db(tmp_path / "merged.db")
    start_run(db, Run(id="r", started="", rules_version=RULES_VERSION, schema_version=SCHEMA_VERSION, inputs=[]))
    merge_shard(db, shard)
    assert db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'said'").fetchone()[0] > 0
    db.conn.close()


def test_cluster_rerun_extracts_only_new_or_outdated_documents(tmp_path, inputs, cluster):
    db = tmp_path / "dask.db"
    first = extract_distributed([str(inputs)], db, cluster.scheduler_address, partition_size=3)
    assert first.documents_new > 0
    again = extract_distributed([str(inputs)], db, cluster.scheduler_address, partition_size=3)
    assert (again.documents_read, again.documents_new) == (first.documents_read, 0)

    (inputs / "story-new.txt").write_text("Officials said 75 flights were cancelled on Friday.\n", encoding="utf-8")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE documents SET rules_version = '2000.01.01' WHERE source LIKE '%story-1.txt'")
    conn.close()
    grown = extract_distributed([str(inputs)], db, cluster.scheduler_address, partition_size=3)
    assert (grown.documents_read, grown.documents_new) == (first.documents_read + 1, 2)

    # The result is what one ordinary run over the grown inputs gives.
    expected = _ordinary(inputs, tmp_path / "ordinary.db")
    got = _tables(db)
    for table in TABLES:
        if table != "runs":
            assert got[table] == expected[table], table


def test_cli_dask_option_on_a_local_cluster(tmp_path, inputs):
    expected = _ordinary(inputs, tmp_path / "ordinary.db")
    result = claims_cli("extract", inputs, "--db", tmp_path / "dask.db", "--dask", "local:2")
    assert result.returncode == 1, result.stderr.decode()  # the broken JSON line is a skipped input
    assert "documents read" in result.stderr.decode()
    got = _tables(tmp_path / "dask.db")
    for table in TABLES:
        assert got[table] == expected[table], table


def test_cli_refuses_jobs_with_dask_and_bad_addresses(tmp_path, inputs):
    both = claims_cli("extract", inputs, "--db", tmp_path / "x.db", "--dask", "local:2", "--jobs", "2")
    assert both.returncode == 2 and "--dask" in both.stderr.decode()
    bad = claims_cli("extract", inputs, "--db", tmp_path / "x.db", "--dask", "local:many")
    assert bad.returncode == 2 and "local:N" in bad.stderr.decode()


def test_addresses():
    assert parse_address("local") == ("local", None)
    assert parse_address("local:3") == ("local", 3)
    assert parse_address("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x"):
        with pytest.raises(DistributedError):
            parse_address(bad)


def test_without_dask_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    with pytest.raises(DistributedError, match=r"claims\[dask\]"):
        extract_distributed([str(EXAMPLES)], tmp_path / "x.db", "local:1")
