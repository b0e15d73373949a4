"""Paragraphs and sentences as offset spans into the unchanged document text."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from .base import Clock, UNLIMITED, char_offsets, match, search

# A sentence ends at closing punctuation, then spaces (group 1), then a capital or a digit. A
# boundary across a line break is none, as the line break ends the sentence anyway.
_STOPS = ".!?…"
_CLOSERS = "\"'”’)]"
_OPENERS = "\"'“‘(["
_BOUNDARY = regex.compile(
    r"""[.!?…][\"'”’)\]]*([^\S\n]+)(?=[\"'“‘(\[]?[\p{Lu}\d])""", regex.VERSION1)
# ASCII characters as _BOUNDARY classes them: the rest is left to the pattern.
_ASCII_SPACE = " \t\x0b\x0c\r"  # \s but for the line break
_ASCII_CAP_OR_DIGIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# The word a full stop ends, read backwards from the stop.
_LAST_TOKEN = regex.compile(r"\S+", regex.VERSION1 | regex.REVERSE)
# str.split() splits where \s does, and also at these.
_SPLIT_NOT_SPACE = frozenset("\x1c\x1d\x1e\x1f")

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


def _is_abbreviation(text: str, dot: int, clock: Clock = UNLIMITED) -> bool:
    """True when the full stop at `dot` closes an abbreviation, not a sentence."""
    if text[dot] != ".":
        return False
    window = text[max(0, dot - 12):dot + 1]
    if _SPLIT_NOT_SPACE.isdisjoint(window):
        token = window.rsplit(None, 1)[-1]  # the stop is no space: there is a last word
    else:
        last = search(_LAST_TOKEN, text, clock, max(0, dot - 12), dot + 1)
        token = last.group() if last is not None else ""
    token = token.rstrip(".").lower()
    if not token:
        return False
    if token in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J. Smith", "U.S.".
    return len(token) == 1 and token.isalpha() or (
        "." in token and all(len(p) <= 2 for p in token.split(".")))


def _boundaries(text: str, clock: Clock) -> list[tuple[int, int]]:
    """The spans of the spaces between sentences: group 1 of every match of _BOUNDARY.

    A match starts at a stop, and holds no other: each stop, found with str.find, is read in
    Python, and only when it is followed by a character past ASCII does the pattern decide.
    A regex search over the text would cost a call per boundary, each dearer than this.
    """
    stops = char_offsets(text, _STOPS)
    out = []
    size = len(text)
    for p in stops:
        i = p + 1
        while i < size and text[i] in _CLOSERS:
            i += 1
        j = i
        while j < size and text[j] in _ASCII_SPACE:
            j += 1
        if j == size:
            continue
        ch = text[j]
        if ch in _OPENERS and j + 1 < size:
            ch = text[j + 1]  # an opening mark is no capital: what follows it decides
        if not ch.isascii():
            m = match(_BOUNDARY, text, clock, p)
            if m:
                out.append(m.span(1))
        elif j > i and ch in _ASCII_CAP_OR_DIGIT:
            out.append((i, j))
    return out


def _lines(text: str):
    """(start, end) of each non-empty line: a line break always ends a sentence, as scraped
    pages put headlines, date lines and furniture on lines of their own, with no closing
    punctuation."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        if end > start:
            yield start, end
        start = end + 1


def split_sentences(text: str, clock: Clock = UNLIMITED) -> list[Sentence]:
    sentences: list[Sentence] = []
    # One scan for the whole text, consumed line by line: per-line scans cost a call each.
    boundaries = _boundaries(text, clock)
    k = 0
    for paragraph, (line_start, line_end) in enumerate(_lines(text)):
        cursor = line_start
        while k < len(boundaries) and boundaries[k][0] < line_start:
            k += 1
        while k < len(boundaries) and boundaries[k][1] <= line_end:
            b_start, b_end = boundaries[k]
            k += 1
            dot = b_start - 1
            while dot > cursor and text[dot] in "\"'”’)]":
                dot -= 1
            if _is_abbreviation(text, dot, clock):
                continue
            _add(sentences, text, cursor, b_start, paragraph)
            cursor = b_end
        _add(sentences, text, cursor, line_end, paragraph)
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
