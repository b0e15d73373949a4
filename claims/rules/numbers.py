"""Reading numbers as written: digits with separators, number words, scales, units."""
from __future__ import annotations

import math

import regex

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000,
          "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
                "b": 1_000_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}

_word_alt = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_scale_alt = "hundred|thousand|million|billion|trillion"

# "1,600", "1,051,635", "6.4", "0.5"; never a piece of "1,1,1" or "3.2.1" or "F-16".
DIGITS_CORE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/@]|[.,:]\d)"
DIGITS = r"(?<![\w.,/:@#$£€-]|\d[.,])" + DIGITS_CORE
# "twenty-three", "one hundred and twenty", "a thousand", "a dozen", "two dozen".
_after_scale = rf"(?<=(?:{_scale_alt}|dozen))"
WORDS_CORE = (
    rf"(?:half\s+a\s+(?:{_scale_alt}|dozen)|(?:a|one)\s+(?:{_scale_alt}|dozen)|(?:{_word_alt}))"
    rf"(?:-(?:{_word_alt})|\s+(?:{_scale_alt}|dozen)|{_after_scale}\s+(?:and\s+)?(?:{_word_alt})(?:-(?:{_word_alt}))?)*"
    rf"(?![\w])"
)
WORDS = rf"(?<![\w-]){WORDS_CORE}"
SCALE = rf"(?:\s+(?:{_scale_alt})\b)"
NUMBER = rf"(?:{DIGITS}{SCALE}?|{WORDS})"

_DIGITS_AND_SCALE = regex.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([a-z]*)")
_word_token = regex.compile(r"[a-z]+", regex.IGNORECASE)


def parse_words(text: str) -> float | None:
    """Value of an English number phrase; None when it is not one."""
    low = text.strip().lower()
    if low.startswith("half "):
        rest = parse_words(low[5:])
        return rest / 2 if rest is not None else None
    total = 0
    current = 0
    seen = False
    for token in _word_token.findall(text.lower()):
        if token in ("and", "a"):
            if token == "a":
                current = max(current, 1)
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "dozen":
            current = max(current, 1) * 12
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_number(text: str) -> float | None:
    """Value of a number as written: '1,600', '1.4 million', 'twenty-three', '24m'."""
    if text.isascii() and text.isdigit():
        return float(text)  # most numbers in news: plain digits
    s = text.strip().lower().replace("\u00a0", " ")
    m = _DIGITS_AND_SCALE.fullmatch(s)
    if m:
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        scale = m.group(2)
        if not scale:
            return value
        factor = SCALES.get(scale) or SHORT_SCALES.get(scale)
        return value * factor if factor else None
    return parse_words(s)


def clean(value: float | None) -> float | None:
    """Round away binary noise so 1.4 million is 1400000.0, not 1399999.9999999998."""
    if value is None or not math.isfinite(value) or abs(value) > 1e18:
        return None  # past any count or amount a news article reports: digits, not a figure
    if type(value) is float and value.is_integer():
        return float(int(value))  # nothing to round; float(int()) still turns -0.0 into 0.0
    rounded = round(value, 6)
    return float(int(rounded)) if rounded == int(rounded) else rounded
