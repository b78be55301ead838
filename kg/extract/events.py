"""Events: signings, groundbreakings, production starts, plant openings and conferences, with when and where.

An event is read from the words that name it ("broke ground", "mass
production is scheduled to begin", "officially opened", "signed ... agreement")
and is about the plant or agreement the sentence names or last named. Its
date is resolved from the text: a full date ("March 15, 2025", "15 March
2025"), a day and month against the article's year, a weekday ("on Tuesday")
against the article's date, a month or a year ("in July this year", "in
2026"); else, for an event the sentence reports as done, the article's year.
Its place is the plant's, else the place the sentence names after "in".
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from kg.extract.entities import ORGANISATION_CLASSES, PLACE_CLASSES
from kg.extract.phrases import lower_first
from kg.extract.text import Sentence
from kg.extract.ventures import PLANT_NOUNS, agreement_kind, signed_agreement

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

EVENT_KINDS = [
    ("kgo:Groundbreaking", "Groundbreaking of", re.compile(
        r"\b(?:broke ground|break(?:s|ing)? ground|ground[- ]?breaking|start(?:ed|s)? (?:the )?construction|"
        r"(?:begin|start|commence)(?:s|ed)? construction|construction (?:\w+ ){0,6}?(?:is|was|are|were|will be) "
        r"(?:expected|scheduled|set|planned|targeted|slated|due) to (?:begin|start|commence)|"
        r"construction (?:will|would|is to|is set to) (?:begin|start|commence)|"
        r"(?:with|and) construction (?:due |set |expected |scheduled |slated |planned |targeted )?to (?:begin|start|commence)|"
        r"start of (?:the )?construction|"
        r"began construction|(?:launched|commenced|kicked off) (?:the )?construction|construction (?:began|started|"
        r"commenced|kicked off|is now underway|got underway)|laid the (?:foundation|cornerstone)|"
        r"(?:shovel(?:l?ed)?|turn(?:ed|s)?|dug|dig) the first (?:dirt|sod|soil|spade)|"
        # "has begun work on a cell factory", "work on the smelter began", "will start building the furnace"
        r"(?:begun|began|begins?|start(?:ed|s)?|commence[sd]?) (?:construction )?work on|"
        r"work (?:has |have )?(?:began|begun|started|commenced) on|"
        r"work on (?:the |its |their |a )?(?:[\w\-]+ ){0,5}?(?:began|started|commenced|has begun|has started|"
        r"got underway|is (?:expected|scheduled|set|due|planned) to (?:begin|start))|"
        r"(?:start(?:ed|s)?|began|begins?|commence[sd]?) building|"
        r"construction work (?:began|started|commenced|has begun|has started)|"
        r"construction (?:has|had) (?:already )?(?:begun|started|commenced)|construction (?:is|was) (?:already )?underway)",
        re.I)),
    ("kgo:ProductionStart", "Start of production at", re.compile(
        r"\b(?:(?:start(?:ed|s|ing)?|began|begin|commenced?) (?:mass |commercial |trial |full )?production|"
        r"(?:mass |commercial |trial )?production (?:is |was |will be )?(?:set|scheduled|expected|slated|due|planned) "
        r"(?:to (?:start|begin|commence)|for)|put into (?:production|operation)|production (?:started|began|commenced)|"
        r"start of (?:mass |commercial )?production|(?:rolled|rolling|roll|rolls) off the (?:production|assembly) line|"
        r"(?:begin|began|begun|begins|start|started|starts|commence[sd]?|launch(?:ed|es)?) (?:commercial |full |trial |initial )?"
        r"operations?\b|"
        r"commercial operations? (?:is |are |was |were |will be )?(?:set|scheduled|expected|slated|due|planned|"
        r"targeted)|(?:be|been|was|were|is|fully) commissioned\b|(?:final |full )?commissioning (?:is |was )?"
        r"(?:set|scheduled|expected|slated|due|planned|targeted)|(?:come|comes|came|go|goes|went) (?:online|on stream)|"
        r"(?:fully )?operational (?:in|by) |(?:targeted|expected|set|scheduled|slated|due|planned) to (?:be|become) "
        r"(?:fully )?operational|(?:become|becomes|became) (?:fully )?operational|"
        # "began producing", "the plant started up", "production at the mine is expected to commence", "enter
        # commercial operation", "the first cells rolled off the line"
        r"(?:start(?:ed|s)?|began|begins?|commence[sd]?) producing|(?:started|starts|start) up\b(?!-)|"
        r"production (?:at|of|in) (?:the |its |their )?(?:[\w\-]+ ){0,5}?(?:is|was|are|were|will be) (?:expected|"
        r"scheduled|set|planned|slated|due|targeted) to (?:start|begin|commence)|"
        r"(?:enter|enters|entered|go|goes|went|put) into (?:commercial |full )?(?:operation|production|service)|"
        r"(?:enter|enters|entered) (?:commercial|full) (?:operation|production|service)|"
        r"(?:rolled|rolling|roll|rolls) off the line|"
        # "launched mass production", "the plant produced its first cells"
        r"launch(?:ed|es)? (?:mass |commercial |trial |full )?production|produced (?:its|their|the) first\b)", re.I)),
    ("kgo:PlantOpening", "Opening of", re.compile(
        r"\b(?:officially opened|opened (?:its|the|a) (?:new )?(?:[\w\-]+ ){0,4}" + PLANT_NOUNS + r"|"
        r"inaugurat(?:ed|ion)|grand opening|opening ceremony|was opened|ribbon[- ]cutting)|"
        # "The Riverton plant opened in March": the plant named just before (a few words between)
        r"\b" + PLANT_NOUNS + r"(?: [^.;,]{0,40}?)? (?:officially |formally )?opened (?:in|on|last|this|earlier)\b", re.I)),
]
SIGNING = re.compile(r"\b(?:sign(?:s|ed|ing)?|inked|inks|ink|sealed|seals|penned|executed|entered into|struck|concluded)\b",
                     re.I)
# "held a signing ceremony with X": a signing, though the text does not say of what
CEREMONY = re.compile(r"\b(?:held|hosted|attended|staged|organi[sz]ed) (?:a|the) signing ceremony\b|\bsigning ceremony "
                      r"(?:was|is|will be) held\b", re.I)
CONSTRUCTION_OF = re.compile(r"\bconstruction of (?:the |its |their )?(?P<what>(?:[\w\-]+ ){0,5}?(?:plants?|factor(?:y|ies)|"
                             r"facilit(?:y|ies)|bases?|projects?|refiner(?:y|ies)|mines?|gigafactor(?:y|ies)))\b")
# "the unit", "its second fab", "the offshore wind farm": what an event happens to, when no plant is known by name
THE_UNIT = re.compile(r"\b(?i:the|its|their) (?P<what>(?:[\w\-]+ ){0,3}?(?:plant|factory|facility|fab|unit|project|mine|"
                      r"mill|refinery|smelter|wind farm|solar farm|complex|partnership|joint venture|gigafactory|furnace|power station))\b")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
FULL_DATE = [re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?(?:, (?P<year>(?:19|20)\d\d))?\b"),
             re.compile(r"\b(?P<day>\d{1,2}) " + _MONTH + r"(?: (?P<year>(?:19|20)\d\d))?\b")]
WEEKDAY = re.compile(r"\bon (?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
MONTH_YEAR = re.compile(r"\bin " + _MONTH + r"(?:,? (?P<year>(?:19|20)\d\d)| (?P<rel>this|last|next) year)?")
YEAR = re.compile(r"\b(?:[Ii]n|[Bb]y|[Ff]rom|[Ss]ince|[Dd]uring|of|for) (?:(?:early|late|mid-?|the end of|the first half of|the second half "
                  r"of) )?(?P<year>(?:19|20)\d\d)\b")
# A wire story's dateline: "RIVERTON, July 2 (Agency) --", "NORTH BAY, Ont., Sept. 6, 2023 /Wire/ -"
DATELINE = re.compile(r"^[A-Z][A-Z .'’\-]{2,40},(?:\s*[A-Z][a-z]{1,5}\.,)?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?"
                      r"\s*(?:\([^)]{1,30}\)|/[^/]{1,30}/)?\s*(?:--|—|–|-)\s+")
TODAY = re.compile(r"\b(?:today|yesterday)\b(?![’']s)", re.I)
RELATIVE_YEAR = re.compile(r"\b(?:(?P<rel>this|last|next) year|today|yesterday|(?:this|last) (?:week|month))\b", re.I)
HELD = re.compile(r"\b(?:held|took place|opened|kicked off|convened|was hosted|will be hosted|opens|closed)\b")
DONE = re.compile(r"\b(?:broke|held|opened|began|started|commenced|launched|signed|inaugurated|kicked off|laid|was|were|"
                  r"has|have)\b")


def find_events(finder: RelationFinder, sentence: Sentence, agreement: tuple[str, list[str]] | None) -> None:
    """The events a sentence reports, each with its subject, date, place and participants."""
    text = sentence.text
    signing = SIGNING.search(text)
    if agreement is not None and signing:  # "reached an agreement", "entered into a deal": no ceremony
        label, parties = finder.entities.found[agreement[0]].label, agreement[1]
        _event(finder, sentence, "kgo:Signing", f"Signing of the {lower_first(label)}", parties, None,
               signing.start())
    elif signing and signing.group().lower() not in ("sign", "signing") and (made := signed_agreement(text)) and not any(
            cls == "kgo:Signing" for cls, _ in finder.events):
        # "Acme signed an MoU with the state government": a signing, though only one party is named (once: where the
        # article has reported a signing, "the agreement was signed by Acme" is that one)
        parties = _participants(finder, sentence) or ([finder.last_company] if finder.last_company else [])
        if parties:
            owner = finder.entities.found[parties[0]].label
            _event(finder, sentence, "kgo:Signing", f"Signing of the {agreement_kind(made)} of {owner}", parties, None,
                   signing.start())
    for cls, prefix, pattern in EVENT_KINDS:
        match = pattern.search(text)
        if match is None or _history(text, finder.article_year) or _company_began(finder, sentence, match):
            continue
        plant = _plant_of(finder, sentence)
        if plant is None:
            what = CONSTRUCTION_OF.search(text) if cls == "kgo:Groundbreaking" else None
            what = what or THE_UNIT.search(text)
            if what:  # "the start of the construction of two battery plants": no plant of a company named
                people = _participants(finder, sentence)[:2] if cls == "kgo:Groundbreaking" else []
                _event(finder, sentence, cls, f"{prefix} {what.group('what')}", people, None, match.start())
            continue
        subject = finder.entities.found[plant[0]].label
        # A start of production or an opening happens at the plant, which is its place; a groundbreaking at the
        # plant's site where it is known, with the plant's owner (else the organisations the sentence names).
        people = [] if cls != "kgo:Groundbreaking" else _owners(finder, plant[0]) or _participants(finder, sentence)[:2]
        if cls != "kgo:ProductionStart":  # "Governor X joined Acme's chiefs to break ground": the people there
            people = people + _people_before(finder, sentence, match.start())
        _event(finder, sentence, cls, f"{prefix} {subject}", people,
               plant[0] if cls != "kgo:Groundbreaking" or plant[1] is None else plant[1], match.start())
    _at_the_ceremony(finder, sentence)
    if agreement is None and CEREMONY.search(text) and _participants(finder, sentence):
        parties = _participants(finder, sentence)
        names = " and ".join(finder.entities.found[p].label for p in parties[:2])
        _event(finder, sentence, "kgo:Signing", f"Signing ceremony of {names}", parties, None)


AT_THE_CEREMONY = re.compile(r"\b(?:at|attended|chaired|hosted|joined|during|presided over) (?:the|this) (?:signing |"
                             r"groundbreaking |ground-breaking |opening |inauguration |launch )?(?:ceremony|event)\b", re.I)


def _at_the_ceremony(finder: RelationFinder, sentence: Sentence) -> None:
    """ "X and Y delivered their speeches at the signing ceremony", "Z chaired the ceremony": the people a later
    sentence places at the ceremony reported last take part in it."""
    if finder._last_ceremony is None or not AT_THE_CEREMONY.search(sentence.text):
        return
    people = [m.entity for m in finder.entities.in_sentence(sentence, {"kgo:Person"})]
    finder.add(sentence, [(finder._last_ceremony, "kgo:participant", p) for p in dict.fromkeys(people)], "event", 0.55)


def _plant_of(finder: RelationFinder, sentence: Sentence) -> tuple[str, str | None] | None:
    """What an event of the sentence happens to: the plant it names, else the project or joint venture it names,
    else the plant named last."""
    plants = finder.entities.in_sentence(sentence, {"kgo:Plant"})
    if plants:
        return next((p for p in finder._plants_by_owner.values() if p[0] == plants[0].entity), (plants[0].entity, None))
    units = finder.entities.in_sentence(sentence, {"kgo:Project", "kgo:JointVenture"})
    return (units[0].entity, None) if units else finder.last_plant


def _history(text: str, article_year: int | None) -> bool:
    """True if the sentence dates what it reports years before the article ("began operations in 1925"): a company's
    history, not an event the article reports."""
    year = YEAR.search(text)
    return bool(year and article_year and int(year.group("year")) < article_year - 2)


def _owners(finder: RelationFinder, plant: str) -> list[str]:
    """Whose the plant (or project) is, as the relations found so far say."""
    return list(dict.fromkeys(t[2] for r in finder.found for t in r.triples
                              if t[0] == plant and t[1] in ("kgo:plantOf", "kgo:projectOf")))


def _company_began(finder: RelationFinder, sentence: Sentence, match: re.Match) -> bool:
    """True for "Acme began operations": a company, not a plant, starting out is its history."""
    at = sentence.start + match.start()
    return "operation" in match.group().lower() and any(
        re.fullmatch(r"\s*(?:first |only )?", finder.text[m.end: at])
        for m in finder.entities.in_sentence(sentence, ORGANISATION_CLASSES))


def _people_before(finder: RelationFinder, sentence: Sentence, offset: int) -> list[str]:
    """The people a sentence names before the words of its event (offset relative to the sentence): who broke
    ground, opened or signed, or spoke at the ceremony."""
    return [m.entity for m in finder.entities.in_sentence(sentence, {"kgo:Person"}) if m.end <= sentence.start + offset]


def _participants(finder: RelationFinder, sentence: Sentence) -> list[str]:
    """The organisations a sentence names, news organisations aside."""
    return [m.entity for m in finder.entities.in_sentence(sentence, ORGANISATION_CLASSES - {"kgo:NewsOrganization"})]


def find_conferences(finder: RelationFinder, sentence: Sentence) -> None:
    """A conference the sentence says was held (or opens): its place ("in X") and date."""
    if not HELD.search(sentence.text):
        return
    for mention in finder.entities.in_sentence(sentence, {"kgo:Conference", "kgo:PressConference"}):
        date, year = resolve_date(sentence.text, finder.date, finder.article_year)
        triples = [(mention.entity, "schema:startDate", date)] if date else \
            [(mention.entity, "kgo:eventYear", str(year))] if year else []
        places = [m for m in finder.entities.in_sentence(sentence, PLACE_CLASSES - {"kgo:Country", "kgo:Region"})
                  if m.start > mention.start and re.search(r"\b(?:in|at)\s+(?:the\s+)?$",
                                                           finder.text[max(m.start - 12, 0): m.start])]
        if places:
            triples.append((mention.entity, "schema:location", places[0].entity))
        finder.add(sentence, triples, "event", 0.6)
        return


def _event(finder: RelationFinder, sentence: Sentence, cls: str, label: str, participants: list[str],
           place: str | None, at: int = 0) -> None:
    # the date said after the words naming the event, up to the words of another event ("construction is underway,
    # and production is scheduled to begin in 2026": 2026 is the production's), else said before them
    end = min((m.start() for _, _, pattern in EVENT_KINDS for m in pattern.finditer(sentence.text) if m.start() > at),
              default=len(sentence.text))
    date, year = resolve_date(sentence.text[at:end], finder.date, finder.article_year)
    if date is None and year is None:  # "RIVERTON, July 2 (Agency) -- Acme on Friday said ...": Friday, not July 2
        before = sentence.text[:at]
        line = DATELINE.match(before)
        date, year = resolve_date(before[line.end():] if line else before, finder.date, finder.article_year)
        if date is None and year is None and line:
            date, year = resolve_date(before, finder.date, finder.article_year)
    if date is None and year is None and DONE.search(sentence.text):
        year = finder.article_year
    # one event per happening: a later sentence on the groundbreaking of the same plant adds to it, with no new date
    again = (cls, label) in finder.events
    event = finder.events.get((cls, label)) or finder.entities.declare(
        label + (f" ({year or date[:4]})" if year or date else ""), cls, sentence, 0.6)
    triples = [(event, "kgo:participant", p) for p in dict.fromkeys(participants)][:5]
    if not again:  # the event's own date; a later sentence on it adds participants and a place, not a second date
        if date is not None:
            triples.append((event, "schema:startDate", date))
        elif year is not None:
            triples.append((event, "kgo:eventYear", str(year)))
    finder.events[(cls, label)] = event
    if place is None:  # "in X" after the words of the event, not a place the sentence names of something else
        places = [m for m in finder.entities.in_sentence(sentence, PLACE_CLASSES - {"kgo:Country", "kgo:Region"})
                  if re.search(r"\b(?:in|at)\s+(?:the\s+)?$", finder.text[max(m.start - 12, 0): m.start])
                  and 0 <= m.start - sentence.start - at <= 100
                  and not re.search(r",\s+(?:which|who|that|where)\b", finder.text[sentence.start + at: m.start])]
        place = places[0].entity if places else None
    if place is not None:
        triples.append((event, "schema:location", place))
    if not triples and not again and finder.article_year is not None:
        triples = [(event, "kgo:eventYear", str(finder.article_year))]
    if triples:
        finder.add(sentence, triples, "event", 0.6)
        if cls != "kgo:ProductionStart":  # a start of production is mostly to come: no one is "at the event" yet
            finder._last_ceremony = event


def resolve_date(text: str, article_date: datetime.date | None, article_year: int | None) -> tuple[str | None, int | None]:
    """(an ISO date, else None; a year, else None) of what a sentence reports.

    >>> resolve_date("It was signed on March 15, 2025 in Riverton.", None, 2025)
    ('2025-03-15', None)
    >>> resolve_date("Work started on Tuesday.", datetime.date(2024, 5, 10), 2024)
    ('2024-05-07', None)
    >>> resolve_date("The agreements were signed today.", datetime.date(2023, 12, 6), 2023)
    ('2023-12-06', None)
    >>> resolve_date("Output will begin in July this year.", None, 2024)
    (None, 2024)
    """
    for pattern in FULL_DATE:
        match = pattern.search(text)
        if match:
            month = _month(match.group("month"))
            year = int(match.group("year")) if match.group("year") else article_year
            if year is None:  # "on March 15" in a text of no date and no year
                continue
            try:
                return datetime.date(year, month, int(match.group("day"))).isoformat(), None
            except ValueError:
                continue
    weekday = WEEKDAY.search(text)
    if weekday and article_date is not None:
        wanted = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(
            weekday.group("day").lower())
        back = (article_date.weekday() - wanted) % 7
        return (article_date - datetime.timedelta(days=back)).isoformat(), None
    today = TODAY.search(text)
    if today and article_date is not None:  # a release's "signed today": the article's own date
        back = 1 if today.group().lower() == "yesterday" else 0
        return (article_date - datetime.timedelta(days=back)).isoformat(), None
    month_year = MONTH_YEAR.search(text)
    if month_year:
        offset = {"last": -1, "next": 1}.get(month_year.group("rel") or "", 0)
        if month_year.group("year"):
            return None, int(month_year.group("year"))
        return None, article_year + offset if article_year is not None else None
    year = YEAR.search(text)
    if year:
        return None, int(year.group("year"))
    relative = RELATIVE_YEAR.search(text)
    if relative and article_year is not None:  # "early next year", "later this year"
        return None, article_year + {"last": -1, "next": 1}.get((relative.group("rel") or "").lower(), 0)
    return None, None


def _month(name: str) -> int:
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(name.lower().rstrip(".")[:3]))
