"""Posts held: who holds which role in which organisation, read from the words around a person's name.

"X, chairman of Y", "X, CEO and Director of Y", "X, Y Global CEO", "Y's chairman X", "Y CEO X". A post held
in a place ("Nordland Premier Jon Berg", "Riverton Mayor Ana Lind") is a post in the place's government,
declared as an agency with the place as its jurisdiction.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import ORGANISATION_CLASSES, PLACE_CLASSES, Found, plain, slug
from kg.extract.gazetteer import DEMONYMS
from kg.extract.patterns import POST, POST_BEFORE, ROLE_WORDS, ROLES
from kg.extract.people import TITLE_WORDS
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

_ROLE_THEN = re.compile(r"^,\s+(?:the |an? )?(?:former |current )?(?P<role>" + ROLES + r")\s+(?:of|at|for|with)\s+"
                        r"(?:the )?$")
_ORG_THEN = re.compile(r"^\s+(?:(?i:global|group|company|corporate)\s+)?(?P<role>" + ROLES + r")\b")
THE_COMPANYS = re.compile(r",\s+the (?:company|firm|group|carmaker|automaker)['’]s (?P<role>" + ROLE_WORDS + r")\b")
_BEFORE = re.compile(r"(?:['’]s)?\s+(?:(?i:global|group|company|corporate)\s+)?(?P<role>" + ROLE_WORDS + r")\s+$")


def find_posts(finder: RelationFinder, sentence: Sentence) -> None:
    """Every post a sentence says a person holds, by pattern and by the entities found around the person."""
    for match in list(POST.finditer(sentence.text)) + list(POST_BEFORE.finditer(sentence.text)):
        org = _organisation(finder, sentence, plain(match.group("org")))
        words = match.group("person").split()
        cut = max((i + 1 for i, w in enumerate(words[:-2]) if w.lower().rstrip(".") in TITLE_WORDS), default=0)
        name = " ".join(words[cut:])  # "Nordland Premier Jon Berg, Minister of X": the person is Jon Berg
        start = sentence.start + match.end("person") - len(name)
        person = finder.named(name, sentence, "kgo:Person", 0.75)
        finder.entities.mention(start, sentence.start + match.end("person"), person, sentence)
        finder.last_person = person
        if org is not None:
            _post(finder, sentence, person, match.group("role"), org, 0.75)
    company = THE_COMPANYS.search(sentence.text)
    if company and finder.last_company:  # "X, the company's vice president of sales": the company named last
        people = [m for m in finder.entities.in_sentence(sentence, {"kgo:Person"})
                  if m.end - sentence.start <= company.start()]
        if people:
            _post(finder, sentence, people[-1].entity, company.group("role"),
                  finder.entities.found[finder.last_company], 0.6)
    for person in finder.entities.in_sentence(sentence, {"kgo:Person"}):
        for org_mention in finder.entities.in_sentence(sentence, ORGANISATION_CLASSES | PLACE_CLASSES):
            org = finder.entities.found[org_mention.entity]
            role = None
            if org_mention.start > person.end:  # "X, CEO of Y" / "X, Y Global CEO"
                gap = finder.text[person.end: org_mention.start]
                role = _ROLE_THEN.match(gap)
                if role is None and re.fullmatch(r",\s+(?:the\s+)?", gap):
                    role = _ORG_THEN.match(finder.text[org_mention.end: sentence.end])
            elif org_mention.end <= person.start:  # "Y's chairman X", "Nordland Premier X"
                role = _BEFORE.fullmatch(finder.text[org_mention.end: person.start])
            if role is not None:
                organisation = government_of(finder, sentence, org) if org.cls in PLACE_CLASSES else org
                _post(finder, sentence, person.entity, role.group("role"), organisation, 0.7)


def _organisation(finder: RelationFinder, sentence: Sentence, org_name: str) -> Found | None:
    org = finder.entities.lookup(org_name)
    if org is None and re.fullmatch(r"[A-Z][A-Z&]{2,7}", org_name):  # "MIDA deputy CEO X": an organisation's acronym
        org = finder.entities.found[finder.entities.declare(org_name, "kgo:Company", sentence, 0.5)]
    if org is None and org_name[:1].islower():  # "head of the industrial development bureau of X District"
        org_id = finder.entities.declare(org_name[:1].upper() + org_name[1:], "kgo:GovernmentAgency", sentence, 0.6)
        org = finder.entities.found[org_id]
        place = next((p for p in finder.of(sentence, PLACE_CLASSES) if p.label in org_name), None)
        if place is not None:
            finder.add(sentence, [(org_id, "kgo:jurisdiction", place.id)], "place", 0.6)
    if org is not None and org.cls in PLACE_CLASSES:
        return government_of(finder, sentence, org)
    return org if org is not None and org.cls in ORGANISATION_CLASSES else None


LOCAL_GOVERNMENT = re.compile(
    r"(?P<a>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)?)(?:['’]s)? (?:(?:municipal|provincial|state|federal|city|county|regional|"
    r"local|national) )?(?:government|municipality)\b|\b(?:municipal|provincial|state|federal|city|county|local) "
    r"government of (?:the )?(?P<b>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)?)")


def find_governments(finder: RelationFinder, sentence: Sentence) -> None:
    """A place's government named in lower case: "the Riverton government", "Norland's state government", "the
    municipal government of Riverton city", "the Riverton municipality"."""
    for match in LOCAL_GOVERNMENT.finditer(sentence.text):
        name = match.group("a") or match.group("b")
        if name in DEMONYMS:
            continue  # "the US government", "the Moroccan government": origins reads a nationality's government
        place = finder.entities.lookup(name)
        if place is not None and place.cls in PLACE_CLASSES:
            agency = government_of(finder, sentence, place)
            finder.entities.mention(sentence.start + match.start(), sentence.start + match.end(), agency.id, sentence)


def government_of(finder: RelationFinder, sentence: Sentence, place: Found) -> Found:
    """The government of a place, for posts held in the place ("Mayor of Riverton")."""
    agency = finder.entities.declare(f"Government of {place.label}", "kgo:GovernmentAgency", sentence, 0.55,
                                     key=f"{place.id}-government")
    finder.add(sentence, [(agency, "kgo:jurisdiction", place.id)], "place", 0.55)
    return finder.entities.found[agency]


def _post(finder: RelationFinder, sentence: Sentence, person: str, roles: str, org: Found, confidence: float) -> None:
    """One post per role ("CEO and Director of Y" is two): its holder, organisation and role."""
    for role_label in re.split(r"\s+and\s+", plain(roles)):
        role_label = role_label[:1].upper() + role_label[1:]
        role = finder.entities.declare(role_label, "org:Role", sentence, 0.7)
        post = finder.entities.declare(f"{role_label} of {org.label}", "org:Post", sentence, 0.7,
                                       key=f"{slug(role_label)}-of-{org.id}")
        finder.add(sentence, [(post, "org:heldBy", person), (post, "org:postIn", org.id), (post, "org:role", role)],
                   "post", confidence)
    finder.last_person = person
