"""Date lines, publisher credits and claim dates: every rule's examples, plus the calendar."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from claims.models import Precision
from claims.rules import dates as D
from claims.rules import furniture as F
from claims.rules.base import UNLIMITED, BudgetExceeded, Clock, Example, Rule


def _ex_id(rule: Rule, i: int) -> str:
    return f"{rule.id}[{i}]"


EXAMPLES = [pytest.param(rule, ex, id=_ex_id(rule, i)) for rule in D.ALL_RULES for i, ex in enumerate(rule.examples)]
NEGATIVES = [pytest.param(rule, neg, id=_ex_id(rule, i)) for rule in D.ALL_RULES for i, neg in enumerate(rule.negatives)]


def rule_problems(rule: Rule) -> list[str]:
    """What makes a rule unfit to ship: no examples, no negatives, no description."""
    problems = []
    if not rule.examples:
        problems.append("no positive example")
    if not rule.negatives:
        problems.append("no negative example")
    if not rule.description.strip():
        problems.append("no description")
    return problems


def _fields(found) -> dict:
    if isinstance(found, D.ClaimDate):
        return {"date": found.date, "precision": found.precision.value if found.precision else None}
    key = "publisher" if found.rule.startswith("publisher.") else "date"
    return {key: found.value}


def _text_of(found, text: str) -> str:
    if isinstance(found, D.ClaimDate):
        return found.text
    return text[found.span.start:found.span.end]


def _check(found_list, ex: Example, text: str) -> None:
    expect = {k: v for k, v in ex.expect.items() if k != "doc_date"}
    matching = [f for f in found_list if _text_of(f, text) == ex.span]
    assert matching, f"{ex.span!r} not found in {[_text_of(f, text) for f in found_list]}"
    fields = _fields(matching[0])
    for key, value in expect.items():
        assert fields[key] == value, f"{key}: {fields[key]!r} != {value!r}"


@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_example_alone(rule: Rule, ex: Example):
    doc_date = ex.expect.get("doc_date", D.EXAMPLE_DOC_DATE)
    _check(D.apply_rule(rule, ex.text, doc_date), ex, ex.text)


@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_example_through_public_function(rule: Rule, ex: Example):
    """The public function, with every rule competing, returns the same span and fields."""
    doc_date = ex.expect.get("doc_date", D.EXAMPLE_DOC_DATE)
    if rule in D.DATE_LINE_RULES:
        value, span = D.document_date(ex.text)
        assert span is not None and ex.text[span.start:span.end] == ex.span
        assert span.label == "date_line"
        assert value == ex.expect["date"]
    elif rule in D.PUBLISHER_RULES:
        value, span = D.document_publisher(ex.text)
        assert span is not None and ex.text[span.start:span.end] == ex.span
        assert value == ex.expect["publisher"]
    else:
        found = D.claim_dates(ex.text, 0, len(ex.text), doc_date)
        _check(found, ex, ex.text)
        assert [f.rule for f in found if f.text == ex.span] == [rule.id]


@pytest.mark.parametrize("rule,negative", NEGATIVES)
def test_rule_negative(rule: Rule, negative: str):
    assert D.apply_rule(rule, negative, D.EXAMPLE_DOC_DATE) == []


@pytest.mark.parametrize("rule", D.ALL_RULES, ids=lambda r: r.id)
def test_rule_is_complete(rule: Rule):
    assert rule_problems(rule) == []


def test_rule_without_negative_is_flagged():
    bare = Rule(id="date.bare", description="x", pattern=D.CLAIM_DATE_RULES[0].pattern,
                examples=(Example("in 2014", "in 2014"),), negatives=())
    assert rule_problems(bare) == ["no negative example"]


def test_rule_ids_are_unique_and_named():
    ids = [r.id for r in D.ALL_RULES]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("date.", "publisher.")) for i in ids)


# ---------------------------------------------------------------- document_date

@pytest.mark.parametrize("line,iso", [
    ("Monday, September 26, 2011", "2011-09-26"),
    ("Wednesday, October 07, 2015", "2015-10-07"),
    ("Sunday 18/09/2016", "2016-09-18"),
    ("Thursday, January 24, 2019", "2019-01-24"),
    ("2019-01-24", "2019-01-24"),
    ("24 January 2019", "2019-01-24"),
    ("January 24, 2019", "2019-01-24"),
    ("Jan. 24, 2019", "2019-01-24"),
    ("Friday, January 4, 2019\xa0  ", "2019-01-04"),
    ("Posted on March 3, 2020 by Jane Roe", "2020-03-03"),
    ("Published: 24 January 2019 10:15", "2019-01-24"),
    ("THURSDAY, JANUARY 24, 2019", "2019-01-24"),
    ("By Jane Roe | March 3, 2020", "2020-03-03"),
])
def test_date_line_formats(line: str, iso: str):
    text = f"Site Name\n\n{line}\n\nHeadline here\n\nThe council met on Monday and approved 40 new homes."
    value, span = D.document_date(text)
    assert value == iso
    assert span.label == "date_line"
    assert text[span.start:span.end].strip() and text[span.start:span.end] in line


@pytest.mark.parametrize("line", [
    "Thursday, January 25, 2019",  # weekday mismatch
    "Tuesday 18/09/2016",  # weekday fits neither reading
    "03/04/2019",  # ambiguous dd/mm vs mm/dd, no weekday
    "05/06/2019",
    "Monday 03/02/2020",  # both readings are Mondays
    "August 6",  # no year
    "Thursday, February 15",
    "The vote was held on January 24, 2019 and 40 people came.",  # inside a sentence
    "Updated: January 24, 2019",
])
def test_date_line_rejected(line: str):
    assert D.document_date(f"{line}\n\nHeadline\n\nBody text of the article.") == (None, None)


def test_weekday_decides_numeric_reading():
    assert D.document_date("Friday 07/02/2020")[0] == "2020-02-07"  # 7 Feb, not 2 July
    assert D.document_date("Thursday 07/02/2020")[0] == "2020-07-02"  # 2 July, not 7 Feb
    assert D.document_date("25/12/2019")[0] == "2019-12-25"  # day > 12: only dd/mm is valid
    assert D.document_date("12/25/2019")[0] == "2019-12-25"  # only mm/dd is valid


def test_first_date_line_wins_and_bad_one_is_skipped():
    text = "Thursday, January 25, 2019\nFriday, January 4, 2019\nHeadline\nSunday, March 3, 2019\n"
    assert D.document_date(text)[0] == "2019-01-04"


def test_date_line_only_in_the_head():
    filler = "\n".join(f"Line {i} of the article says something about {i} things." for i in range(60))
    assert D.document_date(filler + "\nJanuary 24, 2019\n") == (None, None)
    assert D.document_date("x" * 3100 + "\nJanuary 24, 2019\n") == (None, None)
    assert D.document_date("\n".join(["Menu"] * 10) + "\nJanuary 24, 2019\n")[0] == "2019-01-24"


def test_numeric_date():
    assert D.numeric_date(18, 9, 2016) == date(2016, 9, 18)
    assert D.numeric_date(3, 4, 2019) is None
    assert D.numeric_date(4, 4, 2019) == date(2019, 4, 4)  # both readings are the same day
    assert D.numeric_date(3, 4, 2019, weekday=2) == date(2019, 4, 3)  # a Wednesday
    assert D.numeric_date(31, 31, 2019) is None


# ---------------------------------------------------------------- document_publisher

@pytest.mark.parametrize("text,name", [
    ("Body of the article, 40 words.\n\nThe Rest @ Harbour Times\n\nNo comments:", "Harbour Times"),
    ("Source: Reuters", "Reuters"),
    ("Read more at The Valley Echo", "The Valley Echo"),
    ("This article first appeared in Coast Weekly.", "Coast Weekly"),
    ("© 2019 Hill Gazette", "Hill Gazette"),
    ("Copyright 2020 River Post. All rights reserved.", "River Post"),
    ("CAIRO (AFP) - Egypt said on Monday that 12 people had died.", "AFP"),
    ("(Reuters) - Oil rose 2% on Friday.", "Reuters"),
])
def test_publisher_credits(text: str, name: str):
    value, span = D.document_publisher(text)
    assert value == name
    assert text[span.start:span.end] == name


@pytest.mark.parametrize("text", [
    "A security official told Reuters the group had 40 members.",
    "Police said, according to AFP, that 12 people died.",
    "Reuters:\n\nFighters fled the area, sources said.\n\nAP:\n\nA judge said so.",
    "The source was not named.",
])
def test_mentions_are_not_credits(text: str):
    assert D.document_publisher(text) == (None, None)


def test_explicit_credit_beats_copyright_and_dateline():
    text = "LONDON (AFP) - Prices rose 3%.\n\nMore text here.\n\nSource: Coast Weekly\n\n© 2020 Blog Owner"
    assert D.document_publisher(text)[0] == "Coast Weekly"
    assert D.document_publisher("LONDON (AFP) - Prices rose 3%.\n\n© 2020 Blog Owner")[0] == "AFP"


def test_dateline_only_in_the_head():
    body = "\n".join(f"Paragraph {i} of the story reports {i} events." for i in range(50))
    assert D.document_publisher(body + "\nPARIS (AFP) - More.") == (None, None)


# ---------------------------------------------------------------- claim dates

RELATIVE = [
    # doc date, sentence, expression, date, precision
    ("2015-10-07", "On Sunday police arrested 10 suspects.", "On Sunday", "2015-10-04", "day"),
    ("2011-09-26", "Morocco said on Friday it had broken up a cell.", "on Friday", "2011-09-23", "day"),
    ("2011-09-26", "Morocco said on Monday it had broken up a cell.", "on Monday", "2011-09-26", "day"),
    ("2016-01-03", "A strike began on Friday.", "on Friday", "2016-01-01", "day"),
    ("2016-01-03", "Exports fell last month.", "last month", "2015-12", "month"),
    ("2016-01-03", "Exports fell last year.", "last year", "2015", "year"),
    ("2019-01-02", "Back in December the bureau seized weapons.", "Back in December", "2018-12", "month"),
    ("2019-01-02", "Police made arrests last week.", "last week", "2018-12", "month"),
    ("2020-03-01", "The vote was held on Saturday.", "on Saturday", "2020-02-29", "day"),
    ("2020-03-01", "The vote was held yesterday.", "yesterday", "2020-02-29", "day"),
    ("2019-01-01", "The vote was held yesterday.", "yesterday", "2018-12-31", "day"),
    ("2015-10-07", "Results came today.", "today", "2015-10-07", "day"),
    ("2015-10-07", "Police made arrests last week.", "last week", "2015-09", "month"),
    ("2015-10-07", "He spoke to a paper earlier this month.", "earlier this month", "2015-10", "month"),
    ("2015-10-07", "In April 2017, the head said 100 had joined.", "In April 2017", "2017-04", "month"),
    ("2015-10-07", "By the end of September, Spain had arrested 71.", "By the end of September", "2015-09", "month"),
    ("2015-10-07", "There were 40 attacks in the whole of 2014.", "in the whole of 2014", "2014", "year"),
    ("2015-10-07", "There were 40 attacks in 2014.", "in 2014", "2014", "year"),
    ("2015-10-07", "Talks were held on 19 and 20 September in Rabat.", "on 19 and 20 September", "2015-09-19", "day"),
    ("2015-10-07", "On September 27th, France launched strikes.", "On September 27th", "2015-09-27", "day"),
    ("2018-02-20", "The cell was busted on Thursday, February 15, police said.", "on Thursday, February 15",
     "2018-02-15", "day"),
    ("2011-09-26", "It claimed an August 26 attack.", "August 26", "2011-08-26", "day"),
    ("2016-01-10", "It began on December 30.", "on December 30", "2015-12-30", "day"),
    ("2015-10-07", "The bureau was set up in March 2015.", "in March 2015", "2015-03", "month"),
    ("2015-10-07", "Exports so far this year rose 4%.", "so far this year", "2015", "year"),
    ("2020-01-06", "It began last month.", "last month", "2019-12", "month"),
    ("2020-01-06", "Officials arrived on Tuesday.", "on Tuesday", "2019-12-31", "day"),
]


@pytest.mark.parametrize("doc,sentence,expr,iso,precision", RELATIVE)
def test_claim_dates_resolve(doc, sentence, expr, iso, precision):
    found = {c.text: c for c in D.claim_dates(sentence, 0, len(sentence), doc)}
    assert expr in found, list(found)
    assert found[expr].date == iso
    assert found[expr].precision == Precision(precision)


@pytest.mark.parametrize("sentence,expr", [
    ("Police said on Friday that 10 were held.", "on Friday"),
    ("The vote was yesterday.", "yesterday"),
    ("It happened last month.", "last month"),
    ("Back in September the bureau acted.", "Back in September"),
    ("An August 26 attack.", "August 26"),
])
def test_claim_dates_without_doc_date_keep_text(sentence, expr):
    found = {c.text: c for c in D.claim_dates(sentence, 0, len(sentence), None)}
    assert expr in found
    assert found[expr].date is None and found[expr].precision is None


def test_absolute_dates_need_no_doc_date():
    s = "It was founded in 1992 and reformed in April 2017 and on 3 May 2018."
    got = {c.text: c.date for c in D.claim_dates(s, 0, len(s), None)}
    assert got == {"in 1992": "1992", "in April 2017": "2017-04", "on 3 May 2018": "2018-05-03"}


def test_claim_dates_offsets_stay_in_the_sentence():
    text = "On Monday police met. Yesterday 40 people were arrested in 2014. On Friday they left."
    start = text.index("Yesterday")
    end = text.index(" On Friday")
    found = D.claim_dates(text, start, end, "2015-10-07")
    assert [c.text for c in found] == ["Yesterday", "in 2014"]
    for c in found:
        assert start <= c.start < c.end <= end and text[c.start:c.end] == c.text


def test_overlaps_keep_the_longest():
    s = "On Monday, September 26, 2011 the ministry spoke."
    found = D.claim_dates(s, 0, len(s), "2011-09-27")
    assert [(c.text, c.rule) for c in found] == [("On Monday, September 26, 2011", "date.full")]


def test_weekday_mismatch_in_sentence_gives_no_date():
    s = "On Tuesday, September 26, 2011 the ministry spoke."
    (found,) = D.claim_dates(s, 0, len(s), "2011-09-27")
    assert found.date is None


@pytest.mark.parametrize("sentence", [
    "Good Friday services drew 3,000 people.",
    "The Sunday Times reported 12 deaths.",
    "Markets open every Monday.",
    "He may 5 times have said so.",
    "A march drew 2000 people.",
    "Two weeks later, they left.",
])
def test_no_claim_date(sentence):
    assert D.claim_dates(sentence, 0, len(sentence), "2015-10-07") == []


@pytest.mark.parametrize("sentence,expr,kind", [
    ("There were 40 attacks in 2014.", "in 2014", "scope"),
    ("There were 40 attacks in the whole of 2014.", "in the whole of 2014", "scope"),
    ("Exports so far this year rose 4%.", "so far this year", "scope"),
    ("Sanctions have been in place since 2010.", "since 2010", "scope"),
    ("By the end of September, Spain had arrested 71.", "By the end of September", "scope"),
    ("Deaths from 2014 to 2016 rose 40%.", "from 2014 to 2016", "scope"),
    ("Police said on Friday 10 were held.", "on Friday", "said"),
    ("Police arrested 10 last week.", "last week", "said"),
    ("In April 2017, the head said 100 had joined.", "In April 2017", "said"),
    ("The vote was yesterday.", "yesterday", "said"),
    ("Exports rose 5% this year, to date.", "this year", "said"),
])
def test_scope_or_said(sentence, expr, kind):
    (cd,) = [c for c in D.claim_dates(sentence, 0, len(sentence), "2015-10-07") if c.text == expr]
    assert D.scope_or_said(cd, sentence) == kind


def test_future_cues():
    s = "The summit will be held on Friday."
    (cd,) = D.claim_dates(s, 0, len(s), "2015-10-07")
    assert cd.date == "2015-10-09"
    s = "Masks are compulsory from June 15."
    (cd,) = D.claim_dates(s, 0, len(s), "2020-06-05")
    assert cd.date == "2020-06-15"
    s = "Masks were compulsory from June 1 to June 5."
    assert D.claim_dates(s, 0, len(s), "2020-06-10")[0].date == "2020-06-01"


# ---------------------------------------------------------------- calendar helpers

def test_resolve_weekday_modes():
    wed = date(2015, 10, 7)
    assert D.resolve_weekday(wed, 6) == date(2015, 10, 4)
    assert D.resolve_weekday(wed, 2) == wed
    assert D.resolve_weekday(wed, 2, "before") == date(2015, 9, 30)
    assert D.resolve_weekday(wed, 4, "future") == date(2015, 10, 9)
    assert D.resolve_weekday(wed, 2, "future") == date(2015, 10, 14)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 6))
def test_resolve_weekday_property(doc, weekday):
    past = D.resolve_weekday(doc, weekday)
    assert past.weekday() == weekday and timedelta(0) <= doc - past <= timedelta(days=6)
    future = D.resolve_weekday(doc, weekday, "future")
    assert future.weekday() == weekday and timedelta(days=1) <= future - doc <= timedelta(days=7)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
       st.integers(1, 12), st.integers(1, 31))
def test_resolve_month_day_property(doc, month, day):
    d = D.resolve_month_day(doc, month, day)
    if d is not None:
        assert (d.month, d.day) == (month, day) and d <= doc and (doc - d).days <= 366 * 4


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("on Friday in 2014 last week yesterday September 27th 19 and, .\n")),
               max_size=120))
def test_claim_dates_never_break(text):
    found = D.claim_dates(text, 0, len(text), "2015-10-07")
    for c in found:
        assert text[c.start:c.end] == c.text and c.end > c.start
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_clock_is_used():
    with pytest.raises(BudgetExceeded):
        D.document_date("Friday, January 4, 2019\n", Clock(0))
    with pytest.raises(BudgetExceeded):
        D.claim_dates("on Friday", 0, 9, "2015-10-07", Clock(0))
    with pytest.raises(BudgetExceeded):
        D.document_publisher("Source: Reuters", Clock(0))


def test_expressions_start_at_word_starts():
    s = "at the online convention July 11 set to begin in January, nearly 2000 people"
    found = D.claim_dates(s, 0, len(s), "2020-06-19")
    assert [c.text for c in found] == ["July 11", "in January"]
    assert all(c.start == 0 or not s[c.start - 1].isalnum() for c in found)


_LINE_GATED = [(rule, ex) for rules in (D.DATE_LINE_RULES, D.PUBLISHER_RULES, F.FURNITURE_RULES)
               for rule in rules for ex in rule.examples]


@pytest.mark.parametrize("rule,ex", _LINE_GATED, ids=[f"{r.id}:{e.text[:30]}" for r, e in _LINE_GATED])
def test_the_line_gate_never_turns_away_a_line_its_rule_matches(rule: Rule, ex: Example):
    # LineRules tries a rule only on lines whose first two characters a partial match of
    # its pattern admits; every line where the full pattern matches must get through.
    chain = D.LineRules((rule,))
    matched = [(s, e) for s, e in D.trimmed_lines(ex.text, UNLIMITED) if rule.pattern.match(ex.text, s, e)]
    assert matched, "every example of a line rule holds a line it matches"
    for start, end in matched:
        assert rule in chain.candidates(ex.text, start, end), ex.text[start:end]


@pytest.mark.parametrize("text", ["THİS WEEK the council met", "laſt year the council met", "NEXT MONTH"])
def test_odd_letters_in_relative_dates_never_break(text):
    # regex matches "THİS" and "laſt" without case; their lower case is no plain "this"/"last".
    for c in D.claim_dates(text, 0, len(text), "2015-10-07"):
        assert text[c.start:c.end] == c.text


_TIME_PIECES = ["In", "in", " ", ", ", ". ", "2014", "14", "3", "May", "may", "Monday", "Mondays", "yesterday",
                "Yesterday's", "last", "week", "Sept.", "Sept", "Jan", "the", "said", "-", "\n", "٣"]


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.sampled_from(_TIME_PIECES), max_size=12).map("".join))
def test_time_kinds_are_the_kinds_present_and_none_only_without_a_time_word(text):
    """None exactly when the text holds no time word at all (has_time_words), and otherwise
    the kinds of anchor word present, whichever of the two is looked for first."""
    kinds = D.time_kinds(text, 0, len(text))
    if not D.has_time_words(text, 0, len(text)):
        assert kinds is None
    else:
        assert kinds == D._kinds_present(text, 0, len(text), UNLIMITED)


# A claim's date of saying, through extract(): a statement is dated beside its cue, from
# the dates outside what was said; a statistic by its sentence.
@pytest.mark.parametrize("text, said", [
    ("“We vote on Monday,” the minister said on Friday.", "on Friday"),
    ("“We vote on Monday,” the minister said.", None),
    ("The minister said on Friday that the plant would close on Monday.", "on Friday"),
    ("The mayor said the bridge reopened yesterday.", None),
    ("On Tuesday, the mayor said the bridge would reopen.", "On Tuesday"),
    ("“The bridge opened on Monday. It carries trains,” the mayor said on Wednesday.", "on Wednesday"),
])
def test_statement_is_dated_beside_its_cue(text, said):
    from claims import extract

    statements = [c for c in extract(text, source="t.txt").claims if c.kind.value == "statement"]
    assert len(statements) == 1
    assert statements[0].claim_date_text == said


def test_statistic_is_dated_by_its_sentence():
    from claims import extract

    claims = extract("Floods killed 12 people on Monday, the agency said.", source="t.txt").claims
    figure = next(c for c in claims if c.kind.value == "statistic")
    assert figure.claim_date_text == "on Monday"
