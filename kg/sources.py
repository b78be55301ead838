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
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.errors import QuoteNotFound, SourceError, where
from kg.model import EntityDecl, Excerpt, Extraction, Fact, FactsFile, Link, LinksFile, Location, Observation, Reference, Source, Triple
from kg.runtime import cycle_collector_paused

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

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


# --- YAML with line numbers -------------------------------------------------

class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class _Sequence(list):
    """A YAML sequence that remembers its line."""

    line: int


_TEXT_TAG = "tag:yaml.org,2002:str"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 10x faster, same nodes
    """SafeLoader that records lines (1-based) and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Mapping:
        mapping = _Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self._construct(key_node)
            if key in mapping:
                raise SourceError(
                    f"{where(self.name, key_node.start_mark.line + 1, str(key))}: duplicate key"
                )
            mapping[key] = self._construct(value_node)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> _Sequence:
        sequence = _Sequence(map(self._construct, node.value))
        sequence.line = node.start_mark.line + 1
        return sequence

    def _construct(self, node: yaml.Node) -> Any:
        # Most nodes are text, which SafeLoader constructs as the node's value: taken as it stands, it skips
        # construct_object's bookkeeping, a third of reading a facts file.
        if node.tag == _TEXT_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        return self.construct_object(node, deep=True)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise SourceError(f"{path}: {what} not found")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(f"{where(path, line)}: not UTF-8 text (byte {exc.start})") from None


def _load_yaml(path: Path) -> Any:
    text = _read_text(path, "facts file")
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        with cycle_collector_paused():  # a parse makes many objects, no cycles
            return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"{where(path, line)}: malformed YAML: {exc.problem}") from None
    finally:
        loader.dispose()


# --- field checks -----------------------------------------------------------

class _Fields:
    """Typed access to one YAML mapping, with errors that name file, line and field."""

    def __init__(self, path: Path, mapping: Any, allowed: set[str], what: str, line: int):
        if not isinstance(mapping, _Mapping):
            raise SourceError(f"{where(path, line)}: {what} must be a mapping of keys to values")
        unknown = sorted(set(map(str, mapping)) - allowed)
        if unknown:
            key = unknown[0]
            raise SourceError(
                f"{where(path, mapping.key_lines.get(key, mapping.line), key)}: unknown key in {what}; "
                f"allowed keys are {', '.join(sorted(allowed))}"
            )
        self.path, self.mapping, self.what = path, mapping, what

    @property
    def location(self) -> Location:
        return Location(self.path, self.mapping.line, tuple(self.mapping.key_lines.items()))

    def where(self, key: str) -> str:
        return where(self.path, self.mapping.key_lines.get(key, self.mapping.line), key)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                raise SourceError(f"{where(self.path, self.mapping.line, key)}: {self.what} needs '{key}'")
            return None
        if isinstance(value, (dict, list)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            raise SourceError(f"{self.where(key)}: must be text, not {kind}")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, bool):
            raise SourceError(f"{self.where(key)}: must be text; quote it")
        return str(value).strip()

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not ID_PATTERN.match(value):
            raise SourceError(
                f"{self.where(key)}: '{value}' is not an id (lower-case letters, digits and single hyphens)"
            )
        return value

    def year(self, key: str, required: bool = True) -> int | None:
        value = self.text(key, required)
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}", value):
            raise SourceError(f"{self.where(key)}: '{value}' is not a year (four digits)")
        return int(value)

    def language(self, key: str) -> str:
        value = self.text(key)
        if not LANGUAGE_TAG.fullmatch(value):
            raise SourceError(f"{self.where(key)}: '{value}' is not a language tag (BCP 47, such as en or zh-Hans)")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise SourceError(f"{self.where(key)}: must be a list of texts")
        return [str(v).strip() for v in value]

    def items(self, key: str) -> list[Any]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SourceError(f"{self.where(key)}: must be a list")
        return value


# --- values as the source words them ----------------------------------------

QUALIFIERS = {
    "more than": "kgo:MoreThan",
    "over": "kgo:MoreThan",
    "exceeding": "kgo:MoreThan",
    "above": "kgo:MoreThan",
    "below": "kgo:LessThan",
    "less than": "kgo:LessThan",
    "fewer than": "kgo:LessThan",
    "nearly": "kgo:Nearly",
    "almost": "kgo:Nearly",
    "close to": "kgo:Nearly",
    "about": "kgo:About",
    "around": "kgo:About",
    "approximately": "kgo:About",
    "roughly": "kgo:About",
    "some": "kgo:About",
    "up to": "kgo:AtMost",
    "at most": "kgo:AtMost",
    "no more than": "kgo:AtMost",
    "not more than": "kgo:AtMost",
    "at least": "kgo:AtLeast",
    "no less than": "kgo:AtLeast",
    "not less than": "kgo:AtLeast",
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_QUALIFIER_WORDS = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:" + "|".join(NUMBER_WORDS) + r")\b"
CURRENCY_SIGNS = r"(?:RMB|CNY|US\$|\$|¥|USD)"
_VALUE = re.compile(
    r"^(?:(?P<qualifier>" + _QUALIFIER_WORDS + r")\s+)?"
    r"(?:" + CURRENCY_SIGNS + r"\s?)?"
    r"(?P<number>" + _NUMBER + r")"
    r"(?:\s*(?P<scale>" + "|".join(SCALES) + r")\b)?",
    re.IGNORECASE,
)


def parse_stated_value(stated: str) -> tuple[Decimal, str | None]:
    """Read a value as a source words it: the number (scaled) and its qualifier.

    >>> parse_stated_value("163.522 billion yuan")
    (Decimal('163522000000.000'), None)
    >>> parse_stated_value("more than 9,000")
    (Decimal('9000'), 'kgo:MoreThan')
    >>> parse_stated_value("ten")
    (Decimal('10'), None)
    >>> parse_stated_value("no more than RMB 12 billion")
    (Decimal('12000000000'), 'kgo:AtMost')

    Raises ValueError when ``stated`` does not begin with a number.
    """
    match = _VALUE.match(stated.strip())
    if not match:
        raise ValueError(f"'{stated}' does not begin with a number")
    word = match["number"].lower()
    number = Decimal(NUMBER_WORDS[word]) if word in NUMBER_WORDS else Decimal(word.replace(",", ""))
    if match["scale"]:
        number *= SCALES[match["scale"].lower()]
    qualifier = QUALIFIERS[match["qualifier"].lower()] if match["qualifier"] else None
    return number, qualifier


def _confidence(fields: _Fields) -> Decimal | None:
    value = _number(fields, "confidence")
    if value is not None and not 0 <= value <= 1:
        raise SourceError(f"{fields.where('confidence')}: {value} is not a confidence between 0 and 1")
    return value


def _number(fields: _Fields, key: str) -> Decimal | None:
    raw = fields.mapping.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise SourceError(f"{fields.where(key)}: '{raw}' is not a number")
    try:
        return Decimal(str(raw).replace(",", ""))
    except InvalidOperation:
        raise SourceError(f"{fields.where(key)}: '{raw}' is not a number") from None


# --- quotes -----------------------------------------------------------------

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ",
})


_SPACES = re.compile(r"\s+")  # re's \s is str.isspace, character for character


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold typographic quotes and runs of white space; map back to offsets.

    Each run of white space becomes one space, at the offset of the run's first character:

    >>> _normalise("a \\u201cb\\u201d\\n\\t c")
    ('a "b" c', [0, 1, 2, 3, 4, 5, 8])
    """
    folded = text.translate(_TYPOGRAPHIC)
    positions: list[int] = []
    kept = 0  # where the text not yet mapped begins
    for run in _SPACES.finditer(folded):
        positions.extend(range(kept, run.start() + 1))
        kept = run.end()
    positions.extend(range(kept, len(folded)))
    return _SPACES.sub(" ", folded), positions


def normalise_quote(text: str) -> str:
    """The form quotes are compared in: plain quotes, single spaces.

    >>> normalise_quote("China\u2019s  Power\\nBattery")
    "China's Power Battery"
    """
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


class SourceText:
    """A source's text, indexed once for locating many quotes."""

    def __init__(self, source_id: str, text: str):
        self.source_id = source_id
        self.text = text
        self._folded, self._positions = _normalise(text)
        self._located: dict[str, Excerpt] = {}  # a quote that names an entity is often the evidence of facts too

    def locate(self, quote: str) -> Excerpt:
        """Find ``quote`` in the text; return it as an Excerpt with offsets.

        Raises QuoteNotFound if it is absent or occurs more than once.
        """
        excerpt = self._located.get(quote)
        if excerpt is None:
            excerpt = self._located[quote] = self._locate(quote)
        return excerpt

    def _locate(self, quote: str) -> Excerpt:
        needle = normalise_quote(quote)
        if not needle:
            raise QuoteNotFound("the quote is empty")
        first = self._folded.find(needle)
        if first < 0:
            raise QuoteNotFound(f"quote not found in source '{self.source_id}': \"{_shorten(quote)}\"")
        if self._folded.find(needle, first + 1) >= 0:
            count = self._folded.count(needle)
            raise QuoteNotFound(
                f"quote occurs {count} times in source '{self.source_id}'; quote more words to make it unique: "
                f"\"{_shorten(quote)}\""
            )
        start = self._positions[first]
        end = self._positions[first + len(needle) - 1] + 1
        return Excerpt(self.source_id, start, end, self.text[start:end])

    def find_within(self, excerpt: Excerpt, words: str) -> str | None:
        """The source's exact text of ``words`` inside ``excerpt``, or None."""
        inner = SourceText(self.source_id, excerpt.text)
        needle = normalise_quote(words)
        index = inner._folded.find(needle)
        if index < 0 or not needle:
            return None
        start = inner._positions[index]
        end = inner._positions[index + len(needle) - 1] + 1
        return excerpt.text[start:end]


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- facts files ------------------------------------------------------------

def load_facts_file(path: Path, sources_dir: Path) -> FactsFile:
    """Read one facts file and the source document it names.

    Raises SourceError for malformed YAML, unknown keys, missing fields or a
    missing or non-UTF-8 source; the message names the file and line.
    """
    document = _load_yaml(path)
    top = _Fields(path, document, TOP_KEYS, "the facts file", 1)
    source = _load_source(path, top.mapping.get("source"), sources_dir)
    entities = [_load_entity(path, item) for item in top.items("entities")]
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
    file_name = fields.text("file")
    source_path = sources_dir / file_name
    if not source_path.is_file():
        raise SourceError(f"{fields.where('file')}: source document {source_path} not found")
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


# --- links files ------------------------------------------------------------

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
