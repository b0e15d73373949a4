"""Page furniture: every rule's examples, prose that must never be marked, a whole page."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from claims.models import Document, Span, document_id
from claims.rules import dates as D
from claims.rules import furniture as F
from claims.rules.base import BudgetExceeded, Clock, Example, Rule

EXAMPLES = [pytest.param(rule, ex, id=f"{rule.id}[{i}]")
            for rule in F.FURNITURE_RULES for i, ex in enumerate(rule.examples)]
NEGATIVES = [pytest.param(rule, neg, id=f"{rule.id}[{i}]")
             for rule in F.FURNITURE_RULES for i, neg in enumerate(rule.negatives)]

KINDS = {"navigation", "credit", "share", "teaser", "comments", "byline", "sources", "caption", "notice"}


def rule_problems(rule: Rule) -> list[str]:
    problems = []
    if not rule.examples:
        problems.append("no positive example")
    if not rule.negatives:
        problems.append("no negative example")
    if rule.kind not in KINDS:
        problems.append(f"unknown kind {rule.kind!r}")
    if any(ex.expect.get("label") != rule.kind for ex in rule.examples):
        problems.append("an example expects another label")
    return problems


def _marked(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in spans]


@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_example_alone(rule: Rule, ex: Example):
    assert (ex.span, ex.expect["label"]) in _marked(ex.text, F.apply_rule(rule, ex.text))


@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_example_through_find_furniture(rule: Rule, ex: Example):
    assert (ex.span, ex.expect["label"]) in _marked(ex.text, F.find_furniture(ex.text))


@pytest.mark.parametrize("rule,negative", NEGATIVES)
def test_rule_negative(rule: Rule, negative: str):
    assert F.apply_rule(rule, negative) == []


@pytest.mark.parametrize("rule", F.FURNITURE_RULES, ids=lambda r: r.id)
def test_rule_is_complete(rule: Rule):
    assert rule_problems(rule) == []


def test_rule_without_negative_is_flagged():
    bare = Rule(id="furniture.bare", description="x", pattern=F.FURNITURE_RULES[0].pattern, kind="share",
                examples=(Example("Tweet", "Tweet", {"label": "share"}),), negatives=())
    assert rule_problems(bare) == ["no negative example"]


def test_every_kind_has_a_rule_with_examples():
    assert {r.kind for r in F.FURNITURE_RULES if r.examples} == KINDS


# ---------------------------------------------------------------- prose is never furniture

PROSE = [
    "Shares in the company fell 5% on Monday after the results were published.",
    "Share prices rose 3% in early trading, brokers said.",
    "Home prices rose 3.2 percent in March, the national statistics agency said.",
    "Home Secretary Jane Doe said 20 officers were injured in the clashes.",
    "The minister declined to comment on the report, which listed 40 cases.",
    "Comments by the mayor drew 3,000 complaints in a single day.",
    "No comment was made by the ministry, which employs 2,000 people.",
    "Next year, the government plans to spend $2 billion on roads and bridges.",
    "Next, the committee will vote on the 12 amendments.",
    "The previous government had powered the grid with coal for 30 years.",
    "Previous attempts to cross the strait cost 40 lives, officials said.",
    "Powered by solar panels, the plant will supply 40,000 homes from next year.",
    "Sources said at least 12 people had been detained in the raids on Monday night.",
    "Related news reports said 12 people were hurt.",
    "Read more about the plan, the council urged 5,000 residents in a letter.",
    "By Friday, police had arrested 10 suspects in three cities.",
    "Print newspapers lost 8% of their readers last year, the survey found.",
    "Tweets by the president drew 10,000 replies within an hour.",
    "Leave a comment, the site told readers, and 300 did.",
    "Search teams found 12 survivors on Tuesday.",
    "Email records show 300 messages were deleted before the inquiry began.",
    "Updated figures show a 40% rise in cases since January.",
    "More than 1,600 fighters have travelled to Syria, the report said.",
    "Contact with the crew was lost at 10:45, officials said.",
]


@pytest.mark.parametrize("sentence", PROSE)
def test_prose_alone_is_not_furniture(sentence: str):
    assert F.find_furniture(sentence) == []


@pytest.mark.parametrize("sentence", PROSE)
def test_prose_between_furniture_is_not_furniture(sentence: str):
    text = f"Home\n\nShare this:\n\n{sentence}\n\nTweet\n\nPowered by Blogger\n"
    start = text.index(sentence)
    for span in F.find_furniture(text):
        assert span.end <= start or span.start >= start + len(sentence), span


# ---------------------------------------------------------------- regions

ARTICLE = "Police said 40 people were arrested in raids across the country on Monday night."


def test_comment_region_runs_to_the_end():
    text = (f"{ARTICLE}\n\n2 Comments\n\nAna says:\nI saw 300 police officers there.\n\nReply\n\n"
            "Ben says:\nThe minister said 12 were freed.\n")
    (span,) = F.find_furniture(text)
    assert span.label == "comments"
    assert text[span.start:] .rstrip() == text[span.start:span.end]
    assert text[span.start:span.end].startswith("2 Comments")


def test_comment_region_stops_at_the_next_dated_post():
    second = "Tuesday, March 3, 2020"
    text = f"{ARTICLE}\n\nNo comments:\n\nPost a Comment\n\n{second}\n\nNew headline\n\n{ARTICLE}\n"
    spans = F.find_furniture(text)
    assert _marked(text, spans) == [("No comments:\n\nPost a Comment", "comments")]


def test_comment_header_before_any_prose_marks_only_itself():
    text = f"Headline\n\n3 Comments\n\n{ARTICLE}\n\nMore prose here about 12 arrests made on Friday.\n"
    assert _marked(text, F.find_furniture(text)) == [("3 Comments", "comments")]


def test_sources_heading_must_be_alone():
    text = f"{ARTICLE}\n\nSources said 12 more were held.\n\nA later paragraph with 3 figures.\n"
    assert F.find_furniture(text) == []
    text = f"{ARTICLE}\n\nSources\n\n  Police statement — Daily Item, March 3, 2020\n"
    (span,) = F.find_furniture(text)
    assert span.label == "sources" and text[span.start:span.end].startswith("Sources")


def test_teaser_block_stops_at_prose():
    text = f"Related posts\nPort strike ends\nCity budget passes\n{ARTICLE}\n"
    assert _marked(text, F.find_furniture(text)) == [("Related posts\nPort strike ends\nCity budget passes",
                                                     "teaser")]


def test_breadcrumb_needs_the_headline_below():
    text = "Home Region Port Strike Ends After Two Weeks\n\nPort Strike Ends After Two Weeks\n\n" + ARTICLE
    assert _marked(text, F.find_furniture(text)) == [("Home Region Port Strike Ends After Two Weeks",
                                                     "navigation")]
    text = "Home Region Port Strike Ends After Two Weeks\n\nA different headline\n\n" + ARTICLE
    assert F.find_furniture(text) == []


# ---------------------------------------------------------------- a whole page

PAGE = [
    # (line, is furniture)
    ("Skip to content", True),
    ("Home | News | Opinion | Contact", True),
    ("RSS Feed (xml)", True),
    ("Monday, March 2, 2020", False),
    ("Harbour Authority Reports Record Year", False),
    ("By Jane Roe", True),
    ("Harbour traffic rose 12% in 2019 to 4.1 million containers, the port authority said on Friday. "
     "The authority's director, Sam Poe, said the number of ships calling at the port reached 3,200.", False),
    ("Revenue climbed to $310 million, up from $270 million a year earlier, according to the annual "
     "report, which the authority will share with the regional council next week.", False),
    ("Union leaders said more than 400 dock workers had been hired since January, but warned that "
     "the next phase of expansion could cost 1,500 homes their sea view.", False),
    ("The Rest @ Some Paper", True),
    ("Share this:", True),
    ("Tweet", True),
    ("Print Friendly and PDF", True),
    ("Related posts", True),
    ("Port strike ends after two weeks", True),
    ("Previous articleCity budget passes", True),
    ("3 Comments", True),
    ("Ana Lopez says:", True),
    ("Great news, 12% is a lot more than I expected from this port.", True),
    ("Reply", True),
    ("Leave a Reply", True),
    ("Fill in your details below or click an icon to log in:", True),
    ("You are commenting using your WordPress.com account. Log Out /  Change )", True),
    ("Connecting to %s", True),
    ("Notify me of new posts via email.", True),
    ("Powered by Blogger", True),
]


def _page() -> tuple[str, list[tuple[int, int, bool]]]:
    text, where = "", []
    for line, furniture in PAGE:
        start = len(text)
        text += line + "\n\n"
        where.append((start, start + len(line), furniture))
    return text, where


def test_whole_page_furniture_is_exactly_the_non_article_lines():
    text, where = _page()
    spans = F.find_furniture(text)
    for start, end, furniture in where:
        covered = [s for s in spans if s.start <= start and end <= s.end]
        touched = [s for s in spans if s.start < end and start < s.end]
        if furniture:
            assert covered, f"not marked: {text[start:end]!r}"
        else:
            assert not touched, f"article line marked: {text[start:end]!r} by {touched}"


def test_whole_page_labels_date_and_publisher():
    text, _ = _page()
    labels = {text[s.start:s.end].split("\n")[0]: s.label for s in F.find_furniture(text)}
    assert labels["Skip to content"] == "navigation"
    assert labels["By Jane Roe"] == "byline"
    assert labels["The Rest @ Some Paper"] == "credit"
    assert labels["Share this:"] == "share"
    assert labels["Related posts"] == "teaser"
    assert labels["3 Comments"] == "comments"
    assert D.document_date(text)[0] == "2020-03-02"
    assert D.document_publisher(text)[0] == "Some Paper"


def test_spans_fit_a_document():
    text, _ = _page()
    spans = F.find_furniture(text)
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    Document(id=document_id(text), source="page.txt", text=text, furniture=spans)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([line for line, _ in PAGE] + PROSE + ["", "  ", "Sources", "Home"]),
                max_size=25))
def test_any_page_gives_ordered_spans_in_bounds(lines):
    text = "\n".join(lines)
    spans = F.find_furniture(text)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text) and s.label in KINDS
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for sentence in PROSE:  # prose before any region heading is never covered
        at = text.find(sentence)
        if at >= 0 and not any(h in text[:at] for h in ("Comments", "Sources", "Leave a Reply")):
            assert not any(s.start < at + len(sentence) and at < s.end for s in spans)


def test_clock_is_used():
    with pytest.raises(BudgetExceeded):
        F.find_furniture("Home\n\nTweet\n", Clock(0))
