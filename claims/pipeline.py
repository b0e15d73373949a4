"""A run: inputs read, documents extracted (in this process or a pool), stored in input order.

With a pool (`jobs` > 1) HTML pages are turned into text in the pool as well, since
trafilatura costs more per page than extraction does; results are taken in input order.

What a run guarantees (each is tested by a tests/test_guarantee_*.py module):

* One input, one outcome: a document is stored whole, or it is reported skipped with a
  reason (bad input, over its time budget, a rule that failed, a worker that died);
  nothing else stops the run, and nothing is silently truncated.
* A database that cannot be written is fatal: StoreError, never a half-reported run.
* Each document is written whole inside one transaction (a few dozen documents share one,
  see _Writes), so a run killed at any moment leaves whole documents only, and running
  it again finishes the job.
* Pool workers end when the run that started them is killed, instead of idling forever.
"""
from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Optional, Union

import sqlite_utils

from .extract import DEFAULT_BUDGET, extract
from .models import DocumentMeta, Extraction, Run, Skipped, document_id
from .readers import InputProblem, PendingPage, RawDocument, iter_documents
from .rules.base import RULES_VERSION, BudgetExceeded
from .store import (SCHEMA_VERSION, DocumentRows, StoreError, StoreLayout, document_rows, finish_run,
                    note_source, start_run, stored_rules_version, tune_for_writing, write_rows,
                    write_transaction)

Progress = Callable[[str, int], None]

WORKER_DIED = "the worker process extracting it died (killed, or out of memory)"
PAGE_WORKER_DIED = "the worker process converting its HTML to text died (killed, or out of memory)"


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str


def extract_or_fail(source: str, text: str, meta: DocumentMeta,
                    budget: Optional[float]) -> Union[Extraction, Failure]:
    """extract() that turns any failure into a reason, so one article never stops a run."""
    try:
        return extract(text, source=source, meta=meta, budget=budget)
    except BudgetExceeded:
        return Failure(source, f"extraction took longer than the {budget:g} s budget")
    except RecursionError:
        return Failure(source, "text too deeply nested to analyse")
    except Exception as exc:  # a bug in a rule must cost one document, not the run
        return Failure(source, f"extraction failed ({type(exc).__name__}: {exc})")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_extract(db: sqlite_utils.Database, paths: list[str], jobs: int = 1,
                budget: Optional[float] = DEFAULT_BUDGET, force: bool = False,
                progress: Optional[Progress] = None, stdin=None) -> Run:
    """Extract every input into `db`; documents already stored under these rules are skipped.

    Raises StoreError when the database cannot be written: that is fatal, not a skip.
    """
    try:
        return _run(db, paths, jobs, budget, force, progress, stdin)
    except sqlite3.Error as exc:
        raise StoreError(f"{_db_name(db)}: cannot write to the database ({type(exc).__name__}: {exc})") from exc


def _db_name(db: sqlite_utils.Database) -> str:
    try:
        row = db.execute("PRAGMA database_list").fetchone()
        return row[2] or "database"
    except sqlite3.Error:
        return "database"


def _run(db, paths, jobs, budget, force, progress, stdin) -> Run:
    run = Run(id=uuid.uuid4().hex[:16], started=_now(), rules_version=RULES_VERSION,
              schema_version=SCHEMA_VERSION, inputs=list(paths))
    tune_for_writing(db)
    start_run(db, run)
    writes = _Writes(db, run, progress, streaming="-" in paths)

    def record(item: Union[Extraction, DocumentRows, Failure, InputProblem]) -> None:
        if isinstance(item, (Extraction, DocumentRows)):
            writes.add(item if isinstance(item, DocumentRows) else document_rows(item))
        else:
            run.documents_skipped += 1
            run.skipped.append(Skipped(source=item.source, reason=item.reason))
            if progress:
                progress(item.source, -1)

    items = iter_documents(paths, stdin=stdin, defer_html=jobs > 1)
    if jobs > 1:  # HTML to text (trafilatura) is costlier than extraction: the pool does it too
        items = _pooled(items, _convert, _PAGE_STAGE, jobs, window=jobs * WINDOW_BATCHES * BATCH)
    todo = _new_documents(db, items, force, run, record, writes)
    try:
        if jobs <= 1:
            for raw in todo:
                record(extract_or_fail(raw.source, raw.text, raw.meta, budget))
        else:
            for item in _pooled(todo, functools.partial(_extract_raw, budget=budget), _EXTRACT_STAGE, jobs,
                                window=jobs * WINDOW_BATCHES * BATCH):
                record(item)
    except KeyboardInterrupt:  # what is extracted already is kept
        writes.commit()
        raise
    writes.commit()
    run.finished = _now()
    finish_run(db, run)
    return run


# Documents committed together. A commit costs about what writing a document does (WAL
# frames for every page it touched, a new segment of the full-text index, and every
# thousand pages a checkpoint's fsyncs): one per document was a quarter of a run. Each
# document is still written whole in one transaction; a kill loses only the documents
# not yet committed, which the next run extracts again. The time bound keeps a slow
# input's documents from waiting long, and stdin commits every document, since the
# next one may be a long time coming.
COMMIT_DOCUMENTS = 64
COMMIT_BYTES = 8_000_000
COMMIT_SECONDS = 1.0


class _Writes:
    """Documents and source notes of a run, written to the database in batches, in order."""

    def __init__(self, db: sqlite_utils.Database, run: Run, progress: Optional[Progress], streaming: bool):
        self.db, self.run, self.progress = db, run, progress
        self.limit = 1 if streaming else COMMIT_DOCUMENTS
        self.entries: list[Union[DocumentRows, tuple[str, str]]] = []
        self.pending: set[str] = set()  # documents in the batch: stored as soon as it is committed
        self.size = 0
        self.since = 0.0

    def add(self, rows: DocumentRows) -> None:
        self.pending.add(rows.document["id"])
        self.size += len(rows.document["text"])
        self._add(rows)

    def add_source(self, source: str, doc_id: str) -> None:
        self._add((source, doc_id))

    def _add(self, entry: Union[DocumentRows, tuple[str, str]]) -> None:
        if not self.entries:
            self.since = time.monotonic()
        self.entries.append(entry)
        if len(self.entries) >= self.limit or self.size >= COMMIT_BYTES \
                or time.monotonic() - self.since >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write the batch in one transaction. Until it is committed the batch stays, so a
        commit interrupted (and rolled back) can be made again, as the run does on Ctrl-C."""
        entries = self.entries
        if not entries:
            return
        with write_transaction(self.db):
            layout = StoreLayout.of(self.db)
            for entry in entries:
                if isinstance(entry, DocumentRows):
                    write_rows(self.db, entry, self.run.id, layout=layout)
                else:
                    note_source(self.db, *entry)
        self.entries, self.size = [], 0
        self.pending.clear()
        for entry in entries:
            self.run.documents_read += 1
            if isinstance(entry, DocumentRows):
                self.run.claims_found += entry.claim_count
                self.run.documents_new += 1
                source, claims = entry.document["source"], entry.claim_count
            else:
                source, claims = entry[0], 0
            if self.progress:
                self.progress(source, claims)


def _new_documents(db, items: Iterable[Union[RawDocument, InputProblem]], force: bool, run: Run,
                   record, writes: _Writes) -> Iterator[RawDocument]:
    """Documents that need extracting; for the rest, their source is noted."""
    for item in items:
        if isinstance(item, InputProblem):
            record(item)
            continue
        doc_id = document_id(item.text)
        if not force and (doc_id in writes.pending or stored_rules_version(db, doc_id) == RULES_VERSION):
            writes.add_source(item.source, doc_id)
            continue
        yield item


# ---------------------------------------------------------------------------- the pool


def _watch_parent(parent: int) -> None:
    """In a worker: end when the run that started it is gone (kill -9 gives it no chance
    to shut its pool down, and an orphaned worker would otherwise wait forever)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="claims-parent-watch", daemon=True).start()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),))


def _extract_raw(raw: RawDocument, budget: Optional[float]) -> Union[DocumentRows, Failure]:
    """extract_or_fail in a worker, sent back as the rows to store (plain values: cheap to
    unpickle) and without the document text, which the parent holds already."""
    result = extract_or_fail(raw.source, raw.text, raw.meta, budget)
    if isinstance(result, Extraction):
        rows = document_rows(result)
        rows.document["text"] = ""
        return rows
    return result


def _with_text(raw: RawDocument, result: Union[DocumentRows, Failure]) -> Union[DocumentRows, Failure]:
    if isinstance(result, DocumentRows) and not result.document["text"]:
        result.document["text"] = raw.text
    return result


def _convert(page: PendingPage) -> Union[RawDocument, InputProblem]:
    return page.convert()


@dataclass(frozen=True)
class _Stage:
    """What a pool does to an item, and how an item it could not do is reported."""

    takes: type  # items of other types pass through untouched, in their place
    died: Callable[[Any], Any]
    failed: Callable[[Any, Exception], Any]
    returned: Callable[[Any, Any], Any] = lambda item, result: result  # the result as the parent uses it
    size: Callable[[Any], int] = lambda item: 0  # characters or bytes an item in flight holds


_EXTRACT_STAGE = _Stage(RawDocument, lambda raw: Failure(raw.source, WORKER_DIED),
                        lambda raw, exc: Failure(raw.source, f"worker failed ({type(exc).__name__}: {exc})"),
                        _with_text, lambda raw: len(raw.text))
_PAGE_STAGE = _Stage(PendingPage, lambda page: InputProblem(page.source, PAGE_WORKER_DIED),
                     lambda page, exc: InputProblem(page.source, f"HTML conversion failed ({type(exc).__name__}: {exc})"),
                     size=lambda page: len(page.data))


def _submit(pool: ProcessPoolExecutor, work: Callable, item) -> Future:
    try:
        return pool.submit(work, item)
    except BrokenProcessPool as exc:  # broke since the last result was taken
        future: Future = Future()
        future.set_exception(exc)
        return future


# Items sent to a worker at once: each task costs pickling, a pipe write and a wake-up of
# the parent's pool threads, which on 2 cores compete with the parent's own writing.
BATCH = 4

# What a pool holds in flight: WINDOW_BATCHES batches a worker, and at most WINDOW_BYTES of
# input. The workers go on through what is queued while the parent commits a batch of
# documents; with 4 batches a worker they ran dry during each commit, and a --jobs 2 run
# of the 21 MB benchmark corpus took 7% longer. The byte bound keeps memory flat when the
# documents are large.
WINDOW_BATCHES = 16
WINDOW_BYTES = 2 * COMMIT_BYTES


def _run_batch(work: Callable, batch: list) -> list:
    """`work` on each item in a worker; an exception is sent back in the item's place."""
    out = []
    for item in batch:
        try:
            out.append(work(item))
        except Exception as exc:  # one item's failure is its own, not its batch's
            out.append(exc)
    return out


def _pooled(items: Iterable, work: Callable, stage: _Stage, jobs: int, window: int,
            window_bytes: int = WINDOW_BYTES) -> Iterator:
    """`work` applied to every item of type `stage.takes` in a process pool, in batches of
    BATCH, the results (and the other items) in input order, with at most about `window`
    items and `window_bytes` of them (by `stage.size`) in flight, so memory stays flat
    however large the input.

    A worker that dies (killed, out of memory) breaks the whole pool and fails every item
    in flight, not just its own. Those items are then redone one at a time in a pool of
    their own, so only the one that kills its worker is lost, and the run goes on in a
    fresh pool.
    """
    pending: deque[tuple[list, Optional[Future], bool]] = deque()  # (items, future of their results, worked?)
    batch: list = []
    pool = _pool(jobs)
    run_batch = functools.partial(_run_batch, work)
    held = [0, 0]  # items and their size in `pending`

    def hold(entry: tuple[list, Optional[Future], bool]) -> None:
        pending.append(entry)
        held[0] += len(entry[0])
        held[1] += sum(stage.size(i) for i in entry[0]) if entry[2] else 0

    def flush() -> None:
        if batch:
            hold((list(batch), _submit(pool, run_batch, list(batch)), True))
            batch.clear()

    def take(drain: bool) -> Iterator:
        nonlocal pool
        while pending and (drain or held[0] >= window or held[1] >= window_bytes):
            done, future, worked = pending.popleft()
            held[0] -= len(done)
            held[1] -= sum(stage.size(i) for i in done) if worked else 0
            if not worked:
                yield from done
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects = done + [i for b, _, w in pending if w for i in b]
                later = [(b, w) for b, _, w in pending]
                pending.clear()
                held[:] = [0, 0]
                pool.shutdown(wait=True, cancel_futures=True)
                redone = iter(_one_at_a_time(suspects, work, stage))
                for _ in done:
                    yield next(redone)
                for b, w in later:
                    for i in b:
                        yield next(redone) if w else i
                pool = _pool(jobs)
                continue
            except Exception as exc:  # the batch itself could not be sent or returned
                results = [exc] * len(done)
            for item, result in zip(done, results):
                yield stage.failed(item, result) if isinstance(result, Exception) else stage.returned(item, result)

    try:
        for item in items:
            if isinstance(item, stage.takes):
                batch.append(item)
                if len(batch) < BATCH:
                    continue
                flush()
            else:
                flush()
                hold(([item], None, False))
            yield from take(drain=False)
        flush()
        yield from take(drain=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_at_a_time(items: list, work: Callable, stage: _Stage) -> Iterator:
    pool: Optional[ProcessPoolExecutor] = None
    try:
        for item in items:
            pool = pool or _pool(1)
            try:
                yield stage.returned(item, pool.submit(work, item).result())
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                yield stage.died(item)
            except Exception as exc:
                yield stage.failed(item, exc)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def refresh_derived(db: sqlite_utils.Database, aliases=None) -> tuple[int, bool]:
    """Figure groups and identities brought up to date with the rows; returns (conflicting
    groups, whether anything was recomputed).

    Each write notes what it touched (the subjects of its figures, its speakers), and only
    that is recomputed: a run over a few new articles costs those articles, not the whole
    archive, and a run with nothing new recomputes nothing. Aliases given recompute who is
    who over the whole archive. A run killed before this step leaves its notes behind,
    and the next run catches up.
    """
    from .conflicts import conflicting_groups, update_conflicts
    from .identity import refresh_identities

    with write_transaction(db):  # identities and groups from the rows as they are when written
        regrouped = update_conflicts(db)
        recomputed = refresh_identities(db, aliases)
    return conflicting_groups(db), bool(regrouped) or recomputed
