"""Who a speaker is: pronouns, definite descriptions and short names resolved to a
name a reader can check, within one document."""
from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from operator import attrgetter
from typing import Iterable, Iterator, Optional

import regex

from .models import Speaker
from .rules import lexicon as lx
from .rules import attribution
from .rules.attribution import Attribution
from .rules.base import Clock, UNLIMITED, compile_pattern, match, scan, search, word_trie

# A document names the same few speakers again and again: these pure tests of a name are
# asked the same question two times in three.
is_person_name = lru_cache(maxsize=4096)(attribution.is_person_name)
outlet_in = lru_cache(maxsize=4096)(attribution.outlet_in)
split_role = lru_cache(maxsize=4096)(attribution.split_role)

_V = regex.VERSION1
_PARTICLE = r"(?:al|el|de|da|van|von|bin|ibn|der|la|le|du|dos|del)"
# A name of two to four capitalised words, with particles and initials: "Abdelhak el-Khayam".
_NAME = rf"\p{{Lu}}[\p{{L}}'’-]+(?:[ -]+(?:{_PARTICLE}[ -])?(?:\p{{Lu}}\.\s)?\p{{Lu}}[\p{{L}}'’-]+){{1,3}}"
# A person introduced in apposition: "Sidi Mohamed, a resident of ...", "Jane Doe, 45, ...".
_APPOSITION = r"\s+(?:a|an|the|who|whose|aged|\d{1,3})\b"
_PERSON_APPOSITION = compile_pattern(
    rf"(?P<name>{_NAME})," + _APPOSITION, _V)
# The comma after a capitalised word that opens an apposition. The name before it holds no
# comma, colon or bracket, so _scan_before searches for it only back to the last of those.
_APPOSITION_ANCHOR = compile_pattern(r",(?<=\p{Lu}[\p{L}'’-]+,)" + _APPOSITION, _V)
# A person described, then named in apposition: "A ministry spokesman, Yasser Mesbah, said".
_ROLE_ALT = word_trie(sorted(lx.ROLE_NOUNS))
_DESCRIBED_PERSON = compile_pattern(
    r"(?<![\p{L}'’-])(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+"
    rf"(?P<role>(?:[\p{{Ll}}\p{{Lu}}][\p{{L}}'’-]*\s+){{0,5}}?(?:{_ROLE_ALT})), "
    rf"(?P<name>{_NAME})\s*[,.]", _V)
# "X echoed his remarks in an interview with the newspaper Le Monde": X's next quotes come through it.
_INTERVIEW = compile_pattern(
    r"\binterview\s+(?:with|to|for)\s+(?:the\s+)?(?:(?:[\p{L}’'-]+\s+){0,3}?(?:" + lx.OUTLET_TYPE_NOUNS + r")\s+)?"
    r"(?P<outlet>\p{Lu}[\p{L}\p{N}'’&-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’&-]*|\d{1,3}\b)){0,4})", _V)
_SUBJECT_NAME = compile_pattern(r"(?:^|(?<=[.!?\n]\s*))\s*(?P<name>\p{Lu}[\p{L}'’-]+(?:[\s-]+\p{Lu}[\p{L}'’-]+){0,3})", _V)
_NOT_OUTLET_START = frozenset("it this that these those he she we they i you the a an his her their our".split())
# How far back (characters) "they" looks for the body it stands for.
GROUP_REACH = 600
# Characters after a described speaker within which a "he" or "she" is still theirs.
DESCRIBED_REACH = 400
# How far (characters) an interview keeps supplying the outlet for its speaker's quotes.
INTERVIEW_REACH = 800
_OUTLET_TYPE = compile_pattern(lx.OUTLET_TYPE_NOUNS, regex.VERSION1 | regex.IGNORECASE)
_OUTLET_BEFORE = compile_pattern(rf"\b(?:{lx.OUTLET_TYPE_NOUNS})\s+$", regex.VERSION1 | regex.IGNORECASE)
_DEMONYM = compile_pattern(r"(?:an|ian|ese|ish|i)$", _V)
_TITLES = ("President", "Vice President", "Prime Minister", "Minister", "Senator", "Sen.", "Representative", "Rep.",
           "Governor", "Gov.", "Mayor", "Chancellor", "King", "Queen", "Prince", "Princess", "Pope", "General", "Gen.",
           "Colonel", "Col.", "Judge", "Justice", "Dr.", "Mr.", "Mrs.", "Ms.", "Professor", "Prof.", "Chief",
           "Secretary", "Ambassador", "Commissioner", "Director", "Inspector", "Sergeant", "Captain", "Coach",
           "Bishop", "Archbishop", "Rabbi", "Imam", "Sheikh", "Spokesman", "Spokeswoman")
# "President Donald Trump", "Senator Ted Cruz": a title before a name marks a person. The
# pattern opens on the range of the titles' capitals, which the engine skips to quickly, then
# tries the rest of every title as a trie (a space in a title is any run of spaces): a match
# whose capital and rest make no title ("Dr" + "ing") is no match, see _titled_names.
_TITLE_SET = frozenset(_TITLES)
_TITLE_TAILS = word_trie(sorted({title[1:] for title in _TITLES})).replace(regex.escape(" "), r"\s+")
_TITLED_NAME = compile_pattern(rf"(?P<title>[A-V](?<=\b.)(?:{_TITLE_TAILS}))\s+(?P<name>{_NAME})", _V)
# "Jane Doe told ...", "Former minister Jane Doe said ...": a name at the head of a sentence.
_SUBJECT_AT = compile_pattern(
    r"\s*(?P<name>(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’-]+)(?=\s+\p{Ll})", regex.VERSION1)
_ARTICLE = compile_pattern(r"^(?:the|a|an)\s+", regex.VERSION1 | regex.IGNORECASE)
_POSSESSIVE = compile_pattern(r"['’]s$", _V)


# "Central Bureau of Judicial Investigation (BCIJ)": a text defining its own short name.
_ACRONYM = r"(?P<acronym>\p{Lu}{2,8})\)"
_ACRONYM_DEFINITION = compile_pattern(
    r"(?P<name>(?:\p{Lu}[\p{L}'’-]+\s+)(?:(?:of|for|and|the|de|du|des|la|le)\s+|\p{Lu}[\p{L}'’-]+\s+){0,7}"
    r"\p{Lu}[\p{L}'’-]+)\s*\(" + _ACRONYM, _V)
# "(ACRONYM)" after a capitalised word. The name is words and spaces only, so _scan_before
# searches for it only back to the last bracket, comma or full stop.
_ACRONYM_ANCHOR = compile_pattern(r"\((?<=\p{Lu}[\p{L}'’-]+\s*\()" + _ACRONYM, _V)
_OWNER = compile_pattern(r"['’]s$", _V)


def _titled_names(text: str, clock: Clock) -> Iterator[regex.Match]:
    """scan(_TITLED_NAME, text) as it was with the titles themselves in the pattern: a match
    whose capital and rest make no title is dropped and the search goes on from the next
    character. Only one rest can be followed by a space there (no title and a space start
    another), so no true title was missed at that character."""
    pos = 0
    while m := search(_TITLED_NAME, text, clock, pos):
        if " ".join(m.group("title").split()) in _TITLE_SET:
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


_COMMA_BEFORE_CAPITAL = compile_pattern(r", (?=\p{Lu})", _V)


def _described_people(text: str, clock: Clock) -> Iterator[regex.Match]:
    """_DESCRIBED_PERSON's matches. Most commas before a capital follow no role noun; a plain
    look at the word before each spares the pattern, which a search over the whole text
    would try at every letter."""
    after = 0
    for c in scan(_COMMA_BEFORE_CAPITAL, text, clock):
        comma = c.start()
        if comma < after:
            continue
        word_start = max(text.rfind(" ", 0, comma), text.rfind("\n", 0, comma)) + 1
        if text[word_start:comma].lower() in lx.ROLE_NOUNS:
            m = search(_DESCRIBED_PERSON, text, clock, max(0, comma - 120), min(len(text), comma + 80))
            if m and m.end("role") == comma:
                yield m
                after = m.end()


# Titles written before a lone surname ("President Trump", "Turkish president Erdoğan"), by
# the tail each is found by (a plain str.find, case aside from the first letter).
_SURNAME_TITLES = {"resident ": "president", "inister ": "minister", "hancellor ": "chancellor",
                   "enator ": "senator", "overnor ": "governor", "ayor ": "mayor", "eader ": "leader"}
_NOT_SURNAMES = lx.ORG_WORDS | lx.ROLE_NOUNS | frozenset("candidate elect emeritus".split())
_PARTICLE_AFTER = compile_pattern(rf"{_PARTICLE}[\s-]", _V)


def _titled_surnames(text: str, clock: Clock) -> Iterator[tuple[int, str, str]]:
    """(position, surname, title) for a title right before one capitalised word that no
    other capitalised word follows: the person is named by surname alone. A full name after
    a title is _titled_names' ("President Donald Trump")."""
    for tail, title in _SURNAME_TITLES.items():
        at = text.find(tail)
        while at >= 0:
            start = at - 1
            name_at = at + len(tail)
            if start >= 0 and text[start] in (title[0], title[0].upper()) \
                    and (start == 0 or not text[start - 1].isalpha()):
                end = name_at
                while end < len(text) and (text[end].isalpha() or text[end] in "'’-"):
                    end += 1
                name = text[name_at:end].rstrip("'’-")
                rest = text[end:end + 2]
                after = text[end:end + 5].lstrip()
                if len(name) > 1 and name[0].isupper() and not name.isupper() and name.isalpha() \
                        and not (rest[:1].isspace() and (after[:1].isupper() or match(_PARTICLE_AFTER, after, clock))) \
                        and not rest.startswith(("'s", "’s")) and name.lower() not in _NOT_SURNAMES \
                        and name not in _OPENING_WORDS:
                    yield name_at, name, title
            at = text.find(tail, at + 1)


def _scan_before(pattern: regex.Pattern, anchor: regex.Pattern, stops: str, text: str, clock: Clock,
                 tail: int = 0) -> Iterator[regex.Match]:
    """What scan(pattern, text) finds, for a pattern whose every match ends in an `anchor` match
    (which starts with one of the `stops`) and holds no stop before it. The cheap anchor is
    searched through the text; the pattern only from the last stop before each anchor, instead
    of at every capital letter. `tail`: how many characters after the anchor the pattern reads."""
    pos = 0
    for a in scan(anchor, text, clock):
        start = max([pos] + [text.rfind(stop, pos, a.start()) + 1 for stop in stops])
        m = search(pattern, text, clock, start, min(len(text), a.end() + tail))
        if m:
            yield m
            pos = m.end()


def find_acronyms(text: str, clock: Clock = UNLIMITED) -> list[tuple[str, str]]:
    """(short, long) for each acronym the text defines."""
    found: dict[str, str] = {}
    for m in _scan_before(_ACRONYM_DEFINITION, _ACRONYM_ANCHOR, "().,;", text, clock):
        words = m.group("name").split()
        if len(words) > 2 and _OWNER.search(words[0]):
            words = words[1:]  # "Morocco’s Central Bureau of ...": the owner is not the name
        found.setdefault(m.group("acronym"), " ".join(words))
    return sorted(found.items())


def canonical_outlet(name: Optional[str]) -> Optional[str]:
    """One name per outlet: 'AP' and 'the Associated Press' are 'The Associated Press'."""
    if not name:
        return None
    bare = " ".join(name.split())
    for key in (bare.lower(), _ARTICLE.sub("", bare).lower()):
        if key in lx.OUTLET_ALIASES:
            return lx.OUTLET_ALIASES[key]
    return _ARTICLE.sub("", bare)


@lru_cache(maxsize=4096)
def speaker_key(name: str) -> str:
    return " ".join(_ARTICLE.sub("", name).lower().replace("’", "'").split())


@dataclass
class _Person:
    pos: int
    name: str
    role: Optional[str] = None
    gender: Optional[str] = None  # "he" or "she" when the text says so
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.words = tuple(self.name.split())  # _full_name compares them often


_pos_of = attrgetter("pos")
_insort_by_pos = partial(insort, key=_pos_of)


@dataclass
class Resolver:
    """Walks a document's attributions in reading order, remembering who was named."""

    text: str
    people: list[_Person] = field(default_factory=list)
    outlets: list[tuple[int, str]] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    interviews: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, who, outlet)
    last_group: Optional[tuple[int, str]] = None
    # The last speaker described, not named, as one person ("a local official", "the
    # spokesman"): a "he" right after their words is theirs, not the last name's.
    last_described: Optional[tuple[int, str]] = None
    # The people of more than one word by the last word of their name, each list in the order
    # of `people`: what a bare surname can stand for, without walking everyone named.
    surnames: dict[str, list[_Person]] = field(default_factory=dict)
    # Kept beside `people` and `outlets` so that a lookup per attribution does not walk
    # everyone named so far, which costs a long document the square of its length.
    _names: set[str] = field(default_factory=set, init=False, repr=False)
    _last_words: set[str] = field(default_factory=set, init=False, repr=False)
    _people_in_order: bool = field(default=True, init=False, repr=False)
    # Each name's first gendered entry in `people`, as (position, gender); None: to be read again.
    _genders: Optional[dict[str, tuple[int, str]]] = field(default_factory=dict, init=False, repr=False)
    _outlet_by_key: dict[str, tuple[int, str]] = field(default_factory=dict, init=False, repr=False)
    _surname_searched: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    # The people of more than one word by the skeleton of their surname: what a lone surname
    # spelt another way ("Khiam" for "Abdelhak el-Khayam") can stand for.
    _by_skeleton: dict[str, list[_Person]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._people_in_order = True  # set here too: a compiled dataclass leaves it unset
        people, self.people = self.people, []
        for person in people:
            self._add_person(person)
        outlets, self.outlets = self.outlets, []
        for pos, name in outlets:
            self.note_outlet(pos, name)

    def _add_person(self, person: _Person, in_order: bool = False) -> None:
        """`in_order` once remember_mentions has put `people` in reading order: it stays so."""
        add = _insort_by_pos if in_order else list.append
        add(self.people, person)
        if len(person.words) > 1:
            add(self.surnames.setdefault(person.words[-1], []), person)
            bare = without_particle(person.words[-1])
            if bare != person.words[-1]:  # "el-Saidi" is the "Saidi" said later
                add(self.surnames.setdefault(bare, []), person)
            add(self._by_skeleton.setdefault(skeleton(bare.lower()), []), person)
        self._names.add(person.name)
        if person.words:
            self._last_words.add(person.words[-1])
        if not in_order:
            self._people_in_order, self._genders = False, None
        elif person.gender and self._genders is not None:
            # Inserted after any of its position: first of its name only if the others come later.
            first = self._genders.get(person.name)
            if first is None or person.pos < first[0]:
                self._genders[person.name] = (person.pos, person.gender)

    def _put_people_in_order(self) -> None:
        self.people.sort(key=_pos_of)
        self._people_in_order, self._genders = True, None

    def _read_genders(self) -> dict[str, tuple[int, str]]:
        if self._genders is None:
            self._genders = {}
            for p in self.people:
                if p.gender and p.name not in self._genders:
                    self._genders[p.name] = (p.pos, p.gender)
        return self._genders

    def remember_mentions(self, clock: Clock = UNLIMITED, sentence_starts: Optional[list[int]] = None) -> None:
        """People a later 'he' or 'she' can stand for: named in apposition, after a title,
        or as the subject of a sentence; a later bare surname is the same person."""
        for m in _scan_before(_PERSON_APPOSITION, _APPOSITION_ANCHOR, ",;:()", self.text, clock, tail=1):
            name, at = _past_opening_words(_strip_descriptors(m.group("name")), m.start())
            if " " not in name:  # "And Hawkins, the Green nominee,": the fuller name given before
                name = self._named_before(name, at) or name
            if _OUTLET_BEFORE.search(self.text, max(0, at - 30), at):
                continue  # "the Moroccan daily Al Massae, the ...": a paper, not a person
            if is_person_name(name):
                self._add_person(_Person(at, name, gender=_gender_near(self.text, m.start())))
        for m in _described_people(self.text, clock):
            name, role = m.group("name"), " ".join(m.group("role").split())
            if is_person_name(name):
                self._add_person(_Person(m.start("name"), name, role=role, gender=_gender_of(role)))
        for m in _titled_names(self.text, clock):
            name = m.group("name")
            if is_person_name(name):
                self._add_person(_Person(m.start("name"), name, role=m.group("title"),
                                         gender=_gender_of(m.group("title"))))
        for at, name, title in _titled_surnames(self.text, clock):
            full = self._full_name(name, at) or name
            self._add_person(_Person(at, full, role=title, gender=_gender_of(title)))
        starts = sentence_starts if sentence_starts is not None else [0]
        for at in _sentence_heads(self.text, starts, self.surnames):
            subject = match(_SUBJECT_AT, self.text, clock, at)
            if not subject:
                continue
            head, head_at = _past_opening_words(subject.group("name"), subject.start("name"))
            if not head:
                continue
            person, person_role = split_role(head)
            if is_person_name(person):
                self._add_person(_Person(head_at, person, role=person_role, gender=_gender_of(person_role or "")))
            elif len(person.split()) == 1:
                named = self._full_name(person, subject.start()) or self._named_before(person, subject.start())
                if named:
                    self._add_person(_Person(head_at, named))
        self._put_people_in_order()
        for namesakes in self.surnames.values():
            namesakes.sort(key=_pos_of)
        for m in scan(_INTERVIEW, self.text, clock):
            start = max(self.text.rfind(". ", 0, m.start()), self.text.rfind("\n", 0, m.start())) + 1
            who = match(_SUBJECT_NAME, self.text, clock, start, m.start())
            outlet = m.group("outlet")
            if who and outlet.split()[0].lower() not in _NOT_OUTLET_START:
                self.interviews.append((m.start(), who.group("name"), outlet))
                self.note_outlet(m.start(), outlet)

    def note_outlet(self, pos: int, name: Optional[str]) -> None:
        if name:
            insort(self.outlets, (pos, name))
            key = speaker_key(name)
            first = self._outlet_by_key.get(key)
            if first is None or (pos, name) < first:
                self._outlet_by_key[key] = (pos, name)

    def resolve(self, att: Attribution) -> tuple[Attribution, Optional[str]]:
        """The attribution with a canonical speaker name, and that name."""
        if not att.speaker:
            return att, None
        pos = att.cue_start
        np = att.speaker
        canonical: Optional[str]
        role = att.role
        if att.reference == "pronoun" and np.lower() in ("they", "we", "it"):
            # "they" and "it" are a body or a group, never the last man named.
            canonical = self.last_group[1] if self.last_group and pos - self.last_group[0] < GROUP_REACH else None
        elif att.reference == "pronoun":
            person = self._last_person(pos, np)
            described = self.last_described
            if described and pos - described[0] < DESCRIBED_REACH and (person is None or person.pos < described[0]):
                canonical = described[1]
            else:
                canonical = person.name if person else None
                role = role or (person.role if person else None)
                if person and np.lower() in ("he", "she"):
                    self._add_person(_Person(pos, person.name, person.role, gender=np.lower()), in_order=True)
        elif att.reference == "definite":
            canonical, role = self._definite(np, pos, role)
        else:
            name, split = split_role(np)
            role = role or split
            name = _POSSESSIVE.sub("", _ARTICLE.sub("", name)).strip()
            if name.split()[:1] and name.split()[0] in _LINKING_WORDS:
                name = _past_opening_words(name, 0)[0] or name  # "And Hawkins said"
            canonical = self._full_name(name, pos) or self._named_before(name, pos) or name
            if is_person_name(canonical):
                self._add_person(_Person(pos, canonical, role, gender=_gender_of(role or "")), in_order=True)
        outlet = att.outlet or outlet_in(np) or self._known_outlet(canonical) or self._interview(canonical, pos)
        if outlet and not (outlet[:1].isupper() or outlet.lower() in lx.OUTLET_ALIASES):
            outlet = None  # an outlet is a name: "of" or "local media" is not one
        if outlet and (outlet in self._names or outlet in self._last_words):
            outlet = None  # "told Jane Doe": a person named in the story is an audience, not an outlet
        if outlet:
            self.note_outlet(pos, outlet)
        if att.reference != "pronoun":
            self.last_described = (pos, canonical) if canonical and _one_person_described(np) else None
        if canonical:
            if self._record(canonical, np, role, att).kind in ("organisation", "anonymous", "document", "outlet"):
                self.last_group = (pos, canonical)
        if role == att.role and outlet == att.outlet:
            return att, canonical  # frozen, and already what a copy would be
        return replace(att, role=role, outlet=outlet), canonical

    def _known_outlet(self, name: Optional[str]) -> Optional[str]:
        """A speaker named earlier as an outlet ('newspaper Assabah') speaks as that outlet."""
        if not name:
            return None
        first = self._outlet_by_key.get(speaker_key(name))
        return first[1] if first else None

    def _interview(self, name: Optional[str], pos: int) -> Optional[str]:
        if not name:
            return None
        for at, who, outlet in reversed(self.interviews):
            if at < pos <= at + INTERVIEW_REACH and (who == name or (self._full_name(who, pos) or who) == name):
                return outlet
        return None

    def _last_person(self, pos: int, pronoun: str = "") -> Optional[_Person]:
        """The last person named before `pos` whom the pronoun can fit ('she' skips a known 'he')."""
        want = "she" if pronoun.lower() == "she" else "he" if pronoun.lower() == "he" else None
        genders = self._read_genders()
        before: Iterable[_Person]
        if self._people_in_order:
            people = self.people
            # map, not a generator expression, which mypyc would build as a whole list
            before = map(people.__getitem__, range(bisect_left(people, pos, key=_pos_of) - 1, -1, -1))
        else:
            before = reversed([p for p in self.people if p.pos < pos])
        passed_over = False
        for p in before:
            gender = genders.get(p.name, (0, None))[1] or _given_name_gender(p.words)
            if want is None or gender == want or gender is None and not passed_over:
                return p
            # Past someone the pronoun cannot be, only someone it is known to fit will do:
            # a person of unknown gender further back is a guess.
            passed_over = passed_over or gender is not None
        return None

    def _full_name(self, name: str, pos: int) -> Optional[str]:
        """'Khiame' is the 'Abdelhak Khiame' named earlier; 'Manar Slimi' is 'Abderrahim Manar Slimi'."""
        words = tuple(name.split())
        if not words or len(words) > 3:
            return None
        namesakes = self.surnames.get(words[-1], ())
        for person in reversed(namesakes):
            full = person.words
            if len(full) > len(words) and full[-len(words):] == words:
                return person.name
        bare = tuple(map(without_particle, words))
        for person in reversed(namesakes):  # "Saidi" for "Mohamed el-Saidi", "el-Saidi" for "Mohamed Saidi"
            full = person.words
            if len(full) > len(words) and tuple(map(without_particle, full[-len(words):])) == bare:
                return person.name
        if len(words) == 1 and words[0].isalpha() and words[0][:1].isupper():
            # "Khiam" after "Abdelhak el-Khayam": one surname spelt two ways, as identities join them
            lone = bare[0].lower()
            key = skeleton(lone)
            if len(key) >= 3:
                for person in reversed(self._by_skeleton.get(key, ())):
                    if edit_distance(lone, without_particle(person.words[-1]).lower()) <= 2:
                        return person.name
        return None

    def _named_before(self, surname: str, pos: int) -> Optional[str]:
        """'Pierce' is the 'Brock Pierce' the text names before `pos` in a way no mention rule
        reads ('Independent presidential candidate Brock Pierce'): the first place where one
        capitalised word, standing alone, comes right before the surname. Once found the name
        is kept with the people, so later mentions and pronouns find it."""
        if not surname.isalpha() or not surname[:1].isupper():
            return None
        # Where the last search for this surname stopped: each stretch of text is read once
        # per surname, however often an unnamed speaker ("Microsoft said") comes back.
        searched = self._surname_searched.get(surname, 0)
        if searched >= pos:
            return None
        self._surname_searched[surname] = pos
        text = self.text
        at = text.find(surname, max(0, searched - len(surname) + 1), pos)
        while at >= 0:
            given = _lone_given_name(text, at, at + len(surname))
            if given is not None:
                full = f"{given[0]} {surname}"
                if is_person_name(full) and not outlet_in(full):
                    self._add_person(_Person(given[1], full), in_order=self._people_in_order)
                    return full
            at = text.find(surname, at + 1, pos)
        return None

    def _definite(self, np: str, pos: int, role: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        bare = _ARTICLE.sub("", np).strip()
        words = [w.lower() for w in bare.split()]
        if words and _OUTLET_TYPE.fullmatch(words[-1]):
            before = bisect_left(self.outlets, (pos,))  # the outlets named before pos
            return (self.outlets[before - 1][1] if before else bare), role
        if words and words[-1] in lx.ROLE_NOUNS:
            best, best_score = None, 0
            for person in self.people:
                if person.pos >= pos or not person.role:
                    continue
                role_words = {w.lower() for w in person.role.split()}
                score = sum(1 for w in words if w in role_words)
                if score >= best_score and score > 0:
                    best, best_score = person, score
            if best is not None:
                return best.name, role or best.role
        # "the authority" after "the port authority said": the earlier, fuller name.
        if words:
            head = words[-1]
            for entry in reversed(list(self.speakers.values())):
                names = entry.canonical.lower().split()
                if names and names[-1] == head and len(names) > len(words):
                    return entry.canonical, role
        return bare, role

    def _record(self, canonical: str, surface: str, role: Optional[str], att: Attribution) -> Speaker:
        key = speaker_key(canonical)
        entry = self.speakers.get(key)
        if entry is None:
            entry = Speaker(id=key, canonical=canonical, kind=_kind(canonical, att), role=role, forms=[])
            self.speakers[key] = entry
        if surface not in entry.forms:
            entry.forms.append(surface)
        if role and not entry.role:
            entry.role = role
        return entry


# The openers that only link a sentence to the one before ("And", "While", "However"); a
# speaker written after one is named by what follows. Possessives and pronouns are kept:
# "His wife Mary" is said as written.
_LINKING_WORDS = frozenset("""
And But Or Nor So Yet While Whilst Whereas When Whenever Although Though Because Since As If Unless Once Until
Meanwhile However Also Still Then Now Maybe Perhaps Next Well Um Even Indeed Instead Finally Later Earlier Thus
Hence Wherever Whatever Whoever Whichever Whether Either Neither
""".split())
# Capitalised only because they open the sentence: "While La Riva said", "And Hawkins added",
# "We will": no part of the name that follows. ("Will" and "Can" are left out: given names.)
_OPENING_WORDS = _LINKING_WORDS | frozenset("""
After Before Only Today Yesterday Here There Like Unlike Despite Following Why How What Where Does Did Do Is Was
Are Were Could Would Should Has Have Had We I You He She It They Our My His Her Their Its Your This That These
Those Both Each Every Some Many Most Other Another Such Not No Yes Please Dear Mr Mrs Ms
""".split())


def _past_opening_words(name: str, at: int) -> tuple[str, int]:
    """The name without the sentence-opening words before it, and where it then starts."""
    words = name.split()
    skipped = 0
    while skipped < len(words) and words[skipped] in _OPENING_WORDS:
        skipped += 1
    if not skipped:
        return name, at
    rest = " ".join(words[skipped:])
    return rest, (at + name.index(words[skipped]) if rest else at)


def _word_before(text: str, at: int) -> tuple[str, int]:
    """The word ending right before `at` across spaces and tabs on the line, and its start."""
    end = at
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
        start -= 1
    return text[start:end], start


def _lone_given_name(text: str, start: int, end: int) -> Optional[tuple[str, int]]:
    """At a surname text[start:end]: the one capitalised word right before it, and where it
    starts, when no capitalised word stands right before that or right after the surname
    ('Hong Kong Carrie Lam', 'Brock Pierce Foundation' are not read) and it is no title or
    sentence opener."""
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-") \
            or end < len(text) and (text[end].isalpha() or text[end] in "'’-"):
        return None  # inside a longer word
    given, given_at = _word_before(text, start)
    if given_at == start or not given[:1].isupper() or not given.isalpha() or given in _OPENING_WORDS \
            or given in _TITLE_SET or given.lower() in lx.ROLE_NOUNS or given.lower() in lx.ORG_WORDS:
        return None
    after = text[end:end + 40].lstrip(" \t")
    if after[:1].isupper():
        return None
    return given, given_at


_FEMININE = frozenset("she her mrs ms miss madam lady spokeswoman chairwoman congresswoman businesswoman "
                      "actress queen princess empress duchess countess mother wife daughter sister girl woman "
                      "grandmother aunt niece widow".split())
_MASCULINE = frozenset("he his mr sir lord spokesman chairman congressman businessman actor king prince emperor "
                       "duke count father husband son brother boy man grandfather uncle nephew widower".split())


def _gender_of(words: str) -> Optional[str]:
    tokens = {w.strip(".,").lower() for w in words.split()}
    if tokens & _FEMININE:
        return "she"
    if tokens & _MASCULINE:
        return "he"
    return None


def _gender_near(text: str, pos: int) -> Optional[str]:
    """An apposition often says it: 'Jane Doe, a mother of three,', 'Jane Doe, 39, who has
    waived her right'."""
    parts = text[pos:pos + 120].split(",")
    if len(parts) < 2:
        return None
    said = parts[1]
    if said.strip().isdigit() and len(parts) > 2 and parts[2].split()[:1] in (["who"], ["a"], ["an"], ["the"]):
        said = parts[2]  # an age, then the rest of the apposition
    return _gender_of(said)


def without_particle(word: str) -> str:
    """'el-Saidi' -> 'Saidi', 'Al-Masri' -> 'Masri': the surname as it is often written alone."""
    if "-" in word:
        low = word.lower()
        for particle in lx.NAME_PARTICLE_PREFIXES:
            if low.startswith(particle) and len(word) > len(particle):
                return word[len(particle):]
    return word


_VOWELS = regex.compile(r"[aeiouy]+")
_DOUBLED = regex.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def skeleton(word: str) -> str:
    """Consonants only, doubled letters once, w as v: 'Khiame', 'Khiam' and 'Khayam' all read
    'khm'; 'Hassan' and 'Hasan' read 'hsn'."""
    word = _DOUBLED.sub(r"\1", word.replace("w", "v"))
    return word[:1] + _VOWELS.sub("", word[1:])


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _given_name_gender(words: tuple[str, ...]) -> Optional[str]:
    """'he' or 'she' from a given name that nearly always says which, for a name of two words
    or more ('Nicolas Redouane'); a lone word may be a surname."""
    if len(words) < 2:
        return None
    given = words[0].lower()
    return "he" if given in lx.MASCULINE_GIVEN_NAMES else "she" if given in lx.FEMININE_GIVEN_NAMES else None


def _sentence_heads(text: str, starts: list[int], surnames: dict[str, list[_Person]]) -> Iterator[int]:
    """The sentence starts where _SUBJECT_AT may name someone worth remembering: plain string
    tests skip the pattern and its timeout at most sentences. The pattern wants one to four
    capitalised words, the last followed by a word in lower case; a lone word ('The', 'He',
    'But') is worth it only as a surname in `surnames`, read as each start is taken. Whatever
    is not plain ASCII is left to the pattern."""
    for at in starts:
        first = text[at:at + 1]
        if not "A" <= first <= "Z":
            if first in _ASCII_SPACES or first > "\x7f":  # "" too: the pattern decides
                yield at
            continue  # no name starts with anything else
        words, end = 0, at
        while True:
            gap = text.find(" ", end, end + 64)
            if gap < 0:
                yield at
                break
            word = text[end:gap]
            if not word.isalpha():  # letters for Python are letters for the pattern too
                if not word.isascii() or any(space in word for space in _ASCII_SPACES):
                    yield at
                    break
                if not word.replace("-", "").replace("'", "").replace(".", "").isalpha():
                    break  # the word ends at a digit or a mark, not at the space a name needs
            words += 1
            end = gap + 1
            while text[end:end + 1] == " ":
                end += 1
            nxt = text[end:end + 1]
            if "A" <= nxt <= "Z" and words < 4:
                continue  # the name may go on
            if nxt > "\x7f" or nxt in _ASCII_SPACES:
                if nxt:
                    yield at
            elif "a" <= nxt <= "z" and "." not in word and len(word) > 1 and (words > 1 or word in surnames):
                yield at  # the last word of a name has no "." and two letters at least
            break


_ASCII_SPACES = " \t\n\r\f\v"


def _strip_descriptors(name: str) -> str:
    """'Young Mauritanian Sidi Mohamed' names Sidi Mohamed: drop leading adjectives and demonyms."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in _DESCRIPTORS or _DEMONYM.search(words[0])
                              and words[0].lower() not in _GIVEN_NAME_ENDINGS):
        words = words[1:]
    return " ".join(words)


_DESCRIPTORS = frozenset("young old former late veteran local senior junior retired acting "
                         "interim new elderly".split())
_GIVEN_NAME_ENDINGS = frozenset("brian ian adrian julian christian vivian dorian ali sami hani".split())


# Nouns that name one person by what they are: "a local official", "the spokesman".
_ONE_PERSON_NOUNS = lx.ROLE_NOUNS | frozenset(
    "source witness resident officer official spokesman spokeswoman spokesperson man woman".split())


def _one_person_described(np: str) -> bool:
    """'A local official', 'the ministry spokesman', 'a senior army officer': one person,
    described rather than named (no capitalised word after the first)."""
    words = np.split(",")[0].split()
    if len(words) < 2 or words[0].lower() not in ("a", "an", "the", "one"):
        return False
    if any(w[:1].isupper() for w in words[1:]):
        return False
    return words[-1].lower() in _ONE_PERSON_NOUNS


def _kind(canonical: str, att: Attribution) -> str:
    low = canonical.lower()
    words = set(low.split())
    if outlet_in(canonical) or low in lx.OUTLET_ALIASES:
        return "outlet"
    if words & {"report", "statement", "figures", "data", "document", "study", "survey", "information", "poll"}:
        return "document"
    if words & {"source", "sources", "official", "officials", "witness", "witnesses", "residents"}:
        return "anonymous"
    if is_person_name(canonical):
        return "person"
    return "organisation"
