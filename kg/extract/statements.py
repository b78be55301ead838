"""Who said what: quotations and reported speech, their speakers, occasions and what they are about.

A quotation belongs to the person the sentence that holds it names ("“...,” said X"; X said: "..."), to the
speaker of the next sentence ('"..." X said.'), or goes on from the last speaker; "X said (that) the city
would ..." is reported speech. A statement is about the plant or project it speaks of ("this facility"
after a plant was named), else the first organisation, plant, agreement, policy or place its words name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import PLACE_CLASSES, slug
from kg.extract.patterns import PRONOUNS, QUOTATION, REPORTED, SAID
from kg.extract.text import Sentence

if TYPE_CHECKING:
    from kg.extract.relations import RelationFinder

Quotation = tuple[int, int, int, int]  # start, end, and the start and end of the words inside (document offsets)
# What a statement may be about, the things before the places: "Acme's new plant in Riverton" is about the plant.
ABOUT_CLASSES = ("kgo:Plant", "kgo:Project", "kgo:JointVenture", "kgo:Agreement", "kgo:Policy", "kgo:Programme",
                 "kgo:Company", "kgo:GovernmentAgency")
# Words in a quotation that refer back to the plant named last: "this facility", "the new plant".
_THE_PLANT = re.compile(r"\b(?:this|the|our|that|its|new) (?:new )?(?:facility|plant|factory|gigafactory|base|"
                        r"production base|project|refinery|mine|site)\b", re.I)


class Statements:
    """The statements family of a ``RelationFinder``: its state runs across sentences (the last speaker, the
    quotations no sentence has claimed yet)."""

    def __init__(self, finder: RelationFinder):
        self.finder = finder
        # Quotations of the whole text, found once: one may run across sentences ("“A. B,” said X").
        self.quotations: list[Quotation] = [(m.start(), m.end(), m.start("text"), m.end("text"))
                                            for m in QUOTATION.finditer(finder.text)]
        self.unattributed: list[Quotation] = []
        self.last_speaker: tuple[str, int] | None = None
        self.last_occasion: str | None = None

    def scan(self, sentence: Sentence) -> None:
        """The statements of a sentence, and those of earlier quotations it attributes."""
        here = [q for q in self.quotations if sentence.start <= q[0] < sentence.end]
        outside = blank_quotations(sentence.text, sentence.start, here)
        speech = SAID.search(outside)
        speaker = self._speaker(sentence, here)
        pending = [q for q in self.unattributed if q[0] < sentence.start]
        # A quotation a paragraph before goes on from its own speaker; only this paragraph's sentences claim one.
        older = [q for q in pending if self._sentence_at(q[0]).paragraph != sentence.paragraph]
        pending = [q for q in pending if q not in older]
        self._continued(older)
        if speaker is not None and (speech or here):
            self._attributed(sentence, speaker, pending + here, speech)
            self.unattributed = []
            self.last_speaker = (speaker, sentence.paragraph)
            return
        # Quotations no sentence claimed go on from the last speaker of this or the paragraph before.
        if pending and self.last_speaker and sentence.paragraph - self.last_speaker[1] <= 1:
            for quote in pending:
                self._statement(self.last_speaker[0], quote, None, quote[0], continued=True)
        self.unattributed = list(here)

    def _continued(self, quotes: list[Quotation]) -> None:
        """Quotations that go on from the last speaker, paragraph after paragraph: each within one paragraph of the
        speaker's last words."""
        for quote in quotes:
            paragraph = self._sentence_at(quote[0]).paragraph
            if self.last_speaker and paragraph - self.last_speaker[1] <= 1:
                self._statement(self.last_speaker[0], quote, None, quote[0], continued=True)
                self.last_speaker = (self.last_speaker[0], paragraph)

    def _attributed(self, sentence: Sentence, speaker: str, quotes: list[Quotation], speech: re.Match | None) -> None:
        text = sentence.text
        reported = REPORTED.search(text, speech.start()) if speech else None
        if reported and any(m.start == sentence.start + reported.start("text")
                            for m in self.finder.entities.in_sentence(sentence, {"kgo:Person"})):
            reported = None  # '"...," said Dana Hale, Acme's CEO': the speaker's name, not what was said
        if speech and quotes and all(len(self.finder.text[q[2]:q[3]].split()) < 6 for q in quotes) and reported:
            quotes = []  # 'said the province would support X in becoming "a lithium base"': the whole clause
        for quote in quotes:
            self._statement(speaker, quote, sentence, min(quote[0], sentence.start))
        if not quotes and reported:
            start, end = sentence.start + reported.start("text"), sentence.start + reported.end("text")
            self._statement(speaker, (start, end, start, end), sentence, sentence.start, reported=True)

    def _speaker(self, sentence: Sentence, here: list[Quotation]) -> str | None:
        people = [m for m in self.finder.entities.in_sentence(sentence, {"kgo:Person"})
                  if not any(q[0] <= m.start < q[1] for q in here)]
        if people:
            return people[0].entity
        outside = blank_quotations(sentence.text, sentence.start, here)
        if self.finder.last_person and (PRONOUNS.match(outside.strip())
                                        or re.search(r"\b(?:he|she) (?:said|says|added)\b", outside)):
            return self.finder.last_person
        return None

    def _statement(self, speaker: str, quote: Quotation, sentence: Sentence | None, start: int,
                   continued: bool = False, reported: bool = False) -> None:
        """Declare a statement of ``speaker`` whose words are the quotation, with the sentence(s) as evidence."""
        finder = self.finder
        said = finder.text[quote[2]:quote[3]].strip().rstrip(",")
        # the evidence runs to the end of the quotation: 'X said: "A. B."' quotes the sentence of B too
        evidence_end = max(sentence.end if sentence is not None else 0, self._sentence_at(quote[1] - 1).end)
        first = self._sentence_at(start)
        speaker_label = finder.entities.found[speaker].label
        topic = first_words(said)
        label, n = f"{speaker_label}: {topic}", 2
        while finder.entities.lookup(label) is not None:  # two statements that open alike stay two
            label, n = f"{speaker_label}: {topic} ({n})", n + 1
        statement = finder.entities.declare(label, "kgo:Statement", first, 0.6 if not reported else 0.5,
                                            key=f"{slug(speaker_label)}-on-{slug(topic, 30)}")
        triples = [(statement, "schema:text", said), (statement, "kgo:speaker", speaker)]
        events = finder.of(sentence, {"kgo:Conference", "kgo:PressConference"}) if sentence is not None else []
        if events:
            self.last_occasion = events[0].id
            triples.append((statement, "kgo:occasion", events[0].id))
        elif sentence is not None and PRONOUNS.match(sentence.text) and self.last_occasion:
            triples.append((statement, "kgo:occasion", self.last_occasion))
        about = self._about(quote, said, speaker)
        if about:
            triples.append((statement, "schema:about", about))
        finder.add(first, triples, "statement", 0.55 if continued or reported else 0.65, (start, evidence_end))
        finder.last_person = speaker

    def _about(self, quote: Quotation, said: str, speaker: str) -> str | None:
        """What a statement is about: the plant its words refer back to, else the first thing of ABOUT_CLASSES they
        name, else the first place finer than a country they name (not a part of a longer name)."""
        finder = self.finder
        if finder.last_plant and _THE_PLANT.search(said):
            return finder.last_plant[0]
        mentions = [m for m in finder.entities.mentions if quote[2] <= m.start < quote[3] and m.entity != speaker
                    and not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                                for o in finder.entities.mentions)]
        classes = [finder.entities.found[m.entity].cls for m in mentions]
        # a country or region is the setting of most of what is said, rarely what it is about
        for wanted in (set(ABOUT_CLASSES), PLACE_CLASSES - {"kgo:Country", "kgo:Region", "kgo:Continent"}):
            found = next((m.entity for m, cls in zip(mentions, classes) if cls in wanted), None)
            if found:
                return found
        return None

    def _sentence_at(self, offset: int) -> Sentence:
        return next(s for s in reversed(self.finder.sentences) if s.start <= offset)


def blank_quotations(text: str, base: int, quotations: list[Quotation]) -> str:
    """The sentence with its quotations blanked out, so that words inside a quotation do not count as attribution."""
    chars = list(text)
    for start, end, _, _ in quotations:
        for i in range(max(start - base, 0), min(end - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def first_words(text: str, count: int = 8) -> str:
    """The first words of a text, for a label: "We will build..." (punctuation dropped)."""
    words = re.sub(r"[^\w\s'\-]", "", text).split()
    return " ".join(words[:count]) + ("..." if len(words) > count else "")
