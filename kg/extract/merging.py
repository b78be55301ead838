"""One plant, one node: the plants and projects a draft names twice, joined after the rules have run.

An article names its plant many ways: "Acme's battery manufacturing base in the Riverton Free Zone", "the Acme plant in
Riverton", "the new factory". The rules make a node of each naming that carries a company and a place, so one plant
became two nodes and its figures were split between them. Two units (plants, projects) are one when they are of the
same owners, at the same site (or the site of one lies within the other's by its name: "Riverton" and "Riverton Free
Zone"), and at most one of them bears a name of its own ("Acme One"): two named plants of one company in one town
("Riverton 1", "Riverton Extension") stay apart, and so do two plants of which neither names a site.
"""

from __future__ import annotations

import re

from kg.extract.draft import Draft, DraftEntity

UNIT_CLASSES = {"kgo:Plant", "kgo:Project"}
OWNER_PROPS = {"kgo:plantOf", "kgo:projectOf"}
SITE_PROPS = {"kgo:plantIn", "kgo:projectIn"}


def merge_units(draft: Draft) -> Draft:
    """Join the units of ``draft`` that are one (see the module's text); the first named keeps its id, and the
    other's label becomes an alternative label. Facts and observations are rewritten to the kept id."""
    owners, sites = _links(draft, OWNER_PROPS), _links(draft, SITE_PROPS)
    labels = {e.id: e.label for e in draft.entities}
    units = [e for e in draft.entities if e.cls in UNIT_CLASSES and owners.get(e.id)]
    into: dict[str, str] = {}
    for i, later in enumerate(units):
        for first in units[:i]:
            if first.id in into or first.cls != later.cls or owners[first.id] != owners[later.id]:
                continue
            if _same_site(sites.get(first.id, set()), sites.get(later.id, set()), labels) \
                    and not (_named(first, owners, sites, labels) and _named(later, owners, sites, labels)):
                into[later.id] = first.id
                break
    if not into:
        return draft
    kept = {e.id: e for e in draft.entities}
    for gone, stays in into.items():
        keeper = kept[stays]
        if _named(kept[gone], owners, sites, labels) and not _named(keeper, owners, sites, labels):
            keeper.label, kept[gone].label = kept[gone].label, keeper.label  # the name of its own is the label
        keeper.alt_labels = sorted({*keeper.alt_labels, kept[gone].label, *kept[gone].alt_labels} - {keeper.label})
    draft.entities = [e for e in draft.entities if e.id not in into]
    for fact in draft.facts:
        fact.triples = list(dict.fromkeys((into.get(s, s), p, into.get(o, o)) for s, p, o in fact.triples))
    _one_site(draft, set(into.values()), labels)
    _rewrite_observations(draft, into)
    return draft


def _one_site(draft: Draft, joined: set[str], labels: dict[str, str]) -> None:
    """A joined unit keeps one site, the narrowest named ("Riverton Free Zone" rather than "Riverton")."""
    sites = _links(draft, SITE_PROPS)
    for unit in joined:
        if len(sites.get(unit, ())) < 2:
            continue
        keep = max(sorted(sites[unit]), key=lambda s: len(_words(labels.get(s, s))))
        for fact in draft.facts:
            fact.triples = [t for t in fact.triples if not (t[0] == unit and t[1] in SITE_PROPS and t[2] != keep)]
    draft.facts = [fact for fact in draft.facts if fact.triples]


def _rewrite_observations(draft: Draft, into: dict[str, str]) -> None:
    """Point observations at the kept unit; drop one that now repeats another, and give an id to each that shares
    its indicator, area and year with one before it (the build needs them told apart)."""
    seen: set[tuple[str, str, int]] = set()
    same: set[tuple[str, str, int, str, str]] = set()
    kept = []
    for n, obs in enumerate(draft.observations):
        obs.area = into.get(obs.area, obs.area)
        whole = (obs.indicator, obs.area, obs.period, obs.stated_as, obs.quote)
        if whole in same:
            continue
        same.add(whole)
        key = (obs.indicator, obs.area, obs.period)
        if key in seen and obs.id is None:
            obs.id = f"{obs.indicator}-{obs.area}-{obs.period}-{n}"
        seen.add(key)
        kept.append(obs)
    draft.observations = kept


def _links(draft: Draft, props: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for fact in draft.facts:
        for s, p, o in fact.triples:
            if p in props:
                found.setdefault(s, set()).add(o)
    return found


def _words(label: str) -> set[str]:
    return set(re.findall(r"[\w’'\-]+", label.casefold()))


def _same_site(a: set[str], b: set[str], labels: dict[str, str]) -> bool:
    """Both name a site, and one of them lies in the other by its name (or it is the same)."""
    if not a or not b:
        return False
    return bool(a & b) or any(_words(labels.get(x, x)) <= _words(labels.get(y, y))
                              or _words(labels.get(y, y)) <= _words(labels.get(x, x)) for x in a for y in b)


def _named(entity: DraftEntity, owners: dict[str, set[str]], sites: dict[str, set[str]], labels: dict[str, str]) -> bool:
    """Whether a unit bears a name of its own: a capitalised word (or a number) in its label that is not its
    owner's or its site's name ("Acme One", "Riverton 2"), beyond the words of what it is ("battery plant")."""
    own = set()
    for other in owners.get(entity.id, set()) | sites.get(entity.id, set()):
        own |= _words(labels.get(other, other))
    words = re.findall(r"[\w’'\-]+", entity.label)
    return any((w[0].isupper() or w[0].isdigit()) and w.casefold() not in own and w.casefold() not in ("in", "at")
               for w in words[1:] if w.casefold().rstrip("’'s") not in own)
