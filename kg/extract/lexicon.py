"""The entities an extractor already knows, gathered from the data.

Two kinds of knowledge, both in ``data/``, none in code:
- every entity the facts files declare (``data/facts/*.yaml``), by its label
  and alternative labels, so that a new article that names it links to the
  same node (an article that names a company by another of its names finds the
  company whose alt_labels list that name);
- a gazetteer (``data/lexicon/*.yaml``): countries, China's provinces, and
  the products of the battery chain, by name, for entities no facts file
  has declared yet; and common family names, by which a capitalised name is
  recognised as a person's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import SourceError, where

# Gazetteer sections and the class of their entries.
GAZETTEER_CLASSES = {
    "countries": "kgo:Country",
    "provinces": "kgo:Province",
    "components": "kgo:BatteryComponent",
    "products": "kgo:ChainProduct",
}
# Suffixes a name may carry in text that the place's label leaves out.
PLACE_SUFFIXES = {"kgo:Province": ("Province",), "kgo:City": ("City",)}
# Entities of these classes are named by common nouns ("raw materials",
# "deputy director"): matching them in another article would tie it to this
# article's concept, so only their capitalised (proper) names are matched.
COMMON_NOUN_CLASSES = {
    "kgo:ChainStage", "kgo:ApplicationScenario", "kgo:ResearchTopic", "org:Role", "org:Post",
    "kgo:Indicator", "kgo:Statement", "skos:ConceptScheme", "skos:Collection", "kgo:UrbanArea",
    "kgo:ExpertGroup", "kgo:Inspection", "kgo:IndustryChain", "kgo:IndustryCluster",
}


@dataclass
class KnownEntity:
    """An entity the extractor can link to: ``id`` is None for a gazetteer entry not yet declared."""

    label: str
    cls: str
    names: list[str]
    id: str | None = None
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    """Known entities by name. Build it with ``Lexicon.from_data("data")``."""

    entities: list[KnownEntity] = field(default_factory=list)
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # normalised name -> (id, label)
    ids: set[str] = field(default_factory=set)  # every id already declared, so new ones never collide
    surnames: set[str] = field(default_factory=set)  # family names that mark a capitalised name as a person's
    by_class_and_label: dict[tuple[str, str], KnownEntity] = field(default_factory=dict)  # for ids of the same thing

    @property
    def normal_names(self) -> set[str]:
        """Every known name, normalised (computed once)."""
        cached = self.__dict__.get("_normal_names")
        if cached is None:
            cached = self.__dict__["_normal_names"] = {normal_name(n) for e in self.entities for n in e.names}
        return cached

    @classmethod
    def from_data(cls, data_dir: Path | str, skip_sha256: str | None = None) -> "Lexicon":
        """Gather the entities of every facts file and the gazetteer under ``data_dir``.

        Facts files whose source has the digest ``skip_sha256`` are left out:
        re-extracting an article must not read its answers from its own facts.
        Raises SourceError for a facts file or gazetteer that does not load.
        """
        from kg.facts.folder import facts_files
        from kg.facts.loader import load_facts_file

        data_dir = Path(data_dir)
        lexicon = cls()
        facts_dir = data_dir / "facts"
        paths = facts_files(data_dir) if facts_dir.is_dir() and any(facts_dir.glob("*.y*ml")) else []
        for path in paths:
            facts = load_facts_file(path, data_dir / "sources")
            if skip_sha256 is not None and facts.source.sha256 == skip_sha256:
                continue
            for decl in facts.entities:
                lexicon.ids.add(decl.id)
                if decl.cls == "kgo:Indicator":
                    for name in [decl.label, *decl.alt_labels]:
                        lexicon.indicators.setdefault(normal_name(name), (decl.id, decl.label))
                    continue
                if any(e.id == decl.id for e in lexicon.entities):
                    continue
                names = [decl.label, *decl.alt_labels]
                known = KnownEntity(decl.label, decl.cls, [], decl.id, list(decl.alt_labels))
                for name in names:
                    lexicon.by_class_and_label.setdefault((decl.cls, normal_name(name)), known)
                if decl.cls in COMMON_NOUN_CLASSES:
                    names = [n for n in names if _is_proper(n) and len(n.split()) > 1]
                names = [n for n in names if _proper_enough(n)]
                lexicon.entities.append(KnownEntity(decl.label, decl.cls, names, decl.id, list(decl.alt_labels)))
        known_names = {normal_name(n) for e in lexicon.entities for n in e.names}
        for path in sorted((data_dir / "lexicon").glob("*.yaml")):
            entries, surnames = _load_gazetteer(path)
            lexicon.surnames |= surnames
            for entry in entries:
                if not known_names.intersection(normal_name(n) for n in entry.names):
                    lexicon.entities.append(entry)
        return lexicon


def _is_proper(name: str) -> bool:
    """A proper name: every word but the short connectors is capitalised ("Green Riverton Project")."""
    return all(w[:1].isupper() or w in ("of", "and", "for", "the", "in", "on") for w in name.split() if w[:1].isalpha())


def _proper_enough(name: str) -> bool:
    """A name worth matching: not a single common word such as 'Components'."""
    words = name.split()
    return len(words) > 1 or name.isupper() or (name[:1].isupper() and len(name) > 3)


def _load_gazetteer(path: Path) -> tuple[list[KnownEntity], set[str]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(f"{where(path)}: the gazetteer does not load: {exc}") from None
    entries, surnames = [], set()
    for section, items in sorted(document.items()):
        if section == "surnames" and isinstance(items, list):
            surnames |= {str(name) for name in items}
            continue
        if section not in GAZETTEER_CLASSES or not isinstance(items, list):
            raise SourceError(f"{where(path, None, section)}: unknown gazetteer section; known: "
                              f"{', '.join([*GAZETTEER_CLASSES, 'surnames'])}")
        cls = GAZETTEER_CLASSES[section]
        for item in items:
            label = str(item["label"])
            names = [label, *map(str, item.get("names", []))]
            names += [f"{n} {suffix}" for suffix in PLACE_SUFFIXES.get(cls, ()) for n in list(names)]
            entries.append(KnownEntity(label, cls, names))
    return entries, surnames


def normal_name(name: str) -> str:
    """The form names are compared in: lower case, plain apostrophes, no possessive, single spaces.

    A company's legal ending is left out, so that "Acme Co., Ltd." and "Acme Co Ltd" are one name.

    >>> normal_name("China’s  Sodium Battery Hub"), normal_name("Acme Power Co., Ltd.")
    ('china sodium battery hub', 'acme power')
    """
    name = name.replace("\u2019", "'").replace("\u2018", "'").lower()
    name = re.sub(r"'s\b", "", name)
    name = re.sub(r"\s+a\s*/\s*s\.?\s*$", "", name)  # "Acme A/S"
    name = re.sub(r"[^0-9a-z+&]+", " ", name)
    words = name.split()
    while len(words) > 1 and words[-1] in _LEGAL_ENDINGS:
        words.pop()
    return " ".join(words)


_LEGAL_ENDINGS = frozenset({"co", "ltd", "limited", "inc", "corp", "corporation", "plc", "llc", "gmbh", "ag", "sa", "nv",
                            "bv", "se", "spa", "pty", "incorporated", "asa", "oyj", "ab", "pte", "bhd"})
