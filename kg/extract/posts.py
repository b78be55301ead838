"""Posts held: who holds which role in which organisation, read from the words around a person's name.

"X, chairman of Y", "X, CEO and Director of Y", "X, Y Global CEO", "Y's chairman X", "Y CEO X". A post held
in a place ("Nordland Premier Jon Berg", "Riverton Mayor Ana Lind") is a post in the place's government,
declared as an agency with the place as its jurisdiction.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import ORGANISATION_CLASSES, PLACE_CLASSES, Found, plain, slug
from kg.extract.gazetteer import DEMONYMS, country_named
from kg.extract.lexicon import normal_name
from kg.extract.patterns import POST, POST_BEFORE, ROLE_WORDS, ROLES
from kg.extract.people import TITLE_WORDS
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

HONORIFIC = r"(?:(?:Dr|Mr|Ms|Mrs|Prof|Shri|Sri|Smt)\.?\s+)?"
# Words of general English that qualify a role without being part of it: "X, coordinating executive director of Y"
QUALIFIERS = r"(?:(?:coordinating|regional|global|national|international|interim|joint|group|corporate|founding|" \
             r"non-executive|independent|technical|commercial|operating|outgoing|incoming|newly appointed) )?"
_ROLE_THEN = re.compile(r"^,\s+(?:the |an? )?(?:former |current )?" + QUALIFIERS + r"(?P<role>" + ROLES
                        + r")\s+(?:of|at|for|with)\s+(?:the )?$")
_ORG_THEN = re.compile(r"^(?:['’]s)?\s+(?:(?i:global|group|company|corporate)\s+)?(?P<role>" + ROLES + r")\b")
_ROLE_COMMA = re.compile(r"^,\s+(?:the\s+)?(?P<role>" + ROLES + r"),\s+(?:the\s+)?$")  # "X, President, Acme India"
_NATIONAL = re.compile(r"(?<![\w.])(?P<adj>" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
                       + r")\s+(?P<role>(?:[A-Z][a-z]+\s+){0,2}?(?:(?:Vice|Deputy|Prime)[ \-])?(?:President|Minister|Premier|Chancellor|"
                       r"Secretary))\s+" + HONORIFIC + "$")  # a national government's posts, not "German analyst X"
THE_COMPANYS = re.compile(r",\s+the (?:company|firm|group|carmaker|automaker)['’]s (?P<role>" + ROLE_WORDS + r")\b")
_BEFORE = re.compile(r"(?:['’]s)?\s+(?:(?i:global|group|company|corporate)\s+)?(?P<role>" + ROLE_WORDS + r")\s+"
                     + HONORIFIC + "$")
# "X, Acme's President and CEO", "X, President & Managing Director, Acme India": the organisation by its name
_OF_PLACE = re.compile(r"(?:^|[^\w,] ?)(?P<role>" + ROLE_WORDS + r") of (?:the )?(?P<place>[A-Z][\w\-]+(?: [A-Z][\w\-]+)?)\s+"
                       + HONORIFIC + "$")
# "X, Acme's CEO", "X, CEO, Acme", "X, the former Acme executive", "X, Acme Global CEO," with Acme a known name
_NAMED_AFTER = re.compile(r"^,\s+(?:the\s+)?(?:(?P<a>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})['’]s\s+(?P<ra>" + ROLES
                          + r")|(?P<rb>" + ROLES + r"),\s+(?P<b>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})|"
                          r"(?:former\s+|current\s+)?(?P<c>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4}?)\s+"
                          r"(?:(?i:global|group|company|corporate)\s+)?(?P<rc>" + ROLES + r")(?=\s+(?:said|says|behind|who|of the)\b|[,.;]))")
# "Minister of Transport X", "Union Minister for Power X": a minister's post in the ministry the words name
_MINISTER = re.compile(r"(?P<role>(?:(?:Union|Federal|State|Provincial|Deputy|Vice|Cabinet|Junior)\s+)*Minister)\s+"
                       r"(?P<of>of|for)\s+(?P<what>[A-Z][\w\-]*(?:(?:,\s+|\s+and\s+|\s+&\s+|\s+)[A-Z][\w\-]*){0,5})\s+"
                       + HONORIFIC + "$")


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
            named = finder.entities.lookup(plain(match.group("org")))
            _post(finder, sentence, person, match.group("role") or match.group("role_"), org, 0.75,
                  named.label if named is not None and named.cls in PLACE_CLASSES else plain(match.group("org")))
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
            if org_mention.start > person.end:  # "X, CEO of Y" / "X, Y Global CEO" / "X, President, Y"
                gap = finder.text[person.end: org_mention.start]
                role = _ROLE_THEN.match(gap) or _ROLE_COMMA.match(gap)
                if role is None and re.fullmatch(r",\s+(?:the\s+)?", gap):
                    role = _ORG_THEN.match(finder.text[org_mention.end: sentence.end])
            elif org_mention.end <= person.start:  # "Y's chairman X", "Nordland Premier X"
                role = _BEFORE.fullmatch(finder.text[org_mention.end: person.start])
            if role is not None:
                organisation = government_of(finder, sentence, org) if org.cls in PLACE_CLASSES else org
                surface = finder.text[org_mention.start: org_mention.end]
                _post(finder, sentence, person.entity, role.group("role"), organisation, 0.7,
                      org.label if org.cls in PLACE_CLASSES else surface)
        _national(finder, sentence, person)
        _named_after(finder, sentence, person)
        _minister(finder, sentence, person)


def _named_after(finder: RelationFinder, sentence: Sentence, person) -> None:
    """A post whose organisation, named after the person, is known by that name though not found in the sentence."""
    match = _NAMED_AFTER.match(finder.text[person.end: sentence.end])
    name = match and (match.group("a") or match.group("b"))
    name = name or (match and match.group("c"))
    org = _known_organisation(finder, name) if name else None
    if org is not None and org.cls in ORGANISATION_CLASSES:
        _post(finder, sentence, person.entity, match.group("ra") or match.group("rb") or match.group("rc"), org, 0.65,
              name)


def _minister(finder: RelationFinder, sentence: Sentence, person) -> None:
    """ "Minister of Transport X": the post of minister in a ministry the sentence names by its portfolio (a place's
    government's posts are _national's)."""
    match = _MINISTER.search(finder.text[max(sentence.start, person.start - 100): person.start])
    if match is None:
        return
    what = finder.entities.lookup(match.group("what"))
    if what is not None and what.cls in PLACE_CLASSES:
        return  # "Chief Minister of Norland X": the place's government (_national)
    portfolio = match.group("what")
    ministry = finder.entities.found[finder.named(f"Ministry of {portfolio}", sentence, "kgo:GovernmentAgency")]
    _post(finder, sentence, person.entity, match.group("role"), ministry, 0.6, portfolio,
          (f"{match.group('role')} {match.group('of')} {portfolio}",))


def _known_organisation(finder: RelationFinder, name: str) -> Found | None:
    """The organisation a name stands for: its own, else the one organisation found whose name it begins ("FPX" for
    FPX Nickel Corp., as a release shortens its company's name)."""
    org = finder.entities.lookup(name)
    if org is not None:
        return org
    longer = [e for e in finder.entities.found.values()
              if e.cls in ORGANISATION_CLASSES and e.label.startswith(name + " ")]
    return longer[0] if len(longer) == 1 else None


def _national(finder: RelationFinder, sentence: Sentence, person) -> None:
    """ "Norlandic President X", "U.S. Transportation Secretary X": a post in the government of the country a
    nationality names."""
    match = _NATIONAL.search(finder.text[max(sentence.start, person.start - 80): person.start])
    country = country_named(DEMONYMS[match.group("adj")]) if match and DEMONYMS[match.group("adj")] else None
    if country is not None:
        place = finder.entities.found[finder.named(country.label, sentence, country.cls, 0.7)]
        _post(finder, sentence, person.entity, match.group("role"), government_of(finder, sentence, place), 0.6,
              place.label, (f"{match.group('adj')} {match.group('role')}",))
        return
    match = _OF_PLACE.search(finder.text[max(sentence.start, person.start - 80): person.start])
    place = finder.entities.lookup(match.group("place")) if match else None
    if place is not None and place.cls in PLACE_CLASSES:  # "Chief Minister of Norland Dr X"
        _post(finder, sentence, person.entity, match.group("role"), government_of(finder, sentence, place), 0.6,
              place.label)


def _organisation(finder: RelationFinder, sentence: Sentence, org_name: str) -> Found | None:
    org = _known_organisation(finder, org_name)
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


# "President and CEO", "President & Managing Director": one post, as the development sets' golds write it; "CEO and
# Director", "Chairman and CEO" are two (an executive's post and a board's)
ONE_POST = re.compile(r"(?i:president\s+(?:and|&)\s+(?:chief executive(?: officer)?|CEO|managing director|chief operating "
                      r"officer|COO))")


def _post(finder: RelationFinder, sentence: Sentence, person: str, roles: str, org: Found, confidence: float,
          named: str | None = None, also: tuple[str, ...] = ()) -> None:
    """One post per role ("CEO and Director of Y" is two): its holder, organisation and role. ``named``: the
    organisation as the sentence names it ("Acme" for Acme Industries Ltd., the place for its government), which
    the post is labelled by, its organisation's label an alternative."""
    for role_label in [plain(roles)] if ONE_POST.fullmatch(plain(roles)) else re.split(r"\s+(?:and|&)\s+", plain(roles)):
        role_label = role_label[:1].upper() + role_label[1:]
        role = finder.entities.declare(role_label, "org:Role", sentence, 0.7)
        if named and normal_name(org.label).startswith(normal_name(named)):
            named = org.label  # "Acme" for Acme Rare Earths, "Acme Inc" for Acme Inc.: the full name
        label, other = f"{role_label} of {named or org.label}", f"{role_label} of {org.label}"
        key = f"{slug(role_label)}-of-{org.id}"
        same = finder.entities.found.get(slug(key))  # the post found before, named another way
        post = same.id if same is not None and same.cls == "org:Post" else \
            finder.entities.declare(label, "org:Post", sentence, 0.7, key=key)
        alts = finder.entities.found[post].alt_labels
        alts.extend(n for n in dict.fromkeys((other, *also)) if n != finder.entities.found[post].label and n not in alts)
        finder.add(sentence, [(post, "org:heldBy", person), (post, "org:postIn", org.id), (post, "org:role", role)],
                   "post", confidence)
    finder.last_person = person
