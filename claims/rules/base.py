"""What every rule is made of, and the one way rules match text.

Rules are data: an id, a compiled pattern, what it means, and the examples that
show it working (positives) and not firing (negatives). The examples are the tests.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import regex

# A rule change that alters output bumps this; stored claims carry it, and an
# incremental run re-extracts documents stored under another version.
RULES_VERSION = "2026.11.23"

# Seconds any single scan over user text may take; behind it sits the document budget.
MATCH_TIMEOUT = 2.0

FLAGS = regex.VERSION0 | regex.IGNORECASE


class BudgetExceeded(Exception):
    """A document took longer than its time budget; it is skipped, never truncated."""


def compile_pattern(pattern: str, flags: int = FLAGS) -> regex.Pattern:
    # Plain int flags: regex's parser tests them ~100,000 times at import, and on enum
    # flags each test is a Python-level Flag.__and__ (a quarter of the compile time).
    return regex.compile(pattern, int(flags))


def char_offsets(text: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `text`, in order: str.find per character, far cheaper
    than a regex scan for text where they are rare."""
    offsets = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            offsets.append(i)
            i = text.find(ch, i + 1)
    offsets.sort()
    return offsets


def word_trie(words) -> str:
    """An alternation of literal words factored by prefix ('sa(?:id|ys|y)'): the regex engine
    then tries one branch per letter instead of every word, two to three times faster."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [regex.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@dataclass(frozen=True)
class Example:
    """A positive example: in `text`, the rule reports `span` with these fields."""

    text: str
    span: str
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    pattern: regex.Pattern
    examples: tuple[Example, ...]
    negatives: tuple[str, ...]
    # What a match is: a figure, or something that looks like one and is not (reject).
    kind: str = "figure"
    build: Optional[Callable[..., Any]] = None
    priority: int = 0
    # How many words before the number a match may begin ("between 800", "Boeing 737").
    reach: int = 0
    # Cheap gates that spare a full match: the token right after the number must be one of
    # `follows` for a match starting at the number; a match starting words before it must
    # start with one of `lead` ("<cap>": any capitalised word). None: no gate.
    follows: Optional[frozenset] = None
    lead: Optional[frozenset] = None
    # A cheap test every match starting at the number passes: (text, start and end of the
    # digit run or number word, the token after it) -> bool. None: no test.
    at_number: Optional[Callable[[str, int, int, str], bool]] = None


class Clock:
    """The time budget of one document: every scan gets what is left of it as its regex timeout."""

    def __init__(self, budget: float | None):
        self.deadline = None if budget is None else time.monotonic() + budget
        # Under a watchdog (see `watched`) the alarm holds the deadline: a regex call needs no
        # timeout of its own and the clock need not be read between calls.
        self.watched = False
        self.expired = False

    def timeout(self) -> float | None:
        if self.watched:
            if self.expired:  # the alarm rang and its exception was swallowed somewhere
                raise BudgetExceeded("time budget exhausted")
            return None
        if self.deadline is None:
            return MATCH_TIMEOUT
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise BudgetExceeded("time budget exhausted")
        return min(MATCH_TIMEOUT, left)


UNLIMITED = Clock(None)


class _Watchdog:
    """The SIGALRM handler of one document; once disarmed it lets a late alarm pass."""

    def __init__(self, clock: Clock):
        self.armed = True
        self.clock = clock

    def __call__(self, signum, frame):
        if self.armed:
            self.clock.expired = True
            raise BudgetExceeded("time budget exhausted")


def _can_watch() -> bool:
    """A watchdog alarm needs the main thread, setitimer, and SIGALRM and the real-time timer
    unclaimed by the program we run in."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None) and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@contextmanager
def watched(budget: float | None) -> Iterator[Clock]:
    """A Clock for one document whose deadline a watchdog alarm enforces when it can.

    regex gives a call with a timeout its own CPU-clock reading (a system call, dearer than
    most of our short matches) at its start and every 256 steps; but every 256 steps it
    also checks for signals, with or without a timeout. So in the main thread a SIGALRM at
    the deadline stops a runaway match as surely as a timeout does, and the calls before it
    cost nothing extra. Elsewhere (a worker thread, a host that owns SIGALRM) every call gets
    the time left as its timeout, as a plain Clock gives it.
    """
    clock = Clock(budget)
    if budget is None or budget <= 0 or not _can_watch():
        yield clock
        return
    watchdog = _Watchdog(clock)
    previous = signal.signal(signal.SIGALRM, watchdog)
    try:
        clock.watched = True
        signal.setitimer(signal.ITIMER_REAL, budget)
        yield clock
    finally:
        try:
            watchdog.armed = False  # an alarm from here on, in the race with unwinding, passes
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


# Each call below passes `timeout` only when there is one. regex reads timeout=None by
# failing to convert None to a number and clearing the error, which costs as much as a short
# match itself; a watched Clock (the usual case) gives None, and the watchdog bounds the call.

def scan(pattern: regex.Pattern, text: str, clock: Clock = UNLIMITED,
         pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
    """finditer with the regex timeout on each search, so the time a caller spends between
    matches never counts against the pattern; a timeout becomes BudgetExceeded."""
    end = len(text) if endpos is None else endpos
    while pos <= end:
        timeout = clock.timeout()
        try:
            if timeout is None:
                m = pattern.search(text, pos, end)
            else:
                m = pattern.search(text, pos, end, timeout=timeout)
        except TimeoutError as exc:
            raise BudgetExceeded(f"pattern timed out: {exc}") from exc
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def findall(pattern: regex.Pattern, text: str, clock: Clock = UNLIMITED) -> list:
    timeout = clock.timeout()
    try:
        return pattern.findall(text) if timeout is None else pattern.findall(text, timeout=timeout)
    except TimeoutError as exc:
        raise BudgetExceeded(f"pattern timed out: {exc}") from exc


def search(pattern: regex.Pattern, text: str, clock: Clock = UNLIMITED,
           pos: int = 0, endpos: int | None = None) -> Optional[regex.Match]:
    timeout = clock.timeout()
    end = len(text) if endpos is None else endpos
    try:
        if timeout is None:
            return pattern.search(text, pos, end)
        return pattern.search(text, pos, end, timeout=timeout)
    except TimeoutError as exc:
        raise BudgetExceeded(f"pattern timed out: {exc}") from exc


def match(pattern: regex.Pattern, text: str, clock: Clock = UNLIMITED,
          pos: int = 0, endpos: int | None = None) -> Optional[regex.Match]:
    timeout = clock.timeout()
    end = len(text) if endpos is None else endpos
    try:
        if timeout is None:
            return pattern.match(text, pos, end)
        return pattern.match(text, pos, end, timeout=timeout)
    except TimeoutError as exc:
        raise BudgetExceeded(f"pattern timed out: {exc}") from exc
