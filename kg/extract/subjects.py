"""Whose figure it is: the place, company, plant or project a figure of a sentence is about (its area).

A figure is scoped to what its sentence is about, by the first rule that applies:
1. the name right before it, if a possessive ("Riverton's installed capacity has reached 8.4 million kW",
   "China's output ..." is China's, not the city's);
2. a plant, project or joint venture the figure stands before ("a 10GW module facility") or the sentence
   names before it ("the Nordcell One plant, with 16 GWh"), or the one in focus when the sentence says
   "the plant", "the facility", "the project";
3. the sentence's subject, if a company ("Acme swung to a net profit of ...") or a place ("France could add
   34,000 jobs"); when the sentence opens with "It" or "Its", the company or plant the text named last (what
   "it" refers to), and with "The company", the company in focus;
4. a capacity or an output (GWh, GW, tonnes a year ...) the sentence gives no subject of is the plant's in
   focus, if one was named in the sentence or the two before it: a city has no capacity, its plants do;
5. the place of the sentence (``place_of``, the former rule: "the city's" is the article's place, else a
   possessive place, else the first place), else the paragraph's, else the article's place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.bylines import DATELINE
from kg.extract.described import describe_facilities, of_owner
from kg.extract.entities import EntityFinder, Mention
from kg.extract.numbers import figures
from kg.extract.text import Sentence

AREA_CLASSES = {"kgo:City", "kgo:District", "kgo:UrbanArea", "kgo:Province", "kgo:Country"}
UNIT_CLASSES = {"kgo:Plant", "kgo:Project", "kgo:JointVenture"}
COMPANY_CLASSES = {"kgo:Company"}
PREPOSITION = re.compile(r"\b(?:in|at|from|to|with|for|of|by|near|on|into|across|outside|inside|between|and|or)"
                         r"\s+(?:the\s+)?$", re.I)
PRONOUN_OPENING = re.compile(r"^(?:It|Its|The (?:company|firm|group|carmaker|automaker|manufacturer|maker|producer|"
                             r"miner|developer|startup|start-up))\b")
PRONOUN = re.compile(r"^(?:It|Its)\b|^[^,]{0,60},\s+(?:it|its)\b")
# Units of what a plant makes or can make: a figure in them without a subject is the plant's in focus.
CAPACITY_UNITS = {"kgo:GigawattHour", "kgo:Gigawatt", "kgo:Megawatt", "kgo:MegawattHour", "kgo:TonnePerYear",
                  "kgo:Tonne"}
FOCUS_SENTENCES = 2
# "a high-purity silicon project with an annual output of 40,000 tons": a project the text describes but does not
# name, which its figures are about.
PROJECT_PHRASE = re.compile(r"\b(?:a|an)\s+(?P<kind>(?:[a-z][a-z\-]*\s+){1,4}?)(?P<noun>project|joint venture)\b"
                            r"(?=[^.;]{0,80}?\d)")
# "the 660MW Riverton Bay offshore wind farm", "its $800 million Acme Materials Plant": a facility named right after
# its figure; the name's capitalised words, then the words of its kind, then what it is.
NAMED_FACILITY = re.compile(r"\s+(?P<name>(?:[A-Z][\w\-’'.&]*\s+(?:(?:and|of|de|do|dos|da|del)\s+)?){1,5}?)"
                            r"(?P<kind>(?:[a-z][a-z\-]*\s+){0,3}?)(?P<head>(?i:wind farm|solar farm|farm|power plant|"
                            r"power station|plant|mine|mill|smelter|refinery|fab|factory|gigafactory|project|complex|"
                            r"facility|program|programme))\b(?!-)")
FACILITY_DETERMINERS = re.compile(r"\b(?:the|a|an|its|their|his|her|existing|new|planned|proposed)\s+$", re.I)
# What a share is of, after it: "51% of the shares in", "a 20 per cent shareholding in", "100 percent of".
STAKE_IN = re.compile(r"\s+(?:(?:equity\s+)?(?:stake|shareholding|interest|holding|share)s?\s+in|of the shares in|"
                      r"of the shares of|of)\s+(?:the\s+)?")
# What only a company has: a figure of these words with no subject in its sentence is the company's in focus.
COMPANY_FIGURES = re.compile(r"\b(?:revenues?|profits?|net income|earnings|losses|loss|turnover|dividends?|"
                             r"market (?:value|capitali[sz]ation)|share price|shares)\b", re.I)
OF_THE_COMPANY = re.compile(r"\b(?:revenues?|profits?|net income|earnings|losses|turnover|dividends?|market (?:value|"
                            r"capitali[sz]ation)|share price|shares|stock) (?:of|in) (?:the )?$", re.I)
# A figure given to the unit in focus after it: "a grant of $150 million to the project", "$2 billion for the plant".
TO_THE_UNIT = re.compile(r"[^,;.]{0,40}?\b(?:to|for|in|into|on) (?:the|this|its) (?:new )?(?:plant|facility|factory|"
                         r"project|refinery|gigafactory|mill|mine|smelter|fab|farm)\b", re.I)
LIST_NAME = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?P<name>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,3})")
SAID = re.compile(r"\s+(?:said|says|reported|reports|announced|added|told)\b")
# A place named before one of these is where the plant is: "the Riverton site", "the Lyon plant".
SITE_AFTER = re.compile(r"\s+(?:[a-z][\w\-]*\s+){0,3}?(?:site|plant|facility|factory|mine|mill|refinery|smelter|fab|"
                        r"works|complex|farm|park|development)\b")
VAGUE_WORDS = {"new", "first", "second", "third", "major", "key", "planned", "proposed", "latest", "large", "huge",
               "giant", "big", "further", "separate", "similar", "other", "such", "also", "total", "combined"}
# What begins a clause: a figure's company is named after it ("..., while Acme bagged 3,000 MW").
CLAUSE_START = re.compile(r"[,;]\s+|\s(?:while|whereas|followed by)\s")
# The company in focus by a common noun: "the manufacturer has laid plans for N", "the firm's capacity".
COMPANY_WORDS = re.compile(r"\bthe (?:company|firm|group|manufacturer|maker|producer|miner|carmaker|automaker|"
                           r"developer)(?P<own>['’]s)?\b", re.I)  # a plant stays in focus for the sentence it is named in and the two after it
# "enough to power 20,000 homes", "the capacity to meet the needs of 460,000 households": what a plant's output
# serves is the plant's figure, not the place's where the homes are.
SERVES = re.compile(r"(?:\b(?:enough|sufficient)\b[^.;:]{0,80}|\b(?:to|can|could|will|would) (?:meet|cover)\b[^.;:]{0,50}?"
                    r"\b(?:needs|requirements|demand|consumption) of)\s+(?:(?:more than|over|about|around|nearly|almost|"
                    r"up to|some|roughly|approximately|an estimated)\s+)?$", re.I)
SERVED = re.compile(r"(?:\s+[\w\-]+){0,3}?\s+(?:homes|households|houses|families|residents|people|vehicles|cars|EVs)\b")
UNIT_WORDS = re.compile(r"\b(?:the|this|its|that) (?:new )?(?:plant|facility|factory|base|project|refinery|"
                        r"gigafactory|mill|site|venture|joint venture|line|farm|mine|smelter|fab)\b", re.I)


# Between a place's possessive and a company's name, a description of the company: "Riverton's key lithium producer".
DESCRIBED_BY_PLACE = re.compile(r"['’]s\s+(?:[a-z][\w\-]*\s+){0,5}?(?:producer|maker|manufacturer|firm|company|group|"
                                r"giant|miner|developer|supplier|carmaker|automaker|utility|operator|exporter|"
                                r"champion|leader)\s+")


class SubjectFinder:
    """Sentence by sentence, the area of each figure; remembers the company and plant in focus."""

    def __init__(self, entities: EntityFinder, main_place: str | None, datelines: set[tuple[int, int]] = frozenset()):
        self.entities = entities
        self.datelines = datelines  # where a dateline names the place it was filed from (``dateline_places``)
        self.main_place = main_place
        self.company: str | None = None  # the company the text spoke of last as a subject
        self.unit: str | None = None  # the plant, project or joint venture named last
        self.unit_sentence = -FOCUS_SENTENCES - 1  # the index of the sentence that named it
        self.last: str | None = None  # the company, plant, project or joint venture named last: what "it" is
        self._paragraph_area: dict[int, str] = {}
        self.focus: str | None = None  # what the sentence before was about: what its next sentence's "it" is

    def of(self, sentence: Sentence) -> Callable[[int, str | None], str | None]:
        """The area of a figure of ``sentence`` by its offset in the sentence (and its unit, if known)."""
        self._described_projects(sentence)
        self._named_facilities(sentence, self._mentions(sentence))
        mentions = self._mentions(sentence)
        place = place_of(self.entities, sentence, self.main_place, mentions) \
            or self._paragraph_area.get(sentence.paragraph) or self.main_place
        if place:
            self._paragraph_area[sentence.paragraph] = place
        subject = self._subject(sentence, mentions)
        mentions = self._described(sentence, mentions, subject)
        self._new_company(mentions, subject)
        company_before, unit_before, last_before, focus_before = self.company, self.unit, self.last, self.focus
        unit_in_focus = unit_before if sentence.index - self.unit_sentence <= FOCUS_SENTENCES else None
        units = self._remember(sentence, mentions, subject)
        owned = self._owned(sentence, mentions)
        ends = {f.start: f.end for f in figures(sentence.text)}

        def area(offset: int, unit: str | None = None) -> str | None:
            at = sentence.start + offset
            if offset in owned:
                return owned[offset]  # each of a list's owners "respectively"; the company a stake is in
            before = [m for m in mentions if m.end <= at]
            ahead = self._unit_ahead(sentence, mentions, offset)
            if ahead:
                return ahead  # "Acme's new 40 GWh plant": the plant's, not Acme's
            if before and _possessive(sentence, before[-1]):
                return before[-1].entity
            named = self._named_owner(sentence, before, offset)
            if named:
                return named  # "Zambia's copper output reached N", "shares of Acme fell N%"
            clause = CLAUSE_START.split(sentence.text[:offset])[-1]
            if company_before and COMPANY_WORDS.search(clause) and COMPANY_WORDS.search(clause).group("own"):
                return company_before  # "raise the firm's total capacity to N": the company's, not the plant's
            found = self._unit_of(sentence, mentions, before, (offset, ends.get(offset, offset)), unit_in_focus, unit_before)
            if found:
                return found
            found = self._ranked(sentence, mentions, offset) or self._clause_company(sentence, before, offset - len(clause))
            if found:
                return found  # "X bagged 4,000 MW followed by Y at 2,400 MW": each clause's company
            if subject is not None and self._cls(subject) in COMPANY_CLASSES | AREA_CLASSES and (subject.end <= at or (
                    self._cls(subject) in COMPANY_CLASSES and SAID.match(sentence.text, subject.end - sentence.start))):
                return subject.entity  # "Revenue rose 12% to $1 billion, Acme said": Acme's
            if subject is None and PRONOUN.match(sentence.text) and (focus_before or last_before or company_before):
                # "It will produce 45,000 tonnes a year": the plant in focus makes it, whoever "it" is; else "it"
                # is what the sentence before was about ("The firm extracts lithium. It produced 13,602t")
                return unit_in_focus if unit in CAPACITY_UNITS - {"kgo:Tonne"} and unit_in_focus \
                    else focus_before or last_before or company_before
            if subject is None and company_before and (PRONOUN_OPENING.match(sentence.text) or COMPANY_WORDS.search(
                    clause) or COMPANY_FIGURES.search(clause + sentence.text[offset:offset + 40])):
                return company_before  # "Third-quarter revenue rose 12%": a company's figure, not a place's
            if subject is None and unit in CAPACITY_UNITS and (units or unit_in_focus):
                return units[-1].entity if units else unit_in_focus
            return self._own_place(sentence, mentions, offset) or place

        return area

    def _new_company(self, mentions: list[Mention], subject: Mention | None) -> None:
        """A sentence about another company than the one in focus, naming no plant, ends the focus on the plant
        named before unless its name holds the company's: "Acme Steel said it would restart its works. It will
        produce N tons a year" is not about Bluewave's plant of the paragraph before. The plant stays the one "the
        plant" refers to."""
        if subject is None or self._cls(subject) not in COMPANY_CLASSES or self.unit is None \
                or subject.entity == self.company or any(self._cls(m) in UNIT_CLASSES for m in mentions):
            return
        if not of_owner(self.entities, self.unit, subject.entity):
            self.unit_sentence = -FOCUS_SENTENCES - 1

    def _unit_of(self, sentence: Sentence, mentions: list[Mention], before: list[Mention], span: tuple[int, int],
                 unit_in_focus: str | None, unit_before: str | None) -> str | None:
        """The plant, project or joint venture a figure (at ``span`` in the sentence) is of, if its words say so: what
        a plant's output serves ("enough to power 20,000 homes"), the unit it stands before or the sentence names
        before it, the unit in focus "the plant" refers to, before the figure or after it ("a grant of $150
        million to the project"), and the unit of a site ("the Riverton site")."""
        offset, end = span
        if SERVES.search(sentence.text[:offset]) and SERVED.match(sentence.text, end):
            served = next((m.entity for m in reversed(before) if self._cls(m) in UNIT_CLASSES),
                          unit_in_focus or unit_before)
            if served:
                return served  # "enough to power 20,000 homes": the plant's, whoever is named in between
        found = self._unit(sentence, mentions, offset, before) or (unit_before if unit_before and (
            UNIT_WORDS.search(sentence.text[:offset]) or TO_THE_UNIT.match(sentence.text, end)) else None)
        return found or self._site(sentence, before, unit_before)

    def _named_owner(self, sentence: Sentence, before: list[Mention], offset: int) -> str | None:
        """The owner a figure's own clause names by a possessive with only a product between ("Zambia's copper output
        reached N": Zambia's, though "copper" is named after it), or after what only a company has ("shares of Acme
        fell 4.5%", "the revenue of Acme rose N"), or what its relative clause is of ("Acme, which employs N")."""
        owners = [m for m in before if self._cls(m) in COMPANY_CLASSES | UNIT_CLASSES | AREA_CLASSES]
        if not owners:
            return None
        last = owners[-1]
        between = sentence.text[last.end - sentence.start:offset]
        if _possessive(sentence, last) and not re.search(r"[,;:]", between):
            return last.entity
        if re.fullmatch(r",\s+(?:which|who)\s+[^,;:()]*", between):  # "Acme, which is worth about $1.2 billion"
            head = owners[-2] if len(owners) > 1 else None  # "the Kell plant in Riverton, which ...": the plant's
            attached = head is not None and re.fullmatch(r"\s+(?:in|at|near)\s+(?:the\s+)?",
                                                         sentence.text[head.end - sentence.start:last.start - sentence.start])
            return head.entity if attached else last.entity
        if self._cls(last) in COMPANY_CLASSES and OF_THE_COMPANY.search(sentence.text[:last.start - sentence.start]) \
                and not re.search(r"[,;:]", between):
            return last.entity
        return None

    def _ranked(self, sentence: Sentence, mentions: list[Mention], offset: int) -> str | None:
        """The company a ranking places right before the figure ("followed by Bluewave at 4,800 MW"): the one the
        text names there, else a company of that name, when the ranking's first place is a company."""
        from kg.extract.measures import ranked_name

        name = ranked_name(sentence.text, offset)
        if name is None:
            return None
        at = sentence.start + name.start("name")
        named = next((m for m in mentions if m.start == at), None)
        if named is not None:
            return named.entity if self._cls(named) in COMPANY_CLASSES else None
        if not any(self._cls(m) in COMPANY_CLASSES for m in mentions if m.end <= at):
            return None
        entity = self.entities.declare(name.group("name"), "kgo:Company", sentence, 0.5, rule="a place in a ranking")
        self.entities.mention(at, sentence.start + name.end("name"), entity, sentence)
        return entity

    def _remember(self, sentence: Sentence, mentions: list[Mention], subject: Mention | None) -> list[Mention]:
        """Keep in focus the sentence's company, its last plant or project, what it named last and what it is about;
        return its plants and projects."""
        company_before, unit_before = self.company, self.unit
        if subject is not None and self._cls(subject) in COMPANY_CLASSES:
            self.company = subject.entity
        units = [m for m in mentions if self._cls(m) in UNIT_CLASSES]
        if units:
            self.unit, self.unit_sentence = units[-1].entity, sentence.index
        named = [m for m in mentions if self._cls(m) in COMPANY_CLASSES | UNIT_CLASSES]
        if named:
            self.last = named[-1].entity
        self.focus = self._focus(sentence, mentions, subject, company_before, unit_before)
        return units

    def _focus(self, sentence: Sentence, mentions: list[Mention], subject: Mention | None, company: str | None,
               unit: str | None) -> str | None:
        """What a sentence is about, for the next sentence's "it": its subject; else the company, plant or place it
        opens with ("Riverton's capacity has reached ..."); else the company or plant in focus it opens with a
        common noun for ("The firm extracts ...", "The plant also has ..."); a sentence that opens with "It" keeps
        the focus it had."""
        text = sentence.text
        if PRONOUN.match(text):
            return self.focus
        if subject is not None:
            return subject.entity
        opening = next((m for m in mentions if m.start == sentence.start), None)
        if opening is not None and self._cls(opening) in COMPANY_CLASSES | UNIT_CLASSES | AREA_CLASSES:
            return opening.entity
        if PRONOUN_OPENING.match(text):
            return company
        if re.match(r"The (?:new )?(?:plant|facility|factory|base|project|refinery|mill|mine|site|gigafactory)\b", text):
            return unit
        return None

    def _described(self, sentence: Sentence, mentions: list[Mention], subject: Mention | None) -> list[Mention]:
        """Declare the facilities the sentence describes by a figure (kg.extract.described), of the sentence's
        company, else the company in focus; the sentence's mentions with them."""
        company = subject.entity if subject is not None and self._cls(subject) in COMPANY_CLASSES else self.company
        describe_facilities(self.entities, sentence, mentions, company, self.unit)
        return self._mentions(sentence)

    def _described_projects(self, sentence: Sentence) -> None:
        """Declare the projects a sentence describes with figures ("a wafer-cutting project with an annual output
        of 15GW"), so that the figures are the project's, not the place's."""
        for match in PROJECT_PHRASE.finditer(sentence.text):
            kind = [w for w in match.group("kind").split() if w not in VAGUE_WORDS]
            if not kind or kind[0] in ("the", "of", "to", "and", "in"):
                continue
            label = " ".join([*kind, match.group("noun")])
            cls = "kgo:JointVenture" if match.group("noun") == "joint venture" else "kgo:Project"
            entity = self.entities.declare(label[0].upper() + label[1:], cls, sentence, 0.5,
                                           rule="a project described with a figure")
            start = sentence.start + match.start("kind") + match.group("kind").index(kind[0])
            self.entities.mention(start, sentence.start + match.end("noun"), entity, sentence)

    def _named_facilities(self, sentence: Sentence, mentions: list[Mention]) -> None:
        """Declare a plant or project named right after its figure ("the 660MW Riverton Bay offshore wind farm"),
        unless its name is a company's or a place's ("the $2 billion Acme battery plant": the company's plant,
        which kg.extract.ventures names) or an entity already found."""

        text = sentence.text
        for figure in figures(text):
            match = NAMED_FACILITY.match(text, figure.end)
            if match is None or not FACILITY_DETERMINERS.search(text[: figure.start]):
                continue
            start, end = sentence.start + match.start("name"), sentence.start + match.end("head")
            if any(m.start < end and start < m.end and self._cls(m) in COMPANY_CLASSES | UNIT_CLASSES | AREA_CLASSES
                   for m in mentions):
                continue
            label = " ".join(f"{match.group('name')}{match.group('kind')}{match.group('head')}".split())
            head = match.group("head").lower()
            cls = "kgo:Project" if head in ("project", "program", "programme") else "kgo:Plant"
            entity = self.entities.declare(label, cls, sentence, 0.5, rule="a facility named after its figure")
            self.entities.mention(start, end, entity, sentence)

    def _owned(self, sentence: Sentence, mentions: list[Mention]) -> dict[int, str]:
        """Figures whose owner their sentence names by its shape, by their offset: "Acme, Bluewave and Zarnow will
        hold stakes of 60%, 30% and 10%, respectively" (each of the list, in order); "holds 51% of the shares in
        Acme", "a 20 per cent shareholding in the Riverton mine", "to acquire 100 percent of Acme" (what is held)."""

        text, owners = sentence.text, COMPANY_CLASSES | UNIT_CLASSES | AREA_CLASSES
        figs, found = figures(text), {}
        for figure in figs:
            held = STAKE_IN.match(text, figure.end) if figure.unit == "kgo:Percent" else None
            if held:
                at = sentence.start + held.end()
                found.update({figure.start: m.entity for m in mentions if m.start == at and self._cls(m) in owners
                              and not _possessive(sentence, m)})
        if "respectively" not in text:
            return found
        joined = re.compile(r"\s*(?:,|and|, and)\s*")
        for first in range(len(figs)):
            run = [figs[first]]
            while first + len(run) < len(figs) and figs[first + len(run)].unit == run[0].unit \
                    and joined.fullmatch(text[run[-1].end:figs[first + len(run)].start]):
                run.append(figs[first + len(run)])
            named = [m for m in mentions if m.end - sentence.start <= run[0].start and self._cls(m) in owners]
            listed = named[-1:]
            for m in reversed(named[:-1]):
                if len(listed) == len(run) or not joined.fullmatch(text[m.end - sentence.start:listed[0].start - sentence.start]):
                    break
                listed.insert(0, m)
            ids = [m.entity for m in listed]
            if listed and len(ids) < len(run):  # "A, B and C" where C was not found as a mention here
                ids += self._named_after(text, listed[-1].end - sentence.start, run[0].start, owners)
            if len(run) > 1 and len(ids) == len(run):
                found.update({f.start: entity for f, entity in zip(run, ids)})
                break
        return found

    def _named_after(self, text: str, start: int, end: int, classes: set[str]) -> list[str]:
        """The entities a list goes on to name after ``start`` ("..., C and D") by their names or aliases, where the
        text did not mention them (a short name said once): up to the first name that is no entity's."""
        names = {n: e.id for e in reversed(list(self.entities.found.values())) if e.cls in classes
                 for n in (e.label, *e.alt_labels)}  # the first entity of a name wins
        found = []
        for match in LIST_NAME.finditer(text, start, end):
            if match.start() != start or match.group("name") not in names:
                break
            found.append(names[match.group("name")])
            start = match.end()
        return found

    def _site(self, sentence: Sentence, before: list[Mention], unit_before: str | None) -> str | None:
        """ "The Riverton site is expected to produce N", "the Acme offshore wind development": the plant or project
        a place or company named before "site", "plant", "farm" ... stands for: the one whose name holds the
        place's or company's (if one does), else, after a place, the plant or project named last."""
        for m in reversed(before):
            cls = self._cls(m)
            if cls in AREA_CLASSES | COMPANY_CLASSES and SITE_AFTER.match(sentence.text, m.end - sentence.start):
                name = self.entities.found[m.entity].label.casefold()
                named = {e.id for e in self.entities.found.values() if e.cls in UNIT_CLASSES
                         and name in e.label.casefold()}
                if len(named) == 1:
                    return named.pop()
                return unit_before if cls in AREA_CLASSES else None
        return None

    def _clause_company(self, sentence: Sentence, before: list[Mention], clause_start: int) -> str | None:
        """The company the figure's own clause names as its subject (not after a preposition), if any."""
        for m in reversed(before):
            offset = m.start - sentence.start
            if m.end - sentence.start <= clause_start:  # a name may hold the comma that looked like a clause's
                return None
            if self._cls(m) in COMPANY_CLASSES and not PREPOSITION.search(sentence.text[:offset]) \
                    and not _possessive(sentence, m):
                return m.entity
        return None

    def _own_place(self, sentence: Sentence, mentions: list[Mention], offset: int) -> str | None:
        """A place the figure's own part of a list names after it ("5 GW of cells in Bluewave; 3 GW in ..."): its
        place, where the sentence gives the figure no other subject."""
        end = sentence.text.find(";", offset)
        end = len(sentence.text) if end < 0 else end
        for m in mentions:
            at = m.start - sentence.start
            if offset < at < end and self._cls(m) in AREA_CLASSES - {"kgo:Country"} \
                    and re.search(r"\b(?:in|at)\s+(?:the\s+)?$", sentence.text[:at]) \
                    and not re.search(r"\d", sentence.text[offset:at].split(" ", 1)[-1]):
                return m.entity
        return None

    def _unit(self, sentence: Sentence, mentions: list[Mention], offset: int, before: list[Mention]) -> str | None:
        """The plant, project or joint venture a figure stands before ("a 10GW module facility"), else the one the
        sentence names before it."""
        return self._unit_ahead(sentence, mentions, offset) \
            or next((m.entity for m in reversed(before) if self._cls(m) in UNIT_CLASSES), None)

    def _unit_ahead(self, sentence: Sentence, mentions: list[Mention], offset: int) -> str | None:
        """The plant, project or joint venture a figure stands before: "a 10GW module facility", "a $700 million
        acid leaching (AL) plant", "a $3 billion, 2,500-job plant", "the $4 billion ($5.4 billion) Acme One plant" (an
        amount in brackets is the same amount converted)."""
        for m in mentions:
            gap = re.sub(r"\d(?:[\d.,]*\d)?", "0", sentence.text[offset:m.start - sentence.start])  # "1.2GW": no full stop
            gap = re.sub(r",\s+(?:0|[a-z]+(?:\s+(?:thousand|million|billion))?)[\- ]?\w*-[\w\-]+\s|\s\([A-Z]{2,6}\)\s|\s\([^()]{0,12}0[^()]{0,16}\)\s", " ", gap)
            if m.start >= sentence.start + offset and self._cls(m) in UNIT_CLASSES \
                    and re.fullmatch(r"[^,;.()]{0,80}", gap) and len(gap.split()) <= 9:
                return m.entity
        return None

    def _cls(self, mention: Mention) -> str:
        return self.entities.found[mention.entity].cls

    def _mentions(self, sentence: Sentence) -> list[Mention]:
        """The sentence's mentions not inside a longer one, in order."""
        mentions = [m for m in self.entities.in_sentence(sentence) if (m.start, m.end) not in self.datelines]
        outer = [m for m in mentions if not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                                                for o in mentions)]
        return sorted(outer, key=lambda m: m.start)

    def _subject(self, sentence: Sentence, mentions: list[Mention]) -> Mention | None:
        """The first company, plant or place the sentence names outside a prepositional phrase and not as an
        adjective ("China-based", "Chinese"): the subject its figures are about, if it is a company."""
        skipped_end = None
        for m in mentions:
            offset = m.start - sentence.start
            chained = skipped_end is not None and self._cls(m) in AREA_CLASSES \
                and re.fullmatch(r",\s*", sentence.text[skipped_end - sentence.start:offset])
            if chained or PREPOSITION.search(sentence.text[:offset]) or re.match(
                    r"-(?:based|headquartered|listed)\b", sentence.text[m.end - sentence.start:]):
                skipped_end = m.end  # "In Lyon, France, X ...": France is Lyon's, inside the phrase too
                continue
            if self._cls(m) in COMPANY_CLASSES | UNIT_CLASSES | AREA_CLASSES:
                if not _possessive(sentence, m) or self._cls(m) in COMPANY_CLASSES:
                    return m
                described = next((n for n in mentions if n.start > m.end and self._cls(n) in COMPANY_CLASSES), None)
                if described is not None and DESCRIBED_BY_PLACE.fullmatch(
                        sentence.text[m.end - sentence.start:described.start - sentence.start]):
                    return described  # "Riverton's largest lithium producer Acme is ...": Acme
                return None
        return None


def dateline_places(entities: EntityFinder, sentences: list[Sentence]) -> set[tuple[int, int]]:
    """(start, end) of each place a dateline names ("RIVERTON, May 2 (Wirepost) -"): where the story was filed
    from, which is not what its figures are about, nor, unless named again, the article's place."""
    found = set()
    for sentence in sentences[:6]:
        match = DATELINE.match(sentence.text)
        if match:
            start = sentence.start + match.start("place")
            found |= {(m.start, m.end) for m in entities.in_sentence(sentence) if m.start == start}
    return found


def _possessive(sentence: Sentence, mention: Mention) -> bool:
    return sentence.text[mention.end - sentence.start: mention.end - sentence.start + 2] in ("'s", "’s")


def place_of(entities: EntityFinder, sentence: Sentence, main_place: str | None, mentions: list[Mention]) -> str | None:
    """The place a sentence's figures are about: "the city's output" is the article's place; else a possessive place
    ("X's output"), else the first place named, a country only if no other place is."""
    if main_place and re.search(r"\b(?:the (?:city|province|county|district|municipality)|its)\b", sentence.text, re.I) \
            and not re.search(r"\b[A-Z]\w+['’]s\b", sentence.text.replace("China's", "")):
        return main_place
    places = [m for m in mentions if entities.found[m.entity].cls in AREA_CLASSES
              and not re.match(r"\s*dollars?\b", sentence.text[m.end - sentence.start:])]  # "U.S. dollars": a currency
    if not places:
        return None
    local = [m for m in places if entities.found[m.entity].cls != "kgo:Country"]
    for m in local:
        if _possessive(sentence, m):
            return m.entity
    if local:
        return local[0].entity
    return places[0].entity if main_place is None or entities.found[main_place].cls == "kgo:Country" else None


# "$" alone is the dollar of the country a text is about: Canadian and Australian news write "$" for their own.
DOLLARS = {"CA": "kgo:CAD", "AU": "kgo:AUD"}


def dollar_of(entities: EntityFinder) -> str:
    """The unit of a bare "$" in this text: the dollar of the country its places lie in most often, else the US dollar.

    Counted over every mention of a place, by the gazetteer's country of its name.
    """
    from collections import Counter

    from kg.extract.gazetteer import places_named

    countries: Counter[str] = Counter()
    for mention in entities.mentions:
        found = entities.found[mention.entity]
        if found.cls in AREA_CLASSES:
            places = places_named(found.label)
            if places and places[0].country:
                countries[places[0].country] += 1
    if not countries:
        return "kgo:USD"
    (top, n), *rest = countries.most_common(2) + [("", 0)]
    return DOLLARS.get(top, "kgo:USD") if n > rest[0][1] else "kgo:USD"
