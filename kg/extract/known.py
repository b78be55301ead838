"""Names the lexicon knows, found in a sentence by spaCy's phrase matchers (built once per lexicon).

One-word proper names keep their case ("Ulm", "ABB"); longer names, and common nouns ("electrolyte"),
match in any case. A place name that names no place where it stands ("(Hubei)" inside a company's
name, "U.S." in "U.S. dollars") is passed over, and so is one inside a longer place's name ("Korea" in
"North Korea"): the longest name wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher

from kg.extract.gazetteer import places_named
from kg.extract.lexicon import KnownEntity, Lexicon
from kg.extract.names import COMMON_NOUN_NAMES, PLACE_CLASSES
from kg.extract.text import Sentence, pipeline


@dataclass(frozen=True)
class Matchers:
    """The two phrase matchers over a lexicon's names, and the entity each match key stands for."""

    exact: PhraseMatcher
    lower: PhraseMatcher
    entity_by_key: dict[int, KnownEntity]


def matchers(lexicon: Lexicon) -> Matchers:
    """The lexicon's matchers, built on first use and kept on the lexicon (a lexicon does not change)."""
    cached = getattr(lexicon, "_phrase_matchers", None)
    if cached is not None:
        return cached
    nlp = pipeline()
    exact, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    entity_by_key: dict[int, KnownEntity] = {}
    for number, entity in enumerate(lexicon.entities):
        key = nlp.vocab.strings.add(f"kg-lexicon-{number}")
        entity_by_key[key] = entity
        common = entity.cls in COMMON_NOUN_NAMES
        singles = [n for n in entity.names if len(n.split()) == 1 and not common]
        multis = [n for n in entity.names if len(n.split()) > 1 or common]
        if singles:
            exact.add(f"kg-lexicon-{number}", [nlp.make_doc(n) for n in singles])
        if multis:
            lower.add(f"kg-lexicon-{number}", [nlp.make_doc(n) for n in multis])
    built = Matchers(exact, lower, entity_by_key)
    lexicon._phrase_matchers = built  # type: ignore[attr-defined]
    return built


def known_in(lexicon: Lexicon, sentence: Sentence) -> Iterator[tuple[int, int, KnownEntity]]:
    """Lexicon names in the sentence as (start, end, entity), longest first, so "Hainan Province" wins over
    "Hainan"."""
    found = matchers(lexicon)
    doc = sentence.span.as_doc()
    spans = []
    for match_id, s, e in found.exact(doc) + found.lower(doc):
        first, last = sentence.span[s], sentence.span[e - 1]
        if found.entity_by_key[match_id].cls in PLACE_CLASSES and (not_a_place_here(sentence.span, s, e)
                                                                   or inside_a_longer_place(sentence.span, s, e)):
            continue
        spans.append((sentence.base + first.idx, sentence.base + last.idx + len(last.text), match_id))
    for start, end, match_id in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0], x[2])):
        yield start, end, found.entity_by_key[match_id]


def not_a_place_here(span, s: int, e: int) -> bool:
    """A place name that names no place here: "(Hubei)" inside a company's name, "U.S." in "U.S. dollars"."""
    before = span[s - 1].text if s > 0 else ""
    after = span[e].text if e < len(span) else ""
    outer = span[s - 2] if s > 1 else None
    in_name = before == "(" and after == ")" and outer is not None and outer.text[:1].isupper()
    return in_name or after.lower() in ("dollar", "dollars")


def inside_a_longer_place(span, s: int, e: int) -> bool:
    """A place name that is part of a longer place's name the gazetteer knows: "Korea" in "North Korea",
    "Australia" in "South Australia", "Mexico" in "Mexico City". The longer name is the place meant."""
    for before, after in ((1, 0), (2, 0), (0, 1), (1, 1)):
        if s - before < 0 or e + after > len(span):
            continue
        added = [*span[s - before:s], *span[e:e + after]]
        if added and all(t.text[:1].isupper() and t.is_alpha for t in added) \
                and places_named(span[s - before:e + after].text):
            return True
    return False
