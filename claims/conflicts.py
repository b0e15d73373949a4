"""Figures about the same thing, side by side: grouping by subject, and which groups disagree.

Subjects (subjects.py) are worked out once per figure, when its document is written, and
kept in figure_subjects. Every write also notes the subjects it touched in
stale_subjects, and only those are regrouped: a run over a few new articles regroups
their subjects, not the whole archive.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Iterable, Optional

import sqlite_utils

from .store import in_chunks, write_transaction
from .subjects import SUBJECT_COLUMNS, Member, from_row

def _comparable(a: Member, b: Member) -> bool:
    """Across documents a shared subject is enough; within one, two sources must disagree in it.

    Figures from one source in one story are usually different quantities (a list, a
    breakdown, a before-and-after), not one quantity reported twice.
    """
    if a.scope_place and b.scope_place and a.scope_place != b.scope_place:
        return False
    if a.document_id != b.document_id:
        # Across stories a lone noun ("deaths", "miners") names too many different things.
        return len(a.tokens) >= 2
    if a.revision or b.revision:
        return True  # one figure replacing another: a revision, grouped and ordered by date
    return bool(a.speaker and b.speaker and a.speaker != b.speaker)


def group_members(members: list[Member]) -> list[list[Member]]:
    """Figures of one subject joined wherever _comparable joins two of them, in input order.

    The same components as testing every pair, in time linear in the figures of a subject
    (a subject like "people killed" gathers figures from every story in an archive).
    """
    by_subject: dict[tuple, list[Member]] = {}
    for m in members:
        by_subject.setdefault((m.tokens, m.event, m.unit, m.scope_time), []).append(m)
    out = []
    for candidates in by_subject.values():
        parent = list(range(len(candidates)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(indexes) -> None:
            indexes = list(indexes)
            for j in indexes[1:]:
                parent[find(j)] = find(indexes[0])

        _join_across_documents(candidates, join)
        _join_within_documents(candidates, join)
        parts: dict[int, list[Member]] = {}
        for i, m in enumerate(candidates):
            parts.setdefault(find(i), []).append(m)
        out.extend(p for p in parts.values() if len(p) > 1)
    return out


def _join_across_documents(candidates: list[Member], join) -> None:
    """Two figures of different stories join unless they name different places. So figures
    of one place join once two stories give them; a figure with no place joins everything
    outside its own story, and once two stories have such figures, that is all of them."""
    if not candidates or len(candidates[0].tokens) < 2:
        return  # _comparable: a lone noun never joins across stories
    by_place: dict[str, list[int]] = {}
    unplaced_docs: dict[str, list[int]] = {}
    for i, m in enumerate(candidates):
        if m.scope_place:
            by_place.setdefault(m.scope_place, []).append(i)
        else:
            unplaced_docs.setdefault(m.document_id, []).append(i)
    for indexes in by_place.values():
        if len({candidates[i].document_id for i in indexes}) > 1:
            join(indexes)
    if len(unplaced_docs) > 1:
        join(range(len(candidates)))
    elif unplaced_docs:
        (doc, unplaced), = unplaced_docs.items()
        outside = [i for i, m in enumerate(candidates) if m.document_id != doc]
        if outside:
            join(unplaced + outside)


def _join_within_documents(candidates: list[Member], join) -> None:
    """Within one story, pair by pair: a story holds few figures of one subject."""
    by_doc: dict[str, list[int]] = {}
    for i, m in enumerate(candidates):
        by_doc.setdefault(m.document_id, []).append(i)
    for indexes in by_doc.values():
        for n, i in enumerate(indexes):
            for j in indexes[n + 1:]:
                if _comparable(candidates[i], candidates[j]):
                    join((i, j))


def disagree(members: Iterable[Member]) -> bool:
    """Some two figures admit no common value: the lowest ceiling is below the highest floor."""
    ms = list(members)
    return bool(ms) and min(m.high for m in ms) < max(m.low for m in ms)


def _group_id(members: list[Member]) -> str:
    raw = json.dumps(sorted(m.id for m in members))
    return "g" + hashlib.sha256(raw.encode()).hexdigest()[:12]


_MEMBER_COLUMNS = ", ".join(c for c in SUBJECT_COLUMNS if c != "subject")


def update_conflicts(db: sqlite_utils.Database) -> int:
    """Regroup the subjects written since they were last grouped (stale_subjects); returns
    how many were regrouped. Each subject's groups are replaced from all its figures in the
    archive, so the groups come out as a regrouping of everything would make them."""
    with write_transaction(db):
        stale = [row[0] for row in db.execute("SELECT subject FROM stale_subjects ORDER BY subject")]
        if not stale:
            return 0
        # Groups stored before subjects were (schema 4) carry no subject_key: the migration
        # marks every subject stale, and they go with the first regrouping.
        _drop_groups(db, [row[0] for row in db.execute("SELECT id FROM figure_groups WHERE subject_key IS NULL")])
        for subjects, marks in in_chunks(stale):
            _drop_groups(db, [row[0] for row in db.execute(
                f"SELECT id FROM figure_groups WHERE subject_key IN ({marks})", subjects)])
            by_subject: dict[str, list[Member]] = {}
            for subject, *row in db.execute(
                    f"SELECT subject, {_MEMBER_COLUMNS} FROM figure_subjects WHERE subject IN ({marks})"
                    " ORDER BY rowid", subjects):
                by_subject.setdefault(subject, []).append(from_row(tuple(row)))
            for subject, members in by_subject.items():
                for group in group_members(members):
                    _write_group(db, subject, group)
        db.execute("DELETE FROM stale_subjects")
    return len(stale)


def rebuild_conflicts(db: sqlite_utils.Database) -> int:
    """Regroup every subject in the archive; returns how many groups disagree."""
    with write_transaction(db):
        db.execute("INSERT OR IGNORE INTO stale_subjects (subject) SELECT DISTINCT subject FROM figure_subjects")
        update_conflicts(db)
    return conflicting_groups(db)


def _drop_groups(db: sqlite_utils.Database, ids: list[str]) -> None:
    for chunk, marks in in_chunks(ids):
        db.execute(f"UPDATE claims SET conflict_group = NULL WHERE conflict_group IN ({marks})", chunk)
        db.execute(f"DELETE FROM figure_group_members WHERE group_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM figure_groups WHERE id IN ({marks})", chunk)


def _write_group(db: sqlite_utils.Database, subject_key: str, group: list[Member]) -> None:
    gid = _group_id(group)
    is_conflict = disagree(group)
    lows = [m.low for m in group]
    highs = [m.high for m in group if math.isfinite(m.high)]
    subject = " ".join(group[0].tokens) + (f" ({group[0].event})" if group[0].event else "")
    db.execute("INSERT INTO figure_groups (id, subject, event, conflict, members, documents, low, high, subject_key)"
               " VALUES (?,?,?,?,?,?,?,?,?)",
               [gid, subject, group[0].event, int(is_conflict), len(group), len({m.document_id for m in group}),
                min(lows), max(highs) if highs else None, subject_key])
    if is_conflict:
        db.conn.executemany("UPDATE claims SET conflict_group = ? WHERE id = ?", [(gid, m.id) for m in group])
    db.conn.executemany("INSERT INTO figure_group_members (group_id, claim_id) VALUES (?, ?)",
                        [(gid, m.id) for m in group])


def conflicting_groups(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM figure_groups WHERE conflict = 1").fetchone()[0]


def load_groups(db: sqlite_utils.Database, subject: Optional[str] = None,
                include_agreeing: bool = False) -> list[dict]:
    where, params = [], []
    if subject:
        where.append("g.subject LIKE ? ESCAPE '\\'")
        params.append("%" + subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%")
    if not include_agreeing:
        where.append("g.conflict = 1")
    sql = ("SELECT g.* FROM figure_groups g" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY g.conflict DESC, g.documents DESC, g.members DESC, g.subject")
    groups = []
    # A database from before identities (schema 3) is read as it is, not upgraded by a reader.
    has_identities = "identities" in db.table_names()
    who = "i.name, " if has_identities else ""
    joins = (" LEFT JOIN speakers sp ON sp.id = c.speaker_id LEFT JOIN identities i ON i.id = sp.identity_id"
             if has_identities else "")
    for g in db.query(sql, params):
        members = list(db.query(
            "SELECT c.id, c.text, c.value, c.low, c.high, c.qualifier, c.counted,"
            f" coalesce({who}c.speaker_canonical, c.speaker) AS speaker, coalesce(o.name, c.outlet) AS outlet,"
            " coalesce(c.claim_date, d.published) AS \"when\", d.source AS document, d.published AS doc_date"
            " FROM figure_group_members m JOIN claims c ON c.id = m.claim_id"
            " JOIN documents d ON d.id = c.document_id LEFT JOIN outlets o ON o.id = c.outlet_id" + joins +
            " WHERE m.group_id = ? ORDER BY coalesce(c.claim_date, d.published), c.start", [g["id"]]))
        spread = f"{_fmt(g['low'])}–{_fmt(g['high'])}" if g["high"] is not None else f"{_fmt(g['low'])}+"
        groups.append({"id": g["id"], "subject": g["subject"], "conflict": bool(g["conflict"]),
                       "spread": spread, "documents": g["documents"], "members": members})
    return groups


def _fmt(x) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() or abs(x) >= 100 else f"{x:,.4g}"
