"""The rule-based extractor: sentences -> entities -> relations and statistics -> a draft.

Deterministic and offline: spaCy's blank English tokenizer and sentencizer,
the lexicon from the data, and the pattern families of ``entities``,
``relations`` and ``observations``. Every quote is a sentence of the
document (widened to the next sentence when it occurs twice), so each is
found in the source by construction.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.draft import Document, Draft, DraftEntity, DraftFact, DraftObservation
from kg.extract.entities import EntityFinder, slug
from kg.extract.lexicon import Lexicon, normal_name
from kg.extract.merging import merge_units
from kg.extract.observations import ObservationFinder
from kg.extract.places import place_by_frequency
from kg.extract.relations import RelationFinder
from kg.extract.subjects import SubjectFinder, dateline_places, dollar_of
from kg.extract.text import Sentence, sentences
from kg.extract.ventures import subsidiaries_by_name
from kg.facts.quotes import normalise_quote
from kg.version import __version__


class RuleExtractor:
    """Drafts facts with general patterns of English news about industry; see the package's modules."""

    name = "kg-rules"
    version = __version__

    def extract(self, document: Document, lexicon: Lexicon) -> Draft:
        text = document.text
        parts = sentences(text)
        article_year = document.date.year if document.date else document.year or _latest_year(text)
        entities = EntityFinder(lexicon, text)
        for sentence in parts:
            entities.scan(sentence)
        for sentence in parts:  # names declared later in the text ("Riverton" found by "in Riverton") are mentioned earlier too
            entities.link_names(sentence)
        datelines = dateline_places(entities, parts)
        main_place = _main_place(entities, datelines)
        if main_place is None or not _named_on_its_own(entities, main_place):
            main_place = place_by_frequency(entities, parts) or main_place
        relations = RelationFinder(entities, article_year, text, parts)
        relations.date = document.date
        observations = ObservationFinder(article_year, dollar_of(entities))
        observations.month = document.date.month if document.date else None
        subjects = SubjectFinder(entities, main_place, datelines)
        for sentence in parts:
            entities.link_names(sentence)
            relations.scan(sentence, main_place)
            observations.scan(sentence, subjects.of(sentence))
        relations.contain_by_gazetteer()
        subsidiaries_by_name(relations)
        return merge_units(_assemble(document, parts, self, entities, relations, observations, lexicon))


def _latest_year(text: str) -> int | None:
    """The article's year when it carries no date: the latest year it mentions, targets ("by 2030") aside, or the
    year after it for a text that speaks of "last year" and not of "this year"; None for a text of no year."""
    years = [int(m.group(1)) for m in re.finditer(r"(?<![\w\-])((?:19|20)\d\d)(?![\w\-])", text)
             if not re.search(r"\b(?:by|until|till|before|through)\s+(?:the end of\s+)?$", text[max(0, m.start() - 20): m.start()])]
    if not years:
        return None  # no date, no year: never today's year, which would make the draft depend on the day it is run
    # A text that looks back on "last year" and never speaks of "this year" was written the year after.
    looks_back = re.search(r"\blast year\b", text, re.I) and not re.search(r"\bthis year\b", text, re.I)
    return max(years) + (1 if looks_back else 0)


def _main_place(entities: EntityFinder, datelines: set[tuple[int, int]] = frozenset()) -> str | None:
    """The place the article is about: the city or district named most often, else the province, else the country;
    a place a dateline names counts only where the text names it again."""
    counts = Counter(m.entity for m in entities.mentions if (m.start, m.end) not in datelines)
    first = {}
    for mention in sorted(entities.mentions, key=lambda m: m.start):
        first.setdefault(mention.entity, mention.start)
    for classes in ({"kgo:City", "kgo:District"}, {"kgo:Province"}, {"kgo:Country"}):
        ranked = sorted((-n, first[e], e) for e, n in counts.items() if entities.found[e].cls in classes)
        if ranked:  # the most named, and of those the first named
            return ranked[0][2]
    return None


def _named_on_its_own(entities: EntityFinder, entity_id: str) -> bool:
    """True if the text names the entity outside a longer name ("China" alone, not only in "China's X Capital")."""
    by_sentence: dict[int, list] = {}
    for m in entities.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    return any(not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                       for o in by_sentence[m.sentence])
               for m in entities.mentions if m.entity == entity_id)


class _Quotes:
    """Quotes that occur once in the text: a sentence, widened with its neighbours until it is unique."""

    def __init__(self, text: str, parts: list[Sentence]):
        self.folded = normalise_quote(text)
        self.parts = parts
        self.text = text

    # How many sentences a quote may take in to become unique. A text that repeats itself (the same paragraph
    # many times) would otherwise widen every quote to its end, counting over the whole text at each step: the
    # drafting time grew with the cube of its length. A quote still repeated is dropped by the draft's check.
    MOST_SENTENCES = 6

    def of(self, start: int, end: int) -> str:
        index = next((i for i, s in enumerate(self.parts) if s.start <= start < s.end + 1), None)
        quote = self.text[start:end]
        last = min(len(self.parts), (index or 0) + self.MOST_SENTENCES)
        while self._repeated(quote) and index is not None and index + 1 < last:
            index += 1
            end = self.parts[index].end
            quote = self.text[start:end]
        return quote

    def _repeated(self, quote: str) -> bool:
        folded = normalise_quote(quote)
        first = self.folded.find(folded)
        return first >= 0 and self.folded.find(folded, first + 1) >= 0


def _assemble(document: Document, parts: list[Sentence], extractor: RuleExtractor, entities: EntityFinder,
              relations: RelationFinder, observations: ObservationFinder, lexicon: Lexicon) -> Draft:
    quotes = _Quotes(document.text, parts)
    stem = slug(document.name.rsplit(".", 1)[0])
    draft = Draft(
        source_id=stem, source_file=document.name,
        title=document.title or _title_from(document.text), extractor=extractor.name, version=extractor.version,
        date=document.date,
    )
    publisher = next((e for e in entities.found.values() if e.cls == "kgo:NewsOrganization"), None)
    if publisher is not None:
        draft.publisher = publisher.id
        draft.source_quote = quotes.of(publisher.quote.start, publisher.quote.end)
        draft.source_confidence = round(publisher.confidence, 2)
    indicator_ids = _indicator_ids(observations, lexicon, entities)
    used = {e.id for e in entities.found.values()}
    for entity in sorted(entities.found.values(), key=lambda e: (e.quote.start, e.id)):
        draft.entities.append(DraftEntity(entity.id, entity.cls, entity.label, quotes.of(entity.quote.start, entity.quote.end),
                                          round(entity.confidence, 2), sorted(entity.alt_labels),
                                          entity.rule or _made_by(entity.id, relations)))
    for relation in relations.found:
        start, end = relation.span or (relation.sentence.start, relation.sentence.end)
        draft.facts.append(DraftFact(quotes.of(start, end), relation.triples, round(relation.confidence, 2), relation.kind))
    declared_indicators: set[str] = set()
    seen: set[tuple[str, str, int]] = set()
    for obs in observations.found:
        if obs.area is None or obs.area not in used:
            continue
        indicator_id, label = indicator_ids[(obs.indicator, obs.unit)]
        key = (indicator_id, obs.area, obs.period)
        observation_id = None
        if key in seen:  # the same indicator, area and year twice: the second needs an id of its own
            observation_id = f"{indicator_id}-{obs.area}-{obs.period}-{obs.figure.start + obs.sentence.start}"
        seen.add(key)
        if indicator_id not in declared_indicators:
            declared_indicators.add(indicator_id)
            draft.entities.append(DraftEntity(indicator_id, "kgo:Indicator", label,
                                              quotes.of(obs.sentence.start, obs.sentence.end), round(obs.confidence, 2)))
        value = None
        if obs.negative:
            value = "-" + format(obs.figure.value.normalize(), "f")
        draft.observations.append(DraftObservation(
            quote=quotes.of(obs.sentence.start, obs.sentence.end), indicator=indicator_id, area=obs.area,
            period=obs.period, unit=obs.unit, stated_as=obs.figure.stated, confidence=round(obs.confidence, 2),
            value=value, compared_with=obs.compared_with if obs.compared_with != obs.period else None,
            since=obs.since, status="target" if obs.target else None,
            id=observation_id,
        ))
    return draft


def _made_by(entity_id: str, relations: RelationFinder) -> str:
    """The relation family that made an entity (a post, a plant, an event): the kind of its first fact."""
    kind = next((r.kind for r in relations.found if any(t[0] == entity_id for t in r.triples)), None)
    return f"the {kind} rule" if kind else "a relation rule"


def _title_from(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "Untitled")
    words = first.split()
    return " ".join(words[:14]) + ("..." if len(words) > 14 else "")


def _indicator_ids(observations: ObservationFinder, lexicon: Lexicon,
                   entities: EntityFinder) -> dict[tuple[str, str], tuple[str, str]]:
    """An id and label for each indicator name and unit: the data's indicator of that name, or one shared by
    near-identical names in the same unit (so that a series forms across years)."""
    ids: dict[tuple[str, str], tuple[str, str]] = {}
    stems_of: list[tuple[set[str], str, tuple[str, str]]] = []
    taken = set(lexicon.ids) | set(entities.found)
    for obs in observations.found:
        name = (obs.indicator, obs.unit)
        if name in ids:
            continue
        stems = _stems(obs.indicator)
        known = lexicon.indicators.get(normal_name(obs.indicator)) or next(
            (ident for label, ident in sorted(lexicon.indicators.items()) if _same_indicator(stems, _stems(label))), None)
        if known is not None:  # the data's indicator of (nearly) this name: one series across articles
            ids[name] = known
            continue
        match = next((ident for other, unit, ident in stems_of if unit == obs.unit and _same_indicator(stems, other)), None)
        if match is not None:
            ids[name] = match
            continue
        base = slug(obs.indicator)
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        ids[name] = (ident, obs.indicator)
        stems_of.append((stems, obs.unit, ids[name]))
    return ids


_STOP = {"the", "of", "and", "in", "for", "a", "an", "to", "by", "on", "at", "with", "from", "as", "its", "their", "level"}


def _stems(name: str) -> set[str]:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return {w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and len(w) > 3 else w
            for w in words if w not in _STOP}


def _same_indicator(a: set[str], b: set[str]) -> bool:
    """Two wordings of one indicator: nearly the same words, or one with a single word more ("registered")."""
    return _dice(a, b) >= 0.85 or ((a <= b or b <= a) and abs(len(a) - len(b)) == 1 and min(len(a), len(b)) >= 2)


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
