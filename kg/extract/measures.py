"""Naming rules of figures in units of time, length, ownership and machines, and the nouns that hold a figure
written before them; kg.extract.naming tries them in its order (see NAMING_RULES there)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.numbers import AREA_UNITS
from kg.extract.phrases import lower_first, noun_before, tidy

if TYPE_CHECKING:
    from kg.extract.naming import _Naming

# What an amount or a capacity written before a noun is of: "a $700 million plant", "a 10GW module facility".
HOLDERS = r"(?:plants?|factory|factories|facility|facilities|projects?|venture|joint venture|plan|plans|programme|" \
          r"program|refinery|base|gigafactory|mills?|line|park|site|phase|deal|contract|agreement|investment|" \
          r"expansion|hub|centre|center|complex|outlay|package|fund|scheme|initiative|mines?|smelter|cluster|unit|" \
          r"stake|holding|profit|loss|revenue|grant|grants|farms?|fabs?|stations?|development|array|turbines?|" \
          r"order|rollout|electrolysers?|electrolyzers?|shareholding|interest|battery|batteries|BESS)"
EQUIPMENT = re.compile(r"\s+(?P<what>(?:[a-z][\w\-]*\s+){0,2}?(?:turbines?|electroly[sz]ers?|engines?|reactors?|"
                       r"panels?|modules?|chargers?|charging stations?|generators?|units?))\b(?![\w\-])"
                       r"(?!\s+(?i:" + HOLDERS + r")\b)")  # "a 10GW module project" is the project's capacity


def _rule_duration(n: _Naming) -> bool:
    """For "a 25-year agreement" (its length), "its 17-year-old subsidiary" (its age), "services for 25 years",
    "the initial 15 years of production", "reserves sufficient for the next 200 years": what lasts so long."""
    if n.figure.unit not in ("kgo:Year", "kgo:Month"):
        return False
    stated, after = n.figure.stated, n.text[n.figure.end:]
    of = re.match(r"\s+(?:of|in)\s+(?P<what>(?:[a-z][\w\-]*\s+){0,3}?[a-z][\w\-]*)(?=[,.;(]|$|\s+(?:at|for|to|in|"
                  r"from|and|with|by)\b)", after)
    if stated.endswith("-old"):
        name = "age"
    elif stated.endswith("-year"):
        noun = re.match(r"\s+(?P<noun>(?:[a-z][\w\-]*\s+){0,2}?[a-z][\w\-]*)(?=[,.;(]|$|\s+(?:at|for|to|in|from|"
                        r"and|with|by|of|that|which)\b)", after)
        name = f"length of the {noun.group('noun')}" if noun else "length"
    elif of:
        name = f"{'years' if n.figure.unit == 'kgo:Year' else 'months'} of {of.group('what')}"
    elif re.search(r"\bfor\s+(?:the\s+\w+\s+)?$", n.before):
        what = noun_before(re.sub(r"\s*\bfor\s+(?:the\s+\w+\s+)?$", "", n.clause))
        name = f"duration of {lower_first(what)}" if what else "duration"
    else:
        return False  # "it has taken less than five years from X to Y": the rules of verbs and copulas
    n.draft.indicator, n.draft.confidence = tidy(name), 0.5
    return True


COVERING = re.compile(r"\b(?:covers?|covering|covered|spans?|spanning|spanned|occupy|occupies|occupying|occupied|"
                      r"spread over|spreads over|sprawls? over|on|across)\s+"
                      r"(?:(?:about|around|some|nearly|more than|over|up to|roughly|approximately|almost)\s+)?$")
SITES = r"(?:plant|factory|facility|site|campus|park|project|mine|farm|complex|zone|estate|land|plot|gigafactory|" \
        r"fab|refinery|smelter|warehouse|centre|center|hub|base|building|concession|mill|station)s?"


def _rule_area(n: _Naming) -> bool:
    """For "the plant covers 40 hectares", "a site spanning 300 acres", "built on 12 square kilometres": the area of
    the site the clause names before the verb (else of what it is about: "area")."""
    covering = COVERING.search(n.clause)
    if n.figure.unit not in AREA_UNITS or covering is None:
        return False
    sites = re.findall(r"\b(" + SITES + r")\b", n.clause[:covering.start()], re.I)
    site = sites[-1] if sites else None
    name = f"area of the {site}" if site else "area"
    n.draft.indicator, n.draft.confidence = tidy(name), 0.55
    return True


DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|" \
             r"south-west)"


def _rule_distance(n: _Naming) -> bool:
    """For "a site about 50 kilometres southwest of Riverton", "23km off the coast": the distance from a place."""
    if n.figure.unit != "kgo:Kilometre":
        return False
    where = re.match(r"\s+(?:" + DIRECTIONS + r"\s+of|off|from|away from|outside)\s+(?:the\s+)?"
                     r"(?P<what>[\w’'\- ]{2,40}?)(?=[,.;(]|$|\s+(?:and|in|to|with|by|at|which|that)\b)",
                     n.text[n.figure.end:], re.I)
    if where is None:
        return False
    n.draft.indicator, n.draft.confidence = tidy(f"distance from {where.group('what')}"), 0.55
    return True


def _rule_owned_share(n: _Naming) -> bool:
    """For "its 100%-owned Riverton project" and "to acquire 100 percent of Acme": an ownership stake."""
    if n.figure.unit != "kgo:Percent":
        return False
    owned = n.text.startswith("-owned", n.figure.end)
    bought = re.search(r"\b(?:acquire|acquired|acquiring|buy|bought|buying|own|owns|owned|hold|holds|held|sell|sold|"
                       r"selling|take|took|purchase|purchased)\s+(?:a\s+)?$", n.before) \
        and re.match(r"\s+of\s+(?:the\s+)?[A-Z]", n.text[n.figure.end:])
    if not (owned or bought):
        return False
    n.draft.indicator, n.draft.confidence = "Ownership stake", 0.55
    return True


def _rule_equipment(n: _Naming) -> bool:
    """For "47 of Acme 7MW offshore turbines", "uses 1GW electrolysers": the rating of the machines the power stands
    right before (whoever's they are; "the 8MW turbines" is the attributive rule's)."""
    if n.figure.unit not in ("kgo:Gigawatt", "kgo:Megawatt", "kgo:Kilowatt"):
        return False
    what = EQUIPMENT.match(n.text, n.figure.end)
    if what is None:
        return False
    n.draft.indicator, n.draft.confidence = tidy(f"rating of the {what.group('what')}"), 0.55
    return True


def _rule_pair(n: _Naming) -> bool:
    """For "a 30MW/30MWh" with no noun after it: a battery's power and its energy, by their units."""
    pair = re.match(r"/\s*[\d.,]+\s*[A-Za-z]+", n.text[n.figure.end:]) or re.search(r"[\d.,]+\s*[A-Za-z]+/$", n.before)
    if pair is None or n.figure.unit not in ("kgo:Megawatt", "kgo:Gigawatt", "kgo:MegawattHour", "kgo:GigawattHour"):
        return False
    power = n.figure.unit in ("kgo:Megawatt", "kgo:Gigawatt")
    n.draft.indicator, n.draft.confidence = ("Power capacity" if power else "Storage capacity"), 0.5
    return True


CHANGE_BY = re.compile(r"\b(?P<verb>increase|increases|raise|raises|boost|boosts|lift|lifts|cut|cuts|reduce|reduces|"
                       r"lower|lowers)\s+(?:down\s+)?(?P<what>[\w’'\- ]{3,60}?)\s+by\s+$")


def _rule_change_by(n: _Naming) -> bool:
    """For "it will increase copper production by about 25 per cent", "cut its emissions by 1.8 million tonnes a
    year": the change of what the verb acts on."""
    change = CHANGE_BY.search(n.clause)
    if change is None:
        return False
    what = re.sub(r"^(?:the|its|their|our)\s+", "", change.group("what"))
    falling = change.group("verb").startswith(("cut", "reduce", "lower"))
    kind = "growth of" if n.figure.unit == "kgo:Percent" and not falling else "cut in" if falling else "increase in"
    n.draft.indicator, n.draft.confidence = tidy(f"{kind} {what}"), 0.55
    return True


# A ranking's later places: "Acme won 6,000 MW, followed by Bluewave at 4,800 MW, Zarnow at 3,000 MW and ...".
RANKED = re.compile(r"(?:\bfollowed by|,|\band)\s+(?P<name>[A-Z][\w&’'\-]*(?:\s+[A-Z][\w&’'\-]*){0,2})\s+"
                    r"(?:at|with|on)\s+$")


def ranked_name(text: str, figure_start: int) -> re.Match | None:
    """The name a ranking places right before a figure ("followed by Bluewave at 4,800 MW"), if the sentence is a
    ranking (it says "followed by" before the figure)."""
    before = text[:figure_start]
    return RANKED.search(before) if "followed by" in before else None


def _rule_ranked(n: _Naming) -> bool:
    """For "Acme bagged 6,000 MW followed by Bluewave at 4,800 MW and Zarnow at 3,000 MW": each later place's figure
    measures what the first one does (the name is its subject, not its indicator)."""
    if ranked_name(n.text, n.figure.start) is None:
        return False
    ref = next((d for d in reversed(n.previous) if d.unit == n.figure.unit and d.indicator), None)
    if ref is None:
        return False
    n.draft.indicator, n.draft.confidence = ref.indicator, 0.55
    return True
