"""Figures about the same thing, side by side: grouping by subject, and which groups disagree.

A figure's subject is what it counts (head noun and its nationality, group or place
modifiers) and what happened to it (killed, arrested, joined...), plus scope when given.
Speakers and outlets never enter the subject: the point is to compare them.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Iterable, Optional

import regex
import sqlite_utils

from .rules import lexicon as lx
from .store import write_transaction

_TOKEN = regex.compile(r"[\p{L}][\p{L}'’-]*", regex.VERSION1)
_EVENTS = (
    ("killed", r"\b(?:kill(?:ed|ing|s)?|dead|deaths?|died|die|lives|fatalit(?:y|ies)|death\s+toll|slain)\b"),
    ("injured", r"\b(?:injur(?:ed|ies|y|ing)|wound(?:ed|s|ing)|hurt)\b"),
    ("arrested", r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|ing)?|detentions?|custody|captured)\b"),
    ("joined", r"\b(?:join(?:ed|ing|s)?|recruited|enlisted|fighting|fight\s+alongside|went\s+to\s+fight)\b"),
    ("infected", r"\b(?:infect(?:ed|ions?)|cases|tested\s+positive|confirmed\s+cases)\b"),
    ("displaced", r"\b(?:displaced|fled|refugees|evacuated)\b"),
)
_YEAR = regex.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EVENT_PATTERNS = [(name, regex.compile(p, regex.IGNORECASE)) for name, p in _EVENTS]
_GENERIC = frozenset("people person persons members member number total figure some other others more "
                     "new about".split())
_IRREGULAR = {"men": "man", "women": "woman", "people": "person", "children": "child", "police": "police",
              "staff": "staff", "lives": "life", "countries": "country", "parties": "party",
              "casualties": "casualty", "fatalities": "fatality", "militias": "militia"}


def lemma(word: str) -> str:
    w = word.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def subject_tokens(counted: Optional[str]) -> tuple[str, ...]:
    if not counted:
        return ()
    return _content_words([lemma(w) for w in _TOKEN.findall(counted)])


def _content_words(lemmas: list[str]) -> tuple[str, ...]:
    return tuple(sorted({w for w in lemmas if w not in lx.STOPWORDS and w not in _GENERIC and len(w) > 1}))


def event_of(sentence: str, start: int, end: int) -> Optional[str]:
    """What happened to the counted things, read in a window around the figure."""
    window = sentence[max(0, start - 80):end + 80]
    for name, pattern in _EVENT_PATTERNS:
        if pattern.search(window):
            return name
    return None


@dataclass(frozen=True)
class Member:
    id: str
    document_id: str
    tokens: tuple[str, ...]
    event: Optional[str]
    unit: Optional[str]
    low: float
    high: float
    scope_place: Optional[str]
    scope_time: Optional[str]
    date: Optional[str]
    speaker: Optional[str] = None
    # The sentence revises a figure ("initially put at 27, later revised to 20").
    revision: bool = False


def interval(value, low, high, qualifier) -> Optional[tuple[float, float]]:
    """The values a figure admits: 'more than 1,600' admits 1,668; '1,600' does not admit 1,400."""
    q = qualifier or "exact"
    if low is not None and high is not None:
        lo, hi = float(low), float(high)
    elif value is not None:
        lo = hi = float(value)
    else:
        return None
    if q == "approx":
        return lo * 0.9, hi * 1.1
    if q == "more_than":
        return math.nextafter(hi, math.inf), math.inf
    if q == "at_least":
        return hi, math.inf
    if q == "at_most":
        return 0.0, lo
    if q == "less_than":
        return 0.0, math.nextafter(lo, -math.inf)
    return lo, hi


# Heads that name a unit or a span of time: "40 days" and "15 days" are rarely one quantity.
_UNIT_HEADS = frozenset("""
percent cent point usd eur gbp inr jpy cny aud cad dollar euro pound rupee yen yuan km mile mph kph kg
kilogram tonne ton metre meter foot feet inch cm mm degree hectare acre litre liter gallon barrel mw gw mg
year day week month hour minute second decade century time light share mass
""".split())
_REVISION = regex.compile(r"\b(?:revised|revising|corrected|updated|raised|lowered|initially|originally|"
                          r"previously\s+(?:reported|put|given)|earlier\s+(?:reported|put|given))\b", regex.IGNORECASE)
_CLAUSE = regex.compile(r";|,?\s+(?:while|whereas|though|although|but)\s+", regex.IGNORECASE)


@dataclass
class _Sentence:
    """What the figures of one sentence share: its clauses, their events, whether it revises
    a figure. A sentence's claims are read one after another, so one is kept at a time."""

    text: str
    cuts: list[int]
    revision: bool
    events: dict[str, Optional[str]]  # by clause

    @classmethod
    def of(cls, text: str) -> "_Sentence":
        cuts = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
        return cls(text, cuts, _REVISION.search(text) is not None, {})

    def clause(self, start: int, end: int) -> str:
        for a, b in zip(self.cuts, self.cuts[1:]):
            if a <= start < b:
                return self.text[a:max(b, end)]
        return self.text

    def event(self, start: int, end: int) -> Optional[str]:
        clause = self.clause(start, end)
        if clause not in self.events:
            self.events[clause] = event_of(clause, 0, len(clause))
        return self.events[clause]


def _members(db: sqlite_utils.Database) -> list[Member]:
    rows = db.execute(
        "SELECT c.id, c.document_id, c.counted, c.unit, c.value, c.low, c.high, c.qualifier, c.sentence,"
        " c.start - c.sentence_start, c.\"end\" - c.sentence_start, c.scope_place, c.scope_time, c.rule,"
        " coalesce(c.claim_date, d.published), coalesce(c.speaker_canonical, c.speaker)"
        " FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.kind = 'statistic'")
    out = []
    lemmas: dict[str, str] = {}  # a whole archive's claims use a few thousand words
    current = _Sentence.of("")
    for (cid, doc, counted, unit, value, low, high, qual, sentence, a, b, place, time_, rule, date,
         speaker) in rows:
        if rule in ("figure.size", "figure.share", "figure.vague") or unit == "share":
            continue  # the size of one cell, a share or a vague amount is not a quantity to compare
        span = interval(value, low, high, qual)
        words = []
        for w in _TOKEN.findall(counted or ""):
            if w not in lemmas:
                lemmas[w] = lemma(w)
            words.append(lemmas[w])
        head = (words[:words.index("of")] if "of" in words[1:] else words)[-1:] if words else []
        if span is None or not head or head[0] in _UNIT_HEADS or unit in ("percent", "percentage points") \
                or (counted or "") == (unit or ""):
            continue  # only a unit or a share: nothing to say two figures count the same thing
        tokens = _content_words(words)
        if not tokens:
            continue
        if sentence != current.text:
            current = _Sentence.of(sentence)
        event = current.event(a, b)
        if len(tokens) < 2 and event is None:
            continue  # "15 delegates" alone is too vague to compare with another "54 delegates"
        out.append(Member(cid, doc, tokens, event, unit, span[0], span[1],
                          (place or "").lower() or None, _year(time_), date, speaker, current.revision))
    return out


def _year(scope: Optional[str]) -> Optional[str]:
    m = _YEAR.search(scope or "")
    return m.group(1) if m else None


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


def rebuild_conflicts(db: sqlite_utils.Database) -> int:
    """Recompute figure groups over the whole database; returns how many disagree."""
    members = _members(db)
    groups = group_members(members)
    conflicting = 0
    with write_transaction(db):
        db.execute("UPDATE claims SET conflict_group = NULL WHERE conflict_group IS NOT NULL")
        db.execute("DELETE FROM figure_group_members")
        db.execute("DELETE FROM figure_groups")
        for g in groups:
            gid = _group_id(g)
            is_conflict = disagree(g)
            conflicting += is_conflict
            lows = [m.low for m in g]
            highs = [m.high for m in g if math.isfinite(m.high)]
            subject = " ".join(g[0].tokens) + (f" ({g[0].event})" if g[0].event else "")
            db.execute("INSERT INTO figure_groups (id, subject, event, conflict, members, documents, low, high)"
                       " VALUES (?,?,?,?,?,?,?,?)",
                       [gid, subject, g[0].event, int(is_conflict), len(g), len({m.document_id for m in g}),
                        min(lows), max(highs) if highs else None])
            db.conn.executemany("UPDATE claims SET conflict_group = ? WHERE id = ?",
                                [(gid, m.id) for m in g] if is_conflict else [])
            db.conn.executemany("INSERT INTO figure_group_members (group_id, claim_id) VALUES (?, ?)",
                                [(gid, m.id) for m in g])
    return conflicting


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
