"""Attribution rules: who said what, with which cue, through which outlet.

A cue ("said", "told Reuters", "according to") anchors an attribution; the rule that
fires decides where the speaker and the reported content lie around it. Content is
what a statement claim reports; figures inside it take its speaker.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate, takewhile
from typing import Optional

import regex

from . import lexicon as lx
from .base import Clock, Example, Rule, UNLIMITED, char_offsets, compile_pattern, match, scan, search, word_trie
from .numbers import SCALES, TENS, UNITS
from .sentences import Sentence

_V = regex.VERSION1
_VI = regex.VERSION1 | regex.IGNORECASE

_SAY_WORDS = (
    "said says say told tells tell added adds noted notes claimed claims claim estimated estimates reported reports "
    "confirmed confirms announced announces explained explains stated states warned warns insisted insists argued "
    "argues suggested suggests revealed reveals acknowledged acknowledges admitted admits denied denies asserted "
    "asserts maintained maintains alleged alleges wrote writes predicted predicts stressed stresses observed "
    "remarked commented indicated indicates showed shows concluded declared declares disclosed discloses testified "
    "tweeted believes contended contends recalled recalls cautioned continued report estimate believe warn note "
    "add argue insist explain admit predict reads read opined opines found finds").split()
SAY_VERBS = "|".join(_SAY_WORDS) + r"|emphasi[sz]ed|emphasi[sz]es|pointed\s+out|went\s+on\s+to\s+(?:say|add)"
QUOTE_OPEN = "“‘\"«"
QUOTE_MARKS = "“”\""  # the marks find_quotes pairs
QUOTE_CLOSE = "”’\"»"

# Verbs match in lower case only, so the name "Said" is never a cue. A match is a verb unless
# group "acc" holds "according to". This scan reads every document whole: one trie, with no
# group around the verbs and "according" spelt out (as (?i:according) matches it), runs in
# two thirds of the time of an alternation of groups.
# CUE_WORDS and CUE_PHRASES are what wordscan looks for, with number words, in one scan.
CUE_WORDS = tuple(_SAY_WORDS + ["emphasised", "emphasized", "emphasises", "emphasizes"])
CUE_PHRASES = rf"pointed\s+out|went\s+on\s+to\s+(?:say|add)|{lx.FIGURE_GIVEN}"
# The word each of CUE_PHRASES opens with: wordscan starts its matches from these.
CUE_PHRASE_FIRST_WORDS = frozenset({"pointed", "went"}) | lx.FIGURE_GIVEN_FIRST_WORDS
_CUE = compile_pattern(
    rf"\b(?:{word_trie(CUE_WORDS)}|{CUE_PHRASES}"
    r"|(?P<acc>[Aa][Cc][Cc][Oo][Rr][Dd][Ii\u0130][Nn][Gg]\s+to))\b", _V)
# Hedged passives need a form of "be" right before the cue: "is said to", "are widely believed".
_BE_FORMS = ("is", "are", "was", "were", "be", "been", "being")
_PASSIVE_BEFORE = compile_pattern(
    rf"\b(?:{'|'.join(_BE_FORMS)})\s+(?:(?:also|widely|generally|often|commonly|\w+ly)\s+)?$", _VI)
_AUX_TAIL = compile_pattern(
    r"(?:\s+(?:has|have|had|also|recently|later|previously|earlier|again|further|then|reportedly|"
    r"separately|publicly|today|yesterday|last\s+week|on\s+\p{Lu}\w+day|would|will|once|repeatedly|"
    r"allegedly|subsequently|similarly|meanwhile|however|had\s+earlier|has\s+previously|did|since|"
    r"(?!(?:family|ally|rally|assembly|supply|monopoly|anomaly|daily|weekly|monthly|elderly|italy)\b)\p{Ll}{3,}ly|"
    r"on\s+(?:Twitter|Facebook|Instagram|television|TV|radio|social\s+media)|"
    r",?\s+in\s+(?:a|an|the|its|his|her|their)\s+(?:\w+\s+){0,2}(?:statement|interview|post|tweet|letter|"
    r"speech|report|filing|video|email|release|remarks)))+$", _V)
# The same, read from the end it is anchored at: whether there is a tail, in a fifth of the time.
_AUX_TAIL_REVERSE = compile_pattern(_AUX_TAIL.pattern, _V | regex.REVERSE)
_LEAD_WORDS = tuple("""
On In At By After Before During Since Earlier Later Last This Back Meanwhile However Also
Citing Speaking Asked Separately Yesterday Today Still Similarly Following Despite According
Responding Commenting Referring Writing Upon Namely Rather Instead Now Then Thus Moreover Furthermore
Nevertheless Indeed Finally Previously Recently Currently Separately Additionally Notably Speaking
Next Once Well Um Maybe Perhaps Again Ultimately Overall Afterwards Subsequently Elsewhere Initially
Eventually Originally Likewise Conversely Alternatively Specifically Importantly Interestingly Regardless
Nonetheless Otherwise
""".split())
_LEAD_ADVERBIAL = compile_pattern(rf"(?:(?:{'|'.join(_LEAD_WORDS)})\b[^,]{{0,120}},\s*)+", _V)
_SKIP_AFTER_VERB = compile_pattern(
    r"(?:\s*(?:,\s*)?(?:(?:on\s+\p{Lu}\w+day|yesterday|earlier\s+today)\s+(?:morning|afternoon|evening|night)\b|"
    r"on\s+\p{Lu}\w+day|last\s+(?:week|month|year|night)|earlier|today|yesterday|on\s+\w+|"
    r"in\s+(?:an?|the)\s+(?:\w+\s+){0,3}(?:interview|statement|speech|report|post|tweet|email|letter|"
    r"briefing|conference|press\s+release)(?:\s+(?:with|to|on)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?!(?:" + lx.WEEKDAYS + "|" + lx.MONTHS + r")\b)(?P<via>\p{Lu}[\p{L}\p{N}'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’-]*|\d{1,3}\b)){0,4}))?"
    r"|in\s+\p{Lu}\w+|(?:late|early)\s+on\s+\w+|this\s+week|on\s+(?:Twitter|Facebook)))+", _V)
# "told a guard at the door", "told French news channel BFM TV": whoever was told.
_TOLD_AUDIENCE = compile_pattern(
    r"\s*(?P<obj>(?:(?:the|a|an|his|her|their|its)\s+)?[^,.;:“”\"]{1,70}?)"
    r"(?=\s*(?:[,.;:“”\"]|\s(?:that|after|before|during|when|about|in|on|at|for|with|via|over|from)\b|$))", _V)
# "told Reuters the plant would close", "told reporters he was leaving": who was told, named
# or one of the usual audiences, with what was said right after it and no "that". A name is
# taken whole (atomic): "told National Geographic." is no "National" told "Geographic".
_TOLD_NAMED_AUDIENCE = compile_pattern(
    r"\s*(?P<obj>(?:[Tt]he\s+)?(?:(?>\p{Lu}[\p{L}\p{N}'’&.-]*(?:\s+(?:\p{Lu}|\p{N})[\p{L}\p{N}'’&.-]*){0,4})"
    r"|reporters|journalists|lawmakers|investigators|legislators|supporters|the\s+(?:court|jury|committee|"
    r"newspaper|paper|broadcaster|agency|station|press|media|crowd|audience|hearing|panel|inquiry|tribunal|"
    r"council|senate|parliament|legislature|assembly|magazine|website|network|channel)))"
    r"(?=\s+(?:the|a|an|he|she|it|they|we|I|there|this|these|those|his|her|their|its|our|no|some|many|most|"
    r"all|only|about|more|less|police|officials|people|\p{Lu}[\p{L}'’-]*|\d)\b)", _V)
# "said in a court filing on Monday that", "said in the video, “...”": the setting of the saying.
_SETTING_BEFORE_CONTENT = compile_pattern(
    r"\s*(?:,\s*)?(?:in|on|at|after|during|before|via|through|to|from|outside|with|of)\s+"
    r"(?:(?:remarks|comments|an\s+interview|a\s+statement)\s+(?:to|with)\s+(?P<via>[^,.;:“”\"]{1,50}?)"
    r"|[^,.;:“”\"]{1,60}?)(?=\s*(?:,\s*[“\"]|:\s*[“\"]|\bthat\b))", _V)
_THAT = compile_pattern(r"\s*(?:,\s*)?(?:that\b\s*|:\s*|,\s*(?=[“\"‘]))?", _V)
_CLAUSE_BREAK = compile_pattern(
    r",?(?<!\s)\s+(?:while|whereas|though|although|but|however)\s+(?=\S)|;\s+|(?<!\s)\s+[—–]\s+(?=\p{Lu})", _V)
# A sentence holding none of these has no _CLAUSE_BREAK ("although" holds "though").
_BREAK_MARKS = ("while", "whereas", "though", "but", "however", ";", "—", "–")
_WORD = r"[\p{L}\d][\p{L}\p{M}\d'’.-]*+"
# At least 4 or 6 words, counted as findall(_WORD) counts them: the possessive quantifiers keep
# a word whole, so one match call answers what a count of every word would.
_FOUR_WORDS = compile_pattern(rf"(?:[^\p{{L}}\d]*+{_WORD}){{4}}", _V)
_SIX_WORDS = compile_pattern(rf"(?:[^\p{{L}}\d]*+{_WORD}){{6}}", _V)
_SEEN_BY = compile_pattern(r",?\s+(?:seen|obtained|reviewed|cited|quoted)\s+by\s+(?:the\s+)?"
                           r"(?:(?:[\p{Ll}-]+\s+){0,3}?(?:" + lx.OUTLET_TYPE_NOUNS + r")\s+)?(?P<outlet>\p{Lu}[\p{L}\p{N}'’.&-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’.&-]*|\d{1,3}\b)){0,4})", _V)
_CITING = compile_pattern(r",?\s*\bciting\s+[^,]+,?", _VI)


def _may_cite(s: str) -> bool:
    """Whether _CITING can match in s: in lower case, "citing" is there, unless written with
    "\u0130", the one character past ASCII that (?i) matches to a letter of it."""
    return "citing" in s.lower() or "\u0130" in s
_OUTLET_DESCRIPTOR = compile_pattern(
    rf"\b(?:{lx.OUTLET_TYPE_NOUNS})\s+(?P<name>(?:\p{{Lu}}[\p{{L}}\p{{N}}'’.&-]*|al|el|de|la|le)(?:\s+(?:\p{{Lu}}[\p{{L}}\p{{N}}'’.&-]*|al|el|de|la|le|\d{{1,3}}\b))*)", _V)
# "Reuters:", "BBC News:" on a line of their own; every word capitalised but for a few links,
# so that "Key reforms include:" or "It goes further:" name no outlet.
_HEADER_LINE = compile_pattern(
    r"^[ \t]*(?P<name>\p{Lu}[\p{L}\p{N}'’.&-]*(?:[ \t]+(?:\p{Lu}|\p{N}|(?:of|the|and|de|la|le|al|el|du|des)\b)"
    r"[\p{L}\p{N}'’.&-]*){0,4}):[ \t]*$", _V | regex.MULTILINE)
_NOT_HEADER = frozenset("""
update updates note editor's editors sources source related comments comment tags tag share advertisement
photo photos video watch read more skin design no powered by filed under categories category posted
contents summary notes references see also links external correction clarification disclaimer warning
""".split())
_OBJECT_PRONOUNS = frozenset("me us him them".split())
_CLAUSE_SUBJECTS = frozenset("i you we it they".split())
# What "it" may do as a speaker: a body says, announces, estimates; a finding that
# "suggests" or "tells me" something is no speaker.
_IT_CUES = frozenset("said says added adds announced announces reported reports stated states estimated estimates "
                     "claimed claims confirmed confirms denied denies warned warns put puts noted notes wrote "
                     "writes".split())
_RELATIVE_WORDS = frozenset("who whose whom which that".split())
# Past-tense cues only: "report" or "claims" inside a speaker phrase are nouns.
_CUE_WORDS = frozenset(v for v in _SAY_WORDS + ["emphasised", "emphasized"] if v.endswith(("ed", "id", "ld", "te", "wn")))
_FINITE_VERBS = frozenset("is are was were be been has have had will would can could should may might must did does "
                          "do shall".split())
_NOT_SPEAKER_START = frozenset("""
for of to from with by in on at after before our my

and but or so yet then this that these those there here if when while as because although though
assuming given like unlike despite including such what which who whom whose where why how all both
each every some many most few other others another
next once well um uh yes now later also still meanwhile however instead finally again today yesterday tonight
recently earlier perhaps maybe actually indeed thus therefore whereas whether
did do does let let's citing
""".split())
# Verb forms that are as often plural nouns: "news reports about", "his claims of".
_NOUN_LIKE_CUES = frozenset("reports claims states notes shows estimates remarks comments says report estimate note "
                             "claim reported alleged claimed add".split())
# Lower-case words only (but for determiners): "Associated Press reported" is a name and a verb.
_DETERMINERS = tuple("the a an his her their its our my your these those this that".split())
_NOUN_BEFORE_WORDS = tuple("""
recent new earlier initial latest unconfirmed several many some no any such of for with by about on in against over
to and or one two three four five six seven eight nine ten eleven twelve fifteen sixteen twenty fifty
hundred thousand dozen conflicting false similar into from amid after despite following before during
among at under over of
""".split())
_NOUN_BEFORE = compile_pattern(
    rf"(?:\b(?i:{'|'.join(_DETERMINERS)})|\b(?:{'|'.join(_NOUN_BEFORE_WORDS)})|\b\d[\d,.]*)\s+$",  # "20 reports", not "Le360 reported"
    _V | regex.REVERSE)  # read from the end it is anchored at
_NOUN_MODIFIER = compile_pattern(r"\b(?:news|media|press|official|police|intelligence|court|medical|local)\s+$", _V)
# Verbs whose object is as often a thing as a report: they need "that", a colon or a quote.
_REPORTING_NEEDS_THAT = frozenset("declared declares denied denies observed showed shows indicated indicates "
                                  "revealed reveals predicted predicts believes believe maintained maintains "
                                  "continued note add admit explain read reads found finds".split())
# "said about the flood" is about a topic; "said about 300 people fled" reports a figure.
_ABOUT_A_NUMBER = rf"about\s+(?:\d|(?:a\s+|half\s+a\s+)?(?:dozen|{'|'.join(list(UNITS) + list(TENS) + list(SCALES))})\b)"
_NOT_CONTENT_START = compile_pattern(
    rf"(?!{_ABOUT_A_NUMBER})"
    r"(?:about|of|from|on|in|by|for|with|to|into|at|are|is|was|were|have|has|had|be|been|and|or|but|which|who)\b",
    _VI)
_LEADING_ARTICLE = compile_pattern(r"^(?:the|a|an)\s+", _VI)
_PARTICLE_HYPHEN = compile_pattern(r"(?:al|el|de|da|van|von|bin|ibn)-", _V)
# A particle of a name, alone or joined to the capitalised rest: "de", "van", "al-Assad". The
# whole word: "also" and "delegates" open with "al" and "de" but are no particles.
_PARTICLE = compile_pattern(r"(?:al|el|de|da|van|von|bin|ibn)(?:-\p{Lu}[\p{L}'’-]*)?", _V)
_CLAUSE_WORD = compile_pattern(r"\b(?:that|which|when|because|if|and\s+(?:will|has|had|was|were))\b", _V)
_POSSESSIVE_END = compile_pattern(r"['’]s?$", _V)
# What may follow the cue of a postposed speaker: "..., X said, adding that", "..., warning".
_TRAILING_PARTICIPLE = compile_pattern(r"^,\s*(?:according|in\s+a|who|\p{Ll}{2,}ing)\b", _V)
_PROSE_LINE = compile_pattern(r"\S[^\n]{60,}", _V)
# "A union official, who asked not to be named, said": the relative clause is not the speaker.
_RELATIVE = compile_pattern(r",\s*(?:who|which|whose)\b[^,]*(?:,|$)", _V)
_PARENTHETICAL = compile_pattern(r"\s*\([^()]*\)", _V)
_PARTICIPLE_TAIL = compile_pattern(
    r"\s*,\s*(?:(?:speaking|talking)\s+(?:to|with)\s+(?P<to>[^,]+?)|(?:speaking|asking|requesting|declining|talking)\b[^,]*)"
    r"\s*,?$", _V)
_DISCOURSE_TAIL = compile_pattern(
    r"\s*,\s*(?:by\s+contrast|in\s+contrast|however|meanwhile|for\s+(?:its|his|her|their)\s+part|in\s+turn|too|"
    r"also|though|instead|in\s+response|in\s+reply)\s*,?$", _V)
_REMARKS_TO = compile_pattern(r",?\s+in\s+(?:remarks|comments|an\s+interview|a\s+statement)\s+(?:to|with)\s+"
                              r"(?P<to>[^,]+?)\s*,?$", _V)
# What follows an inverted speaker and is no part of it: "said Kipchoge after the run", "wrote
# Jane Doe on Twitter", "said Doe on Saturday", "said Doe to Wikinews" (the outlet, `via`),
# "said Doe of the institute, speaking to BBC".
_TRAILING_SETTING = compile_pattern(
    r"\.\s+(?=[“\"‘\[(])"  # a full stop, then the next quote: the sentence ended with the name
    r"|\s+(?:after|before|during|on|at|in|while|when)\s+(?=\p{Ll})"
    r"|\s+on\s+(?:Twitter|Facebook|Instagram|YouTube|Telegram|Weibo|LinkedIn|Reddit|TikTok|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b"
    r"|(?:\s+to|\s*,\s*(?:speaking|talking|writing)\s+(?:to|with|for))\s+"
    r"(?P<via>(?:the\s+)?\p{Lu}[\p{L}\p{N}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}'’&.-]*|\d{1,3}\b)){0,4})\s*(?:[,.;:]|$)", _V)
_SPEAKER_CUT = compile_pattern(r"\s+(?:of|from|at|with|who|in)\s|\s*[,(]", _V)
# "Jane Doe, 67," — an age in apposition is not part of the name.
_AGE_APPOSITION = compile_pattern(r",\s*\d{1,3}\s*(?:,\s*)?$|,\s*\d{1,3}\s*,", _V)
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "we": "group", "it": "group"}
_OUTLET_NOUN = compile_pattern(rf"(?:{lx.OUTLET_TYPE_NOUNS})", _VI)
# What _OUTLET_NOUN.fullmatch takes of a word in ASCII with no space: one of its single words.
_OUTLET_WORDS = frozenset(n.lower() for n in lx.OUTLET_TYPE_NOUNS.split("|") if "\\" not in n)
_DEFINITE_OUTLET = compile_pattern(rf"^(?:the|this)\s+(?:\w+\s+)?(?:{lx.OUTLET_TYPE_NOUNS})$", _VI)
_DEFINITE_ROLE = compile_pattern(r"^(?:the|this)\s+(?P<role>.+)$", _VI)


@dataclass(frozen=True)
class Attribution:
    rule: str
    cue: Optional[str]
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    quote_kind: str  # direct or indirect
    speaker: Optional[str] = None
    speaker_start: int = -1
    speaker_end: int = -1
    role: Optional[str] = None
    outlet: Optional[str] = None
    # How the speaker is to be resolved: as written, a pronoun, a definite description.
    reference: str = "name"
    # False when the passage only lends its speaker to the figures inside it (transcript answers).
    statement: bool = True


@dataclass(frozen=True)
class Quote:
    open: int   # offset of the opening mark
    close: int  # offset of the closing mark, or the end of the run of paragraphs it spans
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


# ---------------------------------------------------------------- quotes

def find_quotes(text: str, sentences: list[Sentence], clock: Clock = UNLIMITED) -> list[Quote]:
    """Quoted passages: curly quotes pair by direction, straight ones by alternation.

    A curly quote left open at the end of a paragraph continues into the next paragraph
    when that one opens with a quote mark, as news style writes multi-paragraph quotes.
    """
    quotes: list[Quote] = []
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        a, b = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (min(a, s.start), max(b, s.end))
    marks = _quote_marks(text)
    pending: Optional[int] = None
    prev_end = 0  # where the pending quote's last paragraph ends, once there is one
    for index in sorted(paragraphs):
        start, end = paragraphs[index]
        straight_open: Optional[int] = None
        continued = pending is not None and text[start:start + 1] in "“\""
        if pending is not None and not continued:
            quotes.append(Quote(pending, prev_end, False))
            pending = None
        open_at = pending if continued else None
        for i in marks[bisect_left(marks, start + (1 if continued else 0)):bisect_left(marks, end)]:
            ch = text[i]
            if ch == "“":
                if open_at is None:
                    open_at = i
            elif ch == "”":
                if open_at is not None:
                    quotes.append(Quote(open_at, i, True))
                    open_at = None
            elif ch == '"':
                if straight_open is None:
                    straight_open = i
                else:
                    quotes.append(Quote(straight_open, i, True))
                    straight_open = None
        pending = open_at
        prev_end = end
        if straight_open is not None:
            quotes.append(Quote(straight_open, end, False))
    if pending is not None:
        quotes.append(Quote(pending, prev_end, False))
    quotes.sort(key=lambda q: q.open)
    return [q for q in quotes if match(_FOUR_WORDS, text, clock, q.open + 1, q.close)]


def _quote_marks(text: str) -> list[int]:
    """The offsets of the quote marks that pair, found once for the whole text."""
    return char_offsets(text, QUOTE_MARKS)


# ---------------------------------------------------------------- speakers

def split_role(np: str) -> tuple[str, Optional[str]]:
    """('Jorge Fernandez Diaz', 'the Spanish Interior Minister') from either word order."""
    if "," in np:
        head, _, rest = np.partition(",")
        rest = rest.strip().strip(",").strip()
        if is_person_name(rest) and not is_person_name(head.strip()):
            return rest, head.strip()  # "the chancellor's spokesperson, Jane Doe"
        if head.strip() and rest and _looks_like_name(head.strip()):
            return head.strip(), _LEADING_ARTICLE.sub("", rest) or None
        if head.strip() and rest and _looks_like_name(rest):
            return rest, head.strip()
    words = np.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower().strip(",") in lx.ROLE_NOUNS and i + 1 < len(words):
            after_role = words[i + 1:]
            if after_role[0].lower() in ("of", "for", "at", "to") and len(after_role) >= 4 \
                    and is_person_name(" ".join(after_role[-2:])):
                # "Prime Minister of India Narendra Modi": the name is the last two words.
                return " ".join(after_role[-2:]), _LEADING_ARTICLE.sub("", " ".join(words[:len(words) - 2]))
            tail = " ".join(after_role)
            if _looks_like_name(tail):
                role = " ".join(words[:i + 1])
                return tail, _LEADING_ARTICLE.sub("", role)
    return np, None


def _looks_like_name(s: str) -> bool:
    words = s.split()
    if not words or len(words) > 5:
        return False
    caps = [w for w in words if w[:1].isupper() or _PARTICLE_HYPHEN.match(w)]
    return len(caps) >= max(1, len(words) - 1) and not any(w.lower() in lx.ORG_WORDS for w in words)


_NOT_NAME_TOKENS = frozenset("""
on in at upon after before during following since from by for with of the a an this that these those
week day days festival cup games summit conference act bill law treaty street road avenue square river
island islands mountains sea ocean university college school hospital airport station party league
north south east west northern southern eastern western new central national international
""".split()) | frozenset(lx.WEEKDAY_NUMBER) | frozenset(lx.MONTH_NUMBER)


def is_person_name(s: str) -> bool:
    words = s.split()
    if len(words) < 2 or len(words) > 5:
        return False
    if words[-1].lower() in _MASTHEAD_WORDS or s.lower() in lx.OUTLET_ALIASES:
        return False  # "Fox News", "the Miami Herald", "Al Jazeera": a paper or a channel
    if any(w.lower() in lx.ORG_WORDS or w.lower() in lx.SOURCE_NOUNS or w.lower().strip(".,") in _NOT_NAME_TOKENS
           or w.endswith(".") and len(w) > 2 for w in words):
        return False
    return all(w[:1].isupper() or _PARTICLE.fullmatch(w) for w in words)


# The last word of a newspaper's, agency's or channel's own name: 'the Miami Herald', 'Fox
# News', 'China Daily'. Words that also end the names of firms or offices ('American Express',
# 'Chief Medical Examiner', 'Royal Mail', 'the Star') are left out.
_MASTHEAD_WORDS = frozenset("times post journal herald tribune gazette telegraph chronicle inquirer courier "
                            "dispatch bulletin news daily magazine tv radio newswire".split())


def _masthead(bare: str) -> Optional[str]:
    """A name of two to five capitalised words ending in a masthead word."""
    words = bare.split()
    if 2 <= len(words) <= 5 and words[-1].lower() in _MASTHEAD_WORDS \
            and all(w[:1].isupper() or w[:1].isdigit() or w in ("of", "and", "&") for w in words):
        return bare
    return None


def outlet_in(np: str) -> Optional[str]:
    """The outlet a speaker phrase names: 'Moroccan newspaper Assabah' -> 'Assabah', 'the
    Miami Herald' -> 'Miami Herald'."""
    m = _OUTLET_DESCRIPTOR.search(np)
    if m:
        return m.group("name")
    written = np.strip()
    if written.lower() in lx.OUTLET_ALIASES:
        return written  # "The Associated Press", as written
    bare = _LEADING_ARTICLE.sub("", written)
    if bare.lower() in lx.OUTLET_ALIASES or ("the " + bare.lower()) in lx.OUTLET_ALIASES:
        return bare
    return _masthead(bare)


def _valid_speaker(np: str, verb: str = "said") -> bool:
    np = np.strip()
    if np.lower() == "it":
        return verb.split()[0].lower() in _IT_CUES
    if not np or len(np) > 160:
        return False
    words = np.split()
    core = np.split(",")[0].split()
    if len(core) > 9 or len(words) > 26:
        return False
    low = np.lower()
    if low in ("this", "that", "there", "i", "which", "who", "what"):
        return False
    if any(w.lower() in _FINITE_VERBS or w.lower() in _OBJECT_PRONOUNS or w in _CUE_WORDS for w in core[1:]):
        return False  # "the network was focused", "Saudi Arabia initially denied": a clause, not a speaker
    quote = min((i for i in (np.find("“"), np.find('"')) if i >= 0), default=len(np)) if "," in np else 0
    for segment in np[:quote].split(",")[1:]:  # up to a quote going on after it
        seg = list(takewhile(lambda w: w.lower() not in _RELATIVE_WORDS, segment.split()))  # "a rapporteur who had"
        if any(w.lower() in _FINITE_VERBS or w.lower() in _CLAUSE_SUBJECTS for w in seg):
            return False  # "The channel, ABS-CBN News, is still on air, as the network": a clause after a comma
    if words[0].lower().strip(",") in _NOT_SPEAKER_START or any(w in ("I", "we", "We", "you", "You") for w in core):
        return False
    if ("'" in words[0] or "’" in words[0]) and words[0].lower().split("'")[0].split("’")[0] in ("i", "you", "we", "they"):
        return False  # "You've said that", "We're told"
    if low in _PRONOUNS:
        return True
    first = words[0]
    sourcey = any(_is_source_word(w) for w in core)
    if not (first[:1].isupper() or first.lower() in ("the", "a", "an", "his", "her", "their", "its") or sourcey):
        return False
    if _CLAUSE_WORD.search(np.split(",")[0]):
        return False
    # A speaker names someone: a capitalised word, or a source noun such as "officials".
    return any(w[:1].isupper() for w in core) or sourcey


def _is_source_word(word: str) -> bool:
    """'sources', 'officials', 'ministry's', 'newspaper', 'minister': a word that can speak."""
    w = word.lower().strip(",.;:")
    if "'" in w or "’" in w:
        w = _POSSESSIVE_END.sub("", w)
    forms = {w, w[:-1], w[:-3] + "y"} if w.endswith("s") else {w}
    return bool(forms & lx.SOURCE_NOUNS or forms & lx.ROLE_NOUNS or forms & lx.ORG_WORDS
                or (w in _OUTLET_WORDS or not w.isascii()) and _OUTLET_NOUN.fullmatch(w))


_THE_THIS = compile_pattern(r"^(?:the|this)\s+", _VI)
_THE_ROLE = compile_pattern(r"^the\s+(?:(?-i:\p{Lu}+)\s+)?(?:head|director|chief|minister|mayor|president|spokesman|"
                            r"spokeswoman|official|leader|judge)$", _VI)


def _reference(np: str) -> str:
    """How a speaker phrase refers: by name, by pronoun, or by a definite description."""
    low = np.lower().strip()
    if low in _PRONOUNS:
        return "pronoun"
    if (_THE_THIS.match(low) and not any(w[:1].isupper() for w in np.split()[1:])) \
            or _DEFINITE_OUTLET.match(np) or _THE_ROLE.match(np):
        return "definite"
    return "name"


# ---------------------------------------------------------------- the cue rules

def _clauses(text: str, s: Sentence, clock: Clock) -> list[tuple[int, int]]:
    sentence = text[s.start:s.end]
    if not _holds_any(sentence, _BREAK_MARKS):
        return [(s.start, s.end)] if s.end > s.start else []  # one clause, as most sentences are
    spans, cursor = [], s.start
    for m in scan(_CLAUSE_BREAK, text, clock, s.start, s.end):
        if _inside_quote(text, s.start, m.start()):
            continue
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, s.end))
    return [(a, b) for a, b in spans if b > a]


def _holds_any(s: str, parts: tuple[str, ...]) -> bool:
    for part in parts:  # a loop, not any() over a generator: this runs for every sentence
        if part in s:
            return True
    return False


def _inside_quote(text: str, start: int, pos: int) -> bool:
    segment = text[start:pos]
    return segment.count("“") > segment.count("”") or segment.count('"') % 2 == 1


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",:;—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",.;:—–-"):
        b -= 1
    return a, b


class _QuoteMarks:
    """The quotes of a document by the offset of their opening and of their closing mark
    (the first in order where two share one): looked up, not searched for, per cue."""

    def __init__(self, quotes: list[Quote]):
        self.opening: dict[int, Quote] = {}
        self.closing: dict[int, Quote] = {}
        for q in quotes:
            self.opening.setdefault(q.open, q)
            if q.closed:
                self.closing.setdefault(q.close, q)


def _lead_adverbial(text: str, a: int, b: int, clock: Clock) -> Optional[regex.Match]:
    """match(_LEAD_ADVERBIAL), for text that opens with one of its words."""
    return match(_LEAD_ADVERBIAL, text, clock, a, b) if text.startswith(_LEAD_WORDS, a, b) else None


def _aux_tail(text: str, a: int, b: int, clock: Clock) -> Optional[regex.Match]:
    """search(_AUX_TAIL): only a tail found from the end is looked for from the start."""
    if search(_AUX_TAIL_REVERSE, text, clock, a, b) is None:
        return None
    return search(_AUX_TAIL, text, clock, a, b)


def _subject_before(text: str, clause_start: int, verb_start: int, clock: Clock) -> Optional[tuple[int, int]]:
    # A subject is a phrase, not a page: look no further back than a long one could reach.
    a, b = _trim(text, max(clause_start, verb_start - 300), verb_start)
    if b <= a:
        return None
    dateline = match(_DATELINE, text, clock, a, b) \
        if (text[a:a + 1].isupper() or text[a:a + 1] == "(") and _holds_any(text[a:b], _DASHES) else None
    if dateline:
        a = dateline.end()  # "N'DJAMENA - Chad's army said": the wire's dateline is no part of it
    colon = text.rfind(": ", a, b)
    if colon >= 0:
        a, b = _trim(text, colon + 1, b)  # "Mali: UN says ...": a headline's topic is no part of it
    lead = _lead_adverbial(text, a, b, clock)
    if lead:
        a = lead.end()
    # Drop leading segments that set the scene: "Almost two weeks later, ", "which is ..., ".
    while True:
        comma = text.find(",", a, b)
        if comma < 0:
            break
        segment = text[a:comma]
        first = segment.split()[0].lower() if segment.split() else ""
        single_adverb = len(segment.split()) == 1 and first.endswith("ly") or first.endswith("ing")
        if first in _SCENE_STARTERS or single_adverb or \
                _TIME_WORDS.search(segment) and not _CAP_AFTER_FIRST.search(segment):
            a, b = _trim(text, comma + 1, b)
        else:
            break
    citing = search(_CITING, text, clock, a, b) if _may_cite(text[a:b]) else None
    if citing:
        # "the weekly X, citing a source," -> "the weekly X": the citation is not the speaker.
        a2, b2 = _trim(text, a, citing.start())
        return (a2, b2) if b2 > a2 else None
    tail = _aux_tail(text, a, b, clock)
    if tail:
        b = tail.start()
    a, b = _trim(text, a, b)
    if "as " in text[max(a, b - 40):b] and search(_AS_ASIDE, text, clock, max(a, b - 40), b):
        return None  # "The theme, as I told you, ...": an aside, whose subject is not what went before
    first = text[a:b].split()[0].lower() if text[a:b].split() else ""
    if first in _PREPOSITIONS:
        # "On the live television he said": the subject is what ends the phrase.
        tail_np = search(_TRAILING_SUBJECT, text, clock, a, b)
        if tail_np is None:
            return None
        a = tail_np.start()
    if text[a:a + 1] in QUOTE_OPEN or text[b - 1:b] in QUOTE_CLOSE:
        return None
    return (a, b) if b > a else None


# A wire story's dateline: "CAIRO (AFP) -", "N'DJAMENA -", "WASHINGTON, Jan 4 (AP) —", "(Reuters) -".
_DATELINE = compile_pattern(
    r"(?:\p{Lu}[\p{Lu}\p{M}'’.-]+(?:\s+\p{Lu}[\p{Lu}\p{M}'’.-]+)*(?:,[^\n()]{1,30}?)?\s*(?:\([^()\n]{1,40}\)\s*)?"
    r"|\([^()\n]{1,40}\)\s*)(?:--|-|–|—)\s+", _V)
# ", the head of MINUSMA,": an apposition after a name, opening with an article or an age.
_APPOSITION_OPEN = compile_pattern(r"\s*(?:the|a|an|\d{1,3})\b", _V)
_DASHES = ("-", "–", "—")
_AS_ASIDE = compile_pattern(r"(?:^|[,(—–]\s*)as\s+(?:I|we|you|he|she|they|\p{Lu}[\p{L}'’-]*)$", _V)
_PREPOSITIONS = frozenset("on in at upon after before during following with without from via under over "
                          "through throughout amid among".split())
_TRAILING_SUBJECT = compile_pattern(
    r"(?:\b(?:he|she|they|we)|(?:\b(?:the|a|an)\s+)?(?:\p{Lu}[\p{L}'’.-]*)(?:\s+\p{Lu}[\p{L}'’.-]*)*)$", _V)
_SCENE_STARTERS = frozenset("""
as almost nearly about some just only later earlier meanwhile however also still yesterday today then
which who where when whose after before since during following despite amid on in at by citing
speaking asked writing responding commenting referring assuming according separately similarly upon
namely rather instead now thus moreover furthermore nevertheless indeed finally previously recently
currently additionally notably
""".split())
_TIME_WORDS = compile_pattern(r"\b(?:later|earlier|ago|week|weeks|month|months|year|years|day|days|morning|"
                              r"afternoon|evening|night|\p{Lu}\w+day)\b", _V)
_CAP_AFTER_FIRST = compile_pattern(r"^\S+\s+(?:\S+\s+)*?(?!(?:\p{Lu}\w+day)\b)\p{Lu}\p{Ll}", _V)


def _after_verb(text: str, pos: int, end: int, verb: str, clock: Clock) -> tuple[int, Optional[str]]:
    """Skip what stands between a cue and its content: the audience, time, the setting."""
    outlet = None
    if verb.lower() in ("told", "tells", "tell"):
        audience = match(_TOLD_AUDIENCE, text, clock, pos, end)
        if audience and _no_content_after(text, audience.end(), end, clock):
            # "told Reuters the plant would close on Friday": the audience ran on into what was
            # said, up to a word content never opens with. A named audience ends sooner.
            audience = match(_TOLD_NAMED_AUDIENCE, text, clock, pos, end) or audience
        if audience:
            outlet, pos = _told_outlet(audience.group("obj")), audience.end()
    skip = match(_SKIP_AFTER_VERB, text, clock, pos, end) if _opens_skip(text, pos, end) else None
    if skip:
        if skip.group("via"):
            outlet = outlet or skip.group("via")
        pos = skip.end()
    # Its look-ahead needs "that" or a quote mark before the end.
    setting = match(_SETTING_BEFORE_CONTENT, text, clock, pos, end) \
        if "that" in text[pos:end] or "“" in text[pos:end] or '"' in text[pos:end] else None
    if setting:
        if setting.group("via"):
            outlet = outlet or outlet_in(setting.group("via")) or _known(setting.group("via"))
        pos = setting.end()
    return pos, outlet


def _no_content_after(text: str, pos: int, end: int, clock: Clock) -> bool:
    """Nothing that could be reported content follows: only punctuation, or a word that
    content does not open with ("on", "in", "is")."""
    if not text[pos:end].strip(" \t\n.,;:!?"):
        return True
    first = pos
    while first < end and text[first].isspace():
        first += 1
    return match(_NOT_CONTENT_START, text, clock, first, end) is not None


# The words a _SKIP_AFTER_VERB match opens with, after spaces and a comma.
_SKIP_WORDS = ("on", "last", "earlier", "today", "yesterday", "in", "late", "early", "this")


def _opens_skip(text: str, pos: int, end: int) -> bool:
    # str.lstrip() strips what \s matches and four control characters more, none of them a
    # comma or a letter: what it leaves starts where the pattern's words would.
    rest = text[pos:end].lstrip()
    if rest.startswith(","):
        rest = rest[1:].lstrip()
    return rest.startswith(_SKIP_WORDS)


_OUTLET_NAME_WORDS = frozenset("""
news times post journal herald tribune mail telegraph guardian gazette express star sun mirror chronicle
observer daily weekly radio tv television channel press agency network broadcasting magazine review wire
today online record standard independent monitor courier dispatch bulletin report reporter inquirer
""".split())


_OUTLET_KIND_AFTER = compile_pattern(
    r"\s+(?:news\s+agency|press\s+agency|agency|newspaper|daily|weekly|channel|broadcaster|news\s+site|website)"
    r"(?:\s*\(\p{Lu}[\p{Lu}\p{N}&.-]*\))?$", _V)


def _told_outlet(audience: str) -> Optional[str]:
    """Whether who was told is an outlet: 'Reuters', 'the Daily Mail', 'French channel BFM TV' are;
    'reporters', 'Congress', 'a guard at the door', 'Jane Doe' are not."""
    named = outlet_in(audience)
    if named:
        return named
    bare = _LEADING_ARTICLE.sub("", audience.strip()).rstrip(".")
    # "the Tunis Afrique Presse agency (TAP)": the name before its kind and its short name
    kind = _OUTLET_KIND_AFTER.search(bare)
    if kind and kind.start() > 0:
        bare = bare[:kind.start()]
    words = bare.split()
    if not words or not all(w[:1].isupper() or w.isdigit() or w.lower() in ("of", "and", "&", "de", "al") for w in words):
        return None
    if _is_audience(bare):
        return None
    if any(w.lower() in _OUTLET_NAME_WORDS or w.lower() in lx.OUTLET_ALIASES for w in words) \
            or audience.strip().lower().startswith("the "):
        return bare
    return bare if len(words) <= 4 else None


def _capitalised(name: str) -> Optional[str]:
    """An outlet named by a capitalised name ('the BBC', 'Sky News'), not a common noun."""
    bare = _LEADING_ARTICLE.sub("", name.strip())
    return bare if bare[:1].isupper() else None


# "Speaking to BBC Sport, X said", "In an interview with Dawn, she said": the channel of the sentence.
_LEAD_OUTLET = compile_pattern(
    r"(?:(?:Speaking|Talking|Writing)\s+(?:to|with|in|for)|(?:In|During)\s+(?:an?|the)\s+(?:\w+\s+)?(?:interview|"
    r"conversation|op-ed|essay|column|article)\s+(?:with|to|for|in)|(?:in|for)\s+(?:an?|the)\s+(?P<via2>\p{Lu}[\p{L}&'’-]*"
    r"(?:\s+\p{Lu}[\p{L}&'’-]*){0,3})\s+(?:interview|op-ed|essay|column|article|piece))"
    r"\s*(?P<via>(?:the\s+)?[^,.;:“”\"]{1,50}?)?\s*,", _V)


# Every _LEAD_OUTLET match holds one of these.
_LEAD_OUTLET_WORDS = ("Speaking", "Talking", "Writing", "interview", "conversation", "op-ed", "essay", "column",
                      "article", "piece")


_VIA_SETTING = compile_pattern(r"\s+(?:in|on|last|this|earlier|during|at)\s+.*$", _V)


def _sentence_outlet(text: str, s: Sentence, clock: Clock) -> Optional[str]:
    sentence = text[s.start:s.end]
    if not _holds_any(sentence, _LEAD_OUTLET_WORDS):
        return None
    m = search(_LEAD_OUTLET, text, clock, s.start, s.end)
    if not m:
        return None
    if m.group("via2"):
        return m.group("via2")
    via = _VIA_SETTING.sub("", m.group("via") or "")  # "an interview with AFP in April 2017"
    return outlet_in(via) or _told_outlet(via)


def _known(name: str) -> Optional[str]:
    bare = name.strip()
    return bare if bare.lower() in lx.OUTLET_ALIASES else None


_AUDIENCE = frozenset("congress parliament senate police investigators court reporters journalists "
                      "lawmakers him her them us me supporters".split())


def _is_audience(name: str) -> bool:
    words = name.lower().split()
    return not words or words[-1] in _AUDIENCE or any(w in lx.ORG_WORDS for w in words if w != "news")


def _speaker_fields(text: str, a: int, b: int) -> dict:
    np = text[a:b]
    outlet = None
    seen = _SEEN_BY.search(np)
    if seen:
        outlet = seen.group("outlet")
        np = np[:seen.start()]
        b = a + len(np)
    citing = _CITING.search(np) if _may_cite(np) else None
    if citing and citing.start() > 0:
        np = np[:citing.start()] + np[citing.end():]
    remarks = _REMARKS_TO.search(np)
    if remarks:
        outlet = outlet or outlet_in(remarks.group("to")) or _capitalised(remarks.group("to"))
        np = np[:remarks.start()]
    np = _PARENTHETICAL.sub("", np)
    np = _AGE_APPOSITION.sub("", _RELATIVE.sub("", np)).strip().strip(",").strip()
    np = _DISCOURSE_TAIL.sub("", np)  # "The interior ministry, by contrast, has given"
    tail = _PARTICIPLE_TAIL.search(np)  # "A government official, speaking on condition of anonymity,"
    if tail:
        outlet = outlet or (_told_outlet(tail.group("to")) if tail.group("to") else None)
        np = np[:tail.start()]
    name, role = split_role(np)
    outlet = outlet or outlet_in(np)
    if role:
        # The role stays apart from the name: the speaker is the name as written.
        np = name
        a = text.find(name, a, b) if text.find(name, a, b) >= 0 else a
    return dict(speaker=np, speaker_start=a, speaker_end=a + len(np),
                role=role, outlet=outlet, reference=_reference(np))


# Real sentences hold a cue or two; a line of hundreds is not prose worth reading for speakers.
_CUES_PER_SENTENCE = 8


def find_attributions(text: str, sentences: list[Sentence], quotes: list[Quote],
                      clock: Clock = UNLIMITED, cues: Optional[list[regex.Match]] = None) -> list[Attribution]:
    """`cues`: every match of the cue pattern in the text, when the caller has them already
    (wordscan.scan_words)."""
    found: list[Attribution] = []
    marks = _QuoteMarks(quotes)
    quoted = _union(q.inner for q in quotes)
    quoted_starts = [a for a, _ in quoted]
    # Cues are found in one scan; only sentences holding one are looked at closely.
    # A cue inside a quote was said.
    cues = [c for c in (scan(_CUE, text, clock) if cues is None else cues)
            if not _within(quoted, quoted_starts, c.start())]
    k = 0
    for s in sentences:
        while k < len(cues) and cues[k].start() < s.start:
            k += 1
        mine = []
        while k < len(cues) and cues[k].start() < s.end:
            mine.append(cues[k])
            k += 1
        if not mine:
            continue
        for c_start, c_end in _clauses(text, s, clock):
            for cue in mine[:_CUES_PER_SENTENCE]:
                if not (c_start <= cue.start() and cue.end() <= c_end):
                    continue
                att = _attribute(text, s, c_start, c_end, cue, marks, clock)
                if att is not None:
                    found.append(att)
                    break
    return found


def cue_at(text: str, pos: int, clock: Clock = UNLIMITED) -> Optional[regex.Match]:
    """The cue the cue scan finds at `pos` (None for "Said", a name, or "According To")."""
    return match(_CUE, text, clock, pos)


def _union(spans) -> list[tuple[int, int]]:
    """The union of [a, b) spans, as sorted disjoint spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif b > a:
            out.append((a, b))
    return out


def _within(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


# "on a hairy note", "in multiple states", "Biden's alleged decline": what stands before the
# cue makes it a noun or an adjective. A base form after an article and one singular word
# ("a hairy note") cannot be that word's verb; after a possessive ("Biden's") a cue word is a
# noun or an adjective; after a word of quantity it is a noun.
_ARTICLE_AND_WORD = compile_pattern(r"\b(?i:a|an|one|each|every|this|that)\s+\p{Ll}[\p{Ll}-]*\s+$", _V)
_POSSESSIVE_BEFORE = compile_pattern(r"\p{L}['’]s\s+$", _V)
_QUANTITY_BEFORE = compile_pattern(r"\b(?i:multiple|various|numerous|both|all|other|few)\s+$", _V)


def _noun_reading(text: str, lo: int, cue_start: int, verb: str, clock: Clock) -> bool:
    if not text[cue_start - 1:cue_start].isspace():
        return False
    base_form = not verb.endswith(("s", "ed", "d")) and verb not in ("told", "wrote", "said")
    possessive = text[lo:cue_start].rstrip().endswith(("'s", "’s"))  # spares most cues the search
    return (base_form and search(_ARTICLE_AND_WORD, text, clock, lo, cue_start) is not None
            or possessive and search(_POSSESSIVE_BEFORE, text, clock, lo, cue_start) is not None
            or verb in _NOUN_LIKE_CUES and search(_QUANTITY_BEFORE, text, clock, lo, cue_start) is not None)


def _ends_with_word(window: str, words: tuple[str, ...], last: int) -> bool:
    """Whether one of the `last` words of a window ending in a space ends with one of `words`,
    in any case, or with a digit: a pattern anchored at the end of the window on such a word
    and the spaces after it can match only then. (str.split() also splits at \\x1c-\\x1f,
    which \\s does not: the word before the spaces still ends where the pattern's does.)
    A window past ASCII, where (?i) and \\d take in more characters, always passes."""
    if not window[-1:].isspace():
        return False
    if not window.isascii():
        return True
    return any(w.lower().endswith(words) or w[-1].isdigit() for w in window.split()[-last:])


def _speaker_comma(before: str) -> int:
    """Where a postposed speaker starts in the text before its cue: after the last comma or
    closing quote mark, or, when only an apposition stands there ('“...,” Jane Doe, the
    mayor, said', '..., Jane Doe, the mayor, said'), before the name it describes."""
    close = max(before.rfind("”"), before.rfind('"'))
    comma = max(before.rfind(","), close)
    if comma < 0 or comma == close or before[comma + 1:].strip():
        return comma
    inner = before.rfind(",", 0, comma)
    if inner > close and _APPOSITION_OPEN.match(before, inner + 1, comma):
        outer = max(before.rfind(",", 0, inner), close)  # where the name before the apposition starts
        return outer if outer >= 0 else comma
    return comma


def _attribute(text, s, c_start, c_end, cue, marks: _QuoteMarks, clock) -> Optional[Attribution]:
    if cue.group("acc"):
        return _according_to(text, c_start, c_end, cue, marks, clock)
    verb = cue.group()
    lo = max(c_start, cue.start() - 30)
    if _ends_with_word(text[lo:cue.start()], _BE_FORMS, 2) \
            and search(_PASSIVE_BEFORE, text, clock, lo, cue.start()):
        return None  # "is said to be", "are believed to be": hedged, no speaker to invent
    lo = max(c_start, cue.start() - 20)
    if _ends_with_word(text[lo:cue.start()], _DETERMINERS + _NOUN_BEFORE_WORDS, 1) \
            and search(_NOUN_BEFORE, text, clock, lo, cue.start()) \
            or text[cue.end():cue.end() + 1] in ("'", "’") or verb in _NOUN_LIKE_CUES \
            and search(_NOUN_MODIFIER, text, clock, max(c_start, cue.start() - 20), cue.start()) \
            or _noun_reading(text, max(c_start, cue.start() - 40), cue.start(), verb, clock):
        return None  # "news reports", "an added precaution", "states' rights": a noun or adjective here
    before = text[c_start:cue.start()]
    after_pos, outlet = _after_verb(text, cue.end(), c_end, verb, clock)
    rest = text[after_pos:c_end].strip()
    # Postposed: "..., X said." / "“...,” X said" / "..., said X."
    comma = _speaker_comma(before)
    tail_empty = not rest.strip(" .,;:!?\"”’") or _TRAILING_PARTICIPLE.match(rest)
    if comma >= 0 and tail_empty:
        sp_a, sp_b = _trim(text, c_start + comma + 1, cue.start())
        tail = _aux_tail(text, sp_a, sp_b, clock)
        if tail:
            sp_b = tail.start()
        if sp_b > sp_a and _valid_speaker(text[sp_a:sp_b], verb) and len(text[sp_a:sp_b].split()) <= 12:
            return _postposed(text, s, c_start, c_start + comma, cue, sp_a, sp_b, outlet, marks, "attr.postposed")
    if comma >= 0 and not text[c_start + comma + 1:cue.start()].strip() and rest:
        # Inverted: "“...,” said Manar Slimi." The speaker follows the verb.
        sp_a, sp_b = _trim(text, after_pos, c_end)
        cut = search(_SPEAKER_CUT, text, clock, sp_a, sp_b)
        if cut and len(text[sp_a:sp_b].split(",")[0].split()) > 9:
            sp_b = cut.start()  # "said study co-author Ted Scambos of the institute (CIRES)"
        setting = search(_TRAILING_SETTING, text, clock, sp_a, sp_b)
        via = None
        if setting:
            sp_b = setting.start()  # "said Kipchoge after the run"
            via = _told_outlet(setting.group("via")) if setting.group("via") else None
        np = text[sp_a:sp_b]
        if _valid_speaker(np) and len(np.split(",")[0].split()) <= 9 and _can_speak_inverted(np):
            return _postposed(text, s, c_start, c_start + comma, cue, sp_a, sp_b, outlet or via, marks,
                              "attr.inverted")
    # Preposed: "X said (that) ...", "X told Reuters that ...", "X said: “...”".
    subj = _subject_before(text, c_start, cue.start(), clock)
    if subj is None or not _valid_speaker(text[subj[0]:subj[1]], verb):
        return None
    lead = match(_THAT, text, clock, after_pos, c_end)
    content_start = lead.end() if lead else after_pos
    if content_start >= c_end:
        return None
    if not (lead and lead.group(0).strip()) and match(_NOT_CONTENT_START, text, clock, content_start, c_end):
        return None  # "reports about ...", "claims are ...": the cue word is a noun here
    if verb in _REPORTING_NEEDS_THAT and not (lead and ("that" in lead.group(0) or ":" in lead.group(0))) \
            and text[content_start:content_start + 1] not in QUOTE_OPEN \
            and not _DOCUMENT_SUBJECT.search(text, subj[0], subj[1]):
        return None  # "declared a state of emergency" reports nothing
    q = marks.opening.get(content_start)
    if q is not None:
        kind, (a, b) = "direct", _trim(text, *q.inner)
    else:
        kind, (a, b) = "indirect", _trim(text, content_start, c_end)
        q_end = text[a:b].rstrip("”\" ")
        if text[a:a + 1] in "“\"" and q_end:
            kind = "direct"
    if b - a < 8 and not any(ch.isdigit() for ch in text[a:b]):
        return None  # too short to report anything, but a figure: "puts the death toll at 56"
    fields = _speaker_fields(text, subj[0], subj[1])
    fields["outlet"] = outlet or fields["outlet"] or _sentence_outlet(text, s, clock)
    return Attribution(rule="attr.preposed", cue=text[cue.start():cue.end()], cue_start=cue.start(),
                       cue_end=cue.end(), content_start=a, content_end=b, quote_kind=kind, **fields)


def _can_speak_inverted(np: str) -> bool:
    """After the verb, the speaker's head (before any 'of') names someone: a capital or a
    source noun. 'announced the death of cosmonaut Alexei Leonov' names what was announced,
    a phrase opening with a quote mark is the quote, and one ending in a verb ('told CNN,
    neighbors nearby attempted') is the next clause."""
    words = np.split(",")[0].split()
    if np[:1] in QUOTE_OPEN + "'" or words and words[-1].islower() and words[-1].endswith("ed"):
        return False
    head = regex.split(r"\s+of\s+", np.split(",")[0], maxsplit=1)[0].split()
    return any(w[:1].isupper() for w in head) or any(_is_source_word(w) for w in head)


def _postposed(text, s, c_start, comma_at, cue, sp_a, sp_b, outlet, marks: _QuoteMarks, rule) -> Optional[Attribution]:
    close = comma_at
    while close > c_start and text[close] in ", ":
        close -= 1
    q = None
    for probe in (comma_at, close, comma_at - 1):
        q = q or marks.closing.get(probe)
    if q is not None and text[c_start:q.open].strip(" ,:—–-") and q.open >= c_start:
        q = None  # the quote is only the end of the content: "X “is looking” ..., said Y"
    if q is not None:
        kind, (a, b) = "direct", q.inner
    else:
        kind, (a, b) = "indirect", _trim(text, c_start, comma_at)
        lead = _lead_adverbial(text, a, b, UNLIMITED)
        if lead and lead.group(0).lower().startswith("citing"):
            a = lead.end()
    a, b = _trim(text, a, b)
    if b - a < 8:
        return None
    fields = _speaker_fields(text, sp_a, sp_b)
    fields["outlet"] = outlet or fields["outlet"] or _sentence_outlet(text, s, UNLIMITED)
    return Attribution(rule=rule, cue=text[cue.start():cue.end()], cue_start=cue.start(), cue_end=cue.end(),
                       content_start=a, content_end=b, quote_kind=kind, **fields)


def _according_to(text, c_start, c_end, cue, marks: _QuoteMarks, clock) -> Optional[Attribution]:
    np_end = cue.end()
    m = match(_ACCORDING_NP, text, clock, cue.end(), min(c_end, cue.end() + 160))
    if not m:
        return None
    sp_a, sp_b = m.start(1), m.end(1)
    np_end = m.end()
    before = text[c_start:cue.start()].strip(" ,")
    if not before or _lead_adverbial(text, c_start, cue.start(), clock) and \
            not text[c_start:cue.start()].strip().rstrip(",").split(",")[-1].strip():
        # "According to X, content" — content follows.
        a, b = _trim(text, np_end, c_end)
        q = marks.opening.get(a)
        kind, (a, b) = ("direct", q.inner) if q else ("indirect", (a, b))
    else:
        a, b = _trim(text, c_start, cue.start())
        lead = _lead_adverbial(text, a, b, clock)
        if lead and not lead.group(0).lower().startswith(("on ", "in ", "by ", "at ")):
            a = lead.end()
        q = None
        for probe in (b, b - 1):
            q = q or marks.closing.get(probe)
        kind, (a, b) = ("direct", q.inner) if q else ("indirect", (a, b))
        after = _trim(text, np_end, c_end)
        if q is None and after[1] - after[0] > 12:
            b = after[1]  # "…, according to X, …": the source covers the clause on both sides
    a, b = _trim(text, a, b)
    np = text[sp_a:sp_b]
    if b - a < 8 or not (_valid_speaker(np) or _source_phrase(np)):
        return None
    fields = _speaker_fields(text, sp_a, sp_b)
    return Attribution(rule="attr.according_to", cue="according to", cue_start=cue.start(), cue_end=cue.end(),
                       content_start=a, content_end=b, quote_kind=kind, **fields)


_ABBREVIATED = r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Jr|Sr|Dept|U\.S|U\.N|\p{Lu})"
_ACCORDING_NP = compile_pattern(
    rf"\s+((?:[^,.;:“”\"]|(?<={_ABBREVIATED})\.)+?)(?=\s*(?:[,;:“”\"]|(?<!{_ABBREVIATED})\.|$))", _V)
# "A poll showed 55 percent ...": a document shows what it found, no "that" needed.
_DOCUMENT_SUBJECT = compile_pattern(r"\b(?:poll|polls|survey|surveys|study|studies|report|reports|data|figures|"
                                    r"analysis|research|census|statistics|estimates|count|tally|records)$", _VI)
_NOT_A_SOURCE = frozenset("plan plans schedule rank rules rule tradition custom law laws protocol procedure "
                          "design size age type order pattern script timetable".split())


def _source_phrase(np: str) -> bool:
    """After 'according to', any determined or named phrase is a source, bar plans and rules."""
    words = np.split()
    if not words or len(words) > 12 or words[-1].lower().strip(".") in _NOT_A_SOURCE:
        return False
    return words[0].lower() in ("the", "a", "an", "his", "her", "their", "its", "our") or words[0][:1].isupper()


_COLON_LEAD = compile_pattern(r":\s*$", _V)
_CALLED_LEAD = compile_pattern(
    r"\b(?:called|described|denounced|labell?ed|branded|dubbed|hailed|praised|slammed|criticised|criticized)\b"
    r"[^“”\"]{0,60}?(?:\s+as)?\s*$", _V)
_PARTICIPLE_LEAD = compile_pattern(
    r",\s*(?P<cue>saying|adding|writing|noting|remarking|explaining|stating|declaring|insisting|arguing|warning|"
    r"telling\s+[^,“”\"]{1,40}?|calling\s+it)\s*(?:,\s*)?(?:that\s*)?$", _V)
_SUBJECT_NP = compile_pattern(
    r"(?:He|She|They|We)\b"
    r"|(?:The|A|An|His|Her|Their|Its)\s+(?:\p{Ll}[\p{L}'’-]*\s+){0,2}?\p{Ll}[\p{L}'’-]*"
    r"(?:\s+of\s+(?:the\s+)?(?:\p{L}+\s+){0,2}?\p{L}+)?(?=\s+\p{Ll})"
    r"|(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:\p{Lu}[\p{L}'’.-]*|of|the|for|and|de|al|el|van|von|"
    + "|".join(sorted(lx.ROLE_NOUNS, key=len, reverse=True)) +
    r")\s+){0,6}\p{Lu}[\p{L}'’.-]*(?=\s+\p{Ll})", _V)


def _clause_subject(text: str, start: int, cue_start: int, cue_end: int, clock: Clock) -> Optional[tuple[int, int]]:
    """The subject of the clause a lead-in closes: before a speech verb as for 'X said', else
    the noun phrase that opens the clause."""
    verb = None
    for found in scan(_CUE, text, clock, start, cue_start):
        if not _noun_reading(text, max(start, found.start() - 40), found.start(), found.group(), clock):
            verb = found  # "defended her niece's claim, saying": that claim is no verb
    if verb is not None and not verb.group("acc"):
        span = _subject_before(text, start, verb.start(), clock)
        return span if span and _valid_speaker(text[span[0]:span[1]]) else None
    lead = _lead_adverbial(text, start, cue_start, clock)
    if lead:
        start = lead.end()
    subj = match(_SUBJECT_NP, text, clock, start, cue_end)
    if subj is None or subj.end() > cue_start or not _valid_speaker(subj.group(0)):
        return None
    words = subj.group(0).split()
    # Without a speech verb only someone who can speak will do: a name, a pronoun, a source.
    if not (words[0].lower() in _PRONOUNS or any(w[:1].isupper() for w in words[1:])
            or any(_is_source_word(w) for w in words)):
        return None
    return subj.start(), subj.end()


class _Covered:
    """The content spans of attributions, asked whether a point or a span lies inside one:
    the furthest end reached by the spans that start at or before a point, by bisection. A
    quote asking every attribution instead would cost a long interview the square of its
    length."""

    def __init__(self, found: list[Attribution]):
        spans = sorted((f.content_start, f.content_end) for f in found)
        self._starts = [x for x, _ in spans]
        self._reach = list(accumulate((y for _, y in spans), max))

    def reach(self, at: int) -> int:
        i = bisect_right(self._starts, at)
        return self._reach[i - 1] if i else -1

    def holds_point(self, at: int) -> bool:
        """Some span [x, y) has x <= at < y."""
        return at < self.reach(at)


def lead_in_quotes(text: str, sentences: list[Sentence], quotes: list[Quote], found: list[Attribution],
                   clock: Clock = UNLIMITED) -> list[Attribution]:
    """Quotes brought in by a colon or a participle: the speaker is the subject of the clause.

    "X praised Y on Twitter: “...”", "X congratulated Y, saying, “...”".
    """
    out = []
    covered = _Covered(found)
    starts = [s.start for s in sentences]
    for q in quotes:
        a, b = q.inner
        if covered.holds_point(a):
            continue
        i = bisect_right(starts, q.open) - 1
        if i < 0:
            continue
        s = sentences[i]
        prefix_end = q.open
        if q.open == s.start and i > 0 and text[sentences[i - 1].end - 1:sentences[i - 1].end] == ":":
            s = sentences[i - 1]  # "X writes:" and the quote opens the next paragraph
            prefix_end = s.end
        elif not (s.start < q.open < s.end):
            continue
        colon = search(_COLON_LEAD, text, clock, s.start, prefix_end)
        part = None if colon else search(_PARTICIPLE_LEAD, text, clock, s.start, prefix_end) \
            or search(_CALLED_LEAD, text, clock, s.start, prefix_end)
        lead = colon or part
        if lead is None:
            continue
        cue_start = lead.start()
        span = _clause_subject(text, s.start, cue_start, lead.end(), clock)
        if span is None:
            continue
        fields = _speaker_fields(text, *span)
        cue = (part.groupdict().get("cue") or part.group(0)).split()[0] if part else ":"
        out.append(Attribution(rule="attr.participle" if part else "attr.colon_quote", cue=cue,
                               cue_start=cue_start, cue_end=prefix_end, content_start=a,
                               content_end=_trim(text, a, b)[1], quote_kind="direct", **fields))
    return out


_PARTICIPLE_CLAUSE = compile_pattern(
    r",\s*(?P<cue>saying|arguing|claiming|adding|noting|insisting|warning|explaining|stating|declaring|"
    r"suggesting|asserting)\s+(?:that\s+)?(?=[^\s“\"])", _V)


def participle_clauses(text: str, sentences: list[Sentence], found: list[Attribution],
                       clock: Clock = UNLIMITED) -> list[Attribution]:
    """'X criticised the move, arguing the plan would fail': the subject said what follows."""
    out: list[Attribution] = []
    # One scan of the text finds where a clause can start, as a match inside a sentence is
    # one in the text too; only sentences holding such a place are searched on their own.
    starts = [m.start() for m in scan(_PARTICIPLE_CLAUSE, text, clock)]
    if not starts:
        return out
    covered = _Covered(found)
    sentence_starts = [s.start for s in sentences]
    by_cue = sorted((a for a in found if a.speaker_start >= 0), key=lambda a: a.cue_start)
    cue_starts = [a.cue_start for a in by_cue]
    last = -1
    for start in starts:
        i = bisect_right(sentence_starts, start) - 1
        if i <= last or start >= sentences[i].end:
            continue  # before the first sentence, in one already searched, or between two
        last = i
        s = sentences[i]
        part = search(_PARTICIPLE_CLAUSE, text, clock, s.start, s.end)
        if not part:
            continue
        a, b = _trim(text, part.end(), s.end)
        if b - a < 12 or covered.holds_point(a):
            continue
        # "..., the ministry said in a statement, adding that ...": who said it adds it.
        k = bisect_left(cue_starts, part.start()) - 1
        said = by_cue[k] if k >= 0 and by_cue[k].cue_start >= s.start and by_cue[k].cue_end <= part.start() else None
        span = (said.speaker_start, said.speaker_end) if said \
            else _clause_subject(text, s.start, part.start(), part.end(), clock)
        if span is None:
            continue
        out.append(Attribution(rule="attr.participle", cue=part.group("cue"), cue_start=part.start("cue"),
                               cue_end=part.end("cue"), content_start=a, content_end=b, quote_kind="indirect",
                               **_speaker_fields(text, *span)))
    return out


# An interview transcript: "((Jane Doe))  There were fifteen of them." Each answer is her statement.
_TRANSCRIPT_TURN = compile_pattern(r"^[ \t]*\(\((?P<name>[^()\n]{2,40})\)\)[ \t\u00a0]*(?P<first>\S)", _V | regex.MULTILINE)
_INTERVIEWER = frozenset("wn wikinews q interviewer question host".split())


def transcript_turns(text: str, sentences: list[Sentence], clock: Clock = UNLIMITED) -> list[Attribution]:
    """Answers in a transcript, a paragraph each, attributed to whoever the turn names."""
    out: list[Attribution] = []
    turns = list(_turns(text, clock))
    if not turns:
        return out
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    for n, turn in enumerate(turns):
        name = turn.group("name").strip()
        if name.lower() in _INTERVIEWER or not name[:1].isupper() or (name.isupper() and len(name) <= 4):
            continue  # the interviewer's turn ("((WN))", initials): questions, not statements
        stop = turns[n + 1].start() if n + 1 < len(turns) else len(text)
        # The answer runs from its first word to the end of the last sentence before the next turn.
        first, last = bisect_right(ends, turn.start("first")), bisect_left(starts, stop) - 1
        if last < first:
            continue
        a, b = _trim(text, max(sentences[first].start, turn.start("first")), sentences[last].end)
        if not match(_SIX_WORDS, text, clock, a, b) or text[a:b].rstrip().endswith("?"):
            continue
        # Figures in an answer are the interviewee's; the answer itself is not made a statement,
        # as annotators of news do not mark every turn of a transcript.
        out.append(Attribution(rule="attr.transcript_turn", cue=None, cue_start=turn.start("name"),
                               cue_end=turn.end("name"), content_start=a, content_end=b,
                               quote_kind="direct", speaker=name, speaker_start=turn.start("name"),
                               speaker_end=turn.end("name"), statement=False))
    return out


def _turns(text: str, clock: Clock):
    """The matches of _TRANSCRIPT_TURN, each a line opening with '((': only such lines, found
    with str.find, are matched."""
    pos = 0
    while True:
        p = text.find("((", pos)
        if p < 0:
            return
        # Back over the indent only: the line's start, if nothing but spaces and tabs lie
        # before the '(('. (Copying the line up to each '((' cost a one-line text its square.)
        q = p - 1
        while q >= 0 and text[q] in " \t":
            q -= 1
        if q < 0 or text[q] == "\n":
            m = match(_TRANSCRIPT_TURN, text, clock, q + 1)
            if m:
                yield m
        pos = p + 2


def continuation_quotes(text: str, sentences: list[Sentence], quotes: list[Quote],
                        found: list[Attribution]) -> list[Attribution]:
    """A quote with no cue of its own, right after an attributed passage, continues it.
    Each quote looks up the attributions by bisection (see _Covered)."""
    out = []
    covered = _Covered(found)
    by_cue_at = sorted(found, key=lambda f: f.cue_start)
    cue_starts = [f.cue_start for f in by_cue_at]
    by_cue = sorted(found, key=lambda f: f.content_end)
    content_ends = [f.content_end for f in by_cue]
    starts = {s.start: i for i, s in enumerate(sentences)}
    for q in quotes:
        a, b = q.inner
        if b <= covered.reach(a) + 1:  # inside content already attributed
            continue
        first, last = bisect_left(cue_starts, q.open), bisect_right(cue_starts, q.close + 40)
        if any(f.content_start <= a + 1 for f in by_cue_at[first:last]):
            continue  # a cue inside or just after the quote attributes it
        i = starts.get(q.open)
        if i is None or i == 0:
            continue
        prev = sentences[i - 1]
        if sentences[i].paragraph - prev.paragraph > 1:
            continue
        owner = None
        for k in range(bisect_right(content_ends, q.open) - 1, -1, -1):
            if content_ends[k] < prev.start - 1:
                break
            if by_cue[k].speaker:
                owner = by_cue[k]
                break
        if owner is None:
            continue
        out.append(replace(owner, rule="attr.quote_continuation", cue=None, cue_start=q.open, cue_end=q.open,
                           content_start=a, content_end=_trim(text, a, b)[1], quote_kind="direct"))
    return out


def header_outlets(text: str, clock: Clock = UNLIMITED) -> list[tuple[int, str]]:
    """Round-up posts: a line 'Reuters:' makes what follows come through Reuters."""
    out = []
    for m in _header_lines(text, clock):
        name = m.group("name").strip()
        words = [w.lower().strip(".’'") for w in name.split()]
        if any(w in _NOT_HEADER for w in words):
            continue
        nxt = search(_PROSE_LINE, text, clock, m.end(), min(len(text), m.end() + 600))
        if not nxt:
            continue
        out.append((m.end(), name))
    return out


def _header_lines(text: str, clock: Clock):
    """The matches of _HEADER_LINE, which spans a line ending in a colon: only such lines,
    found with str.find, are matched."""
    pos = 0
    while True:
        colon = text.find(":", pos)
        if colon < 0:
            return
        end = text.find("\n", colon)
        if end < 0:
            end = len(text)
        if not text[text.rfind(":", colon, end) + 1:end].strip(" \t"):
            m = match(_HEADER_LINE, text, clock, text.rfind("\n", 0, colon) + 1, end)
            if m:
                yield m
        pos = end + 1


# ---------------------------------------------------------------- rules as data

def _attr_rule(rule_id: str, description: str, examples, negatives) -> Rule:
    return Rule(id=rule_id, description=description, pattern=_CUE, examples=tuple(examples),
                negatives=tuple(negatives), kind="attribution")


RULES: tuple[Rule, ...] = (
    _attr_rule("attr.preposed", "Speaker, cue, then content: 'X said (that) ...', 'X told Reuters that ...'.", (
        Example("Jorge Smith, the Spanish Interior Minister, said the network was focused on recruiting.",
                "the network was focused on recruiting", {"speaker": "Jorge Smith", "role": "Spanish Interior Minister",
                                                          "quote_kind": "indirect"}),
        Example("A security source said the cell was dangerous to everyone.", "the cell was dangerous to everyone",
                {"speaker": "A security source"}),
        Example("The agency chief told Reuters that the camps were dismantled last week.",
                "the camps were dismantled last week", {"outlet": "Reuters"}),
        Example("The ministry said: “The members of this cell were in constant contact with them.”",
                "The members of this cell were in constant contact with them", {"quote_kind": "direct"}),
        Example("Mary Jones has told The Associated Press in an interview that officials “saw nothing new”.",
                "officials “saw nothing new”", {"outlet": "The Associated Press"}),
        Example("The health ministry recently announced the closure of every school in the region.",
                "the closure of every school in the region", {"speaker": "The health ministry"}),
        Example("Moroccan newspaper Daily Tides reported on Friday that the suspect had fled abroad.",
                "the suspect had fled abroad", {"outlet": "Daily Tides"}),
        Example("The port director told Reuters the cranes would stand idle until March.",
                "the cranes would stand idle until March", {"speaker": "The port director", "outlet": "Reuters"}),
        Example("The harbour police announced on Sunday morning they had found the missing boat.",
                "they had found the missing boat", {"speaker": "The harbour police"}),
        Example("The coach told reporters the team would rest its captain on Sunday.",
                "the team would rest its captain on Sunday", {"speaker": "The coach"}),
        Example("The river rose overnight. Next, the agency said that dozens of homes were flooded.",
                "dozens of homes were flooded", {"speaker": "the agency"}),
        Example("Maria, known as Lucky, recalled that the river rose two metres overnight.",
                "the river rose two metres overnight", {"speaker": "Maria"}),
        Example("The ministry puts the death toll at 56.", "56", {"speaker": "The ministry"}),
        Example("The study found that 40 percent of the wells were dry.", "40 percent of the wells were dry",
                {"speaker": "The study"}),
        Example("A government official, speaking on condition of anonymity, said the strike cost millions.",
                "the strike cost millions", {"speaker": "A government official"}),
        Example("Jane Doe of the University of Essex, speaking to BBC Radio, said the court would rule.",
                "the court would rule", {"speaker": "Jane Doe of the University of Essex", "outlet": "BBC Radio"}),
        Example("In April, Khiam put the number of Moroccan fighters abroad at 1,664.", "1,664",
                {"speaker": "Khiam"}),
        Example("The interior ministry has given a figure of between 1,200 and 1,400.", "between 1,200 and 1,400",
                {"speaker": "The interior ministry"}),
        Example("N'DJAMENA - Chad's army said on Thursday that 23 soldiers were killed.",
                "23 soldiers were killed", {"speaker": "Chad's army"}),
        Example("CAIRO (AFP) - The health ministry said 12 people had died.", "12 people had died",
                {"speaker": "The health ministry"}),
        Example("Mali: UN says attacks on peacekeepers rose sharply", "attacks on peacekeepers rose sharply",
                {"speaker": "UN"}),
        Example("The minister, quoted by the state news agency AMAP, said troops would deploy.",
                "troops would deploy", {"speaker": "The minister", "outlet": "AMAP"}),
        Example("Residents said about a thousand people fled the area.", "about a thousand people fled the area",
                {"speaker": "Residents"}),
        Example("Moroccan news site Le360 reported that the cell had six members.", "the cell had six members",
                {"speaker": "Moroccan news site Le360", "outlet": "Le360"}),
        Example("The minister told France 24 that the border would reopen.", "the border would reopen",
                {"speaker": "The minister", "outlet": "France 24"}),
        Example("The engineers note that the river rose two metres overnight.",
                "the river rose two metres overnight", {"speaker": "The engineers"}),
    ), (
        "The figure is said to be higher than reported.",
        "She told the story of her escape to the children in the village.",
        "It was late. Well, it tells me that they knew what they were doing.",
        "Unrest continued in the capital, where a march was held.",
        "The senator, who campaigned in multiple states, may not be aware of the vote.",
        "Questions about the senator's alleged misconduct continued.",
        "Officials are believed to have fled the city before dawn.",
        "It is thought that the cell was planning attacks.",
        "The campaign theme, as I told you, is equality for everyone.",
        "Did they say anything about the flood?",
        "Police found 20 bodies in the river.",
        "Let say this machine has a productivity factor of four.",
        "You've said that you want to act on climate change.",
        "Citing alleged violations of the code, the agency closed the mine.",
        "The station's news channel, River News, is still on air, as the network claims the order did not cover it.",
    )),
    _attr_rule("attr.postposed", "Content, then speaker and cue: '..., X said.', '“...,” X said'.", (
        Example("Investigators seized documents and will analyse them, Jane Doe said.",
                "Investigators seized documents and will analyse them", {"speaker": "Jane Doe"}),
        Example("“We have lost 12 peacekeepers,” Jane Doe, the head of the mission, told the council.",
                "We have lost 12 peacekeepers", {"speaker": "Jane Doe"}),
        Example("Attacks rose by 40% this year, the head of the mission said on Wednesday, warning of cuts.",
                "Attacks rose by 40% this year", {"speaker": "the head of the mission"}),
        Example("Investigators seized 12 boxes, Jane Doe, the chief inspector, said.", "Investigators seized 12 boxes",
                {"speaker": "Jane Doe"}),
        Example("Two-thirds of voters want change, a survey by the institute found in December.",
                "Two-thirds of voters want change", {"speaker": "a survey by the institute"}),
        Example("“The weapons came through the eastern borders,” the bureau director said.",
                "The weapons came through the eastern borders", {"quote_kind": "direct"}),
        Example("“The camps have been dislodged,” a military official told Reuters, asking not to be named.",
                "The camps have been dislodged", {"speaker": "a military official", "outlet": "Reuters"}),
        Example("“We watched the water rise all night,” Ana Ruiz told National Geographic.",
                "We watched the water rise all night", {"speaker": "Ana Ruiz", "outlet": "National Geographic"}),
    ), (
        "He walked home, tired and said nothing.",
        "For the mayor, the week began on a hairy note.",
        "The report, which was published on Friday, was widely said to be flawed.",
    )),
    _attr_rule("attr.inverted", "Content, cue, then speaker: '“...,” said X.'", (
        Example("“Because of this cooperation, the group is failing to recruit,” said John Brown.",
                "Because of this cooperation, the group is failing to recruit", {"speaker": "John Brown"}),
        Example("The group wants to reach Europe, said a report from the security services, seen by AFP.",
                "The group wants to reach Europe", {"speaker": "a report from the security services",
                                                    "outlet": "AFP"}),
        Example("“The strains differ from those in sewage,” said Dr. Jane Doe. “[...] The likeliest source is food.”",
                "The strains differ from those in sewage", {"speaker": "Dr. Jane Doe"}),
        Example("“The night shift needs more nurses,” wrote Jane Doe on Twitter.",
                "The night shift needs more nurses", {"speaker": "Jane Doe"}),
        Example("“The night shift needs more nurses,” said Jane Doe to Wikinews.",
                "The night shift needs more nurses", {"speaker": "Jane Doe", "outlet": "Wikinews"}),
        Example("“The night shift needs more nurses,” said Jane Doe of the Red Cross, speaking to the BBC.",
                "The night shift needs more nurses", {"speaker": "Jane Doe of the Red Cross", "outlet": "the BBC"}),
    ), (
        "Because warm water is buoyant, says the study, it rises above cold water, creating what the authors "
        "describe as a river.",
        "“I am tired,” he said nothing more about it.",
        "On Monday, Polar Air, the regional carrier, announced the retirement of pilot Ana Ruiz.",
    )),
    _attr_rule("attr.according_to", "'According to X, ...' and '..., according to X.'", (
        Example("According to official information, there are more than 1,600 fighters abroad.",
                "there are more than 1,600 fighters abroad", {"speaker": "official information"}),
        Example("At least 27 people were killed, according to security sources.",
                "At least 27 people were killed", {"speaker": "security sources"}),
        Example("According to the newspaper, the suspect was coordinating with the front.",
                "the suspect was coordinating with the front", {"speaker": "the newspaper",
                                                                 "reference": "definite"}),
        Example("At least 14 people died in the blaze, according to rescue workers.",
                "At least 14 people died in the blaze", {"speaker": "rescue workers"}),
        Example("The assembly was suspended indefinitely according to local media.",
                "The assembly was suspended indefinitely", {"speaker": "local media"}),
    ), (
        "The fighters were arranged according to rank and age in the camp.",
    )),
)
RULES += (
    _attr_rule("attr.colon_quote", "A quote brought in by a colon: the clause's subject said it.", (
        Example("Jane Roe praised the rescuers on Twitter: “They worked through the night without a break.”",
                "They worked through the night without a break", {"speaker": "Jane Roe", "quote_kind": "direct"}),
        Example("Former UN deputy director Jane Roe praised the rescuers: “They worked through the night.”",
                "They worked through the night", {"speaker": "Jane Roe", "role": "Former UN deputy director"}),
        Example("The statement ended with a warning: “Anyone who returns will be arrested on sight.”",
                "Anyone who returns will be arrested on sight", {"speaker": "The statement"}),
    ), (
        "The menu had three parts: “soup of the day and bread”, a main course and dessert.",
    )),
    _attr_rule("attr.participle", "'..., saying (that) ...' or 'called X “...”': the clause's subject said it.", (
        Example("The mayor thanked the volunteers, saying, “We could not have done this alone.”",
                "We could not have done this alone", {"speaker": "The mayor"}),
        Example("The senator criticised the plan, arguing the costs would double within a decade.",
                "the costs would double within a decade", {"speaker": "The senator"}),
    ), (
        "The river kept rising, adding pressure on the old dam across the valley.",
    )),
    _attr_rule("attr.quote_continuation", "A quote with no cue right after an attributed passage continues it.", (
        Example("“We will rebuild,” the mayor said. “Every family will have a home by winter, I promise you.”",
                "Every family will have a home by winter, I promise you", {"speaker": "the mayor"}),
    ), (
        "The banner read “Welcome home to every single one of you” in gold letters.",
    )),
    _attr_rule("attr.transcript_turn", "An answer in an interview transcript '((Name))  ...' lends Name to its "
                                       "figures; interviewer turns ('((WN))', questions) are not answers.", (
        Example("((WN))  How many worked on it?\n\n((Jane Roe))  There were fifteen of us on the crew that year.",
                "There were fifteen of us on the crew that year", {"speaker": "Jane Roe", "statement": False}),
    ), (
        "((WN))  How many people worked on the crew in the first year of the project?",
    )),
)
RULES_BY_ID = {r.id: r for r in RULES}
