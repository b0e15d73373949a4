"""`claims extract` past one machine: the same extraction on a Dask cluster.

    from claims.distributed import extract_distributed
    run = extract_distributed(["corpus/"], "claims.db", "tcp://scheduler:8786")   # a running cluster
    run = extract_distributed(["corpus/"], "claims.db", "local:4")                 # 4 local worker processes

How it works. This process (the client) streams the inputs with readers.iter_documents,
skips documents already stored under these rules (as an ordinary run does), and cuts
the rest into partitions of `partition_size` documents. Each partition is one task: a
worker runs extract() on each document and writes the results to a shard database
with claims.store (the same schema; its full-text triggers are dropped, as the shard's
own index is never read). The shard comes back to the client as bytes, or through
`shard_dir` when client and workers share a folder, and is merged into the target in
input order, one transaction per shard (ATTACH, then per table INSERT OR IGNORE, or
the store's own upsert and union of names where an ordinary run merges rows). Last,
figure groups are rebuilt over the whole database. The rows are those an ordinary
`claims extract` of the same inputs writes: same document, claim and speaker ids.

Only a bounded number of partitions is in flight at once, so neither the client nor
the cluster ever holds the whole corpus. Workers need this claims (same rules version)
installed; the client checks. Dask is an optional extra: `pip install 'claims[dask]'`.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

import sqlite_utils

from .extract import DEFAULT_BUDGET
from .models import DocumentMeta, Run, Skipped, document_id
from .readers import InputProblem, iter_documents
from .resolve import canonical_outlet
from .rules.base import RULES_VERSION
from .store import (SCHEMA_VERSION, StoreError, finish_run, forget_claims, index_claims, note_source, open_db,
                    start_run, stored_rules_version, tune_for_writing, upsert_row, write_transaction)
from .subjects import SUBJECT_COLUMNS

__all__ = ["DEFAULT_PARTITION_SIZE", "DistributedError", "extract_distributed", "parse_address"]

DEFAULT_PARTITION_SIZE = 100
Progress = Callable[[str, int], None]



class DistributedError(Exception):
    """The cluster cannot be used: dask missing, no scheduler there, workers on other rules."""


def parse_address(address: str) -> tuple[str, Optional[int]]:
    """'local' or 'local:N' -> ("local", N or None); anything else is a scheduler address."""
    if address == "local":
        return "local", None
    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            raise DistributedError(f"bad address {address!r}: use local:N with N a number of workers") from None
        if n < 1:
            raise DistributedError(f"bad address {address!r}: a local cluster needs at least one worker")
        return "local", n
    return address, None


# ------------------------------------------------------------------------- worker side


@dataclass
class _Partition:
    """One task's input: documents as plain tuples (cheap to serialise)."""

    number: int
    run_id: str
    documents: list[tuple[str, str, dict]]
    budget: Optional[float]
    shard_dir: Optional[str] = None


@dataclass
class _ShardResult:
    number: int
    rules_version: str
    schema_version: int
    # per document, in input order: (source, claims found) or (source, -1, reason) when skipped
    outcomes: list[tuple] = field(default_factory=list)
    shard: Optional[bytes] = None  # the shard database, unless written to shard_dir
    shard_path: Optional[str] = None


def _extract_partition(part: _Partition) -> _ShardResult:
    """Runs on a worker: extract each document and write the results to a shard database."""
    result = _ShardResult(part.number, RULES_VERSION, SCHEMA_VERSION)
    if part.shard_dir:
        path = Path(part.shard_dir) / f"shard-{part.run_id}-{part.number:06d}.db"
        _write_shard(part, path, result)
        result.shard_path = str(path)
        return result
    with tempfile.TemporaryDirectory(prefix="claims-shard-") as folder:
        path = Path(folder) / "shard.db"
        _write_shard(part, path, result)
        result.shard = path.read_bytes()
    return result


def _write_shard(part: _Partition, path: Path, result: _ShardResult) -> None:
    from .pipeline import Failure, extract_or_fail
    from .store import write_extraction

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(path)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a shard lost with its worker is redone, not repaired
        # No full-text indexing in a shard: merge_shard indexes its rows in the target.
        db.execute("DROP TRIGGER IF EXISTS [documents_ai]")
        start_run(db, Run(id=part.run_id, started="", rules_version=RULES_VERSION, schema_version=SCHEMA_VERSION,
                          inputs=[]))
        with write_transaction(db):
            for source, text, meta in part.documents:
                item = extract_or_fail(source, text, DocumentMeta(**meta), part.budget)
                if isinstance(item, Failure):
                    result.outcomes.append((source, -1, item.reason))
                else:
                    result.outcomes.append((source, write_extraction(db, item, part.run_id, full_text=False)))
        db.execute("PRAGMA journal_mode = DELETE")  # folds the WAL into the one file
    finally:
        db.conn.close()


# ------------------------------------------------------------------------- client side


def extract_distributed(paths: list[str], db: Union[str, Path, sqlite_utils.Database], address: str = "local",
                        partition_size: int = DEFAULT_PARTITION_SIZE, *, budget: Optional[float] = DEFAULT_BUDGET,
                        force: bool = False, shard_dir: Optional[Union[str, Path]] = None,
                        max_in_flight: Optional[int] = None, rebuild: bool = True,
                        progress: Optional[Progress] = None, stdin=None) -> Run:
    """Extract every input into `db` on a Dask cluster; returns the run, as pipeline.run_extract does.

    address        a scheduler address ("tcp://host:8786"), or "local" / "local:N" for a
                   LocalCluster of N worker processes (default: one per CPU) on this machine
    partition_size documents per task; each task writes one shard database
    shard_dir      a folder client and workers share, for shards too large to send back
                   as bytes (default: shards travel through Dask)
    max_in_flight  partitions submitted and not yet merged (default: 2 per worker thread)
    rebuild        rebuild figure groups over the whole database afterwards (default: yes)

    Documents already stored under these rules are skipped unless `force`; a failed
    document or a lost task costs its documents (recorded in the run), not the run.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DistributedError("Dask is not installed: pip install 'claims[dask]'") from exc

    target, n_workers = parse_address(address)
    database = db if isinstance(db, sqlite_utils.Database) else open_db(db)
    tune_for_writing(database)  # the shards are merged into it
    cluster = None
    try:
        if target == "local":
            cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(target, timeout="30s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise DistributedError(f"cannot reach a Dask scheduler at {address}: {exc}") from exc
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max_in_flight or 2 * threads
        return _run(client, database, paths, partition_size, budget, force,
                    str(shard_dir) if shard_dir else None, window, rebuild, progress, stdin)
    except sqlite3.Error as exc:  # as in an ordinary run: a database that cannot be written is fatal
        raise StoreError(f"{_db_name(database)}: cannot write to the database ({type(exc).__name__}: {exc})") from exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client, db: sqlite_utils.Database, paths: list[str], partition_size: int, budget: Optional[float],
         force: bool, shard_dir: Optional[str], window: int, rebuild: bool, progress: Optional[Progress],
         stdin) -> Run:
    run = Run(id=uuid.uuid4().hex[:16], started=_now(), rules_version=RULES_VERSION,
              schema_version=SCHEMA_VERSION, inputs=list(paths))
    start_run(db, run)
    state = _State(db, run, progress)
    batch: list[tuple[str, str, dict]] = []
    batch_ids: list[str] = []
    number = 0

    def submit() -> None:
        nonlocal batch, batch_ids, number
        part = _Partition(number, run.id, batch, budget, shard_dir)
        future = client.submit(_extract_partition, part, pure=False, retries=1)
        state.pending.append(_Pending(number, [d[0] for d in batch], batch_ids, future))
        number, batch, batch_ids = number + 1, [], []
        while len(state.pending) >= window:
            state.merge_next()

    for item in iter_documents(paths, stdin=stdin):
        if isinstance(item, InputProblem):
            state.skipped(item.source, item.reason)
            continue
        doc_id = document_id(item.text)
        if not force:
            # The same text twice in one run is extracted once, as in an ordinary run:
            # later copies wait for the first to be merged, then only their source is noted.
            first = state.in_flight.get(doc_id)
            if first is not None:
                state.repeats.setdefault(first, []).append((item.source, doc_id))
                continue
            if stored_rules_version(db, doc_id) == RULES_VERSION:
                note_source(db, item.source, doc_id)
                state.unchanged(item.source)
                continue
        batch.append((item.source, item.text, item.meta.model_dump()))
        batch_ids.append(doc_id)
        state.in_flight[doc_id] = number
        if len(batch) >= partition_size:
            submit()
    if batch:
        submit()
    while state.pending:
        state.merge_next()
    run.finished = _now()
    finish_run(db, run)
    if rebuild:
        from .pipeline import refresh_derived

        refresh_derived(db)
    return run


@dataclass
class _Pending:
    number: int
    sources: list[str]
    doc_ids: list[str]
    future: object


@dataclass
class _State:
    """The client's book-keeping: partitions in flight, and the run's counts."""

    db: sqlite_utils.Database
    run: Run
    progress: Optional[Progress]
    pending: deque = field(default_factory=deque)
    in_flight: dict[str, int] = field(default_factory=dict)  # document id -> its partition
    repeats: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # partition -> (source, id)

    def skipped(self, source: str, reason: str) -> None:
        self.run.documents_skipped += 1
        self.run.skipped.append(Skipped(source=source, reason=reason))
        if self.progress:
            self.progress(source, -1)

    def unchanged(self, source: str) -> None:
        self.run.documents_read += 1
        if self.progress:
            self.progress(source, 0)

    def merge_next(self) -> None:
        item: _Pending = self.pending.popleft()
        failed: dict[str, str] = {}  # document id -> why it was skipped
        try:
            result: _ShardResult = item.future.result()
        except Exception as exc:  # a task whose worker died twice loses its documents, not the run
            reason = f"worker failed ({type(exc).__name__}: {exc})"
            for source, doc_id in zip(item.sources, item.doc_ids):
                self.skipped(source, reason)
                failed[doc_id] = reason
        else:
            self._merge(result, item, failed)
        finally:
            item.future.release()
        for doc_id in item.doc_ids:
            self.in_flight.pop(doc_id, None)
        for source, doc_id in self.repeats.pop(item.number, []):
            if doc_id in failed:
                self.skipped(source, failed[doc_id])
            else:
                note_source(self.db, source, doc_id)
                self.unchanged(source)

    def _merge(self, result: _ShardResult, item: _Pending, failed: dict[str, str]) -> None:
        if result.rules_version != RULES_VERSION or result.schema_version != SCHEMA_VERSION:
            raise DistributedError(f"workers run claims rules {result.rules_version} (schema {result.schema_version}),"
                                   f" this client {RULES_VERSION} (schema {SCHEMA_VERSION}): install the same claims")
        if result.shard_path:
            merge_shard(self.db, result.shard_path)
            Path(result.shard_path).unlink(missing_ok=True)
        else:
            with tempfile.TemporaryDirectory(prefix="claims-merge-") as folder:
                path = Path(folder) / "shard.db"
                path.write_bytes(result.shard)
                result.shard = None
                merge_shard(self.db, path)
        for doc_id, outcome in zip(item.doc_ids, result.outcomes):
            if outcome[1] < 0:
                self.skipped(outcome[0], outcome[2])
                failed[doc_id] = outcome[2]
                continue
            self.run.documents_new += 1
            self.run.documents_read += 1
            self.run.claims_found += outcome[1]
            if self.progress:
                self.progress(outcome[0], outcome[1])


def merge_shard(db: sqlite_utils.Database, shard: Union[str, Path]) -> None:
    """Merge one shard database into `db` in one transaction, as write_extraction would have written it.

    Outlets and speakers gather every name form seen, in order (so shards must be merged
    in input order); a re-extracted document replaces its old claims; everything else
    is INSERT OR IGNORE, the ids being deterministic.
    """
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS shard", [str(shard)])
    try:
        with write_transaction(db):
            _merge_names(conn, "outlets", "SELECT id, name, forms FROM shard.outlets", _outlet)
            _merge_names(conn, "speakers", "SELECT id, canonical, kind, role, forms FROM shard.speakers",
                         lambda new, old: [new[0], new[1], new[2], old[3] if old and old[3] else new[3],
                                           _union(old[4] if old else None, new[4])])
            forget_claims(conn, "document_id IN (SELECT id FROM shard.documents)", [])
            conn.execute("INSERT OR IGNORE INTO main.stale_speakers (speaker_id) SELECT speaker_id FROM shard.stale_speakers")
            # Every column both schemas have, by name; rowids are not copied, so the
            # target's full-text triggers index the merged rows.
            names = _common_columns(conn, "documents")
            cols = ", ".join(f'"{c}"' for c in names)
            update = ", ".join(f'"{c}"=excluded."{c}"' for c in names if c not in ("id", "text"))
            conn.execute(f"INSERT INTO main.documents ({cols}) SELECT {cols} FROM shard.documents WHERE true"
                         f" ON CONFLICT(id) DO UPDATE SET {update}")
            conn.execute("INSERT OR REPLACE INTO main.document_sources (source, document_id)"
                         " SELECT source, document_id FROM shard.document_sources")
            conn.execute("DELETE FROM main.acronyms WHERE document_id IN (SELECT id FROM shard.documents)")
            conn.execute("INSERT OR REPLACE INTO main.acronyms (document_id, short, long)"
                         " SELECT document_id, short, long FROM shard.acronyms")
            cols = ", ".join(f'"{c}"' for c in _common_columns(conn, "claims"))
            conn.execute(f"INSERT OR IGNORE INTO main.claims ({cols}) SELECT {cols} FROM shard.claims ORDER BY rowid")
            cols = ", ".join(SUBJECT_COLUMNS)
            conn.execute(f"INSERT OR IGNORE INTO main.figure_subjects ({cols})"
                         f" SELECT {cols} FROM shard.figure_subjects ORDER BY rowid")
            conn.execute("INSERT OR IGNORE INTO main.stale_subjects (subject) SELECT subject FROM shard.stale_subjects")
            index_claims(conn, "document_id IN (SELECT id FROM shard.documents)", [])
    finally:
        conn.execute("DETACH DATABASE shard")


def _common_columns(conn, table: str) -> list[str]:
    main = {row[1] for row in conn.execute(f"PRAGMA main.table_info([{table}])")}
    return [row[1] for row in conn.execute(f"PRAGMA shard.table_info([{table}])") if row[1] in main]


def _merge_names(conn, table: str, select: str, combine) -> None:
    rows = conn.execute(select + " ORDER BY rowid").fetchall()
    if not rows:
        return
    cols = [d[0] for d in conn.execute(select + " LIMIT 0").description]
    for new in rows:
        old = conn.execute(f"SELECT {', '.join(cols)} FROM main.[{table}] WHERE id = ?", [new[0]]).fetchone()
        merged = combine(new, old)
        if old is not None and list(old) == merged:
            continue
        upsert_row(conn, f"main.[{table}]", cols, merged)


def _outlet(new: tuple, old: Optional[tuple]) -> list:
    """store._note_outlet, replayed: each form not yet known is added and renames the outlet."""
    name, forms = (old[1], json.loads(old[2])) if old else (new[1], [])
    for form in json.loads(new[2]):
        if form not in forms:
            forms.append(form)
            name = canonical_outlet(form)
    return [new[0], name, json.dumps(forms, ensure_ascii=False)]


def _union(old: Optional[str], new: str) -> str:
    forms = json.loads(old) if old else []
    forms += [f for f in json.loads(new) if f not in forms]
    return json.dumps(forms, ensure_ascii=False)


def _db_name(db: sqlite_utils.Database) -> str:
    try:
        return db.execute("PRAGMA database_list").fetchone()[2] or "database"
    except sqlite3.Error:
        return "database"


def _now() -> str:
    from .pipeline import _now as now

    return now()
