"""What a percentage counts: the noun it stands before after a determiner, what a share
before it counted when the two are linked ("... and 12% for females"), and otherwise the
noun phrase to its left."""
from __future__ import annotations

import pytest

from claims import extract


def _counted(text: str) -> dict[str, str]:
    return {c.text: c.counted for c in extract(text).claims if c.kind.value == "statistic"}


@pytest.mark.parametrize("text, figure, counted", [
    ("Among the chicks there was a 17% survival rate this spring.", "17%", "survival rate"),
    ("There was a 4.2% swing against the ruling party.", "4.2%", "swing"),
    ("She fell short of the 15 percent threshold for the debates.", "15 percent", "threshold"),
])
def test_after_a_determiner_a_share_counts_the_noun_it_stands_before(text, figure, counted):
    assert _counted(text)[figure] == counted


def test_a_share_linked_to_the_one_before_counts_what_that_one_counted():
    counted = _counted("Among the chicks there was a 17% survival rate for males and 12% for females.")
    assert counted == {"17%": "survival rate", "12%": "survival rate"}


@pytest.mark.parametrize("text, figure, counted", [
    # What follows a share with no determiner is its verb; it counts what stands to its left.
    ("In the survey, about 70 percent belong to a union.", "about 70 percent", "percent"),
    ("Voter turnout fell to 41 percent on Sunday.", "41 percent", "Voter turnout"),
])
def test_without_a_determiner_what_follows_a_share_is_not_what_it_counts(text, figure, counted):
    assert _counted(text)[figure] == counted


@pytest.mark.parametrize("text, figure, counted", [
    # A share in brackets after a count is a share of what was counted.
    ("The Green Party received 1,457,226 votes (1.06 percent) in 2016.", "1.06 percent", "votes"),
    # "of my", "of your": the possessive does not end the phrase.
    ("I spend about 60% of my working time on it.", "about 60%", "working time"),
    # The words left of a share are a clause when they hold a verb: no noun, the unit stands.
    ("Biden led Trump 47 percent to 40 percent.", "47 percent", "percent"),
    ("She polled at two percent in the Monmouth poll.", "two percent", "percent"),
    ("In Mysore, we have ten percent women employees.", "ten percent", "percent"),
    # A verb of change between a subject and its share is passed over, with its auxiliary.
    ("The colony has declined by over 40% since 2010.", "over 40%", "colony"),
])
def test_what_a_share_counts_in_context(text, figure, counted):
    assert _counted(text)[figure] == counted


@pytest.mark.parametrize("text, figure, counted", [
    # What says where a measure stands is not what it counts: the unit is.
    ("The dealers stood 150 meters away from the school.", "150 meters", "m"),
    ("The hail stones were two centimetres wide.", "two centimetres", "cm"),
    ("Up to 3,000 tonnes of grain were lost.", "Up to 3,000 tonnes", "grain"),
])
def test_what_a_measure_counts(text, figure, counted):
    assert _counted(text)[figure] == counted


@pytest.mark.parametrize("text, figure, counted", [
    # The place a share was measured in is not what it counts; a head before "on" or
    # "against" is, with its object.
    ("Attacks on United Nations peacekeepers in Mali rose by 40% in the first half.", "40%",
     "Attacks on United Nations peacekeepers"),
    ("Attacks against aid workers rose 20% last year.", "20%", "Attacks against aid workers"),
])
def test_a_share_counts_the_head_and_its_object_not_the_place(text, figure, counted):
    assert _counted(text)[figure] == counted


@pytest.mark.parametrize("text, figure, counted", [
    ("Unemployment remained stuck at about 15.5 percent.", "about 15.5 percent", "Unemployment"),
    ("Nearly half of all graduates were out of work.", "Nearly half", "graduates"),
])
def test_a_share_after_a_verb_of_staying_or_of_all(text, figure, counted):
    assert _counted(text)[figure] == counted


@pytest.mark.parametrize("text, figure, counted", [
    # Elliptical counts: what the figure before counted, or the people a verb acts on.
    ("Heavy rains killed at least 50 people and left more than 100,000 without shelter.", "more than 100,000",
     "people"),
    ("Floods killed 57 people and affected more than 200,000.", "more than 200,000", "people affected"),
])
def test_a_count_without_its_noun(text, figure, counted):
    assert _counted(text)[figure] == counted
