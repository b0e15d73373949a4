"""Page furniture: the parts of a scraped page that are not the article.

Navigation, platform credits, share buttons, teasers for other articles, bylines,
captions, notices, comment sections and reference sections stay in the stored text
but must produce no claims. find_furniture returns their spans, labelled by kind.

The work is line by line. A furniture line is short and matches a furniture rule
from its first character to its last: a line of article prose is long, ends like a
sentence and matches none. Two kinds of heading start a region instead of marking
one line: a comment header ("3 Comments", "Leave a Reply", "No comments:") runs to
the end of the text or to the next dated post, and a reference heading alone on its
line ("Sources", "External links") runs to the end. A region only starts after some
article prose; before any, such a heading marks its own line only (a comment counter
under a headline must not swallow the article). A teaser heading ("Related posts")
also marks the title-like lines that follow it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from ..models import Span
from . import dates
from .base import Clock, Example, Rule, UNLIMITED, compile_pattern, match, scan

# Longest line a furniture rule may mark, unless the rule says otherwise.
MAX_LINE = 160
# How many title-like lines after a teaser heading are teasers too.
TEASER_BLOCK = 10

H = r"[^\S\n]"
_END = rf"{H}*$"


def _p(pattern: str) -> regex.Pattern:
    return compile_pattern(rf"{H}*(?:{pattern}){_END}")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    label: str
    region: bool = False  # runs from this line to the end (or the next dated post)
    block: bool = False  # the title-like lines that follow are teasers too




def _lines(text: str, clock: Clock) -> list[Line]:
    return [Line(s, e, text[s:e]) for s, e in dates.trimmed_lines(text, clock)]


def is_prose(line: str) -> bool:
    """A line that reads as article prose: long, with several words, ending like a sentence."""
    if len(line) >= 200:
        return True
    ends = line.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?", "…"))
    return len(line) >= 60 and len(line.split()) >= 10 and ends


def _title_like(line: str) -> bool:
    return len(line) <= 150 and len(line.split()) <= 25 and not line.rstrip("\"'”’)]").endswith((".", "!"))


# ---------------------------------------------------------------- builders

_LINE_ONLY: set[Callable[..., Optional[Hit]]] = set()


def _line_only(build: Callable[..., Optional[Hit]]) -> Callable[..., Optional[Hit]]:
    """Marks a builder that reads the line, never the match: _classify asks it before running
    the pattern, which most lines then never need. (A set, not an attribute on the function:
    a compiled function takes none.)"""
    _LINE_ONLY.add(build)
    return build


def _short(label: str, max_len: int = MAX_LINE, region: bool = False, block: bool = False
           ) -> Callable[..., Optional[Hit]]:
    @_line_only
    def build(m, text, rule, lines, i) -> Optional[Hit]:
        if len(lines[i].text) > max_len:
            return None
        return Hit(label, region, block)
    return build


def _build_breadcrumb(m, text, rule, lines, i) -> Optional[Hit]:
    """'Home Section Headline' with no separators: the headline must follow within a few lines."""
    rest = m.group("rest")
    if len(lines[i].text) > 250:
        return None
    for line in lines[i + 1:i + 6]:
        title = line.text
        if len(title) < 12 or not rest.endswith(title) or not _title_like(title):
            continue
        middle = rest[:len(rest) - len(title)].split()
        if len(middle) <= 4 and all(w[:1].isupper() for w in middle):
            return Hit("navigation")
    return None


NAV_WORDS = frozenset("""
home news world politics business economy money sport sports culture opinion opinions
science tech technology health entertainment lifestyle travel video videos photos
podcasts podcast blog blogs about contact archive archives search login subscribe menu
more local national international africa europe asia americas weather markets media
arts books music film style food environment education features analysis
""".split())


def _build_nav_words(m, text, rule, lines, i) -> Optional[Hit]:
    count = 0
    for word in lines[i].text.split():
        word = word.strip("|•·»›/").lower()
        if word:
            if word not in NAV_WORDS:
                return None  # most lines: at the first word
            count += 1
    return Hit("navigation") if count >= 2 else None


def _build_menu(m, text, rule, lines, i) -> Optional[Hit]:
    line = lines[i].text
    if len(line) > MAX_LINE:
        return None
    items = [x.strip() for x in line.replace("•", "|").replace("·", "|").split("|")]
    if len(items) >= 3 and all(0 < len(x.split()) <= 4 and not x.endswith(".") for x in items):
        return Hit("navigation")
    return None


@_line_only
def _build_menu_or_nav(m, text, rule, lines, i) -> Optional[Hit]:
    return _build_menu(m, text, rule, lines, i) or _build_nav_words(m, text, rule, lines, i)


@_line_only
def _build_copyright(m, text, rule, lines, i) -> Optional[Hit]:
    return Hit("credit") if len(lines[i].text) <= MAX_LINE and not is_prose(lines[i].text) else None


def _build_reuse(label: str) -> Callable[..., Optional[Hit]]:
    """A credit line found by a publisher rule of claims.rules.dates."""
    def build(m, text, rule, lines, i) -> Optional[Hit]:
        if len(lines[i].text) > MAX_LINE or m.end() < lines[i].end:
            return None
        return Hit(label)
    return build


# ---------------------------------------------------------------- the rules

_CAP = r"(?-i:[\p{Lu}\d])"
_NAME = rf"{_CAP}[\w.&'’-]*(?:{H}+[\w.&'’-]+){{0,4}}"
_PERSON = (r"(?!(?-i:" + "|".join(["The", "This", "That", "Then", "Now"]) + r")\b)"
           r"(?!(?:" + dates.lx.WEEKDAYS + "|" + dates.lx.MONTHS + r")\b)"
           rf"(?-i:\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*)(?:{H}+(?:(?-i:\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*)|de|van|von|al|bin|la|le|da|del|el)){{0,4}}")
_SOCIAL = (r"Facebook|Twitter|LinkedIn|WhatsApp|Reddit|Pinterest|Telegram|Tumblr|Pocket|Messenger|"
           r"Mastodon|Email|E-mail|Print|Tweet|Share|Flipboard|Mix|SMS|Copy\s+link")

FURNITURE_RULES: tuple[Rule, ...] = (
    Rule(
        id="furniture.sources",
        description="A reference heading alone on its line ('Sources', 'Related news', 'External "
                    "links', 'References', 'See also'): from it to the end of the text is the list "
                    "of references, not the article.",
        kind="sources",
        pattern=_p(r"(?:Sources?|Related\s+news|External\s+links?|References|See\s+also|Further\s+reading|"
                   r"Notes\s+and\s+references|Bibliography)\s*:?"),
        build=_short("sources", region=True),
        priority=10,
        examples=(
            Example("The council approved the plan by 40 votes to 12 on Monday after a long debate.\n\n"
                    "Sources\n\n  Some Paper. \"Council backs plan\" — Daily Item, March 3, 2020",
                    "Sources\n\n  Some Paper. \"Council backs plan\" — Daily Item, March 3, 2020",
                    {"label": "sources"}),
            Example("The council approved the plan by 40 votes to 12 on Monday after a long debate.\n"
                    "External links\nCouncil website", "External links\nCouncil website", {"label": "sources"}),
        ),
        negatives=(
            "Sources said at least 12 people had been detained in the raids on Monday night.",
            "Related news reports said 12 people were hurt.",
            "See also the chart below, which shows 40 years of data.",
        ),
    ),
    Rule(
        id="furniture.comments",
        description="A comment header ('1 thought on “…”', '3 Comments', 'Leave a Reply', 'No "
                    "comments:', 'Post a Comment'): the comments and the comment form after it are "
                    "not the article; the region runs to the end or to the next dated post.",
        kind="comments",
        pattern=_p(
            r"(?:\d+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s+(?:thoughts?|comments?|responses?|replies|reply)"
            r"(?:\s+(?:on|to)\s+[^\n]{1,250})?\s*[:.]?"
            r"|No\s+(?:thoughts|comments|responses|replies)(?:\s+(?:yet|so\s+far))?\s*[:.!]?"
            r"|Leave\s+a\s+(?:Reply|comment|response)(?:\s+to\s+[^\n]{1,120})?\s*[:.]?"
            r"|(?:Post|Add|Write|Submit)\s+(?:a|your)\s+comment\s*:?"
            r"|Comments?(?:\s*\(\d+\))?\s*:?|Comments\s+are\s+closed\.?"
            r"|Join\s+the\s+(?:discussion|conversation)|Readers?['’]?\s+comments|Discussion|Responses"
            r"|(?:Show|View|Load)\s+(?:all\s+)?comments"),
        build=_short("comments", max_len=300, region=True),
        priority=9,
        examples=(
            Example("Police said 40 people were arrested in the raids across the country on Monday.\n"
                    "No comments:", "No comments:", {"label": "comments"}),
            Example("Police said 40 people were arrested in the raids across the country on Monday.\n\n"
                    "1 thought on “Raids in the north”\n\n  1. Great post, thanks. 40 is a lot.\n\n"
                    "Leave a Reply",
                    "1 thought on “Raids in the north”\n\n  1. Great post, thanks. 40 is a lot.\n\nLeave a Reply",
                    {"label": "comments"}),
            Example("Police said 40 people were arrested in the raids across the country on Monday.\n"
                    "3 Comments\nJo: I was there, 300 people came.",
                    "3 Comments\nJo: I was there, 300 people came.", {"label": "comments"}),
            Example("Police said 40 people were arrested in the raids across the country on Monday.\n"
                    "Post a Comment\nNewer Post", "Post a Comment\nNewer Post", {"label": "comments"}),
            Example("3 Comments\nPolice said 40 people were arrested in the raids across the country on Monday.",
                    "3 Comments", {"label": "comments"}),
        ),
        negatives=(
            "The minister declined to comment on the report, which cited 40 cases.",
            "No comment, said the spokesman.",
            "Comments made by the minister on Friday drew 3,000 complaints.",
            "Leave a comment about the plan was the advice given to 200 residents.",
        ),
    ),
    Rule(
        id="furniture.comment_form",
        description="The lines of a comment form: 'Fill in your details below or click an icon to "
                    "log in:', 'You are commenting using your WordPress.com account.', 'Log Out / "
                    "Change', 'Connecting to %s', 'Notify me of new posts via email.'",
        kind="comments",
        pattern=_p(
            r"Fill\s+in\s+your\s+details\s+below\s+or\s+click\s+an\s+icon\s+to\s+log\s+in\s*:?"
            r"|You\s+are\s+commenting\s+using\s+your\s+[^\n]{1,40}?\s+account\.?(?:\s*\(?\s*Log\s+Out\s*/\s*Change\s*\)?)?"
            r"|\(?\s*Log\s+Out\s*/\s*Change\s*\)?|Connecting\s+to\s+%s"
            r"|Notify\s+me\s+of\s+(?:new|follow-up)\s+(?:posts|comments|replies)[^\n]{0,40}"
            r"|(?:WordPress\.com|Twitter|Facebook|Google)\s+(?:Logo|picture|photo)"
            r"|Your\s+email\s+address\s+will\s+not\s+be\s+published\.?[^\n]{0,80}"
            r"|Required\s+fields\s+are\s+marked\s*\*?"
            r"|Save\s+my\s+name,\s+email,\s+and\s+website\s+in\s+this\s+browser[^\n]{0,60}"
            r"|This\s+site\s+uses\s+Akismet\s+to\s+reduce\s+spam\.[^\n]{0,80}"
            r"|(?:Post|Submit)\s+Comment|Cancel\s+reply|Reply|Report\s+(?:this\s+)?comment"
            r"|(?:Name|Email|E-mail|Website|Comment)\s*(?:\((?:required|optional)\))?\s*\*?\s*:?"
            r"|Post\s+was\s+not\s+sent\s*-\s*check\s+your\s+email\s+addresses!"
            r"|Email\s+check\s+failed,\s+please\s+try\s+again"
            r"|Sorry,\s+your\s+blog\s+cannot\s+share\s+posts\s+by\s+email\."
            r"|You\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?"
            r"|Subscribe\s+to:\s+Post\s+Comments\s*\(Atom\)"),
        build=_short("comments"),
        priority=8,
        examples=(
            Example("Fill in your details below or click an icon to log in:",
                    "Fill in your details below or click an icon to log in:", {"label": "comments"}),
            Example("You are commenting using your WordPress.com account. Log Out /  Change )",
                    "You are commenting using your WordPress.com account. Log Out /  Change )",
                    {"label": "comments"}),
            Example("Connecting to %s", "Connecting to %s", {"label": "comments"}),
            Example("Notify me of new posts via email.", "Notify me of new posts via email.",
                    {"label": "comments"}),
            Example("Twitter picture", "Twitter picture", {"label": "comments"}),
        ),
        negatives=(
            "You are commenting on a story about 40 arrests, the editor wrote in a note to readers.",
            "Reply letters reached 3,000 within a week.",
            "Email records show 300 messages were deleted.",
        ),
    ),
    Rule(
        id="furniture.teaser",
        description="Pointers to other articles: 'Previous article…', 'Next article…' (the title "
                    "may be glued on), 'Read more', 'Continue reading →', 'Related: <title>'.",
        kind="teaser",
        pattern=_p(
            r"(?:«|‹|←|<)?\s*(?:Previous|Next|Older|Newer|Prev)\s+(?:article|post|story|entry|page)s?"
            r"(?:\s*(?:[:»«›‹→←|–—]|-)\s*[^\n]*|(?-i:\p{Lu})[^\n]*|\s*(?:»|›|→|>)?)"
            r"|Read\s+more(?:\s*(?:[:»›→…]|\.\.\.)\s*[^\n]{0,150})?|Read\s+(?:the\s+)?(?:full\s+)?(?:article|story)"
            r"|Continue\s+reading(?:\s*(?:»|›|→|\.\.\.|…)|\s*:\s*[^\n]{1,120}|\s+[\"“][^\n]{1,120})?"
            r"|(?:Related|Also\s+read|Read\s+also|See\s+more|More)\s*:\s*[^\n]{1,150}"),
        build=_short("teaser", max_len=260),
        priority=7,
        examples=(
            Example("Previous articleCourt acquits former detainee", "Previous articleCourt acquits former detainee",
                    {"label": "teaser"}),
            Example("Next article: Exports rise 4% in March", "Next article: Exports rise 4% in March",
                    {"label": "teaser"}),
            Example("Read more »", "Read more »", {"label": "teaser"}),
            Example("Related: Police arrest 10 in raids", "Related: Police arrest 10 in raids", {"label": "teaser"}),
        ),
        negatives=(
            "Next year, the government plans to spend $2 billion on roads and bridges.",
            "Previous articles have shown that 40% of voters stayed home.",
            "The previous government had powered the grid with coal for 30 years.",
            "Read more about the plan on the council's website, where 12 documents are posted.",
        ),
    ),
    Rule(
        id="furniture.teaser_heading",
        description="A heading over teasers: 'Related posts', 'You may also like', 'More from X', "
                    "'Most read', 'Recent posts'. The title-like lines after it are teasers too.",
        kind="teaser",
        pattern=_p(
            r"(?:Related(?:\s+(?:posts?|articles?|stories|story|content|coverage|links|reading|videos?))?"
            r"|You\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)"
            rf"|More\s+from\s+{_NAME}|More\s+(?:stories|articles|news|on\s+this\s+(?:story|topic))"
            r"(?:\s+(?:from|on|about)\s+[^\n]{1,40})?"
            r"|Recommended(?:\s+(?:for\s+you|stories|articles|reading))?"
            r"|Most\s+(?:popular|read|viewed|shared|commented)(?:\s+(?:posts|stories|articles|now|this\s+week))?"
            r"|Popular\s+(?:posts|stories|articles|now)|Trending(?:\s+now)?"
            r"|Recent\s+(?:posts|articles|stories|news)|Latest\s+(?:news|posts|articles|stories)"
            r"|Don['’]t\s+miss|Editor['’]s\s+picks?|Top\s+stories|In\s+case\s+you\s+missed\s+it)\s*:?"),
        build=_short("teaser", block=True),
        priority=6,
        examples=(
            Example("Related posts\nMorocco arrests 10 suspects\nSpain and Morocco sign deal",
                    "Related posts\nMorocco arrests 10 suspects\nSpain and Morocco sign deal", {"label": "teaser"}),
            Example("You may also like:", "You may also like:", {"label": "teaser"}),
            Example("Most read\nCouncil rejects plan\nThe vote passed by 40 votes to 12, officials said on Monday.",
                    "Most read\nCouncil rejects plan", {"label": "teaser"}),
        ),
        negatives=(
            "Related reports said 12 people had been injured in the blast on Friday night.",
            "More from the minister is expected after 3 pm on Friday, aides said.",
            "Trending topics on the site included 40 posts about the storm.",
        ),
    ),
    Rule(
        id="furniture.publisher_credit",
        description="The credit line of claims.rules.dates 'publisher.credit': 'The Rest @ X', "
                    "'Source: X', 'This article first appeared in X'.",
        kind="credit",
        pattern=dates.RULES_BY_ID["publisher.credit"].pattern,
        build=_build_reuse("credit"),
        priority=5,
        examples=(
            Example("The Rest @ Gulf Herald", "The Rest @ Gulf Herald", {"label": "credit"}),
            Example("Source: Reuters", "Source: Reuters", {"label": "credit"}),
        ),
        negatives=(
            "A security official told Reuters the group had 40 members.",
            "Sources said the deal was close to $3 billion.",
        ),
    ),
    Rule(
        id="furniture.copyright",
        description="A copyright line: '© 2019 X. All rights reserved.'",
        kind="credit",
        pattern=_p(r"(?:Copyright|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?"
                   r"(?:(?-i:[\p{Lu}\d@])[^\n]{0,100})?|All\s+rights\s+reserved\.?"),
        build=_build_copyright,
        priority=5,
        examples=(
            Example("© 2019 Coastal Courier. All rights reserved.", "© 2019 Coastal Courier. All rights reserved.",
                    {"label": "credit"}),
            Example("All rights reserved.", "All rights reserved.", {"label": "credit"}),
        ),
        negatives=(
            "Copyright law was reformed in 2019, when parliament voted 320 to 200 for the change.",
            "The copyright belongs to the author.",
        ),
    ),
    Rule(
        id="furniture.platform_credit",
        description="Blog platform and theme credits: 'Powered by Blogger', 'Powered By', 'Skin "
                    "Design:', 'Free Blogger Skins', 'Theme by X', 'Blog at WordPress.com.'",
        kind="credit",
        pattern=_p(
            rf"(?:Proudly\s+)?Powered\s+by(?:\s+{_NAME})?\.?"
            rf"|(?:Skin|Site|Web|Template|Blog)\s+Design(?:ed)?(?:\s+by)?\s*:?(?:\s*{_NAME})?\.?"
            rf"|Design(?:ed)?\s+by\s*:?\s*{_NAME}\.?"
            rf"|(?:Free\s+)?Blogger\s+(?:Skins|Templates|Themes)(?:\s+by\s+{_NAME})?"
            rf"|(?:WordPress\s+)?Theme(?:\s*:\s*{_NAME}?)?(?:\s+by\s+{_NAME})\.?|Theme\s*:\s*{_NAME}\.?"
            rf"|Template\s+by\s+{_NAME}\.?|Blog\s+at\s+WordPress\.com\.?"
            rf"|Create\s+a\s+free\s+website\s+or\s+blog\s+at\s+WordPress\.com\.?"),
        build=_short("credit"),
        priority=5,
        examples=(
            Example("Powered by Blogger", "Powered by Blogger", {"label": "credit"}),
            Example("Powered By", "Powered By", {"label": "credit"}),
            Example("Skin Design:", "Skin Design:", {"label": "credit"}),
            Example("Free Blogger Skins", "Free Blogger Skins", {"label": "credit"}),
            Example("Theme by Anders Noren.", "Theme by Anders Noren.", {"label": "credit"}),
            Example("Blog at WordPress.com.", "Blog at WordPress.com.", {"label": "credit"}),
        ),
        negatives=(
            "Powered by solar panels, the plant will supply 40,000 homes from next year.",
            "Powered by the sun",
            "The theme by the organisers drew 3,000 visitors to the hall on Friday.",
        ),
    ),
    Rule(
        id="furniture.share",
        description="Share and print buttons: 'Share this:', 'Tweet', 'Share on Facebook', 'Print "
                    "Friendly and PDF', 'Email this', 'Like this:', a row of network names.",
        kind="share",
        pattern=_p(
            r"Share(?:\s+(?:this|the|on|to|via|with)(?:\s+[\w.]+){0,2})?\s*:?"
            r"|Click\s+to\s+(?:share|email|print)[^\n]{0,80}"
            r"|Print(?:\s+Friendly(?:\s+and\s+PDF)?|\s+(?:this\s+)?(?:article|page|story|post))?"
            r"|E-?mail(?:\s+this(?:\s+(?:article|story|post|page))?|\s+to\s+a\s+friend)?"
            r"|Like\s+this\s*:?|Like\s+Loading\s*(?:\.\.\.|…)?|Loading\s*(?:\.\.\.|…)"
            r"|Pin\s+it|BlogThis!|Email\s*ThisBlogThis![^\n]{0,120}"
            rf"|(?:{_SOCIAL})(?:\s*[|•·,]?\s*(?:{_SOCIAL}))*(?:\s*\(Opens\s+in\s+new\s+window\))?"),
        build=_short("share"),
        priority=4,
        examples=(
            Example("Share this:", "Share this:", {"label": "share"}),
            Example("Tweet", "Tweet", {"label": "share"}),
            Example("Share on Facebook", "Share on Facebook", {"label": "share"}),
            Example("Print Friendly and PDF", "Print Friendly and PDF", {"label": "share"}),
            Example("Email this", "Email this", {"label": "share"}),
            Example("Facebook Twitter WhatsApp Email", "Facebook Twitter WhatsApp Email", {"label": "share"}),
        ),
        negatives=(
            "Shares in the company fell 5% on Monday after the results were published.",
            "Share prices rose 3%.",
            "Print newspapers lost 8% of their readers last year, the survey found.",
            "Tweets by the president drew 10,000 replies.",
            "Facebook said it had removed 3 million posts.",
        ),
    ),
    Rule(
        id="furniture.navigation",
        description="Navigation: 'Home', 'Skip to content', 'RSS Feed (xml)', 'Menu', 'Search', "
                    "'Labels: …', 'Posted in …', 'Older Posts', breadcrumbs with separators "
                    "('Home » World » Title').",
        kind="navigation",
        pattern=_p(
            r"Home|Main\s+menu|Menu|Navigation|Toggle\s+navigation|Main\s+page"
            r"|Skip\s+to\s+(?:the\s+)?(?:main\s+|primary\s+)?(?:content|navigation|menu)"
            r"|Search(?:\s+(?:for|this\s+(?:site|blog)))?\s*(?::|…|\.\.\.)?"
            r"|RSS(?:\s+Feeds?)?(?:\s*\((?:xml|rss|atom)\))?|Subscribe(?:\s+to\s+(?:our\s+)?(?:newsletter|posts|feed))?"
            r"|Subscribe\s+to:\s+Posts\s*\(Atom\)"
            r"|Log\s*in|Log\s*out|Sign\s+in|Sign\s+up|Register|Newsletter|Contact(?:\s+us)?|About(?:\s+us)?"
            r"|Privacy(?:\s+policy)?|Terms(?:\s+(?:of\s+(?:use|service)|and\s+conditions))?|Cookie\s+policy"
            r"|Categories|Archives?|Blog\s+Archive|Tags|Labels"
            r"|(?:Labels|Tags|Categories|Topics)\s*:\s*[^\n]{1,120}"
            r"|(?:Filed\s+under|Posted\s+in)\s*:?\s+[^\n]{0,119}[^\n.!?]"
            r"|Newer\s+Posts?|Older\s+Posts?|Newer\s+Post\s+Older\s+Post(?:\s+Home)?|Back\s+to\s+top"
            r"|Home\s*(?:[»>›/|→]\s*[^\n»>›/|→]{1,80}){1,6}"),
        build=_short("navigation", max_len=250),
        priority=3,
        examples=(
            Example("Home", "Home", {"label": "navigation"}),
            Example("Skip to content", "Skip to content", {"label": "navigation"}),
            Example("RSS Feed (xml)", "RSS Feed (xml)", {"label": "navigation"}),
            Example("Home » World » Talks resume", "Home » World » Talks resume", {"label": "navigation"}),
            Example("Labels: Morocco, security", "Labels: Morocco, security", {"label": "navigation"}),
        ),
        negatives=(
            "Home prices rose 3.2 percent in March, the agency said.",
            "Home Secretary Jane Doe said 20 officers were injured.",
            "Search teams found 12 survivors on Tuesday.",
            "Contact with the crew was lost at 10:45, officials said.",
        ),
    ),
    Rule(
        id="furniture.breadcrumb",
        description="A breadcrumb without separators: 'Home Section Headline', where the headline "
                    "itself follows within a few lines.",
        kind="navigation",
        pattern=_p(r"Home\s+(?P<rest>(?-i:\p{Lu})[^\n]{2,250})"),
        build=_build_breadcrumb,
        priority=3,
        examples=(
            Example("Home Morocco Cell Leader Had Ties to Front\n\nCell Leader Had Ties to Front\n",
                    "Home Morocco Cell Leader Had Ties to Front", {"label": "navigation"}),
        ),
        negatives=(
            "Home Office Announces New Rules\n\nThe rules take effect on Monday.",
            "Home Secretary Jane Doe said 20 officers were injured.\nSecretary Jane Doe said 20 officers were injured.",
        ),
    ),
    Rule(
        id="furniture.menu",
        description="A menu: short items separated by '|', '•' or '·' ('Home | World | Sport'), or a "
                    "line made only of section names ('News Sport Business Culture').",
        kind="navigation",
        pattern=_p(r"[^\n]{1,200}"),
        build=_build_menu_or_nav,
        priority=2,
        examples=(
            Example("Home | World | Sport | Contact", "Home | World | Sport | Contact", {"label": "navigation"}),
            Example("News Sport Business Culture", "News Sport Business Culture", {"label": "navigation"}),
        ),
        negatives=(
            "The vote was 40 | 12, a reader wrote.",
            "Business news lifted markets 3% on Friday.",
            "World leaders met in Paris.",
        ),
    ),
    Rule(
        id="furniture.byline",
        description="A byline alone on its line: 'By Jane Roe', 'By Jane Roe, Staff Writer', "
                    "'Posted by Jane Roe at 10:15 AM', 'Author: Jane Roe'.",
        kind="byline",
        pattern=_p(
            rf"(?:By|Written\s+by|Posted\s+by|Author\s*:|Reporting\s+by)\s+{_PERSON}"
            rf"(?:\s*(?:,|\||–|—|-)\s*(?-i:\p{{Lu}})[^\n.!?]{{0,50}})?"
            rf"(?:\s+(?:at|on)\s+[^\n]{{1,40}})?"),
        build=_short("byline", max_len=120),
        priority=1,
        examples=(
            Example("By Jane Roe", "By Jane Roe", {"label": "byline"}),
            Example("By Jane Roe, Staff Writer", "By Jane Roe, Staff Writer", {"label": "byline"}),
            Example("Posted by Sam Poe at 10:15 AM", "Posted by Sam Poe at 10:15 AM", {"label": "byline"}),
        ),
        negatives=(
            "By Friday, police had arrested 10 suspects.",
            "By the end of September, 71 people had been arrested.",
            "By March, Prices Had Doubled",
        ),
    ),
    Rule(
        id="furniture.caption",
        description="A photo caption ending in its credit: '… Image: Jane Roe.', '… (Image: AFP)', "
                    "'… Photo: Reuters'.",
        kind="caption",
        pattern=_p(r"[^\n]{0,180}?(?:(?<=[\s(.])|(?<=\p{Ll}))(?-i:Image|Photo|Photograph|Picture|Credit|Photo\s+credit)s?"
                   r"\s*:\s*[^\n:]{1,80}?\)?\.?"),
        build=_short("caption", max_len=200),
        priority=0,
        examples=(
            Example("A stall at the fair. Image: Jane Roe.", "A stall at the fair. Image: Jane Roe.",
                    {"label": "caption"}),
            Example("The mayor in 2016  (Image: City Hall)", "The mayor in 2016  (Image: City Hall)",
                    {"label": "caption"}),
        ),
        negatives=(
            "The image: a city in ruins, with 40 buildings destroyed, the report said.",
            "Photo identification will be required for 3 million voters, officials said on Friday.",
        ),
    ),
    Rule(
        id="furniture.notice",
        description="Editorial notices and ads: 'Advertisement', 'This article is more than 5 years "
                    "old', 'This article requires review…', 'Last updated: …', 'Updated: …'.",
        kind="notice",
        pattern=_p(
            r"Advertisement|Sponsored(?:\s+content)?|Story\s+continues\s+below(?:\s+advertisement)?"
            r"|-?\s*(?:Article\s+)?last\s+(?:amended|updated|modified)\s*:\s*[^\n]{0,150}"
            r"|Updated(?:\s+on)?\s*:\s*[^\n]{1,60}"
            r"|This\s+(?:article|story|page)\s+(?:requires|is\s+more\s+than|is\s+over|has\s+been\s+archived|"
            r"is\s+a\s+stub|needs)\b[^\n]{0,150}"
            r"|Please\s+check\s+the\s+talk\s+page[^\n]{0,80}"),
        build=_short("notice"),
        priority=0,
        examples=(
            Example("Advertisement", "Advertisement", {"label": "notice"}),
            Example("This article is more than 5 years old", "This article is more than 5 years old",
                    {"label": "notice"}),
            Example("Last updated: 10:15 GMT", "Last updated: 10:15 GMT", {"label": "notice"}),
        ),
        negatives=(
            "Updated figures show a 40% rise in cases.",
            "This article of the constitution requires 60 votes to change.",
        ),
    ),
)

RULES_BY_ID = {rule.id: rule for rule in FURNITURE_RULES}
_ORDERED = tuple(sorted(FURNITURE_RULES, key=lambda r: -r.priority))
# The longest line any furniture rule's builder accepts (comment headers, up to 300).
_LONGEST_FURNITURE = 300


_CHAIN = dates.LineRules(_ORDERED)
# What every match of a rule holds, checked before the pattern runs. The caption rule looks
# behind its start, so LineRules tries it on every line; few lines hold its colon.
_HOLDS = {"furniture.caption": ":"}


def _classify(text: str, lines: list[Line], i: int, clock: Clock,
              chain: dates.LineRules = _CHAIN) -> Optional[Hit]:
    line = lines[i]
    if line.end - line.start > _LONGEST_FURNITURE:
        return None  # no rule accepts a line this long: prose, not furniture
    for rule in chain.candidates(text, line.start, line.end):
        holds = _HOLDS.get(rule.id)
        if holds is not None and text.find(holds, line.start, line.end) < 0:
            continue
        build = rule.build
        if build is None:
            continue
        if build in _LINE_ONLY:
            hit = build(None, text, rule, lines, i)
            if hit is not None and match(rule.pattern, text, clock, line.start, line.end) is not None:
                return hit
            continue
        m = match(rule.pattern, text, clock, line.start, line.end)
        if m is not None:
            hit = build(m, text, rule, lines, i)
            if hit is not None:
                return hit
    return None


def _dated_post(text: str, line: Line, clock: Clock) -> bool:
    """A line that is only a date with its weekday: the header of the next post on a blog page."""
    if not dates.may_hold_year(text, line.start, line.end):
        return False
    for rule, m in dates.DATE_LINE_CHAIN.matches(text, clock, line.start, line.end):
        if m.group("wd") and m.start("date") == line.start and m.end("date") == line.end \
                and rule.build(m, text, rule, clock) is not None:
            return True
    return False


def _find(text: str, clock: Clock, rules: tuple[Rule, ...]) -> list[Span]:
    chain = _CHAIN if rules is _ORDERED else dates.LineRules(rules)
    lines = _lines(text, clock)
    spans: list[Span] = []
    seen_prose = False
    i = 0
    while i < len(lines):
        line = lines[i]
        hit = _classify(text, lines, i, clock, chain)
        if hit is None:
            seen_prose = seen_prose or is_prose(line.text)
            i += 1
            continue
        if hit.region and seen_prose:
            last = i
            j = i + 1
            while j < len(lines):
                if hit.label == "comments" and _dated_post(text, lines[j], clock):
                    break
                last = j
                j += 1
            spans.append(Span(start=line.start, end=lines[last].end, label=hit.label))
            i = j
            continue
        spans.append(Span(start=line.start, end=line.end, label=hit.label))
        i += 1
        if hit.block:
            taken = 0
            while i < len(lines) and taken < TEASER_BLOCK and _title_like(lines[i].text) \
                    and _classify(text, lines, i, clock, chain) is None and not _dated_post(text, lines[i], clock):
                spans.append(Span(start=lines[i].start, end=lines[i].end, label=hit.label))
                i += 1
                taken += 1
    return spans


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Neighbouring spans of one kind with only white space between them become one."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].label == span.label and not text[out[-1].end:span.start].strip():
            out[-1] = Span(start=out[-1].start, end=span.end, label=span.label)
        else:
            out.append(span)
    return out


def find_furniture(text: str, clock: Clock = UNLIMITED) -> list[Span]:
    """Spans of page furniture in text, in order, labelled by kind; neighbouring lines of
    one kind are one span."""
    return _merge(text, _find(text, clock, _ORDERED))


def apply_rule(rule: Rule, text: str, clock: Clock = UNLIMITED) -> list[Span]:
    """What one rule alone marks in text."""
    return _merge(text, _find(text, clock, (rule,)))


__all__ = ["FURNITURE_RULES", "RULES_BY_ID", "Hit", "apply_rule", "find_furniture", "is_prose"]
