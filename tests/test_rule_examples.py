"""Every rule's examples are its tests: positives must fire as written, negatives must not."""
from __future__ import annotations

import pytest

from claims.extract import figures_in
from claims.rules import attribution, figures
from claims.rules.attribution import continuation_quotes, find_attributions, find_quotes
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
