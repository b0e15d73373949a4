"""One scan of a document for the words two rule sets start from: speech cues ("said",
"according to") for attributions and number words ("twenty", "dozens") for figures.

What it returns is exactly what the two rule sets' own scans return (tests/test_wordscan.py
holds them equal): the cue pattern's matches as the text spells them, and the number words
ANCHOR reads.

A regex search for a list of words tries the list at every position of the text, which on
news text runs at about 15 MB/s. Most documents hold a few dozen of these words, so the
scan first asks which of them the text holds at all, from its whitespace-split tokens
(str.split runs in C), and then runs the same pattern only where one of those words
stands. A match starts where a listed word stands as a whole word, so that set of places
holds every place the search would find one.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import filterfalse
from typing import Optional

import regex

from .attribution import CUE_PHRASE_FIRST_WORDS, CUE_PHRASES, CUE_WORDS, cue_at
from .base import Clock, UNLIMITED, compile_pattern, findall, match, word_trie
from .figures import NUMBER_WORDS, number_word

_NUMBER_WORDS = frozenset(NUMBER_WORDS)
_WORDS = compile_pattern(
    rf"\b(?:{word_trie(sorted(set(CUE_WORDS) | _NUMBER_WORDS))}|{CUE_PHRASES}|according\s+to)\b", regex.VERSION1)
# The word every match of _WORDS starts with: the listed words and each phrase's first word.
_FIRST_WORDS = frozenset(set(CUE_WORDS) | _NUMBER_WORDS | CUE_PHRASE_FIRST_WORDS | {"according"})
_WORD = compile_pattern(r"\w+", regex.VERSION1)


@dataclass(frozen=True)
class WordHits:
    cues: list  # matches of the cue pattern in the text, in order
    number_words: list[tuple[int, int]]  # spans of number words, in order


def _words_present(lower: str, clock: Clock) -> set[str]:
    """The first words of _WORDS that stand in `lower` as whole words (\\w+ runs).

    A token of letters only is one whole word. Each letter is a word character, so a word
    inside a token with no other character is the token itself. Any other token is split
    into its \\w+ runs.
    """
    tokens = set(lower.split())
    present = set(_FIRST_WORDS.intersection(tokens))
    mixed = " ".join(filterfalse(str.isalpha, tokens))  # filterfalse: no Python frame per token
    if mixed:
        present.update(_FIRST_WORDS.intersection(findall(_WORD, mixed, clock)))
    return present


def _scan(lower: str, clock: Clock) -> list[regex.Match]:
    """scan(_WORDS, lower): its leftmost non-overlapping matches, tried only where a present
    word starts."""
    starts: list[int] = []
    for word in _words_present(lower, clock):
        at = lower.find(word)
        while at >= 0:
            starts.append(at)
            at = lower.find(word, at + 1)
    starts.sort()
    found: list[regex.Match] = []
    free_from = 0
    for at in starts:
        if at < free_from:
            continue
        m = match(_WORDS, lower, clock, at)
        if m is not None:
            found.append(m)
            free_from = m.end()
    return found


def scan_words(text: str, clock: Clock = UNLIMITED) -> Optional[WordHits]:
    """The cues and number words of the whole text; None when its lower case is longer than
    it ('İ' lowers to two characters), where offsets in the lower case would drift: the
    rule sets then scan the text themselves."""
    lower = text.lower()
    if len(lower) != len(text):
        return None
    cues, numbers = [], []
    for m in _scan(lower, clock):
        start, end = m.span()
        if lower[start:end] in _NUMBER_WORDS:
            if number_word(text, start, end):
                numbers.append((start, end))
            continue
        cue = cue_at(text, start, clock)  # None where the text has "Said" or "ACCORDING TO"
        if cue is not None:
            cues.append(cue)
    return WordHits(cues, numbers)
