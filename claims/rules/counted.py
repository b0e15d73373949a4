"""What a figure counts, and where and when it applies, read from the words around it."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import regex

from ..models import Qualifier
from . import lexicon as lx
from .figures import Figure

# The first 14 tokens (words, numbers, marks) after a position, in one match: m.captures("t").
_WORDS = regex.compile(r"(?:\s*(?P<t>(?:\p{Lu}\.){2,}|[\p{L}][\p{L}\p{M}'’-]*|\d[\d,.]*\d|\d|\S)){0,14}",
                       regex.VERSION1)
_PLURAL_IRREGULAR = frozenset("people men women children police staff personnel troops cattle "
                              "deer sheep fish aircraft".split())
# The patterns read on the text left of a figure end at "$": REVERSE reads them back from the
# end, one try instead of one at every start, and finds the same match.
_LEFT_WORD = regex.compile(r"([\p{L}][\p{L}'’-]*)\s*$", regex.VERSION1 | regex.REVERSE)
_LEFT_PHRASE = regex.compile(
    r"(?:up|down)\s+from\s+$|compared\s+(?:with|to)\s+$|(?:rose|risen|rising|fell|fallen|falling|increased|"
    r"decreased|dropped|climbed|jumped|grew|declined|jumping|climbing)\s+(?:to|from|by)\s+$|"
    r"(?:stood|stands|standing)\s+at\s+$|amounted\s+to\s+$|totall?ed\s+$|from\s+$|to\s+$|of\s+whom\s+$|"
    r"of\s+them\s+$|of\s+those\s+$|among\s+them\s+$|\band\s+$",
    regex.VERSION1 | regex.IGNORECASE | regex.REVERSE)
_PASSIVE_AFTER = regex.compile(
    r"\s+(?:(?:people|persons)\s+)?(?:were|have\s+been|had\s+been|was|are|has\s+been|died|dead)\s*"
    r"(?P<verb>[a-z]+ed|killed|died|dead|hurt|wounded)?", regex.VERSION1)
_NUMBER_OF = regex.compile(
    r"\b(?:number|total|toll|tally|count|figure|contingent)\s+(?:of|among|in)\s+(?P<noun>(?:[\p{L}-]+\s+){0,2}?[\p{L}-]+s)\b",
    regex.VERSION1 | regex.IGNORECASE)
# "a population of 1,051,635", "a death toll of 23": the noun before "of" is what is counted.
_MEASURE_OF = regex.compile(
    r"\b(?P<noun>population|death\s+toll|toll|total|tally|turnout|majority|budget|deficit|debt|revenue|"
    r"profit|loss|losses|cost|income|salary|fine|attendance|audience|enrolment|enrollment|membership)"
    r"\s+(?:of|was|is|at|stood\s+at|reached|rose\s+to|fell\s+to)\s+$", regex.VERSION1 | regex.IGNORECASE | regex.REVERSE)
_FIGURE_GIVEN = regex.compile(rf"\b(?:{lx.FIGURE_GIVEN})\s+$", regex.VERSION1 | regex.IGNORECASE | regex.REVERSE)
_FOR_GROUP = regex.compile(r"\s+for\s+(?:the\s+)?(?P<group>\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)", regex.VERSION1)
_PLACE = regex.compile(
    r"\s+(?:in|across|inside|throughout|from)\s+(?P<place>(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*"
    r"(?:(?:,\s+|,?\s+and\s+)\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)*)", regex.VERSION1)
_TIME = regex.compile(
    r"\s+(?P<time>(?:in|during|for|since|throughout)\s+(?:the\s+(?:whole|first|second|last|rest)\s+"
    r"(?:half\s+|quarter\s+)?of\s+)?(?:(?-i:" + lx.MONTHS + r")\s+)?\d{4}|last\s+year|this\s+year|last\s+month|"
    r"this\s+month|so\s+far\s+this\s+year)\b", regex.VERSION1 | regex.IGNORECASE)
_MONTH_WORD = regex.compile(rf"(?-i:{lx.MONTHS}|{lx.WEEKDAYS})$", regex.VERSION1)
_TIME_NOUN = regex.compile(rf"(?:{lx.TIME_NOUNS})$", regex.VERSION1 | regex.IGNORECASE)
_SIZE_NOUN = {"man": "members", "men": "members", "member": "members", "person": "members",
              "people": "members", "strong": "members", "woman": "members", "women": "members",
              "seat": "seats", "nation": "nations", "country": "countries", "party": "parties"}


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low.endswith(("'s", "’s")):
        return False
    return low in _PLURAL_IRREGULAR or (low.endswith("s") and not low.endswith("ss") and len(low) > 3)


def noun_phrase(text: str, pos: int, limit: int) -> tuple[Optional[str], int]:
    """The noun phrase starting at `pos`: ('Moroccan jihadists', end) or (None, pos)."""
    m = _WORDS.match(text, pos, limit) if pos < limit else None
    tokens = list(zip(m.captures("t"), m.starts("t"), m.ends("t"))) if m else []
    words: list[tuple[str, int, int]] = []
    i = 0
    if tokens and tokens[0][0].lower() == "of":
        i = 1
        if i < len(tokens) and tokens[i][0].lower() in ("the", "these", "those", "its", "their", "his", "her", "our",
                                                        "my", "your", "this", "that", "all"):
            i += 1
        if i + 1 < len(tokens) and tokens[i][0].endswith(("'s", "’s")) and tokens[i + 1][0][:1].isdigit():
            i += 1  # "39 of South Carolina's 54 delegates"
        elif i + 2 < len(tokens) and tokens[i + 1][0].endswith(("'s", "’s")) and tokens[i + 2][0][:1].isdigit():
            i += 2
        if i < len(tokens) and tokens[i][0][:1].isdigit():
            i += 1  # "908 of the 2240 attendees": the first number counts the attendees
    # "Six other diplomats", "three more cases": the modifier does not end the phrase.
    while i < len(tokens) and tokens[i][0].lower() in _LEADING_MODIFIERS and i + 1 < len(tokens) \
            and tokens[i + 1][0][:1].isalpha():
        i += 1
    while i < len(tokens) and len(words) < 5:
        tok, start, end = tokens[i]
        low = tok.lower()
        if not tok[0].isalpha():
            break
        if tok == "I":
            break  # "a third of my working time I do research"
        if low in lx.STOPWORDS:
            if (low == "and" and words and words[-1][0][0].isupper() and i + 1 < len(tokens)
                    and tokens[i + 1][0][:1].isupper()):
                words.append(tokens[i])
                i += 1
                continue
            break
        if low.endswith("ly") and len(low) > 4 and low not in _LY_NOUNS or tok[0].isupper() and _MONTH_WORD.match(tok):
            break
        if words and (low.endswith("ing") or low.endswith("ed")) and len(low) > 4 and i + 1 < len(tokens) \
                and tokens[i + 1][0].lower() in _AFTER_PARTICIPLE:
            break  # "fraud pertaining to", "one business focused on": a participle ends the noun
        words.append(tokens[i])
        i += 1
        if (_is_plural(tok) or low in lx.ONE_NOUNS) and i < len(tokens) and tokens[i][0][:1].islower() and tokens[i][0].lower() != "of":
            break
    # "members of the Polisario Front": keep a short of-phrase that names the group.
    if words and i + 1 < len(tokens) and tokens[i][0].lower() == "of":
        j = i + 1
        if tokens[j][0].lower() == "the":
            j += 1
        tail: list[tuple[str, int, int]] = []
        while j < len(tokens) and len(tail) < 4 and tokens[j][0][:1].isupper() and tokens[j][0][0].isalpha():
            tail.append(tokens[j])
            j += 1
        if tail:
            words.extend(tokens[i:j])
    if len(words) == 1 and _VERB_FORM.match(words[0][0]):
        return None, pos  # "five died", "three fled": a verb, not what is counted
    if not words:
        return None, pos
    while words and words[-1][0].lower() in ("and", "of", "the"):
        words.pop()
    if not words:
        return None, pos
    return text[words[0][1]:words[-1][2]], words[-1][2]


def describe(figure: Figure, text: str, sent_start: int, sent_end: int,
             previous: Optional[Figure], limit: Optional[int] = None) -> Optional[Figure]:
    """Fill in counted and scope; None when a bare number has nothing making it a claim."""
    left = text[max(sent_start, figure.start - 40):figure.start]
    if figure.is_size:
        noun, end = noun_phrase(text, figure.end, sent_end)
        plural = _SIZE_NOUN.get(figure.counted or "", "members")
        counted: Optional[str] = f"{noun} {plural}" if noun else plural
        return _with_scope(figure, counted, text, end, limit or sent_end)

    noun, end = noun_phrase(text, figure.end, sent_end)
    if noun and figure.unit and noun.split()[0].lower() in _SETTING_AFTER_UNIT:
        noun, end = None, figure.end  # "10 miles away", "two centimetres wide": the unit is what it counts
    surface = text[figure.start:figure.end]
    if surface[:1].isupper() and _is_word_number(surface) and figure.start > sent_start \
            and text[:figure.start].rstrip()[-1:] not in "“\"‘(:—–-.!?" and noun and noun[0].isupper():
        return None  # "a Six Flags park", "the Three Gorges Dam": mid-sentence capitals make a name
    if figure.unit in ("percent", "percentage points") and noun and not _OF_NEXT.match(text, figure.end) \
            and not _DETERMINER_BEFORE.search(text, max(sent_start, figure.start - 12), figure.start):
        # "70 percent belong to": what follows a share is its verb; it counts what stands left.
        # After a determiner the share describes the noun it stands before: "a 17% survival rate".
        noun = None
        end = figure.end
    if noun is None and figure.unit in ("percent", "percentage points"):
        if previous is not None and previous.counted and previous.unit not in ("percent", "percentage points") \
                and _SHARE_IN_BRACKETS.fullmatch(text, previous.end, figure.start):
            noun = previous.counted  # "203,091 votes (0.15 percent)": the share of what was just counted
        else:
            noun = _left_noun(text, sent_start, figure.start)
    counted = noun
    surface = text[figure.start:figure.end]
    evidence = figure.qualifier != Qualifier.exact or not figure.needs_evidence or _SEPARATED.search(surface) is not None
    if noun:
        head = noun.split()[0]
        if _TIME_NOUN.match(noun.split()[-1]) and figure.needs_evidence:
            evidence = evidence or not _is_word_number(text[figure.start:figure.end])
        elif figure.value == 1 and _is_word_number(text[figure.start:figure.end]):
            evidence = evidence or noun.split()[-1].lower() in lx.ONE_NOUNS
        elif not (head[0].isupper() and figure.needs_evidence and not _demonym_like(noun)):
            evidence = True  # a capitalised name after a bare number ("Route 66 Diner") is no evidence
    if figure.unit and not noun:
        counted = figure.unit if figure.unit not in ("share",) else None
        if previous is not None and previous.unit == figure.unit and previous.counted not in (None, figure.unit) \
                and _LEFT_PHRASE.search(left):
            counted = _GROUP_SUFFIX.sub("", previous.counted)  # "a 17% survival rate for males and 12% for females"
    if counted is None:
        # Each clue is read only when the ones before it found nothing.
        lw = _LEFT_WORD.search(left)
        verb = lw.group(1).lower() if lw else ""
        phrase = _LEFT_PHRASE.search(left) if previous is not None else None  # it only links to a previous figure
        if verb in lx.PEOPLE_VERBS:
            counted, evidence = lx.PEOPLE_VERBS[verb], True
        elif verb in lx.COUNT_VERBS:
            evidence = True
        elif measure_of := _MEASURE_OF.search(left):
            counted, evidence = measure_of.group("noun"), True
        elif _FIGURE_GIVEN.search(left):
            evidence = True  # "put the number at 71": given as a figure, whatever it counts
        elif number_of := _NUMBER_OF.search(text, max(sent_start, figure.start - 160), figure.start):
            counted, evidence = number_of.group("noun"), True
        elif phrase and previous is not None and previous.counted:
            counted = _GROUP_SUFFIX.sub("", previous.counted)
            evidence = evidence or phrase.group(0).strip().lower() not in ("to", "and")
        elif rate := _PER.match(text, figure.end, sent_end):
            counted, evidence = rate.group(0).strip(), True
        elif (passive := _PASSIVE_AFTER.match(text, figure.end, sent_end)) and passive.group("verb"):
            counted, evidence = f"people {passive.group('verb')}", True
        if counted is None and figure.is_share and phrase and previous is not None:
            counted = previous.counted
        elif counted is None and verb in ("left", "leaving", "leaves") and previous is not None and previous.counted:
            counted, evidence = previous.counted, True  # "killed 50 people and left 100,000 without shelter"
    if figure.low is not None or figure.is_share:
        group = _FOR_GROUP.match(text, end if noun else figure.end, sent_end)
        if group and counted:
            counted = f"{counted} ({group.group('group')})"
            end = group.end()
    if not evidence:
        return None
    if counted is None and _is_word_number(text[figure.start:figure.end]) and figure.qualifier == Qualifier.exact \
            and figure.needs_evidence:
        return None
    return _with_scope(figure, counted, text, end if noun else figure.end, limit or sent_end)


# Between a count and a share of it given in brackets: the count's noun and "(".
_SHARE_IN_BRACKETS = regex.compile(r"\s*[\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,3}\s*\(\s*", regex.VERSION1)
# Words after a measure that say where or how it stands, not what it counts.
_SETTING_AFTER_UNIT = frozenset("away wide long high deep tall thick apart ago later earlier now today above below "
                                "across along off out inland offshore north south east west northeast northwest "
                                "southeast southwest".split())
_PER = regex.compile(r"\s+per\s+(?:[\d,]+|capita|head|person|day|week|month|year|hour)(?:\s+[\p{L}]+){0,2}",
                    regex.VERSION1 | regex.IGNORECASE)
_OF_NEXT = regex.compile(r"\s+of\b", regex.VERSION1)
_DETERMINER_BEFORE = regex.compile(r"(?<![\w-])(?:a|an|the|its|their|his|her|our|this|that)\s+$",
                                   regex.VERSION1 | regex.IGNORECASE)


_CONNECTORS = frozenset("at above below around to by from of was is were are reached rose fell grew stood increased "
                        "decreased dropped climbed jumped with near over under about nearly almost roughly some "
                        "approximately just only exceeded hit topped declined gained shrank slipped surged "
                        "plunged soared fallen risen grown has have had been by remained remains stuck hovered "
                        "hovers stayed stays steady unchanged".split())
_PRONOUNS = frozenset("i we you he she it they".split())
# A verb in the words left of a share makes them a clause ("Biden led Trump 47 percent",
# "she polled at two percent"), not the noun phrase it is a share of.
_LEFT_VERBS = frozenset("led held won lost drew got took gave saw made kept reduce oppose opposes support "
                        "supports".split())  # besides the -ed and -ing forms _left_noun tests for

_OBJECT_LINKS = frozenset(("on", "against", "among"))


def _left_noun(text: str, sent_start: int, start: int) -> Optional[str]:
    """'gun ownership rates above 50%': the noun phrase a bare share is a share of."""
    words = text[max(sent_start, start - 80):start].split()
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    if len(words) > 2 and words[-2].lower() in ("in", "at", "across") and words[-1][:1].isupper() \
            and not words[-1].isupper():
        del words[-2:]  # "attacks on peacekeepers in Mali rose by 40%": where, not what
    phrase: list[str] = []
    for n in range(len(words) - 1, -1, -1):
        w = words[n]
        low = w.lower()
        if phrase and low in _OBJECT_LINKS and phrase[0].lower() not in _OBJECT_LINKS and n > 0 \
                and words[n - 1].isalpha() and words[n - 1].lower() not in lx.STOPWORDS:
            phrase.insert(0, w)  # "attacks on peacekeepers": the head stands before its object
            continue
        linked = bool(phrase) and phrase[0].lower() in _OBJECT_LINKS
        if not w.isalpha() or low in lx.STOPWORDS or low in _PRONOUNS or len(phrase) == 3 and not linked:
            break
        if low in _LEFT_VERBS or (w.islower() and low.endswith(("ed", "ing")) and not low.endswith("eed") and len(low) > 5):
            return None  # a verb: "United" is a name
        phrase.insert(0, w)
        if linked:
            break  # the head before the link ends the phrase
    return " ".join(phrase) or None


def _with_scope(figure: Figure, counted: Optional[str], text: str, pos: int, sent_end: int) -> Figure:
    window_end = min(sent_end, pos + 80)
    place = _PLACE.match(text, pos, window_end)
    time_ = _TIME.search(text, pos, window_end) if _may_hold_time(text[pos:window_end]) else None
    scope_place = place.group("place").rstrip(".") if place and not _MONTH_WORD.match(place.group("place").split()[0]) else None
    if scope_place and scope_place.isdigit():
        scope_place = None
    return replace(figure, counted=counted, scope_place=scope_place,
                   scope_time=time_.group("time") if time_ else None)


def _may_hold_time(window: str) -> bool:
    """False when a plain ASCII window has no digit, 'year' or 'month', one of which every
    _TIME needs: most windows, and the search tries every space in them."""
    if not window.isascii():
        return True
    low = window.lower()
    return "year" in low or "month" in low or any(map(low.__contains__, "0123456789"))


_VERB_FORM = regex.compile(r"(?:[a-z]+ed|died|fled|fell|rose|went|came|left|remain|remained|were|are|was)$",
                          regex.VERSION1)
_LY_NOUNS = frozenset("family families ally allies rally rallies assembly supply supplies monopoly anomaly "
                      "daily weekly monthly elderly".split())
_AFTER_PARTICIPLE = frozenset("to on in at for with by from the a an their his her its into about as".split())
_LEADING_MODIFIERS = frozenset("other more additional different new further extra separate".split())
_SEPARATED = regex.compile(r"\d,\d{3}")
_GROUP_SUFFIX = regex.compile(r"\s+\([^()]*\)$")
_WORD_NUMBER = regex.compile(r"[a-z -]+$", regex.IGNORECASE)


def _is_word_number(surface: str) -> bool:
    return bool(_WORD_NUMBER.match(surface)) and not any(c.isdigit() for c in surface)


def _demonym_like(noun: str) -> bool:
    """'Moroccan jihadists', 'Democrats': capitalised but a counted group, not a name."""
    words = noun.split()
    return words[-1][:1].islower() or _is_plural(words[-1]) or _ACRONYM_PLURAL.fullmatch(words[-1]) is not None


# "MPs", "NGOs", "CEOs": capitals and a plural s, a kind of people or things, not a name.
_ACRONYM_PLURAL = regex.compile(r"\p{Lu}{2,5}s", regex.VERSION1)
