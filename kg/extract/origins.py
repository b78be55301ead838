"""Where an organisation is from: "China's Acme", "Chinese battery maker Acme", "Ningbo-based Kestrel",
"X, headquartered in Y"; and a country's government named by its adjective ("the Moroccan government").

Each company gets one place of origin (schema:location), the first the text gives.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import PLACE_CLASSES
from kg.extract.gazetteer import DEMONYMS, country_named
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

# Up to four lower-case (or acronym) words of description between the adjective and the name.
_DEMONYM = re.compile(r"(?<![\w.])(?P<adj>" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
                      + r")(?: (?:[a-z][\w\-]*|EV|PV|NEV|IT)){0,4} $")
_BASED = re.compile(r"(?:-based|,? (?:based|headquartered) in) $")
_THE_FIRM = re.compile(r"\b[Tt]he (?P<place>[A-Z][\w\-]*(?: [A-Z][\w\-]*)?)[-–]based (?:[a-z][\w\-]* ){0,2}?(?:company|firm|"
                       r"group|maker|manufacturer|producer|miner|developer|carmaker|automaker|startup)\b")
_GOVERNMENT = re.compile(r"\b(?:the )?(?P<adj>" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
                         + r") government\b")


def find_origins(finder: RelationFinder, sentence: Sentence) -> None:
    """The place each company named in the sentence is from, if the words before its name say it."""
    text = finder.text
    for mention in finder.entities.in_sentence(sentence, {"kgo:Company"}):
        if mention.entity in finder._origin:
            continue
        before = text[max(sentence.start, mention.start - 80): mention.start]
        place = _possessive_place(finder, sentence, mention.start) or _based_place(finder, sentence, mention.start) \
            or _place_after(finder, sentence, mention.end)
        if place is None and (adjective := _DEMONYM.search(before)) and DEMONYMS[adjective.group("adj")]:
            country = country_named(DEMONYMS[adjective.group("adj")])
            place = finder.named(country.label, sentence, country.cls, 0.7) if country else None
        if place is not None:
            finder._origin[mention.entity] = place
            finder.add(sentence, [(mention.entity, "schema:location", place)], "origin", 0.6)
    the_firm = _THE_FIRM.search(sentence.text)
    if the_firm and finder.last_company and finder.last_company not in finder._origin:
        at = sentence.start + the_firm.start("place")
        place = next((m.entity for m in finder.entities.in_sentence(sentence, PLACE_CLASSES) if m.start == at), None)
        if place is not None:  # "The Riverton-based firm": the company named last is from Riverton
            finder._origin[finder.last_company] = place
            finder.add(sentence, [(finder.last_company, "schema:location", place)], "origin", 0.55)
    for match in _GOVERNMENT.finditer(sentence.text):
        code = DEMONYMS[match.group("adj")]
        country = country_named(code) if code else None
        if country is None:
            continue
        label = f"{match.group('adj')} government"
        agency = finder.entities.declare(label, "kgo:GovernmentAgency", sentence, 0.6, rule="'the <nationality> government'")
        finder.entities.mention(sentence.start + match.start("adj"), sentence.start + match.end(), agency, sentence)
        place = finder.named(country.label, sentence, country.cls, 0.7)
        finder.add(sentence, [(agency, "kgo:jurisdiction", place)], "place", 0.6)


def _possessive_place(finder: RelationFinder, sentence: Sentence, start: int) -> str | None:
    """ "China's Acme": a place named just before the company, with a possessive."""
    for mention in finder.entities.in_sentence(sentence, PLACE_CLASSES):
        if re.fullmatch(r"['’]s ", finder.text[mention.end:start]):
            return mention.entity
        if mention.start == start and finder.text[mention.end: mention.end + 3] in ("'s ", "’s "):
            return mention.entity  # the company's mention took in the possessive: "China's Halden Lithium"
    return None


def _based_place(finder: RelationFinder, sentence: Sentence, start: int) -> str | None:
    """ "Ningbo-based Kestrel": a place just before "-based"."""
    for mention in finder.entities.in_sentence(sentence, PLACE_CLASSES):
        if re.fullmatch(r"[-–]based (?:[a-z][\w\-]* ){0,4}", finder.text[mention.end:start]):
            return mention.entity  # "Riverton-based automobile brand Acme"
    return None


def _place_after(finder: RelationFinder, sentence: Sentence, end: int) -> str | None:
    """ "Acme Co Ltd from Hunan province", "Acme, based in Riverton": a place named just after the company."""
    for mention in finder.entities.in_sentence(sentence, PLACE_CLASSES):
        if re.fullmatch(r",? (?:from|of|(?:(?:which|that) )?(?:is|was) (?:based|headquartered) in|(?:based|headquartered) in) "
                        r"(?:the )?", finder.text[end:mention.start]):
            return mention.entity
    return None
