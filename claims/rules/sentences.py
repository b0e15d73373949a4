"""Paragraphs and sentences as offset spans into the unchanged document text."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from .base import Clock, UNLIMITED, scan

# A line break always ends a sentence: scraped pages put headlines, date lines and
# furniture on lines of their own, with no closing punctuation.
_LINE = regex.compile(r"[^\n]+", regex.VERSION1)
_BOUNDARY = regex.compile(
    r"""(?<=[.!?…][\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[\p{Lu}\d])""", regex.VERSION1)
_LAST_TOKEN = regex.compile(r"(\S+?)[\"'”’)\]]*$", regex.VERSION1)

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st sr jr gen lt col sgt capt cpt maj adm cmdr gov sen rep rev
hon pres supt insp det no nos vs etc inc ltd co corp bros dept est approx fig op
jan feb mar apr jun jul aug sep sept oct nov dec mt ft u.s u.k u.n e.g i.e a.m p.m
""".split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation, not a sentence."""
    if text[dot] != ".":
        return False
    m = _LAST_TOKEN.search(text, max(0, dot - 12), dot + 1)
    token = (m.group(1) if m else "").rstrip(".").lower()
    if not token:
        return False
    if token in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J. Smith", "U.S.".
    return len(token) == 1 and token.isalpha() or (
        "." in token and all(len(p) <= 2 for p in token.split(".")))


def split_sentences(text: str, clock: Clock = UNLIMITED) -> list[Sentence]:
    sentences: list[Sentence] = []
    # One scan for the whole text, consumed line by line: per-line scans cost a call each.
    boundaries = [(b.start(), b.end()) for b in scan(_BOUNDARY, text, clock) if "\n" not in b.group()]
    k = 0
    for paragraph, line in enumerate(scan(_LINE, text, clock)):
        cursor = line.start()
        while k < len(boundaries) and boundaries[k][0] < line.start():
            k += 1
        while k < len(boundaries) and boundaries[k][1] <= line.end():
            b_start, b_end = boundaries[k]
            k += 1
            dot = b_start - 1
            while dot > cursor and text[dot] in "\"'”’)]":
                dot -= 1
            if _is_abbreviation(text, dot):
                continue
            _add(sentences, text, cursor, b_start, paragraph)
            cursor = b_end
        _add(sentences, text, cursor, line.end(), paragraph)
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, paragraph))


class SentenceIndex:
    """Finds the sentence holding an offset in O(log n)."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def index_at(self, offset: int) -> int:
        i = bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def at(self, offset: int) -> Sentence:
        return self.sentences[self.index_at(offset)]

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentences a claim touches, which always contains the claim."""
        first = self.at(start)
        last = self.at(max(start, end - 1))
        return min(first.start, start), max(last.end, end)
