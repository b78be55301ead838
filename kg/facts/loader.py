"""Reading source documents and facts files, and locating quotes in the text.

A facts file is YAML that a person can review: one ``source`` block, the
``entities`` the source names, the ``facts`` (triples with the quote that is
their evidence) and the ``observations`` (statistics with the article's own
wording of each value). See data/facts/ for the layout.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

from kg.errors import SourceError, where
from kg.facts.bounds import Bounds
from kg.files import outside
from kg.facts.model import (
    EntityDecl,
    Extraction,
    Fact,
    FactsFile,
    Link,
    LinksFile,
    Location,
    Observation,
    Reference,
    Source,
    Triple,
)
from kg.facts.numbers import parse_stated_value
from kg.facts.yaml_reader import (
    _confidence,
    _Fields,
    _load_yaml,
    _Mapping,
    _number,
    _read_text,
)

SOURCE_KEYS = {"id", "file", "title", "publisher", "language", "reports", "quote", "confidence"}
ENTITY_KEYS = {"id", "class", "label", "alt_labels", "definition", "quote", "confidence"}
FACT_KEYS = {"quote", "triples", "kind", "confidence"}
OBSERVATION_KEYS = {
    "quote", "indicator", "area", "period", "unit", "stated_as", "value",
    "id", "compared_with", "since", "status", "based_on", "confidence",
}
TOP_KEYS = {"draft", "source", "entities", "facts", "observations"}
DRAFT_KEYS = {"extractor", "version"}
LINKS_TOP_KEYS = {"references", "links"}
REFERENCE_KEYS = {"id", "citation", "items"}
LINK_KEYS = {"entity", "wikidata", "match", "confidence", "reference"}
# How close a linked item is: the same thing (owl:sameAs) or a SKOS mapping.
LINK_MATCHES = (
    "owl:sameAs", "skos:exactMatch", "skos:closeMatch",
    "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch",
)
CONFIDENCES = ("high", "medium-high", "medium", "low")
WIKIDATA_ITEM = re.compile(r"^Q[1-9][0-9]*$")


def load_facts_file(path: Path, sources_dir: Path, bounds: Bounds = Bounds()) -> FactsFile:
    """Read one facts file and the source document it names.

    Raises SourceError for malformed YAML, unknown keys, missing fields or a
    missing or non-UTF-8 source, or a file larger than ``bounds`` allow; the
    message names the file and line.
    """
    try:
        bounds.check_size(path, path.stat().st_size)
    except OSError:
        pass  # a missing file: _load_yaml says so
    document = _load_yaml(path)
    top = _Fields(path, document, TOP_KEYS, "the facts file", 1)
    source = _load_source(path, top.mapping.get("source"), sources_dir)
    items = top.items("entities")
    bounds.check_entities(path, len(items))
    entities = [_load_entity(path, item) for item in items]
    facts = [_load_fact(path, item) for item in top.items("facts")]
    observations = [_load_observation(path, item) for item in top.items("observations")]
    return FactsFile(path, source, entities, facts, observations, _load_draft(path, top.mapping.get("draft")))


def _load_draft(path: Path, mapping: Any) -> Extraction | None:
    if mapping is None:
        return None
    fields = _Fields(path, mapping, DRAFT_KEYS, "draft", _line_of(mapping))
    return Extraction(fields.text("extractor"), fields.text("version"), fields.location)


def _line_of(item: Any, default: int = 1) -> int:
    return getattr(item, "line", default)


def _load_source(path: Path, mapping: Any, sources_dir: Path) -> Source:
    if mapping is None:
        raise SourceError(f"{where(path, 1, 'source')}: the facts file needs a 'source' block")
    fields = _Fields(path, mapping, SOURCE_KEYS, "source", _line_of(mapping))
    source_path = _source_path(fields, sources_dir)
    text = _read_text(source_path, "source document")
    return Source(
        id=fields.ident("id"),
        path=source_path,
        text=text,
        sha256=hashlib.sha256(source_path.read_bytes()).hexdigest(),
        title=fields.text("title"),
        language=fields.language("language"),
        publisher=fields.ident("publisher", required=False),
        reports=fields.ident("reports", required=False),
        quote=fields.text("quote", required=False),
        location=fields.location,
        confidence=_confidence(fields),
    )


def _source_path(fields: _Fields, sources_dir: Path) -> Path:
    """The source document a facts file names: a relative path to a regular file inside ``sources_dir`` (no
    ``..``, no absolute path, no symlink out of it, no device or FIFO), else a SourceError naming the line."""
    file_name = fields.text("file")
    name = Path(file_name)
    if name.is_absolute() or ".." in name.parts or "\0" in file_name:
        raise SourceError(f"{fields.where('file')}: {file_name!r}: a source must be named by its path inside "
                          f"{sources_dir} (no absolute path, no '..')")
    source_path = sources_dir / name
    refused = outside(source_path, sources_dir)
    if refused == "not found":
        raise SourceError(f"{fields.where('file')}: source document {source_path} not found")
    if refused is not None:
        raise SourceError(f"{fields.where('file')}: source document {source_path}: {refused}; sources must be "
                          f"files inside {sources_dir}")
    return source_path


def _load_entity(path: Path, mapping: Any) -> EntityDecl:
    fields = _Fields(path, mapping, ENTITY_KEYS, "entity", _line_of(mapping))
    return EntityDecl(
        id=fields.ident("id"),
        cls=fields.text("class"),
        label=fields.text("label"),
        quote=fields.text("quote"),
        location=fields.location,
        alt_labels=fields.texts("alt_labels"),
        definition=fields.text("definition", required=False),
        confidence=_confidence(fields),
    )


def _load_fact(path: Path, mapping: Any) -> Fact:
    fields = _Fields(path, mapping, FACT_KEYS, "fact", _line_of(mapping))
    triples = []
    for item in fields.items("triples"):
        line = _line_of(item, fields.mapping.key_lines.get("triples", fields.mapping.line))
        if not isinstance(item, list) or len(item) != 3 or any(isinstance(v, (dict, list)) for v in item):
            raise SourceError(f"{where(path, line, 'triples')}: a triple is [subject, property, object]")
        subject, prop, obj = (v.isoformat() if isinstance(v, datetime.date) else str(v).strip() for v in item)
        triples.append(Triple(subject, prop, obj, Location(path, line)))
    if not triples:
        raise SourceError(f"{where(path, fields.mapping.line, 'triples')}: a fact needs at least one triple")
    return Fact(quote=fields.text("quote"), triples=triples, location=fields.location,
                kind=fields.ident("kind", required=False), confidence=_confidence(fields))


def _load_observation(path: Path, mapping: Any) -> Observation:
    fields = _Fields(path, mapping, OBSERVATION_KEYS, "observation", _line_of(mapping))
    stated_as = fields.text("stated_as")
    try:
        parsed, qualifier = parse_stated_value(stated_as)
    except ValueError as exc:
        raise SourceError(f"{fields.where('stated_as')}: {exc}; a value must be a number") from None
    value = _number(fields, "value")
    if value is None:
        value = parsed
    elif abs(value) != abs(parsed):
        raise SourceError(
            f"{fields.where('value')}: {value} does not match the stated value '{stated_as}' ({parsed})"
        )
    since = fields.text("since", required=False)
    if since is not None and not re.fullmatch(r"\d{4}-\d{2}", since):
        raise SourceError(f"{fields.where('since')}: '{since}' is not a month (YYYY-MM)")
    status = fields.text("status", required=False)
    if status not in (None, "target"):
        raise SourceError(f"{fields.where('status')}: '{status}' is not a status; the only status is 'target'")
    return Observation(
        quote=fields.text("quote"),
        indicator=fields.ident("indicator"),
        area=fields.ident("area"),
        period=fields.year("period"),
        unit=fields.text("unit"),
        stated_as=stated_as,
        value=value,
        qualifier=qualifier,
        location=fields.location,
        id=fields.ident("id", required=False),
        compared_with=fields.year("compared_with", required=False),
        since=since,
        status=status,
        based_on=fields.ident("based_on", required=False),
        confidence=_confidence(fields),
    )


def load_links_file(path: Path) -> LinksFile:
    """Read a links file (``data/links/*.yaml``): references, and links that cite them.

    Checks each field's form (a Wikidata item id, a known match property and
    confidence, a declared reference) and that each link's item is in the
    reference list: the ``items`` its reference ties to a name. Whether each
    entity exists is checked when the links meet the facts. Raises
    SourceError naming file, line and field.
    """
    top = _Fields(path, _load_yaml(path), LINKS_TOP_KEYS, "the links file", 1)
    references: dict[str, Reference] = {}
    listed: dict[str, dict[str, str]] = {}  # reference id -> the Wikidata items it names
    for item in top.items("references"):
        fields = _Fields(path, item, REFERENCE_KEYS, "reference", _line_of(item))
        reference = Reference(fields.ident("id"), fields.text("citation"), fields.location)
        if reference.id in references:
            raise SourceError(f"{fields.where('id')}: reference '{reference.id}' is declared twice")
        references[reference.id] = reference
        listed[reference.id] = _reference_items(fields)
    links = [_load_link(path, item, references, listed) for item in top.items("links")]
    return LinksFile(path, list(references.values()), links)


def _reference_items(fields: _Fields) -> dict[str, str]:
    """A reference's ``items``: each Wikidata item id it names, with the name it gives."""
    items = fields.mapping.get("items")
    if items is None:
        return {}
    if not isinstance(items, _Mapping) or any(isinstance(v, (dict, list)) for v in items.values()):
        raise SourceError(f"{fields.where('items')}: must be a mapping of Wikidata item ids to names")
    for item in items:
        if not WIKIDATA_ITEM.match(str(item)):
            raise SourceError(f"{where(fields.path, items.key_lines[item], 'items')}: '{item}' is not a Wikidata "
                              f"item id (Q and digits)")
    return {str(item): str(name) for item, name in items.items()}


def _load_link(path: Path, mapping: Any, references: dict[str, Reference], listed: dict[str, dict[str, str]]) -> Link:
    fields = _Fields(path, mapping, LINK_KEYS, "link", _line_of(mapping))
    wikidata = fields.text("wikidata")
    if not WIKIDATA_ITEM.match(wikidata):
        raise SourceError(f"{fields.where('wikidata')}: '{wikidata}' is not a Wikidata item id (Q and digits)")
    for key, allowed in (("match", LINK_MATCHES), ("confidence", CONFIDENCES)):
        if fields.text(key) not in allowed:
            raise SourceError(f"{fields.where(key)}: '{fields.text(key)}' is not one of {', '.join(allowed)}")
    reference_id = fields.ident("reference")
    if reference_id not in references:
        raise SourceError(
            f"{fields.where('reference')}: unknown reference '{reference_id}'; declare it under 'references'"
        )
    if wikidata not in listed[reference_id]:
        elsewhere = sorted(r for r, items in listed.items() if wikidata in items)
        hint = (f"it is listed under reference '{elsewhere[0]}'" if elsewhere else
                "add it to a reference's items only with the public source that names it")
        raise SourceError(f"{fields.where('wikidata')}: {wikidata} is not in the reference list of "
                          f"'{reference_id}'; {hint}")
    return Link(
        entity=fields.ident("entity"),
        wikidata=wikidata,
        match=fields.text("match"),
        confidence=fields.text("confidence"),
        reference=references[reference_id],
        location=fields.location,
    )
