"""Plants and projects a text describes by a figure instead of naming them: "a $700 million acid leaching plant",
"its 20,000-tonne-per-year green hydrogen plant", "Acme's new 360,000-tonne project", "the nearly $5 billion joint
venture". The figure is the facility's (its cost, its capacity), so the facility must be a node for the figure to be
about it: kg.extract.subjects gives a figure to the unit it stands before.

An indefinite article ("a", "an") brings in a new facility; a definite one ("the", "its") refers back to the facility
the text named last, if there is one, and so does a possessive ("Acme's new 40 GWh plant") where that facility is
the same company's; else they bring in a new one. A new facility is labelled by its
owner (the possessive before it, else the company the sentence or the text is about), the words of its kind and, when
the text says where right after it, its place: "Acme acid leaching plant in Riverton".
"""

from __future__ import annotations

import re
from kg.extract.entities import EntityFinder, Mention
from kg.extract.text import Sentence

HEADS = r"(?:joint venture|gigafactory|factory|facility|plant|mill|refinery|smelter|project|complex|fab|mine|farm|" \
        r"park|base|hub)"
# The words between the figure and the head: its kind in lower case, an acronym ("(HPAL)"), a second figure's
# hyphened unit ("2,500-job"); no verb, no punctuation but a comma after a figure.
DESCRIBED = re.compile(r"(?:,\s+(?:[\d.,]+|[a-z]+(?:\s+(?:thousand|million|billion))?)[\- ]?\w*-[\w\-]+)?\s+(?P<kind>(?:(?:[a-z][\w\-]*|\([A-Z]{2,6}\))\s+){0,5}?)"
                       r"(?P<head>" + HEADS + r")\b(?![\-’'])")
DETERMINER = re.compile(r"(?P<det>\b(?:a|an|the|its|their)|(?P<owner>[A-Z][\w\-&]*(?:\s+[A-Z][\w\-&]*){0,3})['’]s)"
                        r"\s+(?:(?:new|planned|proposed|existing|first|second|latest|initial|future|flagship)\s+)*$")
NOT_KIND = {"and", "or", "of", "in", "at", "for", "to", "with", "by", "is", "was", "will", "would", "has", "have",
            "which", "that", "per", "each", "a", "an", "the", "its", "their"}
UNIT_CLASSES = {"kgo:Plant", "kgo:Project", "kgo:JointVenture"}


def describe_facilities(entities: EntityFinder, sentence: Sentence, mentions: list[Mention],
                        company: str | None, last_unit: str | None) -> None:
    """Declare (or refer back to) each facility the sentence describes by a figure before it; ``company`` is the
    one a facility is of when no possessive names it; ``last_unit`` the unit the text named last."""
    from kg.extract.numbers import figures

    text = sentence.text
    for figure in figures(text):
        match = DESCRIBED.match(text, figure.end)
        determiner = DETERMINER.search(text[:figure.start])
        if match is None or determiner is None:
            continue
        kind = [w for w in match.group("kind").split() if not re.fullmatch(r"[\d.,]+[\-\w]*", w)]
        if any(w in NOT_KIND for w in kind):
            continue
        start, end = sentence.start + (match.start("kind") if kind else match.start("head")), sentence.start + match.end("head")
        if any(m.start < end and start < m.end and entities.found[m.entity].cls in UNIT_CLASSES for m in mentions):
            continue  # a unit a rule found already
        head = match.group("head")
        owner = _owner(entities, mentions, determiner, figure.start, sentence)
        if last_unit and (determiner.group("det") in ("the", "its", "their") or owner and of_owner(
                entities, last_unit, owner)):
            entities.mention(start, end, last_unit, sentence)  # "the $5 billion project": the one named before
            continue
        if head != "joint venture":  # a joint venture is of its parties, not of the company in focus
            owner = owner or company
        if not owner and not kind:
            continue  # "a $5 billion plant" of no one: no name to give it
        place = _place_after(entities, mentions, sentence, match.end("head"))
        words = [entities.found[owner].label] if owner else []
        words += [w.strip("()") if w.startswith("(") else w for w in kind] + [head]
        label = " ".join(words) + (f" in {entities.found[place].label}" if place else "")
        cls = "kgo:Project" if head == "project" else "kgo:JointVenture" if head == "joint venture" else "kgo:Plant"
        entity = entities.declare(label[0].upper() + label[1:], cls, sentence, 0.5,
                                  rule="a facility described by a figure")
        entities.mention(start, end, entity, sentence)


def of_owner(entities: EntityFinder, unit: str, owner: str) -> bool:
    """Whether a unit's name holds its owner's: "Acme's 10GW module project" after "the Acme module plant"."""
    name = entities.found[owner].label.casefold()
    return any(name in label.casefold() for label in (entities.found[unit].label, *entities.found[unit].alt_labels))


def _owner(entities: EntityFinder, mentions: list[Mention], determiner: re.Match, figure_start: int,
           sentence: Sentence) -> str | None:
    """The company of a possessive right before the figure ("Acme's new 40 GWh plant")."""
    if not determiner.group("owner"):
        return None
    at = sentence.start + determiner.start("owner")
    return next((m.entity for m in mentions if m.start == at and entities.found[m.entity].cls == "kgo:Company"), None)


def _place_after(entities: EntityFinder, mentions: list[Mention], sentence: Sentence, offset: int) -> str | None:
    """The place named right after the facility: "... plant in Riverton"."""
    after = re.match(r"\s+(?:in|at|near)\s+(?:the\s+)?", sentence.text[offset:])
    if after is None:
        return None
    at = sentence.start + offset + after.end()
    return next((m.entity for m in mentions if m.start == at and entities.found[m.entity].cls in
                 {"kgo:City", "kgo:District", "kgo:UrbanArea", "kgo:Province", "kgo:Country"}), None)
