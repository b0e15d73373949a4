"""What a figure counts, read from its own claim: the subject figures are grouped by.

A figure's subject is what it counts (head noun and its nationality, group or place
modifiers) and what happened to it (killed, arrested, joined...), plus scope when given.
Speakers and outlets never enter the subject: the point is to compare them.

Everything here reads one claim and its sentence, nothing else, so a figure's subject is
worked out once, when its document is extracted (in a pool worker, when there is a pool),
and stored beside the claim. Grouping (conflicts.py) then only reads stored subjects,
and a run regroups only the subjects its documents touched.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

import regex

from .rules import lexicon as lx

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

    @property
    def subject(self) -> str:
        """The key figures are grouped by: only figures with the same key are ever compared."""
        return json.dumps([" ".join(self.tokens), self.event, self.unit, self.scope_time], ensure_ascii=False)


# figure_subjects, column by column: the stored form of a Member.
SUBJECT_COLUMNS = ("claim_id", "document_id", "subject", "tokens", "event", "unit", "low", "high", "scope_place",
                   "scope_time", "date", "speaker", "revision")


def as_row(m: Member) -> tuple:
    return (m.id, m.document_id, m.subject, " ".join(m.tokens), m.event, m.unit, m.low, m.high, m.scope_place,
            m.scope_time, m.date, m.speaker, int(m.revision))


def from_row(row: tuple) -> Member:
    """A Member back from its figure_subjects row (SUBJECT_COLUMNS, without the subject)."""
    cid, doc, tokens, event, unit, low, high, place, time_, date, speaker, revision = row
    return Member(cid, doc, tuple(tokens.split(" ")), event, unit, low, high, place, time_, date, speaker,
                  bool(revision))


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


def members(claims: Iterable[tuple], lemmas: Optional[dict[str, str]] = None) -> Iterator[Member]:
    """The statistic claims that have a subject to compare, as Members; the rest are left out.

    Each claim is read as (id, document_id, counted, unit, value, low, high, qualifier,
    sentence, start and end within the sentence, scope_place, scope_time, rule, the claim's
    date or else its document's, the speaker as resolved or else as written)."""
    lemmas = {} if lemmas is None else lemmas  # an archive's claims use a few thousand words
    current = _Sentence.of("")
    for (cid, doc, counted, unit, value, low, high, qual, sentence, a, b, place, time_, rule, date,
         speaker) in claims:
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
        yield Member(cid, doc, tokens, event, unit, span[0], span[1],
                     (place or "").lower() or None, _year(time_), date, speaker, current.revision)


def _year(scope: Optional[str]) -> Optional[str]:
    m = _YEAR.search(scope or "")
    return m.group(1) if m else None
