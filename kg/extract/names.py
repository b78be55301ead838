"""Names in a sentence: capitalised runs of tokens, what their last word says they name, and lists.

The vocabulary of names (legal endings, kinds of organisation and place, words that are never names
on their own) and the patterns that read names from the words around them; ``EntityFinder`` (in
``entities``) uses them to find and register a document's entities.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.bylines import NEWS_CONTEXTS
from kg.extract.gazetteer import places_named
from kg.extract.people import TITLE_WORDS, TITLES
from kg.extract.text import Sentence

# The last word of a name says what it names.
ORGANISATION_SUFFIXES = {
    "kgo:Company": {"co.", "co", "ltd.", "ltd", "limited", "inc.", "inc", "corp.", "corp", "corporation", "company", "group",
                    "holdings", "plc", "gmbh", "ag", "a/s", "asa", "ab", "oyj", "nv", "n.v.", "bv", "s.a.", "sa", "spa",
                    "s.p.a.", "se", "llc", "lp", "pty", "pte", "bhd", "kk"},
    "kgo:IndustryAssociation": {"association", "council", "federation", "alliance", "chamber", "society"},
    "kgo:GovernmentAgency": {"department", "bureau", "ministry", "commission", "government", "administration",
                             "office", "committee", "agency", "authority", "board", "cabinet", "regulator", "treasury",
                             "parliament"},
    "kgo:ResearchInstitution": {"university", "institute", "academy", "laboratory", "college", "universities",
                                "institutes", "academies", "laboratories"},
    "kgo:ResearchPlatform": {"center", "centre", "workstation", "platform"},
    "kgo:NewsOrganization": {"news", "daily", "times", "post", "herald", "xinhua", "agency"},
    "kgo:Conference": {"conference", "forum", "expo", "exhibition", "summit", "congress", "fair", "convention",
                       "symposium", "festival", "week"},
    "kgo:Report": {"report", "bulletin", "yearbook", "paper", "survey", "census"},
    "kgo:Policy": {"plan", "policy", "policies", "strategy", "initiative", "regulations", "measures", "guidelines",
                   "opinions", "outline", "law", "act", "scheme"},
    "kgo:Project": {"project"},
    "kgo:Programme": {"program", "programme"},
    "kgo:HonoraryTitle": {"capital", "hometown", "valley", "hub"},
}
PLACE_SUFFIXES = {
    "province": "kgo:Province", "city": "kgo:City", "district": "kgo:District", "county": "kgo:District",
    "zone": "kgo:District", "park": "kgo:District", "area": "kgo:District", "prefecture": "kgo:City",
    # Land and water a region is named after: "the Tarn Sea", "the Kell River Delta", "the Ardan Basin".
    "sea": "kgo:Region", "ocean": "kgo:Region", "gulf": "kgo:Region", "delta": "kgo:Region", "basin": "kgo:Region",
    "peninsula": "kgo:Region", "desert": "kgo:Region", "strait": "kgo:Region", "islands": "kgo:Region",
}
# Words that stay part of a name between capitalised words.
# Particles of names in other languages stay too ("Casa dos Pinhos", "Banco de la Sierra", "Huis van Acme").
CONNECTORS = {"of", "and", "for", "&", "de", "on", "dos", "das", "do", "da", "del", "della", "di", "du", "des", "van",
              "von", "der", "den", "la"}
# Words that end a company's name: after them, "and" starts another name.
LEGAL_ENDINGS = {"ltd", "limited", "inc", "corp", "co", "plc", "gmbh", "ag", "llc", "a/s", "asa", "oyj", "nv", "n.v", "s.a",
                 "spa", "s.p.a", "pty", "pte", "bhd"}
# Lower-case words that end a name as its kind: "the Electric X action plan", "the X press conference".
TRAILING_KINDS = {
    ("press", "conference"): "kgo:PressConference", ("action", "plan"): "kgo:Policy", ("plan",): "kgo:Policy",
    ("project",): "kgo:Project", ("programme",): "kgo:Programme", ("program",): "kgo:Programme",
    ("initiative",): "kgo:Policy", ("strategy",): "kgo:Policy", ("government", "work", "report"): "kgo:Report",
    ("conference",): "kgo:Conference", ("forum",): "kgo:Conference", ("summit",): "kgo:Conference",
    ("expo",): "kgo:Conference", ("government",): "kgo:GovernmentAgency", ("federal", "government"):
    "kgo:GovernmentAgency", ("state", "government"): "kgo:GovernmentAgency", ("administration",): "kgo:GovernmentAgency",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Capitalised words that are not names on their own.
NOT_NAMES = MONTHS | WEEKDAYS | {
    "i", "mr", "ms", "mrs", "dr", "prof", "he", "she", "we", "they", "it", "this", "that", "these", "those",
    "however", "meanwhile", "moreover", "therefore", "secondly", "firstly", "thirdly", "finally", "also",
    "according", "source", "photo", "editor", "reporter", "yuan", "rmb", "gwh", "ev", "evs", "nev", "nevs", "gdp",
    "r&d", "ceo", "cpc", "covid", "q1", "q2", "q3", "q4", "h1", "h2", "english", "chinese", "america", "north",
    "south", "east", "west", "central", "new", "national", "world", "global",
}
NAME = r"(?P<name>[A-Z][\w&\-]*(?: [A-Z][\w&\-]*){0,3})"
# Phrases that say what the name beside them is.
CONTEXT_PATTERNS = [
    (re.compile(r"\b(?:city of|single city|a city,|the city,) " + NAME), "kgo:City", 0.75),
    (re.compile(NAME + r", (?:a|the) (?:prefecture-level |county-level |coastal |southwestern |eastern |western "
                r"|northern |southern |central )*city\b"), "kgo:City", 0.75),
    (re.compile(NAME + r", (?=[A-Z]\w+ Province\b)"), "kgo:City", 0.75),
    (re.compile(r"\bin " + r"(?P<name>[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?)(?=[,.;|]|\s*$| and | with | to | for | since | in \d"
                r"| on | at | from | by | last | this | over | during | under | as )"), "kgo:City", 0.55),
    (re.compile(NAME + r", (?:the|a) (?:provincial )?capital of\b"), "kgo:City", 0.75),
    # "the Tarvos region", "the Tarvos region of Riverton": a region named by its own word in lower case
    (re.compile(r"\bthe (?P<name>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?) region\b"), "kgo:Region", 0.65),
    (re.compile(NAME + r" (?:is|was|has become|became) (?:a|an|the) (?:[\w\-]+ ){0,3}?city\b"), "kgo:City", 0.7),
    (re.compile(r"\b(?:[Mm]ayor|[Vv]ice [Mm]ayor|[Dd]eputy [Mm]ayor|[Pp]arty [Ss]ecretary) of " + NAME + r"(?=[,.;]|$| said)"),
     "kgo:City", 0.65),
    (re.compile(r"(?P<name>[A-Z][\w\-]*(?: [A-Z][\w\-]*)?['’]s (?:(?:19|20)\d\d )?(?:[a-z\-]+ ){0,3}(?:work report|"
                r"report|bulletin|yearbook|white paper))\b"), "kgo:Report", 0.7),
    *((pattern, "kgo:NewsOrganization", 0.7) for pattern in NEWS_CONTEXTS),
    (re.compile(r"(?:^|\s)\(?(?:Source|Sources|Via)\s*:\s*(?P<name>[A-Z][^,()]{2,60}?)(?=[,)]|$)"), "kgo:NewsOrganization", 0.8),
    (re.compile(r"\b(?:introduction of|introduced|attracted|headquarters of) (?P<name>[A-Z][A-Z0-9&]{1,7}|"
                r"[A-Z]\w+(?: [A-Z]\w+){0,3} (?:Co\., Ltd\.|Group|Corporation|Inc\.|Company))\b"), "kgo:Company", 0.75),
    (re.compile(r"(?<![\w.])(?P<name>[A-Z][A-Z0-9&]{2,7})(?:['’]s)? (?:will|plans to|has (?:invested|built|signed|set)|"
                r"invested|signed|announced|broke ground|is building|built|set up|established|unveiled|launched"
                r"|(?:new )?(?:factory|plant|base|project|subsidiary))\b"), "kgo:Company", 0.7),
]
INDUSTRY = re.compile(r"\b(?:its|the|a|an|\w+['’]s|in|of|for|and|to) (?P<name>(?:(?:[a-z][a-z\-]+|[A-Z]{2,4}) ){1,3}"
                      r"(?:industry|sector|space))\b(?! chain| cluster)")
# Activities named as industries: "battery recycling", "solar manufacturing", "nickel mining".
ACTIVITY = re.compile(r"\b(?:its|the|a|an|in|of|for|and|to|,) (?P<name>(?:(?:[a-z][a-z\-]+|[A-Z]{2,4}) ){1,2}"
                      r"(?:manufacturing|recycling|mining|refining))\b(?! (?:plant|facility|factory|base|site|capacity)\b)")
GENERIC_ADJECTIVES = {"new", "traditional", "whole", "entire", "this", "that", "key", "future", "emerging", "strategic",
                      "pillar", "leading", "industrial", "local", "relevant", "related", "other", "main", "same",
                      "first", "secondary", "primary", "tertiary", "overall", "total"}
# Classes whose names may stand alone as a single word: everything else needs two words or a suffix.
PLACE_CLASSES = {"kgo:Country", "kgo:Province", "kgo:City", "kgo:District", "kgo:UrbanArea", "kgo:Region"}
ORGANISATION_CLASSES = {"kgo:Company", "kgo:IndustryAssociation", "kgo:GovernmentAgency", "kgo:ResearchInstitution",
                        "kgo:NewsOrganization", "kgo:ResearchPlatform", "kgo:ExpertGroup"}
# Classes named by common nouns, matched in any case.
COMMON_NOUN_NAMES = {"kgo:BatteryComponent", "kgo:ChainProduct", "kgo:Industry"}
# Head nouns of enumerations ("N major battery components, including A, B and C"), and the class of their items.
ENUMERATION_HEADS = {
    "components": "kgo:BatteryComponent", "materials": "kgo:ChainProduct", "products": "kgo:ChainProduct",
    "scenarios": "kgo:ApplicationScenario", "platforms": "kgo:ResearchPlatform", "teams": "kgo:ResearchPlatform",
    "centers": "kgo:ResearchPlatform", "centres": "kgo:ResearchPlatform", "projects": "kgo:ChainProduct",
    "carmakers": "kgo:Company", "automakers": "kgo:Company", "companies": "kgo:Company", "enterprises": "kgo:Company",
    "firms": "kgo:Company", "manufacturers": "kgo:Company", "makers": "kgo:Company", "suppliers": "kgo:Company",
    "customers": "kgo:Company", "brands": "kgo:Company", "investors": "kgo:Company", "partners": "kgo:Company",
    "players": "kgo:Company", "producers": "kgo:Company", "rivals": "kgo:Company", "competitors": "kgo:Company",
    "peers": "kgo:Company", "clients": "kgo:Company", "buyers": "kgo:Company", "parties": "kgo:Company",
    "sectors": "kgo:Industry", "industries": "kgo:Industry", "cities": "kgo:City", "towns": "kgo:City",
    "municipalities": "kgo:City", "states": "kgo:Province", "provinces": "kgo:Province", "countries": "kgo:Country",
}
# Classes of list items that are names, written capitalised ("Voltra, Kestrel and Nordwagen"; "Riverton and Tarn").
NAMED_ITEMS = {"kgo:Company", "kgo:City", "kgo:Province", "kgo:Country"}
# Last words of many companies' names in these industries ("Acme Lithium", "Nova Energy", "Helio Solar"): a
# name of two or more words that ends in one is a company's, unless its first word is a common word of the text.
INDUSTRY_ENDINGS = {
    "energy", "lithium", "solar", "power", "motors", "motor", "automotive", "battery", "batteries", "materials",
    "technology", "technologies", "mining", "resources", "metals", "metal", "chemical", "chemicals", "auto",
    "electric", "electronics", "steel", "minerals", "renewables", "solution", "solutions", "systems", "industries",
    "cells", "tech", "high-tech", "semiconductor", "photovoltaic", "pv", "nickel", "cobalt", "graphite", "earths",
    "services", "partners", "ventures", "semiconductors", "wind", "hydrogen", "utilities",
}
# Nouns that say the capitalised name beside them is a company's: "carmaker Voltra", "Helio Solar, a ... provider".
COMPANY_NOUNS = (r"(?:car ?maker|automaker|maker|manufacturer|producer|company|firm|start-?up|supplier|developer|"
                 r"miner|giant|rival|subsidiary|operator|refiner|conglomerate|provider|corporation|multinational|"
                 r"recycler|unit|affiliate|brand|automobile brand)")
COMPANY_NAME = (r"(?P<name>[A-Z][\w&\-]*(?: [A-Z][\w&\-]*){0,5}(?:\.?,? (?:Co|Ltd|Limited|Inc|Corp|LLC|PLC|AG|GmbH)"
                r"\b\.?)*)")
_NOT_ARTICLE = r"(?!(?:The|A|An|This|That|These|Its|Their|Our|His|Her|It|They|We) )"
# A one-word name opening a sentence with what companies do: "Orrin has secured land for a refinery". Taken only if
# the text never writes the word in lower case ("Officials will ..." is no company).
SUBJECT_COMPANY = re.compile(r"^(?P<name>[A-Z][a-z]+[A-Za-z]*) (?:has|have|will|plans to|is|said it|also)? ?(?:secured|"
                             r"invested|build|built|building|signed|acquired|bought|owns|operates|announced|posted|"
                             r"reported|swung|invest|open|opened|produce|produces|expects|unveiled|launched)\b")
CONTEXT_PATTERNS += [
    (re.compile(r"\b(?:[a-z\-]+ )?" + COMPANY_NOUNS + r"s? " + COMPANY_NAME + r"(?=[ ,.;:)'’]|$)"), "kgo:Company", 0.7),
    (re.compile(r"(?:^|(?<=[\s(]))(?<!\) )" + COMPANY_NAME + r", (?:a|an|the) (?:[\w\-&]+,? ){0,10}?" + COMPANY_NOUNS
                + r"\b(?!['’]s)"),
     "kgo:Company", 0.7),
    (re.compile(r"(?<![\w.] )(?<!\) )" + COMPANY_NAME + r"['’]s (?:new |first |second |planned |proposed )?(?:plant|factory|gigafactory|facility|"
                r"shares|subsidiary|board|chairman|CEO|chief executive|profit|net profit|revenue|sales|shareholders)\b"),
     "kgo:Company", 0.65),
    # "former Voltra executive", "Voltra executives", "a stake in Voltra", "research by Voltra", "Voltra is one of the
    # biggest carmakers": what is said of a company.
    (re.compile(r"(?<![\w&\-.–—])" + _NOT_ARTICLE + COMPANY_NAME + r"(?:['’]s?)? (?:executives?|shareholders)\b"),
     "kgo:Company", 0.6),
    (re.compile(r"\b(?:stake|shares|holding) in " + COMPANY_NAME + r"(?=[ ,.;:)]|$)"), "kgo:Company", 0.6),
    (re.compile(r"\b(?:research|analysis|a report|a study) by " + COMPANY_NAME + r"(?=[,.;)]|$)"), "kgo:Company", 0.6),
    (re.compile(r"(?:^|(?<=[\s(]))(?<!\) )" + _NOT_ARTICLE + COMPANY_NAME + r" (?:is|was|has become|became) (?:one of )?(?:the |a |an )"
                r"(?:[\w\-&]+,? ){0,6}?" + COMPANY_NOUNS + r"s?\b"), "kgo:Company", 0.65),
]


def slug(text: str, limit: int = 60) -> str:
    """An id from a label: lower-case words joined by hyphens.

    >>> slug("China’s Sodium Battery Hub")
    'china-s-sodium-battery-hub'
    """
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = "-".join(words)
    while len(out) > limit and "-" in out:
        out = out.rsplit("-", 1)[0]
    return out or "entity"


def plain(text: str) -> str:
    """A label from the source's words: typographic quotes folded, white space single."""
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}))
    return " ".join(text.split())



_ENUMERATION = re.compile(
    r"\b(?:(?:major|new|key|main|core|leading|top|important) )*(?P<head>(?:[\w&\-]+ ){0,3}?(?:"
    + "|".join(ENUMERATION_HEADS) + r")),? (?:including|such as|namely|like|for example)[:,]? (?P<items>[^.;:!?]+)")
_AND_OTHER = re.compile(r"(?P<items>[^.;:!?]+?),? and other (?P<head>(?:[\w&\-]+ ){0,3}(?:"
                        + "|".join(ENUMERATION_HEADS) + r"))\b")
_TOPICS = re.compile(r"\b(?:projects|research|studies|breakthroughs|work) on (?P<items>[^.;:!?]+)")
# Where a list's first item starts, when the list is "A, B and other X".
_LIST_OPENERS = re.compile(r".*\b(?:of|including|such as|as well as|construction of|on|supporting|with) ")


def enumeration_items(sentence: Sentence) -> list[tuple[int, int, str, str]]:
    """Items of lists whose head noun names their class: (start, end, item, class).

    >>> s = [x for x in __import__("kg.extract.text", fromlist=["sentences"]).sentences(
    ...     "It makes three key components, including anode plates, separator films and cell cases.")][0]
    >>> [(item, cls) for _, _, item, cls in enumeration_items(s)]
    [('anode plates', 'kgo:BatteryComponent'), ('separator films', 'kgo:BatteryComponent'), ('cell cases', 'kgo:BatteryComponent')]
    """
    text, found = sentence.text, []
    for match in _ENUMERATION.finditer(text):
        head = match.group("head").split()[-1].lower()
        items = re.split(r"\b(?:as well as|etc)\b|[\u201c\u201e\"]", match.group("items"))[0]
        found += _split_items(text, match.start("items"), items, ENUMERATION_HEADS[head], sentence.start)
    for match in _AND_OTHER.finditer(text):
        head = match.group("head").split()[-1].lower()
        items = match.group("items")
        opener = _LIST_OPENERS.match(items)
        offset = match.start("items") + (opener.end() if opener else 0)
        if opener and (named := re.search(r"\b(?:the )?[A-Z][\w\-]*(?: [A-Z][\w\-]*)* of $", opener.group())):
            offset = match.start("items") + named.start()  # "the City of Riverton, Acme and ...": "of" inside a name
        found += _split_items(text, offset, text[offset: match.end("items")], ENUMERATION_HEADS[head], sentence.start)
    for match in _TOPICS.finditer(text):
        items = re.split(r"\b(?:etc)\b|, and (?:obtained|achieved|won|made)", match.group("items"))[0]
        found += _split_items(text, match.start("items"), items, "kgo:ResearchTopic", sentence.start)
    return found


def _split_items(text: str, offset: int, items: str, cls: str, base: int) -> list[tuple[int, int, str, str]]:
    out = []
    position = offset
    if cls in NAMED_ITEMS:  # "A, B and C, D and E": every "and" between names splits
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", items)
    else:
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)", items) if "," in items else re.split(r"\s+and\s+", items)
    for part in parts:
        start = text.find(part, position)
        if start < 0:
            continue
        position = start + len(part)
        item = part.strip()
        lead = len(part) - len(part.lstrip())
        for article in ("the ", "a ", "an ", "and "):
            if item.lower().startswith(article):
                item, lead = item[len(article):], lead + len(article)
        item = item.rstrip(" ,")
        if cls == "kgo:Industry":  # "new energy for fresh points of growth": the industry is "new energy"
            item = re.split(r"\s(?:for|to|in|with|at|by|from|of)\s", item)[0]
        words = item.split()
        if not words or len(words) > 7 or any(c.isdigit() for c in item):
            continue
        if cls not in NAMED_ITEMS and any(w[:1].isupper() for w in words[1:]):
            continue  # "anodes, primarily for export to Europe": the list has ended
        if cls in NAMED_ITEMS and not item[:1].isupper() or cls not in NAMED_ITEMS and item[:1].isupper() and len(words) == 1:
            continue  # companies are named ("Voltra, Kestrel and Nordwagen"); products and topics are common nouns
        if cls in NAMED_ITEMS and (verb := re.search(r"\s(?!(?:and|of|for|de|&)\s)[a-z]+(?:\s|$)", item)):
            # "Halden, Bluewave Recycling is growing": a verb ends the list; the name before it is no item
            if out and verb.start() > 0 and not re.search(r"\band\s*$", text[:start]):
                break
            item = item[:verb.start()]
            words = item.split()
            if not words:
                break
        if words[0].lower() in ("other", "etc", "more", "many", "various", "some", "all") or len(item.rstrip(".")) < 2:
            continue
        if cls == "kgo:Company" and any(w.lower() in AGENCY_HEADS or w.lower() in PLACE_SUFFIXES for w in words):
            continue  # "the City of Riverton, Acme and other parties": the city is no company
        out.append((base + start + lead, base + start + lead + len(item), item, cls))
    return out


def sentence_text(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start: end - sentence.start]


def strip_article(label: str) -> str:
    return label[4:] if label.startswith("the ") else label


def possessive_to_plain(text: str) -> str:
    """ "Riverton's 2024 government work report" -> "Riverton 2024 government work report" (a label, not a quote)."""
    return plain(re.sub(r"[’']s\b", "", text))


# The end of a token that places a company: "Riverton-based", "U.S.-headquartered".
_BASED = re.compile(r"-(?:based|headquartered|listed|owned|backed|made)$")


def name_chunks(sentence: Sentence) -> list[list[Token]]:
    """Maximal runs of capitalised tokens, with connectors ("of", "and") and possessives inside.

    A year opens a run when a capitalised word follows it ("2023 World Battery Conference");
    "Co., Ltd." stays whole. A sentence's first word starts a run only if it is not a common word.
    """
    tokens = list(sentence.span)
    chunks: list[list[Token]] = []
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        complete = bool(current) and current[-1].lower_.rstrip(".") in LEGAL_ENDINGS
        starts = _name_like(t, first=(i == 0 or tokens[i - 1].text in "“„\"'("))
        if starts and (not complete or t.lower_.rstrip(".") in LEGAL_ENDINGS):  # "Co Ltd", "Co., Ltd."
            current.append(t)
        elif current and not complete and nxt is not None and _name_like(nxt) and (
            t.lower_ in CONNECTORS or t.text in ("'s", "’s")
        ) and not (t.lower_ == "and" and (nxt.lower_ in TITLES or _company_ends(current) or _place_owns(tokens[i + 1:])
                                          or _another_organisation(current, tokens[i + 1:]))):
            # "... Tomas Lindqvist and Premier Ravi Desai", "Helio Solar and Bluewave Group": two names
            current.append(t)
        elif current and t.lower_ == "the" and current[-1].lower_ in ("of", "for", "on") and nxt is not None \
                and _name_like(nxt):
            current.append(t)
        elif current and t.text == "-" and not tokens[i - 1].whitespace_ and not t.whitespace_ and nxt is not None \
                and nxt.is_alpha and nxt.lower_ not in ("based", "headquartered", "owned", "listed", "backed", "made"):
            current += [t, nxt]  # "High-tech", split by the tokenizer
            i += 2
            continue
        elif current and t.text == "/" and not tokens[i - 1].whitespace_ and not t.whitespace_ and nxt is not None \
                and _name_like(nxt):
            current += [t, nxt]  # "A/S", split by the tokenizer
            i += 2
            continue
        elif current and t.text == "(" and i + 3 < len(tokens) and _name_like(tokens[i + 1]) and \
                tokens[i + 2].text == ")" and _name_like(tokens[i + 3]):
            current += tokens[i: i + 3]  # "Acme Lithium (Hubei) New Energy Co., Ltd."
            i += 3
            continue
        elif current and t.text == "," and nxt is not None and nxt.lower_.rstrip(".") in ("ltd", "limited", "inc"):
            current.append(t)
        elif not current and t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20") and nxt is not None \
                and _name_like(nxt):
            current.append(t)
        else:
            if current:
                chunks.append(current)
            current = [t] if starts else []
        i += 1
    if current:
        chunks.append(current)
    cleaned = []
    for chunk in chunks:
        while chunk and (chunk[-1].lower_ in CONNECTORS or chunk[-1].text in (",", "'s", "’s", "the")):
            chunk = chunk[:-1]
        if chunk and not (len(chunk) == 1 and chunk[0].lower_ in NOT_NAMES):
            cleaned.append(chunk)
    return cleaned


AGENCY_HEADS = frozenset({"government", "department", "bureau", "ministry", "commission", "office", "administration",
                          "agency", "committee", "authority"})


def _another_organisation(current: list[Token], rest: list[Token]) -> bool:
    """True if the name after an "and" is an organisation or a place of its own: "People's Government of X City and Y
    Provincial Department of Z", "X Municipal Government and Acme Co., Ltd.", "the City of X and Y County"; not
    "Ministry of Science and Technology"."""
    heads = AGENCY_HEADS | ORGANISATION_SUFFIXES["kgo:Company"]
    run = []
    for t in rest:
        if not (_name_like(t) or t.lower_ in CONNECTORS or t.text in (",", "'s", "’s")):
            break
        run.append(t)
    of = next((i for i, t in enumerate(current) if t.lower_ == "of"), len(current))
    place = [t.text for t in current[of + 1:] if t.lower_ != "the"]
    if place and any(t.lower_ in AGENCY_HEADS for t in current[:of]) and places_named(" ".join(place)):
        return True  # "the Government of Ruritania and Acme": the government of a place ends with the place
    if len(run) >= 2 and run[-1].lower_ in PLACE_SUFFIXES and any(t.lower_ in PLACE_SUFFIXES for t in current):
        return True  # "the City of Riverton and Tarn County": two places, each named by its own place word
    if not any(t.lower_ in ("of", "for") for t in current) and len(run) >= 2 and \
            run[-1].lower_.rstrip(".,") in INDUSTRY_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"] | LEGAL_ENDINGS:
        return True  # "Voltra and Kestrel Energy": a company's name does not run on through "and"
    if not any(t.lower_.rstrip(".,") in heads for t in current):
        return False
    return any(t.lower_.rstrip(".,") in heads for t in run)


def _place_owns(rest: list[Token]) -> bool:
    """True if a name after "and" opens with a place's possessive: "Ruritania's Acme and Norland's Bluewave" names two
    companies, each of its country."""
    owner = next((i for i, t in enumerate(rest[:4]) if t.text in ("'s", "’s")), 0)
    return owner > 0 and all(_name_like(t) for t in rest[:owner]) and bool(places_named(" ".join(
        t.text for t in rest[:owner])))


def _company_ends(tokens: list[Token]) -> bool:
    """True if the run so far is a company's name by its last word, and no "of" makes it an agency's."""
    endings = INDUSTRY_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"]
    return len(tokens) >= 2 and tokens[-1].lower_ in endings and not any(t.lower_ in ("of", "for") for t in tokens)


def _name_like(t: Token, first: bool = False) -> bool:
    text = t.text
    if not text[:1].isupper() or t.lower_ in MONTHS or t.lower_ in WEEKDAYS or _BASED.search(text):
        return False  # "Riverton-based" (one token) says where the name after it is based: no part of that name
    if first and (t.is_stop or t.lower_ in NOT_NAMES):
        return False
    if text.lower().rstrip(".") in ("co", "ltd", "inc", "corp"):
        return True
    return any(c.isalpha() for c in text) and (text[1:].islower() or text.isupper() or "-" in text
                                              or any(c.isupper() for c in text[1:]))


# Words that are no part of an industry's name: "innovation in the industry", "focus to manufacturing".
NOT_KINDS = {"of", "the", "in", "its", "to", "and", "for", "a", "an", "all", "on", "with", "by", "from", "this", "that",
              "their", "our", "whole", "entire", "support", "focus", "innovation", "terms", "into", "across"}


def acronym_of(short: str, name: str) -> bool:
    """True if ``short`` (capitals) is the acronym of ``name``: each word of the name, bar "of", "and", "the" and a
    legal ending, gives its first letter or letters, in order ("ARENA" of "Australian Renewable Energy Agency").

    >>> acronym_of("ARENA", "Australian Renewable Energy Agency"), acronym_of("RCE", "Riverton Copper Exports Ltd")
    (True, True)
    >>> acronym_of("ACME", "Acme"), acronym_of("RB", "Riverton Copper Board")
    (False, False)
    """
    letters = re.sub(r"[\-&.]", "", short).lower()
    if not (2 <= len(letters) <= 8 and short.isupper() and letters.isalpha()):
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "and", "the", "for", "de")]
    while len(words) > 2 and words[-1] in LEGAL_ENDINGS:
        words.pop()

    def fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        return any(letters[i:i + k] == words[j][:k] and fits(i + k, j + 1)
                   for k in range(1, min(len(words[j]), len(letters) - i) + 1))

    return len(words) >= 2 and fits(0, 0)


def without_suffix(name: str) -> str | None:
    """A company's normal name without its last word of kind ("group", "holdings"), if two words or more remain."""
    words = name.split()
    if len(words) >= 3 and words[-1] in ORGANISATION_SUFFIXES["kgo:Company"] or len(words) == 2 and words[-1] in (
            "group", "holdings", "corporation", "company"):
        return " ".join(words[:-1])
    return None


def after_titles(chunk: list[Token]) -> list[Token] | None:
    """The name after leading titles and their "of" ("at", "for"): "CEO and Director of Acme Inc." -> "Acme Inc."."""
    for i, token in enumerate(chunk):
        if token.lower_ in ("of", "at", "for"):
            rest = chunk[i + 1:]
            rest = rest[1:] if rest and rest[0].lower_ == "the" else rest
            return rest or None
        if token.lower_.rstrip(".") not in TITLE_WORDS and token.lower_ != "and":
            return None
    return None


def project_after(doc, i: int) -> int | None:
    """The index of "project" after up to four lower-case words of kind from token ``i`` ("lithium salt lake
    project"), or None."""
    for j in range(i, min(i + 5, len(doc))):
        token = doc[j]
        if token.lower_ == "project" and j > i:
            return j
        if not (token.is_alpha and token.is_lower) or token.is_stop:
            return None
    return None
