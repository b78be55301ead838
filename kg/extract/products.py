"""Products and industries named by common nouns: what a sentence says is made, mined or sold, and what a market is of.

Products (kgo:ChainProduct) are the objects of verbs of making ("will produce ammonia, methanol and synthetic fuel",
"mines copper and gold"), what a facility is named after ("a green ammonia plant", "the alumina refinery", "a
copper mine") and what a quantity is of ("120,000 tonnes a year of lithium hydroxide"). Industries (kgo:Industry)
are what a market, a supply chain or an ecosystem is of ("the wind energy market", "the semiconductor supply
chain"). The words are general English: the verbs and heads name no product; the product is the text's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.text import Sentence

# Verbs of making, mining, selling: their objects are products.
_MAKING = (r"(?:produce|produces|produced|producing|manufacture|manufactures|manufactured|"
           r"refine|refines|refined|export|exports|exported|supply|supplies|supplied|supplying|"
           r"extract|extracts|extracted|convert\w* (?:[a-z]+ ){1,3}into)")
# A product's words: one to three lower-case words (hyphens inside), the last a noun of the thing.
_WORDS = r"[a-z][a-z\-]*(?: (?!and\b|or\b|as well\b)[a-z][a-z\-]*){0,2}"
_ITEMS = re.compile(r"\b" + _MAKING + r" (?P<items>" + _WORDS + r"(?:(?:,| and|, and|, as well as) " + _WORDS
                    + r")*)(?=[ ,.;:)]|$)")
# Facility nouns after a product's words: "a green ammonia plant", "the alumina refinery", "copper mine".
_FACILITY = re.compile(r"(?:\b(?:a|an|the|its|their|\w+['’]s)|\d\S*|[kMG]W\w*|tonnes?|tons?) (?:(?:new|planned|proposed|"
                       r"existing|first|second|large|largest|\d\S*) )*(?P<items>[a-z][a-z\-]*(?: [a-z][a-z\-]*)?) "
                       r"(?:production |processing )?(?:plant|plants|refinery|refineries|smelter|smelters|mine|mines|"
                       r"factory|factories)\b")
_QUANTITY = re.compile(r"\b(?:tonnes|tons|barrels|kilograms|kilotonnes|megatonnes|[kMG]Wh?)(?: (?:a|per) (?:year|annum|day)|"
                       r" annually)? of (?P<items>" + _WORDS + r")(?=[ ,.;:)]|$)")
# What a production, an output, reserves or exports are of: "copper and gold production", "its lithium reserves".
_OUTPUT = re.compile(r"\b(?:the|its|their|\w+['’]s|of|in|and|increase|boost|raise|expand|cut|double|annual|"
                     r"global|domestic) (?P<items>[a-z][a-z\-]*(?: [a-z][a-z\-]*)?(?: and [a-z][a-z\-]*)?) "
                     r"(?:production|output|reserves|deposits|exports|imports|shipments|prices)\b")
# What a market, chain, ecosystem, network or business is of: an industry ("the wind energy market", "its
# aluminium operations", "an EV charging network").
_INDUSTRY = re.compile(r"\b(?:the|its|a|an|\w+['’]s|in|of|for|and|to|global|domestic|local|national) "
                       r"(?P<items>(?:[a-z][a-z\-]+ |[A-Z]{2,4} ){0,2}[a-z][a-z\-]+|[A-Z]{2,4}) "
                       r"(?:market|supply chain|value chain|ecosystem|network|portfolio|operations|business|division)\b")
# Words that are no product or industry: determiners, quantities, generic nouns, adjectives of size and time.
_NOT_WORDS = {
    "a", "an", "the", "its", "their", "our", "this", "that", "these", "those", "more", "most", "less", "some", "all",
    "any", "other", "new", "existing", "planned", "proposed", "first", "second", "third", "largest", "biggest",
    "large", "small", "big", "major", "key", "main", "current", "future", "enough", "about", "up", "over", "it",
    "them", "which", "what", "such", "both", "each", "every", "own", "same", "further", "additional", "local",
    "power", "electricity", "energy", "products", "product", "goods", "materials", "output", "capacity", "jobs",
    "growth", "value", "results", "revenue", "profit", "sales", "services", "service", "solutions", "equipment",
    "production", "processing", "manufacturing", "plant", "plants", "facility", "project", "projects", "site",
    "use", "homes", "households", "up", "well", "sure", "way", "part", "progress", "clear", "possible", "operational",
    "pilot", "demonstration", "commercial", "chain", "chains", "world", "country", "region", "market", "per",
    "mining", "construction", "operation", "operations", "work", "development", "investment", "supply", "global",
    "domestic", "national", "industry", "sector", "total", "annual", "integrated", "entire", "whole", "around",
    "approximately", "nearly", "almost", "roughly", "companies", "firms", "countries", "people", "customers",
    "parts", "components", "things", "items", "money", "funds", "data", "information", "decisions", "sure",
    "base", "assembly", "component", "fabrication", "efficiency", "expansion", "warning", "billion", "million",
    "half", "refinery", "factory", "mine", "smelter", "costs", "cost", "sense", "division", "emissions", "giant",
    "rather", "along", "also", "even", "only", "just", "still", "back", "out", "down", "off", "again", "too",
    "regional", "international", "technological", "strong", "fast", "growing", "broader", "broad", "wider",
    "wind", "solar", "electrical", "stock", "labour", "labor", "job", "bond", "equity", "property", "capital",
    "electric", "facilities", "mass", "top", "record", "peak", "full", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten",
}
# A one-word industry is taken after a determiner only ("its aluminium operations", not "to begin operations").
_DETERMINED = re.compile(r"\b(?:the|its|their|a|an|\w+['’]s)\s+$")
# Heads too general to name a product alone.
_GENERIC_HEADS = {"battery", "batteries", "module", "modules", "cell", "cells", "car", "cars", "vehicle", "vehicles",
                  "chip", "chips", "material", "metal", "metals", "fuel", "chemicals", "parts"}
# Generic as a product, not as the last word of an industry: "the wind energy market".
_INDUSTRY_WORDS = {"energy", "power", "manufacturing", "mining", "processing", "production", "storage", "services", "wind",
                   "solar"}
# Words that end a product's phrase: prepositions, verbs and conjunctions that start what follows it.
_STOPS = {"every", "each", "before", "after", "when", "if", "it", "annually", "daily", "yearly", "for", "to", "in", "at", "with", "by", "from", "on", "per", "of", "as", "is", "are", "was", "were", "will",
          "would", "which", "that", "and", "or", "but", "while", "than", "through", "under", "into", "within",
          "across", "via", "using", "used", "including", "such", "like", "has", "have", "had", "can", "could"}


def _clean(item: str, generic: set[str]) -> str | None:
    """The product's words of an item: up to its first stop word, without determiners; None if nothing is left
    or the words are ``generic``."""
    words = []
    for word in item.split():
        if word in _STOPS:
            break
        words.append(word)
    while words and (words[0] in generic or words[0].endswith("ed")):  # "the discarded batteries": batteries
        words = words[1:]
    if not words or words[-1] in generic or any(w in ("and", "or") for w in words) or len(words[-1]) < 3 \
            or any(w.endswith("ly") or w in generic for w in words) or words[-1].endswith("ing") and generic is _NOT_WORDS:
        return None  # "globally", "particularly": no thing's name
    return " ".join(words)


def _items(text: str, match: re.Match, generic: set[str]) -> Iterator[tuple[int, int, str]]:
    """The items of a list in a match, each with its offsets in ``text``."""
    start = match.start("items")
    for part in re.split(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+", match.group("items")):
        offset = text.find(part, start)
        if offset < 0:
            continue
        start = offset + len(part)
        name = _clean(part, generic)
        if name:
            at = text.find(name, offset)
            yield at, at + len(name), name


def products_in(sentence: Sentence) -> Iterator[tuple[int, int, str, str, float, str]]:
    """Products and industries a sentence names by common nouns: (start, end, label, class, confidence, rule)."""
    text, base = sentence.text, sentence.start
    for pattern, cls, confidence, rule in (
            (_ITEMS, "kgo:ChainProduct", 0.55, "the object of a verb of making"),
            (_FACILITY, "kgo:ChainProduct", 0.55, "what a facility is named after"),
            (_QUANTITY, "kgo:ChainProduct", 0.55, "what a quantity is of"),
            (_OUTPUT, "kgo:ChainProduct", 0.5, "what a production or reserves are of"),
            (_INDUSTRY, "kgo:Industry", 0.55, "what a market or supply chain is of")):
        for match in pattern.finditer(text):
            generic = _NOT_WORDS if cls == "kgo:ChainProduct" else _NOT_WORDS - _INDUSTRY_WORDS
            for start, end, name in _items(text, match, generic):
                if name in _GENERIC_HEADS:
                    continue  # "a battery plant", "to make modules": the kind of thing, not a product's name
                if cls == "kgo:Industry" and (name.split()[-1].endswith(("al", "ic", "ed", "ment")) or " " not in name and (
                        name.endswith(("ing", "ion")) or name in _INDUSTRY_WORDS or not _DETERMINED.search(
                            text[:start]))):
                    continue  # "the international market", "its existing operations": no industry
                yield base + start, base + end, name[:1].upper() + name[1:], cls, confidence, rule
