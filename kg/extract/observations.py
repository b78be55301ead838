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
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.naming import GROWTH_VERBS, NAMING_RULES, YEAR, _Naming
from kg.extract.numbers import Figure, figures
from kg.extract.periods import named_period
from kg.extract.phrases import clause_of, subject_of, tidy
from kg.extract.text import Sentence
from kg.facts.numbers import NUMBER_WORDS

MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
TARGET_WORDS = re.compile(r"\b(?:strive|striving|aim|aims|aiming|target|targets|goal|plans? to|planned|expected to|"
                          r"expects? to|intends? to|seeks? to|is set to|forecasts?|projected to|"
                          r"will (?:reach|produce|add|exceed|hit|create|achieve|top|rise|grow|increase)|to achieve|"
                          r"by (?:the end of )?(?:[A-Z][a-z]+ )?(?:19|20)\d\d)\b", re.I)


@dataclass
class Draft:
    """An observation before ids: the indicator's label and the figure, with where and when."""

    sentence: Sentence
    figure: Figure
    indicator: str
    unit: str
    period: int | None
    area: str | None
    confidence: float
    compared_with: int | None = None
    since: str | None = None
    target: bool = False
    negative: bool = False
    subject: str = ""  # what a change is a change of, for "grew 1.6 times to 48.2 billion yuan"
    carried: bool = False  # its year is the paragraph's, not its sentence's


class ObservationFinder:
    """Reads figures sentence by sentence, remembering what back-references and periods refer to."""

    def __init__(self, article_year: int | None, dollar: str = "kgo:USD"):
        # None: a text of no date and no year; a figure whose year would count from the article's is left out.
        self.article_year = article_year
        self.dollar = dollar  # what a bare "$" is in this text (subjects.dollar_of)
        self.found: list[Draft] = []
        self._paragraph = -1
        self._paragraph_year: int | None = None
        self._before_year: int | None = None
        self._carried = False
        self.month: int | None = None  # the month of publication, where the article's full date is known

    def scan(self, sentence: Sentence, area: str | None | Callable[[int, str | None], str | None]) -> list[Draft]:
        """The figures of ``sentence`` that can be named; ``area`` is theirs, or a function of a figure's offset and
        unit."""
        area_of = area if callable(area) else (lambda _offset, _unit: area)
        if sentence.paragraph != self._paragraph:
            # The year the paragraph just before ended on, if it spoke of one; none from further back.
            self._before_year = self._paragraph_year if sentence.paragraph == self._paragraph + 1 else None
            self._paragraph, self._paragraph_year = sentence.paragraph, None
        text = sentence.text
        headline = sentence.is_heading or (sentence.index == 0 and text.rstrip()[-1:] not in ".!?\"”’)")
        figs = [] if headline else figures(text)  # a headline repeats, rounded, what the body says
        new: list[Draft] = []
        back = _back_reference(text, figs)
        listed = _listed_subjects(text, figs)
        ranged = _from_to(text, figs)
        earlier = [d for d in self.found]
        for number, figure in enumerate(figs):
            period, compared, since = self._period(text, figure, _segment(text, figs, number))
            unit = figure.unit or ""
            if unit == "kgo:USD" and re.match(r"(?:[a-z ]+ )?\$\s?\d", figure.stated):  # a bare "$", not US$ or $US
                unit = self.dollar
            draft = Draft(sentence, figure, "", unit, period, area_of(figure.start, unit), 0.7, compared, since)
            draft.carried = self._carried
            if back is not None and number >= back[0]:
                ref_index = number - back[0]
                refs = earlier[-back[1]:] if back[1] <= len(earlier) else []
                ref = refs[ref_index] if ref_index < len(refs) else None
                if ref is None or not (figure.unit in (None, "kgo:Count") or figure.unit == ref.unit):
                    continue  # "the above three figures" that cannot be resolved: better left out than misnamed
                draft.indicator, draft.unit, draft.confidence = ref.indicator, ref.unit, 0.6
                draft.area = draft.area or ref.area
            if not draft.indicator and number in listed:
                draft.indicator, draft.confidence = tidy(listed[number]), 0.6
            if not draft.indicator and number in ranged:
                draft.indicator, draft.confidence = tidy(ranged[number]), 0.6
                draft.unit = draft.unit or "kgo:Count"  # "output will rise from 300,000 to 600,000": vehicles, units
            if not draft.indicator:
                self._name(draft, text, figs, number, new)
            if not draft.indicator or not draft.unit or draft.period is None \
                    or self._repeated(text, figure, draft.unit, draft):
                continue
            if draft.unit == "kgo:Year":
                draft.period = self.article_year  # a span of time counts up to the time of writing
            own = _segment(text, figs, number)
            own_year = _own_year(own[len(figure.stated):], self.article_year)
            past = PAST_MARKS.search(own) or (None not in (own_year, self.article_year) and own_year < self.article_year)
            draft.target = bool(TARGET_WORDS.search(clause_of(text[: figure.start]) + own)) and not past
            new.append(draft)
        # The year the sentence states (or a figure's own words give it), never one it only inherited: a year
        # carried on from paragraph to paragraph would date every later figure of the story.
        carried = self._carried_year(text) or (new[-1].period if new and not new[-1].since and not new[-1].target
                                               and not new[-1].carried else None)
        if carried:
            self._paragraph_year = carried
        self.found.extend(new)
        return new

    def _repeated(self, text: str, figure: Figure, unit: str, draft: Draft | None = None) -> bool:
        """ "the 7.3 billion euros investment", "the 100GWh plant": a figure the text gave before, referred back to;
        and the same value in the same unit of the same subject and year, named alike, in a later sentence (a
        standfirst's figure again in the body); and a quotation repeating a figure: one figure, said twice."""
        same = [d for d in self.found if d.figure.value == figure.value and d.unit == unit]
        if same and (re.search(r"\b(?:the|this|that)\s+$", text[: figure.start], re.I)
                     or re.search(r"[“\"]", text[: figure.start])):
            return True  # "the 7.3 billion euros investment"; a quotation repeating a figure the story gave
        named = draft.indicator.casefold() if draft and draft.area else None
        return bool(named) and any((d.area, d.period) == (draft.area, draft.period)
                                   and (named in d.indicator.casefold() or d.indicator.casefold() in named)
                                   for d in same)

    # -- naming ------------------------------------------------------------------------

    def _name(self, draft: Draft, text: str, figs: list[Figure], number: int, new: list[Draft]) -> None:
        """Name the figure's indicator by the first of NAMING_RULES that applies (see the module's docstring)."""
        before = text[: draft.figure.start]
        naming = _Naming(draft, text, figs, number, draft.figure, before, clause_of(before),
                         [d for d in new if d.figure.start < draft.figure.start])
        for rule in NAMING_RULES:
            if rule(naming):
                return

    # -- when -------------------------------------------------------------------------------

    def _carried_year(self, text: str) -> int | None:
        """The year the next sentences of the paragraph speak of: the last year this one names, unless it is the
        base of a figure's comparison ("3.2 points more than in 2022"); else its "last year" or "this year"."""
        years = []
        for match in YEAR.finditer(text):
            clause = text[: match.start()].rsplit(",", 1)[-1]
            if re.search(r"\d", clause) or re.search(r"\b(?:by|until|till|before|through|since)\s+(?:the end of\s+)?"
                                                     r"(?:\w+\s+)?$", clause):
                continue  # a comparison base, a target's deadline, a start
            if re.search(r"\b(?:founded|established|began|begun|started|opened|set up|created|born|built)\b[^.;]{0,60}$",
                         text[: match.start()]) or TARGET_WORDS.search(clause) or re.search(r"\b(?:scheduled|will|would|could)\b", clause):
                continue  # when a company began, or the year of a plan: not the year the next sentences speak of
            years.append(int(match.group(1)))
        if years:
            return years[-1]
        relative = re.search(r"\b(last year|this year)\b", text, re.I)
        if relative and self.article_year is not None:
            return self.article_year - (1 if relative.group(1).lower() == "last year" else 0)
        return None

    def _period(self, text: str, figure: Figure, segment: str = "") -> tuple[int | None, int | None, str | None]:
        """The figure's year, the year it is compared with, and the month it is counted since.

        The figure's own words come first: a year or "last year" between it and the next figure or clause
        ("40 GWh last year and 100 GWh by 2027": 2023 and 2027), then the sentence's years, then the paragraph's.
        """
        period = compared = since = None
        self._carried = False
        own = re.match(r"\s+in\s+((?:19|20)\d\d)\b", text[figure.end:])
        stated = _own_year(segment[len(figure.stated):], self.article_year)
        span = re.search(r"\bfor (\w+) (?:consecutive|straight|successive) years\b", text)
        if span:
            years = NUMBER_WORDS.get(span.group(1).lower()) or (int(span.group(1)) if span.group(1).isdigit() else None)
            if years and years > 1 and (stated or self.article_year):
                since = f"{(stated or self.article_year) - years + 1}-01"  # "for four consecutive years": an interval
        for match in YEAR.finditer(text):
            year = int(match.group(1))
            lead = text[max(0, match.start() - 40): match.start()].lower()
            after = text[match.end(): match.end() + 12]
            if re.search(r"(?:compared (?:with|to)|than(?: in)?|over|from|against)\s+(?:the same period of\s+)?"
                         r"(?:[\d.,]+(?: \w+)?\s+)?(?:in\s+)?$", lead):
                compared = compared or year
                continue
            if re.search(r"\b(?:founded|established|set up|created|born|built)\b[^,.;]{0,30}$", lead) \
                    or _aside(text, match.start(), figure):
                continue  # "founded in Wuxi in 2009": when the company began, not the figure's year
            month = re.search(r"since\s+(?:(\w+)\s+)?$", lead)
            if month:
                name = (month.group(1) or "").lower()
                since = f"{year}-{MONTH_NAMES.index(name) + 1:02d}" if name in MONTH_NAMES else f"{year}-01"
                continue
            if re.match(r"\s+[A-Z]", after) or re.search(r"['’]s\s+$", lead):
                continue  # a year in a name: "2023 World Battery Conference", "X's 2023 work report"
            if match.start() > figure.end and "," in text[figure.end:match.start()] \
                    and re.search(r"\bby\s+(?:the end of\s+)?(?:\w+\s+)?$", lead):
                continue  # "16 GWh ... before doubling to 32 GWh by 2024": another figure's deadline
            if match.start() < figure.start or period is None:
                if period is None or match.start() < figure.start:
                    period = year
        if own:  # "111.7 billion yuan in 2022"
            period = int(own.group(1))
        if stated is not None:
            return stated, compared, since
        relative = re.search(r"\b(last year|this year|so far|up to now|to date|at present|next year)\b", text, re.I)
        if relative is None:  # "now", "currently": only of the figure's own clause
            own_clause = text[: figure.start].rsplit(",", 1)[-1] + text[figure.start:].split(",", 1)[0]
            relative = re.search(r"\b(now|currently)\b", own_clause, re.I)
        if period is None and relative and self.article_year is not None:
            word = relative.group(1).lower()
            period = self.article_year + {"last year": -1, "next year": 1}.get(word, 0)
        if period is None:  # "in the first half", "Q3", "in December", "FY23": of the article's date
            period = named_period(segment, self.article_year, self.month, text) \
                or named_period(text, self.article_year, self.month)
        if period is None and re.search(r"\b(?:the same period|the same year|that year|the period)\b", text) and self.found:
            period = self.found[-1].period  # "during the same period": the one the text spoke of last
        if period is None:
            period = self._carry(text, figure, segment, since)
        return period, compared, since

    def _carry(self, text: str, figure: Figure, segment: str, since: str | None) -> int | None:
        """The year of a figure whose sentence names none: the paragraph's (or the one before's), else the article's."""
        carried = self._paragraph_year or self._before_year
        if carried and self.article_year and carried < self.article_year and PRESENT.search(
                text[: figure.start].rsplit(",", 1)[-1] + segment) and not PAST.search(text):
            carried = None  # "In 2021 they formed a venture. Acme holds 51% of it": a fact of the time of writing
        self._carried = bool(carried and not since)
        return carried if self._carried else self.article_year




# A sentence in the present or the future speaks of the time of writing, not of a past year named before it.
PRESENT = re.compile(r"\b(?:is|are|has|have|holds|owns|will|can|could|would|expects?|estimated|expected|plans?|"
                     r"employs|produces|makes|operates|supplies|covers|runs|generates|houses|serves|remains|controls|"
                     r"exports|sells|ships|hosts|contains|comprises|uses|needs|requires|costs|accounts for)\b")
PAST = re.compile(r"\b(?:was|were|had|did|rose|fell|grew|reached|posted|reported|produced|sold|made|added|"
                  r"invested|signed|built|acquired|increased|decreased)\b")
PAST_MARKS = re.compile(r"\b(?:last year|a year (?:earlier|ago)|so far|to date)\b")


def _aside(text: str, at: int, figure: Figure) -> bool:
    """Whether the year at ``at`` is in a relative clause the figure is not in: "The plant, which opened in 2019,
    produces 20 GWh a year" (the figure is of the time of writing)."""
    start = text.rfind(",", 0, at)
    end = text.find(",", at)
    end = len(text) if end < 0 else end
    return start >= 0 and not (start < figure.start < end) \
        and bool(re.match(r",\s*(?:which|that|who|when|after|having)\b", text[start:]))


def _segment(text: str, figs: list[Figure], number: int) -> str:
    """The figure's own words: from it to the next figure or the end of its clause (", ", "; ", " and ", " while ")."""
    figure = figs[number]
    end = figs[number + 1].start if number + 1 < len(figs) else len(text)
    rest = text[figure.start:end]
    cut = re.search(r"[,;]\s|\s(?:and|while|but|whereas)\s", rest[len(figure.stated):])
    return rest[: len(figure.stated) + cut.start()] if cut else rest


def _own_year(words: str, article_year: int | None) -> int | None:
    """A year the figure's own words give it: "in 2023", "by 2027", "by the end of 2025", "as of June 30, 2024",
    "last year", "this year"; "today", "currently" are the year of writing ("from 45% today to 52% by 2030")."""
    year = re.search(r"\b(?:in|by|for|during|until|through|of|since)\s+(?:the (?:end|first half|second half) of\s+)?"
                     r"(?:(?:" + "|".join(MONTH_NAMES) + r")\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d\d)\b", words, re.I)
    if year:
        return int(year.group(1))
    relative = re.search(r"\b(last year|this year|next year|today|currently|at present)\b", words, re.I)
    if relative and article_year is not None:
        return article_year + {"last year": -1, "next year": 1}.get(relative.group(1).lower(), 0)
    return None


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
        parts = [subject_of(p) for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if p.strip()]
        if len(parts) == last - first + 1 and len(parts) > 1:
            return {first + i: part for i, part in enumerate(parts)}
    return {}


BETWEEN_WHAT = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?(?P<what>[a-z][\w\- ]{2,40}?)(?=[,.;(]|$| in | at | to | for | by | and )")


def _between(text: str, figs: list[Figure], first: int) -> str | None:
    """ "between 8 percent and 13 percent of global supply", "investing between $4.4 billion to $4.9 billion": the
    name both ends of a range share (what they are of, or an investment), or None."""
    a, b = figs[first], figs[first + 1]
    if not (re.search(r"\bbetween\s+$", text[: a.start]) and re.fullmatch(r"\s+(?:and|to)\s+", text[a.end: b.start])):
        return None
    if re.search(r"\binvest(?:s|ed|ing|ment)?\b[^,;.]{0,30}$", text[: a.start]):
        return "investment"
    what = BETWEEN_WHAT.match(text[b.end:])
    if what is None:
        return None
    return f"share of {what.group('what')}" if b.unit == "kgo:Percent" else what.group("what")


def _from_to(text: str, figs: list[Figure]) -> dict[int, str]:
    """ "The output value has grown fivefold, from 20 billion yuan in 2020 to 111.7 billion yuan in 2022": both
    figures are the subject's, each in its own year; so are both ends of a range "between A and B"."""
    found = {}
    for first in range(len(figs) - 1):
        a, b = figs[first], figs[first + 1]
        shared = _between(text, figs, first) if a.unit == b.unit else None
        if shared:
            found[first] = found[first + 1] = shared
            continue
        if re.search(r"\bfrom\s+$", text[: a.start]) and re.fullmatch(r"(?:\s+(?:in\s+(?:19|20)\d\d|today|now|currently|"
                                                                          r"(?:this|last) year))?\s+to\s+", text[a.end: b.start]):
            head = re.search(r"(?P<subject>[\w'’\- ]+?)\s+(?:has |have |had |will |would |(?:is|are) (?:expected|set) to )?"
                             r"(?:also )?(?:" + GROWTH_VERBS[3:-1] + r"|increase|rise|grow|jump|climb|fall|drop|decline)\b",
                             text[: a.start])
            raised = RAISED.search(text[: a.start])  # "raise the share of renewables from 45% today to 52%"
            subject = subject_of(raised.group("what")) if raised else subject_of(head.group("subject")) if head else None
            if subject:
                found[first] = found[first + 1] = subject
    return found


# A verb that takes what changes as its object: "raise the plant's capacity from A to B" names "the plant's capacity".
RAISED = re.compile(r"\b(?:raise[sd]?|raising|increas(?:e[sd]?|ing)|boost(?:s|ed|ing)?|lift(?:s|ed|ing)?|expand(?:s|ed|ing)?|"
                    r"cut(?:s|ting)?|reduc(?:e[sd]?|ing)|double[sd]?|doubling)\s+(?P<what>[\w'’\- ]+?)\s+from\s+$")
