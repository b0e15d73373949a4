"""Who is who across documents: one person under several spellings, one body under several names.

Every merge has a reason a reader can check, and a user can pin or split merges in an
aliases file that the next run respects:

    {"same": [["Abdelhak Khiame", "Abdelhak el-Khayam"]],
     "different": [["Ali Hassan", "Ali Hussein"]]}
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import regex

from .resolve import edit_distance, skeleton, speaker_key, without_particle
from .store import derived_stamp, note_derived, rows_in, upsert_row, write_transaction

_PARTICLES = frozenset("al el al- el- de da van von bin ibn der la le du dos del".split())


class AliasError(ValueError):
    """The aliases file cannot be used; the message names the file and the problem."""


@dataclass
class Aliases:
    same: list[list[str]] = field(default_factory=list)
    different: list[list[str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Optional[Path]) -> "Aliases":
        if path is None:
            return cls()
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise AliasError(f"{path}: cannot read aliases file ({exc})") from exc
        except json.JSONDecodeError as exc:
            raise AliasError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict) or not set(data) <= {"same", "different"}:
            raise AliasError(f"{path}: expected an object with 'same' and/or 'different' lists of name lists")
        groups = {}
        for key in ("same", "different"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(
                    isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) and n.strip() for n in g)
                    for g in value):
                raise AliasError(f"{path}: '{key}' must be a list of lists of two or more names")
            groups[key] = value
        return cls(**groups)


_SPACES = regex.compile(r"\s+")


def _tokens(name: str) -> list[str]:
    return [t for t in _SPACES.split(name.lower().replace("’", "'")) if t]


def _block(name: str) -> Optional[tuple[str, str]]:
    """Names that same_person can join share this key (given name, surname skeleton), so only
    names within a block are compared: a million speakers are not a trillion comparisons."""
    tokens = _tokens(name)
    return (tokens[0], skeleton(surname(name))) if len(tokens) >= 2 else None


def surname(name: str) -> str:
    words = [w for w in _tokens(name) if w not in _PARTICLES]
    return without_particle(words[-1]) if words else ""


def same_person(a: str, b: str) -> Optional[str]:
    """Why two person names are one person, or None.

    The given name must agree and the surnames must be spellings of one another:
    the same consonants and at most two letters apart ('Khiam'/'Khiame'/'el-Khayam').
    """
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) < 2 or len(tb) < 2 or ta[0] != tb[0]:
        return None
    sa, sb = surname(a), surname(b)
    if not sa or not sb or sa == sb and ta == tb:
        return None
    if sa == sb:
        return f"same given name and surname ({a} / {b})"
    distance = edit_distance(sa, sb)
    if len(skeleton(sa)) >= 3 and skeleton(sa) == skeleton(sb) and distance <= 2:
        return f"same given name; surnames {sa!r} and {sb!r} are spellings of one another ({distance} letters apart)"
    return None


@dataclass(frozen=True)
class Identity:
    id: str
    name: str
    members: tuple[str, ...]
    reasons: tuple[str, ...]


def cluster(names: dict[str, str], kinds: dict[str, str], defined: dict[str, str],
            aliases: Aliases, weights: Optional[dict[str, int]] = None,
            blocks: Optional[dict[str, str]] = None) -> list[Identity]:
    """Group speaker ids (id -> canonical name) into identities, with the reasons.

    An identity is named by its fullest, then most cited, form. `blocks`: each speaker's
    block_of, when known already.
    """
    weights = weights or {}
    parent = {sid: sid for sid in names}
    reasons: dict[str, list[str]] = {sid: [] for sid in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key = {speaker_key(n): sid for sid, n in names.items()}
    split = {frozenset(speaker_key(n) for n in group) for group in aliases.different}

    members = {sid: [sid] for sid in names}

    def blocked(ra: str, rb: str) -> bool:
        """A split in the aliases file keeps two whole clusters apart, not just two names."""
        keys_a = {speaker_key(names[m]) for m in members[ra]}
        keys_b = {speaker_key(names[m]) for m in members[rb]}
        return any(s & keys_a and s & keys_b for s in split)

    def union(a: str, b: str, why: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb and not blocked(ra, rb):
            parent[rb] = ra
            members[ra].extend(members.pop(rb))
            reasons[ra].append(why)
            reasons[ra].extend(reasons[rb])

    by_block: dict[str, list[str]] = {}
    for sid in sorted(sid for sid in names if kinds.get(sid) == "person"):
        key = blocks[sid] if blocks is not None else block_of(names[sid], "person")
        if key:
            by_block.setdefault(key, []).append(sid)
    for people in by_block.values():
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                why = same_person(names[a], names[b])
                if why:
                    union(a, b, why)
    for acronym, full in defined.items():
        short_id, full_id = by_key.get(speaker_key(acronym)), by_key.get(speaker_key(full))
        if short_id and full_id:
            union(short_id, full_id, f"{acronym} is defined as {full}")
    for group in aliases.same:
        ids = [i for i in (by_key.get(speaker_key(n)) for n in group) if i]
        for other in ids[1:]:
            union(ids[0], other, "pinned in the aliases file: " + " = ".join(group))

    out = []
    for root, group in members.items():
        # The fullest name stands for the identity: 'Abdelhak Khiame' over 'Khiame'.
        best = max(group, key=lambda m: (len(names[m].split()), weights.get(m, 0), names[m]))
        name = names[best]
        out.append(Identity(id=speaker_key(name), name=name, members=tuple(sorted(group)),
                            reasons=tuple(dict.fromkeys(reasons[root]))))
    return sorted(out, key=lambda i: i.id)


# derived_from: identities were computed over the whole archive, so a run need only
# recompute them where it wrote speakers (stale_speakers).
WHOLE_ARCHIVE = "identities"


def refresh_identities(db, aliases: Optional[Aliases] = None) -> bool:
    """Who is who brought up to date with the rows; returns whether anything was recomputed.

    Over the whole archive the first time, and whenever aliases are given; after that only
    around the speakers written since (update_identities)."""
    if aliases is not None or derived_stamp(db, WHOLE_ARCHIVE) is None:
        rebuild_identities(db, aliases)
        return True
    return update_identities(db) > 0


def rebuild_identities(db, aliases: Optional[Aliases] = None) -> list[Identity]:
    """Recompute who is who over the whole database and record it on the speakers.

    Aliases given here are stored, so later runs respect them without being told again.
    """
    with write_transaction(db):
        if aliases is not None:
            db.execute("DELETE FROM alias_rules")
            db.conn.executemany("INSERT INTO alias_rules (kind, names) VALUES (?, ?)",
                                [(kind, json.dumps(group, ensure_ascii=False))
                                 for kind in ("same", "different") for group in getattr(aliases, kind)])
        names, kinds, blocks = {}, {}, {}
        for sid, canonical, kind, block in db.execute("SELECT id, canonical, kind, block FROM speakers"):
            names[sid], kinds[sid], blocks[sid] = canonical, kind, block
        fresh_blocks = {sid: block_of(names[sid], kinds[sid]) for sid in names}
        db.conn.executemany("UPDATE speakers SET block = ? WHERE id = ?",
                            [(block, sid) for sid, block in fresh_blocks.items() if block != blocks[sid]])
        weights = dict(db.execute("SELECT speaker_id, count(*) FROM claims WHERE speaker_id IS NOT NULL "
                                  "GROUP BY speaker_id").fetchall())
        identities = cluster(names, kinds, _defined(db), _stored_aliases(db), weights, fresh_blocks)
        _store_differences(db, identities)
        db.execute("DELETE FROM stale_speakers")
        note_derived(db, WHOLE_ARCHIVE, "1")
    return identities


def update_identities(db) -> int:
    """Recompute who is who for the speakers written since the last time, and for every
    speaker they could be one person with; returns how many speakers were reconsidered.

    A speaker can only join another in its block (same given name and surname consonants),
    by an acronym's definition or by a pinned alias, so those speakers, their present
    identities' members, and so on until nothing new is reached, are clustered again as
    the whole archive would cluster them; no other speaker's identity can change."""
    with write_transaction(db):
        touched = [row[0] for row in db.execute("SELECT speaker_id FROM stale_speakers")]
        if not touched:
            return 0
        db.conn.executemany("UPDATE speakers SET block = ? WHERE id = ?", [
            (block_of(canonical, kind), sid)
            for sid, canonical, kind in db.execute("SELECT id, canonical, kind FROM speakers WHERE block IS NULL"
                                                   ).fetchall()])
        aliases, defined = _stored_aliases(db), _defined(db)
        scope = _reach(db, touched, _partners(defined, aliases))
        names, kinds, blocks = {}, {}, {}
        for sid, canonical, kind, block in rows_in(
                db, "SELECT id, canonical, kind, block FROM speakers WHERE id IN ({})", scope):
            names[sid], kinds[sid], blocks[sid] = canonical, kind, block
        weights = dict(rows_in(db, "SELECT speaker_id, count(*) FROM claims WHERE speaker_id IN ({})"
                                    " GROUP BY speaker_id", scope))
        _store_differences(db, cluster(names, kinds, defined, aliases, weights, blocks), scope)
        db.execute("DELETE FROM stale_speakers")
    return len(scope)


def block_of(name: str, kind: str) -> str:
    """The stored form of a speaker's block ('' for none): speakers are only compared
    within one, and the block finds them."""
    key = _block(name) if kind == "person" else None
    return "" if key is None else f"{key[0]} {key[1]}"


def _partners(defined: dict[str, str], aliases: Aliases) -> dict[str, set[str]]:
    """Speaker ids an acronym's definition or a pinned alias may join, each to the others."""
    out: dict[str, set[str]] = {}
    groups = [[acronym, full] for acronym, full in defined.items()] + aliases.same
    for group in groups:
        keys = {speaker_key(n) for n in group}
        for key in keys:
            out.setdefault(key, set()).update(keys - {key})
    return out


def _reach(db, touched: list[str], partners: dict[str, set[str]]) -> set[str]:
    scope: set[str] = set()
    frontier = set(touched)
    while frontier:
        rows = rows_in(db, "SELECT id, block, identity_id FROM speakers WHERE id IN ({})", frontier)
        found = {sid for sid, _, _ in rows}
        scope |= found
        reached = set().union(*(partners.get(sid, ()) for sid in found))
        reached.update(row[0] for row in rows_in(db, "SELECT id FROM speakers WHERE block IN ({})",
                                                  {block for _, block, _ in rows if block}))
        reached.update(row[0] for row in rows_in(db, "SELECT id FROM speakers WHERE identity_id IN ({})",
                                                  {ident for _, _, ident in rows if ident}))
        frontier = reached - scope
    return scope


def _stored_aliases(db) -> Aliases:
    stored = Aliases()
    for kind, names in db.execute("SELECT kind, names FROM alias_rules ORDER BY rowid"):
        getattr(stored, kind).append(json.loads(names))
    return stored


def _defined(db) -> dict[str, str]:
    """Each acronym's definition: the long form the archive gives it most often (then the
    first in order), so that which one it is does not depend on the rows a query met first."""
    best: dict[str, tuple[int, str]] = {}
    for short, long, n in db.execute("SELECT short, long, count(*) FROM acronyms GROUP BY short, long"
                                     " ORDER BY short, long"):
        if short not in best or n > best[short][0]:
            best[short] = (n, long)
    return {short: long for short, (_, long) in best.items()}


def _store_differences(db, identities: list[Identity], scope: Optional[set[str]] = None) -> None:
    """Write only the identities and speakers whose rows change: a run over a few new
    articles changes a few identities, and rewriting every speaker of a large archive
    would cost more than working out who is who. `scope`: the speakers `identities` were
    computed for (None: all)."""
    fresh = {i.id: (i.name, len(i.members), json.dumps(list(i.reasons))) for i in identities}
    if scope is None:
        was = dict(db.execute("SELECT id, identity_id FROM speakers").fetchall())
        stored = {row[0]: tuple(row[1:]) for row in db.execute("SELECT id, name, members, reasons FROM identities")}
    else:
        was = dict(rows_in(db, "SELECT id, identity_id FROM speakers WHERE id IN ({})", scope))
        stored = {row[0]: tuple(row[1:]) for row in rows_in(
            db, "SELECT id, name, members, reasons FROM identities WHERE id IN ({})",
            {i for i in was.values() if i} | set(fresh))}
    now = {member: i.id for i in identities for member in i.members}
    for ident_id, row in fresh.items():
        if stored.get(ident_id) != row:
            upsert_row(db.conn, "identities", ["id", "name", "members", "reasons"], [ident_id, *row])
    # Speakers first, so no speaker points at an identity when it is deleted.
    db.conn.executemany("UPDATE speakers SET identity_id = ? WHERE id = ?",
                        [(now.get(sid), sid) for sid, ident_id in was.items() if now.get(sid) != ident_id])
    gone = (set(stored) if scope is None else {i for i in was.values() if i}) - set(fresh)
    db.conn.executemany("DELETE FROM identities WHERE id = ?", [(i,) for i in gone])
