"""A run: inputs read, documents extracted (in this process or a pool), stored one by one."""
from __future__ import annotations

import uuid
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator, Optional, Union

import sqlite_utils

from .extract import DEFAULT_BUDGET, extract
from .models import DocumentMeta, Extraction, Run, Skipped, document_id
from .readers import InputProblem, RawDocument, iter_documents
from .rules.base import RULES_VERSION, BudgetExceeded
from .store import SCHEMA_VERSION, finish_run, note_source, start_run, stored_rules_version, write_extraction

Progress = Callable[[str, int], None]


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
        return Failure(source, f"skipped: extraction took longer than the {budget:g} s budget")
    except RecursionError:
        return Failure(source, "skipped: text too deeply nested to analyse")
    except Exception as exc:  # a bug in a rule must cost one document, not the run
        return Failure(source, f"skipped: extraction failed ({type(exc).__name__}: {exc})")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_extract(db: sqlite_utils.Database, paths: list[str], jobs: int = 1,
                budget: Optional[float] = DEFAULT_BUDGET, force: bool = False,
                progress: Optional[Progress] = None, stdin=None) -> Run:
    """Extract every input into `db`; documents already stored under these rules are skipped."""
    run = Run(id=uuid.uuid4().hex[:16], started=_now(), rules_version=RULES_VERSION,
              schema_version=SCHEMA_VERSION, inputs=list(paths))
    start_run(db, run)

    def record(item: Union[Extraction, Failure, InputProblem]) -> None:
        if isinstance(item, Extraction):
            run.claims_found += write_extraction(db, item, run.id)
            run.documents_new += 1
            run.documents_read += 1
            if progress:
                progress(item.document.source, len(item.claims))
        else:
            run.documents_skipped += 1
            run.skipped.append(Skipped(source=item.source, reason=item.reason))
            if progress:
                progress(item.source, -1)

    todo = _new_documents(db, iter_documents(paths, stdin=stdin), force, run, record, progress)
    if jobs <= 1:
        for raw in todo:
            record(extract_or_fail(raw.source, raw.text, raw.meta, budget))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for item in _bounded_map(pool, todo, budget, window=jobs * 4):
                record(item)
    run.finished = _now()
    finish_run(db, run)
    return run


def _new_documents(db, items: Iterable[Union[RawDocument, InputProblem]], force: bool, run: Run,
                   record, progress) -> Iterator[RawDocument]:
    """Documents that need extracting; the rest are counted and their source noted."""
    for item in items:
        if isinstance(item, InputProblem):
            record(item)
            continue
        doc_id = document_id(item.text)
        if not force and stored_rules_version(db, doc_id) == RULES_VERSION:
            note_source(db, item.source, doc_id)
            run.documents_read += 1
            if progress:
                progress(item.source, 0)
            continue
        yield item


def _bounded_map(pool: ProcessPoolExecutor, todo: Iterable[RawDocument], budget: Optional[float],
                 window: int) -> Iterator[Union[Extraction, Failure]]:
    """Keep at most `window` documents in flight, so memory stays flat however large the input."""
    pending: deque[tuple[RawDocument, Future]] = deque()
    for raw in todo:
        pending.append((raw, pool.submit(extract_or_fail, raw.source, raw.text, raw.meta, budget)))
        if len(pending) >= window:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(raw: RawDocument, future: Future) -> Union[Extraction, Failure]:
    try:
        return future.result()
    except Exception as exc:  # a worker that died (out of memory, killed) loses one document
        return Failure(raw.source, f"skipped: worker failed ({type(exc).__name__}: {exc})")
