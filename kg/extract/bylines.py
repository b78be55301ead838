"""The lines around a news story that name its people, publisher and place: bylines, credits, datelines.

"By ANA SOLER and TOM REID | Riverton Herald | Updated: 2024-05-02" names two reporters and the
publisher; "(Reporting by Ana Soler; editing by Tom Reid)" two people; "BLUEWATER, May 2 (Wirepost) --"
the story's city and the agency that filed it; "told Wirepost" and "Wirepost newspaper reported" a news
organisation. These lines are often too short or too capitalised to be read as sentences, so their
shapes are read here, whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.gazetteer import choose, places_named
from kg.extract.text import Sentence

_PERSON = r"[A-Z][A-Za-z'’\-]+(?: [A-Z]\.)?(?: [A-Z][A-Za-z'’\-]+){1,2}"
_PEOPLE = rf"(?P<people>{_PERSON}(?:(?:, | and ){_PERSON})*)"
_PUBLISHER = r"(?P<publisher>[A-Z][\w&'’\-]*(?: [A-Z][\w&'’\-]*){0,3})"
BYLINE = re.compile(rf"^By {_PEOPLE}(?: in [A-Z][\w\- ]*?)?\s*\|\s*{_PUBLISHER}\s*\|")
CREDITS = re.compile(r"\((?:(?:Additional )?[Rr]eporting|[Ww]riting|[Ee]diting) by (?P<people>[^()]+)\)")
_CREDITED = re.compile(rf"(?:^|; |, | and |(?:[Rr]eporting|[Ww]riting|[Ee]diting) by )(?P<person>{_PERSON})(?=;|,| and |$)")
# "BLUEWATER, May 2 (Wirepost) --", "Riverton, 6 September 2022 (RH):", "New Delhi, March 28", "RIVERTON (Aug 3):",
# "RIVERTON, BC, Sept. 6, 2023 /Wirepost/ -"
_DATE = r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:,? (?:19|20)\d\d)?"
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z'’.\-]+(?: [A-Z][A-Za-z'’.\-]+){0,2})(?:, [A-Z][A-Za-z.]{1,15}){0,2}"
                      r"(?:, " + _DATE + r"| \(" + _DATE + r"\))(?=\s*(?:\(|[-–—:/]|$))")
AGENCY = re.compile(r"(?:^|\s)\((?P<name>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})\)\s*(?:[-–—]{1,2}|:)\s")
# "(Wirepost/Newsline)" closing a story, "(Wirepost- Acme NewsWire)" opening it: the agencies that carried it.
CARRIED = re.compile(r"(?:\(|^)(?P<name>[A-Z][A-Za-z]{2,15})(?=/[A-Z][A-Za-z]{2,15}\)\s*$|- [A-Z])"
                     r"|(?<=/)(?P<second>[A-Z][A-Za-z]{2,15})\)\s*$")
QUOTED = re.compile(r"(?P<name>(?:The )?[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,3}) (?:quoted|cited)\b")
WIRE = re.compile(r"^[^/]{4,80}\d /(?P<name>[A-Z][A-Za-z]{1,15})/\s*[-–—]")  # "RIVERTON, May 2, 2023 /Wirepost/ -"
TOLD = re.compile(r"\btold (?P<name>[A-Z][A-Za-z]{2,})(?=[.,;]| in an? | on | last | this )")
PAPER = re.compile(r"(?P<name>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2}) (?:newspaper|news agency|news outlet|magazine|"
                   r"business daily|wire service)\b")
# Shapes of a news organisation's name in the running text: the agency before a dateline's dash, "told X", "X newspaper".
NEWS_CONTEXTS = (AGENCY, WIRE, TOLD, PAPER, QUOTED)


def name_case(name: str) -> str:
    """A name as a label: "CHENG YU" -> "Cheng Yu"; a name in mixed case keeps its case.

    >>> name_case("ANA SOLER"), name_case("Tom McReid")
    ('Ana Soler', 'Tom McReid')
    """
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def credited(sentence: Sentence) -> Iterator[tuple[int, int, str, str, float]]:
    """The people, publisher and city a byline, a credit line or a dateline names: (start, end, label, class,
    confidence), offsets in the document."""
    text, base = sentence.text, sentence.start
    byline = BYLINE.match(text)
    if byline:
        yield from _people(byline.group("people"), base + byline.start("people"), 0.8)
        yield base + byline.start("publisher"), base + byline.end("publisher"), byline.group("publisher"), \
            "kgo:NewsOrganization", 0.8
    for match in CREDITS.finditer(text):
        yield from _people(match.group("people"), base + match.start("people"), 0.75)
    for match in CARRIED.finditer(text):
        group = "name" if match.group("name") else "second"
        yield base + match.start(group), base + match.end(group), match.group(group), "kgo:NewsOrganization", 0.7
    dateline = DATELINE.match(text)
    if dateline and sentence.index <= 3:
        places = places_named(name_case(dateline.group("place")))  # a dateline names a city, where one has the name
        place = next((p for p in places if p.cls == "kgo:City"), None) or choose(places, set())
        if place is not None:
            yield base + dateline.start("place"), base + dateline.end("place"), place.label, place.cls, 0.75


def _people(names: str, offset: int, confidence: float) -> Iterator[tuple[int, int, str, str, float]]:
    for match in _CREDITED.finditer(names):
        start = offset + match.start("person")
        yield start, start + len(match.group("person")), name_case(match.group("person")), "kgo:Person", confidence
