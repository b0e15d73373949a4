"""Figure rules: what is a quantitative claim, and what only looks like one.

Every rule is data: a pattern, a builder that reads the match, and examples. Figure
rules and reject rules (dates, times, names with digits) compete for the same text:
the covering match wins, so "August 26" as a date swallows the "26" a count rule saw.
A bare number stays latent unless a rule gives it a reason to be a claim.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import regex

from ..models import Qualifier
from . import lexicon as lx
from .base import BudgetExceeded, Clock, Example, Rule, UNLIMITED, compile_pattern, match, scan, search, word_trie
from .numbers import DIGITS, DIGITS_CORE, NUMBER, SCALE, WORDS, WORDS_CORE, clean, parse_number
from .numbers import SCALES as _SCALES, TENS as _TENS, UNITS as _UNITS

_WORD_VALUES = {**_UNITS, **_TENS, **_SCALES}

QUALIFIERS = {
    Qualifier.more_than: ("more than", "over", "upwards of", "in excess of", "exceeded", "exceeding",
                          "exceeds", "exceed", "just over", "well over", "greater than", "above", "higher than",
                          "larger than", "bigger than"),
    Qualifier.at_least: ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    Qualifier.approx: ("about", "around", "some", "roughly", "nearly", "almost", "approximately",
                       "an estimated", "estimated", "close to", "more or less", "circa", "an approximate",
                       "approx.", "just under", "closer to"),
    Qualifier.at_most: ("up to", "as many as", "as much as", "no more than", "at most", "a maximum of",
                        "not more than"),
    Qualifier.less_than: ("fewer than", "less than", "under", "below", "lower than"),
}
_QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}
_qual_alt = "|".join(regex.escape(p).replace(r"\ ", r"\s+")
                     for p in sorted(_QUALIFIER_OF, key=len, reverse=True))

_cur = r"(?P<cur>US\$|A\$|C\$|CDN\$|CAD\$|NZ\$|HK\$|AU\$|S\$|\$|£|€|¥|₹|(?-i:Rs\.?|USD|EUR|GBP)\s?)"
_short_scale = r"(?P<sscale>bn|mn|mln|m|k|b|tn)\b"
# Alternatives are tried in order: a rate or a compound unit before the unit it starts with.
_units = ("miles\\s+(?:per|an)\\s+hour|kilomet(?:er|re)s\\s+(?:per|an)\\s+hour|km/s|m/s|"
          "mph|km/h|kph|km|kilomet(?:er|re)s?|miles?|met(?:er|re)s|centimet(?:er|re)s?|millimet(?:er|re)s?|"
          "square\\s+(?:kilomet(?:er|re)s|met(?:er|re)s|miles|feet)|sq\\s?(?:km|mi|ft|m)\\b|kg|kilograms?|tonnes?|tons|"
          "feet|foot|ft|inch(?:es)?|cm|mm|degrees?|hectares?|acres?|lit(?:er|re)s|gallons?|barrels?|"
          "megawatts?|gigawatts?|(?-i:MW|GW|kWh)|dollars|euros|yuan|yen|rupees|pounds\\s+sterling|lbs?|"
          "dirhams?|dinars|riyals|rials|naira|rand|roubles|rubles|lira|pesos|(?:CFA\\s+)?francs|shillings|"
          "(?-i:US)\\s+dollars|°\\s?[CF]\\b|°")
_percent = r"(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b|\s+percentage\s+points?\b)"
_month = rf"(?-i:{lx.MONTHS})"
_MONTH_WORDS = frozenset(lx.MONTH_NUMBER) | {"sept"}
_WEEKDAY_WORDS = frozenset(lx.WEEKDAY_NUMBER)
_TIME_WORDS = frozenset({"-", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
                         "month", "months", "year", "years", "decade", "decades", "century", "centuries"})
# A pattern that reads NUMBER reads "1.4 million" whole: the token after the digits may be
# the scale word, so a rule gated by what follows its number lets these through too.
_AFTER_DIGITS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
# Digits without a scale word, or number words: an age or a span of time ("45 years old",
# "two weeks later"), never "4.6 billion years old", which is a figure.
_UNSCALED = rf"{DIGITS}|{WORDS}"
_FRACTION_WORDS = frozenset({"half", "third", "thirds", "quarter", "quarters", "fifth", "tenth"})
_UNIT_WORDS = frozenset({"-", "°", "lb", "lbs", "mph", "km", "kph", "kilometres", "kilometers", "kilometre", "kilometer", "mile", "miles",
                         "metres", "meters", "kg", "kilograms", "kilogram", "tonnes", "tonne", "tons", "feet", "foot",
                         "ft", "inch", "inches", "cm", "mm", "degree", "degrees", "hectares", "hectare", "acres",
                         "acre", "litres", "liters", "gallon", "gallons", "barrel", "barrels", "megawatts",
                         "megawatt", "gigawatts", "gigawatt", "mw", "gw", "kwh", "dollars", "euros", "yuan", "yen",
                         "rupees", "pounds", "million", "billion", "thousand", "centimetres", "centimeters",
                         "centimetre", "centimeter", "millimetres", "millimeters", "millimetre", "millimeter",
                         "square", "sq", "m", "us", "dirham", "dirhams", "dinars", "riyals", "rials", "naira",
                         "rand", "roubles", "rubles", "lira", "pesos", "cfa", "francs", "shillings"})


# Not frozen: thousands are built per document and frozen init costs eight times as much;
# rules never mutate one, they build a new one with dataclasses.replace.
@dataclass(slots=True)
class Figure:
    start: int
    end: int
    rule: str
    kind: str = "figure"  # figure, or reject
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Qualifier = Qualifier.exact
    unit: Optional[str] = None
    counted: Optional[str] = None
    # A bare count needs outside evidence (a noun, a verb) before it becomes a claim.
    needs_evidence: bool = False
    # "three-member cell": the size of one thing, never an aggregate to compare.
    is_size: bool = False
    is_share: bool = False
    scope_place: Optional[str] = None
    scope_time: Optional[str] = None


def _qualifier(m: regex.Match) -> Qualifier:
    q = m.group("qual") if "qual" in m.re.groupindex else None
    if not q:
        return Qualifier.exact
    return _QUALIFIER_OF.get(" ".join(q.lower().split()), Qualifier.exact)


def _num(text: Optional[str]) -> Optional[float]:
    return clean(parse_number(text)) if text else None


# ---------------------------------------------------------------- builders

def _build_count(m, text, rule):
    value = _num(m.group("num"))
    if value is None:
        return None
    q = _qualifier(m)
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=q, needs_evidence=True)


def _build_money(m, text, rule):
    value = _num(m.group("num"))
    if value is None:
        return None
    scale = (m.group("sscale") or "").lower()
    if scale:
        value = clean(value * {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9,
                               "tn": 1e12}[scale])
    cur = (m.group("cur") or "").strip().lower()
    unit = lx.CURRENCIES.get(cur, cur.upper() or None)
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=_qualifier(m), unit=unit)


def _build_money_words(m, text, rule):
    value = _num(m.group("num"))
    if value is None:
        return None
    unit = lx.CURRENCIES.get(" ".join(m.group("curword").lower().split()))
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=_qualifier(m), unit=unit)


def _build_percent(m, text, rule):
    value = _num(m.group("num"))
    if value is None:
        return None
    unit = "percentage points" if "point" in m.group("pct").lower() else "percent"
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=_qualifier(m), unit=unit)


def _build_measure(m, text, rule):
    value = _num(m.group("num"))
    if value is None:
        return None
    raw = " ".join(m.group("unit").lower().split())
    unit = lx.UNIT_NAMES.get(raw) or lx.CURRENCIES.get(raw) or raw
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=_qualifier(m), unit=unit)


def _build_range(m, text, rule):
    low, high = _num(m.group("lo")), _num(m.group("hi"))
    if low is None or high is None:
        return None
    scale = m.groupdict().get("rscale")
    if scale:
        factor = parse_number("1 " + scale.strip())
        if factor:
            high = clean(high * factor)
    elif not any(w.lower() in _SCALES for w in m.group("lo").split()):
        # "between 15 and 70 million", "one or two hundred": the high end holds the scale word.
        factor = _SCALES.get(m.group("hi").split()[-1].lower())
    else:
        factor = None
    if factor and low * factor <= high:  # a scale after the high end scales a bare low end too
        low = clean(low * factor)
    if low >= high:
        return None  # a score ("3-1") or a list, not a range
    if all(1800 <= v <= 2099 and float(v).is_integer() for v in (low, high)) and "," not in m.group(0) \
            and not _plural_noun_after(text, m.end()):
        return Figure(m.start(), m.end(), "reject.year", kind="reject")  # "from 2008 to 2016"
    unit = None
    if m.groupdict().get("unit"):
        raw = " ".join(m.group("unit").lower().split())
        unit = lx.UNIT_NAMES.get(raw) or lx.CURRENCIES.get(raw) or raw
    elif m.groupdict().get("pct"):
        unit = "percent"
    elif m.groupdict().get("cur"):
        unit = lx.CURRENCIES.get(m.group("cur").strip().lower())
    # "the age of 17 or 18": two guesses at one number need a noun or a unit as much as a bare one.
    either = text[m.end("lo"):m.start("hi")].strip().lower() == "or"
    return Figure(m.start(), m.end(), rule.id, low=low, high=high, qualifier=_qualifier(m), unit=unit,
                  needs_evidence=not (unit or not either and (low >= 10 or m.group(0).lower().startswith(("between", "from")))))


def _build_size(m, text, rule):
    value = _num(m.group("num"))
    if value is None or value < 2:
        return None  # "one-man show" describes, it does not count
    return Figure(m.start(), m.end(), rule.id, value=value, qualifier=_qualifier(m),
                  counted=m.group("noun").lower(), is_size=True)


_FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
              "a quarter": 0.25, "one quarter": 0.25, "two thirds": 2 / 3, "three quarters": 0.75,
              "two-thirds": 2 / 3, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2,
              "a tenth": 0.1, "one tenth": 0.1}


def _build_fraction(m, text, rule):
    if m.groupdict().get("of_n"):
        part, whole = _num(m.group("part")), _num(m.group("whole"))
        if not part or not whole or part >= whole:
            return None
        value = part / whole
    else:
        value = _FRACTIONS.get(" ".join(m.group("frac").lower().split()))
    return Figure(m.start(), m.end(), rule.id, value=clean(round(value, 4)) if value else None,
                  qualifier=_qualifier(m), unit="share", is_share=True)


def _build_vague(m, text, rule):
    return Figure(m.start(), m.end(), rule.id, value=None, qualifier=Qualifier.approx)


def _build_reject(m, text, rule):
    return Figure(m.start(), m.end(), rule.id, kind="reject")


def _plural_noun_after(text: str, end: int) -> bool:
    noun = _NEXT_WORD.match(text, end, min(len(text), end + 30))
    if not noun:
        return False
    word = noun.group(1)
    low = word.lower()
    return word.islower() and low not in lx.STOPWORDS and (
        low in ("people", "police", "men", "women", "children", "staff", "troops", "personnel")
        or low.endswith("s") and not low.endswith("ss") and len(low) > 3)


def _build_year(m, text, rule):
    """A four-digit number is a year unless a plural counted noun follows it ('1999 delegates')."""
    before = text[max(0, m.start() - 25):m.start()]
    if _plural_noun_after(text, m.end()) and not _YEAR_CONTEXT.search(before):
        return None
    return Figure(m.start(), m.end(), rule.id, kind="reject")


def _build_identifier(m, text, rule):
    word = m.group("word")
    if word.lower() in lx.NOT_NAME_WORDS or _MONTH_OR_DAY.fullmatch(word):
        return None
    return Figure(m.start(), m.end(), rule.id, kind="reject")


_MONTH_OR_DAY = regex.compile(rf"(?:{lx.MONTHS}|{lx.WEEKDAYS})")
_NEXT_WORD = regex.compile(r"\s+([\p{L}][\p{L}'’-]*)")
_STREET = ("Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Boulevard|Blvd\\.?|Lane|Drive|Way|Place|Square|Quai|Rue|"
           "Via|Calle|Strasse|Straße|rue|quai|via|calle")
_YEAR_CONTEXT = regex.compile(
    r"\b(?:in|since|by|during|until|till|from|of|before|after|early|late|mid|the|year|summer|winter|"
    r"spring|autumn|fall|between|and|to)\s+$", regex.IGNORECASE)


# Lower-case words that make the number after them a label, not an amount: "a category 4
# hurricane", "a phase 3 trial", "type 2 diabetes", "section 230", "flight 370".
_LABEL_WORDS = frozenset("category level stage phase type version chapter section season episode tier grade "
                         "route highway interstate platform flight gate round page paragraph clause volume "
                         "terminal".split())

# What may follow the digits of "3 in 10", "3 out of 10", "1.5 million in 10" ("" at a line end).
_IN_OR_OUT_OF = frozenset({"in", "out", "-", "", "hundred", "thousand", "million", "billion", "trillion"})
_YEAR_STARTS = frozenset({"15", "16", "17", "18", "19", "20"})
# The words after which a share can start at a number word: "two-thirds", "two thirds",
# "one third", "one half" ("-" and "" are in _IN_OR_OUT_OF).
_SHARE_AFTER = {"two": frozenset({"thirds", "quarters"}), "three": frozenset({"thirds", "quarters"}),
                "one": frozenset({"third", "quarter", "fifth", "tenth", "half"})}


def _may_start_share(text: str, start: int, end: int, after: str) -> bool:
    """Whether figure.share can match at the number text[start:end] followed by `after`:
    "one in five" and "1 out of 10" need "in" or "out" after the number (or after its scale
    or hyphen); a fraction starts at "half" or at "two", "three" or "one" before its part.
    A compound number may go on first: "two dozen in", "half a dozen in"."""
    if after in _IN_OR_OUT_OF:
        return True
    if text[start].isdigit():
        return False
    word = text[start:end].lower()
    return word == "half" or after == "dozen" or after in _SHARE_AFTER.get(word, ())


_STREET_STARTS = ("st", "road", "rd", "ave", "boulevard", "blvd", "lane", "drive", "way", "place", "square",
                  "quai", "rue", "via", "calle")


def _may_start_address(text: str, start: int, end: int) -> bool:
    """Whether reject.address can match at the digits text[start:end]: at most five of them,
    a letter perhaps, space, then a capitalised word or a street word (casefold takes the
    case-blind match's simple folds, 'ſt' for 'st', too)."""
    n = len(text)
    if end - start > 5:
        return False
    q = end + 1 if end < n and text[end].isalpha() else end
    if q >= n or not text[q].isspace():
        return False
    while q < n and text[q].isspace():
        q += 1
    return q < n and (text[q].isupper() or text[q:q + 9].casefold().startswith(_STREET_STARTS))


def _p(pattern: str) -> regex.Pattern:
    return compile_pattern(pattern)


# ---------------------------------------------------------------- the rules

FIGURE_RULES: tuple[Rule, ...] = (
    Rule(
        id="figure.range",
        follows=frozenset({"-", "–", "—", "to", "or"}),
        lead=frozenset({"between", "from", "$", "£", "€", "¥", "₹", "us", "a", "c", "rs", "usd", "eur", "gbp", "some", "about", "around"}),
        reach=1,
        description="A range written with between/and, from/to, a dash, 'to' or 'or': low and high.",
        pattern=_p(
            rf"(?:between\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})"
            rf"|from\s+(?P<lo>{NUMBER})\s+to\s+(?P<hi>{NUMBER})"
            rf"|{_cur}(?P<lo>{DIGITS_CORE})\s*(?:-|–|—|to)\s*\$?(?P<hi>{DIGITS_CORE})(?P<rscale>{SCALE})?"
            rf"|(?P<lo>{DIGITS})\s*(?:-|–|—)\s*(?P<hi>{DIGITS_CORE})(?P<rscale>{SCALE})?(?:{_percent}|[\s-]?(?P<unit>{_units})(?![\w]))?"
            rf"|(?P<lo>{DIGITS})\s+to\s+(?P<hi>{DIGITS})(?P<rscale>{SCALE})?(?:{_percent}|[\s-]?(?P<unit>{_units})(?![\w]))?"
            # "seven or eight percent", "one or two hundred": a scale after the second is both's.
            rf"|(?P<lo>{DIGITS_CORE}|{WORDS_CORE})\s+or\s+(?P<hi>{DIGITS_CORE}|{WORDS_CORE})(?P<rscale>{SCALE})?"
            rf"(?:{_percent}|[\s-]?(?P<unit>{_units})(?![\w]))?)"),
        build=_build_range,
        priority=2,
        examples=(
            Example("thought to be between 800 and 1000 for the French", "between 800 and 1000",
                    {"low": 800, "high": 1000}),
            Example("and 1200-1400 for Moroccans.", "1200-1400", {"low": 1200, "high": 1400}),
            Example('the real number was "between 1,500 and 1,800".', "between 1,500 and 1,800",
                    {"low": 1500, "high": 1800}),
            Example("some 800 to 1,000 fighters", "some 800 to 1,000", {"low": 800, "high": 1000,
                                                                       "qualifier": "approx"}),
            Example("cases rose from 14 to 31 in a week", "from 14 to 31", {"low": 14, "high": 31}),
            Example("estimates of 21-36 deaths", "21-36", {"low": 21, "high": 36}),
            Example("costs of $2-3 billion", "$2-3 billion", {"low": 2e9, "high": 3e9, "unit": "USD"}),
            Example("a rise of 20-30% in prices", "20-30%", {"low": 20, "high": 30, "unit": "percent"}),
            Example("around seven or eight percent of voters", "around seven or eight percent",
                    {"low": 7, "high": 8, "unit": "percent", "qualifier": "approx"}),
            Example("one or two hundred protesters gathered", "one or two hundred", {"low": 100, "high": 200}),
        ),
        negatives=("the team won 3-1 on Sunday", "a 1-0 defeat", "the 2014-2015 season", "one or more of them",
                   "in 2019 or 2020"),
    ),
    Rule(
        id="figure.money",
        follows=frozenset(),
        lead=frozenset({"$", "£", "€", "¥", "₹", "us", "a", "c", "rs", "usd", "eur", "gbp", "cdn", "cad", "nz", "hk", "au",
                        "s"}),
        reach=1,
        description="An amount of money: currency sign, digits, an optional scale (bn, m, million).",
        pattern=_p(_cur + r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d,.]\d)"
                   + rf"(?:{_short_scale}|(?P<scale>{SCALE}))?(?![\w])"),
        build=lambda m, text, rule: _build_money_scaled(m, text, rule),
        priority=1,
        examples=(
            Example("a $2.5bn deal", "$2.5bn", {"value": 2.5e9, "unit": "USD"}),
            Example("fined £24m on Monday", "£24m", {"value": 24e6, "unit": "GBP"}),
            Example("raised more than $1.4 million for", "more than $1.4 million",
                    {"value": 1.4e6, "qualifier": "more_than", "unit": "USD"}),
            Example("cost €300 each", "€300", {"value": 300, "unit": "EUR"}),
        ),
        negatives=("the $ sign", "a US$ account"),
    ),
    Rule(
        id="figure.money_words",
        follows=frozenset({"dollars", "euros", "pounds", "yuan", "yen", "rupees"}) | _AFTER_DIGITS,
        description="An amount of money with the currency as a word: '10 million euros'.",
        pattern=_p(rf"(?P<num>{NUMBER})\s+(?P<curword>dollars|euros|pounds\s+sterling|yuan|yen|rupees)\b"),
        build=_build_money_words,
        priority=1,
        examples=(
            Example("paid 10 million euros to", "10 million euros", {"value": 1e7, "unit": "EUR"}),
            Example("about 500 dollars a month", "about 500 dollars", {"value": 500, "qualifier": "approx"}),
        ),
        negatives=("dollars and euros alike", "the euros were printed"),
    ),
    Rule(
        id="figure.percent",
        follows=frozenset({"%", "per", "percent", "percentage"}) | _AFTER_DIGITS,
        description="A percentage: '40%', '40 percent', '6.4 per cent', '2 percentage points'.",
        pattern=_p(rf"(?P<num>{NUMBER}){_percent}"),
        build=_build_percent,
        priority=1,
        examples=(
            Example("turnout was 40% in", "40%", {"value": 40, "unit": "percent"}),
            Example("nearly 40 percent of voters", "nearly 40 percent",
                    {"value": 40, "qualifier": "approx", "unit": "percent"}),
            Example("grew 6.4 per cent last year", "6.4 per cent", {"value": 6.4}),
            Example("fell two percentage points", "two percentage points",
                    {"value": 2, "unit": "percentage points"}),
        ),
        negatives=("a percent sign", "what percentage of voters"),
    ),
    Rule(
        id="figure.measure",
        follows=_UNIT_WORDS | _AFTER_DIGITS,
        description="A measure with its unit: '185 mph', '10 km', '3,000 tonnes'.",
        pattern=_p(rf"(?P<num>{NUMBER}|(?<![\w.,])\d[\d,]*(?:\.\d+)?(?=[a-zA-Z°]))[\s-]?(?P<unit>{_units})(?![\w])"),
        build=_build_measure,
        priority=1,
        examples=(
            Example("winds of 185 mph hit", "185 mph", {"value": 185, "unit": "mph"}),
            Example("a 10-km stretch", "10-km", {"value": 10, "unit": "km"}),
            Example("up to 3,000 tonnes of grain", "up to 3,000 tonnes",
                    {"value": 3000, "qualifier": "at_most", "unit": "tonnes"}),
            Example("winds of 30 miles per hour", "30 miles per hour", {"value": 30, "unit": "mph"}),
            Example("it orbits at 60km/s", "60km/s", {"value": 60, "unit": "km/s"}),
            Example("pieces of two centimetres", "two centimetres", {"value": 2, "unit": "cm"}),
            Example("a home of 3,000 square feet", "3,000 square feet", {"value": 3000, "unit": "sq ft"}),
            Example("fines of half a million US dollars", "half a million US dollars",
                    {"value": 500000, "unit": "USD"}),
            Example("it allocated 50 million dirhams to the border", "50 million dirhams",
                    {"value": 5e7, "unit": "MAD"}),
        ),
        negatives=("miles away", "the km marker"),
    ),
    Rule(
        id="figure.magnitude",
        follows=frozenset({"-", "magnitude"}),
        lead=frozenset({"magnitude"}),
        reach=1,
        description="An earthquake's magnitude: 'magnitude 6.3', 'a 6.3-magnitude quake'.",
        pattern=_p(r"(?:magnitude[\s-]+(?P<num>\d{1,2}(?:\.\d+)?)(?![\d.,]*\d)"
                          r"|(?P<num>\d(?:\.\d+)?)[\s-]magnitude)\b"),
        build=lambda m, text, rule: replace(_build_count(m, text, rule), unit="magnitude",
                                            needs_evidence=False) if _num(m.group("num")) is not None else None,
        priority=1,
        examples=(
            Example("a quake of magnitude 6.3 struck", "magnitude 6.3", {"value": 6.3, "unit": "magnitude"}),
            Example("a 7.1-magnitude earthquake", "7.1-magnitude", {"value": 7.1}),
        ),
        negatives=("of great magnitude", "the magnitude of the task"),
    ),
    Rule(
        id="figure.size",
        follows=frozenset({"-"}),
        description="A group's size as a compound modifier: 'three-member cell', 'three-man cell'.",
        pattern=_p(rf"(?P<num>(?:{WORDS})|\d+)-(?P<noun>member|man|men|woman|women|person|people|strong|seat|nation|country)\b"),
        build=_build_size,
        priority=1,
        examples=(
            Example("broke up a three-member network", "three-member", {"value": 3}),
            Example("a three-man cell with links", "three-man", {"value": 3}),
            Example("the five-member terror cell", "five-member", {"value": 5}),
            Example("a 15-member board", "15-member", {"value": 15}),
        ),
        negatives=("a member of the cell", "the man-made lake", "a one-man show"),
    ),
    Rule(
        id="figure.share",
        lead=frozenset({"a", "one", "two", "three"}),
        at_number=lambda text, start, end, after: _may_start_share(text, start, end, after),
        reach=1,
        description="A fraction or share: 'about half', 'a third', 'two-thirds', 'one in five'.",
        pattern=_p(r"(?:(?P<frac>(?:two|three)[\s-](?:thirds|quarters)(?=[\s,.;])"
                   r"|(?:(?:a|one)\s+(?:third|quarter|fifth|tenth)"
                   r"|(?<![\w-])(?<!(?:first|second|the|last|latter|former|other)\s+)(?:a\s+|one\s+)?half)(?![\w-])"
                   r"(?=\s+(?:of|the|their|its|all|those|them|these|us|have|had|were|are|said|say|majority)\b"
                   r"|[,.;]|\s+(?-i:\p{Lu})))"
                   rf"|(?P<of_n>(?P<part>{NUMBER})[\s-]+(?:in|out[\s-]+of)[\s-]+(?:every\s+)?"
                   rf"(?P<whole>{DIGITS_CORE}|{WORDS_CORE})))"),
        build=_build_fraction,
        priority=1,
        examples=(
            Example("of whom about half have pledged", "about half", {"value": 0.5, "qualifier": "approx"}),
            Example("a third of the budget", "a third", {"value": 0.3333}),
            Example("two-thirds of voters", "two-thirds", {"value": 0.6667}),
            Example("one in five adults", "one in five", {"value": 0.2}),
        ),
        negatives=("in the second half of the match", "a quarter-final", "half-time"),
    ),
    Rule(
        id="figure.vague",
        description="A vague amount kept without a value: 'dozens of', 'hundreds of', 'thousands of'.",
        pattern=_p(r"(?<![\w-])(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|"
                   r"thousands|millions|billions)\s+of\b(?!\s+(?:dollars|euros|pounds|years))"),
        build=_build_vague,
        priority=0,
        examples=(
            Example("dozens of people were hurt", "dozens of", {"value": None}),
            Example("tens of thousands of protesters", "tens of thousands of", {"value": None}),
        ),
        negatives=("several people", "many of them", "hundreds of years ago"),
    ),
    Rule(
        id="figure.count",
        lead=frozenset({"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}),
        reach=1,
        description="A count: digits or number words, with an optional qualifier; it needs a counted "
                    "noun, a counting verb or a qualifier to become a claim.",
        pattern=_p(rf"(?P<num>{DIGITS}{SCALE}?|{WORDS})"),
        build=_build_count,
        priority=0,
        examples=(
            Example("arrested 10 suspects with", "10", {"value": 10, "counted": "suspects"}),
            Example("more than 1,600 Moroccan jihadists in", "more than 1,600",
                    {"value": 1600, "qualifier": "more_than", "counted": "Moroccan jihadists"}),
            Example("around a thousand soldiers", "around a thousand", {"value": 1000, "qualifier": "approx"}),
            Example("one hundred and twenty people", "one hundred and twenty", {"value": 120}),
            Example("twenty-three students", "twenty-three", {"value": 23}),
            Example("a dozen houses", "a dozen", {"value": 12}),
            Example("Parliament has 170 MPs in total", "170", {"value": 170, "counted": "MPs"}),
            Example("the ministry's count put the number at 71.", "71", {"value": 71}),
            Example("stars higher than 12 solar masses", "higher than 12",
                    {"value": 12, "qualifier": "more_than", "counted": "solar masses"}),
            Example("killed at least 23.", "at least 23", {"value": 23, "qualifier": "at_least",
                                                           "counted": "people killed"}),
            Example("a population of 1,051,635 in", "1,051,635", {"value": 1051635}),
            Example("1.4 million people", "1.4 million", {"value": 1.4e6}),
            Example("Four of the arrests took place", "Four", {"value": 4, "counted": "arrests"}),
        ),
        negatives=("one of the most active", "the page was 3", "1,1,1,1,1", "no one came",
                   "Route 66 runs west", "he scored in the 90th minute", "two weeks later"),
    ),
)


def _build_money_scaled(m, text, rule):
    figure = _build_money(m, text, rule)
    if figure and m.group("scale"):
        factor = parse_number("1" + m.group("scale"))
        figure = replace(figure, value=clean(figure.value * factor)) if factor else None
    return figure


REJECT_RULES: tuple[Rule, ...] = (
    Rule(
        id="reject.date",
        follows=frozenset({"/", ".", "-", "–", "and", "to", "&", "of", "st", "nd", "rd", "th"}) | _MONTH_WORDS,
        lead=_MONTH_WORDS | _WEEKDAY_WORDS,
        reach=2,
        description="Calendar dates: 'August 26', 'September 26, 2011', '19 and 20 September', "
                    "'March 2015', '18/09/2016', '2019-01-24', 'September 27th'.",
        kind="reject",
        pattern=_p(
            rf"(?:(?-i:{lx.WEEKDAYS}),?\s+)?(?:{_month})\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d:])"
            rf"(?:\s*(?:-|–|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?(?![\d:]))?(?:,?\s+\d{{4}})?"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to|&)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:{_month})(?![\w])(?:,?\s+\d{{4}})?"
            rf"|(?:{_month}),?\s+(?:of\s+)?\d{{4}}"
            r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\d.])"
            r"|\d{4}-\d{2}-\d{2}"),
        build=_build_reject,
        priority=5,
        examples=(
            Example("an August 26 attack", "August 26"),
            Example("Monday, September 26, 2011", "Monday, September 26, 2011"),
            Example("sealed on 19 and 20 September, on", "19 and 20 September"),
            Example("set up in March 2015 but", "March 2015"),
            Example("Sunday 18/09/2016", "18/09/2016"),
            Example("On September 27th, one year", "September 27th"),
            Example("published 2019-01-24.", "2019-01-24"),
        ),
        negatives=("may 5 people come", "20 marches took place"),
    ),
    Rule(
        id="reject.year",
        at_number=lambda text, start, end, after: end - start == 4 and text[start:start + 2] in _YEAR_STARTS,
        description="A year standing alone: 'in 2014', '2019–20', 'the 1990s'.",
        kind="reject",
        pattern=_p(r"(?<![\d,.$£€-])(?:1[5-9]\d\d|20\d\d)(?:s|\s*(?:-|–|/)\s*(?:\d{4}|\d{2}))?(?!\d|[,.]\d|%)"),
        build=_build_year,
        priority=4,
        examples=(
            Example("in the whole of 2014, according", "2014"),
            Example("the 2019–20 season", "2019–20"),
            Example("since the 1990s", "1990s"),
        ),
        negatives=("more than 2000 people", "1999 delegates voted"),
    ),
    Rule(
        id="reject.time",
        follows=frozenset({":", ".", "-", "–", "to", "a", "am", "p", "pm", "gmt", "utc", "hrs", "h", "hours", "local", "o"}),
        description="Times of day and clock ranges: '5.30-9 a.m.', '0330-0700 GMT', '10:45'.",
        kind="reject",
        pattern=_p(
            r"\d{1,2}(?:[:.]\d{2})?\s*(?:-|–|to)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|hrs\b|h\b)"
            r"|\d{4}\s*(?:-|–|to)\s*\d{4}\s*(?:GMT|UTC|hrs|hours|local\s+time)\b"
            r"|\d{1,2}[:.]\d{2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|hrs\b|local\s+time|h\b)"
            r"|\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
            r"|\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)"
            r"|\d{4}\s*(?:GMT|UTC|hrs|hours\s+local|local\s+time)\b"),
        build=_build_reject,
        priority=5,
        examples=(
            Example("lasted from 5.30-9 a.m. local time", "5.30-9 a.m."),
            Example("[0330-0700 GMT]", "0330-0700 GMT"),
            Example("at 10:45 on", "10:45"),
            Example("by 9 pm", "9 pm"),
        ),
        negatives=("rose 5.30 percent", "at 10 schools"),
    ),
    Rule(
        id="reject.ordinal",
        follows=frozenset({"st", "nd", "rd", "th"}),
        description="Ordinals written with digits: '116th', '1st', '27th'.",
        kind="reject",
        pattern=_p(r"(?<![\w.,])\d+(?:st|nd|rd|th)\b"),
        build=_build_reject,
        priority=5,
        examples=(Example("the 116th Congress", "116th"), Example("his 3rd term", "3rd")),
        negatives=("the first three months", "3 strikes"),
    ),
    Rule(
        id="reject.identifier",
        follows=frozenset(),
        lead=frozenset({"<cap>", "no", "#", "number", "§"}) | _LABEL_WORDS,
        reach=1,
        description="Names and identifiers with digits: 'F-16', 'COVID-19', 'MH370', 'Boeing 737', "
                    "'Article 50', 'a category 4 hurricane', 'a phase 3 trial'.",
        kind="reject",
        pattern=_p(r"(?-i:\b[A-Z][A-Za-z]*)-\d+(?:[A-Za-z]\w*)?\b|(?-i:\b[A-Z]{1,5})\d+[A-Za-z]?\b"
                   r"|\b(?P<word>(?-i:[A-Z][\p{L}]+))\s+(?:No\.\s*)?\d+(?:\.\d+)?\b(?!\s*(?:%|percent|per\s+cent|million|billion))"
                   rf"|\b(?-i:{'|'.join(sorted(_LABEL_WORDS))})\s+\d+(?:\.\d+)*\b"
                   r"(?!\s*(?:%|percent|per\s+cent|million|billion|thousand|hundred))"
                   r"|(?:No\.|#|number|§+)\s*\d+\b"),
        build=lambda m, text, rule: _build_identifier(m, text, rule) if m.groupdict().get("word")
        else _build_reject(m, text, rule),
        priority=3,
        examples=(
            Example("a category 4 hurricane made landfall", "category 4"),
            Example("the vaccine entered a phase 3 trial", "phase 3"),
            Example("see page 12 of the report", "page 12"),
            Example("F-16 combat aircraft", "F-16"),
            Example("the COVID-19 pandemic", "COVID-19"),
            Example("a Boeing 737 crashed", "Boeing 737"),
            Example("triggered Article 50 in", "Article 50"),
            Example("flight MH370 vanished", "MH370"),
            Example("under 17 U.S. Code § 1201 the notice", "§ 1201"),
        ),
        negatives=("About 20 people", "In 2014 police", "Some 300 homes", "the level of 300 metres"),
    ),
    Rule(
        id="reject.address",
        description="Street addresses: '36 Quai des Orfèvres', '10 Downing Street', '1600 Pennsylvania Avenue'.",
        kind="reject",
        at_number=lambda text, start, end, after: _may_start_address(text, start, end),
        pattern=_p(rf"\d{{1,5}}[a-z]?\s+(?:(?:{_STREET})\b|(?:(?-i:\p{{Lu}}[\p{{L}}'’-]+)\s+){{1,3}}(?-i:{_STREET})\b)"),
        build=_build_reject,
        priority=5,
        examples=(Example("the police headquarters at 36 Quai des Orfèvres in Paris", "36 Quai"),
                  Example("he left 10 Downing Street on foot", "10 Downing Street")),
        negatives=("10 streets were closed", "about 40 Roads Department staff"),
    ),
    Rule(
        id="reject.rate_base",
        at_number=lambda text, start, end, after: text[max(0, start - 8):start].rstrip().lower().endswith("per"),
        description="The base of a rate is not a figure of its own: the 100,000 in '15 per 100,000 people'.",
        kind="reject",
        pattern=_p(rf"(?<=\bper\s{{1,3}})(?:\d[\d,.]*\d|\d|{WORDS})"),
        build=_build_reject,
        priority=5,
        examples=(Example("15 deaths per 100,000 people", "100,000"),
                  Example("three cases per 1,000 residents", "1,000")),
        negatives=("100,000 people were counted",),
    ),
    Rule(
        id="reject.phone",
        follows=frozenset({".", "-"}),
        lead=frozenset({"+", "("}),
        reach=1,
        description="Telephone numbers.",
        kind="reject",
        pattern=_p(r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}"
                   r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4}\b"),
        build=_build_reject,
        priority=5,
        examples=(Example("call +44 20 7946 0958 now", "+44 20 7946 0958"),
                  Example("call (555) 123-4567.", "(555) 123-4567")),
        negatives=("between 800 and 1000",),
    ),
    Rule(
        id="reject.comment_counter",
        follows=frozenset({"thought", "thoughts", "comment", "comments", "response", "responses", "replies", "reply", "share", "shares", "like", "likes"}),
        description="Page furniture counting comments: '1 thought on', '12 comments'.",
        kind="reject",
        pattern=_p(r"\b\d+\s+(?:thoughts?|comments?|responses?|replies|reply|shares?|likes?)\b(?:\s+(?:on|to)\b)?"),
        build=_build_reject,
        priority=5,
        examples=(Example("1 thought on “AQIM”", "1 thought on"), Example("12 Comments", "12 Comments")),
        negatives=("no comments yet",),
    ),
    Rule(
        id="reject.relative_time",
        follows=_TIME_WORDS,
        description="Durations that date an event: 'two weeks later', 'one year after', '3 days ago'.",
        kind="reject",
        pattern=_p(rf"(?:{_UNSCALED})\s+(?:{lx.TIME_NOUNS})\s+(?:later|earlier|ago|after|before|since|on|into|from\s+now)\b"),
        build=_build_reject,
        priority=4,
        examples=(Example("Almost two weeks later, the", "two weeks later"),
                  Example("one year after the launch", "one year after")),
        negatives=("sentenced to two years in prison",),
    ),
    Rule(
        id="reject.age",
        follows=frozenset({"-", "year", "years"}),
        lead=frozenset({"aged"}),
        reach=2,
        description="Ages of people: '20 years old', 'a 45-year-old man', 'aged 30', 'aged between 19 and 33'.",
        kind="reject",
        pattern=_p(rf"(?:{_UNSCALED})[\s-]+years?[\s-]+old\b"
                   rf"|\baged\s+(?:between\s+)?(?:{NUMBER})(?:\s*(?:-|–|to|and)\s*(?:{NUMBER}))?"),
        build=_build_reject,
        priority=4,
        examples=(Example("a 45-year-old man", "45-year-old"), Example("aged 30, was", "aged 30"),
                  Example("the suspects, aged between 19 and 33, had", "aged between 19 and 33")),
        negatives=("over 20 years in prison",),
    ),
    Rule(
        id="reject.one_of",
        follows=frozenset({"of", "another", "or", "day", "time", "way", "side", "thing", "-"}),
        lead=frozenset({"no"}),
        reach=1,
        description="'one of', 'one another', 'no one': pronouns, not counts.",
        kind="reject",
        pattern=_p(r"\bone\s+(?:of|another|or\s+(?:two|another)|day|time|way|side|thing)\b|\bno\s+one\b|\bone\s*-\s*(?:on|off|way|time)\b"),
        build=_build_reject,
        priority=3,
        examples=(Example("one of the most active", "one of"), Example("no one came", "no one")),
        negatives=("one person died",),
    ),
)

ALL_RULES: tuple[Rule, ...] = FIGURE_RULES + REJECT_RULES
RULES_BY_ID = {rule.id: rule for rule in ALL_RULES}


_anchor_words = sorted(set(list(_WORD_VALUES) + ["dozen", "dozens", "half", "third", "thirds", "quarter", "quarters",
                                                "fifth", "tenth", "tens", "scores", "hundreds", "thousands",
                                                "millions", "billions", "magnitude"]), key=len, reverse=True)
# Every figure and every look-alike holds a digit or a number word: rules are tried only
# where one stands, which keeps extraction linear and fast however long the text.
ANCHOR = compile_pattern(
    r"\d+|\b(?:" + word_trie(_anchor_words + [w.capitalize() for w in _anchor_words]) + r")\b", regex.VERSION0)
# The same anchors in two cheaper scans: digit runs, and number words in the lower-cased
# text (half the branches of the trie); a word then counts only as written in lower case
# or capitalised, as ANCHOR has it.
_DIGIT_RUN = compile_pattern(r"\d+", regex.VERSION0)
_NUMBER_WORD = compile_pattern(r"\b(?:" + word_trie(_anchor_words) + r")\b", regex.VERSION0)


# What wordscan looks for, with cue words, in one scan of the lower-cased text.
NUMBER_WORDS = tuple(_anchor_words)


def number_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], found as a number word in the lower-cased text, counts as one
    (ANCHOR's: in lower case, or capitalised)."""
    word = text[start:end]
    lower = word.lower()
    return word == lower or word == lower.capitalize()


def _anchors(text: str, clock: Clock, pos: int, end: int,
             number_words: Optional[list[tuple[int, int]]] = None) -> list[tuple[int, int]]:
    """(start, end) of every ANCHOR match, in order. `number_words`: those spans of the
    whole text, when the caller has them already (wordscan.scan_words)."""
    if number_words is None:
        lower = text.lower()
        if len(lower) != len(text):  # a letter whose lower case is longer ('İ'): offsets would drift
            return [m.span() for m in scan(ANCHOR, text, clock, pos, end)]
        number_words = [m.span() for m in scan(_NUMBER_WORD, lower, clock, pos, end) if number_word(text, *m.span())]
    spans = [m.span() for m in scan(_DIGIT_RUN, text, clock, pos, end)]
    return sorted(spans + number_words) if number_words else spans


# Which rules can match at a digit, and which at a number word ("twenty", "half", "dozens").
_WORDS_ONLY = {"figure.vague", "reject.one_of"}
_DIGITS_ONLY = {"figure.money", "figure.magnitude", "reject.date", "reject.year", "reject.time", "reject.ordinal",
                "reject.identifier", "reject.phone", "reject.comment_counter", "reject.address"}


class _Dispatch:
    """Which rules to try at a start position, looked up instead of tested rule by rule: at
    the number itself by the token after it (`follows`), words before it by the word a match
    would start with (`lead`). Every list keeps the rules' order, which breaks ties."""

    def __init__(self, rules: list[tuple[int, Rule]]):
        self.at_number = tuple(x for x in rules if x[1].follows is None)
        self.by_follower = {token: self._merge(self.at_number, (x for x in rules if x[1].follows and token in x[1].follows))
                            for token in set().union(*(r.follows or () for _, r in rules))}
        self.before: list[tuple[tuple, dict]] = [((), {})]
        for level in (1, 2):
            reaching = [x for x in rules if x[1].reach >= level]
            open_ = tuple(x for x in reaching if x[1].lead is None)
            by_lead = {key: self._merge(open_, (x for x in reaching if x[1].lead and key in x[1].lead))
                       for key in set().union(*(r.lead or () for _, r in reaching))}
            self.before.append((open_, by_lead))

    @staticmethod
    def _merge(*groups) -> tuple:
        return tuple(sorted({i: (i, r) for group in groups for i, r in group}.values(), key=lambda x: x[0]))

    def at(self, after: str) -> tuple:
        return self.by_follower.get(after, self.at_number)

    def merged(self, a: tuple, b: tuple) -> tuple:
        return a if a is b else self._merge(a, b)

    def led_by(self, level: int, word: str, char: str, capitalised: bool) -> tuple:
        open_, by_lead = self.before[level]
        hit = by_lead.get(word)
        by_char = by_lead.get(char) if char != word else None
        by_cap = by_lead.get("<cap>") if capitalised else None
        if by_char is None and by_cap is None:  # the usual case: one lookup decides
            return open_ if hit is None else hit
        hits = [h for h in (hit, by_char, by_cap) if h is not None]
        return hits[0] if len(hits) == 1 else self._merge(*hits)


_AT_DIGIT = _Dispatch([(i, r) for i, r in enumerate(ALL_RULES) if r.id not in _WORDS_ONLY])
_AT_WORD = _Dispatch([(i, r) for i, r in enumerate(ALL_RULES) if r.id not in _DIGITS_ONLY])
_QUAL_LEFT = compile_pattern(rf"(?:^|(?<=[^\w-]))(?P<qual>{_qual_alt})\s+$")
_QUAL_LAST_WORDS = tuple(sorted({p.split()[-1] for p in _QUALIFIER_OF}))


def _may_end_qualifier(text: str, start: int) -> bool:
    """Whether the text before `start` ends with space after a qualifier's last word: most
    figures have none, and this spares them the qualifier search."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end < start and text[max(0, end - 16):end].casefold().endswith(_QUAL_LAST_WORDS)


_NUMBER_END = compile_pattern(rf"\d[\d,.]*\d|\d|{WORDS}")
_TOKEN_AFTER = compile_pattern(r"[ \t\u00a0]*(?:(?P<w>\p{L}+)|(?P<d>\d)|(?P<c>\S))")


def _letters_from(text: str, pos: int) -> int:
    end, n = pos + 1, len(text)
    while end < n and text[end].isalpha():  # str.isalpha is \p{L}
        end += 1
    return end


def _token_after(text: str, end: int) -> str:
    """The token right after a number: a lower-case word, '<num>' or one character."""
    pos, n = end, len(text)
    while pos < n and text[pos] in " \t\u00a0":
        pos += 1
    if pos < n and text[pos].isalpha():  # the common case, read without a regex call
        return text[pos:_letters_from(text, pos)].lower()
    m = _TOKEN_AFTER.match(text, end)
    if not m:
        return ""
    if m.group("w"):
        return m.group("w").lower()
    return "<num>" if m.group("d") else m.group("c")


def _word_at(text: str, pos: int) -> tuple[str, bool]:
    """The lower-case word (or character) at `pos`, and whether it is capitalised."""
    if pos < len(text) and text[pos].isalpha():
        return text[pos:_letters_from(text, pos)].lower(), text[pos].isupper()
    m = _TOKEN_AFTER.match(text, pos)
    if not m:
        return "", False
    word = m.group("w")
    if word:
        return word.lower(), word[0].isupper()
    return m.group("c") or "<num>", False


# No figure or look-alike starts more than this many characters before its first digit.
_LONGEST_PREFIX = 24


def _start_positions(text: str, anchor: int, line_start: int) -> list[tuple[int, int]]:
    """(position, level): the anchor (0), the token holding it ('$2.5bn', level 1), and up to
    two words before (levels 1 and 2)."""
    token = anchor
    floor = max(line_start, anchor - _LONGEST_PREFIX)  # a token of a thousand '1,' must not go quadratic
    while token > floor and not text[token - 1].isspace():
        token -= 1
    positions = [(anchor, 0)] if token == anchor else [(anchor, 0), (token, 1)]
    if token < anchor and text[token] in "([{\"'“‘":
        positions.append((token + 1, 1))  # "(£17,500;": the figure starts inside the bracket
    cursor = token
    for level in (1, 2):
        q = cursor
        while q > line_start and text[q - 1].isspace():
            q -= 1
        if q == cursor:
            break
        while q > line_start and not text[q - 1].isspace():
            q -= 1
        if q >= cursor:
            break
        # '"between 1,500 and 1,800"': a word opening a quote or a bracket starts after its mark
        positions.append((q + 1 if text[q] in "([{\"'“‘" else q, level))
        cursor = q
    return positions


_QUAL_RIGHT = compile_pattern(r"\s+or\s+(?P<dir>more|greater|higher|above|over|fewer|less|lower|below|under)\b")


def _with_qualifier(fig: Figure, text: str, clock: Clock) -> Figure:
    """Extend a figure over the qualifier written before it ('more than 1,600') or after it
    ('1,000 or more')."""
    if fig.kind != "figure" or fig.qualifier != Qualifier.exact:
        return fig
    after = match(_QUAL_RIGHT, text, clock, fig.end, min(len(text), fig.end + 20))
    if after:
        lower = after.group("dir").lower() in ("more", "greater", "higher", "above", "over")
        return replace(fig, end=after.end(), qualifier=Qualifier.at_least if lower else Qualifier.at_most)
    if not _may_end_qualifier(text, fig.start):
        return fig
    m = search(_QUAL_LEFT, text, clock, max(0, fig.start - 32), fig.start)
    if not m:
        return fig
    q = _QUALIFIER_OF.get(" ".join(m.group("qual").lower().split()), Qualifier.exact)
    return replace(fig, start=m.start(), qualifier=q)


def find_figures(text: str, clock: Clock = UNLIMITED, pos: int = 0,
                 endpos: Optional[int] = None, number_words: Optional[list[tuple[int, int]]] = None) -> list[Figure]:
    """Every figure and reject candidate, with the covering match winning overlaps.
    `number_words`: the number words of the whole text (wordscan.scan_words), when known."""
    candidates: dict[tuple[str, int, int], Figure] = {}
    tried: set[tuple[int, int]] = set()
    end = len(text) if endpos is None else endpos
    if pos != 0 or end != len(text):
        number_words = None  # found in the whole text, where a bound is no word boundary
    # The last newline before each anchor, found between one anchor and the next: the
    # anchors come in order, and a search back to the start from each would cost a long
    # one-line document the square of its length.
    last_newline, searched_to = -1, 0
    for a, anchor_end in _anchors(text, clock, pos, end, number_words):
        if a > 0 and text[a - 1] == "-" and not text[a].isdigit():
            continue  # "thirty-five" is read from its first word; "F-sixteen" is no number
        if a > searched_to:
            last_newline = max(last_newline, text.rfind("\n", searched_to, a))
            searched_to = a
        line_start = max(pos, last_newline + 1)
        dispatch = _AT_DIGIT if text[a].isdigit() else _AT_WORD
        if text[anchor_end:anchor_end + 1] in (",", ".") or not text[a].isdigit():
            number = _NUMBER_END.match(text, a)
            number_end = number.end() if number else anchor_end
        else:  # a run of digits with no separator after it is all the number there is
            number_end = anchor_end
        after = _token_after(text, number_end)
        at_number = dispatch.at(after)
        if number_end != anchor_end:  # "12.03.2019": a date reads "12" and ".", a count "12.03.2019"
            at_number = dispatch.merged(at_number, dispatch.at(_token_after(text, anchor_end)))
        timeout = clock.timeout()
        for start, level in _start_positions(text, a, line_start):
            if level == 0:
                rules = at_number
            else:
                first, capitalised = _word_at(text, start)
                rules = dispatch.led_by(level, first, text[start], capitalised)
            for i, rule in rules:
                if (i, start) in tried:
                    continue
                if level == 0 and rule.at_number is not None and not rule.at_number(text, a, anchor_end, after):
                    continue
                tried.add((i, start))
                try:
                    if timeout is None:  # base.py says why the argument is left out
                        m = rule.pattern.match(text, start, end)
                    else:
                        m = rule.pattern.match(text, start, end, timeout=timeout)
                except TimeoutError as exc:
                    raise BudgetExceeded(f"{rule.id} timed out") from exc
                if m is None or m.end() == m.start():
                    continue
                figure = rule.build(m, text, rule)
                if figure is not None:
                    candidates.setdefault((figure.rule, figure.start, figure.end), figure)
    ordered = sorted(candidates.values(), key=lambda f: (-(f.end - f.start), -RULES_BY_ID[f.rule].priority, f.start))
    chosen: list[Figure] = []
    taken = bytearray(max(0, end - pos) + 1)
    for fig in ordered:
        if 1 in taken[fig.start - pos:fig.end - pos]:
            continue
        chosen.append(fig)
        taken[fig.start - pos:fig.end - pos] = b"\x01" * (fig.end - fig.start)
    chosen.sort(key=lambda f: f.start)
    return [_with_qualifier(f, text, clock) for f in chosen]
