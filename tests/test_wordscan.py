"""The one scan for cue words and number words finds exactly what the two scans it stands
in for find: the cue pattern's matches (spans and groups, as the text spells them) and the
number words figure anchors read, case rules and odd letters included."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import extract
from claims.rules import attribution, figures
from claims.rules.base import UNLIMITED
from claims.rules.wordscan import scan_words

_PIECES = ["said", "Said", "SAID", "says", "told", "estimated", "according to", "According to", "ACCORDING TO",
           "according  to", "accordingly", "pointed out", "Pointed Out", "went on to say", "went on to add",
           "one", "One", "ONE", "oNe", "twenty", "Twenty", "thousands", "half", "dozen", "dozens", "tens",
           "scores", "someone", "saidone", "one-third", "-", " ", "\n", ",", ".", "'", "’", "12", "1,000", "_",
           "x", "é", "İ", "\u212a", "ß", "\u0661", "\u03a3", "ﬁ"]


def _separately(text: str):
    cues = [(m.span(), m.group(), m.group("acc")) for m in attribution._CUE.finditer(text)]
    lower = text.lower()
    numbers = [m.span() for m in figures._NUMBER_WORD.finditer(lower)
               if text[m.start():m.end()] in (m.group(), m.group().capitalize())]
    return cues, numbers


@settings(max_examples=700, deadline=None, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_the_one_scan_finds_what_the_two_scans_find(text):
    hits = scan_words(text, UNLIMITED)
    if hits is None:  # the lower case is longer: the rule sets scan for themselves
        assert len(text.lower()) != len(text)
        return
    cues, numbers = _separately(text)
    assert [(m.span(), m.group(), m.group("acc")) for m in hits.cues] == cues
    assert hits.number_words == numbers


def test_cues_and_number_words_of_a_report():
    text = "Said Ali said twenty people died, according to police. ONE more, Officials Said, is missing."
    hits = scan_words(text)
    assert [m.group() for m in hits.cues] == ["said", "according to"]
    assert [text[a:b] for a, b in hits.number_words] == ["twenty"]


def test_a_text_whose_lower_case_is_longer_is_left_to_each_rule_set():
    text = "İstanbul officials said twenty people were hurt."
    assert scan_words(text) is None
    claims = extract(text).claims
    assert [(c.text, c.value, c.speaker, c.cue) for c in claims] == [("twenty", 20.0, "İstanbul officials", "said")]
