"""Statistics: each figure of a sentence with its indicator, period, area and comparison.

The indicator is named from the words around the figure, by the first rule
that applies:
1. a back-reference ("the above three categories of data are 168, 5 and
   103.1 billion yuan", "... respectively") takes the indicators of the
   figures before it, in order;
2. a count names what it counts ("275 authorized invention patents");
3. a change names what changed ("industrial investment grew by 27.8%" is
   the growth of industrial investment; "which increased by 10.4 percentage
   points" the change in the growth before it; "up 12%" the growth of the
   figure before);
4. a value names its subject ("the total output value of X's battery
   industry reached 88.9 billion yuan", "an investment of 30 billion yuan
   for the new base", "accounting for 85% of the total investment");
otherwise the figure is left out: a draft with fewer, right figures is
easier to review than one with many guessed ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.numbers import Figure, figures
from kg.extract.text import Sentence
from kg.facts.numbers import NUMBER_WORDS

YEAR = re.compile(r"(?<![\w\-])((?:19|20)\d\d)(?![\w\-])")
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
GROWTH_VERBS = r"(?:grew|grown|growing|increased|increasing|rose|risen|rising|jumped|jumping|climbed|climbing|surged|" \
               r"surging|soared|soaring|skyrocketed|skyrocketing|expanded|expanding|went up|fell|fallen|falling|" \
               r"declined|declining|dropped|dropping|decreased|decreasing|plunged|plunging|slumped|slowed(?: down)?|" \
               r"shrank|went down|was up|was down|were up|were down)"
FALLING = re.compile(r"\b(?:fell|fallen|falling|declined|declining|dropped|dropping|decreased|decreasing|plunged|"
                     r"plunging|slumped|slowed|shrank|down)\b")
COPULAS = r"(?:was|is|were|are|reached|reach|reaches|hit|hits|totaled|totalled|amounted to|stood at|exceeded|" \
          r"exceed|exceeds|topped|top|tops|surpassed|surpass|surpasses|recognized at|registered at|came to|came in at|" \
          r"of|at|to|achieve|achieved|with)"
# Subjects too vague to name an indicator on their own.
GENERIC_SUBJECTS = {"growth rate", "rate", "figure", "number", "total", "amount", "it", "which", "this", "that",
                    "the figure", "growth", "value", "data", "share", "proportion"}
TARGET_WORDS = re.compile(r"\b(?:strive|striving|aim|aims|aiming|target|targets|goal|plans? to|planned|expected to|"
                          r"expects? to|intends? to|seeks? to|is set to|forecasts?|projected to|"
                          r"will (?:reach|produce|add|exceed|hit|create|achieve|top|rise|grow|increase)|to achieve|"
                          r"by (?:the end of )?(?:19|20)\d\d)\b", re.I)


@dataclass
class Draft:
    """An observation before ids: the indicator's label and the figure, with where and when."""

    sentence: Sentence
    figure: Figure
    indicator: str
    unit: str
    period: int
    area: str | None
    confidence: float
    compared_with: int | None = None
    since: str | None = None
    target: bool = False
    negative: bool = False
    subject: str = ""  # what a change is a change of, for "grew 1.6 times to 48.2 billion yuan"


class ObservationFinder:
    """Reads figures sentence by sentence, remembering what back-references and periods refer to."""

    def __init__(self, article_year: int):
        self.article_year = article_year
        self.found: list[Draft] = []
        self._paragraph = -1
        self._paragraph_year: int | None = None
        self._before_year: int | None = None

    def scan(self, sentence: Sentence, area: str | None) -> list[Draft]:
        if sentence.paragraph != self._paragraph:
            # The year the paragraph just before ended on, if it spoke of one; none from further back.
            self._before_year = self._paragraph_year if sentence.paragraph == self._paragraph + 1 else None
            self._paragraph, self._paragraph_year = sentence.paragraph, None
        text = sentence.text
        figs = [] if sentence.is_heading else figures(text)  # a headline repeats, rounded, what the body says
        new: list[Draft] = []
        back = _back_reference(text, figs)
        listed = _listed_subjects(text, figs)
        ranged = _from_to(text, figs)
        earlier = [d for d in self.found]
        for number, figure in enumerate(figs):
            period, compared, since = self._period(text, figure)
            draft = Draft(sentence, figure, "", figure.unit or "", period, area, 0.7, compared, since)
            if back is not None and number >= back[0]:
                ref_index = number - back[0]
                refs = earlier[-back[1]:] if back[1] <= len(earlier) else []
                ref = refs[ref_index] if ref_index < len(refs) else None
                if ref is None or not (figure.unit in (None, "kgo:Count") or figure.unit == ref.unit):
                    continue  # "the above three figures" that cannot be resolved: better left out than misnamed
                draft.indicator, draft.unit, draft.confidence = ref.indicator, ref.unit, 0.6
                draft.area = draft.area or ref.area
            if not draft.indicator and number in listed:
                draft.indicator, draft.confidence = _tidy(listed[number]), 0.6
            if not draft.indicator and number in ranged:
                draft.indicator, draft.confidence = _tidy(ranged[number]), 0.6
            if not draft.indicator:
                self._name(draft, text, figs, number, new)
            if not draft.indicator or not draft.unit:
                continue
            if draft.unit == "kgo:Year":
                draft.period = self.article_year  # a span of time counts up to the time of writing
            draft.target = bool(TARGET_WORDS.search(_clause(text[: figure.start]) + text[figure.start:].split(",")[0]))
            new.append(draft)
        carried = self._carried_year(text) or (new[-1].period if new and not new[-1].since and not new[-1].target else None)
        if carried:
            self._paragraph_year = carried
        self.found.extend(new)
        return new

    # -- naming ------------------------------------------------------------------------

    def _name(self, draft: Draft, text: str, figs: list[Figure], number: int, new: list[Draft]) -> None:
        figure = draft.figure
        before = text[: figure.start]
        clause = _clause(before)
        previous = [d for d in new if d.figure.start < figure.start]
        if re.search(r"\(\s*(?:about|around|roughly|approximately)?\s*(?:US\$|\$|USD|RMB|€)?\s*$", before) and previous \
                and re.search(r"[\d%]\S*\s*\(\s*\S*\s*$", before):
            return  # "6 billion yuan (about US$0.84 billion)": the same amount in another currency
        invest = re.search(r"\b(?:invest|invests|invested|investing)\s+(?:a total of\s+)?$", clause)
        if invest:
            where = re.match(r"(?:\s*\([^)]*\))?\s+in (?:a |an |the |its )?(?P<what>[a-z][\w\- ]{2,50}?)(?=[,.;]|$| in | at "
                             r"| to | with )", text[figure.end:])
            draft.indicator = _tidy("investment" + (f" in {where.group('what')}" if where else ""))
            draft.confidence = 0.6
            return
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
                return
            draft.indicator, draft.unit, draft.compared_with, draft.confidence = ref.indicator, ref.unit, None, 0.6
            return
        to_level = re.search(r"\bto\s+(?:hit\s+|reach\s+|stand at\s+)?$", clause) and re.search(GROWTH_VERBS, clause)
        if to_level and previous and previous[-1].subject:
            draft.indicator, draft.confidence = _tidy(previous[-1].subject), 0.6  # "grew 1.6 times to 48.2 billion yuan"
            return
        multiple = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:would|will|could|is expected to|are expected to|is set to)?\s*"
                             r"(?:double|triple|quadruple|grow|rise|increase|jump|surge|climb|fall|drop|reach)\s+to\s+$", clause)
        if multiple:  # "the company's capacity would triple to 336 GWh": the capacity
            subject = _subject(multiple.group("subject"))
            if subject and subject not in GENERIC_SUBJECTS:
                draft.indicator, draft.confidence = _tidy(subject), 0.55
                return
        if figure.unit == "kgo:PercentagePoint" and previous and re.match(
                r"\s+(?:faster|slower|higher|lower|more|less|above|below)\s+than", text[figure.end:]):
            ref = previous[-1]
            subject = _lower_first(ref.indicator)
            draft.indicator, draft.confidence = _tidy(f"change in the {subject}"), 0.55
            return
        if figure.unit == "kgo:Count" and figure.noun and figure.noun.split()[0].lower() not in ("pieces", "units", "items"):
            name = figure.noun
            verb = re.search(r"\b(?P<verb>[a-z]+ed|built|set up|won|made|held|drawn|sold|produced)\s+(?:(?:a total of|"
                             r"more than|over|nearly|about|around|almost|up to|some|only|just)\s+)?$", before)
            if len(name.split()) <= 2 and verb:  # "signed nearly 250 projects": the projects signed
                name = f"{name} {verb.group('verb')}"
            draft.indicator, draft.confidence = _tidy(name), 0.75
            return
        share = re.search(r"\b(?:accounting for|accounted for|account for|made up|makes up|make up|took up|takes up|"
                          r"represented|representing)\s+$|\b(?:share|proportion) of\s+$", clause)
        if share is not None:
            whole = re.match(r"\s+of (?:the )?(?P<whole>[\w'’][\w'’\- ]{2,50}?)(?=[,.;]|$| in | from |, )", text[figure.end:])
            owner = _owner_before(before) or next((_lower_first(d.indicator) for d in reversed(previous)
                                                   if not d.subject), None)
            if whole:
                whole = re.match(r"(?P<whole>.*)", _subject(whole.group("whole")))
            if whole and owner:
                draft.indicator, draft.confidence = _tidy(f"share of {owner} in {whole.group('whole')}"), 0.6
            return
        group_member = previous and re.search(r"(?:,|\band)\s+$", clause) and previous[-1].figure.unit == figure.unit \
            and "respectively" in text
        if group_member and previous[-1].indicator.lower().startswith(("change in", "growth of", "increase of")):
            ref = _respective_reference(previous, figs, number, text)
            if ref is not None:
                subject = _lower_first(ref.indicator)
                draft.compared_with = draft.compared_with or ref.compared_with
                draft.indicator, draft.confidence = _tidy(_changed(subject, figure.unit)), 0.6
                return
        change = re.search(r"(?P<subject>[\w’'\-, ]*?)\s*\b" + GROWTH_VERBS + r"\s+(?:by\s+)?(?:about\s+)?$", clause)
        if change is None:
            change = re.search(r"(?P<subject>)\b(?:up|down|an? (?:year-on-year )?(?:increase|growth|rise|decrease|decline"
                               r"|drop|surge|jump|gain|fall) of)\s+$", clause)
        if change is not None:
            draft.negative = bool(FALLING.search(change.group(0)))
            subject = _subject(change.group("subject"))
            if not subject or subject in GENERIC_SUBJECTS or subject == "which" or re.search(r"\d", subject):
                ref = _respective_reference(previous, figs, number, text) or (previous[-1] if previous else None)
                if ref is None:
                    return
                subject = _lower_first(ref.indicator)
                draft.compared_with = draft.compared_with or ref.compared_with
            name = _changed(subject, figure.unit)
            draft.subject = subject
            if re.search(r"year[- ]on[- ]year|a year (?:earlier|ago|before)|the previous year|the year before",
                         text[figure.end: figure.end + 30] + change.group(0)):
                draft.compared_with = draft.compared_with or draft.period - 1
            draft.indicator, draft.confidence = _tidy(name), 0.65
            return
        lift = re.search(r"\b(?:lift|raise|increase|push|bring|boost|expand)\s+(?P<x>[\w'’\- ]+?)\s+(?:to\s+)?$", clause)
        if lift and not re.search(r"\b(?:at|by|with|cost|for)\b", lift.group("x")) and len(lift.group("x").split()) <= 10:  # "aims to lift the output value of X above 150 billion yuan"
            draft.indicator, draft.confidence = _tidy(_subject(lift.group("x"))), 0.55
            return
        cost = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:will |would |is expected to |)cost(?:s|ing)?\s+$", clause)
        if cost and _subject(cost.group("subject")):  # "the plant will cost no more than RMB 1.2 billion"
            draft.indicator, draft.confidence = _tidy(f"cost of {_subject(cost.group('subject'))}"), 0.55
            return
        if re.search(r"\bworth\s+$", clause) and previous and previous[-1].unit == "kgo:Count":
            ref = previous[-1]  # "signed 75 projects worth 163.5 billion yuan": the value of the projects
            draft.indicator, draft.confidence = _tidy(f"value of {_lower_first(ref.indicator)}"), 0.6
            return
        owned = re.search(r"(?P<owner>\b[a-z][\w\- ]{2,80}?) with (?:a |an )?(?P<what>(?:(?:total|combined|planned|"
                          r"agreed|registered|annual|designed) )*(?:investment|output value|output|capacity|"
                          r"production capacity|revenue|sales))(?: of)?\s+$", clause)
        if owned is not None:
            owner = _owner(owned.group("owner"))
            if owner:
                draft.indicator, draft.confidence = _tidy(f"{owned.group('what')} of {owner}"), 0.6
                return
        copula = re.search(r"(?P<subject>[\w’'\-()&, ]*?)\s+(?P<verb>" + COPULAS + r")\s+$", clause)
        if copula is None:
            of = re.match(r"\s+of (?:the )?(?P<noun>[a-z][\w\- ]{2,50}?)(?=[,.;]|$| and | to | for | at | in | from | that | which )",
                          text[figure.end:])
            if of and figure.unit in ("kgo:CNY", "kgo:USD", "kgo:Tonne", "kgo:GigawattHour"):
                draft.indicator, draft.confidence = _tidy(of.group("noun")), 0.5  # "3 billion yuan of special funds"
            return
        if copula.group("verb") in ("of", "at", "to", "with"):
            subject = _noun_before(copula.group("subject"))  # "with a radius of 2 km": the radius
        else:
            subject = _subject(copula.group("subject"))  # lists of subjects ("respectively"): _listed_subjects
        if not subject or subject in GENERIC_SUBJECTS:
            topic = re.search(r"\bIn terms of (?:the )?(?P<topic>[^,]+),", text)
            if topic is None:
                return
            subject = _subject(topic.group("topic"))
        tail = re.match(r"\s+(?P<tail>(?:for|of|in) (?:the )?[a-z][\w\- ]{2,60}?)(?=[,.;]|$| and | with | from )", text[figure.end:])
        if tail and " of " not in subject and not YEAR.search(tail.group("tail")):
            subject = f"{subject} {tail.group('tail')}"
        draft.indicator, draft.confidence = _tidy(subject), 0.65

    # -- when -------------------------------------------------------------------------------

    def _carried_year(self, text: str) -> int | None:
        """The year the next sentences of the paragraph speak of: the last year this one names, unless it is the
        base of a figure's comparison ("3.2 points more than in 2022"); else its "last year" or "this year"."""
        years = []
        for match in YEAR.finditer(text):
            clause = text[: match.start()].rsplit(",", 1)[-1]
            if not re.search(r"\d", clause) and not re.search(r"\b(?:by|until|till|before|through)\s+(?:the end of\s+)?$",
                                                               clause):
                years.append(int(match.group(1)))  # not a comparison base, not a target's deadline
        if years:
            return years[-1]
        relative = re.search(r"\b(last year|this year)\b", text, re.I)
        if relative:
            return self.article_year - (1 if relative.group(1).lower() == "last year" else 0)
        return None

    def _period(self, text: str, figure: Figure) -> tuple[int, int | None, str | None]:
        """The figure's year, the year it is compared with, and the month it is counted since."""
        period = compared = since = None
        own = re.match(r"\s+in\s+((?:19|20)\d\d)\b", text[figure.end:])
        for match in YEAR.finditer(text):
            year = int(match.group(1))
            lead = text[max(0, match.start() - 40): match.start()].lower()
            after = text[match.end(): match.end() + 12]
            if re.search(r"(?:compared (?:with|to)|than(?: in)?|over|from|against)\s+(?:the same period of\s+)?"
                         r"(?:[\d.,]+(?: \w+)?\s+)?(?:in\s+)?$", lead):
                compared = compared or year
                continue
            if re.search(r"\b(?:founded|established|set up|created|born|built)\b[^,.;]{0,30}$", lead):
                continue  # "founded in Wuxi in 2009": when the company began, not the figure's year
            month = re.search(r"since\s+(?:(\w+)\s+)?$", lead)
            if month:
                name = (month.group(1) or "").lower()
                since = f"{year}-{MONTH_NAMES.index(name) + 1:02d}" if name in MONTH_NAMES else f"{year}-01"
                continue
            if re.match(r"\s+[A-Z]", after) or re.search(r"['’]s\s+$", lead):
                continue  # a year in a name: "2023 World Battery Conference", "X's 2023 work report"
            if match.start() < figure.start or period is None:
                if period is None or match.start() < figure.start:
                    period = year
        if own:  # "111.7 billion yuan in 2022"
            period = int(own.group(1))
        relative = re.search(r"\b(last year|this year|so far|up to now|to date|at present|next year)\b", text, re.I)
        if relative is None:  # "now", "currently": only of the figure's own clause
            own_clause = text[: figure.start].rsplit(",", 1)[-1] + text[figure.start:].split(",", 1)[0]
            relative = re.search(r"\b(now|currently)\b", own_clause, re.I)
        if period is None and relative:
            word = relative.group(1).lower()
            period = self.article_year + {"last year": -1, "next year": 1}.get(word, 0)
        if period is None and re.search(r"\b(?:the same period|the same year|that year|the period)\b", text) and self.found:
            period = self.found[-1].period  # "during the same period": the one the text spoke of last
        if period is None:
            carried = self._paragraph_year or self._before_year
            period = carried if carried and not since else self.article_year
        return period, compared, since


def _back_reference(text: str, figs: list[Figure]) -> tuple[int, int] | None:
    """(index of the first figure that refers back, how many figures before it refer to), or None."""
    match = re.search(r"\b(?:the|these) above (?P<n>\w+)(?: (?:categories of data|categories|figures|indicators|items|data))?\b"
                      r"|\babove (?P<m>\w+) (?:categories of data|categories|figures|indicators|items|data)\b", text)
    if match:
        n = (match.group("n") or match.group("m")).lower()
        count = NUMBER_WORDS.get(n) or (int(n) if n.isdigit() and int(n) <= 20 else None)
        first = next((i for i, f in enumerate(figs) if f.start > match.end()), None)
        if count and first is not None:
            return first, count
    bare = [i for i, f in enumerate(figs) if f.unit is None]
    if "respectively" in text and len(bare) >= 2 and not any(f.unit == "kgo:Count" and f.noun for f in figs):
        return bare[0], len(figs) - bare[0]
    return None


def _listed_subjects(text: str, figs: list[Figure]) -> dict[int, str]:
    """ "Output, capacity and exports were 320 GWh, 4.6 GWh and 43.8 billion yuan respectively": figure -> its subject."""
    if "respectively" not in text:
        return {}
    for first, figure in enumerate(figs):
        copula = re.search(r"\s(?:were|was|are|is|reached|stood at|totaled|totalled|amounted to|hit)\s+$", text[: figure.start])
        if copula is None:
            continue
        last = first
        while last + 1 < len(figs) and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[figs[last].end: figs[last + 1].start]):
            last += 1
        subject = text[: copula.start()]
        subject = re.sub(r"^.*?\b(?:In|in) (?:19|20)\d\d,\s*", "", subject)
        subject = subject[subject.rfind(";") + 1:]
        parts = [_subject(p) for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if p.strip()]
        if len(parts) == last - first + 1 and len(parts) > 1:
            return {first + i: part for i, part in enumerate(parts)}
    return {}


def _from_to(text: str, figs: list[Figure]) -> dict[int, str]:
    """ "The output value has grown fivefold, from 20 billion yuan in 2020 to 111.7 billion yuan in 2022": both
    figures are the subject's, each in its own year."""
    found = {}
    for first in range(len(figs) - 1):
        a, b = figs[first], figs[first + 1]
        if re.search(r"\bfrom\s+$", text[: a.start]) and re.fullmatch(r"(?:\s+in\s+(?:19|20)\d\d)?\s+to\s+", text[a.end: b.start]):
            head = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:has |have |had )?" + GROWTH_VERBS + r"\b", text[: a.start])
            if head:
                subject = _subject(head.group("subject"))
                if subject:
                    found[first] = found[first + 1] = subject
    return found


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


def _lower_first(label: str) -> str:
    """A label inside another: its first word in lower case, unless it is an acronym or a name ("NEV sales")."""
    first = label.split()[0] if label.split() else ""
    return label[:1].lower() + label[1:] if first[1:].islower() else label


def _changed(subject: str, unit: str | None) -> str:
    """The indicator of a change in ``subject``: its growth, the change in its growth, or its increase (a multiple)."""
    words = subject.split()
    if words and (len(words) == 1 or words[1].islower()):
        subject = _lower_first(subject)  # a sentence's first word, not a name
    if unit == "kgo:PercentagePoint":
        return f"change in the {subject}" if "growth" in subject or "rate" in subject else f"change in the growth of {subject}"
    if unit == "kgo:Times":
        return f"increase of {subject}"
    return subject if subject.startswith("growth") else f"growth of {subject}"


def _clause(before: str) -> str:
    """The words before a figure back to the last clause boundary."""
    cut = max(before.rfind(", "), before.rfind("; "), before.rfind(": "))
    clause = before[cut + 2:] if cut >= 0 else before
    if len(clause.split()) < 3 and cut >= 0:  # "X's output, up 12%": look one clause further back
        previous = before[:cut]
        second = max(previous.rfind(", "), previous.rfind("; "))
        clause = before[second + 2:] if second >= 0 else before
    return clause


def _subject(words: str) -> str:
    """A noun phrase tidied into an indicator's words: no leading article, year phrase or possessive place."""
    words = re.sub(r"^.*\b(?:In|in) (?:19|20)\d\d,\s*", "", words)  # "In 2022, X": X
    words = re.sub(r"^.*\b(?:that|whether)\s+", "", words)  # "analysts projected that X": X
    words = re.sub(r"^.*\b(?:said|says|noted|added|announced)\s+", "", words)
    words = re.sub(r"^.*\b(?:saw|sees|recorded|posted)\s+", "", words)  # "the sector saw its output exceed": its output
    words = re.sub(r"\b(?:in|of) (?:19|20)\d\d\b", "", words)
    words = re.sub(r"^(?:while|and|but|which|that|including|with|as|so|where|when|whose)\s+", "", words.strip(), flags=re.I)
    words = re.sub(r"^(?:In terms of|On the \w+ side|At present|Currently|Meanwhile|Among them),?\s*", "", words, flags=re.I)
    words = re.sub(r"\b[A-Z][\w\-]*(?: [A-Z][\w\-]*)*['’]s\s+", "", words)  # "Hefei's": the area, not the indicator
    words = re.sub(r"\b(?:the|its) (?:city|province|county|district|municipality)['’]s\s+", "", words, flags=re.I)
    words = re.sub(r"\b(?:its|their)\s+", "", words)
    words = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", words.strip(), flags=re.I)
    words = re.sub(r"\s+(?:recognized|registered|recorded|reported|realized|achieved|totaled)$", "", words)
    words = re.sub(r"\s+(?:was|were|is|are|has been|have been|had been|will be|has|have|had|will|would|could|may|"
                   r"might|can|should|is expected to|are expected to)$", "", words)
    return " ".join(words.split()).strip(" ,")


def _owner(words: str) -> str:
    """Whose investment: "the city has signed nearly 90 projects" -> "projects"; "A and other B projects" -> "B projects"."""
    words = re.sub(r"^.*\b\d[\d,.]*\s+", "", words)
    words = re.sub(r"^.*\b(?:and other|including|of which|among them|such as)\s+", "", words)
    words = re.sub(r"^(?:the|a|an|its|their|other)\s+", "", words.strip())
    return " ".join(words.split()[-5:])


VERBS_BEFORE_NOUNS = {"a", "an", "the", "with", "of", "to", "achieve", "achieved", "reach", "reached", "its", "their",
                      "by", "and", "at", "for", "in", "on", "has", "have", "had", "is", "was", "were", "are", "be",
                      "been", "forming", "form", "formed", "generate", "generated", "generating", "create", "created",
                      "record", "recorded", "post", "posted", "realize", "realized", "realise", "realised", "report",
                      "reported", "make", "made", "saw", "see", "sees", "expects", "expected", "aims", "plans", "lift",
                      "raise", "raised", "boost", "boosted", "hit", "register", "hold", "holds"}


def _noun_before(words: str) -> str:
    """The noun phrase that ends ``words``: "striving to achieve revenue" -> "revenue", "with a radius" -> "radius";
    "the city's battery industry generated revenue" -> "revenue of battery industry" (its subject)."""
    tokens = words.strip().split()
    kept: list[str] = []
    stop = len(tokens)
    for position in range(len(tokens) - 1, -1, -1):
        word = tokens[position]
        if word.lower() in VERBS_BEFORE_NOUNS or word.endswith(","):
            stop = position
            break
        kept.insert(0, word)
    noun = " ".join(kept[-5:])
    verb = tokens[stop].lower() if stop < len(tokens) else ""
    if noun and verb.endswith("ed") and verb not in ("achieved", "reached", "expected"):
        owner = _subject(" ".join(tokens[:stop]))
        if owner and owner.lower() not in GENERIC_SUBJECTS and len(owner.split()) <= 6 and not re.search(
                r"\b(?:is|are|was|were|will|to|has|have|expected|would)\b", owner):
            return f"{noun} of {owner}"
    return noun


def _owner_before(before: str) -> str | None:
    match = re.search(r"(?:including|of which|among them)\s+(?P<owner>[a-z][\w\- ]{2,40}?) with\b", before)
    return match.group("owner") if match else None


def _tidy(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).strip(" ,.")
    words = name.split()
    if len(words) > 14:
        name = " ".join(words[:14])
    return name[:1].upper() + name[1:]
