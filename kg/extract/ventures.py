"""What companies build, sign and supply: plants, investments, agreements, supply deals, organisers of events.

Read from the entities found around a few nouns and verbs of industry news: a
company named before "(builds) a ... battery plant (in X)" or "X's new
factory" has a plant (kgo:Plant, kgo:plantOf, kgo:plantIn) and, when the
sentence speaks of money, invests in it (kgo:investsIn); "the plant" refers
back to the last plant named. "A signed a strategic cooperation agreement with
B" is an agreement (kgo:Agreement, kgo:party) between partners
(kgo:partnerOf). "A will supply ... to B" and "A's customers including B, C"
are supply (kgo:supplies). "organized by A and B", "under the guidance of C"
name an event's organisers and sponsors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.deals import LIST_GAP, PARTIES, clause_subject
from kg.extract.entities import ORGANISATION_CLASSES, PLACE_CLASSES, Found
from kg.extract.facilities import site_at
from kg.extract.gazetteer import RANK, places_named
from kg.extract.names import LEGAL_ENDINGS
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

PLANT_NOUNS = (r"(?:gigafactory|factory|plant|facility|production base|manufacturing base|base|refinery|mine|smelter|"
               r"assembly plant|concentrator|processing plant|mini mill|mill|fab|foundry|wind farm|solar farm|"
               r"(?:electric arc|blast) furnace|"
               r"BESS|battery energy storage system|(?:battery|energy) storage (?:system|facility|station|plant))")
PLANT = re.compile(r"\b(?P<noun>" + PLANT_NOUNS + r")s?\b(?! (?:manager|director|worker|operator)s?\b)")
# Words that end, going back from the noun, the phrase that names a plant's kind.
_PHRASE_STOPS = {"a", "an", "the", "its", "their", "this", "that", "to", "will", "would", "build", "building", "built",
                 "of", "in", "at", "for", "and", "with", "on", "by", "from", "set", "up", "open", "opened", "is", "was",
                 "has", "have", "plans", "plan", "new", "own", "said", "announced"}
PLACE_AFTER = re.compile(r"^(?:\s+(?:to be )?(?:built |located |based )?(?:in|at|near|outside)\s+(?:the\s+)?|,\s+(?:(?:located|"
                         r"situated|sited|based) )?(?:in\s+|near\s+|at\s+)?)")
MONEY = re.compile(r"\b(?:invest(?:s|ed|ing|ment|ments)?|funding|fund|financ\w+)\b|[$€£¥]|\b(?:billion|million|bn)\b", re.I)
AGREEMENT = re.compile(r"(?<![\w\-])(?P<kind>(?:[a-z0-9][a-z0-9\-]* ){0,3}?)(?P<noun>(?i:agreements?)|deals?|memorand(?:um|a) of understanding|MoUs?|"
                       r"MOUs?|contracts?|letter of intent|partnership)\b")
SIGNED = re.compile(r"\b(?:signed|signs|sign|signing|inked|inks|ink|sealed|seals|penned|entered into|reached|struck|"
                    r"concluded|executed|agreed)\b")
SUPPLY = re.compile(r"\b(?:supply|supplies|supplied|supplying|deliver|delivers|delivered|provide|provides|provided)\b"
                    r"[^.;]*?\bto\b")
CUSTOMERS = re.compile(r"\bcustomers?,? (?:including|such as|like|namely)\b")
# "Bluewave is a customer of Acme", "Acme will supply Bluewave with cells", "Bluewave buys cells from Acme"
CUSTOMER_OF = re.compile(r"\b(?:is|are|was|were|as|becomes?|became) (?:a |an |the )?(?:[\w\-]+ ){0,2}?(?:customer|client|"
                         r"buyer|offtaker)s? (?:of|for) (?:the )?$")
SUPPLY_WITH = re.compile(r"\b(?:supply|supplies|supplied|supplying|provide|provides|provided|providing) (?:the )?$")
BUYS_FROM = re.compile(r"\b(?:buy|buys|bought|buying|purchase[sd]?|purchasing|source[sd]?|sourcing|procure[sd]?) "
                       r"[^.;]{3,60}? from (?:the )?$")
ORGANISED = re.compile(r"\b(?P<verb>(?:co-)?(?:organi[sz]ed|hosted|sponsored|co-hosted|co-sponsored|held)) by\b|"
                       r"\bunder the (?:guidance|auspices) of\b")
# Words before "agreement" that are no part of its kind: verbs and pronouns ("have executed binding agreements").
NOT_AGREEMENT_KINDS = {"have", "has", "had", "will", "would", "to", "into", "entered", "strengthen", "deepen", "our",
                       "their", "its", "his", "her", "of", "and", "with", "on", "further", "also", "a", "an", "the"}
AMOUNT_WORDS = {"billion", "million", "bn", "mn", "trillion", "thousand", "hundred"}
GENERIC_WORDS = {"a", "an", "the", "its", "their", "new", "this", "that", "first", "second", "largest", "biggest",
                 "planned", "proposed", "giant", "huge", "major", "local", "existing"}


def find_plants(finder: RelationFinder, sentence: Sentence) -> None:
    """Plants companies build or run, where they are, and investments in them."""
    text = sentence.text
    named = [(m.start - sentence.start, m.end - sentence.start) for m in finder.entities.in_sentence(sentence, {"kgo:Plant"})]
    for match in PLANT.finditer(text):
        if any(a <= match.start() < b for a, b in named):
            continue  # a plant named by its own name (facilities.find_named_plants)
        det, kind = _phrase_before(text, match.start())
        if match.group("noun") == "base" and not kind.endswith(("production", "manufacturing", "industrial")):
            continue  # "base" alone is a base of customers, of knowledge...
        owner = _owner(finder, sentence, match, det) if det not in ("the", "this") or not finder.last_plant else None
        # "its Saxony factory in Germany": the finer of the places before and after the noun
        places = [p for p in (_place_before(finder, sentence, match.start()), _place_after(finder, sentence, match.end()))
                  if p is not None]
        place = min(places, key=lambda p: RANK.get(p.cls, 9)) if places else None
        plant = finder._plants_by_owner.get(owner.id) if owner else None
        if plant is not None and place is not None and plant[1] not in (None, place.id):
            plant = _refined(finder, sentence, plant, place)
        if owner is None:
            if det in ("the", "this", "its") and finder.last_plant:
                plant = finder.last_plant  # "the plant will ...": the plant named last
            else:
                continue
        if owner is not None and (plant is None or (place is not None and plant[1] not in (None, place.id))):
            kinds = [w for w in kind.split() if w not in AMOUNT_WORDS]  # "a $4 billion assembly plant": "assembly"
            what = " ".join([*kinds[-2:], match.group("noun")])
            label = f"{short_name(owner.label)} {what}" + (f" in {place.label}" if place else "")
            plant = (finder.entities.declare(label, "kgo:Plant", sentence, 0.6), None)
            owners = [*_joined_before(finder, sentence, match.start()), owner.id]
            finder.add(sentence, [(plant[0], "kgo:plantOf", o) for o in dict.fromkeys(owners)], "plant", 0.6)
        if place is not None and plant[1] is None and place.cls not in ("kgo:Country", "kgo:Region"):
            # a plant "in Austria" may be named "in Riverton" later: only a finer place than a country is its site
            plant = (plant[0], place.id)
            finder.add(sentence, [(plant[0], "kgo:plantIn", place.id)], "plant", 0.6)
            _also_called(finder, plant[0], place, match.group("noun"))
        if owner is not None:
            finder._plants_by_owner[owner.id] = plant
            if MONEY.search(text):
                finder.add(sentence, [(owner.id, "kgo:investsIn", plant[0])], "investment", 0.55)
        finder.last_plant = plant
        finder.entities.mention(sentence.start + match.start("noun"), sentence.start + match.end("noun"), plant[0],
                                sentence)


def _refined(finder: RelationFinder, sentence: Sentence, plant: tuple[str, str | None], place: Found) -> tuple[str, str | None]:
    """A plant first placed in a province ("in northwest Norland's Kessel region") and later in a city or district of
    it ("the new plant in Kessel's Tarn City") is one plant: its site moves to the finer place."""
    site = finder.entities.found[plant[1]] if plant[1] else None
    if site is None or site.cls != "kgo:Province" or RANK.get(place.cls, 9) >= RANK["kgo:Province"]:
        return plant
    old = (plant[0], "kgo:plantIn", site.id)
    for relation in finder.found:
        relation.triples = [t for t in relation.triples if t != old]
    finder.add(sentence, [(plant[0], "kgo:plantIn", place.id)], "plant", 0.6)
    moved = (plant[0], place.id)
    for owner, known in list(finder._plants_by_owner.items()):
        if known == plant:
            finder._plants_by_owner[owner] = moved
    return moved


def find_projects(finder: RelationFinder, sentence: Sentence) -> None:
    """Whose a project is and where: the company named before it where it is first named ("Orrin, which owns the
    Tamsk lithium project", "Orrin's Tamsk project"), and the place right after it."""
    companies = finder.entities.in_sentence(sentence, {"kgo:Company"})
    for mention in finder.entities.in_sentence(sentence, {"kgo:Project"}):
        if finder.entities.found[mention.entity].quote.index != sentence.index:
            continue
        owners = [m for m in companies if m.end <= mention.start]
        triples = [(mention.entity, "kgo:projectOf", owners[-1].entity)] if owners else []
        place = _place_after(finder, sentence, mention.end - sentence.start)
        if place is not None:
            triples.append((mention.entity, "kgo:projectIn", place.id))
        finder.add(sentence, triples, "plant", 0.55)


def _also_called(finder: RelationFinder, plant_id: str, place: Found, noun: str) -> None:
    """The names a plant goes by once its site is known: "<company> <place> plant", "<place> plant"."""
    plant = finder.entities.found[plant_id]
    owner = next((finder.entities.found[t[2]].label for r in finder.found for t in r.triples
                  if t[0] == plant_id and t[1] == "kgo:plantOf"), None)
    names = [f"{place.label} {noun}"]
    if owner:
        names += [f"{short_name(owner)} {place.label} {noun}", f"{short_name(owner)} {place.label} plant"]
    for name in names:
        if name not in plant.alt_labels and name != plant.label:
            plant.alt_labels.append(name)


def _owner(finder: RelationFinder, sentence: Sentence, match: re.Match, det: str | None) -> Found | None:
    """The company whose plant it is: "X's plant", else the last company named before the phrase in the sentence
    (no other plant noun between), else the company the sentence's "its" refers to."""
    start = sentence.start + match.start()
    before = [m for m in finder.entities.in_sentence(sentence, {"kgo:Company"}) if m.end <= start]
    if before:
        return finder.entities.found[before[-1].entity]
    by = BUILT_BY.match(sentence.text[match.end():])
    after = [m for m in finder.entities.in_sentence(sentence, {"kgo:Company"})
             if by and m.start == sentence.start + match.end() + by.end()]
    if after:  # "A new battery plant will be built in Riverton by Acme"
        return finder.entities.found[after[0].entity]
    if (det in ("its", "their") or THE_COMPANY.search(sentence.text[:match.start()])) and finder.last_company:
        return finder.entities.found[finder.last_company]
    return None


# A clause whose subject refers back to the company named last: "The company said it will build", "It will also
# build", "The Riverton-based firm operates"
THE_COMPANY = re.compile(r"(?:^|[,;]\s+(?:and\s+)?|\bsaid\s+)(?:(?:The|the) (?:[\w\-]+ ){0,2}?(?:company|firm|group|"
                         r"carmaker|automaker|miner|producer|manufacturer|maker|developer|operator)|It|it|they|They)\s+"
                         r"(?:[a-z]+ ){0,3}?(?:will|would|plans?|is|are|was|were|has|have|had|to|also|[a-z]+s|[a-z]+ed)\b"
                         r"[^,;]*$")


# "... plant will be built in Riverton by Acme", "The Riverton refinery, operated by Acme"
BUILT_BY = re.compile(r"^[^.;]{0,60}?\b(?:built|operated|owned|developed|run|constructed)\s+(?:[^.;,]{0,40}?\s)?by\s+(?:the\s+)?")


def _joined_before(finder: RelationFinder, sentence: Sentence, offset: int) -> list[str]:
    """ "Acme and Bluewave will build a plant": the companies joined to the last one before the plant, when they are
    the subject of the verb that builds it."""
    before = [m for m in finder.entities.in_sentence(sentence, {"kgo:Company"}) if m.end <= sentence.start + offset]
    if len(before) < 2 or not re.match(r"\s+(?:will|would|are|plan|have|jointly|to|also|[a-z]+ed)\b",
                                       finder.text[before[-1].end:]):
        return []
    joined = []
    for prev, m in zip(reversed(before[:-1]), reversed(before)):
        if not LIST_GAP.match(finder.text[prev.end: m.start]):
            break
        joined.insert(0, prev.entity)
    return joined


def _place_after(finder: RelationFinder, sentence: Sentence, offset: int) -> Found | None:
    """The place named right after the plant ("... plant in Riverton", "... factory, in Port Alder"); a city or
    district before a province or country."""
    rest = sentence.text[offset:]
    lead = PLACE_AFTER.match(rest)
    if lead is None:
        return None
    return site_at(finder, sentence, sentence.start + offset + lead.end())


def short_name(company: str) -> str:
    """A company's name without its legal ending: "Acme Solar Inc." -> "Acme Solar"; "Acme Co., Ltd." -> "Acme"."""
    words = company.split()
    while len(words) > 1 and words[-1].lower().strip(".,") in LEGAL_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(",")


def _place_before(finder: RelationFinder, sentence: Sentence, offset: int) -> Found | None:
    """The place named in the words of kind before a plant's noun: "the Riverton plant", "its Saxony cell factory"."""
    at = sentence.start + offset
    for m in reversed(finder.entities.in_sentence(sentence, PLACE_CLASSES - {"kgo:Region"})):
        if m.end <= at and re.fullmatch(r"(?:\s+[a-z][a-z\-]*){0,3}\s+", finder.text[m.end:at]) \
                and not re.search(r"[’']s\s*$|\b(?:in|of|from|to|and|for|with)\s*$", finder.text[m.start - 4:m.start]):
            return finder.entities.found[m.entity]
    return None


DETERMINERS = ("a", "an", "the", "its", "their", "this", "that")


def _phrase_before(text: str, offset: int) -> tuple[str | None, str]:
    """The determiner and the words of kind before a plant's noun: "build a $2 billion, 100GWh battery plant" ->
    ("a", "battery"); words with digits or signs count as the phrase but not as its kind."""
    words = text[:offset].split()[-8:]
    kind: list[str] = []
    for at, word in reversed(list(enumerate(words))):
        bare = word.strip(",").lower()
        if bare in _PHRASE_STOPS or bare.endswith(("'s", "’s")):
            if bare in ("new", "own") and at and words[at - 1].lower() in DETERMINERS:
                bare = words[at - 1].lower()  # "the new plant" refers back as "the plant" does
            return (bare if bare in DETERMINERS else None), " ".join(kind)
        if word.isalpha() and word.islower() and bare not in GENERIC_WORDS:
            kind.insert(0, bare)
    return None, " ".join(kind)


STAKE = re.compile(r"\b(?:stake|shareholding|equity interest|stakeholder|shareholder)s? in (?:the )?")
FUNDED_BY = re.compile(r"\b(?:funded|financed|backed|co-funded|bankrolled)(?: in part| partly| half| jointly)? by (?:the )?")
INVESTORS = re.compile(r"\b(?:investors|backers|shareholders)(?: include| including| such as| like|,? namely)\b")
UNITS = {"kgo:Plant", "kgo:Project", "kgo:JointVenture"}
# "A invested $2 billion in B", "further investment into B", "a final investment decision on the 1.2GW B project"
INVEST_IN = re.compile(r"\b(?:invest(?:s|ed|ing|ments?)?\b[^.;]{0,60}?\b(?:in|into)|investment decision (?:on|for))\s+"
                       r"(?:the\s+|its\s+|their\s+)?(?:\S*\d\S*\s+)?")


def find_investments(finder: RelationFinder, sentence: Sentence) -> None:
    """ "A invested ... in X": a company or government investing in a place or a project it names."""
    for match in INVEST_IN.finditer(sentence.text):
        at = sentence.start + match.end()
        at_target = [m for m in finder.entities.in_sentence(sentence) if m.start == at
                     and finder.entities.found[m.entity].cls in PLACE_CLASSES | UNITS | {"kgo:Company"}]
        # "the Serra Power wind farm": the plant, not the company its name begins with
        target = min(at_target, key=lambda m: (finder.entities.found[m.entity].cls not in UNITS, -m.end), default=None)
        investors = [m for m in finder.entities.in_sentence(sentence, ORGANISATION_CLASSES)
                     if m.end <= sentence.start + match.start()]
        if target is not None and investors and investors[-1].entity != target.entity:
            # "A, B and C announced further investment into D": each company of the list that ends the subject
            listed = [investors[-1]]
            for prev in reversed(investors[:-1]):
                if not LIST_GAP.match(finder.text[prev.end: listed[0].start]):
                    break
                listed.insert(0, prev)
            finder.add(sentence, [(m.entity, "kgo:investsIn", target.entity) for m in listed if m.entity != target.entity],
                       "investment", 0.55)
    _stakes_and_backers(finder, sentence)


def _stakes_and_backers(finder: RelationFinder, sentence: Sentence) -> None:
    """ "A bought a 49% stake in B", "a minor stakeholder in the plant", "funded by A", "investors including A, B
    and C, X is ...": who has money in a company, plant or project."""
    text, base = sentence.text, sentence.start
    organisations = finder.entities.in_sentence(sentence, ORGANISATION_CLASSES - {"kgo:NewsOrganization"})
    units = finder.entities.in_sentence(sentence, UNITS)
    for match in STAKE.finditer(text):
        at = base + match.end()
        target = next((m.entity for m in organisations + units if m.start == at), None)
        if target is None and re.match(r"(?:plant|facility|factory|project|mine|refinery)\b", text[match.end():]):
            target = finder.last_plant[0] if finder.last_plant else None
        investor = [m for m in organisations if m.end <= base + match.start()]
        if target and investor and investor[-1].entity != target:
            finder.add(sentence, [(investor[-1].entity, "kgo:investsIn", target)], "investment", 0.55)
    for match in FUNDED_BY.finditer(text):
        backers = [m for m in organisations if m.start >= base + match.end()][:1]
        target = next((m.entity for m in units if m.end <= base + match.start()), None) or (
            finder.last_plant[0] if finder.last_plant else None)
        finder.add(sentence, [(b.entity, "kgo:investsIn", target) for b in backers if target], "investment", 0.5)
    for match in INVESTORS.finditer(text):
        listed = [m for m in organisations if m.start >= base + match.end()]
        rest = [m for m in organisations if m.start < base + match.start()]
        end = re.search(r",\s+(?=[A-Z][^,]*\b(?:is|are|was|has|will)\b)", text[match.end():])
        if end and not rest:  # "With investors including A, B and C, X is ...": X, after the list
            cut = base + match.end() + end.start()
            rest, listed = [m for m in listed if m.start > cut], [m for m in listed if m.start < cut]
        target = next((m.entity for m in rest if finder.entities.found[m.entity].cls == "kgo:Company"), None)
        finder.add(sentence, [(m.entity, "kgo:investsIn", target) for m in listed if target and m.entity != target],
                   "investment", 0.5)


def find_agreements(finder: RelationFinder, sentence: Sentence) -> tuple[str, list[str]] | None:
    """An agreement signed in the sentence between the organisations it names; returns its id and parties."""
    text = sentence.text
    agreement = signed_agreement(text)
    if agreement is None:
        return None
    # the parties named in the agreement's clause: "A signed an agreement with B, while C partnered with D"
    clause = _clause(text, agreement.start())
    named = [m for m in finder.entities.in_sentence(sentence, PARTIES) if clause[0] <= m.start - sentence.start < clause[1]]
    # the partner the clause is about first ("The company signed ... with B": the company named last)
    subject = clause_subject(finder, [m for m in named if m.start - sentence.start < agreement.start()], sentence)
    parties = [finder.entities.found[i] for i in dict.fromkeys([*([subject] if subject else []),
                                                               *(m.entity for m in named)])]
    if len(parties) < 2:
        return None
    kind = agreement_kind(agreement)
    label = f"{kind[:1].upper() + kind[1:]} between {parties[0].label} and {parties[1].label}"
    agreement_id = finder.entities.declare(label, "kgo:Agreement", sentence, 0.6)
    triples = [(agreement_id, "kgo:party", p.id) for p in parties[:4]]
    triples.append((parties[0].id, "kgo:partnerOf", parties[1].id))
    finder.add(sentence, triples, "agreement", 0.6)
    return agreement_id, [p.id for p in parties[:4]]


def signed_agreement(text: str) -> re.Match | None:
    """The first agreement the sentence says was signed (made), if any."""
    return next((m for m in AGREEMENT.finditer(text) if _signed(text, m)), None)


def agreement_kind(agreement: re.Match) -> str:
    """The kind of an agreement as its words say it: "have executed binding agreements" -> "binding agreement"."""
    words = agreement.group("kind").split()
    cut = max((i + 1 for i, w in enumerate(words) if w in NOT_AGREEMENT_KINDS or SIGNED.fullmatch(w)), default=0)
    kind = " ".join(w for w in words[cut:] if w not in GENERIC_WORDS)
    noun = agreement.group("noun").rstrip("s") if agreement.group("noun").endswith("s") else agreement.group("noun")
    return (kind + " " + noun).strip()


MADE = re.compile(SIGNED.pattern[:-3] + r"|announced|announces|unveiled)\b")
SIGNED_AFTER = re.compile(r"^[^.;]{0,60}?\b(?:(?:was|were|has been|have been|had been|is being|are being|will be) (?:signed|"
                          r"inked|executed|concluded|reached)|(?:signed|inked) (?:between|by|with|among|on|in))\b")


def _signed(text: str, agreement: re.Match) -> bool:
    """True if the sentence says the agreement was made: a verb of signing in the words just before its noun ("signed
    a strategic cooperation agreement"), or "... agreements were signed" after it."""
    before = text[max(0, agreement.start("noun") - 80): agreement.start("noun")]
    verb = None
    for verb in MADE.finditer(before):
        pass  # the verb nearest the noun
    gap = before[verb.end():] if verb is not None else ""
    if verb is not None and len(gap.split()) <= 6 and not re.search(r";|\b(?:while|which|who|that)\b|,\s+and\b", gap):
        return True
    return bool(SIGNED_AFTER.match(text[agreement.end():]))


CLAUSE_BREAK = re.compile(r",?\s+(?:while|whereas|but|meanwhile)\s+|;\s+")


def _clause(text: str, at: int) -> tuple[int, int]:
    """The span of the clause of a sentence that holds offset ``at``."""
    start = max((m.end() for m in CLAUSE_BREAK.finditer(text) if m.end() <= at), default=0)
    end = min((m.start() for m in CLAUSE_BREAK.finditer(text) if m.start() >= at), default=len(text))
    return start, end


def find_supply(finder: RelationFinder, sentence: Sentence) -> None:
    """Who supplies whom: "A will supply cells to B", "A's key customers including B and C"."""
    text = sentence.text
    companies = finder.entities.in_sentence(sentence, {"kgo:Company"})
    supply = SUPPLY.search(text)
    if supply is not None:
        before = [m for m in companies if m.end - sentence.start <= supply.start()]
        after = [m for m in companies if m.start - sentence.start >= supply.end()]
        if before and after:
            finder.add(sentence, [(before[-1].entity, "kgo:supplies", after[0].entity)], "supply", 0.55)
    _customer_of(finder, sentence, companies)
    customers = CUSTOMERS.search(text)
    if customers is not None:
        before = [m for m in companies if m.end - sentence.start <= customers.start()]
        supplier = before[-1].entity if before else finder.last_company
        after = [m.entity for m in companies if m.start - sentence.start >= customers.end()]
        if supplier:
            finder.add(sentence, [(supplier, "kgo:supplies", c) for c in after], "supply", 0.5)


def _customer_of(finder: RelationFinder, sentence: Sentence, companies: list) -> None:
    """ "B is a customer of A", "B buys cells from A" (A supplies B); "A will supply B with cells" (A supplies B)."""
    for before, after in zip(companies, companies[1:]):
        gap = finder.text[before.end: after.start]
        if CUSTOMER_OF.search(gap) or BUYS_FROM.search(gap):
            finder.add(sentence, [(after.entity, "kgo:supplies", before.entity)], "supply", 0.55)
        elif SUPPLY_WITH.search(gap) and re.match(r"\s+with\b", finder.text[after.end: sentence.end]):
            finder.add(sentence, [(before.entity, "kgo:supplies", after.entity)], "supply", 0.55)


def find_organisers(finder: RelationFinder, sentence: Sentence) -> None:
    """Organisers and sponsors of the event named in (or last before) the sentence."""
    events = finder.entities.in_sentence(sentence, {"kgo:Conference", "kgo:PressConference"})
    event = events[0].entity if events else finder._last_event
    if event is None:
        return
    for match in ORGANISED.finditer(sentence.text):
        verb = match.group("verb") or "guidance"
        prop = "schema:sponsor" if "sponsor" in verb or verb == "guidance" else "schema:organizer"
        end = re.search(r"[;.]|\b(?:and|while|which|with)\s+(?:[a-z])", sentence.text[match.end():])
        stop = sentence.start + match.end() + (end.start() if end else len(sentence.text))
        orgs = [m.entity for m in finder.entities.in_sentence(sentence, ORGANISATION_CLASSES)
                if sentence.start + match.end() <= m.start < stop]
        finder.add(sentence, [(event, prop, o) for o in orgs], "organiser", 0.6)


_SUBSIDIARY_BETWEEN = re.compile(r"^(?:['’]s)?\s+(?:wholly[- ]owned |majority[- ]owned |local |new )?(?:subsidiary|unit|division|"
                                 r"affiliate)\s+(?:company\s+)?$")
_SUBSIDIARY_OF = re.compile(r"^,\s+(?:a|an|the)\s+(?:wholly[- ]owned |majority[- ]owned |fully[- ]owned |local )?"
                            r"(?:subsidiary|unit|division|affiliate)\s+of\s+(?:the\s+)?$")
_ITS_SUBSIDIARY = re.compile(r"^,\s+its\s+(?:[\w\-.]+\s+){0,4}?(?:subsidiary|unit|division|affiliate)\b")
_JOINT_VENTURE = re.compile(r"\bjoint venture\b")


def find_subsidiaries(finder: RelationFinder, sentence: Sentence) -> None:
    """Subsidiaries and joint ventures, from the companies named around the words that say so: "A subsidiary B",
    "B, a subsidiary of A", "B, its ... subsidiary", "A started a joint venture, B, with C"."""
    companies = finder.entities.in_sentence(sentence, ORGANISATION_CLASSES)
    text = finder.text
    pairs = []
    for a, b in zip(companies, companies[1:]):
        between = text[a.end: b.start]
        if _SUBSIDIARY_BETWEEN.match(between):
            pairs.append((b.entity, a.entity))
        elif _SUBSIDIARY_OF.match(between):
            pairs.append((a.entity, b.entity))
    for child in companies:
        if _ITS_SUBSIDIARY.match(text[child.end: sentence.end]):
            parents = [m.entity for m in companies if m.end <= child.start and m.entity != child.entity]
            parent = parents[0] if parents else finder.last_company
            if parent and parent != child.entity:
                pairs.append((child.entity, parent))
    venture = _JOINT_VENTURE.search(sentence.text)
    if venture is not None:
        named = [m for m in companies if re.match(r"^,?\s*(?:called |named |known as )?", text[sentence.start
                 + venture.end(): m.start]) and 0 <= m.start - sentence.start - venture.end() <= 14]
        called = [m for m in companies if re.search(r"\b(?:known as|called|named)\s+$", text[max(m.start - 12, 0):m.start])]
        if named or called:  # "a joint venture, B, with C", "a joint venture with C known as B"
            jv = (named or called)[0].entity
            pairs += [(jv, m.entity) for m in companies if m.entity != jv][:3]
    if pairs:
        finder.add(sentence, [(c, "schema:parentOrganization", p) for c, p in pairs], "subsidiary", 0.6)


def subsidiaries_by_name(finder: RelationFinder) -> None:
    """After the text: a company named as another plus a place ("Acme Peru", "Acme Power Kenya") is its
    subsidiary there."""
    companies = [e for e in finder.entities.found.values() if e.cls == "kgo:Company"]
    for child in companies:
        for parent in companies:
            rest = child.label[len(parent.label):].strip() if child.label.startswith(parent.label + " ") else ""
            last = rest.split()[-1] if rest else ""
            if last and places_named(last) and any(p.cls == "kgo:Country" for p in places_named(last)):
                finder.add(child.quote, [(child.id, "schema:parentOrganization", parent.id)], "subsidiary", 0.5)
