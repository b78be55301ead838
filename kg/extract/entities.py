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

from spacy.matcher import PhraseMatcher
from spacy.tokens import Token

from kg.extract.lexicon import KnownEntity, Lexicon, normal_name
from kg.extract.text import Sentence, pipeline

# The last word of a name says what it names.
ORGANISATION_SUFFIXES = {
    "kgo:Company": {"co.", "co", "ltd.", "ltd", "limited", "inc.", "inc", "corp.", "corporation", "company", "group",
                    "holdings", "plc", "gmbh", "ag"},
    "kgo:IndustryAssociation": {"association", "council", "federation", "alliance", "chamber", "society"},
    "kgo:GovernmentAgency": {"department", "bureau", "ministry", "commission", "government", "administration",
                             "office", "committee", "agency", "authority"},
    "kgo:ResearchInstitution": {"university", "institute", "academy", "laboratory", "college", "universities",
                                "institutes", "academies", "laboratories"},
    "kgo:ResearchPlatform": {"center", "centre", "workstation", "platform"},
    "kgo:NewsOrganization": {"news", "daily", "times", "post", "herald", "xinhua", "agency"},
    "kgo:Conference": {"conference", "forum", "expo", "exhibition", "summit", "congress", "fair", "convention",
                       "symposium", "festival", "week"},
    "kgo:Report": {"report", "bulletin", "yearbook", "paper", "survey", "census"},
    "kgo:Policy": {"plan", "policy", "policies", "strategy", "initiative", "regulations", "measures", "guidelines",
                   "opinions", "outline"},
    "kgo:Programme": {"project", "program", "programme"},
    "kgo:HonoraryTitle": {"capital", "hometown", "valley", "hub"},
}
PLACE_SUFFIXES = {
    "province": "kgo:Province", "city": "kgo:City", "district": "kgo:District", "county": "kgo:District",
    "zone": "kgo:District", "park": "kgo:District", "area": "kgo:District", "prefecture": "kgo:City",
}
# Words that stay part of a name between capitalised words.
CONNECTORS = {"of", "and", "for", "&", "de", "on"}
# Words that end a company's name: after them, "and" starts another name.
LEGAL_ENDINGS = {"ltd", "limited", "inc", "corp", "co", "plc", "gmbh", "ag", "llc"}
# Lower-case words that end a name as its kind: "the Electric X action plan", "the X press conference".
TRAILING_KINDS = {
    ("press", "conference"): "kgo:PressConference", ("action", "plan"): "kgo:Policy", ("plan",): "kgo:Policy",
    ("project",): "kgo:Programme", ("programme",): "kgo:Programme", ("program",): "kgo:Programme",
    ("initiative",): "kgo:Policy", ("strategy",): "kgo:Policy", ("government", "work", "report"): "kgo:Report",
    ("conference",): "kgo:Conference", ("forum",): "kgo:Conference", ("summit",): "kgo:Conference",
    ("expo",): "kgo:Conference",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Capitalised words that are not names on their own.
NOT_NAMES = MONTHS | WEEKDAYS | {
    "i", "mr", "ms", "mrs", "dr", "prof", "he", "she", "we", "they", "it", "this", "that", "these", "those",
    "however", "meanwhile", "moreover", "therefore", "secondly", "firstly", "thirdly", "finally", "also",
    "according", "source", "photo", "editor", "reporter", "yuan", "rmb", "gwh", "ev", "evs", "nev", "nevs", "gdp",
    "r&d", "ceo", "cpc", "covid", "q1", "q2", "q3", "q4", "h1", "h2", "english", "chinese", "europe", "asia",
    "africa", "america", "north", "south", "east", "west", "central", "new", "national", "world", "global",
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
    (re.compile(NAME + r" (?:is|was|has become|became) (?:a|an|the) (?:[\w\-]+ ){0,3}?city\b"), "kgo:City", 0.7),
    (re.compile(r"\b(?:[Mm]ayor|[Vv]ice [Mm]ayor|[Dd]eputy [Mm]ayor|[Pp]arty [Ss]ecretary) of " + NAME + r"(?=[,.;]|$| said)"),
     "kgo:City", 0.65),
    (re.compile(r"(?P<name>[A-Z][\w\-]*(?: [A-Z][\w\-]*)?['’]s (?:(?:19|20)\d\d )?(?:[a-z\-]+ ){0,3}(?:work report|"
                r"report|bulletin|yearbook|white paper))\b"), "kgo:Report", 0.7),
    (re.compile(r"(?:^|\s)\(?(?:Source|Sources|Via)\s*:\s*(?P<name>[A-Z][^,()]{2,60}?)(?=[,)]|$)"), "kgo:NewsOrganization", 0.8),
    (re.compile(r"\b(?:introduction of|introduced|attracted|headquarters of) (?P<name>[A-Z][A-Z0-9&]{1,7}|"
                r"[A-Z]\w+(?: [A-Z]\w+){0,3} (?:Co\., Ltd\.|Group|Corporation|Inc\.|Company))\b"), "kgo:Company", 0.75),
    (re.compile(r"(?<![\w.])(?P<name>[A-Z][A-Z0-9&]{2,7})(?:['’]s)? (?:will|plans to|has (?:invested|built|signed|set)|"
                r"invested|signed|announced|broke ground|is building|built|set up|established|unveiled|launched"
                r"|(?:new )?(?:factory|plant|base|project|subsidiary))\b"), "kgo:Company", 0.7),
]
INDUSTRY = re.compile(r"\b(?:its|the|a|an|\w+['’]s) (?P<name>(?:[a-z][a-z\-]+ ){1,3}industry)\b(?! chain| cluster)")
GENERIC_ADJECTIVES = {"new", "traditional", "whole", "entire", "this", "that", "key", "future", "emerging", "strategic",
                      "pillar", "leading", "industrial", "local", "relevant", "related", "other", "main", "same",
                      "first", "secondary", "primary", "tertiary", "overall", "total"}
# Classes whose names may stand alone as a single word: everything else needs two words or a suffix.
PLACE_CLASSES = {"kgo:Country", "kgo:Province", "kgo:City", "kgo:District", "kgo:UrbanArea"}
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
    "customers": "kgo:Company", "brands": "kgo:Company",
}


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


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: str  # the Found's id
    sentence: int


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


class EntityFinder:
    """Finds and registers the entities of one document."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.found: dict[str, Found] = {}
        self.mentions: list[Mention] = []
        self._mentioned: set[Mention] = set()
        self._by_name: dict[str, str] = {}  # normal name -> id, for entities of this document
        self._matcher_exact, self._matcher_lower = _matchers(lexicon)

    # -- registry -------------------------------------------------------------------

    def declare(self, label: str, cls: str, sentence: Sentence, confidence: float,
                surface: str | None = None, known: KnownEntity | None = None, key: str | None = None) -> str:
        """Register an entity (or find it again by name); return its id."""
        label = plain(label)
        names = {normal_name(label)} | ({normal_name(surface)} if surface else set())
        for name in names:
            if name in self._by_name:
                entity = self.found[self._by_name[name]]
                _add_alt(entity, surface)
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
            entity = Found(entity_id, known.cls, known.label, sentence, 0.9, [], True)
        else:
            base = slug(key or label)
            if re.match(r"(19|20)\d\d-", base):  # "2023 World X Conference" -> world-x-conference-2023
                base = f"{base[5:]}-{base[:4]}"
            entity_id, n = base, 2
            while entity_id in self.found or entity_id in self.lexicon.ids:
                entity_id, n = f"{base}-{n}", n + 1
            entity = Found(entity_id, cls, label, sentence, confidence)
        _add_alt(entity, surface)
        self.found[entity_id] = entity
        for name in names | {normal_name(n) for n in (known.names if known else [])}:
            self._by_name.setdefault(name, entity_id)
        return entity_id

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
        if not sentence.is_heading:
            for start, end, label, cls, confidence, known in self._by_context(sentence):
                if any(a < end and start < b for a, b in taken):
                    continue
                entity_id = self.declare(label, cls, sentence, confidence, sentence_text(sentence, start, end), known)
                self.mention(start, end, entity_id, sentence)
                taken.append((start, end))
        items = list(taken)
        for start, end, known in self._known(sentence):
            inside_item = any(a <= start and end <= b for a, b in items)
            if inside_item and known.cls in COMMON_NOUN_NAMES:
                continue  # "negative materials" inside the item "positive and negative materials"
            if not inside_item and any(a < end and start < b for a, b in taken):
                continue
            surface = sentence_text(sentence, start, end)
            entity_id = self.declare(known.label, known.cls, sentence, 0.9 if known.id else 0.8, surface, known)
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
        if sentence.is_heading:
            return
        for chunk in name_chunks(sentence):
            start, end = sentence.base + chunk[0].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
            if any(a <= start and end <= b for a, b in taken):
                continue
            known = self.lookup(sentence_text(sentence, start, end))
            kind = self._classify(chunk, sentence) or self._person(chunk)
            if kind is None:
                if known is not None:
                    self.mention(start, end, known.id, sentence)
                continue
            cls, label, confidence, end = kind
            surface = sentence_text(sentence, start, end)
            entity_id = self.declare(label, cls, sentence, confidence, surface)
            self.mention(start, end, entity_id, sentence)
            taken.append((start, end))
            if cls in ORGANISATION_CLASSES:
                self._aliases(entity_id, chunk)
            elif cls in PLACE_CLASSES and len(chunk) >= 2 and chunk[-1].lower_ in PLACE_SUFFIXES:
                # "Huaining County" is also "Huaining" further on
                self._by_name.setdefault(normal_name(" ".join(t.text for t in chunk[:-1])), entity_id)

    def _person(self, chunk: list[Token]) -> tuple[str, str, float, int] | None:
        """A name of two or three short capitalised words that starts with a family name: "Li Wei"."""
        cut = next((i for i, t in enumerate(chunk) if t.lower_ in CONNECTORS), len(chunk))
        chunk = chunk[:cut]  # "Wu Dong of the College of Energy": the person, then the affiliation
        words = [t.text for t in chunk]
        if words and words[0].rstrip(".") in ("Professor", "Prof", "Dr", "Mr", "Ms", "Mrs", "Academician"):
            words = words[1:]
        if 2 <= len(words) <= 3 and words[0] in self.lexicon.surnames and all(
                w.isalpha() and w[:1].isupper() and w[1:].islower() and len(w) <= 10 for w in words[1:]) \
                and not any(w.lower() in PLACE_SUFFIXES or w.lower() in NOT_NAMES for w in words):
            last = chunk[-1]
            return "kgo:Person", " ".join(words), 0.7, self._base + last.idx + len(last.text)
        return None

    def _aliases(self, entity_id: str, chunk: list[Token]) -> None:
        """Other names an organisation goes by in the text: "(JAC)" after it, its name without "Co., Ltd.",
        and a company's first word ("Gotion" for "Gotion High-tech Co., Ltd.")."""
        entity = self.found[entity_id]
        after = chunk[-1].doc[chunk[-1].i + 1: chunk[-1].i + 4]
        if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text[:1].isupper():
            _add_alt(entity, after[1].text)
            self._by_name.setdefault(normal_name(after[1].text), entity_id)
        rest = chunk[-1].doc[chunk[-1].i + 1:].text[:80]
        short = re.match(r"\s*\((?:hereinafter|hereafter)(?: referred to as| called)?,? [\"“']?(?P<name>[A-Z][\w&\- ]{1,40}?)"
                         r"[\"”']?\)", rest)
        if short:  # '... Corporation (hereinafter referred to as "Jiangling")'
            _add_alt(entity, short.group("name"))
            self._by_name.setdefault(normal_name(short.group("name")), entity_id)
        words = [t.text for t in chunk]
        while words and (words[-1].lower().rstrip(".,") in LEGAL_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"]
                         or words[-1] == ","):
            words.pop()
        if words and len(words) < len(chunk):
            self._by_name.setdefault(normal_name(" ".join(words)), entity_id)
            first = words[0]
            if entity.cls == "kgo:Company" and len(first) >= 4 and first.isalpha() and first.lower() not in NOT_NAMES \
                    and normal_name(first) not in self.lexicon.normal_names:
                self._by_name.setdefault(normal_name(first), entity_id)

    def place_by_frequency(self, sentences: list[Sentence]) -> str | None:
        """When no city, district or province is recognised, the name the text keeps coming back to, if it is used
        as places are ("X's output", "in X", "X signed"): the article's place, with a low confidence."""
        counts: dict[str, list] = {}
        for sentence in sentences:
            if sentence.is_heading:
                continue
            for chunk in name_chunks(sentence):
                word = chunk[0].text
                if len(chunk) != 1 or len(word) < 4 or not word.isalpha() or not word[1:].islower() \
                        or word.lower() in NOT_NAMES or word in self.lexicon.surnames or self.lookup(word) \
                        or chunk[0].is_stop:
                    continue
                counts.setdefault(word, []).append(sentence)
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if not ranked:
            return None
        word, where = ranked[0]
        entity_id = self.declare(word, "kgo:City", where[0], 0.4)
        for sentence in sentences:
            self.link_names(sentence)
        return entity_id

    def link_names(self, sentence: Sentence) -> None:
        """Mention, in this sentence, entities declared since it was scanned (a person named with a post earlier)."""
        have = {(m.start, m.end) for m in self.mentions if m.sentence == sentence.index}
        for chunk in name_chunks(sentence):
            start, end = sentence.base + chunk[0].idx, sentence.base + chunk[-1].idx + len(chunk[-1].text)
            name = sentence_text(sentence, start, end)
            found = self.lookup(name)
            if found is None and len(chunk) == 1:  # "Lin says": the one person of that family name
                people = [e for e in self.found.values() if e.cls == "kgo:Person" and e.label.split()[0] == name]
                found = people[0] if len(people) == 1 else None
            if found is not None and (start, end) not in have:
                self.mention(start, end, found.id, sentence)

    def _by_context(self, sentence: Sentence):
        """Entities the words around them classify: "the city of X", "Source: X", "the introduction of X", lists."""
        text, base = sentence.text, sentence.start
        for pattern, cls, confidence in CONTEXT_PATTERNS:
            for match in pattern.finditer(text):
                name = match.group("name")
                if name.lower() in NOT_NAMES or (self.lookup(name) and self.lookup(name).cls != cls):
                    continue
                last = name.split()[-1].lower()
                if cls == "kgo:City" and (last in PLACE_SUFFIXES or any(last in v for v in ORGANISATION_SUFFIXES.values())
                                          or name.split()[0] in self.lexicon.surnames):
                    continue  # "in Haicang District", "in Hefei Institute": the name's own last word says what it is
                label = plain(name) if cls == "kgo:NewsOrganization" else _strip_article(plain(name))
                if cls == "kgo:Report":
                    label = _possessive_to_plain(name)
                yield base + match.start("name"), base + match.end("name"), label, cls, confidence, None
        for start, end, item, cls in enumeration_items(sentence):
            name = normal_name(item)
            known = next((e for e in self.lexicon.entities if name in map(normal_name, e.names)), None) \
                if name in self.lexicon.normal_names else None
            if known is not None:
                yield start, end, known.label, known.cls, 0.8, known
                continue
            yield start, end, item[:1].upper() + item[1:], cls, 0.65, None
        for match in INDUSTRY.finditer(text):
            words = match.group("name").split()
            if not any(w.lower() in GENERIC_ADJECTIVES for w in words[:-1]) and not any(c.isdigit() for c in match.group("name")):
                name = match.group("name")
                yield base + match.start("name"), base + match.end("name"), name[:1].upper() + name[1:], \
                    "kgo:Industry", 0.6, None

    def _known(self, sentence: Sentence):
        """Lexicon names in the sentence, longest first, so "Anhui Province" wins over "Anhui"."""
        doc = sentence.span.as_doc()
        spans = []
        for match_id, s, e in self._matcher_exact(doc) + self._matcher_lower(doc):
            first, last = sentence.span[s], sentence.span[e - 1]
            spans.append((sentence.base + first.idx, sentence.base + last.idx + len(last.text), match_id))
        for start, end, match_id in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0], x[2])):
            yield start, end, self.lexicon._entity_by_key[match_id]

    def _classify(self, chunk: list[Token], sentence: Sentence) -> tuple[str, str, float, int] | None:
        """The class and label of a capitalised name, or None if the rules cannot tell."""
        words = [t.text for t in chunk]
        # The head noun: the last word before an "of" ("Department of Economy and ..."), else the last word.
        head = next((i for i, t in enumerate(chunk) if t.lower_ in ("of", "for", "on") and i > 0), len(chunk))
        last = words[head - 1].lower().rstrip(",")
        end = sentence.base + chunk[-1].idx + len(chunk[-1].text)
        text = sentence_text(sentence, sentence.base + chunk[0].idx, end)
        # A lower-case kind after the name: "the Electric X action plan", "the 2023 X press conference".
        following = [t for t in chunk[-1].doc[chunk[-1].i + 1: chunk[-1].i + 4]]
        for kind_words, cls in TRAILING_KINDS.items():
            got = tuple(t.lower_ for t in following[: len(kind_words)])
            if got == kind_words and all(t.is_lower for t in following[: len(kind_words)]):
                tail = following[len(kind_words) - 1]
                end = sentence.base + tail.idx + len(tail.text)
                text = sentence_text(sentence, sentence.base + chunk[0].idx, end)
                if cls == "kgo:Report" and chunk[-1].like_num:
                    return cls, _possessive_to_plain(text), 0.75, end
                if len(words) == 1 and words[0].isdigit():
                    return None
                return cls, _possessive_to_plain(text), 0.7, end
        if last in PLACE_SUFFIXES and len(words) >= 2:
            cls = PLACE_SUFFIXES[last]
            if last in ("province", "city"):
                return cls, plain(" ".join(words[:-1])), 0.85, end
            return cls, plain(text), 0.8, end
        if len(words) >= 3 and words[-2].lower() == "new" and last == "area":
            return "kgo:District", plain(text), 0.8, end
        for cls, suffixes in ORGANISATION_SUFFIXES.items():
            if last in suffixes and len(words) >= 2:
                if cls == "kgo:HonoraryTitle" and not any(t.text in ("'s", "’s") for t in chunk):
                    continue
                if cls in ("kgo:Conference", "kgo:HonoraryTitle"):
                    return cls, plain(text), 0.8, end
                if cls == "kgo:Report":
                    return cls, _possessive_to_plain(text), 0.8, end
                return cls, _strip_article(plain(text)), 0.85, end
        return None


def _add_alt(entity: Found, surface: str | None) -> None:
    """Keep the article's own name for an entity as an alternative label, unless it is the label."""
    if not surface:
        return
    name = normal_name(surface)
    if name != normal_name(entity.label) and name not in {normal_name(a) for a in entity.alt_labels}:
        entity.alt_labels.append(plain(surface))


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
        found += _split_items(text, offset, text[offset: match.end("items")], ENUMERATION_HEADS[head], sentence.start)
    for match in _TOPICS.finditer(text):
        items = re.split(r"\b(?:etc)\b|, and (?:obtained|achieved|won|made)", match.group("items"))[0]
        found += _split_items(text, match.start("items"), items, "kgo:ResearchTopic", sentence.start)
    return found


def _split_items(text: str, offset: int, items: str, cls: str, base: int) -> list[tuple[int, int, str, str]]:
    out = []
    position = offset
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
        words = item.split()
        if not words or len(words) > 7 or any(c.isdigit() for c in item):
            continue
        if cls == "kgo:Company" and not item[:1].isupper() or cls != "kgo:Company" and item[:1].isupper() and len(words) == 1:
            continue  # companies are named ("NIO, BYD and Volkswagen"); products and topics are common nouns
        if words[0].lower() in ("other", "etc", "more", "many", "various", "some", "all"):
            continue
        out.append((base + start + lead, base + start + lead + len(item), item, cls))
    return out


def sentence_text(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start: end - sentence.start]


def _strip_article(label: str) -> str:
    return label[4:] if label.startswith("the ") else label


def _possessive_to_plain(text: str) -> str:
    """ "Hefei's 2024 government work report" -> "Hefei 2024 government work report" (a label, not a quote)."""
    return plain(re.sub(r"[’']s\b", "", text))


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
        ):
            current.append(t)
        elif current and t.lower_ == "the" and current[-1].lower_ in ("of", "for", "on") and nxt is not None \
                and _name_like(nxt):
            current.append(t)
        elif current and t.text == "-" and not tokens[i - 1].whitespace_ and not t.whitespace_ and nxt is not None \
                and nxt.is_alpha:
            current += [t, nxt]  # "High-tech", split by the tokenizer
            i += 2
            continue
        elif current and t.text == "(" and i + 3 < len(tokens) and _name_like(tokens[i + 1]) and \
                tokens[i + 2].text == ")" and _name_like(tokens[i + 3]):
            current += tokens[i: i + 3]  # "Jiangnan Lithium (Changzhou) New Energy Co., Ltd."
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


def _name_like(t: Token, first: bool = False) -> bool:
    text = t.text
    if not text[:1].isupper() or t.lower_ in MONTHS or t.lower_ in WEEKDAYS:
        return False
    if first and (t.is_stop or t.lower_ in NOT_NAMES):
        return False
    if text.lower().rstrip(".") in ("co", "ltd", "inc", "corp"):
        return True
    return any(c.isalpha() for c in text) and (text[1:].islower() or text.isupper() or "-" in text
                                              or any(c.isupper() for c in text[1:]))


def _matchers(lexicon: Lexicon) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Phrase matchers over the lexicon's names: exact case for one-word names, any case for longer ones."""
    cached = getattr(lexicon, "_matchers", None)
    if cached is not None:
        return cached
    nlp = pipeline()
    exact, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    entity_by_key: dict[int, KnownEntity] = {}
    for number, entity in enumerate(lexicon.entities):
        key = nlp.vocab.strings.add(f"kg-lexicon-{number}")
        entity_by_key[key] = entity
        # Proper names of one word keep their case ("Changzhou", "BYD"); common nouns ("electrolyte") need not.
        common = entity.cls in COMMON_NOUN_NAMES
        singles = [n for n in entity.names if len(n.split()) == 1 and not common]
        multis = [n for n in entity.names if len(n.split()) > 1 or common]
        if singles:
            exact.add(f"kg-lexicon-{number}", [nlp.make_doc(n) for n in singles])
        if multis:
            lower.add(f"kg-lexicon-{number}", [nlp.make_doc(n) for n in multis])
    lexicon._entity_by_key = entity_by_key  # type: ignore[attr-defined]
    lexicon._matchers = (exact, lower)  # type: ignore[attr-defined]
    return exact, lower
