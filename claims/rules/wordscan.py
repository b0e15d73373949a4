"""One scan of a document for the words two rule sets start from: speech cues ("said",
"according to") for attributions and number words ("twenty", "dozens") for figures.

Each set on its own costs a whole-text scan of the `regex` engine, near the engine's own
speed; one trie of both over the lower-cased text costs three quarters of the two. What
it returns is exactly what the two scans return (tests/test_wordscan.py holds them
equal): the cue pattern's matches as the text spells them, and the number words ANCHOR
reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from .attribution import CUE_PHRASES, CUE_WORDS, cue_at
from .base import Clock, UNLIMITED, compile_pattern, scan, word_trie
from .figures import NUMBER_WORDS, number_word

_NUMBER_WORDS = frozenset(NUMBER_WORDS)
_WORDS = compile_pattern(
    rf"\b(?:{word_trie(sorted(set(CUE_WORDS) | _NUMBER_WORDS))}|{CUE_PHRASES}|according\s+to)\b", regex.VERSION1)


@dataclass(frozen=True)
class WordHits:
    cues: list  # matches of the cue pattern in the text, in order
    number_words: list[tuple[int, int]]  # spans of number words, in order


def scan_words(text: str, clock: Clock = UNLIMITED) -> Optional[WordHits]:
    """The cues and number words of the whole text; None when its lower case is longer than
    it ('İ' lowers to two characters), where offsets in the lower case would drift: the
    rule sets then scan the text themselves."""
    lower = text.lower()
    if len(lower) != len(text):
        return None
    cues, numbers = [], []
    for m in scan(_WORDS, lower, clock):
        start, end = m.span()
        if lower[start:end] in _NUMBER_WORDS:
            if number_word(text, start, end):
                numbers.append((start, end))
            continue
        cue = cue_at(text, start, clock)  # None where the text has "Said" or "ACCORDING TO"
        if cue is not None:
            cues.append(cue)
    return WordHits(cues, numbers)
