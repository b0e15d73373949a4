"""Dates: the document's own date and publisher, and the time expressions of a claim.

Three families of rules, all data with examples:

* date-line rules ("date.line", "date.line_numeric", "date.line_iso") find the
  publication date on a line near the top of the text that is essentially only a date;
* publisher rules ("publisher.credit", "publisher.dateline", "publisher.copyright")
  find the document's own publisher on a credit line;
* claim-date rules ("date.full", "date.month_day", "date.month_year", "date.month",
  "date.year_range", "date.year", "date.weekday", "date.relative") find time
  expressions inside one sentence and resolve them against the document date.

No date is better than a wrong one: a weekday that contradicts its date, an
ambiguous dd/mm date or a relative expression with no document date gives no date.

Positive examples of claim-date rules are resolved against EXAMPLE_DOC_DATE unless
their `expect` carries a "doc_date" (an input of the example, not a field).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

import regex

from ..models import Precision, Span
from . import lexicon as lx
from .base import Clock, Example, Rule, UNLIMITED, compile_pattern, match, scan, search, word_trie

# How far into the text a date line or a dateline may sit.
HEAD_LINES = 40
HEAD_CHARS = 3000
# After a future cue, a month without a year is the coming one only this many months ahead.
FUTURE_MONTHS = 9
# The document date claim-date examples are resolved against (a Wednesday).
EXAMPLE_DOC_DATE = "2015-10-07"

# ---------------------------------------------------------------- shared pieces

H = r"[^\S\n]"  # horizontal white space, including the no-break space
_WD_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
            "fri": 4, "sat": 5, "sun": 6}
# Any case on a date line ("FRIDAY, JANUARY 4, 2019"); capitalised inside sentences.
_WD_LINE = rf"(?:{lx.WEEKDAYS}|Tues|Thurs|Thur|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?(?!\p{{L}})"
_MON_LINE = rf"(?:{lx.MONTHS})(?!\p{{L}})"
_WD = rf"(?-i:{lx.WEEKDAYS})"
_MON = rf"(?-i:{lx.MONTHS})(?!\p{{L}})"
_MON_FULL = ("(?-i:January|February|March|April|May|June|July|August|September|October|"
             "November|December)(?!\\p{L})")
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)?"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12}


def _p(pattern: str) -> regex.Pattern:
    return compile_pattern(pattern)


def _pw(pattern: str) -> regex.Pattern:
    """A claim-date pattern: it starts at the start of a word, never inside one."""
    return compile_pattern(rf"\b(?=\w)(?:{pattern})")


@dataclass(frozen=True)
class ClaimDate:
    """A time expression in a claim's sentence, with what it resolves to."""

    text: str
    start: int
    end: int
    date: Optional[str]  # ISO partial: "2015-10-04" (day), "2015-09" (month), "2014" (year)
    precision: Optional[Precision]
    rule: str


@dataclass(frozen=True)
class DocHit:
    """What a document-level rule found: a date or a publisher, and where."""

    value: str
    span: Span
    rule: str


# ---------------------------------------------------------------- calendar helpers

@lru_cache(maxsize=1024)  # every claim sentence of a document resolves against its one date
def parse_iso(value: Optional[str]) -> Optional[date]:
    """A date from an ISO day string; None for None, partial or malformed input."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _make_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_number(name: str) -> Optional[int]:
    return lx.MONTH_NUMBER.get(name.lower().rstrip("."))


def weekday_number(name: str) -> Optional[int]:
    key = name.lower().rstrip(".")
    if key in lx.WEEKDAY_NUMBER:
        return lx.WEEKDAY_NUMBER[key]
    return _WD_ABBR.get(key)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def resolve_weekday(doc: date, weekday: int, mode: str = "past") -> date:
    """The weekday nearest the document date in the given direction.

    past: the latest such day on or before the document date (the doc day itself counts);
    before: the latest strictly before ("last Friday"); future: the earliest strictly after.
    """
    if mode == "future":
        return doc + timedelta(days=(weekday - doc.weekday() - 1) % 7 + 1)
    back = (doc.weekday() - weekday) % 7
    if mode == "before" and back == 0:
        back = 7
    return doc - timedelta(days=back)


def resolve_month_day(doc: date, month: int, day: int, weekday: Optional[int] = None,
                      future: bool = False) -> Optional[date]:
    """The year of a month-day written without one.

    The latest such day on or before the document date; with a future cue, the next
    one after it when that is within half a year. A weekday must agree: the year is
    chosen among those where it does, within a year of the document date.
    """
    candidates = [d for y in range(doc.year - 4, doc.year + 2)
                  if (d := _make_date(y, month, day)) is not None]
    if weekday is not None:
        candidates = [d for d in candidates if d.weekday() == weekday]
    past = [d for d in candidates if d <= doc and (doc - d).days <= 366 * (4 if month == 2 and day == 29 else 1)]
    after = [d for d in candidates if d > doc and (d - doc).days <= 366]
    soon = [d for d in after if (d - doc).days <= 183]
    if future and soon:
        return soon[0]
    if past:
        return past[-1]
    if weekday is not None and soon:
        return soon[0]
    return None


def resolve_month(doc: date, month: int, mode: str = "past") -> tuple[int, int]:
    """The year of a month written without one.

    past: the latest such month on or before the document's month; before ("last
    September"): strictly before it; future: the next one strictly after it;
    this: the document's year.
    """
    if mode == "this":
        return doc.year, month
    if mode == "future":
        return (doc.year if month > doc.month else doc.year + 1), month
    if mode == "before":
        return (doc.year if month < doc.month else doc.year - 1), month
    return (doc.year if month <= doc.month else doc.year - 1), month


def _iso(d: date, precision: Precision) -> str:
    if precision is Precision.day:
        return d.isoformat()
    if precision is Precision.month:
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


# ---------------------------------------------------------------- lines

def trimmed_lines(text: str, clock: Clock, limit_lines: Optional[int] = None,
           limit_chars: Optional[int] = None) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) with surrounding white space trimmed."""
    # Plain string methods: a regex scan here cost a call and a timeout per line. str.strip
    # trims exactly what str.isspace calls white space.
    clock.timeout()
    if limit_chars is None:
        pieces = text.split("\n")
    else:
        pieces = text[:limit_chars].split("\n")
        if pieces[-1]:  # a line that starts before the limit counts whole
            last = min(limit_chars, len(text)) - len(pieces[-1])
            pieces[-1] = text[last:_line_end(text, last)]
    out: list[tuple[int, int]] = []
    start = 0
    for raw in pieces:
        body = raw.strip()
        if body:
            lead = start + len(raw) - len(raw.lstrip())
            out.append((lead, lead + len(body)))
            if limit_lines is not None and len(out) >= limit_lines:
                break
        start += len(raw) + 1
    return out


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


class LineRules:
    """Rules that match a trimmed line from its first character, tried in order.

    A match call with its timeout costs microseconds even when the pattern fails on the
    first character, and most lines fail every rule. So a rule is tried only on lines whose
    first two characters can begin a match of it, which a partial match of its pattern on
    those two characters tells once per pair (a page holds few pairs). A pattern that could
    look before its start ('(?<', '\\B') is tried on every line."""

    MAX_PAIRS = 4096

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        self._by_pair: dict[str, tuple[Rule, ...]] = {}

    def candidates(self, text: str, start: int, end: int) -> tuple[Rule, ...]:
        pair = text[start:min(end, start + 2)]
        found = self._by_pair.get(pair)
        if found is None:
            if len(self._by_pair) >= self.MAX_PAIRS:
                self._by_pair.clear()
            # Two characters: a partial match of them is short work, with no timeout to set.
            found = self._by_pair[pair] = tuple(
                r for r in self.rules if "(?<" in r.pattern.pattern or "\\B" in r.pattern.pattern
                or r.pattern.match(pair, partial=True) is not None)
        return found

    def matches(self, text: str, clock: Clock, start: int, end: int):
        """(rule, match) for every rule that matches text[start:end] at start, in rule order."""
        for rule in self.candidates(text, start, end):
            m = match(rule.pattern, text, clock, start, end)
            if m is not None:
                yield rule, m


# ---------------------------------------------------------------- date lines

# What may stand before the date on a date line, and what may follow it.
_LINE_PREFIX = (
    rf"(?:(?:(?:Posted|Published|Written|Filed|Dated|Date|Publication{H}+date|First{H}+published"
    rf"|Date{H}+published)(?:{H}+on)?{H}*:?{H}*)"
    rf"|(?:(?:(?:Posted|Published|Written|Filed){H}+)?By{H}+[^\n|·•]{{1,40}}?{H}*(?:[|·•–—-]|{H}on){H}*)|(?:On{H}+))?"
)
_TIME = (rf"(?:at{H}+)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:{H}*[ap]\.?m\.?)?"
         rf"(?:{H}*(?-i:[A-Z]{{2,4}})(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?)?(?:{H}*\(?UTC[+-]?\d*\)?)?")
_NAME = (r"(?:(?-i:[\p{Lu}@][\p{L}\p{M}.'’-]*)(?:" + H + r"+(?:(?-i:[\p{Lu}][\p{L}\p{M}.'’-]*)"
         r"|de|van|von|al|bin|la|le|da|del|el)){0,4}|[\w.@-]{1,30})")
_LINE_TRAILER = (
    rf"(?:{H}*(?:,|[|·•–—-])?{H}*{_TIME})?"
    rf"(?:{H}*(?:[|·•–—-]{H}*)?by{H}+{_NAME})?"
    rf"(?:{H}*[|·•]{H}*[^\n]{{0,80}})?"
    rf"{H}*$"
)


def _line_pattern(date_part: str) -> regex.Pattern:
    return _p(rf"{H}*{_LINE_PREFIX}(?P<date>(?:(?P<wd>{_WD_LINE}),?{H}+)?{date_part}){_LINE_TRAILER}")


def _weekday_ok(m: regex.Match, d: date) -> bool:
    wd = m.group("wd")
    return wd is None or weekday_number(wd) == d.weekday()


def _build_line_named(m, text, rule, clock: Clock = UNLIMITED) -> Optional[DocHit]:
    month = month_number(m.group("mon"))
    d = _make_date(int(m.group("year")), month or 0, int(m.group("day")))
    if d is None or not _weekday_ok(m, d):
        return None
    return DocHit(d.isoformat(), Span(start=m.start("date"), end=m.end("date"), label="date_line"),
                  rule.id)


def _build_line_iso(m, text, rule, clock: Clock = UNLIMITED) -> Optional[DocHit]:
    d = _make_date(int(m.group("year")), int(m.group("m")), int(m.group("d")))
    if d is None or not _weekday_ok(m, d):
        return None
    return DocHit(d.isoformat(), Span(start=m.start("date"), end=m.end("date"), label="date_line"),
                  rule.id)


def numeric_date(a: int, b: int, year: int, weekday: Optional[int] = None) -> Optional[date]:
    """dd/mm/yyyy or mm/dd/yyyy: the weekday decides; else the only valid reading; else none."""
    readings = {d for d in (_make_date(year, b, a), _make_date(year, a, b)) if d is not None}
    if weekday is not None:
        readings = {d for d in readings if d.weekday() == weekday}
    return readings.pop() if len(readings) == 1 else None


def _build_line_numeric(m, text, rule, clock: Clock = UNLIMITED) -> Optional[DocHit]:
    wd = m.group("wd")
    d = numeric_date(int(m.group("a")), int(m.group("b")), int(m.group("year")),
                     weekday_number(wd) if wd else None)
    if d is None:
        return None
    return DocHit(d.isoformat(), Span(start=m.start("date"), end=m.end("date"), label="date_line"),
                  rule.id)


DATE_LINE_RULES: tuple[Rule, ...] = (
    Rule(
        id="date.line",
        description="A date line with the month as a word, near the top of the text and alone on "
                    "its line (an optional 'Posted on', time or 'by X' aside): 'Monday, September 26, "
                    "2011', '24 January 2019', 'Jan. 24, 2019'. A weekday must agree with the date.",
        kind="date_line",
        pattern=_line_pattern(
            rf"(?:(?P<mon>{_MON_LINE}){H}+(?P<day>[0-3]?\d){_ORD},?{H}+(?P<year>{_YEAR})"
            rf"|(?:the{H}+)?(?P<day>[0-3]?\d){_ORD}{H}+(?:of{H}+)?(?P<mon>{_MON_LINE}),?{H}+(?P<year>{_YEAR}))"
            r"(?!\d)"),
        build=_build_line_named,
        priority=3,
        examples=(
            Example("Friday, March 6, 2020\xa0 \n\nCouncil votes on budget", "Friday, March 6, 2020",
                    {"date": "2020-03-06"}),
            Example("Wednesday, October 07, 2015\n\nHeadline", "Wednesday, October 07, 2015",
                    {"date": "2015-10-07"}),
            Example("Posted on March 3, 2020 by Jane Roe\nText", "March 3, 2020", {"date": "2020-03-03"}),
            Example("Posted by admin on March 3, 2020 | 3 Comments\nText", "March 3, 2020", {"date": "2020-03-03"}),
            Example("Published: 24 January 2019 10:15\nText", "24 January 2019", {"date": "2019-01-24"}),
            Example("Headline\nJan. 24, 2019\nText", "Jan. 24, 2019", {"date": "2019-01-24"}),
            Example("Thursday, January 24, 2019", "Thursday, January 24, 2019", {"date": "2019-01-24"}),
        ),
        negatives=(
            "Thursday, January 25, 2019",  # the weekday does not match the date
            "Market update, August 6",  # no year
            "Thursday, February 15",  # no year
            "Officials said on January 24, 2019 that 40 people had died.",  # inside a sentence
            "February 30, 2019",  # no such day
            "Updated: March 3, 2020",  # an update, not the publication
        ),
    ),
    Rule(
        id="date.line_numeric",
        description="A numeric date line: 'Sunday 18/09/2016', '09/18/2016'. The weekday decides "
                    "between dd/mm and mm/dd; without one, only an unambiguous reading is taken.",
        kind="date_line",
        pattern=_line_pattern(
            r"(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>" + _YEAR + r")(?!\d)"),
        build=_build_line_numeric,
        priority=2,
        examples=(
            Example("Sunday 18/09/2016\nText", "Sunday 18/09/2016", {"date": "2016-09-18"}),
            Example("18/09/2016", "18/09/2016", {"date": "2016-09-18"}),
            Example("09/18/2016", "09/18/2016", {"date": "2016-09-18"}),
            Example("Friday 07/02/2020", "Friday 07/02/2020", {"date": "2020-02-07"}),
            Example("Wednesday 03.04.2019", "Wednesday 03.04.2019", {"date": "2019-04-03"}),
        ),
        negatives=(
            "03/04/2019",  # 3 April or March 4: no weekday to decide
            "Monday 03/02/2020",  # 3 February and 2 March 2020 are both Mondays
            "Tuesday 18/09/2016",  # the weekday fits neither reading
            "The vote on 18/09/2016 drew 40% turnout.",
            "31/31/2016",
        ),
    ),
    Rule(
        id="date.line_iso",
        description="An ISO date line: '2019-01-24', '2019/01/24', optionally after a weekday.",
        kind="date_line",
        pattern=_line_pattern(rf"(?P<year>{_YEAR})(?P<sep>[-/])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"),
        build=_build_line_iso,
        priority=1,
        examples=(
            Example("2019-01-24\nText", "2019-01-24", {"date": "2019-01-24"}),
            Example("Published 2019/01/24 08:00 GMT", "2019/01/24", {"date": "2019-01-24"}),
        ),
        negatives=("2019-13-24", "Figures for 2019-01-24 show a rise of 3%.", "Friday 2019-01-24"),
    ),
)


# Every date-line pattern holds a year, 19xx or 20xx: a line with neither is no date line.
YEAR_DIGITS = ("19", "20")
assert all(_YEAR in rule.pattern.pattern for rule in DATE_LINE_RULES)
DATE_LINE_CHAIN = LineRules(tuple(sorted(DATE_LINE_RULES, key=lambda r: -r.priority)))


def may_hold_year(text: str, start: int, end: int) -> bool:
    return any(text.find(digits, start, end) >= 0 for digits in YEAR_DIGITS)


def date_lines(text: str, clock: Clock = UNLIMITED,
               rules: tuple[Rule, ...] = DATE_LINE_RULES) -> list[DocHit]:
    """Every valid date line in the head of the text, in text order."""
    return list(_date_lines(text, clock, rules))


def _date_lines(text: str, clock: Clock, rules: tuple[Rule, ...]):
    chain = DATE_LINE_CHAIN if rules is DATE_LINE_RULES else LineRules(
        tuple(sorted(rules, key=lambda r: -r.priority)))
    for s, e in trimmed_lines(text, clock, HEAD_LINES, HEAD_CHARS):
        if may_hold_year(text, s, e):
            hit = _first_hit(text, clock, chain, s, e)
            if hit is not None:
                yield hit


def _first_hit(text: str, clock: Clock, chain: LineRules, s: int, e: int) -> Optional[DocHit]:
    """What the first rule (by priority) that both matches the line and builds makes of it."""
    for rule, m in chain.matches(text, clock, s, e):
        hit = rule.build(m, text, rule, clock)
        if hit is not None:
            return hit
    return None


def document_date(text: str, clock: Clock = UNLIMITED) -> tuple[Optional[str], Optional[Span]]:
    """The publication date from the first date line: ISO day and the span of the date."""
    hit = next(_date_lines(text, clock, DATE_LINE_RULES), None)
    if hit is None:
        return None, None
    return hit.value, hit.span


# ---------------------------------------------------------------- publisher credits

_CREDIT_NAME = r"(?P<name>(?-i:[\p{Lu}\d@])[^\n]{0,59}?)"
# What may follow the name on a credit line: "All rights reserved", and on blogs the
# platform's and theme's own credits ("Powered by WordPress", "Theme by X").
_CREDIT_END = (rf"(?:{H}*[.,;|·•]{H}*(?:All{H}+rights{H}+reserved\.?"
               rf"|(?:Proudly{H}+)?(?:Powered|Designed|Built){H}+(?:by|with){H}[^\n]*|Theme(?::|{H}+by){H}[^\n]*)?)*{H}*$")
_NAME_TAIL = compile_pattern(r",|\s+on\s+|\s+\(|\s+-\s+|\s+–\s+|\s+—\s+")
_NOT_OUTLET = compile_pattern(r"\b(?:photo|photos|image|images|file|video|pictured|update|updated|"
                              r"reporting|writing|editing|illustration)\b")


def _clean_name(name: str, clock: Clock = UNLIMITED) -> Optional[str]:
    tail = search(_NAME_TAIL, name, clock)
    if tail is not None:
        name = name[:tail.start()]
    name = name.strip(" \t\xa0.,;:-–—\"'“”")
    if not name or len(name.split()) > 8 or not any(ch.isalpha() for ch in name):
        return None
    return name


def _build_publisher(m, text, rule, clock: Clock = UNLIMITED) -> Optional[DocHit]:
    name = _clean_name(m.group("name"), clock)
    if name is None or search(_NOT_OUTLET, name, clock) is not None:
        return None
    start = m.start("name")
    return DocHit(name, Span(start=start, end=start + len(name), label="publisher"), rule.id)


PUBLISHER_RULES: tuple[Rule, ...] = (
    Rule(
        id="publisher.credit",
        description="A credit line naming where the text comes from: 'The Rest @ X', 'Read more at "
                    "X', 'This article first appeared in X', 'Source: X', 'Courtesy of X'. The name "
                    "is returned as written; canonicalising it is left to the caller.",
        kind="publisher",
        pattern=_p(
            rf"{H}*(?:"
            rf"(?:The{H}+rest|Read{H}+the{H}+rest(?:{H}+of{H}+(?:this|the){H}+(?:article|story|post))?"
            rf"|Read{H}+(?:the{H}+)?(?:more|full{H}+(?:article|story|report))|Continue{H}+reading"
            rf"|Full{H}+(?:article|story)){H}*(?:@|at|on){H}*"
            rf"|Source{H}*:{H}*"
            rf"|(?:This|The){H}+(?:article|story|piece|post|report|interview|column){H}+"
            rf"(?:(?:was{H}+)?(?:first|originally){H}+(?:appeared|published|ran)|appeared{H}+first"
            rf"|first{H}+appeared|originally{H}+appeared|appeared|was{H}+(?:first{H}+|originally{H}+)?"
            rf"published){H}+(?:in|on|at|by){H}+"
            rf"|(?:Originally|First){H}+(?:published|appeared){H}+(?:in|on|at|by){H}+"
            rf"|Republished{H}+(?:with{H}+permission{H}+)?from{H}+"
            rf"|Courtesy(?:{H}+of)?{H}*:?{H}*"
            rf"){_CREDIT_NAME}{_CREDIT_END}"),
        build=_build_publisher,
        priority=3,
        examples=(
            Example("Text.\n\nThe Rest @ Gulf Herald\n", "Gulf Herald", {"publisher": "Gulf Herald"}),
            Example("Source: Reuters", "Reuters", {"publisher": "Reuters"}),
            Example("Read more at The Daily Planet.", "The Daily Planet", {"publisher": "The Daily Planet"}),
            Example("This article first appeared in The Conversation.", "The Conversation",
                    {"publisher": "The Conversation"}),
            Example("This story was originally published by Atlas Weekly on March 3, 2020.",
                    "Atlas Weekly", {"publisher": "Atlas Weekly"}),
        ),
        negatives=(
            "A security official told Reuters the group had 40 members.",
            "Sources said the deal was close.",
            "Reuters:",
            "Read more: Police arrest 10 suspects in raid",
            "The source of the leak was never found.",
        ),
    ),
    Rule(
        id="publisher.dateline",
        description="A wire dateline opening the body: 'CAIRO (AFP) -', '(Reuters) -', "
                    "'WASHINGTON, Jan 4 (AP) —'. Only in the head of the text.",
        kind="publisher",
        pattern=_p(
            rf"{H}*(?:(?-i:\p{{Lu}}[\p{{Lu}}\p{{M}} .'/-]{{1,40}}?)(?:,{H}*[^\n()]{{1,30}}?)?{H}*)?"
            rf"\({H}*(?P<name>(?-i:\p{{Lu}})[\p{{L}}\p{{M}}&.'’/ -]{{0,40}}?){H}*\){H}*(?:--|-|–|—|:){H}*(?=\S)"),
        build=_build_publisher,
        priority=2,
        examples=(
            Example("CAIRO (AFP) - Egypt said on Monday", "AFP", {"publisher": "AFP"}),
            Example("(Reuters) - Oil prices rose 2% on Friday.", "Reuters", {"publisher": "Reuters"}),
            Example("WASHINGTON, Jan 4 (AP) — The Senate voted 52-48.", "AP", {"publisher": "AP"}),
        ),
        negatives=(
            "RABAT - Morocco has made a steady effort.",
            "The agency (AFP) - which has offices in 150 countries - said so.",
            "(AP Photo) - A man walks past.",
        ),
    ),
    Rule(
        id="publisher.copyright",
        description="A copyright line: '© 2019 X', 'Copyright 2019 X. All rights reserved.'",
        kind="publisher",
        pattern=_p(
            rf"{H}*(?:Copyright|©|\(c\)){H}*(?:©|\(c\))?{H}*"
            rf"(?:{_YEAR}(?:{H}*[-–]{H}*{_YEAR})?{H}*,?{H}*)?(?:by{H}+)?{_CREDIT_NAME}{_CREDIT_END}"),
        build=_build_publisher,
        priority=1,
        examples=(
            Example("© 2019 Coastal Courier. All rights reserved.", "Coastal Courier",
                    {"publisher": "Coastal Courier"}),
            Example("Copyright 2011-2019 Valley News Network", "Valley News Network",
                    {"publisher": "Valley News Network"}),
            Example("© 2016 The Harbour Analyst. Powered by WordPress.", "The Harbour Analyst",
                    {"publisher": "The Harbour Analyst"}),
            Example("© 2016 Harbour Notes | All rights reserved | Theme by Example Themes", "Harbour Notes",
                    {"publisher": "Harbour Notes"}),
        ),
        negatives=("Copyright law was reformed in 2019.", "© 2019", "The copyright belongs to the author."),
    ),
)


def publisher_credits(text: str, clock: Clock = UNLIMITED,
                      rules: tuple[Rule, ...] = PUBLISHER_RULES) -> list[DocHit]:
    """Every credit line, in text order; datelines only in the head of the text."""
    head = trimmed_lines(text, clock, HEAD_LINES, HEAD_CHARS)
    head_end = head[-1][1] if head else 0
    if rules is PUBLISHER_RULES:
        in_head, in_body = _PUBLISHER_HEAD, _PUBLISHER_BODY
    else:
        in_head, in_body = _publisher_chains(rules)
    hits = (_first_hit(text, clock, in_head if s <= head_end else in_body, s, e) for s, e in trimmed_lines(text, clock))
    return [h for h in hits if h is not None]


def _publisher_chains(rules: tuple[Rule, ...]) -> tuple[LineRules, LineRules]:
    ordered = tuple(sorted(rules, key=lambda r: -r.priority))
    in_body = tuple(r for r in ordered if r.id != "publisher.dateline")  # datelines stand at the top only
    return LineRules(ordered), LineRules(in_body)


_PUBLISHER_HEAD, _PUBLISHER_BODY = _publisher_chains(PUBLISHER_RULES)


def document_publisher(text: str, clock: Clock = UNLIMITED) -> tuple[Optional[str], Optional[Span]]:
    """The document's own publisher as written on its credit line, and the span of the name.

    An explicit credit ('The Rest @ X', 'Source: X') beats a dateline, which beats a
    copyright line; within a rule the first line wins.
    """
    hits = publisher_credits(text, clock)
    if not hits:
        return None, None
    best = min(hits, key=lambda h: (-_PRIORITY[h.rule], h.span.start))
    return best.value, best.span


# ---------------------------------------------------------------- claim dates

@dataclass(frozen=True)
class _Ctx:
    doc: Optional[date]
    sentence_start: int
    clock: Clock = UNLIMITED


# Words before an expression, in its clause, that point it into the future.
_FUTURE_CUE = _p(r"\b(?:will|shall|(?<=\w)'ll|(?<=\w)’ll|scheduled|expected\s+to|set\s+to|"
                 r"plans?\s+to|planned|going\s+to|is\s+to|are\s+to|upcoming|due\s+(?:out|back|for|in|on|at|by)"
                 r"|due\s+to\s+(?!(?:the|a|an|his|her|its|their|our|this|that|these|those|some|many|concerns?|"
                 r"fears?|lack|poor|bad|high|low|heavy)\b)\p{Ll}+)\b")
# Softer cues, trusted only for months and days of a month: "would fund it through September".
_FUTURE_CUE_LOOSE = _p(r"\b(?:would|(?-i:may|might)|was\s+to|were\s+to)\b")
# Sentence ends count too: claim dates may be read over a whole document at once.
_CLAUSE_BREAK = compile_pattern(r"[,;:()\n]|[.!?](?=\s)")


def _future_cue(text: str, ctx: _Ctx, pos: int, loose: bool = False) -> bool:
    """A future cue in the clause before pos, within 80 characters."""
    start = max(ctx.sentence_start, pos - 80)
    window = text[start:pos]
    cut = max((m.end() for m in scan(_CLAUSE_BREAK, window, ctx.clock)), default=0)
    window = window[cut:]
    return search(_FUTURE_CUE, window, ctx.clock) is not None or (
        loose and search(_FUTURE_CUE_LOOSE, window, ctx.clock) is not None)


def _cd(m: regex.Match, rule: Rule, d: Optional[date], precision: Precision) -> ClaimDate:
    return ClaimDate(m.group(0), m.start(), m.end(), _iso(d, precision) if d else None,
                     precision if d else None, rule.id)


def _cd_partial(m: regex.Match, rule: Rule, value: Optional[str],
                precision: Optional[Precision]) -> ClaimDate:
    return ClaimDate(m.group(0), m.start(), m.end(), value, precision if value else None, rule.id)


def _build_full(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    gd = m.groupdict()
    wd = weekday_number(gd["wd"]) if gd.get("wd") else None
    if gd.get("a"):
        d = numeric_date(int(gd["a"]), int(gd["b"]), int(gd["year"]), wd)
        return _cd(m, rule, d, Precision.day)
    if gd.get("m"):
        d = _make_date(int(gd["year"]), int(gd["m"]), int(gd["d"]))
    else:
        d = _make_date(int(gd["year"]), month_number(gd["mon"]) or 0, int(gd["day"]))
    if d is None:
        return None
    if wd is not None and d.weekday() != wd:
        d = None
    return _cd(m, rule, d, Precision.day)


def _build_month_day(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    month = month_number(m.group("mon"))
    day = int(m.group("day"))
    if not month or not 1 <= day <= 31 or _make_date(2000, month, day) is None:
        return None
    if ctx.doc is None:
        return _cd(m, rule, None, Precision.day)
    wd = weekday_number(m.group("wd")) if m.group("wd") else None
    future = _future_cue(text, ctx, m.start(), loose=True) or bool(
        m.group("prep") and m.group("prep").lower() in ("from", "starting", "beginning", "until", "till"))
    return _cd(m, rule, resolve_month_day(ctx.doc, month, day, wd, future), Precision.day)


def _build_month_year(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    month = month_number(m.group("mon"))
    if not month:
        return None
    return _cd(m, rule, date(int(m.group("year")), month, 1), Precision.month)


def _build_month(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    month = month_number(m.group("mon"))
    if not month:
        return None
    if ctx.doc is None:
        return _cd(m, rule, None, Precision.month)
    lead = m.group("lead").lower().split()[-1]
    if lead == "last":
        mode = "before"
    elif lead == "next":
        mode = "future"
    elif lead == "this":
        mode = "this"
    elif _future_cue(text, ctx, m.start(), loose=True) and month != ctx.doc.month \
            and (month - ctx.doc.month) % 12 <= FUTURE_MONTHS:
        mode = "future"
    else:
        mode = "past"
    year, month = resolve_month(ctx.doc, month, mode)
    return _cd(m, rule, date(year, month, 1), Precision.month)


def _build_year(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    after = match(_NEXT_WORD, text, ctx.clock, m.end(), min(len(text), m.end() + 40))
    if after and after.group(1).islower() and after.group(1).lower() not in lx.STOPWORDS:
        return None  # "in 2000 homes": a count
    return _cd(m, rule, date(int(m.group("year")), 1, 1), Precision.year)


def _build_year_range(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    lo = int(m.group("lo"))
    hi_text = m.group("hi")
    hi = int(hi_text) if len(hi_text) == 4 else lo // 100 * 100 + int(hi_text)
    if hi <= lo:
        return None
    return _cd_partial(m, rule, None, None)


def _build_weekday(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    wd = weekday_number(m.group("wd"))
    if wd is None:
        return None
    if ctx.doc is None:
        return _cd(m, rule, None, Precision.day)
    prep = (m.group("prep") or "").lower()
    doc = ctx.doc
    d: Optional[date]
    if prep == "last":
        d = resolve_weekday(doc, wd, "before")
    elif prep == "next":
        d = resolve_weekday(doc, wd, "future")
    elif prep == "this":
        # "this Friday" is the day itself, or the coming one after a future cue; else unsure.
        d = doc if wd == doc.weekday() else (
            resolve_weekday(doc, wd, "future") if _future_cue(text, ctx, m.start()) else None)
    elif _future_cue(text, ctx, m.start()):
        # "will meet on Friday": the coming one; on the document's own weekday, unsure.
        d = None if wd == doc.weekday() else resolve_weekday(doc, wd, "future")
    else:
        d = resolve_weekday(doc, wd, "past")
    return _cd(m, rule, d, Precision.day)


_STEPS = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}


def _build_relative(m, text, rule, ctx: _Ctx) -> Optional[ClaimDate]:
    gd = {k: v for k, v in m.groupdict().items() if v}
    doc = ctx.doc
    if "period" in gd:
        return _cd_partial(m, rule, None, None)  # "in the past year": a span, not a date
    if doc is None:
        return _cd_partial(m, rule, None, None)
    if "yesterday" in gd:
        return _cd(m, rule, doc - timedelta(days=1), Precision.day)
    if "today" in gd:
        return _cd(m, rule, doc, Precision.day)
    if "tomorrow" in gd:
        return _cd(m, rule, doc + timedelta(days=1), Precision.day)
    if "ago" in gd:
        raw = gd["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        if not n:
            return _cd_partial(m, rule, None, None)
        unit = gd["ago_unit"].lower().rstrip("s")
        if unit == "day":
            return _cd(m, rule, doc - timedelta(days=n), Precision.day)
        if unit == "week":
            return _cd(m, rule, doc - timedelta(days=7 * n), Precision.month)
        if unit == "month":
            y, mo = shift_month(doc.year, doc.month, -n)
            return _cd(m, rule, date(y, mo, 1), Precision.month)
        return _cd(m, rule, date(doc.year - n, 1, 1), Precision.year)
    which, unit = gd["which"].casefold(), gd["unit"].lower()
    step = _STEPS.get(which)
    if step is None:  # matched without case, yet no plain spelling ("THİS"): a span, not a date
        return _cd_partial(m, rule, None, None)
    if unit == "week":
        # A week has no precision of its own: the month of the day a week away.
        if step == 0:
            monday = doc - timedelta(days=doc.weekday())
            return _cd(m, rule, doc if monday.month == doc.month else None, Precision.month)
        return _cd(m, rule, doc + timedelta(days=7 * step), Precision.month)
    if unit == "month":
        y, mo = shift_month(doc.year, doc.month, step)
        return _cd(m, rule, date(y, mo, 1), Precision.month)
    return _cd(m, rule, date(doc.year + step, 1, 1), Precision.year)


_NEXT_WORD = compile_pattern(r"\s+([\p{L}][\p{L}'’-]*)")

_DAY = r"(?<![\d.,:/])(?P<day>[0-3]?\d)" + _ORD
_MORE_DAYS = rf"(?:\s*(?:-|–|and|to|&)\s*[0-3]?\d{_ORD})?"
_MD_PREP = r"(?:(?P<prep>on|by|since|from|until|till|before|after|starting|beginning)\s+)?"
_LEAD_WORD = (r"(?:(?:back\s+)?in|since|by|until|till|from|during|through(?:out)?|before|after|"
              r"last|this|next|early|late|mid|(?:the\s+)?(?:end|start|beginning|middle|first\s+half|"
              r"second\s+half|first\s+week|last\s+week|rest|course|whole)\s+of)")
_YEAR_LEAD = (r"(?:(?:back\s+)?in|since|by|until|till|from|during|through(?:out)?|before|after|for|"
              r"early|late|mid|(?:the\s+)?(?:whole|end|start|beginning|middle|rest|course|first\s+half|"
              r"second\s+half|(?:first|second|third|fourth|last)\s+quarter|spring|summer|autumn|fall|"
              r"winter)\s+of)")

CLAIM_DATE_RULES: tuple[Rule, ...] = (
    Rule(
        id="date.full",
        description="A complete date: 'September 26, 2011', '26 September 2011', 'Monday, "
                    "September 26, 2011', '2019-01-24', '18/09/2016' (dd/mm vs mm/dd decided as on a "
                    "date line). Day precision; a weekday that contradicts the date gives no date.",
        kind="date",
        pattern=_pw(
            rf"{_MD_PREP}(?:(?P<wd>{_WD}),?\s+)?(?:"
            rf"(?P<mon>{_MON})\s+(?<![\d.,:/])(?P<day>[0-3]?\d){_ORD},?\s+(?P<year>{_YEAR})"
            rf"|(?:the\s+)?(?<![\d.,:/])(?P<day>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<year>{_YEAR})"
            rf"|(?<![\d.,:/])(?P<year>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            rf"|(?<![\d.,:/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>{_YEAR}))(?![\d])"),
        build=_build_full,
        priority=6,
        examples=(
            Example("Morocco said on September 26, 2011 that", "on September 26, 2011",
                    {"date": "2011-09-26", "precision": "day"}),
            Example("elected on 12 December 2019, the", "on 12 December 2019", {"date": "2019-12-12"}),
            Example("filed 2019-01-24.", "2019-01-24", {"date": "2019-01-24"}),
            Example("On Monday, September 26, 2011 police", "On Monday, September 26, 2011",
                    {"date": "2011-09-26"}),
            Example("On Tuesday, September 26, 2011 police", "On Tuesday, September 26, 2011",
                    {"date": None, "precision": None}),
        ),
        negatives=("in the 2011 season", "40 of 2,011 votes", "September 2011"),
    ),
    Rule(
        id="date.month_day",
        description="A day and month without a year: 'August 26', 'September 27th', 'on 19 and 20 "
                    "September' (the first day), 'Thursday, February 15'. The year is the one that "
                    "puts it on or before the document date; with a weekday, the one where the "
                    "weekday agrees; after a future cue ('will', 'from'), the next one within half "
                    "a year.",
        kind="date",
        pattern=_pw(
            rf"{_MD_PREP}(?:(?P<wd>{_WD}),?\s+)?(?:"
            rf"(?P<mon>{_MON})\s+{_DAY}{_MORE_DAYS}"
            rf"|(?:the\s+)?{_DAY}{_MORE_DAYS}\s+(?:of\s+)?(?P<mon>{_MON}))(?![\d:])"),
        build=_build_month_day,
        priority=5,
        examples=(
            Example("an August 26 attack", "August 26", {"date": "2015-08-26", "precision": "day"}),
            Example("On September 27th, one year", "On September 27th", {"date": "2015-09-27"}),
            Example("sealed on 19 and 20 September, on", "on 19 and 20 September", {"date": "2015-09-19"}),
            Example("busted on Thursday, February 15, is", "on Thursday, February 15",
                    {"date": "2018-02-15", "doc_date": "2018-02-20"}),
            Example("arrested on December 30 in", "on December 30",
                    {"date": "2018-12-30", "doc_date": "2019-01-02"}),
            Example("will be compulsory from June 15.", "from June 15",
                    {"date": "2020-06-15", "doc_date": "2020-06-05"}),
            Example("the vote on March 3", "on March 3", {"date": None, "doc_date": None}),
        ),
        negatives=("the 5th of the month", "since March", "May 2015", "on 45 March"),
    ),
    Rule(
        id="date.month_year",
        description="A month of a year: 'In April 2017', 'March 2015', 'by the end of March 2015'. "
                    "Month precision.",
        kind="date",
        pattern=_pw(rf"(?:(?P<lead>{_LEAD_WORD})[\s-]+){{0,3}}(?P<mon>{_MON})(?:\s+of)?,?\s+"
                   rf"(?:(?P<year>{_YEAR})|\[(?P<year>{_YEAR})\])(?![\d\w])"),
        build=_build_month_year,
        priority=4,
        examples=(
            Example("In April 2017, the head said", "In April 2017", {"date": "2017-04", "precision": "month"}),
            Example("set up in March 2015 but", "in March 2015", {"date": "2015-03"}),
            Example("as of the end of June 2019 there", "the end of June 2019", {"date": "2019-06"}),
            Example("from October [2018] to", "from October [2018]", {"date": "2018-10"}),
        ),
        negatives=("March 3, 2015", "in April", "may 2015"),
    ),
    Rule(
        id="date.month",
        description="A month without a year after a preposition or modifier: 'Back in September', "
                    "'By the end of September', 'in late June', 'last September'. The year is the "
                    "latest that puts the month on or before the document's month ('last': "
                    "strictly before; 'next' or a future cue: after). Month precision.",
        kind="date",
        pattern=_pw(rf"(?P<lead>(?:{_LEAD_WORD}[\s-]+){{1,3}})(?P<mon>{_MON_FULL})(?!\.?\s*\d)(?!\s+of\s+\d)"),
        build=_build_month,
        priority=3,
        examples=(
            Example("Back in September the bureau", "Back in September", {"date": "2015-09", "precision": "month"}),
            Example("By the end of September, Spain had", "By the end of September", {"date": "2015-09"}),
            Example("Back in December the", "Back in December", {"date": "2018-12", "doc_date": "2019-01-02"}),
            Example("in October the council", "in October", {"date": "2015-10"}),
            Example("last October the council", "last October", {"date": "2014-10"}),
            Example("will open in November", "in November", {"date": "2015-11"}),
            Example("a bill that would fund it through September.", "through September",
                    {"date": "2019-09", "doc_date": "2019-01-04"}),
            Example("riots due to the shooting in August", "in August",
                    {"date": "2020-08", "doc_date": "2020-10-29"}),
        ),
        negatives=("May God help us", "the March on the capital", "in September 2015", "a march in town"),
    ),
    Rule(
        id="date.year_range",
        description="A span of years: 'from 2014 to 2016', 'between 2010 and 2015', '2014-2016'. "
                    "Kept as text; no single date represents it.",
        kind="date",
        pattern=_pw(rf"(?:between\s+(?<![\d.,$£€])(?P<lo>{_YEAR})\s+and\s+(?P<hi>{_YEAR})"
                   rf"|(?:from\s+)?(?<![\d.,$£€])(?P<lo>{_YEAR})\s*(?:-|–|—|to|until)\s*(?P<hi>{_YEAR}|\d\d))"
                   rf"(?![\d%\w]|[.,]\d|\s*(?:%|percent|per\s+cent))"),
        build=_build_year_range,
        priority=2,
        examples=(
            Example("deaths from 2014 to 2016 rose", "from 2014 to 2016", {"date": None}),
            Example("the 2019–20 season", "2019–20", {"date": None}),
            Example("between 2010 and 2015 the", "between 2010 and 2015", {"date": None}),
        ),
        negatives=("between 2000 and 1500 people", "rose from 2015 to 2014", "elected in 2004 and 2008"),
    ),
    Rule(
        id="date.year",
        description="A year after a preposition or a period word: 'in 2014', 'in the whole of 2014', "
                    "'since 2010', 'by late 2019'. Year precision. Not when a counted noun follows "
                    "('in 2000 homes').",
        kind="date",
        pattern=_pw(rf"(?P<lead>(?:{_YEAR_LEAD}[\s-]+){{1,3}})(?<![\d.,$£€])(?P<year>(?:1[5-9]|20)\d\d)"
                   rf"(?![\d\w]|[.,]\d|\s*(?:%|percent|per\s+cent))"),
        build=_build_year,
        priority=1,
        examples=(
            Example("in the whole of 2014, according", "in the whole of 2014",
                    {"date": "2014", "precision": "year"}),
            Example("sanctions since 2011.", "since 2011", {"date": "2011"}),
            Example("left office in 2007 and", "in 2007", {"date": "2007"}),
        ),
        negatives=("in 2000 homes", "more than 2000 people", "the 2014 elections", "in the late 1960s"),
    ),
    Rule(
        id="date.weekday",
        description="A weekday: 'on Friday', 'On Sunday', 'Friday', 'last Friday', 'Monday's vote'. "
                    "Resolved to the latest such day on or before the document date (the day "
                    "itself when it is that weekday); 'last': strictly before; 'next' or a future "
                    "cue: strictly after; 'this' only with a cue or on the day. Holidays ('Good "
                    "Friday', 'Super Tuesday'), 'every Friday', 'Fridays' and titles ('the Sunday "
                    "Times') are not dates.",
        kind="date",
        pattern=_pw(
            rf"(?:(?P<prep>on|last|this|next|since|from|until|till|by|early|late)\s+)?"
            rf"(?<!\b(?:(?-i:Good|Black|Cyber|Ash|Palm|Easter|Holy|Super|Bloody|Maundy|Shrove|Blue|Manic|"
            rf"Man|Girl)|the|a|an|every|each|one|some|any|that)\s)"
            rf"(?P<wd>{_WD})(?:['’]s)?"
            rf"(?:\s+(?:morning|afternoon|evening|night))?\b"
            rf"(?!\s+(?-i:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Independent|Star|Tribune|"
            rf"Observer|Sport|People|Night\s+Live|Edition))"),
        build=_build_weekday,
        priority=2,
        examples=(
            Example("On Sunday Spanish police arrested 10", "On Sunday", {"date": "2015-10-04", "precision": "day"}),
            Example("said on Friday it had", "on Friday", {"date": "2011-09-23", "doc_date": "2011-09-26"}),
            Example("said on Monday it had", "on Monday", {"date": "2011-09-26", "doc_date": "2011-09-26"}),
            Example("died Tuesday at age 65", "Tuesday", {"date": "2015-10-06"}),
            Example("last Wednesday the", "last Wednesday", {"date": "2015-09-30"}),
            Example("will meet on Friday", "on Friday", {"date": "2015-10-09"}),
            Example("a strike on Friday", "on Friday", {"date": "2016-01-01", "doc_date": "2016-01-03"}),
            Example("Monday's vote", "Monday's", {"date": "2015-10-05"}),
            Example("said on Friday it", "on Friday", {"date": None, "doc_date": None}),
        ),
        negatives=("Good Friday services", "the Sunday Times reported", "every Friday",
                   "on Fridays", "Super Tuesday primaries"),
    ),
    Rule(
        id="date.relative",
        description="Dates relative to the document date: 'yesterday' (day before), 'today', "
                    "'tomorrow', 'last night', 'three days ago' (day); 'last week', 'next week', "
                    "'two weeks ago' — a week has no precision of its own, so it gets month "
                    "precision: the month of the day seven days away (this week: the document's "
                    "month, if the week began in it); 'earlier this month', 'last month' (month); "
                    "'so far this year', 'last year' (year). 'In the past year' is a span and "
                    "gets no date.",
        kind="date",
        pattern=_pw(
            r"(?<![\w-])(?:"
            r"(?P<period>(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|previous)\s+"
            r"(?:(?:\d+|a\s+few|few|several|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?"
            r"(?:days?|weeks?|months?|years?|decades?))"
            r"|(?P<yesterday>yesterday|last\s+night)"
            r"|(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))"
            r"|(?P<tomorrow>tomorrow)"
            r"|(?P<ago>(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"a\s+few|several)\s+(?P<ago_unit>days?|weeks?|months?|years?)\s+ago)"
            r"|(?:(?:so\s+far|to\s+date|earlier|later|since|until|by|(?:early|late)\s+in|in)\s+)?"
            r"(?P<which>last|this|next|past)\s+(?P<unit>week|month|year))"
            r"(?![\w-])"),
        build=_build_relative,
        priority=2,
        examples=(
            Example("Yesterday police said", "Yesterday", {"date": "2015-10-06", "precision": "day"}),
            Example("results announced today", "today", {"date": "2015-10-07"}),
            Example("in the journal last month", "last month", {"date": "2015-09", "precision": "month"}),
            Example("sanctions last month", "last month", {"date": "2015-12", "doc_date": "2016-01-03"}),
            Example("sanctioned earlier this month", "earlier this month", {"date": "2015-10"}),
            Example("arrested last week", "last week", {"date": "2015-09", "precision": "month"}),
            Example("rose 5% last year", "last year", {"date": "2014", "precision": "year"}),
            Example("exports so far this year", "so far this year", {"date": "2015", "precision": "year"}),
            Example("died three days ago", "three days ago", {"date": "2015-10-04"}),
            Example("rose in the past year", "in the past year", {"date": None}),
            Example("the vote yesterday", "yesterday", {"date": None, "doc_date": None}),
        ),
        negatives=("the yesterdays of old", "a week later", "the todays", "he lasted a month"),
    ),
)

ALL_RULES: tuple[Rule, ...] = DATE_LINE_RULES + PUBLISHER_RULES + CLAIM_DATE_RULES
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
_PRIORITY = {rule.id: rule.priority for rule in ALL_RULES}


# Every time expression holds one of these: a digit, a month or weekday, or a relative word.
# Text without any is skipped without running the rules, which keeps date reading cheap.
_RELATIVE_ANCHORS = ("yesterday", "today", "tonight", "tomorrow", "last", "next", "this", "earlier", "later",
                     "ago", "past", "previous", "week", "month", "year", "weekend", "spring", "summer",
                     "autumn", "winter", "fall", "morning", "evening", "night")
_RELATIVE_ANCHOR = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _RELATIVE_ANCHORS)
# The words spelled out as a trie (lx.MONTHS, lx.WEEKDAYS and the relative words, capitalised
# or not): the engine then tries one branch per letter, not every word at every position.
_ANCHOR_WORDS = ([name.capitalize() for name in (*lx.MONTH_NUMBER, *lx.WEEKDAY_NUMBER)]
                 + [word for w in _RELATIVE_ANCHORS for word in (w, w.capitalize())])
_TIME_ANCHOR = compile_pattern(rf"\d|\b{word_trie(_ANCHOR_WORDS)}", regex.VERSION0)


def has_time_words(text: str, start: int, end: int, clock: Clock = UNLIMITED) -> bool:
    return search(_TIME_ANCHOR, text, clock, start, end) is not None


# Spelled as tries too; the kinds' words are disjoint, so a position holds one kind.
_ANCHOR_KINDS = compile_pattern(
    rf"\b(?:(?P<year>\d{{4}})|(?P<month>{word_trie(name.capitalize() for name in lx.MONTH_NUMBER)}\.?)"
    rf"|(?P<weekday>{word_trie(name.capitalize() for name in lx.WEEKDAY_NUMBER)})"
    rf"|(?P<relative>{word_trie(word for w in _RELATIVE_ANCHORS for word in (w, w.capitalize()))}))\b",
    regex.VERSION0)
# Which kinds of word a rule's expressions always hold; a rule is run only where they stand.
_RULE_NEEDS = {"date.full": {"month", "year"}, "date.month_day": {"month"}, "date.month_year": {"month"},
               "date.month": {"month"}, "date.year_range": {"year"}, "date.year": {"year"}, "date.weekday": {"weekday"}}


def _any(folded: str, words) -> bool:
    return any(w in folded for w in words)


# What a rule's expressions always hold, tested on the case-folded text and the kinds of
# anchor word present before the rule runs. A year is 19xx or 20xx in these rules.
_RULE_HOLDS = {
    # A month (its word is a 'month' anchor) or the - or / of a numeric date, and a year.
    "date.full": lambda folded, kinds: ("month" in kinds or _any(folded, "-/")) and _any(folded, YEAR_DIGITS),
    "date.month_year": lambda folded, kinds: _any(folded, YEAR_DIGITS),
    "date.year_range": lambda folded, kinds: _any(folded, YEAR_DIGITS),
    # Yesterday, today, tonight, tomorrow; a unit ago; last, this, next, past or previous and a unit.
    "date.relative": lambda folded, kinds: _any(folded, ("yesterday", "today", "tonight", "tomorrow")) or (
        "ago" in folded and _any(folded, ("day", "week", "month", "year"))) or (
        _any(folded, ("last", "this", "next", "past", "previous"))
        and _any(folded, ("day", "week", "month", "year", "decade", "night", "morning", "afternoon", "evening"))),
}


def _kinds_present(text: str, start: int, end: int, clock: Clock) -> set[str]:
    return {m.lastgroup for m in scan(_ANCHOR_KINDS, text, clock, start, end) if m.lastgroup}


def time_kinds(text: str, start: int, end: int, clock: Clock = UNLIMITED) -> Optional[set[str]]:
    """The kinds of anchor word in text[start:end] ('year', 'month', 'weekday', 'relative'),
    or None when it holds no time word at all (has_time_words is false)."""
    first = search(_TIME_ANCHOR, text, clock, start, end)
    if first is None:
        return None
    # Each kind's word is a time word, so none stands before the first time word.
    return _kinds_present(text, first.start(), end, clock)


def _fold(text: str) -> str:
    # The regex engine takes 'İ' for 'i' without case; casefold spells it 'i' + a combining dot.
    return text.casefold().replace("i\u0307", "i")


def claim_dates(text: str, start: int, end: int, doc_date: Optional[str],
                clock: Clock = UNLIMITED,
                rules: tuple[Rule, ...] = CLAIM_DATE_RULES,
                kinds: Optional[set[str]] = None) -> list[ClaimDate]:
    """Time expressions in text[start:end], resolved against doc_date (ISO day or None).
    `kinds`: what time_kinds said of the same span, when the caller asked it already.

    Overlapping matches: the longer wins, then the rule of higher priority.
    """
    ctx = _Ctx(parse_iso(doc_date), start, clock)
    candidates: list[ClaimDate] = []
    present = _kinds_present(text, start, end, clock) if kinds is None else kinds
    folded = None
    for rule in rules:
        need = _RULE_NEEDS.get(rule.id)
        if need is not None and not need & present:
            continue
        holds = _RULE_HOLDS.get(rule.id)
        if holds is not None:
            folded = _fold(text[start:end]) if folded is None else folded
            if not holds(folded, present):
                continue
        build = rule.build
        if build is None:
            continue
        for m in scan(rule.pattern, text, clock, start, end):
            if m.end() == m.start():
                continue
            cd = build(m, text, rule, ctx)
            if cd is not None:
                candidates.append(cd)
    candidates.sort(key=lambda c: (-(c.end - c.start), -_PRIORITY[c.rule], c.start))
    chosen: list[ClaimDate] = []
    for cd in candidates:
        if any(cd.start < o.end and o.start < cd.end for o in chosen):
            continue
        chosen.append(cd)
    chosen.sort(key=lambda c: c.start)
    return chosen


_SCOPE_TEXT = _p(
    r"^(?:since|so\s+far|to\s+date|through(?:out)?|during|over|for|until|till|by|from|between)\b"
    r"|\b(?:whole|course|rest|first\s+half|second\s+half|(?:first|second|third|fourth|last)\s+quarter)\s+of\b"
    r"|^(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|previous)\b")
_SCOPE_BEFORE = _p(r"\b(?:so\s+far|to\s+date|since|until|through(?:out)?|during|over|for)\s*$")
_SCOPE_YEAR_LEAD = _p(r"^(?:in|back\s+in)\s+(?:(?:early|late|mid)[\s-]+)?(?:1[5-9]|20)\d\d$")


def scope_or_said(cd: ClaimDate, sentence: str, clock: Clock = UNLIMITED) -> str:
    """'scope' when the expression bounds the period a figure counts over ('in 2014', 'in the
    whole of 2014', 'so far this year', 'since 2010', 'by the end of September', 'from 2014 to
    2016'); 'said' when it dates the saying or the event ('on Friday', 'last week', 'In April
    2017', 'yesterday')."""
    t = " ".join(cd.text.split())
    if cd.rule == "date.year_range":
        return "scope"
    if search(_SCOPE_TEXT, t, clock):
        return "scope"
    if cd.rule == "date.year" and search(_SCOPE_YEAR_LEAD, t, clock):
        return "scope"
    at = sentence.find(cd.text)
    if at > 0 and cd.precision is Precision.year and search(_SCOPE_BEFORE, sentence[max(0, at - 20):at], clock):
        return "scope"
    return "said"


def apply_rule(rule: Rule, text: str, doc_date: Optional[str] = None,
               clock: Clock = UNLIMITED) -> list:
    """What one rule alone finds in text: DocHits for document rules, ClaimDates otherwise."""
    if rule in DATE_LINE_RULES:
        return date_lines(text, clock, (rule,))
    if rule in PUBLISHER_RULES:
        return publisher_credits(text, clock, (rule,))
    return claim_dates(text, 0, len(text), doc_date, clock, (rule,))


__all__ = [
    "ClaimDate", "DocHit", "ALL_RULES", "CLAIM_DATE_RULES", "DATE_LINE_RULES", "PUBLISHER_RULES",
    "RULES_BY_ID", "EXAMPLE_DOC_DATE", "apply_rule", "claim_dates", "date_lines", "document_date",
    "document_publisher", "numeric_date", "parse_iso", "publisher_credits", "resolve_month",
    "resolve_month_day", "resolve_weekday", "scope_or_said", "shift_month",
]
