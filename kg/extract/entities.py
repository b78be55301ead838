"""Entities in a document: the ones the lexicon knows, and new ones found by pattern.

New entities come from capitalised names, classified by the word they end
in ("... Association" is an industry association, "... Province" a
province), by the phrase around them ("the city of X", "in X"), and from
enumerations whose head noun says what the items are ("six battery
components, including A, B and C"). Every entity keeps the sentence where it
is first named as its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.bylines import credited
from kg.extract.companies import aliases, by_context, common_word, owned_by_place, plausible
from kg.extract.gazetteer import choose, places_named
from kg.extract.headwords import classify
from kg.extract.known import known_in
from kg.extract.lexicon import KnownEntity, Lexicon, normal_name
from kg.extract.names import (
    ACTIVITY,
    COMMON_NOUN_NAMES,
    CONTEXT_PATTERNS,
    GENERIC_ADJECTIVES,
    INDUSTRY,
    INDUSTRY_ENDINGS,
    LEGAL_ENDINGS,
    NOT_KINDS,
    NOT_NAMES,
    ORGANISATION_CLASSES,
    ORGANISATION_SUFFIXES,
    PLACE_CLASSES,
    PLACE_SUFFIXES,
    SUBJECT_COMPANY,
    acronym_of,
    after_titles,
    enumeration_items,
    name_chunks,
    plain,
    possessive_to_plain,
    sentence_text,
    slug,
    strip_article,
    without_suffix,
)
from kg.extract.people import TITLE_WORDS, family_name, person_in
from kg.extract.places import PlaceContext, based_in, governments_of, islands, nationalities, places_in
from kg.extract.products import products_in
from kg.extract.text import Sentence

__all__ = ["ORGANISATION_CLASSES", "PLACE_CLASSES", "EntityFinder", "Found", "Mention", "plain", "slug"]


@dataclass
class Found:
    """An entity of this document: its id, how sure the rule was, and where it is named."""

    id: str
    cls: str
    label: str
    quote: Sentence
    confidence: float
    alt_labels: list[str] = field(default_factory=list)
    known: bool = False
    rule: str = ""  # the rule that found it, for a reviewer; "" for one a relation family made


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: str  # the Found's id
    sentence: int


class EntityFinder:
    """Finds and registers the entities of one document."""

    def __init__(self, lexicon: Lexicon, text: str = ""):
        self.lexicon = lexicon
        self.places = PlaceContext.of(text)
        self.text = text
        self.found: dict[str, Found] = {}
        self.mentions: list[Mention] = []
        self._mentioned: set[Mention] = set()
        self._by_name: dict[str, str] = {}  # normal name -> id, for entities of this document

    # -- registry -------------------------------------------------------------------

    def declare(self, label: str, cls: str, sentence: Sentence, confidence: float,
                surface: str | None = None, known: KnownEntity | None = None, key: str | None = None,
                rule: str = "") -> str:
        """Register an entity (or find it again by name); return its id. ``rule`` names the rule that found it,
        for a reviewer (``kg extract --explain``)."""
        label = plain(label)
        names = {normal_name(label)} | ({normal_name(surface)} if surface else set())
        if cls == "kgo:Company":  # "Bluewave Group" is Bluewave: one node per company
            names |= {short for name in list(names) if (short := without_suffix(name))}
            names |= self._longer_company_names(names)
        if cls == "kgo:ChainProduct":  # "green hydrogen" and "hydrogen", "liquid green hydrogen", "wafer(s)": one product
            names |= {n[:-1] if n.endswith("s") else n + "s" for n in names}
            names |= {n for n, i in self._by_name.items() if self.found[i].cls == cls and any(
                n.endswith(" " + name) or name.endswith(" " + n) for name in names)}
        same = next((e.id for e in self.found.values() if cls in ORGANISATION_CLASSES and e.cls in ORGANISATION_CLASSES
                     and (acronym_of(label, e.label) or acronym_of(e.label, label))), None)  # "ARENA", after its name
        for name in names:
            if name in self._by_name or same:
                entity = self.found[same or self._by_name[name]]
                _add_alt(entity, surface or label)
                entity.confidence = max(entity.confidence, confidence)
                return entity.id
        if known is None:  # a thing the data already has under this class and name keeps its id
            known = self.lexicon.by_class_and_label.get((cls, normal_name(label)))
        if known is not None and known.id is not None and known.id in self.found:
            entity = self.found[known.id]
            _add_alt(entity, surface)
            for name in names:
                self._by_name.setdefault(name, known.id)
            return known.id
        if known is not None and known.id is not None:
            entity_id = known.id
            entity = Found(entity_id, known.cls, known.label, sentence, 0.9, [], True, "known to the data")
        else:
            base = slug(key or label)
            if re.match(r"(19|20)\d\d-", base):  # "2023 World X Conference" -> world-x-conference-2023
                base = f"{base[5:]}-{base[:4]}"
            entity_id, n = base, 2
            while entity_id in self.found or entity_id in self.lexicon.ids:
                entity_id, n = f"{base}-{n}", n + 1
            entity = Found(entity_id, cls, label, sentence, confidence, rule=rule)
        _add_alt(entity, surface)
        self.found[entity_id] = entity
        for name in names | {normal_name(n) for n in (known.names if known else [])}:
            self._by_name.setdefault(name, entity_id)
        return entity_id

    def _longer_company_names(self, names: set[str]) -> set[str]:
        """The names of this document's companies that are one of ``names`` and industry words ("Acme Green Energy
        Technology" for "Acme Green Energy", "Acme Lithium" for "Acme"), or that one of ``names`` extends so: the same
        company."""
        found = set()
        for known, entity_id in self._by_name.items():
            if self.found[entity_id].cls != "kgo:Company":
                continue
            for name in names:
                short, long = sorted((name, known), key=len)
                rest = long[len(short):].split()
                if long.startswith(short + " ") and all(w in INDUSTRY_ENDINGS for w in rest) and (len(short.split()) >= 2 or (
                        short == known and normal_name(self.found[entity_id].label) == known)):  # "Acme" named alone
                    found.add(known)
        return found

    def lookup(self, name: str) -> Found | None:
        entity_id = self._by_name.get(normal_name(name))
        return self.found.get(entity_id) if entity_id else None

    def mention(self, start: int, end: int, entity_id: str, sentence: Sentence) -> None:
        mention = Mention(start, end, entity_id, sentence.index)
        if mention not in self._mentioned:
            self._mentioned.add(mention)
            self.mentions.append(mention)

    def in_sentence(self, sentence: Sentence, classes: set[str] | None = None) -> list[Mention]:
        """Mentions in a sentence, in text order, optionally of some classes only."""
        found = [m for m in self.mentions if m.sentence == sentence.index
                 and (classes is None or self.found[m.entity].cls in classes)]
        return sorted(set(found), key=lambda m: (m.start, -m.end))

    # -- finding ----------------------------------------------------------------------

    def scan(self, sentence: Sentence) -> None:
        """Find the entities a sentence names: by context and lists, then known names, then capitalised names."""
        self._base = sentence.base
        taken: list[tuple[int, int]] = []
        for start, end, label, cls, confidence in credited(sentence):  # bylines, credits, datelines
            entity_id = self.declare(label, cls, sentence, confidence, sentence_text(sentence, start, end),
                                     rule="a byline, credit line or dateline")
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
        if not sentence.is_heading:
            for start, end, label, cls, confidence, known, rule in self._by_context(sentence):
                if any(a < end and start < b for a, b in taken):
                    continue
                entity_id = self.declare(label, cls, sentence, confidence, sentence_text(sentence, start, end), known,
                                         rule=rule)
                self.mention(start, end, entity_id, sentence)
                taken.append((start, end))
        items = list(taken)
        chunks = [] if sentence.is_heading else name_chunks(sentence)
        organisations = [(sentence.base + c[0].idx, sentence.base + c[-1].idx + len(c[-1].text)) for c in chunks
                         if (kind := self.classify(c, sentence)) and kind[0] in ORGANISATION_CLASSES]
        for start, end, known in known_in(self.lexicon, sentence):
            if any(a <= start and end <= b and (a, b) != (start, end) for a, b in organisations) and not (
                    known.cls in PLACE_CLASSES and sentence_text(sentence, end, end + 2) in ("'s", "’s")):
                continue  # "Hainan" in "Hainan Acme Co., Ltd.", "lithium" in "Acme Lithium": a name's part
            inside_item = any(a <= start and end <= b for a, b in items)
            if inside_item and known.cls in COMMON_NOUN_NAMES:
                continue  # "negative materials" inside the item "positive and negative materials"
            if not inside_item and any(a < end and start < b for a, b in taken):
                continue
            surface = sentence_text(sentence, start, end)
            entity_id = self.declare(known.label, known.cls, sentence, 0.9 if known.id else 0.8, surface, known,
                                     rule="the lexicon (data/lexicon)")
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
        if not sentence.is_heading:
            self._names(chunks, sentence, taken)
            nationalities(self, sentence, taken)
            based_in(self, sentence, taken)
            governments_of(self, sentence)
            islands(self, sentence, taken)

    def _names(self, chunks: list[list[Token]], sentence: Sentence, taken: list[tuple[int, int]]) -> None:
        """Capitalised names no earlier rule took: by their last word, as a person's, or by the gazetteer."""
        for chunk in chunks:
            start, end = sentence.base + chunk[0].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
            inside = sorted((a, b) for a, b in taken if start <= a and b <= end)
            if any(a <= start and end <= b for a, b in taken) or any(
                    re.fullmatch(r"\s*(?:,|and|, and)\s*", sentence_text(sentence, b1, a2))
                    for (_, b1), (a2, _) in zip(inside, inside[1:])):
                continue  # a name already taken, or names already taken joined by "and" ("A and B" of a list)
            known = self.lookup(sentence_text(sentence, start, end))
            kind = self.classify(chunk, sentence)
            org = after_titles(chunk) if kind is None else None
            if org and (org_kind := self.classify(org, sentence)) and org_kind[0] in ORGANISATION_CLASSES:
                chunk, kind = org, org_kind  # "CEO and Director of Acme Inc.": the company
                start = sentence.base + chunk[0].idx
            if kind is None and (span := self._person(chunk, sentence) or self._family_name(chunk, sentence)):
                taken.append(span)
                continue
            if kind is None and known is None and (self._companies(chunk, sentence, chunks, taken) or (
                    org and self._companies(org, sentence, chunks, taken))):  # "Vice President for Acme"
                continue
            if kind is None:
                if known is not None:
                    self.mention(start, end, known.id, sentence)
                else:
                    taken += self._gazetteer(chunk, sentence)
                continue
            cls, label, confidence, end = kind
            if cls in ORGANISATION_CLASSES and (first := owned_by_place(chunk)) and not label.startswith(
                    chunk[0].text) and self._owner(chunk[:first - 1], sentence, taken):
                start = sentence.base + chunk[first].idx  # "Norland's Acme Power": the place (or company), then its company
            if cls == "kgo:Project" and re.search(r"\bimplement\w*(?: of)?\s+(?:the\s+)?$",
                                                  sentence_text(sentence, sentence.start, start)):
                cls = "kgo:Programme"  # "the implementation of the X project": a programme that carries out a policy
            surface = sentence_text(sentence, start, end)
            entity_id = self.declare(label, cls, sentence, confidence, surface, rule="the last word of the name")
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
            if cls in ORGANISATION_CLASSES:
                aliases(self, entity_id, chunk)
            elif cls in PLACE_CLASSES and len(chunk) >= 2 and chunk[-1].lower_ in PLACE_SUFFIXES:
                # "Huaining County" is also "Huaining" further on
                self._by_name.setdefault(normal_name(" ".join(t.text for t in chunk[:-1])), entity_id)

    def _companies(self, chunk: list[Token], sentence: Sentence, chunks: list[list[Token]],
                   taken: list[tuple[int, int]]) -> bool:
        """Companies a name no other rule classified names, by the words around it (``companies.by_context``), or
        after a place's possessive ("Ruritania's Acme"); "Acme and Bluewave" names two. True if any was found."""
        if self._gazetteer(chunk, sentence, dry=True):
            first = owned_by_place(chunk)
            # "partnered with Acme Peru": a company's unit in a country, named as a company, where the words say so
            evidence = None if first or len(chunk) < 2 or self._gazetteer(chunk[:-1], sentence, dry=True) or not any(
                p.cls == "kgo:Country" for p in places_named(chunk[-1].text)) else by_context(self, chunk, sentence, chunks)
            unit = evidence is not None  # its first word is the parent's name, not its alias
            own = chunk[first or 0:][:next((i for i, t in enumerate(chunk[first or 0:]) if t.lower_ == "and"), len(chunk))]
            if evidence is None and (not first or not self._gazetteer(chunk[:first - 1], sentence, dry=True) or
                                     self._gazetteer(own, sentence, dry=True) or self.classify(own, sentence)):
                return False  # ("Ruritania's Acme and Norland Power": the first name after the place says)
            if evidence is None:
                taken += self._gazetteer(chunk[:first - 1], sentence)  # the place, then its company
                evidence, chunk = (0.6, "a company of a place"), chunk[first:]
        elif owned_by_place(chunk):
            return False  # "Acme's Riverton": not a company's name
        else:
            evidence, unit = by_context(self, chunk, sentence, chunks), False
        if evidence is None:
            return False
        parts = [[]]  # type: list[list[Token]]
        for token in chunk:
            parts.append([]) if token.lower_ == "and" else parts[-1].append(token)
        for part in parts:
            if not part or not plausible(self, part, sentence) or (part is not parts[0] and places_named(
                    " ".join(t.text for t in part))):
                continue
            start, end = sentence.base + part[0].idx, sentence.base + part[-1].idx + len(part[-1].text)
            label = plain(sentence_text(sentence, start, end))
            longer = sorted((e.label for e in self.found.values() if e.cls == "kgo:Company" and e.label.split()[0] == label
                             and not places_named(e.label.split()[-1])),  # not its unit "Acme Peru"
                            key=len)  # "Acme said" after "Acme Tarn" (and "Acme Tarn Peru"): the shortest of them
            label = longer[0] if longer and all(x.startswith(longer[0]) for x in longer) else label
            entity_id = self.declare(label, "kgo:Company", sentence, evidence[0], label, rule=evidence[1])
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
            if not unit:
                aliases(self, entity_id, part)
        return True

    def _owner(self, chunk: list[Token], sentence: Sentence, taken: list[tuple[int, int]]) -> bool:
        """The place or company before a possessive that owns a company ("Norland's", "the Acme Group's"): declared and
        mentioned; True if it is one."""
        if spans := self._gazetteer(chunk, sentence):
            taken += spans
            return True
        kind = self.classify(chunk, sentence)
        if kind is None or kind[0] != "kgo:Company":
            return False
        start = sentence.base + chunk[0].idx
        entity_id = self.declare(kind[1], kind[0], sentence, kind[2], sentence_text(sentence, start, kind[3]),
                                 rule="the owner of a company, by its possessive")
        self.mention(start, kind[3], entity_id, sentence)
        taken.append((start, kind[3]))
        return True

    def alias(self, name: str, entity_id: str, shown: bool = False) -> None:
        """Another name of an entity of this document, unless the name is taken; ``shown``: also an alternative
        label of the entity."""
        if shown:
            _add_alt(self.found[entity_id], name)
        self._by_name.setdefault(normal_name(name), entity_id)

    def _person(self, chunk: list[Token], sentence: Sentence) -> tuple[int, int] | None:
        """A person named by the run (see ``people.person_in``), and what stands before the title; the span."""
        person = person_in(chunk, self.lexicon.surnames, NOT_NAMES,
                           LEGAL_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"] | set(PLACE_SUFFIXES) | INDUSTRY_ENDINGS)
        if person is None:
            return self._titled_family_name(chunk, sentence)
        first, label, confidence = person
        self._before_title(chunk[:first], sentence)
        start, end = sentence.base + chunk[first].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
        entity_id = self.declare(label, "kgo:Person", sentence, confidence, sentence_text(sentence, start, end),
                                 rule="a person's name with a title, post or speech")
        self.mention(start, end, entity_id, sentence)
        return start, end

    def _family_name(self, chunk: list[Token], sentence: Sentence) -> tuple[int, int] | None:
        """ "Hale said": a family name alone, of the one person of that name the text has named (before a place of
        the same name: "Marlow" after "Ines Marlow")."""
        people = [e for e in self.found.values() if e.cls == "kgo:Person" and family_name(e.label) == chunk[0].text]
        if len(chunk) != 1 or len(people) != 1:
            return None
        start, end = sentence.base + chunk[0].idx, sentence.base + chunk[0].idx + len(chunk[0].text)
        self.mention(start, end, people[0].id, sentence)
        return start, end

    def _titled_family_name(self, chunk: list[Token], sentence: Sentence) -> tuple[int, int] | None:
        """ "Governor Hale": a title and the family name of a person the text has named in full."""
        if len(chunk) < 2 or chunk[-2].lower_.rstrip(".") not in TITLE_WORDS:
            return None
        people = [e for e in self.found.values() if e.cls == "kgo:Person" and family_name(e.label) == chunk[-1].text]
        if len(people) != 1:
            return None
        start, end = sentence.base + chunk[-1].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
        self.mention(start, end, people[0].id, sentence)
        return start, end

    def _before_title(self, tokens: list[Token], sentence: Sentence) -> None:
        """The organisation or place before a person's title: "Orex" in "Orex CEO X", "Nordland" in "Nordland
        Premier X", mentioned if known, else looked up in the gazetteer."""
        cut = next((i for i, t in enumerate(tokens) if t.lower_.rstrip(".") in TITLE_WORDS), len(tokens))
        tokens = tokens[:cut]
        while tokens and tokens[-1].text in ("'s", "’s"):
            tokens = tokens[:-1]
        if not tokens:
            return
        start, end = sentence.base + tokens[0].idx, sentence.base + tokens[-1].idx + len(tokens[-1].text)
        known = self.lookup(sentence_text(sentence, start, end))
        if known is not None:
            self.mention(start, end, known.id, sentence)
        else:
            self._gazetteer(tokens, sentence)

    def _gazetteer(self, chunk: list[Token], sentence: Sentence, dry: bool = False) -> list[tuple[int, int]]:
        """Places the gazetteer knows in a name no other rule classified (``places.places_in``); their spans."""
        return places_in(self, chunk, sentence, dry)

    def link_names(self, sentence: Sentence) -> None:
        """Mention, in this sentence, entities declared since it was scanned (a person named with a post earlier)."""
        have = {(m.start, m.end) for m in self.mentions if m.sentence == sentence.index}
        for chunk in name_chunks(sentence):
            start, end = sentence.base + chunk[0].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
            name = sentence_text(sentence, start, end)
            found = self.lookup(name)
            if found is None and len(chunk) == 1:  # "Lin says": the one person of that family name
                people = [e for e in self.found.values() if e.cls == "kgo:Person" and name in (e.label.split()[0],
                                                                                               family_name(e.label))]
                found = people[0] if len(people) == 1 else None
            if found is not None and (start, end) not in have:
                self.mention(start, end, found.id, sentence)

    def _by_context(self, sentence: Sentence):
        """Entities the words around them classify: "the city of X", "Source: X", "the introduction of X", lists."""
        text, base = sentence.text, sentence.start
        subject = SUBJECT_COMPANY.match(text)
        for pattern, cls, confidence in [*CONTEXT_PATTERNS, *([(SUBJECT_COMPANY, "kgo:Company", 0.55)] if subject and
                                         subject.group("name").lower() not in self.places.lower_words else [])]:
            for match in pattern.finditer(text):
                name = match.group("name")
                if name.lower() in NOT_NAMES or (self.lookup(name) and self.lookup(name).cls != cls) \
                        or (pattern is SUBJECT_COMPANY and (places_named(name) or name in self.lexicon.surnames
                                                            or common_word(self, name))):
                    continue
                if cls == "kgo:Company" and re.search(r"(?:[A-Z][\w&\-]*|\))\s$", text[:match.start("name")]):
                    continue  # the tail of a longer name: "Acme (Hubei) New Energy Co., Ltd."
                last = name.split()[-1].lower()
                if cls == "kgo:City" and (last in PLACE_SUFFIXES or any(last in v for v in ORGANISATION_SUFFIXES.values())
                                          or name.split()[0] in self.lexicon.surnames):
                    continue  # "in Haicang District", "in Riverton Institute": the name's own last word says what it is
                label = plain(name) if cls == "kgo:NewsOrganization" else strip_article(plain(name))
                rule = "the words around the name"
                if cls == "kgo:City":  # "in Saxony", "in mainland Ruritania": the gazetteer says which kind of place
                    place = choose(places_named(re.sub(r"^Mainland ", "", label)), self.places.countries)
                    if place is not None:
                        label, cls, rule = place.label, place.cls, "the gazetteer, after a phrase of place"
                if cls == "kgo:Report":
                    label = possessive_to_plain(name)
                yield base + match.start("name"), base + match.end("name"), label, cls, confidence, None, rule
        for start, end, item, cls in enumeration_items(sentence):
            name = normal_name(item)
            known = next((e for e in self.lexicon.entities if name in map(normal_name, e.names)), None) \
                if name in self.lexicon.normal_names else None
            if known is not None:
                yield start, end, known.label, known.cls, 0.8, known, "a list, by the lexicon"
                continue
            if cls in PLACE_CLASSES and (place := choose(places_named(item), self.places.countries)):
                item, cls = place.label, place.cls  # "cities including Riverton and Tarn": the gazetteer's places
            yield start, end, item[:1].upper() + item[1:], cls, 0.65, None, "a list whose head noun names its items"
        for start, end, label, cls, confidence, rule in products_in(sentence):
            yield start, end, label, cls, confidence, None, rule
        for pattern, confidence in ((INDUSTRY, 0.6), (ACTIVITY, 0.5)):
            for match in pattern.finditer(text):
                words = match.group("name").split()
                cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in NOT_KINDS), default=0)
                words = words[cut:]  # "terms of PV industry" -> "PV industry"
                # "the new industry" is no industry's name; "the new energy industry" is one
                if len(words) < 2 or words[-2].lower() in GENERIC_ADJECTIVES | {"whole", "industry", "sector"} \
                        or any(c.isdigit() for c in "".join(words)) or words[-1] == "space" and not words[-2].endswith("ing"):
                    continue  # "the EV charging space" is an industry's, "the global EV space" no name
                name = re.sub(r" space$", "", " ".join(words).replace(" sector", " industry"))
                start = base + match.end("name") - len(" ".join(words))
                yield start, base + match.end("name"), name[:1].upper() + name[1:], \
                    "kgo:Industry", confidence, None, "'the ... industry', '... manufacturing'"

    def classify(self, chunk: list[Token], sentence: Sentence) -> tuple[str, str, float, int] | None:
        """The class and label of a capitalised name, or None if the rules cannot tell (``headwords.classify``)."""
        return classify(self, chunk, sentence)


def _add_alt(entity: Found, surface: str | None) -> None:
    """Keep the article's own name for an entity as an alternative label, unless it is the label."""
    if not surface:
        return
    name = normal_name(surface)
    if name != normal_name(entity.label) and name not in {normal_name(a) for a in entity.alt_labels}:
        entity.alt_labels.append(plain(surface))
