"""Naming a figure's indicator from the words around it: the rules ObservationFinder tries in order.

Each rule reads a ``_Naming`` (the figure, its sentence, the words before it, the figures of the sentence named
so far) and returns True when it has decided: named the indicator, or left the figure out on purpose; False
hands the figure to the next rule. See kg.extract.observations for the order's reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.measures import (
    HOLDERS,
    _rule_area,
    _rule_change_by,
    _rule_distance,
    _rule_duration,
    _rule_equipment,
    _rule_owned_share,
    _rule_pair,
    _rule_ranked,
)
from kg.extract.numbers import AREA_UNITS, MONEY_UNITS, Figure
from kg.extract.verbs import DOING
from kg.extract.phrases import (
    GENERIC_SUBJECTS,
    changed_name,
    lower_first,
    noun_before,
    owner_before,
    owner_of,
    subject_of,
    tidy,
)

if TYPE_CHECKING:
    from kg.extract.observations import Draft

YEAR = re.compile(r"(?<![\w\-])((?:19|20)\d\d)(?![\w\-])")
GROWTH_VERBS = r"(?:grew|grown|growing|increased|increasing|rose|risen|rising|jumped|jumping|climbed|climbing|surged|" \
               r"surging|soared|soaring|skyrocketed|skyrocketing|expanded|expanding|went up|fell|fallen|falling|" \
               r"declined|declining|dropped|dropping|decreased|decreasing|plunged|plunging|slumped|slowed(?: down)?|" \
               r"shrank|went down|was up|was down|were up|were down)"
FALLING = re.compile(r"\b(?:fell|fallen|falling|declined|declining|dropped|dropping|decreased|decreasing|plunged|"
                     r"plunging|slumped|slowed|shrank|down)\b")
COPULAS = r"(?:was|is|were|are|reached|reach|reaches|reaching|total|totals|totaling|totalling|hitting|hit|hits|" \
          r"be worth|is worth|are worth|totaled|totalled|amounted to|stood at|exceeded|" \
          r"exceed|exceeds|topped|top|tops|surpassed|surpass|surpasses|recognized at|registered at|came to|came in at|" \
          r"of|at|to|achieve|achieved|with)"
# Subjects too vague to name an indicator on their own.
@dataclass
class _Naming:
    """What a naming rule reads: the draft of the figure, its sentence, the words before it, the figures before it."""

    draft: Draft
    text: str
    figs: list[Figure]
    number: int
    figure: Figure
    before: str
    clause: str
    previous: list[Draft]


def _rule_conversion(n: _Naming) -> bool:
    """For "6 billion yuan (about US$0.84 billion)": the same amount in another currency, left out (the amount
    is read once, in the currency the text states it in)."""
    converted = n.figs[n.number - 1] if n.number else None
    return converted is not None and n.figure.unit in MONEY_UNITS and converted.unit in MONEY_UNITS \
        and bool(re.fullmatch(r"\s*\(\s*(?:about|around|roughly|approximately|some|or)?\s*", n.before[converted.end:]))


def _rule_investment(n: _Naming) -> bool:
    """For "invested 2.5 billion yuan in the plant": an investment (in what follows)."""
    draft, text, figure, clause = n.draft, n.text, n.figure, n.clause
    invest = re.search(r"\b(?:invest|invests|invested|investing)\s+(?:a total of\s+)?$", clause)
    if invest:
        where = re.match(r"(?:\s*\([^)]*\))?\s+in (?:a |an |the |its )?(?P<what>[a-z][\w\- ]{2,50}?)(?=[,.;]|$| in | at "
                         r"| to | with )", text[figure.end:])
        draft.indicator = tidy("investment" + (f" in {where.group('what')}" if where else ""))
        draft.confidence = 0.6
        return True
    return False


def _rule_comparison(n: _Naming) -> bool:
    """For "about 215,000 vehicles, compared with 131,000 in 2022": the same indicator, another year."""
    draft, text, figure, before, previous = n.draft, n.text, n.figure, n.before, n.previous
    versus = re.search(r"\b(?:compared (?:with|to)|against|versus|up from|down from|from|than)\s+$", before)
    if versus and previous and figure.unit in (None, previous[-1].unit):
        # "about 215,000 vehicles, compared with 131,000 in 2022": the same indicator, another year
        ref = previous[-1]
        after_year = re.match(r"\s*(?:in\s+)?((?:19|20)\d\d)\b", text[figure.end:])
        relative = re.match(r"\s*(?:a year (?:earlier|ago|before)|last year|the year before|the previous year)", text[figure.end:])
        if after_year:
            draft.period = int(after_year.group(1))
        elif relative or ref.compared_with:
            draft.period = ref.compared_with or ref.period - 1
        else:
            return True
        draft.indicator, draft.unit, draft.compared_with, draft.confidence = ref.indicator, ref.unit, None, 0.6
        return True
    return False


def _rule_level_after_change(n: _Naming) -> bool:
    """For "grew 1.6 times to 48.2 billion yuan": the level of what grew."""
    draft, clause, previous = n.draft, n.clause, n.previous
    to_level = re.search(r"\bto\s+(?:hit\s+|reach\s+|stand at\s+)?(?:an?\s+)?(?:record\s+|(?:new|all-time) high of\s+)?$",
                         clause) and (re.search(GROWTH_VERBS, clause) or (previous and previous[-1].subject))
    if to_level and previous and previous[-1].subject:
        draft.indicator, draft.confidence = tidy(previous[-1].subject), 0.6  # "grew 1.6 times to 48.2 billion yuan"
        return True
    return False


def _rule_multiple(n: _Naming) -> bool:
    """For "the company's capacity would triple to 336 GWh": the capacity."""
    draft, clause = n.draft, n.clause
    multiple = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:would|will|could|is expected to|are expected to|is set to)?\s*"
                         r"(?:double|triple|quadruple|grow|rise|increase|jump|surge|climb|fall|drop|reach)\s+to\s+$", clause)
    if multiple:  # "the company's capacity would triple to 336 GWh": the capacity
        subject = subject_of(multiple.group("subject"))
        if subject and subject not in GENERIC_SUBJECTS:
            draft.indicator, draft.confidence = tidy(subject), 0.55
            return True
    return False


def _rule_points_faster(n: _Naming) -> bool:
    """For "2 percentage points faster than X": the change in the growth before."""
    draft, text, figure, previous = n.draft, n.text, n.figure, n.previous
    if figure.unit == "kgo:PercentagePoint" and previous and re.match(
            r"\s+(?:faster|slower|higher|lower|more|less|above|below)\s+than", text[figure.end:]):
        ref = previous[-1]
        subject = lower_first(ref.indicator)
        draft.indicator, draft.confidence = tidy(f"change in the {subject}"), 0.55
        return True
    return False


def _rule_count(n: _Naming) -> bool:
    """For "signed nearly 250 projects": a count names what it counts."""
    draft, figure, before = n.draft, n.figure, n.before
    if figure.unit == "kgo:Count" and figure.noun and figure.noun.split()[0].lower() in ("pieces", "units", "items", "sets"):
        what = re.match(r"\s+(?:pieces|units|items|sets) of\s+(?:[\d.,]+\s*[A-Za-z]+\s+)?(?P<what>[a-z][\w\- ]{2,40}?)"
                        r"(?=[,.;(]|$| from | and | for | to | in | at | by | with )", n.text[figure.end:])
        if what:  # "40 units of 8MW turbines": a count of turbines
            draft.indicator, draft.confidence = tidy(what.group("what")), 0.6
            return True
    if figure.unit == "kgo:Count" and figure.noun and figure.noun.split()[0].lower() not in ("pieces", "units", "items"):
        name = figure.noun
        verb = re.search(r"\b(?P<verb>[a-z]+ed|built|set up|won|made|held|drawn|sold|produced)\s+(?:(?:a total of|"
                         r"more than|over|nearly|about|around|almost|up to|some|only|just)\s+)?$", before)
        if len(name.split()) <= 2 and verb:  # "signed nearly 250 projects": the projects signed
            name = f"{name} {verb.group('verb')}"
        draft.indicator, draft.confidence = tidy(name), 0.75
        return True
    return False


def _rule_share(n: _Naming) -> bool:
    """For "accounting for 85% of the total investment": a share of a whole."""
    draft, text, figure, before, clause, previous = n.draft, n.text, n.figure, n.before, n.clause, n.previous
    share = re.search(r"\b(?:accounting for|accounted for|account for|made up|makes up|make up|took up|takes up|"
                      r"represented|representing)\s+$|\b(?:share|proportion) of\s+$", clause)
    if share is not None:
        whole = re.match(r"\s+of (?:the )?(?P<whole>[\w'’][\w'’\- ]{2,50}?)(?=[,.;]|$| in | from |, )", text[figure.end:])
        owner = owner_before(before) or next((lower_first(d.indicator) for d in reversed(previous)
                                               if not d.subject), None)
        if whole:
            whole = re.match(r"(?P<whole>.*)", subject_of(whole.group("whole")))
        if whole and owner:
            draft.indicator, draft.confidence = tidy(f"share of {owner} in {whole.group('whole')}"), 0.6
        return True
    return False


def _rule_respective_change(n: _Naming) -> bool:
    """For "which rose by A and B respectively": the growths of the figures before."""
    draft, text, figs, number, figure, clause, previous = n.draft, n.text, n.figs, n.number, n.figure, n.clause, n.previous
    group_member = previous and re.search(r"(?:,|\band)\s+$", clause) and previous[-1].figure.unit == figure.unit \
        and "respectively" in text
    if group_member and previous[-1].indicator.lower().startswith(("change in", "growth of", "increase of")):
        ref = _respective_reference(previous, figs, number, text)
        if ref is not None:
            subject = lower_first(ref.indicator)
            draft.compared_with = draft.compared_with or ref.compared_with
            draft.indicator, draft.confidence = tidy(changed_name(subject, figure.unit)), 0.6
            return True
    return False


def _rule_change(n: _Naming) -> bool:
    """For "industrial investment grew by 27.8%": the growth of what changed."""
    draft, text, figs, number, figure, clause, previous = n.draft, n.text, n.figs, n.number, n.figure, n.clause, n.previous
    change = re.search(r"(?P<subject>[\w’'\-, ]*?)\s*\b" + GROWTH_VERBS + r"\s+(?:by\s+)?(?:about\s+)?$", clause)
    if change is None:
        change = re.search(r"(?P<subject>)\b(?:up|down|an? (?:year-on-year )?(?:increase|growth|rise|decrease|decline"
                           r"|drop|surge|jump|gain|fall) of)\s+$", clause)
    if change is not None:
        draft.negative = bool(FALLING.search(change.group(0)))
        subject = subject_of(change.group("subject"))
        if not subject or subject in GENERIC_SUBJECTS or subject == "which" or re.search(r"\d", subject):
            ref = _respective_reference(previous, figs, number, text) or (previous[-1] if previous else None)
            if ref is None:
                return True
            subject = lower_first(ref.indicator)
            draft.compared_with = draft.compared_with or ref.compared_with
        name = changed_name(subject, figure.unit)
        draft.subject = subject
        if re.search(r"year[- ]on[- ]year|a year (?:earlier|ago|before)|the previous year|the year before",
                     text[figure.end: figure.end + 30] + change.group(0)):
            # an undated text may leave the period open: then so is the year compared with
            draft.compared_with = draft.compared_with or (draft.period - 1 if draft.period is not None else None)
        draft.indicator, draft.confidence = tidy(name), 0.65
        return True
    return False


def _rule_lift(n: _Naming) -> bool:
    """For "aims to lift the output value of X above 150 billion yuan": what is lifted."""
    draft, clause = n.draft, n.clause
    lift = re.search(r"\b(?:lift|raise|increase|push|bring|boost|expand)\s+(?P<x>[\w'’\- ]+?)\s+(?:to\s+)?$", clause)
    if lift and not re.search(r"\b(?:at|by|with|cost|for)\b", lift.group("x")) and len(lift.group("x").split()) <= 10:  # "aims to lift the output value of X above 150 billion yuan"
        draft.indicator, draft.confidence = tidy(subject_of(lift.group("x"))), 0.55
        return True
    return False


def _rule_cost(n: _Naming) -> bool:
    """For "the plant will cost no more than RMB 1.2 billion": the cost of the subject."""
    draft, clause = n.draft, n.clause
    cost = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:will |would |is expected to |)cost(?:s|ing)?\s+$", clause)
    # "its 20,000-tonne-per-year plant would cost": the plant, not the figure's digits before it
    subject = re.sub(r"^(?:[\w'’\-]*\d[\w'’\-]*\s+)+", "", cost.group("subject")) if cost else ""
    if cost and subject_of(subject):  # "the plant will cost no more than RMB 1.2 billion"
        draft.indicator, draft.confidence = tidy(f"cost of {subject_of(subject)}"), 0.55
        return True
    return False


def _rule_worth(n: _Naming) -> bool:
    """For "signed 75 projects worth 163.5 billion yuan", "exports reached 1.5 million tons, worth some $7.5 billion":
    the value of what the figure before counts; for "Acme, which is worth about $1.2 billion": the value."""
    draft, previous = n.draft, n.previous
    if not re.search(r"\bworth\s+(?:(?:some|about|around|nearly|roughly|an estimated)\s+)?$", n.before):
        return False
    gap = n.before[previous[-1].figure.end:] if previous else ""
    if previous and previous[-1].unit not in MONEY_UNITS and re.fullmatch(r"[^;.]{0,40}?\bworth\s+\S*\s*", gap) \
            and not re.search(r"\b(?:which|that|who|is|was|are|were)\b", gap):  # "a stake in Acme, which is worth"
        ref = previous[-1]  # "signed 75 projects worth 163.5 billion yuan": the value of the projects
        draft.indicator, draft.confidence = tidy(f"value of {lower_first(ref.indicator)}"), 0.6
        return True
    if re.search(r"\b(?:is|was|are|were|be|been)\s+(?:now\s+)?worth\s+\S*\s*$", n.clause):
        draft.indicator, draft.confidence = "Value", 0.55  # "Acme, which is worth about 1.2 trillion rupees"
        return True
    return False


def _rule_owned(n: _Naming) -> bool:
    """For "a base with a total investment of 10 billion yuan": the investment of the base."""
    draft, clause = n.draft, n.clause
    owned = re.search(r"(?P<owner>\b[a-z][\w\- ]{2,80}?) with (?:a |an )?(?P<what>(?:(?:total|combined|planned|"
                      r"agreed|registered|annual|designed) )*(?:investment|output value|output|capacity|"
                      r"production capacity|revenue|sales))(?: of)?\s+$", clause)
    if owned is not None:
        owner = owner_of(owned.group("owner"))
        if owner:
            draft.indicator, draft.confidence = tidy(f"{owned.group('what')} of {owner}"), 0.6
            return True
    return False


def _rule_copula(n: _Naming) -> bool:
    """For "the output value of X reached 88.9 billion yuan": the subject of the verb (the last rule)."""
    draft, text, figure, clause = n.draft, n.text, n.figure, n.clause
    verb = re.match(r"(?:exceed|exceeds|exceeded|surpass|surpasses|top|tops)\s", figure.stated, re.I)
    clause += verb.group(0) if verb else ""  # "the investment will exceed $20 billion": the verb is the qualifier's
    copula = re.search(r"(?P<subject>[\w’'\-()&, ]*?)\s+(?P<verb>" + COPULAS + r")\s+$", clause)
    if copula is None:
        of = re.match(r"\s+(?:each )?of (?:the )?(?P<noun>[a-z][\w\- ]{2,50}?)(?=[,.;]|$| and | to | for | at | in | from | that | which )",
                      text[figure.end:])
        if of and figure.unit not in (None, "kgo:Count", "kgo:Percent", "kgo:PercentagePoint", "kgo:Times", "kgo:Year"):
            draft.indicator, draft.confidence = tidy(of.group("noun")), 0.5  # "3 billion yuan of special funds"
        return True
    if copula.group("verb") in ("of", "at", "to", "with"):
        subject = noun_before(copula.group("subject"))  # "with a radius of 2 km": the radius
    else:
        subject = subject_of(copula.group("subject"))  # lists of subjects ("respectively"): _listed_subjects
    if not subject or subject in GENERIC_SUBJECTS:
        topic = re.search(r"\bIn terms of (?:the )?(?P<topic>[^,]+),", text)
        if topic is None:
            return True
        subject = subject_of(topic.group("topic"))
    tail = re.match(r"\s+(?P<tail>(?:for|of|in) (?:the )?[a-z][\w\- ]{2,60}?)(?=[,.;]|$| and | with | from )", text[figure.end:])
    if tail and " of " not in subject and not YEAR.search(tail.group("tail")):
        subject = f"{subject} {tail.group('tail')}"
    draft.indicator, draft.confidence = tidy(subject), 0.65
    return False




def _rule_respective_same(n: _Naming) -> bool:
    """For "It produced 13,602t and 8,466t in 2020 and 2021 respectively": the same indicator as the figure before,
    joined to it by "and" or a comma (its year is the k-th year named after the group)."""
    if "respectively" not in n.text or not n.previous or not n.previous[-1].indicator:
        return False
    ref = n.previous[-1]
    if ref.unit != n.figure.unit or not re.fullmatch(r"\s*(?:,|and|, and)\s*", n.text[ref.figure.end:n.figure.start]):
        return False
    n.draft.indicator, n.draft.confidence = ref.indicator, 0.55
    years = [int(y) for y in YEAR.findall(n.text[n.figure.end:n.text.find("respectively")])]
    group = [d for d in n.previous if d.indicator == ref.indicator and d.unit == ref.unit]
    if len(years) == len(group) + 1:
        for draft, year in zip(group, years):
            draft.period = year
        n.draft.period = years[-1]
    return True


def _rule_change_in(n: _Naming) -> bool:
    """For "a 507% rise in third-quarter net profit to a record 1.06 billion yuan": the growth of the profit (and
    the figure after "to" its level, by the rule of a level after a change)."""
    if n.figure.unit != "kgo:Percent":
        return False
    change = re.match(r"\s+(?:year-on-year\s+)?(?P<kind>rise|increase|growth|jump|surge|gain|drop|fall|decline|decrease)"
                      r"\s+in\s+(?:the\s+|its\s+|their\s+)?(?P<what>[\w\-’' ]{3,50}?)(?=\s+(?:to|from|of|at|in|for)\b|[,.;]|$)",
                      n.text[n.figure.end:])
    if change is None:
        return False
    subject = subject_of(change.group("what"))
    if not subject:
        return False
    n.draft.negative = change.group("kind") in ("drop", "fall", "decline", "decrease")
    n.draft.subject = subject
    n.draft.indicator, n.draft.confidence = tidy(changed_name(subject, n.figure.unit)), 0.6
    return True


def _rule_target_after(n: _Naming) -> bool:
    """For "made 40 GWh last year and expects to exceed 100 GWh by 2027": the target of the figure before, its own
    observation in its own year."""
    if not n.previous or not n.previous[-1].indicator or n.previous[-1].unit != n.figure.unit:
        return False
    between = n.text[n.previous[-1].figure.end:n.figure.start]
    if not re.search(r"\b(?:and|but|while)\b", between) or not re.search(
            r"\b(?:aim|aims|plan|plans|expect|expects|expected|target|targets|hope|hopes|seek|seeks|intend|intends|"
            r"will|would|set to|on track to|to reach|to exceed|to hit)\b", between):
        return False
    n.draft.indicator, n.draft.confidence = n.previous[-1].indicator, 0.55
    return True


CAPACITY_UNITS = {"kgo:Gigawatt", "kgo:Megawatt", "kgo:Kilowatt", "kgo:GigawattHour", "kgo:MegawattHour",
                  "kgo:TonnePerYear", "kgo:Tonne"}


OWN_NAMES = ("investment", "outlay", "profit", "loss", "revenue", "revenues", "stake", "holding", "shareholding", "interest",
             "grant", "grants")


def _rule_attributive(n: _Naming) -> bool:
    """For "a $700 million acid leaching plant", "the nearly $5 billion joint venture", "a 10GW module facility",
    "a 40-hectare site", "its $800 million Acme Materials Plant", "a 511 million yuan profit", "a 49pc stake": the
    investment in, the capacity of, or the area of what the figure stands before; a profit, a stake, an outlay
    is itself what is measured."""
    if n.figure.unit not in MONEY_UNITS | CAPACITY_UNITS | AREA_UNITS | {"kgo:Percent"}:
        return False
    before = re.sub(r"[\d.,]+\s*[A-Za-z]+/$", "", n.before)  # "a 25MW/50MWh battery": the second of a pair too
    if n.previous and re.fullmatch(r",\s+", n.before[n.previous[-1].figure.end:]):
        before = n.before[:n.previous[-1].figure.start]  # "the new $3 billion, 3 million-tonne mill": both the mill's
    if not re.search(r"\b(?:a|an|the|its|their|his|her|this|that|planned|new|first|second|latest|proposed|"
                     r"announced|unveiled|approved|existing|initial|nationwide|establish|build|develop|construct|"
                     r"open)\s+$", before):  # "to establish $13 billion hydrogen plant" (a headline's style)
        return False
    after = re.sub(r"^\s*\([^()]{0,40}\)", "", n.text[n.figure.end:])  # "$US4 billion ($5.4 billion) plant"
    after = re.sub(r"^/\s*[\d.,]+\s*[A-Za-z]+", "", after)  # "a 25MW/50MWh battery": the first of a pair
    after = re.sub(r"^,\s+[\d.,]+-[\w\-]+", "", after)  # "$4 billion, 2.8-million-square-foot plant"
    holder = re.match(r"[\s,]+(?P<words>(?:[\w\-’'()]+\s+){0,6}?)(?P<holder>(?i:" + HOLDERS + r"))\b", after)
    if holder is None or re.search(r"[,;.]", holder.group("words")):
        return False
    kind = holder.group("holder").lower()
    if (n.figure.unit == "kgo:Percent") != (kind in ("stake", "holding", "shareholding", "interest")):
        return False  # a share is a stake's; a stake is a share
    noun = " ".join(f"{holder.group('words')}{holder.group('holder')}".split())
    if n.figure.unit in MONEY_UNITS | {"kgo:Percent"}:
        name = f"value of the {noun}" if kind in ("deal", "contract", "agreement") \
            else f"investment in the {noun}" if kind not in OWN_NAMES else noun
    elif n.figure.unit in AREA_UNITS:
        name = f"area of the {noun}"
    else:
        name = f"capacity of the {noun}"
    n.draft.indicator, n.draft.confidence = tidy(name), 0.6
    return True


def _rule_doing(n: _Naming) -> bool:
    """For "Zarnow sold 9,000 tonnes of cells": what the verb does to the figure, of what follows; and for "... 85
    tonnes of hydrogen a day and up to 700 kilotonnes of ammonia a year", the verb of the figure before "and"."""
    clause = n.clause
    if n.previous and re.fullmatch(r"\s+(?:[\w\-]+\s+){0,6}?and\s+", n.before[n.previous[-1].figure.end:]):
        clause = n.before[:n.previous[-1].figure.start]
    verb = re.search(r"\b(?P<verb>[a-z]+)\s+(?:(?:a total of|an additional|another|a further|some|only|just|"
                     r"a record|a combined|between|from)\s+)?$", clause)  # "spend between $4 million and $5 million"
    if verb is None or verb.group("verb") not in DOING or n.figure.unit in (None, "kgo:Percent", "kgo:PercentagePoint"):
        return False
    name = DOING[verb.group("verb")]
    what = re.match(r"\s+(?:of|in)\s+(?P<what>[a-z][\w\- ]{2,40}?)(?=[,.;(]|$| in | at | to | for | from | by | and |"
                    r" with | last | this | next | over | under )", n.text[n.figure.end:])
    if what and not YEAR.search(what.group("what")):
        name = f"{name} of {what.group('what')}"
    n.draft.indicator, n.draft.confidence = tidy(name), 0.55
    return True


def _rule_capacity_of(n: _Naming) -> bool:
    """For "47 GW of new annual ingot capacity", "5 GW of module production facilities", "16,800 MW capacity": a
    capacity names what it is a capacity of."""
    if n.figure.unit not in CAPACITY_UNITS:
        return False
    what = re.match(r"\s+(?:each\s+)?(?:of\s+(?:both\s+|new\s+)?)?(?P<what>(?:[a-z][\w\-]*\s+){0,5}?"
                    r"(?:capacity|capacities|output|production|facilities|lines|modules|cells|wafers|ingots|"
                    r"batteries|storage))\b", n.text[n.figure.end:])
    if what is None:
        return False
    name = what.group("what")
    if not re.search(r"\b(?:capacity|capacities|output|production)\b", name):
        name = f"capacity of {name}"
    n.draft.indicator, n.draft.confidence = tidy(name), 0.55
    return True


OF_WHAT = re.compile(r"\s+(?:\([^()]{0,40}\)\s+)?(?:in|of)\s+(?:the\s+|its\s+|their\s+)?"
                     r"(?P<what>(?:[a-z][\w\-]*\s+){0,4}?[a-z][\w\-]*)(?=[,.;(]|$| in | from | to | for | with | by | and )")


def _rule_of_what(n: _Naming) -> bool:
    """For "$2.8 billion in grants", "80 per cent of the raw materials", "96 hectares (237 acres) of land": an
    amount, a share or an area names what follows it."""
    what = OF_WHAT.match(n.text[n.figure.end:])
    if what is None or YEAR.search(what.group("what")):
        return False
    name = what.group("what")
    if n.figure.unit == "kgo:Percent":
        name = f"share of {name}"
    elif n.figure.unit in AREA_UNITS:
        name = f"area of {name}"
    elif n.figure.unit not in MONEY_UNITS:
        return False
    n.draft.indicator, n.draft.confidence = tidy(name), 0.5
    return True


def _rule_copula_or_capacity(n: _Naming) -> bool:
    """The copula's subject ("output reached N"), else, where it names none, what a capacity is of, or what an
    amount, a share or an area is in or of."""
    copula = _rule_copula(n)
    if copula and n.draft.indicator:
        return True
    return _rule_capacity_of(n) or _rule_of_what(n) or copula


NAMING_RULES = [
    _rule_conversion, _rule_duration, _rule_distance, _rule_area, _rule_owned_share, _rule_attributive, _rule_equipment,
    _rule_investment, _rule_comparison, _rule_level_after_change, _rule_multiple,
    _rule_points_faster, _rule_count, _rule_share, _rule_respective_change, _rule_change_by, _rule_change, _rule_change_in, _rule_respective_same,
    _rule_target_after, _rule_ranked,
    _rule_lift, _rule_cost, _rule_worth, _rule_owned, _rule_doing, _rule_pair, _rule_copula_or_capacity,
]


def _respective_reference(previous: list[Draft], figs: list[Figure], number: int, text: str):
    """For "which rose by A and B ... respectively", the earlier figure of this sentence that figure ``number`` refers to.

    The group is the run of figures in the unit of figure ``number`` joined by "and" or commas; its k-th member
    refers to the k-th of the last figures before the group in another unit.
    """
    if "respectively" not in text:
        return None
    unit = figs[number].unit
    first = number
    while first > 0 and figs[first - 1].unit == unit and re.fullmatch(r"\s*(?:,|and|, and)\s*",
                                                                       text[figs[first - 1].end: figs[first].start]):
        first -= 1
    last = number
    while last + 1 < len(figs) and figs[last + 1].unit == unit and re.fullmatch(
            r"\s*(?:,|and|, and)\s*", text[figs[last].end: figs[last + 1].start]):
        last += 1
    size = last - first + 1
    earlier = [d for d in previous if d.figure.end <= figs[first].start and d.unit != unit]
    if size < 2 or len(earlier) < size:
        return None
    return earlier[-size:][number - first]
