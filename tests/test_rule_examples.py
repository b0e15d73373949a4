"""Every rule's examples are its tests: positives must fire as written, negatives must not."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extract import figures_in
from claims.rules import attribution, figures
from claims.rules.attribution import (continuation_quotes, find_attributions, find_quotes, lead_in_quotes,
                                      participle_clauses, transcript_turns)
from claims.rules.base import UNLIMITED
from claims.rules.sentences import split_sentences

FIGURE_RULES = figures.FIGURE_RULES
REJECT_RULES = figures.REJECT_RULES
ATTR_RULES = attribution.RULES
ALL = FIGURE_RULES + REJECT_RULES + ATTR_RULES


def _cases(rules, positive: bool):
    for rule in rules:
        items = rule.examples if positive else rule.negatives
        for i, item in enumerate(items):
            yield pytest.param(rule, item, id=f"{rule.id}-{i}")


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.id)
def test_every_rule_has_positive_and_negative_examples(rule):
    assert rule.examples, f"{rule.id} has no positive example"
    assert rule.negatives, f"{rule.id} has no negative example"
    assert rule.description


def _check_fields(found, expect):
    for key, want in expect.items():
        got = getattr(found, key)
        got = got.value if hasattr(got, "value") and not isinstance(got, (int, float)) else got
        if isinstance(want, float) and got is not None:
            assert got == pytest.approx(want, rel=1e-3), key
        else:
            assert got == want, f"{key}: {got!r} != {want!r}"


@pytest.mark.parametrize("rule,example", list(_cases(FIGURE_RULES, True)))
def test_figure_rule_positive(rule, example):
    found = [f for f in figures_in(example.text) if example.text[f.start:f.end] == example.span]
    assert found, f"{rule.id} did not report {example.span!r} in {example.text!r}: " \
                  f"{[example.text[f.start:f.end] for f in figures_in(example.text)]}"
    assert found[0].rule == rule.id
    _check_fields(found[0], example.expect)


@pytest.mark.parametrize("rule,text", list(_cases(FIGURE_RULES, False)))
def test_figure_rule_negative(rule, text):
    hits = [text[f.start:f.end] for f in figures_in(text) if f.rule == rule.id]
    assert not hits, f"{rule.id} wrongly reported {hits} in {text!r}"


@pytest.mark.parametrize("rule,example", list(_cases(REJECT_RULES, True)))
def test_reject_rule_swallows_its_span(rule, example):
    rejected = [f for f in figures.find_figures(example.text)
                if f.kind == "reject" and example.text[f.start:f.end] == example.span]
    assert rejected and rejected[0].rule == rule.id, \
        f"{rule.id} did not cover {example.span!r}: {[(f.rule, example.text[f.start:f.end]) for f in figures.find_figures(example.text)]}"
    start = example.text.index(example.span)
    end = start + len(example.span)
    overlapping = [f for f in figures_in(example.text) if f.start < end and start < f.end]
    assert not overlapping, f"a figure was still reported inside {example.span!r}"


@pytest.mark.parametrize("rule,text", list(_cases(REJECT_RULES, False)))
def test_reject_rule_negative(rule, text):
    hits = [text[f.start:f.end] for f in figures.find_figures(text) if f.kind == "reject" and f.rule == rule.id]
    assert not hits, f"{rule.id} wrongly rejected {hits} in {text!r}"


def _attributions(text):
    sentences = split_sentences(text)
    quotes = find_quotes(text, sentences)
    found = find_attributions(text, sentences, quotes)
    found += transcript_turns(text, sentences)
    found += lead_in_quotes(text, sentences, quotes, found)
    found += participle_clauses(text, sentences, found)
    return found + continuation_quotes(text, sentences, quotes, found)


@pytest.mark.parametrize("rule,example", list(_cases(ATTR_RULES, True)))
def test_attribution_rule_positive(rule, example):
    found = _attributions(example.text)
    contents = [(a.rule, example.text[a.content_start:a.content_end]) for a in found]
    match = [a for a in found if example.text[a.content_start:a.content_end] == example.span]
    assert match, f"{rule.id}: {example.span!r} not reported; got {contents}"
    assert match[0].rule == rule.id, f"reported by {match[0].rule}, not {rule.id}"
    _check_fields(match[0], example.expect)


@pytest.mark.parametrize("rule,text", list(_cases(ATTR_RULES, False)))
def test_attribution_rule_negative(rule, text):
    found = [(a.rule, a.speaker) for a in _attributions(text) if a.rule == rule.id]
    assert not found, f"{rule.id} wrongly attributed: {found}"


# Behaviours that cut across rules, written as examples of what a reader expects.
FIGURE_CASES = [
    ("Six other diplomats fled the country.", "Six", {"counted": "diplomats"}),
    ("Of the 2240 attendees, 908 of the 2240 attendees voted.", "908", {"counted": "attendees"}),
    ("The fine was nearly half a million dollars.", "nearly half a million dollars", {"value": 500000}),
    ("Temperatures reached 45°C on Friday.", "45°C", {"value": 45}),
    ("There is a one-in-five chance of rain.", "one-in-five", {"value": 0.2}),
    ("Gun ownership rates above 50% were recorded.", "above 50%", {"counted": "Gun ownership rates",
                                                                  "qualifier": "more_than"}),
    ("About 70 percent belong to a union.", "About 70 percent", {"qualifier": "approx"}),
    ("It paid CDN$11,000 in fees.", "CDN$11,000", {"value": 11000}),
    ("The rate was 15 suicides per 100,000 people.", "15", {"counted": "suicides"}),
]
NOT_FIGURES = [
    ("Voters backed it in a 2016 referendum.", "2016"),
    ("He was mayor from 2008 to 2016.", "2008"),
    ("The park is a Six Flags property.", "Six"),
    ("The office at 36 Quai des Orfèvres was sealed.", "36"),
    ("She is seeking a third term in office.", "a third"),
    ("The rate was 15 suicides per 100,000 people.", "100,000"),
]


@pytest.mark.parametrize("text,span,expect", FIGURE_CASES)
def test_figure_reading(text, span, expect):
    found = [f for f in figures_in(text) if text[f.start:f.end] == span]
    assert found, [text[f.start:f.end] for f in figures_in(text)]
    _check_fields(found[0], expect)


@pytest.mark.parametrize("text,span", NOT_FIGURES)
def test_not_a_figure(text, span):
    start = text.index(span)
    assert not [f for f in figures_in(text) if f.start < start + len(span) and start < f.end]


ATTRIBUTION_CASES = [
    # (text, content, speaker, outlet)
    ("She also said the hospital had run out of beds by noon.", "the hospital had run out of beds by noon",
     "She", None),
    ("Jane Roe praised the rescuers on Twitter: “They worked through the night without a break.”",
     "They worked through the night without a break", "Jane Roe", None),
    ("The mayor thanked the volunteers, saying, “We could not have done this alone.”",
     "We could not have done this alone", "The mayor", None),
    ("“We knew the bridge was weak,” the engineer told French news channel Canal Info.",
     "We knew the bridge was weak", "the engineer", "Canal Info"),
    ("The governor said in a video message, “We will rebuild every home.”", "We will rebuild every home",
     "The governor", None),
    ("Namely, President Ana Ruiz said on Monday that the border would stay open.",
     "the border would stay open", "Ana Ruiz", None),
    ("According to his publicist, the singer died of heart failure at home.",
     "the singer died of heart failure at home", "his publicist", None),
    ("“The data are clear,” said study co-author Lee Park of the Institute for Coastal Research (ICR).",
     "The data are clear", "study co-author Lee Park", None),
    ("The senator criticised the plan, arguing the costs would double within a decade.",
     "the costs would double within a decade", "The senator", None),
    ("Ana Silva called the ruling “a victory for every family that waited.”",
     "a victory for every family that waited", "Ana Silva", None),
    ("The minister said of the strike, “Nobody wins when the trains stop.”", "Nobody wins when the trains stop",
     "The minister", None),
    ("Tom Berg, the union leader, writes:\n\n“We will not accept any cut to the pension fund.”",
     "We will not accept any cut to the pension fund", "Tom Berg", None),
    ("“Every seat was taken by noon,” reads a statement from the theatre.", "Every seat was taken by noon",
     "a statement from the theatre", None),
]
NOT_ATTRIBUTIONS = [
    "Attorneys general from sixteen states filed a combined lawsuit on Monday.",
    "Protesters demanded an inquiry into alleged police violence during the march.",
    "The governor declared a state of emergency across the coast.",
    "Yesterday I saw three interesting news reports about the storm.",
    "The meeting was arranged according to plan, with every delegate present.",
]


@pytest.mark.parametrize("text,content,speaker,outlet", ATTRIBUTION_CASES)
def test_attribution_reading(text, content, speaker, outlet):
    found = [a for a in _attributions(text) if text[a.content_start:a.content_end] == content]
    assert found, [(a.rule, text[a.content_start:a.content_end], a.speaker) for a in _attributions(text)]
    assert speaker in (found[0].speaker or "") or (found[0].speaker or "") in speaker
    if outlet:
        assert found[0].outlet == outlet


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_not_an_attribution(text):
    assert not [(a.rule, a.speaker) for a in _attributions(text)]


MORE_FIGURE_CASES = [
    ("Gusts of 60–80 mph were forecast.", "60–80 mph", {"low": 60, "high": 80, "unit": "mph"}),
    ("The route covers 139km of coast.", "139km", {"value": 139, "unit": "km"}),
    ("The bill needs a two-thirds majority to pass.", "two-thirds", {"value": 0.6667}),
    ("Police seized 1,000 or more kilograms of cannabis.", "1,000 or more", {"qualifier": "at_least"}),
    ("She won 39 of Ohio's 54 delegates.", "39", {"counted": "delegates"}),
]


@pytest.mark.parametrize("text,span,expect", MORE_FIGURE_CASES)
def test_more_figure_readings(text, span, expect):
    test_figure_reading(text, span, expect)


def test_an_interview_answer_lends_its_speaker_to_its_figures_but_is_no_statement():
    from claims import extract

    text = ("((WN))  How many people worked on the crew?\n\n"
            "((Jane Roe))  There were fifteen drivers on the train that day, all of them volunteers.")
    claims = extract(text).claims
    assert [c.kind.value for c in claims] == ["statistic"]
    assert claims[0].speaker == "Jane Roe" and claims[0].value == 15


_ANCHOR_PIECES = ["one", "One", "ONE", "oNe", "twenty", "Twenty", "-", "thousands", "Thousands", "half", " ", "12",
                  "1,000", "x", "_", "é", "İ", "ß", "\u212a", "\u0661", "\n"]


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.sampled_from(_ANCHOR_PIECES), max_size=14).map("".join))
def test_the_two_anchor_scans_find_what_the_one_pattern_finds(text):
    # Digit runs and lower-cased number words are scanned apart for speed; the spans must be
    # exactly those of the single ANCHOR pattern, case rules and odd letters included.
    assert figures._anchors(text, UNLIMITED, 0, len(text)) == [m.span() for m in figures.ANCHOR.finditer(text)]


_FIGURE_PIECES = ["3", "12", "1,600", "2014", "1990s", "2019–20", "0.5", "one", "Two", "three", "half", "a", "third",
                  "thousands", "million", "per", "PER", "in", "out", "of", "every", "to", "and", "between", "-", "–",
                  " ", "  ", ",", ".", "%", "$", "£", "people", "years", "old", "aged", "Street", "Downing",
                  "No.", "#", "(", ")", ":", "am", "March", "Monday", "the", "Boeing", "F", "about", "more than",
                  # whole constructs the gates must let through
                  "3-in-10", "3 in 10", "3 out of 10", "one in five", "two-thirds", "aged 30", "10 Downing Street",
                  "15 per 100,000", "1,000 or more", "between 800 and 1000", "$2.5bn", "+44 20 7946 0958"]


def _try_every_rule(excluded: set) -> figures._Dispatch:
    """Tables that try every rule that may start at this kind of number (digits, or a number
    word) at every start its reach allows: no token tables, no lead words, no at_number tests.
    (Real _Dispatch tables, built from ungated rules: a compiled find_figures takes no other.)

    The texts below hold no line break: there `follows` decides something. A rule gated by
    it is not tried at a number that ends its line, so "aged 30\n to 2019" is no range and
    "100,000\n%" no percentage, though \\s in their patterns would cross the line."""
    return figures._Dispatch([(i, replace(rule, at_number=None, follows=None, lead=None))
                              for i, rule in enumerate(figures.ALL_RULES) if rule.id not in excluded])


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(_FIGURE_PIECES), max_size=16).map(" ".join),
       st.lists(st.sampled_from(_FIGURE_PIECES), max_size=16).map("".join))
def test_the_gates_only_spare_matches_that_would_fail(spaced, packed):
    # follows, lead and at_number decide which rules are tried where; trying every rule at
    # every start must find exactly the same figures.
    for text in (spaced, packed):
        gated = figures.find_figures(text)
        saved = figures._AT_DIGIT, figures._AT_WORD
        figures._AT_DIGIT = _try_every_rule(figures._WORDS_ONLY)
        figures._AT_WORD = _try_every_rule(figures._DIGITS_ONLY)
        try:
            assert figures.find_figures(text) == gated
        finally:
            figures._AT_DIGIT, figures._AT_WORD = saved
