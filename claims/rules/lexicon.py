"""Word lists the rules share. Kept here so a list is edited in one place."""
from __future__ import annotations

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|"
          "Nov\\.?|Dec\\.?")
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

MONTH_NUMBER = {name: i for i, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 0) for name in names}
WEEKDAY_NUMBER = {d.lower(): i for i, d in enumerate(WEEKDAYS.split("|"))}

# Words that end a counted noun phrase: function words, auxiliaries and common verbs.
STOPWORDS = frozenset("""
a an the this that these those there here it its it's their his her our your my them
in on at to for with from by as into onto over under after before during since than
through throughout across against among between within without via per about around
toward towards upon off out up down near
and or but nor so yet while when where whereas although though because if unless until
who whom whose which what why how
is are was were be been being am have has had having do does did done will would shall
should could can may might must
said says say told tells added noted reported claimed according
also only just even still already not no nor ever never yet again more most less least
each every all both either neither any some many much several few other another such
last next first second third previous
ago later earlier
remains seems appears continues means makes takes comes goes gets needs stands falls rises
includes including included become became becomes
""".split())

# Verbs whose object is a head count: "killed at least 23" counts people killed.
PEOPLE_VERBS = {
    "killed": "people killed", "killing": "people killed", "kills": "people killed",
    "injured": "people injured", "injuring": "people injured", "wounded": "people wounded",
    "wounding": "people wounded", "arrested": "people arrested", "detained": "people detained",
    "evacuated": "people evacuated", "rescued": "people rescued", "infected": "people infected",
    "displaced": "people displaced", "hospitalised": "people hospitalised",
    "hospitalized": "people hospitalized", "executed": "people executed",
    "kidnapped": "people kidnapped", "abducted": "people abducted", "affected": "people affected",
    "affecting": "people affected", "stranded": "people stranded",
    "employs": "employees", "employed": "employees", "employing": "employees",
}
# Verbs after which a bare number is a figure even with no noun: "received 192".
COUNT_VERBS = frozenset("""
killed kills killing injured injuring wounded wounding arrested detained evacuated rescued
infected displaced hospitalised hospitalized executed kidnapped abducted employs employed affected affecting stranded
received receives won wins lost loses scored scores totalled totaled totals numbered numbers
reached reaches recorded records registered counted
""".split())

# Nouns that make "one" a figure rather than a pronoun or an idiom.
ONE_NOUNS = frozenset("""
person man woman child boy girl baby soldier civilian officer policeman policewoman
death fatality victim casualty suspect militant fighter worker passenger student patient
case vote
""".split())

# "put the figure at 1,350", "has given a figure of 1,200": a figure given as someone's own.
# Attribution reads it as a cue, counted.py as what makes a bare number a figure.
FIGURE_NOUN = r"(?:figure|number|toll|death\s+toll|total|tally|count|estimate|cost|losses)"
FIGURE_GIVEN = (rf"puts?\s+(?:the|its|their|his|her)\s+{FIGURE_NOUN}(?:\s+of\s+[^,.;:“”\"\n]{{1,60}}?)?\s+at"
                rf"|(?:gave|given|gives|give)\s+(?:a|the|its|their|his|her)\s+{FIGURE_NOUN}\s+of")
FIGURE_GIVEN_FIRST_WORDS = frozenset("put puts gave given gives give".split())
# Name particles written joined to a surname that is often written without them:
# "el-Saidi" is the "Saidi" said later. Patronymics (bin, ibn, ben) are part of the name.
NAME_PARTICLE_PREFIXES = ("al-", "el-", "ad-", "ed-", "as-", "ash-", "at-", "az-", "ar-", "an-")

# Head nouns that measure time: "two weeks later" is a relative date, not a figure.
TIME_NOUNS = "seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century"

UNIT_NAMES = {
    "%": "percent", "percent": "percent", "per cent": "percent", "percentage point": "percentage points",
    "percentage points": "percentage points",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "km": "km", "kilometres": "km", "kilometers": "km",
    "kilometre": "km", "kilometer": "km", "mile": "miles", "miles": "miles", "metres": "m", "meters": "m",
    "metre": "m", "meter": "m", "kg": "kg", "kilograms": "kg", "kilogram": "kg", "tonnes": "tonnes",
    "tonne": "tonnes", "tons": "tons", "ton": "tons", "feet": "ft", "ft": "ft", "foot": "ft",
    "inches": "in", "inch": "in", "cm": "cm", "mm": "mm", "degrees": "degrees", "degree": "degrees",
    "hectares": "ha", "hectare": "ha", "acres": "acres", "acre": "acres", "litres": "l", "liters": "l",
    "litre": "l", "liter": "l", "gallons": "gallons", "gallon": "gallons", "barrels": "barrels",
    "barrel": "barrels", "mw": "MW", "gw": "GW", "kwh": "kWh", "megawatts": "MW", "gigawatts": "GW",
    "magnitude": "magnitude", "miles per hour": "mph", "miles an hour": "mph", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "kilometres an hour": "km/h", "kilometers an hour": "km/h", "km/s": "km/s",
    "m/s": "m/s", "centimetres": "cm", "centimeters": "cm", "centimetre": "cm", "centimeter": "cm",
    "millimetres": "mm", "millimeters": "mm", "millimetre": "mm", "millimeter": "mm",
    "square kilometres": "km²", "square kilometers": "km²", "sq km": "km²", "sqkm": "km²",
    "square metres": "m²", "square meters": "m²", "sq m": "m²", "sqm": "m²",
    "square miles": "sq mi", "sq mi": "sq mi", "sqmi": "sq mi", "square feet": "sq ft", "sq ft": "sq ft", "sqft": "sq ft",
}
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "us dollars": "USD",
    "dirhams": "MAD", "dirham": "MAD", "naira": "NGN", "rand": "ZAR", "roubles": "RUB", "rubles": "RUB",
    "lira": "TRY", "cfa francs": "XOF", "riyals": "SAR",
    "a$": "AUD", "c$": "CAD", "£": "GBP", "gbp": "GBP", "pounds sterling": "GBP",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR", "¥": "JPY", "yen": "JPY",
    "yuan": "CNY", "₹": "INR", "rs": "INR", "rs.": "INR", "rupees": "INR", "rupee": "INR",
}

# Capitalised words that may stand before a number without making it a name ("Over 20").
NOT_NAME_WORDS = frozenset("""
about around some over under nearly almost approximately roughly more less fewer at up as
no only just in on by from since until of the a an and or but with for to after before
during than between among all some another each every these those this that then when
while where which who if although though because yesterday today tomorrow last next
""".split())

# Role nouns that mark where a title ends and a name begins ("BCIJ director Abdelhak Khiame").
ROLE_NOUNS = frozenset("""
president vice-president minister secretary spokesman spokeswoman spokesperson director
director-general chairman chairwoman chair head chief leader commander general colonel
captain lieutenant major sergeant officer official governor mayor senator representative
congressman congresswoman ambassador judge justice prosecutor attorney lawyer professor
researcher analyst expert economist scientist doctor dr chancellor premier king queen
prince princess emperor pope bishop archbishop imam rabbi founder ceo cfo coo executive
manager coordinator administrator commissioner inspector superintendent sheriff chief-of-staff
adviser advisor counsellor councillor counselor mp deputy speaker treasurer editor
correspondent reporter columnist author activist campaigner candidate nominee member
player coach captain striker goalkeeper manager master harbourmaster boss owner operator
engineer pilot teacher nurse surgeon physician spokesman doctor attorney-general solicitor
commissioner envoy negotiator diplomat minister-president chairperson president-elect
""".split())

# Words that show a name is an organisation rather than a person.
ORG_WORDS = frozenset("""
ministry department office bureau agency service services police army navy force forces
government council committee commission court parliament congress senate assembly union
party group organisation organization institute centre center university college
hospital company corporation bank fund association federation authority authorities
administration board network front movement coalition alliance team club
airline carrier firm manufacturer maker regulator watchdog operator charity embassy consulate
military coastguard guard brigade regiment battalion unit cabinet presidency palace kremlin
secretariat tribunal prosecutor's prosecution municipality province state county city
school hospital clinic church mosque club league federation foundation trust society
institution observatory laboratory lab agency's ministry's government's company's
""".split())

# Nouns that make a phrase a source that can speak: anonymous sources and documents.
SOURCE_NOUNS = frozenset("""
source sources official officials spokesman spokeswoman spokesperson statement statements
report reports figures data document documents study survey poll analysis estimate
estimates record records information sources witnesses witness residents authorities
police investigators prosecutors experts analysts observers diplomats ministry
media workers volunteers rescuers medics paramedics monitors locals villagers survivors relatives
passengers protesters organisers organizers statistics journalists firefighters soldiers troops militants
rebels staff employees groups
""".split())

OUTLET_TYPE_NOUNS = ("newspaper|daily|weekly|magazine|news\\s+agency|agency|broadcaster|"
                     "channel|television|TV|radio|website|news\\s+site|outlet|tabloid|paper|"
                     "news\\s+portal|portal|wire\\s+service")

# Well-known news organisations, by every name they go by; the first is canonical.
KNOWN_OUTLETS = (
    ("Reuters", "Reuters", "Thomson Reuters"),
    ("Agence France-Presse", "AFP", "Agence France-Presse", "Agence France Presse", "France-Presse"),
    ("The Associated Press", "AP", "Associated Press", "The Associated Press"),
    ("BBC", "BBC", "BBC News", "the BBC"),
    ("CNN", "CNN"),
    ("Al Jazeera", "Al Jazeera", "Al-Jazeera", "Aljazeera"),
    ("Xinhua", "Xinhua", "Xinhua News Agency"),
    ("Bloomberg", "Bloomberg", "Bloomberg News"),
    ("The New York Times", "The New York Times", "New York Times", "NYT"),
    ("The Washington Post", "The Washington Post", "Washington Post"),
    ("The Guardian", "The Guardian", "Guardian"),
    ("The Wall Street Journal", "The Wall Street Journal", "Wall Street Journal", "WSJ"),
    ("Financial Times", "Financial Times", "FT"),
    ("Deutsche Welle", "Deutsche Welle", "DW"),
    ("Le Monde", "Le Monde"),
    ("Anadolu Agency", "Anadolu Agency", "Anadolu"),
    ("Interfax", "Interfax"),
    ("TASS", "TASS", "Tass"),
    ("Kyodo", "Kyodo", "Kyodo News"),
    ("NPR", "NPR"),
    ("ABC News", "ABC News", "ABC"),
    ("CBS News", "CBS News", "CBS"),
    ("NBC News", "NBC News", "NBC"),
    ("Fox News", "Fox News"),
    ("Sky News", "Sky News"),
    ("Politico", "Politico"),
    ("Axios", "Axios"),
    ("Yonhap", "Yonhap", "Yonhap News Agency"),
    ("Press Trust of India", "Press Trust of India", "PTI"),
    ("Wikinews", "Wikinews"),
    ("EFE", "EFE"),
    ("ANSA", "ANSA"),
    ("dpa", "dpa", "DPA", "Deutsche Presse-Agentur"),
    ("RIA Novosti", "RIA Novosti", "RIA"),
    ("The Times", "The Times"),
    ("The Telegraph", "The Telegraph", "Daily Telegraph"),
    ("The Independent", "The Independent"),
    ("USA Today", "USA Today"),
    ("Los Angeles Times", "Los Angeles Times", "LA Times"),
    ("CBC News", "CBC News", "CBC"),
    ("Radio Free Europe/Radio Liberty", "RFE/RL", "Radio Free Europe"),
    ("Voice of America", "Voice of America", "VOA"),
)
OUTLET_ALIASES = {alias.lower(): names[0] for names in KNOWN_OUTLETS for alias in names[1:]}

# Given names that nearly always name a man or a woman, across the languages news names
# people in: what a later "he" or "she" may stand for when nothing else in the text says.
# Names given to both (Jordan, Alex, Jean, Andrea, Sasha, Kim) are left out.
MASCULINE_GIVEN_NAMES = frozenset("""
aaron abdel abdelhak abdul abdullah abraham adam adrian ahmad ahmed alan albert alexander alexei alfred ali
alistair anders andrew andrei andrzej anthony antoine anton antonio arnold arthur barack ben benjamin bernard
bernie bill bob boris brad brandon brian bruce carl carlos charles chris christopher colin craig daniel david
dennis dmitry donald douglas edward emmanuel eric erik ernesto fernando francis francisco frank fred george
gerald gerhard giuseppe gordon greg gregory hamid hans harold harry hassan henry howard hugo hussein ian ibrahim
igor ismail ivan jack jacob jacques james jamal jan javier jeff jeffrey jerome jim joe john jonathan jorge jose
joseph juan julian justin karim karl keith ken kenneth kevin khalid kurt larry lars lee leonid louis luis mahmoud
marco mario mark martin matthew michael miguel mike mikhail mohamed mohammad mohammed muhammad mustafa narendra
nicholas nick nicolas nikolai omar oscar pablo patrick paul pedro pete peter philip pierre rafael rahul rajesh
ralph ramon raul ricardo richard robert roberto roger ronald rudolf ryan said salman sam samuel scott sean sergei
sergey simon stanley stefan stephen steve steven thomas tim timothy todd tom tony victor vladimir walter wayne
william xavier yaroslav yusuf
""".split())
FEMININE_GIVEN_NAMES = frozenset("""
abigail ada agnes aisha alexandra alice alicia alison amanda amelia amy ana angela angelina anita ann anna anne
annette antonia barbara beatrice betty brenda carla carmen carol caroline carrie catherine cecilia charlotte
christina christine claire claudia cynthia daniela deborah denise diana diane donna dorothy elena elisabeth
elizabeth ellen emily emma erin eva fatima fiona florence frances gabriela gina gloria grace hannah heather
helen helena hillary ingrid irene isabel isabella jacqueline jane janet jennifer jessica joan joanna josephine
joyce judith julia julie karen katherine kathleen kathryn kathy katie kelly kimberly kristina laura lauren linda
lisa louise lucy lydia margaret maria marie marina marion martha mary maya megan melanie melissa michelle
monica nadia nancy natalia natalie natasha nicole nina olga patricia paula priya rachel rebecca rita rosa rose
ruth sandra sara sarah sharon sheila sofia sophia sophie stephanie susan svetlana tatiana teresa theresa tina
valentina valerie vanessa veronica victoria virginia wendy yulia yvonne zainab
""".split())

