"""Conflicting figures: what groups, what disagrees, and what must never be grouped."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.conflicts import _comparable, disagree, group_members
from claims.subjects import Member, interval, lemma, subject_tokens
from support import claims_cli, write_articles


def _m(id, doc, value=None, low=None, high=None, qualifier=None, counted="Moroccan jihadists", event=None,
       speaker=None, place=None):
    lo, hi = interval(value, low, high, qualifier)
    return Member(id, doc, subject_tokens(counted), event, None, lo, hi, place, None, None, speaker)


@pytest.mark.parametrize("a,b,agree", [
    (dict(value=1600, qualifier="more_than"), dict(value=1668), True),
    (dict(value=1600), dict(low=1200, high=1400), False),
    (dict(value=1600, qualifier="more_than"), dict(low=1200, high=1400), False),
    (dict(value=1000, qualifier="approx"), dict(value=1050), True),
    (dict(value=20, qualifier="at_most"), dict(value=25), False),
    (dict(value=20, qualifier="less_than"), dict(value=20), False),
    (dict(value=2), dict(value=20), False),
])
def test_intervals_respect_qualifiers(a, b, agree):
    assert disagree([_m("a", "d1", **a), _m("b", "d2", **b)]) is not agree


def test_subjects_ignore_plural_and_order():
    assert subject_tokens("Moroccan jihadists") == subject_tokens("jihadists (Moroccans)")
    assert subject_tokens("French jihadists") != subject_tokens("Moroccan jihadists")
    assert lemma("women") == "woman" and lemma("countries") == "country"


def test_one_source_listing_figures_in_one_story_is_not_a_conflict():
    ms = [_m("a", "d1", value=54, counted="Ohio delegates", speaker="party"),
          _m("b", "d1", value=15, counted="Ohio delegates", speaker="party")]
    assert group_members(ms) == []


def test_two_sources_in_one_story_conflict():
    ms = [_m("a", "d1", value=2, counted="Mauritanian soldiers", event="killed", speaker="security sources"),
          _m("b", "d1", value=20, counted="Mauritanian soldiers", event="killed", speaker="AQIM")]
    groups = group_members(ms)
    assert len(groups) == 1 and disagree(groups[0])


def test_a_lone_noun_never_groups_across_stories():
    ms = [_m("a", "d1", value=56, counted="deaths", event="killed"),
          _m("b", "d2", value=4600, counted="deaths", event="killed")]
    assert group_members(ms) == []


def test_different_places_stay_apart():
    ms = [_m("a", "d1", value=1600, place="syria"), _m("b", "d2", value=900, place="mali")]
    assert group_members(ms) == []


def test_cells_of_the_same_size_in_two_stories_are_not_grouped(tmp_path):
    folder = write_articles(tmp_path / "in", {
        "a.txt": "Police said they broke up a three-member terrorist cell in Fez on Monday.",
        "b.txt": "Officials said a three-member terrorist cell was dismantled in Tangier.",
        "c.txt": "The ministry said 120 Moroccan fighters had returned from Syria.",
        "d.txt": "A watchdog told reporters that 300 Moroccan fighters had returned.",
    })
    db = tmp_path / "c.db"
    assert claims_cli("extract", folder, "--db", db).returncode == 0
    groups = json.loads(claims_cli("conflicts", "--db", db, "--json", "--all").stdout)
    subjects = [g["subject"] for g in groups]
    assert not any("cell" in s or "member" in s for s in subjects), subjects
    fighters = [g for g in groups if "fighter" in g["subject"]]
    assert fighters and fighters[0]["conflict"]
    assert {m["speaker"] for m in fighters[0]["members"]} == {"ministry", "watchdog"}


def test_a_revision_in_one_story_is_grouped(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The death toll among Chilean miners, initially put at 27, was later revised to 20 by rescuers.\n",
        encoding="utf-8")
    db = tmp_path / "r.db"
    assert claims_cli("extract", tmp_path / "a.txt", "--db", db).returncode == 0
    groups = json.loads(claims_cli("conflicts", "--db", db, "--json", "--all").stdout)
    assert groups and {m["value"] for m in groups[0]["members"]} == {27.0, 20.0}


def _pairwise_groups(members):
    """The definition group_members implements in linear time: every pair tested."""
    by_subject = {}
    for m in members:
        by_subject.setdefault((m.tokens, m.event, m.unit, m.scope_time), []).append(m)
    out = []
    for candidates in by_subject.values():
        parent = list(range(len(candidates)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for i, a in enumerate(candidates):
            for j in range(i + 1, len(candidates)):
                if _comparable(a, candidates[j]):
                    parent[find(j)] = find(i)
        parts = {}
        for i, m in enumerate(candidates):
            parts.setdefault(find(i), []).append(m.id)
        out.extend(p for p in parts.values() if len(p) > 1)
    return out


_member = st.builds(
    lambda doc, counted, place, speaker, revision: (doc, counted, place, speaker, revision),
    st.sampled_from(["d1", "d2", "d3"]), st.sampled_from(["Moroccan jihadists", "deaths"]),
    st.sampled_from([None, None, "paris", "lyon"]), st.sampled_from([None, "police", "union"]), st.booleans())


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_member, max_size=14))
def test_grouping_joins_exactly_the_comparable_pairs(specs):
    members = [Member(f"c{i}", doc, subject_tokens(counted), None, None, 1.0, 2.0, place, None, None, speaker,
                      revision) for i, (doc, counted, place, speaker, revision) in enumerate(specs)]
    assert [[m.id for m in g] for g in group_members(members)] == _pairwise_groups(members)
