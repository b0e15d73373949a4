"""The SQLite store: schema, migrations, and writing one document at a time.

A document is written whole inside one transaction (write_rows joins the caller's
transaction when there is one, so a run commits documents in batches), so a run killed
at any point leaves whole documents only. Ids are deterministic, so writing the same
input twice changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import sqlite_utils

from .models import ClaimKind, Document, ExportRecord, Extraction, Run
from .resolve import canonical_outlet, speaker_key
from .subjects import SUBJECT_COLUMNS, as_row, members

SCHEMA_VERSION = 5
# What the claims full-text index covers.
CLAIMS_FTS_COLUMNS = ("sentence", "text", "speaker_canonical", "counted")
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """The database cannot be used: not SQLite, unwritable, from a newer version."""


def _v1(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            rules_version TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            inputs TEXT NOT NULL,
            documents_read INTEGER NOT NULL DEFAULT 0,
            documents_new INTEGER NOT NULL DEFAULT 0,
            documents_skipped INTEGER NOT NULL DEFAULT 0,
            claims_found INTEGER NOT NULL DEFAULT 0,
            skipped TEXT NOT NULL DEFAULT '[]'
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS outlets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            forms TEXT NOT NULL DEFAULT '[]'
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            title TEXT,
            url TEXT,
            outlet TEXT,
            outlet_id TEXT REFERENCES outlets(id),
            outlet_source TEXT,
            published TEXT,
            published_source TEXT,
            record_id TEXT,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            furniture TEXT NOT NULL DEFAULT '[]',
            rules_version TEXT NOT NULL,
            run_id TEXT REFERENCES runs(id),
            claim_count INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS document_sources (
            source TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id)
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS speakers (
            id TEXT PRIMARY KEY,
            canonical TEXT NOT NULL,
            kind TEXT NOT NULL,
            role TEXT,
            forms TEXT NOT NULL DEFAULT '[]'
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS claims (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            value REAL,
            low REAL,
            high REAL,
            qualifier TEXT,
            counted TEXT,
            unit TEXT,
            scope_place TEXT,
            scope_time TEXT,
            speaker TEXT,
            speaker_id TEXT REFERENCES speakers(id),
            speaker_canonical TEXT,
            role TEXT,
            cue TEXT,
            quote_kind TEXT,
            outlet TEXT,
            outlet_id TEXT REFERENCES outlets(id),
            claim_date_text TEXT,
            claim_date TEXT,
            claim_date_precision TEXT,
            rule TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            conflict_group TEXT
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS figure_groups (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            event TEXT,
            conflict INTEGER NOT NULL,
            members INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            low REAL,
            high REAL
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS figure_group_members (
            group_id TEXT NOT NULL REFERENCES figure_groups(id),
            claim_id TEXT NOT NULL REFERENCES claims(id),
            PRIMARY KEY (group_id, claim_id)
        )""")
    db.execute("""
        CREATE VIEW IF NOT EXISTS conflicts AS
        SELECT g.id AS group_id, g.subject, g.conflict, g.members AS figures, c.id AS claim_id, c.text AS figure,
               c.value, c.low, c.high, c.qualifier, c.counted,
               coalesce(c.speaker_canonical, c.speaker) AS speaker, coalesce(o.name, c.outlet) AS outlet,
               coalesce(c.claim_date, d.published) AS claim_date, d.source AS document, d.title AS document_title,
               c.sentence
        FROM figure_groups g
        JOIN figure_group_members m ON m.group_id = g.id
        JOIN claims c ON c.id = m.claim_id
        JOIN documents d ON d.id = c.document_id
        LEFT JOIN outlets o ON o.id = c.outlet_id""")
    for table, cols in (("figure_group_members", ["claim_id"]), ("claims", ["document_id"]), ("claims", ["kind"]), ("claims", ["speaker_id"]),
                        ("claims", ["outlet_id"]), ("claims", ["claim_date"]), ("claims", ["rule"]),
                        ("claims", ["conflict_group"]), ("documents", ["published"]),
                        ("documents", ["outlet_id"]), ("document_sources", ["document_id"])):
        name = f"idx_{table}_{'_'.join(cols)}"
        db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON [{table}] ({', '.join(cols)})")
    _fts(db, "claims", list(CLAIMS_FTS_COLUMNS))
    _fts(db, "documents", ["title"])


def _fts(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """FTS5 over `table`, kept current by triggers, in the layout Datasette detects.

    Written out rather than through sqlite-utils' enable_fts, whose executescript would
    commit the migration's transaction half way.
    """
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS [{table}_fts] USING FTS5 ({cols}, content=[{table}])")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{table}_ai] AFTER INSERT ON [{table}] BEGIN"
               f" INSERT INTO [{table}_fts] (rowid, {cols}) VALUES (new.rowid, {new}); END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{table}_ad] AFTER DELETE ON [{table}] BEGIN"
               f" INSERT INTO [{table}_fts] ([{table}_fts], rowid, {cols}) VALUES ('delete', old.rowid, {old}); END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{table}_au] AFTER UPDATE ON [{table}] BEGIN"
               f" INSERT INTO [{table}_fts] ([{table}_fts], rowid, {cols}) VALUES ('delete', old.rowid, {old});"
               f" INSERT INTO [{table}_fts] (rowid, {cols}) VALUES (new.rowid, {new}); END")


def _v2(db: sqlite_utils.Database) -> None:
    """documents.fetched: when a WARC record was fetched (NULL for other inputs and older rows)."""
    db.execute("ALTER TABLE documents ADD COLUMN fetched TEXT")


def _v3(db: sqlite_utils.Database) -> None:
    """Who is who across documents: acronyms texts define, identities with their reasons,
    the aliases a user pinned or split, and each speaker's identity."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS acronyms (
            document_id TEXT NOT NULL REFERENCES documents(id),
            short TEXT NOT NULL,
            long TEXT NOT NULL,
            PRIMARY KEY (document_id, short)
        )""")
    db.execute("""
        CREATE TABLE IF NOT EXISTS identities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            members INTEGER NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]'
        )""")
    db.execute("CREATE TABLE IF NOT EXISTS alias_rules (kind TEXT NOT NULL, names TEXT NOT NULL)")
    db.execute("ALTER TABLE speakers ADD COLUMN identity_id TEXT REFERENCES identities(id)")
    db.execute("CREATE INDEX IF NOT EXISTS [idx_speakers_identity_id] ON [speakers] (identity_id)")
    # Rebuilding conflict groups rewrites claims.conflict_group; only indexed columns should
    # rewrite the full-text index.
    db.execute("DROP TRIGGER IF EXISTS [claims_au]")
    cols = list(CLAIMS_FTS_COLUMNS)
    names = ", ".join(f"[{c}]" for c in cols)
    db.execute(f"CREATE TRIGGER [claims_au] AFTER UPDATE OF {names} ON [claims] BEGIN"
               f" INSERT INTO [claims_fts] ([claims_fts], rowid, {names}) VALUES ('delete', old.rowid, "
               + ", ".join(f"old.[{c}]" for c in cols) + f"); INSERT INTO [claims_fts] (rowid, {names}) VALUES "
               f"(new.rowid, " + ", ".join(f"new.[{c}]" for c in cols) + "); END")


def _v4(db: sqlite_utils.Database) -> None:
    """Claims are indexed for full text by one INSERT ... SELECT per document, written by
    write_extraction in the document's transaction: a trigger per claim row cost a third
    of all writing. derived_from records the rows identities and groups were computed from,
    so a run that changed nothing need not recompute them over the whole archive."""
    db.execute("DROP TRIGGER IF EXISTS [claims_ai]")
    # What the derived tables (identities, figure groups) were last computed from.
    db.execute("CREATE TABLE IF NOT EXISTS derived_from (name TEXT PRIMARY KEY, stamp TEXT NOT NULL)")


def _v5(db: sqlite_utils.Database) -> None:
    """Each figure's subject is stored beside it (figure_subjects), and every write notes the
    subjects it touched (stale_subjects), so a run regroups only those instead of every
    figure in the archive. The figures stored already get their subjects here, and every
    subject is marked stale; the groups stored so far stay until the next run regroups them.
    Identities are computed over the whole archive once more, then only around the
    speakers each run writes (stale_speakers)."""
    db.execute(f"""
        CREATE TABLE IF NOT EXISTS figure_subjects (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            subject TEXT NOT NULL,
            tokens TEXT NOT NULL,
            event TEXT,
            unit TEXT,
            low REAL NOT NULL,
            high REAL NOT NULL,
            scope_place TEXT,
            scope_time TEXT,
            date TEXT,
            speaker TEXT,
            revision INTEGER NOT NULL
        )""")
    db.execute("CREATE TABLE IF NOT EXISTS stale_subjects (subject TEXT PRIMARY KEY)")
    db.execute("ALTER TABLE figure_groups ADD COLUMN subject_key TEXT")
    # Likewise for who is who: the speakers written since identities were last computed,
    # and each speaker's block (identity.block_of), which finds the speakers it may be.
    db.execute("CREATE TABLE IF NOT EXISTS stale_speakers (speaker_id TEXT PRIMARY KEY)")
    db.execute("ALTER TABLE speakers ADD COLUMN block TEXT")
    # A block follows from the name and kind: whoever changes those leaves it to be worked out again.
    db.execute("CREATE TRIGGER IF NOT EXISTS [speakers_block] AFTER UPDATE OF canonical, kind ON [speakers]"
               " WHEN old.canonical IS NOT new.canonical OR old.kind IS NOT new.kind"
               " BEGIN UPDATE speakers SET block = NULL WHERE id = new.id; END")
    for table, column in (("figure_subjects", "subject"), ("figure_subjects", "document_id"),
                          ("figure_groups", "subject_key"), ("speakers", "block")):
        db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_{column}] ON [{table}] ({column})")
    rows = db.execute(
        "SELECT c.id, c.document_id, c.counted, c.unit, c.value, c.low, c.high, c.qualifier, c.sentence,"
        " c.start - c.sentence_start, c.\"end\" - c.sentence_start, c.scope_place, c.scope_time, c.rule,"
        " coalesce(c.claim_date, d.published), coalesce(c.speaker_canonical, c.speaker)"
        " FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.kind = 'statistic' ORDER BY c.rowid")
    db.conn.executemany(_INSERT_SUBJECT, (as_row(m) for m in members(rows)))
    db.execute("INSERT OR IGNORE INTO stale_subjects (subject) SELECT DISTINCT subject FROM figure_subjects")
    # Schema 4's stamps: the notes above replace them.
    db.execute("DELETE FROM derived_from WHERE name IN ('identities+groups', 'writes')")


_INSERT_SUBJECT = (f"INSERT INTO figure_subjects ({', '.join(SUBJECT_COLUMNS)})"
                   f" VALUES ({', '.join('?' * len(SUBJECT_COLUMNS))})")


# Each entry moves the schema up one version; never edit one that has shipped.
MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
]


def schema_version(db: sqlite_utils.Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it was at."""
    with write_transaction(db):
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
        before = schema_version(db)
        if before > SCHEMA_VERSION:
            raise StoreError(f"database schema version {before} is newer than this claims ({SCHEMA_VERSION})")
        for version, step in MIGRATIONS:
            if before < version <= SCHEMA_VERSION:
                step(db)
                db.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", [version])
    return before


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info([{table}])")}


def open_db(path: str | Path, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate) a claims database, or raise StoreError saying why not."""
    path = Path(path)
    if not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database")
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if create:
            _refuse_foreign(db, path)  # before anything is written to the file
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            migrate(db)
        else:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    except StoreError:
        conn.close()
        raise
    return db


def _refuse_foreign(db: sqlite_utils.Database, path: Path) -> None:
    """Never add claims tables to another program's database, nor touch a newer claims one."""
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if tables and "schema_migrations" not in tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(f"{path}: an SQLite database claims did not create (it holds {shown}); "
                         "use a new file for --db")
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this claims ({SCHEMA_VERSION})")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """A write transaction that takes the write lock up front, so writers queue, not fail."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


# A run's writer keeps more of the database in memory and folds the WAL back less often.
# Claim ids are hashes, so every batch touches index pages all over the file, and with
# SQLite's defaults (a 2 MB cache, a checkpoint every 1,000 pages) writing the same 21 MB
# of articles took twice as long into a 450 MB database as into an empty one.
WRITER_CACHE_KIB = 65_536
WRITER_CHECKPOINT_PAGES = 10_000


def tune_for_writing(db: sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
    db.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")


# Values per IN (...): SQLite allows 32,766 host parameters, and a run may touch many rows.
AT_ONCE = 500


def in_chunks(values) -> Iterator[tuple[list, str]]:
    """`values` a few hundred at a time, each chunk with the placeholders of its IN (...)."""
    values = list(values)
    for i in range(0, len(values), AT_ONCE):
        chunk = values[i:i + AT_ONCE]
        yield chunk, ",".join("?" * len(chunk))


def rows_in(db: sqlite_utils.Database, sql: str, values) -> list[tuple]:
    """The rows of `sql`, whose one IN ({}) takes `values`, however many they are."""
    out = []
    for chunk, marks in in_chunks(values):
        out.extend(db.execute(sql.format(marks), chunk).fetchall())
    return out


def stored_rules_version(db: sqlite_utils.Database, doc_id: str) -> Optional[str]:
    row = db.execute("SELECT rules_version FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def note_source(db: sqlite_utils.Database, source: str, doc_id: str) -> None:
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO document_sources (source, document_id) VALUES (?, ?)", [source, doc_id])


def _outlet_key(name: Optional[str]) -> Optional[str]:
    canonical = canonical_outlet(name)
    return speaker_key(canonical) if canonical else None


def _note_outlet(db: sqlite_utils.Database, name: str) -> None:
    """Add `name` to the forms of its outlet's row."""
    canonical = canonical_outlet(name)
    if not canonical:
        return
    key = speaker_key(canonical)
    row = db.execute("SELECT forms FROM outlets WHERE id = ?", [key]).fetchone()
    forms = json.loads(row[0]) if row else []
    if name not in forms:
        forms.append(name)
        upsert_row(db.conn, "outlets", ["id", "name", "forms"], [key, canonical, json.dumps(forms, ensure_ascii=False)])


def upsert_row(conn: sqlite3.Connection, table: str, columns: list[str], values: list) -> None:
    """Insert or update a row keyed by its first column in place. Not INSERT OR REPLACE:
    that deletes the row first, and with foreign keys on, deleting a speaker or outlet
    makes SQLite count every claim that points at it, so a writer would slow down as an
    archive's frequent speakers gathered claims."""
    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                 f" ON CONFLICT({columns[0]}) DO UPDATE SET "
                 + ", ".join(f"{c}=excluded.{c}" for c in columns[1:]), values)


_CLAIM_COLUMNS = ('id, document_id, kind, start, "end", text, sentence_start, sentence_end, sentence, value, low,'
                  " high, qualifier, counted, unit, scope_place, scope_time, speaker, speaker_id, speaker_canonical,"
                  " role, cue, quote_kind, outlet, outlet_id, claim_date_text, claim_date, claim_date_precision,"
                  " rule, rules_version")


@dataclass
class DocumentRows:
    """What the store holds of one extraction, as plain values (str, int, float, None) in
    column order. A pool worker builds them and sends them to the writing process, which
    then unpickles plain tuples (a fifth of the time pydantic models take) and only runs
    SQL. `document["text"]` may be left empty by a worker and filled in by the writer,
    which holds the text already."""

    document: dict[str, Any]
    acronyms: list[tuple[str, str]]
    speakers: list[tuple[str, str, str, Optional[str], list[str]]]  # id, canonical, kind, role, forms
    outlets: list[str]  # outlet names as written, in the order met
    claims: list[tuple]
    figures: list[tuple] = field(default_factory=list)  # figure_subjects rows (subjects.SUBJECT_COLUMNS)

    @property
    def claim_count(self) -> int:
        return len(self.claims)


def document_rows(result: Extraction) -> DocumentRows:
    doc = result.document
    outlets = [doc.outlet] if doc.outlet else []
    speaker_ids = {sp.canonical: sp.id for sp in result.speakers}
    claims, figures = [], []
    for c in result.claims:
        if c.outlet:
            outlets.append(c.outlet)
        sentence, qualifier = doc.text[c.sentence_start:c.sentence_end], c.qualifier.value if c.qualifier else None
        if c.kind == ClaimKind.statistic:  # what subjects.members reads
            figures.append((
                c.id, c.document_id, c.counted, c.unit, c.value, c.low, c.high, qualifier, sentence,
                c.start - c.sentence_start, c.end - c.sentence_start, c.scope_place, c.scope_time, c.rule,
                doc.published if c.claim_date is None else c.claim_date,
                c.speaker if c.speaker_canonical is None else c.speaker_canonical))
        claims.append((
            c.id, c.document_id, c.kind.value, c.start, c.end, c.text, c.sentence_start, c.sentence_end,
            sentence, c.value, c.low, c.high, qualifier, c.counted, c.unit, c.scope_place, c.scope_time,
            c.speaker, speaker_ids.get(c.speaker_canonical) if c.speaker_canonical else None,
            c.speaker_canonical, c.role, c.cue, c.quote_kind.value if c.quote_kind else None, c.outlet,
            _outlet_key(c.outlet), c.claim_date_text, c.claim_date,
            c.claim_date_precision.value if c.claim_date_precision else None, c.rule, c.rules_version))
    document = {
        "id": doc.id, "source": doc.source, "title": doc.title, "url": doc.url, "outlet": doc.outlet,
        "outlet_id": _outlet_key(doc.outlet), "outlet_source": doc.outlet_source, "published": doc.published,
        "published_source": doc.published_source, "record_id": doc.record_id, "format": doc.format,
        "text": doc.text, "length": len(doc.text),
        "furniture": json.dumps([s.model_dump() for s in doc.furniture]),
        "rules_version": result.rules_version, "run_id": None, "claim_count": len(result.claims),
        "fetched": getattr(doc, "fetched", None),
    }
    return DocumentRows(document=document, acronyms=[(short, long) for short, long in result.acronyms],
                        speakers=[(sp.id, sp.canonical, sp.kind, sp.role, list(sp.forms)) for sp in result.speakers],
                        outlets=list(dict.fromkeys(outlets)), claims=claims,
                        figures=[as_row(m) for m in members(figures)])


def write_extraction(db: sqlite_utils.Database, result: Extraction, run_id: Optional[str] = None,
                     full_text: bool = True) -> int:
    """Store one document and its claims atomically; returns the number of claims."""
    return write_rows(db, document_rows(result), run_id, full_text)


@dataclass(frozen=True)
class StoreLayout:
    """What a write needs to know of the database's schema. A run reads it once for each
    batch it commits rather than once for each document."""

    has_fetched: bool  # documents.fetched: absent from a database pinned below schema 2
    claims_ai_trigger: bool  # claims indexed for full-text search by trigger, as before schema 4

    @classmethod
    def of(cls, db: sqlite_utils.Database) -> "StoreLayout":
        return cls("fetched" in _columns(db, "documents"), has_trigger(db.conn, "claims_ai"))


def write_rows(db: sqlite_utils.Database, rows: DocumentRows, run_id: Optional[str] = None,
               full_text: bool = True, layout: Optional[StoreLayout] = None) -> int:
    """Store one document's rows atomically (in the caller's transaction, if one is open);
    returns the number of claims. `full_text=False` leaves the claims out of the full-text
    index: a Dask shard's rows are indexed where the shard is merged. `layout`: the
    database's StoreLayout, when the caller has read it in this transaction."""
    doc_id = rows.document["id"]
    with write_transaction(db):
        layout = layout or StoreLayout.of(db)
        # Every table that names a document references documents(id), and foreign keys are
        # on: a document not stored yet has nothing to forget.
        if db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone():
            forget_claims(db.conn, "document_id = ?", [doc_id])
            db.execute("DELETE FROM acronyms WHERE document_id = ?", [doc_id])
        _note_stale_speakers(db.conn, [speaker_key(name) for pair in rows.acronyms for name in pair]
                             + [speaker[0] for speaker in rows.speakers])
        for name in rows.outlets:
            _note_outlet(db, name)
        values = dict(rows.document, run_id=run_id)
        if not layout.has_fetched:
            del values["fetched"]
        names = list(values)
        db.execute(
            f"INSERT INTO documents ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            " ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{name}=excluded.{name}" for name in names if name not in ("id", "text")),
            list(values.values()))
        db.execute("INSERT OR REPLACE INTO document_sources (source, document_id) VALUES (?, ?)",
                   [values["source"], doc_id])
        db.conn.executemany("INSERT OR REPLACE INTO acronyms (document_id, short, long) VALUES (?, ?, ?)",
                            [(doc_id, short, long) for short, long in rows.acronyms])
        for speaker_id, canonical, kind, role, new_forms in rows.speakers:
            row = db.execute("SELECT canonical, kind, role, forms FROM speakers WHERE id = ?", [speaker_id]).fetchone()
            forms = json.loads(row[3]) if row else []
            added = [f for f in new_forms if f not in forms]
            values = [speaker_id, canonical, kind, (row[2] if row and row[2] else role)]
            if row is None or added or list(row[:3]) != values[1:]:
                upsert_row(db.conn, "speakers", ["id", "canonical", "kind", "role", "forms"],
                           values + [json.dumps(forms + added, ensure_ascii=False)])
        db.conn.executemany(f"INSERT INTO claims ({_CLAIM_COLUMNS}) VALUES ({','.join('?' * 30)})", rows.claims)
        db.conn.executemany(_INSERT_SUBJECT, rows.figures)
        db.conn.executemany("INSERT OR IGNORE INTO stale_subjects (subject) VALUES (?)",
                            [(f[2],) for f in rows.figures])
        if full_text and not layout.claims_ai_trigger:
            _add_to_full_text(db.conn, "document_id = ?", [doc_id])
    return len(rows.claims)


def forget_claims(conn: sqlite3.Connection, where: str, params: list) -> None:
    """Delete the claims of the documents `where` selects, with their subjects and group
    memberships, before the documents are written again. What they touched is noted for
    refresh_derived to recompute: the subjects of their figures (conflicts.py), and their
    speakers and the names their documents' acronyms define (identity.py)."""
    conn.execute("INSERT OR IGNORE INTO main.stale_subjects (subject)"
                 f" SELECT subject FROM main.figure_subjects WHERE {where}", params)
    conn.execute(f"DELETE FROM main.figure_subjects WHERE {where}", params)
    conn.execute("INSERT OR IGNORE INTO main.stale_speakers (speaker_id)"
                 f" SELECT DISTINCT speaker_id FROM main.claims WHERE {where} AND speaker_id IS NOT NULL", params)
    acronyms = conn.execute(f"SELECT short, long FROM main.acronyms WHERE {where}", params).fetchall()
    _note_stale_speakers(conn, [speaker_key(name) for pair in acronyms for name in pair])
    conn.execute(f"DELETE FROM main.figure_group_members WHERE claim_id IN (SELECT id FROM main.claims WHERE {where})",
                 params)
    conn.execute(f"DELETE FROM main.claims WHERE {where}", params)


def _note_stale_speakers(conn: sqlite3.Connection, speaker_ids: list[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO main.stale_speakers (speaker_id) VALUES (?)", [(s,) for s in speaker_ids])


_CLAIMS_FTS = ", ".join(f"[{c}]" for c in CLAIMS_FTS_COLUMNS)


def index_claims(conn: sqlite3.Connection, where: str, params: list) -> None:
    """Index the claims `where` selects for full-text search. From schema 4 on the store
    does this itself, once per document (or merged shard); a database whose claims_ai
    trigger still stands indexes them by trigger already."""
    if not has_trigger(conn, "claims_ai"):
        _add_to_full_text(conn, where, params)


def _add_to_full_text(conn: sqlite3.Connection, where: str, params: list) -> None:
    conn.execute(f"INSERT INTO main.claims_fts (rowid, {_CLAIMS_FTS}) SELECT rowid, {_CLAIMS_FTS}"
                 f" FROM main.claims WHERE {where}", params)


def has_trigger(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'trigger' AND name = ?",
                        [name]).fetchone() is not None


def start_run(db: sqlite_utils.Database, run: Run) -> None:
    with write_transaction(db):
        db.execute("INSERT INTO runs (id, started, rules_version, schema_version, inputs) VALUES (?,?,?,?,?)",
                   [run.id, run.started, run.rules_version, run.schema_version, json.dumps(run.inputs)])


def finish_run(db: sqlite_utils.Database, run: Run) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE runs SET finished=?, documents_read=?, documents_new=?, documents_skipped=?, claims_found=?,"
            " skipped=? WHERE id=?",
            [run.finished, run.documents_read, run.documents_new, run.documents_skipped, run.claims_found,
             json.dumps([s.model_dump() for s in run.skipped], ensure_ascii=False), run.id])


EXPORT_SQL = """
SELECT c.*, d.source AS doc, d.published AS doc_date, d.outlet AS doc_outlet, d.title AS doc_title,
       d.url AS doc_url, o.name AS outlet_canonical, {identity} AS speaker_identity
FROM claims c JOIN documents d ON d.id = c.document_id
LEFT JOIN outlets o ON o.id = c.outlet_id
{joins}
ORDER BY d.source, c.start, c."end", c.rule
"""


def export_records(db: sqlite_utils.Database) -> Iterator[ExportRecord]:
    # A database from before identities (schema 3) exports as it is; readers never upgrade it.
    if "identities" in db.table_names():
        sql = EXPORT_SQL.format(identity="i.name", joins="LEFT JOIN speakers s ON s.id = c.speaker_id\n"
                                                         "LEFT JOIN identities i ON i.id = s.identity_id")
    else:
        sql = EXPORT_SQL.format(identity="NULL", joins="")
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        r = dict(zip(names, row))
        fields = {k: r.get(k) for k in ExportRecord.model_fields if k in r}
        yield ExportRecord(**fields)


def load_document(db: sqlite_utils.Database, doc_id: str) -> Optional[Document]:
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
    if not rows:
        return None
    r = rows[0]
    return Document(id=r["id"], source=r["source"], title=r["title"], url=r["url"], outlet=r["outlet"],
                    outlet_source=r["outlet_source"], published=r["published"],
                    published_source=r["published_source"], record_id=r["record_id"], format=r["format"],
                    text=r["text"], furniture=json.loads(r["furniture"]), fetched=r.get("fetched"))


def derived_stamp(db: sqlite_utils.Database, name: str) -> Optional[str]:
    row = db.execute("SELECT stamp FROM derived_from WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def note_derived(db: sqlite_utils.Database, name: str, stamp: str) -> None:
    db.execute("INSERT OR REPLACE INTO derived_from (name, stamp) VALUES (?, ?)", [name, stamp])
