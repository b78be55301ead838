"""Relations by pattern, sentence by sentence: each returns the triples a sentence is evidence for.

The families: titles awarded and by whom, posts held (and the people who
hold them), places within places and agencies' jurisdictions, a company's
plant, investment or arrival in a place, subsidiaries and joint ventures,
statements (who said what, where), inspections, and the stages of a chain.
Every pattern reads the sentence's text and the entities already found in
it; none knows any particular place, company or person.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from kg.extract.entities import (
    ORGANISATION_CLASSES,
    PLACE_CLASSES,
    EntityFinder,
    Found,
)
from kg.extract.deals import find_deals
from kg.extract.events import find_conferences, find_events
from kg.extract.facilities import find_named_plants
from kg.extract.gazetteer import RANK, Place, choose, continent_of, places_named
from kg.extract.lexicon import normal_name
from kg.extract.origins import find_origins
from kg.extract.patterns import (
    ARRIVAL,
    AWARDED,
    CHAIN_STAGES,
    CLUSTER,
    CONFERRED_BY,
    DATE,
    EXPERTS,
    INSPECT,
    JOINT_VENTURE,
    JOINTLY,
    KNOWN_AS,
    MONTHS,
    OWNED_BY,
    SUBSIDIARY,
)
from kg.extract.posts import find_governments, find_posts
from kg.extract.statements import Statements
from kg.extract.text import Sentence
from kg.extract.ventures import (
    find_agreements,
    find_investments,
    find_organisers,
    find_plants,
    find_projects,
    find_subsidiaries,
    find_supply,
)


# What stands between a place and the wider place it lies in: "Riverton, Norland", "Riverton city, in Norland
# province", "Riverton, capital of Norland's Kessel province", "Riverton in Norland".
CHAIN_GAP = re.compile(r"(?:\s+(?:city|county|district|town|prefecture|municipality))?(?:,\s*|\s+in\s+|,\s+in\s+|\s+of\s+|"
                       r",\s+(?:the\s+)?capital\s+of\s+(?:(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?['’]s\s+)?)")


@dataclass
class Relation:
    """Triples found in a sentence, the pattern family that found them, and how sure it is."""

    sentence: Sentence
    triples: list[tuple[str, str, str]]
    kind: str
    confidence: float
    span: tuple[int, int] | None = None  # a longer quote (absolute offsets), when the evidence spans sentences


class RelationFinder:
    """Applies the pattern families to each sentence, after its entities are found."""

    def __init__(self, entities: EntityFinder, article_year: int | None, text: str, sentences: list[Sentence]):
        self.entities = entities
        self.article_year = article_year
        self.text = text
        self.sentences = sentences
        self.found: list[Relation] = []
        self.last_person: str | None = None  # the person named last, for "he said"
        self._last_conferral: tuple[str, int] | None = None
        self._container: dict[str, str] = {}  # place -> the place it lies in
        self._plants_by_owner: dict[str, tuple[str, str | None]] = {}  # company -> its plant and the plant's place
        self.last_plant: tuple[str, str | None] | None = None
        self._named_plants: dict[str, str] = {}  # a plant's proper name (folded) -> its id
        self.last_company: str | None = None
        self._last_event: str | None = None
        self._last_ceremony: str | None = None  # the signing, groundbreaking or opening reported last
        self.events: dict[tuple[str, str], str] = {}  # (class, label without its year) -> the event reported
        self._origin: dict[str, str] = {}  # company -> the place it is from
        self.date: datetime.date | None = None  # the article's date, for "on Tuesday"
        self.statements = Statements(self)

    def add(self, sentence: Sentence, triples: list[tuple[str, str, str]], kind: str, confidence: float,
            span: tuple[int, int] | None = None) -> None:
        triples = [t for t in dict.fromkeys(triples) if t[0] != t[2]]
        if triples:
            self.found.append(Relation(sentence, triples, kind, confidence, span))

    def of(self, sentence: Sentence, classes: set[str]) -> list[Found]:
        """The entities of some classes the sentence names, in text order."""
        return [self.entities.found[m.entity] for m in self.entities.in_sentence(sentence, classes)]

    def _after(self, sentence: Sentence, entity: Found, offset: int) -> bool:
        """True if the sentence names ``entity`` at or after ``offset`` (relative to the sentence)."""
        return any(m.entity == entity.id and m.start - sentence.start >= offset
                   for m in self.entities.in_sentence(sentence))

    def _before(self, sentence: Sentence, entity: Found, offset: int) -> bool:
        return any(m.entity == entity.id and m.start - sentence.start < offset for m in self.entities.in_sentence(sentence))

    def named(self, name: str, sentence: Sentence, cls: str, confidence: float = 0.6) -> str:
        found = self.entities.lookup(name)
        return found.id if found else self.entities.declare(name, cls, sentence, confidence)

    def scan(self, sentence: Sentence, main_place: str | None) -> None:
        if sentence.is_heading:
            return
        for family in (self._posts, self._titles, self._inspection, self._arrival,
                       self._subsidiaries, self._places, self._chain, self._reports, self._policies):
            family(sentence, main_place)
        self.statements.scan(sentence)
        find_origins(self, sentence)
        find_named_plants(self, sentence)
        find_plants(self, sentence)
        find_projects(self, sentence)
        find_investments(self, sentence)
        find_subsidiaries(self, sentence)
        find_events(self, sentence, find_agreements(self, sentence))
        find_conferences(self, sentence)
        find_supply(self, sentence)
        find_deals(self, sentence)
        find_organisers(self, sentence)
        companies = self.entities.in_sentence(sentence, {"kgo:Company"})
        self.last_company = companies[0].entity if companies else self.last_company
        events = self.entities.in_sentence(sentence, {"kgo:Conference", "kgo:PressConference"})
        self._last_event = events[-1].entity if events else self._last_event

    # -- people and posts --------------------------------------------------------------------

    def _posts(self, sentence: Sentence, main_place: str | None) -> None:
        find_governments(self, sentence)
        find_posts(self, sentence)

    # -- statements -----------------------------------------------------------------------------

    # -- titles ------------------------------------------------------------------------------------

    def _titles(self, sentence: Sentence, main_place: str | None) -> None:
        text = sentence.text
        titles = self.of(sentence, {"kgo:HonoraryTitle"})
        conferred_by = CONFERRED_BY.search(text)
        if conferred_by and not titles and self._last_conferral and self._last_conferral[1] >= sentence.index - 2:
            # "The title was jointly conferred by A and B": the awarding bodies of the title just awarded
            awarders = [o for o in self.of(sentence, ORGANISATION_CLASSES) if self._after(sentence, o, conferred_by.start())]
            self.add(sentence, [(self._last_conferral[0], "kgo:awardedBy", o.id) for o in awarders], "title", 0.6)
        if not titles:
            return
        places = self.of(sentence, PLACE_CLASSES - {"kgo:Country", "kgo:Region"})
        known_as = KNOWN_AS.search(text)
        if known_as and places:
            title = next((t for t in titles if self._after(sentence, t, known_as.end())), None)
            if title:
                self.add(sentence, [(places[0].id, "kgo:holdsTitle", title.id)], "title", 0.65)
        awarded = AWARDED.search(text)
        if not awarded or not places:
            return
        recipient = places[0]
        title = next((t for t in titles if self._after(sentence, t, awarded.end())), titles[0])
        year = _year_in(text) or self.article_year
        if year is None:
            return  # a title conferred in a text of no date and no year: its year is unknown
        conferral = self.entities.declare(f"{recipient.label} awarded {title.label} ({year})", "kgo:TitleConferral",
                                          sentence, 0.65, key=f"{title.id}-conferral-{year}")
        triples = [(conferral, "kgo:recipient", recipient.id), (conferral, "kgo:awardedTitle", title.id),
                   (recipient.id, "kgo:holdsTitle", title.id)]
        date = DATE.search(text)
        if date:
            day_year = int(date.group("year")) if date.group("year") else year
            triples.append((conferral, "schema:startDate",
                            f"{day_year}-{MONTHS.index(date.group('month')) + 1:02d}-{int(date.group('day')):02d}"))
        events = self.of(sentence, {"kgo:Conference"})
        if events:
            triples.append((conferral, "schema:superEvent", events[0].id))
        if JOINTLY.search(text[awarded.end():]) or re.search(r"\bby\b", text[awarded.end():]):
            for org in self.of(sentence, {"kgo:IndustryAssociation", "kgo:GovernmentAgency", "kgo:Company",
                                           "kgo:ResearchInstitution"}):
                triples.append((conferral, "kgo:awardedBy", org.id))
        self.add(sentence, triples, "title", 0.7)
        self._last_conferral = (conferral, sentence.index)

    # -- inspections ---------------------------------------------------------------------------------

    def _inspection(self, sentence: Sentence, main_place: str | None) -> None:
        match = INSPECT.search(sentence.text)
        if not match:
            return
        target = self.entities.lookup(match.group("target"))
        if target is None:
            return
        inspection = self.entities.declare(f"Inspection of {target.label}", "kgo:Inspection", sentence, 0.6)
        triples = [(inspection, "kgo:inspected", target.id)]
        organisers = [o for o in self.of(sentence, ORGANISATION_CLASSES) if self._before(sentence, o, match.start())]
        triples += [(inspection, "schema:organizer", o.id) for o in organisers]
        if EXPERTS.search(sentence.text):
            group = self.entities.declare("Expert group", "kgo:ExpertGroup", sentence, 0.6,
                                          key=f"expert-group-{target.id}")
            triples.append((inspection, "kgo:conductedBy", group))
        self.add(sentence, triples, "inspection", 0.6)

    # -- companies in places --------------------------------------------------------------------------

    def _arrival(self, sentence: Sentence, main_place: str | None) -> None:
        match = ARRIVAL.search(sentence.text)
        if not match:
            return
        company = self.entities.lookup(match.group("company"))
        places = self.of(sentence, PLACE_CLASSES - {"kgo:Country", "kgo:Province"})
        place = places[0].id if places else main_place
        if company is None or company.cls != "kgo:Company" or place is None:
            return
        year = match.group("year")
        place_label = self.entities.found[place].label
        label = f"Introduction of {company.label} to {place_label}" + (f" ({year})" if year else "")
        self._company_in_place(sentence, label, company.id, place, year, 0.65)

    def _company_in_place(self, sentence: Sentence, label: str, company: str, place: str, year: str | None,
                          confidence: float) -> None:
        """A company's arrival, plant or base in a place: a kgo:CompanyArrival with its company, place and year."""
        arrival = self.entities.declare(label[:1].upper() + label[1:], "kgo:CompanyArrival", sentence, confidence)
        triples = [(arrival, "kgo:company", company), (arrival, "schema:location", place)]
        if year:
            triples.append((arrival, "kgo:eventYear", year))
        self.add(sentence, triples, "investment", confidence)

    def _subsidiaries(self, sentence: Sentence, main_place: str | None) -> None:
        text = sentence.text
        for match in SUBSIDIARY.finditer(text):
            parent = self.entities.lookup(match.group("parent").strip(" ,"))
            children = [c for c in self.of(sentence, ORGANISATION_CLASSES) if self._before(sentence, c, match.start())]
            if parent and children and children[-1].id != parent.id:
                self.add(sentence, [(children[-1].id, "schema:parentOrganization", parent.id)], "subsidiary", 0.7)
        for match in OWNED_BY.finditer(text):
            parent, child = (self.entities.lookup(match.group(g).strip(" ,")) for g in ("parent", "child"))
            if parent and child and parent.id != child.id:
                self.add(sentence, [(child.id, "schema:parentOrganization", parent.id)], "subsidiary", 0.65)
        for match in JOINT_VENTURE.finditer(text):
            parents = [self.entities.lookup(match.group(g).strip()) for g in ("a", "b")]
            ventures = [c for c in self.of(sentence, {"kgo:Company"}) if self._before(sentence, c, match.start())]
            if all(parents) and ventures:
                self.add(sentence, [(ventures[-1].id, "schema:parentOrganization", p.id) for p in parents],
                         "subsidiary", 0.6)

    # -- places and agencies ---------------------------------------------------------------------------

    def _places(self, sentence: Sentence, main_place: str | None) -> None:
        text = sentence.text
        for match in re.finditer(r"(?P<a>[A-Z][\w\-]*(?: [A-Z][\w\-]*)?)(?: City)?, (?:(?:a|the) (?:[\w\-]+ ){0,2}?"
                                 r"(?:city|county|district|capital|town) (?:in|of) (?:the )?)?(?:(?:central|eastern|western|"
                                 r"northern|southern|southwestern|southeastern|northwestern|northeastern|east|west|north|"
                                 r"south|southwest|southeast|northwest|northeast) )?(?P<b>[A-Z][\w\-]*"
                                 r"(?: [A-Z][\w\-]*)?) Province\b", text):
            a, b = self.entities.lookup(match.group("a")), self.entities.lookup(match.group("b"))
            if a and b and a.cls in PLACE_CLASSES and b.cls == "kgo:Province":
                self._contain(sentence, a, b, 0.7)
        for match in re.finditer(r"(?P<a>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2}?)(?:,| is) (?:a|the) (?:[\w\-]+ ){0,3}?(?:city|county|district|"
                                 r"town|area) (?:in|of|under|administered by) (?P<b>[A-Z][\w\-]*(?: [A-Z][\w\-]*)?)", text):
            a, b = self.entities.lookup(match.group("a")), self.entities.lookup(match.group("b"))
            if a and b and a.id != b.id and a.cls in PLACE_CLASSES and b.cls in PLACE_CLASSES:
                self._contain(sentence, a, b, 0.65)
        for match in re.finditer(r"(?P<a>[A-Z][\w\-]*(?: [A-Z][\w\-]*)*) (?:is|are) located in (?:the )?"
                                 r"(?P<b>[A-Z][\w\-]*(?: [A-Z][\w\-]*)*)", text):
            a, b = self.entities.lookup(match.group("a")), self.entities.lookup(match.group("b"))
            if a and b and b.cls in PLACE_CLASSES:
                prop = "schema:containedInPlace" if a.cls in PLACE_CLASSES else "schema:location"
                if prop == "schema:containedInPlace":
                    self._contain(sentence, a, b, 0.65)
        self._chains(sentence)
        for agency in self.of(sentence, {"kgo:GovernmentAgency"}):
            first = agency.label.split()[0]
            place = self.entities.lookup(first)
            if place and place.cls in PLACE_CLASSES and agency.quote.index == sentence.index:
                self.add(sentence, [(agency.id, "kgo:jurisdiction", place.id)], "place", 0.7)

    def _contain(self, sentence: Sentence, inner: Found, outer: Found, confidence: float, kind: str = "place") -> None:
        """``inner`` lies in ``outer``: one container a place (the shapes allow one), the first the text gives."""
        if inner.id in self._container or inner.id == outer.id:
            return
        self._container[inner.id] = outer.id
        self.add(sentence, [(inner.id, "schema:containedInPlace", outer.id)], kind, confidence)

    def _chains(self, sentence: Sentence) -> None:
        """Places written within places: "X New District, Y City, Z Province", "Salem, Oregon", "Riverton in
        Austria": each place in the next, wider one."""
        places = [m for m in self.entities.in_sentence(sentence, PLACE_CLASSES)]
        for a, b in zip(places, places[1:]):
            inner, outer = self.entities.found[a.entity], self.entities.found[b.entity]
            between = self.text[a.end:b.start]
            if CHAIN_GAP.fullmatch(between) and RANK.get(inner.cls, 9) < RANK.get(outer.cls, -1):
                self._contain(sentence, inner, outer, 0.7, "place-chain")

    def contain_by_gazetteer(self) -> None:
        """After the text, places no sentence placed, by what the gazetteer knows of them: a city in the one
        province of its country the text names (else in its country, if the text names no province of it); a
        province the text places something in or names twice in its country, and a country in its continent, if the
        text names them. The place's first sentence is the evidence."""
        known: dict[str, Place] = {}
        for entity in self.entities.found.values():
            place = choose(tuple(p for p in places_named(entity.label) if p.cls == entity.cls),
                           self.entities.places.countries) if entity.cls in PLACE_CLASSES else None
            if place is not None:
                known[entity.id] = place
        by_id = self.entities.found
        for entity_id, place in known.items():
            entity = by_id[entity_id]
            if entity_id in self._container:
                continue
            if place.cls == "kgo:City":
                provinces = [i for i, p in known.items() if p.cls == "kgo:Province" and p.country == place.country]
                countries = [i for i, p in known.items() if p.cls == "kgo:Country" and p.country == place.country]
                outer = provinces[0] if len(provinces) == 1 else None if provinces else (countries or [None])[0]
            elif place.cls == "kgo:Province" and (entity_id in self._container.values() or sum(
                    m.entity == entity_id for m in self.entities.mentions) >= 2):
                # a province the text places something in, or comes back to: in its country
                outer = next((i for i, p in known.items() if p.cls == "kgo:Country" and p.country == place.country), None)
            elif place.cls == "kgo:Country":
                outer = next((i for i, p in known.items() if p.cls == "kgo:Region"
                              and p.label == continent_of(place.country)), None)
            else:
                outer = None
            if outer is not None:
                self._contain(entity.quote, entity, by_id[outer], 0.5, "place-gazetteer")

    # -- chains and reports ------------------------------------------------------------------------------

    def _chain(self, sentence: Sentence, main_place: str | None) -> None:
        text = sentence.text
        if "chain" in text:
            for match in CHAIN_STAGES.finditer(text):
                stages = [match.group(g) for g in "abcd" if match.group(g)]
                if len(stages) < 3:
                    continue
                ids = [self.entities.declare(s[:1].upper() + s[1:], "kgo:ChainStage", sentence, 0.55) for s in stages]
                self.add(sentence, list(zip(ids, ["kgo:nextStage"] * len(ids), ids[1:])), "chain", 0.55)
        for match in CLUSTER.finditer(text):
            if any(c.isdigit() for c in match.group("name")):
                continue
            name = match.group("name")
            cluster = self.entities.declare(name[:1].upper() + name[1:], "kgo:IndustryCluster", sentence, 0.55)
            # "a global first-class power battery industry cluster" is a cluster of the power battery industry.
            words = name.split()[:-1]
            industry = next((found for n in range(len(words) - 1) if (found := self.entities.lookup(" ".join(words[n:])))
                             and found.cls == "kgo:Industry"), None)
            industry_id = industry.id if industry else self.entities.declare(
                " ".join(words[-3:]).capitalize(), "kgo:Industry", sentence, 0.5)
            triples = [(cluster, "kgo:clusterOf", industry_id)]
            places = self.of(sentence, PLACE_CLASSES - {"kgo:Country", "kgo:Region"})
            if places:
                triples.append((places[0].id, "kgo:buildsCluster", cluster))
            self.add(sentence, triples, "chain", 0.5)

    def _policies(self, sentence: Sentence, main_place: str | None) -> None:
        """Who introduced a policy ("X issued the Y action plan"); the policy a programme named after it carries out."""
        text = sentence.text
        for policy in self.of(sentence, {"kgo:Policy"}):
            verb = re.search(r"\b(?:introduced|issued|released|launched|unveiled|published|formulated|rolled out|"
                             r"adopted|approved)\b", text)
            if verb is None:
                continue
            passive = re.match(r"\s+by\b", text[verb.end():])
            makers = [e for e in self.of(sentence, PLACE_CLASSES | {"kgo:GovernmentAgency"})
                      if (self._after(sentence, e, verb.end()) if passive else self._before(sentence, e, verb.start()))
                      and e.id != policy.id]
            if passive:
                makers = makers[:1]
            if makers:
                self.add(sentence, [(policy.id, "kgo:introducedBy", makers[-1].id)], "policy", 0.55)
            self._last_policy = (sentence.paragraph, policy.id)
        for policy in self.of(sentence, {"kgo:Policy"}):
            if policy.quote.index == sentence.index and not any(
                    t[0] == policy.id and t[1] == "kgo:introducedBy" for r in self.found for t in r.triples):
                maker = self._policy_maker(sentence, policy, main_place)
                if maker:
                    self.add(sentence, [(policy.id, "kgo:introducedBy", maker)], "policy", 0.4)
        last = getattr(self, "_last_policy", None)
        for programme in self.of(sentence, {"kgo:Programme"}):
            if last and last[0] == sentence.paragraph and programme.quote.index == sentence.index:
                self.add(sentence, [(programme.id, "kgo:implements", last[1])], "policy", 0.45)

    def _policy_maker(self, sentence: Sentence, policy: Found, main_place: str | None) -> str | None:
        """Who made a policy no verb names: the place its own name begins with or holds ("the Norland Battery
        Strategy"), else the government or place named before it, else the one after it, else the article's place."""
        inside = [e for e in self.of(sentence, PLACE_CLASSES | {"kgo:GovernmentAgency"})
                  if e.id != policy.id and f" {normal_name(e.label)} " in f" {normal_name(policy.label)} "]
        if inside:
            return inside[0].id
        start = next((m.start for m in self.entities.in_sentence(sentence) if m.entity == policy.id), sentence.end) \
            - sentence.start
        around = [e for e in self.of(sentence, {"kgo:GovernmentAgency"} | PLACE_CLASSES - {"kgo:Region"})
                  if e.id != policy.id]
        before = [e for e in around if self._before(sentence, e, start)]
        if before or around:
            return (before or around)[-1 if before else 0].id
        return main_place

    def _reports(self, sentence: Sentence, main_place: str | None) -> None:
        for report in self.of(sentence, {"kgo:Report"}):
            first = self.entities.lookup(report.label.split()[0])
            if first and first.cls in PLACE_CLASSES and report.quote.index == sentence.index:
                self.add(sentence, [(report.id, "schema:about", first.id)], "report", 0.6)


def _year_in(text: str) -> int | None:
    match = re.search(r"(?<![\w\-])((?:19|20)\d\d)(?![\w\-])", text)
    return int(match.group(1)) if match else None
