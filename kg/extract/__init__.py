"""Extraction: a document's text in, a draft facts file out; and kg eval, which scores drafts.

May import: kg.facts, the build's validation (kg.build.validate, not its internals) and the base modules; not
its siblings kg.viz, kg.export, kg.analyze.

The rest of kg uses only this interface:

- ``read_document(path)`` reads a .txt, .md or .html file into a Document
  (for a web page, its main text with the boilerplate removed);
- ``Lexicon.from_data(data_dir)`` gathers the entities the data already
  knows, so that a new article links to them instead of minting duplicates;
- ``extract(document, lexicon, extractor="rules")`` returns a Draft;
- ``draft_yaml(draft)`` writes it in the facts-file format ``kg build`` reads.

An extractor is any object with ``name``, ``version`` and
``extract(document, lexicon) -> Draft``; ``EXTRACTORS`` maps names to them.
The rule-based extractor is the one shipped; a second one (a language model
behind an OpenAI-compatible API, say) is registered beside it, and its drafts
pass through the same checks: every quote located in the source, every fact
checked against the ontology, by building the draft before it is written.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from kg.errors import ExtractError, KgError  # noqa: F401  (kg.extract.ExtractError, as before)
from kg.extract.draft import Document, Draft, DraftEntity, DraftFact, DraftObservation

if TYPE_CHECKING:
    from kg.extract.lexicon import Lexicon

__all__ = [
    "Document", "Draft", "DraftEntity", "DraftFact", "DraftObservation",
    "EXTRACTORS", "Extractor", "ExtractError", "Lexicon", "draft_yaml", "extract", "get_extractor", "read_document",
]


class Extractor(Protocol):
    """Text in, facts out: the seam every extractor implements."""

    name: str
    version: str

    def extract(self, document: Document, lexicon: "Lexicon") -> Draft: ...


# name -> "module:attribute"; imported on use so that `kg --help` stays instant.
EXTRACTORS = {"rules": "kg.extract.rules:RuleExtractor"}


def get_extractor(name: str = "rules") -> Extractor:
    """The extractor registered under ``name``.

    >>> get_extractor("rules").name
    'kg-rules'
    """
    if name not in EXTRACTORS:
        raise ExtractError(f"unknown extractor '{name}'; known: {', '.join(sorted(EXTRACTORS))}")
    module, _, attribute = EXTRACTORS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)()


def extract(document: Document, lexicon: "Lexicon", extractor: str = "rules") -> Draft:
    """Draft the facts of ``document``, linking to the entities ``lexicon`` knows."""
    return get_extractor(extractor).extract(document, lexicon)


def __getattr__(name: str):
    # Lazy re-exports: these modules import spaCy and YAML writers.
    if name == "Lexicon":
        from kg.extract.lexicon import Lexicon

        return Lexicon
    if name == "read_document":
        from kg.extract.document import read_document

        return read_document
    if name == "draft_yaml":
        from kg.extract.writer import draft_yaml

        return draft_yaml
    raise AttributeError(name)
