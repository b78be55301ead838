"""What a capitalised name is by its own words: its head noun ("... Province", "... Group", "Ministry of ..."),
the kind word after it ("the X action plan"), a project's name, a company's industry ending ("Acme Lithium").

``EntityFinder.classify`` asks this of every name run; the words around a name are other modules' evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.gazetteer import places_named
from kg.extract.names import (
    GENERIC_ADJECTIVES,
    INDUSTRY_ENDINGS,
    LEGAL_ENDINGS,
    NOT_NAMES,
    ORGANISATION_SUFFIXES,
    PLACE_CLASSES,
    PLACE_SUFFIXES,
    TRAILING_KINDS,
    plain,
    possessive_to_plain,
    project_after,
    sentence_text,
    strip_article,
)
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.entities import EntityFinder


def _without_owner(finder: EntityFinder, chunk: list[Token]) -> list[Token]:
    """A company's name without the place or company that owns it: "China's Acme High-Tech" is the company, owned by
    no place; "the Acme Group's Bluewave Industries" a company of a company (entities.EntityFinder._names declares
    the owner). Other names are returned whole."""
    owner = next((i for i, t in enumerate(chunk) if t.text in ("'s", "’s")), -1)
    company_end = chunk[-1].lower_.rstrip(".") in INDUSTRY_ENDINGS | LEGAL_ENDINGS | ORGANISATION_SUFFIXES["kgo:Company"]
    owner_name = " ".join(t.text for t in chunk[:max(owner, 0)])
    if 0 < owner < len(chunk) - 1 and company_end and (
            places_named(owner_name) or ((place := finder.lookup(owner_name)) and place.cls in PLACE_CLASSES)
            or owner > 1 and chunk[owner - 1].lower_.rstrip(".") in ORGANISATION_SUFFIXES["kgo:Company"] | LEGAL_ENDINGS):
        return chunk[owner + 1:]
    return chunk


def classify(finder: EntityFinder, chunk: list[Token], sentence: Sentence) -> tuple[str, str, float, int] | None:
    """The class and label of a capitalised name, or None if the rules cannot tell."""
    chunk = _without_owner(finder, chunk)
    words = [t.text for t in chunk]
    # The head noun: the last word before an "of" ("Department of Economy and ..."), else the last word.
    head = next((i for i, t in enumerate(chunk) if t.lower_ in ("of", "for", "on") and i > 0), len(chunk))
    last = ("".join(words[-3:]) if head == len(words) >= 3 and words[-2] == "/" else words[head - 1]).lower().rstrip(",")
    end = sentence.base + chunk[-1].idx + len(chunk[-1].text)
    text = sentence_text(sentence, sentence.base + chunk[0].idx, end)
    following = [t for t in chunk[-1].doc[chunk[-1].i + 1: chunk[-1].i + 4]]  # "the X action plan", "X press conference"
    for kind_words, cls in TRAILING_KINDS.items():
        got = tuple(t.lower_ for t in following[: len(kind_words)])
        if got == kind_words and all(t.is_lower for t in following[: len(kind_words)]) and not (
                cls == "kgo:GovernmentAgency" and places_named(" ".join(words))):  # a place's: see origins
            tail = following[len(kind_words) - 1]
            end = sentence.base + tail.idx + len(tail.text)
            text = sentence_text(sentence, sentence.base + chunk[0].idx, end)
            if cls == "kgo:Report" and chunk[-1].like_num:
                return cls, possessive_to_plain(text), 0.75, end
            if len(words) == 1 and words[0].isdigit():
                return None
            return cls, possessive_to_plain(text), 0.7, end
    project = project_after(following[-1].doc, chunk[-1].i + 1) if following else None
    if project is not None and words[-1] not in ("'s", "’s") and not any(w.lower() in PLACE_SUFFIXES for w in words):
        tail = chunk[-1].doc[project]
        end = sentence.base + tail.idx + len(tail.text)  # "the Tamsk lithium salt lake project"
        return "kgo:Project", plain(sentence_text(sentence, sentence.base + chunk[0].idx, end)), 0.65, end
    owner = max((i for i, w in enumerate(words) if w in ("'s", "’s")), default=-1)
    if last in PLACE_SUFFIXES and len(words) - owner - 1 >= 2:
        # "China's Hainan Province": the province is the name after the possessive
        words = words[owner + 1:]
        text = sentence_text(sentence, sentence.base + chunk[owner + 1].idx, end)
        cls = PLACE_SUFFIXES[last]
        if last in ("province", "city") and (named := " ".join(words)):  # "X City", "the City of X": X
            return cls, plain(named[len(last) + 4:] if named.lower().startswith(last + " of ") else named.rsplit(" ", 1)[0]), 0.85, end
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
                return cls, possessive_to_plain(text), 0.8, end
            return cls, strip_article(plain(text)), 0.85, end
    # ("Acme's Riverton site": the company's place, not a company; the possessive ends the prefix's name)
    prefix = finder.lookup(" ".join(words[:-1])) if len(words) >= 2 and words[-2] not in ("'s", "’s") else None
    if prefix is not None and prefix.cls == "kgo:Company" and (places_named(words[-1]) or (
            (place := finder.lookup(words[-1])) and place.cls in PLACE_CLASSES)):
        return "kgo:Company", plain(text), 0.65, end  # "Acme Energy Peru": a company's subsidiary there
    if last in INDUSTRY_ENDINGS and len(words) >= 2 and words[0].lower() not in finder.places.lower_words \
            and words[0].lower() not in NOT_NAMES | GENERIC_ADJECTIVES:
        return "kgo:Company", strip_article(plain(text)), 0.65, end  # "Acme Lithium", "Nova Energy"
    return None
