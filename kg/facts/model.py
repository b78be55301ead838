"""Plain data read from the facts files, before it becomes RDF.

Every record keeps the file and line it came from, so that any later error
can point a person at the place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a record was written: a facts file and a line in it."""

    path: Path
    line: int
    # The line of each key of the record, so that an error about one field names that field's line.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    def of(self, key: str) -> Location:
        """Where the record's ``key`` is written; the record's own line if it has no such key.

        >>> str(Location(Path("a.yaml"), 3, (("quote", 5),)).of("quote"))
        'a.yaml:5'
        """
        return Location(self.path, dict(self.key_lines).get(key, self.line))


@dataclass(frozen=True)
class Excerpt:
    """A located quote: ``text`` is ``source.text[start:end]`` exactly."""

    source_id: str
    start: int
    end: int
    text: str


@dataclass
class Source:
    """A source document and its metadata."""

    id: str
    path: Path
    text: str
    sha256: str
    title: str
    language: str
    publisher: str | None
    reports: str | None
    quote: str | None
    location: Location
    confidence: Decimal | None = None


@dataclass
class EntityDecl:
    """An entity as one facts file declares it."""

    id: str
    cls: str
    label: str
    quote: str
    location: Location
    alt_labels: list[str] = field(default_factory=list)
    definition: str | None = None
    confidence: Decimal | None = None


@dataclass
class Triple:
    """One relation or attribute: object is an entity id or a literal's text."""

    subject: str
    prop: str
    obj: str
    location: Location


@dataclass
class Fact:
    """Triples that one quote is evidence for."""

    quote: str
    triples: list[Triple]
    location: Location
    kind: str | None = None
    confidence: Decimal | None = None


@dataclass
class Observation:
    """One statistic: an indicator's value for an area and year."""

    quote: str
    indicator: str
    area: str
    period: int
    unit: str
    stated_as: str
    value: Decimal
    qualifier: str | None
    location: Location
    id: str | None = None
    compared_with: int | None = None
    since: str | None = None
    status: str | None = None
    based_on: str | None = None
    confidence: Decimal | None = None


@dataclass(frozen=True)
class Extraction:
    """The draft mark of a facts file: which extractor, at which version, wrote it.

    A reviewer who removes the ``draft`` block makes the file curated.
    """

    extractor: str
    version: str
    location: Location


@dataclass
class FactsFile:
    """Everything one facts file says about its source."""

    path: Path
    source: Source
    entities: list[EntityDecl]
    facts: list[Fact]
    observations: list[Observation]
    draft: Extraction | None = None


@dataclass
class Reference:
    """A published work that a link to another knowledge base was taken from."""

    id: str
    citation: str
    location: Location


@dataclass
class Link:
    """An entity's match in Wikidata, with the reference that ties the two and its confidence."""

    entity: str
    wikidata: str
    match: str
    confidence: str
    reference: Reference
    location: Location


@dataclass
class LinksFile:
    """A links file: references, and the links taken from them."""

    path: Path
    references: list[Reference]
    links: list[Link]
