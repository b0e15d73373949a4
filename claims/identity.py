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

from .resolve import speaker_key

_PARTICLES = frozenset("al el al- el- de da van von bin ibn der la le du dos del".split())
_VOWELS = regex.compile(r"[aeiouy]+")


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
    last = words[-1] if words else ""
    for particle in ("al-", "el-", "ad-", "ed-", "as-", "ash-"):
        if last.startswith(particle):
            last = last[len(particle):]
    return last


_DOUBLED = regex.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """Consonants only, doubled letters once, w as v: 'Khiame', 'Khiam' and 'Khayam' all read
    'khm'; 'Hassan' and 'Hasan' read 'hsn'."""
    word = _DOUBLED.sub(r"\1", word.replace("w", "v"))
    return word[:1] + _VOWELS.sub("", word[1:])


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


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
            aliases: Aliases, weights: Optional[dict[str, int]] = None) -> list[Identity]:
    """Group speaker ids (id -> canonical name) into identities, with the reasons.

    An identity is named by its fullest, then most cited, form.
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

    blocks: dict[tuple[str, str], list[str]] = {}
    for sid in sorted(sid for sid in names if kinds.get(sid) == "person"):
        key = _block(names[sid])
        if key is not None:
            blocks.setdefault(key, []).append(sid)
    for people in blocks.values():
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                why = same_person(names[a], names[b])
                if why:
                    union(a, b, why)
    for acronym, full in defined.items():
        a, b = by_key.get(speaker_key(acronym)), by_key.get(speaker_key(full))
        if a and b:
            union(a, b, f"{acronym} is defined as {full}")
    for group in aliases.same:
        ids = [by_key.get(speaker_key(n)) for n in group]
        ids = [i for i in ids if i]
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


def rebuild_identities(db, aliases: Optional[Aliases] = None) -> list[Identity]:
    """Recompute who is who over the whole database and record it on the speakers.

    Aliases given here are stored, so later runs respect them without being told again.
    """
    from .store import write_transaction

    if aliases is not None:
        with write_transaction(db):
            db.execute("DELETE FROM alias_rules")
            db.conn.executemany("INSERT INTO alias_rules (kind, names) VALUES (?, ?)",
                                [(kind, json.dumps(group, ensure_ascii=False))
                                 for kind in ("same", "different") for group in getattr(aliases, kind)])
    stored = Aliases()
    for kind, names in db.execute("SELECT kind, names FROM alias_rules ORDER BY rowid"):
        getattr(stored, kind).append(json.loads(names))
    names, kinds = {}, {}
    for sid, canonical, kind in db.execute("SELECT id, canonical, kind FROM speakers"):
        names[sid], kinds[sid] = canonical, kind
    weights = dict(db.execute("SELECT speaker_id, count(*) FROM claims WHERE speaker_id IS NOT NULL "
                              "GROUP BY speaker_id").fetchall())
    defined = dict(db.execute("SELECT short, long FROM acronyms GROUP BY short").fetchall())
    identities = cluster(names, kinds, defined, stored, weights)
    with write_transaction(db):
        db.execute("UPDATE speakers SET identity_id = NULL")
        db.execute("DELETE FROM identities")
        for ident in identities:
            db.execute("INSERT INTO identities (id, name, members, reasons) VALUES (?, ?, ?, ?)",
                       [ident.id, ident.name, len(ident.members), json.dumps(list(ident.reasons))])
            db.conn.executemany("UPDATE speakers SET identity_id = ? WHERE id = ?",
                                [(ident.id, m) for m in ident.members])
    return identities
