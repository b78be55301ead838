"""Plants named by a proper name: "the 660MW Tarn Ridge offshore wind farm", "the Kell alumina refinery".

A run of capitalised words, then up to three lower-case words of kind, then a facility noun of general English
(plant, factory, refinery, smelter, mine, mill, fab, wind farm, ...) names a plant. Its label is those words as
the text writes them; later mentions by the same proper name ("the Tarn Ridge plant") are the same plant. Its
owner is the company the sentence says has, builds or runs it ("Acme's ... plant", "Bluewave, which is building
the ... plant", else the company the sentence opens with); its site is the place named right after it ("in X",
"near X"). A run that is only a company's name ("the Acme battery plant") or only a place's ("the Riverton
plant") is left to ``ventures.find_plants``, which names such plants by their owner and site.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.deals import clause_subject
from kg.extract.entities import ORGANISATION_CLASSES, PLACE_CLASSES, Found
from kg.extract.gazetteer import DEMONYMS
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

FACILITY_NOUNS = (r"(?:(?:wind|solar|battery|energy) (?:farm|park)|power (?:plant|station)|gigafactory|factory|plant|"
                  r"refinery|smelter|mine|mini mill|mill|fab|foundry|(?:[a-z]+ )?complex|terminal)")
FACILITY = re.compile(r"\b(?P<noun>(?i:" + FACILITY_NOUNS + r"))s?\b")
# Capitalised words that open a phrase but name nothing: determiners, pronouns, months, days, sentence openers.
NOT_NAMES = {"The", "A", "An", "Its", "Their", "This", "That", "These", "Those", "Our", "His", "Her", "New", "Both",
             "Each", "Every", "Some", "All", "Any", "One", "Two", "Three", "First", "Second", "Third", "State", "National",
             "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
             "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "North", "South",
             "East", "West", "Central", "Northern", "Southern", "Eastern", "Western", "Phase", "Unit", "Line", "No",
             "Construction", "Production", "Work", "Operations", "Plans", "Green", "Global"}
PARTICLES = {"de", "da", "do", "dos", "das", "del", "la", "le", "van", "von", "di", "du", "and", "&"}
UNIT = re.compile(r"[kMGT]Wh?|[kMG]Wp|MWac|MWdc|[kM]t|Mtpa|GWh")  # "the 900 MW Tarn Ridge farm": no part of its name
KIND = re.compile(r"[a-z][a-z\-]+")
NOT_KINDS = {"a", "an", "the", "its", "their", "this", "that", "to", "will", "of", "in", "at", "for", "and", "with",
             "on", "by", "from", "is", "was", "new", "existing", "planned", "proposed", "largest", "first", "second",
             # verbs and numbers stand between a subject and its plants, in no plant's name ("Acme operates three plants")
             "operates", "owns", "runs", "builds", "has", "have", "had", "said", "says", "plans", "two", "three", "four",
             "five", "six", "seven", "eight", "nine", "ten", "several", "many", "more", "other"}
_BUILDER = re.compile(r",?\s+(?:which|that|who)\s+(?:is|are|was|were|has|have|will)?\s*(?:building|built|build|"
                      r"develop\w*|operat\w*|own\w*|run\w*|construct\w*)\b")
_PLACE_AFTER = re.compile(r"^\s*(?:,\s*)?(?:(?:located|based|built|sited) )?(?:in|at|near|outside|off)\s+(?:the\s+)?")
# Words of side between "in" and a place, naming no place: "in northwestern Norland", "in rural Riverton"
_SIDE = r"(?:(?:rural|northern|southern|eastern|western|central|north|south|east|west|north-?[a-z]+|south-?[a-z]+|" \
        r"upstate|coastal)\s+)*"
_SIDE_AT = re.compile(_SIDE)
_OWNS_SIDE = re.compile(r"['’]s\s+" + _SIDE)


def find_named_plants(finder: RelationFinder, sentence: Sentence) -> None:
    """Declare and mention each plant the sentence names by a proper name, with its owner and site."""
    text = sentence.text
    for match in FACILITY.finditer(text):
        found = _name_before(text, match.start())
        if found is None:
            continue
        start, name = found
        if _only_an_entity(finder, sentence, start, match.start()):
            continue
        label = text[start: match.end()].strip()
        plant_id = finder._named_plants.get(name.casefold())
        if plant_id is None:
            plant_id = finder.entities.declare(label, "kgo:Plant", sentence, 0.6, rule="a plant named by its name")
            finder._named_plants[name.casefold()] = plant_id
        elif label != finder.entities.found[plant_id].label:
            alts = finder.entities.found[plant_id].alt_labels
            if label not in alts:
                alts.append(label)
        finder.entities.mention(sentence.start + start, sentence.start + match.end(), plant_id, sentence)
        _owner_and_site(finder, sentence, plant_id, start, match.end())


def _name_before(text: str, offset: int) -> tuple[int, str] | None:
    """(where the name starts, the proper name) of the words before a facility noun: up to three lower-case words of
    kind, after a run of capitalised words (numbers and particles inside it: "Tarn 2", "Casa de Pedra")."""
    words = [(m.start(), m.group()) for m in re.finditer(r"[^\s,;:()\"“”]+", text[:offset])]
    i, kinds = len(words) - 1, 0
    while i >= 0 and kinds < 3 and KIND.fullmatch(words[i][1]) and words[i][1] not in NOT_KINDS:
        i, kinds = i - 1, kinds + 1
    name: list[tuple[int, str]] = []
    while i >= 0:
        word = words[i][1]
        if word[:1].isupper() and not word.endswith(("'s", "’s", "'", "’")) or (
                name and (word.isdigit() or word in PARTICLES)):
            name.insert(0, words[i])
            i -= 1
        else:
            break
    while name and (name[0][1] in NOT_NAMES or name[0][1] in PARTICLES or name[0][1].isdigit()
                    or UNIT.fullmatch(name[0][1])):
        name.pop(0)
    if not name or all(w in DEMONYMS or w in NOT_NAMES for _, w in name) or name[-1][1] in PARTICLES or any(
            w.endswith("-based") for _, w in name):  # "the Riverton-based firm": a company's origin, not a name
        return None
    if not any(re.search(r"[a-z]", w) for _, w in name):
        return None  # "EV", "SiC": a product's abbreviation, not a plant's name
    if name[0][0] == words[0][0] and len(name) == 1:
        return None  # one capitalised word opening the sentence: an ordinary word as often as a name
    return name[0][0], " ".join(w for _, w in name)


def _only_an_entity(finder: RelationFinder, sentence: Sentence, start: int, end: int) -> bool:
    """True if the capitalised words are all one company's or place's name (or a person's): such a plant is named
    by its owner or site, not by a name of its own."""
    name = finder.text[sentence.start + start: sentence.start + end].strip()
    for m in finder.entities.in_sentence(sentence):
        entity = finder.entities.found[m.entity]
        inside = m.start <= sentence.start + start and sentence.start + start + len(name.split(" ")[0]) <= m.end
        if not inside or entity.cls == "kgo:Plant":
            continue
        words_after = finder.text[m.end: sentence.start + end].split()
        if entity.cls in ORGANISATION_CLASSES | {"kgo:Person"} or not any(w[:1].isupper() for w in words_after):
            return True
    return False


def _owner_and_site(finder: RelationFinder, sentence: Sentence, plant_id: str, start: int, end: int) -> None:
    companies = [m for m in finder.entities.in_sentence(sentence, {"kgo:Company"})
                 if m.end <= sentence.start + start]
    owner: str | None = None
    if companies:
        last = companies[-1]
        between = finder.text[last.end: sentence.start + start]
        if re.match(r"['’]s?\s", between) or _BUILDER.match(between):
            owner = last.entity  # "Acme's Kell refinery", "Acme, which is building the Kell plant"
        else:  # the company the clause is about: "Acme has placed an order with Bluewave for the Tarn complex"
            owner = clause_subject(finder, companies, sentence)
    elif re.search(r"\b(?:its|their)\s+(?:[\w\-.,]+\s+){0,4}$", sentence.text[:start]) and finder.last_company:
        owner = finder.last_company
    triples = [(plant_id, "kgo:plantOf", owner)] if owner else []
    site = _site_after(finder, sentence, end)
    if site is not None and site.cls != "kgo:Region":
        triples.append((plant_id, "kgo:plantIn", site.id))
    finder.add(sentence, triples, "plant", 0.6)
    finder.last_plant = (plant_id, site.id if site is not None else None)
    if owner:
        finder._plants_by_owner[owner] = finder.last_plant


def _site_after(finder: RelationFinder, sentence: Sentence, offset: int) -> Found | None:
    """The place named right after the plant ("... wind farm in rural Norland", "..., near Riverton")."""
    lead = _PLACE_AFTER.match(sentence.text[offset:])
    if lead is None:
        return None
    return site_at(finder, sentence, sentence.start + offset + lead.end())


def site_at(finder: RelationFinder, sentence: Sentence, at: int) -> Found | None:
    """The place named at offset ``at`` of the text, after words of side ("northwestern Norland"); of a place in a
    place's possessive ("Norland's south-central Kessel state"), the finer one."""
    at = _SIDE_AT.match(finder.text, at).end()
    places = finder.entities.in_sentence(sentence, PLACE_CLASSES)
    first = next((m for m in places if m.start == at), None)
    owns = _OWNS_SIDE.match(finder.text, first.end) if first is not None else None
    finer = next((m for m in places if owns and m.start == owns.end()), None)
    found = finer or first
    return finder.entities.found[found.entity] if found is not None else None
