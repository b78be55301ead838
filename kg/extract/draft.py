"""What an extractor returns: a draft of a facts file, each item with its confidence.

A draft has exactly the shape of a facts file (see data/facts/): the writer
turns it into YAML that ``kg build`` reads as it stands. Quotes are verbatim
slices of the document's text, so every one is found in the source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Document:
    """A document's main text, as it will be stored in data/sources/ and quoted.

    ``name`` is the file name the text is stored under (``.txt``); ``title``
    and ``date`` come from the document where it has them (HTML metadata, a
    Markdown heading), else None. ``year`` is the year of publication where
    only it (or its month) is known ("March 2018" beside the article): it
    anchors "this year" and figures of no year as a full date would.
    """

    name: str
    text: str
    title: str | None = None
    date: datetime.date | None = None
    path: Path | None = None
    year: int | None = None


@dataclass
class DraftEntity:
    id: str
    cls: str
    label: str
    quote: str
    confidence: float
    alt_labels: list[str] = field(default_factory=list)
    rule: str = ""  # which rule made it (kg extract --explain); not written to the facts file


@dataclass
class DraftFact:
    """Triples ``[subject, property, object]`` with the sentence that is their evidence.

    ``kind`` names the pattern family that found them (title, post, place,
    investment, subsidiary, statement, ...), for a reviewer and for ``kg eval``.
    """

    quote: str
    triples: list[tuple[str, str, str]]
    confidence: float
    kind: str


@dataclass
class DraftObservation:
    quote: str
    indicator: str
    area: str
    period: int
    unit: str
    stated_as: str
    confidence: float
    value: str | None = None
    compared_with: int | None = None
    since: str | None = None
    status: str | None = None
    id: str | None = None


@dataclass
class Draft:
    """A facts file in the making: the source block, entities, facts and observations."""

    source_id: str
    source_file: str
    title: str
    extractor: str
    version: str
    language: str = "en"
    date: datetime.date | None = None
    publisher: str | None = None
    source_quote: str | None = None
    source_confidence: float | None = None
    entities: list[DraftEntity] = field(default_factory=list)
    facts: list[DraftFact] = field(default_factory=list)
    observations: list[DraftObservation] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.facts or self.observations or self.entities)
