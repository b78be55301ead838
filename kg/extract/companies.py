"""Companies named without a word that says so: by what the sentence says they do, and by their company.

A capitalised name with no suffix ("Acme", "Bluewave Grid") is a company's when the words around it say what
companies do or are: the subject of a verb of business ("Acme on Monday announced", "Bluewave will supply",
"Kestrel has placed an order"), the party of a deal or the one who builds or runs something ("an order with
Acme", "operated by Bluewave", "a consortium led by Kestrel", "partner Voltra"), a company of a place ("Ruritania's
Acme", "Riverton-based Bluewave"), a name with its stock ticker ("Acme (NYSE: ACM)"), or an item of a list that
names another company ("Acme, Bluewave and Kestrel Energy"). ``EntityFinder`` asks only of names no other rule
took: not a person's, not a place the gazetteer knows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.gazetteer import DEMONYMS, places_named
from kg.extract.lexicon import normal_name
from kg.extract.names import INDUSTRY_ENDINGS, LEGAL_ENDINGS, NOT_NAMES, ORGANISATION_SUFFIXES
from kg.extract.people import name_shaped
from kg.extract.places import COUNTRY_ABBREVIATIONS

if TYPE_CHECKING:
    from kg.extract.entities import EntityFinder
    from kg.extract.text import Sentence

# Verbs whose subject, in industry news, is a company; "said" and its kin only for a one-word name (a person's
# two words and a verb of speech make a person: people.person_in).
_DONE = (r"(?:supplies|supplied|builds|built|invests|invested|develops|developed|delivers|delivered|operates|operated|"
         r"manufactures|manufactured|produces|produced|holds|held|owns|signs|signed|agrees|agreed|reaches|reached|"
         r"placed|partners|partnered|acquires|acquired|buys|bought|sells|sold|completes|completed|secures|secured|"
         r"wins|won|launches|launched|unveils|unveiled|reported|posted|expects|employs|exports|shipped|ordered|"
         r"commissioned|raises|raised|plans|planned|aims|intends|seeks|mines|mined|set up|sets up|"
         r"established|announces|announced|confirms|confirmed|disclosed|expanded|expands|started|starts|began|"
         r"begins|opened|opens|broke ground|breaks ground)")
# The same verbs after an auxiliary: "will supply", "plans to build" (a bare "supply" after a name is a noun).
_DO = (r"(?:will|would|is to|are to|plans to|aims to|is set to|expects to|intends to|can|may|to) (?:also |jointly )?"
       r"(?:provide|supply|install|build|invest|develop|deliver|operate|manufacture|produce|hold|own|sign|acquire|"
       r"buy|sell|complete|secure|launch|unveil|employ|export|ship|commission|raise|set up|establish|expand|"
       r"start|begin|open|make|mine)")
_DOING = r"(?:" + _DONE + "|" + _DO + ")"
_SPEAKING = r"(?:said|says|stated|told|added|noted)"
# Between the name and its verb: a ticker or alias in brackets, a day, "also", an auxiliary.
_BETWEEN = (r"(?:\s*\([^()]{1,40}\))?(?:\s+(?:on|last|this|earlier|later) (?:\w+day|week|month|year)|\s+today|\s+also"
            r"|\s+(?:has|have|had|has now|jointly|recently|previously|already))*\s+")
_SUBJECT = re.compile(r"^" + _BETWEEN + _DOING + r"\b")
_SAYS = re.compile(r"^" + _BETWEEN + _SPEAKING + r"\b")
# Words just before a name that make it a party: "an order with", "operated by", "led by", "partner", "a deal
# between", "turbines from".
_PARTY_BEFORE = re.compile(
    r"(?:\b(?:operated|built|led|owned|supplied|developed|manufactured|acquired|backed|funded|financed|bought|"
    r"placed|won|awarded to|sold to|signed) by|\b(?:orders?|agreements?|deals?|contracts?|partnership|tie-up|"
    r"joint venture|alliance|cooperation|collaboration|talks|MoU|memorandum of understanding|ties) (?:with|between)|"
    r"\b(?:turbines|modules|panels|cells|batteries|chips|vehicles|equipment|components|orders|supplies|investment|"
    r"funding|financing|offtake) from|"
    r"\b(?:partnered|teamed up|partnering|merged) with|\b(?:and |its )?partners?|\b(?:customers?|clients?)|"
    r"[\w.]+-(?:based|headquartered|listed|owned|backed))\s+(?:the\s+)?$")
# A facility after a name's possessive: "Acme's new cell factory", "Acme’ UK plant" (its owner is a company).
_OWNER_OF = re.compile(r"^['’]s?\s+(?:(?:[A-Z]{2,4}|[a-z][\w\-]*|\d[\d,.]*(?:-\w+)?)\s+){0,4}(?:plant|factory|mill|fab|"
                       r"facility|refinery|smelter|gigafactory|works)s?\b")
# A title and "of", "for" or "at" before a name: "Senior Vice President for Acme" (the organisation of a post).
# Titles of a government ("Minister of Transport") are not a company's.
_POST_OF = re.compile(r"\b(?:ceo|cfo|cto|coo|chairman|chairwoman|chairperson|chair|president|vice-president|director|"
                      r"executive|manager|head|chief|founder|officer|partner|spokesperson|spokesman|spokeswoman|"
                      r"analyst|engineer|researcher|economist)\s+(?:for|of|at)\s+$", re.I)
# A stock ticker in brackets after a name: "(NYSE: ACM)", "(ACMY, ACM.CO)".
_TICKER = re.compile(r"^\s*\((?:[A-Z]{2,10}\s*:\s*[A-Z0-9.]+|[A-Z]{2,6}\.[A-Z]{1,3}|[A-Z]{3,6},\s*[A-Z]{2,6}\.[A-Z]{1,3})"
                     r"[^()]{0,30}\)")
# A company of a place: "Ruritania's Acme", where the place is a name the gazetteer knows.
_POSSESSIVE = ("'s", "’s")
# Endings of common English words ("Construction", "Newly", "Developers").
_COMMON_ENDING = re.compile(r"(?:tions?|sions?|ments?|ness|ity|ly|ings?|ed|ers|ies|ives|ants|ents)$")
# Plural nouns of groups that are not a company: "the twelve Member States will provide ...".
_COLLECTIVE = {"states", "members", "parties", "nations", "countries", "governments", "authorities", "officials",
               "people", "residents", "workers", "ministers", "leaders"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _span(chunk: list[Token], sentence: Sentence) -> tuple[int, int]:
    return sentence.base + chunk[0].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)


def by_context(finder: EntityFinder, chunk: list[Token], sentence: Sentence,
               chunks: list[list[Token]]) -> tuple[float, str] | None:
    """How sure the words around a name make it a company's, and the rule's name; None if they do not."""
    start, end = _span(chunk, sentence)
    text = sentence.text
    before = text[max(0, start - sentence.start - 60): start - sentence.start]
    after = text[end - sentence.start: end - sentence.start + 60]
    words = [t.text for t in chunk]
    if _TICKER.match(after):
        return 0.75, "a name with its stock ticker"
    if _SUBJECT.match(after) and not after.lstrip().startswith(("(", ",")) or _SUBJECT.match(after) and len(words) > 1:
        return 0.6, "the subject of a verb of business"
    if len(words) == 1 and _SAYS.match(after) and not re.search(r"\b[A-Z][a-z]+ " + re.escape(words[0]) + r"\b", finder.text):
        # "Acme said", unless the text names a person "<given name> Acme"
        return 0.55, "a one-word name that speaks"
    if re.match(r"\s+\d[\d.,]*\s?(?:[kMG]Wh?|W)\s+(?:[a-z][\w\-]*\s+){0,2}[a-z]+s\b", after) and not any(
            c.isdigit() for c in "".join(words)) and not re.search(r"\b(?:in|at|near|from|across)\s+$", before, re.I):
        return 0.55, "the maker of a rated product"  # "Acme 7MW offshore turbines", "Acme 450 W modules"
    if _OWNER_OF.match(after) and not _SAYS.match(after[2:]):
        return 0.55, "the owner of a plant or factory"
    if _POST_OF.search(before) and len(words) <= 3 and not re.match(r"\s+(?:at|of|for)\b", after) and (
            len(words) > 1 or len(re.findall(r"\b" + re.escape(words[0]) + r"\b", finder.text)) > 1):
        # "Vice President for Acme" (a one-word name the text names again), not "Head of Research at Acme"
        return 0.55, "the organisation of a post"
    if _PARTY_BEFORE.search(before):
        return 0.6, "a party to a deal, or the one who builds or runs something"
    if not name_shaped(words) and not re.match(r"\s+\d", after) and beside_a_company(finder, start, end, sentence, chunks):
        # ("Acme, Class 1 rail service and ...": a word before a number is a designation, not a name)
        return 0.6, "an item of a list of companies"
    return None


def beside_a_company(finder: EntityFinder, start: int, end: int, sentence: Sentence,
                     chunks: list[list[Token]]) -> bool:
    """True if a name stands in a list with a company: "Voltra and Kestrel Energy signed", "Kestrel Energy,
    Voltra, and Helio"."""
    companies = [(m.start, m.end) for m in finder.in_sentence(sentence, {"kgo:Company"})]
    companies += [_span(c, sentence) for c in chunks
                  if (kind := finder.classify(c, sentence)) and kind[0] == "kgo:Company"]
    text = sentence.text
    links = r"(?:,\s*(?:and\s+)?|\s+and\s+)"
    after = re.match(links, text[end - sentence.start: end - sentence.start + 8])
    before = re.search(links + r"$", text[max(0, start - sentence.start - 8): start - sentence.start])
    return any((after and a == end + after.end()) or (before and b == start - len(before.group()))
               for a, b in companies)


def owned_by_place(chunk: list[Token]) -> int | None:
    """The index of the first token after "<Place>'s" in a run ("Ruritania's Acme"), or None."""
    owner = next((i for i, t in enumerate(chunk) if t.text in _POSSESSIVE), -1)
    return owner + 1 if 0 < owner < len(chunk) - 1 else None


def plausible(finder: EntityFinder, chunk: list[Token], sentence: Sentence) -> bool:
    """True if a name found by the words around it can be a company's: not an initial, an honorific, a unit or an
    adjective of nationality; a one-word name not a word the text also writes in lower case ("Construction will
    ...") nor a family name."""
    words = [t.text for t in chunk]
    if any(len(w) == 1 and w.isalpha() for w in words[:1]) or words[-1].lower().rstrip(".") in ("jr", "sr"):
        return False
    if len(words) > 1:  # "the twelve Member States", "the US DoD office": no company
        return words[-1].lower() not in _COLLECTIVE and words[0] not in ("US", "U.S.", "UK", "EU", "UN")
    word = words[0]
    first = next((t for t in sentence.span if not t.is_space), chunk[0])
    comma = chunk[0].i + 1 < len(chunk[0].doc) and chunk[0].nbor(1).text == ","  # "Later, ..."
    if chunk[0].i == first.i and (chunk[0].is_stop or comma or common_word(finder, word)) and not re.search(
            r"[^.!?\s]\s+" + re.escape(word) + r"\b", finder.text):
        return False  # "Construction began ...", "Later, ...": a sentence's first word that looks common, named nowhere else
    return len(word) >= 3 and word.lower() not in NOT_NAMES and word not in DEMONYMS and word not in \
        finder.lexicon.surnames and word.lower() not in finder.places.lower_words and not word.endswith(".")


def aliases(finder: EntityFinder, entity_id: str, chunk: list[Token]) -> None:
    """Other names an organisation goes by in the text: "(JAC)" after it, its name without "Co., Ltd." or "A/S",
    and a company's first word ("Acme" for "Acme High-tech Co., Ltd.", "Norland's Acme Lithium Corp")."""
    entity = finder.found[entity_id]
    chunk = chunk[max((i + 1 for i, t in enumerate(chunk[:-1]) if t.text in _POSSESSIVE), default=0):]
    after = [t for t in chunk[-1].doc[chunk[-1].i + 1: chunk[-1].i + 8] if t.text not in _QUOTES]
    close = next((i for i, t in enumerate(after) if t.text == ")"), 0)
    if after and after[0].text == "(" and 2 <= close <= 5 and all(
            t.text[:1].isupper() and re.fullmatch(r"[\w&\-]+", t.text) for t in after[1:close]):
        # "Acme Power (AP)", 'Acme Power ("AP")', "Acme Petrochemical Corporation (Acme Group)"
        finder.alias(" ".join(t.text for t in after[1:close]), entity_id, shown=True)
    rest = chunk[-1].doc[chunk[-1].i + 1:].text[:80]
    short = re.match(r"\s*\((?:hereinafter|hereafter)(?: referred to as| called)?,? [\"“']?(?P<name>[A-Z][\w&\- ]{1,40}?)"
                     r"[\"”']?\)", rest)
    if short:  # '... Corporation (hereinafter referred to as "Jiangling")'
        finder.alias(short.group("name"), entity_id, shown=True)
    words = re.sub(r"\s*/\s*", "/", " ".join(t.text for t in chunk)).split()  # "A / S" is one word, "A/S"
    n_words = len(words)
    while words and (words[-1].lower().rstrip(".,") in LEGAL_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"]
                     or words[-1] == ","):
        words.pop()
    industry_end = len(words) >= 2 and words[-1].lower() in INDUSTRY_ENDINGS  # "Norvik Rare Earths" is "Norvik"
    for size in (2, 1):  # "United Kingdom Steel Corp." is "UK Steel" too
        country = next((p for p in places_named(" ".join(words[:size])) if p.cls == "kgo:Country"), None)
        if country is not None and len(words) > size:
            for short in (a for a, code in COUNTRY_ABBREVIATIONS.items() if code == country.country and a.isupper()):
                finder.alias(" ".join([short, *words[size:]]), entity_id)
            break
    if words and (len(words) < n_words or industry_end):
        finder.alias(" ".join(words), entity_id)
        first = words[0]
        if entity.cls == "kgo:Company" and len(first) >= 4 and first.isalpha() and first.lower() not in NOT_NAMES \
                and normal_name(first) not in finder.lexicon.normal_names:
            finder.alias(first, entity_id)


def common_word(finder: EntityFinder, word: str) -> bool:
    """True if a capitalised word looks like a common word of English: by its ending ("Construction", "Newly"), or
    as the plural of a word the text writes in lower case ("Stations" beside "a station")."""
    return bool(_COMMON_ENDING.search(word)) or word.endswith("s") and word[:-1].lower() in finder.places.lower_words
