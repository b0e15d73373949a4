"""`extract`: one document's text in, its claims out. Pure: no I/O, no globals written,
picklable arguments and result, so it runs the same in a process pool or on a cluster."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

import regex

from .models import (Claim, ClaimKind, Document, DocumentMeta, Extraction, Precision, QuoteKind,
                     Span, claim_id, document_id)
from .resolve import Resolver, canonical_outlet, find_acronyms
from .rules import dates as date_rules
from .rules import furniture as furniture_rules
from .rules.attribution import (Attribution, continuation_quotes, find_attributions, find_quotes,
                                header_outlets, lead_in_quotes, participle_clauses, transcript_turns)
from .rules.base import RULES_VERSION, UNLIMITED, Clock, watched
from .rules.counted import describe
from .rules.figures import Figure, find_figures
from .rules.sentences import SentenceIndex, split_sentences
from .rules.wordscan import scan_words

# Seconds one document may take before it is reported and skipped (never truncated).
DEFAULT_BUDGET = 30.0


class _Spans:
    """Fast 'is this offset inside one of these spans' for sorted, disjoint spans."""

    def __init__(self, spans: list[Span]):
        merged: list[tuple[int, int]] = []
        for s in sorted(spans, key=lambda s: s.start):
            if merged and s.start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], s.end))
            else:
                merged.append((s.start, s.end))
        self._starts = [a for a, _ in merged]
        self._spans = merged

    def contains(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and self._spans[i][0] <= offset < self._spans[i][1]


def extract(text: str, source: str = "-", meta: Optional[DocumentMeta] = None,
            budget: Optional[float] = DEFAULT_BUDGET) -> Extraction:
    """Every figure and attributed statement in `text`, with exact offsets.

    Raises rules.base.BudgetExceeded when the document takes longer than `budget` seconds.
    """
    with watched(budget) as clock:
        return _extract(text, source, meta or DocumentMeta(), clock)


def _extract(text: str, source: str, meta: DocumentMeta, clock: Clock) -> Extraction:
    doc = _document(text, source, meta, clock)
    furniture = _Spans(doc.furniture)
    sentences = split_sentences(text, clock)
    index = SentenceIndex(sentences)

    words = scan_words(text, clock)
    quotes = find_quotes(text, sentences, clock)
    attributions = [a for a in find_attributions(text, sentences, quotes, clock, words.cues if words else None)
                    if not furniture.contains(a.cue_start)]
    attributions += transcript_turns(text, sentences, clock)
    attributions += lead_in_quotes(text, sentences, quotes, attributions, clock)
    attributions += participle_clauses(text, sentences, attributions, clock)
    attributions += continuation_quotes(text, sentences, quotes, attributions)
    attributions.sort(key=lambda a: (a.cue_start, a.content_start))
    headers = [(pos, name) for pos, name in header_outlets(text, clock) if not furniture.contains(pos)]

    resolver = Resolver(text)
    resolver.remember_mentions(clock, [s.start for s in sentences])
    resolved: list[tuple[Attribution, Optional[str]]] = []
    for pos, name in headers:
        resolver.note_outlet(pos, name)
    for att in attributions:
        att, canonical = resolver.resolve(att)
        if canonical is None and att.speaker and att.speaker.lower() == "it":
            continue  # "it suggests that", "it tells me": no body the text named speaks here
        resolved.append((att, canonical))

    figures = _figures(text, index, furniture, clock, words.number_words if words else None)
    claims: list[Claim] = []
    dates: dict = {}
    owners = _Owners(resolved)
    for fig in figures:
        claims.append(_statistic(doc, text, fig, owners.of(fig.start, fig.end), headers, index, clock, dates))
    carriers = _Within([f for f in figures if not _anaphoric(text, f)])
    for att, canonical in resolved:
        if not att.speaker or not att.statement:
            continue
        if carriers.any_within(att.content_start, att.content_end):
            continue  # the figures inside carry this attribution
        claims.append(_statement(doc, text, att, canonical, headers, index, clock, dates))
    claims = _dedupe(claims)
    return Extraction(document=doc, claims=claims, speakers=list(resolver.speakers.values()),
                      acronyms=find_acronyms(text, clock), rules_version=RULES_VERSION)


def _document(text: str, source: str, meta: DocumentMeta, clock: Clock) -> Document:
    published, published_source = meta.published, "record" if meta.published else None
    if not published:
        published, _ = date_rules.document_date(text, clock)
        published_source = "text" if published else None
    outlet, outlet_source = meta.outlet, "record" if meta.outlet else None
    if not outlet:
        outlet, _ = date_rules.document_publisher(text, clock)
        outlet_source = "text" if outlet else None
    furniture = furniture_rules.find_furniture(text, clock)
    return Document(id=document_id(text), source=source, title=meta.title, url=meta.url, outlet=outlet,
                    outlet_source=outlet_source, published=published, published_source=published_source,
                    record_id=meta.id, format=meta.format, fetched=meta.fetched, text=text, furniture=furniture)


def figures_in(text: str, clock: Clock = UNLIMITED) -> list[Figure]:
    """The figures a text holds, as the statistic claims will report them."""
    sentences = split_sentences(text, clock)
    return _figures(text, SentenceIndex(sentences), _Spans([]), clock)


def _figures(text: str, index: SentenceIndex, furniture: _Spans, clock: Clock,
             number_words: Optional[list[tuple[int, int]]] = None) -> list[Figure]:
    out: list[Figure] = []
    previous: Optional[Figure] = None
    previous_sentence = -1
    found = [f for f in find_figures(text, clock, number_words=number_words) if f.kind == "figure"]
    for n, fig in enumerate(found):
        if furniture.contains(fig.start):
            continue
        i = index.index_at(fig.start)
        s = index.sentences[i]
        if i != previous_sentence:
            previous = None
        # What follows a figure describes it only up to the next figure.
        limit = min(s.end, found[n + 1].start) if n + 1 < len(found) else s.end
        described = describe(fig, text, s.start, s.end, previous, limit)
        if described is None:
            continue
        out.append(described)
        previous, previous_sentence = described, i
    return out


class _Owners:
    """The innermost attribution whose reported content holds a span: of those with the
    shortest content, the first in order.

    Asked for spans in order of their start (figures come so), it keeps only the
    attributions whose content is open at that start. A document's cost is then its
    attributions plus its figures times the attributions open at once, where asking every
    attribution for every figure grew with the square of a long document's length."""

    def __init__(self, resolved: list) -> None:
        speaking = [(att.content_start, n, att, canonical)
                    for n, (att, canonical) in enumerate(resolved) if att.speaker]
        self._by_start = sorted(speaking, key=lambda x: (x[0], x[1]))
        self._next = 0
        self._open: list = []
        self._last_start = -1

    def of(self, start: int, end: int):
        if start < self._last_start:  # asked out of order: start over
            self._next, self._open = 0, []
        self._last_start = start
        while self._next < len(self._by_start) and self._by_start[self._next][0] <= start:
            self._open.append(self._by_start[self._next])
            self._next += 1
        # Content that ends before this start holds no later span either.
        self._open = [x for x in self._open if x[2].content_end >= start]
        best = None
        for _, n, att, canonical in self._open:
            if end <= att.content_end:
                key = (att.content_end - att.content_start, n)
                if best is None or key < best[0]:
                    best = (key, att, canonical)
        return (best[1], best[2]) if best else None


class _Within:
    """Whether any of these spans lies wholly inside [start, end), by bisection."""

    def __init__(self, spans):
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        # The least end among the spans from each index on.
        self._least_end = [0] * len(ordered)
        least = None
        for i in range(len(ordered) - 1, -1, -1):
            least = ordered[i].end if least is None else min(least, ordered[i].end)
            self._least_end[i] = least

    def any_within(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, start)
        return i < len(self._starts) and self._least_end[i] <= end


_ANAPHORIC = regex.compile(r"\b(?:the|these|those|both|its|their|his|her)\s+$", regex.IGNORECASE)


def _anaphoric(text: str, fig: Figure) -> bool:
    """'the two organizations' refers back to things already counted; it is not the point made."""
    return (fig.rule == "figure.count" and fig.value is not None and fig.value <= 10 and not any(ch.isdigit() for ch in text[fig.start:fig.end])
            and _ANAPHORIC.search(text, max(0, fig.start - 8), fig.start) is not None)


def _header_outlet(pos: int, headers: list[tuple[int, str]]) -> Optional[str]:
    before = [name for p, name in headers if p <= pos]
    return before[-1] if before else None


def _when(doc: Document, text: str, at: int, index: SentenceIndex, clock: Clock, cache: dict):
    """[(date, 'said' or 'scope')] of the sentence at `at`, in order; claims share sentences,
    so each is read once."""
    s = index.at(at)
    if s.start not in cache:
        cache[s.start] = _sentence_dates(doc, text, s, clock)
    return cache[s.start]


def _sentence_dates(doc: Document, text: str, s, clock: Clock) -> list:
    kinds = date_rules.time_kinds(text, s.start, s.end, clock)
    if kinds is None:
        return []
    sentence = text[s.start:s.end]
    return [(cd, date_rules.scope_or_said(cd, sentence))
            for cd in date_rules.claim_dates(text, s.start, s.end, doc.published, clock, kinds=kinds)]


def _first(dates: list, kind: str, outside: tuple[int, int] = (0, 0)):
    for cd, k in dates:
        if k == kind and (cd.end <= outside[0] or cd.start >= outside[1]):
            return cd
    return None


def _statistic(doc, text, fig: Figure, owner, headers, index, clock, dates) -> Claim:
    att, canonical = owner if owner else (None, None)
    outlet = (att.outlet if att else None) or _header_outlet(fig.start, headers)
    found = _when(doc, text, fig.start, index, clock, dates)
    said, scope = _first(found, "said"), _first(found, "scope")
    sent_start, sent_end = index.covering(fig.start, fig.end)
    return Claim(
        id=claim_id(doc.id, fig.start, fig.end, fig.rule), document_id=doc.id, kind=ClaimKind.statistic,
        start=fig.start, end=fig.end, text=text[fig.start:fig.end], sentence_start=sent_start,
        sentence_end=sent_end, value=fig.value, low=fig.low, high=fig.high, qualifier=fig.qualifier,
        counted=fig.counted, unit=fig.unit, scope_place=fig.scope_place,
        scope_time=fig.scope_time or (scope.text if scope else None),
        speaker=att.speaker if att else None, speaker_canonical=canonical, role=att.role if att else None,
        cue=att.cue if att else None, quote_kind=QuoteKind(att.quote_kind) if att else None,
        outlet=outlet, outlet_canonical=canonical_outlet(outlet),
        claim_date_text=said.text if said else None, claim_date=said.date if said else None,
        claim_date_precision=Precision(said.precision) if said and said.precision else None,
        rule=fig.rule, rules_version=RULES_VERSION)


def _statement(doc, text, att: Attribution, canonical, headers, index, clock, dates) -> Claim:
    outlet = att.outlet or _header_outlet(att.content_start, headers)
    # The saying is dated beside its cue; a date inside what was said is the event's ("'We vote
    # on Monday,' she said on Friday"), and a long quote's first sentence may be far from the cue.
    said = _first(_when(doc, text, att.cue_start, index, clock, dates), "said",
                  (att.content_start, att.content_end))
    start, end = att.content_start, att.content_end
    sent_start, sent_end = index.covering(min(start, att.cue_start), max(end, att.cue_end))
    sent_start, sent_end = min(sent_start, start), max(sent_end, end)
    return Claim(
        id=claim_id(doc.id, start, end, att.rule), document_id=doc.id, kind=ClaimKind.statement,
        start=start, end=end, text=text[start:end], sentence_start=sent_start, sentence_end=sent_end,
        speaker=att.speaker, speaker_canonical=canonical, role=att.role, cue=att.cue,
        quote_kind=QuoteKind(att.quote_kind), outlet=outlet, outlet_canonical=canonical_outlet(outlet),
        claim_date_text=said.text if said else None, claim_date=said.date if said else None,
        claim_date_precision=Precision(said.precision) if said and said.precision else None,
        rule=att.rule, rules_version=RULES_VERSION)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: dict[str, Claim] = {}
    for c in claims:
        seen.setdefault(c.id, c)
    return sorted(seen.values(), key=lambda c: (c.start, c.end, c.rule))
