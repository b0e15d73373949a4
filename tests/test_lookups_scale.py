"""The lookups that pair figures, quotes and attributions inside a document answer exactly
what asking every pair would.

They look up by bisection, so a long document costs its length, not its square
(benchmarks/bench.py measures that: `long_document`). Each is held here to the plain
every-pair definition it replaced, on random layouts of nested, overlapping and tied spans."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extract import _Owners, _Within
from claims.resolve import Resolver, _given_name_gender, _Person, speaker_key
from claims.rules.attribution import Attribution, Quote, _Covered, continuation_quotes
from claims.rules.sentences import Sentence

_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda p: (p[0], p[0] + p[1]))


@st.composite
def _attributions(draw, max_size=12):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        cue_start = draw(st.integers(0, 90))
        start, end = draw(_SPAN)
        out.append(Attribution(rule="attr.test", cue="said", cue_start=cue_start, cue_end=cue_start + 4,
                               content_start=start, content_end=end, quote_kind="indirect",
                               speaker=draw(st.sampled_from([None, "A", "B"]))))
    return out


def _owner_by_every_pair(start, end, resolved):
    best = None
    for att, canonical in resolved:
        if att.content_start <= start and end <= att.content_end and att.speaker:
            if best is None or att.content_end - att.content_start < best[0].content_end - best[0].content_start:
                best = (att, canonical)
    return best


@dataclass
class _Fig:
    start: int
    end: int


@settings(max_examples=400, deadline=None, database=None)
@given(_attributions(), st.lists(_SPAN, max_size=12), st.booleans())
def test_the_owner_of_each_figure_is_the_innermost_attribution(atts, spans, in_order):
    resolved = [(att, f"canon-{n}") for n, att in enumerate(atts)]
    spans = sorted(spans) if in_order else spans  # figures come in order; any order must still be right
    owners = _Owners(resolved)
    for start, end in spans:
        assert owners.of(start, end) == _owner_by_every_pair(start, end, resolved)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(_SPAN, max_size=12), st.lists(_SPAN, max_size=12))
def test_a_span_within_is_found_as_every_pair_finds_it(inner, outer):
    within = _Within([_Fig(a, b) for a, b in inner])
    for start, end in outer:
        assert within.any_within(start, end) == any(start <= a and b <= end for a, b in inner)


def _continuations_by_every_pair(text, sentences, quotes, found):
    from dataclasses import replace

    from claims.rules.attribution import _trim

    out = []
    covered = [(f.content_start, f.content_end) for f in found]
    by_cue = sorted(found, key=lambda f: f.content_end)
    starts = {s.start: i for i, s in enumerate(sentences)}
    for q in quotes:
        a, b = q.inner
        if any(x <= a and b <= y + 1 for x, y in covered):
            continue
        if any(f.cue_start >= q.open and f.cue_start <= q.close + 40 and f.content_start <= a + 1 for f in found):
            continue
        i = starts.get(q.open)
        if i is None or i == 0:
            continue
        prev = sentences[i - 1]
        if sentences[i].paragraph - prev.paragraph > 1:
            continue
        owner = next((f for f in reversed(by_cue)
                      if f.content_end <= q.open and f.content_end >= prev.start - 1 and f.speaker), None)
        if owner is None:
            continue
        out.append(replace(owner, rule="attr.quote_continuation", cue=None, cue_start=q.open, cue_end=q.open,
                           content_start=a, content_end=_trim(text, a, b)[1], quote_kind="direct"))
    return out


@settings(max_examples=400, deadline=None, database=None)
@given(_attributions(), st.lists(st.tuples(st.integers(0, 100), st.integers(2, 30)), max_size=8),
       st.lists(st.integers(1, 3), min_size=1, max_size=10))
def test_continuation_quotes_are_those_every_pair_finds(found, quote_spans, lengths):
    text = "x" * 140
    sentences, at, paragraph = [], 0, 0
    for n, length in enumerate(lengths):  # sentences of 10-30 characters, some paragraphs apart
        sentences.append(Sentence(at, at + 10 * length, paragraph))
        at += 10 * length
        paragraph += n % 2
    quotes = [Quote(open=a, close=min(a + n, len(text) - 1), closed=True) for a, n in quote_spans]
    quotes += [Quote(open=s.start, close=s.end - 1, closed=True) for s in sentences[1:]]
    assert continuation_quotes(text, sentences, quotes, found) == \
        _continuations_by_every_pair(text, sentences, quotes, found)


@settings(max_examples=400, deadline=None, database=None)
@given(_attributions(), st.lists(st.integers(0, 100), max_size=12))
def test_a_point_inside_attributed_content_is_found_as_every_pair_finds_it(found, points):
    covered = _Covered(found)
    for at in points:
        assert covered.holds_point(at) == any(f.content_start <= at < f.content_end for f in found)


_NAMES = ["Jane Doe", "John Doe", "Doe", "Ann Lee", "Lee", "Bo"]
_PERSON = st.builds(lambda pos, name, gender: _Person(pos, name, gender=gender),
                    st.integers(0, 8), st.sampled_from(_NAMES), st.sampled_from([None, "he", "she"]))


def _last_person_by_every_pair(people, pos, pronoun):
    want = "she" if pronoun == "she" else "he" if pronoun == "he" else None
    genders = {}
    for p in people:
        if p.gender:
            genders.setdefault(p.name, p.gender)
    passed_over = False
    for p in reversed([p for p in people if p.pos < pos]):
        gender = genders.get(p.name) or _given_name_gender(p.words)
        if want is None or gender == want or gender is None and not passed_over:
            return p
        passed_over = passed_over or gender is not None
    return None


_ASK = st.tuples(st.integers(0, 10), st.sampled_from(["he", "she", "it"]))
_OUTLET = st.tuples(st.integers(0, 50), st.sampled_from(_NAMES + ["Reuters", "the BBC", "BBC"]))


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(_PERSON, max_size=8), st.booleans(),
       st.lists(st.one_of(_PERSON, _ASK, _OUTLET.map(lambda o: ("outlet", o))), max_size=16))
def test_the_resolver_s_lookups_answer_as_walking_everyone_named_does(early, sort, steps):
    """People named as the text is read (appended, then put in order), then, as attributions
    resolve, more people named in order, outlets noted and pronouns looked up, interleaved.
    Each lookup agrees with a walk over everyone and everything named so far."""
    resolver = Resolver("")
    for person in early:
        resolver._add_person(person)
    if sort:
        resolver._put_people_in_order()  # as remember_mentions leaves them
    noted = []
    for step in steps:
        if isinstance(step, _Person):
            resolver._add_person(step, in_order=sort)
        elif step[0] == "outlet":
            resolver.note_outlet(*step[1])
            noted.append(step[1])
        else:
            pos, pronoun = step
            assert resolver._last_person(pos, pronoun) == _last_person_by_every_pair(resolver.people, pos, pronoun)
    assert resolver.outlets == sorted(noted)
    for name in _NAMES + ["Reuters", "bbc", "Nobody"]:
        walked = next((o for _, o in resolver.outlets if speaker_key(o) == speaker_key(name)), None)
        assert resolver._known_outlet(name) == walked
        named = any(p.name == name or p.name.split()[-1] == name for p in resolver.people)
        assert (name in resolver._names or name in resolver._last_words) == named
